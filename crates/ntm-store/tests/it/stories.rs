//! Stories per area; each runs on every backend.

use ntm_domain::audit::{Event, EventArea};
use ntm_domain::{
    CriterionRef, Date, Level, LineageDraft, LineageKind, Ratio, RecognitionLevel, Target, TargetKind, TargetPart,
    UnitDraft, UnitTree, Value,
};
use ntm_store::{
    Area, AuditPerson, AuditQuery, AuditRecord, Backend, Counters, LayerEntryRecord, LayerRecord, NewUser,
    RecognitionRecord, SaveOutcome, SessionRecord, StoreError, ValueEdit,
};

use crate::harness::databases;

fn unit(code: &str, level: Level, parent: Option<&str>, from: Option<&str>, to: Option<&str>) -> UnitDraft {
    let draft = ntm_domain::test_support::dated(ntm_domain::test_support::unit(code, level, parent), from, to);
    UnitDraft {
        region: (level == Level::Province).then(|| "tdmnpb".to_string()),
        flags: if code == "03394" { vec!["dbkk".into()] } else { vec![] },
        // Until 30/6/2025 03390 is Thị trấn Tam Đường; the code's next unit is a xã.
        kind: match (code, to) {
            ("03390", Some(_)) => Some(ntm_domain::UnitKind::ThiTran),
            (_, _) if level == Level::Commune => Some(ntm_domain::UnitKind::Xa),
            _ => None,
        },
        ..draft
    }
}

fn tam_duong() -> UnitTree {
    UnitTree::build(
        vec![
            unit("12", Level::Province, None, None, None),
            unit("106", Level::District, Some("12"), None, Some("2025-06-30")),
            unit("03390", Level::Commune, Some("106"), None, Some("2025-06-30")),
            unit("03412", Level::Commune, Some("106"), None, Some("2025-06-30")),
            unit("03394", Level::Commune, Some("106"), None, Some("2025-06-30")),
            unit("03390", Level::Commune, Some("12"), Some("2025-07-01"), None),
        ],
        vec![LineageDraft {
            from_code: "03412".into(),
            to_code: "03390".into(),
            kind: LineageKind::Whole,
            on: ntm_domain::Date::parse("2025-07-01").unwrap(),
        }],
    )
    .unwrap()
}

async fn audit(db: &ntm_store::Db, limit: i64) -> Vec<AuditRecord> {
    db.audit_log(&AuditQuery { limit, ..AuditQuery::default() }).await.unwrap()
}

