//! Early warnings (cảnh báo sớm): what the roadmap, the recognition decisions and the values say
//! must be looked at before it is too late. The four kinds of DESIGN §4 (`ntm warnings`), for the
//! units of an evaluation of one period:
//!
//! - **`planned_not_met`** — a roadmap row ([`Plan`]) due by the period's year (planned for it or
//!   an earlier one) whose criterion — or, for a row of the whole standard, whose standard — is
//!   not met in the period: status not met or missing.
//! - **`backsliding`** — a unit recognised at the end of the period at the level the set stands
//!   for (a decision of that level on or before the period's last day and not lost on or before
//!   it, [`crate::recognition`]), with a criterion of the set not met (status not met; a missing
//!   one is not backsliding).
//! - **`off_pace`** ("khó có khả năng hoàn thành") — a numeric indicator not met in the period,
//!   of a unit with a roadmap row for its criterion or its whole standard, with values in at
//!   least three years up to the period's year: the year in which the trend of its annual values
//!   reaches the threshold that applies in that year ([`crate::forecast`]) is later than the
//!   planned year, or no year within ten. The annual value of a year is the value that stands for
//!   the year by the evaluation's year-vs-quarter rule (read through [`Evaluator::observed`]); for
//!   the period's own year it is the value the period's verdict judged (a quarter's, for a
//!   quarter). With rows for both the criterion and the standard, the earliest planned year
//!   counts.
//! - **`missing_data`** — a unit with a roadmap row of the set or recognised as above, and an
//!   indicator whose value was not reported for the period ([`MissingReason::NoValue`]; a
//!   threshold not configured, or a zero denominator, is not missing data).
//!
//! A warning is codes and figures ([`Warning`], [`Figures`]); the command line and the pages word
//! them. They come out unit by unit in the evaluation's order, each unit's by kind in the order
//! above, then by criterion and indicator.

use crate::criteria::{CriteriaSet, IndicatorIdx, ThresholdLayer};
use crate::evaluate::{Evaluation, Evaluator, EvaluatorError, MissingReason, Status};
use crate::forecast::{HORIZON, Trend, trend};
use crate::period::Period;
use crate::ratio::Ratio;
use crate::recognition::{Recognition, RecognitionLevel};
use crate::roadmap::Plan;
use crate::time::Date;
use crate::unit::{UnitIdx, UnitTree};
use crate::value::ValueTable;

/// The kind of a warning (its code in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    PlannedNotMet,
    Backsliding,
    OffPace,
    MissingData,
}

impl WarningKind {
    pub const ALL: [WarningKind; 4] =
        [WarningKind::PlannedNotMet, WarningKind::Backsliding, WarningKind::OffPace, WarningKind::MissingData];

    pub const fn code(&self) -> &'static str {
        match self {
            WarningKind::PlannedNotMet => "planned_not_met",
            WarningKind::Backsliding => "backsliding",
            WarningKind::OffPace => "off_pace",
            WarningKind::MissingData => "missing_data",
        }
    }

    pub fn from_code(code: &str) -> Option<WarningKind> {
        WarningKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The figures a warning is worded from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Figures {
    /// `planned_not_met`: the status of the criterion, or of the standard (then its level and
    /// how many criteria are met).
    NotMet { status: Status, level: Option<RecognitionLevel>, criteria_met: usize, criteria_total: usize },
    /// `backsliding`: the decision in force at the end of the period.
    Recognised { level: RecognitionLevel, decision: String, decided_on: Date },
    /// `off_pace`: the value judged in the period, the threshold it was judged against, the
    /// trend of the annual values, and the last year of the projection's horizon with a
    /// threshold configured (`None`: no year has one) — short of the horizon's end, the
    /// projection could not look further (income's thresholds stop with the set's years).
    /// `points` are the annual values the trend was fitted on (oldest first) and `thresholds`
    /// the threshold that applies in each year from the first of them to the horizon's end
    /// (years without one left out): what a chart of the projection draws.
    Pace {
        value: Ratio,
        value_period: Period,
        threshold: Ratio,
        trend: Trend,
        thresholds_until: Option<i32>,
        points: Vec<(i32, Ratio)>,
        thresholds: Vec<(i32, Ratio)>,
    },
    /// `missing_data`: nothing reported for the period.
    NotReported,
}

/// One early warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub unit: UnitIdx,
    /// The criterion's position in the set; `None` for a row of the whole standard.
    pub criterion: Option<usize>,
    /// Set for `off_pace` and `missing_data`.
    pub indicator: Option<IndicatorIdx>,
    /// The roadmap's year: of the row (`planned_not_met`), the earliest of the rows for the
    /// criterion or the standard (`off_pace`, and `missing_data` when there is one).
    pub planned_year: Option<i32>,
    /// `off_pace`: the year the trend reaches the threshold, `None` for none within ten years.
    pub projected_year: Option<i32>,
    pub figures: Figures,
}

