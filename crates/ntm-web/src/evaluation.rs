//! The evaluation area: the overview, the matrix (and its Excel download), a unit's page and a
//! criterion's page, each with its JSON twin under `/api/v1/`, and the evaluation report in the
//! contract shape of DESIGN.md §4.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::evaluation::{CriterionView, GapAmount, MATRIX_PAGE, MatrixView, OverviewView, UnitView};
use ntm_app::page::{Context, Paging, choose_period};
use ntm_app::plans::{ShortfallView, TargetView};
use ntm_domain::{Lang, UnitIdx};
use ntm_io::charts::{Axis, Bar, Mark, Series, bar_chart, histogram, line_chart, status_bars};
use ntm_io::report::{EvaluationReport, evaluation_report};
use ntm_text::T;
use serde::Serialize;

use crate::chrome::{Chrome, PrintHead, encode};
use crate::error::{Said, WebError};
use crate::extract::Query;
use crate::paging::Pager;
use crate::present::{managing_unit, unverified_notice};
use crate::session::Visitor;
use crate::shell::{PageQuery, decimal, html, ok, param};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(overview))
        .route("/matrix", get(matrix))
        .route("/units/{code}", get(unit))
        .route("/criteria/{set}/{id}", get(criterion))
        .route("/export/evaluation.xlsx", get(evaluation_xlsx))
        .route("/api/v1/evaluation", get(api_evaluation))
        .route("/api/v1/overview", get(api_overview))
        .route("/api/v1/matrix", get(api_matrix))
        .route("/api/v1/units/{code}", get(api_unit))
        .route("/api/v1/criteria/{set}/{id}", get(api_criterion))
        .layer(Extension(Arc::new(PageCache::default())))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let set = param("set", "query", false, "Criteria set id, e.g. xa-ntm-2021-2025 (default: the configured set)");
    let period =
        param("period", "query", false, "A year (2024) or a quarter (2024Q3); default: the latest year with data");
    let lang = param("lang", "query", false, "vi (default) or en");
    let paths = serde_json::json!({
        "/api/v1/evaluation": { "get": { "summary": "Verdicts for every unit (or one) in the contract shape",
            "parameters": [set, period, param("unit", "query", false, "One unit's GSO code"), lang], "responses": ok("Evaluation report") } },
        "/api/v1/overview": { "get": { "summary": "Overview: targets, roll-up, criteria most failed, trend", "parameters": [set, period, lang], "responses": ok("Overview") } },
        "/api/v1/matrix": { "get": { "summary": "Units × criteria matrix",
            "parameters": [set, period, param("sort", "query", false, "code | name | met | least"), param("status", "query", false, "all | standard | not_standard"), param("level", "query", false, "province | district | commune | village"), param("page", "query", false, "Page of 25 rows"), lang],
            "responses": ok("Matrix") } },
        "/api/v1/units/{code}": { "get": { "summary": "One unit: every criterion and indicator, history, villages",
            "parameters": [param("code", "path", true, "GSO code"), set, period, lang], "responses": ok("Unit") } },
        "/api/v1/criteria/{set}/{id}": { "get": { "summary": "One criterion: failing units and by how much, distribution",
            "parameters": [param("set", "path", true, "Criteria set id"), param("id", "path", true, "Criterion id"), period, lang], "responses": ok("Criterion") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// Rendered pages of anonymous visitors, keyed by (path and query, language, day) and valid
/// while the state's revision is the one they were rendered at (every change bumps it; the day
/// moves the targets).
#[derive(Default)]
pub struct PageCache {
    pages: std::sync::Mutex<HashMap<PageKey, (i64, axum::body::Bytes)>>,
}

/// (path and query, language, the day the targets are judged on).
type PageKey = (String, Lang, ntm_domain::Date);

impl PageCache {
    const MAX: usize = 256;

    fn get(&self, key: &PageKey, revision: i64) -> Option<axum::body::Bytes> {
        let pages = self.pages.lock().ok()?;
        pages.get(key).filter(|(r, _)| *r == revision).map(|(_, b)| b.clone())
    }

    fn put(&self, key: PageKey, revision: i64, body: axum::body::Bytes) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= Self::MAX {
                pages.clear();
            }
            pages.insert(key, (revision, body));
        }
    }
}

/// What is still missing for a target, in words.
fn shortfall(t: T, s: &ShortfallView) -> String {
    match s {
        ShortfallView::CriteriaMet { unit, met, total } => t.shortfall_criteria_met(&unit.name, met, total),
        ShortfallView::NotEvaluated { unit } => t.shortfall_not_evaluated(&unit.name),
        ShortfallView::VillagesToGo { unit, count } => t.shortfall_villages(&unit.name, *count),
        ShortfallView::NotRecognised { unit } => t.shortfall_not_recognised(&unit.name),
        ShortfallView::IndicatorValue { unit, value, gap } => {
            t.shortfall_indicator_value(&unit.name, number(t, value), number(t, gap))
        }
        ShortfallView::NoValue { unit } => t.shortfall_no_value(&unit.name),
    }
}

/// A decimal as the reader writes it (`17,5` in Vietnamese).
fn number(t: T, text: &str) -> String {
    text.replace('.', &crate::shell::decimal(t.lang).to_string())
}

/// A target in words: its state, what it stands on, what is still missing (counted as the
/// target counts: villages for a villages target), and why, unit by unit.
struct TargetWords {
    state: &'static str,
    basis: String,
    remaining: String,
    missing: Vec<String>,
    /// The units closest to counting, worded.
    closest: Vec<String>,
    /// What an average or an indicator target must reach, and where it stands.
    figure: Option<String>,
}

fn target_words(t: T, g: &TargetView) -> TargetWords {
    let basis = match (g.state, &g.basis_label, g.closed) {
        ("no_data", _, true) => t.target_no_data_final(g.year),
        ("no_data", _, false) => t.target_no_data_yet().to_string(),
        (_, Some(period), true) => t.target_final_data(period),
        (_, Some(period), false) if g.awaiting_data => t.target_awaiting_data(g.year, period),
        (_, Some(period), false) => t.target_latest_data(period),
        (_, None, true) => t.target_final_decisions(&g.as_of),
        (_, None, false) => t.target_decisions(&g.as_of),
    };
    let remaining = match g.counts {
        "village" => t.still_missing_villages(g.remaining),
        "commune" => t.still_missing_communes(g.remaining),
        "district" => t.still_missing_districts(g.remaining),
        "criterion" => t.still_missing_criteria(g.remaining),
        _ => t.still_missing_units(g.remaining),
    };
    TargetWords {
        state: t.target_state(g.state),
        basis,
        remaining,
        missing: g.missing.iter().map(|s| shortfall(t, s)).collect(),
        closest: g.closest.iter().map(|s| shortfall(t, s)).collect(),
        figure: match (g.kind, &g.value, &g.indicator) {
            ("average_criteria", Some(goal), _) => Some(t.target_average_now(
                g.average.as_deref().map_or_else(|| "—".to_string(), |a| number(t, a)),
                number(t, goal),
            )),
            ("indicator", Some(goal), Some(i)) => {
                let goal = match g.indicator_unit.as_deref() {
                    Some("%") => format!("{}%", number(t, goal)),
                    Some(u) if !u.is_empty() => format!("{} {u}", number(t, goal)),
                    _ => number(t, goal),
                };
                Some(t.target_indicator_goal(i, g.direction.unwrap_or("min"), goal))
            }
            _ => None,
        },
    }
}

/// How far from its threshold, in words: "còn thiếu 3%", "6.5 million VND per person per year
/// short"; above a maximum, "cao hơn mức tối đa 0,8%", "0.8% above the ceiling".
pub(crate) fn gap(t: T, g: &GapAmount) -> String {
    let amount = if g.percent { format!("{}%", g.amount) } else { format!("{} {}", g.amount, g.unit) };
    if g.over { t.gap_over(amount) } else { t.gap_short(amount) }
}

#[derive(Template)]
#[template(path = "evaluation/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    v: OverviewView,
    /// Each target in words.
    words: Vec<TargetWords>,
    criteria_chart: String,
    /// Over the years, or over the quarters.
    trend_title: &'static str,
    /// The trend, one chart per quantity (its caption, its chart): units meeting the standard,
    /// average criteria met.
    trend_charts: Vec<(&'static str, String)>,
    /// That most thresholds of the set are not verified, said once.
    notice: Option<String>,
    /// The early warnings of the set and period, the first few.
    w: crate::roadmap::WarningsBlock,
    /// Issue 10: who is late with a report today (signed-in visitors; the anonymous page is cached).
    late: crate::reporting::LateBlock,
}

async fn overview(
    State(app): State<Arc<App>>,
    Extension(cache): Extension<Arc<PageCache>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    // Anonymous visitors see the same page: it is rendered once per state of the data and day.
    let cacheable = v.user.is_none();
    let revision = app.live().counters.revision;
    let key = (v.path_and_query.clone(), v.lang, app.today());
    if cacheable && let Some(body) = cache.get(&key, revision) {
        return Ok(Html(body).into_response());
    }
    let set_id = q.set_id(&app);
    let who = v.user.as_ref().map(|u| &u.principal);
    let view = app.overview(&set_id, q.period.as_deref(), who, v.lang)?;
    let t = v.t();
    // Criteria by number and short name, so that a bar says which criterion it is.
    let names: Vec<String> = view.criteria.iter().map(|c| format!("{} {}", c.id, c.short_name)).collect();
    let rows: Vec<(&str, [usize; 3])> =
        view.criteria.iter().zip(&names).map(|(c, n)| (n.as_str(), [c.met, c.not_met, c.missing])).collect();
    let criteria_chart = status_bars(t.criteria_chart_title(), &rows);
    // Years as they are written, quarters as people read them ("quý 3/2024").
    let labels: Vec<String> =
        view.trend.iter().map(|p| if p.period.contains('Q') { p.label.clone() } else { p.period.clone() }).collect();
    let trend_title = if view.ctx.period.contains('Q') { t.trend_quarters() } else { t.trend() };
    let units_most = view.trend.iter().map(|p| p.units).max().unwrap_or(view.units).max(1);
    // One chart per quantity, each on its own axis and unit.
    let trend = |caption: &'static str, class: &str, values: Vec<Option<f64>>, axis: Axis<'_>, decimals: usize| {
        let series = [Series { name: caption, class, values, labelled: true }];
        (caption, line_chart(caption, &labels, &series, &axis, decimals, decimal(v.lang)))
    };
    let trend_charts = vec![
        trend(
            t.trend_standard(),
            "s1",
            view.trend.iter().map(|p| Some(p.standard_met as f64)).collect(),
            Axis { unit: t.axis_units(), max: units_most as f64, count: true },
            0,
        ),
        trend(
            t.average_criteria(),
            "s2",
            view.trend.iter().map(|p| Some(p.average)).collect(),
            Axis { unit: t.axis_criteria_per_unit(), max: view.criteria_total as f64, count: false },
            1,
        ),
    ];
    let words = view.targets.iter().map(|g| target_words(t, g)).collect();
    let notice = unverified_notice(&app, &view.ctx.set_id, t);
    let head = PrintHead::new(
        app.today(),
        managing_unit(&app, &view.ctx.set_id, &view.ctx.period),
        &view.ctx.period_label,
        true,
    );
    let chrome = Chrome::new(&v, t.nav_overview(), "overview", &view.ctx.set_id, &view.ctx.period).printed(head);
    let w = match ntm_domain::Period::parse(&view.ctx.period) {
        Ok(p) => crate::roadmap::warnings_block(&app, &view.ctx.set_id, p, t, crate::roadmap::OVERVIEW_WARNINGS, None)?,
        Err(_) => crate::roadmap::WarningsBlock::default(),
    };
    let late =
        if cacheable { crate::reporting::LateBlock::default() } else { crate::reporting::late_block(&app, &v).await? };
    let page = OverviewPage { chrome, v: view, words, criteria_chart, trend_title, trend_charts, notice, w, late };
    let body = axum::body::Bytes::from(page.render()?);
    if cacheable {
        cache.put(key, revision, body.clone());
    }
    Ok(Html(body).into_response())
}

#[derive(Template)]
#[template(path = "evaluation/matrix.html")]
struct MatrixPage {
    chrome: Chrome,
    ctx: Context,
    m: MatrixView,
    levels: Vec<&'static str>,
    pager: Pager,
    notice: Option<String>,
}

async fn matrix(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    let set_id = q.set_id(&app);
    let (ctx, m) = app.matrix(&set_id, q.period.as_deref(), q.matrix_query(), v.lang)?;
    let head = PrintHead::new(app.today(), managing_unit(&app, &ctx.set_id, &ctx.period), &ctx.period_label, false);
    let chrome = Chrome::new(&v, v.t().nav_matrix(), "matrix", &ctx.set_id, &ctx.period).printed(head);
    let notice = unverified_notice(&app, &ctx.set_id, v.t());
    let paging = Paging { page: m.page, pages: m.pages, per_page: MATRIX_PAGE, total: m.total_rows };
    let pager = Pager::new(&paging, |page| {
        format!(
            "/matrix?set={}&period={}&sort={}&status={}&level={}&page={page}",
            encode(&ctx.set_id),
            encode(&ctx.period),
            encode(&m.query.sort),
            encode(&m.query.status),
            encode(&m.query.level)
        )
    });
    let levels = ntm_domain::Level::ALL.iter().map(|l| l.code()).collect();
    html(&MatrixPage { chrome, ctx, m, levels, pager, notice })
}

#[derive(Template)]
#[template(path = "evaluation/unit.html")]
struct UnitPage {
    chrome: Chrome,
    v: UnitView,
    signed_in: bool,
    history_chart: String,
    unit_href: String,
    /// Why the set does not judge the unit, when it is of a kind the set does not judge.
    not_judged: Option<String>,
    notice: Option<String>,
    /// The unit's early warnings of the period, each with why in figures.
    warnings: Option<crate::roadmap::WarningsBlock>,
    /// The projections of its first indicators off pace: (how it was drawn, the chart).
    projections: Vec<(String, String)>,
}

async fn unit(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let set_id = q.set_id(&app);
    let who = v.user.as_ref().map(|u| &u.principal);
    let view = app.unit(&code, q.at.as_deref(), &set_id, q.period.as_deref(), who, v.lang)?;
    let t = v.t();
    let labels: Vec<String> =
        view.history.iter().map(|p| if p.period.contains('Q') { p.label.clone() } else { p.period.clone() }).collect();
    let history_chart = line_chart(
        t.history(),
        &labels,
        &[Series {
            name: t.criteria_met_of(),
            class: "s1",
            values: view.history.iter().map(|p| Some(p.average)).collect(),
            labelled: true,
        }],
        &Axis { unit: t.axis_criteria(), max: view.criteria_total as f64, count: true },
        0,
        decimal(v.lang),
    );
    let notice = view.evaluated.then(|| unverified_notice(&app, &view.ctx.set_id, t)).flatten();
    // A commune's page is a report about it.
    let head = PrintHead::new(app.today(), Some(view.unit.name.clone()), &view.ctx.period_label, view.evaluated);
    let chrome = Chrome::new(&v, &view.unit.name, "", &view.ctx.set_id, &view.ctx.period).printed(head);
    let unit_href = format!("/units/{}", encode(&view.unit.code));
    let signed_in = v.user.is_some();
    let not_judged = view.not_judged.map(|kind| {
        let kinds: Vec<String> = view.set_kinds.iter().map(|k| t.kind_plural(k).to_string()).collect();
        t.not_judged(kinds.join(", "), t.kind_one(kind))
    });
    let warnings = match (view.evaluated, ntm_domain::Period::parse(&view.ctx.period)) {
        (true, Ok(period)) => {
            Some(crate::roadmap::warnings_block(&app, &view.ctx.set_id, period, t, usize::MAX, Some(&view.unit.code))?)
                .filter(|w| w.total > 0)
        }
        _ => None,
    };
    let projections = match (&warnings, ntm_domain::Period::parse(&view.ctx.period)) {
        (Some(_), Ok(period)) => crate::roadmap::projection_charts(&app, &view.ctx.set_id, period, &view.unit.code, t)?,
        _ => Vec::new(),
    };
    html(&UnitPage { chrome, v: view, signed_in, history_chart, unit_href, not_judged, notice, warnings, projections })
}

/// Units listed one by one on a page before a summary takes over (page weight on 3G).
const MAX_LISTED: usize = 40;

#[derive(Template)]
#[template(path = "evaluation/criterion.html")]
struct CriterionPage {
    chrome: Chrome,
    v: CriterionView,
    /// The rows of the table of failing units.
    rows: Vec<FailRow>,
    /// Failing units not listed on the page (the JSON has them all).
    more_failing: usize,
    distributions: Vec<(String, String)>,
    criterion_href: String,
    notice: Option<String>,
}

/// A row of the table of units not meeting a criterion: an indicator not met with its figures,
/// or, in one row, the indicators without a value (a quarter often has few).
struct FailRow {
    /// On a unit's first row: its code, name and how many rows it spans.
    unit: Option<(String, String, usize)>,
    gap: Option<GapRow>,
    /// The ids of the unit's indicators that have no value in the period.
    no_value: Vec<String>,
}

struct GapRow {
    id: String,
    /// Its id and name.
    indicator: String,
    value: String,
    threshold: String,
    citation: String,
    status: &'static str,
    /// How far from the threshold, in words.
    gap: Option<String>,
}

/// The rows of the failing units' table.
fn fail_rows(t: T, v: &CriterionView) -> Vec<FailRow> {
    let mut rows = Vec::new();
    for f in &v.failing {
        let (without, with): (Vec<_>, Vec<_>) =
            f.indicators.iter().partition(|g| !g.has_value && g.status == "missing");
        let span = with.len() + usize::from(!without.is_empty());
        let first = rows.len();
        rows.extend(with.iter().map(|g| FailRow {
            unit: None,
            gap: Some(GapRow {
                id: g.id.clone(),
                indicator: format!("{} {}", g.id, g.name),
                value: g.value.clone(),
                threshold: g.threshold.clone(),
                citation: t.citation_beside_verdict(&g.citation),
                status: g.status,
                gap: g.gap.as_ref().map(|x| gap(t, x)),
            }),
            no_value: Vec::new(),
        }));
        if !without.is_empty() {
            rows.push(FailRow { unit: None, gap: None, no_value: without.iter().map(|g| g.id.clone()).collect() });
        }
        if let Some(r) = rows.get_mut(first) {
            r.unit = Some((f.unit.code.clone(), f.unit.name.clone(), span.max(1)));
        }
    }
    rows
}

async fn criterion(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((set_id, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let mut view = app.criterion(&set_id, &id, q.period.as_deref(), v.lang)?;
    let t = v.t();
    let distributions = view
        .distributions
        .iter()
        .map(|d| {
            let bars: Vec<Bar<'_>> =
                d.points.iter().map(|p| Bar { label: &p.unit.name, value: p.value, class: p.status }).collect();
            let percent = d.unit.trim() == "%";
            let most = d.points.iter().filter_map(|p| p.value).chain(d.threshold).fold(0.0, f64::max);
            let max = if percent { 100.0 } else { most };
            let unit = if percent { "%" } else { "" };
            // No unit has a value (a quarter often): said so, not an empty chart.
            let chart = if d.points.iter().all(|p| p.value.is_none()) {
                format!("<p class=\"missing\">{}</p>", t.no_value_for())
            // A yes/no indicator: how many units answer each way, in words.
            } else if d.kind == "boolean" {
                let count = |s: &str| d.points.iter().filter(|p| p.status == s).count();
                format!(
                    "<p><span class=\"met\">{}: {}</span> · <span class=\"not_met\">{}: {}</span> · <span class=\"missing\">{}: {}</span></p>",
                    t.met(),
                    count("met"),
                    t.not_met(),
                    count("not_met"),
                    t.missing(),
                    count("missing")
                )
            // Beyond a district's size, one bar per unit would be too heavy: a histogram instead.
            } else if bars.len() > MAX_LISTED {
                let values: Vec<f64> = d.points.iter().filter_map(|p| p.value).collect();
                histogram(&d.name, &values, max, 10, unit, t.axis_units(), decimal(v.lang))
            } else {
                let axis = Axis { unit: t.unit_name(&d.unit), max, count: false };
                let label = d.threshold.map(|th| {
                    let sign = if d.kind == "max" { "≤" } else { "≥" };
                    let value = t.decimal_text(&ntm_io::charts::figure(th, 3, '.'));
                    t.threshold_line(format!("{sign} {value}{unit}"))
                });
                let mark = d.threshold.zip(label.as_deref()).map(|(value, label)| Mark { value, label });
                bar_chart(&d.name, &bars, &axis, mark.as_ref(), 1, decimal(v.lang))
            };
            (format!("{} {}", d.id, d.name), chart)
        })
        .collect();
    let notice = unverified_notice(&app, &view.ctx.set_id, t);
    let head = PrintHead::new(
        app.today(),
        managing_unit(&app, &view.ctx.set_id, &view.ctx.period),
        &view.ctx.period_label,
        false,
    );
    let chrome = Chrome::new(&v, &view.name, "", &view.ctx.set_id, &view.ctx.period).printed(head);
    let criterion_href = format!("/criteria/{}/{}", encode(&set_id), encode(&id));
    let more_failing = view.failing.len().saturating_sub(MAX_LISTED);
    view.failing.truncate(MAX_LISTED);
    let rows = fail_rows(t, &view);
    html(&CriterionPage { chrome, v: view, rows, more_failing, distributions, criterion_href, notice })
}

fn json<S: Serialize>(value: &S) -> Response {
    axum::Json(value).into_response()
}

/// The evaluation report of a set and period (the latest evaluated one when none is given),
/// of one unit or of all.
fn evaluation_of(
    app: &App,
    set_id: &str,
    period: Option<&str>,
    unit: Option<&str>,
    lang: Lang,
) -> Result<EvaluationReport, WebError> {
    if let Some(p) = period.filter(|p| !p.is_empty())
        && ntm_domain::Period::parse(p).is_err()
    {
        return Err(WebError::BadRequest(Said::of(T::bad_period)));
    }
    let period = choose_period(&app.live(), set_id, period)?;
    let live = app.prepared(set_id, &[period])?;
    let set = live.set(set_id).ok_or(WebError::NotFound)?;
    let eval = live.evaluation(set_id, period).ok_or(WebError::NotFound)?;
    let empty = ntm_domain::ValueTable::new(set.element_count());
    let table = live.values.get(set_id).unwrap_or(&empty);
    let mut ev = live.evaluator(set, table, period)?;
    let units: Vec<UnitIdx> = match unit {
        Some(code) => {
            let u = live.tree.resolve(code, period).map_err(|_| WebError::NotFound)?;
            if eval.position(u).is_none() {
                return Err(WebError::NotFound);
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
async fn evaluation_in_turn<R: Send + 'static>(
    app: Arc<App>,
    set_id: String,
    period: Option<String>,
    unit: Option<String>,
    lang: Lang,
    finish: impl FnOnce(EvaluationReport) -> R + Send + 'static,
) -> Result<R, WebError> {
    let turn = REPORT_TURNS
        .acquire()
        .await
        .map_err(|_| WebError::Refused(StatusCode::SERVICE_UNAVAILABLE, Said::of(T::busy)))?;
    // The turn goes with the work: a visitor who leaves does not free it while the report runs.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        evaluation_of(&app, &set_id, period.as_deref(), unit.as_deref(), lang).map(finish)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /export/evaluation.xlsx?set=ID&period=P`: every unit's verdicts (sheet 1, the matrix)
/// and every indicator (sheet 2), in the visitor's language.
async fn evaluation_xlsx(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let lang = v.lang;
    let set_id = q.set_id(&app);
    let illustrative = app.config.demo;
    let (file, bytes) = evaluation_in_turn(app, set_id, q.period, None, lang, move |report| {
        let file = format!("ntm-{}-{}.xlsx", report.set, report.period);
        ntm_excel::evaluation_workbook(&report, lang, illustrative).map(|bytes| (file, bytes))
    })
    .await?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
    // The set id and period are plain ASCII (checked by the evaluation); quote them anyway.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.replace('"', ""))) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

#[derive(serde::Deserialize, Default)]
struct EvaluationQuery {
    set: Option<String>,
    period: Option<String>,
    unit: Option<String>,
}

/// `GET /api/v1/evaluation?set=ID&period=P[&unit=CODE]`.
async fn api_evaluation(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<EvaluationQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let set_id = q.set.clone().unwrap_or_else(|| app.config.default_set.clone());
    let body = evaluation_in_turn(app, set_id, q.period, q.unit, v.lang, |r| serde_json::to_vec(&r))
        .await?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn api_overview(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let who = v.user.as_ref().map(|u| &u.principal);
    Ok(json(&app.overview(&q.set_id(&app), q.period.as_deref(), who, v.lang)?))
}

async fn api_matrix(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    let (ctx, m) = app.matrix(&q.set_id(&app), q.period.as_deref(), q.matrix_query(), v.lang)?;
    Ok(json(&serde_json::json!({ "ctx": ctx, "matrix": m })))
}

async fn api_unit(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let who = v.user.as_ref().map(|u| &u.principal);
    Ok(json(&app.unit(&code, q.at.as_deref(), &q.set_id(&app), q.period.as_deref(), who, v.lang)?))
}

async fn api_criterion(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((set, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    Ok(json(&app.criterion(&set, &id, q.period.as_deref(), v.lang)?))
}
