//! Exact rational numbers. Every value compared against a threshold is one of these:
//! a decimal typed by an officer (`72.5` is 725/10) or a numerator/denominator pair
//! (`72/100`). Comparison is by cross-multiplication in `i128`, so it never rounds.

use std::cmp::Ordering;
use std::fmt;

/// Decimals typed by users keep at most this many places, so that a stored denominator fits 32 bits.
pub const MAX_DECIMAL_PLACES: usize = 9;

/// An exact rational number with a positive denominator.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    num: i64,
    den: i64,
}

/// Why a number could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty number")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("number too large")]
    TooLarge,
    #[error("denominator is zero")]
    ZeroDenominator,
}

impl Ratio {
    /// A ratio `num/den`. The denominator must not be zero; its sign moves to the numerator.
    pub fn new(num: i64, den: i64) -> Result<Ratio, NumberError> {
        match den.cmp(&0) {
            Ordering::Equal => Err(NumberError::ZeroDenominator),
            Ordering::Greater => Ok(Ratio { num, den }),
            Ordering::Less => Ok(Ratio {
                num: num.checked_neg().ok_or(NumberError::TooLarge)?,
                den: den.checked_neg().ok_or(NumberError::TooLarge)?,
            }),
        }
    }

    pub const fn integer(n: i64) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    pub const fn numerator(&self) -> i64 {
        self.num
    }

    pub const fn denominator(&self) -> i64 {
        self.den
    }

    /// Reads a plain decimal number with `.` as the decimal point: `72`, `-3`, `72.50`, `0.125`.
    /// At most 9 digits after the point; no exponent, no thousands separators.
    pub fn parse_decimal(text: &str) -> Result<Ratio, NumberError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(NumberError::Empty);
        }
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(NumberError::NotANumber);
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber);
        }
        let frac_part = frac_part.trim_end_matches('0');
        if frac_part.len() > MAX_DECIMAL_PLACES {
            return Err(NumberError::TooLarge);
        }
        let mut num: i64 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            num = num.checked_mul(10).and_then(|n| n.checked_add(i64::from(b - b'0'))).ok_or(NumberError::TooLarge)?;
        }
        let mut den: i64 = 1;
        for _ in 0..frac_part.len() {
            den *= 10;
        }
        Ok(Ratio { num: if negative { -num } else { num }, den })
    }

    pub fn is_negative(&self) -> bool {
        self.num < 0
    }

    /// `self * k`, exact, or `None` on overflow.
    pub fn times(&self, k: i64) -> Option<Ratio> {
        Some(Ratio { num: self.num.checked_mul(k)?, den: self.den })
    }

    /// `self + other`, exact and reduced, or `None` when the result does not fit.
    pub fn checked_add(&self, other: &Ratio) -> Option<Ratio> {
        let n = i128::from(self.num) * i128::from(other.den) + i128::from(other.num) * i128::from(self.den);
        Ratio::reduced(n, i128::from(self.den) * i128::from(other.den))
    }

    /// `self - other`, exact and reduced, or `None` when the result does not fit.
    pub fn checked_sub(&self, other: &Ratio) -> Option<Ratio> {
        let n = i128::from(self.num) * i128::from(other.den) - i128::from(other.num) * i128::from(self.den);
        Ratio::reduced(n, i128::from(self.den) * i128::from(other.den))
    }

    /// `self × other`, exact and reduced, or `None` when the result does not fit.
    pub fn checked_mul(&self, other: &Ratio) -> Option<Ratio> {
        Ratio::reduced(i128::from(self.num) * i128::from(other.num), i128::from(self.den) * i128::from(other.den))
    }

    /// `self ÷ other`, exact and reduced, or `None` for a zero divisor or a result that does not fit.
    pub fn checked_div(&self, other: &Ratio) -> Option<Ratio> {
        if other.num == 0 {
            return None;
        }
        Ratio::reduced(i128::from(self.num) * i128::from(other.den), i128::from(self.den) * i128::from(other.num))
    }

    /// `|self|`, or `None` for the one value whose magnitude does not fit.
    pub fn checked_abs(&self) -> Option<Ratio> {
        Some(Ratio { num: self.num.checked_abs()?, den: self.den })
    }

    /// `n/d` in lowest terms with a positive denominator, if both fit in 64 bits.
    fn reduced(n: i128, d: i128) -> Option<Ratio> {
        if d == 0 {
            return None;
        }
        let g = gcd(n.unsigned_abs(), d.unsigned_abs()).max(1);
        let g = i128::try_from(g).ok()?;
        let (n, d) = if d < 0 { (-n / g, -d / g) } else { (n / g, d / g) };
        Some(Ratio { num: i64::try_from(n).ok()?, den: i64::try_from(d).ok()? })
    }

    /// The largest integer not above `self`.
    pub fn floor(&self) -> i64 {
        self.num.div_euclid(self.den)
    }

    /// Exact comparison by cross-multiplication.
    pub fn cmp_exact(&self, other: &Ratio) -> Ordering {
        let left = i128::from(self.num) * i128::from(other.den);
        let right = i128::from(other.num) * i128::from(self.den);
        left.cmp(&right)
    }

    /// For display only; never compared against a threshold.
    pub fn to_f64(&self) -> f64 {
        // Both conversions are exact for the magnitudes that occur (< 2^53) and
        // merely rounded beyond; the result only feeds display and JSON output.
        #[allow(clippy::cast_precision_loss)]
        let v = self.num as f64 / self.den as f64;
        v
    }

    /// Decimal digits of `self`, rounded half away from zero to `places`, with `.` as the point
    /// and no trailing zeros: `2/3` → `0.67`, `72/100` → `0.72`, `75` → `75`.
    pub fn to_decimal_string(&self, places: u32) -> String {
        let scale = 10_i128.pow(places);
        let num = i128::from(self.num) * scale;
        let den = i128::from(self.den);
        let mut q = num / den;
        let r = num % den;
        if r.abs() * 2 >= den {
            q += num.signum();
        }
        let negative = q < 0;
        let q = q.abs();
        let int_part = q / scale;
        let mut frac = format!("{:0width$}", q % scale, width = places as usize);
        while frac.ends_with('0') {
            frac.pop();
        }
        let sign = if negative { "-" } else { "" };
        if frac.is_empty() { format!("{sign}{int_part}") } else { format!("{sign}{int_part}.{frac}") }
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_exact(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_exact(other)
    }
}

