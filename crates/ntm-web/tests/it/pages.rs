//! The pages themselves: both languages, the demo banner, weight and requests, snapshots.

use axum::http::StatusCode;

use crate::harness::TestApp;

const MAIN_PAGES: [&str; 15] = [
    "/",
    "/matrix",
    "/units/03413",
    "/units/106",
    "/criteria/xa-ntm-2021-2025/17",
    // The heaviest page of the issue that said so: every commune fails it in a quarter.
    "/criteria/xa-ntm-2021-2025/17?period=2024Q3",
    "/sets",
    "/sets/xa-ntm-2021-2025",
    "/sets/xa-ntm-2021-2025/sources",
    // The roadmap area: the full list of warnings (the heaviest of its pages), a unit's roadmap.
    "/warnings?period=2024",
    "/roadmap/03413?period=2024",
    "/roadmap?year=2024",
    "/roadmap/03430?period=2024",
    // Reasons and solutions: the office's list (the form, signed in, below).
    "/reasons?period=2024",
    // The heaviest unit page: thirteen warnings and two projection charts.
    "/units/03430?period=2024",
];

#[tokio::test]
async fn every_page_is_light_self_contained_and_says_the_data_are_illustrative() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let mut pages: Vec<(String, String)> = Vec::new();
    for p in MAIN_PAGES {
        let en = if p.contains('?') { "&lang=en" } else { "?lang=en" };
        for lang in ["", en] {
            let path = format!("{p}{lang}");
            pages.push((path.clone(), t.get(&path, None).await.body));
        }
    }
    // The entry form, whole and per criterion (criterion 17 is the largest, in a quarter too).
    for path in [
        "/entry/03413/2024",
        "/entry/03413/2024?lang=en",
        "/entry/03413/2024/17",
        "/entry/03413/2024Q3/17",
        "/reasons/03413/17?period=2024",
    ] {
        let res = t.get(path, Some(&s)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        pages.push((path.into(), res.body));
    }
    pages.push(("/login".into(), t.get("/login", None).await.body));
    let admin = t.login("quantri").await;
    pages.push(("/users".into(), t.get("/users", Some(&admin)).await.body));
    pages.push(("/users?lang=en".into(), t.get("/users?lang=en", Some(&admin)).await.body));
    for path in ["/audit", "/audit?lang=en", "/audit?who=-&area=thresholds"] {
        pages.push((path.into(), t.get(path, Some(&admin)).await.body));
    }
    // The accountability board (issue 9 point 4): the agency with the most criteria, in both languages.
    for path in ["/board", "/board/agencies/ktht", "/board/agencies/ktht?lang=en", "/board/members/pct-huyen?lang=en"] {
        pages.push((path.into(), t.get(path, Some(&admin)).await.body));
    }
    // The Excel upload page (issue 10 point 5): the office's lists every commune and agency.
    for path in ["/upload", "/upload?lang=en&refused=too_large"] {
        pages.push((path.into(), t.get(path, Some(&admin)).await.body));
    }
    // Issue 10 (reporting): the rounds, a round's table, the records, a report, the inboxes.
    let office = t.login("vanphong").await;
    for path in [
        "/reporting",
        "/reporting?lang=en",
        "/reporting/3",
        "/reporting/records",
        "/reporting/records?lang=en",
        "/reporting/3/03413",
        "/reporting/3/ktht?lang=en",
        "/inbox",
        "/reporting/3/summary",
        "/reporting/5/summary?lang=en",
    ] {
        let res = t.get(path, Some(&office)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        pages.push((path.into(), res.body));
    }
    pages.push(("/inbox (sonbinh)".into(), t.get("/inbox", Some(&s)).await.body));
    for (path, html) in &pages {
        assert!(html.len() <= 50 * 1024, "{path} weighs {} bytes", html.len());
        // Three requests at most: the page, its stylesheet, nothing else.
        assert_eq!(html.matches("<link rel=\"stylesheet\"").count(), 1, "{path}");
        assert!(!html.contains("<script"), "{path} works without JavaScript because it has none");
        assert!(!html.contains("<img"), "{path}");
        assert!(html.contains("<link rel=\"icon\" href=\"data:,\">"), "{path}: no favicon request");
        assert!(html.contains("@media") || html.contains("/static/app.css"), "{path}");
        let banner = if path.contains("lang=en") { "Illustrative data" } else { "Dữ liệu minh họa" };
        assert!(html.contains(banner), "{path} says the data are illustrative");
    }
    let css = t.get("/static/app.css", None).await.body;
    assert!(css.contains("@media print") && css.contains("@media (max-width"), "print and phone styles");
}

#[tokio::test]
async fn the_language_switch_returns_to_the_page_and_is_remembered() {
    let t = TestApp::demo().await;
    let vi = t.get("/", None).await.body;
    assert!(vi.contains("<html lang=\"vi\">") && vi.contains("Tổng quan"));
    let res = t.get("/lang/en?next=/matrix%3Fperiod%3D2023", None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/matrix?period=2023");
    let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let en = t
        .send(
            axum::http::Request::get("/units/03413").header("cookie", &cookie).body(axum::body::Body::empty()).unwrap(),
        )
        .await
        .body;
    assert!(en.contains("<html lang=\"en\">"));
    for english in
        ["Overview", "Criteria matrix", "criteria met", "Indicator", "Threshold", "Explanation", "Illustrative data"]
    {
        assert!(en.contains(english), "missing English: {english}");
    }
    for vietnamese in ["Tổng quan", "Chỉ tiêu", "Ngưỡng", "Kết luận", "Giải thích", "chưa đạt"] {
        assert!(!en.contains(&format!(">{vietnamese}<")), "Vietnamese left in the English page: {vietnamese}");
    }
}

/// Compares with `tests/golden/NAME` (`UPDATE_GOLDEN=1` rewrites it).
fn golden(name: &str, actual: &str) {
    ntm_io::test_support::golden(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden"), name, actual);
}

#[tokio::test]
async fn snapshots_of_the_main_pages() {
    // A fixed day: what the targets stand on and the day printed move with the calendar.
    let today = ntm_domain::Date::parse("2026-03-01").ok();
    let t =
        TestApp::with(ntm_app::Config { demo: true, fast_hashing: true, today, ..ntm_app::Config::default() }).await;
    for (name, path) in [
        ("overview.html", "/?period=2024"),
        ("matrix.html", "/matrix?period=2024&sort=met"),
        ("unit-03394.html", "/units/03394?period=2024"),
        ("criterion-10.html", "/criteria/xa-ntm-2021-2025/10?period=2024"),
        ("overview-en.html", "/?period=2023&lang=en"),
    ] {
        let res = t.get(path, None).await;
        assert_eq!(res.status, StatusCode::OK);
        golden(name, &res.body);
    }
}

#[tokio::test]
async fn a_code_reused_by_the_2025_merger_links_each_unit_distinctly() {
    let path = std::env::temp_dir().join(format!("ntm-web-merger-{}.db", std::process::id()));
    let db = ntm_store::Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let units = "code,name,level,parent_code,region,group,valid_from,valid_to\n\
                 12,Tỉnh Lai Châu,province,,tdmnpb,,,\n\
                 03390,Xã Cũ (minh họa),commune,12,,,,2025-06-30\n\
                 03390,Xã Bình Lư,commune,12,,,2025-07-01,\n";
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_text("units.csv", units).unwrap()]).unwrap().tree;
    db.import_units(&tree, None, "units.csv").await.unwrap();
    // A value of 2025 for each, so that the period has data and the matrix is shown.
    let (units, _) = db.units().await.unwrap();
    let values: Vec<_> = units
        .iter()
        .filter(|u| u.code == "03390")
        .map(|u| (u.id, "3.2".to_string(), "2025".to_string(), ntm_domain::Value::Bool(true)))
        .collect();
    db.import_values("xa-ntm-2021-2025", &values, None, "values.csv").await.unwrap();
    let app =
        ntm_app::App::open(db, ntm_app::Config { fast_hashing: true, ..ntm_app::Config::default() }).await.unwrap();
    let t = crate::harness::TestApp::on_file(app, path.clone());
    let matrix = t.get("/matrix?period=2025", None).await.body;
    assert!(matrix.contains("/units/03390?period=2025&amp;at=2025-06-30\">Xã Cũ (minh họa)"), "the old unit");
    assert!(matrix.contains("/units/03390?period=2025&amp;at=2025-07-01\">Xã Bình Lư"), "the new unit");
    let old = t.get("/units/03390?period=2025&at=2025-06-30", None).await.body;
    assert!(old.contains("<h1>Xã Cũ (minh họa)"));
    let new = t.get("/units/03390?period=2025&at=2025-07-01", None).await.body;
    assert!(new.contains("<h1>Xã Bình Lư"));
    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/evaluation?period=2025", None).await.body).unwrap();
    let dates: Vec<(&str, &str)> = api["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["valid_from"].as_str().unwrap_or(""), u["valid_to"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(dates, vec![("", "2025-06-30"), ("2025-07-01", "")], "the JSON tells the two apart");
}

#[tokio::test]
async fn the_matrix_downloads_as_an_excel_workbook_that_agrees_with_the_api() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let t = TestApp::demo().await;
    let matrix = t.get("/matrix?period=2024", None).await.body;
    let href = "/export/evaluation.xlsx?set=xa-ntm-2021-2025&amp;period=2024";
    assert!(matrix.contains(&format!("<a href=\"{href}\" download>Tải về Excel")), "the matrix links to it");
    let res = t.get(&href.replace("&amp;", "&"), None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(res.headers["content-disposition"], "attachment; filename=\"ntm-xa-ntm-2021-2025-2024.xlsx\"");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(res.bytes)).unwrap();
    let sheet = book.worksheet_range("Tổng hợp").unwrap();
    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    assert!(text(2, 0).starts_with("DỮ LIỆU MINH HỌA"), "the demo says it is illustrative");
    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/evaluation?set=xa-ntm-2021-2025&period=2024", None).await.body).unwrap();
    let units = api["units"].as_array().unwrap();
    assert_eq!(units.len(), 12, "every commune of Tam Đường (the town is not judged by a xã set)");
    let header = (0..20).find(|&r| matches!(sheet.get_value((r, 1)), Some(Data::String(s)) if s == "Mã")).unwrap();
    for (i, u) in units.iter().enumerate() {
        let row = header + 1 + i as u32;
        assert_eq!(text(row, 1), u["code"].as_str().unwrap());
        assert_eq!(sheet.get_value((row, 3)), Some(&Data::Float(u["criteria_met"].as_f64().unwrap())), "{}", u["code"]);
        let standard = if u["standard_met"].as_bool().unwrap() { "Đạt" } else { "Chưa đạt" };
        assert_eq!(text(row, 5), standard);
    }
    // Already zipped: not compressed again for a browser that accepts gzip.
    let req = axum::http::Request::get(href.replace("&amp;", "&"))
        .header("accept-encoding", "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = t.send(req).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.headers.contains_key("content-encoding"), "{:?}", res.headers);
    // Pages still are (a district on 3G reads a fifth of the bytes).
    let req = axum::http::Request::get("/matrix?period=2024")
        .header("accept-encoding", "gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(t.send(req).await.headers.get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
    let bad = t.get("/export/evaluation.xlsx?period=2024Q9", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Kỳ báo cáo không hợp lệ"), "says what is wrong: {}", bad.body);
}

#[tokio::test]
async fn a_page_address_that_does_not_fit_gets_our_message_in_the_visitors_language() {
    let t = TestApp::demo().await;
    for (path, says) in [
        ("/matrix?page=abc", "Địa chỉ trang có tham số không hợp lệ"),
        ("/matrix?page=abc&lang=en", "The page address has a parameter that does not fit"),
    ] {
        let res = t.get(path, None).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(res.body.contains(says), "{path}: {}", res.body);
    }
    let req = axum::http::Request::post("/login")
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("username=xem"))
        .unwrap();
    let res = t.send(req).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "not a form");
    assert!(res.body.contains("Biểu mẫu gửi lên không đọc được; chưa lưu gì"), "{}", res.body);
    let api = t.get("/api/v1/matrix?page=abc", None).await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(api.body.starts_with("{\"error\":"), "the API answers in JSON: {}", api.body);
}

#[tokio::test]
async fn error_pages_on_demo_data_carry_the_demo_banner_too() {
    let t = TestApp::demo().await;
    for (path, status) in [("/units/99999", StatusCode::NOT_FOUND), ("/matrix?page=abc", StatusCode::BAD_REQUEST)] {
        let res = t.get(path, None).await;
        assert_eq!(res.status, status, "{path}");
        assert!(res.body.contains("Dữ liệu minh họa"), "{path} says the data are illustrative");
        assert_eq!(res.headers["content-type"], "text/html; charset=utf-8", "{path}");
        assert!(res.headers.contains_key("content-security-policy"), "{path} keeps the security headers");
    }
    // The demo database says it is illustrative wherever it is served from, even without `demo`.
    let served = TestApp::with(ntm_app::Config { demo: false, fast_hashing: true, ..ntm_app::Config::default() }).await;
    assert!(served.get("/", None).await.body.contains("Dữ liệu minh họa"), "ntm serve on the demo file");
    // A database of real data (units loaded, nothing illustrative) shows none.
    let path = std::env::temp_dir().join(format!("ntm-web-real-{}.db", std::process::id()));
    let db = ntm_store::Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let units = "code,name,level,parent_code,region,group\n12,Tỉnh Lai Châu,province,,tdmnpb,\n";
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_text("units.csv", units).unwrap()]).unwrap().tree;
    db.import_units(&tree, None, "units.csv").await.unwrap();
    let config = ntm_app::Config { fast_hashing: true, ..ntm_app::Config::default() };
    let real = TestApp::on_file(ntm_app::App::open(db, config).await.unwrap(), path);
    let res = real.get("/units/99999", None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.body.contains("Dữ liệu minh họa"), "a server on real data shows no demo banner");
}

