//! Targets (mục tiêu): loaded with the live state, reloaded alone when the `plans` counter
//! moves; each page shows them with their progress, computed by the domain from the evaluation
//! and the recognitions, never typed in. (Plans per commune × criterion × year come with the
//! plans issue.)

use ntm_domain::plan::{Shortfall, TargetInputs};
use ntm_domain::{Action, CriteriaSet, Evaluation, Lang, Period, Target, can};
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
#[derive(Serialize, Clone, Debug)]
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
}

#[derive(Serialize, Clone, Debug)]
pub struct TargetView {
    pub code: String,
    pub title: String,
    pub kind: &'static str,
    pub year: i32,
    pub done: usize,
    pub total: usize,
    /// 0–100, for the progress bar.
    pub percent: u32,
    pub achieved: bool,
    /// The deadline has passed (in the period shown) and the target is not achieved.
    pub overdue: bool,
    pub parts: Vec<TargetPartView>,
    /// What is still missing, one entry per unit.
    pub missing: Vec<ShortfallView>,
    pub source: String,
}

/// Every target with its progress at the end of `period`, from `eval` (of `set`).
pub fn target_views(live: &Live, eval: &Evaluation, set: &CriteriaSet, period: Period, lang: Lang) -> Vec<TargetView> {
    let inputs = TargetInputs {
        tree: &live.tree,
        evaluation: eval,
        set_id: set.id(),
        recognitions: &live.recognitions.list,
        period,
    };
    live.plans
        .targets
        .iter()
        .map(|t| {
            let p = t.progress(&inputs);
            let r = |u| unit_ref(live, u);
            TargetView {
                code: t.code.clone(),
                title: lang.pick(&t.title_vi, &t.title_en).to_string(),
                kind: t.kind.code(),
                year: t.year,
                done: p.done,
                total: p.total,
                percent: p.percent(),
                achieved: p.achieved,
                overdue: p.overdue,
                parts: p
                    .parts
                    .iter()
                    .map(|x| TargetPartView { unit: r(x.unit), done: x.done, total: x.total })
                    .collect(),
                missing: p
                    .shortfalls
                    .iter()
                    .map(|s| match *s {
                        Shortfall::CriteriaMet { unit, met, total } => {
                            ShortfallView::CriteriaMet { unit: r(unit), met, total }
                        }
                        Shortfall::NotEvaluated { unit } => ShortfallView::NotEvaluated { unit: r(unit) },
                        Shortfall::VillagesToGo { unit, count } => ShortfallView::VillagesToGo { unit: r(unit), count },
                        Shortfall::NotRecognised { unit } => ShortfallView::NotRecognised { unit: r(unit) },
                    })
                    .collect(),
                source: t.source.clone(),
            }
        })
        .collect()
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
