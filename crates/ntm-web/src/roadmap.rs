//! The roadmap area at the edge: the early warnings of a set and period (a section of the
//! overview, the full list at `/warnings`, their JSON twin `/api/v1/warnings` in the shape of
//! `ntm warnings`), a unit's roadmap (`/roadmap/{unit}`: its rows with their edit and delete forms,
//! a form for a new row, the plan's history; `/api/v1/roadmap/{unit}`), and the export of the
//! roadmap as the plans CSV (`/roadmap.csv`).

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ntm_app::App;
use ntm_app::audit::LogEntry;
use ntm_app::page::{Paging, UnitRef, choose_period, unit_ref};
use ntm_app::roadmap::PlanDraft;
use ntm_domain::{Action, Period, PlanItem, Responsible, WarningKind, can};
use ntm_io::warnings::{WarningsReport, warnings_report};
use ntm_text::T;
use serde::{Deserialize, Serialize};

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::paging::{Pager, href, page_number};
use crate::session::{SignedInForm, Text, Visitor};
use crate::shell::PageQuery;

/// How many warnings the overview lists (the rest on `/warnings`): the page stays light.
pub const OVERVIEW_WARNINGS: usize = 10;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/roadmap", get(grid_page))
        .route("/api/v1/roadmap", get(api_grid))
        .route("/roadmap/import", post(import))
        .route("/warnings", get(warnings_page))
        .route("/api/v1/warnings", get(api_warnings))
        .route("/roadmap.csv", get(export))
        .route("/roadmap/{unit}", get(unit_page))
        .route("/roadmap/{unit}/save", post(save))
        .route("/roadmap/{unit}/delete", post(delete))
        .route("/api/v1/roadmap/{unit}", get(api_unit))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    use crate::shell::{ok, param};
    let lang = param("lang", "query", false, "vi (default) or en");
    let set = param("set", "query", false, "Criteria set id; default the set of the district's communes");
    let period = param("period", "query", false, "Year (2024) or quarter (2024Q3); default the latest with data");
    let paths = serde_json::json!({
        "/api/v1/roadmap": { "get": {
            "summary": "The roadmap of a year: each unit's planned year per criterion beside its verdict, 40 units a page",
            "parameters": [set, param("year", "query", false, "The year shown; default the latest with data"),
                           param("page", "query", false, "Page of units, from 1 (a bad one is refused with 400)"), lang],
            "responses": ok("Roadmap grid") } },
        "/api/v1/roadmap/{unit}": { "get": {
            "summary": "A unit's roadmap: its plan rows, planned against actual, criteria × years",
            "parameters": [param("unit", "path", true, "Unit code"), set, period, lang],
            "responses": ok("Unit roadmap") } },
        "/api/v1/warnings": { "get": {
            "summary": "Early warnings (the shape of `ntm warnings --format json`): off pace, plans missed, backsliding, missing data",
            "parameters": [set, period, lang], "responses": ok("Warnings") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// One warning as pages show it: its kind (code and words), its unit, its reason in words.
#[derive(Serialize, Clone, Debug)]
pub struct WarningLine {
    pub kind: &'static str,
    pub kind_words: String,
    pub unit: UnitRef,
    pub reason: String,
    /// The criterion it is about (its id), or `all`; and the responsible unit's reason for it in
    /// the period (empty: none written) — see the reasons area.
    pub criterion: String,
    pub answer: String,
}

/// The warnings of one unit.
#[derive(Serialize, Clone, Debug)]
pub struct WarningGroup {
    pub unit: UnitRef,
    pub lines: Vec<WarningLine>,
}

/// The early warnings as a page section: counts by kind, the list grouped by unit (at most
/// `cap` warnings), and how many there are in all.
#[derive(Serialize, Clone, Debug, Default)]
pub struct WarningsBlock {
    pub set_id: String,
    pub period: String,
    pub counts: Vec<(String, usize)>,
    pub groups: Vec<WarningGroup>,
    pub total: usize,
    pub shown: usize,
}

/// The warnings of a set and period in words, grouped by unit; `only` keeps one unit's and
/// those of the units under it.
pub fn warnings_block(
    app: &App,
    set_id: &str,
    period: Period,
    t: T,
    cap: usize,
    only: Option<&str>,
) -> Result<WarningsBlock, WebError> {
    let list = app.warnings(set_id, period)?;
    let live = app.live();
    let set = live.set(set_id).ok_or(WebError::NotFound)?;
    let mut block = WarningsBlock { set_id: set_id.into(), period: period.code(), ..WarningsBlock::default() };
    // `only` a unit: its own warnings and those of the units under it (a district's communes).
    let root = only.and_then(|code| live.tree.latest(code));
    let kept: Vec<&ntm_domain::Warning> = list
        .iter()
        .filter(|w| {
            only.is_none_or(|code| {
                live.tree.unit(w.unit).code == code || root.is_some_and(|r| live.tree.is_within(w.unit, r))
            })
        })
        .collect();
    for kind in WarningKind::ALL {
        let n = kept.iter().filter(|w| w.kind == kind).count();
        if n > 0 {
            block.counts.push((t.warning_kind(kind.code()).to_string(), n));
        }
    }
    block.total = kept.len();
    for w in most_urgent(kept, cap) {
        let unit = unit_ref(&live, w.unit);
        let line = WarningLine {
            kind: w.kind.code(),
            kind_words: t.warning_kind(w.kind.code()).to_string(),
            unit: unit.clone(),
            reason: t.warning_reason(set, period, w),
            criterion: crate::reasons::criterion_code(set, w.criterion),
            answer: crate::reasons::answer_of(&live, set_id, period, w),
        };
        match block.groups.last_mut() {
            Some(g) if g.unit.code == unit.code => g.lines.push(line),
            _ => block.groups.push(WarningGroup { unit, lines: vec![line] }),
        }
        block.shown += 1;
    }
    Ok(block)
}

/// How many projection charts a unit's page draws (page weight on 3G): the first off-pace
/// warnings in the set's order.
pub const PROJECTION_CHARTS: usize = 2;

/// A unit's off-pace indicators as charts: the annual values fitted (solid), the least-squares
/// line from the period's year to the year it reaches the threshold or the last year the
/// projection looked at (dashed), and each year's threshold (thin, dotted); each with its
/// caption (the indicator). The page says once how the lines are drawn.
pub fn projection_charts(
    app: &App,
    set_id: &str,
    period: Period,
    unit_code: &str,
    t: T,
) -> Result<Vec<(String, String)>, WebError> {
    let list = app.warnings(set_id, period)?;
    let live = app.live();
    let set = live.set(set_id).ok_or(WebError::NotFound)?;
    let lang = t.lang;
    let mut out = Vec::new();
    for w in list.iter().filter(|w| w.kind == WarningKind::OffPace && live.tree.unit(w.unit).code == unit_code) {
        let (Some(idx), ntm_domain::Figures::Pace { trend, points, thresholds, thresholds_until, .. }) =
            (w.indicator, &w.figures)
        else {
            continue;
        };
        if out.len() == PROJECTION_CHARTS {
            break;
        }
        let ind = set.indicator(idx);
        let first = points.first().map_or(trend.origin, |&(y, _)| y);
        let last_looked = w.projected_year.or(*thresholds_until).unwrap_or(trend.origin);
        let end = last_looked
            .max(w.planned_year.unwrap_or(trend.origin))
            .clamp(trend.origin + 1, trend.origin + ntm_domain::forecast::HORIZON);
        let years: Vec<i32> = (first..=end).collect();
        let at =
            |list: &[(i32, ntm_domain::Ratio)], y: i32| list.iter().find(|&&(x, _)| x == y).map(|&(_, v)| v.to_f64());
        let values: Vec<Option<f64>> = years.iter().map(|&y| at(points, y)).collect();
        let line: Vec<Option<f64>> =
            years.iter().map(|&y| if y < trend.origin { None } else { trend.at(y).map(|v| v.to_f64()) }).collect();
        let limits: Vec<Option<f64>> = years.iter().map(|&y| at(thresholds, y)).collect();
        let top = values.iter().chain(&line).chain(&limits).flatten().fold(0.0f64, |a, &b| a.max(b));
        let name = if lang == ntm_domain::Lang::En { &ind.name_en } else { &ind.name_vi };
        let title = t.warning_chart_title(&ind.id, name.as_str());
        let labels: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        let series = [
            ntm_io::charts::Series { name: t.warning_chart_values(), class: "s1", values, labelled: true },
            ntm_io::charts::Series { name: t.warning_chart_trend(), class: "s2", values: line, labelled: true },
            ntm_io::charts::Series { name: t.warning_chart_threshold(), class: "s3", values: limits, labelled: false },
        ];
        let axis =
            ntm_io::charts::Axis { unit: ntm_domain::explain::unit_label(&ind.unit, lang), max: top, count: false };
        let svg = ntm_io::charts::line_chart(&title, &labels, &series, &axis, 1, crate::shell::decimal(lang));
        out.push((title, svg));
    }
    Ok(out)
}

/// At most `cap` warnings, the most urgent kinds first (a plan missed, a recognised unit
/// backsliding, data missing, then a trend off pace), kept in the list's order (by unit).
fn most_urgent(list: Vec<&ntm_domain::Warning>, cap: usize) -> Vec<&ntm_domain::Warning> {
    if list.len() <= cap {
        return list;
    }
    let rank = |k: WarningKind| match k {
        WarningKind::PlannedNotMet => 0,
        WarningKind::Backsliding => 1,
        WarningKind::MissingData => 2,
        WarningKind::OffPace => 3,
    };
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by_key(|&i| (rank(list[i].kind), i));
    order.truncate(cap);
    order.sort_unstable();
    order.into_iter().map(|i| list[i]).collect()
}

/// The set and period a request asks for (the latest with data when none).
fn set_and_period(app: &App, q: &PageQuery) -> Result<(String, Period), WebError> {
    let set_id = q.set_id(app);
    let period = choose_period(&app.live(), &set_id, q.period.as_deref())?;
    Ok((set_id, period))
}

#[derive(Template)]
#[template(path = "roadmap/warnings.html")]
struct WarningsPage {
    chrome: Chrome,
    w: WarningsBlock,
    period_label: String,
}

async fn warnings_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let (set_id, period) = set_and_period(&app, &q)?;
    let t = v.t();
    let w = warnings_block(&app, &set_id, period, t, usize::MAX, None)?;
    let period_label = ntm_domain::explain::period_label(period, v.lang);
    let chrome = Chrome::new(&v, t.warnings_early(), "overview", &set_id, &period.code());
    Ok(Html(WarningsPage { chrome, w, period_label }.render()?).into_response())
}

/// The warnings as `ntm warnings --format json` gives them (DESIGN §4), reasons in the reader's
/// language.
async fn api_warnings(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let (set_id, period) = set_and_period(&app, &q)?;
    let list = app.warnings(&set_id, period)?;
    let t = v.t();
    let report: WarningsReport = {
        let live = app.live();
        let set = live.set(&set_id).ok_or(WebError::NotFound)?;
        warnings_report(set, &live.tree, period, &list, |w| t.warning_reason(set, period, w))
    };
    Ok(axum::Json(report).into_response())
}

async fn export(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    let csv = app.export_plans(&q.set_id(&app))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"plans.csv\""),
        ],
        csv,
    )
        .into_response())
}

