//! Errors at the HTTP boundary: a page in the visitor's language with the right status; internal
//! details are logged, never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ntm_app::AppError;
use ntm_domain::Lang;

use crate::chrome::Chrome;
use crate::i18n::T;

#[derive(Debug)]
pub enum WebError {
    NotFound(Lang),
    Forbidden(Lang),
    /// A form posted from another site.
    CrossSite(Lang),
    /// Refused with this status and message (a form that cannot be read, the server busy).
    Refused(StatusCode, Lang, String),
    BadRequest(Lang, String),
    /// Sign in first; back to `next` afterwards.
    SignIn(String),
    Internal(Lang, String),
    /// For the API: a JSON error.
    Api(StatusCode, &'static str),
}

impl WebError {
    pub fn from_app(e: AppError, lang: Lang, next: &str) -> WebError {
        match e {
            AppError::NotFound => WebError::NotFound(lang),
            AppError::Forbidden => WebError::Forbidden(lang),
            AppError::Unauthenticated => WebError::SignIn(next.to_string()),
            AppError::Invalid(errors) => WebError::BadRequest(lang, errors.render(lang)),
            AppError::RateLimited => WebError::BadRequest(lang, T { lang }.login_limited().into()),
            other => WebError::Internal(lang, other.to_string()),
        }
    }

    pub fn api(e: AppError) -> WebError {
        match e {
            AppError::NotFound => WebError::Api(StatusCode::NOT_FOUND, "not found"),
            AppError::Forbidden => WebError::Api(StatusCode::FORBIDDEN, "forbidden"),
            AppError::Unauthenticated => WebError::Api(StatusCode::UNAUTHORIZED, "sign in required"),
            AppError::Invalid(_) => WebError::Api(StatusCode::BAD_REQUEST, "invalid input"),
            AppError::RateLimited => WebError::Api(StatusCode::TOO_MANY_REQUESTS, "too many attempts"),
            other => {
                eprintln!("ntm: internal error: {other}");
                WebError::Api(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    message: String,
}

/// An error page still to be rendered: the guard renders it, knowing whether the server runs on
/// illustrative data (whose banner belongs on every page, error pages too).
#[derive(Clone, Debug)]
pub(crate) struct PendingErrorPage {
    lang: Lang,
    message: String,
}

fn page(status: StatusCode, lang: Lang, message: String) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(PendingErrorPage { lang, message });
    res
}

/// Renders a pending error page (any other response is returned as it is).
pub(crate) fn render_error_page(res: Response, demo: bool) -> Response {
    let Some(PendingErrorPage { lang, message }) = res.extensions().get::<PendingErrorPage>().cloned() else {
        return res;
    };
    let (parts, _) = res.into_parts();
    let mut chrome = Chrome::bare(lang, &message);
    chrome.demo = demo;
    match (ErrorPage { chrome, message }).render() {
        Ok(html) => {
            let mut res = Html(html).into_response();
            *res.status_mut() = parts.status;
            for (name, value) in &parts.headers {
                if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
                    res.headers_mut().append(name, value.clone());
                }
            }
            res
        }
        Err(_) => parts.status.into_response(),
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound(lang) => page(StatusCode::NOT_FOUND, lang, T { lang }.not_found().into()),
            WebError::Forbidden(lang) => page(StatusCode::FORBIDDEN, lang, T { lang }.forbidden().into()),
            WebError::CrossSite(lang) => page(StatusCode::FORBIDDEN, lang, T { lang }.cross_site().into()),
            WebError::Refused(status, lang, message) => page(status, lang, message),
            WebError::BadRequest(lang, message) => page(StatusCode::BAD_REQUEST, lang, message),
            WebError::SignIn(next) => {
                let next = crate::chrome::safe_next(&next);
                Redirect::to(&format!("/login?next={}", crate::chrome::encode(&next))).into_response()
            }
            WebError::Internal(lang, detail) => {
                eprintln!("ntm: internal error: {detail}");
                page(StatusCode::INTERNAL_SERVER_ERROR, lang, T { lang }.server_error().into())
            }
            WebError::Api(status, message) => {
                (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
            }
        }
    }
}
