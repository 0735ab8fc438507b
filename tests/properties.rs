//! Extraction is total and its output keeps its promises, on any text (issue 6).
//!
//! Property tests (proptest) put real figures inside random text — arbitrary Unicode, control
//! characters, right-to-left scripts, emoji, currency signs, digits and separators — and check
//! that `figures` and the ledger never panic and that every figure satisfies the output
//! invariants (see [`check_figures`]). Deterministic tests below them feed the adversarial
//! inputs the issue names: values that overflow `Decimal`, a million digits, a thousand
//! currency signs in a row, 10,000 nested parentheses, mixed scripts, control characters and
//! very long lines.
//!
//! `PROPTEST_CASES` bounds the number of cases (`.ci/run` uses 64 in release).

use std::io::Write;
use std::process::{Command, Stdio};
use std::str::FromStr;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rust_decimal::Decimal;

use pledger::figures::{Options, extract};
use pledger::input::{StdinFormat, read_reader};
use pledger::plain;

#[path = "properties/invariants.rs"]
mod invariants;

use invariants::{check_document, check_figures, check_ledger};

/// Checks figures and ledger with every option set.
fn check_all(doc: &str) -> Result<(), String> {
    check_document(doc, true)
}

// ---------------------------------------------------------------------------------------
// Random text around real figures

/// Figures and pledges as the news writes them.
const REAL: &[&str] = &[
    "$5m",
    "£1.6 billion ($2 billion)",
    "over 5,000 air defense missiles",
    "between £5m and £10m",
    "$1-2 billion",
    "EUR 3.5bn",
    "300 mln dlrs",
    "Rs 5 crore",
    "₹2.5 lakh crore",
    "¥100,000",
    "1.5 trillion yen",
    "a quarter of a million people",
    "two or three trucks",
    "US$12.5 million",
    "€7,5 Mio.",
    "CHF 1'000'000",
    "1.234.567,89 euros",
    "some 40 tonnes of wheat",
    "up to $3bn",
    "from $4m to $6m",
    "Britain will lend Kenya £50m ($64m) to buy 200 tractors.",
    "Japan granted Peru a $20m loan.",
    "The EU pledged €1bn in humanitarian aid to Sudan.",
    "Germany promised Ukraine 14 Leopard 2 tanks and 2,000,000 euros.",
    "The World Bank approved a US$ 300 million credit for Bangladesh.",
    "Canada will provide C$25 million to the WFP.",
    "0.5 per cent",
    "$.5m",
    "£-5m",
    "-$3 million",
    "1e9 dollars",
    "10 to the power of 6 pounds",
    "five hundred and twelve thousand dollars",
    "$99999999999999999999999999999 trillion",
    "0.0000000000000000000000000001 USD",
    "79228162514264337593543950335 dollars",
    "between 7 and 3 million euros",
    "$5m-$1m",
];

