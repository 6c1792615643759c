//! The security matrix of issue 11 beyond "every route × every role" (`roles.rs`): every route
//! the web crate declares that names a unit or a criterion, tried by the commune officer and the
//! agency officer on their own and on a foreign one (generated from the declared routes, so a
//! new route cannot be missed); session fixation and reuse after sign-out; injection strings in
//! every text field of every form; the public pages show no personal data.

use axum::http::StatusCode;

use crate::harness::{Session, TestApp};

/// A route as the web crate declares it: its pattern and whether it answers GET and POST.
#[derive(Debug)]
pub struct Route {
    pub pattern: String,
    pub get: bool,
    pub post: bool,
}

/// Every `.route("…", get(…).post(…))` of `crates/ntm-web/src/*.rs`.
pub fn declared_routes() -> Vec<Route> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routes: Vec<Route> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split(".route(\"").skip(1) {
            let Some((pattern, rest)) = part.split_once('"') else { continue };
            let methods = rest.split(".route(").next().unwrap_or(rest);
            let methods = methods.split(';').next().unwrap_or(methods);
            routes.push(Route {
                pattern: pattern.to_string(),
                get: methods.contains("get("),
                post: methods.contains("post("),
            });
        }
    }
    routes.sort_by(|a, b| a.pattern.cmp(&b.pattern));
    routes.dedup_by(|a, b| a.pattern == b.pattern);
    routes
}

/// Who is tried on their own and on a foreign unit or criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scoped {
    /// `sonbinh`, officer of commune 03413: its own commune against 03430.
    Commune,
    /// `ktht`, officer of the KTHT agency, which answers for criterion 2 (not 3).
    Agency,
}

impl Scoped {
    fn user(self) -> &'static str {
        match self {
            Scoped::Commune => "sonbinh",
            Scoped::Agency => "ktht",
        }
    }

    /// The path of `pattern` on the scoped user's own (`own`) or a foreign unit or criterion.
    fn path(self, pattern: &str, own: bool) -> String {
        let unit = match (self, own) {
            (Scoped::Commune, false) => "03430",
            _ => "03413",
        };
        let criterion = match (self, own) {
            (Scoped::Agency, false) => "3",
            _ => "2",
        };
        fill(pattern, unit, criterion)
    }
}

/// A route's pattern with its parameters filled: units and criteria as given, the rest fixed.
fn fill(pattern: &str, unit: &str, criterion: &str) -> String {
    let segments: Vec<&str> = pattern.split('/').collect();
    let mut out = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        let before = if i > 0 { segments[i - 1] } else { "" };
        out.push(match *s {
            "{code}" if before == "agencies" => "ktht".to_string(),
            "{code}" if before == "members" => "pct-huyen".to_string(),
            "{code}" if before == "lang" => "en".to_string(),
            "{code}" | "{unit}" => unit.to_string(),
            "{criterion}" => criterion.to_string(),
            "{period}" => "2024".to_string(),
            "{element}" => format!("{criterion}.1"),
            "{set}" => "xa-ntm-2021-2025".to_string(),
            "{id}" if before == "sets" => "xa-ntm-2021-2025".to_string(),
            "{id}" => criterion.to_string(),
            "{name}" => "xem".to_string(),
            other => other.to_string(),
        });
    }
    out.join("/")
}

/// Whether a route is scoped by unit or criterion (its path names one).
fn scoped(pattern: &str) -> bool {
    let p = pattern.replace("/agencies/{code}", "").replace("/members/{code}", "").replace("/lang/{code}", "");
    ["{code}", "{unit}", "{criterion}"].iter().any(|x| p.contains(x))
}

fn success(s: StatusCode) -> bool {
    s.is_success() || s.is_redirection()
}

