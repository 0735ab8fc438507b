//! The `pledger` binary end to end: output columns and formats, the audit-trail offsets, output
//! files, CSV safety, and exit statuses (0 ok, 1 some inputs failed, 2 usage).

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::process::{Command, Output, Stdio};

use pledger::input::{InputOptions, read_inputs};

mod common;
use common::{Scratch, root, run as pledger, run_ok};

const FIGURE_HEADER: &str = "doc,kind,text,value,unit,qualifier,high,start,end,rule";

/// Runs the binary with `input` on standard input.
fn pledger_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pledger"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pledger");
    child.stdin.take().unwrap().write_all(input.as_ref()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// CSV records as maps from column name to cell, plus the header.
fn parse_csv(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header.iter().cloned().zip(rec.iter().map(String::from)).collect()
        })
        .collect();
    (header, rows)
}

/// The text of every document under `fixtures/`, by document id, read independently of the
/// binary: plain files byte for byte, JSON Lines by their `text` field, HTML through the
/// library's reader (the visible text is what the offsets refer to).
fn fixture_texts() -> HashMap<String, String> {
    let mut texts = HashMap::new();
    let mut dirs = vec![root().join("fixtures")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { dirs.push(path) } else { files.push(path) }
        }
    }
    for path in files {
        let id = path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt" | "md") => {
                texts.insert(id, fs::read_to_string(&path).unwrap());
            }
            Some("jsonl") => {
                for line in fs::read_to_string(&path).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    let doc_id = v["id"].as_str().expect("fixture JSONL lines have string ids").to_string();
                    texts.insert(doc_id, v["text"].as_str().unwrap().to_string());
                }
            }
            Some("html" | "htm") => {
                let p = path.to_string_lossy().into_owned();
                for doc in read_inputs(&[p], &InputOptions::default()) {
                    texts.insert(id.clone(), doc.unwrap().text);
                }
            }
            _ => {}
        }
    }
    texts
}

