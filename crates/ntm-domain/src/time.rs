//! Calendar dates, Vietnam time and working days, on the `jiff` date library (no hand-rolled
//! calendar arithmetic). Dates and deadlines are Vietnam time (UTC+7, no daylight saving);
//! instants are milliseconds since the epoch, UTC, as the store keeps them.

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil;
use jiff::tz::Offset;

use crate::period::PeriodError;

/// The years a date or period may name: outside them a typed date is a mistake, not a plan.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2100;

/// Vietnam's offset from UTC: seven hours, all year.
const VIETNAM: Offset = Offset::constant(7);

/// A calendar date (Vietnam time; a date needs no time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(civil::Date);

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, PeriodError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(PeriodError::YearOutOfRange);
        }
        let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(year), i8::try_from(month), i8::try_from(day)) else {
            return Err(PeriodError::Malformed);
        };
        civil::Date::new(y, m, d).map(Date).map_err(|_| PeriodError::Malformed)
    }

    /// A date written in the code as a constant; only for dates known to exist.
    pub(crate) const fn ymd(year: i16, month: i8, day: i8) -> Date {
        Date(civil::Date::constant(year, month, day))
    }

    /// Reads ISO `2025-07-01` or Vietnamese `01/07/2025`.
    pub fn parse(text: &str) -> Result<Date, PeriodError> {
        let s = text.trim();
        let parts: Vec<&str> = if s.contains('-') {
            s.split('-').collect()
        } else {
            let mut p: Vec<&str> = s.split('/').collect();
            p.reverse();
            p
        };
        let [y, m, d] = parts.as_slice() else {
            return Err(PeriodError::Malformed);
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !all_digits(y) || !all_digits(m) || !all_digits(d) || m.len() > 2 || d.len() > 2 {
            return Err(PeriodError::Malformed);
        }
        let year = y.parse().map_err(|_| PeriodError::Malformed)?;
        let month = m.parse().map_err(|_| PeriodError::Malformed)?;
        let day = d.parse().map_err(|_| PeriodError::Malformed)?;
        Date::new(year, month, day)
    }

    pub fn year(&self) -> i32 {
        i32::from(self.0.year())
    }

    pub fn month(&self) -> u8 {
        u8::try_from(self.0.month()).unwrap_or(1)
    }

    pub fn day(&self) -> u8 {
        u8::try_from(self.0.day()).unwrap_or(1)
    }

    /// The first day of a year (within the years dates may name).
    pub fn first_of_year(year: i32) -> Result<Date, PeriodError> {
        Date::new(year, 1, 1)
    }

    /// The last day of a month.
    pub fn last_of_month(year: i32, month: u8) -> Result<Date, PeriodError> {
        Ok(Date(Date::new(year, month, 1)?.0.last_of_month()))
    }

    /// Vietnamese form `dd/mm/yyyy`.
    pub fn to_vietnamese(&self) -> String {
        format!("{:02}/{:02}/{}", self.day(), self.month(), self.year())
    }

    /// The day before (used to close a unit's validity the day before its successor starts).
    /// The first day dates may name has none: it stays itself.
    pub fn pred(&self) -> Date {
        self.0.yesterday().map(Date).unwrap_or(*self)
    }

    /// The date `days` later (earlier when negative), if it is within the years dates may name.
    pub fn add_days(&self, days: i32) -> Option<Date> {
        let d = self.0.checked_add(jiff::Span::new().try_days(i64::from(days)).ok()?).ok()?;
        (MIN_YEAR..=MAX_YEAR).contains(&i32::from(d.year())).then_some(Date(d))
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(&self, other: Date) -> i32 {
        self.0.until(other.0).map(|s| s.get_days()).unwrap_or(0)
    }

    /// The instant the day begins in Vietnam (00:00 UTC+7), in milliseconds since the epoch.
    pub fn vietnam_start_ms(&self) -> i64 {
        let midnight = self.0.to_datetime(civil::Time::midnight());
        VIETNAM.to_timestamp(midnight).map(|t| t.as_millisecond()).unwrap_or(0)
    }

    /// Saturday or Sunday.
    pub fn is_weekend(&self) -> bool {
        matches!(self.0.weekday(), civil::Weekday::Saturday | civil::Weekday::Sunday)
    }
}

impl fmt::Display for Date {
    /// ISO form `2025-07-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A moment as read on a clock in Vietnam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct VietnamTime {
    pub date: Date,
    pub hour: u8,
    pub minute: u8,
}

impl VietnamTime {
    /// Milliseconds since the epoch (UTC) as Vietnam time; `None` outside the years dates may name.
    pub fn from_epoch_ms(ms: i64) -> Option<VietnamTime> {
        let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
        let dt = VIETNAM.to_datetime(ts);
        if !(MIN_YEAR..=MAX_YEAR).contains(&i32::from(dt.year())) {
            return None;
        }
        Some(VietnamTime {
            date: Date(dt.date()),
            hour: u8::try_from(dt.hour()).ok()?,
            minute: u8::try_from(dt.minute()).ok()?,
        })
    }

    /// `dd/mm/yyyy HH:MM`, as officials write it.
    pub fn to_vietnamese(&self) -> String {
        format!("{} {:02}:{:02}", self.date.to_vietnamese(), self.hour, self.minute)
    }
}

/// The date in Vietnam at an instant (milliseconds since the epoch); the last date dates may name
/// for an instant beyond them, the first for one before.
pub fn vietnam_date(ms: i64) -> Date {
    match VietnamTime::from_epoch_ms(ms) {
        Some(t) => t.date,
        None if ms < 0 => Date::ymd(1900, 1, 1),
        None => Date::ymd(2100, 12, 31),
    }
}

/// The year in Vietnam at an instant.
pub fn vietnam_year(ms: i64) -> i32 {
    vietnam_date(ms).year()
}

/// Milliseconds since the epoch as Vietnam time: `dd/mm/yyyy HH:MM` ("—" when out of range).
pub fn vietnam_time_label(ms: i64) -> String {
    VietnamTime::from_epoch_ms(ms).map(|t| t.to_vietnamese()).unwrap_or_else(|| "—".into())
}

/// Milliseconds since the epoch as an RFC 3339 instant in UTC (`2024-11-25T03:00:00Z`), for
/// machines; `None` outside what the calendar holds.
pub fn utc_rfc3339(ms: i64) -> Option<String> {
    jiff::Timestamp::from_millisecond(ms).ok().map(|t| t.to_string())
}

/// Which days are worked: weekends are not, nor the holidays listed (data, set by whoever keeps
/// the calendar — the holidays of a year are decided each year).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    holidays: BTreeSet<Date>,
}

