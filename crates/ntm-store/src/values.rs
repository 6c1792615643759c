//! Values: the current value of each (unit, element of a set, period), its versions, and the two
//! ways of changing values — a form save that detects concurrent edits, and a bulk import that
//! streams its rows in batches inside one transaction ([`ValueImport`]).
//!
//! **Value locks.** A value an accepted report covers (`value_lock`, written by the acceptance in
//! `reporting.rs`) may not change until the office reopens the report. Both ways of changing
//! values refuse it themselves, inside their transaction: they take the writers' lock
//! ([`LOCK_WRITERS`]: SQLite's `BEGIN IMMEDIATE` already holds it; on PostgreSQL the revision row's
//! lock) *before* they read the locks, and keep it until they commit; the acceptance takes the
//! same lock before it writes its locks. So a save and an acceptance are one after the other,
//! never interleaved: a lock committed before the save began its check is seen by it, and an
//! acceptance waits for a save under way and then locks the value as the save left it (the app's
//! own check before the save only words the refusal early). A change to the same value again is no
//! change and passes. A lock without a criterion covers every element of its unit and period; one
//! with a criterion covers the elements of that criterion, as the caller says which criterion owns
//! an element ([`ValueEdit::criterion`], [`ValueImport::element_of`]); an element whose owner the
//! caller did not say is taken as covered by every lock of its unit and period.
//!
//! Keys are integers (`element` numbers each set's element ids; a period is year × 10 +
//! quarter), so that a nation's millions of values load in seconds: one row per unit, its values
//! joined by the database ([`Db::load_values`]). Versions are kept by a trigger on `value` (see
//! `migrations/*/0006_values.sql`), so no path that changes a value can skip its history.

use std::collections::HashMap;

use ntm_domain::audit::Event;
use ntm_domain::{Period, Ratio, Value};

use crate::{Area, Db, LOCK_WRITERS, Result, StoreError, in_tx, on_db, record};

/// A value as stored: kind `b` (yes/no), `n` (decimal num/den), `f` (fraction num/den), or
/// ` ` (cleared; the row stays so that caches see the change).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredValue {
    pub kind: char,
    pub num: i64,
    pub den: i64,
}

impl StoredValue {
    pub fn from_value(v: Option<Value>) -> StoredValue {
        match v {
            None => StoredValue { kind: ' ', num: 0, den: 1 },
            Some(Value::Bool(b)) => StoredValue { kind: 'b', num: i64::from(b), den: 1 },
            Some(Value::Number(r)) => StoredValue { kind: 'n', num: r.numerator(), den: r.denominator() },
            Some(Value::Fraction { num, den }) => StoredValue { kind: 'f', num, den },
        }
    }

    pub fn to_value(self) -> Result<Option<Value>> {
        let bad = || StoreError::Corrupt(format!("value {}:{}/{}", self.kind, self.num, self.den));
        Ok(match self.kind {
            'b' => Some(Value::Bool(self.num != 0)),
            'n' => Some(Value::Number(Ratio::new(self.num, self.den).map_err(|_| bad())?)),
            'f' if self.den > 0 => Some(Value::Fraction { num: self.num, den: self.den }),
            ' ' => None,
            _ => return Err(bad()),
        })
    }

    fn kind_text(self) -> &'static str {
        match self.kind {
            'b' => "b",
            'n' => "n",
            'f' => "f",
            _ => " ",
        }
    }

    pub(crate) fn from_row(kind: &str, num: i64, den: i64) -> StoredValue {
        StoredValue { kind: kind.chars().next().unwrap_or(' '), num, den }
    }
}

/// A period as stored: year × 10 + quarter (0 for the year).
pub(crate) fn period_code(p: Period) -> i64 {
    match p {
        Period::Year(y) => i64::from(y) * 10,
        Period::Quarter(y, q) => i64::from(y) * 10 + i64::from(q),
    }
}

fn period_of(code: i64) -> Result<Period> {
    let year = i32::try_from(code.div_euclid(10)).map_err(|_| StoreError::Corrupt(format!("period {code}")))?;
    let period = match code.rem_euclid(10) {
        0 => Period::Year(year),
        q @ 1..=4 => Period::Quarter(year, u8::try_from(q).unwrap_or(1)),
        _ => return Err(StoreError::Corrupt(format!("period {code}"))),
    };
    // Through the parser, so that a stored year outside the range is refused as it is in files.
    Period::parse(&period.to_string()).map_err(|_| StoreError::Corrupt(format!("period {code}")))
}

fn parse_period(text: &str) -> Result<Period> {
    Period::parse(text).map_err(|_| StoreError::Corrupt(format!("period {text}")))
}

