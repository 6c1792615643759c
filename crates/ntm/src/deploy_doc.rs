//! DEPLOY.md cannot drift from the binary (issue 11, operations): every `ntm …` command line in
//! its code blocks is parsed by the real command-line definition.

use clap::{CommandFactory, Parser};

use crate::cli::Cli;

/// The commands another branch is adding (backup, restore, archive export and import): skipped
/// while this binary has no such subcommand, parsed as soon as it has.
const LANDING: [&str; 4] = ["backup", "restore", "export", "import"];

/// The lines of the fenced code blocks of a Markdown text, a line ending in `\` joined to the next.
fn code_lines(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
            continue;
        }
        if !inside {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(line);
                out.push(std::mem::take(&mut pending));
            }
        }
    }
    out
}

/// A shell line as words (quotes removed, a `#` word ending it), cut into commands at `|`, `||`,
/// `&&` and `;`.
fn commands(line: &str) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    let end_word = |word: &mut String, in_word: &mut bool, out: &mut Vec<Vec<String>>| {
        if *in_word {
            if let Some(last) = out.last_mut() {
                last.push(std::mem::take(word));
            }
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut in_word, &mut out),
            (None, '|' | ';' | '&') => {
                end_word(&mut word, &mut in_word, &mut out);
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                out.push(Vec::new());
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    end_word(&mut word, &mut in_word, &mut out);
    out.retain(|c| !c.is_empty());
    out
}

/// The arguments of `ntm` if this command runs it (directly, under `sudo -u USER`, or as a systemd
/// `ExecStart=`), with `ntm` first.
fn invocation(words: &[String]) -> Option<Vec<String>> {
    let mut rest = words;
    if rest.first().is_some_and(|w| w == "sudo") {
        rest = &rest[1..];
        if rest.first().is_some_and(|w| w == "-u") {
            rest = rest.get(2..)?;
        }
    }
    let first = rest.first()?;
    let program = first.strip_prefix("ExecStart=").unwrap_or(first);
    (program == "ntm" || program.ends_with("/bin/ntm"))
        .then(|| std::iter::once("ntm".to_string()).chain(rest[1..].iter().cloned()).collect())
}

/// Every `ntm` command line of the code blocks.
fn ntm_commands(markdown: &str) -> Vec<Vec<String>> {
    code_lines(markdown).iter().flat_map(|l| commands(l)).filter_map(|c| invocation(&c)).collect()
}

#[test]
fn every_ntm_command_in_deploy_md_parses_with_the_real_command_line() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../DEPLOY.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let known: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
    let (mut parsed, mut skipped) = (Vec::new(), Vec::new());
    for args in ntm_commands(&text) {
        let sub = args.get(1).cloned().unwrap_or_default();
        if LANDING.contains(&sub.as_str()) && !known.contains(&sub) {
            skipped.push(args.join(" "));
            continue;
        }
        if let Err(e) = Cli::try_parse_from(&args) {
            panic!("DEPLOY.md: `{}` does not parse:\n{e}", args.join(" "));
        }
        parsed.push(sub);
    }
    for needed in ["serve", "check", "user", "evaluate"] {
        assert!(parsed.iter().any(|s| s == needed), "DEPLOY.md shows `ntm {needed}`: {parsed:?}");
    }
    if !skipped.is_empty() {
        eprintln!("DEPLOY.md: skipped until this binary has them: {skipped:#?}");
    }
}

#[test]
fn the_reader_finds_ntm_where_a_shell_or_systemd_would_run_it_and_only_there() {
    let doc = "text `ntm serve --nope` outside a block\n```sh\n\
               echo 'a | b' | sudo -u ntm /usr/local/bin/ntm user list --database \"sqlite:///x y.db\" # ntm check\n\
               install -m 0755 target/release/ntm /usr/local/bin/ntm\n\
               journalctl -u ntm && ntm check \\\n  --format json\n\
               ```\n```ini\nExecStart=/usr/local/bin/ntm serve --bind 127.0.0.1:8080\n```\n";
    let found: Vec<String> = ntm_commands(doc).iter().map(|c| c.join(" ")).collect();
    assert_eq!(
        found,
        ["ntm user list --database sqlite:///x y.db", "ntm check   --format json", "ntm serve --bind 127.0.0.1:8080"]
            .map(|s| s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
    );
    // A flag the binary does not have is caught.
    assert!(Cli::try_parse_from(["ntm", "serve", "--no-such-flag"]).is_err());
    assert!(Cli::try_parse_from(["ntm", "check", "--format", "json"]).is_ok());
}
