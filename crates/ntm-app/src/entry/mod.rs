//! The entry area. Data entry: the form of one unit and period — every criterion at once, or one
//! criterion at a time for a slow connection — with indicators grouped by criterion and raw
//! elements under the indicator they feed; beside each field the value of the previous period and
//! what the indicator asks of this unit; progress across the criteria; the previous period's
//! values copied into the empty fields on request (nothing saved until Save). Posts are checked
//! field by field, a rate typed directly against the raw figures it is computed from, saved
//! all-or-nothing with audit, and refused when someone else changed a field since the form was
//! shown.

mod checks;
pub mod import;
pub mod queue;
pub mod xlsx;

use std::collections::HashMap;

use ntm_domain::explain::{period_label, unit_label};
use ntm_domain::{
    Action, CriteriaSet, ElementIdx, ElementRef, IndicatorIdx, IndicatorKind, Lang, Observed, Period, Ratio, Value,
    ValueTable, can,
};
use ntm_io::text::form_number_shown;
use ntm_store::{SaveOutcome, ValueEdit, ValueRecord};
use serde::Serialize;

pub use checks::{FieldIssue, agrees, computed_rate};

use crate::page::{Context, UnitRef, context};
use crate::{App, AppError, User};
use checks::read_field;
use ntm_domain::time::vietnam_time_label as vietnam_time;

/// The words of a yes/no answer, chosen by the page: "Có / Không" where the indicator asks
/// whether something exists, else "Đạt / Không đạt".
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    /// có / không.
    Has,
    /// đạt / không đạt.
    Meets,
}

impl YesNo {
    pub const fn code(&self) -> &'static str {
        match self {
            YesNo::Has => "has",
            YesNo::Meets => "meets",
        }
    }
}

/// How a field is entered.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// đạt / không đạt (or có / không).
    Boolean,
    /// Numerator and denominator, or a percentage alone.
    Percent,
    /// A number in the element's unit.
    Number,
}

impl FieldKind {
    pub const fn code(&self) -> &'static str {
        match self {
            FieldKind::Boolean => "boolean",
            FieldKind::Percent => "percent",
            FieldKind::Number => "number",
        }
    }
}

/// What an indicator asks of this unit in this period.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// A threshold as the reader writes numbers (`≥ 80%`); `illustrative` when it is the demo
    /// data's own, not a legal text.
    Threshold { label: String, illustrative: bool },
    /// The answer that meets it.
    Answer { expected: bool },
    /// No threshold is configured for this unit's region or group (and year).
    Missing,
}

/// Which of its two ways a rate that may be computed from raw figures is taken from.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Uses {
    /// The rate typed directly.
    Typed,
    /// The rate computed from the raw figures.
    Computed,
    /// Neither is there.
    Nothing,
}

/// A rate that may be typed directly or computed from two raw figures: the rule, and what stands
/// for the period now.
#[derive(Serialize, Clone, Debug)]
pub struct DerivedView {
    /// The raw figures it is computed from (their labels).
    pub numerator: String,
    pub denominator: String,
    /// What the stored raw figures give (`23 / 40 = 57,5%`), when both are there.
    pub computed: Option<String>,
    /// What the verdicts take now.
    pub uses: Uses,
    /// Both ways are stored and give different rates (the typed one is used): said beside the
    /// fields until one is cleared or they are made to agree.
    pub disagrees: Option<FieldIssue>,
}

