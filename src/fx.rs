//! Exchange rates: the European Central Bank's daily euro reference rates, bundled in the binary,
//! and exact [`Decimal`] conversion between any two currencies the data covers.
//!
//! This module owns the rate tables ([`Rates`]), the calendar date they are keyed by ([`Date`]),
//! the rule for picking a rate for a document date ([`FxPolicy`]), the conversion arithmetic and
//! its rounding ([`Rates::convert`], [`minor_units`]). It reads three sources:
//!
//! - `data/ecb/eurofxref-hist.csv`, the ECB's historical reference rates (units of a currency
//!   per 1 EUR, one row per publication day, 1999 onwards), embedded in the binary; a newer copy
//!   of the same file can be read with [`Rates::from_ecb_csv`];
//! - `data/ecb/euro-legacy-rates.csv`, the irrevocable conversion rates of the currencies the
//!   euro replaced (DEM, FRF, ... BGN), valid from the day each country joined the euro;
//! - optionally, a user CSV `date,currency,per_eur` for currencies the ECB does not publish
//!   ([`Rates::add_user_csv`]).
//!
//! Rates are never guessed: a currency the sources do not cover on a date is
//! [`Unconvertible`], which the writers report as `fx_policy=missing`.
//!
//! ```
//! use pledger::Currency;
//! use pledger::fx::{Date, FxPolicy, Rates};
//! use rust_decimal::Decimal;
//!
//! let gbp = Currency::new("GBP").unwrap();
//! let usd = Currency::new("USD").unwrap();
//! let sunday: Date = "2025-03-02".parse().unwrap();
//! let c = Rates::bundled().convert(Decimal::from(1_600_000_000), gbp, usd, Some(sunday)).unwrap();
//! assert_eq!(c.policy, FxPolicy::LastKnown); // no rates on Sundays: Friday's are used
//! assert_eq!(c.rate_date.to_string(), "2025-02-28");
//! assert_eq!(c.amount.round().to_string(), "2016463297");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::Currency;

/// The bundled ECB history (see `data/ecb/README.md` for its source and date range).
static ECB_CSV: &str = include_str!("../data/ecb/eurofxref-hist.csv");
/// The irrevocable conversion rates of the currencies the euro replaced.
static LEGACY_CSV: &str = include_str!("../data/ecb/euro-legacy-rates.csv");

fn is_eur(c: Currency) -> bool {
    c.as_str() == "EUR"
}

// ---------------------------------------------------------------------------------------------
// Dates

/// A day of the proleptic Gregorian calendar, years 1 to 9999, written `YYYY-MM-DD`.
///
/// Stored as a count of days since 1970-01-01, so comparing and ordering dates is comparing
/// integers.
///
/// # Example
/// ```
/// use pledger::fx::Date;
/// let d: Date = "2025-03-02".parse().unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2025, 3, 2));
/// assert_eq!(d.to_string(), "2025-03-02");
/// assert!(Date::parse("2025-02-29").is_none()); // not a leap year
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date with the given year, month (1-12) and day of month, or `None` if there is no
    /// such day or the year is outside 1..=9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses exactly `YYYY-MM-DD` (no time, no surrounding space). Returns `None` for anything
    /// else, including days that do not exist (`2025-02-30`).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        Date::new(year, num(5..7)?, num(8..10)?)
    }

    /// The number of days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The year.
    pub fn year(self) -> i32 {
        civil_from_days(self.0).0
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        civil_from_days(self.0).1
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        civil_from_days(self.0).2
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Date {
    type Err = FxError;

    /// Parses `YYYY-MM-DD`, as [`Date::parse`].
    ///
    /// # Errors
    /// [`FxError::BadDate`] if the text is not a valid date in that form.
    fn from_str(text: &str) -> Result<Date, FxError> {
        Date::parse(text).ok_or_else(|| FxError::BadDate { text: text.to_string() })
    }
}

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil` and `civil_from_days`, for years >= 1 (so no negative eras).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = (m + 9) % 12; // March = 0
    let doy = ((153 * mp + 2) / 5 + d - 1) as i32; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

// ---------------------------------------------------------------------------------------------
// Policies, quotes, conversions

/// How a rate was chosen for a date, as written in the `fx_policy` column.
///
/// The variants are ordered from best to worst: a conversion through two rates takes the worse
/// of their policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FxPolicy {
    /// `exact`: a rate published for the requested date itself, or a fixed rate (EUR, or a
    /// currency the euro replaced, on or after its country joined the euro).
    Exact,
    /// `last_known`: the last rate published before the requested date — over a weekend or a
    /// holiday, for a date after the data's end, for a user rate carried forward, or whenever no
    /// date was given and the latest rate was used.
    LastKnown,
    /// `missing`: no rate; the amount is not converted (see [`Unconvertible`]).
    Missing,
}

impl FxPolicy {
    /// `exact`, `last_known` or `missing`.
    pub fn as_str(&self) -> &'static str {
        match self {
            FxPolicy::Exact => "exact",
            FxPolicy::LastKnown => "last_known",
            FxPolicy::Missing => "missing",
        }
    }
}

impl fmt::Display for FxPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rate of one currency against the euro, as chosen for a date by [`Rates::rate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Units of the currency per 1 EUR, exactly as published.
    pub per_eur: Decimal,
    /// The day the rate was published for (for a fixed rate: the requested date, or without
    /// one the last day of the ECB data).
    pub date: Date,
    /// [`FxPolicy::Exact`] or [`FxPolicy::LastKnown`]; never `Missing`.
    pub policy: FxPolicy,
}

