//! The change log reads like a log: who (by name), what (in words), about what (the unit's name
//! beside its code, the set's title, the account's name), old → new for the values a form
//! changed, dates as officials write them; read by unit (and all under it), person, area and
//! date, page by page with the filters kept; its JSON twin takes the same filters.

use axum::http::StatusCode;
use ntm_domain::Date;
use ntm_domain::audit::ACTIONS;

use crate::harness::{Session, TestApp};

/// How many changes of an area the store holds (the demo's files and what the test did).
async fn count(t: &TestApp, area: ntm_domain::audit::EventArea) -> usize {
    let q = ntm_store::AuditQuery { area: Some(area), limit: 1000, ..ntm_store::AuditQuery::default() };
    t.app.db.audit_log(&q).await.unwrap().len()
}

/// The code of a village of Sơn Bình (03413) that has a recognition decision.
async fn recognised_village(t: &TestApp) -> String {
    let recognitions = t.app.db.recognitions().await.unwrap();
    let live = t.app.live();
    let commune = live.tree.latest("03413").unwrap();
    recognitions
        .iter()
        .filter_map(|r| live.unit_index.get(&r.unit_id).copied())
        .find(|&u| u != commune && live.tree.is_within(u, commune))
        .map(|u| live.tree.unit(u).code.clone())
        .expect("a recognised village of Sơn Bình in the demo")
}

/// The rows of the log's table, each as its HTML.
fn rows(page: &str) -> Vec<String> {
    let Some(body) = page.split("<tbody>").nth(1).and_then(|b| b.split("</tbody>").next()) else { return vec![] };
    body.split("</tr>").filter(|r| r.contains("<td>")).map(str::to_string).collect()
}

/// A date written `yyyy-mm-dd` somewhere in the text.
fn iso_date(text: &str) -> Option<String> {
    text.as_bytes()
        .windows(10)
        .find(|w| w[..4].iter().chain(&w[5..7]).chain(&w[8..]).all(u8::is_ascii_digit) && w[4] == b'-' && w[7] == b'-')
        .map(|w| String::from_utf8_lossy(w).into_owned())
}

/// The old and new value of the newest line of a value's history, as its page shows them.
async fn last_change(t: &TestApp, s: &Session, path: &str) -> (String, String) {
    let page = t.get(path, Some(s)).await.body;
    let cells: Vec<&str> =
        page.split("<td class=\"num\">").skip(1).take(2).map(|c| c.split('<').next().unwrap_or("")).collect();
    (cells[0].to_string(), cells[1].to_string())
}

