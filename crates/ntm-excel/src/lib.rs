//! `ntm-excel`: the evaluation as an Excel workbook, the form officials pass around.
//!
//! Sheet 1 is the matrix (one row per unit, one column per criterion: Đạt / Chưa đạt / Thiếu số
//! liệu, in words and colour); sheet 2 the detail (one row per unit and indicator, the verdict in
//! words and as a code, the value as a number, the threshold in words and as a number, its source
//! and the explanation). Numbers stay numbers, rounded without crossing the threshold they were
//! compared with, so that officials can sum and filter; text columns write numbers as the
//! workbook's language does (the decimal comma in Vietnamese). Illustrative data say so at the
//! top of each sheet; that most thresholds are not yet verified is said once, on the first.

pub mod fill;
pub mod read;
pub mod template;

use ntm_domain::Lang;
use ntm_io::report::{EvaluationReport, IndicatorDto, rounded};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// Workbooks of worded tables (the consolidated report of a round).
pub mod tables;

/// Above this many unit × indicator rows the detail sheet is left out (a note says so): a
/// workbook should open on an old office PC; the full detail is `ntm evaluate --format csv`.
pub const MAX_DETAIL_ROWS: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum ExcelError {
    #[error("could not write the workbook: {0}")]
    Write(#[from] XlsxError),
}

/// The words of the workbook.
struct Words {
    lang: Lang,
}

impl Words {
    fn pick(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(vi, en)
    }

    fn yes_no(&self, yes: bool) -> &'static str {
        if yes { self.pick("Có / đạt", "Yes / met") } else { self.pick("Không / chưa đạt", "No / not met") }
    }

    fn status(&self, code: &str) -> &'static str {
        match code {
            "met" => self.pick("Đạt", "Met"),
            "not_met" => self.pick("Chưa đạt", "Not met"),
            _ => self.pick("Thiếu số liệu", "Missing"),
        }
    }
}

/// The cell formats, made once (the evaluation's workbook and the tables of `tables.rs`).
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) note: Format,
    pub(crate) warning: Format,
    pub(crate) header: Format,
    pub(crate) met: Format,
    pub(crate) not_met: Format,
    pub(crate) missing: Format,
    pub(crate) text: Format,
    pub(crate) number: Format,
    pub(crate) wrap: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let cell = || Format::new().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xD0D7DE));
        let status =
            |fg: u32, bg: u32| cell().set_bold().set_font_color(Color::RGB(fg)).set_background_color(Color::RGB(bg));
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_font_color(Color::RGB(0x5A6570)),
            warning: Format::new().set_bold().set_background_color(Color::RGB(0xFFF3C4)),
            header: cell()
                .set_bold()
                .set_background_color(Color::RGB(0xF4F6F8))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            met: status(0x1F7A3A, 0xDFF3E4),
            not_met: status(0xB3261E, 0xFDE2DF),
            missing: status(0x6B6F76, 0xECEEF1),
            text: cell(),
            // General: whole numbers without a trailing point, decimals as stored (79.996 stays 79.996).
            number: cell(),
            wrap: cell().set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    fn status(&self, code: &str) -> &Format {
        match code {
            "met" => &self.met,
            "not_met" => &self.not_met,
            _ => &self.missing,
        }
    }
}

/// A period code (`2024Q3`) as officials read it (`quý III/2024`).
fn period_label(code: &str, lang: Lang) -> String {
    ntm_domain::Period::parse(code).map(|p| ntm_domain::explain::period_label(p, lang)).unwrap_or_else(|_| code.into())
}

/// The value as it was entered, as the workbook's language writes numbers (`72,5`, `45 / 55`,
/// `Có / đạt`).
fn entered(i: &IndicatorDto, w: &Words) -> String {
    match (&i.value, i.value_text.as_deref()) {
        (serde_json::Value::Bool(b), _) => w.yes_no(*b).to_string(),
        (_, Some(text)) if w.lang == Lang::Vi => text.replace('.', ","),
        (_, text) => text.unwrap_or("").to_string(),
    }
}

