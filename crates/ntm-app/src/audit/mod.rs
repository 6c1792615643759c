//! The change log, read per request (never held in the live state): who changed what, when,
//! as typed events that each page words in its reader's language. A page of the log names what
//! each change is about — the unit, the set, the account, the agency — as the data name them, and
//! lists the values a saved form changed, old → new. The log is read by unit (and all under it),
//! person, area and date, page by page with the filters kept.

use ntm_domain::audit::{Event, EventArea};
use ntm_domain::criteria::ElementRef;
use ntm_domain::explain::period_label;
use ntm_domain::time::vietnam_time_label;
use ntm_domain::{Action, Date, Lang, Level, Period, UnitIdx, Value, can};
use ntm_store::{AuditPerson, AuditQuery, AuditRecord};

use crate::entry::{ShownValue, YesNo};
use crate::page::{UnitRef, unit_ref};
use crate::state::Live;
use crate::{App, AppError, User};

/// Rows of the change log per page.
pub const AUDIT_PAGE: i64 = 40;

/// The values of one saved form listed beside it; the others are counted.
pub const LISTED_VALUES: usize = 6;

/// The most units the unit filter offers; a larger tree offers its levels above the communes.
pub const MAX_UNIT_CHOICES: usize = 300;

/// The `who` of the address that means the command line (no account: user names are 3 or more
/// characters).
pub const COMMAND_LINE: &str = "-";

/// The filters as the address gives them, not yet checked (empty: not filtered).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilterInput {
    pub unit: String,
    pub who: String,
    pub area: String,
    pub from: String,
    pub to: String,
    pub before: Option<i64>,
}

impl LogFilterInput {
    /// Whether any filter is set (the page cursor aside).
    pub fn is_filtered(&self) -> bool {
        [&self.unit, &self.who, &self.area, &self.from, &self.to].iter().any(|f| !f.trim().is_empty())
    }
}

/// A filter that cannot be applied, and the field it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterProblem {
    /// No unit has this code.
    UnknownUnit(String),
    /// No account has this user name.
    UnknownPerson(String),
    UnknownArea(String),
    /// A date that is not one (`field` is `from` or `to`), as typed.
    BadDate {
        field: &'static str,
        text: String,
    },
    /// The first day is after the last.
    FromAfterTo,
}

impl FilterProblem {
    /// The field of the address (and of the form) it is about.
    pub fn field(&self) -> &'static str {
        match self {
            FilterProblem::UnknownUnit(_) => "unit",
            FilterProblem::UnknownPerson(_) => "who",
            FilterProblem::UnknownArea(_) => "area",
            FilterProblem::BadDate { field, .. } => field,
            FilterProblem::FromAfterTo => "to",
        }
    }
}

/// Whose changes the log shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    Account(String),
    CommandLine,
}

/// The filters, checked: each one that could be read (a bad one is left out and reported).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub unit: Option<UnitRef>,
    pub who: Option<Who>,
    pub area: Option<EventArea>,
    /// The first and last days (Vietnam time), both included.
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub before: Option<i64>,
}

/// A person as the log names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub username: String,
    pub name: String,
}

/// A code and its name in the reader's language (a set and its title, an agency, an indicator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// One value a saved form changed: the one before (`None`: none) and after (`None`: cleared).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueLine {
    pub element: String,
    /// What the element is, for naming it (a raw element's id is the set's own key).
    pub of: ValueOf,
    pub old: Option<ShownValue>,
    pub new: Option<ShownValue>,
    /// How its yes/no answers read.
    pub yes_no: YesNo,
}

/// What a changed value is a value of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueOf {
    /// An indicator, which its number names (`3.1`).
    Indicator,
    /// The numerator of the indicator with this number, computed from raw counts.
    Numerator(String),
    /// Its denominator.
    Denominator(String),
    /// Another raw element, by its name in the reader's language.
    Raw(String),
}

/// What an element of a set is, for the log.
fn value_of(set: &ntm_domain::CriteriaSet, e: ntm_domain::criteria::ElementIdx, lang: Lang) -> ValueOf {
    let ElementRef::Raw(r) = set.element_kind(e) else { return ValueOf::Indicator };
    let feeds = set.criteria().iter().flat_map(|c| &c.indicators).find_map(|i| {
        let d = i.derived.as_ref()?;
        match (d.numerator == r.id, d.denominator == r.id) {
            (true, _) => Some(ValueOf::Numerator(i.id.clone())),
            (_, true) => Some(ValueOf::Denominator(i.id.clone())),
            _ => None,
        }
    });
    feeds.unwrap_or_else(|| ValueOf::Raw(lang.pick(&r.name_vi, &r.name_en).to_string()))
}

