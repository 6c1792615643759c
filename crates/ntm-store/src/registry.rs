//! Agencies and their criteria, recognition decisions, targets, threshold layers and criteria sets
//! added by an administrator.

use crate::{BUMP_REVISION, BUMP_STRUCTURE, Db, INSERT_AUDIT, Result, in_tx, now_ms, on_db};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyRecord {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// (set id, criterion id) the agency is responsible for.
    pub criteria: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognitionRecord {
    pub id: i64,
    pub unit_id: i64,
    pub level: String,
    pub decision: String,
    pub decided_on: String,
    pub lost_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRecord {
    pub id: i64,
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub kind: String,
    pub set_id: String,
    pub level: String,
    pub year: i64,
    pub unit_codes: String,
    pub quota: i64,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerRecord {
    pub id: i64,
    pub layer_id: String,
    pub set_id: String,
    pub kind: String,
    pub title: String,
    pub scope_code: String,
    pub entries: Vec<LayerEntryRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerEntryRecord {
    pub indicator: String,
    pub key: String,
    pub year: i64,
    pub value_text: String,
    pub confidence: String,
    pub source: String,
}

impl Db {
    pub async fn agencies(&self) -> Result<Vec<AgencyRecord>> {
        let rows: Vec<(i64, String, String)> =
            on_db!(self, read, |p| sqlx::query_as("select id, code, name from agency order by id")
                .fetch_all(p)
                .await?);
        let mut links: Vec<(i64, String, String)> =
            on_db!(self, read, |p| sqlx::query_as("select agency_id, set_id, criterion_id from agency_criterion")
                .fetch_all(p)
                .await?);
        // Sorted here, by bytes, the same on both databases (PostgreSQL's collation ignores `-`).
        links.sort();
        Ok(rows
            .into_iter()
            .map(|(id, code, name)| AgencyRecord {
                id,
                code,
                name,
                criteria: links.iter().filter(|l| l.0 == id).map(|l| (l.1.clone(), l.2.clone())).collect(),
            })
            .collect())
    }

    /// Adds an agency with the criteria it is responsible for; returns its id.
    pub async fn add_agency(
        &self,
        code: &str,
        name: &str,
        criteria: &[(String, String)],
        actor: Option<i64>,
    ) -> Result<i64> {
        let now = now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query_scalar::<_, i64>(BUMP_REVISION).fetch_one(&mut *tx).await?;
            sqlx::query(BUMP_STRUCTURE).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar("insert into agency (code, name) values ($1, $2) returning id")
                .bind(code)
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
            for (set, criterion) in criteria {
                sqlx::query("insert into agency_criterion (agency_id, set_id, criterion_id) values ($1, $2, $3)")
                    .bind(id)
                    .bind(set)
                    .bind(criterion)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(INSERT_AUDIT)
                .bind(now)
                .bind(actor)
                .bind("agency.add")
                .bind(code)
                .bind(name)
                .bind(1_i64)
                .execute(&mut *tx)
                .await?;
            id
        });
        Ok(id)
    }

    pub async fn recognitions(&self) -> Result<Vec<RecognitionRecord>> {
        let rows: Vec<(i64, i64, String, String, String, String)> = on_db!(self, read, |p| sqlx::query_as(
            "select id, unit_id, level, decision, decided_on, lost_on from recognition order by decided_on, id"
        )
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(id, unit_id, level, decision, decided_on, lost_on)| RecognitionRecord {
                id,
                unit_id,
                level,
                decision,
                decided_on,
                lost_on,
            })
            .collect())
    }

    pub async fn add_recognition(&self, r: &RecognitionRecord, actor: Option<i64>) -> Result<i64> {
        let now = now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query_scalar::<_, i64>(BUMP_REVISION).fetch_one(&mut *tx).await?;
            sqlx::query(BUMP_STRUCTURE).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(
                "insert into recognition (unit_id, level, decision, decided_on, lost_on) values ($1, $2, $3, $4, $5) returning id",
            )
            .bind(r.unit_id)
            .bind(&r.level)
            .bind(&r.decision)
            .bind(&r.decided_on)
            .bind(&r.lost_on)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(INSERT_AUDIT)
                .bind(now)
                .bind(actor)
                .bind("recognition.add")
                .bind(&r.decision)
                .bind(format!("{} {}", r.level, r.decided_on))
                .bind(1_i64)
                .execute(&mut *tx)
                .await?;
            id
        });
        Ok(id)
    }

    pub async fn targets(&self) -> Result<Vec<TargetRecord>> {
        type Row = (i64, String, String, String, String, String, String, i64, String, i64, String);
        let rows: Vec<Row> = on_db!(self, read, |p| {
            sqlx::query_as(
            "select id, code, title_vi, title_en, kind, set_id, level, year, unit_codes, quota, source from target order by year, id"
        )
        .fetch_all(p)
        .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, code, title_vi, title_en, kind, set_id, level, year, unit_codes, quota, source)| TargetRecord {
                id,
                code,
                title_vi,
                title_en,
                kind,
                set_id,
                level,
                year,
                unit_codes,
                quota,
                source,
            })
            .collect())
    }

    pub async fn add_target(&self, t: &TargetRecord, actor: Option<i64>) -> Result<i64> {
        let now = now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query_scalar::<_, i64>(BUMP_REVISION).fetch_one(&mut *tx).await?;
            sqlx::query(BUMP_STRUCTURE).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(
                "insert into target (code, title_vi, title_en, kind, set_id, level, year, unit_codes, quota, source) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id",
            )
            .bind(&t.code)
            .bind(&t.title_vi)
            .bind(&t.title_en)
            .bind(&t.kind)
            .bind(&t.set_id)
            .bind(&t.level)
            .bind(t.year)
            .bind(&t.unit_codes)
            .bind(t.quota)
            .bind(&t.source)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(INSERT_AUDIT)
                .bind(now)
                .bind(actor)
                .bind("target.add")
                .bind(&t.code)
                .bind(&t.title_vi)
                .bind(1_i64)
                .execute(&mut *tx)
                .await?;
            id
        });
        Ok(id)
    }

    /// Every threshold layer with its entries.
    pub async fn layers(&self) -> Result<Vec<LayerRecord>> {
        let layers: Vec<(i64, String, String, String, String, String)> = on_db!(self, read, |p| sqlx::query_as(
            "select id, layer_id, set_id, kind, title, scope_code from threshold_layer order by id"
        )
        .fetch_all(p)
        .await?);
        let entries: Vec<(i64, String, String, i64, String, String, String)> = on_db!(self, read, |p| sqlx::query_as(
            "select layer_id, indicator, key, year, value_text, confidence, source from threshold_entry order by id"
        )
        .fetch_all(p)
        .await?);
        Ok(layers
            .into_iter()
            .map(|(id, layer_id, set_id, kind, title, scope_code)| LayerRecord {
                id,
                layer_id,
                set_id,
                kind,
                title,
                scope_code,
                entries: entries
                    .iter()
                    .filter(|e| e.0 == id)
                    .map(|e| LayerEntryRecord {
                        indicator: e.1.clone(),
                        key: e.2.clone(),
                        year: e.3,
                        value_text: e.4.clone(),
                        confidence: e.5.clone(),
                        source: e.6.clone(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Sets one threshold in a layer (creating the layer if needed), audited with its citation.
    /// The caller has validated it against the set.
    pub async fn set_layer_threshold(
        &self,
        layer: &LayerRecord,
        entry: &LayerEntryRecord,
        actor: Option<i64>,
    ) -> Result<i64> {
        let now = now_ms();
        let revision = in_tx!(self, |tx| {
            let revision: i64 = sqlx::query_scalar(BUMP_REVISION).fetch_one(&mut *tx).await?;
            sqlx::query(BUMP_STRUCTURE).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(
                "insert into threshold_layer (layer_id, set_id, kind, title, scope_code) values ($1, $2, $3, $4, $5) \
                 on conflict (layer_id) do update set title = excluded.title returning id",
            )
            .bind(&layer.layer_id)
            .bind(&layer.set_id)
            .bind(&layer.kind)
            .bind(&layer.title)
            .bind(&layer.scope_code)
            .fetch_one(&mut *tx)
            .await?;
            let old: Option<(String, String)> = sqlx::query_as(
                "select value_text, source from threshold_entry where layer_id = $1 and indicator = $2 and key = $3 and year = $4",
            )
            .bind(id)
            .bind(&entry.indicator)
            .bind(&entry.key)
            .bind(entry.year)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "insert into threshold_entry (layer_id, indicator, key, year, value_text, confidence, source) \
                 values ($1, $2, $3, $4, $5, $6, $7) on conflict (layer_id, indicator, key, year) do update set \
                 value_text = excluded.value_text, confidence = excluded.confidence, source = excluded.source",
            )
            .bind(id)
            .bind(&entry.indicator)
            .bind(&entry.key)
            .bind(entry.year)
            .bind(&entry.value_text)
            .bind(&entry.confidence)
            .bind(&entry.source)
            .execute(&mut *tx)
            .await?;
            let year = if entry.year == 0 { String::new() } else { format!(" năm {}", entry.year) };
            // The old value and its citation, so that a change of either leaves a trace.
            let detail = match old {
                Some((v, source)) if source != entry.source => {
                    format!("{v} (căn cứ cũ: {source}) → {}; căn cứ: {}", entry.value_text, entry.source)
                }
                Some((v, _)) => format!("{v} → {}; căn cứ: {}", entry.value_text, entry.source),
                None => format!("— → {}; căn cứ: {}", entry.value_text, entry.source),
            };
            sqlx::query(INSERT_AUDIT)
                .bind(now)
                .bind(actor)
                .bind("threshold.set")
                .bind(format!("{} {} {}{year}", layer.set_id, entry.indicator, entry.key))
                .bind(detail)
                .bind(1_i64)
                .execute(&mut *tx)
                .await?;
            revision
        });
        Ok(revision)
    }

    /// Criteria sets stored by an administrator: (id, TOML text).
    pub async fn stored_sets(&self) -> Result<Vec<(String, String)>> {
        Ok(on_db!(self, read, |p| sqlx::query_as("select id, toml from criteria_set order by id").fetch_all(p).await?))
    }
}
