//! The bundled Tam Đường demo: the district's 13 units with their GSO codes, illustrative values,
//! and an illustrative threshold layer for what the reference lacks. Illustrative data, says so.

pub const UNITS: &str = include_str!("../../../demo/tam-duong/units.csv");
pub const VALUES: &str = include_str!("../../../demo/tam-duong/values.csv");
pub const THRESHOLDS: &str = include_str!("../../../demo/tam-duong/illustrative-thresholds.toml");

pub const UNITS_NAME: &str = "demo/tam-duong/units.csv";
pub const VALUES_NAME: &str = "demo/tam-duong/values.csv";
pub const THRESHOLDS_NAME: &str = "demo/tam-duong/illustrative-thresholds.toml";

/// The demo's recognition decisions and its roadmap (both illustrative), for `warnings --demo`.
pub const RECOGNITIONS: &str = include_str!("../../../demo/tam-duong/recognitions.csv");
pub const PLANS: &str = include_str!("../../../demo/tam-duong/plans.csv");

pub const RECOGNITIONS_NAME: &str = "demo/tam-duong/recognitions.csv";
pub const PLANS_NAME: &str = "demo/tam-duong/plans.csv";