/// One change of the log with the names of what it is about.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub id: i64,
    /// The instant (milliseconds since the epoch, UTC).
    pub at: i64,
    /// `dd/mm/yyyy HH:MM`, Vietnam time.
    pub when: String,
    /// The account that made it; `None`: the command line.
    pub who: Option<Person>,
    pub event: Event,
    /// The short machine key the store keeps for it (`Event::subject` when it was recorded).
    pub subject: String,
    /// How many records it touched.
    pub changes: i64,
    /// The unit it is about (a saved form, a recognition).
    pub unit: Option<UnitRef>,
    /// The set it is about, with its title.
    pub set: Option<Named>,
    /// The period of a saved form, with its label.
    pub period: Option<Named>,
    /// The account it is about (added, its password set, locked).
    pub account: Option<Person>,
    /// The agency it is about, named in the reader's language.
    pub agency: Option<Named>,
    /// The indicator of a threshold, or the criterion given to an agency, with its name.
    pub element: Option<Named>,
    /// The values a saved form changed, the first [`LISTED_VALUES`] of them in the set's order.
    pub values: Vec<ValueLine>,
    /// How many more it changed.
    pub more_values: usize,
}

/// A unit the unit filter offers, with its depth in the tree (0 for a root).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitChoice {
    pub unit: UnitRef,
    pub depth: usize,
}

/// One page of the change log, newest first, and where the next one starts.
#[derive(Clone, Debug)]
pub struct ChangeLog {
    pub rows: Vec<LogEntry>,
    /// The id to ask rows before, for the next page (none when this is the last).
    pub next_before: Option<i64>,
    pub filter: LogFilter,
    pub problems: Vec<FilterProblem>,
    /// What the filters offer: units, and the accounts that made a change.
    pub units: Vec<UnitChoice>,
    pub people: Vec<Person>,
}

/// A value as the log shows it (as a value's history does).
fn shown(v: Option<Value>, lang: Lang) -> Option<ShownValue> {
    Some(match v? {
        Value::Bool(b) => ShownValue::Answer(b),
        Value::Number(r) => ShownValue::Number(lang.number_places(r, 9)),
        v => ShownValue::Number(v.to_string()),
    })
}

/// The units the unit filter offers: every unit above the villages, in tree order, with the one
/// asked for (a village, say) among them; above the communes only when there are too many.
fn unit_choices(live: &Live, asked: Option<&UnitRef>) -> Vec<UnitChoice> {
    let tree = &live.tree;
    let choose = |levels: &[Level]| -> Vec<UnitChoice> {
        tree.iter()
            .filter(|(_, u)| levels.contains(&u.level) || asked.is_some_and(|a| a.code == u.code))
            .map(|(i, _)| UnitChoice { unit: unit_ref(live, i), depth: tree.ancestors(i).count() })
            .collect()
    };
    let all = choose(&[Level::Province, Level::District, Level::Commune]);
    if all.len() <= MAX_UNIT_CHOICES { all } else { choose(&[Level::Province, Level::District]) }
}

impl App {
    /// Checks the filters of the address: each one that reads, and a problem for each that
    /// does not (the page shows the log filtered by the others, and says what is wrong).
    pub async fn log_filter(&self, input: &LogFilterInput) -> Result<(LogFilter, Vec<FilterProblem>), AppError> {
        let mut problems = Vec::new();
        let mut filter = LogFilter { before: input.before, ..LogFilter::default() };
        let unit = input.unit.trim();
        if !unit.is_empty() {
            let live = self.live();
            match live.tree.latest(unit) {
                Some(idx) => filter.unit = Some(unit_ref(&live, idx)),
                None => problems.push(FilterProblem::UnknownUnit(unit.to_string())),
            }
        }
        let who = input.who.trim();
        if who == COMMAND_LINE {
            filter.who = Some(Who::CommandLine);
        } else if !who.is_empty() {
            match self.db.user_by_name(who).await? {
                Some(u) => filter.who = Some(Who::Account(u.username)),
                None => problems.push(FilterProblem::UnknownPerson(who.to_string())),
            }
        }
        let area = input.area.trim();
        if !area.is_empty() {
            match EventArea::from_code(area) {
                Some(a) => filter.area = Some(a),
                None => problems.push(FilterProblem::UnknownArea(area.to_string())),
            }
        }
        for (field, text, slot) in [("from", &input.from, &mut filter.from), ("to", &input.to, &mut filter.to)] {
            let text = text.trim();
            if !text.is_empty() {
                match Date::parse(text) {
                    Ok(d) => *slot = Some(d),
                    Err(_) => problems.push(FilterProblem::BadDate { field, text: text.to_string() }),
                }
            }
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            problems.push(FilterProblem::FromAfterTo);
            filter.to = None;
        }
        Ok((filter, problems))
    }

