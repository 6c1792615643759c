//! Makes the Fluent files of `locales/vi` and `locales/en` into Rust: one method of `T` per
//! message, taking its variables as arguments. The build fails — so the program cannot exist
//! incomplete — when a file or a message is in one language only, when the two languages of a
//! message do not use the same variables, or when a file uses Fluent beyond what is generated
//! here (text, `{ $variable }`, `{ "literal" }`, and selects on a variable: plural categories or
//! exact numbers for a count, words for a code).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};

const LANGS: [&str; 2] = ["vi", "en"];

/// How a variable is used: shown, selected on as a count, or selected on as a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Use {
    Shown,
    Count,
    Code,
}

struct Message {
    file: String,
    /// The value read, per language.
    parts: BTreeMap<&'static str, Vec<Part>>,
    /// The runs of literal text per language (for tests that look for them on pages).
    text: BTreeMap<&'static str, Vec<String>>,
    vars: BTreeMap<&'static str, BTreeMap<String, Use>>,
    /// The variables in the order the Vietnamese text first uses them: the methods' order.
    order: Vec<String>,
}

fn fail(msg: String) -> ! {
    eprintln!("ntm-text: {msg}");
    std::process::exit(1)
}

fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

fn is_plural(keys: &[&VariantKey<&str>]) -> bool {
    keys.iter().all(|k| match k {
        VariantKey::NumberLiteral { .. } => true,
        VariantKey::Identifier { name } => matches!(*name, "zero" | "one" | "two" | "few" | "many" | "other"),
    })
}

/// A message's value, read.
#[derive(Debug)]
enum Part {
    Text(String),
    Var(String),
    /// A select on a variable: the variants' keys (number or identifier) and the default.
    Select {
        var: String,
        count: bool,
        arms: Vec<(VariantKeyOwned, Vec<Part>)>,
        default: Vec<Part>,
    },
}

#[derive(Debug)]
enum VariantKeyOwned {
    Number(String),
    Name(String),
}

fn note(vars: &mut BTreeMap<String, Use>, name: &str, u: Use, at: &str) {
    let merged = match (vars.get(name).copied(), u) {
        (None, u) => u,
        // A code may also be shown as it is (the default of a select over codes).
        (Some(Use::Code), Use::Code | Use::Shown) | (Some(Use::Shown), Use::Code) => Use::Code,
        (Some(Use::Code), Use::Count) | (Some(Use::Count), Use::Code) => {
            fail(format!("{at}: ${name} is used both as a code and as a count"))
        }
        // A count may also be shown: it stays a count.
        (Some(a), b) => a.max(b),
    };
    vars.insert(name.to_string(), merged);
}

fn read_pattern(p: &Pattern<&str>, vars: &mut BTreeMap<String, Use>, at: &str) -> Vec<Part> {
    p.elements
        .iter()
        .map(|el| match el {
            PatternElement::TextElement { value } => Part::Text(value.to_string()),
            PatternElement::Placeable { expression } => read_expression(expression, vars, at),
        })
        .collect()
}

fn read_expression(e: &Expression<&str>, vars: &mut BTreeMap<String, Use>, at: &str) -> Part {
    match e {
        Expression::Inline(InlineExpression::VariableReference { id }) => {
            note(vars, id.name, Use::Shown, at);
            Part::Var(id.name.to_string())
        }
        Expression::Inline(InlineExpression::StringLiteral { value }) => {
            if value.contains('\\') {
                fail(format!("{at}: escapes in string literals are not supported"))
            }
            Part::Text(value.to_string())
        }
        Expression::Select { selector: InlineExpression::VariableReference { id }, variants } => {
            let keys: Vec<&VariantKey<&str>> = variants.iter().map(|v| &v.key).collect();
            let count = is_plural(&keys);
            note(vars, id.name, if count { Use::Count } else { Use::Code }, at);
            let mut arms = Vec::new();
            let mut default = None;
            for v in variants {
                let body = read_pattern(&v.value, vars, at);
                if v.default {
                    default = Some(body);
                } else {
                    let key = match &v.key {
                        VariantKey::NumberLiteral { value } => VariantKeyOwned::Number(value.to_string()),
                        VariantKey::Identifier { name } => VariantKeyOwned::Name(name.to_string()),
                    };
                    arms.push((key, body));
                }
            }
            let Some(default) = default else { fail(format!("{at}: a select without a default variant")) };
            Part::Select { var: id.name.to_string(), count, arms, default }
        }
        _ => fail(format!("{at}: only variables, string literals and selects on a variable are supported")),
    }
}

