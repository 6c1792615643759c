//! Text hygiene for every field read: Unicode NFC (Vietnamese arrives as NFD from some sources),
//! trimmed, inner whitespace (including line breaks) collapsed to single spaces.

use ntm_domain::Lang;
use unicode_normalization::UnicodeNormalization;

use crate::error::Problem;

/// How long a stored text may be, by what it is (issue 11 point 5): one rule for every text
/// field that reaches the database — a file's, a form's or a command's — so that no field can
/// grow a page, an export (an Excel cell holds 32,767 characters) or the evaluation JSON without
/// limit. Counted in characters after [`clean`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    /// A person's name as an account shows it (100).
    PersonName,
    /// A name: a unit, an agency, a member and their position, a decision number, a short
    /// label of a criteria file (200).
    Name,
    /// A title: a target's, a criteria set's, a criterion's or an indicator's name (300).
    Title,
    /// A legal citation: a threshold's source, a set's legal basis, who answers for a
    /// criterion (1,000: a decision, its article, a page — never more).
    Citation,
    /// Free text: a plan's contents, a reason, a solution, a note of a criteria file (2,000).
    Paragraph,
}

impl Bound {
    /// The most characters a text of this kind holds.
    pub const fn max(self) -> usize {
        match self {
            Bound::PersonName => 100,
            Bound::Name => 200,
            Bound::Title => 300,
            Bound::Citation => 1000,
            Bound::Paragraph => 2000,
        }
    }
}

/// `text` when it holds at most `bound.max()` characters; else the problem saying the limit
/// (`quá dài: tối đa N ký tự` / `too long: at most N characters`), for the caller to place.
pub fn bounded(text: &str, bound: Bound) -> Result<&str, Problem> {
    // A byte count within the limit is a character count within it: no need to count.
    if text.len() <= bound.max() || text.chars().count() <= bound.max() {
        Ok(text)
    } else {
        Err(Problem::LongerThan(bound.max()))
    }
}

/// A field as stored: NFC, whitespace collapsed, control characters (a NUL from a damaged file,
/// which PostgreSQL would refuse) blanked, and the bidirectional controls (U+202A–U+202E,
/// U+2066–U+2069, the marks U+200E, U+200F, U+061C) removed: they reorder what a list or the
/// change log shows (U+202E before "nimda" shows "admin") and no Vietnamese or English text needs them.
pub fn clean(text: &str) -> String {
    // Most fields of a national file are short ASCII already clean: no work but the copy.
    let b = text.as_bytes();
    if b.iter().all(|c| (0x21..0x7f).contains(c) || *c == b' ')
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !text.contains("  ")
    {
        return text.to_string();
    }
    // The controls go before composing: removed after, one standing between a letter and its
    // mark ("a\u{202C}\u{300}") would leave the pair uncomposed, and cleaning again would change it.
    let nfc: String = text
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() && !c.is_whitespace() { ' ' } else { c })
        .nfc()
        .collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The characters that change the direction text is shown in.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Lowercased, diacritics removed, `đ` → `d`: a key for matching names typed without accents.
/// Spaces are collapsed again after the marks go (a mark standing alone between two spaces
/// would leave two), so the key of a key is itself.
pub fn search_key(text: &str) -> String {
    let key: String = clean(text)
        .to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect();
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number as typed in a form, in the form's language: in Vietnamese the comma is the decimal
/// mark (`72,5`); a dot followed by exactly three digits (`4.512`) could be either and is refused;
/// in English the comma is refused as a thousands separator.
pub fn form_number(text: &str, lang: Lang) -> Result<String, String> {
    let t = text.trim();
    let ambiguous = || match lang {
        Lang::Vi => format!(
            "\"{t}\" dễ nhầm: viết số không có dấu phân cách hàng nghìn, dấu thập phân là dấu phẩy (ví dụ 4512 hoặc 4,512)"
        ),
        Lang::En => format!(
            "\"{t}\" is ambiguous: write numbers without thousands separators, with . as the decimal point (e.g. 4512 or 4.512)"
        ),
    };
    let body = t.strip_prefix('-').unwrap_or(t);
    if t.contains('.') && t.contains(',') {
        return Err(ambiguous());
    }
    match lang {
        Lang::Vi => {
            if let Some((int, frac)) = body.split_once('.')
                && frac.len() == 3
                && !int.is_empty()
                && int.len() <= 3
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(ambiguous());
            }
            Ok(t.replacen(',', ".", 1))
        }
        Lang::En => {
            if t.contains(',') {
                return Err(ambiguous());
            }
            Ok(t.to_string())
        }
    }
}

