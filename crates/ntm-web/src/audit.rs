//! The audit area: the change log, worded in the reader's language from its typed events.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use ntm_app::App;
use ntm_domain::audit::Event;
use ntm_domain::time::vietnam_time_label;
use ntm_text::T;
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Visitor;
use crate::shell::html;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/audit", get(audit))
}

/// An event's details in words.
pub fn detail(t: T, e: &Event) -> String {
    match e {
        Event::ValuesSaved { values, .. } => t.event_values(*values),
        Event::ValuesImported { values, rows, .. } => t.event_values_rows(*values, *rows),
        Event::UnitsImported { units, links, .. } => t.event_units(units, links),
        Event::ThresholdSet { old, old_citation, new, citation, .. } => {
            let old = old.as_deref().unwrap_or("—");
            match old_citation {
                Some(c) => t.event_threshold_recited(old, c, new, citation),
                None => t.event_threshold(old, new, citation),
            }
        }
        Event::AccountAdded { role, .. } => t.event_role(crate::accounts::role_words(t, role)),
        Event::PasswordSet { .. } => t.event_password().into(),
        Event::AccountLocked { .. } => t.event_locked().into(),
        Event::AccountUnlocked { .. } => t.event_unlocked().into(),
        Event::AgencyAdded { name, .. } => name.clone(),
        Event::AgencyCriterionAssigned { set, criterion, .. } => t.event_criterion(criterion, set),
        Event::TargetAdded { title, title_en, .. } => match t.lang {
            ntm_domain::Lang::En if !title_en.is_empty() => title_en.clone(),
            _ => title.clone(),
        },
        Event::RecognitionAdded { level, decision, decided_on, .. } => {
            let date =
                ntm_domain::Date::parse(decided_on).map(|d| d.to_vietnamese()).unwrap_or_else(|_| decided_on.clone());
            t.event_recognition(t.recognition_level(level), decision, date)
        }
        Event::Unknown { .. } => t.event_unknown().into(),
    }
}

/// One row of the log, in words.
struct AuditRow {
    when: String,
    who: String,
    action: String,
    subject: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<AuditRow>,
    /// The next page's address, if there is one.
    next_href: Option<String>,
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    before: Option<i64>,
}

async fn audit(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let log = app.change_log(user, q.before).await?;
    let t = v.t();
    let rows = log
        .rows
        .iter()
        .map(|a| AuditRow {
            when: vietnam_time_label(a.at),
            who: a.username.clone().unwrap_or_else(|| "—".into()),
            action: format!("{} ({})", t.action_name(a.event.action()), a.event.action()),
            subject: a.subject.clone(),
            detail: detail(t, &a.event),
        })
        .collect();
    let next_href = log.next_before.map(|id| format!("/audit?before={id}"));
    let chrome = Chrome::new(&v, t.audit_title(), "audit", "", "");
    html(&AuditPage { chrome, rows, next_href })
}
