//! The web server under load, with the national data of the engine benchmark (results in
//! BENCHMARKS.md, "The web server under load").
//!
//! `cargo bench -p ntm-bench --bench web`
//!
//! 1. In a child process (so that this process's memory is the server's own): a fresh SQLite file
//!    in the temporary directory gets the whole GSO list of January 2025 (`Db::import_units`), an
//!    illustrative national threshold layer for the indicators the shipped set leaves without a
//!    threshold (`Db::set_layer_threshold`), and the engine benchmark's synthetic values (every
//!    commune × 56 indicators × the 16 quarters 2022Q1–2025Q4) are written to a values CSV. None
//!    of this is measured.
//! 2. In a second child process, measured: the CSV goes into the store by the path of
//!    `ntm values import` (`ntm_app::entry::import::import_values_csv`: streamed, one audited
//!    change); its time and that process's peak memory.
//! 3. Measured: `App::open` on the stored values, then `ntm_web::serve_on` on 127.0.0.1:0, in a
//!    multi-thread tokio runtime of this process; one office account is added.
//! 4. `wrk` (a child process; Debian's `wrk`) with 50 connections, for the same duration on each
//!    endpoint, in one run: the static stylesheet, the overview, the matrix (first page), a unit
//!    page, and the overview again with `Accept-Encoding: gzip`. Requests per second and the
//!    latency percentiles are wrk's; the server's CPU time per request is read from /proc.
//! 5. Page weights: each page once without and once with `Accept-Encoding: gzip`.
//! 6. Save-to-visible: signed in as the office account over a plain HTTP/1.1 client on
//!    `std::net::TcpStream`, a yes/no value of one commune for 2024 is saved through the entry
//!    form, alternately breaking and restoring one criterion, and each save is followed at once by
//!    `GET /api/v1/overview?period=2024`, whose count for that criterion must show the change.
//! 7. Other writes to visible: a recognition, a target and an agency's criterion, each added
//!    through the app's use case and followed at once by the API call that shows it (the
//!    overview's targets; the criterion's agencies), which must show it; the whole state must not
//!    have been read again (`App::full_loads`).
//! 8. In-process costs (no HTTP) of the calls behind the pages, to tell where the time goes.
//! 9. This process's peak memory (`VmHWM`): loading and serving, never the generation.
//!
//! Run without `--bench` (e.g. `cargo test -p ntm-bench --benches`) it is a quick smoke run on
//! the first 300 communes with 1-second load runs; the targets are then not judged.
//! `NTM_BENCH_WEB_DB=path` keeps the database at `path` and reuses it when it exists (for
//! repeated profiling; the recorded run uses a fresh file; the import is then not measured).
//! `NTM_BENCH_WEB_SECS=n` sets the duration of each load run (default 10 s).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ntm_app::accounts::AccountSpec;
use ntm_app::recognitions::NewRecognition;
use ntm_app::{App, Config};
use ntm_bench::{
    FIRST_YEAR, LAST_YEAR, Res, SET_ID, SMOKE_COMMUNES, YEARS, cores, cpu_model, generate, gso_tree, load_average,
    memory, ms,
};
use ntm_domain::{
    CriterionRef, CriterionRule, Date, ElementIdx, IndicatorIdx, IndicatorKind, Lang, Period, RecognitionLevel, Rollup,
    Status, Target, TargetKind, TargetPart, UnitIdx,
};
use ntm_io::CriteriaFile;
use ntm_store::{Db, LayerEntryRecord, LayerRecord};

const YEAR: i32 = 2024;
const CLIENTS: usize = 50;
const WRK_THREADS: usize = 2;
const SAVES: usize = 40;
const SAVES_SMOKE: usize = 6;
const WARMUP_SAVES: usize = 4;
const USERNAME: &str = "vanphong-bench";
const PASSWORD: &str = "benchmark-2024";
const LAYER_ID: &str = "bench-minh-hoa";
const LAYER_SOURCE: &str = "Minh họa cho benchmark";
const DEMO_THRESHOLDS: &str = "demo/tam-duong/illustrative-thresholds.toml";

const WRITES: usize = 40;
const WRITES_SMOKE: usize = 6;
const WARMUP_WRITES: usize = 4;
/// Set in a child process of this benchmark: `build` or `import`.
const CHILD: &str = "NTM_BENCH_WEB_CHILD";

// Targets of the issues.
const TARGET_OVERVIEW_P99: Duration = Duration::from_millis(20);
const TARGET_STATIC_SHARE: f64 = 0.30;
const TARGET_SAVE_VISIBLE: Duration = Duration::from_millis(5);
const TARGET_OTHER_VISIBLE: Duration = Duration::from_millis(50);
const TARGET_OPEN: Duration = Duration::from_secs(5);
const TARGET_IMPORT: Duration = Duration::from_secs(15);
const TARGET_MEMORY_MIB: u64 = 1024;