#[tokio::test]
async fn recognitions_regions_and_flags_are_shown_in_words_with_dates_as_officials_write_them() {
    let t = TestApp::demo().await;
    let page = t.get("/units/03412?period=2024", None).await.body;
    assert!(page.contains("đạt chuẩn nông thôn mới: Quyết định minh họa, 20/12/2021"), "level in words, dd/mm/yyyy");
    assert!(page.contains("Vùng: Trung du và miền núi phía Bắc"));
    let son_binh = t.get("/units/03413?period=2024", None).await.body;
    assert!(son_binh.contains("25/11/2024"), "villages recognised on 25/11/2024");
    assert!(!son_binh.contains("2024-11-25"), "no ISO date on the page");
    let en = t.get("/units/03412?period=2024&lang=en", None).await.body;
    assert!(en.contains("meets the NTM standard: Quyết định minh họa, 20/12/2021"));
    assert!(en.contains("Region: Northern Midlands and Mountains"), "{}", &en[..en.len().min(3000)]);
}

#[tokio::test]
async fn a_values_history_link_leads_to_the_period_the_value_was_entered_for() {
    let t = TestApp::demo().await;
    let s = t.login("vanphong").await;
    // Thèn Sin's last report of 2024 lacks poverty (11, from its raw figures: poor households of
    // all households): the fourth quarter carries the third's, 217 of 760 households.
    let page = t.get("/units/03394?period=2024Q4", Some(&s)).await.body;
    assert!(page.contains("(số liệu của quý 3/2024)"), "the page says where the value is from");
    for element in ["11.ho_ngheo", "11.ho_tong"] {
        assert!(
            page.contains(&format!("href=\"/history/03394/2024Q3/{element}?")),
            "the link goes to the third quarter's history of {element}"
        );
        assert!(!page.contains(&format!("href=\"/history/03394/2024Q4/{element}?")), "not to the empty fourth quarter");
    }
    let history = t.get("/history/03394/2024Q3/11.ho_ngheo", Some(&s)).await.body;
    assert!(history.contains("<td class=\"num\">217</td>"), "{history}");
}

