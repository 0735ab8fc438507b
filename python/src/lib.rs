//! The `pledger` Python module: the library's figures and ledger for Python callers, built
//! with PyO3 and maturin as an abi3 wheel (one wheel for CPython 3.10 and later).
//!
//! Rows are dicts with exactly the fields of the CLI's CSV, in the CSV's column order, built
//! from the same row types the CLI writes ([`pledger::output::FigureRow`],
//! [`pledger::pledges::LedgerRow`]), with the text exactly as found (as in JSON Lines output:
//! no spreadsheet neutralisation). Decimal columns are `decimal.Decimal` (`None` when empty),
//! offsets are `int`, everything else `str`. The GIL is released while the text is read, so
//! Python threads can extract in parallel.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Value};

use pledger::Currency;
use pledger::figures::Options;
use pledger::fx::Rates;
use pledger::input::{self, Document, normalize_date};
use pledger::lexicon::Lexicon;
use pledger::output::{FIGURE_COLUMNS, FigureRow};
use pledger::pledges::{self, LEDGER_COLUMNS, LedgerRow};
use pledger::report::{BASE_COLUMNS, BaseColumns, Entry};

/// Columns whose values are exact decimals, given to Python as `decimal.Decimal`.
const DECIMAL_COLUMNS: &[&str] = &["value", "high", "amount", "base_amount", "fx_rate"];

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A row as the CSV writer would see it, before it becomes a dict.
type RawRow = Map<String, Value>;

/// Reads a currency argument (`USD`, `eur`) that pledger knows.
fn currency(name: &str, code: &str) -> PyResult<Currency> {
    Currency::new(&code.to_ascii_uppercase()).filter(|c| Lexicon::get().is_known(*c)).ok_or_else(|| {
        PyValueError::new_err(format!("{name}: `{code}` is not an ISO 4217 code pledger knows"))
    })
}

/// Reads a `date` argument: `None`, a string starting with `YYYY-MM-DD`, or a `datetime.date`
/// / `datetime.datetime` (anything with `isoformat()`).
fn date_arg(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(date) = date.filter(|d| !d.is_none()) else { return Ok(None) };
    let text: String = if let Ok(s) = date.cast::<PyString>() {
        s.to_str()?.to_string()
    } else if date.hasattr("isoformat")? {
        date.call_method0("isoformat")?.extract()?
    } else {
        return Err(PyValueError::new_err("date: expected a str 'YYYY-MM-DD' or a datetime.date"));
    };
    normalize_date(&text)
        .map(Some)
        .ok_or_else(|| PyValueError::new_err(format!("date: `{text}` does not start with YYYY-MM-DD")))
}

/// A serde row as a map of its fields.
fn raw<T: serde::Serialize>(row: &T) -> RawRow {
    match serde_json::to_value(row) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Turns raw rows into dicts with `columns` in order.
fn dicts<'py>(py: Python<'py>, rows: Vec<RawRow>, columns: &[&str]) -> PyResult<Bound<'py, PyList>> {
    let decimal = DECIMAL.import(py, "decimal", "Decimal")?;
    let list = PyList::empty(py);
    for mut row in rows {
        let dict = PyDict::new(py);
        for &column in columns {
            match row.remove(column).unwrap_or(Value::Null) {
                Value::String(s) if DECIMAL_COLUMNS.contains(&column) => {
                    if s.is_empty() {
                        dict.set_item(column, py.None())?;
                    } else {
                        dict.set_item(column, decimal.call1((s,))?)?;
                    }
                }
                Value::String(s) => dict.set_item(column, s)?,
                Value::Number(n) => match n.as_u64() {
                    Some(u) => dict.set_item(column, u)?,
                    None => dict.set_item(column, n.to_string())?,
                },
                Value::Bool(b) => dict.set_item(column, b)?,
                _ => dict.set_item(column, py.None())?,
            }
        }
        list.append(dict)?;
    }
    Ok(list)
}

/// Every amount of money and counted quantity in `text`, as the rows of `pledger figures`.
///
/// `date` (a `YYYY-MM-DD` string or a `datetime.date`) is checked but does not change figures;
/// it is accepted so that `figures` and `ledger` take the same arguments. `doc` fills the `doc`
/// field; `dollar` is what a bare `$` means (`--dollar`); `latent` reads bare numbers as money
/// of unknown currency (`--latent`).
#[pyfunction]
#[pyo3(signature = (text, date=None, *, doc="", dollar="USD", latent=false))]
fn figures<'py>(
    py: Python<'py>,
    text: &str,
    date: Option<&Bound<'py, PyAny>>,
    doc: &str,
    dollar: &str,
    latent: bool,
) -> PyResult<Bound<'py, PyList>> {
    date_arg(date)?;
    let opts = Options { dollar: currency("dollar", dollar)?, latent };
    let rows = py.detach(|| {
        let found = pledger::figures::extract(text, &opts);
        found.figures.iter().map(|f| raw(&FigureRow::new(doc, text, f))).collect::<Vec<_>>()
    });
    dicts(py, rows, FIGURE_COLUMNS)
}

