//! Who is asking: the session cookie, the language, the signed-in form post, and the guard every
//! request passes (security headers; cross-site form posts refused; error pages made).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ntm_app::{App, User};
use ntm_domain::Lang;

use crate::error::{Said, WebError};
use ntm_text::T;

pub const SESSION_COOKIE: &str = "ntm_session";
pub const LANG_COOKIE: &str = "ntm_lang";

/// The visitor of one request.
pub struct Visitor {
    pub user: Option<User>,
    pub lang: Lang,
    pub path_and_query: String,
    pub demo: bool,
    pub address: String,
    pub public_read: bool,
    /// The set shown when none is chosen (links leave it out).
    pub default_set: String,
}

pub fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn query_lang(parts: &Parts) -> Option<Lang> {
    parts.uri.query()?.split('&').find_map(|kv| kv.strip_prefix("lang=")).map(Lang::from_code)
}

/// Where the `Visitor` extractor leaves the language it settled on for the guard, which words
/// the error pages after the handler has run.
#[derive(Clone, Debug, Default)]
pub(crate) struct LangSlot(Arc<std::sync::OnceLock<Lang>>);

/// The language of a request before its session is known: `?lang=`, else the cookie.
pub(crate) fn early_lang(uri: &axum::http::Uri, headers: &HeaderMap) -> Lang {
    let from_query =
        uri.query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang="))).map(Lang::from_code);
    from_query.or_else(|| cookies(headers).get(LANG_COOKIE).map(|l| Lang::from_code(l))).unwrap_or_default()
}

impl FromRequestParts<Arc<App>> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Visitor, WebError> {
        let jar = cookies(&parts.headers);
        let cookie_lang = jar.get(LANG_COOKIE).map(|l| Lang::from_code(l));
        let early = query_lang(parts).or(cookie_lang).unwrap_or_default();
        let slot = parts.extensions.get::<LangSlot>().cloned();
        let settle = |lang: Lang| {
            if let Some(s) = &slot {
                let _ = s.0.set(lang);
            }
        };
        if let Err(e) = app.refresh_if_due().await {
            settle(early);
            return Err(e.into());
        }
        let user = match jar.get(SESSION_COOKIE) {
            Some(token) if !token.is_empty() => match app.user_for_token(token).await {
                Ok(u) => u,
                Err(e) => {
                    settle(early);
                    return Err(e.into());
                }
            },
            _ => None,
        };
        // Vietnamese first: the browser's Accept-Language is not consulted (many officials run an
        // English-locale system); the switch, a `?lang=`, or the user's profile choose English.
        let lang = query_lang(parts).or(cookie_lang).or_else(|| user.as_ref().map(|u| u.lang)).unwrap_or_default();
        // For the guard's error pages (a query or form that does not fit is refused in it too).
        settle(lang);
        // For the request's log line: the account's id, never its name.
        if let (Some(slot), Some(u)) = (parts.extensions.get::<crate::log::AccountSlot>(), &user) {
            let _ = slot.0.set(u.id);
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let address = client_address(app.config.trust_forwarded_for, forwarded, peer);
        Ok(Visitor {
            user,
            lang,
            path_and_query: parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into()),
            demo: app.config.demo,
            address,
            public_read: app.config.public_read,
            default_set: app.config.default_set.clone(),
        })
    }
}

impl Visitor {
    /// Refuses reading when reading is not public and nobody is signed in.
    pub fn require_read(&self) -> Result<(), WebError> {
        if self.public_read || self.user.is_some() { Ok(()) } else { Err(WebError::SignIn) }
    }

    pub fn require_user(&self) -> Result<&User, WebError> {
        self.user.as_ref().ok_or(WebError::SignIn)
    }

    /// Checks the form's CSRF token against the session's.
    pub fn check_csrf(&self, form: &[(String, String)]) -> Result<(), WebError> {
        match (&self.user, posted(form, "csrf")) {
            (Some(u), token) if !u.csrf_token.is_empty() && token == u.csrf_token => Ok(()),
            _ => Err(WebError::BadRequest(Said::of(T::csrf_failed))),
        }
    }

    /// The words of this visitor's language.
    pub fn t(&self) -> T {
        T { lang: self.lang }
    }
}

/// A form of ours posted by a signed-in user: sign in first, and the form's CSRF token must be
/// the session's; then the fields, read into `F` (text fields cleaned: see [`Text`]).
pub struct SignedInForm<F> {
    pub visitor: Visitor,
    pub form: F,
}

