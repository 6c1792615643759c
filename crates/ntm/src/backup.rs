//! `ntm backup`, `ntm restore`, `ntm export --all` and `ntm import --all` (issue 11, "Backup and
//! restore"). A file is written beside its name and linked into place only when whole, never over
//! an existing one; a restore or an import goes only into an empty database and changes nothing
//! when refused. SQL is the store's (`ntm_store::archive`); PostgreSQL's copies are `pg_dump` and
//! `pg_restore`, found on PATH, run with the URL (its password never printed).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use ntm_store::archive::{self, ArchiveError, ArchiveReader, Counts, RowProblem};
use ntm_store::{Backend, Db, redact, scrub};

use crate::Failure;
use crate::cli::{BackupArgs, ExportArgs, ImportAllArgs, RestoreArgs};
use crate::commands::t;
use crate::server::{open, runtime};

/// `FILE` with `suffix` added to its name.
fn beside(file: &Path, suffix: &str) -> PathBuf {
    let mut p = file.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// A file's name and its SQLite companions (`-wal`, `-shm`), removed if there.
fn remove_with_companions(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(beside(file, suffix));
    }
}

/// Refuses an existing output file; else the temporary name to write it under.
fn temporary_for(out: &Path) -> Result<PathBuf, Failure> {
    if out.exists() {
        return Err(Failure::Input(t().cli_out_exists(out.display())));
    }
    let tmp = beside(out, &format!(".partial-{}", std::process::id()));
    remove_with_companions(&tmp);
    Ok(tmp)
}

/// Puts the whole temporary file in place under `out`, never over a file that appeared there
/// meanwhile (a hard link fails if `out` exists), and returns its size.
fn put_in_place(tmp: &Path, out: &Path) -> Result<u64, Failure> {
    let unwritable = |e: std::io::Error| Failure::Input(t().cli_unwritable(out.display(), e));
    std::fs::File::open(tmp).and_then(|f| f.sync_all()).map_err(unwritable)?;
    match std::fs::hard_link(tmp, out) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(tmp);
            return Err(Failure::Input(t().cli_out_exists(out.display())));
        }
        // A file system without hard links: checked, then renamed.
        Err(_) if !out.exists() => std::fs::rename(tmp, out).map_err(unwritable)?,
        Err(e) => {
            let _ = std::fs::remove_file(tmp);
            return Err(unwritable(e));
        }
    }
    sync_directory_of(out);
    Ok(std::fs::metadata(out).map(|m| m.len()).unwrap_or(0))
}

/// Makes a rename or a link in `file`'s directory durable (best effort).
fn sync_directory_of(file: &Path) {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// An archive's, a backup's or a restore's problem in the reader's words.
fn archive_failure(e: ArchiveError, file: &Path, url: &str) -> Failure {
    let t = t();
    let f = file.display();
    let database = redact(url);
    let message = match e {
        ArchiveError::Store(e) => return crate::server::store_failure(url, e),
        ArchiveError::Io(e) => t.cli_unreadable(f, e),
        ArchiveError::Unreadable(d) => t.cli_archive_unreadable(f, d),
        ArchiveError::NoManifest => t.cli_archive_no_manifest(f),
        ArchiveError::BadManifest(d) => t.cli_archive_bad_manifest(f, d),
        ArchiveError::Format(found) => t.cli_archive_format(f, found, archive::FORMAT),
        ArchiveError::MissingTable(table) => t.cli_archive_missing_table(f, table),
        ArchiveError::UnknownTable(table) => t.cli_archive_unknown_table(f, table),
        ArchiveError::Schema { archive, database } => t.cli_archive_schema(f, archive, database),
        ArchiveError::Columns { table, archive, database } => t.cli_archive_columns(f, table, archive, database),
        ArchiveError::Count { table, manifest, found } => t.cli_archive_count(f, table, manifest, found),
        ArchiveError::Hash { table } => t.cli_archive_hash(f, table),
        ArchiveError::Row { table, line, column, problem } => {
            let problem = match problem {
                RowProblem::NotJson(d) => t.cli_archive_not_json(d),
                RowProblem::Width { expected, found } => t.cli_archive_width(found, expected),
                RowProblem::Type(ty) => t.cli_archive_type(ty.code()),
                RowProblem::TooLong => t.cli_archive_too_long().to_string(),
            };
            match column {
                Some(c) => t.cli_archive_cell(f, table, line, c, problem),
                None => t.cli_archive_row(f, table, line, problem),
            }
        }
        ArchiveError::Refused { table, line, message } => t.cli_archive_refused(f, table, line, message),
        ArchiveError::NotEmpty(held) => {
            let held: Vec<String> = held.iter().map(|(table, n)| format!("{table} {n}")).collect();
            return Failure::Input(t.cli_not_empty(&database, held.join(", ")));
        }
        ArchiveError::Foreign(tables) => return Failure::Input(t.cli_foreign_tables(&database, tables.join(", "))),
    };
    Failure::Input(format!("{message}\n{}", t.cli_nothing_written()))
}

fn summary(counts: &Counts) -> (usize, u64) {
    (counts.tables.len(), counts.rows())
}

/// Runs a PostgreSQL client program; its absence and its failure said in words, the URL's
/// secrets scrubbed from what it says.
fn run_pg_tool(tool: &str, args: &[&str], url: &str) -> Result<(), Failure> {
    // The password goes by the environment, not the command line (`ps` shows that to anyone).
    let (bare, password) = ntm_store::password_apart(url);
    let mut command = Command::new(tool);
    command.args(args.iter().map(|a| if *a == url { bare.as_str() } else { a }));
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let output = match command.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Failure::Input(t().cli_pg_tool_missing(tool)));
        }
        Err(e) => return Err(Failure::Input(t().cli_pg_tool_failed(tool, e))),
    };
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    Err(Failure::Input(t().cli_pg_tool_failed(tool, scrub(said.trim(), url))))
}

