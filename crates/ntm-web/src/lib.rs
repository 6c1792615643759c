//! `ntm-web`: the only crate that knows HTTP and HTML. Server-rendered pages (askama) that work
//! without JavaScript, in Vietnamese and English, each with a JSON twin under `/api/v1/`.
//!
//! One module per area, each with its own `router()` serving its pages and their API twins and
//! its templates under `templates/<area>/`: `evaluation`, `entry`, `thresholds`, `accounts`,
//! `audit`; `shell` holds what they share. The words come from `ntm_text`.

mod accounts;
mod audit;
mod board;
mod chrome;
mod consolidated;
mod entry;
mod error;
mod evaluation;
mod extract;
mod listen;
mod paging;
// issue 11 (operations): request ids and the server's log.
pub mod log;
mod present;
mod reasons;
mod recognitions;
mod reporting;
mod roadmap;
mod session;
mod shell;
mod thresholds;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use ntm_app::App;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

pub use accounts::user_error;
/// The parsers of addresses a request carries (fuzzed: `fuzz/web_harness.rs`).
pub use chrome::safe_next;
pub use error::WebError;
pub use listen::Limits;
pub use session::{client_address, host_allowed};
pub use shell::CSS;

/// The words of the pages (re-exported for tests).
pub mod i18n {
    pub use ntm_text::{ALL, T};
}

/// All routes: each area's, then the page not found.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .merge(shell::router())
        .merge(evaluation::router())
        .merge(entry::router())
        .merge(thresholds::router())
        .merge(accounts::router())
        .merge(audit::router())
        .merge(roadmap::router())
        .merge(board::router())
        .merge(recognitions::router())
        .merge(reasons::router())
        .merge(upload::router())
        .merge(reporting::router())
        .merge(consolidated::router())
        .fallback(shell::not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), session::guard))
        // Workbooks are zipped already: compressing them again would only cost time.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats")),
            ),
        )
        // Outermost: every response, whatever made it, has its request id and its log line.
        .layer(axum::middleware::from_fn_with_state(app.clone(), log::requests))
        .with_state(app)
}

/// Serves until Ctrl-C.
pub async fn serve(app: Arc<App>, bind: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    serve_on(app, listener).await
}

/// Serves on a bound listener (tests bind port 0), within the default [`Limits`].
pub async fn serve_on(app: Arc<App>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_within(app, listener, Limits::default()).await
}

/// Serves on a bound listener within `limits`, until Ctrl-C.
pub async fn serve_within(app: Arc<App>, listener: tokio::net::TcpListener, limits: Limits) -> std::io::Result<()> {
    // What only grows (sign-in attempts, ended sessions) is pruned every hour.
    let pruning = app.clone();
    let pruner = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = pruning.prune_sign_ins().await {
                log::event(log::Level::Warn, "prune-sign-ins-failed", &[("detail", &e)]);
            }
        }
    });
    let served = listen::serve_within(router(app), listener, limits).await;
    pruner.abort();
    served
}
