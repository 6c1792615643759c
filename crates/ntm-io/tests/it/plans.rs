//! The targets CSV: good files (fields on every row or on one), and each kind of bad input with
//! its message, file, line and field; nothing is returned alongside errors.

use ntm_domain::{Ratio, RecognitionLevel, TargetKind, TargetPart};
use ntm_io::read_targets;

use crate::{catalog, rendered, tree};

const HEADER: &str = "target,kind,year,set,level,quota,title,source,unit_code\n";

fn errors(body: &str) -> (String, String) {
    rendered(read_targets("targets.csv", &format!("{HEADER}{body}"), &tree(), &catalog()))
}

fn part(code: &str, quota: Option<u32>) -> TargetPart {
    TargetPart { unit_code: code.into(), quota }
}

#[test]
fn a_good_file_gives_each_target_with_its_units_in_order() {
    let text = "target,kind,year,set,level,quota,title,title_en,source,unit_code,unit_quota,ghi_chu\n\
                2024-ban,villages_recognised,2024,,ban-ntm,3,3 bản đạt chuẩn,3 villages,Chỉ thị,03413,2,x\n\
                2024-ban,,,,,,,,,03412,1,\n\
                2025-xa,units_at_standard,2025,xa-ntm-2021-2025,,2,2/2 xã đạt chuẩn,,Chỉ thị,03413,,\n\
                2025-xa,units_at_standard,2025,xa-ntm-2021-2025,,2,2/2 xã đạt chuẩn,,Chỉ thị,03412,,\n\
                2025-huyen,unit_recognised,2025,,huyen-ntm,1,Huyện đạt chuẩn,District,Chỉ thị,106,,\n";
    let rows = read_targets("targets.csv", text, &tree(), &catalog()).unwrap();
    let codes: Vec<(&str, u64)> = rows.iter().map(|r| (r.target.code.as_str(), r.line)).collect();
    assert_eq!(codes, [("2024-ban", 2), ("2025-xa", 4), ("2025-huyen", 6)]);
    let villages = &rows[0].target;
    assert_eq!(
        (villages.kind, villages.level, villages.year, villages.quota, villages.set_id.as_deref()),
        (TargetKind::VillagesRecognised, Some(RecognitionLevel::BanNtm), 2024, 3, None)
    );
    assert_eq!(villages.parts, [part("03413", Some(2)), part("03412", Some(1))]);
    assert_eq!(
        (villages.title_vi.as_str(), villages.title_en.as_str(), villages.source.as_str()),
        ("3 bản đạt chuẩn", "3 villages", "Chỉ thị")
    );
    let communes = &rows[1].target;
    assert_eq!((communes.set_id.as_deref(), communes.level), (Some("xa-ntm-2021-2025"), None));
    assert_eq!(communes.parts, [part("03413", None), part("03412", None)], "fields repeated on each row");
    assert_eq!(communes.title_en, "2/2 xã đạt chuẩn", "no English title: the Vietnamese one");
    assert_eq!(
        (rows[2].target.level, rows[2].target.parts.clone()),
        (Some(RecognitionLevel::HuyenNtm), vec![part("106", None)])
    );
}

#[test]
fn a_kind_that_is_not_one_and_a_bad_year_or_quota() {
    let (vi, en) = errors("t,units,20x5,,,-1,Tiêu đề,Chỉ thị,03412\n");
    assert_eq!(
        vi,
        "targets.csv, dòng 2, trường kind: loại mục tiêu \"units\" không hợp lệ (units_at_standard, villages_recognised, unit_recognised, average_criteria, indicator)\n\
         targets.csv, dòng 2, trường year: năm \"20x5\" không hợp lệ (cần năm như 2025)\n\
         targets.csv, dòng 2, trường quota: \"-1\": cần một số nguyên không âm"
    );
    assert_eq!(
        en,
        "targets.csv, line 2, field kind: target kind \"units\" is not one of units_at_standard, villages_recognised, unit_recognised, average_criteria, indicator\n\
         targets.csv, line 2, field year: year \"20x5\" is not valid (expected a year such as 2025)\n\
         targets.csv, line 2, field quota: \"-1\": a whole number, 0 or more, is expected"
    );
}

