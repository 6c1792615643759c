//! The recognitions CSV (DESIGN §4): a good file, and each kind of bad input with its message,
//! file, line and field; nothing is returned alongside errors.

use ntm_domain::{Date, Level, RecognitionLevel};
use ntm_io::read_recognitions;

use crate::{rendered, tree};

const HEADER: &str = "unit_code,level,decision,decided_on\n";

fn errors(body: &str) -> (String, String) {
    rendered(read_recognitions("recognitions.csv", &format!("{HEADER}{body}"), &tree()))
}

#[test]
fn a_good_file_gives_each_decision_with_its_unit_level_dates_and_loss() {
    let text = "\u{feff}ghi_chu,unit_code,level,decision,decided_on,lost_on,lost_decision\n\
                x,03412,ntm,Quyết định 1234/QĐ-UBND,20/12/2021,30/06/2024,Quyết định 99/QĐ-UBND\n\
                ,03412,NTM,Quyết định 5/QĐ-UBND,2025-01-10,,\n\
                ,,,,,,\n\
                ,03413-B01,ban-ntm,Quyết định 7/QĐ-UBND,2024-11-25,2024-12-01,\n\
                ,106,huyen-ntm,Quyết định 8/QĐ-TTg,2025-03-01,,\n";
    let tree = tree();
    let rows = read_recognitions("recognitions.csv", text, &tree).unwrap();
    assert_eq!(rows.len(), 4, "the empty row is skipped");
    let d = |t: &str| Date::parse(t).unwrap();
    assert_eq!(
        (rows[0].unit_code.as_str(), rows[0].level, rows[0].decision.as_str(), rows[0].decided_on, rows[0].line),
        ("03412", RecognitionLevel::Ntm, "Quyết định 1234/QĐ-UBND", d("2021-12-20"), 2)
    );
    let loss = rows[0].lost.as_ref().unwrap();
    assert_eq!((loss.on, loss.decision.as_str()), (d("2024-06-30"), "Quyết định 99/QĐ-UBND"));
    assert_eq!(rows[1].level, RecognitionLevel::Ntm, "levels in any case");
    assert!(rows[1].lost.is_none());
    assert_eq!(tree.unit(rows[2].unit).level, Level::Village);
    assert_eq!(rows[2].lost.as_ref().map(|l| l.decision.as_str()), Some(""), "a loss without its decision's number");
    assert_eq!((rows[3].level, rows[3].line), (RecognitionLevel::HuyenNtm, 6));
}

#[test]
fn an_unknown_unit_or_one_not_there_on_the_day_of_the_decision() {
    let (vi, en) = errors("99999,ntm,QĐ 1,20/12/2021\n");
    assert_eq!(vi, "recognitions.csv, dòng 2, trường unit_code: mã đơn vị 99999 không có trong danh sách đơn vị");
    assert_eq!(en, "recognitions.csv, line 2, field unit_code: unit code 99999 is not in the unit list");
    let (vi, en) = errors("03999,ntm,QĐ 1,20/12/2024\n");
    assert_eq!(vi, "recognitions.csv, dòng 2, trường unit_code: đơn vị 03999 không tồn tại vào ngày 20/12/2024");
    assert_eq!(en, "recognitions.csv, line 2, field unit_code: unit 03999 did not exist on 20/12/2024");
}

#[test]
fn a_level_that_is_not_one_or_not_for_the_units_level() {
    let (vi, en) = errors("03412,đạt chuẩn,QĐ 1,20/12/2021\n");
    assert_eq!(
        vi,
        "recognitions.csv, dòng 2, trường level: mức công nhận \"đạt chuẩn\" không hợp lệ (ntm, nang-cao, kieu-mau, ban-ntm, huyen-ntm)"
    );
    assert_eq!(
        en,
        "recognitions.csv, line 2, field level: recognition level \"đạt chuẩn\" is not one of ntm, nang-cao, kieu-mau, ban-ntm, huyen-ntm"
    );
    let (vi, en) = errors("03412,ban-ntm,QĐ 1,20/12/2021\n");
    assert_eq!(
        vi,
        "recognitions.csv, dòng 2, trường level: đơn vị 03412 là cấp commune, mức công nhận ban-ntm dành cho cấp village"
    );
    assert_eq!(
        en,
        "recognitions.csv, line 2, field level: unit 03412 is a commune; recognition level ban-ntm is for village units"
    );
}

