//! The template opened and saved by LibreOffice Calc (headless) reads back as the same values:
//! communes without Microsoft Office use it. Under CI (`.ci/run` installs
//! `libreoffice-calc-nogui`) a missing `soffice` fails the test; elsewhere it skips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use ntm_domain::{Lang, Period, Value};
use ntm_excel::fill::{CellInput, fill_cells};
use ntm_excel::read::read_template;
use ntm_excel::template::{CurrentValue, TemplateSpec, TemplateUnit, template_workbook};
use ntm_io::Catalog;

fn soffice() -> Option<&'static str> {
    let found = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if found {
        return Some("soffice");
    }
    assert!(std::env::var_os("CI").is_none(), "soffice (libreoffice-calc-nogui) is required under CI");
    eprintln!("skipped: soffice is not installed");
    None
}

#[test]
fn a_template_saved_by_libreoffice_reads_back_as_the_same_values() {
    let Some(soffice) = soffice() else { return };
    let catalog = Catalog::shipped().unwrap();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/tam-duong/units.csv");
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_file(&root).unwrap()]).unwrap().tree;
    let value = |e: &str, v: &str| CurrentValue {
        element: e.into(),
        value: Some(Value::parse(v).unwrap()),
        revision: 1,
        changed: String::new(),
    };
    let unit = |code: &str, name: &str| TemplateUnit {
        code: code.into(),
        name: name.into(),
        values: vec![value("1.1", "true"), value("2.1.km_dat", "15.1"), value("5", "4/4"), value("9.1", "false")],
    };
    let spec = TemplateSpec {
        set,
        period: Period::Quarter(2024, 3),
        lang: Lang::Vi,
        units: vec![unit("03413", "Xã Sơn Bình"), unit("03394", "Xã Thèn Sin")],
        criteria: None,
        agency: Some("ktht".into()),
        revision: 7,
        illustrative: false,
    };
    let template = template_workbook(&spec).unwrap();
    // Filled as an official would, in the cells of Sơn Bình's values.
    let original = read_template("mau.xlsx", &template, set, &tree).unwrap();
    let cell = |element: &str| {
        let c = &original.rows.iter().find(|r| r.element == element && r.unit_code == "03413").unwrap().cell;
        c.split('!').nth(1).unwrap().to_string()
    };
    let row_of_1_1: u32 = cell("1.1")[1..].parse().unwrap();
    let filled = fill_cells(
        &template,
        &[
            ("03413".into(), cell("2.1.km_dat"), CellInput::Number(16.25)),
            ("03413".into(), format!("E{}", row_of_1_1 + 1), CellInput::Text("Không đạt".into())),
        ],
    )
    .unwrap();
    let want = read_template("mau.xlsx", &filled, set, &tree).unwrap();
    assert_eq!(want.rows.len(), original.rows.len() + 1);

    let dir = std::env::temp_dir().join(format!("ntm-lo-{}", std::process::id()));
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let input = dir.join("mau.xlsx");
    std::fs::write(&input, &filled).unwrap();
    let status = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice failed: {}", String::from_utf8_lossy(&status.stderr));
    let converted = std::fs::read(out.join("mau.xlsx")).unwrap();
    assert_ne!(converted, filled, "LibreOffice wrote its own workbook");
    let got = read_template("mau-lo.xlsx", &converted, set, &tree).unwrap();
    let key = |t: &ntm_excel::read::FilledTemplate| {
        t.rows.iter().map(|r| (r.cell.clone(), r.row.value, r.downloaded, r.revision)).collect::<Vec<_>>()
    };
    assert_eq!(key(&got), key(&want), "the same values, cells and download revisions");
    assert_eq!((got.period, got.revision), (Period::Quarter(2024, 3), 7));
    let _ = std::fs::remove_dir_all(&dir);
}