/// An amount converted by [`Rates::convert`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// The converted amount, rounded to the target currency's minor unit (see
    /// [`Rates::convert`]).
    pub amount: Decimal,
    /// Units of the target currency per unit of the source currency, unrounded (up to
    /// [`Decimal`]'s 28 significant digits).
    pub rate: Decimal,
    /// The publication day of the rates used; of the older one when the two currencies' rates
    /// come from different days.
    pub rate_date: Date,
    /// [`FxPolicy::Exact`] or [`FxPolicy::LastKnown`]; never `Missing`.
    pub policy: FxPolicy,
}

impl fmt::Display for Conversion {
    /// `2016463296.53 at 1.2602895603331396474917683517 (2025-02-28, last_known)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {} ({}, {})", self.amount, self.rate, self.rate_date, self.policy)
    }
}

/// Why [`Rates::convert`] or [`Rates::rate`] gave no result; written as `fx_policy=missing`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unconvertible {
    /// No rate for `currency` on `on` (or, with `on = None`, no current rate): the ECB does not
    /// publish it then (before 1999, after it stopped, or never) and no user rate covers it.
    NoRate {
        /// The currency without a rate.
        currency: Currency,
        /// The requested date; `None` when the latest rates were asked for.
        on: Option<Date>,
    },
    /// The converted amount does not fit in a [`Decimal`].
    Overflow,
}

impl fmt::Display for Unconvertible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unconvertible::NoRate { currency, on: Some(d) } => write!(f, "no rate for {currency} on {d}"),
            Unconvertible::NoRate { currency, on: None } => write!(f, "no current rate for {currency}"),
            Unconvertible::Overflow => f.write_str("the converted amount is too large"),
        }
    }
}

impl std::error::Error for Unconvertible {}

// ---------------------------------------------------------------------------------------------
// Errors

/// An error reading a rates file.
///
/// `Display` names the file and line: ``rates.csv:12: `abc` is not a decimal (column USD)``.
#[derive(Debug)]
#[non_exhaustive]
pub enum FxError {
    /// The file could not be read.
    Io {
        /// The file's name as given by the caller.
        file: String,
        /// The underlying error.
        source: io::Error,
    },
    /// A line of the file is malformed.
    Syntax {
        /// The file's name as given by the caller.
        file: String,
        /// The 1-based line number.
        line: u64,
        /// What is wrong, quoting the offending text.
        message: String,
    },
    /// A date given on its own (such as `--date`) is not `YYYY-MM-DD`.
    BadDate {
        /// The text given.
        text: String,
    },
}

impl fmt::Display for FxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FxError::Io { file, source } => write!(f, "{file}: {source}"),
            FxError::Syntax { file, line, message } => write!(f, "{file}:{line}: {message}"),
            FxError::BadDate { text } => write!(f, "`{text}` is not a date (YYYY-MM-DD)"),
        }
    }
}

impl std::error::Error for FxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FxError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn syntax(file: &str, line: u64, message: impl Into<String>) -> FxError {
    FxError::Syntax { file: file.to_string(), line, message: message.into() }
}

