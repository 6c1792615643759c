//! The thresholds area. An administrator adds or corrects a threshold, with its citation: checked against the set,
//! stored in a layer of that set (one per set and scope), audited, applied at once.

use ntm_domain::{Action, Confidence, Lang, Ratio, Threshold, ThresholdKey, can};
use ntm_io::Problem;
use ntm_store::{LayerEntryRecord, LayerRecord};

use crate::{App, AppError, User};

/// What the form posted.
#[derive(Clone, Debug, Default)]
pub struct ThresholdForm {
    pub indicator: String,
    pub key: String,
    pub year: String,
    pub value: String,
    pub citation: String,
    pub scope: String,
}

/// The longest citation a threshold correction may carry.
pub const MAX_CITATION_CHARS: usize = ntm_io::text::Bound::Citation.max();

/// What is wrong with one field of the posted form; the page words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThresholdIssue {
    /// No indicator with this id in the set.
    UnknownIndicator(String),
    /// A problem of the kind files report (an unknown key or unit, a number, the set's rules),
    /// worded by `ntm_io`.
    Input(Problem),
    /// Not a year (1900–2100).
    BadYear,
    /// A number as the form's language writes it could not be read (the reason, worded).
    BadNumber(String),
    CitationRequired,
    /// A citation longer than [`MAX_CITATION_CHARS`] (a decision, its article, a page: never more).
    CitationTooLong,
    /// The scope is a unit but not a province.
    NotAProvince(String),
    /// The set has as many threshold layers as it may.
    TooManyLayers,
}

/// One problem of the posted form, with the form field it belongs to (`indicator`, `key`,
/// `year`, `value`, `citation` or `scope`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThresholdProblem {
    pub field: &'static str,
    pub issue: ThresholdIssue,
}

/// The layer an administrator's threshold goes to: corrections of the national value, or one
/// province's own values; always of one set.
pub fn layer_id(set_id: &str, scope: &str) -> String {
    if scope.is_empty() { format!("hieu-chinh:{set_id}") } else { format!("dieu-chinh-{scope}:{set_id}") }
}

impl App {
    /// Checks every field; stores the threshold if all are right, else returns every problem.
    /// The value is read as a number of the form's language (`72,5` in Vietnamese).
    pub async fn set_threshold(
        &self,
        user: &User,
        set_id: &str,
        f: &ThresholdForm,
        lang: Lang,
    ) -> Result<Vec<ThresholdProblem>, AppError> {
        let mut errors = Vec::new();
        let mut problem = |field: &'static str, issue: ThresholdIssue| errors.push(ThresholdProblem { field, issue });
        let (layer, entry) = {
            let live = self.live();
            if !can(Some(&user.principal), Action::EditThresholds, &live.tree, false) {
                return Err(AppError::Forbidden);
            }
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let idx = set.indicator_by_id(&f.indicator);
            if idx.is_none() {
                problem("indicator", ThresholdIssue::UnknownIndicator(f.indicator.clone()));
            }
            let key = ThresholdKey::parse(&f.key);
            if key.is_none() {
                problem("key", ThresholdIssue::Input(Problem::UnknownKey(f.key.clone())));
            }
            let year = if f.year.is_empty() {
                Some(0)
            } else {
                f.year.parse::<i64>().ok().filter(|y| (1900..=2100).contains(y))
            };
            if year.is_none() {
                problem("year", ThresholdIssue::BadYear);
            }
            let value_text = ntm_io::text::form_number(&f.value, lang);
            let value = match &value_text {
                Ok(t) => match Ratio::parse_decimal(t) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        problem("value", ThresholdIssue::Input(Problem::BadNumber(f.value.clone(), e)));
                        None
                    }
                },
                Err(message) => {
                    problem("value", ThresholdIssue::BadNumber(message.clone()));
                    None
                }
            };
            if f.citation.is_empty() {
                problem("citation", ThresholdIssue::CitationRequired);
            } else if ntm_io::text::bounded(&f.citation, ntm_io::text::Bound::Citation).is_err() {
                problem("citation", ThresholdIssue::CitationTooLong);
            }
            if !f.scope.is_empty() {
                match live.tree.latest(&f.scope) {
                    None => problem("scope", ThresholdIssue::Input(Problem::UnknownUnit(f.scope.clone()))),
                    Some(u) if live.tree.unit(u).level != ntm_domain::Level::Province => {
                        problem("scope", ThresholdIssue::NotAProvince(f.scope.clone()))
                    }
                    Some(_) => {}
                }
            }
            let layers = live.catalog.layers_for(set_id);
            if layers.len() >= ntm_domain::evaluate::MAX_LAYERS
                && !layers.iter().any(|l| l.id == layer_id(set_id, &f.scope))
            {
                problem("scope", ThresholdIssue::TooManyLayers);
            }
            if let (Some(idx), Some(k), Some(y), Some(v)) = (idx, key.clone(), year, value) {
                let threshold = Threshold {
                    key: k,
                    year: i32::try_from(y).ok().filter(|y| *y != 0),
                    value: v,
                    confidence: Confidence::Verified,
                    source: f.citation.clone(),
                    source_en: None,
                };
                if let Err(e) =
                    ntm_domain::criteria::validate_threshold(set.indicator(idx), &threshold, set.scheme, &f.indicator)
                {
                    problem("value", ThresholdIssue::Input(Problem::Set(e)));
                }
            }
            (
                LayerRecord {
                    id: 0,
                    layer_id: layer_id(set_id, &f.scope),
                    set_id: set_id.to_string(),
                    kind: "override".into(),
                    // An administrator's layers have no title of their own: the pages name them
                    // by their kind and scope, in the reader's language.
                    title: String::new(),
                    title_en: String::new(),
                    scope_code: f.scope.clone(),
                    entries: vec![],
                },
                LayerEntryRecord {
                    indicator: f.indicator.clone(),
                    key: key.map(|k| k.code()).unwrap_or_default(),
                    year: year.unwrap_or(0),
                    value_text: value_text.unwrap_or_default(),
                    confidence: "verified".into(),
                    source: f.citation.clone(),
                    // A citation is a legal text, shown as it is written.
                    source_en: String::new(),
                },
            )
        };
        if errors.is_empty() {
            self.db.set_layer_threshold(&layer, &entry, Some(user.id)).await?;
            self.refresh().await?;
        }
        Ok(errors)
    }
}
