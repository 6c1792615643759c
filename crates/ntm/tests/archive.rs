//! Backup, restore and the portable archive (issue 11), with the real binary on SQLite and on
//! PostgreSQL (`NTM_TEST_DATABASE_URL`; required under CI): a database holding every kind of row
//! (the demo, and a row in each table the demo leaves empty) is backed up while a server has it
//! open, restored into an empty database and compared table by table; exported from SQLite,
//! imported into PostgreSQL, exported, imported into SQLite and exported again, the table files
//! are the same bytes and the first and last SQLite databases the same rows; and every refusal
//! (a database that is not empty, a changed row, a missing table, a cell of a wrong type, a
//! truncated zip) names what and where and writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use ntm_store::Db;
use ntm_store::archive::TABLES;

#[path = "support/filled.rs"]
mod filled;
#[path = "support/http.rs"]
mod http;

use filled::{Postgres, Scratch, fill, rt};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ntm(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ntm")).args(args).current_dir(root()).env("LANG", "en").output().expect("run ntm")
}

/// Every table of the two databases, row by row, equal.
fn assert_same_tables(a: &str, b: &str, label: &str) {
    rt().block_on(async {
        let (da, db) = (Db::connect(a).await.unwrap(), Db::connect(b).await.unwrap());
        for t in TABLES {
            let (x, y) = (da.dump_table(t.name).await.unwrap(), db.dump_table(t.name).await.unwrap());
            assert_eq!(x.columns, y.columns, "{label}: {}", t.name);
            assert_eq!(x.rows.len(), y.rows.len(), "{label}: rows of {}", t.name);
            for (i, (rx, ry)) in x.rows.iter().zip(&y.rows).enumerate() {
                assert_eq!(rx, ry, "{label}: {} row {i}", t.name);
            }
        }
        da.close().await;
        db.close().await;
    });
}

/// The tables that hold rows at `url`.
fn held(url: &str) -> Vec<(String, i64)> {
    rt().block_on(async {
        let db = Db::connect(url).await.unwrap();
        let held = db.rows_held().await.unwrap();
        db.close().await;
        held
    })
}

