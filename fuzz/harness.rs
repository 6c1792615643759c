//! The code the fuzz targets run, shared with the replay test `crates/ntm-io/tests/fuzz_corpus.rs`
//! (both include this file with `#[path]`). Each function takes one input file's text, runs it through
//! a reader and, when the reader accepts it, through everything downstream of that reader (tree
//! building, evaluation, reports). A rejected input must come back as errors that render, in both
//! languages, to non-empty text naming the file; anything else panics, which the fuzzer reports as a
//! crash and the test as a failure.

#![allow(dead_code)]

use std::sync::OnceLock;

use ntm_domain::plan::TargetInputs;
use ntm_domain::{
    Agency, CriteriaSet, Evaluator, Lang, Level, Period, Recognition, ThresholdLayer, UnitIdx, UnitTree, ValueTable,
};
use ntm_io::{Catalog, CriteriaFile, InputErrors, UnitFormat, report};

/// The name every fuzzed criteria file is read under.
pub const TOML_NAME: &str = "fuzz.toml";
/// The name every fuzzed CSV file is read under.
pub const CSV_NAME: &str = "fuzz.csv";

/// The name of the fixed GSO file a fuzzed GSO file is imported with.
pub const PARTNER_NAME: &str = "partner.csv";

/// The set the values target reads against and override layers are validated against.
pub const SET_ID: &str = "xa-ntm-2021-2025";

/// The fixed unit list of the values target: Lai Châu, Tam Đường and a few communes, one of them
/// closed in mid-2024 and one opened in 2025, plus a village (wrong level for a commune set).
pub const TREE_CSV: &str = "\
code,name,level,parent_code,region,group,flags,valid_from,valid_to
12,Tỉnh Lai Châu,province,,tdmnpb,,,,
106,Huyện Tam Đường,district,12,,,,,
03390,Thị trấn Tam Đường,commune,106,,,,,
03412,Xã Bình Lư,commune,106,,2,dbkk,,
03400,Xã Tả Lèng,commune,106,dbsh,1,,,
03394,Xã Thèn Sin,commune,106,,,atk,,2024-06-30
03999,Xã Mới,commune,106,,3,,2025-07-01,
0339001,Bản Nà Đon,village,03390,,,,,
";

/// A GSO commune list (January 2025) that fuzzed merger tables are imported with.
pub const GSO_COMMUNES_CSV: &str = "\
Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh
Tỉnh Lai Châu,12,Huyện Tam Đường,106,Thị trấn Tam Đường,03390,Thị trấn,
Tỉnh Lai Châu,12,Huyện Tam Đường,106,Xã Thèn Sin,03394,Xã,
Tỉnh Lai Châu,12,Huyện Tam Đường,106,Xã Tả Lèng,03400,Xã,
Tỉnh Lai Châu,12,Huyện Tam Đường,106,Xã Bình Lư,03412,Xã,
Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch,00004,Phường,
";

/// A GSO merger table (July 2025) that fuzzed commune lists are imported with.
pub const GSO_MERGER_CSV: &str = "\
Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,
\"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,
TỈNH LAI CHÂU,,,,,,,,
Tỉnh Lai Châu (12),Xã Bình Lư,03412,Xã Bình Lư,03412,Giữ nguyên,Huyện Tam Đường (106),Tỉnh Lai Châu (12),
Tỉnh Lai Châu (12),Xã Bình Lư,03412,Xã Thèn Sin,03394,Nhập toàn bộ,Huyện Tam Đường (106),Tỉnh Lai Châu (12),
Tỉnh Lai Châu (12),Xã Tả Lèng,03400,Xã Tả Lèng,03400,Nhập một phần,Huyện Tam Đường (106),Tỉnh Lai Châu (12),
Tỉnh Lai Châu (12),Xã Tả Lèng,03400,,,Sắp xếp từ huyện,Huyện Tam Đường (106),Tỉnh Lai Châu (12),
";

