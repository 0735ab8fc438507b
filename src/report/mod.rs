//! Ledger rows in one currency, across articles: `ledger --base`, `compare` and `audit`.
//!
//! The ledger ([`crate::pledges`]) reads one document at a time. This module takes its rows
//! further: each becomes an [`Entry`] — the row as written plus its typed amount, the
//! amounts it restates and the document's date ([`crate::dates`]) — whether it was just
//! extracted from a document ([`entries`]) or read back from a ledger CSV
//! ([`read_ledger_csv`]). Then:
//!
//! - [`BaseColumns`] converts an entry to a base currency with [`crate::fx`] (`ledger --base`);
//! - [`compare`] groups the entries that are one commitment told by several articles and totals
//!   them by donor and recipient;
//! - [`audit`] checks the numbers: printed conversions, totals against their parts, one
//!   commitment given different amounts, figures that could not be read or converted.
//!
//! Values stay [`Decimal`] throughout. A conversion is rounded once, half away from zero to the
//! base currency's minor unit ([`crate::fx::Rates::convert`]); sums of converted amounts are
//! exact sums of those rounded amounts.

pub mod audit;
pub mod compare;

use std::fmt;
use std::io::{self, BufRead, Read};
use std::path::Path;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::dates::{DateSource, DocDate};
use crate::figure::{Currency, Figure, plain};
use crate::fx::{Conversion, Date, Rates, Unconvertible};
use crate::output::Row;
use crate::pledges::{self, LEDGER_COLUMNS, LedgerRow, Stage};

/// An amount in a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    /// The exact value.
    pub value: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl fmt::Display for Money {
    /// `1600000000 GBP`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", plain(self.value), self.currency)
    }
}

/// One ledger row with its numbers typed and its document's date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The row as `pledger ledger` writes it.
    pub row: LedgerRow,
    /// The document's date and where it came from.
    pub date: DocDate,
    /// The pledged amount (the low end of a range); `None` for goods-only pledges.
    pub amount: Option<Money>,
    /// The high end of a range.
    pub high: Option<Decimal>,
    /// The same amount restated in other currencies ("£1.6 billion ($2 billion)").
    pub equivalents: Vec<Money>,
}

impl Entry {
    /// The entry for pledge `p` of document `doc` (text `text`, figures `figures`).
    pub fn from_pledge(
        doc: &str,
        text: &str,
        figures: &[Figure],
        p: &pledges::Pledge,
        date: DocDate,
    ) -> Entry {
        let money = |i: usize| {
            let f = figures.get(i)?;
            Some(Money { value: f.value, currency: f.currency()? })
        };
        Entry {
            row: LedgerRow::new(doc, text, figures, p),
            date,
            amount: p.amount.and_then(money),
            high: p.amount.and_then(|i| figures.get(i)).and_then(|f| f.high),
            equivalents: p.equivalents.iter().filter_map(|&i| money(i)).collect(),
        }
    }

    /// The amount converted to `base` at the document's date (the latest rates without one);
    /// `None` for a goods-only pledge.
    ///
    /// # Errors
    /// [`Unconvertible`] when no rate covers the currency on that date (`fx_policy=missing`).
    pub fn convert(&self, rates: &Rates, base: Currency) -> Option<Result<Conversion, Unconvertible>> {
        let m = self.amount?;
        Some(rates.convert(m.value, m.currency, base, self.date.date))
    }
}

/// The entries of one document: runs the ledger over its figures.
///
/// # Example
/// ```
/// use pledger::dates::DocDate;
/// use pledger::figures::{self, Options};
/// let text = "Britain pledged £1.6 billion ($2 billion) to Ukraine.";
/// let found = figures::extract(text, &Options::default());
/// let e = pledger::report::entries("a", text, &found.figures, DocDate::NONE);
/// assert_eq!(e[0].amount.unwrap().to_string(), "1600000000 GBP");
/// assert_eq!(e[0].equivalents[0].to_string(), "2000000000 USD");
/// ```
pub fn entries(doc: &str, text: &str, figures: &[Figure], date: DocDate) -> Vec<Entry> {
    pledges::extract(text, figures).iter().map(|p| Entry::from_pledge(doc, text, figures, p, date)).collect()
}

