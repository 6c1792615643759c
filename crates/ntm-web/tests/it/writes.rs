//! Saving values: bad input keeps everything and says where; a concurrent edit is caught; every
//! change is in the value's history; a saved value shows at once everywhere, on every server.

use axum::http::StatusCode;

use crate::harness::TestApp;

/// An administrator posts the threshold form of a set: (indicator, key, year, value, citation, scope).
async fn post_threshold(
    t: &TestApp,
    admin: &crate::harness::Session,
    set: &str,
    [indicator, key, year, value, citation, scope]: [&str; 6],
) -> crate::harness::Response {
    let fields = [
        ("csrf", admin.csrf.as_str()),
        ("indicator", indicator),
        ("key", key),
        ("year", year),
        ("value", value),
        ("citation", citation),
        ("scope", scope),
    ];
    t.post(&format!("/sets/{set}/thresholds"), Some(admin), &fields).await
}

/// The matrix cell of a unit and criterion: its link text (Đ, ✗ or ?).
fn matrix_cell(html: &str, unit: &str, criterion: &str) -> String {
    // The unit's row (its header links to the unit), then the criterion's cell: the first cell
    // is the count of criteria met, then one per criterion in the set's order (1, 2, …, 19).
    let row = format!("<th scope=\"row\"><a href=\"/units/{unit}?period=2024\">");
    let Some(rest) = html.split(&row).nth(1) else { return String::new() };
    let rest = rest.split("</tr>").next().unwrap_or("");
    let n: usize = criterion.parse().unwrap();
    let cell = rest.split("<td class=\"").nth(n + 1).unwrap_or("");
    let inner = cell.split_once('>').map_or("", |(_, r)| r).split("</td>").next().unwrap_or("");
    // The mark without its link, when it has one.
    let mut text = String::new();
    let mut in_tag = false;
    for ch in inner.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[tokio::test]
async fn a_saved_value_turns_the_matrix_cell_at_once_and_appears_in_its_history() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let before = t.get("/matrix?period=2024", None).await.body;
    // Thèn Sin does not meet criterion 13 in 2024, for one yes/no indicator only: it has no
    // cooperative working well (13.1). Its indicators are not verified: the cell is starred.
    assert_eq!(matrix_cell(&before, "03394", "13"), "✗", "Thèn Sin does not meet criterion 13 in 2024");
    // The overview of anonymous visitors is rendered once per state of the data: prime it.
    assert_eq!(matrix_cell(&t.get("/", None).await.body, "03394", "13"), "✗");
    let fields = t.entry_fields("/entry/03394/2024", &office, &[("v:13.1", "true")]).await;
    let res = t.post_owned("/entry/03394/2024", &office, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Đã lưu số liệu thay đổi: 1"));
    let after = t.get("/matrix?period=2024", None).await.body;
    assert_eq!(matrix_cell(&after, "03394", "13"), "Đ");
    assert_eq!(matrix_cell(&t.get("/", None).await.body, "03394", "13"), "Đ", "the cached overview follows the save");
    let unit = t.get("/units/03394?set=xa-ntm-2021-2025&period=2024", None).await.body;
    assert!(unit.contains("10/19"), "criteria met went from 9 to 10");
    assert_eq!(
        t.get("/history/03394/2024/13.1", None).await.status,
        StatusCode::SEE_OTHER,
        "history names people: sign in"
    );
    let history = t.get("/history/03394/2024/13.1", Some(&office)).await.body;
    assert!(history.contains("vanphong"), "who");
    assert!(
        history.contains("<td class=\"num\">Không đạt</td><td class=\"num\">Đạt</td><td>nhập số liệu</td>"),
        "old → new, in words: {history}"
    );
    assert!(history.contains("Lịch sử số liệu: 13.1 "), "the indicator named: {history}");
    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/evaluation?set=xa-ntm-2021-2025&period=2024&unit=03394", None).await.body)
            .unwrap();
    assert_eq!(api["units"][0]["criteria_met"], 10);
    // The audit log has the change: who, the unit by name, old → new.
    let audit = t.get("/audit", Some(&office)).await.body;
    assert!(audit.contains("Xã Thèn Sin (03394)") && audit.contains("13.1</a>: Không đạt → Đạt"));
    // Their JSON twins: the change as its action code and arguments, the history as data.
    let log: serde_json::Value = serde_json::from_str(&t.get("/api/v1/audit", Some(&office)).await.body).unwrap();
    let last = &log["changes"][0];
    assert_eq!(last["action"], "values.save");
    assert_eq!(last["user"], "vanphong");
    assert_eq!(
        last["args"],
        serde_json::json!({"unit": "03394", "set": "xa-ntm-2021-2025", "period": "2024", "values": 1})
    );
    assert!(last["at"].as_str().is_some_and(|at| at.ends_with('Z')), "an instant in UTC: {last}");
    let history: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/history/03394/2024/13.1?lang=en", Some(&office)).await.body).unwrap();
    assert_eq!(history["rows"][0]["who"], "vanphong");
    assert_eq!(history["rows"][0]["old"], serde_json::json!({"answer": false}));
    assert_eq!(history["rows"][0]["new"], serde_json::json!({"answer": true}));
    assert_eq!(history["rows"][0]["action"], "values.save");
}

#[tokio::test]
async fn another_server_on_the_same_database_sees_the_change_at_once() {
    // Servers recheck the store at most every `Config::recheck`; with 0 they ask on every page.
    let config = ntm_app::Config {
        demo: true,
        fast_hashing: true,
        recheck: std::time::Duration::ZERO,
        ..ntm_app::Config::default()
    };
    a_change_on_one_server_shows_on_another(TestApp::with(config.clone()).await).await;
    // The same with two servers on one PostgreSQL database, as the README promises.
    if let Some(a) = TestApp::demo_on_postgres(config).await {
        a_change_on_one_server_shows_on_another(a).await;
    }
}

async fn a_change_on_one_server_shows_on_another(a: TestApp) {
    let b = a.second_server().await;
    let office = a.login("vanphong").await;
    // Thèn Sin misses criterion 13 in 2024 on its cooperative (13.1) alone.
    assert_eq!(matrix_cell(&b.get("/matrix?period=2024", None).await.body, "03394", "13"), "✗");
    let fields = a.entry_fields("/entry/03394/2024", &office, &[("v:13.1", "true")]).await;
    assert_eq!(a.post_owned("/entry/03394/2024", &office, &fields).await.status, StatusCode::OK);
    assert_eq!(
        matrix_cell(&b.get("/matrix?period=2024", None).await.body, "03394", "13"),
        "Đ",
        "server B refreshed from the revision counter"
    );
}

#[tokio::test]
async fn bad_input_is_reported_beside_each_field_and_nothing_is_saved() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let before = t.get("/api/v1/units/03413?period=2024", None).await.body;
    let fields = t
        .entry_fields(
            "/entry/03413/2024",
            &s,
            &[
                ("v:3.1", "120"),
                ("v:15.1", "abc"),
                ("v:2.1.km_tong", "-3"),
                ("v:3.2", "true"),
                ("v:12.1", "72"),
                ("d:12.1", "0"),
            ],
        )
        .await;
    let res = t.post_owned("/entry/03413/2024", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = &res.body;
    assert!(html.contains("Có lỗi — chưa lưu số liệu nào"), "an error summary at the top");
    for (id, message) in [
        ("f-3-1", "tỷ lệ phần trăm lớn hơn 100"),
        ("f-15-1", "không đọc được"),
        ("f-2-1-km_tong", "giá trị âm"),
        ("f-12-1", "mẫu số bằng 0"),
    ] {
        assert!(html.contains(&format!("<a href=\"#{id}\">")), "the summary links to {id}");
        let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("field {id}"));
        let near = &html[at.saturating_sub(900)..at];
        assert!(near.contains(message), "the message for {id} stands beside it");
    }
    assert!(html.contains("value=\"abc\""), "what was typed is kept");
    let after = t.get("/api/v1/units/03413?period=2024", None).await.body;
    assert_eq!(before, after, "nothing was saved, not even the valid 3.2");
}

