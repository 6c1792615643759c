//! Story tests of the store, run on SQLite always and on PostgreSQL when
//! `NTM_TEST_DATABASE_URL` names a server (required under CI: with `CI` set and no URL, fail).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod archive;
mod harness;
mod locks;
mod people;
mod reasons;
mod reporting;
mod roadmap;
mod stories;
mod upgrade;