/// A current value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRecord {
    pub set_id: String,
    pub unit_id: i64,
    pub element: String,
    pub period: String,
    /// `None` when the value was cleared.
    pub value: Option<Value>,
    pub revision: i64,
    /// When and by whom it was written (from its change's audit row; 0 and `None` when unknown).
    pub updated_at: i64,
    pub updated_by: Option<i64>,
}

/// One field of a form save: the new value (`None` clears it) and the revision the form showed
/// (0 = the form showed no value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueEdit {
    pub unit_id: i64,
    pub element: String,
    /// The criterion the element belongs to (`None`: none), for the locks on one criterion.
    pub criterion: Option<String>,
    pub period: String,
    pub new: Option<Value>,
    pub expected_revision: i64,
}

/// The result of a form save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved {
        revision: i64,
        changed: usize,
    },
    /// Someone else changed these fields since the form was shown; nothing was written.
    Conflict(Vec<ValueRecord>),
    /// These fields would change values an accepted report locks; nothing was written.
    Locked(Vec<LockedValue>),
}

/// A value a save may not change: an accepted report of round `round_id` locks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedValue {
    pub unit_id: i64,
    pub element: String,
    pub period: String,
    pub round_id: i64,
}

/// A lock as a value-writing transaction reads it: the unit and period it covers, its criterion
/// (empty: every one) and the round of the accepted report that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldLock {
    pub unit_id: i64,
    pub period: Period,
    pub criterion: String,
    pub round_id: i64,
}

impl HeldLock {
    /// Whether it covers an element of `owner` in its unit and period: `Some(criterion)` (or
    /// `Some(None)`, an element of no criterion) as the caller said, `None` when it did not.
    fn covers(&self, owner: Option<Option<&str>>) -> bool {
        self.criterion.is_empty() || owner.is_none_or(|c| c == Some(self.criterion.as_str()))
    }
}

/// The locks of a set (`$1`) with the round of the report that holds each.
const HELD_LOCKS: &str = "select l.unit_id, l.period, l.criterion, r.round_id from value_lock l \
     join report r on r.id = l.report_id where l.set_id = $1";

/// The locks of a set (`$1`) on one unit (`$2`) and period (`$3`, its code: `2024Q3`).
const HELD_LOCKS_OF_UNIT: &str = "select l.unit_id, l.period, l.criterion, r.round_id from value_lock l \
     join report r on r.id = l.report_id where l.set_id = $1 and l.unit_id = $2 and l.period = $3";

fn held((unit_id, period, criterion, round_id): (i64, String, String, i64)) -> Result<HeldLock> {
    Ok(HeldLock { unit_id, period: parse_period(&period)?, criterion, round_id })
}

/// One change in a value's history: the value before and after it (`None`: no value), and the
/// change it was part of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRecord {
    pub at: i64,
    pub username: Option<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub event: Event,
}

/// One row of a bulk import: a unit (by store id), an element of the set (its number, from
/// [`ValueImport::element`]), a period, a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueRow {
    pub unit_id: i64,
    pub element: i64,
    pub period: Period,
    pub value: Value,
}

/// What an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Values that differ from what was there (new, or changed).
    pub changed: usize,
    /// Rows read (a key given twice counts twice).
    pub rows: usize,
    pub revision: i64,
}

/// Every value of one unit, as [`Db::load_values`] hands them over.
pub struct UnitValues<'a> {
    pub unit_id: i64,
    /// (element number, see [`Db::elements`]; period; value).
    pub values: &'a [(i64, Period, Value)],
}

type ValueRow8 = (String, i64, String, i64, String, i64, i64, i64, Option<i64>, Option<i64>);

/// `select … from value join element left join audit` followed by the rest of the query.
macro_rules! select_values {
    ($rest:literal) => {
        concat!(
            "select e.set_id, v.unit_id, e.code, v.period, v.kind, v.num, v.den, v.revision, a.at, a.user_id \
             from value v join element e on e.id = v.element_id left join audit a on a.id = v.audit_id ",
            $rest
        )
    };
}

fn to_record(r: ValueRow8) -> Result<ValueRecord> {
    let (set_id, unit_id, element, period, kind, num, den, revision, at, by) = r;
    Ok(ValueRecord {
        set_id,
        unit_id,
        element,
        period: period_of(period)?.to_string(),
        value: StoredValue::from_row(&kind, num, den).to_value()?,
        revision,
        updated_at: at.unwrap_or(0),
        updated_by: by,
    })
}

/// The id of a set's element, numbered on first use (inside a write transaction).
macro_rules! element_id {
    ($tx:expr, $set:expr, $code:expr) => {{
        sqlx::query("insert into element (set_id, code) values ($1, $2) on conflict (set_id, code) do nothing")
            .bind($set)
            .bind($code)
            .execute(&mut *$tx)
            .await?;
        let id: i64 = sqlx::query_scalar("select id from element where set_id = $1 and code = $2")
            .bind($set)
            .bind($code)
            .fetch_one(&mut *$tx)
            .await?;
        id
    }};
}

