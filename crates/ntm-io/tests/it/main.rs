//! Integration tests of `ntm-io`: the shipped criteria sets against the reference, every bad
//! input with its message, the GSO unit lists, and the files of a district's programme
//! (agencies, targets, recognitions, accounts).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod bad_input;
mod bounds;
mod criteria_sets;
mod english;
mod org;
mod people;
mod plans;
mod recognitions;
mod roadmap;
mod stream;
mod units;

use std::path::PathBuf;

/// `../shared` next to the repository, where the reference and GSO lists live.
pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A small Tam Đường: the province, the district and two communes until 30/6/2025 (one with a
/// village), and a commune formed on 1/7/2025.
pub const UNITS: &str = "code,name,level,parent_code,region,group,flags,valid_from,valid_to\n\
                         12,Tỉnh Lai Châu,province,,tdmnpb,,,,\n\
                         106,Huyện Tam Đường,district,12,,,,,2025-06-30\n\
                         03412,Xã Bình Lư,commune,106,,,,,2025-06-30\n\
                         03413,Xã Sơn Bình,commune,106,,,,,2025-06-30\n\
                         03413-B01,Bản minh họa 01,village,03413,,,,,2025-06-30\n\
                         03999,Xã Mới,commune,12,,,,2025-07-01,\n";

pub fn tree() -> ntm_domain::UnitTree {
    ntm_io::build_tree(vec![ntm_io::read_units_text("units.csv", UNITS).unwrap()]).unwrap().tree
}

/// One agency, `ktht`, with no criterion: what accounts and members files refer to.
pub fn agencies() -> Vec<ntm_domain::Agency> {
    vec![ntm_domain::Agency {
        id: 7,
        code: "ktht".into(),
        name: "Phòng Kinh tế và Hạ tầng".into(),
        name_en: String::new(),
        criteria: vec![],
        cooperates: vec![],
    }]
}

pub fn catalog() -> ntm_io::Catalog {
    ntm_io::Catalog::shipped().unwrap()
}

/// A refused file's errors, in Vietnamese and in English.
pub fn rendered<T: std::fmt::Debug>(result: Result<T, ntm_io::InputErrors>) -> (String, String) {
    let e = result.expect_err("the file must be refused");
    (e.render(ntm_domain::Lang::Vi), e.render(ntm_domain::Lang::En))
}