impl<F: serde::de::DeserializeOwned> axum::extract::FromRequest<Arc<App>> for SignedInForm<F> {
    type Rejection = WebError;

    async fn from_request(req: Request, app: &Arc<App>) -> Result<SignedInForm<F>, WebError> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, app).await?;
        let req = Request::from_parts(parts, body);
        let crate::extract::Form(fields) =
            crate::extract::Form::<Vec<(String, String)>>::from_request(req, app).await?;
        visitor.require_user()?;
        visitor.check_csrf(&fields)?;
        refuse_over_long(&fields)?;
        // Read by the rules of a browser's form (serde_urlencoded, as axum's `Form`): an optional
        // field present is `Some` — a plain map of strings cannot give an `Option` and refused
        // every form with one.
        let rest: Vec<(String, String)> = fields.into_iter().filter(|(k, _)| k != "csrf").collect();
        let form = serde_urlencoded::to_string(&rest)
            .ok()
            .and_then(|encoded| serde_urlencoded::from_str::<F>(&encoded).ok())
            .ok_or(WebError::Refused(axum::http::StatusCode::UNPROCESSABLE_ENTITY, Said::of(T::bad_form)))?;
        Ok(SignedInForm { visitor, form })
    }
}

/// The fields of a form that carry a whole file (a CSV pasted or uploaded in a field), read as
/// a file: each of the file's own fields is bounded by its reader.
const FILE_FIELDS: [&str; 1] = ["csv"];

/// Refuses a form with a field far longer (twice) than the longest text anything stores
/// ([`ntm_io::text::Bound::Paragraph`]): it could never be saved, and a form shown back with it
/// would grow with it (issue 11). Says which field and how long it may be. A text only a little
/// too long is left to its form, which keeps it beside its field's message to be shortened.
pub(crate) fn refuse_over_long(fields: &[(String, String)]) -> Result<(), WebError> {
    let max = ntm_io::text::Bound::Paragraph.max();
    let long = fields
        .iter()
        .find(|(k, v)| !FILE_FIELDS.contains(&k.as_str()) && v.len() > 2 * max && v.chars().count() > 2 * max);
    match long {
        None => Ok(()),
        Some((name, _)) => {
            // The name as the visitor's page could have sent it, never longer than a label.
            let field: String = name.chars().take(64).collect();
            Err(WebError::Refused(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Said::new(move |t| t.form_field_too_long(&field, max)),
            ))
        }
    }
}

/// A text field as posted, NFC-normalised and with its spaces collapsed (`ntm_io::text::clean`).
/// Passwords are read as `String`, exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(|s| Text(ntm_io::text::clean(&s)))
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// A posted field exactly as sent (passwords), or "" when absent.
pub fn posted<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// A posted text field, NFC-normalised and trimmed.
pub fn posted_text(form: &[(String, String)], name: &str) -> String {
    ntm_io::text::clean(posted(form, name))
}

