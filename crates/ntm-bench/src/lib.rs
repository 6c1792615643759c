//! `ntm-bench`: the national-scale benchmarks (results in BENCHMARKS.md):
//! - `cargo bench -p ntm-bench --bench engine`: the evaluation engine against SQL and a plain scan;
//! - `cargo bench -p ntm-bench --bench web`: the web server under load, with the same data.
//!
//! This library holds what both share: the GSO unit list, the deterministic synthetic values,
//! and reading the machine's state.

use std::error::Error;
use std::path::PathBuf;
use std::time::Duration;

use ntm_domain::{
    CriteriaSet, ElementIdx, IndicatorIdx, IndicatorKind, Level, Period, Ratio, UnitIdx, UnitTree, Value, ValueTable,
};

pub type Res<T> = Result<T, Box<dyn Error>>;

pub const SET_ID: &str = "xa-ntm-2021-2025";
pub const FIRST_YEAR: i32 = 2022;
pub const LAST_YEAR: i32 = 2025;
pub const YEARS: std::ops::RangeInclusive<i32> = FIRST_YEAR..=LAST_YEAR;
/// Communes of a smoke run (a bench target run without `--bench`).
pub const SMOKE_COMMUNES: usize = 300;

/// The GSO list of January 2025 (`../shared/data/admin-units/communes-2025-01.csv`), its path.
pub fn gso_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/admin-units/communes-2025-01.csv")
}

/// The unit tree of the GSO list (read with `ntm_io::read_units_file` + `build_tree`).
pub fn gso_tree() -> Res<UnitTree> {
    Ok(ntm_io::build_tree(vec![ntm_io::read_units_file(&gso_path())?])?.tree)
}

/// The communes of a tree, in tree order; the first `limit` only when given.
pub fn communes(tree: &UnitTree, limit: Option<usize>) -> Vec<UnitIdx> {
    let mut out: Vec<UnitIdx> = tree.iter().filter(|(_, u)| u.level == Level::Commune).map(|(i, _)| i).collect();
    if let Some(n) = limit {
        out.truncate(n);
    }
    out
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
        lo + i64::try_from((self.next() >> 1) % span).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// How to draw a value for one indicator: yes/no with the expected answer, or a number in
/// hundredths within `lo..=hi` around its thresholds.
#[derive(Clone, Copy)]
enum Draw {
    Bool(bool),
    Number { lo: i64, hi: i64, percent: bool },
}

fn draws(set: &CriteriaSet) -> Vec<Draw> {
    (0..set.indicator_count())
        .map(|i| {
            let ind = set.indicator(IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
            let percent = ind.is_percent();
            // The largest threshold, in whole units (100 % or 10 when none is configured).
            let t = ind
                .thresholds
                .iter()
                .map(|t| (t.value.numerator() + t.value.denominator() - 1) / t.value.denominator())
                .max()
                .unwrap_or(if percent { 100 } else { 10 })
                .max(1);
            let cap = |v: i64| if percent { v.min(100) } else { v };
            match ind.kind {
                IndicatorKind::Boolean { expected } => Draw::Bool(expected),
                IndicatorKind::Min => {
                    Draw::Number { lo: t * 80, hi: cap(t * 115 / 100).max(t.min(100)) * 100, percent }
                }
                IndicatorKind::Max => Draw::Number { lo: 0, hi: cap(t * 150 / 100 + 1) * 100, percent },
            }
        })
        .collect()
}

pub fn generate(set: &CriteriaSet, tree: &UnitTree, communes: &[UnitIdx]) -> Res<ValueTable> {
    let draws = draws(set);
    let mut values = ValueTable::with_capacity(set.element_count(), tree.len(), FIRST_YEAR, LAST_YEAR);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for &unit in communes {
        for (i, draw) in draws.iter().enumerate() {
            let element = ElementIdx(u16::try_from(i)?);
            for year in YEARS {
                for q in 1..=4u8 {
                    if rng.chance(5) {
                        continue;
                    }
                    let value = match *draw {
                        Draw::Bool(expected) => Value::Bool(if rng.chance(92) { expected } else { !expected }),
                        Draw::Number { lo, hi, percent } => {
                            let v = rng.range(lo, hi); // hundredths
                            if rng.chance(30) {
                                let den = rng.range(1, 2000);
                                let num = if percent { v * den / 10_000 } else { v * den / 100 };
                                Value::Fraction { num, den }
                            } else {
                                let places = rng.range(0, 2);
                                let scale = 10i64.pow(u32::try_from(places)?);
                                Value::Number(Ratio::new(v * scale / 100, scale)?)
                            }
                        }
                    };
                    let value = value.fit(set, element).map_err(|e| format!("generated a bad value: {e}"))?;
                    values.set(unit, element, Period::Quarter(year, q), value)?;
                }
            }
        }
    }
    Ok(values)
}

/// Peak and current resident memory in MiB, from /proc/self/status.
pub fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// The 1-minute load average: other work on the machine skews the timings.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().next().unwrap_or("?").to_string()
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, usize::from)
}

pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into())
}
