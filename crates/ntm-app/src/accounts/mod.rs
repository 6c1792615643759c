//! The accounts area: argon2 password hashes, sessions in our own table (the cookie holds a random token;
//! the store keeps only its SHA-256), sign-in rate limiting.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use ntm_domain::{Action, Lang, Principal, Role, can};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::{NewUser, SessionRecord, StoreError, UserRecord, now_ms};
use sha2::{Digest, Sha256};

use crate::{App, AppError, User};

/// A session ends after this long unused…
pub const SESSION_IDLE_MS: i64 = 7 * 24 * 3600 * 1000;
/// …and in any case this long after signing in (the cookie lives as long).
pub const SESSION_MAX_MS: i64 = 30 * 24 * 3600 * 1000;
/// A used session's expiry is moved at most this often (one write per session and hour).
const SESSION_RENEW_MS: i64 = 3600 * 1000;

/// The new expiry of a session used at `now`, if it is time to move it: `SESSION_IDLE_MS` from
/// now, never past `SESSION_MAX_MS` from its start.
pub fn renewed_expiry(now: i64, created_at: i64, expires_at: i64) -> Option<i64> {
    let renewed = (now + SESSION_IDLE_MS).min(created_at + SESSION_MAX_MS);
    (renewed - expires_at >= SESSION_RENEW_MS).then_some(renewed)
}
/// Failed sign-ins tolerated per user name, and per address, within [`WINDOW_MS`].
pub const MAX_FAILURES_PER_USER: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// The longest user name or address a sign-in attempt records.
const MAX_RECORDED_NAME: usize = 64;
/// How long sign-in attempts are kept (for whoever looks into an attack), and ended sessions.
pub const KEEP_ATTEMPTS_MS: i64 = 7 * 24 * 60 * 60 * 1000;
pub const KEEP_ENDED_SESSIONS_MS: i64 = 24 * 60 * 60 * 1000;

fn argon2(fast: bool) -> Argon2<'static> {
    let params = if fast { Params::new(1024, 1, 1, None) } else { Ok(Params::default()) };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.unwrap_or_default())
}

/// A PHC string for the password.
pub fn hash_password(password: &str, fast: bool) -> Result<String, AppError> {
    argon2(fast)
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    argon2(false).verify_password(password.as_bytes(), hash).is_ok()
}

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> Result<String, AppError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Why an account could not be added or changed. Each names its form field ([`UserError::field`]);
/// the pages and the command line word it (`Display` is for logs).
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("the user name must be 3 to 32 characters: lower-case letters without accents, digits, '.', '-' or '_'")]
    BadUsername,
    #[error("the display name is required (at most 100 characters)")]
    NoDisplayName,
    #[error("role must be one of admin, office, agency, commune, viewer")]
    Role,
    #[error("a commune officer needs the code of their commune (--unit)")]
    NeedsUnit,
    #[error("unknown unit {0}")]
    UnknownUnit(String),
    #[error("unit {0} is not a commune")]
    NotACommune(String),
    #[error("an agency officer needs the code of their agency (--agency)")]
    NeedsAgency,
    #[error("unknown agency {0}")]
    UnknownAgency(String),
    #[error("user name already taken")]
    Taken,
    #[error("password too short (at least 8 characters)")]
    ShortPassword,
    #[error("no account named {0}")]
    UnknownUser(String),
    #[error("you cannot lock your own account")]
    Yourself,
    #[error("{0}")]
    App(#[from] AppError),
}

/// Why a user's change of their own password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    WrongCurrent,
    TooManyTries,
    TooShort,
    Mismatch,
}

/// The field of the account form a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountField {
    Username,
    DisplayName,
    Role,
    Unit,
    Agency,
    Password,
}

impl UserError {
    pub fn field(&self) -> Option<AccountField> {
        Some(match self {
            UserError::BadUsername | UserError::Taken | UserError::UnknownUser(_) | UserError::Yourself => {
                AccountField::Username
            }
            UserError::NoDisplayName => AccountField::DisplayName,
            UserError::Role => AccountField::Role,
            UserError::NeedsUnit | UserError::UnknownUnit(_) | UserError::NotACommune(_) => AccountField::Unit,
            UserError::NeedsAgency | UserError::UnknownAgency(_) => AccountField::Agency,
            UserError::ShortPassword => AccountField::Password,
            UserError::App(_) => return None,
        })
    }
}

/// A new account as given on the command line or by an administrator.
pub struct AccountSpec<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub role: &'a str,
    pub unit_code: Option<&'a str>,
    pub agency_code: Option<&'a str>,
    pub lang: Lang,
}

