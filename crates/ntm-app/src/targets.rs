//! Targets (mục tiêu) as objects with progress computed from data: units meeting a standard
//! (from the evaluation), villages recognised per commune and units recognised at a level (from
//! recognition decisions).

use ntm_domain::{CriteriaSet, Evaluation, Lang, Period, UnitIdx};
use serde::Serialize;

use crate::state::Live;
use crate::views::UnitRef;

#[derive(Serialize, Clone, Debug)]
pub struct TargetPart {
    pub unit: UnitRef,
    pub done: usize,
    pub total: usize,
}

#[derive(Serialize, Clone, Debug)]
pub struct TargetView {
    pub code: String,
    pub title: String,
    pub year: i64,
    pub done: usize,
    pub total: usize,
    /// 0–100, for the progress bar.
    pub percent: u32,
    pub achieved: bool,
    /// The deadline has passed (in the period shown) and the target is not achieved.
    pub overdue: bool,
    pub parts: Vec<TargetPart>,
    /// What is still missing, one line per unit.
    pub missing: Vec<String>,
    pub source: String,
}

/// `03413:5;03405:6` → [("03413", Some(5)), ("03405", Some(6))].
fn parse_codes(text: &str) -> Vec<(String, Option<usize>)> {
    text.split(';')
        .filter(|s| !s.trim().is_empty())
        .map(|s| match s.split_once(':') {
            Some((c, n)) => (c.trim().to_string(), n.trim().parse().ok()),
            None => (s.trim().to_string(), None),
        })
        .collect()
}

fn unit_ref(live: &Live, u: UnitIdx) -> UnitRef {
    let unit = live.tree.unit(u);
    UnitRef { code: unit.code.clone(), name: unit.name.clone(), level: unit.level.code() }
}

/// Recognitions of `level` for `unit` in force at the end of `period`.
fn recognised(live: &Live, unit: UnitIdx, level: &str, period: Period) -> bool {
    let id = live.unit_id(unit);
    let end = period.end().to_string();
    live.recognitions.iter().any(|r| {
        Some(r.unit_id) == id && r.level == level && r.decided_on <= end && (r.lost_on.is_empty() || r.lost_on > end)
    })
}

pub fn target_views(live: &Live, eval: &Evaluation, set: &CriteriaSet, period: Period, lang: Lang) -> Vec<TargetView> {
    live.targets
        .iter()
        .map(|t| {
            let codes = parse_codes(&t.unit_codes);
            // A target names the units as they were at the start of its year (codes were reused
            // by the 2025 mergers): a 2025 target of the 2024 directive means the old communes.
            let start = i32::try_from(t.year).ok().and_then(|y| ntm_domain::Date::new(y, 1, 1).ok());
            let resolve = |code: &str| {
                start
                    .and_then(|d| live.tree.find_on(code, d))
                    .or_else(|| live.tree.resolve(code, period).ok())
                    .or_else(|| live.tree.latest(code))
            };
            let mut parts = Vec::new();
            let mut missing = Vec::new();
            let (done, total) = match t.kind.as_str() {
                "units_at_standard" if t.set_id == set.id() || t.set_id.is_empty() => {
                    let mut done = 0;
                    for (code, _) in &codes {
                        let Some(u) = resolve(code) else { continue };
                        match eval.position(u) {
                            Some(p) if eval.standard_met(p) => done += 1,
                            Some(p) => missing.push(match lang {
                                Lang::Vi => format!(
                                    "{}: đạt {}/{} tiêu chí",
                                    live.tree.unit(u).name,
                                    eval.criteria_met(p),
                                    eval.criteria_total()
                                ),
                                Lang::En => format!(
                                    "{}: {}/{} criteria met",
                                    live.tree.unit(u).name,
                                    eval.criteria_met(p),
                                    eval.criteria_total()
                                ),
                            }),
                            None => missing.push(live.tree.unit(u).name.clone()),
                        }
                    }
                    (done, usize::try_from(t.quota).unwrap_or(0).max(codes.len()))
                }
                "villages_recognised" => {
                    let mut done_all = 0;
                    let mut total_all = 0;
                    for (code, quota) in &codes {
                        let Some(commune) = resolve(code) else { continue };
                        let villages: Vec<UnitIdx> = live.tree.subtree(commune).into_iter().skip(1).collect();
                        let done = villages.iter().filter(|&&v| recognised(live, v, &t.level, period)).count();
                        let total = quota.unwrap_or(villages.len());
                        if done < total {
                            missing.push(match lang {
                                Lang::Vi => format!("{}: còn {} bản", live.tree.unit(commune).name, total - done),
                                Lang::En => {
                                    format!("{}: {} villages to go", live.tree.unit(commune).name, total - done)
                                }
                            });
                        }
                        parts.push(TargetPart { unit: unit_ref(live, commune), done: done.min(total), total });
                        done_all += done.min(total);
                        total_all += total;
                    }
                    (done_all, usize::try_from(t.quota).unwrap_or(0).max(total_all))
                }
                "unit_recognised" => {
                    let units: Vec<UnitIdx> = codes.iter().filter_map(|(c, _)| resolve(c)).collect();
                    let done = units.iter().filter(|&&u| recognised(live, u, &t.level, period)).count();
                    let quota = usize::try_from(t.quota).unwrap_or(0);
                    // "1 of these 12" lists no one as missing; "these units" lists each.
                    let each = quota == 0 || quota >= units.len();
                    for &u in units.iter().filter(|_| each) {
                        if !recognised(live, u, &t.level, period) {
                            missing.push(match lang {
                                Lang::Vi => format!("{}: chưa có quyết định công nhận", live.tree.unit(u).name),
                                Lang::En => format!("{}: no recognition decision yet", live.tree.unit(u).name),
                            });
                        }
                    }
                    (
                        done.min(if quota > 0 { quota } else { units.len() }),
                        if quota > 0 { quota } else { units.len().max(1) },
                    )
                }
                _ => (0, usize::try_from(t.quota).unwrap_or(0)),
            };
            let achieved = total > 0 && done >= total;
            TargetView {
                code: t.code.clone(),
                title: lang.pick(&t.title_vi, &t.title_en).to_string(),
                year: t.year,
                done,
                total,
                percent: u32::try_from((done.min(total) * 100).checked_div(total).unwrap_or(0)).unwrap_or(100),
                achieved,
                overdue: !achieved && i64::from(period.year()) > t.year,
                parts,
                missing,
                source: t.source.clone(),
            }
        })
        .collect()
}
