//! From the first schema to the last, with data in it: a database of schema 1 holding every kind
//! of row is opened by the store, which migrates and converts it; everything is still there, in
//! the new shapes, and opening it again changes nothing.

use ntm_domain::audit::Event;
use ntm_domain::{Date, Period, Ratio, RecognitionLevel, TargetKind, TargetPart, Value};
use ntm_store::{Area, AuditQuery, SaveOutcome, ValueEdit};

use crate::harness::blanks;

/// Rows as the first schema's store wrote them (Vietnamese details, `;`-lists, text history).
const SCHEMA_1_ROWS: &str = "
update meta set value = 7 where key = 'revision';
update meta set value = 5 where key = 'structure';
insert into app_user (id, username, display_name, password_hash, role, unit_id, agency_id, lang, disabled, created_at)
values (1, 'vanphong', 'Văn phòng', 'h', 'office', null, null, 'vi', 0, 0),
       (2, 'sonbinh', 'Cán bộ Sơn Bình', 'h', 'commune', 2, null, 'vi', 0, 0);
insert into unit (id, code, name, level, parent_id, region, grp, flags, valid_from, valid_to)
values (1, '106', 'Huyện Tam Đường', 'district', null, 'tdmnpb', 0, '', '', ''),
       (2, '03413', 'Xã Sơn Bình', 'commune', 1, '', 0, 'dbkk', '', ''),
       (3, '03413-B01', 'Bản Một', 'village', 2, '', 0, '', '', '');
insert into audit (id, at, user_id, action, subject, detail, changes)
values (1, 1000, null, 'units.import', 'units.csv', '3 đơn vị, 0 liên kết sáp nhập', 3),
       (2, 2000, 1, 'values.import', 'values.csv', '2 giá trị (2 dòng)', 2),
       (3, 3000, 2, 'values.save', '03413 xa-ntm-2021-2025 2024', '1 giá trị', 1),
       (4, 4000, null, 'agency.add', 'ktht', 'Phòng Kinh tế và Hạ tầng', 1),
       (5, 5000, null, 'target.add', '2024-ban', '20 bản', 1),
       (6, 6000, null, 'recognition.add', 'QĐ 1', 'ban-ntm 2024-11-25', 1),
       (7, 7000, 1, 'threshold.set', 'xa-ntm-2021-2025 2.2 tdmnpb năm 2024', '70 (căn cứ cũ: QĐ cũ) → 75; căn cứ: QĐ mới', 1);
insert into value (set_id, unit_id, element, period, kind, num, den, revision, updated_at, updated_by)
values ('xa-ntm-2021-2025', 2, '3.1', '2024', 'n', 81, 1, 3, 3000, 2),
       ('xa-ntm-2021-2025', 2, '3.2', '2024Q3', 'b', 1, 1, 2, 2000, 1);
insert into value_history (id, audit_id, set_id, unit_id, element, period, old_text, new_text, at, user_id)
values (1, 2, 'xa-ntm-2021-2025', 2, '3.1', '2024', '', '72/100', 2000, 1),
       (2, 2, 'xa-ntm-2021-2025', 2, '3.2', '2024Q3', '', 'true', 2000, 1),
       (3, 3, 'xa-ntm-2021-2025', 2, '3.1', '2024', '72/100', '81', 3000, 2);
insert into agency (id, code, name) values (1, 'ktht', 'Phòng Kinh tế và Hạ tầng');
insert into agency_criterion (agency_id, set_id, criterion_id) values (1, 'xa-ntm-2021-2025', '2');
insert into target (id, code, title_vi, title_en, kind, set_id, level, year, unit_codes, quota, source)
values (1, '2024-ban', '20 bản', '20 villages', 'villages_recognised', '', 'ban-ntm', 2024, '03413:5;03405:6', 20, 'Chỉ thị'),
       (2, '2025-xa', '12/12 xã', '12/12 communes', 'units_at_standard', 'xa-ntm-2021-2025', '', 2025, '03413;03405', 12, 'Chỉ thị');
insert into recognition (id, unit_id, level, decision, decided_on, lost_on)
values (1, 3, 'ban-ntm', 'QĐ 1', '2024-11-25', '');
insert into threshold_layer (id, layer_id, set_id, kind, title, scope_code)
values (1, 'hieu-chinh:xa-ntm-2021-2025', 'xa-ntm-2021-2025', 'override', 'Hiệu chỉnh', '');
insert into threshold_entry (id, layer_id, indicator, key, year, value_text, confidence, source)
values (1, 1, '2.2', 'tdmnpb', 2024, '75', 'verified', 'QĐ mới');
";

