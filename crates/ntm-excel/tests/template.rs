//! The data entry template: written, filled by a program as an official fills it, read back;
//! and each bad upload refused with its cell and reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use ntm_domain::{CriteriaSet, Lang, Period, UnitTree, Value};
use ntm_excel::fill::{CellInput, fill_cells};
use ntm_excel::read::{MAX_TEMPLATE_BYTES, read_template};
use ntm_excel::template::{CurrentValue, TemplateSpec, TemplateUnit, template_workbook};
use ntm_io::{Catalog, Problem};

const SET: &str = "xa-ntm-2021-2025";

fn fixture() -> (CriteriaSet, UnitTree) {
    let catalog = Catalog::shipped().unwrap();
    let set = catalog.set(SET).unwrap().clone();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/tam-duong/units.csv");
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_file(&root).unwrap()]).unwrap().tree;
    (set, tree)
}

fn current(element: &str, value: &str, revision: i64) -> CurrentValue {
    CurrentValue {
        element: element.into(),
        value: Some(Value::parse(value).unwrap()),
        revision,
        changed: "vanphong, 01/07/2024 14:05".into(),
    }
}

/// Sơn Bình's template for 2024 with a few stored values.
fn template(set: &CriteriaSet, lang: Lang) -> Vec<u8> {
    let spec = TemplateSpec {
        set,
        period: Period::Year(2024),
        lang,
        units: vec![TemplateUnit {
            code: "03413".into(),
            name: "Xã Sơn Bình".into(),
            values: vec![
                current("1.1", "true", 3),
                current("2.1.km_dat", "15.1", 4),
                current("5", "4/4", 5),
                current("4.2.ho_tong", "960", 6),
            ],
        }],
        criteria: None,
        agency: None,
        revision: 42,
        illustrative: true,
    };
    template_workbook(&spec).unwrap()
}

/// The row (1-based) of an element on a sheet, as an official finds it.
fn row_of(bytes: &[u8], sheet: &str, element: &str) -> u32 {
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    for (r, row) in range.rows().enumerate() {
        if row.get(1) == Some(&Data::String(element.into())) {
            return u32::try_from(r).unwrap() + range.start().unwrap().0 + 1;
        }
    }
    panic!("no row {element}");
}

fn fill(bytes: &[u8], cells: &[(&str, &str, u8, CellInput)]) -> Vec<u8> {
    let list: Vec<(String, String, CellInput)> = cells
        .iter()
        .map(|(sheet, element, col, input)| {
            let r = row_of(bytes, sheet, element);
            (sheet.to_string(), format!("{}{r}", char::from(*col)), input.clone())
        })
        .collect();
    fill_cells(bytes, &list).unwrap()
}

fn errors_of(bytes: &[u8], set: &CriteriaSet, tree: &UnitTree) -> Vec<(String, Problem)> {
    let e = read_template("mau.xlsx", bytes, set, tree).expect_err("refused");
    e.0.into_iter().map(|e| (e.location.cell.as_deref().unwrap_or(&e.location.file).to_string(), e.problem)).collect()
}

#[test]
fn a_template_filled_by_a_program_reads_back_as_the_same_values() {
    let (set, tree) = fixture();
    let bytes = template(&set, Lang::Vi);
    let filled = fill(
        &bytes,
        &[
            ("03413", "1.2", b'E', CellInput::Text("Không đạt".into())),
            ("03413", "2.3", b'E', CellInput::Number(93.3)),
            ("03413", "6.3", b'F', CellInput::Number(7.0)),
            ("03413", "6.3", b'G', CellInput::Number(8.0)),
            ("03413", "4.2.ho_dat", b'E', CellInput::Number(950.0)),
            ("03413", "10.thu_nhap", b'E', CellInput::Text("219840,5".into())),
        ],
    );
    let read = read_template("mau.xlsx", &filled, &set, &tree).unwrap();
    assert_eq!(read.period, Period::Year(2024));
    assert_eq!(read.revision, 42, "the revision at download travels in the hidden sheet");
    let got: Vec<(String, String, String)> =
        read.rows.iter().map(|r| (r.element.clone(), r.row.value.to_string(), r.cell.clone())).collect();
    let want = |e: &str| got.iter().find(|g| g.0 == e).map(|g| g.1.clone()).unwrap_or_else(|| panic!("{e}: {got:?}"));
    // The typed values, and the pre-filled ones unchanged.
    assert_eq!(want("1.2"), "false");
    assert_eq!(want("2.3"), "93.3");
    assert_eq!(want("6.3"), "7/8");
    assert_eq!(want("4.2.ho_dat"), "950");
    assert_eq!(want("10.thu_nhap"), "219840.5", "a number typed as text with the decimal comma");
    assert_eq!(want("1.1"), "true");
    assert_eq!(want("2.1.km_dat"), "15.1");
    assert_eq!(want("5"), "4/4", "a fraction stays a fraction");
    assert_eq!(want("4.2.ho_tong"), "960");
    assert_eq!(got.len(), 9, "empty cells are not values: {got:?}");
    let r = read.rows.iter().find(|r| r.element == "2.1.km_dat").unwrap();
    assert_eq!((r.downloaded, r.revision), (Some(Value::parse("15.1").unwrap()), 4));
    assert!(r.cell.starts_with("03413!E"), "{}", r.cell);
}

