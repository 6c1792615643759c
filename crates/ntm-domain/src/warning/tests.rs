//! Each rule of the early warnings at its boundaries.

use super::*;
use crate::recognition::Loss;
use crate::roadmap::PlanItem;
use crate::test_support::{commune, date, tree, warning_set};
use crate::value::Value;

struct World {
    set: CriteriaSet,
    tree: UnitTree,
    values: ValueTable,
    plans: Vec<Plan>,
    recognitions: Vec<Recognition>,
}

/// Communes a, b, c in region tdmnpb, no values, no plans, no decisions.
fn world() -> World {
    let set = warning_set();
    let tree = tree(["a", "b", "c"].iter().map(|c| commune(c, Some("tdmnpb"), &[])).collect());
    let values = ValueTable::new(set.element_count());
    World { set, tree, values, plans: vec![], recognitions: vec![] }
}

impl World {
    fn u(&self, code: &str) -> UnitIdx {
        self.tree.latest(code).unwrap()
    }

    fn put(&mut self, unit: &str, element: &str, period: &str, value: &str) {
        let e = self.set.element(element).unwrap();
        let v = Value::parse(value).unwrap().fit(&self.set, e).unwrap();
        let u = self.u(unit);
        self.values.set(u, e, Period::parse(period).unwrap(), v).unwrap();
    }

    /// Criterion 1 met, 2.1 at `road`, income 50, poverty 3, 12.1 at 95 (no threshold).
    fn fill(&mut self, unit: &str, period: &str, road: &str) {
        self.put(unit, "1.1", period, "đạt");
        self.put(unit, "2.1", period, road);
        self.put(unit, "10", period, "50");
        self.put(unit, "11", period, "3");
        self.put(unit, "12.1", period, "95");
    }

    fn plan(&mut self, unit: &str, criterion: Option<&str>, year: i32) {
        let item = match criterion {
            Some(c) => PlanItem::Criterion { set_id: self.set.id().into(), criterion: c.into() },
            None => PlanItem::Standard(RecognitionLevel::Ntm),
        };
        let unit = self.u(unit);
        self.plans.push(Plan {
            id: 0,
            unit,
            item,
            planned_year: year,
            contents: String::new(),
            responsible: None,
            estimate: None,
        });
    }

    fn recognise(&mut self, unit: &str, level: RecognitionLevel, on: &str, lost: Option<&str>) {
        let unit = self.u(unit);
        self.recognitions.push(Recognition {
            id: 0,
            unit,
            level,
            decision: "QĐ 1/QĐ-UBND".into(),
            decided_on: date(on),
            lost: lost.map(|l| Loss { on: date(l), decision: String::new() }),
        });
    }

    fn warnings_on(&self, period: &str, threads: usize) -> Vec<Warning> {
        let period = Period::parse(period).unwrap();
        let units: Vec<UnitIdx> = self.tree.iter().map(|(i, _)| i).collect();
        let evaluation = Evaluator::new(&self.set, vec![], &self.tree, &self.values, period).unwrap().run(&units);
        let inputs = WarningInputs {
            set: &self.set,
            layers: &[],
            tree: &self.tree,
            values: &self.values,
            evaluation: &evaluation,
            plans: &self.plans,
            recognitions: &self.recognitions,
        };
        warnings(&inputs, threads).unwrap()
    }

    fn warnings(&self, period: &str) -> Vec<Warning> {
        self.warnings_on(period, 1)
    }

    /// (kind, unit code, criterion id or "all", indicator id) of each warning.
    fn keys(&self, period: &str) -> Vec<(&'static str, String, String, Option<String>)> {
        self.warnings(period)
            .iter()
            .map(|w| {
                let criterion = w.criterion.map_or("all".to_string(), |c| self.set.criteria()[c].id.clone());
                let indicator = w.indicator.map(|i| self.set.indicator(i).id.clone());
                (w.kind.code(), self.tree.unit(w.unit).code.clone(), criterion, indicator)
            })
            .collect()
    }
}

fn key(
    kind: &'static str,
    unit: &str,
    criterion: &str,
    indicator: Option<&str>,
) -> (&'static str, String, String, Option<String>) {
    (kind, unit.into(), criterion.into(), indicator.map(Into::into))
}

