//! Crash safety (issue 11): the real binary is killed (SIGKILL) at random moments of a values
//! import (CSV and Excel), of form saves and a report's submission over HTTP and of the
//! migrations of a first open, again and again;
//! afterwards every acknowledged change is there, nothing is half there, and the change log
//! matches the data. `NTM_CRASH_RUNS` sets how many kills (a handful here;
//! `scripts/crash-campaign.sh` runs hundreds); with `NTM_TEST_DATABASE_URL` the same runs on
//! PostgreSQL too. Also here: a full disk and a read-only database give a clear error and
//! change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/http.rs"]
mod http;

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

/// A command of the real binary on a database, its output thrown away.
fn spawn_quiet(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ntm")
}

/// How long one whole run of `spawn` on `url` takes (it must succeed).
fn timed_whole(spawn: &dyn Fn(&str) -> std::process::Child, url: &str) -> Duration {
    let started = Instant::now();
    assert!(spawn(url).wait().unwrap().success(), "a whole run succeeds");
    started.elapsed()
}

/// `runs` times: a fresh database from `prepare`, `spawn` killed (SIGKILL) after a random delay
/// of up to 1.2 × `whole`, then `check(run, database, finished before the kill, delay)`.
fn kill_at_random(
    seed: u64,
    runs: usize,
    whole: Duration,
    prepare: &dyn Fn() -> String,
    spawn: &dyn Fn(&str) -> std::process::Child,
    check: &mut dyn FnMut(usize, &str, bool, Duration),
) {
    let mut seed = seed ^ u64::from(std::process::id());
    for run in 0..runs {
        let url = prepare();
        let mut child = spawn(&url);
        let wait = Duration::from_micros(dice(&mut seed) % (whole.as_micros() as u64 * 12 / 10 + 1));
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();
        check(run, &url, finished, wait);
    }
}

/// Kills imports of the demo's values at random moments on `url` (made fresh by `fresh`), and
/// checks after each that the import is there whole or not at all, with its log entry or none.
fn campaign(label: &str, fresh: &dyn Fn() -> String, runs: usize) {
    let values = root().join("demo/tam-duong/values.csv");
    let values = values.to_str().unwrap();
    let units = root().join("demo/tam-duong/units.csv");
    let import = |url: &str| spawn_quiet(&["values", "import", values, "--set", "xa-ntm-2021-2025", "--database", url]);
    let prepare = || {
        let url = fresh();
        let o = ntm(&["units", "import", units.to_str().unwrap(), "--database", &url]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        url
    };
    // A whole import, timed: the kills fall within it.
    let url = prepare();
    let whole = timed_whole(&import, &url);
    let (all, logged, changes) = state(&url);
    assert!(all > 1000 && logged == 1 && changes > 0, "{label}: the whole import ({all} values)");
    let (mut whole_after, mut none_after) = (0, 0);
    let mut check = |run: usize, url: &str, finished: bool, wait: Duration| {
        let (n, logged, changes) = state(url);
        match (n, logged) {
            (0, 0) => none_after += 1,
            (n, 1) if n == all && changes > 0 => whole_after += 1,
            _ => panic!("{label} run {run}: {n} of {all} values with {logged} log entries after a kill at {wait:?}"),
        }
        assert!(!finished || n == all, "{label} run {run}: acknowledged but not all there");
    };
    kill_at_random(0x9e37_79b9_7f4a_7c15, runs, whole, &prepare, &import, &mut check);
    eprintln!("{label}: {runs} kills, {whole_after} left the import whole, {none_after} left nothing; none half");
}

fn runs() -> usize {
    std::env::var("NTM_CRASH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(6)
}

/// Fresh SQLite databases in a directory of their own (removed when dropped).
struct SqliteDbs {
    dir: PathBuf,
    made: std::cell::Cell<usize>,
}

impl SqliteDbs {
    fn new(label: &str) -> SqliteDbs {
        let dir = std::env::temp_dir().join(format!("ntm-crash-{label}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        SqliteDbs { dir, made: std::cell::Cell::new(0) }
    }

    fn fresh(&self) -> String {
        self.made.set(self.made.get() + 1);
        format!("sqlite://{}", self.dir.join(format!("c{}.db", self.made.get())).display())
    }
}

impl Drop for SqliteDbs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Fresh PostgreSQL databases on the server of `NTM_TEST_DATABASE_URL` (dropped when dropped),
/// or `None` (skipped, refused under CI) when it names none.
struct PostgresDbs {
    admin: String,
    label: String,
    made: std::cell::RefCell<Vec<String>>,
}

impl PostgresDbs {
    fn new(label: &str) -> Option<PostgresDbs> {
        PostgresDbs::on_server_of("NTM_TEST_DATABASE_URL", label)
    }

    /// On the server that the variable `var` names.
    fn on_server_of(var: &str, label: &str) -> Option<PostgresDbs> {
        let Ok(admin) = std::env::var(var) else {
            assert!(std::env::var_os("CI").is_none(), "CI is set but {var} is not");
            eprintln!("skipped: {var} names no PostgreSQL server");
            return None;
        };
        Some(PostgresDbs { admin, label: label.into(), made: Default::default() })
    }

    fn psql(&self, sql: &str) -> std::process::Output {
        Command::new("psql").args([self.admin.as_str(), "-q", "-c", sql]).output().expect("psql")
    }

    fn fresh(&self) -> String {
        let name = format!("ntm_crash_{}_{}_{}", self.label, std::process::id(), self.made.borrow().len());
        let _ = self.psql(&format!("drop database if exists {name} with (force)"));
        let created = self.psql(&format!("create database {name}"));
        assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
        self.made.borrow_mut().push(name.clone());
        let base = self.admin.rsplit_once('/').map_or(self.admin.as_str(), |(b, _)| b);
        format!("{base}/{name}")
    }
}

impl Drop for PostgresDbs {
    fn drop(&mut self) {
        for name in self.made.borrow().iter() {
            let _ = self.psql(&format!("drop database if exists {name} with (force)"));
        }
    }
}

/// `ntm user add ARGS… --database URL`, the password typed on its standard input.
fn add_user(url: &str, args: &[&str]) {
    let mut add = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["user", "add"])
        .args(args)
        .args(["--database", url])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    writeln!(add.stdin.take().unwrap(), "{OFFICER_PASSWORD}").unwrap();
    assert!(add.wait().unwrap().success());
}

/// The officer of the form-save campaign.
const OFFICER: &str = "kiemtra";
const OFFICER_PASSWORD: &str = "một mật khẩu dài";
/// The form the officer saves: two values of one indicator, always together.
const FORM: &str = "/entry/03413/2024/4";

/// One change of a value's history: the new value, the action that wrote it, who.
type Change = (String, String, Option<String>);

/// The two values of the form now, and the history of the first, oldest first.
fn form_state(url: &str) -> ((Option<String>, Option<String>), Vec<Change>) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = ntm_store::Db::connect(url).await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let id = units.iter().find(|u| u.code == "03413").unwrap().id;
        let values = db.unit_values("xa-ntm-2021-2025", id, "2024").await.unwrap();
        let of = |e: &str| values.iter().find(|v| v.element == e).and_then(|v| v.value.as_ref()).map(|v| v.to_string());
        let history = db.value_history("xa-ntm-2021-2025", id, "4.2.ho_tong", "2024").await.unwrap();
        let history = history
            .into_iter()
            .rev()
            .filter_map(|h| h.new.map(|v| (v.to_string(), h.event.action().to_string(), h.username)))
            .collect();
        db.close().await;
        ((of("4.2.ho_dat"), of("4.2.ho_tong")), history)
    })
}

