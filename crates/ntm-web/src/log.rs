//! The server's log (issue 11, operations): one line per event on standard error, in logfmt —
//! `key=value` pairs separated by spaces, a value in double quotes when it holds a space, a quote,
//! an `=` or nothing (`\"`, `\\` and `\n` escaped inside) — always beginning
//! `time=<UTC, RFC 3339, milliseconds> level=<info|warn|error>`, then `id=<request id>` when the
//! line is about a request, then `event=<a fixed code>` and the event's own keys.
//!
//! Every request gets an id (12 hexadecimal characters from the system's random source; never
//! taken from the client), returned in the `X-Request-Id` header, shown on the 5xx error pages,
//! and carried by every line written while the request is served (a task-local value). Its own
//! line (`event=request`) gives the method, the path without the query string (a query may carry
//! search words), the status, the time to the response's head in milliseconds, the signed-in
//! account's id (never a name or an e-mail) and the client's address as the server sees it
//! (behind a trusted proxy, the one it appended). Bodies — forms, passwords — are never logged.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use ntm_app::App;

/// The response header that carries the request's id.
pub const HEADER: &str = "x-request-id";

tokio::task_local! {
    pub(crate) static REQUEST_ID: String;
}

/// How much a line matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn code(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// The id of the request being served by this task, if any.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// A new request id: 12 hexadecimal characters from the system's random source (a counter and the
/// clock should that fail, still unique within the process).
pub fn new_id() -> String {
    let mut bytes = [0u8; 6];
    if getrandom::fill(&mut bytes).is_err() {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed) ^ (u64::try_from(ntm_store::now_ms()).unwrap_or(0) << 16);
        bytes.copy_from_slice(&n.to_be_bytes()[2..]);
    }
    bytes.iter().fold(String::with_capacity(12), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Writes one line: the time, `level`, the request's id if a request is being served, `event`,
/// then `fields` in their order.
pub fn event(level: Level, event: &str, fields: &[(&str, &dyn std::fmt::Display)]) {
    let line = format_line(ntm_store::now_ms(), level, request_id().as_deref(), event, fields);
    if let Some(kept) = KEPT.get()
        && let Ok(mut kept) = kept.lock()
    {
        kept.push(line.clone());
    }
    // One write of the whole line: lines of several threads never mix.
    let _ = std::io::stderr().lock().write_all(format!("{line}\n").as_bytes());
}

/// Lines kept in memory besides standard error, once [`keep_lines`] is called (tests read them).
static KEPT: OnceLock<Mutex<Vec<String>>> = OnceLock::new();

/// From now on, also keep every line in memory, for [`kept_lines`] (tests).
pub fn keep_lines() {
    let _ = KEPT.set(Mutex::new(Vec::new()));
}

/// The lines kept since [`keep_lines`].
pub fn kept_lines() -> Vec<String> {
    KEPT.get().and_then(|k| k.lock().ok().map(|l| l.clone())).unwrap_or_default()
}

fn format_line(
    ms: i64,
    level: Level,
    id: Option<&str>,
    event: &str,
    fields: &[(&str, &dyn std::fmt::Display)],
) -> String {
    // Always with milliseconds, so that every line's time has the same width.
    let whole = ntm_domain::time::utc_rfc3339(ms.div_euclid(1000) * 1000).unwrap_or_default();
    let time = format!("{}.{:03}Z", whole.trim_end_matches('Z'), ms.rem_euclid(1000));
    let mut line = format!("time={time} level={}", level.code());
    if let Some(id) = id {
        let _ = write!(line, " id={id}");
    }
    let _ = write!(line, " event={}", value(event));
    for (key, v) in fields {
        let _ = write!(line, " {key}={}", value(&v.to_string()));
    }
    line
}

/// A value as logfmt writes it: bare when it can be, else quoted with `"`, `\` and line ends
/// escaped (a line is always one line).
fn value(text: &str) -> String {
    let bare = !text.is_empty() && text.chars().all(|c| c > ' ' && c != '"' && c != '=' && c != '\\' && c != '\u{7f}');
    if bare {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where the session extractor leaves the id of the account signed in, for the request's line.
#[derive(Clone, Debug, Default)]
pub(crate) struct AccountSlot(pub(crate) Arc<OnceLock<i64>>);

/// The outermost layer: gives the request its id (in a task-local value and the response's
/// `X-Request-Id`), and writes its line once the response's head is ready.
pub(crate) async fn requests(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let id = new_id();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = crate::session::client_address(app.config.trust_forwarded_for, forwarded, peer);
    let account = AccountSlot::default();
    req.extensions_mut().insert(account.clone());
    let (mut res, ()) = REQUEST_ID
        .scope(id.clone(), async {
            let res = next.run(req).await;
            let ms = start.elapsed().as_millis();
            let status = res.status();
            let level = if status.is_server_error() { Level::Error } else { Level::Info };
            let account = account.0.get().map_or_else(String::new, i64::to_string);
            event(
                level,
                "request",
                &[
                    ("method", &method),
                    ("path", &path),
                    ("status", &status.as_u16()),
                    ("ms", &ms),
                    ("account", &account),
                    ("client", &client),
                ],
            );
            (res, ())
        })
        .await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_line_of_key_value_pairs_in_a_stable_order() {
        let line = format_line(
            1_733_490_000_123,
            Level::Warn,
            Some("0123456789ab"),
            "database-full",
            &[("detail", &"no space \"left\"\non device"), ("n", &3), ("empty", &"")],
        );
        assert_eq!(
            line,
            "time=2024-12-06T13:00:00.123Z level=warn id=0123456789ab event=database-full \
             detail=\"no space \\\"left\\\"\\non device\" n=3 empty=\"\""
        );
        let bare = format_line(0, Level::Info, None, "listening", &[("url", &"http://127.0.0.1:8080/a=b")]);
        assert_eq!(bare, "time=1970-01-01T00:00:00.000Z level=info event=listening url=\"http://127.0.0.1:8080/a=b\"");
    }

    #[test]
    fn ids_are_twelve_hexadecimal_characters_and_differ() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{a}");
        assert_ne!(a, b);
    }
}