#[test]
fn a_year_outside_the_sets_years() {
    let (vi, en) = errors("t,units_at_standard,2040,xa-ntm-2021-2025,,1,Tiêu đề,Chỉ thị,03412\n");
    assert_eq!(vi, "targets.csv, dòng 2, trường year: năm 2040 nằm ngoài khoảng áp dụng của bộ tiêu chí (2017-2031)");
    assert_eq!(en, "targets.csv, line 2, field year: year 2040 is outside the set's years (2017-2031)");
}

#[test]
fn set_level_and_unit_quota_where_the_kind_needs_them_and_nowhere_else() {
    let (vi, en) = errors(
        "a,units_at_standard,2025,,ntm,1,Tiêu đề,Chỉ thị,03412\nb,unit_recognised,2025,xa-ntm-2021-2025,,1,Tiêu đề,Chỉ thị,03412\n",
    );
    assert_eq!(
        vi,
        "targets.csv, dòng 2, trường set: bắt buộc với kind units_at_standard, đang để trống\n\
         targets.csv, dòng 2, trường level: phải để trống với kind units_at_standard\n\
         targets.csv, dòng 3, trường set: phải để trống với kind unit_recognised\n\
         targets.csv, dòng 3, trường level: bắt buộc với kind unit_recognised, đang để trống"
    );
    assert_eq!(
        en,
        "targets.csv, line 2, field set: required for kind units_at_standard, but empty\n\
         targets.csv, line 2, field level: must be empty for kind units_at_standard\n\
         targets.csv, line 3, field set: must be empty for kind unit_recognised\n\
         targets.csv, line 3, field level: required for kind unit_recognised, but empty"
    );
    let (vi, _) = rendered(read_targets(
        "targets.csv",
        "target,kind,year,set,level,quota,title,source,unit_code,unit_quota\n\
         a,unit_recognised,2025,,ntm,1,Tiêu đề,Chỉ thị,03412,1\n",
        &tree(),
        &catalog(),
    ));
    assert_eq!(vi, "targets.csv, dòng 2, trường unit_quota: phải để trống với kind unit_recognised");
    let (vi, en) = errors("a,villages_recognised,2024,,ntm,1,Tiêu đề,Chỉ thị,03413\n");
    assert_eq!(
        vi,
        "targets.csv, dòng 2, trường level: mục tiêu đếm bản cần mức công nhận của bản (ban-ntm), không phải ntm"
    );
    assert_eq!(
        en,
        "targets.csv, line 2, field level: a target counting villages needs a village level (ban-ntm), not ntm"
    );
}

#[test]
fn a_unit_unknown_or_of_the_wrong_level_for_the_kind() {
    let (vi, en) = errors(
        "a,units_at_standard,2024,xa-ntm-2021-2025,,1,Tiêu đề,Chỉ thị,99999\n\
         a,,,,,,,,03413-B01\n\
         b,villages_recognised,2024,,ban-ntm,1,Tiêu đề,Chỉ thị,106\n\
         c,unit_recognised,2025,,huyen-ntm,1,Tiêu đề,Chỉ thị,03412\n",
    );
    assert_eq!(
        vi,
        "targets.csv, dòng 2, trường unit_code: mã đơn vị 99999 không có trong danh sách đơn vị\n\
         targets.csv, dòng 3, trường unit_code: đơn vị 03413-B01 là cấp village, bộ tiêu chí áp dụng cho cấp commune\n\
         targets.csv, dòng 4, trường unit_code: đơn vị 106 là cấp district, cần cấp commune\n\
         targets.csv, dòng 5, trường unit_code: đơn vị 03412 là cấp commune, mức công nhận huyen-ntm dành cho cấp district"
    );
    assert_eq!(
        en,
        "targets.csv, line 2, field unit_code: unit code 99999 is not in the unit list\n\
         targets.csv, line 3, field unit_code: unit 03413-B01 is a village; the set applies to commune units\n\
         targets.csv, line 4, field unit_code: unit 106 is a district; a commune is expected\n\
         targets.csv, line 5, field unit_code: unit 03412 is a commune; recognition level huyen-ntm is for district units"
    );
}

