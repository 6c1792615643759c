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
    /// Early warnings for a period: criteria planned and not met, recognised units backsliding,
    /// indicators whose trend is off pace, data missing.
    Warnings(WarningsArgs),
    /// Criteria sets: list them, or show one with every indicator and threshold.
    #[command(subcommand)]
    Criteria(CriteriaCommand),
    /// Unit lists: import (check and count, or load into a database) or list units.
    #[command(subcommand)]
    Units(UnitsCommand),
    /// Values: load a values CSV into the database.
    #[command(subcommand)]
    Values(ValuesCommand),
    /// Agencies and the criteria they answer for: load an agencies CSV into the database.
    #[command(subcommand)]
    Agencies(AgenciesCommand),
    /// Targets (mục tiêu) with the units they name: load a targets CSV into the database.
    #[command(subcommand)]
    Targets(TargetsCommand),
    /// Recognition decisions (công nhận đạt chuẩn): load a recognitions CSV into the database.
    #[command(subcommand)]
    Recognitions(RecognitionsCommand),
    /// The roadmap (lộ trình): load a plans CSV into the database, replacing the set's roadmap.
    #[command(subcommand)]
    Plans(PlansCommand),
    /// Accounts: add, change a password, list, load an accounts CSV.
    #[command(subcommand)]
    User(UserCommand),
    /// Steering Committee members (thành viên Ban Chỉ đạo): load a members CSV into the database.
    #[command(subcommand)]
    Members(MembersCommand),
    /// Run the web server on a database.
    Serve(ServeArgs),
    /// Run the web server on the Tam Đường demo (its own database file, built if missing).
    Demo(DemoArgs),
    /// The Excel template of a unit or an agency for a period, with the current values, to fill
    /// offline and load with `ntm values import FILE.xlsx`.
    Template(TemplateArgs),
    // Backup and restore (issue 11).
    /// A consistent copy of the database while the server runs (SQLite: VACUUM INTO; PostgreSQL:
    /// pg_dump --format=custom, found on PATH); never over an existing file.
    Backup(BackupArgs),
    /// Restore a backup (a SQLite copy, or a pg_dump file into PostgreSQL) into an empty database.
    Restore(RestoreArgs),
    /// Export the whole database (--all) as a portable archive: a zip of JSON lines per table.
    Export(ExportArgs),
    /// Import a portable archive (--all) into an empty database: checked first, all or nothing.
    Import(ImportAllArgs),
    /// Check a database: integrity, audit consistency, migrations (exit 1 with every problem).
    Check(CheckArgs),
}

/// `ntm check --database URL [--format table|json]` (issue 11, operations).
#[derive(Parser, Debug)]
pub struct CheckArgs {
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
    #[arg(long, value_enum, default_value_t = WarningsFormat::Table)]
    pub format: WarningsFormat,
}

/// `ntm backup --database URL --out FILE`
#[derive(Parser, Debug)]
pub struct BackupArgs {
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
    #[arg(long)]
    pub out: PathBuf,
}

/// `ntm restore FILE --database URL`
#[derive(Parser, Debug)]
pub struct RestoreArgs {
    pub file: PathBuf,
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
}

/// `ntm export --all --database URL --out FILE.zip`
#[derive(Parser, Debug)]
pub struct ExportArgs {
    /// Every table (the only export there is: required).
    #[arg(long, required = true)]
    pub all: bool,
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
    #[arg(long)]
    pub out: PathBuf,
}

/// `ntm import --all FILE.zip --database URL`
#[derive(Parser, Debug)]
pub struct ImportAllArgs {
    pub file: PathBuf,
    /// Every table (the only import there is: required).
    #[arg(long, required = true)]
    pub all: bool,
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
}

/// `ntm template --set ID --period P (--unit CODE | --agency CODE) [--database URL] --out F.xlsx`
#[derive(Parser, Debug)]
#[command(group(clap::ArgGroup::new("whose").required(true).args(["unit", "agency"])))]
pub struct TemplateArgs {
    #[arg(long)]
    pub set: String,
    /// `2024` or `2024Q3`.
    #[arg(long)]
    pub period: String,
    /// One unit (its code): every criterion of the set.
    #[arg(long)]
    pub unit: Option<String>,
    /// An agency (its code): the criteria it leads, one sheet per unit the set judges.
    #[arg(long)]
    pub agency: Option<String>,
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Parser, Debug)]
pub struct ServeArgs {
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
    #[arg(long, env = "NTM_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Require signing in to read (default: reading is public).
    #[arg(long, env = "NTM_LOGIN_REQUIRED")]
    pub login_required: bool,
    /// Set the Secure flag on cookies (behind HTTPS).
    #[arg(long, env = "NTM_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Behind a reverse proxy that sets X-Forwarded-For: use it as the client's address.
    #[arg(long, env = "NTM_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// A host name the server answers to (repeatable), besides localhost and IP addresses:
    /// requests naming any other host are refused (DNS rebinding).
    #[arg(long = "public-host", env = "NTM_PUBLIC_HOST", value_delimiter = ',')]
    pub public_hosts: Vec<String>,
}

