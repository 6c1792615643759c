//! Criteria sets (bộ tiêu chí) as data: criteria, their indicators, thresholds by region or
//! commune group (and by year), each threshold with its legal source and how well it is verified.
//! Provincial overrides and illustrative demo thresholds are [`ThresholdLayer`]s laid over a set.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::lang::Lang;
use crate::period::Date;
use crate::ratio::Ratio;
use crate::unit::{Level, Unit, UnitKind, is_region};

/// How well a fact was checked against the official text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Confidence {
    /// Read in the official text or a source that quotes it.
    Verified,
    /// Read, but the host, attribution or comparator is uncertain.
    Partial,
    /// Best knowledge, not read in any source.
    Unverified,
}

impl Confidence {
    pub const fn code(&self) -> &'static str {
        match self {
            Confidence::Verified => "verified",
            Confidence::Partial => "partial",
            Confidence::Unverified => "unverified",
        }
    }

    pub fn from_code(code: &str) -> Option<Confidence> {
        match code {
            "verified" => Some(Confidence::Verified),
            "partial" => Some(Confidence::Partial),
            "unverified" => Some(Confidence::Unverified),
            _ => None,
        }
    }

    pub const fn is_verified(&self) -> bool {
        matches!(self, Confidence::Verified)
    }
}

/// How an indicator's value is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorKind {
    /// Met when the value equals `expected` (đạt / không đạt; for "nhà tạm, dột nát" the
    /// expected answer is "không").
    Boolean { expected: bool },
    /// Met when the value is at least the threshold.
    Min,
    /// Met when the value is at most the threshold.
    Max,
}

impl IndicatorKind {
    /// The code used in files and JSON: `boolean`, `min`, `max`.
    pub const fn code(&self) -> &'static str {
        match self {
            IndicatorKind::Boolean { .. } => "boolean",
            IndicatorKind::Min => "min",
            IndicatorKind::Max => "max",
        }
    }

    pub const fn is_numeric(&self) -> bool {
        !matches!(self, IndicatorKind::Boolean { .. })
    }
}

/// Which column of a threshold table applies: every unit, a region, or a commune group.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThresholdKey {
    All,
    Region(String),
    Group(u8),
}

impl ThresholdKey {
    /// Reads `all`, a region code (`tdmnpb`) or a group number (`1`, `nhom1`).
    pub fn parse(text: &str) -> Option<ThresholdKey> {
        let t = text.trim();
        if t == "all" {
            return Some(ThresholdKey::All);
        }
        if is_region(t) {
            return Some(ThresholdKey::Region(t.to_string()));
        }
        let digits = t.strip_prefix("nhom").unwrap_or(t);
        match digits {
            "1" => Some(ThresholdKey::Group(1)),
            "2" => Some(ThresholdKey::Group(2)),
            "3" => Some(ThresholdKey::Group(3)),
            _ => None,
        }
    }

    /// The key as written in files and JSON: `all`, `tdmnpb`, `1`.
    pub fn code(&self) -> String {
        match self {
            ThresholdKey::All => "all".into(),
            ThresholdKey::Region(r) => r.clone(),
            ThresholdKey::Group(g) => g.to_string(),
        }
    }
}

impl fmt::Display for ThresholdKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// One threshold value with its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub key: ThresholdKey,
    /// The year it applies to (income rises year by year); `None` for every year.
    pub year: Option<i32>,
    pub value: Ratio,
    pub confidence: Confidence,
    /// Where the number comes from: a decision, a source id (`S1`), the research trail.
    pub source: String,
    /// The source's English twin, where the source is more than a citation.
    pub source_en: Option<String>,
}

/// An indicator computed from two raw data elements (e.g. km hardened / km total), so that merged
/// units can later add up raw counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derivation {
    pub numerator: String,
    pub denominator: String,
}

