//! The recognitions CSV (DESIGN.md §4): `unit_code,level,decision,decided_on` (+ optional
//! `lost_on`, `lost_decision`); dates `dd/mm/yyyy` or `yyyy-mm-dd`; levels as
//! [`RecognitionLevel`] writes them (`ntm`, `nang-cao`, `kieu-mau`, `ban-ntm`, `huyen-ntm`). Each
//! row is checked against the unit tree: the unit must exist on the day of the decision and be of
//! the level the standard is for. All rows or none.

use std::collections::HashMap;

use ntm_domain::{Date, Loss, RecognitionLevel, UnitIdx, UnitTree};

use crate::error::{InputErrors, Location, Problem};
use crate::sheet::{date, field, read_sheet, required, seen_before};
use crate::text::{Bound, bounded};

/// One checked decision with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognitionRow {
    /// The unit as it stood on the day of the decision.
    pub unit: UnitIdx,
    pub unit_code: String,
    pub level: RecognitionLevel,
    pub decision: String,
    pub decided_on: Date,
    pub lost: Option<Loss>,
    pub line: u64,
}

/// A recognition level as written (any case).
pub fn recognition_level(text: &str) -> Result<RecognitionLevel, Problem> {
    RecognitionLevel::from_code(&required(text)?.to_lowercase())
        .ok_or_else(|| Problem::UnknownRecognitionLevel(text.into()))
}

/// Reads and checks every row; returns all errors if any row is bad.
pub fn read_recognitions(name: &str, text: &str, tree: &UnitTree) -> Result<Vec<RecognitionRow>, InputErrors> {
    let sheet = read_sheet(name, text)?;
    let cols = sheet.require(&["unit_code", "level", "decision", "decided_on"])?;
    let [c_unit, c_level, c_decision, c_date] = cols[..] else {
        return Err(InputErrors::one(Location::file(name), Problem::UnknownFormat));
    };
    let (c_lost_on, c_lost_decision) = (sheet.column("lost_on"), sheet.column("lost_decision"));
    let mut errors = InputErrors::default();
    let mut out = Vec::new();
    let mut first_line: HashMap<(UnitIdx, RecognitionLevel, String), u64> = HashMap::new();
    for (line, row) in sheet.filled_rows() {
        let at = |f: &str| Location::at(name, line, f);
        let before = errors.0.len();
        let decided_on = errors.take(at("decided_on"), required(field(row, c_date)).and_then(date));
        let code = field(row, c_unit);
        let unit = match (code, decided_on) {
            ("", _) => errors.take(at("unit_code"), Err(Problem::Required)),
            (code, _) if tree.all_with_code(code).is_empty() => {
                errors.take(at("unit_code"), Err(Problem::UnknownUnit(code.into())))
            }
            (code, Some(on)) => {
                errors.take(at("unit_code"), tree.find_on(code, on).ok_or(Problem::UnitNotOnDate(code.into(), on)))
            }
            (_, None) => None,
        };
        let level = errors.take(at("level"), recognition_level(field(row, c_level)));
        if let (Some(u), Some(l)) = (unit, level)
            && tree.unit(u).level != l.unit_level()
        {
            let problem = Problem::RecognitionForLevel { code: code.into(), level: tree.unit(u).level, recognition: l };
            errors.push(at("level"), problem);
        }
        let decision =
            errors.take(at("decision"), required(field(row, c_decision)).and_then(|d| bounded(d, Bound::Name)));
        let lost_decision = c_lost_decision.map_or("", |c| field(row, c));
        errors.take(at("lost_decision"), bounded(lost_decision, Bound::Name));
        let lost_on = match c_lost_on.map_or("", |c| field(row, c)) {
            "" if !lost_decision.is_empty() => {
                errors.take(at("lost_on"), Err(Problem::RequiredFor("lost_decision".into())))
            }
            "" => None,
            t => errors.take(at("lost_on"), date(t)),
        };
        if let (Some(decided), Some(lost)) = (decided_on, lost_on)
            && lost < decided
        {
            errors.push(at("lost_on"), Problem::LostBeforeDecided { decided, lost });
        }
        let (Some(unit), Some(level), Some(decision), Some(decided_on)) = (unit, level, decision, decided_on) else {
            continue;
        };
        if errors.0.len() > before {
            continue;
        }
        if let Some(first) = seen_before(&mut first_line, (unit, level, decision.to_string()), line) {
            let key = format!("{code} {} {decision}", level.code());
            errors.push(at("decision"), Problem::Duplicate { key, first_line: first });
            continue;
        }
        out.push(RecognitionRow {
            unit,
            unit_code: code.into(),
            level,
            decision: decision.into(),
            decided_on,
            lost: lost_on.map(|on| Loss { on, decision: lost_decision.into() }),
            line,
        });
    }
    errors.into_result(out)
}