/// What warnings are computed from.
#[derive(Clone, Copy)]
pub struct WarningInputs<'a> {
    pub set: &'a CriteriaSet,
    /// The threshold layers the evaluation used, in the order they apply.
    pub layers: &'a [&'a ThresholdLayer],
    pub tree: &'a UnitTree,
    /// The values of the period and of the earlier years.
    pub values: &'a ValueTable,
    /// The evaluation of the period (of `set`, with `layers`): its units are the units warned about.
    pub evaluation: &'a Evaluation,
    pub plans: &'a [Plan],
    pub recognitions: &'a [Recognition],
}

/// One unit to look at: its position in the evaluation, its roadmap rows of the set, and the
/// decision recognising it at the end of the period, if any.
struct Work<'a> {
    pos: usize,
    unit: UnitIdx,
    plans: Vec<&'a Plan>,
    recognition: Option<&'a Recognition>,
}

/// Every warning for the units of `inputs.evaluation`, computed on up to `threads` threads (the
/// result does not depend on how many).
pub fn warnings(inputs: &WarningInputs<'_>, threads: usize) -> Result<Vec<Warning>, EvaluatorError> {
    let work = work_list(inputs);
    if work.is_empty() {
        return Ok(Vec::new());
    }
    let chunk = work.len().div_ceil(threads.max(1)).max(1);
    let mut parts = work.chunks(chunk);
    let first = parts.next().unwrap_or(&[]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts.map(|part| scope.spawn(move || warn_units(inputs, part))).collect();
        let mut all = warn_units(inputs, first)?;
        for h in handles {
            match h.join() {
                Ok(part) => all.extend(part?),
                // A panic in a worker is a panic of this call, as it would be on one thread.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        Ok(all)
    })
}

/// The units with roadmap rows of the set or recognised at its level at the end of the period,
/// in the evaluation's order.
fn work_list<'a>(inputs: &WarningInputs<'a>) -> Vec<Work<'a>> {
    const NONE: u32 = u32::MAX;
    let eval = inputs.evaluation;
    let mut position = vec![NONE; inputs.tree.len()];
    for (pos, u) in eval.units().iter().enumerate() {
        if let Some(slot) = position.get_mut(u.index()) {
            *slot = u32::try_from(pos).unwrap_or(NONE);
        }
    }
    let pos_of = |u: UnitIdx| position.get(u.index()).copied().filter(|&p| p != NONE).map(|p| p as usize);
    let mut items: Vec<(usize, Option<&'a Plan>, Option<&'a Recognition>)> = Vec::new();
    for plan in inputs.plans.iter().filter(|p| p.concerns(inputs.set)) {
        if let Some(pos) = pos_of(plan.unit) {
            items.push((pos, Some(plan), None));
        }
    }
    if let Some(level) = inputs.set.info.recognition_level {
        let end = eval.period.end();
        for r in inputs.recognitions.iter().filter(|r| r.level == level && r.in_force_on(end)) {
            if let Some(pos) = pos_of(r.unit) {
                items.push((pos, None, Some(r)));
            }
        }
    }
    items.sort_by_key(|&(pos, ..)| pos);
    let mut out: Vec<Work<'a>> = Vec::new();
    for (pos, plan, recognition) in items {
        if out.last().is_none_or(|w| w.pos != pos) {
            let unit = eval.units().get(pos).copied().unwrap_or(UnitIdx(0));
            out.push(Work { pos, unit, plans: Vec::new(), recognition: None });
        }
        if let Some(w) = out.last_mut() {
            w.plans.extend(plan);
            // Of several decisions in force, the latest.
            if let Some(r) = recognition
                && w.recognition.is_none_or(|old| old.decided_on < r.decided_on)
            {
                w.recognition = Some(r);
            }
        }
    }
    out
}

