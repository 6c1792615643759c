//! The portable archive and what backups and restores ask of the database (issue 11, "Backup and
//! restore").
//!
//! An archive is a zip: `manifest.json` (the format, the schema's last migration, the program's
//! version, and per table its columns with their types, its row count and the SHA-256 of its file)
//! and one JSON-lines file per table, `tables/<table>.jsonl`: one row a line, a JSON array of the
//! row's cells in the manifest's column order (columns by name), rows in primary-key order
//! (text compared byte by byte on both databases). A cell keeps its type: an integer is a JSON
//! integer, a real a JSON number with a fraction or exponent, text a JSON string, a blob
//! `{"hex":"…"}`, a null `null`. The same database gives the same bytes (no time stamps; entries in
//! the order of [`TABLES`]), and SQLite and PostgreSQL holding the same rows give the same table
//! files.
//!
//! [`ArchiveReader`] reads one without a database (the fuzz target runs it on any bytes):
//! [`ArchiveReader::verify`] checks every table's count, hash and every cell's type before
//! [`Db::import_all`] writes anything, in one transaction, into an empty database of the same
//! schema.

use std::io::{BufRead, BufReader, Read, Seek, Write};

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{Db, StoreError};

/// The archive format's version (the manifest's `format`).
pub const FORMAT: u32 = 1;

/// The manifest's name in the zip.
pub const MANIFEST: &str = "manifest.json";

/// The longest line a table file may have (a 5 MB attachment is 10 MB of hex).
const MAX_LINE: u64 = 64 * 1024 * 1024;

/// A table as the archive, backups and restores know it: its name, the columns of its primary
/// key (rows go in this order), and the columns that link a row to another of the same table
/// (written after every row is in, so that the order of rows never breaks a link).
#[derive(Clone, Copy, Debug)]
pub struct TableSpec {
    pub name: &'static str,
    pub key: &'static [&'static str],
    pub later: &'static [&'static str],
}

const fn spec(name: &'static str, key: &'static [&'static str]) -> TableSpec {
    TableSpec { name, key, later: &[] }
}

/// Every table of the schema, each after the tables it refers to (the order an import writes
/// them). A migration that adds a table must add it here: the store's tests compare this list
/// with the tables of both databases.
pub const TABLES: &[TableSpec] = &[
    spec("meta", &["key"]),
    spec("app_user", &["id"]),
    spec("audit", &["id"]),
    TableSpec { name: "unit", key: &["id"], later: &["parent_id"] },
    spec("lineage", &["from_id", "to_id"]),
    spec("element", &["id"]),
    spec("value", &["unit_id", "element_id", "period"]),
    spec("value_change", &["id"]),
    spec("session", &["token_hash"]),
    spec("login_attempt", &["id"]),
    spec("criteria_set", &["id"]),
    spec("threshold_layer", &["id"]),
    spec("threshold_entry", &["id"]),
    spec("agency", &["id"]),
    spec("agency_criterion", &["agency_id", "set_id", "criterion_id"]),
    spec("recognition", &["id"]),
    spec("target", &["id"]),
    spec("target_part", &["target_id", "position"]),
    spec("plan_row", &["id"]),
    spec("member", &["id"]),
    spec("member_commune", &["member_id", "unit_id"]),
    spec("reason", &["id"]),
    spec("report_schedule", &["id"]),
    spec("report_holiday", &["day"]),
    spec("report_round", &["id"]),
    spec("report", &["id"]),
    spec("report_move", &["id"]),
    spec("report_attachment", &["id"]),
    spec("value_lock", &["id"]),
];

/// The table the store keeps its counters in: always there, even in an empty database.
const COUNTERS: &str = "meta";

/// A column's type as the archive keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Integer,
    Real,
    Text,
    Blob,
}

impl ColumnType {
    /// From a column's declared type (SQLite) or data type (PostgreSQL).
    fn of_declared(declared: &str) -> Option<ColumnType> {
        let d = declared.to_ascii_lowercase();
        if d.contains("int") {
            Some(ColumnType::Integer)
        } else if d.contains("char") || d.contains("text") || d.contains("clob") {
            Some(ColumnType::Text)
        } else if d.contains("blob") || d.contains("bytea") {
            Some(ColumnType::Blob)
        } else if d.contains("real") || d.contains("floa") || d.contains("doub") {
            Some(ColumnType::Real)
        } else {
            None
        }
    }

