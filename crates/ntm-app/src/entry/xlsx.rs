//! The Excel path of data entry (issue 10 point 5): the template of a unit, or of an agency
//! across the units of the set, with the current values and their revisions; and a filled one
//! imported back. The workbook's values go through the values CSV's checks (`ntm_excel::read`),
//! then, inside the import's transaction (other writers wait), each is compared with what is
//! stored now:
//! - the same value: nothing to write (a second upload of the same file writes nothing and
//!   records no change);
//! - left as downloaded while someone else changed it since: theirs is kept;
//! - changed in the file, and changed by someone else since the download: a conflict, listed on
//!   its cell with their value, name and time; nothing of the file is saved;
//! - otherwise written. All or nothing, one audited change (`values.import`), and none at all
//!   when nothing differs.

use std::collections::HashMap;

use ntm_domain::time::vietnam_time_label;
use ntm_domain::{Action, CriteriaSet, Lang, Period, Principal, Role, UnitTree, Value, can};
use ntm_excel::read::{FilledRow, MAX_TEMPLATE_BYTES, read_template};
use ntm_excel::template::{CurrentValue, TemplateSpec, TemplateUnit, template_workbook};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, StoreError, ValueRow};

use super::owner;
use crate::state::{load_catalog, load_tree};
use crate::{App, AppError};

/// Whose template: one unit's, or an agency's across the units of the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFor<'a> {
    Unit(&'a str),
    Agency(&'a str),
}

/// A template ready to download.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What an Excel import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct XlsxSummary {
    /// Value rows of the template.
    pub cells: usize,
    /// Cells holding a value.
    pub rows: usize,
    /// Values written (new or changed).
    pub changed: usize,
    /// Values left as downloaded that someone else changed since: theirs kept.
    pub kept: usize,
    /// The store's revision of the change; `None` when nothing differed (nothing recorded).
    pub revision: Option<i64>,
}

/// A template's file name: `mau-nhap-03413-2024.xlsx`.
fn file_name(code: &str, period: Period) -> String {
    let safe: String = code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    format!("mau-nhap-{safe}-{period}.xlsx")
}

impl App {
    /// The template of a unit or an agency for a set and period: the criteria `who` may enter
    /// (`None`, the command line: all). A unit's template holds those of its criteria; an
    /// agency's the criteria it leads, one sheet per unit the set judges in the period.
    pub async fn values_template(
        &self,
        who: Option<&Principal>,
        set_id: &str,
        period_text: &str,
        target: TemplateFor<'_>,
        lang: Lang,
    ) -> Result<TemplateFile, AppError> {
        let period = Period::parse(period_text).map_err(|_| AppError::NotFound)?;
        let (units, criteria, agency, name) = {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?;
            if !self.period_allowed(set, period) {
                return Err(AppError::NotFound);
            }
            let (units, wanted, agency, name) = match target {
                TemplateFor::Unit(code) => {
                    let idx = live.tree.resolve(code, period).map_err(|_| AppError::NotFound)?;
                    if !set.applies_to(live.tree.unit(idx)) {
                        return Err(AppError::NotFound);
                    }
                    let all: Vec<String> = set.criteria().iter().map(|c| c.id.clone()).collect();
                    (vec![idx], all, None, code.to_string())
                }
                TemplateFor::Agency(code) => {
                    let a = live.org.by_code(code).ok_or(AppError::NotFound)?;
                    // An agency's template is for the agency and the office, across the units.
                    if who.is_some_and(|p| !matches!(p.role, Role::Admin | Role::Office | Role::Agency)) {
                        return Err(AppError::Forbidden);
                    }
                    let led: Vec<String> =
                        a.criteria.iter().filter(|c| c.set == set.id()).map(|c| c.criterion.clone()).collect();
                    (live.units_for(set, period), led, Some(a.code.clone()), a.code.clone())
                }
            };
            let public = self.config.public_read;
            let allowed = |unit, c: &str| {
                who.is_none_or(|p| {
                    can(Some(p), Action::EditValue { unit, set: set.id(), criterion: Some(c) }, &live.tree, public)
                })
            };
            let criteria: Vec<String> = wanted.into_iter().filter(|c| units.iter().any(|&u| allowed(u, c))).collect();
            let units: Vec<(ntm_domain::UnitIdx, i64, String, String)> = units
                .into_iter()
                .filter(|&u| criteria.iter().any(|c| allowed(u, c)))
                .filter_map(|u| {
                    let unit = live.tree.unit(u);
                    Some((u, live.unit_id(u)?, unit.code.clone(), unit.name.clone()))
                })
                .collect();
            if criteria.is_empty() || units.is_empty() {
                return Err(AppError::Forbidden);
            }
            (units, criteria, agency, name)
        };
        let users: HashMap<i64, String> = self.db.users().await?.into_iter().map(|u| (u.id, u.username)).collect();
        let mut sheets = Vec::with_capacity(units.len());
        for (_, unit_id, code, unit_name) in &units {
            let stored = self.db.unit_values(set_id, *unit_id, &period.to_string()).await?;
            let values = stored
                .into_iter()
                .map(|r| CurrentValue {
                    changed: match (r.updated_by.and_then(|u| users.get(&u)), r.updated_at) {
                        (_, 0) => String::new(),
                        (Some(who), at) => format!("{who}, {}", vietnam_time_label(at)),
                        (None, at) => vietnam_time_label(at),
                    },
                    element: r.element,
                    value: r.value,
                    revision: r.revision,
                })
                .collect();
            sheets.push(TemplateUnit { code: code.clone(), name: unit_name.clone(), values });
        }
        let live = self.live();
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let spec = TemplateSpec {
            set,
            period,
            lang,
            units: sheets,
            criteria: Some(criteria),
            agency,
            revision: live.counters.revision,
            illustrative: self.config.demo,
        };
        let bytes = template_workbook(&spec).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(TemplateFile { file_name: file_name(&name, period), bytes })
    }

