//! The roadmap and the early warnings on pages: the overview's section (counts by kind, a capped
//! list, a link to the full list), `/warnings` and its JSON twin in the shape of `ntm warnings`,
//! a unit's roadmap with planned against actual, its rows saved and deleted by those who answer
//! for them (a commune its own, not another's; an agency its criteria; a viewer nothing), each
//! change in the plan's history, and the export read back by the importer.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn the_overview_warns_early_and_links_to_the_full_list_and_its_json_twin() {
    let t = TestApp::demo().await;
    let page = t.get("/?period=2024", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<section id=\"warnings\">"), "the overview has its warnings section");
    assert!(page.body.contains("Cảnh báo sớm") && page.body.contains("khó hoàn thành"), "counts by kind, in words");
    let api = t.get("/api/v1/warnings?period=2024", None).await;
    assert_eq!(api.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v.as_object().unwrap().keys().collect::<Vec<_>>(), ["period", "set", "warnings"]);
    assert_eq!((v["set"].as_str(), v["period"].as_str()), (Some("xa-ntm-2021-2025"), Some("2024")));
    let list = v["warnings"].as_array().unwrap();
    assert!(list.len() > crate::roadmap_cap(), "the demo has more warnings than the overview lists");
    for w in list {
        for key in ["kind", "unit", "criterion", "indicator", "planned_year", "projected_year", "reason"] {
            assert!(w.get(key).is_some(), "{key} in {w}");
        }
    }
    // Capped: a link to the full list, which lists them all.
    assert!(page.body.contains("/warnings?set=xa-ntm-2021-2025&amp;period=2024"), "xem tất cả");
    let full = t.get("/warnings?period=2024", None).await;
    assert_eq!(full.status, StatusCode::OK);
    let items = |html: &str| html.matches("<li class=\"warning ").count();
    assert_eq!(items(&full.body), list.len(), "the full list, every warning");
    assert_eq!(items(&page.body), crate::roadmap_cap(), "the overview, the first few");
    // The few it lists are the most urgent: every plan missed and every recognised unit
    // backsliding comes before any trend off pace.
    let urgent: Vec<&serde_json::Value> =
        list.iter().filter(|w| w["kind"] == "planned_not_met" || w["kind"] == "backsliding").collect();
    assert!(!urgent.is_empty() && urgent.len() < crate::roadmap_cap(), "the demo has a few urgent ones");
    for w in &urgent {
        assert!(page.body.contains(w["reason"].as_str().unwrap()), "an urgent warning on the overview: {w}");
    }
    assert!(page.body.contains("<li class=\"warning planned_not_met\">"), "Hồ Thầu's road, planned for 2024");
    for w in list.iter().take(3) {
        let reason = w["reason"].as_str().unwrap();
        assert!(full.body.contains(reason), "the same reason on the page: {reason}");
    }
}

