//! The consolidated report of a reporting round (issue 10 point 4): a page that prints on A4 as
//! the office's report, and the same as an Excel workbook. Made from the data: who reported and
//! when, each unit's result with whether its report is accepted, the targets, the warnings with
//! the reasons written, and the reports' narrative parts by section. What is not accepted yet is
//! marked so.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use ntm_app::App;
use ntm_app::reporting::consolidated::Consolidated;
use ntm_domain::Period;
use ntm_excel::tables::{Cell, Sheet, Table, tables_workbook};
use ntm_text::T;

use crate::chrome::{Chrome, PrintHead};
use crate::error::WebError;
use crate::extract::Query;
use crate::reporting::timeliness_words;
use crate::roadmap::{WarningsBlock, warnings_block};
use crate::session::Visitor;
use crate::shell::PageQuery;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/reporting/{round}/summary", get(page))
        .route("/reporting/{round}/summary.xlsx", get(workbook))
        .route("/api/v1/reporting/{round}/summary", get(api))
}

/// The round's consolidated report for the visitor (the office and administrators only).
async fn load(app: &App, v: &Visitor, round: &str, q: &PageQuery) -> Result<Consolidated, WebError> {
    let user = v.require_user()?;
    let id: i64 = round.parse().map_err(|_| WebError::NotFound)?;
    let set_id = q.set_id(app);
    Ok(app.consolidated(Some(user), id, &set_id, v.lang).await?)
}

/// The words of one reporter's line: its report's state and its timeliness.
fn state_words(t: T, state: &str) -> String {
    t.reporting_state(state).to_string()
}

fn status_words(t: T, code: &str) -> &'static str {
    match code {
        "met" => t.met(),
        "not_met" => t.not_met(),
        _ => t.missing(),
    }
}

/// One reporter's text in a narrative section.
struct Entry {
    who: String,
    accepted: bool,
    text: String,
}

/// A narrative section: its heading, one entry per reporter who wrote something.
struct Section {
    heading: &'static str,
    entries: Vec<Entry>,
}

/// The narrative sections, in the order of the report.
fn sections(t: T, c: &Consolidated) -> Vec<Section> {
    let pick = |f: fn(&ntm_app::reporting::consolidated::Narrative) -> &String| {
        c.narratives
            .iter()
            .filter(|n| !f(n).trim().is_empty())
            .map(|n| Entry { who: n.reporter.name.clone(), accepted: n.accepted, text: f(n).clone() })
            .collect::<Vec<_>>()
    };
    vec![
        Section { heading: t.cons_results(), entries: pick(|n| &n.results) },
        Section { heading: t.cons_difficulties(), entries: pick(|n| &n.difficulties) },
        Section { heading: t.cons_tasks(), entries: pick(|n| &n.tasks) },
    ]
}

#[derive(Template)]
#[template(path = "consolidated/page.html")]
struct Page {
    chrome: Chrome,
    c: Consolidated,
    title: String,
    timeliness: Vec<String>,
    states: Vec<String>,
    w: WarningsBlock,
    sections: Vec<Section>,
    /// Reasons written in the reports: reporter, unit, criterion, reason, solution, accepted.
    reasons: Vec<ReasonRow>,
    xlsx: String,
}

/// The warnings of the round's data period for the units of its managing unit, with the reasons
/// written.
fn round_warnings(app: &App, t: T, c: &Consolidated) -> Result<WarningsBlock, WebError> {
    let period = Period::parse(&c.period).map_err(|_| WebError::NotFound)?;
    let manager = c.round.unit.as_ref().map(|u| u.code.as_str());
    warnings_block(app, &c.set_id, period, t, usize::MAX, manager)
}

/// A reason written in a report, with who wrote it and whether the report is accepted.
struct ReasonRow {
    who: String,
    accepted: bool,
    line: ntm_app::reporting::ReasonLine,
}

fn reasons(c: &Consolidated) -> Vec<ReasonRow> {
    c.narratives
        .iter()
        .flat_map(|n| {
            n.reasons.iter().map(|r| ReasonRow { who: n.reporter.name.clone(), accepted: n.accepted, line: r.clone() })
        })
        .collect()
}

async fn page(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(round): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let c = load(&app, &v, &round, &q).await?;
    let t = v.t();
    let title = t.reporting_summary_title(crate::reporting::round_label(t, &c.round));
    let timeliness = c.lines.iter().map(|l| timeliness_words(t, l.timeliness, l.days)).collect();
    let states = c.lines.iter().map(|l| state_words(t, l.state)).collect();
    let w = round_warnings(&app, t, &c)?;
    let sections = sections(t, &c);
    let reasons = reasons(&c);
    let unit = c.round.unit.as_ref().map(|u| u.name.clone());
    let head = PrintHead::new(app.today(), unit, &c.period_label, true);
    let chrome = Chrome::new(&v, &title, "reporting", &c.set_id, &c.period).printed(head);
    let xlsx = format!("/reporting/{}/summary.xlsx{}", c.round.id, chrome.q);
    let page = Page { chrome, c, title, timeliness, states, w, sections, reasons, xlsx };
    Ok(Html(page.render()?).into_response())
}

async fn api(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(round): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    Ok(axum::Json(load(&app, &v, &round, &q).await?).into_response())
}

