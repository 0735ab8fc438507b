//! The ledger corpus (`tests/corpus/ledger/*.txt`, format in its README) run by one harness,
//! plus the example article and a never-panics check.

use std::fs;
use std::path::{Path, PathBuf};

use pledger::Qualifier;
use pledger::figures::{self, Options};
use pledger::pledges::{self, LedgerRow};

/// One case: where it starts, its input and the expected rows.
struct Case {
    file: String,
    line: usize,
    input: String,
    expected: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/ledger")
}

fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut input: Vec<&str> = Vec::new();
    let mut expected: Vec<String> = Vec::new();
    let mut start = 0;
    let mut flush = |input: &mut Vec<&str>, expected: &mut Vec<String>, start: usize| {
        if !input.is_empty() {
            assert!(!expected.is_empty(), "{file}:{start}: a case without expected rows (`= none` for none)");
            let rows = expected.iter().filter(|e| *e != "none").cloned().collect();
            cases.push(Case { file: file.to_string(), line: start, input: input.join("\n"), expected: rows });
        }
        input.clear();
        expected.clear();
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut input, &mut expected, start);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some(e) = line.strip_prefix("= ") {
            expected.push(e.trim().to_string());
            continue;
        }
        assert!(expected.is_empty(), "{file}:{}: input after expected rows without a blank line", n + 1);
        if input.is_empty() {
            start = n + 1;
        }
        input.push(line);
    }
    flush(&mut input, &mut expected, start);
    cases
}

fn ledger(text: &str) -> Vec<LedgerRow> {
    let figs = figures::extract(text, &Options::default()).figures;
    pledges::extract(text, &figs).iter().map(|p| LedgerRow::new("t", text, &figs, p)).collect()
}

#[test]
fn corpus() {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("tests/corpus/ledger exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut total = 0;
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = fs::read_to_string(&path).expect("readable corpus file");
        for case in parse(&name, &text) {
            total += 1;
            let got: Vec<String> = ledger(&case.input).iter().map(|r| r.to_string()).collect();
            if got != case.expected {
                failures.push(format!(
                    "{}:{}\n  input:    {}\n  expected: {:?}\n  got:      {:?}",
                    case.file,
                    case.line,
                    case.input.replace('\n', "\n            "),
                    case.expected,
                    got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} ledger cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The example: exactly one row, United Kingdom → Ukraine, £1.6 billion with its dollar
/// equivalent, the missiles it buys (over 5,000) and export finance as the instrument.
#[test]
fn starmer_article() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev/dev-00-starmer-ukraine.txt");
    let Ok(text) = fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let figs = figures::extract(&text, &Options::default()).figures;
    let found = pledges::extract(&text, &figs);
    assert_eq!(found.len(), 1, "{found:?}");
    let row = LedgerRow::new("dev-00", &text, &figs, &found[0]);
    assert_eq!(
        row.to_string(),
        "United Kingdom -> Ukraine | 1600000000 GBP | 2000000000 USD | 5000 air defense missiles"
    );
    assert_eq!(row.instrument, "export finance");
    assert_eq!(row.qualifier, "exact");
    let item = found[0].items.first().and_then(|&i| figs.get(i)).expect("an item");
    assert_eq!(item.qualifier, Qualifier::Over);
}

/// Extraction is total: no input makes it panic, including cut-off and odd text.
#[test]
fn never_panics() {
    let mut texts: Vec<String> = vec![
        String::new(),
        " ".into(),
        "$".into(),
        "to".into(),
        "granting".into(),
        "Britain pledged".into(),
        "£5m".into(),
        "- Pledged £5m\n- ".into(),
        "(((£5m ($6m; €7m".into(),
        "Britain, a, , pledged £5m to, each for , and".into(),
        "UK Prime Minister".into(),
        "IDB (IDB) (IDB".into(),
        "\u{feff}ÉLYSÉE DONNE 5 MILLIONS D'EUROS – à l'Ukraine —".into(),
        "Germany some £80 million and, with Britain contributing".into(),
    ];
    for entry in fs::read_dir(corpus_dir()).expect("corpus dir").flatten() {
        if let Ok(t) = fs::read_to_string(entry.path()) {
            texts.push(t);
        }
    }
    let base = texts.clone();
    for t in &base {
        // Every prefix cut at a character boundary, and the text without spaces.
        for (i, _) in t.char_indices().step_by(7) {
            texts.push(t[..i].to_string());
        }
        texts.push(t.replace(' ', ""));
        texts.push(t.to_uppercase());
    }
    for t in &texts {
        let figs = figures::extract(t, &Options::default()).figures;
        for p in pledges::extract(t, &figs) {
            let _ = LedgerRow::new("t", t, &figs, &p).to_string();
        }
    }
}

#[test]
fn word_tables_are_well_formed() {
    for (name, tsv, fields) in pledges::embedded_tables() {
        let bad = pledges::table_problems(tsv, fields);
        assert!(bad.is_empty(), "{name}: malformed rows {bad:?}");
    }
}

/// A document over the chunk size (1 MiB) is linked in chunks: the pledges found still point at
/// the right figures and the right bytes of the whole text.
#[test]
fn huge_documents_are_linked_in_chunks_with_offsets_into_the_whole_text() {
    let para = "Filler about the weather and the markets, with 3 ships in port.\n\n\
                Norway pledged 40 mln crowns to Malawi for school meals.\n\n";
    let text = para.repeat(2_500_000 / para.len());
    assert!(text.len() > 2 << 20);
    let found = pledger::figures::extract(&text, &pledger::figures::Options::default());
    let pledges = pledger::pledges::extract(&text, &found.figures);
    assert!(pledges.len() >= 2, "one row per chunk at least, got {}", pledges.len());
    for p in &pledges {
        let fi = p.amount.expect("an amount");
        let f = &found.figures[fi];
        assert_eq!((f.start, f.end), p.span, "the amount's figure is the pledge's span");
        assert_eq!(&text[p.span.0..p.span.1], "40 mln crowns");
        assert!(text[p.sentence.0..p.sentence.1].starts_with("Norway pledged"));
        assert_eq!(p.recipient, "Malawi");
    }
}
