//! The accounts area: signing in and out, the administrator's account pages (the list, adding
//! an account, setting a password, locking) and everyone's own (changing one's password). The
//! rules (who may, what is a valid account) live in `ntm_app::accounts`.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ntm_app::accounts::{AccountField, AccountRow, AccountSpec, PasswordProblem, UserError};
use ntm_app::demo::DemoAccount;
use ntm_app::{App, AppError};
use ntm_domain::{Lang, Level, Role};
use ntm_text::T;
use serde::Deserialize;

use crate::chrome::{Chrome, encode};
use crate::entry::{restore_after_sign_in, typed_fields};
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::{SignedInForm, Text, Visitor, posted, posted_text, with_session};
use crate::shell::{PageQuery, html};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/account", get(my_account).post(change_my_password))
        .route("/users", get(accounts).post(add))
        .route("/users/{name}/password", post(set_password))
        .route("/users/{name}/lock", post(lock))
        .route("/users/{name}/unlock", post(unlock))
}

/// Why an account could not be added or changed, in words.
pub fn user_error(t: T, e: &UserError) -> String {
    match e {
        UserError::BadUsername => t.user_bad_username().into(),
        UserError::NoDisplayName => t.user_no_display_name().into(),
        UserError::Role => t.user_role().into(),
        UserError::NeedsUnit => t.user_needs_unit().into(),
        UserError::UnknownUnit(code) => t.user_unknown_unit(code),
        UserError::NotACommune(code) => t.user_not_a_commune(code),
        UserError::NeedsAgency => t.user_needs_agency().into(),
        UserError::UnknownAgency(code) => t.user_unknown_agency(code),
        UserError::Taken => t.user_taken().into(),
        UserError::ShortPassword => t.user_short_password().into(),
        UserError::UnknownUser(name) => t.user_unknown_user(name),
        UserError::Yourself => t.user_yourself().into(),
        UserError::App(e) => e.to_string(),
    }
}

/// Above this many communes the form asks for the commune's code instead of offering a list.
const MAX_LISTED_COMMUNES: usize = 300;

/// What the add form shows back after a failed submit (never the password).
#[derive(Default)]
struct AccountInput {
    username: String,
    display_name: String,
    role: String,
    unit: String,
    agency: String,
    lang: String,
}

/// Each field's message, if it has one.
#[derive(Default)]
struct FieldErrors {
    username: Option<String>,
    display_name: Option<String>,
    role: Option<String>,
    unit: Option<String>,
    agency: Option<String>,
    password: Option<String>,
}

/// One row of the list, as shown.
struct AccountLine {
    row: AccountRow,
    role_label: &'static str,
    /// The user name made safe for a path.
    href: String,
    /// Why a change of this account just failed.
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/accounts.html")]
struct AccountsPage {
    chrome: Chrome,
    lines: Vec<AccountLine>,
    notice: Option<String>,
    /// The error summary: (input id, message).
    summary: Vec<(String, String)>,
    input: AccountInput,
    errors: FieldErrors,
    roles: Vec<(&'static str, &'static str)>,
    /// (code, label) of every commune, or empty when there are too many to list.
    communes: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
    user: Option<String>,
}

/// What went wrong with one submit, for the page.
#[derive(Default)]
struct Failure {
    input: AccountInput,
    errors: Vec<UserError>,
    /// A change of one listed account that failed: (user name, problem).
    reset: Option<(String, UserError)>,
}

/// A role's code in words (an unknown code as it is).
pub fn role_words(t: T, code: &str) -> String {
    Role::from_code(code).map_or_else(|| code.to_string(), |r| role_label(t, r).to_string())
}

fn role_label(t: T, role: Role) -> &'static str {
    match role {
        Role::Admin => t.role_admin(),
        Role::Office => t.role_office(),
        Role::Agency => t.role_agency(),
        Role::Commune => t.role_commune(),
        Role::Viewer => t.role_viewer(),
    }
}

fn input_id(field: AccountField) -> &'static str {
    match field {
        AccountField::Username => "username",
        AccountField::DisplayName => "display_name",
        AccountField::Role => "role",
        AccountField::Unit => "unit",
        AccountField::Agency => "agency",
        AccountField::Password => "password",
    }
}

