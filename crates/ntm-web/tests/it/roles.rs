//! Every route for every role: what is allowed is served, what is not is refused.

use axum::http::StatusCode;
use ntm_app::Config;

use crate::harness::{Session, TestApp};

const ROLES: [&str; 6] = ["anonymous", "xem", "sonbinh", "ktht", "vanphong", "quantri"];

async fn sessions(t: &TestApp) -> Vec<(&'static str, Option<Session>)> {
    let mut out = Vec::new();
    for role in ROLES {
        let s = if role == "anonymous" { None } else { Some(t.login(role).await) };
        out.push((role, s));
    }
    out
}

/// Expected status per role, in the order of [`ROLES`].
fn check(route: &str, got: &[(&str, StatusCode)], want: [u16; 6]) {
    for ((role, status), expected) in got.iter().zip(want) {
        assert_eq!(status.as_u16(), expected, "{route} as {role}");
    }
}

#[tokio::test]
async fn every_read_route_for_every_role_when_reading_is_public() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    let reads = [
        ("/", [200; 6]),
        ("/?set=xa-ntm-2021-2025&period=2023", [200; 6]),
        ("/matrix?status=not_standard&sort=least", [200; 6]),
        ("/units/03413", [200; 6]),
        ("/units/106", [200; 6]),
        ("/criteria/xa-ntm-2021-2025/10", [200; 6]),
        ("/sets", [200; 6]),
        ("/sets/xa-ntm-2021-2025", [200; 6]),
        ("/sets/xa-ntm-2021-2025/sources", [200; 6]),
        ("/history/03413/2024/3.1", [303, 200, 200, 200, 200, 200]),
        ("/login", [200; 6]),
        ("/healthz", [200; 6]),
        ("/static/app.css", [200; 6]),
        ("/api/openapi.json", [200; 6]),
        ("/api/v1/evaluation?set=xa-ntm-2021-2025&period=2024&unit=03413", [200; 6]),
        ("/api/v1/overview", [200; 6]),
        ("/api/v1/matrix", [200; 6]),
        ("/api/v1/units/03413", [200; 6]),
        ("/api/v1/criteria/xa-ntm-2021-2025/17", [200; 6]),
        ("/api/v1/sets", [200; 6]),
        ("/api/v1/sets/xa-ntm-2021-2025", [200; 6]),
        ("/api/v1/history/03413/2024/3.1", [401, 200, 200, 200, 200, 200]),
        ("/api/v1/audit", [401, 403, 403, 403, 200, 200]),
        ("/api/v1/sets/xa-ntm-2021-2025/sources", [200; 6]),
        ("/export/evaluation.xlsx?period=2024", [200; 6]),
        ("/export/evaluation.xlsx?period=1999", [404; 6]),
        ("/audit", [303, 403, 403, 403, 200, 200]),
        ("/audit?unit=03413&who=-&area=values&from=01/01/2024&to=31/12/2030", [303, 403, 403, 403, 200, 200]),
        ("/audit?who=-&before=10", [303, 403, 403, 403, 200, 200]),
        ("/audit?from=32/13/2024", [303, 403, 403, 403, 400, 400]),
        ("/api/v1/audit?unit=106&area=recognitions&from=2024-01-01", [401, 403, 403, 403, 200, 200]),
        ("/entry/03413/2024", [303, 403, 200, 200, 200, 200]),
        ("/entry/03394/2024", [303, 403, 403, 200, 200, 200]),
        // One criterion's form: the commune its own, the agency its criteria (2, not 3).
        ("/entry/03413/2024/3", [303, 403, 200, 403, 200, 200]),
        ("/entry/03413/2024/2", [303, 403, 200, 200, 200, 200]),
        ("/entry/03413/2024Q3/17", [303, 403, 200, 403, 200, 200]),
        ("/entry/03394/2024/3", [303, 403, 403, 403, 200, 200]),
        ("/entry/03394/2024/2", [303, 403, 403, 200, 200, 200]),
        ("/entry/03413/2024/99", [303, 404, 404, 404, 404, 404]),
        ("/entry/03413/1900/3", [303, 404, 404, 404, 404, 404]),
        ("/units/99999", [404; 6]),
        ("/criteria/xa-ntm-2021-2025/99", [404; 6]),
        ("/sets/no-such-set", [404; 6]),
        ("/sets/no-such-set/sources", [404; 6]),
        ("/api/v1/sets/no-such-set/sources", [404; 6]),
        ("/no/such/page", [404; 6]),
        ("/api/v1/units/99999", [404; 6]),
        // The roadmap and the early warnings (read by all when reading is public).
        ("/warnings?period=2024", [200; 6]),
        ("/api/v1/warnings?set=xa-ntm-2021-2025&period=2024", [200; 6]),
        ("/roadmap/03413?period=2024", [200; 6]),
        ("/api/v1/roadmap/03413", [200; 6]),
        ("/roadmap.csv", [200; 6]),
        // The roadmap of a year, a page of units at a time.
        ("/roadmap?year=2024&page=1", [200; 6]),
        ("/api/v1/roadmap?year=2024&page=1", [200; 6]),
        ("/roadmap/99999", [404; 6]),
        // Reasons and solutions: the list and its twin read by all; the form by who may write it
        // (the commune its own, the agency its criteria: 2, not 17; the office and admin all).
        ("/reasons?period=2024", [200; 6]),
        ("/api/v1/reasons?period=2024", [200; 6]),
        ("/reasons/03413/17?period=2024", [303, 403, 200, 403, 200, 200]),
        ("/reasons/03413/2?period=2024", [303, 403, 200, 200, 200, 200]),
        ("/reasons/03430/17?period=2024", [303, 403, 403, 403, 200, 200]),
        ("/reasons/03413/all?period=2024", [303, 403, 200, 403, 200, 200]),
        ("/reasons/03413/99?period=2024", [303, 404, 404, 404, 404, 404]),
        ("/warnings?period=1900", [404; 6]),
        // The roadmap of a year, units × criteria (issue 9 point 1).
        ("/roadmap?year=2024", [200; 6]),
        ("/roadmap", [200; 6]),
        ("/api/v1/roadmap?set=xa-ntm-2021-2025&year=2024", [200; 6]),
        ("/roadmap?year=1900", [404; 6]),
        // The accountability board (issue 9 point 4): read like the other pages.
        ("/board", [200; 6]),
        ("/board/agencies/ktht", [200; 6]),
        ("/board/agencies/ktht?period=2023", [200; 6]),
        ("/board/members/pct-huyen", [200; 6]),
        ("/board/agencies/khong-co", [404; 6]),
        ("/board/members/khong-co", [404; 6]),
        ("/api/v1/board", [200; 6]),
        ("/api/v1/board/agencies/ktht", [200; 6]),
        ("/api/v1/board/members/pct-huyen", [200; 6]),
        ("/api/v1/board/members/khong-co", [404; 6]),
        // Recognitions: everyone reads the decisions; the form is the office's (see `recognitions`).
        ("/recognitions", [200; 6]),
        ("/recognitions?level=ban-ntm", [200; 6]),
        ("/recognitions?level=nope", [404; 6]),
        ("/api/v1/recognitions", [200; 6]),
        ("/api/v1/recognitions?level=ntm", [200; 6]),
        // The Excel template and its upload (issue 10 point 5): rights as for entry — a commune
        // its own unit, an agency its criteria (its own agency's template only), the office all;
        // viewers nothing. An upload is its owner's only (none exists here).
        ("/upload", [303, 403, 200, 200, 200, 200]),
        ("/upload?period=2024Q3&unit=03413", [303, 403, 200, 200, 200, 200]),
        ("/upload/template?period=2024&unit=03413", [303, 403, 200, 200, 200, 200]),
        ("/upload/template?period=2024&unit=03394", [303, 403, 403, 200, 200, 200]),
        ("/upload/template?period=2024&agency=ktht", [303, 403, 403, 200, 200, 200]),
        ("/upload/template?period=2024&agency=nnptnt", [303, 403, 403, 403, 200, 200]),
        ("/upload/template?period=2024&unit=99999", [303, 403, 404, 404, 404, 404]),
        ("/upload/template?period=1900&unit=03413", [303, 403, 404, 404, 404, 404]),
        ("/upload/template?period=2024", [303, 403, 400, 400, 400, 400]),
        ("/upload/1", [303, 404, 404, 404, 404, 404]),
        ("/api/v1/uploads/1", [401, 404, 404, 404, 404, 404]),
        // Issue 10 (reporting): rounds, tables and records read by all; a report by its author
        // (the commune its own, the agency its own) and the office; the inbox by every account.
        ("/reporting", [200; 6]),
        ("/api/v1/reporting", [200; 6]),
        ("/reporting/records", [200; 6]),
        ("/api/v1/reporting/records", [200; 6]),
        ("/reporting/3", [200; 6]),
        ("/api/v1/reporting/3", [200; 6]),
        // Filtered and paged, as every one reads them.
        ("/reporting/3?state=late&page=1", [200; 6]),
        ("/api/v1/reporting/3?state=waiting", [200; 6]),
        ("/reporting/records?state=late", [200; 6]),
        ("/api/v1/reporting/records?state=late&page=1", [200; 6]),
        ("/reporting/99", [404; 6]),
        ("/reporting/3/03413", [303, 403, 200, 403, 200, 200]),
        ("/reporting/3/ktht", [303, 403, 403, 200, 200, 200]),
        ("/reporting/3/03394", [303, 403, 403, 403, 200, 200]),
        ("/reporting/3/khong-co", [303, 404, 404, 404, 404, 404]),
        ("/api/v1/reporting/3/03413", [401, 403, 200, 403, 200, 200]),
        ("/api/v1/reporting/3/ktht", [401, 403, 403, 200, 200, 200]),
        ("/inbox", [303, 200, 200, 200, 200, 200]),
        ("/api/v1/inbox", [401, 200, 200, 200, 200, 200]),
        ("/reporting/attachments/999", [303, 404, 404, 404, 404, 404]),
        ("/reporting/3/summary", [303, 403, 403, 403, 200, 200]),
        ("/reporting/3/summary.xlsx", [303, 403, 403, 403, 200, 200]),
        ("/api/v1/reporting/3/summary", [401, 403, 403, 403, 200, 200]),
        ("/reporting/99/summary", [303, 403, 403, 403, 404, 404]),
    ];
    for (route, want) in reads {
        let mut got = Vec::new();
        for (role, s) in &who {
            got.push((*role, t.get(route, s.as_ref()).await.status));
        }
        check(route, &got, want);
    }
    // Anonymous visitors of a page that needs an account are sent to sign in, and back.
    let res = t.get("/entry/03413/2024", None).await;
    assert_eq!(res.location(), "/login?next=/entry/03413/2024");
}

