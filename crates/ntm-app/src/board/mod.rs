//! Who answers for what (issue 9 point 4): importing the Steering Committee members, and the
//! accountability board — per agency, the criteria it leads or co-operates on, the units failing
//! each and by how much, and the trend; per member, his or her communes at a glance. Codes and
//! figures only; the words are the web's.

use std::collections::HashSet;

use ntm_domain::people::Glance;
use ntm_domain::roadmap::{Plan, PlanItem, Responsible};
use ntm_domain::warning::Warning;
use ntm_domain::{Agency, AgencyRole, Lang, Period, UnitIdx};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::MemberRecord;
use serde::Serialize;

use crate::evaluation::FailingUnit;
use ntm_domain::explain::period_label;

use crate::page::{UnitRef, choose_period, unit_ref};
use crate::{App, AppError, User};

/// A line of the board's list of agencies.
#[derive(Serialize, Clone, Debug)]
pub struct AgencyLine {
    pub code: String,
    pub name: String,
    pub leads: usize,
    pub cooperates: usize,
}

/// A line of the board's list of members.
#[derive(Serialize, Clone, Debug)]
pub struct MemberLine {
    pub code: String,
    pub name: String,
    pub position: String,
    /// The agency's name, in the reader's language.
    pub agency: Option<String>,
    pub communes: Vec<UnitRef>,
}

#[derive(Serialize, Clone, Debug)]
pub struct BoardIndex {
    pub agencies: Vec<AgencyLine>,
    pub members: Vec<MemberLine>,
    pub demo: bool,
}

/// A criterion's count of units in one period with data.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    pub period: String,
    pub period_label: String,
    pub met: usize,
    pub not_met: usize,
    pub missing: usize,
}

/// One criterion an agency has a part in, on its board.
#[derive(Serialize, Clone, Debug)]
pub struct BoardCriterion {
    pub set_id: String,
    pub id: String,
    pub name: String,
    /// `lead` or `cooperate`.
    pub role: &'static str,
    pub period: String,
    pub period_label: String,
    pub met: usize,
    pub not_met: usize,
    pub missing: usize,
    /// The units not meeting it in the period, each with its indicators' gaps (as the
    /// criterion's page shows them).
    pub failing: Vec<FailingUnit>,
    /// Per year with data of the set, oldest first.
    pub trend: Vec<TrendPoint>,
}

/// A plan row due in the year, as the board lists it.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct PlanDue {
    pub unit: UnitRef,
    /// The criterion's id, or `None` for the whole standard.
    pub criterion: Option<String>,
    pub planned_year: i32,
    pub contents: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct AgencyBoard {
    pub code: String,
    pub name: String,
    pub criteria: Vec<BoardCriterion>,
    /// Its plan rows due this year: empty until the roadmap's plans are in the store (see
    /// [`agency_plans_due`]).
    pub plans_due: Vec<PlanDue>,
    pub year: i32,
    pub demo: bool,
}

/// A commune as its member sees it.
#[derive(Serialize, Clone, Debug)]
pub struct CommuneGlance {
    pub unit: UnitRef,
    pub met: usize,
    pub of: usize,
    pub standard: bool,
    pub recognised: bool,
    pub has_data: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct MemberBoard {
    pub code: String,
    pub name: String,
    pub position: String,
    pub agency: Option<AgencyLine>,
    pub set_id: String,
    pub period: String,
    pub period_label: String,
    pub communes: Vec<CommuneGlance>,
    /// Plan rows of the communes due this year: empty until the roadmap's plans are in the store
    /// (see [`member_plans_due`]).
    pub plans_due: Vec<PlanDue>,
    /// How many early warnings concern the communes (see [`member_warnings`]); none until the
    /// roadmap's plans are in the store.
    pub warnings: usize,
    pub year: i32,
    pub demo: bool,
}

/// The plan rows `agency` answers for that are due by the end of `year` (planned for that year):
/// the hook the board calls once the roadmap's plans are in the store (issue 9, roadmap).
pub fn agency_plans_due(live: &crate::state::Live, plans: &[Plan], agency: &Agency, year: i32) -> Vec<PlanDue> {
    plans
        .iter()
        .filter(|p| p.planned_year == year)
        .filter(|p| matches!(&p.responsible, Some(Responsible::Agency(code)) if *code == agency.code))
        .map(|p| plan_due(live, p))
        .collect()
}

/// The plan rows of a member's communes (and their villages) due in `year`: the same hook.
pub fn member_plans_due(live: &crate::state::Live, plans: &[Plan], communes: &[UnitIdx], year: i32) -> Vec<PlanDue> {
    plans
        .iter()
        .filter(|p| p.planned_year == year && communes.iter().any(|&c| live.tree.is_within(p.unit, c)))
        .map(|p| plan_due(live, p))
        .collect()
}

/// The early warnings about a member's communes (and their villages).
pub fn member_warnings<'a>(
    live: &crate::state::Live,
    warnings: &'a [Warning],
    communes: &[UnitIdx],
) -> Vec<&'a Warning> {
    warnings.iter().filter(|w| communes.iter().any(|&c| live.tree.is_within(w.unit, c))).collect()
}

