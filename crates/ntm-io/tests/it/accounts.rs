//! The accounts CSV: a good file, and each kind of bad input with its message, file, line and
//! field; nothing is returned alongside errors.

use ntm_domain::{Lang, Role};
use ntm_io::read_accounts;

use crate::{agencies, rendered, tree};

const HEADER: &str = "username,display_name,role,unit,agency\n";

fn errors(body: &str) -> (String, String) {
    rendered(read_accounts("accounts.csv", &format!("{HEADER}{body}"), &tree(), &agencies()))
}

#[test]
fn a_good_file_gives_each_account_with_its_role_commune_agency_and_language() {
    let text = "username,display_name,role,unit,agency,lang,ghi_chu\n\
                quantri,Quản trị,admin,,,,\n\
                ktht,Phòng Kinh tế và Hạ tầng,Agency,,ktht,en,x\n\
                sonbinh,Cán bộ xã Sơn Bình,commune,03413,,vi,\n";
    let tree = tree();
    let rows = read_accounts("accounts.csv", text, &tree, &agencies()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0].role, rows[0].lang, rows[0].unit, rows[0].agency.as_deref()),
        (Role::Admin, Lang::Vi, None, None)
    );
    assert_eq!((rows[1].role, rows[1].lang, rows[1].agency.as_deref()), (Role::Agency, Lang::En, Some("ktht")));
    assert_eq!(rows[2].unit.map(|u| tree.unit(u).name.as_str()), Some("Xã Sơn Bình"));
    assert_eq!(
        (rows[2].username.as_str(), rows[2].display_name.as_str(), rows[2].line),
        ("sonbinh", "Cán bộ xã Sơn Bình", 4)
    );
}

#[test]
fn a_user_name_that_is_not_one_or_is_there_twice() {
    let (vi, en) = errors("Cán Bộ,Cán bộ,viewer,,\n");
    assert_eq!(
        vi,
        "accounts.csv, dòng 2, trường username: tên đăng nhập \"Cán Bộ\" không hợp lệ (3 đến 32 ký tự: chữ thường không dấu, số, ., - hoặc _)"
    );
    assert_eq!(
        en,
        "accounts.csv, line 2, field username: user name \"Cán Bộ\" is not valid (3 to 32 of a-z, 0-9, ., - or _)"
    );
    let (vi, en) = errors("xem,Người xem,viewer,,\nxem,Người xem khác,viewer,,\n");
    assert_eq!(vi, "accounts.csv, dòng 3, trường username: xem đã có ở dòng 2");
    assert_eq!(en, "accounts.csv, line 3, field username: xem is already on line 2");
}

#[test]
fn a_role_that_is_not_one() {
    let (vi, en) = errors("xem,Người xem,guest,,\n");
    assert_eq!(
        vi,
        "accounts.csv, dòng 2, trường role: vai trò \"guest\" không hợp lệ (admin, office, agency, commune, viewer)"
    );
    assert_eq!(
        en,
        "accounts.csv, line 2, field role: role \"guest\" is not one of admin, office, agency, commune, viewer"
    );
}

#[test]
fn a_commune_officer_without_a_commune_or_with_another_unit() {
    let (vi, en) = errors("sonbinh,Cán bộ,commune,,\n");
    assert_eq!(vi, "accounts.csv, dòng 2, trường unit: bắt buộc với role commune, đang để trống");
    assert_eq!(en, "accounts.csv, line 2, field unit: required for role commune, but empty");
    let (vi, en) = errors("sonbinh,Cán bộ,commune,03413-B01,\nbinhlu,Cán bộ,commune,99999,\n");
    assert_eq!(
        vi,
        "accounts.csv, dòng 2, trường unit: đơn vị 03413-B01 là cấp village, cần cấp commune\n\
         accounts.csv, dòng 3, trường unit: mã đơn vị 99999 không có trong danh sách đơn vị"
    );
    assert!(en.starts_with("accounts.csv, line 2, field unit: unit 03413-B01 is a village; a commune is expected\n"));
}

#[test]
fn an_agency_officer_without_a_known_agency_and_fields_other_roles_do_not_have() {
    let (vi, en) = errors("ktht,Cán bộ,agency,,\nyte,Cán bộ,agency,,yte\nxem,Người xem,viewer,03413,ktht\n");
    assert_eq!(
        vi,
        "accounts.csv, dòng 2, trường agency: bắt buộc với role agency, đang để trống\n\
         accounts.csv, dòng 3, trường agency: cơ quan yte chưa có trong cơ sở dữ liệu (nạp danh sách cơ quan trước: ntm agencies import)\n\
         accounts.csv, dòng 4, trường unit: phải để trống với role viewer\n\
         accounts.csv, dòng 4, trường agency: phải để trống với role viewer"
    );
    assert_eq!(
        en,
        "accounts.csv, line 2, field agency: required for role agency, but empty\n\
         accounts.csv, line 3, field agency: agency yte is not in the database (import the agencies first: ntm agencies import)\n\
         accounts.csv, line 4, field unit: must be empty for role viewer\n\
         accounts.csv, line 4, field agency: must be empty for role viewer"
    );
}

#[test]
fn a_display_name_missing_or_too_long_and_an_unknown_language() {
    let long = "x".repeat(101);
    let (vi, _) = errors(&format!("xem,,viewer,,\nxem2,{long},viewer,,\n"));
    assert_eq!(
        vi,
        "accounts.csv, dòng 2, trường display_name: bắt buộc, đang để trống\naccounts.csv, dòng 3, trường display_name: quá dài: tối đa 100 ký tự"
    );
    let (vi, en) = rendered(read_accounts(
        "accounts.csv",
        "username,display_name,role,unit,agency,lang\nxem,Người xem,viewer,,,fr\n",
        &tree(),
        &agencies(),
    ));
    assert_eq!(vi, "accounts.csv, dòng 2, trường lang: ngôn ngữ \"fr\" không hợp lệ (vi hoặc en)");
    assert_eq!(en, "accounts.csv, line 2, field lang: language \"fr\" is not vi or en");
}

#[test]
fn a_missing_column_is_named() {
    let (vi, _) =
        rendered(read_accounts("accounts.csv", "username,display_name,role\nxem,X,viewer\n", &tree(), &agencies()));
    assert_eq!(
        vi,
        "accounts.csv, dòng 1: thiếu cột unit ở dòng tiêu đề\naccounts.csv, dòng 1: thiếu cột agency ở dòng tiêu đề"
    );
}
