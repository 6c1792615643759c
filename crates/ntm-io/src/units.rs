//! Unit lists: the contract units CSV (`code,name,level,parent_code,region,group`), the GSO list
//! of communes of January 2025, and the GSO table of the July 2025 mergers. Any mix of them builds
//! one [`UnitTree`] with effective dates and lineage.
//!
//! A commune-level unit's kind (xã, phường, thị trấn, đặc khu: a xã set judges xã only) is read
//! from the GSO list's `Cấp` column, from the contract file's optional `kind` column, else from
//! the prefix of its name (`Thị trấn Tam Đường`); the merger table's new units say theirs in
//! their names (`Xã Bình Lư`, `Phường Tân Phong`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use ntm_domain::unit::{TreeError, is_region};
use ntm_domain::{Date, Level, LineageDraft, LineageKind, UnitDraft, UnitKind, UnitTree};

use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{Sheet, field, read_sheet};
use crate::text::{Bound, bounded};

/// The day the July 2025 reorganisation took effect.
pub fn merger_date() -> Date {
    ntm_domain::unit::REORGANISATION_2025
}

const PROVINCE_REGIONS: &str = include_str!("../data/provinces-regions-2025-01.csv");

/// The region of each province of January 2025 (GSO code → region code), from
/// `reference/provinces-regions-2025-01.csv`.
pub fn province_regions() -> HashMap<String, String> {
    PROVINCE_REGIONS
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut parts = l.split(',');
            let code = parts.next()?.trim();
            let region = parts.nth(1)?.trim();
            Some((code.to_string(), region.to_string()))
        })
        .collect()
}

/// Which kind of unit file a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitFormat {
    /// `code,name,level,parent_code,region,group` (DESIGN.md §4).
    Contract,
    /// The GSO list of commune-level units with their districts and provinces.
    GsoCommunes,
    /// The GSO table mapping old communes to the new ones of 1 July 2025.
    GsoMerger,
}

/// A unit draft with where it was read.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub item: T,
    pub at: Location,
}

/// One row of the merger table.
#[derive(Clone, Debug)]
pub struct MergerRow {
    pub new_province: (String, String),
    pub new_commune: (String, String),
    pub old_commune: Option<(String, String)>,
    pub old_district: Option<(String, String)>,
    pub old_province: Option<(String, String)>,
    pub kind: LineageKind,
    pub from_district: bool,
    pub line: u64,
}

/// What one file held.
#[derive(Clone, Debug)]
pub struct UnitFile {
    pub name: String,
    pub format: UnitFormat,
    pub units: Vec<Located<UnitDraft>>,
    pub merger: Vec<MergerRow>,
}

/// Reads a unit file of any of the three formats.
pub fn read_units_file(path: &Path) -> Result<UnitFile, InputErrors> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputErrors::one(Location::file(&name), Problem::Unreadable(e.to_string())))?;
    read_units_text(&name, &text)
}