async fn page(app: &App, v: &Visitor, notice: Option<String>, failure: Failure) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let t = v.t();
    let rows = app.accounts(user, v.lang).await?;
    let mut summary = Vec::new();
    let mut errors = FieldErrors::default();
    for e in &failure.errors {
        let message = user_error(t, e);
        let slot = match e.field() {
            Some(AccountField::Username) => &mut errors.username,
            Some(AccountField::DisplayName) => &mut errors.display_name,
            Some(AccountField::Role) => &mut errors.role,
            Some(AccountField::Unit) => &mut errors.unit,
            Some(AccountField::Agency) => &mut errors.agency,
            Some(AccountField::Password) => &mut errors.password,
            None => return Err(WebError::Internal(message)),
        };
        summary.push((e.field().map(input_id).unwrap_or("username").to_string(), message.clone()));
        slot.get_or_insert(message);
    }
    let lines: Vec<AccountLine> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let problem = match &failure.reset {
                Some((name, e)) if *name == row.username => {
                    summary.push((format!("u-{}", i + 1), format!("{}: {}", row.username, user_error(t, e))));
                    Some(user_error(t, e))
                }
                _ => None,
            };
            AccountLine { role_label: role_label(t, row.role), href: encode(&row.username), problem, row }
        })
        .collect();
    let (communes, agencies) = {
        let live = app.live();
        let mut communes: Vec<(String, String)> = live
            .tree
            .iter()
            .filter(|(_, u)| u.level == Level::Commune)
            .map(|(_, u)| {
                // dd/mm/yyyy in both languages, as every page writes dates.
                let until = u.valid_to.map(|d| format!(" — {} {}", t.until(), d.to_vietnamese())).unwrap_or_default();
                (u.code.clone(), format!("{} ({}){until}", u.name, u.code))
            })
            .collect();
        communes.sort();
        communes.dedup_by(|a, b| a.0 == b.0);
        if communes.len() > MAX_LISTED_COMMUNES {
            communes.clear();
        }
        let agencies = live.org.agencies.iter().map(|a| (a.code.clone(), a.name_in(v.lang).to_string())).collect();
        (communes, agencies)
    };
    let status = match failure.errors.is_empty() && failure.reset.is_none() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut input = failure.input;
    if input.lang.is_empty() {
        input.lang = v.lang.code().into();
    }
    let page = AccountsPage {
        chrome: Chrome::new(v, t.accounts_title(), "accounts", "", ""),
        lines,
        notice,
        summary,
        input,
        errors,
        roles: Role::ALL.iter().map(|&r| (r.code(), role_label(t, r))).collect(),
        communes,
        agencies,
    };
    let mut res = html(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

/// The list, with what was just done.
async fn accounts(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<DoneQuery>) -> Result<Response, WebError> {
    let t = v.t();
    let notice = match (q.done.as_deref(), q.user) {
        (Some("added"), Some(u)) => Some(format!("{} {u}.", t.account_added())),
        (Some("password"), Some(u)) => Some(format!("{} {u}.", t.account_password_set())),
        (Some("locked"), Some(u)) => Some(format!("{} {u}.", t.account_locked())),
        (Some("unlocked"), Some(u)) => Some(format!("{} {u}.", t.account_unlocked())),
        _ => None,
    };
    page(&app, &v, notice, Failure::default()).await
}

fn done(what: &str, username: &str) -> Response {
    Redirect::to(&format!("/users?done={what}&user={}", encode(username))).into_response()
}

/// A failed change of one account: shown on its row; an unknown account is not found.
fn row_failure(e: UserError, username: String) -> Result<Failure, WebError> {
    match e {
        UserError::App(e) => Err(e.into()),
        UserError::UnknownUser(_) => Err(WebError::NotFound),
        other => Ok(Failure { reset: Some((username, other)), ..Failure::default() }),
    }
}

/// What the form of a new account posts (the password as typed: spaces may be part of it).
#[derive(Deserialize, Default)]
#[serde(default)]
struct AddPost {
    username: Text,
    display_name: Text,
    role: Text,
    unit: Text,
    agency: Text,
    lang: Text,
    password: String,
}

/// Adds an account; every problem is shown beside its field and nothing is added.
async fn add(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, form: f }: SignedInForm<AddPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let input = AccountInput {
        username: f.username.0,
        display_name: f.display_name.0,
        role: f.role.0,
        unit: f.unit.0,
        agency: f.agency.0,
        lang: f.lang.0,
    };
    let spec = AccountSpec {
        username: &input.username,
        display_name: &input.display_name,
        password: &f.password,
        role: &input.role,
        unit_code: Some(input.unit.as_str()),
        agency_code: Some(input.agency.as_str()),
        lang: Lang::from_code(&input.lang),
    };
    match app.add_account(user, &spec).await? {
        Ok(_) => Ok(done("added", &input.username)),
        Err(errors) => {
            if let Some(e) = errors.iter().find_map(|e| match e {
                UserError::App(e) => Some(e.to_string()),
                _ => None,
            }) {
                return Err(WebError::Internal(e));
            }
            page(&app, &v, None, Failure { input, errors, reset: None }).await
        }
    }
}

