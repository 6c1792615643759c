//! One-line explanations of verdicts, with the arithmetic, in Vietnamese or English:
//! "72/100 = 72% < 75% (vùng TDMNPB) → chưa đạt".

use crate::criteria::{IndicatorKind, LayerKind, ThresholdKey, ThresholdLayer};
use crate::evaluate::{IndicatorVerdict, MissingReason, Observed, Origin, Status};
use crate::lang::Lang;
use crate::period::Period;
use crate::value::Value;

impl Status {
    /// đạt / chưa đạt / chưa có số liệu.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            Status::Met => lang.pick("đạt", "met"),
            Status::NotMet => lang.pick("chưa đạt", "not met"),
            Status::Missing => lang.pick("chưa có số liệu", "missing"),
        }
    }
}

/// A period for people: "năm 2024", "quý 3/2024"; "2024", "Q3 2024".
pub fn period_label(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::Year(y), Lang::Vi) => format!("năm {y}"),
        (Period::Quarter(y, q), Lang::Vi) => format!("quý {q}/{y}"),
        (Period::Year(y), Lang::En) => format!("{y}"),
        (Period::Quarter(y, q), Lang::En) => format!("Q{q} {y}"),
    }
}

/// A threshold column for people: "vùng TDMNPB", "nhóm 3", "mọi vùng".
pub fn key_label(key: &ThresholdKey, lang: Lang) -> String {
    match (key, lang) {
        (ThresholdKey::All, _) => lang.pick("áp dụng chung", "all units").to_string(),
        (ThresholdKey::Region(r), Lang::Vi) => format!("vùng {}", r.to_uppercase()),
        (ThresholdKey::Region(r), Lang::En) => format!("region {}", r.to_uppercase()),
        (ThresholdKey::Group(g), Lang::Vi) => format!("nhóm {g}"),
        (ThresholdKey::Group(g), Lang::En) => format!("group {g}"),
    }
}

/// A unit of measure of the criteria files (Vietnamese) in the reader's language; one not known
/// here is shown as written.
pub fn unit_label(unit: &str, lang: Lang) -> &str {
    if lang == Lang::Vi {
        return unit;
    }
    match unit.trim() {
        "đạt/không đạt" => "met/not met",
        "có/không" => "yes/no",
        "hộ" => "households",
        "người" => "persons",
        "xếp loại" => "grade",
        "triệu đồng/năm" => "million VND/year",
        "triệu đồng/người/năm" => "million VND per person per year",
        "mô hình" => "models",
        "lĩnh vực" => "fields",
        "% so với mức NTM nâng cao" => "% of the advanced NTM level",
        _ => unit,
    }
}

/// A group of criteria of the criteria files (Vietnamese) in the reader's language; one not known
/// here is shown as written.
pub fn group_label(group: &str, lang: Lang) -> &str {
    if lang == Lang::Vi {
        return group;
    }
    match group {
        "I. Quy hoạch" => "I. Planning",
        "II. Hạ tầng kinh tế - xã hội" => "II. Socio-economic infrastructure",
        "III. Kinh tế và tổ chức sản xuất" => "III. Economy and organisation of production",
        "IV. Văn hóa - Xã hội - Môi trường" => "IV. Culture, society and environment",
        "V. Hệ thống chính trị" => "V. Political system",
        other => other,
    }
}

/// A threshold layer's name: its own title (a file's, in the reader's language where it has an
/// English twin), else, for an administrator's layer, its
/// kind and scope in the reader's language.
pub fn layer_label(layer: &ThresholdLayer, lang: Lang) -> String {
    match (layer.title.is_empty(), &layer.scope) {
        // An illustrative layer without an English title (one kept in a database) is named by
        // its kind in English.
        (false, _) if lang == Lang::En && layer.title_en.is_none() && layer.kind == LayerKind::Illustrative => {
            "Illustrative thresholds of the demo data".to_string()
        }
        (false, _) => lang.twin(&layer.title, layer.title_en.as_deref()).to_string(),
        (true, Some(scope)) => match lang {
            Lang::Vi => format!("Điều chỉnh của tỉnh (mã {scope})"),
            Lang::En => format!("Province's own thresholds (code {scope})"),
        },
        (true, None) => lang.pick("Hiệu chỉnh của quản trị viên", "Administrator's corrections").to_string(),
    }
}

fn yes_no(b: bool, unit: &str, lang: Lang) -> &'static str {
    let has = unit.contains("có");
    match (b, has) {
        (true, true) => lang.pick("có", "yes"),
        (false, true) => lang.pick("không", "no"),
        (true, false) => lang.pick("đạt", "met"),
        (false, false) => lang.pick("không đạt", "not met"),
    }
}

