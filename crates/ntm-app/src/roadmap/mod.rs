//! The roadmap (lộ trình) and the early warnings it feeds: the plan rows loaded with the live
//! state (reloaded with the `plans` counter), the plans CSV imported whole through
//! [`ntm_io::read_plans`], a row saved or deleted by those who answer for it, the roadmap
//! exported in the same format, a unit's plan history; and the warnings of a set and period,
//! computed by [`ntm_domain::warning::warnings`] from the stored plans and recognitions and the
//! cached evaluation (the rules of `ntm warnings`), cached per revision.

use std::collections::HashMap;
use std::sync::Arc;

use ntm_domain::audit::Event;
use ntm_domain::{
    Action, Money, Period, Plan, PlanItem, RecognitionLevel, Responsible, UnitIdx, Warning, WarningInputs, can,
};
use ntm_store::{Db, PlanNames, PlanRecord};

use crate::audit::LogEntry;
use crate::state::{Live, UnitIndex};
use crate::{App, AppError, User};

/// Threads the warnings are computed on.
const THREADS: usize = 2;

/// The roadmap as loaded: the domain's rows (those of units no longer in the tree left out), and
/// who changed each last and when, by row id.
#[derive(Clone, Debug, Default)]
pub struct RoadmapState {
    pub plans: Vec<Plan>,
    pub changed: HashMap<i64, (Option<i64>, i64)>,
    /// The reasons and solutions of shortfalls (area `reasons`, loaded with the roadmap).
    pub reasons: Vec<crate::reasons::Reason>,
}

impl RoadmapState {
    pub async fn load(db: &Db, units: &UnitIndex) -> Result<RoadmapState, AppError> {
        let mut state = RoadmapState { reasons: crate::reasons::load(db, units).await?, ..RoadmapState::default() };
        for r in db.plans().await? {
            let Some(&unit) = units.get(&r.unit_id) else { continue };
            let item = match r.criterion.as_str() {
                "all" => match RecognitionLevel::from_code(&r.level) {
                    Some(level) => PlanItem::Standard(level),
                    None => continue,
                },
                c => PlanItem::Criterion { set_id: r.set_id.clone(), criterion: c.to_string() },
            };
            let responsible = match (r.responsible_agency.as_str(), r.responsible_unit_id) {
                ("", Some(u)) => units.get(&u).map(|&u| Responsible::Unit(u)),
                ("", None) => None,
                (code, _) => Some(Responsible::Agency(code.to_string())),
            };
            state.changed.insert(r.id, (r.changed_by, r.changed_at));
            state.plans.push(Plan {
                id: r.id,
                unit,
                item,
                planned_year: r.planned_year,
                contents: r.contents,
                responsible,
                estimate: r.estimate.map(Money::dong),
            });
        }
        Ok(state)
    }

    /// A unit's rows.
    pub fn of(&self, unit: UnitIdx) -> impl Iterator<Item = &Plan> {
        self.plans.iter().filter(move |p| p.unit == unit)
    }
}

/// A row as the form gives it: every field as typed, checked as a line of the plans CSV.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanDraft {
    pub unit_code: String,
    /// A criterion id of the set, or `all`.
    pub criterion: String,
    pub planned_year: String,
    pub level: String,
    pub responsible: String,
    pub contents: String,
    pub estimate: String,
}

/// The store's row of a checked plan.
fn record_of(live: &Live, p: &Plan) -> Result<PlanRecord, AppError> {
    let unit_id = live.unit_id(p.unit).ok_or_else(|| AppError::Internal("plan unit".into()))?;
    let (set_id, criterion, level) = match &p.item {
        PlanItem::Criterion { set_id, criterion } => (set_id.clone(), criterion.clone(), String::new()),
        PlanItem::Standard(level) => (String::new(), "all".to_string(), level.code().to_string()),
    };
    let (responsible_agency, responsible_unit_id) = match &p.responsible {
        Some(Responsible::Agency(code)) => (code.clone(), None),
        Some(Responsible::Unit(u)) => (String::new(), live.unit_id(*u)),
        None => (String::new(), None),
    };
    Ok(PlanRecord {
        id: p.id,
        unit_id,
        set_id,
        criterion,
        level,
        planned_year: p.planned_year,
        contents: p.contents.clone(),
        responsible_agency,
        responsible_unit_id,
        estimate: p.estimate.map(|m| m.as_dong()),
        changed_by: None,
        changed_at: 0,
    })
}

/// Whether `actor` (`None`: the command line) may change `plan`.
fn may_edit(live: &Live, actor: Option<&User>, plan: &Plan) -> bool {
    let Some(u) = actor else { return true };
    let (set, criterion) = match &plan.item {
        PlanItem::Criterion { set_id, criterion } => (set_id.as_str(), Some(criterion.as_str())),
        PlanItem::Standard(_) => ("", None),
    };
    can(Some(&u.principal), Action::EditPlan { unit: plan.unit, set, criterion }, &live.tree, false)
}

