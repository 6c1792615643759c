//! The commands. Each returns the whole output as a string; `main` prints it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use ntm_domain::{Date, Evaluator, Lang, Level, Period, UnitIdx, UnitTree};
use ntm_io::report::{self, EvaluationReport};
use ntm_io::{Catalog, InputErrors, Location, Problem};

use crate::Failure;
use crate::cli::{
    AgenciesCommand, Cli, Command, CriteriaCommand, EvaluateArgs, Format, MembersCommand, PlansCommand,
    RecognitionsCommand, SourceArgs, TargetsCommand, UnitsCommand,
};
use crate::demo;

static ENGLISH: AtomicBool = AtomicBool::new(false);

pub fn set_lang(lang: Lang) {
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) { Lang::En } else { Lang::Vi }
}

/// The words of the command line in the user's language (`locales/{vi,en}/cli.ftl`).
pub fn t() -> ntm_text::T {
    ntm_text::T { lang: lang() }
}

pub fn run(cli: Cli) -> Result<String, Failure> {
    let catalog = Catalog::load(cli.criteria_dir.as_deref())?;
    match cli.command {
        Command::Evaluate(args) => evaluate(catalog, args),
        Command::Warnings(args) => crate::warnings::warnings(catalog, args),
        Command::Criteria(CriteriaCommand::List { format }) => criteria_list(&catalog, format),
        Command::Criteria(CriteriaCommand::Show { id, format }) => criteria_show(&catalog, &id, format),
        Command::Units(UnitsCommand::Import { files, output, format, database }) => {
            units_import(files, output, format, database)
        }
        Command::Values(cmd) => crate::server::values(cmd),
        Command::Agencies(AgenciesCommand::Import(args)) => crate::imports::agencies(args),
        Command::Members(MembersCommand::Import(args)) => crate::imports::members(args),
        Command::Targets(TargetsCommand::Import(args)) => crate::imports::targets(args),
        Command::Plans(PlansCommand::Import { import, set }) => crate::imports::plans(import, &set),
        Command::Recognitions(RecognitionsCommand::Import(args)) => crate::imports::recognitions(args),
        Command::User(cmd) => crate::server::user(cmd),
        Command::Serve(args) => crate::server::serve(args),
        Command::Demo(args) => crate::server::demo(args),
        Command::Template(args) => crate::server::template(args),
        Command::Check(args) => crate::check::check(args),
        // Backup and restore (issue 11).
        Command::Backup(args) => crate::backup::backup(args),
        Command::Restore(args) => crate::backup::restore(args),
        Command::Export(args) => crate::backup::export(args),
        Command::Import(args) => crate::backup::import(args),
        Command::Units(UnitsCommand::List { units, under, level, on, format }) => {
            units_list(units, under, level, on, format)
        }
    }
}

pub(crate) fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    let mut s = serde_json::to_string_pretty(value).context("JSON")?;
    s.push('\n');
    Ok(s)
}

/// Reads unit files (every error of every file, or none).
pub fn read_unit_files(files: &[PathBuf]) -> Result<Vec<ntm_io::UnitFile>, Failure> {
    let mut read = Vec::new();
    let mut errors = InputErrors::default();
    for f in files {
        match ntm_io::read_units_file(f) {
            Ok(u) => read.push(u),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(read)
}

fn load_tree(files: &[PathBuf]) -> Result<ntm_io::UnitImport, Failure> {
    Ok(ntm_io::build_tree(read_unit_files(files)?)?)
}

/// `--period` must fall in the years the set is about, as a values file's periods must.
pub(crate) fn check_period_of_set(set: &ntm_domain::CriteriaSet, period: Period) -> Result<(), Failure> {
    match ntm_io::values::year_outside_set(set, period) {
        None => Ok(()),
        Some(problem) => Err(InputErrors::one(Location::file("--period"), problem).into()),
    }
}

/// The units `--under CODE` names: every unit that held the code during `period` (a code reused
/// after the 2025 merger names the old unit for earlier periods and the new one after), or at any
/// time when no period is given.
pub(crate) fn scope_roots(tree: &UnitTree, code: &str, period: Option<Period>) -> Result<Vec<UnitIdx>, Failure> {
    let all = tree.all_with_code(code);
    if all.is_empty() {
        return Err(InputErrors::one(Location::file("--under"), Problem::UnknownUnit(code.into())).into());
    }
    let Some(period) = period else { return Ok(all.to_vec()) };
    let roots = tree.holding(code, period);
    if roots.is_empty() {
        return Err(InputErrors::one(Location::file("--under"), Problem::UnitNotInPeriod(code.into(), period)).into());
    }
    Ok(roots)
}

fn evaluate(mut catalog: Catalog, args: EvaluateArgs) -> Result<String, Failure> {
    let lang = lang();
    if let Some(url) = &args.database {
        return crate::server::evaluate_from_database(&args, url);
    }
    let (set_id, period, loaded) = load_source(&mut catalog, &args.source)?;
    let (tree, table) = (&loaded.import.tree, &loaded.table);
    let Some(set) = catalog.set(&set_id) else {
        return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id)).into());
    };
    let scope = args.under.as_deref().map(|c| scope_roots(tree, c, Some(period))).transpose()?;
    let mut units = tree.at_level(set.level, period);
    if let Some(roots) = &scope {
        units.retain(|&u| tree.is_within_any(u, roots));
    }
    let layers = catalog.layers_for(set.id());
    let mut ev = Evaluator::new(set, layers, tree, table, period).context("threshold layers")?;
    let eval = ev.run(&units);
    let report: EvaluationReport = report::evaluation_report(&mut ev, &eval, lang);
    render_evaluation(&report, &args, period, args.source.demo)
}