/// Title, legal basis and, for illustrative data, the warning; with `first`, the note that says
/// once per workbook how many verdicts rest on thresholds not verified. Returns the next free row.
fn heading(
    sheet: &mut Worksheet,
    r: &EvaluationReport,
    w: &Words,
    f: &Formats,
    title: &str,
    illustrative: bool,
    first: bool,
) -> Result<u32, ExcelError> {
    let period = period_label(&r.period, w.lang);
    put(sheet, 0, 0, format!("{title}: {}, {period}", r.set_title), &f.title)?;
    put(sheet, 1, 0, format!("{}: {}", w.pick("Căn cứ", "Legal basis"), r.legal_basis), &f.note)?;
    // The notes under the heading, each on its own row: demo data, unverified thresholds,
    // illustrative thresholds.
    let mut notes: Vec<(String, &Format)> = Vec::new();
    if illustrative {
        let text = w.pick(
            "DỮ LIỆU MINH HỌA — số liệu và một số ngưỡng là minh họa, không phải số liệu thật.",
            "ILLUSTRATIVE DATA — the figures and some thresholds are illustrative, not real.",
        );
        notes.push((text.into(), &f.warning));
    }
    let n = r.summary.unverified_verdicts;
    if n > 0 && first {
        let all: usize = r.units.iter().flat_map(|u| &u.criteria).map(|c| c.indicators.len()).sum();
        let text = match w.lang {
            Lang::Vi => format!(
                "{n}/{all} kết luận dựa trên ngưỡng hoặc chỉ tiêu chưa được kiểm chứng với văn bản gốc (cột \"Ngưỡng đã đối chiếu văn bản\" của trang Chi tiết; nguồn: ntm criteria show {}).",
                r.set
            ),
            Lang::En => format!(
                "{n}/{all} verdicts rest on a threshold or indicator not yet verified against the official text (column \"Threshold verified\" of the Detail sheet; sources: ntm criteria show {}).",
                r.set
            ),
        };
        notes.push((text, &f.note));
    }
    let n = r
        .units
        .iter()
        .flat_map(|u| &u.criteria)
        .flat_map(|c| &c.indicators)
        .filter(|i| i.threshold_origin == Some("illustrative"))
        .count();
    if n > 0 {
        let text = match w.lang {
            Lang::Vi => format!(
                "{n} kết luận dùng ngưỡng minh họa, không phải ngưỡng của văn bản pháp lý (cột \"Nguồn ngưỡng\" của trang Chi tiết)."
            ),
            Lang::En => format!(
                "{n} verdicts use an illustrative threshold, not one from a legal text (column \"Threshold from\" of the Detail sheet)."
            ),
        };
        notes.push((text, &f.warning));
    }
    let mut row = 2;
    for (text, format) in notes {
        put(sheet, row, 0, text, format)?;
        row += 1;
    }
    Ok(row + 1)
}

