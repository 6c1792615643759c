//! `ntm-io`: the files the programme lives on, read and written.
//!
//! Reading: criteria set and override files ([`criteria_file`]), unit lists in three formats
//! ([`units`]), values ([`values`]), agencies ([`org`]), targets ([`plans`]), the roadmap
//! ([`roadmap`]), recognition decisions ([`recognitions`]) and accounts ([`accounts`]). Writing: the
//! evaluation and criteria reports ([`report`]) and the early warnings ([`warnings`]).
//! Every reader checks everything and returns every error with file, line and field
//! ([`error`]); nothing partial is returned.

pub mod accounts;
pub mod charts;
pub mod criteria_file;
pub mod error;
pub mod org;
pub mod people;
pub mod plans;
pub mod recognitions;
pub mod report;
pub mod roadmap;
pub mod sheet;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod text;
pub mod units;
pub mod values;
pub mod warnings;

pub use accounts::{AccountRow, read_accounts};
pub use criteria_file::{Catalog, CriteriaFile, LoadedLayer, LoadedSet, parse_criteria_file};
pub use error::{InputError, InputErrors, Location, Problem};
pub use org::{AgencyRow, read_agencies};
pub use people::{MemberRow, read_members};
pub use plans::{TargetRow, read_targets};
pub use recognitions::{RecognitionRow, read_recognitions};
pub use roadmap::{PlanRow, plans_csv, read_plans, write_plans};
pub use sheet::read_text_file;
pub use units::{ImportSummary, UnitFile, UnitFormat, UnitImport, build_tree, read_units_file, read_units_text};
pub use values::{ValueRow, read_values, read_values_file, value_table};