/// A commune officer flips indicator 1.2 and sets 3.1 of Sơn Bình, 2024; the office sets 13.1 (the cooperative, missing in 2024) of
/// Thèn Sin. Returns the officer's and the office's sessions.
async fn two_saves(t: &TestApp) -> (Session, Session) {
    let officer = t.login("sonbinh").await;
    let before = t.entry_fields("/entry/03413/2024", &officer, &[]).await;
    let flipped = match before.iter().find(|(k, _)| k == "v:1.2").map(|(_, v)| v.as_str()) {
        Some("true") => "false",
        _ => "true",
    };
    let fields =
        t.entry_fields("/entry/03413/2024", &officer, &[("v:1.2", flipped), ("v:3.1", "88,5"), ("d:3.1", "")]).await;
    let res = t.post_owned("/entry/03413/2024", &officer, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let office = t.login("vanphong").await;
    let fields = t.entry_fields("/entry/03394/2024", &office, &[("v:13.1", "true")]).await;
    assert_eq!(t.post_owned("/entry/03394/2024", &office, &fields).await.status, StatusCode::OK);
    (officer, office)
}

#[tokio::test]
async fn the_change_log_names_who_what_and_about_what_and_shows_old_to_new() {
    let t = TestApp::demo().await;
    let (officer, office) = two_saves(&t).await;
    let page = t.get("/audit", Some(&office)).await;
    assert_eq!(page.status, StatusCode::OK);
    let all = rows(&page.body);
    let officers = all.iter().find(|r| r.contains("Xã Sơn Bình (03413)")).expect("the officer's save is listed");
    assert!(officers.contains("<td>Cán bộ xã Sơn Bình (minh họa)</td>"), "the person's name: {officers}");
    assert!(officers.contains("<td>nhập số liệu</td>"), "the action in words, without its code: {officers}");
    assert!(
        officers.contains("<a href=\"/units/03413?period=2024\">Xã Sơn Bình (03413)</a>"),
        "the unit's name beside its code, linked: {officers}"
    );
    assert!(
        officers.contains("Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 · năm 2024"),
        "the set's title and the period: {officers}"
    );
    assert!(officers.contains("2 giá trị"), "{officers}");
    // Old → new for each value, the same as each value's history says, linked to it.
    for element in ["1.2", "3.1"] {
        let history = format!("/history/03413/2024/{element}");
        let (old, new) = last_change(&t, &officer, &history).await;
        let line = format!("<a href=\"{history}\">{element}</a>: {old} → {new}");
        assert!(officers.contains(&line), "{line} in {officers}");
    }
    assert!(officers.contains("→ 88,5</li>"), "the number as the page's language writes it: {officers}");
    let office_row = all.iter().find(|r| r.contains("Xã Thèn Sin (03394)")).unwrap();
    assert!(office_row.contains("<td>Văn phòng điều phối NTM (minh họa)</td>"), "{office_row}");
    assert!(office_row.contains("13.1</a>: Không đạt → Đạt"), "{office_row}");
    // The demo's own changes: made from the command line, said so; accounts by their names.
    let created = all.iter().find(|r| r.contains("(vanphong)")).unwrap();
    assert!(created.contains("<td>Dòng lệnh</td>") && created.contains("<td>thêm tài khoản</td>"), "{created}");
    assert!(created.contains("Văn phòng điều phối NTM (minh họa) (vanphong)"), "{created}");
    // No action code, no ISO date anywhere; every change's time as dd/mm/yyyy HH:MM.
    for code in ACTIONS {
        assert!(!page.body.contains(code), "{code} shown on the log");
    }
    assert_eq!(iso_date(&page.body), None, "an ISO date on the log");
    for r in &all {
        let when = r.split("<td>").nth(1).and_then(|c| c.split('<').next()).unwrap_or("");
        let ok = when.len() == 16 && Date::parse(&when[..10]).is_ok() && when.as_bytes()[2] == b'/';
        assert!(ok, "the time of a change as dd/mm/yyyy HH:MM: {when:?}");
    }
    // Recognition decisions with their dates as officials write them, each village by name.
    let recognitions = t.get("/audit?area=recognitions", Some(&office)).await.body;
    let listed = rows(&recognitions);
    assert!(!listed.is_empty());
    for r in t.app.db.recognitions().await.unwrap() {
        let date = r.decided_on.to_vietnamese();
        assert!(listed.iter().any(|row| row.contains(&date)), "{date}");
    }
    assert!(listed.iter().all(|r| r.contains("<td>ghi quyết định công nhận</td>") && r.contains("</a>")));
    // In English: the same, in English.
    let en = t.get("/audit?lang=en", Some(&office)).await.body;
    let officers = rows(&en).into_iter().find(|r| r.contains("Xã Sơn Bình (03413)")).unwrap();
    assert!(officers.contains("<td>values entered</td>") && officers.contains("2 values"), "{officers}");
    assert!(officers.contains("National criteria for new-style rural communes, 2021-2025 · 2024"), "{officers}");
    assert!(officers.contains("→ 88.5</li>"), "{officers}");
}

#[tokio::test]
async fn the_log_is_read_by_unit_person_area_and_date_with_the_filters_kept_across_pages() {
    let t = TestApp::demo().await;
    let (_, office) = two_saves(&t).await;
    let get = |path: &'static str| {
        let t = &t;
        let office = &office;
        async move {
            let page = t.get(path, Some(office)).await;
            assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
            page.body
        }
    };
    // A commune: its own save, its villages' recognitions, the file that gave it values; not
    // another commune's save, nor accounts or targets.
    let commune = get("/audit?unit=03413").await;
    let listed = rows(&commune);
    assert!(listed.iter().any(|r| r.contains("Xã Sơn Bình (03413)")), "its own save");
    let village = format!("({})</a>", recognised_village(&t).await);
    assert!(listed.iter().any(|r| r.contains(&village)), "a village under it: {village}");
    assert!(listed.iter().any(|r| r.contains("<td>nạp tệp số liệu</td>")), "the values file that touched it");
    assert!(!listed.iter().any(|r| r.contains("03394") || r.contains("thêm tài khoản") || r.contains("thêm mục tiêu")));
    assert!(commune.contains("<option value=\"03413\" selected>"), "the filter is kept in the form");
    // The district: every commune under it.
    let district = rows(&get("/audit?unit=106").await);
    assert!(district.iter().any(|r| r.contains("(03413)")) && district.iter().any(|r| r.contains("(03394)")));
    // A person; the command line.
    let officer = rows(&get("/audit?who=sonbinh").await);
    assert_eq!(officer.len(), 1, "{officer:?}");
    let cli = get("/audit?who=-").await;
    assert!(rows(&cli).iter().all(|r| r.contains("<td>Dòng lệnh</td>")));
    assert!(cli.contains("<option value=\"-\" selected>"));
    // An area.
    let values = rows(&get("/audit?area=values").await);
    assert_eq!(values.len(), count(&t, ntm_domain::audit::EventArea::Values).await, "{values:?}");
    assert!(values.iter().all(|r| r.contains("<td>nhập số liệu</td>") || r.contains("<td>nạp tệp số liệu</td>")));
    let accounts = rows(&get("/audit?area=accounts").await);
    assert!(!accounts.is_empty() && accounts.iter().all(|r| r.contains("<td>thêm tài khoản</td>")));
    // Dates, dd/mm/yyyy, Vietnam time: everything happened today.
    let today = ntm_domain::time::vietnam_date(ntm_store::now_ms());
    let day = |d: Option<Date>| d.unwrap().to_vietnamese();
    let all = rows(&get("/audit").await).len();
    let path = format!("/audit?from={}&to={}", day(Some(today)), day(Some(today)));
    let page = t.get(&path, Some(&office)).await.body;
    assert_eq!(rows(&page).len(), all, "today, from and to");
    assert!(page.contains(&format!("name=\"from\" value=\"{}\"", day(Some(today)))), "the dates kept, dd/mm/yyyy");
    let path = format!("/audit?from={}", day(today.add_days(1)));
    let page = t.get(&path, Some(&office)).await.body;
    assert!(rows(&page).is_empty() && page.contains("Không có thay đổi nào khớp bộ lọc."));
    let path = format!("/audit?to={}", day(today.add_days(-1)));
    assert!(rows(&t.get(&path, Some(&office)).await.body).is_empty());
    // Together.
    let both = rows(&get("/audit?unit=106&who=vanphong&area=values").await);
    assert_eq!(both.len(), 1, "{both:?}");
    assert!(both[0].contains("Xã Thèn Sin (03394)"));
    // Page by page: the next page keeps the filters, and leads back to the newest.
    let first = get("/audit?who=-").await;
    assert_eq!(rows(&first).len(), usize::try_from(ntm_app::audit::AUDIT_PAGE).unwrap(), "a page of the log");
    let next = first.split("<a href=\"/audit?who=-&#38;before=").nth(1).and_then(|r| r.split('"').next());
    let next = next.expect("a link to the earlier changes, with the filter").to_string();
    let second = t.get(&format!("/audit?who=-&before={next}"), Some(&office)).await.body;
    let later = rows(&second);
    assert!(!later.is_empty() && later.iter().all(|r| r.contains("<td>Dòng lệnh</td>")));
    assert!(second.contains("<a href=\"/audit?who=-\">Về các thay đổi mới nhất</a>"));
    let api: serde_json::Value = serde_json::from_str(&t.get("/api/v1/audit?who=-", Some(&office)).await.body).unwrap();
    let before: i64 = next.parse().unwrap();
    assert_eq!(api["next_before"], before, "the page and its twin page alike");
    let api2: serde_json::Value =
        serde_json::from_str(&t.get(&format!("/api/v1/audit?who=-&before={before}"), Some(&office)).await.body)
            .unwrap();
    let ids: Vec<i64> = api2["changes"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), later.len());
    assert!(ids.iter().all(|&id| id < before), "older than the first page");
    assert!(api2["changes"].as_array().unwrap().iter().all(|c| c["user"].is_null()));
}