/// No text of the Vietnamese pages shows on an English page: every message of `i18n` (its
/// Vietnamese side) is looked for on the main English pages, signed in as an administrator so
/// that the forms are there too.
#[tokio::test]
async fn no_vietnamese_message_shows_on_an_english_page() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let pages = [
        "/?lang=en",
        "/matrix?lang=en",
        "/units/03413?period=2024&lang=en",
        "/criteria/xa-ntm-2021-2025/10?lang=en",
        "/sets/xa-ntm-2021-2025?lang=en",
        "/entry/03413/2024?lang=en",
        "/history/03413/2024/3.1?lang=en",
        "/audit?lang=en",
        "/users?lang=en",
        "/account?lang=en",
    ];
    // Data are shown as they are (names of people, the set's Vietnamese notes and sources): a
    // message that also occurs in them cannot be told apart and is not looked for.
    let names: String = t.app.db.users().await.unwrap().into_iter().map(|u| u.display_name + "\n").collect();
    let set_data = t.get("/api/v1/sets/xa-ntm-2021-2025?lang=en", None).await.body;
    let mut found = Vec::new();
    for path in pages {
        let data = if path.starts_with("/sets/") { format!("{names}{set_data}") } else { names.clone() };
        let page = t.get(path, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for (name, vis, ens) in ntm_web::i18n::ALL {
            for vi in vis.iter() {
                // The switch names the other language in it; short words may be parts of names.
                if ens.contains(vi) || *name == "other_lang" || vi.chars().count() < 6 || data.contains(vi) {
                    continue;
                }
                if page.body.contains(vi) {
                    found.push(format!("{path}: \"{vi}\" ({name})"));
                }
            }
        }
    }
    assert!(found.is_empty(), "Vietnamese messages on English pages:\n{}", found.join("\n"));
    // The change log's details too (recorded in Vietnamese, shown in English).
    // (The demo's reporting cycle, recorded after the values files, fills the first page: filtered.)
    let audit = t.get("/audit?lang=en&area=values", Some(&admin)).await.body;
    assert!(audit.contains("values (") && audit.contains(" rows)"), "the demo's import in English");
    assert!(!audit.contains("giá trị") && !audit.contains("dòng)"), "no Vietnamese detail left");
}

