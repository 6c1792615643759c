//! Targets (mục tiêu): what a managing unit must reach by the end of a year, with progress
//! computed from the evaluation and from recognition decisions, never typed in. A target is
//! judged on its own terms, whatever a page shows: on its own set and its own year — before its
//! year ends, on the latest data and decisions up to today (saying which); after, for good, on
//! its year. Plans per commune × criterion × year come with the plans issue.

use crate::criteria::IndicatorKind;
use crate::evaluate::Evaluation;
use crate::period::Period;
use crate::ratio::Ratio;
use crate::recognition::{Recognition, RecognitionLevel, is_recognised};
use crate::time::Date;
use crate::unit::{UnitIdx, UnitTree};

/// What a target counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// Units meeting the standard of a criteria set (on data).
    UnitsAtStandard,
    /// Villages recognised by decision, per commune.
    VillagesRecognised,
    /// Units recognised at a level by decision.
    UnitRecognised,
    /// The average number of criteria met per unit, on data.
    AverageCriteria,
    /// One indicator of a set reaching a value in each unit, on data.
    Indicator,
}

impl TargetKind {
    pub const ALL: [TargetKind; 5] = [
        TargetKind::UnitsAtStandard,
        TargetKind::VillagesRecognised,
        TargetKind::UnitRecognised,
        TargetKind::AverageCriteria,
        TargetKind::Indicator,
    ];

    pub const fn code(&self) -> &'static str {
        match self {
            TargetKind::UnitsAtStandard => "units_at_standard",
            TargetKind::VillagesRecognised => "villages_recognised",
            TargetKind::UnitRecognised => "unit_recognised",
            TargetKind::AverageCriteria => "average_criteria",
            TargetKind::Indicator => "indicator",
        }
    }

    /// Whether it is judged on the evaluation of its own set (not on recognition decisions).
    pub const fn on_data(&self) -> bool {
        matches!(self, TargetKind::UnitsAtStandard | TargetKind::AverageCriteria | TargetKind::Indicator)
    }

    pub fn from_code(code: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A target code: as an agency code (1–32 of `a-z 0-9 - _`), e.g. `2025-nang-cao`.
pub fn valid_target_code(code: &str) -> bool {
    crate::org::valid_agency_code(code)
}

/// One unit a target names, with its own quota where the target splits one (villages per commune).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetPart {
    pub unit_code: String,
    pub quota: Option<u32>,
}

/// A target as the directive sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Its store id.
    pub id: i64,
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub kind: TargetKind,
    /// The set whose standard counts (units at standard).
    pub set_id: Option<String>,
    /// The recognition level that counts (villages and units recognised).
    pub level: Option<RecognitionLevel>,
    /// By the end of this year.
    pub year: i32,
    /// How many must be reached (0: each unit named).
    pub quota: u32,
    /// The indicator it follows (indicator targets), by its id in the set (`11` poverty rate).
    pub indicator: Option<String>,
    /// The figure to reach, exact: the average of criteria met per unit (average criteria), the
    /// value of the indicator, at least or at most by the indicator's kind (indicator).
    pub value: Option<Ratio>,
    /// The managing unit it belongs to (a district, a province, a commune); `None`: the top unit
    /// of the tree above its units.
    pub unit_code: Option<String>,
    pub parts: Vec<TargetPart>,
    /// The document that set it (a directive).
    pub source: String,
}

/// Why a unit does not yet count towards a target, with the figures to say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shortfall {
    /// Evaluated, and `met` of `total` criteria met.
    CriteriaMet { unit: UnitIdx, met: usize, total: usize },
    /// Not among the units the evaluation covers (the set does not judge it, or it did not exist).
    NotEvaluated { unit: UnitIdx },
    /// A commune with `count` more villages to be recognised.
    VillagesToGo { unit: UnitIdx, count: usize },
    /// No decision recognising the unit at the level.
    NotRecognised { unit: UnitIdx },
    /// The indicator's `value` does not reach the target's; `gap` is how far it is (positive).
    IndicatorValue { unit: UnitIdx, value: Ratio, gap: Ratio },
    /// No value of the indicator for the unit in the period.
    NoValue { unit: UnitIdx },
}

/// Progress of one unit named by a target (villages per commune).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartProgress {
    pub unit: UnitIdx,
    pub done: usize,
    pub total: usize,
}

/// What a target's progress stands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The evaluation of its own set for this period.
    Data(Period),
    /// No data of its set to judge it on: none in its year once the year has ended, none up to
    /// today before.
    NoData,
    /// The recognition decisions in force on this day.
    Decisions(Date),
}

