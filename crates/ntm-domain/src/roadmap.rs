//! The roadmap (lộ trình): per unit, the year each criterion is planned to be met — or the year
//! the unit's whole standard is planned to be recognised, at a level — with what must be done,
//! who answers for it and what it is estimated to cost (DESIGN §4, the plans CSV). The directive
//! asks for "kế hoạch chi tiết, cụ thể đến từng xã, từng tiêu chí".
//!
//! A row names its criterion by the set it was planned against ([`PlanItem::Criterion`]): a
//! criterion id means nothing without its set (criterion 10 is income in the 2021–2025 set and
//! something else in the 2026–2030 one). A row for the whole standard ([`PlanItem::Standard`])
//! names a recognition level instead, and concerns every set that stands for that level
//! ([`crate::criteria::SetInfo::recognition_level`]).

use crate::criteria::CriteriaSet;
use crate::money::Money;
use crate::recognition::RecognitionLevel;
use crate::unit::{Level, UnitIdx};

/// What a plan row plans.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PlanItem {
    /// One criterion of a set, by the criterion's id.
    Criterion { set_id: String, criterion: String },
    /// The unit's whole standard, recognised at a level (`all` in the plans CSV).
    Standard(RecognitionLevel),
}

/// Who answers for a plan row: an agency (by its code) or a unit (a commune for itself, say).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Responsible {
    Agency(String),
    Unit(UnitIdx),
}

/// One row of the roadmap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Its store id (0 when read from a file).
    pub id: i64,
    /// The unit, as it stood in the planned year.
    pub unit: UnitIdx,
    pub item: PlanItem,
    /// By the end of this year.
    pub planned_year: i32,
    /// What must be done (nội dung thực hiện); may be empty.
    pub contents: String,
    pub responsible: Option<Responsible>,
    /// Estimated cost (kinh phí dự kiến), whole đồng.
    pub estimate: Option<Money>,
}

/// The standard a unit of this level is recognised at when a plan row says no more than `all`:
/// NTM for a commune, the province's village standard for a village, NTM for a district; none
/// for a province.
pub const fn basic_level(level: Level) -> Option<RecognitionLevel> {
    match level {
        Level::Commune => Some(RecognitionLevel::Ntm),
        Level::Village => Some(RecognitionLevel::BanNtm),
        Level::District => Some(RecognitionLevel::HuyenNtm),
        Level::Province => None,
    }
}

impl Plan {
    /// Whether the row is about `set`: a criterion row planned against it, or a standard row
    /// of the level the set stands for.
    pub fn concerns(&self, set: &CriteriaSet) -> bool {
        match &self.item {
            PlanItem::Criterion { set_id, .. } => set_id == set.id(),
            PlanItem::Standard(level) => set.info.recognition_level == Some(*level),
        }
    }

    /// The position in `set` of the criterion the row plans (a criterion row of that set).
    pub fn criterion_in(&self, set: &CriteriaSet) -> Option<usize> {
        match &self.item {
            PlanItem::Criterion { set_id, criterion } if set_id == set.id() => {
                set.criteria().iter().position(|c| &c.id == criterion)
            }
            _ => None,
        }
    }

    /// Whether the row plans the whole standard.
    pub fn is_standard(&self) -> bool {
        matches!(self.item, PlanItem::Standard(_))
    }

    /// Whether it falls due by the end of `year`: planned for that year or an earlier one.
    pub fn due_by(&self, year: i32) -> bool {
        self.planned_year <= year
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::CriterionRule;
    use crate::test_support::{criterion, indicator, set};

    fn plan(item: PlanItem, year: i32) -> Plan {
        Plan {
            id: 0,
            unit: UnitIdx(0),
            item,
            planned_year: year,
            contents: String::new(),
            responsible: None,
            estimate: None,
        }
    }

    #[test]
    fn a_row_concerns_its_own_set_or_the_sets_of_its_level() {
        let kind = crate::IndicatorKind::Boolean { expected: true };
        let mut s = set(
            vec![criterion("10", CriterionRule::AllIndicators, vec![indicator("10", kind, "đạt/không đạt", vec![])])],
            vec![],
            vec![],
        );
        let own = plan(PlanItem::Criterion { set_id: "test-set".into(), criterion: "10".into() }, 2024);
        let other = plan(PlanItem::Criterion { set_id: "xa-ntm-2026-2030".into(), criterion: "10".into() }, 2024);
        let standard = plan(PlanItem::Standard(RecognitionLevel::Ntm), 2025);
        assert!(own.concerns(&s) && own.criterion_in(&s) == Some(0));
        assert!(!other.concerns(&s) && other.criterion_in(&s).is_none(), "criterion 10 of another set");
        assert!(!standard.concerns(&s), "a set that stands for no level is planned by no `all` row");
        s.info.recognition_level = Some(RecognitionLevel::Ntm);
        assert!(standard.concerns(&s) && standard.is_standard() && standard.criterion_in(&s).is_none());
        s.info.recognition_level = Some(RecognitionLevel::NangCao);
        assert!(!standard.concerns(&s), "an NTM row does not plan the advanced standard");
        assert!(own.due_by(2024) && own.due_by(2025) && !own.due_by(2023));
        assert_eq!(basic_level(Level::Village), Some(RecognitionLevel::BanNtm));
        assert_eq!(basic_level(Level::Province), None);
    }
}
