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

/// The communes of the matrix of 2024: (code, meets the standard on data, recognised).
async fn communes(t: &TestApp) -> Vec<(String, bool, bool)> {
    let res = t.get("/api/v1/matrix?period=2024", None).await;
    let m: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    m["matrix"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap().to_string(), r["standard_met"] == true, r["recognised"] == true))
        .collect()
}

/// The verdict line of a unit page.
fn verdict(html: &str) -> String {
    let start = html.find("<div id=\"verdict\">").expect("the verdict line");
    let end = html[start..].find("</div>").unwrap() + start;
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[tokio::test]
async fn a_unit_page_tells_meeting_the_standard_on_data_from_being_recognised() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let list = communes(&t).await;
    let met = list.iter().find(|(_, m, r)| *m && !*r).expect("a commune meeting the standard on data, not recognised");
    let failing = list.iter().find(|(_, m, r)| !*m && !*r).expect("a commune failing, not recognised");
    // Met on data, no decision: never "ĐẠT CHUẨN" beside "no decision".
    let page = t.get(&format!("/units/{}?period=2024", met.0), None).await.body;
    assert_eq!(verdict(&page), "Đạt chuẩn theo số liệu — chưa có quyết định công nhận");
    assert!(!page.contains("ĐẠT CHUẨN"));
    let page = t.get(&format!("/units/{}?period=2024", failing.0), None).await.body;
    assert_eq!(verdict(&page), "Chưa đạt chuẩn theo số liệu — chưa có quyết định công nhận");
    // Both recognised by decision in 2024: the met one reads both, the failing one reads so too.
    for (code, n) in [(&met.0, "QĐ 11/QĐ-UBND"), (&failing.0, "QĐ 12/QĐ-UBND")] {
        let res = add(&t, &office, code, "ntm", n, "15/03/2024").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let page = t.get(&format!("/units/{}?period=2024", met.0), None).await.body;
    assert_eq!(verdict(&page), "Đạt chuẩn theo số liệu — Đã được công nhận (QĐ số QĐ 11/QĐ-UBND, ngày 15/03/2024)");
    let page = t.get(&format!("/units/{}?period=2024", failing.0), None).await.body;
    assert_eq!(
        verdict(&page),
        "Chưa đạt chuẩn theo số liệu — Đã được công nhận (QĐ số QĐ 12/QĐ-UBND, ngày 15/03/2024)"
    );
    // Before the decision (2023), the decision does not stand yet; the history lists it all the same.
    let page = t.get(&format!("/units/{}?period=2023", met.0), None).await.body;
    assert!(verdict(&page).ends_with("chưa có quyết định công nhận"), "{}", verdict(&page));
    assert!(page.contains("QĐ 11/QĐ-UBND"), "the history shows every decision");
    // The matrix and the overview say both, apart.
    let after = communes(&t).await;
    assert!(after.iter().any(|(c, m, r)| c == &met.0 && *m && *r));
    assert!(after.iter().any(|(c, m, r)| c == &failing.0 && !*m && *r));
    let matrix = t.get("/matrix?period=2024", None).await.body;
    assert!(matrix.contains("Đã công nhận") && matrix.contains("Đạt chuẩn theo số liệu"));
    let overview = t.get("/?period=2024", None).await.body;
    let recognised = after.iter().filter(|(_, _, r)| *r).count();
    assert!(overview.contains("Đã được công nhận (quyết định còn hiệu lực)"));
    assert!(
        overview.contains(&format!(
            "id=\"recognised\"><div>Đã được công nhận (quyết định còn hiệu lực)</div><div class=\"big\">{recognised}/"
        )),
        "{recognised}"
    );
    // A loss ends it: the page says so, and the history keeps the decision with its loss.
    let id = decisions(&t, "").await.into_iter().find(|r| r["decision"] == "QĐ 11/QĐ-UBND").unwrap()["id"].to_string();
    let res = t
        .post(
            "/recognitions/loss",
            Some(&office),
            &[("csrf", &office.csrf), ("id", &id), ("lost_on", "01/06/2024"), ("lost_decision", "QĐ 99")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = t.get(&format!("/units/{}?period=2024", met.0), None).await.body;
    assert_eq!(verdict(&page), "Đạt chuẩn theo số liệu — chưa có quyết định công nhận");
    assert!(page.contains("01/06/2024, QĐ 99"), "the loss in the history");
    // In English.
    let page = t.get(&format!("/units/{}?period=2024&lang=en", failing.0), None).await.body;
    assert_eq!(
        verdict(&page),
        "Does not meet the standard on data — Recognised by decision (No. QĐ 12/QĐ-UBND, 15/03/2024)"
    );
}

#[tokio::test]
async fn a_unit_history_lists_every_decision_newest_first() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let code = &communes(&t).await[0].0;
    for (n, d) in [("QĐ A", "10/01/2022"), ("QĐ C", "10/01/2024"), ("QĐ B", "10/01/2023")] {
        assert_eq!(add(&t, &office, code, "nang-cao", n, d).await.status, StatusCode::SEE_OTHER);
    }
    for who in [None, Some(&office)] {
        let page = t.get(&format!("/units/{code}?period=2024"), who).await.body;
        let (a, b, c) = (page.find("QĐ A").unwrap(), page.find("QĐ B").unwrap(), page.find("QĐ C").unwrap());
        assert!(c < b && b < a, "newest first");
    }
}

#[tokio::test]
async fn each_target_on_the_overview_names_the_units_closest_to_it() {
    let t = TestApp::demo().await;
    let page = t.get("/?period=2024", None).await.body;
    let start = page.find("id=\"target-2025-xa\"").expect("the 12-communes target");
    let card = &page[start..start + page[start..].find("</div>").unwrap()];
    let line = card.split("<p class=\"closest\">").nth(1).expect("its closest units").split("</p>").next().unwrap();
    // The not-yet communes with the most criteria met, at most three, most first.
    let met: Vec<u32> = line
        .split("; ")
        .map(|part| part.rsplit("đạt ").next().unwrap().split('/').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(met.len(), 3, "{line}");
    assert!(met.windows(2).all(|w| w[0] >= w[1]), "most criteria met first: {line}");
    assert!(line.starts_with("Gần đạt nhất: "), "{line}");
    let en = t.get("/?period=2024&lang=en", None).await.body;
    assert!(en.contains("<p class=\"closest\">Closest: "));
}
