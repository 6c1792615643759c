//! The thresholds area: the criteria sets, one set with every threshold, its source and how
//! sure it is, and an administrator's correction with its citation; with their JSON twins.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ntm_app::App;
use ntm_app::thresholds::{ThresholdForm, ThresholdIssue, ThresholdProblem};
use ntm_domain::{Action, can};
use ntm_io::report::{SetDto, SetSummaryDto, SourcesDto, set_detail, set_sources, set_summary};
use ntm_text::T;
use serde::Deserialize;

use crate::chrome::{Chrome, encode};
use crate::error::WebError;
use crate::session::{SignedInForm, Text, Visitor};
use crate::shell::{html, ok, param};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/sets", get(sets))
        .route("/sets/{id}", get(set))
        .route("/sets/{id}/thresholds", post(set_threshold))
        .route("/sets/{id}/sources", get(sources))
        .route("/api/v1/sets", get(api_sets))
        .route("/api/v1/sets/{id}", get(api_set))
        .route("/api/v1/sets/{id}/sources", get(api_sources))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let lang = param("lang", "query", false, "vi (default) or en");
    let paths = serde_json::json!({
        "/api/v1/sets": { "get": { "summary": "The criteria sets", "parameters": [lang], "responses": ok("Sets") } },
        "/api/v1/sets/{id}": { "get": { "summary": "One set with every threshold, its source and verification",
            "parameters": [param("id", "path", true, "Criteria set id"), lang], "responses": ok("Set") } },
        "/api/v1/sets/{id}/sources": { "get": {
            "summary": "The research trail of a set: the source and notes behind every rule, criterion, indicator and threshold (the English twins beside the Vietnamese texts)",
            "parameters": [param("id", "path", true, "Criteria set id"), lang], "responses": ok("Sources") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// A problem of the threshold form in words.
fn issue(t: T, i: &ThresholdIssue) -> String {
    match i {
        ThresholdIssue::UnknownIndicator(id) => t.threshold_unknown_indicator(id),
        ThresholdIssue::Input(p) => p.render(t.lang),
        ThresholdIssue::BadYear => t.threshold_bad_year().into(),
        ThresholdIssue::BadNumber(reason) => reason.clone(),
        ThresholdIssue::CitationRequired => t.threshold_citation_required().into(),
        ThresholdIssue::CitationTooLong => t.threshold_citation_too_long(ntm_app::thresholds::MAX_CITATION_CHARS),
        ThresholdIssue::NotAProvince(code) => t.threshold_not_a_province(code),
        ThresholdIssue::TooManyLayers => t.threshold_too_many_layers().into(),
    }
}

#[derive(Template)]
#[template(path = "thresholds/sets.html")]
struct SetsPage {
    chrome: Chrome,
    sets: Vec<SetSummaryDto>,
}

async fn sets(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    v.require_read()?;
    let sets = app.live().catalog.sets().map(|s| set_summary(&s.set, &s.origin, v.lang)).collect();
    let chrome = Chrome::new(&v, v.t().sets_title(), "sets", "", "");
    html(&SetsPage { chrome, sets })
}

#[derive(Template)]
#[template(path = "thresholds/set.html")]
struct SetPage {
    chrome: Chrome,
    s: SetDto,
    can_edit: bool,
    /// What the threshold form shows: the defaults, or what was posted after a refusal.
    input: ThresholdForm,
    /// The error summary: (field id, message).
    summary: Vec<(&'static str, String)>,
    errors: ThresholdErrors,
    /// The keys the form offers: everywhere, then the set's regions or commune groups.
    keys: Vec<String>,
    /// By criterion and indicator, the thresholds of the set's layers for it: what the verdicts
    /// use in the layers' scopes, beside the national ones.
    layer_rows: Vec<Vec<Vec<LayerRow>>>,
}

/// A layer's threshold for one indicator, as the set page lists it with the national ones.
struct LayerRow {
    key: String,
    year: Option<i32>,
    value_text: String,
    /// `illustrative` or `override`.
    kind: &'static str,
    title: String,
    /// The unit whose units it applies to, by name; `None` for every unit.
    scope: Option<String>,
}

/// The layers' thresholds of each indicator of the set, in the order the layers apply.
fn layer_rows(s: &SetDto, tree: &ntm_domain::UnitTree) -> Vec<Vec<Vec<LayerRow>>> {
    s.criteria
        .iter()
        .map(|c| {
            c.indicators
                .iter()
                .map(|i| {
                    s.layers
                        .iter()
                        .flat_map(|l| {
                            let scope = l.scope.as_ref().map(|code| {
                                tree.latest(code).map_or_else(|| code.clone(), |u| tree.unit(u).name.clone())
                            });
                            l.thresholds.iter().filter(|t| t.indicator == i.id).map(move |t| LayerRow {
                                key: t.threshold.key.clone(),
                                year: t.threshold.year,
                                value_text: t.threshold.value_text.clone(),
                                kind: l.kind,
                                title: l.title.clone(),
                                scope: scope.clone(),
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Each field's problem, shown beside it.
#[derive(Default)]
struct ThresholdErrors {
    indicator: Option<String>,
    key: Option<String>,
    year: Option<String>,
    value: Option<String>,
    citation: Option<String>,
    scope: Option<String>,
}

impl ThresholdErrors {
    fn of(t: T, problems: &[ThresholdProblem]) -> ThresholdErrors {
        let mut e = ThresholdErrors::default();
        for p in problems {
            let slot = match p.field {
                "indicator" => &mut e.indicator,
                "key" => &mut e.key,
                "year" => &mut e.year,
                "citation" => &mut e.citation,
                "scope" => &mut e.scope,
                _ => &mut e.value,
            };
            let message = issue(t, &p.issue);
            // Two problems of one field read as one sentence each.
            *slot = Some(match slot.take() {
                Some(before) => format!("{before}; {message}"),
                None => message,
            });
        }
        e
    }
}

fn set_page(
    app: &App,
    v: &Visitor,
    id: &str,
    input: Option<ThresholdForm>,
    problems: &[ThresholdProblem],
) -> Result<Response, WebError> {
    let t = v.t();
    let live = app.live();
    let set = live.set(id).ok_or(WebError::NotFound)?;
    let s = set_detail(set, &live.catalog.layers_for(id), v.lang);
    let can_edit = v.user.as_ref().is_some_and(|u| can(Some(&u.principal), Action::EditThresholds, &live.tree, false));
    let chrome = Chrome::new(v, &s.title, "sets", "", "");
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let input = input.unwrap_or_else(|| ThresholdForm { key: "all".into(), ..ThresholdForm::default() });
    let summary = problems.iter().map(|p| (p.field, issue(t, &p.issue))).collect();
    let errors = ThresholdErrors::of(t, problems);
    let columns: Vec<String> = if s.scheme == "group" {
        ntm_domain::unit::COMMUNE_GROUPS.iter().map(u8::to_string).collect()
    } else {
        ntm_domain::unit::REGIONS.iter().map(|(code, _)| code.to_string()).collect()
    };
    let keys = std::iter::once("all".to_string()).chain(columns).collect();
    let layer_rows = layer_rows(&s, &live.tree);
    let mut res = html(&SetPage { chrome, s, can_edit, input, summary, errors, keys, layer_rows })?;
    *res.status_mut() = status;
    Ok(res)
}

async fn set(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    v.require_read()?;
    set_page(&app, &v, &id, None, &[])
}

/// What the threshold form posts.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ThresholdPost {
    indicator: Text,
    key: Text,
    year: Text,
    value: Text,
    citation: Text,
    scope: Text,
}

/// An administrator adds or corrects a threshold, with its citation; audited.
async fn set_threshold(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    SignedInForm { visitor: v, form: f }: SignedInForm<ThresholdPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let posted = ThresholdForm {
        indicator: f.indicator.0,
        key: f.key.0,
        year: f.year.0,
        value: f.value.0,
        citation: f.citation.0,
        scope: f.scope.0,
    };
    let problems = app.set_threshold(user, &id, &posted, v.lang).await?;
    if !problems.is_empty() {
        return set_page(&app, &v, &id, Some(posted), &problems);
    }
    Ok(Redirect::to(&format!("/sets/{}#add", encode(&id))).into_response())
}

async fn api_sets(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    v.require_read()?;
    let list: Vec<_> = app.live().catalog.sets().map(|s| set_summary(&s.set, &s.origin, v.lang)).collect();
    Ok(axum::Json(list).into_response())
}

async fn api_set(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    v.require_read()?;
    let live = app.live();
    let set = live.set(&id).ok_or(WebError::NotFound)?;
    Ok(axum::Json(set_detail(set, &live.catalog.layers_for(&id), v.lang)).into_response())
}

#[derive(Template)]
#[template(path = "thresholds/sources.html")]
struct SourcesPage {
    chrome: Chrome,
    s: SourcesDto,
}

/// The research trail of a set, which every short citation links to.
async fn sources(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    v.require_read()?;
    let live = app.live();
    let set = live.set(&id).ok_or(WebError::NotFound)?;
    let s = set_sources(set, &live.catalog.layers_for(&id), v.lang);
    let chrome = Chrome::new(&v, &format!("{}: {}", v.t().sources_title(), s.title), "sets", "", "");
    html(&SourcesPage { chrome, s })
}

async fn api_sources(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    v.require_read()?;
    let live = app.live();
    let set = live.set(&id).ok_or(WebError::NotFound)?;
    Ok(axum::Json(set_sources(set, &live.catalog.layers_for(&id), v.lang)).into_response())
}
