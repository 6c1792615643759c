//! `ntm-store`: the only crate with SQL. One [`Db`] over an embedded SQLite (the default: one
//! writer connection, `BEGIN IMMEDIATE`, WAL) or PostgreSQL, with the same SQL text on both
//! wherever possible and migrations in `migrations/{sqlite,postgres}` with identical names.
//!
//! One file per area (units, values, thresholds and stored sets, accounts, org, plans,
//! recognitions, the audit trail), each with its migrations. The API is shaped by use case:
//! each method that changes state runs one transaction that also writes its audit event and
//! bumps the revision and its own area's counter ([`Area`]), so no transaction type leaves the
//! crate (the streaming import's [`ValueImport`] holds its own, and commits or rolls back whole).

mod accounts;
// issue 11 (backup and restore): the portable archive, and what backups and restores ask.
pub mod archive;
pub mod audit;
// issue 11 (hardening): the database's check of itself.
mod integrity;
mod org;
mod people;
mod plans;
mod reasons;
mod recognitions;
mod reporting;
mod roadmap;
mod thresholds;
mod units;
mod values;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use accounts::{NewUser, SessionRecord, UserRecord};
pub use audit::{AuditPerson, AuditQuery, AuditRecord, ChangedValue};
pub use integrity::Problem;
pub use people::MemberRecord;
pub use reasons::ReasonRecord;
pub use recognitions::RecognitionRecord;
pub use reporting::{
    AttachmentRecord, LockRecord, MoveRecord, MoveRequest, ReportRecord, ReportTexts, RoundRecord, ScheduleRecord,
};
pub use roadmap::{PlanNames, PlanRecord};
pub use thresholds::{LayerEntryRecord, LayerRecord};
pub use units::{LineageRecord, UnitRecord, UnitsOutcome};
pub use values::{
    HeldLock, HistoryRecord, ImportOutcome, LockedValue, SaveOutcome, StoredValue, UnitValues, ValueEdit, ValueImport,
    ValueRecord, ValueRow,
};

/// What went wrong in the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("unsupported database URL (expected sqlite://… or postgres://…): {0}")]
    BadUrl(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("no unit with id {0}")]
    UnknownUnit(i64),
    #[error("database: {0}")]
    Db(#[source] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database's disk is full (PostgreSQL `53100 disk_full`, SQLite `SQLITE_FULL`): the
    /// statement failed and its transaction was rolled back; what the database says is kept.
    #[error("the database's disk is full: {0}")]
    Full(String),
    /// The connection to the database was lost or could not be made (the server down, stopped or
    /// restarting): whether a commit in flight landed is not known.
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    /// A change of a value an accepted report locks (of round `round_id`), refused inside the
    /// writing transaction: nothing of it was written.
    #[error("value {element} of unit {unit_id} in {period} is locked by the accepted report of round {round_id}")]
    ValueLocked { unit_id: i64, element: String, period: String, round_id: i64 },
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(d.message().to_string()),
            sqlx::Error::Database(d) => match d.code().as_deref() {
                // PostgreSQL's disk_full (five characters); SQLite's SQLITE_FULL (a number), and
                // SQLITE_IOERR_SHMSIZE (4874: the shared-memory file beside the database could not
                // grow, which on a full disk is what opening it meets first).
                Some("53100" | "13" | "4874") => StoreError::Full(d.message().to_string()),
                // PostgreSQL's connection exceptions (08…) and shutdowns (57P01–57P03).
                Some(code) if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03") => {
                    StoreError::Unavailable(d.message().to_string())
                }
                _ => StoreError::Db(e),
            },
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The areas whose changes servers follow, one counter each in `meta`: a change bumps the
/// revision (the order of all changes) and its own area's counter only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    /// The unit tree and its lineage.
    Units,
    /// Values of indicators and raw elements.
    Values,
    /// Criteria sets stored by an administrator and threshold layers.
    Criteria,
    /// Accounts (users; sessions are not counted).
    Accounts,
    /// Agencies and the criteria they answer for.
    Org,
    /// Targets (and, with the plans issue, plans).
    Plans,
    /// Recognition decisions.
    Recognitions,
    /// The reporting cycle: schedules, holidays, rounds, reports, value locks (issue 10).
    Reporting,
}