fn main() -> Res<()> {
    let full = std::env::args().any(|a| a == "--bench");
    if let Ok(mode) = std::env::var(CHILD) {
        return child(&mode, full);
    }
    let load_start = load_average();
    let started = Instant::now();
    let Some(wrk_version) = wrk_version() else {
        let msg = "wrk is not installed (Debian: apt-get install wrk); the web benchmark needs it and stops here";
        println!("{msg}");
        return if full { Err(msg.into()) } else { Ok(()) };
    };
    let secs: u64 = match std::env::var("NTM_BENCH_WEB_SECS") {
        Ok(s) => s.parse()?,
        Err(_) if full => 10,
        Err(_) => 1,
    };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;

    // a. The database, built and filled by child processes.
    let (db_path, keep) = match std::env::var_os("NTM_BENCH_WEB_DB") {
        Some(p) => (PathBuf::from(p), true),
        None => (std::env::temp_dir().join(format!("ntm-bench-web-{}.db", std::process::id())), false),
    };
    let reuse = keep && db_path.exists();
    // A fresh database is removed when the run ends, also when it fails.
    let _cleanup = (!keep).then(|| TempDb(db_path.clone()));
    let csv = std::env::temp_dir().join(format!("ntm-bench-web-{}.csv", std::process::id()));
    let _csv_cleanup = TempFile(csv.clone());
    let url = format!("sqlite://{}", db_path.display());
    let built = if reuse {
        println!("reusing the database {} (NTM_BENCH_WEB_DB)", db_path.display());
        None
    } else {
        remove_db(&db_path);
        let build = run_child("build", full, &url, &csv)?;
        let import = run_child("import", full, &url, &csv)?;
        let _ = std::fs::remove_file(&csv);
        Some((build, import))
    };

    // b. The application: start-up on the stored values (measured).
    let memory_before_open = memory();
    let t = Instant::now();
    let db = rt.block_on(Db::connect(&url))?;
    let config = Config { fast_hashing: true, ..Config::default() };
    let app = rt.block_on(App::open(db, config))?;
    let open_time = t.elapsed();
    let (loaded_values, communes_n) = {
        let live = app.live();
        let set = live.set(SET_ID).ok_or("no set")?;
        let n = live.tree.iter().filter(|(_, u)| u.level == set.level).count();
        (live.values.get(SET_ID).map_or(0, |v| v.len()), n)
    };
    println!("App::open loaded {loaded_values} values in {:.2} s", open_time.as_secs_f64());
    let spec = AccountSpec {
        username: USERNAME,
        display_name: "Văn phòng điều phối (benchmark)",
        password: PASSWORD,
        role: "office",
        unit_code: None,
        agency_code: None,
        lang: Lang::Vi,
    };
    match rt.block_on(app.add_user(&spec, None)) {
        Ok(_) | Err(ntm_app::accounts::UserError::Taken) => {}
        Err(e) => return Err(e.to_string().into()),
    }

    // c. The server.
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    // wrk's 50 connections all come from 127.0.0.1: the cap on one address's connections (32,
    // against a client that would hold them all) would refuse some, so the load generator is
    // given room; everything else as served.
    let limits = ntm_web::Limits { per_address: 256, total: 512, ..ntm_web::Limits::default() };
    let server = rt.spawn(ntm_web::serve_within(app.clone(), listener, limits));
    let base = format!("http://{addr}");

    // The commune of the unit page: the middle one.
    let unit_code = {
        let live = app.live();
        let set = live.set(SET_ID).ok_or("no set")?;
        let list: Vec<UnitIdx> = live.units_for(set, Period::Year(YEAR));
        let u = list.get(list.len() / 2).ok_or("no commune")?;
        live.tree.unit(*u).code.clone()
    };
    let endpoints: Vec<(&str, String)> = vec![
        ("static /static/app.css", "/static/app.css".to_string()),
        ("overview /", format!("/?set={SET_ID}&period={YEAR}")),
        ("matrix /matrix", format!("/matrix?period={YEAR}")),
        ("unit /units/{code}", format!("/units/{unit_code}?period={YEAR}")),
    ];

    // d. First requests: the first overview computes the evaluation of the year.
    let mut http = Http::connect(addr)?;
    let mut first = Vec::new();
    for (name, path) in &endpoints {
        let t = Instant::now();
        let r = http.get(path, &[])?;
        first.push((*name, t.elapsed()));
        if r.status != 200 {
            return Err(format!("GET {path}: status {}", r.status).into());
        }
    }
    let mut weights = Vec::new();
    for (name, path) in endpoints
        .iter()
        .map(|(n, p)| (*n, p.clone()))
        .chain([("overview JSON /api/v1/overview", format!("/api/v1/overview?period={YEAR}"))])
    {
        let raw = http.get(&path, &[])?;
        let gz = http.get(&path, &[("Accept-Encoding", "gzip")])?;
        let encoding = gz.header("content-encoding").unwrap_or("identity").to_string();
        weights.push((name, raw.body.len(), gz.body.len(), encoding));
    }
    let (standard, spread, per_criterion) = {
        let live = app.live();
        let set = live.set(SET_ID).ok_or("no set")?;
        let eval = live.evaluation(SET_ID, Period::Year(YEAR)).ok_or("no evaluation")?;
        let n = eval.units().len();
        let r = Rollup::of_positions(eval, 0..n);
        let least = (0..n).map(|p| eval.criteria_met(p)).min().unwrap_or(0);
        let most = (0..n).map(|p| eval.criteria_met(p)).max().unwrap_or(0);
        let mean = r.criteria_met_sum as f64 / n.max(1) as f64;
        let per: Vec<String> =
            set.criteria().iter().zip(&r.per_criterion).map(|(c, k)| format!("{}:{}", c.id, k.met)).collect();
        (r.standard_met, format!("{least}..{most} (mean {mean:.2})"), per.join(" "))
    };

    // e. Load: every endpoint for the same duration, one after the other.
    let warm = if full { 2 } else { 1 };
    let mut loads = Vec::new();
    let runs: Vec<(&str, String, Vec<&str>)> = endpoints
        .iter()
        .map(|(n, p)| (*n, p.clone(), vec![]))
        .chain([("overview, gzip", endpoints[1].1.clone(), vec!["Accept-Encoding: gzip"])])
        .collect();
    for (name, path, headers) in &runs {
        let url = format!("{base}{path}");
        run_wrk(&url, warm, headers)?;
        let load = run_wrk(&url, secs, headers)?;
        println!(
            "load {name:<24}: {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} requests; server CPU {:.0} µs/request; wrk CPU {:.1} s){}",
            load.rps,
            ms(load.p50),
            ms(load.p99),
            load.requests,
            load.server_cpu_us,
            load.wrk_cpu,
            load.problems
        );
        loads.push((*name, load));
    }

    // f. Save-to-visible.
    let saves = if full { SAVES } else { SAVES_SMOKE };
    let save = save_to_visible(&app, addr, saves)?;

    // f2. Other writes to visible, without reading the values again.
    let loads_before = app.full_loads();
    let writes = if full { WRITES } else { WRITES_SMOKE };
    let others = other_writes(&app, &rt, addr, writes)?;
    let loads_after = app.full_loads();
    if loads_after != loads_before {
        return Err(
            format!("the writes read the whole state again (App::full_loads {loads_before} → {loads_after})").into()
        );
    }

    // g. In-process costs of the calls behind the pages (no HTTP).
    let inproc = in_process(&app, &rt, &unit_code, full)?;

    // Summary.
    let load_end = load_average();
    let mem = memory();
    let yes = |ok: bool| match (full, ok) {
        (false, _) => "(smoke run: not judged)",
        (true, true) => "MET",
        (true, false) => "NOT MET",
    };
    let find = |n: &str| loads.iter().find(|(name, _)| *name == n).map(|(_, l)| l);
    let stat = find("static /static/app.css").ok_or("no static run")?;
    let over = find("overview /").ok_or("no overview run")?;
    let share = over.rps / stat.rps.max(1e-9);
    println!();
    println!("== ntm web server under load{} ==", if full { "" } else { " (SMOKE RUN: not a measurement)" });
    println!(
        "machine        : {} cores, {}; load average at start {load_start}, before the load runs {}, at end {load_end}",
        cores(),
        cpu_model(),
        loads.first().map_or("?", |(_, l)| l.load_before.as_str())
    );
    println!(
        "data           : {communes_n} communes, {loaded_values} values ({SET_ID}, quarters {FIRST_YEAR}Q1..{LAST_YEAR}Q4), {standard} communes meet the standard in {YEAR}"
    );
    println!("criteria {YEAR}  : met per commune {spread}; communes meeting each criterion {per_criterion}");
    let mut import_time = None;
    let mut import_hwm = 0.0;
    if let Some((b, i)) = &built {
        println!(
            "loading        : units {:.1} s, thresholds {:.1} s, generating the values CSV {:.1} s ({} rows, {:.0} MB) — not measured",
            b.get("units"),
            b.get("thresholds"),
            b.get("generate"),
            b.get("rows"),
            b.get("bytes") / 1e6
        );
        import_time = Some(Duration::from_secs_f64(i.get("import")));
        import_hwm = i.get("hwm");
        println!(
            "bulk load      : values CSV → store as `ntm values import` does (import_values_csv, streamed, one audited change): {} rows in {:.2} s, {} values changed; that process's VmHWM {:.0} MiB",
            i.get("rows"),
            i.get("import"),
            i.get("changed"),
            import_hwm
        );
    } else {
        println!("loading        : reused database; the bulk load is not measured");
    }
    println!(
        "start-up       : App::open {:.2} s ({loaded_values} values into the live state; this process's VmRSS before it {} MiB)",
        open_time.as_secs_f64(),
        memory_before_open.1
    );
    println!(
        "load tool      : {wrk_version}, -t{WRK_THREADS} -c{CLIENTS} -d{secs}s --latency (after a {warm} s warm-up each), loopback"
    );
    println!(
        "first requests : {}",
        first.iter().map(|(n, d)| format!("{n} {:.1} ms", ms(*d))).collect::<Vec<_>>().join("; ")
    );
    println!("endpoint                    req/s     p50 ms    p99 ms   server CPU/req");
    for (name, l) in &loads {
        println!("{name:<24} {:>9.0} {:>10.2} {:>9.2} {:>11.0} µs", l.rps, ms(l.p50), ms(l.p99), l.server_cpu_us);
    }
    println!("overview/static: {:>9.1} % of the static endpoint's requests per second", share * 100.0);
    println!("page weights   : (bytes of the body; gzip = with Accept-Encoding: gzip)");
    for (name, raw, gz, enc) in &weights {
        println!("  {name:<32} {raw:>9} raw {gz:>9} gzip ({enc})");
    }
    println!(
        "save-to-visible ({} saves after {WARMUP_SAVES} warm-up; {} of commune {}, criterion {} flips each time):",
        save.a.len(),
        save.element,
        save.unit,
        save.criterion
    );
    for (label, v) in [
        ("(a) POST /entry (save + form)", &save.a),
        ("(b) GET /api/v1/overview", &save.b),
        ("(a)+(b) save → visible", &save.ab),
    ] {
        let s = Stats::of(v);
        println!("  {label:<30}: p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms", ms(s.p50), ms(s.p99), ms(s.max));
    }
    println!("  every overview fetched after a save showed the change: yes ({} checks)", save.a.len());
    println!(
        "other writes to visible ({writes} each after {WARMUP_WRITES} warm-up; (a) the app's use case, which writes and refreshes; (b) the overview after it; each change checked on the page that shows it):"
    );
    let mut other_p99 = Duration::ZERO;
    for w in &others {
        println!("  {}", w.label);
        for (label, v) in
            [("(a) write + refresh", &w.a), ("(b) GET /api/v1/overview", &w.b), ("(a)+(b) write → overview", &w.ab)]
        {
            let s = Stats::of(v);
            println!(
                "    {label:<38}: p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
                ms(s.p50),
                ms(s.p99),
                ms(s.max)
            );
        }
        if let Some((page, v)) = &w.shown_on {
            let s = Stats::of(v);
            println!(
                "    then {page} (shows it; not in the figure): p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
                ms(s.p50),
                ms(s.p99),
                ms(s.max)
            );
        }
        other_p99 = other_p99.max(Stats::of(&w.ab).p99);
    }
    println!(
        "  every response after a write showed it: yes; values read again: no (App::full_loads {loads_before} → {loads_after})"
    );
    println!("in-process (no HTTP), median per call:");
    for (label, d) in &inproc {
        println!("  {label:<44}: {:>9.1} µs", d.as_secs_f64() * 1e6);
    }
    println!(
        "memory         : this process (the server: start-up, load runs, writes; never the generation) VmHWM {} MiB, VmRSS {} MiB at end",
        mem.0, mem.1
    );
    let save_p99 = Stats::of(&save.ab).p99;
    println!(
        "target overview p99 ≤ 20 ms            : {} ({:.2} ms)",
        yes(over.p99 <= TARGET_OVERVIEW_P99),
        ms(over.p99)
    );
    println!("target overview ≥ 30 % of static req/s : {} ({:.1} %)", yes(share >= TARGET_STATIC_SHARE), share * 100.0);
    println!(
        "target save-to-visible ≤ 5 ms          : {} (p99 of (a)+(b) {:.2} ms; p50 {:.2} ms)",
        yes(save_p99 <= TARGET_SAVE_VISIBLE),
        ms(save_p99),
        ms(Stats::of(&save.ab).p50)
    );
    println!(
        "target write → visible ≤ 50 ms (recognition, target, agency's criterion): {} (worst p99 {:.2} ms)",
        yes(other_p99 <= TARGET_OTHER_VISIBLE),
        ms(other_p99)
    );
    println!(
        "target App::open ≤ 5 s                 : {} ({:.2} s)",
        yes(open_time <= TARGET_OPEN),
        open_time.as_secs_f64()
    );
    match import_time {
        Some(t) => println!(
            "target values import ≤ 15 s            : {} ({:.2} s; VmHWM of its process {import_hwm:.0} MiB)",
            yes(t <= TARGET_IMPORT),
            t.as_secs_f64()
        ),
        None => println!("target values import ≤ 15 s            : not measured (reused database)"),
    }
    println!("target server peak memory ≤ 1 GiB      : {} (VmHWM {} MiB)", yes(mem.0 <= TARGET_MEMORY_MIB), mem.0);
    println!("total run      : {:.1} s", started.elapsed().as_secs_f64());

    server.abort();
    drop(app);
    rt.shutdown_timeout(Duration::from_secs(2));
    Ok(())
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Removes a file when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Removes a database file (and its -wal, -shm) when dropped.
struct TempDb(PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        remove_db(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// The data, built in child processes.

/// Figures a child process reports on its `RESULT` line.
struct Figures(HashMap<String, f64>);

impl Figures {
    fn get(&self, key: &str) -> f64 {
        self.0.get(key).copied().unwrap_or(f64::NAN)
    }
}

/// Runs this benchmark again as a child process in `mode`; its other output is passed on.
fn run_child(mode: &str, full: bool, url: &str, csv: &Path) -> Res<Figures> {
    let mut cmd = Command::new(std::env::current_exe()?);
    if full {
        cmd.arg("--bench");
    }
    let out = cmd.env(CHILD, mode).env("NTM_BENCH_WEB_URL", url).env("NTM_BENCH_WEB_CSV", csv).output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("the {mode} step failed:\n{text}{}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let mut figures = HashMap::new();
    for line in text.lines() {
        match line.strip_prefix("RESULT ") {
            Some(rest) => {
                for pair in rest.split_whitespace() {
                    if let Some((k, v)) = pair.split_once('=') {
                        figures.insert(k.to_string(), v.parse()?);
                    }
                }
            }
            None => println!("{line}"),
        }
    }
    Ok(Figures(figures))
}

/// A child process: `build` makes the database and the values CSV, `import` loads the CSV.
fn child(mode: &str, full: bool) -> Res<()> {
    let url = std::env::var("NTM_BENCH_WEB_URL")?;
    let csv = PathBuf::from(std::env::var("NTM_BENCH_WEB_CSV")?);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match mode {
        "build" => {
            let b = rt.block_on(build(&url, full, &csv))?;
            println!(
                "RESULT units={} thresholds={} generate={} rows={} bytes={}",
                b.units.as_secs_f64(),
                b.thresholds.as_secs_f64(),
                b.generate.as_secs_f64(),
                b.rows,
                b.bytes
            );
        }
        "import" => {
            let db = rt.block_on(Db::connect(&url))?;
            let t = Instant::now();
            let path = csv.clone();
            let done = rt.block_on(ntm_app::entry::import::import_values_csv(
                &db,
                SET_ID,
                "ntm-bench synthetic values (CSV)",
                move || std::fs::File::open(&path),
                None,
                |_| {},
            ))?;
            let secs = t.elapsed().as_secs_f64();
            rt.block_on(db.close());
            println!("RESULT import={secs} rows={} changed={} hwm={}", done.rows, done.changed, memory().0);
        }
        _ => return Err(format!("unknown {CHILD}={mode}").into()),
    }
    Ok(())
}

struct Built {
    units: Duration,
    thresholds: Duration,
    generate: Duration,
    rows: usize,
    bytes: u64,
}

async fn build(url: &str, full: bool, csv: &Path) -> Res<Built> {
    let db = Db::connect(url).await?;
    let catalog = ntm_io::Catalog::shipped()?;
    let set = catalog.set(SET_ID).ok_or(format!("set {SET_ID} is not shipped"))?;

    // Units.
    let t = Instant::now();
    let tree = gso_tree()?;
    let outcome = db.import_units(&tree, None, "communes-2025-01.csv (ntm-bench)").await?;
    let units_time = t.elapsed();
    println!("imported {} units in {:.1} s (not measured)", outcome.units, units_time.as_secs_f64());

    // Illustrative national thresholds for the numeric indicators the set leaves without one,
    // with the values of the Tam Đường demo's illustrative layer.
    let t = Instant::now();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join(DEMO_THRESHOLDS))?;
    let CriteriaFile::Override(demo, _) = ntm_io::parse_criteria_file(DEMO_THRESHOLDS, &text)? else {
        return Err(format!("{DEMO_THRESHOLDS} is not a threshold layer").into());
    };
    let layer = LayerRecord {
        id: 0,
        layer_id: LAYER_ID.into(),
        set_id: SET_ID.into(),
        kind: "illustrative".into(),
        title: "Ngưỡng minh họa cho benchmark (toàn quốc)".into(),
        title_en: "Illustrative thresholds for the benchmark (nationwide)".into(),
        scope_code: String::new(),
        entries: vec![],
    };
    let mut added = Vec::new();
    for i in 0..set.indicator_count() {
        let ind = set.indicator(IndicatorIdx(u16::try_from(i)?));
        if !ind.kind.is_numeric() || !ind.thresholds.is_empty() {
            continue;
        }
        let value = demo
            .entries
            .iter()
            .find(|e| e.indicator == ind.id && e.threshold.year.is_none())
            .map(|e| e.threshold.value)
            .ok_or(format!("no illustrative threshold for indicator {} in {DEMO_THRESHOLDS}", ind.id))?;
        let entry = LayerEntryRecord {
            indicator: ind.id.clone(),
            key: "all".into(),
            year: 0,
            value_text: value.to_decimal_string(9),
            confidence: "unverified".into(),
            source: LAYER_SOURCE.into(),
            source_en: String::new(),
        };
        db.set_layer_threshold(&layer, &entry, None).await?;
        added.push(format!("{}≥{}", ind.id, value.to_decimal_string(2)));
    }
    let thresholds_time = t.elapsed();
    println!("illustrative layer {LAYER_ID} (key all): {}", added.join(" "));

    // Values: the engine benchmark's generator, written to a values CSV.
    let t = Instant::now();
    let communes = ntm_bench::communes(&tree, (!full).then_some(SMOKE_COMMUNES));
    let values = generate(set, &tree, &communes)?;
    let elements: Vec<String> = (0..set.indicator_count())
        .map(|i| Ok(set.indicator(IndicatorIdx(u16::try_from(i)?)).id.clone()))
        .collect::<Res<_>>()?;
    let periods: Vec<(Period, String)> =
        YEARS.flat_map(|y| (1..=4u8).map(move |q| Period::Quarter(y, q))).map(|p| (p, p.to_string())).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(csv)?);
    writeln!(out, "unit_code,period,element,value")?;
    let mut rows = 0;
    for &u in &communes {
        let code = &tree.unit(u).code;
        for (e, element) in elements.iter().enumerate() {
            for (p, text) in &periods {
                if let Some(v) = values.get(u, ElementIdx(u16::try_from(e)?), *p) {
                    writeln!(out, "{code},{text},{element},{v}")?;
                    rows += 1;
                }
            }
        }
    }
    out.flush()?;
    drop(values);
    let generate_time = t.elapsed();
    let bytes = std::fs::metadata(csv)?.len();
    println!("generated {rows} values into a {:.0} MB CSV in {:.1} s", bytes as f64 / 1e6, generate_time.as_secs_f64());
    db.close().await;
    Ok(Built { units: units_time, thresholds: thresholds_time, generate: generate_time, rows, bytes })
}

// ---------------------------------------------------------------------------------------------
// wrk.

fn wrk_version() -> Option<String> {
    let out = Command::new("wrk").arg("--version").output().ok()?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    text.lines().next().map(|l| l.split(" [").next().unwrap_or(l).trim().to_string()).filter(|l| l.starts_with("wrk"))
}

struct Load {
    rps: f64,
    p50: Duration,
    p99: Duration,
    requests: u64,
    /// Server (this process) CPU time per request, µs.
    server_cpu_us: f64,
    /// CPU seconds wrk used.
    wrk_cpu: f64,
    /// Non-2xx responses or socket errors, if any.
    problems: String,
    load_before: String,
}

/// (user + system CPU of this process, of its waited-for children), in seconds (/proc ticks of 10 ms).
fn cpu_times() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    // After the ')': state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    let at = |n: usize| f.get(n - 3).copied().unwrap_or(0.0) / 100.0;
    (at(14) + at(15), at(16) + at(17))
}

fn run_wrk(url: &str, secs: u64, headers: &[&str]) -> Res<Load> {
    let load_before = load_average();
    let mut cmd = Command::new("wrk");
    cmd.args([
        format!("-t{WRK_THREADS}"),
        format!("-c{CLIENTS}"),
        format!("-d{secs}s"),
        "--timeout".into(),
        "10s".into(),
        "--latency".into(),
    ]);
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    cmd.arg(url);
    let (own0, child0) = cpu_times();
    let out = cmd.output()?;
    let (own1, child1) = cpu_times();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!("wrk failed: {text}{}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let line = |prefix: &str| text.lines().map(str::trim).find(|l| l.starts_with(prefix)).map(str::to_string);
    let rps: f64 = line("Requests/sec:")
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .ok_or_else(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    let pct = |p: &str| -> Res<Duration> {
        let l = line(p).ok_or_else(|| format!("no {p} line in wrk's output:\n{text}"))?;
        parse_wrk_time(l.split_whitespace().nth(1).unwrap_or(""))
    };
    let requests: u64 = text
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut problems = String::new();
    for p in ["Non-2xx or 3xx responses:", "Socket errors:"] {
        if let Some(l) = line(p) {
            problems.push_str(&format!("  [{l}]"));
        }
    }
    Ok(Load {
        rps,
        p50: pct("50%")?,
        p99: pct("99%")?,
        requests,
        server_cpu_us: (own1 - own0) * 1e6 / (requests.max(1) as f64),
        wrk_cpu: child1 - child0,
        problems,
        load_before,
    })
}

/// wrk's times: `812.00us`, `1.23ms`, `2.01s`, `1.00m`.
fn parse_wrk_time(t: &str) -> Res<Duration> {
    let split = t.find(|c: char| c.is_ascii_alphabetic()).ok_or_else(|| format!("bad wrk time {t:?}"))?;
    let (num, unit) = t.split_at(split);
    let v: f64 = num.parse()?;
    let secs = match unit {
        "us" => v / 1e6,
        "ms" => v / 1e3,
        "s" => v,
        "m" => v * 60.0,
        "h" => v * 3600.0,
        _ => return Err(format!("bad wrk time unit {t:?}").into()),
    };
    Ok(Duration::from_secs_f64(secs))
}

// ---------------------------------------------------------------------------------------------
// A plain HTTP/1.1 client (keep-alive, Content-Length or chunked bodies).

struct Http {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Http {
    fn connect(addr: SocketAddr) -> Res<Http> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Http { reader: BufReader::new(stream.try_clone()?), writer: stream, host: addr.to_string() })
    }

    fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Res<Reply> {
        self.send("GET", path, headers, b"")
    }

    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Res<Reply> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if method != "GET" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.writer.write_all(&bytes)?;
        self.read_reply()
    }

    fn read_line(&mut self) -> Res<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err("connection closed".into());
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    fn read_reply(&mut self) -> Res<Reply> {
        let status_line = self.read_line()?;
        let status: u16 =
            status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("bad status line")?;
        let mut headers = Vec::new();
        loop {
            let l = self.read_line()?;
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let mut reply = Reply { status, headers, body: Vec::new() };
        let chunked = reply.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
        if chunked {
            loop {
                let size_line = self.read_line()?;
                let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)?;
                if size == 0 {
                    while !self.read_line()?.is_empty() {}
                    break;
                }
                let start = reply.body.len();
                reply.body.resize(start + size, 0);
                self.reader.read_exact(&mut reply.body[start..])?;
                self.read_line()?;
            }
        } else if let Some(n) = reply.header("content-length") {
            let n: usize = n.parse()?;
            reply.body.resize(n, 0);
            self.reader.read_exact(&mut reply.body)?;
        }
        Ok(reply)
    }
}

fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(b)),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `value` of the input named `name` in a page (`&#124;`-free: values here are plain).
fn input_value(html: &str, name: &str) -> Option<String> {
    let tag = html.split(&format!("name=\"{name}\" value=\"")).nth(1)?;
    Some(tag.split('"').next()?.replace("&#34;", "\"").replace("&#39;", "'").replace("&amp;", "&"))
}

