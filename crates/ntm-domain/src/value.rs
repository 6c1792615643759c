//! Values (số liệu) of indicators and raw data elements, and the table that holds them for a set.

use std::fmt;

use crate::criteria::{CriteriaSet, ElementIdx, ElementRef, IndicatorKind};
use crate::period::Period;
use crate::ratio::{NumberError, Ratio};
use crate::unit::UnitIdx;

/// A value as entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// đạt / không đạt, có / không.
    Bool(bool),
    /// A decimal number, kept exactly.
    Number(Ratio),
    /// A numerator/denominator pair such as `72/100`, kept raw so that units can be summed.
    Fraction { num: i64, den: i64 },
}

/// Why a value was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("empty value")]
    Empty,
    #[error("not a number, fraction or yes/no: {0}")]
    Unreadable(String),
    #[error("{0}")]
    Number(#[from] NumberError),
    #[error("denominator is zero")]
    ZeroDenominator,
    #[error("a fraction takes whole numbers")]
    FractionNotWhole,
    #[error("negative value")]
    Negative,
    #[error("percentage over 100")]
    PercentOver100,
    #[error("numerator larger than denominator")]
    NumeratorOverDenominator,
    #[error("this indicator takes yes/no")]
    ExpectedBoolean,
    #[error("numerator missing")]
    NumeratorMissing,
    #[error("this indicator takes a number")]
    ExpectedNumber,
    #[error("a raw data element takes a plain number")]
    ExpectedPlainNumber,
    #[error("a count takes a whole number")]
    CountNotWhole,
}

const TRUE_WORDS: [&str; 6] = ["true", "1", "đạt", "có", "yes", "x"];
const FALSE_WORDS: [&str; 6] = ["false", "0", "không đạt", "chưa đạt", "không", "no"];

impl Value {
    /// Reads a value as the CSV contract allows: `72.5`, `72/100`, `true`, `đạt`, `không đạt`
    /// (any case). `1` and `0` are read as numbers here; [`Value::fit`] turns them into yes/no
    /// for a yes/no indicator. Text must already be NFC-normalised.
    pub fn parse(text: &str) -> Result<Value, ValueError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(ValueError::Empty);
        }
        let lower = t.to_lowercase();
        let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        if lower != "1" && lower != "0" {
            if TRUE_WORDS.contains(&lower.as_str()) {
                return Ok(Value::Bool(true));
            }
            if FALSE_WORDS.contains(&lower.as_str()) {
                return Ok(Value::Bool(false));
            }
        }
        if let Some((n, d)) = t.split_once('/') {
            let num = Ratio::parse_decimal(n)?;
            let den = Ratio::parse_decimal(d)?;
            if num.denominator() != 1 || den.denominator() != 1 {
                return Err(ValueError::FractionNotWhole);
            }
            if den.numerator() == 0 {
                return Err(ValueError::ZeroDenominator);
            }
            if num.is_negative() || den.is_negative() {
                return Err(ValueError::Negative);
            }
            if u32::try_from(den.numerator()).is_err() {
                return Err(ValueError::Number(NumberError::TooLarge));
            }
            return Ok(Value::Fraction { num: num.numerator(), den: den.numerator() });
        }
        match Ratio::parse_decimal(t) {
            Ok(r) => Ok(Value::Number(r)),
            Err(NumberError::NotANumber) => Err(ValueError::Unreadable(t.to_string())),
            Err(e) => Err(ValueError::Number(e)),
        }
    }

    /// Checks a value against the element it is for and returns it in the element's form
    /// (a `1`/`0` for a yes/no indicator becomes yes/no).
    pub fn fit(self, set: &CriteriaSet, element: ElementIdx) -> Result<Value, ValueError> {
        match set.element_kind(element) {
            ElementRef::Indicator(ind) => match (ind.kind, self) {
                (IndicatorKind::Boolean { .. }, Value::Bool(_)) => Ok(self),
                (IndicatorKind::Boolean { .. }, Value::Number(r)) if r == Ratio::integer(1) => Ok(Value::Bool(true)),
                (IndicatorKind::Boolean { .. }, Value::Number(r)) if r == Ratio::integer(0) => Ok(Value::Bool(false)),
                (IndicatorKind::Boolean { .. }, _) => Err(ValueError::ExpectedBoolean),
                (_, Value::Bool(_)) => Err(ValueError::ExpectedNumber),
                (_, Value::Number(r)) => {
                    if r.is_negative() {
                        Err(ValueError::Negative)
                    } else if ind.is_percent() && r > Ratio::integer(100) {
                        Err(ValueError::PercentOver100)
                    } else {
                        Ok(self)
                    }
                }
                (_, Value::Fraction { num, den }) => {
                    if ind.is_percent() && num > den {
                        Err(ValueError::NumeratorOverDenominator)
                    } else {
                        Ok(self)
                    }
                }
            },
            ElementRef::Raw(raw) => match self {
                Value::Number(r) if r.is_negative() => Err(ValueError::Negative),
                Value::Number(r) if raw.count && r.denominator() != 1 => Err(ValueError::CountNotWhole),
                Value::Number(_) => Ok(self),
                _ => Err(ValueError::ExpectedPlainNumber),
            },
        }
    }

    /// The quantity compared with a threshold: percentages for `%` indicators (a fraction
    /// `72/100` gives 72), the quotient otherwise. `None` for yes/no.
    pub fn measure(&self, percent: bool) -> Option<Ratio> {
        match *self {
            Value::Bool(_) => None,
            Value::Number(r) => Some(r),
            Value::Fraction { num, den } => {
                let r = Ratio::new(num, den).ok()?;
                if percent { r.times(100) } else { Some(r) }
            }
        }
    }
}