impl Area {
    pub const ALL: [Area; 8] = [
        Area::Units,
        Area::Values,
        Area::Criteria,
        Area::Accounts,
        Area::Org,
        Area::Plans,
        Area::Recognitions,
        Area::Reporting,
    ];

    /// Its key in `meta`.
    pub const fn key(&self) -> &'static str {
        match self {
            Area::Units => "units",
            Area::Values => "values",
            Area::Criteria => "criteria",
            Area::Accounts => "accounts",
            Area::Org => "org",
            Area::Plans => "plans",
            Area::Recognitions => "recognitions",
            Area::Reporting => "reporting",
        }
    }

    const fn index(&self) -> usize {
        *self as usize
    }
}

/// The change counters as read at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Bumped by every change.
    pub revision: i64,
    areas: [i64; 8],
}

impl Counters {
    pub fn of(&self, area: Area) -> i64 {
        self.areas[area.index()]
    }

    /// The areas whose counter differs between the two readings.
    pub fn changed_since(&self, before: &Counters) -> Vec<Area> {
        Area::ALL.into_iter().filter(|a| self.of(*a) != before.of(*a)).collect()
    }
}

/// Which database is behind a [`Db`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: SQLite (a writer pool of one connection and a read pool) or PostgreSQL.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { write: SqlitePool, read: SqlitePool },
    Postgres(PgPool),
}