/// `--set` and `--period` (defaults with `--demo`: the 2021–2025 commune set, 2024), read, and
/// the files an evaluation of them reads.
pub(crate) fn load_source(catalog: &mut Catalog, source: &SourceArgs) -> Result<(String, Period, Loaded), Failure> {
    let demo = source.demo;
    let Some(set_id) = source.set.clone().or_else(|| demo.then(|| "xa-ntm-2021-2025".to_string())) else {
        return Err(usage(t().cli_missing_set()));
    };
    let Some(period_text) = source.period.clone().or_else(|| demo.then(|| "2024".to_string())) else {
        return Err(usage(t().cli_missing_period()));
    };
    let period = Period::parse(&period_text)
        .map_err(|e| InputErrors::one(Location::file("--period"), Problem::BadPeriod(period_text.clone(), e)))?;
    let loaded = load_files(catalog, &set_id, period, source)?;
    Ok((set_id, period, loaded))
}

/// The unit tree and the set's values, read and checked; the overrides (and the demo's
/// illustrative layer) added to the catalog.
pub(crate) struct Loaded {
    pub import: ntm_io::UnitImport,
    pub table: ntm_domain::ValueTable,
}

/// Reads what an evaluation of `set_id` in `period` needs: the set must exist, `period` be
/// within its years, an override's scope be a unit of the list.
fn load_files(catalog: &mut Catalog, set_id: &str, period: Period, files: &SourceArgs) -> Result<Loaded, Failure> {
    if catalog.set(set_id).is_none() {
        return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id.into())).into());
    }
    for f in &files.overrides {
        catalog.add_override_file(f)?;
    }
    let (import, values_text, values_name) = if files.demo {
        demo::load(catalog, set_id)?
    } else {
        if files.units.is_empty() {
            return Err(usage(t().cli_missing("--units")));
        }
        let Some(values) = &files.values else {
            return Err(usage(t().cli_missing("--values")));
        };
        (load_tree(&files.units)?, ntm_io::read_text_file(values)?, values.display().to_string())
    };
    let tree = &import.tree;
    let Some(set) = catalog.set(set_id) else {
        return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id.into())).into());
    };
    check_period_of_set(set, period)?;
    // An override for one province must name a unit of the list: a mistyped scope would
    // otherwise apply to nobody, silently.
    let mut unknown_scopes = InputErrors::default();
    for l in catalog.layers().filter(|l| l.layer.set_id == set_id) {
        if let Some(scope) = &l.layer.scope
            && tree.all_with_code(scope).is_empty()
        {
            unknown_scopes.push(
                Location { field: Some("scope".into()), ..Location::file(&l.origin) },
                Problem::UnknownUnit(scope.clone()),
            );
        }
    }
    if !unknown_scopes.is_empty() {
        return Err(unknown_scopes.into());
    }
    let rows = ntm_io::read_values(&values_name, &values_text, set, tree)?;
    let table = ntm_io::value_table(set, tree, &rows)?;
    Ok(Loaded { import, table })
}

/// The evaluation in the chosen format, after writing the Excel workbook when `--xlsx` asks for one.
pub(crate) fn render_evaluation(
    report: &EvaluationReport,
    args: &EvaluateArgs,
    period: Period,
    illustrative: bool,
) -> Result<String, Failure> {
    let lang = lang();
    if let Some(path) = &args.xlsx {
        let bytes = ntm_excel::evaluation_workbook(report, lang, illustrative).context("Excel")?;
        std::fs::write(path, bytes).map_err(|e| Failure::Input(t().cli_xlsx_unwritable(path.display(), e)))?;
    }
    Ok(match args.format {
        Format::Table if illustrative => {
            format!("{}\n\n{}", t().cli_illustrative_banner(), report::evaluation_table(report, lang, period))
        }
        Format::Table => report::evaluation_table(report, lang, period),
        Format::Json => json(report)?,
        Format::Csv => report::evaluation_csv(report).context("CSV")?,
    })
}

fn criteria_list(catalog: &Catalog, format: Format) -> Result<String, Failure> {
    let lang = lang();
    let sets: Vec<_> = catalog.sets().map(|s| report::set_summary(&s.set, &s.origin, lang)).collect();
    match format {
        Format::Json => json(&sets),
        _ => Ok(report::set_list_table(&sets, lang)),
    }
}