/// A sub-indicator (chỉ tiêu).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    /// Unit of measure as shown to users: `%`, `triệu đồng/người/năm`, `đạt/không đạt`.
    pub unit: String,
    pub kind: IndicatorKind,
    pub thresholds: Vec<Threshold>,
    pub derived: Option<Derivation>,
    /// How well the indicator's wording is verified.
    pub confidence: Confidence,
    pub source: Option<String>,
    pub note: Option<String>,
    /// English twins of the source and the note (the files' own words).
    pub source_en: Option<String>,
    pub note_en: Option<String>,
}

impl Indicator {
    /// Whether values are percentages (plain numbers 0–100; fractions scaled by 100).
    pub fn is_percent(&self) -> bool {
        self.unit.trim() == "%"
    }
}

/// When a criterion counts as met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CriterionRule {
    /// Met when every indicator is met (the rule of QĐ 318 and QĐ 51).
    AllIndicators,
    /// Met when at least this many indicators are met, where a decision says so.
    AtLeast(u16),
}

/// A criterion (tiêu chí).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub group: Option<String>,
    pub rule: CriterionRule,
    pub indicators: Vec<Indicator>,
    /// The agency usually responsible (cơ quan phụ trách), as the set's data says.
    pub responsible: Option<String>,
    /// How well the responsible agency is verified.
    pub responsible_confidence: Option<Confidence>,
    pub confidence: Confidence,
    pub source: Option<String>,
    pub note: Option<String>,
    /// English twins of the responsible agency, the source and the note.
    pub responsible_en: Option<String>,
    pub source_en: Option<String>,
    pub note_en: Option<String>,
    /// A short name where people read many criteria at once (matrix headers, chart rows):
    /// "Thu nhập", "Môi trường, ATTP"; the name itself when the set gives none.
    pub short_name: Option<String>,
    pub short_name_en: Option<String>,
}

impl Criterion {
    /// The short name in `lang`, else the name.
    pub fn short(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => self.short_name.as_deref().unwrap_or(&self.name_vi),
            Lang::En => self.short_name_en.as_deref().unwrap_or(&self.name_en),
        }
    }
}

/// A raw data element declared by a set, from which indicators can be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawElement {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: String,
    /// A count (households, persons): it takes whole numbers only.
    pub count: bool,
}

/// Whether a set's thresholds are keyed by region (2021–2025) or commune group (2026–2030).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdScheme {
    Region,
    Group,
}

impl ThresholdScheme {
    pub const fn code(&self) -> &'static str {
        match self {
            ThresholdScheme::Region => "region",
            ThresholdScheme::Group => "group",
        }
    }
}

/// A rule that gives units with a flag another threshold column, e.g. xã đặc biệt khó khăn use
/// the northern-mountain (tdmnpb) thresholds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRule {
    pub flag: String,
    pub key: ThresholdKey,
    pub source: String,
    pub source_en: Option<String>,
    pub confidence: Confidence,
}

/// Descriptive fields of a set.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SetInfo {
    pub id: String,
    pub title_vi: String,
    pub title_en: String,
    /// The legal decision, e.g. "Quyết định 318/QĐ-TTg ngày 08/3/2022 (Phụ lục I)".
    pub legal_basis: String,
    pub legal_basis_en: Option<String>,
    /// The decision's number as cited (`318/QĐ-TTg`) and its annex (`I`), for short citations.
    pub decision: Option<String>,
    pub annex: Option<String>,
    /// The recognition level the set's standard stands for (`ntm` for the commune set, `ban-ntm`
    /// for a village set): which decisions recognise a unit as meeting it, and which roadmap
    /// rows `all` plan it. Data of the criteria file (`recognition_level`); none for a set that
    /// is no standard of its own.
    pub recognition_level: Option<crate::recognition::RecognitionLevel>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    /// Said on every view of the set (e.g. "structure only: the indicators are not yet known").
    pub note: Option<String>,
    pub note_en: Option<String>,
    /// The kinds of unit of its level the set judges (the xã sets: xã); empty for every kind.
    pub unit_kinds: Vec<UnitKind>,
    /// Where that comes from (the decision and what its title says), with its English twin.
    pub unit_kinds_source: Option<String>,
    pub unit_kinds_source_en: Option<String>,
}