/// The query of the roadmap of a year: the set, and the year (the latest with data when none; a
/// quarter stands for its year).
#[derive(Deserialize, Default)]
struct GridQuery {
    set: Option<String>,
    year: Option<String>,
    /// After an import: how many rows it loaded.
    done: Option<usize>,
    /// The page of units, from 1.
    page: Option<String>,
}

/// Units a page of the roadmap of a year: 40 rows of 19 criteria stay under 50 KB.
pub const ROADMAP_PAGE: usize = 40;

/// One cell of the roadmap of a year: the year the criterion (or the standard) is planned to be
/// met, whether that is the year shown, and the verdict of the year shown (`met`, `not_met`,
/// `missing`; empty when the unit was not evaluated).
#[derive(Serialize, Clone, Debug)]
pub struct GridCell {
    pub planned_year: Option<i32>,
    pub this_year: bool,
    pub actual: &'static str,
    /// What the cell says in words (its title on a unit's roadmap; empty on the roadmap of a
    /// year, whose legend says once what its marks mean).
    #[serde(skip)]
    pub title: String,
}

impl GridCell {
    /// A cell without words: the plan's year and the verdict's code.
    fn marked(planned: Option<i32>, year: i32, actual: &'static str) -> GridCell {
        GridCell { planned_year: planned, this_year: planned == Some(year), actual, title: String::new() }
    }
}

