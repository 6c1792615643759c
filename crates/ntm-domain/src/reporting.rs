//! The reporting cycle (issue 10): rounds of reports, their data cut-off and deadline, the states
//! of a report and who may move it, and timeliness.
//!
//! The law (`../shared/reference/cycle-money-law.md` §A):
//! - NĐ 09/2019/NĐ-CP Điều 4: reports are periodic (định kỳ), thematic (chuyên đề) or ad hoc
//!   (đột xuất).
//! - Điều 12: a periodic report's data run from the 15th of the month before the period to the
//!   14th of its last month (a quarter: 15th of the month before it to the 14th of its last month;
//!   six months: 15/12 of the year before to 14/6; nine months: to 14/9; a year: to 14/12).
//!   Thematic and ad-hoc reports carry the cut-off their issuer sets.
//! - Điều 8 khoản 5: at least one working day between the end of the cut-off and the deadline.
//! - Điều 13: each level sets its own deadlines when it issues a regime — so a deadline is a
//!   [`Schedule`] of the managing unit (working days after the cut-off, with its legal basis and
//!   validity), never a constant here.
//!
//! Days are Vietnam days: a report submitted at 23:59 on the deadline, Vietnam time, is on time;
//! at 00:00 the next day it is one day late (see [`timeliness`]).

use crate::period::Period;
use crate::time::{Date, WorkingCalendar, vietnam_date};

/// The kind of a reporting round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoundKind {
    Quarterly,
    SixMonth,
    NineMonth,
    Annual,
    /// Chuyên đề: its cut-off and deadline are set by whoever asks for it.
    Thematic,
    /// Đột xuất: likewise, with a subject.
    AdHoc,
}

impl RoundKind {
    pub const ALL: [RoundKind; 6] = [
        RoundKind::Quarterly,
        RoundKind::SixMonth,
        RoundKind::NineMonth,
        RoundKind::Annual,
        RoundKind::Thematic,
        RoundKind::AdHoc,
    ];

    /// Machine form: `quarterly`, `six-month`, `nine-month`, `annual`, `thematic`, `ad-hoc`.
    pub fn code(self) -> &'static str {
        match self {
            RoundKind::Quarterly => "quarterly",
            RoundKind::SixMonth => "six-month",
            RoundKind::NineMonth => "nine-month",
            RoundKind::Annual => "annual",
            RoundKind::Thematic => "thematic",
            RoundKind::AdHoc => "ad-hoc",
        }
    }

    pub fn from_code(code: &str) -> Option<RoundKind> {
        RoundKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Periodic (định kỳ): its cut-off follows from its period by NĐ 09/2019 Điều 12.
    pub fn is_periodic(self) -> bool {
        !matches!(self, RoundKind::Thematic | RoundKind::AdHoc)
    }
}

/// What a periodic round covers: a quarter, the first six or nine months, or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoundPeriod {
    pub kind: RoundKind,
    pub year: i32,
    /// 1–4 for a quarterly round; unused otherwise.
    pub quarter: u8,
}

/// Why a round could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoundError {
    #[error("a quarterly round needs a quarter 1 to 4")]
    BadQuarter,
    #[error("a thematic or ad-hoc round has no period of its own: give its cut-off")]
    NotPeriodic,
    #[error("the cut-off ends before it begins")]
    CutOffReversed,
    #[error("the deadline must be at least one working day after the cut-off (NĐ 09/2019, Điều 8 khoản 5)")]
    DeadlineTooEarly,
    #[error("outside the years dates may name")]
    OutOfRange,
}

impl RoundPeriod {
    pub fn new(kind: RoundKind, year: i32, quarter: u8) -> Result<RoundPeriod, RoundError> {
        if !kind.is_periodic() {
            return Err(RoundError::NotPeriodic);
        }
        if kind == RoundKind::Quarterly && !(1..=4).contains(&quarter) {
            return Err(RoundError::BadQuarter);
        }
        let quarter = if kind == RoundKind::Quarterly { quarter } else { 0 };
        Ok(RoundPeriod { kind, year, quarter })
    }

    /// The last month of what it covers.
    fn last_month(&self) -> u8 {
        match self.kind {
            RoundKind::Quarterly => self.quarter * 3,
            RoundKind::SixMonth => 6,
            RoundKind::NineMonth => 9,
            _ => 12,
        }
    }

    /// The first month of what it covers.
    fn first_month(&self) -> u8 {
        match self.kind {
            RoundKind::Quarterly => self.quarter * 3 - 2,
            _ => 1,
        }
    }

