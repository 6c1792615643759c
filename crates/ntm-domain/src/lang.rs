//! The two languages of every message (Vietnamese first, English on request) and number
//! formatting for each: Vietnamese `1.234,5`, English `1,234.5`.

use crate::ratio::Ratio;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Reads `vi`, `en`, or a locale such as `en_US.UTF-8`; anything else is Vietnamese.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Vi }
    }

    pub const fn code(&self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The text of the data for this language: the English twin where there is one, else the
    /// text as written (in Vietnamese).
    pub fn twin<'a>(&self, vi: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => vi,
        }
    }

    /// A number for people: up to two decimals, grouped thousands, the language's separators.
    pub fn number(&self, r: Ratio) -> String {
        self.number_places(r, 2)
    }

    /// A number for people with up to `places` decimals.
    pub fn number_places(&self, r: Ratio, places: u32) -> String {
        let plain = r.to_decimal_string(places);
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (int_part, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let (group, point) = match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        };
        let mut grouped = String::new();
        for (i, ch) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(ch);
        }
        if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{frac}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_follow_each_language() {
        let r = Ratio::parse_decimal("1234567.5").unwrap();
        assert_eq!(Lang::Vi.number(r), "1.234.567,5");
        assert_eq!(Lang::En.number(r), "1,234,567.5");
        assert_eq!(Lang::Vi.number(Ratio::integer(-1000)), "-1.000");
        assert_eq!(Lang::Vi.number(Ratio::new(2, 3).unwrap()), "0,67");
        assert_eq!(Lang::En.number(Ratio::integer(72)), "72");
    }

    #[test]
    fn language_codes_and_locales() {
        assert_eq!(Lang::from_code("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_code("vi"), Lang::Vi);
        assert_eq!(Lang::from_code(""), Lang::Vi);
    }

    proptest! {
        #[test]
        fn vietnamese_numbers_read_back(n in -10_000_000i64..10_000_000, cents in 0i64..100) {
            let r = Ratio::new(n * 100 + n.signum() * cents, 100).unwrap();
            let text = Lang::Vi.number(r).replace('.', "").replace(',', ".");
            prop_assert_eq!(Ratio::parse_decimal(&text).unwrap(), r);
        }
    }
}
