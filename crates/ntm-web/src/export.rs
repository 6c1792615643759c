//! Downloads: the evaluation as an Excel workbook, as officials pass it around.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ntm_app::App;

use crate::api::evaluation_of;
use crate::error::WebError;
use crate::pages::PageQuery;
use crate::session::Visitor;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /export/evaluation.xlsx?set=ID&period=P`: every unit's verdicts (sheet 1, the matrix)
/// and every indicator (sheet 2), in the visitor's language.
pub async fn evaluation_xlsx(
    State(app): State<Arc<App>>,
    v: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    v.require_read()?;
    let set_id = q.set_id(&app);
    let report = evaluation_of(&app, &set_id, q.period.as_deref(), None, v.lang).map_err(|(status, reason)| {
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            WebError::Internal(v.lang, reason.into())
        } else {
            WebError::NotFound(v.lang)
        }
    })?;
    let file = format!("ntm-{}-{}.xlsx", report.set, report.period);
    let (lang, illustrative) = (v.lang, app.config.demo);
    let bytes = tokio::task::spawn_blocking(move || ntm_excel::evaluation_workbook(&report, lang, illustrative))
        .await
        .map_err(|e| WebError::Internal(lang, e.to_string()))?
        .map_err(|e| WebError::Internal(lang, e.to_string()))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
    // The set id and period are plain ASCII (checked by the evaluation); quote them anyway.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.replace('"', ""))) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