#[tokio::test]
async fn reading_can_require_signing_in() {
    let t = TestApp::with(Config { demo: true, fast_hashing: true, public_read: false, ..Config::default() }).await;
    let anonymous = [
        ("/", 303),
        ("/matrix", 303),
        ("/units/03413", 303),
        ("/units/106", 303),
        ("/criteria/xa-ntm-2021-2025/10", 303),
        ("/sets", 303),
        ("/sets/xa-ntm-2021-2025", 303),
        ("/sets/xa-ntm-2021-2025/sources", 303),
        ("/history/03413/2024/3.1", 303),
        ("/export/evaluation.xlsx", 303),
        ("/api/v1/overview", 401),
        ("/api/v1/evaluation", 401),
        ("/api/v1/matrix", 401),
        ("/api/v1/units/03413", 401),
        ("/api/v1/criteria/xa-ntm-2021-2025/17", 401),
        ("/api/v1/sets", 401),
        ("/api/v1/sets/xa-ntm-2021-2025", 401),
        ("/api/v1/history/03413/2024/3.1", 401),
        ("/api/v1/sets/xa-ntm-2021-2025/sources", 401),
        ("/board", 303),
        ("/board/agencies/ktht", 303),
        ("/board/members/pct-huyen", 303),
        ("/api/v1/board", 401),
        ("/api/v1/board/agencies/ktht", 401),
        ("/api/v1/board/members/pct-huyen", 401),
        ("/recognitions", 303),
        ("/api/v1/recognitions", 401),
        ("/roadmap?year=2024", 303),
        ("/api/v1/roadmap?year=2024", 401),
    ];
    for (route, want) in anonymous {
        assert_eq!(t.get(route, None).await.status.as_u16(), want, "{route}");
    }
    // What a visitor needs before signing in stays open: the sign-in page, its stylesheet, the
    // language switch, the health check and the API's description (no data in it).
    for open in ["/login", "/healthz", "/static/app.css", "/api/openapi.json"] {
        assert_eq!(t.get(open, None).await.status, StatusCode::OK, "{open}");
    }
    assert_eq!(t.get("/lang/en?next=/login", None).await.location(), "/login");
    let viewer = t.login("xem").await;
    for (route, _) in anonymous {
        assert_eq!(t.get(route, Some(&viewer)).await.status, StatusCode::OK, "{route} signed in");
    }
}

