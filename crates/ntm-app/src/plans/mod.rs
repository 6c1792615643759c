//! Targets (mục tiêu): loaded with the live state, reloaded alone when the `plans` counter
//! moves; each page shows them with their progress, computed by the domain from the evaluation
//! and the recognitions, never typed in. A target is judged on its own terms — its own set, its
//! own year, the day it is — so it reads the same whatever set or period a page shows. (Plans
//! per commune × criterion × year come with the plans issue.)

use ntm_domain::explain::period_label;
use ntm_domain::plan::{Basis, IndicatorData, Shortfall, TargetInputs};
use ntm_domain::{Action, Date, Lang, Level, Period, Target, TargetKind, can};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, StoreError};
use serde::Serialize;

use crate::page::{UnitRef, unit_ref};
use crate::state::Live;
use crate::{App, AppError, User};

/// The targets as loaded.
#[derive(Clone, Debug, Default)]
pub struct PlanState {
    pub targets: Vec<Target>,
}

impl PlanState {
    pub async fn load(db: &Db) -> Result<PlanState, AppError> {
        Ok(PlanState { targets: db.targets().await? })
    }
}

/// One unit a target names, with its progress (villages per commune).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct TargetPartView {
    pub unit: UnitRef,
    pub done: usize,
    pub total: usize,
}

/// Why a unit does not yet count towards a target: a code and its figures, worded by the page.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShortfallView {
    /// Evaluated, `met` of `total` criteria met.
    CriteriaMet { unit: UnitRef, met: usize, total: usize },
    /// Not among the units evaluated.
    NotEvaluated { unit: UnitRef },
    /// `count` more villages to be recognised.
    VillagesToGo { unit: UnitRef, count: usize },
    /// No recognition decision yet.
    NotRecognised { unit: UnitRef },
    /// The indicator's value (`12.5`), and how far it is from the target's (`2.5`, positive).
    IndicatorValue { unit: UnitRef, value: String, gap: String },
    /// No value of the indicator in the period.
    NoValue { unit: UnitRef },
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct TargetView {
    pub code: String,
    pub title: String,
    pub kind: &'static str,
    pub year: i32,
    /// Its deadline, as officials write it (`31/12/2024`).
    pub deadline: String,
    pub done: usize,
    pub total: usize,
    /// 0–100, for the progress bar.
    pub percent: u32,
    pub achieved: bool,
    /// Its year has ended and what judges it is in: the state is final.
    pub closed: bool,
    /// Its year has ended, its year's data not yet in: judged on the latest data up to its deadline.
    pub awaiting_data: bool,
    /// `achieved` (its year ended, reached), `reached` (reached before its deadline),
    /// `missed` (its year ended, not reached), `no_data` (nothing to judge it on),
    /// `awaiting_data` (its year ended, not reached on earlier data, its year's not in),
    /// `in_progress`.
    pub state: &'static str,
    /// Needs attention: not reached, and its year has come.
    pub off_track: bool,
    /// The units closest to counting, closest first (at most three).
    pub closest: Vec<ShortfallView>,
    /// The level code of what it counts (`village`, `commune`, `district`).
    pub counts: &'static str,
    /// How many of those are still to be reached.
    pub remaining: usize,
    /// For a target judged on data: the period of the data (`2024`, `2024Q3`) and its label.
    pub basis: Option<String>,
    pub basis_label: Option<String>,
    /// The day its progress stands at (today, or its deadline once passed), as officials
    /// write it: recognitions count as in force that day.
    pub as_of: String,
    pub parts: Vec<TargetPartView>,
    /// What is still missing, one entry per unit.
    pub missing: Vec<ShortfallView>,
    pub source: String,
    /// An indicator target: the indicator's id and whether it must be at most (`max`) or at
    /// least (`min`) the value.
    pub indicator: Option<String>,
    pub direction: Option<&'static str>,
    /// Its unit of measure, in the reader's language (`%`, `triệu đồng/người/năm`).
    pub indicator_unit: Option<String>,
    /// The figure to reach, as a decimal (`17.5`): the average (average criteria), the
    /// indicator's value (indicator).
    pub value: Option<String>,
    /// An average-criteria target: the average reached now (`16.25`), of `criteria_total`.
    pub average: Option<String>,
    /// The code of the managing unit it belongs to, when it names one (else it belongs to the
    /// managing unit of the pages that hold its units).
    pub managing_unit: Option<String>,
}

/// How many decimals a target's figures show.
const PLACES: u32 = 2;

/// Whether a target belongs to the managing unit a page shows (`None`: the page shows no one
/// unit, every target does): a target with its own managing unit when it is that unit; one
/// without, when the units it names lie under it (the managing unit holding them is then the
/// one shown).
pub fn belongs_to(live: &Live, t: &Target, manager: Option<ntm_domain::UnitIdx>) -> bool {
    let Some(m) = manager else { return true };
    match &t.unit_code {
        Some(code) => live.tree.unit(m).code == *code,
        None => t.units(&live.tree).iter().all(|&(u, _)| live.tree.is_within(u, m)),
    }
}

