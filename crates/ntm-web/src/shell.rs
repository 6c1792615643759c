//! What every area shares: the stylesheet, the health check, the language switch, the page not
//! found, the query every page takes, and the OpenAPI document assembled from the areas' parts.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::evaluation::MatrixQuery;
use ntm_domain::Lang;
use serde::Deserialize;

use crate::error::WebError;
use crate::extract::Query;
use crate::session::{LANG_COOKIE, Visitor};

/// The stylesheet, the only asset.
pub const CSS: &str = include_str!("../assets/app.css");

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/static/app.css", get(css))
        .route("/healthz", get(healthz))
        .route("/lang/{code}", get(switch_lang))
        .route("/api/openapi.json", get(openapi))
}

/// Query parameters shared by the pages.
#[derive(Deserialize, Default, Debug)]
pub struct PageQuery {
    pub set: Option<String>,
    pub period: Option<String>,
    pub sort: Option<String>,
    pub status: Option<String>,
    pub level: Option<String>,
    pub page: Option<usize>,
    pub next: Option<String>,
    /// A date that picks among units sharing a code over time.
    pub at: Option<String>,
}

/// The set a page or a form names, else the default set (an empty field names none).
pub fn set_or_default(app: &App, set: Option<&str>) -> String {
    set.filter(|s| !s.is_empty()).map_or_else(|| app.config.default_set.clone(), str::to_string)
}

impl PageQuery {
    pub fn set_id(&self, app: &App) -> String {
        set_or_default(app, self.set.as_deref())
    }

    pub fn matrix_query(&self) -> MatrixQuery {
        MatrixQuery {
            sort: self.sort.clone().unwrap_or_default(),
            status: self.status.clone().unwrap_or_default(),
            level: self.level.clone().unwrap_or_default(),
            page: self.page.unwrap_or(1),
        }
    }
}

/// A page rendered.
pub(crate) fn html<P: Template>(page: &P) -> Result<Response, WebError> {
    Ok(Html(page.render()?).into_response())
}

/// The decimal mark of a language, for charts.
pub(crate) fn decimal(lang: Lang) -> char {
    if lang == Lang::Vi { ',' } else { '.' }
}

async fn css() -> impl IntoResponse {
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

/// Sets the language cookie and goes back where the visitor was.
async fn switch_lang(Path(code): Path<String>, Query(q): Query<PageQuery>) -> Response {
    let lang = Lang::from_code(&code);
    let next = crate::chrome::safe_next(q.next.as_deref().unwrap_or("/"));
    // Drop a `lang=` the page URL may carry, so that the cookie decides.
    let next = match next.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query.split('&').filter(|kv| !kv.starts_with("lang=")).collect();
            if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) }
        }
        None => next,
    };
    let mut res = Redirect::to(&next).into_response();
    if let Ok(h) =
        HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code()))
    {
        res.headers_mut().append(header::SET_COOKIE, h);
    }
    res
}

pub async fn not_found(_v: Visitor) -> WebError {
    WebError::NotFound
}

/// A parameter of the OpenAPI document.
pub(crate) fn param(name: &str, location: &str, required: bool, description: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "in": location, "required": required, "description": description, "schema": { "type": "string" } })
}

/// The responses of a JSON read endpoint in the OpenAPI document.
pub(crate) fn ok(description: &str) -> serde_json::Value {
    serde_json::json!({
        "200": { "description": description, "content": { "application/json": {} } },
        "401": { "description": "Reading requires signing in" },
        "404": { "description": "Unknown set, unit, criterion or period" }
    })
}

/// The OpenAPI 3.1 description of the API: each area describes its own endpoints.
async fn openapi() -> Response {
    let mut paths = serde_json::Map::new();
    for part in [
        crate::evaluation::openapi_paths(),
        crate::entry::openapi_paths(),
        crate::thresholds::openapi_paths(),
        crate::audit::openapi_paths(),
        crate::board::openapi_paths(),
        crate::recognitions::openapi_paths(),
        crate::upload::openapi_paths(),
        crate::reporting::openapi_paths(),
        crate::roadmap::openapi_paths(),
        crate::reasons::openapi_paths(),
    ] {
        paths.extend(part);
    }
    paths.insert(
        "/healthz".into(),
        serde_json::json!({ "get": { "summary": "Liveness", "responses": { "200": { "description": "ok" } } } }),
    );
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": { "title": "ntm — New Rural Development tracker API", "version": "1",
                  "description": "Read-only JSON mirroring each page. Verdicts carry their threshold, its source and whether it is verified." },
        "paths": paths
    });
    axum::Json(doc).into_response()
}