/// Position of an indicator in a set's flat list of indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorIdx(pub u16);

/// Position of a data element (indicators first, then raw elements) in a set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementIdx(pub u16);

/// A validated criteria set.
#[derive(Clone, Debug)]
pub struct CriteriaSet {
    pub info: SetInfo,
    pub level: Level,
    pub scheme: ThresholdScheme,
    pub key_rules: Vec<KeyRule>,
    criteria: Vec<Criterion>,
    elements: Vec<RawElement>,
    /// For each flat indicator: (criterion position, position within the criterion).
    flat: Vec<(u16, u16)>,
    element_index: HashMap<String, ElementIdx>,
}

/// What is wrong with a set; `at` names the criterion, indicator or element.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("{at}: duplicate id")]
    DuplicateId { at: String },
    #[error("{at}: threshold key {key} does not fit a set keyed by {scheme}")]
    KeyScheme { at: String, key: String, scheme: &'static str },
    #[error("{at}: two thresholds for the same key {key} and year")]
    DuplicateThreshold { at: String, key: String },
    #[error("{at}: a yes/no indicator takes no numeric threshold")]
    BooleanWithThreshold { at: String },
    #[error("{at}: derived from unknown raw element {element}")]
    UnknownElement { at: String, element: String },
    #[error("{at}: only numeric indicators can be derived from raw elements")]
    DerivedBoolean { at: String },
    #[error("{at}: rule needs {needed} indicators met but the criterion has {available}")]
    RuleTooStrict { at: String, needed: u16, available: usize },
    #[error("{at}: a threshold value cannot be negative")]
    NegativeThreshold { at: String },
    #[error("{at}: a percentage threshold cannot exceed 100")]
    PercentOver100 { at: String },
    #[error("set has too many indicators or elements")]
    TooLarge,
    #[error("{at}: empty id or name")]
    Empty { at: String },
}

impl SetError {
    /// The criterion, indicator or element the error is about, as "criterion 2", "indicator 2.1".
    pub fn at(&self) -> Option<&str> {
        match self {
            SetError::DuplicateId { at }
            | SetError::KeyScheme { at, .. }
            | SetError::DuplicateThreshold { at, .. }
            | SetError::BooleanWithThreshold { at }
            | SetError::UnknownElement { at, .. }
            | SetError::DerivedBoolean { at }
            | SetError::RuleTooStrict { at, .. }
            | SetError::NegativeThreshold { at }
            | SetError::PercentOver100 { at }
            | SetError::Empty { at } => Some(at),
            SetError::TooLarge => None,
        }
    }
}

