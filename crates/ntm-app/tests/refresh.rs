//! A server's state follows the store area by area: a recognition, a target or an agency's
//! criterion reaches the pages after `refresh` without the values being read again, and only a
//! change of units (or criteria, or values in bulk by another process) reads everything again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ntm_app::recognitions::NewRecognition;
use ntm_app::{App, Config};
use ntm_domain::{CriterionRef, Date, Lang, RecognitionLevel, Target, TargetKind, TargetPart};
use ntm_store::Db;

const SET: &str = "xa-ntm-2021-2025";
const KTHT: &str = "Phòng Kinh tế và Hạ tầng";

async fn demo_app(name: &str) -> (std::sync::Arc<App>, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("ntm-app-{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    ntm_app::demo::build(&db, true).await.unwrap();
    (App::open(db, Config { fast_hashing: true, ..Config::default() }).await.unwrap(), path)
}

fn target_progress(app: &App, code: &str) -> Option<(usize, usize)> {
    let o = app.overview(SET, Some("2024"), None, Lang::Vi).unwrap();
    o.targets.iter().find(|t| t.code == code).map(|t| (t.done, t.total))
}

fn answers_for(app: &App, criterion: &str) -> bool {
    app.criterion(SET, criterion, Some("2024"), Lang::Vi).unwrap().responsible_agencies.iter().any(|n| n == KTHT)
}

#[tokio::test(flavor = "multi_thread")]
async fn recognitions_targets_and_agencies_show_without_reading_the_values_again() {
    let (app, path) = demo_app("areas").await;
    assert_eq!(app.full_loads(), 1, "start-up reads everything once");
    let values = app.live().values.get(SET).map(|t| t.len()).unwrap();

    // A target: Khun Há (03430), not recognised, to be recognised in 2024.
    let target = Target {
        id: 0,
        code: "khun-ha-2024".into(),
        title_vi: "Xã Khun Há đạt chuẩn NTM".into(),
        title_en: "Khun Há commune meets the NTM standard".into(),
        kind: TargetKind::UnitRecognised,
        set_id: None,
        level: Some(RecognitionLevel::Ntm),
        year: 2024,
        quota: 0,
        indicator: None,
        value: None,
        unit_code: None,
        parts: vec![TargetPart { unit_code: "03430".into(), quota: None }],
        source: "Kiểm thử".into(),
    };
    assert_eq!(target_progress(&app, "khun-ha-2024"), None);
    assert_eq!(app.add_targets(None, &[target]).await.unwrap(), Ok(1));
    assert_eq!(target_progress(&app, "khun-ha-2024"), Some((0, 1)), "the target is on the overview");

    // Its recognition.
    let decision = NewRecognition {
        unit_code: "03430".into(),
        level: RecognitionLevel::Ntm,
        decision: "QĐ kiểm thử".into(),
        decided_on: Date::parse("2024-06-01").unwrap(),
        lost: None,
    };
    assert_eq!(app.add_recognitions(None, &[decision]).await.unwrap(), Ok(1));
    assert_eq!(target_progress(&app, "khun-ha-2024"), Some((1, 1)), "the recognition counts at once");

    // An agency's criterion: the criterion's page names the agency.
    assert!(!answers_for(&app, "17"));
    assert_eq!(app.assign_criterion(None, "ktht", &CriterionRef::new(SET, "17")).await.unwrap(), Ok(true));
    assert!(answers_for(&app, "17"), "the agency is named on the criterion's page");

    // The same change by another process reaches this server through `refresh` alone.
    let other = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    assert!(other.assign_criterion("ktht", &CriterionRef::new(SET, "18"), None).await.unwrap());
    assert!(!answers_for(&app, "18"), "not yet refreshed");
    app.refresh().await.unwrap();
    assert!(answers_for(&app, "18"));

    assert_eq!(app.full_loads(), 1, "no change of these areas read the values again");
    assert_eq!(app.live().values.get(SET).map(|t| t.len()).unwrap(), values);

    // A change of the unit list does read everything again.
    let tree = app.live().tree.clone();
    other.import_units(&tree, None, "units.csv").await.unwrap();
    app.refresh().await.unwrap();
    assert_eq!(app.full_loads(), 2, "a change of units reads everything again");
    other.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
