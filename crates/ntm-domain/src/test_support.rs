//! Builders for tests of this crate and of the crates above it (feature `test-support`): a
//! criteria set, its criteria, indicators and thresholds, and units, with the defaults tests
//! do not care about. Not part of the law.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::criteria::{
    Confidence, CriteriaSet, Criterion, CriterionRule, Indicator, IndicatorKind, KeyRule, RawElement, SetError,
    SetInfo, Threshold, ThresholdKey, ThresholdScheme,
};
use crate::ratio::Ratio;
use crate::time::Date;
use crate::unit::{Level, UnitDraft, UnitKind, UnitTree};

/// A threshold of `value` (a decimal with `.`) for `key`, in every year or one.
pub fn threshold(key: &str, year: Option<i32>, value: &str, confidence: Confidence) -> Threshold {
    Threshold {
        key: ThresholdKey::parse(key).expect("a threshold key"),
        year,
        value: Ratio::parse_decimal(value).expect("a decimal"),
        confidence,
        source: "test source".into(),
        source_en: None,
    }
}

/// Verified whole-number thresholds: `(key, year, value)`.
pub fn thresholds(list: &[(&str, Option<i32>, i64)]) -> Vec<Threshold> {
    list.iter().map(|&(key, year, value)| threshold(key, year, &value.to_string(), Confidence::Verified)).collect()
}

/// A verified indicator named after its id.
pub fn indicator(id: &str, kind: IndicatorKind, unit: &str, thresholds: Vec<Threshold>) -> Indicator {
    Indicator {
        id: id.into(),
        name_vi: format!("Chỉ tiêu {id}"),
        name_en: format!("Indicator {id}"),
        unit: unit.into(),
        kind,
        thresholds,
        derived: None,
        confidence: Confidence::Verified,
        source: None,
        note: None,
        source_en: None,
        note_en: None,
    }
}

/// A verified criterion named after its id.
pub fn criterion(id: &str, rule: CriterionRule, indicators: Vec<Indicator>) -> Criterion {
    Criterion {
        id: id.into(),
        name_vi: format!("Tiêu chí {id}"),
        name_en: format!("Criterion {id}"),
        group: None,
        rule,
        indicators,
        responsible: None,
        responsible_confidence: None,
        confidence: Confidence::Verified,
        source: None,
        note: None,
        responsible_en: None,
        source_en: None,
        note_en: None,
        short_name: None,
        short_name_en: None,
    }
}

/// A commune set `id` by region, or why it cannot be.
pub fn try_set(
    id: &str,
    criteria: Vec<Criterion>,
    elements: Vec<RawElement>,
    key_rules: Vec<KeyRule>,
) -> Result<CriteriaSet, SetError> {
    CriteriaSet::new(
        SetInfo { id: id.into(), title_vi: "Bộ thử".into(), ..SetInfo::default() },
        Level::Commune,
        ThresholdScheme::Region,
        key_rules,
        criteria,
        elements,
    )
}

/// A commune set `test-set` by region.
pub fn set(criteria: Vec<Criterion>, elements: Vec<RawElement>, key_rules: Vec<KeyRule>) -> CriteriaSet {
    try_set("test-set", criteria, elements, key_rules).expect("a valid set")
}

/// The commune set the early-warning tests share, standing for the NTM standard: 1 (yes/no
/// 1.1), 2 (2.1 ≥ 80 %), 10 (income ≥ 45, 48, 51 million đồng in 2024, 2025, 2026 and no
/// threshold in other years), 11 (poverty ≤ 5 %), 12 (12.1 with a threshold only in region dbsh).
pub fn warning_set() -> CriteriaSet {
    let yes_no = IndicatorKind::Boolean { expected: true };
    let income = [("all", Some(2024), 45), ("all", Some(2025), 48), ("all", Some(2026), 51)];
    let one = |id: &str, indicator: Indicator| criterion(id, CriterionRule::AllIndicators, vec![indicator]);
    let mut s = set(
        vec![
            one("1", indicator("1.1", yes_no, "đạt/không đạt", vec![])),
            one("2", indicator("2.1", IndicatorKind::Min, "%", thresholds(&[("all", None, 80)]))),
            one("10", indicator("10", IndicatorKind::Min, "triệu đồng/người/năm", thresholds(&income))),
            one("11", indicator("11", IndicatorKind::Max, "%", thresholds(&[("all", None, 5)]))),
            one("12", indicator("12.1", IndicatorKind::Min, "%", thresholds(&[("dbsh", None, 90)]))),
        ],
        vec![],
        vec![],
    );
    s.info.recognition_level = Some(crate::recognition::RecognitionLevel::Ntm);
    s
}

/// A unit with no region, group, flags or dates, named after its code.
pub fn unit(code: &str, level: Level, parent: Option<&str>) -> UnitDraft {
    UnitDraft {
        code: code.into(),
        name: format!("Unit {code}"),
        level,
        parent_code: parent.map(Into::into),
        region: None,
        group: None,
        flags: vec![],
        valid_from: None,
        valid_to: None,
        kind: None,
    }
}

/// A commune (xã) with a region and flags.
pub fn commune(code: &str, region: Option<&str>, flags: &[&str]) -> UnitDraft {
    UnitDraft {
        name: format!("Xã {code}"),
        region: region.map(Into::into),
        flags: flags.iter().map(|f| f.to_string()).collect(),
        kind: Some(UnitKind::Xa),
        ..unit(code, Level::Commune, None)
    }
}

/// The unit in force from `from` to `to` (ISO dates).
pub fn dated(draft: UnitDraft, from: Option<&str>, to: Option<&str>) -> UnitDraft {
    UnitDraft {
        valid_from: from.map(|d| Date::parse(d).expect("a date")),
        valid_to: to.map(|d| Date::parse(d).expect("a date")),
        ..draft
    }
}

/// A tree of these units, without lineage.
pub fn tree(drafts: Vec<UnitDraft>) -> UnitTree {
    UnitTree::build(drafts, vec![]).expect("a valid tree")
}

/// A date given as text (ISO or dd/mm/yyyy).
pub fn date(text: &str) -> Date {
    Date::parse(text).expect("a date")
}
