//! Users, sessions (our own table; the cookie token is stored only as its SHA-256), and login
//! attempts for rate limiting.

use ntm_domain::audit::Event;

use crate::{Area, Db, LOCK_WRITERS, Result, StoreError, in_tx, now_ms, on_db, record};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub unit_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub lang: String,
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub unit_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub lang: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

type UserRow = (i64, String, String, String, String, Option<i64>, Option<i64>, String, i64);

/// `select … from app_user` followed by the rest of the query, as one literal.
macro_rules! select_user {
    ($rest:literal) => {
        concat!(
            "select id, username, display_name, password_hash, role, unit_id, agency_id, lang, disabled from app_user ",
            $rest
        )
    };
}

fn to_user(r: UserRow) -> UserRecord {
    let (id, username, display_name, password_hash, role, unit_id, agency_id, lang, disabled) = r;
    UserRecord { id, username, display_name, password_hash, role, unit_id, agency_id, lang, disabled: disabled != 0 }
}

/// Ends every session of a user ($1 = now, $2 = user id).
const REVOKE_USER_SESSIONS: &str = "update session set revoked_at = $1 where user_id = $2 and revoked_at = 0";

impl Db {
    /// Adds a user, audited; `actor` is the user who did it (`None` from the command line).
    pub async fn add_user(&self, u: &NewUser, actor: Option<i64>) -> Result<i64> {
        self.add_users(std::slice::from_ref(u), actor).await?.first().copied().ok_or(StoreError::NotFound)
    }

