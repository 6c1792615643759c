//! Criteria set files and provincial override files (format: `criteria/README.md`), the sets
//! shipped in the binary, and the catalog that joins them with a directory of the user's.

use std::collections::HashMap;
use std::path::Path;

use ntm_domain::{
    Confidence, CriteriaSet, Criterion, CriterionRule, Date, Derivation, Indicator, IndicatorKind, KeyRule, LayerEntry,
    LayerKind, Level, Ratio, RawElement, RecognitionLevel, SetInfo, Threshold, ThresholdKey, ThresholdLayer,
    ThresholdScheme, UnitKind,
};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{InputErrors, Location, Problem};
use crate::text::{Bound, bounded, clean};

/// The sets shipped in the binary: file name and text.
pub const SHIPPED: [(&str, &str); 6] = [
    ("xa-ntm-2021-2025.toml", include_str!("../../../criteria/xa-ntm-2021-2025.toml")),
    ("xa-ntm-nang-cao-2021-2025.toml", include_str!("../../../criteria/xa-ntm-nang-cao-2021-2025.toml")),
    ("xa-ntm-kieu-mau-2021-2025.toml", include_str!("../../../criteria/xa-ntm-kieu-mau-2021-2025.toml")),
    ("huyen-ntm-2021-2025.toml", include_str!("../../../criteria/huyen-ntm-2021-2025.toml")),
    ("xa-ntm-2026-2030.toml", include_str!("../../../criteria/xa-ntm-2026-2030.toml")),
    ("ban-ntm-lai-chau-2021-2025.toml", include_str!("../../../criteria/ban-ntm-lai-chau-2021-2025.toml")),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnyFile {
    set: Option<SetHeader>,
    #[serde(rename = "override")]
    override_: Option<OverrideHeader>,
    #[serde(default)]
    key_rules: Vec<KeyRuleDto>,
    #[serde(default)]
    elements: Vec<ElementDto>,
    #[serde(default)]
    criteria: Vec<CriterionDto>,
    #[serde(default)]
    thresholds: Vec<Spanned<LayerThresholdDto>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetHeader {
    id: Spanned<String>,
    title_vi: String,
    title_en: Option<String>,
    legal_basis: String,
    legal_basis_en: Option<String>,
    decision: Option<String>,
    annex: Option<String>,
    recognition_level: Option<Spanned<String>>,
    level: Spanned<String>,
    /// The kinds of unit of its level the set judges, with where that comes from.
    #[serde(default)]
    unit_kinds: Vec<Spanned<String>>,
    unit_kinds_source: Option<String>,
    unit_kinds_source_en: Option<String>,
    scheme: Spanned<String>,
    effective_from: Option<Spanned<String>>,
    effective_to: Option<Spanned<String>>,
    note: Option<String>,
    note_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyRuleDto {
    flag: Spanned<String>,
    key: Spanned<String>,
    confidence: Spanned<String>,
    source: String,
    source_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementDto {
    id: Spanned<String>,
    name_vi: String,
    name_en: Option<String>,
    unit: String,
    /// A count of things (households, persons): whole numbers only.
    #[serde(default)]
    count: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RuleDto {
    Name(String),
    AtLeast { at_least: u16 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionDto {
    id: Spanned<String>,
    group: Option<String>,
    name_vi: String,
    name_en: Option<String>,
    short_name: Option<String>,
    short_name_en: Option<String>,
    confidence: Spanned<String>,
    source: Option<String>,
    responsible: Option<String>,
    responsible_en: Option<String>,
    responsible_confidence: Option<Spanned<String>>,
    source_en: Option<String>,
    note: Option<String>,
    note_en: Option<String>,
    rule: Option<Spanned<RuleDto>>,
    #[serde(default)]
    indicators: Vec<IndicatorDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DerivedDto {
    numerator: String,
    denominator: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorDto {
    id: Spanned<String>,
    name_vi: String,
    name_en: Option<String>,
    unit: String,
    kind: Spanned<String>,
    expected: Option<Spanned<bool>>,
    confidence: Spanned<String>,
    source: Option<String>,
    source_en: Option<String>,
    note: Option<String>,
    note_en: Option<String>,
    derived: Option<DerivedDto>,
    #[serde(default)]
    thresholds: Vec<ThresholdDto>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumberDto {
    Int(i64),
    Float(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdDto {
    key: Spanned<String>,
    year: Option<Spanned<i32>>,
    value: Spanned<NumberDto>,
    confidence: Spanned<String>,
    source: Spanned<String>,
    source_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideHeader {
    id: Spanned<String>,
    set: Spanned<String>,
    kind: Spanned<String>,
    title: String,
    title_en: Option<String>,
    scope: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerThresholdDto {
    indicator: Spanned<String>,
    key: Spanned<String>,
    year: Option<Spanned<i32>>,
    value: Spanned<NumberDto>,
    confidence: Spanned<String>,
    source: Spanned<String>,
    source_en: Option<String>,
}

/// A parsed criteria file: a set, or a layer of thresholds over a set.
// A file is read once, and a set is far the usual case: boxing it would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum CriteriaFile {
    Set(CriteriaSet),
    /// A layer, with the line of each of its entries (for messages about an entry).
    Override(ThresholdLayer, Vec<u64>),
}

/// Line and column (1-based) of a byte offset, given the offsets of the line starts.
fn line_col(text: &str, line_starts: &[usize], offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let line = line_starts.partition_point(|&start| start <= offset).max(1);
    let start = line_starts.get(line - 1).copied().unwrap_or(0);
    let col = text.get(start..offset).map_or(0, |t| t.chars().count()) + 1;
    (line as u64, col as u64)
}

/// Byte offsets where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

struct Reader<'a> {
    name: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
    errors: InputErrors,
}

impl Reader<'_> {
    fn loc<T>(&self, spanned: &Spanned<T>, field: &str) -> Location {
        let (line, column) = line_col(self.text, &self.line_starts, spanned.span().start);
        Location {
            file: self.name.to_string(),
            line: Some(line),
            column: Some(column),
            field: Some(field.into()),
            cell: None,
        }
    }

    fn fail<T>(&mut self, spanned: &Spanned<T>, field: &str, problem: Problem) {
        let loc = self.loc(spanned, field);
        self.errors.push(loc, problem);
    }

    fn confidence(&mut self, s: &Spanned<String>, field: &str) -> Confidence {
        Confidence::from_code(s.get_ref().trim()).unwrap_or_else(|| {
            self.fail(s, field, Problem::UnknownConfidence(s.get_ref().clone()));
            Confidence::Unverified
        })
    }

    fn key(&mut self, s: &Spanned<String>) -> Option<ThresholdKey> {
        let k = ThresholdKey::parse(s.get_ref());
        if k.is_none() {
            self.fail(s, "key", Problem::UnknownKey(s.get_ref().clone()));
        }
        k
    }

    fn number(&mut self, s: &Spanned<NumberDto>) -> Option<Ratio> {
        let text = match s.get_ref() {
            NumberDto::Int(i) => i.to_string(),
            NumberDto::Float(f) => f.to_string(),
            NumberDto::Text(t) => t.clone(),
        };
        match Ratio::parse_decimal(&text) {
            Ok(r) => Some(r),
            Err(e) => {
                self.fail(s, "value", Problem::BadNumber(text, e));
                None
            }
        }
    }

    fn date(&mut self, s: &Option<Spanned<String>>, field: &str) -> Option<Date> {
        let s = s.as_ref()?;
        match Date::parse(s.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(s, field, Problem::BadDate(s.get_ref().clone(), e));
                None
            }
        }
    }

    fn required(&mut self, s: &Spanned<String>, field: &str) -> String {
        let v = clean(s.get_ref());
        if v.is_empty() {
            self.fail(s, field, Problem::Required);
        }
        v
    }

    /// A required text within its bound (a threshold's citation), placed where it is written.
    fn required_within(&mut self, s: &Spanned<String>, field: &str, bound: Bound) -> String {
        let v = self.required(s, field);
        if let Err(problem) = bounded(&v, bound) {
            self.fail(s, field, problem);
        }
        v
    }

    /// A text of the file cleaned and within its bound; one too long is placed at `anchor`
    /// (the id of the item it belongs to) with its field's name.
    fn text<T>(&mut self, anchor: &Spanned<T>, field: &str, text: &str, bound: Bound) -> String {
        let v = clean(text);
        if let Err(problem) = bounded(&v, bound) {
            self.fail(anchor, field, problem);
        }
        v
    }

    /// An optional text of a file (an English twin, a decision number), cleaned, empty as none,
    /// within its bound as [`Reader::text`].
    fn twin<T>(&mut self, anchor: &Spanned<T>, field: &str, text: &Option<String>, bound: Bound) -> Option<String> {
        text.as_deref().map(|t| self.text(anchor, field, t, bound)).filter(|t| !t.is_empty())
    }
}

/// Reads one criteria file (a set or an override layer).
pub fn parse_criteria_file(name: &str, text: &str) -> Result<CriteriaFile, InputErrors> {
    let file: AnyFile = toml::from_str(text).map_err(|e| {
        let starts = line_starts(text);
        let (line, column) =
            e.span().map(|s| line_col(text, &starts, s.start)).map_or((None, None), |(l, c)| (Some(l), Some(c)));
        InputErrors::one(
            Location { file: name.into(), line, column, field: None, cell: None },
            Problem::Syntax(e.message().to_string()),
        )
    })?;
    let mut r = Reader { name, text, line_starts: line_starts(text), errors: InputErrors::default() };
    match (file.set, file.override_) {
        (Some(header), None) => {
            read_set(&mut r, header, file.key_rules, file.elements, file.criteria).map(CriteriaFile::Set)
        }
        (None, Some(header)) => {
            read_override(&mut r, header, file.thresholds).map(|(layer, lines)| CriteriaFile::Override(layer, lines))
        }
        _ => Err(InputErrors::one(Location::file(name), Problem::NotASetOrOverride)),
    }
}

fn read_set(
    r: &mut Reader<'_>,
    h: SetHeader,
    key_rules: Vec<KeyRuleDto>,
    elements: Vec<ElementDto>,
    criteria: Vec<CriterionDto>,
) -> Result<CriteriaSet, InputErrors> {
    let id = r.required(&h.id, "id");
    let level = Level::from_code(h.level.get_ref().trim()).unwrap_or_else(|| {
        r.fail(&h.level, "level", Problem::UnknownLevel(h.level.get_ref().clone()));
        Level::Commune
    });
    let scheme = match h.scheme.get_ref().trim() {
        "region" => ThresholdScheme::Region,
        "group" => ThresholdScheme::Group,
        other => {
            r.fail(&h.scheme, "scheme", Problem::Syntax(format!("scheme \"{other}\": region | group")));
            ThresholdScheme::Region
        }
    };
    let mut unit_kinds = Vec::new();
    for k in &h.unit_kinds {
        match UnitKind::from_code(k.get_ref().trim()) {
            Some(kind) if level == Level::Commune => unit_kinds.push(kind),
            Some(_) => r.fail(k, "unit_kinds", Problem::KindOfCommuneOnly),
            None => r.fail(k, "unit_kinds", Problem::UnknownUnitKind(k.get_ref().clone())),
        }
    }
    let unit_kinds_source = r.twin(&h.id, "unit_kinds_source", &h.unit_kinds_source, Bound::Citation);
    if let (Some(first), None) = (h.unit_kinds.first(), &unit_kinds_source) {
        // Which units a set judges is law: it is cited like a threshold.
        r.fail(first, "unit_kinds_source", Problem::Required);
    }
    let info = SetInfo {
        id,
        title_vi: r.text(&h.id, "title_vi", &h.title_vi, Bound::Title),
        title_en: r.text(&h.id, "title_en", h.title_en.as_deref().unwrap_or(&h.title_vi), Bound::Title),
        legal_basis: r.text(&h.id, "legal_basis", &h.legal_basis, Bound::Citation),
        legal_basis_en: r.twin(&h.id, "legal_basis_en", &h.legal_basis_en, Bound::Citation),
        decision: r.twin(&h.id, "decision", &h.decision, Bound::Name),
        annex: r.twin(&h.id, "annex", &h.annex, Bound::Name),
        recognition_level: h.recognition_level.as_ref().and_then(|l| recognition_level_of(r, l, level)),
        effective_from: r.date(&h.effective_from, "effective_from"),
        effective_to: r.date(&h.effective_to, "effective_to"),
        note: h.note.as_deref().map(|t| r.text(&h.id, "note", t, Bound::Paragraph)),
        note_en: r.twin(&h.id, "note_en", &h.note_en, Bound::Paragraph),
        unit_kinds,
        unit_kinds_source,
        unit_kinds_source_en: r.twin(&h.id, "unit_kinds_source_en", &h.unit_kinds_source_en, Bound::Citation),
    };
    // Where each criterion, indicator and element is, to place the set's own validation errors.
    let mut lines: HashMap<String, Location> = HashMap::new();
    let mut rules = Vec::new();
    for k in &key_rules {
        let flag = r.text(&k.flag, "flag", k.flag.get_ref(), Bound::Name);
        let key = r.key(&k.key);
        let confidence = r.confidence(&k.confidence, "confidence");
        if let Some(key) = key {
            let source = r.text(&k.flag, "source", &k.source, Bound::Citation);
            let source_en = r.twin(&k.flag, "source_en", &k.source_en, Bound::Citation);
            rules.push(KeyRule { flag, key, source, source_en, confidence });
        }
    }
    let mut raw = Vec::new();
    for e in &elements {
        let id = r.required(&e.id, "id");
        lines.entry(format!("element {id}")).or_insert_with(|| r.loc(&e.id, "id"));
        raw.push(RawElement {
            name_en: r.text(&e.id, "name_en", e.name_en.as_deref().unwrap_or(&e.name_vi), Bound::Title),
            name_vi: r.text(&e.id, "name_vi", &e.name_vi, Bound::Title),
            unit: r.text(&e.id, "unit", &e.unit, Bound::Name),
            count: e.count,
            id,
        });
    }
    let mut out = Vec::new();
    for c in &criteria {
        let id = r.required(&c.id, "id");
        lines.entry(format!("criterion {id}")).or_insert_with(|| r.loc(&c.id, "id"));
        let rule = match c.rule.as_ref().map(|s| (s, s.get_ref())) {
            None => CriterionRule::AllIndicators,
            Some((_, RuleDto::Name(n))) if n == "all" => CriterionRule::AllIndicators,
            Some((_, RuleDto::AtLeast { at_least })) => CriterionRule::AtLeast(*at_least),
            Some((s, RuleDto::Name(_))) => {
                r.fail(s, "rule", Problem::BadRule);
                CriterionRule::AllIndicators
            }
        };
        let responsible_confidence =
            c.responsible_confidence.as_ref().map(|rc| r.confidence(rc, "responsible_confidence"));
        let mut indicators = Vec::new();
        for i in &c.indicators {
            if let Some(ind) = read_indicator(r, i, &mut lines) {
                indicators.push(ind);
            }
        }
        out.push(Criterion {
            name_en: r.text(&c.id, "name_en", c.name_en.as_deref().unwrap_or(&c.name_vi), Bound::Title),
            name_vi: r.text(&c.id, "name_vi", &c.name_vi, Bound::Title),
            group: c.group.as_deref().map(|t| r.text(&c.id, "group", t, Bound::Name)),
            rule,
            indicators,
            responsible: c.responsible.as_deref().map(|t| r.text(&c.id, "responsible", t, Bound::Citation)),
            responsible_confidence,
            confidence: r.confidence(&c.confidence, "confidence"),
            source: c.source.as_deref().map(|t| r.text(&c.id, "source", t, Bound::Citation)),
            note: c.note.as_deref().map(|t| r.text(&c.id, "note", t, Bound::Paragraph)),
            responsible_en: r.twin(&c.id, "responsible_en", &c.responsible_en, Bound::Citation),
            source_en: r.twin(&c.id, "source_en", &c.source_en, Bound::Citation),
            note_en: r.twin(&c.id, "note_en", &c.note_en, Bound::Paragraph),
            short_name: r.twin(&c.id, "short_name", &c.short_name, Bound::Name),
            short_name_en: r.twin(&c.id, "short_name_en", &c.short_name_en, Bound::Name),
            id,
        });
    }
    if !r.errors.is_empty() {
        return Err(std::mem::take(&mut r.errors));
    }
    CriteriaSet::new(info, level, scheme, rules, out, raw).map_err(|e| {
        let loc = e.at().and_then(|at| lines.get(at).cloned()).unwrap_or_else(|| Location::file(r.name));
        InputErrors::one(loc, Problem::Set(e))
    })
}

/// The set's `recognition_level`: a level code whose units are the set's.
fn recognition_level_of(r: &mut Reader<'_>, text: &Spanned<String>, level: Level) -> Option<RecognitionLevel> {
    let Some(l) = RecognitionLevel::from_code(text.get_ref().trim()) else {
        r.fail(text, "recognition_level", Problem::UnknownRecognitionLevel(text.get_ref().clone()));
        return None;
    };
    if l.unit_level() != level {
        r.fail(text, "recognition_level", Problem::SetRecognitionLevel { level, recognition: l });
        return None;
    }
    Some(l)
}

fn read_indicator(r: &mut Reader<'_>, i: &IndicatorDto, lines: &mut HashMap<String, Location>) -> Option<Indicator> {
    let id = r.required(&i.id, "id");
    lines.entry(format!("indicator {id}")).or_insert_with(|| r.loc(&i.id, "id"));
    let kind = match (i.kind.get_ref().trim(), &i.expected) {
        ("boolean", Some(e)) => Some(IndicatorKind::Boolean { expected: *e.get_ref() }),
        ("boolean", None) => {
            r.fail(&i.kind, "expected", Problem::ExpectedMissing);
            None
        }
        ("min" | "max", Some(e)) => {
            r.fail(e, "expected", Problem::ExpectedOnNumeric);
            None
        }
        ("min", None) => Some(IndicatorKind::Min),
        ("max", None) => Some(IndicatorKind::Max),
        (other, _) => {
            r.fail(&i.kind, "kind", Problem::UnknownKind(other.into()));
            None
        }
    };
    let confidence = r.confidence(&i.confidence, "confidence");
    let mut thresholds = Vec::new();
    for t in &i.thresholds {
        let key = r.key(&t.key);
        let value = r.number(&t.value);
        let tc = r.confidence(&t.confidence, "confidence");
        let source = r.required_within(&t.source, "source", Bound::Citation);
        if let (Some(key), Some(value)) = (key, value) {
            let year = t.year.as_ref().map(|y| *y.get_ref());
            let source_en = r.twin(&t.source, "source_en", &t.source_en, Bound::Citation);
            thresholds.push(Threshold { key, year, value, confidence: tc, source, source_en });
        }
    }
    Some(Indicator {
        name_en: r.text(&i.id, "name_en", i.name_en.as_deref().unwrap_or(&i.name_vi), Bound::Title),
        name_vi: r.text(&i.id, "name_vi", &i.name_vi, Bound::Title),
        unit: r.text(&i.id, "unit", &i.unit, Bound::Name),
        kind: kind?,
        thresholds,
        derived: i.derived.as_ref().map(|d| Derivation {
            numerator: r.text(&i.id, "numerator", &d.numerator, Bound::Name),
            denominator: r.text(&i.id, "denominator", &d.denominator, Bound::Name),
        }),
        confidence,
        source: i.source.as_deref().map(|t| r.text(&i.id, "source", t, Bound::Citation)),
        note: i.note.as_deref().map(|t| r.text(&i.id, "note", t, Bound::Paragraph)),
        source_en: r.twin(&i.id, "source_en", &i.source_en, Bound::Citation),
        note_en: r.twin(&i.id, "note_en", &i.note_en, Bound::Paragraph),
        id,
    })
}

fn read_override(
    r: &mut Reader<'_>,
    h: OverrideHeader,
    thresholds: Vec<Spanned<LayerThresholdDto>>,
) -> Result<(ThresholdLayer, Vec<u64>), InputErrors> {
    let kind = match h.kind.get_ref().trim() {
        "override" => LayerKind::Override,
        "illustrative" => LayerKind::Illustrative,
        other => {
            r.fail(&h.kind, "kind", Problem::Syntax(format!("kind \"{other}\": override | illustrative")));
            LayerKind::Override
        }
    };
    let mut entries = Vec::new();
    let mut lines = Vec::new();
    for spanned in &thresholds {
        let t = spanned.get_ref();
        let indicator = r.required(&t.indicator, "indicator");
        let key = r.key(&t.key);
        let value = r.number(&t.value);
        let confidence = r.confidence(&t.confidence, "confidence");
        let source = r.required_within(&t.source, "source", Bound::Citation);
        if let (Some(key), Some(value)) = (key, value) {
            let year = t.year.as_ref().map(|y| *y.get_ref());
            let source_en = r.twin(&t.source, "source_en", &t.source_en, Bound::Citation);
            entries.push(LayerEntry {
                indicator,
                threshold: Threshold { key, year, value, confidence, source, source_en },
            });
            lines.push(line_col(r.text, &r.line_starts, spanned.span().start).0);
        }
    }
    let layer = ThresholdLayer {
        id: r.required(&h.id, "id"),
        set_id: r.required(&h.set, "set"),
        kind,
        title: r.text(&h.id, "title", &h.title, Bound::Title),
        title_en: r.twin(&h.id, "title_en", &h.title_en, Bound::Title),
        scope: h.scope.as_deref().map(|t| r.text(&h.id, "scope", t, Bound::Name)).filter(|s| !s.is_empty()),
        entries,
    };
    if !r.errors.is_empty() {
        return Err(std::mem::take(&mut r.errors));
    }
    // Entries are checked against their set when the layer joins a catalog; keep the lines.
    Ok((layer, lines))
}

/// A set with the file it came from.
#[derive(Clone, Debug)]
pub struct LoadedSet {
    pub set: CriteriaSet,
    pub origin: String,
    pub shipped: bool,
}

/// A layer with the file it came from.
#[derive(Clone, Debug)]
pub struct LoadedLayer {
    pub layer: ThresholdLayer,
    pub origin: String,
    /// The line of each entry in its file (empty when it did not come from a file).
    pub entry_lines: Vec<u64>,
}

impl LoadedLayer {
    /// A layer that did not come from a file (the database, the demo).
    pub fn new(layer: ThresholdLayer, origin: impl Into<String>) -> LoadedLayer {
        LoadedLayer { layer, origin: origin.into(), entry_lines: Vec::new() }
    }
}

/// All criteria sets and threshold layers the program knows.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    sets: Vec<LoadedSet>,
    layers: Vec<LoadedLayer>,
}

impl Catalog {
    /// The sets shipped in the binary.
    pub fn shipped() -> Result<Catalog, InputErrors> {
        let mut c = Catalog::default();
        let mut errors = InputErrors::default();
        let mut layers = Vec::new();
        for (name, text) in SHIPPED {
            match parse_criteria_file(name, text) {
                Ok(CriteriaFile::Set(set)) => c.sets.push(LoadedSet { set, origin: name.into(), shipped: true }),
                Ok(CriteriaFile::Override(layer, entry_lines)) => {
                    layers.push(LoadedLayer { layer, origin: name.into(), entry_lines })
                }
                Err(e) => errors.extend(e),
            }
        }
        for l in layers {
            if let Err(e) = c.add_layer(l) {
                errors.extend(e);
            }
        }
        errors.into_result(c)
    }

    /// The shipped sets plus every `*.toml` of `dir` (sets add or replace; overrides lay over).
    pub fn load(dir: Option<&Path>) -> Result<Catalog, InputErrors> {
        let mut c = Catalog::shipped()?;
        let Some(dir) = dir else { return Ok(c) };
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir)
            .map_err(|e| InputErrors::one(Location::file(&shown), Problem::Unreadable(e.to_string())))?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let mut errors = InputErrors::default();
        let mut layers = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for path in paths {
            let name = path.display().to_string();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(Location::file(&name), Problem::Unreadable(e.to_string()));
                    continue;
                }
            };
            match parse_criteria_file(&name, &text) {
                Ok(CriteriaFile::Set(set)) => {
                    if let Some(other) = seen.insert(set.id().to_string(), name.clone()) {
                        errors.push(
                            Location::file(&name),
                            Problem::DuplicateSet { id: set.id().into(), other_file: other },
                        );
                        continue;
                    }
                    c.sets.retain(|s| s.set.id() != set.id());
                    c.sets.push(LoadedSet { set, origin: name, shipped: false });
                }
                Ok(CriteriaFile::Override(layer, entry_lines)) => {
                    layers.push(LoadedLayer { layer, origin: name, entry_lines })
                }
                Err(e) => errors.extend(e),
            }
        }
        for l in layers {
            if let Err(e) = c.add_layer(l) {
                errors.extend(e);
            }
        }
        errors.into_result(c)
    }

    /// Adds a set, replacing a set with the same id.
    pub fn put_set(&mut self, set: CriteriaSet, origin: &str) {
        self.sets.retain(|s| s.set.id() != set.id());
        self.sets.push(LoadedSet { set, origin: origin.into(), shipped: false });
    }

    /// Adds a layer after checking it against its set.
    pub fn add_layer(&mut self, l: LoadedLayer) -> Result<(), InputErrors> {
        let Some(set) = self.set(&l.layer.set_id) else {
            return Err(InputErrors::one(Location::file(&l.origin), Problem::UnknownSet(l.layer.set_id.clone())));
        };
        l.layer.validate(set).map_err(|e| {
            // The line of the entry at fault, where the layer came from a file.
            let line = e.position().and_then(|p| l.entry_lines.get(p)).copied();
            let location = match line {
                Some(line) => Location::line(&l.origin, line),
                None => Location::file(&l.origin),
            };
            InputErrors::one(location, Problem::Layer(e))
        })?;
        self.layers.push(l);
        Ok(())
    }

    /// Reads an override file and adds it.
    pub fn add_override_file(&mut self, path: &Path) -> Result<(), InputErrors> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputErrors::one(Location::file(&name), Problem::Unreadable(e.to_string())))?;
        match parse_criteria_file(&name, &text)? {
            CriteriaFile::Override(layer, entry_lines) => {
                self.add_layer(LoadedLayer { layer, origin: name, entry_lines })
            }
            CriteriaFile::Set(_) => Err(InputErrors::one(Location::file(&name), Problem::NotASetOrOverride)),
        }
    }

    pub fn sets(&self) -> impl Iterator<Item = &LoadedSet> {
        self.sets.iter()
    }

    pub fn set(&self, id: &str) -> Option<&CriteriaSet> {
        self.sets.iter().find(|s| s.set.id() == id).map(|s| &s.set)
    }

    /// The layers over a set, in the order they apply.
    /// The layers of a set in the order they apply (later over earlier): illustrative layers
    /// first, then those for every unit, then those for one province's units — so a province's
    /// own threshold stands over a later general correction. Within each kind, in load order
    /// (files, then the database in the order the layers were made).
    pub fn layers_for(&self, set_id: &str) -> Vec<&ThresholdLayer> {
        let mut layers: Vec<&ThresholdLayer> =
            self.layers.iter().filter(|l| l.layer.set_id == set_id).map(|l| &l.layer).collect();
        layers.sort_by_key(|l| (l.kind != LayerKind::Illustrative, l.scope.is_some()));
        layers
    }

    pub fn layers(&self) -> impl Iterator<Item = &LoadedLayer> {
        self.layers.iter()
    }
}