/// A value of the previous period, and the period it is from (the one the previous period's
/// verdict takes it from: its own, else a quarter of it).
#[derive(Serialize, Clone, Debug)]
pub struct PreviousValue {
    pub value: ShownValue,
    pub period: String,
    pub period_label: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct EntryField {
    pub element: String,
    /// An HTML-safe id for anchors and labels.
    pub input_id: String,
    pub label: String,
    pub unit: String,
    pub kind: FieldKind,
    /// For yes/no: "true", "false" or "" (no value); for numbers: the text; for percents the
    /// numerator (or the percentage when no denominator).
    pub text: String,
    pub denominator: String,
    /// The value as it was when the form was shown (machine form), and its revision.
    pub original: String,
    pub revision: i64,
    pub editable: bool,
    /// What is wrong with what was posted.
    pub issue: Option<FieldIssue>,
    /// Raw data element feeding an indicator.
    pub raw: bool,
    /// "admin, 01/07/2025 14:05" of the last change.
    pub last_change: Option<String>,
    pub yes_no: YesNo,
    /// A rate entered in one box (its raw figures, below it, are its numerator and denominator).
    pub single: bool,
    /// The value of the previous period.
    pub previous: Option<PreviousValue>,
    /// What the indicator asks of this unit (indicators only).
    pub requirement: Option<Requirement>,
    /// For a rate that may be computed from raw figures: the rule and what stands now.
    pub derived: Option<DerivedView>,
    /// The previous period's value as this field would hold it (text, denominator).
    #[serde(skip)]
    previous_texts: Option<(String, String)>,
}

#[derive(Serialize, Clone, Debug)]
pub struct EntryGroup {
    pub criterion: String,
    pub name: String,
    pub editable: bool,
    pub fields: Vec<EntryField>,
}

/// How far a criterion's indicators are filled for the period: an indicator is filled when it
/// has its own value, or both raw figures it is computed from.
#[derive(Serialize, Clone, Debug)]
pub struct CriterionProgress {
    pub criterion: String,
    pub name: String,
    pub filled: usize,
    pub total: usize,
    pub editable: bool,
}

impl CriterionProgress {
    pub fn complete(&self) -> bool {
        self.filled == self.total
    }
}

#[derive(Serialize, Clone, Debug)]
pub struct FieldError {
    pub input_id: String,
    pub label: String,
    pub issue: FieldIssue,
}

#[derive(Serialize, Clone, Debug)]
pub struct ConflictView {
    pub input_id: String,
    pub label: String,
    pub their_value: Option<ShownValue>,
    pub yes_no: YesNo,
    pub by: String,
    pub at: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct EntryForm {
    pub ctx: Context,
    pub unit: UnitRef,
    pub period: String,
    /// The one criterion this form holds, or `None` for the whole form.
    pub criterion: Option<String>,
    pub groups: Vec<EntryGroup>,
    /// Every criterion of the set, in order.
    pub progress: Vec<CriterionProgress>,
    pub errors: Vec<FieldError>,
    pub conflicts: Vec<ConflictView>,
    pub saved: Option<usize>,
    pub can_save: bool,
    /// The values shown are what was typed in a submit that could not be saved (the session
    /// had expired or changed): not saved yet.
    pub restored: bool,
    /// The previous period.
    pub previous_period: Option<PeriodRef>,
    /// Some empty field this user may fill has a value in the previous period.
    pub can_copy: bool,
    /// How many empty fields were just filled from the previous period (not saved yet).
    pub copied: Option<usize>,
    /// The criteria before and after this one that this user may enter (criterion forms).
    pub previous_criterion: Option<String>,
    pub next_criterion: Option<String>,
}

impl EntryForm {
    /// Fills the fields left empty that this user may fill with the previous period's values
    /// (what was typed or stored is never replaced), and says how many. Nothing is saved: the
    /// values are there to check, then Save.
    pub fn copy_previous_period(&mut self) {
        let mut copied = 0;
        for f in self.groups.iter_mut().filter(|g| g.editable).flat_map(|g| g.fields.iter_mut()) {
            if !f.text.trim().is_empty() || !f.denominator.trim().is_empty() {
                continue;
            }
            if let Some((text, denominator)) = f.previous_texts.clone() {
                (f.text, f.denominator) = (text, denominator);
                copied += 1;
            }
        }
        self.copied = Some(copied);
        self.can_copy = false;
        self.restored = false;
    }
}

/// A period: its code (`2024Q3`) and its label (`quý 3/2024`).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct PeriodRef {
    pub code: String,
    pub label: String,
}

/// What a form posted for one element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmittedField {
    pub text: String,
    pub denominator: String,
    pub original: String,
    pub revision: i64,
}

pub enum SaveResult {
    Saved(EntryForm),
    Invalid(EntryForm),
    Conflict(EntryForm),
}

/// An element id made safe for HTML ids: `2.1.km_dat` → `f-2-1-km_dat`.
pub fn input_id(element: &str) -> String {
    let safe: String = element.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    format!("f-{safe}")
}

/// The period before: the year before a year, the quarter before a quarter.
pub fn previous_period(p: Period) -> Option<Period> {
    let earlier = match p {
        Period::Year(y) => Period::Year(y - 1),
        Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
        Period::Quarter(y, q) => Period::Quarter(y, q - 1),
    };
    // Within the years a period may name.
    Period::parse(&earlier.to_string()).ok()
}

/// The criterion that owns an element: its own for an indicator, the indicator's for a raw
/// element that feeds one.
fn owner<'a>(set: &'a CriteriaSet, element: &str) -> Option<&'a str> {
    set.criteria().iter().find_map(|c| {
        c.indicators
            .iter()
            .any(|i| {
                i.id == element
                    || i.derived.as_ref().is_some_and(|d| d.numerator == element || d.denominator == element)
            })
            .then_some(c.id.as_str())
    })
}

fn field_kind(set: &CriteriaSet, e: ElementIdx) -> (FieldKind, String, String) {
    match set.element_kind(e) {
        ElementRef::Indicator(i) => {
            let kind = match i.kind {
                IndicatorKind::Boolean { .. } => FieldKind::Boolean,
                _ if i.is_percent() => FieldKind::Percent,
                _ => FieldKind::Number,
            };
            (kind, i.unit.clone(), i.id.clone())
        }
        ElementRef::Raw(r) => (FieldKind::Number, r.unit.clone(), r.id.clone()),
    }
}

