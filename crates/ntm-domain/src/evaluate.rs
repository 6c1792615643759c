//! Evaluation: for each unit, each indicator's verdict, each criterion's, and the unit's count of
//! criteria met. Pure and deterministic.
//!
//! The rules: a year is judged on its own value, else on the latest quarter of that year holding
//! one, and nothing is carried over from an earlier year (DESIGN.md §4). DESIGN is silent on
//! quarters; here a quarter is judged on its own value, else on the latest earlier quarter of the
//! same year (the situation last reported), and every verdict says which period its value is from. A missing value or a threshold that is not
//! configured makes the indicator *missing*, never met. A criterion is met when its rule is met
//! (by default every indicator), not met when it can no longer be, missing otherwise. A unit
//! meets the standard only when it has criteria and every one is met.

use std::collections::HashMap;

use crate::criteria::{
    CriteriaSet, CriterionRule, ElementIdx, Indicator, IndicatorIdx, IndicatorKind, KeyRule, LayerKind, Threshold,
    ThresholdKey, ThresholdLayer, ThresholdScheme,
};
use crate::period::Period;
use crate::ratio::Ratio;
use crate::unit::{UnitIdx, UnitTree};
use crate::value::{Value, ValueTable};

/// A verdict (đạt / chưa đạt / chưa có số liệu).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Met,
    NotMet,
    Missing,
}

impl Status {
    /// The code used in JSON and CSV: `met`, `not_met`, `missing`.
    pub const fn code(&self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::Missing => "missing",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        [Status::Met, Status::NotMet, Status::Missing].into_iter().find(|s| s.code() == code)
    }
}

/// Why an indicator is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingReason {
    /// No value for the period.
    NoValue,
    /// No threshold is configured for the unit's region or group (and year).
    NoThreshold,
    /// The unit has no region or group, and the indicator has no threshold for all units.
    NoKey,
    /// Computed from raw elements whose denominator is zero.
    ZeroDenominator,
}

/// What was observed for an indicator in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observed {
    /// A value entered for the indicator, and the period it was entered for.
    Entered { value: Value, period: Period },
    /// Computed from two raw elements entered for `period`.
    Derived { num: Ratio, den: Ratio, period: Period },
}

impl Observed {
    pub const fn period(&self) -> Period {
        match *self {
            Observed::Entered { period, .. } | Observed::Derived { period, .. } => period,
        }
    }

    /// The quantity compared with the threshold (see [`Value::measure`]); `None` for yes/no and
    /// for a zero denominator.
    pub fn measure(&self, percent: bool) -> Option<Ratio> {
        match *self {
            Observed::Entered { value, .. } => value.measure(percent),
            Observed::Derived { num, den, .. } => {
                let q = num.checked_div(&den)?;
                if percent { q.checked_mul(&Ratio::integer(100)) } else { Some(q) }
            }
        }
    }
}

/// Where an applied threshold comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin<'a> {
    /// The national criteria file.
    National,
    /// A provincial override, a correction, or an illustrative demo layer.
    Layer(&'a ThresholdLayer),
}

/// The threshold that applied to a unit's indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppliedThreshold<'a> {
    pub threshold: &'a Threshold,
    pub origin: Origin<'a>,
}

impl AppliedThreshold<'_> {
    /// Verified only if the value itself is verified and it is not an illustrative demo value.
    pub fn verified(&self) -> bool {
        let illustrative = matches!(self.origin, Origin::Layer(l) if l.kind == LayerKind::Illustrative);
        self.threshold.confidence.is_verified() && !illustrative
    }

    pub fn is_illustrative(&self) -> bool {
        matches!(self.origin, Origin::Layer(l) if l.kind == LayerKind::Illustrative)
    }
}

/// The full verdict on one indicator of one unit, with everything needed to explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorVerdict<'a> {
    pub indicator: &'a Indicator,
    pub status: Status,
    pub observed: Option<Observed>,
    pub threshold: Option<AppliedThreshold<'a>>,
    /// The threshold column that applied to the unit.
    pub key: Option<ThresholdKey>,
    /// The rule that chose that column, if one did (e.g. xã ĐBKK → tdmnpb).
    pub key_rule: Option<&'a KeyRule>,
    pub missing: Option<MissingReason>,
    /// The units of measure of the raw numerator and denominator a derived indicator divides
    /// (`km` and `km`; `triệu đồng/năm` and `người`).
    pub raw_units: (Option<&'a str>, Option<&'a str>),
    pub period: Period,
}

impl IndicatorVerdict<'_> {
    /// Whether the verdict rests on a verified requirement: a verified threshold for numeric
    /// indicators, the verified wording for yes/no ones.
    pub fn threshold_verified(&self) -> bool {
        match self.indicator.kind {
            IndicatorKind::Boolean { .. } => self.indicator.confidence.is_verified(),
            _ => self.threshold.is_some_and(|t| t.verified()),
        }
    }
}

