//! Who answers for what, on every backend: an agency's part in each criterion (lead or
//! co-operate) kept, and Steering Committee members imported all or nothing as one audited event.

use ntm_domain::audit::{Event, EventArea};
use ntm_domain::{Agency, CriterionRef, Level, UnitTree};
use ntm_store::{Area, AuditQuery, MemberRecord, NewUser, StoreError};

use crate::harness::databases;

fn tree() -> UnitTree {
    let u = ntm_domain::test_support::unit;
    UnitTree::build(
        vec![
            u("106", Level::District, None),
            u("03412", Level::Commune, Some("106")),
            u("03413", Level::Commune, Some("106")),
        ],
        vec![],
    )
    .unwrap()
}

#[tokio::test]
async fn an_agency_keeps_the_criteria_it_leads_apart_from_those_it_cooperates_on() {
    for t in databases().await {
        let db = &t.db;
        let c = |id: &str| CriterionRef::new("xa-ntm-2021-2025", id);
        let ktht = Agency {
            id: 0,
            code: "ktht".into(),
            name: "Phòng Kinh tế và Hạ tầng".into(),
            name_en: String::new(),
            criteria: vec![c("2"), c("9")],
            cooperates: vec![c("17")],
        };
        db.add_agencies(&[ktht], None).await.unwrap();
        let read = db.agencies().await.unwrap();
        assert_eq!(read[0].criteria, [c("2"), c("9")], "{}: leads", t.name);
        assert_eq!(read[0].cooperates, [c("17")], "{}: co-operates", t.name);
        // Assigning a criterion later makes the agency its lead, as before — also one it
        // co-operated on; assigning it again changes nothing.
        assert!(db.assign_criterion("ktht", &c("3"), None).await.unwrap());
        assert!(db.assign_criterion("ktht", &c("17"), None).await.unwrap(), "{}", t.name);
        assert!(!db.assign_criterion("ktht", &c("17"), None).await.unwrap(), "{}", t.name);
        let read = db.agencies().await.unwrap();
        assert_eq!(read[0].criteria, [c("17"), c("2"), c("3"), c("9")], "{}", t.name);
        assert!(read[0].cooperates.is_empty(), "{}: it leads 17 now", t.name);
        t.drop_db().await;
    }
}

#[tokio::test]
async fn members_are_imported_all_or_nothing_as_one_audited_event() {
    for t in databases().await {
        let db = &t.db;
        db.import_units(&tree(), None, "units.csv").await.unwrap();
        let (units, _) = db.units().await.unwrap();
        let id_of = |code: &str| units.iter().find(|u| u.code == code).unwrap().id;
        let agency = db.add_agency("ktht", "Phòng Kinh tế và Hạ tầng", &[], None).await.unwrap();
        let user = db
            .add_user(
                &NewUser {
                    username: "thanhvien".into(),
                    display_name: "Thành viên (minh họa)".into(),
                    password_hash: "hash".into(),
                    role: "viewer".into(),
                    unit_id: None,
                    agency_id: None,
                    lang: "vi".into(),
                },
                None,
            )
            .await
            .unwrap();
        let member = |code: &str, communes: &[&str], user_id: Option<i64>| MemberRecord {
            id: 0,
            code: code.into(),
            name: format!("Thành viên {code} (minh họa)"),
            position: "Phó Chủ tịch UBND huyện".into(),
            agency_id: Some(agency),
            unit_ids: communes.iter().map(|c| id_of(c)).collect(),
            user_id,
        };
        let before = db.counters().await.unwrap();
        // The second member takes the account of the first: nothing is written.
        let twice = db
            .import_members(&[member("a", &["03412"], Some(user)), member("b", &[], Some(user))], "members.csv", None)
            .await;
        assert!(matches!(twice, Err(StoreError::Duplicate(_))), "{}: {twice:?}", t.name);
        assert_eq!(db.counters().await.unwrap(), before, "{}: no counter moved", t.name);
        assert!(db.members().await.unwrap().is_empty(), "{}", t.name);
        let ids = db
            .import_members(
                &[member("a", &["03413", "03412"], Some(user)), member("b", &["03412"], None)],
                "members.csv",
                None,
            )
            .await
            .unwrap();
        assert_eq!(db.counters().await.unwrap().changed_since(&before), vec![Area::Org], "{}", t.name);
        let read = db.members().await.unwrap();
        assert_eq!(read.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
        assert_eq!(read[0].unit_ids, [id_of("03413"), id_of("03412")], "{}: communes in the order given", t.name);
        assert_eq!((read[0].user_id, read[1].user_id), (Some(user), None), "{}", t.name);
        assert_eq!((read[0].agency_id, read[1].position.as_str()), (Some(agency), "Phó Chủ tịch UBND huyện"));
        let rows = db
            .audit_log(&AuditQuery { area: Some(EventArea::Members), limit: 10, ..AuditQuery::default() })
            .await
            .unwrap();
        let events: Vec<Event> = rows.into_iter().map(|r| r.event).collect();
        assert_eq!(events, [Event::MembersImported { source: "members.csv".into(), members: 2 }], "{}", t.name);
        t.drop_db().await;
    }
}
