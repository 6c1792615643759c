//! No Vietnamese interface text on an English page, wherever it comes from: our messages, the
//! criteria files' notes and sources, units of measure, explanation lines, error messages.
//!
//! Each English page of the demo is reduced to what a reader sees (text, and the `title`,
//! `aria-label` and `alt` attributes); the data that may stay Vietnamese — unit names, the legal
//! numbers of decisions, people's and agencies' names, recognition decisions — is taken out, as
//! the demo's own data give it, not as picked from the pages; then no word may hold a letter
//! that only Vietnamese writes (ă â đ ê ô ơ ư, or a vowel with a tone mark).

use std::collections::BTreeSet;

use axum::http::StatusCode;

use crate::harness::{Session, TestApp};

/// A letter English does not write and Vietnamese does: a Latin letter with a diacritic or a
/// combining mark.
fn vietnamese_letter(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x0300..=0x036F | 0x1E00..=0x1EFF) && c != '×' && c != '÷'
}

fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What a reader of the page sees or hears: the text between tags, and the `title`,
/// `aria-label` and `alt` attributes. An element marked `lang="vi"` is Vietnamese on purpose
/// (the language switch) and left out, with what it holds.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // The name of the element marked lang="vi" being skipped, and how deep in it we are.
    let mut skipping: Option<(String, usize)> = None;
    while let Some(open) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&unescape(&rest[..open]));
            out.push('\n');
        }
        let after = &rest[open..];
        let close = after.find('>').unwrap_or(after.len() - 1);
        let tag = &after[1..close];
        rest = &after[close + 1..];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if let Some((skip, depth)) = skipping.as_mut() {
            if name == *skip {
                if tag.starts_with('/') {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    skipping = None;
                }
            }
            continue;
        }
        if name == "style" || name == "script" {
            let end = format!("</{name}>");
            rest = rest.find(&end).map_or("", |i| &rest[i + end.len()..]);
            continue;
        }
        if tag.contains(" lang=\"vi\"") && name != "html" && !tag.ends_with('/') {
            skipping = Some((name, 1));
            continue;
        }
        for attr in ["title", "aria-label", "alt"] {
            let key = format!(" {attr}=\"");
            if let Some(v) = tag.split(&key).nth(1).and_then(|r| r.split('"').next()) {
                out.push_str(&unescape(v));
                out.push('\n');
            }
        }
    }
    out.push_str(&unescape(rest));
    out
}

