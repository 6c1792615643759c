//! In-process HTTP tests of the server on the Tam Đường demo: every route for every role, forms
//! and their bad input, concurrent edits, live re-evaluation, languages, page weight, and HTML
//! snapshots of the main pages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod audit;
mod board;
mod english;
mod entry;
mod first_hour;
mod hardening;
mod harness;
mod locks;
// Issue 11, operations: request ids and the log.
mod operations;
mod pages;
mod present;
mod reasons;
mod recognitions;
mod reporting;
mod roadmap;
mod roles;
mod security;
mod writes;
// Issue 10 point 5: the Excel template and its upload.
mod upload;

/// How many warnings the overview lists.
pub fn roadmap_cap() -> usize {
    10
}