fn csv_error(file: &str, err: csv::Error) -> FxError {
    let line = err.position().map_or(0, csv::Position::line);
    match err.into_kind() {
        csv::ErrorKind::Io(source) => FxError::Io { file: file.to_string(), source },
        csv::ErrorKind::Utf8 { .. } => syntax(file, line, "not UTF-8"),
        other => syntax(file, line, format!("{other:?}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Minor units

/// ISO 4217 minor units that are not 2: the current codes, then withdrawn ones the data covers
/// or the ledger may meet. Every other currency has 2.
const MINOR_UNITS: &[(&str, u32)] = &[
    ("BIF", 0),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("ISK", 0),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("PYG", 0),
    ("RWF", 0),
    ("UGX", 0),
    ("UYI", 0),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
    ("BHD", 3),
    ("IQD", 3),
    ("JOD", 3),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("TND", 3),
    ("CLF", 4),
    ("UYW", 4),
    // Withdrawn (ISO 4217 list three / CLDR).
    ("ESP", 0),
    ("ITL", 0),
    ("LUF", 0),
    ("TRL", 0),
];

/// The number of decimals of a currency's minor unit (ISO 4217): 2 for most, 0 for JPY, KRW,
/// ISK, CLP, VND..., 3 for BHD, JOD, KWD, OMR, TND... Converted amounts are rounded to it.
///
/// # Example
/// ```
/// use pledger::{Currency, fx::minor_units};
/// assert_eq!(minor_units(Currency::new("JPY").unwrap()), 0);
/// assert_eq!(minor_units(Currency::new("IDR").unwrap()), 2);
/// assert_eq!(minor_units(Currency::new("KWD").unwrap()), 3);
/// ```
pub fn minor_units(currency: Currency) -> u32 {
    MINOR_UNITS.iter().find(|(code, _)| *code == currency.as_str()).map_or(2, |&(_, n)| n)
}

// ---------------------------------------------------------------------------------------------
// Rates

/// A rate for one day: (publication day, units per 1 EUR).
type Entry = (Date, Decimal);

/// A fixed euro conversion rate: units per 1 EUR from the day the country joined the euro.
#[derive(Clone, Copy, Debug)]
struct Fixed {
    per_eur: Decimal,
    from: Date,
}

/// Daily exchange rates against the euro ("units of currency per 1 EUR"), by currency.
///
/// Built from an ECB history file ([`Rates::bundled`], [`Rates::from_ecb_csv`]) and optionally
/// extended with user rates ([`Rates::add_user_csv`]); the irrevocable rates of the currencies
/// the euro replaced are always included. All values are [`Decimal`]s parsed from the text.
///
/// # How a rate is chosen for a date
///
/// - EUR is 1 on every date.
/// - A currency the euro replaced (DEM, FRF, ITL, ... HRK, BGN; `data/ecb/euro-legacy-rates.csv`)
///   has its fixed rate on and after the day its country joined the euro, [`FxPolicy::Exact`].
///   Before that day it is converted only if the ECB published a market rate for it then (the
///   ECB did for SIT, CYP, HRK... before they joined); a 1987 Deutsche mark amount is
///   [`Unconvertible`]: there was no euro, and the ECU is not the euro.
/// - An ECB rate is the one the ECB published on the last publication day on or before the date
///   ([`FxPolicy::Exact`] if that is the date itself, else [`FxPolicy::LastKnown`]). If that
///   publication did not include the currency, there is no rate: an ECB rate is carried over
///   weekends, holidays and past the end of the data, but never across days on which the ECB
///   published rates without it. So RUB after 2022-03-01 and ISK from December 2008 to
///   January 2018 are missing, and so is every currency before 1999-01-04.
/// - A user rate is carried forward until the next user rate for that currency
///   ([`FxPolicy::LastKnown`]); where a user rate and an ECB rate both apply, the more recent
///   one is used, the user's on a tie.
/// - Without a date, the latest rate is used, always flagged [`FxPolicy::LastKnown`].
#[derive(Clone)]
pub struct Rates {
    /// The ECB publication days, ascending; never empty.
    calendar: Vec<Date>,
    /// ECB rates per currency, ascending by date.
    ecb: HashMap<Currency, Vec<Entry>>,
    /// User rates per currency, ascending by date, one per date.
    user: HashMap<Currency, Vec<Entry>>,
}

impl fmt::Debug for Rates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, last) = self.range();
        f.debug_struct("Rates")
            .field("range", &format_args!("{first}..={last}"))
            .field("ecb_currencies", &self.ecb.len())
            .field("user_currencies", &self.user.len())
            .finish()
    }
}

impl Rates {
    /// The ECB rates bundled in the binary (`data/ecb/eurofxref-hist.csv`; see its README for
    /// the source and date range), parsed on first use and shared afterwards.
    ///
    /// # Example
    /// ```
    /// use pledger::fx::Rates;
    /// let (first, _last) = Rates::bundled().range();
    /// assert_eq!(first.to_string(), "1999-01-04");
    /// ```
    pub fn bundled() -> &'static Rates {
        static BUNDLED: OnceLock<Rates> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            // The bundled file is part of the source tree and checked by the tests.
            Rates::from_ecb_csv(ECB_CSV.as_bytes(), "data/ecb/eurofxref-hist.csv")
                .expect("the bundled ECB rates parse")
        })
    }

    /// Reads an ECB history file in the format of `eurofxref-hist.csv` (for `--rates FILE`): a
    /// header `Date,USD,JPY,...` naming ISO currency codes, then one row per publication day
    /// `YYYY-MM-DD,1.1172,175.68,...` in any order. Cells `N/A` or empty mean "not published
    /// that day"; a trailing comma is allowed. `name` is used in error messages.
    ///
    /// # Errors
    /// [`FxError::Io`] if reading fails; [`FxError::Syntax`] naming the line for a bad header,
    /// date or rate (rates must be positive decimals, written without exponent), a date given
    /// twice, a value under no column, or a file with no rows.
    ///
    /// # Example
    /// ```
    /// use pledger::{Currency, fx::{Date, Rates}};
    /// let csv = "Date,USD,JPY,\n2025-01-03,1.0299,162.77,\n2025-01-02,1.0321,N/A,\n";
    /// let rates = Rates::from_ecb_csv(csv.as_bytes(), "rates.csv").unwrap();
    /// let q = rates.rate(Currency::new("JPY").unwrap(), Date::parse("2025-01-04")).unwrap();
    /// assert_eq!(q.per_eur.to_string(), "162.77");
    ///
    /// let bad = Rates::from_ecb_csv("Date,USD\n2025-01-03,abc\n".as_bytes(), "rates.csv");
    /// assert_eq!(bad.unwrap_err().to_string(), "rates.csv:2: `abc` is not a decimal (column USD)");
    /// ```
    pub fn from_ecb_csv<R: Read>(reader: R, name: &str) -> Result<Rates, FxError> {
        // Cells are trimmed by hand: the csv crate's `Trim::All` makes reading 7x slower.
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
        let mut record = csv::ByteRecord::new();
        if !rdr.read_byte_record(&mut record).map_err(|e| csv_error(name, e))? {
            return Err(syntax(name, 1, "empty file: expected a header `Date,USD,JPY,...`"));
        }
        let header_line = line_of(&record);
        if !record.get(0).is_some_and(|c| c.trim_ascii().eq_ignore_ascii_case(b"Date")) {
            return Err(syntax(name, header_line, "the header must begin with `Date`"));
        }
        // One slot per column after the date; `None` for an unnamed (trailing) column.
        let mut columns: Vec<Option<Currency>> = Vec::new();
        for cell in record.iter().skip(1).map(<[u8]>::trim_ascii) {
            if cell.is_empty() {
                columns.push(None);
                continue;
            }
            let text = String::from_utf8_lossy(cell);
            let Some(c) = Currency::new(&text) else {
                return Err(syntax(name, header_line, format!("`{text}` is not a currency code")));
            };
            if is_eur(c) {
                return Err(syntax(name, header_line, "a EUR column: rates are per 1 EUR"));
            }
            if columns.contains(&Some(c)) {
                return Err(syntax(name, header_line, format!("column {c} appears twice")));
            }
            columns.push(Some(c));
        }
        let mut series: Vec<Vec<Entry>> = vec![Vec::new(); columns.len()];
        let mut days: Vec<(Date, u64)> = Vec::new();
        while rdr.read_byte_record(&mut record).map_err(|e| csv_error(name, e))? {
            let line = line_of(&record);
            let date_cell = cell_str(record.get(0).unwrap_or_default().trim_ascii(), name, line)?;
            if date_cell.is_empty() && record.iter().all(|c| c.trim_ascii().is_empty()) {
                continue;
            }
            let Some(date) = Date::parse(date_cell) else {
                return Err(syntax(name, line, format!("`{date_cell}` is not a date (YYYY-MM-DD)")));
            };
            days.push((date, line));
            for (i, cell) in record.iter().map(<[u8]>::trim_ascii).enumerate().skip(1) {
                if cell.is_empty() || cell == b"N/A" {
                    continue;
                }
                let Some(Some(currency)) = columns.get(i - 1) else {
                    let text = String::from_utf8_lossy(cell);
                    return Err(syntax(name, line, format!("`{text}` is under no currency column")));
                };
                let value = match plain_decimal(cell) {
                    Some(v) if v > Decimal::ZERO => v,
                    _ => parse_rate(cell_str(cell, name, line)?, name, line, *currency)?,
                };
                series[i - 1].push((date, value));
            }
        }
        days.sort_unstable();
        if let Some(w) = days.windows(2).find(|w| w[0].0 == w[1].0) {
            let (d, first, again) = (w[0].0, w[0].1.min(w[1].1), w[0].1.max(w[1].1));
            return Err(syntax(name, again, format!("{d} was already given on line {first}")));
        }
        if days.is_empty() {
            return Err(syntax(name, header_line, "no dated rows"));
        }
        let mut ecb = HashMap::new();
        for (column, mut entries) in columns.into_iter().zip(series) {
            if let Some(c) = column {
                entries.sort_unstable_by_key(|e| e.0);
                ecb.insert(c, entries);
            }
        }
        Ok(Rates { calendar: days.into_iter().map(|(d, _)| d).collect(), ecb, user: HashMap::new() })
    }

    /// Adds rates from a small user CSV with the header `date,currency,per_eur` and rows such as
    /// `2025-03-03,UAH,43.5` (units per 1 EUR), for currencies the ECB does not publish (UAH,
    /// XDR, RUB after 2022...). Lines starting with `#` are comments. A user rate applies from
    /// its date until the next user rate for the same currency; a later call replaces a rate
    /// given earlier for the same currency and date. `name` is used in error messages.
    ///
    /// # Errors
    /// [`FxError::Io`] if reading fails; [`FxError::Syntax`] naming the line for a bad header,
    /// date, code or rate, a rate for EUR, or a currency and date given twice in the file. On
    /// error, no rate from the file is added.
    ///
    /// # Example
    /// ```
    /// use pledger::{Currency, fx::{Date, FxPolicy, Rates}};
    /// use rust_decimal::Decimal;
    /// let mut rates = Rates::bundled().clone();
    /// rates.add_user_csv("date,currency,per_eur\n2025-03-03,UAH,43.5\n".as_bytes(), "uah.csv").unwrap();
    /// let uah = Currency::new("UAH").unwrap();
    /// let eur = Currency::new("EUR").unwrap();
    /// let c = rates.convert(Decimal::from(87), uah, eur, Date::parse("2025-03-03")).unwrap();
    /// assert_eq!((c.amount.to_string().as_str(), c.policy), ("2.00", FxPolicy::Exact));
    /// ```
    pub fn add_user_csv<R: Read>(&mut self, reader: R, name: &str) -> Result<(), FxError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(reader);
        let mut record = csv::ByteRecord::new();
        if !rdr.read_byte_record(&mut record).map_err(|e| csv_error(name, e))? {
            return Err(syntax(name, 1, "empty file: expected a header `date,currency,per_eur`"));
        }
        let header_ok = record.len() == 3
            && record
                .iter()
                .zip([&b"date"[..], b"currency", b"per_eur"])
                .all(|(c, h)| c.eq_ignore_ascii_case(h));
        if !header_ok {
            return Err(syntax(name, line_of(&record), "the header must be `date,currency,per_eur`"));
        }
        let mut added: Vec<(Currency, Date, Decimal, u64)> = Vec::new();
        while rdr.read_byte_record(&mut record).map_err(|e| csv_error(name, e))? {
            let line = line_of(&record);
            if record.iter().all(<[u8]>::is_empty) {
                continue;
            }
            if record.len() != 3 {
                return Err(syntax(
                    name,
                    line,
                    format!("{} cells; expected date,currency,per_eur", record.len()),
                ));
            }
            let date_text = cell_str(&record[0], name, line)?;
            let Some(date) = Date::parse(date_text) else {
                return Err(syntax(name, line, format!("`{date_text}` is not a date (YYYY-MM-DD)")));
            };
            let code = cell_str(&record[1], name, line)?;
            let Some(currency) = Currency::new(&code.to_ascii_uppercase()) else {
                return Err(syntax(name, line, format!("`{code}` is not a currency code")));
            };
            if is_eur(currency) {
                return Err(syntax(name, line, "EUR is always 1: rates are per 1 EUR"));
            }
            let value = parse_rate(cell_str(&record[2], name, line)?, name, line, currency)?;
            added.push((currency, date, value, line));
        }
        added.sort_by_key(|&(c, d, _, line)| (c, d, line));
        if let Some(w) = added.windows(2).find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1)) {
            let (c, d) = (w[0].0, w[0].1);
            return Err(syntax(name, w[1].3, format!("{c} on {d} was already given on line {}", w[0].3)));
        }
        for (currency, date, value, _) in added {
            let entries = self.user.entry(currency).or_default();
            match entries.binary_search_by_key(&date, |e| e.0) {
                Ok(i) => entries[i].1 = value,
                Err(i) => entries.insert(i, (date, value)),
            }
        }
        Ok(())
    }

    /// The first and last ECB publication days in the data.
    ///
    /// # Example
    /// ```
    /// use pledger::fx::Rates;
    /// let (first, last) = Rates::bundled().range();
    /// assert!(first < last);
    /// ```
    pub fn range(&self) -> (Date, Date) {
        // `calendar` is never empty: `from_ecb_csv` rejects a file without rows.
        (self.calendar[0], self.calendar[self.calendar.len() - 1])
    }

    /// The rate of `currency` against the euro for `on` (units per 1 EUR), chosen as described
    /// on [`Rates`]; `on = None` asks for the latest rate.
    ///
    /// # Errors
    /// [`Unconvertible::NoRate`] if no source covers the currency on that date.
    ///
    /// # Example
    /// ```
    /// use pledger::{Currency, fx::{Date, FxPolicy, Rates}};
    /// let rub = Currency::new("RUB").unwrap();
    /// assert!(Rates::bundled().rate(rub, Date::parse("2023-01-10")).is_err());
    /// let q = Rates::bundled().rate(rub, Date::parse("2022-03-01")).unwrap();
    /// assert_eq!((q.per_eur.to_string().as_str(), q.policy), ("117.201", FxPolicy::Exact));
    /// ```
    pub fn rate(&self, currency: Currency, on: Option<Date>) -> Result<Quote, Unconvertible> {
        let policy = |date: Date| if on == Some(date) { FxPolicy::Exact } else { FxPolicy::LastKnown };
        let latest = self.range().1;
        if is_eur(currency) {
            let date = on.unwrap_or(latest);
            return Ok(Quote { per_eur: Decimal::ONE, date, policy: policy(date) });
        }
        if let Some(fixed) = legacy().get(&currency)
            && on.is_none_or(|d| d >= fixed.from)
        {
            let date = on.unwrap_or(latest);
            return Ok(Quote { per_eur: fixed.per_eur, date, policy: policy(date) });
        }
        let ecb = self.ecb.get(&currency).and_then(|entries| {
            let day = match on {
                Some(d) => last_on_or_before(&self.calendar, d, |&x| x)?,
                None => latest,
            };
            let i = entries.binary_search_by_key(&day, |e| e.0).ok()?;
            Some(entries[i])
        });
        let user = self.user.get(&currency).and_then(|entries| match on {
            Some(d) => last_on_or_before(entries, d, |e| e.0),
            None => entries.last().copied(),
        });
        let chosen = match (ecb, user) {
            (Some(e), Some(u)) => Some(if u.0 >= e.0 { u } else { e }),
            (e, u) => e.or(u),
        };
        let (date, per_eur) = chosen.ok_or(Unconvertible::NoRate { currency, on })?;
        Ok(Quote { per_eur, date, policy: policy(date) })
    }

    /// Converts `amount` from one currency to another at the rates for `on` (the latest rates if
    /// `None`), through the euro: `rate = to_per_eur / from_per_eur`.
    ///
    /// The arithmetic is exact [`Decimal`] arithmetic: the converted amount is
    /// `amount × to_per_eur ÷ from_per_eur` (one division, to 28 significant digits), then
    /// rounded to the target currency's minor unit ([`minor_units`]: 2 decimals for most, 0 for
    /// JPY, KRW, ISK...) **half away from zero** (`2.345 → 2.35`, `-2.345 → -2.35`), and written
    /// with exactly that many decimals (`2` → `2.00`). Half away from zero is the rule the euro
    /// changeover regulation (EC) No 1103/97, art. 5, prescribes for conversions, and the one a
    /// reader checking a figure by hand expects; banker's rounding would only matter when
    /// summing many amounts that land exactly on a half cent, which quotients of published rates
    /// practically never do. [`Conversion::rate`] is kept unrounded.
    ///
    /// The policy is the worse of the two currencies' ([`FxPolicy`]), and the rate date the
    /// older of their publication days. Converting a currency to itself is exact at rate 1,
    /// whatever the date.
    ///
    /// # Errors
    /// [`Unconvertible::NoRate`] naming the first currency without a rate for the date;
    /// [`Unconvertible::Overflow`] if the result does not fit in a [`Decimal`].
    ///
    /// # Example
    /// ```
    /// use pledger::{Currency, fx::{Date, FxPolicy, Rates}};
    /// use rust_decimal::Decimal;
    /// let dem = Currency::new("DEM").unwrap();
    /// let eur = Currency::new("EUR").unwrap();
    /// let c = Rates::bundled().convert(Decimal::from(1_000), dem, eur, Date::parse("2001-06-01")).unwrap();
    /// assert_eq!((c.amount.to_string().as_str(), c.policy), ("511.29", FxPolicy::Exact));
    /// // Before the euro existed there is no rate to use.
    /// assert!(Rates::bundled().convert(Decimal::from(1_000), dem, eur, Date::parse("1987-03-24")).is_err());
    /// ```
    pub fn convert(
        &self,
        amount: Decimal,
        from: Currency,
        to: Currency,
        on: Option<Date>,
    ) -> Result<Conversion, Unconvertible> {
        let round = |x: Decimal| {
            let mut x = x.round_dp_with_strategy(minor_units(to), RoundingStrategy::MidpointAwayFromZero);
            x.rescale(minor_units(to)); // `2` → `2.00`: amounts carry their currency's decimals
            x
        };
        if from == to {
            let rate_date = on.unwrap_or(self.range().1);
            return Ok(Conversion {
                amount: round(amount),
                rate: Decimal::ONE,
                rate_date,
                policy: FxPolicy::Exact,
            });
        }
        let source = self.rate(from, on)?;
        let target = self.rate(to, on)?;
        let (f, t) = (source.per_eur, target.per_eur);
        let rate = t.checked_div(f).ok_or(Unconvertible::Overflow)?;
        let value = amount
            .checked_mul(t)
            .and_then(|x| x.checked_div(f))
            .or_else(|| amount.checked_div(f)?.checked_mul(t))
            .ok_or(Unconvertible::Overflow)?;
        Ok(Conversion {
            amount: round(value),
            rate,
            rate_date: source.date.min(target.date),
            policy: source.policy.max(target.policy),
        })
    }
}

