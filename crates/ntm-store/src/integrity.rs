//! The database's own check of itself (issue 11: after a crash, a full disk or a read-only
//! database, "no corruption" is asked of the database, not assumed).

use crate::{Db, Result};

impl Db {
    /// What the database finds wrong with its own pages and links: empty when whole. SQLite:
    /// `PRAGMA integrity_check` (every page, index and constraint) and `PRAGMA
    /// foreign_key_check`. PostgreSQL guards its pages itself (write-ahead log, crash recovery
    /// on start); it is asked whether the database opens and answers, so the list is empty.
    pub async fn integrity_problems(&self) -> Result<Vec<String>> {
        match self {
            Db::Sqlite { read, .. } => {
                let mut out: Vec<String> = sqlx::query_scalar("pragma integrity_check")
                    .fetch_all(read)
                    .await?
                    .into_iter()
                    .filter(|line: &String| line != "ok")
                    .collect();
                let broken: Vec<(String, Option<i64>)> =
                    sqlx::query_as("select \"table\", rowid from pragma_foreign_key_check").fetch_all(read).await?;
                out.extend(
                    broken.into_iter().map(|(table, row)| format!("{table} row {}: a broken link", row.unwrap_or(0))),
                );
                Ok(out)
            }
            Db::Postgres(p) => {
                sqlx::query_scalar::<_, i32>("select 1").fetch_one(p).await?;
                Ok(Vec::new())
            }
        }
    }
}
