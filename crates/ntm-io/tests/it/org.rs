//! The agencies CSV: a good file, and each kind of bad input with its message, file, line and
//! field; nothing is returned alongside errors.

use ntm_domain::CriterionRef;
use ntm_io::read_agencies;

use crate::{catalog, rendered};

const HEADER: &str = "code,name,set,criteria\n";

fn errors(body: &str) -> (String, String) {
    rendered(read_agencies("agencies.csv", &format!("{HEADER}{body}"), &catalog()))
}

#[test]
fn a_good_file_gives_each_agency_with_its_criteria_of_each_set() {
    let text = "stt,code,name,set,criteria\n\
                1,ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,9 1  2;4\n\
                2,vanphong,Văn phòng điều phối,,\n\
                3,ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2026-2030,\"2, 3\"\n";
    let rows = read_agencies("agencies.csv", text, &catalog()).unwrap();
    assert_eq!(rows.len(), 2, "one agency per code");
    let ktht = &rows[0];
    assert_eq!(
        (ktht.agency.code.as_str(), ktht.agency.name.as_str(), ktht.line),
        ("ktht", "Phòng Kinh tế và Hạ tầng", 2)
    );
    let old = |c: &str| CriterionRef::new("xa-ntm-2021-2025", c);
    let new = |c: &str| CriterionRef::new("xa-ntm-2026-2030", c);
    assert_eq!(ktht.agency.criteria, [old("1"), old("2"), old("4"), old("9"), new("2"), new("3")], "sorted, both sets");
    assert!(rows[1].agency.criteria.is_empty(), "an agency may answer for no criterion");
}

/// An agency's name on English pages, from the optional `name_en` column: given on one of its
/// rows or on each alike; none leaves it empty; two different ones are refused.
#[test]
fn an_agency_may_have_its_name_for_english_pages() {
    let text = "code,name,name_en,set,criteria\n\
                yte,Phòng Y tế,Phòng Y tế (District Health Office),xa-ntm-2021-2025,15\n\
                yte,Phòng Y tế,,xa-ntm-2026-2030,6\n\
                ktht,Phòng Kinh tế và Hạ tầng,,xa-ntm-2021-2025,2\n\
                ktht,Phòng Kinh tế và Hạ tầng,Phòng Kinh tế và Hạ tầng (Economy and Infrastructure Office),xa-ntm-2026-2030,2\n";
    let rows = read_agencies("agencies.csv", text, &catalog()).unwrap();
    let names: Vec<(&str, &str)> = rows.iter().map(|r| (r.agency.code.as_str(), r.agency.name_en.as_str())).collect();
    assert_eq!(
        names,
        [
            ("yte", "Phòng Y tế (District Health Office)"),
            ("ktht", "Phòng Kinh tế và Hạ tầng (Economy and Infrastructure Office)")
        ]
    );
    let rows = read_agencies("agencies.csv", "code,name,set,criteria\nyte,Phòng Y tế,,\n", &catalog()).unwrap();
    assert_eq!(rows[0].agency.name_en, "", "no column: none");
    let (vi, en) = rendered(read_agencies(
        "agencies.csv",
        "code,name,name_en,set,criteria\nyte,Phòng Y tế,Health Office,,\nyte,Phòng Y tế,Health Bureau,xa-ntm-2021-2025,15\n",
        &catalog(),
    ));
    assert_eq!(vi, "agencies.csv, dòng 3, trường name_en: khác với dòng 2 (cùng mã)");
    assert_eq!(en, "agencies.csv, line 3, field name_en: differs from line 2 (same code)");
}

#[test]
fn a_code_that_is_not_one() {
    let (vi, en) = errors("KT HT,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,1\n");
    assert_eq!(
        vi,
        "agencies.csv, dòng 2, trường code: mã \"KT HT\" không hợp lệ (1 đến 32 ký tự: chữ thường không dấu, số, - hoặc _)"
    );
    assert_eq!(en, "agencies.csv, line 2, field code: code \"KT HT\" is not valid (1 to 32 of a-z, 0-9, - or _)");
}

