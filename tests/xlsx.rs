//! `--format xlsx` for every command, read back with `calamine`: numbers are numbers with a
//! currency-appropriate format, text is text (a crafted formula stays a string), and compare
//! has its totals on a second sheet.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::fs;

mod common;
use common::{Scratch, run_ok};

/// Runs `pledger ARGS --format xlsx -o FILE` and opens the workbook.
fn workbook(dir: &Scratch, name: &str, args: &[&str]) -> Xlsx<std::io::BufReader<fs::File>> {
    let path = dir.path(name);
    let mut all = args.to_vec();
    all.extend(["-q", "--format", "xlsx", "-o", &path]);
    run_ok(&all);
    open_workbook(&path).expect("the workbook opens")
}

fn column(range: &Range<Data>, name: &str) -> usize {
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The row whose `key` column holds the string `value`.
fn row_where<'a>(range: &'a Range<Data>, key: &str, value: &str) -> &'a [Data] {
    let k = column(range, key);
    range
        .rows()
        .find(|r| r[k] == Data::String(value.to_string()))
        .unwrap_or_else(|| panic!("no {key}={value}"))
}

#[test]
fn ledger_xlsx_has_numeric_amounts_with_minor_unit_formats() {
    let dir = Scratch::new("ledger");
    let mut book = workbook(&dir, "ledger.xlsx", &["ledger", "--base", "EUR", "fixtures/compare"]);
    assert_eq!(book.sheet_names(), ["ledger"]);
    let range = book.worksheet_range("ledger").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[..4], ["doc", "donor", "recipient", "amount"]);
    assert_eq!(header.last().unwrap(), "date_source");
    let (amount, base, start) =
        (column(&range, "amount"), column(&range, "base_amount"), column(&range, "start"));
    let doc = column(&range, "doc");
    let london = |r: &&[Data]| {
        r[doc] == Data::String("fixtures/compare/london-wire.txt".into()) && r[amount] == Data::Float(1.6e9)
    };
    let r = range.rows().find(london).expect("the £1.6bn pledge as a number");
    assert_eq!(r[base], Data::Float(1_936_858_415.65));
    assert!(matches!(r[start], Data::Float(_) | Data::Int(_)));
    assert_eq!(r[column(&range, "donor")], Data::String("United Kingdom".into()));
    // Text columns hold strings, even when they look like numbers: `date` is ISO text.
    assert_eq!(r[column(&range, "date")], Data::String("2025-03-02".into()));

    // Formats: GBP and EUR with two decimals, JPY would have none.
    let styles = book.worksheet_style("ledger").unwrap();
    let row_index = range.rows().position(|x| london(&x)).unwrap() as u32;
    let format = |col: usize| {
        styles
            .get((row_index, col as u32))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .unwrap_or_default()
    };
    assert_eq!(format(amount), "#,##0.00");
    assert_eq!(format(base), "#,##0.00");
}

#[test]
fn compare_xlsx_has_a_totals_sheet_to_the_cent() {
    let dir = Scratch::new("compare");
    let mut book = workbook(&dir, "compare.xlsx", &["compare", "fixtures/compare"]);
    assert_eq!(book.sheet_names(), ["compare", "totals"]);
    let rows = book.worksheet_range("compare").unwrap();
    let uk = row_where(&rows, "pledge_id", &{
        let amount = column(&rows, "amount");
        rows.rows().find(|r| r[amount] == Data::Float(1.6e9)).unwrap()[column(&rows, "pledge_id")].to_string()
    });
    assert_eq!(uk[column(&rows, "sources")], Data::Float(3.0));
    let totals = book.worksheet_range("totals").unwrap();
    let (by, party, total) = (column(&totals, "by"), column(&totals, "party"), column(&totals, "total"));
    let t = totals
        .rows()
        .find(|r| r[by] == Data::String("donor".into()) && r[party] == Data::String("United Kingdom".into()))
        .unwrap();
    assert_eq!(t[total], Data::Float(2_039_754_018.98));
    // A total without any rate is an empty cell, not zero.
    let imf = totals.rows().find(|r| r[party] == Data::String("IMF".into())).unwrap();
    assert_eq!(imf[total], Data::Empty);
}

#[test]
fn a_crafted_formula_is_stored_as_plain_text() {
    let dir = Scratch::new("crafted");
    let mut book = workbook(&dir, "crafted.xlsx", &["compare", "fixtures/compare/crafted-ledger.csv"]);
    let range = book.worksheet_range("compare").unwrap();
    let donor = column(&range, "donor");
    let row = range.rows().nth(1).unwrap();
    assert_eq!(row[donor], Data::String("=HYPERLINK(\"http://x\",\"y\")".into()));
    let formulas = book.worksheet_formula("compare").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
}

#[test]
fn figures_and_audit_open_with_numbers() {
    let dir = Scratch::new("others");
    let mut book = workbook(&dir, "figures.xlsx", &["figures", "fixtures/flood-relief.html"]);
    let range = book.worksheet_range("figures").unwrap();
    let value = column(&range, "value");
    let yen = row_where(&range, "unit", "JPY");
    assert_eq!(yen[value], Data::Float(3e9));
    let styles = book.worksheet_style("figures").unwrap();
    let i = range.rows().position(|r| r[value] == Data::Float(3e9)).unwrap() as u32;
    let code = styles.get((i, value as u32)).and_then(|s| s.number_format.clone()).map(|f| f.format_code);
    assert_eq!(code.as_deref(), Some("#,##0"), "yen have no minor unit");

    let mut book = workbook(&dir, "audit.xlsx", &["audit", "fixtures/audit/wrong-conversion.txt"]);
    let range = book.worksheet_range("audit").unwrap();
    let f = row_where(&range, "check", "equivalent");
    assert_eq!(f[column(&range, "stated")], Data::Float(3e9));
    assert_eq!(f[column(&range, "implied_rate")], Data::Float(1.875));
    assert_eq!(f[column(&range, "deviation")], Data::Float(0.487753));
}
