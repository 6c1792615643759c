//! Reasons and solutions (lý do, giải pháp): per unit × criterion of a set (or `all`) × period,
//! the reason of the shortfall and the proposed solution, who wrote them and when. Saving again
//! replaces them, audited with old → new (`reason.save`); counted with the roadmap in
//! [`Area::Plans`], so the live state reloads them with it.

use ntm_domain::audit::Event;

use crate::{Area, Db, LOCK_WRITERS, Result, in_tx, on_db, record};

/// A reason as stored: its unit by store id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonRecord {
    pub id: i64,
    pub unit_id: i64,
    pub set_id: String,
    /// A criterion id of the set, or `all`.
    pub criterion: String,
    /// A period code (`2024`, `2024-Q2`).
    pub period: String,
    pub reason: String,
    pub solution: String,
    /// Who wrote it last (`None`: the command line) and when (ms since the epoch, UTC); read
    /// only (the store sets them).
    pub changed_by: Option<i64>,
    pub changed_at: i64,
}

type Row = (i64, i64, String, String, String, String, String, Option<i64>, i64);

const SELECT: &str =
    "select id, unit_id, set_id, criterion, period, reason, solution, changed_by, changed_at from reason";

fn of_row(r: Row) -> ReasonRecord {
    let (id, unit_id, set_id, criterion, period, reason, solution, changed_by, changed_at) = r;
    ReasonRecord { id, unit_id, set_id, criterion, period, reason, solution, changed_by, changed_at }
}

impl Db {
    /// Every reason, by unit, set, criterion, period.
    pub async fn reasons(&self) -> Result<Vec<ReasonRecord>> {
        let sql = format!("{SELECT} order by unit_id, set_id, criterion, period");
        let rows: Vec<Row> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?);
        Ok(rows.into_iter().map(of_row).collect())
    }

    /// Writes the reason and solution of a unit (`unit_code` names it in the event) on a
    /// criterion in a period, replacing what was there; audited with old → new. Returns its id.
    pub async fn save_reason(&self, r: &ReasonRecord, unit_code: &str, actor: Option<i64>) -> Result<i64> {
        let now = crate::now_ms();
        let find = format!("{SELECT} where unit_id = $1 and set_id = $2 and criterion = $3 and period = $4");
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let old: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(find.clone()))
                .bind(r.unit_id)
                .bind(&r.set_id)
                .bind(&r.criterion)
                .bind(&r.period)
                .fetch_optional(&mut *tx)
                .await?;
            let old = old.map(of_row);
            let id: i64 = match &old {
                Some(o) => {
                    sqlx::query(
                        "update reason set reason = $1, solution = $2, changed_by = $3, changed_at = $4 where id = $5",
                    )
                    .bind(&r.reason)
                    .bind(&r.solution)
                    .bind(actor)
                    .bind(now)
                    .bind(o.id)
                    .execute(&mut *tx)
                    .await?;
                    o.id
                }
                None => {
                    sqlx::query_scalar(
                        "insert into reason (unit_id, set_id, criterion, period, reason, solution, changed_by, \
                         changed_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
                    )
                    .bind(r.unit_id)
                    .bind(&r.set_id)
                    .bind(&r.criterion)
                    .bind(&r.period)
                    .bind(&r.reason)
                    .bind(&r.solution)
                    .bind(actor)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            let event = Event::ReasonSaved {
                unit: unit_code.into(),
                set: r.set_id.clone(),
                criterion: r.criterion.clone(),
                period: r.period.clone(),
                old_reason: old.as_ref().map(|o| o.reason.clone()),
                new_reason: r.reason.clone(),
                old_solution: old.as_ref().map(|o| o.solution.clone()),
                new_solution: r.solution.clone(),
            };
            record!(tx, Area::Plans, actor, &event);
            id
        });
        Ok(id)
    }
}
