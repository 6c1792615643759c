//! The addresses a request carries (`?next=`, `Host`, `X-Forwarded-For`): see `web_harness.rs`.
//! Invalid UTF-8 is skipped: header values the server reads are text.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../web_harness.rs"]
mod web_harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        web_harness::addresses(text);
    }
});