/// Each role posts a change of one value of Sơn Bình 2024 (a different value each time, so that
/// every post is a change); returns the status per role.
async fn save_as_each(
    t: &TestApp,
    who: &[(&'static str, Option<Session>)],
    form: &str,
    element: &str,
) -> Vec<(&'static str, StatusCode)> {
    let office = t.login("vanphong").await;
    let mut got = Vec::new();
    for (i, (role, s)) in who.iter().enumerate() {
        let value = format!("{}.5", 80 + i);
        // The form as the office sees it (every field editable), posted with this role's session.
        let mut fields = t.entry_fields(form, &office, &[(&format!("v:{element}"), &value)]).await;
        if let Some((_, csrf)) = fields.iter_mut().find(|(k, _)| k == "csrf") {
            *csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        }
        let res = match s {
            Some(s) => t.post_owned(form, s, &fields).await,
            None => {
                let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                t.post(form, None, &borrowed).await
            }
        };
        got.push((*role, res.status));
    }
    got
}

#[tokio::test]
async fn each_role_may_change_only_what_is_theirs() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    // 3.1 belongs to criterion 3 (not the transport agency's): commune, office and admin may.
    // Anonymous: 401, the sign-in page carrying what was typed (see `writes`).
    check("POST 3.1", &save_as_each(&t, &who, "/entry/03413/2024", "3.1").await, [401, 403, 200, 403, 200, 200]);
    // 2.3 belongs to criterion 2, the agency's (Phòng Kinh tế và Hạ tầng).
    check("POST 2.3", &save_as_each(&t, &who, "/entry/03413/2024", "2.3").await, [401, 403, 200, 200, 200, 200]);
    // The same on one criterion's form.
    let (c3, c2) = ("/entry/03413/2024/3", "/entry/03413/2024/2");
    check("POST /3 3.1", &save_as_each(&t, &who, c3, "3.1").await, [401, 403, 200, 403, 200, 200]);
    check("POST /2 2.3", &save_as_each(&t, &who, c2, "2.3").await, [401, 403, 200, 200, 200, 200]);
    // Thresholds: administrators only. Nothing changes for a refused post (the set page shows
    // every layer and threshold).
    let before = t.get("/sets/xa-ntm-2021-2025", None).await.body;
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.as_str()).unwrap_or("");
        let res = t
            .post(
                "/sets/xa-ntm-2021-2025/thresholds",
                s.as_ref(),
                &[
                    ("csrf", csrf),
                    ("indicator", "2.3"),
                    ("key", "tdmnpb"),
                    ("year", ""),
                    ("value", "60"),
                    ("citation", "QĐ thử nghiệm"),
                    ("scope", ""),
                ],
            )
            .await;
        let want = match *role {
            "anonymous" => 303,
            "quantri" => 303,
            _ => 403,
        };
        assert_eq!(res.status.as_u16(), want, "thresholds as {role}");
        if *role == "anonymous" {
            assert!(res.location().starts_with("/login?next="), "anonymous is sent to sign in: {}", res.location());
        }
        if *role == "quantri" {
            assert_eq!(res.location(), "/sets/xa-ntm-2021-2025#add");
        } else {
            assert_eq!(t.get("/sets/xa-ntm-2021-2025", None).await.body, before, "nothing changed for {role}");
        }
    }
    assert_ne!(t.get("/sets/xa-ntm-2021-2025", None).await.body, before, "the administrator's correction is there");
}