/// Session cookie: HttpOnly, SameSite=Lax, and Secure when configured.
pub fn session_cookie(token: &str, secure: bool, max_age: i64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The response, setting the session cookie to `token` (for as long as a session may last), or
/// removing it when `token` is `None`.
pub fn with_session(mut res: Response, token: Option<&str>, secure: bool) -> Response {
    let max_age = if token.is_some() { ntm_app::accounts::SESSION_MAX_MS / 1000 } else { 0 };
    if let Ok(h) = HeaderValue::from_str(&session_cookie(token.unwrap_or(""), secure, max_age)) {
        res.headers_mut().append(header::SET_COOKIE, h);
    }
    res
}

/// Every response gets the security headers; a form post from another site is refused; error
/// pages are made here, in the language the visitor's request settled (else the address's and
/// the cookie's), with the demo banner when the data are illustrative.
pub async fn guard(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let early = early_lang(req.uri(), req.headers());
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let slot = LangSlot::default();
    req.extensions_mut().insert(slot.clone());
    let signed_in = cookies(req.headers()).get(SESSION_COOKIE).is_some_and(|t| !t.is_empty());
    let res = if !allowed_host(req.headers(), &app.config.public_hosts) {
        WebError::UnknownHost.into_response()
    } else if req.method() == Method::POST && !same_origin(req.headers()) {
        WebError::CrossSite.into_response()
    } else {
        next.run(req).await
    };
    let lang = slot.0.get().copied().unwrap_or(early);
    let mut res = crate::error::finish(res, lang, app.config.demo, &path_and_query);
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // What a signed-in visitor sees (forms with their token, accounts, the log, histories) and
    // every answer that sets a cookie stays out of every cache, the browser's included.
    if (signed_in || h.contains_key(header::SET_COOKIE)) && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Whether the request names a host this server answers to: `localhost`, an IP address (IPv4,
/// or IPv6 in brackets), or a configured public name. A page of another site whose name was
/// re-pointed at this address (DNS rebinding) names its own host and is refused. A request with
/// no `Host` (HTTP/1.0, in-process) is let through.
fn allowed_host(h: &HeaderMap, public_hosts: &[String]) -> bool {
    let Some(host) = h.get(header::HOST) else { return true };
    let Ok(host) = host.to_str() else { return false };
    host_allowed(host, public_hosts)
}

/// Whether a `Host` header's value names this server (see [`allowed_host`]).
pub fn host_allowed(host: &str, public_hosts: &[String]) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => return v6.split(']').next().is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok()),
        None => host
            .rsplit_once(':')
            .map_or(host, |(n, port)| if port.bytes().all(|b| b.is_ascii_digit()) { n } else { host }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.parse::<std::net::Ipv4Addr>().is_ok()
        || public_hosts.iter().any(|p| p.trim_end_matches('.').eq_ignore_ascii_case(&name))
}

/// A POST is same-origin when the browser says so (Sec-Fetch-Site), or its Origin names our
/// host; requests without either header (command-line clients) are let through, and rely on the
/// form's CSRF token.
fn same_origin(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (h.get(header::ORIGIN).and_then(|v| v.to_str().ok()), h.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split("://").nth(1).is_some_and(|o| o == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// The visitor's address for the sign-in limits: the connection's peer; behind a trusted proxy
/// (`--trust-forwarded-for`), the right-most address of `X-Forwarded-For` — the one the proxy
/// appended. The ones before it are whatever the client wrote, and a client could write a new
/// one on every attempt.
pub fn client_address(trust_forwarded_for: bool, forwarded: Option<&str>, peer: Option<String>) -> String {
    let from_proxy = trust_forwarded_for
        .then_some(forwarded)
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(|ip| ip.trim().to_string())
        .filter(|ip| !ip.is_empty());
    from_proxy.or(peer).unwrap_or_else(|| "local".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_hosts_the_server_answers_to_are_let_in() {
        let with = |host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            h
        };
        let public = ["ntm.laichau.gov.vn".to_string()];
        for ok in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:80",
            "10.1.2.3",
            "[::1]:8080",
            "ntm.laichau.gov.vn",
            "NTM.LaiChau.gov.vn.",
        ] {
            assert!(allowed_host(&with(ok), &public), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:8080",
            "ntm.laichau.gov.vn.evil.example",
            "[nonsense]",
            "127.0.0.1.evil.example",
        ] {
            assert!(!allowed_host(&with(refused), &public), "{refused}");
        }
        assert!(allowed_host(&HeaderMap::new(), &[]), "no Host: HTTP/1.0 or in-process");
    }

    #[test]
    fn cross_site_posts_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&h), "no Origin: a command-line client");
        h.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://evil.example"));
        assert!(!same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h));
    }

    #[test]
    fn cookies_are_read_from_every_cookie_header() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; ntm_lang=en"));
        h.append(header::COOKIE, HeaderValue::from_static("ntm_session=abc"));
        let c = cookies(&h);
        assert_eq!(c.get("ntm_lang").map(String::as_str), Some("en"));
        assert_eq!(c.get("ntm_session").map(String::as_str), Some("abc"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_address_it_appended_counts_not_what_the_client_wrote() {
        let peer = || Some("10.0.0.1".to_string());
        assert_eq!(client_address(true, Some("6.6.6.6, 203.0.113.7"), peer()), "203.0.113.7");
        assert_eq!(client_address(true, Some("203.0.113.7"), peer()), "203.0.113.7");
        assert_eq!(client_address(true, None, peer()), "10.0.0.1");
        assert_eq!(client_address(true, Some(" , "), peer()), "10.0.0.1");
        // Not trusted: the header is the client's own words.
        assert_eq!(client_address(false, Some("203.0.113.7"), peer()), "10.0.0.1");
        assert_eq!(client_address(false, None, None), "local");
    }
}
