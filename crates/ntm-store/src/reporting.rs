//! The reporting cycle (issue 10): each managing unit's deadline rules (`report_schedule`), the
//! holidays (`report_holiday`), rounds (`report_round`), one report per round and reporter
//! (`report`) with its moves (`report_move`) and attached files (`report_attachment`), and what
//! an accepted report locks (`value_lock`). Every write is one transaction with its audit event,
//! counted in [`Area::Reporting`]. The rules (who may move a report, when) are the app's and the
//! domain's; the store only refuses a move whose report is no longer in the state it was read in.

use ntm_domain::audit::Event;

use crate::{Area, Db, LOCK_WRITERS, Result, StoreError, in_tx, on_db, record};

/// A managing unit's deadline rule for a kind of round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleRecord {
    pub id: i64,
    pub unit_id: i64,
    /// A `RoundKind` code.
    pub kind: String,
    pub working_days: i64,
    pub basis: String,
    /// `YYYY-MM-DD`, or empty: no bound.
    pub valid_from: String,
    pub valid_to: String,
}

/// A round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundRecord {
    pub id: i64,
    /// The managing unit that opened it.
    pub unit_id: i64,
    pub kind: String,
    pub year: i64,
    /// 1–4 for a quarterly round, else 0.
    pub quarter: i64,
    pub subject: String,
    /// `YYYY-MM-DD`.
    pub cut_off_from: String,
    pub cut_off_to: String,
    pub deadline: String,
    pub basis: String,
    /// `agencies`, `communes` and/or reporter codes, space-separated.
    pub obliged: String,
    /// Read only (the store sets them).
    pub opened_by: Option<i64>,
    pub opened_at: i64,
}

/// What the author writes in a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportTexts {
    pub results: String,
    pub difficulties: String,
    pub tasks: String,
    /// Per criterion: reason and solution (JSON, the app's shape).
    pub reasons: String,
}

/// A report as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRecord {
    pub id: i64,
    pub round_id: i64,
    /// `agency` or `unit`.
    pub reporter_kind: String,
    /// An agency code or a unit code.
    pub reporter: String,
    /// A `ReportState` code.
    pub state: String,
    pub first_submitted_at: Option<i64>,
    pub last_submitted_at: Option<i64>,
    /// The values of its scope at its last submission (JSON, the app's shape); empty in lists.
    pub snapshot: String,
    pub texts: ReportTexts,
    pub changed_by: Option<i64>,
    pub changed_at: i64,
}

/// A move of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRecord {
    pub id: i64,
    pub report_id: i64,
    pub from_state: String,
    pub to_state: String,
    pub reason: String,
    pub moved_by: Option<i64>,
    pub moved_at: i64,
}

/// A file attached to a report (its bytes are read alone: [`Db::attachment`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub id: i64,
    pub report_id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub added_by: Option<i64>,
    pub added_at: i64,
}

/// A lock an accepted report holds on a unit's values of a period (one criterion of a set, or
/// every one: `criterion` empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockRecord {
    pub report_id: i64,
    pub unit_id: i64,
    pub period: String,
    pub set_id: String,
    pub criterion: String,
}

/// A lock as its row reads: report, unit, period, set, criterion.
type LockRow = (i64, i64, String, String, String);

fn lock_of((report_id, unit_id, period, set_id, criterion): LockRow) -> LockRecord {
    LockRecord { report_id, unit_id, period, set_id, criterion }
}

/// A move asked of the store: the report (by round and reporter) must still be in `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRequest {
    pub round_id: i64,
    pub reporter_kind: String,
    pub reporter: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    /// When it happened (ms since the epoch, UTC): now, or a date the demo's files give.
    pub at: i64,
    /// A submission: the values of its scope now (and it counts as a submission: the first
    /// and last submission times are set).
    pub snapshot: Option<String>,
    /// An acceptance: the locks it takes (their `report_id` is filled in).
    pub locks: Vec<LockRecord>,
    /// A reopening: the report's locks are removed.
    pub unlock: bool,
}

