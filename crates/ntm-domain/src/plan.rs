//! Targets (mục tiêu): what a managing unit must reach by the end of a year, with progress
//! computed from the evaluation and from recognition decisions, never typed in. Plans per
//! commune × criterion × year come with the plans issue.

use crate::evaluate::Evaluation;
use crate::period::Period;
use crate::recognition::{Recognition, RecognitionLevel, is_recognised};
use crate::time::Date;
use crate::unit::{UnitIdx, UnitTree};

/// What a target counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// Units meeting the standard of a criteria set (on data).
    UnitsAtStandard,
    /// Villages recognised by decision, per commune.
    VillagesRecognised,
    /// Units recognised at a level by decision.
    UnitRecognised,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] =
        [TargetKind::UnitsAtStandard, TargetKind::VillagesRecognised, TargetKind::UnitRecognised];

    pub const fn code(&self) -> &'static str {
        match self {
            TargetKind::UnitsAtStandard => "units_at_standard",
            TargetKind::VillagesRecognised => "villages_recognised",
            TargetKind::UnitRecognised => "unit_recognised",
        }
    }

    pub fn from_code(code: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A target code: as an agency code (1–32 of `a-z 0-9 - _`), e.g. `2025-nang-cao`.
pub fn valid_target_code(code: &str) -> bool {
    crate::org::valid_agency_code(code)
}

/// One unit a target names, with its own quota where the target splits one (villages per commune).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetPart {
    pub unit_code: String,
    pub quota: Option<u32>,
}

/// A target as the directive sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Its store id.
    pub id: i64,
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub kind: TargetKind,
    /// The set whose standard counts (units at standard).
    pub set_id: Option<String>,
    /// The recognition level that counts (villages and units recognised).
    pub level: Option<RecognitionLevel>,
    /// By the end of this year.
    pub year: i32,
    /// How many must be reached (0: each unit named).
    pub quota: u32,
    pub parts: Vec<TargetPart>,
    /// The document that set it (a directive).
    pub source: String,
}

/// Why a unit does not yet count towards a target, with the figures to say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shortfall {
    /// Evaluated, and `met` of `total` criteria met.
    CriteriaMet { unit: UnitIdx, met: usize, total: usize },
    /// Not among the units the evaluation covers.
    NotEvaluated { unit: UnitIdx },
    /// A commune with `count` more villages to be recognised.
    VillagesToGo { unit: UnitIdx, count: usize },
    /// No decision recognising the unit at the level.
    NotRecognised { unit: UnitIdx },
}

/// Progress of one unit named by a target (villages per commune).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartProgress {
    pub unit: UnitIdx,
    pub done: usize,
    pub total: usize,
}

/// A target's progress at the end of a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetProgress {
    pub done: usize,
    pub total: usize,
    pub achieved: bool,
    /// The deadline has passed (in the period) and the target is not achieved.
    pub overdue: bool,
    pub parts: Vec<PartProgress>,
    pub shortfalls: Vec<Shortfall>,
}

impl TargetProgress {
    /// 0–100, rounded down.
    pub fn percent(&self) -> u32 {
        u32::try_from((self.done.min(self.total) * 100).checked_div(self.total).unwrap_or(0)).unwrap_or(100)
    }
}

/// What a target's progress is computed from.
pub struct TargetInputs<'a> {
    pub tree: &'a UnitTree,
    /// The evaluation shown, of the set `set_id`.
    pub evaluation: &'a Evaluation,
    pub set_id: &'a str,
    pub recognitions: &'a [Recognition],
    pub period: Period,
}

impl Target {
    /// The units it names, as they were at the start of its year (codes were reused by the 2025
    /// mergers: a 2025 target of the 2024 directive means the old communes), else as in `period`,
    /// else the latest unit of the code; with each part's quota.
    pub fn units(&self, tree: &UnitTree, period: Period) -> Vec<(UnitIdx, Option<u32>)> {
        let start = Date::first_of_year(self.year).ok();
        self.parts
            .iter()
            .filter_map(|p| {
                let code = p.unit_code.as_str();
                let u = start
                    .and_then(|d| tree.find_on(code, d))
                    .or_else(|| tree.resolve(code, period).ok())
                    .or_else(|| tree.latest(code))?;
                Some((u, p.quota))
            })
            .collect()
    }

