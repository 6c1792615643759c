//! The Excel path of data entry at the edge (issue 10 point 5): `/upload` (download the template
//! of a unit or an agency for a period; upload a filled one), `/upload/template` (the workbook),
//! `/upload/{id}` (an upload's progress and result: waiting, running, imported, or every problem
//! on its cell; the page reloads itself with the `Refresh` header until it is done — no
//! JavaScript) and its JSON twin `/api/v1/uploads/{id}`. The import runs off the request in the
//! app's bounded queue (`ntm_app::entry::queue`); when it is full the upload is refused at once
//! with "busy, try again". Rights as for entry: a commune its own unit, an agency its criteria,
//! the office everything; viewers nothing.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::entry::queue::{Upload, UploadState};
use ntm_app::entry::xlsx::{TemplateFor, XlsxSummary};
use ntm_app::page::choose_period;
use ntm_domain::{Action, Role, can};
use ntm_excel::read::MAX_TEMPLATE_BYTES;
use ntm_io::error::MAX_LISTED_ERRORS;
use serde::{Deserialize, Serialize};

use crate::chrome::{Chrome, encode};
use crate::error::{Said, WebError};
use crate::extract::Query;
use crate::session::Visitor;

/// Above this many units the page asks for a unit's code instead of listing them all.
const LISTED_UNITS: usize = 200;

/// The largest request body read: the largest workbook and the form around it.
const MAX_BODY: u64 = MAX_TEMPLATE_BYTES + (64 << 10);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/upload", get(page).post(upload))
        .route("/upload/template", get(template))
        .route("/upload/{id}", get(status_page))
        .route("/api/v1/uploads/{id}", get(api_status))
}

pub fn openapi_paths() -> serde_json::Map<String, serde_json::Value> {
    let paths = serde_json::json!({
        "/api/v1/uploads/{id}": { "get": {
            "summary": "An Excel upload of the signed-in account: waiting, running, done (values changed) or refused (every problem with its cell)",
            "parameters": [crate::shell::param("id", "path", true, "The upload's number")],
            "responses": {
                "200": { "description": "The upload's state", "content": { "application/json": {} } },
                "401": { "description": "Sign in first" },
                "404": { "description": "No such upload of this account" }
            } } }
    });
    match paths {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// Whether an account may enter values at all (viewers may not).
fn enters(v: &Visitor) -> Result<&ntm_app::User, WebError> {
    let user = v.require_user()?;
    match user.principal.role {
        Role::Admin | Role::Office | Role::Commune => Ok(user),
        Role::Agency if !user.principal.criteria.is_empty() => Ok(user),
        _ => Err(WebError::Forbidden),
    }
}

#[derive(Deserialize, Default)]
struct PageQuery {
    set: Option<String>,
    period: Option<String>,
    unit: Option<String>,
    /// `busy`, `no_file`, `too_large`: why the last upload was refused at once.
    refused: Option<String>,
}

/// An upload in the list of recent ones.
#[derive(Serialize, Clone, Debug)]
struct UploadRow {
    id: u64,
    file: String,
    state: &'static str,
}

fn state_code(s: &UploadState) -> &'static str {
    match s {
        UploadState::Waiting { .. } => "waiting",
        UploadState::Running => "running",
        UploadState::Done(_) => "done",
        UploadState::Refused(_) => "refused",
        UploadState::Failed(_) => "failed",
    }
}

#[derive(Template)]
#[template(path = "upload/page.html")]
struct UploadPage {
    chrome: Chrome,
    set_id: String,
    period: String,
    /// (code, name) of the units this account may enter; empty with `unit_by_code`.
    units: Vec<(String, String)>,
    unit_by_code: bool,
    chosen: String,
    /// (code, name) of the agencies whose template this account may download.
    agencies: Vec<(String, String)>,
    mb: u64,
    uploads: Vec<UploadRow>,
    notice: Option<String>,
}

async fn page(State(app): State<Arc<App>>, v: Visitor, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let user = enters(&v)?.clone();
    let t = v.t();
    let set_id = crate::shell::set_or_default(&app, q.set.as_deref());
    let period = choose_period(&app.live(), &set_id, q.period.as_deref())?;
    let (units, unit_by_code, agencies) = {
        let live = app.live();
        let set = live.set(&set_id).ok_or(WebError::NotFound)?;
        let p = &user.principal;
        let may = |u, c: &str| {
            can(Some(p), Action::EditValue { unit: u, set: set.id(), criterion: Some(c) }, &live.tree, false)
        };
        let all = live.units_for(set, period);
        let mine: Vec<_> = all.into_iter().filter(|&u| set.criteria().iter().any(|c| may(u, &c.id))).collect();
        let by_code = mine.len() > LISTED_UNITS;
        let units = if by_code {
            Vec::new()
        } else {
            mine.iter()
                .map(|&u| {
                    let unit = live.tree.unit(u);
                    (unit.code.clone(), unit.name.clone())
                })
                .collect()
        };
        let agencies = live
            .org
            .agencies
            .iter()
            .filter(|a| {
                let led: Vec<_> = a.criteria.iter().filter(|c| c.set == set_id).collect();
                !led.is_empty()
                    && match p.role {
                        Role::Admin | Role::Office => true,
                        Role::Agency => led.iter().all(|c| p.criteria.contains(c)),
                        _ => false,
                    }
            })
            .map(|a| (a.code.clone(), a.name_in(v.lang).to_string()))
            .collect();
        (units, by_code, agencies)
    };
    let uploads = app
        .uploads
        .of(user.id)
        .into_iter()
        .take(10)
        .map(|u| UploadRow { id: u.id, state: state_code(&u.state), file: u.file })
        .collect();
    let mb = MAX_TEMPLATE_BYTES >> 20;
    let notice = match q.refused.as_deref() {
        Some("busy") => Some(t.upload_busy().to_string()),
        Some("no_file") => Some(t.upload_no_file().to_string()),
        Some("too_large") => Some(t.upload_too_large(mb)),
        _ => None,
    };
    let chrome = Chrome::new(&v, t.upload_title(), "", &set_id, &period.code());
    let page = UploadPage {
        chrome,
        set_id,
        period: period.code(),
        units,
        unit_by_code,
        chosen: q.unit.unwrap_or_default(),
        agencies,
        mb,
        uploads,
        notice,
    };
    let status = if page.notice.is_some() && q.refused.as_deref() == Some("busy") {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
struct TemplateQuery {
    set: Option<String>,
    period: Option<String>,
    unit: Option<String>,
    agency: Option<String>,
}

/// `GET /upload/template?set=&period=&unit=CODE|agency=CODE`: the workbook.
async fn template(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<TemplateQuery>,
) -> Result<Response, WebError> {
    let user = enters(&v)?.clone();
    let set_id = crate::shell::set_or_default(&app, q.set.as_deref());
    let period = choose_period(&app.live(), &set_id, q.period.as_deref())?;
    let target = match (q.unit.as_deref().filter(|u| !u.is_empty()), q.agency.as_deref().filter(|a| !a.is_empty())) {
        (Some(unit), _) => TemplateFor::Unit(unit),
        (None, Some(agency)) => TemplateFor::Agency(agency),
        (None, None) => return Err(WebError::BadRequest(Said::of(ntm_text::T::bad_query))),
    };
    let file = app.values_template(Some(&user.principal), &set_id, &period.code(), target, v.lang).await?;
    let mut res = file.bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.file_name.replace('"', ""))) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(res)
}

/// One part of a `multipart/form-data` body.
struct Part<'a> {
    name: String,
    file_name: Option<String>,
    data: &'a [u8],
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..].starts_with(needle))
}

