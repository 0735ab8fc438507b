//! Rows → an Excel workbook (`.xlsx`), through `rust_xlsxwriter`.
//!
//! Each table is a worksheet: a bold header row, frozen, with an autofilter, and columns sized
//! to their contents (6 to 60 characters). Cells are typed by column name:
//!
//! - **amounts** (`value`, `high`, `amount`, `base_amount`, `total`, `stated`, `expected`) are
//!   numbers, formatted with thousands separators and as many decimals as the currency's minor
//!   unit ([`crate::fx::minor_units`]: `#,##0.00` for GBP, `#,##0` for JPY, `#,##0.000` for
//!   KWD). The currency is read from the row's `NAME_currency` column, else `base_currency`
//!   (for `base_amount` and `total`), else `currency`, else `unit`; a counted quantity gets
//!   `#,##0` or, with a fraction, the general format;
//! - **rates** (`fx_rate`, `implied_rate`, `ecb_rate`) are numbers in the general format, and
//!   **`deviation`** a number formatted as a percentage;
//! - integer fields (`start`, `end`, `sources`...) are numbers;
//! - everything else is text, written as a string cell — never as a formula, so a donor named
//!   `=HYPERLINK(...)` is stored and shown as exactly that text (no `'` prefix is needed or
//!   added). A text cell longer than Excel's 32,767-character limit is cut, with a note.
//!
//! **Floating point at the boundary only.** pledger computes with [`Decimal`] everywhere; a
//! spreadsheet number is an IEEE 754 double, so the decimal is converted to `f64` here, when
//! the cell is written, and nowhere else. A double holds 15 significant digits exactly; an
//! amount with more (`1234567890123456.78`) is written as the nearest double *and* gets a cell
//! note with the exact decimal text. A decimal column cell that does not parse as a number is
//! written as text.
//!
//! ```
//! use pledger::output::{Format, RowWriter};
//! use pledger::output::FigureRow;
//! use pledger::figures::{extract, Options};
//! let text = "Japan lent Peru ¥3 billion.";
//! let found = extract(text, &Options::default());
//! let mut w = RowWriter::new(Vec::new(), Format::Xlsx, false).unwrap();
//! w.sheet("figures", pledger::output::FIGURE_COLUMNS).unwrap();
//! w.write(FigureRow::new("note", text, &found.figures[0])).unwrap();
//! let bytes = w.finish().unwrap();
//! assert!(bytes.starts_with(b"PK")); // a zip archive
//! ```

use std::collections::HashMap;
use std::io;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format as CellFormat, Note, Workbook, XlsxError};

use super::cells::Cell;
use crate::Currency;
use crate::fx::minor_units;

/// Columns holding amounts of money (or counts), written as numbers.
const AMOUNT_COLUMNS: &[&str] = &["value", "high", "amount", "base_amount", "total", "stated", "expected"];
/// Columns holding exchange rates, written as numbers in the general format.
const RATE_COLUMNS: &[&str] = &["fx_rate", "implied_rate", "ecb_rate"];
/// Columns holding fractions, written as numbers formatted as percentages.
const FRACTION_COLUMNS: &[&str] = &["deviation"];
/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// The digits an IEEE 754 double holds exactly.
const EXACT_DIGITS: usize = 15;
/// Excel's last row index (1,048,576 rows).
const MAX_ROW: u32 = 1_048_575;

/// How a column's cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A number formatted by the currency in the given column (if any).
    Amount { currency: Option<usize> },
    /// A number in the general format.
    Rate,
    /// A number formatted as a percentage.
    Fraction,
    /// Text (integers stay numbers).
    Text,
}

struct Sheet {
    name: String,
    index: usize,
    kinds: Vec<Kind>,
    widths: Vec<usize>,
    /// The next row to write (0 is the header).
    row: u32,
}

/// An xlsx workbook being built in memory; [`XlsxBook::finish`] returns the file's bytes.
pub struct XlsxBook {
    book: Workbook,
    sheets: Vec<Sheet>,
    header: CellFormat,
    amount_formats: HashMap<Option<u32>, CellFormat>,
    percent: CellFormat,
}

impl Default for XlsxBook {
    fn default() -> Self {
        XlsxBook::new()
    }
}

impl XlsxBook {
    /// An empty workbook.
    pub fn new() -> XlsxBook {
        XlsxBook {
            book: Workbook::new(),
            sheets: Vec::new(),
            header: CellFormat::new().set_bold(),
            amount_formats: HashMap::new(),
            percent: CellFormat::new().set_num_format("0.00%"),
        }
    }

