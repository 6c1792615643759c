//! The commands that use the database or run the server (asynchronous).

use std::io::BufRead;
use std::net::SocketAddr;

use anyhow::Context;
use ntm_app::accounts::AccountSpec;
use ntm_app::{App, Config};
use ntm_domain::{Period, UnitIdx};
use ntm_io::{InputErrors, Location, Problem};
use ntm_store::Db;

use crate::Failure;
use crate::cli::{DemoArgs, EvaluateArgs, ServeArgs, UserCommand, ValuesCommand};
use crate::commands::{lang, t};
use ntm_web::log::{Level, event};

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build().context("tokio runtime")?)
}

pub(crate) async fn open(url: &str) -> Result<Db, Failure> {
    Db::connect(url).await.map_err(|e| store_failure(url, e))
}

/// A store's error about the database at `url`, with the URL's secrets hidden.
pub(crate) fn store_failure(url: &str, e: ntm_store::StoreError) -> Failure {
    use ntm_store::{StoreError, redact, scrub};
    // A full or unreachable database is kept as what it is, so that `main` can say so in words.
    let kept = match e {
        StoreError::Unavailable(d) => StoreError::Unavailable(scrub(&d, url)),
        StoreError::Full(d) => StoreError::Full(scrub(&d, url)),
        e => return Failure::Other(anyhow::anyhow!("{}: {}", redact(url), scrub(&e.to_string(), url))),
    };
    Failure::Other(anyhow::Error::new(kept).context(redact(url)))
}

fn bind(text: &str) -> Result<SocketAddr, Failure> {
    text.parse().map_err(|_| Failure::Usage(format!("--bind: {text}")))
}

pub(crate) fn app_error(e: ntm_app::AppError) -> Failure {
    match e {
        ntm_app::AppError::Invalid(errors) => errors.into(),
        ntm_app::AppError::Store(e @ (ntm_store::StoreError::Full(_) | ntm_store::StoreError::Unavailable(_))) => {
            Failure::Other(anyhow::Error::new(e).context("store"))
        }
        other => Failure::Other(anyhow::anyhow!("{other}")),
    }
}

pub fn serve(args: ServeArgs) -> Result<String, Failure> {
    let addr = bind(&args.bind)?;
    runtime()?.block_on(async {
        let db = open(&args.database).await?;
        let config = serve_config(&args);
        let app = App::open(db, config).await.map_err(app_error)?;
        serve_logged(app, &args.database, addr, &t()).await?;
        Ok(String::new())
    })
}

/// Serves until Ctrl-C, its first lines in the log's format (`ntm_web::log`): the database (its
/// secrets hidden), then the address, once it is bound (a client may connect from then on).
async fn serve_logged(
    app: std::sync::Arc<App>,
    database: &str,
    addr: SocketAddr,
    t: &ntm_text::T,
) -> Result<(), Failure> {
    event(Level::Info, "database", &[("url", &ntm_store::redact(database))]);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("--bind {addr}"))?;
    let url = format!("http://{addr}");
    event(Level::Info, "listening", &[("url", &url), ("msg", &t.cli_serving(&url))]);
    ntm_web::serve_on(app, listener).await.context("server")?;
    Ok(())
}

/// The server's configuration from its flags: every flag reaches it.
fn serve_config(args: &ServeArgs) -> Config {
    Config {
        public_read: !args.login_required,
        secure_cookies: args.secure_cookies,
        trust_forwarded_for: args.trust_forwarded_for,
        public_hosts: args.public_hosts.clone(),
        ..Config::default()
    }
}

