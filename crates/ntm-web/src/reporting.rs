//! The reporting area at the edge (issue 10): the rounds and the office's form to open one
//! (`/reporting`), a round's table of who has reported, on time or late (`/reporting/{round}`),
//! a report — the author's form while it is editable, the office's review, its history and
//! attached files (`/reporting/{round}/{reporter}`), each reporter's record over rounds
//! (`/reporting/records`), an account's inbox (`/inbox`), their JSON twins under `/api/v1/`, and
//! the download of an attachment (always as a download, never as a page).

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ntm_app::App;
use ntm_app::reporting::lists::{Filter, RecordLines, RoundLines};
use ntm_app::reporting::{
    InboxItem, LateLine, MAX_ATTACHMENT, Problem, ReasonLine, RecordLine, ReportDraft, ReportView, ReportingError,
    RoundDraft, RoundView,
};
use ntm_domain::reporting::Transition;
use ntm_text::T;
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::Query;
use crate::paging::{BadParam, Pager, choice, href, page_number};
use crate::session::{SignedInForm, Visitor, posted, posted_text};
use crate::shell::{ok, param};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/reporting", get(index_page).post(open_round))
        .route("/api/v1/reporting", get(api_rounds))
        .route("/reporting/records", get(records_page))
        .route("/api/v1/reporting/records", get(api_records))
        .route("/inbox", get(inbox_page))
        .route("/api/v1/inbox", get(api_inbox))
        .route("/reporting/{round}", get(round_page))
        .route("/api/v1/reporting/{round}", get(api_round))
        .route("/reporting/{round}/{reporter}", get(report_page).post(save_report))
        .route("/api/v1/reporting/{round}/{reporter}", get(api_report))
        .route("/reporting/{round}/{reporter}/move", post(move_report))
        .route(
            "/reporting/{round}/{reporter}/attachments",
            post(attach).layer(DefaultBodyLimit::max(MAX_ATTACHMENT + UPLOAD_OVERHEAD)),
        )
        .route("/reporting/attachments/{id}", get(download))
        .route("/reporting/rules", post(save_rule))
        .route("/reporting/holidays", post(save_holidays))
}

/// What a multipart post carries besides the file (boundaries, headers, the CSRF field).
const UPLOAD_OVERHEAD: usize = 64 * 1024;

pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let lang = param("lang", "query", false, "vi (default) or en");
    let round = param("round", "path", true, "The round's number");
    let reporter = param("reporter", "path", true, "An agency code or a commune's unit code");
    let round_state = param(
        "state",
        "query",
        false,
        "all (default), late (deadline passed: submitted late or not at all), not_submitted, waiting (for review), accepted, returned",
    );
    let records_state = param("state", "query", false, "all (default), late (a round late or missing)");
    let page = param("page", "query", false, "The page, from 1 (a page past the last gives the last)");
    let paths = serde_json::json!({
        "/api/v1/reporting": { "get": { "summary": "Reporting rounds, newest deadline first, with how their reports stand",
            "parameters": [lang], "responses": ok("Rounds") } },
        "/api/v1/reporting/records": { "get": { "summary": "Each reporter's record over the rounds due: on time, late, missing, days late; the most rounds missing first, then the most days late; a page of 25 with the count of each filter (totals)",
            "parameters": [records_state, page.clone(), lang], "responses": ok("Records") } },
        "/api/v1/inbox": { "get": { "summary": "The signed-in account's inbox: returned reports with their reason, deadlines within three days, reports to review",
            "parameters": [lang], "responses": ok("Inbox") } },
        "/api/v1/reporting/{round}": { "get": { "summary": "A round: each obliged reporter, its report's state and timeliness; missing first, then late, the most days first; a page of 50 with the count of each filter (totals)",
            "parameters": [round, round_state, page, lang], "responses": ok("Round") } },
        "/api/v1/reporting/{round}/{reporter}": { "get": { "summary": "A report (its author and the office only): texts, reasons, values at submission, history, attachments",
            "parameters": [round, reporter, lang], "responses": ok("Report") } },
        "/api/v1/reporting/{round}/summary": { "get": { "summary": "A round's consolidated report (the office only): who reported and when, each unit's result beside its report's state, the targets, the warnings with their reasons, the reports' texts by section",
            "parameters": [round, lang], "responses": ok("Consolidated report") } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// A round's name in words: "Báo cáo quý 3/2024".
pub fn round_label(t: T, r: &RoundView) -> String {
    t.reporting_round_label(r.kind, r.quarter, r.year, &r.subject)
}

/// `YYYY-MM-DD` as the reader writes dates.
fn day(text: &str) -> String {
    ntm_domain::Date::parse(text).map(|d| d.to_vietnamese()).unwrap_or_else(|_| text.to_string())
}

/// A problem in the reader's words.
pub fn problem_words(t: T, p: &Problem) -> String {
    match p {
        Problem::UnknownKind { kind } => t.reporting_problem_unknown_kind(kind),
        Problem::BadQuarter => t.reporting_problem_bad_quarter().into(),
        Problem::BadYear { text } => t.reporting_problem_bad_year(text),
        Problem::UnknownUnit { code } => t.reporting_problem_unknown_unit(code),
        Problem::NoSchedule { .. } => t.reporting_problem_no_schedule().into(),
        Problem::BadDate { text, .. } => t.reporting_problem_bad_date(text),
        Problem::CutOffRequired => t.reporting_problem_cut_off_required().into(),
        Problem::SubjectRequired => t.reporting_problem_subject_required().into(),
        Problem::CutOffReversed => t.reporting_problem_cut_off_reversed().into(),
        Problem::DeadlineTooEarly => t.reporting_problem_deadline_too_early().into(),
        Problem::NoReporters => t.reporting_problem_no_reporters().into(),
        Problem::UnknownReporter { code } => t.reporting_problem_unknown_reporter(code),
        Problem::TooLong { max, .. } => t.reporting_problem_too_long(max),
        Problem::ReasonRequired => t.reporting_problem_reason_required().into(),
        Problem::OwnReport => t.reporting_problem_own_report().into(),
        Problem::NotFromHere { state } => t.reporting_problem_not_from_here(t.reporting_state(state)),
        Problem::FileTooLarge { size } => t.reporting_problem_file_too_large(size),
        Problem::FileType => t.reporting_problem_file_type().into(),
        Problem::NoFile => t.reporting_problem_no_file().into(),
    }
}

/// A use case's problems as words for the page, or its error as the page's error.
fn problems_or(e: ReportingError, t: T) -> Result<Vec<String>, WebError> {
    match e {
        ReportingError::Problems(list) => Ok(list.iter().map(|p| problem_words(t, p)).collect()),
        ReportingError::App(e) => Err(e.into()),
    }
}

fn round_id(text: &str) -> Result<i64, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// A round as a list shows it, worded.
pub struct RoundRow {
    pub v: RoundView,
    pub label: String,
    pub counts: String,
    pub deadline: String,
    pub cut_off: String,
}

fn round_row(t: T, v: RoundView) -> RoundRow {
    let c = v.counts;
    RoundRow {
        label: round_label(t, &v),
        counts: t
            .reporting_counts(c.obliged, c.on_time, c.late, c.missing, c.pending, c.accepted, c.waiting, c.returned),
        deadline: day(&v.deadline),
        cut_off: format!("{} – {}", day(&v.cut_off_from), day(&v.cut_off_to)),
        v,
    }
}

/// A late reporter, worded (for this page, the overview and the board).
pub fn late_words(t: T, rounds: &[RoundView], l: &LateLine) -> String {
    let round = rounds.iter().find(|r| r.id == l.round).map_or_else(|| l.period.clone(), |r| round_label(t, r));
    t.reporting_late_line(&l.reporter.name, round, l.days)
}

/// Who is late with a report today, for the overview and the board: how many, the first few.
#[derive(Default)]
pub struct LateBlock {
    pub count: usize,
    /// (round, the line in words).
    pub lines: Vec<(i64, String)>,
}

/// How many late lines the overview and the board show.
const LATE_SHOWN: usize = 5;

/// How many late lines the rounds' page lists before counting the rest per round.
const LATE_LISTED: usize = 20;

pub async fn late_block(app: &App, v: &Visitor) -> Result<LateBlock, WebError> {
    let t = v.t();
    let late = app.late_today(v.lang).await?;
    if late.is_empty() {
        return Ok(LateBlock::default());
    }
    let rounds = app.rounds(v.lang).await?;
    let lines = late.iter().take(LATE_SHOWN).map(|l| (l.round, late_words(t, &rounds, l))).collect();
    Ok(LateBlock { count: late.len(), lines })
}

#[derive(Template)]
#[template(path = "reporting/index.html")]
struct IndexPage {
    chrome: Chrome,
    rounds: Vec<RoundRow>,
    /// The most overdue first, at most [`LATE_LISTED`]: (round, the line in words).
    late: Vec<(i64, String)>,
    /// Beyond those: how many more, and each round's count of them (round, its label, count).
    late_more: usize,
    late_rounds: Vec<(i64, String, usize)>,
    schedules: Vec<String>,
    holidays: usize,
    /// The holiday list as the office's form shows it: one `dd/mm/yyyy name` a line.
    holiday_lines: String,
    may_open: bool,
    draft: FormDraft,
    problems: Vec<String>,
    status_unprocessable: bool,
    opened: bool,
}

/// The open-round form's fields as typed (shown again with its problems).
#[derive(Default, Deserialize)]
struct FormDraft {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    quarter: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    cut_off_from: String,
    #[serde(default)]
    cut_off_to: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    obliged: String,
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
}

async fn index(
    app: &App,
    v: &Visitor,
    draft: FormDraft,
    problems: Vec<String>,
    opened: bool,
) -> Result<Response, WebError> {
    let t = v.t();
    let views = app.rounds(v.lang).await?;
    let late_lines = app.late_today(v.lang).await?;
    // A province's round can leave hundreds late: the most overdue listed, the rest counted per
    // round and linked to the round's table of those late.
    let late = late_lines.iter().take(LATE_LISTED).map(|l| (l.round, late_words(t, &views, l))).collect();
    let late_more = late_lines.len().saturating_sub(LATE_LISTED);
    let mut late_rounds: Vec<(i64, String, usize)> = Vec::new();
    for l in late_lines.iter().skip(LATE_LISTED) {
        match late_rounds.iter_mut().find(|(id, _, _)| *id == l.round) {
            Some((_, _, n)) => *n += 1,
            None => {
                let label =
                    views.iter().find(|r| r.id == l.round).map_or_else(|| l.period.clone(), |r| round_label(t, r));
                late_rounds.push((l.round, label, 1));
            }
        }
    }
    let schedules = app
        .schedules()
        .await?
        .into_iter()
        .map(|(u, s)| {
            let mut line = t.reporting_schedule_line(&u.name, t.reporting_kind(&s.kind), s.working_days);
            if !s.valid_from.is_empty() {
                line = format!("{line} ({})", t.reporting_schedule_valid(day(&s.valid_from)));
            }
            if !s.basis.is_empty() {
                line = format!("{line} — {}", s.basis);
            }
            line
        })
        .collect();
    let list = app.db.holidays().await.map_err(ntm_app::AppError::from)?;
    let holidays = list.len();
    let holiday_lines = list.iter().map(|(d, n)| format!("{} {n}", day(d))).collect::<Vec<_>>().join("\n");
    let draft = FormDraft {
        kind: if draft.kind.is_empty() { "quarterly".into() } else { draft.kind },
        obliged: if draft.obliged.is_empty() { "agencies communes".into() } else { draft.obliged },
        ..draft
    };
    let page = IndexPage {
        chrome: Chrome::new(v, t.reporting_title(), "reporting", "", ""),
        rounds: views.into_iter().map(|r| round_row(t, r)).collect(),
        late,
        late_more,
        late_rounds,
        schedules,
        holidays,
        holiday_lines,
        may_open: app.reviews_reports(v.user.as_ref()),
        draft,
        status_unprocessable: !problems.is_empty(),
        problems,
        opened,
    };
    respond(&page, page.status_unprocessable)
}

fn respond<P: Template>(page: &P, unprocessable: bool) -> Result<Response, WebError> {
    let status = if unprocessable { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(page.render()?)).into_response())
}

async fn index_page(State(app): State<Arc<App>>, v: Visitor, Query(f): Query<Flash>) -> Result<Response, WebError> {
    v.require_read()?;
    index(&app, &v, FormDraft::default(), Vec::new(), f.done.is_some()).await
}

async fn open_round(State(app): State<Arc<App>>, f: SignedInForm<FormDraft>) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    if !app.reviews_reports(Some(&user)) {
        return Err(WebError::Forbidden);
    }
    let d = &f.form;
    let draft = RoundDraft {
        kind: d.kind.clone(),
        year: d.year.clone(),
        quarter: d.quarter.clone(),
        subject: d.subject.clone(),
        unit: d.unit.clone(),
        cut_off_from: d.cut_off_from.clone(),
        cut_off_to: d.cut_off_to.clone(),
        deadline: d.deadline.clone(),
        basis: d.basis.clone(),
        obliged: d.obliged.clone(),
    };
    match app.open_round(Some(&user), &draft).await {
        Ok(id) => Ok(Redirect::to(&format!("/reporting/{id}")).into_response()),
        Err(e) => {
            let problems = problems_or(e, f.visitor.t())?;
            index(&app, &f.visitor, f.form, problems, false).await
        }
    }
}

#[derive(Deserialize)]
struct RuleForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    working_days: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    valid_from: String,
}

