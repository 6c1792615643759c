//! Charts as small SVG documents rendered on the server (no JavaScript, no library): lines over
//! periods, horizontal bars with a threshold, stacked status bars. Colours come from CSS classes
//! so that print and screen can differ; every chart carries a `<title>` and text labels, so it
//! never relies on colour alone.

use std::fmt::Write;

/// Escapes text for SVG/XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// A named series of values, one per x label (`None` = no data).
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
    pub values: Vec<Option<f64>>,
}

/// A line chart over the given x labels; `y_max` fixes the scale (e.g. the number of criteria).
pub fn line_chart(title: &str, x_labels: &[String], series: &[Series<'_>], y_max: f64, decimal: char) -> String {
    let (w, h, left, right, top, bottom) = (560.0, 220.0, 36.0, 28.0, 14.0, 40.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let n = x_labels.len().max(1);
    let x = |i: usize| if n == 1 { left + plot_w / 2.0 } else { left + plot_w * i as f64 / (n - 1) as f64 };
    let y_max = if y_max > 0.0 { y_max } else { 1.0 };
    let y = |v: f64| top + plot_h - plot_h * (v / y_max).clamp(0.0, 1.0);
    let fmt = |v: f64| num(v).replace('.', &decimal.to_string());
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title)
    );
    for k in 0..=4 {
        let v = y_max * f64::from(k) / 4.0;
        let _ = write!(
            s,
            r#"<line class="grid" x1="{left}" x2="{}" y1="{y0}" y2="{y0}"/><text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            w - right,
            left - 4.0,
            y(v) + 4.0,
            fmt(v),
            y0 = num(y(v))
        );
    }
    for (i, label) in x_labels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(x(i)),
            h - bottom + 16.0,
            escape(label)
        );
    }
    for (k, ser) in series.iter().enumerate() {
        let points: Vec<String> = ser
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{},{}", num(x(i)), num(y(v)))))
            .collect();
        if points.len() > 1 {
            let _ = write!(s, r#"<polyline class="{}" fill="none" points="{}"/>"#, ser.class, points.join(" "));
        }
        for (i, v) in ser.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    r#"<circle class="{c}" cx="{}" cy="{}" r="3"/><text class="val {c}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                    num(x(i)),
                    num(y(*v)),
                    num(x(i)),
                    num(y(*v) - 7.0),
                    fmt(*v),
                    c = ser.class
                );
            }
        }
        let lx = left + 150.0 * k as f64;
        let _ = write!(
            s,
            r#"<rect class="{c}" x="{lx}" y="{ly}" width="10" height="10"/><text class="tick" x="{}" y="{}">{}</text>"#,
            lx + 14.0,
            h - 6.0,
            escape(ser.name),
            c = ser.class,
            ly = h - 15.0
        );
    }
    s.push_str("</svg>");
    s
}

/// One horizontal bar.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: Option<f64>,
    /// CSS class, e.g. the verdict `met` / `not_met` / `missing`.
    pub class: &'a str,
}