impl CriteriaSet {
    pub fn new(
        info: SetInfo,
        level: Level,
        scheme: ThresholdScheme,
        key_rules: Vec<KeyRule>,
        criteria: Vec<Criterion>,
        elements: Vec<RawElement>,
    ) -> Result<CriteriaSet, SetError> {
        if info.id.trim().is_empty() {
            return Err(SetError::Empty { at: "set".into() });
        }
        let mut flat = Vec::new();
        let mut element_index = HashMap::new();
        let mut criterion_ids = HashSet::new();
        for (ci, c) in criteria.iter().enumerate() {
            let at_c = format!("criterion {}", c.id);
            if c.id.trim().is_empty() || c.name_vi.trim().is_empty() {
                return Err(SetError::Empty { at: at_c });
            }
            if !criterion_ids.insert(c.id.as_str()) {
                return Err(SetError::DuplicateId { at: at_c });
            }
            if let CriterionRule::AtLeast(n) = c.rule
                && (usize::from(n) > c.indicators.len() || n == 0)
            {
                return Err(SetError::RuleTooStrict { at: at_c, needed: n, available: c.indicators.len() });
            }
            for (ii, ind) in c.indicators.iter().enumerate() {
                let at = format!("indicator {}", ind.id);
                if ind.id.trim().is_empty() || ind.name_vi.trim().is_empty() {
                    return Err(SetError::Empty { at });
                }
                let pos = u16::try_from(flat.len()).map_err(|_| SetError::TooLarge)?;
                if element_index.insert(ind.id.clone(), ElementIdx(pos)).is_some() {
                    return Err(SetError::DuplicateId { at });
                }
                validate_indicator(ind, scheme, &at)?;
                flat.push((
                    u16::try_from(ci).map_err(|_| SetError::TooLarge)?,
                    u16::try_from(ii).map_err(|_| SetError::TooLarge)?,
                ));
            }
        }
        for e in &elements {
            let at = format!("element {}", e.id);
            if e.id.trim().is_empty() {
                return Err(SetError::Empty { at });
            }
            let pos = u16::try_from(element_index.len()).map_err(|_| SetError::TooLarge)?;
            if element_index.insert(e.id.clone(), ElementIdx(pos)).is_some() {
                return Err(SetError::DuplicateId { at });
            }
        }
        let raw_ids: HashSet<&str> = elements.iter().map(|e| e.id.as_str()).collect();
        let mut used: HashSet<&str> = HashSet::new();
        for c in &criteria {
            for ind in &c.indicators {
                if let Some(d) = &ind.derived {
                    for part in [&d.numerator, &d.denominator] {
                        if !raw_ids.contains(part.as_str()) {
                            return Err(SetError::UnknownElement {
                                at: format!("indicator {}", ind.id),
                                element: part.clone(),
                            });
                        }
                        // One indicator per raw element, so that its owner (and who may enter it) is clear.
                        if !used.insert(part.as_str()) {
                            return Err(SetError::DuplicateId {
                                at: format!("element {part} (used by two indicators)"),
                            });
                        }
                    }
                }
            }
        }
        for r in &key_rules {
            check_key(&r.key, scheme, &format!("rule for flag {}", r.flag))?;
        }
        Ok(CriteriaSet { info, level, scheme, key_rules, criteria, elements, flat, element_index })
    }

    pub fn id(&self) -> &str {
        &self.info.id
    }

    /// Whether the set judges units of this kind: every kind when it names none; a unit whose
    /// kind is not known is judged (nothing says it is not one of them).
    pub fn judges_kind(&self, kind: Option<UnitKind>) -> bool {
        self.info.unit_kinds.is_empty() || kind.is_none_or(|k| self.info.unit_kinds.contains(&k))
    }

    /// Whether the set judges this unit: one of its level, of a kind it judges.
    pub fn applies_to(&self, unit: &Unit) -> bool {
        unit.level == self.level && self.judges_kind(unit.kind)
    }

    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    pub fn raw_elements(&self) -> &[RawElement] {
        &self.elements
    }

    /// Number of indicators over all criteria.
    pub fn indicator_count(&self) -> usize {
        self.flat.len()
    }

    /// Number of data elements: indicators then raw elements.
    pub fn element_count(&self) -> usize {
        self.element_index.len()
    }

    /// The indicator at a flat position.
    pub fn indicator(&self, idx: IndicatorIdx) -> &Indicator {
        let (c, i) = self.flat[usize::from(idx.0)];
        &self.criteria[usize::from(c)].indicators[usize::from(i)]
    }

    /// The criterion position an indicator belongs to.
    pub fn criterion_of(&self, idx: IndicatorIdx) -> usize {
        usize::from(self.flat[usize::from(idx.0)].0)
    }

    /// Flat indicator positions of criterion `ci`, in order.
    pub fn indicators_of(&self, ci: usize) -> std::ops::Range<usize> {
        let start = self.flat.iter().position(|&(c, _)| usize::from(c) == ci).unwrap_or(0);
        let len = self.criteria.get(ci).map_or(0, |c| c.indicators.len());
        start..start + len
    }

    pub fn element(&self, id: &str) -> Option<ElementIdx> {
        self.element_index.get(id).copied()
    }

