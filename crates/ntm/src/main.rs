//! `ntm`: the command line of the NTM system. Parses arguments, loads files through `ntm-io`,
//! evaluates through `ntm-domain`, prints once at the end (no partial output on error).
//! Exit codes: 0 success, 1 bad input, 2 usage.

mod backup;
mod check;
mod cli;
mod commands;
mod demo;
// DEPLOY.md's commands checked against the command line (issue 11, operations).
#[cfg(test)]
mod deploy_doc;
mod imports;
mod server;
mod warnings;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ntm_domain::Lang;

use crate::cli::Cli;

/// How a command failed.
pub enum Failure {
    /// Bad input: the user's files or values; already rendered in the user's language.
    Input(String),
    /// A missing or inconsistent argument (exit code 2, like clap's own usage errors).
    Usage(String),
    /// Anything else.
    Other(anyhow::Error),
    /// What a command found wrong (`ntm check`), its whole output: printed on standard output,
    /// exit code 1.
    Found(String),
}

impl From<ntm_io::InputErrors> for Failure {
    fn from(e: ntm_io::InputErrors) -> Failure {
        Failure::Input(e.render(commands::lang()))
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Other(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .map(Lang::from_code)
        .unwrap_or_else(|| std::env::var("LANG").map(|l| Lang::from_code(&l)).unwrap_or_default());
    commands::set_lang(lang);
    match commands::run(cli) {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Input(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Failure::Found(output)) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush());
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(e)) => {
            let t = ntm_text::T { lang };
            // A database that cannot take the change now is said in words first, the detail after.
            match e.chain().find_map(|c| c.downcast_ref::<ntm_store::StoreError>()) {
                Some(ntm_store::StoreError::Full(_)) => {
                    eprintln!("{}: {}\n  ({e:#})", t.cli_error(), t.database_full())
                }
                Some(ntm_store::StoreError::Unavailable(_)) => {
                    eprintln!("{}: {}\n  ({e:#})", t.cli_error(), t.database_unreachable());
                }
                _ => eprintln!("{}: {e:#}", t.cli_error()),
            }
            ExitCode::from(1)
        }
    }
}
