//! The administrative tree (đơn vị hành chính): province → district → commune → village, of any
//! depth, with GSO codes, effective dates and lineage across mergers.
//!
//! A GSO code is not an identity on its own: after 1 July 2025 the code `03390` names Xã Bình Lư,
//! before it named Thị trấn Tam Đường. A unit is therefore found by its code *at a date*.

use std::collections::HashMap;
use std::fmt;

use crate::period::{Date, Period};

/// The seven socio-economic regions of the 2021–2025 criteria (QĐ 318/QĐ-TTg): code and name.
pub const REGIONS: [(&str, &str); 7] = [
    ("tdmnpb", "Trung du và miền núi phía Bắc"),
    ("dbsh", "Đồng bằng sông Hồng"),
    ("btb", "Bắc Trung Bộ"),
    ("dhntb", "Duyên hải Nam Trung Bộ"),
    ("tn", "Tây Nguyên"),
    ("dnb", "Đông Nam Bộ"),
    ("dbscl", "Đồng bằng sông Cửu Long"),
];

/// The day the two-tier local government took effect (districts abolished, communes merged):
/// 1 July 2025 (Nghị quyết 1670/NQ-UBTVQH15 and the other rearrangement resolutions; S12).
pub const REORGANISATION_2025: Date = Date::ymd(2025, 7, 1);

/// Commune groups of the 2026–2030 criteria (QĐ 51/2025/QĐ-TTg).
pub const COMMUNE_GROUPS: [u8; 3] = [1, 2, 3];

pub fn is_region(code: &str) -> bool {
    REGIONS.iter().any(|(c, _)| *c == code)
}

pub fn region_name(code: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The English names of [`REGIONS`], in the same order.
const REGION_NAMES_EN: [&str; 7] = [
    "Northern Midlands and Mountains",
    "Red River Delta",
    "North Central",
    "South Central Coast",
    "Central Highlands",
    "Southeast",
    "Mekong Delta",
];

/// A region's name in the reader's language.
pub fn region_label(code: &str, lang: crate::Lang) -> Option<&'static str> {
    let i = REGIONS.iter().position(|(c, _)| *c == code)?;
    Some(lang.pick(REGIONS[i].1, REGION_NAMES_EN[i]))
}

/// Level of a unit, from the top of the tree down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Province,
    District,
    Commune,
    Village,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Province, Level::District, Level::Commune, Level::Village];

    /// The code used in files: `province`, `district`, `commune`, `village`.
    pub const fn code(&self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Village => "village",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The kind of a commune-level unit (loại đơn vị hành chính cấp xã): a rural commune (xã), a
/// ward (phường), a township (thị trấn), or, from 1 July 2025, a special zone (đặc khu). A
/// criteria set says which kinds it judges: the xã sets judge xã.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
}

impl UnitKind {
    pub const ALL: [UnitKind; 4] = [UnitKind::Xa, UnitKind::Phuong, UnitKind::ThiTran, UnitKind::DacKhu];

    /// The code used in files and JSON: `xa`, `phuong`, `thi-tran`, `dac-khu`.
    pub const fn code(&self) -> &'static str {
        match self {
            UnitKind::Xa => "xa",
            UnitKind::Phuong => "phuong",
            UnitKind::ThiTran => "thi-tran",
            UnitKind::DacKhu => "dac-khu",
        }
    }

    /// The kind's name as the GSO writes it in names and in its `Cấp` column.
    pub const fn vietnamese(&self) -> &'static str {
        match self {
            UnitKind::Xa => "Xã",
            UnitKind::Phuong => "Phường",
            UnitKind::ThiTran => "Thị trấn",
            UnitKind::DacKhu => "Đặc khu",
        }
    }

    pub fn from_code(code: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Reads a kind as written in a file: its code (`xa`, `thi-tran`), or its Vietnamese name
    /// in any case (`Xã`, `thị trấn`, as the GSO's `Cấp` column has it).
    pub fn parse(text: &str) -> Option<UnitKind> {
        let t = text.trim().to_lowercase();
        UnitKind::from_code(&t.replace('_', "-"))
            .or_else(|| UnitKind::ALL.into_iter().find(|k| k.vietnamese().to_lowercase() == t))
    }

    /// The kind a unit's name says (`Thị trấn Tam Đường`, `Phường Tân Phong`), if it says one.
    pub fn from_name(name: &str) -> Option<UnitKind> {
        let lower = name.trim_start().to_lowercase();
        UnitKind::ALL.into_iter().find(|k| {
            lower.strip_prefix(&k.vietnamese().to_lowercase()).is_some_and(|rest| rest.starts_with(char::is_whitespace))
        })
    }
}