/// The office sets a managing unit's deadline rule for a kind of round.
async fn save_rule(State(app): State<Arc<App>>, f: SignedInForm<RuleForm>) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    if !app.reviews_reports(Some(&user)) {
        return Err(WebError::Forbidden);
    }
    let t = f.visitor.t();
    let r = &f.form;
    let mut problems = Vec::new();
    let days: u32 = match r.working_days.trim().parse() {
        Ok(n) if n > 0 => n,
        _ => {
            problems.push(problem_words(t, &Problem::DeadlineTooEarly));
            0
        }
    };
    let from = match r.valid_from.trim() {
        "" => None,
        text => match ntm_app::reporting::date_text(text) {
            Some(d) => Some(d),
            None => {
                problems.push(problem_words(t, &Problem::BadDate { field: "valid_from".into(), text: text.into() }));
                None
            }
        },
    };
    if problems.is_empty() {
        let draft = ntm_app::reporting::ScheduleDraft {
            unit: r.unit.clone(),
            kind: r.kind.clone(),
            working_days: days,
            basis: r.basis.clone(),
            valid_from: from,
            valid_to: None,
        };
        match app.save_schedule(Some(&user), &draft).await {
            Ok(_) => return Ok(Redirect::to("/reporting?done=1#rules").into_response()),
            Err(e) => problems = problems_or(e, t)?,
        }
    }
    index(&app, &f.visitor, FormDraft::default(), problems, false).await
}

