//! The plans CSV (DESIGN.md §4), the roadmap (lộ trình): `unit_code,criterion,planned_year`
//! (+ optional `level`, `responsible`, `contents`, `estimate`), one row per unit and criterion.
//!
//! - `criterion` is a criterion id of the set the file is read against, or `all` for the unit's
//!   whole standard; then `level` is the recognition level planned (`ntm`, `nang-cao`, `kieu-mau`
//!   for a commune; `ban-ntm` for a village, `huyen-ntm` for a district) and defaults to the
//!   unit's NTM standard (`ntm` for a commune). A criterion row takes no level.
//! - `planned_year` is within the set's years; the unit must exist during that year (a code
//!   reused by the 2025 mergers means the unit that held it at the start of the year) and be of
//!   the set's level.
//! - `responsible` is a unit code of the unit list, else an agency code (1–32 of `a-z 0-9 - _`),
//!   checked against the agencies when they are known.
//! - `estimate` is whole đồng (`1200000000`; no separators).
//! - One row per unit, criterion and level: a second is a duplicate.
//!
//! Every row is checked; all rows or none.

use std::collections::HashMap;

use ntm_domain::org::valid_agency_code;
use ntm_domain::roadmap::basic_level;
use ntm_domain::{Agency, CriteriaSet, Date, Money, Period, Plan, PlanItem, Responsible, UnitIdx, UnitTree};

use crate::error::{InputErrors, Location, Problem};
use crate::recognitions::recognition_level;
use crate::sheet::{field, read_sheet, required, seen_before, year};
use crate::text::{Bound, bounded};
use crate::values::year_outside_set;

/// One checked roadmap row (its store id 0), with the unit code as written and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub plan: Plan,
    pub unit_code: String,
    pub line: u64,
}

/// The unit a code means in a plan's year: the one that held it at the start of the year, else
/// one that existed during the year.
fn unit_in_year(tree: &UnitTree, code: &str, year: i32) -> Result<UnitIdx, Problem> {
    let start = Date::first_of_year(year).ok();
    start
        .and_then(|s| tree.find_on(code, s))
        .or_else(|| tree.resolve(code, Period::Year(year)).ok())
        .ok_or_else(|| Problem::UnitNotInPeriod(code.into(), Period::Year(year)))
}

/// Reads and checks every row against the unit tree and `set` (and the agencies, when known);
/// returns all errors if any row is bad.
pub fn read_plans(
    name: &str,
    text: &str,
    tree: &UnitTree,
    set: &CriteriaSet,
    agencies: Option<&[Agency]>,
) -> Result<Vec<PlanRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["unit_code", "criterion", "planned_year"])?;
    let [c_unit, c_criterion, c_year] = cols[..] else {
        return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
    };
    let optional = |column: &str| sheet.column(column);
    let (c_level, c_responsible, c_contents, c_estimate) =
        (optional("level"), optional("responsible"), optional("contents"), optional("estimate"));
    let cell = |row: &[String], c: Option<usize>| c.map_or("", |c| field(row, c)).to_string();
    let mut errors = InputErrors::default();
    let mut out = Vec::new();
    let mut first_line: HashMap<(UnitIdx, PlanItem), u64> = HashMap::new();
    for (line, row) in sheet.filled_rows() {
        let at = |f: &str| Location::at(name, line, f);
        let before = errors.0.len();
        let planned_year = errors.take(at("planned_year"), required(field(row, c_year)).and_then(year));
        let outside = planned_year.and_then(|y| year_outside_set(set, Period::Year(y)));
        // A year outside the set says so once; the unit is then looked for at any time.
        let in_set = if outside.is_none() { planned_year } else { None };
        if let Some(problem) = outside {
            errors.push(at("planned_year"), problem);
        }
        let code = field(row, c_unit);
        let unit = match (code, in_set) {
            ("", _) => errors.take(at("unit_code"), Err(Problem::Required)),
            (c, _) if tree.all_with_code(c).is_empty() => {
                errors.take(at("unit_code"), Err(Problem::UnknownUnit(c.into())))
            }
            (c, Some(y)) => errors.take(at("unit_code"), unit_in_year(tree, c, y)),
            (c, None) => tree.latest(c),
        };
        let unit_level = unit.map(|u| tree.unit(u).level);
        if let Some(level) = unit_level
            && level != set.level
        {
            let problem =
                Problem::WrongLevel { code: code.into(), level: level.to_string(), set_level: set.level.to_string() };
            errors.push(at("unit_code"), problem);
        }
        let criterion = field(row, c_criterion);
        let level_text = cell(row, c_level);
        let item = match criterion {
            "" => errors.take(at("criterion"), Err(Problem::Required)),
            all if all.eq_ignore_ascii_case("all") => {
                let level = match (level_text.as_str(), unit_level) {
                    ("", Some(l)) => {
                        errors.take(at("level"), basic_level(l).ok_or(Problem::RequiredFor("criterion all".into())))
                    }
                    ("", None) => None,
                    (text, _) => errors.take(at("level"), recognition_level(text)),
                };
                if let (Some(l), Some(unit_level), Some(u)) = (level, unit_level, unit)
                    && l.unit_level() != unit_level
                {
                    let code = tree.unit(u).code.clone();
                    errors.push(at("level"), Problem::RecognitionForLevel { code, level: unit_level, recognition: l });
                }
                level.map(PlanItem::Standard)
            }
            id => {
                if !level_text.is_empty() {
                    errors.push(at("level"), Problem::LevelForCriterion(id.into()));
                }
                match set.criteria().iter().any(|c| c.id == id) {
                    true => Some(PlanItem::Criterion { set_id: set.id().into(), criterion: id.into() }),
                    false => errors.take(
                        at("criterion"),
                        Err(Problem::UnknownCriterion { criterion: id.into(), set: set.id().into() }),
                    ),
                }
            }
        };
        let responsible = match cell(row, c_responsible).as_str() {
            "" => None,
            r => errors.take(at("responsible"), responsible(r, tree, in_set, agencies)),
        };
        let contents = errors.take(at("contents"), bounded(&cell(row, c_contents), Bound::Paragraph).map(String::from));
        let estimate = match cell(row, c_estimate).as_str() {
            "" => None,
            e => errors.take(at("estimate"), Money::parse(e).map_err(|m| Problem::BadMoney(e.into(), m))),
        };
        let (Some(unit), Some(item), Some(planned_year), Some(contents)) = (unit, item, planned_year, contents) else {
            continue;
        };
        if errors.0.len() > before {
            continue;
        }
        if let Some(first) = seen_before(&mut first_line, (unit, item.clone()), line) {
            let key = match &item {
                PlanItem::Criterion { criterion, .. } => format!("{code} {criterion}"),
                PlanItem::Standard(level) => format!("{code} all {}", level.code()),
            };
            errors.push(at("criterion"), Problem::Duplicate { key, first_line: first });
            continue;
        }
        let plan = Plan { id: 0, unit, item, planned_year, contents, responsible, estimate };
        out.push(PlanRow { plan, unit_code: code.into(), line });
    }
    errors.into_result(out)
}

