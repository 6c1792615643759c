//! Who answers for what: agencies (cơ quan, ban, ngành) and the criteria they are responsible
//! for ("được giao phụ trách các tiêu chí"). Members of the Steering Committee come with the
//! plans issue.

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
    /// The criteria it is responsible for, sorted.
    pub criteria: Vec<CriterionRef>,
}

impl Agency {
    /// Its name in `lang`: the English one on English pages where it has one.
    pub fn name_in(&self, lang: crate::Lang) -> &str {
        lang.twin(&self.name, Some(&self.name_en))
    }

    pub fn is_responsible_for(&self, set: &str, criterion: &str) -> bool {
        self.criteria.iter().any(|c| c.is(set, criterion))
    }
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
        };
        let b = Agency {
            id: 2,
            code: "yte".into(),
            name: "Phòng Y tế".into(),
            name_en: "Phòng Y tế (District Health Office)".into(),
            criteria: vec![],
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
        assert!(valid_agency_code("ktht") && valid_agency_code("van-phong_1"));
        assert!(!valid_agency_code("") && !valid_agency_code("KTHT") && !valid_agency_code("phòng"));
    }
}