async fn add_user(db: &ntm_store::Db, name: &str, role: &str) -> i64 {
    db.add_user(
        &NewUser {
            username: name.into(),
            display_name: format!("Cán bộ {name}"),
            password_hash: "hash".into(),
            role: role.into(),
            unit_id: None,
            agency_id: None,
            lang: "vi".into(),
        },
        None,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn units_are_imported_with_dates_lineage_and_an_audit_row_and_reimport_updates_in_place() {
    for t in databases().await {
        let db = &t.db;
        let r0 = db.revision().await.unwrap();
        let out = db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        assert_eq!((out.units, out.lineage), (6, 1), "{}", t.name);
        assert!(db.revision().await.unwrap() > r0);
        let (units, lineage) = db.units().await.unwrap();
        assert_eq!(units.len(), 6);
        let old = units.iter().find(|u| u.code == "03390" && u.valid_from.is_empty()).unwrap();
        let new = units.iter().find(|u| u.code == "03390" && u.valid_from == "2025-07-01").unwrap();
        assert_eq!(old.valid_to, "2025-06-30");
        assert_eq!((old.kind.as_str(), new.kind.as_str()), ("thi-tran", "xa"), "{}: the kinds kept", t.name);
        assert_eq!(units.iter().find(|u| u.code == "106").unwrap().kind, "", "a district has none");
        assert_eq!(lineage[0].to_id, new.id);
        assert!(units.iter().find(|u| u.code == "03394").unwrap().flags.contains("dbkk"));
        let province = units.iter().find(|u| u.code == "12").unwrap();
        assert_eq!(units.iter().find(|u| u.code == "106").unwrap().parent_id, Some(province.id));
        // Re-import: same ids, no duplicates.
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (again, _) = db.units().await.unwrap();
        assert_eq!(again.len(), 6);
        assert_eq!(again.iter().find(|u| u.code == "12").unwrap().id, province.id);
        let audit = audit(db, 10).await;
        assert_eq!(audit.iter().filter(|a| a.event.action() == "units.import").count(), 2);
        assert_eq!(audit[0].subject, "units.csv");
        assert_eq!(audit[0].event, Event::UnitsImported { source: "units.csv".into(), units: 6, links: 1 });
        t.drop_db().await;
    }
}

#[tokio::test]
async fn a_stored_criteria_set_is_kept_by_its_id_replaced_whole_and_audited() {
    for t in databases().await {
        let db = &t.db;
        let before = db.counters().await.unwrap();
        let id = "ban-ntm-lai-chau-2021-2025";
        db.store_criteria_set(id, "[set]\nid = \"x\" # first", "first.toml", None).await.unwrap();
        let after = db.counters().await.unwrap();
        assert_eq!(after.changed_since(&before), [Area::Criteria], "{}: only the criteria area moved", t.name);
        db.store_criteria_set(id, "[set] # second", "demo/tam-duong/illustrative-village-set.toml", None)
            .await
            .unwrap();
        assert_eq!(db.stored_sets().await.unwrap(), [(id.to_string(), "[set] # second".to_string())], "{}", t.name);
        let audit = audit(db, 2).await;
        assert_eq!(
            audit[0].event,
            Event::SetStored { set: id.into(), source: "demo/tam-duong/illustrative-village-set.toml".into() },
            "{}",
            t.name
        );
        assert_eq!((audit[0].subject.as_str(), audit[1].event.action()), (id, "threshold.store-set"), "{}", t.name);
        t.drop_db().await;
    }
}

#[tokio::test]
async fn a_bulk_import_is_all_or_nothing_and_a_form_save_detects_a_concurrent_edit() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let binh_lu = units.iter().find(|u| u.code == "03412").unwrap().id;
        let officer = add_user(db, "binhlu", "commune").await;
        let office = add_user(db, "vanphong", "office").await;
        // A bulk import with a row for a unit that does not exist changes nothing.
        let bad = vec![
            (binh_lu, "3.1".to_string(), "2024".to_string(), Value::Number(Ratio::integer(80))),
            (999_999, "3.1".to_string(), "2024".to_string(), Value::Number(Ratio::integer(80))),
        ];
        let r0 = db.revision().await.unwrap();
        assert!(db.import_values("xa-ntm-2021-2025", &bad, Some(office), "values.csv").await.is_err(), "{}", t.name);
        assert!(db.values("xa-ntm-2021-2025").await.unwrap().is_empty(), "{}: nothing half-written", t.name);
        assert_eq!(db.revision().await.unwrap(), r0);
        // A good import.
        let good = vec![
            (binh_lu, "3.1".to_string(), "2024".to_string(), Value::Fraction { num: 72, den: 100 }),
            (binh_lu, "3.2".to_string(), "2024".to_string(), Value::Bool(true)),
        ];
        let (n, _) = db.import_values("xa-ntm-2021-2025", &good, Some(office), "values.csv").await.unwrap();
        assert_eq!(n, 2);
        let (n, _) = db.import_values("xa-ntm-2021-2025", &good, Some(office), "values.csv").await.unwrap();
        assert_eq!(n, 0, "{}: an unchanged value is not a change", t.name);
        let stored = db.unit_values("xa-ntm-2021-2025", binh_lu, "2024").await.unwrap();
        let v31 = stored.iter().find(|v| v.element == "3.1").unwrap();
        assert_eq!(v31.value, Some(Value::Fraction { num: 72, den: 100 }), "raw numerator/denominator kept");
        let shown = v31.revision;
        // Officer A saves from a form that showed revision `shown`.
        let edit = |v: i64, rev: i64| ValueEdit {
            unit_id: binh_lu,
            element: "3.1".into(),
            criterion: Some("3".into()),
            period: "2024".into(),
            new: Some(Value::Number(Ratio::integer(v))),
            expected_revision: rev,
        };
        let first =
            db.save_values("xa-ntm-2021-2025", &[edit(81, shown)], Some(officer), "03412", "2024").await.unwrap();
        let SaveOutcome::Saved { revision, changed: 1 } = first else { panic!("{}: {first:?}", t.name) };
        // Officer B, whose form still shows the old revision, gets a conflict and writes nothing.
        let second =
            db.save_values("xa-ntm-2021-2025", &[edit(90, shown)], Some(office), "03412", "2024").await.unwrap();
        let SaveOutcome::Conflict(current) = second else { panic!("{}: expected a conflict, got {second:?}", t.name) };
        assert_eq!(current[0].value, Some(Value::Number(Ratio::integer(81))));
        assert_eq!(current[0].revision, revision);
        let now = db.unit_values("xa-ntm-2021-2025", binh_lu, "2024").await.unwrap();
        assert_eq!(now.iter().find(|v| v.element == "3.1").unwrap().value, Some(Value::Number(Ratio::integer(81))));
        // History: who, when, old → new, newest first.
        let history = db.value_history("xa-ntm-2021-2025", binh_lu, "3.1", "2024").await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(
            (history[0].old, history[0].new),
            (Some(Value::Fraction { num: 72, den: 100 }), Some(Value::Number(Ratio::integer(81))))
        );
        assert_eq!(history[0].username.as_deref(), Some("binhlu"));
        assert_eq!(history[0].event.action(), "values.save");
        assert_eq!((history[1].old, history[1].event.action()), (None, "values.import"), "{}", t.name);
        // Clearing keeps a row so that caches see it.
        db.save_values(
            "xa-ntm-2021-2025",
            &[ValueEdit { new: None, ..edit(0, revision) }],
            Some(officer),
            "03412",
            "2024",
        )
        .await
        .unwrap();
        let since = db.values_since(revision, 100).await.unwrap().unwrap();
        assert_eq!(since.len(), 1);
        assert_eq!(since[0].value, None);
        assert_eq!(db.values_since(0, 1).await.unwrap(), None, "{}: too many to apply one by one", t.name);
        // The history of a cleared value ends with its clearing.
        let history = db.value_history("xa-ntm-2021-2025", binh_lu, "3.1", "2024").await.unwrap();
        assert_eq!((history.len(), history[0].new), (3, None), "{}", t.name);
        // Loading gives the current values a unit at a time, without the cleared one.
        let mut streamed = Vec::new();
        let elements = db.elements().await.unwrap();
        let n = db
            .load_values(|u| {
                for (e, p, v) in u.values {
                    let (_, s, code) = elements.iter().find(|x| x.0 == *e).unwrap();
                    streamed.push((u.unit_id, s.clone(), code.clone(), p.to_string(), *v));
                }
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(n, 1, "{}", t.name);
        assert_eq!(
            streamed,
            vec![(binh_lu, "xa-ntm-2021-2025".to_string(), "3.2".to_string(), "2024".to_string(), Value::Bool(true))]
        );
        // A key given twice keeps its last value, the same on both databases.
        let twice = vec![
            (binh_lu, "3.3".to_string(), "2024".to_string(), Value::Number(Ratio::integer(1))),
            (binh_lu, "3.3".to_string(), "2024".to_string(), Value::Number(Ratio::integer(2))),
        ];
        let (n, _) = db.import_values("xa-ntm-2021-2025", &twice, Some(office), "values.csv").await.unwrap();
        assert_eq!(n, 1, "{}", t.name);
        let stored = db.unit_values("xa-ntm-2021-2025", binh_lu, "2024").await.unwrap();
        let v33 = stored.iter().find(|v| v.element == "3.3").unwrap();
        assert_eq!(v33.value, Some(Value::Number(Ratio::integer(2))), "{}: the last one", t.name);
        t.drop_db().await;
    }
}

#[tokio::test]
async fn sessions_live_until_revoked_or_expired_and_a_new_password_ends_them() {
    for t in databases().await {
        let db = &t.db;
        let id = add_user(db, "admin", "admin").await;
        let dup = db
            .add_user(
                &NewUser {
                    username: "admin".into(),
                    display_name: "x".into(),
                    password_hash: "h".into(),
                    role: "viewer".into(),
                    unit_id: None,
                    agency_id: None,
                    lang: "vi".into(),
                },
                None,
            )
            .await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{}: {dup:?}", t.name);
        let session = |hash: &str, expires_at: i64| SessionRecord {
            token_hash: hash.into(),
            user_id: id,
            csrf_token: "csrf".into(),
            created_at: 0,
            expires_at,
        };
        let later = ntm_store::now_ms() + 3_600_000;
        const HASH: &str = "hash"; // as `add_user` stores it
        assert!(db.create_session(&session("a", later), HASH).await.unwrap());
        assert!(db.create_session(&session("old", ntm_store::now_ms() - 1), HASH).await.unwrap());
        let (s, u) = db.session("a").await.unwrap().unwrap();
        assert_eq!((s.csrf_token.as_str(), u.username.as_str()), ("csrf", "admin"));
        assert!(db.session("old").await.unwrap().is_none(), "expired");
        assert!(db.session("nope").await.unwrap().is_none());
        db.extend_session("old", later).await.unwrap();
        assert!(db.session("old").await.unwrap().is_some(), "an extended session lives again");
        db.extend_session("a", later + 1000).await.unwrap();
        assert_eq!(db.session("a").await.unwrap().unwrap().0.expires_at, later + 1000);
        db.revoke_session("a").await.unwrap();
        db.extend_session("a", later + 2000).await.unwrap();
        assert!(db.session("a").await.unwrap().is_none(), "revoked");
        assert!(db.create_session(&session("b", later), HASH).await.unwrap());
        db.set_password("admin", "new-hash", None).await.unwrap();
        assert!(db.session("b").await.unwrap().is_none(), "a new password revokes sessions");
        // A sign-in checked against the old password cannot open a session after the change.
        assert!(!db.create_session(&session("late", later), HASH).await.unwrap(), "checked against the old password");
        assert!(db.session("late").await.unwrap().is_none());
        assert_eq!(db.user_by_name("admin").await.unwrap().unwrap().password_hash, "new-hash");
        assert!(matches!(db.set_password("ghost", "h", None).await, Err(StoreError::NotFound)));
        assert!(db.create_session(&session("c", later), "new-hash").await.unwrap());
        db.set_user_disabled("admin", true, None).await.unwrap();
        assert!(db.user_by_name("admin").await.unwrap().unwrap().disabled);
        assert!(!db.create_session(&session("locked", later), "new-hash").await.unwrap(), "no session while locked");
        db.set_user_disabled("admin", false, None).await.unwrap();
        assert!(!db.user_by_name("admin").await.unwrap().unwrap().disabled);
        assert!(db.session("c").await.unwrap().is_none(), "locking ended the session for good");
        assert!(matches!(db.set_user_disabled("ghost", true, None).await, Err(StoreError::NotFound)));
        let t0 = ntm_store::now_ms() - 1000;
        for _ in 0..3 {
            assert!(db.begin_login_attempt("admin", "10.0.0.1", t0, 3, 20).await.unwrap().is_some());
        }
        assert_eq!(
            db.begin_login_attempt("admin", "10.0.0.1", t0, 3, 20).await.unwrap(),
            None,
            "3 failures for the name, from an address that failed"
        );
        // An address with no failure still gets its try: guesses from elsewhere lock no one out.
        let owner = db.begin_login_attempt("admin", "10.0.0.9", t0, 3, 20).await.unwrap();
        db.mark_login_ok(owner.expect("the owner's address has not failed")).await.unwrap();
        let ok = db.begin_login_attempt("other", "10.0.0.2", t0, 3, 20).await.unwrap().unwrap();
        db.mark_login_ok(ok).await.unwrap();
        assert_eq!(db.failed_logins_since("admin", "10.0.0.1", t0).await.unwrap(), (3, 3));
        // An administrator's unlock clears the failures counted against the name.
        db.set_user_disabled("admin", false, None).await.unwrap();
        assert_eq!(db.failed_logins_since("admin", "10.0.0.1", t0).await.unwrap(), (0, 0));
        assert!(db.begin_login_attempt("admin", "10.0.0.1", t0, 3, 20).await.unwrap().is_some());
        // Pruning deletes attempts and ended sessions past keeping, and nothing younger.
        let now = ntm_store::now_ms();
        assert!(db.create_session(&session("live", later), "new-hash").await.unwrap());
        assert_eq!(db.prune_sign_ins(now - 3_600_000, now - 3_600_000).await.unwrap(), 0, "all recent");
        let pruned = db.prune_sign_ins(now + 1000, now + 1000).await.unwrap();
        assert!(pruned >= 6, "the attempts and the ended sessions: {pruned}");
        assert_eq!(db.failed_logins_since("admin", "10.0.0.1", 0).await.unwrap(), (0, 0));
        assert!(db.session("live").await.unwrap().is_some(), "a live session stays");
        assert_eq!(db.failed_logins_since("other", "10.0.0.2", t0).await.unwrap(), (0, 0), "a success is no failure");
        let actions: Vec<String> = audit(db, 10).await.into_iter().map(|a| a.event.action().to_string()).collect();
        for action in ["user.passwd", "user.add", "user.lock", "user.unlock"] {
            assert!(actions.contains(&action.to_string()), "{action} audited");
        }
        t.drop_db().await;
    }
}

#[tokio::test]
async fn agencies_targets_recognitions_and_threshold_corrections_are_kept_and_audited() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let binh_lu = units.iter().find(|u| u.code == "03412").unwrap().id;
        let crit = vec![CriterionRef::new("xa-ntm-2021-2025", "2"), CriterionRef::new("xa-ntm-2021-2025", "9")];
        // Each change moves the revision and its own area's counter, and no other area's: a server
        // reloads only what changed.
        let mut before: Counters = db.counters().await.unwrap();
        let mut moved = |after: Counters, what: &str, area: Area| {
            assert!(after.revision > before.revision, "{}: {what} bumps the revision", t.name);
            assert_eq!(after.changed_since(&before), vec![area], "{}: {what} moves its own area only", t.name);
            before = after;
        };
        db.add_agency("kt-ht", "Phòng Kinh tế và Hạ tầng", &crit, None).await.unwrap();
        moved(db.counters().await.unwrap(), "an agency", Area::Org);
        assert!(db.assign_criterion("kt-ht", &CriterionRef::new("xa-ntm-2021-2025", "4"), None).await.unwrap());
        moved(db.counters().await.unwrap(), "an agency's criterion", Area::Org);
        let unchanged = db.counters().await.unwrap();
        assert!(!db.assign_criterion("kt-ht", &crit[0], None).await.unwrap(), "{}: had it already", t.name);
        assert_eq!(db.counters().await.unwrap(), unchanged, "{}: nothing changed, nothing moves", t.name);
        assert!(matches!(db.assign_criterion("nope", &crit[0], None).await, Err(StoreError::NotFound)));
        let agencies = db.agencies().await.unwrap();
        assert_eq!(
            agencies[0].criteria,
            [crit[0].clone(), CriterionRef::new("xa-ntm-2021-2025", "4"), crit[1].clone()]
        );
        let rec = RecognitionRecord {
            id: 0,
            unit_id: binh_lu,
            level: RecognitionLevel::Ntm,
            decision: "QĐ minh họa".into(),
            decided_on: Date::parse("2021-12-20").unwrap(),
            lost: Some(ntm_domain::Loss { on: Date::parse("2024-06-30").unwrap(), decision: "QĐ thu hồi".into() }),
        };
        db.add_recognition(&rec, "03412", None).await.unwrap();
        moved(db.counters().await.unwrap(), "a recognition", Area::Recognitions);
        assert_eq!(db.recognitions().await.unwrap(), vec![RecognitionRecord { id: 1, ..rec }], "{}", t.name);
        let target = Target {
            id: 0,
            code: "2025-xa".into(),
            title_vi: "12/12 xã đạt chuẩn NTM".into(),
            title_en: "12/12 communes meet the NTM standard".into(),
            kind: TargetKind::UnitsAtStandard,
            set_id: Some("xa-ntm-2021-2025".into()),
            level: None,
            year: 2025,
            quota: 12,
            // Kept as given, the figure exactly (17.5 criteria per unit on average).
            indicator: Some("11".into()),
            value: Some(ntm_domain::Ratio::new(35, 2).unwrap()),
            unit_code: Some("106".into()),
            parts: vec![
                TargetPart { unit_code: "03412".into(), quota: None },
                TargetPart { unit_code: "03394".into(), quota: Some(5) },
            ],
            source: "Chỉ thị".into(),
        };
        let id = db.add_target(&target, None).await.unwrap();
        moved(db.counters().await.unwrap(), "a target", Area::Plans);
        assert_eq!(db.targets().await.unwrap(), vec![Target { id, ..target }], "{}: parts kept in order", t.name);
        let layer = LayerRecord {
            id: 0,
            layer_id: "hieu-chinh".into(),
            set_id: "xa-ntm-2021-2025".into(),
            kind: "override".into(),
            title: "Hiệu chỉnh của quản trị viên".into(),
            title_en: "An administrator's correction".into(),
            scope_code: String::new(),
            entries: vec![],
        };
        let entry = |v: &str| LayerEntryRecord {
            indicator: "2.2".into(),
            key: "tdmnpb".into(),
            year: 0,
            value_text: v.into(),
            confidence: "verified".into(),
            source: "QĐ 318/QĐ-TTg, Phụ lục I".into(),
            source_en: "Decision 318/QĐ-TTg, Annex I".into(),
        };
        db.set_layer_threshold(&layer, &entry("70"), None).await.unwrap();
        moved(db.counters().await.unwrap(), "a threshold", Area::Criteria);
        db.set_layer_threshold(&layer, &entry("75"), None).await.unwrap();
        moved(db.counters().await.unwrap(), "a corrected threshold", Area::Criteria);
        let row = vec![(binh_lu, "3.1".to_string(), "2024".to_string(), Value::Number(Ratio::integer(70)))];
        db.import_values("xa-ntm-2021-2025", &row, None, "values.csv").await.unwrap();
        moved(db.counters().await.unwrap(), "a value import", Area::Values);
        add_user(db, "moi", "viewer").await;
        moved(db.counters().await.unwrap(), "an account", Area::Accounts);
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        moved(db.counters().await.unwrap(), "a unit list", Area::Units);
        let layers = db.layers().await.unwrap();
        assert_eq!(layers.len(), 1);
        assert_eq!(layers[0].entries.len(), 1, "the same key and year is replaced, not duplicated");
        assert_eq!(layers[0].entries[0].value_text, "75");
        assert_eq!(
            (layers[0].title_en.as_str(), layers[0].entries[0].source_en.as_str()),
            ("An administrator's correction", "Decision 318/QĐ-TTg, Annex I"),
            "{}: the English twins are kept",
            t.name
        );
        let audit = audit(db, 10).await;
        let actions: Vec<&str> = audit.iter().map(|a| a.event.action()).collect();
        assert_eq!(
            actions[..9],
            [
                "units.import",
                "user.add",
                "values.import",
                "threshold.set",
                "threshold.set",
                "target.add",
                "recognition.add",
                "agency.assign",
                "agency.add"
            ],
            "{}: every change audited, newest first",
            t.name
        );
        assert_eq!(
            audit[3].event,
            Event::ThresholdSet {
                set: "xa-ntm-2021-2025".into(),
                indicator: "2.2".into(),
                key: "tdmnpb".into(),
                year: None,
                old: Some("70".into()),
                old_citation: None,
                new: "75".into(),
                citation: "QĐ 318/QĐ-TTg, Phụ lục I".into(),
            },
            "{}",
            t.name
        );
        assert_eq!(
            audit[2].event,
            Event::ValuesImported { source: "values.csv".into(), set: "xa-ntm-2021-2025".into(), values: 1, rows: 1 }
        );
        let page =
            db.audit_log(&AuditQuery { before: Some(audit[3].id), limit: 2, ..AuditQuery::default() }).await.unwrap();
        assert_eq!(
            page.iter().map(|a| a.id).collect::<Vec<_>>(),
            [audit[4].id, audit[5].id],
            "{}: the next page",
            t.name
        );
        let expected = if t.name == "sqlite" { Backend::Sqlite } else { Backend::Postgres };
        assert_eq!(t.db.backend(), expected, "{}", t.name);
        // A database is of real data until marked as the demo's; marking twice is harmless.
        assert!(!db.is_illustrative().await.unwrap(), "{}", t.name);
        db.mark_illustrative().await.unwrap();
        db.mark_illustrative().await.unwrap();
        assert!(db.is_illustrative().await.unwrap(), "{}", t.name);
        t.drop_db().await;
    }
}