fn ok(o: &std::process::Output, what: &str) -> String {
    assert!(o.status.success(), "{what}: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(o: &std::process::Output, what: &str) -> String {
    assert_eq!(o.status.code(), Some(1), "{what} must be refused: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Backs up `url` while a server has it open, restores into `empty` (an empty database), and
/// compares every table; a second backup to the same file and a restore into a database that is
/// no longer empty are refused and change nothing.
fn backup_and_restore(label: &str, url: &str, empty: &str, dir: &Scratch) {
    fill(url);
    let addr = http::free_address();
    let mut server = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["serve", "--database", url, "--bind", &addr.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(rt().block_on(http::answers(addr, Duration::from_secs(120))), "{label}: the server answers");
    let out = dir.path("backup");
    let said = ok(&ntm(&["backup", "--database", url, "--out", out.to_str().unwrap()]), "backup");
    let tables = TABLES.len().to_string();
    assert!(said.contains(&format!("{tables} tables")) && said.contains("bytes"), "{label}: {said}");
    let before = std::fs::read(&out).unwrap();
    let again = refused(&ntm(&["backup", "--database", url, "--out", out.to_str().unwrap()]), "a second backup");
    assert!(again.contains("already exists"), "{label}: {again}");
    assert_eq!(std::fs::read(&out).unwrap(), before, "{label}: the backup is not written over");
    let _ = server.kill();
    let _ = server.wait();

    let said = ok(&ntm(&["restore", out.to_str().unwrap(), "--database", empty]), "restore");
    assert!(said.contains("integrity check passed"), "{label}: {said}");
    assert_same_tables(url, empty, &format!("{label} backup → restore"));
    // Not into a database that holds data.
    let no = refused(&ntm(&["restore", out.to_str().unwrap(), "--database", url]), "a restore over data");
    assert!(no.contains("is not empty") && no.contains("unit "), "{label}: {no}");
    assert_same_tables(url, empty, &format!("{label} after a refused restore"));
}

#[test]
fn a_sqlite_backup_restores_every_table_identically() {
    let dir = Scratch::new("sqlite-backup");
    backup_and_restore("SQLite", &dir.sqlite("live.db"), &dir.sqlite("restored.db"), &dir);
}

#[test]
fn a_postgres_backup_restores_every_table_identically() {
    let Some(pg) = Postgres::new("backup") else { return };
    let dir = Scratch::new("pg-backup");
    // One restored into a blank database, one into a database the store has opened (empty).
    let (live, blank, opened) = (pg.blank(), pg.blank(), pg.blank());
    assert!(ntm(&["user", "list", "--database", &opened]).status.success());
    backup_and_restore("PostgreSQL", &live, &blank, &dir);
    let out = dir.path("backup");
    ok(&ntm(&["restore", out.to_str().unwrap(), "--database", &opened]), "restore into an opened database");
    assert_same_tables(&live, &opened, "PostgreSQL backup → restore into an opened empty database");
}

/// The PostgreSQL client programs get the password through their environment, never on their
/// command line (which any user of the machine can read with `ps`): a stand-in `pg_dump` on the
/// PATH writes down what it was given.
#[cfg(unix)]
#[test]
fn pg_dump_gets_the_password_by_its_environment_not_its_command_line() {
    use std::os::unix::fs::PermissionsExt;
    let Some(pg) = Postgres::new("password") else { return };
    let dir = Scratch::new("pg-password");
    let url = pg.blank();
    // The test server trusts its clients: any password opens it.
    let with_password = url.replacen("://postgres@", "://postgres:s%40cret-pw@", 1);
    assert_ne!(with_password, url, "the URL names the user postgres: {url}");
    let bin = dir.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let seen = dir.path("seen");
    let fake = bin.join("pg_dump");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho \"args: $*\" > '{0}'\necho \"env: $PGPASSWORD\" >> '{0}'\nexit 3\n", seen.display()),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = dir.path("backup");
    let o = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["backup", "--database", &with_password, "--out", out.to_str().unwrap()])
        .env("PATH", path)
        .env("LANG", "en")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the stand-in fails, so the backup does");
    let said = std::fs::read_to_string(&seen).unwrap();
    assert!(said.contains("env: s@cret-pw"), "the password in PGPASSWORD, decoded: {said}");
    let args = said.lines().next().unwrap();
    assert!(!args.contains("cret-pw") && args.contains("postgres@"), "no password on the command line: {args}");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("cret-pw"), "nor in the message");
    assert!(!out.exists(), "nothing written");
}

/// The table files of an archive, by name.
fn table_files(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("tables/") {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            out.push((name, bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn sqlite_to_postgres_to_sqlite_gives_the_same_tables() {
    let Some(pg) = Postgres::new("trip") else { return };
    let dir = Scratch::new("trip");
    let (first, middle, last) = (dir.sqlite("first.db"), pg.blank(), dir.sqlite("last.db"));
    fill(&first);
    let zip = |n: &str| dir.path(n);
    let (a, b, c) = (zip("a.zip"), zip("b.zip"), zip("c.zip"));
    let said = ok(&ntm(&["export", "--all", "--database", &first, "--out", a.to_str().unwrap()]), "export");
    assert!(said.contains(&format!("{} tables", TABLES.len())), "{said}");
    ok(&ntm(&["import", "--all", a.to_str().unwrap(), "--database", &middle]), "import into PostgreSQL");
    ok(&ntm(&["export", "--all", "--database", &middle, "--out", b.to_str().unwrap()]), "export from PostgreSQL");
    ok(&ntm(&["import", "--all", b.to_str().unwrap(), "--database", &last]), "import into SQLite");
    ok(&ntm(&["export", "--all", "--database", &last, "--out", c.to_str().unwrap()]), "export again");
    let (fa, fb, fc) = (table_files(&a), table_files(&b), table_files(&c));
    assert_eq!(fa.len(), TABLES.len());
    for ((x, y), z) in fa.iter().zip(&fb).zip(&fc) {
        assert_eq!(x, y, "{}: SQLite's and PostgreSQL's archives", x.0);
        assert_eq!(y, z, "{}: PostgreSQL's and SQLite's archives", y.0);
    }
    // The same database, the same bytes (the archive as a whole).
    let d = zip("d.zip");
    ok(&ntm(&["export", "--all", "--database", &last, "--out", d.to_str().unwrap()]), "export once more");
    assert_eq!(std::fs::read(&c).unwrap(), std::fs::read(&d).unwrap(), "an export is deterministic");
    assert_same_tables(&first, &last, "SQLite → PostgreSQL → SQLite");
}

/// An edit of an archive's entry: its name and bytes in, its new bytes out (`None` leaves it out).
type Edit = dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>;

/// Rewrites an archive: each entry through `edit`.
fn rewrite(from: &Path, to: &Path, edit: &Edit) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if let Some(bytes) = edit(&name, bytes) {
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&bytes).unwrap();
        }
    }
    out.finish().unwrap();
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_damaged_archive_or_a_database_with_data_is_refused_naming_what_and_where() {
    let dir = Scratch::new("refusals");
    let source = dir.sqlite("source.db");
    fill(&source);
    let good = dir.path("good.zip");
    ok(&ntm(&["export", "--all", "--database", &source, "--out", good.to_str().unwrap()]), "export");
    let manifest = {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
        let mut text = String::new();
        archive.by_name("manifest.json").unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let unit_file = table_files(&good).into_iter().find(|(n, _)| n == "tables/unit.jsonl").unwrap().1;
    let first_line_end = unit_file.iter().position(|b| *b == b'\n').unwrap();
    // A changed row: the first unit's name, the manifest left as it was.
    let changed = String::from_utf8(unit_file.clone()).unwrap().replacen("Tỉnh", "Tinh", 1).into_bytes();
    assert_ne!(changed, unit_file);
    // A cell of a wrong type: the first unit's id as text, the manifest's hash made to match.
    let first: Vec<serde_json::Value> = serde_json::from_slice(&unit_file[..first_line_end]).unwrap();
    let columns = {
        let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        let unit = m["tables"].as_array().unwrap().iter().find(|t| t["name"] == "unit").unwrap().clone();
        unit["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let id_at = columns.iter().position(|c| c == "id").unwrap();
    let mut bad = first.clone();
    bad[id_at] = serde_json::Value::from(bad[id_at].to_string());
    let mut typed = serde_json::to_vec(&bad).unwrap();
    typed.extend_from_slice(&unit_file[first_line_end..]);
    let typed_manifest = manifest.replace(&sha256_hex(&unit_file), &sha256_hex(&typed));

    let cases: Vec<(&str, Box<Edit>, Vec<&str>)> = vec![
        (
            "a changed row",
            Box::new(move |n: &str, b| Some(if n == "tables/unit.jsonl" { changed.clone() } else { b })),
            vec!["table unit", "SHA-256"],
        ),
        ("a missing table", Box::new(|n: &str, b| (n != "tables/report.jsonl").then_some(b)), vec!["no table report"]),
        (
            "a cell of a wrong type",
            Box::new(move |n: &str, b| match n {
                "tables/unit.jsonl" => Some(typed.clone()),
                "manifest.json" => Some(typed_manifest.clone().into_bytes()),
                _ => Some(b),
            }),
            vec!["table unit, line 1, column id", "integer"],
        ),
    ];
    for (i, (what, edit, words)) in cases.iter().enumerate() {
        let file = dir.path(&format!("bad{i}.zip"));
        rewrite(&good, &file, edit);
        for target in [dir.sqlite(&format!("t{i}.db")), dir.sqlite(&format!("opened{i}.db"))] {
            let existed = target.contains("opened");
            if existed {
                ok(&ntm(&["user", "list", "--database", &target]), "open");
            }
            let said = refused(&ntm(&["import", "--all", file.to_str().unwrap(), "--database", &target]), what);
            for w in words {
                assert!(said.contains(w) && said.contains(file.to_str().unwrap()), "{what}: {said}");
            }
            assert!(said.contains("Nothing was written"), "{what}: {said}");
            let path = ntm_store::archive::sqlite_path(&target).unwrap();
            if existed {
                assert!(held(&target).is_empty(), "{what}: nothing written");
            } else {
                assert!(!path.exists(), "{what}: no database file left behind");
            }
        }
    }
    // A truncated zip.
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path("cut.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let target = dir.sqlite("cut.db");
    let said = refused(&ntm(&["import", "--all", cut.to_str().unwrap(), "--database", &target]), "a truncated zip");
    assert!(said.contains("not a readable zip archive") && said.contains("cut.zip"), "{said}");
    // Into a database holding data: refused, the tables named, the database as it was.
    let copy = dir.sqlite("copy.db");
    ok(&ntm(&["import", "--all", good.to_str().unwrap(), "--database", &copy]), "import into an empty database");
    let said = refused(&ntm(&["import", "--all", good.to_str().unwrap(), "--database", &copy]), "an import over data");
    assert!(said.contains("is not empty") && said.contains("unit "), "{said}");
    assert_same_tables(&source, &copy, "after a refused import");
    // In Vietnamese too.
    let o = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["import", "--all", cut.to_str().unwrap(), "--database", &target])
        .env("LANG", "vi")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("không phải tệp zip đọc được"), "{said}");
}
