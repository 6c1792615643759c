//! The offline path in a browser with JavaScript off (issue 10 point 5): Sơn Bình's officer
//! follows the entry form's link to the Excel page, uploads a template filled offline, the page
//! refreshes itself until the import is done, and the entry form shows the value.

use ntm_domain::{Lang, Period};
use ntm_excel::fill::{CellInput, fill_cells};
use ntm_excel::template::{TemplateSpec, TemplateUnit, template_workbook};

use crate::harness::{Browser, Options, screenshots};

/// A template of Sơn Bình for 2024 with indicator 2.1 (a rate the demo computes from its raw
/// figures, 15.1 km of 15.1) typed as 100, every other cell empty (left as stored).
fn filled_template() -> std::path::PathBuf {
    let catalog = ntm_io::Catalog::shipped().unwrap();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let spec = TemplateSpec {
        set,
        period: Period::Year(2024),
        lang: Lang::Vi,
        units: vec![TemplateUnit { code: "03413".into(), name: "Xã Sơn Bình".into(), values: vec![] }],
        criteria: Some(vec!["2".into()]),
        agency: None,
        revision: 0,
        illustrative: true,
    };
    let bytes = template_workbook(&spec).unwrap();
    // Criterion 2's heading is row 6, its first indicator 2.1 row 7.
    let filled = fill_cells(&bytes, &[("03413".into(), "E7".into(), CellInput::Number(100.0))]).unwrap();
    let path = screenshots().join("son-binh-2024-filled.xlsx");
    std::fs::write(&path, filled).unwrap();
    // Chromium takes a canonical path only.
    path.canonicalize().unwrap()
}

#[test]
fn a_commune_uploads_a_template_filled_offline_and_its_entry_form_shows_the_value() {
    let Some(b) = Browser::start(Options { javascript: false, ..Options::default() }) else { return };
    b.sign_in("sonbinh");
    b.open("/entry/03413/2024");
    b.click("a[href^='/upload?']");
    assert!(b.path().starts_with("/upload?"), "{}", b.path());
    b.save_screenshot("upload-page");
    let file = filled_template();
    b.session.find("#file").unwrap().send_keys(&file.display().to_string()).unwrap();
    b.click("form[action='/upload'] button[type=submit]");
    // The page refreshes itself (the Refresh header) until the queue has run the import.
    let mut text = String::new();
    for _ in 0..60 {
        text = b.text("main");
        if text.contains("Đã nhập") || text.contains("không được nhập") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    b.save_screenshot("upload-done");
    assert!(text.contains("Đã nhập: 1 giá trị thay đổi"), "{text}");
    b.open("/entry/03413/2024/2");
    let typed = b.session.find("#f-2-1").unwrap().property("value").unwrap();
    assert_eq!(typed, serde_json::json!("100"));
}
