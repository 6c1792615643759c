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
        threshold: "≥ 85%".into(),
        threshold_verified: false,
        threshold_confidence: Some("unverified"),
        threshold_key: Some("tdmnpb".into()),
        threshold_year: None,
        threshold_source: Some("QĐ 318/QĐ-TTg".into()),
        threshold_origin: Some("national"),
        explanation: format!("giải thích {id}"),
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
                indicators: vec![indicator("1.1", statuses[0], serde_json::json!(true))],
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
            unverified_verdicts: 3,
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

#[test]
fn the_summary_sheet_is_the_matrix_with_numbers_as_numbers() {
    let mut book = open(evaluation_workbook(&report(), Lang::Vi, true).unwrap());
    assert_eq!(book.sheet_names(), ["Tổng hợp", "Chi tiết"]);
    let s = "Tổng hợp";
    assert_eq!(cell(&mut book, s, 0, 0), text("Kết quả đánh giá: Bộ tiêu chí quốc gia về xã nông thôn mới, năm 2024"));
    assert_eq!(cell(&mut book, s, 1, 0), text("Căn cứ: QĐ 318/QĐ-TTg"));
    let Data::String(warning) = cell(&mut book, s, 2, 0) else { panic!("no warning") };
    assert!(warning.starts_with("DỮ LIỆU MINH HỌA"), "illustrative data say so");
    // Header on row 5 (index 4), then one row per unit.
    assert_eq!(cell(&mut book, s, 4, 2), text("Đơn vị"));
    assert_eq!(cell(&mut book, s, 4, 6), text("1. Quy hoạch"));
    assert_eq!(cell(&mut book, s, 4, 7), text("3. Thủy lợi"));
    assert_eq!(cell(&mut book, s, 5, 0), Data::Float(1.0));
    assert_eq!(cell(&mut book, s, 5, 1), text("03394"), "codes stay text, leading zero kept");
    assert_eq!(cell(&mut book, s, 5, 2), text("Xã Thèn Sin"));
    assert_eq!(cell(&mut book, s, 5, 3), Data::Float(1.0), "criteria met is a number");
    assert_eq!(cell(&mut book, s, 5, 4), Data::Float(2.0));
    assert_eq!(cell(&mut book, s, 5, 5), text("Chưa đạt"));
    assert_eq!(cell(&mut book, s, 5, 6), text("Đạt"));
    assert_eq!(cell(&mut book, s, 5, 7), text("Chưa đạt"));
    assert_eq!(cell(&mut book, s, 6, 5), text("Đạt"));
    // The totals row counts the units meeting each criterion.
    assert_eq!(cell(&mut book, s, 7, 2), text("Số đơn vị đạt"));
    assert_eq!(cell(&mut book, s, 7, 5), Data::Float(1.0));
    assert_eq!(cell(&mut book, s, 7, 6), Data::Float(2.0));
    assert_eq!(cell(&mut book, s, 7, 7), Data::Float(1.0));
}

#[test]
fn the_detail_sheet_has_every_indicator_with_its_value_threshold_and_source() {
    let mut book = open(evaluation_workbook(&report(), Lang::Vi, false).unwrap());
    let s = "Chi tiết";
    assert_eq!(cell(&mut book, s, 2, 0), Data::Empty, "real data carry no warning");
    // Without the warning the header is on row 4 (index 3).
    assert_eq!(cell(&mut book, s, 3, 6), text("Giá trị"));
    // Row order: unit, criterion, indicator. Thèn Sin 1.1 (yes/no), 3.1 (81.8), 3.2 (missing).
    assert_eq!(cell(&mut book, s, 4, 3), text("1.1"));
    assert_eq!(cell(&mut book, s, 4, 6), text("Có / đạt"));
    assert_eq!(cell(&mut book, s, 5, 3), text("3.1"));
    assert_eq!(cell(&mut book, s, 5, 5), text("Chưa đạt"));
    assert_eq!(cell(&mut book, s, 5, 6), Data::Float(81.8), "the value is a number");
    assert_eq!(cell(&mut book, s, 5, 8), text("818/1000"), "and as entered");
    assert_eq!(cell(&mut book, s, 5, 10), text("≥ 85%"));
    assert_eq!(cell(&mut book, s, 5, 11), text("Chưa"), "not verified against the official text");
    assert_eq!(cell(&mut book, s, 5, 12), text("QĐ 318/QĐ-TTg"));
    assert_eq!(cell(&mut book, s, 5, 13), text("giải thích 3.1"));
    assert_eq!(cell(&mut book, s, 6, 5), text("Thiếu số liệu"));
    assert_eq!(cell(&mut book, s, 6, 6), Data::Empty);
    assert_eq!(cell(&mut book, s, 9, 1), text("Xã Sơn Bình"), "three rows per unit");
}

#[test]
fn in_english_every_word_is_english() {
    let mut book = open(evaluation_workbook(&report(), Lang::En, true).unwrap());
    assert_eq!(book.sheet_names(), ["Summary", "Detail"]);
    assert_eq!(cell(&mut book, "Summary", 5, 5), text("Not met"));
    assert_eq!(cell(&mut book, "Summary", 0, 0), text("Evaluation: Bộ tiêu chí quốc gia về xã nông thôn mới, 2024"));
    assert_eq!(cell(&mut book, "Detail", 7, 5), text("Missing"));
}

#[test]
fn a_detail_too_large_for_a_workbook_is_left_out_with_a_note() {
    let mut r = report();
    let many: Vec<IndicatorDto> =
        (0..=MAX_DETAIL_ROWS).map(|i| indicator(&format!("9.{i}"), "met", serde_json::json!(1))).collect();
    r.units.truncate(1);
    r.units[0].criteria[0].indicators = many;
    let mut book = open(evaluation_workbook(&r, Lang::Vi, false).unwrap());
    let Data::String(note) = cell(&mut book, "Chi tiết", 3, 0) else { panic!("no note") };
    assert!(note.contains("ntm evaluate --format csv"));
    assert_eq!(cell(&mut book, "Chi tiết", 4, 0), Data::Empty);
    assert_eq!(cell(&mut book, "Tổng hợp", 4, 1), text("03394"), "the summary is still there");
}