    /// A page of the change log, for those who may see it, filtered as the address asks, with
    /// the names of what each change is about in `lang`.
    pub async fn change_log(&self, user: &User, input: &LogFilterInput, lang: Lang) -> Result<ChangeLog, AppError> {
        if !can(Some(&user.principal), Action::ViewAudit, &self.live().tree, false) {
            return Err(AppError::Forbidden);
        }
        let (filter, problems) = self.log_filter(input).await?;
        let unit_id = {
            let live = self.live();
            filter.unit.as_ref().and_then(|u| live.tree.latest(&u.code)).and_then(|i| live.unit_id(i))
        };
        let query = AuditQuery {
            before: filter.before,
            limit: AUDIT_PAGE + 1,
            unit: unit_id,
            person: filter.who.as_ref().map(|w| match w {
                Who::Account(name) => AuditPerson::Account(name.clone()),
                Who::CommandLine => AuditPerson::CommandLine,
            }),
            area: filter.area,
            from: filter.from.map(|d| d.vietnam_start_ms()),
            until: filter.to.and_then(|d| d.add_days(1)).map(|d| d.vietnam_start_ms()),
        };
        let mut records = self.db.audit_log(&query).await?;
        let page = usize::try_from(AUDIT_PAGE).unwrap_or(usize::MAX);
        let more = records.len() > page;
        records.truncate(page);
        let next_before = if more { records.last().map(|r| r.id) } else { None };
        let accounts = match records.iter().any(|r| EventArea::of_action(r.event.action()) == Some(EventArea::Accounts))
        {
            true => self.db.users().await?,
            false => Vec::new(),
        };
        let mut rows = Vec::with_capacity(records.len());
        for r in records {
            rows.push(self.log_entry(r, &accounts, lang).await?);
        }
        let people =
            self.db.audit_people().await?.into_iter().map(|(username, name)| Person { username, name }).collect();
        let units = unit_choices(&self.live(), filter.unit.as_ref());
        Ok(ChangeLog { rows, next_before, filter, problems, units, people })
    }

