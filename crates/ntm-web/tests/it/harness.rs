//! A fresh copy of the demo database per test, the real router, and helpers named after what a
//! user does.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use ntm_app::{App, Config};
use ntm_store::Db;
use tokio::sync::OnceCell;
use tower::ServiceExt;

static TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "ntm-web-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The demo database, built once per test run (cheap password hashing).
async fn template() -> &'static PathBuf {
    TEMPLATE
        .get_or_init(|| async {
            let build = temp("build.db");
            let db = Db::connect(&format!("sqlite://{}", build.display())).await.unwrap();
            ntm_app::demo::build(&db, true).await.unwrap();
            let path = temp("template.db");
            db.backup_to(&path).await.unwrap();
            db.close().await;
            path
        })
        .await
}

pub struct TestApp {
    pub router: Router,
    pub app: Arc<App>,
    pub path: PathBuf,
    /// The database's URL (a second server opens the same one).
    pub url: String,
    /// For a PostgreSQL database: the server's URL and the database, dropped with its first app.
    postgres: Option<(String, String)>,
    /// Whether this app cleans the database up when dropped (a second server does not).
    owner: bool,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (downloads).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The session this response opened (its cookie, and the CSRF token if the page carries one).
    pub fn new_session(&self) -> Option<Session> {
        let cookie = self
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("ntm_session=") && !c.starts_with("ntm_session=;"))?
            .split(';')
            .next()?
            .to_string();
        Some(Session { cookie, csrf: csrf_of(&self.body) })
    }
}

/// A signed-in browser: its cookie and the CSRF token of its session.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    pub async fn demo() -> TestApp {
        TestApp::with(Config { demo: true, fast_hashing: true, ..Config::default() }).await
    }

    pub async fn with(config: Config) -> TestApp {
        let path = temp("test.db");
        std::fs::copy(template().await, &path).unwrap();
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&url).await.unwrap();
        let app = App::open(db, config).await.unwrap();
        TestApp { router: ntm_web::router(app.clone()), app, path, url, postgres: None, owner: true }
    }

    /// An app on a SQLite file of the test's own making (removed with the app).
    pub fn on_file(app: Arc<App>, path: PathBuf) -> TestApp {
        let url = format!("sqlite://{}", path.display());
        TestApp { router: ntm_web::router(app.clone()), app, path, url, postgres: None, owner: true }
    }

    /// The demo built in a fresh database on the PostgreSQL server of `NTM_TEST_DATABASE_URL`;
    /// `None` when none is named, which under CI is a failure, not a skip.
    pub async fn demo_on_postgres(config: Config) -> Option<TestApp> {
        let admin = match std::env::var("NTM_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => url,
            _ if std::env::var_os("CI").is_some() => panic!("CI is set but NTM_TEST_DATABASE_URL is not"),
            _ => {
                eprintln!("skipped: NTM_TEST_DATABASE_URL names no PostgreSQL server");
                return None;
            }
        };
        let database = format!("ntm_web_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        psql(&admin, &format!("create database {database}"));
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_string();
        let url = format!("{base}/{database}");
        let db = Db::connect(&url).await.unwrap();
        ntm_app::demo::build(&db, true).await.unwrap();
        let app = App::open(db, config).await.unwrap();
        let router = ntm_web::router(app.clone());
        Some(TestApp { router, app, path: PathBuf::new(), url, postgres: Some((admin, database)), owner: true })
    }

    /// A second server process on the same database.
    pub async fn second_server(&self) -> TestApp {
        let db = Db::connect(&self.url).await.unwrap();
        let app = App::open(db, self.app.config.clone()).await.unwrap();
        TestApp {
            router: ntm_web::router(app.clone()),
            app,
            path: self.path.clone(),
            url: self.url.clone(),
            postgres: self.postgres.clone(),
            owner: false,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Response {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024).await.unwrap();
        Response { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }

    pub async fn get(&self, path: &str, s: Option<&Session>) -> Response {
        let mut req = Request::get(path);
        if let Some(s) = s {
            req = req.header(header::COOKIE, &s.cookie);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, path: &str, s: Option<&Session>, fields: &[(&str, &str)]) -> Response {
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(s) = s {
            req = req.header(header::COOKIE, &s.cookie);
        }
        self.send(req.body(Body::from(body.join("&"))).unwrap()).await
    }

    /// Signs in with the demo password; panics if refused.
    pub async fn login(&self, user: &str) -> Session {
        self.login_with(user, ntm_app::demo::DEMO_PASSWORD).await
    }

    /// Signs in; panics if refused.
    pub async fn login_with(&self, user: &str, password: &str) -> Session {
        let res = self.post("/login", None, &[("username", user), ("password", password), ("next", "/")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "login of {user}: {}", res.body);
        let mut s = res.new_session().unwrap();
        let page = self.get("/sets", Some(&s)).await;
        s.csrf = csrf_of(&page.body);
        assert!(!s.csrf.is_empty(), "a signed-in page carries the CSRF token");
        s
    }

    /// The form's fields as a browser would post them, with some values changed.
    pub async fn entry_fields(&self, path: &str, s: &Session, changes: &[(&str, &str)]) -> Vec<(String, String)> {
        let page = self.get(path, Some(s)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        let mut fields = form_fields(&page.body);
        for (name, value) in changes {
            match fields.iter_mut().find(|(k, _)| k == name) {
                Some(f) => f.1 = value.to_string(),
                None => fields.push((name.to_string(), value.to_string())),
            }
        }
        fields
    }

    pub async fn post_owned(&self, path: &str, s: &Session, fields: &[(String, String)]) -> Response {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post(path, Some(s), &borrowed).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if !self.owner {
            return;
        }
        match &self.postgres {
            Some((admin, database)) => psql(admin, &format!("drop database if exists {database} with (force)")),
            None => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
                }
            }
        }
    }
}

/// Runs one SQL statement on the PostgreSQL server (Debian's `psql`, installed with the server).
fn psql(admin: &str, sql: &str) {
    let out = std::process::Command::new("psql").args([admin, "-q", "-c", sql]).output().expect("psql");
    assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
}

pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_string()
}

fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Every input a browser would submit: hidden and text inputs, and checked radios; disabled
/// inputs are left out, as browsers do.
pub fn form_fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in html.split("<input").skip(1) {
        let tag = chunk.split('>').next().unwrap_or("");
        if tag.contains(" disabled") {
            continue;
        }
        let attr =
            |name: &str| tag.split(&format!(" {name}=\"")).nth(1).and_then(|r| r.split('"').next()).map(unescape);
        let (Some(name), kind) = (attr("name"), attr("type").unwrap_or_default()) else { continue };
        if kind == "radio" && !tag.contains(" checked") {
            continue;
        }
        out.push((name, attr("value").unwrap_or_default()));
    }
    out
}