#[derive(Parser, Debug)]
pub struct DemoArgs {
    #[arg(long, env = "NTM_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// The demo's database file.
    #[arg(long, default_value = "ntm-demo.db")]
    pub file: std::path::PathBuf,
    /// Rebuild the demo database even if the file exists.
    #[arg(long)]
    pub fresh: bool,
}

#[derive(Subcommand, Debug)]
pub enum ValuesCommand {
    /// Load a values CSV (unit_code,period,element,value), or a filled Excel template
    /// (`ntm template`; read by its content): all or nothing, audited as one change.
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        set: String,
        #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
        database: String,
        /// The account the change is recorded under.
        #[arg(long)]
        user: Option<String>,
    },
}

/// A file loaded into a database: all or nothing, each record audited.
#[derive(Parser, Debug)]
pub struct ImportArgs {
    pub file: PathBuf,
    #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
    pub database: String,
    /// The account the change is recorded under (it must be allowed to make it).
    #[arg(long)]
    pub user: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum AgenciesCommand {
    /// Load an agencies CSV (code,name,set,criteria[,role]; criteria as ids separated by spaces; role lead or cooperate).
    Import(ImportArgs),
}

#[derive(Subcommand, Debug)]
pub enum MembersCommand {
    /// Load a members CSV (code,name,position,agency_code,communes,account; communes separated by ';').
    Import(ImportArgs),
}

#[derive(Subcommand, Debug)]
pub enum TargetsCommand {
    /// Load a targets CSV (target,kind,year,set,level,quota,title,source,unit_code; one row per unit).
    Import(ImportArgs),
}

#[derive(Subcommand, Debug)]
pub enum PlansCommand {
    /// Load a plans CSV (unit_code,criterion,planned_year[,level,responsible,contents,estimate])
    /// against a criteria set: every row checked, then the set's roadmap replaced whole.
    Import {
        #[command(flatten)]
        import: ImportArgs,
        /// The criteria set the rows' criteria belong to.
        #[arg(long)]
        set: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RecognitionsCommand {
    /// Load a recognitions CSV (unit_code,level,decision,decided_on[,lost_on,lost_decision]).
    Import(ImportArgs),
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; the password is read from standard input (one line).
    Add {
        username: String,
        /// admin, office, agency, commune or viewer.
        #[arg(long)]
        role: String,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
        /// For a commune officer: the commune's code.
        #[arg(long)]
        unit: Option<String>,
        /// For an agency officer: the agency's code.
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
        database: String,
    },
    /// Set a new password (read from standard input); ends the user's sessions.
    Passwd {
        username: String,
        #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
        database: String,
    },
    /// Unlock an account: a locked one, or one whose sign-ins are blocked after failed guesses
    /// (the failures counted against its name are cleared); audited.
    Unlock {
        username: String,
        #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
        database: String,
    },
    /// Add the accounts of an accounts CSV (username,display_name,role,unit,agency), all with one
    /// initial password read from standard input (one line).
    Import(ImportArgs),
    /// List the accounts.
    List {
        #[arg(long, env = "NTM_DATABASE_URL", default_value = "sqlite://ntm.db")]
        database: String,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// What an evaluation reads: the set and the period, the unit and values files and the
/// overrides, or the bundled demo (shared by `evaluate` and `warnings`).
#[derive(clap::Args, Debug)]
pub struct SourceArgs {
    /// Criteria set id (see `ntm criteria list`). Default with --demo: xa-ntm-2021-2025.
    #[arg(long)]
    pub set: Option<String>,
    /// Unit files: the units CSV, the GSO commune list, the GSO merger table (any mix).
    #[arg(long, num_args = 1..)]
    pub units: Vec<PathBuf>,
    /// Values CSV: unit_code,period,element,value (warnings draw trends from the earlier years').
    #[arg(long)]
    pub values: Option<PathBuf>,
    /// Period: a year (2024) or a quarter (2024Q3). Default with --demo: 2024.
    #[arg(long)]
    pub period: Option<String>,
    /// A provincial override file to lay over the set (may be repeated).
    #[arg(long = "override")]
    pub overrides: Vec<PathBuf>,
    /// The bundled Tam Đường demo (illustrative data; for warnings, with an illustrative roadmap).
    #[arg(long)]
    pub demo: bool,
}

#[derive(Parser, Debug)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Only units within this unit's subtree (a district or province code).
    #[arg(long)]
    pub under: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Read units, values and thresholds from this database instead of files.
    #[arg(long)]
    pub database: Option<String>,
    /// Also write the result as an Excel workbook (summary matrix and every indicator) to this file.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum WarningsFormat {
    Table,
    Json,
}

#[derive(Parser, Debug)]
pub struct WarningsArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The roadmap: plans CSV (unit_code,criterion,planned_year[,level,responsible,contents,estimate]).
    #[arg(long)]
    pub plans: Option<PathBuf>,
    /// Recognition decisions: recognitions CSV (unit_code,level,decision,decided_on[,lost_on,lost_decision]).
    #[arg(long)]
    pub recognitions: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = WarningsFormat::Table)]
    pub format: WarningsFormat,
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
        /// Load the units into this database (all or nothing, audited).
        #[arg(long)]
        database: Option<String>,
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
