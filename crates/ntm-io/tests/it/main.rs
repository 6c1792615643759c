//! Integration tests of `ntm-io`: the shipped criteria sets against the reference, every bad
//! input with its message, and the GSO unit lists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bad_input;
mod criteria_sets;
mod english;
mod stream;
mod units;

use std::path::PathBuf;

/// `../shared` next to the repository, where the reference and GSO lists live.
pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}