    pub const fn code(&self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Real => "real",
            ColumnType::Text => "text",
            ColumnType::Blob => "blob",
        }
    }
}

/// One cell of a row, with its type.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A column: its name and type.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
}

/// A table's rows in key order, its columns by name.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDump {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// The manifest's entry of one table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableEntry {
    pub name: String,
    pub file: String,
    pub rows: u64,
    pub sha256: String,
    pub columns: Vec<Column>,
}

/// `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// The schema's last migration (its number).
    pub schema: i64,
    /// The program that wrote it (`ntm 0.1.0`).
    pub program: String,
    pub tables: Vec<TableEntry>,
}

/// What was put in an archive or a database: per table, its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tables: Vec<(String, u64)>,
}

impl Counts {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Why an archive could not be read or imported, or a database not backed up or restored into.
/// Each names what and where; the command line words them (`Display` is for logs).
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Not a zip, or a damaged or truncated one.
    #[error("not a readable zip archive: {0}")]
    Unreadable(String),
    #[error("the archive has no {MANIFEST}")]
    NoManifest,
    #[error("{MANIFEST}: {0}")]
    BadManifest(String),
    #[error("archive format {0} is not known (this program reads format {FORMAT})")]
    Format(u32),
    /// The manifest or the zip lacks a table of the schema.
    #[error("the archive has no table {0}")]
    MissingTable(String),
    /// The manifest names a table the schema does not have, or twice.
    #[error("the archive has a table {0} this schema does not have, or has it twice")]
    UnknownTable(String),
    /// The archive is of another schema than the database's.
    #[error("the archive is of schema {archive}, the database of schema {database}")]
    Schema { archive: i64, database: i64 },
    /// A table's columns in the archive are not those of the database.
    #[error("{table}: the archive's columns ({archive}) are not the database's ({database})")]
    Columns { table: String, archive: String, database: String },
    #[error("{table}: the manifest counts {manifest} rows, the file holds {found}")]
    Count { table: String, manifest: u64, found: u64 },
    #[error("{table}: the file's SHA-256 is not the manifest's (the file was changed or damaged)")]
    Hash { table: String },
    /// A line that is not a row of the table.
    #[error("{table} line {line}{}: {problem}", column.as_deref().map(|c| format!(", column {c}")).unwrap_or_default())]
    Row { table: String, line: u64, column: Option<String>, problem: RowProblem },
    /// The database refused a row (a broken link, a duplicate key, a missing value).
    #[error("{table} line {line}: the database refused the row: {message}")]
    Refused { table: String, line: u64, message: String },
    /// The target holds data (tables with their rows).
    #[error("the database is not empty: {}", .0.iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", "))]
    NotEmpty(Vec<(String, i64)>),
    /// The target holds tables that are not the store's.
    #[error("the database holds tables that are not ntm's: {}", .0.join(", "))]
    Foreign(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<sqlx::Error> for ArchiveError {
    fn from(e: sqlx::Error) -> ArchiveError {
        ArchiveError::Store(e.into())
    }
}

impl From<zip::result::ZipError> for ArchiveError {
    fn from(e: zip::result::ZipError) -> ArchiveError {
        ArchiveError::Unreadable(e.to_string())
    }
}

/// What is wrong with a line of a table file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("not a JSON array: {0}")]
    NotJson(String),
    #[error("{found} cells, the table has {expected} columns")]
    Width { expected: usize, found: usize },
    #[error("not of type {}", .0.code())]
    Type(ColumnType),
    #[error("the line is longer than {MAX_LINE} bytes")]
    TooLong,
}

pub type ArchiveResult<T> = std::result::Result<T, ArchiveError>;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

/// A row as a line of its table file (without the newline).
pub fn encode_row(row: &[Cell]) -> ArchiveResult<String> {
    let cells: Vec<serde_json::Value> = row
        .iter()
        .map(|c| match c {
            Cell::Null => Ok(serde_json::Value::Null),
            Cell::Integer(i) => Ok(serde_json::Value::from(*i)),
            Cell::Real(r) => serde_json::Number::from_f64(*r)
                .map(serde_json::Value::Number)
                .ok_or_else(|| StoreError::Corrupt(format!("a real that is not a number: {r}"))),
            Cell::Text(t) => Ok(serde_json::Value::from(t.as_str())),
            Cell::Blob(b) => Ok(serde_json::json!({ "hex": hex(b) })),
        })
        .collect::<Result<_, StoreError>>()?;
    serde_json::to_string(&cells).map_err(|e| StoreError::Corrupt(e.to_string()).into())
}

/// A line of a table file as a row of `columns`; the problem and its column otherwise.
pub fn decode_row(line: &str, columns: &[Column]) -> Result<Vec<Cell>, (Option<String>, RowProblem)> {
    let cells: Vec<serde_json::Value> =
        serde_json::from_str(line).map_err(|e| (None, RowProblem::NotJson(e.to_string())))?;
    if cells.len() != columns.len() {
        return Err((None, RowProblem::Width { expected: columns.len(), found: cells.len() }));
    }
    cells
        .into_iter()
        .zip(columns)
        .map(|(v, c)| {
            let cell = match (&v, c.ty) {
                (serde_json::Value::Null, _) => Some(Cell::Null),
                (serde_json::Value::Number(n), ColumnType::Integer) => n.as_i64().map(Cell::Integer),
                (serde_json::Value::Number(n), ColumnType::Real) => n.as_f64().map(Cell::Real),
                (serde_json::Value::String(s), ColumnType::Text) => Some(Cell::Text(s.clone())),
                (serde_json::Value::Object(o), ColumnType::Blob) if o.len() == 1 => {
                    o.get("hex").and_then(|h| h.as_str()).and_then(unhex).map(Cell::Blob)
                }
                _ => None,
            };
            cell.ok_or_else(|| (Some(c.name.clone()), RowProblem::Type(c.ty)))
        })
        .collect()
}

/// An archive being read: its manifest read and checked against [`TABLES`].
pub struct ArchiveReader<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    pub manifest: Manifest,
}

