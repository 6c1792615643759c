//! The entry area: the data-entry form of one unit and period — every criterion on one page, or
//! one criterion on a light page of its own (`/entry/{code}/{period}/{criterion}`) —, its save
//! (all or nothing per form, with concurrent-edit conflicts), "copy from the previous period",
//! and a value's history. A save whose session ended or changed keeps
//! what was typed: the sign-in page carries it back, and nothing is saved until Save is pressed
//! again.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::entry::{
    CriterionProgress, EntryField, EntryForm, FieldIssue, FieldKind, FormAddress, PeriodRef, Requirement, SaveResult,
    Scope, ShownValue, SubmittedField, Uses, ValueHistory, YesNo,
};
use ntm_domain::Period;
use ntm_domain::explain::period_label;
use ntm_text::T;

use crate::accounts::login_page;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::Visitor;
use crate::shell::{PageQuery, html, param};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/entry/{code}/{period}", get(entry).post(save_entry))
        .route("/entry/{code}/{period}/{criterion}", get(criterion_entry).post(save_criterion))
        .route("/history/{code}/{period}/{element}", get(history))
        .route("/api/v1/history/{code}/{period}/{element}", get(api_history))
}

/// This area's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let paths = serde_json::json!({
        "/api/v1/history/{code}/{period}/{element}": { "get": {
            "summary": "A value's history, newest first: who changed it, when, from what to what (signed in)",
            "parameters": [
                param("code", "path", true, "GSO code of the unit"),
                param("period", "path", true, "A year (2024) or a quarter (2024Q3)"),
                param("element", "path", true, "Indicator or raw element id, e.g. 3.1"),
                param("set", "query", false, "Criteria set id (default: the configured set)"),
                param("lang", "query", false, "vi (default) or en")
            ],
            "responses": {
                "200": { "description": "The value's history", "content": { "application/json": {} } },
                "401": { "description": "Sign in first: the history names the officials who changed the value" },
                "404": { "description": "Unknown unit, set, element or period" }
            } } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The words of the entry pages that depend on data: a field's problem by the form's own rules,
/// a value, what an indicator asks, a criterion's progress.
#[derive(Clone, Copy)]
struct Say {
    t: T,
}

impl Say {
    /// What is wrong with a field, by the form's own rules: the decimal mark of its language, no
    /// yes/no words offered for a number.
    fn issue(&self, issue: &FieldIssue) -> String {
        let t = self.t;
        match issue {
            FieldIssue::Unreadable { text, kind: FieldKind::Percent } => t.issue_unreadable_percent(text),
            FieldIssue::Unreadable { text, .. } => t.issue_unreadable_number(text),
            FieldIssue::Ambiguous { text } => t.issue_ambiguous(text),
            FieldIssue::TooLarge => t.issue_too_large().into(),
            FieldIssue::Negative => t.issue_negative().into(),
            FieldIssue::PercentOver100 => t.issue_percent_over_100().into(),
            FieldIssue::NumeratorOverDenominator => t.issue_numerator_over_denominator().into(),
            FieldIssue::ZeroDenominator => t.issue_zero_denominator().into(),
            FieldIssue::FractionNotWhole => t.issue_fraction_not_whole().into(),
            FieldIssue::NumeratorMissing => t.issue_numerator_missing().into(),
            FieldIssue::ExpectedAnswer { yes_no } => t.issue_expected_answer(yes_no.code()).into(),
            FieldIssue::ExpectedNumber => t.issue_expected_number().into(),
            FieldIssue::ExpectedPlainNumber => t.issue_expected_plain_number().into(),
            FieldIssue::CountNotWhole => t.issue_count_not_whole().into(),
            FieldIssue::Disagrees { kind, typed, computed } => t.issue_disagrees(kind.code(), typed, computed),
            FieldIssue::Locked { round } => t.reporting_value_locked(round),
        }
    }

    /// A value with its unit of measure (`93,5%`, `23 km`), or a yes/no answer in words.
    fn value(&self, v: &ShownValue, unit: &str, yes_no: &YesNo) -> String {
        match v {
            ShownValue::Answer(true) => self.t.answer_yes(yes_no.code()).into(),
            ShownValue::Answer(false) => self.t.answer_no(yes_no.code()).into(),
            ShownValue::Number(n) => match self.t.unit_name(unit) {
                "%" => format!("{n}%"),
                "" => n.clone(),
                u => format!("{n} {u}"),
            },
        }
    }

    /// The value of a field in the previous period, or that it had none.
    fn previous(&self, x: &EntryField, period: &Option<PeriodRef>) -> String {
        match (&x.previous, period) {
            (Some(p), _) => self.t.previous_value(&p.period_label, self.value(&p.value, &x.unit, &x.yes_no)),
            (None, Some(p)) => self.t.previous_none(&p.label),
            (None, None) => String::new(),
        }
    }

    /// What an indicator asks of this unit: "Mức đạt: ≥ 80%", "Cần: Có".
    fn requirement(&self, r: &Requirement, yes_no: &YesNo) -> String {
        let t = self.t;
        match r {
            Requirement::Threshold { label, illustrative: false } => t.requirement_threshold(label),
            Requirement::Threshold { label, illustrative: true } => t.requirement_illustrative(label),
            Requirement::Answer { expected: true } => t.requirement_answer(t.answer_yes(yes_no.code())),
            Requirement::Answer { expected: false } => t.requirement_answer(t.answer_no(yes_no.code())),
            Requirement::Missing => t.requirement_missing().into(),
        }
    }

    /// A criterion's progress in words: complete, or how many indicators lack values.
    fn progress(&self, p: &CriterionProgress) -> String {
        if p.complete() {
            self.t.progress_complete(p.filled, p.total)
        } else {
            self.t.progress_missing(p.total - p.filled, p.filled, p.total)
        }
    }

    /// What "copy from the previous period" did: how many empty fields it filled, not saved yet.
    fn copied(&self, n: &usize, period: &str) -> String {
        if *n > 0 { self.t.copied_n(*n, period) } else { self.t.copied_none(period) }
    }

    /// A value someone else saved meanwhile, or "—" when they cleared it.
    fn theirs(&self, v: &Option<ShownValue>, yes_no: &YesNo) -> String {
        v.as_ref().map_or_else(|| "—".into(), |v| self.value(v, "", yes_no))
    }
}

/// The page of an entry form: the whole form, or one criterion's.
#[derive(Template)]
#[template(path = "entry/entry.html")]
struct EntryPage {
    chrome: Chrome,
    f: EntryForm,
    /// Why the values shown are not saved yet (the form came back from a failed submit).
    notice: Option<&'static str>,
    say: Say,
    /// Criteria whose indicators all have values.
    complete: usize,
    /// `?set=…` of the form's set for its links; empty for the default set.
    set_q: String,
    /// The criterion a criterion's page shows (its progress); `None` for the whole form.
    current: Option<CriterionProgress>,
    /// Fields without last period's value, the threshold and the rule of a rate beside them:
    /// the whole form stays light; each criterion's page has them.
    compact: bool,
}

/// The page of a form.
pub(crate) fn entry_page(
    v: &Visitor,
    f: EntryForm,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let complete = f.progress.iter().filter(|p| p.complete()).count();
    // Links leave the default set out, as the other pages' do.
    let set_q = if f.ctx.set_id == v.default_set { String::new() } else { format!("?set={}", f.ctx.set_id) };
    let current = f.criterion.as_ref().and_then(|c| f.progress.iter().find(|p| &p.criterion == c)).cloned();
    let title = match &current {
        None => format!("{} — {}", v.t().entry_title(), f.unit.name),
        Some(c) => format!("{} {} — {}", v.t().criterion_n(&c.criterion), c.name, f.unit.name),
    };
    let chrome = Chrome::new(v, &title, "", &f.ctx.set_id, &f.ctx.period);
    let compact = current.is_none();
    let mut res = html(&EntryPage { chrome, f, notice, say: Say { t: v.t() }, complete, set_q, current, compact })?;
    *res.status_mut() = status;
    Ok(res)
}

/// A form as shown: for a signed-in user who may enter some of it.
async fn show(app: &App, v: &Visitor, at: FormAddress<'_>) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let form = app.entry_form(at, user, v.lang).await?;
    if !form.can_save {
        return Err(WebError::Forbidden);
    }
    entry_page(v, form, None, StatusCode::OK)
}

async fn entry(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let set_id = q.set_id(&app);
    show(&app, &v, FormAddress { code: &code, set_id: &set_id, period: &period, scope: Scope::Whole }).await
}

/// One criterion's form: a light page with its own save, for a phone on a slow connection.
async fn criterion_entry(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, criterion)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let set_id = q.set_id(&app);
    let scope = Scope::Criterion(&criterion);
    show(&app, &v, FormAddress { code: &code, set_id: &set_id, period: &period, scope }).await
}

