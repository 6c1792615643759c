//! Downloads: the evaluation as an Excel workbook, as officials pass it around.

use std::sync::Arc;

use axum::extract::State;

use crate::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ntm_app::App;

use crate::api::evaluation_in_turn;
use crate::error::WebError;
use crate::i18n::T;
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
    let lang = v.lang;
    let t = T { lang };
    let set_id = q.set_id(&app);
    let illustrative = app.config.demo;
    let (file, bytes) = evaluation_in_turn(app, set_id, q.period, None, lang, move |report| {
        let file = format!("ntm-{}-{}.xlsx", report.set, report.period);
        ntm_excel::evaluation_workbook(&report, lang, illustrative).map(|bytes| (file, bytes))
    })
    .await
    .map_err(|(status, reason)| match status {
        StatusCode::BAD_REQUEST => WebError::BadRequest(lang, t.bad_period().into()),
        StatusCode::SERVICE_UNAVAILABLE => WebError::Refused(StatusCode::SERVICE_UNAVAILABLE, lang, t.busy().into()),
        StatusCode::INTERNAL_SERVER_ERROR => WebError::Internal(lang, reason.into()),
        _ => WebError::NotFound(lang),
    })?
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
