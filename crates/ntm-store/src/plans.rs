//! Targets (mục tiêu) and their units as rows: the `plans` area (plans per commune × criterion ×
//! year come with the plans issue).

use ntm_domain::audit::Event;
use ntm_domain::{Ratio, RecognitionLevel, Target, TargetKind, TargetPart};

use crate::{Area, Db, Result, StoreError, in_tx, on_db, record};

type TargetRow = (i64, String, String, String, String, String, String, i64, i64, String, String, String, String);

/// A figure kept exact as `num/den` text.
fn ratio_text(r: &Ratio) -> String {
    format!("{}/{}", r.numerator(), r.denominator())
}

fn ratio_of(text: &str) -> Option<Ratio> {
    let (num, den) = text.split_once('/')?;
    Ratio::new(num.parse().ok()?, den.parse().ok()?).ok()
}

impl Db {
    /// Every target with its units, by year.
    pub async fn targets(&self) -> Result<Vec<Target>> {
        let rows: Vec<TargetRow> = on_db!(self, read, |p| {
            sqlx::query_as(
            "select id, code, title_vi, title_en, kind, set_id, level, year, quota, source, indicator, value, unit_code \
             from target order by year, id"
        )
        .fetch_all(p)
        .await?
        });
        let parts: Vec<(i64, String, Option<i64>)> = on_db!(self, read, |p| sqlx::query_as(
            "select target_id, unit_code, quota from target_part order by target_id, position"
        )
        .fetch_all(p)
        .await?);
        rows.into_iter()
            .map(
                |(
                    id,
                    code,
                    title_vi,
                    title_en,
                    kind,
                    set_id,
                    level,
                    year,
                    quota,
                    source,
                    indicator,
                    value,
                    unit_code,
                )| {
                    let corrupt = |what: &str| StoreError::Corrupt(format!("target {code}: {what}"));
                    Ok(Target {
                        kind: TargetKind::from_code(&kind).ok_or_else(|| corrupt("kind"))?,
                        level: match level.as_str() {
                            "" => None,
                            l => Some(RecognitionLevel::from_code(l).ok_or_else(|| corrupt("level"))?),
                        },
                        set_id: (!set_id.is_empty()).then_some(set_id),
                        year: i32::try_from(year).map_err(|_| corrupt("year"))?,
                        quota: u32::try_from(quota).map_err(|_| corrupt("quota"))?,
                        indicator: (!indicator.is_empty()).then_some(indicator),
                        value: match value.as_str() {
                            "" => None,
                            v => Some(ratio_of(v).ok_or_else(|| corrupt("value"))?),
                        },
                        unit_code: (!unit_code.is_empty()).then_some(unit_code),
                        parts: parts
                            .iter()
                            .filter(|p| p.0 == id)
                            .map(|p| TargetPart {
                                unit_code: p.1.clone(),
                                quota: p.2.and_then(|q| u32::try_from(q).ok()),
                            })
                            .collect(),
                        id,
                        code,
                        title_vi,
                        title_en,
                        source,
                    })
                },
            )
            .collect()
    }

    /// Adds a target with its units; returns its id.
    pub async fn add_target(&self, t: &Target, actor: Option<i64>) -> Result<i64> {
        self.add_targets(std::slice::from_ref(t), actor).await?.first().copied().ok_or(StoreError::NotFound)
    }

    /// Adds targets with their units, all or none, each audited; returns their ids.
    pub async fn add_targets(&self, targets: &[Target], actor: Option<i64>) -> Result<Vec<i64>> {
        let ids = in_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(targets.len());
            for t in targets {
                let id: i64 = sqlx::query_scalar(
                    "insert into target (code, title_vi, title_en, kind, set_id, level, year, quota, source, \
                 indicator, value, unit_code) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id",
                )
                .bind(&t.code)
                .bind(&t.title_vi)
                .bind(&t.title_en)
                .bind(t.kind.code())
                .bind(t.set_id.clone().unwrap_or_default())
                .bind(t.level.map(|l| l.code()).unwrap_or_default())
                .bind(i64::from(t.year))
                .bind(i64::from(t.quota))
                .bind(&t.source)
                .bind(t.indicator.clone().unwrap_or_default())
                .bind(t.value.as_ref().map(ratio_text).unwrap_or_default())
                .bind(t.unit_code.clone().unwrap_or_default())
                .fetch_one(&mut *tx)
                .await?;
                for (position, part) in t.parts.iter().enumerate() {
                    sqlx::query(
                        "insert into target_part (target_id, position, unit_code, quota) values ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(i64::try_from(position).unwrap_or(i64::MAX))
                    .bind(&part.unit_code)
                    .bind(part.quota.map(i64::from))
                    .execute(&mut *tx)
                    .await?;
                }
                record!(
                    tx,
                    Area::Plans,
                    actor,
                    &Event::TargetAdded {
                        code: t.code.clone(),
                        title: t.title_vi.clone(),
                        title_en: t.title_en.clone(),
                    }
                );
                ids.push(id);
            }
            ids
        });
        Ok(ids)
    }
}