/// Serves `url` with the real binary, saves the form again and again over HTTP (each save the
/// pair `k`, `k + 100000`), and kills the server (SIGKILL) at a random moment; after each kill:
/// every save acknowledged (200) is in the history with its change-log entry and the officer's
/// name, nothing else is (only what was sent), the two values of the form are of one save
/// (nothing half there), and the value now is the last saved.
fn form_campaign(label: &str, url: &str, runs: usize) {
    let units = root().join("demo/tam-duong/units.csv");
    let o = ntm(&["units", "import", units.to_str().unwrap(), "--database", url]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    add_user(url, &[OFFICER, "--role", "office", "--name", "Kiểm tra"]);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64 ^ u64::from(std::process::id());
    let (mut sent, mut acked): (Vec<u64>, Vec<u64>) = (Vec::new(), Vec::new());
    let mut k = 0u64;
    for run in 0..runs {
        let addr = http::free_address();
        let mut server = spawn_quiet(&["serve", "--database", url, "--bind", &addr.to_string()]);
        assert!(rt.block_on(http::answers(addr, Duration::from_secs(120))), "{label}: the server answers");
        let wait = Duration::from_millis(dice(&mut seed) % 1500);
        let (new_sent, new_acked, k_after) = rt.block_on(async {
            // Signed in before the clock starts: the kills fall among the saves. (A kill in the
            // middle of a sign-in leaves its attempt counted as a failure, as it should: enough
            // of them would make the next sign-in wait, which is not what this campaign tries.)
            let mut c = http::Client::connect(addr, 7).await.unwrap();
            c.sign_in(OFFICER, Some(OFFICER_PASSWORD)).await.unwrap();
            let saving = tokio::spawn(async move {
                let (mut sent, mut acked, mut k) = (Vec::new(), Vec::new(), k);
                loop {
                    k += 1;
                    let (dat, tong) = (k.to_string(), (k + 100_000).to_string());
                    sent.push(k);
                    match http::save(&mut c, FORM, &[("4.2.ho_dat", &dat), ("4.2.ho_tong", &tong)]).await {
                        Ok(r) if r.status == 200 => acked.push(k),
                        Ok(r) => panic!("{FORM}: {} {}", r.status, &r.body[..r.body.len().min(300)]),
                        Err(_) => return (sent, acked, k), // the server is gone
                    }
                }
            });
            tokio::time::sleep(wait).await;
            let _ = server.kill(); // SIGKILL
            let _ = server.wait();
            saving.await.unwrap()
        });
        sent.extend(new_sent);
        acked.extend(new_acked);
        k = k_after;
        let ((dat, tong), history) = form_state(url);
        let saved: Vec<u64> = history.iter().map(|(v, _, _)| v.parse::<u64>().unwrap() - 100_000).collect();
        for a in &acked {
            assert!(saved.contains(a), "{label} run {run}: save {a} was acknowledged but is not in the history");
        }
        for s in &saved {
            assert!(sent.contains(s), "{label} run {run}: {s} in the history was never sent");
        }
        for (v, action, who) in &history {
            assert_eq!((action.as_str(), who.as_deref()), ("values.save", Some(OFFICER)), "{label}: {v} logged");
        }
        let last = saved.last().copied();
        assert_eq!(tong, last.map(|k| (k + 100_000).to_string()), "{label} run {run}: the value now is the last saved");
        assert_eq!(dat, last.map(|k| k.to_string()), "{label} run {run}: both values of one save, never half");
    }
    eprintln!(
        "{label}: {runs} kills during form saves, {} saves sent, {} acknowledged, all there; none half",
        sent.len(),
        acked.len()
    );
}

/// Kills the first open of fresh databases (which runs every migration) at random moments; the
/// next open finishes the migrations (or finds them done) and the database works: a unit list
/// imports and reads back.
fn migration_campaign(label: &str, fresh: &dyn Fn() -> String, runs: usize) {
    let units = root().join("demo/tam-duong/units.csv");
    let units = units.to_str().unwrap();
    let first_open = |url: &str| spawn_quiet(&["user", "list", "--database", url]);
    let whole = timed_whole(&first_open, &fresh());
    let (mut finished_first, mut killed) = (0, 0);
    let mut check = |run: usize, url: &str, finished: bool, wait: Duration| {
        if finished {
            finished_first += 1
        } else {
            killed += 1
        }
        let o = ntm(&["units", "import", units, "--database", url]);
        assert!(
            o.status.success(),
            "{label} run {run}: after a kill at {wait:?} the database does not open: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = ntm(&["user", "list", "--database", url]);
        assert!(o.status.success(), "{label} run {run}: {}", String::from_utf8_lossy(&o.stderr));
    };
    kill_at_random(0x5851_f42d_4c95_7f2d, runs, whole, fresh, &first_open, &mut check);
    eprintln!(
        "{label}: {runs} kills during the migrations of a first open ({killed} killed, {finished_first} finished first); every database opened after"
    );
}

/// A campaign's two tests: on SQLite, and on PostgreSQL when `NTM_TEST_DATABASE_URL` names a
/// server. `$run` takes the database's name and a maker of fresh databases.
macro_rules! on_both_databases {
    ($($sqlite:ident, $postgres:ident, $label:literal: $run:expr;)*) => {$(
        #[test]
        fn $sqlite() {
            let dbs = SqliteDbs::new($label);
            $run("SQLite", &|| dbs.fresh());
        }

        #[test]
        fn $postgres() {
            let Some(dbs) = PostgresDbs::new($label) else { return };
            $run("PostgreSQL", &|| dbs.fresh());
        }
    )*};
}

/// The values of the set as text, sorted: what a kill may leave must be one of two such lists.
fn value_list(url: &str) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = ntm_store::Db::connect(url).await.unwrap();
        let mut list: Vec<String> = db
            .values("xa-ntm-2021-2025")
            .await
            .unwrap()
            .into_iter()
            .map(|v| format!("{} {} {} {:?}", v.unit_id, v.element, v.period, v.value))
            .collect();
        db.close().await;
        list.sort();
        list
    })
}

