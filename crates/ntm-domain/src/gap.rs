//! How far a value is from its threshold: the gap to the standard, in the indicator's own unit.

use crate::criteria::IndicatorKind;
use crate::ratio::Ratio;

/// How much is still missing for `measure` to meet `threshold` (a minimum: threshold − value; a
/// maximum: value − threshold); `None` for yes/no indicators, for a value that meets it, and when
/// the difference does not fit.
pub fn gap_to_threshold(kind: IndicatorKind, measure: Ratio, threshold: Ratio) -> Option<Ratio> {
    let gap = match kind {
        IndicatorKind::Min => threshold.checked_sub(&measure)?,
        IndicatorKind::Max => measure.checked_sub(&threshold)?,
        IndicatorKind::Boolean { .. } => return None,
    };
    (gap > Ratio::integer(0)).then_some(gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Ratio {
        Ratio::parse_decimal(text).unwrap()
    }

    #[test]
    fn the_gap_is_what_is_still_missing_in_the_indicators_unit() {
        assert_eq!(gap_to_threshold(IndicatorKind::Min, r("72"), r("75")), Some(r("3")));
        assert_eq!(gap_to_threshold(IndicatorKind::Min, r("38.5"), r("45")), Some(r("6.5")));
        assert_eq!(
            gap_to_threshold(IndicatorKind::Max, r("13.2"), r("13")),
            Some(r("0.2")),
            "poverty above its ceiling"
        );
        assert_eq!(gap_to_threshold(IndicatorKind::Min, r("75"), r("75")), None, "met: no gap");
        assert_eq!(gap_to_threshold(IndicatorKind::Max, r("10"), r("13")), None);
        assert_eq!(gap_to_threshold(IndicatorKind::Boolean { expected: true }, r("0"), r("1")), None);
    }
}