impl fmt::Display for Value {
    /// Machine form, as accepted by [`Value::parse`]: `72.5`, `72/100`, `true`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(r) => f.write_str(&r.to_decimal_string(9)),
            Value::Fraction { num, den } => write!(f, "{num}/{den}"),
        }
    }
}

/// Slot of a period within a year: 0 for the year itself, 1..=4 for quarters.
const SLOTS: usize = 5;

#[inline]
fn slot_of(period: Period) -> usize {
    match period {
        Period::Year(_) => 0,
        Period::Quarter(_, q) => usize::from(q),
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    num: i64,
    den: u32,
    kind: u8,
}

const EMPTY: u8 = 0;
const BOOL: u8 = 1;
const NUMBER: u8 = 2;
const FRACTION: u8 = 3;

impl Cell {
    fn pack(v: Value) -> Option<Cell> {
        Some(match v {
            Value::Bool(b) => Cell { num: i64::from(b), den: 1, kind: BOOL },
            Value::Number(r) => Cell { num: r.numerator(), den: u32::try_from(r.denominator()).ok()?, kind: NUMBER },
            Value::Fraction { num, den } => Cell { num, den: u32::try_from(den).ok()?, kind: FRACTION },
        })
    }

    #[inline]
    fn unpack(self) -> Option<Value> {
        match self.kind {
            BOOL => Some(Value::Bool(self.num != 0)),
            NUMBER => Ratio::new(self.num, i64::from(self.den)).ok().map(Value::Number),
            FRACTION => Some(Value::Fraction { num: self.num, den: i64::from(self.den) }),
            _ => None,
        }
    }
}

/// Why a value could not be stored in a table.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("element index out of range")]
    Element,
    #[error("denominator too large to store")]
    TooLarge,
    #[error("year out of range")]
    Year,
}

/// All values of one criteria set, for any units and periods, in dense rows per unit:
/// `[year][element][year, Q1, Q2, Q3, Q4]`, so that one year of a unit is contiguous (the
/// evaluation of a period streams through it). Lookups are array indexing.
#[derive(Clone, Debug)]
pub struct ValueTable {
    elements: usize,
    first_year: i32,
    years: usize,
    row_of_unit: Vec<u32>,
    cells: Vec<Cell>,
    count: usize,
}