/// Position of a unit in its [`UnitTree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitIdx(pub u32);

impl UnitIdx {
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// One administrative unit as it existed between its effective dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent: Option<UnitIdx>,
    /// Region code (2021–2025 sets); inherited from ancestors when empty.
    pub region: Option<String>,
    /// Commune group 1..=3 (2026–2030 set).
    pub group: Option<u8>,
    /// Special status flags, e.g. `dbkk` (xã đặc biệt khó khăn).
    pub flags: Vec<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// Xã, phường, thị trấn or đặc khu, for commune-level units whose kind is known.
    pub kind: Option<UnitKind>,
}

impl Unit {
    /// Whether the unit existed on some day of `period`.
    pub fn overlaps(&self, period: Period) -> bool {
        self.valid_from.is_none_or(|from| from <= period.end()) && self.valid_to.is_none_or(|to| to >= period.start())
    }

    /// Whether the unit existed on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| to >= date)
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// How one unit passed into another on a reorganisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineageKind {
    /// The whole unit went into the successor ("nhập toàn bộ").
    Whole,
    /// Part of it went into the successor ("nhập một phần").
    Part,
    /// The unit continued unchanged under a new identity ("giữ nguyên").
    Unchanged,
}

impl LineageKind {
    pub const fn code(&self) -> &'static str {
        match self {
            LineageKind::Whole => "whole",
            LineageKind::Part => "part",
            LineageKind::Unchanged => "unchanged",
        }
    }
}

/// A lineage link: `from` went (wholly or partly) into `to` on `on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lineage {
    pub from: UnitIdx,
    pub to: UnitIdx,
    pub kind: LineageKind,
    pub on: Date,
}

/// A unit as read from a file, before its parent code is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitDraft {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<String>,
    pub region: Option<String>,
    pub group: Option<u8>,
    pub flags: Vec<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub kind: Option<UnitKind>,
}

/// A lineage link as read from a file, by codes and date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageDraft {
    pub from_code: String,
    pub to_code: String,
    pub kind: LineageKind,
    pub on: Date,
}

/// Why a tree could not be built. `position` is the draft's index in the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("unit code {code} appears twice with overlapping dates")]
    DuplicateCode { position: usize, code: String, first: usize },
    #[error("parent {parent} of unit {code} is unknown")]
    UnknownParent { position: usize, code: String, parent: String },
    #[error("parent {parent} ({parent_level}) of unit {code} ({level}) is not a higher level")]
    ParentLevel { position: usize, code: String, parent: String, parent_level: Level, level: Level },
    #[error("unit {code} is its own ancestor")]
    Cycle { position: usize, code: String },
    #[error("unit {code} ends before it starts")]
    DatesReversed { position: usize, code: String },
    #[error("lineage names unknown unit {code}")]
    UnknownLineageUnit { position: usize, code: String },
}

/// The administrative tree: every unit that existed, with parents, children and lineage.
#[derive(Clone, Debug, Default)]
pub struct UnitTree {
    units: Vec<Unit>,
    children: Vec<Vec<UnitIdx>>,
    by_code: HashMap<String, Vec<UnitIdx>>,
    lineage: Vec<Lineage>,
}

/// Why a unit code could not be resolved for a period.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("unknown unit code")]
    Unknown,
    #[error("unit did not exist in this period")]
    NotInPeriod,
}