#[test]
fn a_criterion_planned_for_the_period_year_or_earlier_and_not_met_is_warned_and_one_planned_later_is_not() {
    let mut w = world();
    w.fill("a", "2024", "70");
    w.plan("a", Some("2"), 2024);
    assert_eq!(w.keys("2024"), [key("planned_not_met", "a", "2", None)], "planned for the period's year");
    let only = &w.warnings("2024")[0];
    assert_eq!(only.planned_year, Some(2024));
    assert_eq!(
        only.figures,
        Figures::NotMet { status: Status::NotMet, level: None, criteria_met: 3, criteria_total: 5 },
        "criteria 1, 10, 11 met; 2 not met; 12 missing (no threshold for the region)"
    );
}

#[test]
fn planned_not_met_boundaries() {
    let mut w = world();
    w.fill("a", "2024", "70");
    w.plans.clear();
    w.plan("a", Some("2"), 2025);
    assert!(w.warnings("2024").is_empty(), "planned for the year after: not yet due");
    w.plans.clear();
    w.plan("a", Some("2"), 2023);
    assert_eq!(w.keys("2024"), [key("planned_not_met", "a", "2", None)], "overdue");
    w.plans.clear();
    w.plan("a", Some("1"), 2024);
    assert!(w.warnings("2024").is_empty(), "a criterion met is no warning");
    w.plan("a", Some("12"), 2024);
    let ws = w.warnings("2024");
    assert_eq!(w.keys("2024"), [key("planned_not_met", "a", "12", None)], "missing counts as not met");
    assert!(matches!(ws[0].figures, Figures::NotMet { status: Status::Missing, .. }));
    // Mid-year: the quarter's period year is the year, so a row for 2024 is due in 2024Q2.
    w.plans.clear();
    w.fill("b", "2024Q2", "70");
    w.plan("b", Some("2"), 2024);
    assert_eq!(w.keys("2024Q2"), [key("planned_not_met", "b", "2", None)]);
    let in_2023 = w.warnings("2023");
    assert!(in_2023.iter().all(|x| x.kind == WarningKind::MissingData), "not due in 2023 (only nothing reported)");
}

#[test]
fn a_standard_planned_and_not_met_is_warned_without_a_criterion_and_another_level_is_not_this_set() {
    let mut w = world();
    w.fill("a", "2024", "85");
    w.plan("a", None, 2024);
    // Criterion 12 has no threshold here: missing, so the standard is not met (status missing).
    assert_eq!(w.keys("2024"), [key("planned_not_met", "a", "all", None)]);
    let only = &w.warnings("2024")[0];
    assert_eq!((only.criterion, only.indicator, only.planned_year), (None, None, Some(2024)));
    assert_eq!(
        only.figures,
        Figures::NotMet {
            status: Status::Missing,
            level: Some(RecognitionLevel::Ntm),
            criteria_met: 4,
            criteria_total: 5
        }
    );
    w.put("a", "2.1", "2024", "60");
    assert!(matches!(w.warnings("2024")[0].figures, Figures::NotMet { status: Status::NotMet, criteria_met: 3, .. }));
    w.plans[0].item = PlanItem::Standard(RecognitionLevel::NangCao);
    assert!(w.warnings("2024").is_empty(), "the advanced standard is not what this set stands for");
    w.plans[0].item = PlanItem::Criterion { set_id: "xa-ntm-2026-2030".into(), criterion: "2".into() };
    assert!(w.warnings("2024").is_empty(), "criterion 2 of another set");
}