impl<R: Read + Seek> ArchiveReader<R> {
    /// Opens the zip and reads its manifest: of this format, naming every table of [`TABLES`]
    /// once and no other, each with a file in the zip.
    pub fn open(reader: R) -> ArchiveResult<ArchiveReader<R>> {
        let mut zip = zip::ZipArchive::new(reader)?;
        let mut text = String::new();
        match zip.by_name(MANIFEST) {
            Ok(mut f) => (&mut f)
                .take(MAX_LINE)
                .read_to_string(&mut text)
                .map_err(|e| ArchiveError::Unreadable(e.to_string()))?,
            Err(zip::result::ZipError::FileNotFound) => return Err(ArchiveError::NoManifest),
            Err(e) => return Err(e.into()),
        };
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| ArchiveError::BadManifest(e.to_string()))?;
        if manifest.format != FORMAT {
            return Err(ArchiveError::Format(manifest.format));
        }
        for (i, entry) in manifest.tables.iter().enumerate() {
            if !TABLES.iter().any(|t| t.name == entry.name) || manifest.tables[..i].iter().any(|e| e.name == entry.name)
            {
                return Err(ArchiveError::UnknownTable(entry.name.clone()));
            }
        }
        for t in TABLES {
            let Some(entry) = manifest.tables.iter().find(|e| e.name == t.name) else {
                return Err(ArchiveError::MissingTable(t.name.to_string()));
            };
            if zip.index_for_name(&entry.file).is_none() {
                return Err(ArchiveError::MissingTable(t.name.to_string()));
            }
        }
        Ok(ArchiveReader { zip, manifest })
    }

    fn entry(&self, table: &str) -> ArchiveResult<TableEntry> {
        self.manifest.tables.iter().find(|e| e.name == table).cloned().ok_or(ArchiveError::MissingTable(table.into()))
    }

    /// Reads a table's file, each row to `each(line number, row)`; then checks the count and
    /// the hash against the manifest.
    pub fn rows(
        &mut self,
        table: &str,
        each: &mut dyn FnMut(u64, Vec<Cell>) -> ArchiveResult<()>,
    ) -> ArchiveResult<u64> {
        let mut rows = self.table(table)?;
        while let Some((line, row)) = rows.next_row()? {
            each(line, row)?;
        }
        rows.finish()
    }

    /// A table's rows one by one ([`TableRows::next_row`]), then [`TableRows::finish`].
    pub fn table(&mut self, table: &str) -> ArchiveResult<TableRows<'_, R>> {
        let entry = self.entry(table)?;
        let file = self.zip.by_name(&entry.file)?;
        Ok(TableRows { reader: BufReader::new(file), entry, hasher: Sha256::new(), line: Vec::new(), n: 0 })
    }

    /// Reads every table through: each row of its columns' types, the counts and hashes those
    /// of the manifest. Nothing is written anywhere.
    pub fn verify(&mut self) -> ArchiveResult<Counts> {
        let mut counts = Counts::default();
        for t in TABLES {
            let n = self.rows(t.name, &mut |_, _| Ok(()))?;
            counts.tables.push((t.name.to_string(), n));
        }
        Ok(counts)
    }
}