/// The columns `ledger --base` adds after the ledger's, in order.
pub const BASE_COLUMNS: &[&str] =
    &["base_amount", "base_currency", "fx_rate", "fx_date", "fx_policy", "date", "date_source"];

/// Decimals kept in the `fx_rate` and rate columns (the conversion itself uses the unrounded
/// rate).
pub const RATE_DECIMALS: u32 = 10;

/// The columns `ledger --base` adds: the amount in the base currency and how it was converted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BaseColumns {
    /// The converted amount, with the base currency's minor-unit decimals (`2016463296.53`);
    /// empty when not converted.
    pub base_amount: String,
    /// The base currency; empty for goods-only pledges.
    pub base_currency: String,
    /// Units of the base currency per unit of the pledge's currency, rounded to
    /// [`RATE_DECIMALS`] decimals for display.
    pub fx_rate: String,
    /// The publication day of the rates used.
    pub fx_date: String,
    /// `exact`, `last_known` or `missing`; empty for goods-only pledges.
    pub fx_policy: &'static str,
    /// The document's date, or empty.
    pub date: String,
    /// Where the date came from: `input`, `text`, `default` or `none`.
    pub date_source: &'static str,
}

impl BaseColumns {
    /// The columns for `entry` converted to `base`.
    ///
    /// # Example
    /// ```
    /// use pledger::dates::{DateSource, DocDate};
    /// use pledger::figures::{self, Options};
    /// use pledger::fx::{Date, Rates};
    /// use pledger::report::{entries, BaseColumns};
    /// let text = "Britain pledged £1.6 billion to Ukraine.";
    /// let found = figures::extract(text, &Options::default());
    /// let date = DocDate { date: Date::parse("2025-03-02"), source: DateSource::Default };
    /// let e = &entries("a", text, &found.figures, date)[0];
    /// let usd = pledger::Currency::new("USD").unwrap();
    /// let b = BaseColumns::new(e, Rates::bundled(), usd);
    /// assert_eq!(b.base_amount, "2016463296.53");
    /// assert_eq!((b.fx_date.as_str(), b.fx_policy), ("2025-02-28", "last_known"));
    /// ```
    pub fn new(entry: &Entry, rates: &Rates, base: Currency) -> BaseColumns {
        BaseColumns::from_conversion(entry.convert(rates, base).as_ref(), base, entry.date)
    }

    /// The columns for a conversion already made (`None`: a goods-only pledge).
    pub fn from_conversion(
        conv: Option<&Result<Conversion, Unconvertible>>,
        base: Currency,
        date: DocDate,
    ) -> BaseColumns {
        let mut b = BaseColumns {
            base_amount: String::new(),
            base_currency: String::new(),
            fx_rate: String::new(),
            fx_date: String::new(),
            fx_policy: "",
            date: date.date.map(|d| d.to_string()).unwrap_or_default(),
            date_source: date.source.as_str(),
        };
        match conv {
            None => {}
            Some(Ok(c)) => {
                b.base_amount = c.amount.to_string();
                b.base_currency = base.to_string();
                b.fx_rate = rate_text(c.rate);
                b.fx_date = c.rate_date.to_string();
                b.fx_policy = c.policy.as_str();
            }
            Some(Err(_)) => {
                b.base_currency = base.to_string();
                b.fx_policy = crate::fx::FxPolicy::Missing.as_str();
            }
        }
        b
    }
}

impl Row for BaseColumns {
    fn neutralize(&mut self) {
        // Every field is generated: dates, codes, decimals and fixed labels.
    }
}

/// A rate for display: [`RATE_DECIMALS`] decimals, half away from zero, trailing zeros cut.
pub fn rate_text(rate: Decimal) -> String {
    plain(rate.round_dp_with_strategy(RATE_DECIMALS, RoundingStrategy::MidpointAwayFromZero))
}