type ScheduleRow = (i64, i64, String, i64, String, String, String);
const SELECT_SCHEDULE: &str =
    "select id, unit_id, kind, working_days, basis, valid_from, valid_to from report_schedule";

type RoundRow = (i64, i64, String, i64, i64, String, String, String, String, String, String, Option<i64>, i64);
const SELECT_ROUND: &str = "select id, unit_id, kind, year, quarter, subject, cut_off_from, cut_off_to, deadline, \
     basis, obliged, opened_by, opened_at from report_round";

fn round_of(r: RoundRow) -> RoundRecord {
    let (id, unit_id, kind, year, quarter, subject, cut_off_from, cut_off_to, deadline, basis, obliged, opened_by, at) =
        r;
    RoundRecord {
        id,
        unit_id,
        kind,
        year,
        quarter,
        subject,
        cut_off_from,
        cut_off_to,
        deadline,
        basis,
        obliged,
        opened_by,
        opened_at: at,
    }
}

type ReportRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
);
const SELECT_REPORT: &str = "select id, round_id, reporter_kind, reporter, state, first_submitted_at, \
     last_submitted_at, snapshot, results, difficulties, tasks, reasons, changed_by, changed_at from report";
/// The same without the snapshot (lists).
const SELECT_REPORT_LIGHT: &str = "select id, round_id, reporter_kind, reporter, state, first_submitted_at, \
     last_submitted_at, '' as snapshot, results, difficulties, tasks, reasons, changed_by, changed_at from report";

fn report_of(r: ReportRow) -> ReportRecord {
    let (
        id,
        round_id,
        reporter_kind,
        reporter,
        state,
        first,
        last,
        snapshot,
        results,
        difficulties,
        tasks,
        reasons,
        by,
        at,
    ) = r;
    ReportRecord {
        id,
        round_id,
        reporter_kind,
        reporter,
        state,
        first_submitted_at: first,
        last_submitted_at: last,
        snapshot,
        texts: ReportTexts { results, difficulties, tasks, reasons },
        changed_by: by,
        changed_at: at,
    }
}

/// A report's id and state, by round and reporter.
const FIND_REPORT: &str = "select id, state from report where round_id = $1 and reporter_kind = $2 and reporter = $3";

type MoveRow = (i64, i64, String, String, String, Option<i64>, i64);

type AttachmentRow = (i64, i64, String, String, i64, Option<i64>, i64);
const SELECT_ATTACHMENT: &str =
    "select id, report_id, name, content_type, size, added_by, added_at from report_attachment";

fn attachment_of(r: AttachmentRow) -> AttachmentRecord {
    let (id, report_id, name, content_type, size, added_by, added_at) = r;
    AttachmentRecord { id, report_id, name, content_type, size, added_by, added_at }
}