/// The set a target of units at the standard is judged under: its own, else the default.
fn set_of<'a>(t: &'a Target, default_set: &'a str) -> &'a str {
    t.set_id.as_deref().unwrap_or(default_set)
}

/// The (set, period) evaluations the targets need on `today`: each target of units at the
/// standard, on the data of its own set that [`Target::data_period`] picks.
pub fn target_needs(live: &Live, default_set: &str, today: Date) -> Vec<(String, Period)> {
    live.plans
        .targets
        .iter()
        .filter(|t| t.kind.on_data())
        .filter_map(|t| {
            let set = set_of(t, default_set);
            Some((set.to_string(), t.data_period(today, &live.periods_with_data(set))?))
        })
        .collect()
}

/// Every target with its progress on `today`, each on its own terms (the evaluations of
/// [`target_needs`] must be cached).
pub fn target_views(live: &Live, default_set: &str, today: Date, lang: Lang) -> Vec<TargetView> {
    target_views_of(live, default_set, today, lang, None)
}

/// The targets of a managing unit (see [`belongs_to`]; `None`: all) with their progress on
/// `today`, as [`target_views`].
pub fn target_views_of(
    live: &Live,
    default_set: &str,
    today: Date,
    lang: Lang,
    manager: Option<ntm_domain::UnitIdx>,
) -> Vec<TargetView> {
    live.plans
        .targets
        .iter()
        .filter(|t| belongs_to(live, t, manager))
        .map(|t| {
            let set = set_of(t, default_set);
            let period = t.kind.on_data().then(|| t.data_period(today, &live.periods_with_data(set))).flatten();
            let evaluation = period.and_then(|p| live.evaluation(set, p));
            // An indicator target reads its indicator's measure as the evaluation does.
            let indicator = match (t.kind, t.indicator.as_deref(), live.set(set), live.values.get(set), period) {
                (TargetKind::Indicator, Some(id), Some(s), Some(table), Some(period)) => s
                    .indicator_by_id(id)
                    .and_then(|idx| Some((idx, live.evaluator(s, table, period).ok()?)))
                    .map(|(idx, ev)| (idx, s.indicator(idx).kind, s.indicator(idx).is_percent(), ev)),
                _ => None,
            };
            let measure =
                |u| indicator.as_ref().and_then(|(idx, _, percent, ev)| ev.observed(u, *idx)?.measure(*percent));
            let data = indicator.as_ref().map(|(_, kind, ..)| IndicatorData { kind: *kind, measure: &measure });
            let inputs = TargetInputs {
                tree: &live.tree,
                recognitions: &live.recognitions.list,
                today,
                evaluation,
                indicator: data,
            };
            let p = t.progress(&inputs);
            let r = |u| unit_ref(live, u);
            let state = match (p.achieved, p.closed, p.basis) {
                (true, true, _) => "achieved",
                (true, false, _) => "reached",
                (false, _, Basis::NoData) => "no_data",
                (false, _, _) if p.awaiting_data => "awaiting_data",
                (false, true, _) => "missed",
                (false, false, _) => "in_progress",
            };
            let counts = match (t.kind, t.level) {
                (TargetKind::AverageCriteria, _) => "criterion",
                (TargetKind::VillagesRecognised, _) => Level::Village.code(),
                (TargetKind::UnitRecognised, Some(level)) => level.unit_level().code(),
                _ => live.set(set).map_or(Level::Commune, |s| s.level).code(),
            };
            let basis = match p.basis {
                Basis::Data(period) => Some(period),
                Basis::NoData | Basis::Decisions(_) => None,
            };
            TargetView {
                code: t.code.clone(),
                title: lang.pick(&t.title_vi, &t.title_en).to_string(),
                kind: t.kind.code(),
                year: t.year,
                deadline: t.deadline().to_vietnamese(),
                done: p.done,
                total: p.total,
                percent: p.percent(),
                achieved: p.achieved,
                closed: p.closed,
                awaiting_data: p.awaiting_data,
                state,
                off_track: !p.achieved && today.year() >= t.year,
                counts,
                remaining: p.remaining(),
                basis: basis.map(|b| b.to_string()),
                basis_label: basis.map(|b| period_label(b, lang)),
                as_of: t.as_of(today).to_vietnamese(),
                parts: p
                    .parts
                    .iter()
                    .map(|x| TargetPartView { unit: r(x.unit), done: x.done, total: x.total })
                    .collect(),
                missing: p.shortfalls.iter().map(|s| shortfall_view(s, &r)).collect(),
                closest: p.closest(CLOSEST).iter().map(|s| shortfall_view(s, &r)).collect(),
                source: t.source.clone(),
                indicator: t.indicator.clone(),
                direction: indicator.as_ref().map(|(_, kind, ..)| kind.code()),
                indicator_unit: t.indicator.as_deref().and_then(|id| {
                    let s = live.set(set)?;
                    let unit = &s.indicator(s.indicator_by_id(id)?).unit;
                    Some(ntm_domain::explain::unit_label(unit, lang).to_string())
                }),
                value: t.value.map(|v| v.to_decimal_string(PLACES)),
                average: p.average.map(|a| a.to_decimal_string(PLACES)),
                managing_unit: t.unit_code.clone(),
            }
        })
        .collect()
}

