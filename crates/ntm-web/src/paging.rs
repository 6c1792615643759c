//! What the long lists share at the edge (the matrix, a round's table, the records, the roadmap
//! of a year): the `page` parameter and a list's choice parameter read or refused saying which
//! parameter and what was typed (a page in the reader's language, a JSON problem under `/api/`),
//! and the links to the previous and next pages (`shell/pager.html`), which keep the filters.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ntm_app::page::Paging;
use ntm_text::T;
use serde::Serialize;

use crate::error::{Said, WebError};

/// A parameter of the address that cannot be read: which, what was typed, and the values it may
/// take (none for a page number).
#[derive(Clone, Debug)]
pub struct BadParam {
    pub name: &'static str,
    pub text: String,
    pub choices: Vec<&'static str>,
}

impl BadParam {
    pub fn words(&self, t: T) -> String {
        if self.choices.is_empty() {
            t.paging_bad_page(&self.text)
        } else {
            t.paging_bad_choice(self.name, &self.text, self.choices.join(", "))
        }
    }

    /// Refused: the error page for a page, a JSON problem for the API (`/api/…`).
    pub fn refuse(self, api: bool, t: T) -> Response {
        if api {
            #[derive(Serialize)]
            struct Problem {
                field: &'static str,
                message: String,
            }
            let problems = [Problem { field: self.name, message: self.words(t) }];
            let body = serde_json::json!({ "error": "invalid input", "problems": problems });
            (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
        } else {
            WebError::BadRequest(Said::new(move |t| self.words(t))).into_response()
        }
    }
}

/// The page `?page=` asks for: none (or empty) is the first; anything but a whole number from 1
/// is refused. A number past the last page shows the last (`Paging::new`).
pub fn page_number(text: Option<&str>) -> Result<usize, BadParam> {
    match text.map(str::trim) {
        None | Some("") => Ok(1),
        Some(t) => t.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| BadParam {
            name: "page",
            text: t.chars().take(40).collect(),
            choices: Vec::new(),
        }),
    }
}

/// A choice parameter read by `parse` (its codes `choices`), or refused.
pub fn choice<C>(
    name: &'static str,
    text: Option<&str>,
    choices: Vec<&'static str>,
    parse: impl Fn(&str) -> Option<C>,
) -> Result<C, BadParam> {
    let text = text.unwrap_or_default();
    parse(text).ok_or_else(|| BadParam { name, text: text.trim().chars().take(40).collect(), choices })
}

/// The links to the pages beside this one, for `shell/pager.html`.
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `href(n)`: the address of page `n` with the filters of this one.
    pub fn new(p: &Paging, href: impl Fn(usize) -> String) -> Pager {
        Pager {
            page: p.page,
            pages: p.pages,
            prev: (p.page > 1).then(|| href(p.page - 1)),
            next: (p.page < p.pages).then(|| href(p.page + 1)),
        }
    }
}

/// An address with its query parameters, those with an empty value left out.
pub fn href(path: &str, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::chrome::encode(v)))
        .collect();
    if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_number_is_a_whole_number_from_one() {
        assert_eq!(page_number(None).ok(), Some(1));
        assert_eq!(page_number(Some(" 3 ")).ok(), Some(3));
        for bad in ["0", "-1", "abc", "1.5", "99999999999999999999999"] {
            assert_eq!(page_number(Some(bad)).map_err(|b| b.name), Err("page"), "{bad}");
        }
    }

    #[test]
    fn the_pager_links_the_pages_beside_and_the_address_drops_empty_parameters() {
        let p = Paging::new(120, 50, 2);
        let pager = Pager::new(&p, |n| href("/reporting/3", &[("state", "late".into()), ("page", n.to_string())]));
        assert_eq!(pager.prev.as_deref(), Some("/reporting/3?state=late&page=1"));
        assert_eq!(pager.next.as_deref(), Some("/reporting/3?state=late&page=3"));
        assert!(Pager::new(&Paging::new(120, 50, 3), |n| n.to_string()).next.is_none());
        assert_eq!(href("/reporting/records", &[("state", String::new())]), "/reporting/records");
    }
}