/// Values for the fixed tree, used when a fuzzed override layer is evaluated.
pub const VALUES_CSV: &str = "\
unit_code,period,element,value
03390,2024,2.1,100
03390,2024,3.1,79.5
03390,2024Q3,4.2,96/100
03390,2024,1.1,đạt
03412,2024,10,41
03412,2024,2.1.km_dat,12
03412,2024,2.1.km_tong,15
03412,2024Q2,15.3,20
03400,2024,11,2.5
03400,2024,17.3,không đạt
";

/// Values of four years for the plans target, so that warnings have trends to draw: a road
/// rate rising too slowly, a poverty rate falling, income from its raw elements, a yes/no.
pub const HISTORY_CSV: &str = "\
unit_code,period,element,value
03390,2021,2.1,60
03390,2022,2.1,62.5
03390,2023Q4,2.1,64
03390,2024,2.1,66/100
03390,2021,11,9
03390,2022,11,8
03390,2023,11,7.5
03390,2024Q2,11,7
03412,2022,10.thu_nhap,39000
03412,2022,10.nhan_khau,1000
03412,2023,10,42.5
03412,2024,10,44
03412,2024,1.1,đạt
03400,2022,17.1,80
03400,2023,17.1,80
03400,2024,17.1,80
";

/// What a reader accepted, or `None` once its errors are checked to render and name the file.
fn accepted<T>(read: Result<T, InputErrors>) -> Option<T> {
    read.map_err(|e| check_errors(&e, CSV_NAME)).ok()
}

/// Checked decisions as the domain's recognitions.
fn decisions(rows: &[ntm_io::RecognitionRow]) -> Vec<Recognition> {
    rows.iter()
        .map(|r| Recognition {
            id: 0,
            unit: r.unit,
            level: r.level,
            decision: r.decision.clone(),
            decided_on: r.decided_on,
            lost: r.lost.clone(),
        })
        .collect()
}

/// Recognition decisions for the fixed tree, used when fuzzed targets' progress is computed.
pub const RECOGNITIONS_CSV: &str = "\
unit_code,level,decision,decided_on,lost_on,lost_decision
03412,ntm,QĐ 1,20/12/2021,,
0339001,ban-ntm,QĐ 2,2024-11-25,,
03400,ntm,QĐ 3,2022-12-15,2024-06-30,QĐ 4
03400,nang-cao,QĐ 5,2024-12-01,,
";

/// The agencies accounts files may name.
pub fn agencies() -> Vec<Agency> {
    let criterion = ntm_domain::CriterionRef::new(SET_ID, "2");
    vec![Agency {
        id: 1,
        code: "ktht".into(),
        name: "Phòng Kinh tế và Hạ tầng".into(),
        name_en: String::new(),
        criteria: vec![criterion],
        cooperates: vec![],
    }]
}

/// The shipped catalog, read once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::shipped().expect("the shipped criteria sets read"))
}

/// The set of [`SET_ID`].
pub fn shipped_set() -> &'static CriteriaSet {
    catalog().set(SET_ID).expect("the shipped set exists")
}

/// The tree of [`TREE_CSV`], built once.
pub fn tree() -> &'static UnitTree {
    static TREE: OnceLock<UnitTree> = OnceLock::new();
    TREE.get_or_init(|| {
        let file = ntm_io::read_units_text("tree.csv", TREE_CSV).expect("the fixed unit list reads");
        ntm_io::build_tree(vec![file]).expect("the fixed unit list builds").tree
    })
}

/// The values of [`VALUES_CSV`], read once.
pub fn values() -> &'static ValueTable {
    static VALUES: OnceLock<ValueTable> = OnceLock::new();
    VALUES.get_or_init(|| {
        let rows = ntm_io::read_values("values.csv", VALUES_CSV, shipped_set(), tree()).expect("the fixed values read");
        ntm_io::value_table(shipped_set(), tree(), &rows).expect("the fixed values fit a table")
    })
}

/// Checks that rejected input is explained: at least one error, and the whole list and every
/// error render to non-empty text naming `file`, in Vietnamese and in English.
pub fn check_errors(errors: &InputErrors, file: &str) {
    check_errors_in(errors, &[file]);
}

