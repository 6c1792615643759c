//! The Steering Committee members CSV: a good file, and each kind of bad input with its message,
//! file, line and field, in both languages; nothing is returned alongside errors.

use ntm_domain::UnitIdx;
use ntm_io::read_members;

use crate::{agencies, rendered, tree};

const HEADER: &str = "code,name,position,agency_code,communes,account\n";

fn accounts() -> Vec<String> {
    vec!["thanhvien".into(), "xem".into()]
}

fn errors(body: &str) -> (String, String) {
    rendered(read_members("members.csv", &format!("{HEADER}{body}"), &tree(), &agencies(), &accounts()))
}

#[test]
fn a_good_file_gives_each_member_with_agency_communes_and_account() {
    let text = format!(
        "{HEADER}pct,Nguyễn Văn A (minh họa),Phó Chủ tịch UBND huyện,ktht,03413; 03412;03413,thanhvien\n\
         tv2,Trần Thị B (minh họa),Trưởng phòng,,,\n"
    );
    let t = tree();
    let rows = read_members("members.csv", &text, &t, &agencies(), &accounts()).unwrap();
    assert_eq!(rows.len(), 2);
    let codes: Vec<&str> = rows[0].communes.iter().map(|&u: &UnitIdx| t.unit(u).code.as_str()).collect();
    assert_eq!(codes, ["03413", "03412"], "in the order written, once each");
    assert_eq!((rows[0].agency.as_deref(), rows[0].account.as_deref()), (Some("ktht"), Some("thanhvien")));
    assert_eq!((rows[1].agency.as_deref(), rows[1].account.as_deref(), rows[1].communes.len()), (None, None, 0));
    assert_eq!((rows[1].position.as_str(), rows[1].line), ("Trưởng phòng", 3));
}

#[test]
fn each_bad_field_is_told_with_its_file_line_and_field() {
    let cases = [
        ("PCT,A,Phó Chủ tịch,,,\n", "members.csv, dòng 2, trường code: ", "members.csv, line 2, field code: "),
        ("pct,,Phó Chủ tịch,,,\n", "members.csv, dòng 2, trường name: ", "members.csv, line 2, field name: "),
        ("pct,A,,,,\n", "members.csv, dòng 2, trường position: ", "members.csv, line 2, field position: "),
        (
            "pct,A,Phó Chủ tịch,yte,,\n",
            "members.csv, dòng 2, trường agency_code: cơ quan yte chưa có",
            "members.csv, line 2, field agency_code: agency yte is not in the database",
        ),
        (
            "pct,A,Phó Chủ tịch,,03412;99999,\n",
            "members.csv, dòng 2, trường communes: mã đơn vị 99999 không có",
            "members.csv, line 2, field communes: unit code 99999 is not in the unit list",
        ),
        (
            "pct,A,Phó Chủ tịch,,03413-B01,\n",
            "members.csv, dòng 2, trường communes: đơn vị 03413-B01 là cấp",
            "members.csv, line 2, field communes: unit 03413-B01 is a",
        ),
        (
            "pct,A,Phó Chủ tịch,,,khach\n",
            "members.csv, dòng 2, trường account: tài khoản khach chưa có trong cơ sở dữ liệu",
            "members.csv, line 2, field account: account khach is not in the database",
        ),
        (
            "pct,A,Phó Chủ tịch,,,\npct,B,Trưởng ban,,,\n",
            "members.csv, dòng 3, trường code: pct đã có ở dòng 2",
            "members.csv, line 3, field code: pct",
        ),
        (
            "pct,A,Phó Chủ tịch,,,xem\ntv,B,Trưởng ban,,,xem\n",
            "members.csv, dòng 3, trường account: xem đã có ở dòng 2",
            "members.csv, line 3, field account: xem",
        ),
    ];
    for (body, vi, en) in cases {
        let (got_vi, got_en) = errors(body);
        assert!(got_vi.starts_with(vi), "{body}: {got_vi}");
        assert!(got_en.starts_with(en), "{body}: {got_en}");
    }
    let (vi, en) = rendered(read_members("members.csv", "code,name\npct,A\n", &tree(), &agencies(), &accounts()));
    assert!(vi.contains("position") && en.contains("position"), "{vi} / {en}");
}