#[test]
fn the_template_is_protected_but_its_value_cells_with_lists_and_ranges_and_has_a_very_hidden_sheet() {
    let (set, _) = fixture();
    let bytes = template(&set, Lang::Vi);
    let mut book = Xlsx::new(Cursor::new(bytes.as_slice())).unwrap();
    let sheets = book.sheets_metadata().to_vec();
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[1].name, "ntm");
    assert_eq!(sheets[1].visible, calamine::SheetVisible::VeryHidden);
    let range = book.worksheet_range("03413").unwrap();
    // Codes, names and units of measure written in; the stored value pre-filled.
    let r = row_of(&bytes, "03413", "2.1.km_dat") - 1;
    assert_eq!(range.get_value((r, 3)), Some(&Data::String("km".into())));
    assert_eq!(range.get_value((r, 4)), Some(&Data::Float(15.1)));
    // The sheet is protected and its value cells unlocked (in the sheet's XML and styles).
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("<sheetProtection"), "the structure is protected");
    assert!(xml.contains("type=\"list\""), "yes/no as a drop-down");
    assert!(xml.contains("&quot;Đạt,Không đạt&quot;") || xml.contains("\"Đạt,Không đạt\""), "its words");
    assert!(xml.contains("type=\"whole\""), "counts are whole numbers");
    assert!(xml.contains("<formula1>0</formula1><formula2>100</formula2>"), "rates between 0 and 100");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("locked=\"0\""), "value cells unlocked");
}

#[test]
fn each_bad_upload_is_refused_with_its_cell_and_reason() {
    let (set, tree) = fixture();
    let bytes = template(&set, Lang::Vi);
    let row = |e: &str| row_of(&bytes, "03413", e);

    // Text in a number cell.
    let e = errors_of(&fill(&bytes, &[("03413", "2.3", b'E', CellInput::Text("nhiều".into()))]), &set, &tree);
    assert_eq!(e, vec![(format!("03413!E{}", row("2.3")), Problem::TextInNumberCell("nhiều".into()))]);

    // Out of range: a rate over 100, a negative count.
    let e = errors_of(
        &fill(
            &bytes,
            &[("03413", "2.3", b'E', CellInput::Number(130.0)), ("03413", "4.2.ho_dat", b'E', CellInput::Number(-5.0))],
        ),
        &set,
        &tree,
    );
    let cells: Vec<&str> = e.iter().map(|(c, _)| c.as_str()).collect();
    assert!(cells.contains(&format!("03413!E{}", row("2.3")).as_str()), "{e:?}");
    assert!(cells.contains(&format!("03413!E{}", row("4.2.ho_dat")).as_str()), "{e:?}");
    assert!(e.iter().any(|(_, p)| matches!(p, Problem::BadValue(_, ntm_domain::ValueError::PercentOver100))));
    assert!(e.iter().any(|(_, p)| matches!(p, Problem::BadValue(_, ntm_domain::ValueError::Negative))));

    // A wrong code: the row's code edited (or its row deleted: the next code moves up).
    let e = errors_of(&fill(&bytes, &[("03413", "2.3", b'B', CellInput::Text("2.9".into()))]), &set, &tree);
    assert_eq!(
        e,
        vec![(format!("03413!B{}", row("2.3")), Problem::RowChanged { expected: "2.3".into(), found: "2.9".into() })]
    );
    // A row emptied (its cells deleted, as deleting a row's contents or the row does).
    let e = errors_of(&fill(&bytes, &[("03413", "2.3", b'B', CellInput::Empty)]), &set, &tree);
    assert_eq!(
        e,
        vec![(format!("03413!B{}", row("2.3")), Problem::RowChanged { expected: "2.3".into(), found: String::new() })]
    );
    // The unit's code edited.
    let e = errors_of(
        &fill_cells(&bytes, &[("03413".into(), "B2".into(), CellInput::Text("99999".into()))]).unwrap(),
        &set,
        &tree,
    );
    assert_eq!(e[0], ("03413!B2".into(), Problem::RowChanged { expected: "03413".into(), found: "99999".into() }));

    // A rate given twice, half a fraction.
    let e = errors_of(
        &fill(
            &bytes,
            &[
                ("03413", "6.3", b'E', CellInput::Number(80.0)),
                ("03413", "6.3", b'F', CellInput::Number(7.0)),
                ("03413", "6.3", b'G', CellInput::Number(8.0)),
            ],
        ),
        &set,
        &tree,
    );
    assert_eq!(e, vec![(format!("03413!F{}", row("6.3")), Problem::RateAndFraction)]);
    let e = errors_of(&fill(&bytes, &[("03413", "6.3", b'F', CellInput::Number(7.0))]), &set, &tree);
    assert_eq!(e, vec![(format!("03413!G{}", row("6.3")), Problem::HalfFraction)]);
    // A numerator over its denominator, as the values CSV refuses it.
    let e = errors_of(
        &fill(
            &bytes,
            &[("03413", "6.3", b'F', CellInput::Number(9.0)), ("03413", "6.3", b'G', CellInput::Number(8.0))],
        ),
        &set,
        &tree,
    );
    assert_eq!(e[0].0, format!("03413!F{}", row("6.3")));

    // An old template version, a template of another set.
    let e =
        errors_of(&fill_cells(&bytes, &[("ntm".into(), "B1".into(), CellInput::Number(0.0))]).unwrap(), &set, &tree);
    assert_eq!(e, vec![("ntm!B1".into(), Problem::OldTemplate { found: "0".into(), expected: 1 })]);
    let e = errors_of(
        &fill_cells(&bytes, &[("ntm".into(), "B2".into(), CellInput::Text("xa-ntm-2026-2030".into()))]).unwrap(),
        &set,
        &tree,
    );
    assert!(matches!(e[0].1, Problem::TemplateOfSet { .. }), "{e:?}");

    // Not an Excel file; an Excel file that is not a template; a file over the limit.
    assert_eq!(
        errors_of(b"unit_code,period,element,value\n", &set, &tree),
        vec![("mau.xlsx".into(), Problem::NotExcel)]
    );
    assert_eq!(errors_of(b"PK\x03\x04 broken", &set, &tree), vec![("mau.xlsx".into(), Problem::NotExcel)]);
    let mut other = rust_xlsxwriter::Workbook::new();
    other.add_worksheet().write_string(0, 0, "x").unwrap();
    assert_eq!(
        errors_of(&other.save_to_buffer().unwrap(), &set, &tree),
        vec![("mau.xlsx".into(), Problem::NotATemplate)]
    );
    let big = vec![0u8; usize::try_from(MAX_TEMPLATE_BYTES).unwrap() + 1];
    assert_eq!(errors_of(&big, &set, &tree), vec![("mau.xlsx".into(), Problem::FileTooLarge { limit_mb: 50 })]);
}

