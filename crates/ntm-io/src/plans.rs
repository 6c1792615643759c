//! The targets CSV: one row per unit a target names, the rows of one target sharing its code.
//! Header `target,kind,year,set,level,quota,title,source,unit_code` (+ optional `title_en`,
//! `unit_quota`, `indicator`, `value`, `managing_unit`). The target's own fields (kind … source,
//! title_en, indicator, value, managing_unit) may be written on each of its rows or on one only;
//! written twice, they must agree. `kind` is `units_at_standard` (units meeting the standard of
//! `set`), `villages_recognised` (villages of each named commune recognised at `level`,
//! `unit_quota` per commune), `unit_recognised` (named units recognised at `level`),
//! `average_criteria` (the average of criteria of `set` met per unit at least `quota`, a decimal
//! such as `17.5`) or `indicator` (`indicator` of `set` at least or at most — by the indicator's
//! kind — `value` in each unit); `quota` is how many must be reached (0: every unit named);
//! `source` cites the document that set the target. An average or indicator target may leave
//! `unit_code` empty on a single row: it then counts every unit of the set under its managing
//! unit. `managing_unit` is the code of the unit the target belongs to (empty: the top unit of
//! the tree); the units it names must lie under it. Checked against the unit tree and the
//! criteria sets; all targets or none.

use std::collections::HashMap;

use ntm_domain::plan::valid_target_code;
use ntm_domain::{Date, Level, Period, Ratio, Target, TargetKind, TargetPart, UnitTree};

use crate::criteria_file::Catalog;
use crate::error::{InputErrors, Location, Problem};
use crate::recognitions::recognition_level;
use crate::sheet::{count, field, read_sheet, required, seen_before, year};
use crate::text::{Bound, bounded};
use crate::values::year_outside_set;

/// One checked target (its store id 0) with the first line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRow {
    pub target: Target,
    pub line: u64,
}

/// The target's own fields, by column name, in the order of [`Draft::values`].
const FIELDS: [&str; 11] =
    ["kind", "year", "set", "level", "quota", "title", "title_en", "source", "indicator", "value", "managing_unit"];
const KIND: usize = 0;
const YEAR: usize = 1;
const SET: usize = 2;
const LEVEL: usize = 3;
const QUOTA: usize = 4;
const TITLE: usize = 5;
const TITLE_EN: usize = 6;
const SOURCE: usize = 7;
const INDICATOR: usize = 8;
const VALUE: usize = 9;
const MANAGING_UNIT: usize = 10;

/// The rows of one target as read: each own field's first value with its line, and its units.
struct Draft<'a> {
    code: &'a str,
    line: u64,
    values: [Option<(u64, &'a str)>; 11],
    /// (line, unit_code, unit_quota)
    parts: Vec<(u64, &'a str, &'a str)>,
}

impl Draft<'_> {
    fn get(&self, k: usize) -> &str {
        self.values[k].map_or("", |(_, v)| v)
    }

    /// Where a field was written (the target's first line when it was not).
    fn at(&self, name: &str, k: usize) -> Location {
        Location::at(name, self.values[k].map_or(self.line, |(l, _)| l), FIELDS[k])
    }
}

/// Reads and checks every target; returns all errors if any row is bad.
pub fn read_targets(name: &str, text: &str, tree: &UnitTree, catalog: &Catalog) -> Result<Vec<TargetRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["target", "kind", "year", "set", "level", "quota", "title", "source", "unit_code"])?;
    let (c_target, c_unit) = (cols[0], cols[8]);
    let columns = FIELDS.map(|f| sheet.column(f));
    let c_unit_quota = sheet.column("unit_quota");
    let mut errors = InputErrors::default();
    let mut drafts: Vec<Draft<'_>> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (line, row) in sheet.filled_rows() {
        let at = |f: &str| Location::at(name, line, f);
        let code = field(row, c_target);
        let Some(code) = errors.take(at("target"), required(code).and_then(target_code)) else { continue };
        let i = *position.entry(code).or_insert_with(|| {
            drafts.push(Draft { code, line, values: [None; 11], parts: Vec::new() });
            drafts.len() - 1
        });
        let Some(draft) = drafts.get_mut(i) else { continue };
        for (k, column) in columns.iter().enumerate() {
            let value = column.map_or("", |c| field(row, c));
            match draft.values[k] {
                _ if value.is_empty() => {}
                None => draft.values[k] = Some((line, value)),
                Some((first, earlier)) if earlier != value => {
                    errors.push(at(FIELDS[k]), Problem::DiffersFromLine { first_line: first });
                }
                Some(_) => {}
            }
        }
        draft.parts.push((line, field(row, c_unit), c_unit_quota.map_or("", |c| field(row, c))));
    }
    let mut out = Vec::new();
    for d in &drafts {
        if let Some(target) = target_of(d, name, tree, catalog, &mut errors) {
            out.push(TargetRow { target, line: d.line });
        }
    }
    errors.into_result(out)
}