/// Horizontal bars, one per unit, with an optional threshold line.
pub fn bar_chart(title: &str, bars: &[Bar<'_>], max: f64, threshold: Option<f64>, unit: &str, decimal: char) -> String {
    let row = 18.0;
    let (left, right, top) = (150.0, 60.0, 8.0);
    let w = 560.0;
    let h = top * 2.0 + row * bars.len().max(1) as f64;
    let plot_w = w - left - right;
    let max = if max > 0.0 { max } else { 1.0 };
    let scale = |v: f64| plot_w * (v / max).clamp(0.0, 1.0);
    let fmt = |v: f64| num(v).replace('.', &decimal.to_string());
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let label: String = b.label.chars().take(24).collect();
        let _ = write!(
            s,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 12.0,
            escape(&label)
        );
        match b.value {
            Some(v) => {
                let _ = write!(
                    s,
                    r#"<rect class="{}" x="{left}" y="{}" width="{}" height="{}"/><text class="tick" x="{}" y="{}">{}{}</text>"#,
                    b.class,
                    y + 2.0,
                    num(scale(v).max(1.0)),
                    row - 5.0,
                    num(left + scale(v) + 4.0),
                    y + 12.0,
                    fmt(v),
                    escape(unit)
                );
            }
            None => {
                let _ = write!(s, r#"<text class="tick missing" x="{}" y="{}">—</text>"#, left + 4.0, y + 12.0);
            }
        }
    }
    if let Some(t) = threshold {
        let x = num(left + scale(t));
        let _ = write!(
            s,
            r#"<line class="threshold" x1="{x}" x2="{x}" y1="{}" y2="{}"/><text class="tick" x="{x}" y="{}" text-anchor="middle">{}{}</text>"#,
            top - 2.0,
            h - top + 2.0,
            top + 2.0,
            fmt(t),
            escape(unit)
        );
    }
    s.push_str("</svg>");
    s
}

/// How many values fall in each of `buckets` equal ranges of `0..=max`, as horizontal bars with
/// the range and the count written out; for distributions over many units.
pub fn histogram(title: &str, values: &[f64], max: f64, buckets: usize, unit: &str, decimal: char) -> String {
    let buckets = buckets.max(1);
    let max = if max > 0.0 { max } else { 1.0 };
    let width = max / buckets as f64;
    let mut counts = vec![0usize; buckets];
    for v in values {
        let i = ((v / width).floor().max(0.0) as usize).min(buckets - 1);
        counts[i] += 1;
    }
    let labels: Vec<String> = (0..buckets)
        .map(|i| {
            let lo = num(width * i as f64).replace('.', &decimal.to_string());
            let hi = num(width * (i + 1) as f64).replace('.', &decimal.to_string());
            format!("{lo}–{hi}{unit}")
        })
        .collect();
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bars: Vec<Bar<'_>> =
        labels.iter().zip(&counts).map(|(l, c)| Bar { label: l, value: Some(*c as f64), class: "met" }).collect();
    bar_chart(title, &bars, most, None, "", decimal)
}

/// Per row, counts of met / not met / missing as a stacked bar with the numbers written on it.
/// The three differ by more than colour: solid, hatched (pattern `#hatch`) and outlined, as the
/// legend's ■ ▨ □ say.
pub fn status_bars(title: &str, rows: &[(&str, [usize; 3])]) -> String {
    let row = 18.0;
    let (left, top, w) = (40.0, 4.0, 560.0);
    let plot_w = w - left - 8.0;
    let h = top * 2.0 + row * rows.len().max(1) as f64;
    let total = rows.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(1).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart status" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title)
    );
    s.push_str(
        r##"<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0493f"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c1d16" stroke-width="2.5"/></pattern></defs>"##,
    );
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let _ = write!(
            s,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 12.0,
            escape(label)
        );
        let mut x = left;
        for (k, class) in ["met", "not_met", "missing"].iter().enumerate() {
            let n = counts[k];
            if n == 0 {
                continue;
            }
            let width = plot_w * n as f64 / total;
            let _ = write!(
                s,
                r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/><text class="bar-n" x="{}" y="{}" text-anchor="middle">{n}</text>"#,
                num(x),
                y + 2.0,
                num(width),
                row - 5.0,
                num(x + width / 2.0),
                y + 12.0
            );
            x += width;
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_so_a_chart_cannot_inject_markup() {
        let svg = bar_chart("T", &[Bar { label: "<script>", value: Some(1.0), class: "met" }], 10.0, None, "%", '.');
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn a_line_chart_labels_every_point_with_its_value() {
        let svg = line_chart(
            "Xu hướng",
            &["2023".into(), "2024".into()],
            &[Series { name: "Đạt chuẩn", class: "s1", values: vec![Some(3.0), Some(4.5)] }],
            19.0,
            ',',
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(">3<") && svg.contains(">4,5<"), "values in the language's decimal form");
        assert!(svg.contains("<title>Xu hướng</title>"));
    }

    #[test]
    fn a_histogram_counts_values_per_range() {
        let svg = histogram("H", &[5.0, 15.0, 18.0, 100.0], 100.0, 10, "%", '.');
        assert!(svg.contains("0–10%") && svg.contains("90–100%"));
        assert!(svg.contains(">2<"), "two values between 10 and 20");
        assert_eq!(svg.matches("<rect").count(), 10);
    }

    #[test]
    fn stacked_bars_write_their_counts() {
        let svg = status_bars("TC", &[("1", [7, 5, 1]), ("2", [13, 0, 0])]);
        assert!(svg.contains(">7<") && svg.contains(">5<") && svg.contains(">13<"));
        assert_eq!(svg.matches("<rect class=").count(), 4, "no rectangle for a zero count");
        assert!(svg.contains("<pattern id=\"hatch\""), "not met is hatched, not only red");
    }
}