#[test]
fn backsliding_is_a_criterion_not_met_by_a_unit_recognised_at_the_end_of_the_period() {
    let mut w = world();
    w.fill("a", "2024", "70");
    w.recognise("a", RecognitionLevel::Ntm, "2021-12-20", None);
    // 2.1 not met → criterion 2 backslides; 12 is missing (no threshold): not backsliding.
    assert_eq!(w.keys("2024"), [key("backsliding", "a", "2", None)]);
    let only = &w.warnings("2024")[0];
    assert_eq!(
        only.figures,
        Figures::Recognised {
            level: RecognitionLevel::Ntm,
            decision: "QĐ 1/QĐ-UBND".into(),
            decided_on: date("2021-12-20")
        }
    );
    assert_eq!((only.planned_year, only.projected_year), (None, None));
    // Lost on the period's last day: not recognised at its end.
    w.recognitions[0].lost = Some(Loss { on: date("2024-12-31"), decision: "QĐ 9".into() });
    assert!(w.warnings("2024").is_empty());
    let q3 = w.keys("2024Q3");
    assert!(q3.len() == 5 && q3.iter().all(|k| k.0 == "missing_data"), "recognised on 30/9, before the loss: {q3:?}");
    // Lost the day after: still recognised on 31/12/2024.
    w.recognitions[0].lost = Some(Loss { on: date("2025-01-01"), decision: "QĐ 9".into() });
    assert_eq!(w.keys("2024"), [key("backsliding", "a", "2", None)]);
    // Decided on the period's last day: recognised at its end; the day after: not yet.
    w.recognitions[0] = Recognition { lost: None, decided_on: date("2024-12-31"), ..w.recognitions[0].clone() };
    assert_eq!(w.keys("2024").len(), 1);
    w.recognitions[0].decided_on = date("2025-01-01");
    assert!(w.warnings("2024").is_empty());
    // Another level, or another set's level: no backsliding against this set.
    w.recognitions.clear();
    w.recognise("a", RecognitionLevel::NangCao, "2021-12-20", None);
    assert!(w.warnings("2024").is_empty());
    w.set.info.recognition_level = None;
    w.recognise("a", RecognitionLevel::Ntm, "2021-12-20", None);
    assert!(w.warnings("2024").is_empty(), "a set standing for no level has no recognised units");
}

/// 2.1 at 60, 65, 70 in 2022–2024: the trend is 75 in 2025 and 80 (the threshold) in 2026.
fn rising_roads() -> World {
    let mut w = world();
    for (year, road) in [("2022", "60"), ("2023", "65"), ("2024", "70")] {
        w.fill("a", year, road);
    }
    w
}

fn off_pace_of(w: &World, period: &str) -> Vec<Warning> {
    w.warnings(period).into_iter().filter(|x| x.kind == WarningKind::OffPace).collect()
}

#[test]
fn off_pace_when_the_trend_reaches_the_threshold_after_the_planned_year() {
    let mut w = rising_roads();
    w.plan("a", Some("2"), 2026);
    assert!(off_pace_of(&w, "2024").is_empty(), "the trend reaches 80 % in 2026, the planned year");
    w.plans[0].planned_year = 2025;
    let found = off_pace_of(&w, "2024");
    assert_eq!(found.len(), 1);
    let x = &found[0];
    assert_eq!((x.planned_year, x.projected_year), (Some(2025), Some(2026)));
    assert_eq!(x.indicator, w.set.indicator_by_id("2.1"));
    assert_eq!(x.criterion, Some(1));
    let Figures::Pace { value, value_period, threshold, trend, thresholds_until, .. } = &x.figures else {
        panic!("{:?}", x.figures)
    };
    assert_eq!((*value, *value_period, *threshold), (Ratio::integer(70), Period::Year(2024), Ratio::integer(80)));
    assert_eq!((trend.slope, trend.at_origin, trend.years), (Ratio::integer(5), Ratio::integer(70), 3));
    assert_eq!(*thresholds_until, Some(2034), "2.1's threshold is for every year: the whole horizon");
    let Figures::Pace { points, thresholds, .. } = &x.figures else { panic!("{:?}", x.figures) };
    assert_eq!(points.iter().map(|&(y, _)| y).collect::<Vec<_>>(), [2022, 2023, 2024]);
    assert_eq!(thresholds.len(), 13, "from the first value's year 2022 to the horizon's end 2034");
    assert!(thresholds.iter().all(|&(_, t)| t == Ratio::integer(80)));
    // Planned for the period's year and not met: both warnings, the projection says when.
    w.plans[0].planned_year = 2024;
    let keys = w.keys("2024");
    assert_eq!(keys, [key("planned_not_met", "a", "2", None), key("off_pace", "a", "2", Some("2.1"))]);
}