/// The rows of one table file being read.
pub struct TableRows<'a, R: Read + Seek> {
    reader: BufReader<zip::read::ZipFile<'a, R>>,
    entry: TableEntry,
    hasher: Sha256,
    line: Vec<u8>,
    n: u64,
}

impl<R: Read + Seek> TableRows<'_, R> {
    /// The next row with its line number, read and checked against the table's columns.
    pub fn next_row(&mut self) -> ArchiveResult<Option<(u64, Vec<Cell>)>> {
        self.line.clear();
        let read = (&mut self.reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut self.line)
            .map_err(|e| ArchiveError::Unreadable(format!("{}: {e}", self.entry.file)))?;
        if read == 0 {
            return Ok(None);
        }
        self.n += 1;
        let (table, n) = (&self.entry.name, self.n);
        let row_error = |column, problem| ArchiveError::Row { table: table.clone(), line: n, column, problem };
        if self.line.len() as u64 > MAX_LINE {
            return Err(row_error(None, RowProblem::TooLong));
        }
        self.hasher.update(&self.line);
        let text = std::str::from_utf8(&self.line).map_err(|e| row_error(None, RowProblem::NotJson(e.to_string())))?;
        let row = decode_row(text.strip_suffix('\n').unwrap_or(text), &self.entry.columns)
            .map_err(|(c, p)| row_error(c, p))?;
        Ok(Some((n, row)))
    }

    /// After the last row: the count and the hash must be the manifest's.
    pub fn finish(self) -> ArchiveResult<u64> {
        if self.n != self.entry.rows {
            return Err(ArchiveError::Count { table: self.entry.name, manifest: self.entry.rows, found: self.n });
        }
        if hex(&self.hasher.finalize()) != self.entry.sha256 {
            return Err(ArchiveError::Hash { table: self.entry.name });
        }
        Ok(self.n)
    }
}

/// Quotes an identifier (`"value"`).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The query of a table's rows in key order: text compared byte by byte on both databases.
fn select_sql(spec: &TableSpec, columns: &[Column], postgres: bool) -> String {
    let cols: Vec<String> = columns.iter().map(|c| quoted(&c.name)).collect();
    let order: Vec<String> = spec
        .key
        .iter()
        .map(|k| {
            let text = columns.iter().any(|c| c.name == *k && c.ty == ColumnType::Text);
            if postgres && text { format!("{} collate \"C\"", quoted(k)) } else { quoted(k) }
        })
        .collect();
    format!("select {} from {} order by {}", cols.join(", "), quoted(spec.name), order.join(", "))
}

/// The SQL that reads a table's columns (name, declared type) on each database.
const SQLITE_COLUMNS: &str = "select name, type from pragma_table_info($1)";
const POSTGRES_COLUMNS: &str = "select column_name::text, data_type::text from information_schema.columns \
     where table_schema = current_schema() and table_name = $1";
const SQLITE_TABLES: &str =
    "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'";
const POSTGRES_TABLES: &str = "select table_name::text from information_schema.tables \
     where table_schema = current_schema() and table_type = 'BASE TABLE'";
const LAST_MIGRATION: &str = "select coalesce(max(version), 0) from _sqlx_migrations where success";