impl IndicatorVerdict<'_> {
    /// The threshold in the contract's machine form: `>= 100`, `<= 24`, `= true`; empty when none.
    pub fn threshold_code(&self) -> String {
        match self.indicator.kind {
            IndicatorKind::Boolean { expected } => format!("= {expected}"),
            IndicatorKind::Min => self.threshold.map(|t| format!(">= {}", t.threshold.value)).unwrap_or_default(),
            IndicatorKind::Max => self.threshold.map(|t| format!("<= {}", t.threshold.value)).unwrap_or_default(),
        }
    }

    fn unit_suffix(&self, lang: Lang) -> String {
        let u = unit_label(self.indicator.unit.trim(), lang);
        if u == "%" {
            "%".into()
        } else if u.is_empty() {
            String::new()
        } else {
            format!(" {u}")
        }
    }

    /// The threshold for people: "≥ 75%", "≤ 24%", "= đạt"; "—" when none applies.
    pub fn threshold_label(&self, lang: Lang) -> String {
        match self.indicator.kind {
            IndicatorKind::Boolean { expected } => {
                format!("= {}", yes_no(expected, &self.indicator.unit, lang))
            }
            kind => match self.threshold {
                None => "—".into(),
                Some(t) => {
                    let sign = if kind == IndicatorKind::Min { "≥" } else { "≤" };
                    format!("{sign} {}{}", lang.number(t.threshold.value), self.unit_suffix(lang))
                }
            },
        }
    }

    /// The value for people: "72/100 = 72%", "45,5 triệu đồng/người/năm", "đạt".
    pub fn value_label(&self, lang: Lang) -> String {
        let Some(obs) = self.observed else {
            return "—".into();
        };
        let percent = self.indicator.is_percent();
        match obs {
            Observed::Entered { value: Value::Bool(b), .. } => yes_no(b, &self.indicator.unit, lang).into(),
            Observed::Entered { value: Value::Number(r), .. } => {
                format!("{}{}", lang.number(r), self.unit_suffix(lang))
            }
            Observed::Entered { value: Value::Fraction { num, den }, .. } => match obs.measure(percent) {
                Some(m) => format!("{num}/{den} = {}{}", lang.number(m), self.unit_suffix(lang)),
                None => format!("{num}/{den}"),
            },
            Observed::Derived { num, den, .. } => {
                let unit = |u: Option<&str>| u.map(|u| format!(" {}", unit_label(u, lang))).unwrap_or_default();
                let (num_unit, den_unit) = (unit(self.raw_units.0), unit(self.raw_units.1));
                let base = format!("{}{num_unit} / {}{den_unit}", lang.number(num), lang.number(den));
                match obs.measure(percent) {
                    Some(m) => format!("{base} = {}{}", lang.number(m), self.unit_suffix(lang)),
                    None => base,
                }
            }
        }
    }

    /// Where the threshold comes from, for people: "vùng TDMNPB; ngưỡng chưa kiểm chứng".
    pub fn provenance_label(&self, lang: Lang) -> String {
        self.provenance(lang, true)
    }

    /// Where the threshold comes from; with `confidence`, how sure it is unless illustrative
    /// (which it says anyway).
    fn provenance(&self, lang: Lang, confidence: bool) -> String {
        let mut parts = Vec::new();
        // The column that applied: the threshold's own key when one applied, else the unit's.
        let column = match self.threshold {
            Some(t) => Some(&t.threshold.key),
            None if self.indicator.kind.is_numeric() => self.key.as_ref(),
            None => None,
        };
        if let Some(key) = column {
            match self.key_rule {
                Some(rule) if *key == rule.key => parts.push(match lang {
                    Lang::Vi => format!("{} áp dụng mức {}", rule.flag.to_uppercase(), key_label(key, lang)),
                    Lang::En => format!("{} uses the level of {}", rule.flag.to_uppercase(), key_label(key, lang)),
                }),
                _ => parts.push(key_label(key, lang)),
            }
        }
        if let Some(t) = self.threshold {
            if let Some(y) = t.threshold.year {
                parts.push(match lang {
                    Lang::Vi => format!("mức năm {y}"),
                    Lang::En => format!("{y} level"),
                });
            }
            if let Origin::Layer(layer) = t.origin {
                parts.push(match layer.kind {
                    LayerKind::Illustrative => lang.pick("ngưỡng minh họa", "illustrative threshold").to_string(),
                    LayerKind::Override => match lang {
                        Lang::Vi => format!("theo {}", layer_label(layer, lang)),
                        Lang::En => format!("per {}", layer_label(layer, lang)),
                    },
                });
            }
        }
        if confidence && !self.threshold_verified() && !self.threshold.is_some_and(|t| t.is_illustrative()) {
            let wording = !self.indicator.kind.is_numeric() || self.threshold.is_none();
            if self.threshold.is_some() || !self.indicator.kind.is_numeric() {
                parts.push(if wording {
                    lang.pick("chỉ tiêu chưa kiểm chứng", "indicator not verified").to_string()
                } else {
                    lang.pick("ngưỡng chưa kiểm chứng", "threshold not verified").to_string()
                });
            }
        }
        parts.join("; ")
    }

    /// The one-line explanation with the arithmetic.
    pub fn explanation(&self, lang: Lang) -> String {
        self.explain(lang, true)
    }

    /// The explanation as a page shows it beside the verdict's short citation, which says how
    /// sure the threshold is (and the page says once that most are not verified): without
    /// saying it again. An illustrative threshold still says so.
    pub fn explanation_beside_citation(&self, lang: Lang) -> String {
        self.explain(lang, false)
    }

    fn explain(&self, lang: Lang, confidence: bool) -> String {
        let when = match self.observed {
            Some(obs) if obs.period() != self.period => match lang {
                Lang::Vi => format!("số liệu {}: ", period_label(obs.period(), lang)),
                Lang::En => format!("value of {}: ", period_label(obs.period(), lang)),
            },
            _ => String::new(),
        };
        let prov = self.provenance(lang, confidence);
        let prov = if prov.is_empty() { String::new() } else { format!(" ({prov})") };
        match self.missing {
            Some(MissingReason::NoValue) => match lang {
                Lang::Vi => format!("chưa có số liệu {}{prov}", period_label(self.period, lang)),
                Lang::En => format!("no value for {}{prov}", period_label(self.period, lang)),
            },
            Some(MissingReason::ZeroDenominator) => match lang {
                Lang::Vi => format!("{when}{}: mẫu số bằng 0, không tính được tỷ lệ", self.value_label(lang)),
                Lang::En => format!("{when}{}: denominator is 0, no rate can be computed", self.value_label(lang)),
            },
            Some(MissingReason::NoKey) => match lang {
                Lang::Vi => format!(
                    "{when}{}: đơn vị chưa khai báo vùng/nhóm xã, không có ngưỡng chung → chưa đánh giá",
                    self.value_label(lang)
                ),
                Lang::En => format!(
                    "{when}{}: the unit has no region/group and there is no common threshold → not judged",
                    self.value_label(lang)
                ),
            },
            Some(MissingReason::NoThreshold) => {
                let key = self.key.as_ref().map(|k| key_label(k, lang)).unwrap_or_default();
                let year = self.period.year();
                match lang {
                    Lang::Vi => format!(
                        "{when}{}: chưa cấu hình ngưỡng cho {key} năm {year} (không tự suy đoán) → chưa đánh giá",
                        self.value_label(lang)
                    ),
                    Lang::En => format!(
                        "{when}{}: no threshold configured for {key}, {year} (never guessed) → not judged",
                        self.value_label(lang)
                    ),
                }
            }
            None => {
                let comparison = match (self.indicator.kind, self.status) {
                    (IndicatorKind::Boolean { expected }, _) => {
                        let want = yes_no(expected, &self.indicator.unit, lang);
                        format!("{} ({} {want})", self.value_label(lang), lang.pick("yêu cầu:", "required:"))
                    }
                    (kind, status) => {
                        let sign = match (kind, status) {
                            (IndicatorKind::Min, Status::Met) => "≥",
                            (IndicatorKind::Min, _) => "<",
                            (_, Status::Met) => "≤",
                            _ => ">",
                        };
                        let t = self.threshold.map(|t| lang.number(t.threshold.value)).unwrap_or_default();
                        // The unit of measure is said once, after the threshold (a % stays on both).
                        let mut value = match self.observed {
                            Some(Observed::Entered { value: Value::Number(r), .. }) if !self.indicator.is_percent() => {
                                lang.number(r)
                            }
                            _ => self.value_label(lang),
                        };
                        // Never "75% < 75%": where rounding hides the difference, show it.
                        let measure = self.observed.and_then(|o| o.measure(self.indicator.is_percent()));
                        if let (Some(m), Some(th)) = (measure, self.threshold)
                            && m != th.threshold.value
                            && lang.number(m) == lang.number(th.threshold.value)
                        {
                            value = format!(
                                "{}{}",
                                lang.number_places(m, 6),
                                if self.indicator.is_percent() { "%" } else { "" }
                            );
                        }
                        format!("{value} {sign} {t}{}", self.unit_suffix(lang))
                    }
                };
                format!("{when}{comparison}{prov} → {}", self.status.label(lang))
            }
        }
    }
}
