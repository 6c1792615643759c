//! `ntm warnings`: the early warnings of a period from files (DESIGN §4), as a table for people
//! or as the contract's JSON; every reason worded by `ntm_text` from the warning's figures.

use anyhow::Context;
use ntm_domain::evaluate::evaluate_parallel;
use ntm_domain::warning::warnings as early_warnings;
use ntm_domain::{Period, Plan, Recognition, WarningInputs};
use ntm_io::warnings::{WarningsReport, warnings_report};
use ntm_io::{Catalog, InputErrors, Location, Problem};

use crate::Failure;
use crate::cli::{WarningsArgs, WarningsFormat};
use crate::commands::{json, lang, load_source, t};
use crate::demo;

/// Threads the warnings are computed on.
const THREADS: usize = 2;

pub fn warnings(mut catalog: Catalog, args: WarningsArgs) -> Result<String, Failure> {
    let (set_id, period, loaded) = load_source(&mut catalog, &args.source)?;
    let demo = args.source.demo;
    let (tree, table) = (&loaded.import.tree, &loaded.table);
    let Some(set) = catalog.set(&set_id) else {
        return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id)).into());
    };
    // The roadmap and the decisions: every error of both files, or neither.
    let text = |path: &Option<std::path::PathBuf>,
                name: &str,
                bundled: &str|
     -> Result<Option<(String, String)>, InputErrors> {
        match (demo, path) {
            (_, Some(p)) => Ok(Some((p.display().to_string(), ntm_io::read_text_file(p)?))),
            (true, None) => Ok(Some((name.to_string(), bundled.to_string()))),
            (false, None) => Ok(None),
        }
    };
    let mut errors = InputErrors::default();
    let mut plans: Vec<Plan> = Vec::new();
    match text(&args.plans, demo::PLANS.name, demo::PLANS.text) {
        Ok(Some((name, text))) => match ntm_io::read_plans(&name, &text, tree, set, None) {
            Ok(rows) => plans = rows.into_iter().map(|r| r.plan).collect(),
            Err(e) => errors.extend(e),
        },
        Ok(None) => {}
        Err(e) => errors.extend(e),
    }
    let mut recognitions: Vec<Recognition> = Vec::new();
    match text(&args.recognitions, demo::RECOGNITIONS.name, demo::RECOGNITIONS.text) {
        Ok(Some((name, text))) => match ntm_io::read_recognitions(&name, &text, tree) {
            Ok(rows) => recognitions = rows.into_iter().map(decision).collect(),
            Err(e) => errors.extend(e),
        },
        Ok(None) => {}
        Err(e) => errors.extend(e),
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let units = tree.at_level(set.level, period);
    let layers = catalog.layers_for(set.id());
    let evaluation =
        evaluate_parallel(set, &layers, tree, table, period, &units, THREADS).context("threshold layers")?;
    let inputs = WarningInputs {
        set,
        layers: &layers,
        tree,
        values: table,
        evaluation: &evaluation,
        plans: &plans,
        recognitions: &recognitions,
    };
    let list = early_warnings(&inputs, THREADS).context("threshold layers")?;
    let words = t();
    let report = warnings_report(set, tree, period, &list, |w| words.warning_reason(set, period, w));
    match args.format {
        WarningsFormat::Json => json(&report),
        WarningsFormat::Table => {
            let names: Vec<&str> = list.iter().map(|w| tree.unit(w.unit).name.as_str()).collect();
            let table = warnings_table(&report, period, &names);
            Ok(if demo { format!("{}\n\n{table}", words.cli_illustrative_banner()) } else { table })
        }
    }
}

/// A recognitions file's row as the domain's decision.
fn decision(r: ntm_io::RecognitionRow) -> Recognition {
    Recognition { id: 0, unit: r.unit, level: r.level, decision: r.decision, decided_on: r.decided_on, lost: r.lost }
}

/// The warnings for people: a title, then each unit (code and name) with its warnings, one a
/// line: the kind, then the reason. `names` are the units' names, one per warning.
fn warnings_table(report: &WarningsReport, period: Period, names: &[&str]) -> String {
    let words = t();
    let period = ntm_domain::explain::period_label(period, lang());
    let mut out = format!("{}\n", words.warnings_title(&report.set, period, report.warnings.len()));
    if report.warnings.is_empty() {
        out.push_str(&format!("{}\n", words.warnings_none()));
    }
    let mut unit = None;
    for (w, name) in report.warnings.iter().zip(names) {
        if unit != Some(&w.unit) {
            out.push_str(&format!("\n{} {name}\n", w.unit));
            unit = Some(&w.unit);
        }
        out.push_str(&format!("  [{}] {}\n", words.warning_kind(w.kind), w.reason));
    }
    out
}
