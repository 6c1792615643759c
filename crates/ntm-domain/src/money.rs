//! Money: whole đồng in an `i64` (the programme's budgets reach tens of thousands of billions of
//! đồng; an `i64` holds 9.2 × 10¹⁸). Arithmetic is checked: an overflow is an error, never a
//! wrapped number; shares are exact ratios, rounded down to the đồng only at the end.

use std::fmt;

use crate::ratio::Ratio;

/// An amount in đồng.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money(i64);

/// Why an amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount in đồng (whole digits only)")]
    NotAnAmount,
    #[error("amount too large")]
    TooLarge,
    #[error("amount must not be negative")]
    Negative,
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn dong(amount: i64) -> Money {
        Money(amount)
    }

    pub const fn as_dong(&self) -> i64 {
        self.0
    }

    /// Reads a whole number of đồng as files give it: `1200000000`; spaces and the Vietnamese
    /// thousands dot (`1.200.000.000`) are refused as ambiguous with a decimal point.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let s = text.trim();
        let digits = s.strip_prefix('-').unwrap_or(s);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotAnAmount);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        digits.parse().map(Money).map_err(|_| MoneyError::TooLarge)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// The sum of amounts, or `None` on overflow.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        amounts.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    /// `share` of this amount, rounded down to the đồng (`None` on overflow): the part a rule
    /// reserves, e.g. half of a fee.
    pub fn share(self, share: Ratio) -> Option<Money> {
        let n = i128::from(self.0) * i128::from(share.numerator());
        let d = i128::from(share.denominator());
        i64::try_from(n.div_euclid(d)).ok().map(Money)
    }

    /// This amount as a part of `whole` (`None` when `whole` is zero).
    pub fn ratio_of(self, whole: Money) -> Option<Ratio> {
        Ratio::new(self.0, whole.0).ok()
    }

    pub fn is_negative(&self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Money {
    /// Plain digits, as files carry amounts: `1200000000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_whole_dong() {
        assert_eq!(Money::parse("1200000000"), Ok(Money::dong(1_200_000_000)));
        assert_eq!(Money::parse(" 0 "), Ok(Money::ZERO));
        assert_eq!(Money::parse("1.200.000"), Err(MoneyError::NotAnAmount), "the thousands dot is ambiguous");
        assert_eq!(Money::parse("12,5"), Err(MoneyError::NotAnAmount));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse(""), Err(MoneyError::NotAnAmount));
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Money::dong(i64::MAX).checked_add(Money::dong(1)), None);
        assert_eq!(Money::checked_sum([Money::dong(2), Money::dong(3)]), Some(Money::dong(5)));
        assert_eq!(Money::dong(1_000_001).share(Ratio::new(1, 2).unwrap()), Some(Money::dong(500_000)), "down");
        assert_eq!(Money::dong(3).ratio_of(Money::dong(4)), Ratio::new(3, 4).ok());
        assert_eq!(Money::dong(3).ratio_of(Money::ZERO), None);
    }

    proptest! {
        #[test]
        fn a_share_and_its_remainder_make_the_whole(amount in 0i64..1_000_000_000_000_000, n in 0i64..=100) {
            let whole = Money::dong(amount);
            let part = whole.share(Ratio::new(n, 100).unwrap()).unwrap();
            let rest = whole.share(Ratio::new(100 - n, 100).unwrap()).unwrap();
            let sum = part.checked_add(rest).unwrap();
            // Each share is rounded down by less than a đồng.
            prop_assert!(sum <= whole && whole.checked_sub(sum).unwrap() <= Money::dong(1));
            prop_assert_eq!(Money::parse(&whole.to_string()), Ok(whole));
        }
    }
}