/// The last element of `sorted` whose key is on or before `day`.
fn last_on_or_before<T: Copy>(sorted: &[T], day: Date, key: impl Fn(&T) -> Date) -> Option<T> {
    let n = sorted.partition_point(|x| key(x) <= day);
    n.checked_sub(1).map(|i| sorted[i])
}

fn line_of(record: &csv::ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

fn cell_str<'a>(cell: &'a [u8], name: &str, line: u64) -> Result<&'a str, FxError> {
    std::str::from_utf8(cell).map_err(|_| syntax(name, line, "not UTF-8"))
}

/// A fast path for the ECB's cells: `digits[.digits]`, at most 18 digits, read exactly into a
/// [`Decimal`]; `None` for anything else (which [`parse_rate`] then judges).
fn plain_decimal(cell: &[u8]) -> Option<Decimal> {
    let (mut mantissa, mut digits, mut scale, mut dot) = (0i64, 0u32, 0u32, false);
    for &b in cell {
        match b {
            b'0'..=b'9' if digits < 18 => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                digits += 1;
                scale += u32::from(dot);
            }
            b'.' if !dot && digits > 0 => dot = true,
            _ => return None,
        }
    }
    (digits > 0 && !(dot && scale == 0)).then(|| Decimal::new(mantissa, scale))
}