/// A target's progress, judged on its own terms: its own set, its own year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetProgress {
    pub done: usize,
    pub total: usize,
    pub achieved: bool,
    /// Its year has ended and what judges it is in (its year's data, the decisions in force at
    /// its deadline): the state is final (achieved or missed, with the figure at its deadline).
    pub closed: bool,
    /// Its year has ended but its year holds no data yet: judged on the latest data up to its
    /// deadline, not final.
    pub awaiting_data: bool,
    pub basis: Basis,
    pub parts: Vec<PartProgress>,
    pub shortfalls: Vec<Shortfall>,
    /// Average criteria: the average of criteria met over the units counted (`None` without data
    /// or units). `done`/`total` are then criteria met in all and needed in all for the average.
    pub average: Option<Ratio>,
}

impl TargetProgress {
    /// 0–100, rounded down.
    pub fn percent(&self) -> u32 {
        u32::try_from((self.done.min(self.total) * 100).checked_div(self.total).unwrap_or(0)).unwrap_or(100)
    }

    /// How many of what the target counts (units, villages) are still to be reached.
    pub fn remaining(&self) -> usize {
        self.total.saturating_sub(self.done)
    }

    /// Its year ended and it was not reached.
    pub fn missed(&self) -> bool {
        self.closed && !self.achieved
    }

    /// The units closest to counting, at most `n`, closest first: for units at the standard, the
    /// not-yet units with the most criteria met; for villages, the communes with the fewest
    /// villages to go; for an indicator, the values nearest the target's. Units without a measure
    /// of how close (not evaluated, not recognised, no value) are left out; ties keep the
    /// target's order. (For an average, the units pulling it down come first in `shortfalls`.)
    pub fn closest(&self, n: usize) -> Vec<Shortfall> {
        let count = |k: usize| Ratio::integer(i64::try_from(k).unwrap_or(i64::MAX));
        let mut near: Vec<(Ratio, &Shortfall)> = self
            .shortfalls
            .iter()
            .filter_map(|s| match s {
                Shortfall::CriteriaMet { met, total, .. } => Some((count(total.saturating_sub(*met)), s)),
                Shortfall::VillagesToGo { count: c, .. } => Some((count(*c), s)),
                Shortfall::IndicatorValue { gap, .. } => Some((*gap, s)),
                Shortfall::NotEvaluated { .. } | Shortfall::NotRecognised { .. } | Shortfall::NoValue { .. } => None,
            })
            .collect();
        near.sort_by_key(|(distance, _)| *distance);
        near.into_iter().take(n).map(|(_, s)| s.clone()).collect()
    }
}

/// What a target's progress is computed from.
pub struct TargetInputs<'a> {
    pub tree: &'a UnitTree,
    pub recognitions: &'a [Recognition],
    /// The day it is judged on (Vietnam time).
    pub today: Date,
    /// For a target of units at the standard: the evaluation of its own set for the period
    /// [`Target::data_period`] gives; `None` when there is none.
    pub evaluation: Option<&'a Evaluation>,
    /// For an indicator target: the indicator's kind and each unit's measure of it in the
    /// period of `evaluation`, as the evaluation reads it; `None` when the set has no such
    /// indicator.
    pub indicator: Option<IndicatorData<'a>>,
}

/// What an indicator target reads of its indicator.
#[derive(Clone, Copy)]
pub struct IndicatorData<'a> {
    /// At least (`Min`) or at most (`Max`) the target's value.
    pub kind: IndicatorKind,
    /// The unit's measure in the evaluation's period (a percentage for `%` indicators).
    pub measure: &'a dyn Fn(UnitIdx) -> Option<Ratio>,
}

impl Target {
    /// The last day of its year.
    pub fn deadline(&self) -> Date {
        Date::last_of_month(self.year, 12).unwrap_or_else(|_| Date::ymd(2100, 12, 31))
    }

    /// Whether its year has ended on `today`: its state is then final.
    pub fn is_closed(&self, today: Date) -> bool {
        today > self.deadline()
    }

    /// The day its progress stands at: today, or its deadline once passed.
    pub fn as_of(&self, today: Date) -> Date {
        today.min(self.deadline())
    }

