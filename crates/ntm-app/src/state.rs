//! The live state: what the pages read on every request, loaded from the store and kept
//! current area by area. The engine's state (criteria sets and layers, the unit tree, the value
//! tables and the evaluations cached over them) is here; each other area keeps its small loaded
//! data in its own module (`org`, `plans`, `recognitions`) and is reloaded alone when its counter
//! moves. Records that are many and per-request by nature (the change log, a value's history,
//! accounts) are read per request, never held here.

use std::collections::{HashMap, HashSet};

use ntm_domain::{
    Confidence, CriteriaSet, Date, Evaluation, Evaluator, LayerEntry, LayerKind, Level, Lineage, LineageKind, Period,
    Ratio, Rollup, Threshold, ThresholdKey, ThresholdLayer, Unit, UnitIdx, UnitKind, UnitTree, ValueTable,
};
use ntm_io::{Catalog, CriteriaFile, LoadedLayer};
use ntm_store::{Counters, Db, LayerRecord, ValueRecord};

use crate::{AppError, Config, org, plans, recognitions, roadmap};

/// How many (set, period) evaluations are kept at most.
const MAX_CACHED_EVALUATIONS: usize = 48;

/// Everything loaded from the store, with evaluations computed on demand and cached.
pub struct Live {
    /// The store's counters this state reflects.
    pub counters: Counters,
    pub catalog: Catalog,
    pub tree: UnitTree,
    /// Database id of each unit, by position in the tree.
    pub unit_ids: Vec<i64>,
    pub unit_index: HashMap<i64, UnitIdx>,
    /// Values per criteria set.
    pub values: HashMap<String, ValueTable>,
    /// Agencies and their criteria (area `org`).
    pub org: org::OrgState,
    /// Targets (area `plans`).
    pub plans: plans::PlanState,
    /// Recognition decisions (area `recognitions`).
    pub recognitions: recognitions::RecognitionState,
    /// The roadmap's rows (area `plans`).
    pub roadmap: roadmap::RoadmapState,
    evaluations: HashMap<(String, Period), Evaluation>,
    /// The roll-up of every unit of each cached evaluation, kept with it.
    rollups: HashMap<(String, Period), Rollup>,
    /// Periods holding at least one value, per set, newest first (kept current by `apply_values`).
    periods: HashMap<String, Vec<Period>>,
}

fn date(text: &str) -> Option<Date> {
    if text.is_empty() { None } else { Date::parse(text).ok() }
}

fn layer_of(r: &LayerRecord) -> Option<ThresholdLayer> {
    let kind = match r.kind.as_str() {
        "illustrative" => LayerKind::Illustrative,
        _ => LayerKind::Override,
    };
    let entries = r
        .entries
        .iter()
        .filter_map(|e| {
            Some(LayerEntry {
                indicator: e.indicator.clone(),
                threshold: Threshold {
                    key: ThresholdKey::parse(&e.key)?,
                    year: (e.year != 0).then(|| i32::try_from(e.year).ok()).flatten(),
                    value: Ratio::parse_decimal(&e.value_text).ok()?,
                    confidence: Confidence::from_code(&e.confidence)?,
                    source: e.source.clone(),
                    source_en: (!e.source_en.is_empty()).then(|| e.source_en.clone()),
                },
            })
        })
        .collect();
    Some(ThresholdLayer {
        id: r.layer_id.clone(),
        set_id: r.set_id.clone(),
        kind,
        title: r.title.clone(),
        scope: (!r.scope_code.is_empty()).then(|| r.scope_code.clone()),
        entries,
        title_en: (!r.title_en.is_empty()).then(|| r.title_en.clone()),
    })
}

/// The shipped sets, the sets and layers stored by an administrator.
pub(crate) async fn load_catalog(db: &Db) -> Result<Catalog, AppError> {
    let mut catalog = Catalog::shipped()?;
    for (id, text) in db.stored_sets().await? {
        let name = format!("database:{id}");
        match ntm_io::parse_criteria_file(&name, &text)? {
            CriteriaFile::Set(set) => catalog.put_set(set, &name),
            CriteriaFile::Override(layer, entry_lines) => {
                catalog.add_layer(LoadedLayer { layer, origin: name, entry_lines })?
            }
        }
    }
    for r in db.layers().await? {
        // A stored layer that no longer fits its set (a set replaced since) is left out and
        // reported, so that one bad row cannot stop every page.
        if let Some(layer) = layer_of(&r)
            && let Err(e) = catalog.add_layer(LoadedLayer::new(layer, format!("database:{}", r.layer_id)))
        {
            eprintln!("ntm: threshold layer {} left out: {}", r.layer_id, e.render(ntm_domain::Lang::En));
        }
    }
    Ok(catalog)
}

