//! A text field as any form, file or command gives it: cleaned, bounded and made a search key.
//! Invalid UTF-8 is skipped: fields arrive as text.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        harness::form_text(text);
    }
});
