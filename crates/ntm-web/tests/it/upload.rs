//! The Excel path on the web (issue 10 point 5): a commune downloads its template, fills it
//! offline and uploads it; the import runs in the queue, the page shows its progress and result;
//! a bad file changes nothing and lists each problem on its cell; a full queue says "busy".

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ntm_app::Config;
use ntm_domain::{Period, Value};
use ntm_excel::fill::{CellInput, fill_cells};

use crate::harness::{Response, Session, TestApp};

/// Posts `bytes` as the file of the upload form, as a browser does.
pub async fn upload(t: &TestApp, s: Option<&Session>, file: &str, bytes: &[u8]) -> Response {
    let boundary = "----ntmtestboundary7MA4YWxk";
    let csrf = s.map(|s| s.csrf.clone()).unwrap_or_default();
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf.as_str()), ("set", "xa-ntm-2021-2025")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        .bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let mut req = Request::post("/upload")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::CONTENT_LENGTH, body.len());
    if let Some(s) = s {
        req = req.header(header::COOKIE, &s.cookie);
    }
    t.send(req.body(Body::from(body)).unwrap()).await
}

/// The upload's page once it is finished (the queue runs beside the request).
async fn finished(t: &TestApp, s: &Session, location: &str) -> Response {
    for _ in 0..200 {
        let page = t.get(location, Some(s)).await;
        assert_eq!(page.status, StatusCode::OK, "{location}: {}", page.body);
        if !page.headers.contains_key(header::REFRESH) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{location} never finished");
}

/// The cell (`03413!E16`) of an element in a template, as the reader finds it.
fn cell_of(t: &TestApp, bytes: &[u8], unit: &str, element: &str) -> (String, String) {
    let live = t.app.live();
    let set = live.set("xa-ntm-2021-2025").unwrap();
    let read = ntm_excel::read::read_template("t.xlsx", bytes, set, &live.tree).unwrap();
    let cell = match read.rows.iter().find(|r| r.unit_code == unit && r.element == element) {
        Some(r) => r.cell.clone(),
        // An empty cell: the row of the element's code, column E.
        None => panic!("no value of {element} in the template"),
    };
    let (sheet, at) = cell.split_once('!').unwrap();
    (sheet.to_string(), at.to_string())
}

fn stored(t: &TestApp, unit: &str, element: &str) -> Option<Value> {
    let live = t.app.live();
    let set = live.set("xa-ntm-2021-2025").unwrap();
    let u = live.tree.resolve(unit, Period::Year(2024)).unwrap();
    live.values.get("xa-ntm-2021-2025")?.lookup(u, set.element(element).unwrap(), Period::Year(2024)).map(|(v, _)| v)
}

#[tokio::test]
async fn a_commune_fills_its_template_offline_and_the_upload_updates_the_matrix_once() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    // The entry form links to the page; the page offers its own unit only.
    let entry = t.get("/entry/03413/2024", Some(&s)).await;
    assert!(entry.body.contains("href=\"/upload?set=xa-ntm-2021-2025&amp;period=2024&amp;unit=03413\""));
    let page = t.get("/upload?period=2024&unit=03413", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<option value=\"03413\" selected>"), "{}", page.body);
    assert!(!page.body.contains("value=\"03394\""), "another commune is not offered");
    assert!(page.body.contains("enctype=\"multipart/form-data\""));

    let res = t.get("/upload/template?period=2024&unit=03413", Some(&s)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.headers[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(res.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("mau-nhap-03413-2024.xlsx"));
    let template = res.bytes;
    let (sheet, cell) = cell_of(&t, &template, "03413", "2.3");
    assert_eq!(stored(&t, "03413", "2.3"), Some(Value::parse("93.3").unwrap()));
    let filled = fill_cells(&template, &[(sheet, cell, CellInput::Number(95.5))]).unwrap();

    let res = upload(&t, Some(&s), "son-binh.xlsx", &filled).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.location().to_string();
    assert!(location.starts_with("/upload/"), "{location}");
    let done = finished(&t, &s, &location).await;
    assert!(done.body.contains("Đã nhập: 1 giá trị thay đổi"), "{}", done.body);
    assert_eq!(stored(&t, "03413", "2.3"), Some(Value::parse("95.5").unwrap()), "the matrix sees it");
    let api = t.get(&location.replace("/upload/", "/api/v1/uploads/"), Some(&s)).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["state"], "done");
    assert_eq!(json["summary"]["changed"], 1);

    // The same file again: nothing new, no change recorded.
    t.app.refresh().await.unwrap();
    let revision = t.app.live().counters.revision;
    let res = upload(&t, Some(&s), "son-binh.xlsx", &filled).await;
    let again = finished(&t, &s, res.location()).await;
    assert!(again.body.contains("Không có giá trị nào khác với số liệu hiện có"), "{}", again.body);
    t.app.refresh().await.unwrap();
    assert_eq!(t.app.live().counters.revision, revision, "no audit row, no revision");
    // Both uploads are listed on the page.
    let page = t.get("/upload", Some(&s)).await;
    assert_eq!(page.body.matches("son-binh.xlsx").count(), 2, "{}", page.body);
}

