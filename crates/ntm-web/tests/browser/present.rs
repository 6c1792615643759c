//! What the browser itself draws and prints: charts drawn as lines whatever the stylesheet says,
//! and the overview, the matrix and a commune's page laid out on an A4 page without a column
//! cut off. Screenshots (and the printed PDFs) go to `target/screenshots/`.

use serde_json::{Value, json};

use crate::harness::{Browser, Options, screenshots};

/// Lays the page out at `width` CSS pixels, as a screen or as print.
fn emulate(b: &Browser, width: u32, print: bool) {
    b.session
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 1400, "deviceScaleFactor": 1, "mobile": false }),
        )
        .unwrap();
    b.session.cdp("Emulation.setEmulatedMedia", json!({ "media": if print { "print" } else { "screen" } })).unwrap();
}

fn strings(v: Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()
}

/// Charts are lines as the browser renders them: no line of a chart is filled, no label is
/// stroked, and a bar not met is hatched, at a desktop's width and on a phone.
#[test]
fn charts_are_drawn_as_lines_on_a_desktop_and_a_phone() {
    for (phone, name) in [(false, "1366"), (true, "390")] {
        let Some(b) = Browser::start(Options { phone, ..Options::default() }) else { return };
        if !phone {
            emulate(&b, 1366, false);
        }
        for path in ["/?period=2024", "/units/03413?period=2024"] {
            b.open(path);
            let fills = strings(
                b.session
                    .execute("return Array.from(document.querySelectorAll('svg polyline')).map(p => getComputedStyle(p).fill);")
                    .unwrap(),
            );
            assert!(!fills.is_empty() && fills.iter().all(|f| f == "none"), "{path} at {name} px: {fills:?}");
            let strokes = strings(
                b.session
                    .execute("return Array.from(document.querySelectorAll('svg text')).map(t => getComputedStyle(t).stroke);")
                    .unwrap(),
            );
            assert!(strokes.iter().all(|s| s == "none"), "{path} at {name} px: labels are not stroked: {strokes:?}");
        }
        // Not met is hatched, not only red (the pages' security policy refuses style attributes:
        // the hatch must come through).
        b.open("/?period=2024");
        let hatches = strings(
            b.session
                .execute("return Array.from(document.querySelectorAll('svg rect.not_met')).map(r => getComputedStyle(r).fill);")
                .unwrap(),
        );
        assert!(!hatches.is_empty() && hatches.iter().all(|f| f.starts_with("url(")), "at {name} px: {hatches:?}");
        b.open("/?period=2024");
        b.session.execute("document.querySelector('.charts').scrollIntoView(); return 0;").unwrap();
        b.save_screenshot(&format!("overview-trend-{name}"));
        b.session.execute("document.querySelector('svg.status').scrollIntoView(); return 0;").unwrap();
        b.save_screenshot(&format!("overview-criteria-{name}"));
        b.open("/criteria/xa-ntm-2021-2025/10?period=2024");
        b.session.execute("document.querySelector('svg.bars').scrollIntoView(); return 0;").unwrap();
        b.save_screenshot(&format!("criterion-10-bars-{name}"));
    }
}

/// A4 less its margins, in CSS pixels (96 per inch): portrait 186 mm, landscape 277 mm.
const PORTRAIT: u32 = 703;
const LANDSCAPE: u32 = 1047;

/// Laid out as print on the width of an A4 page, the overview and a commune's page (portrait)
/// and the matrix (landscape) keep every column: nothing is wider than the page, the matrix's
/// last column is on it. Then each is printed to PDF, to look at.
#[test]
fn the_overview_the_matrix_and_a_communes_page_print_on_a4_without_lost_columns() {
    let Some(b) = Browser::start(Options::default()) else { return };
    for (path, name, width) in [
        ("/?period=2024", "overview", PORTRAIT),
        ("/matrix?period=2024", "matrix", LANDSCAPE),
        ("/units/03413?period=2024", "unit-03413", PORTRAIT),
    ] {
        emulate(&b, width, true);
        b.open(path);
        let number = |js: &str| b.session.execute(&format!("return {js};")).unwrap().as_f64().unwrap();
        let page = number("document.documentElement.scrollWidth");
        assert!(page <= f64::from(width), "{path}: {page} px wide on a {width} px page");
        if name != "unit-03413" {
            let last =
                number("document.querySelector('table.matrix thead th:last-child').getBoundingClientRect().right");
            let columns = number("document.querySelectorAll('table.matrix thead th').length");
            assert_eq!(columns, 21.0, "{path}: the unit, the count and 19 criteria");
            assert!(last <= f64::from(width), "{path}: the last criterion ends at {last} px, past {width} px");
            let key = b.text(".key");
            assert!(key.contains("19 Quốc phòng, an ninh"), "{path}: the key names the criteria in print: {key}");
        }
        let head = b.text(".print-head");
        assert!(head.contains("Dữ liệu minh họa"), "{path}: the print head: {head}");
        let hidden = b.session.execute("return getComputedStyle(document.querySelector('p.demo')).display;").unwrap();
        assert_eq!(hidden.as_str(), Some("none"), "{path}: the demo notice is printed once, in the head");
        b.save_screenshot(&format!("print-{name}"));
        emulate(&b, 1366, false);
        b.open(path);
        let pdf = b.session.print_pdf(width == LANDSCAPE).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{path}: a PDF");
        std::fs::write(screenshots().join(format!("print-{name}.pdf")), pdf).unwrap();
    }
}
