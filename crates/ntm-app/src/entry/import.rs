//! A values CSV imported into the store as one audited change, streamed: the file is read and
//! checked on a thread of its own while the good rows go into the store in batches; nothing is
//! visible until the whole file is good, and a file with any error leaves nothing. Neither the
//! file nor the stored values are ever held whole: only the unit tree and the criteria sets are
//! loaded (not the live state), and the memory is that of a few batches.

use std::io::Read;

use ntm_domain::{CriteriaSet, ElementIdx, ElementRef, Period};
use ntm_io::values::ValuesReader;
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, StoreError, ValueRow};

use crate::AppError;
use crate::state::{load_catalog, load_tree};

/// Batches read ahead of the store at most.
const READ_AHEAD: usize = 4;

/// How far an import has gone, reported after each batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// Bytes of the file read.
    pub bytes: u64,
    /// Rows read (good or bad).
    pub rows: usize,
    /// Errors found so far (once there is one, nothing more is written: the import will fail).
    pub errors: usize,
}

/// What a successful import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// Rows read.
    pub rows: usize,
    /// Values that differ from what was stored (new or changed).
    pub changed: usize,
    /// The store's revision of the change.
    pub revision: i64,
}

/// The id of an element as files and the store name it.
pub fn element_code(set: &CriteriaSet, e: ElementIdx) -> &str {
    match set.element_kind(e) {
        ElementRef::Indicator(i) => &i.id,
        ElementRef::Raw(r) => &r.id,
    }
}

/// What the reading thread sends: a batch of good rows, then the verdict on the whole file.
enum Read2Store {
    Batch(Vec<ntm_io::ValueRow>, ImportProgress),
    End(Result<usize, InputErrors>),
}

/// Imports the values CSV `name` of set `set_id` into the store, as the change of `user`:
/// all or nothing, one audited change; every error of the file (file, line, field) if any.
/// `open` opens the file (again only to name the first line of a key given twice); `progress`
/// is called after each batch.
pub async fn import_values_csv<R, F>(
    db: &Db,
    set_id: &str,
    name: &str,
    open: F,
    user: Option<i64>,
    mut progress: impl FnMut(ImportProgress),
) -> Result<ImportSummary, AppError>
where
    R: Read + 'static,
    F: FnMut() -> std::io::Result<R> + Send + 'static,
{
    let catalog = load_catalog(db).await?;
    let Some(set) = catalog.set(set_id).cloned() else {
        return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id.into())).into());
    };
    let (tree, unit_ids, _) = load_tree(db).await?;
    // Each element's criterion, for the locks.
    let owners: Vec<Option<String>> = (0..set.element_count())
        .map(|e| {
            super::owner(&set, element_code(&set, ElementIdx(u16::try_from(e).unwrap_or(u16::MAX)))).map(str::to_string)
        })
        .collect();
    let mut locked = InputErrors::default();
    // The stored values of a locked unit and period, read once.
    let mut stored_of: std::collections::HashMap<(i64, Period), Vec<ntm_store::ValueRecord>> = Default::default();
    let codes: Vec<String> = (0..set.element_count())
        .map(|e| element_code(&set, ElementIdx(u16::try_from(e).unwrap_or(u16::MAX))).to_string())
        .collect();

    // The file is read and checked on its own thread, a few batches ahead of the store.
    let (send, mut receive) = tokio::sync::mpsc::channel::<Read2Store>(READ_AHEAD);
    let file = name.to_string();
    let reader = std::thread::spawn(move || {
        let mut rows = match ValuesReader::new(&file, open, &set, &tree) {
            Ok(r) => r,
            Err(e) => {
                let _ = send.blocking_send(Read2Store::End(Err(e)));
                return;
            }
        };
        while let Some(batch) = rows.next() {
            let at = ImportProgress { bytes: rows.bytes_read(), rows: rows.rows_read(), errors: rows.error_count() };
            if send.blocking_send(Read2Store::Batch(batch, at)).is_err() {
                return; // the import stopped (a store error)
            }
        }
        let _ = send.blocking_send(Read2Store::End(rows.finish()));
    });

    let mut import = db.begin_value_import(set_id, user, name).await?;
    let mut numbers: Vec<Option<i64>> = vec![None; codes.len()];
    let mut verdict = None;
    let mut failing = false;
    let mut out = Vec::new();
    // The file's line of each row of `out`.
    let mut lines = Vec::new();
    while let Some(message) = receive.recv().await {
        match message {
            Read2Store::Batch(batch, at) => {
                failing |= at.errors > 0;
                if !failing {
                    out.clear();
                    lines.clear();
                    for r in batch {
                        let Some(&unit_id) = unit_ids.get(r.unit.index()) else {
                            return Err(AppError::Internal(format!("no store id for unit {}", r.unit.index())));
                        };
                        let e = usize::from(r.element.0);
                        let element = match numbers.get(e).copied().flatten() {
                            Some(n) => n,
                            None => {
                                let code = codes.get(e).ok_or(AppError::Internal(format!("element {e}")))?;
                                let owner = owners.get(e).cloned().flatten();
                                let n = import.element_of(code, owner.as_deref()).await?;
                                numbers[e] = Some(n);
                                n
                            }
                        };
                        // A locked value may be sent again as it is, not changed. The locks are
                        // those the import's transaction read: no acceptance lands before it ends.
                        if import.locked(unit_id, r.period, owners.get(e).cloned().flatten().as_deref()).is_some() {
                            let key = (unit_id, r.period);
                            if let std::collections::hash_map::Entry::Vacant(slot) = stored_of.entry(key) {
                                slot.insert(import.current(unit_id, r.period).await?);
                            }
                            let stored = stored_of.get(&key).map_or(&[][..], Vec::as_slice);
                            let code = codes.get(e).map_or("", String::as_str);
                            let same = stored.iter().any(|s| s.element == code && s.value == Some(r.value));
                            if !same {
                                locked.push(
                                    Location::at(name, r.line, "value"),
                                    Problem::ValueLocked { period: r.period.to_string() },
                                );
                                failing = true;
                                continue;
                            }
                        }
                        out.push(ValueRow { unit_id, element, period: r.period, value: r.value });
                        lines.push(r.line);
                    }
                    match import.write(&out).await {
                        Ok(()) => {}
                        // The store's own refusal (the check above makes it unexpected): the
                        // same words, on the row's line.
                        Err(StoreError::ValueLocked { unit_id, element, period, .. }) => {
                            let code = |row: &ValueRow| numbers.iter().position(|n| *n == Some(row.element));
                            let at = out.iter().zip(&lines).find(|(row, _)| {
                                row.unit_id == unit_id
                                    && row.period.to_string() == period
                                    && code(row).and_then(|e| codes.get(e)) == Some(&element)
                            });
                            let line = at.map_or(0, |(_, line)| *line);
                            locked.push(Location::at(name, line, "value"), Problem::ValueLocked { period });
                            failing = true;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                progress(at);
            }
            Read2Store::End(result) => verdict = Some(result),
        }
    }
    let _ = reader.join();
    // Dropped on any error: the transaction rolls back and nothing of the file stays.
    let rows = match verdict {
        Some(Ok(_)) if !locked.is_empty() => return Err(locked.into()),
        Some(Ok(rows)) => rows,
        Some(Err(mut errors)) => {
            errors.0.extend(locked.0);
            return Err(errors.into());
        }
        None => return Err(AppError::Internal("the values file's reader stopped".into())),
    };
    let done = import.commit().await?;
    Ok(ImportSummary { rows, changed: done.changed, revision: done.revision })
}
