//! Rows → CSV, JSONL or XLSX. One writer owns every output setting.
//!
//! A row is a serde struct of scalars, or a tuple of such structs written as one row (a ledger
//! row followed by its `--base` columns); [`cells()`] flattens it.
//!
//! CSV is RFC 4180, UTF-8, with a header row; `excel` adds a byte-order mark so that
//! spreadsheet programs read it as UTF-8. Text cells that begin with `=`, `+`, `-`, `@`, a tab
//! or a carriage return are prefixed with `'` so a spreadsheet shows them as text instead of
//! running them as formulas; numeric columns are written as plain decimals and never
//! altered. JSONL output carries the same fields with the text exactly as found. XLSX
//! ([`xlsx`]) writes text as string cells (never formulas, so no prefix is needed) and amounts
//! as numbers; a workbook can hold several tables, one per sheet ([`RowWriter::sheet`]).

pub mod cells;
pub mod xlsx;

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::figure::{Figure, plain};
use cells::{Cell, cells};
use xlsx::XlsxBook;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Comma-separated values with a header row.
    #[default]
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// An Excel workbook (see [`xlsx`]); written when the writer finishes.
    Xlsx,
}

/// A row type the writers can write: a serde struct of scalars whose free-text fields can be
/// neutralised against spreadsheet formula injection.
pub trait Row: Serialize {
    /// Neutralises every free-text field with [`csv_safe`].
    fn neutralize(&mut self);
}

/// Two rows written side by side as one (`(LedgerRow, BaseColumns)`).
impl<A: Row, B: Row> Row for (A, B) {
    fn neutralize(&mut self) {
        self.0.neutralize();
        self.1.neutralize();
    }
}

/// Prefixes `'` to a cell that a spreadsheet would read as a formula.
///
/// # Example
/// ```
/// use pledger::output::csv_safe;
/// assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv_safe("United Kingdom"), "United Kingdom");
/// ```
pub fn csv_safe(s: &str) -> String {
    // A lone "-" (standard input's name) cannot run as a formula.
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s != "-" { format!("'{s}") } else { s.to_string() }
}

/// Writes rows in one format.
pub struct RowWriter<W: Write> {
    inner: Inner<W>,
}

enum Inner<W: Write> {
    /// Records are formatted by `fmt` and copied to `out` at once, so rows [`render`]ed
    /// elsewhere can go between them.
    Csv {
        out: W,
        fmt: Box<CsvFormatter>,
        headed: bool,
    },
    Jsonl(W),
    Xlsx {
        out: W,
        book: Box<XlsxBook>,
    },
}

impl<W: Write> RowWriter<W> {
    /// A writer of `format` to `out`. With `excel`, CSV starts with a UTF-8 byte-order mark
    /// (`excel` has no effect on other formats).
    ///
    /// # Errors
    /// Fails if writing the byte-order mark fails.
    pub fn new(mut out: W, format: Format, excel: bool) -> io::Result<Self> {
        let inner = match format {
            Format::Csv => {
                if excel {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                Inner::Csv { out, fmt: Box::new(CsvFormatter::new()), headed: false }
            }
            Format::Jsonl => Inner::Jsonl(out),
            Format::Xlsx => Inner::Xlsx { out, book: Box::new(XlsxBook::new()) },
        };
        Ok(RowWriter { inner })
    }

    /// Writes one row.
    ///
    /// # Errors
    /// Fails when the underlying writer fails (a broken pipe, a full disk), or for a row that
    /// is not made of scalars.
    pub fn write<R: Row>(&mut self, mut row: R) -> io::Result<()> {
        if let Inner::Csv { .. } = self.inner {
            row.neutralize();
        }
        let cells = cells(&row).map_err(io::Error::other)?;
        match &mut self.inner {
            Inner::Csv { out, fmt, .. } => {
                out.write_all(fmt.record(cells.iter().map(|(_, c)| csv_field(c)))?)
            }
            Inner::Jsonl(w) => {
                let mut line = String::from("{");
                for (i, (name, cell)) in cells.iter().enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    line.push_str(&json_string(name)?);
                    line.push(':');
                    match cell {
                        Cell::Text(text) => line.push_str(&json_string(text)?),
                        other => line.push_str(&other.to_json().to_string()),
                    }
                }
                line.push_str("}\n");
                w.write_all(line.as_bytes())
            }
            Inner::Xlsx { book, .. } => book.row(&cells),
        }
    }

    /// Writes a header row even when no row follows, so an empty result is still a
    /// well-formed table: for CSV the header line, for XLSX a sheet named `Sheet1` (see
    /// [`RowWriter::sheet`]); nothing for JSONL.
    ///
    /// # Errors
    /// Fails when the underlying writer fails.
    pub fn header(&mut self, names: &[&str]) -> io::Result<()> {
        self.sheet("Sheet1", names)
    }