    /// The indicator with this id, if the id names an indicator (not a raw element).
    pub fn indicator_by_id(&self, id: &str) -> Option<IndicatorIdx> {
        self.element(id).filter(|e| usize::from(e.0) < self.flat.len()).map(|e| IndicatorIdx(e.0))
    }

    /// What a data element is: an indicator, or a raw element.
    pub fn element_kind(&self, idx: ElementIdx) -> ElementRef<'_> {
        let i = usize::from(idx.0);
        if i < self.flat.len() {
            ElementRef::Indicator(self.indicator(IndicatorIdx(idx.0)))
        } else {
            ElementRef::Raw(&self.elements[i - self.flat.len()])
        }
    }

    /// The years for which values of this set make sense: five years around its effective
    /// dates (a baseline before, follow-up after), 2000–2100 where it has none.
    pub fn plausible_years(&self) -> std::ops::RangeInclusive<i32> {
        let from = self.info.effective_from.map_or(2000, |d| d.year() - 5);
        let to = self.info.effective_to.map_or(2100, |d| d.year() + 5);
        from..=to
    }

    /// The raw elements of every percentage computed from them: (numerator, denominator). A
    /// numerator above its denominator would be a rate over 100%.
    pub fn percent_pairs(&self) -> Vec<(ElementIdx, ElementIdx)> {
        self.criteria
            .iter()
            .flat_map(|c| &c.indicators)
            .filter(|i| i.is_percent())
            .filter_map(|i| i.derived.as_ref())
            .filter_map(|d| Some((self.element(&d.numerator)?, self.element(&d.denominator)?)))
            .collect()
    }

    /// Number of thresholds and how many of them are verified, over all indicators.
    pub fn threshold_counts(&self) -> (usize, usize) {
        let all = self.criteria.iter().flat_map(|c| &c.indicators).flat_map(|i| &i.thresholds);
        all.fold((0, 0), |(n, v), t| (n + 1, v + usize::from(t.confidence.is_verified())))
    }
}

/// A data element of a set.
#[derive(Clone, Copy, Debug)]
pub enum ElementRef<'a> {
    Indicator(&'a Indicator),
    Raw(&'a RawElement),
}

fn check_key(key: &ThresholdKey, scheme: ThresholdScheme, at: &str) -> Result<(), SetError> {
    let fits = matches!(
        (key, scheme),
        (ThresholdKey::All, _)
            | (ThresholdKey::Region(_), ThresholdScheme::Region)
            | (ThresholdKey::Group(_), ThresholdScheme::Group)
    );
    if fits { Ok(()) } else { Err(SetError::KeyScheme { at: at.into(), key: key.code(), scheme: scheme.code() }) }
}

fn validate_indicator(ind: &Indicator, scheme: ThresholdScheme, at: &str) -> Result<(), SetError> {
    if !ind.kind.is_numeric() {
        if !ind.thresholds.is_empty() {
            return Err(SetError::BooleanWithThreshold { at: at.into() });
        }
        if ind.derived.is_some() {
            return Err(SetError::DerivedBoolean { at: at.into() });
        }
    }
    let mut seen = HashSet::new();
    for t in &ind.thresholds {
        validate_threshold(ind, t, scheme, at)?;
        if !seen.insert((t.key.clone(), t.year)) {
            return Err(SetError::DuplicateThreshold { at: at.into(), key: t.key.code() });
        }
    }
    Ok(())
}

/// Checks one threshold against its indicator: key fits the scheme, value in range.
pub fn validate_threshold(ind: &Indicator, t: &Threshold, scheme: ThresholdScheme, at: &str) -> Result<(), SetError> {
    if !ind.kind.is_numeric() {
        return Err(SetError::BooleanWithThreshold { at: at.into() });
    }
    check_key(&t.key, scheme, at)?;
    if t.value.is_negative() {
        return Err(SetError::NegativeThreshold { at: at.into() });
    }
    if ind.is_percent() && t.value > Ratio::integer(100) {
        return Err(SetError::PercentOver100 { at: at.into() });
    }
    Ok(())
}

/// What kind of layer lies over a national set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerKind {
    /// A provincial decision or an administrator's correction, with its citation.
    Override,
    /// Demo only: fills thresholds the reference lacks, marked "ngưỡng minh họa" on every verdict.
    Illustrative,
}