/// A header's parameter: `name="x"` in `form-data; name="x"; filename="y"`.
fn parameter(header: &str, key: &str) -> Option<String> {
    header.split(';').map(str::trim).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of a `multipart/form-data` body (RFC 7578): what a browser's file form sends.
fn multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<Part<'a>> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut parts = Vec::new();
    let Some(mut at) = find(body, delimiter, 0) else { return parts };
    loop {
        let start = at + delimiter.len();
        if body[start..].starts_with(b"--") {
            break;
        }
        let Some(next) = find(body, &[b"\r\n", delimiter].concat(), start) else { break };
        let part = &body[start..next];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        if let Some(split) = find(part, b"\r\n\r\n", 0) {
            let head = String::from_utf8_lossy(&part[..split]);
            let disposition = head
                .split("\r\n")
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition")))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            parts.push(Part {
                name: parameter(&disposition, "name").unwrap_or_default(),
                file_name: parameter(&disposition, "filename"),
                data: &part[split + 4..],
            });
        }
        at = next + 2;
    }
    parts
}

/// `POST /upload` (multipart: `csrf`, `set`, `file`): queued, then to its progress page.
async fn upload(State(app): State<Arc<App>>, v: Visitor, req: Request<Body>) -> Result<Response, WebError> {
    let user = enters(&v)?.clone();
    let back =
        |set: &str, why: &str| Redirect::to(&format!("/upload?set={}&refused={why}", encode(set))).into_response();
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|h| h.to_str().ok()).and_then(|s| s.parse::<u64>().ok());
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .filter(|ct| ct.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
        .and_then(|ct| parameter(ct, "boundary"))
        .ok_or(WebError::Refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, Said::of(ntm_text::T::bad_form)))?;
    let default_set = crate::shell::set_or_default(&app, None);
    // A file over the limit is refused before it is read.
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Ok(back(&default_set, "too_large"));
    }
    let limit = usize::try_from(MAX_BODY).unwrap_or(usize::MAX);
    let Ok(body) = axum::body::to_bytes(req.into_body(), limit).await else {
        return Ok(back(&default_set, "too_large"));
    };
    let parts = multipart(&body, &boundary);
    let field = |name: &str| parts.iter().find(|p| p.name == name);
    let text = |name: &str| field(name).map(|p| String::from_utf8_lossy(p.data).to_string()).unwrap_or_default();
    v.check_csrf(&[("csrf".to_string(), text("csrf"))])?;
    let set_id = crate::shell::set_or_default(&app, Some(text("set").trim()).filter(|s| !s.is_empty()));
    let Some(file) = field("file").filter(|f| !f.data.is_empty()) else {
        return Ok(back(&set_id, "no_file"));
    };
    let name = file
        .file_name
        .as_deref()
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n))
        .map(ntm_io::text::clean)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "upload.xlsx".into());
    let name: String = name.chars().take(120).collect();
    match app.submit_upload(&user, &set_id, &name, file.data.to_vec()) {
        Ok(id) => Ok(Redirect::to(&format!("/upload/{id}")).into_response()),
        Err(_busy) => Ok(back(&set_id, "busy")),
    }
}

