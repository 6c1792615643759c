//! Load (issue 11): the real binary (`ntm demo`) on loopback, many clients at once, each on its
//! own loopback address (127.0.1.x, so that the per-address connection bound is not what is
//! measured) with one keep-alive connection: readers ask pages and their JSON twins, writers
//! each sign in with a session of their own and save distinct values through the entry form
//! (read the form, post one field with the revision it was read at), for a bounded time. Then:
//! no request failed, every acknowledged save is in the value's history (counted back from the
//! database) and the last one is the value; p50/p99 are printed. Two officers saving one value
//! at the same moment: one wins, the other is told (409, the form says so), again and again.
//!
//! `NTM_LOAD_CLIENTS` and `NTM_LOAD_SECONDS` set the size (50 clients × 3 s by default;
//! `scripts/load.sh` runs 200 × 30 s).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/http.rs"]
mod http;
use http::{Client, input, save};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The demo server, killed when dropped (its SQLite directory or PostgreSQL database removed).
struct Server {
    child: Child,
    addr: SocketAddr,
    url: String,
    dir: Option<PathBuf>,
    postgres: Option<(String, String)>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin, name)) = &self.postgres {
            let sql = format!("drop database if exists {name} with (force)");
            let _ = Command::new("psql").args([admin.as_str(), "-q", "-c", &sql]).output();
        }
    }
}

/// `ntm demo` on a SQLite file of its own.
async fn start(label: &str) -> Server {
    let dir = std::env::temp_dir().join(format!("ntm-load-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let addr = http::free_address();
    let file = dir.join("demo.db");
    let child = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["demo", "--fresh", "--bind", &addr.to_string(), "--file", file.to_str().unwrap()])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ntm demo");
    let url = format!("sqlite://{}", file.display());
    let server = Server { child, addr, url, dir: Some(dir), postgres: None };
    assert!(http::answers(addr, Duration::from_secs(300)).await, "the demo server did not answer");
    server
}

/// The demo built in a fresh database on the PostgreSQL server of `NTM_TEST_DATABASE_URL`,
/// served by `ntm serve`; `None` (skipped, refused under CI) when it names none.
async fn start_postgres(label: &str) -> Option<Server> {
    let Ok(admin) = std::env::var("NTM_TEST_DATABASE_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI is set but NTM_TEST_DATABASE_URL is not");
        eprintln!("skipped: NTM_TEST_DATABASE_URL names no PostgreSQL server");
        return None;
    };
    let name = format!("ntm_load_{label}_{}", std::process::id());
    let psql = |sql: &str| Command::new("psql").args([admin.as_str(), "-q", "-c", sql]).output().unwrap();
    let _ = psql(&format!("drop database if exists {name} with (force)"));
    assert!(psql(&format!("create database {name}")).status.success());
    let url = format!("{}/{name}", admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b));
    let db = ntm_store::Db::connect(&url).await.unwrap();
    ntm_app::demo::build(&db, true).await.unwrap();
    db.close().await;
    let addr = http::free_address();
    let child = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["serve", "--database", &url, "--bind", &addr.to_string()])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ntm serve");
    let server = Server { child, addr, url, dir: None, postgres: Some((admin.clone(), name)) };
    assert!(http::answers(addr, Duration::from_secs(300)).await, "the server did not answer");
    Some(server)
}

/// The communes (xã) of the demo and the elements a writer may raise without breaking any rule (each
/// only ever a denominator, raised to ever larger whole numbers).
const COMMUNES: [&str; 12] =
    ["03394", "03400", "03405", "03406", "03412", "03413", "03415", "03418", "03421", "03424", "03427", "03430"];
const ELEMENTS: [&str; 8] = [
    "4.2.ho_tong",
    "11.ho_tong",
    "15.1.dan_so",
    "17.1.ho_tong",
    "9.2.ho_tong",
    "2.1.km_tong",
    "2.2.km_tong",
    "2.4.km_tong",
];

fn pair(i: usize) -> (&'static str, &'static str) {
    (COMMUNES[i % COMMUNES.len()], ELEMENTS[(i / COMMUNES.len()) % ELEMENTS.len()])
}