    /// Imports a filled template as `user` (their rights checked on every value), then refreshes
    /// the live state.
    pub async fn import_values_xlsx(
        &self,
        user: &crate::User,
        set_id: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<XlsxSummary, AppError> {
        let (set, tree, unit_ids) = {
            let live = self.live();
            let set = live.set(set_id).ok_or(AppError::NotFound)?.clone();
            (set, live.tree.clone(), live.unit_ids.clone())
        };
        let rights = Rights { who: Some(user.principal.clone()), public_read: self.config.public_read };
        let done =
            import_xlsx(&self.db, XlsxSource { set, tree, unit_ids, name, bytes }, Some(user.id), rights).await?;
        if done.revision.is_some() {
            self.refresh().await?;
        }
        Ok(done)
    }
}

/// Who imports: `None` is the command line (every right).
pub struct Rights {
    pub who: Option<Principal>,
    pub public_read: bool,
}

/// A workbook and what it is read against.
pub struct XlsxSource<'a> {
    pub set: CriteriaSet,
    pub tree: UnitTree,
    /// The store's id of each unit of the tree.
    pub unit_ids: Vec<i64>,
    pub name: &'a str,
    pub bytes: Vec<u8>,
}

/// Imports the workbook `path` of set `set_id` from the command line, as `user` (no rights
/// checked: the command line may do everything).
pub async fn import_values_xlsx_file(
    db: &Db,
    set_id: &str,
    name: &str,
    bytes: Vec<u8>,
    user: Option<i64>,
) -> Result<XlsxSummary, AppError> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_TEMPLATE_BYTES {
        return Err(too_large(name).into());
    }
    let catalog = load_catalog(db).await?;
    let Some(set) = catalog.set(set_id).cloned() else {
        return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id.into())).into());
    };
    let (tree, unit_ids, _) = load_tree(db).await?;
    import_xlsx(db, XlsxSource { set, tree, unit_ids, name, bytes }, user, Rights { who: None, public_read: false })
        .await
}

fn too_large(name: &str) -> InputErrors {
    InputErrors::one(Location::file(name), Problem::FileTooLarge { limit_mb: MAX_TEMPLATE_BYTES >> 20 })
}

