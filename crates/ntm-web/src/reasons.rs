//! The reasons area at the edge: the form on which the responsible unit writes the reason of a
//! shortfall and its solution (`/reasons/{unit}/{criterion}`, reached from each warning), the
//! office's list of every reason of a period (`/reasons`) and its JSON twin (`/api/v1/reasons`),
//! and the short line a warning shows when a reason answers it.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use ntm_app::page::{UnitRef, choose_period, unit_ref};
use ntm_app::reasons::{MAX_CHARS, ReasonDraft, may_write};
use ntm_app::{App, Live};
use ntm_domain::{CriteriaSet, Period, Warning};
use ntm_text::T;
use serde::{Deserialize, Serialize};

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::session::{SignedInForm, Text, Visitor};

/// The characters a warning's line shows of its reason.
const SHORT: usize = 120;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/reasons", get(list_page))
        .route("/api/v1/reasons", get(api_list))
        .route("/reasons/{unit}/{criterion}", get(form_page).post(save))
}

/// The id of a warning's criterion in the set, or `all` for the whole standard.
pub fn criterion_code(set: &CriteriaSet, criterion: Option<usize>) -> String {
    criterion.and_then(|i| set.criteria().get(i)).map_or_else(|| "all".to_string(), |c| c.id.clone())
}

/// The reason written for a warning's unit and criterion in the period, on one short line
/// (empty: none).
pub fn answer_of(live: &Live, set_id: &str, period: Period, w: &Warning) -> String {
    let Some(set) = live.set(set_id) else { return String::new() };
    let criterion = criterion_code(set, w.criterion);
    let code = period.code();
    live.roadmap
        .reasons
        .iter()
        .find(|r| r.unit == w.unit && r.set_id == set_id && r.criterion == criterion && r.period == code)
        .map(|r| short(&r.reason))
        .unwrap_or_default()
}

fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > SHORT || line.len() < text.len() {
        format!("{}…", line.chars().take(SHORT).collect::<String>())
    } else {
        line.to_string()
    }
}

#[derive(Deserialize, Default)]
struct ReasonQuery {
    set: Option<String>,
    period: Option<String>,
    saved: Option<String>,
}

fn set_and_period(app: &App, q: &ReasonQuery) -> Result<(String, Period), WebError> {
    let set_id = crate::shell::set_or_default(app, q.set.as_deref());
    let period = choose_period(&app.live(), &set_id, q.period.as_deref())?;
    Ok((set_id, period))
}

/// One reason as the office's list shows it.
#[derive(Serialize, Clone, Debug)]
pub struct ReasonRow {
    pub unit: UnitRef,
    /// A criterion id, or `all`.
    pub criterion: String,
    pub criterion_name: String,
    /// The warnings of the unit and criterion now: codes, and in words.
    pub kinds: Vec<&'static str>,
    pub kind_words: Vec<String>,
    pub reason: String,
    pub solution: String,
    /// Who wrote it (name and account; empty: the command line) and when (RFC 3339, UTC).
    pub who: String,
    pub when: String,
}

async fn rows(app: &App, set_id: &str, period: Period, t: T) -> Result<Vec<ReasonRow>, WebError> {
    let reasons = app.reasons(set_id, period);
    let people: HashMap<i64, String> = if reasons.iter().any(|r| r.changed_by.is_some()) {
        app.db
            .users()
            .await
            .map_err(ntm_app::AppError::from)?
            .into_iter()
            .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
            .collect()
    } else {
        HashMap::new()
    };
    let warnings = app.warnings(set_id, period)?;
    let live = app.live();
    let set = live.set(set_id).ok_or(WebError::NotFound)?;
    Ok(reasons
        .into_iter()
        .map(|r| {
            let now: Vec<&Warning> = warnings
                .iter()
                .filter(|w| w.unit == r.unit && criterion_code(set, w.criterion) == r.criterion)
                .collect();
            ReasonRow {
                unit: unit_ref(&live, r.unit),
                criterion_name: criterion_name(set, &r.criterion, t),
                kinds: now.iter().map(|w| w.kind.code()).collect(),
                kind_words: now.iter().map(|w| t.warning_kind(w.kind.code()).to_string()).collect(),
                criterion: r.criterion,
                reason: r.reason,
                solution: r.solution,
                who: r.changed_by.and_then(|id| people.get(&id).cloned()).unwrap_or_default(),
                when: crate::audit::instant(r.changed_at),
            }
        })
        .collect())
}

fn criterion_name(set: &CriteriaSet, criterion: &str, t: T) -> String {
    match set.criteria().iter().find(|c| c.id == criterion) {
        Some(c) => format!("{}. {}", c.id, t.lang.pick(&c.name_vi, &c.name_en)),
        None => t.reasons_whole().to_string(),
    }
}

