//! The entry form for a commune on a slow connection: one criterion on a light page with its own
//! save, progress across the criteria, last period's value and the threshold that applies beside
//! each field, "copy from the previous period", the rule between a rate typed and its raw figures,
//! and messages in the form's own rules.

use axum::http::StatusCode;

use crate::harness::{Session, TestApp, form_fields};
use crate::writes::son_binh_3_1;

/// The HTML of one field of a form: from its `<div class="field` to the next one.
fn field<'a>(html: &'a str, input_id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{input_id}\"")).unwrap_or_else(|| panic!("no field {input_id}"));
    let start = html[..at].rfind("<div class=\"field").unwrap();
    let end = html[at..].find("<div class=\"field").map_or(html.len(), |e| at + e);
    &html[start..end]
}

/// Sets values of a criterion's form of Sơn Bình and saves them; the page after the save.
async fn save(t: &TestApp, s: &Session, path: &str, changes: &[(&str, &str)]) -> String {
    let fields = t.entry_fields(path, s, changes).await;
    let res = t.post_owned(path, s, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    res.body
}

#[tokio::test]
async fn a_commune_officer_enters_one_criterion_on_a_light_page_of_its_own_and_saves_it() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    // The whole form opens on the list of criteria, each linked to its own page.
    let whole = t.get("/entry/03413/2024", Some(&s)).await.body;
    let link = "<a href=\"/entry/03413/2024/3\">3. Thủy lợi";
    assert!(whole.contains(link), "criterion 3 linked from the top of the form");
    assert!(whole.find(link) < whole.find("name=\"v:1.1\""), "the list comes before the fields");
    let page = t.get("/entry/03413/2024/3", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.body;
    assert!(html.contains("<h2>Tiêu chí 3. Thủy lợi"), "the criterion is named");
    assert!(html.contains("name=\"v:3.1\"") && html.contains("name=\"v:3.2\""), "its fields");
    assert!(!html.contains("name=\"v:2.3\"") && !html.contains("name=\"v:17.2\""), "and no other criterion's");
    assert!(
        html.len() * 3 < whole.len(),
        "a light page: {} bytes against {} for the whole form",
        html.len(),
        whole.len()
    );
    assert!(html.contains("action=\"/entry/03413/2024/3\""), "its own save");
    // Saved on its own: only this criterion's fields are read, all or nothing.
    let mut fields = t.entry_fields("/entry/03413/2024/3", &s, &[("v:3.1", "91,5")]).await;
    fields.push(("v:2.3".into(), "12".into()));
    let res = t.post_owned("/entry/03413/2024/3", &s, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Đã lưu số liệu thay đổi: 1"), "3.1 only");
    assert!(res.body.contains("name=\"v:3.1\" value=\"91,5\""), "the criterion's page again, with the value saved");
    assert_eq!(son_binh_3_1(&t).await, "91,5%");
    let unit: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/units/03413?period=2024", None).await.body).unwrap();
    assert_eq!(unit["criteria"][1]["indicators"][2]["id"], "2.3");
    assert_ne!(
        unit["criteria"][1]["indicators"][2]["value"], "12%",
        "another criterion's field posted here is not saved"
    );
    // A wrong value keeps the whole criterion unsaved.
    let fields = t.entry_fields("/entry/03413/2024/3", &s, &[("v:3.1", "93"), ("v:3.2", "maybe")]).await;
    let res = t.post_owned("/entry/03413/2024/3", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&res.body, "f-3-2").contains("chọn Đạt hoặc Không đạt"), "{}", field(&res.body, "f-3-2"));
    assert_eq!(son_binh_3_1(&t).await, "91,5%", "nothing saved");
    // The next criterion is one tap away.
    assert!(html.contains("<a href=\"/entry/03413/2024/4\">Tiêu chí 4 →</a>"));
}

#[tokio::test]
async fn progress_across_the_criteria_says_which_are_complete_and_which_lack_values() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    // Criterion 3 complete (both indicators have a value), then one of them cleared.
    save(&t, &s, "/entry/03413/2024/3", &[("v:3.1", "90"), ("v:3.2", "true")]).await;
    let whole = t.get("/entry/03413/2024", Some(&s)).await.body;
    let line = |html: &str| -> String {
        let at = html.find("/entry/03413/2024/3\">3. ").unwrap();
        html[at..].split("</li>").next().unwrap().to_string()
    };
    assert!(line(&whole).contains("✓ đủ số liệu (2/2)"), "{}", line(&whole));
    let after = save(&t, &s, "/entry/03413/2024/3", &[("v:3.2", "")]).await;
    let whole = t.get("/entry/03413/2024", Some(&s)).await.body;
    assert!(line(&whole).contains("còn thiếu 1 chỉ tiêu (1/2)"), "{}", line(&whole));
    // The criterion page says it too, and marks it in its row of criteria without colour alone.
    assert!(after.contains("<span class=\"sub\">— còn thiếu 1 chỉ tiêu (1/2)</span></h2>"));
    assert!(after.contains("aria-current=\"page\">3<span class=\"vh\">. Thủy lợi"));
    assert!(after.contains(": </span> <small>1/2</small>"), "1 of 2 indicators");
    // Another set's form keeps its set in every link.
    let other = t.get("/entry/03413/2024?set=xa-ntm-nang-cao-2021-2025", Some(&s)).await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(
        other.body.contains("<a href=\"/entry/03413/2024/1?set=xa-ntm-nang-cao-2021-2025\">1. "),
        "the set is kept"
    );
    assert!(other.body.contains("action=\"/entry/03413/2024?set=xa-ntm-nang-cao-2021-2025\""));
    // In English.
    let en = t.get("/entry/03413/2024?lang=en", Some(&s)).await.body;
    assert!(line(&en).contains("1 indicator missing (1/2)"), "{}", line(&en));
}