fn matrix_sheet(
    sheet: &mut Worksheet,
    r: &EvaluationReport,
    w: &Words,
    f: &Formats,
    illustrative: bool,
) -> Result<(), ExcelError> {
    sheet.set_name(w.pick("Tổng hợp", "Summary"))?;
    let top = heading(sheet, r, w, f, w.pick("Kết quả đánh giá", "Evaluation"), illustrative, true)?;
    let criteria: Vec<(&str, &str)> = r
        .units
        .first()
        .map(|u| u.criteria.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect())
        .unwrap_or_default();
    let fixed = [
        w.pick("STT", "No."),
        w.pick("Mã", "Code"),
        w.pick("Đơn vị", "Unit"),
        w.pick("Số tiêu chí đạt", "Criteria met"),
        w.pick("Tổng số tiêu chí", "Criteria"),
        w.pick("Đạt chuẩn", "Meets the standard"),
    ];
    for (col, text) in (0u16..).zip(fixed) {
        put(sheet, top, col, text, &f.header)?;
    }
    let first_criterion = fixed.len() as u16;
    for (col, (id, name)) in (first_criterion..).zip(&criteria) {
        put(sheet, top, col, format!("{id}. {name}"), &f.header)?;
        sheet.set_column_width(col, 14)?;
    }
    sheet.set_row_height(top, 90)?;
    for (i, u) in r.units.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.text)?;
        put(sheet, row, 1, &u.code, &f.text)?;
        put(sheet, row, 2, &u.name, &f.text)?;
        sheet.write_number_with_format(row, 3, u.criteria_met as f64, &f.text)?;
        sheet.write_number_with_format(row, 4, u.criteria_total as f64, &f.text)?;
        let standard = if u.standard_met { "met" } else { "not_met" };
        put(sheet, row, 5, w.status(standard), f.status(standard))?;
        // The verdict in words alone, so that a filter on "Đạt" finds every cell that is.
        for (col, c) in (first_criterion..).zip(&u.criteria) {
            put(sheet, row, col, w.status(c.status), f.status(c.status))?;
        }
    }
    // Totals per criterion: how many units meet it.
    let totals = top + 1 + r.units.len() as u32;
    put(sheet, totals, 2, w.pick("Số đơn vị đạt", "Units meeting it"), &f.header)?;
    sheet.write_number_with_format(totals, 5, r.summary.standard_met as f64, &f.header)?;
    for (col, count) in (first_criterion..).zip(&r.summary.per_criterion) {
        sheet.write_number_with_format(totals, col, count.met as f64, &f.header)?;
    }
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 8)?;
    sheet.set_column_width(2, 28)?;
    sheet.set_column_width(3, 10)?;
    sheet.set_column_width(4, 10)?;
    sheet.set_column_width(5, 12)?;
    sheet.set_freeze_panes(top + 1, 3)?;
    if !r.units.is_empty() {
        let last_col = first_criterion + criteria.len().saturating_sub(1) as u16;
        sheet.autofilter(top, 0, top + r.units.len() as u32, last_col)?;
    }
    Ok(())
}