/// Writes values (already checked) in one statement: `rows` are (unit, element id, period code,
/// value); each key is new or replaced only when its value differs. Only integers and the kind
/// letter (from a closed set) are written into the text, so it can be one literal statement: a
/// bind per value would cost more than the write itself. The revision and the change, the same
/// for every row, are written once.
fn upsert_sql(rows: &[(i64, i64, i64, StoredValue)], revision: i64, audit_id: i64) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(256 + rows.len() * 40);
    let _ = write!(
        sql,
        "insert into value (unit_id, element_id, period, kind, num, den, revision, audit_id) \
         select column1, column2, column3, column4, column5, column6, {revision}, {audit_id} from (values "
    );
    for (i, (unit, element, period, v)) in rows.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        let _ = write!(sql, "({unit},{element},{period},'{}',{},{})", v.kind_text(), v.num, v.den);
    }
    // `where true`: SQLite's parser needs it between a select and `on conflict`.
    sql.push_str(
        ") as v where true on conflict (unit_id, element_id, period) do update set kind = excluded.kind, \
         num = excluded.num, den = excluded.den, revision = excluded.revision, audit_id = excluded.audit_id \
         where value.kind <> excluded.kind or value.num <> excluded.num or value.den <> excluded.den",
    );
    sql
}

/// Rows per statement of a bulk write.
const BATCH: usize = 10_000;

/// How many ranges of units [`Db::load_values`] reads at once.
const LOAD_PARTS: usize = 4;

/// The current values of the units with ids in `$1..=$2`, one row per unit: each value as
/// `key kind num / den` with key = element × 100000 + period (`1320243b1/1`, `7520244f72/100`),
/// separated by spaces.
const LOAD_VALUES: &str = "select unit_id, string_agg((element_id * 100000 + period) || kind || num || '/' || den, ' ') \
     from value where unit_id between $1 and $2 and kind <> ' ' group by unit_id";

/// One value as [`LOAD_VALUES`] packs it: (element, period, value), or `None` for a stored row
/// that holds no value. `periods` remembers the periods already read (there are few).
fn unpack(item: &str, periods: &mut HashMap<i64, Period>) -> std::result::Result<Option<(i64, Period, Value)>, ()> {
    let at = item.find(['b', 'n', 'f']).ok_or(())?;
    let key: i64 = item[..at].parse().map_err(|_| ())?;
    let (num, den) = item[at + 1..].split_once('/').ok_or(())?;
    let code = key % 100_000;
    let period = match periods.get(&code) {
        Some(p) => *p,
        None => {
            let p = period_of(code).map_err(|_| ())?;
            periods.insert(code, p);
            p
        }
    };
    let kind = &item[at..=at];
    let v = StoredValue::from_row(kind, num.parse().map_err(|_| ())?, den.parse().map_err(|_| ())?);
    Ok(v.to_value().map_err(|_| ())?.map(|v| (key / 100_000, period, v)))
}

