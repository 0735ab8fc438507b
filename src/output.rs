//! Rows → CSV, JSONL or XLSX. One writer owns every output setting.
//!
//! A row is a serde struct of scalars, or a tuple of such structs written as one row (a ledger
//! row followed by its `--base` columns); [`cells::each_cell`] flattens it, handing each cell
//! to the CSV or JSONL writer without a copy ([`cells()`] collects them for a workbook).
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

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::figure::{Figure, plain};
use cells::{CellRef, cells, each_cell};
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
    let mut safe = s.to_string();
    csv_safe_in_place(&mut safe);
    safe
}

/// [`csv_safe`] on a cell of one's own: copies nothing when the cell is safe, as nearly all
/// are.
///
/// # Example
/// ```
/// use pledger::output::csv_safe_in_place;
/// let mut cell = String::from("+44 20 7946 0000");
/// csv_safe_in_place(&mut cell);
/// assert_eq!(cell, "'+44 20 7946 0000");
/// ```
pub fn csv_safe_in_place(s: &mut String) {
    // A lone "-" (standard input's name) cannot run as a formula.
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s != "-" {
        s.insert(0, '\'');
    }
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
        match &mut self.inner {
            Inner::Csv { out, fmt, .. } => out.write_all(fmt.row(&row)?),
            Inner::Jsonl(w) => w.write_all(&json_line(&row)?),
            Inner::Xlsx { book, .. } => book.row(&cells(&row).map_err(io::Error::other)?),
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
    /// Room to display a number cell in.
    number: String,
}

impl CsvFormatter {
    fn new() -> CsvFormatter {
        CsvFormatter {
            w: csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new()),
            taken: 0,
            number: String::new(),
        }
    }

    /// The bytes of one record.
    fn record<T: AsRef<[u8]>>(&mut self, fields: impl IntoIterator<Item = T>) -> io::Result<&[u8]> {
        self.fresh_if_long();
        self.w.write_record(fields).map_err(csv_to_io)?;
        self.taken_since()
    }

    /// The bytes of one row, its cells written as fields as they are flattened: text as it
    /// is, anything else as displayed (see [`CellRef`]). A row that cannot be flattened
    /// gives an error and no bytes.
    fn row<R: Row>(&mut self, row: &R) -> io::Result<&[u8]> {
        self.fresh_if_long();
        let (w, number) = (&mut self.w, &mut self.number);
        let mut failed = None;
        let flat = each_cell(row, |_, cell| {
            let written = match cell {
                CellRef::Text(text) => w.write_field(text),
                other => {
                    number.clear();
                    let _ = write!(number, "{other}");
                    w.write_field(&*number)
                }
            };
            if let Err(e) = written {
                failed.get_or_insert(e);
            }
        });
        let ended = match (flat, failed) {
            (Err(e), _) => Err(io::Error::other(e)),
            (Ok(()), Some(e)) => Err(csv_to_io(e)),
            (Ok(()), None) => self.w.write_record(None::<&[u8]>).map_err(csv_to_io),
        };
        if let Err(e) = ended {
            // Half a record may be in the writer: start again with a fresh one.
            *self = CsvFormatter::new();
            return Err(e);
        }
        self.taken_since()
    }

    /// Starts a fresh writer once earlier records fill 64 KiB, so the buffer stays small.
    fn fresh_if_long(&mut self) {
        if self.taken > 1 << 16 {
            *self = CsvFormatter::new();
        }
    }

    /// The bytes written since the last record.
    fn taken_since(&mut self) -> io::Result<&[u8]> {
        self.w.flush()?;
        let from = self.taken;
        self.taken = self.w.get_ref().len();
        Ok(&self.w.get_ref()[from..])
    }
}

/// A row as one line of JSON: `{"name":value,...}` and a line break, text cells as JSON
/// strings and other cells as JSON values (see [`Cell::to_json`]).
fn json_line<R: Row>(row: &R) -> io::Result<Vec<u8>> {
    let mut line = Vec::with_capacity(256);
    line.push(b'{');
    let mut failed = None;
    let flat = each_cell(row, |name, cell| {
        if line.len() > 1 {
            line.push(b',');
        }
        let mut written = serde_json::to_writer(&mut line, name);
        line.push(b':');
        written = written.and_then(|()| match cell {
            CellRef::Text(text) => serde_json::to_writer(&mut line, text),
            other => serde_json::to_writer(&mut line, &other.to_owned().to_json()),
        });
        if let Err(e) = written {
            failed.get_or_insert(e);
        }
    });
    flat.map_err(io::Error::other)?;
    if let Some(e) = failed {
        return Err(io::Error::other(e));
    }
    line.extend_from_slice(b"}\n");
    Ok(line)
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
        for s in [&mut self.doc, &mut self.text, &mut self.unit] {
            csv_safe_in_place(s);
        }
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