/// The store's unit ids of the tree's units, by position, and the other way round.
pub type UnitIndex = HashMap<i64, UnitIdx>;

/// The unit tree, the store id of each unit by its position, and the position of each id.
pub(crate) async fn load_tree(db: &Db) -> Result<(UnitTree, Vec<i64>, UnitIndex), AppError> {
    let (records, lineage) = db.units().await?;
    let unit_ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let unit_index: UnitIndex =
        unit_ids.iter().enumerate().map(|(i, id)| (*id, UnitIdx(u32::try_from(i).unwrap_or(u32::MAX)))).collect();
    let units: Vec<Unit> = records
        .iter()
        .map(|r| Unit {
            code: r.code.clone(),
            name: r.name.clone(),
            level: Level::from_code(&r.level).unwrap_or(Level::Village),
            // As stored; a unit stored before kinds were (or with none) by the prefix of its name.
            kind: UnitKind::from_code(&r.kind)
                .or_else(|| (r.level == Level::Commune.code()).then(|| UnitKind::from_name(&r.name)).flatten()),
            parent: r.parent_id.and_then(|p| unit_index.get(&p).copied()),
            region: (!r.region.is_empty()).then(|| r.region.clone()),
            group: u8::try_from(r.grp).ok().filter(|g| (1..=3).contains(g)),
            flags: r.flags.split(';').filter(|f| !f.is_empty()).map(str::to_string).collect(),
            valid_from: date(&r.valid_from),
            valid_to: date(&r.valid_to),
        })
        .collect();
    let links = lineage
        .iter()
        .filter_map(|l| {
            Some(Lineage {
                from: *unit_index.get(&l.from_id)?,
                to: *unit_index.get(&l.to_id)?,
                kind: match l.kind.as_str() {
                    "part" => LineageKind::Part,
                    "unchanged" => LineageKind::Unchanged,
                    _ => LineageKind::Whole,
                },
                on: date(&l.on_date)?,
            })
        })
        .collect();
    let tree = UnitTree::from_parts(units, links).map_err(|e| AppError::Internal(format!("unit tree: {e}")))?;
    Ok((tree, unit_ids, unit_index))
}

impl Live {
    /// Loads everything from the store.
    pub async fn load(db: &Db, _config: &Config) -> Result<Live, AppError> {
        let counters = db.counters().await?;
        let catalog = load_catalog(db).await?;
        let (tree, unit_ids, unit_index) = load_tree(db).await?;
        let mut live = Live {
            counters,
            catalog,
            tree,
            unit_ids,
            org: org::OrgState::load(db).await?,
            plans: plans::PlanState::load(db).await?,
            recognitions: recognitions::RecognitionState::load(db, &unit_index).await?,
            roadmap: roadmap::RoadmapState::load(db, &unit_index).await?,
            unit_index,
            values: HashMap::new(),
            evaluations: HashMap::new(),
            rollups: HashMap::new(),
            periods: HashMap::new(),
        };
        live.load_values(db).await?;
        Ok(live)
    }

    /// Reads every value again into fresh tables (after a bulk change), dropping the cached
    /// evaluations.
    pub async fn load_values(&mut self, db: &Db) -> Result<(), AppError> {
        // Where each stored element goes: its set's table and its place in the set.
        let sets: Vec<&CriteriaSet> = self.catalog.sets().map(|s| &s.set).collect();
        let mut slots: HashMap<i64, (usize, ntm_domain::ElementIdx)> = HashMap::new();
        for (id, set_id, code) in db.elements().await? {
            if let Some(si) = sets.iter().position(|s| s.id() == set_id)
                && let Some(e) = sets[si].element(&code)
            {
                slots.insert(id, (si, e));
            }
        }
        let mut tables: Vec<Option<ValueTable>> = sets.iter().map(|_| None).collect();
        let mut periods: Vec<HashSet<Period>> = sets.iter().map(|_| HashSet::new()).collect();
        let unit_index = &self.unit_index;
        // Streamed straight into the tables, a unit at a time: a nation holds millions of values.
        db.load_values(|u| {
            let Some(&unit) = unit_index.get(&u.unit_id) else { return Ok(()) };
            for &(element, period, value) in u.values {
                let Some(&(si, e)) = slots.get(&element) else { continue };
                let table = tables[si].get_or_insert_with(|| ValueTable::new(sets[si].element_count()));
                table.set(unit, e, period, value).map_err(|e| ntm_store::StoreError::Corrupt(e.to_string()))?;
                periods[si].insert(period);
            }
            Ok(())
        })
        .await?;
        self.values.clear();
        self.periods.clear();
        self.evaluations.clear();
        self.rollups.clear();
        for ((set, table), found) in sets.iter().zip(tables).zip(periods) {
            if let Some(table) = table {
                let mut found: Vec<Period> = found.into_iter().collect();
                found.sort_by(|a, b| b.cmp(a));
                self.periods.insert(set.id().to_string(), found);
                self.values.insert(set.id().to_string(), table);
            }
        }
        Ok(())
    }