    /// Adds users, all or none, each audited; returns their ids. A name taken (in the database
    /// or twice in the list) adds no one: [`StoreError::Duplicate`].
    pub async fn add_users(&self, users: &[NewUser], actor: Option<i64>) -> Result<Vec<i64>> {
        let now = now_ms();
        let ids = in_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(users.len());
            for u in users {
                let id: i64 = sqlx::query_scalar(
                    "insert into app_user (username, display_name, password_hash, role, unit_id, agency_id, lang, created_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
                )
                .bind(&u.username)
                .bind(&u.display_name)
                .bind(&u.password_hash)
                .bind(&u.role)
                .bind(u.unit_id)
                .bind(u.agency_id)
                .bind(&u.lang)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let event = Event::AccountAdded { username: u.username.clone(), role: u.role.clone() };
                record!(tx, Area::Accounts, actor, &event);
                ids.push(id);
            }
            ids
        });
        Ok(ids)
    }

    /// Sets a password and revokes the user's sessions, audited.
    pub async fn set_password(&self, username: &str, password_hash: &str, actor: Option<i64>) -> Result<()> {
        let now = now_ms();
        in_tx!(self, |tx| {
            let id: Option<i64> =
                sqlx::query_scalar("update app_user set password_hash = $1 where username = $2 returning id")
                    .bind(password_hash)
                    .bind(username)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = id.ok_or(StoreError::NotFound)?;
            sqlx::query(REVOKE_USER_SESSIONS).bind(now).bind(id).execute(&mut *tx).await?;
            record!(tx, Area::Accounts, actor, &Event::PasswordSet { username: username.to_string() });
        });
        Ok(())
    }

    /// Locks (ending the user's sessions) or unlocks an account, audited.
    pub async fn set_user_disabled(&self, username: &str, disabled: bool, actor: Option<i64>) -> Result<()> {
        let now = now_ms();
        in_tx!(self, |tx| {
            let id: Option<i64> =
                sqlx::query_scalar("update app_user set disabled = $1 where username = $2 returning id")
                    .bind(i64::from(disabled))
                    .bind(username)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = id.ok_or(StoreError::NotFound)?;
            if disabled {
                sqlx::query(REVOKE_USER_SESSIONS).bind(now).bind(id).execute(&mut *tx).await?;
            } else {
                // Unlocking also clears the failed sign-ins counted against the name (kept,
                // marked cleared: `ok` = 2).
                sqlx::query("update login_attempt set ok = 2 where username = $1 and ok = 0")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
            }
            let username = username.to_string();
            let event = if disabled { Event::AccountLocked { username } } else { Event::AccountUnlocked { username } };
            record!(tx, Area::Accounts, actor, &event);
        });
        Ok(())
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let rows: Vec<UserRow> = on_db!(self, read, |p| sqlx::query_as(select_user!("")).fetch_all(p).await?);
        // Sorted here, by bytes: PostgreSQL's locale collation would order `a.b` and `ab` otherwise
        // than SQLite does.
        let mut users: Vec<UserRecord> = rows.into_iter().map(to_user).collect();
        users.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(users)
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>> {
        let row: Option<UserRow> = on_db!(self, read, |p| sqlx::query_as(select_user!("where username = $1"))
            .bind(username)
            .fetch_optional(p)
            .await?);
        Ok(row.map(to_user))
    }

    /// Opens a session for a user whose password was just checked against `verified_hash`; false
    /// (nothing written) if that password was changed or the account locked meanwhile. Serialised
    /// with those changes (they take the same writers' lock), so no session outlives them.
    pub async fn create_session(&self, s: &SessionRecord, verified_hash: &str) -> Result<bool> {
        let now = now_ms();
        let opened = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            sqlx::query(
                "insert into session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
                 select $1, $2, $3, $4, $5, $6 where exists \
                 (select 1 from app_user where id = $2 and password_hash = $7 and disabled = 0)",
            )
            .bind(&s.token_hash)
            .bind(s.user_id)
            .bind(&s.csrf_token)
            .bind(now)
            .bind(now)
            .bind(s.expires_at)
            .bind(verified_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        });
        Ok(opened)
    }

    /// The live session with this token hash and its (enabled) user.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(SessionRecord, UserRecord)>> {
        let now = now_ms();
        let row: Option<(String, i64, String, i64, i64)> = on_db!(self, read, |p| sqlx::query_as(
            "select s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at from session s \
             join app_user u on u.id = s.user_id \
             where s.token_hash = $1 and s.revoked_at = 0 and s.expires_at > $2 and u.disabled = 0"
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(p)
        .await?);
        let Some((token_hash, user_id, csrf_token, created_at, expires_at)) = row else { return Ok(None) };
        let user: Option<UserRow> = on_db!(self, read, |p| sqlx::query_as(select_user!("where id = $1"))
            .bind(user_id)
            .fetch_optional(p)
            .await?);
        Ok(user.map(|u| (SessionRecord { token_hash, user_id, csrf_token, created_at, expires_at }, to_user(u))))
    }

    /// Moves a live session's expiry (it was just used) and notes when it was last seen.
    pub async fn extend_session(&self, token_hash: &str, expires_at: i64) -> Result<()> {
        on_db!(self, write, |p| {
            sqlx::query(
                "update session set last_seen_at = $1, expires_at = $2 where token_hash = $3 and revoked_at = 0",
            )
            .bind(now_ms())
            .bind(expires_at)
            .bind(token_hash)
            .execute(p)
            .await?;
        });
        Ok(())
    }

    pub async fn revoke_session(&self, token_hash: &str) -> Result<()> {
        on_db!(self, write, |p| {
            sqlx::query("update session set revoked_at = $1 where token_hash = $2")
                .bind(now_ms())
                .bind(token_hash)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Starts a sign-in attempt: refused (`None`) when this address has failed `max_address`
    /// times since `since_ms`, or when the user name has failed `max_user` times and this address
    /// has failed at least once — an address with no failure always gets its try, so that guesses
    /// from elsewhere never lock the owner out. Otherwise records the attempt as failed and
    /// returns its id ([`Db::mark_login_ok`] turns it into a success). Counting and recording
    /// are one serialised transaction, so guesses sent in parallel cannot all slip in.
    pub async fn begin_login_attempt(
        &self,
        username: &str,
        ip: &str,
        since_ms: i64,
        max_user: i64,
        max_address: i64,
    ) -> Result<Option<i64>> {
        let now = now_ms();
        let id = in_tx!(self, |tx| {
            sqlx::query(LOCK_WRITERS).execute(&mut *tx).await?;
            let by_user: i64 =
                sqlx::query_scalar("select count(*) from login_attempt where username = $1 and ok = 0 and at >= $2")
                    .bind(username)
                    .bind(since_ms)
                    .fetch_one(&mut *tx)
                    .await?;
            let by_ip: i64 =
                sqlx::query_scalar("select count(*) from login_attempt where ip = $1 and ok = 0 and at >= $2")
                    .bind(ip)
                    .bind(since_ms)
                    .fetch_one(&mut *tx)
                    .await?;
            if by_ip >= max_address || (by_user >= max_user && by_ip > 0) {
                None
            } else {
                let id: i64 = sqlx::query_scalar(
                    "insert into login_attempt (username, ip, at, ok) values ($1, $2, $3, 0) returning id",
                )
                .bind(username)
                .bind(ip)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                Some(id)
            }
        });
        Ok(id)
    }

    /// Deletes what only grows: sign-in attempts older than `attempts_before`, sessions that
    /// expired or were revoked before `sessions_before`. Returns how many rows went.
    pub async fn prune_sign_ins(&self, attempts_before: i64, sessions_before: i64) -> Result<u64> {
        let n = in_tx!(self, |tx| {
            let a = sqlx::query("delete from login_attempt where at < $1")
                .bind(attempts_before)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let s = sqlx::query("delete from session where expires_at < $1 or (revoked_at > 0 and revoked_at < $1)")
                .bind(sessions_before)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            a + s
        });
        Ok(n)
    }

    pub async fn mark_login_ok(&self, attempt: i64) -> Result<()> {
        on_db!(self, write, |p| {
            sqlx::query("update login_attempt set ok = 1 where id = $1").bind(attempt).execute(p).await?;
        });
        Ok(())
    }

    /// Failed logins since `since_ms`: (for this username, from this address).
    pub async fn failed_logins_since(&self, username: &str, ip: &str, since_ms: i64) -> Result<(i64, i64)> {
        let by_user: i64 = on_db!(self, read, |p| sqlx::query_scalar(
            "select count(*) from login_attempt where username = $1 and ok = 0 and at >= $2"
        )
        .bind(username)
        .bind(since_ms)
        .fetch_one(p)
        .await?);
        let by_ip: i64 = on_db!(self, read, |p| sqlx::query_scalar(
            "select count(*) from login_attempt where ip = $1 and ok = 0 and at >= $2"
        )
        .bind(ip)
        .bind(since_ms)
        .fetch_one(p)
        .await?);
        Ok((by_user, by_ip))
    }
}