impl App {
    /// Imports a plans file against a set (format: [`ntm_io::roadmap`], DESIGN §4): every row
    /// checked against the tree, the set and the agencies; then the set's roadmap (its criterion
    /// rows and the standard rows of its level) replaced whole, one audited event. Bad input
    /// ([`AppError::Invalid`]: every error with its file, line and field) changes nothing.
    pub async fn import_plans(
        &self,
        actor: Option<&User>,
        set_id: &str,
        name: &str,
        text: &str,
    ) -> Result<usize, AppError> {
        self.refresh().await?;
        self.may_manage(actor)?;
        let (records, levels) = {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let rows = ntm_io::read_plans(name, text, &live.tree, set, Some(&live.org.agencies))?;
            let records = rows.iter().map(|r| record_of(&live, &r.plan)).collect::<Result<Vec<_>, _>>()?;
            let levels: Vec<String> = set.info.recognition_level.iter().map(|l| l.code().to_string()).collect();
            (records, levels)
        };
        let n = self.db.import_plans(name, set_id, &levels, &records, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(n)
    }

    /// Saves one row (added, or the row of the same unit and item changed), checked exactly as
    /// a line of the plans CSV named `form`; only by those who answer for it. Returns its id.
    pub async fn save_plan(&self, actor: Option<&User>, set_id: &str, draft: &PlanDraft) -> Result<i64, AppError> {
        self.refresh().await?;
        let (record, names) = {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            let text = draft_csv(draft)?;
            let rows = ntm_io::read_plans("form", &text, &live.tree, set, Some(&live.org.agencies))?;
            let row = rows.into_iter().next().ok_or(AppError::NotFound)?;
            if !may_edit(&live, actor, &row.plan) {
                return Err(AppError::Forbidden);
            }
            let responsible = match &row.plan.responsible {
                Some(Responsible::Agency(code)) => Some(code.clone()),
                Some(Responsible::Unit(u)) => Some(live.tree.unit(*u).code.clone()),
                None => None,
            };
            (record_of(&live, &row.plan)?, PlanNames { unit_code: row.unit_code, responsible })
        };
        let id = self.db.save_plan(&record, &names, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(id)
    }

    /// Deletes a row by id; only by those who answer for it.
    pub async fn delete_plan(&self, actor: Option<&User>, id: i64) -> Result<(), AppError> {
        self.refresh().await?;
        let unit_code = {
            let live = self.live();
            let plan = live.roadmap.plans.iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
            if !may_edit(&live, actor, plan) {
                return Err(AppError::Forbidden);
            }
            live.tree.unit(plan.unit).code.clone()
        };
        self.db.delete_plan(id, &unit_code, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(())
    }

    /// The roadmap of a set as the plans CSV (DESIGN §4), which [`App::import_plans`] reads back.
    pub fn export_plans(&self, set_id: &str) -> Result<String, AppError> {
        let live = self.live();
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let plans: Vec<Plan> = live.roadmap.plans.iter().filter(|p| p.concerns(set)).cloned().collect();
        ntm_io::write_plans(&plans, &live.tree).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// A unit's plan history: the roadmap events about it (and the files that replaced the
    /// roadmap), newest first, named from the live state.
    pub async fn plan_history(&self, unit_code: &str, lang: ntm_domain::Lang) -> Result<Vec<LogEntry>, AppError> {
        let records = self.db.plan_history(unit_code, 50).await?;
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            debug_assert!(matches!(
                r.event,
                Event::PlansImported { .. }
                    | Event::PlanSaved { .. }
                    | Event::PlanDeleted { .. }
                    | Event::Unknown { .. }
            ));
            out.push(self.log_entry(r, &[], lang).await?);
        }
        Ok(out)
    }

    /// The early warnings of a set in a period (DESIGN §4; the rules of `ntm warnings`), from the
    /// stored plans and recognitions and the cached evaluation; computed once per revision.
    pub fn warnings(&self, set_id: &str, period: Period) -> Result<Arc<Vec<Warning>>, AppError> {
        let needs = [(set_id.to_string(), period)];
        let live = self.prepared_all(&needs)?;
        let key = (set_id.to_string(), period);
        let revision = live.counters.revision;
        if let Ok(cache) = self.warnings_cache.lock()
            && let Some((rev, list)) = cache.get(&key)
            && *rev == revision
        {
            return Ok(list.clone());
        }
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let evaluation = live.evaluation(set_id, period).ok_or(AppError::NotFound)?;
        let empty = ntm_domain::ValueTable::new(set.element_count());
        let values = live.values.get(set_id).unwrap_or(&empty);
        let layers = live.catalog.layers_for(set_id);
        let inputs = WarningInputs {
            set,
            layers: &layers,
            tree: &live.tree,
            values,
            evaluation,
            plans: &live.roadmap.plans,
            recognitions: &live.recognitions.list,
        };
        let list =
            Arc::new(ntm_domain::warning::warnings(&inputs, THREADS).map_err(|e| AppError::Internal(e.to_string()))?);
        if let Ok(mut cache) = self.warnings_cache.lock() {
            if cache.len() >= 16 {
                cache.clear();
            }
            cache.insert(key, (revision, list.clone()));
        }
        Ok(list)
    }
}

/// A form's row as a plans CSV of one line.
fn draft_csv(d: &PlanDraft) -> Result<String, AppError> {
    let f = |s: &str| s.trim().to_string();
    ntm_io::plans_csv(&[[
        f(&d.unit_code),
        f(&d.criterion),
        f(&d.planned_year),
        f(&d.level),
        f(&d.responsible),
        d.contents.clone(),
        f(&d.estimate),
    ]])
    .map_err(|e| AppError::Internal(e.to_string()))
}