/// Kills imports of a filled Excel template (issue 10 point 5) at random moments: an agency's
/// template of the demo's 2024 values across its communes, every decimal indicator changed to its
/// whole part. After each kill the values are those before the import or those after it, never a
/// mix, and the change log has its entry or none.
fn xlsx_campaign(label: &str, fresh: &dyn Fn() -> String, runs: usize) {
    let units = root().join("demo/tam-duong/units.csv");
    let values = root().join("demo/tam-duong/values.csv");
    let agencies = root().join("demo/tam-duong/agencies.csv");
    let dir = std::env::temp_dir().join(format!("ntm-crash-xlsx-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The same imports in the same order give the same revisions, so one filled file applies to
    // every fresh database without a conflict.
    let prepare = || {
        let url = fresh();
        for args in [
            vec!["units", "import", units.to_str().unwrap(), "--database", &url],
            vec!["values", "import", values.to_str().unwrap(), "--set", "xa-ntm-2021-2025", "--database", &url],
            vec!["agencies", "import", agencies.to_str().unwrap(), "--database", &url],
        ] {
            let o = ntm(&args);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        url
    };
    let url = prepare();
    let template = dir.join("ktht.xlsx");
    let o = ntm(&[
        "template",
        "--set",
        "xa-ntm-2021-2025",
        "--period",
        "2024",
        "--agency",
        "ktht",
        "--database",
        &url,
        "--out",
        template.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&template).unwrap();
    let catalog = ntm_io::Catalog::shipped().unwrap();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_file(&units).unwrap()]).unwrap().tree;
    let read = ntm_excel::read::read_template("t", &bytes, set, &tree).unwrap();
    let edits: Vec<(String, String, ntm_excel::fill::CellInput)> = read
        .rows
        .iter()
        .filter_map(|r| match r.row.value {
            ntm_domain::Value::Number(v) if v.to_f64().fract() != 0.0 => {
                let (sheet, at) = r.cell.split_once('!')?;
                Some((sheet.to_string(), at.to_string(), ntm_excel::fill::CellInput::Number(v.to_f64().floor())))
            }
            _ => None,
        })
        .collect();
    assert!(edits.len() >= 10, "{label}: enough values changed ({})", edits.len());
    let filled = dir.join("filled.xlsx");
    std::fs::write(&filled, ntm_excel::fill::fill_cells(&bytes, &edits).unwrap()).unwrap();
    let file = filled.to_str().unwrap().to_string();
    let import = |url: &str| spawn_quiet(&["values", "import", &file, "--set", "xa-ntm-2021-2025", "--database", url]);
    let before = value_list(&url);
    let (_, logged_before, _) = state(&url);
    let whole = timed_whole(&import, &url);
    let after = value_list(&url);
    assert_ne!(before, after, "{label}: the whole import changes values");
    let (mut whole_after, mut none_after) = (0, 0);
    let mut check = |run: usize, url: &str, finished: bool, wait: Duration| {
        let now = value_list(url);
        let (_, logged, _) = state(url);
        if now == before && logged == logged_before {
            none_after += 1;
        } else if now == after && logged == logged_before + 1 {
            whole_after += 1;
        } else {
            panic!(
                "{label} run {run}: the values are neither before nor after the import (log {logged}) after a kill at {wait:?}"
            );
        }
        assert!(!finished || now == after, "{label} run {run}: acknowledged but not all there");
    };
    kill_at_random(0x2545_f491_4f6c_dd1d, runs, whole, &prepare, &import, &mut check);
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{label}: {runs} kills of an Excel import, {whole_after} left it whole, {none_after} left nothing; none half"
    );
}

/// The commune officer of the report campaign.
const COMMUNE_OFFICER: &str = "xa-kiemtra";

/// What the database holds of Sơn Bình's report in round `round`: its state (`none` when there
/// is none), whether it has a values snapshot and a first submission time, its moves, and the
/// `report.submit` entries of the change log.
fn report_state(url: &str, round: i64) -> (String, bool, usize, usize) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = ntm_store::Db::connect(url).await.unwrap();
        let report = db.report(round, "unit", "03413").await.unwrap();
        let moves = match &report {
            Some(r) => db.report_moves(r.id).await.unwrap().len(),
            None => 0,
        };
        let q = ntm_store::AuditQuery { limit: 1000, ..Default::default() };
        let submits = db
            .audit_log(&q)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| matches!(&a.event, ntm_domain::audit::Event::ReportSubmitted { round: r, .. } if *r == round))
            .count();
        db.close().await;
        let state = report.as_ref().map_or("none".to_string(), |r| r.state.clone());
        let whole = report.as_ref().is_some_and(|r| r.first_submitted_at.is_some() && !r.snapshot.is_empty());
        (state, whole, moves, submits)
    })
}