/// The office replaces the holiday list: one `dd/mm/yyyy name` (or `YYYY-MM-DD name`) a line.
async fn save_holidays(
    State(app): State<Arc<App>>,
    f: SignedInForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    if !app.reviews_reports(Some(&user)) {
        return Err(WebError::Forbidden);
    }
    let t = f.visitor.t();
    let mut days = Vec::new();
    let mut problems = Vec::new();
    for line in posted(&f.form, "days").lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        match ntm_app::reporting::date_text(date) {
            Some(d) => days.push((d, name.trim().to_string())),
            None => problems.push(problem_words(t, &Problem::BadDate { field: "days".into(), text: date.into() })),
        }
    }
    if problems.is_empty() {
        match app.set_holidays(Some(&user), &days).await {
            Ok(()) => return Ok(Redirect::to("/reporting?done=1#rules").into_response()),
            Err(e) => problems = problems_or(e, t)?,
        }
    }
    index(&app, &f.visitor, FormDraft::default(), problems, false).await
}

async fn api_rounds(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    v.require_read()?;
    Ok(axum::Json(app.rounds(v.lang).await?).into_response())
}

/// A reporter's line, worded.
struct LineRow {
    code: String,
    name: String,
    state: String,
    state_code: &'static str,
    timeliness: String,
    timeliness_code: &'static str,
    first_submitted: String,
}