// ---------------------------------------------------------------------------------------------
// Save-to-visible.

struct SaveResult {
    unit: String,
    element: String,
    criterion: String,
    a: Vec<Duration>,
    b: Vec<Duration>,
    ab: Vec<Duration>,
}

fn met_count(json: &str, criterion: &str) -> Res<u64> {
    let v: serde_json::Value = serde_json::from_str(json)?;
    v["criteria"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["id"] == criterion))
        .and_then(|c| c["met"].as_u64())
        .ok_or_else(|| format!("no count for criterion {criterion} in the overview JSON").into())
}

fn save_to_visible(app: &App, addr: SocketAddr, saves: usize) -> Res<SaveResult> {
    // A commune, a criterion met in the year (every indicator needed) and a yes/no indicator of
    // it: answering the other way breaks the criterion, answering as expected restores it.
    let (code, element, criterion, expected) = {
        let live = app.live();
        let set = live.set(SET_ID).ok_or("no set")?;
        let eval = live.evaluation(SET_ID, Period::Year(YEAR)).ok_or("no evaluation")?;
        let n = eval.units().len();
        let mut found = None;
        'units: for k in 0..n {
            let pos = (n / 3 + k) % n;
            for (ci, c) in set.criteria().iter().enumerate() {
                if !matches!(c.rule, CriterionRule::AllIndicators) || eval.criterion_status(pos, ci) != Status::Met {
                    continue;
                }
                for i in set.indicators_of(ci) {
                    let ind = set.indicator(IndicatorIdx(u16::try_from(i)?));
                    if let IndicatorKind::Boolean { expected } = ind.kind {
                        let unit = live.tree.unit(eval.units()[pos]);
                        found = Some((unit.code.clone(), ind.id.clone(), c.id.clone(), expected));
                        break 'units;
                    }
                }
            }
        }
        found.ok_or("no commune with a criterion met through a yes/no indicator")?
    };

    let mut http = Http::connect(addr)?;
    let login = format!("username={}&password={}&next=%2F", form_encode(USERNAME), form_encode(PASSWORD));
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let r = http.send("POST", "/login", &[form_type], login.as_bytes())?;
    let cookie = r
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, v)| v.strip_prefix("ntm_session=").and_then(|v| v.split(';').next()))
        .map(|t| format!("ntm_session={t}"))
        .ok_or_else(|| format!("login refused: {} {}", r.status, r.text()))?;
    let entry_path = format!("/entry/{code}/{YEAR}?set={SET_ID}");
    let page = http.get(&entry_path, &[("Cookie", cookie.as_str())])?;
    if page.status != 200 {
        return Err(format!("GET {entry_path}: {}", page.status).into());
    }
    let mut html = page.text();
    let csrf = input_value(&html, "csrf").ok_or("no CSRF token on the entry form")?;
    let overview_path = format!("/api/v1/overview?period={YEAR}");
    let base = met_count(&http.get(&overview_path, &[])?.text(), &criterion)?;

    let mut result = SaveResult {
        unit: code.clone(),
        element: element.clone(),
        criterion: criterion.clone(),
        a: vec![],
        b: vec![],
        ab: vec![],
    };
    for k in 0..WARMUP_SAVES + saves {
        let breaking = k % 2 == 0;
        let value = if breaking { !expected } else { expected };
        let state = input_value(&html, &format!("s:{element}")).ok_or("no s: field for the element")?;
        let body = format!(
            "csrf={}&{}={}&{}={}",
            form_encode(&csrf),
            form_encode(&format!("v:{element}")),
            value,
            form_encode(&format!("s:{element}")),
            form_encode(&state)
        );
        let t0 = Instant::now();
        let saved = http.send("POST", &entry_path, &[form_type, ("Cookie", cookie.as_str())], body.as_bytes())?;
        let t1 = Instant::now();
        let overview = http.get(&overview_path, &[])?;
        let t2 = Instant::now();
        if saved.status != 200 {
            return Err(format!("save {k}: status {} {}", saved.status, saved.text()).into());
        }
        html = saved.text();
        let met = met_count(&overview.text(), &criterion)?;
        let want = if breaking { base - 1 } else { base };
        if met != want {
            return Err(format!(
                "save {k}: the overview shows {met} communes meeting criterion {criterion}, expected {want}"
            )
            .into());
        }
        if k >= WARMUP_SAVES {
            result.a.push(t1 - t0);
            result.b.push(t2 - t1);
            result.ab.push(t2 - t0);
        }
    }
    Ok(result)
}