impl fmt::Display for Ratio {
    /// Shows the value as a decimal with up to two places: `72.5`, `66.67`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(Ratio::parse_decimal("72.5"), Ok(Ratio::new(145, 2).unwrap()));
        assert_eq!(Ratio::parse_decimal("  -3 "), Ok(Ratio::integer(-3)));
        assert_eq!(Ratio::parse_decimal(".5"), Ok(Ratio::new(1, 2).unwrap()));
        assert_eq!(Ratio::parse_decimal("100."), Ok(Ratio::integer(100)));
        assert_eq!(Ratio::parse_decimal("0.1").unwrap().denominator(), 10);
    }

    #[test]
    fn malformed_decimals_are_refused() {
        for bad in ["", " ", ".", "-", "1,5", "1e3", "12a", "1.2.3", "--1", "0x10", "½"] {
            assert!(Ratio::parse_decimal(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Ratio::parse_decimal("99999999999999999999"), Err(NumberError::TooLarge));
        assert_eq!(Ratio::parse_decimal("0.1234567891"), Err(NumberError::TooLarge));
    }

    #[test]
    fn zero_denominator_is_an_error() {
        assert_eq!(Ratio::new(1, 0), Err(NumberError::ZeroDenominator));
    }

    #[test]
    fn comparison_is_exact_where_floats_are_not() {
        // 0.1 + 0.2 style trap: 3/10 equals 30/100 exactly.
        assert_eq!(Ratio::new(3, 10).unwrap(), Ratio::parse_decimal("0.30").unwrap());
        // 74.99999999/100 stays below 75/100 even where f64 would round.
        let just_below = Ratio::parse_decimal("74.999999999").unwrap();
        assert!(just_below < Ratio::integer(75));
    }

    #[test]
    fn decimal_display_rounds_half_away_from_zero() {
        assert_eq!(Ratio::new(2, 3).unwrap().to_decimal_string(2), "0.67");
        assert_eq!(Ratio::new(-2, 3).unwrap().to_decimal_string(2), "-0.67");
        assert_eq!(Ratio::new(1, 8).unwrap().to_decimal_string(2), "0.13");
        assert_eq!(Ratio::integer(75).to_decimal_string(2), "75");
        assert_eq!(Ratio::new(145, 2).unwrap().to_string(), "72.5");
    }

    #[test]
    fn arithmetic_is_exact_and_reduced() {
        let r = |n, d| Ratio::new(n, d).unwrap();
        assert_eq!(r(1, 3).checked_add(&r(1, 6)).map(|x| (x.numerator(), x.denominator())), Some((1, 2)));
        assert_eq!(r(75, 1).checked_sub(&r(145, 2)), Some(r(5, 2)));
        assert_eq!(r(2, 3).checked_mul(&r(3, 4)), Some(r(1, 2)));
        assert_eq!(r(1, 2).checked_div(&r(1, 4)), Some(Ratio::integer(2)));
        assert_eq!(r(1, 2).checked_div(&Ratio::integer(0)), None, "no division by zero");
        assert_eq!(Ratio::integer(i64::MAX).checked_add(&Ratio::integer(1)), None, "overflow is refused");
        assert_eq!(r(-7, 2).floor(), -4);
        assert_eq!(r(7, 2).floor(), 3);
    }

    proptest! {
        #[test]
        fn comparison_agrees_with_integer_arithmetic(a in -1_000_000i64..1_000_000, b in 1i64..10_000,
                                                     c in -1_000_000i64..1_000_000, d in 1i64..10_000) {
            let x = Ratio::new(a, b).unwrap();
            let y = Ratio::new(c, d).unwrap();
            // Oracle: compare a/b and c/d via a common denominator b*d.
            prop_assert_eq!(x.cmp(&y), (a * d).cmp(&(c * b)));
        }

        #[test]
        fn sums_and_differences_agree_with_integer_arithmetic(a in -1_000_000i64..1_000_000, b in 1i64..10_000,
                                                              c in -1_000_000i64..1_000_000, d in 1i64..10_000) {
            let x = Ratio::new(a, b).unwrap();
            let y = Ratio::new(c, d).unwrap();
            prop_assert_eq!(x.checked_add(&y).unwrap(), Ratio::new(a * d + c * b, b * d).unwrap());
            prop_assert_eq!(x.checked_sub(&y).unwrap().checked_add(&y).unwrap(), x);
            prop_assert_eq!(x.checked_mul(&y).unwrap(), Ratio::new(a * c, b * d).unwrap());
            if c != 0 {
                prop_assert_eq!(x.checked_div(&y).unwrap().checked_mul(&y).unwrap(), x);
            }
        }

        #[test]
        fn decimal_text_round_trips(int in 0u32..1_000_000, frac in 0u32..100) {
            let text = format!("{int}.{frac:02}");
            let r = Ratio::parse_decimal(&text).unwrap();
            prop_assert_eq!(r, Ratio::new(i64::from(int) * 100 + i64::from(frac), 100).unwrap());
            prop_assert_eq!(Ratio::parse_decimal(&r.to_decimal_string(2)).unwrap(), r);
        }
    }
}
