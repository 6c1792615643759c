//! What the evaluation pages say about themselves rather than about a unit: how sure the set's
//! thresholds are (once per page), which unit a page of many units is about (its print head),
//! and the words of the charts' axes.

use ntm_app::App;
use ntm_domain::{IndicatorKind, Period};
use ntm_text::T;

/// The notice that most (or some) thresholds and yes/no indicators of a set are not verified
/// against the official text, said once on a page instead of a mark on every verdict; `None`
/// when every one is verified. Illustrative layers are not counted: their verdicts carry their
/// own mark.
pub fn unverified_notice(app: &App, set_id: &str, t: T) -> Option<String> {
    let live = app.live();
    let set = live.set(set_id)?;
    let (mut total, mut unverified) = (0usize, 0usize);
    for i in set.criteria().iter().flat_map(|c| &c.indicators) {
        match i.kind {
            IndicatorKind::Boolean { .. } => {
                total += 1;
                unverified += usize::from(!i.confidence.is_verified());
            }
            _ => {
                total += i.thresholds.len();
                unverified += i.thresholds.iter().filter(|th| !th.confidence.is_verified()).count();
            }
        }
    }
    if unverified == 0 {
        None
    } else if unverified * 2 > total {
        Some(t.unverified_notice_most(unverified, total))
    } else {
        Some(t.unverified_notice_some(unverified, total))
    }
}

/// The unit a page of many units is about: the lowest unit that holds every unit the set
/// evaluated in the period (the district of the demo's communes); `None` when they share none.
pub fn managing_unit(app: &App, set_id: &str, period: &str) -> Option<String> {
    let period = Period::parse(period).ok()?;
    let live = app.live();
    let eval = live.evaluation(set_id, period)?;
    live.managing_unit(eval).map(|u| live.tree.unit(u).name.clone())
}