    /// Starts a table named `name` with header `names`: for XLSX a new worksheet (a workbook
    /// can hold several); for CSV the header line, once (CSV holds one table, so a second call
    /// fails); nothing for JSONL.
    ///
    /// # Errors
    /// Fails when the underlying writer fails, for a second CSV table, or for a sheet name
    /// that is invalid or already used.
    pub fn sheet(&mut self, name: &str, names: &[&str]) -> io::Result<()> {
        match &mut self.inner {
            Inner::Csv { out, fmt, headed } => {
                if *headed {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("CSV holds one table; `{name}` needs a file of its own"),
                    ));
                }
                *headed = true;
                out.write_all(fmt.record(names)?)
            }
            Inner::Jsonl(_) => Ok(()),
            Inner::Xlsx { book, .. } => book.sheet(name, names),
        }
    }

    /// The format rows can be rendered in ahead of time, on any thread, by [`render`] and
    /// then passed to [`RowWriter::write_rendered`]: CSV and JSONL (not XLSX, a workbook
    /// written as a whole).
    pub fn streamed(&self) -> Option<Format> {
        match self.inner {
            Inner::Csv { .. } => Some(Format::Csv),
            Inner::Jsonl(_) => Some(Format::Jsonl),
            Inner::Xlsx { .. } => None,
        }
    }

    /// Writes rows that [`render`] rendered in this writer's [`RowWriter::streamed`] format,
    /// exactly as [`RowWriter::write`] would have written them one by one.
    ///
    /// # Errors
    /// Fails when the underlying writer fails, or for an XLSX writer.
    pub fn write_rendered(&mut self, rendered: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Inner::Csv { out: w, .. } | Inner::Jsonl(w) => w.write_all(rendered),
            Inner::Xlsx { .. } => {
                Err(io::Error::new(io::ErrorKind::InvalidInput, "a workbook takes rows, not rendered text"))
            }
        }
    }

    /// Flushes and returns the underlying writer (for XLSX, after writing the workbook to it).
    ///
    /// # Errors
    /// Fails when flushing or writing fails.
    pub fn finish(self) -> io::Result<W> {
        match self.inner {
            Inner::Csv { out: mut w, .. } | Inner::Jsonl(mut w) => {
                w.flush()?;
                Ok(w)
            }
            Inner::Xlsx { mut out, book } => {
                out.write_all(&book.finish()?)?;
                out.flush()?;
                Ok(out)
            }
        }
    }
}

/// Renders `rows` as [`RowWriter::write`] writes them in `format` (CSV or JSONL, without a
/// header), for [`RowWriter::write_rendered`]: rows can be formatted on worker threads and
/// written in order by one.
///
/// # Errors
/// Fails for a row that is not made of scalars, or for XLSX.
pub fn render<R: Row>(format: Format, rows: impl IntoIterator<Item = R>) -> io::Result<Vec<u8>> {
    if format == Format::Xlsx {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "a workbook is not rendered row by row"));
    }
    let mut w = RowWriter::new(Vec::new(), format, false)?;
    for row in rows {
        w.write(row)?;
    }
    w.finish()
}

/// Formats CSV records (RFC 4180, `\n`-terminated) one at a time, reusing its buffers.
struct CsvFormatter {
    w: csv::Writer<Vec<u8>>,
    /// How much of `w`'s output earlier records took.
    taken: usize,
}

impl CsvFormatter {
    fn new() -> CsvFormatter {
        CsvFormatter { w: csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new()), taken: 0 }
    }

    /// The bytes of one record.
    fn record<T: AsRef<[u8]>>(&mut self, fields: impl IntoIterator<Item = T>) -> io::Result<&[u8]> {
        if self.taken > 1 << 16 {
            *self = CsvFormatter::new();
        }
        self.w.write_record(fields).map_err(csv_to_io)?;
        self.w.flush()?;
        let from = self.taken;
        self.taken = self.w.get_ref().len();
        Ok(&self.w.get_ref()[from..])
    }
}

/// A cell's CSV field: a text cell as it is (no copy), anything else as displayed.
fn csv_field(cell: &Cell) -> Cow<'_, [u8]> {
    match cell {
        Cell::Text(text) => Cow::Borrowed(text.as_bytes()),
        other => Cow::Owned(other.to_string().into_bytes()),
    }
}

/// `text` as a JSON string, as `serde_json::Value::String` displays it (without the copy).
fn json_string(text: &str) -> io::Result<String> {
    serde_json::to_string(text).map_err(io::Error::other)
}

fn csv_to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The columns of `pledger figures`, in order.
pub const FIGURE_COLUMNS: &[&str] =
    &["doc", "kind", "text", "value", "unit", "qualifier", "high", "start", "end", "rule"];

/// One row of `pledger figures`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FigureRow {
    /// The document: its path as given or its JSONL id.
    pub doc: String,
    /// `money` or `quantity`.
    pub kind: &'static str,
    /// The exact span of the document.
    pub text: String,
    /// The value (low end of a range), plain decimal.
    pub value: String,
    /// ISO code for money, the counted thing for quantities.
    pub unit: String,
    /// exact, over, under, approx or range.
    pub qualifier: &'static str,
    /// The high end of a range, or empty.
    pub high: String,
    /// Byte offset of the span's start.
    pub start: usize,
    /// Byte offset of the span's end.
    pub end: usize,
    /// The rule that found it.
    pub rule: &'static str,
}

