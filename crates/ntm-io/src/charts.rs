//! Charts as small SVG documents rendered on the server (no JavaScript, no library): lines over
//! periods, horizontal bars with a threshold, stacked status bars. Colours come from CSS classes
//! so that print and screen can differ; every chart carries a `<title>` and text labels, so it
//! never relies on colour alone.
//!
//! What the charts promise, and the tests below hold them to: a line is a line (its `fill` is
//! `none`, and no rule of the stylesheet fills one); a value axis starts at 0, has
//! round ticks (steps of 1, 2 or 5 × 10ⁿ; whole numbers when it counts units or criteria) and
//! names its one unit; a line chart shows one quantity, so its series share that unit; a gap in
//! the data breaks the line instead of bridging it; a bar's value label never sits on the
//! threshold line; not met differs from met by a hatch as well as by colour.

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

/// A coordinate, to a tenth of a pixel.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// A value as the reader writes it: at most `decimals` decimals, trailing zeros dropped, the
/// language's decimal mark.
pub fn figure(v: f64, decimals: usize, decimal: char) -> String {
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    let text = if text == "-0" { "0".to_string() } else { text };
    text.replace('.', &decimal.to_string())
}

/// The width of a label in pixels at the charts' font size (12 px), as an estimate good enough
/// to keep labels apart: no font is measured on the server.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.6
}

/// A stable id for a chart's own pattern, so that two charts on one page do not share an id.
fn chart_id(title: &str, salt: usize) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in title.bytes().chain(salt.to_le_bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("h{h:08x}")
}

/// The hatch of "not met", drawn in the chart's own `<defs>` and given to a bar by its `fill`
/// attribute (the stylesheet leaves `rect.not_met` unfilled for it; a `style` attribute would be
/// refused by the pages' content security policy).
fn hatch(id: &str) -> String {
    format!(
        r##"<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#d0493f"/><path d="M0 0V6" stroke="#8c1d16" stroke-width="2.5"/></pattern></defs>"##
    )
}

/// A value axis: what it measures, in one unit.
#[derive(Clone, Copy, Debug)]
pub struct Axis<'a> {
    /// The unit, as the reader reads it (`đơn vị`, `tiêu chí`, `%`, `triệu đồng/người/năm`).
    pub unit: &'a str,
    /// The largest value the axis must show; it ends on the first round tick at or above it.
    pub max: f64,
    /// The axis counts things (units, criteria): its ticks are whole numbers.
    pub count: bool,
}

/// Round ticks from 0 up to the first at or above `max`: a step of 1, 2 or 5 × 10ⁿ, about five
/// of them; whole steps for counts.
pub fn nice_ticks(max: f64, count: bool) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / 5.0;
    let mut exponent = raw.log10().floor() as i32;
    let mut mantissa = [1.0, 2.0, 5.0, 10.0].into_iter().find(|m| m * 10f64.powi(exponent) >= raw * (1.0 - 1e-12));
    if mantissa == Some(10.0) {
        mantissa = Some(1.0);
        exponent += 1;
    }
    let (mut mantissa, mut exponent) = (mantissa.unwrap_or(1.0), exponent);
    if count && exponent < 0 {
        (mantissa, exponent) = (1.0, 0);
    }
    let step = mantissa * 10f64.powi(exponent);
    let steps = (max / step * (1.0 - 1e-12)).ceil().max(1.0) as usize;
    // Each tick as k × mantissa × 10ⁿ, rounded to the step's own decimals (no 0.30000000000000004).
    let decimals = (-exponent).max(0);
    let scale = 10f64.powi(decimals);
    (0..=steps).map(|k| (k as f64 * step * scale).round() / scale).collect()
}

/// How many decimals the ticks of a step need.
fn tick_decimals(ticks: &[f64]) -> usize {
    let step = ticks.get(1).copied().unwrap_or(1.0) - ticks.first().copied().unwrap_or(0.0);
    if step <= 0.0 { 0 } else { (-(step.log10().floor())).max(0.0) as usize }
}

