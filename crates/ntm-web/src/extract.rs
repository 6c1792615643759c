//! The query string and the posted form of a request, read into a struct; one that does not fit
//! (`?page=abc`, a repeated parameter, a body that is not a form) gets our error page in the
//! visitor's language, or a JSON error under `/api/`, instead of the framework's English text.
//! (The language is settled when the page is made: see `error::finish`.)

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use ntm_text::T;

use crate::error::{Said, WebError};

/// Like `axum::extract::Query`, with our rejection.
pub struct Query<Q>(pub Q);

impl<Q: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<Q> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Query<Q>, WebError> {
        match axum::extract::Query::<Q>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(q)) => Ok(Query(q)),
            Err(_) if parts.uri.path().starts_with("/api/") => {
                Err(WebError::Api(StatusCode::BAD_REQUEST, "the query string does not fit this endpoint"))
            }
            Err(_) => Err(WebError::BadRequest(Said::of(T::bad_query))),
        }
    }
}

/// Like `axum::Form`, with our rejection.
pub struct Form<F>(pub F);

impl<F: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<F> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Form<F>, WebError> {
        match axum::Form::<F>::from_request(req, state).await {
            Ok(axum::Form(f)) => Ok(Form(f)),
            // The framework's status (415 not a form, 413 too large, 422 fields that do not fit)
            // with our page.
            Err(rejection) => Err(WebError::Refused(rejection.status(), Said::of(T::bad_form))),
        }
    }
}