#[derive(Template)]
#[template(path = "reasons/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<ReasonRow>,
    period_label: String,
    set_id: String,
    period: String,
}

async fn list_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<ReasonQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let (set_id, period) = set_and_period(&app, &q)?;
    let t = v.t();
    let rows = rows(&app, &set_id, period, t).await?;
    let period_label = ntm_domain::explain::period_label(period, v.lang);
    let chrome = Chrome::new(&v, t.reasons_title(), "overview", &set_id, &period.code());
    Ok(Html(ListPage { chrome, rows, period_label, set_id, period: period.code() }.render()?).into_response())
}

async fn api_list(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<ReasonQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    let (set_id, period) = set_and_period(&app, &q)?;
    Ok(axum::Json(rows(&app, &set_id, period, v.t()).await?).into_response())
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    use crate::shell::{ok, param};
    let paths = serde_json::json!({
        "/api/v1/reasons": { "get": {
            "summary": "Every reason written for a criterion not met, of a period: unit, criterion, cause, measures, who and when",
            "parameters": [param("set", "query", false, "Criteria set id; default the set of the district's communes"),
                           param("period", "query", false, "Year (2024) or quarter (2024Q3); default the latest with data"),
                           param("lang", "query", false, "vi (default) or en")],
            "responses": ok("Reasons") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

#[derive(Template)]
#[template(path = "reasons/form.html")]
struct FormPage {
    chrome: Chrome,
    unit: UnitRef,
    criterion: String,
    criterion_name: String,
    set_id: String,
    period: String,
    period_label: String,
    /// The warnings it answers, in words.
    warnings: Vec<(String, String)>,
    reason: String,
    solution: String,
    max: usize,
    saved: bool,
}

async fn form_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, criterion)): Path<(String, String)>,
    Query(q): Query<ReasonQuery>,
) -> Result<Response, WebError> {
    let user = v.require_user()?.clone();
    let (set_id, period) = set_and_period(&app, &q)?;
    let t = v.t();
    let list = app.warnings(&set_id, period)?;
    let (unit, criterion_name, warnings) = {
        let live = app.live();
        let set = live.set(&set_id).ok_or(WebError::NotFound)?;
        let unit = live.tree.latest(&code).ok_or(WebError::NotFound)?;
        if criterion != "all" && !set.criteria().iter().any(|c| c.id == criterion) {
            return Err(WebError::NotFound);
        }
        let warnings = list
            .iter()
            .filter(|w| w.unit == unit && criterion_code(set, w.criterion) == criterion)
            .map(|w| (t.warning_kind(w.kind.code()).to_string(), t.warning_reason(set, period, w)))
            .collect::<Vec<_>>();
        (unit, criterion_name(set, &criterion, t), warnings)
    };
    if !may_write(&app, &user, unit, &set_id, &criterion) {
        return Err(WebError::Forbidden);
    }
    let (reason, solution) = app
        .reasons(&set_id, period)
        .into_iter()
        .find(|r| r.unit == unit && r.criterion == criterion)
        .map(|r| (r.reason, r.solution))
        .unwrap_or_default();
    let unit = unit_ref(&app.live(), unit);
    let period_label = ntm_domain::explain::period_label(period, v.lang);
    let chrome = Chrome::new(&v, &t.reasons_form_title(&unit.name), "overview", &set_id, &period.code());
    let page = FormPage {
        chrome,
        unit,
        criterion,
        criterion_name,
        set_id,
        period: period.code(),
        period_label,
        warnings,
        reason,
        solution,
        max: MAX_CHARS,
        saved: q.saved.is_some(),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Deserialize)]
struct SaveForm {
    set: Option<Text>,
    period: Text,
    #[serde(default)]
    reason: Text,
    #[serde(default)]
    solution: Text,
}

async fn save(
    State(app): State<Arc<App>>,
    Path((code, criterion)): Path<(String, String)>,
    f: SignedInForm<SaveForm>,
) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    let set_id = crate::shell::set_or_default(&app, f.form.set.as_deref());
    let draft = ReasonDraft {
        unit_code: code.clone(),
        set_id: set_id.clone(),
        criterion: criterion.clone(),
        period: f.form.period.0.clone(),
        reason: f.form.reason.0,
        solution: f.form.solution.0,
    };
    app.save_reason(Some(&user), &draft).await?;
    let e = crate::chrome::encode;
    Ok(Redirect::to(&format!(
        "/reasons/{}/{}?set={}&period={}&saved=1",
        e(&code),
        e(&criterion),
        e(&set_id),
        e(&f.form.period.0)
    ))
    .into_response())
}
