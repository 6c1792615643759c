//! The JSON API under `/api/v1/`: the same data as the pages, and the evaluation in the
//! contract shape of DESIGN.md §4. Described by `/api/openapi.json`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};

use crate::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ntm_app::views::choose_period;
use ntm_app::{App, AppError};
use ntm_domain::UnitIdx;
use ntm_io::report::{EvaluationReport, evaluation_report, set_detail, set_summary};
use serde::Serialize;

use crate::error::WebError;
use crate::pages::PageQuery;
use crate::session::Visitor;

fn read(v: &Visitor) -> Result<(), WebError> {
    if v.public_read || v.user.is_some() {
        Ok(())
    } else {
        Err(WebError::Api(StatusCode::UNAUTHORIZED, "sign in required"))
    }
}

fn json<T: Serialize>(value: &T) -> Response {
    Json(value).into_response()
}

/// The evaluation report of a set and period (the latest evaluated one when none is given),
/// of one unit or of all; on failure the HTTP status and an English reason.
fn evaluation_of(
    app: &App,
    set_id: &str,
    period: Option<&str>,
    unit: Option<&str>,
    lang: ntm_domain::Lang,
) -> Result<EvaluationReport, (StatusCode, &'static str)> {
    let refused = |e: AppError| match WebError::api(e) {
        WebError::Api(status, reason) => (status, reason),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    };
    if let Some(p) = period.filter(|p| !p.is_empty())
        && ntm_domain::Period::parse(p).is_err()
    {
        return Err((StatusCode::BAD_REQUEST, "period must be a year (2024) or a quarter (2024Q3)"));
    }
    let period = choose_period(&app.live(), set_id, period).map_err(refused)?;
    let live = app.prepared(set_id, &[period]).map_err(refused)?;
    let set = live.set(set_id).ok_or((StatusCode::NOT_FOUND, "no such set"))?;
    let eval = live.evaluation(set_id, period).ok_or((StatusCode::NOT_FOUND, "no evaluation"))?;
    let empty = ntm_domain::ValueTable::new(set.element_count());
    let table = live.values.get(set_id).unwrap_or(&empty);
    let mut ev = live.evaluator(set, table, period).map_err(refused)?;
    let units: Vec<UnitIdx> = match unit {
        Some(code) => {
            let u = live.tree.resolve(code, period).map_err(|_| (StatusCode::NOT_FOUND, "no such unit"))?;
            if eval.position(u).is_none() {
                return Err((StatusCode::NOT_FOUND, "the set does not apply to this unit"));
            }
            vec![u]
        }
        None => eval.units().to_vec(),
    };
    let sub = ev.run(&units);
    Ok(evaluation_report(&mut ev, &sub, lang))
}

/// How many whole-set reports (the JSON evaluation, the Excel workbook) are built at once; more
/// wait their turn, so that a burst of downloads cannot take every core from the pages.
const REPORTS_AT_ONCE: usize = 2;
static REPORT_TURNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(REPORTS_AT_ONCE);

/// [`evaluation_of`] and then `finish` on the report, on a blocking thread and in turn with the
/// other reports (a national report holds an explanation for every unit and indicator).
pub(crate) async fn evaluation_in_turn<R: Send + 'static>(
    app: Arc<App>,
    set_id: String,
    period: Option<String>,
    unit: Option<String>,
    lang: ntm_domain::Lang,
    finish: impl FnOnce(EvaluationReport) -> R + Send + 'static,
) -> Result<R, (StatusCode, &'static str)> {
    let turn = REPORT_TURNS.acquire().await.map_err(|_| (StatusCode::SERVICE_UNAVAILABLE, "server busy"))?;
    // The turn goes with the work: a visitor who leaves does not free it while the report runs.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        evaluation_of(&app, &set_id, period.as_deref(), unit.as_deref(), lang).map(finish)
    })
    .await
    .map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "internal error"))?
}