fn parse_rate(text: &str, name: &str, line: u64, currency: Currency) -> Result<Decimal, FxError> {
    match Decimal::from_str_exact(text) {
        Ok(v) if v > Decimal::ZERO => Ok(v),
        Ok(_) => Err(syntax(name, line, format!("`{text}` is not a positive rate (column {currency})"))),
        Err(_) => Err(syntax(name, line, format!("`{text}` is not a decimal (column {currency})"))),
    }
}

/// The fixed euro conversion rates, parsed once from `data/ecb/euro-legacy-rates.csv`.
fn legacy() -> &'static HashMap<Currency, Fixed> {
    static LEGACY: OnceLock<HashMap<Currency, Fixed>> = OnceLock::new();
    // The table is part of the source tree and checked by the tests.
    LEGACY.get_or_init(|| parse_legacy(LEGACY_CSV).expect("the bundled euro legacy rates parse"))
}

fn parse_legacy(text: &str) -> Result<HashMap<Currency, Fixed>, FxError> {
    const NAME: &str = "data/ecb/euro-legacy-rates.csv";
    let mut table = HashMap::new();
    let mut rows = text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l.trim()));
    let mut rows = rows.by_ref().filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    match rows.next() {
        Some((_, "currency,per_eur,euro_from,country")) => {}
        other => return Err(syntax(NAME, other.map_or(1, |r| r.0), "bad header")),
    }
    for (line, row) in rows {
        let cells: Vec<&str> = row.split(',').collect();
        let [code, per_eur, from, _country] = cells[..] else {
            return Err(syntax(NAME, line, "expected 4 cells"));
        };
        let currency = Currency::new(code).ok_or_else(|| syntax(NAME, line, "bad code"))?;
        let per_eur = parse_rate(per_eur, NAME, line, currency)?;
        let from = Date::parse(from).ok_or_else(|| syntax(NAME, line, "bad date"))?;
        table.insert(currency, Fixed { per_eur, from });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("1969-12-31").unwrap().days_since_epoch(), -1);
        assert_eq!(Date::parse("2000-03-01").unwrap().days_since_epoch(), 11_017);
        // Every day of four centuries (a full Gregorian cycle) and the ends of the range.
        let days = (Date::new(1800, 1, 1).unwrap().0..=Date::new(2200, 12, 31).unwrap().0)
            .chain(Date::new(1, 1, 1).unwrap().0..Date::new(1, 3, 1).unwrap().0)
            .chain(Date::new(9999, 11, 1).unwrap().0..=Date::new(9999, 12, 31).unwrap().0);
        for n in days {
            let (y, m, day) = civil_from_days(n);
            assert_eq!(Date::new(y, m, day), Some(Date(n)));
            assert_eq!(Date::parse(&Date(n).to_string()), Some(Date(n)));
        }
        assert_eq!(Date::new(1, 1, 1).unwrap().to_string(), "0001-01-01");
        for bad in
            ["2025-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "0000-01-01", "2025-01-32", "2025/01/01"]
        {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("1900-02-29").is_none());
        assert_eq!("x".parse::<Date>().unwrap_err().to_string(), "`x` is not a date (YYYY-MM-DD)");
    }

    #[test]
    fn bundled_tables_parse() {
        let rates = Rates::bundled();
        assert_eq!(rates.range().0, Date::parse("1999-01-04").unwrap());
        assert!(rates.ecb.len() >= 40);
        let legacy = parse_legacy(LEGACY_CSV).unwrap();
        assert_eq!(legacy.len(), 21);
        assert_eq!(legacy[&cur("DEM")].per_eur.to_string(), "1.95583");
        assert_eq!(legacy[&cur("MTL")].per_eur.to_string(), "0.429300");
    }

    #[test]
    fn legacy_rates_take_over_where_ecb_rates_stop() {
        let rates = Rates::bundled();
        // The ECB published SIT until 2006-12-29; from 2007-01-01 the fixed rate applies.
        let q = rates.rate(cur("SIT"), Date::parse("2006-12-29")).unwrap();
        assert_eq!(q.policy, FxPolicy::Exact);
        assert_ne!(q.per_eur.to_string(), "239.640");
        let q = rates.rate(cur("SIT"), Date::parse("2007-01-01")).unwrap();
        assert_eq!((q.per_eur.to_string().as_str(), q.policy), ("239.640", FxPolicy::Exact));
        // Without a date, a fixed rate is still flagged: the amount may predate the euro.
        let q = rates.rate(cur("DEM"), None).unwrap();
        assert_eq!((q.date, q.policy), (rates.range().1, FxPolicy::LastKnown));
    }

    #[test]
    fn ecb_rates_are_not_carried_across_days_published_without_them() {
        let rates = Rates::bundled();
        let isk = cur("ISK");
        assert!(rates.rate(isk, Date::parse("2012-06-01")).is_err());
        assert!(rates.rate(isk, Date::parse("2024-06-03")).is_ok());
        assert!(rates.rate(cur("RUB"), Date::parse("2022-03-02")).is_err());
        assert!(rates.rate(cur("RUB"), None).is_err());
        // Past the data's end the last rate is carried forward.
        let q = rates.rate(cur("USD"), Date::parse("2099-01-01")).unwrap();
        assert_eq!((q.date, q.policy), (rates.range().1, FxPolicy::LastKnown));
    }

    #[test]
    fn minor_units_table_is_well_formed() {
        for (code, n) in MINOR_UNITS {
            assert!(Currency::new(code).is_some() && *n <= 4, "{code}");
        }
        assert_eq!(minor_units(cur("USD")), 2);
        assert_eq!(minor_units(cur("ITL")), 0);
    }

    #[test]
    fn the_fast_decimal_path_agrees_with_rust_decimal() {
        for text in ["1.1172", "175.68", "20275.17", "0.429300", "136", "0", "123456789012345678", "1.00"] {
            let fast = plain_decimal(text.as_bytes()).unwrap();
            let slow = Decimal::from_str_exact(text).unwrap();
            assert_eq!(
                (fast, fast.scale(), fast.to_string()),
                (slow, slow.scale(), slow.to_string()),
                "{text}"
            );
        }
        for text in ["", ".5", "5.", "1.2.3", "-1", "+1", "1e3", "N/A", "1234567890123456789", " 1"] {
            assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
        }
    }
}