// ---------------------------------------------------------------------------------------------
// Other writes to visible: a recognition, a target, an agency's criterion.

struct OtherWrite {
    label: String,
    a: Vec<Duration>,
    b: Vec<Duration>,
    ab: Vec<Duration>,
    /// The page that shows the change, when it is not the overview: its name and times.
    shown_on: Option<(&'static str, Vec<Duration>)>,
}

impl OtherWrite {
    fn new(label: String) -> OtherWrite {
        OtherWrite { label, a: vec![], b: vec![], ab: vec![], shown_on: None }
    }

    fn record(&mut self, k: usize, t0: Instant, t1: Instant, t2: Instant) {
        if k >= WARMUP_WRITES {
            self.a.push(t1 - t0);
            self.b.push(t2 - t1);
            self.ab.push(t2 - t0);
        }
    }
}

/// Runs a write, then fetches `path`: the write's result, the page, and the instants before the
/// write, between, and after the page.
fn write_then_get<T>(
    rt: &tokio::runtime::Runtime,
    http: &mut Http,
    path: &str,
    write: impl std::future::Future<Output = T>,
) -> Res<(T, serde_json::Value, [Instant; 3])> {
    let t0 = Instant::now();
    let out = rt.block_on(write);
    let t1 = Instant::now();
    let page = json_of(http, path)?;
    Ok((out, page, [t0, t1, Instant::now()]))
}

fn json_of(http: &mut Http, path: &str) -> Res<serde_json::Value> {
    let r = http.get(path, &[])?;
    if r.status != 200 {
        return Err(format!("GET {path}: {}", r.status).into());
    }
    Ok(serde_json::from_slice(&r.body)?)
}

/// (done, total) of a target in the overview's JSON.
fn target_done(overview: &serde_json::Value, code: &str) -> Option<(u64, u64)> {
    let t = overview["targets"].as_array()?.iter().find(|t| t["code"] == code)?;
    Some((t["done"].as_u64()?, t["total"].as_u64()?))
}

/// Each kind of write `n` times after a warm-up, through the app's use cases (which write in one
/// audited transaction and then `refresh`), each followed at once by the API call that shows it,
/// which must show it.
fn other_writes(app: &App, rt: &tokio::runtime::Runtime, addr: SocketAddr, n: usize) -> Res<Vec<OtherWrite>> {
    let total = WARMUP_WRITES + n;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    let (communes, criteria): (Vec<String>, Vec<String>) = {
        let live = app.live();
        let set = live.set(SET_ID).ok_or("no set")?;
        let communes = live
            .units_for(set, Period::Year(YEAR))
            .into_iter()
            .filter(|&u| live.recognitions.of(u).next().is_none())
            .take(total)
            .map(|u| live.tree.unit(u).code.clone())
            .collect();
        (communes, set.criteria().iter().map(|c| c.id.clone()).collect())
    };
    if communes.len() < total {
        return Err("not enough communes without a recognition".into());
    }
    let mut http = Http::connect(addr)?;
    let overview_path = format!("/api/v1/overview?set={SET_ID}&period={YEAR}");
    let mut out = Vec::new();

    // A recognition: a target naming the communes first (not measured); each decision adds one
    // to its progress on the overview.
    let code = format!("bench-{stamp}-recognised");
    let target = Target {
        id: 0,
        code: code.clone(),
        title_vi: "Các xã của benchmark đạt chuẩn NTM".into(),
        title_en: "The benchmark's communes meet the NTM standard".into(),
        kind: TargetKind::UnitRecognised,
        set_id: None,
        level: Some(RecognitionLevel::Ntm),
        year: YEAR,
        quota: 0,
        indicator: None,
        value: None,
        unit_code: None,
        parts: communes.iter().map(|c| TargetPart { unit_code: c.clone(), quota: None }).collect(),
        source: "ntm-bench".into(),
    };
    rt.block_on(app.add_targets(None, &[target]))?.map_err(|p| format!("target refused: {p:?}"))?;
    let mut w =
        OtherWrite::new(format!("recognition (App::add_recognitions; target {code}'s progress on the overview)"));
    for (k, commune) in communes.iter().enumerate() {
        let decision = NewRecognition {
            unit_code: commune.clone(),
            level: RecognitionLevel::Ntm,
            decision: format!("QĐ benchmark {k}"),
            decided_on: Date::parse(&format!("{YEAR}-06-01"))?,
            lost: None,
        };
        let (added, overview, [t0, t1, t2]) =
            write_then_get(rt, &mut http, &overview_path, app.add_recognitions(None, &[decision]))?;
        added?.map_err(|p| format!("recognition refused: {p:?}"))?;
        let want = (u64::try_from(k + 1)?, u64::try_from(total)?);
        if target_done(&overview, &code) != Some(want) {
            return Err(format!(
                "recognition {k}: the overview shows {:?}, expected {want:?}",
                target_done(&overview, &code)
            )
            .into());
        }
        w.record(k, t0, t1, t2);
    }
    out.push(w);

    // A target: each one is on the overview.
    let mut w = OtherWrite::new("target (App::add_targets; the overview's targets)".into());
    for (k, commune) in communes.iter().enumerate() {
        let code = format!("bench-{stamp}-{k}");
        let target = Target {
            id: 0,
            code: code.clone(),
            title_vi: format!("Mục tiêu benchmark {k}"),
            title_en: format!("Benchmark target {k}"),
            kind: TargetKind::UnitsAtStandard,
            set_id: Some(SET_ID.into()),
            level: None,
            year: YEAR + 1,
            quota: 1,
            indicator: None,
            value: None,
            unit_code: None,
            parts: vec![TargetPart { unit_code: commune.clone(), quota: None }],
            source: "ntm-bench".into(),
        };
        let (added, overview, [t0, t1, t2]) =
            write_then_get(rt, &mut http, &overview_path, app.add_targets(None, &[target]))?;
        added?.map_err(|p| format!("target refused: {p:?}"))?;
        if target_done(&overview, &code).is_none() {
            return Err(format!("target {k}: not on the overview").into());
        }
        w.record(k, t0, t1, t2);
    }
    out.push(w);

    // An agency's criterion: agencies without criteria first (not measured); each criterion
    // given names the agency on that criterion's page.
    let agencies = total.div_ceil(criteria.len().max(1));
    for j in 0..agencies {
        let added =
            rt.block_on(app.add_agency(None, &format!("bench-{stamp}-{j}"), &format!("Cơ quan benchmark {j}"), &[]))?;
        added.map_err(|p| format!("agency refused: {p:?}"))?;
    }
    // The overview does not show agencies: the criterion's page does, fetched after the timed
    // overview (it is heavy at national scale; its own time is reported beside).
    let mut w = OtherWrite::new("agency's criterion (App::assign_criterion; shown on the criterion's page)".into());
    let mut page_times = Vec::new();
    for k in 0..total {
        let (j, criterion) = (k / criteria.len(), &criteria[k % criteria.len()]);
        let agency = format!("bench-{stamp}-{j}");
        let name = format!("Cơ quan benchmark {j}");
        let path = format!("/api/v1/criteria/{SET_ID}/{criterion}?period={YEAR}");
        let criterion_ref = CriterionRef::new(SET_ID, criterion);
        let (added, _, [t0, t1, t2]) =
            write_then_get(rt, &mut http, &overview_path, app.assign_criterion(None, &agency, &criterion_ref))?;
        let added = added?;
        let page = json_of(&mut http, &path)?;
        if k >= WARMUP_WRITES {
            page_times.push(t2.elapsed());
        }
        if added != Ok(true) {
            return Err(format!("criterion {criterion} for {agency}: {added:?}").into());
        }
        let named = page["responsible_agencies"].as_array().is_some_and(|a| a.iter().any(|n| n == name.as_str()));
        if !named {
            return Err(format!("criterion {criterion}: {name} is not among its agencies after the write").into());
        }
        w.record(k, t0, t1, t2);
    }
    w.shown_on = Some(("GET /api/v1/criteria/{set}/{id}", page_times));
    out.push(w);
    Ok(out)
}

struct Stats {
    p50: Duration,
    p99: Duration,
    max: Duration,
}

impl Stats {
    /// Nearest-rank percentiles.
    fn of(v: &[Duration]) -> Stats {
        let mut s = v.to_vec();
        s.sort();
        let at = |p: f64| {
            let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len().max(1));
            s.get(rank - 1).copied().unwrap_or_default()
        };
        Stats { p50: at(0.50), p99: at(0.99), max: s.last().copied().unwrap_or_default() }
    }
}