#[tokio::test]
async fn every_unit_or_criterion_route_serves_its_own_and_refuses_a_foreign_one() {
    let t = TestApp::demo().await;
    let routes: Vec<Route> = declared_routes().into_iter().filter(|r| scoped(&r.pattern)).collect();
    assert!(routes.len() >= 8, "the scoped routes were found: {routes:?}");
    let audit = |t: &TestApp| {
        let t = t.app.db.clone();
        async move { t.audit_log(&ntm_store::AuditQuery { limit: 100_000, ..Default::default() }).await.unwrap().len() }
    };
    let mut tried = 0;
    let mut lines = Vec::new();
    for who in [Scoped::Commune, Scoped::Agency] {
        let s = t.login(who.user()).await;
        let viewer = t.login("xem").await;
        for r in &routes {
            let (own, foreign) = (who.path(&r.pattern, true), who.path(&r.pattern, false));
            if own == foreign {
                continue; // the route does not vary with what this user owns
            }
            for post in [false, true] {
                if (post && !r.post) || (!post && !r.get) {
                    continue;
                }
                let send = |path: String, s: Session, own: bool| {
                    let t = &t;
                    async move {
                        if !post {
                            return t.get(&path, Some(&s)).await.status;
                        }
                        // A form as its page would send it: a row of the unit of the address
                        // (to delete), its criterion, a year, a reason.
                        let unit = path.split('/').nth(2).unwrap_or("").to_string();
                        let plan = {
                            let live = t.app.live();
                            let id =
                                live.roadmap.plans.iter().find(|p| live.tree.unit(p.unit).code == unit).map(|p| p.id);
                            id.unwrap_or(0).to_string()
                        };
                        let criterion = if own || who == Scoped::Commune { "2" } else { "3" };
                        let fields = [
                            ("csrf", s.csrf.as_str()),
                            ("period", "2024"),
                            ("set", "xa-ntm-2021-2025"),
                            ("id", plan.as_str()),
                            ("criterion", criterion),
                            ("planned_year", "2025"),
                            ("reason", "Thiếu vốn"),
                            ("solution", "Huy động thêm"),
                        ];
                        t.post(&path, Some(&s), &fields).await.status
                    }
                };
                let mine = send(own.clone(), s.clone(), true).await;
                let before = audit(&t).await;
                let theirs = send(foreign.clone(), s.clone(), false).await;
                assert_eq!(audit(&t).await, before, "{foreign} as {}: nothing written on a foreign one", who.user());
                let seen = send(foreign.clone(), viewer.clone(), false).await;
                let method = if post { "POST" } else { "GET" };
                lines.push(format!("{method} {} as {}: own {mine}, foreign {theirs}", r.pattern, who.user()));
                tried += 1;
                if success(seen) {
                    // Read by everyone: the same for the officer, wherever.
                    assert!(success(theirs), "{method} {foreign} as {}: {theirs}, a viewer gets {seen}", who.user());
                    continue;
                }
                assert_eq!(theirs, StatusCode::FORBIDDEN, "{method} {foreign} as {}: a foreign one", who.user());
                assert_ne!(mine, StatusCode::FORBIDDEN, "{method} {own} as {}: its own", who.user());
            }
        }
    }
    eprintln!("own/foreign: {tried} route × method × officer pairs\n{}", lines.join("\n"));
    assert!(tried >= 12, "{lines:?}");
}

