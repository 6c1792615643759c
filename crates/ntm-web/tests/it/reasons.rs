//! Reasons and solutions on pages: written from a warning's link by who answers for it, shown on
//! the warning (one short line), listed for the office at `/reasons` and its JSON twin, replaced
//! when saved again and audited old → new; too long a text refused with its limit, nothing saved.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn a_warning_carries_the_reason_written_for_it_and_the_office_lists_them() {
    let t = TestApp::demo().await;
    let api = t.get("/api/v1/warnings?period=2024", None).await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let w = &v["warnings"].as_array().unwrap()[0];
    let unit = w["unit"].as_str().unwrap().to_string();
    let criterion = w["criterion"].as_str().unwrap_or("all").to_string();
    let s = t.login("vanphong").await;
    let full = t.get("/warnings?period=2024", Some(&s)).await;
    let link = format!("/reasons/{unit}/{criterion}?set=xa-ntm-2021-2025&amp;period=2024");
    assert!(full.body.contains(&link), "each warning links to its reason form: {link}");
    assert!(full.body.contains("Ghi lý do, giải pháp"));
    let form = t.get(&link.replace("&amp;", "&"), Some(&s)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(w["reason"].as_str().unwrap()), "the form shows the warning it answers");
    let path = format!("/reasons/{unit}/{criterion}");
    // Too long: refused with its limit, nothing saved.
    let long = "x".repeat(2001);
    let bad = t.post(&path, Some(&s), &[("csrf", &s.csrf), ("period", "2024"), ("reason", &long)]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("tối đa 2000 ký tự"), "the limit, in Vietnamese");
    assert!(t.get("/reasons?period=2024", Some(&s)).await.body.contains("Chưa có lý do nào"));
    let empty = t.post(&path, Some(&s), &[("csrf", &s.csrf), ("period", "2024"), ("reason", "  ")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "a reason is required");
    // Written, then replaced.
    for (reason, solution) in [("Chưa bố trí được vốn", "Lồng ghép vốn"), ("Thiếu vốn đối ứng", "Vận động nhân dân")]
    {
        let ok = t
            .post(&path, Some(&s), &[("csrf", &s.csrf), ("period", "2024"), ("reason", reason), ("solution", solution)])
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    }
    let full = t.get("/warnings?period=2024", Some(&s)).await;
    assert!(full.body.contains("Lý do: Thiếu vốn đối ứng"), "the warning shows its reason");
    assert!(!full.body.contains("Chưa bố trí được vốn"), "replaced, not added");
    let list = t.get("/reasons?period=2024", Some(&s)).await;
    assert_eq!(list.status, StatusCode::OK);
    for part in ["Thiếu vốn đối ứng", "Vận động nhân dân", "vanphong", &unit] {
        assert!(list.body.contains(part), "the office's list shows {part}");
    }
    let json = t.get("/api/v1/reasons?period=2024", None).await;
    let rows: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["reason"], "Thiếu vốn đối ứng");
    assert_eq!(rows[0]["criterion"], criterion.as_str());
    assert!(!rows[0]["kinds"].as_array().unwrap().is_empty(), "the warning kinds now");
    let audit = t.get("/audit?area=reasons", Some(&s)).await;
    assert!(audit.body.contains("“Chưa bố trí được vốn” → “Thiếu vốn đối ứng”"), "audited old → new");
}

#[tokio::test]
async fn the_limit_is_told_in_english_to_an_english_reader() {
    let t = TestApp::demo().await;
    let s = t.login("vanphong").await;
    let long = "x".repeat(2001);
    let bad = t
        .post("/reasons/03413/17?lang=en", Some(&s), &[("csrf", &s.csrf), ("period", "2024"), ("reason", &long)])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("too long: at most 2000 characters"), "the limit, in English");
}