/// The import itself (see the module's comment).
pub async fn import_xlsx(
    db: &Db,
    source: XlsxSource<'_>,
    user: Option<i64>,
    rights: Rights,
) -> Result<XlsxSummary, AppError> {
    let XlsxSource { set, tree, unit_ids, name, bytes } = source;
    // Refused before it is read.
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_TEMPLATE_BYTES {
        return Err(too_large(name).into());
    }
    let file = name.to_string();
    let (set, tree, read) = tokio::task::spawn_blocking(move || {
        let read = read_template(&file, &bytes, &set, &tree);
        (set, tree, read)
    })
    .await
    .map_err(|e| AppError::Internal(format!("the workbook's reader stopped: {e}")))?;
    let filled = read?;
    let period = filled.period;
    let mut errors = InputErrors::default();
    let cell = |r: &FilledRow| {
        let (sheet, at) = r.cell.split_once('!').unwrap_or(("", &r.cell));
        Location::cell(name, sheet, at)
    };
    if let Some(who) = &rights.who {
        for r in &filled.rows {
            let criterion = owner(&set, &r.element);
            let action = Action::EditValue { unit: r.row.unit, set: set.id(), criterion };
            if !can(Some(who), action, &tree, rights.public_read) {
                errors.push(
                    cell(r),
                    Problem::NotAllowed { unit: r.unit_code.clone(), criterion: criterion.unwrap_or("").into() },
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let users: HashMap<i64, String> = db.users().await?.into_iter().map(|u| (u.id, u.username)).collect();
    let store_id = |r: &FilledRow| {
        unit_ids.get(r.row.unit.index()).copied().ok_or(AppError::Internal(format!("unit {}", r.unit_code)))
    };
    let mut import = db.begin_value_import(set.id(), user, name).await?;
    // The rows grouped by unit, in the file's order.
    let mut by_unit: Vec<(i64, Vec<&FilledRow>)> = Vec::new();
    for r in &filled.rows {
        let id = store_id(r)?;
        match by_unit.iter_mut().find(|(u, _)| *u == id) {
            Some((_, list)) => list.push(r),
            None => by_unit.push((id, vec![r])),
        }
    }
    let mut write: Vec<(i64, &FilledRow)> = Vec::new();
    let mut kept = 0;
    for (unit_id, rows) in &by_unit {
        let stored = import.current(*unit_id, period).await?;
        let now: HashMap<&str, &ntm_store::ValueRecord> = stored.iter().map(|s| (s.element.as_str(), s)).collect();
        for r in rows {
            let current = now.get(r.element.as_str());
            let (value, revision) = (current.and_then(|c| c.value), current.map_or(0, |c| c.revision));
            if value == Some(r.row.value) {
                continue;
            }
            // The locks the import's transaction read: no acceptance lands before it ends.
            if import.locked(*unit_id, period, owner(&set, &r.element)).is_some() {
                errors.push(cell(r), Problem::ValueLocked { period: period.to_string() });
            } else if revision == r.revision {
                write.push((*unit_id, r));
            } else if r.downloaded == Some(r.row.value) {
                kept += 1;
            } else {
                let by = current.and_then(|c| c.updated_by).and_then(|u| users.get(&u)).cloned();
                errors.push(
                    cell(r),
                    Problem::ChangedSinceDownload {
                        value: value.map_or_else(|| "—".to_string(), |v: Value| v.to_string()),
                        by: by.unwrap_or_else(|| "—".into()),
                        at: current.map(|c| vietnam_time_label(c.updated_at)).unwrap_or_default(),
                    },
                );
            }
        }
    }
    let summary = XlsxSummary { cells: filled.cells, rows: filled.rows.len(), changed: 0, kept, revision: None };
    if !errors.is_empty() {
        // Dropped: the transaction rolls back, its audit row with it.
        return Err(errors.into());
    }
    if write.is_empty() {
        return Ok(summary);
    }
    let mut rows = Vec::with_capacity(write.len());
    for (unit_id, r) in &write {
        let element = import.element_of(&r.element, owner(&set, &r.element)).await?;
        rows.push(ValueRow { unit_id: *unit_id, element, period, value: r.row.value });
    }
    match import.write(&rows).await {
        Ok(()) => {}
        // The store's own refusal (the check above makes it unexpected): the same words, on the cell.
        Err(StoreError::ValueLocked { unit_id, element, period, .. }) => {
            let at = write.iter().find(|(u, r)| *u == unit_id && r.element == element);
            let location = at.map_or_else(|| Location::file(name), |(_, r)| cell(r));
            return Err(InputErrors::one(location, Problem::ValueLocked { period }).into());
        }
        Err(e) => return Err(e.into()),
    }
    let done = import.commit().await?;
    Ok(XlsxSummary { changed: done.changed, revision: Some(done.revision), ..summary })
}
