//! How the pages present what they know: charts that tell the truth, criteria by their short
//! names, one mark for one thing, no internal keys, pages that print as documents on A4, and the
//! weight of the heaviest pages.

use axum::http::StatusCode;

use crate::harness::TestApp;

/// The text a reader sees: tags taken out, entities read.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push('\n');
        let after = &rest[open..];
        let name: String = after[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name == "style" || name == "title" {
            let end = format!("</{name}>");
            rest = after.find(&end).map_or("", |i| &after[i + end.len()..]);
            continue;
        }
        rest = after.find('>').map_or("", |i| &after[i + 1..]);
    }
    out.push_str(rest);
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&quot;", "\"")
}

/// Every `<svg …>…</svg>` of a page.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg").filter_map(|(i, _)| html[i..].find("</svg>").map(|end| &html[i..i + end + 6])).collect()
}

/// The texts of the elements of an SVG whose class attribute is exactly `class`.
fn texts_of_class<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    let key = format!("class=\"{class}\"");
    svg.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &svg[i..];
            let start = rest.find('>')? + 1;
            let end = rest[start..].find('<')?;
            Some(&rest[start..start + end])
        })
        .collect()
}

/// A number as a page writes it in either language (`14,5`, `1.234,5`, `1,234.5`).
fn number(text: &str, decimal: char) -> Option<f64> {
    let t: String = text.trim().chars().filter(|c| c.is_ascii_digit() || *c == decimal || *c == '-').collect();
    t.replace(decimal, ".").parse().ok()
}

/// Ticks are round: equally spaced from 0 by a step of 1, 2 or 5 × 10ⁿ, and whole numbers when
/// the axis counts something.
fn assert_round(ticks: &[f64], integer: bool, what: &str) {
    assert!(ticks.len() >= 3, "{what}: an axis with at least three ticks, got {ticks:?}");
    assert_eq!(ticks[0], 0.0, "{what}: the axis starts at 0: {ticks:?}");
    let step = ticks[1] - ticks[0];
    let magnitude = 10f64.powf(step.log10().floor());
    let mantissa = (step / magnitude * 1000.0).round() / 1000.0;
    assert!([1.0, 2.0, 5.0].contains(&mantissa), "{what}: step {step} is not 1, 2 or 5 × 10ⁿ: {ticks:?}");
    for (k, t) in ticks.iter().enumerate() {
        assert!((t - step * k as f64).abs() < 1e-9, "{what}: tick {t} is off the step {step}: {ticks:?}");
        if integer {
            assert_eq!(t.fract(), 0.0, "{what}: a count is never {t}: {ticks:?}");
        }
    }
}

#[tokio::test]
async fn charts_have_round_ticks_and_one_unit_per_axis() {
    let t = TestApp::demo().await;
    for (path, decimal) in [
        ("/?period=2024", ','),
        ("/?period=2024&lang=en", '.'),
        ("/units/03413?period=2024", ','),
        ("/criteria/xa-ntm-2021-2025/10?period=2024", ','),
        ("/criteria/xa-ntm-2021-2025/17?period=2024", ','),
    ] {
        let page = t.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let charts = svgs(&page.body);
        let mut axes = 0;
        for svg in &charts {
            let ticks = texts_of_class(svg, "tick v");
            if ticks.is_empty() {
                continue;
            }
            axes += 1;
            let values: Vec<f64> = ticks.iter().map(|t| number(t, decimal).unwrap()).collect();
            // Counts of criteria and units are whole numbers; a line of averages may not be.
            let counts = svg.contains("data-axis=\"count\"");
            assert_round(&values, counts, &format!("{path}: {}", &svg[..svg.find("</title>").unwrap_or(80)]));
            assert_eq!(svg.matches("class=\"axis-unit\"").count(), 1, "{path}: one unit named per axis");
            for polyline in svg.match_indices("<polyline").map(|(i, _)| &svg[i..i + svg[i..].find("/>").unwrap()]) {
                assert!(polyline.contains("fill=\"none\""), "{path}: a line is not filled: {polyline}");
            }
        }
        assert!(axes >= 1, "{path}: its charts have an axis with ticks");
    }
    // The overview's trend: the count of communes meeting the standard and the average of
    // criteria met are two quantities, each on its own axis.
    let overview = t.get("/?period=2024", None).await.body;
    let trend: Vec<&str> = svgs(&overview).into_iter().filter(|s| s.contains("<polyline")).collect();
    assert_eq!(trend.len(), 2, "one chart per quantity");
    assert!(trend.iter().all(|s| s.matches("<polyline").count() == 1), "one line (one unit) per chart");
}

