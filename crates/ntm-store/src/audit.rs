//! The audit trail: one row per change, written in the change's own transaction by
//! [`record!`](crate::record): the action code, the subject (a short machine key), the
//! arguments as a JSON object and the number of records touched. Never a sentence: the pages
//! word each event in their reader's language.

use ntm_domain::Period;
use ntm_domain::Value;
use ntm_domain::audit::{Arg, Event, EventArea};

use crate::values::{StoredValue, period_code};
use crate::{Db, LOCK_WRITERS, Result, StoreError, in_tx, on_db};

/// One audited change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    /// The person's name as their account gives it.
    pub display_name: Option<String>,
    pub event: Event,
    pub subject: String,
    pub changes: i64,
}

/// Whose changes to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditPerson {
    /// Those of the account with this user name.
    Account(String),
    /// Those made from the command line, by no account.
    CommandLine,
}

/// Which rows of the change log to read, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only rows older than this id (the next page).
    pub before: Option<i64>,
    pub limit: i64,
    /// Only changes about this unit (its store id) or a unit under it: the changes that wrote a
    /// value of theirs (still there or since replaced) or replaced one, and their recognitions.
    pub unit: Option<i64>,
    pub person: Option<AuditPerson>,
    /// Only changes of this area.
    pub area: Option<EventArea>,
    /// Only changes at or after this instant (milliseconds since the epoch, UTC).
    pub from: Option<i64>,
    /// Only changes before this instant.
    pub until: Option<i64>,
}

/// A value one change wrote: the value it replaced (`None`: none, or cleared) and the one it
/// wrote (`None`: cleared).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedValue {
    pub set_id: String,
    pub element: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Writes an audit row; binds (at, user_id, action, subject, args, changes); returns its id.
pub(crate) const INSERT_AUDIT: &str =
    "insert into audit (at, user_id, action, subject, args, changes) values ($1, $2, $3, $4, $5, $6) returning id";

/// The event's arguments as a JSON object, as the store keeps them (and the API shows them).
pub(crate) fn args_json(event: &Event) -> String {
    serde_json::Value::Object(args_object(event)).to_string()
}

/// The event's arguments as a JSON object.
pub fn args_object(event: &Event) -> serde_json::Map<String, serde_json::Value> {
    event
        .args()
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Arg::Text(t) => serde_json::Value::String(t),
                Arg::Int(n) => serde_json::Value::from(n),
            };
            (k, v)
        })
        .collect()
}

/// The event of a stored row (a row whose arguments cannot be read is kept as it is).
pub(crate) fn event_of(action: &str, args: &str) -> Event {
    let parsed: Vec<(String, Arg)> = match serde_json::from_str::<serde_json::Value>(args) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let arg = match v {
                    serde_json::Value::String(s) => Arg::Text(s),
                    serde_json::Value::Number(n) => n.as_i64().map_or_else(|| Arg::Text(n.to_string()), Arg::Int),
                    other => Arg::Text(other.to_string()),
                };
                (k, arg)
            })
            .collect(),
        _ => vec![("args".to_string(), Arg::Text(args.to_string()))],
    };
    Event::from_parts(action, parsed)
}

/// A row of [`SELECT_LOG`].
pub(crate) type Row = (i64, i64, Option<i64>, Option<String>, Option<String>, String, String, String, i64);

/// The change a row of [`SELECT_LOG`] records.
pub(crate) fn record_of(row: Row) -> AuditRecord {
    let (id, at, user_id, username, display_name, action, subject, args, changes) = row;
    AuditRecord { id, at, user_id, username, display_name, event: event_of(&action, &args), subject, changes }
}

/// The units under the unit bound first (itself included), for the unit filter; `$?` is its bind.
const SUBTREE: &str = "with recursive sub(id) as (select id from unit where id = $? \
     union select u.id from unit u join sub on u.parent_id = sub.id) ";

pub(crate) const SELECT_LOG: &str = "select a.id, a.at, a.user_id, u.username, u.display_name, a.action, a.subject, a.args, a.changes \
     from audit a left join app_user u on u.id = a.user_id where a.id < $1";

