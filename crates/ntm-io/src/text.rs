//! Text hygiene for every field read: Unicode NFC (Vietnamese arrives as NFD from some sources),
//! trimmed, inner whitespace (including line breaks) collapsed to single spaces.

use unicode_normalization::UnicodeNormalization;

/// A field as stored: NFC, whitespace collapsed, control characters (a NUL from a damaged file,
/// which PostgreSQL would refuse) dropped.
pub fn clean(text: &str) -> String {
    let nfc: String = text.nfc().map(|c| if c.is_control() && !c.is_whitespace() { ' ' } else { c }).collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercased, diacritics removed, `đ` → `d`: a key for matching names typed without accents.
pub fn search_key(text: &str) -> String {
    clean(text)
        .to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn search_keys_ignore_accents_and_case() {
        assert_eq!(search_key("Đồng bằng sông Hồng"), "dong bang song hong");
        assert_eq!(search_key("TẢ LÈNG"), search_key("ta leng"));
    }
}