#[tokio::test]
async fn two_saves_of_the_same_field_at_the_same_moment_give_one_conflict() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let binh_lu = units.iter().find(|u| u.code == "03412").unwrap().id;
        let row = vec![(binh_lu, "3.1".to_string(), "2024".to_string(), Value::Number(Ratio::integer(70)))];
        db.import_values("xa-ntm-2021-2025", &row, None, "values.csv").await.unwrap();
        for round in 0..10 {
            let current = db.unit_values("xa-ntm-2021-2025", binh_lu, "2024").await.unwrap()[0].revision;
            let edit = |v: i64| {
                vec![ValueEdit {
                    unit_id: binh_lu,
                    element: "3.1".into(),
                    criterion: Some("3".into()),
                    period: "2024".into(),
                    new: Some(Value::Number(Ratio::integer(v))),
                    expected_revision: current,
                }]
            };
            let (a, b) = (edit(80 + round), edit(90 + round));
            let (ra, rb) = tokio::join!(
                db.save_values("xa-ntm-2021-2025", &a, None, "03412", "2024"),
                db.save_values("xa-ntm-2021-2025", &b, None, "03412", "2024")
            );
            let outcomes = [ra.unwrap(), rb.unwrap()];
            let saved = outcomes.iter().filter(|o| matches!(o, SaveOutcome::Saved { changed: 1, .. })).count();
            let conflicts = outcomes.iter().filter(|o| matches!(o, SaveOutcome::Conflict(_))).count();
            assert_eq!((saved, conflicts), (1, 1), "{} round {round}: {outcomes:?}", t.name);
        }
        t.drop_db().await;
    }
}

