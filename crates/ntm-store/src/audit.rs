//! The audit trail: one row per change, written in the change's own transaction.

use crate::{Db, Result, on_db};

/// One audited change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub changes: i64,
}

type Row = (i64, i64, Option<i64>, Option<String>, String, String, String, i64);

impl Db {
    /// The latest audit rows, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditRecord>> {
        let rows: Vec<Row> = on_db!(self, read, |p| sqlx::query_as(
            "select a.id, a.at, a.user_id, u.username, a.action, a.subject, a.detail, a.changes \
             from audit a left join app_user u on u.id = a.user_id order by a.id desc limit $1"
        )
        .bind(limit)
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(id, at, user_id, username, action, subject, detail, changes)| AuditRecord {
                id,
                at,
                user_id,
                username,
                action,
                subject,
                detail,
                changes,
            })
            .collect())
    }
}
