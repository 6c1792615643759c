//! The code of the `addresses` fuzz target, shared with its replay test
//! `crates/ntm-web/tests/fuzz_corpus.rs` (both include this file with `#[path]`): the addresses a
//! request carries, as the server reads them — where to go back to after signing in (`?next=`), the
//! `Host` header (which names this server or not), and `X-Forwarded-For` behind a trusted proxy.
//! Each reading must keep its promise for any text; a broken promise panics.

#![allow(dead_code)]

/// Runs one input through the three readers; whether `next` was kept as given (on the site).
pub fn addresses(text: &str) -> bool {
    // Where to go back to: always a path of this site, and reading it again changes nothing.
    let next = ntm_web::safe_next(text);
    assert!(next.starts_with('/') && !next.starts_with("//"), "{next:?} leaves the site");
    assert!(!next.contains('\\') && !next.contains("://"), "{next:?}");
    assert!(!next.chars().any(char::is_control), "{next:?} carries a control character");
    assert_eq!(ntm_web::safe_next(&next), next, "reading it again changes it");
    let kept = next == text;

    // The host: the verdict does not depend on letter case or on a port, and a name is let in
    // only if it is localhost, an IP address or a configured name.
    let public = ["ntm.laichau.gov.vn".to_string()];
    let allowed = ntm_web::host_allowed(text, &public);
    assert_eq!(ntm_web::host_allowed(&text.to_ascii_uppercase(), &public), allowed, "case changed {text:?}");
    if !text.starts_with('[') && !text.contains(':') {
        assert_eq!(ntm_web::host_allowed(&format!("{text}:8080"), &public), allowed, "a port changed {text:?}");
    }
    if allowed && !text.starts_with('[') && !text.contains(':') {
        let name = text.trim_end_matches('.').to_ascii_lowercase();
        assert!(
            name == "localhost" || name.parse::<std::net::Ipv4Addr>().is_ok() || name == public[0],
            "{text:?} let in"
        );
    }
    assert!(!ntm_web::host_allowed(text, &[]) || allowed, "a configured name can only let more in");

    // The visitor's address: not trusted, the peer; trusted, the last entry the proxy appended,
    // trimmed, or the peer when that entry is empty.
    let peer = Some("203.0.113.9".to_string());
    assert_eq!(ntm_web::client_address(false, Some(text), peer.clone()), "203.0.113.9");
    let seen = ntm_web::client_address(true, Some(text), peer);
    assert!(!seen.contains(','), "{seen:?} holds more than one address");
    let last = text.rsplit(',').next().unwrap_or("").trim();
    assert_eq!(seen, if last.is_empty() { "203.0.113.9" } else { last });
    kept
}