/// A problem of a refused upload: where (`mau.xlsx, ô 03413!E7`) and what.
#[derive(Serialize, Clone, Debug)]
struct ProblemRow {
    cell: String,
    problem: String,
}

#[derive(Template)]
#[template(path = "upload/status.html")]
struct StatusPage {
    chrome: Chrome,
    id: u64,
    file: String,
    set_id: String,
    state: &'static str,
    ahead: usize,
    done: Option<XlsxSummary>,
    problems: Vec<ProblemRow>,
    more: usize,
    failed: String,
}

fn problems_of(u: &Upload, lang: ntm_domain::Lang) -> (Vec<ProblemRow>, usize) {
    let UploadState::Refused(errors) = &u.state else { return (Vec::new(), 0) };
    let rows = errors
        .0
        .iter()
        .take(MAX_LISTED_ERRORS)
        .map(|e| ProblemRow {
            cell: e.location.cell.as_deref().unwrap_or(&e.location.file).to_string(),
            problem: e.problem.render(lang),
        })
        .collect();
    (rows, errors.count().saturating_sub(MAX_LISTED_ERRORS))
}

fn upload_of(app: &App, v: &Visitor, id: &str) -> Result<Upload, WebError> {
    let user = v.require_user()?;
    let id: u64 = id.parse().map_err(|_| WebError::NotFound)?;
    app.uploads.get(user.id, id).ok_or(WebError::NotFound)
}

async fn status_page(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    let u = upload_of(&app, &v, &id)?;
    let t = v.t();
    let (problems, more) = problems_of(&u, v.lang);
    let chrome = Chrome::new(&v, &t.upload_status_title(&u.file), "", &u.set, "");
    let page = StatusPage {
        chrome,
        id: u.id,
        file: u.file.clone(),
        set_id: u.set.clone(),
        state: state_code(&u.state),
        ahead: match u.state {
            UploadState::Waiting { ahead } => ahead,
            _ => 0,
        },
        done: match u.state {
            UploadState::Done(d) => Some(d),
            _ => None,
        },
        problems,
        more,
        failed: match &u.state {
            UploadState::Failed(e) => e.clone(),
            _ => String::new(),
        },
    };
    let mut res = Html(page.render()?).into_response();
    if !u.state.finished() {
        // Reloaded by the browser until done: progress without JavaScript.
        if let Ok(value) = HeaderValue::from_str(&format!("2; url=/upload/{}", u.id)) {
            res.headers_mut().insert(header::REFRESH, value);
        }
    }
    Ok(res)
}

#[derive(Serialize)]
struct ApiUpload {
    id: u64,
    file: String,
    set: String,
    state: &'static str,
    waiting_ahead: Option<usize>,
    summary: Option<ApiSummary>,
    problems: Vec<ProblemRow>,
    more_problems: usize,
    error: Option<String>,
}

#[derive(Serialize)]
struct ApiSummary {
    cells: usize,
    rows: usize,
    changed: usize,
    kept: usize,
    revision: Option<i64>,
}

async fn api_status(State(app): State<Arc<App>>, v: Visitor, Path(id): Path<String>) -> Result<Response, WebError> {
    let u = upload_of(&app, &v, &id)?;
    let (problems, more) = problems_of(&u, v.lang);
    let body = ApiUpload {
        id: u.id,
        file: u.file.clone(),
        set: u.set.clone(),
        state: state_code(&u.state),
        waiting_ahead: match u.state {
            UploadState::Waiting { ahead } => Some(ahead),
            _ => None,
        },
        summary: match u.state {
            UploadState::Done(d) => Some(ApiSummary {
                cells: d.cells,
                rows: d.rows,
                changed: d.changed,
                kept: d.kept,
                revision: d.revision,
            }),
            _ => None,
        },
        problems,
        more_problems: more,
        error: match &u.state {
            UploadState::Failed(e) => Some(e.clone()),
            _ => None,
        },
    };
    Ok(axum::Json(body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browsers_multipart_body_gives_its_fields_and_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m\xe1\xba\xabu.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n--XyZ\r\n\r\n--XyZ--\r\n";
        let parts = multipart(body, "XyZ");
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].data, b"abc");
        assert_eq!(parts[1].name, "file");
        assert_eq!(parts[1].file_name.as_deref(), Some("mẫu.xlsx"));
        assert_eq!(parts[1].data, b"PK\x03\x04");
        assert!(multipart(b"garbage", "XyZ").is_empty());
        assert_eq!(parameter("multipart/form-data; boundary=----abc", "boundary").as_deref(), Some("----abc"));
    }
}
