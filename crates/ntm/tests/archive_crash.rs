//! Crash safety of `ntm import --all` (issue 11, backup and restore): the real binary is killed
//! (SIGKILL) at random moments of importing the demo's archive into an empty database, on SQLite
//! and on PostgreSQL; afterwards the database opens and is empty or whole (every table's rows
//! those of the archive), never half. `NTM_CRASH_RUNS` sets how many kills (a handful here).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ntm_store::Db;
use ntm_store::archive::Counts;

#[path = "support/filled.rs"]
mod filled;

use filled::{Postgres, Scratch, fill, rt};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn runs() -> usize {
    std::env::var("NTM_CRASH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(6)
}

/// A pseudo-random number from a seed (no dependency for a test's dice).
fn dice(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

fn counts(url: &str) -> Counts {
    rt().block_on(async {
        let db = Db::connect(url).await.unwrap();
        let c = db.row_counts().await.unwrap();
        assert!(db.integrity_problems().await.unwrap().is_empty(), "{url}: the integrity check");
        db.close().await;
        c
    })
}

fn import(zip: &Path, url: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["import", "--all", zip.to_str().unwrap(), "--database", url])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills imports of the demo's archive into fresh databases from `fresh` at random moments.
fn campaign(label: &str, dir: &Scratch, fresh: &dyn Fn() -> String) {
    let source = dir.sqlite("source.db");
    fill(&source);
    let zip = dir.path("demo.zip");
    let o = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["export", "--all", "--database", &source, "--out", zip.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let whole_counts = counts(&source);
    // A whole import, timed: the kills fall within it.
    let url = fresh();
    let started = Instant::now();
    assert!(import(&zip, &url).wait().unwrap().success(), "{label}: a whole import");
    let whole = started.elapsed();
    assert_eq!(counts(&url), whole_counts, "{label}: the whole import");
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(std::process::id());
    let (mut whole_after, mut empty_after) = (0, 0);
    let runs = runs();
    for run in 0..runs {
        let url = fresh();
        let mut child = import(&zip, &url);
        let wait = Duration::from_micros(dice(&mut seed) % (whole.as_micros() as u64 * 12 / 10 + 1));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();
        let after = counts(&url);
        if after == whole_counts {
            whole_after += 1;
        } else if after.tables.iter().all(|(t, n)| t == "meta" || *n == 0) {
            empty_after += 1;
            assert!(!finished, "{label} run {run}: acknowledged but empty");
        } else {
            panic!("{label} run {run}: half an import after a kill at {wait:?}: {after:?}");
        }
    }
    eprintln!("{label}: {runs} kills during import --all, {whole_after} left it whole, {empty_after} empty; none half");
}

#[test]
fn a_killed_import_all_leaves_a_sqlite_database_empty_or_whole() {
    let dir = Scratch::new("crash-sqlite");
    let made = std::cell::Cell::new(0);
    campaign("SQLite", &dir, &|| {
        made.set(made.get() + 1);
        dir.sqlite(&format!("t{}.db", made.get()))
    });
}

#[test]
fn a_killed_import_all_leaves_a_postgres_database_empty_or_whole() {
    let Some(pg) = Postgres::new("crash") else { return };
    let dir = Scratch::new("crash-pg");
    campaign("PostgreSQL", &dir, &|| pg.blank());
}
