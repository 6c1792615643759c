//! The HTML pages.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Extension, Path, State};

use crate::extract::{Form, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ntm_app::entry::{EntryForm, FieldKind, SaveResult, SubmittedField};
use ntm_app::thresholds::{ThresholdForm, ThresholdProblem};
use ntm_app::views::{CriterionView, MatrixQuery, MatrixView, OverviewView, UnitView};
use ntm_app::{App, AppError};
use ntm_domain::explain::period_label;
use ntm_domain::{Action, Lang, Period, can};
use ntm_io::charts::{Bar, Series, bar_chart, histogram, line_chart, status_bars};
use ntm_io::report::{SetDto, SetSummaryDto, set_detail, set_summary};
use serde::Deserialize;

use crate::chrome::{Chrome, encode};
use crate::error::WebError;
use crate::session::{LANG_COOKIE, Visitor, posted, posted_text, with_session};

/// Rendered pages of anonymous visitors, keyed by (path and query, language) and valid while the
/// state's (revision, structure) is the one they were rendered at.
#[derive(Default)]
pub struct PageCache {
    pages: std::sync::Mutex<HashMap<PageKey, (Stamp, axum::body::Bytes)>>,
}

/// (path and query, language).
type PageKey = (String, Lang);
/// The state's (revision, structure).
type Stamp = (i64, i64);

impl PageCache {
    const MAX: usize = 256;

    fn get(&self, key: &PageKey, stamp: Stamp) -> Option<axum::body::Bytes> {
        let pages = self.pages.lock().ok()?;
        pages.get(key).filter(|(s, _)| *s == stamp).map(|(_, b)| b.clone())
    }

    fn put(&self, key: PageKey, stamp: Stamp, body: axum::body::Bytes) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= Self::MAX {
                pages.clear();
            }
            pages.insert(key, (stamp, body));
        }
    }
}

/// Query parameters shared by the pages.
#[derive(Deserialize, Default, Debug)]
pub struct PageQuery {
    pub set: Option<String>,
    pub period: Option<String>,
    pub sort: Option<String>,
    pub status: Option<String>,
    pub level: Option<String>,
    pub page: Option<usize>,
    pub next: Option<String>,
    /// A date that picks among units sharing a code over time.
    pub at: Option<String>,
}

impl PageQuery {
    pub fn set_id(&self, app: &App) -> String {
        self.set.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| app.config.default_set.clone())
    }

    pub fn matrix_query(&self) -> MatrixQuery {
        MatrixQuery {
            sort: self.sort.clone().unwrap_or_default(),
            status: self.status.clone().unwrap_or_default(),
            level: self.level.clone().unwrap_or_default(),
            page: self.page.unwrap_or(1),
        }
    }
}

pub(crate) fn html<T: Template>(page: &T, lang: Lang) -> Result<Response, WebError> {
    page.render().map(|h| Html(h).into_response()).map_err(|e| WebError::Internal(lang, e.to_string()))
}

fn decimal(lang: Lang) -> char {
    if lang == Lang::Vi { ',' } else { '.' }
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    chrome: Chrome,
    v: OverviewView,
    criteria_chart: String,
    trend_chart: String,
}

pub async fn overview(
    State(app): State<Arc<App>>,
    Extension(cache): Extension<Arc<PageCache>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    // Anonymous visitors see the same page: it is rendered once per state of the data.
    let cacheable = v.user.is_none();
    let stamp = {
        let live = app.live();
        (live.revision, live.structure)
    };
    let key = (v.path_and_query.clone(), v.lang);
    if cacheable && let Some(body) = cache.get(&key, stamp) {
        return Ok(Html(body).into_response());
    }
    let set_id = q.set_id(&app);
    let view = app
        .overview(&set_id, q.period.as_deref(), v.lang)
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    let t = crate::i18n::T { lang: v.lang };
    let rows: Vec<(&str, [usize; 3])> =
        view.criteria.iter().map(|c| (c.id.as_str(), [c.met, c.not_met, c.missing])).collect();
    let criteria_chart = status_bars(t.criteria_chart_title(), &rows);
    let labels: Vec<String> = view.trend.iter().map(|p| p.period.clone()).collect();
    let trend_chart = line_chart(
        t.trend(),
        &labels,
        &[
            Series {
                name: t.trend_standard(),
                class: "s1",
                values: view.trend.iter().map(|p| Some(p.standard_met as f64)).collect(),
            },
            Series {
                name: t.trend_average(),
                class: "s2",
                values: view.trend.iter().map(|p| Some(p.average)).collect(),
            },
        ],
        view.criteria_total.max(view.units) as f64,
        decimal(v.lang),
    );
    let chrome = Chrome::new(&v, t.nav_overview(), "overview", &view.ctx.set_id, &view.ctx.period);
    let page = OverviewPage { chrome, v: view, criteria_chart, trend_chart };
    let body = axum::body::Bytes::from(page.render().map_err(|e| WebError::Internal(v.lang, e.to_string()))?);
    if cacheable {
        cache.put(key, stamp, body.clone());
    }
    Ok(Html(body).into_response())
}