/// The changes about a unit of [`SUBTREE`]: those that wrote one of its values (still current, or
/// since replaced), those that replaced one, and its recognitions (whose subject is `unit decision`,
/// see `Event::subject`).
const ABOUT_SUBTREE: &str = " and a.id in (\
     select v.audit_id from value v join sub on sub.id = v.unit_id \
     union select c.audit_id from value_change c join sub on sub.id = c.unit_id \
     union select c.old_audit_id from value_change c join sub on sub.id = c.unit_id \
     union select ra.id from recognition r join sub on sub.id = r.unit_id join unit ru on ru.id = r.unit_id \
     join audit ra on ra.action = 'recognition.add' and ra.subject = ru.code || ' ' || r.decision)";

/// The values a change wrote to one unit and period ($1 unit, $2 period code, $3 the change):
/// each as (set, element, kind, num, den, `n` for the value it wrote or `o` for the one it replaced).
const VALUES_OF_CHANGE: &str = "select e.set_id, e.code, x.kind, x.num, x.den, x.what from (\
     select v.element_id, v.kind, v.num, v.den, 'n' as what from value v \
     where v.unit_id = $1 and v.period = $2 and v.audit_id = $3 \
     union all select c.element_id, c.old_kind, c.old_num, c.old_den, 'n' from value_change c \
     where c.unit_id = $1 and c.period = $2 and c.old_audit_id = $3 \
     union all select c.element_id, c.old_kind, c.old_num, c.old_den, 'o' from value_change c \
     where c.unit_id = $1 and c.period = $2 and c.audit_id = $3\
     ) x join element e on e.id = x.element_id";

/// Appends a condition whose `$?` is the next bind.
fn condition(sql: &mut String, fragment: &str, n: &mut usize) {
    if fragment.contains("$?") {
        *n += 1;
        sql.push_str(&fragment.replace("$?", &format!("${n}")));
    } else {
        sql.push_str(fragment);
    }
}

/// The text of a query of the change log: only fixed fragments, the binds numbered in the order
/// [`Db::audit_log`] gives them (before, unit, person, area, from, until, limit).
fn log_sql(q: &AuditQuery) -> String {
    let mut n = 1;
    let mut prefix = String::new();
    let mut sql = String::from(SELECT_LOG);
    if q.unit.is_some() {
        condition(&mut prefix, SUBTREE, &mut n);
        sql.push_str(ABOUT_SUBTREE);
    }
    match q.person {
        Some(AuditPerson::Account(_)) => {
            condition(&mut sql, " and a.user_id = (select id from app_user where username = $?)", &mut n);
        }
        Some(AuditPerson::CommandLine) => sql.push_str(" and a.user_id is null"),
        None => {}
    }
    if q.area.is_some() {
        condition(&mut sql, " and a.action like $?", &mut n);
    }
    if q.from.is_some() {
        condition(&mut sql, " and a.at >= $?", &mut n);
    }
    if q.until.is_some() {
        condition(&mut sql, " and a.at < $?", &mut n);
    }
    condition(&mut sql, " order by a.id desc limit $?", &mut n);
    prefix + &sql
}

impl Db {
    /// Rows of the change log, newest first, as the query filters them.
    pub async fn audit_log(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>> {
        let sql = log_sql(q);
        let account = match &q.person {
            Some(AuditPerson::Account(name)) => Some(name.clone()),
            _ => None,
        };
        let pattern = q.area.map(|a| format!("{}%", a.action_prefix()));
        let rows: Vec<Row> = on_db!(self, read, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(q.before.unwrap_or(i64::MAX));
            if let Some(unit) = q.unit {
                query = query.bind(unit);
            }
            if let Some(name) = &account {
                query = query.bind(name.clone());
            }
            if let Some(pattern) = &pattern {
                query = query.bind(pattern.clone());
            }
            if let Some(from) = q.from {
                query = query.bind(from);
            }
            if let Some(until) = q.until {
                query = query.bind(until);
            }
            query.bind(q.limit).fetch_all(p).await?
        });
        Ok(rows.into_iter().map(record_of).collect())
    }

    /// The accounts that made a change of the log: (user name, name shown), by user name.
    pub async fn audit_people(&self) -> Result<Vec<(String, String)>> {
        let mut people: Vec<(String, String)> = on_db!(self, read, |p| {
            sqlx::query_as(
            "select u.username, u.display_name from app_user u where exists (select 1 from audit a where a.user_id = u.id)"
        )
        .fetch_all(p)
        .await?
        });
        people.sort();
        Ok(people)
    }