#[tokio::test]
async fn each_field_shows_last_periods_value_and_the_threshold_that_applies_to_this_unit() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    save(&t, &s, "/entry/03413/2023/3", &[("v:3.1", "88,5"), ("v:3.2", "false")]).await;
    let page = t.get("/entry/03413/2024/3", Some(&s)).await.body;
    let f31 = field(&page, "f-3-1");
    assert!(f31.contains("Kỳ trước (năm 2023): 88,5%"), "{f31}");
    assert!(f31.contains("Mức đạt: ≥ 80%"), "QĐ 318's 80% for every region: {f31}");
    let f32 = field(&page, "f-3-2");
    assert!(f32.contains("Kỳ trước (năm 2023): Không đạt") && f32.contains("Cần: Đạt"), "{f32}");
    // The threshold is the one that applies to this unit: a province's own stands over QĐ 318.
    let admin = t.login("quantri").await;
    let fields = [
        ("csrf", admin.csrf.as_str()),
        ("indicator", "3.1"),
        ("key", "all"),
        ("year", ""),
        ("value", "85"),
        ("citation", "QĐ của tỉnh (thử)"),
        ("scope", "12"),
    ];
    assert_eq!(t.post("/sets/xa-ntm-2021-2025/thresholds", Some(&admin), &fields).await.status, StatusCode::SEE_OTHER);
    let page = t.get("/entry/03413/2024/3", Some(&s)).await.body;
    assert!(field(&page, "f-3-1").contains("Mức đạt: ≥ 85%"), "{}", field(&page, "f-3-1"));
    // A quarter's previous period is the quarter before, across the year too.
    save(&t, &s, "/entry/03413/2023Q4/3", &[("v:3.1", "70")]).await;
    let q1 = t.get("/entry/03413/2024Q1/3", Some(&s)).await.body;
    assert!(field(&q1, "f-3-1").contains("Kỳ trước (quý 4/2023): 70%"), "{}", field(&q1, "f-3-1"));
    // A demo threshold says it is illustrative.
    let c16 = t.get("/entry/03413/2023/16", Some(&s)).await.body;
    assert!(field(&c16, "f-16").contains("(ngưỡng minh họa)"), "{}", field(&c16, "f-16"));
    // In English, numbers the English way.
    let en = t.get("/entry/03413/2024/3?lang=en", Some(&s)).await.body;
    let f31 = field(&en, "f-3-1");
    assert!(f31.contains("Previous period (2023): 88.5%") && f31.contains("Threshold: ≥ 85%"), "{f31}");
}