    pub fn set(&self, id: &str) -> Option<&CriteriaSet> {
        self.catalog.set(id)
    }

    /// Applies stored values (new, changed or cleared) and re-evaluates the units they touch in
    /// every cached evaluation of the same set and year.
    pub fn apply_values(&mut self, records: &[ValueRecord]) -> Result<(), AppError> {
        let mut touched: HashSet<(String, UnitIdx, i32)> = HashSet::new();
        let mut cleared: HashSet<String> = HashSet::new();
        for r in records {
            let Some(set) = self.catalog.set(&r.set_id) else { continue };
            let (Some(&unit), Some(element), Ok(period)) =
                (self.unit_index.get(&r.unit_id), set.element(&r.element), Period::parse(&r.period))
            else {
                continue;
            };
            let table = self.values.entry(r.set_id.clone()).or_insert_with(|| ValueTable::new(set.element_count()));
            match r.value {
                Some(v) => {
                    table.set(unit, element, period, v).map_err(|e| AppError::Internal(e.to_string()))?;
                    let periods = self.periods.entry(r.set_id.clone()).or_default();
                    if !periods.contains(&period) {
                        periods.push(period);
                        periods.sort_by(|a, b| b.cmp(a));
                    }
                }
                None => {
                    table.clear(unit, element, period);
                    cleared.insert(r.set_id.clone());
                }
            }
            touched.insert((r.set_id.clone(), unit, period.year()));
        }
        // A cleared value may have emptied a period: count that set's periods again.
        for set_id in cleared {
            if let Some(table) = self.values.get(&set_id) {
                let mut periods: Vec<Period> = table.periods().into_iter().collect();
                periods.sort_by(|a, b| b.cmp(a));
                self.periods.insert(set_id, periods);
            }
        }
        let keys: Vec<(String, Period)> = self.evaluations.keys().cloned().collect();
        for (set_id, period) in keys {
            let units: Vec<UnitIdx> =
                touched.iter().filter(|(s, _, y)| *s == set_id && *y == period.year()).map(|(_, u, _)| *u).collect();
            if units.is_empty() {
                continue;
            }
            let Some(mut eval) = self.evaluations.remove(&(set_id.clone(), period)) else { continue };
            let ok = self.rerun(&set_id, period, &mut eval, &units);
            if ok {
                self.rollups.insert((set_id.clone(), period), Rollup::of_positions(&eval, 0..eval.units().len()));
                self.evaluations.insert((set_id, period), eval);
            } else {
                self.rollups.remove(&(set_id, period));
            }
        }
        Ok(())
    }

    /// Re-evaluates some units inside a cached evaluation; false if it must be recomputed whole.
    fn rerun(&self, set_id: &str, period: Period, eval: &mut Evaluation, units: &[UnitIdx]) -> bool {
        let (Some(set), Some(table)) = (self.catalog.set(set_id), self.values.get(set_id)) else { return false };
        let Ok(mut ev) = Evaluator::new(set, self.catalog.layers_for(set_id), &self.tree, table, period) else {
            return false;
        };
        units.iter().all(|&u| ev.rerun_unit(eval, u))
    }

    /// The units a set applies to in a period: its level and the kinds it judges, existing in
    /// the period.
    pub fn units_for(&self, set: &CriteriaSet, period: Period) -> Vec<UnitIdx> {
        let mut units = self.tree.at_level(set.level, period);
        units.retain(|&u| set.applies_to(self.tree.unit(u)));
        units
    }

    /// Computes and caches an evaluation if it is not cached yet. `keep` are the other (set,
    /// period) pairs the caller needs together with this one: they are never evicted for it.
    pub fn ensure_evaluation(
        &mut self,
        set_id: &str,
        period: Period,
        keep: &[(String, Period)],
    ) -> Result<(), AppError> {
        let key = (set_id.to_string(), period);
        if self.evaluations.contains_key(&key) {
            return Ok(());
        }
        // Bounded: beyond this many cached evaluations, drop all but those the caller needs (the
        // dropped ones are recomputed on demand).
        if self.evaluations.len() >= MAX_CACHED_EVALUATIONS {
            let needed = |k: &(String, Period)| keep.contains(k);
            self.evaluations.retain(|k, _| needed(k));
            self.rollups.retain(|k, _| needed(k));
        }
        let set = self.catalog.set(set_id).ok_or(AppError::NotFound)?;
        let empty = ValueTable::new(set.element_count());
        let table = self.values.get(set_id).unwrap_or(&empty);
        let units = self.units_for(set, period);
        let mut ev = Evaluator::new(set, self.catalog.layers_for(set_id), &self.tree, table, period)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let eval = ev.run(&units);
        self.rollups.insert(key.clone(), Rollup::of_positions(&eval, 0..eval.units().len()));
        self.evaluations.insert(key, eval);
        Ok(())
    }