/// How a yes/no element's answers read.
pub(crate) fn yes_no(set: &CriteriaSet, e: ElementIdx) -> YesNo {
    match set.element_kind(e) {
        ElementRef::Indicator(i) if i.unit.contains("có") => YesNo::Has,
        _ => YesNo::Meets,
    }
}

fn label(set: &CriteriaSet, e: ElementIdx, lang: Lang) -> String {
    match set.element_kind(e) {
        ElementRef::Indicator(i) => format!("{} {}", i.id, lang.pick(&i.name_vi, &i.name_en)),
        ElementRef::Raw(r) => lang.pick(&r.name_vi, &r.name_en).to_string(),
    }
}

/// A number with its unit of measure, as the reader writes it: `57,5%`, `45,5 triệu đồng/năm`.
fn with_unit(r: Ratio, unit: &str, lang: Lang) -> String {
    match unit_label(unit.trim(), lang) {
        "%" => format!("{}%", lang.number(r)),
        "" => lang.number(r),
        u => format!("{} {u}", lang.number(r)),
    }
}

/// A value as a page shows it: a number as the reader writes it (`81,125`), a fraction
/// (`930/1000`), or a yes/no answer (worded by the page).
fn shown_value(v: Value, lang: Lang) -> ShownValue {
    match v {
        Value::Bool(b) => ShownValue::Answer(b),
        Value::Number(r) => ShownValue::Number(lang.number_places(r, 9)),
        Value::Fraction { num, den } => ShownValue::Number(format!("{num}/{den}")),
    }
}

/// Puts a problem beside a field of the form and in its summary.
fn flag_field(form: &mut EntryForm, element: &str, issue: FieldIssue) {
    if let Some(f) = form.groups.iter_mut().flat_map(|g| g.fields.iter_mut()).find(|f| f.element == element) {
        form.errors.push(FieldError { input_id: f.input_id.clone(), label: f.label.clone(), issue: issue.clone() });
        f.issue = Some(issue);
    }
}

/// A stored value as the form shows it, in the form's language (`4,512` in Vietnamese), so that
/// sending it back unchanged reads as the same number. A rate in one box keeps a fraction whole.
fn texts(kind: FieldKind, single: bool, v: Option<Value>, lang: Lang) -> (String, String) {
    match (kind, v) {
        (_, None) => (String::new(), String::new()),
        (FieldKind::Percent, Some(Value::Fraction { num, den })) if !single => (num.to_string(), den.to_string()),
        (_, Some(v @ Value::Number(_))) => (form_number_shown(&v.to_string(), lang), String::new()),
        (_, Some(v)) => (v.to_string(), String::new()),
    }
}

/// A rate computed from raw figures as the reader writes it: `23 / 40 = 57,5%`.
fn computed_text(num: Ratio, den: Ratio, rate: Ratio, unit: &str, lang: Lang) -> String {
    format!("{} / {} = {}", lang.number(num), lang.number(den), with_unit(rate, unit, lang))
}

/// Whether a rate typed directly and its raw figures disagree: the issue saying so, with both
/// rates as the reader writes them.
fn disagreement(typed: Value, num: Option<Value>, den: Option<Value>, unit: &str, lang: Lang) -> Option<FieldIssue> {
    let (Some(Value::Number(n)), Some(Value::Number(d))) = (num, den) else { return None };
    let percent = unit.trim() == "%";
    let typed = typed.measure(percent)?;
    let computed = computed_rate(n, d, percent)?;
    (!agrees(typed, computed)).then(|| FieldIssue::Disagrees {
        kind: if percent { FieldKind::Percent } else { FieldKind::Number },
        typed: with_unit(typed, unit, lang),
        computed: computed_text(n, d, computed, unit, lang),
    })
}

/// Which part of a set a form holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every criterion.
    Whole,
    /// One criterion, by its id.
    Criterion(&'a str),
}

/// Which form: of a unit (its code), a set and a period (`2024`, `2024Q3`), every criterion or one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormAddress<'a> {
    pub code: &'a str,
    pub set_id: &'a str,
    pub period: &'a str,
    pub scope: Scope<'a>,
}

impl Scope<'_> {
    fn holds(&self, criterion: &str) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Criterion(c) => *c == criterion,
        }
    }
}

impl App {
    fn entry_scope(
        &self,
        code: &str,
        set_id: &str,
        period_text: &str,
    ) -> Result<(ntm_domain::UnitIdx, i64, Period), AppError> {
        let period = Period::parse(period_text).map_err(|_| AppError::NotFound)?;
        let live = self.live();
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        if !self.period_allowed(set, period) {
            return Err(AppError::NotFound);
        }
        let idx = live.tree.resolve(code, period).map_err(|_| AppError::NotFound)?;
        // A set judges the units of its level and kinds: no form of the xã set for a town.
        if !set.applies_to(live.tree.unit(idx)) {
            return Err(AppError::NotFound);
        }
        let id = live.unit_id(idx).ok_or(AppError::NotFound)?;
        Ok((idx, id, period))
    }