#[tokio::test]
async fn the_logs_twin_takes_the_same_filters() {
    let t = TestApp::demo().await;
    let (_, office) = two_saves(&t).await;
    let read = |path: String| {
        let t = &t;
        let office = &office;
        async move {
            let res = t.get(&path, Some(office)).await;
            (res.status, serde_json::from_str::<serde_json::Value>(&res.body).unwrap())
        }
    };
    let (status, log) = read("/api/v1/audit?unit=03413&area=values".into()).await;
    assert_eq!(status, StatusCode::OK);
    let actions: Vec<&str> = log["changes"].as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions[0], "values.save", "{log}");
    assert!(
        actions[1..].iter().all(|a| *a == "values.import") && actions.len() > 1,
        "the files that touched it: {log}"
    );
    assert_eq!(log["changes"][0]["user"], "sonbinh");
    let (_, log) = read("/api/v1/audit?who=vanphong".into()).await;
    assert_eq!(log["changes"].as_array().unwrap().len(), 1);
    assert_eq!(log["changes"][0]["args"]["unit"], "03394");
    let today = ntm_domain::time::vietnam_date(ntm_store::now_ms());
    let (_, log) = read(format!("/api/v1/audit?from={}&area=accounts", today)).await;
    assert!(!log["changes"].as_array().unwrap().is_empty(), "ISO dates too: {log}");
    // A filter that does not read: each problem with its field, in the reader's language.
    let (status, log) = read("/api/v1/audit?unit=99999&from=31/02/2024&area=nope&lang=en".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = log["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["unit", "area", "from"], "{log}");
    assert_eq!(log["problems"][0]["message"], "There is no unit with code 99999.");
}

#[tokio::test]
async fn a_filter_that_does_not_read_is_told_beside_its_field_and_the_others_still_apply() {
    let t = TestApp::demo().await;
    let (_, office) = two_saves(&t).await;
    let res = t.get("/audit?area=values&from=32/13/2024&who=khong-co", Some(&office)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let page = res.body;
    assert!(page.contains("Bộ lọc có lỗi — nhật ký dưới đây chưa lọc theo ô bị lỗi"), "the summary");
    assert!(page.contains(
        "<a href=\"#f-from\">“32/13/2024” không phải là một ngày: ghi theo dạng dd/mm/yyyy, ví dụ 25/11/2024.</a>"
    ));
    assert!(page.contains("<a href=\"#f-who\">Không có tài khoản nào tên khong-co.</a>"));
    assert!(page.contains("id=\"f-from-err\"") && page.contains("aria-invalid=\"true\""), "beside the field");
    assert!(page.contains("name=\"from\" value=\"32/13/2024\""), "what was typed is kept");
    let values = count(&t, ntm_domain::audit::EventArea::Values).await;
    assert_eq!(rows(&page).len(), values, "filtered by the area, which reads");
    let res = t.get("/audit?from=02/01/2025&to=01/01/2025&lang=en", Some(&office)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("<a href=\"#f-to\">The last day must be on or after the first.</a>"), "in English");
}

/// A page of the log full of saved forms, each changing every count a rate is computed from,
/// stays within the page weight: a few values are listed (a count as the numerator or
/// denominator of its indicator, not by the set's own key), the others counted.
#[tokio::test]
async fn a_page_of_forms_that_changed_many_values_stays_light() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let (communes, pairs) = {
        let live = t.app.live();
        let period = ntm_domain::Period::Year(2024);
        let communes: Vec<String> = live
            .tree
            .at_level(ntm_domain::Level::Commune, period)
            .into_iter()
            .filter(|&u| live.set("xa-ntm-2021-2025").unwrap().applies_to(live.tree.unit(u)))
            .map(|u| live.tree.unit(u).code.clone())
            .collect();
        let set = live.set("xa-ntm-2021-2025").unwrap();
        let pairs: Vec<(String, String, String)> = set
            .criteria()
            .iter()
            .flat_map(|c| &c.indicators)
            .filter_map(|i| i.derived.as_ref().map(|d| (i.id.clone(), d.numerator.clone(), d.denominator.clone())))
            .collect();
        (communes, pairs)
    };
    assert!(pairs.len() > ntm_app::audit::LISTED_VALUES, "more counts than a row lists");
    let mut saves = 0;
    for q in 1..=4 {
        for code in &communes {
            // 2023: the demo's accepted reports of 2024 lock their quarters (issue 10).
            let path = format!("/entry/{code}/2023Q{q}");
            let mut changes: Vec<(String, String)> = Vec::new();
            for (k, (_, num, den)) in pairs.iter().enumerate() {
                changes.push((format!("v:{num}"), format!("{}", k + q)));
                changes.push((format!("v:{den}"), format!("{}", 3 * (k + q) + 7)));
            }
            let changes: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let fields = t.entry_fields(&path, &office, &changes).await;
            let res = t.post_owned(&path, &office, &fields).await;
            assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
            saves += 1;
        }
    }
    assert!(saves >= ntm_app::audit::AUDIT_PAGE, "a page of saved forms");
    for lang in ["", "?lang=en"] {
        let page = t.get(&format!("/audit{lang}"), Some(&office)).await.body;
        assert!(page.len() <= 50 * 1024, "/audit{lang} weighs {} bytes", page.len());
        let listed = rows(&page);
        assert_eq!(listed.len(), usize::try_from(ntm_app::audit::AUDIT_PAGE).unwrap());
        let more = pairs.len() * 2 - ntm_app::audit::LISTED_VALUES;
        let (counted, part) = if lang.is_empty() {
            (format!("và {more} giá trị khác"), format!("{} (tử số)</a>: ", pairs[0].0))
        } else {
            (format!("and {more} more values"), format!("{} (numerator)</a>: ", pairs[0].0))
        };
        assert!(listed.iter().all(|r| r.contains(&counted)), "{counted}: {}", listed[0]);
        assert!(listed[0].contains(&part), "{part} in {}", listed[0]);
        assert!(!page.contains(&format!(">{}<", pairs[0].1)), "no set's own key for a count");
    }
}