/// The data of the demo that may be shown as it is on an English page, longest first (so that
/// "Thị trấn Tam Đường" goes before "Tam Đường").
async fn demo_data(t: &TestApp) -> Vec<String> {
    let mut data: BTreeSet<String> = BTreeSet::new();
    // The words that name a unit's level in its name; the rest of the name is the place's own.
    const LEVEL_WORDS: [&str; 6] = ["Tỉnh ", "Huyện ", "Thị trấn ", "Xã ", "Bản ", "Thôn "];
    {
        let live = t.app.live();
        // What a roadmap row says must be done, as the office typed it.
        for p in &live.roadmap.plans {
            data.insert(p.contents.clone());
        }
        for (_, u) in live.tree.iter() {
            data.insert(u.name.clone());
            for w in LEVEL_WORDS {
                if let Some(own) = u.name.strip_prefix(w) {
                    data.insert(own.to_string());
                }
            }
        }
        // The numbers of the decisions the sets rest on ("318/QĐ-TTg", "51/2025/QĐ-TTg") and
        // the abbreviation that goes before them.
        for s in live.catalog.sets() {
            for word in s.set.info.legal_basis.split([' ', ',', ';', '(', ')']) {
                if word.contains('/') && word.chars().any(|c| c.is_ascii_digit()) {
                    data.insert(word.to_string());
                }
            }
        }
    }
    data.insert("QĐ".into());
    // What the criteria files' English twins keep of their Vietnamese texts: names and document
    // numbers (`ntm-io`'s tests hold the twins to that).
    {
        let live = t.app.live();
        let mut pairs: Vec<(&str, Option<&str>)> = Vec::new();
        for s in live.catalog.sets() {
            let info = &s.set.info;
            pairs.push((&info.legal_basis, info.legal_basis_en.as_deref()));
            pairs.extend(info.note.as_deref().map(|n| (n, info.note_en.as_deref())));
            pairs.extend(s.set.key_rules.iter().map(|k| (k.source.as_str(), k.source_en.as_deref())));
            for c in s.set.criteria() {
                pairs.extend(c.responsible.as_deref().map(|r| (r, c.responsible_en.as_deref())));
                pairs.extend(c.source.as_deref().map(|r| (r, c.source_en.as_deref())));
                pairs.extend(c.note.as_deref().map(|r| (r, c.note_en.as_deref())));
                for i in &c.indicators {
                    pairs.extend(i.source.as_deref().map(|r| (r, i.source_en.as_deref())));
                    pairs.extend(i.note.as_deref().map(|r| (r, i.note_en.as_deref())));
                    pairs.extend(i.thresholds.iter().map(|t| (t.source.as_str(), t.source_en.as_deref())));
                }
            }
        }
        for (vi, en) in pairs {
            for word in en.unwrap_or("").split_whitespace().map(|w| w.trim_matches(|c: char| ",;:.()'\"".contains(c))) {
                let kept = word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                if kept && vi.contains(word) {
                    data.insert(word.to_string());
                }
            }
        }
    }
    for u in t.app.db.users().await.unwrap() {
        data.insert(u.display_name);
    }
    // An agency is named on English pages by its English name, which keeps the Vietnamese one
    // with its translation ("Phòng Y tế (Health Office)"): the Vietnamese name alone is a leak.
    for a in t.app.db.agencies().await.unwrap() {
        assert!(!a.name_en.is_empty(), "{}: the demo gives every agency its English name", a.code);
        data.insert(a.name_en);
    }
    for r in t.app.db.recognitions().await.unwrap() {
        data.insert(r.decision);
    }
    // Steering Committee members' names and positions are data, as written in their file.
    for m in t.app.db.members().await.unwrap() {
        data.insert(m.name);
        data.insert(m.position);
    }
    // Issue 10 (reporting): what the demo's officials wrote (results, reasons of a return), the
    // district's rules as written, and the number of the decree the cycle's pages cite.
    for r in t.app.db.schedules().await.unwrap() {
        data.insert(r.basis);
    }
    for r in t.app.db.reports(None).await.unwrap() {
        data.insert(r.texts.results);
        for m in t.app.db.report_moves(r.id).await.unwrap() {
            data.insert(m.reason);
        }
    }
    for (_, name) in t.app.db.holidays().await.unwrap() {
        data.insert(name);
    }
    data.insert("09/2019/NĐ-CP".into());
    let mut data: Vec<String> = data.into_iter().filter(|d| d.chars().any(vietnamese_letter)).collect();
    data.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    data
}

/// The lines of the page's text with a word holding a Vietnamese letter, once the data are
/// taken out: each as its words so found, then the line.
fn vietnamese_words(text: &str, data: &[String]) -> Vec<String> {
    let mut text = text.to_string();
    for d in data {
        text = text.replace(d.as_str(), " ");
    }
    let mut found = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '/' || c == '-'))
            .filter(|w| w.chars().any(vietnamese_letter))
            .collect();
        if !words.is_empty() {
            found.push(format!("{} | {}", words.join(" "), line.trim().chars().take(120).collect::<String>()));
        }
    }
    found
}

#[test]
fn the_check_finds_vietnamese_letters_and_leaves_english_and_marks_alone() {
    let html = "<p title=\"chưa đạt\">Met ≥ 75% → met · 1,234.5 — ×</p><a lang=\"vi\" href=\"/\">Tiếng <b>Việt</b></a><p>ok</p>";
    let text = visible_text(html);
    assert!(text.contains("chưa đạt") && text.contains("ok") && !text.contains("Tiếng"), "{text}");
    assert_eq!(vietnamese_words(&text, &[]), ["chưa đạt | chưa đạt"]);
    assert!(vietnamese_words("Xã Sơn Bình: 3 values", &["Xã Sơn Bình".into()]).is_empty());
}

