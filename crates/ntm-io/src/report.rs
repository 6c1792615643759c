//! What the program prints: the evaluation (table, JSON, CSV) and the criteria sets (table, JSON).
//! The JSON shapes are the contracts of DESIGN.md §4; the web API serves the same structures.

use ntm_domain::explain::period_label;
use ntm_domain::{
    CriteriaSet, ElementRef, Evaluation, Evaluator, IndicatorIdx, IndicatorKind, Lang, Observed, Origin, Rollup,
    Status, ThresholdLayer, UnitTree, Value,
};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// The evaluation report (DESIGN.md §4 JSON shape, with more fields).
#[derive(Serialize, Debug, Clone)]
pub struct EvaluationReport {
    pub set: String,
    pub set_title: String,
    pub legal_basis: String,
    pub period: String,
    pub lang: &'static str,
    pub summary: SummaryDto,
    pub units: Vec<UnitDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct SummaryDto {
    pub units: usize,
    pub standard_met: usize,
    /// Average criteria met per unit (display only; the exact value is criteria_met_sum / units).
    pub average_criteria_met: Option<f64>,
    pub criteria_met_sum: usize,
    pub criteria_total: usize,
    pub per_criterion: Vec<CriterionCountDto>,
    /// Verdicts that rest on a threshold or indicator not verified against the official text.
    pub unverified_verdicts: usize,
}

#[derive(Serialize, Debug, Clone)]
pub struct CriterionCountDto {
    pub id: String,
    pub met: usize,
    pub not_met: usize,
    pub missing: usize,
}

#[derive(Serialize, Debug, Clone)]
pub struct UnitDto {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub region: Option<String>,
    pub group: Option<u8>,
    /// Effective dates: a code can name different units before and after a merger.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub criteria_met: usize,
    pub criteria_total: usize,
    pub standard_met: bool,
    pub criteria: Vec<CriterionDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct CriterionDto {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub indicators: Vec<IndicatorDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct IndicatorDto {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub status: &'static str,
    /// The measure compared with the threshold (a percentage for % indicators), a boolean for
    /// yes/no indicators, or null.
    pub value: serde_json::Value,
    /// The value as entered: `72/100`, `45.5`, `true`; computed ones as `72.5 / 100`.
    pub value_text: Option<String>,
    /// The period the value was entered for (a quarter when a year falls back to it).
    pub value_period: Option<String>,
    pub threshold: String,
    pub threshold_verified: bool,
    pub threshold_confidence: Option<&'static str>,
    pub threshold_key: Option<String>,
    pub threshold_year: Option<i32>,
    pub threshold_source: Option<String>,
    /// `national`, `override` or `illustrative`.
    pub threshold_origin: Option<&'static str>,
    pub explanation: String,
    /// The threshold as a number in the indicator's measure (`85` for `>= 85`), null for a
    /// yes/no indicator or where none applies.
    pub threshold_value: Option<f64>,
    /// The threshold as the report's language writes it: `≥ 16,5%`, `≥ 45 triệu đồng/người/năm`.
    pub threshold_label: String,
}

fn name<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    lang.pick(vi, en)
}

/// Builds the report of an evaluation; `ev` must be the evaluator that produced `eval`.
pub fn evaluation_report(ev: &mut Evaluator<'_>, eval: &Evaluation, lang: Lang) -> EvaluationReport {
    let set = ev.set();
    let tree = ev.tree();
    let mut unverified = 0;
    let mut units = Vec::with_capacity(eval.units().len());
    for (pos, &u) in eval.units().iter().enumerate() {
        let unit = tree.unit(u);
        let mut criteria = Vec::new();
        for (ci, c) in set.criteria().iter().enumerate() {
            let mut indicators = Vec::new();
            for i in set.indicators_of(ci) {
                let idx = IndicatorIdx(u16::try_from(i).unwrap_or(u16::MAX));
                let v = ev.verdict(u, idx);
                if !v.threshold_verified() {
                    unverified += 1;
                }
                let percent = v.indicator.is_percent();
                let value = match v.observed {
                    Some(Observed::Entered { value: Value::Bool(b), .. }) => serde_json::Value::Bool(b),
                    Some(o) => o
                        .measure(percent)
                        .and_then(|m| serde_json::Number::from_f64(m.to_f64()))
                        .map_or(serde_json::Value::Null, serde_json::Value::Number),
                    None => serde_json::Value::Null,
                };
                let value_text = v.observed.map(|o| match o {
                    Observed::Entered { value, .. } => value.to_string(),
                    Observed::Derived { num, den, .. } => format!("{num} / {den}"),
                });
                indicators.push(IndicatorDto {
                    id: v.indicator.id.clone(),
                    name: name(lang, &v.indicator.name_vi, &v.indicator.name_en).to_string(),
                    unit: v.indicator.unit.clone(),
                    status: v.status.code(),
                    value,
                    value_text,
                    value_period: v.observed.map(|o| o.period().to_string()),
                    threshold: v.threshold_code(),
                    threshold_verified: v.threshold_verified(),
                    threshold_confidence: match v.indicator.kind {
                        IndicatorKind::Boolean { .. } => Some(v.indicator.confidence.code()),
                        _ => v.threshold.map(|t| t.threshold.confidence.code()),
                    },
                    threshold_key: v.threshold.map(|t| t.threshold.key.code()),
                    threshold_year: v.threshold.and_then(|t| t.threshold.year),
                    threshold_source: v.threshold.map(|t| t.threshold.source.clone()),
                    threshold_origin: v.threshold.map(|t| match t.origin {
                        Origin::National => "national",
                        Origin::Layer(l) => l.kind.code(),
                    }),
                    explanation: v.explanation(lang),
                    threshold_value: match v.indicator.kind {
                        IndicatorKind::Boolean { .. } => None,
                        _ => v.threshold.map(|t| t.threshold.value.to_f64()),
                    },
                    threshold_label: v.threshold_label(lang),
                });
            }
            criteria.push(CriterionDto {
                id: c.id.clone(),
                name: name(lang, &c.name_vi, &c.name_en).to_string(),
                status: eval.criterion_status(pos, ci).code(),
                indicators,
            });
        }
        units.push(UnitDto {
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: unit.level.code(),
            region: tree.effective_region(u).map(str::to_string),
            group: tree.effective_group(u),
            valid_from: unit.valid_from.map(|d| d.to_string()),
            valid_to: unit.valid_to.map(|d| d.to_string()),
            criteria_met: eval.criteria_met(pos),
            criteria_total: eval.criteria_total(),
            standard_met: eval.standard_met(pos),
            criteria,
        });
    }
    let rollup = Rollup::of_positions(eval, 0..eval.units().len());
    EvaluationReport {
        set: set.id().to_string(),
        set_title: name(lang, &set.info.title_vi, &set.info.title_en).to_string(),
        legal_basis: set.info.legal_basis.clone(),
        period: eval.period.to_string(),
        lang: lang.code(),
        summary: SummaryDto {
            units: rollup.units,
            standard_met: rollup.standard_met,
            average_criteria_met: rollup.average_criteria_met().map(|r| r.to_f64()),
            criteria_met_sum: rollup.criteria_met_sum,
            criteria_total: rollup.criteria_total,
            per_criterion: set
                .criteria()
                .iter()
                .zip(&rollup.per_criterion)
                .map(|(c, n)| CriterionCountDto {
                    id: c.id.clone(),
                    met: n.met,
                    not_met: n.not_met,
                    missing: n.missing,
                })
                .collect(),
            unverified_verdicts: unverified,
        },
        units,
    }
}

fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn status_label(code: &str, lang: Lang) -> &'static str {
    Status::from_code(code).map_or("?", |s| s.label(lang))
}

/// The evaluation as a readable table, one block per unit, every indicator with its verdict.
pub fn evaluation_table(r: &EvaluationReport, lang: Lang, period: ntm_domain::Period) -> String {
    let mut out = String::new();
    let mut illustrative = false;
    let (set_word, basis_word, period_word) = match lang {
        Lang::Vi => ("Bộ tiêu chí", "Căn cứ", "Kỳ đánh giá"),
        Lang::En => ("Criteria set", "Legal basis", "Period"),
    };
    out.push_str(&format!(
        "{set_word}: {} — {}\n{basis_word}: {}\n{period_word}: {}\n",
        r.set,
        r.set_title,
        r.legal_basis,
        period_label(period, lang)
    ));
    let status_width =
        [Status::Met, Status::NotMet, Status::Missing].iter().map(|s| s.label(lang).width()).max().unwrap_or(8);
    for u in &r.units {
        out.push('\n');
        let standard = match (u.standard_met, lang) {
            (true, Lang::Vi) => "ĐẠT CHUẨN",
            (false, Lang::Vi) => "chưa đạt chuẩn",
            (true, Lang::En) => "MEETS THE STANDARD",
            (false, Lang::En) => "does not meet the standard",
        };
        let count = match lang {
            Lang::Vi => format!("đạt {}/{} tiêu chí", u.criteria_met, u.criteria_total),
            Lang::En => format!("{}/{} criteria met", u.criteria_met, u.criteria_total),
        };
        out.push_str(&format!("{} {} — {count} — {standard}\n", u.code, u.name));
        for c in &u.criteria {
            out.push_str(&format!(
                "  {} {} {}. {}\n",
                lang.pick("TC", "C"),
                pad(status_label(c.status, lang), status_width),
                c.id,
                c.name
            ));
            for i in &c.indicators {
                // One mark, one meaning: † for an illustrative threshold; unverified ones are
                // said once, below.
                let mark = if i.threshold_origin == Some("illustrative") { "†" } else { " " };
                illustrative |= mark == "†";
                out.push_str(&format!(
                    "     {mark} {} {} {}\n",
                    pad(&i.id, 5),
                    pad(status_label(i.status, lang), status_width),
                    i.explanation
                ));
            }
        }
    }
    let s = &r.summary;
    out.push('\n');
    let avg = s
        .average_criteria_met
        .map(|a| {
            lang.number(
                ntm_domain::Ratio::new((a * 100.0).round() as i64, 100).unwrap_or(ntm_domain::Ratio::integer(0)),
            )
        })
        .unwrap_or_else(|| "—".into());
    match lang {
        Lang::Vi => out.push_str(&format!(
            "Tổng hợp: {} đơn vị, {} đạt chuẩn, bình quân {avg} tiêu chí/đơn vị.\n",
            s.units, s.standard_met
        )),
        Lang::En => out.push_str(&format!(
            "Summary: {} units, {} meet the standard, {avg} criteria met per unit on average.\n",
            s.units, s.standard_met
        )),
    }
    out.push_str(&format!(
        "  {}\n",
        lang.pick("Tiêu chí  đạt  chưa đạt  chưa có số liệu", "Criterion  met  not met  missing")
    ));
    for c in &s.per_criterion {
        out.push_str(&format!("  {} {:>4} {:>9} {:>16}\n", pad(&c.id, 8), c.met, c.not_met, c.missing));
    }
    if illustrative {
        out.push_str(lang.pick(
            "† ngưỡng minh họa, không phải ngưỡng của văn bản pháp luật.\n",
            "† an illustrative threshold, not the legal text's.\n",
        ));
    }
    if s.unverified_verdicts > 0 {
        out.push_str(&match lang {
            Lang::Vi => format!(
                "{} kết luận dựa trên ngưỡng hoặc chỉ tiêu chưa kiểm chứng với văn bản gốc (xem nguồn: ntm criteria show {}).\n",
                s.unverified_verdicts, r.set
            ),
            Lang::En => format!(
                "{} verdicts rest on a threshold or indicator not verified against the official text (sources: ntm criteria show {}).\n",
                s.unverified_verdicts, r.set
            ),
        });
    }
    out
}

/// A measure as people and spreadsheets read it: two decimals, more where two would put it on
/// or across the threshold it was compared with (79.996 below 80 stays 79.996, never 80), at
/// most six.
pub fn rounded(value: f64, threshold: Option<f64>) -> f64 {
    for places in 2..=6 {
        let scale = 10f64.powi(places);
        let r = (value * scale).round() / scale;
        let same_side = threshold.is_none_or(|t| (r == t) == (value == t) && (r < t) == (value < t));
        if same_side {
            return r;
        }
    }
    value
}

/// A number of a CSV column: as short as it reads (`100`, `96.08`), empty for none.
fn csv_number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The evaluation as CSV, one row per unit and indicator.
pub fn evaluation_csv(r: &EvaluationReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "unit_code",
        "unit_name",
        "period",
        "criteria_met",
        "criteria_total",
        "standard_met",
        "criterion",
        "criterion_status",
        "indicator",
        "status",
        "value",
        "value_period",
        "threshold",
        "threshold_verified",
        "threshold_source",
        "explanation",
        // Added last, so that readers of the earlier columns are unaffected: the value as a number
        // in the indicator's measure (`100` for `49 / 49` km), for spreadsheets; and the unit's
        // dates, which tell apart two units of one code in a year of the 2025 merger.
        "measure",
        "unit_valid_from",
        "unit_valid_to",
        // Added last too: the threshold as a number beside its text (`>= 85` → `85`), for
        // spreadsheets that compare or filter.
        "threshold_value",
    ])?;
    for u in &r.units {
        for c in &u.criteria {
            for i in &c.indicators {
                w.write_record([
                    u.code.as_str(),
                    &u.name,
                    &r.period,
                    &u.criteria_met.to_string(),
                    &u.criteria_total.to_string(),
                    &u.standard_met.to_string(),
                    &c.id,
                    c.status,
                    &i.id,
                    i.status,
                    i.value_text.as_deref().unwrap_or(""),
                    i.value_period.as_deref().unwrap_or(""),
                    &i.threshold,
                    &i.threshold_verified.to_string(),
                    i.threshold_source.as_deref().unwrap_or(""),
                    &i.explanation,
                    &csv_number(i.value.as_f64().map(|x| rounded(x, i.threshold_value))),
                    u.valid_from.as_deref().unwrap_or(""),
                    u.valid_to.as_deref().unwrap_or(""),
                    &csv_number(i.threshold_value),
                ])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One set in `ntm criteria list`.
#[derive(Serialize, Debug, Clone)]
pub struct SetSummaryDto {
    pub id: String,
    pub title: String,
    pub legal_basis: String,
    pub legal_basis_en: Option<String>,
    pub level: &'static str,
    pub scheme: &'static str,
    pub criteria_count: usize,
    pub indicator_count: usize,
    pub thresholds: usize,
    pub thresholds_verified: usize,
    pub origin: String,
}

pub fn set_summary(set: &CriteriaSet, origin: &str, lang: Lang) -> SetSummaryDto {
    let (thresholds, thresholds_verified) = set.threshold_counts();
    SetSummaryDto {
        id: set.id().into(),
        title: name(lang, &set.info.title_vi, &set.info.title_en).into(),
        legal_basis: set.info.legal_basis.clone(),
        legal_basis_en: set.info.legal_basis_en.clone(),
        level: set.level.code(),
        scheme: set.scheme.code(),
        criteria_count: set.criteria().len(),
        indicator_count: set.indicator_count(),
        thresholds,
        thresholds_verified,
        origin: origin.into(),
    }
}

pub fn set_list_table(sets: &[SetSummaryDto], lang: Lang) -> String {
    let mut out = String::new();
    let header = match lang {
        Lang::Vi => ["Mã bộ tiêu chí", "Cấp", "Tiêu chí", "Chỉ tiêu", "Ngưỡng (đã kiểm chứng)", "Tên"],
        Lang::En => ["Set id", "Level", "Criteria", "Indicators", "Thresholds (verified)", "Title"],
    };
    let idw = sets.iter().map(|s| s.id.width()).chain([header[0].width()]).max().unwrap_or(10);
    out.push_str(&format!(
        "{} {} {} {} {} {}\n",
        pad(header[0], idw),
        pad(header[1], 9),
        pad(header[2], 8),
        pad(header[3], 9),
        pad(header[4], 23),
        header[5]
    ));
    for s in sets {
        out.push_str(&format!(
            "{} {} {} {} {} {}\n",
            pad(&s.id, idw),
            pad(s.level, 9),
            pad(&s.criteria_count.to_string(), 8),
            pad(&s.indicator_count.to_string(), 9),
            pad(&format!("{} ({})", s.thresholds, s.thresholds_verified), 23),
            s.title
        ));
    }
    out
}

/// `ntm criteria show ID --format json`.
#[derive(Serialize, Debug, Clone)]
pub struct SetDto {
    pub id: String,
    pub title: String,
    pub title_vi: String,
    pub title_en: String,
    pub legal_basis: String,
    pub legal_basis_en: Option<String>,
    /// The decision's number (`318/QĐ-TTg`) and annex (`I`) that short citations name.
    pub decision: Option<String>,
    pub annex: Option<String>,
    pub level: &'static str,
    /// The kinds of unit of its level it judges (`xa`); empty for every kind, and the source.
    pub unit_kinds: Vec<&'static str>,
    pub unit_kinds_source: Option<String>,
    pub unit_kinds_source_en: Option<String>,
    pub scheme: &'static str,
    pub effective_from: Option<String>,
    pub effective_to: Option<String>,
    pub note: Option<String>,
    pub note_en: Option<String>,
    pub key_rules: Vec<KeyRuleDto>,
    pub elements: Vec<ElementDto>,
    pub criteria: Vec<SetCriterionDto>,
    pub layers: Vec<LayerDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct KeyRuleDto {
    pub flag: String,
    pub key: String,
    pub verified: bool,
    pub confidence: &'static str,
    pub source: String,
    pub source_en: Option<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct ElementDto {
    pub id: String,
    pub name: String,
    pub unit: String,
}

#[derive(Serialize, Debug, Clone)]
pub struct SetCriterionDto {
    pub id: String,
    pub name: String,
    pub name_vi: String,
    pub name_en: String,
    pub group: Option<String>,
    pub rule: String,
    pub responsible: Option<String>,
    pub responsible_en: Option<String>,
    pub confidence: &'static str,
    pub source: Option<String>,
    pub source_en: Option<String>,
    pub note: Option<String>,
    pub note_en: Option<String>,
    pub indicators: Vec<SetIndicatorDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct SetIndicatorDto {
    pub id: String,
    pub name: String,
    pub name_vi: String,
    pub name_en: String,
    pub kind: &'static str,
    pub expected: Option<bool>,
    pub unit: String,
    pub confidence: &'static str,
    pub derived_from: Option<[String; 2]>,
    pub source: Option<String>,
    pub source_en: Option<String>,
    pub note: Option<String>,
    pub note_en: Option<String>,
    pub thresholds: Vec<ThresholdDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct ThresholdDto {
    pub key: String,
    pub year: Option<i32>,
    pub value: f64,
    /// The exact value as written, e.g. `16.5`.
    pub value_text: String,
    pub verified: bool,
    pub confidence: &'static str,
    pub source: String,
    pub source_en: Option<String>,
}

#[derive(Serialize, Debug, Clone)]
pub struct LayerDto {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub scope: Option<String>,
    pub thresholds: Vec<LayerThresholdDto>,
}

#[derive(Serialize, Debug, Clone)]
pub struct LayerThresholdDto {
    pub indicator: String,
    #[serde(flatten)]
    pub threshold: ThresholdDto,
}

fn threshold_dto(t: &ntm_domain::Threshold) -> ThresholdDto {
    ThresholdDto {
        key: t.key.code(),
        year: t.year,
        value: t.value.to_f64(),
        value_text: t.value.to_decimal_string(9),
        verified: t.confidence.is_verified(),
        confidence: t.confidence.code(),
        source: t.source.clone(),
        source_en: t.source_en.clone(),
    }
}

pub fn set_detail(set: &CriteriaSet, layers: &[&ThresholdLayer], lang: Lang) -> SetDto {
    SetDto {
        id: set.id().into(),
        title: name(lang, &set.info.title_vi, &set.info.title_en).into(),
        title_vi: set.info.title_vi.clone(),
        title_en: set.info.title_en.clone(),
        legal_basis: set.info.legal_basis.clone(),
        legal_basis_en: set.info.legal_basis_en.clone(),
        decision: set.info.decision.clone(),
        annex: set.info.annex.clone(),
        level: set.level.code(),
        unit_kinds: set.info.unit_kinds.iter().map(|k| k.code()).collect(),
        unit_kinds_source: set.info.unit_kinds_source.clone(),
        unit_kinds_source_en: set.info.unit_kinds_source_en.clone(),
        scheme: set.scheme.code(),
        effective_from: set.info.effective_from.map(|d| d.to_string()),
        effective_to: set.info.effective_to.map(|d| d.to_string()),
        note: set.info.note.clone(),
        note_en: set.info.note_en.clone(),
        key_rules: set
            .key_rules
            .iter()
            .map(|k| KeyRuleDto {
                flag: k.flag.clone(),
                key: k.key.code(),
                verified: k.confidence.is_verified(),
                confidence: k.confidence.code(),
                source: k.source.clone(),
                source_en: k.source_en.clone(),
            })
            .collect(),
        elements: set
            .raw_elements()
            .iter()
            .map(|e| ElementDto {
                id: e.id.clone(),
                name: name(lang, &e.name_vi, &e.name_en).into(),
                unit: e.unit.clone(),
            })
            .collect(),
        criteria: set
            .criteria()
            .iter()
            .map(|c| SetCriterionDto {
                id: c.id.clone(),
                name: name(lang, &c.name_vi, &c.name_en).into(),
                name_vi: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                group: c.group.clone(),
                rule: match c.rule {
                    ntm_domain::CriterionRule::AllIndicators => "all".into(),
                    ntm_domain::CriterionRule::AtLeast(n) => format!("at_least {n}"),
                },
                responsible: c.responsible.clone(),
                responsible_en: c.responsible_en.clone(),
                confidence: c.confidence.code(),
                source: c.source.clone(),
                source_en: c.source_en.clone(),
                note: c.note.clone(),
                note_en: c.note_en.clone(),
                indicators: c
                    .indicators
                    .iter()
                    .map(|i| SetIndicatorDto {
                        id: i.id.clone(),
                        name: name(lang, &i.name_vi, &i.name_en).into(),
                        name_vi: i.name_vi.clone(),
                        name_en: i.name_en.clone(),
                        kind: i.kind.code(),
                        expected: match i.kind {
                            IndicatorKind::Boolean { expected } => Some(expected),
                            _ => None,
                        },
                        unit: i.unit.clone(),
                        confidence: i.confidence.code(),
                        derived_from: i.derived.as_ref().map(|d| [d.numerator.clone(), d.denominator.clone()]),
                        source: i.source.clone(),
                        source_en: i.source_en.clone(),
                        note: i.note.clone(),
                        note_en: i.note_en.clone(),
                        thresholds: i.thresholds.iter().map(threshold_dto).collect(),
                    })
                    .collect(),
            })
            .collect(),
        layers: layers
            .iter()
            .map(|l| LayerDto {
                id: l.id.clone(),
                kind: l.kind.code(),
                title: ntm_domain::explain::layer_label(l, lang),
                scope: l.scope.clone(),
                thresholds: l
                    .entries
                    .iter()
                    .map(|e| LayerThresholdDto {
                        indicator: e.indicator.clone(),
                        threshold: threshold_dto(&e.threshold),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A threshold's short citation, shown beside a verdict: the decision it rests on (and its
/// annex), or an override layer's own citation, and how sure it is. The research trail behind
/// it is on the set's sources page. Codes and data only: the words are the reader's.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct CitationDto {
    /// The set's decision (`318/QĐ-TTg`), for a threshold of the set itself.
    pub decision: Option<String>,
    pub annex: Option<String>,
    /// An override layer's citation, as its author wrote it.
    pub layer: Option<String>,
    /// `verified`, `partial`, `unverified`, or `illustrative` (demo data).
    pub confidence: &'static str,
}

/// The short citation of a verdict: of the threshold that applied, else of the indicator's
/// wording in the set.
pub fn citation(set: &CriteriaSet, v: &ntm_domain::IndicatorVerdict<'_>) -> CitationDto {
    let of_set = |confidence: &'static str| CitationDto {
        decision: set.info.decision.clone(),
        annex: set.info.annex.clone(),
        layer: None,
        confidence,
    };
    match v.threshold {
        None => of_set(v.indicator.confidence.code()),
        Some(t) => match t.origin {
            Origin::National => of_set(t.threshold.confidence.code()),
            Origin::Layer(l) if l.kind == ntm_domain::LayerKind::Illustrative => {
                CitationDto { decision: None, annex: None, layer: None, confidence: "illustrative" }
            }
            Origin::Layer(_) => CitationDto {
                decision: None,
                annex: None,
                layer: Some(t.threshold.source.clone()),
                confidence: t.threshold.confidence.code(),
            },
        },
    }
}

/// A set's sources page (and its JSON twin): the research trail behind every threshold, rule,
/// criterion and indicator of the set and its layers, which the pages' short citations lead to.
#[derive(Serialize, Debug, Clone)]
pub struct SourcesDto {
    pub id: String,
    pub title: String,
    pub legal_basis: String,
    pub legal_basis_en: Option<String>,
    pub decision: Option<String>,
    pub annex: Option<String>,
    pub note: Option<String>,
    pub note_en: Option<String>,
    pub rows: Vec<SourceRowDto>,
}

/// One line of the trail: a key rule, a criterion, an indicator, or one of their thresholds.
#[derive(Serialize, Debug, Clone, Default)]
pub struct SourceRowDto {
    /// The anchor of the first line of a subject (`rule-dbkk`, `c-2`, `i-2.1`), which citations
    /// link to.
    pub anchor: Option<String>,
    /// `key_rule`, `criterion`, `indicator`, `threshold`, `layer_threshold`.
    pub kind: &'static str,
    /// The rule's flag, the criterion's or the indicator's id.
    pub id: String,
    /// Its name in the reader's language (empty for thresholds and rules).
    pub name: String,
    pub key: Option<String>,
    pub year: Option<i32>,
    pub value_text: Option<String>,
    /// `verified`, `partial`, `unverified`, `illustrative`.
    pub confidence: &'static str,
    pub source: Option<String>,
    pub source_en: Option<String>,
    pub note: Option<String>,
    pub note_en: Option<String>,
    /// The layer of a layer's threshold, by its name in the reader's language.
    pub layer: Option<String>,
}

pub fn set_sources(set: &CriteriaSet, layers: &[&ThresholdLayer], lang: Lang) -> SourcesDto {
    let mut rows = Vec::new();
    for k in &set.key_rules {
        rows.push(SourceRowDto {
            anchor: Some(format!("rule-{}", k.flag)),
            kind: "key_rule",
            id: k.flag.clone(),
            key: Some(k.key.code()),
            confidence: k.confidence.code(),
            source: Some(k.source.clone()),
            source_en: k.source_en.clone(),
            ..SourceRowDto::default()
        });
    }
    let threshold_row = |id: &str, t: &ntm_domain::Threshold| SourceRowDto {
        kind: "threshold",
        id: id.to_string(),
        key: Some(t.key.code()),
        year: t.year,
        value_text: Some(t.value.to_decimal_string(9)),
        confidence: t.confidence.code(),
        source: Some(t.source.clone()),
        source_en: t.source_en.clone(),
        ..SourceRowDto::default()
    };
    for c in set.criteria() {
        rows.push(SourceRowDto {
            anchor: Some(format!("c-{}", c.id)),
            kind: "criterion",
            id: c.id.clone(),
            name: name(lang, &c.name_vi, &c.name_en).into(),
            confidence: c.confidence.code(),
            source: c.source.clone(),
            source_en: c.source_en.clone(),
            note: c.note.clone(),
            note_en: c.note_en.clone(),
            ..SourceRowDto::default()
        });
        for i in &c.indicators {
            rows.push(SourceRowDto {
                anchor: Some(format!("i-{}", i.id)),
                kind: "indicator",
                id: i.id.clone(),
                name: name(lang, &i.name_vi, &i.name_en).into(),
                confidence: i.confidence.code(),
                source: i.source.clone(),
                source_en: i.source_en.clone(),
                note: i.note.clone(),
                note_en: i.note_en.clone(),
                ..SourceRowDto::default()
            });
            rows.extend(i.thresholds.iter().map(|t| threshold_row(&i.id, t)));
        }
    }
    for l in layers {
        let layer = ntm_domain::explain::layer_label(l, lang);
        for e in &l.entries {
            let mut row = threshold_row(&e.indicator, &e.threshold);
            row.kind = "layer_threshold";
            if l.kind == ntm_domain::LayerKind::Illustrative {
                row.confidence = "illustrative";
            }
            row.layer = Some(layer.clone());
            rows.push(row);
        }
    }
    SourcesDto {
        id: set.id().into(),
        title: name(lang, &set.info.title_vi, &set.info.title_en).into(),
        legal_basis: set.info.legal_basis.clone(),
        legal_basis_en: set.info.legal_basis_en.clone(),
        decision: set.info.decision.clone(),
        annex: set.info.annex.clone(),
        note: set.info.note.clone(),
        note_en: set.info.note_en.clone(),
        rows,
    }
}

/// A set for people: every criterion, indicator and threshold with its source.
pub fn set_table(s: &SetDto, lang: Lang) -> String {
    let mut out = format!("{} — {}\n{}\n", s.id, s.title, lang.twin(&s.legal_basis, s.legal_basis_en.as_deref()));
    if let Some(n) = &s.note {
        out.push_str(&format!("{}: {}\n", lang.pick("Ghi chú", "Note"), lang.twin(n, s.note_en.as_deref())));
    }
    for k in &s.key_rules {
        out.push_str(&format!(
            "{} {} → {} ({}; {})\n",
            lang.pick("Quy tắc:", "Rule:"),
            k.flag,
            k.key,
            k.confidence,
            lang.twin(&k.source, k.source_en.as_deref())
        ));
    }
    for c in &s.criteria {
        out.push_str(&format!("\n{} {}. {}", lang.pick("Tiêu chí", "Criterion"), c.id, c.name));
        if let Some(r) = &c.responsible {
            out.push_str(&format!(" [{}: {r}]", lang.pick("phụ trách", "responsible")));
        }
        out.push('\n');
        for i in &c.indicators {
            let mark = if i.confidence == "verified" { " " } else { "*" };
            out.push_str(&format!("  {mark} {} {} ({}, {})\n", pad(&i.id, 6), i.name, i.kind, i.unit));
            if let Some([n, d]) = &i.derived_from {
                out.push_str(&format!("           = {n} / {d}\n"));
            }
            for t in &i.thresholds {
                let mark = if t.verified { " " } else { "*" };
                let year = t.year.map(|y| format!(" {y}")).unwrap_or_default();
                let sign = if i.kind == "max" { "≤" } else { "≥" };
                out.push_str(&format!(
                    "         {mark} {}{year}: {sign} {} — {} ({})\n",
                    t.key,
                    t.value_text,
                    lang.twin(&t.source, t.source_en.as_deref()),
                    t.confidence
                ));
            }
            if i.kind != "boolean" && i.thresholds.is_empty() {
                out.push_str(&format!(
                    "           {}\n",
                    lang.pick("(chưa có ngưỡng trong dữ liệu tham chiếu)", "(no threshold in the reference data)")
                ));
            }
        }
    }
    for l in &s.layers {
        out.push_str(&format!("\n{} {} ({}) — {}\n", lang.pick("Lớp ngưỡng", "Layer"), l.id, l.kind, l.title));
        for t in &l.thresholds {
            out.push_str(&format!(
                "  {} {}: {} — {}\n",
                t.indicator, t.threshold.key, t.threshold.value_text, t.threshold.source
            ));
        }
    }
    out.push_str(&format!(
        "\n* {}\n",
        lang.pick("chưa kiểm chứng với văn bản gốc", "not verified against the official text")
    ));
    out
}

/// Units for `ntm units list`.
#[derive(Serialize, Debug, Clone)]
pub struct UnitRowDto {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub parent_code: Option<String>,
    pub region: Option<String>,
    pub group: Option<u8>,
    pub flags: Vec<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `xa`, `phuong`, `thi-tran`, `dac-khu` for a commune-level unit whose kind is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
}

pub fn unit_rows(tree: &UnitTree, units: &[ntm_domain::UnitIdx]) -> Vec<UnitRowDto> {
    units
        .iter()
        .map(|&i| {
            let u = tree.unit(i);
            UnitRowDto {
                code: u.code.clone(),
                name: u.name.clone(),
                level: u.level.code(),
                parent_code: u.parent.map(|p| tree.unit(p).code.clone()),
                region: u.region.clone(),
                group: u.group,
                flags: u.flags.clone(),
                kind: u.kind.map(|k| k.code()),
                valid_from: u.valid_from.map(|d| d.to_string()),
                valid_to: u.valid_to.map(|d| d.to_string()),
            }
        })
        .collect()
}

/// Units as the contract units CSV (with the optional columns), so that a GSO list can be turned
/// into the contract format.
pub fn units_csv(rows: &[UnitRowDto]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "code",
        "name",
        "level",
        "parent_code",
        "region",
        "group",
        "flags",
        "valid_from",
        "valid_to",
        "kind",
    ])?;
    for r in rows {
        w.write_record([
            r.code.as_str(),
            &r.name,
            r.level,
            r.parent_code.as_deref().unwrap_or(""),
            r.region.as_deref().unwrap_or(""),
            &r.group.map(|g| g.to_string()).unwrap_or_default(),
            &r.flags.join(";"),
            r.valid_from.as_deref().unwrap_or(""),
            r.valid_to.as_deref().unwrap_or(""),
            r.kind.unwrap_or(""),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn units_table(rows: &[UnitRowDto], lang: Lang) -> String {
    let mut out = String::new();
    let hdr = match lang {
        Lang::Vi => ["Mã", "Tên", "Cấp", "Cấp trên", "Vùng", "Hiệu lực"],
        Lang::En => ["Code", "Name", "Level", "Parent", "Region", "Valid"],
    };
    let nw = rows.iter().map(|r| r.name.width()).max().unwrap_or(10).clamp(10, 40);
    out.push_str(&format!(
        "{} {} {} {} {} {}\n",
        pad(hdr[0], 6),
        pad(hdr[1], nw),
        pad(hdr[2], 9),
        pad(hdr[3], 8),
        pad(hdr[4], 7),
        hdr[5]
    ));
    for r in rows {
        let valid = match (&r.valid_from, &r.valid_to) {
            (None, None) => String::new(),
            (f, t) => format!("{}–{}", f.as_deref().unwrap_or(""), t.as_deref().unwrap_or("")),
        };
        out.push_str(&format!(
            "{} {} {} {} {} {valid}\n",
            pad(&r.code, 6),
            pad(&r.name, nw),
            pad(r.level, 9),
            pad(r.parent_code.as_deref().unwrap_or(""), 8),
            pad(r.region.as_deref().unwrap_or(""), 7),
        ));
    }
    out
}

/// Whether a data element is an indicator (for messages).
pub fn is_indicator(set: &CriteriaSet, id: &str) -> bool {
    set.element(id).is_some_and(|e| matches!(set.element_kind(e), ElementRef::Indicator(_)))
}

#[cfg(test)]
mod tests {
    use super::rounded;

    #[test]
    fn a_measure_is_rounded_to_two_decimals_but_never_onto_or_across_its_threshold() {
        assert_eq!(rounded(96.078_431_372_549_02, Some(90.0)), 96.08);
        assert_eq!(rounded(81.818_181, None), 81.82);
        assert_eq!(rounded(79.996, Some(80.0)), 79.996, "80.00 would read as meeting 80");
        assert_eq!(rounded(80.004, Some(80.0)), 80.004, "80.00 would read as equal to it");
        assert_eq!(rounded(79.999_999_9, Some(80.0)), 79.999_999_9, "past six decimals, as it is");
        assert_eq!(rounded(80.0, Some(80.0)), 80.0);
        assert_eq!(rounded(100.0, Some(100.0)), 100.0);
    }
}
