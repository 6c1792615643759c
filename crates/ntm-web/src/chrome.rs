//! What every page carries around its content: language, the signed-in user, the CSRF token, the
//! demo banner, navigation and the language switch.

use ntm_domain::{Action, Lang, can};

use crate::session::Visitor;
use ntm_text::T;

pub struct Chrome {
    pub t: T,
    pub lang_code: &'static str,
    pub other_lang_code: &'static str,
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    pub demo: bool,
    pub nav: &'static str,
    pub switch_href: String,
    /// `?set=…&period=…` for links that keep the set and period (the default set is left out).
    pub q: String,
    pub set_id: String,
    pub can_audit: bool,
    pub can_manage_users: bool,
    /// What a printed page carries at its top (and, for a report, a signature block at its end).
    pub print: Option<PrintHead>,
}

/// The head of a printed page: the unit it is about, the period, the day it was printed (in
/// Vietnam), and whether it is a report that someone signs.
pub struct PrintHead {
    pub unit: Option<String>,
    pub period: String,
    /// Today in Vietnam: `dd/mm/yyyy`, ISO, and its parts for the signature line.
    pub printed: String,
    pub printed_iso: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub report: bool,
}

impl PrintHead {
    /// Printed on `today` (the application's day in Vietnam: `App::today`), about `unit` in `period`.
    pub fn new(today: ntm_domain::Date, unit: Option<String>, period: &str, report: bool) -> PrintHead {
        PrintHead {
            unit,
            period: period.to_string(),
            printed: today.to_vietnamese(),
            printed_iso: today.to_string(),
            day: format!("{:02}", today.day()),
            month: format!("{:02}", today.month()),
            year: today.year().to_string(),
            report,
        }
    }
}

/// Where to go back to after signing in or switching language: a path on this site, else `/`.
/// Refused: anything not starting with one `/`, backslashes (browsers read `/\` as `//`), control
/// characters (a tab inside `/\t/` is dropped by browsers), and schemes.
pub fn safe_next(next: &str) -> String {
    let on_site = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control())
        && !next.contains("://");
    if on_site { next.to_string() } else { "/".into() }
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Chrome {
    pub fn new(v: &Visitor, title: &str, nav: &'static str, set_id: &str, period: &str) -> Chrome {
        let lang = v.lang;
        let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
        let q = match (set_id.is_empty(), set_id == v.default_set) {
            (true, _) => String::new(),
            (false, true) => format!("?period={}", encode(period)),
            (false, false) => format!("?set={}&period={}", encode(set_id), encode(period)),
        };
        // Neither action depends on a unit, so no tree is needed.
        let may = |action| {
            v.user.as_ref().is_some_and(|u| can(Some(&u.principal), action, &ntm_domain::UnitTree::default(), false))
        };
        Chrome {
            t: T { lang },
            lang_code: lang.code(),
            other_lang_code: other.code(),
            title: title.to_string(),
            user: v.user.as_ref().map(|u| u.display_name.clone()),
            csrf: v.user.as_ref().map(|u| u.csrf_token.clone()).unwrap_or_default(),
            demo: v.demo,
            nav,
            switch_href: format!("/lang/{}?next={}", other.code(), encode(&v.path_and_query)),
            q,
            set_id: set_id.to_string(),
            can_audit: may(Action::ViewAudit),
            can_manage_users: may(Action::ManageUsers),
            print: None,
        }
    }

    /// The page prints with this head (and its signature block, for a report).
    pub fn printed(mut self, head: PrintHead) -> Chrome {
        self.print = Some(head);
        self
    }

    /// For error pages, where little is known.
    pub fn bare(lang: Lang, title: &str) -> Chrome {
        let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
        Chrome {
            t: T { lang },
            lang_code: lang.code(),
            other_lang_code: other.code(),
            title: title.to_string(),
            user: None,
            csrf: String::new(),
            demo: false,
            nav: "",
            switch_href: format!("/lang/{}?next=/", other.code()),
            q: String::new(),
            set_id: String::new(),
            can_audit: false,
            can_manage_users: false,
            print: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(safe_next("/matrix?period=2023"), "/matrix?period=2023");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "evil",
            "",
            "/x?u=http://e",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
