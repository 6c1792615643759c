#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity,
    clippy::cast_possible_truncation
)]

//! Evaluation tests: each indicator kind and threshold rule by example, then properties checked
//! against an independent oracle written here with plain integers.

use ntm_domain::*;
use proptest::prelude::*;

use ntm_domain::test_support::{commune, criterion, indicator, set, threshold};

fn put(values: &mut ValueTable, set: &CriteriaSet, unit: u32, element: &str, period: &str, value: &str) {
    let e = set.element(element).unwrap();
    let v = Value::parse(value).unwrap().fit(set, e).unwrap();
    values.set(UnitIdx(unit), e, Period::parse(period).unwrap(), v).unwrap();
}

fn road_set() -> CriteriaSet {
    set(
        vec![
            criterion(
                "2",
                CriterionRule::AllIndicators,
                vec![
                    indicator(
                        "2.1",
                        IndicatorKind::Min,
                        "%",
                        vec![
                            threshold("tdmnpb", None, "75", Confidence::Verified),
                            threshold("all", None, "100", Confidence::Unverified),
                        ],
                    ),
                    indicator("2.2", IndicatorKind::Boolean { expected: true }, "đạt/không đạt", vec![]),
                ],
            ),
            criterion(
                "10",
                CriterionRule::AllIndicators,
                vec![indicator(
                    "10",
                    IndicatorKind::Min,
                    "triệu đồng/người/năm",
                    vec![
                        threshold("tdmnpb", Some(2024), "45", Confidence::Unverified),
                        threshold("tdmnpb", Some(2025), "48", Confidence::Unverified),
                    ],
                )],
            ),
            criterion(
                "15",
                CriterionRule::AllIndicators,
                vec![indicator(
                    "15.3",
                    IndicatorKind::Max,
                    "%",
                    vec![threshold("tdmnpb", None, "24", Confidence::Partial)],
                )],
            ),
        ],
        vec![],
        vec![KeyRule {
            flag: "dbkk".into(),
            key: ThresholdKey::Region("tdmnpb".into()),
            source: "S2".into(),
            confidence: Confidence::Verified,
            source_en: None,
        }],
    )
}

