//! Browser tests in Debian's Chromium, driven through chromedriver by a small WebDriver client of
//! our own: sign in, enter a commune's values and see the matrix cell turn from chưa đạt to đạt;
//! switch to English; everything again with JavaScript off; a phone-width screen; a wrong value
//! caught beside its field, and from a matrix cell to the verdict and on to the value's history.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (`apt-get install chromium chromium-driver`;
//! `NTM_CHROMIUM` / `NTM_CHROMEDRIVER` override the paths). Without them the tests are skipped,
//! except under CI, where they fail. No network is used.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;
mod present;
mod webdriver;

use harness::{Browser, Options};

/// The matrix cell of Xã Sơn Bình (03413), criterion 16 (Văn hóa), in 2023.
const CELL_03413_16: &str = "table.matrix a[href$='/units/03413?period=2023#c-16']";
/// The save button of the entry form (the header's sign-out form has a submit button too).
const SAVE: &str = "form[action^='/entry/'] button[type=submit]";

/// Signs in as the officer of Xã Sơn Bình, sets indicator 16 (a percentage: the denominator stays
/// empty) of 2023 to `value`, and checks that the matrix and the unit page follow.
fn enter_value_and_see_the_cell_turn(b: &Browser, value: &str) {
    b.sign_in("sonbinh");

    b.open("/matrix?period=2023");
    assert_eq!(
        b.text(CELL_03413_16),
        "✗†",
        "criterion 16 of Sơn Bình is chưa đạt in the demo data (illustrative threshold, marked †)"
    );
    b.open("/units/03413?period=2023");
    assert!(b.text("main").contains("16/19 tiêu chí đạt"), "{}", b.text("main"));

    b.open("/entry/03413/2023");
    let numerator = b.session.find("#f-16").unwrap();
    assert_eq!(
        numerator.property("value").unwrap(),
        "49,7",
        "the demo value (decimal comma), below the illustrative 50 % threshold"
    );
    assert_eq!(b.session.find("#f-16-d").unwrap().property("value").unwrap(), "");
    b.fill("#f-16", value);
    b.click(SAVE);
    assert_eq!(b.text("main .ok[role=status]"), "Đã lưu số liệu thay đổi: 1");
    assert!(b.path().starts_with("/entry/03413/2023"), "{}", b.path());
    assert_eq!(b.session.find("#f-16").unwrap().property("value").unwrap(), value);

    b.open("/matrix?period=2023");
    assert_eq!(b.text(CELL_03413_16), "Đ†", "criterion 16 of Sơn Bình is now đạt");
    b.open("/units/03413?period=2023");
    assert!(b.text("main").contains("17/19 tiêu chí đạt"), "{}", b.text("main"));
}

#[test]
fn a_commune_officer_enters_a_value_and_the_matrix_cell_turns_met() {
    let Some(b) = Browser::start(Options::default()) else { return };
    enter_value_and_see_the_cell_turn(&b, "52");
}

#[test]
fn switching_to_english_keeps_the_page_and_translates_it() {
    let Some(b) = Browser::start(Options::default()) else { return };
    b.open("/units/03413?period=2024");
    b.session.find("html[lang=vi]").unwrap();
    assert_eq!(b.text("header a[lang=en]"), "English");

    b.click("header a[lang=en]");
    // Finding waits (implicitly) for the English page.
    b.session.find("html[lang=en]").unwrap();
    assert_eq!(b.path(), "/units/03413?period=2024", "the switch comes back to the same page");
    let body = b.text("body");
    assert!(body.contains("Overview") && body.contains("criteria met"), "{body}");
    assert!(!body.contains("Tổng quan") && !body.contains("tiêu chí đạt"), "{body}");
    assert!(b.session.title().unwrap().contains("Xã Sơn Bình"), "{}", b.session.title().unwrap());

    // The choice is remembered (a cookie) on the next page.
    b.open("/matrix");
    b.session.find("html[lang=en]").unwrap();

    assert_eq!(b.text("header a[lang=vi]"), "Tiếng Việt");
    b.click("header a[lang=vi]");
    b.session.find("html[lang=vi]").unwrap();
    assert_eq!(b.path(), "/matrix");
    let body = b.text("body");
    assert!(body.contains("Tổng quan") && !body.contains("Overview"), "{body}");
}

