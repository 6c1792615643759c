//! Recognition decisions (quyết định công nhận đạt chuẩn) and their loss (thu hồi): a unit is
//! recognised at a level at a date when a decision of that level is on or before it and not lost
//! on or before it (DESIGN §4, the recognitions contract).

use crate::time::Date;
use crate::unit::{Level, UnitIdx};

/// The standard a decision recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecognitionLevel {
    /// Xã đạt chuẩn nông thôn mới.
    Ntm,
    /// Xã đạt chuẩn nông thôn mới nâng cao.
    NangCao,
    /// Xã đạt chuẩn nông thôn mới kiểu mẫu.
    KieuMau,
    /// Thôn, bản đạt chuẩn nông thôn mới (by the province's village set).
    BanNtm,
    /// Huyện đạt chuẩn nông thôn mới.
    HuyenNtm,
}

impl RecognitionLevel {
    pub const ALL: [RecognitionLevel; 5] = [
        RecognitionLevel::Ntm,
        RecognitionLevel::NangCao,
        RecognitionLevel::KieuMau,
        RecognitionLevel::BanNtm,
        RecognitionLevel::HuyenNtm,
    ];

    pub const fn code(&self) -> &'static str {
        match self {
            RecognitionLevel::Ntm => "ntm",
            RecognitionLevel::NangCao => "nang-cao",
            RecognitionLevel::KieuMau => "kieu-mau",
            RecognitionLevel::BanNtm => "ban-ntm",
            RecognitionLevel::HuyenNtm => "huyen-ntm",
        }
    }

    pub fn from_code(code: &str) -> Option<RecognitionLevel> {
        RecognitionLevel::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The level of the units it recognises: a commune's standards (basic, advanced, model), a
    /// village's, a district's.
    pub const fn unit_level(&self) -> Level {
        match self {
            RecognitionLevel::Ntm | RecognitionLevel::NangCao | RecognitionLevel::KieuMau => Level::Commune,
            RecognitionLevel::BanNtm => Level::Village,
            RecognitionLevel::HuyenNtm => Level::District,
        }
    }
}

/// A loss of standard: the decision that withdrew the recognition, and its date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loss {
    pub on: Date,
    /// Empty when the file that recorded the loss did not name its decision.
    pub decision: String,
}

/// One recognition decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognition {
    /// Its store id.
    pub id: i64,
    pub unit: UnitIdx,
    pub level: RecognitionLevel,
    pub decision: String,
    pub decided_on: Date,
    pub lost: Option<Loss>,
}

/// Why a recognition cannot stand as given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecognitionError {
    #[error("the decision number is empty")]
    NoDecision,
    #[error("lost on {lost} before it was decided on {decided}")]
    LostBeforeDecided { decided: Date, lost: Date },
}

impl Recognition {
    /// In force on `date`: decided on or before it and not lost on or before it.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.decided_on <= date && self.lost.as_ref().is_none_or(|l| l.on > date)
    }

    /// Checks the decision's own consistency.
    pub fn check(&self) -> Result<(), RecognitionError> {
        if self.decision.trim().is_empty() {
            return Err(RecognitionError::NoDecision);
        }
        match &self.lost {
            Some(l) if l.on < self.decided_on => {
                Err(RecognitionError::LostBeforeDecided { decided: self.decided_on, lost: l.on })
            }
            _ => Ok(()),
        }
    }
}

/// Whether `unit` is recognised at `level` on `date`.
pub fn is_recognised(recognitions: &[Recognition], unit: UnitIdx, level: RecognitionLevel, date: Date) -> bool {
    recognitions.iter().any(|r| r.unit == unit && r.level == level && r.in_force_on(date))
}

/// The recognition of `unit` at `level` in force on `date`, the latest decided first.
pub fn in_force(
    recognitions: &[Recognition],
    unit: UnitIdx,
    level: RecognitionLevel,
    date: Date,
) -> Option<&Recognition> {
    recognitions
        .iter()
        .filter(|r| r.unit == unit && r.level == level && r.in_force_on(date))
        .max_by_key(|r| r.decided_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(t: &str) -> Date {
        Date::parse(t).unwrap()
    }

    fn rec(decided: &str, lost: Option<&str>) -> Recognition {
        Recognition {
            id: 1,
            unit: UnitIdx(0),
            level: RecognitionLevel::Ntm,
            decision: "QĐ 1".into(),
            decided_on: d(decided),
            lost: lost.map(|l| Loss { on: d(l), decision: "QĐ 2".into() }),
        }
    }

    #[test]
    fn a_recognition_stands_from_its_decision_until_its_loss() {
        let r = rec("2021-12-20", Some("2024-06-30"));
        assert!(!r.in_force_on(d("2021-12-19")), "before the decision");
        assert!(r.in_force_on(d("2021-12-20")), "on the day of the decision");
        assert!(r.in_force_on(d("2024-06-29")));
        assert!(!r.in_force_on(d("2024-06-30")), "lost on that day");
        let list = [r, rec("2025-01-10", None)];
        assert!(is_recognised(&list, UnitIdx(0), RecognitionLevel::Ntm, d("2025-02-01")), "recognised again");
        assert!(!is_recognised(&list, UnitIdx(0), RecognitionLevel::Ntm, d("2024-12-31")), "between the two");
        assert!(!is_recognised(&list, UnitIdx(0), RecognitionLevel::NangCao, d("2025-02-01")), "another level");
        assert!(!is_recognised(&list, UnitIdx(1), RecognitionLevel::Ntm, d("2025-02-01")), "another unit");
        assert_eq!(
            in_force(&list, UnitIdx(0), RecognitionLevel::Ntm, d("2025-02-01")).map(|r| r.decided_on),
            Some(d("2025-01-10"))
        );
    }

    #[test]
    fn a_loss_before_its_decision_or_a_decision_without_number_is_refused() {
        assert_eq!(
            rec("2021-12-20", Some("2021-01-01")).check(),
            Err(RecognitionError::LostBeforeDecided { decided: d("2021-12-20"), lost: d("2021-01-01") })
        );
        assert_eq!(
            Recognition { decision: " ".into(), ..rec("2021-12-20", None) }.check(),
            Err(RecognitionError::NoDecision)
        );
        assert_eq!(rec("2021-12-20", Some("2021-12-20")).check(), Ok(()));
        for l in RecognitionLevel::ALL {
            assert_eq!(RecognitionLevel::from_code(l.code()), Some(l));
        }
        assert_eq!(RecognitionLevel::BanNtm.unit_level(), Level::Village);
        assert_eq!(RecognitionLevel::NangCao.unit_level(), Level::Commune);
        assert_eq!(RecognitionLevel::HuyenNtm.unit_level(), Level::District);
    }
}