fn criteria_show(catalog: &Catalog, id: &str, format: Format) -> Result<String, Failure> {
    let lang = lang();
    let Some(set) = catalog.set(id) else {
        return Err(InputErrors::one(Location::file("criteria show"), Problem::UnknownSet(id.into())).into());
    };
    let detail = report::set_detail(set, &catalog.layers_for(id), lang);
    match format {
        Format::Json => json(&detail),
        _ => Ok(report::set_table(&detail, lang)),
    }
}

fn units_import(
    files: Vec<PathBuf>,
    output: Option<PathBuf>,
    format: Format,
    database: Option<String>,
) -> Result<String, Failure> {
    let import = load_tree(&files)?;
    let stored = match &database {
        Some(url) => crate::server::units_into_database(&import, url, &files)?,
        None => String::new(),
    };
    let s = &import.summary;
    if let Some(path) = output {
        let all: Vec<UnitIdx> = import.tree.iter().map(|(i, _)| i).collect();
        let csv = report::units_csv(&report::unit_rows(&import.tree, &all)).context("CSV")?;
        std::fs::write(&path, csv).with_context(|| format!("{}", path.display()))?;
    }
    if format == Format::Json {
        let by_level: serde_json::Map<String, serde_json::Value> = s
            .by_level
            .iter()
            .map(|(l, n, open)| (l.code().to_string(), serde_json::json!({"total": n, "open": open})))
            .collect();
        return json(&serde_json::json!({
            "units": import.tree.len(),
            "by_level": by_level,
            "lineage": s.lineage,
            "old_only_in_merger": s.old_only_in_merger,
            "absent_from_merger": s.absent_from_merger,
        }));
    }
    let t = t();
    let mut out = format!("{}\n", t.cli_units_read(files.len(), import.tree.len()));
    for (l, n, open) in &s.by_level {
        if *n == 0 {
            continue;
        }
        out.push_str(&format!("  {}\n", t.cli_units_at_level(t.level_name(l.code()), n, open)));
    }
    out.push_str(&stored);
    if s.lineage > 0 {
        out.push_str(&format!("  {}\n", t.cli_units_merger_links(s.lineage)));
    }
    if !s.old_only_in_merger.is_empty() {
        let (communes, codes) = (s.old_only_in_merger.len(), short_list(&s.old_only_in_merger));
        out.push_str(&format!("  {}\n", t.cli_units_old_only_in_merger(communes, codes)));
    }
    if !s.absent_from_merger.is_empty() {
        let (communes, codes) = (s.absent_from_merger.len(), short_list(&s.absent_from_merger));
        out.push_str(&format!("  {}\n", t.cli_units_absent_from_merger(communes, codes)));
    }
    Ok(out)
}

/// At most 20 codes, then "…".
fn short_list(codes: &[String]) -> String {
    let mut s = codes.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
    if codes.len() > 20 {
        s.push_str(", …");
    }
    s
}

fn units_list(
    files: Vec<PathBuf>,
    under: Option<String>,
    level: Option<String>,
    on: Option<String>,
    format: Format,
) -> Result<String, Failure> {
    let lang = lang();
    let import = load_tree(&files)?;
    let tree = &import.tree;
    let level = match level.as_deref() {
        None => None,
        Some(l) => Some(
            Level::from_code(l)
                .ok_or_else(|| InputErrors::one(Location::file("--level"), Problem::UnknownLevel(l.into())))?,
        ),
    };
    let on = match on.as_deref() {
        None => None,
        Some(d) => {
            Some(Date::parse(d).map_err(|e| InputErrors::one(Location::file("--on"), Problem::BadDate(d.into(), e)))?)
        }
    };
    let scope = match under.as_deref() {
        None => None,
        Some(code) => {
            let roots = scope_roots(tree, code, None)?;
            // On a date, the unit that held the code that day.
            Some(match on {
                Some(d) => roots.into_iter().filter(|&r| tree.unit(r).valid_on(d)).collect(),
                None => roots,
            })
        }
    };
    let units: Vec<UnitIdx> = tree
        .iter()
        .filter(|(i, u)| {
            level.is_none_or(|l| u.level == l)
                && on.is_none_or(|d| u.valid_on(d))
                && scope.as_ref().is_none_or(|roots: &Vec<UnitIdx>| tree.is_within_any(*i, roots))
        })
        .map(|(i, _)| i)
        .collect();
    // Without a level filter, the units above the scope come first, so that the list written out
    // reads back on its own (each parent present, the province's region with it).
    let units: Vec<UnitIdx> = match (&scope, level) {
        (Some(roots), None) => {
            let mut above: Vec<UnitIdx> = Vec::new();
            for &r in roots {
                for a in tree.ancestors(r).collect::<Vec<_>>().into_iter().rev() {
                    if !above.contains(&a) && !units.contains(&a) {
                        above.push(a);
                    }
                }
            }
            above.into_iter().chain(units).collect()
        }
        _ => units,
    };
    let rows = report::unit_rows(tree, &units);
    match format {
        Format::Json => json(&rows),
        Format::Csv => Ok(report::units_csv(&rows).context("CSV")?),
        Format::Table => Ok(report::units_table(&rows, lang)),
    }
}
