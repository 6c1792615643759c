//! `ntm-text`: every word of the interface, in Vietnamese and English, kept in Fluent files per
//! area (`locales/{vi,en}/<area>.ftl`) and made into Rust when the crate is built (`build.rs`):
//! one method of [`T`] per message, its variables as arguments. A message missing in one
//! language, or the two languages using different variables, stops the build; the tests below
//! check that every message is translated.
//!
//! Words come only from here; codes and figures come from the layers below.

use ntm_domain::Lang;

/// The words of one reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T {
    pub lang: Lang,
}

/// A count a message selects on (`1 value`, `3 values`).
pub trait Count {
    fn count(self) -> i64;
}

macro_rules! counts {
    ($($t:ty),*) => {
        $(impl Count for $t {
            fn count(self) -> i64 {
                i64::try_from(self).unwrap_or(i64::MAX)
            }
        })*
    };
}

counts!(usize, u32, u64, i32, i64, u8, u16);

/// The plural category of `n` in `lang` (Vietnamese has one; English "one" and "other").
pub fn plural(lang: &str, n: i64) -> &'static str {
    match (lang, n) {
        ("en", 1) => "one",
        _ => "other",
    }
}

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

mod warnings;

/// Words for codes of the data whose names are data themselves (regions, the criteria files'
/// units and groups), and numbers as the page's language writes them.
impl T {
    /// A region of the 2021–2025 thresholds, by its code (`ntm_domain::unit::REGIONS`); an unknown
    /// code as it is.
    pub fn region_name<'a>(&self, code: &'a str) -> &'a str {
        ntm_domain::unit::region_label(code, self.lang).unwrap_or(code)
    }

    /// A threshold key: `all`, a region code or a commune group (`1`–`3`).
    pub fn key_name(&self, code: &str) -> String {
        match code {
            "all" => self.key_all().into(),
            g if !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) => self.key_group(g),
            region => self.region_name(region).into(),
        }
    }

    /// A number written with the dot (`16.5`, as in the criteria files) as the page's language
    /// writes it (`16,5`).
    pub fn decimal_text(&self, text: &str) -> String {
        ntm_io::text::form_number_shown(text, self.lang)
    }

    /// A unit of measure (as the criteria files write it, in Vietnamese) in the page's language.
    pub fn unit_name<'a>(&self, unit: &'a str) -> &'a str {
        ntm_domain::explain::unit_label(unit, self.lang)
    }

    /// A group of criteria (as the criteria files write it, in Vietnamese) in the page's language.
    pub fn criteria_group<'a>(&self, group: &'a str) -> &'a str {
        ntm_domain::explain::group_label(group, self.lang)
    }

    /// A text of the data (a note, a source, a legal basis) in the page's language: its English
    /// twin where the data have one, else as written.
    pub fn twin<'a>(&self, vi: &'a str, en: &'a Option<String>) -> &'a str {
        self.lang.twin(vi, en.as_deref())
    }

    /// A source of the data in the page's language: its English twin, else — for an illustrative
    /// threshold (`code`, its confidence or its layer's kind, is `illustrative`), whose meaning
    /// that kind says — the words for it, else as written.
    pub fn source_text<'a>(&self, source: &'a str, source_en: &'a Option<String>, code: &str) -> &'a str {
        match (self.lang, source_en) {
            (ntm_domain::Lang::En, None) if code == "illustrative" => self.confidence_name(code),
            _ => self.twin(source, source_en),
        }
    }

    /// A threshold's short citation: "QĐ 318/QĐ-TTg, Phụ lục I; chưa kiểm chứng",
    /// "Decision 318/QĐ-TTg, Annex I; not verified", "illustrative threshold, not a legal text".
    pub fn short_citation(&self, c: &ntm_io::report::CitationDto) -> String {
        let parts = self.citation_parts(c);
        let confidence = self.confidence_name(c.confidence);
        if parts.is_empty() { confidence.to_string() } else { format!("{}; {confidence}", parts.join(", ")) }
    }

    /// The short citation beside a verdict on a page that says once how many thresholds are not
    /// verified: the confidence is named when it is the exception — verified, partly verified,
    /// illustrative — and left to the page's notice when not verified ("QĐ 318/QĐ-TTg, Phụ lục I").
    pub fn citation_beside_verdict(&self, c: &ntm_io::report::CitationDto) -> String {
        let parts = self.citation_parts(c);
        if c.confidence == "unverified" && !parts.is_empty() { parts.join(", ") } else { self.short_citation(c) }
    }

    /// What a citation names: the decision, its annex, a layer's own citation.
    fn citation_parts(&self, c: &ntm_io::report::CitationDto) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(d) = &c.decision {
            parts.push(self.citation_decision(d));
        }
        if let Some(a) = &c.annex {
            parts.push(self.citation_annex(a));
        }
        if let Some(l) = &c.layer {
            parts.push(self.citation_of_layer(l));
        }
        parts
    }

    /// A change-log action code in words.
    pub fn action_name(&self, code: &str) -> &'static str {
        self.audit_action(&code.replace('.', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated() {
        assert!(ALL.len() > 200);
        // The words of each message (its runs of text with letters in them) differ between the
        // languages; a message of figures and marks only (`{ $level }: { $decision }`) has none.
        let words = |runs: &[&str]| -> Vec<String> {
            runs.iter().filter(|r| r.chars().any(char::is_alphabetic)).map(|r| r.to_string()).collect()
        };
        let same: Vec<&str> = ALL
            .iter()
            .filter(|(_, vi, en)| !words(vi).is_empty() && words(vi) == words(en))
            .map(|(n, _, _)| *n)
            .collect();
        assert!(same.is_empty(), "the same in both languages: {same:?}");
    }

    #[test]
    fn messages_take_their_arguments_and_select_by_count_and_code() {
        let (vi, en) = (T { lang: Lang::Vi }, T { lang: Lang::En });
        assert_eq!(en.event_values(1_usize), "1 value");
        assert_eq!(en.event_values(3_usize), "3 values");
        assert_eq!(vi.event_values(1_usize), "1 giá trị");
        assert_eq!(en.event_values_rows(1_i64, 2_i64), "1 value (2 rows)");
        assert_eq!(vi.shortfall_villages("Xã Sơn Bình", 2_usize), "Xã Sơn Bình: còn 2 bản");
        assert_eq!(en.shortfall_villages("Sơn Bình", 1_usize), "Sơn Bình: 1 village to go");
        assert_eq!(vi.level_name("commune"), "xã");
        assert_eq!(en.level_name("?"), "other level", "a code without words of its own");
        assert_eq!(en.flag_name("xyz"), "xyz", "shown as it is");
        assert_eq!(vi.recognition_level("ban-ntm"), "bản đạt chuẩn nông thôn mới");
        assert_eq!(en.audit_action("values-import"), "values file loaded");
        assert_eq!(vi.nav_overview(), "Tổng quan");
    }

    #[test]
    fn the_command_lines_words_count_in_each_language() {
        let (vi, en) = (T { lang: Lang::Vi }, T { lang: Lang::En });
        let said = [
            (vi.cli_agencies_loaded(10_usize), "Đã nạp 10 cơ quan."),
            (en.cli_agencies_loaded(10_usize), "Loaded 10 agencies."),
            (en.cli_agencies_loaded(1_usize), "Loaded 1 agency."),
            (vi.cli_values_loaded(1_usize, 0_usize), "Đã nạp 1 dòng, 0 giá trị thay đổi."),
            (en.cli_values_loaded(1_usize, 0_usize), "Loaded 1 row, 0 values changed."),
            (en.cli_values_loaded(3055_usize, 1_usize), "Loaded 3055 rows, 1 value changed."),
            (vi.cli_units_read(1_usize, 122_usize), "Đã đọc 1 tệp: 122 đơn vị."),
            (en.cli_units_read(2_usize, 1_usize), "Read 2 files: 1 unit."),
            (vi.cli_missing("--units"), "thiếu --units"),
        ];
        for (got, want) in said {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn a_citation_names_the_decision_its_annex_and_how_sure_it_is_in_the_readers_language() {
        use ntm_io::report::CitationDto;
        let (vi, en) = (T { lang: Lang::Vi }, T { lang: Lang::En });
        let national = CitationDto {
            decision: Some("318/QĐ-TTg".into()),
            annex: Some("I".into()),
            layer: None,
            confidence: "unverified",
        };
        assert_eq!(vi.short_citation(&national), "QĐ 318/QĐ-TTg, Phụ lục I; chưa kiểm chứng");
        assert_eq!(en.short_citation(&national), "Decision 318/QĐ-TTg, Annex I; not verified");
        // Beside a verdict, "not verified" is the page's notice, said once; the exceptions are named.
        assert_eq!(vi.citation_beside_verdict(&national), "QĐ 318/QĐ-TTg, Phụ lục I");
        assert_eq!(en.citation_beside_verdict(&national), "Decision 318/QĐ-TTg, Annex I");
        let partial = CitationDto { confidence: "partial", ..national.clone() };
        assert_eq!(vi.citation_beside_verdict(&partial), "QĐ 318/QĐ-TTg, Phụ lục I; kiểm chứng một phần");
        let unverified_own = CitationDto { decision: None, annex: None, layer: None, confidence: "unverified" };
        assert_eq!(vi.citation_beside_verdict(&unverified_own), "chưa kiểm chứng", "nothing else to cite");
        let demo = CitationDto { decision: None, annex: None, layer: None, confidence: "illustrative" };
        assert_eq!(en.short_citation(&demo), "illustrative threshold, not a legal text");
        let own = CitationDto {
            decision: None,
            annex: None,
            layer: Some("QĐ 12/2022/QĐ-UBND, Điều 3".into()),
            confidence: "verified",
        };
        assert_eq!(en.short_citation(&own), "per QĐ 12/2022/QĐ-UBND, Điều 3; verified");
        assert_eq!(en.twin("Ghi chú", &Some("A note".into())), "A note");
        assert_eq!(en.twin("Ghi chú", &None), "Ghi chú", "no twin: as written");
        assert_eq!(vi.twin("Ghi chú", &Some("A note".into())), "Ghi chú");
    }

    #[test]
    fn counts_select_their_plural_in_each_language() {
        assert_eq!(plural("en", 1), "one");
        assert_eq!(plural("en", 2), "other");
        assert_eq!(plural("vi", 1), "other");
    }
}