/// One unit's row of the roadmap of a year: a cell per criterion, then the whole standard.
#[derive(Serialize, Clone, Debug)]
pub struct GridRow {
    pub unit: UnitRef,
    pub cells: Vec<GridCell>,
    pub standard: GridCell,
}

/// The roadmap of a year: the units the set applies to × its criteria.
#[derive(Serialize, Clone, Debug)]
pub struct RoadmapGrid {
    pub set_id: String,
    pub year: i32,
    /// The criteria as the matrix heads them: id, short name, full name.
    pub criteria: Vec<(String, String, String)>,
    /// Which page of the units the rows are.
    #[serde(flatten)]
    pub paging: Paging,
    pub rows: Vec<GridRow>,
}

fn roadmap_grid(app: &App, v: &Visitor, q: &GridQuery, page: usize) -> Result<RoadmapGrid, WebError> {
    let set_id = crate::shell::set_or_default(app, q.set.as_deref());
    let period = {
        let live = app.live();
        let asked = q.year.as_deref().filter(|y| !y.is_empty());
        Period::Year(choose_period(&live, &set_id, asked)?.year())
    };
    let year = period.year();
    app.prepare_all(&[(set_id.clone(), period)])?;
    let live = app.live();
    let set = live.set(&set_id).ok_or(WebError::NotFound)?;
    let eval = live.evaluation(&set_id, period);
    let criteria: Vec<(String, String, String)> = set
        .criteria()
        .iter()
        .map(|c| (c.id.clone(), c.short(v.lang).to_string(), v.lang.pick(&c.name_vi, &c.name_en).to_string()))
        .collect();
    let units = live.units_for(set, period);
    let paging = Paging::new(units.len(), ROADMAP_PAGE, page);
    let rows = paging
        .rows(units)
        .into_iter()
        .map(|u| {
            let pos = eval.and_then(|e| e.units().iter().position(|&x| x == u));
            let plans: Vec<&ntm_domain::Plan> = live.roadmap.of(u).filter(|p| p.concerns(set)).collect();
            let cells = criteria
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    let planned = plans.iter().find(|p| p.criterion_in(set) == Some(i)).map(|p| p.planned_year);
                    let actual = match (eval, pos) {
                        (Some(e), Some(r)) => e.criterion_status(r, i).code(),
                        _ => "",
                    };
                    GridCell::marked(planned, year, actual)
                })
                .collect();
            let planned = plans.iter().find(|p| matches!(p.item, PlanItem::Standard(_))).map(|p| p.planned_year);
            let actual = match (eval, pos) {
                (Some(e), Some(r)) if e.standard_met(r) => "met",
                (Some(_), Some(_)) => "not_met",
                _ => "",
            };
            let standard = GridCell::marked(planned, year, actual);
            GridRow { unit: unit_ref(&live, u), cells, standard }
        })
        .collect();
    Ok(RoadmapGrid { set_id, year, criteria, paging, rows })
}