    /// The data cut-off of NĐ 09/2019 Điều 12: from the 15th of the month before its first month
    /// to the 14th of its last month.
    pub fn cut_off(&self) -> Result<CutOff, RoundError> {
        let first = self.first_month();
        let (from_year, from_month) = if first == 1 { (self.year - 1, 12) } else { (self.year, first - 1) };
        let from = Date::new(from_year, from_month, 15).map_err(|_| RoundError::OutOfRange)?;
        let to = Date::new(self.year, self.last_month(), 14).map_err(|_| RoundError::OutOfRange)?;
        CutOff::new(from, to)
    }

    /// The period of values that stands for it: its quarter; the second quarter for six months,
    /// the third for nine (a value of the quarter, else of the quarters before it: the
    /// evaluation's own rule); the year for a year.
    pub fn data_period(&self) -> Period {
        match self.kind {
            RoundKind::Quarterly => Period::Quarter(self.year, self.quarter),
            RoundKind::SixMonth => Period::Quarter(self.year, 2),
            RoundKind::NineMonth => Period::Quarter(self.year, 3),
            _ => Period::Year(self.year),
        }
    }

    /// Machine form: `2024Q3`, `2024H1`, `2024M9`, `2024`.
    pub fn code(&self) -> String {
        match self.kind {
            RoundKind::Quarterly => format!("{}Q{}", self.year, self.quarter),
            RoundKind::SixMonth => format!("{}H1", self.year),
            RoundKind::NineMonth => format!("{}M9", self.year),
            _ => self.year.to_string(),
        }
    }
}

/// The days whose data a report covers, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CutOff {
    pub from: Date,
    pub to: Date,
}

impl CutOff {
    pub fn new(from: Date, to: Date) -> Result<CutOff, RoundError> {
        if to < from {
            return Err(RoundError::CutOffReversed);
        }
        Ok(CutOff { from, to })
    }
}

/// How a managing unit sets its deadlines for a kind of round: so many working days after the
/// end of the cut-off, by a rule with a legal basis and validity dates (NĐ 09/2019 Điều 13: each
/// level sets its own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub kind: RoundKind,
    /// Working days after the cut-off's last day; at least 1 (Điều 8 khoản 5).
    pub working_days: u32,
    /// The rule's citation (decision number, article), as given; empty when none was given.
    pub basis: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

impl Schedule {
    /// Whether the rule is in force on `day`.
    pub fn in_force(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }

    /// The deadline of a round whose cut-off ends on `cut_off_end`.
    pub fn deadline(&self, cut_off_end: Date, calendar: &WorkingCalendar) -> Result<Date, RoundError> {
        if self.working_days == 0 {
            return Err(RoundError::DeadlineTooEarly);
        }
        // Counting starts the day after the cut-off, whatever day that is.
        let next = cut_off_end.add_days(1).ok_or(RoundError::OutOfRange)?;
        calendar.add_working_days(next, self.working_days - 1).ok_or(RoundError::OutOfRange)
    }
}

/// Checks a deadline set by hand (a thematic or ad-hoc round, or an exception): at least one
/// working day after the cut-off.
pub fn check_deadline(cut_off: CutOff, deadline: Date, calendar: &WorkingCalendar) -> Result<(), RoundError> {
    if calendar.working_days_between(cut_off.to, deadline) == 0 {
        return Err(RoundError::DeadlineTooEarly);
    }
    Ok(())
}

/// Where a report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportState {
    Draft,
    Submitted,
    /// Sent back by the reviewer with a reason; the author corrects and submits again.
    Returned,
    /// Accepted: the values it covers are locked for its period until the office reopens it.
    Accepted,
}

impl ReportState {
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Returned => "returned",
            ReportState::Accepted => "accepted",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportState> {
        [ReportState::Draft, ReportState::Submitted, ReportState::Returned, ReportState::Accepted]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The author may change it (its texts, its values for the period).
    pub fn editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }
}

/// A move of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Accept,
    /// Send back with a reason.
    Return,
    /// The office reopens an accepted report (with a reason) so that its values may change.
    Reopen,
}

/// Who asks for a move, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mover {
    /// Of the reporting agency or commune (may write and submit its report).
    pub author: bool,
    /// Of the office that reviews the round (the standing office, an administrator).
    pub reviewer: bool,
}

/// Why a move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("this move is not possible from the report's state")]
    NotFromHere,
    #[error("only the reporting unit submits its report")]
    NotAuthor,
    #[error("only the reviewing office accepts, returns or reopens")]
    NotReviewer,
    #[error("nobody accepts or returns their own report")]
    OwnReport,
    #[error("a return or a reopening needs a reason")]
    NoReason,
}