fn plan_due(live: &crate::state::Live, p: &Plan) -> PlanDue {
    PlanDue {
        unit: unit_ref(live, p.unit),
        criterion: match &p.item {
            PlanItem::Criterion { criterion, .. } => Some(criterion.clone()),
            PlanItem::Standard(_) => None,
        },
        planned_year: p.planned_year,
        contents: p.contents.clone(),
    }
}

fn agency_line(a: &Agency, lang: Lang) -> AgencyLine {
    AgencyLine {
        code: a.code.clone(),
        name: a.name_in(lang).to_string(),
        leads: a.criteria.len(),
        cooperates: a.roles().filter(|(_, r)| *r == AgencyRole::Cooperate).count(),
    }
}

impl App {
    /// The communes of a stored member, as units of the tree.
    fn member_communes(&self, m: &MemberRecord) -> Vec<UnitIdx> {
        let live = self.live();
        m.unit_ids.iter().filter_map(|id| live.unit_index.get(id).copied()).collect()
    }

    /// The code of the member linked to an account, if any: where that account lands.
    pub fn member_of_user(&self, user_id: i64) -> Option<String> {
        self.live().org.member_of_user(user_id).map(|m| m.code.clone())
    }

    /// The board's lists: every agency and every member.
    pub fn board(&self, lang: Lang) -> Result<BoardIndex, AppError> {
        let live = self.live();
        let agencies = live.org.agencies.iter().map(|a| agency_line(a, lang)).collect();
        let members = live
            .org
            .members
            .iter()
            .map(|m| MemberLine {
                code: m.code.clone(),
                name: m.name.clone(),
                position: m.position.clone(),
                agency: m.agency_id.and_then(|id| live.org.by_id(id)).map(|a| a.name_in(lang).to_string()),
                communes: m
                    .unit_ids
                    .iter()
                    .filter_map(|id| live.unit_index.get(id))
                    .map(|&u| unit_ref(&live, u))
                    .collect(),
            })
            .collect();
        Ok(BoardIndex { agencies, members, demo: self.config.demo })
    }

    /// An agency's board: each criterion it leads, then each it co-operates on, with the units
    /// failing it in the period (the latest with data unless asked) and its trend over the years
    /// with data.
    pub fn agency_board(&self, code: &str, asked: Option<&str>, lang: Lang) -> Result<AgencyBoard, AppError> {
        let agency = self.live().org.by_code(code).cloned().ok_or(AppError::NotFound)?;
        let mut criteria = Vec::new();
        for (c, role) in agency.roles() {
            let view = self.criterion(&c.set, &c.criterion, asked, lang)?;
            let trend = self.criterion_trend(&c.set, &c.criterion, lang)?;
            criteria.push(BoardCriterion {
                set_id: c.set.clone(),
                id: view.id,
                name: view.name,
                role: role.code(),
                period: view.ctx.period,
                period_label: view.ctx.period_label,
                met: view.met,
                not_met: view.not_met,
                missing: view.missing,
                failing: view.failing,
                trend,
            });
        }
        // The rows due in the year the board shows (the latest with data unless asked).
        let year =
            choose_period(&self.live(), &self.config.default_set, asked).map_or(self.today().year(), |p| p.year());
        let plans_due = {
            let live = self.live();
            agency_plans_due(&live, &live.roadmap.plans, &agency, year)
        };
        Ok(AgencyBoard {
            code: agency.code.clone(),
            name: agency.name_in(lang).to_string(),
            criteria,
            plans_due,
            year,
            demo: self.config.demo,
        })
    }

