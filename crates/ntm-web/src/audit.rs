//! The audit area: the change log, worded in the reader's language from its typed events, with
//! the names of what each change is about; read by unit, person, area and date, page by page.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::audit::{COMMAND_LINE, ChangeLog, FilterProblem, LogEntry, LogFilter, LogFilterInput, ValueOf, Who};
use ntm_app::entry::{ShownValue, YesNo};
use ntm_domain::audit::{Event, EventArea};
use ntm_text::T;
use serde::{Deserialize, Serialize};

use crate::chrome::{Chrome, encode};
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Visitor;
use crate::shell::{html, param};

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/audit", get(audit)).route("/api/v1/audit", get(api_audit))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let paths = serde_json::json!({
        "/api/v1/audit": { "get": {
            "summary": "The change log, newest first, 40 rows a page: each change as its action code and arguments (signed in, office or administrator); the same filters as the page",
            "parameters": [
                param("before", "query", false, "Only changes older than this id (the previous page's next_before)"),
                param("unit", "query", false, "Only changes about this unit (its code) or a unit under it"),
                param("who", "query", false, "Only changes by this account (its user name); - for the command line"),
                param("area", "query", false, "Only changes of this area: values, thresholds, accounts, org, plans, recognitions, units"),
                param("from", "query", false, "Only changes on or after this day (dd/mm/yyyy or yyyy-mm-dd, Vietnam time)"),
                param("to", "query", false, "Only changes on or before this day (dd/mm/yyyy or yyyy-mm-dd, Vietnam time)")
            ],
            "responses": {
                "200": { "description": "A page of the change log", "content": { "application/json": {} } },
                "400": { "description": "A filter that cannot be read: each problem with its field, in the reader's language" },
                "401": { "description": "Sign in first" },
                "403": { "description": "The account may not read the change log" }
            } } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The instant of a change for the API: RFC 3339 in UTC (the store keeps UTC).
pub(crate) fn instant(ms: i64) -> String {
    ntm_domain::time::utc_rfc3339(ms).unwrap_or_default()
}

/// The filters and page of the address (`?unit=03413&who=vanphong&area=values&from=01/11/2024`).
#[derive(Deserialize, Default)]
struct AuditParams {
    before: Option<i64>,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl AuditParams {
    fn input(self) -> LogFilterInput {
        LogFilterInput {
            unit: self.unit,
            who: self.who,
            area: self.area,
            from: self.from,
            to: self.to,
            before: self.before,
        }
    }
}

/// One change of the log, as the API gives it: codes and arguments, no words.
#[derive(Serialize)]
struct ApiChange {
    id: i64,
    at: String,
    user: Option<String>,
    action: String,
    subject: String,
    args: serde_json::Map<String, serde_json::Value>,
    changes: i64,
}

#[derive(Serialize)]
struct ApiChangeLog {
    changes: Vec<ApiChange>,
    /// Ask `?before=` this id (with the same filters) for the next page; absent on the last.
    next_before: Option<i64>,
}

/// A filter that cannot be read, for the API: its field and what is wrong, in the reader's language.
#[derive(Serialize)]
struct ApiProblem {
    field: &'static str,
    message: String,
}

async fn api_audit(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<AuditParams>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let log = app.change_log(user, &q.input(), v.lang).await?;
    if !log.problems.is_empty() {
        let t = v.t();
        let problems: Vec<ApiProblem> =
            log.problems.iter().map(|p| ApiProblem { field: p.field(), message: problem(t, p) }).collect();
        let body = serde_json::json!({ "error": "invalid input", "problems": problems });
        return Ok((StatusCode::BAD_REQUEST, axum::Json(body)).into_response());
    }
    let changes = log
        .rows
        .iter()
        .map(|a| ApiChange {
            id: a.id,
            at: instant(a.at),
            user: a.who.as_ref().map(|p| p.username.clone()),
            action: a.event.action().to_string(),
            subject: a.subject.clone(),
            args: ntm_store::audit::args_object(&a.event),
            changes: a.changes,
        })
        .collect();
    Ok(axum::Json(ApiChangeLog { changes, next_before: log.next_before }).into_response())
}

/// A filter's problem in words.
fn problem(t: T, p: &FilterProblem) -> String {
    match p {
        FilterProblem::UnknownUnit(code) => t.audit_unknown_unit(code),
        FilterProblem::UnknownPerson(name) => t.audit_unknown_person(name),
        FilterProblem::UnknownArea(code) => t.audit_unknown_area(code),
        FilterProblem::BadDate { text, .. } => t.audit_bad_date(text),
        FilterProblem::FromAfterTo => t.audit_from_after_to().into(),
    }
}

/// An event's details in words (what the change did; what it is about is [`about`]).
pub fn detail(t: T, e: &LogEntry) -> String {
    match &e.event {
        Event::ValuesSaved { values, .. } => t.event_values(*values),
        Event::ValuesImported { values, rows, .. } => t.event_values_rows(*values, *rows),
        Event::UnitsImported { units, links, .. } => t.event_units(units, links),
        Event::ThresholdSet { old, old_citation, new, citation, .. } => {
            let old = old.as_deref().map_or_else(|| "—".to_string(), |o| t.decimal_text(o));
            let new = t.decimal_text(new);
            match old_citation {
                Some(c) => t.event_threshold_recited(&old, c, &new, citation),
                None => t.event_threshold(&old, &new, citation),
            }
        }
        Event::AccountAdded { role, .. } => t.event_role(crate::accounts::role_words(t, role)),
        Event::PasswordSet { .. } => t.event_password().into(),
        Event::AccountLocked { .. } => t.event_locked().into(),
        Event::AccountUnlocked { .. } => t.event_unlocked().into(),
        Event::AgencyAdded { .. } | Event::TargetAdded { .. } => String::new(),
        Event::AgencyCriterionAssigned { criterion, .. } => {
            t.audit_criterion(criterion, e.element.as_ref().map_or("", |n| n.name.as_str()))
        }
        Event::RecognitionAdded { level, decision, decided_on, .. } => {
            let date =
                ntm_domain::Date::parse(decided_on).map(|d| d.to_vietnamese()).unwrap_or_else(|_| decided_on.clone());
            t.event_recognition(t.recognition_level(level), decision, date)
        }
        Event::SetStored { source, .. } => source.clone(),
        Event::PlansImported { plans, .. } => t.event_plans(*plans),
        Event::PlanSaved {
            old_year, new_year, old_responsible, new_responsible, old_estimate, new_estimate, ..
        } => {
            let dash = || "—".to_string();
            let money = |m: &Option<i64>| m.map_or_else(dash, |m| t.lang.number(ntm_domain::Ratio::integer(m)));
            t.event_plan_saved(
                old_year.map_or_else(dash, |y| y.to_string()),
                new_year.to_string(),
                old_responsible.clone().unwrap_or_else(dash),
                new_responsible.clone().unwrap_or_else(dash),
                money(old_estimate),
                money(new_estimate),
            )
        }
        Event::PlanDeleted { year, .. } => t.event_plan_deleted(year),
        Event::RecognitionLost { level, decision, lost_on, lost_decision, .. } => {
            let date = ntm_domain::Date::parse(lost_on).map(|d| d.to_vietnamese()).unwrap_or_else(|_| lost_on.clone());
            t.event_recognition_lost(t.recognition_level(level), decision, date, lost_decision)
        }
        Event::Unknown { .. } => t.event_unknown().into(),
        Event::MembersImported { members, .. } => t.event_members(*members),
        Event::ReasonSaved { old_reason, new_reason, old_solution, new_solution, .. } => {
            let dash = || "—".to_string();
            t.event_reason_saved(
                old_reason.clone().unwrap_or_else(dash),
                new_reason.clone(),
                old_solution.clone().unwrap_or_else(dash),
                new_solution.clone(),
            )
        }
        Event::ScheduleSet { working_days, basis, .. } => t.event_schedule(working_days, basis),
        Event::HolidaysSet { days } => t.event_holidays(days),
        Event::RoundOpened { round, period, deadline, .. } => t.event_round(round, period, deadline),
        Event::ReportSaved { round, reporter } | Event::ReportSubmitted { round, reporter } => {
            t.event_report(round, reporter)
        }
        Event::ReportReturned { round, reporter, reason } | Event::ReportReopened { round, reporter, reason } => {
            t.event_report_reason(round, reporter, reason)
        }
        Event::ReportAccepted { round, reporter, locks } => t.event_report_locks(round, reporter, locks),
        Event::AttachmentAdded { round, reporter, name, size } => t.event_attachment(round, reporter, name, size),
    }
}

/// What a change is about, in words, after its unit (if it has one): the set, the period, the
/// indicator, the account, the agency, the file.
fn about(t: T, e: &LogEntry) -> Vec<String> {
    let named = |n: &Option<ntm_app::audit::Named>| n.as_ref().map(|n| n.name.clone());
    let mut out: Vec<String> = Vec::new();
    match &e.event {
        Event::ValuesSaved { .. } => {
            out.extend(named(&e.set));
            out.extend(named(&e.period));
        }
        Event::ValuesImported { source, .. } => {
            out.push(t.audit_file(source));
            out.extend(named(&e.set));
        }
        Event::UnitsImported { source, .. } | Event::MembersImported { source, .. } => out.push(t.audit_file(source)),
        Event::SetStored { source, .. } => {
            out.extend(named(&e.set));
            out.push(t.audit_file(source));
        }
        Event::ThresholdSet { key, year, .. } => {
            out.extend(named(&e.set));
            if let Some(i) = &e.element {
                out.push(t.audit_indicator(&i.code, &i.name));
            }
            out.push(t.key_name(key));
            out.extend(year.map(|y| t.audit_threshold_year(y)));
        }
        Event::AccountAdded { .. }
        | Event::PasswordSet { .. }
        | Event::AccountLocked { .. }
        | Event::AccountUnlocked { .. } => {
            out.extend(e.account.as_ref().map(|a| format!("{} ({})", a.name, a.username)));
        }
        Event::AgencyAdded { .. } => out.extend(e.agency.as_ref().map(|a| format!("{} ({})", a.name, a.code))),
        Event::AgencyCriterionAssigned { .. } => {
            out.extend(e.agency.as_ref().map(|a| a.name.clone()));
            out.extend(named(&e.set));
        }
        Event::TargetAdded { title, title_en, .. } => out.push(t.lang.twin(title, Some(title_en)).to_string()),
        Event::RecognitionAdded { .. } if e.unit.is_none() => out.push(e.subject.clone()),
        Event::RecognitionAdded { .. } => {}
        Event::PlansImported { source, .. } => {
            out.push(t.audit_file(source));
            out.extend(named(&e.set));
        }
        Event::PlanSaved { criterion, level, .. } | Event::PlanDeleted { criterion, level, .. } => match &e.element {
            Some(c) => out.push(t.audit_criterion(&c.code, &c.name)),
            None if criterion == "all" => out.push(t.audit_plan_standard(t.recognition_level(level))),
            None => out.push(criterion.clone()),
        },
        Event::RecognitionLost { .. } if e.unit.is_none() => out.push(e.subject.clone()),
        Event::RecognitionLost { .. } => {}
        Event::Unknown { .. } => out.push(e.subject.clone()),
        Event::ReasonSaved { period, .. } => {
            out.extend(named(&e.set));
            match &e.element {
                Some(c) => out.push(t.audit_criterion(&c.code, &c.name)),
                None => out.push(t.reasons_whole().to_string()),
            }
            out.push(period.clone());
        }
        Event::ScheduleSet { .. }
        | Event::HolidaysSet { .. }
        | Event::RoundOpened { .. }
        | Event::ReportSaved { .. }
        | Event::ReportSubmitted { .. }
        | Event::ReportReturned { .. }
        | Event::ReportAccepted { .. }
        | Event::ReportReopened { .. }
        | Event::AttachmentAdded { .. } => {}
    }
    out.retain(|s| !s.is_empty());
    out
}

/// `?set=…&` for links to a set's pages, empty for the default set (as the header's links do).
fn set_query(set: Option<&str>, default_set: &str) -> String {
    match set {
        Some(s) if s != default_set => format!("set={}&", encode(s)),
        _ => String::new(),
    }
}

fn shown(t: T, v: &Option<ShownValue>, yes_no: YesNo) -> String {
    match v {
        None => "—".into(),
        Some(ShownValue::Number(n)) => n.clone(),
        Some(ShownValue::Answer(true)) => t.answer_yes(yes_no.code()).into(),
        Some(ShownValue::Answer(false)) => t.answer_no(yes_no.code()).into(),
    }
}

/// A value a saved form changed: its history's address, its id, old and new.
struct ValueCell {
    href: String,
    element: String,
    old: String,
    new: String,
}

/// One row of the log, in words.
struct AuditRow {
    when: String,
    who: String,
    action: String,
    /// The unit it is about: its page and its name with its code.
    unit: Option<(String, String)>,
    about: String,
    detail: String,
    values: Vec<ValueCell>,
    more: Option<String>,
}

fn row(t: T, e: &LogEntry, default_set: &str) -> AuditRow {
    let set = e.set.as_ref().map(|s| s.code.as_str());
    let period = e.period.as_ref().map(|p| p.code.as_str());
    let unit = e.unit.as_ref().map(|u| {
        let href = match period {
            Some(p) => format!("/units/{}?{}period={}", encode(&u.code), set_query(set, default_set), encode(p)),
            None => format!("/units/{}", encode(&u.code)),
        };
        (href, format!("{} ({})", u.name, u.code))
    });
    let values = match (&e.unit, period) {
        (Some(u), Some(p)) => e
            .values
            .iter()
            .map(|v| ValueCell {
                href: format!(
                    "/history/{}/{}/{}{}",
                    encode(&u.code),
                    encode(p),
                    encode(&v.element),
                    match set {
                        Some(s) if s != default_set => format!("?set={}", encode(s)),
                        _ => String::new(),
                    }
                ),
                element: match &v.of {
                    ValueOf::Indicator => v.element.clone(),
                    ValueOf::Numerator(i) => t.audit_numerator(i),
                    ValueOf::Denominator(i) => t.audit_denominator(i),
                    ValueOf::Raw(name) => name.clone(),
                },
                old: shown(t, &v.old, v.yes_no),
                new: shown(t, &v.new, v.yes_no),
            })
            .collect(),
        _ => Vec::new(),
    };
    AuditRow {
        when: e.when.clone(),
        who: e.who.as_ref().map_or_else(|| t.audit_by_command_line().to_string(), |p| p.name.clone()),
        action: t.action_name(e.event.action()).to_string(),
        unit,
        about: about(t, e).join(" · "),
        detail: detail(t, e),
        values,
        more: (e.more_values > 0).then(|| t.audit_more_values(e.more_values)),
    }
}

/// An option of a filter's list: its value, its words, whether chosen.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// The filter form as typed (a date that reads is shown dd/mm/yyyy).
#[derive(Default)]
struct FilterForm {
    from: String,
    to: String,
}

/// Each field's message, if it has a problem.
#[derive(Default)]
struct FieldErrors {
    unit: Option<String>,
    who: Option<String>,
    area: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<AuditRow>,
    units: Vec<Choice>,
    people: Vec<Choice>,
    command_line: bool,
    areas: Vec<Choice>,
    form: FilterForm,
    /// The problems of the filters: (field id, message).
    summary: Vec<(String, String)>,
    errors: FieldErrors,
    filtered: bool,
    /// The next page's address, if there is one.
    next_href: Option<String>,
    /// The first page's, when this is not it.
    newest_href: Option<String>,
}

/// The address of the log with these filters (the ones that read), on the page before `before`.
fn log_href(f: &LogFilter, before: Option<i64>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(u) = &f.unit {
        parts.push(format!("unit={}", encode(&u.code)));
    }
    match &f.who {
        Some(Who::Account(name)) => parts.push(format!("who={}", encode(name))),
        Some(Who::CommandLine) => parts.push(format!("who={COMMAND_LINE}")),
        None => {}
    }
    if let Some(a) = f.area {
        parts.push(format!("area={}", a.code()));
    }
    for (name, d) in [("from", f.from), ("to", f.to)] {
        if let Some(d) = d {
            parts.push(format!("{name}={}", encode(&d.to_vietnamese())));
        }
    }
    if let Some(b) = before {
        parts.push(format!("before={b}"));
    }
    if parts.is_empty() { "/audit".into() } else { format!("/audit?{}", parts.join("&")) }
}

async fn audit(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<AuditParams>) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let input = q.input();
    let log = app.change_log(user, &input, v.lang).await?;
    let t = v.t();
    let rows = log.rows.iter().map(|e| row(t, e, &v.default_set)).collect();
    let ChangeLog { next_before, filter, problems, units, people, .. } = log;
    let mut errors = FieldErrors::default();
    let mut summary = Vec::new();
    for p in &problems {
        let message = problem(t, p);
        let slot = match p.field() {
            "unit" => &mut errors.unit,
            "who" => &mut errors.who,
            "area" => &mut errors.area,
            "from" => &mut errors.from,
            _ => &mut errors.to,
        };
        summary.push((format!("f-{}", p.field()), message.clone()));
        slot.get_or_insert(message);
    }
    let chosen_unit = filter.unit.as_ref().map(|u| u.code.as_str());
    let units = units
        .into_iter()
        .map(|c| Choice {
            selected: chosen_unit == Some(c.unit.code.as_str()),
            label: format!("{}{} ({})", "\u{a0}\u{a0}".repeat(c.depth), c.unit.name, c.unit.code),
            value: c.unit.code,
        })
        .collect();
    let chosen_person = match &filter.who {
        Some(Who::Account(name)) => Some(name.as_str()),
        _ => None,
    };
    let people = people
        .into_iter()
        .map(|p| Choice {
            selected: chosen_person == Some(p.username.as_str()),
            label: format!("{} ({})", p.name, p.username),
            value: p.username,
        })
        .collect();
    let areas = EventArea::ALL
        .into_iter()
        .map(|a| Choice {
            value: a.code().to_string(),
            label: t.audit_area_name(a.code()).to_string(),
            selected: filter.area == Some(a),
        })
        .collect();
    // A date that reads is shown as officials write it; one that does not, as it was typed.
    let typed =
        |d: Option<ntm_domain::Date>, text: &str| d.map_or_else(|| text.trim().to_string(), |d| d.to_vietnamese());
    let form = FilterForm { from: typed(filter.from, &input.from), to: typed(filter.to, &input.to) };
    let next_href = next_before.map(|id| log_href(&filter, Some(id)));
    let newest_href = filter.before.map(|_| log_href(&filter, None));
    let chrome = Chrome::new(&v, t.audit_title(), "audit", "", "");
    let page = AuditPage {
        chrome,
        rows,
        units,
        people,
        command_line: filter.who == Some(Who::CommandLine),
        areas,
        form,
        summary,
        errors,
        filtered: input.is_filtered(),
        next_href,
        newest_href,
    };
    let mut res = html(&page)?;
    if !problems.is_empty() {
        *res.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(res)
}
