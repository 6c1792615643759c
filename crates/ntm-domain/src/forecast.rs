//! Forecasts from a series of annual values: where the trend of an indicator's values stands in
//! a later year, and the first year in which it reaches the threshold that applies then (the
//! early warning *off pace*, "khó có khả năng hoàn thành", in [`crate::warning`]).
//!
//! # How the projection works
//!
//! 1. **The points.** One point per year: x is the year, y the value that stands for the year
//!    (its own value, else its latest quarter holding one — the evaluation's year-vs-quarter
//!    rule; the caller reads them through the engine). At least [`MIN_YEARS`] years are needed;
//!    with fewer there is no trend and no projection.
//! 2. **The line.** An ordinary least-squares line through the points. Counting the years from
//!    the origin year (the period's year), x_i = year_i − origin, with n points and
//!    `Sx = Σ x_i`, `Sxx = Σ x_i²`, `Sy = Σ y_i`, `Sxy = Σ x_i·y_i`, `D = n·Sxx − Sx²`:
//!    - slope (per year) = `(n·Sxy − Sx·Sy) / D`;
//!    - value in the origin year = `(Sy·Sxx − Sx·Sxy) / D`;
//!    - value t years later = value in the origin year + t × slope.
//! 3. **Exactly.** Every step is done on [`Ratio`]s (exact fractions of 64-bit integers, checked
//!    arithmetic) and every comparison with a threshold by cross-multiplication: a trend that
//!    lands exactly on a threshold reaches it (a float would miss by a rounding). Should a
//!    series' denominators make an exact sum overflow 64 bits (many different fractions over
//!    many years), each value is first rounded to [`FALLBACK_PLACES`] decimals and the line is
//!    computed exactly on those; the [`Trend`] says so (`rounded`). A series too large even for
//!    that has no trend.
//! 4. **The projection.** For each year after the origin, up to [`HORIZON`] years: the threshold
//!    that applies in that year (thresholds may depend on the year, as income's do; a year with
//!    no threshold configured cannot count), and the trend's value then. The projected year is
//!    the first in which the value reaches the threshold — at or above it for a minimum, at or
//!    below it for a maximum — and none if no year within the horizon does.

use crate::criteria::IndicatorKind;
use crate::ratio::Ratio;

/// Fewer years of values than this give no trend.
pub const MIN_YEARS: usize = 3;

/// A projection looks this many years past its origin.
pub const HORIZON: i32 = 10;

/// Decimals each value is rounded to when the exact sums would overflow.
pub const FALLBACK_PLACES: u32 = 6;

/// The least-squares line through a series of annual values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trend {
    /// The year the line is counted from (the period's year).
    pub origin: i32,
    /// The line's value in the origin year.
    pub at_origin: Ratio,
    /// Its change per year.
    pub slope: Ratio,
    /// How many years of values it was fitted on.
    pub years: usize,
    /// Whether the values were rounded to [`FALLBACK_PLACES`] decimals first.
    pub rounded: bool,
}

/// The least-squares line through `points` (year, value), counted from `origin`; `None` with
/// fewer than [`MIN_YEARS`] different years, or when even the rounded values overflow.
pub fn trend(points: &[(i32, Ratio)], origin: i32) -> Option<Trend> {
    let mut years: Vec<i32> = points.iter().map(|&(y, _)| y).collect();
    years.sort_unstable();
    years.dedup();
    if years.len() < MIN_YEARS {
        return None;
    }
    fit(points, origin, false).or_else(|| {
        let rounded: Option<Vec<(i32, Ratio)>> =
            points.iter().map(|&(y, v)| Some((y, round(v, FALLBACK_PLACES)?))).collect();
        fit(&rounded?, origin, true)
    })
}

fn fit(points: &[(i32, Ratio)], origin: i32, rounded: bool) -> Option<Trend> {
    let n = i64::try_from(points.len()).ok()?;
    let (mut sx, mut sxx) = (0i64, 0i64);
    let (mut sy, mut sxy) = (Ratio::integer(0), Ratio::integer(0));
    for &(year, y) in points {
        let x = i64::from(year) - i64::from(origin);
        sx = sx.checked_add(x)?;
        sxx = sxx.checked_add(x.checked_mul(x)?)?;
        sy = sy.checked_add(&y)?;
        sxy = sxy.checked_add(&y.times(x)?)?;
    }
    let d = n.checked_mul(sxx)?.checked_sub(sx.checked_mul(sx)?)?;
    if d <= 0 {
        return None;
    }
    let d = Ratio::integer(d);
    let slope = sxy.times(n)?.checked_sub(&sy.times(sx)?)?.checked_div(&d)?;
    let at_origin = sy.times(sxx)?.checked_sub(&sxy.times(sx)?)?.checked_div(&d)?;
    let t = Trend { origin, at_origin, slope, years: points.len(), rounded };
    // Every year of the horizon must be computable, so that a projection never stops short.
    (1..=i64::from(HORIZON)).all(|k| t.after(k).is_some()).then_some(t)
}