/// Groups `v:` (value), `d:` (denominator) and `s:` ("revision|original" shown) fields by
/// element; only elements whose value was posted count.
pub(crate) fn submitted(form: &[(String, String)]) -> HashMap<String, SubmittedField> {
    let mut out: HashMap<String, SubmittedField> = HashMap::new();
    for (k, v) in form {
        if let Some(e) = k.strip_prefix("v:") {
            // Cleaned as every text is (no direction controls, no control characters), so that
            // a value refused is shown back as what it reads.
            out.entry(e.to_string()).or_default().text = ntm_io::text::clean(v);
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
pub(crate) fn typed_fields(form: &[(String, String)]) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    form.iter()
        .filter(|(k, v)| {
            let element = ["v:", "d:", "s:"].iter().find_map(|p| k.strip_prefix(p));
            // An entry form's field: an element code, a value as short as a form's.
            element.is_some_and(|e| {
                !e.is_empty()
                    && e.len() <= MAX_ELEMENT_CODE
                    && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
            }) && v.len() <= MAX_TYPED_VALUE
        })
        .filter(|(k, _)| seen.insert(k.clone()))
        .take(MAX_TYPED_FIELDS)
        .cloned()
        .collect()
}

/// What a form carried across a sign-in may hold: the fields of one entry form, no more (the
/// whole xã form has fewer than 100 elements, three fields each).
const MAX_TYPED_FIELDS: usize = 600;
const MAX_ELEMENT_CODE: usize = 64;
const MAX_TYPED_VALUE: usize = 256;

/// An entry form's address: `/entry/CODE/PERIOD[/CRITERION][?set=ID]`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EntryAddress {
    code: String,
    period: String,
    criterion: Option<String>,
    set: Option<String>,
}

/// The unit code, period, criterion and set of an entry page address.
pub(crate) fn entry_address(path_and_query: &str) -> Option<EntryAddress> {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut segments = path.strip_prefix("/entry/")?.split('/');
    let (code, period) = (segments.next()?, segments.next()?);
    let criterion = segments.next().map(String::from);
    if segments.next().is_some()
        || code.is_empty()
        || period.is_empty()
        || criterion.as_ref().is_some_and(|c| c.is_empty())
    {
        return None;
    }
    let set = query.split('&').find_map(|kv| kv.strip_prefix("set=")).filter(|s| !s.is_empty()).map(String::from);
    Some(EntryAddress { code: code.to_string(), period: period.to_string(), criterion, set })
}

/// After signing in with values typed under an ended session: the entry form again (the whole
/// form or the criterion's), with those values, to check and save; `None` when the address is not
/// an entry form this user may save.
pub(crate) async fn restore_after_sign_in(
    app: &App,
    v: Visitor,
    user: ntm_app::User,
    next: &str,
    typed: &[(String, String)],
) -> Option<Response> {
    let a = entry_address(next)?;
    let set_id = a.set.unwrap_or_else(|| app.config.default_set.clone());
    let scope = match &a.criterion {
        Some(c) => Scope::Criterion(c),
        None => Scope::Whole,
    };
    let at = FormAddress { code: &a.code, set_id: &set_id, period: &a.period, scope };
    let f = app.restored_entry_form(at, &user, &submitted(typed), v.lang).await.ok()?;
    if !f.can_save {
        return None;
    }
    let notice = v.t().signed_in_kept();
    entry_page(&Visitor { user: Some(user), ..v }, f, Some(notice), StatusCode::OK).ok()
}

async fn save_entry(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let set_id = q.set_id(&app);
    save(&app, v, FormAddress { code: &code, set_id: &set_id, period: &period, scope: Scope::Whole }, form).await
}

async fn save_criterion(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, criterion)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let set_id = q.set_id(&app);
    let scope = Scope::Criterion(&criterion);
    save(&app, v, FormAddress { code: &code, set_id: &set_id, period: &period, scope }, form).await
}