pub fn demo(args: DemoArgs) -> Result<String, Failure> {
    let addr = bind(&args.bind)?;
    let t = t();
    runtime()?.block_on(async {
        if args.fresh {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", args.file.display()));
            }
        }
        if !args.file.exists() {
            let msg = t.cli_demo_building(args.file.display());
            event(Level::Info, "demo-building", &[("file", &args.file.display()), ("msg", &msg)]);
            build_demo_file(&args.file, false).await?;
        }
        let db = open(&format!("sqlite://{}", args.file.display())).await?;
        let app = App::open(db, Config { demo: true, ..Config::default() }).await.map_err(app_error)?;
        // In the log's format too: the demo's made-up accounts and their shared password are
        // printed on purpose, for whoever tries it.
        event(Level::Info, "demo", &[("msg", &t.cli_demo_illustrative())]);
        let password = ntm_app::demo::DEMO_PASSWORD;
        event(Level::Info, "demo-accounts", &[("password", &password), ("msg", &t.cli_demo_accounts(password))]);
        // The accounts of demo/tam-duong/accounts.csv, by role as the roles are listed.
        let mut users = app.db.users().await.context("users")?;
        users.sort_by_key(|u| ntm_domain::Role::ALL.iter().position(|r| r.code() == u.role));
        for u in users {
            event(
                Level::Info,
                "demo-account",
                &[("username", &u.username), ("role", &u.role), ("name", &u.display_name)],
            );
        }
        serve_logged(app, &format!("sqlite://{}", args.file.display()), addr, &t).await?;
        Ok(String::new())
    })
}

/// Builds the demo database beside `file` and moves it into place only when complete, so that
/// an interrupted build (Ctrl-C during the account hashing) never leaves a half demo that later
/// starts would take for whole.
async fn build_demo_file(file: &std::path::Path, fast_hashing: bool) -> Result<(), Failure> {
    let beside = |suffix: &str| {
        let mut p = file.as_os_str().to_owned();
        p.push(suffix);
        std::path::PathBuf::from(p)
    };
    let (building, ready) = (beside(".building"), beside(".ready"));
    let remove = |path: &std::path::Path| {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    };
    remove(&building);
    remove(&ready);
    let db = open(&format!("sqlite://{}", building.display())).await?;
    ntm_app::demo::build(&db, fast_hashing).await.map_err(app_error)?;
    // One self-contained file (no write-ahead log beside it), then an atomic rename.
    db.backup_to(&ready).await.map_err(|e| app_error(ntm_app::AppError::Store(e)))?;
    db.close().await;
    remove(&building);
    std::fs::rename(&ready, file).with_context(|| format!("moving the demo database to {}", file.display()))?;
    Ok(())
}

pub(crate) fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

pub fn user(cmd: UserCommand) -> Result<String, Failure> {
    let lang = lang();
    runtime()?.block_on(async {
        match cmd {
            UserCommand::Add { username, role, name, unit, agency, database } => {
                let password = read_password()?;
                let app = App::open(open(&database).await?, Config::default()).await.map_err(app_error)?;
                let display = name.unwrap_or_else(|| username.clone());
                let spec = AccountSpec {
                    username: &username,
                    display_name: &display,
                    password: &password,
                    role: &role,
                    unit_code: unit.as_deref(),
                    agency_code: agency.as_deref(),
                    lang,
                };
                app.add_user(&spec, None).await.map_err(|e| {
                    Failure::Input(format!("user add {username}: {}", ntm_web::user_error(ntm_text::T { lang }, &e)))
                })?;
                Ok(format!("{}\n", ntm_text::T { lang }.cli_user_added(&username, &role)))
            }
            UserCommand::Passwd { username, database } => {
                let password = read_password()?;
                let app = App::open(open(&database).await?, Config::default()).await.map_err(app_error)?;
                app.set_password(&username, &password, None).await.map_err(|e| {
                    Failure::Input(format!("user passwd {username}: {}", ntm_web::user_error(ntm_text::T { lang }, &e)))
                })?;
                Ok(format!("{}\n", ntm_text::T { lang }.cli_password_changed(&username)))
            }
            UserCommand::Unlock { username, database } => {
                let app = App::open(open(&database).await?, Config::default()).await.map_err(app_error)?;
                app.unlock_account(&username).await.map_err(|e| {
                    Failure::Input(format!("user unlock {username}: {}", ntm_web::user_error(ntm_text::T { lang }, &e)))
                })?;
                Ok(format!("{}\n", ntm_text::T { lang }.cli_user_unlocked(&username)))
            }
            UserCommand::Import(args) => crate::imports::accounts(args).await,
            UserCommand::List { database } => {
                let db = open(&database).await?;
                let users = db.users().await.context("users")?;
                let mut out = String::new();
                for u in users {
                    out.push_str(&format!("{:<16} {:<8} {}", u.username, u.role, u.display_name));
                    if u.disabled {
                        out.push(' ');
                        out.push_str(ntm_text::T { lang }.cli_user_disabled());
                    }
                    out.push('\n');
                }
                Ok(out)
            }
        }
    })
}