#[tokio::test]
async fn two_imports_at_the_same_moment_both_land_and_history_has_the_true_old_values() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let binh_lu = units.iter().find(|u| u.code == "03412").unwrap().id;
        let rows = |v: i64| vec![(binh_lu, "3.1".to_string(), "2024".to_string(), Value::Number(Ratio::integer(v)))];
        let (a, b) = (rows(60), rows(61));
        let (ra, rb) = tokio::join!(
            db.import_values("xa-ntm-2021-2025", &a, None, "a.csv"),
            db.import_values("xa-ntm-2021-2025", &b, None, "b.csv")
        );
        assert_eq!(ra.unwrap().0 + rb.unwrap().0, 2, "{}: each import changed the value", t.name);
        let history = db.value_history("xa-ntm-2021-2025", binh_lu, "3.1", "2024").await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[1].old, None, "{}: the first import found nothing", t.name);
        assert_eq!(history[0].old, history[1].new, "{}: the second saw the first's value", t.name);
        t.drop_db().await;
    }
}

/// The change log read as an official reads it: by unit (a commune, or the district and all under
/// it), by person (an account, or the command line), by area and by date, page by page with the
/// filters kept; each values change with the values it wrote and the ones they replaced.
#[tokio::test]
async fn the_change_log_is_read_by_unit_person_area_and_date_page_by_page() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let id = |code: &str| units.iter().find(|u| u.code == code).unwrap().id;
        let (binh_lu, then_sin, district) = (id("03412"), id("03394"), id("106"));
        let officer = add_user(db, "binhlu", "commune").await;
        let office = add_user(db, "vanphong", "office").await;
        let n = |v: i64| Value::Number(Ratio::integer(v));
        // One file with values of both communes, by the office.
        let rows = vec![
            (binh_lu, "3.1".to_string(), "2024".to_string(), Value::Fraction { num: 72, den: 100 }),
            (binh_lu, "3.2".to_string(), "2024".to_string(), Value::Bool(true)),
            (then_sin, "3.1".to_string(), "2024".to_string(), n(60)),
        ];
        db.import_values("xa-ntm-2021-2025", &rows, Some(office), "values.csv").await.unwrap();
        let revision_of = |values: Vec<ntm_store::ValueRecord>, e: &str| {
            values.into_iter().find(|v| v.element == e).map_or(0, |v| v.revision)
        };
        let save = |unit_id: i64, code: &'static str, v: i64, rev: i64, who: i64| async move {
            let edit = ValueEdit {
                unit_id,
                element: "3.1".into(),
                criterion: Some("3".into()),
                period: "2024".into(),
                new: Some(n(v)),
                expected_revision: rev,
            };
            let out = db.save_values("xa-ntm-2021-2025", &[edit], Some(who), code, "2024").await.unwrap();
            assert!(matches!(out, SaveOutcome::Saved { changed: 1, .. }), "{out:?}");
        };
        let rev = revision_of(db.unit_values("xa-ntm-2021-2025", binh_lu, "2024").await.unwrap(), "3.1");
        save(binh_lu, "03412", 81, rev, officer).await;
        let rev = revision_of(db.unit_values("xa-ntm-2021-2025", then_sin, "2024").await.unwrap(), "3.1");
        save(then_sin, "03394", 65, rev, office).await;
        let rec = RecognitionRecord {
            id: 0,
            unit_id: binh_lu,
            level: RecognitionLevel::Ntm,
            decision: "QĐ minh họa".into(),
            decided_on: Date::parse("2021-12-20").unwrap(),
            lost: None,
        };
        db.add_recognition(&rec, "03412", None).await.unwrap();
        db.add_agency("yte", "Phòng Y tế", &[], None).await.unwrap();

        let all = db.audit_log(&AuditQuery { limit: 100, ..AuditQuery::default() }).await.unwrap();
        let actions = |rows: &[AuditRecord]| rows.iter().map(|a| a.event.action().to_string()).collect::<Vec<_>>();
        let read = |q: AuditQuery| async move { db.audit_log(&AuditQuery { limit: 100, ..q }).await.unwrap() };
        let ids = |rows: &[AuditRecord]| rows.iter().map(|a| a.id).collect::<Vec<_>>();
        let of = |action: &str, unit: &str| {
            all.iter()
                .find(|a| a.event.action() == action && (unit.is_empty() || a.subject.starts_with(unit)))
                .unwrap()
                .id
        };
        let (import, save_binh_lu, save_then_sin, recognition) = (
            of("values.import", ""),
            of("values.save", "03412"),
            of("values.save", "03394"),
            of("recognition.add", "03412"),
        );
        // By unit: a commune's own changes (the file that gave it values included); the district's
        // are those of every unit under it.
        let by_unit = read(AuditQuery { unit: Some(binh_lu), ..AuditQuery::default() }).await;
        assert_eq!(ids(&by_unit), [recognition, save_binh_lu, import], "{}: {:?}", t.name, actions(&by_unit));
        let by_unit = read(AuditQuery { unit: Some(then_sin), ..AuditQuery::default() }).await;
        assert_eq!(ids(&by_unit), [save_then_sin, import], "{}", t.name);
        let by_unit = read(AuditQuery { unit: Some(district), ..AuditQuery::default() }).await;
        assert_eq!(ids(&by_unit), [recognition, save_then_sin, save_binh_lu, import], "{}", t.name);
        // By person, with their names; the command line's changes are those of no account.
        let by_person =
            read(AuditQuery { person: Some(AuditPerson::Account("binhlu".into())), ..AuditQuery::default() }).await;
        assert_eq!(ids(&by_person), [save_binh_lu], "{}", t.name);
        assert_eq!(by_person[0].display_name.as_deref(), Some("Cán bộ binhlu"));
        let by_cli = read(AuditQuery { person: Some(AuditPerson::CommandLine), ..AuditQuery::default() }).await;
        assert!(by_cli.iter().all(|a| a.user_id.is_none()) && !by_cli.is_empty(), "{}", t.name);
        assert_eq!(
            actions(&by_cli),
            ["agency.add", "recognition.add", "user.add", "user.add", "units.import"],
            "{}",
            t.name
        );
        let nobody = read(AuditQuery { person: Some(AuditPerson::Account("nobody".into())), ..AuditQuery::default() });
        assert!(nobody.await.is_empty(), "{}: an unknown account made no change", t.name);
        assert_eq!(
            db.audit_people().await.unwrap(),
            [("binhlu".to_string(), "Cán bộ binhlu".to_string()), ("vanphong".into(), "Cán bộ vanphong".into())],
            "{}: the accounts that changed something",
            t.name
        );
        // By area.
        let values = read(AuditQuery { area: Some(EventArea::Values), ..AuditQuery::default() }).await;
        assert_eq!(ids(&values), [save_then_sin, save_binh_lu, import], "{}", t.name);
        let accounts = read(AuditQuery { area: Some(EventArea::Accounts), ..AuditQuery::default() }).await;
        assert_eq!(actions(&accounts), ["user.add", "user.add"], "{}", t.name);
        // By date: from an instant on, and before one.
        let at = all[3].at;
        let from = read(AuditQuery { from: Some(at), ..AuditQuery::default() }).await;
        assert_eq!(ids(&from), ids(&all.iter().filter(|a| a.at >= at).cloned().collect::<Vec<_>>()), "{}", t.name);
        let until = read(AuditQuery { until: Some(at), ..AuditQuery::default() }).await;
        assert_eq!(ids(&until), ids(&all.iter().filter(|a| a.at < at).cloned().collect::<Vec<_>>()), "{}", t.name);
        let none = read(AuditQuery { from: Some(at + 1), until: Some(at + 1), ..AuditQuery::default() }).await;
        assert!(none.is_empty(), "{}", t.name);
        // Together, and page by page with the filters kept.
        let q = AuditQuery {
            unit: Some(district),
            person: Some(AuditPerson::Account("vanphong".into())),
            area: Some(EventArea::Values),
            from: Some(all.last().unwrap().at),
            until: Some(all[0].at + 1),
            limit: 1,
            before: None,
        };
        let first = db.audit_log(&q).await.unwrap();
        assert_eq!(ids(&first), [save_then_sin], "{}", t.name);
        let next = db.audit_log(&AuditQuery { before: Some(first[0].id), ..q.clone() }).await.unwrap();
        assert_eq!(ids(&next), [import], "{}", t.name);
        let last = db.audit_log(&AuditQuery { before: Some(import), ..q }).await.unwrap();
        assert!(last.is_empty(), "{}", t.name);
        // What a change wrote, old → new, also once replaced by a later change.
        let changed = db.values_of_change(save_binh_lu, binh_lu, "2024").await.unwrap();
        let expected = ntm_store::ChangedValue {
            set_id: "xa-ntm-2021-2025".into(),
            element: "3.1".into(),
            old: Some(Value::Fraction { num: 72, den: 100 }),
            new: Some(n(81)),
        };
        assert_eq!(changed, std::slice::from_ref(&expected), "{}", t.name);
        let rev = revision_of(db.unit_values("xa-ntm-2021-2025", binh_lu, "2024").await.unwrap(), "3.1");
        save(binh_lu, "03412", 90, rev, office).await;
        assert_eq!(db.values_of_change(save_binh_lu, binh_lu, "2024").await.unwrap(), [expected], "{}", t.name);
        let mut imported = db.values_of_change(import, binh_lu, "2024").await.unwrap();
        imported.sort_by(|a, b| a.element.cmp(&b.element));
        assert_eq!(
            imported.iter().map(|c| (c.element.as_str(), c.old, c.new)).collect::<Vec<_>>(),
            [("3.1", None, Some(Value::Fraction { num: 72, den: 100 })), ("3.2", None, Some(Value::Bool(true)))],
            "{}: a file's values of one unit, the first since replaced",
            t.name
        );
        assert!(db.values_of_change(import, binh_lu, "2023").await.unwrap().is_empty(), "{}", t.name);
        t.drop_db().await;
    }
}

