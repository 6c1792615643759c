//! The accountability board (issue 9 point 4): `/board` lists the agencies and the Steering
//! Committee members; `/board/agencies/{code}` shows an agency's criteria (led and co-operated
//! on) with the units failing each and by how much, and the trend; `/board/members/{code}` shows a
//! member's communes at a glance. Each page has its JSON twin under `/api/v1/board`.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::board::{AgencyBoard, BoardIndex, MemberBoard};
use ntm_text::T;

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Visitor;
use crate::shell::{PageQuery, html, ok, param};

/// Failing units listed per criterion on the agency's page (the criterion's page and the JSON
/// have them all).
const MAX_FAILING: usize = 25;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/board", get(board))
        .route("/board/agencies/{code}", get(agency))
        .route("/board/members/{code}", get(member))
        .route("/api/v1/board", get(api_board))
        .route("/api/v1/board/agencies/{code}", get(api_agency))
        .route("/api/v1/board/members/{code}", get(api_member))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let lang = param("lang", "query", false, "vi (default) or en");
    let period = param("period", "query", false, "Year (2024) or quarter (2024Q3); default the latest with data");
    let code = param("code", "path", true, "Agency or member code");
    let paths = serde_json::json!({
        "/api/v1/board": { "get": { "summary": "The accountability board: agencies and Steering Committee members",
            "parameters": [lang], "responses": ok("Board") } },
        "/api/v1/board/agencies/{code}": { "get": {
            "summary": "An agency's criteria (lead or cooperate), the units failing each with their gaps, the trend",
            "parameters": [code, period, lang], "responses": ok("Agency board") } },
        "/api/v1/board/members/{code}": { "get": { "summary": "A Steering Committee member's communes at a glance",
            "parameters": [code, period, lang], "responses": ok("Member board") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

#[derive(Template)]
#[template(path = "board/index.html")]
struct BoardPage {
    chrome: Chrome,
    v: BoardIndex,
    /// Issue 10: who is late with a report today.
    late: crate::reporting::LateBlock,
}

async fn board(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    v.require_read()?;
    let view = app.board(v.lang)?;
    let chrome = Chrome::new(&v, v.t().board_title(), "board", "", "");
    let late = crate::reporting::late_block(&app, &v).await?;
    html(&BoardPage { chrome, v: view, late })
}

/// A failing unit's indicators in words: "2.1 Đường xã: 80% / ≥ 100% — còn thiếu 20%".
struct FailLine {
    code: String,
    name: String,
    status: &'static str,
    indicators: Vec<String>,
}

struct CriterionBlock {
    set_id: String,
    id: String,
    name: String,
    role: &'static str,
    period: String,
    period_label: String,
    counts: String,
    failing: Vec<FailLine>,
    more: usize,
    /// (period label, counts in words, met, units judged).
    trend: Vec<(String, String, usize, usize)>,
}

#[derive(Template)]
#[template(path = "board/agency.html")]
struct AgencyPage {
    chrome: Chrome,
    v: AgencyBoard,
    blocks: Vec<CriterionBlock>,
}

fn blocks(t: T, v: &AgencyBoard) -> Vec<CriterionBlock> {
    v.criteria
        .iter()
        .map(|c| {
            let failing = c
                .failing
                .iter()
                .take(MAX_FAILING)
                .map(|f| FailLine {
                    code: f.unit.code.clone(),
                    name: f.unit.name.clone(),
                    status: f.status,
                    indicators: f
                        .indicators
                        .iter()
                        .map(|g| {
                            let value = if g.has_value { g.value.clone() } else { t.board_no_value().to_string() };
                            let short = g.gap.as_ref().map(|x| format!(" — {}", crate::evaluation::gap(t, x)));
                            format!("{} {}: {value} / {}{}", g.id, g.name, g.threshold, short.unwrap_or_default())
                        })
                        .collect(),
                })
                .collect();
            CriterionBlock {
                set_id: c.set_id.clone(),
                id: c.id.clone(),
                name: c.name.clone(),
                role: c.role,
                period: c.period.clone(),
                period_label: c.period_label.clone(),
                counts: t.board_counts(c.met, c.not_met, c.missing),
                failing,
                more: c.failing.len().saturating_sub(MAX_FAILING),
                trend: c
                    .trend
                    .iter()
                    .map(|p| {
                        let judged = p.met + p.not_met + p.missing;
                        (p.period_label.clone(), t.board_counts(p.met, p.not_met, p.missing), p.met, judged)
                    })
                    .collect(),
            }
        })
        .collect()
}

async fn agency(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let view = app.agency_board(&code, q.period.as_deref(), v.lang)?;
    let blocks = blocks(v.t(), &view);
    let chrome = Chrome::new(&v, &view.name, "board", "", "");
    html(&AgencyPage { chrome, v: view, blocks })
}

#[derive(Template)]
#[template(path = "board/member.html")]
struct MemberPage {
    chrome: Chrome,
    v: MemberBoard,
}

async fn member(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let view = app.member_board(&code, q.period.as_deref(), v.lang)?;
    let chrome = Chrome::new(&v, &view.name, "board", "", "");
    html(&MemberPage { chrome, v: view })
}

async fn api_board(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    v.require_read()?;
    Ok(axum::Json(app.board(v.lang)?).into_response())
}

async fn api_agency(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    Ok(axum::Json(app.agency_board(&code, q.period.as_deref(), v.lang)?).into_response())
}

async fn api_member(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    Ok(axum::Json(app.member_board(&code, q.period.as_deref(), v.lang)?).into_response())
}
