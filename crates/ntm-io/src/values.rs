//! The values CSV (`unit_code,period,element,value`): every row checked against the unit tree and
//! the criteria set, all-or-nothing.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use ntm_domain::unit::ResolveError;
use ntm_domain::{CriteriaSet, ElementIdx, Period, UnitIdx, UnitTree, Value, ValueError, ValueTable};

use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{SheetReader, field};

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
    collect(ValuesReader::new(&name, || std::fs::File::open(path), set, tree)?)
}

/// Reads and checks every row; returns all errors if any row is bad.
pub fn read_values(name: &str, text: &str, set: &CriteriaSet, tree: &UnitTree) -> Result<Vec<ValueRow>, InputErrors> {
    collect(ValuesReader::new(name, || Ok(text.as_bytes()), set, tree)?)
}

fn collect<R: Read, F: FnMut() -> std::io::Result<R>>(
    mut reader: ValuesReader<'_, R, F>,
) -> Result<Vec<ValueRow>, InputErrors> {
    let mut out = Vec::new();
    for batch in reader.by_ref() {
        out.extend(batch);
    }
    reader.finish()?;
    Ok(out)
}

/// Rows per batch of a [`ValuesReader`] unless set otherwise.
pub const BATCH_ROWS: usize = 20_000;

/// The values CSV read as a stream: each row is checked as it comes (file, line and field in
/// every message), the good ones are handed over in batches (the iterator), and
/// [`ValuesReader::finish`] says whether the whole file was good. The caller keeps nothing
/// written until then. Memory is bounded by a batch and by the unit tree × the set (one bit per
/// possible key, to find a key given twice), not by the size of the file; the rows of raw
/// numerators are kept until the end, to be compared with their denominators.
///
/// `open` opens the source; it is called again only when a key is given twice, to find the line
/// that gave it first.
pub struct ValuesReader<'a, R: Read, F: FnMut() -> std::io::Result<R>> {
    open: F,
    sheet: SheetReader<R>,
    cols: [usize; 4],
    set: &'a CriteriaSet,
    tree: &'a UnitTree,
    batch: usize,
    errors: InputErrors,
    seen: SeenKeys,
    /// Keys given twice: the index of their error (to name the first line) and the key.
    twice: Vec<(usize, Key)>,
    pairs: Vec<(ElementIdx, ElementIdx)>,
    denominators: HashMap<Key, Value>,
    /// Numerators of a percentage, compared with their denominator at the end: (numerator's
    /// key, its value, its line).
    numerators: Vec<(Key, Value, u64)>,
    /// Errors of the comparisons between rows, listed after the errors of single rows.
    pair_errors: Vec<(u64, Problem)>,
    rows: usize,
    ended: bool,
}

type Key = (UnitIdx, ElementIdx, Period);