/// On the whole form and on one criterion's form alike; the other writer's value is shown as the
/// form writes numbers (the decimal comma in Vietnamese).
#[tokio::test]
async fn a_concurrent_edit_is_shown_to_the_second_writer_and_nothing_is_overwritten() {
    let t = TestApp::demo().await;
    let commune = t.login("sonbinh").await;
    let office = t.login("vanphong").await;
    for (form, theirs) in [("/entry/03413/2024", "95"), ("/entry/03413/2024/3", "96")] {
        // Both open the form.
        let first = t.entry_fields(form, &commune, &[("v:3.1", "91,5")]).await;
        let second = t.entry_fields(form, &office, &[("v:3.1", theirs)]).await;
        assert_eq!(t.post_owned(form, &commune, &first).await.status, StatusCode::OK);
        let res = t.post_owned(form, &office, &second).await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{form}");
        assert!(res.body.contains("Số liệu đã được người khác thay đổi — chưa lưu gì"));
        assert!(
            res.body.contains("<strong>91,5</strong> bởi sonbinh"),
            "{form}: whose value, as the form writes it, and who"
        );
        assert_eq!(son_binh_3_1(&t).await, "91,5%", "the first writer's value stands");
        // Submitting again from the conflict page overwrites knowingly.
        let again = crate::harness::form_fields(&res.body);
        assert_eq!(t.post_owned(form, &office, &again).await.status, StatusCode::OK);
        assert_eq!(son_binh_3_1(&t).await, format!("{theirs}%"));
    }
}

