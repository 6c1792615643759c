//! A period (`2024`, `2024Q3`) or a date (`2025-07-01`) as it arrives in a page address or an
//! argument. Invalid UTF-8 is skipped: addresses and arguments are text.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        harness::period_or_date(text);
    }
});
