//! Units and lineage.

use std::collections::HashMap;

use ntm_domain::{UnitIdx, UnitTree};

use ntm_domain::audit::Event;

use crate::{Area, Db, Result, in_tx, on_db, record};

/// A unit as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRecord {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_id: Option<i64>,
    pub region: String,
    pub grp: i64,
    pub flags: String,
    pub valid_from: String,
    pub valid_to: String,
    /// `xa`, `phuong`, `thi-tran`, `dac-khu`; empty when not known.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageRecord {
    pub from_id: i64,
    pub to_id: i64,
    pub kind: String,
    pub on_date: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitsOutcome {
    pub units: usize,
    pub lineage: usize,
    pub revision: i64,
}

type UnitRow = (i64, String, String, String, Option<i64>, String, i64, String, String, String, String);

const UPSERT_UNIT: &str = "insert into unit (code, name, level, parent_id, region, grp, flags, valid_from, valid_to, kind) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     on conflict (code, valid_from) do update set name = excluded.name, level = excluded.level, \
     parent_id = excluded.parent_id, region = excluded.region, grp = excluded.grp, flags = excluded.flags, \
     valid_to = excluded.valid_to, kind = excluded.kind returning id";

const INSERT_LINEAGE: &str = "insert into lineage (from_id, to_id, kind, on_date) values ($1, $2, $3, $4) \
     on conflict (from_id, to_id) do update set kind = excluded.kind, on_date = excluded.on_date";

impl Db {
    /// Every unit (parents before children) and every lineage link.
    pub async fn units(&self) -> Result<(Vec<UnitRecord>, Vec<LineageRecord>)> {
        let rows: Vec<UnitRow> = on_db!(self, read, |p| {
            sqlx::query_as(
            "select id, code, name, level, parent_id, region, grp, flags, valid_from, valid_to, kind from unit order by id"
        )
        .fetch_all(p)
        .await?
        });
        let lineage: Vec<(i64, i64, String, String)> = on_db!(self, read, |p| sqlx::query_as(
            "select from_id, to_id, kind, on_date from lineage order by from_id, to_id"
        )
        .fetch_all(p)
        .await?);
        Ok((
            rows.into_iter()
                .map(|(id, code, name, level, parent_id, region, grp, flags, valid_from, valid_to, kind)| UnitRecord {
                    id,
                    code,
                    name,
                    level,
                    parent_id,
                    region,
                    grp,
                    flags,
                    valid_from,
                    valid_to,
                    kind,
                })
                .collect(),
            lineage
                .into_iter()
                .map(|(from_id, to_id, kind, on_date)| LineageRecord { from_id, to_id, kind, on_date })
                .collect(),
        ))
    }

    /// Writes a whole unit tree: new units are added, units with the same code and start date are
    /// updated; all in one transaction, audited as one change.
    pub async fn import_units(&self, tree: &UnitTree, user: Option<i64>, source: &str) -> Result<UnitsOutcome> {
        // Parents first: order by depth.
        let mut order: Vec<(usize, UnitIdx)> = tree.iter().map(|(i, _)| (tree.ancestors(i).count(), i)).collect();
        order.sort_by_key(|(depth, i)| (*depth, *i));
        let outcome = in_tx!(self, |tx| {
            let mut ids: HashMap<UnitIdx, i64> = HashMap::new();
            for (_, idx) in &order {
                let u = tree.unit(*idx);
                let parent = u.parent.and_then(|p| ids.get(&p).copied());
                let id: i64 = sqlx::query_scalar(UPSERT_UNIT)
                    .bind(&u.code)
                    .bind(&u.name)
                    .bind(u.level.code())
                    .bind(parent)
                    .bind(u.region.clone().unwrap_or_default())
                    .bind(i64::from(u.group.unwrap_or(0)))
                    .bind(u.flags.join(";"))
                    .bind(u.valid_from.map(|d| d.to_string()).unwrap_or_default())
                    .bind(u.valid_to.map(|d| d.to_string()).unwrap_or_default())
                    .bind(u.kind.map_or("", |k| k.code()))
                    .fetch_one(&mut *tx)
                    .await?;
                ids.insert(*idx, id);
            }
            let mut links = 0;
            for l in tree.lineage() {
                if let (Some(from), Some(to)) = (ids.get(&l.from), ids.get(&l.to)) {
                    sqlx::query(INSERT_LINEAGE)
                        .bind(from)
                        .bind(to)
                        .bind(l.kind.code())
                        .bind(l.on.to_string())
                        .execute(&mut *tx)
                        .await?;
                    links += 1;
                }
            }
            let event = Event::UnitsImported {
                source: source.to_string(),
                units: i64::try_from(order.len()).unwrap_or(i64::MAX),
                links: i64::try_from(links).unwrap_or(i64::MAX),
            };
            let (revision, _) = record!(tx, Area::Units, user, &event);
            UnitsOutcome { units: order.len(), lineage: links, revision }
        });
        Ok(outcome)
    }
}