#[tokio::test]
async fn a_bad_upload_lists_each_problem_on_its_cell_and_saves_nothing() {
    let t = TestApp::demo().await;
    let s = t.login("sonbinh").await;
    let template = t.get("/upload/template?period=2024&unit=03413", Some(&s)).await.bytes;
    let (sheet, at_23) = cell_of(&t, &template, "03413", "2.3");
    let (_, at_1) = cell_of(&t, &template, "03413", "2.1.km_dat");
    let bad = fill_cells(
        &template,
        &[
            (sheet.clone(), at_23.clone(), CellInput::Number(95.0)),
            (sheet.clone(), at_1.clone(), CellInput::Text("mười lăm".into())),
        ],
    )
    .unwrap();
    let res = upload(&t, Some(&s), "sai.xlsx", &bad).await;
    let page = finished(&t, &s, res.location()).await;
    assert!(page.body.contains("Tệp không được nhập, không lưu giá trị nào"), "{}", page.body);
    assert!(
        page.body.contains(&format!("<code>{sheet}!{at_1}</code></td><td>&#34;mười lăm&#34; là chữ, ô này cần một số")),
        "{}",
        page.body
    );
    assert_eq!(stored(&t, "03413", "2.3"), Some(Value::parse("93.3").unwrap()), "the good cell is not saved either");

    // Not an Excel file.
    let res = upload(&t, Some(&s), "values.xlsx", b"unit_code,period,element,value\n").await;
    let page = finished(&t, &s, res.location()).await;
    assert!(page.body.contains("không phải tệp Excel (.xlsx)"), "{}", page.body);

    // Another commune's template, downloaded by the office: not this commune's to fill.
    let office = t.login("vanphong").await;
    let other = t.get("/upload/template?period=2024&unit=03394", Some(&office)).await.bytes;
    let res = upload(&t, Some(&s), "then-sin.xlsx", &other).await;
    let page = finished(&t, &s, res.location()).await;
    assert!(page.body.contains("tài khoản này không được nhập số liệu của đơn vị 03394"), "{}", page.body);
    // The commune cannot open the office's upload.
    assert_eq!(
        t.get(res.location(), Some(&office)).await.status,
        StatusCode::NOT_FOUND,
        "only its owner sees an upload"
    );

    // In English, on request.
    let page = t.get(&format!("{}?lang=en", res.location()), Some(&s)).await;
    assert!(page.body.contains("this account may not enter values of unit 03394"), "{}", page.body);
}

#[tokio::test]
async fn a_full_queue_says_busy_and_a_file_over_the_limit_is_refused_before_it_is_read() {
    let t = TestApp::with(Config { demo: true, fast_hashing: true, upload_queue: 0, ..Config::default() }).await;
    let s = t.login("sonbinh").await;
    let template = t.get("/upload/template?period=2024&unit=03413", Some(&s)).await.bytes;
    let res = upload(&t, Some(&s), "mau.xlsx", &template).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/upload?set=xa-ntm-2021-2025&refused=busy");
    let page = t.get(res.location(), Some(&s)).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("Hệ thống đang nhập các tệp khác. Vui lòng thử lại sau ít phút."), "{}", page.body);
    assert!(t.app.uploads.of(0).is_empty());

    // A body declared over 50 MB is not read.
    let req = Request::post("/upload")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .header(header::CONTENT_LENGTH, 60u64 << 20)
        .header(header::COOKIE, &s.cookie)
        .body(Body::from("--x--"))
        .unwrap();
    let res = t.send(req).await;
    assert_eq!(res.location(), "/upload?set=xa-ntm-2021-2025&refused=too_large");
    let page = t.get(&format!("{}&lang=en", res.location()), Some(&s)).await;
    assert!(page.body.contains("The file is larger than 50 MB and was not read."), "{}", page.body);
}

/// A workbook cannot change a value an accepted report locked: Thèn Sin's 2024Q3 report is
/// accepted in the demo; the office's upload changing one of its values is refused on the cell.
#[tokio::test]
async fn an_upload_cannot_change_a_value_an_accepted_report_locked() {
    let t = TestApp::demo().await;
    let s = t.login("vanphong").await;
    let template = t.get("/upload/template?period=2024Q3&unit=03394", Some(&s)).await;
    assert_eq!(template.status, StatusCode::OK, "{}", template.body);
    let (sheet, cell) = cell_of(&t, &template.bytes, "03394", "2.3");
    let filled = fill_cells(&template.bytes, &[(sheet.clone(), cell.clone(), CellInput::Number(99.0))]).unwrap();
    let res = upload(&t, Some(&s), "then-sin.xlsx", &filled).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let done = finished(&t, &s, res.location()).await;
    assert!(done.body.contains(&format!("{sheet}!{cell}")), "on its cell: {}", done.body);
    assert!(done.body.contains("số liệu kỳ 2024Q3 đã được khóa"), "{}", done.body);
}