    /// The form as shown, with the stored values (or, after a failed save, what was posted).
    async fn build_form(
        &self,
        at: FormAddress<'_>,
        user: &User,
        posted: Option<&HashMap<String, SubmittedField>>,
        lang: Lang,
    ) -> Result<(EntryForm, Vec<ValueRecord>), AppError> {
        let FormAddress { code, set_id, period: period_text, scope } = at;
        let (idx, unit_id, period) = self.entry_scope(code, set_id, period_text)?;
        let stored = self.db.unit_values(set_id, unit_id, &period.to_string()).await?;
        let users: HashMap<i64, String> = self.db.users().await?.into_iter().map(|u| (u.id, u.username)).collect();
        let live = self.live();
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        if let Scope::Criterion(c) = scope
            && !set.criteria().iter().any(|x| x.id == c)
        {
            return Err(AppError::NotFound);
        }
        let by_element: HashMap<&str, &ValueRecord> = stored.iter().map(|r| (r.element.as_str(), r)).collect();
        let stored_value = |element: &str| by_element.get(element).and_then(|r| r.value);
        // The values held in memory (for the previous period) and the thresholds of this unit.
        let no_values;
        let table = match live.values.get(set_id) {
            Some(t) => t,
            None => {
                no_values = ValueTable::new(set.element_count());
                &no_values
            }
        };
        let mut ev = live.evaluator(set, table, period)?;
        let previous = previous_period(period);
        // The previous period's verdicts, for what an indicator's value was (typed, or computed
        // from its raw figures) as they saw it.
        let mut ev_before = previous.map(|p| live.evaluator(set, table, p)).transpose()?;
        let mut groups = Vec::new();
        let mut progress = Vec::new();
        for c in set.criteria() {
            let editable = can(
                Some(&user.principal),
                Action::EditValue { unit: idx, set: set.id(), criterion: Some(&c.id) },
                &live.tree,
                self.config.public_read,
            );
            let filled = c
                .indicators
                .iter()
                .filter(|i| {
                    stored_value(&i.id).is_some()
                        || i.derived.as_ref().is_some_and(|d| {
                            stored_value(&d.numerator).is_some() && stored_value(&d.denominator).is_some()
                        })
                })
                .count();
            let name = lang.pick(&c.name_vi, &c.name_en).to_string();
            progress.push(CriterionProgress {
                criterion: c.id.clone(),
                name: name.clone(),
                filled,
                total: c.indicators.len(),
                editable,
            });
            if !scope.holds(&c.id) {
                continue;
            }
            let mut elements: Vec<String> = Vec::new();
            for i in &c.indicators {
                elements.push(i.id.clone());
                if let Some(d) = &i.derived {
                    elements.push(d.numerator.clone());
                    elements.push(d.denominator.clone());
                }
            }
            let mut fields = Vec::new();
            for el in &elements {
                let Some(e) = set.element(el) else { continue };
                let (kind, unit, _) = field_kind(set, e);
                let record = by_element.get(el.as_str());
                let indicator = match set.element_kind(e) {
                    ElementRef::Indicator(i) => Some(i),
                    ElementRef::Raw(_) => None,
                };
                let derivation = indicator.and_then(|i| i.derived.as_ref());
                let single = kind == FieldKind::Percent && derivation.is_some();
                let sent = posted.and_then(|p| p.get(el));
                let (text, denominator) = match sent {
                    Some(f) => (f.text.clone(), f.denominator.clone()),
                    None => texts(kind, single, stored_value(el), lang),
                };
                // A posted field keeps the version it was typed against, so that saving it
                // again still notices someone else's change made in between.
                let (original, revision) = match sent.filter(|f| f.revision >= 0) {
                    Some(f) => (f.original.clone(), f.revision),
                    None => {
                        (stored_value(el).map(|v| v.to_string()).unwrap_or_default(), record.map_or(0, |r| r.revision))
                    }
                };
                let before = previous.and_then(|p| table.lookup(idx, e, p));
                // Shown: the value as the previous period's verdict took it (a rate computed from
                // raw figures included); copied: only a value of the field itself.
                let shown_before = match (indicator, ev_before.as_mut()) {
                    (Some(_), Some(evb)) => match evb.verdict(idx, IndicatorIdx(e.0)).observed {
                        Some(Observed::Entered { value, period: p }) => Some((shown_value(value, lang), p)),
                        Some(Observed::Derived { num, den, period: p }) => computed_rate(num, den, unit.trim() == "%")
                            .map(|q| (ShownValue::Number(computed_text(num, den, q, "", lang)), p)),
                        None => None,
                    },
                    _ => before.map(|(v, p)| (shown_value(v, lang), p)),
                };
                let requirement = indicator.map(|i| {
                    let v = ev.verdict(idx, IndicatorIdx(e.0));
                    match (i.kind, v.threshold) {
                        (IndicatorKind::Boolean { expected }, _) => Requirement::Answer { expected },
                        (_, Some(t)) => {
                            Requirement::Threshold { label: v.threshold_label(lang), illustrative: t.is_illustrative() }
                        }
                        (_, None) => Requirement::Missing,
                    }
                });
                let derived = derivation.map(|d| {
                    let (num, den) = (stored_value(&d.numerator), stored_value(&d.denominator));
                    let computed = match (num, den) {
                        (Some(Value::Number(n)), Some(Value::Number(m))) => {
                            computed_rate(n, m, unit.trim() == "%").map(|q| computed_text(n, m, q, &unit, lang))
                        }
                        _ => None,
                    };
                    let own = stored_value(el);
                    let raw_label = |id: &str| set.element(id).map(|x| label(set, x, lang)).unwrap_or_default();
                    DerivedView {
                        numerator: raw_label(&d.numerator),
                        denominator: raw_label(&d.denominator),
                        uses: match (own, &computed) {
                            (Some(_), _) => Uses::Typed,
                            (None, Some(_)) => Uses::Computed,
                            (None, None) => Uses::Nothing,
                        },
                        disagrees: own.and_then(|o| disagreement(o, num, den, &unit, lang)),
                        computed,
                    }
                });
                fields.push(EntryField {
                    element: el.clone(),
                    input_id: input_id(el),
                    label: label(set, e, lang),
                    kind,
                    text,
                    denominator,
                    original,
                    revision,
                    editable,
                    issue: None,
                    raw: indicator.is_none(),
                    last_change: record.filter(|r| r.value.is_some() || r.revision > 0).map(|r| {
                        let who = r.updated_by.and_then(|u| users.get(&u).cloned()).unwrap_or_else(|| "—".into());
                        format!("{who}, {}", vietnam_time(r.updated_at))
                    }),
                    yes_no: yes_no(set, e),
                    single,
                    previous: shown_before.map(|(value, p)| PreviousValue {
                        value,
                        period: p.to_string(),
                        period_label: period_label(p, lang),
                    }),
                    previous_texts: before.map(|(v, _)| texts(kind, single, Some(v), lang)),
                    requirement,
                    derived,
                    unit,
                });
            }
            groups.push(EntryGroup { criterion: c.id.clone(), name, editable, fields });
        }
        // The neighbours of a criterion form: the criteria before and after it this user enters.
        let (mut previous_criterion, mut next_criterion) = (None, None);
        if let Scope::Criterion(c) = scope {
            let at = progress.iter().position(|p| p.criterion == c).unwrap_or(0);
            previous_criterion = progress[..at].iter().rev().find(|p| p.editable).map(|p| p.criterion.clone());
            next_criterion = progress.iter().skip(at + 1).find(|p| p.editable).map(|p| p.criterion.clone());
        }
        let can_save = groups.iter().any(|g| g.editable);
        let can_copy = groups
            .iter()
            .filter(|g| g.editable)
            .flat_map(|g| &g.fields)
            .any(|f| f.previous_texts.is_some() && f.text.trim().is_empty() && f.denominator.trim().is_empty());
        let unit = live.tree.unit(idx);
        let form = EntryForm {
            ctx: context(self, &live, set, period, lang),
            unit: UnitRef { code: unit.code.clone(), name: unit.name.clone(), level: unit.level.code() },
            period: period.to_string(),
            criterion: match scope {
                Scope::Whole => None,
                Scope::Criterion(c) => Some(c.to_string()),
            },
            groups,
            progress,
            errors: Vec::new(),
            conflicts: Vec::new(),
            saved: None,
            can_save,
            restored: false,
            previous_period: previous.map(|p| PeriodRef { code: p.to_string(), label: period_label(p, lang) }),
            can_copy,
            copied: None,
            previous_criterion,
            next_criterion,
        };
        Ok((form, stored))
    }