#[test]
fn off_pace_needs_three_years_a_plan_and_a_value_not_met() {
    let mut w = rising_roads();
    assert!(w.warnings("2024").is_empty(), "no plan, no recognition: nothing to warn about");
    w.plan("a", Some("2"), 2025);
    assert_eq!(off_pace_of(&w, "2024").len(), 1);
    assert!(off_pace_of(&w, "2023").is_empty(), "two years of values up to 2023: no trend");
    let year_2022 = w.set.element("2.1").unwrap();
    let a = w.u("a");
    w.values.clear(a, year_2022, Period::Year(2022));
    assert!(off_pace_of(&w, "2024").is_empty(), "2022's value gone: two years");
    // Only a quarter in 2022: the year's value by the year-vs-quarter rule.
    w.put("a", "2.1", "2022Q3", "60");
    assert_eq!(off_pace_of(&w, "2024").len(), 1);
    w.put("a", "2.1", "2024", "80");
    assert!(off_pace_of(&w, "2024").is_empty(), "met in the period");
    // A plan for the whole standard plans each criterion; with both, the earliest year counts.
    w.put("a", "2.1", "2024", "70");
    w.plans.clear();
    w.plan("a", None, 2025);
    assert_eq!(off_pace_of(&w, "2024")[0].planned_year, Some(2025));
    w.plan("a", Some("2"), 2027);
    assert_eq!(off_pace_of(&w, "2024")[0].planned_year, Some(2025));
    w.plans.clear();
    w.plan("a", Some("2"), 2027);
    assert!(off_pace_of(&w, "2024").is_empty(), "2027 is after 2026");
}

#[test]
fn off_pace_with_a_flat_or_falling_trend_has_no_projected_year() {
    let mut w = world();
    for (year, road) in [("2022", "70"), ("2023", "70"), ("2024", "70")] {
        w.fill("a", year, road);
    }
    w.plan("a", Some("2"), 2030);
    let x = &off_pace_of(&w, "2024")[0];
    assert_eq!((x.planned_year, x.projected_year), (Some(2030), None), "flat: never within ten years");
    w.put("a", "2.1", "2024", "65");
    assert_eq!(off_pace_of(&w, "2024")[0].projected_year, None, "falling");
}

#[test]
fn off_pace_of_a_maximum_and_of_a_threshold_that_depends_on_the_year() {
    let mut w = world();
    for (year, poverty, income) in [("2022", "9", "40"), ("2023", "8", "42"), ("2024", "7", "44")] {
        w.fill("a", year, "90");
        w.put("a", "11", year, poverty);
        w.put("a", "10", year, income);
    }
    w.plan("a", Some("11"), 2025);
    w.plan("a", Some("10"), 2026);
    let found = off_pace_of(&w, "2024");
    let ids: Vec<&str> = found.iter().map(|x| w.set.indicator(x.indicator.unwrap()).id.as_str()).collect();
    assert_eq!(ids, ["10", "11"], "in the set's order");
    // Income: 46 in 2025 (< 48), 48 in 2026 (< 51), and no threshold configured after 2026.
    assert_eq!((found[0].planned_year, found[0].projected_year), (Some(2026), None));
    assert!(matches!(found[0].figures, Figures::Pace { thresholds_until: Some(2026), .. }));
    // What a chart of the projection draws: the values fitted, and each year's threshold from
    // the first value's year to the last year that has one.
    let Figures::Pace { points, thresholds, .. } = &found[0].figures else { panic!("{:?}", found[0].figures) };
    let i = Ratio::integer;
    assert_eq!(points, &[(2022, i(40)), (2023, i(42)), (2024, i(44))]);
    let years: Vec<i32> = thresholds.iter().map(|&(y, _)| y).collect();
    assert_eq!(years, [2024, 2025, 2026], "this set has income thresholds for 2024–2026 only");
    assert_eq!(thresholds.iter().find(|&&(y, _)| y == 2026).map(|&(_, t)| t), Some(i(51)));
    // Poverty 9, 8, 7 %: ≤ 5 % in 2026, after the planned 2025.
    assert_eq!((found[1].planned_year, found[1].projected_year), (Some(2025), Some(2026)));
    // A faster income: 40, 44, 48 → 52 in 2025 (≥ 48): reached in 2025.
    w.put("a", "10", "2023", "44");
    w.put("a", "10", "2024", "48"); // ≥ 45: met in 2024, so no longer warned at all
    assert!(off_pace_of(&w, "2024").iter().all(|x| x.indicator != w.set.indicator_by_id("10")));
    w.put("a", "10", "2024", "44.5");
    // 40, 44, 44.5: slope 2.25, 45.08 in 2024 → 47.33 in 2025 (< 48), 49.58 in 2026 (< 51): never.
    let income = off_pace_of(&w, "2024").into_iter().find(|x| x.indicator == w.set.indicator_by_id("10")).unwrap();
    assert_eq!(income.projected_year, None);
}

