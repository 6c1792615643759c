//! The early warnings as DESIGN.md §4 gives them (`ntm warnings --format json`):
//! `{"set", "period", "warnings": [{"kind", "unit", "criterion", "indicator", "planned_year",
//! "projected_year", "reason"}]}`. `criterion` is `null` for a row of the whole standard;
//! `indicator` is set for `off_pace` and `missing_data`; `reason` is the warning worded in the
//! reader's language by the caller (`ntm_text`), from its figures.

use ntm_domain::{CriteriaSet, Period, UnitTree, Warning};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WarningsReport {
    pub set: String,
    pub period: String,
    pub warnings: Vec<WarningDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WarningDto {
    /// `planned_not_met`, `backsliding`, `off_pace`, `missing_data`.
    pub kind: &'static str,
    /// The unit's code.
    pub unit: String,
    pub criterion: Option<String>,
    pub indicator: Option<String>,
    pub planned_year: Option<i32>,
    pub projected_year: Option<i32>,
    pub reason: String,
}

/// The report of `warnings` (of `set` in `period`), each with the reason `reason` words for it.
pub fn warnings_report(
    set: &CriteriaSet,
    tree: &UnitTree,
    period: Period,
    warnings: &[Warning],
    mut reason: impl FnMut(&Warning) -> String,
) -> WarningsReport {
    let warnings = warnings
        .iter()
        .map(|w| WarningDto {
            kind: w.kind.code(),
            unit: tree.unit(w.unit).code.clone(),
            criterion: w.criterion.and_then(|c| set.criteria().get(c)).map(|c| c.id.clone()),
            indicator: w.indicator.map(|i| set.indicator(i).id.clone()),
            planned_year: w.planned_year,
            projected_year: w.projected_year,
            reason: reason(w),
        })
        .collect();
    WarningsReport { set: set.id().to_string(), period: period.code(), warnings }
}
