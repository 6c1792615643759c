//! Steering Committee members (thành viên Ban Chỉ đạo), the communes they follow and the
//! account linked to each: part of the `org` area (its counter moves with them).

use ntm_domain::audit::Event;

use crate::{Area, Db, Result, in_tx, on_db, record};

/// A member as stored: the domain's, with the agency, the communes and the account by store id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRecord {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub position: String,
    pub agency_id: Option<i64>,
    /// The communes followed, in the order given.
    pub unit_ids: Vec<i64>,
    pub user_id: Option<i64>,
}

type Row = (i64, String, String, String, Option<i64>, Option<i64>);

impl Db {
    /// Every member, in the order added, with the communes each follows.
    pub async fn members(&self) -> Result<Vec<MemberRecord>> {
        let rows: Vec<Row> = on_db!(self, read, |p| sqlx::query_as(
            "select id, code, name, position, agency_id, user_id from member order by id"
        )
        .fetch_all(p)
        .await?);
        let links: Vec<(i64, i64, i64)> = on_db!(self, read, |p| sqlx::query_as(
            "select member_id, unit_id, ord from member_commune order by member_id, ord"
        )
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(id, code, name, position, agency_id, user_id)| MemberRecord {
                id,
                code,
                name,
                position,
                agency_id,
                unit_ids: links.iter().filter(|l| l.0 == id).map(|l| l.1).collect(),
                user_id,
            })
            .collect())
    }

    /// Adds the members of a file (their `id` is ignored), all or none, audited as one event
    /// `member.import` naming the file; returns their ids. A code or an account already taken:
    /// [`crate::StoreError::Duplicate`], nothing written.
    pub async fn import_members(&self, members: &[MemberRecord], source: &str, actor: Option<i64>) -> Result<Vec<i64>> {
        let ids = in_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(members.len());
            for m in members {
                let id: i64 = sqlx::query_scalar(
                    "insert into member (code, name, position, agency_id, user_id) values ($1, $2, $3, $4, $5) \
                     returning id",
                )
                .bind(&m.code)
                .bind(&m.name)
                .bind(&m.position)
                .bind(m.agency_id)
                .bind(m.user_id)
                .fetch_one(&mut *tx)
                .await?;
                for (ord, unit) in m.unit_ids.iter().enumerate() {
                    sqlx::query("insert into member_commune (member_id, unit_id, ord) values ($1, $2, $3)")
                        .bind(id)
                        .bind(unit)
                        .bind(ord as i64)
                        .execute(&mut *tx)
                        .await?;
                }
                ids.push(id);
            }
            let event = Event::MembersImported { source: source.into(), members: members.len() as i64 };
            record!(tx, Area::Org, actor, &event);
            ids
        });
        Ok(ids)
    }
}
