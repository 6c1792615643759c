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