    /// A criterion's counts in every year with data of its set, oldest first (from the
    /// evaluation cache).
    fn criterion_trend(&self, set_id: &str, criterion: &str, lang: Lang) -> Result<Vec<TrendPoint>, AppError> {
        let mut years: Vec<Period> = {
            let live = self.live();
            live.periods_with_data(set_id).into_iter().filter(|p| matches!(p, Period::Year(_))).collect()
        };
        years.sort();
        let needs: Vec<(String, Period)> = years.iter().map(|&p| (set_id.to_string(), p)).collect();
        let live = self.prepared_all(&needs)?;
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let ci = set.criteria().iter().position(|c| c.id == criterion).ok_or(AppError::NotFound)?;
        Ok(years
            .iter()
            .filter_map(|&p| {
                let n = live.rollup(set_id, p)?.per_criterion.get(ci)?;
                Some(TrendPoint {
                    period: p.to_string(),
                    period_label: period_label(p, lang),
                    met: n.met,
                    not_met: n.not_met,
                    missing: n.missing,
                })
            })
            .collect())
    }

    /// A member's board: his or her communes at a glance in the period of the default set.
    pub fn member_board(&self, code: &str, asked: Option<&str>, lang: Lang) -> Result<MemberBoard, AppError> {
        let member = self.live().org.members.iter().find(|m| m.code == code).cloned().ok_or(AppError::NotFound)?;
        let communes = self.member_communes(&member);
        let set_id = self.config.default_set.clone();
        let period = choose_period(&self.live(), &set_id, asked)?;
        // The period's warnings (none when it has no evaluation), before the state is held.
        let warnings = self.warnings(&set_id, period).unwrap_or_default();
        let year = period.year();
        let live = self.prepared_all(&[(set_id.clone(), period)])?;
        let plans_due = member_plans_due(&live, &live.roadmap.plans, &communes, year);
        let warnings = member_warnings(&live, &warnings, &communes).len();
        let eval = live.evaluation(&set_id, period).ok_or(AppError::NotFound)?;
        let has_data = live.has_data(&set_id, period);
        let glances = communes
            .iter()
            .map(|&u| {
                let pos = eval.units().iter().position(|&x| x == u);
                let glance = Glance {
                    met: pos.map_or(0, |p| eval.criteria_met(p)),
                    of: eval.criteria_total(),
                    standard: pos.is_some_and(|p| eval.standard_met(p)),
                    recognised: live.recognitions.of(u).any(|r| r.lost.is_none()),
                };
                CommuneGlance {
                    unit: unit_ref(&live, u),
                    met: glance.met,
                    of: glance.of,
                    standard: glance.standard,
                    recognised: glance.recognised,
                    has_data: has_data && pos.is_some(),
                }
            })
            .collect();
        Ok(MemberBoard {
            code: member.code.clone(),
            name: member.name.clone(),
            position: member.position.clone(),
            agency: member.agency_id.and_then(|id| live.org.by_id(id)).map(|a| agency_line(a, lang)),
            set_id,
            period: period.to_string(),
            period_label: period_label(period, lang),
            communes: glances,
            plans_due,
            warnings,
            year,
            demo: self.config.demo,
        })
    }

    /// Imports a Steering Committee members file (format: [`ntm_io::people`]): every row checked
    /// against the tree, the agencies and the accounts, no code already in the database, no
    /// account linked twice; then every member in one transaction, audited as one event
    /// `member.import`. Bad input ([`AppError::Invalid`]) writes nothing. Returns how many.
    pub async fn import_members(&self, actor: Option<&User>, name: &str, text: &str) -> Result<usize, AppError> {
        self.refresh().await?;
        self.may_manage(actor)?;
        let users = self.db.users().await?;
        let usernames: Vec<String> = users.iter().map(|u| u.username.clone()).collect();
        let records = {
            let live = self.live();
            let rows = ntm_io::read_members(name, text, &live.tree, &live.org.agencies, &usernames)?;
            let taken: HashSet<&str> = live.org.members.iter().map(|m| m.code.as_str()).collect();
            let linked: HashSet<i64> = live.org.members.iter().filter_map(|m| m.user_id).collect();
            let mut errors = InputErrors::default();
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let at = |f: &str| Location::at(name, r.line, f);
                if taken.contains(r.code.as_str()) {
                    errors.push(at("code"), Problem::MemberExists(r.code.clone()));
                }
                let user_id = r.account.as_ref().and_then(|a| users.iter().find(|u| &u.username == a)).map(|u| u.id);
                if let (Some(id), Some(a)) = (user_id, &r.account)
                    && linked.contains(&id)
                {
                    errors.push(at("account"), Problem::AccountLinked(a.clone()));
                }
                out.push(MemberRecord {
                    id: 0,
                    code: r.code,
                    name: r.name,
                    position: r.position,
                    agency_id: r.agency.and_then(|c| live.org.by_code(&c).map(|a| a.id)),
                    unit_ids: r.communes.iter().filter_map(|&u| live.unit_id(u)).collect(),
                    user_id,
                });
            }
            errors.into_result(out)?
        };
        self.db.import_members(&records, name, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(records.len())
    }
}
