//! Who may do what: roles and a pure `can` decision over the unit tree and the criteria.

use crate::unit::{UnitIdx, UnitTree};

/// A user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, including users and thresholds.
    Admin,
    /// The standing office (Văn phòng điều phối): every unit, every criterion, imports, audit.
    Office,
    /// A district agency: every unit, only the criteria it is responsible for.
    Agency,
    /// A commune officer: their commune and its villages, every criterion.
    Commune,
    /// Reads only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Office, Role::Agency, Role::Commune, Role::Viewer];

    pub const fn code(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::Agency => "agency",
            Role::Commune => "commune",
            Role::Viewer => "viewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A user name is 3–32 of `a-z 0-9 . - _` (accounts files and forms alike).
pub fn valid_username(name: &str) -> bool {
    (3..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'))
}

/// A signed-in user as far as permissions go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub role: Role,
    /// For commune officers: their commune.
    pub unit: Option<UnitIdx>,
    /// For agencies: the criteria they are responsible for.
    pub criteria: Vec<crate::org::CriterionRef>,
}

/// Something a user may want to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// Read evaluations, values and histories (when reading is not public).
    Read,
    /// Change a value of `unit` that belongs to `criterion` of `set` (`None` for a raw element
    /// no criterion owns).
    EditValue { unit: UnitIdx, set: &'a str, criterion: Option<&'a str> },
    /// Load files into the database.
    Import,
    /// See the audit log.
    ViewAudit,
    /// Add an override or correct a threshold.
    EditThresholds,
    /// Add users, reset passwords.
    ManageUsers,
    /// Record agencies and their criteria, targets and recognition decisions.
    ManageProgramme,
    /// Change a roadmap row of `unit` planning `criterion` of `set` (`None`: the whole standard),
    /// or write the reason of its shortfall: the office all; a commune its own unit and its
    /// villages; an agency the rows of the criteria it answers for.
    EditPlan { unit: UnitIdx, set: &'a str, criterion: Option<&'a str> },
    // Issue 10 (reporting).
    /// Open reporting rounds, set the deadline rules and the holidays, review reports (accept,
    /// return with a reason) and reopen accepted ones: the office and the administrator.
    ManageReporting,
    /// Write and submit the report of the commune-level `unit` (`Some`: a commune officer of
    /// that very unit), or of an agency (`None`: an agency officer; that the report is their own
    /// agency's is the caller's check, the principal does not carry the agency's code).
    FileReport { unit: Option<UnitIdx> },
}