#[test]
fn a_bad_or_missing_date_or_decision() {
    let (vi, en) = errors("03412,ntm,QĐ 1,31/02/2021\n");
    assert_eq!(
        vi,
        "recognitions.csv, dòng 2, trường decided_on: ngày \"31/02/2021\": sai định dạng (cần năm như 2024 hoặc quý như 2024Q3; ngày như 2025-07-01)"
    );
    assert!(en.starts_with("recognitions.csv, line 2, field decided_on: date \"31/02/2021\": "), "{en}");
    let (vi, en) = errors("03412,ntm,,\n");
    assert_eq!(
        vi,
        "recognitions.csv, dòng 2, trường decided_on: bắt buộc, đang để trống\n\
         recognitions.csv, dòng 2, trường decision: bắt buộc, đang để trống"
    );
    assert_eq!(
        en,
        "recognitions.csv, line 2, field decided_on: required, but empty\n\
         recognitions.csv, line 2, field decision: required, but empty"
    );
    let long = "x".repeat(201);
    let (vi, _) = errors(&format!("03412,ntm,{long},20/12/2021\n"));
    assert_eq!(vi, "recognitions.csv, dòng 2, trường decision: quá dài: tối đa 200 ký tự");
}

#[test]
fn a_loss_before_its_decision_or_without_its_date() {
    let header = "unit_code,level,decision,decided_on,lost_on,lost_decision\n";
    let (vi, en) = rendered(read_recognitions(
        "recognitions.csv",
        &format!("{header}03412,ntm,QĐ 1,20/12/2021,2021-12-19,QĐ 2\n03413,ntm,QĐ 3,20/12/2021,,QĐ 4\n"),
        &tree(),
    ));
    assert_eq!(
        vi,
        "recognitions.csv, dòng 2, trường lost_on: ngày thu hồi 19/12/2021 trước ngày công nhận 20/12/2021\n\
         recognitions.csv, dòng 3, trường lost_on: bắt buộc với lost_decision, đang để trống"
    );
    assert_eq!(
        en,
        "recognitions.csv, line 2, field lost_on: lost on 19/12/2021, before it was decided on 20/12/2021\n\
         recognitions.csv, line 3, field lost_on: required for lost_decision, but empty"
    );
}

#[test]
fn the_same_decision_for_the_same_unit_and_level_twice() {
    let (vi, en) = errors("03412,ntm,QĐ 1,20/12/2021\n03413,ntm,QĐ 1,20/12/2021\n03412,ntm,QĐ 1,2021-12-20\n");
    assert_eq!(vi, "recognitions.csv, dòng 4, trường decision: 03412 ntm QĐ 1 đã có ở dòng 2");
    assert_eq!(en, "recognitions.csv, line 4, field decision: 03412 ntm QĐ 1 is already on line 2");
}

#[test]
fn a_missing_column_names_each_column_and_nothing_is_read() {
    let (vi, en) = rendered(read_recognitions("recognitions.csv", "unit_code,level\n03412,ntm\n", &tree()));
    assert_eq!(
        vi,
        "recognitions.csv, dòng 1: thiếu cột decision ở dòng tiêu đề\nrecognitions.csv, dòng 1: thiếu cột decided_on ở dòng tiêu đề"
    );
    assert!(en.starts_with("recognitions.csv, line 1: the header lacks column decision"));
}

#[test]
fn every_bad_row_is_reported_and_no_good_row_is_returned_with_them() {
    let e = read_recognitions(
        "recognitions.csv",
        &format!("{HEADER}03412,ntm,QĐ 1,20/12/2021\n99999,ntm,QĐ 2,20/12/2021\n03413,x,QĐ 3,20/12/2021\n"),
        &tree(),
    )
    .unwrap_err();
    let lines: Vec<Option<u64>> = e.0.iter().map(|e| e.location.line).collect();
    assert_eq!(lines, [Some(3), Some(4)]);
}