pub fn values(cmd: ValuesCommand) -> Result<String, Failure> {
    let t = t();
    let ValuesCommand::Import { file, set, database, user } = cmd;
    if is_workbook(&file) {
        return values_xlsx(&file, &set, &database, user.as_deref());
    }
    runtime()?.block_on(async {
        let db = open(&database).await?;
        let actor = actor(&db, user.as_deref()).await?;
        let name = file.display().to_string();
        // Progress on the terminal only (indicatif draws nothing when stderr is not one).
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let bar = indicatif::ProgressBar::with_draw_target(Some(size), indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {percent:>3}% {msg} ({elapsed})") {
            bar.set_style(style);
        }
        let path = file.clone();
        let outcome = ntm_app::entry::import::import_values_csv(
            &db,
            &set,
            &name,
            move || std::fs::File::open(&path),
            actor,
            |at| {
                bar.set_position(at.bytes);
                bar.set_message(match at.errors {
                    0 => t.cli_import_progress(at.rows),
                    errors => t.cli_import_progress_errors(at.rows, errors),
                });
            },
        )
        .await;
        bar.finish_and_clear();
        let done = outcome.map_err(app_error)?;
        Ok(format!("{}\n", t.cli_values_loaded(done.rows, done.changed)))
    })
}

pub fn units_into_database(
    import: &ntm_io::UnitImport,
    database: &str,
    source: &[std::path::PathBuf],
) -> Result<String, Failure> {
    let names: Vec<String> = source.iter().map(|p| p.display().to_string()).collect();
    runtime()?.block_on(async {
        let db = open(database).await?;
        check_with_stored_units(&db, &import.tree, source).await?;
        let out = db.import_units(&import.tree, None, &names.join(", ")).await.context("import")?;
        Ok(format!("{}\n", t().cli_units_written(out.units, out.lineage)))
    })
}

/// The units already stored and the new ones must form one valid tree (e.g. the merger table
/// alone over an earlier January list would leave two open units with the same code): checked
/// before anything is written, with the same messages as the files.
async fn check_with_stored_units(
    db: &Db,
    new: &ntm_domain::UnitTree,
    files: &[std::path::PathBuf],
) -> Result<(), Failure> {
    let (records, _) = db.units().await.context("units")?;
    if records.is_empty() {
        return Ok(());
    }
    let replaced: std::collections::HashSet<(String, Option<ntm_domain::Date>)> =
        new.iter().map(|(_, u)| (u.code.clone(), u.valid_from)).collect();
    let code_of: std::collections::HashMap<i64, &str> = records.iter().map(|r| (r.id, r.code.as_str())).collect();
    let date = |t: &str| if t.is_empty() { None } else { ntm_domain::Date::parse(t).ok() };
    let stored = Location::file(t().cli_stored_units());
    let units = records
        .iter()
        .filter(|r| !replaced.contains(&(r.code.clone(), date(&r.valid_from))))
        .filter_map(|r| {
            Some(ntm_io::units::Located {
                item: ntm_domain::UnitDraft {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    level: ntm_domain::Level::from_code(&r.level)?,
                    parent_code: r.parent_id.and_then(|p| code_of.get(&p)).map(|c| c.to_string()),
                    region: (!r.region.is_empty()).then(|| r.region.clone()),
                    group: u8::try_from(r.grp).ok().filter(|g| (1..=3).contains(g)),
                    flags: r.flags.split(';').filter(|f| !f.is_empty()).map(str::to_string).collect(),
                    valid_from: date(&r.valid_from),
                    valid_to: date(&r.valid_to),
                    kind: ntm_domain::UnitKind::from_code(&r.kind),
                },
                at: stored.clone(),
            })
        })
        .collect();
    let mut all = vec![ntm_io::UnitFile {
        name: stored.file.clone(),
        format: ntm_io::UnitFormat::Contract,
        units,
        merger: vec![],
    }];
    all.extend(crate::commands::read_unit_files(files)?);
    ntm_io::build_tree(all)?;
    Ok(())
}

