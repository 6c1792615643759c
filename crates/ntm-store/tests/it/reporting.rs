//! The reporting cycle on both databases: a round opened, a report saved as a draft, submitted,
//! returned with a reason, submitted again and accepted (locking its values), reopened (the
//! locks gone); each move written with who, when, why and audited; a stale move changes nothing;
//! an attachment's bytes come back as they went in.

use ntm_domain::audit::{Event, EventArea};
use ntm_domain::test_support::unit;
use ntm_domain::{Level, UnitTree};
use ntm_store::{Area, AuditQuery, LockRecord, MoveRequest, ReportTexts, RoundRecord, ScheduleRecord, StoreError};

use crate::harness::databases;

/// A district and two of its communes (the value locks' tests use it too).
pub(crate) fn tree() -> UnitTree {
    UnitTree::build(
        vec![
            unit("106", Level::District, None),
            unit("03412", Level::Commune, Some("106")),
            unit("03413", Level::Commune, Some("106")),
        ],
        vec![],
    )
    .unwrap()
}

fn moved(from: &str, to: &str, reason: &str, at: i64) -> MoveRequest {
    MoveRequest {
        round_id: 0,
        reporter_kind: "unit".into(),
        reporter: "03413".into(),
        from: from.into(),
        to: to.into(),
        reason: reason.into(),
        at,
        snapshot: None,
        locks: vec![],
        unlock: false,
    }
}

