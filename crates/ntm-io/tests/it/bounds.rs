//! Issue 11 point 5: every stored text has a maximum length (`ntm_io::text::Bound`), checked
//! with a message that says where and how long it may be, in both languages; what is too long
//! is refused whole, so an export or the evaluation JSON never grows with what is stored.

use ntm_domain::Lang;
use ntm_io::{build_tree, parse_criteria_file, read_units_text};

const SHIPPED: &str = include_str!("../../../../criteria/xa-ntm-2021-2025.toml");

fn refused(name: &str, text: &str) -> (String, String) {
    let e = parse_criteria_file(name, text).expect_err("a text over its bound is refused");
    (e.render(Lang::Vi), e.render(Lang::En))
}

/// The 1.5 MB citation of the finding (accepted, it made the evaluation JSON 19.9 MB): refused
/// at the line where it is written.
#[test]
fn a_criteria_file_with_a_one_and_a_half_megabyte_citation_is_refused_with_its_location() {
    let long = "Quyết định 318/QĐ-TTg ".repeat(70_000); // ≈ 1.5 MB
    assert!(long.len() > 1_500_000);
    let first = "source = \"Chưa kiểm chứng: hiểu biết của nhóm nghiên cứu về QĐ 318/QĐ-TTg";
    let at = SHIPPED.find(first).expect("the shipped file's first threshold citation");
    let line = SHIPPED[..at].lines().count() + 1;
    let end = at + SHIPPED[at..].find('\n').unwrap();
    let text = format!("{}source = \"{long}\"{}", &SHIPPED[..at], &SHIPPED[end..]);
    let (vi, en) = refused("xa.toml", &text);
    assert!(
        vi.starts_with(&format!("xa.toml, dòng {line}, cột 10, trường source: quá dài: tối đa 1000 ký tự")),
        "{vi}"
    );
    assert!(
        en.starts_with(&format!("xa.toml, line {line}, column 10, field source: too long: at most 1000 characters")),
        "{en}"
    );
    assert!(vi.len() < 1000, "the message does not repeat the text");

    // An override layer's citation, the same.
    let layer = format!(
        "[override]\nid = \"x\"\nset = \"xa-ntm-2021-2025\"\nkind = \"illustrative\"\ntitle = \"t\"\n\n\
         [[thresholds]]\nindicator = \"2.2\"\nkey = \"tdmnpb\"\nvalue = 70\nconfidence = \"unverified\"\nsource = \"{long}\"\n"
    );
    let (vi, _) = refused("lop.toml", &layer);
    assert_eq!(vi, "lop.toml, dòng 12, cột 10, trường source: quá dài: tối đa 1000 ký tự");
}

/// The texts without a place of their own in the file (names, notes, legal basis) are placed
/// at the id of what they belong to, with their field's name.
#[test]
fn a_criteria_file_with_an_over_long_name_or_note_is_refused_at_its_item() {
    let name = "name_vi = \"Số km đường xã và đường từ trung tâm xã đến đường huyện đã được nhựa hóa";
    let at = SHIPPED.find(name).unwrap();
    let id_line = SHIPPED[..at].lines().count(); // the element's id is on the line before
    let end = at + SHIPPED[at..].find('\n').unwrap();
    let text = format!("{}name_vi = \"{}\"{}", &SHIPPED[..at], "đường ".repeat(51), &SHIPPED[end..]);
    let (vi, en) = refused("xa.toml", &text);
    assert!(
        vi.starts_with(&format!("xa.toml, dòng {id_line}, cột 6, trường name_vi: quá dài: tối đa 300 ký tự")),
        "{vi}"
    );
    assert!(en.contains("field name_vi: too long: at most 300 characters"), "{en}");

    let basis = "legal_basis = \"";
    let at = SHIPPED.find(basis).unwrap();
    let end = at + SHIPPED[at..].find('\n').unwrap();
    let text = format!("{}legal_basis = \"{}\"{}", &SHIPPED[..at], "Điều 1 ".repeat(200), &SHIPPED[end..]);
    let (vi, _) = refused("xa.toml", &text);
    assert!(vi.contains("trường legal_basis: quá dài: tối đa 1000 ký tự"), "{vi}");
    // The shipped files are within every bound.
    for f in ["xa-ntm-2021-2025", "xa-ntm-nang-cao-2021-2025", "xa-ntm-kieu-mau-2021-2025", "huyen-ntm-2021-2025"] {
        let path = format!("{}/../../criteria/{f}.toml", env!("CARGO_MANIFEST_DIR"));
        parse_criteria_file(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    }
}

/// A unit's name, in whichever format the list comes, within the bound of names.
#[test]
fn a_unit_list_with_an_over_long_name_is_refused_at_its_line() {
    let units = format!(
        "code,name,level,parent_code,region,group\n12,Tỉnh Lai Châu,province,,tdmnpb,\n106,{},district,12,,\n",
        "Huyện Tam Đường ".repeat(20)
    );
    let e = read_units_text("units.csv", &units).and_then(|f| build_tree(vec![f]).map(|_| ())).expect_err("refused");
    assert_eq!(e.render(Lang::Vi), "units.csv, dòng 3, trường name: quá dài: tối đa 200 ký tự");
    assert_eq!(e.render(Lang::En), "units.csv, line 3, field name: too long: at most 200 characters");
}
