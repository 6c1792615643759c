//! CSV reading with line numbers, shared by every CSV reader so that errors are located the same
//! way everywhere: [`SheetReader`] reads records one at a time from any source (a national values
//! file is read as a stream), and [`read_sheet`] reads a whole text into a [`Sheet`].

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use crate::error::{InputErrors, Location, Problem};
use crate::text::clean;

pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    columns: HashMap<String, usize>,
    /// (line number of the record's start, cleaned fields)
    pub rows: Vec<(u64, Vec<String>)>,
}

/// CSV records read one at a time, with the header read first. A UTF-8 byte-order mark is
/// allowed; every field is NFC-normalised and trimmed ([`clean`]).
pub struct SheetReader<R: Read> {
    pub name: String,
    pub header: Vec<String>,
    columns: HashMap<String, usize>,
    reader: csv::Reader<BufReader<Recent<R>>>,
    /// Bytes before the csv reader's first (a byte-order mark).
    skipped: u64,
    record: csv::StringRecord,
}

/// A source that keeps its most recent bytes (about 256 KiB), so that the start of
/// the record the csv reader has just returned can be looked at (see
/// [`SheetReader::record_line`]) without holding the file.
struct Recent<R> {
    inner: R,
    /// (offset of the first byte, bytes), oldest first.
    chunks: std::collections::VecDeque<(u64, Vec<u8>)>,
    /// Bytes in `chunks`.
    kept: usize,
    read: u64,
}

impl<R> Recent<R> {
    /// At least this many of the latest bytes are kept: more than the csv reader and the
    /// buffer over this source can hold ahead of a record's start (8 KiB + 64 KiB), with room.
    const KEEP: usize = 256 << 10;

    fn byte_at(&self, offset: u64) -> Option<u8> {
        self.chunks.iter().find_map(|(start, bytes)| {
            let i = usize::try_from(offset.checked_sub(*start)?).ok()?;
            bytes.get(i).copied()
        })
    }
}

impl<R: Read> Read for Recent<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            while let Some((_, oldest)) = self.chunks.front()
                && self.kept - oldest.len() >= Self::KEEP
            {
                self.kept -= oldest.len();
                self.chunks.pop_front();
            }
            self.kept += n;
            self.chunks.push_back((self.read, buf[..n].to_vec()));
            self.read += u64::try_from(n).unwrap_or(u64::MAX);
        }
        Ok(n)
    }
}

impl<R: Read> SheetReader<R> {
    /// Reads the header; an empty source is an error.
    pub fn new(name: &str, source: R) -> Result<SheetReader<R>, InputErrors> {
        let mut source = BufReader::with_capacity(
            1 << 16,
            Recent { inner: source, chunks: std::collections::VecDeque::new(), kept: 0, read: 0 },
        );
        let start = source
            .fill_buf()
            .map_err(|e| InputErrors::one(Location::file(name), Problem::Unreadable(e.to_string())))?;
        let skipped = if start.starts_with("\u{feff}".as_bytes()) {
            source.consume(3);
            3
        } else {
            0
        };
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(source);
        let mut sheet = SheetReader {
            name: name.into(),
            header: Vec::new(),
            columns: HashMap::new(),
            reader,
            skipped,
            record: csv::StringRecord::new(),
        };
        let Some((_, header)) = sheet.next_row()? else {
            return Err(InputErrors::one(Location::file(name), Problem::Syntax("empty file".into())));
        };
        sheet.columns = columns_of(&header);
        sheet.header = header;
        Ok(sheet)
    }

    /// The next record: its line number and its cleaned fields; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>, InputErrors> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some((self.record_line(), self.record.iter().map(clean).collect()))),
            Err(e) => {
                let line = e.position().map(|p| p.line());
                Err(InputErrors::one(
                    Location { file: self.name.clone(), line, column: None, field: None, cell: None },
                    Problem::Syntax(e.to_string()),
                ))
            }
        }
    }

    /// The line the record just read starts on. The csv reader names the position where it began
    /// looking for the record, which is before the line breaks of any blank lines it skipped (and
    /// of the previous record's `\r\n`): those are counted from the bytes there.
    fn record_line(&self) -> u64 {
        let Some(p) = self.record.position() else { return 0 };
        let source = self.reader.get_ref().get_ref();
        let (mut line, mut at) = (p.line(), p.byte() + self.skipped);
        loop {
            match source.byte_at(at) {
                Some(b'\n') => at += 1,
                Some(b'\r') if source.byte_at(at + 1) == Some(b'\n') => at += 2,
                _ => return line,
            }
            line += 1;
        }
    }

    /// Bytes read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// The positions of required columns, or one error naming each missing one.
    pub fn require(&self, names: &[&str]) -> Result<Vec<usize>, InputErrors> {
        require(&self.name, &self.columns, names)
    }
}