pub fn backup(args: BackupArgs) -> Result<String, Failure> {
    let url = &args.database;
    let tmp = temporary_for(&args.out)?;
    runtime()?.block_on(async {
        let db = open(url).await?;
        let made = match db.backend() {
            Backend::Sqlite => db.backup_sqlite(&tmp).await.map_err(|e| archive_failure(e, &args.out, url)),
            Backend::Postgres => {
                let file = tmp.display().to_string();
                let dumped = db
                    .in_exported_snapshot(|snapshot| {
                        run_pg_tool(
                            "pg_dump",
                            &[
                                "--format=custom",
                                "--no-password",
                                "--snapshot",
                                snapshot,
                                "--file",
                                &file,
                                "--dbname",
                                url,
                            ],
                            url,
                        )
                    })
                    .await
                    .map_err(|e| archive_failure(e, &args.out, url));
                match dumped {
                    Ok((Ok(()), counts)) => Ok(counts),
                    Ok((Err(e), _)) | Err(e) => Err(e),
                }
            }
        };
        db.close().await;
        let counts = match made {
            Ok(c) => c,
            Err(e) => {
                remove_with_companions(&tmp);
                return Err(e);
            }
        };
        let bytes = put_in_place(&tmp, &args.out)?;
        let (tables, rows) = summary(&counts);
        Ok(format!("{}\n", t().cli_backup_written(args.out.display(), tables, rows, bytes)))
    })
}

/// What a backup file is, by its first bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BackupKind {
    Sqlite,
    PgDump,
}

fn backup_kind(file: &Path) -> Result<Option<BackupKind>, Failure> {
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(file).map_err(|e| Failure::Input(t().cli_unreadable(file.display(), e)))?;
    let n = f.read(&mut head).map_err(|e| Failure::Input(t().cli_unreadable(file.display(), e)))?;
    Ok(if head[..n].starts_with(b"SQLite format 3\0") {
        Some(BackupKind::Sqlite)
    } else if head[..n].starts_with(b"PGDMP") {
        Some(BackupKind::PgDump)
    } else {
        None
    })
}

/// Opens the database at `url` and refuses it unless it holds no rows.
async fn open_empty(url: &str) -> Result<Db, Failure> {
    let db = open(url).await?;
    match db.rows_held().await {
        Ok(held) if held.is_empty() => Ok(db),
        Ok(held) => {
            db.close().await;
            Err(archive_failure(ArchiveError::NotEmpty(held), Path::new(""), url))
        }
        Err(e) => {
            db.close().await;
            Err(crate::server::store_failure(url, e))
        }
    }
}

pub fn restore(args: RestoreArgs) -> Result<String, Failure> {
    let url = &args.database;
    let file = &args.file;
    let kind = backup_kind(file)?;
    let postgres = !url.starts_with("sqlite:");
    match kind {
        None => return Err(Failure::Input(t().cli_not_a_backup(file.display()))),
        Some(BackupKind::Sqlite) if postgres => {
            return Err(Failure::Input(t().cli_backup_mismatch(file.display(), "SQLite", redact(url))));
        }
        Some(BackupKind::PgDump) if !postgres => {
            return Err(Failure::Input(t().cli_backup_mismatch(file.display(), "PostgreSQL", redact(url))));
        }
        _ => {}
    }
    runtime()?.block_on(async {
        let counts = if postgres { restore_postgres(file, url).await? } else { restore_sqlite(file, url).await? };
        let (tables, rows) = summary(&counts);
        Ok(format!("{}\n", t().cli_restored(file.display(), redact(url), tables, rows)))
    })
}