/// The workbook: one sheet per part of the report.
fn book(app: &App, t: T, c: &Consolidated, illustrative: bool) -> Result<Vec<u8>, WebError> {
    let title = t.reporting_summary_title(crate::reporting::round_label(t, &c.round));
    let warning = illustrative.then(|| t.demo_banner().to_string());
    let unaccepted = |accepted: bool| if accepted { String::new() } else { t.reporting_not_accepted().to_string() };
    let notes =
        vec![t.reporting_period_data(&c.period_label), t.reporting_summary_help(c.accepted_reports, c.submitted)];
    let timeliness = Table {
        heading: Some(t.cons_section_timeliness().into()),
        header: vec![
            t.reporting_reporter().into(),
            t.reporting_state_head().into(),
            t.reporting_timeliness_head().into(),
            t.reporting_first_submitted().into(),
        ],
        rows: c
            .lines
            .iter()
            .map(|l| {
                vec![
                    Cell::Text(l.reporter.name.clone()),
                    Cell::Status(l.state.to_string(), state_words(t, l.state)),
                    Cell::Status(l.timeliness.to_string(), timeliness_words(t, l.timeliness, l.days)),
                    Cell::Text(l.first_submitted.clone()),
                ]
            })
            .collect(),
    };
    let mut header = vec![
        t.unit_col().to_string(),
        t.met_count().to_string(),
        t.standard_met().to_string(),
        t.cons_col_report().to_string(),
    ];
    header.extend(c.criteria.iter().map(|(id, name)| format!("{id}. {name}")));
    let results = Table {
        heading: Some(t.cons_section_results(&c.period_label)),
        header,
        rows: c
            .units
            .iter()
            .map(|u| {
                let mut row = vec![
                    Cell::Text(u.unit.name.clone()),
                    Cell::Number(u.criteria_met as f64),
                    Cell::Status(
                        if u.standard_met { "met" } else { "not_met" }.into(),
                        if u.standard_met { t.met() } else { t.not_met() }.into(),
                    ),
                    Cell::Status(u.report_state.to_string(), state_words(t, u.report_state)),
                ];
                row.extend(u.statuses.iter().map(|s| Cell::Status((*s).to_string(), status_words(t, s).to_string())));
                row
            })
            .collect(),
    };
    let targets = Table {
        heading: Some(t.cons_section_targets().into()),
        header: vec![t.targets().into(), t.cons_col_progress().into(), t.cons_col_state().into()],
        rows: c
            .targets
            .iter()
            .map(|g| {
                vec![
                    Cell::Text(g.title.clone()),
                    Cell::Text(format!("{}/{}", g.done, g.total)),
                    Cell::Status(
                        if g.achieved {
                            "met"
                        } else if g.closed {
                            "not_met"
                        } else {
                            ""
                        }
                        .into(),
                        t.target_state(g.state).to_string(),
                    ),
                ]
            })
            .collect(),
    };
    let w = round_warnings(app, t, c)?;
    let warnings = Table {
        heading: Some(t.cons_section_warnings().into()),
        header: vec![t.unit_col().into(), t.cons_col_warning().into(), t.cons_col_answer().into()],
        rows: w
            .groups
            .iter()
            .flat_map(|g| {
                g.lines.iter().map(|l| {
                    vec![
                        Cell::Text(g.unit.name.clone()),
                        Cell::Text(format!("[{}] {}", l.kind_words, l.reason)),
                        Cell::Text(l.answer.clone()),
                    ]
                })
            })
            .collect(),
    };
    let mut narrative = Vec::new();
    for section in sections(t, c) {
        narrative.push(Table {
            heading: Some(section.heading.into()),
            header: vec![t.reporting_reporter().into(), section.heading.into(), t.cons_col_accepted().into()],
            rows: section
                .entries
                .into_iter()
                .map(|e| vec![Cell::Text(e.who), Cell::Text(e.text), Cell::Text(unaccepted(e.accepted))])
                .collect(),
        });
    }
    narrative.push(Table {
        heading: Some(t.cons_reasons().into()),
        header: vec![
            t.reporting_reporter().into(),
            t.unit_col().into(),
            t.cons_col_criterion().into(),
            t.cons_col_reason().into(),
            t.cons_col_solution().into(),
            t.cons_col_accepted().into(),
        ],
        rows: reasons(c)
            .into_iter()
            .map(|r| {
                vec![
                    Cell::Text(r.who),
                    Cell::Text(r.line.unit),
                    Cell::Text(r.line.criterion),
                    Cell::Text(r.line.reason),
                    Cell::Text(r.line.solution),
                    Cell::Text(unaccepted(r.accepted)),
                ]
            })
            .collect(),
    });
    let sheet = |name: &str, tables: Vec<Table>| Sheet {
        name: name.into(),
        title: title.clone(),
        warning: warning.clone(),
        notes: notes.clone(),
        tables,
    };
    let sheets = vec![
        sheet(t.cons_sheet_summary(), vec![timeliness, targets]),
        sheet(t.cons_sheet_results(), vec![results]),
        sheet(t.cons_sheet_warnings(), vec![warnings]),
        sheet(t.cons_sheet_narrative(), narrative),
    ];
    tables_workbook(&sheets).map_err(|e| WebError::Internal(e.to_string()))
}

async fn workbook(
    State(app): State<Arc<App>>,
    v: Visitor,
    Path(round): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let c = load(&app, &v, &round, &q).await?;
    let bytes = book(&app, v.t(), &c, app.config.demo)?;
    let name = format!("attachment; filename=\"ntm-bao-cao-tong-hop-{}.xlsx\"", c.round.id);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}
