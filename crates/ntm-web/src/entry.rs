//! The entry area: the data-entry form of one unit and period, its save (all or nothing, with
//! concurrent-edit conflicts), and a value's history. A save whose session ended or changed keeps
//! what was typed: the sign-in page carries it back, and nothing is saved until Save is pressed
//! again.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::entry::{EntryForm, FieldKind, SaveResult, ShownValue, SubmittedField, ValueHistory, YesNo};
use ntm_domain::Period;
use ntm_domain::explain::period_label;
use ntm_text::T;

use crate::accounts::login_page;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::Visitor;
use crate::shell::{PageQuery, html, param};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/entry/{code}/{period}", get(entry).post(save_entry))
        .route("/history/{code}/{period}/{element}", get(history))
        .route("/api/v1/history/{code}/{period}/{element}", get(api_history))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let paths = serde_json::json!({
        "/api/v1/history/{code}/{period}/{element}": { "get": {
            "summary": "A value's history, newest first: who changed it, when, from what to what (signed in)",
            "parameters": [
                param("code", "path", true, "GSO code of the unit"),
                param("period", "path", true, "A year (2024) or a quarter (2024Q3)"),
                param("element", "path", true, "Indicator or raw element id, e.g. 3.1"),
                param("set", "query", false, "Criteria set id (default: the configured set)"),
                param("lang", "query", false, "vi (default) or en")
            ],
            "responses": {
                "200": { "description": "The value's history", "content": { "application/json": {} } },
                "401": { "description": "Sign in first: the history names the officials who changed the value" },
                "404": { "description": "Unknown unit, set, element or period" }
            } } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

#[derive(Template)]
#[template(path = "entry/entry.html")]
struct EntryPage {
    chrome: Chrome,
    f: EntryForm,
    /// Why the values shown are not saved yet (the form came back from a failed submit).
    notice: Option<&'static str>,
}

pub(crate) fn entry_page(
    v: &Visitor,
    f: EntryForm,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let chrome =
        Chrome::new(v, &format!("{} — {}", v.t().entry_title(), f.unit.name), "", &f.ctx.set_id, &f.ctx.period);
    let mut res = html(&EntryPage { chrome, f, notice })?;
    *res.status_mut() = status;
    Ok(res)
}

async fn entry(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let set_id = q.set_id(&app);
    let form = app.entry_form(&code, &set_id, &period, user, v.lang).await?;
    if !form.can_save {
        return Err(WebError::Forbidden);
    }
    entry_page(&v, form, None, StatusCode::OK)
}

/// Groups `v:` (value), `d:` (denominator) and `s:` ("revision|original" shown) fields by
/// element; only elements whose value was posted count.
pub(crate) fn submitted(form: &[(String, String)]) -> HashMap<String, SubmittedField> {
    let mut out: HashMap<String, SubmittedField> = HashMap::new();
    for (k, v) in form {
        if let Some(e) = k.strip_prefix("v:") {
            out.entry(e.to_string()).or_default().text = v.clone();
        }
    }
    for (k, v) in form {
        let Some((prefix, e)) = k.split_once(':') else { continue };
        let Some(f) = out.get_mut(e) else { continue };
        match prefix {
            "d" => f.denominator = v.clone(),
            "s" => {
                let (revision, original) = v.split_once('|').unwrap_or((v.as_str(), ""));
                f.revision = revision.parse().unwrap_or(-1);
                f.original = original.to_string();
            }
            _ => {}
        }
    }
    out
}

/// The fields of an entry form that hold what was typed: values, denominators, and the version
/// each was typed against.
pub(crate) fn typed_fields(form: &[(String, String)]) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| ["v:", "d:", "s:"].iter().any(|p| k.starts_with(p))).cloned().collect()
}

/// The unit code, period and set of an entry page address (`/entry/CODE/PERIOD?set=ID`).
pub(crate) fn entry_address(path_and_query: &str) -> Option<(String, String, Option<String>)> {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut segments = path.strip_prefix("/entry/")?.split('/');
    let (code, period) = (segments.next()?, segments.next()?);
    if segments.next().is_some() || code.is_empty() || period.is_empty() {
        return None;
    }
    let set = query.split('&').find_map(|kv| kv.strip_prefix("set=")).filter(|s| !s.is_empty()).map(String::from);
    Some((code.to_string(), period.to_string(), set))
}

async fn save_entry(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let set_id = q.set_id(&app);
    // Nothing typed is lost to an expired or changed session: without a session the sign-in
    // page carries the typed values back; with a different session's form the values come
    // back to check and save again. Neither saves anything.
    let typed = typed_fields(&form);
    let Some(user) = v.user.as_ref() else {
        if typed.is_empty() {
            return Err(WebError::SignIn);
        }
        let next = v.path_and_query.clone();
        return login_page(
            &v,
            None,
            Some(v.t().session_expired_kept()),
            next,
            String::new(),
            typed,
            StatusCode::UNAUTHORIZED,
        );
    };
    if v.check_csrf(&form).is_err() {
        let f = app.restored_entry_form(&code, &set_id, &period, user, &submitted(&form), v.lang).await?;
        if !f.can_save {
            return Err(WebError::Forbidden);
        }
        return entry_page(&v, f, Some(v.t().form_expired_kept()), StatusCode::BAD_REQUEST);
    }
    match app.save_entry(&code, &set_id, &period, user, submitted(&form), v.lang).await? {
        SaveResult::Saved(f) => entry_page(&v, f, None, StatusCode::OK),
        SaveResult::Invalid(f) => entry_page(&v, f, None, StatusCode::UNPROCESSABLE_ENTITY),
        SaveResult::Conflict(f) => entry_page(&v, f, None, StatusCode::CONFLICT),
    }
}

/// One line of a value's history, in words.
struct HistoryRow {
    when: String,
    who: String,
    old: String,
    new: String,
    change: String,
}

fn shown(t: T, v: &Option<ShownValue>, yes_no: YesNo) -> String {
    match v {
        None => "—".into(),
        Some(ShownValue::Number(n)) => n.clone(),
        Some(ShownValue::Answer(true)) => t.answer_yes(yes_no.code()).into(),
        Some(ShownValue::Answer(false)) => t.answer_no(yes_no.code()).into(),
    }
}

#[derive(Template)]
#[template(path = "entry/history.html")]
struct HistoryPage {
    chrome: Chrome,
    code: String,
    unit_name: String,
    h: ValueHistory,
    rows: Vec<HistoryRow>,
    period_label: String,
}

async fn history(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, element)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    // Who changed what names officials: for signed-in users only, even when reading is public.
    v.require_user()?;
    let set_id = q.set_id(&app);
    let h = app.value_history(&code, &set_id, &element, &period, v.lang).await?;
    let p = Period::parse(&period).map_err(|_| WebError::NotFound)?;
    let unit_name = {
        let live = app.live();
        live.tree.resolve(&code, p).map(|u| live.tree.unit(u).name.clone()).unwrap_or_else(|_| code.clone())
    };
    let t = v.t();
    let rows = h
        .rows
        .iter()
        .map(|r| HistoryRow {
            when: r.when.clone(),
            who: r.who.clone(),
            old: shown(t, &r.old, h.yes_no),
            new: shown(t, &r.new, h.yes_no),
            change: match &r.source {
                Some(file) => format!("{} ({file})", t.action_name(&r.action)),
                None => t.action_name(&r.action).into(),
            },
        })
        .collect();
    let chrome = Chrome::new(&v, t.history_title(), "", &set_id, &period);
    html(&HistoryPage { chrome, code, unit_name, h, rows, period_label: period_label(p, v.lang) })
}

async fn api_history(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, element)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_user()?;
    let set_id = q.set_id(&app);
    let h = app.value_history(&code, &set_id, &element, &period, v.lang).await?;
    Ok(axum::Json(h).into_response())
}
