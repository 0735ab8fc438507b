//! Bad input gets a clear error, nothing is lost, nothing panics (issue 6).
//!
//! The bad-input matrix runs the binary on each kind of bad input named in the issue —
//! missing file, permission denied, unreadable directory, invalid UTF-8, binary file, empty
//! file, malformed JSON Lines, HTML that is not HTML — always between two good documents in
//! the same run, for `figures` and for `ledger`. Each case asserts: exactly one stderr line,
//! naming the file (and the line for JSON Lines) and what is wrong; the exit status (1 when an
//! input failed, 0 for a benign skip or a lossy decode); the good documents' rows all present,
//! exactly as the library finds them; and the summary line's counts adding up to the inputs.
//! Below the matrix: usage errors (status 2), a broken pipe (quiet, status 0), `-o` writes
//! (atomic, no temporary file left behind), and CSV formula injection.
//!
//! Cases whose assertions depend on file permissions are skipped when running as root (root
//! reads a file whatever its mode). To check them, run the test binary as an unprivileged
//! user, e.g. `runuser -u nobody -- target/debug/deps/robustness-HASH`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use pledger::figures::{self, Options};
use pledger::{plain, pledges};

const BIN: &str = env!("CARGO_BIN_EXE_pledger");

// ---------------------------------------------------------------------------------------
// Running the binary

/// What one run of the binary gave.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The stderr lines other than the summary line.
    fn problems(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| !l.contains(" documents read, ")).collect()
    }

    /// The summary line's counts: documents read, skipped, failed.
    fn counts(&self) -> Option<(u64, u64, u64)> {
        let line = self.stderr.lines().find(|l| l.contains(" documents read, "))?;
        let nums: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(3)
            .map(|s| s.parse().unwrap())
            .collect();
        Some((nums[0], nums[1], nums[2]))
    }

    /// Everything about the run, for assertion messages.
    fn show(&self) -> String {
        format!("status {:?}\n--- stderr\n{}--- stdout\n{}", self.status, self.stderr, self.stdout)
    }
}

/// Runs the binary in `dir` with `args` and `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pledger");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // Write from another thread so that a large output cannot block the child.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Run {
        status: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A scratch directory unique to this test; removed (permissions restored first) on drop,
/// unless it lies inside another one.
struct Scratch {
    dir: PathBuf,
    owned: bool,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("pledger-robustness-{}-{n}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch { dir, owned: true }
    }

    /// A subdirectory, removed with its parent.
    fn within(&self, name: &str) -> Scratch {
        let dir = self.dir.join(name);
        fs::create_dir_all(&dir).unwrap();
        Scratch { dir, owned: false }
    }

    fn path(&self) -> &Path {
        &self.dir
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    }

    /// The names of the entries directly inside the directory, sorted.
    fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.owned {
            restore_permissions(&self.dir);
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn restore_permissions(dir: &Path) {
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            let _ = fs::set_permissions(&p, fs::Permissions::from_mode(0o755));
            if p.is_dir() {
                restore_permissions(&p);
            }
        }
    }
}

/// Whether a mode-000 file can be read anyway (running as root), which makes the
/// permission cases meaningless.
fn permissions_are_ignored(dir: &Path) -> bool {
    let p = dir.join(".probe");
    fs::write(&p, "x").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read(&p).is_ok();
    let _ = fs::remove_file(&p);
    readable
}

/// The subcommands the matrix runs: `figures`, and `ledger` when the binary has it.
fn subcommands() -> Vec<&'static str> {
    let has = |sub: &str| {
        Command::new(BIN).args([sub, "--help"]).output().map(|o| o.status.success()).unwrap_or(false)
    };
    ["figures", "ledger"].into_iter().filter(|s| has(s)).collect()
}

// ---------------------------------------------------------------------------------------
// What the good documents must give

/// Two good documents, each with money, counted goods and a pledge.
const GOOD: [(&str, &str); 2] = [
    ("good.txt", "Japan granted Peru a $20m loan and 300 tractors.\n"),
    ("after.txt", "Britain will lend Kenya £50m ($64m) to buy 200 tractors.\n"),
];