/// As [`check_errors`], for errors that may be in any of `files`.
pub fn check_errors_in(errors: &InputErrors, files: &[&str]) {
    assert!(!errors.0.is_empty(), "an Err without any error");
    for lang in [Lang::Vi, Lang::En] {
        let all = errors.render(lang);
        assert!(!all.trim().is_empty(), "empty rendering ({lang:?})");
        for e in &errors.0 {
            let one = e.render(lang);
            let file = files.iter().find(|f| one.starts_with(**f));
            let file = file.unwrap_or_else(|| panic!("error ({lang:?}) does not start with one of {files:?}: {one}"));
            assert!(all.contains(file), "rendering ({lang:?}) does not name {file}: {all}");
            assert!(one.len() > file.len() + 2, "error ({lang:?}) says nothing: {one}");
        }
        // Display is the Vietnamese rendering.
        let _ = errors.to_string();
    }
}

/// The units a set judges in a tree: its level, the kinds it judges.
fn units_of(tree: &UnitTree, set: &CriteriaSet) -> Vec<UnitIdx> {
    tree.iter().filter(|(_, u)| set.applies_to(u)).map(|(i, _)| i).collect()
}

/// Evaluates `set` (with `layers`) over `units` of `tree` for 2024 and 2024Q3 and renders every report.
fn evaluate(set: &CriteriaSet, layers: Vec<&ThresholdLayer>, tree: &UnitTree, table: &ValueTable) {
    let units = units_of(tree, set);
    for period in [Period::Year(2024), Period::Quarter(2024, 3)] {
        let mut ev = Evaluator::new(set, layers.clone(), tree, table, period).expect("validated layers are accepted");
        let eval = ev.run(&units);
        assert_eq!(eval.units().len(), units.len());
        for (pos, _) in units.iter().enumerate() {
            assert!(eval.criteria_met(pos) <= eval.criteria_total());
        }
        for lang in [Lang::Vi, Lang::En] {
            let r = report::evaluation_report(&mut ev, &eval, lang);
            let _ = report::evaluation_table(&r, lang, period);
            report::evaluation_csv(&r).expect("the evaluation writes as CSV");
            serde_json::to_string(&r).expect("the evaluation writes as JSON");
        }
    }
}

/// Outcome of one input: accepted (`true`) or rejected with well-formed errors (`false`).
pub type Accepted = bool;

/// A criteria set or override file.
pub fn criteria_file(text: &str) -> Accepted {
    match ntm_io::parse_criteria_file(TOML_NAME, text) {
        Ok(CriteriaFile::Set(set)) => {
            for lang in [Lang::Vi, Lang::En] {
                let detail = report::set_detail(&set, &[], lang);
                let _ = report::set_table(&detail, lang);
                serde_json::to_string(&detail).expect("the set writes as JSON");
                let summary = report::set_summary(&set, TOML_NAME, lang);
                let _ = report::set_list_table(&[summary], lang);
            }
            // The set over the fixed tree, with no values: every key and rule path, nothing measured.
            evaluate(&set, vec![], tree(), &ValueTable::new(set.element_count()));
            true
        }
        Ok(CriteriaFile::Override(layer, _)) => {
            let set = shipped_set();
            match layer.validate(set) {
                Ok(()) => {
                    for lang in [Lang::Vi, Lang::En] {
                        let detail = report::set_detail(set, &[&layer], lang);
                        let _ = report::set_table(&detail, lang);
                    }
                    evaluate(set, vec![&layer], tree(), values());
                    true
                }
                Err(e) => {
                    // The same error as the catalog reports when it refuses the layer.
                    let errors = InputErrors::one(ntm_io::Location::file(TOML_NAME), ntm_io::Problem::Layer(e));
                    check_errors(&errors, TOML_NAME);
                    false
                }
            }
        }
        Err(e) => {
            check_errors(&e, TOML_NAME);
            false
        }
    }
}

