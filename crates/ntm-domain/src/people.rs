//! Steering Committee members (thành viên Ban Chỉ đạo): who they are, their position, their
//! agency, the communes they follow ("bám sát địa bàn xã phụ trách") and the account linked to
//! them, if any. The directive names the committee's composition by position, not by person;
//! members in the demo are illustrative.

/// A member of the Steering Committee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Its store id (0 until stored).
    pub id: i64,
    /// Its code, as files and addresses name it (`pct-huyen`): an agency-style code.
    pub code: String,
    pub name: String,
    /// The position (chức vụ), as written ("Phó Chủ tịch UBND huyện").
    pub position: String,
    /// The agency the member works in, by code, if any.
    pub agency: Option<String>,
    /// The communes followed, by unit code, in the order given, without repeats.
    pub communes: Vec<String>,
    /// The account linked to the member (its user name), if any: that account sees the
    /// member's own view.
    pub account: Option<String>,
}

impl Member {
    /// Whether the member follows the commune `code`.
    pub fn follows(&self, code: &str) -> bool {
        self.communes.iter().any(|c| c == code)
    }
}

/// The member linked to an account, if any.
pub fn member_of_account<'a>(members: &'a [Member], username: &str) -> Option<&'a Member> {
    members.iter().find(|m| m.account.as_deref() == Some(username))
}

/// The members following a commune, in the order given.
pub fn following<'a>(members: &'a [Member], commune: &str) -> Vec<&'a Member> {
    members.iter().filter(|m| m.follows(commune)).collect()
}

/// A commune as a member sees it at a glance: criteria met out of the set's count, whether it
/// meets the standard on data, and whether it is recognised by decision (and not lost).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glance {
    pub met: usize,
    pub of: usize,
    pub standard: bool,
    pub recognised: bool,
}

impl Glance {
    /// How many criteria are still to be met.
    pub fn missing(&self) -> usize {
        self.of.saturating_sub(self.met)
    }

    /// Meeting the standard on data but with no decision yet: the two are told apart.
    pub fn awaiting_decision(&self) -> bool {
        self.standard && !self.recognised
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(code: &str, communes: &[&str], account: Option<&str>) -> Member {
        Member {
            id: 0,
            code: code.into(),
            name: format!("Người {code} (minh họa)"),
            position: "Phó Chủ tịch UBND huyện".into(),
            agency: None,
            communes: communes.iter().map(|c| c.to_string()).collect(),
            account: account.map(str::to_string),
        }
    }

    #[test]
    fn a_member_follows_their_communes_and_an_account_finds_its_member() {
        let list = [member("a", &["03412", "03413"], Some("thanhvien")), member("b", &["03413"], None)];
        assert!(list[0].follows("03412") && !list[1].follows("03412"));
        let codes: Vec<&str> = following(&list, "03413").iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["a", "b"], "two members may follow one commune");
        assert!(following(&list, "99999").is_empty());
        assert_eq!(member_of_account(&list, "thanhvien").map(|m| m.code.as_str()), Some("a"));
        assert_eq!(member_of_account(&list, "xem"), None, "an account linked to no member");
    }

    #[test]
    fn a_glance_tells_meeting_on_data_from_recognition() {
        let g = Glance { met: 19, of: 19, standard: true, recognised: false };
        assert!(g.awaiting_decision());
        assert_eq!(g.missing(), 0);
        let g = Glance { met: 15, of: 19, standard: false, recognised: true };
        assert!(!g.awaiting_decision(), "recognised and now failing is backsliding, not awaiting");
        assert_eq!(g.missing(), 4);
    }
}