/// A cell of a roadmap grid for `year`: the plan's year, the verdict of `year`, and both in
/// words for its title.
fn grid_cell(t: T, what: &str, planned: Option<i32>, year: i32, actual: &'static str) -> GridCell {
    let verdict = match actual {
        "met" => t.met().to_string(),
        "not_met" => t.not_met().to_string(),
        "missing" => t.missing().to_string(),
        _ => t.roadmap_grid_not_evaluated().to_string(),
    };
    let plan = match planned {
        Some(y) => t.roadmap_grid_planned(y),
        None => t.roadmap_grid_unplanned().to_string(),
    };
    GridCell { title: format!("{what}: {plan} · {verdict}"), ..GridCell::marked(planned, year, actual) }
}

#[derive(Template)]
#[template(path = "roadmap/grid.html")]
struct GridPage {
    chrome: Chrome,
    g: RoadmapGrid,
    pager: Pager,
    years: Vec<i32>,
    /// Whether the visitor may import a plans file (the office), what was pasted, and what was
    /// wrong with it, each with its line and field; how many rows the last import loaded.
    may_import: bool,
    csv: String,
    import_errors: Vec<String>,
    done: Option<usize>,
}

async fn grid_page(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<GridQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    match page_number(q.page.as_deref()) {
        Ok(page) => grid_html(&app, &v, &q, page, String::new(), Vec::new()),
        Err(bad) => Ok(bad.refuse(false, v.t())),
    }
}