#[test]
fn an_unknown_set_or_criterion_or_criteria_without_their_set() {
    let (vi, en) = errors("ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2020,1\n");
    assert_eq!(vi, "agencies.csv, dòng 2, trường set: không có bộ tiêu chí xa-ntm-2020 (xem: ntm criteria list)");
    assert_eq!(en, "agencies.csv, line 2, field set: no criteria set xa-ntm-2020 (see: ntm criteria list)");
    let (vi, en) = errors("ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,1 20 2.1\n");
    assert_eq!(
        vi,
        "agencies.csv, dòng 2, trường criteria: tiêu chí 20 không có trong bộ tiêu chí xa-ntm-2021-2025\n\
         agencies.csv, dòng 2, trường criteria: tiêu chí 2.1 không có trong bộ tiêu chí xa-ntm-2021-2025"
    );
    assert!(en.starts_with("agencies.csv, line 2, field criteria: criterion 20 is not in set xa-ntm-2021-2025\n"));
    let (vi, en) = errors("ktht,Phòng Kinh tế và Hạ tầng,,1 2\n");
    assert_eq!(vi, "agencies.csv, dòng 2, trường set: bắt buộc với criteria, đang để trống");
    assert_eq!(en, "agencies.csv, line 2, field set: required for criteria, but empty");
}

#[test]
fn a_missing_name_or_one_that_differs_between_rows_of_a_code() {
    let (vi, en) = errors(",,xa-ntm-2021-2025,1\n");
    assert_eq!(
        vi,
        "agencies.csv, dòng 2, trường code: bắt buộc, đang để trống\nagencies.csv, dòng 2, trường name: bắt buộc, đang để trống"
    );
    assert_eq!(
        en,
        "agencies.csv, line 2, field code: required, but empty\nagencies.csv, line 2, field name: required, but empty"
    );
    let (vi, en) = errors("yte,Phòng Y tế,xa-ntm-2021-2025,15\nyte,Trung tâm Y tế,xa-ntm-2026-2030,6\n");
    assert_eq!(vi, "agencies.csv, dòng 3, trường name: khác với dòng 2 (cùng mã)");
    assert_eq!(en, "agencies.csv, line 3, field name: differs from line 2 (same code)");
}

#[test]
fn the_same_agency_and_set_twice() {
    let (vi, en) = errors(
        "yte,Phòng Y tế,xa-ntm-2021-2025,15\nktht,Phòng KT,xa-ntm-2021-2025,2\nyte,Phòng Y tế,xa-ntm-2021-2025,17\n",
    );
    assert_eq!(vi, "agencies.csv, dòng 4, trường set: yte xa-ntm-2021-2025 đã có ở dòng 2");
    assert_eq!(en, "agencies.csv, line 4, field set: yte xa-ntm-2021-2025 is already on line 2");
}

#[test]
fn a_missing_column() {
    let (vi, _) = rendered(read_agencies("agencies.csv", "code,name,leads\nktht,Phòng KT,1\n", &catalog()));
    assert_eq!(
        vi,
        "agencies.csv, dòng 1: thiếu cột set ở dòng tiêu đề\nagencies.csv, dòng 1: thiếu cột criteria ở dòng tiêu đề"
    );
}

/// The optional `role` column: an agency leads (chủ trì) the row's criteria unless it says
/// `cooperate` (phối hợp); files without the column stay valid and mean lead.
#[test]
fn an_agency_leads_or_cooperates_on_each_criterion() {
    let text = "code,name,set,criteria,role\n\
                ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,2 9,\n\
                ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,17,cooperate\n\
                tnmt,Phòng Tài nguyên và Môi trường,xa-ntm-2021-2025,17,lead\n";
    let rows = read_agencies("agencies.csv", text, &catalog()).unwrap();
    let old = |c: &str| CriterionRef::new("xa-ntm-2021-2025", c);
    assert_eq!(rows[0].agency.criteria, [old("2"), old("9")], "empty role: lead");
    assert_eq!(rows[0].agency.cooperates, [old("17")]);
    assert_eq!((rows[1].agency.criteria.as_slice(), rows[1].agency.cooperates.len()), (&[old("17")][..], 0));
    let (vi, en) = errors_with_role("ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,2,chairs\n");
    assert_eq!(
        vi,
        "agencies.csv, dòng 2, trường role: vai trò của cơ quan \"chairs\" không hợp lệ (lead: chủ trì, cooperate: phối hợp)"
    );
    assert_eq!(en, "agencies.csv, line 2, field role: agency role \"chairs\" is not lead or cooperate");
    let (vi, en) = errors_with_role(
        "ktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,2,lead\nktht,Phòng Kinh tế và Hạ tầng,xa-ntm-2021-2025,2 3,cooperate\n",
    );
    assert_eq!(vi, "agencies.csv, dòng 3, trường criteria: cơ quan vừa chủ trì vừa phối hợp tiêu chí 2");
    assert_eq!(en, "agencies.csv, line 3, field criteria: the agency both leads and co-operates on criterion 2");
}

fn errors_with_role(body: &str) -> (String, String) {
    rendered(read_agencies("agencies.csv", &format!("code,name,set,criteria,role\n{body}"), &catalog()))
}