/// One account as the administrator's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// "code name" of a commune officer's commune.
    pub unit: Option<String>,
    /// Name of an agency officer's agency.
    pub agency: Option<String>,
    pub lang: Lang,
    pub disabled: bool,
    /// Sign-ins under its name failed so often lately that addresses which failed are refused
    /// (an address with no failure still gets in); unlocking clears it.
    pub blocked: bool,
    /// The administrator looking at the list.
    pub is_self: bool,
}

/// A user name is 3–32 of `a-z 0-9 . - _` (the rule is the domain's, shared with accounts files).
pub use ntm_domain::auth::valid_username;

impl App {
    fn principal_of(&self, u: &UserRecord) -> Principal {
        let live = self.live();
        let role = Role::from_code(&u.role).unwrap_or(Role::Viewer);
        Principal {
            role,
            unit: u.unit_id.and_then(|id| live.unit_index.get(&id).copied()),
            criteria: u.agency_id.and_then(|a| live.org.by_id(a)).map(|a| a.criteria.clone()).unwrap_or_default(),
        }
    }

    fn user_of(&self, u: UserRecord, s: &SessionRecord) -> User {
        User {
            id: u.id,
            principal: self.principal_of(&u),
            lang: Lang::from_code(&u.lang),
            username: u.username,
            display_name: u.display_name,
            csrf_token: s.csrf_token.clone(),
            session_hash: s.token_hash.clone(),
        }
    }

    /// A hash of no one's password, made with the same cost as real ones.
    async fn dummy_hash(&self) -> Result<String, AppError> {
        if let Some(h) = self.dummy_hash.get() {
            return Ok(h.clone());
        }
        let fast = self.config.fast_hashing;
        let h = tokio::task::spawn_blocking(move || hash_password("không-có-người-dùng-này", fast))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        Ok(self.dummy_hash.get_or_init(|| h).clone())
    }

    /// Checks a user name and password, counting the attempt against the sign-in limit: too many
    /// recent failures for the name or the address refuse without checking.
    async fn check_password(&self, username: &str, password: &str, address: &str) -> Result<UserRecord, AppError> {
        // Counted as a failure until the password is found right; counting and recording are one
        // serialised step, so guesses sent in parallel all count against the limit.
        let since = now_ms() - WINDOW_MS;
        // What is recorded of a guess is bounded: no valid name is longer, and a 1 MB "name"
        // must not be stored with each attempt.
        let recorded: String = username.chars().take(MAX_RECORDED_NAME).collect();
        let address: String = address.chars().take(MAX_RECORDED_NAME).collect();
        let attempt = self
            .db
            .begin_login_attempt(&recorded, &address, since, MAX_FAILURES_PER_USER, MAX_FAILURES_PER_ADDRESS)
            .await?
            .ok_or(AppError::RateLimited)?;
        let record = self.db.user_by_name(username).await?;
        let hash = match record.as_ref() {
            Some(r) => r.password_hash.clone(),
            // Verify even for an unknown user, at the same cost, so that timing does not tell
            // which names exist.
            None => self.dummy_hash().await?,
        };
        let pw = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let record = match record {
            Some(r) if ok && !r.disabled => r,
            _ => return Err(AppError::Unauthenticated),
        };
        self.db.mark_login_ok(attempt).await?;
        Ok(record)
    }

    /// A new session of this user: the cookie token and the user.
    async fn open_session(&self, record: UserRecord) -> Result<(String, User), AppError> {
        let token = random_hex(32)?;
        let session = SessionRecord {
            token_hash: sha256_hex(&token),
            user_id: record.id,
            csrf_token: random_hex(16)?,
            created_at: now_ms(),
            expires_at: now_ms() + SESSION_IDLE_MS,
        };
        // Refused if the password was changed or the account locked since it was checked.
        if !self.db.create_session(&session, &record.password_hash).await? {
            return Err(AppError::Unauthenticated);
        }
        Ok((token, self.user_of(record, &session)))
    }

    /// Checks a password and opens a session; returns the cookie token and the user.
    /// Deletes sign-in attempts and ended sessions past keeping (run on a schedule by the
    /// server); how many rows went.
    pub async fn prune_sign_ins(&self) -> Result<u64, AppError> {
        let now = now_ms();
        Ok(self.db.prune_sign_ins(now - KEEP_ATTEMPTS_MS, now - KEEP_ENDED_SESSIONS_MS).await?)
    }

    pub async fn login(&self, username: &str, password: &str, address: &str) -> Result<(String, User), AppError> {
        let record = self.check_password(username, password, address).await?;
        self.open_session(record).await
    }