/// Runs the same body on whichever pool applies; each arm is monomorphic.
macro_rules! on_db {
    ($db:expr, read, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { read: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
    ($db:expr, write, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { write: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs the body in one write transaction (SQLite: `BEGIN IMMEDIATE`) and commits it; an error
/// anywhere in the body rolls everything back.
macro_rules! in_tx {
    ($db:expr, |$tx:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { write, .. } => {
                let mut $tx = write.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

/// In a write transaction: bumps the revision and the counter of `area`, and writes the audit
/// row of `event` by `actor`; evaluates to (the new revision, the audit row's id). The one way a
/// change is recorded.
macro_rules! record {
    ($tx:expr, $area:expr, $actor:expr, $event:expr) => {{
        let event: &ntm_domain::audit::Event = $event;
        let revision: i64 = sqlx::query_scalar($crate::BUMP_REVISION).fetch_one(&mut *$tx).await?;
        sqlx::query($crate::BUMP_AREA).bind($area.key()).execute(&mut *$tx).await?;
        let audit_id: i64 = sqlx::query_scalar($crate::audit::INSERT_AUDIT)
            .bind($crate::now_ms())
            .bind($actor)
            .bind(event.action())
            .bind(event.subject())
            .bind($crate::audit::args_json(event))
            .bind(event.changes())
            .fetch_one(&mut *$tx)
            .await?;
        (revision, audit_id)
    }};
}

pub(crate) use {in_tx, on_db, record};

/// Milliseconds since the epoch, UTC.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Db {
    /// Opens `sqlite://path` (created if missing) or `postgres://…`, and runs the migrations.
    pub async fn connect(url: &str) -> Result<Db> {
        let db = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|_| StoreError::BadUrl(redact(url)))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Full: a commit is on disk before it is acknowledged, even across a power cut
                // (Normal in WAL mode may lose the last commits; no number may be lost).
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            // The one writer's page cache: a bulk import touches many pages in one transaction.
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone().pragma("cache_size", "-65536"))
                .await?;
            let read = SqlitePoolOptions::new().max_connections(8).connect_with(options.read_only(true));
            // The read pool opens lazily: the schema must exist before a read-only connection
            // can see it.
            let db = Db::Sqlite { write: write.clone(), read: write };
            db.migrate().await?;
            let Db::Sqlite { write, .. } = db else { return Err(StoreError::BadUrl(redact(url))) };
            Db::Sqlite { write, read: read.await? }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new().max_connections(16).connect(url).await?;
            let db = Db::Postgres(pool);
            db.migrate().await?;
            db
        } else {
            return Err(StoreError::BadUrl(redact(url)));
        };
        Ok(db)
    }

    /// Runs the migrations: up to the last one that keeps rows of the previous schema, then
    /// the conversions of those rows (written in Rust: they parse what the old schema stored as
    /// text), then the rest.
    async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run_to(KEEPS_LEGACY_ROWS, write).await?,
            Db::Postgres(p) => sqlx::migrate!("migrations/postgres").run_to(KEEPS_LEGACY_ROWS, p).await?,
        }
        if self.has_legacy_rows().await? {
            audit::convert_legacy_rows(self).await?;
            values::convert_legacy_history(self).await?;
        }
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run(write).await?,
            Db::Postgres(p) => sqlx::migrate!("migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Whether the tables of the previous schema are still there (0007 not yet applied).
    async fn has_legacy_rows(&self) -> Result<bool> {
        let n: i64 = on_db!(self, write, |p| sqlx::query_scalar(
            "select count(*) from _sqlx_migrations where version > $1 and success"
        )
        .bind(KEEPS_LEGACY_ROWS)
        .fetch_one(p)
        .await?);
        Ok(n == 0)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The revision: bumped by every change, read by caches to know they are stale.
    pub async fn revision(&self) -> Result<i64> {
        on_db!(self, read, |p| Ok(sqlx::query_scalar("select value from meta where key = 'revision'")
            .fetch_one(p)
            .await?))
    }

    /// Marks the database as holding illustrative (demo) data: every page and export of it says so.
    pub async fn mark_illustrative(&self) -> Result<()> {
        on_db!(self, write, |p| {
            sqlx::query(
                "insert into meta (key, value) values ('illustrative', 1) on conflict (key) do update set value = 1",
            )
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// Whether the database holds illustrative (demo) data.
    pub async fn is_illustrative(&self) -> Result<bool> {
        let v: Option<i64> =
            on_db!(self, read, |p| sqlx::query_scalar("select value from meta where key = 'illustrative'")
                .fetch_optional(p)
                .await?);
        Ok(v == Some(1))
    }

    /// The revision and every area's change counter, read together.
    pub async fn counters(&self) -> Result<Counters> {
        let rows: Vec<(String, i64)> =
            on_db!(self, read, |p| sqlx::query_as("select key, value from meta").fetch_all(p).await?);
        let get = |k: &str| rows.iter().find(|(key, _)| key == k).map_or(0, |(_, v)| *v);
        let mut c = Counters { revision: get("revision"), areas: [0; 8] };
        for a in Area::ALL {
            c.areas[a.index()] = get(a.key());
        }
        Ok(c)
    }

    /// Writes a consistent copy of a SQLite database to `path` (`VACUUM INTO`), e.g. a backup.
    /// PostgreSQL has its own tools (pg_dump); here it is refused.
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        match self {
            Db::Sqlite { read, .. } => {
                sqlx::query("vacuum into $1").bind(path.display().to_string()).execute(read).await?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::BadUrl("backup_to is for SQLite; use pg_dump".into())),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { write, read } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }
}

/// A URL without its secrets, for messages and logs: the password of `user:pass@` and the value
/// of every query parameter that names one (`?password=`, `&sslpassword=`, …).
pub fn redact(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let mut out = match password_span(head) {
        Some((from, to)) => format!("{}***{}", &head[..from], &head[to..]),
        None => head.to_string(),
    };
    if let Some(q) = query {
        let params: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if is_secret_key(k) => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

/// A PostgreSQL URL without its password (`user:pass@`, `?password=`), and that password
/// percent-decoded: for the client programs (`pg_dump`, `pg_restore`), which then take it from
/// `PGPASSWORD` instead of their command line, where any user of the machine could read it.
pub fn password_apart(url: &str) -> (String, Option<String>) {
    let (head, query) = url.split_once('?').map_or((url, None), |(h, q)| (h, Some(q)));
    let mut password = None;
    let mut out = match password_span(head) {
        Some((from, to)) => {
            password = percent_decode(&head[from..to]);
            // The `:` before the password goes with it.
            format!("{}{}", &head[..from - 1], &head[to..])
        }
        None => head.to_string(),
    };
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| match p.split_once('=') {
                Some(("password", v)) => {
                    password = percent_decode(v);
                    false
                }
                _ => true,
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    (out, password)
}

/// Where the password of a URL's `user:pass@` stands in `head` (the URL before its query): the
/// byte range after the user's `:` up to the `@`.
fn password_span(head: &str) -> Option<(usize, usize)> {
    let scheme_end = head.find("://")? + 3;
    let at = head.rfind('@').filter(|&at| at > scheme_end)?;
    let colon = head[scheme_end..at].find(':')? + scheme_end;
    Some((colon + 1, at))
}

fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("pass") || k.contains("secret") || k.contains("token") || k == "sslkey"
}

/// The secrets a URL holds (its password, secret query values), as written and percent-decoded.
fn secrets(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let (head, query) = url.split_once('?').map_or((url, None), |(h, q)| (h, Some(q)));
    if let Some((from, to)) = password_span(head) {
        found.push(head[from..to].to_string());
    }
    for p in query.into_iter().flat_map(|q| q.split('&')) {
        if let Some((k, v)) = p.split_once('=')
            && is_secret_key(k)
        {
            found.push(v.to_string());
        }
    }
    let decoded: Vec<String> = found.iter().filter_map(|v| percent_decode(v)).collect();
    found.extend(decoded);
    found.retain(|v| !v.is_empty());
    // The longest first, so that a secret holding another is hidden whole.
    found.sort_by_key(|v| std::cmp::Reverse(v.len()));
    found
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A message about `url` with every secret of the URL hidden, wherever the message repeats it
/// (a driver's error may quote the URL or a part of it).
pub fn scrub(message: &str, url: &str) -> String {
    let mut out = message.to_string();
    for secret in secrets(url) {
        out = out.replace(&secret, "***");
    }
    out
}

/// Takes the revision row's lock: on PostgreSQL, writers that read before they write wait here for
/// one another (SQLite's `BEGIN IMMEDIATE` already does); the same text is valid on both.
pub(crate) const LOCK_WRITERS: &str = "update meta set value = value where key = 'revision'";

/// Bumps the revision; run inside a write transaction, returns the new revision.
pub(crate) const BUMP_REVISION: &str = "update meta set value = value + 1 where key = 'revision' returning value";

/// Bumps an area's counter ($1 = its key); run next to [`BUMP_REVISION`].
pub(crate) const BUMP_AREA: &str = "update meta set value = value + 1 where key = $1";

/// The last migration after which rows of the previous schema remain to be converted.
const KEEPS_LEGACY_ROWS: i64 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(redact("postgres://ntm:secret@localhost/ntm"), "postgres://ntm:***@localhost/ntm");
        assert_eq!(redact("sqlite://ntm.db"), "sqlite://ntm.db");
        // Every credential form libpq reads from a URL.
        assert_eq!(
            redact("postgres://ntm@localhost/ntm?password=hunter2&sslmode=require"),
            "postgres://ntm@localhost/ntm?password=***&sslmode=require"
        );
        assert_eq!(
            redact("postgres://localhost/ntm?user=ntm&PASSWORD=x&sslpassword=y"),
            "postgres://localhost/ntm?user=ntm&PASSWORD=***&sslpassword=***"
        );
        // And wherever a driver's message repeats them, as written or decoded.
        let url = "postgres://ntm:p%40ss@db/ntm?password=hunter2";
        let said = "error connecting to db as ntm with p@ss, p%40ss or hunter2";
        let clean = scrub(said, url);
        assert!(!clean.contains("p@ss") && !clean.contains("p%40ss") && !clean.contains("hunter2"), "{clean}");
        assert!(clean.contains("error connecting to db as ntm"));
    }

    #[test]
    fn a_password_is_taken_out_of_the_url_for_the_client_programs() {
        assert_eq!(
            password_apart("postgres://ntm:p%40ss@db:5432/ntm?sslmode=require"),
            ("postgres://ntm@db:5432/ntm?sslmode=require".to_string(), Some("p@ss".to_string()))
        );
        assert_eq!(
            password_apart("postgres://ntm@db/ntm?password=hunter2&sslmode=require"),
            ("postgres://ntm@db/ntm?sslmode=require".to_string(), Some("hunter2".to_string()))
        );
        assert_eq!(password_apart("postgres://ntm@db/ntm"), ("postgres://ntm@db/ntm".to_string(), None));
        assert_eq!(password_apart("postgres://db/ntm?password=x"), ("postgres://db/ntm".to_string(), Some("x".into())));
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        let names = |b: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(b);
            let mut v: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names("sqlite"), names("postgres"));
        assert!(!names("sqlite").is_empty());
    }
}