/// Decides one indicator from what was observed and the threshold that applies.
pub fn judge(
    kind: IndicatorKind,
    percent: bool,
    observed: Option<&Observed>,
    threshold: Option<Ratio>,
) -> (Status, Option<MissingReason>) {
    let Some(obs) = observed else {
        return (Status::Missing, Some(MissingReason::NoValue));
    };
    match kind {
        IndicatorKind::Boolean { expected } => match obs {
            Observed::Entered { value: Value::Bool(b), .. } => {
                (if *b == expected { Status::Met } else { Status::NotMet }, None)
            }
            // A stored value always fits its element; anything else cannot be judged.
            _ => (Status::Missing, Some(MissingReason::NoValue)),
        },
        IndicatorKind::Min | IndicatorKind::Max => {
            let Some(measure) = obs.measure(percent) else {
                return (Status::Missing, Some(MissingReason::ZeroDenominator));
            };
            let Some(t) = threshold else {
                return (Status::Missing, Some(MissingReason::NoThreshold));
            };
            let ok = match kind {
                IndicatorKind::Min => measure >= t,
                _ => measure <= t,
            };
            (if ok { Status::Met } else { Status::NotMet }, None)
        }
    }
}

/// Combines indicator verdicts into a criterion verdict under the criterion's rule.
pub fn criterion_status(rule: CriterionRule, statuses: impl IntoIterator<Item = Status>) -> Status {
    let (mut met, mut not_met, mut missing) = (0usize, 0usize, 0usize);
    for s in statuses {
        match s {
            Status::Met => met += 1,
            Status::NotMet => not_met += 1,
            Status::Missing => missing += 1,
        }
    }
    let total = met + not_met + missing;
    if total == 0 {
        return Status::Missing;
    }
    let needed = match rule {
        CriterionRule::AllIndicators => total,
        CriterionRule::AtLeast(n) => usize::from(n),
    };
    if met >= needed {
        Status::Met
    } else if met + missing < needed {
        Status::NotMet
    } else {
        Status::Missing
    }
}

/// Which threshold entry a key and year select, most specific first.
fn specificity(t: &Threshold, key: Option<&ThresholdKey>, year: i32) -> Option<u8> {
    let key_rank = match (&t.key, key) {
        (ThresholdKey::All, _) => 0,
        (k, Some(want)) if k == want => 2,
        _ => return None,
    };
    let year_rank = match t.year {
        None => 0,
        Some(y) if y == year => 1,
        Some(_) => return None,
    };
    Some(key_rank + year_rank)
}

#[derive(Clone, Copy, Debug)]
struct Resolved {
    value: Ratio,
    /// `u16::MAX` for the national set, else the layer's position.
    layer: u16,
    /// Position of the threshold in the indicator's list or the layer's entries.
    entry: u16,
}

const NATIONAL: u16 = u16::MAX;

/// How many threshold layers one evaluation takes (one bit each in a unit's layer mask).
pub const MAX_LAYERS: usize = 64;

#[derive(Clone, Debug)]
struct Profile {
    key: Option<ThresholdKey>,
    key_rule: Option<usize>,
    thresholds: Vec<Option<Resolved>>,
}

/// Evaluates one set over a tree and a value table for one period.
pub struct Evaluator<'a> {
    set: &'a CriteriaSet,
    layers: Vec<&'a ThresholdLayer>,
    tree: &'a UnitTree,
    values: &'a ValueTable,
    period: Period,
    layer_roots: Vec<Option<Vec<UnitIdx>>>,
    profiles: Vec<Profile>,
    profile_index: HashMap<(Option<ThresholdKey>, Option<usize>, u64), usize>,
    /// Profiles by where the key comes from (see [`Evaluator::key_source`]) and layer mask, so
    /// that finding a unit's profile allocates nothing once its source has been seen.
    source_index: HashMap<KeySource, usize>,
    derivations: Vec<Option<(ElementIdx, ElementIdx)>>,
}

/// The key rule that chose a unit's threshold column, else the unit (itself or an ancestor)
/// whose region or group applies; and the unit's layer mask.
type KeySource = (Option<usize>, Option<UnitIdx>, u64);

/// Why an evaluator could not be set up.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EvaluatorError {
    #[error("layer {0}: {1}")]
    Layer(String, crate::criteria::LayerError),
    #[error("more than 64 threshold layers")]
    TooManyLayers,
}