    /// For a target of units at the standard, the period whose evaluation (of its own set)
    /// judges it on `today`, among the periods holding data of that set: once its year has
    /// ended, its year if the year holds any data; otherwise the latest period holding data
    /// that has begun by today and is not after its year (its year's data not yet in, the
    /// state is not final: see [`TargetProgress::closed`]). `None` when there is none.
    pub fn data_period(&self, today: Date, with_data: &[Period]) -> Option<Period> {
        if self.is_closed(today) && with_data.iter().any(|p| p.year() == self.year) {
            return Some(Period::Year(self.year));
        }
        // The latest by its last day; a year before its fourth quarter (it stands for them).
        with_data
            .iter()
            .copied()
            .filter(|p| p.start() <= today && p.year() <= self.year)
            .max_by_key(|p| (p.end(), matches!(p, Period::Year(_))))
    }

    /// The units it names, as they were at the start of its year (codes were reused by the 2025
    /// mergers: a 2025 target of the 2024 directive means the old communes), else as in its
    /// year, else the latest unit of the code; with each part's quota.
    pub fn units(&self, tree: &UnitTree) -> Vec<(UnitIdx, Option<u32>)> {
        let start = Date::first_of_year(self.year).ok();
        self.parts
            .iter()
            .filter_map(|p| {
                let code = p.unit_code.as_str();
                let u = start
                    .and_then(|d| tree.find_on(code, d))
                    .or_else(|| tree.resolve(code, Period::Year(self.year)).ok())
                    .or_else(|| tree.latest(code))?;
                Some((u, p.quota))
            })
            .collect()
    }

    /// Its progress on `inputs.today`, whatever a page shows: units at the standard on the
    /// evaluation of its own set ([`Target::data_period`]), recognitions by the decisions in
    /// force on [`Target::as_of`].
    pub fn progress(&self, inputs: &TargetInputs<'_>) -> TargetProgress {
        let tree = inputs.tree;
        let closed = self.is_closed(inputs.today);
        let as_of = self.as_of(inputs.today);
        let units = self.units(tree);
        let quota = usize::try_from(self.quota).unwrap_or(usize::MAX);
        let recognised = |u: UnitIdx, level: Option<RecognitionLevel>| {
            level.is_some_and(|l| is_recognised(inputs.recognitions, u, l, as_of))
        };
        let mut parts = Vec::new();
        let mut shortfalls = Vec::new();
        let mut average = None;
        let (done, total, basis) = match self.kind {
            TargetKind::UnitsAtStandard => {
                let total = quota.max(self.parts.len());
                let own = inputs.evaluation.filter(|e| self.set_id.as_deref().is_none_or(|s| s == e.set_id));
                match own {
                    None => (0, total, Basis::NoData),
                    Some(eval) => {
                        let mut done = 0;
                        for &(u, _) in &units {
                            match eval.position(u) {
                                Some(p) if eval.standard_met(p) => done += 1,
                                Some(p) => shortfalls.push(Shortfall::CriteriaMet {
                                    unit: u,
                                    met: eval.criteria_met(p),
                                    total: eval.criteria_total(),
                                }),
                                None => shortfalls.push(Shortfall::NotEvaluated { unit: u }),
                            }
                        }
                        (done, total, Basis::Data(eval.period))
                    }
                }
            }
            TargetKind::VillagesRecognised => {
                let (mut done_all, mut total_all) = (0, 0);
                for &(commune, part_quota) in &units {
                    let villages: Vec<UnitIdx> = tree.subtree(commune).into_iter().skip(1).collect();
                    let done = villages.iter().filter(|&&v| recognised(v, self.level)).count();
                    let total = part_quota.map_or(villages.len(), |q| usize::try_from(q).unwrap_or(usize::MAX));
                    if done < total {
                        shortfalls.push(Shortfall::VillagesToGo { unit: commune, count: total - done });
                    }
                    parts.push(PartProgress { unit: commune, done: done.min(total), total });
                    done_all += done.min(total);
                    total_all += total;
                }
                (done_all, quota.max(total_all), Basis::Decisions(as_of))
            }
            TargetKind::UnitRecognised => {
                let done = units.iter().filter(|(u, _)| recognised(*u, self.level)).count();
                // "1 of these 12" lists no one as missing; "these units" lists each.
                let each = quota == 0 || quota >= units.len();
                if each {
                    for &(u, _) in units.iter().filter(|(u, _)| !recognised(*u, self.level)) {
                        shortfalls.push(Shortfall::NotRecognised { unit: u });
                    }
                }
                let total = if quota > 0 { quota } else { units.len().max(1) };
                (done.min(total), total, Basis::Decisions(as_of))
            }
            TargetKind::AverageCriteria => match self.own_evaluation(inputs) {
                None => (0, 0, Basis::NoData),
                Some(eval) => {
                    let mut counted: Vec<(UnitIdx, usize, usize)> = Vec::new();
                    for u in self.judged_units(&units, eval, tree) {
                        match eval.position(u) {
                            Some(p) => counted.push((u, eval.criteria_met(p), eval.criteria_total())),
                            None => shortfalls.push(Shortfall::NotEvaluated { unit: u }),
                        }
                    }
                    let met: usize = counted.iter().map(|c| c.1).sum();
                    let as_i64 = |k: usize| i64::try_from(k).unwrap_or(i64::MAX);
                    // Criteria needed in all for the average: ⌈value × units⌉ (met is whole).
                    let needed = self.value.and_then(|v| v.times(as_i64(counted.len()))).map_or(0, |n| {
                        let floor = n.floor();
                        let ceil = if Ratio::integer(floor) == n { floor } else { floor.saturating_add(1) };
                        usize::try_from(ceil.max(0)).unwrap_or(usize::MAX)
                    });
                    average = Ratio::new(as_i64(met), as_i64(counted.len())).ok();
                    // Those pulling it down first: the fewest criteria met; the units at the
                    // standard pull nothing down.
                    let mut short: Vec<_> = counted.iter().filter(|c| c.1 < c.2).collect();
                    short.sort_by_key(|c| c.1);
                    let not_evaluated = std::mem::take(&mut shortfalls);
                    shortfalls.extend(short.into_iter().map(|&(unit, met, total)| Shortfall::CriteriaMet {
                        unit,
                        met,
                        total,
                    }));
                    shortfalls.extend(not_evaluated);
                    (met, needed, Basis::Data(eval.period))
                }
            },
            TargetKind::Indicator => match (self.own_evaluation(inputs), inputs.indicator, self.value) {
                (Some(eval), Some(data), Some(goal)) => {
                    let judged = self.judged_units(&units, eval, tree);
                    let mut done = 0;
                    for &u in &judged {
                        match (data.measure)(u) {
                            None => shortfalls.push(Shortfall::NoValue { unit: u }),
                            Some(v) => {
                                let gap = match data.kind {
                                    IndicatorKind::Max => v.checked_sub(&goal),
                                    _ => goal.checked_sub(&v),
                                };
                                match gap {
                                    Some(g) if g > Ratio::integer(0) => {
                                        shortfalls.push(Shortfall::IndicatorValue { unit: u, value: v, gap: g })
                                    }
                                    _ => done += 1,
                                }
                            }
                        }
                    }
                    (done, quota.max(judged.len()), Basis::Data(eval.period))
                }
                _ => (0, quota.max(units.len()), Basis::NoData),
            },
        };
        // Past its deadline on an earlier year's data, the state waits for its own year's.
        let awaiting_data = closed && matches!(basis, Basis::Data(p) if p.year() < self.year);
        let closed = closed && !awaiting_data;
        TargetProgress {
            done,
            total,
            achieved: total > 0 && done >= total,
            closed,
            awaiting_data,
            basis,
            parts,
            shortfalls,
            average,
        }
    }

