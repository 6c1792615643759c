//! The data entry template (DESIGN §4 "Excel values"): a workbook a commune or an agency fills
//! offline and uploads back (`read.rs` reads it). One sheet per unit, named by the unit's code;
//! one row per indicator and per raw figure it is computed from, grouped by criterion as the
//! entry form groups them; codes, names and units of measure written and locked, only the value
//! cells open. Yes/no cells take a drop-down list, numbers a range (counts whole, rates 0–100),
//! a rate given as a fraction has its numerator and denominator columns. The current values are
//! written in. A very hidden sheet `ntm` holds what the reader needs to check the upload: the
//! template's version, the set, the period, the values' revision at download, and per value
//! row its sheet, row, unit, element, the value and its revision at download.

use ntm_domain::explain::{period_label, unit_label};
use ntm_domain::{CriteriaSet, ElementRef, IndicatorKind, Lang, Period, Value};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::ExcelError;

/// The version of the template's layout; an upload of another version is refused.
pub const TEMPLATE_VERSION: u32 = 1;

/// The name of the very hidden metadata sheet.
pub const META_SHEET: &str = "ntm";

/// The first cell of the metadata sheet: says the workbook is one of ours.
pub const META_MARK: &str = "ntm-template";

/// Columns of a unit's sheet (0-based): criterion, code, name, unit of measure, value,
/// numerator, denominator, last change.
pub const COL_CRITERION: u16 = 0;
pub const COL_CODE: u16 = 1;
pub const COL_NAME: u16 = 2;
pub const COL_UNIT: u16 = 3;
pub const COL_VALUE: u16 = 4;
pub const COL_NUMERATOR: u16 = 5;
pub const COL_DENOMINATOR: u16 = 6;
pub const COL_CHANGED: u16 = 7;

/// The row of the unit's code on a unit's sheet (0-based), in column [`COL_CODE`].
pub const ROW_UNIT: u32 = 1;
/// The header row of a unit's sheet (0-based); value rows follow.
pub const ROW_HEADER: u32 = 4;

/// Rows of the metadata sheet (0-based): mark and version, set, period, revision, language,
/// agency; the value rows from [`META_FIRST_ROW`].
pub const META_ROW_SET: u32 = 1;
pub const META_ROW_PERIOD: u32 = 2;
pub const META_ROW_REVISION: u32 = 3;
pub const META_FIRST_ROW: u32 = 8;

/// How a row's value is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A drop-down of yes/no words.
    Boolean,
    /// A rate (0–100) in the value column, or its numerator and denominator.
    Rate,
    /// A rate computed from raw figures (its own rows): 0–100, no fraction columns.
    RateAlone,
    /// A count (whole, ≥ 0).
    Count,
    /// A number ≥ 0.
    Number,
}

impl CellKind {
    /// The kind of an element's row.
    pub fn of(set: &CriteriaSet, element: &str) -> Option<CellKind> {
        let e = set.element(element)?;
        Some(match set.element_kind(e) {
            ElementRef::Indicator(i) => match i.kind {
                IndicatorKind::Boolean { .. } => CellKind::Boolean,
                _ if i.is_percent() && i.derived.is_some() => CellKind::RateAlone,
                _ if i.is_percent() => CellKind::Rate,
                _ => CellKind::Number,
            },
            ElementRef::Raw(r) if r.count => CellKind::Count,
            ElementRef::Raw(_) => CellKind::Number,
        })
    }
}

/// A value as stored when the template is made, with its revision and last change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentValue {
    pub element: String,
    pub value: Option<Value>,
    pub revision: i64,
    /// "admin, 01/07/2025 14:05" (empty when unknown).
    pub changed: String,
}

/// A unit's sheet: its code, its name, its current values.
#[derive(Clone, Debug)]
pub struct TemplateUnit {
    pub code: String,
    pub name: String,
    pub values: Vec<CurrentValue>,
}

/// What a template is for.
pub struct TemplateSpec<'a> {
    pub set: &'a CriteriaSet,
    pub period: Period,
    pub lang: Lang,
    pub units: Vec<TemplateUnit>,
    /// The criteria it holds (an agency's), or every criterion of the set.
    pub criteria: Option<Vec<String>>,
    /// The agency it is for (its code), if any.
    pub agency: Option<String>,
    /// The store's revision when it was made.
    pub revision: i64,
    /// The demo's data: said at the top of each sheet.
    pub illustrative: bool,
}

