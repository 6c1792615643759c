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

/// The recognition form as typed: the unit's code, the level's code, the decision and its date
/// (`dd/mm/yyyy`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecognitionForm {
    pub unit: String,
    pub level: String,
    pub decision: String,
    pub decided_on: String,
}

/// The loss form as typed: the date (`dd/mm/yyyy`) and the decision of the loss.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LossForm {
    pub lost_on: String,
    pub lost_decision: String,
}

/// What is wrong with a field of the recognition or loss form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecognitionIssue {
    /// As the recognitions file would say it.
    Input(Problem),
    /// The decision was withdrawn already, on that day.
    AlreadyLost(Date),
}

/// A field of the form and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognitionFieldProblem {
    pub field: &'static str,
    pub issue: RecognitionIssue,
}

fn problem(field: &'static str, p: Problem) -> RecognitionFieldProblem {
    RecognitionFieldProblem { field, issue: RecognitionIssue::Input(p) }
}

impl App {
    /// Records one decision typed on the page, checked as the recognitions file is (the unit
    /// exists on the day of the decision and is of the level the standard is for; the decision is
    /// not recorded already for the unit and level); audited. Every problem by field, nothing
    /// changed; or the new decision's id.
    pub async fn add_recognition(
        &self,
        actor: &User,
        form: &RecognitionForm,
    ) -> Result<Result<i64, Vec<RecognitionFieldProblem>>, AppError> {
        self.refresh().await?;
        self.may_manage(Some(actor))?;
        let mut problems = Vec::new();
        let record = {
            let live = self.live();
            let (code, decision) = (form.unit.trim(), form.decision.trim());
            let decided_on = match ntm_io::sheet::required(form.decided_on.trim()).and_then(ntm_io::sheet::date) {
                Ok(d) => Some(d),
                Err(p) => {
                    problems.push(problem("decided_on", p));
                    None
                }
            };
            let unit = match (code, decided_on) {
                ("", _) => {
                    problems.push(problem("unit", Problem::Required));
                    None
                }
                (c, _) if live.tree.all_with_code(c).is_empty() => {
                    problems.push(problem("unit", Problem::UnknownUnit(c.into())));
                    None
                }
                (c, Some(on)) => match live.tree.find_on(c, on) {
                    Some(u) => Some(u),
                    None => {
                        problems.push(problem("unit", Problem::UnitNotOnDate(c.into(), on)));
                        None
                    }
                },
                (_, None) => None,
            };
            let level = match ntm_io::recognitions::recognition_level(form.level.trim()) {
                Ok(l) => Some(l),
                Err(p) => {
                    problems.push(problem("level", p));
                    None
                }
            };
            if let (Some(u), Some(l)) = (unit, level)
                && live.tree.unit(u).level != l.unit_level()
            {
                let p =
                    Problem::RecognitionForLevel { code: code.into(), level: live.tree.unit(u).level, recognition: l };
                problems.push(problem("level", p));
            }
            match ntm_io::sheet::required(decision).and_then(|d| ntm_io::text::bounded(d, ntm_io::text::Bound::Name)) {
                Err(p) => problems.push(problem("decision", p)),
                Ok(d) => {
                    if let (Some(u), Some(l)) = (unit, level)
                        && live.recognitions.of(u).any(|x| x.level == l && x.decision == d)
                    {
                        problems.push(problem("decision", Problem::RecognitionExists));
                    }
                }
            }
            match (unit, level, decided_on) {
                (Some(u), Some(level), Some(decided_on)) if problems.is_empty() => {
                    let unit_id = live.unit_id(u).ok_or_else(|| AppError::Internal(format!("unit {code}")))?;
                    RecognitionRecord { id: 0, unit_id, level, decision: decision.into(), decided_on, lost: None }
                }
                _ => return Ok(Err(problems)),
            }
        };
        let id = self.db.add_recognition(&record, form.unit.trim(), Some(actor.id)).await?;
        self.refresh().await?;
        Ok(Ok(id))
    }

    /// Records the loss of standard (thu hồi) of decision `id`: its date, not before the
    /// decision's, and the decision that withdrew it; audited. [`AppError::NotFound`] for no such
    /// decision; every problem by field, nothing changed; or done.
    pub async fn lose_recognition(
        &self,
        actor: &User,
        id: i64,
        form: &LossForm,
    ) -> Result<Result<(), Vec<RecognitionFieldProblem>>, AppError> {
        self.refresh().await?;
        self.may_manage(Some(actor))?;
        let mut problems = Vec::new();
        let (loss, code) = {
            let live = self.live();
            let r = live.recognitions.list.iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
            if let Some(l) = &r.lost {
                problems.push(RecognitionFieldProblem { field: "lost_on", issue: RecognitionIssue::AlreadyLost(l.on) });
                return Ok(Err(problems));
            }
            let lost_on = match ntm_io::sheet::required(form.lost_on.trim()).and_then(ntm_io::sheet::date) {
                Ok(d) if d < r.decided_on => {
                    problems.push(problem("lost_on", Problem::LostBeforeDecided { decided: r.decided_on, lost: d }));
                    None
                }
                Ok(d) => Some(d),
                Err(p) => {
                    problems.push(problem("lost_on", p));
                    None
                }
            };
            let decision = form.lost_decision.trim();
            if let Err(p) =
                ntm_io::sheet::required(decision).and_then(|d| ntm_io::text::bounded(d, ntm_io::text::Bound::Name))
            {
                problems.push(problem("lost_decision", p));
            }
            match lost_on {
                Some(on) if problems.is_empty() => {
                    (Loss { on, decision: decision.into() }, live.tree.unit(r.unit).code.clone())
                }
                _ => return Ok(Err(problems)),
            }
        };
        self.db.lose_recognition(id, &loss, &code, Some(actor.id)).await?;
        self.refresh().await?;
        Ok(Ok(()))
    }
}