    /// The form of one unit and period: every criterion, or one.
    pub async fn entry_form(&self, at: FormAddress<'_>, user: &User, lang: Lang) -> Result<EntryForm, AppError> {
        Ok(self.build_form(at, user, None, lang).await?.0)
    }

    /// The form with what was typed in a submit that could not be saved (an expired or changed
    /// session), to check and save again; nothing is saved or checked here.
    pub async fn restored_entry_form(
        &self,
        at: FormAddress<'_>,
        user: &User,
        posted: &HashMap<String, SubmittedField>,
        lang: Lang,
    ) -> Result<EntryForm, AppError> {
        let (mut form, _) = self.build_form(at, user, Some(posted), lang).await?;
        form.restored = true;
        Ok(form)
    }

    /// Saves a posted form: every field is checked; if any is wrong, or any changed field was
    /// changed by someone else since the form was shown, nothing is saved. A criterion's form
    /// saves that criterion's fields only.
    pub async fn save_entry(
        &self,
        at: FormAddress<'_>,
        user: &User,
        posted: HashMap<String, SubmittedField>,
        lang: Lang,
    ) -> Result<SaveResult, AppError> {
        let (mut form, stored) = self.build_form(at, user, Some(&posted), lang).await?;
        let FormAddress { code, set_id, period: period_text, .. } = at;
        if !form.can_save {
            return Err(AppError::Forbidden);
        }
        let (idx, unit_id, period) = self.entry_scope(code, set_id, period_text)?;
        let mut edits = Vec::new();
        let mut forbidden = false;
        {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            for g in &mut form.groups {
                for f in &mut g.fields {
                    let Some(sub) = posted.get(&f.element) else { continue };
                    let Some(e) = set.element(&f.element) else { continue };
                    let original = if sub.original.is_empty() { None } else { Value::parse(&sub.original).ok() };
                    match read_field(f.kind, sub, set, e, f.yes_no, lang) {
                        Err(issue) => {
                            form.errors.push(FieldError {
                                input_id: f.input_id.clone(),
                                label: f.label.clone(),
                                issue: issue.clone(),
                            });
                            f.issue = Some(issue);
                        }
                        Ok(new) if new != original.and_then(|o| o.fit(set, e).ok()) => {
                            let allowed = can(
                                Some(&user.principal),
                                Action::EditValue { unit: idx, set: set.id(), criterion: owner(set, &f.element) },
                                &live.tree,
                                self.config.public_read,
                            );
                            if !allowed {
                                forbidden = true;
                            }
                            edits.push(ValueEdit {
                                unit_id,
                                element: f.element.clone(),
                                criterion: owner(set, &f.element).map(str::to_string),
                                period: period.to_string(),
                                new,
                                expected_revision: sub.revision,
                            });
                        }
                        Ok(_) => {}
                    }
                }
            }
        }
        if forbidden {
            return Err(AppError::Forbidden);
        }
        let in_form: Vec<String> = form.groups.iter().flat_map(|g| &g.fields).map(|f| f.element.clone()).collect();
        // A value as it will stand: as changed by this post, else as it was shown.
        let originals: HashMap<String, String> =
            form.groups.iter().flat_map(|g| &g.fields).map(|f| (f.element.clone(), f.original.clone())).collect();
        let standing = |element: &str| -> Option<Value> {
            match edits.iter().find(|e| e.element == element) {
                Some(e) => e.new,
                None => originals.get(element).filter(|o| !o.is_empty()).and_then(|o| Value::parse(o).ok()),
            }
        };
        let edited = |element: &str| edits.iter().any(|e| e.element == element);
        let mut problems: Vec<(String, FieldIssue)> = Vec::new();
        {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            // The raw numerator of a percentage may not exceed its denominator, as they will stand.
            for (num_e, den_e) in set.percent_pairs() {
                let (ElementRef::Raw(num_r), ElementRef::Raw(den_r)) =
                    (set.element_kind(num_e), set.element_kind(den_e))
                else {
                    continue;
                };
                let (num, den) = (standing(&num_r.id), standing(&den_r.id));
                // A denominator of 0 makes the rate meaningless, as `72/0` would; it is refused
                // only when it is being entered, so that an old one never blocks other fields.
                if let Some(Value::Number(d)) = den
                    && d == Ratio::integer(0)
                    && edited(&den_r.id)
                {
                    problems.push((den_r.id.clone(), FieldIssue::ZeroDenominator));
                }
                if let (Some(Value::Number(n)), Some(Value::Number(d))) = (num, den)
                    && n > d
                {
                    problems.push((num_r.id.clone(), FieldIssue::NumeratorOverDenominator));
                }
            }
            // A rate typed directly and the raw figures it is computed from: one of the two, or
            // both agreeing, never two different rates. Checked when one of the three is being
            // entered, so that an old disagreement (shown on the form) never blocks other fields.
            for ind in set.criteria().iter().flat_map(|c| &c.indicators) {
                let Some(d) = &ind.derived else { continue };
                let members = [&ind.id, &d.numerator, &d.denominator];
                if !in_form.contains(&ind.id) || !members.iter().any(|m| edited(m)) {
                    continue;
                }
                if let Some(issue) = standing(&ind.id).and_then(|typed| {
                    disagreement(typed, standing(&d.numerator), standing(&d.denominator), &ind.unit, lang)
                }) {
                    problems.push((ind.id.clone(), issue));
                }
            }
        }
        for (element, issue) in problems {
            flag_field(&mut form, &element, issue);
        }
        // The summary lists the problems in the order of the fields.
        let order: Vec<String> = form.groups.iter().flat_map(|g| &g.fields).map(|f| f.input_id.clone()).collect();
        form.errors.sort_by_key(|e| order.iter().position(|id| *id == e.input_id));
        if !form.errors.is_empty() {
            return Ok(SaveResult::Invalid(form));
        }
        // A value an accepted report covers is locked until the office reopens the report. Said
        // here field by field before any work; the store's save refuses it again inside its
        // transaction (an acceptance may land in between), answered below the same way.
        if !self.db.value_locks(unit_id, &period.to_string()).await?.is_empty() {
            let owned: Vec<(String, Option<String>)> = {
                let live = self.live();
                let set = live.set(set_id).ok_or(AppError::NotFound)?;
                edits.iter().map(|e| (e.element.clone(), owner(set, &e.element).map(str::to_string))).collect()
            };
            for (element, criterion) in owned {
                if let Some(round) = self.value_lock(unit_id, &period.to_string(), set_id, criterion.as_deref()).await?
                {
                    flag_field(&mut form, &element, FieldIssue::Locked { round });
                }
            }
            if !form.errors.is_empty() {
                return Ok(SaveResult::Invalid(form));
            }
        }
        let guarded: Vec<String>;
        // The unchanged members of a rate and its raw figures go with the save of a changed one
        // as guards (same value, the version it was shown at): if someone changed one since, the
        // save is a conflict, so the rate and figures checked above are those that will stand.
        {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let mut guards: Vec<ValueEdit> = Vec::new();
            for ind in set.criteria().iter().flat_map(|c| &c.indicators) {
                let Some(d) = &ind.derived else { continue };
                let members = [&ind.id, &d.numerator, &d.denominator];
                if !members.iter().any(|m| edited(m)) {
                    continue;
                }
                for partner in members {
                    if edited(partner) || guards.iter().any(|g| &g.element == partner) {
                        continue;
                    }
                    // The value as stored (never what the browser sends back), at the version
                    // the form was shown at: unchanged since, it writes nothing; changed, it is a
                    // conflict.
                    let record = stored.iter().find(|r| &r.element == partner);
                    let value = record.and_then(|r| r.value);
                    let revision = match posted.get(partner).filter(|f| f.revision >= 0) {
                        Some(f) => f.revision,
                        None => record.map_or(0, |r| r.revision),
                    };
                    guards.push(ValueEdit {
                        unit_id,
                        element: partner.clone(),
                        criterion: owner(set, partner).map(str::to_string),
                        period: period.to_string(),
                        new: value,
                        expected_revision: revision,
                    });
                }
            }
            guarded = guards.iter().map(|g| g.element.clone()).collect();
            edits.extend(guards);
        }
        let unit_code = self.live().tree.unit(idx).code.clone();
        match self.db.save_values(set_id, &edits, Some(user.id), &unit_code, &period.to_string()).await? {
            SaveOutcome::Saved { changed, .. } => {
                self.refresh().await?;
                let (mut fresh, _) = self.build_form(at, user, None, lang).await?;
                fresh.saved = Some(changed);
                Ok(SaveResult::Saved(fresh))
            }
            SaveOutcome::Locked(locked) => {
                for l in locked {
                    flag_field(&mut form, &l.element, FieldIssue::Locked { round: l.round_id });
                }
                Ok(SaveResult::Invalid(form))
            }
            SaveOutcome::Conflict(current) => {
                let users: HashMap<i64, String> =
                    self.db.users().await?.into_iter().map(|u| (u.id, u.username)).collect();
                for r in &current {
                    let field = form.groups.iter().flat_map(|g| &g.fields).find(|f| f.element == r.element);
                    form.conflicts.push(ConflictView {
                        input_id: input_id(&r.element),
                        label: field.map_or_else(|| r.element.clone(), |f| f.label.clone()),
                        their_value: r.value.map(|v| shown_value(v, lang)),
                        yes_no: field.map_or(YesNo::Meets, |f| f.yes_no),
                        by: r.updated_by.and_then(|u| users.get(&u).cloned()).unwrap_or_else(|| "—".into()),
                        at: vietnam_time(r.updated_at),
                    });
                    // The form now carries the current revision: saving again overwrites knowingly.
                    for f in form.groups.iter_mut().flat_map(|g| g.fields.iter_mut()) {
                        if f.element == r.element {
                            f.revision = r.revision;
                            f.original = r.value.map(|v| v.to_string()).unwrap_or_default();
                            // A field the user did not change shows the value as it now stands.
                            if guarded.contains(&r.element) {
                                (f.text, f.denominator) = texts(f.kind, f.single, r.value, lang);
                            }
                        }
                    }
                }
                self.refresh().await?;
                Ok(SaveResult::Conflict(form))
            }
        }
    }