    /// A signed-in user changes their own password, giving the current one (counted against
    /// the sign-in limit). Every session ends, this one included; the new session is returned.
    pub async fn change_own_password(
        &self,
        user: &User,
        current: &str,
        new: &str,
        confirm: &str,
        address: &str,
    ) -> Result<Result<(String, User), Vec<PasswordProblem>>, AppError> {
        let mut problems = Vec::new();
        if new.chars().count() < 8 {
            problems.push(PasswordProblem::TooShort);
        }
        if new != confirm {
            problems.push(PasswordProblem::Mismatch);
        }
        match self.check_password(&user.username, current, address).await {
            Ok(_) => {}
            Err(AppError::Unauthenticated) => problems.insert(0, PasswordProblem::WrongCurrent),
            Err(AppError::RateLimited) => problems.insert(0, PasswordProblem::TooManyTries),
            Err(e) => return Err(e),
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        match self.set_password(&user.username, new, Some(user.id)).await {
            Ok(()) => {}
            Err(UserError::App(e)) => return Err(e),
            Err(e) => return Err(AppError::Internal(e.to_string())),
        }
        let record = self.db.user_by_name(&user.username).await?.ok_or(AppError::Unauthenticated)?;
        Ok(Ok(self.open_session(record).await?))
    }

    /// The user of a session cookie token, if the session is live.
    /// Using a session keeps it alive (see [`renewed_expiry`]).
    pub async fn user_for_token(&self, token: &str) -> Result<Option<User>, AppError> {
        let Some((s, u)) = self.db.session(&sha256_hex(token)).await? else { return Ok(None) };
        if let Some(expires_at) = renewed_expiry(now_ms(), s.created_at, s.expires_at) {
            self.db.extend_session(&s.token_hash, expires_at).await?;
        }
        Ok(Some(self.user_of(u, &s)))
    }

    pub async fn logout(&self, user: &User) -> Result<(), AppError> {
        Ok(self.db.revoke_session(&user.session_hash).await?)
    }

    /// Every problem of a new account (all of them, so that a form can show each beside its
    /// field), or the role and the ids of its unit and agency.
    fn check_account(&self, spec: &AccountSpec<'_>) -> Result<(Role, Option<i64>, Option<i64>), Vec<UserError>> {
        let mut errors = Vec::new();
        if !valid_username(spec.username) {
            errors.push(UserError::BadUsername);
        }
        let name = ntm_io::text::clean(spec.display_name);
        if name.is_empty() || ntm_io::text::bounded(&name, ntm_io::text::Bound::PersonName).is_err() {
            errors.push(UserError::NoDisplayName);
        }
        let role = Role::from_code(spec.role);
        if role.is_none() {
            errors.push(UserError::Role);
        }
        let live = self.live();
        // Only a commune officer has a commune, only an agency officer an agency.
        let unit_id = match (role, spec.unit_code.filter(|c| !c.is_empty())) {
            (Some(Role::Commune), None) => {
                errors.push(UserError::NeedsUnit);
                None
            }
            (Some(Role::Commune), Some(code)) => match live.tree.latest(code) {
                None => {
                    errors.push(UserError::UnknownUnit(code.into()));
                    None
                }
                Some(idx) if live.tree.unit(idx).level != ntm_domain::Level::Commune => {
                    errors.push(UserError::NotACommune(code.into()));
                    None
                }
                Some(idx) => live.unit_id(idx),
            },
            _ => None,
        };
        let agency_id = match (role, spec.agency_code.filter(|c| !c.is_empty())) {
            (Some(Role::Agency), None) => {
                errors.push(UserError::NeedsAgency);
                None
            }
            (Some(Role::Agency), Some(code)) => {
                let found = live.org.by_code(code).map(|a| a.id);
                if found.is_none() {
                    errors.push(UserError::UnknownAgency(code.into()));
                }
                found
            }
            _ => None,
        };
        // In the order of the form's fields.
        if spec.password.chars().count() < 8 {
            errors.push(UserError::ShortPassword);
        }
        match role {
            Some(role) if errors.is_empty() => Ok((role, unit_id, agency_id)),
            _ => Err(errors),
        }
    }

    /// Adds an account, reporting every problem; audited by the store under `actor`.
    async fn create_account(&self, spec: &AccountSpec<'_>, actor: Option<i64>) -> Result<i64, Vec<UserError>> {
        let (role, unit_id, agency_id) = self.check_account(spec)?;
        let password = spec.password.to_string();
        let fast = self.config.fast_hashing;
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password, fast))
            .await
            .map_err(|e| vec![UserError::App(AppError::Internal(e.to_string()))])?
            .map_err(|e| vec![UserError::App(e)])?;
        let new = NewUser {
            username: spec.username.to_string(),
            // Cleaned as every text is (NFC, spaces, no direction controls), whatever the door.
            display_name: ntm_io::text::clean(spec.display_name),
            password_hash,
            role: role.code().to_string(),
            unit_id,
            agency_id,
            lang: spec.lang.code().to_string(),
        };
        match self.db.add_user(&new, actor).await {
            Ok(id) => Ok(id),
            Err(StoreError::Duplicate(_)) => Err(vec![UserError::Taken]),
            Err(e) => Err(vec![UserError::App(e.into())]),
        }
    }

    /// Adds an account from the command line (or the demo); the first problem if any.
    pub async fn add_user(&self, spec: &AccountSpec<'_>, actor: Option<i64>) -> Result<i64, UserError> {
        self.create_account(spec, actor).await.map_err(|errors| errors.into_iter().next().unwrap_or(UserError::Role))
    }

    pub async fn set_password(&self, username: &str, password: &str, actor: Option<i64>) -> Result<(), UserError> {
        if password.chars().count() < 8 {
            return Err(UserError::ShortPassword);
        }
        let pw = password.to_string();
        let fast = self.config.fast_hashing;
        let hash = tokio::task::spawn_blocking(move || hash_password(&pw, fast))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        match self.db.set_password(username, &hash, actor).await {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(UserError::UnknownUser(username.into())),
            Err(e) => Err(UserError::App(e.into())),
        }
    }

    fn require_manage_users(&self, actor: &User) -> Result<(), AppError> {
        match can(Some(&actor.principal), Action::ManageUsers, &self.live().tree, false) {
            true => Ok(()),
            false => Err(AppError::Forbidden),
        }
    }

    /// Every account, for an administrator (agencies named in `lang`).
    pub async fn accounts(&self, actor: &User, lang: Lang) -> Result<Vec<AccountRow>, AppError> {
        self.require_manage_users(actor)?;
        let records = self.db.users().await?;
        let since = now_ms() - WINDOW_MS;
        let mut blocked = std::collections::HashSet::new();
        for u in &records {
            if self.db.failed_logins_since(&u.username, "", since).await?.0 >= MAX_FAILURES_PER_USER {
                blocked.insert(u.id);
            }
        }
        let live = self.live();
        Ok(records
            .into_iter()
            .map(|u| AccountRow {
                blocked: blocked.contains(&u.id),
                unit: u.unit_id.and_then(|id| live.unit_index.get(&id)).map(|&idx| {
                    let unit = live.tree.unit(idx);
                    format!("{} {}", unit.code, unit.name)
                }),
                agency: u.agency_id.and_then(|id| live.org.by_id(id)).map(|a| a.name_in(lang).to_string()),
                role: Role::from_code(&u.role).unwrap_or(Role::Viewer),
                lang: Lang::from_code(&u.lang),
                is_self: u.id == actor.id,
                disabled: u.disabled,
                username: u.username,
                display_name: u.display_name,
            })
            .collect())
    }

    /// An administrator adds an account: `Ok(Err(problems))` when the form is wrong.
    pub async fn add_account(
        &self,
        actor: &User,
        spec: &AccountSpec<'_>,
    ) -> Result<Result<i64, Vec<UserError>>, AppError> {
        self.require_manage_users(actor)?;
        Ok(self.create_account(spec, Some(actor.id)).await)
    }

    /// An administrator sets someone's password (ending their sessions).
    pub async fn reset_password(&self, actor: &User, username: &str, password: &str) -> Result<(), UserError> {
        self.require_manage_users(actor)?;
        self.set_password(username, password, Some(actor.id)).await
    }

    /// Imports an accounts file (format: [`ntm_io::accounts`]), every account with the same
    /// initial password (at least 8 characters; files hold none): every row checked against the
    /// unit tree and the agencies, and no user name already taken; then every account in one
    /// transaction, each audited. Bad input ([`AppError::Invalid`]: every error with its line)
    /// writes nothing. Returns how many accounts were added.
    pub async fn import_accounts(
        &self,
        actor: Option<&User>,
        name: &str,
        text: &str,
        password: &str,
    ) -> Result<usize, AppError> {
        self.refresh().await?;
        if let Some(a) = actor {
            self.require_manage_users(a)?;
        }
        let taken: std::collections::HashSet<String> = self.db.users().await?.into_iter().map(|u| u.username).collect();
        let mut users = {
            let live = self.live();
            let rows = ntm_io::read_accounts(name, text, &live.tree, &live.org.agencies);
            let mut errors = InputErrors::default();
            if password.chars().count() < 8 {
                errors.push(Location::file(name), Problem::ShortPassword);
            }
            let rows = match rows {
                Ok(rows) => rows,
                Err(e) => {
                    errors.0.extend(e.0);
                    return Err(errors.into());
                }
            };
            for r in rows.iter().filter(|r| taken.contains(&r.username)) {
                errors.push(Location::at(name, r.line, "username"), Problem::AccountExists(r.username.clone()));
            }
            let users: Vec<NewUser> = rows
                .into_iter()
                .map(|r| NewUser {
                    unit_id: r.unit.and_then(|u| live.unit_id(u)),
                    agency_id: r.agency.and_then(|code| live.org.by_code(&code).map(|a| a.id)),
                    username: r.username,
                    display_name: r.display_name,
                    password_hash: String::new(),
                    role: r.role.code().into(),
                    lang: r.lang.code().into(),
                })
                .collect();
            errors.into_result(users)?
        };
        // One hash per account (each with its own salt), off the async threads.
        let (count, pw, fast) = (users.len(), password.to_string(), self.config.fast_hashing);
        let hashes = tokio::task::spawn_blocking(move || {
            (0..count).map(|_| hash_password(&pw, fast)).collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
        for (u, hash) in users.iter_mut().zip(hashes) {
            u.password_hash = hash;
        }
        self.db.add_users(&users, actor.map(|u| u.id)).await?;
        self.refresh().await?;
        Ok(users.len())
    }

    /// The enabled account a command-line change is made as (`--user NAME`), with its
    /// permissions; `None` when there is no such account or it is locked.
    pub async fn acting_user(&self, username: &str) -> Result<Option<User>, AppError> {
        let Some(u) = self.db.user_by_name(username).await?.filter(|u| !u.disabled) else { return Ok(None) };
        Ok(Some(User {
            id: u.id,
            principal: self.principal_of(&u),
            lang: Lang::from_code(&u.lang),
            username: u.username,
            display_name: u.display_name,
            csrf_token: String::new(),
            session_hash: String::new(),
        }))
    }

    /// Unlocks an account from the command line (`ntm user unlock`): as an administrator's unlock,
    /// it also clears the failed sign-ins counted against the name; audited with no actor.
    pub async fn unlock_account(&self, username: &str) -> Result<(), UserError> {
        match self.db.set_user_disabled(username, false, None).await {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(UserError::UnknownUser(username.into())),
            Err(e) => Err(UserError::App(e.into())),
        }
    }

    /// An administrator locks (ending its sessions) or unlocks an account (clearing the failed
    /// sign-ins counted against its name); not their own.
    pub async fn lock_account(&self, actor: &User, username: &str, locked: bool) -> Result<(), UserError> {
        self.require_manage_users(actor)?;
        if username == actor.username {
            return Err(UserError::Yourself);
        }
        match self.db.set_user_disabled(username, locked, Some(actor.id)).await {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(UserError::UnknownUser(username.into())),
            Err(e) => Err(UserError::App(e.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_itself() {
        let h = hash_password("mật khẩu dài", true).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu dài", &h));
        assert!(!verify_password("mat khau dai", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn a_used_session_lives_a_week_from_its_last_use_but_never_past_thirty_days() {
        const HOUR: i64 = 3600 * 1000;
        const DAY: i64 = 24 * HOUR;
        let start = 1_700_000_000_000;
        let signed_in = start + SESSION_IDLE_MS;
        assert_eq!(renewed_expiry(start + 10 * 60 * 1000, start, signed_in), None, "not rewritten on every page");
        assert_eq!(renewed_expiry(start + 2 * DAY, start, signed_in), Some(start + 2 * DAY + SESSION_IDLE_MS));
        // Used every day, it still ends 30 days after signing in.
        let mut expires = signed_in;
        for day in 1..40 {
            let now = start + day * DAY;
            if now >= expires {
                break;
            }
            if let Some(e) = renewed_expiry(now, start, expires) {
                assert!(e > expires && e <= start + SESSION_MAX_MS);
                expires = e;
            }
        }
        assert_eq!(expires, start + SESSION_MAX_MS);
        assert_eq!(renewed_expiry(start + 29 * DAY + 23 * HOUR, start, expires), None);
    }

    #[test]
    fn user_names_are_plain_lower_case_ascii() {
        for good in ["xem", "canbo.sonbinh", "ktht_2026", "a-b"] {
            assert!(valid_username(good), "{good}");
        }
        for bad in ["ab", "Cán Bộ", "SonBinh", "có.dấu", "a b", "x/y", "", &"a".repeat(33)] {
            assert!(!valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = random_hex(32).unwrap();
        let b = random_hex(32).unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