/// Whether `who` (`None` = not signed in) may do `action`; `public_read` opens reading to all.
pub fn can(who: Option<&Principal>, action: Action<'_>, tree: &UnitTree, public_read: bool) -> bool {
    let Some(p) = who else {
        return public_read && action == Action::Read;
    };
    match (p.role, action) {
        (_, Action::Read) => true,
        (Role::Admin, _) => true,
        (Role::Office, Action::EditValue { .. } | Action::Import | Action::ViewAudit | Action::ManageProgramme) => true,
        (Role::Agency, Action::EditValue { set, criterion: Some(c), .. }) => {
            p.criteria.iter().any(|own| own.is(set, c))
        }
        (Role::Commune, Action::EditValue { unit, .. }) => p.unit.is_some_and(|own| tree.is_within(unit, own)),
        (Role::Office, Action::EditPlan { .. }) => true,
        (Role::Agency, Action::EditPlan { set, criterion: Some(c), .. }) => p.criteria.iter().any(|own| own.is(set, c)),
        (Role::Commune, Action::EditPlan { unit, .. }) => p.unit.is_some_and(|own| tree.is_within(unit, own)),
        (Role::Office, Action::ManageReporting) => true,
        (Role::Commune, Action::FileReport { unit: Some(unit) }) => p.unit == Some(unit),
        (Role::Agency, Action::FileReport { unit: None }) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::Level;
    use proptest::prelude::*;

    fn tree() -> UnitTree {
        let d = crate::test_support::unit;
        UnitTree::build(
            vec![
                d("106", Level::District, None),
                d("a", Level::Commune, Some("106")),
                d("b", Level::Commune, Some("106")),
                d("a1", Level::Village, Some("a")),
                d("b1", Level::Village, Some("b")),
            ],
            vec![],
        )
        .unwrap()
    }

    fn who(role: Role) -> Principal {
        Principal {
            role,
            unit: (role == Role::Commune).then_some(UnitIdx(1)),
            criteria: if role == Role::Agency { vec![crate::org::CriterionRef::new("s", "2")] } else { vec![] },
        }
    }

    fn edit(unit: u32, criterion: Option<&str>) -> Action<'_> {
        Action::EditValue { unit: UnitIdx(unit), set: "s", criterion }
    }

    #[test]
    fn a_commune_officer_edits_their_commune_and_its_villages_only() {
        let t = tree();
        let c = who(Role::Commune);
        assert!(can(Some(&c), edit(1, Some("2")), &t, false));
        assert!(can(Some(&c), edit(3, Some("17")), &t, false), "their village");
        assert!(!can(Some(&c), edit(2, Some("2")), &t, false), "another commune");
        assert!(!can(Some(&c), edit(4, Some("2")), &t, false), "another commune's village");
        assert!(!can(Some(&c), edit(0, Some("2")), &t, false), "the district");
        assert!(!can(Some(&c), Action::Import, &t, false));
    }

    #[test]
    fn an_agency_edits_its_criteria_everywhere_and_nothing_else() {
        let t = tree();
        let a = who(Role::Agency);
        assert!(can(Some(&a), edit(2, Some("2")), &t, false));
        assert!(!can(Some(&a), edit(2, Some("3")), &t, false));
        assert!(!can(Some(&a), edit(2, None), &t, false), "raw elements no criterion owns");
        assert!(!can(Some(&a), Action::EditValue { unit: UnitIdx(2), set: "other", criterion: Some("2") }, &t, false));
    }

    #[test]
    fn reading_is_public_only_when_configured_and_only_reading() {
        let t = tree();
        assert!(can(None, Action::Read, &t, true));
        assert!(!can(None, Action::Read, &t, false));
        assert!(!can(None, edit(1, Some("2")), &t, true));
        assert!(!can(Some(&who(Role::Viewer)), edit(1, Some("2")), &t, true));
        assert!(can(Some(&who(Role::Viewer)), Action::Read, &t, false));
    }

    #[test]
    fn only_an_administrator_changes_thresholds_and_users() {
        let t = tree();
        for role in Role::ALL {
            let p = who(role);
            assert_eq!(can(Some(&p), Action::EditThresholds, &t, true), role == Role::Admin);
            assert_eq!(can(Some(&p), Action::ManageUsers, &t, true), role == Role::Admin);
            assert_eq!(can(Some(&p), Action::ViewAudit, &t, true), matches!(role, Role::Admin | Role::Office));
            assert_eq!(
                can(Some(&p), Action::ManageProgramme, &t, true),
                matches!(role, Role::Admin | Role::Office),
                "agencies, targets and recognitions: the office and the administrator"
            );
        }
    }

    #[test]
    fn the_office_runs_the_reporting_cycle_and_communes_and_agencies_file_their_own() {
        let t = tree();
        for role in Role::ALL {
            let p = who(role);
            assert_eq!(
                can(Some(&p), Action::ManageReporting, &t, true),
                matches!(role, Role::Admin | Role::Office),
                "{role:?}"
            );
        }
        let c = who(Role::Commune);
        assert!(can(Some(&c), Action::FileReport { unit: Some(UnitIdx(1)) }, &t, false));
        assert!(!can(Some(&c), Action::FileReport { unit: Some(UnitIdx(2)) }, &t, false), "another commune");
        assert!(!can(Some(&c), Action::FileReport { unit: Some(UnitIdx(3)) }, &t, false), "its village files none");
        assert!(!can(Some(&c), Action::FileReport { unit: None }, &t, false), "an agency's report");
        let a = who(Role::Agency);
        assert!(can(Some(&a), Action::FileReport { unit: None }, &t, false));
        assert!(!can(Some(&a), Action::FileReport { unit: Some(UnitIdx(1)) }, &t, false));
        for role in [Role::Viewer, Role::Office] {
            assert!(!can(Some(&who(role)), Action::FileReport { unit: Some(UnitIdx(1)) }, &t, true), "{role:?}");
            assert!(!can(Some(&who(role)), Action::FileReport { unit: None }, &t, true), "{role:?}");
        }
        assert!(!can(None, Action::ManageReporting, &t, true));
    }

    proptest! {
        /// Whatever a commune officer may edit lies within their commune: permission never
        /// leaks up or sideways in the tree.
        #[test]
        fn commune_rights_stay_within_the_commune(unit in 0u32..5, own in 0u32..5) {
            let t = tree();
            let p = Principal { role: Role::Commune, unit: Some(UnitIdx(own)), criteria: vec![] };
            let allowed = can(Some(&p), edit(unit, Some("1")), &t, false);
            prop_assert_eq!(allowed, t.is_within(UnitIdx(unit), UnitIdx(own)));
        }

        /// Roles are ordered: anything a viewer, commune or agency may do, an office may do,
        /// and anything an office may do, an admin may do.
        #[test]
        fn higher_roles_can_do_at_least_as_much(unit in 0u32..5, crit in prop::option::of("[0-9]{1,2}"), public in any::<bool>()) {
            let t = tree();
            let actions = [Action::Read, edit(unit, crit.as_deref()), Action::Import, Action::ViewAudit,
                           Action::EditThresholds, Action::ManageUsers, Action::ManageProgramme];
            for a in actions {
                let office = can(Some(&who(Role::Office)), a, &t, public);
                let admin = can(Some(&who(Role::Admin)), a, &t, public);
                for lower in [Role::Viewer, Role::Commune, Role::Agency] {
                    if can(Some(&who(lower)), a, &t, public) && a != Action::EditThresholds && a != Action::ManageUsers {
                        prop_assert!(office, "{:?} may {:?} but the office may not", lower, a);
                    }
                }
                if office { prop_assert!(admin); }
                if can(None, a, &t, public) { prop_assert!(can(Some(&who(Role::Viewer)), a, &t, public)); }
            }
        }
    }
}