    /// History of one value: who, when, old → new.
    pub async fn value_history(
        &self,
        code: &str,
        set_id: &str,
        element: &str,
        period_text: &str,
        lang: Lang,
    ) -> Result<ValueHistory, AppError> {
        let (_, unit_id, period) = self.entry_scope(code, set_id, period_text)?;
        let (label, unit, yes_no) = {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let e = set.element(element).ok_or(AppError::NotFound)?;
            let (_, unit, _) = field_kind(set, e);
            (label(set, e, lang), unit, yes_no(set, e))
        };
        let shown = |v: Option<Value>| v.map(|v| shown_value(v, lang));
        let rows = self.db.value_history(set_id, unit_id, element, &period.to_string()).await?;
        Ok(ValueHistory {
            label,
            unit,
            yes_no,
            rows: rows
                .into_iter()
                .map(|h| HistoryLine {
                    when: vietnam_time(h.at),
                    who: h.username.unwrap_or_else(|| "—".into()),
                    old: shown(h.old),
                    new: shown(h.new),
                    action: h.event.action().to_string(),
                    source: match &h.event {
                        ntm_domain::audit::Event::ValuesImported { source, .. } => Some(source.clone()),
                        _ => None,
                    },
                })
                .collect(),
        })
    }
}

/// A value's history as the page shows it, newest first.
#[derive(Serialize, Clone, Debug)]
pub struct ValueHistory {
    /// The indicator or raw element, with its id (`3.1 Tỷ lệ …`).
    pub label: String,
    /// Its unit of measure.
    pub unit: String,
    /// How its yes/no answers read.
    pub yes_no: YesNo,
    pub rows: Vec<HistoryLine>,
}