/// How many of the closest units a target lists.
const CLOSEST: usize = 3;

/// A shortfall as the pages get it, its unit as `r` names it.
fn shortfall_view(s: &Shortfall, r: &impl Fn(ntm_domain::UnitIdx) -> UnitRef) -> ShortfallView {
    match *s {
        Shortfall::CriteriaMet { unit, met, total } => ShortfallView::CriteriaMet { unit: r(unit), met, total },
        Shortfall::NotEvaluated { unit } => ShortfallView::NotEvaluated { unit: r(unit) },
        Shortfall::VillagesToGo { unit, count } => ShortfallView::VillagesToGo { unit: r(unit), count },
        Shortfall::NotRecognised { unit } => ShortfallView::NotRecognised { unit: r(unit) },
        Shortfall::IndicatorValue { unit, value, gap } => ShortfallView::IndicatorValue {
            unit: r(unit),
            value: value.to_decimal_string(PLACES),
            gap: gap.to_decimal_string(PLACES),
        },
        Shortfall::NoValue { unit } => ShortfallView::NoValue { unit: r(unit) },
    }
}

impl App {
    /// Every target with its progress today, each judged on its own terms.
    pub fn targets(&self, lang: Lang) -> Result<Vec<TargetView>, AppError> {
        let today = self.today();
        let needs = target_needs(&self.live(), &self.config.default_set, today);
        let live = self.prepared_all(&needs)?;
        Ok(target_views(&live, &self.config.default_set, today, lang))
    }
}

/// Why a target cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetProblem {
    #[error("target {0} exists already")]
    Taken(String),
    #[error("no criteria set {0}")]
    UnknownSet(String),
    #[error("no unit {0}")]
    UnknownUnit(String),
    #[error("the target's title is required")]
    NoTitle,
    #[error("a target of this kind needs a recognition level")]
    NeedsLevel,
}

impl App {
    /// Records targets, all or none: every problem (with the target's position), or how many.
    pub async fn add_targets(
        &self,
        actor: Option<&User>,
        targets: &[Target],
    ) -> Result<Result<usize, Vec<(usize, TargetProblem)>>, AppError> {
        let mut problems = Vec::new();
        {
            let live = self.live();
            if let Some(u) = actor
                && !can(Some(&u.principal), Action::ManageProgramme, &live.tree, false)
            {
                return Err(AppError::Forbidden);
            }
            for (i, t) in targets.iter().enumerate() {
                if t.title_vi.trim().is_empty() {
                    problems.push((i, TargetProblem::NoTitle));
                }
                if let Some(s) = &t.set_id
                    && live.set(s).is_none()
                {
                    problems.push((i, TargetProblem::UnknownSet(s.clone())));
                }
                if t.kind != ntm_domain::TargetKind::UnitsAtStandard && t.level.is_none() {
                    problems.push((i, TargetProblem::NeedsLevel));
                }
                for part in &t.parts {
                    if live.tree.all_with_code(&part.unit_code).is_empty() {
                        problems.push((i, TargetProblem::UnknownUnit(part.unit_code.clone())));
                    }
                }
                if live.plans.targets.iter().any(|x| x.code == t.code) {
                    problems.push((i, TargetProblem::Taken(t.code.clone())));
                }
            }
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        match self.db.add_targets(targets, actor.map(|u| u.id)).await {
            Ok(ids) => {
                self.refresh().await?;
                Ok(Ok(ids.len()))
            }
            Err(StoreError::Duplicate(_)) => Ok(Err(vec![(0, TargetProblem::Taken(String::new()))])),
            Err(e) => Err(e.into()),
        }
    }

    /// Imports a targets file (format: [`ntm_io::plans`]): every target checked against the unit
    /// tree and the criteria sets, and no code already in the database; then every target with
    /// its units in one transaction, each audited. Bad input ([`AppError::Invalid`]: every error
    /// with its line) writes nothing. Returns how many targets were added.
    pub async fn import_targets(&self, actor: Option<&User>, name: &str, text: &str) -> Result<usize, AppError> {
        self.refresh().await?;
        self.may_manage(actor)?;
        let targets = {
            let live = self.live();
            let rows = ntm_io::read_targets(name, text, &live.tree, &live.catalog)?;
            let mut errors = InputErrors::default();
            for r in rows.iter().filter(|r| live.plans.targets.iter().any(|t| t.code == r.target.code)) {
                errors.push(Location::at(name, r.line, "target"), Problem::TargetExists(r.target.code.clone()));
            }
            errors.into_result(rows.into_iter().map(|r| r.target).collect::<Vec<_>>())?
        };
        self.db.add_targets(&targets, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(targets.len())
    }
}
