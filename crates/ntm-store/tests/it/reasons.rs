//! Reasons and solutions on both databases: written, replaced (not duplicated) by saving again,
//! each save audited with old → new and counted with the roadmap.

use ntm_domain::audit::{Event, EventArea};
use ntm_domain::test_support::unit;
use ntm_domain::{Level, UnitTree};
use ntm_store::{Area, AuditQuery, ReasonRecord};

use crate::harness::databases;

const SET: &str = "xa-ntm-2021-2025";

fn tree() -> UnitTree {
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

#[tokio::test]
async fn a_reason_saved_again_replaces_the_old_one_audited_old_to_new() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tree(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let sonbinh = units.iter().find(|u| u.code == "03413").unwrap().id;
        let reason = |r: &str, s: &str| ReasonRecord {
            id: 0,
            unit_id: sonbinh,
            set_id: SET.into(),
            criterion: "17".into(),
            period: "2024".into(),
            reason: r.into(),
            solution: s.into(),
            changed_by: None,
            changed_at: 0,
        };
        let before = db.counters().await.unwrap();
        let id = db.save_reason(&reason("Thiếu vốn", "Lồng ghép vốn"), "03413", None).await.unwrap();
        assert_eq!(db.counters().await.unwrap().changed_since(&before), vec![Area::Plans], "{}", t.name);
        let again = db.save_reason(&reason("Thiếu vốn đối ứng", "Huy động dân góp"), "03413", None).await.unwrap();
        assert_eq!(id, again, "{}: the same row", t.name);
        let read = db.reasons().await.unwrap();
        assert_eq!(read.len(), 1, "{}", t.name);
        assert_eq!((read[0].reason.as_str(), read[0].solution.as_str()), ("Thiếu vốn đối ứng", "Huy động dân góp"));
        assert!(read[0].changed_at > 0, "{}: when", t.name);
        // Another period is another row.
        db.save_reason(&ReasonRecord { period: "2025".into(), ..reason("x", "y") }, "03413", None).await.unwrap();
        assert_eq!(db.reasons().await.unwrap().len(), 2, "{}", t.name);
        let rows = db
            .audit_log(&AuditQuery { area: Some(EventArea::Reasons), limit: 10, ..AuditQuery::default() })
            .await
            .unwrap();
        let events: Vec<Event> = rows.into_iter().map(|r| r.event).collect();
        assert_eq!(events.len(), 3, "{}", t.name);
        assert_eq!(
            events[1],
            Event::ReasonSaved {
                unit: "03413".into(),
                set: SET.into(),
                criterion: "17".into(),
                period: "2024".into(),
                old_reason: Some("Thiếu vốn".into()),
                new_reason: "Thiếu vốn đối ứng".into(),
                old_solution: Some("Lồng ghép vốn".into()),
                new_solution: "Huy động dân góp".into(),
            },
            "{}",
            t.name
        );
        assert!(matches!(&events[2], Event::ReasonSaved { old_reason: None, .. }), "{}", t.name);
        t.drop_db().await;
    }
}