    /// Starts a worksheet named `name` whose header row is `columns`; later rows go to it.
    ///
    /// # Errors
    /// Fails if the name is not a valid sheet name or is already used.
    pub fn sheet(&mut self, name: &str, columns: &[&str]) -> io::Result<()> {
        if self.sheets.iter().any(|s| s.name.eq_ignore_ascii_case(name)) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("a sheet named `{name}` already exists"),
            ));
        }
        let kinds = kinds(columns);
        let index = self.sheets.len();
        let ws = self.book.add_worksheet();
        ws.set_name(name).map_err(xlsx_error)?;
        for (c, name) in columns.iter().enumerate() {
            ws.write_string_with_format(0, col(c)?, *name, &self.header).map_err(xlsx_error)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        let widths = columns.iter().map(|c| c.chars().count() + 2).collect();
        self.sheets.push(Sheet { name: name.to_string(), index, kinds, widths, row: 1 });
        Ok(())
    }

    /// Writes one row of cells, in header order, to the current sheet (a sheet named `Sheet1`
    /// is started, without a header, if none was).
    ///
    /// # Errors
    /// Fails past Excel's 1,048,576 rows.
    pub fn row(&mut self, cells: &[(&str, Cell)]) -> io::Result<()> {
        if self.sheets.is_empty() {
            let names: Vec<&str> = cells.iter().map(|(n, _)| *n).collect();
            self.sheet("Sheet1", &names)?;
        }
        let Some(sheet) = self.sheets.last_mut() else { return Ok(()) };
        let r = sheet.row;
        if r > MAX_ROW {
            return Err(io::Error::other(format!(
                "more than {MAX_ROW} rows do not fit in one xlsx sheet; write CSV instead"
            )));
        }
        let ws = self.book.worksheet_from_index(sheet.index).map_err(xlsx_error)?;
        for (c, (_, cell)) in cells.iter().enumerate() {
            let kind = sheet.kinds.get(c).copied().unwrap_or(Kind::Text);
            let cc = col(c)?;
            let width = match (cell, kind) {
                (Cell::Empty, _) => 0,
                (Cell::Text(s), _) if s.is_empty() => 0,
                (Cell::Text(s), Kind::Text) => {
                    let (text, cut) = cut(s);
                    ws.write_string(r, cc, text).map_err(xlsx_error)?;
                    if cut {
                        let note = Note::new(format!("cut to {MAX_CELL_CHARS} characters"));
                        ws.insert_note(r, cc, &note.set_author("pledger")).map_err(xlsx_error)?;
                    }
                    text.chars().count()
                }
                (Cell::Text(s), kind) => match Decimal::from_str_exact(s) {
                    Ok(d) => {
                        let format = match kind {
                            Kind::Amount { currency } => {
                                let code = currency.and_then(|i| cells.get(i)).and_then(|(_, c)| match c {
                                    Cell::Text(t) => Currency::new(t),
                                    _ => None,
                                });
                                Some(amount_format(&mut self.amount_formats, code, d))
                            }
                            Kind::Fraction => Some(&self.percent),
                            _ => None,
                        };
                        let x = d.to_f64().unwrap_or(f64::NAN);
                        match format {
                            Some(f) => ws.write_number_with_format(r, cc, x, f).map_err(xlsx_error)?,
                            None => ws.write_number(r, cc, x).map_err(xlsx_error)?,
                        };
                        if significant_digits(d) > EXACT_DIGITS {
                            let note = Note::new(format!("exact value: {s}")).set_author("pledger");
                            ws.insert_note(r, cc, &note).map_err(xlsx_error)?;
                        }
                        // Thousands separators add about a third.
                        s.len() + s.len() / 3
                    }
                    Err(_) => {
                        let (text, _) = cut(s);
                        ws.write_string(r, cc, text).map_err(xlsx_error)?;
                        text.chars().count()
                    }
                },
                (Cell::Int(n), _) => {
                    ws.write_number(r, cc, *n as f64).map_err(xlsx_error)?;
                    n.to_string().len()
                }
                (Cell::UInt(n), _) => {
                    ws.write_number(r, cc, *n as f64).map_err(xlsx_error)?;
                    n.to_string().len()
                }
                (Cell::Float(x), _) => {
                    ws.write_number(r, cc, *x).map_err(xlsx_error)?;
                    x.to_string().len()
                }
                (Cell::Bool(b), _) => {
                    ws.write_boolean(r, cc, *b).map_err(xlsx_error)?;
                    5
                }
            };
            if let Some(w) = sheet.widths.get_mut(c) {
                *w = (*w).max(width + 2);
            }
        }
        sheet.row += 1;
        Ok(())
    }

    /// Sizes the columns, turns the autofilters on and returns the file's bytes.
    ///
    /// # Errors
    /// Fails if the workbook cannot be assembled (which would be a bug).
    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        if self.sheets.is_empty() {
            self.sheet("Sheet1", &[])?;
        }
        for sheet in &self.sheets {
            let ws = self.book.worksheet_from_index(sheet.index).map_err(xlsx_error)?;
            for (c, w) in sheet.widths.iter().enumerate() {
                ws.set_column_width(col(c)?, (*w).clamp(6, 60) as f64).map_err(xlsx_error)?;
            }
            if !sheet.widths.is_empty() {
                ws.autofilter(0, 0, sheet.row - 1, col(sheet.widths.len() - 1)?).map_err(xlsx_error)?;
            }
        }
        self.book.save_to_buffer().map_err(xlsx_error)
    }
}