#[derive(Template)]
#[template(path = "matrix.html")]
struct MatrixPage {
    chrome: Chrome,
    ctx: ntm_app::views::Context,
    m: MatrixView,
    levels: Vec<&'static str>,
    prev_href: String,
    next_href: String,
}

pub async fn matrix(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    v.require_read()?;
    let set_id = q.set_id(&app);
    let query = q.matrix_query();
    let (ctx, m) = app
        .matrix(&set_id, q.period.as_deref(), query, v.lang)
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    let chrome = Chrome::new(&v, crate::i18n::T { lang: v.lang }.nav_matrix(), "matrix", &ctx.set_id, &ctx.period);
    let href = |page: usize| {
        format!(
            "/matrix?set={}&period={}&sort={}&status={}&level={}&page={page}",
            encode(&ctx.set_id),
            encode(&ctx.period),
            encode(&m.query.sort),
            encode(&m.query.status),
            encode(&m.query.level)
        )
    };
    let prev_href = href(m.page.saturating_sub(1).max(1));
    let next_href = href(m.page + 1);
    let levels = ntm_domain::Level::ALL.iter().map(|l| l.code()).collect();
    html(&MatrixPage { chrome, ctx, m, levels, prev_href, next_href }, v.lang)
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    chrome: Chrome,
    v: UnitView,
    signed_in: bool,
    history_chart: String,
    unit_href: String,
}

pub async fn unit(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let set_id = q.set_id(&app);
    let who = v.user.as_ref().map(|u| &u.principal);
    let view = app
        .unit(&code, q.at.as_deref(), &set_id, q.period.as_deref(), who, v.lang)
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    let t = crate::i18n::T { lang: v.lang };
    let labels: Vec<String> = view.history.iter().map(|p| p.period.clone()).collect();
    let history_chart = line_chart(
        t.history(),
        &labels,
        &[Series {
            name: t.criteria_met_of(),
            class: "s1",
            values: view.history.iter().map(|p| Some(p.average)).collect(),
        }],
        view.criteria_total as f64,
        decimal(v.lang),
    );
    let chrome = Chrome::new(&v, &view.unit.name, "", &view.ctx.set_id, &view.ctx.period);
    let unit_href = format!("/units/{}", encode(&view.unit.code));
    let signed_in = v.user.is_some();
    html(&UnitPage { chrome, v: view, signed_in, history_chart, unit_href }, v.lang)
}

/// Units listed one by one on a page before a summary takes over (page weight on 3G).
const MAX_LISTED: usize = 40;

#[derive(Template)]
#[template(path = "criterion.html")]
struct CriterionPage {
    chrome: Chrome,
    v: CriterionView,
    /// Failing units not listed on the page (the JSON has them all).
    more_failing: usize,
    distributions: Vec<(String, String)>,
    criterion_href: String,
}