fn criterion_of(element: &str) -> &str {
    element.split('.').next().unwrap()
}

#[derive(Default)]
struct Tally {
    reads: usize,
    writes: Vec<(usize, u64)>, // (client, value) acknowledged
    errors: Vec<String>,
    latencies: Vec<Duration>,
}

const READS: [&str; 8] = [
    "/",
    "/api/v1/overview",
    "/matrix",
    "/api/v1/evaluation",
    "/units/03413",
    "/api/v1/units/03412",
    "/criteria/xa-ntm-2021-2025/4",
    "/board",
];

async fn client(addr: SocketAddr, n: usize, writer: bool, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut c = match Client::connect(addr, n).await {
        Ok(c) => c,
        Err(e) => {
            t.errors.push(format!("client {n}: connect: {e}"));
            return t;
        }
    };
    if writer && let Err(e) = c.sign_in(if n.is_multiple_of(2) { "vanphong" } else { "quantri" }, None).await {
        t.errors.push(format!("client {n}: sign-in: {e}"));
        return t;
    }
    let (unit, element) = pair(n);
    let mut k = 0u64;
    while Instant::now() < until {
        let started = Instant::now();
        if writer {
            k += 1;
            let value = 1_000_000 + n as u64 * 10_000 + k;
            let path = format!("/entry/{unit}/2024/{}", criterion_of(element));
            match save(&mut c, &path, &[(element, &value.to_string())]).await {
                Ok(r) if r.status == 200 => t.writes.push((n, value)),
                Ok(r) => t.errors.push(format!("client {n}: save {unit} {element} = {value}: {}", r.status)),
                Err(e) => t.errors.push(format!("client {n}: save: {e}")),
            }
        } else {
            let path = READS[(n + t.reads) % READS.len()];
            match c.get(path).await {
                Ok(r) if r.status == 200 => t.reads += 1,
                Ok(r) => t.errors.push(format!("client {n}: {path}: {}", r.status)),
                Err(e) => t.errors.push(format!("client {n}: {path}: {e}")),
            }
        }
        t.latencies.push(started.elapsed());
        if !t.errors.is_empty() {
            break;
        }
    }
    t
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted.get(((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_clients_reading_and_writing_lose_nothing_and_get_no_error() {
    mix(start("mix").await, "SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_clients_reading_and_writing_lose_nothing_and_get_no_error_on_postgres() {
    let Some(server) = start_postgres("mix").await else { return };
    mix(server, "PostgreSQL").await;
}

/// Clients reading and writing at once on `server` for a bounded time; then the count back.
async fn mix(server: Server, label: &str) {
    let clients = env_or("NTM_LOAD_CLIENTS", 50) as usize;
    let seconds = env_or("NTM_LOAD_SECONDS", 3);
    // Half the clients write (each its own value: at most one per pair of commune and element),
    // the others read.
    let writers = (clients / 2).min(COMMUNES.len() * ELEMENTS.len());
    let until = Instant::now() + Duration::from_secs(seconds) + Duration::from_secs(clients as u64 / 10);
    let tasks: Vec<_> = (0..clients).map(|n| tokio::spawn(client(server.addr, n, n < writers, until))).collect();
    let mut all = Tally::default();
    for task in tasks {
        let t = task.await.unwrap();
        all.reads += t.reads;
        all.writes.extend(t.writes);
        all.errors.extend(t.errors);
        all.latencies.extend(t.latencies);
    }
    all.latencies.sort();
    let (p50, p99, max) =
        (percentile(&all.latencies, 0.5), percentile(&all.latencies, 0.99), all.latencies.last().copied());
    eprintln!(
        "load ({label}): {clients} clients ({writers} writing), {} reads and {} saves acknowledged, {} errors; \
         p50 {p50:?}, p99 {p99:?}, max {max:?}",
        all.reads,
        all.writes.len(),
        all.errors.len()
    );
    assert!(all.errors.is_empty(), "{} errors, first: {:?}", all.errors.len(), &all.errors[..all.errors.len().min(5)]);
    assert!(all.reads > 0 && !all.writes.is_empty(), "both reads and writes were tried");
    // Counted back: each writer's acknowledged values are its value's history, in order, and
    // the last one is the value now.
    let db = ntm_store::Db::connect(&server.url).await.unwrap();
    let (units, _) = db.units().await.unwrap();
    let mut checked = 0;
    for n in 0..writers {
        let (unit, element) = pair(n);
        let acked: Vec<u64> = all.writes.iter().filter(|(c, _)| *c == n).map(|(_, v)| *v).collect();
        let id = units.iter().find(|u| u.code == unit).unwrap().id;
        let history = db.value_history("xa-ntm-2021-2025", id, element, "2024").await.unwrap();
        let mine: Vec<u64> = history
            .iter()
            .filter_map(|h| h.new.as_ref())
            .filter_map(|v| v.to_string().parse::<u64>().ok())
            .filter(|v| *v >= 1_000_000 && (*v - 1_000_000) / 10_000 == n as u64)
            .collect();
        let mut sorted = mine.clone();
        sorted.sort();
        assert_eq!(sorted, acked, "{unit} {element}: every acknowledged save of client {n} is in the history, once");
        let values = db.unit_values("xa-ntm-2021-2025", id, "2024").await.unwrap();
        let now = values.iter().find(|v| v.element == element).and_then(|v| v.value.as_ref()).map(ToString::to_string);
        assert_eq!(now, acked.last().map(ToString::to_string), "{unit} {element}: the last save is the value");
        checked += acked.len();
    }
    assert_eq!(checked, all.writes.len());
    eprintln!("load ({label}): {checked} saves counted back from the value history, none lost");
    db.close().await;
}

/// Two officers read one value's form, then both save it at the same moment: one is saved, the
/// other is told (409) and its value is not written over the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_officers_saving_one_value_at_once_one_wins_and_the_other_is_told() {
    let rounds = env_or("NTM_LOAD_ROUNDS", 10);
    let server = start("pair").await;
    let mut a = Client::connect(server.addr, 1).await.unwrap();
    let mut b = Client::connect(server.addr, 2).await.unwrap();
    a.sign_in("vanphong", None).await.unwrap();
    b.sign_in("sonbinh", None).await.unwrap();
    let path = "/entry/03413/2024/4";
    let (mut a_won, mut b_won) = (0, 0);
    for round in 0..rounds {
        let fa = a.get(path).await.unwrap().body;
        let fb = b.get(path).await.unwrap().body;
        let field = |f: &str, n: &str| input(f, n).unwrap();
        let (va, vb) = (format!("{}", 5000 + round * 2), format!("{}", 5001 + round * 2));
        let (ca, sa) = (field(&fa, "csrf"), field(&fa, "s:4.2.ho_tong"));
        let (cb, sb) = (field(&fb, "csrf"), field(&fb, "s:4.2.ho_tong"));
        assert_eq!(sa, sb, "both read the same revision");
        let fields_a = [("csrf", ca.as_str()), ("v:4.2.ho_tong", va.as_str()), ("s:4.2.ho_tong", sa.as_str())];
        let fields_b = [("csrf", cb.as_str()), ("v:4.2.ho_tong", vb.as_str()), ("s:4.2.ho_tong", sb.as_str())];
        let (ra, rb) = tokio::join!(a.post(path, &fields_a), b.post(path, &fields_b));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        let mut statuses = [ra.status, rb.status];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}: one saved, one told");
        let (loser, winner_value) = if ra.status == 200 { (&rb, &va) } else { (&ra, &vb) };
        if ra.status == 200 {
            a_won += 1
        } else {
            b_won += 1
        }
        assert!(
            loser.body.contains(winner_value.as_str()),
            "round {round}: the one told sees the value saved meanwhile"
        );
        let now = a.get(path).await.unwrap().body;
        assert!(now.contains(&format!("value=\"{winner_value}\"")), "round {round}: the winner's value stands");
    }
    eprintln!(
        "two officers on one value: {rounds} rounds, {a_won} won by one, {b_won} by the other, each loser told (409)"
    );
}