#[tokio::test]
async fn a_css_rule_never_fills_a_line_or_strokes_a_label() {
    let t = TestApp::demo().await;
    let css = t.get("/static/app.css", None).await.body;
    // Every rule that reaches a polyline or a text of a chart: one whose last selector names no
    // element (a class alone) or names it.
    for rule in css.split('}') {
        let Some((selectors, body)) = rule.rsplit_once('{') else { continue };
        for selector in selectors.split(',') {
            let Some(last) = selector.split_whitespace().last() else { continue };
            let element: String = last.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let reaches_line = selector.contains("svg") && (element.is_empty() || element == "polyline");
            let reaches_text = selector.contains("svg") && (element.is_empty() || element == "text");
            for decl in body.split(';') {
                let Some((property, value)) = decl.split_once(':') else { continue };
                let (property, value) = (property.trim(), value.trim());
                if reaches_line && property == "fill" {
                    assert_eq!(value, "none", "\"{}\" fills the lines of charts", selector.trim());
                }
                if reaches_text && property == "stroke" && element.is_empty() {
                    assert_eq!(value, "none", "\"{}\" strokes the labels of charts", selector.trim());
                }
                if reaches_text && property == "stroke-width" && element.is_empty() {
                    panic!("\"{}\" gives the labels of charts a stroke width", selector.trim());
                }
            }
        }
    }
}

#[tokio::test]
async fn charts_and_matrix_headers_name_criteria_by_their_short_names() {
    let t = TestApp::demo().await;
    let overview = t.get("/?period=2024", None).await.body;
    let bars = svgs(&overview).into_iter().find(|s| s.contains("class=\"chart status\"")).unwrap();
    for name in ["2 Giao thông", "10 Thu nhập", "17 Môi trường, ATTP", "19 Quốc phòng, an ninh"] {
        assert!(bars.contains(&format!(">{name}<")), "the bar chart names criterion \"{name}\"");
    }
    let matrix = t.get("/matrix?period=2024", None).await.body;
    let head = &matrix[matrix.find("<thead>").unwrap()..matrix.find("</thead>").unwrap()];
    for name in ["Giao thông", "Thu nhập", "Nghèo đa chiều", "Quốc phòng, an ninh"] {
        assert!(visible(head).contains(name), "the matrix header names \"{name}\": {head}");
    }
    // The full name stays one hover away; the numbers stay for the key.
    assert!(head.contains("title=\"Môi trường và an toàn thực phẩm\""), "{head}");
    // A key of numbers → names, for narrow screens and print.
    let key = &matrix[matrix.find("class=\"key\"").expect("a key")..];
    let key = visible(&key[..key.find("</dl>").or_else(|| key.find("</p>")).unwrap()]);
    assert!(key.contains("10") && key.contains("Thu nhập") && key.contains("19"), "{key}");
    let en = t.get("/matrix?period=2024&lang=en", None).await.body;
    let head = &en[en.find("<thead>").unwrap()..en.find("</thead>").unwrap()];
    assert!(visible(head).contains("Income") && visible(head).contains("Transport"), "{head}");
}

/// The words of the one notice that says most thresholds of the set are not verified.
const NOTICE_VI: &str = "chưa được kiểm chứng với văn bản gốc";
const NOTICE_EN: &str = "not yet verified against the official text";

