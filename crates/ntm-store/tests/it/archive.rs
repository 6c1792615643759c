//! The portable archive (issue 11): the table list knows every table of the schema, on both
//! databases; an archive holds every kind of cell and re-imports identically, rows linked to
//! later rows of their own table included; PostgreSQL's identity counters go past the imported
//! ids; SQLite and PostgreSQL holding the same rows write the same table files.

use std::io::Cursor;

use ntm_store::archive::{ArchiveError, ArchiveReader, Cell, TABLES};

use crate::harness::databases;

/// Runs SQL statements as they are (rows the store's own methods would not write this way).
async fn script(db: &ntm_store::Db, sql: &str) {
    match db {
        ntm_store::Db::Sqlite { write, .. } => {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(write).await.map(drop).unwrap()
        }
        ntm_store::Db::Postgres(p) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(p).await.map(drop).unwrap(),
    };
}

/// An attachment holding `bytes` on report 4.
async fn attach(db: &ntm_store::Db, bytes: &[u8]) {
    let sql = "insert into report_attachment (id, report_id, name, content_type, size, bytes, added_by, added_at) \
               values (9, 4, 'a.pdf', 'application/pdf', $1, $2, 1, 8)";
    let size = bytes.len() as i64;
    match db {
        ntm_store::Db::Sqlite { write, .. } => {
            sqlx::query(sql).bind(size).bind(bytes).execute(write).await.map(drop).unwrap()
        }
        ntm_store::Db::Postgres(p) => sqlx::query(sql).bind(size).bind(bytes).execute(p).await.map(drop).unwrap(),
    };
}

#[tokio::test]
async fn the_archive_knows_every_table_of_the_schema_in_an_order_that_keeps_links() {
    for t in databases().await {
        let mut listed: Vec<String> = TABLES.iter().map(|s| s.name.to_string()).collect();
        listed.sort();
        assert_eq!(
            t.db.table_names().await.unwrap(),
            listed,
            "{}: a migration added or dropped a table: put it in ntm_store::archive::TABLES, after the tables it refers to",
            t.name
        );
        for spec in TABLES {
            let dump = t.db.dump_table(spec.name).await.unwrap();
            for k in spec.key.iter().chain(spec.later) {
                assert!(dump.columns.iter().any(|c| c.name == *k), "{}: {}.{k}", t.name, spec.name);
            }
        }
        t.drop_db().await;
    }
}

/// Rows of every type (the account's id 1, the first an identity counter gives), a unit whose parent comes after it, text keys that sort differently in a
/// language's collation than byte by byte, a blob with every byte.
const ROWS: &str = "
insert into app_user (id, username, display_name, password_hash, role, unit_id, agency_id, lang, disabled, created_at)
values (1, 'vanphong', 'Văn phòng \"NTM\"', 'h', 'office', null, null, 'vi', 0, 1700000000000);
insert into unit (id, code, name, level, parent_id, region, grp, flags, valid_from, valid_to, kind)
values (1, '03413', 'Xã Sơn Bình', 'commune', null, '', 0, 'dbkk', '', '', 'xa'),
       (2, '106', 'Huyện Tam Đường', 'district', null, 'tdmnpb', 0, '', '', '', '');
update unit set parent_id = 2 where id = 1;
insert into criteria_set (id, toml, added_at, added_by) values ('b', 'x', 1, 1), ('B', 'y', 2, null), ('a', 'z', 3, 1), ('Ă', 'w', 4, null);
insert into report_holiday (day, name) values ('2025-09-02', 'Quốc khánh'), ('2025-01-01', 'Tết Dương lịch');
insert into report_round (id, unit_id, kind, year, quarter, subject, cut_off_from, cut_off_to, deadline, basis, obliged, opened_by, opened_at)
values (3, 2, 'annual', 2024, 0, '', '2023-12-15', '2024-12-14', '2024-12-20', 'NĐ 09/2019', 'communes', 1, 5);
insert into report (id, round_id, reporter_kind, reporter, state, first_submitted_at, last_submitted_at, changed_by, changed_at)
values (4, 3, 'unit', '03413', 'draft', null, null, 1, 6);
";