/// Pieces of noise, weighted toward what trips number and currency readers.
fn noise() -> impl Strategy<Value = String> {
    let scripts = prop_oneof![
        Just('\u{0600}'..='\u{06ff}'),   // Arabic (RTL), incl. Arabic-Indic digits
        Just('\u{0590}'..='\u{05ff}'),   // Hebrew (RTL)
        Just('\u{0900}'..='\u{097f}'),   // Devanagari, with its own digits
        Just('\u{4e00}'..='\u{4e80}'),   // CJK
        Just('\u{0400}'..='\u{04ff}'),   // Cyrillic
        Just('\u{1f300}'..='\u{1f6ff}'), // emoji
        Just('\u{20a0}'..='\u{20c0}'),   // currency signs
        Just('\u{2000}'..='\u{206f}'),   // spaces, dashes, bidi controls (RLO, LRM, ...)
        Just('\u{0000}'..='\u{001f}'),   // C0 controls
        Just('\u{0080}'..='\u{00ff}'),   // C1 controls, Latin-1 (£ ¥ ¢ NBSP)
        Just('0'..='9'),
    ];
    let glyph = prop_oneof![
        4 => scripts.prop_flat_map(|r| proptest::char::range(*r.start(), *r.end())),
        2 => any::<char>(),
        3 => proptest::sample::select(vec![
            '$', '£', '€', '¥', '₹', '₽', '₩', '₪', '₫', '฿', '₴', '₦', '₱', '¢', ',', '.', '\'', ' ', ' ',
            '\u{a0}', '\u{202f}', '-', '–', '—', '(', ')', '/', '%', '+', '\n', '\r', '\t', '\u{feff}',
            '\u{200b}', '\u{202e}', '\u{fe0f}', '\u{301}',
        ]),
        3 => proptest::char::range('0', '9'),
    ];
    let word = proptest::sample::select(vec![
        " million", " bn", " billion", " trillion", " thousand", "k", "m", " USD", " US$", " dollars",
        " euros", " pounds", " rupees", " crore", " lakh", " between", " and", " to", " or", " over",
        " about", " up to", " some", " half", " a", " of", " pledged", " granted", " to Ukraine", " Japan",
        " the EU", ". ", "? ", "! ", "\n\n", " (", ")", " Mr.", " U.S.", " No.", " 1987", " per cent", "%",
        "-",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        3 => proptest::collection::vec(glyph, 0..12).prop_map(|cs| cs.into_iter().collect::<String>()),
        2 => word,
    ]
}

/// A document: noise and real figures, in random order.
fn document() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => noise(),
        2 => proptest::sample::select(REAL).prop_map(str::to_string),
        1 => (proptest::sample::select(REAL), noise()).prop_map(|(r, n)| format!("{n}{r}{n}")),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|ps| ps.concat())
}

/// Any decimal `rust_decimal` can hold: a 96-bit mantissa and a scale of 0 to 28.
fn decimal() -> impl Strategy<Value = Decimal> {
    let max = 2i128.pow(96) - 1;
    (-max..=max, 0u32..=28).prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s))
}