pub async fn criterion(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((set_id, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let view = app
        .criterion(&set_id, &id, q.period.as_deref(), v.lang)
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    let distributions = view
        .distributions
        .iter()
        .map(|d| {
            let bars: Vec<Bar<'_>> =
                d.points.iter().map(|p| Bar { label: &p.unit.name, value: p.value, class: p.status }).collect();
            let percent = d.unit.trim() == "%";
            let max = if d.kind == "boolean" {
                1.0
            } else if percent {
                100.0
            } else {
                d.points.iter().filter_map(|p| p.value).chain(d.threshold).fold(0.0, f64::max) * 1.1
            };
            let unit = if percent { "%" } else { "" };
            // A yes/no indicator: how many units answer each way, in words.
            let chart = if d.kind == "boolean" {
                let count = |s: &str| d.points.iter().filter(|p| p.status == s).count();
                let t = crate::i18n::T { lang: v.lang };
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
                histogram(&d.name, &values, max, 10, unit, decimal(v.lang))
            } else {
                bar_chart(&d.name, &bars, max, d.threshold, unit, decimal(v.lang))
            };
            (format!("{} {}", d.id, d.name), chart)
        })
        .collect();
    let chrome = Chrome::new(&v, &view.name, "", &view.ctx.set_id, &view.ctx.period);
    let criterion_href = format!("/criteria/{}/{}", encode(&set_id), encode(&id));
    let mut view = view;
    let more_failing = view.failing.len().saturating_sub(MAX_LISTED);
    view.failing.truncate(MAX_LISTED);
    html(&CriterionPage { chrome, v: view, more_failing, distributions, criterion_href }, v.lang)
}

#[derive(Template)]
#[template(path = "sets.html")]
struct SetsPage {
    chrome: Chrome,
    sets: Vec<SetSummaryDto>,
}

pub async fn sets(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    v.require_read()?;
    let sets = app.live().catalog.sets().map(|s| set_summary(&s.set, &s.origin, v.lang)).collect();
    let chrome = Chrome::new(&v, crate::i18n::T { lang: v.lang }.sets_title(), "sets", "", "");
    html(&SetsPage { chrome, sets }, v.lang)
}

#[derive(Template)]
#[template(path = "set.html")]
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
    fn of(problems: &[ThresholdProblem]) -> ThresholdErrors {
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
            // Two problems of one field read as one sentence each.
            *slot = Some(match slot.take() {
                Some(before) => format!("{before}; {}", p.message),
                None => p.message.clone(),
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
    let live = app.live();
    let set = live.set(id).ok_or(WebError::NotFound(v.lang))?;
    let s = set_detail(set, &live.catalog.layers_for(id), v.lang);
    let can_edit = v.user.as_ref().is_some_and(|u| can(Some(&u.principal), Action::EditThresholds, &live.tree, false));
    let chrome = Chrome::new(v, &s.title, "sets", "", "");
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let input = input.unwrap_or_else(|| ThresholdForm { key: "all".into(), ..ThresholdForm::default() });
    let summary = problems.iter().map(|p| (p.field, p.message.clone())).collect();
    let errors = ThresholdErrors::of(problems);
    let columns: Vec<String> = if s.scheme == "group" {
        ntm_domain::unit::COMMUNE_GROUPS.iter().map(u8::to_string).collect()
    } else {
        ntm_domain::unit::REGIONS.iter().map(|(code, _)| code.to_string()).collect()
    };
    let keys = std::iter::once("all".to_string()).chain(columns).collect();
    let mut res = html(&SetPage { chrome, s, can_edit, input, summary, errors, keys }, v.lang)?;
    *res.status_mut() = status;
    Ok(res)
}

pub async fn set(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    v.require_read()?;
    set_page(&app, &v, &id, None, &[])
}

/// An administrator adds or corrects a threshold, with its citation; audited.
pub async fn set_threshold(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = v.require_form_user(&form)?;
    let field = |k: &str| posted_text(&form, k);
    let posted = ThresholdForm {
        indicator: field("indicator"),
        key: field("key"),
        year: field("year"),
        value: field("value"),
        citation: field("citation"),
        scope: field("scope"),
    };
    let problems =
        app.set_threshold(user, &id, &posted, v.lang).await.map_err(|e| WebError::from_app(e, v.lang, "/"))?;
    if !problems.is_empty() {
        return set_page(&app, &v, &id, Some(posted), &problems);
    }
    Ok(Redirect::to(&format!("/sets/{}#add", encode(&id))).into_response())
}

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    chrome: Chrome,
    f: EntryForm,
    /// Why the values shown are not saved yet (the form came back from a failed submit).
    notice: Option<&'static str>,
}

fn entry_page(v: &Visitor, f: EntryForm, status: StatusCode) -> Result<Response, WebError> {
    entry_page_with(v, f, None, status)
}

fn entry_page_with(
    v: &Visitor,
    f: EntryForm,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let chrome = Chrome::new(
        v,
        &format!("{} — {}", crate::i18n::T { lang: v.lang }.entry_title(), f.unit.name),
        "",
        &f.ctx.set_id,
        &f.ctx.period,
    );
    let mut res = html(&EntryPage { chrome, f, notice }, v.lang)?;
    *res.status_mut() = status;
    Ok(res)
}

pub async fn entry(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let set_id = q.set_id(&app);
    let form = app
        .entry_form(&code, &set_id, &period, user, v.lang)
        .await
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    if !form.can_save {
        return Err(WebError::Forbidden(v.lang));
    }
    entry_page(&v, form, StatusCode::OK)
}

/// Groups `v:` (value), `d:` (denominator) and `s:` ("revision|original" shown) fields by
/// element; only elements whose value was posted count.
fn submitted(form: &[(String, String)]) -> HashMap<String, SubmittedField> {
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
fn typed_fields(form: &[(String, String)]) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| ["v:", "d:", "s:"].iter().any(|p| k.starts_with(p))).cloned().collect()
}

/// The unit code, period and set of an entry page address (`/entry/CODE/PERIOD?set=ID`).
fn entry_address(path_and_query: &str) -> Option<(String, String, Option<String>)> {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut segments = path.strip_prefix("/entry/")?.split('/');
    let (code, period) = (segments.next()?, segments.next()?);
    if segments.next().is_some() || code.is_empty() || period.is_empty() {
        return None;
    }
    let set = query.split('&').find_map(|kv| kv.strip_prefix("set=")).filter(|s| !s.is_empty()).map(String::from);
    Some((code.to_string(), period.to_string(), set))
}

pub async fn save_entry(
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
            return Err(WebError::SignIn(v.path_and_query.clone()));
        }
        let t = crate::i18n::T { lang: v.lang };
        let page = LoginPage {
            chrome: Chrome::new(&v, t.sign_in(), "", "", ""),
            error: None,
            notice: Some(t.session_expired_kept()),
            next: v.path_and_query.clone(),
            username: String::new(),
            typed,
        };
        let mut res = html(&page, v.lang)?;
        *res.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(res);
    };
    if v.check_csrf(&form).is_err() {
        let f = app
            .restored_entry_form(&code, &set_id, &period, user, &submitted(&form), v.lang)
            .await
            .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
        if !f.can_save {
            return Err(WebError::Forbidden(v.lang));
        }
        let notice = crate::i18n::T { lang: v.lang }.form_expired_kept();
        return entry_page_with(&v, f, Some(notice), StatusCode::BAD_REQUEST);
    }
    let result = app
        .save_entry(&code, &set_id, &period, user, submitted(&form), v.lang)
        .await
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    match result {
        SaveResult::Saved(f) => entry_page(&v, f, StatusCode::OK),
        SaveResult::Invalid(f) => entry_page(&v, f, StatusCode::UNPROCESSABLE_ENTITY),
        SaveResult::Conflict(f) => entry_page(&v, f, StatusCode::CONFLICT),
    }
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: Chrome,
    code: String,
    unit_name: String,
    h: ntm_app::entry::ValueHistory,
    period_label: String,
}