/// A tolerance written as a fraction (`0.05`) or a percentage (`5%`), from 0 to 1 (100%).
///
/// # Example
/// ```
/// use pledger::report::parse_fraction;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_fraction("5%"), Some(Decimal::new(5, 2)));
/// assert_eq!(parse_fraction("0.02"), Some(Decimal::new(2, 2)));
/// assert_eq!(parse_fraction("150%"), None);
/// ```
pub fn parse_fraction(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let (number, per) = match text.strip_suffix('%') {
        Some(p) => (p.trim(), Decimal::ONE_HUNDRED),
        None => (text, Decimal::ONE),
    };
    let x = Decimal::from_str_exact(number).ok()? / per;
    (Decimal::ZERO..=Decimal::ONE).contains(&x).then_some(x)
}

/// The grouping form of a party's name: a country's other short name as its canonical one
/// ("Côte d'Ivoire" as "Ivory Coast"), lower case, letters and digits only, single spaces,
/// without a leading "the" (`"The  World-Bank"` → `"world bank"`).
pub fn party_key(name: &str) -> String {
    let lower = crate::pledges::canonical_name(name).to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let words = if words.first() == Some(&"the") && words.len() > 1 { &words[1..] } else { &words[..] };
    words.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Ledger CSVs

/// A ledger CSV that cannot be read: `FILE:LINE: MESSAGE`.
#[derive(Debug)]
pub struct LedgerCsvError {
    /// The file as named.
    pub file: String,
    /// The 1-based line, or 0 for the whole file.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LedgerCsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::error::Error for LedgerCsvError {}

/// Whether a first line is a ledger header: the `pledger ledger` columns, in order (a
/// byte-order mark and extra columns after them, such as the `--base` ones, are allowed).
///
/// # Example
/// ```
/// use pledger::report::is_ledger_header;
/// assert!(is_ledger_header("doc,donor,recipient,amount,currency,qualifier,high,amount_text,equivalents,items,instrument,stage,cue,sentence,start,end"));
/// assert!(!is_ledger_header("doc,kind,text,value,unit"));
/// ```
pub fn is_ledger_header(line: &str) -> bool {
    let line = line.trim_start_matches('\u{feff}').trim_end_matches(['\r', '\n']);
    let cells: Vec<&str> = line.split(',').collect();
    cells.len() >= LEDGER_COLUMNS.len() && cells.iter().zip(LEDGER_COLUMNS).all(|(a, b)| a == b)
}

/// Whether the file at `path` is a ledger CSV (judged by its first line; see
/// [`is_ledger_header`]).
///
/// # Errors
/// Fails if the file cannot be opened or read.
pub fn is_ledger_csv(path: &Path) -> io::Result<bool> {
    let mut first = Vec::new();
    io::BufReader::new(std::fs::File::open(path)?).take(64 * 1024).read_until(b'\n', &mut first)?;
    Ok(is_ledger_header(&String::from_utf8_lossy(&first)))
}

/// Undoes [`crate::output::csv_safe`]: a `'` before `=`, `+`, `-`, `@`, tab or CR is dropped.
fn unsafe_cell(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => s.to_string(),
    }
}

/// Reads a ledger CSV (as written by `pledger ledger`, with or without `--base` and
/// `--excel`) back into entries. Text cells neutralised against formula injection get their
/// `'` removed. The date is the row's `date` column when there is one (with its
/// `date_source`), else `default` (the `--date`, labelled `default`), else none.
///
/// # Errors
/// [`LedgerCsvError`] naming the line for a missing column, a bad number, currency, date or
/// stage, or a file that is not CSV.
///
/// # Example
/// ```
/// let csv = "doc,donor,recipient,amount,currency,qualifier,high,amount_text,equivalents,items,instrument,stage,cue,sentence,start,end\n\
///            a,United Kingdom,Ukraine,1600000000,GBP,exact,,£1.6 billion,2000000000 USD,,,pledge,pledged,S.,10,22\n";
/// let e = pledger::report::read_ledger_csv(csv.as_bytes(), "l.csv", None).unwrap();
/// assert_eq!(e[0].equivalents[0].to_string(), "2000000000 USD");
/// ```
pub fn read_ledger_csv<R: Read>(
    reader: R,
    name: &str,
    default: Option<Date>,
) -> Result<Vec<Entry>, LedgerCsvError> {
    let err = |line: u64, message: String| LedgerCsvError { file: name.to_string(), line, message };
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(reader);
    let headers = rdr.headers().map_err(|e| err(0, e.to_string()))?.clone();
    let col = |n: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == n);
    let mut index = Vec::new();
    for &c in LEDGER_COLUMNS {
        index.push(col(c).ok_or_else(|| err(1, format!("no `{c}` column: not a pledger ledger")))?);
    }
    let (date_col, source_col) = (col("date"), col("date_source"));
    let mut out = Vec::new();
    for record in rdr.records() {
        let record = record.map_err(|e| err(e.position().map_or(0, csv::Position::line), e.to_string()))?;
        let line = record.position().map_or(0, csv::Position::line);
        let get = |i: usize| unsafe_cell(record.get(index[i]).unwrap_or(""));
        let number = |i: usize, what: &str| -> Result<Option<Decimal>, LedgerCsvError> {
            let s = get(i);
            if s.is_empty() {
                return Ok(None);
            }
            Decimal::from_str_exact(&s)
                .map(Some)
                .map_err(|_| err(line, format!("`{s}` is not a decimal ({what})")))
        };
        let offset = |i: usize| -> Result<usize, LedgerCsvError> {
            let s = get(i);
            s.parse().map_err(|_| err(line, format!("`{s}` is not a byte offset ({})", LEDGER_COLUMNS[i])))
        };
        let currency =
            |s: &str| Currency::new(s).ok_or_else(|| err(line, format!("`{s}` is not a currency code")));
        let stage_text = get(11);
        let stage = [Stage::Pledge, Stage::Commitment, Stage::Disbursement]
            .into_iter()
            .find(|s| s.as_str() == stage_text)
            .ok_or_else(|| err(line, format!("`{stage_text}` is not a stage")))?;
        let amount = match number(3, "amount")? {
            Some(value) => Some(Money { value, currency: currency(&get(4))? }),
            None => None,
        };
        let mut equivalents = Vec::new();
        for part in get(8).split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (v, c) =
                part.split_once(' ').ok_or_else(|| err(line, format!("`{part}` is not `VALUE CODE`")))?;
            let value = Decimal::from_str_exact(v)
                .map_err(|_| err(line, format!("`{v}` is not a decimal (equivalents)")))?;
            equivalents.push(Money { value, currency: currency(c.trim())? });
        }
        let date_text = date_col.and_then(|i| record.get(i)).unwrap_or("").trim();
        let date = if date_text.is_empty() {
            DocDate::or_default(default)
        } else {
            let d =
                Date::parse(date_text).ok_or_else(|| err(line, format!("`{date_text}` is not a date")))?;
            let source = source_col.and_then(|i| record.get(i)).and_then(DateSource::parse);
            DocDate {
                date: Some(d),
                source: source.filter(|s| *s != DateSource::None).unwrap_or(DateSource::Input),
            }
        };
        let row = LedgerRow {
            doc: get(0),
            donor: get(1),
            recipient: get(2),
            amount: get(3),
            currency: get(4),
            qualifier: get(5),
            high: get(6),
            amount_text: get(7),
            equivalents: get(8),
            items: get(9),
            instrument: get(10),
            stage: stage.as_str(),
            cue: get(12),
            sentence: get(13),
            start: offset(14)?,
            end: offset(15)?,
        };
        out.push(Entry { high: number(6, "high")?, row, date, amount, equivalents });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_keys_ignore_case_punctuation_and_the() {
        assert_eq!(party_key("The  World-Bank"), "world bank");
        assert_eq!(party_key("United Kingdom"), party_key("united kingdom."));
        assert_eq!(party_key("The"), "the");
        assert_eq!(party_key(""), "");
        assert_eq!(party_key("Côte d'Ivoire"), party_key("Ivory Coast"));
    }

    #[test]
    fn neutralised_cells_are_restored() {
        assert_eq!(unsafe_cell("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(unsafe_cell("'quoted'"), "'quoted'");
        assert_eq!(unsafe_cell("-"), "-");
    }
}