#[test]
fn the_issue_example_is_explained_with_its_arithmetic() {
    let set = road_set();
    let tree = UnitTree::build(vec![commune("03412", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "2.1", "2024", "72/100");
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let v = ev.verdict(UnitIdx(0), set.indicator_by_id("2.1").unwrap());
    assert_eq!(v.status, Status::NotMet);
    assert_eq!(v.explanation(Lang::Vi), "72/100 = 72% < 75% (vùng TDMNPB) → chưa đạt");
    assert_eq!(v.explanation(Lang::En), "72/100 = 72% < 75% (region TDMNPB) → not met");
    assert_eq!(v.threshold_code(), ">= 75");
    assert!(v.threshold_verified());
}

#[test]
fn region_threshold_beats_the_common_one_and_unverified_is_said() {
    let set = road_set();
    let tree =
        UnitTree::build(vec![commune("a", Some("tdmnpb"), &[]), commune("b", Some("dbsh"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "2.1", "2024", "80");
    put(&mut values, &set, 1, "2.1", "2024", "80");
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let idx = set.indicator_by_id("2.1").unwrap();
    assert_eq!(ev.verdict(UnitIdx(0), idx).status, Status::Met);
    let b = ev.verdict(UnitIdx(1), idx);
    assert_eq!(b.status, Status::NotMet, "dbsh has no own value, so the common 100% applies");
    assert!(!b.threshold_verified());
    assert!(b.explanation(Lang::Vi).contains("ngưỡng chưa kiểm chứng"), "{}", b.explanation(Lang::Vi));
}

#[test]
fn yearly_thresholds_apply_by_year_and_an_unconfigured_year_is_missing_not_guessed() {
    let set = road_set();
    let tree = UnitTree::build(vec![commune("a", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    for (p, v) in [("2024", "46"), ("2025", "46"), ("2023", "46")] {
        put(&mut values, &set, 0, "10", p, v);
    }
    let idx = set.indicator_by_id("10").unwrap();
    let status =
        |year| Evaluator::new(&set, vec![], &tree, &values, Period::Year(year)).unwrap().verdict(UnitIdx(0), idx);
    assert_eq!(status(2024).status, Status::Met);
    assert_eq!(status(2025).status, Status::NotMet);
    let y2023 = status(2023);
    assert_eq!(y2023.status, Status::Missing);
    assert_eq!(y2023.missing, Some(MissingReason::NoThreshold));
    assert!(y2023.explanation(Lang::Vi).contains("chưa cấu hình ngưỡng cho vùng TDMNPB năm 2023"));
    assert!(y2023.explanation(Lang::En).contains("never guessed"));
}

#[test]
fn rounding_never_makes_a_verdict_read_as_its_opposite() {
    let set = road_set();
    let tree = UnitTree::build(vec![commune("a", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "2.1", "2024", "74999/100000");
    let v = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024))
        .unwrap()
        .verdict(UnitIdx(0), set.indicator_by_id("2.1").unwrap());
    assert_eq!(v.status, Status::NotMet);
    assert_eq!(v.explanation(Lang::Vi), "74,999% < 75% (vùng TDMNPB) → chưa đạt");
}

#[test]
fn a_maximum_is_met_at_or_below_its_ceiling() {
    let set = road_set();
    let tree =
        UnitTree::build(vec![commune("a", Some("tdmnpb"), &[]), commune("b", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "15.3", "2024", "24");
    put(&mut values, &set, 1, "15.3", "2024", "241/1000");
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let idx = set.indicator_by_id("15.3").unwrap();
    assert_eq!(ev.verdict(UnitIdx(0), idx).status, Status::Met);
    let b = ev.verdict(UnitIdx(1), idx);
    assert_eq!(b.status, Status::NotMet);
    assert_eq!(b.explanation(Lang::Vi), "241/1000 = 24,1% > 24% (vùng TDMNPB; ngưỡng chưa kiểm chứng) → chưa đạt");
    // Beside its short citation (which says how sure the threshold is), a page does not say it twice.
    assert_eq!(b.explanation_beside_citation(Lang::Vi), "241/1000 = 24,1% > 24% (vùng TDMNPB) → chưa đạt");
    assert_eq!(b.explanation_beside_citation(Lang::En), "241/1000 = 24.1% > 24% (region TDMNPB) → not met");
}

#[test]
fn a_special_commune_uses_the_northern_mountain_column_by_rule() {
    let set = road_set();
    let tree = UnitTree::build(vec![commune("a", Some("dbsh"), &["dbkk"])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "2.1", "2024", "80");
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let v = ev.verdict(UnitIdx(0), set.indicator_by_id("2.1").unwrap());
    assert_eq!(v.status, Status::Met);
    assert_eq!(v.key, Some(ThresholdKey::Region("tdmnpb".into())));
    assert!(v.explanation(Lang::Vi).contains("DBKK áp dụng mức vùng TDMNPB"));
}

#[test]
fn a_yes_no_indicator_compares_with_its_expected_answer() {
    let mut no_houses = indicator("9.1", IndicatorKind::Boolean { expected: false }, "có/không", vec![]);
    no_houses.confidence = Confidence::Unverified;
    let set = set(vec![criterion("9", CriterionRule::AllIndicators, vec![no_houses])], vec![], vec![]);
    let tree = UnitTree::build(vec![commune("a", None, &[]), commune("b", None, &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "9.1", "2024", "không");
    put(&mut values, &set, 1, "9.1", "2024", "1");
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let idx = set.indicator_by_id("9.1").unwrap();
    assert_eq!(ev.verdict(UnitIdx(0), idx).status, Status::Met);
    let b = ev.verdict(UnitIdx(1), idx);
    assert_eq!(b.status, Status::NotMet);
    assert_eq!(b.explanation(Lang::Vi), "có (yêu cầu: không) (chỉ tiêu chưa kiểm chứng) → chưa đạt");
    assert_eq!(b.threshold_code(), "= false");
}

#[test]
fn a_year_falls_back_to_its_latest_quarter_and_says_so() {
    let set = road_set();
    let tree = UnitTree::build(vec![commune("a", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "2.1", "2024Q2", "70");
    put(&mut values, &set, 0, "2.1", "2024Q3", "76");
    put(&mut values, &set, 0, "2.1", "2023", "99");
    let idx = set.indicator_by_id("2.1").unwrap();
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let v = ev.verdict(UnitIdx(0), idx);
    assert_eq!(v.status, Status::Met);
    assert!(v.explanation(Lang::Vi).starts_with("số liệu quý 3/2024: 76%"), "{}", v.explanation(Lang::Vi));
    let mut q2 = Evaluator::new(&set, vec![], &tree, &values, Period::Quarter(2024, 2)).unwrap();
    assert_eq!(q2.verdict(UnitIdx(0), idx).status, Status::NotMet);
    let mut q1 = Evaluator::new(&set, vec![], &tree, &values, Period::Quarter(2024, 1)).unwrap();
    assert_eq!(q1.verdict(UnitIdx(0), idx).missing, Some(MissingReason::NoValue), "2023 is not carried into 2024");
}

#[test]
fn a_derived_indicator_divides_its_raw_elements_and_a_zero_denominator_is_missing() {
    let mut roads = indicator("2.1", IndicatorKind::Min, "%", vec![threshold("all", None, "75", Confidence::Verified)]);
    roads.derived = Some(Derivation { numerator: "km_cung".into(), denominator: "km_tong".into() });
    let raw = |id: &str| RawElement {
        id: id.into(),
        name_vi: id.into(),
        name_en: id.into(),
        unit: "km".into(),
        count: false,
    };
    let set = set(
        vec![criterion("2", CriterionRule::AllIndicators, vec![roads])],
        vec![raw("km_cung"), raw("km_tong")],
        vec![],
    );
    let tree = UnitTree::build(vec![commune("a", None, &[]), commune("b", None, &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 0, "km_cung", "2024", "72.5");
    put(&mut values, &set, 0, "km_tong", "2024", "100");
    put(&mut values, &set, 1, "km_cung", "2024", "0");
    put(&mut values, &set, 1, "km_tong", "2024", "0");
    let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
    let idx = set.indicator_by_id("2.1").unwrap();
    let a = ev.verdict(UnitIdx(0), idx);
    assert_eq!(a.status, Status::NotMet);
    assert_eq!(a.explanation(Lang::Vi), "72,5 km / 100 km = 72,5% < 75% (áp dụng chung) → chưa đạt");
    let b = ev.verdict(UnitIdx(1), idx);
    assert_eq!((b.status, b.missing), (Status::Missing, Some(MissingReason::ZeroDenominator)));
}

#[test]
fn layers_override_the_national_value_in_their_scope_only() {
    let set = road_set();
    let mut province = commune("12", Some("tdmnpb"), &[]);
    province.level = Level::Province;
    let mut inside = commune("03412", None, &[]);
    inside.parent_code = Some("12".into());
    let tree = UnitTree::build(vec![province, inside, commune("x", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    put(&mut values, &set, 1, "2.1", "2024", "72");
    put(&mut values, &set, 2, "2.1", "2024", "72");
    let lai_chau = ThresholdLayer {
        id: "lai-chau".into(),
        set_id: "test-set".into(),
        kind: LayerKind::Override,
        title: "QĐ 1285/QĐ-UBND tỉnh Lai Châu".into(),
        scope: Some("12".into()),
        entries: vec![LayerEntry {
            indicator: "2.1".into(),
            threshold: threshold("all", None, "70", Confidence::Verified),
        }],
        title_en: None,
    };
    let demo = ThresholdLayer {
        id: "demo".into(),
        set_id: "test-set".into(),
        kind: LayerKind::Illustrative,
        title: "Demo".into(),
        scope: None,
        entries: vec![LayerEntry {
            indicator: "10".into(),
            threshold: threshold("all", None, "40", Confidence::Verified),
        }],
        title_en: None,
    };
    let mut ev = Evaluator::new(&set, vec![&lai_chau, &demo], &tree, &values, Period::Year(2024)).unwrap();
    let idx = set.indicator_by_id("2.1").unwrap();
    let inside = ev.verdict(UnitIdx(1), idx);
    assert_eq!(inside.status, Status::Met);
    assert!(inside.explanation(Lang::Vi).contains("theo QĐ 1285/QĐ-UBND tỉnh Lai Châu"));
    assert_eq!(ev.verdict(UnitIdx(2), idx).status, Status::NotMet);
    put(&mut values, &set, 2, "10", "2023", "41");
    let mut y2023 = Evaluator::new(&set, vec![&lai_chau, &demo], &tree, &values, Period::Year(2023)).unwrap();
    let income = y2023.verdict(UnitIdx(2), set.indicator_by_id("10").unwrap());
    assert_eq!(income.status, Status::Met);
    assert!(!income.threshold_verified(), "an illustrative threshold is never verified");
    assert!(income.explanation(Lang::Vi).contains("ngưỡng minh họa"));
}

#[test]
fn a_criterion_rule_of_at_least_n_is_decided_when_it_can_be() {
    use Status::*;
    use ntm_domain::evaluate::criterion_status;
    let rule = CriterionRule::AtLeast(2);
    assert_eq!(criterion_status(rule, [Met, Met, NotMet]), Met);
    assert_eq!(criterion_status(rule, [Met, NotMet, NotMet]), NotMet);
    assert_eq!(criterion_status(rule, [Met, Missing, NotMet]), Missing);
    assert_eq!(criterion_status(CriterionRule::AllIndicators, [Met, Missing]), Missing);
    assert_eq!(criterion_status(CriterionRule::AllIndicators, [Missing, NotMet]), NotMet);
    assert_eq!(criterion_status(CriterionRule::AllIndicators, []), Missing);
}

#[test]
fn rollups_count_units_criteria_and_the_average() {
    let set = road_set();
    let tree =
        UnitTree::build(vec![commune("a", Some("tdmnpb"), &[]), commune("b", Some("tdmnpb"), &[])], vec![]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    for u in 0..2 {
        put(&mut values, &set, u, "2.1", "2024", "80");
        put(&mut values, &set, u, "2.2", "2024", "đạt");
        put(&mut values, &set, u, "10", "2024", "50");
    }
    put(&mut values, &set, 0, "15.3", "2024", "10");
    let units = [UnitIdx(0), UnitIdx(1)];
    let eval = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap().run(&units);
    assert!(eval.standard_met(0));
    assert!(!eval.standard_met(1));
    let r = Rollup::of_positions(&eval, 0..2);
    assert_eq!((r.units, r.standard_met, r.criteria_met_sum), (2, 1, 5));
    assert_eq!(r.average_criteria_met(), Some(Ratio::new(5, 2).unwrap()));
    assert_eq!(r.per_criterion[2], StatusCount { met: 1, not_met: 0, missing: 1 });
}

// ---------------------------------------------------------------------------------------------
// Properties against an independent oracle.

#[derive(Clone, Debug)]
enum K {
    Bool(bool),
    Min,
    Max,
}

#[derive(Clone, Debug)]
struct Spec {
    /// Per criterion: rule threshold (0 = all) and indicators (kind, percent, thresholds (key, year, value)).
    criteria: Vec<(u16, Vec<(K, bool, Vec<(u8, Option<i32>, i64)>)>)>,
    /// Which numeric indicators (by flat position) are derived from a raw numerator and denominator.
    derived: Vec<bool>,
    /// Raw figures of derived indicators: (unit, indicator flat position, period slot, year offset,
    /// numerator, denominator).
    raw: Vec<(usize, usize, u8, i32, i64, i64)>,
    /// Per unit: region (0 none, 1 tdmnpb, 2 dbsh), dbkk flag, and kind (0 unknown, 1 xã, 2 thị
    /// trấn, 3 phường).
    units: Vec<(u8, bool, u8)>,
    /// The kinds the set judges: 0 every kind, 1 xã, 2 xã and phường.
    set_kinds: u8,
    /// (unit, indicator flat position, period code 0 = year, 1..4 quarter, year offset, value n, d, as fraction)
    values: Vec<(usize, usize, u8, i32, i64, i64, bool)>,
    year: i32,
    quarter: u8,
    /// Threshold layers, applied in order (later over earlier): scope (a unit, or every unit) and
    /// entries (indicator flat position, key, year, value).
    layers: Vec<(Option<usize>, Vec<(usize, u8, Option<i32>, i64)>)>,
}

const KEYS: [&str; 3] = ["all", "tdmnpb", "dbsh"];

fn spec() -> impl Strategy<Value = Spec> {
    let kind = prop_oneof![any::<bool>().prop_map(K::Bool), Just(K::Min), Just(K::Max)];
    let thr = (0u8..3, prop_oneof![Just(None), (2023i32..=2024).prop_map(Some)], 0i64..120);
    let ind = (kind, any::<bool>(), prop::collection::vec(thr, 0..4));
    let crit = (0u16..3, prop::collection::vec(ind, 1..4));
    (prop::collection::vec(crit, 1..4), prop::collection::vec((0u8..3, any::<bool>(), 0u8..4), 1..5), 0u8..3)
        .prop_flat_map(|(criteria, units, set_kinds)| {
            let n_ind: usize = criteria.iter().map(|c| c.1.len()).sum();
            let n_units = units.len();
            let value = (0..n_units, 0..n_ind, 0u8..5, 0i32..2, 0i64..150, 1i64..150, any::<bool>());
            let entry = (0..n_ind, 0u8..3, prop_oneof![Just(None), (2023i32..=2024).prop_map(Some)], 0i64..120);
            let layer = (prop::option::of(0..n_units), prop::collection::vec(entry, 1..4));
            let raw = (0..n_units, 0..n_ind, 0u8..5, 0i32..2, 0i64..150, 1i64..150);
            (
                Just(criteria),
                Just((units, set_kinds)),
                prop::collection::vec(value, 0..40),
                2023i32..=2024,
                0u8..5,
                prop::collection::vec(layer, 0..3),
                prop::collection::vec(any::<bool>(), n_ind),
                prop::collection::vec(raw, 0..30),
            )
        })
        .prop_map(|(criteria, (units, set_kinds), values, year, quarter, layers, derived, raw)| Spec {
            criteria,
            units,
            set_kinds,
            values,
            year,
            quarter,
            layers,
            derived,
            raw,
        })
}

struct Built {
    set: CriteriaSet,
    tree: UnitTree,
    values: ValueTable,
    period: Period,
    layers: Vec<ThresholdLayer>,
}

fn build(s: &Spec) -> Option<Built> {
    let mut criteria = Vec::new();
    let mut raw_elements = Vec::new();
    let mut n = 0;
    for (ci, (rule, inds)) in s.criteria.iter().enumerate() {
        let mut indicators = Vec::new();
        for (kind, percent, thrs) in inds {
            let kind = match kind {
                K::Bool(e) => IndicatorKind::Boolean { expected: *e },
                K::Min => IndicatorKind::Min,
                K::Max => IndicatorKind::Max,
            };
            let mut thresholds: Vec<Threshold> = Vec::new();
            if kind.is_numeric() {
                for &(k, year, v) in thrs {
                    let v = if *percent { v.min(100) } else { v };
                    // Some thresholds unverified, so that the marking of verdicts is exercised too.
                    let confidence = if v % 3 == 0 { Confidence::Unverified } else { Confidence::Verified };
                    let t = threshold(KEYS[usize::from(k)], year, &v.to_string(), confidence);
                    if !thresholds.iter().any(|o| o.key == t.key && o.year == t.year) {
                        thresholds.push(t);
                    }
                }
            }
            let mut ind = indicator(&format!("{ci}.{n}"), kind, if *percent { "%" } else { "điểm" }, thresholds);
            if n % 2 == 1 {
                ind.confidence = Confidence::Partial;
            }
            if kind.is_numeric() && s.derived.get(n).copied().unwrap_or(false) {
                let (num, den) = (format!("r{n}.tu"), format!("r{n}.mau"));
                for id in [&num, &den] {
                    raw_elements.push(RawElement {
                        id: id.clone(),
                        name_vi: id.clone(),
                        name_en: id.clone(),
                        unit: "hộ".into(),
                        count: false,
                    });
                }
                ind.derived = Some(Derivation { numerator: num, denominator: den });
            }
            indicators.push(ind);
            n += 1;
        }
        let rule = if *rule == 0 || usize::from(*rule) > indicators.len() {
            CriterionRule::AllIndicators
        } else {
            CriterionRule::AtLeast(*rule)
        };
        criteria.push(criterion(&ci.to_string(), rule, indicators));
    }
    let mut set = set(
        criteria,
        raw_elements,
        vec![KeyRule {
            flag: "dbkk".into(),
            key: ThresholdKey::Region("tdmnpb".into()),
            source: "S2".into(),
            confidence: Confidence::Verified,
            source_en: None,
        }],
    );
    set.info.unit_kinds = match s.set_kinds {
        0 => vec![],
        1 => vec![UnitKind::Xa],
        _ => vec![UnitKind::Xa, UnitKind::Phuong],
    };
    let drafts = s
        .units
        .iter()
        .enumerate()
        .map(|(i, (r, dbkk, kind))| {
            let region = match r {
                1 => Some("tdmnpb"),
                2 => Some("dbsh"),
                _ => None,
            };
            let kind = [None, Some(UnitKind::Xa), Some(UnitKind::ThiTran), Some(UnitKind::Phuong)][usize::from(*kind)];
            UnitDraft { kind, ..commune(&format!("u{i}"), region, if *dbkk { &["dbkk"] } else { &[] }) }
        })
        .collect();
    let tree = UnitTree::build(drafts, vec![]).ok()?;
    let mut values = ValueTable::new(set.element_count());
    for &(u, i, slot, yoff, a, b, fraction) in &s.values {
        let year = 2023 + yoff;
        let period = if slot == 0 { Period::Year(year) } else { Period::Quarter(year, slot) };
        let idx = IndicatorIdx(u16::try_from(i).ok()?);
        let ind = set.indicator(idx);
        let value = match ind.kind {
            IndicatorKind::Boolean { .. } => Value::Bool(a % 2 == 0),
            _ if fraction => Value::Fraction { num: if ind.is_percent() { a.min(b) } else { a }, den: b },
            _ => Value::Number(Ratio::integer(if ind.is_percent() { a.min(100) } else { a })),
        };
        let value = value.fit(&set, ElementIdx(idx.0)).ok()?;
        values.set(UnitIdx(u32::try_from(u).ok()?), ElementIdx(idx.0), period, value).ok()?;
    }
    for &(u, i, slot, yoff, num, den) in &s.raw {
        let ind = set.indicator(IndicatorIdx(u16::try_from(i).ok()?));
        let Some(d) = &ind.derived else { continue };
        let year = 2023 + yoff;
        let period = if slot == 0 { Period::Year(year) } else { Period::Quarter(year, slot) };
        let unit = UnitIdx(u32::try_from(u).ok()?);
        // A percentage's numerator stays within its denominator, as the readers require.
        let num = if ind.is_percent() { num.min(den) } else { num };
        values.set(unit, set.element(&d.numerator)?, period, Value::Number(Ratio::integer(num))).ok()?;
        values.set(unit, set.element(&d.denominator)?, period, Value::Number(Ratio::integer(den))).ok()?;
    }
    let period = if s.quarter == 0 { Period::Year(s.year) } else { Period::Quarter(s.year, s.quarter) };
    let mut layers = Vec::new();
    for (li, (scope, entries)) in s.layers.iter().enumerate() {
        let mut out: Vec<LayerEntry> = Vec::new();
        for &(i, k, year, v) in entries {
            let ind = set.indicator(IndicatorIdx(u16::try_from(i).ok()?));
            if !ind.kind.is_numeric() {
                continue;
            }
            let v = if ind.is_percent() { v.min(100) } else { v };
            let t = threshold(KEYS[usize::from(k)], year, &v.to_string(), Confidence::Verified);
            if !out.iter().any(|e| e.indicator == ind.id && e.threshold.key == t.key && e.threshold.year == t.year) {
                out.push(LayerEntry { indicator: ind.id.clone(), threshold: t });
            }
        }
        layers.push(ThresholdLayer {
            id: format!("L{li}"),
            set_id: "test-set".into(),
            kind: LayerKind::Override,
            title: format!("Lớp {li}"),
            scope: scope.map(|u| format!("u{u}")),
            entries: out,
            title_en: None,
        });
    }
    Some(Built { set, tree, values, period, layers })
}

/// Whether the set judges a unit: it names no kinds, or the unit's kind is one of them, or the
/// unit's kind is not known.
fn oracle_judged(b: &Built, u: UnitIdx) -> bool {
    let kinds = &b.set.info.unit_kinds;
    match b.tree.unit(u).kind {
        None => true,
        Some(k) => kinds.is_empty() || kinds.contains(&k),
    }
}

/// The oracle: a direct reading of DESIGN.md §4 with plain integer arithmetic.
fn oracle_indicator(b: &Built, unit: usize, i: usize) -> Status {
    let ind = b.set.indicator(IndicatorIdx(i as u16));
    let u = b.tree.unit(UnitIdx(unit as u32));
    let year = b.period.year();
    // 1. the value: own slot, else latest earlier quarter of the same year
    let candidates: Vec<Period> = match b.period {
        Period::Year(y) => vec![
            Period::Year(y),
            Period::Quarter(y, 4),
            Period::Quarter(y, 3),
            Period::Quarter(y, 2),
            Period::Quarter(y, 1),
        ],
        Period::Quarter(y, q) => (1..=q).rev().map(|k| Period::Quarter(y, k)).collect(),
    };
    // At the first period of the chain that has one: the indicator's own value, else (for a
    // derived indicator) its raw numerator and denominator, both at that period.
    let at = |p: Period, e: ElementIdx| b.values.get(UnitIdx(unit as u32), e, p);
    let raw = |p: Period| -> Option<Value> {
        let d = ind.derived.as_ref()?;
        let (Some(Value::Number(n)), Some(Value::Number(dd))) =
            (at(p, b.set.element(&d.numerator)?), at(p, b.set.element(&d.denominator)?))
        else {
            return None;
        };
        // As a fraction of whole numbers (the raw figures here are whole).
        Some(Value::Fraction { num: n.numerator(), den: dd.numerator() })
    };
    let Some(value) = candidates.iter().find_map(|p| at(*p, ElementIdx(i as u16)).or_else(|| raw(*p))) else {
        return Status::Missing;
    };
    if let IndicatorKind::Boolean { expected } = ind.kind {
        let Value::Bool(v) = value else {
            return Status::Missing;
        };
        return if v == expected { Status::Met } else { Status::NotMet };
    }
    // 2. the key: dbkk → tdmnpb, else own region
    let key = if u.has_flag("dbkk") { Some("tdmnpb".to_string()) } else { u.region.clone() };
    // 3. the threshold, in a list: key+year, key, all+year, all. The last layer that applies to
    //    the unit (every unit, or this one) and has one wins; else the set's own.
    let best = |list: Vec<&Threshold>| -> Option<Threshold> {
        let find =
            |k: &str, y: Option<i32>| list.iter().find(|t| t.key.code() == k && t.year == y).map(|t| (*t).clone());
        key.as_deref()
            .and_then(|k| find(k, Some(year)).or_else(|| find(k, None)))
            .or_else(|| find("all", Some(year)))
            .or_else(|| find("all", None))
    };
    let from_layers = b
        .layers
        .iter()
        .rev()
        .filter(|l| l.scope.as_ref().is_none_or(|code| *code == u.code))
        .find_map(|l| best(l.entries.iter().filter(|e| e.indicator == ind.id).map(|e| &e.threshold).collect()));
    let Some(t) = from_layers.or_else(|| best(ind.thresholds.iter().collect())) else { return Status::Missing };
    let (tn, td) = (t.value.numerator() as i128, t.value.denominator() as i128);
    // value as n/d in the indicator's measure
    let (n, d) = match value {
        Value::Number(r) => (r.numerator() as i128, r.denominator() as i128),
        Value::Fraction { num, den } => (num as i128 * if ind.is_percent() { 100 } else { 1 }, den as i128),
        Value::Bool(_) => return Status::Missing,
    };
    let ok = match ind.kind {
        IndicatorKind::Min => n * td >= tn * d,
        _ => n * td <= tn * d,
    };
    if ok { Status::Met } else { Status::NotMet }
}

fn oracle_criterion(b: &Built, unit: usize, ci: usize) -> Status {
    let c = &b.set.criteria()[ci];
    let range = b.set.indicators_of(ci);
    let statuses: Vec<Status> = range.map(|i| oracle_indicator(b, unit, i)).collect();
    let met = statuses.iter().filter(|s| **s == Status::Met).count();
    let missing = statuses.iter().filter(|s| **s == Status::Missing).count();
    let need = match c.rule {
        CriterionRule::AllIndicators => statuses.len(),
        CriterionRule::AtLeast(n) => n as usize,
    };
    if met >= need {
        Status::Met
    } else if met + missing < need {
        Status::NotMet
    } else {
        Status::Missing
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_agrees_with_the_oracle(s in spec()) {
        let built = build(&s);
        prop_assume!(built.is_some(), "a spec the tree or the values refuse");
        let Some(b) = built else { return Ok(()) };
        let all: Vec<UnitIdx> = (0..b.tree.len()).map(|i| UnitIdx(i as u32)).collect();
        let mut ev = Evaluator::new(&b.set, b.layers.iter().collect(), &b.tree, &b.values, b.period).unwrap();
        let eval = ev.run(&all);
        // Only the units of a kind the set judges are evaluated (a unit of unknown kind is).
        let units: Vec<UnitIdx> = all.iter().copied().filter(|&u| oracle_judged(&b, u)).collect();
        prop_assert_eq!(eval.units(), &units[..]);
        for (pos, &u) in units.iter().enumerate() {
            let unit = u.0 as usize;
            for i in 0..b.set.indicator_count() {
                let idx = IndicatorIdx(i as u16);
                let want = oracle_indicator(&b, unit, i);
                prop_assert_eq!(eval.indicator_status(pos, idx), want, "unit {} indicator {}", pos, i);
                prop_assert_eq!(ev.verdict(u, idx).status, want, "detailed verdict differs");
            }
            let mut met = 0;
            for ci in 0..b.set.criteria().len() {
                let want = oracle_criterion(&b, unit, ci);
                prop_assert_eq!(eval.criterion_status(pos, ci), want);
                met += usize::from(want == Status::Met);
            }
            prop_assert_eq!(eval.criteria_met(pos), met);
            // a criterion is marked unverified iff one of its detailed verdicts is
            for ci in 0..b.set.criteria().len() {
                let any = b.set.indicators_of(ci).any(|i| !ev.verdict(u, IndicatorIdx(i as u16)).threshold_verified());
                prop_assert_eq!(ev.criterion_unverified(u, ci), any, "unit {} criterion {}", pos, ci);
            }
            // a unit meets the standard iff every criterion is met
            prop_assert_eq!(eval.standard_met(pos), met == b.set.criteria().len());
        }
    }

    #[test]
    fn missing_never_counts_as_met(s in spec()) {
        let built = build(&s);
        prop_assume!(built.is_some(), "a spec the tree or the values refuse");
        let Some(b) = built else { return Ok(()) };
        let units: Vec<UnitIdx> = (0..b.tree.len()).map(|i| UnitIdx(i as u32)).collect();
        let eval = Evaluator::new(&b.set, b.layers.iter().collect(), &b.tree, &b.values, b.period).unwrap().run(&units);
        for pos in 0..eval.units().len() {
            for (ci, c) in b.set.criteria().iter().enumerate() {
                if c.rule == CriterionRule::AllIndicators
                    && b.set.indicators_of(ci).any(|i| eval.indicator_status(pos, IndicatorIdx(i as u16)) == Status::Missing)
                {
                    prop_assert_ne!(eval.criterion_status(pos, ci), Status::Met);
                }
            }
            let counted = eval.criteria_statuses(pos).iter().filter(|s| **s == Status::Met).count();
            prop_assert_eq!(eval.criteria_met(pos), counted);
        }
    }

    #[test]
    fn raising_a_minimum_value_never_turns_met_into_not_met(value in 0i64..=100, raise in 0i64..=100, t in 0i64..=100) {
        let set = set(
            vec![criterion("1", CriterionRule::AllIndicators, vec![
                indicator("1.1", IndicatorKind::Min, "%", vec![threshold("all", None, &t.to_string(), Confidence::Verified)]),
                indicator("1.2", IndicatorKind::Max, "%", vec![threshold("all", None, &t.to_string(), Confidence::Verified)]),
            ])],
            vec![],
            vec![],
        );
        let tree = UnitTree::build(vec![commune("a", None, &[])], vec![]).unwrap();
        let judge = |v: i64| {
            let mut values = ValueTable::new(set.element_count());
            put(&mut values, &set, 0, "1.1", "2024", &v.to_string());
            put(&mut values, &set, 0, "1.2", "2024", &v.to_string());
            let mut ev = Evaluator::new(&set, vec![], &tree, &values, Period::Year(2024)).unwrap();
            (ev.verdict(UnitIdx(0), IndicatorIdx(0)).status, ev.verdict(UnitIdx(0), IndicatorIdx(1)).status)
        };
        let higher = (value + raise).min(100);
        let (min_before, max_before) = judge(value);
        let (min_after, max_after) = judge(higher);
        if min_before == Status::Met { prop_assert_eq!(min_after, Status::Met); }
        // and for a maximum, lowering never hurts: if the higher value meets it, the lower does
        if max_after == Status::Met { prop_assert_eq!(max_before, Status::Met); }
    }
}
