//! Account pages: the administrator's (the list, adding an account, setting a password, locking)
//! and everyone's own (changing one's password).
//! The rules (who may, what is a valid account) live in `ntm_app::accounts`.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};

use crate::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ntm_app::App;
use ntm_app::accounts::{AccountField, AccountRow, AccountSpec, PasswordProblem, UserError};
use ntm_domain::{Lang, Level, Role};
use serde::Deserialize;

use crate::chrome::{Chrome, encode};
use crate::error::WebError;
use crate::i18n::T;
use crate::pages::html;
use crate::session::{Visitor, posted, posted_text, with_session};

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
#[template(path = "accounts.html")]
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
    let t = T { lang: v.lang };
    let rows = app.accounts(user).await.map_err(|e| WebError::from_app(e, v.lang, &v.path_and_query))?;
    let mut summary = Vec::new();
    let mut errors = FieldErrors::default();
    for e in &failure.errors {
        let message = e.message(v.lang);
        let slot = match e.field() {
            Some(AccountField::Username) => &mut errors.username,
            Some(AccountField::DisplayName) => &mut errors.display_name,
            Some(AccountField::Role) => &mut errors.role,
            Some(AccountField::Unit) => &mut errors.unit,
            Some(AccountField::Agency) => &mut errors.agency,
            Some(AccountField::Password) => &mut errors.password,
            None => return Err(WebError::Internal(v.lang, message)),
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
                    summary.push((format!("u-{}", i + 1), format!("{}: {}", row.username, e.message(v.lang))));
                    Some(e.message(v.lang))
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
                let date = |d: ntm_domain::Date| match v.lang {
                    Lang::Vi => d.to_vietnamese(),
                    Lang::En => d.to_string(),
                };
                let until = u.valid_to.map(|d| format!(" — {} {}", t.until(), date(d))).unwrap_or_default();
                (u.code.clone(), format!("{} ({}){until}", u.name, u.code))
            })
            .collect();
        communes.sort();
        communes.dedup_by(|a, b| a.0 == b.0);
        if communes.len() > MAX_LISTED_COMMUNES {
            communes.clear();
        }
        let agencies = live.agencies.iter().map(|a| (a.code.clone(), a.name.clone())).collect();
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
    let mut res = html(&page, v.lang)?;
    *res.status_mut() = status;
    Ok(res)
}

/// The list, with what was just done.
pub async fn accounts(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let t = T { lang: v.lang };
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
fn row_failure(e: UserError, username: String, v: &Visitor) -> Result<Failure, WebError> {
    match e {
        UserError::App(e) => Err(WebError::from_app(e, v.lang, &v.path_and_query)),
        UserError::UnknownUser(_) => Err(WebError::NotFound(v.lang)),
        other => Ok(Failure { reset: Some((username, other)), ..Failure::default() }),
    }
}

/// Adds an account; every problem is shown beside its field and nothing is added.
pub async fn add(
    State(app): State<Arc<App>>,
    v: Visitor,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = v.require_form_user(&form)?;
    let input = AccountInput {
        username: posted_text(&form, "username"),
        display_name: posted_text(&form, "display_name"),
        role: posted_text(&form, "role"),
        unit: posted_text(&form, "unit"),
        agency: posted_text(&form, "agency"),
        lang: posted_text(&form, "lang"),
    };
    // The password is taken as typed: spaces may be part of it.
    let password = posted(&form, "password");
    let spec = AccountSpec {
        username: &input.username,
        display_name: &input.display_name,
        password,
        role: &input.role,
        unit_code: Some(input.unit.as_str()),
        agency_code: Some(input.agency.as_str()),
        lang: Lang::from_code(&input.lang),
    };
    match app.add_account(user, &spec).await.map_err(|e| WebError::from_app(e, v.lang, "/users"))? {
        Ok(_) => Ok(done("added", &input.username)),
        Err(errors) => {
            if let Some(e) = errors.iter().find_map(|e| match e {
                UserError::App(e) => Some(e.to_string()),
                _ => None,
            }) {
                return Err(WebError::Internal(v.lang, e));
            }
            page(&app, &v, None, Failure { input, errors, reset: None }).await
        }
    }
}

/// Sets another person's password; their sessions end.
pub async fn set_password(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(username): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = v.require_form_user(&form)?;
    let password = posted(&form, "password");
    match app.reset_password(user, &username, password).await {
        Ok(()) => Ok(done("password", &username)),
        Err(e) => page(&app, &v, None, row_failure(e, username, &v)?).await,
    }
}

async fn lock_or_unlock(
    app: &App,
    v: &Visitor,
    username: String,
    form: &[(String, String)],
    locked: bool,
) -> Result<Response, WebError> {
    let user = v.require_form_user(form)?;
    match app.lock_account(user, &username, locked).await {
        Ok(()) => Ok(done(if locked { "locked" } else { "unlocked" }, &username)),
        Err(e) => page(app, v, None, row_failure(e, username, v)?).await,
    }
}

/// Locks an account (its sessions end); not one's own.
pub async fn lock(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(username): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    lock_or_unlock(&app, &v, username, &form, true).await
}

pub async fn unlock(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(username): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    lock_or_unlock(&app, &v, username, &form, false).await
}

#[derive(Template)]
#[template(path = "my_account.html")]
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
    let t = T { lang: v.lang };
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
    let mut res = html(&page, v.lang)?;
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
pub async fn my_account(v: Visitor, Query(q): Query<MyAccountQuery>) -> Result<Response, WebError> {
    my_account_page(&v, q.done.is_some(), &[])
}

/// Changes one's own password; every other session ends and this browser gets a new one.
pub async fn change_my_password(
    State(app): State<Arc<App>>,
    v: Visitor,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = v.require_form_user(&form)?;
    let changed = app
        .change_own_password(
            user,
            posted(&form, "current"),
            posted(&form, "new_password"),
            posted(&form, "confirm"),
            &v.address,
        )
        .await
        .map_err(|e| WebError::from_app(e, v.lang, "/account"))?;
    match changed {
        Ok((token, _)) => {
            Ok(with_session(Redirect::to("/account?done=1").into_response(), Some(&token), app.config.secure_cookies))
        }
        Err(problems) => my_account_page(&v, false, &problems),
    }
}