#[tokio::test]
async fn a_commune_officer_cannot_post_values_of_another_commune() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let sonbinh = t.login("sonbinh").await;
    let before = t.get("/api/v1/units/03394?period=2024", None).await.body;
    // The form of Thèn Sin as the office sees it, posted with Sơn Bình's officer's session.
    let mut fields = t.entry_fields("/entry/03394/2024", &office, &[("v:3.1", "99")]).await;
    if let Some((_, csrf)) = fields.iter_mut().find(|(k, _)| k == "csrf") {
        *csrf = sonbinh.csrf.clone();
    }
    let res = t.post_owned("/entry/03394/2024", &sonbinh, &fields).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get("/api/v1/units/03394?period=2024", None).await.body, before, "nothing saved");
}

#[tokio::test]
async fn signing_in_out_switching_language_and_ones_own_password_for_every_role() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    for (role, s) in &who {
        // The language switch: anyone, back to the page.
        let res = t.get("/lang/en?next=/matrix", s.as_ref()).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "lang as {role}");
        assert_eq!(res.location(), "/matrix", "lang as {role}");
        // One's own account page: signed-in users only.
        let res = t.get("/account", s.as_ref()).await;
        let want = if s.is_some() { StatusCode::OK } else { StatusCode::SEE_OTHER };
        assert_eq!(res.status, want, "GET /account as {role}");
        // Changing a password needs the current one: a wrong one changes nothing.
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let fields =
            [("csrf", csrf.as_str()), ("current", "sai"), ("new", "mat-khau-moi-dai"), ("confirm", "mat-khau-moi-dai")];
        let res = t.post("/account", s.as_ref(), &fields).await;
        match s {
            None => assert!(res.location().starts_with("/login"), "POST /account anonymous: {}", res.location()),
            Some(_) => assert_eq!(
                res.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "POST /account as {role} with a wrong password"
            ),
        }
    }
    // Everyone still signs in with the demo password: no password was changed.
    for role in &ROLES[1..] {
        let res = t
            .post("/login", None, &[("username", role), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "sign in as {role}");
    }
    // Signing out ends the session, whoever it is.
    for (role, s) in &who {
        let Some(s) = s else { continue };
        assert_eq!(t.post("/logout", Some(s), &[("csrf", &s.csrf)]).await.status, StatusCode::SEE_OTHER, "{role}");
        assert_eq!(t.get("/account", Some(s)).await.status, StatusCode::SEE_OTHER, "{role}'s session ended");
    }
}

