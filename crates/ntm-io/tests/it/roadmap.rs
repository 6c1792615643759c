//! The plans CSV (the roadmap): a good file, and each kind of bad row with its message, file,
//! line and field in both languages; nothing is returned alongside errors.

use ntm_domain::{Agency, Money, PlanItem, RecognitionLevel, Responsible};
use ntm_io::read_plans;

use crate::{catalog, rendered, tree};

const HEADER: &str = "unit_code,criterion,planned_year,level,responsible,contents,estimate\n";

fn read(text: &str, agencies: Option<&[Agency]>) -> Result<Vec<ntm_io::PlanRow>, ntm_io::InputErrors> {
    let catalog = catalog();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    read_plans("plans.csv", text, &tree(), set, agencies)
}

fn errors(body: &str) -> (String, String) {
    rendered(read(&format!("{HEADER}{body}"), None))
}

fn criterion(id: &str) -> PlanItem {
    PlanItem::Criterion { set_id: "xa-ntm-2021-2025".into(), criterion: id.into() }
}

#[test]
fn a_good_file_gives_each_row_with_its_unit_item_and_figures() {
    let text = "Unit_Code,criterion,planned_year,level,responsible,contents,estimate,ghi_chu\n\
                03413,all,2024,,03413,Hoàn thành các tiêu chí còn thiếu,,x\n\
                03413,10,2024,,thongke,\"Hỗ trợ sản xuất, nâng thu nhập\",800000000,\n\
                \n\
                03412,ALL,2025,nang-cao,,,0,\n\
                03412,all,2025,ntm,ktht,,,\n";
    let rows = read(text, None).unwrap();
    let tree = tree();
    let lines: Vec<(u64, &str)> = rows.iter().map(|r| (r.line, r.unit_code.as_str())).collect();
    assert_eq!(lines, [(2, "03413"), (3, "03413"), (5, "03412"), (6, "03412")]);
    let son_binh = tree.latest("03413").unwrap();
    let first = &rows[0].plan;
    assert_eq!(first.unit, son_binh);
    assert_eq!(first.item, PlanItem::Standard(RecognitionLevel::Ntm), "`all` without a level: the unit's NTM standard");
    assert_eq!(
        (first.planned_year, first.responsible.clone(), first.estimate),
        (2024, Some(Responsible::Unit(son_binh)), None)
    );
    let income = &rows[1].plan;
    assert_eq!(income.item, criterion("10"));
    assert_eq!(income.contents, "Hỗ trợ sản xuất, nâng thu nhập");
    assert_eq!(income.responsible, Some(Responsible::Agency("thongke".into())));
    assert_eq!(income.estimate, Some(Money::dong(800_000_000)));
    assert_eq!(
        (rows[2].plan.item.clone(), rows[2].plan.estimate),
        (PlanItem::Standard(RecognitionLevel::NangCao), Some(Money::ZERO)),
        "`ALL` in any case; the advanced standard beside the basic one is no duplicate"
    );
}

#[test]
fn a_code_reused_after_the_mergers_means_the_unit_that_held_it_at_the_start_of_the_planned_year() {
    // 03412 closed on 30/6/2025; 03999 opened on 1/7/2025.
    let rows = read(&format!("{HEADER}03412,2,2025,,,,\n03999,2,2025,,,,\n"), None).unwrap();
    let tree = tree();
    assert_eq!(tree.unit(rows[0].plan.unit).code, "03412");
    assert_eq!(tree.unit(rows[1].plan.unit).code, "03999", "it exists during the year, from July");
    assert_eq!(
        errors("03412,2,2026,,,,\n03999,2,2024,,,,\n").1,
        "plans.csv, line 2, field unit_code: unit 03412 did not exist in period 2026\n\
         plans.csv, line 3, field unit_code: unit 03999 did not exist in period 2024"
    );
}

#[test]
fn an_unknown_unit_or_criterion_and_a_unit_of_another_level() {
    let (vi, en) = errors("99999,2,2024,,,,\n03412,20,2024,,,,\n03413-B01,2,2024,,,,\n03412,,2024,,,,\n");
    assert_eq!(
        vi,
        "plans.csv, dòng 2, trường unit_code: mã đơn vị 99999 không có trong danh sách đơn vị\n\
         plans.csv, dòng 3, trường criterion: tiêu chí 20 không có trong bộ tiêu chí xa-ntm-2021-2025\n\
         plans.csv, dòng 4, trường unit_code: đơn vị 03413-B01 là cấp village, bộ tiêu chí áp dụng cho cấp commune\n\
         plans.csv, dòng 5, trường criterion: bắt buộc, đang để trống"
    );
    assert_eq!(
        en,
        "plans.csv, line 2, field unit_code: unit code 99999 is not in the unit list\n\
         plans.csv, line 3, field criterion: criterion 20 is not in set xa-ntm-2021-2025\n\
         plans.csv, line 4, field unit_code: unit 03413-B01 is a village; the set applies to commune units\n\
         plans.csv, line 5, field criterion: required, but empty"
    );
}

