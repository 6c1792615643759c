//! A filled Excel template (any bytes, as an upload) against the shipped set xa-ntm-2021-2025
//! and the demo's units: see `xlsx_harness.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../xlsx_harness.rs"]
mod xlsx_harness;

fuzz_target!(|data: &[u8]| {
    xlsx_harness::xlsx_template(data);
});
