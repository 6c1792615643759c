//! `ntm-store`: the only crate with SQL. One [`Db`] over an embedded SQLite (the default: one
//! writer connection, `BEGIN IMMEDIATE`, WAL) or PostgreSQL, with the same SQL text on both
//! wherever possible and migrations in `migrations/{sqlite,postgres}` with identical names.
//!
//! The API is shaped by use case: each method that changes state runs one transaction that also
//! writes its audit row and bumps the revision counter, so no transaction type leaves the crate.

mod audit;
mod registry;
mod units;
mod users;
mod values;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use audit::AuditRecord;
pub use registry::{AgencyRecord, LayerEntryRecord, LayerRecord, RecognitionRecord, TargetRecord};
pub use units::{LineageRecord, UnitRecord, UnitsOutcome};
pub use users::{NewUser, SessionRecord, UserRecord};
pub use values::{HistoryRecord, SaveOutcome, StoredValue, ValueEdit, ValueRecord};

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
    #[error("database: {0}")]
    Db(#[source] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate(d.message().to_string()),
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

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

pub(crate) use {in_tx, on_db};

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
            let write = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
            sqlx::migrate!("migrations/sqlite").run(&write).await?;
            let read = SqlitePoolOptions::new().max_connections(8).connect_with(options.read_only(true)).await?;
            Db::Sqlite { write, read }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new().max_connections(16).connect(url).await?;
            sqlx::migrate!("migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        } else {
            return Err(StoreError::BadUrl(redact(url)));
        };
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The change counter: bumped by every change, read by caches to know they are stale.
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

    /// (revision, structure): the structure counter changes when anything but values changes.
    pub async fn revisions(&self) -> Result<(i64, i64)> {
        let rows: Vec<(String, i64)> =
            on_db!(self, read, |p| sqlx::query_as("select key, value from meta").fetch_all(p).await?);
        let get = |k: &str| rows.iter().find(|(key, _)| key == k).map_or(0, |(_, v)| *v);
        Ok((get("revision"), get("structure")))
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

/// A URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Takes the revision row's lock: on PostgreSQL, writers that read before they write wait here for
/// one another (SQLite's `BEGIN IMMEDIATE` already does); the same text is valid on both.
pub(crate) const LOCK_WRITERS: &str = "update meta set value = value where key = 'revision'";

/// Bumps the revision; run inside a write transaction, returns the new revision.
pub(crate) const BUMP_REVISION: &str = "update meta set value = value + 1 where key = 'revision' returning value";

/// Marks a change of something other than values; run next to [`BUMP_REVISION`].
pub(crate) const BUMP_STRUCTURE: &str = "update meta set value = value + 1 where key = 'structure'";

/// Writes an audit row; binds (at, user_id, action, subject, detail, changes); returns its id.
pub(crate) const INSERT_AUDIT: &str =
    "insert into audit (at, user_id, action, subject, detail, changes) values ($1, $2, $3, $4, $5, $6) returning id";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(redact("postgres://ntm:secret@localhost/ntm"), "postgres://ntm:***@localhost/ntm");
        assert_eq!(redact("sqlite://ntm.db"), "sqlite://ntm.db");
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
