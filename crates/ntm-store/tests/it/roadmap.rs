//! The roadmap's rows on both databases: a file replaces a set's rows whole (one audited event),
//! a row saved or deleted alone is audited with old → new, and a unit's history reads them back.

use ntm_domain::audit::Event;
use ntm_domain::test_support::unit;
use ntm_domain::{Level, UnitTree};
use ntm_store::{Area, PlanNames, PlanRecord, StoreError};

use crate::harness::databases;

const SET: &str = "xa-ntm-2021-2025";

fn tree() -> UnitTree {
    UnitTree::build(
        vec![
            unit("12", Level::Province, None),
            unit("106", Level::District, Some("12")),
            unit("03412", Level::Commune, Some("106")),
            unit("03413", Level::Commune, Some("106")),
        ],
        vec![],
    )
    .unwrap()
}

fn row(unit_id: i64, criterion: &str, year: i32) -> PlanRecord {
    PlanRecord {
        id: 0,
        unit_id,
        set_id: SET.into(),
        criterion: criterion.into(),
        level: String::new(),
        planned_year: year,
        contents: format!("Làm tiêu chí {criterion}"),
        responsible_agency: "ktht".into(),
        responsible_unit_id: None,
        estimate: Some(1_200_000_000),
        changed_by: None,
        changed_at: 0,
    }
}

#[tokio::test]
async fn the_roadmap_is_replaced_whole_saved_and_deleted_row_by_row_each_audited() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tree(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let id = |code: &str| units.iter().find(|u| u.code == code).unwrap().id;
        let (a, b) = (id("03412"), id("03413"));
        let standard = PlanRecord {
            set_id: String::new(),
            criterion: "all".into(),
            level: "ntm".into(),
            responsible_agency: String::new(),
            responsible_unit_id: Some(b),
            estimate: None,
            ..row(b, "all", 2025)
        };
        let before = db.counters().await.unwrap();
        let n = db
            .import_plans("plans.csv", SET, &["ntm".into()], &[row(a, "10", 2024), row(b, "10", 2025), standard], None)
            .await
            .unwrap();
        assert_eq!(n, 3);
        let after = db.counters().await.unwrap();
        assert_eq!(after.changed_since(&before), vec![Area::Plans], "{}: the plans counter moves", t.name);
        let stored = db.plans().await.unwrap();
        assert_eq!(stored.len(), 3, "{}", t.name);
        assert!(stored.iter().all(|p| p.changed_at > 0 && p.changed_by.is_none()), "{}: who and when", t.name);
        let log = db.plan_history("03413", 10).await.unwrap();
        assert_eq!(
            log[0].event,
            Event::PlansImported { source: "plans.csv".into(), set: SET.into(), plans: 3 },
            "{}: one event names the file and the count",
            t.name
        );
        assert_eq!(log.len(), 1, "{}: one event for the whole file", t.name);

        // A second file replaces the set's rows and the standard rows of its level, and a file
        // that breaks half-way (a unit that is not there) leaves everything as it was.
        let bad =
            db.import_plans("bad.csv", SET, &["ntm".into()], &[row(a, "2", 2024), row(9999, "3", 2024)], None).await;
        assert!(bad.is_err(), "{}: a row of no unit fails", t.name);
        assert_eq!(db.plans().await.unwrap().len(), 3, "{}: nothing changed", t.name);
        db.import_plans("plans2.csv", SET, &["ntm".into()], &[row(a, "10", 2023)], None).await.unwrap();
        let stored = db.plans().await.unwrap();
        assert_eq!(stored.len(), 1, "{}: replaced whole", t.name);
        assert_eq!(stored[0].planned_year, 2023);

        // One row saved: changed in place, audited old → new.
        let names = PlanNames { unit_code: "03412".into(), responsible: Some("vhxh".into()) };
        let changed =
            PlanRecord { planned_year: 2025, responsible_agency: "vhxh".into(), estimate: None, ..row(a, "10", 0) };
        let same_id = db.save_plan(&changed, &names, None).await.unwrap();
        assert_eq!(same_id, stored[0].id, "{}: the same unit and item is the same row", t.name);
        let log = db.plan_history("03412", 10).await.unwrap();
        assert_eq!(
            log[0].event,
            Event::PlanSaved {
                unit: "03412".into(),
                set: SET.into(),
                criterion: "10".into(),
                level: String::new(),
                old_year: Some(2023),
                new_year: 2025,
                old_responsible: Some("ktht".into()),
                new_responsible: Some("vhxh".into()),
                old_estimate: Some(1_200_000_000),
                new_estimate: None,
            },
            "{}",
            t.name
        );
        let new_id = db.save_plan(&row(a, "17", 2024), &names, None).await.unwrap();
        assert_ne!(new_id, same_id, "{}: another item is another row", t.name);
        assert_eq!(db.plans().await.unwrap().len(), 2);
        // Another unit's history does not hold these rows (only files, which replace every unit's).
        let other = db.plan_history("03413", 10).await.unwrap();
        assert!(other.iter().all(|r| matches!(r.event, Event::PlansImported { .. })), "{}", t.name);

        db.delete_plan(new_id, "03412", None).await.unwrap();
        assert!(matches!(db.delete_plan(new_id, "03412", None).await, Err(StoreError::NotFound)), "{}", t.name);
        let log = db.plan_history("03412", 10).await.unwrap();
        assert_eq!(
            log[0].event,
            Event::PlanDeleted {
                unit: "03412".into(),
                set: SET.into(),
                criterion: "17".into(),
                level: String::new(),
                year: 2024
            },
            "{}",
            t.name
        );
        assert_eq!(db.plans().await.unwrap().len(), 1, "{}", t.name);
    }
}
