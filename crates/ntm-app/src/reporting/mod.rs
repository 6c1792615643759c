//! The reporting cycle (issue 10): rounds opened from a managing unit's schedule or by hand,
//! one report per obliged reporter (an agency, or a commune) and round, its moves by the rules
//! of [`ntm_domain::reporting::next_state`], timeliness from [`reporting::timeliness`], each
//! reporter's [`Record`] over rounds, the inbox of an account, who is late today, and the lock an
//! accepted report holds on the values it covers (checked by the entry form's save).
//!
//! Rounds and reports are many and read per request (nothing of them is in the live state).
//! Everything returned is codes, figures and names from the data; the edge words it.

use std::collections::HashMap;

pub mod consolidated;
pub mod lists;

use ntm_domain::audit::Event;
use ntm_domain::reporting::{
    self, CutOff, Mover, Record, ReportState, RoundKind, RoundPeriod, Schedule, Timeliness, Transition, TransitionError,
};
use ntm_domain::time::WorkingCalendar;
use ntm_domain::{Action, Date, Lang, Level, Period, Role, UnitIdx, can};
use ntm_store::{LockRecord, MoveRequest, ReportRecord, ReportTexts, RoundRecord, ScheduleRecord};
use serde::{Deserialize, Serialize};

use crate::page::{UnitRef, unit_ref};
use crate::{App, AppError, User};

/// The longest text of a report (results, difficulties, tasks, a reason, a solution).
pub const MAX_TEXT: usize = 5000;
/// The longest legal basis of a rule or a round.
pub const MAX_BASIS: usize = 1000;
/// The largest attachment, in bytes.
pub const MAX_ATTACHMENT: usize = 5 * 1024 * 1024;
/// An inbox shows the deadlines this many days ahead.
pub const DUE_SOON_DAYS: u32 = 3;

/// What is wrong with a request of the reporting area, as a code the edge words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    UnknownKind {
        kind: String,
    },
    BadQuarter,
    BadYear {
        text: String,
    },
    /// No unit of that code manages a round.
    UnknownUnit {
        code: String,
    },
    /// The kind of round has no rule of the managing unit in force: give the deadline by hand.
    NoSchedule {
        kind: String,
    },
    /// A date field that is not `YYYY-MM-DD` or `dd/mm/yyyy`.
    BadDate {
        field: String,
        text: String,
    },
    /// A thematic or ad-hoc round needs its cut-off and its subject.
    CutOffRequired,
    SubjectRequired,
    CutOffReversed,
    /// Less than one working day after the cut-off (NĐ 09/2019 Điều 8 khoản 5).
    DeadlineTooEarly,
    /// Nobody is obliged to report: name agencies, communes, or codes.
    NoReporters,
    UnknownReporter {
        code: String,
    },
    /// A text longer than allowed.
    TooLong {
        field: String,
        max: usize,
    },
    /// A return or a reopening needs its reason.
    ReasonRequired,
    /// Nobody accepts or returns their own report.
    OwnReport,
    /// The report is not (or no longer) in a state that allows this.
    NotFromHere {
        state: String,
    },
    /// The file is larger than [`MAX_ATTACHMENT`].
    FileTooLarge {
        size: usize,
    },
    /// The file is not a PDF, an Office (xlsx, docx) file, a PNG or a JPEG, by its first bytes.
    FileType,
    /// No file was chosen.
    NoFile,
}

/// A use case's failure: a refusal or error, or problems with what was asked.
#[derive(Debug, thiserror::Error)]
pub enum ReportingError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("{0:?}")]
    Problems(Vec<Problem>),
}

impl From<ntm_store::StoreError> for ReportingError {
    fn from(e: ntm_store::StoreError) -> ReportingError {
        ReportingError::App(e.into())
    }
}

fn problem(p: Problem) -> ReportingError {
    ReportingError::Problems(vec![p])
}

/// Who files a report: an agency (by code) or a commune (by unit code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reporter {
    /// `agency` or `unit`.
    pub kind: &'static str,
    pub code: String,
    /// Its name from the data, in the reader's language where the data have one.
    pub name: String,
}

/// A round as pages show it.
#[derive(Clone, Debug, Serialize)]
pub struct RoundView {
    pub id: i64,
    /// A [`RoundKind`] code.
    pub kind: &'static str,
    pub year: i64,
    pub quarter: i64,
    pub subject: String,
    /// What the round covers as a code (`2024Q3`, `2024H1`, `2024M9`, `2024`), empty for a
    /// thematic or ad-hoc round.
    pub period: String,
    /// The period of values its reports snapshot and its acceptance locks (`2024Q3`).
    pub data_period: String,
    /// `YYYY-MM-DD`.
    pub cut_off_from: String,
    pub cut_off_to: String,
    pub deadline: String,
    pub basis: String,
    /// `agencies`, `communes`, or codes.
    pub obliged: Vec<String>,
    pub unit: Option<UnitRef>,
    /// How many reporters are obliged, and how their reports stand.
    pub counts: Counts,
}

/// How a round's reports stand.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    pub obliged: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub pending: usize,
    pub accepted: usize,
    /// Submitted and waiting for review.
    pub waiting: usize,
    pub returned: usize,
}

/// A reporter's line in a round's table.
#[derive(Clone, Debug, Serialize)]
pub struct ReporterLine {
    pub reporter: Reporter,
    /// A [`ReportState`] code, or `none` (nothing written yet).
    pub state: &'static str,
    /// A [`Timeliness`] code.
    pub timeliness: &'static str,
    /// Days late (late, missing) or left (pending).
    pub days: u32,
    /// When it was first submitted, Vietnam time (`dd/mm/yyyy hh:mm`), or empty.
    pub first_submitted: String,
}

/// A round and its reporters.
#[derive(Clone, Debug, Serialize)]
pub struct RoundTable {
    pub round: RoundView,
    pub lines: Vec<ReporterLine>,
}

/// A criterion not on track, with what the author says about it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReasonLine {
    /// The unit it is about (a unit code).
    pub unit: String,
    /// A criterion id of the set, or `all`.
    pub criterion: String,
    pub reason: String,
    pub solution: String,
}

/// A reason line as a report shows it: with names and the warnings that raised it.
#[derive(Clone, Debug, Serialize)]
pub struct ReasonView {
    pub line: ReasonLine,
    pub unit_name: String,
    pub criterion_name: String,
    /// The warnings' kinds now (codes).
    pub kinds: Vec<&'static str>,
}

/// A value of the snapshot.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SnapshotValue {
    pub unit: String,
    pub element: String,
    /// The period it was entered for (the data period, or one standing for it).
    pub period: String,
    /// As stored (`đạt`, `72/100`, `18.5`).
    pub value: String,
}

/// The values of a report's scope at its submission.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Snapshot {
    pub set: String,
    pub period: String,
    pub values: Vec<SnapshotValue>,
}

/// A move of a report as its history shows it.
#[derive(Clone, Debug, Serialize)]
pub struct MoveView {
    pub from: String,
    pub to: String,
    pub reason: String,
    /// The account's display name and user name, or empty (the command line, the demo's files).
    pub by: String,
    /// Vietnam time, `dd/mm/yyyy hh:mm`.
    pub at: String,
}

