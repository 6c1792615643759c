//! Recognition decisions (công nhận đạt chuẩn) and their loss: the `recognitions` area.

use ntm_domain::audit::Event;
use ntm_domain::{Date, Loss, RecognitionLevel};

use crate::{Area, Db, Result, StoreError, in_tx, on_db, record};

/// A recognition as stored: the domain's, with the unit by its store id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognitionRecord {
    pub id: i64,
    pub unit_id: i64,
    pub level: RecognitionLevel,
    pub decision: String,
    pub decided_on: Date,
    pub lost: Option<Loss>,
}

type Row = (i64, i64, String, String, String, String, String);

impl Db {
    /// Every recognition, by date of decision.
    pub async fn recognitions(&self) -> Result<Vec<RecognitionRecord>> {
        let rows: Vec<Row> = on_db!(self, read, |p| {
            sqlx::query_as(
            "select id, unit_id, level, decision, decided_on, lost_on, lost_decision from recognition order by decided_on, id"
        )
        .fetch_all(p)
        .await?
        });
        rows.into_iter()
            .map(|(id, unit_id, level, decision, decided_on, lost_on, lost_decision)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("recognition {id}: {what}"));
                Ok(RecognitionRecord {
                    id,
                    unit_id,
                    level: RecognitionLevel::from_code(&level).ok_or_else(|| corrupt("level"))?,
                    decision,
                    decided_on: Date::parse(&decided_on).map_err(|_| corrupt("date"))?,
                    lost: match lost_on.as_str() {
                        "" => None,
                        d => Some(Loss {
                            on: Date::parse(d).map_err(|_| corrupt("date lost"))?,
                            decision: lost_decision,
                        }),
                    },
                })
            })
            .collect()
    }

    /// Records a decision; `unit_code` names the unit in the audit.
    pub async fn add_recognition(&self, r: &RecognitionRecord, unit_code: &str, actor: Option<i64>) -> Result<i64> {
        let ids = self.add_recognitions(&[(r.clone(), unit_code.to_string())], actor).await?;
        ids.first().copied().ok_or(StoreError::NotFound)
    }

    /// Records decisions, all or none, each audited; (decision, its unit's code) in order.
    pub async fn add_recognitions(&self, list: &[(RecognitionRecord, String)], actor: Option<i64>) -> Result<Vec<i64>> {
        let ids = in_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(list.len());
            for (r, unit_code) in list {
                let id: i64 = sqlx::query_scalar(
                    "insert into recognition (unit_id, level, decision, decided_on, lost_on, lost_decision) \
                 values ($1, $2, $3, $4, $5, $6) returning id",
                )
                .bind(r.unit_id)
                .bind(r.level.code())
                .bind(&r.decision)
                .bind(r.decided_on.to_string())
                .bind(r.lost.as_ref().map(|l| l.on.to_string()).unwrap_or_default())
                .bind(r.lost.as_ref().map(|l| l.decision.clone()).unwrap_or_default())
                .fetch_one(&mut *tx)
                .await?;
                let event = Event::RecognitionAdded {
                    unit: unit_code.into(),
                    level: r.level.code().into(),
                    decision: r.decision.clone(),
                    decided_on: r.decided_on.to_string(),
                };
                record!(tx, Area::Recognitions, actor, &event);
                ids.push(id);
            }
            ids
        });
        Ok(ids)
    }
}

impl Db {
    /// Records the loss of recognition `id` (thu hồi), audited; `unit_code` names the unit in
    /// the audit. [`StoreError::NotFound`] when there is no such decision.
    pub async fn lose_recognition(&self, id: i64, loss: &Loss, unit_code: &str, actor: Option<i64>) -> Result<()> {
        in_tx!(self, |tx| {
            let row: Option<(String, String)> = sqlx::query_as("select level, decision from recognition where id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some((level, decision)) = row else {
                return Err(StoreError::NotFound);
            };
            sqlx::query("update recognition set lost_on = $1, lost_decision = $2 where id = $3")
                .bind(loss.on.to_string())
                .bind(&loss.decision)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let event = Event::RecognitionLost {
                unit: unit_code.into(),
                level,
                decision,
                lost_on: loss.on.to_string(),
                lost_decision: loss.decision.clone(),
            };
            record!(tx, Area::Recognitions, actor, &event);
        });
        Ok(())
    }
}
