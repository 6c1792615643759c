//! An early warning in words: the reason sentence of `ntm warnings` and of the pages, made from
//! the warning's figures (`locales/{vi,en}/warnings.ftl`).

use ntm_domain::explain::{period_label, unit_label};
use ntm_domain::forecast::HORIZON;
use ntm_domain::{CriteriaSet, Figures, Indicator, IndicatorKind, Period, Ratio, Warning};

use crate::T;

impl T {
    /// The reason of a warning of `set` in `period`, one sentence with its figures.
    pub fn warning_reason(&self, set: &CriteriaSet, period: Period, w: &Warning) -> String {
        let lang = self.lang;
        let period_text = period_label(period, lang);
        let criterion = w.criterion.and_then(|c| set.criteria().get(c));
        let (criterion_id, criterion_name) =
            criterion.map_or(("", ""), |c| (c.id.as_str(), lang.pick(&c.name_vi, &c.name_en)));
        let indicator = w.indicator.map(|i| set.indicator(i));
        let indicator_id = indicator.map_or("", |i| i.id.as_str());
        let planned = w.planned_year.map(|y| y.to_string()).unwrap_or_default();
        match &w.figures {
            Figures::NotMet { level: Some(level), criteria_met, criteria_total, .. } if criterion.is_none() => self
                .warning_planned_standard(
                    self.warning_level(level.code()),
                    &planned,
                    &period_text,
                    criteria_met,
                    criteria_total,
                ),
            Figures::NotMet { status, .. } => {
                self.warning_planned_criterion(criterion_id, criterion_name, &planned, &period_text, status.code())
            }
            Figures::Recognised { level, decision, decided_on } => self.warning_backsliding(
                self.warning_level(level.code()),
                decision,
                decided_on.to_vietnamese(),
                criterion_id,
                criterion_name,
                &period_text,
            ),
            Figures::Pace { value, value_period, threshold, trend, thresholds_until, .. } => {
                let Some(ind) = indicator else { return String::new() };
                let value = measure(ind, *value, lang);
                let sign = if ind.kind == IndicatorKind::Max { "≤" } else { "≥" };
                let threshold = format!("{sign} {}", measure(ind, *threshold, lang));
                let slope = signed(trend.slope, lang);
                let value_period = period_label(*value_period, lang);
                let (years, horizon_end) = (trend.years, trend.origin + HORIZON);
                let trend = match (w.projected_year, *thresholds_until) {
                    (Some(projected), _) => self.warning_trend_late(years, slope, projected, &planned),
                    (None, Some(until)) if until < horizon_end => {
                        self.warning_trend_until(years, slope, until, &planned)
                    }
                    (None, Some(_)) => self.warning_trend_never(years, slope, HORIZON, &planned),
                    (None, None) => self.warning_trend_unconfigured(trend.origin, &planned),
                };
                self.warning_off_pace(indicator_id, criterion_name, value, value_period, threshold, trend)
            }
            Figures::NotReported => self.warning_missing_data(indicator_id, criterion_name, &period_text),
        }
    }
}

/// A quantity of an indicator for people: `72,5%`, `44 triệu đồng/người/năm`.
fn measure(ind: &Indicator, r: Ratio, lang: ntm_domain::Lang) -> String {
    let unit = unit_label(ind.unit.trim(), lang);
    match unit {
        "%" => format!("{}%", lang.number(r)),
        "" => lang.number(r),
        u => format!("{} {u}", lang.number(r)),
    }
}

/// A change with its sign: `+1,6`, `-2,5`, `0`.
fn signed(r: Ratio, lang: ntm_domain::Lang) -> String {
    let n = lang.number(r);
    if r > Ratio::integer(0) { format!("+{n}") } else { n }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use ntm_domain::forecast::Trend;
    use ntm_domain::{Lang, Status, UnitIdx, WarningKind};

    use super::*;

    fn pace(projected: Option<i32>, thresholds_until: Option<i32>) -> Warning {
        let r = |t: &str| Ratio::parse_decimal(t).unwrap();
        let set = ntm_io::Catalog::shipped().unwrap();
        let idx = set.set("xa-ntm-2021-2025").unwrap().indicator_by_id("11").unwrap();
        Warning {
            kind: WarningKind::OffPace,
            unit: UnitIdx(0),
            criterion: Some(10),
            indicator: Some(idx),
            planned_year: Some(2025),
            projected_year: projected,
            figures: Figures::Pace {
                value: r("15.5"),
                value_period: Period::Quarter(2024, 3),
                threshold: r("13"),
                trend: Trend { origin: 2024, at_origin: r("15.2"), slope: r("-0.75"), years: 4, rounded: false },
                thresholds_until,
                points: Vec::new(),
                thresholds: Vec::new(),
            },
        }
    }

    #[test]
    fn an_off_pace_reason_says_when_the_trend_reaches_the_threshold_or_why_it_does_not() {
        let catalog = ntm_io::Catalog::shipped().unwrap();
        let set = catalog.set("xa-ntm-2021-2025").unwrap();
        let (en, vi) = (T { lang: Lang::En }, T { lang: Lang::Vi });
        let reason = |t: T, w: &Warning| t.warning_reason(set, Period::Year(2024), w);
        let start = "Indicator 11 (criterion Multidimensional poverty): 15.5% in Q3 2024 against ≤ 13%; ";
        assert_eq!(
            reason(en, &pace(Some(2028), Some(2034))),
            format!(
                "{start}on the trend of 4 years (-0.75 a year) it reaches the threshold in 2028, after the planned year 2025."
            )
        );
        assert_eq!(
            reason(en, &pace(None, Some(2034))),
            format!(
                "{start}on the trend of 4 years (-0.75 a year) it does not reach the threshold within 10 years (planned for 2025)."
            )
        );
        assert_eq!(
            reason(en, &pace(None, Some(2026))),
            format!(
                "{start}on the trend of 4 years (-0.75 a year) it does not reach the threshold by 2026, the last year with a threshold configured (planned for 2025)."
            )
        );
        assert_eq!(
            reason(en, &pace(None, None)),
            format!(
                "{start}no threshold is configured for the years after 2024 to project the trend against (planned for 2025)."
            )
        );
        assert_eq!(
            reason(vi, &pace(None, None)),
            "Chỉ tiêu 11 (tiêu chí Nghèo đa chiều): 15,5% trong quý 3/2024, ngưỡng ≤ 13%; chưa có ngưỡng cho các năm sau năm 2024 để dự báo theo xu hướng (kế hoạch: năm 2025)."
        );
        let standard = Warning {
            kind: WarningKind::PlannedNotMet,
            criterion: None,
            indicator: None,
            projected_year: None,
            figures: Figures::NotMet {
                status: Status::Missing,
                level: Some(ntm_domain::RecognitionLevel::NangCao),
                criteria_met: 17,
                criteria_total: 19,
            },
            ..pace(None, None)
        };
        assert_eq!(
            reason(vi, &standard),
            "Theo kế hoạch đạt chuẩn nông thôn mới nâng cao trong năm 2025; năm 2024 mới đạt 17/19 tiêu chí."
        );
    }
}