pub fn read_units_text(name: &str, text: &str) -> Result<UnitFile, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let first = sheet.header.first().map(String::as_str).unwrap_or("");
    if sheet.column("code").is_some() || sheet.column("parent_code").is_some() {
        read_contract(&sheet)
    } else if first == "Tỉnh Thành Phố" {
        read_gso_communes(&sheet)
    } else if first.starts_with("Đơn vị hành chính") {
        read_gso_merger(&sheet)
    } else {
        Err(InputErrors::one(Location::line(name, 1), Problem::UnknownFormat))
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

fn level_of(text: &str) -> Option<Level> {
    let t = text.to_lowercase();
    Level::from_code(&t).or(match t.as_str() {
        "tỉnh" | "tinh" => Some(Level::Province),
        "huyện" | "huyen" => Some(Level::District),
        "xã" | "xa" => Some(Level::Commune),
        "thôn" | "bản" | "thon" | "ban" => Some(Level::Village),
        _ => None,
    })
}

fn read_contract(sheet: &Sheet) -> Result<UnitFile, InputErrors> {
    let cols = sheet.require(&["code", "name", "level", "parent_code", "region", "group"])?;
    let [c_code, c_name, c_level, c_parent, c_region, c_group] = cols[..] else {
        return Err(InputErrors::one(Location::file(&sheet.name), Problem::UnknownFormat));
    };
    let c_flags = sheet.column("flags");
    let c_kind = sheet.column("kind");
    let c_from = sheet.column("valid_from");
    let c_to = sheet.column("valid_to");
    let mut errors = InputErrors::default();
    let mut units = Vec::new();
    for (line, row) in &sheet.rows {
        if row.iter().all(String::is_empty) {
            continue;
        }
        let at = |f: &str| Location::at(&sheet.name, *line, f);
        let code = field(row, c_code);
        if code.is_empty() {
            errors.push(at("code"), Problem::Required);
        } else if !valid_code(code) {
            errors.push(at("code"), Problem::TooLong);
        }
        let name = field(row, c_name);
        if name.is_empty() {
            errors.push(at("name"), Problem::Required);
        }
        let level = level_of(field(row, c_level));
        if level.is_none() {
            errors.push(at("level"), Problem::UnknownLevel(field(row, c_level).into()));
        }
        let region_text = field(row, c_region).to_lowercase();
        let region = if region_text.is_empty() {
            None
        } else if is_region(&region_text) {
            Some(region_text)
        } else {
            errors.push(at("region"), Problem::UnknownRegion(field(row, c_region).into()));
            None
        };
        let group_text = field(row, c_group);
        let group = match group_text.trim_start_matches("nhom").trim_start_matches("nhóm").trim() {
            "" => None,
            "1" => Some(1),
            "2" => Some(2),
            "3" => Some(3),
            _ => {
                errors.push(at("group"), Problem::UnknownGroup(group_text.into()));
                None
            }
        };
        let mut flags = Vec::new();
        if let Some(c) = c_flags {
            for f in field(row, c).split([';', ' ', '|']).filter(|f| !f.is_empty()) {
                let f = f.to_lowercase();
                if f.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-') {
                    flags.push(f);
                } else {
                    errors.push(at("flags"), Problem::BadFlag(f));
                }
            }
        }
        let mut date = |c: Option<usize>, f: &str| -> Option<Date> {
            let t = field(row, c?);
            if t.is_empty() {
                return None;
            }
            Date::parse(t).map_err(|e| errors.push(at(f), Problem::BadDate(t.into(), e))).ok()
        };
        let valid_from = date(c_from, "valid_from");
        let valid_to = date(c_to, "valid_to");
        let kind_text = c_kind.map_or("", |c| field(row, c));
        let kind = match UnitKind::parse(kind_text) {
            _ if kind_text.is_empty() => (level == Some(Level::Commune)).then(|| UnitKind::from_name(name)).flatten(),
            Some(k) if level == Some(Level::Commune) => Some(k),
            Some(_) => {
                errors.push(at("kind"), Problem::KindOfCommuneOnly);
                None
            }
            None => {
                errors.push(at("kind"), Problem::UnknownUnitKind(kind_text.into()));
                None
            }
        };
        let parent = field(row, c_parent);
        if let Some(level) = level {
            units.push(Located {
                item: UnitDraft {
                    code: code.into(),
                    name: name.into(),
                    level,
                    parent_code: (!parent.is_empty()).then(|| parent.to_string()),
                    region,
                    group,
                    flags,
                    valid_from,
                    valid_to,
                    kind,
                },
                at: Location::line(&sheet.name, *line),
            });
        }
    }
    errors.into_result(UnitFile { name: sheet.name.clone(), format: UnitFormat::Contract, units, merger: vec![] })
}

/// A GSO unit (no group or flags) with its validity and where it was read; a commune's kind is
/// the one its name says.
fn gso_unit(
    code: &str,
    name: &str,
    level: Level,
    parent: Option<&str>,
    region: Option<String>,
    valid: (Option<Date>, Option<Date>),
    at: &Location,
) -> Located<UnitDraft> {
    Located {
        item: UnitDraft {
            code: code.into(),
            name: name.into(),
            level,
            parent_code: parent.map(Into::into),
            region,
            group: None,
            flags: vec![],
            valid_from: valid.0,
            valid_to: valid.1,
            kind: (level == Level::Commune).then(|| UnitKind::from_name(name)).flatten(),
        },
        at: at.clone(),
    }
}

fn digits(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_digit())
}