#[test]
fn the_messages_name_the_cell_in_either_language() {
    let (set, tree) = fixture();
    let bytes = template(&set, Lang::En);
    let filled = fill(&bytes, &[("03413", "2.3", b'E', CellInput::Text("lots".into()))]);
    let e = read_template("t.xlsx", &filled, &set, &tree).unwrap_err();
    let r = row_of(&bytes, "03413", "2.3");
    assert_eq!(e.render(Lang::Vi), format!("t.xlsx, ô 03413!E{r}: \"lots\" là chữ, ô này cần một số"));
    assert_eq!(e.render(Lang::En), format!("t.xlsx, cell 03413!E{r}: \"lots\" is text; this cell takes a number"));
    // English words in the drop-down read back.
    let filled = fill(&bytes, &[("03413", "1.2", b'E', CellInput::Text("No".into()))]);
    let read = read_template("t.xlsx", &filled, &set, &tree).unwrap();
    assert_eq!(read.rows.iter().find(|r| r.element == "1.2").unwrap().row.value, Value::Bool(false));
    let filled = fill(&bytes, &[("03413", "1.2", b'E', CellInput::Bool(true))]);
    let read = read_template("t.xlsx", &filled, &set, &tree).unwrap();
    assert_eq!(read.rows.iter().find(|r| r.element == "1.2").unwrap().row.value, Value::Bool(true));
}

/// Writes the hand-made seeds of the fuzz corpus `fuzz/corpus/xlsx_template` (run by hand:
/// `cargo test -p ntm-excel --test template -- --ignored`); `ok-*` must be accepted, `err-*`
/// refused (the replay test `fuzz_corpus.rs` holds them to it).
#[test]
#[ignore]
fn write_the_fuzz_seeds() {
    let (set, _) = fixture();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/xlsx_template");
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = template(&set, Lang::Vi);
    let seeds = [
        ("ok-template.xlsx", bytes.clone()),
        (
            "ok-filled.xlsx",
            fill(
                &bytes,
                &[
                    ("03413", "6.3", b'F', CellInput::Number(7.0)),
                    ("03413", "6.3", b'G', CellInput::Number(8.0)),
                    ("03413", "1.2", b'E', CellInput::Bool(false)),
                ],
            ),
        ),
        ("err-text-in-number.xlsx", fill(&bytes, &[("03413", "2.3", b'E', CellInput::Text("x".into()))])),
        ("err-row-changed.xlsx", fill(&bytes, &[("03413", "2.3", b'B', CellInput::Text("2.9".into()))])),
        ("err-old-version.xlsx", fill_cells(&bytes, &[("ntm".into(), "B1".into(), CellInput::Number(0.0))]).unwrap()),
        ("err-csv.xlsx", b"unit_code,period,element,value\n03413,2024,2.3,95\n".to_vec()),
    ];
    for (name, data) in seeds {
        std::fs::write(dir.join(name), data).unwrap();
    }
}