    /// A change of the log with the names of what it is about.
    pub(crate) async fn log_entry(
        &self,
        r: AuditRecord,
        accounts: &[ntm_store::UserRecord],
        lang: Lang,
    ) -> Result<LogEntry, AppError> {
        let mut e = LogEntry {
            id: r.id,
            at: r.at,
            when: vietnam_time_label(r.at),
            who: r
                .username
                .map(|username| Person { name: r.display_name.unwrap_or_else(|| username.clone()), username }),
            event: r.event,
            subject: r.subject,
            changes: r.changes,
            unit: None,
            set: None,
            period: None,
            account: None,
            agency: None,
            element: None,
            values: Vec::new(),
            more_values: 0,
        };
        // What the change is about, named from the live state (a code it no longer knows stays
        // a code: the page shows it as recorded).
        let mut saved: Option<(i64, String)> = None;
        {
            let live = self.live();
            let set_named = |id: &str| Named {
                code: id.to_string(),
                name: live.set(id).map_or(id, |s| lang.pick(&s.info.title_vi, &s.info.title_en)).to_string(),
            };
            let unit_at =
                |code: &str, idx: Option<UnitIdx>| idx.or_else(|| live.tree.latest(code)).map(|i| unit_ref(&live, i));
            let account_named = |username: &str| {
                let name = accounts.iter().find(|a| a.username == username).map(|a| a.display_name.clone());
                Person { username: username.to_string(), name: name.unwrap_or_else(|| username.to_string()) }
            };
            let criterion_named = |set: &str, criterion: &str| Named {
                code: criterion.to_string(),
                name: live
                    .set(set)
                    .and_then(|s| s.criteria().iter().find(|c| c.id == criterion))
                    .map_or("", |c| lang.pick(&c.name_vi, &c.name_en))
                    .to_string(),
            };
            let agency_named = |code: &str| Named {
                code: code.to_string(),
                name: live.org.by_code(code).map_or(code, |a| a.name_in(lang)).to_string(),
            };
            match &e.event {
                Event::ValuesSaved { unit, set, period, .. } => {
                    let p = Period::parse(period).ok();
                    let idx = p.and_then(|p| live.tree.resolve(unit, p).ok());
                    e.unit = unit_at(unit, idx);
                    e.set = Some(set_named(set));
                    e.period = p.map(|p| Named { code: period.clone(), name: period_label(p, lang) });
                    saved = idx.and_then(|i| live.unit_id(i)).map(|id| (id, period.clone()));
                }
                Event::ValuesImported { set, .. } if !set.is_empty() => e.set = Some(set_named(set)),
                Event::ThresholdSet { set, indicator, .. } => {
                    e.set = Some(set_named(set));
                    e.element = Some(Named {
                        code: indicator.clone(),
                        name: live
                            .set(set)
                            .and_then(|s| Some(s.indicator(s.indicator_by_id(indicator)?)))
                            .map_or("", |i| lang.pick(&i.name_vi, &i.name_en))
                            .to_string(),
                    });
                }
                Event::AccountAdded { username, .. }
                | Event::PasswordSet { username }
                | Event::AccountLocked { username }
                | Event::AccountUnlocked { username } => e.account = Some(account_named(username)),
                Event::AgencyAdded { code, name, name_en } => {
                    e.agency = Some(Named { code: code.clone(), name: lang.twin(name, Some(name_en)).to_string() });
                }
                Event::AgencyCriterionAssigned { agency, set, criterion } => {
                    e.agency = Some(agency_named(agency));
                    e.set = Some(set_named(set));
                    e.element = Some(criterion_named(set, criterion));
                }
                Event::RecognitionAdded { unit, decided_on, .. } if !unit.is_empty() => {
                    let idx = Date::parse(decided_on).ok().and_then(|d| live.tree.find_on(unit, d));
                    e.unit = unit_at(unit, idx);
                }
                Event::PlansImported { set, .. } => e.set = Some(set_named(set)),
                Event::PlanSaved { unit, set, criterion, .. } | Event::PlanDeleted { unit, set, criterion, .. } => {
                    e.unit = unit_at(unit, None);
                    if !set.is_empty() {
                        e.set = Some(set_named(set));
                        e.element = Some(criterion_named(set, criterion));
                    }
                }
                Event::RecognitionLost { unit, lost_on, .. } if !unit.is_empty() => {
                    let idx = Date::parse(lost_on).ok().and_then(|d| live.tree.find_on(unit, d));
                    e.unit = unit_at(unit, idx);
                }
                Event::ReasonSaved { unit, set, criterion, .. } => {
                    e.unit = unit_at(unit, None);
                    e.set = Some(set_named(set));
                    if criterion != "all" {
                        e.element = Some(criterion_named(set, criterion));
                    }
                }
                _ => {}
            }
        }
        if let (Some((unit_id, period)), Event::ValuesSaved { set, .. }) = (saved, &e.event) {
            let changed = self.db.values_of_change(e.id, unit_id, &period).await?;
            let live = self.live();
            let mut lines: Vec<(usize, ValueLine)> = changed
                .into_iter()
                .filter(|c| c.set_id == *set)
                .map(|c| {
                    let idx = live.set(set).and_then(|s| Some((s, s.element(&c.element)?)));
                    let yes_no = idx.map_or(YesNo::Meets, |(s, i)| crate::entry::yes_no(s, i));
                    let order = idx.map_or(usize::MAX, |(_, i)| usize::from(i.0));
                    let of = idx.map_or(ValueOf::Indicator, |(s, i)| value_of(s, i, lang));
                    let line =
                        ValueLine { element: c.element, of, old: shown(c.old, lang), new: shown(c.new, lang), yes_no };
                    (order, line)
                })
                .collect();
            lines.sort_by(|a, b| (a.0, &a.1.element).cmp(&(b.0, &b.1.element)));
            e.more_values = lines.len().saturating_sub(LISTED_VALUES);
            e.values = lines.into_iter().take(LISTED_VALUES).map(|(_, l)| l).collect();
        }
        Ok(e)
    }
}
