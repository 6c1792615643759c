//! Reporting periods (kỳ báo cáo): a year `2024` or a quarter `2024Q3`.

use std::fmt;

pub use crate::time::Date;
use crate::time::{MAX_YEAR, MIN_YEAR};

/// A reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    /// Year and quarter 1..=4.
    Quarter(i32, u8),
}

/// Why a period or date could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("not a period (expected a year like 2024 or a quarter like 2024Q3)")]
    Malformed,
    #[error("year out of range (1900-2100)")]
    YearOutOfRange,
    #[error("quarter must be 1 to 4")]
    QuarterOutOfRange,
}

impl Period {
    /// Reads `2024`, `2024Q3`, `2024q3` or `2024-Q3`.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let s = text.trim();
        let (year_text, quarter_text) = match s.find(['Q', 'q']) {
            Some(pos) => {
                let (y, q) = s.split_at(pos);
                (y.strip_suffix('-').unwrap_or(y), Some(&q[1..]))
            }
            None => (s, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PeriodError::Malformed);
        }
        let year: i32 = year_text.parse().map_err(|_| PeriodError::Malformed)?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(PeriodError::YearOutOfRange);
        }
        match quarter_text {
            None => Ok(Period::Year(year)),
            Some(q) => {
                if q.len() != 1 || !q.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(PeriodError::Malformed);
                }
                let quarter: u8 = q.parse().map_err(|_| PeriodError::Malformed)?;
                if !(1..=4).contains(&quarter) {
                    return Err(PeriodError::QuarterOutOfRange);
                }
                Ok(Period::Quarter(year, quarter))
            }
        }
    }

    pub const fn year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::Quarter(y, _) => y,
        }
    }

    /// First day of the period.
    pub fn start(&self) -> Date {
        let (y, month) = match *self {
            Period::Year(y) => (y, 1),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1),
        };
        // A period is always within the years dates may name (its parser sees to it).
        Date::new(y, month, 1).unwrap_or_else(|_| Date::ymd(2100, 1, 1))
    }

    /// Last day of the period.
    pub fn end(&self) -> Date {
        let (y, month) = match *self {
            Period::Year(y) => (y, 12),
            Period::Quarter(y, q) => (y, q * 3),
        };
        Date::last_of_month(y, month).unwrap_or_else(|_| Date::ymd(2100, 12, 31))
    }

    /// The periods whose values stand for this one, in order of preference: a year's own value,
    /// then its quarters from the latest; a quarter's own value, then the earlier quarters of the
    /// same year. Never an earlier year.
    pub fn lookup_chain(self) -> impl Iterator<Item = Period> {
        let (year, slots): (i32, &'static [u8]) = match self {
            Period::Year(y) => (y, &[0, 4, 3, 2, 1]),
            Period::Quarter(y, 4) => (y, &[4, 3, 2, 1]),
            Period::Quarter(y, 3) => (y, &[3, 2, 1]),
            Period::Quarter(y, 2) => (y, &[2, 1]),
            Period::Quarter(y, _) => (y, &[1]),
        };
        slots.iter().map(move |&s| if s == 0 { Period::Year(year) } else { Period::Quarter(year, s) })
    }

    /// Machine form, as in the CSV contract: `2024`, `2024Q3`.
    pub fn code(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn periods_parse_in_every_accepted_form() {
        assert_eq!(Period::parse("2024"), Ok(Period::Year(2024)));
        assert_eq!(Period::parse("2024Q3"), Ok(Period::Quarter(2024, 3)));
        assert_eq!(Period::parse(" 2024q1 "), Ok(Period::Quarter(2024, 1)));
        assert_eq!(Period::parse("2024-Q4"), Ok(Period::Quarter(2024, 4)));
    }

    #[test]
    fn bad_periods_say_why() {
        assert_eq!(Period::parse("2024Q5"), Err(PeriodError::QuarterOutOfRange));
        assert_eq!(Period::parse("2024Q0"), Err(PeriodError::QuarterOutOfRange));
        assert_eq!(Period::parse("24"), Err(PeriodError::Malformed));
        assert_eq!(Period::parse("Q3 2024"), Err(PeriodError::Malformed));
        assert_eq!(Period::parse("2024/3"), Err(PeriodError::Malformed));
        assert_eq!(Period::parse(""), Err(PeriodError::Malformed));
        assert_eq!(Period::parse("3024"), Err(PeriodError::YearOutOfRange));
        assert_eq!(Period::parse("2024Q"), Err(PeriodError::Malformed));
    }

    #[test]
    fn quarter_spans_three_months() {
        let q = Period::Quarter(2024, 1);
        assert_eq!(q.start().to_string(), "2024-01-01");
        assert_eq!(q.end().to_string(), "2024-03-31");
        assert_eq!(Period::Quarter(2025, 2).end().to_string(), "2025-06-30");
        assert_eq!(Period::Year(2025).end().to_vietnamese(), "31/12/2025");
    }

    proptest! {
        #[test]
        fn period_text_round_trips(y in 1900i32..=2100, q in 0u8..=4) {
            let p = if q == 0 { Period::Year(y) } else { Period::Quarter(y, q) };
            prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
        }

        #[test]
        fn any_text_parses_or_errs_without_panic(s in "\\PC{0,12}") {
            let _ = Period::parse(&s);
        }
    }
}