#[derive(Template)]
#[template(path = "reporting/round.html")]
struct RoundPage {
    chrome: Chrome,
    label: String,
    round: RoundRow,
    obliged: String,
    filters: Vec<FilterLink>,
    pager: Pager,
    lines: Vec<LineRow>,
    signed_in: bool,
    may_summarise: bool,
}

/// The filter and page of a round's table or of the records (`?state=late&page=2`).
#[derive(Deserialize, Default)]
struct ListQuery {
    state: Option<String>,
    page: Option<String>,
}

impl ListQuery {
    /// The filter among `allowed` and the page asked, or the parameter refused.
    fn read(&self, allowed: &[Filter]) -> Result<(Filter, usize), BadParam> {
        let codes = allowed.iter().map(|f| f.code()).collect();
        let filter = choice("state", self.state.as_deref(), codes, |t| Filter::parse(t, allowed))?;
        Ok((filter, page_number(self.page.as_deref())?))
    }
}

/// A filter of a list as a link with its count; the one shown is marked.
struct FilterLink {
    label: String,
    count: usize,
    href: String,
    current: bool,
}

/// The `state` parameter of a filter (none for all).
fn state_param(code: &str) -> String {
    if code == "all" { String::new() } else { code.to_string() }
}

/// Each filter's link with its count over the whole list, and the pages' links of the one shown.
fn filter_links(
    path: &str,
    totals: &[(&'static str, usize)],
    shown: &str,
    paging: &ntm_app::page::Paging,
    label: impl Fn(&str) -> String,
) -> (Vec<FilterLink>, Pager) {
    let links = totals
        .iter()
        .map(|&(code, count)| FilterLink {
            label: label(code),
            count,
            href: href(path, &[("state", state_param(code))]),
            current: code == shown,
        })
        .collect();
    let pager = Pager::new(paging, |n| href(path, &[("state", state_param(shown)), ("page", n.to_string())]));
    (links, pager)
}

fn line_row(t: T, l: ntm_app::reporting::ReporterLine) -> LineRow {
    LineRow {
        state: t.reporting_state(l.state).to_string(),
        timeliness: timeliness_words(t, l.timeliness, l.days),
        state_code: l.state,
        timeliness_code: l.timeliness,
        first_submitted: l.first_submitted,
        code: l.reporter.code,
        name: l.reporter.name,
    }
}

pub(crate) fn timeliness_words(t: T, code: &str, days: u32) -> String {
    let head = t.reporting_timeliness(code);
    match code {
        "late" => format!("{head} ({})", t.reporting_days_late(days)),
        "missing" => format!("{head} ({})", t.reporting_days_overdue(days)),
        "pending" => format!("{head} ({})", t.reporting_days_left(days)),
        _ => head.to_string(),
    }
}

fn obliged_words(t: T, tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|x| match x.as_str() {
            "agencies" => t.reporting_obliged_agencies().to_string(),
            "communes" => t.reporting_obliged_communes().to_string(),
            code => code.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn round_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(round): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let t = v.t();
    let id = round_id(&round)?;
    let (filter, page) = match q.read(&Filter::ROUND) {
        Ok(asked) => asked,
        Err(bad) => return Ok(bad.refuse(false, t)),
    };
    let RoundLines { round, state, paging, totals, lines } = app.round_lines(id, filter, page, v.lang).await?;
    let (filters, pager) =
        filter_links(&format!("/reporting/{id}"), &totals.0, state, &paging, |c| t.reporting_filter(c).to_string());
    let row = round_row(t, round);
    let label = row.label.clone();
    let page = RoundPage {
        chrome: Chrome::new(&v, &t.reporting_table_title(&label), "reporting", "", ""),
        obliged: obliged_words(t, &row.v.obliged),
        filters,
        pager,
        lines: lines.into_iter().map(|l| line_row(t, l)).collect(),
        round: row,
        label,
        signed_in: v.user.is_some(),
        may_summarise: app.reviews_reports(v.user.as_ref()),
    };
    respond(&page, false)
}

async fn api_round(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(round): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let id = round_id(&round)?;
    let (filter, page) = match q.read(&Filter::ROUND) {
        Ok(asked) => asked,
        Err(bad) => return Ok(bad.refuse(true, v.t())),
    };
    Ok(axum::Json(app.round_lines(id, filter, page, v.lang).await?).into_response())
}

#[derive(Template)]
#[template(path = "reporting/report.html")]
struct ReportPage {
    chrome: Chrome,
    r: ReportView,
    label: String,
    state: String,
    timeliness: String,
    year: i64,
    cut_off: String,
    deadline: String,
    problems: Vec<String>,
    done: String,
}

async fn report(
    app: &App,
    v: &Visitor,
    round: &str,
    reporter: &str,
    problems: Vec<String>,
    done: Option<&str>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let t = v.t();
    let r = app.report_view(user, round_id(round)?, reporter, v.lang).await?;
    let label = round_label(t, &r.round);
    let done = match done {
        Some("saved") => t.reporting_saved().to_string(),
        Some("attached") => t.reporting_attached().to_string(),
        Some(code) => t.reporting_moved(code).to_string(),
        None => String::new(),
    };
    let page = ReportPage {
        chrome: Chrome::new(v, &t.reporting_report_title(&r.reporter.name, &label), "reporting", "", ""),
        state: t.reporting_state(r.state).to_string(),
        timeliness: timeliness_words(t, r.timeliness, r.days),
        year: r.round.year,
        cut_off: format!("{} – {}", day(&r.round.cut_off_from), day(&r.round.cut_off_to)),
        deadline: day(&r.round.deadline),
        label,
        r,
        done,
        problems,
    };
    let unprocessable = !page.problems.is_empty();
    respond(&page, unprocessable)
}

async fn report_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((round, reporter)): Path<(String, String)>,
    Query(f): Query<Flash>,
) -> Result<Response, WebError> {
    report(&app, &v, &round, &reporter, Vec::new(), f.done.as_deref()).await
}

async fn api_report(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((round, reporter)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    Ok(axum::Json(app.report_view(user, round_id(&round)?, &reporter, v.lang).await?).into_response())
}

/// The report's form: its texts, and per criterion row `unit_N`, `criterion_N`, `reason_N`,
/// `solution_N`.
async fn save_report(
    State(app): State<Arc<App>>,
    Path((round, reporter)): Path<(String, String)>,
    f: SignedInForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    let form = &f.form;
    let mut reasons = Vec::new();
    for i in 0..500 {
        let unit = posted_text(form, &format!("unit_{i}"));
        if unit.is_empty() {
            break;
        }
        reasons.push(ReasonLine {
            unit,
            criterion: posted_text(form, &format!("criterion_{i}")),
            reason: posted(form, &format!("reason_{i}")).to_string(),
            solution: posted(form, &format!("solution_{i}")).to_string(),
        });
    }
    let draft = ReportDraft {
        results: posted(form, "results").to_string(),
        difficulties: posted(form, "difficulties").to_string(),
        tasks: posted(form, "tasks").to_string(),
        reasons,
    };
    let id = round_id(&round)?;
    let saved = app.save_report(&user, id, &reporter, &draft).await;
    // "Save and submit": the texts first, then the move.
    let submit = posted(form, "then") == "submit";
    let outcome = match saved {
        Ok(()) if submit => app.move_report(&user, id, &reporter, Transition::Submit, "", None).await.map(|s| s.code()),
        Ok(()) => Ok("saved"),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(done) => {
            Ok(Redirect::to(&format!("/reporting/{id}/{}?done={done}", crate::chrome::encode(&reporter)))
                .into_response())
        }
        Err(e) => {
            let problems = problems_or(e, f.visitor.t())?;
            report(&app, &f.visitor, &round, &reporter, problems, None).await
        }
    }
}

#[derive(Deserialize)]
struct MoveForm {
    action: String,
    #[serde(default)]
    reason: String,
}

async fn move_report(
    State(app): State<Arc<App>>,
    Path((round, reporter)): Path<(String, String)>,
    f: SignedInForm<MoveForm>,
) -> Result<Response, WebError> {
    let user = f.visitor.require_user()?.clone();
    let transition = match f.form.action.as_str() {
        "submit" => Transition::Submit,
        "accept" => Transition::Accept,
        "return" => Transition::Return,
        "reopen" => Transition::Reopen,
        _ => return Err(WebError::NotFound),
    };
    let id = round_id(&round)?;
    match app.move_report(&user, id, &reporter, transition, &f.form.reason, None).await {
        Ok(state) => {
            Ok(Redirect::to(&format!("/reporting/{id}/{}?done={}", crate::chrome::encode(&reporter), state.code()))
                .into_response())
        }
        Err(e) => {
            let problems = problems_or(e, f.visitor.t())?;
            report(&app, &f.visitor, &round, &reporter, problems, None).await
        }
    }
}

/// One part of a `multipart/form-data` body.
struct Part<'a> {
    name: String,
    filename: Option<String>,
    bytes: &'a [u8],
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// The parts of a `multipart/form-data` body (RFC 7578), or `None` when it is not one.
fn multipart<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    let boundary = content_type.split(';').map(str::trim).find_map(|p| p.strip_prefix("boundary="))?.trim_matches('"');
    if !content_type.trim_start().starts_with("multipart/form-data") || boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(parts);
        }
        let start = at + 2; // past CRLF
        let end = find(body, &[b"\r\n", delimiter.as_slice()].concat(), start)?;
        let part = body.get(start..end)?;
        let split = find(part, b"\r\n\r\n", 0)?;
        let head = std::str::from_utf8(&part[..split]).ok()?;
        let bytes = &part[split + 4..];
        let disposition = head.split("\r\n").find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        let value = |key: &str| {
            disposition
                .split(';')
                .map(str::trim)
                .find_map(|p| p.strip_prefix(key))
                .map(|v| v.trim_matches('"').to_string())
        };
        parts.push(Part { name: value("name=")?, filename: value("filename="), bytes });
        at = end + 2 + delimiter.len();
    }
}