/// The state after `transition`, or why not. Submit: from draft or returned, by the author.
/// Accept and return: from submitted, by a reviewer who is not also the author (nobody reviews
/// their own report); a return needs a reason. Reopen: from accepted, by a reviewer, with a
/// reason; the report goes back to the author as returned.
pub fn next_state(
    from: ReportState,
    transition: Transition,
    who: Mover,
    reason: &str,
) -> Result<ReportState, TransitionError> {
    use ReportState as S;
    use Transition as T;
    let needs_reason = matches!(transition, T::Return | T::Reopen);
    let to = match (transition, from) {
        (T::Submit, S::Draft | S::Returned) => S::Submitted,
        (T::Accept, S::Submitted) => S::Accepted,
        (T::Return, S::Submitted) => S::Returned,
        (T::Reopen, S::Accepted) => S::Returned,
        _ => return Err(TransitionError::NotFromHere),
    };
    match transition {
        T::Submit if !who.author => return Err(TransitionError::NotAuthor),
        T::Accept | T::Return if who.author => return Err(TransitionError::OwnReport),
        T::Accept | T::Return | T::Reopen if !who.reviewer => return Err(TransitionError::NotReviewer),
        _ => {}
    }
    if needs_reason && reason.trim().is_empty() {
        return Err(TransitionError::NoReason);
    }
    Ok(to)
}

/// A report's timeliness against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timeliness {
    /// Submitted (first time) on or before the deadline's day, Vietnam time.
    OnTime,
    /// Submitted so many days after the deadline.
    Late { days: u32 },
    /// Not submitted, and the deadline has passed: so many days overdue today.
    Missing { days: u32 },
    /// Not submitted, the deadline not yet passed: so many days left (0 on the day itself).
    Pending { days_left: u32 },
}

impl Timeliness {
    pub fn code(self) -> &'static str {
        match self {
            Timeliness::OnTime => "on_time",
            Timeliness::Late { .. } => "late",
            Timeliness::Missing { .. } => "missing",
            Timeliness::Pending { .. } => "pending",
        }
    }
}

/// How a report stands against `deadline`: `first_submitted_ms` is when it was first submitted
/// (a resubmission after a return does not make a report late), `now_ms` the present instant.
/// Days are counted in Vietnam.
pub fn timeliness(deadline: Date, first_submitted_ms: Option<i64>, now_ms: i64) -> Timeliness {
    let days_after = |ms: i64| deadline.days_until(vietnam_date(ms));
    match first_submitted_ms {
        Some(at) => match u32::try_from(days_after(at)) {
            Ok(days) if days > 0 => Timeliness::Late { days },
            _ => Timeliness::OnTime,
        },
        None => {
            let d = days_after(now_ms);
            if d > 0 {
                Timeliness::Missing { days: d.unsigned_abs() }
            } else {
                Timeliness::Pending { days_left: d.unsigned_abs() }
            }
        }
    }
}

/// A unit's record over rounds: how many were on time, late, missing (rounds still open are not
/// counted) — "chưa nghiêm túc" as a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    /// Days late, summed over the late and the missing.
    pub days_late: u32,
}

impl Record {
    pub fn add(&mut self, t: Timeliness) {
        match t {
            Timeliness::OnTime => self.on_time += 1,
            Timeliness::Late { days } => {
                self.late += 1;
                self.days_late += days;
            }
            Timeliness::Missing { days } => {
                self.missing += 1;
                self.days_late += days;
            }
            Timeliness::Pending { .. } => {}
        }
    }

    /// Rounds whose deadline has passed.
    pub fn due(&self) -> u32 {
        self.on_time + self.late + self.missing
    }

