//! The query string and the posted form of a request, read into a struct; one that does not fit
//! (`?page=abc`, a repeated parameter, a body that is not a form) gets our error page in the
//! visitor's language, or a JSON error under `/api/`, instead of the framework's English text.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::WebError;
use crate::i18n::T;
use crate::session::{VisitorLang, early_lang};

/// The visitor's language: as the `Visitor` extractor settled it (the account's own included),
/// else from the address and the cookie.
fn lang_of(
    extensions: &axum::http::Extensions,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
) -> ntm_domain::Lang {
    extensions.get::<VisitorLang>().map_or_else(|| early_lang(uri, headers), |l| l.0)
}

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
            Err(_) => {
                let lang = lang_of(&parts.extensions, &parts.uri, &parts.headers);
                Err(WebError::BadRequest(lang, T { lang }.bad_query().into()))
            }
        }
    }
}

/// Like `axum::Form`, with our rejection.
pub struct Form<F>(pub F);

impl<F: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<F> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Form<F>, WebError> {
        let lang = lang_of(req.extensions(), req.uri(), req.headers());
        match axum::Form::<F>::from_request(req, state).await {
            Ok(axum::Form(f)) => Ok(Form(f)),
            // The framework's status (415 not a form, 413 too large, 422 fields that do not fit)
            // with our page.
            Err(rejection) => Err(WebError::Refused(rejection.status(), lang, T { lang }.bad_form().into())),
        }
    }
}
