//! A plans CSV (the roadmap) against a fixed unit tree and the shipped set, then the early
//! warnings it gives with fixed values and decisions. Invalid UTF-8 is skipped: every reader
//! takes text (the CLI reads files as UTF-8 first).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        harness::plans_csv(text);
    }
});