#[tokio::test]
async fn an_archive_re_imports_identically_and_new_rows_do_not_collide() {
    let mut archives = Vec::new();
    for t in databases().await {
        let db = &t.db;
        script(db, ROWS).await;
        let blob: Vec<u8> = (0..=255).collect();
        attach(db, &blob).await;
        let mut bytes = Cursor::new(Vec::new());
        let counts = db.export_all(&mut bytes, "ntm test").await.unwrap();
        assert_eq!(counts.tables.iter().find(|(n, _)| n == "unit").unwrap().1, 2);
        // The same database, the same bytes.
        let mut again = Cursor::new(Vec::new());
        db.export_all(&mut again, "ntm test").await.unwrap();
        assert_eq!(bytes.get_ref(), again.get_ref(), "{}: an export is deterministic", t.name);
        let holidays = db.dump_table("report_holiday").await.unwrap();
        assert_eq!(holidays.rows[0][0], Cell::Text("2025-01-01".into()), "{}: rows in key order", t.name);
        let sets = db.dump_table("criteria_set").await.unwrap();
        let ids: Vec<&Cell> = sets.rows.iter().map(|r| &r[2]).collect();
        assert_eq!(
            ids,
            [&Cell::Text("B".into()), &Cell::Text("a".into()), &Cell::Text("b".into()), &Cell::Text("Ă".into())],
            "{}: text keys byte by byte",
            t.name
        );
        archives.push((t, bytes.into_inner()));
    }
    // Each archive into an empty database of the other kind too.
    let table_files = |bytes: &[u8]| {
        let mut r = ArchiveReader::open(Cursor::new(bytes)).unwrap();
        TABLES
            .iter()
            .map(|t| {
                let mut lines = Vec::new();
                r.rows(t.name, &mut |_, row| {
                    lines.push(row);
                    Ok(())
                })
                .unwrap();
                lines
            })
            .collect::<Vec<_>>()
    };
    if archives.len() == 2 {
        let (a, b) = (&archives[0].1, &archives[1].1);
        assert_eq!(table_files(a), table_files(b), "SQLite and PostgreSQL write the same rows");
        let ra = ArchiveReader::open(Cursor::new(a.as_slice())).unwrap().manifest;
        let rb = ArchiveReader::open(Cursor::new(b.as_slice())).unwrap().manifest;
        assert_eq!(ra, rb, "the same manifest (files, counts, hashes, columns)");
    }
    for (source, bytes) in &archives {
        for target in databases().await {
            let mut reader = ArchiveReader::open(Cursor::new(bytes.as_slice())).unwrap();
            target.db.import_all(&mut reader).await.unwrap();
            for spec in TABLES {
                assert_eq!(
                    target.db.dump_table(spec.name).await.unwrap(),
                    source.db.dump_table(spec.name).await.unwrap(),
                    "{} → {}: {}",
                    source.name,
                    target.name,
                    spec.name
                );
            }
            // A new row takes an id past the imported ones (PostgreSQL's identity counter).
            let id = target.db.add_agency("ktht", "Phòng Kinh tế và Hạ tầng", &[], None).await.unwrap();
            assert!(id > 0);
            script(
                &target.db,
                "insert into app_user (username, display_name, password_hash, role, lang, disabled, created_at) \
                 values ('moi', 'Mới', 'h', 'viewer', 'vi', 0, 9)",
            )
            .await;
            // And a second import is refused: the database is no longer empty.
            let mut reader = ArchiveReader::open(Cursor::new(bytes.as_slice())).unwrap();
            match target.db.import_all(&mut reader).await {
                Err(ArchiveError::NotEmpty(held)) => assert!(held.iter().any(|(t, _)| t == "unit"), "{held:?}"),
                other => panic!("{} → {}: {other:?}", source.name, target.name),
            }
            target.drop_db().await;
        }
    }
    for (t, _) in archives {
        t.drop_db().await;
    }
}
