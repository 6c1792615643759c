//! The Excel template import at scale (issue 10 point 5; results in BENCHMARKS.md):
//!
//! ```sh
//! cargo bench -p ntm-bench --bench xlsx
//! ```
//!
//! 1. (Not measured.) A fresh SQLite database in the temporary directory gets the GSO list of
//!    January 2025 (`Db::import_units`), empty of values. A template workbook of the shipped set
//!    xa-ntm-2021-2025 for 2024 is written by `ntm_excel::template::template_workbook` for as many
//!    communes as make 50,000 value rows (one sheet per commune, every criterion), every value cell
//!    filled with a valid synthetic value: a template filled by a program.
//! 2. (Measured, this process.) `ntm_excel::read::read_template` alone: the workbook opened,
//!    every cell read and checked as the values CSV is.
//! 3. (Measured, a child process.) The import as `ntm values import F.xlsx` runs it
//!    (`ntm_app::entry::xlsx::import_values_xlsx_file`): the file read and checked, every value
//!    compared inside the transaction with what is stored, written, committed as one audited
//!    change. Reported: its wall time and the child's peak memory (`VmHWM`), which holds the
//!    file, the read workbook and the rows, never the generation. Then the same file again:
//!    every value equal to the stored one, nothing written, no audit row.
//!
//! Target: the import of a 50,000-row workbook ≤ 2 s. `cargo test -p ntm-bench --benches` runs
//! it as a smoke check on 2,000 rows.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use ntm_bench::{Res, SET_ID, communes, cores, cpu_model, gso_tree, load_average, memory};
use ntm_domain::{Lang, Period, Value};
use ntm_excel::template::{CellKind, CurrentValue, TemplateSpec, TemplateUnit, criterion_elements, template_workbook};
use ntm_store::Db;

const CHILD: &str = "NTM_BENCH_XLSX_CHILD";
const TARGET_ROWS: usize = 50_000;
const SMOKE_ROWS: usize = 2_000;
const TARGET_SECONDS: f64 = 2.0;

