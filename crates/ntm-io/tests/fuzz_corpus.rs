#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Replays the fuzz corpora of `fuzz/corpus/<target>/` through the same code as the fuzz targets
//! (`fuzz/harness.rs`), so every input the fuzzer ever kept, and every crash it found, stays a test
//! that needs neither cargo-fuzz nor a nightly compiler. An input must not panic; a rejected one
//! must render, in Vietnamese and English, to errors naming the file. Hand-made seeds say what they
//! expect in their names: `ok-*` must be accepted and `err-*` rejected.

use std::path::{Path, PathBuf};

#[path = "../../../fuzz/harness.rs"]
mod harness;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus {} is empty", dir.display());
    files
}

fn replay(target: &str, run: fn(&str) -> bool) {
    let files = corpus(target);
    let (mut accepted, mut skipped) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        // As in the fuzz targets: readers take text, invalid UTF-8 never reaches them.
        let Ok(text) = std::str::from_utf8(&bytes) else {
            skipped += 1;
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy();
        let ok =
            std::panic::catch_unwind(|| run(text)).unwrap_or_else(|_| panic!("{target}: {} panicked", path.display()));
        if name.starts_with("ok-") {
            assert!(ok, "{target}: {name} should be accepted");
        } else if name.starts_with("err-") {
            assert!(!ok, "{target}: {name} should be rejected");
        }
        accepted += usize::from(ok);
    }
    assert!(accepted > 0, "{target}: no input of the corpus is accepted, so nothing downstream ran");
    eprintln!("{target}: {} inputs, {accepted} accepted, {skipped} not UTF-8", files.len());
}

#[test]
fn criteria_file_corpus() {
    replay("criteria_file", harness::criteria_file);
}

#[test]
fn units_csv_corpus() {
    replay("units_csv", harness::units_csv);
}

#[test]
fn values_csv_corpus() {
    replay("values_csv", harness::values_csv);
}

#[test]
fn agencies_csv_corpus() {
    replay("agencies_csv", harness::agencies_csv);
}

#[test]
fn targets_csv_corpus() {
    replay("targets_csv", harness::targets_csv);
}

#[test]
fn plans_csv_corpus() {
    replay("plans_csv", harness::plans_csv);
}

#[test]
fn recognitions_csv_corpus() {
    replay("recognitions_csv", harness::recognitions_csv);
}

#[test]
fn accounts_csv_corpus() {
    replay("accounts_csv", harness::accounts_csv);
}

#[test]
fn members_csv_corpus() {
    replay("members_csv", harness::members_csv);
}

#[test]
fn form_number_corpus() {
    replay("form_number", harness::form_number);
}

#[test]
fn period_or_date_corpus() {
    replay("period_or_date", harness::period_or_date);
}

#[test]
fn fixed_inputs_of_the_harness_read() {
    assert!(harness::tree().len() >= 8);
    assert!(!harness::values().is_empty());
    assert_eq!(harness::recognitions().len(), 4);
    assert!(harness::history().len() >= 16);
}

#[test]
fn form_text_corpus() {
    replay("form_text", harness::form_text);
}
