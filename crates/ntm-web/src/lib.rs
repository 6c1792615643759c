//! `ntm-web`: the only crate that knows HTTP and HTML. Server-rendered pages (askama) that work
//! without JavaScript, in Vietnamese and English, each with a JSON twin under `/api/v1/`.

mod accounts;
mod api;
mod chrome;
mod error;
mod export;
mod extract;
pub mod i18n;
mod pages;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use ntm_app::App;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

pub use error::WebError;

/// The stylesheet, the only asset.
pub const CSS: &str = include_str!("../assets/app.css");

/// All routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/matrix", get(pages::matrix))
        .route("/units/{code}", get(pages::unit))
        .route("/criteria/{set}/{id}", get(pages::criterion))
        .route("/sets", get(pages::sets))
        .route("/sets/{id}", get(pages::set))
        .route("/sets/{id}/thresholds", post(pages::set_threshold))
        .route("/entry/{code}/{period}", get(pages::entry).post(pages::save_entry))
        .route("/history/{code}/{period}/{element}", get(pages::history))
        .route("/audit", get(pages::audit))
        .route("/export/evaluation.xlsx", get(export::evaluation_xlsx))
        .route("/account", get(accounts::my_account).post(accounts::change_my_password))
        .route("/users", get(accounts::accounts).post(accounts::add))
        .route("/users/{name}/password", post(accounts::set_password))
        .route("/users/{name}/lock", post(accounts::lock))
        .route("/users/{name}/unlock", post(accounts::unlock))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/lang/{code}", get(pages::switch_lang))
        .route("/static/app.css", get(css))
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/v1/evaluation", get(api::evaluation))
        .route("/api/v1/overview", get(api::overview))
        .route("/api/v1/matrix", get(api::matrix))
        .route("/api/v1/units/{code}", get(api::unit))
        .route("/api/v1/criteria/{set}/{id}", get(api::criterion))
        .route("/api/v1/sets", get(api::sets))
        .route("/api/v1/sets/{id}", get(api::set))
        .fallback(pages::not_found)
        .layer(axum::Extension(Arc::new(pages::PageCache::default())))
        .layer(axum::middleware::from_fn_with_state(app.clone(), session::guard))
        // Workbooks are zipped already: compressing them again would only cost time.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats")),
            ),
        )
        .with_state(app)
}

async fn css() -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        CSS,
    )
}

async fn healthz() -> &'static str {
    "ok"
}

/// Serves until Ctrl-C.
pub async fn serve(app: Arc<App>, bind: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    serve_on(app, listener).await
}

/// Serves on a bound listener (tests bind port 0).
pub async fn serve_on(app: Arc<App>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