impl WorkingCalendar {
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> WorkingCalendar {
        WorkingCalendar { holidays: holidays.into_iter().collect() }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        !d.is_weekend() && !self.holidays.contains(&d)
    }

    /// The working day `n` working days after `d` (`n` = 0: `d` itself if worked, else the next
    /// working day); `None` beyond the years dates may name.
    pub fn add_working_days(&self, d: Date, n: u32) -> Option<Date> {
        let mut day = d;
        while !self.is_working_day(day) {
            day = day.add_days(1)?;
        }
        let mut left = n;
        while left > 0 {
            day = day.add_days(1)?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            match day.add_days(1) {
                Some(next) => day = next,
                None => break,
            }
            if self.is_working_day(day) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn dates_parse_iso_and_vietnamese_and_check_the_calendar() {
        assert_eq!(Date::parse("2025-07-01"), Date::parse("01/07/2025"));
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2025-13-01").is_err());
        assert!(Date::parse("1/7/25").is_err());
        assert_eq!(Date::parse("3025-01-01"), Err(PeriodError::YearOutOfRange));
        assert_eq!(d("2025-07-01").pred().to_string(), "2025-06-30");
        assert_eq!(d("2025-01-01").pred().to_string(), "2024-12-31");
        assert_eq!(d("2024-03-01").pred().to_string(), "2024-02-29", "a leap year");
        assert_eq!(d("2025-07-01").to_vietnamese(), "01/07/2025");
    }

    #[test]
    fn times_are_shown_in_vietnam_time() {
        assert_eq!(vietnam_time_label(0), "01/01/1970 07:00");
        // 2025-06-30T17:00:00Z is 1 July 2025, 00:00 in Hà Nội.
        assert_eq!(vietnam_time_label(1_751_302_800_000), "01/07/2025 00:00");
        assert_eq!(vietnam_date(1_751_302_799_999), d("2025-06-30"), "a millisecond before midnight");
        // Machines get the same instant in UTC.
        assert_eq!(utc_rfc3339(1_751_302_800_000).as_deref(), Some("2025-06-30T17:00:00Z"));
        assert_eq!(utc_rfc3339(i64::MAX), None);
        // A day begins at midnight in Hà Nội, 17:00 UTC the day before.
        assert_eq!(d("2025-07-01").vietnam_start_ms(), 1_751_302_800_000);
        assert_eq!(vietnam_date(d("2025-07-01").vietnam_start_ms()), d("2025-07-01"));
        assert_eq!(vietnam_date(d("2025-07-01").vietnam_start_ms() - 1), d("2025-06-30"));
    }

    #[test]
    fn the_year_is_the_year_in_vietnam() {
        assert_eq!(vietnam_year(1_767_200_400_000), 2026, "31/12/2025 17:00 UTC is 1/1/2026 in Hà Nội");
        assert_eq!(vietnam_year(1_767_200_399_999), 2025);
    }

    #[test]
    fn working_days_skip_weekends_and_listed_holidays() {
        // 2024-09-02 (Monday) is National Day; 2024-08-30 is a Friday.
        let cal = WorkingCalendar::new([d("2024-09-02"), d("2024-09-03")]);
        assert!(!cal.is_working_day(d("2024-08-31")), "Saturday");
        assert!(!cal.is_working_day(d("2024-09-02")), "a holiday");
        assert_eq!(cal.add_working_days(d("2024-08-30"), 1), Some(d("2024-09-04")));
        assert_eq!(cal.add_working_days(d("2024-08-30"), 0), Some(d("2024-08-30")));
        assert_eq!(cal.add_working_days(d("2024-08-31"), 0), Some(d("2024-09-04")), "the next working day");
        assert_eq!(cal.working_days_between(d("2024-08-30"), d("2024-09-06")), 3);
        assert_eq!(cal.working_days_between(d("2024-09-06"), d("2024-08-30")), 0);
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_that_many_working_days_later(
            y in 2000i32..2090, m in 1u8..=12, day in 1u8..=28, n in 0u32..60,
        ) {
            let cal = WorkingCalendar::new([Date::new(y, 5, 1).unwrap(), Date::new(y, 9, 2).unwrap()]);
            let start = Date::new(y, m, day).unwrap();
            let end = cal.add_working_days(start, n).unwrap();
            prop_assert!(cal.is_working_day(end));
            let first = cal.add_working_days(start, 0).unwrap();
            prop_assert_eq!(cal.working_days_between(first, end), n);
        }

        #[test]
        fn day_arithmetic_round_trips(y in 1901i32..2099, m in 1u8..=12, day in 1u8..=28, k in -400i32..400) {
            let start = Date::new(y, m, day).unwrap();
            let later = start.add_days(k).unwrap();
            prop_assert_eq!(start.days_until(later), k);
            prop_assert_eq!(later.add_days(-k), Some(start));
        }

        #[test]
        fn any_text_parses_or_errs_without_panic(s in "\\PC{0,12}") {
            let _ = Date::parse(&s);
        }
    }
}
