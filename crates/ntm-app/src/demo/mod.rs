//! The Tam Đường demo: a database built from the files of `demo/tam-duong/` through the same
//! readers and use cases a district's own files go through — the district's 13 real units (GSO
//! codes) and their villages, illustrative values 2021–2024 and thresholds, the directive's real
//! targets (`targets.csv`, citing the directive, whose text is kept beside it), agencies with the
//! criteria they usually follow (`agencies.csv`), illustrative recognition decisions
//! (`recognitions.csv`), and one account per role (`accounts.csv`). Every page says the data are
//! illustrative.

use ntm_io::{CriteriaFile, build_tree, parse_criteria_file, read_units_text};
use ntm_store::{Db, LayerEntryRecord, LayerRecord};

use crate::{App, AppError, Config};

/// A file of the demo: its name (as errors and the change log name it) and its text.
struct File {
    name: &'static str,
    text: &'static str,
}

macro_rules! demo_file {
    ($name:literal) => {
        File {
            name: concat!("demo/tam-duong/", $name),
            text: include_str!(concat!("../../../../demo/tam-duong/", $name)),
        }
    };
}

const UNITS: File = demo_file!("units.csv");
const VALUES: File = demo_file!("values.csv");
const THRESHOLDS: File = demo_file!("illustrative-thresholds.toml");
const AGENCIES: File = demo_file!("agencies.csv");
const TARGETS: File = demo_file!("targets.csv");
const RECOGNITIONS: File = demo_file!("recognitions.csv");
const ACCOUNTS: File = demo_file!("accounts.csv");

/// The password of every demo account (public: printed when the demo starts).
pub const DEMO_PASSWORD: &str = "minhhoa2024";

/// A demo account, as the sign-in page of the demo lists it (the demo's password is public).
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: String,
    pub display_name: String,
    /// `admin`, `office`, `agency`, `commune`, `viewer`.
    pub role: String,
    /// The commune a commune officer answers for, by name.
    pub unit: Option<String>,
    /// The agency an agency officer works for, by name.
    pub agency: Option<String>,
}

impl App {
    /// The accounts of a demo database (none otherwise: real accounts are never listed), in
    /// the order of their roles, most rights first.
    pub async fn demo_accounts(&self) -> Result<Vec<DemoAccount>, AppError> {
        if !self.config.demo {
            return Ok(Vec::new());
        }
        let users = self.db.users().await?;
        let live = self.live();
        let mut out: Vec<DemoAccount> = users
            .into_iter()
            .filter(|u| !u.disabled)
            .map(|u| DemoAccount {
                unit: u.unit_id.and_then(|id| live.unit_index.get(&id)).map(|&i| live.tree.unit(i).name.clone()),
                agency: u.agency_id.and_then(|id| live.org.by_id(id)).map(|a| a.name.clone()),
                username: u.username,
                display_name: u.display_name,
                role: u.role,
            })
            .collect();
        let rank = |role: &str| ntm_domain::Role::ALL.iter().position(|r| r.code() == role).unwrap_or(usize::MAX);
        out.sort_by_key(|a| rank(&a.role));
        Ok(out)
    }
}