#[tokio::test]
async fn plan_rows_are_saved_by_those_who_answer_for_them_and_kept_in_the_history() {
    let t = TestApp::demo().await;
    let post = |path: &'static str, who: &'static str, fields: fn(&str) -> Vec<(String, String)>| {
        let t = &t;
        async move {
            let s = t.login(who).await;
            t.post_owned(path, &s, &fields(&s.csrf)).await.status
        }
    };
    fn khun_ha_2(csrf: &str) -> Vec<(String, String)> {
        [
            ("csrf", csrf),
            ("criterion", "2"),
            ("planned_year", "2025"),
            ("contents", "Làm đường (minh họa)"),
            ("estimate", "250000000"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
    fn son_binh_3(csrf: &str) -> Vec<(String, String)> {
        [("csrf", csrf), ("criterion", "3"), ("planned_year", "2025"), ("contents", "Kênh mương (minh họa)")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
    // A commune: its own, not another's.
    assert_eq!(post("/roadmap/03413/save", "sonbinh", son_binh_3).await, StatusCode::SEE_OTHER);
    assert_eq!(post("/roadmap/03430/save", "sonbinh", khun_ha_2).await, StatusCode::FORBIDDEN);
    // An agency: its criteria (ktht answers for 2, not 3).
    assert_eq!(post("/roadmap/03430/save", "ktht", khun_ha_2).await, StatusCode::SEE_OTHER);
    assert_eq!(post("/roadmap/03413/save", "ktht", son_binh_3).await, StatusCode::FORBIDDEN);
    // A viewer: nothing.
    assert_eq!(post("/roadmap/03413/save", "xem", son_binh_3).await, StatusCode::FORBIDDEN);
    // No CSRF token: refused.
    let s = t.login("vanphong").await;
    let no_token = t.post("/roadmap/03413/save", Some(&s), &[("criterion", "3"), ("planned_year", "2025")]).await;
    assert_eq!(no_token.status, StatusCode::BAD_REQUEST, "a form without the session's token");
    let anonymous = t.post("/roadmap/03413/save", None, &[("criterion", "3"), ("planned_year", "2025")]).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "sign in first");
    assert!(anonymous.location().starts_with("/login"));
    // Bad input: told where, nothing saved.
    let bad = t
        .post("/roadmap/03413/save", Some(&s), &[("csrf", &s.csrf), ("criterion", "3"), ("planned_year", "1990")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("planned_year"), "the field is named");

    // The unit's page: the row with planned and actual, the change in the history.
    let page = t.get("/roadmap/03413?period=2024", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"plan-3\""), "the saved row");
    assert!(page.body.contains("lưu kế hoạch lộ trình"), "the change in the plan's history");
    assert!(page.body.contains("✓") || page.body.contains("✗"), "actual beside planned");
    let api = t.get("/api/v1/roadmap/03413?period=2024", None).await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let row3 = v["rows"].as_array().unwrap().iter().find(|r| r["criterion"] == "3").unwrap().clone();
    assert_eq!(row3["planned_year"], 2025);

    // Delete: not another commune, not under another unit's address; the commune its own.
    let id = row3["id"].as_i64().unwrap().to_string();
    let sb = t.login("sonbinh").await;
    let kh = t.login("vanphong").await;
    let wrong = t.post("/roadmap/03430/delete", Some(&kh), &[("csrf", &kh.csrf), ("id", &id)]).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND, "not a row of that unit");
    let own = t.post("/roadmap/03413/delete", Some(&sb), &[("csrf", &sb.csrf), ("id", &id)]).await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "the commune's own row");
    let api = t.get("/api/v1/roadmap/03413?period=2024", None).await;
    assert!(!api.body.contains("\"criterion\":\"3\""), "deleted");

    // The export is the plans CSV, read back by the importer.
    let csv = t.get("/roadmap.csv", None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("unit_code,criterion,planned_year,level,responsible,contents,estimate"));
    let n = t.app.import_plans(None, "xa-ntm-2021-2025", "roadmap.csv", &csv.body).await.unwrap();
    assert_eq!(n, csv.body.lines().count() - 1);
}

#[tokio::test]
async fn the_roadmap_of_a_year_shows_every_commune_by_criterion_planned_against_actual() {
    let t = TestApp::demo().await;
    let api = t.get("/api/v1/roadmap?set=xa-ntm-2021-2025&year=2024", None).await;
    assert_eq!(api.status, StatusCode::OK);
    let g: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(g["year"], 2024);
    // One row per commune the set judges: the matrix's rows of the same year.
    let matrix: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/matrix?period=2024", None).await.body).unwrap();
    let rows = g["rows"].as_array().unwrap();
    assert_eq!(rows.len() as u64, matrix["matrix"]["total_rows"].as_u64().unwrap(), "a row per commune");
    let criteria = g["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 19, "a column per criterion");
    // Sơn Bình (03413): criterion 10 and the whole standard planned for 2024, with the verdict of 2024.
    let son_binh = rows.iter().find(|r| r["unit"]["code"] == "03413").unwrap();
    let ten = criteria.iter().position(|c| c[0] == "10").unwrap();
    let cell = &son_binh["cells"][ten];
    assert_eq!((cell["planned_year"].as_i64(), cell["this_year"].as_bool()), (Some(2024), Some(true)));
    assert!(["met", "not_met", "missing"].contains(&cell["actual"].as_str().unwrap()), "{cell}");
    assert_eq!(son_binh["standard"]["planned_year"].as_i64(), Some(2024));
    let page = t.get("/roadmap?year=2024", None).await;
    assert_eq!(page.status, StatusCode::OK);
    // The row links to the unit's roadmap; each cell says the planned year (in bold when it is
    // the year shown) and the verdict by a sign beside its colour; the legend says once what the
    // signs mean — no words repeated in every cell.
    let head = "<th scope=\"row\"><a href=\"/roadmap/03413?set=xa-ntm-2021-2025&amp;period=2024\">";
    let at = page.body.find(head).expect("Sơn Bình's row links to its roadmap");
    let row = &page.body[at..at + page.body[at..].find("</tr>").unwrap()];
    let cells: Vec<&str> = row.split("<td").skip(1).collect();
    assert_eq!(cells.len(), 20, "{row}");
    let cell_html = cells[ten];
    assert!(cell_html.contains("<b>2024</b>"), "{cell_html}");
    let mark = match cell["actual"].as_str().unwrap() {
        "met" => "✓",
        "not_met" => "✗",
        _ => "?",
    };
    assert!(cell_html.contains(&format!(" class=\"{}\"", cell["actual"].as_str().unwrap())), "{cell_html}");
    assert!(cell_html.contains(mark), "{cell_html}");
    let tbody = page.body.split("<tbody>").nth(1).unwrap();
    assert!(!tbody.contains("title="), "no worded title per cell");
    assert_eq!(page.body.matches("✓ đạt, ✗ chưa đạt, ? thiếu số liệu").count(), 1, "the legend, once");
    assert!(
        page.body.contains("<th scope=\"col\" class=\"c\">Toàn bộ tiêu chí (đạt chuẩn)</th>"),
        "the standard column"
    );
    // The overview links to it.
    let overview = t.get("/?period=2024", None).await;
    assert!(overview.body.contains("/roadmap?set=xa-ntm-2021-2025&amp;year=2024"), "linked from the overview");
    // Another year: the plans are the same, bold only where planned for that year.
    let y2023: serde_json::Value = serde_json::from_str(&t.get("/api/v1/roadmap?year=2023", None).await.body).unwrap();
    let sb = y2023["rows"].as_array().unwrap().iter().find(|r| r["unit"]["code"] == "03413").unwrap();
    assert_eq!(
        (sb["cells"][ten]["planned_year"].as_i64(), sb["cells"][ten]["this_year"].as_bool()),
        (Some(2024), Some(false))
    );
}

#[tokio::test]
async fn the_evaluation_unit_page_lists_the_units_warnings_with_why_in_figures() {
    let t = TestApp::demo().await;
    let api: serde_json::Value = serde_json::from_str(&t.get("/api/v1/warnings?period=2024", None).await.body).unwrap();
    let list = api["warnings"].as_array().unwrap();
    let code = list[0]["unit"].as_str().unwrap();
    let of_unit: Vec<&serde_json::Value> = list.iter().filter(|w| w["unit"] == code).collect();
    let page = t.get(&format!("/units/{code}?period=2024"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<section id=\"warnings\">"), "the unit page has its warnings");
    assert_eq!(page.body.matches("<li class=\"warning ").count(), of_unit.len(), "every warning of the unit, only its");
    for w in of_unit {
        assert!(page.body.contains(w["reason"].as_str().unwrap()), "why, with the figures: {w}");
    }
}

#[tokio::test]
async fn an_indicator_off_pace_is_drawn_on_the_units_page_with_its_trend_dashed_to_the_year_it_looks_at() {
    let t = TestApp::demo().await;
    // Hồ Thầu's road 2.1: 91.19 % in 2024 against ≥ 100 %, rising 5.75 a year: reached in 2026.
    let page = t.get("/units/03406?period=2024", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let figures: Vec<&str> = page.body.split("<figure class=\"projection\">").skip(1).collect();
    assert!(!figures.is_empty() && figures.len() <= 2, "at most two projections: {}", figures.len());
    let road = figures[0];
    assert!(road.contains("Chỉ tiêu 2.1"), "the first indicator off pace, in the set's order");
    // The values solid, the trend dashed (class s2) from 2024 to 2026, the threshold thin (s3).
    assert!(road.contains("<polyline class=\"s1\""), "the annual values");
    assert!(road.contains("<polyline class=\"s2\""), "the trend, dashed by the style sheet");
    assert!(road.contains("<polyline class=\"s3\""), "each year's threshold");
    for year in ["2021", "2024", "2026"] {
        assert!(road.contains(&format!(">{year}</text>")), "the years run to the year the trend reaches 100 %: {year}");
    }
    assert!(!road.contains(">2027</text>"), "not past the year it is reached");
    // The trend's value in 2026 is written: 91.19 + 2 × 5.75 ≈ 102.7.
    assert!(road.contains(">102,7</text>"), "the projected value in 2026");
    let css = t.get("/static/app.css", None).await.body;
    assert!(css.contains("polyline.s2") && css.contains("stroke-dasharray"), "s2 is drawn dashed");
    assert!(page.body.contains("bình phương tối thiểu"), "the page says how the line is drawn");
    // A unit without a warning off pace draws none.
    let quiet = t.get("/units/03412?period=2024", None).await;
    assert!(!quiet.body.contains("<figure class=\"projection\">"));
}

#[tokio::test]
async fn a_communes_roadmap_shows_planned_against_actual_for_each_criterion_and_year() {
    let t = TestApp::demo().await;
    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/roadmap/03406?period=2024", None).await.body).unwrap();
    let years: Vec<i64> = api["years"].as_array().unwrap().iter().map(|y| y.as_i64().unwrap()).collect();
    assert_eq!(years, [2021, 2022, 2023, 2024, 2025], "the years with data and the years planned");
    let grid = api["grid"].as_array().unwrap();
    assert_eq!(grid.len(), 20, "19 criteria and the whole standard");
    let row = |id: &str| grid.iter().find(|r| r["id"] == id).unwrap()["cells"].as_array().unwrap().clone();
    // Hồ Thầu plans criterion 2 for 2024 and misses it; 10, 11, 17 and the standard for 2025.
    let roads = row("2");
    let y2024 = &roads[3];
    assert_eq!(
        (y2024["planned_year"].as_i64(), y2024["this_year"].as_bool(), y2024["actual"].as_str()),
        (Some(2024), Some(true), Some("not_met"))
    );
    assert!(roads.iter().filter(|c| c["this_year"] == true).count() == 1, "the plan marked in its own year only");
    assert_eq!(roads[4]["actual"], "", "2025 has no data: not evaluated, not 'missing'");
    assert_eq!(row("all")[4]["this_year"], true, "the standard planned for 2025");
    // Each year's verdict is that year's evaluation of the commune.
    for (i, year) in years.iter().enumerate().take(4) {
        let unit: serde_json::Value =
            serde_json::from_str(&t.get(&format!("/api/v1/units/03406?period={year}"), None).await.body).unwrap();
        let c2 = unit["criteria"].as_array().unwrap().iter().find(|c| c["id"] == "2").unwrap();
        assert_eq!(roads[i]["actual"], c2["status"], "criterion 2 in {year}");
    }
    let page = t.get("/roadmap/03406?period=2024", None).await.body;
    assert!(page.contains("<table class=\"matrix roadmap-years\">"));
    assert!(
        page.contains(
            "<td class=\"not_met planned\" title=\"2. Giao thông: dự kiến đạt năm 2024 · Chưa đạt\"><b>KH</b> ✗</td>"
        ),
        "{page}"
    );
    let en = t.get("/roadmap/03406?period=2024&lang=en", None).await.body;
    assert!(en.contains("Planned and actual by year") && en.contains("<b>P</b> ✗"));
}

#[tokio::test]
async fn the_office_imports_the_roadmap_on_the_page_all_or_nothing_and_the_grid_follows() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let before = t.get("/api/v1/roadmap?year=2024", None).await.body;
    let page = t.get("/roadmap", Some(&office)).await.body;
    assert!(page.contains("action=\"/roadmap/import\""), "the office sees the import form");
    assert!(!t.get("/roadmap", Some(&t.login("sonbinh").await)).await.body.contains("action=\"/roadmap/import\""));
    // A criterion the set does not have, on line 3: refused with file, line and field, nothing written.
    let bad = "unit_code,criterion,planned_year\n03413,10,2024\n03413,99,2024\n";
    let res = t.post("/roadmap/import", Some(&office), &[("csrf", &office.csrf), ("csv", bad)]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("plans.csv, dòng 3, trường criterion"), "{}", res.body);
    assert!(res.body.contains("03413,99,2024"), "what was pasted is kept to correct");
    assert_eq!(t.get("/api/v1/roadmap?year=2024", None).await.body, before, "nothing changed");
    // A good file replaces the set's roadmap.
    let good = "unit_code,criterion,planned_year,responsible\n03394,5,2024,gddt\n03394,all,2025,\n";
    let res = t.post("/roadmap/import", Some(&office), &[("csrf", &office.csrf), ("csv", good)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/roadmap?set=xa-ntm-2021-2025&done=2");
    let page = t.get(res.location(), Some(&office)).await.body;
    assert!(page.contains("Đã nạp 2 dòng kế hoạch."));
    let after: serde_json::Value = serde_json::from_str(&t.get("/api/v1/roadmap?year=2024", None).await.body).unwrap();
    let thensin = after["rows"].as_array().unwrap().iter().find(|r| r["unit"]["code"] == "03394").unwrap();
    assert_eq!(thensin["cells"][4]["planned_year"], 2024, "Thèn Sin's criterion 5, as imported");
    assert_eq!(thensin["standard"]["planned_year"], 2025);
    let sonbinh = after["rows"].as_array().unwrap().iter().find(|r| r["unit"]["code"] == "03413").unwrap();
    assert!(sonbinh["cells"][9]["planned_year"].is_null(), "the old rows are replaced");
    let audit = t.get("/api/v1/audit", Some(&office)).await.body;
    assert!(audit.contains("plan.import"), "{audit}");
}

#[tokio::test]
async fn the_roadmap_of_a_year_pages_by_units_and_refuses_a_bad_page_saying_which() {
    let t = TestApp::demo().await;
    let g: serde_json::Value = serde_json::from_str(&t.get("/api/v1/roadmap?year=2024", None).await.body).unwrap();
    assert_eq!((g["page"].as_u64(), g["pages"].as_u64()), (Some(1), Some(1)), "Tam Đường's 13 communes: one page");
    assert_eq!(g["total"].as_u64(), Some(g["rows"].as_array().unwrap().len() as u64));
    let page = t.get("/roadmap?year=2024", None).await;
    assert!(page.body.len() < 30 * 1024, "the demo's roadmap of a year weighs {} bytes", page.body.len());
    for lang in ["", "&lang=en"] {
        let res = t.get(&format!("/roadmap?year=2024&page=abc{lang}"), None).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert!(res.body.contains("“page”") && res.body.contains("“abc”"), "{}", res.body);
        let words = if lang.is_empty() { "Tham số" } else { "parameter" };
        assert!(res.body.contains(words), "{}", res.body);
    }
    let api = t.get("/api/v1/roadmap?year=2024&page=0", None).await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    let body: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(body["problems"][0]["field"], "page");
}
