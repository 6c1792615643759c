//! The criteria files' own words have English twins: every note, source, legal basis,
//! responsible agency and layer title that is more than a bare citation (`S1`, `S4, S4b`) has
//! one, and what stays Vietnamese in a twin is a name or a number kept from the original. Every
//! unit of measure of the shipped sets has an English name.

use ntm_domain::explain::unit_label;
use ntm_domain::{CriteriaSet, Lang, ThresholdLayer};
use ntm_io::{Catalog, CriteriaFile, parse_criteria_file};

/// The demo's own criteria files: its illustrative layers and its illustrative village set.
const DEMO_FILES: [(&str, &str); 3] = [
    ("illustrative-thresholds.toml", include_str!("../../../../demo/tam-duong/illustrative-thresholds.toml")),
    (
        "illustrative-village-thresholds.toml",
        include_str!("../../../../demo/tam-duong/illustrative-village-thresholds.toml"),
    ),
    ("illustrative-village-set.toml", include_str!("../../../../demo/tam-duong/illustrative-village-set.toml")),
];

/// A letter English does not write and Vietnamese does (a Latin letter with a diacritic).
fn vietnamese_letter(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x0300..=0x036F | 0x1E00..=0x1EFF) && c != '×' && c != '÷'
}

/// A source that is only source ids (`S1`, `S4, S4b`): the same in both languages.
fn bare_citation(text: &str) -> bool {
    text.split(", ").all(|id| {
        id.strip_prefix('S').is_some_and(|n| {
            let digits = n.trim_end_matches(|c: char| c.is_ascii_lowercase());
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

/// What is wrong with a text and its twin, if anything: `what` names the text.
fn check(what: &str, vi: Option<&str>, en: Option<&str>, problems: &mut Vec<String>) {
    let Some(vi) = vi else {
        if en.is_some() {
            problems.push(format!("{what}: an English twin without its text"));
        }
        return;
    };
    match en {
        None if bare_citation(vi) => {}
        None => problems.push(format!("{what}: no English twin of \"{vi}\"")),
        Some(en) => {
            // Kept as written: numbers of documents, and names — two or more capitalised words
            // running together in the Vietnamese text too ("Bình Phước", "Phạm Bình Minh").
            let words: Vec<&str> =
                en.split_whitespace().map(|w| w.trim_matches(|c: char| ",;:.()'\"".contains(c))).collect();
            let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
            let pair = |a: &str, b: &str| capital(a) && capital(b) && vi.contains(&format!("{a} {b}"));
            for (k, word) in words.iter().enumerate() {
                if !word.chars().any(vietnamese_letter) {
                    continue;
                }
                let number = word.chars().next().is_some_and(|c| c.is_ascii_digit()) && vi.contains(word);
                let name = (k > 0 && pair(words[k - 1], word)) || words.get(k + 1).is_some_and(|next| pair(word, next));
                if !number && !name {
                    problems.push(format!("{what}: \"{word}\" left in Vietnamese in \"{en}\""));
                }
            }
        }
    }
}

fn check_set(set: &CriteriaSet, problems: &mut Vec<String>) {
    let id = set.id();
    let info = &set.info;
    check(&format!("{id} legal_basis"), Some(&info.legal_basis), info.legal_basis_en.as_deref(), problems);
    check(&format!("{id} note"), info.note.as_deref(), info.note_en.as_deref(), problems);
    check(&format!("{id} title"), Some(&info.title_vi), Some(&info.title_en), problems);
    let kinds = (info.unit_kinds_source.as_deref(), info.unit_kinds_source_en.as_deref());
    check(&format!("{id} unit_kinds_source"), kinds.0, kinds.1, problems);
    for k in &set.key_rules {
        check(&format!("{id} key rule {}", k.flag), Some(&k.source), k.source_en.as_deref(), problems);
    }
    for c in set.criteria() {
        let at = format!("{id} criterion {}", c.id);
        check(&format!("{at} name"), Some(&c.name_vi), Some(&c.name_en), problems);
        check(&format!("{at} short name"), Some(c.short(Lang::Vi)), Some(c.short(Lang::En)), problems);
        check(&format!("{at} responsible"), c.responsible.as_deref(), c.responsible_en.as_deref(), problems);
        check(&format!("{at} source"), c.source.as_deref(), c.source_en.as_deref(), problems);
        check(&format!("{at} note"), c.note.as_deref(), c.note_en.as_deref(), problems);
        for i in &c.indicators {
            let at = format!("{id} indicator {}", i.id);
            check(&format!("{at} name"), Some(&i.name_vi), Some(&i.name_en), problems);
            check(&format!("{at} source"), i.source.as_deref(), i.source_en.as_deref(), problems);
            check(&format!("{at} note"), i.note.as_deref(), i.note_en.as_deref(), problems);
            for t in &i.thresholds {
                let at = format!("{at} threshold {} {:?}", t.key, t.year);
                check(&at, Some(&t.source), t.source_en.as_deref(), problems);
            }
        }
    }
    for e in set.raw_elements() {
        check(&format!("{id} element {}", e.id), Some(&e.name_vi), Some(&e.name_en), problems);
    }
}

fn check_layer(layer: &ThresholdLayer, problems: &mut Vec<String>) {
    check(&format!("layer {} title", layer.id), Some(&layer.title), layer.title_en.as_deref(), problems);
    for e in &layer.entries {
        let at = format!("layer {} {} {} {:?}", layer.id, e.indicator, e.threshold.key, e.threshold.year);
        check(&at, Some(&e.threshold.source), e.threshold.source_en.as_deref(), problems);
    }
}

#[test]
fn every_note_and_source_of_ours_has_an_english_twin() {
    let catalog = Catalog::shipped().unwrap();
    let mut problems = Vec::new();
    for s in catalog.sets() {
        check_set(&s.set, &mut problems);
    }
    for l in catalog.layers() {
        check_layer(&l.layer, &mut problems);
    }
    for (name, text) in DEMO_FILES {
        match parse_criteria_file(name, text) {
            Ok(CriteriaFile::Override(layer, _)) => check_layer(&layer, &mut problems),
            Ok(CriteriaFile::Set(set)) => check_set(&set, &mut problems),
            Err(e) => panic!("the demo's {name} reads: {}", e.render(Lang::En)),
        }
    }
    assert!(problems.is_empty(), "{} texts without an English twin:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_twin_check_catches_a_missing_or_half_translated_twin() {
    let mut problems = Vec::new();
    check("a", Some("S4, S4b"), None, &mut problems);
    check("b", Some("Quyết định 318/QĐ-TTg ngày 08/3/2022"), Some("Decision 318/QĐ-TTg of 08/3/2022"), &mut problems);
    check("c", Some("Bình Phước QĐ 1360/QĐ-UBND/2022"), Some("Bình Phước Decision 1360/QĐ-UBND/2022"), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    check("d", Some("S4 (đối chiếu S4b)"), None, &mut problems);
    check("e", Some("Chưa tìm thấy mức đạt chuẩn."), Some("Chưa found."), &mut problems);
    check("f", Some("39 triệu đồng"), Some("39 million đồng"), &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn every_unit_of_measure_of_the_shipped_sets_has_an_english_name() {
    let catalog = Catalog::shipped().unwrap();
    let mut units: Vec<&str> = Vec::new();
    for s in catalog.sets() {
        units.extend(s.set.criteria().iter().flat_map(|c| &c.indicators).map(|i| i.unit.as_str()));
        units.extend(s.set.raw_elements().iter().map(|e| e.unit.as_str()));
    }
    units.sort();
    units.dedup();
    assert!(units.contains(&"triệu đồng/người/năm"), "{units:?}");
    let untranslated: Vec<&&str> =
        units.iter().filter(|u| unit_label(u, Lang::En).chars().any(vietnamese_letter)).collect();
    assert!(untranslated.is_empty(), "units of measure without an English name: {untranslated:?}");
}
