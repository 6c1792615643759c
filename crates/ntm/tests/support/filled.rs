//! Databases for the archive's tests (issue 11): scratch directories, blank PostgreSQL
//! databases, and a database holding every kind of row.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use ntm_store::Db;

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A scratch directory of the test (removed when dropped).
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ntm-archive-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn sqlite(&self, name: &str) -> String {
        format!("sqlite://{}", self.path(name).display())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Blank PostgreSQL databases on the server of `NTM_TEST_DATABASE_URL` (dropped when dropped), or
/// `None` (skipped; refused under CI).
pub struct Postgres {
    admin: String,
    label: String,
    made: std::cell::RefCell<Vec<String>>,
}

impl Postgres {
    pub fn new(label: &str) -> Option<Postgres> {
        let Ok(admin) = std::env::var("NTM_TEST_DATABASE_URL") else {
            assert!(std::env::var_os("CI").is_none(), "CI is set but NTM_TEST_DATABASE_URL is not");
            eprintln!("skipped: NTM_TEST_DATABASE_URL names no PostgreSQL server");
            return None;
        };
        Some(Postgres { admin, label: label.into(), made: Default::default() })
    }

    fn psql(&self, sql: &str) {
        let o = Command::new("psql").args([self.admin.as_str(), "-q", "-c", sql]).output().expect("psql");
        assert!(o.status.success(), "{sql}: {}", String::from_utf8_lossy(&o.stderr));
    }

    pub fn blank(&self) -> String {
        let name = format!("ntm_archive_{}_{}_{}", self.label, std::process::id(), self.made.borrow().len());
        self.psql(&format!("drop database if exists {name} with (force)"));
        self.psql(&format!("create database {name}"));
        self.made.borrow_mut().push(name.clone());
        let base = self.admin.rsplit_once('/').map_or(self.admin.as_str(), |(b, _)| b);
        format!("{base}/{name}")
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        for name in self.made.borrow().iter() {
            let _ = Command::new("psql")
                .args([self.admin.as_str(), "-q", "-c", &format!("drop database if exists {name} with (force)")])
                .output();
        }
    }
}

/// Rows for the tables the demo leaves empty (each inserted only if its table is).
const EXTRA_ROWS: &[(&str, &str)] = &[
    (
        "lineage",
        "insert into lineage (from_id, to_id, kind, on_date) select min(id), max(id), 'part', '2025-07-01' from unit",
    ),
    (
        "session",
        "insert into session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at) \
         select 'ab12', min(id), 'csrf', 1, 2, 3, 0 from app_user",
    ),
    ("login_attempt", "insert into login_attempt (username, ip, at, ok) values ('vanphong', '127.0.0.1', 5, 1)"),
    (
        "value_change",
        "insert into value_change (unit_id, element_id, period, old_kind, old_num, old_den, old_audit_id, audit_id) \
         select unit_id, element_id, period, kind, num, den, null, audit_id from value order by unit_id, element_id, period limit 1",
    ),
    (
        "report_attachment",
        "insert into report_attachment (report_id, name, content_type, size, bytes, added_by, added_at) \
         select min(id), 'a.png', 'image/png', 256, $1, null, 7 from report",
    ),
    (
        "reason",
        "insert into reason (unit_id, set_id, criterion, period, reason, solution, changed_by, changed_at) \
         select min(id), 'xa-ntm-2021-2025', '2', '2024', 'Thiếu vốn', 'Huy động', null, 9 from unit",
    ),
    (
        "value_lock",
        "insert into value_lock (report_id, unit_id, period, set_id, criterion) \
         select min(r.id), min(u.id), '2024', 'xa-ntm-2021-2025', '' from report r, unit u",
    ),
];

/// The demo in the database at `url`, and a row in every table it leaves empty: every table
/// holds at least one row.
pub fn fill(url: &str) {
    rt().block_on(async {
        let db = Db::connect(url).await.unwrap();
        ntm_app::demo::build(&db, true).await.unwrap();
        let empty = |counts: &ntm_store::archive::Counts| -> Vec<String> {
            counts.tables.iter().filter(|(_, n)| *n == 0).map(|(t, _)| t.clone()).collect()
        };
        for table in empty(&db.row_counts().await.unwrap()) {
            for (_, sql) in EXTRA_ROWS.iter().filter(|(t, _)| *t == table) {
                // A blob of every byte where one is asked for.
                let (every_byte, blob): (Vec<u8>, bool) = ((0..=255).collect(), sql.contains("$1"));
                match &db {
                    Db::Sqlite { write, .. } => {
                        let q = sqlx::query(sqlx::AssertSqlSafe(*sql));
                        if blob { q.bind(every_byte) } else { q }.execute(write).await.unwrap();
                    }
                    Db::Postgres(p) => {
                        let q = sqlx::query(sqlx::AssertSqlSafe(*sql));
                        if blob { q.bind(every_byte) } else { q }.execute(p).await.unwrap();
                    }
                }
            }
        }
        let left = empty(&db.row_counts().await.unwrap());
        assert!(left.is_empty(), "tables still empty: {left:?}");
        db.close().await;
    });
}
