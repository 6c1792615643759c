//! The audit trail: one row per change, written in the change's own transaction by
//! [`record!`](crate::record): the action code, the subject (a short machine key), the
//! arguments as a JSON object and the number of records touched. Never a sentence: the pages
//! word each event in their reader's language.

use ntm_domain::audit::{Arg, Event};

use crate::{Db, LOCK_WRITERS, Result, in_tx, on_db};

/// One audited change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub event: Event,
    pub subject: String,
    pub changes: i64,
}

/// Which rows of the change log to read, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only rows older than this id (the next page).
    pub before: Option<i64>,
    pub limit: i64,
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

type Row = (i64, i64, Option<i64>, Option<String>, String, String, String, i64);

impl Db {
    /// Rows of the change log, newest first.
    pub async fn audit_log(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>> {
        let before = q.before.unwrap_or(i64::MAX);
        let rows: Vec<Row> = on_db!(self, read, |p| sqlx::query_as(
            "select a.id, a.at, a.user_id, u.username, a.action, a.subject, a.args, a.changes \
             from audit a left join app_user u on u.id = a.user_id where a.id < $1 order by a.id desc limit $2"
        )
        .bind(before)
        .bind(q.limit)
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(id, at, user_id, username, action, subject, args, changes)| AuditRecord {
                id,
                at,
                user_id,
                username,
                event: event_of(&action, &args),
                subject,
                changes,
            })
            .collect())
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
        "agency.add" => Some(Event::AgencyAdded { code: s(subject), name: s(detail) }),
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
            ("agency.add", "yte", "Phòng Y tế", 1, Event::AgencyAdded { code: s("yte"), name: s("Phòng Y tế") }),
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
