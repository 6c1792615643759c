//! The roadmap (lộ trình): a row per unit × item (a criterion of a set, or the whole standard at a
//! level) with its planned year, contents, who answers for it and its estimate; who changed it
//! last and when. Counted with the targets in [`Area::Plans`]. A file replaces the roadmap of its
//! set whole (one audited event); a row is saved or deleted alone, audited with old → new.

use ntm_domain::audit::Event;

use crate::audit::{self, AuditRecord, SELECT_LOG};
use crate::{Area, Db, LOCK_WRITERS, Result, StoreError, in_tx, on_db, record};

/// A roadmap row as stored: units by their store ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRecord {
    pub id: i64,
    pub unit_id: i64,
    /// The set of a criterion row; empty for a row of the whole standard.
    pub set_id: String,
    /// A criterion id of the set, or `all`.
    pub criterion: String,
    /// The recognition level of an `all` row; empty for a criterion row.
    pub level: String,
    pub planned_year: i32,
    pub contents: String,
    /// An agency code, or empty.
    pub responsible_agency: String,
    pub responsible_unit_id: Option<i64>,
    /// Whole đồng.
    pub estimate: Option<i64>,
    /// Who changed it last (`None`: the command line) and when (ms since the epoch, UTC); read
    /// only (the store sets them).
    pub changed_by: Option<i64>,
    pub changed_at: i64,
}

/// The codes an event names a row by: its unit's code and what it answers for (agency code or
/// unit code), given by the caller (the store keeps ids).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanNames {
    pub unit_code: String,
    pub responsible: Option<String>,
}

type Row = (i64, i64, String, String, String, i64, String, String, Option<i64>, Option<i64>, Option<i64>, i64);

const SELECT: &str = "select id, unit_id, set_id, criterion, level, planned_year, contents, responsible_agency, \
     responsible_unit_id, estimate, changed_by, changed_at from plan_row";

fn of_row(r: Row) -> Result<PlanRecord> {
    let (id, unit_id, set_id, criterion, level, year, contents, agency, resp_unit, estimate, changed_by, changed_at) =
        r;
    Ok(PlanRecord {
        id,
        unit_id,
        set_id,
        criterion,
        level,
        planned_year: i32::try_from(year).map_err(|_| StoreError::Corrupt(format!("plan {id}: year")))?,
        contents,
        responsible_agency: agency,
        responsible_unit_id: resp_unit,
        estimate,
        changed_by,
        changed_at,
    })
}

