//! Errors at the HTTP boundary. Handlers return them with `?`; the page is made by the guard
//! (`session::guard`), which knows the reader's language and whether the data are illustrative:
//! our page with the right status, or a JSON error under `/api/`. Internal details are logged,
//! never shown.

use std::sync::Arc;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ntm_app::AppError;
use ntm_domain::Lang;
use ntm_store::StoreError;
use ntm_text::T;

use crate::chrome::Chrome;
use crate::log;

/// A message to be worded in the reader's language when the page is made.
#[derive(Clone)]
pub struct Said(Arc<dyn Fn(T) -> String + Send + Sync>);

impl Said {
    pub fn new(f: impl Fn(T) -> String + Send + Sync + 'static) -> Said {
        Said(Arc::new(f))
    }

    /// One of the fixed messages (`T::bad_query`).
    pub fn of(f: fn(&T) -> &'static str) -> Said {
        Said::new(move |t| f(&t).to_string())
    }

    pub fn in_lang(&self, lang: Lang) -> String {
        (self.0)(T { lang })
    }
}

impl std::fmt::Debug for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

#[derive(Debug)]
pub enum WebError {
    NotFound,
    Forbidden,
    /// A form posted from another site.
    CrossSite,
    /// A request naming a host this server does not answer to (DNS rebinding).
    UnknownHost,
    /// Refused with this status and message (a form that cannot be read, the server busy).
    Refused(StatusCode, Said),
    BadRequest(Said),
    /// Sign in first; back to the page asked for afterwards.
    SignIn,
    Internal(String),
    /// For the API: a JSON error with this reason.
    Api(StatusCode, &'static str),
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> WebError {
        match e {
            AppError::NotFound => WebError::NotFound,
            AppError::Forbidden => WebError::Forbidden,
            AppError::Unauthenticated => WebError::SignIn,
            AppError::Invalid(errors) => {
                let errors = Arc::new(errors);
                WebError::BadRequest(Said::new(move |t| errors.render(t.lang)))
            }
            AppError::RateLimited => WebError::BadRequest(Said::of(T::login_limited)),
            // The database cannot take the change now: the page says so, and that trying again
            // later is the way (503), rather than a system error.
            AppError::Store(StoreError::Full(detail)) => {
                log::event(log::Level::Error, "database-full", &[("detail", &detail)]);
                WebError::Refused(StatusCode::SERVICE_UNAVAILABLE, Said::of(T::database_full))
            }
            AppError::Store(StoreError::Unavailable(detail)) => {
                log::event(log::Level::Error, "database-unreachable", &[("detail", &detail)]);
                WebError::Refused(StatusCode::SERVICE_UNAVAILABLE, Said::of(T::database_unreachable))
            }
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> WebError {
        WebError::Internal(e.to_string())
    }
}

#[derive(Template)]
#[template(path = "shell/error.html")]
struct ErrorPage {
    chrome: Chrome,
    message: String,
    /// On a server's error (5xx): the request's id, for the official to quote to the
    /// administrator, who finds its log lines by it.
    request_id: Option<String>,
}

/// What a response still needs from the guard: an error page, or the sign-in redirect.
#[derive(Clone, Debug)]
pub(crate) enum Pending {
    Page { message: Said },
    SignIn,
}

fn pending(status: StatusCode, message: Said) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(Pending::Page { message });
    res
}

/// The reason the API gives for a status.
fn api_reason(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not found",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::UNAUTHORIZED => "sign in required",
        StatusCode::TOO_MANY_REQUESTS => "too many attempts",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable now; try again later",
        s if s.is_server_error() => "internal error",
        _ => "invalid input",
    }
}

/// Makes what a response still needs: an error page in `lang` (with the demo banner when the
/// data are illustrative), a JSON error under `/api/`, or the redirect to sign in and back to
/// `path_and_query`. Any other response is returned as it is.
pub(crate) fn finish(res: Response, lang: Lang, demo: bool, path_and_query: &str) -> Response {
    let Some(p) = res.extensions().get::<Pending>().cloned() else { return res };
    let api = path_and_query.starts_with("/api/");
    let (parts, _) = res.into_parts();
    match p {
        Pending::SignIn if api => api_error(StatusCode::UNAUTHORIZED, "sign in required"),
        Pending::SignIn => {
            let next = crate::chrome::safe_next(path_and_query);
            Redirect::to(&format!("/login?next={}", crate::chrome::encode(&next))).into_response()
        }
        Pending::Page { .. } if api => api_error(parts.status, api_reason(parts.status)),
        Pending::Page { message } => {
            let message = message.in_lang(lang);
            let mut chrome = Chrome::bare(lang, &message);
            chrome.demo = demo;
            let request_id = log::request_id().filter(|_| parts.status.is_server_error());
            match (ErrorPage { chrome, message, request_id }).render() {
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
    }
}

fn api_error(status: StatusCode, reason: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": reason }))).into_response()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => pending(StatusCode::NOT_FOUND, Said::of(T::not_found)),
            WebError::Forbidden => pending(StatusCode::FORBIDDEN, Said::of(T::forbidden)),
            WebError::CrossSite => pending(StatusCode::FORBIDDEN, Said::of(T::cross_site)),
            WebError::UnknownHost => pending(StatusCode::MISDIRECTED_REQUEST, Said::of(T::unknown_host)),
            WebError::Refused(status, message) => pending(status, message),
            WebError::BadRequest(message) => pending(StatusCode::BAD_REQUEST, message),
            WebError::SignIn => {
                let mut res = StatusCode::SEE_OTHER.into_response();
                res.extensions_mut().insert(Pending::SignIn);
                res
            }
            WebError::Internal(detail) => {
                log::event(log::Level::Error, "internal-error", &[("detail", &detail)]);
                pending(StatusCode::INTERNAL_SERVER_ERROR, Said::of(T::server_error))
            }
            WebError::Api(status, reason) => api_error(status, reason),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    async fn page(e: AppError, lang: Lang, path: &str) -> (StatusCode, String) {
        let res = finish(WebError::from(e).into_response(), lang, false, path);
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    /// A database that cannot take a change now (its disk full, its server down) is told in the
    /// reader's words with 503, not as a system error; the API says 503 too.
    #[tokio::test]
    async fn a_full_or_unreachable_database_is_said_in_words() {
        for lang in [Lang::Vi, Lang::En] {
            let t = T { lang };
            let (status, html) =
                page(AppError::Store(StoreError::Full("no space".into())), lang, "/entry/03406/2024/4").await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(html.contains(&t.database_full().replace('\'', "&#39;")), "{html}");
            assert!(!html.contains(t.server_error()) && !html.contains("no space"), "no detail shown");
            let (status, html) = page(AppError::Store(StoreError::Unavailable("refused".into())), lang, "/").await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(html.contains(t.database_unreachable()), "{html}");
        }
        let (status, json) = page(AppError::Store(StoreError::Full("x".into())), Lang::Vi, "/api/v1/units").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(json.contains("try again later"), "{json}");
    }

    /// A server's error page (5xx) gives the request's id for the official to quote to the
    /// administrator, in the reader's words; a refusal of the reader's own input does not need it.
    #[tokio::test]
    async fn a_server_error_page_shows_the_request_id() {
        let id = "0123456789ab".to_string();
        for lang in [Lang::Vi, Lang::En] {
            let (status, html) = crate::log::REQUEST_ID
                .scope(id.clone(), page(AppError::Store(StoreError::Unavailable("down".into())), lang, "/"))
                .await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(html.contains(&T { lang }.request_id(&id)), "{html}");
            let (status, html) =
                crate::log::REQUEST_ID.scope(id.clone(), page(AppError::Internal("bug".into()), lang, "/")).await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(html.contains(&id) && !html.contains("bug"), "{html}");
            let (status, html) = crate::log::REQUEST_ID.scope(id.clone(), page(AppError::NotFound, lang, "/")).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert!(!html.contains(&id), "{html}");
        }
        let (status, json) = page(AppError::Store(StoreError::Full("x".into())), Lang::Vi, "/api/v1/units").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(json.contains("try again later"), "{json}");
    }
}