#[test]
fn figures_on_the_fixtures_gives_csv_whose_offsets_are_the_audit_trail() {
    let out = pledger(&["figures", "fixtures"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().next(), Some(FIGURE_HEADER));
    let (_, rows) = parse_csv(&text);
    let texts = fixture_texts();
    assert!(rows.len() >= 20, "expected many figures in the fixtures, got {}", rows.len());
    let mut docs_seen = std::collections::BTreeSet::new();
    for row in &rows {
        let doc = &row["doc"];
        let body = texts.get(doc).unwrap_or_else(|| panic!("a row names an unknown document {doc:?}"));
        let (start, end): (usize, usize) = (row["start"].parse().unwrap(), row["end"].parse().unwrap());
        assert_eq!(body.get(start..end), Some(row["text"].as_str()), "row {row:?}");
        assert!(matches!(row["kind"].as_str(), "money" | "quantity"), "row {row:?}");
        assert!(
            matches!(row["qualifier"].as_str(), "exact" | "over" | "under" | "approx" | "range"),
            "row {row:?}"
        );
        assert_eq!(row["qualifier"] == "range", !row["high"].is_empty(), "row {row:?}");
        assert!(!row["rule"].is_empty(), "row {row:?}");
        docs_seen.insert(doc.clone());
    }
    // Every fixture document with figures is read: the four articles and the three JSONL lines.
    assert!(docs_seen.len() >= 7, "documents with figures: {docs_seen:?}");
}

#[test]
fn jsonl_output_carries_the_same_fields_as_csv() {
    let csv_out = pledger(&["figures", "-q", "fixtures"]);
    let jsonl_out = pledger(&["figures", "-q", "--format", "jsonl", "fixtures"]);
    assert_eq!(jsonl_out.status.code(), Some(0), "stderr: {}", stderr(&jsonl_out));
    let (header, rows) = parse_csv(&stdout(&csv_out));
    let lines: Vec<String> = stdout(&jsonl_out).lines().map(String::from).collect();
    assert_eq!(lines.len(), rows.len());
    for (line, row) in lines.iter().zip(&rows) {
        let obj: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut want: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut got = keys.clone();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{line}");
        for name in &header {
            let v = match &obj[name] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            assert_eq!(&v, &row[name], "column {name} of {line}");
        }
    }
}

#[test]
fn dash_o_writes_the_file_instead_of_stdout() {
    let dir = Scratch::new("output");
    let target = dir.path("figures.csv");
    let out = pledger(&["figures", "-q", "fixtures/ukraine-air-defence.txt", "-o", &target]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing on stdout with -o");
    let written = fs::read_to_string(&target).unwrap();
    let direct = stdout(&pledger(&["figures", "-q", "fixtures/ukraine-air-defence.txt"]));
    assert_eq!(written, direct);
    assert!(written.starts_with(FIGURE_HEADER));
    assert!(written.contains("£1.2 billion,1200000000,GBP"));
}

#[test]
fn a_missing_input_fails_with_status_1_but_the_other_inputs_are_still_written() {
    let out = pledger(&["figures", "-q", "fixtures/no-such-article.txt", "fixtures/wire-1987-style.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("fixtures/no-such-article.txt"), "stderr: {}", stderr(&out));
    let (_, rows) = parse_csv(&stdout(&out));
    assert!(rows.iter().any(|r| r["doc"] == "fixtures/wire-1987-style.txt" && r["text"] == "45 mln stg"));
}

#[test]
fn a_bad_flag_is_a_usage_error_with_status_2() {
    let out = pledger(&["figures", "--no-such-flag", "fixtures"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = pledger(&["figures", "--format", "xml", "fixtures"]);
    assert_eq!(out.status.code(), Some(2));
    let out = pledger(&["figures", "--dollar", "dollars", "fixtures"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_jsonl_and_the_dollar_option() {
    let input = "{\"id\": \"a\", \"text\": \"Ottawa gave $5 million.\"}\n{\"id\": \"b\", \"text\": \"No figures.\"}\n";
    let out = pledger_stdin(&["figures", "-q", "--stdin-format", "jsonl", "--dollar", "CAD", "-"], input);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let (_, rows) = parse_csv(&stdout(&out));
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["doc"].as_str(), rows[0]["unit"].as_str()), ("a", "CAD"));
    assert_eq!(rows[0]["value"], "5000000");
}

#[test]
fn stdin_warc_reads_as_the_file_does() {
    for name in ["tests/data/warc/news.warc", "tests/data/warc/news.warc.gz"] {
        let from_file = pledger(&["ledger", "-q", name]);
        assert_eq!(from_file.status.code(), Some(0), "stderr: {}", stderr(&from_file));
        let bytes = std::fs::read(root().join(name)).unwrap();
        let piped = pledger_stdin(&["ledger", "-q", "--stdin-format", "warc"], bytes);
        assert_eq!(piped.status.code(), Some(0), "stderr: {}", stderr(&piped));
        let (_, rows) = parse_csv(&stdout(&piped));
        assert!(!rows.is_empty(), "{name}: the sample WARC holds pledges");
        assert_eq!(stdout(&piped), stdout(&from_file), "{name}");
    }
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised_but_numbers_are_not() {
    let input = "{\"id\": \"=HYPERLINK(1)\", \"text\": \"It cost £5m.\"}\n";
    let out = pledger_stdin(&["figures", "-q", "--stdin-format", "jsonl"], input);
    let (_, rows) = parse_csv(&stdout(&out));
    assert_eq!(rows[0]["doc"], "'=HYPERLINK(1)");
    assert_eq!(rows[0]["value"], "5000000");
    // JSONL keeps the text exactly as found.
    let out = pledger_stdin(&["figures", "-q", "--stdin-format", "jsonl", "--format", "jsonl"], input);
    assert!(stdout(&out).contains("\"doc\":\"=HYPERLINK(1)\""));
}

#[test]
fn excel_adds_a_byte_order_mark() {
    let out = pledger_stdin(&["figures", "-q", "--excel"], "It cost £5m.");
    assert!(out.stdout.starts_with("\u{feff}doc,kind,".as_bytes()));
}

#[test]
fn a_number_too_large_for_a_decimal_is_skipped_with_a_warning() {
    let out = pledger_stdin(&["figures", "-q"], "It cost 99999999999999999999999999999999 trillion dollars.");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).trim_end(), FIGURE_HEADER);
    assert!(stderr(&out).contains("does not fit"), "stderr: {}", stderr(&out));
}

/// A document longer than a piece (`segment::PIECE`, 1 MiB) is read in pieces: every figure of
/// every paragraph is still found once, with offsets into the whole document; each piece is
/// linked as a document of its own (a commitment repeated in another piece is a row again);
/// and the summary counts one document.
#[test]
fn a_long_document_is_read_in_pieces_and_nothing_is_lost() {
    let article = fs::read_to_string(root().join("fixtures/ukraine-air-defence.txt")).unwrap();
    let copies = (pledger::segment::PIECE / article.len()) * 3 + 1;
    let mut doc = String::new();
    for _ in 0..copies {
        doc.push_str(&article);
        doc.push_str("\n\n");
    }
    let scratch = Scratch::new("long");
    let (one, long) = (scratch.path("one.txt"), scratch.path("long.txt"));
    fs::write(&one, &article).unwrap();
    fs::write(&long, &doc).unwrap();
    let pieces = pledger::segment::pieces(&doc, pledger::segment::PIECE).len();
    assert!(pieces > 2);
    for command in ["figures", "ledger"] {
        let single = run_ok(&[command, &one, "-q"]);
        let (_, single_rows) = parse_csv(&stdout(&single));
        assert!(!single_rows.is_empty(), "{command}: the article gives rows");
        let out = run_ok(&[command, &long]);
        assert!(stderr(&out).contains("1 documents read"), "{command}: {}", stderr(&out));
        let (_, rows) = parse_csv(&stdout(&out));
        let what = |r: &HashMap<String, String>| {
            // (A piece that starts inside an article may name the giver differently.)
            let cols: &[&str] = if command == "figures" {
                &["text", "value", "unit"]
            } else {
                &["recipient", "amount", "currency"]
            };
            cols.iter().map(|c| r[*c].clone()).collect::<Vec<_>>()
        };
        let kinds = |rows: &[HashMap<String, String>]| {
            rows.iter().map(what).collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(kinds(&rows), kinds(&single_rows), "{command}: the same rows as the article alone");
        if command == "figures" {
            assert_eq!(rows.len(), single_rows.len() * copies);
        } else {
            // Once per piece at least (more where a piece boundary splits an article).
            assert!(rows.len() >= single_rows.len() * pieces, "{} ledger rows", rows.len());
        }
        let key = if command == "figures" { "text" } else { "amount_text" };
        for r in &rows {
            let (s, e): (usize, usize) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
            assert_eq!(&doc[s..e], r[key], "{command}: offsets {s}..{e}");
        }
    }
}