/// The evaluators one thread reads values and thresholds through: the period's, one per
/// earlier year of the value table, one per year of the projection's horizon.
struct Readers<'a> {
    current: Evaluator<'a>,
    /// (year, evaluator of that year), oldest first.
    past: Vec<(i32, Evaluator<'a>)>,
    /// The years after the period's, in order.
    future: Vec<Evaluator<'a>>,
}

impl<'a> Readers<'a> {
    fn new(inputs: &WarningInputs<'a>) -> Result<Readers<'a>, EvaluatorError> {
        let period = inputs.evaluation.period;
        let year = period.year();
        let make = |p: Period| Evaluator::new(inputs.set, inputs.layers.to_vec(), inputs.tree, inputs.values, p);
        let first = inputs.values.year_range().map_or(year, |(first, _)| first.min(year));
        let past = (first..year).map(|y| Ok((y, make(Period::Year(y))?))).collect::<Result<_, EvaluatorError>>()?;
        let future = (year + 1..=year + HORIZON).map(|y| make(Period::Year(y))).collect::<Result<_, _>>()?;
        Ok(Readers { current: make(period)?, past, future })
    }

    /// The threshold that applies to the unit's indicator in `year` (a year of the horizon).
    fn threshold_in(&mut self, unit: UnitIdx, idx: IndicatorIdx, year: i32) -> Option<Ratio> {
        let origin = self.current.period().year();
        let k = usize::try_from(year - origin - 1).ok()?;
        self.future.get_mut(k)?.threshold_value(unit, idx)
    }
}

fn warn_units(inputs: &WarningInputs<'_>, work: &[Work<'_>]) -> Result<Vec<Warning>, EvaluatorError> {
    if work.is_empty() {
        return Ok(Vec::new());
    }
    let mut readers = Readers::new(inputs)?;
    let mut out = Vec::new();
    for w in work {
        warn_unit(inputs, &mut readers, w, &mut out);
    }
    Ok(out)
}