impl LayerKind {
    pub const fn code(&self) -> &'static str {
        match self {
            LayerKind::Override => "override",
            LayerKind::Illustrative => "illustrative",
        }
    }
}

/// One threshold of a layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerEntry {
    pub indicator: String,
    pub threshold: Threshold,
}

/// Thresholds laid over a set without editing it. Later layers win over earlier ones; within a
/// layer the most specific key and year win.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThresholdLayer {
    pub id: String,
    pub set_id: String,
    pub kind: LayerKind,
    pub title: String,
    pub title_en: Option<String>,
    /// Unit code whose subtree the layer applies to (a province); `None` applies everywhere.
    pub scope: Option<String>,
    pub entries: Vec<LayerEntry>,
}

/// Why a layer does not fit its set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayerError {
    #[error("layer is for set {layer_set}, not {set}")]
    WrongSet { layer_set: String, set: String },
    #[error("entry {position}: unknown indicator {indicator}")]
    UnknownIndicator { position: usize, indicator: String },
    #[error("entry {position}: {source}")]
    Invalid { position: usize, source: SetError },
    #[error("entry {position}: the same indicator, key and year appear twice")]
    Duplicate { position: usize },
}

impl LayerError {
    /// The position (from 0) of the entry at fault, if the fault is one entry's.
    pub fn position(&self) -> Option<usize> {
        match self {
            LayerError::WrongSet { .. } => None,
            LayerError::UnknownIndicator { position, .. }
            | LayerError::Invalid { position, .. }
            | LayerError::Duplicate { position } => Some(*position),
        }
    }
}