#[tokio::test]
async fn the_unverified_notice_is_said_once_per_page_and_marks_are_kept_for_exceptions() {
    let t = TestApp::demo().await;
    for (path, notice) in [
        ("/?period=2024", NOTICE_VI),
        ("/?period=2024&lang=en", NOTICE_EN),
        ("/matrix?period=2024", NOTICE_VI),
        ("/units/03413?period=2024", NOTICE_VI),
        ("/units/03413?period=2024&lang=en", NOTICE_EN),
        ("/criteria/xa-ntm-2021-2025/10?period=2024", NOTICE_VI),
    ] {
        let text = visible(&t.get(path, None).await.body);
        assert_eq!(text.matches(notice).count(), 1, "{path}: the notice once:\n{text}");
        assert!(!text.contains("* chưa kiểm chứng") && !text.contains("* not verified"), "{path}: no star per row");
    }
    // No matrix cell carries the unverified star; a cell whose verdict uses an illustrative
    // threshold carries the illustrative mark, and only such a cell.
    let html = t.get("/matrix?period=2024", None).await.body;
    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/evaluation?set=xa-ntm-2021-2025&period=2024", None).await.body).unwrap();
    let (mut marked, mut plain) = (0, 0);
    for u in api["units"].as_array().unwrap() {
        let code = u["code"].as_str().unwrap();
        for c in u["criteria"].as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            let marker = format!("/units/{code}?period=2024#c-{id}\">");
            let cell = html.split(&marker).nth(1).and_then(|r| r.split("</a>").next()).unwrap();
            let cell = visible(cell);
            assert!(!cell.contains('*'), "{code} criterion {id}: {cell}");
            let illustrative =
                c["indicators"].as_array().unwrap().iter().any(|i| i["threshold_origin"] == "illustrative");
            assert_eq!(cell.contains('†'), illustrative, "{code} criterion {id}: {cell}");
            if illustrative { marked += 1 } else { plain += 1 }
        }
    }
    assert!(marked > 0 && plain > 0, "the demo has both ({marked} marked, {plain} plain)");
    assert!(visible(&html).contains("† = ngưỡng minh họa"), "the key says what the mark means");
    // On a verdict, the short citation names the decision; the threshold is not starred.
    let criterion = t.get("/criteria/xa-ntm-2021-2025/10?period=2024", None).await.body;
    assert!(criterion.contains("≥ 45 triệu đồng/người/năm<br>"), "the threshold, then its citation");
    assert!(criterion.contains(">QĐ 318/QĐ-TTg, Phụ lục I</a>"), "the citation, not its confidence on every row");
    // The responsible agency's confidence is said in words, not with the threshold's star.
    let seventeen = visible(&t.get("/criteria/xa-ntm-2021-2025/17?period=2024", None).await.body);
    assert!(!seventeen.contains('*'), "no star on the criterion page");
}

#[tokio::test]
async fn no_internal_key_shows_on_a_page() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    // Raw element ids (`2.1.km_dat`, `10.thu_nhap`) and action codes (`values.save`).
    let key = |w: &str| {
        let parts: Vec<&str> = w.split('.').collect();
        parts.len() >= 2
            && parts.last().is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    };
    for path in [
        "/?period=2024",
        "/matrix?period=2024",
        "/units/03413?period=2024",
        "/units/03390?period=2024",
        "/criteria/xa-ntm-2021-2025/2?period=2024",
        "/criteria/xa-ntm-2021-2025/10?period=2024",
        "/sets/xa-ntm-2021-2025",
    ] {
        let text = visible(&t.get(path, Some(&office)).await.body);
        let found: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || ",;:()[]«»\"'·—".contains(c))
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| key(w))
            .collect();
        assert!(found.is_empty(), "{path} shows internal keys: {found:?}");
    }
}

#[tokio::test]
async fn the_set_page_shows_the_thresholds_the_verdicts_use_illustrative_layers_included() {
    let t = TestApp::demo().await;
    let set = t.get("/sets/xa-ntm-2021-2025", None).await.body;
    // 17.1 has no threshold in the reference; the demo's illustrative layer gives 90% to the
    // district's communes, and the verdicts use it.
    let at = set.find(">17.1 ").expect("a row of 17.1");
    let row = &set[set[..at].rfind("<tr>").unwrap()..];
    let row = visible(&row[..row.find("</tr>").unwrap()]);
    assert!(row.contains("90"), "the set page shows the 90% the verdicts use: {row}");
    assert!(row.contains("Huyện Tam Đường") && row.contains("ngưỡng minh họa"), "where and how sure: {row}");
    assert!(!row.contains("Chưa có ngưỡng"), "not \"no threshold\" where the verdicts have one: {row}");
    let criterion = t.get("/criteria/xa-ntm-2021-2025/17?period=2024", None).await.body;
    assert!(criterion.contains("≥ 90%"), "the verdicts use 90%");
}

