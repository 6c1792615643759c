//! The Tam Đường demo: a database built from `demo/tam-duong/` — the district's 13 real units
//! (GSO codes) and their villages, illustrative values 2021–2024 and thresholds, the directive's
//! real targets, agencies with the criteria they usually follow, illustrative recognition
//! decisions, and one account per role. Every page says the data are illustrative.

use ntm_domain::Period;
use ntm_domain::{CriterionRef, Date, RecognitionLevel, Target, TargetKind, TargetPart};
use ntm_io::{CriteriaFile, build_tree, parse_criteria_file, read_units_text};
use ntm_store::{Db, LayerEntryRecord, LayerRecord, RecognitionRecord};

use crate::accounts::AccountSpec;
use crate::{App, AppError, Config};

const UNITS: &str = include_str!("../../../../demo/tam-duong/units.csv");
const VALUES: &str = include_str!("../../../../demo/tam-duong/values.csv");
const THRESHOLDS: &str = include_str!("../../../../demo/tam-duong/illustrative-thresholds.toml");

/// The directive of the chairman of Tam Đường district (2024), the source of the targets.
pub const DIRECTIVE: &str =
    "Chỉ thị của Chủ tịch UBND huyện Tam Đường về tăng cường thực hiện Chương trình MTQG xây dựng nông thôn mới (2024)";

/// The 12 communes (xã) of Tam Đường; the town (thị trấn, 03390) is not counted in "12/12 xã".
pub const COMMUNES: [&str; 12] =
    ["03394", "03400", "03405", "03406", "03412", "03413", "03415", "03418", "03421", "03424", "03427", "03430"];

/// The password of every demo account (printed when the demo starts).
pub const DEMO_PASSWORD: &str = "minhhoa2024";