    /// Progress at the end of the inputs' period.
    pub fn progress(&self, inputs: &TargetInputs<'_>) -> TargetProgress {
        let tree = inputs.tree;
        let eval = inputs.evaluation;
        let end = inputs.period.end();
        let units = self.units(tree, inputs.period);
        let quota = usize::try_from(self.quota).unwrap_or(usize::MAX);
        let recognised = |u: UnitIdx, level: Option<RecognitionLevel>| {
            level.is_some_and(|l| is_recognised(inputs.recognitions, u, l, end))
        };
        let mut parts = Vec::new();
        let mut shortfalls = Vec::new();
        let (done, total) = match self.kind {
            TargetKind::UnitsAtStandard if self.set_id.as_deref().is_none_or(|s| s == inputs.set_id) => {
                let mut done = 0;
                for &(u, _) in &units {
                    match eval.position(u) {
                        Some(p) if eval.standard_met(p) => done += 1,
                        Some(p) => shortfalls.push(Shortfall::CriteriaMet {
                            unit: u,
                            met: eval.criteria_met(p),
                            total: eval.criteria_total(),
                        }),
                        None => shortfalls.push(Shortfall::NotEvaluated { unit: u }),
                    }
                }
                (done, quota.max(self.parts.len()))
            }
            TargetKind::UnitsAtStandard => (0, quota),
            TargetKind::VillagesRecognised => {
                let (mut done_all, mut total_all) = (0, 0);
                for &(commune, part_quota) in &units {
                    let villages: Vec<UnitIdx> = tree.subtree(commune).into_iter().skip(1).collect();
                    let done = villages.iter().filter(|&&v| recognised(v, self.level)).count();
                    let total = part_quota.map_or(villages.len(), |q| usize::try_from(q).unwrap_or(usize::MAX));
                    if done < total {
                        shortfalls.push(Shortfall::VillagesToGo { unit: commune, count: total - done });
                    }
                    parts.push(PartProgress { unit: commune, done: done.min(total), total });
                    done_all += done.min(total);
                    total_all += total;
                }
                (done_all, quota.max(total_all))
            }
            TargetKind::UnitRecognised => {
                let done = units.iter().filter(|(u, _)| recognised(*u, self.level)).count();
                // "1 of these 12" lists no one as missing; "these units" lists each.
                let each = quota == 0 || quota >= units.len();
                if each {
                    for &(u, _) in units.iter().filter(|(u, _)| !recognised(*u, self.level)) {
                        shortfalls.push(Shortfall::NotRecognised { unit: u });
                    }
                }
                let total = if quota > 0 { quota } else { units.len().max(1) };
                (done.min(total), total)
            }
        };
        let achieved = total > 0 && done >= total;
        TargetProgress {
            done,
            total,
            achieved,
            overdue: !achieved && inputs.period.year() > self.year,
            parts,
            shortfalls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{CriterionRule, IndicatorKind};
    use crate::evaluate::Evaluator;
    use crate::recognition::Loss;
    use crate::test_support::{criterion, date, indicator, set, tree, unit};
    use crate::unit::Level;
    use crate::value::{Value, ValueTable};

    /// A district with communes a, b, c (each with two villages); one yes/no criterion, met by a
    /// and b in 2024.
    fn world() -> (UnitTree, crate::CriteriaSet, ValueTable) {
        let mut drafts = vec![unit("106", Level::District, None)];
        for c in ["a", "b", "c"] {
            drafts.push(unit(c, Level::Commune, Some("106")));
            for v in 1..=2 {
                drafts.push(unit(&format!("{c}{v}"), Level::Village, Some(c)));
            }
        }
        let tree = tree(drafts);
        let set = set(
            vec![criterion(
                "1",
                CriterionRule::AllIndicators,
                vec![indicator("1.1", IndicatorKind::Boolean { expected: true }, "đạt/không đạt", vec![])],
            )],
            vec![],
            vec![],
        );
        let mut values = ValueTable::new(set.element_count());
        let e = set.element("1.1").unwrap();
        for (code, met) in [("a", true), ("b", true), ("c", false)] {
            let u = tree.latest(code).unwrap();
            values.set(u, e, Period::Year(2024), Value::Bool(met)).unwrap();
        }
        (tree, set, values)
    }

    fn target(
        kind: TargetKind,
        level: Option<RecognitionLevel>,
        year: i32,
        quota: u32,
        parts: &[(&str, Option<u32>)],
    ) -> Target {
        Target {
            id: 1,
            code: "t".into(),
            title_vi: "Mục tiêu".into(),
            title_en: "Target".into(),
            kind,
            set_id: None,
            level,
            year,
            quota,
            parts: parts.iter().map(|(c, q)| TargetPart { unit_code: (*c).into(), quota: *q }).collect(),
            source: "Chỉ thị".into(),
        }
    }

    fn recognise(tree: &UnitTree, code: &str, level: RecognitionLevel, on: &str, lost: Option<&str>) -> Recognition {
        Recognition {
            id: 0,
            unit: tree.latest(code).unwrap(),
            level,
            decision: "QĐ".into(),
            decided_on: date(on),
            lost: lost.map(|l| Loss { on: date(l), decision: String::new() }),
        }
    }

    fn progress_of(t: &Target, recognitions: &[Recognition], period: Period) -> TargetProgress {
        let (tree, set, values) = world();
        let units = tree.at_level(Level::Commune, period);
        let eval = Evaluator::new(&set, vec![], &tree, &values, period).unwrap().run(&units);
        t.progress(&TargetInputs { tree: &tree, evaluation: &eval, set_id: set.id(), recognitions, period })
    }

    #[test]
    fn units_at_standard_count_the_evaluation_and_say_who_is_short_by_how_many_criteria() {
        let (tree, ..) = world();
        let t = target(TargetKind::UnitsAtStandard, None, 2024, 3, &[("a", None), ("b", None), ("c", None)]);
        let p = progress_of(&t, &[], Period::Year(2024));
        assert_eq!((p.done, p.total, p.achieved, p.percent()), (2, 3, false, 66));
        assert_eq!(p.shortfalls, vec![Shortfall::CriteriaMet { unit: tree.latest("c").unwrap(), met: 0, total: 1 }]);
        assert!(!p.overdue, "its year is the period's");
        assert!(progress_of(&t, &[], Period::Year(2025)).overdue, "a year later, not achieved: overdue");
        let other_set = Target { set_id: Some("xa-ntm-2026-2030".into()), ..t };
        assert_eq!(progress_of(&other_set, &[], Period::Year(2024)).done, 0, "another set's standard is not this one");
    }

    #[test]
    fn villages_recognised_count_each_communes_quota_from_decisions_in_force() {
        let (tree, ..) = world();
        let t = target(
            TargetKind::VillagesRecognised,
            Some(RecognitionLevel::BanNtm),
            2024,
            3,
            &[("a", Some(2)), ("b", Some(1))],
        );
        let recs = [
            recognise(&tree, "a1", RecognitionLevel::BanNtm, "2024-11-25", None),
            recognise(&tree, "a2", RecognitionLevel::BanNtm, "2024-11-25", Some("2024-12-01")),
            recognise(&tree, "b1", RecognitionLevel::BanNtm, "2024-11-25", None),
            recognise(&tree, "b2", RecognitionLevel::BanNtm, "2024-11-25", None),
            recognise(&tree, "c1", RecognitionLevel::Ntm, "2024-11-25", None),
        ];
        let p = progress_of(&t, &recs, Period::Year(2024));
        assert_eq!((p.done, p.total), (2, 3), "a2 was lost; b's extra village does not count twice");
        assert_eq!(p.shortfalls, vec![Shortfall::VillagesToGo { unit: tree.latest("a").unwrap(), count: 1 }]);
        assert_eq!(p.parts.iter().map(|x| (x.done, x.total)).collect::<Vec<_>>(), [(1, 2), (1, 1)]);
        let before = progress_of(&t, &recs, Period::Quarter(2024, 3));
        assert_eq!(before.done, 0, "the decisions of November count from then");
    }

    #[test]
    fn one_unit_of_many_recognised_names_no_one_as_missing() {
        let (tree, ..) = world();
        let parts = [("a", None), ("b", None), ("c", None)];
        let one_of = target(TargetKind::UnitRecognised, Some(RecognitionLevel::NangCao), 2025, 1, &parts);
        let recs = [recognise(&tree, "b", RecognitionLevel::NangCao, "2025-10-01", None)];
        let p = progress_of(&one_of, &[], Period::Year(2025));
        assert_eq!((p.done, p.total, p.shortfalls.len()), (0, 1, 0));
        let p = progress_of(&one_of, &recs, Period::Year(2025));
        assert!(p.achieved && p.percent() == 100);
        let each = target(TargetKind::UnitRecognised, Some(RecognitionLevel::NangCao), 2025, 0, &parts);
        let p = progress_of(&each, &recs, Period::Year(2025));
        assert_eq!((p.done, p.total), (1, 3));
        assert_eq!(
            p.shortfalls,
            vec![
                Shortfall::NotRecognised { unit: tree.latest("a").unwrap() },
                Shortfall::NotRecognised { unit: tree.latest("c").unwrap() }
            ]
        );
    }
}
