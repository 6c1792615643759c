//! Recognitions entered on a page: the list and its filter, a decision and a loss recorded by
//! the office, each bad input told by field with nothing changed, the import of the file, the
//! change log, who may.

use axum::http::StatusCode;

use crate::harness::{Session, TestApp};

/// The decisions as the JSON twin gives them.
async fn decisions(t: &TestApp, query: &str) -> Vec<serde_json::Value> {
    let res = t.get(&format!("/api/v1/recognitions{query}"), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str::<Vec<serde_json::Value>>(&res.body).unwrap()
}

async fn add(
    t: &TestApp,
    s: &Session,
    unit: &str,
    level: &str,
    decision: &str,
    date: &str,
) -> crate::harness::Response {
    t.post(
        "/recognitions",
        Some(s),
        &[("csrf", &s.csrf), ("unit", unit), ("level", level), ("decision", decision), ("decided_on", date)],
    )
    .await
}

#[tokio::test]
async fn the_list_shows_every_decision_newest_first_and_filters_by_level() {
    let t = TestApp::demo().await;
    let all = decisions(&t, "").await;
    assert_eq!(all.len(), 17, "the demo's recognitions file");
    let dates: Vec<&str> = all.iter().map(|r| r["decided_on"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let villages = decisions(&t, "?level=ban-ntm").await;
    assert!(!villages.is_empty() && villages.len() < all.len());
    assert!(villages.iter().all(|r| r["level"] == "ban-ntm"));
    let page = t.get("/recognitions?level=ntm", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Xã Tả Lèng") || page.body.contains("03412"), "a commune's decision is listed");
    assert!(!page.body.contains("03427-B02"), "the filter leaves villages out");
    assert!(!page.body.contains("name=\"decision\""), "no form for a visitor");
    assert_eq!(t.get("/recognitions?level=nope", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_office_records_a_decision_and_its_loss_audited() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let before = decisions(&t, "").await.len();
    let res = add(&t, &office, "03413", "ntm", "QĐ 123/QĐ-UBND", "20/12/2024").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let all = decisions(&t, "").await;
    assert_eq!(all.len(), before + 1);
    let new = all.iter().find(|r| r["decision"] == "QĐ 123/QĐ-UBND").unwrap();
    assert_eq!(new["unit_code"], "03413");
    assert_eq!(new["decided_on"], "2024-12-20");
    assert!(new["lost_on"].is_null());
    let page = t.get("/recognitions?done=saved", Some(&office)).await;
    assert!(page.body.contains("Đã ghi quyết định."), "the office is told");
    // The loss: before the decision is refused, by field, nothing changed.
    let id = new["id"].as_i64().unwrap().to_string();
    let lose = |date: &'static str, decision: &'static str| {
        let (t, office, id) = (&t, &office, id.clone());
        async move {
            t.post(
                "/recognitions/loss",
                Some(office),
                &[("csrf", &office.csrf), ("id", &id), ("lost_on", date), ("lost_decision", decision)],
            )
            .await
        }
    };
    let res = lose("19/12/2024", "QĐ 9/QĐ-UBND").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("id=\"lost_on-err\""), "told beside the date: {}", res.body);
    assert!(res.body.contains("value=\"19/12/2024\""), "what was typed is kept");
    assert!(decisions(&t, "").await.iter().all(|r| r["lost_on"].is_null() || r["decision"] != "QĐ 123/QĐ-UBND"));
    let res = lose("30/06/2025", "").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "the decision of the loss is required");
    assert!(res.body.contains("id=\"lost_decision-err\""));
    let res = lose("30/06/2025", "QĐ 9/QĐ-UBND").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let lost = decisions(&t, "").await.into_iter().find(|r| r["decision"] == "QĐ 123/QĐ-UBND").unwrap();
    assert_eq!(lost["lost_on"], "2025-06-30");
    assert_eq!(lost["lost_decision"], "QĐ 9/QĐ-UBND");
    let res = lose("01/07/2025", "QĐ 10").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "lost once only");
    assert!(res.body.contains("30/06/2025"), "says when it was lost");
    // Both changes are in the change log, by whom.
    let log = t.get("/api/v1/audit?area=recognitions", Some(&office)).await.body;
    assert!(log.contains("recognition.add") && log.contains("recognition.lose"), "{log}");
    let page = t.get("/audit?area=recognitions", Some(&office)).await.body;
    assert!(page.contains("bị thu hồi ngày 30/06/2025"), "the loss worded in the log");
}

#[tokio::test]
async fn bad_decisions_are_told_by_field_and_change_nothing() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let before = decisions(&t, "").await;
    for (unit, level, decision, date, field, words) in [
        ("99999", "ntm", "QĐ 1", "20/12/2024", "unit", "99999"),
        ("03413", "ban-ntm", "QĐ 1", "20/12/2024", "level", "03413"),
        ("03394-B01", "ntm", "QĐ 1", "20/12/2024", "level", "03394-B01"),
        ("03413", "ntm", "", "20/12/2024", "decision", "bắt buộc"),
        ("03413", "ntm", "QĐ 1", "32/12/2024", "decided_on", "32/12/2024"),
        // The demo's decision for Tả Lèng, again.
        ("03412", "ntm", "Quyết định minh họa", "20/12/2021", "decision", ""),
    ] {
        let res = add(&t, &office, unit, level, decision, date).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{unit} {level} {decision} {date}");
        assert!(res.body.contains(&format!("id=\"{field}-err\"")), "{field} for {unit} {level}: {}", res.body);
        assert!(res.body.contains(words), "{words}");
        assert!(res.body.contains(&format!("value=\"{unit}\"")), "what was typed is kept");
    }
    assert_eq!(decisions(&t, "").await, before, "nothing changed");
    // In English, the same in English.
    let res = t
        .post(
            "/recognitions?lang=en",
            Some(&office),
            &[
                ("csrf", &office.csrf),
                ("unit", "03413"),
                ("level", "ban-ntm"),
                ("decision", "QĐ 1"),
                ("decided_on", "20/12/2024"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("<html lang=\"en\">") && res.body.contains("id=\"level-err\""), "{}", res.body);
}

#[tokio::test]
async fn the_office_imports_the_recognitions_file_on_the_page_all_or_nothing() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let before = decisions(&t, "").await;
    let bad = "unit_code,level,decision,decided_on,lost_on\n03413,ntm,QĐ 5,20/12/2024,\n03394,ntm,QĐ 6,20/12/2024,01/01/2024\n";
    let res = t.post("/recognitions/import", Some(&office), &[("csrf", &office.csrf), ("csv", bad)]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("recognitions.csv") && res.body.contains("lost_on"), "file, line, field: {}", res.body);
    assert_eq!(decisions(&t, "").await, before, "nothing recorded");
    let good = "unit_code,level,decision,decided_on\n03413,ntm,QĐ 5,20/12/2024\n03394,ntm,QĐ 6,20/12/2024\n";
    let res = t.post("/recognitions/import", Some(&office), &[("csrf", &office.csrf), ("csv", good)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/recognitions?done=2");
    assert_eq!(decisions(&t, "").await.len(), before.len() + 2);
}

#[tokio::test]
async fn only_the_office_and_administrators_record_decisions() {
    let t = TestApp::demo().await;
    for (role, want) in [("xem", 403), ("sonbinh", 403), ("ktht", 403), ("vanphong", 303), ("quantri", 303)] {
        let s = t.login(role).await;
        let decision = format!("QĐ {role}");
        let res = add(&t, &s, "03413", "ntm", &decision, "20/12/2024").await;
        assert_eq!(res.status.as_u16(), want, "add as {role}");
        let page = t.get("/recognitions", Some(&s)).await.body;
        assert_eq!(page.contains("name=\"decision\""), want == 303, "the form is shown to {role} only if allowed");
        let id = decisions(&t, "").await[0]["id"].as_i64().unwrap().to_string();
        let res = t
            .post(
                "/recognitions/loss",
                Some(&s),
                &[("csrf", &s.csrf), ("id", &id), ("lost_on", "30/06/2025"), ("lost_decision", "QĐ 9")],
            )
            .await;
        if want == 403 {
            assert_eq!(res.status.as_u16(), 403, "loss as {role}");
            let res = t
                .post(
                    "/recognitions/import",
                    Some(&s),
                    &[("csrf", &s.csrf), ("csv", "unit_code,level,decision,decided_on\n")],
                )
                .await;
            assert_eq!(res.status.as_u16(), 403, "import as {role}");
        }
    }
    let res = t.post("/recognitions", None, &[("unit", "03413")]).await;
    assert_eq!(res.status.as_u16(), 303, "anonymous is sent to sign in");
    assert!(res.location().starts_with("/login"));
}
