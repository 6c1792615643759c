//! The values CSV read as a stream gives what reading it whole gives: the same rows, the same
//! errors in the same order; and a file of countless bad rows keeps a bounded list of them.

use ntm_domain::Lang;
use ntm_io::values::ValuesReader;
use ntm_io::{Catalog, build_tree, read_units_text, read_values};

const UNITS: &str = "code,name,level,parent_code,region,group\n\
                     12,Tỉnh Lai Châu,province,,tdmnpb,\n\
                     106,Huyện Tam Đường,district,12,,\n\
                     03412,Xã Bình Lư,commune,106,,\n\
                     03413,Xã Sơn Bình,commune,106,,\n";

fn setup() -> (Catalog, ntm_domain::UnitTree) {
    let tree = build_tree(vec![read_units_text("units.csv", UNITS).unwrap()]).unwrap().tree;
    (Catalog::shipped().unwrap(), tree)
}

#[test]
fn batches_of_a_stream_are_the_rows_of_the_whole_file_in_order() {
    let (catalog, tree) = setup();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let mut text = String::from("unit_code,period,element,value\n");
    for (i, e) in ["1.1", "3.1", "2.2", "17.1", "3.2"].iter().enumerate() {
        for q in 1..=4 {
            let v = if *e == "1.1" || *e == "3.2" { "đạt".to_string() } else { format!("{}/100", 50 + i + q) };
            text.push_str(&format!("03412,2024Q{q},{e},{v}\n03413,2024Q{q},{e},{v}\n\n"));
        }
    }
    let whole = read_values("v.csv", &text, set, &tree).unwrap();
    let mut reader = ValuesReader::new("v.csv", || Ok(text.as_bytes()), set, &tree).unwrap().batch_rows(7);
    let batches: Vec<_> = reader.by_ref().collect();
    assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 7), "batches of at most 7, none empty");
    assert_eq!(batches.concat(), whole, "same rows, same order, same lines");
    assert_eq!(reader.bytes_read(), u64::try_from(text.len()).unwrap());
    assert_eq!(reader.finish().unwrap(), 40, "40 rows read, blank lines aside");
}

#[test]
fn errors_found_apart_come_out_as_reading_the_whole_file_gives_them() {
    let (catalog, tree) = setup();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    // A numerator above its denominator given before it, a zero denominator, a key given twice
    // far from its first line, and bad rows between, each in a batch of its own.
    let text = "unit_code,period,element,value\n\
                03412,2024,2.1.km_dat,12\n\
                03412,2024,3.1,80\n\
                99999,2024,3.1,80\n\
                03412,2024,2.1.km_tong,10\n\
                03413,2024,2.1.km_tong,0\n\
                03412,1990,3.1,80\n\
                03412,2024,3.1,81\n";
    let whole = read_values("v.csv", text, set, &tree).unwrap_err();
    let mut reader = ValuesReader::new("v.csv", || Ok(text.as_bytes()), set, &tree).unwrap().batch_rows(1);
    let good: usize = reader.by_ref().map(|b| b.len()).sum();
    assert_eq!(good, 4, "each good row is handed over, to be dropped when the file fails");
    let streamed = reader.finish().unwrap_err();
    assert_eq!(streamed, whole);
    assert_eq!(
        streamed.render(Lang::En),
        "v.csv, line 4, field unit_code: unit code 99999 is not in the unit list\n\
         v.csv, line 7, field period: year 1990 is outside the set's years (2017-2031)\n\
         v.csv, line 8, field element: duplicates line 3 (same unit, period and element)\n\
         v.csv, line 2, field value: \"12\": numerator larger than denominator\n\
         v.csv, line 6, field value: \"0\": denominator is zero"
    );
}

#[test]
fn a_file_of_countless_bad_rows_keeps_a_bounded_list_and_counts_the_rest() {
    let (catalog, tree) = setup();
    let set = catalog.set("xa-ntm-2021-2025").unwrap();
    let n = ntm_io::error::MAX_KEPT_ERRORS + 2_500;
    let mut text = String::from("unit_code,period,element,value\n");
    for _ in 0..n {
        text.push_str("99999,2024,3.1,80\n");
    }
    let e = read_values("v.csv", &text, set, &tree).unwrap_err();
    assert_eq!(e.count(), n, "every bad row counted");
    assert_eq!(e.0.len(), ntm_io::error::MAX_KEPT_ERRORS, "a bounded number kept");
    let shown = e.render(Lang::En);
    assert_eq!(shown.lines().count(), ntm_io::error::MAX_LISTED_ERRORS + 1);
    assert!(shown.ends_with(&format!("... and {} more errors", n - ntm_io::error::MAX_LISTED_ERRORS)), "{shown}");
}