/// The value of criterion 3.1 of Sơn Bình 2024 as the API reports it.
pub(crate) async fn son_binh_3_1(t: &TestApp) -> String {
    let unit: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/units/03413?period=2024", None).await.body).unwrap();
    unit["criteria"][2]["indicators"][0]["value"].as_str().unwrap_or("").to_string()
}

#[tokio::test]
async fn values_typed_when_the_session_ended_survive_signing_in_again() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let before = son_binh_3_1(&t).await;
    let typed = t.entry_fields("/entry/03413/2024", &s, &[("v:3.1", "77,5")]).await;
    // The session ends (signed out in another window; or it expired) while the form is open.
    assert_eq!(t.post("/logout", Some(&s), &[("csrf", &s.csrf)]).await.status, StatusCode::SEE_OTHER);
    let res = t.post_owned("/entry/03413/2024", &s, &typed).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("Phiên đăng nhập đã hết hạn hoặc bạn đã đăng xuất"));
    let login = crate::harness::form_fields(&res.body);
    assert!(login.contains(&("v:3.1".into(), "77,5".into())), "the sign-in form carries what was typed");
    assert!(login.contains(&("next".into(), "/entry/03413/2024".into())));
    assert!(!login.iter().any(|(k, _)| k == "csrf"), "the old session's token is not carried");
    assert_eq!(son_binh_3_1(&t).await, before, "nothing saved");
    // A wrong password keeps them too.
    let app = &t;
    let sign_in = |password: &'static str| {
        let mut fields: Vec<(&str, &str)> = login
            .iter()
            .filter(|(k, _)| k != "username" && k != "password")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        fields.extend([("username", "sonbinh"), ("password", password)]);
        async move { app.post("/login", None, &fields).await }
    };
    let res = sign_in("sai-mat-khau").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(crate::harness::form_fields(&res.body).contains(&("v:3.1".into(), "77,5".into())));
    // Signed in: the form again, with the typed value, not saved yet.
    let res = sign_in(ntm_app::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Đã đăng nhập. Số liệu vừa nhập vẫn còn dưới đây nhưng chưa lưu"));
    assert!(res.body.contains("name=\"v:3.1\" value=\"77,5\""));
    assert_eq!(son_binh_3_1(&t).await, before, "still nothing saved before Save is pressed");
    let fresh = res.new_session().unwrap();
    let restored = crate::harness::form_fields(&res.body);
    // Meanwhile the office changed the same value: the restored form still notices.
    let office = t.login("vanphong").await;
    let theirs = t.entry_fields("/entry/03413/2024", &office, &[("v:3.1", "60")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024", &office, &theirs).await.status, StatusCode::OK);
    let res = t.post_owned("/entry/03413/2024", &fresh, &restored).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "typed against the old value: {}", res.body);
    assert_eq!(son_binh_3_1(&t).await, "60%");
    let again = crate::harness::form_fields(&res.body);
    assert_eq!(t.post_owned("/entry/03413/2024", &fresh, &again).await.status, StatusCode::OK);
    assert_eq!(son_binh_3_1(&t).await, "77,5%", "saved knowingly");
}

#[tokio::test]
async fn a_rate_entered_as_numerator_and_denominator_is_kept_raw() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let fields = t.entry_fields("/entry/03413/2024", &s, &[("v:12.1", "930"), ("d:12.1", "1000")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024", &s, &fields).await.status, StatusCode::OK);
    let page = t.get("/units/03413?period=2024", None).await.body;
    assert!(page.contains("930/1000 = 93%"), "the explanation shows the raw numbers");
    let form = t.get("/entry/03413/2024", Some(&s)).await.body;
    assert!(form.contains("name=\"v:12.1\" value=\"930\"") && form.contains("name=\"d:12.1\" value=\"1000\""));
}

#[tokio::test]
async fn an_administrator_corrects_a_threshold_with_a_citation_and_verdicts_follow() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    // Without a citation: refused, nothing changes.
    let res = post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "85", "", ""]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("Cần ghi căn cứ pháp lý"));
    let res =
        post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "85", "Văn bản thử nghiệm số 1", ""]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Thèn Sin's 3.1 in 2024 is 84.9%: met at 80, not at the corrected 85.
    let unit = t.get("/units/03394?period=2024", None).await.body;
    let at = unit.find("84,9% &").unwrap_or(0);
    assert!(
        unit.contains("84,9% &#60; 85% (áp dụng chung; theo Hiệu chỉnh của quản trị viên) → chưa đạt"),
        "verdicts use the correction: {}",
        &unit[at..(at + 300).min(unit.len())]
    );
    let set = t.get("/sets/xa-ntm-2021-2025", None).await.body;
    assert!(set.contains("Văn bản thử nghiệm số 1"));
    let audit = t.get("/audit", Some(&admin)).await.body;
    assert!(
        audit.contains("<td>hiệu chỉnh ngưỡng</td>") && audit.contains("— → 85; căn cứ: Văn bản thử nghiệm số 1"),
        "the action in words, old → new with the citation"
    );
    assert!(audit.contains("chỉ tiêu 3.1 "), "the indicator named");
    // Changing only the citation leaves a trace of the old one.
    let res =
        post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "85", "Văn bản thử nghiệm số 2", ""]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let audit = t.get("/audit", Some(&admin)).await.body;
    assert!(audit.contains("85 (căn cứ cũ: Văn bản thử nghiệm số 1) → 85; căn cứ: Văn bản thử nghiệm số 2"));
}