/// A post of a form: Save (all or nothing), or Copy the previous period's values into the empty
/// fields (nothing saved).
async fn save(app: &App, v: Visitor, at: FormAddress<'_>, form: Vec<(String, String)>) -> Result<Response, WebError> {
    // Nothing typed is lost to an expired or changed session: without a session the sign-in
    // page carries the typed values back; with a different session's form the values come
    // back to check and save again. Neither saves anything. A field far beyond any value is
    // refused by name first, not carried anywhere.
    crate::session::refuse_over_long(&form)?;
    let typed = typed_fields(&form);
    let Some(user) = v.user.as_ref() else {
        if typed.is_empty() {
            return Err(WebError::SignIn);
        }
        let next = v.path_and_query.clone();
        return login_page(
            &v,
            None,
            Some(v.t().session_expired_kept()),
            next,
            String::new(),
            typed,
            StatusCode::UNAUTHORIZED,
        );
    };
    let expired = v.check_csrf(&form).is_err();
    let copy = form.iter().any(|(k, _)| k == "copy");
    if expired || copy {
        let mut f = app.restored_entry_form(at, user, &submitted(&form), v.lang).await?;
        if !f.can_save {
            return Err(WebError::Forbidden);
        }
        if expired {
            return entry_page(&v, f, Some(v.t().form_expired_kept()), StatusCode::BAD_REQUEST);
        }
        // Copy: the previous period's values in the empty fields, nothing saved.
        f.copy_previous_period();
        return entry_page(&v, f, None, StatusCode::OK);
    }
    match app.save_entry(at, user, submitted(&form), v.lang).await? {
        SaveResult::Saved(f) => entry_page(&v, f, None, StatusCode::OK),
        SaveResult::Invalid(f) => entry_page(&v, f, None, StatusCode::UNPROCESSABLE_ENTITY),
        SaveResult::Conflict(f) => entry_page(&v, f, None, StatusCode::CONFLICT),
    }
}