/// `ntm evaluate --database URL`: units, values and thresholds from the database.
pub fn evaluate_from_database(args: &EvaluateArgs, database: &str) -> Result<String, Failure> {
    let lang = lang();
    let set_id = args.source.set.clone().ok_or_else(|| Failure::Usage(ntm_text::T { lang }.cli_missing("--set")))?;
    runtime()?.block_on(async {
        let app = App::open(open(database).await?, Config::default()).await.map_err(app_error)?;
        let period = match &args.source.period {
            Some(p) => Period::parse(p)
                .map_err(|e| InputErrors::one(Location::file("--period"), Problem::BadPeriod(p.clone(), e)))?,
            None => ntm_app::page::choose_period(&app.live(), &set_id, None).map_err(app_error)?,
        };
        let live = app.live();
        let Some(set) = live.set(&set_id) else {
            return Err(InputErrors::one(Location::file("--set"), Problem::UnknownSet(set_id.clone())).into());
        };
        crate::commands::check_period_of_set(set, period)?;
        let empty = ntm_domain::ValueTable::new(set.element_count());
        let table = live.values.get(&set_id).unwrap_or(&empty);
        let scope = match &args.under {
            Some(code) => Some(crate::commands::scope_roots(&live.tree, code, Some(period))?),
            None => None,
        };
        let units: Vec<UnitIdx> = live
            .units_for(set, period)
            .into_iter()
            .filter(|&u| scope.as_ref().is_none_or(|roots| live.tree.is_within_any(u, roots)))
            .collect();
        let mut ev = live.evaluator(set, table, period).map_err(app_error)?;
        let eval = ev.run(&units);
        let report = ntm_io::report::evaluation_report(&mut ev, &eval, lang);
        // `App::open` read whether the database holds the demo's illustrative data.
        crate::commands::render_evaluation(&report, args, period, app.config.demo)
    })
}

// ---- The Excel template (issue 10 point 5): `ntm template`, `ntm values import F.xlsx`.

/// Whether a values file is an Excel workbook: by its name, else by its first bytes (a zip).
fn is_workbook(file: &std::path::Path) -> bool {
    if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return true;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(file).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok()
        && ntm_excel::read::looks_like_xlsx(&head)
}

/// The account named by `--user`, if any.
async fn actor(db: &Db, user: Option<&str>) -> Result<Option<i64>, Failure> {
    match user {
        Some(name) => Ok(Some(
            db.user_by_name(name).await.context("users")?.ok_or_else(|| Failure::Usage(format!("--user: {name}")))?.id,
        )),
        None => Ok(None),
    }
}