/// A password posted (as typed).
#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordPost {
    password: String,
}

/// Sets another person's password; their sessions end.
async fn set_password(
    State(app): State<Arc<App>>,
    Path(username): Path<String>,
    SignedInForm { visitor: v, form: f }: SignedInForm<PasswordPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    match app.reset_password(user, &username, &f.password).await {
        Ok(()) => Ok(done("password", &username)),
        Err(e) => page(&app, &v, None, row_failure(e, username)?).await,
    }
}

/// A form with nothing to post but its CSRF token.
#[derive(Deserialize, Default)]
struct Nothing {}

async fn lock_or_unlock(app: &App, v: &Visitor, username: String, locked: bool) -> Result<Response, WebError> {
    let user = v.require_user()?;
    match app.lock_account(user, &username, locked).await {
        Ok(()) => Ok(done(if locked { "locked" } else { "unlocked" }, &username)),
        Err(e) => page(app, v, None, row_failure(e, username)?).await,
    }
}

/// Locks an account (its sessions end); not one's own.
async fn lock(
    State(app): State<Arc<App>>,
    Path(username): Path<String>,
    SignedInForm { visitor: v, .. }: SignedInForm<Nothing>,
) -> Result<Response, WebError> {
    lock_or_unlock(&app, &v, username, true).await
}

async fn unlock(
    State(app): State<Arc<App>>,
    Path(username): Path<String>,
    SignedInForm { visitor: v, .. }: SignedInForm<Nothing>,
) -> Result<Response, WebError> {
    lock_or_unlock(&app, &v, username, false).await
}

#[derive(Template)]
#[template(path = "accounts/my_account.html")]
struct MyAccountPage {
    chrome: Chrome,
    username: String,
    role_label: &'static str,
    done: bool,
    /// The error summary: (input id, message).
    summary: Vec<(String, String)>,
    current_error: Option<String>,
    new_error: Option<String>,
    confirm_error: Option<String>,
}

fn my_account_page(v: &Visitor, done: bool, problems: &[PasswordProblem]) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let t = v.t();
    let mut page = MyAccountPage {
        chrome: Chrome::new(v, t.my_account(), "", "", ""),
        username: user.username.clone(),
        role_label: role_label(t, user.principal.role),
        done,
        summary: Vec::new(),
        current_error: None,
        new_error: None,
        confirm_error: None,
    };
    for p in problems {
        let (id, message, slot) = match p {
            PasswordProblem::WrongCurrent => ("current", t.wrong_current_password(), &mut page.current_error),
            PasswordProblem::TooManyTries => ("current", t.login_limited(), &mut page.current_error),
            PasswordProblem::TooShort => ("new_password", t.new_password_short(), &mut page.new_error),
            PasswordProblem::Mismatch => ("confirm", t.passwords_differ(), &mut page.confirm_error),
        };
        slot.get_or_insert_with(|| message.to_string());
        page.summary.push((id.to_string(), message.to_string()));
    }
    let mut res = html(&page)?;
    if !problems.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

#[derive(Deserialize, Default)]
pub struct MyAccountQuery {
    done: Option<String>,
}

/// One's own account: who one is, and changing one's password.
async fn my_account(v: Visitor, Query(q): Query<MyAccountQuery>) -> Result<Response, WebError> {
    my_account_page(&v, q.done.is_some(), &[])
}

/// The change of one's own password, as typed.
#[derive(Deserialize, Default)]
#[serde(default)]
struct OwnPasswordPost {
    current: String,
    new_password: String,
    confirm: String,
}

/// Changes one's own password; every other session ends and this browser gets a new one.
async fn change_my_password(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, form: f }: SignedInForm<OwnPasswordPost>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    let changed = app.change_own_password(user, &f.current, &f.new_password, &f.confirm, &v.address).await?;
    match changed {
        Ok((token, _)) => {
            Ok(with_session(Redirect::to("/account?done=1").into_response(), Some(&token), app.config.secure_cookies))
        }
        Err(problems) => my_account_page(&v, false, &problems),
    }
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    chrome: Chrome,
    error: Option<String>,
    /// Why signing in is asked for (a submit that needs it), if there is a reason to say.
    notice: Option<&'static str>,
    next: String,
    username: String,
    /// What was typed in an entry form whose session had ended, carried through the sign-in.
    typed: Vec<(String, String)>,
    /// On the demo: its accounts, what each may do, and their shared (public) password.
    demo_accounts: Vec<DemoAccountLine>,
    demo_password: &'static str,
}