#[test]
fn everything_works_with_javascript_off() {
    let Some(b) = Browser::start(Options { javascript: false, ..Options::default() }) else { return };

    // JavaScript really is off: a script would retitle this page, and <noscript> is shown.
    b.session
        .goto("data:text/html,<title>off</title><noscript><p id=n>no js</p></noscript><script>document.title='on'</script>")
        .unwrap();
    assert_eq!(b.session.title().unwrap(), "off");
    assert_eq!(b.text("#n"), "no js");

    enter_value_and_see_the_cell_turn(&b, "55");
    for path in ["/", "/matrix?period=2023", "/units/03413?period=2023", "/entry/03413/2023", "/login"] {
        b.open(path);
        let source = b.session.source().unwrap();
        assert!(!source.contains("<script"), "{path} has a script element");
    }
}

#[test]
fn a_phone_width_shows_the_matrix_without_breaking() {
    let Some(b) = Browser::start(Options { phone: true, ..Options::default() }) else { return };
    let number = |js: &str| b.session.execute(&format!("return {js};")).unwrap().as_f64().unwrap();

    b.open("/");
    b.session.find("table.matrix").unwrap();
    std::fs::write("/tmp/ntm-phone.png", b.session.screenshot().unwrap()).unwrap();
    b.session.execute("document.querySelector('table.matrix').scrollIntoView(); return 0;").unwrap();
    std::fs::write("/tmp/ntm-phone-matrix.png", b.session.screenshot().unwrap()).unwrap();
    // The matrix is wider than the phone, and scrolls inside its own container.
    let matrix = "document.querySelector('table.matrix').parentElement";
    let (inner, outer) = (number(&format!("{matrix}.scrollWidth")), number(&format!("{matrix}.clientWidth")));
    assert!(inner > outer && outer <= 390.0, "matrix {inner} px in a {outer} px container");

    for path in ["/", "/matrix", "/units/03413", "/criteria/xa-ntm-2021-2025/16", "/sets", "/login"] {
        b.open(path);
        let viewport = number("document.documentElement.clientWidth");
        assert_eq!(viewport, 390.0, "{path}: the layout viewport is the phone's width");
        let page = number("document.documentElement.scrollWidth");
        assert!(page <= viewport, "{path} scrolls sideways: {page} px wide on a {viewport} px screen");
    }
}

/// A wrong value: the error summary at the top links to the field, which says what is wrong;
/// nothing is saved; corrected, it saves. Then from the matrix to the verdict's arithmetic and
/// source on the unit page, and on to the value's history.
#[test]
fn a_wrong_value_is_caught_beside_its_field_and_a_verdict_leads_to_its_history() {
    let Some(b) = Browser::start(Options::default()) else { return };
    b.sign_in("sonbinh");
    b.open("/entry/03413/2023");
    b.fill("#f-3-1", "120");
    b.click(SAVE);
    let summary = b.text(".errors");
    assert!(summary.contains("Có lỗi — chưa lưu số liệu nào"), "{summary}");
    let link = b.session.find(".errors a[href='#f-3-1']").unwrap();
    assert!(link.text().unwrap().contains("tỷ lệ phần trăm lớn hơn 100"));
    link.click().unwrap();
    let focused = b.session.execute("return location.hash;").unwrap();
    assert_eq!(focused.as_str(), Some("#f-3-1"), "the summary link leads to the field");
    let invalid = b.session.execute("return document.getElementById('f-3-1').getAttribute('aria-invalid');").unwrap();
    assert_eq!(invalid.as_str(), Some("true"), "the field is marked for screen readers");
    b.open("/units/03413?period=2023");
    assert!(!b.text("main").contains("120%"), "nothing was saved");

    b.open("/entry/03413/2023");
    b.fill("#f-3-1", "88,5");
    b.click(SAVE);
    assert_eq!(b.text("main .ok[role=status]"), "Đã lưu số liệu thay đổi: 1");

    // From the matrix cell of criterion 3 to the unit page: the verdict with its arithmetic.
    b.open("/matrix?period=2023");
    b.click("table.matrix a[href$='/units/03413?period=2023#c-3']");
    assert!(b.text("#c-3 summary").contains("[Đạt] 3."), "the criterion is met now");
    b.click("#c-3 summary"); // a met criterion is folded: open it
    let criterion = b.text("#c-3");
    assert!(criterion.contains("88,5% ≥ 80%") && criterion.contains("→ đạt"), "{criterion}");
    assert!(criterion.contains("QĐ 318"), "the threshold's source: {criterion}");
    // And from there to the value's history: who changed it, from what to what.
    b.click("#c-3 a[href^='/history/03413/2023/3.1']");
    let history = b.text("main");
    assert!(history.contains("sonbinh") && history.contains("88,5") && history.contains("nhập số liệu"), "{history}");
}