/// The commitments in `text`, as the rows of `pledger ledger`.
///
/// With `base` (an ISO code), the rows of `pledger ledger --base`: each also gets
/// `base_amount`, `base_currency`, `fx_rate`, `fx_date`, `fx_policy` (`exact`, `last_known` or
/// `missing`), `date` and `date_source`, the amount converted at the European Central Bank's
/// bundled reference rate of the document's date — `date` as given (as a JSON Lines `"date"`),
/// else a date written near the top of the text, else the latest rate — rounded half away from
/// zero to the base currency's minor unit. Goods-only pledges leave the conversion empty.
#[pyfunction]
#[pyo3(signature = (text, date=None, base=None, *, doc="", dollar="USD"))]
fn ledger<'py>(
    py: Python<'py>,
    text: &str,
    date: Option<&Bound<'py, PyAny>>,
    base: Option<&str>,
    doc: &str,
    dollar: &str,
) -> PyResult<Bound<'py, PyList>> {
    let on = date_arg(date)?;
    let base = base.map(|b| currency("base", b)).transpose()?;
    let opts = Options { dollar: currency("dollar", dollar)?, latent: false };
    let rows = py.detach(|| {
        let found = pledger::figures::extract(text, &opts);
        let pledges = pledges::extract(text, &found.figures);
        let Some(base) = base else {
            return pledges
                .iter()
                .map(|p| raw(&LedgerRow::new(doc, text, &found.figures, p)))
                .collect::<Vec<_>>();
        };
        // As `pledger ledger --base` does for a JSON Lines document with this date.
        let document =
            Document { id: doc.to_string(), text: text.to_string(), date: on, warnings: Vec::new() };
        let date = pledger::dates::document_date(&document, None);
        pledges
            .iter()
            .map(|p| {
                let entry = Entry::from_pledge(doc, text, &found.figures, p, date);
                let mut map = raw(&entry.row);
                map.extend(raw(&BaseColumns::new(&entry, Rates::bundled(), base)));
                map
            })
            .collect()
    });
    let columns: Vec<&str> = match base {
        Some(_) => LEDGER_COLUMNS.iter().chain(BASE_COLUMNS).copied().collect(),
        None => LEDGER_COLUMNS.to_vec(),
    };
    dicts(py, rows, &columns)
}

/// The documents in a file's contents, read as the CLI reads a file named `name` (the kind by
/// its extension: `.txt`/`.md`, `.html`, `.jsonl`, `.warc`, `.warc.gz`; plain text otherwise).
///
/// Returns `(documents, errors)`: documents are dicts `{"id", "text", "date", "warnings"}`,
/// errors are dicts `{"path", "line", "message", "skipped", "error"}` where `error` is the
/// message the CLI prints (`crawl.warc.gz: record 7: missing warc-date header`).
#[pyfunction]
fn read_bytes<'py>(py: Python<'py>, data: &[u8], name: &str) -> PyResult<Bound<'py, PyTuple>> {
    let items: Vec<_> = py.detach(|| input::read_bytes(data.to_vec(), name).collect());
    let docs = PyList::empty(py);
    let errors = PyList::empty(py);
    for item in items {
        let dict = PyDict::new(py);
        match item {
            Ok(doc) => {
                dict.set_item("id", doc.id)?;
                dict.set_item("text", doc.text)?;
                dict.set_item("date", doc.date)?;
                dict.set_item("warnings", doc.warnings)?;
                docs.append(dict)?;
            }
            Err(err) => {
                dict.set_item("error", err.to_string())?;
                dict.set_item("path", err.path)?;
                dict.set_item("line", err.line)?;
                dict.set_item("message", err.message)?;
                dict.set_item("skipped", err.skipped)?;
                errors.append(dict)?;
            }
        }
    }
    PyTuple::new(py, [docs.into_any(), errors.into_any()])
}

/// Money figures and aid pledges from news text (Rust, exact decimals).
#[pymodule]
#[pyo3(name = "pledger")]
fn pledger_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(figures, m)?)?;
    m.add_function(wrap_pyfunction!(ledger, m)?)?;
    m.add_function(wrap_pyfunction!(read_bytes, m)?)?;
    m.add("FIGURE_COLUMNS", PyTuple::new(m.py(), FIGURE_COLUMNS)?)?;
    m.add("LEDGER_COLUMNS", PyTuple::new(m.py(), LEDGER_COLUMNS)?)?;
    m.add("BASE_COLUMNS", PyTuple::new(m.py(), BASE_COLUMNS)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
