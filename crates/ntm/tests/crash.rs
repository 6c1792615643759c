//! Crash safety (issue 11): the real binary is killed (SIGKILL) at random moments of a values
//! import, again and again; afterwards every acknowledged import is whole, nothing is half there,
//! and the change log matches the data. `NTM_CRASH_RUNS` sets how many kills (a handful here;
//! `scripts/crash-campaign.sh` runs hundreds); with `NTM_TEST_DATABASE_URL` the same runs on
//! PostgreSQL too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ntm(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ntm")).args(args).current_dir(root()).output().expect("run ntm")
}

/// A pseudo-random number from a seed (no dependency for a test's dice).
fn dice(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// What the database holds of the import: the values of the set, and the import events logged.
fn state(url: &str) -> (usize, usize, i64) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = ntm_store::Db::connect(url).await.unwrap();
        let values = db.values("xa-ntm-2021-2025").await.unwrap().len();
        let q = ntm_store::AuditQuery { limit: 1000, ..Default::default() };
        let imports: Vec<_> =
            db.audit_log(&q).await.unwrap().into_iter().filter(|a| a.event.action() == "values.import").collect();
        let changes = imports.iter().map(|a| a.changes).sum();
        db.close().await;
        (values, imports.len(), changes)
    })
}

/// Kills imports of the demo's values at random moments on `url` (made fresh by `fresh`), and
/// checks after each that the import is there whole or not at all, with its log entry or none.
fn campaign(label: &str, fresh: &dyn Fn() -> String, runs: usize) {
    let values = root().join("demo/tam-duong/values.csv");
    let values = values.to_str().unwrap();
    let units = root().join("demo/tam-duong/units.csv");
    let import = |url: &str| {
        Command::new(env!("CARGO_BIN_EXE_ntm"))
            .args(["values", "import", values, "--set", "xa-ntm-2021-2025", "--database", url])
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ntm")
    };
    let prepare = || {
        let url = fresh();
        let o = ntm(&["units", "import", units.to_str().unwrap(), "--database", &url]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        url
    };
    // A whole import, timed: the kills fall within it.
    let url = prepare();
    let started = Instant::now();
    assert!(import(&url).wait().unwrap().success());
    let whole = started.elapsed();
    let (all, logged, changes) = state(&url);
    assert!(all > 1000 && logged == 1 && changes > 0, "{label}: the whole import ({all} values)");
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(std::process::id());
    let (mut whole_after, mut none_after) = (0, 0);
    for run in 0..runs {
        let url = prepare();
        let mut child = import(&url);
        let wait = Duration::from_micros(dice(&mut seed) % (whole.as_micros() as u64 * 12 / 10 + 1));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();
        let (n, logged, changes) = state(&url);
        match (n, logged) {
            (0, 0) => none_after += 1,
            (n, 1) if n == all && changes > 0 => whole_after += 1,
            _ => panic!("{label} run {run}: {n} of {all} values with {logged} log entries after a kill at {wait:?}"),
        }
        assert!(!finished || n == all, "{label} run {run}: acknowledged but not all there");
    }
    eprintln!("{label}: {runs} kills, {whole_after} left the import whole, {none_after} left nothing; none half");
}

fn runs() -> usize {
    std::env::var("NTM_CRASH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(6)
}

#[test]
fn an_import_killed_at_any_moment_is_whole_or_absent_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("ntm-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let counter = std::cell::Cell::new(0);
    let fresh = || {
        counter.set(counter.get() + 1);
        format!("sqlite://{}", dir.join(format!("c{}.db", counter.get())).display())
    };
    campaign("SQLite", &fresh, runs());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_import_killed_at_any_moment_is_whole_or_absent_on_postgres() {
    let Ok(admin) = std::env::var("NTM_TEST_DATABASE_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but NTM_TEST_DATABASE_URL is not");
        eprintln!("skipped: NTM_TEST_DATABASE_URL names no PostgreSQL server");
        return;
    };
    let psql = |sql: &str| Command::new("psql").args([admin.as_str(), "-q", "-c", sql]).output().expect("psql");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_string();
    let made = std::cell::RefCell::new(Vec::new());
    let fresh = || {
        let name = format!("ntm_crash_{}_{}", std::process::id(), made.borrow().len());
        let _ = psql(&format!("drop database if exists {name} with (force)"));
        let created = psql(&format!("create database {name}"));
        assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
        made.borrow_mut().push(name.clone());
        format!("{base}/{name}")
    };
    campaign("PostgreSQL", &fresh, runs());
    for name in made.borrow().iter() {
        let _ = psql(&format!("drop database if exists {name} with (force)"));
    }
}