/// A named series of values, one per x label (`None` = no data). The series of one chart share
/// its axis, and so its unit.
pub struct Series<'a> {
    pub name: &'a str,
    /// `s1`, `s2`: colour, dash and marker of the series.
    pub class: &'a str,
    pub values: Vec<Option<f64>>,
    /// Whether its points carry their values as text (a threshold's line need not).
    pub labelled: bool,
}

/// A line chart over the given x labels, on one value axis. `decimals` is how many decimals the
/// values are written with (0 for counts).
pub fn line_chart(
    title: &str,
    x_labels: &[String],
    series: &[Series<'_>],
    axis: &Axis<'_>,
    decimals: usize,
    decimal: char,
) -> String {
    let legend = series.len() > 1;
    let (w, left, right, top) = (560.0, 40.0, 20.0, 30.0);
    let bottom = if legend { 50.0 } else { 30.0 };
    let h = 220.0;
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let ticks = nice_ticks(axis.max, axis.count);
    let top_value = ticks.last().copied().unwrap_or(1.0);
    let n = x_labels.len().max(1);
    // The first and last points stand in from the plot's edges, so that their labels fit.
    let widest = x_labels.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 10.0;
    let inset = (widest / 2.0).clamp(14.0, plot_w / 4.0);
    let slot = if n == 1 { plot_w } else { (plot_w - 2.0 * inset) / (n - 1) as f64 };
    let x = |i: usize| if n == 1 { left + plot_w / 2.0 } else { left + inset + slot * i as f64 };
    let y = |v: f64| top + plot_h - plot_h * (v / top_value).clamp(0.0, 1.0);
    // Labels are thinned out when they would touch: every `every`-th is written.
    let every = if n == 1 { 1 } else { (widest / slot).ceil().max(1.0) as usize };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart line" viewBox="0 0 {w} {h}" role="img" data-axis="{kind}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title),
        kind = if axis.count { "count" } else { "measure" }
    );
    let _ = write!(s, r#"<text class="axis-unit" x="{}" y="12">{}</text>"#, num(left - 34.0), escape(axis.unit));
    let tick_dec = tick_decimals(&ticks);
    let grid: Vec<String> = ticks.iter().map(|&v| format!("M{left} {}H{}", num(y(v)), w - right)).collect();
    let _ = write!(s, r#"<path class="grid" d="{}"/>"#, grid.concat());
    for &v in &ticks {
        let _ = write!(
            s,
            r#"<text class="tick v" x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 6.0,
            num(y(v) + 4.0),
            figure(v, tick_dec, decimal)
        );
    }
    // Counted from the last period, which is always labelled.
    let labelled = |i: usize| (n - 1 - i.min(n - 1)).is_multiple_of(every);
    for (i, label) in x_labels.iter().enumerate() {
        if !labelled(i) {
            continue;
        }
        let _ = write!(
            s,
            r#"<text class="tick x" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(x(i)),
            h - bottom + 18.0,
            escape(label)
        );
    }
    for (k, ser) in series.iter().enumerate() {
        // A line through each run of periods with data: a gap is not bridged.
        let mut run: Vec<String> = Vec::new();
        let mut runs: Vec<Vec<String>> = Vec::new();
        for (i, v) in ser.values.iter().enumerate() {
            match v {
                Some(v) => run.push(format!("{},{}", num(x(i)), num(y(*v)))),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for r in runs.iter().filter(|r| r.len() > 1) {
            let _ = write!(s, r#"<polyline class="{}" fill="none" points="{}"/>"#, ser.class, r.join(" "));
        }
        for (i, v) in ser.values.iter().enumerate() {
            let Some(v) = *v else { continue };
            let (px, py) = (x(i), y(v));
            let _ = write!(s, r#"<circle class="{}" cx="{}" cy="{}" r="3.5"/>"#, ser.class, num(px), num(py));
            if !ser.labelled || !labelled(i) {
                continue;
            }
            // Above the point, or below it near the top; the second series on the other side.
            let above = (k % 2 == 0) == (py - 10.0 > top);
            let ly = if above { py - 8.0 } else { py + 16.0 };
            let _ = write!(
                s,
                r#"<text class="val {}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                ser.class,
                num(px),
                num(ly),
                figure(v, decimals, decimal)
            );
        }
        if legend {
            let lx = left + 180.0 * k as f64;
            let _ = write!(
                s,
                r#"<line class="{c}" x1="{lx}" x2="{}" y1="{ly}" y2="{ly}"/><text class="tick" x="{}" y="{}">{}</text>"#,
                lx + 18.0,
                lx + 24.0,
                h - 8.0,
                escape(ser.name),
                c = ser.class,
                ly = h - 12.0
            );
        }
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

/// A threshold drawn across bars: its value and its label (`ngưỡng ≥ 45`).
pub struct Mark<'a> {
    pub value: f64,
    pub label: &'a str,
}

/// Horizontal bars, one per unit, on a value axis, with an optional threshold line. Values are
/// written with at most `decimals` decimals.
pub fn bar_chart(
    title: &str,
    bars: &[Bar<'_>],
    axis: &Axis<'_>,
    threshold: Option<&Mark<'_>>,
    decimals: usize,
    decimal: char,
) -> String {
    let row = 20.0;
    let labels: Vec<String> = bars.iter().map(|b| b.label.chars().take(26).collect()).collect();
    let left = (labels.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 12.0).clamp(60.0, 190.0).round();
    let (w, right, top, bottom) = (560.0, 56.0, 24.0, 34.0);
    let h = top + bottom + row * bars.len().max(1) as f64;
    let plot_w = w - left - right;
    let plot_bottom = h - bottom;
    let ticks = nice_ticks(axis.max.max(threshold.map_or(0.0, |t| t.value)), axis.count);
    let top_value = ticks.last().copied().unwrap_or(1.0);
    let scale = |v: f64| plot_w * (v / top_value).clamp(0.0, 1.0);
    let id = chart_id(title, bars.len());
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart bars" viewBox="0 0 {w} {h}" role="img" data-axis="{kind}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title),
        kind = if axis.count { "count" } else { "measure" }
    );
    s.push_str(&hatch(&id));
    let tick_dec = tick_decimals(&ticks);
    let grid: Vec<String> = ticks.iter().map(|&v| format!("M{} {top}V{plot_bottom}", num(left + scale(v)))).collect();
    let _ = write!(s, r#"<path class="grid" d="{}"/>"#, grid.concat());
    for &v in &ticks {
        let _ = write!(
            s,
            r#"<text class="tick v" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(left + scale(v)),
            plot_bottom + 14.0,
            figure(v, tick_dec, decimal)
        );
    }
    let _ = write!(
        s,
        r#"<text class="axis-unit" x="{}" y="{}" text-anchor="end">{}</text>"#,
        w - 4.0,
        plot_bottom + 30.0,
        escape(axis.unit)
    );
    // The rows' names, right-aligned against the bars (one group: a page holds many charts).
    let _ = write!(s, r#"<g class="tick" text-anchor="end">"#);
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(s, r#"<text x="{}" y="{}">{}</text>"#, left - 6.0, top + row * i as f64 + 14.0, escape(label));
    }
    s.push_str("</g>");
    let tx = threshold.map(|t| left + scale(t.value));
    let _ = write!(s, r#"<g class="val">"#);
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        match b.value {
            Some(v) => {
                let end = left + scale(v);
                let fill = if b.class == "not_met" { format!(r#" fill="url(#{id})""#) } else { String::new() };
                let text = figure(v, decimals, decimal);
                let mut lx = end + 4.0;
                // Clear of the threshold line: past it when the label would touch it.
                if let Some(tx) = tx
                    && lx - 3.0 <= tx + 3.0
                    && lx + text_width(&text) + 3.0 >= tx - 3.0
                {
                    lx = tx + 5.0;
                }
                let _ = write!(
                    s,
                    r#"<rect class="{}"{fill} x="{left}" y="{}" width="{}" height="14"/><text x="{}" y="{}">{text}</text>"#,
                    b.class,
                    y + 3.0,
                    num(scale(v).max(1.0)),
                    num(lx),
                    y + 14.0
                );
            }
            None => {
                let _ = write!(s, r#"<text class="missing" x="{}" y="{}">—</text>"#, left + 4.0, y + 14.0);
            }
        }
    }
    s.push_str("</g>");
    if let (Some(t), Some(tx)) = (threshold, tx) {
        // The label in its own row above the bars, kept inside the chart.
        let half = text_width(t.label) / 2.0;
        let lx = tx.clamp(left + half, w - half - 2.0);
        let _ = write!(
            s,
            r#"<line class="threshold" x1="{x}" x2="{x}" y1="{}" y2="{plot_bottom}"/><text class="threshold-label" x="{}" y="14" text-anchor="middle">{}</text>"#,
            top - 4.0,
            num(lx),
            escape(t.label),
            x = num(tx)
        );
    }
    s.push_str("</svg>");
    s
}

/// How many values fall in each of `buckets` equal ranges of `0..=max`, as horizontal bars with
/// the range and the count written out; for distributions over many units. `count_unit` names
/// what is counted (`đơn vị`).
pub fn histogram(
    title: &str,
    values: &[f64],
    max: f64,
    buckets: usize,
    unit: &str,
    count_unit: &str,
    decimal: char,
) -> String {
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
            let lo = figure(width * i as f64, 1, decimal);
            let hi = figure(width * (i + 1) as f64, 1, decimal);
            format!("{lo}–{hi}{unit}")
        })
        .collect();
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bars: Vec<Bar<'_>> =
        labels.iter().zip(&counts).map(|(l, c)| Bar { label: l, value: Some(*c as f64), class: "met" }).collect();
    bar_chart(title, &bars, &Axis { unit: count_unit, max: most, count: true }, None, 0, decimal)
}

/// Per row, counts of met / not met / missing as a stacked bar with the numbers written on it.
/// The three differ by more than colour: solid, hatched and outlined, as the legend's ■ ▨ □ say.
pub fn status_bars(title: &str, rows: &[(&str, [usize; 3])]) -> String {
    let row = 18.0;
    let left = (rows.iter().map(|(l, _)| text_width(l)).fold(0.0, f64::max) + 12.0).clamp(40.0, 200.0).round();
    let (top, w) = (4.0, 560.0);
    let plot_w = w - left - 8.0;
    let h = top * 2.0 + row * rows.len().max(1) as f64;
    let total = rows.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(1).max(1) as f64;
    let id = chart_id(title, rows.len());
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart status" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title)
    );
    s.push_str(&hatch(&id));
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
            let fill = if *class == "not_met" { format!(r#" fill="url(#{id})""#) } else { String::new() };
            let _ = write!(
                s,
                r#"<rect class="{class}"{fill} x="{}" y="{}" width="{}" height="{}"/><text class="bar-n" x="{}" y="{}" text-anchor="middle">{n}</text>"#,
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

    /// The texts of the elements whose class attribute is exactly `class`.
    fn texts<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        let key = format!("class=\"{class}\"");
        svg.match_indices(&key)
            .filter_map(|(i, _)| {
                let rest = &svg[i..];
                let start = rest.find('>')? + 1;
                Some(&rest[start..start + rest[start..].find('<')?])
            })
            .collect()
    }

    /// The value of attribute `name` in the element starting at `at`.
    fn attr(element: &str, name: &str) -> Option<f64> {
        let key = format!(" {name}=\"");
        element.split(&key).nth(1)?.split('"').next()?.parse().ok()
    }

    fn round(ticks: &[f64], count: bool) -> bool {
        let step = ticks[1] - ticks[0];
        let mantissa = step / 10f64.powf(step.log10().floor());
        let mantissa = (mantissa * 1e6).round() / 1e6;
        ticks[0] == 0.0
            && [1.0, 2.0, 5.0].contains(&mantissa)
            && ticks.iter().enumerate().all(|(k, t)| (t - step * k as f64).abs() < 1e-9)
            && (!count || ticks.iter().all(|t| t.fract() == 0.0))
    }

    #[test]
    fn ticks_are_round_and_counts_are_whole() {
        assert_eq!(nice_ticks(19.0, true), [0.0, 5.0, 10.0, 15.0, 20.0], "19 criteria: never 4,8 / 9,5 / 14,3");
        assert_eq!(nice_ticks(13.0, true), [0.0, 5.0, 10.0, 15.0]);
        assert_eq!(nice_ticks(100.0, false), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(nice_ticks(3.0, true), [0.0, 1.0, 2.0, 3.0], "a count below 5 steps by 1, not 0,6");
        assert_eq!(nice_ticks(0.9, false), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(0.0, true), [0.0, 1.0], "an empty chart still has an axis");
        for max in [0.3, 1.0, 2.5, 7.0, 9.5, 14.38, 19.0, 45.0, 51.6, 99.9, 100.0, 137.0, 1234.5, 86_000.0] {
            for count in [false, true] {
                let t = nice_ticks(max, count);
                assert!(round(&t, count), "{max} ({count}): {t:?}");
                assert!(*t.last().unwrap() >= max, "{max}: the axis reaches the data: {t:?}");
                assert!(t.len() <= 7, "{max}: a few ticks, not {t:?}");
                assert!(t.len() >= 3 || max <= 1.0 || (count && max <= 2.0), "{max}: {t:?}");
            }
        }
    }

    #[test]
    fn names_are_escaped_so_a_chart_cannot_inject_markup() {
        let axis = Axis { unit: "%", max: 100.0, count: false };
        let svg = bar_chart("T", &[Bar { label: "<script>", value: Some(1.0), class: "met" }], &axis, None, 1, '.');
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn a_line_chart_is_lines_with_round_ticks_labelled_values_and_its_unit() {
        let svg = line_chart(
            "Xu hướng",
            &["2021".into(), "2022".into(), "2023".into(), "2024".into()],
            &[Series {
                name: "Bình quân",
                class: "s1",
                values: vec![Some(10.0), Some(11.54), None, Some(14.38)],
                labelled: true,
            }],
            &Axis { unit: "tiêu chí/đơn vị", max: 19.0, count: false },
            1,
            ',',
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title>Xu hướng</title>"));
        // Lines: unfilled, and not bridging the year without data.
        let lines: Vec<&str> =
            svg.match_indices("<polyline").map(|(i, _)| &svg[i..i + svg[i..].find("/>").unwrap()]).collect();
        assert_eq!(lines.len(), 1, "2021–2022 is one line; 2024 alone has none: {svg}");
        assert!(lines.iter().all(|l| l.contains("fill=\"none\"")));
        assert_eq!(lines[0].matches(',').count(), 2, "two points: {}", lines[0]);
        // Round ticks on the value axis, written as the reader writes numbers.
        let ticks: Vec<f64> = texts(&svg, "tick v").iter().map(|t| t.replace(',', ".").parse().unwrap()).collect();
        assert_eq!(ticks, [0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!(texts(&svg, "axis-unit"), ["tiêu chí/đơn vị"], "one unit, named once");
        assert_eq!(texts(&svg, "val s1"), ["10", "11,5", "14,4"], "values to one decimal, the decimal comma");
        assert!(!svg.contains("<rect"), "one series needs no legend");
    }

    #[test]
    fn a_long_series_thins_its_labels_instead_of_overlapping_them() {
        let labels: Vec<String> = (0..24).map(|i| format!("quý {}/{}", i % 4 + 1, 2020 + i / 4)).collect();
        let values = (0..24).map(|i| Some(f64::from(i))).collect();
        let svg = line_chart(
            "Q",
            &labels,
            &[Series { name: "n", class: "s1", values, labelled: true }],
            &Axis { unit: "x", max: 24.0, count: true },
            0,
            ',',
        );
        let xs: Vec<f64> = svg
            .match_indices("class=\"tick x\"")
            .map(|(i, _)| attr(&svg[i..i + svg[i..].find('>').unwrap()], "x").unwrap())
            .collect();
        assert!(xs.len() < 24 && xs.len() >= 4, "{} labels", xs.len());
        let room = labels[0].chars().count() as f64 * 6.6;
        assert!(xs.windows(2).all(|p| p[1] - p[0] >= room), "labels do not touch: {xs:?}");
    }

    #[test]
    fn a_bar_label_is_never_written_across_the_threshold_line() {
        let bars = [
            Bar { label: "Xã A", value: Some(44.4), class: "not_met" },
            Bar { label: "Xã B", value: Some(40.1), class: "not_met" },
            Bar { label: "Xã C", value: Some(51.6), class: "met" },
            Bar { label: "Xã D", value: None, class: "missing" },
        ];
        let axis = Axis { unit: "triệu đồng/người/năm", max: 51.6, count: false };
        let svg = bar_chart("Thu nhập", &bars, &axis, Some(&Mark { value: 45.0, label: "ngưỡng ≥ 45" }), 1, ',');
        let line = &svg[svg.find("<line class=\"threshold\"").unwrap()..];
        let tx = attr(line, "x1").unwrap();
        let values = &svg[svg.find("<g class=\"val\">").unwrap()..];
        let values = &values[..values.find("</g>").unwrap()];
        assert_eq!(values.matches("<text x=").count(), 3, "three values written");
        for (i, _) in values.match_indices("<text x=") {
            let element = &values[i..];
            let x = attr(element, "x").unwrap();
            let start = element.find('>').unwrap() + 1;
            let text = &element[start..start + element[start..].find('<').unwrap()];
            let width = text.chars().count() as f64 * 6.6;
            assert!(x > tx + 3.0 || x + width < tx - 3.0, "\"{text}\" at {x}–{} crosses the line at {tx}", x + width);
        }
        let ticks: Vec<f64> = texts(&svg, "tick v").iter().map(|t| t.replace(',', ".").parse().unwrap()).collect();
        assert_eq!(ticks, [0.0, 20.0, 40.0, 60.0], "round ticks on the value axis");
        assert_eq!(texts(&svg, "axis-unit"), ["triệu đồng/người/năm"]);
        assert_eq!(texts(&svg, "threshold-label"), ["ngưỡng ≥ 45"]);
        // The threshold's label sits in its own row above the bars.
        let label_y = attr(&svg[svg.find("class=\"threshold-label\"").unwrap() - 6..], "y").unwrap();
        let first_bar = attr(&svg[svg.find("<rect class=").unwrap()..], "y").unwrap();
        assert!(label_y < first_bar, "label at {label_y}, bars from {first_bar}");
        assert_eq!(svg.matches("fill=\"url(#").count(), 2, "not met is hatched, not only red");
        assert!(svg.contains(">—<"), "no value is a dash, not a bar of 0");
    }

    #[test]
    fn a_histogram_counts_values_per_range_on_a_count_axis() {
        let svg = histogram("H", &[5.0, 15.0, 18.0, 100.0], 100.0, 10, "%", "đơn vị", '.');
        assert!(svg.contains("0–10%") && svg.contains("90–100%"));
        assert!(svg.contains(">2<"), "two values between 10 and 20");
        assert_eq!(svg.matches("<rect class=").count(), 10);
        let ticks: Vec<&str> = texts(&svg, "tick v");
        assert_eq!(ticks, ["0", "1", "2"], "whole counts");
        assert!(svg.contains("data-axis=\"count\""));
    }

    #[test]
    fn stacked_bars_name_their_rows_and_write_their_counts() {
        let svg = status_bars("TC", &[("1 Quy hoạch", [7, 5, 1]), ("17 Môi trường, ATTP", [13, 0, 0])]);
        assert!(svg.contains(">7<") && svg.contains(">5<") && svg.contains(">13<"));
        assert!(svg.contains(">17 Môi trường, ATTP<"), "rows by name, not a bare number");
        assert_eq!(svg.matches("<rect class=").count(), 4, "no rectangle for a zero count");
        assert_eq!(svg.matches("fill=\"url(#").count(), 1, "not met is hatched, not only red");
        let left = attr(&svg[svg.find("<rect class=").unwrap()..], "x").unwrap();
        assert!(left >= "17 Môi trường, ATTP".chars().count() as f64 * 6.6, "the longest name fits: {left}");
    }

    #[test]
    fn two_charts_on_a_page_do_not_share_a_pattern_id() {
        let a = status_bars("A", &[("1", [1, 1, 0])]);
        let b = status_bars("B", &[("1", [1, 1, 0])]);
        let id = |s: &str| s.split("<pattern id=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        assert_ne!(id(&a), id(&b));
    }
}