fn detail_sheet(
    sheet: &mut Worksheet,
    r: &EvaluationReport,
    w: &Words,
    f: &Formats,
    illustrative: bool,
) -> Result<(), ExcelError> {
    sheet.set_name(w.pick("Chi tiết", "Detail"))?;
    let top = heading(sheet, r, w, f, w.pick("Chi tiết từng chỉ tiêu", "Every indicator"), illustrative, false)?;
    let rows: usize = r.units.iter().flat_map(|u| &u.criteria).map(|c| c.indicators.len()).sum();
    if rows > MAX_DETAIL_ROWS {
        put(
            sheet,
            top,
            0,
            w.pick(
                "Quá nhiều dòng cho một bảng tính; xem chi tiết bằng lệnh ntm evaluate --format csv.",
                "Too many rows for a workbook; get the detail with ntm evaluate --format csv.",
            ),
            &f.warning,
        )?;
        return Ok(());
    }
    let headers = [
        (w.pick("Mã", "Code"), 8),
        (w.pick("Đơn vị", "Unit"), 24),
        (w.pick("Tiêu chí", "Criterion"), 9),
        (w.pick("Chỉ tiêu", "Indicator"), 10),
        (w.pick("Tên chỉ tiêu", "Indicator name"), 40),
        (w.pick("Kết quả", "Result"), 12),
        (w.pick("Mã kết quả", "Result code"), 9),
        (w.pick("Giá trị", "Value"), 10),
        (w.pick("Đơn vị tính", "Unit of measure"), 10),
        (w.pick("Số liệu như đã nhập", "Value as entered"), 14),
        (w.pick("Kỳ của số liệu", "Period of the value"), 10),
        (w.pick("Ngưỡng", "Threshold"), 14),
        (w.pick("Giá trị ngưỡng", "Threshold value"), 10),
        (w.pick("Ngưỡng đã đối chiếu văn bản", "Threshold verified"), 12),
        (w.pick("Nguồn ngưỡng", "Threshold from"), 14),
        (w.pick("Căn cứ của ngưỡng", "Source of the threshold"), 30),
        (w.pick("Giải thích", "Explanation"), 60),
    ];
    for (col, (text, width)) in (0u16..).zip(headers) {
        put(sheet, top, col, text, &f.header)?;
        sheet.set_column_width(col, width)?;
    }
    let mut row = top;
    for u in &r.units {
        for c in &u.criteria {
            for i in &c.indicators {
                row += 1;
                put(sheet, row, 0, &u.code, &f.text)?;
                put(sheet, row, 1, &u.name, &f.text)?;
                put(sheet, row, 2, &c.id, &f.text)?;
                put(sheet, row, 3, &i.id, &f.text)?;
                put(sheet, row, 4, &i.name, &f.wrap)?;
                put(sheet, row, 5, w.status(i.status), f.status(i.status))?;
                put(sheet, row, 6, i.status, &f.text)?;
                match &i.value {
                    serde_json::Value::Number(n) => match n.as_f64() {
                        Some(x) => {
                            sheet.write_number_with_format(row, 7, rounded(x, i.threshold_value), &f.number)?;
                        }
                        None => put(sheet, row, 7, n.to_string(), &f.text)?,
                    },
                    serde_json::Value::Bool(b) => put(sheet, row, 7, w.yes_no(*b), &f.text)?,
                    _ => {
                        sheet.write_blank(row, 7, &f.text)?;
                    }
                };
                put(sheet, row, 8, ntm_domain::explain::unit_label(&i.unit, w.lang), &f.text)?;
                put(sheet, row, 9, entered(i, w), &f.text)?;
                let value_period = i.value_period.as_deref().map(|p| period_label(p, w.lang)).unwrap_or_default();
                put(sheet, row, 10, value_period, &f.text)?;
                put(sheet, row, 11, &i.threshold_label, &f.text)?;
                match i.threshold_value {
                    Some(t) => sheet.write_number_with_format(row, 12, t, &f.number)?,
                    None => sheet.write_blank(row, 12, &f.text)?,
                };
                let verified = if i.threshold_verified { w.pick("Có", "Yes") } else { w.pick("Chưa", "Not yet") };
                put(sheet, row, 13, verified, &f.text)?;
                let origin = match i.threshold_origin {
                    Some("national") => w.pick("Quốc gia", "National"),
                    Some("override") => w.pick("Điều chỉnh có căn cứ", "Override with a citation"),
                    Some("illustrative") => w.pick("Minh họa", "Illustrative"),
                    _ => "",
                };
                let origin_format = if i.threshold_origin == Some("illustrative") { &f.warning } else { &f.text };
                put(sheet, row, 14, origin, origin_format)?;
                put(sheet, row, 15, i.threshold_source.as_deref().unwrap_or(""), &f.wrap)?;
                put(sheet, row, 16, &i.explanation, &f.wrap)?;
            }
        }
    }
    sheet.set_freeze_panes(top + 1, 2)?;
    if row > top {
        sheet.autofilter(top, 0, row, 16)?;
    }
    Ok(())
}

/// The evaluation as an `.xlsx` file. `illustrative` marks demo data on every sheet.
/// The most a cell holds (Excel's limit); a longer stored text is cut, marked, never a failure.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Writes a text cell; a text longer than a cell holds is cut to fit and ends with "…", so that
/// no stored text can make an export fail.
pub(crate) fn put(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
    format: &Format,
) -> Result<(), XlsxError> {
    let text = text.as_ref();
    if text.chars().count() > MAX_CELL_CHARS {
        let cut: String = text.chars().take(MAX_CELL_CHARS - 1).chain(std::iter::once('…')).collect();
        sheet.write_string_with_format(row, col, cut, format)?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

pub fn evaluation_workbook(r: &EvaluationReport, lang: Lang, illustrative: bool) -> Result<Vec<u8>, ExcelError> {
    let w = Words { lang };
    let f = Formats::new();
    let mut book = Workbook::new();
    matrix_sheet(book.add_worksheet(), r, &w, &f, illustrative)?;
    detail_sheet(book.add_worksheet(), r, &w, &f, illustrative)?;
    Ok(book.save_to_buffer()?)
}