async fn attach(
    State(app): State<Arc<App>>,
    Path((round, reporter)): Path<(String, String)>,
    v: Visitor,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, WebError> {
    let user = v.require_user()?.clone();
    let t = v.t();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let bytes = match axum::body::to_bytes(body, MAX_ATTACHMENT + UPLOAD_OVERHEAD).await {
        Ok(b) => b,
        Err(_) => {
            let words = problem_words(t, &Problem::FileTooLarge { size: MAX_ATTACHMENT + UPLOAD_OVERHEAD });
            let mut res = report(&app, &v, &round, &reporter, vec![words], None).await?;
            *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
            return Ok(res);
        }
    };
    let parts = multipart(content_type, &bytes)
        .ok_or(WebError::Refused(StatusCode::UNPROCESSABLE_ENTITY, crate::error::Said::of(T::bad_form)))?;
    let fields: Vec<(String, String)> = parts
        .iter()
        .filter(|p| p.filename.is_none())
        .map(|p| (p.name.clone(), String::from_utf8_lossy(p.bytes).into_owned()))
        .collect();
    v.check_csrf(&fields)?;
    let file = parts.iter().find(|p| p.name == "file");
    let (name, data) = file.map_or(("", &[][..]), |p| (p.filename.as_deref().unwrap_or(""), p.bytes));
    let id = round_id(&round)?;
    match app.attach(&user, id, &reporter, name, data).await {
        Ok(_) => Ok(Redirect::to(&format!("/reporting/{id}/{}?done=attached", crate::chrome::encode(&reporter)))
            .into_response()),
        Err(e) => {
            let problems = problems_or(e, t)?;
            report(&app, &v, &round, &reporter, problems, None).await
        }
    }
}

async fn download(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let (meta, bytes) = app.attachment(user, id.parse().map_err(|_| WebError::NotFound)?).await?;
    // Only the four kinds kept at upload, and whatever the name: a download, never a page.
    let kind = ntm_app::reporting::sniff(&bytes).unwrap_or("application/octet-stream");
    let ascii: String =
        meta.name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition =
        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", crate::chrome::encode(&meta.name));
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or_else(|_| HeaderValue::from_static("attachment")),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    Ok(res)
}

#[derive(Template)]
#[template(path = "reporting/records.html")]
struct RecordsPage {
    chrome: Chrome,
    filters: Vec<FilterLink>,
    pager: Pager,
    lines: Vec<RecordLine>,
    labels: Vec<(i64, String)>,
}

impl RecordsPage {
    fn round_label(&self, id: &i64) -> &str {
        self.labels.iter().find(|(i, _)| i == id).map_or("", |(_, l)| l.as_str())
    }

    /// Whether a round's timeliness is worth listing: late or missing.
    fn overdue(&self, code: &str) -> bool {
        matches!(code, "late" | "missing")
    }

    fn timeliness(&self, code: &str, days: &u32) -> String {
        timeliness_words(self.chrome.t, code, *days)
    }
}

async fn records_page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let t = v.t();
    let (filter, page) = match q.read(&Filter::RECORDS) {
        Ok(asked) => asked,
        Err(bad) => return Ok(bad.refuse(false, t)),
    };
    let RecordLines { state, paging, totals, lines } = app.record_lines(filter, page, v.lang).await?;
    let (filters, pager) =
        filter_links("/reporting/records", &totals.0, state, &paging, |c| t.reporting_records_filter(c).to_string());
    let labels = app.rounds(v.lang).await?.iter().map(|r| (r.id, round_label(t, r))).collect();
    let chrome = Chrome::new(&v, t.reporting_records_title(), "reporting", "", "");
    let page = RecordsPage { chrome, filters, pager, lines, labels };
    respond(&page, false)
}

