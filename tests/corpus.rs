//! The figures corpus: plain-text cases under `tests/corpus/figures/`, run by this one harness.
//!
//! # Format
//!
//! A file is a sequence of blocks separated by blank lines. In a block:
//!
//! - lines starting with `#!` are directives for this block only: `dollar=CODE` sets
//!   [`Options::dollar`] (the `--dollar` option), `latent` sets [`Options::latent`] (the
//!   `--latent` option);
//! - other lines starting with `#` are comments;
//! - the input comes first: one or more lines, joined with `"\n"` into one document;
//! - then the expected figures, one line each, in document order:
//!   `= <figure Display> | <exact text span>`, for example
//!   `= money 1600000000 GBP | £1.6 billion` or
//!   `= quantity 5000 air defense missiles over | over 5,000 air defense missiles`;
//! - or the single line `= none`: the input must yield no figure at all.
//!
//! A block of comments only is allowed (section headings); an input line cannot start with
//! `#` or `=`.
//!
//! The harness extracts the figures of each block's document and compares the list of
//! `(Display, span text)` with the expected list, exactly and in order. It collects every
//! failure in every file and reports them together (file, line, input, expected, got) before
//! failing.
//!
//! `known_gaps.txt` holds cases the extractor gets wrong today, with the correct expectation.
//! It runs in report-only mode: its failures are printed and do not fail the test, and cases
//! that have started to pass are listed so they can move to their area file. See the gaps with
//! `cargo test --test corpus -- --nocapture`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use pledger::Currency;
use pledger::figures::{Options, extract};

/// The report-only file.
const KNOWN_GAPS: &str = "known_gaps.txt";

/// One block of a corpus file.
struct Case {
    /// File name, for messages.
    file: String,
    /// 1-based line of the block's first input line.
    line: usize,
    options: Options,
    /// How the block's directives read, for messages (empty for the defaults).
    directives: String,
    /// The document: input lines joined with "\n".
    input: String,
    /// Expected lines without the leading `= ` (empty for `= none`).
    expected: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/figures")
}

/// The corpus files in sorted order.
fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("tests/corpus/figures exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// Parses one corpus file into cases; format errors are returned as messages.
fn parse(file: &str, text: &str) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            parse_block(file, &block, &mut cases, &mut errors);
            block.clear();
        } else {
            block.push((i + 1, line));
        }
    }
    parse_block(file, &block, &mut cases, &mut errors);
    (cases, errors)
}

fn parse_block(file: &str, block: &[(usize, &str)], cases: &mut Vec<Case>, errors: &mut Vec<String>) {
    let mut options = Options::default();
    let mut directives = Vec::new();
    let mut input: Vec<&str> = Vec::new();
    let mut first_input_line = 0;
    let mut expected: Vec<String> = Vec::new();
    let mut none = false;
    for &(n, line) in block {
        let at = format!("{file}:{n}");
        if let Some(d) = line.strip_prefix("#!") {
            for word in d.split_whitespace() {
                match word.split_once('=') {
                    Some(("dollar", code)) => match Currency::new(code) {
                        Some(c) => options.dollar = c,
                        None => errors.push(format!("{at}: `{code}` is not an ISO 4217 code")),
                    },
                    None if word == "latent" => options.latent = true,
                    Some(("latent", "true")) => options.latent = true,
                    Some(("latent", "false")) => options.latent = false,
                    _ => errors.push(format!("{at}: unknown directive `{word}` (dollar=CODE, latent)")),
                }
                directives.push(word.to_string());
            }
        } else if line.starts_with('#') {
            // A comment.
        } else if let Some(rest) = line.strip_prefix('=') {
            if input.is_empty() {
                errors.push(format!("{at}: an expected line before any input line"));
            }
            let rest = rest.trim();
            if rest == "none" {
                none = true;
            } else if !rest.contains(" | ") {
                errors.push(format!("{at}: expected `= <figure> | <span>` or `= none`, found `{line}`"));
            } else {
                expected.push(rest.to_string());
            }
        } else if !expected.is_empty() || none {
            errors.push(format!("{at}: an input line after the expected lines (missing blank line?)"));
        } else {
            if input.is_empty() {
                first_input_line = n;
            }
            input.push(line);
        }
    }
    if input.is_empty() {
        if !directives.is_empty() {
            errors.push(format!("{file}:{}: directives without an input", block[0].0));
        }
        return;
    }
    if none && !expected.is_empty() {
        errors.push(format!("{file}:{first_input_line}: `= none` together with expected figures"));
        return;
    }
    if !none && expected.is_empty() {
        errors.push(format!("{file}:{first_input_line}: no expected lines (write `= none` for no figures)"));
        return;
    }
    cases.push(Case {
        file: file.to_string(),
        line: first_input_line,
        options,
        directives: directives.join(" "),
        input: input.join("\n"),
        expected,
    });
}