fn read_gso_communes(sheet: &Sheet) -> Result<UnitFile, InputErrors> {
    let cols = sheet.require(&["tỉnh thành phố", "mã tp", "quận huyện", "mã qh", "phường xã", "mã px", "cấp"])?;
    let [c_pn, c_pc, c_dn, c_dc, c_cn, c_cc, c_level] = cols[..] else {
        return Err(InputErrors::one(Location::file(&sheet.name), Problem::UnknownFormat));
    };
    let regions = province_regions();
    let mut errors = InputErrors::default();
    let mut units = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, row) in &sheet.rows {
        if row.iter().all(String::is_empty) {
            continue;
        }
        let at = |f: &str| Location::at(&sheet.name, *line, f);
        let (pc, dc, cc) = (field(row, c_pc), field(row, c_dc), field(row, c_cc));
        let mut ok = true;
        for (code, len, f) in [(pc, 2, "Mã TP"), (dc, 3, "Mã QH")] {
            if !digits(code, len) {
                errors.push(at(f), if code.is_empty() { Problem::Required } else { Problem::TooLong });
                ok = false;
            }
        }
        let is_district_only = field(row, c_level).eq_ignore_ascii_case("huyện") && cc.is_empty();
        if !is_district_only && !digits(cc, 5) {
            errors.push(at("Mã PX"), if cc.is_empty() { Problem::Required } else { Problem::TooLong });
            ok = false;
        }
        let names = [(c_pn, "Tỉnh Thành Phố"), (c_dn, "Quận Huyện")]
            .into_iter()
            .chain((!is_district_only).then_some((c_cn, "Phường Xã")));
        for (c, f) in names {
            if field(row, c).is_empty() {
                errors.push(at(f), Problem::Required);
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let at_line = Location::line(&sheet.name, *line);
        let mk = |code: &str, name: &str, level, parent: Option<&str>, region: Option<String>| {
            gso_unit(code, name, level, parent, region, (None, None), &at_line)
        };
        if !seen.contains_key(pc) {
            seen.insert(pc.into(), *line);
            units.push(mk(pc, field(row, c_pn), Level::Province, None, regions.get(pc).cloned()));
        }
        if !seen.contains_key(dc) {
            seen.insert(dc.into(), *line);
            units.push(mk(dc, field(row, c_dn), Level::District, Some(pc), None));
        }
        if is_district_only {
            continue;
        }
        if let Some(first) = seen.get(cc) {
            errors.push(at("Mã PX"), Problem::DuplicateUnit { code: cc.into(), first_line: *first });
            continue;
        }
        seen.insert(cc.into(), *line);
        let mut commune = mk(cc, field(row, c_cn), Level::Commune, Some(dc), None);
        // The list says each commune's kind in its `Cấp` column.
        match UnitKind::parse(field(row, c_level)) {
            Some(kind) => commune.item.kind = Some(kind),
            None => errors.push(at("Cấp"), Problem::UnknownUnitKind(field(row, c_level).into())),
        }
        units.push(commune);
    }
    errors.into_result(UnitFile { name: sheet.name.clone(), format: UnitFormat::GsoCommunes, units, merger: vec![] })
}

/// Splits "Tỉnh Lai Châu (12)" into ("Tỉnh Lai Châu", "12").
fn name_and_code(text: &str) -> Option<(String, String)> {
    let open = text.rfind('(')?;
    let close = text.rfind(')')?;
    let code = text.get(open + 1..close)?.trim();
    let name = text.get(..open)?.trim();
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())).then(|| (name.to_string(), code.to_string()))
}

fn read_gso_merger(sheet: &Sheet) -> Result<UnitFile, InputErrors> {
    let mut errors = InputErrors::default();
    let mut merger = Vec::new();
    for (line, row) in &sheet.rows {
        let at = |f: &str| Location::at(&sheet.name, *line, f);
        let (new_prov, new_name, new_code) = (field(row, 0), field(row, 1), field(row, 2));
        // Second header row and the province section rows carry no new code.
        if new_code.is_empty() || new_code == "Mã Xã mới" {
            continue;
        }
        if !digits(new_code, 5) {
            errors.push(at("Mã Xã mới"), Problem::TooLong);
            continue;
        }
        let Some(new_province) = name_and_code(new_prov).filter(|(n, c)| !n.is_empty() && valid_code(c)) else {
            errors.push(at("Tỉnh, thành phố"), Problem::Required);
            continue;
        };
        if new_name.is_empty() {
            errors.push(at("Tên Xã mới"), Problem::Required);
            continue;
        }
        let (old_name, old_code, note) = (field(row, 3), field(row, 4), field(row, 5).to_lowercase());
        if !old_code.is_empty() && !digits(old_code, 5) {
            errors.push(at("Mã Xã cũ"), Problem::TooLong);
            continue;
        }
        if !old_code.is_empty() && old_name.is_empty() {
            errors.push(at("Tên Xã cũ"), Problem::Required);
            continue;
        }
        let kind = if note.starts_with("nhập một phần") {
            LineageKind::Part
        } else if note.starts_with("giữ nguyên") || note.starts_with("đổi loại hình") {
            LineageKind::Unchanged
        } else {
            LineageKind::Whole
        };
        // An old district or province, when given, is a name with its code ("Huyện Tam Đường (106)").
        let (old_district, old_province) = (name_and_code(field(row, 6)), name_and_code(field(row, 7)));
        let mut malformed = false;
        for (unit, index, column) in [(&old_district, 6, "Quận/huyện"), (&old_province, 7, "Tỉnh cũ")] {
            let problem = match unit {
                None if field(row, index).is_empty() => continue,
                None => Problem::NameWithoutCode(field(row, index).to_string()),
                Some((name, _)) if name.is_empty() => Problem::Required,
                Some((_, code)) if valid_code(code) => continue,
                Some(_) => Problem::TooLong,
            };
            errors.push(at(column), problem);
            malformed = true;
        }
        if malformed {
            continue;
        }
        merger.push(MergerRow {
            new_province,
            new_commune: (new_name.to_string(), new_code.to_string()),
            old_commune: (!old_code.is_empty()).then(|| (old_name.to_string(), old_code.to_string())),
            old_district,
            old_province,
            kind,
            from_district: old_code.is_empty() && note.contains("huyện"),
            line: *line,
        });
    }
    errors.into_result(UnitFile { name: sheet.name.clone(), format: UnitFormat::GsoMerger, units: vec![], merger })
}

