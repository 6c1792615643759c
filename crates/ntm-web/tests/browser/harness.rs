//! What a browser test stands on: the real server on a fresh copy of the demo database, a
//! chromedriver child process, and one headless Chromium session. Tests run one at a time.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use ntm_app::{App, Config};
use ntm_store::Db;
use serde_json::json;

use crate::webdriver::{Session, request};

static COUNTER: AtomicU64 = AtomicU64::new(0);
static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
/// One browser at a time: two cores, and Chromium is heavy.
static SERIAL: Mutex<()> = Mutex::new(());

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "ntm-browser-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The browser and its driver, overridable for checking the skip/fail path.
fn tools() -> (PathBuf, PathBuf) {
    let path = |var: &str, default: &str| std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| default.into());
    (path("NTM_CHROMIUM", "/usr/bin/chromium"), path("NTM_CHROMEDRIVER", "/usr/bin/chromedriver"))
}

/// The tools when installed. When missing: under CI (`CI` set) the test fails, since `.ci/run`
/// installs them; elsewhere it is skipped with a note on stderr.
pub fn required_tools() -> Option<(PathBuf, PathBuf)> {
    let (chromium, driver) = tools();
    let missing: Vec<String> =
        [&chromium, &driver].into_iter().filter(|p| !p.is_file()).map(|p| p.display().to_string()).collect();
    if missing.is_empty() {
        return Some((chromium, driver));
    }
    let what = missing.join(" and ");
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but chromium/chromedriver is missing ({what} not found): .ci/run must install them");
    }
    // Straight to stderr, past the test harness's capture of `eprintln!`, and once per run.
    static NOTE: std::sync::Once = std::sync::Once::new();
    NOTE.call_once(|| {
        let note = format!("skipping browser tests: {what} not found (apt-get install chromium chromium-driver)\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
    });
    None
}

/// How the browser is started.
#[derive(Clone, Copy)]
pub struct Options {
    pub javascript: bool,
    /// A 390×844 phone screen (Chromium's windows are at least 500 px wide, so this emulates the
    /// device: viewport, pixel ratio, touch).
    pub phone: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { javascript: true, phone: false }
    }
}

/// The demo database file's bytes, built once per test binary (cheap password hashing).
fn template() -> &'static [u8] {
    TEMPLATE.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let build = temp("build.db");
            let db = Db::connect(&format!("sqlite://{}", build.display())).await.unwrap();
            ntm_app::demo::build(&db, true).await.unwrap();
            let path = temp("template.db");
            db.backup_to(&path).await.unwrap();
            db.close().await;
            let bytes = std::fs::read(&path).unwrap();
            for file in [&build, &path] {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
            bytes
        })
    })
}

/// The chromedriver child process; killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(binary: &PathBuf) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok((200, status)) = request(port, "GET", "/status", None)
                && status["value"]["ready"] == json!(true)
            {
                return driver;
            }
            if let Ok(Some(exit)) = driver.child.try_wait() {
                panic!("chromedriver exited at start: {exit}");
            }
            assert!(Instant::now() < deadline, "chromedriver on port {port} not ready after 20 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server: its runtime (dropping it stops the server) and its database file.
struct Server {
    runtime: Option<tokio::runtime::Runtime>,
    db_path: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db_path.display()));
        }
    }
}

/// A directory removed on drop (the browser profile).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running server and a browser pointed at it. Fields drop in order: the browser session,
/// its driver, the server, the profile, and last the lock that keeps tests one at a time.
pub struct Browser {
    pub session: Session,
    _driver: Driver,
    _server: Server,
    _profile: TempDir,
    pub base: String,
    _serial: MutexGuard<'static, ()>,
}

impl Browser {
    /// `None` when the browser is not installed and this is not CI (the test is then skipped).
    pub fn start(options: Options) -> Option<Browser> {
        let (chromium, driver_binary) = required_tools()?;
        let serial = SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());

        let mut server = Server { runtime: None, db_path: temp("test.db") };
        std::fs::write(&server.db_path, template()).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let base = runtime.block_on(async {
            let db = Db::connect(&format!("sqlite://{}", server.db_path.display())).await.unwrap();
            let app = App::open(db, Config { demo: true, fast_hashing: true, ..Config::default() }).await.unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            tokio::spawn(ntm_web::serve_on(app, listener));
            base
        });
        server.runtime = Some(runtime);

        let profile = TempDir(temp("chromium-profile"));
        std::fs::create_dir_all(&profile.0).unwrap();
        let driver = Driver::start(&driver_binary);
        let mut chrome = json!({
            "binary": chromium.display().to_string(),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--window-size=1200,900",
                format!("--user-data-dir={}", profile.0.display()),
            ],
        });
        if !options.javascript {
            chrome["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        if options.phone {
            chrome["mobileEmulation"] = json!({
                "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 2.0, "mobile": true, "touch": true },
            });
        }
        let capabilities = json!({ "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": chrome,
            "timeouts": { "implicit": 5000, "pageLoad": 30000 },
        }});
        let session = Session::new(driver.port, capabilities).unwrap();
        Some(Browser { session, _driver: driver, _server: server, _profile: profile, base, _serial: serial })
    }

    /// Opens a path of the server.
    pub fn open(&self, path: &str) {
        self.session.goto(&format!("{}{path}", self.base)).unwrap();
    }

    /// The path and query of the current page.
    pub fn path(&self) -> String {
        let url = self.session.url().unwrap();
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    /// The rendered text of the first element matching `css` (waiting a little for a page
    /// still loading after a click).
    pub fn text(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            match self.session.find(css).and_then(|e| e.text()) {
                Ok(text) => return text,
                Err(e) if start.elapsed() > Duration::from_secs(10) => panic!("{css} on {}: {e}", self.path()),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Waits until the text of `css` contains `needle` (a page loading after a click), and
    /// returns it; after ten seconds, the text as it is.
    pub fn text_with(&self, css: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text(css);
            if text.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The first element matching `css`, waiting up to ten seconds for a page still loading.
    pub fn wait_find(&self, css: &str) -> crate::webdriver::Element<'_> {
        let start = Instant::now();
        loop {
            match self.session.find(css) {
                Ok(e) => return e,
                Err(e) if start.elapsed() > Duration::from_secs(10) => {
                    panic!("{css} on {}: {e}\n{}", self.path(), self.session.source().unwrap_or_default())
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    pub fn click(&self, css: &str) {
        self.wait_find(css).click().unwrap();
    }

    /// Replaces the content of a text input.
    pub fn fill(&self, css: &str, text: &str) {
        let input = self.wait_find(css);
        input.clear().unwrap();
        input.send_keys(text).unwrap();
    }

    /// Saves what the browser shows as `target/screenshots/NAME.png` (never committed; CI keeps
    /// the folder as an artefact).
    pub fn save_screenshot(&self, name: &str) {
        std::fs::write(screenshots().join(format!("{name}.png")), self.session.screenshot().unwrap()).unwrap();
    }

    /// Signs in through the login form with the demo password.
    pub fn sign_in(&self, user: &str) {
        self.open("/login");
        self.fill("#username", user);
        self.fill("#password", ntm_app::demo::DEMO_PASSWORD);
        self.click("form[action='/login'] button[type=submit]");
        // The redirect lands where the role starts (the overview, a commune's page), now with the
        // sign-out button.
        self.session.find("form[action='/logout']").unwrap_or_else(|e| panic!("{user} not signed in: {e}"));
    }
}

/// Where screenshots and printed pages go: `target/screenshots/` of the workspace.
pub fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