const NO_ROW: u32 = u32::MAX;

impl ValueTable {
    /// An empty table for a set with `elements` data elements.
    pub fn new(elements: usize) -> ValueTable {
        ValueTable { elements, first_year: 0, years: 0, row_of_unit: Vec::new(), cells: Vec::new(), count: 0 }
    }

    /// An empty table sized for `units` units and the years `first..=last`, so that loading
    /// never re-lays the rows.
    pub fn with_capacity(elements: usize, units: usize, first: i32, last: i32) -> ValueTable {
        let mut t = ValueTable::new(elements);
        t.first_year = first;
        t.years = usize::try_from(last - first + 1).unwrap_or(0);
        t.row_of_unit = vec![NO_ROW; units];
        t.cells.reserve(units * t.row_len());
        t
    }

    #[inline]
    fn row_len(&self) -> usize {
        self.elements * self.years * SLOTS
    }

    /// Number of values held.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The years covered, if any value is held.
    pub fn year_range(&self) -> Option<(i32, i32)> {
        let last = self.first_year + i32::try_from(self.years).ok()? - 1;
        (self.years > 0).then_some((self.first_year, last))
    }

    #[inline]
    fn index(&self, unit: UnitIdx, element: ElementIdx, period: Period) -> Option<usize> {
        let row = *self.row_of_unit.get(unit.index())?;
        if row == NO_ROW {
            return None;
        }
        let y = usize::try_from(period.year() - self.first_year).ok()?;
        if y >= self.years || usize::from(element.0) >= self.elements {
            return None;
        }
        Some(row as usize * self.row_len() + (y * self.elements + usize::from(element.0)) * SLOTS + slot_of(period))
    }

    /// The value stored for exactly this period.
    #[inline]
    pub fn get(&self, unit: UnitIdx, element: ElementIdx, period: Period) -> Option<Value> {
        self.index(unit, element, period).and_then(|i| self.cells.get(i)).and_then(|c| c.unpack())
    }

    /// Stores a value, replacing any earlier one; returns the earlier one.
    pub fn set(
        &mut self,
        unit: UnitIdx,
        element: ElementIdx,
        period: Period,
        value: Value,
    ) -> Result<Option<Value>, TableError> {
        let cell = Cell::pack(value).ok_or(TableError::TooLarge)?;
        self.put(unit, element, period, cell)
    }

    /// Removes a value; returns it.
    pub fn clear(&mut self, unit: UnitIdx, element: ElementIdx, period: Period) -> Option<Value> {
        let i = self.index(unit, element, period)?;
        let old = self.cells.get(i).and_then(|c| c.unpack());
        if let Some(c) = self.cells.get_mut(i) {
            *c = Cell::default();
        }
        if old.is_some() {
            self.count -= 1;
        }
        old
    }

    fn put(
        &mut self,
        unit: UnitIdx,
        element: ElementIdx,
        period: Period,
        cell: Cell,
    ) -> Result<Option<Value>, TableError> {
        if usize::from(element.0) >= self.elements {
            return Err(TableError::Element);
        }
        self.ensure_year(period.year())?;
        if self.row_of_unit.len() <= unit.index() {
            self.row_of_unit.resize(unit.index() + 1, NO_ROW);
        }
        if self.row_of_unit[unit.index()] == NO_ROW {
            let rows = self.cells.len() / self.row_len().max(1);
            self.row_of_unit[unit.index()] = u32::try_from(rows).map_err(|_| TableError::TooLarge)?;
            self.cells.resize(self.cells.len() + self.row_len(), Cell::default());
        }
        let i = self.index(unit, element, period).ok_or(TableError::Year)?;
        let old = self.cells[i].unpack();
        self.cells[i] = cell;
        if old.is_none() {
            self.count += 1;
        }
        Ok(old)
    }

