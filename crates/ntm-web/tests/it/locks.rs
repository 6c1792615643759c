//! An accepted report's lock under concurrency, through the pages: the office accepts a commune's
//! report at the moment the commune saves a value it covers. Whichever lands first, the commune
//! is answered as always — saved, or "locked" on the field (422), never an error page — and the
//! value is never changed after the acceptance. On SQLite, and on PostgreSQL when
//! `NTM_TEST_DATABASE_URL` names a server.

use axum::http::StatusCode;
use ntm_app::Config;
use ntm_domain::audit::Event;
use ntm_domain::{Ratio, Value};
use ntm_store::AuditQuery;

use crate::harness::TestApp;

const ROUNDS: usize = 12;

fn config() -> Config {
    let today = ntm_domain::Date::parse("2025-03-18").ok();
    Config { demo: true, fast_hashing: true, today, ..Config::default() }
}

async fn race(t: &TestApp, name: &str) {
    let office = t.login("vanphong").await;
    let commune = t.login("sonbinh").await;
    let fields = [("csrf", office.csrf.as_str()), ("kind", "quarterly"), ("year", "2025"), ("quarter", "1")];
    let res = t.post("/reporting", Some(&office), &[fields.as_slice(), &[("obliged", "03413")]].concat()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let report = format!("{}/03413", res.location());
    let (units, _) = t.app.db.units().await.unwrap();
    let sonbinh = units.iter().find(|u| u.code == "03413").unwrap().id;
    let form = "/entry/03413/2025Q1/3";
    let (mut first, mut second) = (0, 0);
    for i in 0..ROUNDS {
        let submit = [("csrf", commune.csrf.as_str()), ("results", "Báo cáo"), ("then", "submit")];
        assert_eq!(t.post(&report, Some(&commune), &submit).await.status, StatusCode::SEE_OTHER, "{name}");
        let typed = format!("{}", 60 + i);
        let fields = t.entry_fields(form, &commune, &[("v:3.1", typed.as_str())]).await;
        let before = t.app.db.unit_values("xa-ntm-2021-2025", sonbinh, "2025Q1").await.unwrap();
        let before = before.iter().find(|v| v.element == "3.1").and_then(|v| v.value);
        let accept = [("csrf", office.csrf.as_str()), ("action", "accept")];
        let moving = format!("{report}/move");
        let (saved, accepted) = if i % 2 == 0 {
            tokio::join!(t.post_owned(form, &commune, &fields), t.post(&moving, Some(&office), &accept))
        } else {
            let (a, s) = tokio::join!(t.post(&moving, Some(&office), &accept), t.post_owned(form, &commune, &fields));
            (s, a)
        };
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{name} round {i}: {}", accepted.body);
        let now = t.app.db.unit_values("xa-ntm-2021-2025", sonbinh, "2025Q1").await.unwrap();
        let now = now.iter().find(|v| v.element == "3.1").and_then(|v| v.value);
        match saved.status {
            StatusCode::OK => {
                assert_eq!(now, Some(Value::Number(Ratio::integer(i64::try_from(60 + i).unwrap()))), "{name}");
                first += 1;
            }
            StatusCode::UNPROCESSABLE_ENTITY => {
                assert!(saved.body.contains("đã khoá"), "{name} round {i}: said on the field: {}", saved.body);
                assert_eq!(now, before, "{name} round {i}: refused, nothing saved");
                second += 1;
            }
            other => panic!("{name} round {i}: the save answered {other}: {}", saved.body),
        }
        // Never changed after the acceptance: no save of the commune's values is recorded after
        // it (changes are recorded in the order they commit; a refused save records nothing).
        let log = t.app.db.audit_log(&AuditQuery { limit: 20, ..AuditQuery::default() }).await.unwrap();
        let accepted_at = log.iter().find(|r| matches!(r.event, Event::ReportAccepted { .. })).unwrap().id;
        let later: Vec<&Event> = log
            .iter()
            .filter(|r| r.id > accepted_at && matches!(&r.event, Event::ValuesSaved { unit, .. } if unit == "03413"))
            .map(|r| &r.event)
            .collect();
        assert!(later.is_empty(), "{name} round {i}: changed after the acceptance: {later:?}");
        let reopen = [("csrf", office.csrf.as_str()), ("action", "reopen"), ("reason", "Vòng sau")];
        assert_eq!(t.post(&moving, Some(&office), &reopen).await.status, StatusCode::SEE_OTHER, "{name}");
    }
    eprintln!("{name}: {first} saves before the acceptance, {second} refused after it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_save_racing_the_acceptance_that_locks_it_is_saved_first_or_refused_on_its_field() {
    let t = TestApp::with(config()).await;
    race(&t, "sqlite").await;
    if let Some(t) = TestApp::demo_on_postgres(config()).await {
        race(&t, "postgres").await;
    }
}