impl<'a> Evaluator<'a> {
    /// `layers` apply in order, later over earlier; each must belong to the set.
    pub fn new(
        set: &'a CriteriaSet,
        layers: Vec<&'a ThresholdLayer>,
        tree: &'a UnitTree,
        values: &'a ValueTable,
        period: Period,
    ) -> Result<Evaluator<'a>, EvaluatorError> {
        if layers.len() > MAX_LAYERS {
            return Err(EvaluatorError::TooManyLayers);
        }
        for l in &layers {
            l.validate(set).map_err(|e| EvaluatorError::Layer(l.id.clone(), e))?;
        }
        // A scope names the unit(s) holding the code during the period: a province code reused by
        // the 2025 merger names the old province before 1/7/2025 and the new one after.
        let layer_roots = layers.iter().map(|l| l.scope.as_ref().map(|code| tree.holding(code, period))).collect();
        let derivations = (0..set.indicator_count())
            .map(|i| {
                let ind = set.indicator(IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
                ind.derived.as_ref().and_then(|d| Some((set.element(&d.numerator)?, set.element(&d.denominator)?)))
            })
            .collect();
        Ok(Evaluator {
            set,
            layers,
            tree,
            values,
            period,
            layer_roots,
            profiles: Vec::new(),
            profile_index: HashMap::new(),
            source_index: HashMap::new(),
            derivations,
        })
    }