fn target_code(code: &str) -> Result<&str, Problem> {
    if valid_target_code(code) { Ok(code) } else { Err(Problem::BadCode(code.into())) }
}

fn kind_of(text: &str) -> Result<TargetKind, Problem> {
    TargetKind::from_code(&required(text)?.to_lowercase()).ok_or_else(|| Problem::UnknownTargetKind(text.into()))
}

/// One target from its rows, or `None` with its problems recorded.
fn target_of(
    d: &Draft<'_>,
    name: &str,
    tree: &UnitTree,
    catalog: &Catalog,
    errors: &mut InputErrors,
) -> Option<Target> {
    let before = errors.0.len();
    let at = |k: usize| d.at(name, k);
    let kind = errors.take(at(KIND), kind_of(d.get(KIND)));
    let year = errors.take(at(YEAR), required(d.get(YEAR)).and_then(year));
    let for_kind = |k: TargetKind| format!("kind {}", k.code());
    let on_data = kind.is_some_and(|k| k.on_data());
    let set = match (kind, d.get(SET)) {
        (Some(k), "") if k.on_data() => errors.take(at(SET), Err(Problem::RequiredFor(for_kind(k)))),
        (Some(k), id) if k.on_data() => {
            errors.take(at(SET), catalog.set(id).ok_or_else(|| Problem::UnknownSet(id.into())))
        }
        (Some(k), id) if !id.is_empty() => errors.take(at(SET), Err(Problem::NotAllowedFor(for_kind(k)))),
        _ => None,
    };
    if let (Some(set), Some(y)) = (set, year)
        && let Some(problem) = year_outside_set(set, Period::Year(y))
    {
        errors.push(at(YEAR), problem);
    }
    let level = match (kind, d.get(LEVEL)) {
        (None, _) => None,
        (Some(k), "") if k.on_data() => None,
        (Some(k), _) if k.on_data() => errors.take(at(LEVEL), Err(Problem::NotAllowedFor(for_kind(k)))),
        (Some(k), "") => errors.take(at(LEVEL), Err(Problem::RequiredFor(for_kind(k)))),
        (Some(TargetKind::VillagesRecognised), l) => errors.take(
            at(LEVEL),
            recognition_level(l).and_then(|r| {
                if r.unit_level() == Level::Village { Ok(r) } else { Err(Problem::VillageLevelExpected(r)) }
            }),
        ),
        (Some(_), l) => errors.take(at(LEVEL), recognition_level(l)),
    };
    // An average of criteria is a decimal, at most the set's criteria count; other quotas count.
    let (quota, average) = match kind {
        Some(TargetKind::AverageCriteria) => {
            let text = d.get(QUOTA);
            let average = errors.take(
                at(QUOTA),
                required(text).and_then(|t| Ratio::parse_decimal(t).map_err(|e| Problem::BadNumber(t.into(), e))),
            );
            let average = match (average, set) {
                (Some(a), Some(s)) if a > Ratio::integer(i64::try_from(s.criteria().len()).unwrap_or(i64::MAX)) => {
                    errors.push(
                        at(QUOTA),
                        Problem::AverageAboveCriteria { average: text.into(), criteria: s.criteria().len() },
                    );
                    None
                }
                (Some(a), _) if a < Ratio::integer(0) => {
                    errors.push(at(QUOTA), Problem::BadNumber(text.into(), ntm_domain::NumberError::NotANumber));
                    None
                }
                (a, _) => a,
            };
            (average.map(|_| 0), average)
        }
        _ => (errors.take(at(QUOTA), required(d.get(QUOTA)).and_then(count)), None),
    };
    let indicator = match (kind, d.get(INDICATOR)) {
        (Some(TargetKind::Indicator), "") => {
            errors.take(at(INDICATOR), Err(Problem::RequiredFor(for_kind(TargetKind::Indicator))))
        }
        (Some(TargetKind::Indicator), id) => match set {
            None => None,
            Some(s) => {
                let found = s.indicator_by_id(id).map(|i| s.indicator(i));
                match found {
                    None => errors.take(
                        at(INDICATOR),
                        Err(Problem::UnknownIndicator { indicator: id.into(), set: s.id().to_string() }),
                    ),
                    Some(i) if !i.kind.is_numeric() => {
                        errors.take(at(INDICATOR), Err(Problem::IndicatorNotNumeric(id.into())))
                    }
                    Some(_) => Some(id.to_string()),
                }
            }
        },
        (Some(k), id) if !id.is_empty() => errors.take(at(INDICATOR), Err(Problem::NotAllowedFor(for_kind(k)))),
        _ => None,
    };
    let value = match (kind, d.get(VALUE)) {
        (Some(TargetKind::Indicator), "") => {
            errors.take(at(VALUE), Err(Problem::RequiredFor(for_kind(TargetKind::Indicator))))
        }
        (Some(TargetKind::Indicator), v) => {
            errors.take(at(VALUE), Ratio::parse_decimal(v).map_err(|e| Problem::BadNumber(v.into(), e)))
        }
        (Some(k), v) if !v.is_empty() => errors.take(at(VALUE), Err(Problem::NotAllowedFor(for_kind(k)))),
        _ => None,
    };
    let start_of_year = year.and_then(|y| Date::first_of_year(y).ok());
    let manager = match d.get(MANAGING_UNIT) {
        "" => None,
        c if tree.all_with_code(c).is_empty() => errors.take(at(MANAGING_UNIT), Err(Problem::UnknownUnit(c.into()))),
        c => start_of_year.and_then(|s| tree.find_on(c, s)).or_else(|| tree.latest(c)).map(|u| (c, u)),
    };
    let under_manager = manager.map(|(_, m)| tree.subtree(m));
    let title = |k: usize, errors: &mut InputErrors| errors.take(at(k), bounded(d.get(k), Bound::Title));
    let title_vi = errors.take(at(TITLE), required(d.get(TITLE))).and_then(|_| title(TITLE, errors));
    let title_en = title(TITLE_EN, errors);
    let source = errors.take(at(SOURCE), required(d.get(SOURCE))).and_then(|_| title(SOURCE, errors));
    let start = start_of_year;
    let mut first_line: HashMap<&str, u64> = HashMap::new();
    let mut parts = Vec::new();
    for &(line, code, unit_quota) in &d.parts {
        let at = |f: &str| Location::at(name, line, f);
        let unit = match code {
            // An average or an indicator over every unit of its set under its managing unit.
            "" if on_data && kind != Some(TargetKind::UnitsAtStandard) && d.parts.len() == 1 => continue,
            "" => errors.take(at("unit_code"), Err(Problem::Required)),
            c if tree.all_with_code(c).is_empty() => errors.take(at("unit_code"), Err(Problem::UnknownUnit(c.into()))),
            // As the target means it: the unit at the start of its year (codes were reused in 2025).
            c => start.and_then(|s| tree.find_on(c, s)).or_else(|| tree.latest(c)),
        };
        if let (Some(u), Some((manager, _)), Some(under)) = (unit, manager, &under_manager)
            && !under.contains(&u)
        {
            errors.push(at("unit_code"), Problem::NotUnderManagingUnit { code: code.into(), manager: manager.into() });
        }
        if let (Some(u), Some(kind)) = (unit, kind) {
            let unit_level = tree.unit(u).level;
            let problem = match (kind, set, level) {
                (k, Some(set), _) if k.on_data() && unit_level != set.level => Some(Problem::WrongLevel {
                    code: code.into(),
                    level: unit_level.to_string(),
                    set_level: set.level.to_string(),
                }),
                (k, Some(set), _) if k.on_data() && !set.applies_to(tree.unit(u)) => Some(Problem::KindNotJudged {
                    code: code.into(),
                    kind: tree.unit(u).kind.map_or("", |k| k.code()).into(),
                }),
                (TargetKind::VillagesRecognised, ..) if unit_level != Level::Commune => {
                    Some(Problem::UnitLevelExpected { code: code.into(), level: unit_level, expected: Level::Commune })
                }
                (TargetKind::UnitRecognised, _, Some(r)) if unit_level != r.unit_level() => {
                    Some(Problem::RecognitionForLevel { code: code.into(), level: unit_level, recognition: r })
                }
                _ => None,
            };
            if let Some(problem) = problem {
                errors.push(at("unit_code"), problem);
            }
        }
        if !code.is_empty()
            && let Some(first) = seen_before(&mut first_line, code, line)
        {
            errors.push(at("unit_code"), Problem::Duplicate { key: code.into(), first_line: first });
        }
        let part_quota = match (kind, unit_quota) {
            (_, "") => None,
            (Some(TargetKind::VillagesRecognised), q) => errors.take(at("unit_quota"), count(q)),
            (Some(k), _) => errors.take(at("unit_quota"), Err(Problem::NotAllowedFor(for_kind(k)))),
            (None, _) => None,
        };
        parts.push(TargetPart { unit_code: code.into(), quota: part_quota });
    }
    let (Some(kind), Some(year), Some(quota), Some(title_vi), Some(title_en), Some(source)) =
        (kind, year, quota, title_vi, title_en, source)
    else {
        return None;
    };
    if errors.0.len() > before {
        return None;
    }
    Some(Target {
        id: 0,
        code: d.code.into(),
        title_vi: title_vi.into(),
        // A target without an English title shows its Vietnamese one on English pages.
        title_en: if title_en.is_empty() { title_vi.into() } else { title_en.into() },
        kind,
        set_id: set.map(|s| s.id().to_string()),
        level,
        year,
        quota,
        indicator,
        value: average.or(value),
        unit_code: manager.map(|(c, _)| c.to_string()),
        parts,
        source: source.into(),
    })
}
