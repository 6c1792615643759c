//! `ntm check --database URL [--format table|json]` (issue 11, operations): the database's
//! integrity, its audit trail's consistency and its migrations against this binary's. Changes
//! nothing; exit 0 when all is well, 1 with every problem listed.

use ntm_store::{Db, Problem};
use ntm_text::T;

use crate::Failure;
use crate::cli::{CheckArgs, WarningsFormat};
use crate::commands::{json, t};
use crate::server::{runtime, store_failure};

/// The three checks, in the order they are reported.
const CHECKS: [&str; 3] = ["integrity", "audit", "migrations"];

pub fn check(args: CheckArgs) -> Result<String, Failure> {
    let url = args.database;
    let problems = runtime()?.block_on(async {
        let db = Db::open_as_is(&url).await.map_err(|e| store_failure(&url, e))?;
        let found = db.integrity_problems().await.map_err(|e| store_failure(&url, e));
        db.close().await;
        found
    })?;
    let t = t();
    let database = ntm_store::redact(&url);
    // The content checks read the schema the migrations make: when those do not match, they
    // were not run.
    let migrations_match = !problems.iter().any(|p| p.check() == "migrations");
    let state = |check: &str| {
        let n = problems.iter().filter(|p| p.check() == check).count();
        if n > 0 {
            ("failed", t.cli_check_failed(n))
        } else if check != "migrations" && !migrations_match {
            ("not-run", t.cli_check_not_run().to_string())
        } else {
            ("passed", t.cli_check_passed().to_string())
        }
    };
    let output = match args.format {
        WarningsFormat::Json => json(&serde_json::json!({
            "database": database,
            "ok": problems.is_empty(),
            "checks": CHECKS.iter().map(|c| (c.to_string(), serde_json::Value::from(state(c).0))).collect::<serde_json::Map<_, _>>(),
            "problems": problems.iter().map(|p| serde_json::json!({
                "check": p.check(),
                "code": p.code(),
                "message": said(&t, p),
            })).collect::<Vec<_>>(),
        }))?,
        WarningsFormat::Table => {
            let mut out = format!("{}\n", t.cli_check_title(&database));
            for check in CHECKS {
                let title = match check {
                    "integrity" => t.cli_check_integrity(),
                    "audit" => t.cli_check_audit(),
                    _ => t.cli_check_migrations(),
                };
                out.push_str(&format!("  {title}: {}\n", state(check).1));
                for p in problems.iter().filter(|p| p.check() == check) {
                    out.push_str(&format!("    - {}\n", said(&t, p)));
                }
            }
            if problems.is_empty() {
                out.push_str(&format!("{}\n", t.cli_check_all_well()));
            } else {
                out.push_str(&format!("{}\n", t.cli_check_found(problems.len())));
            }
            out
        }
    };
    if problems.is_empty() { Ok(output) } else { Err(Failure::Found(output)) }
}

/// A problem in the user's words.
pub(crate) fn said(t: &T, p: &Problem) -> String {
    match p {
        Problem::Damaged(detail) => t.cli_check_damaged(detail),
        Problem::BrokenLink { table, row } => t.cli_check_broken_link(table, row),
        Problem::Orphans { table, column, target, count, missing } => {
            t.cli_check_orphans(*count, table, column, target, missing)
        }
        Problem::CounterMissing { key } => t.cli_check_counter_missing(key),
        Problem::CounterOutOfRange { key, value, revision } => t.cli_check_counter_out_of_range(key, value, revision),
        Problem::RevisionBehind { revision, largest } => t.cli_check_revision_behind(revision, largest),
        Problem::ChangesMismatch { audit_id, recorded, found } => {
            t.cli_check_changes_mismatch(audit_id, recorded, found)
        }
        Problem::NoSchema => t.cli_check_no_schema().to_string(),
        Problem::MigrationPending { version, description } => t.cli_check_migration_pending(version, description),
        Problem::MigrationFailed { version, description } => t.cli_check_migration_failed(version, description),
        Problem::MigrationChecksum { version, description } => t.cli_check_migration_checksum(version, description),
        Problem::MigrationNewer { version, description } => t.cli_check_migration_newer(version, description),
        Problem::MigrationUnknown { version, description } => t.cli_check_migration_unknown(version, description),
    }
}
