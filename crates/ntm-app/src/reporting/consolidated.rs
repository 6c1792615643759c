//! The consolidated report of a round (báo cáo tổng hợp): what the standing office sends up,
//! made from the data rather than typed. For a round: who reported and when, each unit's result
//! on the round's data period with whether its report is accepted (its values locked) or not,
//! the targets, the early warnings (the pages word them, with the reasons written), and the
//! narrative parts of the reports — results, difficulties, tasks, reasons — section by section.
//! What is not yet accepted is marked so, never left out silently.

use ntm_domain::reporting::ReportState;
use ntm_domain::{Lang, Period};
use serde::Serialize;

use super::{ReasonLine, Reporter, ReporterLine, RoundView, state_code};
use crate::page::{UnitRef, unit_ref};
use crate::plans::TargetView;
use crate::{App, AppError, User};

/// A unit's result in the consolidated report.
#[derive(Clone, Debug, Serialize)]
pub struct UnitResult {
    pub unit: UnitRef,
    /// Its own report's state (`accepted`, …, or `none`), when the round obliges it.
    pub report_state: &'static str,
    /// Its report is accepted: its values for the period are locked as the report said.
    pub accepted: bool,
    pub criteria_met: usize,
    pub criteria_total: usize,
    pub standard_met: bool,
    /// Each criterion's status code, in the set's order.
    pub statuses: Vec<&'static str>,
}

/// One reporter's narrative.
#[derive(Clone, Debug, Serialize)]
pub struct Narrative {
    pub reporter: Reporter,
    /// Its report's state code (`none`: nothing written).
    pub state: &'static str,
    pub accepted: bool,
    pub results: String,
    pub difficulties: String,
    pub tasks: String,
    pub reasons: Vec<ReasonLine>,
}

/// The consolidated report of a round.
#[derive(Clone, Debug, Serialize)]
pub struct Consolidated {
    pub round: RoundView,
    /// The criteria set its results are judged on, and the data period (code and words).
    pub set_id: String,
    pub period: String,
    pub period_label: String,
    /// The criteria of the set: id, short name.
    pub criteria: Vec<(String, String)>,
    /// Who reported and when.
    pub lines: Vec<ReporterLine>,
    pub units: Vec<UnitResult>,
    /// How many units meet the standard on the period's data, of how many; and of those whose
    /// report is accepted.
    pub standard_met: usize,
    pub accepted_units: usize,
    pub targets: Vec<TargetView>,
    pub narratives: Vec<Narrative>,
    /// Reports submitted (at least once), and of those the accepted ones: the parts of the
    /// others are marked in every section.
    pub submitted: usize,
    pub accepted_reports: usize,
}

impl App {
    /// May `user` read consolidated reports? Those who review reports (the office, the
    /// administrators): it holds every reporter's narrative.
    pub fn reads_consolidated(&self, user: Option<&User>) -> bool {
        self.reviews_reports(user)
    }

    /// The consolidated report of round `round_id`, judged on the set `set_id`.
    pub async fn consolidated(
        &self,
        user: Option<&User>,
        round_id: i64,
        set_id: &str,
        lang: Lang,
    ) -> Result<Consolidated, AppError> {
        if !self.reads_consolidated(user) {
            return Err(AppError::Forbidden);
        }
        let table = self.round_table(round_id, lang).await?;
        let reports = self.db.reports(Some(round_id)).await?;
        let period = Period::parse(&table.round.data_period).map_err(|_| AppError::NotFound)?;
        // The targets as the overview judges them, each on its own terms.
        let targets = self.targets(lang)?;
        self.prepare_all(&[(set_id.to_string(), period)])?;
        let live = self.live();
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        // By reporter, once: a national round has ten thousand of them.
        let by_reporter: std::collections::HashMap<(&str, &str), &ntm_store::ReportRecord> =
            reports.iter().map(|r| ((r.reporter_kind.as_str(), r.reporter.as_str()), r)).collect();
        let report_of = |kind: &str, code: &str| by_reporter.get(&(kind, code)).copied();
        let is_accepted = |state: &str| state == ReportState::Accepted.code();
        let manager = table.round.unit.as_ref().and_then(|u| live.tree.latest(&u.code));
        let mut units = Vec::new();
        if let Some(eval) = live.evaluation(set_id, period) {
            for (pos, &u) in eval.units().iter().enumerate() {
                if manager.is_some_and(|m| !live.tree.is_within(u, m)) {
                    continue;
                }
                let code = &live.tree.unit(u).code;
                let state = report_of("unit", code).map_or("none", |r| state_code(&r.state));
                units.push(UnitResult {
                    unit: unit_ref(&live, u),
                    report_state: state,
                    accepted: is_accepted(state),
                    criteria_met: eval.criteria_met(pos),
                    criteria_total: eval.criteria_total(),
                    standard_met: eval.standard_met(pos),
                    statuses: (0..eval.criteria_total()).map(|c| eval.criterion_status(pos, c).code()).collect(),
                });
            }
        }
        let narratives: Vec<Narrative> = table
            .lines
            .iter()
            .map(|line| {
                // A draft never submitted is its author's own: not part of the report.
                let report =
                    report_of(line.reporter.kind, &line.reporter.code).filter(|r| r.first_submitted_at.is_some());
                let state = report.map_or("none", |r| state_code(&r.state));
                Narrative {
                    reporter: line.reporter.clone(),
                    state,
                    accepted: is_accepted(state),
                    results: report.map(|r| r.texts.results.clone()).unwrap_or_default(),
                    difficulties: report.map(|r| r.texts.difficulties.clone()).unwrap_or_default(),
                    tasks: report.map(|r| r.texts.tasks.clone()).unwrap_or_default(),
                    reasons: report.and_then(|r| serde_json::from_str(&r.texts.reasons).ok()).unwrap_or_default(),
                }
            })
            .collect();
        let criteria = set.criteria().iter().map(|c| (c.id.clone(), c.short(lang).to_string())).collect::<Vec<_>>();
        drop(live);
        Ok(Consolidated {
            set_id: set_id.to_string(),
            period: period.code(),
            period_label: ntm_domain::explain::period_label(period, lang),
            criteria,
            standard_met: units.iter().filter(|u| u.standard_met).count(),
            accepted_units: units.iter().filter(|u| u.accepted).count(),
            submitted: narratives.iter().filter(|n| n.state != "none").count(),
            accepted_reports: narratives.iter().filter(|n| n.accepted).count(),
            lines: table.lines,
            round: table.round,
            units,
            targets,
            narratives,
        })
    }
}
