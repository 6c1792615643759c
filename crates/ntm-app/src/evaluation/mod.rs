//! The evaluation area: what the overview, the matrix, a unit's page and a criterion's page
//! show, as data. The web crate renders these as HTML and serves them as JSON (the API mirrors
//! each page's data). Words of the interface are not made here: codes and figures are.

use ntm_domain::explain::period_label;
use ntm_domain::gap::gap_to_threshold;
use ntm_domain::{
    Action, CriteriaSet, Evaluation, IndicatorIdx, Lang, Level, Observed, Period, Principal, Role, Rollup, Status,
    UnitIdx, can,
};
use ntm_io::report::{CitationDto, citation};
use serde::Serialize;

use crate::page::{Context, Paging, UnitRef, choose_period, context, unit_ref};
use crate::plans::{TargetView, target_needs, target_views_of};
use crate::state::Live;
use crate::{App, AppError};

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct CriterionCount {
    pub id: String,
    pub name: String,
    /// The short name charts and headers show.
    pub short_name: String,
    pub met: usize,
    pub not_met: usize,
    pub missing: usize,
}

/// One period of a trend. For one unit's history, `units` is 1 and `average` is its count of
/// criteria met.
#[derive(Serialize, Clone, Debug)]
pub struct TrendPoint {
    pub period: String,
    pub label: String,
    pub units: usize,
    pub standard_met: usize,
    /// Average criteria met per unit, two decimals.
    pub average: f64,
}

/// How many indicator verdicts of the units shown have no data (missing), of how many.
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MissingShare {
    pub missing: usize,
    pub total: usize,
    /// 0–100, rounded to the nearest.
    pub percent: u32,
    /// More than half are missing: the page says its figures are incomplete.
    pub most: bool,
}

impl MissingShare {
    fn of(missing: usize, total: usize) -> MissingShare {
        let percent = u32::try_from((missing * 100 + total / 2).checked_div(total).unwrap_or(0)).unwrap_or(100);
        MissingShare { missing, total, percent, most: missing * 2 > total }
    }
}

/// The share of missing indicator verdicts of the units at `positions`, over the indicators in
/// `indicators` (flat positions).
fn missing_share(
    eval: &Evaluation,
    positions: impl IntoIterator<Item = usize>,
    indicators: std::ops::Range<usize>,
) -> MissingShare {
    let (mut missing, mut total) = (0, 0);
    for pos in positions {
        for i in indicators.clone() {
            total += 1;
            let idx = IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX));
            missing += usize::from(eval.indicator_status(pos, idx) == Status::Missing);
        }
    }
    MissingShare::of(missing, total)
}

/// A unit far from the standard, for "what needs attention".
#[derive(Serialize, Clone, Debug)]
pub struct FurthestUnit {
    pub unit: UnitRef,
    /// A date for links, when the code names more than one unit over time.
    pub at: Option<String>,
    pub met: usize,
    pub total: usize,
}

/// A target not reached whose year has come.
#[derive(Serialize, Clone, Debug)]
pub struct TargetAlert {
    pub code: String,
    pub title: String,
    /// As [`TargetView::state`].
    pub state: &'static str,
}

/// What needs attention on the overview: the criteria most failed, the units furthest from
/// the standard, the targets off track.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Attention {
    pub most_failed: Vec<CriterionCount>,
    pub furthest: Vec<FurthestUnit>,
    pub off_track: Vec<TargetAlert>,
}

/// Units listed as furthest from the standard.
const FURTHEST: usize = 3;

#[derive(Serialize, Clone, Debug)]
pub struct OverviewView {
    pub ctx: Context,
    /// The unit the data are about: the deepest holding every unit judged (the district).
    pub place: Option<UnitRef>,
    /// Whether the period has data to judge on; without, no figure is shown.
    pub has_data: bool,
    pub units: usize,
    pub standard_met: usize,
    /// Units judged that are recognised by a decision at the set's level in force at the end of
    /// the period (decided), beside those meeting the standard on data (computed).
    pub recognised: usize,
    pub average: f64,
    pub average_text: String,
    pub criteria_total: usize,
    /// The share of indicator verdicts without data.
    pub missing_share: MissingShare,
    /// Each on its own terms: the same whatever set and period the page shows.
    pub targets: Vec<TargetView>,
    pub attention: Attention,
    /// For an agency's officer: the criteria the agency answers for, in this set.
    pub my_criteria: Vec<CriterionCount>,
    pub criteria: Vec<CriterionCount>,
    pub most_failed: Vec<CriterionCount>,
    /// Years, or quarters (as the period shown), with data: never both.
    pub trend: Vec<TrendPoint>,
    /// The matrix itself, when the district is small enough to show it whole.
    pub matrix: Option<MatrixView>,
    pub unverified_thresholds: usize,
}

