//! Replays the fuzz corpus of the addresses a request carries (`fuzz/corpus/addresses/`) through
//! the fuzz target's own code (`fuzz/web_harness.rs`), so every input the fuzzer kept stays a test
//! without cargo-fuzz. No input may break a promise; `ok-*` seeds are kept as given, `next-*` ones
//! (addresses off the site) are not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[path = "../../../fuzz/web_harness.rs"]
mod web_harness;

#[test]
fn addresses_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/addresses");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 10, "the seeds are there");
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let kept = std::panic::catch_unwind(|| web_harness::addresses(text))
            .unwrap_or_else(|_| panic!("{} broke a promise", path.display()));
        if name.starts_with("ok-") {
            assert!(kept, "{name} should be kept");
        } else if name.starts_with("next-") {
            assert!(!kept, "{name} leaves the site and must not be kept");
        }
    }
}