/// The imports of a district's files: each list is written in one transaction, every record with
/// its audit row, or — when any record cannot be written — nothing at all, no counter moved.
#[tokio::test]
async fn agencies_accounts_targets_and_recognitions_are_imported_all_or_nothing_each_audited() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let binh_lu = units.iter().find(|u| u.code == "03412").unwrap().id;
        let agency = |code: &str, criterion: &str| ntm_domain::Agency {
            id: 0,
            code: code.into(),
            name: format!("Phòng {code}"),
            name_en: if code == "yte" { "Phòng yte (Health Office)".into() } else { String::new() },
            criteria: vec![CriterionRef::new("xa-ntm-2021-2025", criterion)],
            cooperates: vec![],
        };
        let user = |name: &str| NewUser {
            username: name.into(),
            display_name: format!("Cán bộ {name}"),
            password_hash: "hash".into(),
            role: "viewer".into(),
            unit_id: None,
            agency_id: None,
            lang: "vi".into(),
        };
        let target = |code: &str| Target {
            id: 0,
            code: code.into(),
            title_vi: format!("Mục tiêu {code}"),
            title_en: format!("Target {code}"),
            kind: TargetKind::UnitRecognised,
            set_id: None,
            level: Some(RecognitionLevel::NangCao),
            year: 2025,
            quota: 1,
            indicator: None,
            value: None,
            unit_code: None,
            parts: vec![TargetPart { unit_code: "03412".into(), quota: None }],
            source: "Chỉ thị".into(),
        };
        let recognition = |unit_id: i64| RecognitionRecord {
            id: 0,
            unit_id,
            level: RecognitionLevel::Ntm,
            decision: "QĐ minh họa".into(),
            decided_on: Date::parse("2021-12-20").unwrap(),
            lost: None,
        };
        // The last record of each list cannot be written (a code or name taken earlier in the
        // same list, a unit that does not exist): nothing of the list is.
        let before = db.counters().await.unwrap();
        let refused = [
            db.add_agencies(&[agency("yte", "15"), agency("gddt", "5"), agency("yte", "14")], None).await.is_err(),
            db.add_users(&[user("moi"), user("khac"), user("moi")], None).await.is_err(),
            db.add_targets(&[target("2025-a"), target("2025-a")], None).await.is_err(),
            db.add_recognitions(&[(recognition(binh_lu), "03412".into()), (recognition(999_999), "x".into())], None)
                .await
                .is_err(),
        ];
        assert_eq!(refused, [true; 4], "{}", t.name);
        assert_eq!(db.counters().await.unwrap(), before, "{}: nothing written, no counter moved", t.name);
        assert!(db.agencies().await.unwrap().is_empty() && db.users().await.unwrap().is_empty(), "{}", t.name);
        assert!(db.targets().await.unwrap().is_empty() && db.recognitions().await.unwrap().is_empty(), "{}", t.name);
        assert!(audit(db, 10).await.iter().all(|a| a.event.action() == "units.import"), "{}: no audit row", t.name);
        // Whole lists are written, each record audited, each moving its own area only.
        let ids = db.add_agencies(&[agency("yte", "15"), agency("gddt", "5")], None).await.unwrap();
        assert_eq!(ids.len(), 2);
        let after = db.counters().await.unwrap();
        assert_eq!(after.changed_since(&before), vec![Area::Org], "{}", t.name);
        let agencies = db.agencies().await.unwrap();
        assert_eq!(
            agencies.iter().map(|a| (a.id, a.code.as_str())).collect::<Vec<_>>(),
            [(ids[0], "yte"), (ids[1], "gddt")]
        );
        assert_eq!(agencies[0].criteria, [CriterionRef::new("xa-ntm-2021-2025", "15")]);
        assert_eq!(
            (agencies[0].name_en.as_str(), agencies[1].name_en.as_str()),
            ("Phòng yte (Health Office)", ""),
            "{}: the English name kept, or none",
            t.name
        );
        db.add_users(&[user("moi"), user("khac")], None).await.unwrap();
        assert_eq!(db.counters().await.unwrap().changed_since(&after), vec![Area::Accounts], "{}", t.name);
        assert_eq!(db.users().await.unwrap().len(), 2);
        let events: Vec<Event> = audit(db, 4).await.into_iter().map(|a| a.event).collect();
        assert_eq!(
            events,
            [
                Event::AccountAdded { username: "khac".into(), role: "viewer".into() },
                Event::AccountAdded { username: "moi".into(), role: "viewer".into() },
                Event::AgencyAdded { code: "gddt".into(), name: "Phòng gddt".into(), name_en: String::new() },
                Event::AgencyAdded {
                    code: "yte".into(),
                    name: "Phòng yte".into(),
                    name_en: "Phòng yte (Health Office)".into()
                },
            ],
            "{}: one audit row per record, newest first",
            t.name
        );
        // A name already in the database refuses the whole list too.
        let before = db.counters().await.unwrap();
        assert!(matches!(db.add_users(&[user("ba"), user("moi")], None).await, Err(StoreError::Duplicate(_))));
        assert!(matches!(
            db.add_agencies(&[agency("vhtt", "6"), agency("yte", "15")], None).await,
            Err(StoreError::Duplicate(_))
        ));
        assert_eq!(db.counters().await.unwrap(), before, "{}", t.name);
        assert_eq!((db.users().await.unwrap().len(), db.agencies().await.unwrap().len()), (2, 2), "{}", t.name);
        t.drop_db().await;
    }
}

