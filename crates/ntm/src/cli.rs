//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "ntm", version, about = "Hệ thống theo dõi Chương trình MTQG xây dựng nông thôn mới (NTM)")]
pub struct Cli {
    /// Language of messages and reports: vi (default) or en. Also read from LANG.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// A directory of criteria files that add or replace sets and lay provincial overrides.
    #[arg(long, global = true, env = "NTM_CRITERIA_DIR")]
    pub criteria_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate units against a criteria set for a period.
    Evaluate(EvaluateArgs),
    /// Criteria sets: list them, or show one with every indicator and threshold.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Unit lists: import (check and count) or list units.
    #[command(subcommand)]
    Units(UnitsCommand),
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Parser, Debug)]
pub struct EvaluateArgs {
    /// Criteria set id (see `ntm criteria list`). Default with --demo: xa-ntm-2021-2025.
    #[arg(long)]
    pub set: Option<String>,
    /// Unit files: the units CSV, the GSO commune list, the GSO merger table (any mix).
    #[arg(long, num_args = 1..)]
    pub units: Vec<PathBuf>,
    /// Values CSV: unit_code,period,element,value.
    #[arg(long)]
    pub values: Option<PathBuf>,
    /// Period: a year (2024) or a quarter (2024Q3). Default with --demo: 2024.
    #[arg(long)]
    pub period: Option<String>,
    /// Only units within this unit's subtree (a district or province code).
    #[arg(long)]
    pub under: Option<String>,
    /// A provincial override file to lay over the set (may be repeated).
    #[arg(long = "override")]
    pub overrides: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Evaluate the bundled Tam Đường demo (illustrative data).
    #[arg(long)]
    pub demo: bool,
}

#[derive(Subcommand, Debug)]
pub enum CriteriaCommand {
    /// List the criteria sets.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show one set: criteria, indicators, thresholds with source and verification.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand, Debug)]
pub enum UnitsCommand {
    /// Read unit files (units CSV, GSO commune list, GSO merger table), check them and report counts.
    Import {
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Also write the resulting tree as a units CSV.
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List units from unit files.
    List {
        #[arg(long, required = true, num_args = 1..)]
        units: Vec<PathBuf>,
        /// Only this unit's subtree.
        #[arg(long)]
        under: Option<String>,
        /// Only this level: province, district, commune, village.
        #[arg(long)]
        level: Option<String>,
        /// Only units that existed on this date (2025-07-01 or 01/07/2025).
        #[arg(long)]
        on: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}