#[test]
fn rows_of_one_target_that_disagree_or_name_a_unit_twice() {
    let (vi, en) = errors(
        "a,units_at_standard,2025,xa-ntm-2021-2025,,2,Tiêu đề,Chỉ thị,03412\n\
         a,units_at_standard,2024,xa-ntm-2021-2025,,2,Tiêu đề khác,Chỉ thị,03413\n\
         a,,,,,,,,03412\n",
    );
    assert_eq!(
        vi,
        "targets.csv, dòng 3, trường year: khác với dòng 2 (cùng mã)\n\
         targets.csv, dòng 3, trường title: khác với dòng 2 (cùng mã)\n\
         targets.csv, dòng 4, trường unit_code: 03412 đã có ở dòng 2"
    );
    assert_eq!(
        en,
        "targets.csv, line 3, field year: differs from line 2 (same code)\n\
         targets.csv, line 3, field title: differs from line 2 (same code)\n\
         targets.csv, line 4, field unit_code: 03412 is already on line 2"
    );
}

#[test]
fn a_target_without_its_source_title_or_code() {
    let (vi, en) = errors(
        "a,units_at_standard,2025,xa-ntm-2021-2025,,2,,,03412\nA B,units_at_standard,2025,xa-ntm-2021-2025,,2,T,S,03412\n",
    );
    assert_eq!(
        vi,
        "targets.csv, dòng 3, trường target: mã \"A B\" không hợp lệ (1 đến 32 ký tự: chữ thường không dấu, số, - hoặc _)\n\
         targets.csv, dòng 2, trường title: bắt buộc, đang để trống\n\
         targets.csv, dòng 2, trường source: bắt buộc, đang để trống"
    );
    assert!(en.ends_with("targets.csv, line 2, field source: required, but empty"), "{en}");
}

#[test]
fn a_target_of_communes_at_the_standard_of_a_xa_set_names_no_town() {
    let units = format!("{}03390,Thị trấn Tam Đường,commune,106,,,,,2025-06-30\n", crate::UNITS);
    let tree = ntm_io::build_tree(vec![ntm_io::read_units_text("units.csv", &units).unwrap()]).unwrap().tree;
    let text = format!(
        "{HEADER}a,units_at_standard,2025,xa-ntm-2021-2025,,2,Tiêu đề,Chỉ thị,03413\n\
         a,,,,,,,,03390\n"
    );
    let (vi, en) = rendered(read_targets("targets.csv", &text, &tree, &catalog()));
    assert_eq!(
        vi,
        "targets.csv, dòng 3, trường unit_code: đơn vị 03390 là thị trấn; bộ tiêu chí không đánh giá loại đơn vị này"
    );
    assert_eq!(
        en,
        "targets.csv, line 3, field unit_code: unit 03390 is a township; the set does not judge units of this kind"
    );
}

/// The header with the new kinds' fields and the managing unit.
const WIDE: &str = "target,kind,year,set,level,quota,title,source,unit_code,indicator,value,managing_unit\n";

fn wide(body: &str) -> Result<Vec<ntm_io::TargetRow>, ntm_io::InputErrors> {
    read_targets("targets.csv", &format!("{WIDE}{body}"), &tree(), &catalog())
}