#[tokio::test]
async fn copying_the_previous_period_fills_only_the_empty_fields_and_saves_nothing_until_save() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    save(&t, &s, "/entry/03413/2024Q3/3", &[("v:3.1", "77"), ("v:3.2", "true")]).await;
    save(&t, &s, "/entry/03413/2024Q4/3", &[("v:3.1", ""), ("v:3.2", "")]).await;
    let page = t.get("/entry/03413/2024Q4/3", Some(&s)).await.body;
    assert!(page.contains("<button type=\"submit\" name=\"copy\" value=\"1\" class=\"secondary\">Chép số liệu quý 3/2024 vào các ô còn trống</button>"));
    // 3.1 typed first: what was typed stays; the empty 3.2 takes the previous quarter's answer.
    let mut fields = t.entry_fields("/entry/03413/2024Q4/3", &s, &[("v:3.1", "95")]).await;
    fields.push(("copy".into(), "1".into()));
    let res = t.post_owned("/entry/03413/2024Q4/3", &s, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Đã chép 1 số liệu của quý 3/2024 vào các ô còn trống — chưa lưu"), "{}", res.body);
    assert!(res.body.contains("name=\"v:3.1\" value=\"95\""), "what was typed is kept");
    assert!(res.body.contains("name=\"v:3.2\" value=\"true\" checked"), "the empty field is filled");
    let stored = t.get("/entry/03413/2024Q4/3", Some(&s)).await.body;
    assert!(
        stored.contains("name=\"v:3.1\" value=\"\"") && stored.contains("name=\"v:3.2\" value=\"\" checked"),
        "nothing saved"
    );
    // Save saves them.
    let res = t.post_owned("/entry/03413/2024Q4/3", &s, &form_fields(&res.body)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Đã lưu số liệu thay đổi: 2"));
    assert!(
        res.body.contains("name=\"v:3.1\" value=\"95\"") && res.body.contains("name=\"v:3.2\" value=\"true\" checked")
    );
    // Nothing left to copy into: no button.
    assert!(!res.body.contains("name=\"copy\""));
}

#[tokio::test]
async fn a_rate_is_typed_or_computed_from_its_raw_figures_and_two_different_rates_are_refused() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    // Last year's rate was computed from its raw figures: shown so beside this year's.
    save(&t, &s, "/entry/03413/2023/2", &[("v:2.1", ""), ("v:2.1.km_dat", "18"), ("v:2.1.km_tong", "24")]).await;
    let page = t.get("/entry/03413/2024/2", Some(&s)).await.body;
    let f21 = field(&page, "f-2-1");
    assert!(f21.contains("Kỳ trước (năm 2023): 18 / 24 = 75%"), "{f21}");
    assert!(
        f21.contains("Nhập tỷ lệ trực tiếp, hoặc để trống để tính từ hai số liệu gốc bên dưới. Nếu có cả hai, tỷ lệ nhập trực tiếp được dùng"),
        "the rule is stated: {f21}"
    );
    assert!(!page.contains("name=\"d:2.1\""), "the rate is one box: its raw figures are its numerator and denominator");
    // Both ways, disagreeing: refused beside the rate, nothing saved.
    let before = t.get("/api/v1/units/03413?period=2024", None).await.body;
    let both = [("v:2.1", "80"), ("v:2.1.km_dat", "23"), ("v:2.1.km_tong", "40"), ("v:2.3", "abc")];
    let fields = t.entry_fields("/entry/03413/2024/2", &s, &both).await;
    let res = t.post_owned("/entry/03413/2024/2", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = "tỷ lệ nhập trực tiếp (80%) khác với tỷ lệ tính từ số liệu gốc (23 / 40 = 57,5%)";
    assert!(field(&res.body, "f-2-1").contains(message), "{}", field(&res.body, "f-2-1"));
    let (rate, other) = (res.body.find("<a href=\"#f-2-1\">"), res.body.find("<a href=\"#f-2-3\">"));
    assert!(rate.is_some() && rate < other, "in the summary too, in the order of the fields");
    assert_eq!(t.get("/api/v1/units/03413?period=2024", None).await.body, before, "nothing saved");
    // Both ways, agreeing to the decimals typed: the typed rate is taken, and the form says so.
    let page =
        save(&t, &s, "/entry/03413/2024/2", &[("v:2.1", "57,5"), ("v:2.1.km_dat", "23"), ("v:2.1.km_tong", "40")])
            .await;
    assert!(field(&page, "f-2-1").contains("Đang dùng: tỷ lệ nhập trực tiếp."), "{}", field(&page, "f-2-1"));
    // The rate cleared: computed from the raw figures, and the form says so.
    let page = save(&t, &s, "/entry/03413/2024/2", &[("v:2.1", "")]).await;
    assert!(field(&page, "f-2-1").contains("Đang dùng: tỷ lệ tính từ số liệu gốc, 23 / 40 = 57,5%."));
    let unit = t.get("/units/03413?period=2024", None).await.body;
    assert!(unit.contains("23 km / 40 km = 57,5%"), "the verdict computes it from the raw figures");
    // A raw figure changed so that they disagree with a rate typed again: refused the same way.
    let fields = t.entry_fields("/entry/03413/2024/2", &s, &[("v:2.1", "57,5"), ("v:2.1.km_tong", "46")]).await;
    let res = t.post_owned("/entry/03413/2024/2", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field(&res.body, "f-2-1").contains("(57,5%) khác với tỷ lệ tính từ số liệu gốc (23 / 46 = 50%)"));
    // Not a rate but a quotient (income per person): the same rule, in its own words and unit.
    let page = t.get("/entry/03413/2024/10", Some(&s)).await.body;
    assert!(field(&page, "f-10").contains("Nhập trực tiếp, hoặc để trống để tính từ hai số liệu gốc bên dưới."));
    let income = [("v:10", "40"), ("v:10.thu_nhap", "4550"), ("v:10.nhan_khau", "100")];
    let fields = t.entry_fields("/entry/03413/2024/10", &s, &income).await;
    let res = t.post_owned("/entry/03413/2024/10", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let f10 = field(&res.body, "f-10");
    assert!(
        f10.contains("số nhập trực tiếp (40 triệu đồng/người/năm) khác với số tính từ số liệu gốc (4.550 / 100 = 45,5 triệu đồng/người/năm)"),
        "{f10}"
    );
}

/// Stored values that disagree (a file loaded both ways) are said beside the fields, with which
/// one the verdicts take, until one way is cleared; they do not block the other fields.
#[tokio::test]
async fn a_stored_disagreement_is_said_beside_the_fields_and_blocks_nothing_else() {
    let t = TestApp::demo().await;
    const FILE: &str =
        "unit_code,period,element,value\n03413,2024,2.1,80\n03413,2024,2.1.km_dat,23\n03413,2024,2.1.km_tong,40\n";
    ntm_app::entry::import::import_values_csv(
        &t.app.db,
        "xa-ntm-2021-2025",
        "hai-cach.csv",
        || Ok(std::io::Cursor::new(FILE.as_bytes())),
        None,
        |_| {},
    )
    .await
    .unwrap();
    t.app.refresh().await.unwrap();
    let s = t.login("sonbinh").await;
    let page = t.get("/entry/03413/2024/2", Some(&s)).await.body;
    let f21 = field(&page, "f-2-1");
    assert!(f21.contains("Đang dùng: tỷ lệ nhập trực tiếp."), "{f21}");
    assert!(
        f21.contains("⚠</strong> tỷ lệ nhập trực tiếp (80%) khác với tỷ lệ tính từ số liệu gốc (23 / 40 = 57,5%)"),
        "{f21}"
    );
    // Another field of the criterion saves.
    let page = save(&t, &s, "/entry/03413/2024/2", &[("v:2.3", "66")]).await;
    assert!(page.contains("Đã lưu số liệu thay đổi: 1"));
}

#[tokio::test]
async fn messages_follow_the_forms_own_rules() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let changes = [("v:15.1", "abc"), ("v:15.3", "ab"), ("v:15.1.dan_so", "12/20")];
    // On a criterion's form and on the whole form alike.
    for form in ["/entry/03413/2024/15", "/entry/03413/2024"] {
        let fields = t.entry_fields(form, &s, &changes).await;
        let res = t.post_owned(form, &s, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        for id in ["f-15-1", "f-15-3", "f-15-1-dan_so"] {
            let f = field(&res.body, id);
            assert!(f.contains("<span class=\"err\""), "{form} {id} has its message: {f}");
            let message = f.split("<span class=\"err\"").nth(1).unwrap().split("</span>\n").next().unwrap();
            assert!(!message.contains("đạt"), "{form}: a number field is not offered đạt/không đạt: {message}");
            assert!(
                !message.contains("dấu . thập phân"),
                "{form}: the Vietnamese form reads the decimal comma: {message}"
            );
        }
        let f = field(&res.body, "f-15-1");
        assert!(
            f.contains("không đọc được &#34;abc&#34;: cần một tỷ lệ phần trăm, dấu phẩy là dấu thập phân (ví dụ 72,5)"),
            "{form}: {f}"
        );
        let f = field(&res.body, "f-15-1-dan_so");
        assert!(f.contains("số liệu gốc nhận một số, không phải tỷ lệ (ví dụ 23 hoặc 4,5)"), "{form}: {f}");
    }
    let fields = t.entry_fields("/entry/03413/2024/15?lang=en", &s, &changes).await;
    let res = t.post_owned("/entry/03413/2024/15?lang=en", &s, &fields).await;
    let f = field(&res.body, "f-15-3");
    assert!(f.contains("cannot read &#34;ab&#34;: enter a percentage, with . as the decimal point (e.g. 72.5)"), "{f}");
    assert!(!f.contains("true/false") && !f.contains("72/100"), "{f}");
}

#[tokio::test]
async fn a_criterion_typed_when_the_session_ended_comes_back_to_its_own_page_after_signing_in() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let before = son_binh_3_1(&t).await;
    let typed = t.entry_fields("/entry/03413/2024/3", &s, &[("v:3.1", "77,5")]).await;
    assert_eq!(t.post("/logout", Some(&s), &[("csrf", &s.csrf)]).await.status, StatusCode::SEE_OTHER);
    let res = t.post_owned("/entry/03413/2024/3", &s, &typed).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let login = form_fields(&res.body);
    assert!(login.contains(&("next".into(), "/entry/03413/2024/3".into())));
    let mut fields: Vec<(&str, &str)> = login
        .iter()
        .filter(|(k, _)| k != "username" && k != "password")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    fields.extend([("username", "sonbinh"), ("password", ntm_app::demo::DEMO_PASSWORD)]);
    let res = t.post("/login", None, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("<h2>Tiêu chí 3. Thủy lợi"), "the criterion's own page");
    assert!(res.body.contains("name=\"v:3.1\" value=\"77,5\""), "with what was typed");
    assert_eq!(son_binh_3_1(&t).await, before, "not saved before Save");
    let fresh = res.new_session().unwrap();
    assert_eq!(t.post_owned("/entry/03413/2024/3", &fresh, &form_fields(&res.body)).await.status, StatusCode::OK);
    assert_eq!(son_binh_3_1(&t).await, "77,5%");
    // A form without its token comes back with what was typed, not saved.
    let mut fields = t.entry_fields("/entry/03413/2024/3", &fresh, &[("v:3.1", "60")]).await;
    fields.retain(|(k, _)| k != "csrf");
    let res = t.post_owned("/entry/03413/2024/3", &fresh, &fields).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("name=\"v:3.1\" value=\"60\""));
    assert_eq!(son_binh_3_1(&t).await, "77,5%");
}

