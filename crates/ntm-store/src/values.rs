//! Values: the current value of each (set, unit, element, period), its history, and the two ways
//! of changing values — a form save that detects concurrent edits, and a bulk import.

use std::collections::HashMap;

use ntm_domain::{Ratio, Value};

use crate::{BUMP_REVISION, Db, INSERT_AUDIT, LOCK_WRITERS, Result, StoreError, in_tx, now_ms, on_db};

/// A value as stored: kind `b` (yes/no), `n` (decimal num/den), `f` (fraction num/den), or
/// `` (cleared; the row stays so that caches see the change).
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

    fn kind_text(self) -> String {
        if self.kind == ' ' { String::new() } else { self.kind.to_string() }
    }

    fn from_row(kind: &str, num: i64, den: i64) -> StoredValue {
        StoredValue { kind: kind.chars().next().unwrap_or(' '), num, den }
    }
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
    pub updated_at: i64,
    pub updated_by: Option<i64>,
}

/// One field of a form save: the new value (`None` clears it) and the revision the form showed
/// (0 = the form showed no value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueEdit {
    pub unit_id: i64,
    pub element: String,
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
}

/// One change in a value's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRecord {
    pub at: i64,
    pub username: Option<String>,
    pub old_text: String,
    pub new_text: String,
    pub action: String,
    pub subject: String,
}

type ValueRow = (String, i64, String, String, String, i64, i64, i64, i64, Option<i64>);

fn to_record(r: ValueRow) -> Result<ValueRecord> {
    let (set_id, unit_id, element, period, kind, num, den, revision, updated_at, updated_by) = r;
    Ok(ValueRecord {
        set_id,
        unit_id,
        element,
        period,
        value: StoredValue::from_row(&kind, num, den).to_value()?,
        revision,
        updated_at,
        updated_by,
    })
}

