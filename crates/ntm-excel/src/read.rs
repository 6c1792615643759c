//! The data entry template read back (`template.rs` writes it). The workbook's value cells become
//! the rows a values CSV gives (`unit_code,period,element,value`) and go through the same reader
//! and checks ([`ntm_io::values::read_values`]); every problem is then placed on its cell
//! (`03413!E7`). What only a workbook can get wrong is checked first: not an Excel file, a file
//! over [`MAX_TEMPLATE_BYTES`] (refused before it is opened), no metadata sheet, another
//! template version or set, a sheet missing, a row deleted or moved (its code no longer where the
//! template put it), text in a number cell, a rate given twice or half a fraction.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use ntm_domain::{CriteriaSet, Period, UnitTree, Value};
use ntm_io::values::{ValueRow, read_values};
use ntm_io::{InputErrors, Location, Problem};

use crate::template::{
    COL_CODE, COL_DENOMINATOR, COL_NUMERATOR, COL_VALUE, CellKind, META_FIRST_ROW, META_MARK, META_ROW_PERIOD,
    META_ROW_REVISION, META_ROW_SET, META_SHEET, ROW_UNIT, TEMPLATE_VERSION, cell_name,
};

/// The largest workbook read: 50 MB.
pub const MAX_TEMPLATE_BYTES: u64 = 50 * 1024 * 1024;

/// A value of the workbook, checked, with where it is and what it was at download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilledRow {
    pub row: ValueRow,
    /// Its cell: `03413!E7`.
    pub cell: String,
    /// The unit's code.
    pub unit_code: String,
    /// The element's code.
    pub element: String,
    /// The value when the template was made, and its revision (0: none).
    pub downloaded: Option<Value>,
    pub revision: i64,
}

/// A filled template, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilledTemplate {
    pub set: String,
    pub period: Period,
    /// The store's revision when the template was made.
    pub revision: i64,
    /// The cells that hold a value (empty ones are left out: they keep what is stored).
    pub rows: Vec<FilledRow>,
    /// Value rows of the template (filled or not).
    pub cells: usize,
}

/// Runs a step of the zip and XML parser: a damaged file may stop it by a panic (calamine 0.38
/// overflows on a huge cell reference when overflow checks are on, as in a debug build), and the
/// upload is then refused as damaged, never the process.
fn damaged<T>(step: impl FnOnce() -> T) -> Result<T, Problem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).map_err(|_| Problem::DamagedWorkbook)
}

/// Whether the bytes start as a zip archive does (an .xlsx is one).
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A cell's content as a value's text, or the problem with it.
fn cell_text(data: Option<&Data>, kind: CellKind) -> Result<Option<String>, Problem> {
    let text = match data {
        None | Some(Data::Empty) => return Ok(None),
        Some(Data::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Data::Bool(b)) => return Ok(Some(b.to_string())),
        Some(Data::Int(i)) => return Ok(Some(i.to_string())),
        Some(Data::Float(x)) => {
            if !x.is_finite() {
                return Err(Problem::TextInNumberCell(x.to_string()));
            }
            // The shortest decimal that reads back as the same float: what was typed.
            return Ok(Some(format!("{x}")));
        }
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::DateTime(d)) => d.as_f64().to_string(),
        Some(Data::DateTimeIso(s) | Data::DurationIso(s)) => s.clone(),
        Some(Data::Error(e)) => return Err(Problem::Syntax(e.to_string())),
    };
    match kind {
        CellKind::Boolean => Ok(Some(text)),
        // A number typed as text in Vietnamese (`72,5`) is a number; other text is not.
        _ => match ntm_io::text::form_number(&text, ntm_domain::Lang::Vi) {
            Ok(n) if ntm_domain::Ratio::parse_decimal(&n).is_ok() => Ok(Some(n)),
            _ => Err(Problem::TextInNumberCell(text)),
        },
    }
}