/// A unit list in any of the three formats.
pub fn units_csv(text: &str) -> Accepted {
    let file = match ntm_io::read_units_text(CSV_NAME, text) {
        Ok(f) => f,
        Err(e) => {
            check_errors(&e, CSV_NAME);
            return false;
        }
    };
    // A GSO list is imported with the other GSO file (as `ntm units import LIST TABLE` does), which
    // takes the lineage paths of the tree builder; the fuzzed file must then build or fail cleanly too.
    let partner = match file.format {
        UnitFormat::Contract => None,
        UnitFormat::GsoCommunes => Some(GSO_MERGER_CSV),
        UnitFormat::GsoMerger => Some(GSO_COMMUNES_CSV),
    };
    if let Some(partner) = partner {
        let partner = ntm_io::read_units_text(PARTNER_NAME, partner).expect("the fixed GSO file reads");
        let files = if file.format == UnitFormat::GsoMerger {
            vec![partner, file.clone()]
        } else {
            vec![file.clone(), partner]
        };
        match ntm_io::build_tree(files) {
            Ok(import) => {
                let all: Vec<UnitIdx> = import.tree.iter().map(|(i, _)| i).collect();
                let _ = report::units_csv(&report::unit_rows(&import.tree, &all)).expect("the units write as CSV");
            }
            // Errors may be in either file; each names its own.
            Err(e) => check_errors_in(&e, &[CSV_NAME, PARTNER_NAME]),
        }
    }
    match ntm_io::build_tree(vec![file]) {
        Ok(import) => {
            let tree = &import.tree;
            let all: Vec<UnitIdx> = tree.iter().map(|(i, _)| i).collect();
            let rows = report::unit_rows(tree, &all);
            let csv = report::units_csv(&rows).expect("the units write as CSV");
            for lang in [Lang::Vi, Lang::En] {
                let _ = report::units_table(&rows, lang);
            }
            // What the program writes, it reads back, whatever format it was read from.
            let again = ntm_io::read_units_text(CSV_NAME, &csv)
                .and_then(|f| ntm_io::build_tree(vec![f]))
                .expect("written units read back");
            assert_eq!(again.tree.len(), tree.len(), "written units read back as many");
            for &u in &all {
                let _ = tree.ancestors(u).count();
                let _ = tree.effective_region(u);
                let _ = tree.effective_group(u);
            }
            true
        }
        Err(e) => {
            check_errors(&e, CSV_NAME);
            false
        }
    }
}

/// A values file against the fixed tree and the shipped set.
pub fn values_csv(text: &str) -> Accepted {
    let set = shipped_set();
    let tree = tree();
    let rows = match ntm_io::read_values(CSV_NAME, text, set, tree) {
        Ok(rows) => rows,
        Err(e) => {
            check_errors(&e, CSV_NAME);
            return false;
        }
    };
    let table = ntm_io::value_table(set, tree, &rows).expect("checked rows fit a value table");
    assert_eq!(table.len(), rows.len(), "every checked row is stored once");
    evaluate(set, vec![], tree, &table);
    true
}

/// An agencies file against the shipped sets: each agency once, with a valid code, and every
/// criterion it answers for one of its set.
pub fn agencies_csv(text: &str) -> Accepted {
    let Some(rows) = accepted(ntm_io::read_agencies(CSV_NAME, text, catalog())) else { return false };
    let mut codes = std::collections::HashSet::new();
    for r in &rows {
        assert!(ntm_domain::org::valid_agency_code(&r.agency.code) && !r.agency.name.is_empty());
        assert!(
            r.agency.name_en.chars().count() <= ntm_io::text::Bound::Name.max(),
            "an English name within the limit"
        );
        assert!(codes.insert(r.agency.code.clone()), "{} read twice", r.agency.code);
        assert!(r.agency.criteria.windows(2).all(|w| w[0] < w[1]), "criteria sorted, each once");
        for c in &r.agency.criteria {
            let set = catalog().set(&c.set).expect("a criterion of a shipped set");
            assert!(set.criteria().iter().any(|x| x.id == c.criterion));
            assert!(ntm_domain::org::responsible_for(std::slice::from_ref(&r.agency), &c.set, &c.criterion).len() == 1);
        }
        assert!(r.agency.cooperates.windows(2).all(|w| w[0] < w[1]), "co-operations sorted, each once");
        assert!(r.agency.cooperates.iter().all(|c| !r.agency.criteria.contains(c)), "never both lead and co-operate");
    }
    true
}