/// A demo account: (user name, display name, role, commune, agency).
pub type DemoAccount = (&'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>);

/// Demo accounts, one per role.
pub const ACCOUNTS: [DemoAccount; 5] = [
    ("quantri", "Quản trị hệ thống (minh họa)", "admin", None, None),
    ("vanphong", "Văn phòng điều phối NTM (minh họa)", "office", None, None),
    ("ktht", "Phòng Kinh tế và Hạ tầng (minh họa)", "agency", None, Some("ktht")),
    ("sonbinh", "Cán bộ xã Sơn Bình (minh họa)", "commune", Some("03413"), None),
    ("xem", "Người xem (minh họa)", "viewer", None, None),
];

/// Agencies and the criteria they usually follow at district level (reference/tam-duong.md §5,
/// marked there as the usual pattern, not a verified assignment — illustrative in the demo).
const AGENCIES: [(&str, &str, &[&str]); 10] = [
    ("ktht", "Phòng Kinh tế và Hạ tầng", &["1", "2", "4", "7", "9"]),
    ("nnptnt", "Phòng Nông nghiệp và Phát triển nông thôn", &["3", "13"]),
    ("gddt", "Phòng Giáo dục và Đào tạo", &["5", "14"]),
    ("vhtt", "Phòng Văn hóa và Thông tin", &["6", "8", "16"]),
    ("thongke", "Chi cục Thống kê", &["10"]),
    ("ldtbxh", "Phòng Lao động - Thương binh và Xã hội", &["11", "12"]),
    ("yte", "Phòng Y tế", &["15"]),
    ("tnmt", "Phòng Tài nguyên và Môi trường", &["17"]),
    ("noivu", "Phòng Nội vụ", &["18"]),
    ("qsca", "Ban Chỉ huy Quân sự và Công an huyện", &["19"]),
];

/// Illustrative recognition decisions: (unit, level, decided on).
const RECOGNITIONS: [(&str, &str, &str); 16] = [
    ("03412", "ntm", "2021-12-20"),
    ("03424", "ntm", "2021-12-20"),
    ("03418", "ntm", "2022-12-15"),
    ("03413-B01", "ban-ntm", "2024-11-25"),
    ("03413-B02", "ban-ntm", "2024-11-25"),
    ("03413-B03", "ban-ntm", "2024-11-25"),
    ("03405-B01", "ban-ntm", "2024-11-25"),
    ("03405-B02", "ban-ntm", "2024-11-25"),
    ("03405-B03", "ban-ntm", "2024-11-25"),
    ("03405-B04", "ban-ntm", "2024-11-25"),
    ("03427-B01", "ban-ntm", "2024-11-25"),
    ("03427-B02", "ban-ntm", "2024-11-25"),
    ("03427-B03", "ban-ntm", "2024-11-25"),
    ("03427-B04", "ban-ntm", "2024-11-25"),
    ("03400-B01", "ban-ntm", "2024-11-25"),
    ("03400-B02", "ban-ntm", "2024-11-25"),
];

/// Fills an empty database with the demo; returns nothing to print but the accounts' names.
pub async fn build(db: &Db, fast_hashing: bool) -> Result<(), AppError> {
    let units = build_tree(vec![read_units_text("demo/tam-duong/units.csv", UNITS)?])?.tree;
    db.import_units(&units, None, "demo/tam-duong/units.csv").await?;
    db.mark_illustrative().await?;
    let app = App::open(db.clone(), Config { demo: true, ..Config::default() }).await?;
    for (code, name, criteria) in AGENCIES {
        let list: Vec<CriterionRef> = criteria.iter().map(|c| CriterionRef::new("xa-ntm-2021-2025", c)).collect();
        db.add_agency(code, name, &list, None).await?;
    }
    // The illustrative threshold layer, stored like any other layer.
    if let CriteriaFile::Override(layer, _) =
        parse_criteria_file("demo/tam-duong/illustrative-thresholds.toml", THRESHOLDS)?
    {
        let record = LayerRecord {
            id: 0,
            layer_id: layer.id.clone(),
            set_id: layer.set_id.clone(),
            kind: layer.kind.code().into(),
            title: layer.title.clone(),
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
            };
            db.set_layer_threshold(&record, &entry, None).await?;
        }
    }
    let (ids, tree) = {
        let live = app.live();
        (live.unit_ids.clone(), live.tree.clone())
    };
    crate::entry::import::import_values_csv(
        db,
        "xa-ntm-2021-2025",
        "demo/tam-duong/values.csv",
        || Ok(VALUES.as_bytes()),
        None,
        |_| {},
    )
    .await?;
    for (code, level, on) in RECOGNITIONS {
        let Some(idx) = tree.resolve(code, Period::Year(2024)).ok() else { continue };
        let Some(&unit_id) = ids.get(idx.index()) else { continue };
        let decision = "Quyết định minh họa".to_string();
        let (Some(level), Ok(decided_on)) = (RecognitionLevel::from_code(level), Date::parse(on)) else { continue };
        db.add_recognition(&RecognitionRecord { id: 0, unit_id, level, decision, decided_on, lost: None }, code, None)
            .await?;
    }
    let target = |code: &str,
                  vi: &str,
                  en: &str,
                  kind: TargetKind,
                  level: Option<RecognitionLevel>,
                  year: i32,
                  units: &[(&str, Option<u32>)],
                  quota: u32| Target {
        id: 0,
        code: code.into(),
        title_vi: vi.into(),
        title_en: en.into(),
        kind,
        set_id: (kind == TargetKind::UnitsAtStandard).then(|| "xa-ntm-2021-2025".into()),
        level,
        year,
        quota,
        parts: units.iter().map(|(c, q)| TargetPart { unit_code: (*c).into(), quota: *q }).collect(),
        source: DIRECTIVE.into(),
    };
    let communes: Vec<(&str, Option<u32>)> = COMMUNES.iter().map(|c| (*c, None)).collect();
    let targets = [
        target(
            "2024-ban",
            "20 bản được công nhận bản đạt chuẩn nông thôn mới (Sơn Bình 5, Giang Ma 6, Nà Tăm 4, Tả Lèng 5)",
            "20 villages recognised as meeting the NTM standard (Sơn Bình 5, Giang Ma 6, Nà Tăm 4, Tả Lèng 5)",
            TargetKind::VillagesRecognised,
            Some(RecognitionLevel::BanNtm),
            2024,
            &[("03413", Some(5)), ("03405", Some(6)), ("03427", Some(4)), ("03400", Some(5))],
            20,
        ),
        target(
            "2024-son-binh",
            "Xã Sơn Bình đạt chuẩn nông thôn mới",
            "Sơn Bình commune meets the NTM standard",
            TargetKind::UnitsAtStandard,
            None,
            2024,
            &[("03413", None)],
            1,
        ),
        target(
            "2025-xa",
            "12/12 xã đạt chuẩn nông thôn mới",
            "12/12 communes meet the NTM standard",
            TargetKind::UnitsAtStandard,
            None,
            2025,
            &communes,
            12,
        ),
        target(
            "2025-nang-cao",
            "01 xã đạt chuẩn nông thôn mới nâng cao",
            "1 commune meets the advanced NTM standard",
            TargetKind::UnitRecognised,
            Some(RecognitionLevel::NangCao),
            2025,
            &communes,
            1,
        ),
        target(
            "2025-huyen",
            "Huyện Tam Đường đạt chuẩn nông thôn mới",
            "Tam Đường district meets the NTM standard",
            TargetKind::UnitRecognised,
            Some(RecognitionLevel::HuyenNtm),
            2025,
            &[("106", None)],
            1,
        ),
    ];
    for t in &targets {
        db.add_target(t, None).await?;
    }
    let app = App::open(db.clone(), Config { demo: true, fast_hashing, ..Config::default() }).await?;
    for (username, name, role, unit, agency) in ACCOUNTS {
        let spec = AccountSpec {
            username,
            display_name: name,
            password: DEMO_PASSWORD,
            role,
            unit_code: unit,
            agency_code: agency,
            lang: ntm_domain::Lang::Vi,
        };
        app.add_user(&spec, None).await.map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(())
}