/// Failing cases are kept beside the crash regressions and replayed first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/regressions/properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(ProptestConfig::default().cases))]

    #[test]
    fn random_text_around_real_figures_keeps_every_invariant(doc in document()) {
        check_all(&doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_strings_keep_every_invariant(doc in any::<String>()) {
        check_all(&doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn plain_then_parse_is_the_identity(d in decimal()) {
        let s = plain(d);
        prop_assert!(!s.contains(['e', 'E']), "{s} has an exponent");
        if s.contains('.') {
            prop_assert!(!s.ends_with('0') && !s.ends_with('.'), "{s} has trailing zeros");
        }
        let back = Decimal::from_str(&s).map_err(|e| TestCaseError::fail(format!("{s}: {e}")))?;
        prop_assert_eq!(back, d);
        prop_assert_eq!(plain(back), s);
    }

    #[test]
    fn a_document_inside_a_jsonl_line_gives_the_same_figures(doc in document()) {
        let line = serde_json::json!({"id": "d", "text": doc}).to_string() + "\n";
        let docs: Vec<_> = read_reader(std::io::Cursor::new(line.into_bytes()), "-", StdinFormat::Jsonl).collect();
        prop_assert_eq!(docs.len(), 1);
        let read = match docs.into_iter().next().unwrap() {
            Ok(read) => read,
            // A blank text is skipped, with the line named; nothing else fails.
            Err(e) if e.skipped && doc.trim().is_empty() => {
                prop_assert_eq!(e.line, Some(1));
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        prop_assert_eq!(&read.text, &doc);
        let opts = Options::default();
        prop_assert_eq!(extract(&read.text, &opts).figures, extract(&doc, &opts).figures);
    }
}

// ---------------------------------------------------------------------------------------
// The binary, both ways

/// Runs `pledger figures --format jsonl` with `stdin` and returns the rows without `doc`.
fn binary_rows(args: &[&str], stdin: &[u8]) -> Vec<serde_json::Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pledger"))
        .args(["figures", "-q", "--format", "jsonl"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pledger");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || input.write_all(&data));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    assert!(out.status.code().is_some(), "killed by a signal: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("doc");
            v
        })
        .collect()
}

proptest! {
    #![proptest_config(config(ProptestConfig::default().cases.min(24)))]

    /// `pledger figures` reads a text on standard input and the same text as a JSON Lines
    /// document alike. (A text document loses a leading byte-order mark and is refused when it
    /// holds a NUL in its first 8 KiB, so those are taken out.)
    #[test]
    fn the_binary_reads_text_and_jsonl_alike(doc in document()) {
        let doc = doc.trim_start_matches('\u{feff}').replace('\0', " ");
        prop_assume!(!doc.trim().is_empty());
        let as_text = binary_rows(&[], doc.as_bytes());
        let line = serde_json::json!({"text": doc}).to_string() + "\n";
        let as_jsonl = binary_rows(&["--stdin-format", "jsonl"], line.as_bytes());
        prop_assert_eq!(as_text, as_jsonl);
    }
}

// ---------------------------------------------------------------------------------------
// Adversarial inputs

/// Checks the figures of `doc` with every option set and the ledger with the default options
/// (the ledger costs more than the figures on these inputs).
fn assert_total(doc: &str) {
    let ledger = || check_ledger(doc, &extract(doc, &Options::default()).figures);
    if let Err(e) = check_document(doc, false).and_then(|()| ledger()) {
        let shown: String = doc.chars().take(200).collect();
        panic!("{e}\nin a document of {} bytes starting {shown:?}", doc.len());
    }
}

#[test]
fn values_that_overflow_a_decimal_are_skipped_not_wrapped() {
    // Each overflows: no figure may stand for it, and a warning must say it was skipped.
    for (doc, digits) in [
        ("$99999999999999999999999999999999 trillion", "99999999999999999999999999999999"),
        ("Japan pledged $99999999999999999999999999999999 trillion to Peru.", "9999999999999999999999999999"),
        ("79228162514264337593543950336 dollars", "79228162514264337593543950336"),
        ("$79228162514264337593543950335 billion", "79228162514264337593543950335"),
        (
            "between $1 and $99999999999999999999999999999999999 trillion",
            "99999999999999999999999999999999999",
        ),
    ] {
        assert_total(doc);
        let found = extract(doc, &Options::default());
        let at = doc.find(digits).unwrap();
        for f in &found.figures {
            assert!(f.end <= at || f.start >= at + digits.len(), "{doc}: {f} stands for an overflow");
        }
        assert!(!found.warnings.is_empty(), "{doc}: the skipped figure gets a warning");
    }
    for doc in [
        "£1.6 billion billion billion billion billion billion billion billion billion",
        "0.00000000000000000000000000000000001 euros",
        "$9,999,999,999,999,999,999,999,999,999,999,999.99",
        "10^99 pounds, 1e400 dollars, 9.9E+99999 yen",
        "$7.9228162514264337593543950335 trillion trillion",
    ] {
        assert_total(doc);
        for f in extract(doc, &Options::default()).figures {
            // Nothing wraps around or saturates to a smaller number.
            assert!(f.value >= Decimal::ZERO, "{doc}: {f}");
        }
    }
}

#[test]
fn a_million_digits() {
    let nines = "9".repeat(1_000_000);
    assert_total(&format!("${nines} million"));
    assert_total(&format!("Britain pledged £0.{nines} to Kenya."));
    assert_total(&format!("{} euros", "1,000".repeat(200_000)));
    assert_total(&format!("$1{}", ".0".repeat(500_000)));
}

#[test]
fn a_thousand_currency_signs_in_a_row() {
    assert_total(&format!("{}5m", "$".repeat(1000)));
    assert_total(&format!("{}100", "£€¥$₹".repeat(1000)));
    assert_total(&format!("5{}", " USD".repeat(1000)));
    assert_total(&format!("{} 5", "US$".repeat(1000)));
    assert_total(&format!("Japan granted Peru {} loan.", "$20m ".repeat(1000)));
}

#[test]
fn ten_thousand_nested_parentheses() {
    let open = "(".repeat(10_000);
    let close = ")".repeat(10_000);
    assert_total(&format!("{open}$5m{close}"));
    assert_total(&format!("Britain granted Ukraine £1.6 billion {open}$2 billion{close}."));
    assert_total(&"£1m (".repeat(1_000));
    assert_total(&"[{(<".repeat(10_000));
}

#[test]
fn mixed_scripts() {
    assert_total(
        "Япония выделила $5 млн. 日本は5億円を拠出した。 مصر تلقت ٥ ملايين دولار. \
         भारत ने ₹५ करोड़ दिए। ישראל קיבלה 5 מיליון ₪. Ελλάδα €3 δισ. 🇺🇦 got $1bn 💰.",
    );
    assert_total("\u{202e}$5m\u{202c} \u{200f}£3bn\u{200e} ٣٠٠ mln dlrs ５００万円 ＄５");
}

#[test]
fn control_characters() {
    let mut doc = String::new();
    for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
        doc.push(c);
        doc.push_str("$5m");
        doc.push(c);
        doc.push_str("Japan granted Peru a $20m loan.");
    }
    assert_total(&doc);
    assert_total("$\u{0}5\u{0}m \u{8}£\u{7f}3 billion \u{1b}[31m€4bn\u{1b}[0m");
}

/// Bytes for the long-input tests: 100 MB in release builds, 20 MB in debug builds.
fn long_input_bytes() -> usize {
    if cfg!(debug_assertions) { 20 << 20 } else { 100 << 20 }
}

/// Repeats `unit` up to `bytes`.
fn repeated(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// One line and one sentence (no full stop, no newline) of prose with a pound amount and a
/// count every 75 bytes.
#[test]
fn a_single_very_long_line() {
    let unit = "the committee said that 300 tractors and £5m had been sent to the region, ";
    let doc = repeated(unit, long_input_bytes());
    let found = extract(&doc, &Options::default());
    check_figures(&doc, &found).unwrap();
    assert_eq!(found.figures.len(), 2 * (doc.len() / unit.len()));
}

/// Many short sentences: 100 MB in release builds.
#[test]
#[ignore = "slow in debug builds; run with cargo test --release --test properties -- --ignored hundred"]
fn a_hundred_megabytes_of_short_sentences() {
    let unit = "Japan granted Peru a $20m loan. Over 5,000 people fled. ";
    let doc = repeated(unit, long_input_bytes());
    let found = extract(&doc, &Options::default());
    check_figures(&doc, &found).unwrap();
    assert_eq!(found.figures.len(), 2 * (doc.len() / unit.len()));
}

/// The ledger on many short sentences.
#[test]
#[ignore = "slow in debug builds; run with cargo test --release --test properties -- --ignored ledger"]
fn the_ledger_on_many_short_sentences() {
    let doc = repeated("Japan granted Peru a $20m loan. Over 5,000 people fled. ", long_input_bytes());
    let found = extract(&doc, &Options::default());
    check_ledger(&doc, &found.figures).unwrap();
}

/// A long line dense with dollar amounts.
#[test]
#[ignore = "slow in debug builds; run with cargo test --release --test properties -- --ignored dollar"]
fn a_single_very_long_line_of_dollar_amounts() {
    let unit = "Japan granted Peru $5 million and Chile 300 tractors, ";
    let doc = repeated(unit, long_input_bytes());
    let found = extract(&doc, &Options::default());
    check_figures(&doc, &found).unwrap();
    assert_eq!(found.figures.len(), 2 * (doc.len() / unit.len()));
    // A figure every three bytes: the library returns them all (about 500 bytes of memory each),
    // so a tenth of the size; the binary reads long documents in pieces (tests/cli.rs).
    assert_total(&repeated("$1 ", long_input_bytes() / 10));
}

/// The ledger on one very long sentence.
#[test]
#[ignore = "slow in debug builds; run with cargo test --release --test properties -- --ignored ledger"]
fn the_ledger_on_a_single_very_long_line() {
    let doc = repeated("Japan granted Peru £5m and Chile 300 tractors, ", long_input_bytes());
    let found = extract(&doc, &Options::default());
    check_ledger(&doc, &found.figures).unwrap();
}

// ---------------------------------------------------------------------------------------
// Crash regressions

/// Every input the fuzzers ever broke, one `.txt` file each in `tests/regressions/` (raw bytes,
/// decoded lossily as the fuzz targets do), keeps every invariant. (The property tests replay
/// their own failures from `tests/regressions/properties.proptest-regressions`.)
#[test]
fn fuzz_and_property_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    paths.sort();
    for path in paths {
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let doc = String::from_utf8_lossy(&bytes);
        if let Err(e) = check_document(&doc, true) {
            panic!("{}: {e}", path.display());
        }
    }
}
