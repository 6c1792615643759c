//! The database's own check of itself (issue 11: after a crash, a full disk or a read-only
//! database, "no corruption" is asked of the database, not assumed), and `ntm check`'s: its
//! pages and links, the audit trail's consistency with what it recorded, and its migrations
//! against this binary's.

use std::str::FromStr;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::{Area, Db, Result, StoreError, on_db, redact};

/// One thing wrong with a database, as codes and figures (the command line words them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// What the database engine's own check says of its pages and indexes (SQLite's
    /// `integrity_check`), as it says it.
    Damaged(String),
    /// A row whose declared link (a foreign key) points at no row (SQLite's `foreign_key_check`).
    BrokenLink { table: String, row: i64 },
    /// Rows of `table` whose `column` names a row of `target` that does not exist: `count` of
    /// them, the first (smallest) missing id being `missing`.
    Orphans { table: &'static str, column: &'static str, target: &'static str, count: i64, missing: i64 },
    /// A change counter of `meta` is absent.
    CounterMissing { key: String },
    /// An area's counter is negative or ahead of the revision, which every change bumps with it.
    CounterOutOfRange { key: String, value: i64, revision: i64 },
    /// The revision is behind the largest revision a value was written at (a counter set back:
    /// servers would take new changes for old ones).
    RevisionBehind { revision: i64, largest: i64 },
    /// A `values.import` entry of the change log records `recorded` values changed, while the
    /// values it wrote (still current, or since replaced) are `found`.
    ChangesMismatch { audit_id: i64, recorded: i64, found: i64 },
    /// No migration table: not a database of ours, or an empty one.
    NoSchema,
    /// A migration of this binary not applied to the database.
    MigrationPending { version: i64, description: String },
    /// A migration that started and did not finish.
    MigrationFailed { version: i64, description: String },
    /// A migration applied with other text than this binary's (edited after it shipped).
    MigrationChecksum { version: i64, description: String },
    /// A migration applied that this binary does not know, after its last: the database is
    /// newer than the binary.
    MigrationNewer { version: i64, description: String },
    /// A migration applied that this binary does not know, among its own.
    MigrationUnknown { version: i64, description: String },
}

impl Problem {
    /// Which of `ntm check`'s three checks found it.
    pub fn check(&self) -> &'static str {
        match self {
            Problem::Damaged(_) | Problem::BrokenLink { .. } | Problem::Orphans { .. } => "integrity",
            Problem::CounterMissing { .. }
            | Problem::CounterOutOfRange { .. }
            | Problem::RevisionBehind { .. }
            | Problem::ChangesMismatch { .. } => "audit",
            Problem::NoSchema
            | Problem::MigrationPending { .. }
            | Problem::MigrationFailed { .. }
            | Problem::MigrationChecksum { .. }
            | Problem::MigrationNewer { .. }
            | Problem::MigrationUnknown { .. } => "migrations",
        }
    }

    /// A stable code for machines (`ntm check --format json`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Damaged(_) => "damaged",
            Problem::BrokenLink { .. } => "broken-link",
            Problem::Orphans { .. } => "orphans",
            Problem::CounterMissing { .. } => "counter-missing",
            Problem::CounterOutOfRange { .. } => "counter-out-of-range",
            Problem::RevisionBehind { .. } => "revision-behind",
            Problem::ChangesMismatch { .. } => "changes-mismatch",
            Problem::NoSchema => "no-schema",
            Problem::MigrationPending { .. } => "migration-pending",
            Problem::MigrationFailed { .. } => "migration-failed",
            Problem::MigrationChecksum { .. } => "migration-checksum",
            Problem::MigrationNewer { .. } => "migration-newer",
            Problem::MigrationUnknown { .. } => "migration-unknown",
        }
    }
}

/// Links the schema keeps without a foreign key (the values' tables since 0006): (table,
/// column, target table). Every one must name a row that exists; a null names none.
const LINKS: [(&str, &str, &str); 6] = [
    ("value", "audit_id", "audit"),
    ("value", "unit_id", "unit"),
    ("value", "element_id", "element"),
    ("value_change", "audit_id", "audit"),
    ("value_change", "old_audit_id", "audit"),
    ("value_change", "unit_id", "unit"),
];

/// The `values.import` entries whose change count is not the number of values they wrote: those
/// still current (`value.audit_id`) and those since replaced (`value_change.old_audit_id`).
const IMPORT_COUNTS: &str = "with written as (\
     select audit_id as id from value where audit_id is not null \
     union all select old_audit_id from value_change where old_audit_id is not null), \
     n as (select id, count(*) as n from written group by id) \
     select a.id, a.changes, coalesce(n.n, 0) from audit a left join n on n.id = a.id \
     where a.action = 'values.import' and a.changes <> coalesce(n.n, 0) order by a.id";