impl ThresholdLayer {
    pub fn validate(&self, set: &CriteriaSet) -> Result<(), LayerError> {
        if self.set_id != set.id() {
            return Err(LayerError::WrongSet { layer_set: self.set_id.clone(), set: set.id().into() });
        }
        let mut seen = HashSet::new();
        for (position, e) in self.entries.iter().enumerate() {
            let idx = set
                .indicator_by_id(&e.indicator)
                .ok_or_else(|| LayerError::UnknownIndicator { position, indicator: e.indicator.clone() })?;
            let ind = set.indicator(idx);
            validate_threshold(ind, &e.threshold, set.scheme, &format!("indicator {}", ind.id))
                .map_err(|source| LayerError::Invalid { position, source })?;
            if !seen.insert((e.indicator.as_str(), e.threshold.key.clone(), e.threshold.year)) {
                return Err(LayerError::Duplicate { position });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::indicator;

    fn threshold(key: &str, value: i64) -> Threshold {
        Threshold {
            key: ThresholdKey::parse(key).unwrap(),
            year: None,
            value: Ratio::integer(value),
            confidence: Confidence::Verified,
            source: "test".into(),
            source_en: None,
        }
    }

    fn set_with(indicators: Vec<Indicator>) -> Result<CriteriaSet, SetError> {
        CriteriaSet::new(
            SetInfo { id: "t".into(), ..SetInfo::default() },
            Level::Commune,
            ThresholdScheme::Region,
            vec![],
            vec![Criterion {
                id: "1".into(),
                name_vi: "Tiêu chí".into(),
                name_en: "Criterion".into(),
                group: None,
                rule: CriterionRule::AllIndicators,
                indicators,
                responsible: None,
                responsible_confidence: None,
                confidence: Confidence::Verified,
                source: None,
                note: None,
                note_en: None,
                responsible_en: None,
                source_en: None,
                short_name: None,
                short_name_en: None,
            }],
            vec![],
        )
    }

    #[test]
    fn a_set_for_xa_judges_xa_and_communes_of_unknown_kind_only() {
        let mut set = set_with(vec![]).unwrap();
        let unit = |level, kind| Unit {
            code: "c".into(),
            name: "c".into(),
            level,
            parent: None,
            region: None,
            group: None,
            flags: vec![],
            valid_from: None,
            valid_to: None,
            kind,
        };
        assert!(set.applies_to(&unit(Level::Commune, Some(UnitKind::ThiTran))), "no kinds named: every kind");
        set.info.unit_kinds = vec![UnitKind::Xa];
        assert!(set.applies_to(&unit(Level::Commune, Some(UnitKind::Xa))));
        assert!(set.applies_to(&unit(Level::Commune, None)));
        assert!(!set.applies_to(&unit(Level::Commune, Some(UnitKind::ThiTran))));
        assert!(!set.applies_to(&unit(Level::Commune, Some(UnitKind::Phuong))));
        assert!(!set.applies_to(&unit(Level::District, None)), "another level");
    }

    #[test]
    fn keys_parse_regions_groups_and_all() {
        assert_eq!(ThresholdKey::parse("tdmnpb"), Some(ThresholdKey::Region("tdmnpb".into())));
        assert_eq!(ThresholdKey::parse("nhom3"), Some(ThresholdKey::Group(3)));
        assert_eq!(ThresholdKey::parse("2"), Some(ThresholdKey::Group(2)));
        assert_eq!(ThresholdKey::parse("all"), Some(ThresholdKey::All));
        assert_eq!(ThresholdKey::parse("mekong"), None);
        assert_eq!(ThresholdKey::parse("4"), None);
    }

    #[test]
    fn a_set_refuses_inconsistent_indicators() {
        let ok = set_with(vec![indicator("1.1", IndicatorKind::Min, "%", vec![threshold("tdmnpb", 80)])]);
        assert!(ok.is_ok());
        let dup = set_with(vec![
            indicator("1.1", IndicatorKind::Min, "%", vec![]),
            indicator("1.1", IndicatorKind::Min, "%", vec![]),
        ]);
        assert!(matches!(dup, Err(SetError::DuplicateId { .. })));
        let boolean =
            set_with(vec![indicator("1.1", IndicatorKind::Boolean { expected: true }, "", vec![threshold("all", 1)])]);
        assert!(matches!(boolean, Err(SetError::BooleanWithThreshold { .. })));
        let group_key = set_with(vec![indicator("1.1", IndicatorKind::Min, "%", vec![threshold("1", 80)])]);
        assert!(matches!(group_key, Err(SetError::KeyScheme { .. })));
        let over = set_with(vec![indicator("1.1", IndicatorKind::Min, "%", vec![threshold("all", 101)])]);
        assert!(matches!(over, Err(SetError::PercentOver100 { .. })));
        let twice =
            set_with(vec![indicator("1.1", IndicatorKind::Min, "%", vec![threshold("all", 1), threshold("all", 2)])]);
        assert!(matches!(twice, Err(SetError::DuplicateThreshold { .. })));
    }

    #[test]
    fn a_layer_must_name_known_numeric_indicators() {
        let set = set_with(vec![indicator("1.1", IndicatorKind::Min, "%", vec![])]).unwrap();
        let mut layer = ThresholdLayer {
            id: "lc".into(),
            set_id: "t".into(),
            kind: LayerKind::Override,
            title: "Lai Châu".into(),
            scope: Some("12".into()),
            entries: vec![LayerEntry { indicator: "1.1".into(), threshold: threshold("tdmnpb", 70) }],
            title_en: None,
        };
        assert_eq!(layer.validate(&set), Ok(()));
        layer.entries[0].indicator = "9.9".into();
        assert!(matches!(layer.validate(&set), Err(LayerError::UnknownIndicator { .. })));
        layer.set_id = "other".into();
        assert!(matches!(layer.validate(&set), Err(LayerError::WrongSet { .. })));
    }
}
