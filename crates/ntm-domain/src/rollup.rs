//! Roll-ups of an evaluation over the tree: units meeting the standard, average criteria met,
//! per-criterion counts.

use crate::evaluate::{Evaluation, Status};
use crate::ratio::Ratio;
use crate::unit::{UnitIdx, UnitTree};

/// How many units met, failed or lacked data for one criterion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCount {
    pub met: usize,
    pub not_met: usize,
    pub missing: usize,
}

impl StatusCount {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Met => self.met += 1,
            Status::NotMet => self.not_met += 1,
            Status::Missing => self.missing += 1,
        }
    }
}

/// The roll-up of a group of evaluated units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rollup {
    pub units: usize,
    pub standard_met: usize,
    /// Sum over units of criteria met.
    pub criteria_met_sum: usize,
    pub criteria_total: usize,
    /// One count per criterion of the set, in its order.
    pub per_criterion: Vec<StatusCount>,
}

impl Rollup {
    /// Rolls up the units at the given positions of `eval`.
    pub fn of_positions(eval: &Evaluation, positions: impl IntoIterator<Item = usize>) -> Rollup {
        let mut r = Rollup {
            criteria_total: eval.criteria_total(),
            per_criterion: vec![StatusCount::default(); eval.criteria_total()],
            ..Rollup::default()
        };
        // Counted without branching on the status (statuses vary from unit to unit, and a
        // branch per criterion and unit is mispredicted about half the time).
        let mut counts = vec![[0usize; 3]; eval.criteria_total()];
        for pos in positions {
            r.units += 1;
            r.standard_met += usize::from(eval.standard_met(pos));
            r.criteria_met_sum += eval.criteria_met(pos);
            for (c, &s) in counts.iter_mut().zip(eval.criteria_statuses(pos)) {
                c[s as usize] += 1;
            }
        }
        for (c, k) in r.per_criterion.iter_mut().zip(counts) {
            *c = StatusCount { met: k[0], not_met: k[1], missing: k[2] };
        }
        r
    }

    /// Rolls up every evaluated unit within `root`'s subtree (root included).
    pub fn under(eval: &Evaluation, tree: &UnitTree, root: UnitIdx) -> Rollup {
        let positions: Vec<usize> =
            eval.units().iter().enumerate().filter(|(_, u)| tree.is_within(**u, root)).map(|(p, _)| p).collect();
        Rollup::of_positions(eval, positions)
    }

    /// Average number of criteria met per unit, exactly; `None` when there are no units.
    pub fn average_criteria_met(&self) -> Option<Ratio> {
        let sum = i64::try_from(self.criteria_met_sum).ok()?;
        let n = i64::try_from(self.units).ok()?;
        Ratio::new(sum, n).ok()
    }

    /// Criteria positions ordered by how many units fail them, most first.
    pub fn most_failed(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.per_criterion.len()).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(self.per_criterion[c].not_met));
        order
    }
}