/// An attachment as a report lists it.
#[derive(Clone, Debug, Serialize)]
pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// A report, and what the account reading it may do with it.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    pub round: RoundView,
    pub reporter: Reporter,
    /// A [`ReportState`] code, or `none`.
    pub state: &'static str,
    pub timeliness: &'static str,
    pub days: u32,
    pub results: String,
    pub difficulties: String,
    pub tasks: String,
    pub reasons: Vec<ReasonView>,
    pub snapshot: Snapshot,
    pub moves: Vec<MoveView>,
    pub attachments: Vec<AttachmentView>,
    /// The reason of the last return or reopening while it is returned.
    pub returned_because: String,
    pub may_edit: bool,
    pub may_submit: bool,
    /// Accept or return.
    pub may_review: bool,
    pub may_reopen: bool,
}

/// A reporter's record over the rounds that obliged it.
#[derive(Clone, Debug, Serialize)]
pub struct RecordLine {
    pub reporter: Reporter,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    pub days_late: u32,
    pub due: u32,
    pub on_time_percent: Option<u32>,
    /// Each round: its id, period (or subject), timeliness code and days.
    pub rounds: Vec<(i64, String, &'static str, u32)>,
}

/// What concerns an account.
#[derive(Clone, Debug, Serialize)]
pub struct InboxItem {
    /// `returned` (its reason), `due_soon` (days left), `to_review` (the office).
    pub kind: &'static str,
    pub round: i64,
    /// The round's period code or subject.
    pub period: String,
    pub round_kind: &'static str,
    pub reporter: Reporter,
    pub reason: String,
    pub deadline: String,
    pub days_left: u32,
}

/// A reporter late today: the deadline passed and nothing submitted.
#[derive(Clone, Debug, Serialize)]
pub struct LateLine {
    pub round: i64,
    pub round_kind: &'static str,
    pub period: String,
    pub reporter: Reporter,
    pub days: u32,
}

/// A round to open, as the office's form or the demo's file gives it. Dates `YYYY-MM-DD` or
/// `dd/mm/yyyy`; empty cut-off: NĐ 09/2019's of the period; empty deadline: the managing unit's
/// rule in force; empty basis: the rule's.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RoundDraft {
    pub kind: String,
    pub year: String,
    #[serde(default)]
    pub quarter: String,
    #[serde(default)]
    pub subject: String,
    /// The managing unit's code (empty: the only district of the period).
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub cut_off_from: String,
    #[serde(default)]
    pub cut_off_to: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub basis: String,
    /// `agencies`, `communes` and/or codes, separated by spaces or commas.
    #[serde(default)]
    pub obliged: String,
}

/// A managing unit's deadline rule as the office's form or the demo's file gives it.
#[derive(Clone, Debug, Default)]
pub struct ScheduleDraft {
    /// The managing unit's code.
    pub unit: String,
    /// A [`RoundKind`] code.
    pub kind: String,
    /// At least 1.
    pub working_days: u32,
    pub basis: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

/// What the author writes.
#[derive(Clone, Debug, Default)]
pub struct ReportDraft {
    pub results: String,
    pub difficulties: String,
    pub tasks: String,
    pub reasons: Vec<ReasonLine>,
}

/// A date as typed: `YYYY-MM-DD` or `dd/mm/yyyy` (as [`Date::parse`] reads it).
pub fn date_text(text: &str) -> Option<Date> {
    Date::parse(text).ok()
}

fn optional_date(field: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Date> {
    if text.trim().is_empty() {
        return None;
    }
    let d = date_text(text);
    if d.is_none() {
        problems.push(Problem::BadDate { field: field.into(), text: text.trim().into() });
    }
    d
}

fn bounded(text: &str, field: &str, max: usize, problems: &mut Vec<Problem>) -> String {
    let clean = ntm_io::text::clean(text);
    if clean.chars().count() > max {
        problems.push(Problem::TooLong { field: field.into(), max });
    }
    clean
}

/// The kind of file by its first bytes: its content type, or `None` for a kind not accepted.
/// Never HTML: whatever a file says it is, only these four kinds are kept.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"PK\x03\x04") {
        // An Office Open XML file (xlsx, docx) is a zip; served as a download of a zip-based
        // document, whatever its name says.
        Some("application/octet-stream")
    } else {
        None
    }
}

/// A round's period, for periodic rounds.
fn round_period(r: &RoundRecord) -> Option<RoundPeriod> {
    let kind = RoundKind::from_code(&r.kind)?;
    RoundPeriod::new(kind, i32::try_from(r.year).ok()?, u8::try_from(r.quarter).ok()?).ok()
}

/// The period of values a round's reports cover: its [`RoundPeriod::data_period`], or the
/// year of a thematic or ad-hoc round.
fn data_period(r: &RoundRecord) -> Period {
    round_period(r).map_or_else(|| Period::Year(i32::try_from(r.year).unwrap_or(0)), |p| p.data_period())
}

fn kind_code(code: &str) -> &'static str {
    RoundKind::from_code(code).map_or("ad-hoc", |k| k.code())
}

fn state_code(code: &str) -> &'static str {
    ReportState::from_code(code).map_or("none", |s| s.code())
}

/// `dd/mm/yyyy hh:mm`, Vietnam time; empty for none.
fn when(ms: Option<i64>) -> String {
    ms.map(ntm_domain::time::vietnam_time_label).unwrap_or_default()
}

impl App {
    /// The instant timeliness is counted at: now, or noon (Vietnam) of the configured day.
    pub fn reporting_now_ms(&self) -> i64 {
        match self.config.today {
            Some(d) => d.vietnam_start_ms() + 12 * 3_600_000,
            None => ntm_store::now_ms(),
        }
    }

    async fn calendar(&self) -> Result<WorkingCalendar, AppError> {
        let days = self.db.holidays().await?;
        Ok(WorkingCalendar::new(days.iter().filter_map(|(d, _)| Date::parse(d).ok())))
    }

    /// Whether `user` reviews reports (opens rounds, accepts, returns, reopens).
    pub fn reviews_reports(&self, user: Option<&User>) -> bool {
        user.is_some_and(|u| can(Some(&u.principal), Action::ManageReporting, &self.live().tree, false))
    }

    /// The agency code of an agency officer's account.
    async fn own_agency(&self, user: &User) -> Result<Option<String>, AppError> {
        if user.principal.role != Role::Agency {
            return Ok(None);
        }
        let record = self.db.user_by_name(&user.username).await?;
        let live = self.live();
        Ok(record.and_then(|r| r.agency_id).and_then(|id| live.org.by_id(id)).map(|a| a.code.clone()))
    }

    /// Whether `user` is the reporter (its commune's officer, its agency's officer) and may file.
    async fn is_author(&self, user: &User, reporter: &Reporter) -> Result<bool, AppError> {
        Ok(match reporter.kind {
            "unit" => {
                let live = self.live();
                let Some(idx) = live.tree.latest(&reporter.code) else { return Ok(false) };
                can(Some(&user.principal), Action::FileReport { unit: Some(idx) }, &live.tree, false)
            }
            _ => {
                let allowed = can(Some(&user.principal), Action::FileReport { unit: None }, &self.live().tree, false);
                allowed && self.own_agency(user).await?.as_deref() == Some(reporter.code.as_str())
            }
        })
    }