/// A demo account as its sign-in page lists it.
struct DemoAccountLine {
    account: DemoAccount,
    role_label: String,
}

/// What a sign-in page shows back: why it is asked for or what went wrong, where to go next,
/// and what was typed.
struct LoginInput {
    error: Option<String>,
    notice: Option<&'static str>,
    next: String,
    username: String,
    typed: Vec<(String, String)>,
}

/// The sign-in page, with what it carries back.
pub(crate) fn login_page(
    v: &Visitor,
    error: Option<String>,
    notice: Option<&'static str>,
    next: String,
    username: String,
    typed: Vec<(String, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    render_login(v, LoginInput { error, notice, next, username, typed }, status, Vec::new())
}

/// The sign-in page, listing the demo's accounts (none outside the demo).
fn render_login(
    v: &Visitor,
    input: LoginInput,
    status: StatusCode,
    demo: Vec<DemoAccount>,
) -> Result<Response, WebError> {
    let t = v.t();
    let chrome = Chrome::new(v, t.sign_in(), "", "", "");
    let demo_accounts =
        demo.into_iter().map(|account| DemoAccountLine { role_label: role_words(t, &account.role), account }).collect();
    let LoginInput { error, notice, next, username, typed } = input;
    let page = LoginPage {
        chrome,
        error,
        notice,
        next,
        username,
        typed,
        demo_accounts,
        demo_password: ntm_app::demo::DEMO_PASSWORD,
    };
    let mut res = html(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

async fn login_form(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let next = q.next.unwrap_or_else(|| "/".into());
    let demo = app.demo_accounts(v.lang).await?;
    let input = LoginInput { error: None, notice: None, next, username: String::new(), typed: Vec::new() };
    render_login(&v, input, StatusCode::OK, demo)
}

/// Where someone lands after signing in without a page to return to: the standing office, the
/// administrator and a viewer on the overview; a commune officer on their commune's page (with
/// its entry form); an agency officer on the overview's list of their agency's criteria; an account
/// linked to a Steering Committee member on the member's board.
fn landing(app: &App, user: &ntm_app::User) -> String {
    // An account linked to a Steering Committee member lands on the member's own board.
    if let Some(code) = app.member_of_user(user.id) {
        return format!("/board/members/{}", encode(&code));
    }
    match (user.principal.role, user.principal.unit) {
        (Role::Commune, Some(unit)) => {
            let live = app.live();
            let u = live.tree.unit(unit);
            let at = (live.tree.all_with_code(&u.code).len() > 1)
                .then(|| u.valid_from.or(u.valid_to).map(|d| format!("?at={d}")))
                .flatten()
                .unwrap_or_default();
            format!("/units/{}{at}", encode(&u.code))
        }
        (Role::Agency, _) => "/#my-criteria".into(),
        _ => "/".into(),
    }
}

async fn login(
    State(app): State<Arc<App>>,
    v: Visitor,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let username = posted_text(&form, "username");
    let next = crate::chrome::safe_next(posted(&form, "next"));
    let t = v.t();
    // Only an entry form's values come back through the sign-in page, and only for an entry form.
    let typed = if crate::entry::entry_address(&next).is_some() { typed_fields(&form) } else { Vec::new() };
    match app.login(&username, posted(&form, "password"), &v.address).await {
        Ok((token, user)) => {
            let user_for_landing = user.clone();
            let restored = match typed.is_empty() {
                true => None,
                false => restore_after_sign_in(&app, v, user, &next, &typed).await,
            };
            let to = if next == "/" { landing(&app, &user_for_landing) } else { next };
            let res = restored.unwrap_or_else(|| Redirect::to(&to).into_response());
            Ok(with_session(res, Some(&token), app.config.secure_cookies))
        }
        Err(e) => {
            let (status, error) = match e {
                AppError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, t.login_limited()),
                AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, t.login_failed()),
                other => return Err(other.into()),
            };
            let notice = (!typed.is_empty()).then(|| t.session_expired_kept());
            let demo = app.demo_accounts(v.lang).await?;
            let input = LoginInput { error: Some(error.into()), notice, next, username, typed };
            render_login(&v, input, status, demo)
        }
    }
}

async fn logout(
    State(app): State<Arc<App>>,
    SignedInForm { visitor: v, .. }: SignedInForm<Nothing>,
) -> Result<Response, WebError> {
    let user = v.require_user()?;
    app.logout(user).await?;
    Ok(with_session(Redirect::to("/").into_response(), None, app.config.secure_cookies))
}