#[tokio::test]
async fn signing_in_gives_a_new_session_and_a_signed_out_one_opens_nothing() {
    let t = TestApp::demo().await;
    // Fixation: a session id planted before the victim signs in (a made-up one, or the
    // attacker's own valid one) is not the session the sign-in opens, and gives the attacker
    // nothing of the victim's.
    let attacker = t.login("xem").await;
    for planted in ["ntm_session=chosen-by-the-attacker".to_string(), attacker.cookie.clone()] {
        let s = Session { cookie: planted.clone(), csrf: String::new() };
        let res = t
            .post(
                "/login",
                Some(&s),
                &[("username", "sonbinh"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "signed in");
        let opened = res.new_session().expect("the sign-in sets a session");
        assert_ne!(opened.cookie, planted, "a new session id at sign-in");
        let with_planted = Session { cookie: planted.clone(), csrf: attacker.csrf.clone() };
        assert_ne!(t.get("/entry/03413/2024", Some(&with_planted)).await.status, StatusCode::OK, "{planted}");
        assert_eq!(t.get("/entry/03413/2024", Some(&opened)).await.status, StatusCode::OK, "the victim's own");
    }
    // Reuse after sign-out: neither a page nor a form with the old cookie and its token.
    let s = t.login("sonbinh").await;
    let fields = t.entry_fields("/entry/03413/2024/3", &s, &[("v:3.1", "77")]).await;
    assert_eq!(t.post("/logout", Some(&s), &[("csrf", &s.csrf)]).await.status, StatusCode::SEE_OTHER);
    assert_ne!(t.get("/entry/03413/2024/3", Some(&s)).await.status, StatusCode::OK);
    let res = t.post_owned("/entry/03413/2024/3", &s, &fields).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "the form is kept for signing in again, not saved");
    let again = t.login("sonbinh").await;
    let page = t.get("/entry/03413/2024/3", Some(&again)).await.body;
    assert!(!page.contains("name=\"v:3.1\" value=\"77\""), "nothing saved with the ended session");
    // The ended session cannot sign out another either.
    assert_ne!(t.post("/logout", Some(&s), &[("csrf", &s.csrf)]).await.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(t.get("/entry/03413/2024/3", Some(&again)).await.status, StatusCode::OK, "the new one still works");
}

/// What an attacker types: SQL, HTML, format strings, template syntax, a path, direction
/// controls, a NUL, and a very long text.
fn injections() -> Vec<String> {
    vec![
        "'; drop table users; --".into(),
        "\" or 1=1 --".into(),
        "<script>alert(1)</script>".into(),
        "\"><img src=x onerror=alert(1)>".into(),
        "{0} %s %n %x {{ 7*7 }} ${7*7} {% if 1 %}".into(),
        "../../etc/passwd".into(),
        "\u{202E}nimda\u{202C} Quản trị".into(),
        "a\u{0}b\r\nSet-Cookie: x=y".into(),
        "Đ".repeat(100_000),
    ]
}

/// A form filled in right: who sends it, its address, its fields, and the text fields to try.
type FilledForm = (&'static str, String, Vec<(&'static str, String)>, Vec<&'static str>);

/// Each form with text fields, as its page sends it when filled in right.
fn forms(t: &TestApp) -> Vec<FilledForm> {
    let plan = {
        let live = t.app.live();
        let id = live.roadmap.plans.iter().find(|p| live.tree.unit(p.unit).code == "03413").map(|p| p.id);
        id.unwrap_or(0).to_string()
    };
    let f = |pairs: &[(&'static str, &str)]| pairs.iter().map(|(k, v)| (*k, v.to_string())).collect::<Vec<_>>();
    vec![
        (
            "quantri",
            "/users".into(),
            f(&[
                ("username", "nguoithu"),
                ("display_name", "Người thử"),
                ("role", "viewer"),
                ("unit", ""),
                ("agency", ""),
                ("lang", "vi"),
                ("password", "một mật khẩu dài"),
            ]),
            vec!["username", "display_name", "role", "unit", "agency", "lang"],
        ),
        (
            "vanphong",
            "/recognitions".into(),
            f(&[("unit", "03430"), ("level", "ntm"), ("decision", "123/QĐ-UBND"), ("decided_on", "2024-12-20")]),
            vec!["unit", "level", "decision", "decided_on"],
        ),
        (
            "vanphong",
            "/recognitions/loss".into(),
            f(&[("id", "1"), ("lost_on", "2025-01-02"), ("lost_decision", "9/QĐ-UBND")]),
            vec!["id", "lost_on", "lost_decision"],
        ),
        ("vanphong", "/recognitions/import".into(), f(&[("csv", "")]), vec!["csv"]),
        (
            "vanphong",
            "/roadmap/03413/save".into(),
            f(&[
                ("set", "xa-ntm-2021-2025"),
                ("criterion", "17"),
                ("planned_year", "2025"),
                ("level", ""),
                ("responsible", ""),
                ("contents", "Làm đường"),
                ("estimate", ""),
            ]),
            vec!["criterion", "planned_year", "level", "responsible", "contents", "estimate"],
        ),
        ("vanphong", "/roadmap/03413/delete".into(), f(&[("id", &plan)]), vec!["id"]),
        (
            "sonbinh",
            "/reasons/03413/17".into(),
            f(&[("period", "2024"), ("reason", "Thiếu vốn"), ("solution", "Huy động thêm")]),
            vec!["period", "reason", "solution"],
        ),
        (
            "quantri",
            "/sets/xa-ntm-2021-2025/thresholds".into(),
            f(&[
                ("indicator", "2.2"),
                ("key", "tdmnpb"),
                ("year", ""),
                ("value", "70"),
                ("citation", "QĐ 318"),
                ("scope", ""),
            ]),
            vec!["indicator", "key", "year", "value", "citation", "scope"],
        ),
        ("sonbinh", "/entry/03413/2024/3".into(), f(&[("v:3.1", "80")]), vec!["v:3.1"]),
        (
            "",
            "/login".into(),
            f(&[("username", "xem"), ("password", "sai"), ("next", "/")]),
            vec!["username", "password", "next"],
        ),
    ]
}

#[tokio::test]
async fn injection_strings_in_every_text_field_are_kept_as_text_and_shown_escaped() {
    let t = TestApp::demo().await;
    let mut sessions = std::collections::HashMap::new();
    for who in ["quantri", "vanphong", "sonbinh"] {
        sessions.insert(who, t.login(who).await);
    }
    let (mut tried, mut stored) = (0, 0);
    for (who, path, base, fields) in forms(&t) {
        for field in &fields {
            for (n, bad) in injections().into_iter().enumerate() {
                let mut posted = base.clone();
                if let Some(f) = posted.iter_mut().find(|(k, _)| k == field) {
                    f.1 = bad.clone();
                }
                if field == &"username" && path == "/users" {
                    posted.retain(|(k, _)| *k != "username");
                    posted.push(("username", bad.clone()));
                } else if path == "/users" {
                    // A fresh account each time, so that only the field tried can refuse it.
                    posted.iter_mut().find(|(k, _)| *k == "username").unwrap().1 = format!("thu{tried}");
                }
                let session = sessions.get(who);
                let mut all: Vec<(&str, &str)> = posted.iter().map(|(k, v)| (*k, v.as_str())).collect();
                if let Some(s) = session {
                    all.push(("csrf", s.csrf.as_str()));
                }
                let res = t.post(&path, session, &all).await;
                tried += 1;
                let what = format!("{path} {field} = injection {n}");
                assert!(!res.status.is_server_error(), "{what}: {}", res.status);
                assert!(
                    res.body.len() < 600_000,
                    "{what}: the answer does not grow with it ({} bytes)",
                    res.body.len()
                );
                // A file pasted in a form comes back to who sent it, to correct it, as it was
                // (escaped); every other field comes back cleaned.
                let raws: &[&str] = if *field == "csv" {
                    &["<script>alert(1)", "<img src=x onerror"]
                } else {
                    &["<script>alert(1)", "<img src=x onerror", "\u{202E}", "\u{0}"]
                };
                for raw in raws {
                    assert!(!res.body.contains(raw), "{what}: {raw:?} comes back as it was sent");
                }
                assert!(res.headers.get("x").is_none(), "{what}: no header from a field");
                if res.status.is_redirection() || (res.status == StatusCode::OK && path.starts_with("/entry")) {
                    stored += 1;
                    // Kept as text: the reason or contents read back is what was typed, cleaned.
                    let api = match *field {
                        "reason" | "solution" => Some("/api/v1/reasons?period=2024"),
                        "contents" => Some("/api/v1/roadmap/03413"),
                        _ => None,
                    };
                    if let Some(api) = api {
                        let json: serde_json::Value = serde_json::from_str(&t.get(api, None).await.body).unwrap();
                        let kept = ntm_io::text::clean(&bad);
                        assert!(
                            json.to_string().contains(&serde_json::to_string(&kept).unwrap()),
                            "{what}: kept as text"
                        );
                    }
                }
            }
        }
    }
    // Everything stored is shown escaped, on every page that lists it, and the database is whole.
    let admin = &sessions["quantri"];
    for page in [
        "/users",
        "/recognitions",
        "/roadmap/03413",
        "/reasons?period=2024",
        "/reasons/03413/17?period=2024",
        "/sets/xa-ntm-2021-2025/sources",
        "/sets/xa-ntm-2021-2025",
        "/audit",
        "/entry/03413/2024/3",
        "/history/03413/2024/3.1",
        "/",
        "/units/03413",
    ] {
        let res = t.get(page, Some(admin)).await;
        assert_eq!(res.status, StatusCode::OK, "{page}");
        for raw in ["<script>alert(1)", "<img src=x onerror", "\u{202E}", "\u{0}"] {
            assert!(!res.body.contains(raw), "{page} shows {raw:?} unescaped");
        }
    }
    assert!(t.app.db.integrity_problems().await.unwrap().is_empty(), "the database is whole");
    assert_eq!(t.app.db.users().await.unwrap().iter().filter(|u| u.username == "quantri").count(), 1);
    eprintln!("injections: {tried} posts, {stored} kept as text; none echoed raw, none a server error");
    assert!(stored >= 10, "the stored path was tried: {stored}");
}

#[tokio::test]
async fn the_public_pages_show_no_personal_data() {
    let t = TestApp::demo().await;
    let users = t.app.db.users().await.unwrap();
    // A value saved by the commune's officer: the public pages show the value, not who saved it.
    let officer = t.login("sonbinh").await;
    let (form, change) = ("/entry/03413/2024/3", [("v:3.1", "81")]);
    let saved = t.post_owned(form, &officer, &t.entry_fields(form, &officer, &change).await).await;
    assert_eq!(saved.status, StatusCode::OK);
    let mut pages = 0;
    for r in declared_routes().iter().filter(|r| r.get) {
        let path = fill(&r.pattern, "03413", "3");
        if path == "/login" {
            continue; // the demo's sign-in page lists its made-up accounts on purpose (demo only)
        }
        let res = t.get(&path, None).await;
        if res.status != StatusCode::OK {
            continue; // not public: roles.rs says who reads it
        }
        pages += 1;
        for u in &users {
            assert!(!res.body.contains(&u.display_name), "{path} names the account {}", u.username);
            for word in res.body.split(|c: char| !c.is_alphanumeric()) {
                assert!(word != u.username || u.username == "xem" || u.username == "ktht", "{path}: {word}");
            }
        }
        assert!(!res.body.contains("127.0.0.1") && !res.body.contains("password_hash"), "{path}");
    }
    assert!(pages >= 20, "the public pages were read: {pages}");
}

/// A form refused for a field far beyond any bound says which field and the limit, in the
/// visitor's language, and does not send the text back.
#[tokio::test]
async fn a_field_far_longer_than_any_stored_text_is_refused_by_name_without_its_echo() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let long = "Đ".repeat(100_000);
    let fields = [("csrf", office.csrf.as_str()), ("unit", long.as_str()), ("level", "ntm"), ("decision", "1/QĐ")];
    let res = t.post("/recognitions", Some(&office), &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Trường unit quá dài: tối đa 2000 ký tự. Chưa lưu gì."), "what and where");
    assert!(res.body.len() < 50_000, "not echoed: {} bytes", res.body.len());
    let res = t.post("/recognitions?lang=en", Some(&office), &fields).await;
    assert!(res.body.contains("Field unit is too long: at most 2000 characters. Nothing was saved."));
}

/// Every JSON endpoint the web crate declares (`GET /api/v1/…`) is described in the OpenAPI
/// document that other programs read, generated from the declared routes so that a new one
/// cannot be left out.
#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let t = TestApp::demo().await;
    let doc: serde_json::Value = serde_json::from_str(&t.get("/api/openapi.json", None).await.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let missing: Vec<String> = declared_routes()
        .into_iter()
        .filter(|r| r.get && r.pattern.starts_with("/api/v1/") && !paths.contains_key(&r.pattern))
        .map(|r| r.pattern)
        .collect();
    assert!(missing.is_empty(), "not in /api/openapi.json: {missing:?}");
    for (path, item) in paths {
        assert!(item["get"]["summary"].as_str().is_some_and(|s| !s.is_empty()), "{path} says what it gives");
    }
}