    fn agency_reporter(&self, code: &str, lang: Lang) -> Option<Reporter> {
        let live = self.live();
        live.org.by_code(code).map(|a| Reporter { kind: "agency", code: a.code.clone(), name: a.name_in(lang).into() })
    }

    fn unit_reporter(&self, idx: UnitIdx) -> Reporter {
        let live = self.live();
        let u = live.tree.unit(idx);
        Reporter { kind: "unit", code: u.code.clone(), name: u.name.clone() }
    }

    /// The managing unit of a round, by its store id.
    fn round_unit(&self, r: &RoundRecord) -> Option<UnitIdx> {
        self.live().unit_index.get(&r.unit_id).copied()
    }

    /// The communes under a round's managing unit in its data period.
    fn communes_of(&self, r: &RoundRecord) -> Vec<UnitIdx> {
        let Some(managing) = self.round_unit(r) else { return Vec::new() };
        let live = self.live();
        live.tree
            .at_level(Level::Commune, data_period(r))
            .into_iter()
            .filter(|c| live.tree.is_within(*c, managing))
            .collect()
    }

    /// Who must report in a round, in order: the agencies, the communes, then the codes named.
    pub fn obliged(&self, r: &RoundRecord, lang: Lang) -> Vec<Reporter> {
        let mut out: Vec<Reporter> = Vec::new();
        for token in r.obliged.split_whitespace() {
            match token {
                "agencies" => {
                    let codes: Vec<String> = self.live().org.agencies.iter().map(|a| a.code.clone()).collect();
                    out.extend(codes.iter().filter_map(|c| self.agency_reporter(c, lang)));
                }
                "communes" => out.extend(self.communes_of(r).into_iter().map(|c| self.unit_reporter(c))),
                code => {
                    if let Some(a) = self.agency_reporter(code, lang) {
                        out.push(a);
                    } else if let Some(idx) = self.live().tree.latest(code) {
                        out.push(self.unit_reporter(idx));
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|r| seen.insert((r.kind, r.code.clone())));
        out
    }

    fn round_view(&self, r: &RoundRecord, reports: &[ReportRecord], now: i64, lang: Lang) -> RoundView {
        let obliged = self.obliged(r, lang);
        let mut counts = Counts { obliged: obliged.len(), ..Counts::default() };
        let deadline = Date::parse(&r.deadline).ok();
        for who in &obliged {
            let report = reports.iter().find(|x| x.reporter_kind == who.kind && x.reporter == who.code);
            if let Some(d) = deadline {
                match reporting::timeliness(d, report.and_then(|x| x.first_submitted_at), now) {
                    Timeliness::OnTime => counts.on_time += 1,
                    Timeliness::Late { .. } => counts.late += 1,
                    Timeliness::Missing { .. } => counts.missing += 1,
                    Timeliness::Pending { .. } => counts.pending += 1,
                }
            }
            match report.map(|x| state_code(&x.state)) {
                Some("accepted") => counts.accepted += 1,
                Some("submitted") => counts.waiting += 1,
                Some("returned") => counts.returned += 1,
                _ => {}
            }
        }
        RoundView {
            id: r.id,
            kind: kind_code(&r.kind),
            year: r.year,
            quarter: r.quarter,
            subject: r.subject.clone(),
            period: round_period(r).map(|p| p.code()).unwrap_or_default(),
            data_period: data_period(r).code(),
            cut_off_from: r.cut_off_from.clone(),
            cut_off_to: r.cut_off_to.clone(),
            deadline: r.deadline.clone(),
            basis: r.basis.clone(),
            obliged: r.obliged.split_whitespace().map(str::to_string).collect(),
            unit: self.round_unit(r).map(|u| unit_ref(&self.live(), u)),
            counts,
        }
    }

    /// Every round, newest deadline first, with how its reports stand.
    pub async fn rounds(&self, lang: Lang) -> Result<Vec<RoundView>, AppError> {
        let rounds = self.db.rounds().await?;
        let reports = self.db.reports(None).await?;
        let now = self.reporting_now_ms();
        Ok(rounds
            .iter()
            .map(|r| {
                let of: Vec<ReportRecord> = reports.iter().filter(|x| x.round_id == r.id).cloned().collect();
                self.round_view(r, &of, now, lang)
            })
            .collect())
    }

    /// The managing units rules may name, and the kinds of round with a rule in force today.
    pub async fn schedules(&self) -> Result<Vec<(UnitRef, ScheduleRecord)>, AppError> {
        let list = self.db.schedules().await?;
        let live = self.live();
        Ok(list.into_iter().filter_map(|s| Some((unit_ref(&live, *live.unit_index.get(&s.unit_id)?), s))).collect())
    }

    /// Sets a managing unit's deadline rule for a kind of round (the office).
    pub async fn save_schedule(&self, actor: Option<&User>, d: &ScheduleDraft) -> Result<i64, ReportingError> {
        let ScheduleDraft { unit: unit_code, kind, working_days, basis, valid_from, valid_to } = d;
        let (unit_code, kind, working_days) = (unit_code.trim(), kind.trim(), *working_days);
        if let Some(u) = actor
            && !self.reviews_reports(Some(u))
        {
            return Err(AppError::Forbidden.into());
        }
        let mut problems = Vec::new();
        let kind = match RoundKind::from_code(kind) {
            Some(k) => k,
            None => return Err(problem(Problem::UnknownKind { kind: kind.into() })),
        };
        if working_days == 0 {
            problems.push(Problem::DeadlineTooEarly);
        }
        let basis = bounded(basis, "basis", MAX_BASIS, &mut problems);
        let unit_id = {
            let live = self.live();
            live.tree.latest(unit_code).and_then(|i| live.unit_id(i))
        };
        let Some(unit_id) = unit_id else { return Err(problem(Problem::UnknownUnit { code: unit_code.into() })) };
        if !problems.is_empty() {
            return Err(ReportingError::Problems(problems));
        }
        let record = ScheduleRecord {
            id: 0,
            unit_id,
            kind: kind.code().into(),
            working_days: i64::from(working_days),
            basis,
            valid_from: valid_from.map(|d| d.to_string()).unwrap_or_default(),
            valid_to: valid_to.map(|d| d.to_string()).unwrap_or_default(),
        };
        Ok(self.db.save_schedule(&record, unit_code, actor.map(|u| u.id)).await?)
    }

    /// Replaces the holiday list (the office; the demo's file).
    pub async fn set_holidays(&self, actor: Option<&User>, days: &[(Date, String)]) -> Result<(), ReportingError> {
        if let Some(u) = actor
            && !self.reviews_reports(Some(u))
        {
            return Err(AppError::Forbidden.into());
        }
        let rows: Vec<(String, String)> = days.iter().map(|(d, n)| (d.to_string(), ntm_io::text::clean(n))).collect();
        Ok(self.db.set_holidays(&rows, actor.map(|u| u.id)).await?)
    }

    /// The managing unit a round names, or the only district of `period`.
    fn managing_unit(&self, code: &str, period: Period) -> Option<UnitIdx> {
        let live = self.live();
        if !code.trim().is_empty() {
            return live.tree.holding(code.trim(), period).first().copied().or_else(|| live.tree.latest(code.trim()));
        }
        match live.tree.at_level(Level::District, period).as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Opens a round: its cut-off by NĐ 09/2019 (a periodic round) or as given, its deadline by
    /// the managing unit's rule in force (with the holidays) or as given, checked. Only the
    /// office (`actor` `None`: the command line, the demo). Every problem is told at once.
    pub async fn open_round(&self, actor: Option<&User>, d: &RoundDraft) -> Result<i64, ReportingError> {
        if let Some(u) = actor
            && !self.reviews_reports(Some(u))
        {
            return Err(AppError::Forbidden.into());
        }
        let mut problems = Vec::new();
        let kind = RoundKind::from_code(d.kind.trim());
        if kind.is_none() {
            problems.push(Problem::UnknownKind { kind: d.kind.trim().into() });
        }
        let year: Option<i32> = d.year.trim().parse().ok().filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            problems.push(Problem::BadYear { text: d.year.trim().into() });
        }
        let quarter: u8 = d.quarter.trim().parse().unwrap_or(0);
        let subject = bounded(&d.subject, "subject", MAX_BASIS, &mut problems);
        let basis_given = bounded(&d.basis, "basis", MAX_BASIS, &mut problems);
        let from = optional_date("cut_off_from", &d.cut_off_from, &mut problems);
        let to = optional_date("cut_off_to", &d.cut_off_to, &mut problems);
        let deadline_given = optional_date("deadline", &d.deadline, &mut problems);
        let (Some(kind), Some(year)) = (kind, year) else { return Err(ReportingError::Problems(problems)) };
        let period = match kind.is_periodic() {
            true => match RoundPeriod::new(kind, year, quarter) {
                Ok(p) => Some(p),
                Err(_) => {
                    problems.push(Problem::BadQuarter);
                    return Err(ReportingError::Problems(problems));
                }
            },
            false => None,
        };
        if !kind.is_periodic() && subject.is_empty() {
            problems.push(Problem::SubjectRequired);
        }
        let data = period.map_or(Period::Year(year), |p| p.data_period());
        let Some(managing) = self.managing_unit(&d.unit, data) else {
            problems.push(Problem::UnknownUnit { code: d.unit.trim().into() });
            return Err(ReportingError::Problems(problems));
        };
        let cut_off = match (from, to, period) {
            (Some(f), Some(t), _) => CutOff::new(f, t).map_err(|_| Problem::CutOffReversed),
            (None, None, Some(p)) => p.cut_off().map_err(|_| Problem::BadYear { text: year.to_string() }),
            _ => Err(Problem::CutOffRequired),
        };
        let cut_off = match cut_off {
            Ok(c) => Some(c),
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let calendar = self.calendar().await?;
        let (unit_id, unit_code) = {
            let live = self.live();
            (live.unit_id(managing), live.tree.unit(managing).code.clone())
        };
        let Some(unit_id) = unit_id else { return Err(AppError::Internal("round unit".into()).into()) };
        let mut basis = basis_given;
        let deadline = match (cut_off, deadline_given) {
            (Some(c), Some(given)) => match reporting::check_deadline(c, given, &calendar) {
                Ok(()) => Some(given),
                Err(_) => {
                    problems.push(Problem::DeadlineTooEarly);
                    None
                }
            },
            (Some(c), None) => {
                let rules = self.db.schedules().await?;
                let rule = rules
                    .iter()
                    .filter(|s| s.unit_id == unit_id && s.kind == kind.code())
                    .map(|s| Schedule {
                        kind,
                        working_days: u32::try_from(s.working_days).unwrap_or(0),
                        basis: s.basis.clone(),
                        valid_from: Date::parse(&s.valid_from).ok(),
                        valid_to: Date::parse(&s.valid_to).ok(),
                    })
                    .rfind(|s| s.in_force(c.to));
                match rule.map(|s| (s.deadline(c.to, &calendar), s.basis)) {
                    Some((Ok(day), rule_basis)) => {
                        if basis.is_empty() {
                            basis = rule_basis;
                        }
                        Some(day)
                    }
                    Some((Err(_), _)) => {
                        problems.push(Problem::DeadlineTooEarly);
                        None
                    }
                    None => {
                        problems.push(Problem::NoSchedule { kind: kind.code().into() });
                        None
                    }
                }
            }
            (None, _) => None,
        };
        let tokens: Vec<String> =
            d.obliged.split([' ', ',', ';']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
        if tokens.is_empty() {
            problems.push(Problem::NoReporters);
        }
        for t in tokens.iter().filter(|t| *t != "agencies" && *t != "communes") {
            let live = self.live();
            if live.org.by_code(t).is_none() && live.tree.latest(t).is_none() {
                problems.push(Problem::UnknownReporter { code: t.clone() });
            }
        }
        let (Some(cut_off), Some(deadline), true) = (cut_off, deadline, problems.is_empty()) else {
            return Err(ReportingError::Problems(problems));
        };
        let record = RoundRecord {
            id: 0,
            unit_id,
            kind: kind.code().into(),
            year: i64::from(year),
            quarter: i64::from(period.map_or(0, |p| p.quarter)),
            subject: subject.clone(),
            cut_off_from: cut_off.from.to_string(),
            cut_off_to: cut_off.to.to_string(),
            deadline: deadline.to_string(),
            basis,
            obliged: tokens.join(" "),
            opened_by: None,
            opened_at: 0,
        };
        let named = period.map_or(subject, |p| p.code());
        let _ = unit_code;
        Ok(self.db.open_round(&record, &named, actor.map(|u| u.id)).await?)
    }

    async fn round_record(&self, round_id: i64) -> Result<RoundRecord, AppError> {
        self.db.round(round_id).await?.ok_or(AppError::NotFound)
    }

    /// A round's table: each obliged reporter, its report's state and timeliness.
    pub async fn round_table(&self, round_id: i64, lang: Lang) -> Result<RoundTable, AppError> {
        let r = self.round_record(round_id).await?;
        let reports = self.db.reports(Some(round_id)).await?;
        let now = self.reporting_now_ms();
        let deadline = Date::parse(&r.deadline).map_err(|_| AppError::Internal("round deadline".into()))?;
        let lines = self
            .obliged(&r, lang)
            .into_iter()
            .map(|who| {
                let report = reports.iter().find(|x| x.reporter_kind == who.kind && x.reporter == who.code);
                let first = report.and_then(|x| x.first_submitted_at);
                let t = reporting::timeliness(deadline, first, now);
                ReporterLine {
                    state: report.map_or("none", |x| state_code(&x.state)),
                    timeliness: t.code(),
                    days: days_of(t),
                    first_submitted: when(first),
                    reporter: who,
                }
            })
            .collect();
        Ok(RoundTable { round: self.round_view(&r, &reports, now, lang), lines })
    }

    /// The obliged reporter of a round with this code.
    fn find_reporter(&self, r: &RoundRecord, code: &str, lang: Lang) -> Result<Reporter, AppError> {
        self.obliged(r, lang).into_iter().find(|x| x.code == code).ok_or(AppError::NotFound)
    }

    /// The report of `code` in a round, for `user`: the office sees every report, a reporter its
    /// own; anyone else is refused.
    pub async fn report_view(
        &self,
        user: &User,
        round_id: i64,
        code: &str,
        lang: Lang,
    ) -> Result<ReportView, AppError> {
        let r = self.round_record(round_id).await?;
        let who = self.find_reporter(&r, code, lang)?;
        let author = self.is_author(user, &who).await?;
        let reviewer = self.reviews_reports(Some(user));
        if !author && !reviewer {
            return Err(AppError::Forbidden);
        }
        let report = self.db.report(round_id, who.kind, &who.code).await?;
        let state = report
            .as_ref()
            .map_or(ReportState::Draft, |x| ReportState::from_code(&x.state).unwrap_or(ReportState::Draft));
        let mover = Mover { author, reviewer: reviewer && !author };
        let allowed = |t: Transition| reporting::next_state(state, t, mover, "x").is_ok();
        let reports = self.db.reports(Some(round_id)).await?;
        let now = self.reporting_now_ms();
        let deadline = Date::parse(&r.deadline).map_err(|_| AppError::Internal("round deadline".into()))?;
        let t = reporting::timeliness(deadline, report.as_ref().and_then(|x| x.first_submitted_at), now);
        let (moves, attachments) = match &report {
            Some(x) => (self.db.report_moves(x.id).await?, self.db.attachments(x.id).await?),
            None => (Vec::new(), Vec::new()),
        };
        let people: HashMap<i64, String> = if moves.iter().any(|m| m.moved_by.is_some()) {
            self.db.users().await?.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.username))).collect()
        } else {
            HashMap::new()
        };
        let returned_because = match state {
            ReportState::Returned => moves.iter().rev().find(|m| m.to_state == "returned").map(|m| m.reason.clone()),
            _ => None,
        }
        .unwrap_or_default();
        let stored: Vec<ReasonLine> =
            report.as_ref().and_then(|x| serde_json::from_str(&x.texts.reasons).ok()).unwrap_or_default();
        let reasons = self.reason_views(&r, &who, stored, lang)?;
        let snapshot: Snapshot =
            report.as_ref().and_then(|x| serde_json::from_str(&x.snapshot).ok()).unwrap_or_default();
        let texts = report.as_ref().map(|x| x.texts.clone()).unwrap_or_default();
        Ok(ReportView {
            round: self.round_view(&r, &reports, now, lang),
            state: report.as_ref().map_or("none", |x| state_code(&x.state)),
            timeliness: t.code(),
            days: days_of(t),
            results: texts.results,
            difficulties: texts.difficulties,
            tasks: texts.tasks,
            reasons,
            snapshot,
            moves: moves
                .iter()
                .map(|m| MoveView {
                    from: m.from_state.clone(),
                    to: m.to_state.clone(),
                    reason: m.reason.clone(),
                    by: m.moved_by.and_then(|id| people.get(&id).cloned()).unwrap_or_default(),
                    at: when(Some(m.moved_at)),
                })
                .collect(),
            attachments: attachments
                .into_iter()
                .map(|a| AttachmentView { id: a.id, name: a.name, content_type: a.content_type, size: a.size })
                .collect(),
            returned_because,
            may_edit: author && state.editable(),
            may_submit: allowed(Transition::Submit),
            may_review: allowed(Transition::Accept),
            may_reopen: allowed(Transition::Reopen),
            reporter: who,
        })
    }

    /// The criteria not on track for a reporter (the early warnings of its units, or of its
    /// criteria), each with what the report says, else the reason stored for it, else nothing.
    fn reason_views(
        &self,
        r: &RoundRecord,
        who: &Reporter,
        stored: Vec<ReasonLine>,
        lang: Lang,
    ) -> Result<Vec<ReasonView>, AppError> {
        let set_id = self.config.default_set.clone();
        let year = Period::Year(i32::try_from(r.year).unwrap_or(0));
        let warnings = self.warnings(&set_id, year)?;
        let live = self.live();
        let Some(set) = live.set(&set_id) else { return Ok(Vec::new()) };
        let agency = (who.kind == "agency").then(|| live.org.by_code(&who.code)).flatten();
        let own_unit = (who.kind == "unit").then(|| live.tree.latest(&who.code)).flatten();
        let managing = live.unit_index.get(&r.unit_id).copied();
        let mut out: Vec<ReasonView> = Vec::new();
        for w in warnings.iter() {
            let criterion = w.criterion.and_then(|i| set.criteria().get(i)).map_or("all", |c| c.id.as_str());
            let concerns = match (agency, own_unit) {
                (Some(a), _) => {
                    a.criteria.iter().any(|c| c.is(&set_id, criterion))
                        && managing.is_none_or(|m| live.tree.is_within(w.unit, m))
                }
                (None, Some(u)) => live.tree.is_within(w.unit, u),
                _ => false,
            };
            if !concerns {
                continue;
            }
            let unit_code = live.tree.unit(w.unit).code.clone();
            if let Some(v) = out.iter_mut().find(|v| v.line.unit == unit_code && v.line.criterion == criterion) {
                v.kinds.push(w.kind.code());
                continue;
            }
            let (reason, solution) = stored
                .iter()
                .find(|s| s.unit == unit_code && s.criterion == criterion)
                .map(|s| (s.reason.clone(), s.solution.clone()))
                .or_else(|| {
                    live.roadmap
                        .reasons
                        .iter()
                        .find(|x| {
                            x.unit == w.unit
                                && x.set_id == set_id
                                && x.criterion == criterion
                                && x.period == year.code()
                        })
                        .map(|x| (x.reason.clone(), x.solution.clone()))
                })
                .unwrap_or_default();
            out.push(ReasonView {
                criterion_name: set
                    .criteria()
                    .iter()
                    .find(|c| c.id == criterion)
                    .map(|c| format!("{}. {}", c.id, lang.pick(&c.name_vi, &c.name_en)))
                    .unwrap_or_default(),
                unit_name: live.tree.unit(w.unit).name.clone(),
                line: ReasonLine { unit: unit_code, criterion: criterion.into(), reason, solution },
                kinds: vec![w.kind.code()],
            });
        }
        // What the report says about a criterion no longer warned about stays in it.
        for s in stored {
            if !out.iter().any(|v| v.line.unit == s.unit && v.line.criterion == s.criterion) {
                let unit_name = live.tree.latest(&s.unit).map(|u| live.tree.unit(u).name.clone()).unwrap_or_default();
                out.push(ReasonView { line: s, unit_name, criterion_name: String::new(), kinds: Vec::new() });
            }
        }
        Ok(out)
    }

    /// Saves the author's texts (a draft, or a returned report being corrected).
    pub async fn save_report(
        &self,
        user: &User,
        round_id: i64,
        code: &str,
        draft: &ReportDraft,
    ) -> Result<(), ReportingError> {
        let r = self.round_record(round_id).await?;
        let who = self.find_reporter(&r, code, user.lang)?;
        if !self.is_author(user, &who).await? {
            return Err(AppError::Forbidden.into());
        }
        if let Some(x) = self.db.report(round_id, who.kind, &who.code).await?
            && !ReportState::from_code(&x.state).is_some_and(ReportState::editable)
        {
            return Err(problem(Problem::NotFromHere { state: x.state }));
        }
        let mut problems = Vec::new();
        let reasons: Vec<ReasonLine> = draft
            .reasons
            .iter()
            .map(|l| ReasonLine {
                unit: l.unit.trim().into(),
                criterion: l.criterion.trim().into(),
                reason: bounded(&l.reason, "reason", MAX_TEXT, &mut problems),
                solution: bounded(&l.solution, "solution", MAX_TEXT, &mut problems),
            })
            .filter(|l| !l.reason.is_empty() || !l.solution.is_empty())
            .collect();
        let texts = ReportTexts {
            results: bounded(&draft.results, "results", MAX_TEXT, &mut problems),
            difficulties: bounded(&draft.difficulties, "difficulties", MAX_TEXT, &mut problems),
            tasks: bounded(&draft.tasks, "tasks", MAX_TEXT, &mut problems),
            reasons: serde_json::to_string(&reasons).map_err(|e| AppError::Internal(e.to_string()))?,
        };
        if !problems.is_empty() {
            return Err(ReportingError::Problems(problems));
        }
        match self.db.save_report(round_id, who.kind, &who.code, &texts, Some(user.id)).await {
            Ok(_) => Ok(()),
            Err(ntm_store::StoreError::Duplicate(_)) => {
                Err(problem(Problem::NotFromHere { state: "submitted".into() }))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The values of a reporter's scope for the round's data period as they stand: a commune's
    /// own values; an agency's criteria in every commune of the managing unit. Each element's
    /// value is the data period's, else of a period standing for it (the evaluation's rule).
    async fn snapshot(
        &self,
        r: &RoundRecord,
        who: &Reporter,
        with_values: bool,
    ) -> Result<(Snapshot, Vec<LockRecord>), AppError> {
        let set_id = self.config.default_set.clone();
        let period = data_period(r);
        let (units, criteria): (Vec<(i64, String)>, Option<Vec<String>>) = {
            let live = self.live();
            match who.kind {
                "unit" => {
                    let idx = live.tree.latest(&who.code).ok_or(AppError::NotFound)?;
                    (live.unit_id(idx).map(|id| (id, who.code.clone())).into_iter().collect(), None)
                }
                _ => {
                    let a = live.org.by_code(&who.code).ok_or(AppError::NotFound)?;
                    let criteria = a.criteria.iter().filter(|c| c.set == set_id).map(|c| c.criterion.clone()).collect();
                    drop(live);
                    let communes = self.communes_of(r);
                    let live = self.live();
                    let units = communes
                        .into_iter()
                        .filter_map(|c| Some((live.unit_id(c)?, live.tree.unit(c).code.clone())))
                        .collect();
                    (units, Some(criteria))
                }
            }
        };
        let owners: HashMap<String, String> = {
            let live = self.live();
            live.set(&set_id)
                .map(|s| {
                    s.criteria()
                        .iter()
                        .flat_map(|c| {
                            c.indicators.iter().flat_map(move |i| {
                                let mut v = vec![(i.id.clone(), c.id.clone())];
                                if let Some(d) = &i.derived {
                                    v.push((d.numerator.clone(), c.id.clone()));
                                    v.push((d.denominator.clone(), c.id.clone()));
                                }
                                v
                            })
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut values = Vec::new();
        for (unit_id, code) in units.iter().filter(|_| with_values) {
            let mut seen = std::collections::HashSet::new();
            for p in period.lookup_chain() {
                for v in self.db.unit_values(&set_id, *unit_id, &p.code()).await? {
                    let Some(value) = v.value else { continue };
                    if let Some(list) = &criteria
                        && !owners.get(&v.element).is_some_and(|c| list.contains(c))
                    {
                        continue;
                    }
                    if seen.insert(v.element.clone()) {
                        values.push(SnapshotValue {
                            unit: code.clone(),
                            element: v.element,
                            period: p.code(),
                            value: value.to_string(),
                        });
                    }
                }
            }
        }
        let locks = match &criteria {
            None => units
                .iter()
                .map(|(id, _)| LockRecord {
                    report_id: 0,
                    unit_id: *id,
                    period: period.code(),
                    set_id: set_id.clone(),
                    criterion: String::new(),
                })
                .collect(),
            Some(list) => units
                .iter()
                .flat_map(|(id, _)| {
                    list.iter().map(|c| LockRecord {
                        report_id: 0,
                        unit_id: *id,
                        period: period.code(),
                        set_id: set_id.clone(),
                        criterion: c.clone(),
                    })
                })
                .collect(),
        };
        Ok((Snapshot { set: set_id, period: period.code(), values }, locks))
    }

    /// Moves a report by the rules of [`reporting::next_state`]: the author submits (the values
    /// are snapshot then), the office accepts (locking the values it covers) or returns it with
    /// a reason, and reopens an accepted one with a reason (unlocking them). `at`: when (the
    /// demo's files give past instants; `None`: now).
    pub async fn move_report(
        &self,
        user: &User,
        round_id: i64,
        code: &str,
        transition: Transition,
        reason: &str,
        at: Option<i64>,
    ) -> Result<ReportState, ReportingError> {
        let r = self.round_record(round_id).await?;
        let who = self.find_reporter(&r, code, user.lang)?;
        let mover = Mover { author: self.is_author(user, &who).await?, reviewer: self.reviews_reports(Some(user)) };
        self.apply_move(&r, &who, mover, Some(user.id), transition, reason, at).await
    }

    /// A move by `mover` (as the rules see it), recorded under `actor`.
    #[allow(clippy::too_many_arguments)]
    async fn apply_move(
        &self,
        r: &RoundRecord,
        who: &Reporter,
        mover: Mover,
        actor: Option<i64>,
        transition: Transition,
        reason: &str,
        at: Option<i64>,
    ) -> Result<ReportState, ReportingError> {
        let round_id = r.id;
        let reason = ntm_io::text::clean(reason);
        let mut problems = Vec::new();
        bounded(&reason, "reason", MAX_TEXT, &mut problems);
        if !problems.is_empty() {
            return Err(ReportingError::Problems(problems));
        }
        let existing = self.db.report(round_id, who.kind, &who.code).await?;
        let from = existing
            .as_ref()
            .map_or(ReportState::Draft, |x| ReportState::from_code(&x.state).unwrap_or(ReportState::Draft));
        let to = match reporting::next_state(from, transition, mover, &reason) {
            Ok(s) => s,
            Err(TransitionError::NotAuthor | TransitionError::NotReviewer) => return Err(AppError::Forbidden.into()),
            Err(TransitionError::OwnReport) => return Err(problem(Problem::OwnReport)),
            Err(TransitionError::NoReason) => return Err(problem(Problem::ReasonRequired)),
            Err(TransitionError::NotFromHere) => {
                return Err(problem(Problem::NotFromHere { state: existing.map_or("none".into(), |x| x.state) }));
            }
        };
        if existing.is_none() {
            // A report submitted without a draft saved first: its draft is made now.
            self.db.save_report(round_id, who.kind, &who.code, &ReportTexts::default(), actor).await?;
        }
        let (snapshot, locks) = match transition {
            Transition::Submit => {
                let (s, _) = self.snapshot(r, who, true).await?;
                (Some(serde_json::to_string(&s).map_err(|e| AppError::Internal(e.to_string()))?), Vec::new())
            }
            Transition::Accept => (None, self.snapshot(r, who, false).await?.1),
            _ => (None, Vec::new()),
        };
        let reporter = who.code.clone();
        let event = match transition {
            Transition::Submit => Event::ReportSubmitted { round: round_id, reporter },
            Transition::Return => Event::ReportReturned { round: round_id, reporter, reason: reason.clone() },
            Transition::Accept => Event::ReportAccepted {
                round: round_id,
                reporter,
                locks: i64::try_from(locks.len()).unwrap_or(i64::MAX),
            },
            Transition::Reopen => Event::ReportReopened { round: round_id, reporter, reason: reason.clone() },
        };
        let request = MoveRequest {
            round_id,
            reporter_kind: who.kind.into(),
            reporter: who.code.clone(),
            from: from.code().into(),
            to: to.code().into(),
            reason,
            at: at.unwrap_or_else(|| self.reporting_now_ms()),
            snapshot,
            locks,
            unlock: transition == Transition::Reopen,
        };
        if !self.db.move_report(&request, &event, actor).await? {
            return Err(problem(Problem::NotFromHere { state: "changed".into() }));
        }
        Ok(to)
    }

    /// Loads the demo's reporting cycle: deadline rules, holidays, rounds opened from the rules,
    /// and reports moved as its file says (each move by the rules, as its author or the office;
    /// recorded as the command line's, like the demo's other files). Illustrative.
    pub async fn load_reporting_demo(
        &self,
        rules: (&str, &str),
        holidays: (&str, &str),
        rounds: (&str, &str),
        reports: (&str, &str),
    ) -> Result<(), ReportingError> {
        let sheet = ntm_io::sheet::read_sheet(rules.0, rules.1).map_err(AppError::from)?;
        let cols = sheet.require(&["unit", "kind", "working_days", "valid_from", "basis"]).map_err(AppError::from)?;
        for (_, row) in sheet.filled_rows() {
            let days: u32 = row[cols[2]].parse().unwrap_or(0);
            let from = Date::parse(&row[cols[3]]).ok();
            let draft = ScheduleDraft {
                unit: row[cols[0]].clone(),
                kind: row[cols[1]].clone(),
                working_days: days,
                basis: row[cols[4]].clone(),
                valid_from: from,
                valid_to: None,
            };
            self.save_schedule(None, &draft).await?;
        }
        let sheet = ntm_io::sheet::read_sheet(holidays.0, holidays.1).map_err(AppError::from)?;
        let cols = sheet.require(&["day", "name"]).map_err(AppError::from)?;
        let days: Vec<(Date, String)> = sheet
            .filled_rows()
            .filter_map(|(_, row)| Some((Date::parse(&row[cols[0]]).ok()?, row[cols[1]].clone())))
            .collect();
        self.set_holidays(None, &days).await?;
        let sheet = ntm_io::sheet::read_sheet(rounds.0, rounds.1).map_err(AppError::from)?;
        let cols = sheet.require(&["kind", "year", "quarter", "obliged"]).map_err(AppError::from)?;
        let mut opened: HashMap<String, i64> = HashMap::new();
        for (_, row) in sheet.filled_rows() {
            let draft = RoundDraft {
                kind: row[cols[0]].clone(),
                year: row[cols[1]].clone(),
                quarter: row[cols[2]].clone(),
                obliged: row[cols[3]].clone(),
                ..RoundDraft::default()
            };
            let id = self.open_round(None, &draft).await?;
            let r = self.round_record(id).await?;
            opened.insert(round_period(&r).map_or_else(|| id.to_string(), |p| p.code()), id);
        }
        let sheet = ntm_io::sheet::read_sheet(reports.0, reports.1).map_err(AppError::from)?;
        let cols =
            sheet.require(&["round", "reporter", "action", "at", "by", "reason", "results"]).map_err(AppError::from)?;
        for (_, row) in sheet.filled_rows() {
            let Some(id) = opened.get(&row[cols[0]]) else { continue };
            let r = self.round_record(*id).await?;
            let who = self.find_reporter(&r, &row[cols[1]], Lang::Vi)?;
            let (transition, mover) = match row[cols[2]].as_str() {
                "submit" => (Transition::Submit, Mover { author: true, reviewer: false }),
                "accept" => (Transition::Accept, Mover { author: false, reviewer: true }),
                "return" => (Transition::Return, Mover { author: false, reviewer: true }),
                _ => (Transition::Reopen, Mover { author: false, reviewer: true }),
            };
            let at = vietnam_minute(&row[cols[3]]);
            // `by` names who would have made the move; the demo records it as the command line's.
            let actor = None;
            if transition == Transition::Submit && !row[cols[6]].is_empty() {
                let texts = ReportTexts { results: row[cols[6]].clone(), ..ReportTexts::default() };
                self.db.save_report(r.id, who.kind, &who.code, &texts, actor).await?;
            }
            self.apply_move(&r, &who, mover, actor, transition, &row[cols[5]], at).await?;
        }
        Ok(())
    }

    /// Attaches a file to the author's report while it is editable: at most 5 MB, a PDF, an
    /// Office file, a PNG or a JPEG by its first bytes (its name is only a label).
    pub async fn attach(
        &self,
        user: &User,
        round_id: i64,
        code: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<i64, ReportingError> {
        let r = self.round_record(round_id).await?;
        let who = self.find_reporter(&r, code, user.lang)?;
        if !self.is_author(user, &who).await? {
            return Err(AppError::Forbidden.into());
        }
        if bytes.is_empty() {
            return Err(problem(Problem::NoFile));
        }
        if bytes.len() > MAX_ATTACHMENT {
            return Err(problem(Problem::FileTooLarge { size: bytes.len() }));
        }
        let Some(content_type) = sniff(bytes) else { return Err(problem(Problem::FileType)) };
        let existing = self.db.report(round_id, who.kind, &who.code).await?;
        if let Some(x) = &existing
            && !ReportState::from_code(&x.state).is_some_and(ReportState::editable)
        {
            return Err(problem(Problem::NotFromHere { state: x.state.clone() }));
        }
        let report_id = match existing {
            Some(x) => x.id,
            None => self.db.save_report(round_id, who.kind, &who.code, &ReportTexts::default(), Some(user.id)).await?,
        };
        // A name for the download: its last path part, printable, bounded.
        let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
        let mut clean: String =
            ntm_io::text::clean(base).chars().filter(|c| !c.is_control() && *c != '"').take(120).collect();
        if clean.is_empty() {
            clean = "file".into();
        }
        let event = Event::AttachmentAdded {
            round: round_id,
            reporter: who.code.clone(),
            name: clean.clone(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        };
        Ok(self.db.add_attachment(report_id, &clean, content_type, bytes, &event, Some(user.id)).await?)
    }

    /// An attachment for `user`: as its report is (the office, or the report's author).
    pub async fn attachment(&self, user: &User, id: i64) -> Result<(ntm_store::AttachmentRecord, Vec<u8>), AppError> {
        let (meta, bytes) = self.db.attachment(id).await?.ok_or(AppError::NotFound)?;
        let report = self.db.report_by_id(meta.report_id).await?.ok_or(AppError::NotFound)?;
        let who = Reporter {
            kind: if report.reporter_kind == "agency" { "agency" } else { "unit" },
            code: report.reporter.clone(),
            name: String::new(),
        };
        if !self.reviews_reports(Some(user)) && !self.is_author(user, &who).await? {
            return Err(AppError::Forbidden);
        }
        Ok((meta, bytes))
    }

    /// Each reporter's record over the rounds that obliged it (rounds still open not counted).
    pub async fn records(&self, lang: Lang) -> Result<Vec<RecordLine>, AppError> {
        let mut rounds = self.db.rounds().await?;
        rounds.sort_by(|a, b| (&a.deadline, a.id).cmp(&(&b.deadline, b.id)));
        let reports = self.db.reports(None).await?;
        let now = self.reporting_now_ms();
        let mut lines: Vec<(RecordLine, Record)> = Vec::new();
        for r in &rounds {
            let Ok(deadline) = Date::parse(&r.deadline) else { continue };
            let label = round_period(r).map_or_else(|| r.subject.clone(), |p| p.code());
            for who in self.obliged(r, lang) {
                let first = reports
                    .iter()
                    .find(|x| x.round_id == r.id && x.reporter_kind == who.kind && x.reporter == who.code)
                    .and_then(|x| x.first_submitted_at);
                let t = reporting::timeliness(deadline, first, now);
                let at =
                    match lines.iter().position(|(l, _)| l.reporter.kind == who.kind && l.reporter.code == who.code) {
                        Some(i) => i,
                        None => {
                            lines.push((
                                RecordLine {
                                    reporter: who,
                                    on_time: 0,
                                    late: 0,
                                    missing: 0,
                                    days_late: 0,
                                    due: 0,
                                    on_time_percent: None,
                                    rounds: Vec::new(),
                                },
                                Record::default(),
                            ));
                            lines.len() - 1
                        }
                    };
                let (line, record) = &mut lines[at];
                record.add(t);
                line.rounds.push((r.id, label.clone(), t.code(), days_of(t)));
            }
        }
        Ok(lines
            .into_iter()
            .map(|(mut l, rec)| {
                (l.on_time, l.late, l.missing, l.days_late, l.due) =
                    (rec.on_time, rec.late, rec.missing, rec.days_late, rec.due());
                l.on_time_percent = rec.on_time_percent();
                l
            })
            .collect())
    }

    /// Who is late today: every obliged reporter with nothing submitted after its round's
    /// deadline, most days late first (for the overview and the accountability board).
    pub async fn late_today(&self, lang: Lang) -> Result<Vec<LateLine>, AppError> {
        let rounds = self.db.rounds().await?;
        let reports = self.db.reports(None).await?;
        let now = self.reporting_now_ms();
        let mut out = Vec::new();
        for r in &rounds {
            let Ok(deadline) = Date::parse(&r.deadline) else { continue };
            for who in self.obliged(r, lang) {
                let first = reports
                    .iter()
                    .find(|x| x.round_id == r.id && x.reporter_kind == who.kind && x.reporter == who.code)
                    .and_then(|x| x.first_submitted_at);
                if let Timeliness::Missing { days } = reporting::timeliness(deadline, first, now) {
                    out.push(LateLine {
                        round: r.id,
                        round_kind: kind_code(&r.kind),
                        period: round_period(r).map_or_else(|| r.subject.clone(), |p| p.code()),
                        reporter: who,
                        days,
                    });
                }
            }
        }
        out.sort_by(|a, b| b.days.cmp(&a.days).then(a.round.cmp(&b.round)));
        Ok(out)
    }

    /// What concerns an account: its reports returned (with the reason), its deadlines in the
    /// next [`DUE_SOON_DAYS`] days with nothing submitted, and for the office the reports waiting
    /// for review.
    pub async fn inbox(&self, user: &User, lang: Lang) -> Result<Vec<InboxItem>, AppError> {
        let rounds = self.db.rounds().await?;
        let reports = self.db.reports(None).await?;
        let now = self.reporting_now_ms();
        let reviewer = self.reviews_reports(Some(user));
        let agency = self.own_agency(user).await?;
        let mut out = Vec::new();
        for r in &rounds {
            let Ok(deadline) = Date::parse(&r.deadline) else { continue };
            let period = round_period(r).map_or_else(|| r.subject.clone(), |p| p.code());
            for who in self.obliged(r, lang) {
                let report = reports
                    .iter()
                    .find(|x| x.round_id == r.id && x.reporter_kind == who.kind && x.reporter == who.code);
                let mine = match who.kind {
                    "unit" => {
                        let live = self.live();
                        live.tree.latest(&who.code).is_some_and(|idx| {
                            can(Some(&user.principal), Action::FileReport { unit: Some(idx) }, &live.tree, false)
                        })
                    }
                    _ => agency.as_deref() == Some(who.code.as_str()),
                };
                let state = report.map_or("none", |x| state_code(&x.state));
                let item = |kind: &'static str, reason: String, days_left: u32| InboxItem {
                    kind,
                    round: r.id,
                    period: period.clone(),
                    round_kind: kind_code(&r.kind),
                    reporter: who.clone(),
                    reason,
                    deadline: r.deadline.clone(),
                    days_left,
                };
                if mine && state == "returned" {
                    let moves = match report {
                        Some(x) => self.db.report_moves(x.id).await?,
                        None => Vec::new(),
                    };
                    let reason = moves
                        .iter()
                        .rev()
                        .find(|m| m.to_state == "returned")
                        .map(|m| m.reason.clone())
                        .unwrap_or_default();
                    out.push(item("returned", reason, 0));
                }
                if mine
                    && let Timeliness::Pending { days_left } =
                        reporting::timeliness(deadline, report.and_then(|x| x.first_submitted_at), now)
                    && days_left <= DUE_SOON_DAYS
                {
                    out.push(item("due_soon", String::new(), days_left));
                }
                if reviewer && state == "submitted" {
                    out.push(item("to_review", String::new(), 0));
                }
            }
        }
        Ok(out)
    }

    /// The round whose accepted report locks the value of `element` of `set_id` for the unit
    /// (by store id) in `period`, if any: the entry form's save refuses to change it.
    pub async fn value_lock(
        &self,
        unit_id: i64,
        period: &str,
        set_id: &str,
        criterion: Option<&str>,
    ) -> Result<Option<i64>, AppError> {
        let locks = self.db.value_locks(unit_id, period).await?;
        let Some(lock) = locks
            .iter()
            .find(|l| l.set_id == set_id && (l.criterion.is_empty() || Some(l.criterion.as_str()) == criterion))
        else {
            return Ok(None);
        };
        Ok(self.db.report_by_id(lock.report_id).await?.map(|r| r.round_id))
    }
}

/// `YYYY-MM-DD HH:MM`, Vietnam time, as ms since the epoch.
fn vietnam_minute(text: &str) -> Option<i64> {
    let (day, time) = text.trim().split_once(' ')?;
    let (h, m) = time.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m))
        .then(|| Date::parse(day).ok().map(|d| d.vietnam_start_ms() + h * 3_600_000 + m * 60_000))
        .flatten()
}

fn days_of(t: Timeliness) -> u32 {
    match t {
        Timeliness::OnTime => 0,
        Timeliness::Late { days } | Timeliness::Missing { days } => days,
        Timeliness::Pending { days_left } => days_left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_kept_by_their_first_bytes_never_as_html() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(sniff(b"PK\x03\x04rest"), Some("application/octet-stream"));
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"<!DOCTYPE html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn dates_are_read_as_iso_or_as_vietnamese_write_them() {
        assert_eq!(date_text("2024-09-23").map(|d| d.to_string()), Some("2024-09-23".into()));
        assert_eq!(date_text("23/9/2024").map(|d| d.to_string()), Some("2024-09-23".into()));
        assert_eq!(date_text("31/2/2024"), None);
        assert_eq!(date_text("tomorrow"), None);
    }
}
