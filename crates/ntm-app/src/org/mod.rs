//! Agencies and the criteria they answer for: loaded with the live state (they decide who may
//! enter what), reloaded alone when the `org` counter moves.

use ntm_domain::{Action, Agency, CriterionRef, Lang, can, org::valid_agency_code};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, StoreError};

use crate::{App, AppError, User};

/// The agencies as loaded.
#[derive(Clone, Debug, Default)]
pub struct OrgState {
    pub agencies: Vec<Agency>,
    /// The Steering Committee members, as stored (communes and account by store id).
    pub members: Vec<ntm_store::MemberRecord>,
}

impl OrgState {
    pub async fn load(db: &Db) -> Result<OrgState, AppError> {
        Ok(OrgState { agencies: db.agencies().await?, members: db.members().await? })
    }

    /// The member linked to an account, by the account's store id.
    pub fn member_of_user(&self, user_id: i64) -> Option<&ntm_store::MemberRecord> {
        self.members.iter().find(|m| m.user_id == Some(user_id))
    }

    pub fn by_id(&self, id: i64) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    pub fn by_code(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }

    /// The names of the agencies co-operating on a criterion (not leading it), in `lang`.
    pub fn cooperating_names(&self, set_id: &str, criterion: &str, lang: Lang) -> Vec<String> {
        ntm_domain::org::cooperating_on(&self.agencies, set_id, criterion)
            .iter()
            .map(|a| a.name_in(lang).to_string())
            .collect()
    }

    /// The names of the agencies answering for a criterion, in `lang`.
    pub fn responsible_names(&self, set_id: &str, criterion: &str, lang: Lang) -> Vec<String> {
        ntm_domain::org::responsible_for(&self.agencies, set_id, criterion)
            .iter()
            .map(|a| a.name_in(lang).to_string())
            .collect()
    }
}

/// Why an agency or an assignment cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrgProblem {
    #[error("agency code {0:?}: 1 to 32 of a-z, 0-9, '-' or '_'")]
    BadCode(String),
    #[error("the agency's name is required")]
    NoName,
    #[error("agency {0} exists already")]
    Taken(String),
    #[error("no agency {0}")]
    UnknownAgency(String),
    #[error("no criterion {criterion} in set {set}")]
    UnknownCriterion { set: String, criterion: String },
}

impl App {
    fn check_criteria(&self, criteria: &[CriterionRef]) -> Vec<OrgProblem> {
        let live = self.live();
        criteria
            .iter()
            .filter(|c| live.set(&c.set).is_none_or(|s| !s.criteria().iter().any(|x| x.id == c.criterion)))
            .map(|c| OrgProblem::UnknownCriterion { set: c.set.clone(), criterion: c.criterion.clone() })
            .collect()
    }

    /// Whether `actor` may change the programme's data (agencies, targets, recognitions).
    pub(crate) fn may_manage(&self, actor: Option<&User>) -> Result<(), AppError> {
        match actor {
            None => Ok(()), // the command line, run by whoever holds the database
            Some(u) if can(Some(&u.principal), Action::ManageProgramme, &self.live().tree, false) => Ok(()),
            Some(_) => Err(AppError::Forbidden),
        }
    }

    /// Adds an agency with the criteria it answers for: every problem, or its id.
    pub async fn add_agency(
        &self,
        actor: Option<&User>,
        code: &str,
        name: &str,
        criteria: &[CriterionRef],
    ) -> Result<Result<i64, Vec<OrgProblem>>, AppError> {
        self.may_manage(actor)?;
        let mut problems = Vec::new();
        if !valid_agency_code(code) {
            problems.push(OrgProblem::BadCode(code.into()));
        }
        if name.trim().is_empty() {
            problems.push(OrgProblem::NoName);
        }
        problems.extend(self.check_criteria(criteria));
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        match self.db.add_agency(code, name.trim(), criteria, actor.map(|u| u.id)).await {
            Ok(id) => {
                self.refresh().await?;
                Ok(Ok(id))
            }
            Err(StoreError::Duplicate(_)) => Ok(Err(vec![OrgProblem::Taken(code.into())])),
            Err(e) => Err(e.into()),
        }
    }

    /// Imports an agencies file (format: [`ntm_io::org`]): every row checked against the criteria
    /// sets, and no code already in the database; then every agency in one transaction, each
    /// audited. Bad input ([`AppError::Invalid`]: every error with its line) writes nothing.
    /// Returns how many agencies were added.
    pub async fn import_agencies(&self, actor: Option<&User>, name: &str, text: &str) -> Result<usize, AppError> {
        self.refresh().await?;
        self.may_manage(actor)?;
        let agencies = {
            let live = self.live();
            let rows = ntm_io::read_agencies(name, text, &live.catalog)?;
            let mut errors = InputErrors::default();
            for r in rows.iter().filter(|r| live.org.by_code(&r.agency.code).is_some()) {
                errors.push(Location::at(name, r.line, "code"), Problem::AgencyExists(r.agency.code.clone()));
            }
            errors.into_result(rows.into_iter().map(|r| r.agency).collect::<Vec<_>>())?
        };
        self.db.add_agencies(&agencies, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(agencies.len())
    }

    /// Gives an agency one more criterion; false when it had it already.
    pub async fn assign_criterion(
        &self,
        actor: Option<&User>,
        agency: &str,
        criterion: &CriterionRef,
    ) -> Result<Result<bool, Vec<OrgProblem>>, AppError> {
        self.may_manage(actor)?;
        let problems = self.check_criteria(std::slice::from_ref(criterion));
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        match self.db.assign_criterion(agency, criterion, actor.map(|u| u.id)).await {
            Ok(added) => {
                self.refresh().await?;
                Ok(Ok(added))
            }
            Err(StoreError::NotFound) => Ok(Err(vec![OrgProblem::UnknownAgency(agency.into())])),
            Err(e) => Err(e.into()),
        }
    }
}