#[tokio::test]
async fn an_agency_enters_only_its_criteria_and_a_commune_only_its_own() {
    let t = TestApp::demo().await;
    let agency = t.login("ktht").await;
    // The transport agency's list links its criterion only.
    let whole = t.get("/entry/03413/2024", Some(&agency)).await.body;
    assert!(whole.contains("<a href=\"/entry/03413/2024/2\">2. Giao thông</a>"));
    assert!(!whole.contains("href=\"/entry/03413/2024/3?"), "criterion 3 is not theirs");
    assert_eq!(t.get("/entry/03413/2024/3", Some(&agency)).await.status, StatusCode::FORBIDDEN);
    let page = t.get("/entry/03413/2024/2", Some(&agency)).await.body;
    assert!(!page.contains("href=\"/entry/03413/2024/3?"), "its neighbours are its own criteria");
    assert!(page.contains("<a href=\"/entry/03413/2024/4\">Tiêu chí 4 →</a>"), "2, then 4");
    // The office's form of criterion 3 posted with the agency's session: refused, nothing saved.
    let office = t.login("vanphong").await;
    let mut fields = t.entry_fields("/entry/03413/2024/3", &office, &[("v:3.1", "99")]).await;
    for (k, v) in fields.iter_mut() {
        if k == "csrf" {
            *v = agency.csrf.clone();
        }
    }
    let before = son_binh_3_1(&t).await;
    assert_eq!(t.post_owned("/entry/03413/2024/3", &agency, &fields).await.status, StatusCode::FORBIDDEN);
    // And with another commune's officer's session.
    let sonbinh = t.login("sonbinh").await;
    let mut fields = t.entry_fields("/entry/03394/2024/3", &office, &[("v:3.1", "99")]).await;
    for (k, v) in fields.iter_mut() {
        if k == "csrf" {
            *v = sonbinh.csrf.clone();
        }
    }
    assert_eq!(t.post_owned("/entry/03394/2024/3", &sonbinh, &fields).await.status, StatusCode::FORBIDDEN);
    assert_eq!(son_binh_3_1(&t).await, before);
    let unit: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/units/03394?period=2024", None).await.body).unwrap();
    assert_ne!(unit["criteria"][2]["indicators"][0]["value"], "99%");
}

#[tokio::test]
async fn the_town_has_no_form_of_the_commune_set() {
    // QĐ 318 judges xã: Thị trấn Tam Đường is not judged by it, so nobody enters its values for it.
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    for path in ["/entry/03390/2024", "/entry/03390/2024/3"] {
        assert_eq!(t.get(path, Some(&office)).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(t.get("/entry/03394/2024/3", Some(&office)).await.status, StatusCode::OK, "a xã has its form");
}
