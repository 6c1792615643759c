//! The values CSV (`unit_code,period,element,value`): every row checked against the unit tree and
//! the criteria set, all-or-nothing.

use std::collections::HashMap;
use std::path::Path;

use ntm_domain::unit::ResolveError;
use ntm_domain::{CriteriaSet, ElementIdx, Period, UnitIdx, UnitTree, Value, ValueError, ValueTable};

use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{field, read_sheet};

/// One checked value with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRow {
    pub unit: UnitIdx,
    pub element: ElementIdx,
    pub period: Period,
    pub value: Value,
    pub line: u64,
}

pub fn read_values_file(path: &Path, set: &CriteriaSet, tree: &UnitTree) -> Result<Vec<ValueRow>, InputErrors> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputErrors::one(Location::file(&name), Problem::Unreadable(e.to_string())))?;
    read_values(&name, &text, set, tree)
}

/// Reads and checks every row; returns all errors if any row is bad.
pub fn read_values(name: &str, text: &str, set: &CriteriaSet, tree: &UnitTree) -> Result<Vec<ValueRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["unit_code", "period", "element", "value"])?;
    let [c_unit, c_period, c_element, c_value] = cols[..] else {
        return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
    };
    let mut errors = InputErrors::default();
    let mut out = Vec::new();
    let mut first_line: HashMap<(UnitIdx, ElementIdx, Period), u64> = HashMap::new();
    for (line, row) in &sheet.rows {
        if row.iter().all(String::is_empty) {
            continue;
        }
        let at = |f: &str| Location::at(name, *line, f);
        let period_text = field(row, c_period);
        let period = match Period::parse(period_text) {
            Ok(p) => match year_outside_set(set, p) {
                None => Some(p),
                Some(problem) => {
                    errors.push(at("period"), problem);
                    None
                }
            },
            Err(e) => {
                errors.push(at("period"), Problem::BadPeriod(period_text.into(), e));
                None
            }
        };
        let code = field(row, c_unit);
        let unit = match (code.is_empty(), period) {
            (true, _) => {
                errors.push(at("unit_code"), Problem::Required);
                None
            }
            (false, Some(p)) => match tree.resolve(code, p) {
                Ok(u) if tree.unit(u).level != set.level => {
                    errors.push(
                        at("unit_code"),
                        Problem::WrongLevel {
                            code: code.into(),
                            level: tree.unit(u).level.to_string(),
                            set_level: set.level.to_string(),
                        },
                    );
                    None
                }
                Ok(u) => Some(u),
                Err(ResolveError::Unknown) => {
                    errors.push(at("unit_code"), Problem::UnknownUnit(code.into()));
                    None
                }
                Err(ResolveError::NotInPeriod) => {
                    errors.push(at("unit_code"), Problem::UnitNotInPeriod(code.into(), p));
                    None
                }
            },
            (false, None) => {
                if tree.all_with_code(code).is_empty() {
                    errors.push(at("unit_code"), Problem::UnknownUnit(code.into()));
                }
                None
            }
        };
        let element_text = field(row, c_element);
        let element = if element_text.is_empty() {
            errors.push(at("element"), Problem::Required);
            None
        } else {
            let e = set.element(element_text);
            if e.is_none() {
                errors.push(
                    at("element"),
                    Problem::UnknownElement { element: element_text.into(), set: set.id().into() },
                );
            }
            e
        };
        let value_text = field(row, c_value);
        let value = match Value::parse(value_text) {
            Ok(v) => match element.map(|e| v.fit(set, e)) {
                Some(Ok(v)) => Some(v),
                Some(Err(err)) => {
                    errors.push(at("value"), Problem::BadValue(value_text.into(), err));
                    None
                }
                None => None,
            },
            Err(err) => {
                errors.push(at("value"), Problem::BadValue(value_text.into(), err));
                None
            }
        };
        if let (Some(unit), Some(element), Some(period), Some(value)) = (unit, element, period, value) {
            if let Some(first) = first_line.insert((unit, element, period), *line) {
                errors.push(at("element"), Problem::DuplicateRow { first_line: first });
                continue;
            }
            out.push(ValueRow { unit, element, period, value, line: *line });
        }
    }
    // A percentage's raw numerator may not exceed its denominator (both in this file).
    let pairs = set.percent_pairs();
    if !pairs.is_empty() {
        let denominators: HashMap<(UnitIdx, ElementIdx, Period), Value> = out
            .iter()
            .filter(|r| pairs.iter().any(|(_, d)| *d == r.element))
            .map(|r| ((r.unit, r.element, r.period), r.value))
            .collect();
        for r in &out {
            // A denominator of 0 makes the rate meaningless, as `72/0` would.
            if pairs.iter().any(|(_, d)| *d == r.element)
                && let Value::Number(d) = r.value
                && d == ntm_domain::Ratio::integer(0)
            {
                errors.push(
                    Location::at(name, r.line, "value"),
                    Problem::BadValue("0".into(), ValueError::ZeroDenominator),
                );
            }
            let Some(&(_, den_e)) = pairs.iter().find(|(n, _)| *n == r.element) else { continue };
            if let (Value::Number(n), Some(Value::Number(d))) = (r.value, denominators.get(&(r.unit, den_e, r.period)))
                && n > *d
            {
                errors.push(
                    Location::at(name, r.line, "value"),
                    Problem::BadValue(n.to_string(), ValueError::NumeratorOverDenominator),
                );
            }
        }
    }
    errors.into_result(out)
}

/// The problem with a period outside the years the set is about, if it is: 1990 for a 2021–2025
/// set is a mistake, not a report with everything missing.
pub fn year_outside_set(set: &CriteriaSet, period: Period) -> Option<Problem> {
    let years = set.plausible_years();
    (!years.contains(&period.year())).then(|| Problem::YearOutsideSet {
        year: period.year(),
        from: *years.start(),
        to: *years.end(),
    })
}

/// Puts checked rows into a value table for the set.
pub fn value_table(set: &CriteriaSet, tree: &UnitTree, rows: &[ValueRow]) -> Result<ValueTable, InputErrors> {
    let mut table = ValueTable::new(set.element_count());
    let years = rows.iter().map(|r| r.period.year());
    if let (Some(first), Some(last)) = (years.clone().min(), years.max()) {
        table = ValueTable::with_capacity(set.element_count(), tree.len(), first, last);
    }
    for r in rows {
        table
            .set(r.unit, r.element, r.period, r.value)
            .map_err(|e| InputErrors::one(Location::at("values", r.line, "value"), Problem::Syntax(e.to_string())))?;
    }
    Ok(table)
}