impl UnitTree {
    /// Builds the tree. Parents are found by code at the child's start date, so a unit created on
    /// 1/7/2025 hangs under the province as it was on that day.
    pub fn build(drafts: Vec<UnitDraft>, lineage: Vec<LineageDraft>) -> Result<UnitTree, TreeError> {
        // Codes are looked up at the child's start date; overlaps are refused by `from_parts`.
        let mut by_code: HashMap<String, Vec<UnitIdx>> = HashMap::new();
        for (position, d) in drafts.iter().enumerate() {
            by_code.entry(d.code.clone()).or_default().push(UnitIdx(position_u32(position)));
        }
        let mut units = Vec::with_capacity(drafts.len());
        for (position, d) in drafts.iter().enumerate() {
            let parent =
                match &d.parent_code {
                    None => None,
                    Some(pc) => {
                        let candidates = by_code.get(pc).map(Vec::as_slice).unwrap_or(&[]);
                        let found = pick_at(candidates, &drafts, d.valid_from).ok_or_else(|| {
                            TreeError::UnknownParent { position, code: d.code.clone(), parent: pc.clone() }
                        })?;
                        Some(found)
                    }
                };
            units.push(Unit {
                code: d.code.clone(),
                name: d.name.clone(),
                level: d.level,
                parent,
                region: d.region.clone(),
                group: d.group,
                flags: d.flags.clone(),
                valid_from: d.valid_from,
                valid_to: d.valid_to,
                kind: d.kind,
            });
        }
        let mut tree = UnitTree::from_parts(units, Vec::new())?;
        for (position, l) in lineage.into_iter().enumerate() {
            let before = l.on.pred();
            let from = tree
                .find_on(&l.from_code, before)
                .ok_or(TreeError::UnknownLineageUnit { position, code: l.from_code.clone() })?;
            let to = tree
                .find_on(&l.to_code, l.on)
                .ok_or(TreeError::UnknownLineageUnit { position, code: l.to_code.clone() })?;
            tree.lineage.push(Lineage { from, to, kind: l.kind, on: l.on });
        }
        Ok(tree)
    }

    /// Builds the tree from units whose parents are already positions in the same list (as
    /// stored in a database), checking levels, cycles and overlapping codes.
    pub fn from_parts(units: Vec<Unit>, lineage: Vec<Lineage>) -> Result<UnitTree, TreeError> {
        let mut by_code: HashMap<String, Vec<UnitIdx>> = HashMap::new();
        for (position, u) in units.iter().enumerate() {
            if let (Some(from), Some(to)) = (u.valid_from, u.valid_to)
                && to < from
            {
                return Err(TreeError::DatesReversed { position, code: u.code.clone() });
            }
            let entry = by_code.entry(u.code.clone()).or_default();
            for &other in entry.iter() {
                let o = &units[other.index()];
                if intervals_overlap((o.valid_from, o.valid_to), (u.valid_from, u.valid_to)) {
                    return Err(TreeError::DuplicateCode { position, code: u.code.clone(), first: other.index() });
                }
            }
            entry.push(UnitIdx(position_u32(position)));
            if let Some(p) = u.parent {
                let Some(parent) = units.get(p.index()) else {
                    return Err(TreeError::UnknownParent { position, code: u.code.clone(), parent: p.0.to_string() });
                };
                let allowed = parent.level < u.level || (parent.level == Level::Village && u.level == Level::Village);
                if !allowed {
                    return Err(TreeError::ParentLevel {
                        position,
                        code: u.code.clone(),
                        parent: parent.code.clone(),
                        parent_level: parent.level,
                        level: u.level,
                    });
                }
            }
        }
        // Only village-in-village links can form a cycle. Each unit is walked up once: a walk
        // stops at a unit already known to reach a root, so the check is linear.
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const ROOTED: u8 = 2;
        let mut state = vec![UNSEEN; units.len()];
        for start in 0..units.len() {
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(i) = cur {
                match state[i] {
                    ROOTED => break,
                    ON_PATH => return Err(TreeError::Cycle { position: i, code: units[i].code.clone() }),
                    _ => {
                        state[i] = ON_PATH;
                        path.push(i);
                        cur = units[i].parent.map(UnitIdx::index);
                    }
                }
            }
            for i in path {
                state[i] = ROOTED;
            }
        }
        if let Some(l) = lineage.iter().find(|l| l.from.index() >= units.len() || l.to.index() >= units.len()) {
            return Err(TreeError::UnknownLineageUnit { position: 0, code: l.from.0.to_string() });
        }
        let mut children = vec![Vec::new(); units.len()];
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = u.parent {
                children[p.index()].push(UnitIdx(position_u32(i)));
            }
        }
        Ok(UnitTree { units, children, by_code, lineage })
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn get(&self, idx: UnitIdx) -> Option<&Unit> {
        self.units.get(idx.index())
    }

