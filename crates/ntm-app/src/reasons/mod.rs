//! Reasons and solutions (lý do, giải pháp): the responsible unit's reason for a shortfall (a
//! warning, a planned criterion not met) and its proposed solution, per unit × criterion of a
//! set (or `all`) × period. Loaded with the roadmap (area `plans`); written by those who answer
//! for the roadmap row ([`Action::EditPlan`]: the office all, a commune its own units, an agency
//! the criteria it leads), each text cleaned and bounded; saving again replaces, audited.

use ntm_domain::{Action, Period, UnitIdx, can};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, ReasonRecord};

use crate::state::UnitIndex;
use crate::{App, AppError, User};

/// The longest reason or solution, in characters.
pub const MAX_CHARS: usize = ntm_io::text::Bound::Paragraph.max();

/// A reason as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub unit: UnitIdx,
    pub set_id: String,
    /// A criterion id of the set, or `all`.
    pub criterion: String,
    pub period: String,
    pub reason: String,
    pub solution: String,
    /// The account that wrote it last (`None`: the command line) and when (ms since the epoch).
    pub changed_by: Option<i64>,
    pub changed_at: i64,
}

/// Load every reason of units still in the tree.
pub async fn load(db: &Db, units: &UnitIndex) -> Result<Vec<Reason>, AppError> {
    Ok(db
        .reasons()
        .await?
        .into_iter()
        .filter_map(|r| {
            let unit = *units.get(&r.unit_id)?;
            Some(Reason {
                unit,
                set_id: r.set_id,
                criterion: r.criterion,
                period: r.period,
                reason: r.reason,
                solution: r.solution,
                changed_by: r.changed_by,
                changed_at: r.changed_at,
            })
        })
        .collect())
}

/// A reason as the form gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReasonDraft {
    pub unit_code: String,
    pub set_id: String,
    /// A criterion id of the set, or `all`.
    pub criterion: String,
    pub period: String,
    pub reason: String,
    pub solution: String,
}

/// Whether `actor` may write the reason of `unit` on `criterion` (`all`: the whole standard).
pub fn may_write(app: &App, actor: &User, unit: UnitIdx, set_id: &str, criterion: &str) -> bool {
    let live = app.live();
    let criterion = (criterion != "all").then_some(criterion);
    can(Some(&actor.principal), Action::EditPlan { unit, set: set_id, criterion }, &live.tree, false)
}

/// A text cleaned, or the problem with it.
fn checked(text: &str, field: &str, required: bool, errors: &mut Vec<(Location, Problem)>) -> String {
    let clean = ntm_io::text::clean(text);
    let at = || Location { field: Some(field.into()), ..Location::file("form") };
    if required && clean.is_empty() {
        errors.push((at(), Problem::Required));
    } else if let Err(problem) = ntm_io::text::bounded(&clean, ntm_io::text::Bound::Paragraph) {
        errors.push((at(), problem));
    }
    clean
}

impl App {
    /// The reasons of a set in a period, by unit and criterion.
    pub fn reasons(&self, set_id: &str, period: Period) -> Vec<Reason> {
        let code = period.code();
        self.live().roadmap.reasons.iter().filter(|r| r.set_id == set_id && r.period == code).cloned().collect()
    }

    /// Writes (or replaces) a reason and solution; only by those who answer for the roadmap row.
    /// Bad input ([`AppError::Invalid`]: the field and the problem) changes nothing.
    pub async fn save_reason(&self, actor: Option<&User>, draft: &ReasonDraft) -> Result<i64, AppError> {
        self.refresh().await?;
        let (record, unit_code) = {
            let live = self.live();
            let set = live.set(&draft.set_id).ok_or(AppError::NotFound)?;
            let unit = live.tree.latest(draft.unit_code.trim()).ok_or(AppError::NotFound)?;
            let criterion = draft.criterion.trim();
            if criterion != "all" && !set.criteria().iter().any(|c| c.id == criterion) {
                return Err(AppError::NotFound);
            }
            let period = Period::parse(draft.period.trim()).map_err(|_| AppError::NotFound)?;
            if let Some(u) = actor {
                let c = (criterion != "all").then_some(criterion);
                if !can(
                    Some(&u.principal),
                    Action::EditPlan { unit, set: &draft.set_id, criterion: c },
                    &live.tree,
                    false,
                ) {
                    return Err(AppError::Forbidden);
                }
            }
            let mut errors = Vec::new();
            let reason = checked(&draft.reason, "reason", true, &mut errors);
            let solution = checked(&draft.solution, "solution", false, &mut errors);
            if let Some((first, rest)) = errors.split_first() {
                let mut all = InputErrors::one(first.0.clone(), first.1.clone());
                for (at, p) in rest {
                    all.push(at.clone(), p.clone());
                }
                return Err(AppError::Invalid(all));
            }
            let unit_id = live.unit_id(unit).ok_or_else(|| AppError::Internal("reason unit".into()))?;
            let record = ReasonRecord {
                id: 0,
                unit_id,
                set_id: draft.set_id.clone(),
                criterion: criterion.to_string(),
                period: period.code(),
                reason,
                solution,
                changed_by: None,
                changed_at: 0,
            };
            (record, live.tree.unit(unit).code.clone())
        };
        let id = self.db.save_reason(&record, &unit_code, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(id)
    }
}