/// The SQLite copy is made beside the target, opened by the store (migrated forward if older),
/// checked whole, and renamed into place: a crash leaves the target as it was.
async fn restore_sqlite(file: &Path, url: &str) -> Result<Counts, Failure> {
    let Some(target) = archive::sqlite_path(url) else {
        return Err(Failure::Usage(format!("--database: {}", redact(url))));
    };
    if target.exists() {
        open_empty(url).await?.close().await;
    }
    let tmp = beside(&target, &format!(".restoring-{}", std::process::id()));
    remove_with_companions(&tmp);
    let copied = std::fs::copy(file, &tmp);
    if let Err(e) = copied {
        remove_with_companions(&tmp);
        return Err(Failure::Input(t().cli_unwritable(tmp.display(), e)));
    }
    let checked = open_and_check(&format!("sqlite://{}", tmp.display()), file, url).await;
    let counts = match checked {
        Ok(c) => c,
        Err(e) => {
            remove_with_companions(&tmp);
            return Err(e);
        }
    };
    // The target's own write-ahead log must not be applied to the restored file.
    let wal = beside(&target, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        remove_with_companions(&tmp);
        return Err(Failure::Input(t().cli_wal_in_use(redact(url), wal.display())));
    }
    let _ = std::fs::remove_file(&wal);
    let _ = std::fs::remove_file(beside(&target, "-shm"));
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).context("sync")?;
    std::fs::rename(&tmp, &target).map_err(|e| Failure::Input(t().cli_unwritable(target.display(), e)))?;
    remove_with_companions(&tmp);
    sync_directory_of(&target);
    Ok(counts)
}

/// `pg_restore --no-owner --single-transaction` into an empty database (the store's empty tables
/// dropped first), then opened by the store (migrated forward if older) and checked.
async fn restore_postgres(file: &Path, url: &str) -> Result<Counts, Failure> {
    archive::prepare_postgres_restore(url).await.map_err(|e| archive_failure(e, file, url))?;
    let path = file.display().to_string();
    run_pg_tool(
        "pg_restore",
        &["--no-owner", "--single-transaction", "--exit-on-error", "--no-password", "--dbname", url, &path],
        url,
    )?;
    open_and_check(url, file, url).await
}

/// Opens a restored database with the store (which migrates an older schema forward) and asks
/// for its integrity check: its rows when whole, refused otherwise. `url` is what messages name.
async fn open_and_check(restored: &str, file: &Path, url: &str) -> Result<Counts, Failure> {
    let db = open(restored).await?;
    let problems = db.integrity_problems().await.map_err(|e| crate::server::store_failure(url, e));
    let counts = db.row_counts().await.map_err(|e| crate::server::store_failure(url, e));
    db.close().await;
    let problems = problems?;
    if !problems.is_empty() {
        let t = t();
        let said: Vec<String> = problems.iter().map(|p| crate::check::said(&t, p)).collect();
        return Err(Failure::Input(t.cli_restore_damaged(file.display(), said.join("; "))));
    }
    counts
}

pub fn export(args: ExportArgs) -> Result<String, Failure> {
    let url = &args.database;
    let tmp = temporary_for(&args.out)?;
    runtime()?.block_on(async {
        let db = open(url).await?;
        let written = match std::fs::File::create(&tmp) {
            Ok(f) => db
                .export_all(std::io::BufWriter::new(f), &format!("ntm {}", env!("CARGO_PKG_VERSION")))
                .await
                .map_err(|e| archive_failure(e, &args.out, url)),
            Err(e) => Err(Failure::Input(t().cli_unwritable(args.out.display(), e))),
        };
        db.close().await;
        let counts = match written {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let bytes = put_in_place(&tmp, &args.out)?;
        let (tables, rows) = summary(&counts);
        Ok(format!("{}\n", t().cli_exported(redact(url), args.out.display(), tables, rows, bytes)))
    })
}

pub fn import(args: ImportAllArgs) -> Result<String, Failure> {
    let url = &args.database;
    let file = &args.file;
    let f = std::fs::File::open(file).map_err(|e| Failure::Input(t().cli_unreadable(file.display(), e)))?;
    let mut reader = ArchiveReader::open(std::io::BufReader::new(f)).map_err(|e| archive_failure(e, file, url))?;
    // A SQLite file this import creates is removed again if the import is refused.
    let created = archive::sqlite_path(url).filter(|p| !p.exists());
    runtime()?.block_on(async {
        let db = open(url).await?;
        let imported = db.import_all(&mut reader).await;
        db.close().await;
        match imported {
            Ok(counts) => {
                let (tables, rows) = summary(&counts);
                Ok(format!("{}\n", t().cli_imported(file.display(), redact(url), tables, rows)))
            }
            Err(e) => {
                if let Some(p) = &created {
                    remove_with_companions(p);
                }
                Err(archive_failure(e, file, url))
            }
        }
    })
}