fn warn_unit(inputs: &WarningInputs<'_>, readers: &mut Readers<'_>, w: &Work<'_>, out: &mut Vec<Warning>) {
    let (set, eval) = (inputs.set, inputs.evaluation);
    let year = eval.period.year();
    let statuses = eval.criteria_statuses(w.pos);
    let warning = |kind, criterion, indicator, planned_year, projected_year, figures| Warning {
        kind,
        unit: w.unit,
        criterion,
        indicator,
        planned_year,
        projected_year,
        figures,
    };

    // planned_not_met: the standard's rows first, then the criteria's in the set's order.
    let mut due: Vec<(Option<usize>, &Plan)> = w
        .plans
        .iter()
        .filter(|p| p.due_by(year))
        .filter_map(|p| match p.criterion_in(set) {
            Some(c) => Some((Some(c), *p)),
            None => p.is_standard().then_some((None, *p)),
        })
        .collect();
    due.sort_by_key(|(c, p)| (*c, p.planned_year));
    let criteria_met = eval.criteria_met(w.pos);
    let criteria_total = eval.criteria_total();
    for (criterion, plan) in due {
        let status = match criterion {
            Some(c) => statuses.get(c).copied().unwrap_or(Status::Missing),
            None if eval.standard_met(w.pos) => Status::Met,
            None if statuses.contains(&Status::NotMet) => Status::NotMet,
            None => Status::Missing,
        };
        if status == Status::Met {
            continue;
        }
        let level = match plan.item {
            crate::roadmap::PlanItem::Standard(l) => Some(l),
            crate::roadmap::PlanItem::Criterion { .. } => None,
        };
        let figures = Figures::NotMet { status, level, criteria_met, criteria_total };
        out.push(warning(WarningKind::PlannedNotMet, criterion, None, Some(plan.planned_year), None, figures));
    }

    // backsliding
    if let Some(r) = w.recognition {
        for (c, _) in statuses.iter().enumerate().filter(|(_, s)| **s == Status::NotMet) {
            let figures =
                Figures::Recognised { level: r.level, decision: r.decision.clone(), decided_on: r.decided_on };
            out.push(warning(WarningKind::Backsliding, Some(c), None, None, None, figures));
        }
    }

    // The earliest planned year of each criterion: its own rows and the standard's.
    let standard_year = w.plans.iter().filter(|p| p.is_standard()).map(|p| p.planned_year).min();
    let mut planned: Vec<Option<i32>> = vec![standard_year; statuses.len()];
    for p in &w.plans {
        if let Some(slot) = p.criterion_in(set).and_then(|c| planned.get_mut(c)) {
            *slot = Some(slot.map_or(p.planned_year, |y| y.min(p.planned_year)));
        }
    }

    // off_pace
    let mut missing = Vec::new();
    for i in 0..set.indicator_count() {
        let idx = IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX));
        let c = set.criterion_of(idx);
        let planned_year = planned.get(c).copied().flatten();
        match eval.indicator_status(w.pos, idx) {
            Status::NotMet => {
                if let Some(planned_year) = planned_year
                    && let Some(warning) = off_pace(inputs, readers, w.unit, idx, planned_year)
                {
                    out.push(warning);
                }
            }
            Status::Missing => {
                if readers.current.verdict(w.unit, idx).missing == Some(MissingReason::NoValue) {
                    missing.push(warning(
                        WarningKind::MissingData,
                        Some(c),
                        Some(idx),
                        planned_year,
                        None,
                        Figures::NotReported,
                    ));
                }
            }
            Status::Met => {}
        }
    }
    // missing_data
    out.extend(missing);
}

/// The `off_pace` warning of a numeric indicator not met, planned for `planned_year`, if its
/// trend says so.
fn off_pace(
    inputs: &WarningInputs<'_>,
    readers: &mut Readers<'_>,
    unit: UnitIdx,
    idx: IndicatorIdx,
    planned_year: i32,
) -> Option<Warning> {
    let indicator = inputs.set.indicator(idx);
    let kind = indicator.kind;
    if !kind.is_numeric() {
        return None;
    }
    let percent = indicator.is_percent();
    let year = inputs.evaluation.period.year();
    let observed = readers.current.observed(unit, idx)?;
    let value = observed.measure(percent)?;
    let threshold = readers.current.threshold_value(unit, idx)?;
    let mut points: Vec<(i32, Ratio)> =
        readers.past.iter().filter_map(|(y, ev)| Some((*y, ev.observed(unit, idx)?.measure(percent)?))).collect();
    points.push((year, value));
    let trend = trend(&points, year)?;
    let projected = trend.reaches(kind, |y| readers.threshold_in(unit, idx, y));
    if projected.is_some_and(|p| p <= planned_year) {
        return None;
    }
    let thresholds_until = (year + 1..=year + HORIZON).rev().find(|&y| readers.threshold_in(unit, idx, y).is_some());
    let first = points.first().map_or(year, |&(y, _)| y);
    let mut thresholds: Vec<(i32, Ratio)> = readers
        .past
        .iter_mut()
        .filter(|(y, _)| *y >= first)
        .filter_map(|(y, ev)| Some((*y, ev.threshold_value(unit, idx)?)))
        .collect();
    thresholds.push((year, threshold));
    thresholds.extend((year + 1..=year + HORIZON).filter_map(|y| Some((y, readers.threshold_in(unit, idx, y)?))));
    Some(Warning {
        kind: WarningKind::OffPace,
        unit,
        criterion: Some(inputs.set.criterion_of(idx)),
        indicator: Some(idx),
        planned_year: Some(planned_year),
        projected_year: projected,
        figures: Figures::Pace {
            value,
            value_period: observed.period(),
            threshold,
            trend,
            thresholds_until,
            points,
            thresholds,
        },
    })
}

#[cfg(test)]
mod tests;