    /// The values change `audit_id` wrote to a unit (store id) and period, each with the value it
    /// replaced, whether they are current or have been replaced since.
    pub async fn values_of_change(&self, audit_id: i64, unit_id: i64, period: &str) -> Result<Vec<ChangedValue>> {
        let period = period_code(Period::parse(period).map_err(|_| StoreError::Corrupt(format!("period {period}")))?);
        let rows: Vec<(String, String, String, i64, i64, String)> =
            on_db!(self, read, |p| sqlx::query_as(VALUES_OF_CHANGE)
                .bind(unit_id)
                .bind(period)
                .bind(audit_id)
                .fetch_all(p)
                .await?);
        let mut out: Vec<ChangedValue> = Vec::new();
        for (set_id, element, kind, num, den, what) in rows {
            let value = StoredValue::from_row(&kind, num, den).to_value()?;
            let i = match out.iter().position(|c| c.set_id == set_id && c.element == element) {
                Some(i) => i,
                None => {
                    out.push(ChangedValue { set_id, element, old: None, new: None });
                    out.len() - 1
                }
            };
            if let Some(c) = out.get_mut(i) {
                match what.as_str() {
                    "o" => c.old = value,
                    _ => c.new = value,
                }
            }
        }
        Ok(out)
    }
}

/// The event a row of the first schema recorded, read from its Vietnamese `detail` (the store
/// wrote it in a few fixed forms), its subject and its count.
pub(crate) fn legacy_event(action: &str, subject: &str, detail: &str, changes: i64) -> Event {
    let s = |x: &str| x.to_string();
    let number = |x: &str| x.trim().parse::<i64>().ok();
    let parsed = match action {
        "values.save" => {
            let parts: Vec<&str> = subject.split(' ').collect();
            match parts.as_slice() {
                [unit, set, period] => {
                    Some(Event::ValuesSaved { unit: s(unit), set: s(set), period: s(period), values: changes })
                }
                _ => None,
            }
        }
        "values.import" => detail
            .split_once(" giá trị (")
            .and_then(|(_, rest)| number(rest.strip_suffix(" dòng)")?))
            .map(|rows| Event::ValuesImported { source: s(subject), set: String::new(), values: changes, rows }),
        "units.import" => detail
            .split_once(" đơn vị, ")
            .and_then(|(_, rest)| number(rest.strip_suffix(" liên kết sáp nhập")?))
            .map(|links| Event::UnitsImported { source: s(subject), units: changes, links }),
        "threshold.set" => legacy_threshold(subject, detail),
        "user.add" => detail.strip_prefix("vai trò ").map(|r| Event::AccountAdded { username: s(subject), role: s(r) }),
        "user.passwd" => Some(Event::PasswordSet { username: s(subject) }),
        "user.lock" => Some(Event::AccountLocked { username: s(subject) }),
        "user.unlock" => Some(Event::AccountUnlocked { username: s(subject) }),
        "agency.add" => Some(Event::AgencyAdded { code: s(subject), name: s(detail), name_en: String::new() }),
        "target.add" => Some(Event::TargetAdded { code: s(subject), title: s(detail), title_en: String::new() }),
        "recognition.add" => detail.split_once(' ').map(|(level, on)| Event::RecognitionAdded {
            unit: String::new(),
            level: s(level),
            decision: s(subject),
            decided_on: s(on),
        }),
        _ => None,
    };
    parsed.unwrap_or_else(|| Event::Unknown {
        action: s(action),
        args: vec![("subject".into(), Arg::Text(s(subject))), ("detail".into(), Arg::Text(s(detail)))],
    })
}

/// `set indicator key[ năm Y]` and `OLD[ (căn cứ cũ: C)] → NEW; căn cứ: C` (OLD `—` for none).
fn legacy_threshold(subject: &str, detail: &str) -> Option<Event> {
    let (head, year) = match subject.split_once(" năm ") {
        Some((h, y)) => (h, Some(y.trim().parse::<i64>().ok()?)),
        None => (subject, None),
    };
    let [set, indicator, key] = head.split(' ').collect::<Vec<_>>()[..] else { return None };
    let (change, citation) = detail.split_once("; căn cứ: ")?;
    let (old_part, new) = change.split_once(" → ")?;
    let (old, old_citation) = match old_part.split_once(" (căn cứ cũ: ") {
        Some((v, c)) => (v, Some(c.strip_suffix(')')?.to_string())),
        None => (old_part, None),
    };
    Some(Event::ThresholdSet {
        set: set.into(),
        indicator: indicator.into(),
        key: key.into(),
        year,
        old: (old != "—").then(|| old.to_string()),
        old_citation,
        new: new.into(),
        citation: citation.into(),
    })
}