    /// The unit at `idx`. Indices come from this tree, so they are always in range.
    pub fn unit(&self, idx: UnitIdx) -> &Unit {
        &self.units[idx.index()]
    }

    pub fn iter(&self) -> impl Iterator<Item = (UnitIdx, &Unit)> {
        self.units.iter().enumerate().map(|(i, u)| (UnitIdx(position_u32(i)), u))
    }

    pub fn children(&self, idx: UnitIdx) -> &[UnitIdx] {
        self.children.get(idx.index()).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn lineage(&self) -> &[Lineage] {
        &self.lineage
    }

    /// Every unit ever recorded under `code`, oldest first.
    pub fn all_with_code(&self, code: &str) -> &[UnitIdx] {
        self.by_code.get(code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The units that held `code` at some time in `period` (two around the 2025 merger, when it
    /// was reused).
    pub fn holding(&self, code: &str, period: Period) -> Vec<UnitIdx> {
        self.all_with_code(code).iter().copied().filter(|&i| self.unit(i).overlaps(period)).collect()
    }

    /// The units of `level` that existed at some time in `period`, in tree order.
    pub fn at_level(&self, level: Level, period: Period) -> Vec<UnitIdx> {
        self.iter().filter(|(_, u)| u.level == level && u.overlaps(period)).map(|(i, _)| i).collect()
    }

    /// Whether `idx` is one of `roots` or below one of them.
    pub fn is_within_any(&self, idx: UnitIdx, roots: &[UnitIdx]) -> bool {
        roots.iter().any(|&r| self.is_within(idx, r))
    }

    /// The unit with `code` that existed on `date`.
    pub fn find_on(&self, code: &str, date: Date) -> Option<UnitIdx> {
        self.all_with_code(code).iter().copied().find(|&i| self.unit(i).valid_on(date))
    }

    /// The unit a code means in `period`: the one that existed at the period's end, else the last
    /// one that existed during it.
    pub fn resolve(&self, code: &str, period: Period) -> Result<UnitIdx, ResolveError> {
        let all = self.all_with_code(code);
        if all.is_empty() {
            return Err(ResolveError::Unknown);
        }
        if let Some(i) = all.iter().copied().find(|&i| self.unit(i).valid_on(period.end())) {
            return Ok(i);
        }
        all.iter()
            .copied()
            .filter(|&i| self.unit(i).overlaps(period))
            .max_by_key(|&i| self.unit(i).valid_to)
            .ok_or(ResolveError::NotInPeriod)
    }

    /// The unit a code means today-or-ever: the one still open, else the last to close.
    pub fn latest(&self, code: &str) -> Option<UnitIdx> {
        let all = self.all_with_code(code);
        all.iter()
            .copied()
            .find(|&i| self.unit(i).valid_to.is_none())
            .or_else(|| all.iter().copied().max_by_key(|&i| self.unit(i).valid_to))
    }

    /// Ancestors from the parent up to the root.
    pub fn ancestors(&self, idx: UnitIdx) -> impl Iterator<Item = UnitIdx> + '_ {
        std::iter::successors(self.unit(idx).parent, move |&p| self.unit(p).parent)
    }

    /// Whether `ancestor` is `idx` or one of its ancestors.
    pub fn is_within(&self, idx: UnitIdx, ancestor: UnitIdx) -> bool {
        idx == ancestor || self.ancestors(idx).any(|a| a == ancestor)
    }

    /// `idx` and everything below it, depth first, in input order among siblings.
    pub fn subtree(&self, idx: UnitIdx) -> Vec<UnitIdx> {
        let mut out = Vec::new();
        let mut stack = vec![idx];
        while let Some(i) = stack.pop() {
            out.push(i);
            stack.extend(self.children(i).iter().rev().copied());
        }
        out
    }

    /// The deepest unit that is, or is an ancestor of, each of `units`: the unit that manages
    /// them all (the district of a district's communes). `None` for no units, or for units
    /// under different roots.
    pub fn common_ancestor(&self, units: &[UnitIdx]) -> Option<UnitIdx> {
        let (&first, rest) = units.split_first()?;
        // The first unit and its ancestors, deepest first; each other unit cuts off the deeper
        // ones that do not hold it.
        let mut chain: Vec<UnitIdx> = std::iter::once(first).chain(self.ancestors(first)).collect();
        for &u in rest {
            let holder = chain.iter().position(|&a| self.is_within(u, a))?;
            chain.drain(..holder);
        }
        chain.first().copied()
    }

    /// The region that applies to a unit: its own, else its nearest ancestor's.
    pub fn effective_region(&self, idx: UnitIdx) -> Option<&str> {
        std::iter::once(idx).chain(self.ancestors(idx)).find_map(|i| self.unit(i).region.as_deref())
    }

    /// The commune group that applies to a unit: its own, else its nearest ancestor's.
    pub fn effective_group(&self, idx: UnitIdx) -> Option<u8> {
        std::iter::once(idx).chain(self.ancestors(idx)).find_map(|i| self.unit(i).group)
    }

    /// Counts of units by level.
    pub fn count_by_level(&self) -> [(Level, usize); 4] {
        Level::ALL.map(|l| (l, self.units.iter().filter(|u| u.level == l).count()))
    }
}

fn position_u32(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}

fn intervals_overlap(a: (Option<Date>, Option<Date>), b: (Option<Date>, Option<Date>)) -> bool {
    let starts_before_end = |s: Option<Date>, e: Option<Date>| match (s, e) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    };
    starts_before_end(a.0, b.1) && starts_before_end(b.0, a.1)
}

/// Among units sharing a code, the one valid at `date` (`None` = since ever).
fn pick_at(candidates: &[UnitIdx], drafts: &[UnitDraft], date: Option<Date>) -> Option<UnitIdx> {
    candidates.iter().copied().find(|&c| {
        let d = &drafts[c.index()];
        match date {
            Some(date) => d.valid_from.is_none_or(|f| f <= date) && d.valid_to.is_none_or(|t| t >= date),
            None => d.valid_from.is_none(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::unit as draft;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn tree_links_parents_and_children_and_inherits_region() {
        let mut p = draft("12", Level::Province, None);
        p.region = Some("tdmnpb".into());
        let tree = UnitTree::build(
            vec![p, draft("106", Level::District, Some("12")), draft("03390", Level::Commune, Some("106"))],
            vec![],
        )
        .unwrap();
        let c = tree.resolve("03390", Period::Year(2024)).unwrap();
        assert_eq!(tree.effective_region(c), Some("tdmnpb"));
        assert_eq!(tree.ancestors(c).count(), 2);
        assert_eq!(tree.subtree(UnitIdx(0)).len(), 3);
    }

    #[test]
    fn a_code_reused_after_a_merger_resolves_by_date() {
        let mut old = draft("03390", Level::Commune, Some("12"));
        old.name = "Thị trấn Tam Đường".into();
        old.valid_to = Some(date("2025-06-30"));
        let mut new = draft("03390", Level::Commune, Some("12"));
        new.name = "Xã Bình Lư".into();
        new.valid_from = Some(date("2025-07-01"));
        let mut bl = draft("03412", Level::Commune, Some("12"));
        bl.valid_to = Some(date("2025-06-30"));
        let tree = UnitTree::build(
            vec![draft("12", Level::Province, None), old, new, bl],
            vec![LineageDraft {
                from_code: "03412".into(),
                to_code: "03390".into(),
                kind: LineageKind::Whole,
                on: date("2025-07-01"),
            }],
        )
        .unwrap();
        let before = tree.resolve("03390", Period::Year(2024)).unwrap();
        let after = tree.resolve("03390", Period::Quarter(2025, 3)).unwrap();
        assert_eq!(tree.unit(before).name, "Thị trấn Tam Đường");
        assert_eq!(tree.unit(after).name, "Xã Bình Lư");
        assert_eq!(tree.unit(tree.resolve("03390", Period::Year(2025)).unwrap()).name, "Xã Bình Lư");
        assert_eq!(tree.resolve("03412", Period::Year(2026)), Err(ResolveError::NotInPeriod));
        // Every unit that held the code in a period: one before, one after, both in 2025.
        assert_eq!(tree.holding("03390", Period::Year(2024)), vec![before]);
        assert_eq!(tree.holding("03390", Period::Quarter(2025, 3)), vec![after]);
        assert_eq!(tree.holding("03390", Period::Year(2025)).len(), 2);
        assert_eq!(tree.at_level(Level::Commune, Period::Year(2026)), vec![after]);
        let province = tree.latest("12").unwrap();
        assert!(tree.is_within_any(after, &[before, province]) && !tree.is_within_any(province, &[after]));
        assert_eq!(tree.resolve("99999", Period::Year(2026)), Err(ResolveError::Unknown));
        assert_eq!(tree.lineage()[0].to, after);
    }

    #[test]
    fn duplicates_unknown_parents_bad_levels_and_cycles_are_refused() {
        let e = UnitTree::build(vec![draft("1", Level::Province, None), draft("1", Level::Province, None)], vec![]);
        assert!(matches!(e, Err(TreeError::DuplicateCode { position: 1, .. })));
        let e = UnitTree::build(vec![draft("2", Level::Commune, Some("9"))], vec![]);
        assert!(matches!(e, Err(TreeError::UnknownParent { .. })));
        let e = UnitTree::build(vec![draft("1", Level::Commune, None), draft("2", Level::District, Some("1"))], vec![]);
        assert!(matches!(e, Err(TreeError::ParentLevel { .. })));
        let e =
            UnitTree::build(vec![draft("a", Level::Village, Some("b")), draft("b", Level::Village, Some("a"))], vec![]);
        assert!(matches!(e, Err(TreeError::Cycle { .. })));
    }

    #[test]
    fn a_units_kind_is_read_from_its_code_its_gso_name_or_the_prefix_of_its_name() {
        assert_eq!(UnitKind::parse("xa"), Some(UnitKind::Xa));
        assert_eq!(UnitKind::parse("Thị trấn"), Some(UnitKind::ThiTran));
        assert_eq!(UnitKind::parse(" PHƯỜNG "), Some(UnitKind::Phuong));
        assert_eq!(UnitKind::parse("thi_tran"), Some(UnitKind::ThiTran));
        assert_eq!(UnitKind::parse("dac-khu"), Some(UnitKind::DacKhu));
        assert_eq!(UnitKind::parse("huyện"), None);
        assert_eq!(UnitKind::from_name("Thị trấn Tam Đường"), Some(UnitKind::ThiTran));
        assert_eq!(UnitKind::from_name("Xã Sơn Bình"), Some(UnitKind::Xa));
        assert_eq!(UnitKind::from_name("Phường Tân Phong"), Some(UnitKind::Phuong));
        assert_eq!(UnitKind::from_name("Đặc khu Phú Quốc"), Some(UnitKind::DacKhu));
        assert_eq!(UnitKind::from_name("Xã"), None, "a prefix is a word followed by a name");
        assert_eq!(UnitKind::from_name("Xuân Lộc"), None);
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn the_managing_unit_is_the_deepest_that_holds_every_unit() {
        let tree = UnitTree::build(
            vec![
                draft("12", Level::Province, None),
                draft("106", Level::District, Some("12")),
                draft("105", Level::District, Some("12")),
                draft("a", Level::Commune, Some("106")),
                draft("b", Level::Commune, Some("106")),
                draft("c", Level::Commune, Some("105")),
                draft("a1", Level::Village, Some("a")),
                draft("99", Level::Province, None),
            ],
            vec![],
        )
        .unwrap();
        let at = |code: &str| tree.latest(code).unwrap();
        assert_eq!(tree.common_ancestor(&[at("a"), at("b")]), Some(at("106")));
        assert_eq!(tree.common_ancestor(&[at("a"), at("b"), at("c")]), Some(at("12")));
        assert_eq!(tree.common_ancestor(&[at("a1"), at("a")]), Some(at("a")), "a commune of its own");
        assert_eq!(tree.common_ancestor(&[at("b")]), Some(at("b")));
        assert_eq!(tree.common_ancestor(&[at("a"), at("99")]), None, "two roots");
        assert_eq!(tree.common_ancestor(&[]), None);
    }

    #[test]
    fn villages_may_nest() {
        let tree = UnitTree::build(
            vec![
                draft("c", Level::Commune, None),
                draft("v", Level::Village, Some("c")),
                draft("x", Level::Village, Some("v")),
            ],
            vec![],
        )
        .unwrap();
        assert_eq!(tree.ancestors(UnitIdx(2)).count(), 2);
    }
}