/// A Steering Committee members CSV against the fixed tree, one agency (`ktht`) and two
/// accounts (`thanhvien`, `xem`): codes valid and each once, communes are communes of the tree
/// each once, agencies and accounts known, an account linked to one member at most.
pub fn members_csv(text: &str) -> Accepted {
    let tree = tree();
    let accounts = ["thanhvien".to_string(), "xem".to_string()];
    let Some(rows) = accepted(ntm_io::read_members(CSV_NAME, text, tree, &agencies(), &accounts)) else {
        return false;
    };
    let (mut codes, mut linked) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    for r in &rows {
        assert!(ntm_domain::org::valid_agency_code(&r.code) && codes.insert(r.code.clone()));
        assert!(!r.name.is_empty() && !r.position.is_empty());
        assert!(r.agency.as_deref().is_none_or(|a| a == "ktht"));
        assert!(r.account.as_ref().is_none_or(|a| accounts.contains(a) && linked.insert(a.clone())));
        let mut seen = std::collections::HashSet::new();
        assert!(r.communes.iter().all(|&u| tree.unit(u).level == Level::Commune && seen.insert(u)));
    }
    true
}

/// The decisions of [`RECOGNITIONS_CSV`], read once.
pub fn recognitions() -> &'static [Recognition] {
    static LIST: OnceLock<Vec<Recognition>> = OnceLock::new();
    LIST.get_or_init(|| {
        decisions(
            &ntm_io::read_recognitions("recognitions.csv", RECOGNITIONS_CSV, tree()).expect("the fixed decisions read"),
        )
    })
}

/// A targets file against the fixed tree and the shipped sets; then each target's progress on
/// days around the ends of 2024 and 2025 from the fixed values and decisions.
pub fn targets_csv(text: &str) -> Accepted {
    let tree = tree();
    let Some(rows) = accepted(ntm_io::read_targets(CSV_NAME, text, tree, catalog())) else { return false };
    let set = shipped_set();
    for (period, today) in [
        (Period::Year(2024), "2025-01-01"),
        (Period::Year(2025), "2026-01-01"),
        (Period::Quarter(2025, 3), "2025-09-30"),
    ] {
        let today = ntm_domain::Date::parse(today).expect("a date");
        let units = tree.at_level(set.level, period);
        let evaluation = Evaluator::new(set, vec![], tree, values(), period).expect("no layers").run(&units);
        let inputs =
            TargetInputs { tree, recognitions: recognitions(), today, evaluation: Some(&evaluation), indicator: None };
        for r in &rows {
            let t = &r.target;
            assert!(!t.title_vi.is_empty() && !t.title_en.is_empty() && !t.source.is_empty());
            assert_eq!(t.units(tree).len(), t.parts.len(), "every unit of {} is in the tree", t.code);
            let p = t.progress(&inputs);
            assert!(p.percent() <= 100 && p.done <= p.total, "{}: {} of {}", t.code, p.done, p.total);
            assert_eq!(p.remaining(), p.total - p.done);
            if p.achieved {
                assert!(!p.missed() && p.total > 0, "{}: achieved, so neither missed nor of nothing", t.code);
            }
        }
    }
    true
}

/// A recognitions file against the fixed tree: each decision consistent, the unit of its level.
pub fn recognitions_csv(text: &str) -> Accepted {
    let tree = tree();
    let Some(rows) = accepted(ntm_io::read_recognitions(CSV_NAME, text, tree)) else { return false };
    let list = decisions(&rows);
    for (r, rec) in rows.iter().zip(&list) {
        assert_eq!(rec.check(), Ok(()), "a checked decision stands");
        assert_eq!(tree.unit(r.unit).level, r.level.unit_level());
        assert!(tree.unit(r.unit).valid_on(r.decided_on), "the unit existed on the day");
        assert!(rec.in_force_on(r.decided_on) || rec.lost.as_ref().is_some_and(|l| l.on == r.decided_on));
        assert!(
            ntm_domain::recognition::in_force(&list, r.unit, r.level, r.decided_on).is_some() || rec.lost.is_some()
        );
    }
    true
}