/// The elements of a criterion in the entry form's order: each indicator, then the raw figures
/// it is computed from.
pub fn criterion_elements(set: &CriteriaSet, criterion: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in set.criteria().iter().filter(|c| c.id == criterion) {
        for i in &c.indicators {
            out.push(i.id.clone());
            if let Some(d) = &i.derived {
                for raw in [&d.numerator, &d.denominator] {
                    if !out.contains(raw) {
                        out.push(raw.clone());
                    }
                }
            }
        }
    }
    out
}

/// A sheet name Excel accepts: the unit's code, without `[]:*?/\`, at most 31 characters.
pub fn sheet_name(code: &str) -> String {
    let clean: String = code.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect();
    if clean.is_empty() { "_".into() } else { clean }
}

/// A column letter (0 → A).
pub fn column_letter(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A cell's name (0-based row and column → `E7`).
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", column_letter(col), row + 1)
}

/// The yes/no words of the drop-down.
fn yes_no_words(set: &CriteriaSet, element: &str, lang: Lang) -> [&'static str; 2] {
    let has = set.element(element).is_some_and(|e| match set.element_kind(e) {
        ElementRef::Indicator(i) => i.unit.contains("có"),
        ElementRef::Raw(_) => false,
    });
    match (lang, has) {
        (Lang::Vi, true) => ["Có", "Không"],
        (Lang::Vi, false) => ["Đạt", "Không đạt"],
        (Lang::En, _) => ["Yes", "No"],
    }
}

/// The cell formats of a template.
struct Formats {
    title: Format,
    note: Format,
    warning: Format,
    header: Format,
    locked: Format,
    criterion: Format,
    open: Format,
    closed: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = || Format::new().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xD0D7DE));
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_font_color(Color::RGB(0x5A6570)),
            warning: Format::new().set_bold().set_background_color(Color::RGB(0xFFF3C4)),
            header: cell().set_bold().set_background_color(Color::RGB(0xF4F6F8)).set_text_wrap(),
            locked: cell().set_text_wrap(),
            criterion: cell().set_bold().set_background_color(Color::RGB(0xF4F6F8)),
            // The cells to fill: unlocked, on a light yellow (their border says it too).
            open: cell()
                .set_unlocked()
                .set_background_color(Color::RGB(0xFFFBE6))
                .set_border(FormatBorder::Medium)
                .set_border_color(Color::RGB(0x8A6D00)),
            closed: cell().set_background_color(Color::RGB(0xECEEF1)),
        }
    }
}

