//! The workbook as an official opens it: read back with an independent reader (calamine).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use ntm_domain::Lang;
use ntm_excel::{MAX_DETAIL_ROWS, evaluation_workbook};
use ntm_io::report::{CriterionCountDto, CriterionDto, EvaluationReport, IndicatorDto, SummaryDto, UnitDto};

fn indicator(id: &str, status: &'static str, value: serde_json::Value) -> IndicatorDto {
    IndicatorDto {
        id: id.into(),
        name: format!("Chỉ tiêu {id}"),
        unit: "%".into(),
        status,
        value,
        value_text: Some("818/1000".into()),
        value_period: Some("2024".into()),
        threshold: ">= 85".into(),
        threshold_verified: false,
        threshold_confidence: Some("unverified"),
        threshold_key: Some("tdmnpb".into()),
        threshold_year: None,
        threshold_source: Some("QĐ 318/QĐ-TTg".into()),
        threshold_origin: Some("national"),
        explanation: format!("giải thích {id}"),
        threshold_value: Some(85.0),
        threshold_label: "≥ 85%".into(),
    }
}

fn unit(code: &str, name: &str, statuses: [&'static str; 2], met: usize) -> UnitDto {
    UnitDto {
        code: code.into(),
        name: name.into(),
        level: "commune",
        region: Some("tdmnpb".into()),
        group: None,
        valid_from: None,
        valid_to: Some("2025-06-30".into()),
        criteria_met: met,
        criteria_total: 2,
        standard_met: met == 2,
        criteria: vec![
            CriterionDto {
                id: "1".into(),
                name: "Quy hoạch".into(),
                status: statuses[0],
                indicators: vec![IndicatorDto {
                    threshold_verified: true,
                    threshold_confidence: Some("verified"),
                    threshold_value: None,
                    threshold_label: "= đạt".into(),
                    ..indicator("1.1", statuses[0], serde_json::json!(true))
                }],
            },
            CriterionDto {
                id: "3".into(),
                name: "Thủy lợi".into(),
                status: statuses[1],
                indicators: vec![
                    indicator("3.1", statuses[1], serde_json::json!(81.8)),
                    indicator("3.2", "missing", serde_json::Value::Null),
                ],
            },
        ],
    }
}

fn report() -> EvaluationReport {
    EvaluationReport {
        set: "xa-ntm-2021-2025".into(),
        set_title: "Bộ tiêu chí quốc gia về xã nông thôn mới".into(),
        legal_basis: "QĐ 318/QĐ-TTg".into(),
        period: "2024".into(),
        lang: "vi",
        summary: SummaryDto {
            units: 2,
            standard_met: 1,
            average_criteria_met: Some(1.5),
            criteria_met_sum: 3,
            criteria_total: 4,
            per_criterion: vec![
                CriterionCountDto { id: "1".into(), met: 2, not_met: 0, missing: 0 },
                CriterionCountDto { id: "3".into(), met: 1, not_met: 1, missing: 0 },
            ],
            unverified_verdicts: 4,
        },
        units: vec![
            unit("03394", "Xã Thèn Sin", ["met", "not_met"], 1),
            unit("03413", "Xã Sơn Bình", ["met", "met"], 2),
        ],
    }
}

type Book = Xlsx<Cursor<Vec<u8>>>;

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn cell(book: &mut Book, sheet: &str, row: u32, col: u32) -> Data {
    let range = book.worksheet_range(sheet).unwrap();
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(s: &str) -> Data {
    Data::String(s.into())
}

/// The row (0-based) whose cell in `col` is `header`: the notes above the table vary.
fn row_of(book: &mut Book, sheet: &str, col: u32, header: &str) -> u32 {
    let range = book.worksheet_range(sheet).unwrap();
    (0..40).find(|&r| range.get_value((r, col)) == Some(&text(header))).unwrap_or_else(|| panic!("no {header}"))
}

#[test]
fn the_summary_sheet_is_the_matrix_with_numbers_as_numbers() {
    let mut book = open(evaluation_workbook(&report(), Lang::Vi, true).unwrap());
    assert_eq!(book.sheet_names(), ["Tổng hợp", "Chi tiết"]);
    let s = "Tổng hợp";
    assert_eq!(cell(&mut book, s, 0, 0), text("Kết quả đánh giá: Bộ tiêu chí quốc gia về xã nông thôn mới, năm 2024"));
    assert_eq!(cell(&mut book, s, 1, 0), text("Căn cứ: QĐ 318/QĐ-TTg"));
    let Data::String(warning) = cell(&mut book, s, 2, 0) else { panic!("no warning") };
    assert!(warning.starts_with("DỮ LIỆU MINH HỌA"), "illustrative data say so");
    let Data::String(note) = cell(&mut book, s, 3, 0) else { panic!("no note") };
    assert!(
        note.starts_with("4/6 kết luận dựa trên ngưỡng hoặc chỉ tiêu chưa được kiểm chứng với văn bản gốc"),
        "{note}"
    );
    assert!(!note.contains('*'), "said once, in words; no cell carries a mark: {note}");
    let detail = book.worksheet_range("Chi tiết").unwrap();
    let notes: Vec<String> = (0..6).filter_map(|r| detail.get_value((r, 0)).map(|c| c.to_string())).collect();
    assert!(!notes.iter().any(|n| n.contains("kiểm chứng")), "once per workbook: {notes:?}");
    // The header, then one row per unit.
    let h = row_of(&mut book, s, 1, "Mã");
    assert_eq!(cell(&mut book, s, h, 2), text("Đơn vị"));
    assert_eq!(cell(&mut book, s, h, 6), text("1. Quy hoạch"));
    assert_eq!(cell(&mut book, s, h, 7), text("3. Thủy lợi"));
    assert_eq!(cell(&mut book, s, h + 1, 0), Data::Float(1.0));
    assert_eq!(cell(&mut book, s, h + 1, 1), text("03394"), "codes stay text, leading zero kept");
    assert_eq!(cell(&mut book, s, h + 1, 2), text("Xã Thèn Sin"));
    assert_eq!(cell(&mut book, s, h + 1, 3), Data::Float(1.0), "criteria met is a number");
    assert_eq!(cell(&mut book, s, h + 1, 4), Data::Float(2.0));
    assert_eq!(cell(&mut book, s, h + 1, 5), text("Chưa đạt"));
    assert_eq!(cell(&mut book, s, h + 1, 6), text("Đạt"), "every threshold of criterion 1 verified: no mark");
    assert_eq!(cell(&mut book, s, h + 1, 7), text("Chưa đạt"), "a verdict a filter finds, without a mark");
    assert_eq!(cell(&mut book, s, h + 2, 5), text("Đạt"));
    // The totals row counts the units meeting each criterion.
    assert_eq!(cell(&mut book, s, h + 3, 2), text("Số đơn vị đạt"));
    assert_eq!(cell(&mut book, s, h + 3, 5), Data::Float(1.0));
    assert_eq!(cell(&mut book, s, h + 3, 6), Data::Float(2.0));
    assert_eq!(cell(&mut book, s, h + 3, 7), Data::Float(1.0));
}

#[test]
fn the_detail_sheet_has_every_indicator_with_its_value_threshold_and_source() {
    let mut r = report();
    r.units[0].criteria[1].indicators[0].value_period = Some("2024Q3".into());
    let mut book = open(evaluation_workbook(&r, Lang::Vi, false).unwrap());
    let s = "Chi tiết";
    let notes: Vec<String> = (0..4).map(|r| cell(&mut book, s, r, 0).to_string()).collect();
    assert!(!notes.iter().any(|n| n.contains("MINH HỌA")), "real data carry no illustrative warning: {notes:?}");
    let h = row_of(&mut book, s, 0, "Mã");
    assert_eq!(cell(&mut book, s, h, 5), text("Kết quả"));
    assert_eq!(cell(&mut book, s, h, 6), text("Mã kết quả"));
    assert_eq!(cell(&mut book, s, h, 7), text("Giá trị"));
    assert_eq!(cell(&mut book, s, h, 11), text("Ngưỡng"));
    assert_eq!(cell(&mut book, s, h, 12), text("Giá trị ngưỡng"));
    // Row order: unit, criterion, indicator. Thèn Sin 1.1 (yes/no), 3.1 (81.8), 3.2 (missing).
    assert_eq!(cell(&mut book, s, h + 1, 3), text("1.1"));
    assert_eq!(cell(&mut book, s, h + 1, 7), text("Có / đạt"));
    assert_eq!(cell(&mut book, s, h + 1, 11), text("= đạt"));
    assert_eq!(cell(&mut book, s, h + 1, 12), Data::Empty, "a yes/no indicator has no threshold number");
    assert_eq!(cell(&mut book, s, h + 1, 13), text("Có"), "verified");
    assert_eq!(cell(&mut book, s, h + 2, 3), text("3.1"));
    assert_eq!(cell(&mut book, s, h + 2, 5), text("Chưa đạt"));
    assert_eq!(cell(&mut book, s, h + 2, 6), text("not_met"), "a code a filter can use, beside the words");
    assert_eq!(cell(&mut book, s, h + 2, 7), Data::Float(81.8), "the value is a number");
    assert_eq!(cell(&mut book, s, h + 2, 9), text("818/1000"), "and as entered");
    assert_eq!(cell(&mut book, s, h + 2, 10), text("quý 3/2024"), "the period as the pages write it");
    assert_eq!(cell(&mut book, s, h + 2, 11), text("≥ 85%"), "the threshold in words");
    assert_eq!(cell(&mut book, s, h + 2, 12), Data::Float(85.0), "and as a number in its own column");
    assert_eq!(cell(&mut book, s, h + 2, 13), text("Chưa"), "not verified against the official text");
    assert_eq!(cell(&mut book, s, h + 2, 14), text("Quốc gia"), "the national threshold");
    assert_eq!(cell(&mut book, s, h + 2, 15), text("QĐ 318/QĐ-TTg"));
    assert_eq!(cell(&mut book, s, h + 2, 16), text("giải thích 3.1"));
    assert_eq!(cell(&mut book, s, h + 3, 5), text("Thiếu số liệu"));
    assert_eq!(cell(&mut book, s, h + 3, 6), text("missing"));
    assert_eq!(cell(&mut book, s, h + 3, 7), Data::Empty);
    assert_eq!(cell(&mut book, s, h + 4, 1), text("Xã Sơn Bình"), "three rows per unit");
    assert_eq!(cell(&mut book, s, h + 4, 6), text("met"));
}

#[test]
fn numbers_are_rounded_without_crossing_their_threshold_and_text_takes_the_decimal_comma() {
    let mut r = report();
    let ind = &mut r.units[0].criteria[1].indicators;
    ind[0].value = serde_json::json!(81.818_181_818);
    ind[0].value_text = Some("45 / 55".into());
    ind[1].value = serde_json::json!(84.996);
    ind[1].value_text = Some("84.996".into());
    ind[1].status = "not_met";
    ind[1].threshold_label = "≥ 16,5%".into();
    ind[1].threshold_value = Some(85.0);
    let mut book = open(evaluation_workbook(&r, Lang::Vi, false).unwrap());
    let s = "Chi tiết";
    let h = row_of(&mut book, s, 0, "Mã");
    assert_eq!(cell(&mut book, s, h + 2, 7), Data::Float(81.82), "two decimals");
    assert_eq!(cell(&mut book, s, h + 3, 7), Data::Float(84.996), "84.996 is not shown as 85, which would meet it");
    assert_eq!(cell(&mut book, s, h + 3, 9), text("84,996"), "a Vietnamese text column writes the decimal comma");
    assert_eq!(cell(&mut book, s, h + 3, 11), text("≥ 16,5%"));
    let mut en = open(evaluation_workbook(&r, Lang::En, false).unwrap());
    let h = row_of(&mut en, "Detail", 0, "Code");
    assert_eq!(cell(&mut en, "Detail", h + 3, 9), text("84.996"), "and the English one the point");
}

#[test]
fn an_illustrative_threshold_in_real_data_is_named_on_both_sheets() {
    let mut r = report();
    r.units[1].criteria[1].indicators[0].threshold_origin = Some("illustrative");
    let mut book = open(evaluation_workbook(&r, Lang::Vi, false).unwrap());
    for sheet in ["Tổng hợp", "Chi tiết"] {
        let range = book.worksheet_range(sheet).unwrap();
        let warned = (0..6).any(|row| {
            matches!(range.get_value((row, 0)), Some(Data::String(t)) if t.starts_with("1 kết luận dùng ngưỡng minh họa"))
        });
        assert!(warned, "{sheet} warns of the illustrative threshold");
    }
    let h = row_of(&mut book, "Chi tiết", 0, "Mã");
    assert_eq!(cell(&mut book, "Chi tiết", h + 5, 14), text("Minh họa"), "Sơn Bình 3.1 names it");
}

#[test]
fn in_english_every_word_is_english() {
    let mut book = open(evaluation_workbook(&report(), Lang::En, true).unwrap());
    assert_eq!(book.sheet_names(), ["Summary", "Detail"]);
    let h = row_of(&mut book, "Summary", 1, "Code");
    assert_eq!(cell(&mut book, "Summary", h + 1, 5), text("Not met"));
    assert_eq!(cell(&mut book, "Summary", h + 1, 7), text("Not met"));
    assert_eq!(cell(&mut book, "Summary", 0, 0), text("Evaluation: Bộ tiêu chí quốc gia về xã nông thôn mới, 2024"));
    let Data::String(note) = cell(&mut book, "Summary", 3, 0) else { panic!("no note") };
    assert!(note.starts_with("4/6 verdicts rest on a threshold or indicator not yet verified"), "{note}");
    let h = row_of(&mut book, "Detail", 0, "Code");
    assert_eq!(cell(&mut book, "Detail", h + 3, 5), text("Missing"));
    assert_eq!(cell(&mut book, "Detail", h + 2, 14), text("National"));
    assert_eq!(cell(&mut book, "Detail", h + 2, 6), text("not_met"), "codes are the same in every language");
}

#[test]
fn a_detail_too_large_for_a_workbook_is_left_out_with_a_note() {
    let mut r = report();
    let many: Vec<IndicatorDto> =
        (0..=MAX_DETAIL_ROWS).map(|i| indicator(&format!("9.{i}"), "met", serde_json::json!(1))).collect();
    r.units.truncate(1);
    r.units[0].criteria[0].indicators = many;
    let mut book = open(evaluation_workbook(&r, Lang::Vi, false).unwrap());
    let range = book.worksheet_range("Chi tiết").unwrap();
    let notes: Vec<String> = range.rows().filter_map(|row| row.first().map(|c| c.to_string())).collect();
    assert!(notes.iter().any(|n| n.contains("ntm evaluate --format csv")), "the note says where the detail is");
    assert!(!notes.iter().any(|n| n == "03394"), "no detail row");
    let h = row_of(&mut book, "Tổng hợp", 1, "Mã");
    assert_eq!(cell(&mut book, "Tổng hợp", h + 1, 1), text("03394"), "the summary is still there");
}

#[test]
fn a_citation_longer_than_a_cell_holds_is_cut_to_fit_and_the_export_does_not_fail() {
    let mut r = report();
    r.units[0].criteria[1].indicators[0].threshold_source = Some("QĐ ".repeat(20_000));
    let mut book = open(evaluation_workbook(&r, Lang::Vi, false).expect("an export never fails on stored text"));
    let s = "Chi tiết";
    let h = row_of(&mut book, s, 0, "Mã");
    let Data::String(cut) = cell(&mut book, s, h + 2, 15) else { panic!("the source is text") };
    assert_eq!(cut.chars().count(), ntm_excel::MAX_CELL_CHARS);
    assert!(cut.starts_with("QĐ QĐ") && cut.ends_with('…'), "cut, and marked as cut");
}