#[tokio::test]
async fn a_streamed_import_lands_whole_or_not_at_all_and_every_unit_loads_back() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let set = "xa-ntm-2021-2025";
        let values = [
            Value::Bool(true),
            Value::Number(Ratio::new(-725, 10).unwrap()),
            Value::Fraction { num: 72, den: 100 },
            Value::Number(Ratio::integer(0)),
        ];
        let periods = [ntm_domain::Period::Year(2024), ntm_domain::Period::Quarter(2023, 4)];
        // Dropped before its commit: nothing of it stays, not even its revision.
        let before = db.counters().await.unwrap();
        {
            let mut import = db.begin_value_import(set, None, "dropped.csv").await.unwrap();
            let e = import.element("3.1").await.unwrap();
            let row = ntm_store::ValueRow { unit_id: units[0].id, element: e, period: periods[0], value: values[1] };
            import.write(&[row]).await.unwrap();
        }
        assert_eq!(db.counters().await.unwrap(), before, "{}: a dropped import leaves nothing", t.name);
        assert!(db.values(set).await.unwrap().is_empty(), "{}", t.name);
        // Every unit gets values, written in batches of two rows.
        let mut import = db.begin_value_import(set, None, "all.csv").await.unwrap();
        let mut expected = Vec::new();
        let mut rows = Vec::new();
        for (i, u) in units.iter().enumerate() {
            for (k, code) in ["3.1", "17.1"].iter().enumerate() {
                let element = import.element(code).await.unwrap();
                let value = values[(i + k) % values.len()];
                let period = periods[(i + k) % 2];
                rows.push(ntm_store::ValueRow { unit_id: u.id, element, period, value });
                expected.push((u.id, code.to_string(), period, value));
            }
        }
        let wrong = ntm_store::ValueRow { element: 999_999, ..rows[0] };
        assert!(import.write(&[wrong]).await.is_err(), "{}: an element this import did not number", t.name);
        for batch in rows.chunks(2) {
            import.write(batch).await.unwrap();
        }
        assert_eq!(import.rows(), rows.len());
        let out = import.commit().await.unwrap();
        assert_eq!((out.rows, out.changed), (rows.len(), rows.len()), "{}", t.name);
        let after = db.counters().await.unwrap();
        assert_eq!(after.changed_since(&before), vec![Area::Values], "{}: one change of values", t.name);
        assert_eq!(after.revision, before.revision + 1, "{}: one change", t.name);
        let elements = db.elements().await.unwrap();
        let mut loaded = Vec::new();
        let n = db
            .load_values(|u| {
                for (e, p, v) in u.values {
                    let (_, _, code) = elements.iter().find(|x| x.0 == *e).unwrap();
                    loaded.push((u.unit_id, code.clone(), *p, *v));
                }
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(n, expected.len(), "{}", t.name);
        loaded.sort_by_key(|(u, e, p, _)| (*u, e.clone(), *p));
        expected.sort_by_key(|(u, e, p, _)| (*u, e.clone(), *p));
        assert_eq!(loaded, expected, "{}: every unit's values, whichever range of units it is read in", t.name);
        t.drop_db().await;
    }
}

