//! The accountability board (issue 9 point 4): an agency's page lists the units failing its
//! criteria with the figures, tells leading from co-operating, and only a lead agency edits; a
//! member's page shows the communes followed; an account linked to a member lands there.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn the_agency_board_lists_the_units_failing_its_criterion_with_the_figures() {
    let t = TestApp::demo().await;
    let page = t.get("/board/agencies/ktht?period=2024", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let c2 = page.body.split("id=\"c-2\"").nth(1).and_then(|s| s.split("</section>").next()).unwrap_or_default();
    // Xã Thèn Sin's village roads (2.2) and main roads (2.4) fall short in 2024, by this much.
    assert!(c2.contains("<a href=\"/units/03394#c-2\">Xã Thèn Sin</a>"), "{c2}");
    assert!(c2.contains("26,7 km / 47,3 km = 56,45% / ≥ 70% — còn thiếu 13,55%"), "{c2}");
    assert!(c2.contains("5 chưa đạt"), "the count of units failing it: {c2}");
    assert!(c2.contains("(chủ trì)"), "criterion 2 is led by the agency");
    assert!(!c2.contains("Xã Sơn Bình"), "a commune meeting it is not listed");
    // The trend over the years with data, from the evaluations.
    assert!(c2.contains("năm 2021") && c2.contains("3 đạt, 9 chưa đạt"), "{c2}");
    // Criterion 3 is one it co-operates on: shown, said so.
    let c3 = page.body.split("id=\"c-3\"").nth(1).unwrap_or_default();
    assert!(c3.contains("(phối hợp)"), "{}", &c3[..c3.len().min(400)]);
    let api = t.get("/api/v1/board/agencies/ktht?period=2024", None).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let roles: Vec<(&str, &str)> = json["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [
            ("1", "lead"),
            ("2", "lead"),
            ("4", "lead"),
            ("7", "lead"),
            ("9", "lead"),
            ("17", "cooperate"),
            ("3", "cooperate")
        ]
    );
    assert_eq!(t.get("/board/agencies/khong-co", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_cooperating_agency_reads_the_criterion_but_only_the_lead_edits_it() {
    let t = TestApp::demo().await;
    let ktht = t.login("ktht").await;
    // ktht leads 2 and co-operates on 3 (the demo's agencies file).
    assert_eq!(t.get("/entry/03413/2024/2", Some(&ktht)).await.status, StatusCode::OK);
    assert_eq!(t.get("/entry/03413/2024/3", Some(&ktht)).await.status, StatusCode::FORBIDDEN);
    let page = t.get("/criteria/xa-ntm-2021-2025/3", Some(&ktht)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<strong>Cơ quan phối hợp:</strong> Phòng Kinh tế và Hạ tầng</p>"),
        "the criterion's page names the agencies co-operating on it"
    );
}

#[tokio::test]
async fn the_board_lists_agencies_and_members_and_a_member_sees_their_communes() {
    let t = TestApp::demo().await;
    let board = t.get("/board", None).await.body;
    assert!(board.contains("<a href=\"/board/agencies/ktht\">Phòng Kinh tế và Hạ tầng</a>"));
    assert!(board.contains("<a href=\"/board/members/pct-huyen\">Thành viên 1 (minh họa)</a>"));
    let member = t.get("/board/members/pct-huyen?period=2024", None).await.body;
    assert!(member.contains("Phó Chủ tịch UBND huyện"));
    let row = member.split("Xã Bình Lư</a>").nth(1).and_then(|s| s.split("</tr>").next()).unwrap_or_default();
    assert!(row.contains("19/19") && row.contains("Đạt chuẩn") && row.contains("Đã công nhận"), "{row}");
    let row = member.split("Xã Sơn Bình</a>").nth(1).and_then(|s| s.split("</tr>").next()).unwrap_or_default();
    assert!(row.contains("Chưa công nhận"), "meeting on data is told apart from recognised: {row}");
    let json: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/board/members/pct-huyen?period=2024", None).await.body).unwrap();
    assert_eq!(json["communes"][0]["unit"]["code"], "03413");
    // The roadmap's rows due in the year shown, of the member's communes, and their warnings.
    let due = json["plans_due"].as_array().unwrap();
    assert!(due.iter().all(|p| p["planned_year"] == 2024 && p["unit"]["code"] == "03413"), "{due:?}");
    assert!(due.iter().any(|p| p["criterion"] == "10"), "Sơn Bình's income row: {due:?}");
    assert!(member.contains("Kế hoạch đến hạn năm 2024"), "shown on the page");
    let all: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/warnings?set=xa-ntm-2021-2025&period=2024", None).await.body).unwrap();
    let theirs =
        all["warnings"].as_array().unwrap().iter().filter(|w| w["unit"] == "03413" || w["unit"] == "03412").count();
    assert_eq!(json["warnings"], theirs, "the member's communes' warnings, counted as the warnings list has them");
}

#[tokio::test]
async fn an_account_linked_to_a_member_lands_on_the_members_board() {
    let t = TestApp::demo().await;
    let res = t
        .post("/login", None, &[("username", "thanhvien"), ("password", ntm_app::demo::DEMO_PASSWORD), ("next", "/")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/board/members/pct-huyen");
    let s = res.new_session().unwrap();
    let page = t.get("/board/members/pct-huyen", Some(&s)).await.body;
    assert!(
        page.contains("<a href=\"/board\" aria-current=\"page\">"),
        "the header links the board for signed-in users"
    );
    assert!(!t.get("/", None).await.body.contains("<a href=\"/board\""), "not for visitors");
}