/// A number in machine form (`4.512`, as stored and in the criteria files) as a form of this
/// language shows it (`4,512` in Vietnamese): [`form_number`] reads it back as the same number.
pub fn form_number_shown(machine: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => machine.replacen('.', ",", 1),
        Lang::En => machine.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_text_counts_characters_not_bytes() {
        let vietnamese = "Đạt".repeat(100); // 300 characters, 700 bytes
        assert_eq!(bounded(&vietnamese, Bound::Title), Ok(vietnamese.as_str()));
        assert_eq!(bounded(&format!("{vietnamese}x"), Bound::Title), Err(Problem::LongerThan(300)));
        assert_eq!(bounded("", Bound::PersonName), Ok(""));
        let mut last = 0;
        for b in [Bound::PersonName, Bound::Name, Bound::Title, Bound::Citation, Bound::Paragraph] {
            assert!(b.max() > last && b.max() < 32_767, "{b:?} within an Excel cell");
            last = b.max();
        }
    }

    #[test]
    fn direction_controls_are_removed_so_a_name_reads_as_it_is() {
        assert_eq!(clean("\u{202E}nimda\u{202C}"), "nimda");
        assert_eq!(clean("Cán bộ\u{2067} xã\u{2069}\u{200F}"), "Cán bộ xã");
        assert_eq!(clean("a\u{061C}b\u{200E}c"), "abc");
        // Vietnamese letters and joiners of other scripts are kept.
        assert_eq!(clean("Nà Tăm\u{200D}"), "Nà Tăm\u{200D}");
    }

    #[test]
    fn numbers_are_read_in_the_forms_language_and_ambiguous_ones_refused() {
        assert_eq!(form_number("72,5", Lang::Vi), Ok("72.5".into()));
        assert_eq!(form_number("72.5", Lang::Vi), Ok("72.5".into()));
        assert_eq!(form_number("4512", Lang::Vi), Ok("4512".into()));
        assert!(form_number("4.512", Lang::Vi).is_err(), "thousands or decimals?");
        assert!(form_number("1.234,5", Lang::Vi).is_err());
        assert_eq!(form_number("4.512", Lang::En), Ok("4.512".into()));
        assert!(form_number("4,512", Lang::En).is_err());
        assert_eq!(form_number("4.5123", Lang::Vi), Ok("4.5123".into()), "four decimals cannot be thousands");
        for lang in [Lang::Vi, Lang::En] {
            for machine in ["4.512", "0.125", "1234.5", "-7.25", "12"] {
                let shown = form_number_shown(machine, lang);
                assert_eq!(form_number(&shown, lang), Ok(machine.to_string()), "{machine} shown as {shown}");
            }
        }
    }

    #[test]
    fn control_characters_are_dropped_as_spaces() {
        assert_eq!(clean("Xã\u{0}Sơn\u{7} Bình\t"), "Xã Sơn Bình");
    }

    #[test]
    fn decomposed_vietnamese_becomes_composed() {
        let nfd = "Ta\u{300} Le\u{300}ng"; // "Tà Lèng" typed with combining marks
        assert_eq!(clean(nfd), "Tà Lèng");
        assert_eq!(clean("  Xã\n Bình   Lư "), "Xã Bình Lư");
    }

    /// The shortcut for text already clean gives what the full path gives.
    #[test]
    fn clean_ascii_takes_the_shortcut_with_the_same_result() {
        for t in ["03412", "2024Q3", "72/100", "a b", " a", "a ", "a  b", "a\tb", "a\u{7f}b", "", " ", "đạt"] {
            let full: String = t.nfc().map(|c| if c.is_control() && !c.is_whitespace() { ' ' } else { c }).collect();
            let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(clean(t), full, "{t:?}");
        }
    }

    /// Found by the `form_text` fuzz target (2026-12-06): a direction control between a letter
    /// and its mark left them uncomposed (not NFC), so cleaning twice changed the text.
    #[test]
    fn a_direction_control_between_a_letter_and_its_mark_leaves_them_composed() {
        assert_eq!(clean("nimda\u{202C}\u{300}"), "nimdà");
        assert_eq!(clean(&clean("a\u{202E}\u{301}\u{0}\u{302}")), clean("a\u{202E}\u{301}\u{0}\u{302}"));
    }

    /// Found by the `form_text` fuzz target (2026-12-06): a combining mark alone between two
    /// spaces left two spaces in the key, so "x \u{300} y" never matched "x y".
    #[test]
    fn a_lone_combining_mark_leaves_one_space_in_the_key() {
        assert_eq!(search_key("x \u{300} y"), "x y");
        assert_eq!(search_key(&search_key("Ta\u{300} \u{301} Lèng")), search_key("Ta\u{300} \u{301} Lèng"));
    }

    #[test]
    fn search_keys_ignore_accents_and_case() {
        assert_eq!(search_key("Đồng bằng sông Hồng"), "dong bang song hong");
        assert_eq!(search_key("TẢ LÈNG"), search_key("ta leng"));
    }
}