/// Counts and remarks of an import, for the officer who ran it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Units by level, as (level, total, still open).
    pub by_level: Vec<(Level, usize, usize)>,
    pub lineage: usize,
    /// Old communes known only from the merger table (not in the January list).
    pub old_only_in_merger: Vec<String>,
    /// Communes of the January list that the merger table does not mention.
    pub absent_from_merger: Vec<String>,
}

/// A built tree and what went into it.
pub struct UnitImport {
    pub tree: UnitTree,
    pub summary: ImportSummary,
}

/// Builds one tree from any mix of unit files. With a merger table, every unit of a GSO list
/// closes on 30/6/2025 and the new units open on 1/7/2025 with lineage from the old ones.
pub fn build_tree(files: Vec<UnitFile>) -> Result<UnitImport, InputErrors> {
    let regions = province_regions();
    let has_merger = files.iter().any(|f| f.format == UnitFormat::GsoMerger);
    let mut units: Vec<Located<UnitDraft>> = Vec::new();
    let mut gso_positions = Vec::new();
    let mut rows: Vec<(String, MergerRow)> = Vec::new();
    for f in files {
        if f.format == UnitFormat::GsoCommunes {
            gso_positions.extend(units.len()..units.len() + f.units.len());
        }
        units.extend(f.units);
        rows.extend(f.merger.into_iter().map(|r| (f.name.clone(), r)));
    }
    let mut summary = ImportSummary::default();
    let mut lineage: Vec<Located<LineageDraft>> = Vec::new();
    if has_merger {
        let day = merger_date();
        let closed = day.pred();
        for &p in &gso_positions {
            units[p].item.valid_to.get_or_insert(closed);
        }
        let mut old_known: HashSet<String> =
            units.iter().filter(|u| u.item.valid_from.is_none_or(|f| f < day)).map(|u| u.item.code.clone()).collect();
        let gso_communes: Vec<String> = gso_positions
            .iter()
            .filter(|&&p| units[p].item.level == Level::Commune)
            .map(|&p| units[p].item.code.clone())
            .collect();
        let mut new_known: HashSet<String> = HashSet::new();
        let mut new_regions: HashMap<String, HashSet<Option<String>>> = HashMap::new();
        let mut mentioned: HashSet<String> = HashSet::new();
        let mut province_links: HashSet<(String, String)> = HashSet::new();
        for (file, r) in &rows {
            let at = Location::line(file, r.line);
            let old_unit = |code: &str, name: &str, level, parent: Option<&str>, region: Option<String>| {
                gso_unit(code, name, level, parent, region, (None, Some(closed)), &at)
            };
            // Old units the January list lacks are created from the table's own columns.
            if let (Some((pn, pc)), Some((dn, dc))) = (&r.old_province, &r.old_district) {
                if old_known.insert(pc.clone()) {
                    units.push(old_unit(pc, pn, Level::Province, None, regions.get(pc).cloned()));
                }
                if old_known.insert(dc.clone()) {
                    units.push(old_unit(dc, dn, Level::District, Some(pc), None));
                }
                if let Some((cn, cc)) = &r.old_commune
                    && old_known.insert(cc.clone())
                {
                    summary.old_only_in_merger.push(cc.clone());
                    units.push(old_unit(cc, cn, Level::Commune, Some(dc), None));
                }
                province_links.insert((pc.clone(), r.new_province.1.clone()));
            }
            let (npn, npc) = &r.new_province;
            let new_unit = |code: &str, name: &str, level, parent: Option<&str>| {
                gso_unit(code, name, level, parent, None, (Some(day), None), &at)
            };
            if new_known.insert(format!("p{npc}")) {
                units.push(new_unit(npc, npn, Level::Province, None));
            }
            let (ncn, ncc) = &r.new_commune;
            if new_known.insert(format!("c{ncc}")) {
                units.push(new_unit(ncc, ncn, Level::Commune, Some(npc)));
            }
            let from = match (&r.old_commune, &r.old_district) {
                (Some((_, cc)), _) => Some(cc.clone()),
                (None, Some((_, dc))) if r.from_district => Some(dc.clone()),
                _ => None,
            };
            if let Some(from) = from {
                mentioned.insert(from.clone());
                let region = r.old_province.as_ref().and_then(|(_, pc)| regions.get(pc).cloned());
                new_regions.entry(ncc.clone()).or_default().insert(region);
                lineage.push(Located {
                    item: LineageDraft { from_code: from, to_code: ncc.clone(), kind: r.kind, on: day },
                    at,
                });
            }
        }
        for (old_p, new_p) in province_links {
            lineage.push(Located {
                item: LineageDraft { from_code: old_p, to_code: new_p, kind: LineageKind::Part, on: day },
                at: Location::file("merger"),
            });
        }
        // A new commune takes the region its predecessors share, if they share one.
        for u in units.iter_mut().filter(|u| u.item.valid_from == Some(day) && u.item.level == Level::Commune) {
            if let Some(set) = new_regions.get(&u.item.code)
                && set.len() == 1
            {
                u.item.region = set.iter().next().cloned().flatten();
            }
        }
        summary.absent_from_merger = gso_communes.into_iter().filter(|c| !mentioned.contains(c)).collect();
    }
    // Every name, whatever the format it came in, within the one bound of stored names.
    let mut errors = InputErrors::default();
    for u in &units {
        if let Err(problem) = bounded(&u.item.name, Bound::Name) {
            errors.push(Location { field: Some("name".into()), ..u.at.clone() }, problem);
        }
    }
    errors.into_result(())?;
    let (drafts, unit_at): (Vec<UnitDraft>, Vec<Location>) = units.into_iter().map(|u| (u.item, u.at)).unzip();
    let (links, link_at): (Vec<LineageDraft>, Vec<Location>) = lineage.into_iter().map(|l| (l.item, l.at)).unzip();
    let tree = UnitTree::build(drafts, links).map_err(|e| tree_error(e, &unit_at, &link_at))?;
    summary.lineage = tree.lineage().len();
    summary.by_level = Level::ALL
        .iter()
        .map(|&l| {
            let all = tree.iter().filter(|(_, u)| u.level == l);
            let (n, open) = all.fold((0, 0), |(n, o), (_, u)| (n + 1, o + usize::from(u.valid_to.is_none())));
            (l, n, open)
        })
        .collect();
    Ok(UnitImport { tree, summary })
}