#[derive(Serialize, Clone, Debug)]
pub struct MatrixCell {
    pub status: &'static str,
    /// The verdict rests on a threshold (or indicator) not verified against the official text.
    pub unverified: bool,
    /// The verdict uses an illustrative threshold (demo data, not a legal text).
    pub illustrative: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct MatrixRow {
    pub code: String,
    /// For a code that names more than one unit over time (reused after a merger): a date on
    /// which it names this one, for links.
    pub at: Option<String>,
    pub name: String,
    pub level: &'static str,
    pub criteria_met: usize,
    pub standard_met: bool,
    /// Recognised by a decision at the set's level in force at the end of the period.
    pub recognised: bool,
    pub cells: Vec<MatrixCell>,
}

/// Filters and order of the matrix.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MatrixQuery {
    /// `code` (default), `name`, `met` (most criteria met first), `least` (fewest first).
    pub sort: String,
    /// `all`, `standard` (meets the standard), `not_standard`.
    pub status: String,
    /// A level code, or empty for the set's level.
    pub level: String,
    pub page: usize,
}

/// Rows per matrix page: 25 rows of 19 criteria stay under 50 KB of HTML whatever the set.
pub const MATRIX_PAGE: usize = 25;

#[derive(Serialize, Clone, Debug)]
pub struct MatrixView {
    /// (id, name, short name) of each criterion.
    pub criteria: Vec<(String, String, String)>,
    pub rows: Vec<MatrixRow>,
    pub query: MatrixQuery,
    pub total_rows: usize,
    pub page: usize,
    pub pages: usize,
    /// The share of indicator verdicts without data, over every unit of the evaluation.
    pub missing_share: MissingShare,
    /// Some cell of the page rests on an illustrative threshold (the key then says what its mark means).
    pub illustrative: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct IndicatorView {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub status: &'static str,
    pub value: String,
    pub value_period: Option<String>,
    /// The period the value was entered for (`2024Q3`), where its history is.
    pub value_period_code: Option<String>,
    pub threshold: String,
    pub provenance: String,
    pub explanation: String,
    pub verified: bool,
    pub illustrative: bool,
    /// The threshold's source as the criteria file writes it (the research trail; the set's
    /// sources page shows it in the reader's language).
    pub source: Option<String>,
    /// The short citation shown beside the verdict.
    pub citation: CitationDto,
    /// Where the value is entered: the indicator itself, or the two raw elements it divides.
    pub entered_as: Vec<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct UnitCriterion {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub responsible: Vec<String>,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct RecognitionView {
    /// `ntm`, `nang-cao`, `kieu-mau`, `ban-ntm`, `huyen-ntm`.
    pub level: &'static str,
    pub decision: String,
    /// The decision that withdrew it, if it was lost and the decision is known.
    pub lost_decision: String,
    /// ISO dates (`2024-11-25`, empty when not lost) and the same as officials write them.
    pub decided_on: String,
    pub lost_on: String,
    pub decided_on_shown: String,
    pub lost_on_shown: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct VillageView {
    pub code: String,
    pub name: String,
    /// The date of its recognition, as officials write it (`25/11/2024`).
    pub recognised: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct LineageView {
    pub unit: UnitRef,
    pub kind: &'static str,
    /// The date of the change, ISO (`2025-07-01`).
    pub on: String,
    /// The same date as officials write it (`01/07/2025`).
    pub on_shown: String,
    /// The day and the year the linked unit is seen at (a code may be reused by the merger): a
    /// predecessor the day before the change, a successor the day of it.
    pub at: String,
    pub year: i32,
}

#[derive(Serialize, Clone, Debug)]
pub struct UnitView {
    pub ctx: Context,
    pub unit: UnitRef,
    pub parents: Vec<UnitRef>,
    pub region: Option<String>,
    pub group: Option<u8>,
    pub flags: Vec<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub merged_from: Vec<LineageView>,
    pub merged_into: Vec<LineageView>,
    /// False when the set does not apply to this unit (another level, or a kind it does not
    /// judge) or the unit did not exist in the period.
    pub evaluated: bool,
    /// The unit's kind when the set is of its level but does not judge its kind (`thi-tran`).
    pub not_judged: Option<&'static str>,
    /// The kinds the set judges (`xa`), when it names them.
    pub set_kinds: Vec<&'static str>,
    /// For a unit above the set's level (a district): the roll-up of its units the set judges.
    pub rollup: Option<UnitRollup>,
    /// The share of the unit's indicator verdicts without data.
    pub missing_share: MissingShare,
    pub criteria_met: usize,
    pub criteria_total: usize,
    pub standard_met: bool,
    /// The decision recognising the unit at the set's level in force at the end of the period
    /// (decided), told apart from `standard_met` (computed from data).
    pub recognised: Option<RecognitionView>,
    /// Every decision and loss of the unit, newest first.
    pub recognitions: Vec<RecognitionView>,
    pub criteria: Vec<UnitCriterion>,
    pub history: Vec<TrendPoint>,
    pub villages: Vec<VillageView>,
    pub children: Vec<UnitRef>,
    pub can_edit: bool,
}

/// How far a value is from its threshold: the amount as the reader writes numbers, in the
/// indicator's unit (`%`, or the unit of measure as the criteria file gives it).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct GapAmount {
    pub amount: String,
    /// `%` (written right after the number), or a unit of measure (after a space).
    pub unit: String,
    pub percent: bool,
    /// The value is above a maximum (poverty over its ceiling), not short of a minimum.
    pub over: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct Gap {
    pub id: String,
    pub name: String,
    pub value: String,
    /// A value (entered or derived) stands for the period.
    pub has_value: bool,
    pub threshold: String,
    /// How far from the threshold, in the indicator's unit.
    pub gap: Option<GapAmount>,
    pub status: &'static str,
    /// The threshold (or indicator) is verified against the official text.
    pub verified: bool,
    /// The threshold is illustrative (demo data only).
    pub illustrative: bool,
    /// The short citation of the threshold.
    pub citation: CitationDto,
}

#[derive(Serialize, Clone, Debug)]
pub struct FailingUnit {
    pub unit: UnitRef,
    pub status: &'static str,
    pub indicators: Vec<Gap>,
}

#[derive(Serialize, Clone, Debug)]
pub struct DistributionPoint {
    pub unit: UnitRef,
    pub value: Option<f64>,
    pub status: &'static str,
}

#[derive(Serialize, Clone, Debug)]
pub struct IndicatorDistribution {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub kind: &'static str,
    pub threshold: Option<f64>,
    pub points: Vec<DistributionPoint>,
}

/// The roll-up of the units a set judges under one unit (a district's communes).
#[derive(Serialize, Clone, Debug)]
pub struct UnitRollup {
    pub units: usize,
    pub standard_met: usize,
    pub average_text: String,
    pub criteria_total: usize,
    pub criteria: Vec<CriterionCount>,
    /// The share of their indicator verdicts without data.
    pub missing_share: MissingShare,
}

#[derive(Serialize, Clone, Debug)]
pub struct CriterionView {
    pub ctx: Context,
    /// The share of the criterion's indicator verdicts without data, over the units.
    pub missing_share: MissingShare,
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub responsible_agencies: Vec<String>,
    /// The agencies co-operating on it (phối hợp): they read, the responsible ones lead.
    pub cooperating_agencies: Vec<String>,
    pub responsible_note: Option<String>,
    pub met: usize,
    pub not_met: usize,
    pub missing: usize,
    pub failing: Vec<FailingUnit>,
    pub distributions: Vec<IndicatorDistribution>,
}

fn status_code(s: Status) -> &'static str {
    s.code()
}

fn criterion_counts(set: &CriteriaSet, rollup: &Rollup, lang: Lang) -> Vec<CriterionCount> {
    set.criteria()
        .iter()
        .zip(&rollup.per_criterion)
        .map(|(c, n)| CriterionCount {
            id: c.id.clone(),
            name: lang.pick(&c.name_vi, &c.name_en).to_string(),
            short_name: c.short(lang).to_string(),
            met: n.met,
            not_met: n.not_met,
            missing: n.missing,
        })
        .collect()
}

fn average(r: &Rollup) -> f64 {
    r.average_criteria_met().map_or(0.0, |a| (a.to_f64() * 100.0).round() / 100.0)
}

impl App {
    /// Makes sure the evaluations a page needs, of any sets, are cached (a write lock only if
    /// one is missing).
    pub fn prepare_all(&self, needs: &[(String, Period)]) -> Result<(), AppError> {
        let missing: Vec<(String, Period)> = {
            let live = self.live();
            needs.iter().filter(|(s, p)| live.evaluation(s, *p).is_none()).cloned().collect()
        };
        if !missing.is_empty() {
            let mut live = self.live_mut();
            for (set_id, p) in missing {
                live.ensure_evaluation(&set_id, p, needs)?;
            }
        }
        Ok(())
    }

    /// [`App::prepare_all`], then the live state holding every evaluation and roll-up asked for.
    /// Another request may evict one between the two (the cache is bounded); then it is
    /// prepared again.
    pub fn prepared_all(&self, needs: &[(String, Period)]) -> Result<std::sync::RwLockReadGuard<'_, Live>, AppError> {
        for _ in 0..4 {
            self.prepare_all(needs)?;
            let live = self.live();
            if needs.iter().all(|(s, p)| live.evaluation(s, *p).is_some() && live.rollup(s, *p).is_some()) {
                return Ok(live);
            }
        }
        Err(AppError::Internal("the evaluation cache is too busy; try again".into()))
    }

    /// [`App::prepared_all`] for periods of one set.
    pub fn prepared(&self, set_id: &str, periods: &[Period]) -> Result<std::sync::RwLockReadGuard<'_, Live>, AppError> {
        let needs: Vec<(String, Period)> = periods.iter().map(|&p| (set_id.to_string(), p)).collect();
        self.prepared_all(&needs)
    }

    /// The periods of a trend beside `period`: the years with data for a year, the quarters with
    /// data for a quarter — never both on one axis, never a period without data.
    fn trend_periods(&self, set_id: &str, period: Period) -> Vec<Period> {
        let live = self.live();
        let stored = live.periods_with_data(set_id);
        let mut points: Vec<Period> = match period {
            Period::Year(_) => stored.iter().map(|p| Period::Year(p.year())).collect(),
            Period::Quarter(..) => stored.into_iter().filter(|p| matches!(p, Period::Quarter(..))).collect(),
        };
        points.sort();
        points.dedup();
        points
    }

    /// The evaluations of a page of `set_id` and `period` with its trend, and those the targets
    /// need today: (needs, trend periods).
    fn page_needs(&self, set_id: &str, period: Period, targets: bool) -> (Vec<(String, Period)>, Vec<Period>) {
        let trend = self.trend_periods(set_id, period);
        let mut needs: Vec<(String, Period)> = trend.iter().map(|&p| (set_id.to_string(), p)).collect();
        needs.push((set_id.to_string(), period));
        if targets {
            needs.extend(target_needs(&self.live(), &self.config.default_set, self.today()));
        }
        needs.sort();
        needs.dedup();
        (needs, trend)
    }

    /// The overview of a set and period: where and when, the targets (each on its own terms),
    /// what needs attention, the roll-up and the matrix. `who` lists an agency's own criteria.
    pub fn overview(
        &self,
        set_id: &str,
        asked: Option<&str>,
        who: Option<&Principal>,
        lang: Lang,
    ) -> Result<OverviewView, AppError> {
        let period = choose_period(&self.live(), set_id, asked)?;
        let (needs, trend_periods) = self.page_needs(set_id, period, true);
        let live = self.prepared_all(&needs)?;
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let eval = live.evaluation(set_id, period).ok_or(AppError::NotFound)?;
        let has_data = live.has_data(set_id, period);
        let rollup =
            live.rollup(set_id, period).cloned().unwrap_or_else(|| Rollup::of_positions(eval, 0..eval.units().len()));
        let criteria = criterion_counts(set, &rollup, lang);
        let mut most_failed: Vec<CriterionCount> = rollup
            .most_failed()
            .into_iter()
            .filter_map(|c| criteria.get(c).cloned())
            .filter(|c| c.not_met > 0)
            .collect();
        most_failed.truncate(5);
        let trend = trend_periods
            .iter()
            .filter_map(|p| {
                let r = live.rollup(set_id, *p)?;
                Some(TrendPoint {
                    period: p.to_string(),
                    label: period_label(*p, lang),
                    units: r.units,
                    standard_met: r.standard_met,
                    average: average(r),
                })
            })
            .collect();
        // A district's communes fit on the overview; a province's go to the matrix page.
        let matrix = if eval.units().len() <= 20 && has_data {
            Some(matrix_of(&live, set, eval, &MatrixQuery::default(), lang)?)
        } else {
            None
        };
        // The targets of the managing unit the overview shows.
        let manager = live.managing_unit(eval);
        let targets = target_views_of(&live, &self.config.default_set, self.today(), lang, manager);
        let mut furthest: Vec<usize> = (0..eval.units().len()).filter(|&p| !eval.standard_met(p)).collect();
        furthest.sort_by_key(|&p| (eval.criteria_met(p), live.tree.unit(eval.units()[p]).code.clone()));
        let attention = Attention {
            most_failed: if has_data { most_failed.clone() } else { Vec::new() },
            furthest: furthest
                .into_iter()
                .take(if has_data { FURTHEST } else { 0 })
                .map(|p| {
                    let u = eval.units()[p];
                    FurthestUnit {
                        unit: unit_ref(&live, u),
                        at: link_date(&live, u),
                        met: eval.criteria_met(p),
                        total: eval.criteria_total(),
                    }
                })
                .collect(),
            off_track: targets
                .iter()
                .filter(|t| t.off_track)
                .map(|t| TargetAlert { code: t.code.clone(), title: t.title.clone(), state: t.state })
                .collect(),
        };
        let my_criteria = match who {
            Some(p) if p.role == Role::Agency => criteria
                .iter()
                .filter(|c| p.criteria.iter().any(|r| r.set == set_id && r.criterion == c.id))
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        let (thresholds, verified) = set.threshold_counts();
        Ok(OverviewView {
            ctx: context(self, &live, set, period, lang),
            place: live.managing_unit(eval).map(|u| unit_ref(&live, u)),
            has_data,
            units: rollup.units,
            standard_met: rollup.standard_met,
            recognised: (0..eval.units().len())
                .filter(|&p| decided(&live, set, eval.units()[p], eval.period).is_some())
                .count(),
            average: average(&rollup),
            average_text: rollup.average_criteria_met().map(|a| lang.number(a)).unwrap_or_else(|| "—".into()),
            criteria_total: rollup.criteria_total,
            missing_share: missing_share(eval, 0..eval.units().len(), 0..set.indicator_count()),
            targets,
            attention,
            my_criteria,
            criteria,
            most_failed,
            trend,
            matrix,
            unverified_thresholds: thresholds - verified,
        })
    }

    pub fn matrix(
        &self,
        set_id: &str,
        asked: Option<&str>,
        query: MatrixQuery,
        lang: Lang,
    ) -> Result<(Context, MatrixView), AppError> {
        let period = choose_period(&self.live(), set_id, asked)?;
        let live = self.prepared(set_id, &[period])?;
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let eval = live.evaluation(set_id, period).ok_or(AppError::NotFound)?;
        Ok((context(self, &live, set, period, lang), matrix_of(&live, set, eval, &query, lang)?))
    }

    /// One unit's page. `at` (a date) picks among units that shared a code over time.
    #[allow(clippy::too_many_arguments)]
    pub fn unit(
        &self,
        code: &str,
        at: Option<&str>,
        set_id: &str,
        asked: Option<&str>,
        who: Option<&Principal>,
        lang: Lang,
    ) -> Result<UnitView, AppError> {
        let period = choose_period(&self.live(), set_id, asked)?;
        let (needs, trend_periods) = self.page_needs(set_id, period, false);
        let live = self.prepared_all(&needs)?;
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let on = at.and_then(|d| ntm_domain::Date::parse(d).ok());
        let idx = on
            .and_then(|d| live.tree.find_on(code, d))
            .or_else(|| live.tree.resolve(code, period).ok())
            .or_else(|| live.tree.latest(code))
            .ok_or(AppError::NotFound)?;
        let unit = live.tree.unit(idx);
        let eval = live.evaluation(set_id, period).ok_or(AppError::NotFound)?;
        let pos = eval.position(idx);
        let mut criteria = Vec::new();
        if let (Some(pos), Some(table)) = (pos, live.values.get(set_id)) {
            let mut ev = live.evaluator(set, table, period)?;
            for (ci, c) in set.criteria().iter().enumerate() {
                let indicators = set
                    .indicators_of(ci)
                    .map(|i| {
                        indicator_view(set, &ev.verdict(idx, IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX))), lang)
                    })
                    .collect();
                criteria.push(UnitCriterion {
                    id: c.id.clone(),
                    name: lang.pick(&c.name_vi, &c.name_en).to_string(),
                    status: status_code(eval.criterion_status(pos, ci)),
                    responsible: responsible(&live, set.id(), &c.id, lang),
                    indicators,
                });
            }
        } else if let Some(pos) = pos {
            for (ci, c) in set.criteria().iter().enumerate() {
                criteria.push(UnitCriterion {
                    id: c.id.clone(),
                    name: lang.pick(&c.name_vi, &c.name_en).to_string(),
                    status: status_code(eval.criterion_status(pos, ci)),
                    responsible: responsible(&live, set.id(), &c.id, lang),
                    indicators: Vec::new(),
                });
            }
        }
        let history = trend_periods
            .iter()
            .filter_map(|p| {
                let e = live.evaluation(set_id, *p)?;
                let pos = e.position(idx)?;
                Some(TrendPoint {
                    period: p.to_string(),
                    label: period_label(*p, lang),
                    units: 1,
                    standard_met: usize::from(e.standard_met(pos)),
                    average: e.criteria_met(pos) as f64,
                })
            })
            .collect();
        // A unit above the set's level rolls up the units it judges below it (a district's
        // communes).
        let rollup = match pos {
            None if unit.level < set.level => {
                let positions: Vec<usize> =
                    (0..eval.units().len()).filter(|&p| live.tree.is_within(eval.units()[p], idx)).collect();
                (!positions.is_empty()).then(|| {
                    let r = Rollup::of_positions(eval, positions.iter().copied());
                    UnitRollup {
                        units: r.units,
                        standard_met: r.standard_met,
                        average_text: r.average_criteria_met().map(|a| lang.number(a)).unwrap_or_else(|| "—".into()),
                        criteria_total: r.criteria_total,
                        criteria: criterion_counts(set, &r, lang),
                        missing_share: missing_share(eval, positions.iter().copied(), 0..set.indicator_count()),
                    }
                })
            }
            _ => None,
        };
        let mut list: Vec<&ntm_domain::Recognition> = live.recognitions.of(idx).collect();
        list.sort_by(|a, b| b.decided_on.cmp(&a.decided_on).then(b.id.cmp(&a.id)));
        let recognitions = list.into_iter().map(recognition_view).collect();
        let recognised = decided(&live, set, idx, period).map(recognition_view);
        let children: Vec<UnitIdx> = live.tree.children(idx).to_vec();
        let villages = children
            .iter()
            .filter(|&&c| live.tree.unit(c).level == Level::Village)
            .map(|&c| VillageView {
                code: live.tree.unit(c).code.clone(),
                name: live.tree.unit(c).name.clone(),
                recognised: live.recognitions.of(c).find(|r| r.lost.is_none()).map(|r| r.decided_on.to_vietnamese()),
            })
            .collect();
        let lineage = |from: bool| -> Vec<LineageView> {
            live.tree
                .lineage()
                .iter()
                .filter(|l| if from { l.to == idx } else { l.from == idx })
                .map(|l| {
                    let seen = if from { l.on.pred() } else { l.on };
                    LineageView {
                        unit: unit_ref(&live, if from { l.from } else { l.to }),
                        kind: l.kind.code(),
                        on: l.on.to_string(),
                        on_shown: l.on.to_vietnamese(),
                        at: seen.to_string(),
                        year: seen.year(),
                    }
                })
                .collect()
        };
        let can_edit = who.is_some_and(|p| {
            set.criteria().iter().any(|c| {
                can(
                    Some(p),
                    Action::EditValue { unit: idx, set: set.id(), criterion: Some(&c.id) },
                    &live.tree,
                    self.config.public_read,
                )
            })
        }) && pos.is_some();
        let not_judged =
            (unit.level == set.level && !set.judges_kind(unit.kind)).then(|| unit.kind.map(|k| k.code())).flatten();
        Ok(UnitView {
            ctx: context(self, &live, set, period, lang),
            unit: unit_ref(&live, idx),
            parents: live
                .tree
                .ancestors(idx)
                .map(|a| unit_ref(&live, a))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            region: live.tree.effective_region(idx).map(str::to_string),
            group: live.tree.effective_group(idx),
            flags: unit.flags.clone(),
            valid_from: unit.valid_from.map(|d| d.to_vietnamese()),
            valid_to: unit.valid_to.map(|d| d.to_vietnamese()),
            merged_from: lineage(true),
            merged_into: lineage(false),
            evaluated: pos.is_some(),
            not_judged,
            set_kinds: set.info.unit_kinds.iter().map(|k| k.code()).collect(),
            rollup,
            missing_share: pos
                .map_or_else(MissingShare::default, |p| missing_share(eval, [p], 0..set.indicator_count())),
            criteria_met: pos.map_or(0, |p| eval.criteria_met(p)),
            criteria_total: eval.criteria_total(),
            standard_met: pos.is_some_and(|p| eval.standard_met(p)),
            recognised,
            recognitions,
            criteria,
            history,
            villages,
            children: children
                .iter()
                .filter(|&&c| live.tree.unit(c).level != Level::Village)
                .map(|&c| unit_ref(&live, c))
                .collect(),
            can_edit,
        })
    }

    pub fn criterion(
        &self,
        set_id: &str,
        criterion_id: &str,
        asked: Option<&str>,
        lang: Lang,
    ) -> Result<CriterionView, AppError> {
        let period = choose_period(&self.live(), set_id, asked)?;
        let live = self.prepared(set_id, &[period])?;
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let ci = set.criteria().iter().position(|c| c.id == criterion_id).ok_or(AppError::NotFound)?;
        let c = &set.criteria()[ci];
        let eval = live.evaluation(set_id, period).ok_or(AppError::NotFound)?;
        let empty = ntm_domain::ValueTable::new(set.element_count());
        let table = live.values.get(set_id).unwrap_or(&empty);
        let mut ev = live.evaluator(set, table, period)?;
        let (mut met, mut not_met, mut missing) = (0, 0, 0);
        let mut failing = Vec::new();
        let range = set.indicators_of(ci);
        let mut distributions: Vec<IndicatorDistribution> = range
            .clone()
            .map(|i| {
                let ind = set.indicator(IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
                IndicatorDistribution {
                    id: ind.id.clone(),
                    name: lang.pick(&ind.name_vi, &ind.name_en).to_string(),
                    unit: ind.unit.clone(),
                    kind: ind.kind.code(),
                    threshold: None,
                    points: Vec::new(),
                }
            })
            .collect();
        for (pos, &u) in eval.units().iter().enumerate() {
            let s = eval.criterion_status(pos, ci);
            match s {
                Status::Met => met += 1,
                Status::NotMet => not_met += 1,
                Status::Missing => missing += 1,
            }
            let mut gaps = Vec::new();
            for (k, i) in range.clone().enumerate() {
                let v = ev.verdict(u, IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
                let percent = v.indicator.is_percent();
                let measure = v.observed.and_then(|o| o.measure(percent));
                if let Some(d) = distributions.get_mut(k) {
                    if d.threshold.is_none() {
                        d.threshold = v.threshold.map(|t| t.threshold.value.to_f64());
                    }
                    d.points.push(DistributionPoint {
                        unit: unit_ref(&live, u),
                        value: match v.observed {
                            Some(Observed::Entered { value: ntm_domain::Value::Bool(b), .. }) => {
                                Some(if b { 1.0 } else { 0.0 })
                            }
                            _ => measure.map(|m| m.to_f64()),
                        },
                        status: status_code(v.status),
                    });
                }
                if v.status != Status::Met {
                    let gap = match (measure, v.threshold) {
                        (Some(m), Some(t)) => {
                            gap_to_threshold(v.indicator.kind, m, t.threshold.value).map(|d| GapAmount {
                                amount: lang.number(d),
                                unit: if percent {
                                    "%".into()
                                } else {
                                    ntm_domain::explain::unit_label(&v.indicator.unit, lang).to_string()
                                },
                                percent,
                                over: matches!(v.indicator.kind, ntm_domain::IndicatorKind::Max),
                            })
                        }
                        _ => None,
                    };
                    gaps.push(Gap {
                        id: v.indicator.id.clone(),
                        name: lang.pick(&v.indicator.name_vi, &v.indicator.name_en).to_string(),
                        value: v.value_label(lang),
                        has_value: v.observed.is_some(),
                        threshold: v.threshold_label(lang),
                        gap,
                        status: status_code(v.status),
                        verified: v.threshold_verified(),
                        illustrative: v.threshold.is_some_and(|t| t.is_illustrative()),
                        citation: citation(set, &v),
                    });
                }
            }
            if s != Status::Met {
                failing.push(FailingUnit { unit: unit_ref(&live, u), status: status_code(s), indicators: gaps });
            }
        }
        Ok(CriterionView {
            ctx: context(self, &live, set, period, lang),
            missing_share: missing_share(eval, 0..eval.units().len(), range.clone()),
            id: c.id.clone(),
            name: lang.pick(&c.name_vi, &c.name_en).to_string(),
            group: c.group.clone(),
            responsible_agencies: responsible(&live, set_id, criterion_id, lang),
            cooperating_agencies: live.org.cooperating_names(set_id, criterion_id, lang),
            responsible_note: c.responsible.as_deref().map(|r| lang.twin(r, c.responsible_en.as_deref()).to_string()),
            met,
            not_met,
            missing,
            failing,
            distributions,
        })
    }
}

/// Names of the agencies responsible for a criterion, in the reader's language.
fn responsible(live: &Live, set_id: &str, criterion: &str, lang: Lang) -> Vec<String> {
    live.org.responsible_names(set_id, criterion, lang)
}

pub fn indicator_view(set: &CriteriaSet, v: &ntm_domain::IndicatorVerdict<'_>, lang: Lang) -> IndicatorView {
    IndicatorView {
        id: v.indicator.id.clone(),
        name: lang.pick(&v.indicator.name_vi, &v.indicator.name_en).to_string(),
        unit: v.indicator.unit.clone(),
        status: status_code(v.status),
        value: v.value_label(lang),
        value_period: v.observed.map(|o| o.period()).filter(|p| *p != v.period).map(|p| period_label(p, lang)),
        value_period_code: v.observed.map(|o| o.period().to_string()),
        threshold: v.threshold_label(lang),
        provenance: v.provenance_label(lang),
        // Beside the short citation, which says how sure the threshold is.
        explanation: v.explanation_beside_citation(lang),
        verified: v.threshold_verified(),
        illustrative: v.threshold.is_some_and(|t| t.is_illustrative()),
        source: v.threshold.map(|t| t.threshold.source.clone()).or_else(|| v.indicator.source.clone()),
        citation: citation(set, v),
        entered_as: match (&v.indicator.derived, v.observed) {
            (Some(d), Some(Observed::Derived { .. })) => vec![d.numerator.clone(), d.denominator.clone()],
            _ => vec![v.indicator.id.clone()],
        },
    }
}

/// A date on which a code names this unit, when the code named more than one unit over time
/// (reused after a merger), for links.
fn link_date(live: &Live, u: UnitIdx) -> Option<String> {
    let unit = live.tree.unit(u);
    (live.tree.all_with_code(&unit.code).len() > 1).then(|| unit.valid_to.or(unit.valid_from).map(|d| d.to_string()))?
}

/// A decision as a page shows it.
fn recognition_view(r: &ntm_domain::Recognition) -> RecognitionView {
    RecognitionView {
        level: r.level.code(),
        decision: r.decision.clone(),
        decided_on: r.decided_on.to_string(),
        lost_on: r.lost.as_ref().map(|l| l.on.to_string()).unwrap_or_default(),
        lost_decision: r.lost.as_ref().map(|l| l.decision.clone()).unwrap_or_default(),
        decided_on_shown: r.decided_on.to_vietnamese(),
        lost_on_shown: r.lost.as_ref().map(|l| l.on.to_vietnamese()).unwrap_or_default(),
    }
}

/// The decision recognising `unit` at the standard `set` stands for, in force at the end of
/// `period` (the latest decided); none for a set that names no recognition level.
fn decided<'a>(
    live: &'a Live,
    set: &CriteriaSet,
    unit: UnitIdx,
    period: Period,
) -> Option<&'a ntm_domain::Recognition> {
    let level = set.info.recognition_level?;
    ntm_domain::recognition::in_force(&live.recognitions.list, unit, level, period.end())
}

fn matrix_of(
    live: &Live,
    set: &CriteriaSet,
    eval: &Evaluation,
    q: &MatrixQuery,
    lang: Lang,
) -> Result<MatrixView, AppError> {
    let empty = ntm_domain::ValueTable::new(set.element_count());
    let mut ev = live.evaluator(set, live.values.get(set.id()).unwrap_or(&empty), eval.period)?;
    let mut positions: Vec<usize> = (0..eval.units().len())
        .filter(|&p| match q.status.as_str() {
            "standard" => eval.standard_met(p),
            "not_standard" => !eval.standard_met(p),
            _ => true,
        })
        .filter(|&p| q.level.is_empty() || live.tree.unit(eval.units()[p]).level.code() == q.level)
        .collect();
    let name = |p: usize| live.tree.unit(eval.units()[p]).name.clone();
    let code = |p: usize| live.tree.unit(eval.units()[p]).code.clone();
    match q.sort.as_str() {
        "name" => positions.sort_by_key(|&p| (ntm_io::text::search_key(&name(p)), code(p))),
        "met" => positions.sort_by_key(|&p| (std::cmp::Reverse(eval.criteria_met(p)), code(p))),
        "least" => positions.sort_by_key(|&p| (eval.criteria_met(p), code(p))),
        _ => {
            positions.sort_by(|&a, &b| live.tree.unit(eval.units()[a]).code.cmp(&live.tree.unit(eval.units()[b]).code))
        }
    }
    let paging = Paging::new(positions.len(), MATRIX_PAGE, q.page);
    let Paging { total: total_rows, page, pages, .. } = paging;
    let rows: Vec<MatrixRow> = paging
        .rows(positions)
        .into_iter()
        .map(|p| {
            let u = live.tree.unit(eval.units()[p]);
            MatrixRow {
                at: link_date(live, eval.units()[p]),
                code: u.code.clone(),
                name: u.name.clone(),
                level: u.level.code(),
                criteria_met: eval.criteria_met(p),
                standard_met: eval.standard_met(p),
                recognised: decided(live, set, eval.units()[p], eval.period).is_some(),
                cells: eval
                    .criteria_statuses(p)
                    .iter()
                    .enumerate()
                    .map(|(ci, s)| MatrixCell {
                        status: status_code(*s),
                        unverified: ev.criterion_unverified(eval.units()[p], ci),
                        illustrative: ev.criterion_illustrative(eval.units()[p], ci),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(MatrixView {
        illustrative: rows.iter().any(|r| r.cells.iter().any(|c| c.illustrative)),
        criteria: set
            .criteria()
            .iter()
            .map(|c| (c.id.clone(), lang.pick(&c.name_vi, &c.name_en).to_string(), c.short(lang).to_string()))
            .collect(),
        rows,
        query: MatrixQuery { page, ..q.clone() },
        total_rows,
        page,
        pages,
        missing_share: missing_share(eval, 0..eval.units().len(), 0..set.indicator_count()),
    })
}
