//! `ntm-domain`: the law of the National Target Programme on New Rural Development as pure Rust.
//!
//! No IO, no async, no database, no HTTP. Everything here is a value or a pure function:
//! units and their lineage ([`unit`]), periods ([`period`]), exact numbers ([`ratio`]),
//! criteria sets and threshold layers ([`criteria`]), values ([`value`]), evaluation
//! ([`evaluate`]), explanations ([`explain`]) and roll-ups ([`rollup`]).

pub mod auth;
pub mod criteria;
pub mod evaluate;
pub mod explain;
pub mod lang;
pub mod period;
pub mod ratio;
pub mod rollup;
pub mod unit;
pub mod value;

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
pub use period::{Date, Period, PeriodError};
pub use ratio::{NumberError, Ratio};
pub use rollup::{Rollup, StatusCount};
pub use unit::{Level, Lineage, LineageDraft, LineageKind, Unit, UnitDraft, UnitIdx, UnitTree};
pub use value::{Value, ValueError, ValueTable};
