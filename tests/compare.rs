//! `pledger ledger --base` and `pledger compare` over the articles in `fixtures/compare/`: three
//! articles telling the same pledge, totals to the cent, unconverted amounts kept apart, CSV
//! ledgers read back, stable ids and formula-injection safety.

use std::collections::HashMap;
use std::fs;

use rust_decimal::{Decimal, RoundingStrategy};

mod common;
use common::{Scratch, root, run_ok as pledger};

type Row = HashMap<String, String>;

fn rows(csv_text: &str) -> Vec<Row> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect())
        .collect()
}

fn stdout_rows(args: &[&str]) -> Vec<Row> {
    rows(&String::from_utf8(pledger(args).stdout).unwrap())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// The ECB's units of `code` per EUR on `date`, read from the bundled CSV without the library.
fn ecb_cell(date: &str, code: &str) -> Decimal {
    let text = fs::read_to_string(root().join("data/ecb/eurofxref-hist.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == code).unwrap();
    let row = lines.find(|l| l.starts_with(date)).unwrap();
    dec(row.split(',').nth(column).unwrap())
}

/// `amount` in `code` converted to EUR at `rate_date`'s rate, rounded half away from zero to
/// the cent — the rule the README states, computed here by hand.
fn to_eur(amount: &str, code: &str, rate_date: &str) -> Decimal {
    (dec(amount) / ecb_cell(rate_date, code))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn find<'a>(rows: &'a [Row], key: &str, value: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r[key] == value).collect()
}

#[test]
fn the_same_pledge_told_by_three_articles_is_one_row_with_three_sources() {
    let rows = stdout_rows(&["compare", "-q", "--base", "EUR", "fixtures/compare"]);
    let uk: Vec<&Row> = find(&rows, "donor", "United Kingdom");
    let big: Vec<&&Row> = uk.iter().filter(|r| r["amount"] == "1600000000").collect();
    assert_eq!(big.len(), 1, "{rows:#?}");
    let row = big[0];
    assert_eq!(row["sources"], "3");
    assert_eq!(
        row["docs"],
        "fixtures/compare/london-wire.txt; fixtures/compare/belfast-daily.html; briefing-2025-03-04"
    );
    // "$2 billion" in the Belfast article is the same amount as "£1.6 billion ($2 billion)".
    assert_eq!(row["reported"], "1600000000 GBP; 2000000000 USD");
    // The anchor is the earliest article, dated by its dateline (a Sunday: Friday's rates).
    assert_eq!((row["date"].as_str(), row["date_source"].as_str()), ("2025-03-02", "text"));
    assert_eq!((row["fx_date"].as_str(), row["fx_policy"].as_str()), ("2025-02-28", "last_known"));
    assert_eq!(dec(&row["base_amount"]), to_eur("1600000000", "GBP", "2025-02-28"));
    assert!(row["pledge_id"].starts_with('p') && row["pledge_id"].len() == 17);
    // Nothing else is reported more than once, and the rows are the five commitments.
    assert_eq!(rows.len(), 5, "{rows:#?}");
    assert!(rows.iter().filter(|r| r["amount"] != "1600000000").all(|r| r["sources"] == "1"));
}

#[test]
fn totals_by_donor_are_right_to_the_cent_and_missing_rates_are_never_zero() {
    let dir = Scratch::new("totals");
    let totals_path = dir.path("totals.csv");
    pledger(&["compare", "-q", "--base", "EUR", "fixtures/compare", "--totals", &totals_path]);
    let totals = rows(&fs::read_to_string(&totals_path).unwrap());
    let get = |by: &str, party: &str, stage: &str| {
        totals
            .iter()
            .find(|r| r["by"] == by && r["party"] == party && r["stage"] == stage)
            .unwrap_or_else(|| panic!("no total {by} {party} {stage}: {totals:#?}"))
    };
    let uk_expected = to_eur("1600000000", "GBP", "2025-02-28") + to_eur("85000000", "GBP", "2025-02-28");
    let uk = get("donor", "United Kingdom", "pledge");
    assert_eq!(uk["total"], uk_expected.to_string());
    assert_eq!(uk["total"], "2039754018.98");
    assert_eq!((uk["pledges"].as_str(), uk["sources"].as_str()), ("2", "4"));
    let norway_expected = to_eur("2000000000", "NOK", "2025-03-03");
    assert_eq!(get("donor", "Norway", "pledge")["total"], norway_expected.to_string());

    // SDR and hryvnia have no ECB rate: counted apart, never summed as zero.
    let imf = get("donor", "IMF", "commitment");
    assert_eq!(imf["total"], "");
    assert_eq!((imf["unconverted"].as_str(), imf["unconverted_amounts"].as_str()), ("1", "1100000000 XDR"));
    let poland = get("donor", "Poland", "pledge");
    assert_eq!((poland["total"].as_str(), poland["unconverted"].as_str()), ("", "1"));

    // Pledges and commitments are never summed together.
    let all = get("all", "(all)", "pledge");
    assert_eq!(all["total"], (uk_expected + norway_expected).to_string());
    assert_eq!((all["pledges"].as_str(), all["unconverted"].as_str()), ("3", "1"));
    assert_eq!(all["unconverted_amounts"], "500000000 UAH");
    assert_eq!(get("recipient", "Ukraine", "commitment")["total"], "");
}

#[test]
fn ledger_base_adds_the_conversion_columns() {
    let rows = stdout_rows(&["ledger", "-q", "--base", "EUR", "fixtures/compare"]);
    let header_tail =
        ["base_amount", "base_currency", "fx_rate", "fx_date", "fx_policy", "date", "date_source"];
    assert!(header_tail.iter().all(|c| rows[0].contains_key(*c)));
    let london: Vec<&Row> = find(&rows, "doc", "fixtures/compare/london-wire.txt");
    let r = london.iter().find(|r| r["amount"] == "1600000000").unwrap();
    assert_eq!(r["base_amount"], "1936858415.65");
    assert_eq!(r["base_currency"], "EUR");
    assert_eq!(dec(&r["fx_rate"]), (Decimal::ONE / dec("0.82608")).round_dp(10));
    // The stated equivalent is kept, never used as the conversion.
    assert_eq!(r["equivalents"], "2000000000 USD");
    let html = find(&rows, "doc", "fixtures/compare/belfast-daily.html");
    assert!(html.iter().all(|r| r["date"] == "2025-03-03" && r["date_source"] == "input"));
    let usd = html.iter().find(|r| r["currency"] == "USD").unwrap();
    assert_eq!((usd["fx_policy"].as_str(), usd["fx_date"].as_str()), ("exact", "2025-03-03"));
    let xdr = rows.iter().find(|r| r["currency"] == "XDR").unwrap();
    assert_eq!((xdr["base_amount"].as_str(), xdr["fx_policy"].as_str()), ("", "missing"));
}

#[test]
fn dates_come_from_the_input_the_text_or_date_and_rates_from_files() {
    // No date anywhere: --date is the default; before 1999 there is no euro rate.
    let rows = stdout_rows(&[
        "ledger",
        "-q",
        "--base",
        "EUR",
        "--date",
        "1987-03-24",
        "fixtures/wire-1987-style.txt",
    ]);
    assert!(rows.iter().all(|r| r["date"] == "1987-03-24" && r["date_source"] == "default"));
    assert!(rows.iter().all(|r| r["fx_policy"] == "missing" && r["base_amount"].is_empty()));
    // Without --date: the latest rates, flagged.
    let rows = stdout_rows(&["ledger", "-q", "--base", "EUR", "fixtures/wire-1987-style.txt"]);
    assert!(rows.iter().all(|r| r["date_source"] == "none" && r["fx_policy"] == "last_known"));

    let dir = Scratch::new("rates");
    let user = dir.path("uah.csv");
    fs::write(&user, "date,currency,per_eur\n2025-03-01,UAH,43.5\n").unwrap();
    let rows = stdout_rows(&[
        "ledger",
        "-q",
        "--base",
        "EUR",
        "--user-rates",
        &user,
        "fixtures/compare/briefings.jsonl",
    ]);
    let uah = rows.iter().find(|r| r["currency"] == "UAH").unwrap();
    let expected =
        (dec("500000000") / dec("43.5")).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(uah["base_amount"], expected.to_string());
    assert_eq!((uah["fx_date"].as_str(), uah["fx_policy"].as_str()), ("2025-03-01", "last_known"));

    let ecb = dir.path("ecb.csv");
    fs::write(&ecb, "Date,USD,GBP,\n2025-03-03,1.25,0.8,\n").unwrap();
    let rows =
        stdout_rows(&["ledger", "-q", "--base", "USD", "--rates", &ecb, "fixtures/compare/briefings.jsonl"]);
    let gbp = rows.iter().find(|r| r["currency"] == "GBP").unwrap();
    assert_eq!((gbp["base_amount"].as_str(), gbp["fx_rate"].as_str()), ("2500000000.00", "1.5625"));
}

#[test]
fn ledger_csvs_are_read_back_and_compare_the_same() {
    let dir = Scratch::new("roundtrip");
    let ledger = dir.path("ledger.csv");
    pledger(&["ledger", "-q", "--base", "EUR", "--excel", "fixtures/compare", "-o", &ledger]);
    let from_docs = stdout_rows(&["compare", "-q", "fixtures/compare"]);
    let from_csv = stdout_rows(&["compare", "-q", &ledger]);
    assert_eq!(from_docs, from_csv);
}

#[test]
fn pledge_ids_are_stable_across_runs_and_input_order() {
    let ids = |args: &[&str]| {
        let mut v: Vec<(String, String)> = stdout_rows(args)
            .into_iter()
            .map(|r| (r["amount"].clone() + &r["currency"], r["pledge_id"].clone()))
            .collect();
        v.sort();
        v
    };
    let a = ids(&["compare", "-q", "fixtures/compare"]);
    assert_eq!(a, ids(&["compare", "-q", "fixtures/compare"]));
    let reversed = ids(&[
        "compare",
        "-q",
        "fixtures/compare/briefings.jsonl",
        "fixtures/compare/belfast-daily.html",
        "fixtures/compare/london-wire.txt",
    ]);
    assert_eq!(a, reversed);
    // The base currency does not change the ids.
    assert_eq!(a, ids(&["compare", "-q", "--base", "USD", "fixtures/compare"]));
}

#[test]
fn a_different_amount_in_another_article_is_a_conflict_not_a_merge() {
    let rows = stdout_rows(&["compare", "-q", "fixtures/compare", "fixtures/audit/conflicting-report.txt"]);
    let big = rows.iter().find(|r| r["amount"] == "1600000000").unwrap();
    let other = rows.iter().find(|r| r["amount"] == "1500000000").unwrap();
    assert_eq!(big["sources"], "3");
    assert_eq!(other["conflicts"], big["pledge_id"]);
    assert_eq!(big["conflicts"], other["pledge_id"]);
    // A tolerance of 10% merges them.
    let rows = stdout_rows(&[
        "compare",
        "-q",
        "--tolerance",
        "10%",
        "fixtures/compare",
        "fixtures/audit/conflicting-report.txt",
    ]);
    assert!(rows.iter().any(|r| r["sources"] == "4"), "{rows:#?}");
}

#[test]
fn the_parts_of_a_total_are_not_counted_again() {
    let rows = stdout_rows(&["compare", "-q", "fixtures/audit/packages.txt"]);
    let amounts: Vec<String> =
        rows.iter().map(|r| format!("{} {} {}", r["donor"], r["amount"], r["currency"])).collect();
    assert_eq!(amounts, ["Canada 3000000000 CAD", "Sweden 1000000000 SEK", "Denmark 5000000000 DKK"]);
}

#[test]
fn a_crafted_formula_is_neutralised_in_csv_and_kept_exact_in_jsonl() {
    let crafted = "=HYPERLINK(\"http://x\",\"y\")";
    let out =
        String::from_utf8(pledger(&["compare", "-q", "fixtures/compare/crafted-ledger.csv"]).stdout).unwrap();
    let rows = rows(&out);
    assert_eq!(rows[0]["donor"], format!("'{crafted}"));
    assert_eq!(rows[0]["base_amount"], "1000000.00"); // numbers stay numbers
    let dir = Scratch::new("crafted");
    let totals = dir.path("totals.csv");
    pledger(&["compare", "-q", "fixtures/compare/crafted-ledger.csv", "--totals", &totals]);
    let t = self::rows(&fs::read_to_string(&totals).unwrap());
    assert_eq!(t[0]["party"], format!("'{crafted}"));
    let out = String::from_utf8(
        pledger(&["compare", "-q", "--format", "jsonl", "fixtures/compare/crafted-ledger.csv"]).stdout,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["donor"], crafted);
    assert_eq!(v["sources"], 1);
}
