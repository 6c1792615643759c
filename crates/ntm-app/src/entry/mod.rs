//! The entry area. Data entry: the form of one unit and period (indicators grouped by criterion, raw elements
//! under the indicator they feed), checked field by field, saved all-or-nothing with audit, and
//! refused when someone else changed a field since the form was shown.

pub mod import;

use std::collections::HashMap;

use ntm_domain::{Action, CriteriaSet, ElementIdx, ElementRef, IndicatorKind, Lang, Period, Value, can};
use ntm_io::error::value_error;
use ntm_io::text::{form_number, form_number_shown};
use ntm_store::{SaveOutcome, ValueEdit, ValueRecord};
use serde::Serialize;

use crate::page::{Context, UnitRef, context};
use crate::{App, AppError, User};
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
    pub error: Option<String>,
    /// Raw data element feeding an indicator.
    pub raw: bool,
    /// "admin, 01/07/2025 14:05" of the last change.
    pub last_change: Option<String>,
    pub yes_no: YesNo,
}

#[derive(Serialize, Clone, Debug)]
pub struct EntryGroup {
    pub criterion: String,
    pub name: String,
    pub editable: bool,
    pub fields: Vec<EntryField>,
}

#[derive(Serialize, Clone, Debug)]
pub struct FieldError {
    pub input_id: String,
    pub label: String,
    pub message: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ConflictView {
    pub input_id: String,
    pub label: String,
    pub their_value: String,
    pub by: String,
    pub at: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct EntryForm {
    pub ctx: Context,
    pub unit: UnitRef,
    pub period: String,
    pub groups: Vec<EntryGroup>,
    pub errors: Vec<FieldError>,
    pub conflicts: Vec<ConflictView>,
    pub saved: Option<usize>,
    pub can_save: bool,
    /// The values shown are what was typed in a submit that could not be saved (the session
    /// had expired or changed): not saved yet.
    pub restored: bool,
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

/// Turns what was posted into a value (`None` = no value), or an error message.
fn read_field(
    kind: FieldKind,
    f: &SubmittedField,
    set: &CriteriaSet,
    e: ElementIdx,
    lang: Lang,
) -> Result<Option<Value>, String> {
    let text = f.text.trim();
    let den = f.denominator.trim();
    let parsed = match kind {
        FieldKind::Boolean => match text {
            "" => return Ok(None),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::parse(other).map_err(|e| value_error(&e, lang))?,
        },
        FieldKind::Percent => match (text.is_empty(), den.is_empty()) {
            (true, true) => return Ok(None),
            (true, false) => return Err(value_error(&ntm_domain::ValueError::NumeratorMissing, lang)),
            (false, true) => Value::parse(&form_number(text, lang)?).map_err(|e| value_error(&e, lang))?,
            // Each part read as a number of the form's language, so that a thousands mark
            // (`1.000` in Vietnamese) is refused rather than read as 1.
            (false, false) => Value::parse(&format!("{}/{}", form_number(text, lang)?, form_number(den, lang)?))
                .map_err(|e| value_error(&e, lang))?,
        },
        FieldKind::Number => {
            if text.is_empty() {
                return Ok(None);
            }
            Value::parse(&form_number(text, lang)?).map_err(|e| value_error(&e, lang))?
        }
    };
    parsed.fit(set, e).map(Some).map_err(|e| value_error(&e, lang))
}

/// Puts a problem beside a field of the form and in its summary.
fn flag_field(form: &mut EntryForm, element: &str, message: String) {
    if let Some(f) = form.groups.iter_mut().flat_map(|g| g.fields.iter_mut()).find(|f| f.element == element) {
        form.errors.push(FieldError { input_id: f.input_id.clone(), label: f.label.clone(), message: message.clone() });
        f.error = Some(message);
    }
}

/// A stored value as the form shows it, in the form's language (`4,512` in Vietnamese), so that
/// sending it back unchanged reads as the same number.
fn texts(kind: FieldKind, v: Option<Value>, lang: Lang) -> (String, String) {
    match (kind, v) {
        (_, None) => (String::new(), String::new()),
        (FieldKind::Percent, Some(Value::Fraction { num, den })) => (num.to_string(), den.to_string()),
        (_, Some(v @ Value::Number(_))) => (form_number_shown(&v.to_string(), lang), String::new()),
        (_, Some(v)) => (v.to_string(), String::new()),
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
        if live.tree.unit(idx).level != set.level {
            return Err(AppError::NotFound);
        }
        let id = live.unit_id(idx).ok_or(AppError::NotFound)?;
        Ok((idx, id, period))
    }

    /// The form as shown, with the stored values (or, after a failed save, what was posted).
    async fn build_form(
        &self,
        code: &str,
        set_id: &str,
        period_text: &str,
        user: &User,
        posted: Option<&HashMap<String, SubmittedField>>,
        lang: Lang,
    ) -> Result<(EntryForm, Vec<ValueRecord>), AppError> {
        let (idx, unit_id, period) = self.entry_scope(code, set_id, period_text)?;
        let stored = self.db.unit_values(set_id, unit_id, &period.to_string()).await?;
        let users: HashMap<i64, String> = self.db.users().await?.into_iter().map(|u| (u.id, u.username)).collect();
        let live = self.live();
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let by_element: HashMap<&str, &ValueRecord> = stored.iter().map(|r| (r.element.as_str(), r)).collect();
        let mut groups = Vec::new();
        let mut any_editable = false;
        for c in set.criteria() {
            let editable = can(
                Some(&user.principal),
                Action::EditValue { unit: idx, set: set.id(), criterion: Some(&c.id) },
                &live.tree,
                self.config.public_read,
            );
            any_editable |= editable;
            let mut elements: Vec<String> = Vec::new();
            for i in &c.indicators {
                elements.push(i.id.clone());
                if let Some(d) = &i.derived {
                    elements.push(d.numerator.clone());
                    elements.push(d.denominator.clone());
                }
            }
            let fields = elements
                .iter()
                .filter_map(|el| {
                    let e = set.element(el)?;
                    let (kind, unit, _) = field_kind(set, e);
                    let record = by_element.get(el.as_str());
                    let stored_value = record.and_then(|r| r.value);
                    let sent = posted.and_then(|p| p.get(el));
                    let (text, denominator) = match sent {
                        Some(f) => (f.text.clone(), f.denominator.clone()),
                        None => texts(kind, stored_value, lang),
                    };
                    // A posted field keeps the version it was typed against, so that saving it
                    // again still notices someone else's change made in between.
                    let (original, revision) = match sent.filter(|f| f.revision >= 0) {
                        Some(f) => (f.original.clone(), f.revision),
                        None => {
                            (stored_value.map(|v| v.to_string()).unwrap_or_default(), record.map_or(0, |r| r.revision))
                        }
                    };
                    Some(EntryField {
                        element: el.clone(),
                        input_id: input_id(el),
                        label: label(set, e, lang),
                        unit,
                        kind,
                        text,
                        denominator,
                        original,
                        revision,
                        editable,
                        error: None,
                        raw: matches!(set.element_kind(e), ElementRef::Raw(_)),
                        last_change: record.filter(|r| r.value.is_some() || r.revision > 0).map(|r| {
                            let who = r.updated_by.and_then(|u| users.get(&u).cloned()).unwrap_or_else(|| "—".into());
                            format!("{who}, {}", vietnam_time(r.updated_at))
                        }),
                        yes_no: yes_no(set, e),
                    })
                })
                .collect();
            groups.push(EntryGroup {
                criterion: c.id.clone(),
                name: lang.pick(&c.name_vi, &c.name_en).to_string(),
                editable,
                fields,
            });
        }
        let unit = live.tree.unit(idx);
        let form = EntryForm {
            ctx: context(self, &live, set, period, lang),
            unit: UnitRef { code: unit.code.clone(), name: unit.name.clone(), level: unit.level.code() },
            period: period.to_string(),
            groups,
            errors: Vec::new(),
            conflicts: Vec::new(),
            saved: None,
            can_save: any_editable,
            restored: false,
        };
        Ok((form, stored))
    }

    /// The form of one unit and period.
    pub async fn entry_form(
        &self,
        code: &str,
        set_id: &str,
        period: &str,
        user: &User,
        lang: Lang,
    ) -> Result<EntryForm, AppError> {
        Ok(self.build_form(code, set_id, period, user, None, lang).await?.0)
    }

    /// The form with what was typed in a submit that could not be saved (an expired or changed
    /// session), to check and save again; nothing is saved or checked here.
    pub async fn restored_entry_form(
        &self,
        code: &str,
        set_id: &str,
        period: &str,
        user: &User,
        posted: &HashMap<String, SubmittedField>,
        lang: Lang,
    ) -> Result<EntryForm, AppError> {
        let (mut form, _) = self.build_form(code, set_id, period, user, Some(posted), lang).await?;
        form.restored = true;
        Ok(form)
    }

    /// Saves a posted form: every field is checked; if any is wrong, or any changed field was
    /// changed by someone else since the form was shown, nothing is saved.
    pub async fn save_entry(
        &self,
        code: &str,
        set_id: &str,
        period_text: &str,
        user: &User,
        posted: HashMap<String, SubmittedField>,
        lang: Lang,
    ) -> Result<SaveResult, AppError> {
        let (mut form, stored) = self.build_form(code, set_id, period_text, user, Some(&posted), lang).await?;
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
                    match read_field(f.kind, sub, set, e, lang) {
                        Err(message) => {
                            form.errors.push(FieldError {
                                input_id: f.input_id.clone(),
                                label: f.label.clone(),
                                message: message.clone(),
                            });
                            f.error = Some(message);
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
        // The raw numerator of a percentage may not exceed its denominator, as they will stand.
        {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let originals: HashMap<String, String> =
                form.groups.iter().flat_map(|g| &g.fields).map(|f| (f.element.clone(), f.original.clone())).collect();
            let standing = |element: &str| -> Option<Value> {
                match edits.iter().find(|e| e.element == element) {
                    Some(e) => e.new,
                    None => originals.get(element).filter(|o| !o.is_empty()).and_then(|o| Value::parse(o).ok()),
                }
            };
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
                    && d == ntm_domain::Ratio::integer(0)
                    && edits.iter().any(|e| e.element == den_r.id)
                {
                    flag_field(&mut form, &den_r.id, value_error(&ntm_domain::ValueError::ZeroDenominator, lang));
                }
                if let (Some(Value::Number(n)), Some(Value::Number(d))) = (num, den)
                    && n > d
                {
                    flag_field(
                        &mut form,
                        &num_r.id,
                        value_error(&ntm_domain::ValueError::NumeratorOverDenominator, lang),
                    );
                }
            }
        }
        if !form.errors.is_empty() {
            return Ok(SaveResult::Invalid(form));
        }
        let guarded: Vec<String>;
        // The unchanged partner of a changed numerator or denominator goes with the save as a
        // guard (same value, the version it was shown at): if someone changed it since, the save
        // is a conflict, so the pair checked above is the pair that will stand.
        {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let mut guards = Vec::new();
            for (num_e, den_e) in set.percent_pairs() {
                let (ElementRef::Raw(num_r), ElementRef::Raw(den_r)) =
                    (set.element_kind(num_e), set.element_kind(den_e))
                else {
                    continue;
                };
                for (changed, partner) in [(&num_r.id, &den_r.id), (&den_r.id, &num_r.id)] {
                    let edited = |id: &String| edits.iter().any(|e| &e.element == id);
                    if !edited(changed) || edited(partner) {
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
                let (mut fresh, _) = self.build_form(code, set_id, period_text, user, None, lang).await?;
                fresh.saved = Some(changed);
                Ok(SaveResult::Saved(fresh))
            }
            SaveOutcome::Conflict(current) => {
                let users: HashMap<i64, String> =
                    self.db.users().await?.into_iter().map(|u| (u.id, u.username)).collect();
                for r in &current {
                    let label = form
                        .groups
                        .iter()
                        .flat_map(|g| &g.fields)
                        .find(|f| f.element == r.element)
                        .map(|f| f.label.clone());
                    form.conflicts.push(ConflictView {
                        input_id: input_id(&r.element),
                        label: label.unwrap_or_else(|| r.element.clone()),
                        their_value: r.value.map(|v| v.to_string()).unwrap_or_else(|| "—".into()),
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
                                (f.text, f.denominator) = texts(f.kind, r.value, lang);
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
        let (label, unit, kind, yes_no) = {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let e = set.element(element).ok_or(AppError::NotFound)?;
            let (kind, unit, _) = field_kind(set, e);
            (label(set, e, lang), unit, kind, yes_no(set, e))
        };
        let shown = |v: Option<Value>| -> Option<ShownValue> {
            Some(match v? {
                Value::Bool(b) => ShownValue::Answer(b),
                Value::Number(r) if kind != FieldKind::Boolean => ShownValue::Number(lang.number_places(r, 9)),
                v => ShownValue::Number(v.to_string()),
            })
        };
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
}
