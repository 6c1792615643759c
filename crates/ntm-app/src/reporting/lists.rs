//! A round's table and the reporters' records as an office reads them at a province's scale
//! (some 450 communes and the agencies): filtered by what the office chases — late, not yet
//! submitted, waiting for review, accepted, returned —, the most urgent first, a page at a time,
//! with the count of every filter over the whole list whatever page or filter is shown.

use ntm_domain::Lang;
use serde::Serialize;
use serde::ser::Serializer;

use super::{RecordLine, ReporterLine, RoundTable, RoundView};
use crate::page::Paging;
use crate::{App, AppError};

/// Rows of a round's table a page: 50 reporters' lines stay far under 50 KB.
pub const ROUND_PAGE: usize = 50;

/// Rows of the records a page: a record lists each round it was late for, so fewer.
pub const RECORDS_PAGE: usize = 25;

/// What part of a list of reporters a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    /// The deadline passed: submitted late, or not yet.
    Late,
    /// Nothing submitted yet (due or not).
    NotSubmitted,
    /// Submitted, waiting for the office's review.
    Waiting,
    Accepted,
    Returned,
}

impl Filter {
    /// The filters of a round's table, in the order the page lists them.
    pub const ROUND: [Filter; 6] =
        [Filter::All, Filter::Late, Filter::NotSubmitted, Filter::Waiting, Filter::Accepted, Filter::Returned];

    /// The filters of the records: a record is late if any of its rounds was.
    pub const RECORDS: [Filter; 2] = [Filter::All, Filter::Late];

    pub fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Late => "late",
            Filter::NotSubmitted => "not_submitted",
            Filter::Waiting => "waiting",
            Filter::Accepted => "accepted",
            Filter::Returned => "returned",
        }
    }

    /// The filter of this code among `allowed` (empty: all).
    pub fn parse(text: &str, allowed: &[Filter]) -> Option<Filter> {
        let text = text.trim();
        if text.is_empty() {
            return Some(Filter::All);
        }
        allowed.iter().copied().find(|f| f.code() == text)
    }

    fn keeps_line(self, l: &ReporterLine) -> bool {
        match self {
            Filter::All => true,
            Filter::Late => matches!(l.timeliness, "late" | "missing"),
            Filter::NotSubmitted => matches!(l.timeliness, "pending" | "missing"),
            Filter::Waiting => l.state == "submitted",
            Filter::Accepted => l.state == "accepted",
            Filter::Returned => l.state == "returned",
        }
    }

    fn keeps_record(self, r: &RecordLine) -> bool {
        match self {
            Filter::Late => r.late + r.missing > 0,
            _ => true,
        }
    }
}

/// How many rows each filter keeps, over the whole list: `{"all": 465, "late": 440, …}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals(pub Vec<(&'static str, usize)>);

impl Totals {
    fn of<T>(filters: &[Filter], rows: &[T], keeps: impl Fn(Filter, &T) -> bool) -> Totals {
        Totals(filters.iter().map(|&f| (f.code(), rows.iter().filter(|r| keeps(f, r)).count())).collect())
    }
}

impl Serialize for Totals {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, *v)))
    }
}

/// A page of a round's table.
#[derive(Clone, Debug, Serialize)]
pub struct RoundLines {
    pub round: RoundView,
    /// The filter shown (a [`Filter`] code).
    pub state: &'static str,
    #[serde(flatten)]
    pub paging: Paging,
    pub totals: Totals,
    /// The page's lines: missing first, then late, each the most days first; then those not
    /// yet due, then those on time.
    pub lines: Vec<ReporterLine>,
}

/// A page of the records.
#[derive(Clone, Debug, Serialize)]
pub struct RecordLines {
    pub state: &'static str,
    #[serde(flatten)]
    pub paging: Paging,
    pub totals: Totals,
    /// The page's records: the most rounds missing first, then the most days late.
    pub lines: Vec<RecordLine>,
}

/// Where a line comes in the order of an office chasing reports.
fn urgency(l: &ReporterLine) -> (u8, std::cmp::Reverse<u32>) {
    let rank = match l.timeliness {
        "missing" => 0,
        "late" => 1,
        "pending" => 2,
        _ => 3,
    };
    (rank, std::cmp::Reverse(if rank < 2 { l.days } else { 0 }))
}

impl App {
    /// A page of a round's table: the lines `filter` keeps, most urgent first.
    pub async fn round_lines(
        &self,
        round_id: i64,
        filter: Filter,
        page: usize,
        lang: Lang,
    ) -> Result<RoundLines, AppError> {
        let RoundTable { round, mut lines } = self.round_table(round_id, lang).await?;
        // Stable: within the same urgency, the round's order (agencies, then communes by code).
        lines.sort_by_key(urgency);
        let totals = Totals::of(&Filter::ROUND, &lines, |f, l| f.keeps_line(l));
        let kept: Vec<ReporterLine> = lines.into_iter().filter(|l| filter.keeps_line(l)).collect();
        let paging = Paging::new(kept.len(), ROUND_PAGE, page);
        Ok(RoundLines { round, state: filter.code(), paging, totals, lines: paging.rows(kept) })
    }

    /// A page of the reporters' records: those `filter` keeps, the worst first.
    pub async fn record_lines(&self, filter: Filter, page: usize, lang: Lang) -> Result<RecordLines, AppError> {
        let mut lines = self.records(lang).await?;
        lines.sort_by_key(|r| (std::cmp::Reverse(r.missing), std::cmp::Reverse(r.days_late)));
        let totals = Totals::of(&Filter::RECORDS, &lines, |f, r| f.keeps_record(r));
        let kept: Vec<RecordLine> = lines.into_iter().filter(|r| filter.keeps_record(r)).collect();
        let paging = Paging::new(kept.len(), RECORDS_PAGE, page);
        Ok(RecordLines { state: filter.code(), paging, totals, lines: paging.rows(kept) })
    }
}