    /// The roll-up of every unit of a cached evaluation.
    pub fn rollup(&self, set_id: &str, period: Period) -> Option<&Rollup> {
        self.rollups.get(&(set_id.to_string(), period))
    }

    pub fn evaluation(&self, set_id: &str, period: Period) -> Option<&Evaluation> {
        self.evaluations.get(&(set_id.to_string(), period))
    }

    /// An evaluator for detailed verdicts.
    pub fn evaluator<'a>(
        &'a self,
        set: &'a CriteriaSet,
        table: &'a ValueTable,
        period: Period,
    ) -> Result<Evaluator<'a>, AppError> {
        Evaluator::new(set, self.catalog.layers_for(set.id()), &self.tree, table, period)
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// The years (and quarters) for which a set has values, newest first.
    pub fn periods_with_data(&self, set_id: &str) -> Vec<Period> {
        self.periods.get(set_id).cloned().unwrap_or_default()
    }

    /// Whether a period has data of a set to be judged on: a value of the period itself, or of
    /// a period its verdicts may take values from (a year's quarters, a quarter's earlier ones).
    pub fn has_data(&self, set_id: &str, period: Period) -> bool {
        let stored = self.periods.get(set_id).map(Vec::as_slice).unwrap_or(&[]);
        period.lookup_chain().any(|p| stored.contains(&p))
    }

    /// The unit that manages the units an evaluation judges (the district of its communes):
    /// the deepest unit holding every evaluated unit that has data of the set, else every
    /// evaluated unit.
    pub fn managing_unit(&self, eval: &Evaluation) -> Option<UnitIdx> {
        let with_data: Vec<UnitIdx> = match self.values.get(&eval.set_id) {
            Some(table) => eval.units().iter().copied().filter(|&u| table.has_unit(u)).collect(),
            None => Vec::new(),
        };
        let units = if with_data.is_empty() { eval.units() } else { &with_data };
        self.tree.common_ancestor(units)
    }

    /// The database id of a unit.
    pub fn unit_id(&self, idx: UnitIdx) -> Option<i64> {
        self.unit_ids.get(idx.index()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_live() -> Live {
        Live {
            counters: Counters::default(),
            catalog: Catalog::shipped().expect("shipped sets load"),
            tree: UnitTree::from_parts(Vec::new(), Vec::new()).expect("an empty tree"),
            unit_ids: Vec::new(),
            unit_index: HashMap::new(),
            values: HashMap::new(),
            org: org::OrgState::default(),
            plans: plans::PlanState::default(),
            recognitions: recognitions::RecognitionState::default(),
            roadmap: roadmap::RoadmapState::default(),
            evaluations: HashMap::new(),
            rollups: HashMap::new(),
            periods: HashMap::new(),
        }
    }

    /// A page that needs several periods (a trend) gets all of them even when the cache fills
    /// up half-way through preparing them.
    #[test]
    fn a_full_cache_never_evicts_the_periods_a_page_is_preparing() {
        let set = "xa-ntm-2021-2025";
        for already in MAX_CACHED_EVALUATIONS - 4..=MAX_CACHED_EVALUATIONS {
            let mut live = empty_live();
            let quarters = (2000..2020).flat_map(|y| (1..=4).map(move |q| Period::Quarter(y, q)));
            for p in quarters.take(already) {
                live.ensure_evaluation(set, p, &[]).unwrap();
            }
            assert_eq!(live.evaluations.len(), already);
            let trend = [Period::Year(2021), Period::Year(2022), Period::Year(2023), Period::Year(2024)];
            let keep: Vec<(String, Period)> = trend.iter().map(|&p| (set.to_string(), p)).collect();
            for p in trend {
                live.ensure_evaluation(set, p, &keep).unwrap();
            }
            for p in trend {
                assert!(live.evaluation(set, p).is_some(), "{p} kept with {already} cached before");
                assert!(live.rollup(set, p).is_some(), "{p}'s roll-up kept with {already} cached before");
            }
            assert!(live.evaluations.len() <= MAX_CACHED_EVALUATIONS, "still bounded");
        }
    }
}
