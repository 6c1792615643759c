//! `ntm check` (issue 11, operations): a healthy demo database passes; each kind of damage made
//! by hand with SQL — an orphaned row, a counter set back, a change count that does not match its
//! values, a broken link, a migration edited, failed, missing or newer than the binary — is found
//! and named, with exit code 1, on SQLite and on PostgreSQL (required under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

use sqlx::Connection;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ntm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(args)
        .current_dir(root())
        .env_remove("LANG")
        .env_remove("NTM_DATABASE_URL")
        .output()
        .expect("run ntm")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Runs statements on the database behind the store's back (SQLite: with its foreign keys off,
/// as a hand with a SQL shell would).
fn sql(url: &str, statements: &str) {
    rt().block_on(async {
        if url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::raw_sql("pragma foreign_keys = off").execute(&mut c).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statements.to_string())).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statements.to_string())).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
    });
}

/// One number read from the database.
fn number(url: &str, query: &str) -> i64 {
    rt().block_on(async {
        if url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_string())).fetch_one(&mut c).await.unwrap()
        } else {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_string())).fetch_one(&mut c).await.unwrap()
        }
    })
}

/// `ntm check --format json` on `url`: (exit code, the report).
fn check_json(url: &str) -> (Option<i32>, serde_json::Value) {
    let o = ntm(&["check", "--database", url, "--format", "json"]);
    let report = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout(&o), String::from_utf8_lossy(&o.stderr)));
    (o.status.code(), report)
}