// ---------------------------------------------------------------------------------------------
// In-process costs.

fn median_of(reps: usize, mut f: impl FnMut() -> Res<()>) -> Res<Duration> {
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn in_process(app: &App, rt: &tokio::runtime::Runtime, unit_code: &str, full: bool) -> Res<Vec<(String, Duration)>> {
    let reps = if full { 200 } else { 20 };
    let year = YEAR.to_string();
    let mut out = Vec::new();
    out.push(("App::refresh (store revisions query)".into(), median_of(reps, || Ok(rt.block_on(app.refresh())?))?));
    out.push((
        "App::overview (view data)".into(),
        median_of(reps, || {
            std::hint::black_box(app.overview(SET_ID, Some(&year), None, Lang::Vi)?);
            Ok(())
        })?,
    ));
    out.push((
        "  of which Rollup::of_positions (1 year)".into(),
        median_of(reps, || {
            let live = app.live();
            let eval = live.evaluation(SET_ID, Period::Year(YEAR)).ok_or("no evaluation")?;
            std::hint::black_box(Rollup::of_positions(eval, 0..eval.units().len()));
            Ok(())
        })?,
    ));
    out.push((
        "App::overview + serde_json (API body)".into(),
        median_of(reps, || {
            std::hint::black_box(serde_json::to_vec(&app.overview(SET_ID, Some(&year), None, Lang::Vi)?)?);
            Ok(())
        })?,
    ));
    out.push((
        "App::matrix (view data, page 1)".into(),
        median_of(reps / 4, || {
            std::hint::black_box(app.matrix(SET_ID, Some(&year), Default::default(), Lang::Vi)?);
            Ok(())
        })?,
    ));
    out.push((
        format!("App::unit ({unit_code})"),
        median_of(reps, || {
            std::hint::black_box(app.unit(unit_code, None, SET_ID, Some(&year), None, Lang::Vi)?);
            Ok(())
        })?,
    ));
    // The consolidated report of the largest round there can be: a quarter of the province with
    // the most communes (a round belongs to a managing unit; none manages the whole country),
    // on the national data. Every commune obliged; none has reported (the report reads them
    // all the same).
    let (province, communes) = {
        let live = app.live();
        let set = live.set(SET_ID).ok_or("no set")?;
        let mut count: HashMap<UnitIdx, usize> = HashMap::new();
        for u in live.units_for(set, Period::Year(YEAR)) {
            if let Some(p) = live.tree.ancestors(u).find(|&a| live.tree.unit(a).level == ntm_domain::Level::Province) {
                *count.entry(p).or_default() += 1;
            }
        }
        let (p, n) = count.into_iter().max_by_key(|&(p, n)| (n, std::cmp::Reverse(p.index()))).ok_or("no province")?;
        (live.tree.unit(p).code.clone(), n)
    };
    let (_, office) = rt.block_on(app.login(USERNAME, PASSWORD, "127.0.0.9"))?;
    let draft = ntm_app::reporting::RoundDraft {
        kind: "quarterly".into(),
        year: YEAR.to_string(),
        quarter: "4".into(),
        unit: province.clone(),
        cut_off_from: format!("{}-09-15", YEAR),
        cut_off_to: format!("{}-12-14", YEAR),
        deadline: format!("{}-12-20", YEAR),
        basis: "benchmark".into(),
        obliged: "communes".into(),
        ..Default::default()
    };
    let round = rt.block_on(app.open_round(None, &draft)).map_err(|e| format!("{e:?}"))?;
    out.push((
        format!("App::consolidated (province {province}, {communes} communes, quarter 4)"),
        median_of(reps / 4, || {
            std::hint::black_box(rt.block_on(app.consolidated(Some(&office), round, SET_ID, Lang::Vi))?);
            Ok(())
        })?,
    ));
    Ok(out)
}
