//! Who answers for what: agencies (cơ quan, ban, ngành) and the criteria they are responsible
//! for ("được giao phụ trách các tiêu chí"). Members of the Steering Committee are in `people`.
//! An agency leads a criterion (chủ trì) or co-operates on it (phối hợp).

/// A criterion of a set, as assignments name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CriterionRef {
    pub set: String,
    pub criterion: String,
}

impl CriterionRef {
    pub fn new(set: &str, criterion: &str) -> CriterionRef {
        CriterionRef { set: set.to_string(), criterion: criterion.to_string() }
    }

    pub fn is(&self, set: &str, criterion: &str) -> bool {
        self.set == set && self.criterion == criterion
    }
}

/// An agency and the criteria assigned to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agency {
    /// Its store id, which accounts refer to.
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Its name on English pages: the official English name where one exists, else the
    /// Vietnamese name with a translation ("Phòng Y tế (District Health Office)"); empty when
    /// none was given (English pages then show `name`).
    pub name_en: String,
    /// The criteria it leads (chủ trì), sorted: it answers for them and may edit their values.
    pub criteria: Vec<CriterionRef>,
    /// The criteria it co-operates on (phối hợp), sorted: it reads them and helps the lead.
    pub cooperates: Vec<CriterionRef>,
}

/// An agency's part in a criterion: it leads it (chủ trì) or co-operates on it (phối hợp).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgencyRole {
    Lead,
    Cooperate,
}

impl AgencyRole {
    pub const ALL: [AgencyRole; 2] = [AgencyRole::Lead, AgencyRole::Cooperate];

    /// Its code in files, the store and JSON.
    pub const fn code(&self) -> &'static str {
        match self {
            AgencyRole::Lead => "lead",
            AgencyRole::Cooperate => "cooperate",
        }
    }

    pub fn from_code(code: &str) -> Option<AgencyRole> {
        AgencyRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl Agency {
    /// Its name in `lang`: the English one on English pages where it has one.
    pub fn name_in(&self, lang: crate::Lang) -> &str {
        lang.twin(&self.name, Some(&self.name_en))
    }

    /// Whether it leads the criterion (only a lead agency edits its values).
    pub fn is_responsible_for(&self, set: &str, criterion: &str) -> bool {
        self.criteria.iter().any(|c| c.is(set, criterion))
    }

    /// Its part in a criterion, if any: leading wins over co-operating.
    pub fn role_for(&self, set: &str, criterion: &str) -> Option<AgencyRole> {
        if self.is_responsible_for(set, criterion) {
            Some(AgencyRole::Lead)
        } else if self.cooperates.iter().any(|c| c.is(set, criterion)) {
            Some(AgencyRole::Cooperate)
        } else {
            None
        }
    }

    /// Every criterion it has a part in with that part, leads first, each sorted.
    pub fn roles(&self) -> impl Iterator<Item = (&CriterionRef, AgencyRole)> {
        self.criteria
            .iter()
            .map(|c| (c, AgencyRole::Lead))
            .chain(self.cooperates.iter().filter(|c| !self.criteria.contains(c)).map(|c| (c, AgencyRole::Cooperate)))
    }
}

/// The agencies co-operating on a criterion (not leading it), in the order given.
pub fn cooperating_on<'a>(agencies: &'a [Agency], set: &str, criterion: &str) -> Vec<&'a Agency> {
    agencies.iter().filter(|a| a.role_for(set, criterion) == Some(AgencyRole::Cooperate)).collect()
}

/// The agencies responsible for a criterion, in the order given.
pub fn responsible_for<'a>(agencies: &'a [Agency], set: &str, criterion: &str) -> Vec<&'a Agency> {
    agencies.iter().filter(|a| a.is_responsible_for(set, criterion)).collect()
}

/// An agency code: 1–32 of `a-z 0-9 - _`, as files and accounts refer to it.
pub fn valid_agency_code(code: &str) -> bool {
    (1..=32).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agency_answers_for_its_own_criteria_of_its_own_set() {
        let a = Agency {
            id: 1,
            code: "ktht".into(),
            name: "Phòng Kinh tế và Hạ tầng".into(),
            name_en: String::new(),
            criteria: vec![CriterionRef::new("xa-ntm-2021-2025", "2")],
            cooperates: vec![],
        };
        let b = Agency {
            id: 2,
            code: "yte".into(),
            name: "Phòng Y tế".into(),
            name_en: "Phòng Y tế (District Health Office)".into(),
            criteria: vec![],
            cooperates: vec![CriterionRef::new("xa-ntm-2021-2025", "2")],
        };
        assert_eq!(b.name_in(crate::Lang::En), "Phòng Y tế (District Health Office)", "the English name");
        assert_eq!(b.name_in(crate::Lang::Vi), "Phòng Y tế");
        assert_eq!(a.name_in(crate::Lang::En), "Phòng Kinh tế và Hạ tầng", "none given: the name as it is");
        assert!(a.is_responsible_for("xa-ntm-2021-2025", "2"));
        assert!(!a.is_responsible_for("xa-ntm-2026-2030", "2"), "another set's criterion 2");
        assert!(!a.is_responsible_for("xa-ntm-2021-2025", "15"));
        let list = [a, b];
        let names: Vec<&str> =
            responsible_for(&list, "xa-ntm-2021-2025", "2").iter().map(|a| a.code.as_str()).collect();
        assert_eq!(names, ["ktht"]);
        assert_eq!(list[0].role_for("xa-ntm-2021-2025", "2"), Some(AgencyRole::Lead));
        assert_eq!(list[1].role_for("xa-ntm-2021-2025", "2"), Some(AgencyRole::Cooperate));
        assert!(!list[1].is_responsible_for("xa-ntm-2021-2025", "2"), "co-operating is not leading");
        assert_eq!(list[1].role_for("xa-ntm-2021-2025", "3"), None);
        let helpers: Vec<&str> =
            cooperating_on(&list, "xa-ntm-2021-2025", "2").iter().map(|a| a.code.as_str()).collect();
        assert_eq!(helpers, ["yte"]);
        assert_eq!(
            list[1].roles().map(|(c, r)| (c.criterion.as_str(), r)).collect::<Vec<_>>(),
            [("2", AgencyRole::Cooperate)]
        );
        assert_eq!(AgencyRole::from_code("cooperate"), Some(AgencyRole::Cooperate));
        assert_eq!(AgencyRole::from_code("chairs"), None);
        assert!(valid_agency_code("ktht") && valid_agency_code("van-phong_1"));
        assert!(!valid_agency_code("") && !valid_agency_code("KTHT") && !valid_agency_code("phòng"));
    }
}