#[tokio::test]
async fn an_address_that_does_not_fit_is_refused_in_the_accounts_own_language() {
    let t = TestApp::demo().await;
    let spec = ntm_app::accounts::AccountSpec {
        username: "english",
        display_name: "An English reader",
        password: "mat-khau-thu-nghiem",
        role: "viewer",
        unit_code: None,
        agency_code: None,
        lang: ntm_domain::Lang::En,
    };
    t.app.add_user(&spec, None).await.unwrap();
    let s = t.login_with("english", "mat-khau-thu-nghiem").await;
    let res = t.get("/matrix?page=abc", Some(&s)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("The page address has a parameter that does not fit"), "{}", res.body);
}

/// The rules of a stylesheet: (the `@media` condition they are under, if any; selectors;
/// declarations), comments left out.
fn css_rules(css: &str) -> Vec<(Option<String>, String, String)> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    text.push_str(rest);
    let mut out = Vec::new();
    let mut media: Option<String> = None;
    let mut rest = text.as_str();
    loop {
        let rest_trim = rest.trim_start();
        if let Some(r) = rest_trim.strip_prefix('}') {
            media = None;
            rest = r;
            continue;
        }
        let Some(open) = rest_trim.find('{') else { break };
        let head = rest_trim[..open].trim().to_string();
        if head.starts_with("@media") {
            media = Some(head);
            rest = &rest_trim[open + 1..];
            continue;
        }
        let close = rest_trim[open..].find('}').map_or(rest_trim.len(), |c| open + c);
        out.push((media.clone(), head, rest_trim[open + 1..close].to_string()));
        rest = rest_trim.get(close + 1..).unwrap_or("");
    }
    out
}