/// The values of [`HISTORY_CSV`], read once.
pub fn history() -> &'static ValueTable {
    static VALUES: OnceLock<ValueTable> = OnceLock::new();
    VALUES.get_or_init(|| {
        let rows =
            ntm_io::read_values("history.csv", HISTORY_CSV, shipped_set(), tree()).expect("the fixed history reads");
        ntm_io::value_table(shipped_set(), tree(), &rows).expect("the fixed history fits a table")
    })
}

/// A plans file (the roadmap) against the fixed tree and the shipped set: each row of a unit of
/// the set's level that existed in its planned year, within the set's years, each (unit,
/// criterion, level) once; then the early warnings of 2024, 2024Q3 and 2025 from the fixed
/// history and decisions, on one thread and on two (the same), each consistent with its kind,
/// and their report as JSON.
pub fn plans_csv(text: &str) -> Accepted {
    let (tree, set) = (tree(), shipped_set());
    let Some(rows) = accepted(ntm_io::read_plans(CSV_NAME, text, tree, set, None)) else { return false };
    let mut keys = std::collections::HashSet::new();
    for r in &rows {
        let p = &r.plan;
        let unit = tree.unit(p.unit);
        assert_eq!(unit.level, set.level, "line {}: a unit of the set's level", r.line);
        assert!(set.plausible_years().contains(&p.planned_year), "line {}: within the set's years", r.line);
        assert!(unit.overlaps(Period::Year(p.planned_year)), "line {}: the unit existed in its year", r.line);
        assert!(p.criterion_in(set).is_some() || p.is_standard(), "line {}: a criterion of the set or `all`", r.line);
        assert!(keys.insert((p.unit, p.item.clone())), "line {}: each unit, criterion and level once", r.line);
    }
    let plans: Vec<ntm_domain::Plan> = rows.into_iter().map(|r| r.plan).collect();
    for period in [Period::Year(2024), Period::Quarter(2024, 3), Period::Year(2025)] {
        let units = tree.at_level(set.level, period);
        let evaluation = Evaluator::new(set, vec![], tree, history(), period).expect("no layers").run(&units);
        let inputs = ntm_domain::WarningInputs {
            set,
            layers: &[],
            tree,
            values: history(),
            evaluation: &evaluation,
            plans: &plans,
            recognitions: recognitions(),
        };
        let list = ntm_domain::warning::warnings(&inputs, 1).expect("no layers");
        assert_eq!(ntm_domain::warning::warnings(&inputs, 2).expect("no layers"), list, "threads change nothing");
        for w in &list {
            use ntm_domain::WarningKind::*;
            assert!(evaluation.position(w.unit).is_some(), "a warning about a unit evaluated");
            assert_eq!(w.indicator.is_some(), matches!(w.kind, OffPace | MissingData), "{w:?}");
            match w.kind {
                PlannedNotMet => assert!(w.planned_year.is_some_and(|y| y <= period.year()), "{w:?}"),
                OffPace => {
                    let planned = w.planned_year.expect("off pace against a planned year");
                    assert!(w.projected_year.is_none_or(|p| p > planned && p > period.year()), "{w:?}");
                }
                Backsliding | MissingData => assert_eq!(w.projected_year, None),
            }
        }
        let report = ntm_io::warnings::warnings_report(set, tree, period, &list, |w| format!("{:?}", w.figures));
        serde_json::to_string(&report).expect("the warnings write as JSON");
    }
    true
}

/// An accounts file against the fixed tree and [`agencies`]: each user name once, a commune
/// officer with a commune and an agency officer with a known agency, no one else with either.
pub fn accounts_csv(text: &str) -> Accepted {
    let tree = tree();
    let Some(rows) = accepted(ntm_io::read_accounts(CSV_NAME, text, tree, &agencies())) else { return false };
    let mut names = std::collections::HashSet::new();
    for r in &rows {
        assert!(ntm_domain::auth::valid_username(&r.username) && names.insert(r.username.clone()));
        assert!(!r.display_name.is_empty());
        assert_eq!(r.unit.is_some(), r.role == ntm_domain::Role::Commune);
        assert_eq!(r.agency.is_some(), r.role == ntm_domain::Role::Agency);
        if let Some(u) = r.unit {
            assert_eq!(tree.unit(u).level, Level::Commune);
        }
    }
    true
}