impl Db {
    /// Every current value of a set (cleared ones included, as `None`).
    pub async fn values(&self, set_id: &str) -> Result<Vec<ValueRecord>> {
        let rows: Vec<ValueRow8> = on_db!(self, read, |p| sqlx::query_as(select_values!("where e.set_id = $1"))
            .bind(set_id)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(to_record).collect()
    }

    /// The elements values are stored for: (number, set id, element id).
    pub async fn elements(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(on_db!(self, read, |p| sqlx::query_as("select id, set_id, code from element order by id")
            .fetch_all(p)
            .await?))
    }

    /// Every current value of every set, a unit at a time (national start-up: millions of
    /// values). Cleared values are left out. Returns how many values.
    ///
    /// The database packs each unit's values into one text (a row per value through the driver
    /// costs more than the database's own work), and the units are read in [`LOAD_PARTS`] ranges
    /// at once, each on its own connection, so that the database's work and the unpacking here
    /// run on every core. Units come in no particular order.
    pub async fn load_values(&self, mut f: impl FnMut(UnitValues<'_>) -> Result<()>) -> Result<usize> {
        use futures_util::TryStreamExt;
        let ids: Vec<i64> =
            on_db!(self, read, |p| sqlx::query_scalar("select id from unit order by id").fetch_all(p).await?);
        let per_part = ids.len().div_ceil(LOAD_PARTS).max(1);
        let bounds: Vec<(i64, i64)> = ids.chunks(per_part).filter_map(|c| Some((*c.first()?, *c.last()?))).collect();
        let mut n = 0;
        let mut values = Vec::new();
        let mut periods: HashMap<i64, Period> = HashMap::new();
        on_db!(self, read, |p| {
            let streams = bounds
                .iter()
                .map(|&(from, to)| sqlx::query_as::<_, (i64, String)>(LOAD_VALUES).bind(from).bind(to).fetch(p));
            let mut rows = futures_util::stream::select_all(streams);
            while let Some((unit_id, packed)) = rows.try_next().await? {
                values.clear();
                for item in packed.split(' ') {
                    if let Some(v) = unpack(item, &mut periods)
                        .map_err(|_| StoreError::Corrupt(format!("value of unit {unit_id}: {item}")))?
                    {
                        values.push(v);
                    }
                }
                n += values.len();
                f(UnitValues { unit_id, values: &values })?;
            }
        });
        Ok(n)
    }

    /// Values written after `revision`, for refreshing a cache; `None` when there are more than
    /// `limit` (then reloading them all is quicker than applying each).
    pub async fn values_since(&self, revision: i64, limit: i64) -> Result<Option<Vec<ValueRecord>>> {
        let count: i64 = on_db!(self, read, |p| sqlx::query_scalar("select count(*) from value where revision > $1")
            .bind(revision)
            .fetch_one(p)
            .await?);
        if count > limit {
            return Ok(None);
        }
        let rows: Vec<ValueRow8> =
            on_db!(self, read, |p| sqlx::query_as(select_values!("where v.revision > $1 order by v.revision"))
                .bind(revision)
                .fetch_all(p)
                .await?);
        rows.into_iter().map(to_record).collect::<Result<Vec<_>>>().map(Some)
    }

    /// The values of one unit and period (for a form).
    pub async fn unit_values(&self, set_id: &str, unit_id: i64, period: &str) -> Result<Vec<ValueRecord>> {
        let period = period_code(parse_period(period)?);
        let rows: Vec<ValueRow8> = on_db!(self, read, |p| sqlx::query_as(select_values!(
            "where e.set_id = $1 and v.unit_id = $2 and v.period = $3"
        ))
        .bind(set_id)
        .bind(unit_id)
        .bind(period)
        .fetch_all(p)
        .await?);
        rows.into_iter().map(to_record).collect()
    }

    /// Saves a form of one unit and period: all fields or none. A field whose stored revision is
    /// not the one the form showed is a conflict: nothing is written and the current values are
    /// returned.
    pub async fn save_values(
        &self,
        set_id: &str,
        edits: &[ValueEdit],
        user: Option<i64>,
        unit_code: &str,
        period: &str,
    ) -> Result<SaveOutcome> {
        let outcome = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let mut conflicts = Vec::new();
            let mut keyed = Vec::with_capacity(edits.len());
            for e in edits {
                let unit: Option<i64> = sqlx::query_scalar("select id from unit where id = $1")
                    .bind(e.unit_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                unit.ok_or(StoreError::UnknownUnit(e.unit_id))?;
                let element = element_id!(tx, set_id, &e.element);
                let p = period_code(parse_period(&e.period)?);
                let row: Option<ValueRow8> =
                    sqlx::query_as(select_values!("where v.unit_id = $1 and v.element_id = $2 and v.period = $3"))
                        .bind(e.unit_id)
                        .bind(element)
                        .bind(p)
                        .fetch_optional(&mut *tx)
                        .await?;
                let current = row.map(to_record).transpose()?;
                let current_revision = current.as_ref().map_or(0, |c| c.revision);
                if current_revision != e.expected_revision
                    && let Some(c) = current.clone()
                {
                    conflicts.push(c);
                }
                keyed.push((e, element, p, current.and_then(|c| c.value)));
            }
            // The locks, read after the writers' lock (see the module's comment): a field that
            // changes a value they cover refuses the whole save.
            let mut locked = Vec::new();
            let mut read: HashMap<(i64, i64), Vec<HeldLock>> = HashMap::new();
            for (e, _, p, old) in &keyed {
                if e.new == *old {
                    continue;
                }
                let locks = match read.entry((e.unit_id, *p)) {
                    std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(HELD_LOCKS_OF_UNIT)
                            .bind(set_id)
                            .bind(e.unit_id)
                            .bind(period_of(*p)?.to_string())
                            .fetch_all(&mut *tx)
                            .await?;
                        v.insert(rows.into_iter().map(held).collect::<Result<Vec<_>>>()?)
                    }
                };
                if let Some(l) = locks.iter().find(|l| l.covers(Some(e.criterion.as_deref()))) {
                    locked.push(LockedValue {
                        unit_id: e.unit_id,
                        element: e.element.clone(),
                        period: period_of(*p)?.to_string(),
                        round_id: l.round_id,
                    });
                }
            }
            if !locked.is_empty() {
                SaveOutcome::Locked(locked)
            } else if !conflicts.is_empty() {
                SaveOutcome::Conflict(conflicts)
            } else {
                let changed: Vec<(i64, i64, i64, StoredValue)> = keyed
                    .iter()
                    .filter(|(e, _, _, old)| e.new != *old)
                    .map(|(e, element, p, _)| (e.unit_id, *element, *p, StoredValue::from_value(e.new)))
                    .collect();
                if changed.is_empty() {
                    SaveOutcome::Saved { revision: 0, changed: 0 }
                } else {
                    let event = Event::ValuesSaved {
                        unit: unit_code.to_string(),
                        set: set_id.to_string(),
                        period: period.to_string(),
                        values: i64::try_from(changed.len()).unwrap_or(i64::MAX),
                    };
                    let (revision, audit_id) = record!(tx, Area::Values, user, &event);
                    sqlx::raw_sql(sqlx::AssertSqlSafe(upsert_sql(&changed, revision, audit_id)))
                        .execute(&mut *tx)
                        .await?;
                    SaveOutcome::Saved { revision, changed: changed.len() }
                }
            }
        });
        Ok(outcome)
    }