async fn api_records(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let (filter, page) = match q.read(&Filter::RECORDS) {
        Ok(asked) => asked,
        Err(bad) => return Ok(bad.refuse(true, v.t())),
    };
    Ok(axum::Json(app.record_lines(filter, page, v.lang).await?).into_response())
}

#[derive(Template)]
#[template(path = "reporting/inbox.html")]
struct InboxPage {
    chrome: Chrome,
    items: Vec<(InboxItem, String, String)>,
    days: u32,
}

async fn inbox_page(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let t = v.t();
    let items = app.inbox(user, v.lang).await?;
    let rounds = app.rounds(v.lang).await?;
    let items = items
        .into_iter()
        .map(|i| {
            let label = rounds.iter().find(|r| r.id == i.round).map_or_else(|| i.period.clone(), |r| round_label(t, r));
            let what = match i.kind {
                "returned" => t.inbox_returned(&i.reason),
                "due_soon" => t.inbox_due_soon(day(&i.deadline), i.days_left),
                _ => t.inbox_to_review().to_string(),
            };
            (i, label, what)
        })
        .collect();
    let page = InboxPage {
        chrome: Chrome::new(&v, t.inbox_title(), "inbox", "", ""),
        items,
        days: ntm_app::reporting::DUE_SOON_DAYS,
    };
    respond(&page, false)
}

async fn api_inbox(State(app): State<Arc<App>>, v: Visitor) -> Result<Response, WebError> {
    let user = v.require_user()?;
    Ok(axum::Json(app.inbox(user, v.lang).await?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browsers_multipart_body_is_read_part_by_part() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\xc3\xa1o c\xc3\xa1o.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n\x00\xff\r\n--XyZ--\r\n";
        let parts = multipart("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].bytes), ("csrf", &b"abc"[..]));
        assert_eq!(parts[1].filename.as_deref(), Some("báo cáo.pdf"));
        assert_eq!(parts[1].bytes, b"%PDF-1.4\r\n\x00\xff");
        assert!(multipart("application/x-www-form-urlencoded", body).is_none());
        assert!(multipart("multipart/form-data; boundary=XyZ", b"garbage").is_none());
    }
}