/// A value as the history shows it: a number as the page's language writes it (`72,5`), a
/// fraction (`72/100`), or a yes/no answer (worded by the page).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ShownValue {
    Number(String),
    Answer(bool),
}

/// One change of a value (`None`: no value).
#[derive(Serialize, Clone, Debug)]
pub struct HistoryLine {
    pub when: String,
    pub who: String,
    pub old: Option<ShownValue>,
    pub new: Option<ShownValue>,
    /// The change it was part of: its action code (`values.save`, `values.import`), and the
    /// file of an import.
    pub action: String,
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_ids_become_safe_html_ids() {
        assert_eq!(input_id("2.1.km_dat"), "f-2-1-km_dat");
        assert_eq!(input_id("10"), "f-10");
    }

    #[test]
    fn the_previous_period_of_a_year_is_the_year_before_and_of_a_quarter_the_quarter_before() {
        assert_eq!(previous_period(Period::Year(2024)), Some(Period::Year(2023)));
        assert_eq!(previous_period(Period::Quarter(2024, 3)), Some(Period::Quarter(2024, 2)));
        assert_eq!(previous_period(Period::Quarter(2024, 1)), Some(Period::Quarter(2023, 4)));
        assert_eq!(previous_period(Period::Year(1900)), None, "before the first year a period may name");
    }