/// One line of a value's history, in words.
struct HistoryRow {
    when: String,
    who: String,
    old: String,
    new: String,
    change: String,
}

fn shown(t: T, v: &Option<ShownValue>, yes_no: YesNo) -> String {
    match v {
        None => "—".into(),
        Some(ShownValue::Number(n)) => n.clone(),
        Some(ShownValue::Answer(true)) => t.answer_yes(yes_no.code()).into(),
        Some(ShownValue::Answer(false)) => t.answer_no(yes_no.code()).into(),
    }
}

#[derive(Template)]
#[template(path = "entry/history.html")]
struct HistoryPage {
    chrome: Chrome,
    code: String,
    unit_name: String,
    h: ValueHistory,
    rows: Vec<HistoryRow>,
    period_label: String,
}

async fn history(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, element)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    // Who changed what names officials: for signed-in users only, even when reading is public.
    v.require_user()?;
    let set_id = q.set_id(&app);
    let h = app.value_history(&code, &set_id, &element, &period, v.lang).await?;
    let p = Period::parse(&period).map_err(|_| WebError::NotFound)?;
    let unit_name = {
        let live = app.live();
        live.tree.resolve(&code, p).map(|u| live.tree.unit(u).name.clone()).unwrap_or_else(|_| code.clone())
    };
    let t = v.t();
    let rows = h
        .rows
        .iter()
        .map(|r| HistoryRow {
            when: r.when.clone(),
            who: r.who.clone(),
            old: shown(t, &r.old, h.yes_no),
            new: shown(t, &r.new, h.yes_no),
            change: match &r.source {
                Some(file) => format!("{} ({file})", t.action_name(&r.action)),
                None => t.action_name(&r.action).into(),
            },
        })
        .collect();
    let chrome = Chrome::new(&v, t.history_title(), "", &set_id, &period);
    html(&HistoryPage { chrome, code, unit_name, h, rows, period_label: period_label(p, v.lang) })
}

async fn api_history(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path((code, period, element)): Path<(String, String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_user()?;
    let set_id = q.set_id(&app);
    let h = app.value_history(&code, &set_id, &element, &period, v.lang).await?;
    Ok(axum::Json(h).into_response())
}