/// `v` rounded half away from zero to `places` decimals.
fn round(v: Ratio, places: u32) -> Option<Ratio> {
    let scale = 10i128.checked_pow(places)?;
    let n = i128::from(v.numerator()).checked_mul(scale)?;
    let d = i128::from(v.denominator());
    let (mut q, r) = (n / d, n % d);
    if 2 * r.abs() >= d {
        q += n.signum();
    }
    Ratio::new(i64::try_from(q).ok()?, i64::try_from(scale).ok()?).ok()
}

impl Trend {
    fn after(&self, years: i64) -> Option<Ratio> {
        self.at_origin.checked_add(&self.slope.times(years)?)
    }

    /// The line's value in `year`.
    pub fn at(&self, year: i32) -> Option<Ratio> {
        self.after(i64::from(year) - i64::from(self.origin))
    }

    /// The first year after the origin, within [`HORIZON`] years, in which the line reaches the
    /// threshold that applies in that year (`threshold(year)`; a year without one cannot count):
    /// at or above it for a minimum, at or below it for a maximum. `None` when no year does, and
    /// for a yes/no indicator.
    pub fn reaches(&self, kind: IndicatorKind, mut threshold: impl FnMut(i32) -> Option<Ratio>) -> Option<i32> {
        for year in self.origin + 1..=self.origin + HORIZON {
            let (Some(t), Some(v)) = (threshold(year), self.at(year)) else { continue };
            let reached = match kind {
                IndicatorKind::Min => v >= t,
                IndicatorKind::Max => v <= t,
                IndicatorKind::Boolean { .. } => return None,
            };
            if reached {
                return Some(year);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Ratio {
        Ratio::parse_decimal(text).unwrap()
    }

    fn series(first: i32, values: &[&str]) -> Vec<(i32, Ratio)> {
        values.iter().zip(first..).map(|(v, y)| (y, r(v))).collect()
    }

    fn constant(t: &str) -> impl FnMut(i32) -> Option<Ratio> {
        let t = r(t);
        move |_| Some(t)
    }

    #[test]
    fn a_linear_series_is_its_own_line() {
        let t = trend(&series(2022, &["40", "45", "50"]), 2024).unwrap();
        assert_eq!((t.slope, t.at_origin, t.years, t.rounded), (r("5"), r("50"), 3, false));
        assert_eq!(t.at(2027), Some(r("65")));
        assert_eq!(t.reaches(IndicatorKind::Min, constant("60")), Some(2026), "55 in 2025, 60 in 2026");
        assert_eq!(t.reaches(IndicatorKind::Min, constant("50")), Some(2025), "already there: the next year");
        assert_eq!(t.reaches(IndicatorKind::Min, constant("100")), Some(2034), "the tenth year counts");
        assert_eq!(t.reaches(IndicatorKind::Min, constant("100.5")), None, "beyond ten years: never");
    }

    #[test]
    fn a_flat_series_never_reaches_a_higher_threshold() {
        let t = trend(&series(2021, &["30", "30", "30", "30"]), 2024).unwrap();
        assert_eq!((t.slope, t.at_origin), (r("0"), r("30")));
        assert_eq!(t.reaches(IndicatorKind::Min, constant("30.01")), None);
        assert_eq!(t.reaches(IndicatorKind::Min, constant("30")), Some(2025));
    }

    #[test]
    fn a_falling_series_never_reaches_a_minimum_but_reaches_a_maximum() {
        // Poverty rate 9, 8, 7 %: ≤ 4 % is three years after 2024 on this line.
        let t = trend(&series(2022, &["9", "8", "7"]), 2024).unwrap();
        assert_eq!(t.slope, r("-1"));
        assert_eq!(t.reaches(IndicatorKind::Min, constant("8")), None);
        assert_eq!(t.reaches(IndicatorKind::Max, constant("4")), Some(2027));
        assert_eq!(t.reaches(IndicatorKind::Max, constant("7")), Some(2025));
    }

    #[test]
    fn a_noisy_series_follows_its_least_squares_line() {
        // x = −3..0, y = 10, 14, 12, 16: Sx = −6, Sxx = 14, Sy = 52, Sxy = −70, D = 4·14 − 36 = 20;
        // slope = (4·(−70) + 6·52)/20 = 1.6; value in 2024 = (52·14 − 6·70)/20 = 15.4.
        let t = trend(&series(2021, &["10", "14", "12", "16"]), 2024).unwrap();
        assert_eq!((t.slope, t.at_origin), (r("1.6"), r("15.4")));
        // 17.0 in 2025, 18.6 in 2026, 20.2 in 2027.
        assert_eq!(t.reaches(IndicatorKind::Min, constant("20.2")), Some(2027));
        assert_eq!(t.reaches(IndicatorKind::Min, constant("20.21")), Some(2028));
        // Points missing in the middle of the series: the years are what they are.
        let gaps = trend(&[(2018, r("10")), (2020, r("14")), (2024, r("22"))], 2024).unwrap();
        assert_eq!((gaps.slope, gaps.at_origin), (r("2"), r("22")));
    }

    #[test]
    fn a_threshold_that_depends_on_the_year_is_met_in_the_year_it_applies() {
        // Income 38, 41, 44 (million đồng) in 2022–2024: the line gives 47 in 2025, 50 in 2026,
        // 53 in 2027; the threshold rises 48, 51, 53 then stops (none configured after 2027).
        let t = trend(&series(2022, &["38", "41", "44"]), 2024).unwrap();
        let path = |year: i32| match year {
            2025 => Some(r("48")),
            2026 => Some(r("51")),
            2027 => Some(r("53")),
            _ => None,
        };
        assert_eq!(t.reaches(IndicatorKind::Min, path), Some(2027));
        assert_eq!(t.reaches(IndicatorKind::Min, constant("48")), Some(2026), "a fixed 48 would be met a year earlier");
        let no_later = |year: i32| (year == 2025).then(|| r("48"));
        assert_eq!(t.reaches(IndicatorKind::Min, no_later), None, "years with no threshold cannot count");
    }

    #[test]
    fn fewer_than_three_years_give_no_trend() {
        assert_eq!(trend(&series(2023, &["10", "20"]), 2024), None);
        assert_eq!(trend(&[], 2024), None);
        assert_eq!(trend(&[(2024, r("1")), (2024, r("2")), (2024, r("3"))], 2024), None, "three values of one year");
        assert!(trend(&series(2022, &["1", "2", "3"]), 2024).is_some());
    }

    #[test]
    fn a_trend_landing_exactly_on_the_threshold_reaches_it() {
        // Thirds: 0, 1/3, 2/3 → the line is 1 in 2025 exactly (0.333… steps in floating point
        // sum to 0.9999…).
        let third = |n: i64| Ratio::new(n, 3).unwrap();
        let t = trend(&[(2022, third(0)), (2023, third(1)), (2024, third(2))], 2024).unwrap();
        assert_eq!(t.slope, third(1));
        assert_eq!(t.at(2025), Some(Ratio::integer(1)));
        assert_eq!(t.reaches(IndicatorKind::Min, constant("1")), Some(2025));
        assert_eq!(t.reaches(IndicatorKind::Max, constant("0.9")), None, "rising: never down to 0.9 after 2024");
        assert_eq!(t.reaches(IndicatorKind::Boolean { expected: true }, constant("1")), None);
    }

    #[test]
    fn a_series_whose_exact_sums_overflow_is_fitted_on_rounded_values() {
        // Fractions over large coprime denominators: the exact common denominator overflows 64 bits.
        let dens = [999_983i64, 999_979, 999_961, 999_959, 999_953];
        let points: Vec<(i32, Ratio)> = dens
            .iter()
            .zip(2020..)
            .map(|(&d, y)| (y, Ratio::new(d / 2 + i64::from(y - 2020) * 1000, d).unwrap()))
            .collect();
        let t = trend(&points, 2024).unwrap();
        assert!(t.rounded, "the exact fit cannot be represented");
        // About 0.5 + 0.001 per year.
        assert!(t.slope > r("0.0009") && t.slope < r("0.0011"), "{:?}", t.slope);
        let exact = trend(&series(2020, &["0.5", "0.501", "0.502", "0.503", "0.504"]), 2024).unwrap();
        assert!(!exact.rounded);
        assert_eq!(round(Ratio::new(2, 3).unwrap(), 2), Some(r("0.67")));
        assert_eq!(round(Ratio::new(-1, 8).unwrap(), 2), Some(r("-0.13")));
    }
}
