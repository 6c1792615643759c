//! Agencies and the criteria they answer for: the `org` area. Steering Committee members come
//! with the plans issue.

use ntm_domain::audit::Event;
use ntm_domain::{Agency, AgencyRole, CriterionRef};

use crate::{Area, Db, Result, StoreError, in_tx, on_db, record};

impl Db {
    /// Every agency with its criteria, in the order they were added.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        let rows: Vec<(i64, String, String, String)> =
            on_db!(self, read, |p| sqlx::query_as("select id, code, name, name_en from agency order by id")
                .fetch_all(p)
                .await?);
        let mut links: Vec<(i64, String, String, String)> = on_db!(self, read, |p| sqlx::query_as(
            "select agency_id, set_id, criterion_id, role from agency_criterion"
        )
        .fetch_all(p)
        .await?);
        // Sorted here, by bytes, the same on both databases (PostgreSQL's collation ignores `-`).
        links.sort();
        Ok(rows
            .into_iter()
            .map(|(id, code, name, name_en)| Agency {
                id,
                code,
                name,
                name_en,
                criteria: links_of(&links, id, AgencyRole::Lead),
                cooperates: links_of(&links, id, AgencyRole::Cooperate),
            })
            .collect())
    }

    /// Adds an agency with the criteria it answers for; returns its id.
    pub async fn add_agency(
        &self,
        code: &str,
        name: &str,
        criteria: &[CriterionRef],
        actor: Option<i64>,
    ) -> Result<i64> {
        let agency = Agency {
            id: 0,
            code: code.into(),
            name: name.into(),
            name_en: String::new(),
            criteria: criteria.to_vec(),
            cooperates: vec![],
        };
        self.add_agencies(std::slice::from_ref(&agency), actor).await?.first().copied().ok_or(StoreError::NotFound)
    }

    /// Adds agencies with their criteria (their `id` is ignored), all or none, each audited;
    /// returns their ids.
    pub async fn add_agencies(&self, agencies: &[Agency], actor: Option<i64>) -> Result<Vec<i64>> {
        let ids = in_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(agencies.len());
            for a in agencies {
                let id: i64 =
                    sqlx::query_scalar("insert into agency (code, name, name_en) values ($1, $2, $3) returning id")
                        .bind(&a.code)
                        .bind(&a.name)
                        .bind(&a.name_en)
                        .fetch_one(&mut *tx)
                        .await?;
                for (c, role) in a.roles() {
                    sqlx::query(
                        "insert into agency_criterion (agency_id, set_id, criterion_id, role) values ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(&c.set)
                    .bind(&c.criterion)
                    .bind(role.code())
                    .execute(&mut *tx)
                    .await?;
                }
                let event =
                    Event::AgencyAdded { code: a.code.clone(), name: a.name.clone(), name_en: a.name_en.clone() };
                record!(tx, Area::Org, actor, &event);
                ids.push(id);
            }
            ids
        });
        Ok(ids)
    }

    /// Gives an agency one more criterion to lead (nothing changes if it leads it already; one it
    /// co-operated on it now leads); false when it led it. Unknown agency: not found.
    pub async fn assign_criterion(&self, agency_code: &str, c: &CriterionRef, actor: Option<i64>) -> Result<bool> {
        let added = in_tx!(self, |tx| {
            let id: Option<i64> = sqlx::query_scalar("select id from agency where code = $1")
                .bind(agency_code)
                .fetch_optional(&mut *tx)
                .await?;
            let id = id.ok_or(StoreError::NotFound)?;
            let n = sqlx::query(
                "insert into agency_criterion (agency_id, set_id, criterion_id, role) values ($1, $2, $3, 'lead') \
                 on conflict (agency_id, set_id, criterion_id) do update set role = 'lead' \
                 where agency_criterion.role <> 'lead'",
            )
            .bind(id)
            .bind(&c.set)
            .bind(&c.criterion)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n > 0 {
                let event = Event::AgencyCriterionAssigned {
                    agency: agency_code.into(),
                    set: c.set.clone(),
                    criterion: c.criterion.clone(),
                };
                record!(tx, Area::Org, actor, &event);
            }
            n > 0
        });
        Ok(added)
    }
}

/// An agency's criteria of one part, from the links read (sorted; an unknown part is read as a lead).
fn links_of(links: &[(i64, String, String, String)], id: i64, role: AgencyRole) -> Vec<CriterionRef> {
    links
        .iter()
        .filter(|l| l.0 == id && AgencyRole::from_code(&l.3).unwrap_or(AgencyRole::Lead) == role)
        .map(|l| CriterionRef::new(&l.1, &l.2))
        .collect()
}