fn main() -> Res<()> {
    if let Ok(url) = std::env::var(CHILD) {
        return child(&url);
    }
    let full = std::env::args().any(|a| a == "--bench");
    let rows_wanted = if full { TARGET_ROWS } else { SMOKE_ROWS };
    let dir = std::env::temp_dir().join(format!("ntm-bench-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db_path = dir.join("bench.db");
    let url = format!("sqlite://{}", db_path.display());
    let file = dir.join("mau-50000.xlsx");

    let catalog = ntm_io::Catalog::shipped()?;
    let set = catalog.set(SET_ID).ok_or("the shipped set")?;
    let tree = gso_tree()?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let t = Instant::now();
    rt.block_on(async {
        let db = Db::connect(&url).await?;
        db.import_units(&tree, None, "communes-2025-01.csv (ntm-bench)").await?;
        db.close().await;
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    println!("units imported in {:.1} s (not measured)", t.elapsed().as_secs_f64());

    // The filled template.
    let elements: Vec<String> = set.criteria().iter().flat_map(|c| criterion_elements(set, &c.id)).collect();
    let per_unit = elements.len();
    let units = rows_wanted.div_ceil(per_unit);
    let chosen = communes(&tree, Some(units));
    let value_of = |element: &str, i: usize| -> Option<Value> {
        let v = match CellKind::of(set, element)? {
            CellKind::Boolean => Value::Bool(!i.is_multiple_of(3)),
            CellKind::Rate if i.is_multiple_of(2) => Value::Fraction { num: 7, den: 8 },
            CellKind::Rate | CellKind::RateAlone => Value::parse(&format!("{}.5", 40 + i % 50)).ok()?,
            CellKind::Count => Value::parse(&format!("{}", 200 + i % 100)).ok()?,
            CellKind::Number => Value::parse(&format!("{}.25", 10 + i % 90)).ok()?,
        };
        Some(v)
    };
    let sheets: Vec<TemplateUnit> = chosen
        .iter()
        .enumerate()
        .map(|(i, &u)| TemplateUnit {
            code: tree.unit(u).code.clone(),
            name: tree.unit(u).name.clone(),
            values: elements
                .iter()
                .map(|e| CurrentValue {
                    element: e.clone(),
                    value: value_of(e, i),
                    revision: 0,
                    changed: String::new(),
                })
                .collect(),
        })
        .collect();
    let t = Instant::now();
    let spec = TemplateSpec {
        set,
        period: Period::Year(2024),
        lang: Lang::Vi,
        units: sheets,
        criteria: None,
        agency: None,
        revision: 0,
        illustrative: true,
    };
    let bytes = template_workbook(&spec)?;
    std::fs::write(&file, &bytes)?;
    let rows = units * per_unit;
    println!(
        "workbook       : {units} communes × {per_unit} value rows = {rows} rows, {:.1} MB, written in {:.1} s (not measured)",
        bytes.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    // Reading and checking alone.
    let t = Instant::now();
    let read = ntm_excel::read::read_template("mau.xlsx", &bytes, set, &tree).map_err(|e| e.render(Lang::En))?;
    let read_secs = t.elapsed().as_secs_f64();
    println!("read + checks  : {} values read and checked in {read_secs:.2} s (this process)", read.rows.len());
    drop(read);
    drop(bytes);

    // The import, in a child process (its memory is the import's only).
    let out = Command::new(std::env::current_exe()?).env(CHILD, &url).env("NTM_BENCH_XLSX_FILE", &file).output()?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        return Err(format!("the import failed:\n{text}{}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let result = text.lines().find_map(|l| l.strip_prefix("RESULT ")).ok_or("no RESULT line")?;
    let get = |k: &str| -> f64 {
        result
            .split_whitespace()
            .find_map(|p| p.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let (secs, changed, hwm) = (get("import"), get("changed"), get("hwm"));
    println!(
        "import         : {rows} rows → {changed} values written, one audited change, in {secs:.2} s; the import's process VmHWM {hwm:.0} MiB"
    );
    println!(
        "the same again : {} values written, nothing recorded, in {:.2} s (every value compared with the stored one)",
        get("again_changed"),
        get("again")
    );
    let met = secs <= TARGET_SECONDS;
    println!(
        "target import of a 50,000-row workbook ≤ {TARGET_SECONDS} s : {} ({secs:.2} s{})",
        if !full {
            "not judged (smoke run)"
        } else if met {
            "MET"
        } else {
            "NOT MET"
        },
        if full { "" } else { ", 2,000 rows" }
    );
    println!("machine        : {} cores, {}, load {}", cores(), cpu_model(), load_average());
    println!("this process   : VmHWM {} MiB (generation included)", memory().0);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The import, as `ntm values import F.xlsx` runs it.
fn child(url: &str) -> Res<()> {
    let file = PathBuf::from(std::env::var("NTM_BENCH_XLSX_FILE")?);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let db = rt.block_on(Db::connect(url))?;
    let t = Instant::now();
    let bytes = std::fs::read(&file)?;
    let done = rt
        .block_on(ntm_app::entry::xlsx::import_values_xlsx_file(&db, SET_ID, "mau-50000.xlsx", bytes, None))
        .map_err(|e| match e {
        ntm_app::AppError::Invalid(errors) => errors.render(Lang::En),
        other => other.to_string(),
    })?;
    let secs = t.elapsed().as_secs_f64();
    // The same file again: every value compared with the stored one, nothing written or recorded.
    let t = Instant::now();
    let bytes = std::fs::read(&file)?;
    let again = rt
        .block_on(ntm_app::entry::xlsx::import_values_xlsx_file(&db, SET_ID, "mau-50000.xlsx", bytes, None))
        .map_err(|e| e.to_string())?;
    let again_secs = t.elapsed().as_secs_f64();
    rt.block_on(db.close());
    println!(
        "RESULT import={secs} rows={} changed={} again={again_secs} again_changed={} hwm={}",
        done.rows,
        done.changed,
        again.changed,
        memory().0
    );
    Ok(())
}