pub async fn history(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, element)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    // Who changed what names officials: for signed-in users only, even when reading is public.
    v.require_user()?;
    let set_id = q.set_id(&app);
    let h = app
        .value_history(&code, &set_id, &element, &period, v.lang)
        .await
        .map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    let p = Period::parse(&period).map_err(|_| WebError::NotFound(v.lang))?;
    let unit_name = {
        let live = app.live();
        live.tree.resolve(&code, p).map(|u| live.tree.unit(u).name.clone()).unwrap_or_else(|_| code.clone())
    };
    let chrome = Chrome::new(&v, crate::i18n::T { lang: v.lang }.history_title(), "", &set_id, &period);
    html(&HistoryPage { chrome, code, unit_name, h, period_label: period_label(p, v.lang) }, v.lang)
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<(String, String, String, String, String)>,
}

pub async fn audit(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    let user = v.require_user()?;
    if !can(Some(&user.principal), Action::ViewAudit, &app.live().tree, false) {
        return Err(WebError::Forbidden(v.lang));
    }
    let t = crate::i18n::T { lang: v.lang };
    let rows = app
        .db
        .audit_log(200)
        .await
        .map_err(|e| WebError::from_app(AppError::Store(e), v.lang, "/"))?
        .into_iter()
        .map(|a| {
            (
                ntm_app::entry::vietnam_time(a.at),
                a.username.unwrap_or_else(|| "—".into()),
                format!("{} ({})", t.audit_action(&a.action), a.action),
                a.subject,
                t.audit_detail(&a.action, &a.detail),
            )
        })
        .collect();
    let chrome = Chrome::new(&v, t.audit_title(), "audit", "", "");
    html(&AuditPage { chrome, rows }, v.lang)
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    error: Option<String>,
    /// Why signing in is asked for (a submit that needs it), if there is a reason to say.
    notice: Option<&'static str>,
    next: String,
    username: String,
    /// What was typed in an entry form whose session had ended, carried through the sign-in.
    typed: Vec<(String, String)>,
}