/// On a phone the verdict of a table of criteria stays in view: the verdict cells of a table that
/// scrolls sideways stick to its right edge (the matrix, whose cells are all verdicts, aside);
/// the header takes three short rows (its sections in one row that scrolls) and the banner a
/// small type. The browser test measures both at 390 px.
#[tokio::test]
async fn the_stylesheet_keeps_the_verdict_in_view_and_the_header_short_on_a_phone() {
    let t = TestApp::demo().await;
    let css = t.get("/static/app.css", None).await.body;
    let rules = css_rules(&css);
    let declared = |media: Option<&str>, selector: &str, declaration: &str| {
        rules.iter().any(|(m, sel, decls)| {
            let under = match (m.as_deref(), media) {
                (None, None) => true,
                (Some(m), Some(want)) => m.contains(want),
                _ => false,
            };
            under && sel.split(',').any(|s| s.trim() == selector) && decls.split(';').any(|d| d.trim() == declaration)
        })
    };
    for status in ["met", "not_met", "missing"] {
        let cell = format!(".scroll table:not(.matrix) td.{status}");
        assert!(declared(None, &cell, "position:sticky") && declared(None, &cell, "right:0"), "{cell} sticks");
    }
    let phone = Some("max-width:40rem");
    for (selector, declaration) in [
        ("header.top nav", "overflow-x:auto"),
        ("header.top nav", "white-space:nowrap"),
        ("header.top nav", "flex:1 0 100%"),
        (".demo", "font-size:.75rem"),
        (".who a.me", "text-overflow:ellipsis"),
    ] {
        assert!(declared(phone, selector, declaration), "on a phone: {selector} {{{declaration}}}");
    }
    assert!(!declared(None, "header.top nav", "overflow-x:auto"), "wider screens keep the sections as they were");
}