impl FigureRow {
    /// The row for figure `f` of document `doc` with text `text`.
    pub fn new(doc: &str, text: &str, f: &Figure) -> FigureRow {
        FigureRow {
            doc: doc.to_string(),
            kind: f.kind().as_str(),
            text: f.text(text).to_string(),
            value: plain(f.value),
            unit: f.unit_str().to_string(),
            qualifier: f.qualifier.as_str(),
            high: f.high.map(plain).unwrap_or_default(),
            start: f.start,
            end: f.end,
            rule: f.rule,
        }
    }
}

impl Row for FigureRow {
    fn neutralize(&mut self) {
        self.doc = csv_safe(&self.doc);
        self.text = csv_safe(&self.text);
        self.unit = csv_safe(&self.unit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> FigureRow {
        FigureRow {
            doc: "d".into(),
            kind: "money",
            text: text.into(),
            value: "-5".into(),
            unit: "GBP".into(),
            qualifier: "exact",
            high: String::new(),
            start: 0,
            end: 1,
            rule: "r",
        }
    }

    #[test]
    fn csv_neutralises_text_but_not_numbers() {
        let mut w = RowWriter::new(Vec::new(), Format::Csv, false).unwrap();
        w.write(row("=1+2")).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out.lines().next().unwrap(), "d,money,'=1+2,-5,GBP,exact,,0,1,r");
    }

    #[test]
    fn jsonl_keeps_text_exact() {
        let mut w = RowWriter::new(Vec::new(), Format::Jsonl, false).unwrap();
        w.write(row("=1+2")).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.contains("\"text\":\"=1+2\""), "{out}");
        assert!(out.ends_with('\n'));
    }

    #[test]
    fn tuple_rows_flatten_into_one_record() {
        #[derive(Serialize)]
        struct Extra {
            fx_policy: &'static str,
        }
        impl Row for Extra {
            fn neutralize(&mut self) {}
        }
        let mut w = RowWriter::new(Vec::new(), Format::Jsonl, false).unwrap();
        w.write((row("=x"), Extra { fx_policy: "exact" })).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.starts_with("{\"doc\":\"d\",\"kind\":\"money\",\"text\":\"=x\""), "{out}");
        assert!(out.ends_with(",\"rule\":\"r\",\"fx_policy\":\"exact\"}\n"), "{out}");
        let mut w = RowWriter::new(Vec::new(), Format::Csv, false).unwrap();
        w.write((row("=x"), Extra { fx_policy: "exact" })).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out, "d,money,'=x,-5,GBP,exact,,0,1,r,exact\n");
    }

    #[test]
    fn rendered_rows_are_written_as_rows_are() {
        for format in [Format::Csv, Format::Jsonl] {
            let rows = || [row("=1+2"), row("a, \"b\"\nc"), row("plain")];
            let mut one = RowWriter::new(Vec::new(), format, true).unwrap();
            one.header(FIGURE_COLUMNS).unwrap();
            for r in rows() {
                one.write(r).unwrap();
            }
            let mut ahead = RowWriter::new(Vec::new(), format, true).unwrap();
            assert_eq!(ahead.streamed(), Some(format));
            ahead.header(FIGURE_COLUMNS).unwrap();
            let [a, b, c] = rows();
            ahead.write_rendered(&render(format, [a, b]).unwrap()).unwrap();
            ahead.write(c).unwrap();
            let (one, ahead) = (one.finish().unwrap(), ahead.finish().unwrap());
            assert_eq!(String::from_utf8(ahead).unwrap(), String::from_utf8(one).unwrap(), "{format:?}");
        }
        let mut book = RowWriter::new(Vec::new(), Format::Xlsx, false).unwrap();
        assert_eq!(book.streamed(), None);
        assert!(book.write_rendered(b"x").is_err() && render(Format::Xlsx, [row("x")]).is_err());
    }

    #[test]
    fn csv_holds_one_table_and_xlsx_several() {
        let mut w = RowWriter::new(Vec::new(), Format::Csv, false).unwrap();
        w.sheet("a", &["x"]).unwrap();
        assert_eq!(w.sheet("b", &["y"]).unwrap_err().kind(), io::ErrorKind::InvalidInput);
        let mut w = RowWriter::new(Vec::new(), Format::Xlsx, false).unwrap();
        w.sheet("a", FIGURE_COLUMNS).unwrap();
        w.write(row("=1+2")).unwrap();
        w.sheet("b", &["x"]).unwrap();
        assert!(w.sheet("b", &["x"]).is_err(), "a sheet name is used once");
        assert!(w.finish().unwrap().starts_with(b"PK"));
    }

    #[test]
    fn excel_adds_bom() {
        let w = RowWriter::new(Vec::new(), Format::Csv, true).unwrap();
        let out = w.finish().unwrap();
        assert!(out.starts_with("\u{feff}".as_bytes()));
    }
}