    /// Widens the year axis to include `year`, re-laying rows if needed.
    fn ensure_year(&mut self, year: i32) -> Result<(), TableError> {
        if !(1900..=2100).contains(&year) {
            return Err(TableError::Year);
        }
        if self.years == 0 {
            self.first_year = year;
            self.years = 1;
            self.cells.clear();
            return Ok(());
        }
        let last = self.first_year + i32::try_from(self.years).map_err(|_| TableError::Year)? - 1;
        if (self.first_year..=last).contains(&year) {
            return Ok(());
        }
        let new_first = self.first_year.min(year);
        let new_last = last.max(year);
        let new_years = usize::try_from(new_last - new_first + 1).map_err(|_| TableError::Year)?;
        let shift = usize::try_from(self.first_year - new_first).map_err(|_| TableError::Year)?;
        let old_row_len = self.row_len();
        let rows = self.cells.len().checked_div(old_row_len).unwrap_or(0);
        let new_row_len = self.elements * new_years * SLOTS;
        let mut cells = vec![Cell::default(); rows * new_row_len];
        for r in 0..rows {
            for e in 0..self.elements {
                for y in 0..self.years {
                    for s in 0..SLOTS {
                        let from = r * old_row_len + (y * self.elements + e) * SLOTS + s;
                        let to = r * new_row_len + ((y + shift) * self.elements + e) * SLOTS + s;
                        cells[to] = self.cells[from];
                    }
                }
            }
        }
        self.cells = cells;
        self.first_year = new_first;
        self.years = new_years;
        Ok(())
    }

    /// The value that stands for `period`: a year's own value, else the latest quarter of that
    /// year holding one; a quarter's own value, else the latest earlier quarter of the same year.
    /// Nothing is carried over from an earlier year.
    #[inline]
    pub fn lookup(&self, unit: UnitIdx, element: ElementIdx, period: Period) -> Option<(Value, Period)> {
        let base = self.index(unit, element, Period::Year(period.year()))?;
        period.lookup_chain().find_map(|p| {
            let v = self.cells.get(base + slot_of(p))?.unpack()?;
            Some((v, p))
        })
    }

    /// Whether any value of the unit was ever stored here.
    pub fn has_unit(&self, unit: UnitIdx) -> bool {
        self.row_of_unit.get(unit.index()).is_some_and(|&r| r != NO_ROW)
    }

