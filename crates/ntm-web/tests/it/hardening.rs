//! What a hostile test found (issue 11), each with the test that would have caught it.

use axum::http::{StatusCode, header};

use crate::harness::TestApp;

fn cache_control(res: &crate::harness::Response) -> &str {
    res.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn signed_in_pages_and_the_sign_in_answer_are_kept_out_of_every_cache() {
    let t = TestApp::demo().await;
    let signing_in = t
        .post("/login", None, &[("username", "quantri"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")])
        .await;
    assert_eq!(signing_in.status, StatusCode::SEE_OTHER);
    assert_eq!(cache_control(&signing_in), "no-store", "the answer that sets the session");
    let admin = t.login("quantri").await;
    // Forms with the CSRF token, the accounts, the change log, a value's history, one's account.
    for path in ["/users", "/audit", "/entry/03413/2024/3", "/account", "/", "/api/v1/audit"] {
        let res = t.get(path, Some(&admin)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(cache_control(&res), "no-store", "{path}");
    }
    // The stylesheet stays cacheable: it holds nothing of anyone's.
    let css = t.get("/static/app.css", Some(&admin)).await;
    assert!(cache_control(&css).starts_with("public"), "{}", cache_control(&css));
}

#[tokio::test]
async fn a_name_cannot_hide_its_letters_behind_direction_controls() {
    let t = TestApp::demo().await;
    // By the command line's door (the app's own check), and by the web form's.
    let spec = ntm_app::accounts::AccountSpec {
        username: "gia",
        display_name: "\u{202E}nimda\u{202C} (Quản trị)",
        password: "mật khẩu dài",
        role: "viewer",
        unit_code: None,
        agency_code: None,
        lang: ntm_domain::Lang::Vi,
    };
    t.app.add_user(&spec, None).await.unwrap();
    let users = t.app.db.users().await.unwrap();
    let gia = users.iter().find(|u| u.username == "gia").unwrap();
    assert_eq!(gia.display_name, "nimda (Quản trị)");
    let admin = t.login("quantri").await;
    let list = t.get("/users", Some(&admin)).await.body;
    assert!(!list.contains('\u{202E}') && list.contains("nimda (Quản trị)"));
}

#[tokio::test]
async fn a_count_of_households_takes_whole_numbers_on_the_form() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let path = "/entry/03413/2024/4";
    let value = |t: &TestApp| {
        let live = t.app.live();
        let set = live.set("xa-ntm-2021-2025").unwrap();
        let e = set.element("4.2.ho_dat").unwrap();
        let u = live.tree.latest("03413").unwrap();
        live.values.get("xa-ntm-2021-2025").and_then(|v| v.get(u, e, ntm_domain::Period::Year(2024)))
    };
    let before = value(&t);
    let fields = t.entry_fields(path, &s, &[("v:4.2.ho_dat", "2,5")]).await;
    let page = t.post_owned(path, &s, &fields).await.body;
    assert!(page.contains("số đếm (hộ, người) nhận số nguyên"), "the field says why");
    assert_eq!(value(&t), before, "nothing saved");
    let fields = t.entry_fields(path, &s, &[("v:4.2.ho_dat", "250")]).await;
    t.post_owned(path, &s, &fields).await;
    assert_eq!(value(&t), Some(ntm_domain::Value::Number(ntm_domain::Ratio::integer(250))));
}

#[tokio::test]
async fn the_sign_in_page_carries_back_only_an_entry_forms_fields_bounded() {
    let t = TestApp::demo().await;
    // 1 MB of made-up fields with a wrong password: the page does not grow with them.
    let junk: Vec<(String, String)> = (0..2000).map(|i| (format!("v:x{i}"), "9".repeat(500))).collect();
    let mut fields: Vec<(&str, &str)> = vec![("username", "sonbinh"), ("password", "sai mật khẩu"), ("next", "/")];
    fields.extend(junk.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    fields.push(("evil", "<b>1</b>"));
    let res = t.post("/login", None, &fields).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.len() < 50 * 1024, "the page stays light: {} bytes", res.body.len());
    assert!(!res.body.contains("v:x1\"") && !res.body.contains("name=\"evil\""));
    // For an entry form, what was typed comes back, bounded to a form's fields.
    let fields = [
        ("username", "sonbinh"),
        ("password", "sai mật khẩu"),
        ("next", "/entry/03413/2024/3"),
        ("v:3.1", "77,5"),
        ("v:3.1", "88"),
        ("v:<script>", "1"),
    ];
    let res = t.post("/login", None, &fields).await;
    assert!(res.body.contains("name=\"v:3.1\" value=\"77,5\""), "the typed value is kept");
    assert_eq!(res.body.matches("name=\"v:3.1\"").count(), 1, "once");
    assert!(!res.body.contains("v:&lt;script"), "not a field of any form");
}

/// A sign-in of `user` from `address` (behind a trusted proxy that appends it).
async fn sign_in_from(t: &TestApp, user: &str, password: &str, address: &str) -> StatusCode {
    let body = format!("username={user}&password={}&next=%2F", crate::harness::encode(password));
    let req = axum::http::Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("10.9.9.9, {address}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    t.send(req).await.status
}

#[tokio::test]
async fn guesses_from_one_address_never_lock_the_owner_out_and_an_administrator_clears_them() {
    let config = ntm_app::Config { demo: true, fast_hashing: true, trust_forwarded_for: true, ..Default::default() };
    let t = TestApp::with(config).await;
    let right = ntm_app::demo::DEMO_PASSWORD;
    let attacker = "198.51.100.7";
    for _ in 0..ntm_app::accounts::MAX_FAILURES_PER_USER {
        assert_eq!(sign_in_from(&t, "vanphong", "đoán sai", attacker).await, StatusCode::UNAUTHORIZED);
    }
    // The guessing address is refused even with the right password...
    assert_eq!(sign_in_from(&t, "vanphong", right, attacker).await, StatusCode::TOO_MANY_REQUESTS);
    // ...and the owner, from an address with no failure, gets in.
    assert_eq!(sign_in_from(&t, "vanphong", right, "203.0.113.20").await, StatusCode::SEE_OTHER);
    // The administrator sees the name blocked and clears it; the log says so.
    let admin = t.login("quantri").await;
    let users = t.get("/users", Some(&admin)).await.body;
    assert!(users.contains("Bị chặn đăng nhập do nhập sai nhiều lần"), "the list says why");
    let res = t.post("/users/vanphong/unlock", Some(&admin), &[("csrf", &admin.csrf)]).await;
    assert!(res.status.is_redirection() || res.status == StatusCode::OK, "{}", res.status);
    assert_eq!(sign_in_from(&t, "vanphong", right, attacker).await, StatusCode::SEE_OTHER);
    let log: serde_json::Value = serde_json::from_str(&t.get("/api/v1/audit", Some(&admin)).await.body).unwrap();
    assert!(log.to_string().contains("user.unlock"), "audited");
}

#[tokio::test]
async fn a_huge_user_name_is_not_stored_with_each_failed_sign_in() {
    let t = TestApp::demo().await;
    let name = "a".repeat(1_000_000);
    let res = t.post("/login", None, &[("username", &name), ("password", "x"), ("next", "/")]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let stored = t.app.db.failed_logins_since(&"a".repeat(64), "local", 0).await.unwrap();
    assert_eq!(stored.0, 1, "recorded, cut to 64 characters");
    assert_eq!(t.app.db.failed_logins_since(&name, "local", 0).await.unwrap().0, 0, "not whole");
}

#[tokio::test]
async fn a_page_naming_another_host_is_refused_as_dns_rebinding_would_send_it() {
    let t = TestApp::demo().await;
    let get = |host: &'static str| {
        axum::http::Request::get("/").header(header::HOST, host).body(axum::body::Body::empty()).unwrap()
    };
    let res = t.send(get("rebind.evil.example:8080")).await;
    assert_eq!(res.status, StatusCode::MISDIRECTED_REQUEST);
    assert!(res.body.contains("Máy chủ này không phục vụ địa chỉ đó"), "said in the reader's language");
    assert_eq!(t.send(get("127.0.0.1:8080")).await.status, StatusCode::OK);
    assert_eq!(t.send(get("localhost:8080")).await.status, StatusCode::OK);
}

/// Reads until the server closes the connection; whether it did within `within`.
async fn closed_within(stream: &mut tokio::net::TcpStream, within: std::time::Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed_and_one_client_cannot_starve_the_others() {
    use tokio::io::AsyncWriteExt;
    let t = TestApp::demo().await;
    let app = t.app.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = ntm_web::Limits {
        header_read: std::time::Duration::from_millis(800),
        body_read: std::time::Duration::from_millis(800),
        per_address: 4,
        total: 64,
    };
    let server = tokio::spawn(ntm_web::serve_within(app, listener, limits));
    // One client opens many connections and sends half a request on each.
    let mut slow = Vec::new();
    for _ in 0..12 {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n").await;
        slow.push(s);
    }
    // Another client (another address of the loopback) is answered meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut other = socket.connect(addr).await.unwrap();
    other.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
    let mut answer = vec![0u8; 64];
    use tokio::io::AsyncReadExt;
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), other.read(&mut answer)).await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"), "/healthz answers");
    // The keep-alive connection, now idle, is closed too.
    assert!(closed_within(&mut other, std::time::Duration::from_secs(5)).await, "an idle connection is closed");
    for (i, s) in slow.iter_mut().enumerate() {
        assert!(closed_within(s, std::time::Duration::from_secs(5)).await, "slow connection {i} is closed");
    }
    // A body that stops half-way is not waited for beyond its time.
    let mut half = tokio::net::TcpStream::connect(addr).await.unwrap();
    half.write_all(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nusername=a").await.unwrap();
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), half.read(&mut answer)).await;
    let said =
        n.ok().and_then(|r| r.ok()).map(|n| String::from_utf8_lossy(&answer[..n]).into_owned()).unwrap_or_default();
    // Refused (the form cannot be read in time), not waited for: nothing is saved.
    assert!(said.starts_with("HTTP/1.1 400") || said.starts_with("HTTP/1.1 408"), "{said}");
    server.abort();
}

#[tokio::test]
async fn a_citation_too_long_is_refused_with_its_limit_and_changes_nothing() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let before = t.get("/api/v1/sets/xa-ntm-2021-2025", None).await.body;
    // A little too long (1,400 characters): the form says so beside the field; far too long
    // (42,000, the finding's 40,000-character citation): refused by name before anything else.
    for (times, status, said) in [
        (100, StatusCode::BAD_REQUEST, "Căn cứ pháp lý quá dài: tối đa 1000 ký tự"),
        (3000, StatusCode::UNPROCESSABLE_ENTITY, "Trường citation quá dài: tối đa 2000 ký tự"),
    ] {
        let long = "QĐ 318/QĐ-TTg ".repeat(times);
        let fields = [
            ("csrf", admin.csrf.as_str()),
            ("indicator", "3.1"),
            ("key", "all"),
            ("year", ""),
            ("value", "81"),
            ("citation", long.as_str()),
            ("scope", ""),
        ];
        let res = t.post("/sets/xa-ntm-2021-2025/thresholds", Some(&admin), &fields).await;
        assert_eq!(res.status, status);
        assert!(res.body.contains(said), "says what and how much");
    }
    assert_eq!(t.get("/api/v1/sets/xa-ntm-2021-2025", None).await.body, before, "nothing changed");
    // The matrix's workbook still comes out.
    let xlsx = t.get("/export/evaluation.xlsx?period=2024", None).await;
    assert_eq!(xlsx.status, StatusCode::OK);
}

/// The routes the web crate declares (`.route("PATH", …)` in its sources).
fn declared_routes() -> Vec<String> {
    crate::security::declared_routes().into_iter().map(|r| r.pattern).collect()
}

/// Whether a request path (query dropped) is an instance of a route pattern (`{x}` any segment).
fn matches_route(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (p, q): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| a.starts_with('{') || a == b)
}

#[test]
fn every_declared_route_is_in_the_route_by_role_matrix() {
    // The matrix is the role test's list of paths; a new route without its line there fails here.
    let roles =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/roles.rs")).unwrap();
    let tried: Vec<&str> = roles.split('"').filter(|s| s.starts_with('/')).collect();
    let routes = declared_routes();
    assert!(routes.len() > 30, "the routes were found: {routes:?}");
    let missing: Vec<&String> = routes.iter().filter(|r| !tried.iter().any(|p| matches_route(r, p))).collect();
    assert!(missing.is_empty(), "routes no role test tries: {missing:?}");
}

#[tokio::test]
async fn a_form_with_an_optional_field_is_read_as_a_browser_posts_it() {
    // The roadmap's "add a row" form sends its set as a hidden field, and empty optional fields:
    // it was refused as unreadable (422) whenever the set was sent.
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let fields = [
        ("csrf", office.csrf.as_str()),
        ("set", "xa-ntm-2021-2025"),
        ("criterion", "17"),
        ("planned_year", "2023"),
        ("contents", ""),
        ("responsible", ""),
        ("estimate", ""),
    ];
    let res = t.post("/roadmap/03413/save", Some(&office), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "saved and sent back to the roadmap");
    let roadmap: serde_json::Value = serde_json::from_str(&t.get("/api/v1/roadmap/03413", None).await.body).unwrap();
    let row = roadmap["rows"].as_array().unwrap().iter().find(|r| r["criterion"] == "17").cloned();
    assert_eq!(row.map(|r| r["planned_year"].clone()), Some(serde_json::json!(2023)), "the row is there");
}
