//! The Excel template reader under fuzzing (issue 10 point 5): `ntm_excel::read::read_template`
//! on arbitrary bytes (an upload is whatever a browser sends), against the shipped set
//! xa-ntm-2021-2025 and the Tam Đường demo's unit list. Shared by `fuzz_targets/xlsx_template.rs`
//! and the corpus replay test `crates/ntm-excel/tests/fuzz_corpus.rs`.
//!
//! Never a panic. A refusal renders, in Vietnamese and English, to errors that start with the
//! file's name. An accepted workbook gives values that fit their element as the values CSV
//! requires, each on a cell `SHEET!E7` (or F for a fraction) of a sheet named by its unit, in a
//! period within the set's years.

use std::sync::OnceLock;

use ntm_domain::{CriteriaSet, Lang, UnitTree};

pub const FILE: &str = "fuzz.xlsx";
const UNITS: &str = include_str!("../demo/tam-duong/units.csv");

fn fixture() -> &'static (CriteriaSet, UnitTree) {
    static FIXTURE: OnceLock<(CriteriaSet, UnitTree)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let catalog = ntm_io::Catalog::shipped().expect("the shipped sets load");
        let set = catalog.set("xa-ntm-2021-2025").expect("the shipped set exists").clone();
        let file = ntm_io::read_units_text("units.csv", UNITS).expect("the demo's units read");
        (set, ntm_io::build_tree(vec![file]).expect("the demo's units build").tree)
    })
}

/// A panic inside calamine is caught by the reader and refused as a damaged workbook (calamine
/// 0.38 overflows on a huge cell reference with overflow checks on): it is let unwind to that
/// catch, quietly. Any other panic goes to the hook there was (libFuzzer's aborts: a finding).
fn tolerate_calamines_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("calamine")) {
                before(info);
            }
        }));
    });
}

/// Reads `data` as a filled template; whether it was accepted.
pub fn xlsx_template(data: &[u8]) -> bool {
    tolerate_calamines_panics();
    let (set, tree) = fixture();
    match ntm_excel::read::read_template(FILE, data, set, tree) {
        Ok(t) => {
            assert!(set.plausible_years().contains(&t.period.year()), "a period within the set's years");
            assert!(t.rows.len() <= t.cells, "no more values than value rows");
            for r in &t.rows {
                let e = set.element(&r.element).expect("an element of the set");
                assert_eq!(r.row.element, e);
                assert_eq!(r.row.value.fit(set, e), Ok(r.row.value), "{}: fits its element", r.cell);
                assert_eq!(tree.unit(r.row.unit).code, r.unit_code);
                let (sheet, at) = r.cell.split_once('!').expect("SHEET!CELL");
                assert!(!sheet.is_empty() && (at.starts_with('E') || at.starts_with('F')), "{}", r.cell);
            }
            true
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an Err without any error");
            for lang in [Lang::Vi, Lang::En] {
                for e in &errors.0 {
                    let one = e.render(lang);
                    assert!(one.starts_with(FILE) && one.len() > FILE.len() + 2, "({lang:?}) {one}");
                }
            }
            false
        }
    }
}
