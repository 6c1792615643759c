//! The commands that load a district's files into a database through the use cases of their
//! area: `agencies import`, `targets import`, `recognitions import`, `user import`. Each reads its
//! file, checks every row (against the units, criteria sets, agencies and what is stored already)
//! and writes all of it in one transaction, each record audited, or nothing.

use ntm_app::{App, AppError, Config, User};

use crate::Failure;
use crate::cli::ImportArgs;
use crate::commands::t;
use crate::server::{app_error, open, read_password, runtime};

/// The application on the database, the file's name and text, and the account acting.
struct Import {
    app: std::sync::Arc<App>,
    name: String,
    text: String,
    actor: Option<User>,
}

/// Reads the file (a file that cannot be read touches no database), opens the database and
/// finds the `--user` account.
async fn prepare(args: &ImportArgs) -> Result<Import, Failure> {
    let name = args.file.display().to_string();
    let text = ntm_io::read_text_file(&args.file)?;
    let app = App::open(open(&args.database).await?, Config::default()).await.map_err(app_error)?;
    let actor = match &args.user {
        Some(user) => Some(
            app.acting_user(user).await.map_err(app_error)?.ok_or_else(|| Failure::Usage(format!("--user: {user}")))?,
        ),
        None => None,
    };
    Ok(Import { app, name, text, actor })
}

/// An import's failure: a refusal of the `--user` account in words, anything else as usual.
fn refused(actor: &Option<User>) -> impl Fn(AppError) -> Failure + '_ {
    move |e| match (e, actor) {
        (AppError::Forbidden, Some(u)) => Failure::Input(t().cli_user_may_not(&u.username)),
        (e, _) => app_error(e),
    }
}

/// `ntm agencies import FILE`.
pub fn agencies(args: ImportArgs) -> Result<String, Failure> {
    runtime()?.block_on(async {
        let i = prepare(&args).await?;
        let n = i.app.import_agencies(i.actor.as_ref(), &i.name, &i.text).await.map_err(refused(&i.actor))?;
        Ok(format!("{}\n", t().cli_agencies_loaded(n)))
    })
}

/// `ntm members import FILE`.
pub fn members(args: ImportArgs) -> Result<String, Failure> {
    runtime()?.block_on(async {
        let i = prepare(&args).await?;
        let n = i.app.import_members(i.actor.as_ref(), &i.name, &i.text).await.map_err(refused(&i.actor))?;
        Ok(format!("{}\n", t().cli_members_loaded(n)))
    })
}

/// `ntm targets import FILE`.
pub fn targets(args: ImportArgs) -> Result<String, Failure> {
    runtime()?.block_on(async {
        let i = prepare(&args).await?;
        let n = i.app.import_targets(i.actor.as_ref(), &i.name, &i.text).await.map_err(refused(&i.actor))?;
        Ok(format!("{}\n", t().cli_targets_loaded(n)))
    })
}

/// `ntm plans import FILE --set ID`.
pub fn plans(args: ImportArgs, set: &str) -> Result<String, Failure> {
    runtime()?.block_on(async {
        let i = prepare(&args).await?;
        let n = i.app.import_plans(i.actor.as_ref(), set, &i.name, &i.text).await.map_err(refused(&i.actor))?;
        Ok(format!("{}\n", t().cli_plans_loaded(n)))
    })
}

/// `ntm recognitions import FILE`.
pub fn recognitions(args: ImportArgs) -> Result<String, Failure> {
    runtime()?.block_on(async {
        let i = prepare(&args).await?;
        let n = i.app.import_recognitions(i.actor.as_ref(), &i.name, &i.text).await.map_err(refused(&i.actor))?;
        Ok(format!("{}\n", t().cli_recognitions_loaded(n)))
    })
}

/// `ntm user import FILE`, the initial password on standard input (run inside `user`'s runtime).
pub async fn accounts(args: ImportArgs) -> Result<String, Failure> {
    let password = read_password()?;
    let i = prepare(&args).await?;
    let n = i.app.import_accounts(i.actor.as_ref(), &i.name, &i.text, &password).await.map_err(refused(&i.actor))?;
    Ok(format!("{}\n", t().cli_accounts_added(n)))
}