/// A table's columns by name, from the declared types.
fn columns_of(table: &str, declared: Vec<(String, String)>) -> ArchiveResult<Vec<Column>> {
    if declared.is_empty() {
        return Err(ArchiveError::MissingTable(table.to_string()));
    }
    let mut columns = declared
        .into_iter()
        .map(|(name, ty)| match ColumnType::of_declared(&ty) {
            Some(ty) => Ok(Column { name, ty }),
            None => Err(StoreError::Corrupt(format!("{table}.{name}: a column of type {ty}"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    columns.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(columns)
}

/// Reads cell `i` of a row as `ty` (a value of another type is named, with its table and column).
macro_rules! read_cell {
    ($row:expr, $i:expr, $ty:expr, $table:expr, $column:expr) => {{
        let bad = |e: sqlx::Error| StoreError::Corrupt(format!("{}.{}: {e}", $table, $column));
        match $ty {
            ColumnType::Integer => $row.try_get::<Option<i64>, _>($i).map_err(bad)?.map_or(Cell::Null, Cell::Integer),
            ColumnType::Real => $row.try_get::<Option<f64>, _>($i).map_err(bad)?.map_or(Cell::Null, Cell::Real),
            ColumnType::Text => $row.try_get::<Option<String>, _>($i).map_err(bad)?.map_or(Cell::Null, Cell::Text),
            ColumnType::Blob => $row.try_get::<Option<Vec<u8>>, _>($i).map_err(bad)?.map_or(Cell::Null, Cell::Blob),
        }
    }};
}

/// Binds a cell to a query as its column's type (a null typed too: PostgreSQL asks).
macro_rules! bind_cell {
    ($q:expr, $cell:expr, $ty:expr) => {
        match ($cell, $ty) {
            (Cell::Integer(i), _) => $q.bind(*i),
            (Cell::Real(r), _) => $q.bind(*r),
            (Cell::Text(t), _) => $q.bind(t.as_str()),
            (Cell::Blob(b), _) => $q.bind(b.as_slice()),
            (Cell::Null, ColumnType::Integer) => $q.bind(None::<i64>),
            (Cell::Null, ColumnType::Real) => $q.bind(None::<f64>),
            (Cell::Null, ColumnType::Text) => $q.bind(None::<String>),
            (Cell::Null, ColumnType::Blob) => $q.bind(None::<Vec<u8>>),
        }
    };
}

/// Runs `$body` with `$tx` a read-only transaction that sees one moment of the database
/// (SQLite: a read transaction; PostgreSQL: repeatable read), and `$pg` whether it is PostgreSQL.
macro_rules! in_snapshot {
    ($db:expr, |$tx:ident, $pg:ident| $body:expr) => {
        match $db {
            Db::Sqlite { read, .. } => {
                let mut $tx = read.begin().await?;
                let $pg = false;
                let out = $body;
                $tx.commit().await?;
                out
            }
            Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                sqlx::query("set transaction isolation level repeatable read, read only").execute(&mut *$tx).await?;
                let $pg = true;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

/// Reads every row of `$spec` in key order into `$each(row)`; evaluates to its columns.
macro_rules! each_row {
    ($tx:ident, $pg:ident, $spec:expr, $each:expr) => {{
        use futures_util::TryStreamExt as _;
        let spec: &TableSpec = $spec;
        let declared: Vec<(String, String)> = sqlx::query_as(if $pg { POSTGRES_COLUMNS } else { SQLITE_COLUMNS })
            .bind(spec.name)
            .fetch_all(&mut *$tx)
            .await?;
        let columns = columns_of(spec.name, declared)?;
        let sql = select_sql(spec, &columns, $pg);
        let mut stream = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *$tx);
        while let Some(row) = stream.try_next().await? {
            let mut cells = Vec::with_capacity(columns.len());
            for (i, c) in columns.iter().enumerate() {
                cells.push(read_cell!(row, i, c.ty, spec.name, c.name));
            }
            $each(cells)?;
        }
        columns
    }};
}

impl Db {
    /// Every row of `table` (one of [`TABLES`]) in key order, its columns by name: what the
    /// archive writes, for comparing two databases table by table.
    pub async fn dump_table(&self, table: &str) -> ArchiveResult<TableDump> {
        let spec = TABLES.iter().find(|t| t.name == table).ok_or_else(|| ArchiveError::UnknownTable(table.into()))?;
        let mut rows = Vec::new();
        let columns = in_snapshot!(self, |tx, pg| each_row!(tx, pg, spec, |cells| {
            rows.push(cells);
            Ok::<(), ArchiveError>(())
        }));
        Ok(TableDump { name: table.to_string(), columns, rows })
    }

    /// The tables the database has (besides the migrations' own), by name.
    pub async fn table_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names: Vec<String> = match self {
            Db::Sqlite { read, .. } => sqlx::query_scalar(SQLITE_TABLES).fetch_all(read).await?,
            Db::Postgres(p) => sqlx::query_scalar(POSTGRES_TABLES).fetch_all(p).await?,
        };
        names.retain(|n| n != "_sqlx_migrations");
        names.sort();
        Ok(names)
    }

    /// The number of the schema's last migration.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(crate::on_db!(self, write, |p| sqlx::query_scalar(LAST_MIGRATION).fetch_one(p).await?))
    }

    /// Every table's rows.
    pub async fn row_counts(&self) -> Result<Counts, StoreError> {
        let mut counts = Counts::default();
        for t in TABLES {
            let sql = format!("select count(*) from {}", quoted(t.name));
            let n: i64 =
                crate::on_db!(self, read, |p| sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(p).await?);
            counts.tables.push((t.name.to_string(), u64::try_from(n).unwrap_or(0)));
        }
        Ok(counts)
    }

    /// The tables that hold rows (the counters' table aside, which every database has), with
    /// their rows: empty when the database is.
    pub async fn rows_held(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(self
            .row_counts()
            .await?
            .tables
            .into_iter()
            .filter(|(t, n)| t != COUNTERS && *n > 0)
            .map(|(t, n)| (t, i64::try_from(n).unwrap_or(i64::MAX)))
            .collect())
    }

    /// Writes the portable archive of the whole database to `out`, from one moment of it (a
    /// server may write meanwhile). `program` is written in the manifest (`ntm 0.1.0`).
    pub async fn export_all<W: Write + Seek>(&self, out: W, program: &str) -> ArchiveResult<Counts> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(out);
        let mut entries = Vec::new();
        let schema = in_snapshot!(self, |tx, pg| {
            let schema: i64 = sqlx::query_scalar(LAST_MIGRATION).fetch_one(&mut *tx).await?;
            for spec in TABLES {
                let file = format!("tables/{}.jsonl", spec.name);
                zip.start_file(file.as_str(), options)?;
                let mut hasher = Sha256::new();
                let mut rows = 0u64;
                let columns = each_row!(tx, pg, spec, |cells: Vec<Cell>| {
                    let mut line = encode_row(&cells)?;
                    line.push('\n');
                    hasher.update(line.as_bytes());
                    zip.write_all(line.as_bytes())?;
                    rows += 1;
                    Ok::<(), ArchiveError>(())
                });
                let sha256 = hex(&hasher.finalize());
                entries.push(TableEntry { name: spec.name.to_string(), file, rows, sha256, columns });
            }
            schema
        });
        let manifest = Manifest { format: FORMAT, schema, program: program.to_string(), tables: entries };
        let mut text = serde_json::to_string_pretty(&manifest).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        text.push('\n');
        zip.start_file(MANIFEST, options)?;
        zip.write_all(text.as_bytes())?;
        zip.finish()?.flush()?;
        Ok(Counts { tables: manifest.tables.iter().map(|e| (e.name.clone(), e.rows)).collect() })
    }

    /// Imports an archive into this database, which must be empty and of the archive's schema:
    /// the whole archive is read and checked first (counts, hashes, every cell's type), then
    /// written in one transaction (all or nothing); on PostgreSQL the identity counters are set
    /// past the imported ids.
    pub async fn import_all<R: Read + Seek>(&self, reader: &mut ArchiveReader<R>) -> ArchiveResult<Counts> {
        let counts = reader.verify()?;
        let schema = self.schema_version().await?;
        if reader.manifest.schema != schema {
            return Err(ArchiveError::Schema { archive: reader.manifest.schema, database: schema });
        }
        let mut columns = Vec::new();
        for t in TABLES {
            let dump_columns = self.columns(t.name).await?;
            let archived = reader.entry(t.name)?.columns;
            if archived != dump_columns {
                let list = |cs: &[Column]| cs.iter().map(|c| format!("{} {}", c.name, c.ty.code())).collect::<Vec<_>>();
                return Err(ArchiveError::Columns {
                    table: t.name.to_string(),
                    archive: list(&archived).join(", "),
                    database: list(&dump_columns).join(", "),
                });
            }
            columns.push(dump_columns);
        }
        let held = self.rows_held().await?;
        if !held.is_empty() {
            return Err(ArchiveError::NotEmpty(held));
        }
        crate::in_tx!(self, |tx| {
            // Again inside the transaction: nobody wrote since.
            for t in TABLES.iter().filter(|t| t.name != COUNTERS) {
                let sql = format!("select count(*) from {}", quoted(t.name));
                let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *tx).await?;
                if n > 0 {
                    return Err(ArchiveError::NotEmpty(vec![(t.name.to_string(), n)]));
                }
            }
            sqlx::query("delete from meta").execute(&mut *tx).await?;
            for (t, columns) in TABLES.iter().zip(&columns) {
                let now: Vec<&Column> = columns.iter().filter(|c| !t.later.contains(&c.name.as_str())).collect();
                let names: Vec<String> = now.iter().map(|c| quoted(&c.name)).collect();
                let params: Vec<String> = (1..=now.len()).map(|i| format!("${i}")).collect();
                let insert =
                    format!("insert into {} ({}) values ({})", quoted(t.name), names.join(", "), params.join(", "));
                let mut later_rows: Vec<(u64, Vec<Cell>)> = Vec::new();
                let mut rows = reader.table(t.name)?;
                while let Some((line, row)) = rows.next_row()? {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(insert.as_str()));
                    for (c, cell) in columns.iter().zip(&row) {
                        if !t.later.contains(&c.name.as_str()) {
                            q = bind_cell!(q, cell, c.ty);
                        }
                    }
                    q.execute(&mut *tx).await.map_err(|e| refused(t.name, line, e))?;
                    if !t.later.is_empty() {
                        later_rows.push((line, row));
                    }
                }
                rows.finish()?;
                for (line, row) in &later_rows {
                    for later in t.later {
                        let Some(i) = columns.iter().position(|c| c.name == *later) else { continue };
                        if row[i] == Cell::Null {
                            continue;
                        }
                        let keys: Vec<String> =
                            t.key.iter().enumerate().map(|(j, k)| format!("{} = ${}", quoted(k), j + 2)).collect();
                        let update = format!(
                            "update {} set {} = $1 where {}",
                            quoted(t.name),
                            quoted(later),
                            keys.join(" and ")
                        );
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(update.as_str()));
                        q = bind_cell!(q, &row[i], columns[i].ty);
                        for k in t.key {
                            let Some(j) = columns.iter().position(|c| c.name == *k) else { continue };
                            q = bind_cell!(q, &row[j], columns[j].ty);
                        }
                        q.execute(&mut *tx).await.map_err(|e| refused(t.name, *line, e))?;
                    }
                }
            }
            if self.backend() == crate::Backend::Postgres {
                let integer_id = |cs: &Vec<Column>| cs.iter().any(|c| c.name == "id" && c.ty == ColumnType::Integer);
                for (t, _) in TABLES.iter().zip(&columns).filter(|(_, cs)| integer_id(cs)) {
                    let sql = format!(
                        "select setval(s, coalesce((select max(id) from {0}), 0) + 1, false) \
                         from pg_get_serial_sequence('{1}', 'id') as s where s is not null",
                        quoted(t.name),
                        t.name
                    );
                    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                }
            }
        });
        Ok(counts)
    }

    /// A table's columns by name, as the database declares them.
    async fn columns(&self, table: &str) -> ArchiveResult<Vec<Column>> {
        let declared: Vec<(String, String)> = match self {
            Db::Sqlite { write, .. } => sqlx::query_as(SQLITE_COLUMNS).bind(table).fetch_all(write).await?,
            Db::Postgres(p) => sqlx::query_as(POSTGRES_COLUMNS).bind(table).fetch_all(p).await?,
        };
        columns_of(table, declared)
    }

    /// PostgreSQL: runs `dump(snapshot)` while a repeatable-read transaction holds the snapshot it
    /// names (`pg_dump --snapshot`), and counts every table's rows in that same snapshot: what
    /// the dump holds.
    pub async fn in_exported_snapshot<T>(&self, dump: impl FnOnce(&str) -> T) -> ArchiveResult<(T, Counts)> {
        let Db::Postgres(pool) = self else {
            return Err(StoreError::BadUrl("a snapshot to export is PostgreSQL's".into()).into());
        };
        let mut tx = pool.begin().await?;
        sqlx::query("set transaction isolation level repeatable read, read only").execute(&mut *tx).await?;
        let snapshot: String = sqlx::query_scalar("select pg_export_snapshot()").fetch_one(&mut *tx).await?;
        let mut counts = Counts::default();
        for t in TABLES {
            let sql = format!("select count(*) from {}", quoted(t.name));
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *tx).await?;
            counts.tables.push((t.name.to_string(), u64::try_from(n).unwrap_or(0)));
        }
        let out = dump(&snapshot);
        tx.commit().await?;
        Ok((out, counts))
    }

    /// SQLite: writes a consistent copy of the database to `path` (`VACUUM INTO`), and counts
    /// the copy's rows.
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> ArchiveResult<Counts> {
        self.backup_to(path).await?;
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true);
        let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        let mut counts = Counts::default();
        for t in TABLES {
            let sql = format!("select count(*) from {}", quoted(t.name));
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&pool).await?;
            counts.tables.push((t.name.to_string(), u64::try_from(n).unwrap_or(0)));
        }
        pool.close().await;
        Ok(counts)
    }
}