impl<'a, R: Read, F: FnMut() -> std::io::Result<R>> ValuesReader<'a, R, F> {
    /// Opens the source and reads its header.
    pub fn new(
        name: &str,
        mut open: F,
        set: &'a CriteriaSet,
        tree: &'a UnitTree,
    ) -> Result<ValuesReader<'a, R, F>, InputErrors> {
        let source = open().map_err(|e| InputErrors::one(Location::file(name), Problem::Unreadable(e.to_string())))?;
        let sheet = SheetReader::new(name, source)?;
        let cols = sheet.require(&["unit_code", "period", "element", "value"])?;
        let [c_unit, c_period, c_element, c_value] = cols[..] else {
            return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
        };
        Ok(ValuesReader {
            open,
            sheet,
            cols: [c_unit, c_period, c_element, c_value],
            set,
            tree,
            batch: BATCH_ROWS,
            errors: InputErrors::default(),
            seen: SeenKeys::new(set),
            twice: Vec::new(),
            pairs: set.percent_pairs(),
            denominators: HashMap::new(),
            numerators: Vec::new(),
            pair_errors: Vec::new(),
            rows: 0,
            ended: false,
        })
    }

    /// Good rows per batch (at least 1).
    pub fn batch_rows(mut self, n: usize) -> Self {
        self.batch = n.max(1);
        self
    }

    /// Bytes of the source read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.sheet.bytes_read()
    }

    /// Rows read so far (good or bad; blank ones aside).
    pub fn rows_read(&self) -> usize {
        self.rows
    }

    /// Errors found so far (kept or counted).
    pub fn error_count(&self) -> usize {
        self.errors.count() + self.pair_errors.len()
    }

    /// Reads to the end what the iterator did not, runs the checks between rows, and returns the
    /// number of rows read, or every error of the file.
    pub fn finish(mut self) -> Result<usize, InputErrors> {
        while self.next().is_some() {}
        for (key, value, line) in std::mem::take(&mut self.numerators) {
            let Some(&(_, den_e)) = self.pairs.iter().find(|(n, _)| *n == key.1) else { continue };
            if let (Value::Number(n), Some(Value::Number(d))) = (value, self.denominators.get(&(key.0, den_e, key.2)))
                && n > *d
            {
                self.pair_errors.push((line, Problem::BadValue(n.to_string(), ValueError::NumeratorOverDenominator)));
            }
        }
        self.name_first_lines();
        let ValuesReader { mut errors, mut pair_errors, sheet, rows, .. } = self;
        pair_errors.sort_by_key(|(line, _)| *line);
        for (line, problem) in pair_errors {
            errors.push(Location::at(&sheet.name, line, "value"), problem);
        }
        errors.into_result(rows)
    }

    /// The errors of keys given twice name the line that gave the key first: the file is read
    /// again for those keys only.
    fn name_first_lines(&mut self) {
        if self.twice.is_empty() {
            return;
        }
        let mut first: HashMap<Key, u64> = self.twice.iter().map(|(_, k)| (*k, 0)).collect();
        let again = (self.open)().ok().and_then(|source| SheetReader::new(&self.sheet.name, source).ok());
        if let Some(mut sheet) = again {
            let mut ignored = InputErrors::default();
            while let Ok(Some((line, row))) = sheet.next_row() {
                if let Some(r) = self.check_row(line, &row, &mut ignored)
                    && let Some(l) = first.get_mut(&(r.unit, r.element, r.period))
                    && *l == 0
                {
                    *l = line;
                }
                ignored = InputErrors::default();
            }
        }
        for (i, key) in &self.twice {
            if let (Some(e), Some(&line)) = (self.errors.0.get_mut(*i), first.get(key))
                && line > 0
            {
                e.problem = Problem::DuplicateRow { first_line: line };
            }
        }
    }

    /// Checks one row: the row if it is good, else its errors in `errors`.
    fn check_row(&self, line: u64, row: &[String], errors: &mut InputErrors) -> Option<ValueRow> {
        let (set, tree, name) = (self.set, self.tree, self.sheet.name.as_str());
        let [c_unit, c_period, c_element, c_value] = self.cols;
        let at = |f: &str| Location::at(name, line, f);
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
        let (unit, element, period, value) = (unit?, element?, period?, value?);
        Some(ValueRow { unit, element, period, value, line })
    }

    /// A good row: refused if its key came before; else kept for the checks between rows.
    fn accept(&mut self, r: &ValueRow) -> bool {
        let key = (r.unit, r.element, r.period);
        if !self.seen.insert(key) {
            let index = self.errors.0.len();
            let kept = self.errors.0.len() < crate::error::MAX_KEPT_ERRORS;
            self.errors
                .push(Location::at(&self.sheet.name, r.line, "element"), Problem::DuplicateRow { first_line: r.line });
            if kept {
                self.twice.push((index, key));
            }
            return false;
        }
        if self.pairs.iter().any(|(_, d)| *d == r.element) {
            // A denominator of 0 makes the rate meaningless, as `72/0` would.
            if let Value::Number(d) = r.value
                && d == ntm_domain::Ratio::integer(0)
            {
                self.pair_errors.push((r.line, Problem::BadValue("0".into(), ValueError::ZeroDenominator)));
            }
            self.denominators.insert(key, r.value);
        }
        if self.pairs.iter().any(|(n, _)| *n == r.element) {
            self.numerators.push((key, r.value, r.line));
        }
        true
    }
}

impl<R: Read, F: FnMut() -> std::io::Result<R>> Iterator for ValuesReader<'_, R, F> {
    type Item = Vec<ValueRow>;

    /// The next batch of good rows (never empty); `None` at the end of the file, or at a syntax
    /// error (kept for [`ValuesReader::finish`]).
    fn next(&mut self) -> Option<Vec<ValueRow>> {
        let mut out = Vec::new();
        while !self.ended && out.len() < self.batch {
            let (line, row) = match self.sheet.next_row() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.ended = true;
                    break;
                }
                Err(e) => {
                    self.errors.extend(e);
                    self.ended = true;
                    break;
                }
            };
            if row.iter().all(String::is_empty) {
                continue;
            }
            self.rows += 1;
            let mut errors = std::mem::take(&mut self.errors);
            let checked = self.check_row(line, &row, &mut errors);
            self.errors = errors;
            if let Some(r) = checked
                && self.accept(&r)
            {
                out.push(r);
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// One bit per (unit, element, period of the set's plausible years): whether a key was read.
struct SeenKeys {
    first_year: i32,
    per_unit: usize,
    elements: usize,
    bits: Vec<Vec<u64>>,
}

impl SeenKeys {
    fn new(set: &CriteriaSet) -> SeenKeys {
        let years = set.plausible_years();
        let span = usize::try_from(years.end() - years.start() + 1).unwrap_or(0);
        let elements = set.element_count();
        SeenKeys { first_year: *years.start(), per_unit: elements * span * 5, elements, bits: Vec::new() }
    }

    /// Marks a key; false if it was marked already. Keys outside the set's years (refused before
    /// this) are never marked.
    fn insert(&mut self, (unit, element, period): Key) -> bool {
        let Ok(year) = usize::try_from(period.year() - self.first_year) else { return true };
        let slot = match period {
            Period::Year(_) => 0,
            Period::Quarter(_, q) => usize::from(q),
        };
        let bit = (year * self.elements + usize::from(element.0)) * 5 + slot;
        if bit >= self.per_unit {
            return true;
        }
        let u = unit.index();
        if self.bits.len() <= u {
            self.bits.resize_with(u + 1, Vec::new);
        }
        let row = &mut self.bits[u];
        if row.is_empty() {
            row.resize(self.per_unit.div_ceil(64), 0);
        }
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        let was = row[word] & mask != 0;
        row[word] |= mask;
        !was
    }
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