/// The variables of the parts, in the order they first appear.
fn order_of(parts: &[Part], out: &mut Vec<String>) {
    for p in parts {
        match p {
            Part::Text(_) => {}
            Part::Var(v) => {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Part::Select { var, arms, default, .. } => {
                if !out.contains(var) {
                    out.push(var.clone());
                }
                for (_, b) in arms {
                    order_of(b, out);
                }
                order_of(default, out);
            }
        }
    }
}

/// The runs of literal text of the parts, every variant's included.
fn fragments(parts: &[Part], out: &mut Vec<String>) {
    for p in parts {
        match p {
            Part::Text(t) if !t.trim().is_empty() => out.push(t.trim().to_string()),
            Part::Text(_) | Part::Var(_) => {}
            Part::Select { arms, default, .. } => {
                for (_, b) in arms {
                    fragments(b, out);
                }
                fragments(default, out);
            }
        }
    }
}

/// Whether the parts can be one `&'static str`: all text, or one select of such parts.
fn static_ok(parts: &[Part]) -> bool {
    match parts {
        [Part::Select { arms, default, .. }] => static_ok(default) && arms.iter().all(|(_, b)| static_ok(b)),
        _ => parts.iter().all(|p| matches!(p, Part::Text(_))),
    }
}

fn has_var(parts: &[Part]) -> bool {
    parts.iter().any(|p| match p {
        Part::Text(_) => false,
        Part::Var(_) => true,
        Part::Select { arms, default, .. } => has_var(default) || arms.iter().any(|(_, b)| has_var(b)),
    })
}

fn condition(var: &str, count: bool, key: &VariantKeyOwned, lang: &str) -> String {
    match (key, count) {
        (VariantKeyOwned::Number(n), _) => format!("{var} == {n}_i64"),
        (VariantKeyOwned::Name(name), true) => format!("crate::plural({lang:?}, {var}) == {name:?}"),
        (VariantKeyOwned::Name(name), false) => format!("{var} == {name:?}"),
    }
}

/// Rust code of a `String` made of the parts.
fn string_code(parts: &[Part], lang: &str) -> String {
    let mut code = String::from("{ let mut s = String::new();");
    for p in parts {
        match p {
            Part::Text(t) => {
                let _ = write!(code, " s.push_str({});", rust_str(t));
            }
            Part::Var(v) => {
                let _ = write!(code, " s.push_str(&{v}.to_string());");
            }
            Part::Select { var, count, arms, default } => {
                let mut sel = String::new();
                for (k, body) in arms {
                    let _ =
                        write!(sel, "if {} {{ {} }} else ", condition(var, *count, k, lang), string_code(body, lang));
                }
                let _ = write!(code, " s.push_str(&({sel}{{ {} }}));", string_code(default, lang));
            }
        }
    }
    code.push_str(" s }");
    code
}

/// Rust code of a `&'static str` of the parts (which hold no shown variable).
fn static_code(parts: &[Part], lang: &str) -> String {
    match parts {
        [] => "\"\"".into(),
        [Part::Select { var, count, arms, default }] => {
            let mut sel = String::new();
            for (k, body) in arms {
                let _ = write!(sel, "if {} {{ {} }} else ", condition(var, *count, k, lang), static_code(body, lang));
            }
            format!("{sel}{{ {} }}", static_code(default, lang))
        }
        _ if parts.iter().all(|p| matches!(p, Part::Text(_))) => {
            rust_str(&parts.iter().map(|p| if let Part::Text(t) = p { t.as_str() } else { "" }).collect::<String>())
        }
        _ => fail(format!("a fixed text mixes selects and text: {parts:?}")),
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut messages: BTreeMap<String, Message> = BTreeMap::new();
    let mut files: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for lang in LANGS {
        let dir = root.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| fail(format!("{}: {e}", dir.display())))
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        names.sort();
        for path in names {
            println!("cargo:rerun-if-changed={}", path.display());
            let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            files.entry(lang).or_default().insert(file.clone());
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
            let resource = fluent_syntax::parser::parse(source.as_str())
                .unwrap_or_else(|(_, errors)| fail(format!("{lang}/{file}: {errors:?}")));
            for entry in &resource.body {
                match entry {
                    Entry::Message(m) => {
                        let name = m.id.name.to_string();
                        let at = format!("{lang}/{file}: {name}");
                        let Some(value) = &m.value else { fail(format!("{at}: no value")) };
                        if !m.attributes.is_empty() {
                            fail(format!("{at}: attributes are not supported"))
                        }
                        let mut vars = BTreeMap::new();
                        let parts = read_pattern(value, &mut vars, &at);
                        let mut text = Vec::new();
                        fragments(&parts, &mut text);
                        let entry = messages.entry(name.clone()).or_insert_with(|| Message {
                            file: file.clone(),
                            parts: BTreeMap::new(),
                            text: BTreeMap::new(),
                            vars: BTreeMap::new(),
                            order: Vec::new(),
                        });
                        if entry.file != file {
                            fail(format!("{at}: also in {}", entry.file))
                        }
                        if lang == "vi" {
                            order_of(&parts, &mut entry.order);
                        }
                        if entry.parts.insert(lang, parts).is_some() {
                            fail(format!("{at}: given twice"))
                        }
                        entry.text.insert(lang, text);
                        entry.vars.insert(lang, vars);
                    }
                    Entry::Term(t) => fail(format!("{lang}/{file}: term -{} (terms are not supported)", t.id.name)),
                    Entry::Junk { content } => fail(format!("{lang}/{file}: cannot read: {content}")),
                    _ => {}
                }
            }
        }
    }
    if files.get("vi") != files.get("en") {
        fail(format!("the files differ between the languages: {files:?}"))
    }
    let mut out = String::new();
    out.push_str("impl T {\n");
    let mut all = String::from(
        "/// Every message: its name and its runs of literal text, Vietnamese then English.\npub const ALL: &[(&str, &[&str], &[&str])] = &[\n",
    );
    for (name, m) in &messages {
        for lang in LANGS {
            if !m.parts.contains_key(lang) {
                fail(format!("{name} ({}) has no {lang} text", m.file))
            }
        }
        let (vi, en) = (&m.vars["vi"], &m.vars["en"]);
        if vi.keys().collect::<Vec<_>>() != en.keys().collect::<Vec<_>>() {
            fail(format!("{name} ({}): the languages use different variables: vi {vi:?}, en {en:?}", m.file))
        }
        // The stronger use wins (a count in one language, shown in the other, is a count).
        let vars: Vec<(String, Use)> = m
            .order
            .iter()
            .map(|k| {
                let (u, e) = (&vi[k], en[k]);
                let merged = match (*u, e) {
                    (Use::Code, _) | (_, Use::Code) => Use::Code,
                    (a, b) => a.max(b),
                };
                (k.clone(), merged)
            })
            .collect();
        let params: String = vars
            .iter()
            .map(|(k, u)| match u {
                Use::Shown => format!(", {k}: impl std::fmt::Display"),
                Use::Count => format!(", {k}: impl crate::Count"),
                Use::Code => format!(", {k}: &str"),
            })
            .collect();
        let counts: String = vars
            .iter()
            .filter(|(_, u)| *u == Use::Count)
            .map(|(k, _)| format!("let {k}: i64 = {k}.count(); "))
            .collect();
        let fixed = vars.iter().all(|(_, u)| *u == Use::Code) && m.parts.values().all(|p| !has_var(p) && static_ok(p));
        let ret = if fixed { "&'static str" } else { "String" };
        let body = |lang: &str| {
            let parts = &m.parts[lang];
            if fixed { static_code(parts, lang) } else { string_code(parts, lang) }
        };
        let _ = writeln!(
            out,
            "    /// `{}` ({}).\n    #[allow(unused_variables, clippy::all)]\n    pub fn {name}(&self{params}) -> {ret} {{ {counts}match self.lang {{ ntm_domain::Lang::Vi => {}, ntm_domain::Lang::En => {} }} }}",
            name,
            m.file,
            body("vi"),
            body("en")
        );
        let _ = writeln!(all, "    ({:?}, &{:?}, &{:?}),", name, m.text["vi"], m.text["en"]);
    }
    out.push_str("}\n\n");
    all.push_str("];\n");
    out.push_str(&all);
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| fail("no OUT_DIR".into()))).join("messages.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| fail(format!("{}: {e}", dest.display())));
}