/// The machine form of a stored value for the metadata (`72.5`, `72/100`, `true`).
fn machine(v: Option<Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A decimal as a float for a cell (values are checked decimals of at most 9 places).
fn float(r: ntm_domain::Ratio) -> f64 {
    r.to_string().parse::<f64>().unwrap_or(0.0)
}

/// Writes the template workbook.
pub fn template_workbook(spec: &TemplateSpec<'_>) -> Result<Vec<u8>, ExcelError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let lang = spec.lang;
    let set = spec.set;
    let criteria: Vec<&ntm_domain::Criterion> =
        set.criteria().iter().filter(|c| spec.criteria.as_ref().is_none_or(|list| list.contains(&c.id))).collect();
    // (sheet, row, unit, element, value, revision) for the metadata sheet.
    let mut meta: Vec<(String, u32, String, String, String, i64)> = Vec::new();
    for unit in &spec.units {
        let name = sheet_name(&unit.code);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        unit_sheet(sheet, spec, unit, &criteria, &f, &name, &mut meta)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(META_SHEET)?;
    sheet.write_string(0, 0, META_MARK)?;
    sheet.write_number(0, 1, f64::from(TEMPLATE_VERSION))?;
    sheet.write_string(META_ROW_SET, 0, "set")?;
    sheet.write_string(META_ROW_SET, 1, set.id())?;
    sheet.write_string(META_ROW_PERIOD, 0, "period")?;
    sheet.write_string(META_ROW_PERIOD, 1, spec.period.to_string())?;
    sheet.write_string(META_ROW_REVISION, 0, "revision")?;
    sheet.write_string(META_ROW_REVISION, 1, spec.revision.to_string())?;
    sheet.write_string(4, 0, "lang")?;
    sheet.write_string(4, 1, lang.code())?;
    sheet.write_string(5, 0, "agency")?;
    sheet.write_string(5, 1, spec.agency.clone().unwrap_or_default())?;
    for (c, h) in ["sheet", "row", "unit", "element", "value", "revision"].iter().enumerate() {
        sheet.write_string(META_FIRST_ROW - 1, u16::try_from(c).unwrap_or(0), *h)?;
    }
    for (i, (s, row, unit, element, value, revision)) in meta.iter().enumerate() {
        let r = META_FIRST_ROW + u32::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string(r, 0, s)?;
        sheet.write_number(r, 1, f64::from(*row + 1))?;
        sheet.write_string(r, 2, unit)?;
        sheet.write_string(r, 3, element)?;
        sheet.write_string(r, 4, value)?;
        sheet.write_string(r, 5, revision.to_string())?;
    }
    sheet.protect();
    sheet.set_very_hidden(true);
    Ok(book.save_to_buffer()?)
}

fn unit_sheet(
    sheet: &mut Worksheet,
    spec: &TemplateSpec<'_>,
    unit: &TemplateUnit,
    criteria: &[&ntm_domain::Criterion],
    f: &Formats,
    name: &str,
    meta: &mut Vec<(String, u32, String, String, String, i64)>,
) -> Result<(), ExcelError> {
    let (lang, set) = (spec.lang, spec.set);
    let pick = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let title = format!(
        "{}: {}, {}",
        pick("Mẫu nhập số liệu", "Data entry template"),
        unit.name,
        period_label(spec.period, lang)
    );
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string_with_format(ROW_UNIT, 0, pick("Mã đơn vị", "Unit code"), &f.note)?;
    sheet.write_string_with_format(ROW_UNIT, COL_CODE, &unit.code, &f.criterion)?;
    sheet.write_string_with_format(
        ROW_UNIT,
        COL_NAME,
        format!("{}: {}", pick("Bộ tiêu chí", "Criteria set"), lang.pick(&set.info.title_vi, &set.info.title_en)),
        &f.note,
    )?;
    let help = pick(
        "Chỉ nhập vào các ô nền vàng (cột Giá trị; với tỷ lệ có thể nhập tử số và mẫu số thay cho tỷ lệ). Không thêm, xóa hay đổi thứ tự dòng. Ô để trống: giữ nguyên giá trị đã có. Tải lên tại trang Nhập số liệu → Nhập từ Excel, hoặc lệnh ntm values import.",
        "Fill only the yellow cells (the Value column; a rate may be given as numerator and denominator instead). Do not add, delete or reorder rows. An empty cell keeps the stored value. Upload it on Data entry → Import from Excel, or with ntm values import.",
    );
    sheet.write_string_with_format(2, 0, help, &f.note)?;
    if spec.illustrative {
        let text = pick(
            "DỮ LIỆU MINH HỌA — số liệu và một số ngưỡng là minh họa, không phải số liệu thật.",
            "ILLUSTRATIVE DATA — the figures and some thresholds are illustrative, not real.",
        );
        sheet.write_string_with_format(3, 0, text, &f.warning)?;
    }
    let headers = [
        pick("Tiêu chí", "Criterion"),
        pick("Mã", "Code"),
        pick("Chỉ tiêu / số liệu", "Indicator / figure"),
        pick("Đơn vị tính", "Unit of measure"),
        pick("Giá trị", "Value"),
        pick("Tử số", "Numerator"),
        pick("Mẫu số", "Denominator"),
        pick("Sửa lần cuối", "Last changed"),
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(ROW_HEADER, u16::try_from(c).unwrap_or(0), *h, &f.header)?;
    }
    for (c, width) in [9.0, 16.0, 60.0, 14.0, 14.0, 10.0, 10.0, 24.0].iter().enumerate() {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *width)?;
    }
    sheet.set_freeze_panes(ROW_HEADER + 1, 0)?;
    // Printed on A4 across: every column on one page's width.
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    let mut row = ROW_HEADER + 1;
    for c in criteria {
        let cname = lang.pick(&c.name_vi, &c.name_en);
        sheet.write_string_with_format(row, COL_CRITERION, &c.id, &f.criterion)?;
        sheet.merge_range(row, COL_CODE, row, COL_CHANGED, cname, &f.criterion)?;
        row += 1;
        for element in criterion_elements(set, &c.id) {
            let Some(e) = set.element(&element) else { continue };
            let Some(kind) = CellKind::of(set, &element) else { continue };
            let (label, measure) = match set.element_kind(e) {
                ElementRef::Indicator(i) => (lang.pick(&i.name_vi, &i.name_en).to_string(), i.unit.clone()),
                ElementRef::Raw(r) => (format!("  {}", lang.pick(&r.name_vi, &r.name_en)), r.unit.clone()),
            };
            let current = unit.values.iter().find(|v| v.element == element);
            let value = current.and_then(|v| v.value);
            sheet.write_string_with_format(row, COL_CRITERION, &c.id, &f.locked)?;
            sheet.write_string_with_format(row, COL_CODE, &element, &f.locked)?;
            sheet.write_string_with_format(row, COL_NAME, label, &f.locked)?;
            sheet.write_string_with_format(row, COL_UNIT, unit_label(measure.trim(), lang), &f.locked)?;
            write_value(sheet, row, kind, value, set, &element, lang, f)?;
            let changed = current.map(|v| v.changed.clone()).unwrap_or_default();
            sheet.write_string_with_format(row, COL_CHANGED, changed, &f.locked)?;
            meta.push((
                name.to_string(),
                row,
                unit.code.clone(),
                element.clone(),
                machine(value),
                current.map_or(0, |v| v.revision),
            ));
            row += 1;
        }
    }
    sheet.protect();
    Ok(())
}

/// The value cells of a row, with their validation.
#[allow(clippy::too_many_arguments)]
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    kind: CellKind,
    value: Option<Value>,
    set: &CriteriaSet,
    element: &str,
    lang: Lang,
    f: &Formats,
) -> Result<(), ExcelError> {
    let pick = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let fraction_cols = kind == CellKind::Rate;
    let validation = match kind {
        CellKind::Boolean => DataValidation::new()
            .allow_list_strings(&yes_no_words(set, element, lang))?
            .set_error_message(pick("Chọn một giá trị trong danh sách.", "Choose a value from the list."))?,
        CellKind::Rate | CellKind::RateAlone => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
            .set_error_message(pick("Tỷ lệ phần trăm từ 0 đến 100.", "A percentage from 0 to 100."))?,
        CellKind::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_message(pick("Số đếm: số nguyên không âm.", "A count: a whole number, not negative."))?,
        CellKind::Number => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message(pick("Một số không âm.", "A number, not negative."))?,
    };
    sheet.add_data_validation(row, COL_VALUE, row, COL_VALUE, &validation)?;
    match (kind, value) {
        (_, None) => {
            sheet.write_blank(row, COL_VALUE, &f.open)?;
        }
        (CellKind::Boolean, Some(Value::Bool(b))) => {
            let words = yes_no_words(set, element, lang);
            sheet.write_string_with_format(row, COL_VALUE, if b { words[0] } else { words[1] }, &f.open)?;
        }
        (_, Some(Value::Number(r))) => {
            sheet.write_number_with_format(row, COL_VALUE, float(r), &f.open)?;
        }
        (_, Some(Value::Fraction { .. } | Value::Bool(_))) => {
            sheet.write_blank(row, COL_VALUE, &f.open)?;
        }
    }
    if fraction_cols {
        let whole = DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_message(pick("Số nguyên không âm.", "A whole number, not negative."))?;
        sheet.add_data_validation(row, COL_NUMERATOR, row, COL_DENOMINATOR, &whole)?;
        match value {
            Some(Value::Fraction { num, den }) => {
                sheet.write_number_with_format(row, COL_NUMERATOR, num as f64, &f.open)?;
                sheet.write_number_with_format(row, COL_DENOMINATOR, den as f64, &f.open)?;
            }
            _ => {
                sheet.write_blank(row, COL_NUMERATOR, &f.open)?;
                sheet.write_blank(row, COL_DENOMINATOR, &f.open)?;
            }
        }
    } else {
        sheet.write_blank(row, COL_NUMERATOR, &f.closed)?;
        sheet.write_blank(row, COL_DENOMINATOR, &f.closed)?;
    }
    Ok(())
}