/// Today in Vietnam, as the print header writes it.
fn today() -> String {
    ntm_domain::time::vietnam_date(ntm_store::now_ms()).to_vietnamese()
}

#[tokio::test]
async fn reports_print_on_a4_with_their_header_and_a_signature_block() {
    let t = TestApp::demo().await;
    let css = t.get("/static/app.css", None).await.body;
    let print = &css[css.find("@media print").expect("print rules")..];
    assert!(css.contains("@page{size:A4") || css.contains("@page {size: A4"), "A4 pages");
    assert!(css.contains("size:A4 landscape"), "a landscape page for the matrix");
    assert!(print.contains("table.matrix"), "the matrix has print rules");
    assert!(print.contains(".scroll{overflow:visible"), "no column is cut off by a scrolling box");
    for (path, unit, period) in [
        ("/?period=2024", "Huyện Tam Đường", "năm 2024"),
        ("/units/03413?period=2024Q3", "Xã Sơn Bình", "quý"),
        ("/matrix?period=2024", "Huyện Tam Đường", "năm 2024"),
    ] {
        let html = t.get(path, None).await.body;
        let head = &html[html.find("class=\"print-head\"").unwrap_or_else(|| panic!("{path}: a print header"))..];
        let head = visible(&head[..head.find("</div>").unwrap()]);
        assert!(head.contains(unit) && head.contains(period), "{path}: unit and period: {head}");
        assert!(head.contains(&today()), "{path}: the date printed, in Vietnam: {head}");
        assert!(head.contains("Dữ liệu minh họa"), "{path}: the demo notice: {head}");
    }
    // The overview and a commune's page are reports: they end with the signature block.
    for path in ["/?period=2024", "/units/03413?period=2024"] {
        let text = visible(&t.get(path, None).await.body);
        assert!(text.contains("Người lập biểu") && text.contains("Thủ trưởng đơn vị"), "{path}");
    }
    let en = visible(&t.get("/units/03413?period=2024&lang=en", None).await.body);
    assert!(en.contains("Prepared by") && en.contains("Head of unit"), "in English too");
}

#[tokio::test]
async fn the_heaviest_pages_stay_within_50_kb() {
    let t = TestApp::demo().await;
    let office = t.login("vanphong").await;
    let mut heaviest = (0, String::new());
    for period in ["2024", "2024Q3", "2024Q4", "2023"] {
        for c in 1..=19 {
            for lang in ["", "&lang=en"] {
                let path = format!("/criteria/xa-ntm-2021-2025/{c}?period={period}{lang}");
                let body = t.get(&path, None).await.body;
                heaviest = heaviest.max((body.len(), path));
            }
        }
        for code in ["03390", "03394", "03413", "106"] {
            let path = format!("/units/{code}?period={period}");
            let body = t.get(&path, Some(&office)).await.body;
            heaviest = heaviest.max((body.len(), path));
        }
    }
    assert!(heaviest.0 <= 50 * 1024, "{} weighs {} bytes", heaviest.1, heaviest.0);
}

#[tokio::test]
async fn a_distribution_without_any_value_says_so_instead_of_drawing_an_empty_chart() {
    let t = TestApp::demo().await;
    for c in 1..=19 {
        for period in ["2024Q3", "2024"] {
            let page = t.get(&format!("/criteria/xa-ntm-2021-2025/{c}?period={period}"), None).await.body;
            for svg in svgs(&page).into_iter().filter(|s| s.contains("class=\"chart bars\"")) {
                assert!(svg.contains("<rect class="), "criterion {c}, {period}: a chart has a bar: {svg}");
            }
        }
    }
}