    pub fn set(&self) -> &'a CriteriaSet {
        self.set
    }

    pub fn tree(&self) -> &'a UnitTree {
        self.tree
    }

    pub fn period(&self) -> Period {
        self.period
    }

    /// The threshold column of a unit and the rule that chose it.
    fn key_of(&self, unit: UnitIdx) -> (Option<ThresholdKey>, Option<usize>) {
        let u = self.tree.unit(unit);
        if let Some((i, r)) = self.set.key_rules.iter().enumerate().find(|(_, r)| u.has_flag(&r.flag)) {
            return (Some(r.key.clone()), Some(i));
        }
        let key = match self.set.scheme {
            ThresholdScheme::Region => self.tree.effective_region(unit).map(|r| ThresholdKey::Region(r.to_string())),
            ThresholdScheme::Group => self.tree.effective_group(unit).map(ThresholdKey::Group),
        };
        (key, None)
    }

    fn layer_mask(&self, unit: UnitIdx) -> u64 {
        let mut mask = 0u64;
        for (i, roots) in self.layer_roots.iter().enumerate() {
            let applies = match roots {
                None => true,
                Some(roots) => self.tree.is_within_any(unit, roots),
            };
            if applies {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// Where [`Evaluator::key_of`] takes a unit's key from, found without allocating.
    fn key_source(&self, unit: UnitIdx) -> (Option<usize>, Option<UnitIdx>) {
        let u = self.tree.unit(unit);
        if let Some(i) = self.set.key_rules.iter().position(|r| u.has_flag(&r.flag)) {
            return (Some(i), None);
        }
        let mut chain = std::iter::once(unit).chain(self.tree.ancestors(unit));
        let holder = match self.set.scheme {
            ThresholdScheme::Region => chain.find(|&i| self.tree.unit(i).region.is_some()),
            ThresholdScheme::Group => chain.find(|&i| self.tree.unit(i).group.is_some()),
        };
        (None, holder)
    }

    fn profile_of(&mut self, unit: UnitIdx) -> usize {
        let (rule, holder) = self.key_source(unit);
        let mask = self.layer_mask(unit);
        if let Some(&p) = self.source_index.get(&(rule, holder, mask)) {
            return p;
        }
        let p = self.new_profile(unit, mask);
        self.source_index.insert((rule, holder, mask), p);
        p
    }

    /// The profile of a unit whose key source has not been seen: an existing one if the key
    /// and mask are known, else a new one.
    fn new_profile(&mut self, unit: UnitIdx, mask: u64) -> usize {
        let (key, key_rule) = self.key_of(unit);
        let lookup = (key.clone(), key_rule, mask);
        if let Some(&p) = self.profile_index.get(&lookup) {
            return p;
        }
        let year = self.period.year();
        let thresholds = (0..self.set.indicator_count())
            .map(|i| {
                let ind = self.set.indicator(IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
                if !ind.kind.is_numeric() {
                    return None;
                }
                for (li, layer) in self.layers.iter().enumerate().rev() {
                    if mask & (1 << li) == 0 {
                        continue;
                    }
                    let best = layer
                        .entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.indicator == ind.id)
                        .filter_map(|(ei, e)| Some((specificity(&e.threshold, key.as_ref(), year)?, ei, e)))
                        .max_by_key(|(rank, _, _)| *rank);
                    if let Some((_, ei, e)) = best {
                        return Some(Resolved {
                            value: e.threshold.value,
                            layer: u16::try_from(li).unwrap_or(0),
                            entry: u16::try_from(ei).unwrap_or(0),
                        });
                    }
                }
                ind.thresholds
                    .iter()
                    .enumerate()
                    .filter_map(|(ti, t)| Some((specificity(t, key.as_ref(), year)?, ti, t)))
                    .max_by_key(|(rank, _, _)| *rank)
                    .map(|(_, ti, t)| Resolved {
                        value: t.value,
                        layer: NATIONAL,
                        entry: u16::try_from(ti).unwrap_or(0),
                    })
            })
            .collect();
        self.profiles.push(Profile { key, key_rule, thresholds });
        let p = self.profiles.len() - 1;
        self.profile_index.insert(lookup, p);
        p
    }

    /// What was observed for an indicator: at each period of the lookup chain, the indicator's own
    /// value, else its raw elements if both are there.
    fn observe(&self, unit: UnitIdx, idx: IndicatorIdx) -> Option<Observed> {
        let element = ElementIdx(idx.0);
        let derivation = self.derivations.get(usize::from(idx.0)).copied().flatten();
        let Some((num_e, den_e)) = derivation else {
            return self
                .values
                .lookup(unit, element, self.period)
                .map(|(value, period)| Observed::Entered { value, period });
        };
        // The indicator's own value wins at the first period of the chain that holds it; before
        // that period, raw elements may stand in. (Looked up this way, the own value costs one
        // lookup and the denominator is read only where a numerator is.)
        let own = self.values.lookup(unit, element, self.period);
        self.period.lookup_chain().find_map(|p| {
            if let Some((value, at)) = own
                && at == p
            {
                return Some(Observed::Entered { value, period: p });
            }
            let Some(Value::Number(num)) = self.values.get(unit, num_e, p) else { return None };
            let Some(Value::Number(den)) = self.values.get(unit, den_e, p) else { return None };
            Some(Observed::Derived { num, den, period: p })
        })
    }

    fn applied(&self, r: Resolved, idx: IndicatorIdx) -> Option<AppliedThreshold<'a>> {
        if r.layer == NATIONAL {
            let t = self.set.indicator(idx).thresholds.get(usize::from(r.entry))?;
            Some(AppliedThreshold { threshold: t, origin: Origin::National })
        } else {
            let layer = *self.layers.get(usize::from(r.layer))?;
            let e = layer.entries.get(usize::from(r.entry))?;
            Some(AppliedThreshold { threshold: &e.threshold, origin: Origin::Layer(layer) })
        }
    }

    /// Evaluates those of the given units the set applies to (its level, a kind it judges:
    /// a xã set does not judge a thị trấn), in their order; each must belong to the tree.
    pub fn run(&mut self, units: &[UnitIdx]) -> Evaluation {
        let n_ind = self.set.indicator_count();
        let n_crit = self.set.criteria().len();
        let set = self.set;
        let tree = self.tree;
        let units: Vec<UnitIdx> = units.iter().copied().filter(|&u| set.applies_to(tree.unit(u))).collect();
        let mut eval = Evaluation {
            set_id: self.set.id().to_string(),
            period: self.period,
            units: units.clone(),
            n_ind,
            n_crit,
            indicator_status: Vec::with_capacity(units.len() * n_ind),
            criterion_status: Vec::with_capacity(units.len() * n_crit),
            criteria_met: Vec::with_capacity(units.len()),
        };
        // What does not change from unit to unit, worked out once.
        let plan: Vec<(IndicatorKind, bool)> = (0..n_ind)
            .map(|i| {
                let ind = self.set.indicator(IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
                (ind.kind, ind.is_percent())
            })
            .collect();
        let criteria: Vec<(CriterionRule, std::ops::Range<usize>)> =
            self.set.criteria().iter().enumerate().map(|(ci, c)| (c.rule, self.set.indicators_of(ci))).collect();
        let mut observed: Vec<Option<Observed>> = vec![None; n_ind];
        for &unit in &units {
            let p = self.profile_of(unit);
            // First every lookup (independent loads the processor can overlap), then the verdicts.
            for (i, slot) in observed.iter_mut().enumerate() {
                *slot = self.observe(unit, IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX)));
            }
            let thresholds = &self.profiles[p].thresholds;
            let start = eval.indicator_status.len();
            for ((obs, &(kind, percent)), t) in observed.iter().zip(&plan).zip(thresholds) {
                eval.indicator_status.push(judge(kind, percent, obs.as_ref(), t.map(|r| r.value)).0);
            }
            let statuses = &eval.indicator_status[start..];
            let mut met = 0u16;
            for (rule, range) in &criteria {
                let s = criterion_status(*rule, statuses[range.clone()].iter().copied());
                met += u16::from(s == Status::Met);
                eval.criterion_status.push(s);
            }
            eval.criteria_met.push(met);
        }
        eval
    }

    /// The detailed verdict of one indicator of one unit: the same decision as [`Evaluator::run`]
    /// makes, with the value, the threshold and its provenance.
    pub fn verdict(&mut self, unit: UnitIdx, idx: IndicatorIdx) -> IndicatorVerdict<'a> {
        let p = self.profile_of(unit);
        let set = self.set;
        let indicator = set.indicator(idx);
        let observed = self.observe(unit, idx);
        let resolved = self.profiles[p].thresholds.get(usize::from(idx.0)).copied().flatten();
        let (status, mut missing) =
            judge(indicator.kind, indicator.is_percent(), observed.as_ref(), resolved.map(|r| r.value));
        let key = self.profiles[p].key.clone();
        if missing == Some(MissingReason::NoThreshold) && key.is_none() {
            missing = Some(MissingReason::NoKey);
        }
        IndicatorVerdict {
            indicator,
            status,
            observed,
            threshold: resolved.and_then(|r| self.applied(r, idx)),
            key,
            key_rule: self.profiles[p].key_rule.and_then(|i| set.key_rules.get(i)),
            missing,
            raw_units: {
                let unit_of = |id: &str| {
                    set.raw_elements().iter().find(|e| e.id == id).map(|e| e.unit.as_str()).filter(|u| !u.is_empty())
                };
                match &indicator.derived {
                    Some(d) => (unit_of(&d.numerator), unit_of(&d.denominator)),
                    None => (None, None),
                }
            },
            period: self.period,
        }
    }
}

