//! Issue 11, operations: every response carries a request id of its own (`X-Request-Id`), and the
//! request's log line carries the same id, without the query string, any form body or any name.

use axum::http::StatusCode;
use ntm_web::log;

use crate::harness::TestApp;

fn id_of(res: &crate::harness::Response) -> String {
    let id = res.headers.get(log::HEADER).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(id.len(), 12, "a 12-character id: {id:?}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    id
}

/// The `event=request` line of the request with this id.
fn line_of(id: &str) -> String {
    let lines: Vec<String> = log::kept_lines()
        .into_iter()
        .filter(|l| l.contains(&format!(" id={id} ")) && l.contains("event=request"))
        .collect();
    assert_eq!(lines.len(), 1, "one line for request {id}: {lines:?}");
    lines[0].clone()
}

#[tokio::test]
async fn every_response_has_an_id_of_its_own_and_its_log_line_the_same() {
    log::keep_lines();
    let t = TestApp::demo().await;
    let page = t.get("/", None).await;
    let css = t.get("/static/app.css", None).await;
    let missing = t.get("/no-such-page", None).await;
    let api = t.get("/api/v1/no-such-thing", None).await;
    assert_eq!((page.status, css.status, missing.status), (StatusCode::OK, StatusCode::OK, StatusCode::NOT_FOUND));
    let ids: Vec<String> = [&page, &css, &missing, &api].into_iter().map(id_of).collect();
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "ids differ: {ids:?}");
    let line = line_of(&ids[0]);
    assert!(line.starts_with("time=") && line.contains(" level=info "), "{line}");
    assert!(line.contains(" method=GET path=/ status=200 ms="), "{line}");
    assert!(line.contains(" account=\"\" client=local"), "nobody signed in: {line}");
    assert!(line_of(&ids[1]).contains(" path=/static/app.css status=200 "));
    assert!(line_of(&ids[2]).contains(" path=/no-such-page status=404 "));
}

#[tokio::test]
async fn neither_a_password_nor_a_query_string_nor_a_name_reaches_the_log() {
    log::keep_lines();
    let t = TestApp::demo().await;
    // A refused sign-in and an accepted one: the bodies carry passwords.
    let refused =
        t.post("/login", None, &[("username", "vanphong"), ("password", "sai-mat-khau-Qz81"), ("next", "/")]).await;
    let refused_id = id_of(&refused);
    let line = line_of(&refused_id);
    assert!(line.contains(" method=POST path=/login "), "{line}");
    let s = t.login("vanphong").await;
    let searched = t.get("/units/03406?q=tu-khoa-bi-mat&lang=vi", Some(&s)).await;
    assert_eq!(searched.status, StatusCode::OK);
    let line = line_of(&id_of(&searched));
    assert!(line.contains(" path=/units/03406 "), "{line}");
    // The account by its id, never its name.
    let account = t.app.db.users().await.unwrap().into_iter().find(|u| u.username == "vanphong").unwrap().id;
    assert!(line.contains(&format!(" account={account} ")), "{line}");
    // No line of any test's request carries a password or these search words.
    let all = log::kept_lines().join("\n");
    for secret in ["sai-mat-khau-Qz81", ntm_app::demo::DEMO_PASSWORD, "tu-khoa-bi-mat"] {
        assert!(!all.contains(secret), "{secret} reached the log");
    }
    for line in [line_of(&refused_id), line] {
        assert!(!line.contains("vanphong") && !line.contains("Văn phòng"), "a name in {line}");
    }
}