impl Db {
    /// Opens a database as it is, without migrating it or creating it (`ntm check`: a check
    /// changes nothing, and names the migrations not applied rather than applying them).
    pub async fn open_as_is(url: &str) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|_| StoreError::BadUrl(redact(url)))?
                .create_if_missing(false);
            let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
            Ok(Db::Sqlite { write: pool.clone(), read: pool })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Db::Postgres(PgPoolOptions::new().max_connections(2).connect(url).await?))
        } else {
            Err(StoreError::BadUrl(redact(url)))
        }
    }

    /// Everything the database finds wrong with itself: empty when whole.
    ///
    /// Migrations: every migration of this binary applied, none failed, each with the checksum
    /// of this binary's text; one unknown to the binary is named (a database newer than it).
    /// When they do not match, the rest is not asked (the schema is not the one the checks read).
    ///
    /// Integrity: SQLite's `PRAGMA integrity_check` (every page, index and constraint) and
    /// `PRAGMA foreign_key_check`; PostgreSQL guards its pages and foreign keys itself
    /// (write-ahead log, crash recovery on start). On both, the links the schema keeps without a
    /// foreign key ([`LINKS`]).
    ///
    /// Audit consistency: the revision and every area's counter present; each area's counter
    /// between 0 and the revision (a change bumps both); the revision not behind any value's;
    /// each `values.import` entry's change count equal to the values it wrote.
    pub async fn integrity_problems(&self) -> Result<Vec<Problem>> {
        let mut out = self.migration_problems().await?;
        if !out.is_empty() {
            return Ok(out);
        }
        if let Db::Sqlite { read, .. } = self {
            let pages: Vec<String> = sqlx::query_scalar("pragma integrity_check").fetch_all(read).await?;
            out.extend(pages.into_iter().filter(|line| line != "ok").map(Problem::Damaged));
            let broken: Vec<(String, Option<i64>)> =
                sqlx::query_as("select \"table\", rowid from pragma_foreign_key_check").fetch_all(read).await?;
            out.extend(broken.into_iter().map(|(table, row)| Problem::BrokenLink { table, row: row.unwrap_or(0) }));
        }
        for (table, column, target) in LINKS {
            let sql = format!(
                "select count(*), coalesce(min(x.{column}), 0) from {table} x where x.{column} is not null \
                 and not exists (select 1 from {target} t where t.id = x.{column})"
            );
            let (count, missing): (i64, i64) =
                on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_one(p).await?);
            if count > 0 {
                out.push(Problem::Orphans { table, column, target, count, missing });
            }
        }
        out.extend(self.audit_problems().await?);
        Ok(out)
    }

    async fn audit_problems(&self) -> Result<Vec<Problem>> {
        let mut out = Vec::new();
        let meta: Vec<(String, i64)> =
            on_db!(self, read, |p| sqlx::query_as("select key, value from meta").fetch_all(p).await?);
        let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
        let Some(revision) = get("revision") else {
            out.push(Problem::CounterMissing { key: "revision".into() });
            return Ok(out);
        };
        for area in Area::ALL {
            match get(area.key()) {
                None => out.push(Problem::CounterMissing { key: area.key().into() }),
                Some(v) if v < 0 || v > revision => {
                    out.push(Problem::CounterOutOfRange { key: area.key().into(), value: v, revision })
                }
                Some(_) => {}
            }
        }
        let largest: Option<i64> =
            on_db!(self, read, |p| sqlx::query_scalar("select max(revision) from value").fetch_one(p).await?);
        if let Some(largest) = largest.filter(|l| *l > revision) {
            out.push(Problem::RevisionBehind { revision, largest });
        }
        let counts: Vec<(i64, i64, i64)> = on_db!(self, read, |p| sqlx::query_as(IMPORT_COUNTS).fetch_all(p).await?);
        out.extend(counts.into_iter().map(|(audit_id, recorded, found)| Problem::ChangesMismatch {
            audit_id,
            recorded,
            found,
        }));
        Ok(out)
    }

    /// The applied migrations against this binary's.
    async fn migration_problems(&self) -> Result<Vec<Problem>> {
        let table: Option<String> = match self {
            Db::Sqlite { read, .. } => {
                sqlx::query_scalar("select name from sqlite_master where type = 'table' and name = '_sqlx_migrations'")
                    .fetch_optional(read)
                    .await?
            }
            Db::Postgres(p) => sqlx::query_scalar("select to_regclass('_sqlx_migrations')::text").fetch_one(p).await?,
        };
        if table.is_none() {
            return Ok(vec![Problem::NoSchema]);
        }
        let migrator = match self {
            Db::Sqlite { .. } => sqlx::migrate!("migrations/sqlite"),
            Db::Postgres(_) => sqlx::migrate!("migrations/postgres"),
        };
        let applied: Vec<(i64, String, bool, Vec<u8>)> = on_db!(self, read, |p| sqlx::query_as(
            "select version, description, success, checksum from _sqlx_migrations order by version"
        )
        .fetch_all(p)
        .await?);
        let last = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let mut out = Vec::new();
        for (version, description, success, checksum) in &applied {
            let (version, description) = (*version, description.clone());
            match migrator.iter().find(|m| m.version == version) {
                None if version > last => out.push(Problem::MigrationNewer { version, description }),
                None => out.push(Problem::MigrationUnknown { version, description }),
                Some(_) if !success => out.push(Problem::MigrationFailed { version, description }),
                Some(m) if *m.checksum != **checksum => out.push(Problem::MigrationChecksum { version, description }),
                Some(_) => {}
            }
        }
        for m in migrator.iter() {
            if !applied.iter().any(|(v, ..)| *v == m.version) {
                out.push(Problem::MigrationPending { version: m.version, description: m.description.to_string() });
            }
        }
        Ok(out)
    }
}