fn tree_error(e: TreeError, unit_at: &[Location], link_at: &[Location]) -> InputErrors {
    let at = |p: usize, f: &str| {
        let mut l = unit_at.get(p).cloned().unwrap_or_default();
        l.field = Some(f.into());
        l
    };
    let line_of = |p: usize| unit_at.get(p).and_then(|l| l.line).unwrap_or(0);
    match e {
        TreeError::DuplicateCode { position, code, first } => {
            let (here, there) = (unit_at.get(position), unit_at.get(first));
            let same_file = here.map(|l| &l.file) == there.map(|l| &l.file) && there.and_then(|l| l.line).is_some();
            let problem = if same_file {
                Problem::DuplicateUnit { code, first_line: line_of(first) }
            } else {
                Problem::DuplicateUnitIn { code, other: Box::new(there.cloned().unwrap_or_default()) }
            };
            InputErrors::one(at(position, "code"), problem)
        }
        TreeError::UnknownParent { position, parent, .. } => {
            InputErrors::one(at(position, "parent_code"), Problem::UnknownParent(parent))
        }
        TreeError::ParentLevel { position, parent, parent_level, level, .. } => InputErrors::one(
            at(position, "parent_code"),
            Problem::ParentLevel { parent, parent_level: parent_level.to_string(), level: level.to_string() },
        ),
        TreeError::Cycle { position, .. } => InputErrors::one(at(position, "parent_code"), Problem::Cycle),
        TreeError::DatesReversed { position, .. } => InputErrors::one(at(position, "valid_to"), Problem::DatesReversed),
        TreeError::UnknownLineageUnit { position, code } => {
            InputErrors::one(link_at.get(position).cloned().unwrap_or_default(), Problem::UnknownUnit(code))
        }
    }
}