fn columns_of(header: &[String]) -> HashMap<String, usize> {
    header.iter().enumerate().map(|(i, h)| (h.to_lowercase(), i)).collect()
}

fn require(name: &str, columns: &HashMap<String, usize>, names: &[&str]) -> Result<Vec<usize>, InputErrors> {
    let mut errors = InputErrors::default();
    let mut out = Vec::new();
    for n in names {
        match columns.get(*n) {
            Some(i) => out.push(*i),
            None => errors.push(Location::line(name, 1), Problem::MissingColumn((*n).into())),
        }
    }
    errors.into_result(out)
}

/// Reads CSV text whole (a UTF-8 byte-order mark is allowed). Every field is NFC-normalised and
/// trimmed.
pub fn read_sheet(name: &str, text: &str) -> Result<Sheet, InputErrors> {
    let mut reader = SheetReader::new(name, text.as_bytes())?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row()? {
        rows.push(row);
    }
    let SheetReader { header, columns, .. } = reader;
    Ok(Sheet { name: name.into(), header, columns, rows })
}

impl Sheet {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// The positions of required columns, or one error naming each missing one.
    pub fn require(&self, names: &[&str]) -> Result<Vec<usize>, InputErrors> {
        require(&self.name, &self.columns, names)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that hands over its bytes a few at a time, as a pipe or a slow disk would.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(3);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_stream_gives_the_same_records_and_lines_as_the_whole_text() {
        let text = "\u{feff}a,B\n1, x  y \n\n\"two\nlines\",3\n";
        let whole = read_sheet("f.csv", text).unwrap();
        let mut stream = SheetReader::new("f.csv", Trickle(text.as_bytes())).unwrap();
        assert_eq!(stream.header, ["a", "B"], "the byte-order mark is not part of the first name");
        assert_eq!(stream.column("b"), Some(1));
        let mut rows = Vec::new();
        while let Some(r) = stream.next_row().unwrap() {
            rows.push(r);
        }
        assert_eq!(rows, whole.rows);
        assert_eq!(rows[0], (2, vec!["1".to_string(), "x y".to_string()]));
        assert_eq!(rows[1].0, 4, "a record after a blank line is named by the line it starts on");
        assert_eq!(stream.bytes_read(), u64::try_from(text.len() - 3).unwrap());
    }

    #[test]
    fn records_are_named_by_the_line_they_start_on_whatever_lies_before_them() {
        let lines = |text: &str| -> Vec<u64> { read_sheet("f.csv", text).unwrap().rows.iter().map(|r| r.0).collect() };
        assert_eq!(lines("h\na\n\nb\n"), [2, 4]);
        assert_eq!(lines("h\na\n\nb"), [2, 4], "no line break at the end");
        assert_eq!(lines("h\n\"x\ny\",1\n\n\nz,2"), [2, 6], "a field over two lines, then two blank lines");
        assert_eq!(lines("h\r\na\r\n\r\nb\r\n"), [2, 4], "Windows line breaks");
        assert_eq!(lines("h\r\n\"x\r\n\r\ny\",1\r\nz,2\r\n"), [2, 5], "blank lines inside a quoted field");
        assert_eq!(lines("h\n\n\n\na\n"), [5], "blank lines right after the header");
    }

    #[test]
    fn an_empty_source_and_a_missing_column_are_errors() {
        let e = SheetReader::new("f.csv", &b""[..]).err().unwrap();
        assert!(e.render(ntm_domain::Lang::En).contains("empty file"));
        let s = SheetReader::new("f.csv", &b"a,b\n"[..]).unwrap();
        let e = s.require(&["a", "c"]).unwrap_err();
        assert_eq!(e.render(ntm_domain::Lang::En), "f.csv, line 1: the header lacks column c");
    }
}