    /// Every value held, in no particular order: (unit, element, period, value).
    pub fn iter(&self) -> impl Iterator<Item = (UnitIdx, ElementIdx, Period, Value)> + '_ {
        let row_len = self.row_len();
        self.row_of_unit.iter().enumerate().filter(|(_, r)| **r != NO_ROW).flat_map(move |(u, &r)| {
            let start = r as usize * row_len;
            (0..row_len).filter_map(move |off| {
                let v = self.cells.get(start + off)?.unpack()?;
                let s = off % SLOTS;
                let e = (off / SLOTS) % self.elements;
                let y = off / (SLOTS * self.elements);
                let year = self.first_year + i32::try_from(y).ok()?;
                let period = match u8::try_from(s).ok()? {
                    0 => Period::Year(year),
                    q => Period::Quarter(year, q),
                };
                Some((UnitIdx(u32::try_from(u).ok()?), ElementIdx(u16::try_from(e).ok()?), period, v))
            })
        })
    }

    /// The periods for which at least one value is held.
    pub fn periods(&self) -> std::collections::BTreeSet<Period> {
        let mut out = std::collections::BTreeSet::new();
        let row_len = self.row_len();
        if row_len == 0 {
            return out;
        }
        for (off, cell) in self.cells.iter().enumerate() {
            if cell.kind == EMPTY {
                continue;
            }
            let in_row = off % row_len;
            let slot = in_row % SLOTS;
            let year = self.first_year + i32::try_from(in_row / (SLOTS * self.elements)).unwrap_or(0);
            out.insert(match u8::try_from(slot) {
                Ok(q @ 1..=4) => Period::Quarter(year, q),
                _ => Period::Year(year),
            });
        }
        out
    }

    /// Visits every stored cell's measure once (the memory-bound baseline of the benchmark):
    /// returns how many cells hold a value and the sum of their numerators.
    pub fn scan(&self) -> (usize, i64) {
        self.cells.iter().fold((0, 0i64), |(n, s), c| (n + usize::from(c.kind != EMPTY), s.wrapping_add(c.num)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_as_the_csv_contract_says() {
        assert_eq!(Value::parse("72/100"), Ok(Value::Fraction { num: 72, den: 100 }));
        assert_eq!(Value::parse("72.5"), Ok(Value::Number(Ratio::new(145, 2).unwrap())));
        for t in ["true", "TRUE", "Đạt", "ĐẠT", "đạt"] {
            assert_eq!(Value::parse(t), Ok(Value::Bool(true)), "{t}");
        }
        for t in ["false", "Không đạt", "KHÔNG  ĐẠT", "chưa đạt"] {
            assert_eq!(Value::parse(t), Ok(Value::Bool(false)), "{t}");
        }
        assert_eq!(Value::parse("1"), Ok(Value::Number(Ratio::integer(1))));
    }

    #[test]
    fn bad_values_say_why() {
        assert_eq!(Value::parse("72/0"), Err(ValueError::ZeroDenominator));
        assert_eq!(Value::parse(""), Err(ValueError::Empty));
        assert_eq!(Value::parse("7,5"), Err(ValueError::Unreadable("7,5".into())));
        assert_eq!(Value::parse("1.5/2"), Err(ValueError::FractionNotWhole));
        assert_eq!(Value::parse("-1/2"), Err(ValueError::Negative));
        assert!(Value::parse("a/b").is_err());
    }

    #[test]
    fn a_table_stores_and_widens_its_years() {
        let mut t = ValueTable::new(3);
        let u = UnitIdx(5);
        t.set(u, ElementIdx(1), Period::Quarter(2024, 2), Value::Bool(true)).unwrap();
        t.set(u, ElementIdx(2), Period::Year(2022), Value::Number(Ratio::integer(7))).unwrap();
        t.set(UnitIdx(0), ElementIdx(0), Period::Year(2026), Value::Fraction { num: 1, den: 2 }).unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t.year_range(), Some((2022, 2026)));
        assert_eq!(t.get(u, ElementIdx(1), Period::Quarter(2024, 2)), Some(Value::Bool(true)));
        assert_eq!(t.get(u, ElementIdx(2), Period::Year(2022)), Some(Value::Number(Ratio::integer(7))));
        assert_eq!(t.get(UnitIdx(0), ElementIdx(0), Period::Year(2026)), Some(Value::Fraction { num: 1, den: 2 }));
        assert_eq!(t.iter().count(), 3);
        assert_eq!(t.clear(u, ElementIdx(1), Period::Quarter(2024, 2)), Some(Value::Bool(true)));
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn lookup_takes_the_year_else_its_latest_quarter_and_never_an_earlier_year() {
        let mut t = ValueTable::new(1);
        let (u, e) = (UnitIdx(0), ElementIdx(0));
        t.set(u, e, Period::Year(2023), Value::Bool(true)).unwrap();
        t.set(u, e, Period::Quarter(2024, 1), Value::Number(Ratio::integer(1))).unwrap();
        t.set(u, e, Period::Quarter(2024, 3), Value::Number(Ratio::integer(3))).unwrap();
        assert_eq!(t.lookup(u, e, Period::Year(2024)).map(|x| x.1), Some(Period::Quarter(2024, 3)));
        assert_eq!(t.lookup(u, e, Period::Quarter(2024, 2)).map(|x| x.1), Some(Period::Quarter(2024, 1)));
        assert_eq!(t.lookup(u, e, Period::Year(2023)).map(|x| x.1), Some(Period::Year(2023)));
        assert_eq!(t.lookup(u, e, Period::Year(2025)), None);
        t.set(u, e, Period::Year(2024), Value::Bool(false)).unwrap();
        assert_eq!(t.lookup(u, e, Period::Year(2024)), Some((Value::Bool(false), Period::Year(2024))));
    }
}