impl Db {
    /// Every deadline rule, by managing unit, kind, start of validity.
    pub async fn schedules(&self) -> Result<Vec<ScheduleRecord>> {
        let sql = format!("{SELECT_SCHEDULE} order by unit_id, kind, valid_from");
        let rows: Vec<ScheduleRow> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(id, unit_id, kind, working_days, basis, valid_from, valid_to)| ScheduleRecord {
                id,
                unit_id,
                kind,
                working_days,
                basis,
                valid_from,
                valid_to,
            })
            .collect())
    }

    /// Sets a managing unit's rule for a kind of round from a day (`valid_from`), replacing the
    /// rule of the same unit, kind and start; audited. Returns its id.
    pub async fn save_schedule(&self, s: &ScheduleRecord, unit_code: &str, actor: Option<i64>) -> Result<i64> {
        let now = crate::now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            sqlx::query("delete from report_schedule where unit_id = $1 and kind = $2 and valid_from = $3")
                .bind(s.unit_id)
                .bind(&s.kind)
                .bind(&s.valid_from)
                .execute(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "insert into report_schedule (unit_id, kind, working_days, basis, valid_from, valid_to, changed_by, \
                 changed_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
            )
            .bind(s.unit_id)
            .bind(&s.kind)
            .bind(s.working_days)
            .bind(&s.basis)
            .bind(&s.valid_from)
            .bind(&s.valid_to)
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let event = Event::ScheduleSet {
                unit: unit_code.into(),
                kind: s.kind.clone(),
                working_days: s.working_days,
                basis: s.basis.clone(),
            };
            record!(tx, Area::Reporting, actor, &event);
            id
        });
        Ok(id)
    }

    /// The holidays (`YYYY-MM-DD`, name), by day.
    pub async fn holidays(&self) -> Result<Vec<(String, String)>> {
        Ok(on_db!(self, read, |p| sqlx::query_as("select day, name from report_holiday order by day")
            .fetch_all(p)
            .await?))
    }

    /// Replaces the holiday list whole; audited with its length.
    pub async fn set_holidays(&self, days: &[(String, String)], actor: Option<i64>) -> Result<()> {
        in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            sqlx::query("delete from report_holiday").execute(&mut *tx).await?;
            for (day, name) in days {
                sqlx::query("insert into report_holiday (day, name) values ($1, $2)")
                    .bind(day)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
            }
            let event = Event::HolidaysSet { days: i64::try_from(days.len()).unwrap_or(i64::MAX) };
            record!(tx, Area::Reporting, actor, &event);
        });
        Ok(())
    }

    /// Every round, newest deadline first.
    pub async fn rounds(&self) -> Result<Vec<RoundRecord>> {
        let sql = format!("{SELECT_ROUND} order by deadline desc, id desc");
        let rows: Vec<RoundRow> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?);
        Ok(rows.into_iter().map(round_of).collect())
    }

    pub async fn round(&self, id: i64) -> Result<Option<RoundRecord>> {
        let sql = format!("{SELECT_ROUND} where id = $1");
        let row: Option<RoundRow> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await?);
        Ok(row.map(round_of))
    }

    /// Opens a round (`period` names it in the event: a period code or the subject); audited.
    /// Returns its id.
    pub async fn open_round(&self, r: &RoundRecord, period: &str, actor: Option<i64>) -> Result<i64> {
        let now = crate::now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(
                "insert into report_round (unit_id, kind, year, quarter, subject, cut_off_from, cut_off_to, deadline, \
                 basis, obliged, opened_by, opened_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 returning id",
            )
            .bind(r.unit_id)
            .bind(&r.kind)
            .bind(r.year)
            .bind(r.quarter)
            .bind(&r.subject)
            .bind(&r.cut_off_from)
            .bind(&r.cut_off_to)
            .bind(&r.deadline)
            .bind(&r.basis)
            .bind(&r.obliged)
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let event = Event::RoundOpened {
                round: id,
                kind: r.kind.clone(),
                period: period.into(),
                deadline: r.deadline.clone(),
            };
            record!(tx, Area::Reporting, actor, &event);
            id
        });
        Ok(id)
    }

    /// The reports of a round (`None`: of every round), without their snapshots.
    pub async fn reports(&self, round_id: Option<i64>) -> Result<Vec<ReportRecord>> {
        let rows: Vec<ReportRow> = match round_id {
            Some(r) => {
                let sql = format!("{SELECT_REPORT_LIGHT} where round_id = $1 order by id");
                on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(r).fetch_all(p).await?)
            }
            None => {
                let sql = format!("{SELECT_REPORT_LIGHT} order by round_id, id");
                on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?)
            }
        };
        Ok(rows.into_iter().map(report_of).collect())
    }

    /// A report, whole.
    pub async fn report(&self, round_id: i64, reporter_kind: &str, reporter: &str) -> Result<Option<ReportRecord>> {
        let sql = format!("{SELECT_REPORT} where round_id = $1 and reporter_kind = $2 and reporter = $3");
        let row: Option<ReportRow> = on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(round_id)
            .bind(reporter_kind)
            .bind(reporter)
            .fetch_optional(p)
            .await?);
        Ok(row.map(report_of))
    }

    /// Writes the author's texts of a report, creating it as a draft if it has none yet; only
    /// while it is a draft or returned (else [`StoreError::Duplicate`]: it moved on). Audited.
    pub async fn save_report(
        &self,
        round_id: i64,
        reporter_kind: &str,
        reporter: &str,
        texts: &ReportTexts,
        actor: Option<i64>,
    ) -> Result<i64> {
        let now = crate::now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let old: Option<(i64, String)> = sqlx::query_as(FIND_REPORT)
                .bind(round_id)
                .bind(reporter_kind)
                .bind(reporter)
                .fetch_optional(&mut *tx)
                .await?;
            let id = match old {
                Some((_, state)) if state != "draft" && state != "returned" => {
                    return Err(StoreError::Duplicate(format!("report is {state}")));
                }
                Some((id, _)) => {
                    sqlx::query(
                        "update report set results = $1, difficulties = $2, tasks = $3, reasons = $4, \
                         changed_by = $5, changed_at = $6 where id = $7",
                    )
                    .bind(&texts.results)
                    .bind(&texts.difficulties)
                    .bind(&texts.tasks)
                    .bind(&texts.reasons)
                    .bind(actor)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "insert into report (round_id, reporter_kind, reporter, state, results, difficulties, \
                         tasks, reasons, changed_by, changed_at) values ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, \
                         $9) returning id",
                    )
                    .bind(round_id)
                    .bind(reporter_kind)
                    .bind(reporter)
                    .bind(&texts.results)
                    .bind(&texts.difficulties)
                    .bind(&texts.tasks)
                    .bind(&texts.reasons)
                    .bind(actor)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                }
            };
            let event = Event::ReportSaved { round: round_id, reporter: reporter.into() };
            record!(tx, Area::Reporting, actor, &event);
            id
        });
        Ok(id)
    }

    /// Moves a report from `m.from` to `m.to`, with its move row, its submission times and
    /// snapshot, the locks it takes or gives back, and `event`, in one transaction. `Ok(false)`:
    /// the report is not (or no longer) in `m.from`, and nothing changed.
    pub async fn move_report(&self, m: &MoveRequest, event: &Event, actor: Option<i64>) -> Result<bool> {
        let moved = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let found: Option<(i64, String)> = sqlx::query_as(FIND_REPORT)
                .bind(m.round_id)
                .bind(&m.reporter_kind)
                .bind(&m.reporter)
                .fetch_optional(&mut *tx)
                .await?;
            match found {
                Some((id, state)) if state == m.from => {
                    sqlx::query("update report set state = $1, changed_by = $2, changed_at = $3 where id = $4")
                        .bind(&m.to)
                        .bind(actor)
                        .bind(m.at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if let Some(snapshot) = &m.snapshot {
                        sqlx::query(
                            "update report set snapshot = $1, last_submitted_at = $2, \
                             first_submitted_at = coalesce(first_submitted_at, $2) where id = $3",
                        )
                        .bind(snapshot)
                        .bind(m.at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query(
                        "insert into report_move (report_id, from_state, to_state, reason, moved_by, moved_at) \
                         values ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(&m.from)
                    .bind(&m.to)
                    .bind(&m.reason)
                    .bind(actor)
                    .bind(m.at)
                    .execute(&mut *tx)
                    .await?;
                    for l in &m.locks {
                        sqlx::query(
                            "insert into value_lock (report_id, unit_id, period, set_id, criterion) \
                             values ($1, $2, $3, $4, $5)",
                        )
                        .bind(id)
                        .bind(l.unit_id)
                        .bind(&l.period)
                        .bind(&l.set_id)
                        .bind(&l.criterion)
                        .execute(&mut *tx)
                        .await?;
                    }
                    if m.unlock {
                        sqlx::query("delete from value_lock where report_id = $1").bind(id).execute(&mut *tx).await?;
                    }
                    record!(tx, Area::Reporting, actor, event);
                    true
                }
                _ => false,
            }
        });
        Ok(moved)
    }

    /// A report's moves, oldest first.
    pub async fn report_moves(&self, report_id: i64) -> Result<Vec<MoveRecord>> {
        let rows: Vec<MoveRow> = on_db!(self, read, |p| sqlx::query_as(
            "select id, report_id, from_state, to_state, reason, moved_by, moved_at from report_move \
                 where report_id = $1 order by moved_at, id"
        )
        .bind(report_id)
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(id, report_id, from_state, to_state, reason, moved_by, moved_at)| MoveRecord {
                id,
                report_id,
                from_state,
                to_state,
                reason,
                moved_by,
                moved_at,
            })
            .collect())
    }

    /// Attaches a file to a report (checked by the caller); audited with its name and size.
    pub async fn add_attachment(
        &self,
        report_id: i64,
        name: &str,
        content_type: &str,
        bytes: &[u8],
        event: &Event,
        actor: Option<i64>,
    ) -> Result<i64> {
        let now = crate::now_ms();
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(
                "insert into report_attachment (report_id, name, content_type, size, bytes, added_by, added_at) \
                 values ($1, $2, $3, $4, $5, $6, $7) returning id",
            )
            .bind(report_id)
            .bind(name)
            .bind(content_type)
            .bind(size)
            .bind(bytes)
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            record!(tx, Area::Reporting, actor, event);
            id
        });
        Ok(id)
    }

    /// A report's attachments (without their bytes), oldest first.
    pub async fn attachments(&self, report_id: i64) -> Result<Vec<AttachmentRecord>> {
        let sql = format!("{SELECT_ATTACHMENT} where report_id = $1 order by id");
        let rows: Vec<AttachmentRow> = on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(report_id)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(attachment_of).collect())
    }

    /// An attachment and its bytes.
    pub async fn attachment(&self, id: i64) -> Result<Option<(AttachmentRecord, Vec<u8>)>> {
        let sql = format!("{SELECT_ATTACHMENT} where id = $1");
        let row: Option<AttachmentRow> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await?);
        let Some(row) = row else { return Ok(None) };
        let bytes: Vec<u8> =
            on_db!(self, read, |p| sqlx::query_scalar("select bytes from report_attachment where id = $1")
                .bind(id)
                .fetch_one(p)
                .await?);
        Ok(Some((attachment_of(row), bytes)))
    }

    /// The locks on a unit's values of a period.
    pub async fn value_locks(&self, unit_id: i64, period: &str) -> Result<Vec<LockRecord>> {
        let rows: Vec<LockRow> = on_db!(self, read, |p| {
            sqlx::query_as(
            "select report_id, unit_id, period, set_id, criterion from value_lock where unit_id = $1 and period = $2 \
             order by id"
        )
        .bind(unit_id)
        .bind(period)
        .fetch_all(p)
        .await?
        });
        Ok(rows.into_iter().map(lock_of).collect())
    }

    /// Every value lock of a set: what an import must not change.
    pub async fn value_locks_of_set(&self, set_id: &str) -> Result<Vec<LockRecord>> {
        let rows: Vec<LockRow> = on_db!(self, read, |p| {
            sqlx::query_as(
                "select report_id, unit_id, period, set_id, criterion from value_lock where set_id = $1 order by id",
            )
            .bind(set_id)
            .fetch_all(p)
            .await?
        });
        Ok(rows.into_iter().map(lock_of).collect())
    }

    /// The round and reporter of a report, by its id.
    pub async fn report_by_id(&self, id: i64) -> Result<Option<ReportRecord>> {
        let sql = format!("{SELECT_REPORT_LIGHT} where id = $1");
        let row: Option<ReportRow> =
            on_db!(self, read, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await?);
        Ok(row.map(report_of))
    }
}