pub async fn login_form(v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let chrome = Chrome::new(&v, crate::i18n::T { lang: v.lang }.sign_in(), "", "", "");
    let next = q.next.unwrap_or_else(|| "/".into());
    html(&LoginPage { chrome, error: None, notice: None, next, username: String::new(), typed: Vec::new() }, v.lang)
}

/// After signing in with values typed under an ended session: the entry form again, with those
/// values, to check and save; `None` when the address is not an entry form this user may save.
async fn restore_after_sign_in(
    app: &App,
    v: Visitor,
    user: ntm_app::User,
    next: &str,
    typed: &[(String, String)],
) -> Option<Response> {
    let (code, period, set) = entry_address(next)?;
    let set_id = set.unwrap_or_else(|| app.config.default_set.clone());
    let f = app.restored_entry_form(&code, &set_id, &period, &user, &submitted(typed), v.lang).await.ok()?;
    if !f.can_save {
        return None;
    }
    let notice = crate::i18n::T { lang: v.lang }.signed_in_kept();
    entry_page_with(&Visitor { user: Some(user), ..v }, f, Some(notice), StatusCode::OK).ok()
}

pub async fn login(
    State(app): State<Arc<App>>,
    v: Visitor,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let username = posted_text(&form, "username");
    let next = crate::chrome::safe_next(posted(&form, "next"));
    let t = crate::i18n::T { lang: v.lang };
    let typed = typed_fields(&form);
    match app.login(&username, posted(&form, "password"), &v.address).await {
        Ok((token, user)) => {
            let restored = match typed.is_empty() {
                true => None,
                false => restore_after_sign_in(&app, v, user, &next, &typed).await,
            };
            let res = restored.unwrap_or_else(|| Redirect::to(&next).into_response());
            Ok(with_session(res, Some(&token), app.config.secure_cookies))
        }
        Err(e) => {
            let (status, error) = match e {
                AppError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, t.login_limited()),
                AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, t.login_failed()),
                other => return Err(WebError::from_app(other, v.lang, "/")),
            };
            let chrome = Chrome::new(&v, t.sign_in(), "", "", "");
            let notice = (!typed.is_empty()).then(|| t.session_expired_kept());
            let page = LoginPage { chrome, error: Some(error.into()), notice, next, username, typed };
            let mut res = html(&page, v.lang)?;
            *res.status_mut() = status;
            Ok(res)
        }
    }
}

pub async fn logout(
    State(app): State<Arc<App>>,
    v: Visitor,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = v.require_form_user(&form)?;
    app.logout(user).await.map_err(|e| WebError::from_app(e, v.lang, "/"))?;
    Ok(with_session(Redirect::to("/").into_response(), None, app.config.secure_cookies))
}

/// Sets the language cookie and goes back where the visitor was.
pub async fn switch_lang(Path(code): Path<String>, Query(q): Query<PageQuery>) -> Response {
    let lang = Lang::from_code(&code);
    let next = crate::chrome::safe_next(q.next.as_deref().unwrap_or("/"));
    // Drop a `lang=` the page URL may carry, so that the cookie decides.
    let next = match next.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query.split('&').filter(|kv| !kv.starts_with("lang=")).collect();
            if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) }
        }
        None => next,
    };
    let mut res = Redirect::to(&next).into_response();
    if let Ok(h) =
        HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code()))
    {
        res.headers_mut().append(header::SET_COOKIE, h);
    }
    res
}

pub async fn not_found(v: Visitor) -> WebError {
    WebError::NotFound(v.lang)
}