fn grid_html(
    app: &App,
    v: &Visitor,
    q: &GridQuery,
    page: usize,
    csv: String,
    import_errors: Vec<String>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let g = roadmap_grid(app, v, q, page)?;
    let years = {
        let live = app.live();
        let mut years: Vec<i32> = live.periods_with_data(&g.set_id).iter().map(Period::year).collect();
        years.push(g.year);
        years.sort_unstable();
        years.dedup();
        years
    };
    let t = v.t();
    let may_import =
        v.user.as_ref().is_some_and(|u| can(Some(&u.principal), Action::ManageProgramme, &app.live().tree, false));
    let chrome = Chrome::new(v, &t.roadmap_grid_title(g.year), "overview", &g.set_id, &g.year.to_string());
    let pager = Pager::new(&g.paging, |n| {
        href("/roadmap", &[("set", g.set_id.clone()), ("year", g.year.to_string()), ("page", n.to_string())])
    });
    let page = GridPage { chrome, g, pager, years, may_import, csv, import_errors, done: q.done };
    Ok(Html(page.render()?).into_response())
}

/// What the import form posts: the set and the plans file's text, as pasted.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ImportPost {
    set: Option<String>,
    csv: String,
}

/// The office imports the roadmap of a set from a plans CSV, as `ntm plans import` does: it
/// replaces the set's rows, all or nothing, audited; every problem with its line and field.
async fn import(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, form: f }: SignedInForm<ImportPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let set_id = crate::shell::set_or_default(&app, f.set.as_deref());
    match app.import_plans(Some(user), &set_id, "plans.csv", &f.csv).await {
        Ok(n) => Ok(Redirect::to(&format!("/roadmap?set={}&done={n}", crate::chrome::encode(&set_id))).into_response()),
        Err(ntm_app::AppError::Invalid(errors)) => {
            let import_errors = errors.0.iter().map(|e| e.render(v.lang)).collect();
            let q = GridQuery { set: Some(set_id), ..GridQuery::default() };
            let mut refused = grid_html(&app, &v, &q, 1, f.csv, import_errors)?;
            *refused.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(refused)
        }
        Err(e) => Err(e.into()),
    }
}

async fn api_grid(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<GridQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    match page_number(q.page.as_deref()) {
        Ok(page) => Ok(axum::Json(roadmap_grid(&app, &v, &q, page)?).into_response()),
        Err(bad) => Ok(bad.refuse(true, v.t())),
    }
}

/// One roadmap row as the unit's page shows it.
#[derive(Serialize, Clone, Debug)]
pub struct PlanLine {
    pub id: i64,
    /// A criterion id, or `all`.
    pub criterion: String,
    pub name: String,
    pub level: String,
    pub planned_year: i32,
    /// The verdict of the criterion (or the standard) in the period shown: `met`, `not_met`,
    /// `missing`; empty when it was not evaluated.
    pub actual: &'static str,
    pub contents: String,
    pub responsible: String,
    pub estimate: Option<i64>,
    /// The estimate as the reader's language writes numbers (`1.200.000.000`).
    pub estimate_text: String,
    pub may_edit: bool,
}

/// A unit's roadmap.
#[derive(Serialize, Clone, Debug)]
pub struct UnitRoadmap {
    pub unit: UnitRef,
    pub set_id: String,
    pub period: String,
    pub rows: Vec<PlanLine>,
    /// Whether the visitor may add a row for the unit.
    pub may_add: bool,
    /// Planned against actual, criteria × years: the years with data and the years planned.
    pub years: Vec<i32>,
    pub grid: Vec<YearsRow>,
}

/// One criterion (or the whole standard: id `all`) of a unit across the years: a cell per year.
#[derive(Serialize, Clone, Debug)]
pub struct YearsRow {
    pub id: String,
    pub name: String,
    pub cells: Vec<GridCell>,
}

