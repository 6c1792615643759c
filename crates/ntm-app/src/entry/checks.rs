//! The checks of one posted field, and of a rate typed directly against the rate its raw figures
//! give: pure functions of what was typed, the set and the form's language. What is wrong is a
//! code ([`FieldIssue`]); the page words it by the form's own rules.

use ntm_domain::{CriteriaSet, ElementIdx, Lang, NumberError, Ratio, Value, ValueError};
use ntm_io::text::form_number;
use serde::Serialize;

use super::{FieldKind, SubmittedField, YesNo};

/// What is wrong with a posted field. The page words it by the form's own rules: the decimal
/// mark of its language, and no yes/no words offered for a number.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldIssue {
    /// Not a number as the form's language writes it (in a rate field: nor a fraction).
    Unreadable {
        text: String,
        kind: FieldKind,
    },
    /// A dot followed by three digits in Vietnamese (thousands, or decimals?), or both marks.
    Ambiguous {
        text: String,
    },
    /// Too large, or more than 9 decimals.
    TooLarge,
    Negative,
    PercentOver100,
    NumeratorOverDenominator,
    ZeroDenominator,
    FractionNotWhole,
    NumeratorMissing,
    /// A yes/no indicator got something else than an answer (only a tampered form sends it).
    ExpectedAnswer {
        yes_no: YesNo,
    },
    /// A number field got a yes/no word.
    ExpectedNumber,
    /// A raw figure got a fraction or a yes/no word.
    ExpectedPlainNumber,
    /// A count (households, persons) got a number with decimals.
    CountNotWhole,
    /// A value typed directly (a rate, or a quotient such as income per person) and the raw
    /// figures it is computed from give different values; both written as the reader writes
    /// numbers (`80%`, `23 / 40 = 57,5%`).
    Disagrees {
        kind: FieldKind,
        typed: String,
        computed: String,
    },
    /// The value is covered by an accepted report (of round `round`): locked until the office
    /// reopens the report (issue 10).
    Locked {
        round: i64,
    },
}

/// A value error of the domain as an issue of a field of this kind; `typed` is the text as typed.
fn issue_of(e: ValueError, typed: &str, kind: FieldKind, yes_no: YesNo) -> FieldIssue {
    if kind == FieldKind::Boolean {
        return FieldIssue::ExpectedAnswer { yes_no };
    }
    match e {
        ValueError::Empty
        | ValueError::Unreadable(_)
        | ValueError::Number(NumberError::Empty | NumberError::NotANumber) => {
            FieldIssue::Unreadable { text: typed.to_string(), kind }
        }
        ValueError::Number(NumberError::TooLarge) => FieldIssue::TooLarge,
        ValueError::Number(NumberError::ZeroDenominator) | ValueError::ZeroDenominator => FieldIssue::ZeroDenominator,
        ValueError::FractionNotWhole => FieldIssue::FractionNotWhole,
        ValueError::Negative => FieldIssue::Negative,
        ValueError::PercentOver100 => FieldIssue::PercentOver100,
        ValueError::NumeratorOverDenominator => FieldIssue::NumeratorOverDenominator,
        ValueError::ExpectedBoolean => FieldIssue::ExpectedAnswer { yes_no },
        ValueError::NumeratorMissing => FieldIssue::NumeratorMissing,
        ValueError::ExpectedNumber => FieldIssue::ExpectedNumber,
        ValueError::ExpectedPlainNumber => FieldIssue::ExpectedPlainNumber,
        ValueError::CountNotWhole => FieldIssue::CountNotWhole,
    }
}

/// Turns what was posted for a field into a value (`None`: no value), or what is wrong with it.
/// Numbers are read as the form's language writes them (`72,5` in Vietnamese); each part of a
/// fraction too, so that a thousands mark (`1.000`) is refused rather than read as 1.
pub(super) fn read_field(
    kind: FieldKind,
    f: &SubmittedField,
    set: &CriteriaSet,
    e: ElementIdx,
    yes_no: YesNo,
    lang: Lang,
) -> Result<Option<Value>, FieldIssue> {
    let text = f.text.trim();
    let den = f.denominator.trim();
    let number = |t: &str| form_number(t, lang).map_err(|_| FieldIssue::Ambiguous { text: t.to_string() });
    let parse = |machine: &str, typed: &str| Value::parse(machine).map_err(|e| issue_of(e, typed, kind, yes_no));
    let parsed = match kind {
        FieldKind::Boolean => match text {
            "" => return Ok(None),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => parse(other, other)?,
        },
        FieldKind::Percent => match (text.is_empty(), den.is_empty()) {
            (true, true) => return Ok(None),
            (true, false) => return Err(FieldIssue::NumeratorMissing),
            (false, true) => parse(&number(text)?, text)?,
            (false, false) => parse(&format!("{}/{}", number(text)?, number(den)?), &format!("{text}/{den}"))?,
        },
        FieldKind::Number => {
            if text.is_empty() {
                return Ok(None);
            }
            parse(&number(text)?, text)?
        }
    };
    parsed.fit(set, e).map(Some).map_err(|e| issue_of(e, text, kind, yes_no))
}

/// The rate raw figures give: `num / den`, in percent for a `%` indicator; `None` for a zero
/// denominator.
pub fn computed_rate(num: Ratio, den: Ratio, percent: bool) -> Option<Ratio> {
    let q = num.checked_div(&den)?;
    if percent { q.checked_mul(&Ratio::integer(100)) } else { Some(q) }
}

/// Whether a rate typed directly agrees with the rate its raw figures give: equal once the
/// computed one is taken to the decimals of the typed one (66,7 and 67 both agree with 2 of 3 in
/// percent; 66,6 and 60 do not).
pub fn agrees(typed: Ratio, computed: Ratio) -> bool {
    let places = (0..=9u32)
        .find(|&d| typed.times(10i64.pow(d)).is_some_and(|t| t.numerator() % t.denominator() == 0))
        .unwrap_or(9);
    let Ok(half_unit) = Ratio::new(1, 2 * 10i64.pow(places)) else { return false };
    typed.checked_sub(&computed).and_then(|d| d.checked_abs()).is_some_and(|d| d <= half_unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Ratio {
        Ratio::parse_decimal(text).unwrap()
    }

    #[test]
    fn a_typed_rate_agrees_with_the_computed_one_to_the_decimals_it_was_typed_with() {
        let two_thirds = computed_rate(r("2"), r("3"), true).unwrap();
        assert!(agrees(r("66.7"), two_thirds));
        assert!(agrees(r("67"), two_thirds));
        assert!(agrees(r("66.67"), two_thirds));
        assert!(!agrees(r("66.6"), two_thirds), "66,6 is not 66,67 to one decimal");
        assert!(!agrees(r("60"), two_thirds));
        let exact = computed_rate(r("23"), r("40"), true).unwrap();
        assert_eq!(exact, r("57.5"));
        assert!(agrees(r("57.5"), exact) && agrees(r("57.50"), exact));
        assert!(!agrees(r("80"), exact));
        assert!(!agrees(r("57.4"), exact));
        assert_eq!(computed_rate(r("1"), r("0"), true), None, "no rate of a zero denominator");
        // Not a percentage: the quotient itself (income per person).
        assert_eq!(computed_rate(r("4550"), r("100"), false), Some(r("45.5")));
    }
}