#[test]
fn a_quarter_period_projects_from_the_value_its_verdict_judged() {
    let mut w = rising_roads();
    w.put("a", "2.1", "2024Q2", "75"); // the year 2024 holds 70; in 2024Q2 the value judged is 75
    w.plan("a", Some("2"), 2024);
    let x = &off_pace_of(&w, "2024Q2")[0];
    let Figures::Pace { value, value_period, trend, .. } = &x.figures else { panic!("{:?}", x.figures) };
    assert_eq!((*value, *value_period), (Ratio::integer(75), Period::Quarter(2024, 2)));
    // 60, 65, 75: slope 7.5, 74.17 in 2024, 81.67 in 2025.
    assert_eq!((trend.slope, trend.at_origin), (Ratio::new(15, 2).unwrap(), Ratio::new(445, 6).unwrap()));
    assert_eq!(x.projected_year, Some(2025));
    // The year 2024 on its own value: 60, 65, 70 → 2026.
    assert_eq!(off_pace_of(&w, "2024")[0].projected_year, Some(2026));
}

#[test]
fn missing_data_is_a_value_not_reported_by_a_planned_or_recognised_unit_not_a_threshold_not_configured() {
    let mut w = world();
    w.fill("a", "2024", "85");
    let a = w.u("a");
    let road = w.set.element("2.1").unwrap();
    w.values.clear(a, road, Period::Year(2024));
    assert!(w.warnings("2024").is_empty(), "neither planned nor recognised");
    w.plan("a", Some("1"), 2026);
    // 2.1 has no value: missing data; 12.1 has a value but no threshold here: not missing data.
    assert_eq!(w.keys("2024"), [key("missing_data", "a", "2", Some("2.1"))]);
    assert_eq!(w.warnings("2024")[0].planned_year, None, "its criterion is not planned");
    w.plan("a", None, 2027);
    assert_eq!(w.warnings("2024")[0].planned_year, Some(2027), "the standard is");
    w.plans.clear();
    w.recognise("a", RecognitionLevel::Ntm, "2021-12-20", None);
    assert_eq!(w.keys("2024"), [key("missing_data", "a", "2", Some("2.1"))], "recognised: the same");
    // A quarter with nothing reported: every indicator (years do not carry into quarters).
    assert_eq!(w.keys("2025Q1").len(), 5);
}

#[test]
fn warnings_come_unit_by_unit_then_by_kind_and_do_not_depend_on_threads() {
    let mut w = rising_roads();
    w.fill("b", "2024", "70");
    w.fill("c", "2024", "90");
    let c = w.u("c");
    w.values.clear(c, w.set.element("11").unwrap(), Period::Year(2024));
    for unit in ["c", "a", "b"] {
        w.plan(unit, Some("2"), 2024);
        w.plan(unit, None, 2024);
        w.recognise(unit, RecognitionLevel::Ntm, "2021-12-20", None);
    }
    let keys = w.keys("2024");
    assert_eq!(
        keys,
        [
            key("planned_not_met", "a", "all", None),
            key("planned_not_met", "a", "2", None),
            key("backsliding", "a", "2", None),
            key("off_pace", "a", "2", Some("2.1")),
            key("planned_not_met", "b", "all", None),
            key("planned_not_met", "b", "2", None),
            key("backsliding", "b", "2", None),
            key("planned_not_met", "c", "all", None),
            key("missing_data", "c", "11", Some("11")),
        ]
    );
    let one = w.warnings_on("2024", 1);
    for threads in [0, 2, 3, 8] {
        assert_eq!(w.warnings_on("2024", threads), one, "{threads} threads");
    }
    for k in WarningKind::ALL {
        assert_eq!(WarningKind::from_code(k.code()), Some(k));
    }
}
