//! A values CSV imported into the store as one audited change, streamed: the file is read and
//! checked on a thread of its own while the good rows go into the store in batches; nothing is
//! visible until the whole file is good, and a file with any error leaves nothing. Neither the
//! file nor the stored values are ever held whole: only the unit tree and the criteria sets are
//! loaded (not the live state), and the memory is that of a few batches.

use std::io::Read;

use ntm_domain::{CriteriaSet, ElementIdx, ElementRef};
use ntm_io::values::ValuesReader;
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{Db, ValueRow};

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
    while let Some(message) = receive.recv().await {
        match message {
            Read2Store::Batch(batch, at) => {
                failing |= at.errors > 0;
                if !failing {
                    out.clear();
                    for r in batch {
                        let Some(&unit_id) = unit_ids.get(r.unit.index()) else {
                            return Err(AppError::Internal(format!("no store id for unit {}", r.unit.index())));
                        };
                        let e = usize::from(r.element.0);
                        let element = match numbers.get(e).copied().flatten() {
                            Some(n) => n,
                            None => {
                                let code = codes.get(e).ok_or(AppError::Internal(format!("element {e}")))?;
                                let n = import.element(code).await?;
                                numbers[e] = Some(n);
                                n
                            }
                        };
                        out.push(ValueRow { unit_id, element, period: r.period, value: r.value });
                    }
                    import.write(&out).await?;
                }
                progress(at);
            }
            Read2Store::End(result) => verdict = Some(result),
        }
    }
    let _ = reader.join();
    // Dropped on any error: the transaction rolls back and nothing of the file stays.
    let rows = match verdict {
        Some(Ok(rows)) => rows,
        Some(Err(errors)) => return Err(errors.into()),
        None => return Err(AppError::Internal("the values file's reader stopped".into())),
    };
    let done = import.commit().await?;
    Ok(ImportSummary { rows, changed: done.changed, revision: done.revision })
}