#[tokio::test]
async fn a_report_goes_through_its_cycle_each_move_recorded_and_its_locks_follow_acceptance() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tree(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let district = units.iter().find(|u| u.code == "106").unwrap().id;
        let sonbinh = units.iter().find(|u| u.code == "03413").unwrap().id;
        let before = db.counters().await.unwrap();
        let rule = ScheduleRecord {
            id: 0,
            unit_id: district,
            kind: "quarterly".into(),
            working_days: 5,
            basis: "Quy định minh hoạ".into(),
            valid_from: "2024-01-01".into(),
            valid_to: String::new(),
        };
        db.save_schedule(&rule, "106", None).await.unwrap();
        // The same unit, kind and start: replaced, not added.
        db.save_schedule(&ScheduleRecord { working_days: 6, ..rule.clone() }, "106", None).await.unwrap();
        let rules = db.schedules().await.unwrap();
        assert_eq!(rules.len(), 1, "{}", t.name);
        assert_eq!(rules[0].working_days, 6, "{}", t.name);
        db.set_holidays(&[("2024-09-02".into(), "Quốc khánh".into())], None).await.unwrap();
        assert_eq!(db.holidays().await.unwrap(), vec![("2024-09-02".to_string(), "Quốc khánh".to_string())]);
        let round = RoundRecord {
            id: 0,
            unit_id: district,
            kind: "quarterly".into(),
            year: 2024,
            quarter: 3,
            subject: String::new(),
            cut_off_from: "2024-06-15".into(),
            cut_off_to: "2024-09-14".into(),
            deadline: "2024-09-23".into(),
            basis: "Quy định minh hoạ".into(),
            obliged: "agencies communes".into(),
            opened_by: None,
            opened_at: 0,
        };
        let r = db.open_round(&round, "2024Q3", None).await.unwrap();
        assert_eq!(db.counters().await.unwrap().changed_since(&before), vec![Area::Reporting], "{}", t.name);
        let stored = db.round(r).await.unwrap().unwrap();
        assert_eq!((stored.deadline.as_str(), stored.obliged.as_str()), ("2024-09-23", "agencies communes"));
        assert_eq!(db.rounds().await.unwrap().len(), 1);

        let texts = ReportTexts { results: "Đạt 15/19 tiêu chí".into(), ..ReportTexts::default() };
        let id = db.save_report(r, "unit", "03413", &texts, None).await.unwrap();
        let again = db.save_report(r, "unit", "03413", &texts, None).await.unwrap();
        assert_eq!(id, again, "{}: one report per round and reporter", t.name);
        let m = |from, to, reason, at| MoveRequest { round_id: r, ..moved(from, to, reason, at) };
        let submit = |at| MoveRequest { snapshot: Some("{\"v\":1}".into()), ..m("draft", "submitted", "", at) };
        let ev = |e: Event| e;
        assert!(
            db.move_report(&submit(1_000), &ev(Event::ReportSubmitted { round: r, reporter: "03413".into() }), None)
                .await
                .unwrap()
        );
        // Submitted: the author may no longer change it; a second submission from draft is stale.
        assert!(matches!(db.save_report(r, "unit", "03413", &texts, None).await, Err(StoreError::Duplicate(_))));
        assert!(
            !db.move_report(&submit(1_500), &Event::ReportSubmitted { round: r, reporter: "03413".into() }, None)
                .await
                .unwrap(),
            "{}: not in draft any more",
            t.name
        );
        let returned =
            Event::ReportReturned { round: r, reporter: "03413".into(), reason: "Thiếu tiêu chí 17".into() };
        assert!(
            db.move_report(&m("submitted", "returned", "Thiếu tiêu chí 17", 2_000), &returned, None).await.unwrap()
        );
        db.save_report(r, "unit", "03413", &ReportTexts { results: "Sửa".into(), ..texts.clone() }, None)
            .await
            .unwrap();
        let resubmit = MoveRequest { snapshot: Some("{\"v\":2}".into()), ..m("returned", "submitted", "", 3_000) };
        assert!(
            db.move_report(&resubmit, &Event::ReportSubmitted { round: r, reporter: "03413".into() }, None)
                .await
                .unwrap()
        );
        let lock = LockRecord {
            report_id: 0,
            unit_id: sonbinh,
            period: "2024Q3".into(),
            set_id: "xa-ntm-2021-2025".into(),
            criterion: String::new(),
        };
        let accept = MoveRequest { locks: vec![lock.clone()], ..m("submitted", "accepted", "", 4_000) };
        let accepted = Event::ReportAccepted { round: r, reporter: "03413".into(), locks: 1 };
        assert!(db.move_report(&accept, &accepted, None).await.unwrap());
        let report = db.report(r, "unit", "03413").await.unwrap().unwrap();
        assert_eq!(report.state, "accepted");
        assert_eq!((report.first_submitted_at, report.last_submitted_at), (Some(1_000), Some(3_000)), "{}", t.name);
        assert_eq!(report.snapshot, "{\"v\":2}");
        assert_eq!(report.texts.results, "Sửa");
        let locks = db.value_locks(sonbinh, "2024Q3").await.unwrap();
        assert_eq!(locks, vec![LockRecord { report_id: report.id, ..lock.clone() }], "{}", t.name);
        assert!(db.value_locks(sonbinh, "2024Q2").await.unwrap().is_empty());

        let reopen = MoveRequest { unlock: true, ..m("accepted", "returned", "Sửa số liệu", 5_000) };
        let reopened = Event::ReportReopened { round: r, reporter: "03413".into(), reason: "Sửa số liệu".into() };
        assert!(db.move_report(&reopen, &reopened, None).await.unwrap());
        assert!(db.value_locks(sonbinh, "2024Q3").await.unwrap().is_empty(), "{}: reopened, unlocked", t.name);

        let moves = db.report_moves(report.id).await.unwrap();
        let seen: Vec<(&str, &str, &str, i64)> =
            moves.iter().map(|m| (m.from_state.as_str(), m.to_state.as_str(), m.reason.as_str(), m.moved_at)).collect();
        assert_eq!(
            seen,
            vec![
                ("draft", "submitted", "", 1_000),
                ("submitted", "returned", "Thiếu tiêu chí 17", 2_000),
                ("returned", "submitted", "", 3_000),
                ("submitted", "accepted", "", 4_000),
                ("accepted", "returned", "Sửa số liệu", 5_000),
            ],
            "{}",
            t.name
        );

        let bytes = b"%PDF-1.4 binary \x00\xff".to_vec();
        let att = Event::AttachmentAdded {
            round: r,
            reporter: "03413".into(),
            name: "bao-cao.pdf".into(),
            size: i64::try_from(bytes.len()).unwrap(),
        };
        let a = db.add_attachment(report.id, "bao-cao.pdf", "application/pdf", &bytes, &att, None).await.unwrap();
        let list = db.attachments(report.id).await.unwrap();
        assert_eq!(list.len(), 1);
        let (meta, back) = db.attachment(a).await.unwrap().unwrap();
        assert_eq!((meta.name.as_str(), meta.size, back), ("bao-cao.pdf", 18, bytes), "{}", t.name);
        assert!(db.attachment(a + 100).await.unwrap().is_none());

        let audit = |area| AuditQuery { area: Some(area), limit: 50, ..AuditQuery::default() };
        let reports: Vec<String> = db
            .audit_log(&audit(EventArea::Reports))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.event.action().to_string())
            .collect();
        assert_eq!(
            reports,
            vec![
                "report.attach",
                "report.reopen",
                "report.accept",
                "report.submit",
                "report.save",
                "report.return",
                "report.submit",
                "report.save",
                "report.save"
            ],
            "{}: newest first, the stale move not recorded",
            t.name
        );
        let rounds = db.audit_log(&audit(EventArea::Rounds)).await.unwrap();
        assert_eq!(rounds.len(), 4, "{}: two rules, the holidays, the round", t.name);
        t.drop_db().await;
    }
}
