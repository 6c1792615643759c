//! The accounts CSV: `username,display_name,role,unit,agency` (+ optional `lang`, `vi` or `en`):
//! one account a row and no passwords (an import gives every account of the file one initial
//! password). `role` is `admin`, `office`, `agency`, `commune` or `viewer`; `unit` is a commune
//! officer's commune and `agency` an agency officer's agency (already in the database); other
//! roles leave both empty. Checked against the unit tree and the agencies; all rows or none.

use std::collections::HashMap;

use ntm_domain::auth::valid_username;
use ntm_domain::{Agency, Lang, Level, Role, UnitIdx, UnitTree};

use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{field, read_sheet, required, seen_before};
use crate::text::{Bound, bounded};

/// One checked account with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// A commune officer's commune.
    pub unit: Option<UnitIdx>,
    /// An agency officer's agency, by code.
    pub agency: Option<String>,
    pub lang: Lang,
    pub line: u64,
}

/// Reads and checks every row; returns all errors if any row is bad.
pub fn read_accounts(
    name: &str,
    text: &str,
    tree: &UnitTree,
    agencies: &[Agency],
) -> Result<Vec<AccountRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["username", "display_name", "role", "unit", "agency"])?;
    let [c_user, c_name, c_role, c_unit, c_agency] = cols[..] else {
        return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
    };
    let c_lang = sheet.column("lang");
    let mut errors = InputErrors::default();
    let mut out = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for (line, row) in sheet.filled_rows() {
        let at = |f: &str| Location::at(name, line, f);
        let before = errors.0.len();
        let username = errors.take(
            at("username"),
            required(field(row, c_user))
                .and_then(|u| if valid_username(u) { Ok(u) } else { Err(Problem::BadUsername(u.into())) }),
        );
        let display_name =
            errors.take(at("display_name"), required(field(row, c_name)).and_then(|n| bounded(n, Bound::PersonName)));
        let role_text = field(row, c_role);
        let role = errors.take(
            at("role"),
            required(role_text)
                .and_then(|r| Role::from_code(&r.to_lowercase()).ok_or_else(|| Problem::UnknownRole(r.into()))),
        );
        let for_role = |r: Role| format!("role {}", r.code());
        // Only a commune officer has a commune, only an agency officer an agency.
        let unit = match (role, field(row, c_unit)) {
            (Some(Role::Commune), "") => errors.take(at("unit"), Err(Problem::RequiredFor(for_role(Role::Commune)))),
            (Some(Role::Commune), code) => {
                let found = tree.latest(code).ok_or_else(|| Problem::UnknownUnit(code.into())).and_then(|u| {
                    let level = tree.unit(u).level;
                    match level {
                        Level::Commune => Ok(u),
                        _ => Err(Problem::UnitLevelExpected { code: code.into(), level, expected: Level::Commune }),
                    }
                });
                errors.take(at("unit"), found)
            }
            (Some(r), code) if !code.is_empty() => errors.take(at("unit"), Err(Problem::NotAllowedFor(for_role(r)))),
            _ => None,
        };
        let agency = match (role, field(row, c_agency)) {
            (Some(Role::Agency), "") => errors.take(at("agency"), Err(Problem::RequiredFor(for_role(Role::Agency)))),
            (Some(Role::Agency), code) => errors.take(
                at("agency"),
                agencies
                    .iter()
                    .find(|a| a.code == code)
                    .map(|a| a.code.clone())
                    .ok_or_else(|| Problem::UnknownAgency(code.into())),
            ),
            (Some(r), code) if !code.is_empty() => errors.take(at("agency"), Err(Problem::NotAllowedFor(for_role(r)))),
            _ => None,
        };
        let lang = match c_lang.map_or("", |c| field(row, c)).to_lowercase().as_str() {
            "" | "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            other => errors.take(at("lang"), Err(Problem::UnknownLang(other.into()))),
        };
        let (Some(username), Some(display_name), Some(role), Some(lang)) = (username, display_name, role, lang) else {
            continue;
        };
        if errors.0.len() > before {
            continue;
        }
        if let Some(first) = seen_before(&mut first_line, username.to_string(), line) {
            errors.push(at("username"), Problem::Duplicate { key: username.into(), first_line: first });
            continue;
        }
        out.push(AccountRow {
            username: username.into(),
            display_name: display_name.into(),
            role,
            unit,
            agency,
            lang,
            line,
        });
    }
    errors.into_result(out)
}