/// Who answers for a row: a unit of the list (as in the planned year), else an agency — one of
/// `agencies` when they are known.
fn responsible(
    code: &str,
    tree: &UnitTree,
    planned_year: Option<i32>,
    agencies: Option<&[Agency]>,
) -> Result<Responsible, Problem> {
    if !tree.all_with_code(code).is_empty() {
        let unit = match planned_year {
            Some(y) => unit_in_year(tree, code, y)?,
            None => tree.latest(code).ok_or_else(|| Problem::UnknownUnit(code.into()))?,
        };
        return Ok(Responsible::Unit(unit));
    }
    if !valid_agency_code(code) {
        return Err(Problem::UnknownResponsible(code.into()));
    }
    match agencies {
        Some(list) if !list.iter().any(|a| a.code == code) => Err(Problem::UnknownAgency(code.into())),
        _ => Ok(Responsible::Agency(code.into())),
    }
}

/// The columns of the plans CSV as [`write_plans`] writes them.
pub const PLAN_COLUMNS: [&str; 7] =
    ["unit_code", "criterion", "planned_year", "level", "responsible", "contents", "estimate"];

/// A plans CSV of rows of fields in the order of [`PLAN_COLUMNS`] (a form's row is checked as a
/// file of one line).
pub fn plans_csv(rows: &[[String; 7]]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PLAN_COLUMNS)?;
    for r in rows {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The plans CSV of `plans` (DESIGN §4), as [`read_plans`] reads it back: criterion rows by their
/// id, standard rows as `all` with their level; the responsible as an agency code or a unit code.
pub fn write_plans(plans: &[Plan], tree: &UnitTree) -> Result<String, csv::Error> {
    let rows: Vec<[String; 7]> = plans
        .iter()
        .map(|p| {
            let (criterion, level) = match &p.item {
                PlanItem::Criterion { criterion, .. } => (criterion.clone(), String::new()),
                PlanItem::Standard(level) => ("all".to_string(), level.code().to_string()),
            };
            let responsible = match &p.responsible {
                Some(Responsible::Agency(code)) => code.clone(),
                Some(Responsible::Unit(u)) => tree.unit(*u).code.clone(),
                None => String::new(),
            };
            [
                tree.unit(p.unit).code.clone(),
                criterion,
                p.planned_year.to_string(),
                level,
                responsible,
                p.contents.clone(),
                p.estimate.map(|m| m.as_dong().to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    plans_csv(&rows)
}