/// The header's two account links say which is which: the administrators' list of accounts,
/// and one's own account under one's name.
#[tokio::test]
async fn the_accounts_list_and_ones_own_account_are_told_apart_in_the_header() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    for (lang, manage, mine) in
        [("vi", "Quản lý tài khoản", "Tài khoản của tôi:"), ("en", "Manage accounts", "My account:")]
    {
        let page = t.get(&format!("/sets?lang={lang}"), Some(&admin)).await.body;
        let header = page.split("</header>").next().unwrap();
        assert!(header.contains(&format!("<a href=\"/users\">{manage}</a>")), "{header}");
        assert!(
            header.contains(&format!(
                "<span class=\"vh\">{mine} </span><a class=\"me\" href=\"/account\">Quản trị hệ thống (minh họa)</a>"
            )),
            "one's own account under one's name: {header}"
        );
        for bare in [">Tài khoản<", ">Tài khoản:", ">Accounts<", ">Account:"] {
            assert!(!header.contains(bare), "{bare} in {header}");
        }
    }
}

/// A gap says which way it goes: short of a minimum ("còn thiếu"), above a maximum (poverty above
/// its ceiling), in both languages.
#[tokio::test]
async fn the_gap_column_says_short_of_a_minimum_or_above_a_maximum() {
    let t = TestApp::demo().await;
    let gaps = |page: &str| -> Vec<String> {
        page.split("<tbody>")
            .nth(1)
            .unwrap_or("")
            .split("</tr>")
            .filter(|r| r.contains("<td>"))
            .filter_map(|r| r.rsplit("<td>").next().and_then(|c| c.split('<').next()).map(str::to_string))
            .filter(|g| !g.is_empty() && g != "—")
            .collect()
    };
    for (criterion, vi, en) in [("10", "còn thiếu ", " short"), ("11", "cao hơn mức tối đa ", " above the ceiling")]
    {
        let path = format!("/criteria/xa-ntm-2021-2025/{criterion}?period=2024");
        let found = gaps(&t.get(&path, None).await.body);
        assert!(!found.is_empty() && found.iter().all(|g| g.starts_with(vi)), "{criterion}: {found:?}");
        let found = gaps(&t.get(&format!("{path}&lang=en"), None).await.body);
        assert!(!found.is_empty() && found.iter().all(|g| g.ends_with(en)), "{criterion}: {found:?}");
    }
}