    /// Per cent of the due rounds reported on time, rounded down; `None` when none is due.
    pub fn on_time_percent(&self) -> Option<u32> {
        (self.due() > 0).then(|| self.on_time * 100 / self.due())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn round(kind: RoundKind, year: i32, quarter: u8) -> RoundPeriod {
        RoundPeriod::new(kind, year, quarter).unwrap()
    }

    #[test]
    fn cut_offs_run_from_the_15th_of_the_month_before_to_the_14th_of_the_last_month() {
        let c = |r: RoundPeriod| {
            let c = r.cut_off().unwrap();
            (c.from.to_string(), c.to.to_string())
        };
        // Quarter 1 starts in the year before.
        assert_eq!(c(round(RoundKind::Quarterly, 2024, 1)), ("2023-12-15".into(), "2024-03-14".into()));
        assert_eq!(c(round(RoundKind::Quarterly, 2024, 3)), ("2024-06-15".into(), "2024-09-14".into()));
        assert_eq!(c(round(RoundKind::Quarterly, 2024, 4)), ("2024-09-15".into(), "2024-12-14".into()));
        assert_eq!(c(round(RoundKind::SixMonth, 2024, 0)), ("2023-12-15".into(), "2024-06-14".into()));
        assert_eq!(c(round(RoundKind::NineMonth, 2024, 0)), ("2023-12-15".into(), "2024-09-14".into()));
        assert_eq!(c(round(RoundKind::Annual, 2024, 0)), ("2023-12-15".into(), "2024-12-14".into()));
    }

    #[test]
    fn rounds_are_made_only_of_what_they_can_be() {
        assert_eq!(RoundPeriod::new(RoundKind::Quarterly, 2024, 5), Err(RoundError::BadQuarter));
        assert_eq!(RoundPeriod::new(RoundKind::Quarterly, 2024, 0), Err(RoundError::BadQuarter));
        assert_eq!(RoundPeriod::new(RoundKind::AdHoc, 2024, 0), Err(RoundError::NotPeriodic));
        assert_eq!(round(RoundKind::Annual, 2024, 3).quarter, 0, "a quarter means nothing to a year");
        assert_eq!(CutOff::new(d("2024-03-14"), d("2024-03-13")), Err(RoundError::CutOffReversed));
        assert_eq!(round(RoundKind::SixMonth, 2024, 0).data_period(), Period::Quarter(2024, 2));
        assert_eq!(round(RoundKind::NineMonth, 2024, 0).code(), "2024M9");
        for k in RoundKind::ALL {
            assert_eq!(RoundKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn deadlines_count_working_days_after_the_cut_off_skipping_weekends_and_holidays() {
        let schedule = |n| Schedule {
            kind: RoundKind::Quarterly,
            working_days: n,
            basis: String::new(),
            valid_from: None,
            valid_to: None,
        };
        let none = WorkingCalendar::default();
        // 14/9/2024 is a Saturday: the first working day after it is Monday 16/9.
        assert_eq!(schedule(1).deadline(d("2024-09-14"), &none).unwrap(), d("2024-09-16"));
        assert_eq!(schedule(5).deadline(d("2024-09-14"), &none).unwrap(), d("2024-09-20"));
        // 14/3/2024 is a Thursday: one working day later is Friday 15/3, two is Monday 18/3.
        assert_eq!(schedule(1).deadline(d("2024-03-14"), &none).unwrap(), d("2024-03-15"));
        assert_eq!(schedule(2).deadline(d("2024-03-14"), &none).unwrap(), d("2024-03-18"));
        // A holiday (data, not law in code) moves it on.
        let holidays = WorkingCalendar::new([d("2024-03-15")]);
        assert_eq!(schedule(1).deadline(d("2024-03-14"), &holidays).unwrap(), d("2024-03-18"));
        assert_eq!(schedule(0).deadline(d("2024-03-14"), &none), Err(RoundError::DeadlineTooEarly));
        let cut = CutOff::new(d("2024-06-15"), d("2024-09-14")).unwrap();
        assert_eq!(check_deadline(cut, d("2024-09-15"), &none), Err(RoundError::DeadlineTooEarly), "a Sunday");
        assert_eq!(check_deadline(cut, d("2024-09-16"), &none), Ok(()));
        let ruled = Schedule { valid_from: Some(d("2025-01-01")), valid_to: Some(d("2025-12-31")), ..schedule(5) };
        assert!(
            !ruled.in_force(d("2024-12-31")) && ruled.in_force(d("2025-01-01")) && !ruled.in_force(d("2026-01-01"))
        );
    }

    #[test]
    fn every_move_of_a_report_is_allowed_or_refused_by_who_and_from_where() {
        use ReportState as S;
        use Transition as T;
        let author = Mover { author: true, reviewer: false };
        let office = Mover { author: false, reviewer: true };
        let both = Mover { author: true, reviewer: true };
        let nobody = Mover { author: false, reviewer: false };
        assert_eq!(next_state(S::Draft, T::Submit, author, ""), Ok(S::Submitted));
        assert_eq!(next_state(S::Returned, T::Submit, author, ""), Ok(S::Submitted));
        assert_eq!(next_state(S::Draft, T::Submit, office, ""), Err(TransitionError::NotAuthor));
        assert_eq!(next_state(S::Submitted, T::Accept, office, ""), Ok(S::Accepted));
        assert_eq!(next_state(S::Submitted, T::Accept, both, ""), Err(TransitionError::OwnReport));
        assert_eq!(next_state(S::Submitted, T::Accept, author, ""), Err(TransitionError::OwnReport));
        assert_eq!(next_state(S::Submitted, T::Accept, nobody, ""), Err(TransitionError::NotReviewer));
        assert_eq!(next_state(S::Submitted, T::Return, office, "  "), Err(TransitionError::NoReason));
        assert_eq!(next_state(S::Submitted, T::Return, office, "Thiếu số liệu 17.1"), Ok(S::Returned));
        assert_eq!(next_state(S::Accepted, T::Reopen, office, "Sửa 10"), Ok(S::Returned));
        assert_eq!(next_state(S::Accepted, T::Reopen, office, ""), Err(TransitionError::NoReason));
        assert_eq!(next_state(S::Accepted, T::Reopen, author, "x"), Err(TransitionError::NotReviewer));
        // Everything else is not a move from there.
        for (from, t) in [
            (S::Submitted, T::Submit),
            (S::Accepted, T::Submit),
            (S::Draft, T::Accept),
            (S::Returned, T::Accept),
            (S::Accepted, T::Accept),
            (S::Draft, T::Return),
            (S::Accepted, T::Return),
            (S::Draft, T::Reopen),
            (S::Submitted, T::Reopen),
            (S::Returned, T::Reopen),
        ] {
            assert_eq!(next_state(from, t, office, "x"), Err(TransitionError::NotFromHere), "{from:?} {t:?}");
        }
        assert!(S::Draft.editable() && S::Returned.editable() && !S::Submitted.editable() && !S::Accepted.editable());
    }

    #[test]
    fn timeliness_is_counted_in_vietnam_days_from_the_first_submission() {
        let deadline = d("2024-09-20");
        let day_start = |t: &str| d(t).vietnam_start_ms();
        let minute = 60_000;
        // 23:59 on the deadline in Vietnam (16:59 UTC) is on time; midnight is a day late.
        let last_minute = day_start("2024-09-21") - minute;
        assert_eq!(timeliness(deadline, Some(last_minute), last_minute), Timeliness::OnTime);
        assert_eq!(timeliness(deadline, Some(day_start("2024-09-21")), 0), Timeliness::Late { days: 1 });
        assert_eq!(timeliness(deadline, Some(day_start("2024-09-25")), 0), Timeliness::Late { days: 5 });
        assert_eq!(timeliness(deadline, Some(day_start("2024-09-01")), 0), Timeliness::OnTime);
        // Not yet submitted.
        assert_eq!(timeliness(deadline, None, day_start("2024-09-17")), Timeliness::Pending { days_left: 3 });
        assert_eq!(timeliness(deadline, None, last_minute), Timeliness::Pending { days_left: 0 });
        assert_eq!(timeliness(deadline, None, day_start("2024-09-23")), Timeliness::Missing { days: 3 });
        let mut r = Record::default();
        for t in [
            Timeliness::OnTime,
            Timeliness::Late { days: 2 },
            Timeliness::Missing { days: 3 },
            Timeliness::Pending { days_left: 1 },
            Timeliness::OnTime,
        ] {
            r.add(t);
        }
        assert_eq!((r.due(), r.on_time, r.late, r.missing, r.days_late), (4, 2, 1, 1, 5));
        assert_eq!(r.on_time_percent(), Some(50));
        assert_eq!(Record::default().on_time_percent(), None);
    }

    proptest::proptest! {
        /// Whatever the day the cut-off ends, the holidays and the rule: the deadline is a working
        /// day, exactly the rule's number of working days after the cut-off.
        #[test]
        fn a_deadline_is_a_working_day_the_rules_number_of_working_days_after_the_cut_off(
            offset in 0i32..3000,
            n in 1u32..20,
            holidays in proptest::collection::vec(0i32..3100, 0..40),
        ) {
            let base = d("2020-01-01");
            let end = base.add_days(offset).unwrap();
            let calendar = WorkingCalendar::new(holidays.iter().map(|h| base.add_days(*h).unwrap()));
            let rule = Schedule { kind: RoundKind::Annual, working_days: n, basis: String::new(), valid_from: None, valid_to: None };
            let deadline = rule.deadline(end, &calendar).unwrap();
            proptest::prop_assert!(calendar.is_working_day(deadline));
            proptest::prop_assert_eq!(calendar.working_days_between(end, deadline), n);
            let cut = CutOff::new(end.add_days(-90).unwrap(), end).unwrap();
            proptest::prop_assert!(check_deadline(cut, deadline, &calendar).is_ok());
        }
    }
}