/// Gives the rows written before 0002_audit their arguments, read from their `detail`. Run
/// between 0006 and 0007 (which drops `detail`); a row converted has arguments, so running it
/// twice (two servers starting) converts nothing twice.
pub(crate) async fn convert_legacy_rows(db: &Db) -> Result<()> {
    in_tx!(db, |tx| {
        sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
        let rows: Vec<(i64, String, String, String, i64)> =
            sqlx::query_as("select id, action, subject, detail, changes from audit where args = ''")
                .fetch_all(&mut *tx)
                .await?;
        for (id, action, subject, detail, changes) in rows {
            let event = legacy_event(&action, &subject, &detail, changes);
            sqlx::query("update audit set args = $1 where id = $2")
                .bind(args_json(&event))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixed_form_of_the_first_schema_reads_back_as_its_event() {
        let s = |x: &str| x.to_string();
        for (action, subject, detail, changes, event) in [
            (
                "values.save",
                "03413 xa-ntm-2021-2025 2024",
                "3 giá trị",
                3,
                Event::ValuesSaved { unit: s("03413"), set: s("xa-ntm-2021-2025"), period: s("2024"), values: 3 },
            ),
            (
                "values.import",
                "demo/values.csv",
                "3055 giá trị (3060 dòng)",
                3055,
                Event::ValuesImported { source: s("demo/values.csv"), set: s(""), values: 3055, rows: 3060 },
            ),
            (
                "units.import",
                "units.csv",
                "122 đơn vị, 4 liên kết sáp nhập",
                122,
                Event::UnitsImported { source: s("units.csv"), units: 122, links: 4 },
            ),
            (
                "threshold.set",
                "xa-ntm-2021-2025 10.1 tdmnpb năm 2024",
                "45 (căn cứ cũ: QĐ 1) → 47; căn cứ: QĐ 2",
                1,
                Event::ThresholdSet {
                    set: s("xa-ntm-2021-2025"),
                    indicator: s("10.1"),
                    key: s("tdmnpb"),
                    year: Some(2024),
                    old: Some(s("45")),
                    old_citation: Some(s("QĐ 1")),
                    new: s("47"),
                    citation: s("QĐ 2"),
                },
            ),
            (
                "threshold.set",
                "xa-ntm-2021-2025 2.2 all",
                "— → 70; căn cứ: QĐ 318/QĐ-TTg, Phụ lục I",
                1,
                Event::ThresholdSet {
                    set: s("xa-ntm-2021-2025"),
                    indicator: s("2.2"),
                    key: s("all"),
                    year: None,
                    old: None,
                    old_citation: None,
                    new: s("70"),
                    citation: s("QĐ 318/QĐ-TTg, Phụ lục I"),
                },
            ),
            (
                "user.add",
                "vanphong",
                "vai trò office",
                1,
                Event::AccountAdded { username: s("vanphong"), role: s("office") },
            ),
            ("user.passwd", "vanphong", "đổi mật khẩu", 1, Event::PasswordSet { username: s("vanphong") }),
            ("user.lock", "xem", "khóa tài khoản", 1, Event::AccountLocked { username: s("xem") }),
            ("user.unlock", "xem", "mở khóa tài khoản", 1, Event::AccountUnlocked { username: s("xem") }),
            (
                "agency.add",
                "yte",
                "Phòng Y tế",
                1,
                Event::AgencyAdded { code: s("yte"), name: s("Phòng Y tế"), name_en: s("") },
            ),
            (
                "target.add",
                "2025-xa",
                "12/12 xã",
                1,
                Event::TargetAdded { code: s("2025-xa"), title: s("12/12 xã"), title_en: s("") },
            ),
            (
                "recognition.add",
                "Quyết định minh họa",
                "ntm 2021-12-20",
                1,
                Event::RecognitionAdded {
                    unit: s(""),
                    level: s("ntm"),
                    decision: s("Quyết định minh họa"),
                    decided_on: s("2021-12-20"),
                },
            ),
        ] {
            let read = legacy_event(action, subject, detail, changes);
            assert_eq!(read, event, "{action}: {detail}");
            assert_eq!(event_of(action, &args_json(&read)), read, "{action} stored and read back");
        }
        let odd = legacy_event("values.save", "odd", "something else", 1);
        assert!(matches!(odd, Event::Unknown { .. }), "a row that does not fit is kept as it was: {odd:?}");
    }
}
