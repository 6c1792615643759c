//! An administrator manages accounts on the web: adds a commune officer, who can then work on
//! their commune; bad input is named beside each field; a new password or a lock ends sessions.

use axum::http::StatusCode;

use crate::harness::{Session, TestApp, form_fields};

/// The add form of `/users` as a browser would post it, with these fields set.
async fn add_form(t: &TestApp, admin: &Session, set: &[(&str, &str)]) -> Vec<(String, String)> {
    let page = t.get("/users", Some(admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    // The add form is the last form of the page.
    let form = page.body.rsplit("<form method=\"post\" action=\"/users\"").next().unwrap_or("");
    let mut fields = form_fields(form);
    fields.insert(0, ("csrf".into(), admin.csrf.clone()));
    for (name, value) in set {
        fields.retain(|(k, _)| k != name);
        fields.push((name.to_string(), value.to_string()));
    }
    fields
}

async fn sign_in(t: &TestApp, user: &str, password: &str) -> crate::harness::Response {
    t.post("/login", None, &[("username", user), ("password", password), ("next", "/")]).await
}

#[tokio::test]
async fn an_administrator_adds_a_commune_officer_who_can_then_enter_their_communes_values() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let page = t.get("/users", Some(&admin)).await.body;
    assert!(page.contains("href=\"/users\" aria-current=\"page\""), "the menu leads here");
    for name in ["quantri", "vanphong", "ktht", "sonbinh", "xem"] {
        assert!(page.contains(&format!("<td>{name}")), "{name} is listed");
    }
    assert!(page.contains("Cán bộ xã") && page.contains("03413 Xã Sơn Bình"), "role and commune in words");
    assert!(page.contains("<option value=\"03394\">Xã Thèn Sin (03394) — đến 30/06/2025</option>"));
    let fields = add_form(
        &t,
        &admin,
        &[
            ("username", "canbo.thensin"),
            ("display_name", "Cán bộ xã Thèn Sin"),
            ("role", "commune"),
            ("unit", "03394"),
            ("password", "mat-khau-tam-thoi"),
        ],
    )
    .await;
    let res = t.post_owned("/users", &admin, &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = t.get(res.location(), Some(&admin)).await.body;
    assert!(list.contains("Đã thêm tài khoản canbo.thensin."));
    assert!(list.contains("<td>canbo.thensin</td><td>Cán bộ xã Thèn Sin</td><td>Cán bộ xã</td>"));
    let audit = t.get("/audit", Some(&admin)).await.body;
    assert!(
        audit.contains("<td>thêm tài khoản</td>") && audit.contains("Cán bộ xã Thèn Sin (canbo.thensin)"),
        "audited, by name"
    );
    // The new officer signs in and may enter Thèn Sin's values, not Sơn Bình's.
    let officer = t.login_with("canbo.thensin", "mat-khau-tam-thoi").await;
    assert_eq!(t.get("/entry/03394/2024", Some(&officer)).await.status, StatusCode::OK);
    assert_eq!(t.get("/entry/03413/2024", Some(&officer)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get("/users", Some(&officer)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_problem_of_a_new_account_is_named_beside_its_field_and_nothing_is_added() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let before = t.app.db.users().await.unwrap().len();
    let fields = add_form(
        &t,
        &admin,
        &[("username", "Cán Bộ"), ("display_name", " "), ("role", "commune"), ("unit", ""), ("password", "ngan")],
    )
    .await;
    let res = t.post_owned("/users", &admin, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = &res.body;
    assert!(html.contains("Có lỗi"), "an error summary at the top");
    for (id, message) in [
        ("username", "Tên đăng nhập gồm 3 đến 32 ký tự"),
        ("display_name", "Cần ghi họ tên hoặc tên đơn vị"),
        ("unit", "Cán bộ xã phải gắn với xã của mình"),
        ("password", "Mật khẩu quá ngắn"),
    ] {
        assert!(html.contains(&format!("<a href=\"#{id}\">{message}")), "the summary links to {id}");
        let at = html
            .find(&format!("id=\"{id}\" aria-invalid=\"true\" aria-describedby=\"{id}-err\""))
            .unwrap_or_else(|| panic!("field {id} is marked invalid and points at its message"));
        assert!(html.contains(&format!("<span class=\"err\" id=\"{id}-err\">")), "{id}'s message has its id");
        assert!(
            html[html[..at].rfind("<div class=\"field").unwrap()..at].contains(message),
            "the message for {id} stands beside it"
        );
    }
    assert!(html.contains("value=\"Cán Bộ\""), "what was typed is kept");
    assert!(!html.contains("value=\"ngan\""), "but never the password");
    assert!(html.contains("<option value=\"commune\" selected>"));
    // A name already taken, an agency officer without an agency, a unit that is not a commune.
    for (set, message) in [
        (vec![("username", "sonbinh"), ("role", "viewer")], "Tên đăng nhập này đã có người dùng"),
        (vec![("username", "moi.coquan"), ("role", "agency")], "Cán bộ cơ quan chuyên môn phải gắn với cơ quan"),
        (vec![("username", "moi.xa"), ("role", "commune"), ("unit", "106")], "Đơn vị mã 106 không phải là xã"),
    ] {
        let mut fields = vec![("display_name", "Người mới"), ("password", "mat-khau-du-dai")];
        fields.extend(set);
        let fields = add_form(&t, &admin, &fields).await;
        let res = t.post_owned("/users", &admin, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains(message), "{message}");
    }
    assert_eq!(t.app.db.users().await.unwrap().len(), before, "nothing was added");
    // In English too.
    let fields =
        add_form(&t, &admin, &[("username", "x"), ("display_name", "X"), ("password", "mat-khau-du-dai")]).await;
    let mut req = axum::http::Request::post("/users?lang=en")
        .header("cookie", &admin.cookie)
        .header("content-type", "application/x-www-form-urlencoded");
    req = req.header("accept-language", "en");
    let body: Vec<String> =
        fields.iter().map(|(k, v)| format!("{}={}", crate::harness::encode(k), crate::harness::encode(v))).collect();
    let res = t.send(req.body(axum::body::Body::from(body.join("&"))).unwrap()).await;
    assert!(res.body.contains("The user name must be 3 to 32 characters"), "{}", res.body);
}

#[tokio::test]
async fn a_new_password_or_a_lock_ends_the_persons_sessions() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let officer = t.login("sonbinh").await;
    assert_eq!(t.get("/entry/03413/2024", Some(&officer)).await.status, StatusCode::OK);
    // Too short: said on the person's row; nothing changes.
    let res = t.post("/users/sonbinh/password", Some(&admin), &[("csrf", &admin.csrf), ("password", "ngan")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("sonbinh: Mật khẩu quá ngắn"));
    assert_eq!(t.get("/entry/03413/2024", Some(&officer)).await.status, StatusCode::OK, "still signed in");
    let res = t
        .post("/users/sonbinh/password", Some(&admin), &[("csrf", &admin.csrf), ("password", "mat-khau-moi-2026")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(t.get(res.location(), Some(&admin)).await.body.contains("Đã đặt mật khẩu mới"));
    assert_eq!(t.get("/entry/03413/2024", Some(&officer)).await.status, StatusCode::SEE_OTHER, "signed out");
    assert_eq!(sign_in(&t, "sonbinh", ntm_app::demo::DEMO_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let officer = t.login_with("sonbinh", "mat-khau-moi-2026").await;
    // Locked: signed out and cannot sign in; unlocked: can again.
    let res = t.post("/users/sonbinh/lock", Some(&admin), &[("csrf", &admin.csrf)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = t.get(res.location(), Some(&admin)).await.body;
    assert!(list.contains("Đã khóa tài khoản sonbinh.") && list.contains("Đã khóa</span>"));
    assert_eq!(t.get("/entry/03413/2024", Some(&officer)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(sign_in(&t, "sonbinh", "mat-khau-moi-2026").await.status, StatusCode::UNAUTHORIZED);
    let res = t.post("/users/sonbinh/unlock", Some(&admin), &[("csrf", &admin.csrf)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(sign_in(&t, "sonbinh", "mat-khau-moi-2026").await.status, StatusCode::SEE_OTHER);
    // Administrators cannot lock themselves out; an unknown account is not found.
    let res = t.post("/users/quantri/lock", Some(&admin), &[("csrf", &admin.csrf)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Không thể tự khóa tài khoản của mình"));
    assert_eq!(
        t.post("/users/khong-co/lock", Some(&admin), &[("csrf", &admin.csrf)]).await.status,
        StatusCode::NOT_FOUND
    );
    let audit = t.get("/audit", Some(&admin)).await.body;
    for action in ["đặt mật khẩu", "khóa tài khoản", "mở khóa tài khoản"] {
        assert!(audit.contains(&format!("<td>{action}</td>")), "{action} audited");
    }
}

#[tokio::test]
async fn everyone_changes_their_own_password_and_their_other_sessions_end() {
    let t = TestApp::demo().await;
    assert_eq!(t.get("/account", None).await.status, StatusCode::SEE_OTHER, "sign in first");
    for user in ["xem", "sonbinh", "ktht", "vanphong", "quantri"] {
        let s = t.login(user).await;
        let page = t.get("/account", Some(&s)).await;
        assert_eq!(page.status, StatusCode::OK, "{user}");
        assert!(page.body.contains(&format!("<strong>{user}</strong>")));
        assert!(page.body.contains(" href=\"/account\">"), "the header's name leads here");
    }
    let here = t.login("sonbinh").await;
    let elsewhere = t.login("sonbinh").await;
    let change = |s: &Session, current: &str, new: &str, confirm: &str| {
        let fields = [
            ("csrf", s.csrf.clone()),
            ("current", current.into()),
            ("new_password", new.into()),
            ("confirm", confirm.into()),
        ];
        let s = s.clone();
        let t = &t;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            t.post("/account", Some(&s), &pairs).await
        }
    };
    let res = change(&here, "doan-sai", "ngan", "khac").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (id, message) in [
        ("current", "Mật khẩu hiện tại không đúng"),
        ("new_password", "Mật khẩu mới quá ngắn"),
        ("confirm", "Hai lần nhập mật khẩu mới không giống nhau"),
    ] {
        assert!(res.body.contains(&format!("<a href=\"#{id}\">{message}")), "{id}");
    }
    assert_eq!(t.get("/account", Some(&elsewhere)).await.status, StatusCode::OK, "nothing changed");
    let res = change(&here, ntm_app::demo::DEMO_PASSWORD, "một câu dễ nhớ", "một câu dễ nhớ").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), "/account?done=1");
    let renewed = res.new_session().unwrap();
    assert!(t.get("/account?done=1", Some(&renewed)).await.body.contains("Đã đổi mật khẩu"), "this browser stays in");
    for old in [&here, &elsewhere] {
        assert_eq!(t.get("/account", Some(old)).await.status, StatusCode::SEE_OTHER, "other sessions ended");
    }
    assert_eq!(sign_in(&t, "sonbinh", ntm_app::demo::DEMO_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&t, "sonbinh", "một câu dễ nhớ").await.status, StatusCode::SEE_OTHER);
}