/// A number as typed in a web form (a value, a numerator or denominator, a threshold), read in
/// both languages. A refusal must say why in words; an accepted text must be a value the store
/// takes, and a number shown back in the form (`form_number_shown`) must read as the same number,
/// so that saving an untouched field never changes it.
pub fn form_number(text: &str) -> bool {
    let mut accepted = false;
    for lang in [Lang::Vi, Lang::En] {
        let machine = match ntm_io::text::form_number(text, lang) {
            Ok(machine) => machine,
            Err(message) => {
                assert!(!message.trim().is_empty(), "a refusal without words for {text:?}");
                continue;
            }
        };
        let Ok(value) = ntm_domain::Value::parse(&machine) else { continue };
        accepted = true;
        if let ntm_domain::Value::Number(_) = value {
            let shown = ntm_io::text::form_number_shown(&value.to_string(), lang);
            let back = ntm_io::text::form_number(&shown, lang)
                .unwrap_or_else(|e| panic!("{value} shown as {shown:?} is refused in {lang:?}: {e}"));
            assert_eq!(ntm_domain::Value::parse(&back), Ok(value), "{value} shown as {shown:?} reads back otherwise");
        }
    }
    accepted
}

/// A period or a date as it arrives in a page address (`/entry/03412/2024Q3`, `?period=`, `?at=`,
/// `--on`). Accepted ones must print back to themselves and name themselves in both languages;
/// a period's lookup chain never leaves its year.
pub fn period_or_date(text: &str) -> bool {
    let mut accepted = false;
    if let Ok(p) = Period::parse(text) {
        accepted = true;
        assert_eq!(Period::parse(&p.to_string()), Ok(p), "{p} prints back to itself");
        for lang in [Lang::Vi, Lang::En] {
            assert!(!ntm_domain::explain::period_label(p, lang).is_empty());
        }
        assert!(p.start() <= p.end(), "{p} starts before it ends");
        assert!(p.lookup_chain().all(|q| q.year() == p.year()), "{p} looks only within its year");
    }
    if let Ok(d) = ntm_domain::Date::parse(text) {
        accepted = true;
        assert_eq!(ntm_domain::Date::parse(&d.to_string()), Ok(d), "{d} prints back to itself");
        assert_eq!(d.to_vietnamese().len(), 10, "dd/mm/yyyy");
        assert!(d.pred() < d, "the day before {d}");
    }
    accepted
}

/// A text field as any form, file or command gives it: cleaned (`ntm_io::text::clean`), bounded
/// (`ntm_io::text::bounded`) and made a search key. Cleaning twice changes nothing; what it gives
/// holds no direction control, no control character, no space at either end nor two in a row;
/// a bound accepts exactly the texts of at most its number of characters, and refuses the others
/// with the problem naming that number. Accepted when the text is within the smallest bound.
pub fn form_text(text: &str) -> bool {
    let clean = ntm_io::text::clean(text);
    assert_eq!(ntm_io::text::clean(&clean), clean, "cleaning {text:?} twice changes it");
    for c in clean.chars() {
        let bidi =
            matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        assert!(!bidi && !c.is_control(), "{c:?} kept in {clean:?}");
    }
    assert!(!clean.starts_with(' ') && !clean.ends_with(' ') && !clean.contains("  "), "{clean:?}");
    let key = ntm_io::text::search_key(text);
    assert_eq!(ntm_io::text::search_key(&key), key, "a search key is its own key");
    use ntm_io::text::Bound;
    let n = clean.chars().count();
    for bound in [Bound::PersonName, Bound::Name, Bound::Title, Bound::Citation, Bound::Paragraph] {
        match ntm_io::text::bounded(&clean, bound) {
            Ok(t) => assert!(t == clean && n <= bound.max()),
            Err(p) => {
                assert!(n > bound.max(), "{n} characters refused by {bound:?}");
                assert_eq!(p, ntm_io::Problem::LongerThan(bound.max()));
                for lang in [Lang::Vi, Lang::En] {
                    assert!(p.render(lang).contains(&bound.max().to_string()), "the message says the limit");
                }
            }
        }
    }
    n <= Bound::PersonName.max()
}