fn unit_roadmap(app: &App, v: &Visitor, code: &str, set_id: &str, period: Period) -> Result<UnitRoadmap, WebError> {
    app.prepare_all(&[(set_id.to_string(), period)])?;
    let live = app.live();
    let unit = live.tree.latest(code).ok_or(WebError::NotFound)?;
    let set = live.set(set_id).ok_or(WebError::NotFound)?;
    let eval = live.evaluation(set_id, period);
    let row_of_unit = eval.and_then(|e| e.units().iter().position(|&u| u == unit));
    let status = |c: Option<usize>| -> &'static str {
        let (Some(e), Some(r)) = (eval, row_of_unit) else { return "" };
        match c {
            Some(c) => e.criterion_status(r, c).code(),
            None => {
                if e.standard_met(r) {
                    "met"
                } else {
                    "not_met"
                }
            }
        }
    };
    let who = v.user.as_ref().map(|u| &u.principal);
    let may = |criterion: Option<&str>| {
        who.is_some_and(|p| can(Some(p), Action::EditPlan { unit, set: set_id, criterion }, &live.tree, false))
    };
    let rows = live
        .roadmap
        .of(unit)
        .filter(|p| p.concerns(set))
        .map(|p| {
            let (criterion, name, level, idx) = match &p.item {
                PlanItem::Criterion { criterion, .. } => {
                    let idx = p.criterion_in(set);
                    let name =
                        idx.map(|i| v.lang.pick(&set.criteria()[i].name_vi, &set.criteria()[i].name_en).to_string());
                    (criterion.clone(), name.unwrap_or_default(), String::new(), idx)
                }
                PlanItem::Standard(level) => ("all".to_string(), String::new(), level.code().to_string(), None),
            };
            let responsible = match &p.responsible {
                Some(Responsible::Agency(code)) => {
                    live.org.by_code(code).map_or(code.as_str(), |a| a.name_in(v.lang)).to_string()
                }
                Some(Responsible::Unit(u)) => live.tree.unit(*u).name.clone(),
                None => String::new(),
            };
            let actual = match (&p.item, idx) {
                (PlanItem::Criterion { .. }, None) => "",
                _ => status(idx),
            };
            PlanLine {
                id: p.id,
                may_edit: may(if criterion == "all" { None } else { Some(criterion.as_str()) }),
                criterion,
                name,
                level,
                planned_year: p.planned_year,
                actual,
                contents: p.contents.clone(),
                responsible,
                estimate: p.estimate.map(|m| m.as_dong()),
                estimate_text: p
                    .estimate
                    .map(|m| v.lang.number(ntm_domain::Ratio::integer(m.as_dong())))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let may_add = who.is_some_and(|p| {
        set.criteria()
            .iter()
            .any(|c| can(Some(p), Action::EditPlan { unit, set: set_id, criterion: Some(&c.id) }, &live.tree, false))
    });
    let mut years: Vec<i32> = live.periods_with_data(set_id).iter().map(Period::year).collect();
    years.extend(live.roadmap.of(unit).filter(|p| p.concerns(set)).map(|p| p.planned_year));
    years.sort_unstable();
    years.dedup();
    drop(live);
    let grid = years_grid(app, v.t(), unit, set_id, &years)?;
    Ok(UnitRoadmap {
        unit: unit_ref(&app.live(), unit),
        set_id: set_id.into(),
        period: period.code(),
        rows,
        may_add,
        years,
        grid,
    })
}

/// A unit's criteria × years: in each year's column the verdict of that year, and the plan's
/// year marked in its column.
fn years_grid(
    app: &App,
    t: T,
    unit: ntm_domain::UnitIdx,
    set_id: &str,
    years: &[i32],
) -> Result<Vec<YearsRow>, WebError> {
    let wanted: Vec<(String, Period)> = years.iter().map(|&y| (set_id.to_string(), Period::Year(y))).collect();
    app.prepare_all(&wanted)?;
    let live = app.live();
    let set = live.set(set_id).ok_or(WebError::NotFound)?;
    let lang = t.lang;
    let plans: Vec<&ntm_domain::Plan> = live.roadmap.of(unit).filter(|p| p.concerns(set)).collect();
    // Per year: the evaluation and the unit's row in it.
    // A year without data is not evaluated: its cells say so rather than "missing".
    let with_data: Vec<i32> = live.periods_with_data(set_id).iter().map(Period::year).collect();
    let evals: Vec<_> = years
        .iter()
        .map(|&y| {
            let e = live.evaluation(set_id, Period::Year(y)).filter(|_| with_data.contains(&y));
            let row = e.and_then(|e| e.units().iter().position(|&x| x == unit));
            (y, e, row)
        })
        .collect();
    let mut rows: Vec<YearsRow> = set
        .criteria()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = lang.pick(&c.name_vi, &c.name_en).to_string();
            let planned = plans.iter().find(|p| p.criterion_in(set) == Some(i)).map(|p| p.planned_year);
            let what = format!("{}. {name}", c.id);
            let cells = evals
                .iter()
                .map(|&(y, e, r)| {
                    let actual = match (e, r) {
                        (Some(e), Some(r)) => e.criterion_status(r, i).code(),
                        _ => "",
                    };
                    grid_cell(t, &what, planned, y, actual)
                })
                .collect();
            YearsRow { id: c.id.clone(), name: c.short(lang).to_string(), cells }
        })
        .collect();
    let planned = plans.iter().find(|p| matches!(p.item, PlanItem::Standard(_))).map(|p| p.planned_year);
    let cells = evals
        .iter()
        .map(|&(y, e, r)| {
            let actual = match (e, r) {
                (Some(e), Some(r)) if e.standard_met(r) => "met",
                (Some(_), Some(_)) => "not_met",
                _ => "",
            };
            grid_cell(t, t.roadmap_whole(), planned, y, actual)
        })
        .collect();
    rows.push(YearsRow { id: "all".into(), name: t.roadmap_whole().to_string(), cells });
    Ok(rows)
}

