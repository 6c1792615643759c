//! What every page carries: the set and period shown (with the periods that have data and the
//! other sets, for the picker), and units as links.

use ntm_domain::explain::period_label;
use ntm_domain::{CriteriaSet, Lang, Period, UnitIdx};
use serde::Serialize;

use crate::state::Live;
use crate::{App, AppError};

/// A period the picker offers.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct PeriodChoice {
    pub code: String,
    pub label: String,
    /// False for a period shown although it holds no data (the picker says so).
    pub has_data: bool,
}

/// What every page shows in its header.
#[derive(Serialize, Clone, Debug)]
pub struct Context {
    pub set_id: String,
    pub set_title: String,
    pub legal_basis: String,
    pub period: String,
    pub period_label: String,
    /// Whether the period has data of the set to judge on (else pages say so, and no figure).
    pub has_data: bool,
    /// The periods with data, years then quarters, newest first; with the period shown and the
    /// years between the first and the last with data, marked, when they hold none.
    pub periods: Vec<PeriodChoice>,
    /// (id, title) of the sets.
    pub sets: Vec<(String, String)>,
    pub demo: bool,
}

/// A unit in a list or link.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    pub level: &'static str,
}

/// A unit as lists and links show it.
pub fn unit_ref(live: &Live, u: UnitIdx) -> UnitRef {
    let unit = live.tree.unit(u);
    UnitRef { code: unit.code.clone(), name: unit.name.clone(), level: unit.level.code() }
}

/// The period a page shows: the one asked for, else the latest year with data, else this year.
pub fn choose_period(live: &Live, set_id: &str, asked: Option<&str>) -> Result<Period, AppError> {
    if let Some(text) = asked.filter(|t| !t.is_empty()) {
        let period = Period::parse(text).map_err(|_| AppError::NotFound)?;
        // Only years that make sense for the set (or hold data): arbitrary years would each
        // add an evaluation to the cache.
        let set = live.set(set_id).ok_or(AppError::NotFound)?;
        let has_data = live.periods_with_data(set_id).iter().any(|p| p.year() == period.year());
        if !has_data && !set.plausible_years().contains(&period.year()) {
            return Err(AppError::NotFound);
        }
        return Ok(period);
    }
    let latest_year = live.periods_with_data(set_id).into_iter().find(|p| matches!(p, Period::Year(_)));
    let latest = latest_year.or_else(|| live.periods_with_data(set_id).first().map(|p| Period::Year(p.year())));
    Ok(latest.unwrap_or(Period::Year(2024)))
}

/// The periods a picker offers: those with data, years first then quarters, newest first; the
/// years between the first and the last with data that hold none, and the period shown, marked.
pub fn period_choices(live: &Live, set_id: &str, shown: Period, lang: Lang) -> Vec<PeriodChoice> {
    let stored = live.periods_with_data(set_id);
    let mut years: Vec<i32> = stored.iter().map(Period::year).collect();
    if let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) {
        years = (first..=last).collect();
    }
    let mut periods: Vec<Period> = years.into_iter().map(Period::Year).collect();
    periods.extend(stored.iter().copied().filter(|p| matches!(p, Period::Quarter(..))));
    if !periods.contains(&shown) {
        periods.push(shown);
    }
    // Years, then quarters; newest first within each.
    periods.sort_by_key(|p| (matches!(p, Period::Quarter(..)), std::cmp::Reverse((p.year(), p.end()))));
    periods
        .into_iter()
        .map(|p| PeriodChoice { code: p.to_string(), label: period_label(p, lang), has_data: live.has_data(set_id, p) })
        .collect()
}

pub fn context(app: &App, live: &Live, set: &CriteriaSet, period: Period, lang: Lang) -> Context {
    Context {
        set_id: set.id().to_string(),
        set_title: lang.pick(&set.info.title_vi, &set.info.title_en).to_string(),
        legal_basis: lang.twin(&set.info.legal_basis, set.info.legal_basis_en.as_deref()).to_string(),
        period: period.to_string(),
        period_label: period_label(period, lang),
        has_data: live.has_data(set.id(), period),
        periods: period_choices(live, set.id(), period, lang),
        sets: live
            .catalog
            .sets()
            .map(|s| (s.set.id().to_string(), lang.pick(&s.set.info.title_vi, &s.set.info.title_en).to_string()))
            .collect(),
        demo: app.config.demo,
    }
}

/// Which page of a long list a page shows: the list stays under the page weight whatever its
/// length, every row reachable page after page. A page past the last shows the last.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    pub page: usize,
    /// At least 1 (an empty list has one, empty, page).
    pub pages: usize,
    pub per_page: usize,
    /// The rows of the list, on every page.
    pub total: usize,
}

impl Paging {
    /// Page `asked` (from 1) of `total` rows, `per_page` a page.
    pub fn new(total: usize, per_page: usize, asked: usize) -> Paging {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        Paging { page: asked.clamp(1, pages), pages, per_page, total }
    }

    /// The rows of this page, of the whole list.
    pub fn rows<T>(&self, all: impl IntoIterator<Item = T>) -> Vec<T> {
        all.into_iter().skip((self.page - 1) * self.per_page).take(self.per_page).collect()
    }
}

#[cfg(test)]
mod paging_tests {
    use super::Paging;

    #[test]
    fn every_row_is_on_exactly_one_page_and_a_page_past_the_last_is_the_last() {
        for total in [0, 1, 49, 50, 51, 453] {
            let pages = Paging::new(total, 50, 1).pages;
            let seen: Vec<usize> = (1..=pages).flat_map(|p| Paging::new(total, 50, p).rows(0..total)).collect();
            assert_eq!(seen, (0..total).collect::<Vec<_>>(), "{total}");
        }
        assert_eq!(Paging::new(453, 50, 99).page, 10);
        assert_eq!(Paging::new(0, 50, 3).page, 1);
        assert_eq!(Paging::new(3, 50, 0).page, 1);
    }
}
