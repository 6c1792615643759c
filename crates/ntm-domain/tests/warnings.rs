#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Early warnings, as properties over random roadmaps, decisions and series: a better value never
//! brings a warning. Raising a minimum-kind value (or lowering a maximum-kind one) that stands for
//! the period, or every annual value of the indicator by the same amount, never adds a warning —
//! for that indicator or any other. (Raising only an *earlier* year's value can flatten the trend
//! and so bring an `off_pace` warning: the trend is a line through every year, not a ratchet; the
//! unit tests of `warning` show the rules one by one.)

use std::collections::BTreeSet;

use ntm_domain::recognition::Loss;
use ntm_domain::test_support::{commune, date, tree, warning_set};
use ntm_domain::warning::warnings;
use ntm_domain::*;
use proptest::prelude::*;

const YEARS: std::ops::RangeInclusive<i32> = 2020..=2024;

/// A random world: for each commune, each numeric indicator's value (in tenths) per year, or
/// none; the yes/no answer; roadmap rows; a decision with perhaps a loss.
#[derive(Clone, Debug)]
struct Case {
    /// [commune][indicator 2.1, 10, 11][year] in tenths.
    series: Vec<[Vec<Option<i64>>; 3]>,
    yes: Vec<Option<bool>>,
    /// (commune, criterion id or None for the standard, year)
    plans: Vec<(usize, Option<&'static str>, i32)>,
    /// (commune, decided year, lost year)
    decisions: Vec<(usize, i32, Option<i32>)>,
    /// The period: a year (0) or a quarter of 2024 (1–4; its values are the year's, entered for that quarter).
    quarter: u8,
    /// Which numeric indicator improves (0, 1, 2), by how much (tenths), and how.
    which: usize,
    delta: i64,
    everywhere: bool,
}

const COMMUNES: usize = 2;
const NUMERIC: [&str; 3] = ["2.1", "10", "11"];

fn case() -> impl Strategy<Value = Case> {
    let value = |hi: i64| proptest::option::weighted(0.85, 0..=hi);
    let series = (
        proptest::collection::vec(value(1000), YEARS.count()),
        proptest::collection::vec(value(700), YEARS.count()),
        proptest::collection::vec(value(200), YEARS.count()),
    )
        .prop_map(|(a, b, c)| [a, b, c]);
    let criteria = prop_oneof![Just(None), Just(Some("1")), Just(Some("2")), Just(Some("10")), Just(Some("11"))];
    (
        proptest::collection::vec(series, COMMUNES),
        proptest::collection::vec(proptest::option::of(any::<bool>()), COMMUNES),
        proptest::collection::vec((0..COMMUNES, criteria, 2021i32..=2031), 0..6),
        proptest::collection::vec((0..COMMUNES, 2019i32..=2025, proptest::option::of(2020i32..=2026)), 0..3),
        0u8..=4,
        0usize..3,
        0i64..=400,
        any::<bool>(),
    )
        .prop_map(|(series, yes, plans, decisions, quarter, which, delta, everywhere)| Case {
            series,
            yes,
            plans,
            decisions,
            quarter,
            which,
            delta,
            everywhere,
        })
}

fn period_of(case: &Case) -> Period {
    if case.quarter == 0 { Period::Year(2024) } else { Period::Quarter(2024, case.quarter) }
}

/// The period at which a year's value is entered: the year itself, or, for 2024 with a quarter
/// period, that quarter.
fn entered_at(case: &Case, year: i32) -> Period {
    if year == 2024 && case.quarter > 0 { Period::Quarter(2024, case.quarter) } else { Period::Year(year) }
}

fn put(values: &mut ValueTable, set: &CriteriaSet, unit: UnitIdx, element: &str, period: Period, value: Value) {
    let e = set.element(element).unwrap();
    values.set(unit, e, period, value.fit(set, e).unwrap()).unwrap();
}

/// The value in tenths, within what the indicator takes (a percentage up to 100).
fn tenths(which: usize, t: i64) -> Value {
    let t = if which == 1 { t.max(0) } else { t.clamp(0, 1000) };
    Value::Number(Ratio::new(t, 10).unwrap())
}

fn keys(case: &Case, series: &[[Vec<Option<i64>>; 3]]) -> BTreeSet<(&'static str, u32, Option<usize>, Option<u16>)> {
    let set = warning_set();
    let codes: Vec<String> = (0..COMMUNES).map(|i| format!("x{i}")).collect();
    let tree = tree(codes.iter().map(|c| commune(c, Some("tdmnpb"), &[])).collect());
    let unit = |i: usize| tree.latest(&codes[i]).unwrap();
    let mut values = ValueTable::new(set.element_count());
    for (c, per_indicator) in series.iter().enumerate() {
        for (which, by_year) in per_indicator.iter().enumerate() {
            for (year, v) in YEARS.zip(by_year) {
                if let Some(t) = v {
                    put(&mut values, &set, unit(c), NUMERIC[which], entered_at(case, year), tenths(which, *t));
                }
            }
        }
        if let Some(b) = case.yes[c] {
            put(&mut values, &set, unit(c), "1.1", entered_at(case, 2024), Value::Bool(b));
        }
    }
    let plans: Vec<Plan> = case
        .plans
        .iter()
        .map(|&(c, criterion, year)| Plan {
            id: 0,
            unit: unit(c),
            item: match criterion {
                Some(id) => PlanItem::Criterion { set_id: set.id().into(), criterion: id.into() },
                None => PlanItem::Standard(RecognitionLevel::Ntm),
            },
            planned_year: year,
            contents: String::new(),
            responsible: None,
            estimate: None,
        })
        .collect();
    let recognitions: Vec<Recognition> = case
        .decisions
        .iter()
        .map(|&(c, decided, lost)| Recognition {
            id: 0,
            unit: unit(c),
            level: RecognitionLevel::Ntm,
            decision: "QĐ".into(),
            decided_on: date(&format!("{decided}-06-30")),
            lost: lost
                .filter(|&l| l >= decided)
                .map(|l| Loss { on: date(&format!("{l}-12-31")), decision: "QĐ".into() }),
        })
        .collect();
    let period = period_of(case);
    let units: Vec<UnitIdx> = (0..COMMUNES).map(unit).collect();
    let evaluation = Evaluator::new(&set, vec![], &tree, &values, period).unwrap().run(&units);
    let inputs = WarningInputs {
        set: &set,
        layers: &[],
        tree: &tree,
        values: &values,
        evaluation: &evaluation,
        plans: &plans,
        recognitions: &recognitions,
    };
    warnings(&inputs, 2)
        .unwrap()
        .iter()
        .map(|w| (w.kind.code(), w.unit.0, w.criterion, w.indicator.map(|i| i.0)))
        .collect()
}

/// The series with the chosen indicator improved: the period's value (when there is one), or
/// every value; raised for a minimum, lowered for the maximum (indicator 11).
fn improved(case: &Case) -> Vec<[Vec<Option<i64>>; 3]> {
    let step = if case.which == 2 { -case.delta } else { case.delta };
    let mut series = case.series.clone();
    for per_indicator in &mut series {
        let by_year = &mut per_indicator[case.which];
        let last = by_year.len() - 1;
        for (i, v) in by_year.iter_mut().enumerate() {
            if let Some(t) = v
                && (case.everywhere || i == last)
            {
                // Kept within the indicator's range, as `tenths` keeps it: still no worse.
                *t = match case.which {
                    1 => (*t + step).max(0),
                    _ => (*t).clamp(0, 1000).saturating_add(step).clamp(0, 1000),
                };
            }
        }
    }
    series
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_better_value_never_adds_a_warning(case in case()) {
        let before = keys(&case, &case.series);
        let after = keys(&case, &improved(&case));
        let added: Vec<_> = after.difference(&before).collect();
        prop_assert!(added.is_empty(), "added {:?}\nbefore {:?}\nafter {:?}", added, before, after);
    }
}

#[test]
fn raising_an_earlier_year_alone_can_flatten_the_trend() {
    // 2.1 at 60, 70, 75 in 2022–2024, planned for 2025: the line reaches 80 in 2025 (slope 7.5).
    // Raising 2022 to 75 flattens it (slope 0): off pace. This is the trend's nature, not a bug.
    let mut case = Case {
        series: vec![[vec![None, None, Some(600), Some(700), Some(750)], vec![None; 5], vec![None; 5]]; COMMUNES],
        yes: vec![Some(true); COMMUNES],
        plans: vec![(0, Some("2"), 2025)],
        decisions: vec![],
        quarter: 0,
        which: 0,
        delta: 0,
        everywhere: false,
    };
    let before = keys(&case, &case.series);
    assert!(!before.iter().any(|k| k.0 == "off_pace"), "{before:?}");
    case.series[0][0][2] = Some(750);
    let after = keys(&case.clone(), &case.series);
    assert!(after.iter().any(|k| k.0 == "off_pace"), "{after:?}");
}
