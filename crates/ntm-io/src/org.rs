//! The agencies CSV: `code,name,set,criteria` — an agency (cơ quan, ban, ngành) and the criteria
//! of a set it is responsible for ("được giao phụ trách các tiêu chí"), as the set's criterion ids
//! separated by spaces (`1 2 4 7 9`). An agency following criteria of two sets takes one row per
//! set, with the same code and name. An optional column `name_en` gives its name on English
//! pages: the official English name where one exists, else the Vietnamese name with a
//! translation; on one of its rows or on each (then the same). An optional column `role` says
//! whether the agency leads the row's criteria (`lead`, chủ trì: the default, and what files
//! without the column mean) or co-operates on them (`cooperate`, phối hợp); an agency leading some
//! criteria of a set and co-operating on others takes a row for each. Checked against the
//! criteria sets; all rows or none.

use std::collections::HashMap;

use ntm_domain::org::valid_agency_code;
use ntm_domain::{Agency, AgencyRole, CriterionRef};

use crate::criteria_file::Catalog;
use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{field, read_sheet, required, seen_before};
use crate::text::{Bound, bounded};

/// One checked agency (its store id 0) with the first line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyRow {
    pub agency: Agency,
    pub line: u64,
}

/// An agency code as written.
pub fn agency_code(text: &str) -> Result<&str, Problem> {
    let code = required(text)?;
    if valid_agency_code(code) { Ok(code) } else { Err(Problem::BadCode(code.into())) }
}

/// An agency's part as written; empty is `lead`.
pub fn agency_role(text: &str) -> Result<AgencyRole, Problem> {
    match text.trim() {
        "" => Ok(AgencyRole::Lead),
        t => AgencyRole::from_code(t).ok_or_else(|| Problem::UnknownAgencyRole(t.into())),
    }
}

/// Reads and checks every row; returns all errors if any row is bad.
pub fn read_agencies(name: &str, text: &str, catalog: &Catalog) -> Result<Vec<AgencyRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["code", "name", "set", "criteria"])?;
    let [c_code, c_name, c_set, c_criteria] = cols[..] else {
        return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
    };
    let c_name_en = sheet.column("name_en");
    let c_role = sheet.column("role");
    let mut errors = InputErrors::default();
    let mut out: Vec<AgencyRow> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut first_line: HashMap<(String, String, AgencyRole), u64> = HashMap::new();
    for (line, row) in sheet.filled_rows() {
        let at = |f: &str| Location::at(name, line, f);
        let before = errors.0.len();
        let code = errors.take(at("code"), agency_code(field(row, c_code)));
        let agency_name = errors.take(at("name"), required(field(row, c_name)).and_then(|n| bounded(n, Bound::Name)));
        let name_en = errors.take(at("name_en"), bounded(c_name_en.map_or("", |c| field(row, c)), Bound::Name));
        let role = errors.take(at("role"), agency_role(c_role.map_or("", |c| field(row, c))));
        let ids: Vec<&str> = field(row, c_criteria)
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|c| !c.is_empty())
            .collect();
        let set_id = field(row, c_set);
        let set = match set_id {
            "" if !ids.is_empty() => errors.take(at("set"), Err(Problem::RequiredFor("criteria".into()))),
            "" => None,
            id => errors.take(at("set"), catalog.set(id).ok_or_else(|| Problem::UnknownSet(id.into()))),
        };
        let mut criteria = Vec::new();
        for id in set.map_or(vec![], |_| ids) {
            match set.is_some_and(|s| s.criteria().iter().any(|c| c.id == id)) {
                true => criteria.push(CriterionRef::new(set_id, id)),
                false => {
                    errors.push(at("criteria"), Problem::UnknownCriterion { criterion: id.into(), set: set_id.into() })
                }
            }
        }
        let (Some(code), Some(agency_name), Some(name_en), Some(role)) = (code, agency_name, name_en, role) else {
            continue;
        };
        if errors.0.len() > before {
            continue;
        }
        if let Some(first) = seen_before(&mut first_line, (code.to_string(), set_id.to_string(), role), line) {
            let key = match role {
                AgencyRole::Lead => format!("{code} {set_id}"),
                AgencyRole::Cooperate => format!("{code} {set_id} {}", role.code()),
            };
            errors.push(at("set"), Problem::Duplicate { key, first_line: first });
            continue;
        }
        let (criteria, cooperates) = match role {
            AgencyRole::Lead => (criteria, vec![]),
            AgencyRole::Cooperate => (vec![], criteria),
        };
        match position.get(code).and_then(|&i| out.get_mut(i)) {
            Some(earlier) if earlier.agency.name != agency_name => {
                errors.push(at("name"), Problem::DiffersFromLine { first_line: earlier.line });
            }
            Some(earlier) if !name_en.is_empty() && ![name_en, ""].contains(&earlier.agency.name_en.as_str()) => {
                errors.push(at("name_en"), Problem::DiffersFromLine { first_line: earlier.line });
            }
            Some(earlier) => {
                let both = criteria.iter().find(|c| earlier.agency.cooperates.contains(c));
                let both = both.or_else(|| cooperates.iter().find(|c| earlier.agency.criteria.contains(c)));
                if let Some(c) = both {
                    errors.push(at("criteria"), Problem::LeadAndCooperate(c.criterion.clone()));
                    continue;
                }
                if !name_en.is_empty() {
                    earlier.agency.name_en = name_en.into();
                }
                earlier.agency.criteria.extend(criteria);
                earlier.agency.cooperates.extend(cooperates);
            }
            None => {
                position.insert(code.to_string(), out.len());
                let (name, name_en) = (agency_name.into(), name_en.into());
                let agency = Agency { id: 0, code: code.into(), name, name_en, criteria, cooperates };
                out.push(AgencyRow { agency, line });
            }
        }
    }
    for row in &mut out {
        row.agency.criteria.sort();
        row.agency.criteria.dedup();
        row.agency.cooperates.sort();
        row.agency.cooperates.dedup();
    }
    errors.into_result(out)
}
