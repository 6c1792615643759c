//! The roadmap through the use cases: the demo's plans file imported whole, a bad file changing
//! nothing and telling every problem with its line and field, rows saved and deleted only by
//! those who answer for them, the export read back by the importer, and the warnings computed
//! from the stored roadmap with the rules of `ntm warnings`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ntm_app::roadmap::PlanDraft;
use ntm_app::{App, AppError, Config, User};
use ntm_domain::{CriterionRef, Lang, Period, PlanItem, Principal, Role, WarningKind};
use ntm_store::Db;

const SET: &str = "xa-ntm-2021-2025";

async fn demo_app(name: &str) -> (std::sync::Arc<App>, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("ntm-app-roadmap-{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    ntm_app::demo::build(&db, true).await.unwrap();
    (App::open(db, Config { fast_hashing: true, ..Config::default() }).await.unwrap(), path)
}

fn user(app: &App, role: Role, unit: Option<&str>, criteria: Vec<CriterionRef>) -> User {
    let unit = unit.map(|c| app.live().tree.latest(c).unwrap());
    User {
        id: 1,
        username: "u".into(),
        display_name: "U".into(),
        principal: Principal { role, unit, criteria },
        lang: Lang::Vi,
        csrf_token: String::new(),
        session_hash: String::new(),
    }
}

fn draft(unit: &str, criterion: &str, year: &str) -> PlanDraft {
    PlanDraft {
        unit_code: unit.into(),
        criterion: criterion.into(),
        planned_year: year.into(),
        contents: "Nâng thu nhập (minh họa)".into(),
        responsible: unit.into(),
        estimate: "100000000".into(),
        ..PlanDraft::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_roadmap_is_imported_edited_by_those_who_answer_for_it_and_exported_whole() {
    let (app, path) = demo_app("story").await;
    let demo_rows = ntm_app::demo::PLANS.text.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert_eq!(app.live().roadmap.plans.len(), demo_rows, "the demo's plans file, every row");

    // A bad file: every problem with its line and field, nothing changed.
    let bad = "unit_code,criterion,planned_year\n03413,99,2024\n99999,10,2024\n03413,10,1990\n";
    match app.import_plans(None, SET, "bad.csv", bad).await {
        Err(AppError::Invalid(e)) => {
            let text = e.render(Lang::En);
            assert!(e.0.len() >= 3, "every bad row: {text}");
            assert!(text.contains("bad.csv") && text.contains("line 2"), "{text}");
        }
        other => panic!("a bad file is refused: {other:?}"),
    }
    assert_eq!(app.live().roadmap.plans.len(), demo_rows, "nothing changed");

    // Who may save a row of Sơn Bình (03413), criterion 10.
    let son_binh = user(&app, Role::Commune, Some("03413"), vec![]);
    let other_commune = user(&app, Role::Commune, Some("03430"), vec![]);
    let agency = user(&app, Role::Agency, None, vec![CriterionRef::new(SET, "10")]);
    let other_agency = user(&app, Role::Agency, None, vec![CriterionRef::new(SET, "17")]);
    let viewer = user(&app, Role::Viewer, None, vec![]);
    let office = user(&app, Role::Office, None, vec![]);
    for (who, name) in [(&other_commune, "another commune"), (&other_agency, "another agency"), (&viewer, "a viewer")] {
        assert!(
            matches!(app.save_plan(Some(who), SET, &draft("03413", "10", "2025")).await, Err(AppError::Forbidden)),
            "{name}"
        );
    }
    for who in [&son_binh, &agency, &office] {
        app.save_plan(Some(who), SET, &draft("03413", "10", "2025")).await.unwrap();
    }
    let row = |app: &App| {
        let live = app.live();
        let u = live.tree.latest("03413").unwrap();
        live.roadmap
            .of(u)
            .find(|p| matches!(&p.item, PlanItem::Criterion { criterion, .. } if criterion == "10"))
            .cloned()
    };
    let saved = row(&app).unwrap();
    assert_eq!(saved.planned_year, 2025);
    assert_eq!(app.live().roadmap.plans.len(), demo_rows, "the row of the same unit and item changed in place");
    // A bad form row: told where, nothing saved.
    assert!(matches!(
        app.save_plan(Some(&office), SET, &draft("03413", "10", "1990")).await,
        Err(AppError::Invalid(_))
    ));
    assert_eq!(row(&app).unwrap().planned_year, 2025);
    let history = app.plan_history("03413", Lang::Vi).await.unwrap();
    assert!(history.len() >= 3, "three saves and the file: {}", history.len());

    // Export → import gives the same roadmap.
    let csv = app.export_plans(SET).unwrap();
    let before = app.live().roadmap.plans.clone();
    app.import_plans(None, SET, "export.csv", &csv).await.unwrap();
    let after = app.live().roadmap.plans.clone();
    let strip = |v: Vec<ntm_domain::Plan>| {
        let mut v: Vec<_> = v.into_iter().map(|p| ntm_domain::Plan { id: 0, ..p }).collect();
        v.sort_by_key(|p| format!("{:?}", (p.unit, &p.item)));
        v
    };
    assert_eq!(strip(before), strip(after), "the export round-trips through the importer");

    // Delete: the commune that answers for it, not another.
    let id = row(&app).unwrap().id;
    assert!(matches!(app.delete_plan(Some(&other_commune), id).await, Err(AppError::Forbidden)));
    app.delete_plan(Some(&son_binh), id).await.unwrap();
    assert!(row(&app).is_none());
    let _ = std::fs::remove_file(path);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_criterion_planned_this_year_and_not_met_is_warned_about_and_goes_when_the_plan_moves() {
    let (app, path) = demo_app("warn").await;
    let period = Period::Year(2024);
    let of_khun_ha = |app: &App, kind: WarningKind| {
        let list = app.warnings(SET, period).unwrap();
        let live = app.live();
        list.iter()
            .filter(|w| w.kind == kind && live.tree.unit(w.unit).code == "03430")
            .filter_map(|w| w.criterion)
            .map(|c| live.set(SET).unwrap().criteria()[c].id.clone())
            .collect::<Vec<String>>()
    };
    // Khun Há (03430) is off pace on criteria it does not meet; none is planned for 2024.
    let behind = of_khun_ha(&app, WarningKind::OffPace);
    assert!(!behind.is_empty(), "the demo's Khun Há is behind");
    assert!(of_khun_ha(&app, WarningKind::PlannedNotMet).is_empty());
    let criterion = behind[0].clone();
    app.save_plan(None, SET, &draft("03430", &criterion, "2024")).await.unwrap();
    assert!(of_khun_ha(&app, WarningKind::PlannedNotMet).contains(&criterion), "planned for 2024, not met: warned");
    // Moved to next year: no longer due in 2024, so no longer warned about (the cache follows).
    app.save_plan(None, SET, &draft("03430", &criterion, "2025")).await.unwrap();
    assert!(!of_khun_ha(&app, WarningKind::PlannedNotMet).contains(&criterion), "{criterion} moved to 2025");
    let _ = std::fs::remove_file(path);
}