    #[test]
    fn a_rate_in_one_box_keeps_a_fraction_whole_and_numbers_take_the_forms_decimal_mark() {
        let fraction = Some(Value::Fraction { num: 930, den: 1000 });
        assert_eq!(texts(FieldKind::Percent, false, fraction, Lang::Vi), ("930".into(), "1000".into()));
        assert_eq!(texts(FieldKind::Percent, true, fraction, Lang::Vi), ("930/1000".into(), String::new()));
        let number = Some(Value::Number(Ratio::parse_decimal("57.5").unwrap()));
        assert_eq!(texts(FieldKind::Percent, true, number, Lang::Vi).0, "57,5");
        assert_eq!(texts(FieldKind::Percent, true, number, Lang::En).0, "57.5");
    }

    #[test]
    fn a_typed_rate_that_disagrees_with_its_raw_figures_is_said_in_the_readers_numbers() {
        let n = |t: &str| Some(Value::Number(Ratio::parse_decimal(t).unwrap()));
        let typed = Value::Number(Ratio::integer(80));
        assert_eq!(
            disagreement(typed, n("23"), n("40"), "%", Lang::Vi),
            Some(FieldIssue::Disagrees {
                kind: FieldKind::Percent,
                typed: "80%".into(),
                computed: "23 / 40 = 57,5%".into()
            })
        );
        assert_eq!(
            disagreement(Value::Number(Ratio::parse_decimal("57.5").unwrap()), n("23"), n("40"), "%", Lang::En),
            None
        );
        assert_eq!(disagreement(typed, n("23"), None, "%", Lang::Vi), None, "one figure alone computes nothing");
        assert_eq!(disagreement(typed, n("23"), n("0"), "%", Lang::Vi), None, "nor a zero denominator");
    }
}