impl Evaluator<'_> {
    /// Whether some verdict of a criterion for this unit rests on a threshold (or a yes/no
    /// indicator) not verified against the official text; an illustrative threshold counts as
    /// unverified. The same rule as [`IndicatorVerdict::threshold_verified`], without observing
    /// values: pages mark such verdicts with `*`.
    pub fn criterion_unverified(&mut self, unit: UnitIdx, criterion: usize) -> bool {
        let p = self.profile_of(unit);
        self.set.indicators_of(criterion).any(|i| {
            let idx = IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX));
            let indicator = self.set.indicator(idx);
            match indicator.kind {
                IndicatorKind::Boolean { .. } => !indicator.confidence.is_verified(),
                _ => !self.profiles[p]
                    .thresholds
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|r| self.applied(r, idx))
                    .is_some_and(|t| t.verified()),
            }
        })
    }
}

impl Evaluator<'_> {
    /// Whether some verdict of a criterion for this unit uses an illustrative threshold (demo
    /// data, not a legal text), without observing values: pages mark such verdicts, the
    /// exception among thresholds that are mostly not yet verified.
    pub fn criterion_illustrative(&mut self, unit: UnitIdx, criterion: usize) -> bool {
        let p = self.profile_of(unit);
        self.set.indicators_of(criterion).any(|i| {
            let idx = IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX));
            self.profiles[p]
                .thresholds
                .get(i)
                .copied()
                .flatten()
                .and_then(|r| self.applied(r, idx))
                .is_some_and(|t| t.is_illustrative())
        })
    }
}

/// The compact result of an evaluation: statuses only, for every unit evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub set_id: String,
    pub period: Period,
    units: Vec<UnitIdx>,
    n_ind: usize,
    n_crit: usize,
    indicator_status: Vec<Status>,
    criterion_status: Vec<Status>,
    criteria_met: Vec<u16>,
}

impl Evaluation {
    #[inline]
    pub fn units(&self) -> &[UnitIdx] {
        &self.units
    }

    /// Position of a unit in this evaluation.
    pub fn position(&self, unit: UnitIdx) -> Option<usize> {
        self.units.iter().position(|&u| u == unit)
    }

    pub fn indicator_status(&self, pos: usize, idx: IndicatorIdx) -> Status {
        self.indicator_status.get(pos * self.n_ind + usize::from(idx.0)).copied().unwrap_or(Status::Missing)
    }

    #[inline]
    pub fn criterion_status(&self, pos: usize, criterion: usize) -> Status {
        self.criterion_status.get(pos * self.n_crit + criterion).copied().unwrap_or(Status::Missing)
    }

    /// Criterion statuses of the unit at `pos`, in the set's order.
    #[inline]
    pub fn criteria_statuses(&self, pos: usize) -> &[Status] {
        self.criterion_status.get(pos * self.n_crit..(pos + 1) * self.n_crit).unwrap_or(&[])
    }

    #[inline]
    pub fn criteria_met(&self, pos: usize) -> usize {
        self.criteria_met.get(pos).map_or(0, |&m| usize::from(m))
    }

    #[inline]
    pub fn criteria_total(&self) -> usize {
        self.n_crit
    }

    /// True only when the set has criteria and every one is met.
    #[inline]
    pub fn standard_met(&self, pos: usize) -> bool {
        self.n_crit > 0 && self.criteria_met(pos) == self.n_crit
    }
}