    /// Starts a bulk import of values of a set: rows go in with [`ValueImport::write`], in as many
    /// batches as the caller likes, and nothing is visible to anyone until
    /// [`ValueImport::commit`]; dropped before that, it leaves nothing. Writers wait for it.
    pub async fn begin_value_import(&self, set_id: &str, user: Option<i64>, source: &str) -> Result<ValueImport> {
        let event = Event::ValuesImported { source: source.into(), set: set_id.into(), values: 0, rows: 0 };
        let mut tx = match self {
            Db::Sqlite { write, .. } => ImportTx::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => ImportTx::Postgres(p.begin().await?),
        };
        let (revision, audit_id) = match &mut tx {
            ImportTx::Sqlite(tx) => {
                let c = &mut **tx;
                sqlx::query(LOCK_WRITERS).execute(&mut *c).await?;
                record!(c, Area::Values, user, &event)
            }
            ImportTx::Postgres(tx) => {
                let c = &mut **tx;
                sqlx::query(LOCK_WRITERS).execute(&mut *c).await?;
                record!(c, Area::Values, user, &event)
            }
        };
        const UNITS: &str = "select id from unit";
        let units: Vec<i64> = match &mut tx {
            ImportTx::Sqlite(tx) => sqlx::query_scalar(UNITS).fetch_all(&mut **tx).await?,
            ImportTx::Postgres(tx) => sqlx::query_scalar(UNITS).fetch_all(&mut **tx).await?,
        };
        // The locks, read after the writers' lock: no acceptance can add one before this
        // import commits or rolls back (see the module's comment).
        let locks: Vec<(i64, String, String, i64)> = match &mut tx {
            ImportTx::Sqlite(tx) => sqlx::query_as(HELD_LOCKS).bind(set_id).fetch_all(&mut **tx).await?,
            ImportTx::Postgres(tx) => sqlx::query_as(HELD_LOCKS).bind(set_id).fetch_all(&mut **tx).await?,
        };
        let locks = locks.into_iter().map(held).collect::<Result<Vec<_>>>()?;
        Ok(ValueImport {
            tx,
            locks,
            owners: HashMap::new(),
            locked_values: HashMap::new(),
            units: units.into_iter().collect(),
            set_id: set_id.into(),
            source: source.into(),
            revision,
            audit_id,
            elements: HashMap::new(),
            numbered: Vec::new(),
            rows: 0,
        })
    }

    /// Imports values in bulk: all or nothing, audited as one change. Returns (values changed,
    /// new revision). A key given twice keeps its last value.
    pub async fn import_values(
        &self,
        set_id: &str,
        rows: &[(i64, String, String, Value)],
        user: Option<i64>,
        source: &str,
    ) -> Result<(usize, i64)> {
        let mut import = self.begin_value_import(set_id, user, source).await?;
        for chunk in rows.chunks(BATCH) {
            let mut batch = Vec::with_capacity(chunk.len());
            for (u, e, p, v) in chunk {
                batch.push(ValueRow {
                    unit_id: *u,
                    element: import.element(e).await?,
                    period: parse_period(p)?,
                    value: *v,
                });
            }
            import.write(&batch).await?;
        }
        let out = import.commit().await?;
        Ok((out.changed, out.revision))
    }