/// What the extractor gives for a case, in the expected-line form.
fn got(case: &Case) -> Vec<String> {
    let found = extract(&case.input, &case.options);
    found
        .figures
        .iter()
        .map(|f| {
            // A span off character boundaries would make `text` empty: show it plainly.
            let span = case.input.get(f.start..f.end).unwrap_or("<span off char boundaries>");
            format!("{f} | {span}")
        })
        .collect()
}

/// A failure report for one case.
fn report(case: &Case, got: &[String]) -> String {
    let mut s = format!("{}:{}\n", case.file, case.line);
    if !case.directives.is_empty() {
        let _ = writeln!(s, "  options:  {}", case.directives);
    }
    for (i, l) in case.input.lines().enumerate() {
        let _ = writeln!(s, "  {}{l}", if i == 0 { "input:    " } else { "          " });
    }
    let list = |v: &[String]| if v.is_empty() { vec!["none".to_string()] } else { v.to_vec() };
    for (i, l) in list(&case.expected).iter().enumerate() {
        let _ = writeln!(s, "  {}{l}", if i == 0 { "expected: " } else { "          " });
    }
    for (i, l) in list(got).iter().enumerate() {
        let _ = writeln!(s, "  {}{l}", if i == 0 { "got:      " } else { "          " });
    }
    s
}

#[test]
fn figures_corpus() {
    let mut failures = Vec::new();
    let mut gaps = Vec::new();
    let mut fixed = Vec::new();
    let (mut cases_run, mut gap_cases) = (0, 0);
    for path in corpus_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let (cases, errors) = parse(&name, &text);
        failures.extend(errors.into_iter().map(|e| format!("{e}\n")));
        if cases.is_empty() && name != KNOWN_GAPS {
            failures.push(format!("{name}: no cases\n"));
        }
        let report_only = name == KNOWN_GAPS;
        for case in &cases {
            let got = got(case);
            let ok = got == case.expected;
            if report_only {
                gap_cases += 1;
                if ok {
                    fixed.push(format!("{}:{}: {}\n", case.file, case.line, case.input.replace('\n', " / ")));
                } else {
                    gaps.push(report(case, &got));
                }
            } else {
                cases_run += 1;
                if !ok {
                    failures.push(report(case, &got));
                }
            }
        }
    }
    if !gaps.is_empty() {
        eprintln!("{} known gaps (report only, see {KNOWN_GAPS}):\n\n{}", gaps.len(), gaps.join("\n"));
    }
    if !fixed.is_empty() {
        eprintln!("{} known gaps now pass; move them to their area file:\n{}", fixed.len(), fixed.concat());
    }
    eprintln!("figures corpus: {cases_run} cases, {gap_cases} known gaps ({} still failing)", gaps.len());
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n\n{}\n{} corpus failures (of {cases_run} cases)",
        failures.len(),
        failures.join("\n"),
        failures.len()
    );
}

#[test]
fn the_format_parser_rejects_malformed_blocks() {
    let bad = [
        ("= money 1 GBP | £1\n", "before any input"),
        ("£1 was paid.\n", "no expected lines"),
        ("£1 was paid.\n= money 1 GBP | £1\nmore input\n", "after the expected lines"),
        ("£1 was paid.\n= none\n= money 1 GBP | £1\n", "together with"),
        ("£1 was paid.\n= money 1 GBP\n", "expected `= <figure> | <span>`"),
        ("#! dollar=cad\n$1 was paid.\n= none\n", "not an ISO 4217 code"),
        ("#! euro=EUR\n$1 was paid.\n= none\n", "unknown directive"),
    ];
    for (text, want) in bad {
        let (_, errors) = parse("t.txt", text);
        assert!(
            errors.iter().any(|e| e.contains(want)),
            "{text:?}: wanted an error with {want:?}, got {errors:?}"
        );
    }
    let (cases, errors) =
        parse("t.txt", "# heading\n\n#! dollar=CAD latent\n# why\nA\nB\n= money 1 CAD | $1\n= x | y\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].input, "A\nB");
    assert_eq!(cases[0].line, 5);
    assert_eq!(cases[0].options.dollar.as_str(), "CAD");
    assert!(cases[0].options.latent);
    assert_eq!(cases[0].expected, ["money 1 CAD | $1", "x | y"]);
}