/// Reads a filled template of `set`: every value cell checked as the values CSV is; all the
/// problems, each on its cell, if any.
pub fn read_template(
    name: &str,
    bytes: &[u8],
    set: &CriteriaSet,
    tree: &UnitTree,
) -> Result<FilledTemplate, InputErrors> {
    let whole = |p: Problem| InputErrors::one(Location::file(name), p);
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_TEMPLATE_BYTES {
        return Err(whole(Problem::FileTooLarge { limit_mb: MAX_TEMPLATE_BYTES >> 20 }));
    }
    if !looks_like_xlsx(bytes) {
        return Err(whole(Problem::NotExcel));
    }
    let mut book = match damaged(|| Xlsx::new(Cursor::new(bytes))) {
        Ok(Ok(book)) => book,
        Ok(Err(_)) => return Err(whole(Problem::NotExcel)),
        Err(p) => return Err(whole(p)),
    };
    if !book.sheet_names().iter().any(|s| s == META_SHEET) {
        return Err(whole(Problem::NotATemplate));
    }
    let meta = match damaged(|| book.worksheet_range(META_SHEET)) {
        Ok(Ok(range)) => range,
        Ok(Err(e)) => return Err(whole(Problem::Unreadable(e.to_string()))),
        Err(p) => return Err(whole(p)),
    };
    let at_meta = |row: u32, col: u16| Location::cell(name, META_SHEET, &cell_name(row, col));
    let text = |row: u32, col: u16| -> String {
        match meta.get_value((row, u32::from(col))) {
            Some(Data::String(s)) => s.trim().to_string(),
            Some(Data::Float(x)) => format!("{x}"),
            Some(Data::Int(i)) => i.to_string(),
            _ => String::new(),
        }
    };
    if text(0, 0) != META_MARK {
        return Err(whole(Problem::NotATemplate));
    }
    let version = text(0, 1);
    if version != TEMPLATE_VERSION.to_string() {
        return Err(InputErrors::one(
            at_meta(0, 1),
            Problem::OldTemplate { found: version, expected: TEMPLATE_VERSION },
        ));
    }
    let set_id = text(META_ROW_SET, 1);
    if set_id != set.id() {
        return Err(InputErrors::one(
            at_meta(META_ROW_SET, 1),
            Problem::TemplateOfSet { found: set_id, expected: set.id().into() },
        ));
    }
    let period_text = text(META_ROW_PERIOD, 1);
    let period = Period::parse(&period_text)
        .map_err(|e| InputErrors::one(at_meta(META_ROW_PERIOD, 1), Problem::BadPeriod(period_text.clone(), e)))?;
    let revision = text(META_ROW_REVISION, 1).parse::<i64>().unwrap_or(0);

    let mut errors = InputErrors::default();
    let mut sheets: HashMap<String, Option<calamine::Range<Data>>> = HashMap::new();
    // The rows given to the values reader: (CSV line → the value's cells and metadata).
    let mut csv = String::from("unit_code,period,element,value\n");
    struct Given {
        sheet: String,
        row: u32,
        value_col: u16,
        unit: String,
        element: String,
        downloaded: Option<Value>,
        revision: i64,
    }
    let mut given: Vec<Given> = Vec::new();
    let mut cells = 0;
    let height = meta.end().map_or(0, |(r, _)| r + 1);
    for m in META_FIRST_ROW..height {
        let sheet_name = text(m, 0);
        if sheet_name.is_empty() {
            continue;
        }
        cells += 1;
        let row = text(m, 1).parse::<u32>().unwrap_or(0).saturating_sub(1);
        let (unit, element) = (text(m, 2), text(m, 3));
        let downloaded = Value::parse(&text(m, 4)).ok();
        let value_revision = text(m, 5).parse::<i64>().unwrap_or(0);
        if !sheets.contains_key(&sheet_name) {
            let range = match damaged(|| book.worksheet_range(&sheet_name)) {
                Ok(Ok(range)) => Some(range),
                Ok(Err(_)) => {
                    errors.push(Location::file(name), Problem::MissingSheet(sheet_name.clone()));
                    None
                }
                Err(p) => {
                    errors.push(Location::file(name), p);
                    None
                }
            };
            sheets.insert(sheet_name.clone(), range);
        }
        let Some(Some(sheet)) = sheets.get(&sheet_name) else { continue };
        let at = |col: u16| Location::cell(name, &sheet_name, &cell_name(row, col));
        let shown = |r: u32, col: u16| match sheet.get_value((r, u32::from(col))) {
            Some(Data::String(s)) => s.trim().to_string(),
            Some(Data::Float(x)) => format!("{x}"),
            Some(Data::Int(i)) => i.to_string(),
            _ => String::new(),
        };
        // The unit's code and the row's code still where the template put them.
        let unit_there = shown(ROW_UNIT, COL_CODE);
        if unit_there != unit {
            let location = Location::cell(name, &sheet_name, &cell_name(ROW_UNIT, COL_CODE));
            if !errors.0.iter().any(|e| e.location == location) {
                errors.push(location, Problem::RowChanged { expected: unit.clone(), found: unit_there });
            }
            continue;
        }
        let code_there = shown(row, COL_CODE);
        if code_there != element {
            errors.push(at(COL_CODE), Problem::RowChanged { expected: element.clone(), found: code_there });
            continue;
        }
        let Some(kind) = CellKind::of(set, &element) else {
            errors.push(at(COL_CODE), Problem::UnknownElement { element: element.clone(), set: set.id().into() });
            continue;
        };
        let read = |col: u16| cell_text(sheet.get_value((row, u32::from(col))), kind);
        let value = match read(COL_VALUE) {
            Ok(v) => v,
            Err(p) => {
                errors.push(at(COL_VALUE), p);
                continue;
            }
        };
        let (mut value_col, mut value_text) = (COL_VALUE, value);
        if kind == CellKind::Rate {
            let (num, den) = match (read(COL_NUMERATOR), read(COL_DENOMINATOR)) {
                (Ok(n), Ok(d)) => (n, d),
                (Err(p), _) => {
                    errors.push(at(COL_NUMERATOR), p);
                    continue;
                }
                (_, Err(p)) => {
                    errors.push(at(COL_DENOMINATOR), p);
                    continue;
                }
            };
            match (value_text.is_some(), num, den) {
                (_, None, None) => {}
                (true, _, _) => {
                    errors.push(at(COL_NUMERATOR), Problem::RateAndFraction);
                    continue;
                }
                (false, Some(n), Some(d)) => {
                    value_text = Some(format!("{n}/{d}"));
                    value_col = COL_NUMERATOR;
                }
                (false, None, Some(_)) => {
                    errors.push(at(COL_NUMERATOR), Problem::HalfFraction);
                    continue;
                }
                (false, Some(_), None) => {
                    errors.push(at(COL_DENOMINATOR), Problem::HalfFraction);
                    continue;
                }
            }
        }
        let Some(value_text) = value_text else { continue };
        if [&unit, &element, &value_text].iter().any(|t| t.contains(['"', ',', '\n', '\r'])) {
            errors
                .push(at(value_col), Problem::BadValue(value_text, ntm_domain::ValueError::Unreadable(String::new())));
            continue;
        }
        csv.push_str(&format!("{unit},{period},{element},{value_text}\n"));
        given.push(Given {
            sheet: sheet_name.clone(),
            row,
            value_col,
            unit,
            element,
            downloaded,
            revision: value_revision,
        });
    }
    // The same checks as a values CSV, each problem put back on its cell.
    let checked = read_values(name, &csv, set, tree);
    let place = |location: &Location| -> Location {
        let index = location.line.and_then(|l| usize::try_from(l).ok()).and_then(|l| l.checked_sub(2));
        match index.and_then(|i| given.get(i)) {
            Some(g) => {
                let col = match location.field.as_deref() {
                    Some("unit_code") | Some("element") => COL_CODE,
                    Some("period") => return Location::cell(name, META_SHEET, &cell_name(META_ROW_PERIOD, 1)),
                    _ => g.value_col,
                };
                Location::cell(name, &g.sheet, &cell_name(g.row, col))
            }
            None => Location::file(name),
        }
    };
    let rows = match checked {
        Ok(rows) => rows,
        Err(found) => {
            for e in found.0 {
                let problem = match e.problem {
                    // A key twice: the template has one row per key, so a line number means a row.
                    Problem::DuplicateRow { first_line } => {
                        let first = usize::try_from(first_line)
                            .ok()
                            .and_then(|l| l.checked_sub(2))
                            .and_then(|i| given.get(i))
                            .map_or(0, |g| u64::from(g.row) + 1);
                        Problem::DuplicateRow { first_line: first }
                    }
                    p => p,
                };
                errors.push(place(&e.location), problem);
            }
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(g) = usize::try_from(r.line).ok().and_then(|l| l.checked_sub(2)).and_then(|i| given.get(i)) else {
            continue;
        };
        out.push(FilledRow {
            cell: format!("{}!{}", g.sheet, cell_name(g.row, g.value_col)),
            unit_code: g.unit.clone(),
            element: g.element.clone(),
            downloaded: g.downloaded,
            revision: g.revision,
            row: r,
        });
    }
    Ok(FilledTemplate { set: set.id().into(), period, revision, rows: out, cells })
}