#[tokio::test]
async fn every_bad_field_of_the_threshold_form_is_named_and_nothing_changes() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let before = t.get("/sets/xa-ntm-2021-2025", None).await.body;
    let res = post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.9", "mekong", "20x4", "1.2.3", "QĐ", "999"]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    for (id, message) in [
        ("indicator", "Chỉ tiêu 3.9 không có trong bộ tiêu chí"),
        ("key", "khóa ngưỡng &#34;mekong&#34; không hợp lệ"),
        ("year", "Năm không hợp lệ"),
        ("value", "&#34;1.2.3&#34;: không phải là số"),
        ("scope", "mã đơn vị 999 không có trong danh sách đơn vị"),
    ] {
        assert!(res.body.contains(&format!("<a href=\"#{id}\">{message}")), "the summary links {message} to {id}");
        let at = res
            .body
            .find(&format!("id=\"{id}\" aria-invalid=\"true\" aria-describedby=\"{id}-err\""))
            .unwrap_or_else(|| panic!("field {id} is marked invalid and points at its message"));
        assert!(res.body.contains(&format!("<span class=\"err\" id=\"{id}-err\">")), "{id}'s message has its id");
        let field = &res.body[res.body[..at].rfind("<div class=\"field").unwrap()..at];
        assert!(field.contains(message), "{message} stands beside {id}");
    }
    for typed in ["value=\"20x4\"", "value=\"1.2.3\"", "value=\"QĐ\"", "value=\"999\""] {
        assert!(res.body.contains(typed), "what was typed is kept: {typed}");
    }
    let res = post_threshold(&t, &admin, "xa-ntm-2021-2025", ["12.1", "all", "", "", "", ""]).await;
    assert!(res.body.contains("<option value=\"12.1\" selected>"), "the chosen indicator stays chosen");
    let res = post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "120", "QĐ", ""]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("ngưỡng phần trăm lớn hơn 100"));
    let res = post_threshold(&t, &admin, "xa-ntm-2026-2030", ["1", "1", "", "1", "QĐ", ""]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "a yes/no indicator takes no threshold");
    let after = t.get("/sets/xa-ntm-2021-2025", None).await.body;
    assert_eq!(before, after);
    // The Vietnamese decimal comma is read as in data entry.
    let res =
        post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "72,5", "Văn bản thử nghiệm", ""]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(t.get("/sets/xa-ntm-2021-2025", None).await.body.contains("3.1, áp dụng chung: 72,5 — Văn bản thử nghiệm"));
}