fn refused(table: &str, line: u64, e: sqlx::Error) -> ArchiveError {
    match StoreError::from(e) {
        e @ (StoreError::Full(_) | StoreError::Unavailable(_)) => ArchiveError::Store(e),
        StoreError::Duplicate(m) => ArchiveError::Refused { table: table.to_string(), line, message: m },
        StoreError::Db(sqlx::Error::Database(d)) => {
            ArchiveError::Refused { table: table.to_string(), line, message: d.message().to_string() }
        }
        e => ArchiveError::Store(e),
    }
}

/// PostgreSQL, before `pg_restore` into `url`: the database must hold no rows. A database the
/// store has opened (its tables there, every one empty) has its empty tables dropped, so that the
/// dump recreates them as they were (a dump of an older schema is then migrated forward by the
/// store); a database with tables that are not the store's is refused.
pub async fn prepare_postgres_restore(url: &str) -> ArchiveResult<()> {
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await?;
    let result = async {
        let mut tx = pool.begin().await?;
        let names: Vec<String> = sqlx::query_scalar(POSTGRES_TABLES).fetch_all(&mut *tx).await?;
        let foreign: Vec<String> = names
            .iter()
            .filter(|n| *n != "_sqlx_migrations" && !TABLES.iter().any(|t| t.name == *n))
            .cloned()
            .collect();
        if !foreign.is_empty() {
            return Err(ArchiveError::Foreign(foreign));
        }
        let mut held = Vec::new();
        for n in names.iter().filter(|n| *n != "_sqlx_migrations" && *n != COUNTERS) {
            let sql = format!("select count(*) from {}", quoted(n));
            let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *tx).await?;
            if rows > 0 {
                held.push((n.clone(), rows));
            }
        }
        if !held.is_empty() {
            return Err(ArchiveError::NotEmpty(held));
        }
        for n in &names {
            sqlx::query(sqlx::AssertSqlSafe(format!("drop table {} cascade", quoted(n)))).execute(&mut *tx).await?;
        }
        sqlx::query("drop function if exists value_changed() cascade").execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    pool.close().await;
    result
}