    /// The evaluation of its own set among the inputs, if any.
    fn own_evaluation<'a>(&self, inputs: &TargetInputs<'a>) -> Option<&'a Evaluation> {
        inputs.evaluation.filter(|e| self.set_id.as_deref().is_none_or(|s| s == e.set_id))
    }

    /// The units a target on data judges: those it names, else every unit of the evaluation
    /// under its managing unit (all of them without one).
    fn judged_units(&self, named: &[(UnitIdx, Option<u32>)], eval: &Evaluation, tree: &UnitTree) -> Vec<UnitIdx> {
        if !self.parts.is_empty() {
            return named.iter().map(|(u, _)| *u).collect();
        }
        let start = Date::first_of_year(self.year).ok();
        let manager = self
            .unit_code
            .as_deref()
            .and_then(|code| start.and_then(|d| tree.find_on(code, d)).or_else(|| tree.latest(code)));
        match manager {
            None if self.unit_code.is_some() => Vec::new(),
            None => eval.units().to_vec(),
            Some(m) => {
                let under = tree.subtree(m);
                eval.units().iter().copied().filter(|u| under.contains(u)).collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{CriterionRule, IndicatorKind};
    use crate::evaluate::Evaluator;
    use crate::recognition::Loss;
    use crate::test_support::{criterion, date, indicator, set, tree, unit};
    use crate::unit::Level;
    use crate::value::{Value, ValueTable};

    /// A district with communes a, b, c (each with two villages); one yes/no criterion, met by a
    /// and b in 2024.
    fn world() -> (UnitTree, crate::CriteriaSet, ValueTable) {
        let mut drafts = vec![unit("106", Level::District, None)];
        for c in ["a", "b", "c"] {
            drafts.push(unit(c, Level::Commune, Some("106")));
            for v in 1..=2 {
                drafts.push(unit(&format!("{c}{v}"), Level::Village, Some(c)));
            }
        }
        let tree = tree(drafts);
        let set = set(
            vec![criterion(
                "1",
                CriterionRule::AllIndicators,
                vec![indicator("1.1", IndicatorKind::Boolean { expected: true }, "đạt/không đạt", vec![])],
            )],
            vec![],
            vec![],
        );
        let mut values = ValueTable::new(set.element_count());
        let e = set.element("1.1").unwrap();
        for (code, met) in [("a", true), ("b", true), ("c", false)] {
            let u = tree.latest(code).unwrap();
            values.set(u, e, Period::Year(2024), Value::Bool(met)).unwrap();
        }
        (tree, set, values)
    }

    fn target(
        kind: TargetKind,
        level: Option<RecognitionLevel>,
        year: i32,
        quota: u32,
        parts: &[(&str, Option<u32>)],
    ) -> Target {
        Target {
            id: 1,
            code: "t".into(),
            title_vi: "Mục tiêu".into(),
            title_en: "Target".into(),
            kind,
            set_id: None,
            level,
            year,
            quota,
            indicator: None,
            value: None,
            unit_code: None,
            parts: parts.iter().map(|(c, q)| TargetPart { unit_code: (*c).into(), quota: *q }).collect(),
            source: "Chỉ thị".into(),
        }
    }

    fn recognise(tree: &UnitTree, code: &str, level: RecognitionLevel, on: &str, lost: Option<&str>) -> Recognition {
        Recognition {
            id: 0,
            unit: tree.latest(code).unwrap(),
            level,
            decision: "QĐ".into(),
            decided_on: date(on),
            lost: lost.map(|l| Loss { on: date(l), decision: String::new() }),
        }
    }

    /// Progress on `today`, judged on the evaluation of `period` (if any).
    fn progress_of(t: &Target, recognitions: &[Recognition], period: Option<Period>, today: &str) -> TargetProgress {
        progress_with(t, recognitions, period, today, None)
    }

    /// Progress as [`progress_of`], with what an indicator target reads of its indicator.
    fn progress_with(
        t: &Target,
        recognitions: &[Recognition],
        period: Option<Period>,
        today: &str,
        indicator: Option<IndicatorData<'_>>,
    ) -> TargetProgress {
        let (tree, set, values) = world();
        let eval = period.map(|p| {
            let units = tree.at_level(Level::Commune, p);
            Evaluator::new(&set, vec![], &tree, &values, p).unwrap().run(&units)
        });
        t.progress(&TargetInputs {
            tree: &tree,
            recognitions,
            today: date(today),
            evaluation: eval.as_ref(),
            indicator,
        })
    }

    fn ratio(text: &str) -> Ratio {
        Ratio::parse_decimal(text).unwrap()
    }

    /// An average-criteria target of `value` over `parts` (all communes when empty).
    fn average(value: Ratio, year: i32, parts: &[(&str, Option<u32>)]) -> Target {
        Target { value: Some(value), ..target(TargetKind::AverageCriteria, None, year, 0, parts) }
    }

    #[test]
    fn an_average_of_criteria_is_reached_at_its_quota_exactly_and_not_a_hair_below() {
        let (tree, ..) = world();
        let y2024 = Some(Period::Year(2024));
        // a and b meet their one criterion, c does not: 2/3 criteria met per commune.
        let equal = progress_of(&average(Ratio::new(2, 3).unwrap(), 2024, &[]), &[], y2024, "2025-03-01");
        assert_eq!(equal.average, Some(Ratio::new(2, 3).unwrap()));
        assert_eq!((equal.done, equal.total, equal.achieved, equal.closed), (2, 2, true, true), "equal to the quota");
        let below = progress_of(&average(ratio("0.7"), 2024, &[]), &[], y2024, "2025-03-01");
        assert_eq!((below.done, below.total, below.remaining()), (2, 3, 1), "0.7 × 3 communes needs 3 criteria");
        assert!(!below.achieved && below.missed(), "2/3 is below 0.7: missed once its year is over");
        assert_eq!(
            below.shortfalls,
            vec![Shortfall::CriteriaMet { unit: tree.latest("c").unwrap(), met: 0, total: 1 }],
            "c pulls the average down; a and b, at the standard, do not"
        );
        let decimals = progress_of(&average(ratio("0.6"), 2024, &[]), &[], y2024, "2024-06-01");
        assert_eq!((decimals.total, decimals.achieved, decimals.closed), (2, true, false), "⌈0.6 × 3⌉ = 2, still open");
        let named = progress_of(&average(ratio("0.5"), 2024, &[("c", None), ("a", None)]), &[], y2024, "2025-03-01");
        assert_eq!((named.average, named.achieved), (Some(ratio("0.5")), true), "only the units it names count");
        let none = progress_of(&average(ratio("0.5"), 2024, &[]), &[], None, "2025-03-01");
        assert_eq!((none.basis, none.achieved, none.average, none.shortfalls.len()), (Basis::NoData, false, None, 0));
        let later = progress_of(&average(ratio("0.5"), 2025, &[]), &[], y2024, "2026-02-01");
        assert!(later.awaiting_data && !later.closed && later.achieved, "2025 without data: judged on 2024, not final");
    }

    #[test]
    fn an_average_under_a_managing_unit_counts_only_the_units_below_it() {
        let t = |unit: &str| Target { unit_code: Some(unit.into()), ..average(ratio("0.5"), 2024, &[]) };
        let district = progress_of(&t("106"), &[], Some(Period::Year(2024)), "2025-03-01");
        assert_eq!((district.done, district.total), (2, 2), "the district's three communes: ⌈1.5⌉ = 2");
        let commune = progress_of(&t("c"), &[], Some(Period::Year(2024)), "2025-03-01");
        assert_eq!((commune.done, commune.total, commune.average), (0, 1, Some(Ratio::integer(0))), "c alone");
        let unknown = progress_of(&t("999"), &[], Some(Period::Year(2024)), "2025-03-01");
        assert_eq!(
            (unknown.total, unknown.average, unknown.achieved),
            (0, None, false),
            "no unit under it: not reached"
        );
    }

    /// A poverty-rate target: at most 10% (`Max`) or, to test the other way, at least 10 (`Min`).
    fn indicator_target(year: i32) -> Target {
        Target {
            indicator: Some("1.1".into()),
            value: Some(Ratio::integer(10)),
            ..target(TargetKind::Indicator, None, year, 0, &[("a", None), ("b", None), ("c", None)])
        }
    }

    #[test]
    fn an_indicator_target_counts_units_at_its_value_and_says_who_is_missing_with_their_values() {
        let (tree, ..) = world();
        let u = |c: &str| tree.latest(c).unwrap();
        let (a, b) = (u("a"), u("b"));
        // a exactly at 10, b one tenth over it, c without a value.
        let measure = move |x: UnitIdx| match x {
            x if x == a => Some(Ratio::integer(10)),
            x if x == b => Some(ratio("10.1")),
            _ => None,
        };
        let max = IndicatorData { kind: IndicatorKind::Max, measure: &measure };
        let t = indicator_target(2024);
        let p = progress_with(&t, &[], Some(Period::Year(2024)), "2025-03-01", Some(max));
        assert_eq!((p.done, p.total, p.achieved, p.closed), (1, 3, false, true), "equal to the value meets it");
        assert_eq!(
            p.shortfalls,
            vec![
                Shortfall::IndicatorValue { unit: b, value: ratio("10.1"), gap: ratio("0.1") },
                Shortfall::NoValue { unit: u("c") }
            ]
        );
        assert_eq!(p.closest(3), vec![p.shortfalls[0].clone()], "the nearest values; no value is no distance");
        let min_measure = move |x: UnitIdx| if x == b { Some(ratio("9.9")) } else { Some(Ratio::integer(10)) };
        let min = IndicatorData { kind: IndicatorKind::Min, measure: &min_measure };
        let p = progress_with(&t, &[], Some(Period::Year(2024)), "2024-06-01", Some(min));
        assert_eq!((p.done, p.closed), (2, false), "at least 10: 9.9 is one tenth short");
        assert_eq!(p.shortfalls, vec![Shortfall::IndicatorValue { unit: b, value: ratio("9.9"), gap: ratio("0.1") }]);
        let all = move |_: UnitIdx| Some(Ratio::integer(10));
        let all = IndicatorData { kind: IndicatorKind::Max, measure: &all };
        assert!(progress_with(&t, &[], Some(Period::Year(2024)), "2025-01-01", Some(all)).achieved);
        let p = progress_with(&t, &[], None, "2025-03-01", Some(all));
        assert_eq!((p.basis, p.done, p.total, p.achieved), (Basis::NoData, 0, 3, false), "no data");
        let p = progress_with(&t, &[], Some(Period::Year(2024)), "2025-03-01", None);
        assert_eq!(p.basis, Basis::NoData, "the set has no such indicator");
        let later = progress_with(&indicator_target(2025), &[], Some(Period::Year(2024)), "2026-03-01", Some(all));
        assert!(later.awaiting_data && !later.closed, "its year holds no data: not final");
    }

    #[test]
    fn units_at_standard_count_the_evaluation_of_their_own_set_and_say_who_is_short() {
        let (tree, ..) = world();
        let t = target(TargetKind::UnitsAtStandard, None, 2024, 3, &[("a", None), ("b", None), ("c", None)]);
        let p = progress_of(&t, &[], Some(Period::Year(2024)), "2025-03-01");
        assert_eq!((p.done, p.total, p.achieved, p.percent(), p.remaining()), (2, 3, false, 66, 1));
        assert_eq!(p.basis, Basis::Data(Period::Year(2024)));
        assert_eq!(p.shortfalls, vec![Shortfall::CriteriaMet { unit: tree.latest("c").unwrap(), met: 0, total: 1 }]);
        assert!(p.closed && p.missed(), "its year has ended and it was not reached: missed, for good");
        let open = progress_of(&t, &[], Some(Period::Year(2024)), "2024-12-31");
        assert!(!open.closed && !open.missed(), "on the last day of its year it is still open");
        let later = Target { year: 2025, ..t.clone() };
        let waiting = progress_of(&later, &[], Some(Period::Year(2024)), "2026-12-06");
        assert_eq!((waiting.done, waiting.basis), (2, Basis::Data(Period::Year(2024))), "its year's data not in");
        assert!(
            waiting.awaiting_data && !waiting.closed && !waiting.missed(),
            "past its deadline on 2024's data it is not final"
        );
        assert!(!p.awaiting_data, "on its own year's data it is final");
        let other_set = Target { set_id: Some("xa-ntm-2026-2030".into()), ..t.clone() };
        let p = progress_of(&other_set, &[], Some(Period::Year(2024)), "2025-03-01");
        assert_eq!((p.done, p.basis), (0, Basis::NoData), "another set's evaluation does not judge it");
        let p = progress_of(&t, &[], None, "2025-03-01");
        assert_eq!((p.done, p.total, p.basis), (0, 3, Basis::NoData));
        assert!(p.shortfalls.is_empty(), "no data names no one as short");
    }

    #[test]
    fn a_target_is_judged_on_its_year_once_ended_and_before_on_the_latest_data_up_to_today() {
        let t = target(TargetKind::UnitsAtStandard, None, 2024, 1, &[("a", None)]);
        let (y, q) = (Period::Year, Period::Quarter);
        let data = [y(2022), y(2023), q(2024, 1), q(2024, 2), y(2025)];
        let on = |d: &str| t.data_period(date(d), &data);
        assert_eq!(on("2021-06-01"), None, "no data yet");
        assert_eq!(on("2023-12-31"), Some(y(2023)), "before its year: the latest data, of an earlier year");
        assert_eq!(on("2024-02-10"), Some(q(2024, 1)), "the first quarter has begun");
        assert_eq!(on("2024-03-31"), Some(q(2024, 1)));
        assert_eq!(on("2024-04-01"), Some(q(2024, 2)));
        assert_eq!(on("2024-12-31"), Some(q(2024, 2)), "the last day of its year: still the latest data");
        assert_eq!(on("2025-01-01"), Some(y(2024)), "its year ended: judged on its year, never on 2025");
        assert_eq!(on("2030-06-01"), Some(y(2024)), "and it stays so");
        assert_eq!(
            t.data_period(date("2026-01-01"), &[y(2023), y(2025)]),
            Some(y(2023)),
            "its year holds no data: the latest data up to its deadline"
        );
        assert_eq!(t.data_period(date("2026-01-01"), &[y(2025)]), None, "nothing up to its deadline");
        assert_eq!(t.data_period(date("2024-12-01"), &[q(2024, 4), y(2024)]), Some(y(2024)), "a year over its Q4");
        assert!(!t.is_closed(date("2024-12-31")) && t.is_closed(date("2025-01-01")));
        assert_eq!(t.as_of(date("2024-06-30")), date("2024-06-30"));
        assert_eq!(t.as_of(date("2026-06-30")), date("2024-12-31"));
    }

    #[test]
    fn villages_recognised_count_each_communes_quota_from_decisions_in_force() {
        let (tree, ..) = world();
        let t = target(
            TargetKind::VillagesRecognised,
            Some(RecognitionLevel::BanNtm),
            2024,
            3,
            &[("a", Some(2)), ("b", Some(1))],
        );
        let recs = [
            recognise(&tree, "a1", RecognitionLevel::BanNtm, "2024-11-25", None),
            recognise(&tree, "a2", RecognitionLevel::BanNtm, "2024-11-25", Some("2024-12-01")),
            recognise(&tree, "b1", RecognitionLevel::BanNtm, "2024-11-25", None),
            recognise(&tree, "b2", RecognitionLevel::BanNtm, "2024-11-25", None),
            recognise(&tree, "c1", RecognitionLevel::Ntm, "2024-11-25", None),
            recognise(&tree, "a2", RecognitionLevel::BanNtm, "2025-01-15", None),
        ];
        let p = progress_of(&t, &recs, None, "2025-06-01");
        assert_eq!((p.done, p.total, p.remaining()), (2, 3, 1), "a2 was lost; b's extra village does not count twice");
        assert_eq!(p.basis, Basis::Decisions(date("2024-12-31")), "at its deadline: a2's 2025 decision came late");
        assert_eq!(p.shortfalls, vec![Shortfall::VillagesToGo { unit: tree.latest("a").unwrap(), count: 1 }]);
        assert_eq!(p.parts.iter().map(|x| (x.done, x.total)).collect::<Vec<_>>(), [(1, 2), (1, 1)]);
        assert!(p.missed());
        let before = progress_of(&t, &recs, None, "2024-10-01");
        assert_eq!((before.done, before.closed), (0, false), "the decisions of November count from then");
        assert_eq!(before.basis, Basis::Decisions(date("2024-10-01")));
    }

    #[test]
    fn one_unit_of_many_recognised_names_no_one_as_missing() {
        let (tree, ..) = world();
        let parts = [("a", None), ("b", None), ("c", None)];
        let one_of = target(TargetKind::UnitRecognised, Some(RecognitionLevel::NangCao), 2025, 1, &parts);
        let recs = [recognise(&tree, "b", RecognitionLevel::NangCao, "2025-10-01", None)];
        let p = progress_of(&one_of, &[], None, "2025-12-31");
        assert_eq!((p.done, p.total, p.shortfalls.len(), p.closed), (0, 1, 0, false));
        let p = progress_of(&one_of, &recs, None, "2026-01-01");
        assert!(p.achieved && p.closed && !p.missed() && p.percent() == 100);
        let each = target(TargetKind::UnitRecognised, Some(RecognitionLevel::NangCao), 2025, 0, &parts);
        let p = progress_of(&each, &recs, None, "2025-12-31");
        assert_eq!((p.done, p.total), (1, 3));
        assert_eq!(
            p.shortfalls,
            vec![
                Shortfall::NotRecognised { unit: tree.latest("a").unwrap() },
                Shortfall::NotRecognised { unit: tree.latest("c").unwrap() }
            ]
        );
    }

    #[test]
    fn the_closest_units_are_the_not_yet_ones_with_the_most_criteria_met_at_most_three() {
        let u = |i: u32| UnitIdx(i);
        let p = TargetProgress {
            done: 1,
            total: 6,
            achieved: false,
            closed: false,
            awaiting_data: false,
            basis: Basis::NoData,
            parts: vec![],
            average: None,
            shortfalls: vec![
                Shortfall::CriteriaMet { unit: u(1), met: 12, total: 19 },
                Shortfall::NotEvaluated { unit: u(2) },
                Shortfall::CriteriaMet { unit: u(3), met: 18, total: 19 },
                Shortfall::CriteriaMet { unit: u(4), met: 15, total: 19 },
                Shortfall::CriteriaMet { unit: u(5), met: 18, total: 19 },
            ],
        };
        let closest = p.closest(3);
        assert_eq!(
            closest,
            vec![
                Shortfall::CriteriaMet { unit: u(3), met: 18, total: 19 },
                Shortfall::CriteriaMet { unit: u(5), met: 18, total: 19 },
                Shortfall::CriteriaMet { unit: u(4), met: 15, total: 19 },
            ],
            "most criteria met first, ties in the target's order, the unit without data left out"
        );
        assert!(p.closest(0).is_empty());
        let villages = TargetProgress {
            shortfalls: vec![
                Shortfall::VillagesToGo { unit: u(1), count: 3 },
                Shortfall::VillagesToGo { unit: u(2), count: 1 },
            ],
            ..p
        };
        assert_eq!(villages.closest(3)[0], Shortfall::VillagesToGo { unit: u(2), count: 1 }, "fewest to go first");
    }
}
