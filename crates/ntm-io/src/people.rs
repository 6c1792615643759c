//! The Steering Committee members CSV: `code,name,position,agency_code,communes,account` — a
//! member of the Steering Committee (thành viên Ban Chỉ đạo) a row: a code (1–32 of `a-z 0-9 - _`),
//! the name, the position (chức vụ), the agency the member works in (a code of the agencies, or
//! empty), the communes the member follows (phụ trách địa bàn xã: commune codes separated by `;`,
//! or empty) and the account linked to the member (a user name of the accounts, or empty; an
//! account is linked to one member at most). Checked against the unit tree, the agencies and the
//! accounts; all rows or none.

use std::collections::HashMap;

use ntm_domain::{Agency, Level, UnitIdx, UnitTree};

use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{field, read_sheet, required, seen_before};
use crate::text::{Bound, bounded};

/// One checked member with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub code: String,
    pub name: String,
    pub position: String,
    /// The agency, by code.
    pub agency: Option<String>,
    /// The communes followed, in the order written, without repeats.
    pub communes: Vec<UnitIdx>,
    /// The linked account's user name.
    pub account: Option<String>,
    pub line: u64,
}

/// Reads and checks every row against the tree, the agencies and the accounts' user names;
/// returns all errors if any row is bad.
pub fn read_members(
    name: &str,
    text: &str,
    tree: &UnitTree,
    agencies: &[Agency],
    accounts: &[String],
) -> Result<Vec<MemberRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["code", "name", "position", "agency_code", "communes", "account"])?;
    let [c_code, c_name, c_position, c_agency, c_communes, c_account] = cols[..] else {
        return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
    };
    let mut errors = InputErrors::default();
    let mut out = Vec::new();
    let mut first_code: HashMap<String, u64> = HashMap::new();
    let mut first_account: HashMap<String, u64> = HashMap::new();
    for (line, row) in sheet.filled_rows() {
        let at = |f: &str| Location::at(name, line, f);
        let before = errors.0.len();
        let code = errors.take(at("code"), crate::org::agency_code(field(row, c_code)));
        let member_name = errors.take(at("name"), required(field(row, c_name)).and_then(|n| bounded(n, Bound::Name)));
        let position =
            errors.take(at("position"), required(field(row, c_position)).and_then(|n| bounded(n, Bound::Name)));
        let agency = match field(row, c_agency) {
            "" => None,
            code => errors.take(
                at("agency_code"),
                agencies
                    .iter()
                    .find(|a| a.code == code)
                    .map(|a| Some(a.code.clone()))
                    .ok_or_else(|| Problem::UnknownAgency(code.into())),
            ),
        };
        let mut communes = Vec::new();
        for code in field(row, c_communes).split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let found = tree.latest(code).ok_or_else(|| Problem::UnknownUnit(code.into())).and_then(|u| {
                match tree.unit(u).level {
                    Level::Commune => Ok(u),
                    level => Err(Problem::UnitLevelExpected { code: code.into(), level, expected: Level::Commune }),
                }
            });
            if let Some(u) = errors.take(at("communes"), found)
                && !communes.contains(&u)
            {
                communes.push(u);
            }
        }
        let account = match field(row, c_account) {
            "" => None,
            u if accounts.iter().any(|a| a == u) => Some(u.to_string()),
            u => errors.take(at("account"), Err(Problem::UnknownAccount(u.into()))),
        };
        let (Some(code), Some(member_name), Some(position)) = (code, member_name, position) else { continue };
        if errors.0.len() > before {
            continue;
        }
        if let Some(first) = seen_before(&mut first_code, code.to_string(), line) {
            errors.push(at("code"), Problem::Duplicate { key: code.into(), first_line: first });
            continue;
        }
        if let Some(u) = &account
            && let Some(first) = seen_before(&mut first_account, u.clone(), line)
        {
            errors.push(at("account"), Problem::Duplicate { key: u.clone(), first_line: first });
            continue;
        }
        out.push(MemberRow {
            code: code.into(),
            name: member_name.into(),
            position: position.into(),
            agency: agency.flatten(),
            communes,
            account,
            line,
        });
    }
    errors.into_result(out)
}
