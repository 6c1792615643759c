//! One fresh database per test and backend: a temporary SQLite file, or a new PostgreSQL
//! database created on the server of `NTM_TEST_DATABASE_URL` and dropped afterwards.

use std::sync::atomic::{AtomicU64, Ordering};

use ntm_store::Db;
use sqlx::Connection;

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub struct TestDb {
    pub db: Db,
    pub name: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, database: String },
}

fn unique() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos)
}

/// The PostgreSQL server URL for tests, if any; under CI its absence is a failure, not a skip.
pub fn postgres_url() -> Option<String> {
    match std::env::var("NTM_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI is set but NTM_TEST_DATABASE_URL is not: the PostgreSQL tests must run under CI")
        }
        _ => None,
    }
}

/// Replaces the database name of a PostgreSQL URL.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{}", &base[..path_start], database);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// An empty database, not yet opened by the store (no schema).
pub struct Blank {
    pub name: &'static str,
    pub url: String,
    cleanup: Cleanup,
}

impl Blank {
    /// Opens it with the store (which migrates it to the last schema).
    pub async fn open(self) -> TestDb {
        let db = Db::connect(&self.url).await.unwrap_or_else(|e| panic!("{}: {e}", self.name));
        TestDb { db, name: self.name, cleanup: self.cleanup }
    }
}

/// Empty databases, one per backend available.
pub async fn blanks() -> Vec<Blank> {
    let mut out = Vec::new();
    let path = std::env::temp_dir().join(format!("ntm-store-{}.db", unique()));
    out.push(Blank {
        name: "sqlite",
        url: format!("sqlite://{}?mode=rwc", path.display()),
        cleanup: Cleanup::File(path),
    });
    if let Some(url) = postgres_url() {
        let database = format!("ntm_test_{}", unique());
        let mut admin = sqlx::PgConnection::connect(&url).await.expect("connect to NTM_TEST_DATABASE_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {database}"))).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        out.push(Blank {
            name: "postgres",
            url: with_database(&url, &database),
            cleanup: Cleanup::Postgres { admin_url: url, database },
        });
    }
    out
}

/// Fresh databases of the last schema, one per backend available.
pub async fn databases() -> Vec<TestDb> {
    let mut out = Vec::new();
    for b in blanks().await {
        out.push(b.open().await);
    }
    out
}

impl TestDb {
    pub async fn drop_db(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, database } => {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists {database} with (force)")))
                    .execute(&mut admin)
                    .await
                    .unwrap();
            }
        }
    }
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(with_database("postgres://u:p@h:5432/postgres", "x"), "postgres://u:p@h:5432/x");
    assert_eq!(with_database("postgres://h/db?sslmode=disable", "x"), "postgres://h/x?sslmode=disable");
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
