//! A CSV file read whole: its header by column name and its records with line numbers. Shared by
//! every CSV reader so that errors are located the same way everywhere.

use std::collections::HashMap;

use crate::error::{InputErrors, Location, Problem};
use crate::text::clean;

pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    columns: HashMap<String, usize>,
    /// (line number of the record's start, cleaned fields)
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Reads CSV text (a UTF-8 byte-order mark is allowed). Every field is NFC-normalised and trimmed.
pub fn read_sheet(name: &str, text: &str) -> Result<Sheet, InputErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line());
            InputErrors::one(
                Location { file: name.into(), line, column: None, field: None },
                Problem::Syntax(e.to_string()),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record.iter().map(clean).collect::<Vec<_>>()));
    }
    if rows.is_empty() {
        return Err(InputErrors::one(Location::file(name), Problem::Syntax("empty file".into())));
    }
    let (_, header) = rows.remove(0);
    let columns = header.iter().enumerate().map(|(i, h)| (h.to_lowercase(), i)).collect();
    Ok(Sheet { name: name.into(), header, columns, rows })
}

impl Sheet {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// The positions of required columns, or one error naming each missing one.
    pub fn require(&self, names: &[&str]) -> Result<Vec<usize>, InputErrors> {
        let mut errors = InputErrors::default();
        let mut out = Vec::new();
        for n in names {
            match self.column(n) {
                Some(i) => out.push(i),
                None => errors.push(Location::line(&self.name, 1), Problem::MissingColumn((*n).into())),
            }
        }
        errors.into_result(out)
    }
}

impl Sheet {
    /// The rows holding anything, with their line numbers (empty rows are skipped).
    pub fn filled_rows(&self) -> impl Iterator<Item = (u64, &[String])> {
        self.rows.iter().filter(|(_, row)| row.iter().any(|f| !f.is_empty())).map(|(l, row)| (*l, row.as_slice()))
    }
}

/// A file's text, or the error naming it.
pub fn read_text_file(path: &std::path::Path) -> Result<String, InputErrors> {
    std::fs::read_to_string(path)
        .map_err(|e| InputErrors::one(Location::file(&path.display().to_string()), Problem::Unreadable(e.to_string())))
}

/// A field that must not be empty.
pub fn required(text: &str) -> Result<&str, Problem> {
    if text.is_empty() { Err(Problem::Required) } else { Ok(text) }
}

/// A text field of at most `max` characters (names, titles, decision numbers).
pub fn limited(value: &str, max: usize) -> Result<&str, Problem> {
    if value.chars().count() > max { Err(Problem::TooLong) } else { Ok(value) }
}

/// A date as files write it, `dd/mm/yyyy` or `yyyy-mm-dd`.
pub fn date(text: &str) -> Result<ntm_domain::Date, Problem> {
    ntm_domain::Date::parse(text).map_err(|e| Problem::BadDate(text.into(), e))
}

/// A whole number, 0 or more (a quota).
pub fn count(text: &str) -> Result<u32, Problem> {
    match text.bytes().all(|b| b.is_ascii_digit()) {
        true => text.parse().map_err(|_| Problem::BadCount(text.into())),
        false => Err(Problem::BadCount(text.into())),
    }
}

/// A year within the years dates may name, written with four digits.
pub fn year(text: &str) -> Result<i32, Problem> {
    let y: Option<i32> =
        (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten();
    y.filter(|y| ntm_domain::Date::first_of_year(*y).is_ok()).ok_or_else(|| Problem::BadYear(text.into()))
}

/// The line a key was first seen on, if it was before; else records it as seen on `line`.
pub fn seen_before<K: std::hash::Hash + Eq>(
    first: &mut std::collections::HashMap<K, u64>,
    key: K,
    line: u64,
) -> Option<u64> {
    match first.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(line);
            None
        }
    }
}

/// A field of a row, empty when the row is short.
pub fn field(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
}
