//! A Steering Committee members CSV against a fixed unit tree, agency list and accounts.
//! Invalid UTF-8 is skipped: every reader takes text (the CLI reads files as UTF-8 first).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        harness::members_csv(text);
    }
});