/// `GET /api/v1/evaluation?set=ID&period=P[&unit=CODE]`.
pub async fn evaluation(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<EvaluationQuery>,
) -> Result<Response, WebError> {
    read(&v)?;
    let set_id = q.set.clone().unwrap_or_else(|| app.config.default_set.clone());
    let body = evaluation_in_turn(app, set_id, q.period, q.unit, v.lang, |r| serde_json::to_vec(&r))
        .await
        .map_err(|(status, reason)| WebError::Api(status, reason))?
        .map_err(|_| WebError::Api(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct EvaluationQuery {
    pub set: Option<String>,
    pub period: Option<String>,
    pub unit: Option<String>,
}

pub async fn overview(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    read(&v)?;
    Ok(json(&app.overview(&q.set_id(&app), q.period.as_deref(), v.lang).map_err(WebError::api)?))
}

pub async fn matrix(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    read(&v)?;
    let query = q.matrix_query();
    let (ctx, m) = app.matrix(&q.set_id(&app), q.period.as_deref(), query, v.lang).map_err(WebError::api)?;
    Ok(json(&serde_json::json!({ "ctx": ctx, "matrix": m })))
}

pub async fn unit(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    read(&v)?;
    let who = v.user.as_ref().map(|u| &u.principal);
    Ok(json(
        &app.unit(&code, q.at.as_deref(), &q.set_id(&app), q.period.as_deref(), who, v.lang).map_err(WebError::api)?,
    ))
}

pub async fn criterion(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((set, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    read(&v)?;
    Ok(json(&app.criterion(&set, &id, q.period.as_deref(), v.lang).map_err(WebError::api)?))
}

pub async fn sets(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    read(&v)?;
    let list: Vec<_> = app.live().catalog.sets().map(|s| set_summary(&s.set, &s.origin, v.lang)).collect();
    Ok(json(&list))
}

pub async fn set(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    read(&v)?;
    let live = app.live();
    let set = live.set(&id).ok_or_else(|| WebError::api(AppError::NotFound))?;
    Ok(json(&set_detail(set, &live.catalog.layers_for(&id), v.lang)))
}

fn param(name: &str, location: &str, required: bool, description: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "in": location, "required": required, "description": description, "schema": { "type": "string" } })
}

/// The OpenAPI 3.1 description of the API.
pub async fn openapi() -> Response {
    let set = param("set", "query", false, "Criteria set id, e.g. xa-ntm-2021-2025 (default: the configured set)");
    let period =
        param("period", "query", false, "A year (2024) or a quarter (2024Q3); default: the latest year with data");
    let lang = param("lang", "query", false, "vi (default) or en");
    let ok = |d: &str| serde_json::json!({ "200": { "description": d, "content": { "application/json": {} } }, "401": { "description": "Reading requires signing in" }, "404": { "description": "Unknown set, unit, criterion or period" } });
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": { "title": "ntm — New Rural Development tracker API", "version": "1",
                  "description": "Read-only JSON mirroring each page. Verdicts carry their threshold, its source and whether it is verified." },
        "paths": {
            "/api/v1/evaluation": { "get": { "summary": "Verdicts for every unit (or one) in the contract shape",
                "parameters": [set, period, param("unit", "query", false, "One unit's GSO code"), lang], "responses": ok("Evaluation report") } },
            "/api/v1/overview": { "get": { "summary": "Overview: targets, roll-up, criteria most failed, trend", "parameters": [set, period, lang], "responses": ok("Overview") } },
            "/api/v1/matrix": { "get": { "summary": "Units × criteria matrix",
                "parameters": [set, period, param("sort", "query", false, "code | name | met | least"), param("status", "query", false, "all | standard | not_standard"), param("level", "query", false, "province | district | commune | village"), param("page", "query", false, "Page of 25 rows"), lang],
                "responses": ok("Matrix") } },
            "/api/v1/units/{code}": { "get": { "summary": "One unit: every criterion and indicator, history, villages",
                "parameters": [param("code", "path", true, "GSO code"), set, period, lang], "responses": ok("Unit") } },
            "/api/v1/criteria/{set}/{id}": { "get": { "summary": "One criterion: failing units and by how much, distribution",
                "parameters": [param("set", "path", true, "Criteria set id"), param("id", "path", true, "Criterion id"), period, lang], "responses": ok("Criterion") } },
            "/api/v1/sets": { "get": { "summary": "The criteria sets", "parameters": [lang], "responses": ok("Sets") } },
            "/api/v1/sets/{id}": { "get": { "summary": "One set with every threshold, its source and verification",
                "parameters": [param("id", "path", true, "Criteria set id"), lang], "responses": ok("Set") } },
            "/healthz": { "get": { "summary": "Liveness", "responses": { "200": { "description": "ok" } } } }
        }
    });
    json(&doc)
}