    /// A value's history, newest first.
    pub async fn value_history(
        &self,
        set_id: &str,
        unit_id: i64,
        element: &str,
        period: &str,
    ) -> Result<Vec<HistoryRecord>> {
        let period = period_code(parse_period(period)?);
        let element: Option<i64> =
            on_db!(self, read, |p| sqlx::query_scalar("select id from element where set_id = $1 and code = $2")
                .bind(set_id)
                .bind(element)
                .fetch_optional(p)
                .await?);
        let Some(element) = element else { return Ok(Vec::new()) };
        // Its versions in order: each old value with the change that wrote it, then the current.
        let olds: Vec<(String, i64, i64, Option<i64>)> = on_db!(self, read, |p| sqlx::query_as(
            "select old_kind, old_num, old_den, old_audit_id from value_change \
             where unit_id = $1 and element_id = $2 and period = $3 order by id"
        )
        .bind(unit_id)
        .bind(element)
        .bind(period)
        .fetch_all(p)
        .await?);
        let current: Option<(String, i64, i64, Option<i64>)> = on_db!(self, read, |p| sqlx::query_as(
            "select kind, num, den, audit_id from value where unit_id = $1 and element_id = $2 and period = $3"
        )
        .bind(unit_id)
        .bind(element)
        .bind(period)
        .fetch_optional(p)
        .await?);
        let mut versions: Vec<(Option<Value>, Option<i64>)> = Vec::new();
        for (kind, num, den, audit) in olds.into_iter().chain(current) {
            versions.push((StoredValue::from_row(&kind, num, den).to_value()?, audit));
        }
        let mut out = Vec::new();
        let mut before: Option<Value> = None;
        for (value, audit) in versions {
            // A version whose change is not known (a first value before the history began) is
            // where the history starts.
            if let Some(audit) = audit {
                let row: Option<(i64, Option<String>, String, String)> = on_db!(self, read, |p| {
                    sqlx::query_as(
                    "select a.at, u.username, a.action, a.args from audit a left join app_user u on u.id = a.user_id \
                     where a.id = $1"
                )
                .bind(audit)
                .fetch_optional(p)
                .await?
                });
                if let Some((at, username, action, args)) = row
                    && (before.is_some() || value.is_some())
                {
                    out.push(HistoryRecord {
                        at,
                        username,
                        old: before,
                        new: value,
                        event: crate::audit::event_of(&action, &args),
                    });
                }
            }
            before = value;
        }
        out.reverse();
        Ok(out)
    }
}

/// The transaction of a bulk import.
enum ImportTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// A bulk import under way (see [`Db::begin_value_import`]).
pub struct ValueImport {
    tx: ImportTx,
    set_id: String,
    source: String,
    revision: i64,
    audit_id: i64,
    elements: HashMap<String, i64>,
    /// The numbers of `elements`, sorted.
    numbered: Vec<i64>,
    /// The units that exist (values of no unit are refused).
    units: std::collections::HashSet<i64>,
    rows: usize,
    /// The locks on the set's values, as they stand for the whole import.
    locks: Vec<HeldLock>,
    /// The criterion of each element numbered by [`ValueImport::element_of`].
    owners: HashMap<i64, Option<String>>,
    /// The stored values (element → value) of each locked unit and period (period as stored)
    /// rows were written for, read once.
    locked_values: HashMap<(i64, i64), HashMap<i64, StoredValue>>,
}

impl ValueImport {
    /// The number of an element of the set whose criterion is `criterion` (`None`: none), for
    /// [`ValueRow::element`] (numbered on first use); the locks on one criterion cover it by that.
    pub async fn element_of(&mut self, code: &str, criterion: Option<&str>) -> Result<i64> {
        let id = self.element(code).await?;
        self.owners.insert(id, criterion.map(str::to_string));
        Ok(id)
    }

    /// The round whose accepted report locks the values of `unit_id` in `period` of an element
    /// of `criterion` (`None`: of no criterion), if any: such a value may be written again as it
    /// stands, not changed.
    pub fn locked(&self, unit_id: i64, period: Period, criterion: Option<&str>) -> Option<i64> {
        self.lock_of(unit_id, period, Some(criterion))
    }

    fn lock_of(&self, unit_id: i64, period: Period, owner: Option<Option<&str>>) -> Option<i64> {
        self.locks.iter().find(|l| l.unit_id == unit_id && l.period == period && l.covers(owner)).map(|l| l.round_id)
    }

    /// The number of an element of the set, for [`ValueRow::element`] (numbered on first use).
    /// Its criterion not said, every lock of a unit and period covers it
    /// ([`ValueImport::element_of`] says it).
    pub async fn element(&mut self, code: &str) -> Result<i64> {
        if let Some(id) = self.elements.get(code) {
            return Ok(*id);
        }
        let id = match &mut self.tx {
            ImportTx::Sqlite(tx) => {
                let c = &mut **tx;
                element_id!(c, &self.set_id, code)
            }
            ImportTx::Postgres(tx) => {
                let c = &mut **tx;
                element_id!(c, &self.set_id, code)
            }
        };
        self.elements.insert(code.to_string(), id);
        if let Err(at) = self.numbered.binary_search(&id) {
            self.numbered.insert(at, id);
        }
        Ok(id)
    }