/// Fills an empty database with the demo, file by file, through the importers of each area.
pub async fn build(db: &Db, fast_hashing: bool) -> Result<(), AppError> {
    let units = build_tree(vec![read_units_text(UNITS.name, UNITS.text)?])?.tree;
    db.import_units(&units, None, UNITS.name).await?;
    db.mark_illustrative().await?;
    let app = App::open(db.clone(), Config { demo: true, fast_hashing, ..Config::default() }).await?;
    app.import_agencies(None, AGENCIES.name, AGENCIES.text).await?;
    // The illustrative threshold layer, stored like any other layer.
    if let CriteriaFile::Override(layer, _) = parse_criteria_file(THRESHOLDS.name, THRESHOLDS.text)? {
        let record = LayerRecord {
            id: 0,
            layer_id: layer.id.clone(),
            set_id: layer.set_id.clone(),
            kind: layer.kind.code().into(),
            title: layer.title.clone(),
            title_en: layer.title_en.clone().unwrap_or_default(),
            scope_code: layer.scope.clone().unwrap_or_default(),
            entries: vec![],
        };
        for e in &layer.entries {
            let entry = LayerEntryRecord {
                indicator: e.indicator.clone(),
                key: e.threshold.key.code(),
                year: e.threshold.year.map_or(0, i64::from),
                value_text: e.threshold.value.to_decimal_string(9),
                confidence: e.threshold.confidence.code().into(),
                source: e.threshold.source.clone(),
                source_en: e.threshold.source_en.clone().unwrap_or_default(),
            };
            db.set_layer_threshold(&record, &entry, None).await?;
        }
    }
    crate::entry::import::import_values_csv(
        db,
        "xa-ntm-2021-2025",
        VALUES.name,
        || Ok(VALUES.text.as_bytes()),
        None,
        |_| {},
    )
    .await?;
    app.import_recognitions(None, RECOGNITIONS.name, RECOGNITIONS.text).await?;
    app.import_targets(None, TARGETS.name, TARGETS.text).await?;
    app.import_accounts(None, ACCOUNTS.name, ACCOUNTS.text, DEMO_PASSWORD).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use ntm_domain::{Level, TargetKind};
    use ntm_io::text::clean;

    use super::*;

    /// The directive the targets cite: a copy of `../shared/reference/chi-thi-tam-duong.txt`.
    const DIRECTIVE: File = demo_file!("chi-thi-tam-duong.txt");

    fn targets() -> Vec<ntm_domain::Target> {
        let tree = build_tree(vec![read_units_text(UNITS.name, UNITS.text).unwrap()]).unwrap().tree;
        let catalog = ntm_io::Catalog::shipped().unwrap();
        ntm_io::read_targets(TARGETS.name, TARGETS.text, &tree, &catalog)
            .unwrap()
            .into_iter()
            .map(|r| r.target)
            .collect()
    }

    #[test]
    fn the_directive_kept_with_the_demo_is_the_reference_text() {
        let reference =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/chi-thi-tam-duong.txt");
        let text = std::fs::read_to_string(&reference).expect("../shared/reference/chi-thi-tam-duong.txt");
        assert_eq!(DIRECTIVE.text, text, "{} is a copy of {}", DIRECTIVE.name, reference.display());
    }

    /// The targets are the directive's: each cites it by what its text says it is (the text has
    /// no number and no date, and the citation says so), and every figure is in its text.
    #[test]
    fn every_target_cites_the_directive_and_its_figures_are_the_directives() {
        let text = clean(DIRECTIVE.text);
        assert!(text.starts_with("CHỈ THỊ Về việc tăng cường thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn huyện"));
        assert!(!text.contains("/CT-"), "no directive number in the text");
        let targets = targets();
        assert_eq!(targets.len(), 5);
        for t in &targets {
            assert_eq!(
                t.source,
                "Chỉ thị của Chủ tịch UBND huyện Tam Đường về việc tăng cường thực hiện Chương trình mục tiêu quốc gia \
                 xây dựng nông thôn mới trên địa bàn huyện (số và ngày ban hành không có trong bản văn)",
                "{}",
                t.code
            );
        }
        // "phấn đấu năm 2024 công nhận 20 bản đạt chuẩn nông thôn mới (xã Sơn Bình 05 bản, …)"
        let villages = &targets[0];
        assert_eq!((villages.kind, villages.year, villages.quota), (TargetKind::VillagesRecognised, 2024, 20));
        assert!(text.contains("phấn đấu năm 2024 công nhận 20 bản đạt chuẩn nông thôn mới"));
        let tree = build_tree(vec![read_units_text(UNITS.name, UNITS.text).unwrap()]).unwrap().tree;
        for p in &villages.parts {
            let commune = &tree.unit(tree.latest(&p.unit_code).unwrap()).name;
            let said = format!("x{} {:02} bản", commune.trim_start_matches('X'), p.quota.unwrap());
            assert!(text.contains(&said), "{said}");
        }
        assert!(text.contains("công nhận mới 01 xã nông thôn mới (xã Sơn Bình)"));
        assert_eq!(targets[1].parts.len(), 1);
        assert_eq!(tree.unit(tree.latest(&targets[1].parts[0].unit_code).unwrap()).name, "Xã Sơn Bình");
        // "đến hết năm 2025, … có 12/12 xã đạt chuẩn nông thôn mới, 01 xã đạt chuẩn nông thôn mới
        // nâng cao, huyện Tam Đường đạt chuẩn nông thôn mới"
        assert!(text.contains(
            "đến hết năm 2025, toàn huyện có 20 bản được công nhận bản đạt chuẩn nông thôn mới; có 12/12 xã đạt chuẩn \
             nông thôn mới, 01 xã đạt chuẩn nông thôn mới nâng cao, huyện Tam Đường đạt chuẩn nông thôn mới"
        ));
        let communes = tree.iter().filter(|(_, u)| u.level == Level::Commune && u.name.starts_with("Xã ")).count();
        assert_eq!((targets[2].year, targets[2].quota, targets[2].parts.len()), (2025, 12, communes));
        assert_eq!(
            (targets[3].year, targets[3].quota, targets[3].level),
            (2025, 1, Some(ntm_domain::RecognitionLevel::NangCao))
        );
        assert_eq!((targets[4].year, targets[4].parts[0].unit_code.as_str()), (2025, "106"));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_demo_is_built_from_its_files() {
        let path = std::env::temp_dir().join(format!("ntm-app-demo-{}.db", std::process::id()));
        let db = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
        build(&db, true).await.unwrap();
        let agencies = db.agencies().await.unwrap();
        assert_eq!(agencies.len(), 10);
        let ktht: Vec<&str> = agencies[0].criteria.iter().map(|c| c.criterion.as_str()).collect();
        assert_eq!((agencies[0].code.as_str(), ktht), ("ktht", vec!["1", "2", "4", "7", "9"]));
        assert_eq!(db.recognitions().await.unwrap().len(), 16);
        let codes: Vec<String> = db.targets().await.unwrap().into_iter().map(|t| t.code).collect();
        assert_eq!(codes, ["2024-ban", "2024-son-binh", "2025-xa", "2025-nang-cao", "2025-huyen"]);
        let users: Vec<(String, String)> =
            db.users().await.unwrap().into_iter().map(|u| (u.username, u.role)).collect();
        assert_eq!(users.len(), 5);
        assert!(users.contains(&("sonbinh".into(), "commune".into())));
        let app = App::open(db.clone(), Config::default()).await.unwrap();
        assert!(app.config.demo, "the demo's database says it is illustrative");
        assert!(app.login("sonbinh", DEMO_PASSWORD, "127.0.0.1").await.is_ok(), "with the public demo password");
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
