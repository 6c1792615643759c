//! A portable archive (`ntm import --all`, any bytes) read through before an import writes
//! anything: see `archive_harness.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../archive_harness.rs"]
mod archive_harness;

fuzz_target!(|data: &[u8]| {
    archive_harness::archive(data);
});
