//! The GSO lists import whole, with the right counts and lineage.

use ntm_domain::{Level, Period, UnitKind};
use ntm_io::{build_tree, read_units_file, read_units_text};

use crate::shared;

#[test]
fn the_january_2025_gso_list_imports_all_10051_communes() {
    let file = read_units_file(&shared().join("data/admin-units/communes-2025-01.csv")).unwrap();
    let import = build_tree(vec![file]).unwrap();
    let by_level: Vec<(Level, usize)> = import.summary.by_level.iter().map(|(l, n, _)| (*l, *n)).collect();
    assert_eq!(
        by_level,
        vec![(Level::Province, 63), (Level::District, 696), (Level::Commune, 10051), (Level::Village, 0)]
    );
    let tree = &import.tree;
    let ta_leng = tree.resolve("03400", Period::Year(2024)).unwrap();
    assert_eq!(tree.unit(ta_leng).name, "Xã Tả Lèng");
    assert_eq!(tree.unit(tree.unit(ta_leng).parent.unwrap()).name, "Huyện Tam Đường");
    assert_eq!(tree.effective_region(ta_leng), Some("tdmnpb"), "Lai Châu maps to its region by data");
    let tam_duong = tree.latest("106").unwrap();
    let communes = tree.subtree(tam_duong).into_iter().filter(|&u| tree.unit(u).level == Level::Commune).count();
    assert_eq!(communes, 13, "12 communes and the town");
    // Each commune's kind, from the list's `Cấp` column.
    let kind = |code: &str| tree.unit(tree.resolve(code, Period::Year(2024)).unwrap()).kind;
    assert_eq!(kind("03390"), Some(UnitKind::ThiTran), "Thị trấn Tam Đường");
    assert_eq!(kind("03413"), Some(UnitKind::Xa));
    assert_eq!(kind("00001"), Some(UnitKind::Phuong), "Phường Phúc Xá");
    let kinds = |k: UnitKind| tree.iter().filter(|(_, u)| u.kind == Some(k)).count();
    assert_eq!((kinds(UnitKind::Xa), kinds(UnitKind::Phuong), kinds(UnitKind::ThiTran)), (7718, 1715, 618));
}

#[test]
fn with_the_july_2025_merger_table_old_units_close_and_new_ones_carry_lineage() {
    let jan = read_units_file(&shared().join("data/admin-units/communes-2025-01.csv")).unwrap();
    let jul = read_units_file(&shared().join("data/admin-units/merger-2025-07.csv")).unwrap();
    let import = build_tree(vec![jan, jul]).unwrap();
    let tree = &import.tree;
    let open_communes = import.summary.by_level.iter().find(|(l, _, _)| *l == Level::Commune).unwrap().2;
    assert_eq!(open_communes, 3321, "3,321 communes after 1/7/2025");
    let open_provinces = import.summary.by_level.iter().find(|(l, _, _)| *l == Level::Province).unwrap().2;
    assert_eq!(open_provinces, 34);
    // 03390 was Thị trấn Tam Đường until 30/6/2025 and is Xã Bình Lư from 1/7/2025.
    let old = tree.resolve("03390", Period::Quarter(2025, 2)).unwrap();
    let new = tree.resolve("03390", Period::Quarter(2025, 3)).unwrap();
    assert_eq!(tree.unit(old).name, "Thị trấn Tam Đường");
    assert_eq!(tree.unit(new).name, "Xã Bình Lư");
    let into_binh_lu: Vec<&str> =
        tree.lineage().iter().filter(|l| l.to == new).map(|l| tree.unit(l.from).name.as_str()).collect();
    assert_eq!(into_binh_lu.len(), 3);
    for name in ["Thị trấn Tam Đường", "Xã Bình Lư", "Xã Sơn Bình"] {
        assert!(into_binh_lu.contains(&name), "{name} went into the new Bình Lư");
    }
    assert_eq!(tree.effective_region(new), Some("tdmnpb"), "a new commune takes its predecessors' common region");
    // The new units say their kind in their names: the town went into a xã.
    assert_eq!((tree.unit(old).kind, tree.unit(new).kind), (Some(UnitKind::ThiTran), Some(UnitKind::Xa)));
    let new_kind = |name: &str| {
        let (_, u) = tree.iter().find(|(_, u)| u.name == name && u.valid_from.is_some()).unwrap();
        u.kind
    };
    assert_eq!(new_kind("Phường Tân Phong"), Some(UnitKind::Phuong));
    assert_eq!(new_kind("Đặc khu Phú Quốc"), Some(UnitKind::DacKhu));
}

#[test]
fn a_contract_units_csv_takes_a_communes_kind_from_its_column_else_from_its_name() {
    let text = "code,name,level,parent_code,region,group,kind
                106,Huyện Tam Đường,district,,tdmnpb,,
                03390,Thị trấn Tam Đường,commune,106,,,
                03413,Sơn Bình,commune,106,,,xa
                03414,Tân Phong,commune,106,,,Phường
                03415,Nùng Nàng,commune,106,,,
";
    let tree = build_tree(vec![read_units_text("units.csv", text).unwrap()]).unwrap().tree;
    let kind = |code: &str| tree.unit(tree.latest(code).unwrap()).kind;
    assert_eq!(kind("03390"), Some(UnitKind::ThiTran), "from the name");
    assert_eq!(kind("03413"), Some(UnitKind::Xa), "from the column");
    assert_eq!(kind("03414"), Some(UnitKind::Phuong), "the column as the GSO writes it");
    assert_eq!(kind("03415"), None, "neither says: not known");
    assert_eq!(kind("106"), None, "a district has no commune kind");
    // Written out and read back, the kind stays.
    let all: Vec<_> = tree.iter().map(|(i, _)| i).collect();
    let csv = ntm_io::report::units_csv(&ntm_io::report::unit_rows(&tree, &all)).unwrap();
    let again = build_tree(vec![read_units_text("again.csv", &csv).unwrap()]).unwrap().tree;
    assert_eq!(again.unit(again.latest("03414").unwrap()).kind, Some(UnitKind::Phuong));
}

#[test]
fn a_contract_units_csv_reads_flags_dates_and_inherits_nothing_it_should_not() {
    let text = "code,name,level,parent_code,region,group,flags,valid_from,valid_to,extra\n\
                12,Tỉnh Lai Châu,province,,tdmnpb,,,,,x\n\
                03394,Xã Thèn Sin,commune,12,,3,dbkk,,2025-06-30,y\n";
    let import = build_tree(vec![read_units_text("units.csv", text).unwrap()]).unwrap();
    let u = import.tree.resolve("03394", Period::Year(2024)).unwrap();
    let unit = import.tree.unit(u);
    assert!(unit.has_flag("dbkk"));
    assert_eq!(unit.group, Some(3));
    assert_eq!(unit.valid_to.map(|d| d.to_string()).as_deref(), Some("2025-06-30"));
    assert!(import.tree.resolve("03394", Period::Year(2026)).is_err());
}