/// Kills the server at random moments while a commune submits its report (issue 10): a round
/// opened for Sơn Bình, its officer signed in, the report's form read and posted with "submit".
/// After each kill the report is submitted whole — state, values snapshot, first submission time,
/// its move and its change-log entry — or not at all (no move, no entry); a submission
/// acknowledged is always there.
fn report_campaign(label: &str, url: &str, runs: usize) {
    let units = root().join("demo/tam-duong/units.csv");
    let values = root().join("demo/tam-duong/values.csv");
    for args in [
        vec!["units", "import", units.to_str().unwrap(), "--database", url],
        vec!["values", "import", values.to_str().unwrap(), "--set", "xa-ntm-2021-2025", "--database", url],
    ] {
        let o = ntm(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    add_user(url, &[COMMUNE_OFFICER, "--role", "commune", "--unit", "03413"]);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut seed = 0x6a09_e667_f3bc_c908_u64 ^ u64::from(std::process::id());
    let (mut whole, mut none, mut acked) = (0, 0, 0);
    for run in 0..runs {
        // A round of its own for each run, opened as the command line would (no server yet).
        let round = rt.block_on(async {
            let db = ntm_store::Db::connect(url).await.unwrap();
            let app = ntm_app::App::open(db, ntm_app::Config::default()).await.unwrap();
            let draft = ntm_app::reporting::RoundDraft {
                kind: "ad-hoc".into(),
                year: "2024".into(),
                subject: format!("Kiểm tra {run}"),
                unit: "106".into(),
                cut_off_from: "2024-01-01".into(),
                cut_off_to: "2024-03-31".into(),
                deadline: "2024-04-10".into(),
                basis: "Kiểm tra".into(),
                obliged: "03413".into(),
                ..Default::default()
            };
            let id = app.open_round(None, &draft).await.unwrap_or_else(|e| panic!("{label}: open a round: {e:?}"));
            app.db.close().await;
            id
        });
        let addr = http::free_address();
        let mut server = spawn_quiet(&["serve", "--database", url, "--bind", &addr.to_string()]);
        assert!(rt.block_on(http::answers(addr, Duration::from_secs(120))), "{label}: the server answers");
        let path = format!("/reporting/{round}/03413");
        let wait = Duration::from_millis(dice(&mut seed) % 150);
        let answered = rt.block_on(async {
            let mut c = http::Client::connect(addr, 9).await.unwrap();
            c.sign_in(COMMUNE_OFFICER, Some(OFFICER_PASSWORD)).await.unwrap();
            let form = c.get(&path).await.unwrap();
            assert_eq!(form.status, 200, "{label}: the report's form: {}", &form.body[..form.body.len().min(300)]);
            let csrf = http::input(&form.body, "csrf").unwrap_or_default();
            let path = path.clone();
            let submitting = tokio::spawn(async move {
                let fields = [("csrf", csrf.as_str()), ("results", "Đã hoàn thành (kiểm tra)"), ("then", "submit")];
                c.post(&path, &fields).await.ok().map(|r| r.status)
            });
            tokio::time::sleep(wait).await;
            let _ = server.kill(); // SIGKILL
            let _ = server.wait();
            submitting.await.unwrap()
        });
        let (state, complete, moves, submits) = report_state(url, round);
        match state.as_str() {
            "submitted" => {
                assert!(
                    complete && moves == 1 && submits == 1,
                    "{label} run {run}: submitted but half there ({complete}, {moves} moves, {submits} entries)"
                );
                whole += 1;
            }
            "none" | "draft" => {
                assert!(
                    moves == 0 && submits == 0,
                    "{label} run {run}: not submitted, yet {moves} moves and {submits} entries"
                );
                none += 1;
            }
            other => panic!("{label} run {run}: the report is {other}"),
        }
        if answered == Some(303) {
            acked += 1;
            assert_eq!(state, "submitted", "{label} run {run}: acknowledged but not submitted");
        }
    }
    eprintln!(
        "{label}: {runs} kills during a report's submission, {acked} acknowledged, {whole} submitted whole, {none} not at all; none half"
    );
}

on_both_databases! {
    a_report_submission_killed_at_any_moment_is_whole_or_absent_on_sqlite,
    a_report_submission_killed_at_any_moment_is_whole_or_absent_on_postgres,
    "report": |label, fresh: &dyn Fn() -> String| report_campaign(label, &fresh(), runs());
    an_excel_import_killed_at_any_moment_is_whole_or_absent_on_sqlite,
    an_excel_import_killed_at_any_moment_is_whole_or_absent_on_postgres,
    "xlsx": |label, fresh: &dyn Fn() -> String| xlsx_campaign(label, fresh, runs());
    an_import_killed_at_any_moment_is_whole_or_absent_on_sqlite,
    an_import_killed_at_any_moment_is_whole_or_absent_on_postgres,
    "import": |label, fresh: &dyn Fn() -> String| campaign(label, fresh, runs());
    form_saves_killed_at_any_moment_keep_every_acknowledged_save_on_sqlite,
    form_saves_killed_at_any_moment_keep_every_acknowledged_save_on_postgres,
    "form": |label, fresh: &dyn Fn() -> String| form_campaign(label, &fresh(), runs());
    a_first_open_killed_during_its_migrations_opens_whole_on_sqlite,
    a_first_open_killed_during_its_migrations_opens_whole_on_postgres,
    "migrate": |label, fresh: &dyn Fn() -> String| migration_campaign(label, fresh, runs());
}

/// The values of the set, the import entries of the change log, and what the database finds
/// wrong with itself.
fn checked_state(url: &str) -> (usize, usize, Vec<ntm_store::Problem>) {
    let (values, imports, _) = state(url);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let problems = rt.block_on(async {
        let db = ntm_store::Db::connect(url).await.unwrap();
        let problems = db.integrity_problems().await.unwrap();
        db.close().await;
        problems
    });
    (values, imports, problems)
}

fn import_values(url: &str) -> std::process::Output {
    let values = root().join("demo/tam-duong/values.csv");
    ntm(&["values", "import", values.to_str().unwrap(), "--set", "xa-ntm-2021-2025", "--database", url])
}

fn import_units(url: &str) {
    let units = root().join("demo/tam-duong/units.csv");
    let o = ntm(&["units", "import", units.to_str().unwrap(), "--database", url]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A disk that fills during an import (the file size limit of the process, `ulimit -f`, with
/// its signal ignored so that the write fails as on a full disk): the import stops with an
/// error that says so, nothing of it is stored, the database is whole, and once there is room
/// again the same import goes through.
#[cfg(unix)]
#[test]
fn a_full_disk_stops_an_import_with_a_clear_error_and_no_damage_on_sqlite() {
    let dbs = SqliteDbs::new("full");
    let url = dbs.fresh();
    import_units(&url);
    let values = root().join("demo/tam-duong/values.csv");
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 700; exec \"$0\" values import \"$1\" --set xa-ntm-2021-2025 --database \"$2\"")
        .args([env!("CARGO_BIN_EXE_ntm"), values.to_str().unwrap(), &url])
        .current_dir(root())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "the import cannot have gone through");
    assert!(said.starts_with("lỗi: ") && said.contains("disk I/O error"), "a clear error: {said}");
    assert!(!said.contains("panicked"), "{said}");
    assert_eq!(checked_state(&url), (0, 0, vec![]), "nothing stored, nothing logged, the database whole");
    let o = import_values(&url);
    assert!(o.status.success(), "with room again: {}", String::from_utf8_lossy(&o.stderr));
    let (values, imports, problems) = checked_state(&url);
    assert!(values > 1000 && imports == 1 && problems.is_empty());
    eprintln!("full disk: refused with \"{}\"; nothing stored; whole; imported after", said.trim());
}

/// The small file system of `scripts/small-disk-postgres.sh` (`.ci/run` starts it): a PostgreSQL
/// server whose tables and log live on it (`NTM_TEST_FULL_DISK_DATABASE_URL`), a directory on it
/// where a test fills it to the last byte (`NTM_TEST_FULL_DISK_DIR`), and the command that starts
/// the server again after it stopped itself (`NTM_TEST_FULL_DISK_RESTART`). One test at a time.
struct SmallDisk {
    pg: PostgresDbs,
    dir: PathBuf,
    restart: String,
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

static SMALL_DISK: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl SmallDisk {
    fn new(label: &str) -> Option<SmallDisk> {
        let guard = SMALL_DISK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let pg = PostgresDbs::on_server_of("NTM_TEST_FULL_DISK_DATABASE_URL", label)?;
        let dir = PathBuf::from(std::env::var("NTM_TEST_FULL_DISK_DIR").expect("NTM_TEST_FULL_DISK_DIR"));
        let restart = std::env::var("NTM_TEST_FULL_DISK_RESTART").expect("NTM_TEST_FULL_DISK_RESTART");
        let disk = SmallDisk { pg, dir, restart, _one_at_a_time: guard };
        disk.make_room();
        disk.wait_up();
        // A checkpoint now, while there is room (it removes the log files it no longer needs),
        // and none until the next test (the server starts none of its own: a day apart, 1 GB of
        // log): a checkpoint finishing after the disk is filled would free room under the test.
        let checkpoint = disk.pg.psql("checkpoint");
        assert!(checkpoint.status.success(), "{}", String::from_utf8_lossy(&checkpoint.stderr));
        Some(disk)
    }

    /// Fills the file system to its last byte: a file of 1 MiB blocks, then of 4 KiB ones, until
    /// a write fails. Returns how many bytes it took.
    fn fill(&self) -> u64 {
        use std::io::Write;
        let mut file = std::fs::File::create(self.dir.join("filler")).unwrap();
        let mut written = 0u64;
        for block in [vec![0x5au8; 1 << 20], vec![0x5au8; 4096]] {
            while file.write_all(&block).and_then(|()| file.flush()).is_ok() {
                written += block.len() as u64;
            }
        }
        let _ = file.sync_all();
        written
    }

    /// One value that `sql` selects on the server.
    fn query(&self, sql: &str) -> String {
        let o = Command::new("psql").args([self.pg.admin.as_str(), "-Atc", sql]).output().unwrap();
        assert!(o.status.success(), "{sql}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }

    /// On a full disk, brings PostgreSQL's log to within a few kilobytes of the end of its last
    /// file, so that the next change needs a new one (the server recycles none: `wal_recycle` is
    /// off, and a full disk takes no new file): the files made ahead are used up by switching to
    /// them, then the last one filled with a message (a log record of no table's).
    fn bring_log_to_its_last_bytes(&self) {
        const LAST_FILE: &str = "select pg_walfile_name(pg_current_wal_insert_lsn()) = \
             (select max(name) from pg_ls_waldir() where name ~ '^[0-9A-F]{24}$')";
        while self.query(LAST_FILE) != "t" {
            self.query("select pg_logical_emit_message(false, 'ntm', 'next'), pg_switch_wal()");
        }
        let left = || -> u64 {
            self.query("select (16777216 - ((pg_current_wal_insert_lsn() - '0/0'::pg_lsn) % 16777216))::bigint")
                .parse()
                .unwrap()
        };
        // A record of n bytes takes a little more (its header, and a page header each 8 KB):
        // never past the end, closer each time.
        loop {
            let room = left();
            if room < 2048 {
                break;
            }
            let n = room.saturating_sub(room / 300 + 1024);
            self.query(&format!("select pg_logical_emit_message(false, 'ntm', repeat('x', {n}))"));
        }
        assert_eq!(self.query(LAST_FILE), "t", "still in the last file of the log");
    }

    /// Keeps the file system full while `during` runs: whatever room is freed meanwhile (see the
    /// full-disk test) is taken back within a millisecond by a second filler file.
    fn held_full<T>(&self, during: impl FnOnce() -> T) -> T {
        use std::io::Write;
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let mut file = std::fs::File::create(self.dir.join("filler-held")).unwrap();
        let holder = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let block = [0x5au8; 4096];
                while !stop.load(Ordering::Relaxed) {
                    if file.write_all(&block).is_err() {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            })
        };
        let out = during();
        stop.store(true, Ordering::Relaxed);
        holder.join().unwrap();
        out
    }

    fn make_room(&self) {
        let _ = std::fs::remove_file(self.dir.join("filler"));
        let _ = std::fs::remove_file(self.dir.join("filler-held"));
    }

    fn answers(&self) -> bool {
        self.pg.psql("select 1").status.success()
    }

    /// Waits until the server answers, starting it again if it stopped; whether it had to.
    fn wait_up(&self) -> bool {
        if self.answers() {
            return false;
        }
        // It may be restarting on its own (after a crash of one of its processes): give it time.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            if self.answers() {
                return false;
            }
        }
        let started = Command::new("sh").args(["-c", &self.restart]).status().unwrap();
        assert!(started.success(), "the server starts again once there is room: {}", self.restart);
        assert!(self.answers(), "the server answers after its start");
        true
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        self.make_room();
    }
}

/// A full disk under PostgreSQL, where a table cannot grow: the import stops with an error that
/// says, in words, that the database's disk is full; nothing of it is stored; the database is
/// whole and the server goes on answering; once there is room the same import goes through.
#[test]
fn a_full_disk_stops_an_import_with_a_clear_error_and_no_damage_on_postgres() {
    let Some(disk) = SmallDisk::new("full") else { return };
    // Now and then the import went through on a file system `df` had just shown full (seen in
    // about one run of five here: room is freed under the test while the import runs, by what we
    // have not found — RELIABILITY.md says so). The disk is now held full during the import, and
    // a try that still goes through is done again on a fresh database, at most three times.
    let mut tries = 0;
    let (url, filled, o) = loop {
        tries += 1;
        let url = disk.pg.fresh();
        import_units(&url);
        // A fresh segment of the log (16 MB, the import writes about 3.4 MB of it), so that what
        // runs out of room is a table's file.
        let switched =
            disk.pg.psql("select pg_switch_wal(); create table ntm_room (x int); drop table ntm_room; checkpoint");
        assert!(switched.status.success(), "{}", String::from_utf8_lossy(&switched.stderr));
        let filled = disk.fill();
        let o = disk.held_full(|| import_values(&url));
        disk.make_room();
        if o.status.success() && tries < 3 {
            eprintln!("full disk (PostgreSQL): try {tries} found room freed under it; again");
            continue;
        }
        break (url, filled, o);
    };
    let said = String::from_utf8_lossy(&o.stderr);
    let words = ntm_text::T { lang: ntm_domain::Lang::Vi }.database_full();
    assert!(
        !o.status.success(),
        "the import cannot have gone through, {tries} times: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(said.starts_with(&format!("lỗi: {words}")), "a clear error, in words: {said}");
    assert!(said.contains("No space left on device") && !said.contains("panicked"), "{said}");
    assert!(disk.answers(), "the server goes on");
    assert_eq!(checked_state(&url), (0, 0, vec![]), "nothing stored, nothing logged, the database whole");
    let o = import_values(&url);
    assert!(o.status.success(), "with room again: {}", String::from_utf8_lossy(&o.stderr));
    let (values, imports, problems) = checked_state(&url);
    assert!(values > 1000 && imports == 1 && problems.is_empty());
    eprintln!(
        "full disk (PostgreSQL, {filled} bytes filled): refused with \"{}\"; nothing stored; whole; imported after",
        said.trim()
    );
}

/// A full disk under PostgreSQL, where its log cannot grow: PostgreSQL stops itself rather than
/// go on without its log (and cannot start again until there is room). The import is refused
/// with an error in words; once there is room and the server is started again, it recovers from
/// its log: every value acknowledged before is there, nothing of the refused import, the change
/// log matching; and the import then goes through.
#[test]
fn a_full_log_stops_postgres_and_it_recovers_every_acknowledged_change() {
    let Some(disk) = SmallDisk::new("log") else { return };
    let url = disk.pg.fresh();
    import_units(&url);
    // The years before 2024 acknowledged.
    let all = std::fs::read_to_string(root().join("demo/tam-duong/values.csv")).unwrap();
    let early: String = all
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || [",2021,", ",2022,", ",2023,"].iter().any(|y| l.contains(y)))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let early_file = std::env::temp_dir().join(format!("ntm-full-log-{}.csv", std::process::id()));
    std::fs::write(&early_file, early).unwrap();
    let o = ntm(&["values", "import", early_file.to_str().unwrap(), "--set", "xa-ntm-2021-2025", "--database", &url]);
    let _ = std::fs::remove_file(&early_file);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let acknowledged = value_list(&url);
    assert!(acknowledged.len() > 1000);
    // The next change needs a new 16 MB file of the log, and there is no room for it.
    disk.fill();
    disk.bring_log_to_its_last_bytes();
    let o = import_values(&url);
    // PostgreSQL stops when its log cannot be written: wait for it to (its writer flushes the
    // log within a fifth of a second), then make room and start it again.
    let deadline = Instant::now() + Duration::from_secs(10);
    while disk.answers() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let stopped = !disk.answers();
    disk.make_room();
    let said = String::from_utf8_lossy(&o.stderr);
    let t = ntm_text::T { lang: ntm_domain::Lang::Vi };
    assert!(!o.status.success(), "the import cannot have gone through");
    assert!(
        said.starts_with(&format!("lỗi: {}", t.database_full()))
            || said.starts_with(&format!("lỗi: {}", t.database_unreachable())),
        "a clear error, in words: {said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    assert!(stopped, "PostgreSQL stopped without room for its log");
    assert!(disk.wait_up(), "it had to be started again");
    assert_eq!(value_list(&url), acknowledged, "every acknowledged value there, nothing of the refused import");
    let (_, imports, problems) = checked_state(&url);
    assert_eq!((imports, problems), (1, vec![]), "the change log matches; the database whole");
    let o = import_values(&url);
    assert!(o.status.success(), "with room again: {}", String::from_utf8_lossy(&o.stderr));
    let (values, imports, _) = checked_state(&url);
    assert!(values > acknowledged.len() && imports == 2);
    eprintln!(
        "full log (PostgreSQL): refused with \"{}\"; the server stopped, started again, recovered whole",
        said.trim()
    );
}

/// SQLite on a file system that fills up for real (not a file-size limit): `SQLITE_FULL`, said in
/// words; nothing stored; whole; imported once there is room.
#[test]
fn a_full_file_system_stops_a_sqlite_import_with_a_clear_error_and_no_damage() {
    let Some(disk) = SmallDisk::new("sqlite") else { return };
    let file = disk.dir.join(format!("full-{}.db", std::process::id()));
    let url = format!("sqlite://{}", file.display());
    import_units(&url);
    disk.fill();
    let o = import_values(&url);
    disk.make_room();
    let said = String::from_utf8_lossy(&o.stderr);
    let words = ntm_text::T { lang: ntm_domain::Lang::Vi }.database_full();
    assert!(!o.status.success() && said.starts_with(&format!("lỗi: {words}")), "a clear error, in words: {said}");
    assert_eq!(checked_state(&url), (0, 0, vec![]), "nothing stored, nothing logged, the database whole");
    let o = import_values(&url);
    assert!(o.status.success(), "with room again: {}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(checked_state(&url).1, 1);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    eprintln!("full file system (SQLite): refused with \"{}\"; nothing stored; whole; imported after", said.trim());
}

/// A read-only database (SQLite opened `mode=ro`; PostgreSQL with
/// `default_transaction_read_only`): a write is refused with an error that says the database is
/// read-only, and nothing changes.
#[test]
fn a_read_only_database_refuses_a_write_with_a_clear_error_and_changes_nothing() {
    let dbs = SqliteDbs::new("readonly");
    let url = dbs.fresh();
    import_units(&url);
    let o = import_values(&format!("{url}?mode=ro"));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && said.contains("readonly database"), "SQLite: {said}");
    assert_eq!(checked_state(&url), (0, 0, vec![]), "SQLite: nothing changed");
    eprintln!("read-only SQLite: refused with \"{}\"", said.trim());
    let Some(pg) = PostgresDbs::new("readonly") else { return };
    let url = pg.fresh();
    import_units(&url);
    let name = url.rsplit('/').next().unwrap();
    let set = pg.psql(&format!("alter database {name} set default_transaction_read_only = on"));
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let o = import_values(&url);
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && said.contains("read-only transaction"), "PostgreSQL: {said}");
    assert!(!said.contains("panicked"), "{said}");
    let reset = pg.psql(&format!("alter database {name} set default_transaction_read_only = off"));
    assert!(reset.status.success());
    assert_eq!(checked_state(&url), (0, 0, vec![]), "PostgreSQL: nothing changed");
    eprintln!("read-only PostgreSQL: refused with \"{}\"", said.trim());
}