/// The codes of the problems of a report.
fn codes(report: &serde_json::Value) -> Vec<String> {
    report["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_string()).collect()
}

/// The message of the first problem of `code`.
fn message(report: &serde_json::Value, code: &str) -> String {
    let p = report["problems"].as_array().unwrap().iter().find(|p| p["code"] == code);
    p.unwrap_or_else(|| panic!("no {code} in {report}"))["message"].as_str().unwrap().to_string()
}

/// A database to check: its backend's label, its URL, and for PostgreSQL the server's URL and
/// the database's name, to drop it afterwards.
type Checked = (&'static str, String, Option<(String, String)>);

/// The demo built in a fresh database per backend: a SQLite file, and a database on the
/// PostgreSQL server of `NTM_TEST_DATABASE_URL` (required under CI).
fn demo_databases(dir: &std::path::Path) -> Vec<Checked> {
    let mut out = vec![("sqlite", format!("sqlite://{}", dir.join("demo.db").display()), None)];
    match std::env::var("NTM_TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("ntm_check_{}", std::process::id());
            // Two statements: PostgreSQL creates a database outside any transaction only.
            sql(&admin, &format!("drop database if exists {name} with (force)"));
            sql(&admin, &format!("create database {name}"));
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_string();
            out.push(("postgres", format!("{base}/{name}"), Some((admin, name))));
        }
        _ if std::env::var_os("CI").is_some() => panic!("CI is set but NTM_TEST_DATABASE_URL is not"),
        _ => eprintln!("PostgreSQL skipped: NTM_TEST_DATABASE_URL names no server"),
    }
    for (_, url, _) in &out {
        rt().block_on(async {
            let db = ntm_store::Db::connect(url).await.unwrap();
            ntm_app::demo::build(&db, true).await.unwrap();
            db.close().await;
        });
    }
    out
}

#[test]
fn a_healthy_demo_database_passes_and_each_kind_of_damage_is_found_and_named() {
    let dir = std::env::temp_dir().join(format!("ntm-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (label, url, drop) in demo_databases(&dir) {
        one_backend(label, &url);
        if let Some((admin, name)) = drop {
            sql(&admin, &format!("drop database if exists {name} with (force)"));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn one_backend(label: &str, url: &str) {
    // Healthy: exit 0, every check passed, in words (Vietnamese by default, English asked).
    let o = ntm(&["check", "--database", url]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(text.contains("Mọi thứ đều ổn.") && text.matches(": đạt").count() == 3, "{label}: {text}");
    let o = ntm(&["--lang", "en", "check", "--database", url]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("All is well.") && stdout(&o).matches(": passed").count() == 3, "{}", stdout(&o));
    let (code, report) = check_json(url);
    assert_eq!(code, Some(0));
    assert_eq!(report["ok"], true, "{report}");
    assert!(codes(&report).is_empty());

    // An orphaned row: a value's history naming a change the log does not hold.
    sql(
        url,
        "insert into value_change (unit_id, element_id, period, old_kind, old_num, old_den, old_audit_id, audit_id) \
         select unit_id, element_id, period, kind, num, den, null, 987654 from value where unit_id = (select min(unit_id) from value) \
         and element_id = (select min(element_id) from value where unit_id = (select min(unit_id) from value)) \
         and period = (select min(period) from value where unit_id = (select min(unit_id) from value))",
    );
    let (code, report) = check_json(url);
    assert_eq!(code, Some(1), "{label}: {report}");
    assert_eq!(codes(&report), ["orphans"], "{label}");
    let said = message(&report, "orphans");
    assert!(said.contains("value_change") && said.contains("audit_id") && said.contains("987654"), "{said}");
    assert_eq!(report["checks"]["integrity"], "failed");
    assert_eq!(report["checks"]["audit"], "passed");
    // The table says it too, with the same words, and exit 1.
    let o = ntm(&["check", "--database", url]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(&said) && stdout(&o).contains("Tìm thấy 1 vấn đề."), "{}", stdout(&o));
    sql(url, "delete from value_change where audit_id = 987654");
    assert_eq!(check_json(url).0, Some(0), "{label}: repaired");

    // A counter set back: the revision behind the values written at later ones.
    let revision = number(url, "select value from meta where key = 'revision'");
    sql(url, "update meta set value = 2 where key = 'revision'");
    let (code, report) = check_json(url);
    assert_eq!(code, Some(1));
    assert!(codes(&report).contains(&"revision-behind".to_string()), "{label}: {report}");
    assert!(message(&report, "revision-behind").contains("(2)"));
    // Every area counter now runs ahead of the revision too: each is named.
    assert!(codes(&report).contains(&"counter-out-of-range".to_string()), "{report}");
    assert_eq!(report["checks"]["audit"], "failed");
    sql(url, &format!("update meta set value = {revision} where key = 'revision'"));
    // An area's counter gone.
    sql(url, "delete from meta where key = 'recognitions'");
    let (_, report) = check_json(url);
    assert_eq!(codes(&report), ["counter-missing"], "{label}");
    assert!(message(&report, "counter-missing").contains("recognitions"));
    sql(url, &format!("insert into meta (key, value) values ('recognitions', {revision})"));
    assert_eq!(check_json(url).0, Some(0), "{label}: repaired");

    // An import's change count that its values do not bear out.
    let import = number(url, "select min(id) from audit where action = 'values.import'");
    let changes = number(url, &format!("select changes from audit where id = {import}"));
    assert!(changes > 0);
    sql(url, &format!("update audit set changes = changes + 3 where id = {import}"));
    let (_, report) = check_json(url);
    assert_eq!(codes(&report), ["changes-mismatch"], "{label}");
    let said = message(&report, "changes-mismatch");
    assert!(said.contains(&import.to_string()) && said.contains(&(changes + 3).to_string()), "{said}");
    assert!(said.contains(&format!("{changes} giá trị")), "{said}");
    sql(url, &format!("update audit set changes = {changes} where id = {import}"));

    // A broken declared link (SQLite checks its foreign keys on demand; PostgreSQL refuses it).
    if label == "sqlite" {
        sql(url, "insert into member_commune (member_id, unit_id, ord) values (424242, 1, 0)");
        let (_, report) = check_json(url);
        assert_eq!(codes(&report), ["broken-link"], "{report}");
        assert!(message(&report, "broken-link").contains("member_commune"));
        sql(url, "delete from member_commune where member_id = 424242");
    }
    assert_eq!(check_json(url).0, Some(0), "{label}: repaired");

    // Migrations: one's text changed after it shipped, one failed, one missing, one newer than
    // the binary — each named; the other checks are said not to have run.
    let blob = if label == "sqlite" { "x'00'" } else { "'\\x00'::bytea" };
    sql(url, &format!("update _sqlx_migrations set checksum = {blob} where version = 12"));
    let (code, report) = check_json(url);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report), ["migration-checksum"], "{label}");
    assert!(message(&report, "migration-checksum").contains("12 (roadmap)"), "{report}");
    assert_eq!(report["checks"]["audit"], "not-run");
    sql(url, "update _sqlx_migrations set success = false where version = 15");
    sql(url, "delete from _sqlx_migrations where version = 17");
    sql(
        url,
        &format!(
            "insert into _sqlx_migrations (version, description, success, checksum, execution_time) \
             values (9001, 'from the future', true, {blob}, 1)"
        ),
    );
    let (_, report) = check_json(url);
    let mut found = codes(&report);
    found.sort();
    assert_eq!(found, ["migration-checksum", "migration-failed", "migration-newer", "migration-pending"], "{label}");
    assert!(message(&report, "migration-newer").contains("mới hơn chương trình"), "{report}");
    assert!(message(&report, "migration-pending").contains("17 (reporting)"), "{report}");
    let o = ntm(&["--lang", "en", "check", "--database", url]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("the database is newer than this binary") && text.contains("4 problems found."), "{text}");
    assert!(text.contains("not checked: the migrations must match"), "{text}");
}

/// A check changes nothing: a database that does not exist is not created.
#[test]
fn a_missing_database_file_is_an_error_and_is_not_created() {
    let dir = std::env::temp_dir().join(format!("ntm-check-missing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("none.db");
    let o = ntm(&["check", "--database", &format!("sqlite://{}", file.display())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lỗi"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!file.exists(), "the check created the database");
    std::fs::remove_dir_all(&dir).unwrap();
}
