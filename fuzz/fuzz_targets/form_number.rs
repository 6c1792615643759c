//! A number as typed in a web form, in Vietnamese and English: read, parsed, shown and read back.
//! Invalid UTF-8 is skipped: form fields arrive as text.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        harness::form_number(text);
    }
});