fn values_xlsx(file: &std::path::Path, set: &str, database: &str, user: Option<&str>) -> Result<String, Failure> {
    let t = t();
    let name = file.display().to_string();
    // A file over the limit is refused before it is read.
    let size = std::fs::metadata(file)
        .map_err(|e| InputErrors::one(Location::file(&name), Problem::Unreadable(e.to_string())))?
        .len();
    if size > ntm_excel::read::MAX_TEMPLATE_BYTES {
        let limit_mb = ntm_excel::read::MAX_TEMPLATE_BYTES >> 20;
        return Err(InputErrors::one(Location::file(&name), Problem::FileTooLarge { limit_mb }).into());
    }
    let bytes =
        std::fs::read(file).map_err(|e| InputErrors::one(Location::file(&name), Problem::Unreadable(e.to_string())))?;
    runtime()?.block_on(async {
        let db = open(database).await?;
        let actor = actor(&db, user).await?;
        let done =
            ntm_app::entry::xlsx::import_values_xlsx_file(&db, set, &name, bytes, actor).await.map_err(app_error)?;
        Ok(format!("{}\n", t.upload_cli_loaded(done.cells, done.rows, done.changed, done.kept)))
    })
}

pub fn template(args: crate::cli::TemplateArgs) -> Result<String, Failure> {
    let t = t();
    runtime()?.block_on(async {
        let db = open(&args.database).await?;
        let app = App::open(db, Config::default()).await.map_err(app_error)?;
        let target = match (&args.unit, &args.agency) {
            (Some(unit), _) => ntm_app::entry::xlsx::TemplateFor::Unit(unit),
            (None, Some(agency)) => ntm_app::entry::xlsx::TemplateFor::Agency(agency),
            (None, None) => return Err(Failure::Usage("--unit | --agency".into())),
        };
        let file = match app.values_template(None, &args.set, &args.period, target, lang()).await {
            Ok(file) => file,
            Err(ntm_app::AppError::NotFound) => {
                return Err(Failure::Input(t.upload_cli_no_template(
                    args.set.clone(),
                    args.period.clone(),
                    args.unit.clone().or(args.agency.clone()).unwrap_or_default(),
                )));
            }
            Err(ntm_app::AppError::Forbidden) => {
                return Err(Failure::Input(
                    t.upload_cli_nothing(args.unit.clone().or(args.agency.clone()).unwrap_or_default()),
                ));
            }
            Err(e) => return Err(app_error(e)),
        };
        std::fs::write(&args.out, &file.bytes).with_context(|| format!("{}", args.out.display()))?;
        Ok(format!("{}\n", t.upload_cli_template_written(args.out.display().to_string())))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn every_serve_flag_reaches_the_servers_configuration() {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrap {
            #[command(flatten)]
            args: ServeArgs,
        }
        let plain = serve_config(&Wrap::parse_from(["ntm"]).args);
        assert!(plain.public_read && !plain.secure_cookies && !plain.trust_forwarded_for);
        let flags =
            ["ntm", "--login-required", "--secure-cookies", "--trust-forwarded-for", "--public-host", "ntm.example.vn"];
        let set = serve_config(&Wrap::parse_from(flags).args);
        assert!(!set.public_read && set.secure_cookies && set.trust_forwarded_for);
        assert_eq!(set.public_hosts, ["ntm.example.vn"]);
    }

    #[test]
    fn the_demo_file_appears_only_when_complete_with_nothing_left_beside_it() {
        let dir = std::env::temp_dir().join(format!("ntm-demo-file-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("demo.db");
        // A stale half-built file from an interrupted start is thrown away, not used.
        std::fs::write(dir.join("demo.db.building"), b"half").unwrap();
        runtime().ok().expect("tokio runtime").block_on(async {
            assert!(build_demo_file(&file, true).await.is_ok(), "the demo builds");
            let db = open(&format!("sqlite://{}", file.display())).await.ok().expect("the demo opens");
            let app = App::open(db, Config { demo: true, ..Config::default() }).await.unwrap();
            assert_eq!(app.live().tree.len(), 122, "every unit of the demo is there");
            assert!(app.db.users().await.unwrap().len() >= 5, "with its accounts");
        });
        let mut left: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        left.retain(|n| !n.starts_with("demo.db-"));
        assert_eq!(left, ["demo.db"], "no .building or .ready file is left");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
