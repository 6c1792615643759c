//! A workbook of worded tables: each sheet a title, its notes and one or more tables whose
//! cells are text, numbers (kept as numbers, so officials can sum and filter) or verdicts
//! (words in their colour). The words come made from the caller, in the reader's language;
//! this module only lays them out. Used by reports that are tables of figures and sentences,
//! such as the consolidated report of a reporting round.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::{ExcelError, MAX_CELL_CHARS, put};

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number, written as a number.
    Number(f64),
    /// A verdict or state: its code (`met`, `not_met`, `missing`; anything else is neutral) and
    /// its words.
    Status(String, String),
}

/// One table: an optional heading above it, its column heads, its rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub heading: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One sheet: its tab name (cut to what Excel allows), its title, a warning line (illustrative
/// data, values not yet accepted), notes, and its tables one under the other.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub warning: Option<String>,
    pub notes: Vec<String>,
    pub tables: Vec<Table>,
}

/// The longest tab name Excel opens.
const MAX_SHEET_NAME: usize = 31;

/// A tab name Excel accepts: without `[]:*?/\`, not starting or ending with `'`, at most 31
/// characters, not empty, and not the same as an earlier one (a number is added).
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Sheet".into() } else { clean.chars().take(MAX_SHEET_NAME).collect() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        let tail = format!(" ({n})");
        let keep = MAX_SHEET_NAME.saturating_sub(tail.chars().count());
        name = base.chars().take(keep).collect::<String>() + &tail;
        n += 1;
    }
    name
}

/// The shared cell formats, with a table's heading and the state codes of reports.
struct Formats {
    base: crate::Formats,
    heading: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats { base: crate::Formats::new(), heading: Format::new().set_bold().set_font_size(12) }
    }

    fn status(&self, code: &str) -> &Format {
        match code {
            "met" | "accepted" | "on_time" => &self.base.met,
            "not_met" | "late" | "returned" => &self.base.not_met,
            "missing" => &self.base.missing,
            _ => &self.base.wrap,
        }
    }
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet, f: &Formats) -> Result<(), ExcelError> {
    put(ws, 0, 0, &s.title, &f.base.title)?;
    let mut row: u32 = 1;
    if let Some(w) = &s.warning {
        put(ws, row, 0, w, &f.base.warning)?;
        row += 1;
    }
    for n in &s.notes {
        put(ws, row, 0, n, &f.base.note)?;
        row += 1;
    }
    let mut widest: Vec<usize> = Vec::new();
    for t in &s.tables {
        row += 1;
        if let Some(h) = &t.heading {
            put(ws, row, 0, h, &f.heading)?;
            row += 1;
        }
        for (col, h) in (0u16..).zip(&t.header) {
            put(ws, row, col, h, &f.base.header)?;
        }
        row += 1;
        for cells in &t.rows {
            for (col, c) in (0u16..).zip(cells) {
                let i = usize::from(col);
                if widest.len() <= i {
                    widest.resize(i + 1, 0);
                }
                match c {
                    Cell::Empty => {}
                    Cell::Text(text) => {
                        put(ws, row, col, text, &f.base.wrap)?;
                        widest[i] = widest[i].max(text.chars().count().min(MAX_CELL_CHARS));
                    }
                    Cell::Number(n) if n.is_finite() => {
                        ws.write_number_with_format(row, col, *n, &f.base.wrap)?;
                        widest[i] = widest[i].max(8);
                    }
                    Cell::Number(_) => {}
                    Cell::Status(code, words) => {
                        put(ws, row, col, words, f.status(code))?;
                        widest[i] = widest[i].max(words.chars().count());
                    }
                }
            }
            row += 1;
        }
    }
    // Columns as wide as their text, within reason; long sentences wrap.
    for (col, w) in (0u16..).zip(widest) {
        ws.set_column_width(col, (w as f64 * 1.1).clamp(6.0, 60.0))?;
    }
    Ok(())
}

/// The workbook of `sheets`, as bytes (`.xlsx`).
pub fn tables_workbook(sheets: &[Sheet]) -> Result<Vec<u8>, ExcelError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let mut taken: Vec<String> = Vec::new();
    for s in sheets {
        let name = sheet_name(&s.name, &taken);
        let ws = book.add_worksheet();
        ws.set_name(&name)?;
        taken.push(name);
        write_sheet(ws, s, &f)?;
    }
    if sheets.is_empty() {
        book.add_worksheet();
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    #[test]
    fn a_tab_name_is_one_excel_accepts_and_never_repeats() {
        assert_eq!(sheet_name("Quý 3/2024: tổng hợp", &[]), "Quý 3 2024  tổng hợp");
        let long = "Tình hình thực hiện báo cáo của các cơ quan và các xã";
        assert_eq!(sheet_name(long, &[]).chars().count(), 31);
        let taken = vec![sheet_name(long, &[])];
        let second = sheet_name(long, &taken);
        assert!(second.ends_with(" (2)") && second.chars().count() == 31, "{second}");
        assert_eq!(sheet_name("'[]'", &[]), "Sheet");
    }

    #[test]
    fn numbers_stay_numbers_and_words_are_written_as_given() {
        let sheets = vec![Sheet {
            name: "Tổng hợp".into(),
            title: "Báo cáo tổng hợp quý 3/2024".into(),
            warning: Some("DỮ LIỆU MINH HỌA".into()),
            notes: vec!["Chưa duyệt: 2 báo cáo".into()],
            tables: vec![Table {
                heading: Some("Kết quả".into()),
                header: vec!["Đơn vị".into(), "Số tiêu chí đạt".into(), "Đạt chuẩn".into()],
                rows: vec![
                    vec![
                        Cell::Text("Xã Sơn Bình".into()),
                        Cell::Number(19.0),
                        Cell::Status("met".into(), "Đạt".into()),
                    ],
                    vec![Cell::Text("Xã Hồ Thầu".into()), Cell::Number(10.0), Cell::Empty],
                ],
            }],
        }];
        let bytes = tables_workbook(&sheets).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Tổng hợp"]);
        let r = book.worksheet_range("Tổng hợp").unwrap();
        assert_eq!(r.get_value((0, 0)), Some(&Data::String("Báo cáo tổng hợp quý 3/2024".into())));
        assert_eq!(r.get_value((1, 0)), Some(&Data::String("DỮ LIỆU MINH HỌA".into())));
        // Title, warning, note, a blank row, the heading, the header, then the rows.
        assert_eq!(r.get_value((4, 0)), Some(&Data::String("Kết quả".into())));
        assert_eq!(r.get_value((5, 1)), Some(&Data::String("Số tiêu chí đạt".into())));
        assert_eq!(r.get_value((6, 1)), Some(&Data::Float(19.0)), "a number, to sum");
        assert_eq!(r.get_value((6, 2)), Some(&Data::String("Đạt".into())));
        assert_eq!(r.get_value((7, 0)), Some(&Data::String("Xã Hồ Thầu".into())));
    }

    #[test]
    fn a_text_longer_than_a_cell_is_cut_not_refused() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let sheets = vec![Sheet {
            name: "A".into(),
            title: "T".into(),
            tables: vec![Table { heading: None, header: vec!["Lý do".into()], rows: vec![vec![Cell::Text(long)]] }],
            ..Sheet::default()
        }];
        assert!(tables_workbook(&sheets).is_ok());
    }
}