/// PostgreSQL's identities do not follow rows given their ids: they are moved past them, as a
/// database that the first store filled would have them.
const POSTGRES_IDENTITIES: &str = "
select setval(pg_get_serial_sequence('audit', 'id'), 100);
select setval(pg_get_serial_sequence('app_user', 'id'), 100);
select setval(pg_get_serial_sequence('unit', 'id'), 100);
select setval(pg_get_serial_sequence('value_history', 'id'), 100);
select setval(pg_get_serial_sequence('agency', 'id'), 100);
select setval(pg_get_serial_sequence('target', 'id'), 100);
select setval(pg_get_serial_sequence('recognition', 'id'), 100);
select setval(pg_get_serial_sequence('threshold_layer', 'id'), 100);
select setval(pg_get_serial_sequence('threshold_entry', 'id'), 100);
";

/// Makes `url` a database of the first schema holding [`SCHEMA_1_ROWS`].
async fn schema_1(name: &str, url: &str) {
    if name == "sqlite" {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::migrate!("migrations/sqlite").run_to(1, &pool).await.unwrap();
        sqlx::raw_sql(SCHEMA_1_ROWS).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::migrate!("migrations/postgres").run_to(1, &pool).await.unwrap();
        sqlx::raw_sql(SCHEMA_1_ROWS).execute(&pool).await.unwrap();
        sqlx::raw_sql(POSTGRES_IDENTITIES).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

#[tokio::test]
async fn a_database_of_the_first_schema_upgrades_with_everything_in_it() {
    for blank in blanks().await {
        schema_1(blank.name, &blank.url).await;
        let url = blank.url.clone();
        let t = blank.open().await;
        let (db, name) = (&t.db, t.name);
        // Counters: one per area, none lost.
        let c = db.counters().await.unwrap();
        assert_eq!(c.revision, 7, "{name}");
        // And `ntm check`'s checks find nothing wrong in the upgraded rows (issue 11).
        assert_eq!(db.integrity_problems().await.unwrap(), [], "{name}");
        assert!(Area::ALL.iter().all(|a| c.of(*a) > 0), "{name}: every area has its counter: {c:?}");
        // The change log: every row an event, in its language-free form.
        let log = db.audit_log(&AuditQuery { limit: 20, ..AuditQuery::default() }).await.unwrap();
        let events: Vec<&Event> = log.iter().map(|a| &a.event).collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            events,
            [
                &Event::ThresholdSet {
                    set: s("xa-ntm-2021-2025"),
                    indicator: s("2.2"),
                    key: s("tdmnpb"),
                    year: Some(2024),
                    old: Some(s("70")),
                    old_citation: Some(s("QĐ cũ")),
                    new: s("75"),
                    citation: s("QĐ mới"),
                },
                &Event::RecognitionAdded {
                    unit: s(""),
                    level: s("ban-ntm"),
                    decision: s("QĐ 1"),
                    decided_on: s("2024-11-25")
                },
                &Event::TargetAdded { code: s("2024-ban"), title: s("20 bản"), title_en: s("") },
                &Event::AgencyAdded { code: s("ktht"), name: s("Phòng Kinh tế và Hạ tầng"), name_en: s("") },
                &Event::ValuesSaved { unit: s("03413"), set: s("xa-ntm-2021-2025"), period: s("2024"), values: 1 },
                &Event::ValuesImported { source: s("values.csv"), set: s(""), values: 2, rows: 2 },
                &Event::UnitsImported { source: s("units.csv"), units: 3, links: 0 },
            ],
            "{name}"
        );
        assert_eq!(log[4].username.as_deref(), Some("sonbinh"));
        // Units of the first schema have no kind stored (the live state reads it from their names).
        let (units, _) = db.units().await.unwrap();
        assert!(units.len() == 3 && units.iter().all(|u| u.kind.is_empty()), "{name}");
        // Targets: their units as rows, with each one's quota.
        let targets = db.targets().await.unwrap();
        assert_eq!(targets.len(), 2, "{name}");
        assert_eq!(targets[0].kind, TargetKind::VillagesRecognised);
        assert_eq!(targets[0].level, Some(RecognitionLevel::BanNtm));
        assert_eq!(
            targets[0].parts,
            [
                TargetPart { unit_code: s("03413"), quota: Some(5) },
                TargetPart { unit_code: s("03405"), quota: Some(6) }
            ],
            "{name}"
        );
        assert_eq!(targets[1].parts.iter().map(|p| p.quota).collect::<Vec<_>>(), [None, None]);
        assert_eq!(targets[1].set_id.as_deref(), Some("xa-ntm-2021-2025"));
        // Recognitions, agencies, thresholds as they were.
        let recs = db.recognitions().await.unwrap();
        assert_eq!(
            (recs[0].unit_id, recs[0].decided_on, recs[0].lost.clone()),
            (3, Date::parse("2024-11-25").unwrap(), None)
        );
        let agencies = db.agencies().await.unwrap();
        assert_eq!(agencies[0].criteria[0].criterion, "2");
        assert_eq!(agencies[0].name_en, "", "{name}: an agency of the first schema has no English name");
        assert_eq!(db.layers().await.unwrap()[0].entries[0].value_text, "75");
        // Values and their history: who, when, old → new.
        let values = db.unit_values("xa-ntm-2021-2025", 2, "2024").await.unwrap();
        assert_eq!(values.len(), 1);
        assert_eq!(
            (values[0].value, values[0].updated_at, values[0].updated_by),
            (Some(Value::Number(Ratio::integer(81))), 3000, Some(2))
        );
        let history = db.value_history("xa-ntm-2021-2025", 2, "3.1", "2024").await.unwrap();
        let lines: Vec<_> = history.iter().map(|h| (h.at, h.username.as_deref(), h.old, h.new)).collect();
        assert_eq!(
            lines,
            [
                (
                    3000,
                    Some("sonbinh"),
                    Some(Value::Fraction { num: 72, den: 100 }),
                    Some(Value::Number(Ratio::integer(81)))
                ),
                (2000, Some("vanphong"), None, Some(Value::Fraction { num: 72, den: 100 })),
            ],
            "{name}"
        );
        let mut loaded = Vec::new();
        let elements = db.elements().await.unwrap();
        db.load_values(|u| {
            for (e, p, v) in u.values {
                let (_, s, code) = elements.iter().find(|x| x.0 == *e).unwrap();
                loaded.push((u.unit_id, s.clone(), code.clone(), *p, *v));
            }
            Ok(())
        })
        .await
        .unwrap();
        loaded.sort_by(|a, b| a.2.cmp(&b.2));
        assert_eq!(
            loaded,
            [
                (2, s("xa-ntm-2021-2025"), s("3.1"), Period::Year(2024), Value::Number(Ratio::integer(81))),
                (2, s("xa-ntm-2021-2025"), s("3.2"), Period::Quarter(2024, 3), Value::Bool(true)),
            ],
            "{name}"
        );
        // The upgraded database takes new changes, and their history joins the old.
        let edit = ValueEdit {
            unit_id: 2,
            element: s("3.1"),
            criterion: Some(s("3")),
            period: s("2024"),
            new: Some(Value::Number(Ratio::integer(90))),
            expected_revision: values[0].revision,
        };
        let saved = db.save_values("xa-ntm-2021-2025", &[edit], Some(1), "03413", "2024").await.unwrap();
        assert!(matches!(saved, SaveOutcome::Saved { changed: 1, .. }), "{name}: {saved:?}");
        let history = db.value_history("xa-ntm-2021-2025", 2, "3.1", "2024").await.unwrap();
        assert_eq!(history.len(), 3, "{name}");
        assert_eq!(
            (history[0].old, history[0].username.as_deref()),
            (Some(Value::Number(Ratio::integer(81))), Some("vanphong"))
        );
        // Opened again (another server starting): nothing converted twice.
        let again = ntm_store::Db::connect(&url).await.unwrap();
        assert_eq!(again.value_history("xa-ntm-2021-2025", 2, "3.1", "2024").await.unwrap().len(), 3, "{name}");
        assert_eq!(again.audit_log(&AuditQuery { limit: 20, ..AuditQuery::default() }).await.unwrap().len(), 8);
        again.close().await;
        t.drop_db().await;
    }
}