    /// Writes a batch of checked rows (any size; sent in statements of [`BATCH`] rows). A key
    /// given twice keeps its last value.
    pub async fn write(&mut self, rows: &[ValueRow]) -> Result<()> {
        let mut known_unit = None;
        for r in rows {
            if known_unit != Some(r.unit_id) {
                if !self.units.contains(&r.unit_id) {
                    return Err(StoreError::UnknownUnit(r.unit_id));
                }
                known_unit = Some(r.unit_id);
            }
            if self.numbered.binary_search(&r.element).is_err() {
                return Err(StoreError::Corrupt(format!("element {} not numbered by this import", r.element)));
            }
        }
        if !self.locks.is_empty() {
            self.refuse_locked(rows).await?;
        }
        for chunk in rows.chunks(BATCH) {
            let keyed =
                |r: &ValueRow| (r.unit_id, r.element, period_code(r.period), StoredValue::from_value(Some(r.value)));
            let sql = match &mut self.tx {
                // SQLite applies the rows of one statement in order: the last one of a key stays.
                ImportTx::Sqlite(_) => {
                    upsert_sql(&chunk.iter().map(keyed).collect::<Vec<_>>(), self.revision, self.audit_id)
                }
                // PostgreSQL refuses to upsert one row twice in a statement: the last one only.
                ImportTx::Postgres(_) => {
                    let mut seen = std::collections::HashSet::with_capacity(chunk.len());
                    let mut last: Vec<_> =
                        chunk.iter().rev().map(keyed).filter(|k| seen.insert((k.0, k.1, k.2))).collect();
                    last.reverse();
                    upsert_sql(&last, self.revision, self.audit_id)
                }
            };
            match &mut self.tx {
                ImportTx::Sqlite(tx) => {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut **tx).await?;
                }
                ImportTx::Postgres(tx) => {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut **tx).await?;
                }
            }
        }
        self.rows += rows.len();
        Ok(())
    }

    /// Refuses (with [`StoreError::ValueLocked`]) a row that would change a value a lock covers.
    async fn refuse_locked(&mut self, rows: &[ValueRow]) -> Result<()> {
        const STORED: &str = "select element_id, kind, num, den from value where unit_id = $1 and period = $2";
        for r in rows {
            let owner = self.owners.get(&r.element).map(Option::as_deref);
            let Some(round_id) = self.lock_of(r.unit_id, r.period, owner) else { continue };
            let key = (r.unit_id, period_code(r.period));
            if !self.locked_values.contains_key(&key) {
                let stored: Vec<(i64, String, i64, i64)> = match &mut self.tx {
                    ImportTx::Sqlite(tx) => sqlx::query_as(STORED).bind(key.0).bind(key.1).fetch_all(&mut **tx).await?,
                    ImportTx::Postgres(tx) => {
                        sqlx::query_as(STORED).bind(key.0).bind(key.1).fetch_all(&mut **tx).await?
                    }
                };
                let stored = stored.into_iter().map(|(e, kind, num, den)| (e, StoredValue::from_row(&kind, num, den)));
                self.locked_values.insert(key, stored.collect());
            }
            let now = self.locked_values.get(&key).and_then(|v| v.get(&r.element)).copied();
            if now != Some(StoredValue::from_value(Some(r.value))) {
                let element = self.elements.iter().find(|(_, id)| **id == r.element).map(|(code, _)| code.clone());
                return Err(StoreError::ValueLocked {
                    unit_id: r.unit_id,
                    element: element.unwrap_or_default(),
                    period: r.period.to_string(),
                    round_id,
                });
            }
        }
        Ok(())
    }

    /// The current values of one unit and period of the import's set, as this transaction sees
    /// them (other writers wait for it): what a workbook's values are compared with before they
    /// are written, so that a change made since its download is never overwritten.
    pub async fn current(&mut self, unit_id: i64, period: Period) -> Result<Vec<ValueRecord>> {
        const SQL: &str = select_values!("where e.set_id = $1 and v.unit_id = $2 and v.period = $3");
        let rows: Vec<ValueRow8> = match &mut self.tx {
            ImportTx::Sqlite(tx) => {
                sqlx::query_as(SQL)
                    .bind(&self.set_id)
                    .bind(unit_id)
                    .bind(period_code(period))
                    .fetch_all(&mut **tx)
                    .await?
            }
            ImportTx::Postgres(tx) => {
                sqlx::query_as(SQL)
                    .bind(&self.set_id)
                    .bind(unit_id)
                    .bind(period_code(period))
                    .fetch_all(&mut **tx)
                    .await?
            }
        };
        rows.into_iter().map(to_record).collect()
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Makes the import visible, with its audit row's counts.
    pub async fn commit(self) -> Result<ImportOutcome> {
        let ValueImport { tx, set_id, source, revision, audit_id, rows, .. } = self;
        // The values this import changed are those it wrote last: the ones at its revision.
        const COUNT: &str = "select count(*) from value where revision = $1";
        const FINISH: &str = "update audit set args = $1, changes = $2 where id = $3";
        let finish = |changed: i64| {
            let event = Event::ValuesImported {
                source: source.clone(),
                set: set_id.clone(),
                values: changed,
                rows: i64::try_from(rows).unwrap_or(i64::MAX),
            };
            crate::audit::args_json(&event)
        };
        let changed: i64 = match tx {
            ImportTx::Sqlite(mut tx) => {
                let changed: i64 = sqlx::query_scalar(COUNT).bind(revision).fetch_one(&mut *tx).await?;
                sqlx::query(FINISH).bind(finish(changed)).bind(changed).bind(audit_id).execute(&mut *tx).await?;
                tx.commit().await?;
                changed
            }
            ImportTx::Postgres(mut tx) => {
                let changed: i64 = sqlx::query_scalar(COUNT).bind(revision).fetch_one(&mut *tx).await?;
                sqlx::query(FINISH).bind(finish(changed)).bind(changed).bind(audit_id).execute(&mut *tx).await?;
                tx.commit().await?;
                changed
            }
        };
        Ok(ImportOutcome { changed: usize::try_from(changed).unwrap_or(0), rows, revision })
    }
}

