//! The reporting cycle (issue 10) through the pages: the office opens a round from the district's
//! rule; a commune files, the office returns it with a reason, the reason reaches the commune's
//! inbox, the commune corrects and resubmits, the office accepts and the values are locked until
//! it reopens the report; bad input changes nothing and says what; attachments are kept by their
//! contents and only ever downloaded; the demo shows who is late for which quarter of 2024.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ntm_app::Config;

use crate::harness::{Session, TestApp};

/// A demo whose day is 18/03/2025: the rule gives quarter 1 of 2025 a deadline of 21/03/2025.
async fn in_march_2025() -> TestApp {
    let today = ntm_domain::Date::parse("2025-03-18").ok();
    TestApp::with(Config { demo: true, fast_hashing: true, today, ..Config::default() }).await
}

async fn open_q1_2025(t: &TestApp, office: &Session) -> String {
    let fields = [
        ("csrf", office.csrf.as_str()),
        ("kind", "quarterly"),
        ("year", "2025"),
        ("quarter", "1"),
        ("obliged", "03413 ktht"),
    ];
    let res = t.post("/reporting", Some(office), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().to_string()
}

async fn state(t: &TestApp, s: &Session, report: &str) -> String {
    json(&t.get(&format!("/api/v1{report}"), Some(s)).await.body)["state"].as_str().unwrap().to_string()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn a_report_is_filed_returned_with_its_reason_corrected_accepted_and_its_values_locked() {
    let t = in_march_2025().await;
    let office = t.login("vanphong").await;
    let commune = t.login("sonbinh").await;
    let round = open_q1_2025(&t, &office).await;
    let table = json(&t.get(&format!("/api/v1{round}"), None).await.body);
    // Cut-off by NĐ 09/2019 (15/12 to 14/3); the deadline 5 working days after (the demo's rule).
    assert_eq!(table["round"]["cut_off_from"], "2024-12-15");
    assert_eq!(table["round"]["cut_off_to"], "2025-03-14");
    assert_eq!(table["round"]["deadline"], "2025-03-21");
    assert_eq!(table["lines"].as_array().unwrap().len(), 2);
    // The deadline is three days away: in the commune's inbox.
    let inbox = t.get("/inbox", Some(&commune)).await.body;
    assert!(inbox.contains("hạn nộp 21/03/2025, còn 3 ngày"), "{inbox}");
    // The commune writes and submits.
    let report = format!("{round}/03413");
    let fields = [
        ("csrf", commune.csrf.as_str()),
        ("results", "Đạt 15/19 tiêu chí"),
        ("difficulties", ""),
        ("tasks", ""),
        ("then", "submit"),
    ];
    let res = t.post(&report, Some(&commune), &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(t.get("/inbox", Some(&office)).await.body.contains("chờ Văn phòng điều phối xem xét"));
    // Nobody reviews their own report: the commune cannot accept it.
    let accept = [("csrf", commune.csrf.as_str()), ("action", "accept")];
    let res = t.post(&format!("{report}/move"), Some(&commune), &accept).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Không ai được tự chấp nhận"), "{}", res.body);
    // A return needs a reason: without one, nothing moves.
    let res = t.post(&format!("{report}/move"), Some(&office), &[("csrf", &office.csrf), ("action", "return")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("phải ghi lý do"), "{}", res.body);
    assert_eq!(state(&t, &commune, &report).await, "submitted");
    let why = "Thiếu lý do, giải pháp tiêu chí 17";
    let res = t
        .post(
            &format!("{report}/move"),
            Some(&office),
            &[("csrf", &office.csrf), ("action", "return"), ("reason", why)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The reason reaches the commune: its inbox and the report.
    let inbox = t.get("/inbox", Some(&commune)).await.body;
    assert!(inbox.contains(&format!("bị trả lại, lý do: {why}")), "{inbox}");
    assert!(t.get(&report, Some(&commune)).await.body.contains(why));
    // Corrected and submitted again: not late (first submission counts), then accepted.
    let fields =
        [("csrf", commune.csrf.as_str()), ("results", "Đạt 15/19 tiêu chí; bổ sung tiêu chí 17"), ("then", "submit")];
    assert_eq!(t.post(&report, Some(&commune), &fields).await.status, StatusCode::SEE_OTHER);
    let res = t.post(&format!("{report}/move"), Some(&office), &[("csrf", &office.csrf), ("action", "accept")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(state(&t, &commune, &report).await, "accepted");
    let table = t.get(&round, None).await.body;
    assert!(table.contains("Đã chấp nhận") && table.contains("Đúng hạn"), "{table}");
    let moves = json(&t.get(&format!("/api/v1{report}"), Some(&commune)).await.body)["moves"].clone();
    let seen: Vec<(String, String)> = moves
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["to"].as_str().unwrap().to_string(), m["reason"].as_str().unwrap().to_string()))
        .collect();
    let want = [("submitted", ""), ("returned", why), ("submitted", ""), ("accepted", "")];
    assert_eq!(seen, want.map(|(a, b)| (a.to_string(), b.to_string())));
    // Accepted: the values of 2025Q1 are locked, a change refused and said so.
    let form = "/entry/03413/2025Q1/3";
    let before = t.get("/api/v1/units/03413?period=2025Q1", None).await.body;
    let fields = t.entry_fields(form, &commune, &[("v:3.1", "88")]).await;
    let res = t.post_owned(form, &commune, &fields).await;
    assert!(res.body.contains("đã khoá"), "{}", res.body);
    assert_eq!(t.get("/api/v1/units/03413?period=2025Q1", None).await.body, before, "nothing saved");
    // The office reopens it with a reason: unlocked, back to the commune as returned.
    let reopen = [("csrf", office.csrf.as_str()), ("action", "reopen"), ("reason", "Sửa số liệu tiêu chí 3")];
    assert_eq!(t.post(&format!("{report}/move"), Some(&office), &reopen).await.status, StatusCode::SEE_OTHER);
    assert_eq!(state(&t, &commune, &report).await, "returned");
    let fields = t.entry_fields(form, &commune, &[("v:3.1", "88")]).await;
    let res = t.post_owned(form, &commune, &fields).await;
    assert!(!res.body.contains("đã khoá"), "unlocked");
    assert_ne!(t.get("/api/v1/units/03413?period=2025Q1", None).await.body, before, "saved");
    // Every move is in the change log.
    let log = json(&t.get("/api/v1/audit?area=reports", Some(&office)).await.body);
    let actions: Vec<&str> = log["changes"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for a in ["report.submit", "report.return", "report.accept", "report.reopen"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn a_round_with_problems_is_not_opened_and_each_problem_is_told() {
    let t = in_march_2025().await;
    let office = t.login("vanphong").await;
    let before = t.get("/api/v1/reporting", None).await.body;
    let fields = [
        ("csrf", office.csrf.as_str()),
        ("kind", "thematic"),
        ("year", "2025"),
        ("cut_off_from", "01/03/2025"),
        ("cut_off_to", "31/02/2025"),
        ("deadline", "2025-03-15"),
        ("obliged", "khong-co"),
    ];
    let res = t.post("/reporting", Some(&office), &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for said in ["cần nội dung", "“31/02/2025” không phải là ngày", "mã “khong-co”"] {
        assert!(res.body.contains(said), "{said}: {}", res.body);
    }
    // A hand-set deadline on the day the cut-off ends: less than one working day after it.
    let fields = [
        ("csrf", office.csrf.as_str()),
        ("kind", "ad-hoc"),
        ("year", "2025"),
        ("subject", "Rà soát tiêu chí 17"),
        ("cut_off_from", "2025-03-01"),
        ("cut_off_to", "2025-03-14"),
        ("deadline", "2025-03-14"),
        ("obliged", "communes"),
    ];
    let res = t.post("/reporting", Some(&office), &fields).await;
    assert!(res.body.contains("ít nhất 01 ngày làm việc"), "{}", res.body);
    assert_eq!(t.get("/api/v1/reporting", None).await.body, before, "nothing opened");
    // Only the office opens rounds.
    let commune = t.login("sonbinh").await;
    let fields = [("csrf", commune.csrf.as_str()), ("kind", "quarterly"), ("year", "2025"), ("quarter", "1")];
    assert_eq!(t.post("/reporting", Some(&commune), &fields).await.status, StatusCode::FORBIDDEN);
}

async fn upload(t: &TestApp, path: &str, s: &Session, name: &str, bytes: &[u8]) -> crate::harness::Response {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--B0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n", s.csrf).as_bytes(),
    );
    body.extend_from_slice(
        format!("--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/html\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--B0undary--\r\n");
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B0undary")
        .header(header::COOKIE, &s.cookie)
        .body(Body::from(body))
        .unwrap();
    t.send(req).await
}

#[tokio::test]
async fn attachments_are_kept_by_their_contents_and_only_ever_downloaded() {
    let t = in_march_2025().await;
    let office = t.login("vanphong").await;
    let commune = t.login("sonbinh").await;
    let round = open_q1_2025(&t, &office).await;
    let path = format!("{round}/03413/attachments");
    let html = upload(&t, &path, &commune, "bao-cao.pdf", b"<html><script>alert(1)</script></html>").await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.body.contains("Chỉ nhận tệp PDF"), "{}", html.body);
    let big = vec![b'%'; 6 * 1024 * 1024];
    let res = upload(&t, &path, &commune, "lon.pdf", &big).await;
    assert!(res.status.is_client_error(), "{}", res.status);
    let report = json(&t.get(&format!("/api/v1{round}/03413"), Some(&commune)).await.body);
    assert_eq!(report["attachments"].as_array().unwrap().len(), 0, "nothing kept");
    // Not the author's: refused.
    let agency = t.login("ktht").await;
    assert_eq!(upload(&t, &path, &agency, "x.pdf", b"%PDF-1.4").await.status, StatusCode::FORBIDDEN);
    let pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n";
    let res = upload(&t, &path, &commune, "Báo cáo quý.pdf", pdf).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let report = json(&t.get(&format!("/api/v1{round}/03413"), Some(&commune)).await.body);
    let id = report["attachments"][0]["id"].as_i64().unwrap();
    let res = t.get(&format!("/reporting/attachments/{id}"), Some(&office)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.bytes, pdf.to_vec());
    let h = |k: header::HeaderName| res.headers.get(k).unwrap().to_str().unwrap().to_string();
    assert_eq!(h(header::CONTENT_TYPE), "application/pdf");
    assert!(h(header::CONTENT_DISPOSITION).starts_with("attachment;"), "{}", h(header::CONTENT_DISPOSITION));
    assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    // Another agency's officer and a viewer do not get it.
    assert_eq!(t.get(&format!("/reporting/attachments/{id}"), Some(&agency)).await.status, StatusCode::FORBIDDEN);
    let viewer = t.login("xem").await;
    assert_eq!(t.get(&format!("/reporting/attachments/{id}"), Some(&viewer)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_shows_who_is_late_for_which_quarter_of_2024() {
    let t = TestApp::demo().await;
    let rounds = json(&t.get("/api/v1/reporting", None).await.body);
    assert_eq!(rounds.as_array().unwrap().len(), 5, "four quarters and the year");
    let q3 = rounds.as_array().unwrap().iter().find(|r| r["period"] == "2024Q3").unwrap();
    let page = t.get(&format!("/reporting/{}", q3["id"]), None).await.body;
    // Khun Há never filed; Bản Bo filed 6 days late; the agency of the environment 2 days late.
    assert!(page.contains("Xã Khun Há") && page.contains("Chưa nộp (quá hạn"), "{page}");
    assert!(page.contains("Trễ hạn (trễ 6 ngày)"), "{page}");
    assert!(page.contains("Trễ hạn (trễ 2 ngày)"), "{page}");
    let records = json(&t.get("/api/v1/reporting/records", None).await.body);
    let ban_bo = records["lines"].as_array().unwrap().iter().find(|r| r["reporter"]["code"] == "03424").unwrap();
    assert_eq!((ban_bo["late"].as_u64(), ban_bo["on_time"].as_u64()), (Some(1), Some(4)));
    // Who is late today, on the accountability board and on the overview of a signed-in visitor.
    let late = "Xã Khun Há: Báo cáo quý 3/2024, quá hạn";
    assert!(t.get("/board", None).await.body.contains(late), "the board");
    let viewer = t.login("xem").await;
    assert!(t.get("/", Some(&viewer)).await.body.contains(late), "the overview");
    // The returned reports reach their authors with the reason.
    let agency = t.login("ktht").await;
    assert!(t.get("/inbox", Some(&agency)).await.body.contains("Số liệu tiêu chí 2 (Giao thông) của xã Bản Bo"));
    let office = t.login("vanphong").await;
    assert!(t.get("/inbox", Some(&office)).await.body.contains("Xã Sơn Bình"), "waiting for review");
}

#[tokio::test]
async fn the_office_sets_the_rule_and_the_holidays_and_the_deadline_follows() {
    let t = in_march_2025().await;
    let office = t.login("vanphong").await;
    // A holiday list with a line that is not a date: refused, the list unchanged.
    let before = t.app.db.holidays().await.unwrap();
    let bad = [("csrf", office.csrf.as_str()), ("days", "17/03/2025 Nghỉ bù (thử)\n32/03/2025 Sai")];
    let res = t.post("/reporting/holidays", Some(&office), &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("“32/03/2025” không phải là ngày"), "{}", res.body);
    assert_eq!(t.app.db.holidays().await.unwrap(), before);
    // A day off on Monday 17/03/2025: the quarter's deadline moves from 21/03 to 24/03.
    let good = [("csrf", office.csrf.as_str()), ("days", "17/03/2025 Nghỉ bù (thử)")];
    assert_eq!(t.post("/reporting/holidays", Some(&office), &good).await.status, StatusCode::SEE_OTHER);
    let round = open_q1_2025(&t, &office).await;
    assert_eq!(json(&t.get(&format!("/api/v1{round}"), None).await.body)["round"]["deadline"], "2025-03-24");
    // The district's rule changed from 2025: three working days.
    let rule = [
        ("csrf", office.csrf.as_str()),
        ("unit", "106"),
        ("kind", "quarterly"),
        ("working_days", "3"),
        ("valid_from", "01/01/2025"),
        ("basis", "Quy định thử"),
    ];
    assert_eq!(t.post("/reporting/rules", Some(&office), &rule).await.status, StatusCode::SEE_OTHER);
    let round = open_q1_2025(&t, &office).await;
    let table = json(&t.get(&format!("/api/v1{round}"), None).await.body);
    assert_eq!(
        table["round"]["deadline"], "2025-03-20",
        "three working days after Friday 14/03: 18, 19, 20 (Monday 17 is a holiday)"
    );
    assert_eq!(table["round"]["basis"], "Quy định thử");
    // Zero working days is refused (at least one, Điều 8 khoản 5); a commune sets no rule.
    let zero = [("csrf", office.csrf.as_str()), ("unit", "106"), ("kind", "annual"), ("working_days", "0")];
    assert_eq!(t.post("/reporting/rules", Some(&office), &zero).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let commune = t.login("sonbinh").await;
    let mine = [("csrf", commune.csrf.as_str()), ("unit", "106"), ("kind", "annual"), ("working_days", "9")];
    assert_eq!(t.post("/reporting/rules", Some(&commune), &mine).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_consolidated_report_of_a_quarter_prints_and_marks_what_is_not_accepted() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let page = t.get("/reporting/3/summary", Some(&office)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.body;
    assert!(html.contains("Báo cáo tổng hợp — Báo cáo quý 3/2024"), "{html}");
    // Printable: the print head with the managing unit, the signature block.
    assert!(html.contains("class=\"print-head\"") && html.contains("Huyện Tam Đường"), "{html}");
    assert!(html.contains("class=\"signature\""), "{html}");
    // Its parts: who reported and when, the results of the data period, the targets, the
    // warnings with the reasons written, what the reports say.
    for id in ["timeliness", "results", "targets", "warnings", "narrative"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/reporting/3/summary", Some(&office)).await.body).unwrap();
    assert_eq!(api["period"], "2024Q3");
    let (accepted, submitted) = (api["accepted_reports"].as_u64().unwrap(), api["submitted"].as_u64().unwrap());
    assert!(accepted > 0 && accepted < submitted, "the demo has both: {accepted}/{submitted}");
    assert!(html.contains(&format!("Tổng hợp từ {accepted}/{submitted} báo cáo đã được chấp nhận")), "{html}");
    // The targets read as on the overview.
    let overview: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/overview", Some(&office)).await.body).unwrap();
    assert_eq!(api["targets"], overview["targets"], "the same progress as the overview's");
    // Each unit's result is the period's evaluation; its report's state beside it.
    let matrix: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/evaluation?period=2024Q3", None).await.body).unwrap();
    for u in api["units"].as_array().unwrap() {
        let code = u["unit"]["code"].as_str().unwrap();
        let e = matrix["units"].as_array().unwrap().iter().find(|x| x["code"] == code).unwrap();
        assert_eq!(u["criteria_met"], e["criteria_met"], "{code}");
    }
    // Sơn Bình's report waits for review (resubmitted): in, and marked not accepted; Thèn Sin's
    // was accepted: in, unmarked.
    let narratives = api["narratives"].as_array().unwrap();
    let of = |code: &str| narratives.iter().find(|n| n["reporter"]["code"] == code).unwrap().clone();
    assert_eq!((of("03413")["state"].as_str(), of("03413")["accepted"].as_bool()), (Some("submitted"), Some(false)));
    assert_eq!(of("03394")["accepted"], true);
    let part = |name: &str| {
        let narrative = html.split("<section id=\"narrative\">").nth(1).unwrap_or("");
        narrative
            .split("<dt>")
            .find(|d| d.starts_with(name))
            .unwrap_or("")
            .split("</dt>")
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert!(part("Xã Sơn Bình").contains("chưa được chấp nhận"), "{}", part("Xã Sơn Bình"));
    assert!(!part("Xã Thèn Sin").is_empty() && !part("Xã Thèn Sin").contains("chưa được chấp nhận"));
    // A draft never submitted is not in it.
    for n in narratives.iter().filter(|n| n["state"] == "none") {
        assert_eq!((n["results"].as_str(), n["difficulties"].as_str()), (Some(""), Some("")), "{n}");
    }
    // The same report as a workbook, numbers as numbers.
    let xlsx = t.get("/reporting/3/summary.xlsx", Some(&office)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(xlsx.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Tổng hợp", "Kết quả", "Cảnh báo", "Nội dung báo cáo"]);
    let results = book.worksheet_range("Kết quả").unwrap();
    let first = &api["units"][0];
    let row = results.rows().find(|r| r.first() == Some(&Data::String(first["unit"]["name"].as_str().unwrap().into())));
    let row = row.expect("each unit has its row");
    assert_eq!(row[1], Data::Float(first["criteria_met"].as_f64().unwrap()), "criteria met, a number");
    let illustrative = |r: &[Data]| r.iter().any(|c| matches!(c, Data::String(s) if s.starts_with("Dữ liệu minh họa")));
    assert!(results.rows().any(illustrative), "illustrative, said on the sheet");
    // The office's only.
    let agency = t.login("ktht").await;
    assert_eq!(t.get("/reporting/3/summary", Some(&agency)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get("/reporting/3/summary.xlsx", Some(&agency)).await.status, StatusCode::FORBIDDEN);
}

/// An accepted report locks its values against every way in, not only the entry form: a values
/// file that changes one is refused at its line; sending the same value again is no change.
#[tokio::test]
async fn a_values_file_cannot_change_what_an_accepted_report_locked() {
    let t = TestApp::demo().await;
    let locks = t.app.db.value_locks_of_set("xa-ntm-2021-2025").await.unwrap();
    let (units, _) = t.app.db.units().await.unwrap();
    let then_sin = units.iter().find(|u| u.code == "03394").unwrap().id;
    assert!(
        locks.iter().any(|l| l.unit_id == then_sin && l.period == "2024Q3"),
        "Thèn Sin's 2024Q3 report is accepted"
    );
    let import = |text: &'static str| {
        let db = t.app.db.clone();
        async move {
            ntm_app::entry::import::import_values_csv(
                &db,
                "xa-ntm-2021-2025",
                "values.csv",
                move || Ok(text.as_bytes()),
                None,
                |_| {},
            )
            .await
        }
    };
    let changed = "unit_code,period,element,value\n03394,2024Q3,1.2,đạt\n03394,2024Q3,1.1,không đạt\n";
    let Err(ntm_app::AppError::Invalid(errors)) = import(changed).await else {
        panic!("a locked value changed by a file")
    };
    let said: Vec<String> = errors.0.iter().map(|e| e.render(ntm_domain::Lang::Vi)).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with("values.csv, dòng 3, trường value: số liệu kỳ 2024Q3 đã được khóa"), "{said:?}");
    let same = "unit_code,period,element,value\n03394,2024Q3,1.1,đạt\n";
    let done = import(same).await.unwrap();
    assert_eq!(done.changed, 0, "the same value again changes nothing and is not refused");
}

/// Where a reporter line stands in the order an office chasing reports expects: the missing
/// first, then the late, then those not yet due, then the on-time; within each the most days first.
fn urgency(line: &serde_json::Value) -> (u8, std::cmp::Reverse<u64>) {
    let rank = match line["timeliness"].as_str().unwrap() {
        "missing" => 0,
        "late" => 1,
        "pending" => 2,
        _ => 3,
    };
    (rank, std::cmp::Reverse(if rank < 2 { line["days"].as_u64().unwrap() } else { 0 }))
}

#[tokio::test]
async fn a_rounds_table_puts_the_most_overdue_first_and_filters_by_state_with_every_count_shown() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let all = json(&t.get("/api/v1/reporting/3", Some(&office)).await.body);
    let lines = all["lines"].as_array().unwrap();
    let ranks: Vec<_> = lines.iter().map(urgency).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "the late ones first, the most overdue first");
    assert!(ranks.iter().any(|r| r.0 == 0) && ranks.iter().any(|r| r.0 > 0), "the demo's round 3 has both");
    let totals = &all["totals"];
    assert_eq!(totals["all"].as_u64().unwrap() as usize, lines.len());
    let page = t.get("/reporting/3", Some(&office)).await.body;
    type Keeps = fn(&serde_json::Value) -> bool;
    let wanted: [(&str, Keeps); 5] = [
        ("late", |l| ["late", "missing"].contains(&l["timeliness"].as_str().unwrap())),
        ("not_submitted", |l| l["first_submitted"] == ""),
        ("waiting", |l| l["state"] == "submitted"),
        ("accepted", |l| l["state"] == "accepted"),
        ("returned", |l| l["state"] == "returned"),
    ];
    for (state, keeps) in wanted {
        let n = lines.iter().filter(|l| keeps(l)).count();
        assert_eq!(totals[state].as_u64().unwrap() as usize, n, "{state}");
        // Each state's count on the page, linked to its filter, whatever filter is shown.
        for shown in ["", "?state=accepted"] {
            let html = t.get(&format!("/reporting/3{shown}"), Some(&office)).await.body;
            assert!(html.contains(&format!("href=\"/reporting/3?state={state}\"")), "{state} on {shown}");
            assert!(html.contains(&format!("({n})</a>")) || html.contains(&format!("({n})</strong>")), "{state}: {n}");
        }
        let filtered = json(&t.get(&format!("/api/v1/reporting/3?state={state}"), Some(&office)).await.body);
        let kept: Vec<&serde_json::Value> = lines.iter().filter(|l| keeps(l)).collect();
        let got: Vec<&serde_json::Value> = filtered["lines"].as_array().unwrap().iter().collect();
        assert_eq!(got, kept, "{state}: the same rows in the same order");
        assert_eq!(filtered["total"].as_u64().unwrap() as usize, n);
        assert_eq!(filtered["totals"], *totals, "the counts are the round's whatever the filter");
    }
    assert!(page.contains("<tr class=\"t-missing\">"), "{page}");
}

#[tokio::test]
async fn a_bad_filter_or_page_of_a_round_or_the_records_is_refused_saying_which() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    for (path, field, text) in [
        ("/reporting/3?state=nope", "state", "nope"),
        ("/reporting/3?page=abc", "page", "abc"),
        ("/reporting/3?page=0", "page", "0"),
        ("/reporting/records?state=waiting", "state", "waiting"),
        ("/reporting/records?page=-1", "page", "-1"),
    ] {
        let vi = t.get(path, Some(&office)).await;
        assert_eq!(vi.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            vi.body.contains(&format!("“{field}”")) && vi.body.contains(&format!("“{text}”")),
            "{path}: {}",
            vi.body
        );
        assert!(vi.body.contains("Tham số"), "in Vietnamese: {}", vi.body);
        let en = t.get(&format!("{path}&lang=en"), Some(&office)).await;
        assert_eq!(en.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(en.body.contains(&format!("“{field}”")) && en.body.contains("parameter"), "{path}: {}", en.body);
        let api = t.get(&format!("/api/v1{path}&lang=en"), Some(&office)).await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{path}");
        let body = json(&api.body);
        assert_eq!(body["problems"][0]["field"], field, "{}", api.body);
        assert!(body["problems"][0]["message"].as_str().unwrap().contains("parameter"), "{}", api.body);
    }
    // A page past the last shows the last one.
    let last = json(&t.get("/api/v1/reporting/3?page=99", Some(&office)).await.body);
    assert_eq!((last["page"].as_u64(), last["pages"].as_u64()), (Some(1), Some(1)));
}

#[tokio::test]
async fn the_records_put_the_worst_first_and_filter_those_with_a_late_or_missing_report() {
    let t = TestApp::demo().await;
    let all = json(&t.get("/api/v1/reporting/records", None).await.body);
    let lines = all["lines"].as_array().unwrap();
    let worst: Vec<_> = lines
        .iter()
        .map(|l| {
            (std::cmp::Reverse(l["missing"].as_u64().unwrap()), std::cmp::Reverse(l["days_late"].as_u64().unwrap()))
        })
        .collect();
    let mut sorted = worst.clone();
    sorted.sort();
    assert_eq!(worst, sorted, "the most missing first, then the most days late");
    let late = json(&t.get("/api/v1/reporting/records?state=late", None).await.body);
    let kept: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["late"].as_u64().unwrap() + l["missing"].as_u64().unwrap() > 0).collect();
    assert!(!kept.is_empty() && kept.len() < lines.len(), "the demo has both");
    assert_eq!(late["lines"].as_array().unwrap().iter().collect::<Vec<_>>(), kept);
    assert_eq!(
        (late["totals"]["all"].as_u64(), late["totals"]["late"].as_u64()),
        (Some(lines.len() as u64), Some(kept.len() as u64))
    );
    let page = t.get("/reporting/records?state=late", None).await.body;
    assert!(page.contains("href=\"/reporting/records\">"), "back to all");
    assert!(page.contains(&format!("({})", kept.len())) && page.contains(&format!("({})", lines.len())), "{page}");
}