#[test]
fn a_year_outside_the_set_or_not_a_year() {
    let (vi, en) = errors("03412,2,2040,,,,\n03412,3,20x4,,,,\n03412,4,,,,,\n");
    assert_eq!(
        vi,
        "plans.csv, dòng 2, trường planned_year: năm 2040 nằm ngoài khoảng áp dụng của bộ tiêu chí (2017-2031)\n\
         plans.csv, dòng 3, trường planned_year: năm \"20x4\" không hợp lệ (cần năm như 2025)\n\
         plans.csv, dòng 4, trường planned_year: bắt buộc, đang để trống"
    );
    assert!(en.starts_with("plans.csv, line 2, field planned_year: year 2040 is outside the set's years (2017-2031)"));
}

#[test]
fn a_level_for_a_criterion_row_or_a_level_that_is_not_the_units() {
    let (vi, en) = errors("03412,2,2024,ntm,,,\n03412,all,2024,ban-ntm,,,\n03412,all,2025,xa,,,\n");
    assert_eq!(
        vi,
        "plans.csv, dòng 2, trường level: mức công nhận chỉ ghi ở dòng all (cả bộ tiêu chí), không ghi cho tiêu chí 2\n\
         plans.csv, dòng 3, trường level: đơn vị 03412 là cấp commune, mức công nhận ban-ntm dành cho cấp village\n\
         plans.csv, dòng 4, trường level: mức công nhận \"xa\" không hợp lệ (ntm, nang-cao, kieu-mau, ban-ntm, huyen-ntm)"
    );
    assert_eq!(
        en,
        "plans.csv, line 2, field level: a recognition level is only for a row `all` (the whole standard), not for criterion 2\n\
         plans.csv, line 3, field level: unit 03412 is a commune; recognition level ban-ntm is for village units\n\
         plans.csv, line 4, field level: recognition level \"xa\" is not one of ntm, nang-cao, kieu-mau, ban-ntm, huyen-ntm"
    );
}

#[test]
fn a_bad_estimate() {
    let (vi, en) = errors("03412,2,2024,,,,1.200.000\n03412,3,2024,,,,-5\n03412,4,2024,,,,99999999999999999999\n");
    assert_eq!(
        vi,
        "plans.csv, dòng 2, trường estimate: \"1.200.000\": cần số đồng nguyên, chỉ gồm chữ số (ví dụ 1200000000)\n\
         plans.csv, dòng 3, trường estimate: \"-5\": số tiền không được âm\n\
         plans.csv, dòng 4, trường estimate: \"99999999999999999999\": số tiền quá lớn"
    );
    assert_eq!(
        en,
        "plans.csv, line 2, field estimate: \"1.200.000\": a whole amount in VND, digits only (e.g. 1200000000), is expected\n\
         plans.csv, line 3, field estimate: \"-5\": the amount must not be negative\n\
         plans.csv, line 4, field estimate: \"99999999999999999999\": amount too large"
    );
}

#[test]
fn the_same_unit_criterion_and_level_twice() {
    let (vi, en) =
        errors("03412,2,2024,,,,\n03412,2,2025,,,,\n03412,all,2024,,,,\n03412,ALL,2025,ntm,,,\n03413,2,2024,,,,\n");
    assert_eq!(
        vi,
        "plans.csv, dòng 3, trường criterion: 03412 2 đã có ở dòng 2\n\
         plans.csv, dòng 5, trường criterion: 03412 all ntm đã có ở dòng 4"
    );
    assert_eq!(
        en,
        "plans.csv, line 3, field criterion: 03412 2 is already on line 2\n\
         plans.csv, line 5, field criterion: 03412 all ntm is already on line 4"
    );
}

#[test]
fn a_responsible_that_is_no_unit_nor_agency_and_an_agency_not_among_those_known() {
    let (vi, en) = errors("03412,2,2024,,Phòng KT,,\n");
    assert_eq!(
        vi,
        "plans.csv, dòng 2, trường responsible: \"Phòng KT\" không phải mã đơn vị trong danh sách đơn vị, cũng không phải mã cơ quan (1 đến 32 ký tự: chữ thường không dấu, số, - hoặc _)"
    );
    assert_eq!(
        en,
        "plans.csv, line 2, field responsible: \"Phòng KT\" is neither a unit code of the unit list nor an agency code (1 to 32 of a-z, 0-9, - or _)"
    );
    let known = [Agency {
        id: 1,
        code: "ktht".into(),
        name: "Phòng Kinh tế và Hạ tầng".into(),
        name_en: String::new(),
        criteria: vec![],
        cooperates: vec![],
    }];
    let text = format!("{HEADER}03412,2,2024,,ktht,,\n03412,3,2024,,yte,,\n");
    let (_, en) = rendered(read(&text, Some(&known)));
    assert_eq!(
        en,
        "plans.csv, line 3, field responsible: agency yte is not in the database (import the agencies first: ntm agencies import)"
    );
    assert!(read(&format!("{HEADER}03412,2,2024,,ktht,,\n"), Some(&known)).is_ok());
}

#[test]
fn a_file_without_its_columns_and_every_error_of_a_file_not_only_the_first() {
    let (vi, _) = rendered(read("unit_code,planned_year\n03412,2024\n", None));
    assert_eq!(vi, "plans.csv, dòng 1: thiếu cột criterion ở dòng tiêu đề");
    let e = read(&format!("{HEADER}99999,2,2024,,,,\n03412,2,2024,,,,\n03412,20,2024,,,,\n"), None).unwrap_err();
    assert_eq!(e.count(), 2, "the good row between them does not stop the reading, and nothing is returned");
}