#[tokio::test]
async fn a_merged_communes_page_links_its_predecessors_and_successor_as_they_were_that_day() {
    let path = std::env::temp_dir().join(format!("ntm-web-lineage-{}.db", std::process::id()));
    let db = ntm_store::Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    // The GSO merger table alone: the old units until 30/06/2025, the new from 01/07/2025.
    let merger = "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n\
                  \"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n\
                  Tỉnh Lai Châu (12),Xã Bình Lư,03390,Thị trấn Tam Đường,03390,Nhập toàn bộ,Huyện Tam Đường (106),Tỉnh Lai Châu (12),\n\
                  Tỉnh Lai Châu (12),Xã Bình Lư,03390,Xã Sơn Bình,03413,Nhập toàn bộ,Huyện Tam Đường (106),Tỉnh Lai Châu (12),\n";
    let files = vec![ntm_io::read_units_text("merger.csv", merger).unwrap()];
    let tree = ntm_io::build_tree(files).unwrap().tree;
    db.import_units(&tree, None, "units.csv").await.unwrap();
    let app =
        ntm_app::App::open(db, ntm_app::Config { fast_hashing: true, ..ntm_app::Config::default() }).await.unwrap();
    let t = crate::harness::TestApp::on_file(app, path.clone());
    // The new Bình Lư: its predecessors, each linked as it was on 30/06/2025 — the town's code
    // is the new commune's own, so a link without the day would lead back to Bình Lư.
    let new = t.get("/units/03390?period=2025&at=2025-07-01", None).await.body;
    assert!(new.contains("<h1>Xã Bình Lư"), "{new}");
    let town = "/units/03390?period=2025&amp;at=2025-06-30";
    assert!(new.contains(&format!("<a href=\"{town}\">Thị trấn Tam Đường</a>")), "{new}");
    assert!(new.contains("<a href=\"/units/03413?period=2025&amp;at=2025-06-30\">Xã Sơn Bình</a>"));
    let old = t.get(&town.replace("&amp;", "&"), None).await.body;
    assert!(old.contains("<h1>Thị trấn Tam Đường"), "the link leads to the town, not to the commune");
    // And back: Sơn Bình's successor, seen on the day of the change.
    let son_binh = t.get("/units/03413?period=2024", None).await.body;
    assert!(son_binh.contains("<a href=\"/units/03390?period=2025&amp;at=2025-07-01\">Xã Bình Lư</a>"), "{son_binh}");
}

/// The address of the page's "next page" link, if it has one.
fn next_page(html: &str) -> Option<String> {
    let at = html.find("<a rel=\"next\" href=\"")? + "<a rel=\"next\" href=\"".len();
    let end = html[at..].find('"')?;
    Some(html[at..at + end].replace("&amp;", "&").replace("&#38;", "&"))
}

/// Every text between `before` and the next `after` in `html`.
fn between<'a>(html: &'a str, before: &str, after: char) -> Vec<&'a str> {
    html.match_indices(before)
        .filter_map(|(i, _)| {
            let rest = &html[i + before.len()..];
            rest.find(after).map(|end| &rest[..end])
        })
        .collect()
}

/// Walks a paged list from `first` through its "next page" links: each page ≤ 50 KB, and what
/// `rows` reads off each page, in order.
async fn walk(
    t: &TestApp,
    s: &crate::harness::Session,
    first: &str,
    rows: impl Fn(&str) -> Vec<String>,
) -> Vec<String> {
    let mut seen = Vec::new();
    let mut next = Some(first.to_string());
    let mut pages = 0;
    while let Some(path) = next {
        let res = t.get(&path, Some(s)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(res.body.len() <= 50 * 1024, "{path} weighs {} bytes", res.body.len());
        let found = rows(&res.body);
        assert!(!found.is_empty(), "{path}: a page with no rows");
        seen.extend(found);
        next = next_page(&res.body);
        pages += 1;
        assert!(pages < 100, "{first}: the pages do not end");
    }
    seen
}

/// A province-sized round: Tam Đường with 440 more (generated, illustrative) communes, so its
/// rounds oblige some 450 communes and the district's agencies.
async fn province_sized() -> TestApp {
    let t = TestApp::demo().await;
    let mut units = String::from(
        "code,name,level,parent_code,region,group,flags,valid_from,valid_to\n\
         12,Tỉnh Lai Châu,province,,tdmnpb,,,,\n\
         106,Huyện Tam Đường,district,12,,,,,2025-06-30\n",
    );
    for i in 0..440 {
        units.push_str(&format!("7{i:04},Xã Thử Nghiệm {i} (minh họa),commune,106,,,,,2025-06-30\n"));
    }
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_text("units.csv", &units).unwrap()]).unwrap().tree;
    t.app.db.import_units(&tree, None, "units.csv").await.unwrap();
    t.app.refresh().await.unwrap();
    t
}

