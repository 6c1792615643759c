//! An official's first hour (issue 8, points 1–4): the first screen says where and when, a
//! commune set judges communes only, targets are judged on their own terms, and periods are
//! honest.

use axum::http::StatusCode;
use serde_json::Value;

use crate::harness::TestApp;

/// The text between the first `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let rest = text.split_once(start).map_or("", |(_, r)| r);
    rest.split_once(end).map_or(rest, |(b, _)| b)
}

async fn json(t: &TestApp, path: &str) -> Value {
    let res = t.get(path, None).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// Whether a page shows "0/`n`" as a figure (not as the end of "10/`n`").
fn shows_zero_of(html: &str, n: usize) -> bool {
    let zero = format!("0/{n}");
    html.match_indices(&zero).any(|(i, _)| {
        let before = html[..i].chars().next_back();
        let after = html[i + zero.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Every `href` of a page.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|r| r.split('"').next()).map(|h| h.replace("&amp;", "&")).collect()
}

// Point 1: the first screen.

#[tokio::test]
async fn the_overview_opens_on_the_district_and_the_year_then_targets_attention_and_matrix() {
    let t = TestApp::demo().await;
    let page = t.get("/", None).await.body;
    assert_eq!(between(&page, "<h1>", "</h1>"), "Huyện Tam Đường — năm 2024");
    let en = t.get("/?lang=en", None).await.body;
    assert_eq!(between(&en, "<h1>", "</h1>"), "Huyện Tam Đường — 2024", "the unit's name is data");
    let at = |marker: &str| page.find(marker).unwrap_or_else(|| panic!("{marker} on the overview"));
    let (targets, attention, matrix) = (at("id=\"targets\""), at("id=\"attention\""), at("<table class=\"matrix\""));
    assert!(targets < attention && attention < matrix, "the targets, then what needs attention, then the matrix");
    // The managing unit is derived from the data, in the JSON too.
    let overview = json(&t, "/api/v1/overview").await;
    assert_eq!(overview["place"]["code"], "106");
    assert_eq!(overview["place"]["name"], "Huyện Tam Đường");
}

#[tokio::test]
async fn each_role_lands_on_what_it_needs_after_signing_in() {
    let t = TestApp::demo().await;
    let land = |user: &'static str| {
        let t = &t;
        async move {
            let password = ntm_app::demo::DEMO_PASSWORD;
            let res = t.post("/login", None, &[("username", user), ("password", password), ("next", "/")]).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{user}");
            (res.location().to_string(), res.new_session().unwrap())
        }
    };
    for user in ["quantri", "vanphong", "xem"] {
        assert_eq!(land(user).await.0, "/", "{user}: the overview");
    }
    // A commune officer: their commune's page, with the way to its entry form.
    let (to, s) = land("sonbinh").await;
    assert_eq!(to, "/units/03413");
    let page = t.get(&to, Some(&s)).await.body;
    assert!(page.contains("href=\"/entry/03413/2024?set=xa-ntm-2021-2025\""), "its entry form");
    // An agency officer: the overview opening on the criteria its agency answers for.
    let (to, s) = land("ktht").await;
    assert_eq!(to, "/#my-criteria");
    let page = t.get("/", Some(&s)).await.body;
    let mine = between(&page, "id=\"my-criteria\"", "</section>");
    for c in ["1", "2", "4", "7", "9"] {
        assert!(mine.contains(&format!("href=\"/criteria/xa-ntm-2021-2025/{c}?period=2024\"")), "criterion {c}");
    }
    assert!(!mine.contains("/criteria/xa-ntm-2021-2025/3?"), "not the criteria of another agency");
    // A page asked for before signing in wins over the landing.
    let res = t
        .post(
            "/login",
            None,
            &[("username", "sonbinh"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/matrix")],
        )
        .await;
    assert_eq!(res.location(), "/matrix");
}

#[tokio::test]
async fn the_demo_sign_in_page_lists_the_demo_accounts_and_their_password() {
    let t = TestApp::demo().await;
    let page = t.get("/login", None).await.body;
    let list = between(&page, "id=\"demo-accounts\"", "</section>");
    for (user, role) in [
        ("quantri", "Quản trị"),
        ("vanphong", "Văn phòng điều phối"),
        ("ktht", "Cơ quan chuyên môn"),
        ("sonbinh", "Cán bộ xã"),
        ("xem", "Chỉ xem"),
    ] {
        assert!(list.contains(&format!("<code>{user}</code>")), "{user}");
        assert!(list.contains(role), "{user} as {role}");
    }
    assert!(list.contains(ntm_app::demo::DEMO_PASSWORD), "the shared demo password");
    assert!(list.contains("Xã Sơn Bình"), "what the commune officer answers for");
}

// Point 2: a commune set judges communes.

#[tokio::test]
async fn the_commune_set_judges_the_twelve_communes_not_the_town() {
    let t = TestApp::demo().await;
    let overview = json(&t, "/api/v1/overview?period=2024").await;
    assert_eq!(overview["units"], 12, "12 communes, not 13 units");
    let page = t.get("/?period=2024", None).await.body;
    assert!(!page.contains("Thị trấn Tam Đường"), "the town is not in the matrix");
    let standard = between(&page, "id=\"standard\"", "</div></div>");
    assert!(standard.contains("/12"), "the denominator is the communes: {standard}");
    let report = json(&t, "/api/v1/evaluation?period=2024").await;
    let codes: Vec<&str> = report["units"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 12);
    assert!(!codes.contains(&"03390"));
    let matrix = json(&t, "/api/v1/matrix?period=2024").await;
    assert_eq!(matrix["matrix"]["total_rows"], 12);
    // The twelve communes target counts the same twelve.
    let xa = overview["targets"].as_array().unwrap().iter().find(|g| g["code"] == "2025-xa").unwrap().clone();
    assert_eq!(xa["total"], 12);
    // The town's page says why it is not judged.
    let town = t.get("/units/03390?period=2024", None).await.body;
    assert!(town.contains("Bộ tiêu chí này đánh giá xã; không áp dụng cho thị trấn."), "{town}");
    assert!(!town.contains("/19"), "no count of criteria for a unit the set does not judge");
    let en = t.get("/units/03390?period=2024&lang=en", None).await.body;
    assert!(en.contains("This set judges rural communes; it does not apply to a township."));
    assert_eq!(json(&t, "/api/v1/units/03390?period=2024").await["not_judged"], "thi-tran");
}

#[tokio::test]
async fn a_districts_page_rolls_up_its_communes() {
    let t = TestApp::demo().await;
    let overview = json(&t, "/api/v1/overview?period=2024").await;
    let district = json(&t, "/api/v1/units/106?period=2024").await;
    let rollup = &district["rollup"];
    assert_eq!(rollup["units"], 12);
    assert_eq!(rollup["standard_met"], overview["standard_met"]);
    assert_eq!(rollup["average_text"], overview["average_text"]);
    assert_eq!(rollup["criteria"], overview["criteria"], "per criterion, the same counts as the overview");
    let page = t.get("/units/106?period=2024", None).await.body;
    let standard = overview["standard_met"].as_u64().unwrap();
    assert!(page.contains(&format!("{standard}/12")), "standard met over its communes");
    assert!(page.contains("href=\"/criteria/xa-ntm-2021-2025/17?period=2024\""), "each criterion's count links on");
}

// Point 3: targets on their own terms.

#[tokio::test]
async fn targets_read_the_same_whatever_set_or_period_is_shown() {
    let t = TestApp::demo().await;
    let targets = |v: Value| v["targets"].clone();
    let default = targets(json(&t, "/api/v1/overview").await);
    assert_eq!(default.as_array().unwrap().len(), 7, "the directive's five, the average it implies, one illustrative");
    for q in ["?set=xa-ntm-2026-2030&period=2023", "?period=2023", "?period=2024Q2", "?set=huyen-ntm-2021-2025"] {
        assert_eq!(targets(json(&t, &format!("/api/v1/overview{q}")).await), default, "{q}");
    }
    let by = |code: &str| default.as_array().unwrap().iter().find(|g| g["code"] == code).unwrap().clone();
    // "Sơn Bình meets the standard by the end of 2024" is judged on 2024 under its own set, and
    // 2024 has ended: its state is final.
    let son_binh = by("2024-son-binh");
    assert_eq!(son_binh["basis"], "2024");
    assert_eq!(son_binh["closed"], true);
    // The villages target counts villages: what is still missing is villages, not communes.
    let villages = by("2024-ban");
    let remaining = villages["total"].as_u64().unwrap() - villages["done"].as_u64().unwrap();
    assert_eq!(villages["remaining"], remaining);
    assert_eq!(villages["counts"], "village");
    let page = t.get("/?set=xa-ntm-2026-2030&period=2023", None).await.body;
    assert!(page.contains(&format!("Còn thiếu {remaining} bản")), "{}", between(&page, "id=\"targets\"", "</section>"));
    // An average of criteria: judged on the latest data up to its year, with today's average
    // (the overview's own) and the communes furthest from it listed.
    let average = by("2025-binh-quan");
    assert_eq!(average["kind"], "average_criteria");
    let overview = json(&t, "/api/v1/overview?period=2024").await;
    let page = t.get("/?period=2024", None).await.body;
    let card = between(&page, "id=\"target-2025-binh-quan\"", "</div>\n");
    let now = overview["average_text"].as_str().unwrap();
    assert!(card.contains(&format!("Bình quân hiện nay: {now} tiêu chí/đơn vị; mục tiêu: 19.")), "{card}");
    assert!(card.contains("lượt tiêu chí để đạt bình quân"), "what is missing, in criteria: {card}");
    // One indicator in every commune: poverty ≤ 13 %, with how far each commune still is.
    let poverty = by("2025-ngheo");
    assert_eq!(poverty["kind"], "indicator");
    let card = between(&page, "id=\"target-2025-ngheo\"", "</div>\n");
    assert!(card.contains("Chỉ tiêu 11: không quá 13% ở từng đơn vị."), "with its unit: {card}");
    assert!(card.contains("(còn cách mục tiêu "), "each commune's distance: {card}");
    assert!(card.contains("minh họa"), "an illustrative target says so: {card}");
}

// Point 4: honest periods.

const NO_DATA_PAGES: [&str; 5] = [
    "/?period=2020",
    "/matrix?period=2020",
    "/units/03413?period=2020",
    "/units/106?period=2020",
    "/criteria/xa-ntm-2021-2025/17?period=2020",
];

#[tokio::test]
async fn a_period_without_data_says_so_and_never_shows_zero_of_nineteen() {
    let t = TestApp::demo().await;
    for path in NO_DATA_PAGES.iter().copied().chain(["/?set=xa-ntm-2026-2030", "/matrix?set=xa-ntm-2026-2030"]) {
        let res = t.get(path, None).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        for n in [19, 12, 13, 10] {
            assert!(!shows_zero_of(&res.body, n), "{path} shows 0/{n}");
        }
        assert!(res.body.contains("class=\"no-data\""), "{path} says there are no data");
        assert!(res.body.contains("Không có số liệu cho"), "{path}");
    }
    let en = t.get("/?period=2020&lang=en", None).await.body;
    assert!(en.contains("No data for 2020."));
    let overview = json(&t, "/api/v1/overview?period=2020").await;
    assert_eq!(overview["has_data"], false);
    assert_eq!(json(&t, "/api/v1/overview?period=2024").await["has_data"], true);
}

#[tokio::test]
async fn the_period_picker_offers_the_periods_with_data_and_marks_the_others() {
    let t = TestApp::demo().await;
    let page = t.get("/?period=2020", None).await.body;
    let picker = between(&page, "<select id=\"period\"", "</select>");
    assert!(picker.contains("<option value=\"2020\" selected>năm 2020 (không có số liệu)</option>"), "{picker}");
    assert!(picker.contains("<option value=\"2024\">năm 2024</option>"));
    assert!(picker.contains("<option value=\"2024Q3\">quý 3/2024</option>"), "quarters read as quarters");
    assert!(picker.find("value=\"2021\"") < picker.find("value=\"2024Q3\""), "years, then quarters");
    let en = t.get("/?period=2020&lang=en", None).await.body;
    assert!(between(&en, "<select id=\"period\"", "</select>").contains(">2020 (no data)</option>"));
}

#[tokio::test]
async fn a_trend_is_of_years_or_of_quarters_never_both() {
    let t = TestApp::demo().await;
    let periods = |v: &Value, key: &str| -> Vec<String> {
        v[key].as_array().unwrap().iter().map(|p| p["period"].as_str().unwrap().to_string()).collect()
    };
    let yearly = periods(&json(&t, "/api/v1/overview?period=2024").await, "trend");
    assert_eq!(yearly, ["2021", "2022", "2023", "2024"]);
    let quarterly = periods(&json(&t, "/api/v1/overview?period=2024Q3").await, "trend");
    assert_eq!(quarterly, ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"]);
    let unit = periods(&json(&t, "/api/v1/units/03413?period=2024Q2").await, "history");
    assert!(unit.iter().all(|p| p.contains('Q')), "{unit:?}");
    // No point for a period without data.
    assert_eq!(periods(&json(&t, "/api/v1/overview?period=2020").await, "trend"), yearly);
    // Quarters read as quarters on the chart too.
    let page = t.get("/?period=2024Q3", None).await.body;
    let chart = between(&page, "id=\"trend\"", "</svg>");
    // (Labels thin out where they would overlap: every other quarter here.)
    assert!(chart.contains(">quý 4/2024<") && !chart.contains(">2024Q"), "{chart}");
}

#[tokio::test]
async fn every_link_of_the_evaluation_pages_keeps_the_period() {
    let t = TestApp::demo().await;
    for page in [
        "/?period=2023",
        "/matrix?period=2023",
        "/units/03413?period=2023",
        "/units/106?period=2023",
        "/units/03390?period=2023",
        "/criteria/xa-ntm-2021-2025/17?period=2023",
    ] {
        let html = t.get(page, None).await.body;
        for href in links(&html) {
            let path = href.split(['?', '#']).next().unwrap_or("");
            let evaluation =
                path == "/" || path == "/matrix" || path.starts_with("/units/") || path.starts_with("/criteria/");
            if evaluation && !href.starts_with("/#") {
                assert!(href.contains("period=2023"), "{page}: {href}");
            }
        }
    }
}

#[tokio::test]
async fn a_page_says_when_most_values_are_missing() {
    let t = TestApp::demo().await;
    // One value for one commune in a year otherwise empty.
    let office = t.login("vanphong").await;
    let fields = t.entry_fields("/entry/03413/2020", &office, &[("v:3.2", "true")]).await;
    let res = t.post_owned("/entry/03413/2020", &office, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for path in
        ["/?period=2020", "/matrix?period=2020", "/units/03413?period=2020", "/criteria/xa-ntm-2021-2025/3?period=2020"]
    {
        let html = t.get(path, None).await.body;
        assert!(!html.contains("class=\"no-data\""), "{path}: 2020 has a value now");
        let notice = between(&html, "class=\"mostly-missing\"", "</p>");
        assert!(notice.contains("chưa có số liệu"), "{path}: {notice}");
    }
    let full = t.get("/?period=2024", None).await.body;
    assert!(!full.contains("class=\"mostly-missing\""), "2024 is nearly complete");
}

#[tokio::test]
async fn before_its_year_ends_a_target_stands_on_the_latest_data_and_decisions_and_says_which() {
    let today = ntm_domain::Date::parse("2024-10-01").unwrap();
    let config = ntm_app::Config { demo: true, fast_hashing: true, today: Some(today), ..ntm_app::Config::default() };
    let t = TestApp::with(config).await;
    let overview = json(&t, "/api/v1/overview").await;
    let by = |code: &str| overview["targets"].as_array().unwrap().iter().find(|g| g["code"] == code).unwrap().clone();
    // The villages were recognised on 25/11/2024: on 1/10/2024 none is yet.
    let villages = by("2024-ban");
    assert_eq!((villages["done"].as_u64(), villages["closed"].as_bool()), (Some(0), Some(false)));
    assert_eq!(villages["state"], "in_progress");
    assert_eq!(villages["as_of"], "01/10/2024");
    // Sơn Bình's standard, on the latest data up to then: the year 2024 already holds values.
    let son_binh = by("2024-son-binh");
    assert_eq!((son_binh["basis"].as_str(), son_binh["state"].as_str()), (Some("2024"), Some("reached")));
    // The 2025 targets: the latest data up to then are 2024's, and it says so.
    let communes = by("2025-xa");
    assert_eq!((communes["basis"].as_str(), communes["closed"].as_bool()), (Some("2024"), Some(false)));
    let page = t.get("/", None).await.body;
    let card = between(&page, "id=\"target-2025-xa\"", "</div>");
    assert!(card.contains("Theo số liệu mới nhất: năm 2024."), "{card}");
    let card = between(&page, "id=\"target-2024-ban\"", "</div>");
    assert!(card.contains("Theo các quyết định công nhận còn hiệu lực ngày 01/10/2024."), "{card}");
}

#[tokio::test]
async fn after_its_year_without_its_years_data_a_target_stands_on_the_latest_data_up_to_its_deadline() {
    let today = ntm_domain::Date::parse("2026-03-01").unwrap();
    let config = ntm_app::Config { demo: true, fast_hashing: true, today: Some(today), ..ntm_app::Config::default() };
    let t = TestApp::with(config).await;
    let overview = json(&t, "/api/v1/overview").await;
    let by = |code: &str| overview["targets"].as_array().unwrap().iter().find(|g| g["code"] == code).unwrap().clone();
    // 2025 has ended, and the demo holds no 2025 data: the figure is 2024's, not "no data", and
    // it is not final.
    let communes = by("2025-xa");
    assert_eq!(communes["basis"], "2024");
    assert_eq!((communes["closed"].as_bool(), communes["awaiting_data"].as_bool()), (Some(false), Some(true)));
    assert_eq!(communes["state"], "awaiting_data");
    assert!(communes["done"].as_u64().unwrap() > 0, "{communes}");
    let page = t.get("/", None).await.body;
    let card = between(&page, "id=\"target-2025-xa\"", "</div>");
    assert!(card.contains("Năm 2025 chưa có số liệu; theo số liệu mới nhất đến hạn: năm 2024."), "{card}");
    assert!(!card.contains("Không có số liệu"), "{card}");
    // A 2024 target on its own year's data stays final.
    assert_eq!(by("2024-son-binh")["closed"], true);
}
