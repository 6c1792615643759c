//! Threshold layers (provincial overrides, corrections with a citation, illustrative demo
//! values) and criteria sets stored by an administrator: the `criteria` area.

use ntm_domain::audit::Event;

use crate::{Area, Db, Result, in_tx, on_db, record};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerRecord {
    pub id: i64,
    pub layer_id: String,
    pub set_id: String,
    pub kind: String,
    pub title: String,
    /// The title's English twin ("" when none).
    pub title_en: String,
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
    /// The source's English twin ("" when none).
    pub source_en: String,
}

impl Db {
    /// Every threshold layer with its entries.
    pub async fn layers(&self) -> Result<Vec<LayerRecord>> {
        let layers: Vec<(i64, String, String, String, String, String, String)> =
            on_db!(self, read, |p| sqlx::query_as(
                "select id, layer_id, set_id, kind, title, title_en, scope_code from threshold_layer order by id"
            )
            .fetch_all(p)
            .await?);
        type Entry = (i64, String, String, i64, String, String, String, String);
        let entries: Vec<Entry> = on_db!(self, read, |p| sqlx::query_as(
            "select layer_id, indicator, key, year, value_text, confidence, source, source_en from threshold_entry \
             order by id"
        )
        .fetch_all(p)
        .await?);
        Ok(layers
            .into_iter()
            .map(|(id, layer_id, set_id, kind, title, title_en, scope_code)| LayerRecord {
                id,
                layer_id,
                set_id,
                kind,
                title,
                title_en,
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
                        source_en: e.7.clone(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Sets one threshold in a layer (creating the layer if needed), audited with its citation
    /// and the value and citation it replaces. The caller has validated it against the set.
    pub async fn set_layer_threshold(
        &self,
        layer: &LayerRecord,
        entry: &LayerEntryRecord,
        actor: Option<i64>,
    ) -> Result<i64> {
        let revision = in_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "insert into threshold_layer (layer_id, set_id, kind, title, title_en, scope_code) \
                 values ($1, $2, $3, $4, $5, $6) \
                 on conflict (layer_id) do update set title = excluded.title, title_en = excluded.title_en returning id",
            )
            .bind(&layer.layer_id)
            .bind(&layer.set_id)
            .bind(&layer.kind)
            .bind(&layer.title)
            .bind(&layer.title_en)
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
                "insert into threshold_entry (layer_id, indicator, key, year, value_text, confidence, source, source_en) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (layer_id, indicator, key, year) do update set \
                 value_text = excluded.value_text, confidence = excluded.confidence, source = excluded.source, \
                 source_en = excluded.source_en",
            )
            .bind(id)
            .bind(&entry.indicator)
            .bind(&entry.key)
            .bind(entry.year)
            .bind(&entry.value_text)
            .bind(&entry.confidence)
            .bind(&entry.source)
            .bind(&entry.source_en)
            .execute(&mut *tx)
            .await?;
            // The old value and its citation, so that a change of either leaves a trace.
            let (old, old_citation) = match old {
                Some((v, source)) if source != entry.source => (Some(v), Some(source)),
                Some((v, _)) => (Some(v), None),
                None => (None, None),
            };
            let event = Event::ThresholdSet {
                set: layer.set_id.clone(),
                indicator: entry.indicator.clone(),
                key: entry.key.clone(),
                year: (entry.year != 0).then_some(entry.year),
                old,
                old_citation,
                new: entry.value_text.clone(),
                citation: entry.source.clone(),
            };
            record!(tx, Area::Criteria, actor, &event).0
        });
        Ok(revision)
    }

    /// Stores a criteria set's file text under its id (adding a set, or replacing the shipped set of
    /// that id for this database), audited with the file it came from. The caller has read it as a
    /// set with that id.
    pub async fn store_criteria_set(&self, id: &str, toml: &str, source: &str, actor: Option<i64>) -> Result<i64> {
        let revision = in_tx!(self, |tx| {
            sqlx::query(
                "insert into criteria_set (id, toml, added_at, added_by) values ($1, $2, $3, $4) \
                 on conflict (id) do update set toml = excluded.toml, added_at = excluded.added_at, \
                 added_by = excluded.added_by",
            )
            .bind(id)
            .bind(toml)
            .bind(crate::now_ms())
            .bind(actor)
            .execute(&mut *tx)
            .await?;
            let event = Event::SetStored { set: id.into(), source: source.into() };
            record!(tx, Area::Criteria, actor, &event).0
        });
        Ok(revision)
    }

    /// Criteria sets stored by an administrator: (id, TOML text).
    pub async fn stored_sets(&self) -> Result<Vec<(String, String)>> {
        Ok(on_db!(self, read, |p| sqlx::query_as("select id, toml from criteria_set order by id").fetch_all(p).await?))
    }
}
