//! The audit area: the change log, worded in the reader's language from its typed events.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_domain::audit::Event;
use ntm_domain::time::vietnam_time_label;
use ntm_text::T;
use serde::{Deserialize, Serialize};

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Visitor;
use crate::shell::{html, param};

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/audit", get(audit)).route("/api/v1/audit", get(api_audit))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let paths = serde_json::json!({
        "/api/v1/audit": { "get": {
            "summary": "The change log, newest first, 100 rows a page: each change as its action code and arguments (signed in, office or administrator)",
            "parameters": [param("before", "query", false, "Only changes older than this id (the previous page's next_before)")],
            "responses": {
                "200": { "description": "A page of the change log", "content": { "application/json": {} } },
                "401": { "description": "Sign in first" },
                "403": { "description": "The account may not read the change log" }
            } } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The instant of a change for the API: RFC 3339 in UTC (the store keeps UTC).
pub(crate) fn instant(ms: i64) -> String {
    ntm_domain::time::utc_rfc3339(ms).unwrap_or_default()
}

/// One change of the log, as the API gives it: codes and arguments, no words.
#[derive(Serialize)]
struct ApiChange {
    id: i64,
    at: String,
    user: Option<String>,
    action: String,
    subject: String,
    args: serde_json::Map<String, serde_json::Value>,
    changes: i64,
}

#[derive(Serialize)]
struct ApiChangeLog {
    changes: Vec<ApiChange>,
    /// Ask `?before=` this id for the next page; absent on the last.
    next_before: Option<i64>,
}

async fn api_audit(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let log = app.change_log(user, q.before).await?;
    let changes = log
        .rows
        .iter()
        .map(|a| ApiChange {
            id: a.id,
            at: instant(a.at),
            user: a.username.clone(),
            action: a.event.action().to_string(),
            subject: a.subject.clone(),
            args: ntm_store::audit::args_object(&a.event),
            changes: a.changes,
        })
        .collect();
    Ok(axum::Json(ApiChangeLog { changes, next_before: log.next_before }).into_response())
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
        Event::SetStored { source, .. } => source.clone(),
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