fn text(v: Option<Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `select … from value` followed by the rest of the query, as one literal.
macro_rules! select_values {
    ($rest:literal) => {
        concat!(
            "select set_id, unit_id, element, period, kind, num, den, revision, updated_at, updated_by from value ",
            $rest
        )
    };
}

const UPSERT_VALUE: &str = "insert into value (set_id, unit_id, element, period, kind, num, den, revision, updated_at, updated_by) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     on conflict (set_id, unit_id, element, period) do update set kind = excluded.kind, num = excluded.num, \
     den = excluded.den, revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by";

const INSERT_HISTORY: &str = "insert into value_history (audit_id, set_id, unit_id, element, period, old_text, new_text, at, user_id) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

impl Db {
    /// Every value of a set (cleared ones included, as `None`).
    pub async fn values(&self, set_id: &str) -> Result<Vec<ValueRecord>> {
        let rows: Vec<ValueRow> = on_db!(self, read, |p| sqlx::query_as(select_values!("where set_id = $1"))
            .bind(set_id)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(to_record).collect()
    }

    /// Every current value of a set, one at a time, without holding them all (national
    /// start-up: millions of rows). Cleared values are skipped.
    pub async fn each_value(
        &self,
        set_id: &str,
        mut f: impl FnMut(i64, &str, &str, Value) -> Result<()>,
    ) -> Result<usize> {
        use futures_util::TryStreamExt;
        let mut n = 0;
        on_db!(self, read, |p| {
            let mut rows = sqlx::query_as::<_, (i64, String, String, String, i64, i64)>(
                "select unit_id, element, period, kind, num, den from value where set_id = $1",
            )
            .bind(set_id)
            .fetch(p);
            while let Some((unit, element, period, kind, num, den)) = rows.try_next().await? {
                if let Some(v) = StoredValue::from_row(&kind, num, den).to_value()? {
                    f(unit, &element, &period, v)?;
                    n += 1;
                }
            }
        });
        Ok(n)
    }

    /// Values written after `revision`, for refreshing a cache.
    pub async fn values_since(&self, revision: i64) -> Result<Vec<ValueRecord>> {
        let rows: Vec<ValueRow> =
            on_db!(self, read, |p| sqlx::query_as(select_values!("where revision > $1 order by revision"))
                .bind(revision)
                .fetch_all(p)
                .await?);
        rows.into_iter().map(to_record).collect()
    }

    /// The values of one unit and period (for a form).
    pub async fn unit_values(&self, set_id: &str, unit_id: i64, period: &str) -> Result<Vec<ValueRecord>> {
        let rows: Vec<ValueRow> = on_db!(self, read, |p| sqlx::query_as(select_values!(
            "where set_id = $1 and unit_id = $2 and period = $3"
        ))
        .bind(set_id)
        .bind(unit_id)
        .bind(period)
        .fetch_all(p)
        .await?);
        rows.into_iter().map(to_record).collect()
    }

    /// Saves a form: all fields or none. A field whose stored revision is not the one the form
    /// showed is a conflict: nothing is written and the current values are returned.
    pub async fn save_values(
        &self,
        set_id: &str,
        edits: &[ValueEdit],
        user: Option<i64>,
        subject: &str,
    ) -> Result<SaveOutcome> {
        let now = now_ms();
        let outcome = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let mut conflicts = Vec::new();
            let mut olds = Vec::with_capacity(edits.len());
            for e in edits {
                let row: Option<ValueRow> = sqlx::query_as(select_values!(
                    "where set_id = $1 and unit_id = $2 and element = $3 and period = $4"
                ))
                .bind(set_id)
                .bind(e.unit_id)
                .bind(&e.element)
                .bind(&e.period)
                .fetch_optional(&mut *tx)
                .await?;
                let current = row.map(to_record).transpose()?;
                let current_revision = current.as_ref().map_or(0, |c| c.revision);
                if current_revision != e.expected_revision
                    && let Some(c) = current.clone()
                {
                    conflicts.push(c);
                }
                olds.push(current.and_then(|c| c.value));
            }
            if !conflicts.is_empty() {
                SaveOutcome::Conflict(conflicts)
            } else {
                let changed: Vec<(&ValueEdit, Option<Value>)> =
                    edits.iter().zip(olds).filter(|(e, old)| e.new != *old).collect();
                if changed.is_empty() {
                    SaveOutcome::Saved { revision: 0, changed: 0 }
                } else {
                    let revision: i64 = sqlx::query_scalar(BUMP_REVISION).fetch_one(&mut *tx).await?;
                    let audit_id: i64 = sqlx::query_scalar(INSERT_AUDIT)
                        .bind(now)
                        .bind(user)
                        .bind("values.save")
                        .bind(subject)
                        .bind(format!("{} giá trị", changed.len()))
                        .bind(i64::try_from(changed.len()).unwrap_or(i64::MAX))
                        .fetch_one(&mut *tx)
                        .await?;
                    for (e, old) in &changed {
                        let s = StoredValue::from_value(e.new);
                        sqlx::query(UPSERT_VALUE)
                            .bind(set_id)
                            .bind(e.unit_id)
                            .bind(&e.element)
                            .bind(&e.period)
                            .bind(s.kind_text())
                            .bind(s.num)
                            .bind(s.den)
                            .bind(revision)
                            .bind(now)
                            .bind(user)
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query(INSERT_HISTORY)
                            .bind(audit_id)
                            .bind(set_id)
                            .bind(e.unit_id)
                            .bind(&e.element)
                            .bind(&e.period)
                            .bind(text(*old))
                            .bind(text(e.new))
                            .bind(now)
                            .bind(user)
                            .execute(&mut *tx)
                            .await?;
                    }
                    SaveOutcome::Saved { revision, changed: changed.len() }
                }
            }
        });
        Ok(outcome)
    }

    /// Imports values in bulk: all or nothing, audited as one change; each changed value gets its
    /// history row. Returns (values changed, new revision).
    pub async fn import_values(
        &self,
        set_id: &str,
        rows: &[(i64, String, String, Value)],
        user: Option<i64>,
        source: &str,
    ) -> Result<(usize, i64)> {
        let now = now_ms();
        let (changed, revision) = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            // What is there now, read under the lock, decides what changes and the history's "old".
            let current: Vec<ValueRow> =
                sqlx::query_as(select_values!("where set_id = $1")).bind(set_id).fetch_all(&mut *tx).await?;
            let mut existing: HashMap<(i64, String, String), Option<Value>> = HashMap::with_capacity(current.len());
            for r in current {
                let r = to_record(r)?;
                existing.insert((r.unit_id, r.element, r.period), r.value);
            }
            // A key given twice keeps its last value, on both databases (PostgreSQL refuses to
            // upsert one row twice in a statement).
            let mut seen = std::collections::HashSet::new();
            let mut last: Vec<&(i64, String, String, Value)> =
                rows.iter().rev().filter(|(u, e, p, _)| seen.insert((*u, e.as_str(), p.as_str()))).collect();
            last.reverse();
            let changed: Vec<&(i64, String, String, Value)> = last
                .into_iter()
                .filter(|(u, e, p, v)| existing.get(&(*u, e.clone(), p.clone())).copied().flatten() != Some(*v))
                .collect();
            let revision: i64 = sqlx::query_scalar(BUMP_REVISION).fetch_one(&mut *tx).await?;
            let audit_id: i64 = sqlx::query_scalar(INSERT_AUDIT)
                .bind(now)
                .bind(user)
                .bind("values.import")
                .bind(source)
                .bind(format!("{} giá trị ({} dòng)", changed.len(), rows.len()))
                .bind(i64::try_from(changed.len()).unwrap_or(i64::MAX))
                .fetch_one(&mut *tx)
                .await?;
            for chunk in changed.chunks(500) {
                let mut values = sqlx::QueryBuilder::new(
                    "insert into value (set_id, unit_id, element, period, kind, num, den, revision, updated_at, updated_by) ",
                );
                values.push_values(chunk.iter(), |mut b, (u, e, p, v)| {
                    let s = StoredValue::from_value(Some(*v));
                    b.push_bind(set_id)
                        .push_bind(*u)
                        .push_bind(e.as_str())
                        .push_bind(p.as_str())
                        .push_bind(s.kind_text())
                        .push_bind(s.num)
                        .push_bind(s.den)
                        .push_bind(revision)
                        .push_bind(now)
                        .push_bind(user);
                });
                values.push(
                    " on conflict (set_id, unit_id, element, period) do update set kind = excluded.kind, \
                     num = excluded.num, den = excluded.den, revision = excluded.revision, \
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                );
                values.build().execute(&mut *tx).await?;
                let mut history = sqlx::QueryBuilder::new(
                    "insert into value_history (audit_id, set_id, unit_id, element, period, old_text, new_text, at, user_id) ",
                );
                history.push_values(chunk.iter(), |mut b, (u, e, p, v)| {
                    let old = existing.get(&(*u, e.clone(), p.clone())).copied().flatten();
                    b.push_bind(audit_id)
                        .push_bind(set_id)
                        .push_bind(*u)
                        .push_bind(e.as_str())
                        .push_bind(p.as_str())
                        .push_bind(text(old))
                        .push_bind(v.to_string())
                        .push_bind(now)
                        .push_bind(user);
                });
                history.build().execute(&mut *tx).await?;
            }
            (changed.len(), revision)
        });
        Ok((changed, revision))
    }

    /// A value's history, newest first.
    pub async fn value_history(
        &self,
        set_id: &str,
        unit_id: i64,
        element: &str,
        period: &str,
    ) -> Result<Vec<HistoryRecord>> {
        let rows: Vec<(i64, Option<String>, String, String, String, String)> = on_db!(self, read, |p| sqlx::query_as(
            "select h.at, u.username, h.old_text, h.new_text, a.action, a.subject from value_history h \
             join audit a on a.id = h.audit_id left join app_user u on u.id = h.user_id \
             where h.set_id = $1 and h.unit_id = $2 and h.element = $3 and h.period = $4 order by h.id desc"
        )
        .bind(set_id)
        .bind(unit_id)
        .bind(element)
        .bind(period)
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(at, username, old_text, new_text, action, subject)| HistoryRecord {
                at,
                username,
                old_text,
                new_text,
                action,
                subject,
            })
            .collect())
    }
}