#[tokio::test]
async fn corrections_to_two_sets_stay_apart_and_the_server_keeps_loading() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    for (set, indicator, key) in [("xa-ntm-2021-2025", "3.1", "all"), ("xa-ntm-kieu-mau-2021-2025", "KM3", "all")] {
        let res = post_threshold(&t, &admin, set, [indicator, key, "", "2", "Văn bản thử nghiệm", ""]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{set}: {}", res.body);
    }
    // A fresh server loads both layers, each over its own set.
    let b = t.second_server().await;
    assert_eq!(b.get("/", None).await.status, StatusCode::OK);
    let kieu_mau = b.get("/sets/xa-ntm-kieu-mau-2021-2025", None).await.body;
    assert!(kieu_mau.contains("Hiệu chỉnh của quản trị viên") && kieu_mau.contains("KM3"));
    let commune = b.get("/sets/xa-ntm-2021-2025", None).await.body;
    assert!(!commune.contains("KM3 ALL"), "a correction of one set is not shown over another");
}

#[tokio::test]
async fn a_vietnamese_decimal_comma_is_read_and_an_ambiguous_number_or_pair_is_refused() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let fields = t.entry_fields("/entry/03413/2024", &s, &[("v:3.1", "81,5")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024", &s, &fields).await.status, StatusCode::OK);
    let unit: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/units/03413?period=2024", None).await.body).unwrap();
    assert_eq!(unit["criteria"][2]["indicators"][0]["value"], "81,5%");
    let fields = t.entry_fields("/entry/03413/2024", &s, &[("v:10.nhan_khau", "4.512"), ("v:2.1.km_dat", "99")]).await;
    let res = t.post_owned("/entry/03413/2024", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("&#34;4.512&#34; dễ nhầm"), "a dot and three digits may be thousands");
    assert!(res.body.contains("tử số lớn hơn mẫu số"), "99 km hardened of fewer km in all");
}

#[tokio::test]
async fn a_stored_decimal_is_shown_with_the_comma_and_saves_again_untouched() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    // Entered in English with the decimal point.
    let fields = t.entry_fields("/entry/03413/2024?lang=en", &s, &[("v:3.1", "81.125")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024?lang=en", &s, &fields).await.status, StatusCode::OK);
    // The Vietnamese form shows it with the decimal comma, not the ambiguous "81.125" …
    let form = t.get("/entry/03413/2024", Some(&s)).await.body;
    assert!(form.contains("name=\"v:3.1\" value=\"81,125\""), "shown the Vietnamese way");
    // … so saving another field leaves it as it was instead of refusing it as ambiguous.
    let fields = t.entry_fields("/entry/03413/2024", &s, &[("v:3.2", "true")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024", &s, &fields).await.status, StatusCode::OK);
    let form = t.get("/entry/03413/2024", Some(&s)).await.body;
    assert!(form.contains("name=\"v:3.1\" value=\"81,125\""), "the stored number is unchanged");
    assert!(form.contains("name=\"v:3.2\" value=\"true\" checked"), "and the other field was saved");
    let history = t.get("/history/03413/2024/3.1", Some(&s)).await.body;
    assert!(history.contains("<td class=\"num\">81,125</td>"), "the history writes numbers the Vietnamese way");
}

#[tokio::test]
async fn a_thousands_dot_in_a_numerator_or_denominator_is_refused_not_read_as_a_small_number() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let before = t.get("/api/v1/units/03413?period=2024", None).await.body;
    for (num, den, says) in [
        ("1.000", "1200", "&#34;1.000&#34; dễ nhầm"),
        ("930", "1.000", "&#34;1.000&#34; dễ nhầm"),
        ("7,5", "10", "tử số và mẫu số phải là số nguyên"),
    ] {
        let fields = t.entry_fields("/entry/03413/2024", &s, &[("v:12.1", num), ("d:12.1", den)]).await;
        let res = t.post_owned("/entry/03413/2024", &s, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{num}/{den}");
        let at = res.body.find("id=\"f-12-1\"").unwrap();
        let near = &res.body[at.saturating_sub(900)..at];
        assert!(near.contains(says), "{num}/{den}: \"{says}\" beside the field");
    }
    assert_eq!(t.get("/api/v1/units/03413?period=2024", None).await.body, before, "nothing was saved");
}

#[tokio::test]
async fn a_numerator_cannot_pass_a_denominator_someone_else_lowered_meanwhile() {
    let t = TestApp::demo().await;
    let commune = t.login("sonbinh").await;
    let office = t.login("vanphong").await;
    // km of road in all 15,1 (of which 15,1 hardened) → 40; then the commune officer opens the form.
    let fields = t.entry_fields("/entry/03413/2024", &office, &[("v:2.1.km_tong", "40")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024", &office, &fields).await.status, StatusCode::OK);
    let stale = t.entry_fields("/entry/03413/2024", &commune, &[("v:2.1.km_dat", "35")]).await;
    // Meanwhile the office lowers the total to 25.
    let fields = t.entry_fields("/entry/03413/2024", &office, &[("v:2.1.km_tong", "25")]).await;
    assert_eq!(t.post_owned("/entry/03413/2024", &office, &fields).await.status, StatusCode::OK);
    // 35 ≤ 40 on the stale form, but 35 > 25 as it stands: a conflict, nothing saved.
    let res = t.post_owned("/entry/03413/2024", &commune, &stale).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("<strong>25</strong> bởi vanphong"), "the changed total is shown");
    let form = t.get("/entry/03413/2024", Some(&commune)).await.body;
    assert!(form.contains("name=\"v:2.1.km_dat\" value=\"15,1\""), "the numerator was not saved");
    // Saving again from the conflict page checks the pair as it stands and refuses it.
    let again = crate::harness::form_fields(&res.body);
    let res = t.post_owned("/entry/03413/2024", &commune, &again).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("tử số lớn hơn mẫu số"));
}

#[tokio::test]
async fn a_provinces_own_threshold_stands_over_a_later_general_correction() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let res =
        post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "80", "QĐ của tỉnh (thử)", "106"]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "a district is not a province");
    assert!(res.body.contains("106 không phải là mã tỉnh"));
    let res = post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "80", "QĐ của tỉnh (thử)", "12"]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res =
        post_threshold(&t, &admin, "xa-ntm-2021-2025", ["3.1", "all", "", "85", "Hiệu chỉnh chung (thử)", ""]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // Thèn Sin (in Lai Châu, 84.9%) is judged against Lai Châu's 80, not the general 85.
    let unit = t.get("/units/03394?period=2024", None).await.body;
    let at = unit.find("84,9% ").expect("the 3.1 explanation");
    let explanation = &unit[at..(at + 200).min(unit.len())];
    assert!(explanation.contains("80%") && explanation.contains("Điều chỉnh của tỉnh (mã 12)"), "{explanation}");
    assert!(explanation.contains("→ đạt"), "{explanation}");
}

#[tokio::test]
async fn a_raw_denominator_of_zero_is_refused_beside_its_field() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let fields = t.entry_fields("/entry/03413/2024", &s, &[("v:2.1.km_dat", "0"), ("v:2.1.km_tong", "0")]).await;
    let res = t.post_owned("/entry/03413/2024", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let at = res.body.find("id=\"f-2-1-km_tong\"").unwrap();
    let field = &res.body[res.body[..at].rfind("<div class=\"field").unwrap()..at];
    assert!(field.contains("mẫu số bằng 0"), "{field}");
}

#[tokio::test]
async fn what_the_browser_sends_back_for_an_untouched_partner_is_never_written() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    // Km hardened changes (15,1 of 15,1 → 12); the hidden copy of the total's shown value is tampered with.
    let mut fields = t.entry_fields("/entry/03413/2024", &s, &[("v:2.1.km_dat", "12")]).await;
    let shown = fields.iter_mut().find(|(k, _)| k == "s:2.1.km_tong").unwrap();
    let revision = shown.1.split('|').next().unwrap().to_string();
    shown.1 = format!("{revision}|-5");
    assert_eq!(t.post_owned("/entry/03413/2024", &s, &fields).await.status, StatusCode::OK);
    let form = t.get("/entry/03413/2024", Some(&s)).await.body;
    assert!(form.contains("name=\"v:2.1.km_dat\" value=\"12\""), "the change was saved");
    assert!(form.contains("name=\"v:2.1.km_tong\" value=\"15,1\""), "the total stands as stored, not -5");
}
