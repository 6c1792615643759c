//! The recognitions area: every recognition decision (quyết định công nhận) with its loss (thu
//! hồi), filterable by level; the office records a decision, a loss, or imports the recognitions
//! file on the page (all or nothing, audited); with its JSON twin.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ntm_app::App;
use ntm_app::recognitions::{LossForm, RecognitionFieldProblem, RecognitionForm, RecognitionIssue};
use ntm_domain::{Action, RecognitionLevel, can};
use ntm_text::T;
use serde::{Deserialize, Serialize};

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::session::{SignedInForm, Text, Visitor};
use crate::shell::{html, param};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/recognitions", get(list).post(add))
        .route("/recognitions/loss", post(lose))
        .route("/recognitions/import", post(import))
        .route("/api/v1/recognitions", get(api_list))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let paths = serde_json::json!({
        "/api/v1/recognitions": { "get": {
            "summary": "Every recognition decision with its loss (thu hồi), newest first",
            "parameters": [
                param("level", "query", false, "ntm, nang-cao, kieu-mau, ban-ntm or huyen-ntm (default: every level)"),
                param("lang", "query", false, "vi (default) or en")
            ],
            "responses": crate::shell::ok("Recognition decisions") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// One decision as listed and as the JSON twin gives it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecognitionRow {
    pub id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub level: &'static str,
    pub decision: String,
    /// `yyyy-mm-dd`.
    pub decided_on: String,
    #[serde(skip)]
    pub decided_on_shown: String,
    pub lost_on: Option<String>,
    #[serde(skip)]
    pub lost_on_shown: String,
    pub lost_decision: Option<String>,
    /// In force on the configured day.
    pub in_force: bool,
}

/// Every decision, newest first, of `level` (every level when `None`).
fn rows(app: &App, level: Option<RecognitionLevel>) -> Vec<RecognitionRow> {
    let live = app.live();
    let today = app.today();
    let mut out: Vec<(ntm_domain::Date, RecognitionRow)> = live
        .recognitions
        .list
        .iter()
        .filter(|r| level.is_none_or(|l| r.level == l))
        .map(|r| {
            let u = live.tree.unit(r.unit);
            let row = RecognitionRow {
                id: r.id,
                unit_code: u.code.clone(),
                unit_name: u.name.clone(),
                level: r.level.code(),
                decision: r.decision.clone(),
                decided_on: r.decided_on.to_string(),
                decided_on_shown: r.decided_on.to_vietnamese(),
                lost_on: r.lost.as_ref().map(|l| l.on.to_string()),
                lost_on_shown: r.lost.as_ref().map(|l| l.on.to_vietnamese()).unwrap_or_default(),
                lost_decision: r.lost.as_ref().map(|l| l.decision.clone()),
                in_force: r.in_force_on(today),
            };
            (r.decided_on, row)
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.id.cmp(&a.1.id)));
    out.into_iter().map(|(_, r)| r).collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    level: String,
    /// What was just done, for the notice: `saved`, `lost`, or a number imported.
    done: String,
}

/// The filter's level; an unknown one is a bad address.
fn level_of(code: &str) -> Result<Option<RecognitionLevel>, WebError> {
    match code {
        "" => Ok(None),
        c => RecognitionLevel::from_code(c).map(Some).ok_or(WebError::NotFound),
    }
}

/// Each field's problem, shown beside it.
#[derive(Default)]
struct FieldErrors {
    unit: Option<String>,
    level: Option<String>,
    decision: Option<String>,
    decided_on: Option<String>,
    lost_on: Option<String>,
    lost_decision: Option<String>,
    id: Option<String>,
}

fn issue(t: T, i: &RecognitionIssue) -> String {
    match i {
        RecognitionIssue::Input(p) => p.render(t.lang),
        RecognitionIssue::AlreadyLost(d) => t.recog_already_lost(d.to_vietnamese()),
    }
}

impl FieldErrors {
    fn of(t: T, problems: &[RecognitionFieldProblem]) -> FieldErrors {
        let mut e = FieldErrors::default();
        for p in problems {
            let slot = match p.field {
                "unit" => &mut e.unit,
                "level" => &mut e.level,
                "decision" => &mut e.decision,
                "lost_on" => &mut e.lost_on,
                "lost_decision" => &mut e.lost_decision,
                "id" => &mut e.id,
                _ => &mut e.decided_on,
            };
            let message = issue(t, &p.issue);
            *slot = Some(match slot.take() {
                Some(before) => format!("{before}; {message}"),
                None => message,
            });
        }
        e
    }
}

#[derive(Template)]
#[template(path = "recognitions/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<RecognitionRow>,
    levels: [RecognitionLevel; 5],
    level: String,
    can_edit: bool,
    notice: Option<String>,
    add: RecognitionForm,
    loss: LossForm,
    loss_id: String,
    csv: String,
    /// The error summary of the form sent: (field id, message).
    summary: Vec<(String, String)>,
    errors: FieldErrors,
}

/// What was posted and what is wrong with it, to show it again.
#[derive(Default)]
struct Posted {
    add: RecognitionForm,
    loss: LossForm,
    loss_id: String,
    csv: String,
    problems: Vec<RecognitionFieldProblem>,
    /// The import's errors, each with its line and field, in the reader's language.
    import_errors: Vec<String>,
}

fn page(app: &App, v: &Visitor, level: &str, notice: Option<String>, posted: Posted) -> Result<Response, WebError> {
    let t = v.t();
    let filter = level_of(level)?;
    let can_edit =
        v.user.as_ref().is_some_and(|u| can(Some(&u.principal), Action::ManageProgramme, &app.live().tree, false));
    let chrome = Chrome::new(v, t.recog_title(), "recognitions", "", "");
    let bad = !posted.problems.is_empty() || !posted.import_errors.is_empty();
    let mut summary: Vec<(String, String)> =
        posted.problems.iter().map(|p| (p.field.to_string(), issue(t, &p.issue))).collect();
    summary.extend(posted.import_errors.into_iter().map(|m| ("csv".to_string(), m)));
    let errors = FieldErrors::of(t, &posted.problems);
    let mut res = html(&ListPage {
        chrome,
        rows: rows(app, filter),
        levels: RecognitionLevel::ALL,
        level: level.to_string(),
        can_edit,
        notice,
        add: posted.add,
        loss: posted.loss,
        loss_id: posted.loss_id,
        csv: posted.csv,
        summary,
        errors,
    })?;
    if bad {
        *res.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(res)
}

async fn list(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    app.refresh_if_due().await?;
    let t = v.t();
    let notice = match q.done.as_str() {
        "" => None,
        "saved" => Some(t.recog_saved().to_string()),
        "lost" => Some(t.recog_lost_saved().to_string()),
        n => n.parse::<usize>().ok().map(|n| t.recog_imported(n)),
    };
    page(&app, &v, &q.level, notice, Posted::default())
}

async fn api_list(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    app.refresh_if_due().await?;
    let filter = level_of(&q.level)?;
    Ok(axum::Json(rows(&app, filter)).into_response())
}

/// What the decision form posts.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AddPost {
    unit: Text,
    level: Text,
    decision: Text,
    decided_on: Text,
}

/// The office records a decision; audited.
async fn add(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, form: f }: SignedInForm<AddPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let form = RecognitionForm { unit: f.unit.0, level: f.level.0, decision: f.decision.0, decided_on: f.decided_on.0 };
    match app.add_recognition(user, &form).await? {
        Ok(_) => Ok(Redirect::to("/recognitions?done=saved").into_response()),
        Err(problems) => page(&app, &v, "", None, Posted { add: form, problems, ..Posted::default() }),
    }
}

/// What the loss form posts.
#[derive(Deserialize, Default)]
#[serde(default)]
struct LossPost {
    id: Text,
    lost_on: Text,
    lost_decision: Text,
}

/// The office records a withdrawal (thu hồi); audited.
async fn lose(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, form: f }: SignedInForm<LossPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let form = LossForm { lost_on: f.lost_on.0, lost_decision: f.lost_decision.0 };
    let id: i64 = f.id.0.parse().map_err(|_| WebError::NotFound)?;
    match app.lose_recognition(user, id, &form).await? {
        Ok(()) => Ok(Redirect::to("/recognitions?done=lost").into_response()),
        Err(problems) => {
            page(&app, &v, "", None, Posted { loss: form, loss_id: f.id.0, problems, ..Posted::default() })
        }
    }
}

/// What the import form posts: the file's text, as pasted (lines kept).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ImportPost {
    csv: String,
}

/// The office imports a recognitions file, as `ntm recognitions import` does: all or nothing.
async fn import(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, form: f }: SignedInForm<ImportPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    match app.import_recognitions(Some(user), "recognitions.csv", &f.csv).await {
        Ok(n) => Ok(Redirect::to(&format!("/recognitions?done={n}")).into_response()),
        Err(ntm_app::AppError::Invalid(errors)) => {
            let import_errors = errors.0.iter().map(|e| e.render(v.lang)).collect();
            page(&app, &v, "", None, Posted { csv: f.csv, import_errors, ..Posted::default() })
        }
        Err(e) => Err(e.into()),
    }
}