/// The English pages of the acceptance (overview, matrix, a unit, criteria — income with its
/// money unit among them —, sets, each set, the change log, error pages) and the entry form, a
/// value's history and the account pages show no Vietnamese but data.
#[tokio::test]
async fn english_pages_show_no_vietnamese_but_data() {
    let t = TestApp::demo().await;
    let admin = t.login("quantri").await;
    let commune = t.login("sonbinh").await;
    let agency = t.login("ktht").await;
    let data = demo_data(&t).await;
    let mut pages: Vec<(String, Option<&Session>, StatusCode)> = Vec::new();
    for p in [
        "/",
        "/?period=2024",
        "/matrix",
        "/matrix?period=2024",
        "/units/03413?period=2024",
        "/units/03394?period=2024Q4",
        "/units/106?period=2024",
        "/units/12?period=2024",
        "/criteria/xa-ntm-2021-2025/2?period=2024",
        "/criteria/xa-ntm-2021-2025/10?period=2024",
        "/criteria/xa-ntm-2021-2025/15?period=2024",
        "/criteria/xa-ntm-2021-2025/17?period=2024",
        // A weak reporter's quarter (figures missing), the advanced set, the demo's illustrative
        // village set: overview, a criterion and a village.
        "/units/03394?period=2024Q1",
        "/?set=xa-ntm-nang-cao-2021-2025&period=2024",
        "/?set=ban-ntm-lai-chau-2021-2025&period=2024",
        "/criteria/ban-ntm-lai-chau-2021-2025/5?period=2024",
        "/units/03413-B01?set=ban-ntm-lai-chau-2021-2025&period=2024",
        // A town the commune set does not judge; a period without data; a quarter.
        "/units/03390?period=2024",
        "/?period=2020",
        "/matrix?period=2020",
        "/units/106?period=2020",
        "/criteria/xa-ntm-2021-2025/17?period=2020",
        "/?period=2024Q3",
        "/?set=xa-ntm-2026-2030",
        "/criteria/xa-ntm-2021-2025/11?period=2024",
        "/criteria/xa-ntm-2021-2025/19?period=2024",
        "/sets",
        "/audit",
        "/audit?area=org",
        "/audit?area=values&unit=03413&who=-",
        "/audit?who=-&before=30",
        "/users",
        "/account",
        "/warnings?period=2024",
        "/roadmap/03413?period=2024",
        "/roadmap?year=2024",
        "/roadmap/03430?period=2024",
        "/units/03406?period=2024",
        "/roadmap/03406?period=2024",
        "/recognitions",
        "/recognitions?level=ban-ntm",
        "/reasons?period=2024",
        "/reasons/03413/17?period=2024",
        "/reasons/03413/all?period=2024",
        // The Excel template and its upload (issue 10 point 5).
        "/upload",
        "/upload?period=2024Q3&unit=03413&refused=no_file",
    ] {
        pages.push((p.into(), Some(&admin), StatusCode::OK));
    }
    let ids: Vec<String> = t.app.live().catalog.sets().map(|s| s.set.id().to_string()).collect();
    for id in &ids {
        pages.push((format!("/sets/{id}"), Some(&admin), StatusCode::OK));
        pages.push((format!("/sets/{id}/sources"), None, StatusCode::OK));
    }
    pages.push(("/units/03413?period=2024".into(), None, StatusCode::OK));
    pages.push(("/login".into(), None, StatusCode::OK));
    // The accountability board (issue 9 point 4).
    for p in ["/board", "/board/agencies/ktht?period=2024", "/board/agencies/nnptnt", "/board/members/pct-huyen"] {
        pages.push((p.into(), Some(&admin), StatusCode::OK));
    }
    // An agency officer's overview opens on the agency's criteria.
    pages.push(("/".into(), Some(&agency), StatusCode::OK));
    pages.push(("/entry/03413/2024".into(), Some(&commune), StatusCode::OK));
    // One criterion's form: yes/no answers, rates computed from raw figures, thresholds and last
    // period's values; a quarter's.
    for c in ["2", "3", "10", "17"] {
        pages.push((format!("/entry/03413/2024/{c}"), Some(&commune), StatusCode::OK));
    }
    pages.push(("/entry/03413/2024Q3/15".into(), Some(&commune), StatusCode::OK));
    // Issue 10 (reporting): every page of the cycle, as the office and as their authors.
    for p in [
        "/reporting",
        "/reporting/3",
        "/reporting/5",
        "/reporting/records",
        // Filtered: each state's table, an empty one, the records of those late.
        "/reporting/3?state=late",
        "/reporting/3?state=not_submitted",
        "/reporting/3?state=waiting",
        "/reporting/3?state=accepted",
        "/reporting/3?state=returned",
        "/reporting/records?state=late",
        "/reporting/3/03413",
        "/reporting/4/ktht",
        "/inbox",
    ] {
        pages.push((p.into(), Some(&admin), StatusCode::OK));
    }
    pages.push(("/reporting/3/03413".into(), Some(&commune), StatusCode::OK));
    pages.push(("/inbox".into(), Some(&commune), StatusCode::OK));
    pages.push(("/inbox".into(), Some(&agency), StatusCode::OK));
    pages.push(("/history/03413/2024/3.1".into(), Some(&commune), StatusCode::OK));
    pages.push(("/history/03394/2024Q3/11.ho_ngheo".into(), Some(&admin), StatusCode::OK));
    for (p, status) in [
        ("/units/99999", StatusCode::NOT_FOUND),
        ("/no/such/page", StatusCode::NOT_FOUND),
        ("/matrix?page=abc", StatusCode::BAD_REQUEST),
        // The long lists' parameters, refused saying which.
        ("/reporting/3?state=nope", StatusCode::BAD_REQUEST),
        ("/reporting/records?page=0", StatusCode::BAD_REQUEST),
        ("/roadmap?year=2024&page=x", StatusCode::BAD_REQUEST),
        ("/matrix?period=2024Q9", StatusCode::NOT_FOUND),
        ("/criteria/xa-ntm-2021-2025/99", StatusCode::NOT_FOUND),
        ("/sets/no-such-set", StatusCode::NOT_FOUND),
        ("/export/evaluation.xlsx?period=2024Q9", StatusCode::BAD_REQUEST),
    ] {
        pages.push((p.into(), None, status));
    }
    pages.push(("/audit".into(), Some(&commune), StatusCode::FORBIDDEN));
    pages.push((
        "/audit?from=32/13/2024&unit=99999&who=khong-co&area=nope".into(),
        Some(&admin),
        StatusCode::BAD_REQUEST,
    ));
    // The change log shows the citations of thresholds as they were recorded (the demo's
    // illustrative layer was stored with its file's Vietnamese text): data of the log.
    let mut recorded = data.clone();
    for l in t.app.db.layers().await.unwrap() {
        recorded.extend(l.entries.into_iter().map(|e| e.source));
    }
    recorded.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    let mut found = Vec::new();
    for (path, who, status) in &pages {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = format!("{path}{sep}lang=en");
        let res = t.get(&url, *who).await;
        assert_eq!(res.status, *status, "{url}");
        assert!(res.body.contains("<html lang=\"en\">"), "{url} is in English");
        let on_page = if path.starts_with("/audit") { &recorded } else { &data };
        for w in vietnamese_words(&visible_text(&res.body), on_page) {
            found.push(format!("{url}: {w}"));
        }
    }
    // Refused input: the entry form's messages and the threshold form's.
    let fields = t.entry_fields("/entry/03413/2024?lang=en", &commune, &[("v:3.1", "abc"), ("v:10", "-5")]).await;
    let res = t.post_owned("/entry/03413/2024?set=xa-ntm-2021-2025&lang=en", &commune, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for w in vietnamese_words(&visible_text(&res.body), &data) {
        found.push(format!("POST /entry (refused): {w}"));
    }
    // One criterion's form: refused (a rate and its raw figures disagreeing), and copied from
    // the previous period.
    let changes = [("v:2.1", "80"), ("v:2.1.km_dat", "23"), ("v:2.1.km_tong", "40"), ("v:2.3", "x")];
    let fields = t.entry_fields("/entry/03413/2024/2?lang=en", &commune, &changes).await;
    let res = t.post_owned("/entry/03413/2024/2?set=xa-ntm-2021-2025&lang=en", &commune, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for w in vietnamese_words(&visible_text(&res.body), &data) {
        found.push(format!("POST /entry/…/2 (refused): {w}"));
    }
    let mut fields = t.entry_fields("/entry/03413/2024Q4/3?lang=en", &commune, &[]).await;
    fields.push(("copy".into(), "1".into()));
    let res = t.post_owned("/entry/03413/2024Q4/3?set=xa-ntm-2021-2025&lang=en", &commune, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("the empty fields"), "copied: {}", res.body);
    for w in vietnamese_words(&visible_text(&res.body), &data) {
        found.push(format!("POST /entry/…/3 (copied): {w}"));
    }
    for [indicator, key, year, value, citation, scope] in [
        ["3.1", "all", "20x5", "120", "", "99"],
        ["12.1", "tdmnpb", "", "abc", "QĐ", ""],
        ["9.1", "3", "", "1", "QĐ", ""],
    ] {
        let fields = [
            ("csrf", admin.csrf.as_str()),
            ("indicator", indicator),
            ("key", key),
            ("year", year),
            ("value", value),
            ("citation", citation),
            ("scope", scope),
        ];
        let res = t.post("/sets/xa-ntm-2021-2025/thresholds?lang=en", Some(&admin), &fields).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{fields:?}");
        assert!(res.body.contains("There is a problem — nothing was saved"), "the refusal in English: {fields:?}");
        for w in vietnamese_words(&visible_text(&res.body), &data) {
            found.push(format!("POST /sets/…/thresholds (refused {value}): {w}"));
        }
    }
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "Vietnamese on English pages ({}):\n{}", found.len(), found.join("\n"));
}

/// A verdict shows a short citation — the decision, its annex, how sure — in the reader's
/// language, linked to the set's sources page, which holds the research trail (source ids,
/// mirrors) in the reader's language, with its JSON twin.
#[tokio::test]
async fn a_verdict_cites_its_decision_shortly_and_the_trail_is_on_the_sets_sources_page() {
    let t = TestApp::demo().await;
    let unit = t.get("/units/03394?period=2024", None).await.body;
    let link = "<a class=\"sub\" href=\"/sets/xa-ntm-2021-2025/sources#i-15.3\">";
    assert!(
        unit.contains(&format!("{link}QĐ 318/QĐ-TTg, Phụ lục I; kiểm chứng một phần</a>")),
        "15.3 is partly verified"
    );
    assert!(!unit.contains("118.69.201.250"), "no mirror beside a verdict");
    let en = t.get("/units/03394?period=2024&lang=en", None).await.body;
    assert!(en.contains(&format!("{link}Decision 318/QĐ-TTg, Annex I; partly verified</a>")));
    assert!(en.contains("/sources#i-2.2\">illustrative threshold, not a legal text</a>"), "the demo's own");
    let criterion = t.get("/criteria/xa-ntm-2021-2025/10?period=2024&lang=en", None).await.body;
    // Not verified is the page's notice, said once; beside the verdict, the citation alone.
    assert!(criterion.contains("/sources#i-10\">Decision 318/QĐ-TTg, Annex I</a>"));
    let set = t.get("/sets/xa-ntm-2021-2025", None).await.body;
    assert!(set.contains("href=\"/sets/xa-ntm-2021-2025/sources\"") && !set.contains("118.69.201.250"));

    let sources = t.get("/sets/xa-ntm-2021-2025/sources", None).await;
    assert_eq!(sources.status, StatusCode::OK);
    assert!(sources.body.contains("id=\"i-15.3\""), "the anchor the citations link to");
    assert!(
        sources.body.contains("S29: bảng chỉ tiêu y tế trên trang mirror thuvienphapluat.vn (máy chủ 118.69.201.250")
    );
    assert!(sources.body.contains("id=\"rule-dbkk\""), "the rules' sources too");
    let sources_en = t.get("/sets/xa-ntm-2021-2025/sources?lang=en", None).await.body;
    assert!(sources_en.contains("S29: health indicator table on the thuvienphapluat.vn mirror (server 118.69.201.250"));
    assert!(sources_en.contains("illustrative threshold, not a legal text"), "the demo layer in English");
    // The demo's layer was stored from its file with the file's English twins: English pages use
    // them, as the file words them.
    assert!(sources_en.contains("Illustrative, for the demo; not a legal text"), "the layer's own source in English");
    let set_en = t.get("/sets/xa-ntm-2021-2025?lang=en", None).await.body;
    assert!(set_en.contains("Illustrative thresholds for the Tam Đường demo data"), "the layer's English title");

    let api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/sets/xa-ntm-2021-2025/sources", None).await.body).unwrap();
    assert_eq!(api["decision"], "318/QĐ-TTg");
    assert_eq!(api["annex"], "I");
    let row = api["rows"].as_array().unwrap().iter().find(|r| r["kind"] == "threshold" && r["id"] == "15.3").unwrap();
    assert_eq!(row["confidence"], "partial");
    assert!(
        row["source"].as_str().unwrap().starts_with("S29: ") && row["source_en"].as_str().unwrap().starts_with("S29: ")
    );
    let unit_api: serde_json::Value =
        serde_json::from_str(&t.get("/api/v1/units/03394?period=2024", None).await.body).unwrap();
    let text = unit_api.to_string();
    assert!(
        text.contains("\"citation\":{\"annex\":\"I\",\"confidence\":\"partial\",\"decision\":\"318/QĐ-TTg\""),
        "{}",
        &text[..200]
    );
    let openapi = t.get("/api/openapi.json", None).await.body;
    assert!(openapi.contains("/api/v1/sets/{id}/sources"));
}