#[tokio::test]
async fn a_loss_of_recognition_is_kept_with_its_decision_and_audited() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tam_duong(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let binh_lu = units.iter().find(|u| u.code == "03412").unwrap().id;
        let rec = RecognitionRecord {
            id: 0,
            unit_id: binh_lu,
            level: RecognitionLevel::Ntm,
            decision: "QĐ 1".into(),
            decided_on: Date::parse("2021-12-20").unwrap(),
            lost: None,
        };
        let id = db.add_recognition(&rec, "03412", None).await.unwrap();
        let before = db.counters().await.unwrap();
        let loss = ntm_domain::Loss { on: Date::parse("2024-06-30").unwrap(), decision: "QĐ 9".into() };
        db.lose_recognition(id, &loss, "03412", None).await.unwrap();
        let after = db.counters().await.unwrap();
        assert_eq!(after.changed_since(&before), vec![Area::Recognitions], "{}", t.name);
        let stored = db.recognitions().await.unwrap();
        assert_eq!(stored[0].lost, Some(loss.clone()), "{}", t.name);
        let log = audit(db, 1).await;
        assert_eq!(
            log[0].event,
            Event::RecognitionLost {
                unit: "03412".into(),
                level: "ntm".into(),
                decision: "QĐ 1".into(),
                lost_on: "2024-06-30".into(),
                lost_decision: "QĐ 9".into(),
            },
            "{}",
            t.name
        );
        // No such decision: nothing changed.
        assert!(matches!(db.lose_recognition(id + 100, &loss, "03412", None).await, Err(StoreError::NotFound)));
        assert_eq!(db.counters().await.unwrap(), after, "{}", t.name);
    }
}