/// The rows the library gives for `text`, as (column, value) maps holding the columns the
/// subcommand shares with the library's types.
fn expected_rows(sub: &str, text: &str) -> Vec<BTreeMap<&'static str, String>> {
    let found = figures::extract(text, &Options::default());
    match sub {
        "figures" => found
            .figures
            .iter()
            .map(|f| {
                BTreeMap::from([
                    ("kind", f.kind().to_string()),
                    ("text", f.text(text).to_string()),
                    ("value", plain(f.value)),
                    ("unit", f.unit_str().to_string()),
                    ("qualifier", f.qualifier.to_string()),
                    ("high", f.high.map(plain).unwrap_or_default()),
                    ("start", f.start.to_string()),
                    ("end", f.end.to_string()),
                ])
            })
            .collect(),
        _ => pledges::extract(text, &found.figures)
            .iter()
            .map(|p| {
                let amount = p.amount.map(|i| &found.figures[i]);
                BTreeMap::from([
                    ("donor", p.donor.clone()),
                    ("recipient", p.recipient.clone()),
                    ("amount", amount.map(|f| plain(f.value)).unwrap_or_default()),
                    ("currency", amount.map(|f| f.unit_str().to_string()).unwrap_or_default()),
                    ("amount_text", text[p.span.0..p.span.1].to_string()),
                    ("stage", p.stage.to_string()),
                    ("start", p.span.0.to_string()),
                    ("end", p.span.1.to_string()),
                ])
            })
            .collect(),
    }
}

/// The CSV rows of `doc` in `out`, restricted to the columns of `like`.
fn rows_of(out: &str, doc: &str, like: &[&'static str]) -> Vec<BTreeMap<&'static str, String>> {
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().expect("a CSV header").iter().map(String::from).collect();
    let col =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    r.records()
        .map(|rec| rec.expect("well-formed CSV"))
        .filter(|rec| &rec[col("doc")] == doc)
        .map(|rec| like.iter().map(|&name| (name, rec[col(name)].to_string())).collect())
        .collect()
}

/// Asserts that every good document's rows are in the output, exactly as the library finds
/// them, and that each gives at least one row.
fn assert_documents_complete(sub: &str, run: &Run, docs: &[(String, String)], case: &str) {
    for (id, text) in docs {
        let want = expected_rows(sub, text);
        assert!(!want.is_empty(), "{case}: {sub}: the good document {id} should give rows");
        let like: Vec<&'static str> = want[0].keys().copied().collect();
        let got = rows_of(&run.stdout, id, &like);
        assert_eq!(got, want, "{case}: {sub}: rows of {id}\n{}", run.show());
    }
}

// ---------------------------------------------------------------------------------------
// The bad-input matrix

/// One kind of bad input.
struct Case {
    name: &'static str,
    /// Creates the bad input in the directory and returns the arguments naming it, or `None`
    /// when the case cannot be set up here (permissions, when running as root).
    setup: fn(&Scratch) -> Option<Vec<String>>,
    /// What the one stderr line must contain: the file (and line), and what is wrong.
    message: &'static [&'static str],
    /// The exit status.
    status: i32,
    /// The summary line's documents read, skipped and failed, counting the two good documents.
    counts: (u64, u64, u64),
    /// Good documents inside the bad input (JSON Lines lines, a lossily decoded file) whose
    /// rows must be complete too: (id, text).
    inside: fn() -> Vec<(String, String)>,
}

fn nothing_inside() -> Vec<(String, String)> {
    Vec::new()
}

fn args(a: &[&str]) -> Option<Vec<String>> {
    Some(a.iter().map(|s| s.to_string()).collect())
}

/// A JSON Lines file whose second line is `bad`, between two good lines.
fn jsonl_with(s: &Scratch, bad: &[u8]) -> Option<Vec<String>> {
    let mut data = Vec::new();
    data.extend_from_slice(JSONL_GOOD[0].as_bytes());
    data.push(b'\n');
    data.extend_from_slice(bad);
    data.push(b'\n');
    data.extend_from_slice(JSONL_GOOD[1].as_bytes());
    data.push(b'\n');
    s.write("bad.jsonl", data);
    args(&["bad.jsonl"])
}

const JSONL_GOOD: [&str; 2] = [
    r#"{"text": "Canada will provide Haiti C$25 million and 40 tonnes of wheat."}"#,
    r#"{"text": "The EU pledged Sudan €1bn and 12 ambulances."}"#,
];

fn jsonl_good_inside() -> Vec<(String, String)> {
    JSONL_GOOD
        .iter()
        .zip(["bad.jsonl:1", "bad.jsonl:3"])
        .map(|(line, id)| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (id.to_string(), v["text"].as_str().unwrap().to_string())
        })
        .collect()
}