#[test]
fn an_average_of_criteria_keeps_its_decimals_and_may_count_every_unit_under_its_managing_unit() {
    let rows = wide(
        "tb,average_criteria,2025,xa-ntm-2021-2025,,17.5,Bình quân 17.5 tiêu chí/xã,Chỉ thị,,,,106\n\
         tb2,average_criteria,2025,xa-ntm-2021-2025,,19,Bình quân,Chỉ thị,03413,,,\n\
         tb2,,,,,,,,03412,,,\n",
    )
    .unwrap();
    let t = &rows[0].target;
    assert_eq!((t.kind, t.value, t.quota), (TargetKind::AverageCriteria, Some(Ratio::new(35, 2).unwrap()), 0));
    assert_eq!((t.parts.len(), t.unit_code.as_deref()), (0, Some("106")), "no unit named: all under 106");
    let t = &rows[1].target;
    assert_eq!((t.value, t.unit_code.as_deref(), t.parts.len()), (Some(Ratio::integer(19)), None, 2));
}

#[test]
fn an_indicator_target_names_a_numeric_indicator_of_its_set_and_a_value() {
    let rows = wide("ngheo,indicator,2025,xa-ntm-2021-2025,,0,Tỷ lệ nghèo ≤ 6%,Chỉ thị,03413,11,6.5,\n").unwrap();
    let t = &rows[0].target;
    assert_eq!(
        (t.kind, t.indicator.as_deref(), t.value),
        (TargetKind::Indicator, Some("11"), Some(Ratio::new(13, 2).unwrap()))
    );
}

#[test]
fn bad_new_kinds_are_told_with_file_line_and_field() {
    let (vi, en) = rendered(wide(
        "a,indicator,2025,xa-ntm-2021-2025,,0,Tiêu đề,Chỉ thị,03413,99,6,\n\
         b,indicator,2025,xa-ntm-2021-2025,,0,Tiêu đề,Chỉ thị,03413,11,sáu,\n\
         c,average_criteria,2025,xa-ntm-2021-2025,,19.5,Tiêu đề,Chỉ thị,03413,,,\n\
         d,indicator,2025,xa-ntm-2021-2025,,0,Tiêu đề,Chỉ thị,03413,1.1,1,\n\
         e,average_criteria,2025,xa-ntm-2021-2025,,mười,Tiêu đề,Chỉ thị,03413,,,\n\
         f,units_at_standard,2025,xa-ntm-2021-2025,,1,Tiêu đề,Chỉ thị,03413,11,6,03412\n",
    ));
    assert_eq!(
        vi,
        "targets.csv, dòng 2, trường indicator: chỉ tiêu 99 không có trong bộ tiêu chí xa-ntm-2021-2025\n\
         targets.csv, dòng 3, trường value: \"sáu\": không phải là số\n\
         targets.csv, dòng 4, trường quota: bình quân 19.5 tiêu chí vượt quá số tiêu chí của bộ (19)\n\
         targets.csv, dòng 5, trường indicator: chỉ tiêu 1.1 là chỉ tiêu đạt/không đạt, không có giá trị để đặt mục tiêu\n\
         targets.csv, dòng 6, trường quota: \"mười\": không phải là số\n\
         targets.csv, dòng 7, trường indicator: phải để trống với kind units_at_standard\n\
         targets.csv, dòng 7, trường value: phải để trống với kind units_at_standard\n\
         targets.csv, dòng 7, trường unit_code: đơn vị 03413 không thuộc đơn vị quản lý 03412"
    );
    assert_eq!(
        en,
        "targets.csv, line 2, field indicator: indicator 99 is not in set xa-ntm-2021-2025\n\
         targets.csv, line 3, field value: \"sáu\": not a number\n\
         targets.csv, line 4, field quota: an average of 19.5 criteria is more than the set's 19 criteria\n\
         targets.csv, line 5, field indicator: indicator 1.1 is a yes/no indicator, with no value to set a target on\n\
         targets.csv, line 6, field quota: \"mười\": not a number\n\
         targets.csv, line 7, field indicator: must be empty for kind units_at_standard\n\
         targets.csv, line 7, field value: must be empty for kind units_at_standard\n\
         targets.csv, line 7, field unit_code: unit 03413 does not lie under the managing unit 03412"
    );
}