/// Evaluates `units` on up to `threads` threads: the units are cut into that many contiguous
/// chunks, each evaluated by its own [`Evaluator`], and the results joined in order. The result
/// is the same as one `Evaluator::run(units)` (`threads` 0 counts as 1).
pub fn evaluate_parallel(
    set: &CriteriaSet,
    layers: &[&ThresholdLayer],
    tree: &UnitTree,
    values: &ValueTable,
    period: Period,
    units: &[UnitIdx],
    threads: usize,
) -> Result<Evaluation, EvaluatorError> {
    let chunk = units.len().div_ceil(threads.max(1)).max(1);
    let mut evaluators = Vec::new();
    for part in units.chunks(chunk) {
        evaluators.push((Evaluator::new(set, layers.to_vec(), tree, values, period)?, part));
    }
    let mut rest = evaluators.into_iter();
    let Some((mut first, first_units)) = rest.next() else {
        return Ok(Evaluator::new(set, layers.to_vec(), tree, values, period)?.run(units));
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = rest.map(|(mut e, part)| scope.spawn(move || e.run(part))).collect();
        let mut all = first.run(first_units);
        for h in handles {
            match h.join() {
                Ok(part) => all.append(part),
                // A panic in a worker is a panic of this call, as it would be on one thread.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        Ok(all)
    })
}

impl Evaluation {
    /// Appends the evaluation of the units that follow this one's (same set and period).
    fn append(&mut self, next: Evaluation) {
        self.units.extend_from_slice(&next.units);
        self.indicator_status.extend_from_slice(&next.indicator_status);
        self.criterion_status.extend_from_slice(&next.criterion_status);
        self.criteria_met.extend_from_slice(&next.criteria_met);
    }
}

impl Evaluator<'_> {
    /// Re-evaluates one unit inside an evaluation made for the same set and period (after its
    /// values changed). False when the unit is not part of that evaluation.
    pub fn rerun_unit(&mut self, eval: &mut Evaluation, unit: UnitIdx) -> bool {
        let Some(pos) = eval.position(unit) else { return false };
        if eval.n_ind != self.set.indicator_count() || eval.n_crit != self.set.criteria().len() {
            return false;
        }
        let one = self.run(&[unit]);
        let (ni, nc) = (eval.n_ind, eval.n_crit);
        match (
            eval.indicator_status.get_mut(pos * ni..(pos + 1) * ni),
            eval.criterion_status.get_mut(pos * nc..(pos + 1) * nc),
            eval.criteria_met.get_mut(pos),
        ) {
            (Some(ind), Some(crit), Some(met)) => {
                ind.copy_from_slice(&one.indicator_status);
                crit.copy_from_slice(&one.criterion_status);
                *met = one.criteria_met.first().copied().unwrap_or(0);
                true
            }
            _ => false,
        }
    }
}

