//! Recognition decisions, loaded with the live state (targets and unit pages read them) with
//! each unit resolved in the tree, and reloaded alone when the `recognitions` counter moves.

use ntm_domain::{Action, Date, Loss, Recognition, RecognitionLevel, UnitIdx, can};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, RecognitionRecord};

use crate::state::UnitIndex;
use crate::{App, AppError, User};

/// The recognitions as loaded (those of units no longer in the tree are left out).
#[derive(Clone, Debug, Default)]
pub struct RecognitionState {
    pub list: Vec<Recognition>,
}

impl RecognitionState {
    pub async fn load(db: &Db, units: &UnitIndex) -> Result<RecognitionState, AppError> {
        let list = db
            .recognitions()
            .await?
            .into_iter()
            .filter_map(|r| {
                Some(Recognition {
                    id: r.id,
                    unit: *units.get(&r.unit_id)?,
                    level: r.level,
                    decision: r.decision,
                    decided_on: r.decided_on,
                    lost: r.lost,
                })
            })
            .collect();
        Ok(RecognitionState { list })
    }

    /// A unit's decisions, by date.
    pub fn of(&self, unit: UnitIdx) -> impl Iterator<Item = &Recognition> {
        self.list.iter().filter(move |r| r.unit == unit)
    }
}

/// A decision to record: the unit by its code (as it stood on the date of the decision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecognition {
    pub unit_code: String,
    pub level: RecognitionLevel,
    pub decision: String,
    pub decided_on: Date,
    pub lost: Option<Loss>,
}

/// Why a decision cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecognitionProblem {
    #[error("no unit {0} on the date of the decision")]
    UnknownUnit(String),
    #[error("{0}")]
    Invalid(ntm_domain::recognition::RecognitionError),
}

impl App {
    /// Records decisions, all or none: every problem (with its position in the list), or the
    /// number recorded.
    pub async fn add_recognitions(
        &self,
        actor: Option<&User>,
        list: &[NewRecognition],
    ) -> Result<Result<usize, Vec<(usize, RecognitionProblem)>>, AppError> {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        {
            let live = self.live();
            if let Some(u) = actor
                && !can(Some(&u.principal), Action::ManageProgramme, &live.tree, false)
            {
                return Err(AppError::Forbidden);
            }
            for (i, r) in list.iter().enumerate() {
                let unit = live.tree.find_on(&r.unit_code, r.decided_on).or_else(|| live.tree.latest(&r.unit_code));
                let Some(unit_id) = unit.and_then(|u| live.unit_id(u)) else {
                    problems.push((i, RecognitionProblem::UnknownUnit(r.unit_code.clone())));
                    continue;
                };
                let record = RecognitionRecord {
                    id: 0,
                    unit_id,
                    level: r.level,
                    decision: r.decision.clone(),
                    decided_on: r.decided_on,
                    lost: r.lost.clone(),
                };
                let check = Recognition {
                    id: 0,
                    unit: UnitIdx(0),
                    level: r.level,
                    decision: r.decision.clone(),
                    decided_on: r.decided_on,
                    lost: r.lost.clone(),
                };
                if let Err(e) = check.check() {
                    problems.push((i, RecognitionProblem::Invalid(e)));
                    continue;
                }
                records.push((record, r.unit_code.clone()));
            }
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        self.db.add_recognitions(&records, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(Ok(records.len()))
    }

    /// Imports a recognitions file (format: [`ntm_io::recognitions`], DESIGN §4): every decision
    /// checked against the unit tree, and none already recorded for its unit and level; then
    /// every decision in one transaction, each audited. Bad input ([`AppError::Invalid`]: every
    /// error with its line) writes nothing. Returns how many decisions were recorded.
    pub async fn import_recognitions(&self, actor: Option<&User>, name: &str, text: &str) -> Result<usize, AppError> {
        self.refresh().await?;
        self.may_manage(actor)?;
        let records = {
            let live = self.live();
            let rows = ntm_io::read_recognitions(name, text, &live.tree)?;
            let mut errors = InputErrors::default();
            let mut records = Vec::with_capacity(rows.len());
            for r in rows {
                let unit_id =
                    live.unit_id(r.unit).ok_or_else(|| AppError::Internal(format!("unit {}", r.unit_code)))?;
                let recorded = live.recognitions.of(r.unit).any(|x| x.level == r.level && x.decision == r.decision);
                if recorded {
                    errors.push(Location::at(name, r.line, "decision"), Problem::RecognitionExists);
                }
                let record = RecognitionRecord {
                    id: 0,
                    unit_id,
                    level: r.level,
                    decision: r.decision,
                    decided_on: r.decided_on,
                    lost: r.lost,
                };
                records.push((record, r.unit_code));
            }
            errors.into_result(records)?
        };
        self.db.add_recognitions(&records, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(records.len())
    }
}
