//! `pledger audit` over `fixtures/audit/` and `fixtures/compare/`: printed conversions against
//! the ECB rate, totals against their parts, one commitment given different amounts, and
//! figures that cannot be read or converted.

use std::collections::HashMap;
use std::fs;

mod common;
use common::{Scratch, run_ok as pledger};

type Row = HashMap<String, String>;

fn audit(args: &[&str]) -> Vec<Row> {
    let mut all = vec!["audit", "-q"];
    all.extend(args);
    let out = String::from_utf8(pledger(&all).stdout).unwrap();
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "doc,start,end,text,check,severity,message,stated,stated_currency,expected,expected_currency,\
         implied_rate,ecb_rate,deviation,rate_date,fx_policy,date,date_source"
    );
    r.records()
        .map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect())
        .collect()
}

fn of<'a>(rows: &'a [Row], check: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r["check"] == check).collect()
}

#[test]
fn a_wrong_conversion_is_flagged_and_a_right_one_is_not() {
    let rows = audit(&["fixtures/audit/right-conversion.txt", "fixtures/audit/wrong-conversion.txt"]);
    let eq = of(&rows, "equivalent");
    assert_eq!(eq.len(), 1, "{rows:#?}");
    let f = eq[0];
    assert_eq!(f["doc"], "fixtures/audit/wrong-conversion.txt");
    assert_eq!((f["severity"].as_str(), f["text"].as_str()), ("error", "£1.6 billion ($3 billion)"));
    assert_eq!((f["stated"].as_str(), f["stated_currency"].as_str()), ("3000000000", "USD"));
    // £1.6bn at the ECB's Friday 2025-02-28 rates (USD 1.0411, GBP 0.82608 per EUR).
    assert_eq!((f["expected"].as_str(), f["expected_currency"].as_str()), ("2016463296.53", "USD"));
    assert_eq!((f["implied_rate"].as_str(), f["ecb_rate"].as_str()), ("1.875", "1.2602895603"));
    assert_eq!(f["deviation"], "0.487753");
    assert_eq!((f["rate_date"].as_str(), f["fx_policy"].as_str()), ("2025-02-28", "last_known"));
    assert_eq!((f["date"].as_str(), f["date_source"].as_str()), ("2025-03-02", "text"));

    // With --all the right one is listed as passing, 0.81% off.
    let rows = audit(&["--all", "fixtures/audit/right-conversion.txt"]);
    let ok = of(&rows, "equivalent");
    assert_eq!((ok[0]["severity"].as_str(), ok[0]["deviation"].as_str()), ("ok", "-0.008164"));
    // A wider tolerance lets the wrong one pass.
    assert!(
        of(&audit(&["--tolerance", "0.5", "fixtures/audit/wrong-conversion.txt"]), "equivalent").is_empty()
    );
}

#[test]
fn totals_are_checked_against_their_parts() {
    let rows = audit(&["fixtures/audit/packages.txt"]);
    let parts = of(&rows, "parts");
    let got: Vec<(&str, &str, &str, &str)> = parts
        .iter()
        .map(|r| {
            (r["severity"].as_str(), r["stated"].as_str(), r["expected"].as_str(), r["deviation"].as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            // "C$3bn package ... including C$1bn ... and C$2.5bn": the parts exceed the total.
            ("error", "3000000000", "3500000000", "0.166667"),
            // "SEK 1 billion ..., made up of SEK 400 million ... and SEK 300 million".
            ("error", "1000000000", "700000000", "-0.3"),
            // "DKK 5 billion, including DKK 1 billion ... and DKK 1.5 billion": only a note.
            ("note", "5000000000", "2500000000", "-0.5"),
        ]
    );
    assert!(parts[1]["message"].contains("made up of"));
}

#[test]
fn one_commitment_with_different_amounts_across_articles_is_a_warning() {
    let rows = audit(&["fixtures/compare", "fixtures/audit/conflicting-report.txt"]);
    let cross = of(&rows, "cross_article");
    assert_eq!(cross.len(), 1, "{rows:#?}");
    let f = cross[0];
    assert_eq!(
        (f["doc"].as_str(), f["severity"].as_str()),
        ("fixtures/audit/conflicting-report.txt", "warning")
    );
    assert_eq!(
        (f["stated"].as_str(), f["expected"].as_str(), f["deviation"].as_str()),
        ("1500000000", "1600000000", "-0.0625")
    );
    assert!(f["message"].contains("fixtures/compare/london-wire.txt"), "{}", f["message"]);
    // Within the grouping tolerance there is no conflict.
    let rows =
        audit(&["--group-tolerance", "10%", "fixtures/compare", "fixtures/audit/conflicting-report.txt"]);
    assert!(of(&rows, "cross_article").is_empty());
}

#[test]
fn figures_not_converted_or_not_read_are_reported() {
    let rows = audit(&["fixtures/compare/briefings.jsonl"]);
    let missing: Vec<(&str, &str)> = of(&rows, "unconvertible")
        .iter()
        .map(|r| (r["stated_currency"].as_str(), r["fx_policy"].as_str()))
        .collect();
    assert_eq!(missing, [("XDR", "missing"), ("UAH", "missing")]);

    let dir = Scratch::new("unreadable");
    let path = dir.path("big.txt");
    fs::write(
        &path,
        "The fund lent $99999999999999999999999999999999999 trillion to Kenya. Britain pledged £5m to Kenya.",
    )
    .unwrap();
    let rows = audit(&[&path]);
    assert_eq!(of(&rows, "unreadable").len(), 1, "{rows:#?}");
    let note = of(&rows, "no_date");
    assert_eq!((note[0]["severity"].as_str(), note[0]["date_source"].as_str()), ("note", "none"));
    // With --date there is a date, so no note.
    assert!(of(&audit(&["--date", "2025-01-02", &path]), "no_date").is_empty());
}

#[test]
fn a_ledger_csv_is_audited_from_its_equivalents_column() {
    let dir = Scratch::new("csv");
    let ledger = dir.path("ledger.csv");
    pledger(&["ledger", "-q", "--base", "EUR", "fixtures/audit/wrong-conversion.txt", "-o", &ledger]);
    let rows = audit(&[&ledger]);
    let eq = of(&rows, "equivalent");
    assert_eq!(eq.len(), 1, "{rows:#?}");
    assert_eq!((eq[0]["implied_rate"].as_str(), eq[0]["date"].as_str()), ("1.875", "2025-03-02"));
}

#[test]
fn amounts_near_the_largest_decimal_never_crash_audit_or_totals() {
    // Each amount fits a decimal (under 7.9 × 10²⁸); their sums do not.
    let big = "$70,000 trillion trillion";
    let dir = Scratch::new("audit-huge");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let text = format!(
        "Ruritania pledged {big} to Freedonia, including {big} for schools and $60,000 trillion trillion \
         for roads."
    );
    fs::write(&a, text).unwrap();
    fs::write(&b, format!("Ruritania pledged {big} to Grand Fenwick on Monday.")).unwrap();
    let rows = audit(&[&a, &b]);
    assert!(of(&rows, "parts").is_empty(), "a sum past the largest decimal is not checked: {rows:#?}");
    let totals = dir.path("totals.csv");
    pledger(&["compare", "-q", "--base", "USD", &a, &b, "--totals", &totals]);
    let text = fs::read_to_string(&totals).unwrap();
    let all = text.lines().find(|l| l.starts_with("all,")).expect("an all row");
    assert!(all.ends_with(",1,70000000000000000000000000000 USD"), "the amount left out is listed: {all}");
}