/// The path of a `sqlite://PATH[?…]` URL.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(types: &[ColumnType]) -> Vec<Column> {
        types.iter().enumerate().map(|(i, ty)| Column { name: format!("c{i}"), ty: *ty }).collect()
    }

    #[test]
    fn a_row_keeps_every_cell_and_its_type() {
        let columns =
            cols(&[ColumnType::Integer, ColumnType::Real, ColumnType::Text, ColumnType::Blob, ColumnType::Text]);
        let row = vec![
            Cell::Integer(-9_007_199_254_740_993),
            Cell::Real(0.1),
            Cell::Text("Xã \"Sơn Bình\"\n\u{202e}".into()),
            Cell::Blob(vec![0, 255, 16]),
            Cell::Null,
        ];
        let line = encode_row(&row).unwrap();
        assert!(!line.contains('\n'));
        assert_eq!(decode_row(&line, &columns).unwrap(), row);
        // A cell of another type is named with its column.
        assert_eq!(
            decode_row("[\"1\",0.1,\"a\",{\"hex\":\"00\"},null]", &columns),
            Err((Some("c0".into()), RowProblem::Type(ColumnType::Integer)))
        );
        assert_eq!(
            decode_row("[1,0.1,\"a\",{\"hex\":\"0\"},null]", &columns),
            Err((Some("c3".into()), RowProblem::Type(ColumnType::Blob)))
        );
        assert!(matches!(decode_row("[1]", &columns), Err((None, RowProblem::Width { expected: 5, found: 1 }))));
    }

    #[test]
    fn sqlite_paths_are_read_from_urls() {
        assert_eq!(sqlite_path("sqlite://ntm.db"), Some("ntm.db".into()));
        assert_eq!(sqlite_path("sqlite:///tmp/a.db?mode=rwc"), Some("/tmp/a.db".into()));
        assert_eq!(sqlite_path("postgres://h/db"), None);
    }
}