/// Converts the history rows of the first schema (old and new values as text) into versions
/// (`value_change`), between 0006 and 0007. Rows are deleted as they are converted, so that two
/// servers starting at once convert each once.
pub(crate) async fn convert_legacy_history(db: &Db) -> Result<()> {
    type Legacy = (i64, i64, String, String, String, String, i64);
    in_tx!(db, |tx| {
        sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
        let rows: Vec<Legacy> = sqlx::query_as(
            "select h.id, h.unit_id, h.set_id, h.element, h.period, h.old_text, h.audit_id from value_history h \
             order by h.set_id, h.unit_id, h.element, h.period, h.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let elements: Vec<(i64, String, String)> =
            sqlx::query_as("select id, set_id, code from element").fetch_all(&mut *tx).await?;
        let elements: HashMap<(String, String), i64> = elements.into_iter().map(|(id, s, c)| ((s, c), id)).collect();
        let mut previous: Option<(i64, String, String, String, i64)> = None;
        for (_, unit_id, set_id, element, period, old_text, audit_id) in rows {
            let key = (unit_id, set_id.clone(), element.clone(), period.clone());
            // The audit of the change before this one of the same value (none for the first).
            let old_audit = match &previous {
                Some((u, s, e, p, a)) if (*u, s, e, p) == (key.0, &key.1, &key.2, &key.3) => Some(*a),
                _ => None,
            };
            previous = Some((unit_id, set_id.clone(), element.clone(), period.clone(), audit_id));
            let Some(&element_id) = elements.get(&(set_id, element)) else { continue };
            let old = if old_text.is_empty() {
                StoredValue::from_value(None)
            } else {
                StoredValue::from_value(Some(
                    Value::parse(&old_text).map_err(|_| StoreError::Corrupt(format!("history value {old_text}")))?,
                ))
            };
            sqlx::query(
                "insert into value_change (unit_id, element_id, period, old_kind, old_num, old_den, old_audit_id, audit_id) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(unit_id)
            .bind(element_id)
            .bind(period_code(parse_period(&period)?))
            .bind(old.kind_text())
            .bind(old.num)
            .bind(old.den)
            .bind(old_audit)
            .bind(audit_id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("delete from value_history").execute(&mut *tx).await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_stored_as_year_and_quarter() {
        for p in [Period::Year(2024), Period::Quarter(2024, 3), Period::Quarter(1900, 1), Period::Year(2100)] {
            assert_eq!(period_of(period_code(p)).unwrap(), p);
        }
        assert_eq!(period_code(Period::Quarter(2024, 3)), 20243);
        assert!(period_of(20245).is_err() && period_of(30000).is_err());
    }

    #[test]
    fn a_bulk_statement_holds_only_integers_and_a_closed_set_of_kinds() {
        let v = |x: Option<Value>| StoredValue::from_value(x);
        let sql = upsert_sql(
            &[
                (1, 2, 20240, v(Some(Value::Bool(true)))),
                (1, 3, 20243, v(None)),
                (4, 2, 20240, v(Some(Value::Fraction { num: 7, den: 9 }))),
            ],
            5,
            6,
        );
        assert!(sql.contains("(1,2,20240,'b',1,1),(1,3,20243,' ',0,1),(4,2,20240,'f',7,9)"), "{sql}");
        assert!(sql.contains("column6, 5, 6 from"), "{sql}");
    }
}