#[tokio::test]
async fn a_province_sized_round_its_records_and_roadmap_stay_light_and_every_reporter_is_reachable() {
    let t = province_sized().await;
    let office = t.login("vanphong").await;
    let api: serde_json::Value = serde_json::from_str(&t.get("/api/v1/reporting/3", Some(&office)).await.body).unwrap();
    let obliged = api["round"]["counts"]["obliged"].as_u64().unwrap() as usize;
    assert!(obliged > 450, "a province-sized round: {obliged}");
    // The round's table, page after page: every obliged reporter once.
    let reporters = |html: &str| -> Vec<String> {
        between(html, "<a href=\"/reporting/3/", '"')
            .into_iter()
            .filter(|c| *c != "summary")
            .map(str::to_string)
            .collect()
    };
    for lang in ["", "?lang=en"] {
        let mut seen = walk(&t, &office, &format!("/reporting/3{lang}"), reporters).await;
        assert_eq!(seen.len(), obliged, "every reporter is on a page");
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), obliged, "and on one page only");
    }
    // Filtered: the links keep the filter, and the pages hold what the count says.
    let late = api["round"]["counts"]["late"].as_u64().unwrap() + api["round"]["counts"]["missing"].as_u64().unwrap();
    let seen = walk(&t, &office, "/reporting/3?state=late", reporters).await;
    assert_eq!(seen.len() as u64, late);
    // The rounds' page: the most overdue listed, the rest counted per round and linked.
    let rounds: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/reporting", Some(&office)).await.body).unwrap();
    let missing: u64 = rounds.as_array().unwrap().iter().map(|r| r["counts"]["missing"].as_u64().unwrap()).sum();
    let index = t.get("/reporting", Some(&office)).await.body;
    assert!(index.len() <= 50 * 1024, "/reporting weighs {} bytes", index.len());
    assert!(index.contains(&format!("Còn {} báo cáo trễ hạn khác", missing - 20)), "{missing}");
    let per_round: u64 = between(&index, "?state=late\">", '<')
        .iter()
        .filter_map(|l| l.strip_suffix(" báo cáo trễ hạn")?.rsplit(": ").next()?.parse::<u64>().ok())
        .sum();
    assert_eq!(per_round, missing - 20, "each round's late reporters counted");
    // The records: every reporter of every round once.
    let records: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/reporting/records", Some(&office)).await.body).unwrap();
    let total = records["total"].as_u64().unwrap() as usize;
    assert!(total > 450, "{total}");
    let codes = |html: &str| -> Vec<String> {
        let body = html.split("<tbody>").nth(1).unwrap_or("");
        between(body, "<span class=\"sub\">(", ')').into_iter().map(str::to_string).collect()
    };
    let mut seen = walk(&t, &office, "/reporting/records", codes).await;
    assert_eq!(seen.len(), total);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total);
    // The roadmap of a year: every unit the set judges once.
    let grid: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/roadmap?year=2024", Some(&office)).await.body).unwrap();
    let units = grid["total"].as_u64().unwrap() as usize;
    assert!(units > 450, "{units}");
    let rows = |html: &str| -> Vec<String> {
        between(html, "<th scope=\"row\"><a href=\"/roadmap/", '?').into_iter().map(str::to_string).collect()
    };
    for lang in ["", "&lang=en"] {
        let mut seen = walk(&t, &office, &format!("/roadmap?year=2024{lang}"), rows).await;
        assert_eq!(seen.len(), units);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), units);
    }
}