/// What other rules read of an evaluator's work without a whole verdict: the early warnings
/// ([`crate::warning`]) take the value standing for a year and the threshold that applies in a
/// year from here, so that they follow the engine's own rules.
impl Evaluator<'_> {
    /// What was observed for an indicator in the evaluator's period by the year-vs-quarter rule:
    /// the value [`Evaluator::verdict`] judges.
    pub fn observed(&self, unit: UnitIdx, idx: IndicatorIdx) -> Option<Observed> {
        self.observe(unit, idx)
    }

    /// The threshold that applies to a unit's numeric indicator in the evaluator's period (the
    /// layers over the national set, the unit's column and the period's year, as
    /// [`Evaluator::verdict`] resolves it); `None` when none is configured, and for yes/no
    /// indicators.
    pub fn threshold_value(&mut self, unit: UnitIdx, idx: IndicatorIdx) -> Option<Ratio> {
        let p = self.profile_of(unit);
        self.profiles[p].thresholds.get(usize::from(idx.0)).copied().flatten().map(|r| r.value)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::criteria::{Confidence, SetInfo};
    use crate::unit::{Level, UnitDraft};

    use crate::test_support::{criterion, thresholds};

    fn indicator(id: &str, kind: IndicatorKind, unit: &str, list: &[(&str, Option<i32>, i64)]) -> Indicator {
        crate::test_support::indicator(id, kind, unit, thresholds(list))
    }

    #[test]
    fn parallel_evaluation_equals_one_evaluator_for_any_number_of_threads() {
        let set = CriteriaSet::new(
            SetInfo { id: "test-set".into(), title_vi: "Bộ thử".into(), ..SetInfo::default() },
            Level::Commune,
            ThresholdScheme::Region,
            Vec::new(),
            vec![
                criterion(
                    "1",
                    CriterionRule::AllIndicators,
                    vec![
                        indicator("1.1", IndicatorKind::Boolean { expected: true }, "đạt/không đạt", &[]),
                        indicator("1.2", IndicatorKind::Min, "%", &[("all", None, 70), ("tdmnpb", None, 50)]),
                    ],
                ),
                criterion(
                    "2",
                    CriterionRule::AtLeast(1),
                    vec![
                        indicator("2.1", IndicatorKind::Max, "%", &[("dbsh", Some(2024), 10)]),
                        indicator("2.2", IndicatorKind::Min, "triệu đồng", &[("all", Some(2024), 40)]),
                    ],
                ),
            ],
            Vec::new(),
        )
        .unwrap();
        let regions = [Some("tdmnpb"), Some("dbsh"), None, Some("dbsh"), Some("tn"), Some("tdmnpb"), Some("btb")];
        let drafts = regions
            .iter()
            .enumerate()
            .map(|(i, r)| UnitDraft {
                code: format!("{i:05}"),
                name: format!("Xã {i}"),
                level: Level::Commune,
                parent_code: None,
                region: r.map(Into::into),
                group: None,
                flags: Vec::new(),
                valid_from: None,
                valid_to: None,
                kind: None,
            })
            .collect();
        let tree = UnitTree::build(drafts, Vec::new()).unwrap();
        let mut values = ValueTable::new(set.element_count());
        let p = Period::parse;
        for u in 0..7u32 {
            let unit = UnitIdx(u);
            let i = i64::from(u);
            if u != 2 {
                values.set(unit, ElementIdx(0), p("2024Q2").unwrap(), Value::Bool(u % 3 != 0)).unwrap();
            }
            values
                .set(unit, ElementIdx(1), p("2024Q1").unwrap(), Value::Fraction { num: 40 + 7 * i, den: 100 })
                .unwrap();
            if u % 2 == 0 {
                values.set(unit, ElementIdx(1), p("2024").unwrap(), Value::Number(Ratio::integer(45 + 5 * i))).unwrap();
            }
            values.set(unit, ElementIdx(2), p("2024Q4").unwrap(), Value::Number(Ratio::integer(5 + 2 * i))).unwrap();
            if u != 4 {
                values
                    .set(unit, ElementIdx(3), p("2024Q3").unwrap(), Value::Number(Ratio::new(77 * i, 2).unwrap()))
                    .unwrap();
            }
        }
        let units: Vec<UnitIdx> = (0..7).map(UnitIdx).collect();
        for period in ["2024", "2024Q2", "2024Q4", "2023"] {
            let period = p(period).unwrap();
            let expected = Evaluator::new(&set, Vec::new(), &tree, &values, period).unwrap().run(&units);
            assert!(expected.criteria_met.iter().any(|&m| m > 0) || period.year() == 2023);
            for threads in [0, 1, 2, 3, 7, 12] {
                let got = evaluate_parallel(&set, &[], &tree, &values, period, &units, threads).unwrap();
                assert_eq!(got, expected, "{period} on {threads} threads");
            }
            let none = evaluate_parallel(&set, &[], &tree, &values, period, &[], 2).unwrap();
            assert_eq!(none, Evaluator::new(&set, Vec::new(), &tree, &values, period).unwrap().run(&[]));
        }
    }

    fn commune(code: &str, parent: Option<&str>, level: Level, region: Option<&str>, flags: &[&str]) -> UnitDraft {
        UnitDraft {
            code: code.into(),
            name: code.into(),
            level,
            parent_code: parent.map(Into::into),
            region: region.map(Into::into),
            group: None,
            flags: flags.iter().map(|f| f.to_string()).collect(),
            valid_from: None,
            valid_to: None,
            kind: None,
        }
    }

    /// A set with one derived minimum (`d` = `n`/`m` in %) and one plain one keyed by region.
    fn derived_set() -> CriteriaSet {
        let mut derived = indicator("1.1", IndicatorKind::Min, "%", &[("all", None, 50), ("dbsh", None, 70)]);
        derived.derived = Some(crate::criteria::Derivation { numerator: "n".into(), denominator: "m".into() });
        let raw = |id: &str| crate::criteria::RawElement {
            id: id.into(),
            name_vi: id.into(),
            name_en: id.into(),
            unit: "km".into(),
            count: false,
        };
        CriteriaSet::new(
            SetInfo { id: "test-set".into(), title_vi: "Bộ thử".into(), ..SetInfo::default() },
            Level::Commune,
            ThresholdScheme::Region,
            vec![crate::criteria::KeyRule {
                flag: "dbkk".into(),
                key: ThresholdKey::parse("tdmnpb").unwrap(),
                source: "test".into(),
                confidence: Confidence::Verified,
                source_en: None,
            }],
            vec![criterion(
                "1",
                CriterionRule::AllIndicators,
                vec![derived, indicator("1.2", IndicatorKind::Min, "%", &[("tdmnpb", None, 10), ("dbsh", None, 90)])],
            )],
            vec![raw("n"), raw("m")],
        )
        .unwrap()
    }

    #[test]
    fn a_derived_indicator_takes_its_own_value_else_its_raw_elements_at_each_period_of_the_chain() {
        let set = derived_set();
        let tree = UnitTree::build(vec![commune("x", None, Level::Commune, Some("dbsh"), &[])], Vec::new()).unwrap();
        let (own, num, den) = (ElementIdx(0), set.element("n").unwrap(), set.element("m").unwrap());
        let unit = UnitIdx(0);
        let periods =
            [Period::Year(2024), Period::Quarter(2024, 1), Period::Quarter(2024, 2), Period::Quarter(2024, 3)];
        // Every combination of: own value in slot a, numerator in slot b, denominator in slot c
        // (slot 5 = absent), over the year and its quarters.
        for a in 0..6usize {
            for b in 0..6usize {
                for c in 0..6usize {
                    let mut values = ValueTable::new(set.element_count());
                    let at = |slot: usize| match slot {
                        0 => Some(Period::Year(2024)),
                        1..=4 => Some(Period::Quarter(2024, u8::try_from(slot).unwrap())),
                        _ => None,
                    };
                    if let Some(p) = at(a) {
                        values.set(unit, own, p, Value::Fraction { num: 3, den: 4 }).unwrap();
                    }
                    if let Some(p) = at(b) {
                        values.set(unit, num, p, Value::Number(Ratio::integer(6))).unwrap();
                    }
                    if let Some(p) = at(c) {
                        values.set(unit, den, p, Value::Number(Ratio::integer(10))).unwrap();
                    }
                    for period in periods.into_iter().chain([Period::Quarter(2024, 4)]) {
                        let ev = Evaluator::new(&set, Vec::new(), &tree, &values, period).unwrap();
                        // The rule, written out: at each period of the chain, the own value, else
                        // both raw elements as numbers.
                        let expected = period.lookup_chain().find_map(|p| {
                            if let Some(value) = values.get(unit, own, p) {
                                return Some(Observed::Entered { value, period: p });
                            }
                            match (values.get(unit, num, p), values.get(unit, den, p)) {
                                (Some(Value::Number(num)), Some(Value::Number(den))) => {
                                    Some(Observed::Derived { num, den, period: p })
                                }
                                _ => None,
                            }
                        });
                        assert_eq!(ev.observe(unit, IndicatorIdx(0)), expected, "{a} {b} {c} {period}");
                    }
                }
            }
        }
    }

    #[test]
    fn profiles_found_by_key_source_are_the_profiles_of_the_key() {
        let set = derived_set();
        let drafts = vec![
            commune("p1", None, Level::Province, Some("dbsh"), &[]),
            commune("p2", None, Level::Province, Some("dbsh"), &[]),
            commune("p3", None, Level::Province, Some("tdmnpb"), &[]),
            commune("p4", None, Level::Province, None, &[]),
            commune("d1", Some("p1"), Level::District, None, &[]),
            commune("d2", Some("p2"), Level::District, Some("tn"), &[]),
            commune("d4", Some("p4"), Level::District, None, &[]),
            commune("c1", Some("d1"), Level::Commune, None, &[]),
            commune("c2", Some("d1"), Level::Commune, None, &["dbkk"]),
            commune("c3", Some("d2"), Level::Commune, None, &[]),
            commune("c4", Some("d2"), Level::Commune, Some("dbsh"), &[]),
            commune("c5", Some("p2"), Level::Commune, None, &[]),
            commune("c6", Some("p3"), Level::Commune, None, &["dbkk"]),
            commune("c7", Some("d4"), Level::Commune, None, &[]),
            commune("c8", Some("d1"), Level::Commune, None, &[]),
        ];
        let tree = UnitTree::build(drafts, Vec::new()).unwrap();
        let layer = ThresholdLayer {
            id: "tinh".into(),
            set_id: "test-set".into(),
            kind: LayerKind::Override,
            title: "Tỉnh".into(),
            scope: Some("p2".into()),
            entries: vec![crate::criteria::LayerEntry {
                indicator: "1.2".into(),
                threshold: Threshold {
                    key: ThresholdKey::All,
                    year: None,
                    value: Ratio::integer(55),
                    confidence: Confidence::Verified,
                    source: "test".into(),
                    source_en: None,
                },
            }],
            title_en: None,
        };
        let values = ValueTable::new(set.element_count());
        let period = Period::Year(2024);
        let mut shared = Evaluator::new(&set, vec![&layer], &tree, &values, period).unwrap();
        let communes: Vec<UnitIdx> = tree.iter().filter(|(_, u)| u.level == Level::Commune).map(|(i, _)| i).collect();
        for _ in 0..2 {
            for &unit in &communes {
                let mut fresh = Evaluator::new(&set, vec![&layer], &tree, &values, period).unwrap();
                for idx in [IndicatorIdx(0), IndicatorIdx(1)] {
                    let (a, b) = (shared.verdict(unit, idx), fresh.verdict(unit, idx));
                    assert_eq!((a.key, a.key_rule, a.threshold), (b.key, b.key_rule, b.threshold), "{unit:?}");
                }
            }
        }
        // Six key sources (p1, the dbkk rule, d2, c4, p2, none) but five profiles: c4 (own dbsh)
        // and c5 (dbsh from p2) share one, both under the layer's scope.
        assert_eq!(shared.source_index.len(), 6);
        assert_eq!(shared.profiles.len(), 5);
    }
}