#[derive(Template)]
#[template(path = "roadmap/unit.html")]
struct UnitPage {
    chrome: Chrome,
    r: UnitRoadmap,
    w: WarningsBlock,
    history: Vec<(LogEntry, String)>,
    period_label: String,
    criteria: Vec<(String, String)>,
}

async fn unit_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let (set_id, period) = set_and_period(&app, &q)?;
    let r = unit_roadmap(&app, &v, &code, &set_id, period)?;
    let t = v.t();
    let w = warnings_block(&app, &set_id, period, t, usize::MAX, Some(&r.unit.code))?;
    let history = app
        .plan_history(&r.unit.code, v.lang)
        .await?
        .into_iter()
        .map(|e| {
            let words = crate::audit::detail(t, &e);
            (e, words)
        })
        .collect();
    let criteria = {
        let live = app.live();
        let set = live.set(&set_id).ok_or(WebError::NotFound)?;
        set.criteria().iter().map(|c| (c.id.clone(), v.lang.pick(&c.name_vi, &c.name_en).to_string())).collect()
    };
    let period_label = ntm_domain::explain::period_label(period, v.lang);
    let chrome = Chrome::new(&v, &t.roadmap_of(&r.unit.name), "overview", &set_id, &period.code());
    Ok(Html(UnitPage { chrome, r, w, history, period_label, criteria }.render()?).into_response())
}

async fn api_unit(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let (set_id, period) = set_and_period(&app, &q)?;
    Ok(axum::Json(unit_roadmap(&app, &v, &code, &set_id, period)?).into_response())
}

/// A row posted from the unit's page.
#[derive(Deserialize)]
struct SaveForm {
    set: Option<Text>,
    criterion: Text,
    planned_year: Text,
    #[serde(default)]
    level: Text,
    #[serde(default)]
    responsible: Text,
    #[serde(default)]
    contents: Text,
    #[serde(default)]
    estimate: Text,
}

fn back(code: &str, set: &str, app: &App) -> Redirect {
    let q = if set == app.config.default_set { String::new() } else { format!("?set={}", crate::chrome::encode(set)) };
    Redirect::to(&format!("/roadmap/{}{q}", crate::chrome::encode(code)))
}

async fn save(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    f: SignedInForm<SaveForm>,
) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    let set_id = crate::shell::set_or_default(&app, f.form.set.as_deref());
    let draft = PlanDraft {
        unit_code: code.clone(),
        criterion: f.form.criterion.0,
        planned_year: f.form.planned_year.0,
        level: f.form.level.0,
        responsible: f.form.responsible.0,
        contents: f.form.contents.0,
        estimate: f.form.estimate.0,
    };
    app.save_plan(Some(&user), &set_id, &draft).await?;
    Ok(back(&code, &set_id, &app).into_response())
}

#[derive(Deserialize)]
struct DeleteForm {
    id: Text,
    set: Option<Text>,
}

async fn delete(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    f: SignedInForm<DeleteForm>,
) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    let set_id = crate::shell::set_or_default(&app, f.form.set.as_deref());
    let id: i64 = f.form.id.parse().map_err(|_| WebError::NotFound)?;
    // The row of the unit of the address only.
    let of_unit = {
        let live = app.live();
        live.roadmap.plans.iter().any(|p| p.id == id && live.tree.unit(p.unit).code == code)
    };
    if !of_unit {
        return Err(WebError::NotFound);
    }
    app.delete_plan(Some(&user), id).await?;
    Ok(back(&code, &set_id, &app).into_response())
}