#[tokio::test]
async fn only_administrators_see_and_change_accounts() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    // The account the posts act on, so that no role's own session is touched.
    let spec = ntm_app::accounts::AccountSpec {
        username: "muctieu",
        display_name: "Tài khoản thử",
        password: "mat-khau-thu-nghiem",
        role: "viewer",
        unit_code: None,
        agency_code: None,
        lang: ntm_domain::Lang::Vi,
    };
    t.app.add_user(&spec, None).await.unwrap();
    let mut got: Vec<(&str, Vec<(&str, StatusCode)>)> = Vec::new();
    got.push(("GET /users", Vec::new()));
    for (role, s) in &who {
        got[0].1.push((role, t.get("/users", s.as_ref()).await.status));
    }
    for (route, extra) in [
        (
            "/users",
            vec![("username", "moi"), ("display_name", "Mới"), ("role", "viewer"), ("password", "mat-khau-du-dai")],
        ),
        ("/users/muctieu/password", vec![("password", "mat-khau-moi-du-dai")]),
        ("/users/muctieu/lock", vec![]),
        ("/users/muctieu/unlock", vec![]),
    ] {
        let mut statuses = Vec::new();
        for (i, (role, s)) in who.iter().enumerate() {
            let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
            // Each post adds a different user name, so that a wrongly allowed one would be seen.
            let name = format!("moi{i}");
            let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
            fields.extend(extra.iter().map(|&(k, v)| if k == "username" { (k, name.as_str()) } else { (k, v) }));
            statuses.push((*role, t.post(route, s.as_ref(), &fields).await.status));
        }
        got.push((route, statuses));
    }
    check(got[0].0, &got[0].1, [303, 403, 403, 403, 403, 200]);
    for (route, statuses) in &got[1..] {
        check(route, statuses, [303, 403, 403, 403, 403, 303]);
    }
    let anonymous = t.post("/users/muctieu/lock", None, &[("csrf", "")]).await;
    assert!(anonymous.location().starts_with("/login?next="), "anonymous is sent to sign in");
    // Only the administrator's posts acted: a new password (then lock, unlock), so the target can
    // sign in with the administrator's password and not with its first one.
    let target = t.app.db.user_by_name("muctieu").await.unwrap().unwrap();
    assert!(!target.disabled, "locked by the administrator, then unlocked");
    for (password, want, why) in [
        ("mat-khau-thu-nghiem", StatusCode::UNAUTHORIZED, "the first password is gone"),
        ("mat-khau-moi-du-dai", StatusCode::SEE_OTHER, "the administrator's one works"),
    ] {
        let res = t.post("/login", None, &[("username", "muctieu"), ("password", password), ("next", "/")]).await;
        assert_eq!(res.status, want, "{why}");
    }
    let names: Vec<String> = t.app.db.users().await.unwrap().into_iter().map(|u| u.username).collect();
    assert!(names.contains(&"moi5".to_string()), "the administrator's post added an account");
    assert!(!names.iter().any(|n| ["moi0", "moi1", "moi2", "moi3", "moi4"].contains(&n.as_str())), "{names:?}");
}

