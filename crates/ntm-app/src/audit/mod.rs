//! The change log, read per request (never held in the live state): who changed what, when,
//! as typed events that each page words in its reader's language.

use ntm_domain::{Action, can};
use ntm_store::{AuditQuery, AuditRecord};

use crate::{App, AppError, User};

/// Rows of the change log per page.
pub const AUDIT_PAGE: i64 = 100;

/// One page of the change log, newest first, and where the next one starts.
#[derive(Clone, Debug)]
pub struct ChangeLog {
    pub rows: Vec<AuditRecord>,
    /// The id to ask rows before, for the next page (none when this is the last).
    pub next_before: Option<i64>,
}

impl App {
    /// A page of the change log, for those who may see it.
    pub async fn change_log(&self, user: &User, before: Option<i64>) -> Result<ChangeLog, AppError> {
        if !can(Some(&user.principal), Action::ViewAudit, &self.live().tree, false) {
            return Err(AppError::Forbidden);
        }
        let mut rows = self.db.audit_log(&AuditQuery { before, limit: AUDIT_PAGE + 1 }).await?;
        let more = rows.len() > usize::try_from(AUDIT_PAGE).unwrap_or(usize::MAX);
        rows.truncate(usize::try_from(AUDIT_PAGE).unwrap_or(usize::MAX));
        let next_before = if more { rows.last().map(|r| r.id) } else { None };
        Ok(ChangeLog { rows, next_before })
    }
}
