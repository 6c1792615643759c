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

/// A field of a row, empty when the row is short.
pub fn field(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
}
