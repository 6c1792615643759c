//! Every shipped set loads, and every threshold equals the reference it was derived from.

use std::collections::BTreeMap;

use ntm_domain::{Confidence, Lang, Ratio};
use ntm_io::Catalog;

use crate::shared;

#[test]
fn every_shipped_set_loads_with_the_expected_shape() {
    let catalog = Catalog::shipped().expect("shipped sets load");
    let shape: BTreeMap<&str, (usize, usize)> =
        catalog.sets().map(|s| (s.set.id(), (s.set.criteria().len(), s.set.indicator_count()))).collect();
    assert_eq!(shape["xa-ntm-2021-2025"], (19, 56));
    assert_eq!(shape["xa-ntm-2026-2030"].0, 10);
    assert_eq!(shape["xa-ntm-nang-cao-2021-2025"].0, 19);
    assert_eq!(shape["huyen-ntm-2021-2025"].0, 9);
    assert_eq!(shape["xa-ntm-kieu-mau-2021-2025"].0, 4);
    assert_eq!(shape["ban-ntm-lai-chau-2021-2025"], (0, 0), "structure only, no invented content");
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    assert!(set.key_rules.iter().any(|r| r.flag == "dbkk" && r.key.code() == "tdmnpb"), "the ĐBKK rule is data");
}

/// (set file, indicator, key, year) → (value, confidence) from a reference TOML.
type Table = BTreeMap<(String, String, Option<i32>), (Ratio, Confidence)>;

