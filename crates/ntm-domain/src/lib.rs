//! `ntm-domain`: the law of the National Target Programme on New Rural Development as pure Rust.
//!
//! No IO, no async, no database, no HTTP. Everything here is a value or a pure function:
//! units and their lineage ([`unit`]), periods ([`period`]) and dates ([`time`]), exact numbers
//! ([`ratio`], [`money`]), criteria sets and threshold layers ([`criteria`]), values ([`value`]),
//! evaluation ([`evaluate`]), explanations ([`explain`]), roll-ups ([`rollup`]) and gaps
//! ([`gap`]); agencies ([`org`]), recognitions ([`recognition`]), targets ([`plan`]), the
//! roadmap ([`roadmap`]), forecasts ([`forecast`]) and early warnings ([`warning`]); who may do
//! what ([`auth`]) and the audited events ([`audit`]).

pub mod audit;
pub mod auth;
pub mod criteria;
pub mod evaluate;
pub mod explain;
pub mod forecast;
pub mod gap;
pub mod lang;
pub mod money;
pub mod org;
pub mod people;
pub mod period;
pub mod plan;
pub mod ratio;
pub mod recognition;
pub mod reporting;
pub mod roadmap;
pub mod rollup;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod time;
pub mod unit;
pub mod value;
pub mod warning;

pub use auth::{Action, Principal, Role, can};
pub use criteria::{
    Confidence, CriteriaSet, Criterion, CriterionRule, Derivation, ElementIdx, ElementRef, Indicator, IndicatorIdx,
    IndicatorKind, KeyRule, LayerEntry, LayerKind, RawElement, SetError, SetInfo, Threshold, ThresholdKey,
    ThresholdLayer, ThresholdScheme,
};
pub use evaluate::{
    AppliedThreshold, Evaluation, Evaluator, IndicatorVerdict, MissingReason, Observed, Origin, Status,
};
pub use lang::Lang;
pub use money::{Money, MoneyError};
pub use org::{Agency, AgencyRole, CriterionRef};
pub use people::Member;
pub use period::{Period, PeriodError};
pub use plan::{Basis, IndicatorData, Target, TargetKind, TargetPart, TargetProgress};
pub use ratio::{NumberError, Ratio};
pub use recognition::{Loss, Recognition, RecognitionLevel};
pub use roadmap::{Plan, PlanItem, Responsible};
pub use rollup::{Rollup, StatusCount};
pub use time::{Date, VietnamTime, WorkingCalendar};
pub use unit::{Level, Lineage, LineageDraft, LineageKind, Unit, UnitDraft, UnitIdx, UnitKind, UnitTree};
pub use value::{Value, ValueError, ValueTable};
pub use warning::{Figures, Warning, WarningInputs, WarningKind};
