//! Replays the fuzz corpus of the portable archive's reader (`fuzz/corpus/archive/`) through the
//! fuzz target's own code (`fuzz/archive_harness.rs`), so every input the fuzzer kept stays a test
//! without cargo-fuzz. No input may panic; `ok-*` seeds must be accepted, `err-*` refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[path = "../../../fuzz/archive_harness.rs"]
mod archive_harness;

#[test]
fn archive_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/archive");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 4, "the seeds are there");
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let ok = std::panic::catch_unwind(|| archive_harness::archive(&bytes))
            .unwrap_or_else(|_| panic!("{} panicked", path.display()));
        if name.starts_with("ok-") {
            assert!(ok, "{name} should be accepted");
        } else if name.starts_with("err-") {
            assert!(!ok, "{name} should be refused");
        }
    }
}