/// The number format of an amount in `currency` (`None` for a quantity), from the cache.
fn amount_format(
    formats: &mut HashMap<Option<u32>, CellFormat>,
    currency: Option<Currency>,
    d: Decimal,
) -> &CellFormat {
    let decimals = match currency {
        Some(c) => Some(minor_units(c)),
        None if d.fract().is_zero() => Some(0),
        None => None, // a measured quantity with a fraction: general format
    };
    formats.entry(decimals).or_insert_with(|| match decimals {
        Some(0) => CellFormat::new().set_num_format("#,##0"),
        Some(n) => CellFormat::new().set_num_format(format!("#,##0.{}", "0".repeat(n as usize))),
        None => CellFormat::new(),
    })
}

/// The kind of each column, by name.
fn kinds(columns: &[&str]) -> Vec<Kind> {
    let find = |name: &str| columns.iter().position(|c| *c == name);
    columns
        .iter()
        .map(|&name| {
            if AMOUNT_COLUMNS.contains(&name) {
                let own = format!("{name}_currency");
                let base = matches!(name, "base_amount" | "total").then(|| find("base_currency")).flatten();
                let currency = find(&own).or(base).or_else(|| find("currency")).or_else(|| find("unit"));
                Kind::Amount { currency }
            } else if RATE_COLUMNS.contains(&name) {
                Kind::Rate
            } else if FRACTION_COLUMNS.contains(&name) {
                Kind::Fraction
            } else {
                Kind::Text
            }
        })
        .collect()
}

/// The significant digits of a decimal (`1600000000` has 2, `2016463296.53` has 12).
fn significant_digits(d: Decimal) -> usize {
    let n = d.normalize();
    let digits = n.mantissa().unsigned_abs().to_string();
    digits.trim_end_matches('0').len().max(1)
}

/// `s` cut to Excel's cell limit, and whether it was cut.
fn cut(s: &str) -> (&str, bool) {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => (&s[..i], true),
        None => (s, false),
    }
}

fn col(c: usize) -> io::Result<u16> {
    u16::try_from(c).ok().filter(|&c| c < 16_384).ok_or_else(|| io::Error::other("too many columns for xlsx"))
}

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("xlsx: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_find_their_currency() {
        let k = kinds(&[
            "doc", "amount", "currency", "base_amount", "base_currency", "stated", "stated_currency",
        ]);
        assert_eq!(k[0], Kind::Text);
        assert_eq!(k[1], Kind::Amount { currency: Some(2) });
        assert_eq!(k[3], Kind::Amount { currency: Some(4) });
        assert_eq!(k[5], Kind::Amount { currency: Some(6) });
        let k = kinds(&["doc", "value", "unit"]);
        assert_eq!(k[1], Kind::Amount { currency: Some(2) });
    }

    #[test]
    fn significant_digits_ignore_trailing_zeros() {
        assert_eq!(significant_digits(Decimal::from(1_600_000_000)), 2);
        assert_eq!(significant_digits("2016463296.53".parse().unwrap()), 12);
        assert_eq!(significant_digits("1234567890123456.78".parse().unwrap()), 18);
        assert_eq!(significant_digits(Decimal::ZERO), 1);
    }
}