/// Inserts a row inside a transaction; evaluates to its id.
macro_rules! insert_plan {
    ($tx:expr, $p:expr, $actor:expr, $now:expr) => {{
        let p: &PlanRecord = $p;
        let id: i64 = sqlx::query_scalar(
            "insert into plan_row (unit_id, set_id, criterion, level, planned_year, contents, responsible_agency, \
             responsible_unit_id, estimate, changed_by, changed_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id",
        )
        .bind(p.unit_id)
        .bind(&p.set_id)
        .bind(&p.criterion)
        .bind(&p.level)
        .bind(i64::from(p.planned_year))
        .bind(&p.contents)
        .bind(&p.responsible_agency)
        .bind(p.responsible_unit_id)
        .bind(p.estimate)
        .bind($actor)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}

impl Db {
    /// Every roadmap row, by unit, item.
    pub async fn plans(&self) -> Result<Vec<PlanRecord>> {
        let sql = format!("{SELECT} order by unit_id, set_id, criterion, level");
        let rows: Vec<Row> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?);
        rows.into_iter().map(of_row).collect()
    }

    /// Replaces the roadmap of `set_id` (its criterion rows, and every row of the whole standard
    /// at one of `levels`) with `rows`, all or nothing, as one audited event naming the file and
    /// the count.
    pub async fn import_plans(
        &self,
        source: &str,
        set_id: &str,
        levels: &[String],
        rows: &[PlanRecord],
        actor: Option<i64>,
    ) -> Result<usize> {
        let now = crate::now_ms();
        in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            sqlx::query("delete from plan_row where set_id = $1").bind(set_id).execute(&mut *tx).await?;
            for level in levels {
                sqlx::query("delete from plan_row where criterion = 'all' and level = $1")
                    .bind(level)
                    .execute(&mut *tx)
                    .await?;
            }
            for p in rows {
                insert_plan!(tx, p, actor, now);
            }
            let event = Event::PlansImported {
                source: source.into(),
                set: set_id.into(),
                plans: i64::try_from(rows.len()).unwrap_or(i64::MAX),
            };
            record!(tx, Area::Plans, actor, &event);
        });
        Ok(rows.len())
    }

    /// Adds a row, or changes the row of the same unit and item; audited with old → new.
    /// Returns the row's id.
    pub async fn save_plan(&self, p: &PlanRecord, names: &PlanNames, actor: Option<i64>) -> Result<i64> {
        let now = crate::now_ms();
        let find = format!("{SELECT} where unit_id = $1 and set_id = $2 and criterion = $3 and level = $4");
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let old: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(find.clone()))
                .bind(p.unit_id)
                .bind(&p.set_id)
                .bind(&p.criterion)
                .bind(&p.level)
                .fetch_optional(&mut *tx)
                .await?;
            let old = old.map(of_row).transpose()?;
            let old_responsible = match &old {
                Some(o) if !o.responsible_agency.is_empty() => Some(o.responsible_agency.clone()),
                Some(PlanRecord { responsible_unit_id: Some(u), .. }) => {
                    sqlx::query_scalar("select code from unit where id = $1").bind(*u).fetch_optional(&mut *tx).await?
                }
                _ => None,
            };
            let id = match &old {
                Some(o) => {
                    sqlx::query(
                        "update plan_row set planned_year = $1, contents = $2, responsible_agency = $3, \
                         responsible_unit_id = $4, estimate = $5, changed_by = $6, changed_at = $7 where id = $8",
                    )
                    .bind(i64::from(p.planned_year))
                    .bind(&p.contents)
                    .bind(&p.responsible_agency)
                    .bind(p.responsible_unit_id)
                    .bind(p.estimate)
                    .bind(actor)
                    .bind(now)
                    .bind(o.id)
                    .execute(&mut *tx)
                    .await?;
                    o.id
                }
                None => insert_plan!(tx, p, actor, now),
            };
            let event = Event::PlanSaved {
                unit: names.unit_code.clone(),
                set: p.set_id.clone(),
                criterion: p.criterion.clone(),
                level: p.level.clone(),
                old_year: old.as_ref().map(|o| i64::from(o.planned_year)),
                new_year: i64::from(p.planned_year),
                old_responsible,
                new_responsible: names.responsible.clone(),
                old_estimate: old.as_ref().and_then(|o| o.estimate),
                new_estimate: p.estimate,
            };
            record!(tx, Area::Plans, actor, &event);
            id
        });
        Ok(id)
    }

    /// Deletes a row by id (audited with the year it planned); [`StoreError::NotFound`] if none.
    pub async fn delete_plan(&self, id: i64, unit_code: &str, actor: Option<i64>) -> Result<()> {
        let find = format!("{SELECT} where id = $1");
        in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let old: Option<Row> =
                sqlx::query_as(sqlx::AssertSqlSafe(find.clone())).bind(id).fetch_optional(&mut *tx).await?;
            let old = old.map(of_row).transpose()?.ok_or(StoreError::NotFound)?;
            sqlx::query("delete from plan_row where id = $1").bind(id).execute(&mut *tx).await?;
            let event = Event::PlanDeleted {
                unit: unit_code.into(),
                set: old.set_id.clone(),
                criterion: old.criterion.clone(),
                level: old.level.clone(),
                year: i64::from(old.planned_year),
            };
            record!(tx, Area::Plans, actor, &event);
        });
        Ok(())
    }

    /// The roadmap events about a unit (by its code), newest first: its rows saved and deleted,
    /// and the files that replaced the roadmap.
    pub async fn plan_history(&self, unit_code: &str, limit: i64) -> Result<Vec<AuditRecord>> {
        let sql = format!(
            "{SELECT_LOG} and (a.action = 'plan.import' or (a.action like 'plan.%' and a.subject like $2)) \
             order by a.id desc limit $3"
        );
        let rows: Vec<audit::Row> = on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(i64::MAX)
            .bind(format!("{unit_code} %"))
            .bind(limit)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(audit::record_of).collect())
    }
}