#[tokio::test]
async fn a_form_without_its_token_or_from_another_site_is_refused() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let mut fields = t.entry_fields("/entry/03413/2024", &s, &[("v:3.1", "99")]).await;
    fields.retain(|(k, _)| k != "csrf");
    let res = t.post_owned("/entry/03413/2024", &s, &fields).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("Chưa lưu: biểu mẫu đã hết hạn hoặc không hợp lệ"));
    // What was typed comes back in a form with the session's own token, to check and save.
    assert!(res.body.contains("name=\"v:3.1\" value=\"99\""));
    assert_eq!(crate::harness::csrf_of(&res.body), s.csrf);
    // Another person's session cannot be used to see a unit's form it may not edit.
    let transport = t.login("ktht").await;
    let res = t.post_owned("/entry/03413/2024", &transport, &[("v:3.1".into(), "99".into())]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "the agency edits criterion 2 of every commune");
    let viewer = t.login("xem").await;
    let res = t.post_owned("/entry/03413/2024", &viewer, &[("v:3.1".into(), "99".into())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "a viewer gets no form back");
    let req = axum::http::Request::post("/logout")
        .header("cookie", &s.cookie)
        .header("origin", "http://evil.example")
        .header("host", "127.0.0.1:8080")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(format!("csrf={}", s.csrf)))
        .unwrap();
    let refused = t.send(req).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("được gửi từ một trang khác nên đã bị từ chối"), "said in Vietnamese, on our page");
    // Nothing was saved by either.
    let page = t.get("/entry/03413/2024", Some(&s)).await;
    assert!(!page.body.contains("value=\"99\""));
}