fn number(v: &toml::Value) -> Ratio {
    match v {
        toml::Value::Integer(i) => Ratio::integer(*i),
        toml::Value::Float(f) => Ratio::parse_decimal(&f.to_string()).unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

fn reference_thresholds(file: &str) -> Table {
    let text = std::fs::read_to_string(shared().join("reference").join(file)).expect("reference file");
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let mut out = Table::new();
    let criteria = doc.get("criteria").and_then(|c| c.as_array()).cloned().unwrap_or_default();
    for c in criteria {
        for ind in c.get("indicators").and_then(|i| i.as_array()).cloned().unwrap_or_default() {
            let id = ind["id"].as_str().unwrap().to_string();
            let confidence = match ind.get("confidence").and_then(|c| c.as_str()) {
                Some("verified") => Confidence::Verified,
                Some("partial") => Confidence::Partial,
                _ => Confidence::Unverified,
            };
            for (table, conf) in [("thresholds", confidence), ("thresholds_unverified", Confidence::Unverified)] {
                let Some(t) = ind.get(table).and_then(|t| t.as_table()) else { continue };
                for (key, v) in t {
                    if let Some(by_region) = v.as_table() {
                        let year: i32 = key.parse().unwrap();
                        for (region, value) in by_region {
                            out.insert((id.clone(), region.clone(), Some(year)), (number(value), conf));
                        }
                    } else {
                        out.insert((id.clone(), key.clone(), None), (number(v), conf));
                    }
                }
            }
        }
    }
    out
}

fn shipped_thresholds(set_id: &str) -> Table {
    let catalog = Catalog::shipped().unwrap();
    let set = catalog.set(set_id).unwrap();
    let mut out = Table::new();
    for c in set.criteria() {
        for i in &c.indicators {
            for t in &i.thresholds {
                assert!(!t.source.trim().is_empty(), "{} {}: threshold without a source", set_id, i.id);
                out.insert((i.id.clone(), t.key.code(), t.year), (t.value, t.confidence));
            }
        }
    }
    out
}

/// Matrix headers and chart rows name criteria by their short names: every criterion of every
/// shipped set has one that fits (the name itself when it is short), in both languages, and no
/// two criteria of a set share one.
#[test]
fn every_criterion_has_a_short_name_that_fits_a_header() {
    let catalog = Catalog::shipped().unwrap();
    for s in catalog.sets() {
        for lang in [Lang::Vi, Lang::En] {
            let mut seen = std::collections::BTreeSet::new();
            for c in s.set.criteria() {
                let short = c.short(lang);
                assert!(!short.is_empty() && short.chars().count() <= 24, "{} {}: \"{short}\"", s.set.id(), c.id);
                assert!(seen.insert(short), "{} {}: \"{short}\" names two criteria", s.set.id(), c.id);
            }
        }
    }
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let c17 = set.criteria().iter().find(|c| c.id == "17").unwrap();
    assert_eq!(c17.short(Lang::Vi), "Môi trường, ATTP");
    assert_eq!(c17.name_vi, "Môi trường và an toàn thực phẩm", "the name itself is the reference's");
    let c10 = set.criteria().iter().find(|c| c.id == "10").unwrap();
    assert_eq!((c10.short(Lang::Vi), c10.short(Lang::En)), ("Thu nhập", "Income"), "a short name stays the name");
}

#[test]
fn every_threshold_of_the_commune_set_equals_the_reference_and_none_is_added() {
    let reference = reference_thresholds("criteria-2021-2025.toml");
    let shipped = shipped_thresholds("xa-ntm-2021-2025");
    assert!(!reference.is_empty());
    assert_eq!(shipped, reference, "shipped thresholds differ from ../shared/reference/criteria-2021-2025.toml");
    let verified = shipped.values().filter(|(_, c)| *c == Confidence::Verified).count();
    assert!(verified >= 1, "3.1 (80%) is verified in the reference");
}

#[test]
fn the_district_sets_verified_threshold_equals_the_reference() {
    assert_eq!(shipped_thresholds("huyen-ntm-2021-2025"), reference_thresholds("criteria-district-2021-2025.toml"));
}

#[test]
fn the_model_commune_conditions_equal_qd_319() {
    let text = std::fs::read_to_string(shared().join("reference/criteria-advanced-2021-2025.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let conditions = doc["kieu_mau"]["conditions"].as_array().unwrap();
    let shipped = shipped_thresholds("xa-ntm-kieu-mau-2021-2025");
    for c in conditions {
        if let Some(t) = c.get("thresholds") {
            let value = number(&t["all"]);
            let id = c["id"].as_str().unwrap().to_string();
            assert_eq!(shipped[&(id, "all".to_string(), None)], (value, Confidence::Verified));
        }
    }
}

#[test]
fn the_set_json_lists_indicators_with_thresholds_and_their_sources() {
    let catalog = Catalog::shipped().unwrap();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let detail = ntm_io::report::set_detail(set, &[], Lang::Vi);
    let json = serde_json::to_value(&detail).unwrap();
    let criteria = json["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 19);
    let c15 = criteria.iter().find(|c| c["id"] == "15").unwrap();
    let stunting = c15["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "15.3").unwrap();
    assert_eq!(stunting["kind"], "max");
    assert_eq!(stunting["unit"], "%");
    let t = stunting["thresholds"].as_array().unwrap().iter().find(|t| t["key"] == "dbsh").unwrap();
    assert_eq!(t["value"], 16.5);
    assert_eq!(t["verified"], false);
    assert_eq!(t["year"], serde_json::Value::Null);
    assert!(t["source"].as_str().unwrap().contains("S29"));
}

#[test]
fn each_shipped_set_says_which_recognition_level_its_standard_is() {
    use ntm_domain::RecognitionLevel::*;
    let catalog = Catalog::shipped().unwrap();
    let level = |id: &str| catalog.set(id).unwrap().info.recognition_level;
    assert_eq!(level("xa-ntm-2021-2025"), Some(Ntm));
    assert_eq!(level("xa-ntm-2026-2030"), Some(Ntm));
    assert_eq!(level("xa-ntm-nang-cao-2021-2025"), Some(NangCao));
    assert_eq!(level("xa-ntm-kieu-mau-2021-2025"), Some(KieuMau));
    assert_eq!(level("ban-ntm-lai-chau-2021-2025"), Some(BanNtm));
    assert_eq!(level("huyen-ntm-2021-2025"), Some(HuyenNtm));
}

#[test]
fn a_recognition_level_that_is_unknown_or_for_other_units_is_refused_with_its_line() {
    let file = |level: &str| {
        format!(
            "[set]\nid = \"t\"\ntitle_vi = \"Bộ\"\nlegal_basis = \"QĐ\"\nrecognition_level = \"{level}\"\nlevel = \"commune\"\nscheme = \"region\"\n"
        )
    };
    let errors = |level: &str| {
        let e = ntm_io::parse_criteria_file("set.toml", &file(level)).unwrap_err();
        (e.render(Lang::Vi), e.render(Lang::En))
    };
    assert_eq!(
        errors("ban-ntm"),
        (
            "set.toml, dòng 5, cột 21, trường recognition_level: bộ tiêu chí dành cho cấp commune, mức công nhận ban-ntm dành cho cấp village".into(),
            "set.toml, line 5, column 21, field recognition_level: the set is for commune units; recognition level ban-ntm is for village units".into()
        )
    );
    assert_eq!(
        errors("xa").1,
        "set.toml, line 5, column 21, field recognition_level: recognition level \"xa\" is not one of ntm, nang-cao, kieu-mau, ban-ntm, huyen-ntm"
    );
    let Ok(ntm_io::CriteriaFile::Set(set)) = ntm_io::parse_criteria_file("set.toml", &file("nang-cao")) else {
        panic!("a commune set of the advanced level reads")
    };
    assert_eq!(set.info.recognition_level, Some(ntm_domain::RecognitionLevel::NangCao));
}