const INVALID_UTF8: &[u8] = b"Norway gave Mali \xff\xfe NOK 5m and 30 generators.\n";

const CASES: &[Case] = &[
    Case {
        name: "missing file",
        setup: |_| args(&["missing.txt"]),
        message: &["missing.txt", "no such file"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
    Case {
        name: "permission denied",
        setup: |s| {
            let p = s.write("secret.txt", "Japan granted Peru a $20m loan.");
            fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
            if permissions_are_ignored(s.path()) { None } else { args(&["secret.txt"]) }
        },
        message: &["secret.txt", "permission denied"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
    Case {
        name: "unreadable directory",
        setup: |s| {
            s.write("locked/inside.txt", "Japan granted Peru a $20m loan.");
            fs::set_permissions(s.path().join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
            if permissions_are_ignored(s.path()) { None } else { args(&["locked"]) }
        },
        message: &["locked", "permission denied"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
    Case {
        name: "unreadable file inside a directory",
        setup: |s| {
            let p = s.write("inbox/secret.txt", "Japan granted Peru a $20m loan.");
            fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
            if permissions_are_ignored(s.path()) { None } else { args(&["inbox"]) }
        },
        message: &["inbox/secret.txt", "permission denied"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
    Case {
        // Decoded lossily with a warning; offsets refer to the decoded text (documented in
        // `pledger::input`). The document is read, not failed.
        name: "invalid UTF-8",
        setup: |s| {
            s.write("latin.txt", INVALID_UTF8);
            args(&["latin.txt"])
        },
        message: &["latin.txt", "invalid UTF-8", "byte 17"],
        status: 0,
        counts: (3, 0, 0),
        inside: || vec![("latin.txt".into(), String::from_utf8_lossy(INVALID_UTF8).into_owned())],
    },
    Case {
        name: "binary file",
        setup: |s| {
            s.write("blob.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00 Japan granted Peru a $20m loan.");
            args(&["blob.txt"])
        },
        message: &["blob.txt", "binary"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
    Case {
        name: "empty file",
        setup: |s| {
            s.write("empty.txt", "");
            args(&["empty.txt"])
        },
        message: &["empty.txt", "empty"],
        status: 0,
        counts: (2, 1, 0),
        inside: nothing_inside,
    },
    Case {
        name: "blank file",
        setup: |s| {
            s.write("blank.md", " \n\t\r\n\n");
            args(&["blank.md"])
        },
        message: &["blank.md", "empty"],
        status: 0,
        counts: (2, 1, 0),
        inside: nothing_inside,
    },
    Case {
        name: "HTML file that is not HTML",
        setup: |s| {
            s.write("page.html", "Japan granted Peru a $20m loan, said the note (not HTML).\n");
            args(&["page.html"])
        },
        message: &["page.html", "not HTML"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
    Case {
        name: "HTML without visible text",
        setup: |s| {
            s.write(
                "script.html",
                "<html><head><script>var aid = '$20m';</script></head><body></body></html>",
            );
            args(&["script.html"])
        },
        message: &["script.html", "no visible text"],
        status: 0,
        counts: (2, 1, 0),
        inside: nothing_inside,
    },
    Case {
        name: "JSON Lines: bad JSON",
        setup: |s| jsonl_with(s, br#"{"text": "Japan granted Peru a $20m loan.""#),
        message: &["bad.jsonl:2", "invalid JSON"],
        status: 1,
        counts: (4, 0, 1),
        inside: jsonl_good_inside,
    },
    Case {
        name: "JSON Lines: missing text",
        setup: |s| jsonl_with(s, br#"{"id": "a1", "body": "Japan granted Peru a $20m loan."}"#),
        message: &["bad.jsonl:2", "missing", "text"],
        status: 1,
        counts: (4, 0, 1),
        inside: jsonl_good_inside,
    },
    Case {
        name: "JSON Lines: text not a string",
        setup: |s| jsonl_with(s, br#"{"text": 20000000}"#),
        message: &["bad.jsonl:2", "\"text\" is not a string"],
        status: 1,
        counts: (4, 0, 1),
        inside: jsonl_good_inside,
    },
    Case {
        name: "JSON Lines: not an object",
        setup: |s| jsonl_with(s, br#"["Japan granted Peru a $20m loan."]"#),
        message: &["bad.jsonl:2", "object"],
        status: 1,
        counts: (4, 0, 1),
        inside: jsonl_good_inside,
    },
    Case {
        name: "JSON Lines: empty text",
        setup: |s| jsonl_with(s, br#"{"text": "  "}"#),
        message: &["bad.jsonl:2", "empty"],
        status: 0,
        counts: (4, 1, 0),
        inside: jsonl_good_inside,
    },
    Case {
        name: "JSON Lines: binary",
        setup: |s| jsonl_with(s, b"{\"text\": \"\x00\x01\x02\"}"),
        message: &["bad.jsonl", "binary"],
        status: 1,
        counts: (2, 0, 1),
        inside: nothing_inside,
    },
];

/// The JSON Lines case the issue's wording asks more of: a lossily decoded line's warning
/// names the file and the line even when the line has an `"id"`.
const JSONL_INVALID_UTF8: Case = Case {
    name: "JSON Lines: invalid UTF-8 in a line with an id",
    setup: |s| jsonl_with(s, b"{\"id\": \"n1\", \"text\": \"Norway gave Mali \xff NOK 5m.\"}"),
    message: &["bad.jsonl:2", "invalid UTF-8"],
    status: 0,
    counts: (4, 0, 0),
    inside: jsonl_good_inside,
};

/// Runs one case for every subcommand and checks everything the issue asks.
fn check_case(case: &Case) {
    for sub in subcommands() {
        let s = Scratch::new("matrix");
        let Some(bad) = (case.setup)(&s) else {
            eprintln!("{}: skipped (running as root: file permissions are not enforced)", case.name);
            return;
        };
        for (name, text) in GOOD {
            s.write(name, text);
        }
        let mut argv: Vec<String> = vec![sub.to_string(), GOOD[0].0.to_string()];
        argv.extend(bad);
        argv.push(GOOD[1].0.to_string());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let run = run_in(s.path(), &argv, b"");
        let what = format!("{} ({sub})", case.name);

        let problems = run.problems();
        assert_eq!(problems.len(), 1, "{what}: expected exactly one problem line\n{}", run.show());
        let line = problems[0];
        assert!(line.starts_with("pledger: "), "{what}: {line:?}");
        for needle in case.message {
            assert!(line.contains(needle), "{what}: the line should contain {needle:?}: {line:?}");
        }
        assert_eq!(run.status, Some(case.status), "{what}: exit status\n{}", run.show());

        let mut docs: Vec<(String, String)> =
            GOOD.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        docs.extend((case.inside)());
        assert_documents_complete(sub, &run, &docs, &what);

        let counts = run.counts().unwrap_or_else(|| panic!("{what}: no summary line\n{}", run.show()));
        assert_eq!(counts, case.counts, "{what}: (read, skipped, failed)\n{}", run.show());
    }
}

/// Runs the cases whose names start with `prefix` (at least one).
fn check_cases(prefix: &str) {
    let cases: Vec<&Case> = CASES.iter().filter(|c| c.name.starts_with(prefix)).collect();
    assert!(!cases.is_empty(), "no case named {prefix}...");
    for case in cases {
        check_case(case);
    }
}

#[test]
fn missing_file() {
    check_cases("missing file");
}

#[test]
fn permission_denied() {
    check_cases("permission denied");
}

#[test]
fn unreadable_directory() {
    check_cases("unreadable directory");
}

#[test]
fn unreadable_file_inside_a_directory() {
    check_cases("unreadable file inside a directory");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    check_cases("invalid UTF-8");
}

#[test]
fn binary_file() {
    check_cases("binary file");
}

#[test]
fn empty_file_is_a_benign_skip() {
    check_cases("empty file");
    check_cases("blank file");
}

#[test]
fn html_that_is_not_html() {
    check_cases("HTML");
}

#[test]
fn malformed_jsonl_lines() {
    check_cases("JSON Lines: ");
}

#[test]
#[ignore = "mismatch with issue 6: the warning names the line's id (`n1`), not bad.jsonl:2"]
fn invalid_utf8_in_a_jsonl_line_names_the_file_and_line() {
    check_case(&JSONL_INVALID_UTF8);
}

/// Every bad input at once, with a directory walk: one line per problem, the counts add up.
#[test]
fn all_bad_inputs_in_one_run() {
    for sub in subcommands() {
        let s = Scratch::new("all");
        let mut argv: Vec<String> = vec![sub.to_string()];
        let mut lines = 0;
        let (mut read, mut skipped, mut failed) = (0, 0, 0);
        for (i, case) in CASES.iter().enumerate() {
            // Each case in its own subdirectory, so that file names do not clash.
            let dir = s.within(&format!("case{i:02}"));
            let Some(bad) = (case.setup)(&dir) else { continue };
            argv.extend(bad.iter().map(|b| dir.path().join(b).to_string_lossy().into_owned()));
            lines += 1;
            read += case.counts.0 - 2;
            skipped += case.counts.1;
            failed += case.counts.2;
        }
        for (name, text) in GOOD {
            argv.push(s.write(name, text).to_string_lossy().into_owned());
            read += 1;
        }
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let run = run_in(s.path(), &argv, b"");
        assert_eq!(run.problems().len(), lines, "{sub}: one line per problem\n{}", run.show());
        assert_eq!(run.counts(), Some((read, skipped, failed)), "{sub}\n{}", run.show());
        assert_eq!(run.status, Some(1), "{sub}\n{}", run.show());
    }
}

#[test]
fn malformed_jsonl_on_standard_input() {
    for sub in subcommands() {
        let s = Scratch::new("stdin");
        let input = format!("{}\n{{\"text\": 5}}\n\n{}\n", JSONL_GOOD[0], JSONL_GOOD[1]);
        let run = run_in(s.path(), &[sub, "--stdin-format", "jsonl"], input.as_bytes());
        let problems = run.problems();
        assert_eq!(problems.len(), 1, "{sub}\n{}", run.show());
        assert!(problems[0].contains(":2: ") && problems[0].contains("not a string"), "{sub}: {problems:?}");
        assert_eq!(run.status, Some(1), "{sub}\n{}", run.show());
        assert_eq!(run.counts(), Some((2, 0, 1)), "{sub}\n{}", run.show());
        let docs: Vec<(String, String)> = jsonl_good_inside()
            .into_iter()
            .zip(["<stdin>:1", "<stdin>:4"])
            .map(|((_, text), id)| (id.to_string(), text))
            .collect();
        assert_documents_complete(sub, &run, &docs, "stdin");
    }
}

#[test]
fn an_unreadable_rates_file_is_one_clear_line() {
    let help = Command::new(BIN).args(["ledger", "--help"]).output().unwrap();
    if !String::from_utf8_lossy(&help.stdout).contains("--rates") {
        eprintln!("skipped: ledger has no --rates option");
        return;
    }
    let s = Scratch::new("rates");
    for (name, text) in GOOD {
        s.write(name, text);
    }
    s.write("rates.csv", b"\x00\x01 not rates");
    for rates in ["missing-rates.csv", "rates.csv"] {
        let run =
            run_in(s.path(), &["ledger", "--base", "EUR", "--rates", rates, "good.txt", "after.txt"], b"");
        let problems = run.problems();
        assert_eq!(problems.len(), 1, "--rates {rates}\n{}", run.show());
        assert!(problems[0].contains(rates), "--rates {rates}: {problems:?}");
        assert_ne!(run.status, Some(0), "--rates {rates}\n{}", run.show());
        assert!(run.status.is_some(), "--rates {rates}: killed by a signal\n{}", run.show());
    }
}

// ---------------------------------------------------------------------------------------
// Usage errors, broken pipes, output files

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let s = Scratch::new("usage");
    s.write("good.txt", GOOD[0].1);
    for argv in [
        &[][..],
        &["frobnicate", "good.txt"],
        &["figures", "--bogus", "good.txt"],
        &["figures", "--format", "yaml", "good.txt"],
        &["figures", "--stdin-format", "xml"],
        &["figures", "--dollar", "QQQ", "good.txt"],
        &["figures", "--dollar", "usd1", "good.txt"],
        &["figures", "good.txt", "-o"],
        &["ledger", "--bogus", "good.txt"],
    ] {
        let run = run_in(s.path(), argv, b"");
        assert_eq!(run.status, Some(2), "{argv:?}\n{}", run.show());
        assert!(run.stdout.is_empty(), "{argv:?}\n{}", run.show());
        assert!(!run.stderr.trim().is_empty(), "{argv:?}: a usage error says what is wrong");
    }
}

/// `pledger figures big.txt | head -1`: the reader goes away; the binary exits 0, silently.
#[test]
fn a_broken_pipe_exits_quietly_with_status_0() {
    let s = Scratch::new("pipe");
    // Megabytes of output, far more than a pipe and the writer's buffer hold: one pledge per
    // document, so that the ledger writes as much as the figures.
    s.write("big.jsonl", format!("{}\n", JSONL_GOOD[1]).repeat(20_000));
    for sub in subcommands() {
        let mut child = Command::new(BIN)
            .args([sub, "big.jsonl"])
            .current_dir(s.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        assert!(first.starts_with("doc,"), "{sub}: {first:?}");
        drop(out);
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{sub}: stderr {err}");
        assert_eq!(err, "", "{sub}: a broken pipe is not an error");
    }
}

/// Files other than the inputs and the target that a run left in the directory.
fn leftovers(s: &Scratch, expected: &[&str]) -> Vec<String> {
    s.entries().into_iter().filter(|n| !expected.contains(&n.as_str())).collect()
}

#[test]
fn dash_o_writes_the_whole_output_and_leaves_no_temporary_file() {
    for sub in subcommands() {
        let s = Scratch::new("out");
        for (name, text) in GOOD {
            s.write(name, text);
        }
        let to_stdout = run_in(s.path(), &[sub, "good.txt", "after.txt"], b"");
        let run = run_in(s.path(), &[sub, "good.txt", "missing.txt", "after.txt", "-o", "out.csv"], b"");
        assert_eq!(run.status, Some(1), "{sub}\n{}", run.show());
        assert!(run.stdout.is_empty());
        assert_eq!(fs::read_to_string(s.path().join("out.csv")).unwrap(), to_stdout.stdout, "{sub}");
        assert_eq!(leftovers(&s, &["good.txt", "after.txt", "out.csv"]), Vec::<String>::new(), "{sub}");
    }
}

#[test]
fn dash_o_into_a_missing_directory_fails_and_writes_nothing() {
    let s = Scratch::new("nodir");
    s.write("good.txt", GOOD[0].1);
    for target in ["no-such-dir/x.csv", "/nonexistent-pledger-dir/x.csv"] {
        let run = run_in(s.path(), &["figures", "good.txt", "-o", target], b"");
        assert_eq!(run.status, Some(1), "{target}\n{}", run.show());
        assert!(run.stderr.contains("x.csv"), "{target}: the message names the file\n{}", run.show());
        assert_eq!(run.stderr.lines().count(), 1, "{target}: one line\n{}", run.show());
        assert!(!Path::new(target).exists() && !s.path().join(target).exists());
        assert_eq!(leftovers(&s, &["good.txt"]), Vec::<String>::new());
    }
}

/// A target that cannot be replaced (a directory): the run fails and leaves no temporary file.
#[test]
fn dash_o_onto_a_directory_fails_and_leaves_no_temporary_file() {
    let s = Scratch::new("rename");
    s.write("good.txt", GOOD[0].1);
    fs::create_dir_all(s.path().join("taken/sub")).unwrap();
    let run = run_in(s.path(), &["figures", "good.txt", "-o", "taken"], b"");
    assert_eq!(run.status, Some(1), "{}", run.show());
    assert!(run.stderr.contains("taken"), "{}", run.show());
    assert_eq!(leftovers(&s, &["good.txt", "taken"]), Vec::<String>::new());
}

/// `-o /dev/null` discards the output, and leaves the device a device: a temporary file
/// renamed over it would replace it (as root) or could not be made in /dev (as anyone else).
/// As root the test uses a device node of its own, made with `mknod`, never /dev/null itself.
#[test]
fn dash_o_onto_a_device_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let s = Scratch::new("device");
    s.write("good.txt", GOOD[0].1);
    let target = if permissions_are_ignored(s.path()) {
        let node = s.path().join("null");
        let made = Command::new("mknod").arg(&node).args(["c", "1", "3"]).status();
        if !made.is_ok_and(|st| st.success()) {
            eprintln!("skipped: running as root and mknod failed");
            return;
        }
        node
    } else {
        PathBuf::from("/dev/null")
    };
    let run = run_in(s.path(), &["figures", "good.txt", "-o", target.to_str().unwrap()], b"");
    assert_eq!(run.status, Some(0), "{}", run.show());
    assert!(fs::metadata(&target).unwrap().file_type().is_char_device(), "{} was replaced", target.display());
    let dir = target.parent().unwrap();
    let temps: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pledger-"))
        .collect();
    assert_eq!(temps, Vec::<String>::new(), "temporary files left in {}", dir.display());
}

/// While a run is still reading, the target does not exist; it appears, complete, at the end.
#[test]
fn dash_o_output_appears_only_when_complete() {
    let s = Scratch::new("atomic");
    let mut child = Command::new(BIN)
        .args(["figures", "--stdin-format", "jsonl", "-o", "out.csv"])
        .current_dir(s.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for _ in 0..2_000 {
        writeln!(stdin, "{}", JSONL_GOOD[0]).unwrap();
    }
    stdin.flush().unwrap();
    // Wait (without a time limit that could fail) until the run has created its file.
    let mut polls = 0u64;
    while s.entries().is_empty() {
        std::thread::sleep(std::time::Duration::from_millis(10));
        polls += 1;
        assert!(polls < 60_000, "the run never created a file");
    }
    let during = s.entries();
    assert!(!during.contains(&"out.csv".to_string()), "the target exists before the run ends: {during:?}");
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(s.entries(), ["out.csv"], "only the target is left");
    let text = fs::read_to_string(s.path().join("out.csv")).unwrap();
    let per_line = expected_rows("figures", &jsonl_good_inside()[0].1).len();
    assert_eq!(text.lines().count(), 1 + 2_000 * per_line, "the header and every figure");
}

// ---------------------------------------------------------------------------------------
// Formula injection

/// Columns that hold numbers, which are written as plain decimals and never altered.
const NUMERIC: &[&str] = &["value", "high", "amount", "start", "end", "base_amount", "fx_rate"];

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let lines = [
        r#"{"id": "=HYPERLINK(\"http://x\")", "text": "=Japan granted Peru a $20m loan."}"#,
        r#"{"id": "+1", "text": "+Britain will lend Kenya £50m ($64m) to buy 200 tractors."}"#,
        r#"{"id": "-2", "text": "-The EU pledged Sudan €1bn and 12 ambulances."}"#,
        r#"{"id": "@SUM(A1)", "text": "@Canada will provide Haiti C$25 million."}"#,
        r#"{"id": "\tx", "text": "\tNorway gave Mali NOK 5m and 30 generators."}"#,
        r#"{"id": "\rx", "text": "\r=cmd|' /C calc'!A0 Japan granted Peru -$5m and -300 tractors."}"#,
    ];
    let input = lines.join("\n") + "\n";
    for sub in subcommands() {
        let s = Scratch::new("formula");
        let run = run_in(s.path(), &[sub, "--stdin-format", "jsonl"], input.as_bytes());
        assert_eq!(run.status, Some(0), "{sub}\n{}", run.show());
        let mut r = csv::Reader::from_reader(run.stdout.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let mut rows = 0;
        for rec in r.records() {
            let rec = rec.unwrap();
            rows += 1;
            for (name, cell) in header.iter().zip(rec.iter()) {
                if NUMERIC.contains(&name.as_str()) || cell == "-" {
                    continue;
                }
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{sub}: column {name}: {cell:?}"
                );
            }
        }
        assert!(rows >= 5, "{sub}: {rows} rows\n{}", run.show());
    }
}