#[tokio::test]
async fn sign_in_is_rate_limited_and_sign_out_ends_the_session() {
    let t = TestApp::demo().await;
    for _ in 0..5 {
        let res = t.post("/login", None, &[("username", "xem"), ("password", "sai-mat-khau"), ("next", "/")]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("Sai tên đăng nhập hoặc mật khẩu."));
    }
    let res =
        t.post("/login", None, &[("username", "xem"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(res.body.contains("Hãy thử lại sau 15 phút"));
    let s = t.login("sonbinh").await;
    assert_eq!(t.get("/entry/03413/2024", Some(&s)).await.status, StatusCode::OK);
    let res = t.post("/logout", Some(&s), &[("csrf", &s.csrf)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        t.get("/entry/03413/2024", Some(&s)).await.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer works"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_and_pages_carry_security_headers() {
    let t = TestApp::demo().await;
    let res = t
        .post("/login", None, &[("username", "xem"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/matrix")])
        .await;
    let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert_eq!(res.location(), "/matrix");
    let page = t.get("/", None).await;
    let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(page.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(page.headers.get("x-frame-options").unwrap(), "DENY");
    // An open redirect after sign-in is refused.
    let res = t
        .post(
            "/login",
            None,
            &[("username", "xem"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "//evil.example")],
        )
        .await;
    assert_eq!(res.location(), "/");
}

#[tokio::test]
async fn a_session_in_use_does_not_end_under_its_user_and_the_cookie_outlives_it() {
    let t = TestApp::demo().await;
    let res =
        t.post("/login", None, &[("username", "xem"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")]).await;
    let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Max-Age=2592000"), "the cookie lasts as long as a session can: {cookie}");
    let s = t.login("xem").await;
    let token = s.cookie.strip_prefix("ntm_session=").unwrap();
    let hash = t.app.user_for_token(token).await.unwrap().unwrap().session_hash;
    // Unused for almost a week: a minute left.
    let now = ntm_store::now_ms();
    t.app.db.extend_session(&hash, now + 60_000).await.unwrap();
    assert_eq!(t.get("/sets", Some(&s)).await.status, StatusCode::OK);
    let (session, _) = t.app.db.session(&hash).await.unwrap().unwrap();
    assert!(session.expires_at >= now + ntm_app::accounts::SESSION_IDLE_MS - 60_000, "using it gave it another week");
    // Once past its end, it is gone.
    t.app.db.extend_session(&hash, now - 1).await.unwrap();
    assert_eq!(t.get("/history/03413/2024/3.1", Some(&s)).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn guesses_sent_together_all_count_against_the_limit() {
    let t = TestApp::demo().await;
    let guesses = (0..8).map(|i| {
        let pw = format!("doan-sai-{i}");
        let t = &t;
        async move { t.post("/login", None, &[("username", "xem"), ("password", &pw), ("next", "/")]).await.status }
    });
    let statuses = futures_join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 3), "exactly five guesses reach the password check: {statuses:?}");
    let res =
        t.post("/login", None, &[("username", "xem"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "8 parallel guesses exceeded the 5 allowed");
}

/// Runs futures concurrently on this task (no extra crate).
async fn futures_join_all<F: std::future::Future<Output = StatusCode>>(
    futures: impl Iterator<Item = F>,
) -> Vec<StatusCode> {
    let mut handles = Vec::new();
    for f in futures {
        handles.push(f);
    }
    let mut out = Vec::new();
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = handles.into_iter().map(Box::pin).collect();
    // Poll all to completion together.
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if out.len() <= i {
                out.push(None);
            }
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(s) => out[i] = Some(s),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    out.into_iter().flatten().collect()
}

#[tokio::test]
async fn arbitrary_years_are_not_evaluated_or_stored() {
    let t = TestApp::demo().await;
    assert_eq!(t.get("/?period=1900", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.get("/matrix?period=2099Q4", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.get("/api/v1/overview?period=1950", None).await.status, StatusCode::NOT_FOUND);
    let s = t.login("sonbinh").await;
    assert_eq!(t.get("/entry/03413/1900", Some(&s)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.get("/entry/03413/2099", Some(&s)).await.status, StatusCode::NOT_FOUND, "not after next year");
    assert_eq!(t.get("/entry/03413/2024Q2", Some(&s)).await.status, StatusCode::OK);
}

/// The roadmap's import on the page: the office and administrators only (it replaces the set's
/// roadmap); anonymous is sent to sign in.
#[tokio::test]
async fn only_the_office_and_administrators_import_the_roadmap() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let fields = [("csrf", csrf.as_str()), ("csv", "unit_code,criterion,planned_year\n03413,10,2025\n")];
        got.push((*role, t.post("/roadmap/import", s.as_ref(), &fields).await.status));
    }
    check("POST /roadmap/import", &got, [303, 403, 403, 403, 303, 303]);
}

/// A roadmap row of Sơn Bình (03413), criterion 3, saved by each role: the commune its own, the
/// office, the administrator; not the viewer, nor an agency that does not answer for criterion 3;
/// an anonymous visitor is sent to sign in.
#[tokio::test]
async fn every_role_saving_a_roadmap_row() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let fields = [("csrf", csrf.as_str()), ("criterion", "3"), ("planned_year", "2025")];
        got.push((*role, t.post("/roadmap/03413/save", s.as_ref(), &fields).await.status));
    }
    check("/roadmap/03413/save (criterion 3)", &got, [303, 403, 303, 403, 303, 303]);
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let fields = [("csrf", csrf.as_str()), ("criterion", "2"), ("planned_year", "2025")];
        got.push((*role, t.post("/roadmap/03430/save", s.as_ref(), &fields).await.status));
    }
    check("/roadmap/03430/save (criterion 2, another commune)", &got, [303, 403, 403, 303, 303, 303]);
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let fields = [("csrf", csrf.as_str()), ("id", "999999")];
        got.push((*role, t.post("/roadmap/03413/delete", s.as_ref(), &fields).await.status));
    }
    check("/roadmap/03413/delete (no such row)", &got, [303, 404, 404, 404, 404, 404]);
}

/// Recognition decisions, their loss and the file's import: the office and administrators only;
/// anonymous is sent to sign in.
#[tokio::test]
async fn only_the_office_and_administrators_change_recognitions() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.as_str()).unwrap_or("");
        let decision = format!("QĐ {role}");
        let fields = [
            ("csrf", csrf),
            ("unit", "03413"),
            ("level", "ntm"),
            ("decision", &decision),
            ("decided_on", "20/12/2024"),
        ];
        got.push((*role, t.post("/recognitions", s.as_ref(), &fields).await.status));
    }
    check("POST /recognitions", &got, [303, 403, 403, 403, 303, 303]);
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.as_str()).unwrap_or("");
        let fields = [("csrf", csrf), ("csv", "unit_code,level,decision,decided_on\n03394,ntm,QĐ 7,20/12/2024\n")];
        got.push((*role, t.post("/recognitions/import", s.as_ref(), &fields).await.status));
    }
    // The second import of the same decision is refused as recorded already (400).
    check("POST /recognitions/import", &got, [303, 403, 403, 403, 303, 400]);
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.as_str()).unwrap_or("");
        let id = t.app.live().recognitions.list.iter().find(|r| r.lost.is_none()).unwrap().id.to_string();
        let fields = [("csrf", csrf), ("id", id.as_str()), ("lost_on", "30/06/2025"), ("lost_decision", "QĐ 9")];
        got.push((*role, t.post("/recognitions/loss", s.as_ref(), &fields).await.status));
    }
    check("POST /recognitions/loss", &got, [303, 403, 403, 403, 303, 303]);
}

/// The reason and solution of Sơn Bình (03413) on a criterion, written by each role: the commune
/// its own, an agency the criteria it leads (2, not 17), the office and the administrator; not
/// the viewer; an anonymous visitor is sent to sign in; another commune's refused.
#[tokio::test]
async fn every_role_writing_a_reason() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    for (path, want) in [
        ("/reasons/03413/17", [303, 403, 303, 403, 303, 303]),
        ("/reasons/03413/2", [303, 403, 303, 303, 303, 303]),
        ("/reasons/03430/17", [303, 403, 403, 403, 303, 303]),
    ] {
        let mut got = Vec::new();
        for (role, s) in &who {
            let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
            let fields = [("csrf", csrf.as_str()), ("period", "2024"), ("reason", "Thiếu vốn"), ("solution", "")];
            got.push((*role, t.post(path, s.as_ref(), &fields).await.status));
        }
        check(path, &got, want);
    }
}

/// An Excel upload posted by each role (issue 10 point 5): queued for whoever may enter values
/// (to its progress page), refused to the viewer, an anonymous visitor sent to sign in; a post
/// without the session's token refused.
#[tokio::test]
async fn every_role_uploading_an_excel_template() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    let mut got = Vec::new();
    for (role, s) in &who {
        let res = crate::upload::upload(&t, s.as_ref(), "mau.xlsx", b"PK\x03\x04").await;
        if res.status == StatusCode::SEE_OTHER && s.is_some() {
            assert!(res.location().starts_with("/upload/"), "{role}: {}", res.location());
        }
        got.push((*role, res.status));
    }
    check("POST /upload", &got, [303, 403, 303, 303, 303, 303]);
    let mut forged = who[2].1.clone().unwrap();
    forged.csrf = "forged".into();
    let res = crate::upload::upload(&t, Some(&forged), "mau.xlsx", b"PK\x03\x04").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
}

/// Issue 10 (reporting): who may move a report. Sơn Bình's report of 2024Q3 waits for review in
/// the demo: a viewer submits nothing, the commune cannot accept its own report, the agency
/// cannot touch it; the office accepts it; then nothing is left to accept.
#[tokio::test]
async fn only_the_office_reviews_a_report_and_nobody_their_own() {
    let t = TestApp::demo().await;
    let who = sessions(&t).await;
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let res = t.post("/reporting/3/03413/move", s.as_ref(), &[("csrf", &csrf), ("action", "accept")]).await;
        got.push((*role, res.status));
    }
    check("POST /reporting/3/03413/move accept", &got, [303, 403, 422, 403, 303, 422]);
    // Submitting, saving, attaching and opening are the author's and the office's only.
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let res = t.post("/reporting/4/ktht", s.as_ref(), &[("csrf", &csrf), ("results", "x"), ("then", "save")]).await;
        got.push((*role, res.status));
    }
    // ktht's 2024Q4 report was returned to it: only ktht saves it.
    check("POST /reporting/4/ktht", &got, [303, 403, 403, 303, 403, 403]);
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let res = t.post("/reporting/4/ktht/attachments", s.as_ref(), &[("csrf", &csrf)]).await;
        got.push((*role, res.status));
    }
    // Not a multipart body: refused as unreadable for those signed in.
    check("POST /reporting/4/ktht/attachments", &got, [303, 422, 422, 422, 422, 422]);
    let mut got = Vec::new();
    for (role, s) in &who {
        let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
        let fields = [
            ("csrf", csrf.as_str()),
            ("kind", "quarterly"),
            ("year", "2024"),
            ("quarter", "1"),
            ("obliged", "communes"),
        ];
        got.push((*role, t.post("/reporting", s.as_ref(), &fields).await.status));
    }
    check("POST /reporting", &got, [303, 403, 403, 403, 303, 303]);
    // The deadline rules and the holidays: the office's and the administrator's.
    for (path, fields) in [
        (
            "/reporting/rules",
            vec![("unit", "106"), ("kind", "annual"), ("working_days", "10"), ("valid_from", "2024-01-01")],
        ),
        ("/reporting/holidays", vec![("days", "2024-09-02 Quốc khánh (minh họa)")]),
    ] {
        let mut got = Vec::new();
        for (role, s) in &who {
            let csrf = s.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
            let mut all = vec![("csrf", csrf.as_str())];
            all.extend(fields.iter().copied());
            got.push((*role, t.post(path, s.as_ref(), &all).await.status));
        }
        check(path, &got, [303, 403, 403, 403, 303, 303]);
    }
}
