//! The `pledger` command: parses flags, runs the library, maps errors to exit codes.
//! Exit status: 0 when every input was read, 1 when some inputs failed (everything else is
//! still written), 2 for usage errors. A closed output pipe exits quietly.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use pledger::Currency;
use pledger::dates::{self, DocDate};
use pledger::figures::{self, Extraction, Options};
use pledger::fx::{Date, Rates};
use pledger::input::{self, Document, InputOptions, StdinFormat};
use pledger::output::{self, FIGURE_COLUMNS, FigureRow, Format, Row, RowWriter};
use pledger::pipeline::{self, BatchLimits};
use pledger::pledges::{self, LEDGER_COLUMNS, LedgerRow, Pledge};
use pledger::report::audit::{self, AUDIT_COLUMNS, AuditOptions, Finding};
use pledger::report::compare::{self, COMPARE_COLUMNS, CompareOptions, TOTAL_COLUMNS, TotalRow};
use pledger::report::{self, BASE_COLUMNS, BaseColumns, Entry};
use pledger::segment;

/// Finds the money and the promises in news articles, press releases and reports.
#[derive(Parser, Debug)]
#[command(name = "pledger", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// One row per amount of money or counted quantity:
    /// doc,kind,text,value,unit,qualifier,high,start,end,rule
    Figures(Common),
    /// One row per commitment (money or counted goods pledged, granted, lent or delivered):
    /// doc,donor,recipient,amount,currency,qualifier,high,amount_text,equivalents,items,
    /// instrument,stage,cue,sentence,start,end; with --base also
    /// base_amount,base_currency,fx_rate,fx_date,fx_policy,date,date_source
    Ledger(LedgerArgs),
    /// One row per commitment reported by one or more articles, in one currency, with totals
    /// by donor and recipient (documents, or ledger CSVs detected by their header)
    Compare(CompareArgs),
    /// One row per problem with the numbers: printed conversions against ECB rates, totals
    /// against their parts, one commitment given different amounts, figures not read or not
    /// converted
    Audit(AuditArgs),
}

#[derive(Args, Debug)]
struct Common {
    /// Files or directories to read: .txt/.md (one document each), .html/.htm (visible text),
    /// .jsonl (one {"id","text","date"} document per line); directories are walked in sorted
    /// order. `-` or nothing reads standard input.
    inputs: Vec<String>,
    /// Write to FILE instead of standard output (written to a temporary file and renamed
    /// when complete).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format (xlsx: an Excel workbook; needs -o or a redirected output).
    #[arg(long, value_enum, default_value_t = OutFormat::Csv)]
    format: OutFormat,
    /// How standard input is read.
    #[arg(long, value_enum, default_value_t = InFormat::Text)]
    stdin_format: InFormat,
    /// The currency a bare `$` or "dollars" means when the text does not say (ISO code).
    #[arg(long, value_name = "CODE", default_value = "USD", value_parser = parse_currency)]
    dollar: Currency,
    /// Report bare numbers as money of unknown currency XXX (for inputs known to be prices).
    #[arg(long)]
    latent: bool,
    /// Start CSV output with a byte-order mark so that Excel reads it as UTF-8.
    #[arg(long)]
    excel: bool,
    /// No progress display and no summary line on standard error.
    #[arg(short, long)]
    quiet: bool,
    /// Threads extracting documents in parallel (default: all cores). Output is the same,
    /// in the same order, whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(usize))]
    threads: Option<usize>,
}

/// Exchange-rate options.
#[derive(Args, Debug)]
struct FxArgs {
    /// The date of documents that carry none (YYYY-MM-DD); also gives the year of datelines
    /// without one ("LONDON, March 24 -"). Without any date the latest rates are used, flagged.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,
    /// Read ECB reference rates from FILE (the format of the ECB's eurofxref-hist.csv) instead
    /// of the bundled copy (1999-01-04 to 2026-10-30).
    #[arg(long, value_name = "FILE")]
    rates: Option<PathBuf>,
    /// Add rates for currencies the ECB does not publish: a CSV `date,currency,per_eur`
    /// (repeatable).
    #[arg(long, value_name = "FILE")]
    user_rates: Vec<PathBuf>,
}

#[derive(Args, Debug)]
struct LedgerArgs {
    #[command(flatten)]
    common: Common,
    /// Convert each amount to CODE at its document's date and add the columns
    /// base_amount,base_currency,fx_rate,fx_date,fx_policy,date,date_source.
    #[arg(long, value_name = "CODE", value_parser = parse_currency)]
    base: Option<Currency>,
    #[command(flatten)]
    fx: FxArgs,
}

#[derive(Args, Debug)]
struct CompareArgs {
    #[command(flatten)]
    common: Common,
    /// The currency of the base amounts and totals.
    #[arg(long, value_name = "CODE", default_value = "EUR", value_parser = parse_currency)]
    base: Currency,
    #[command(flatten)]
    fx: FxArgs,
    /// The largest difference between two reports of one commitment: a fraction or a
    /// percentage (0.02 or 2%).
    #[arg(long, value_name = "FRACTION", default_value = "2%", value_parser = parse_fraction)]
    tolerance: Decimal,
    /// The most days between two dated reports of one commitment.
    #[arg(long, value_name = "DAYS", default_value_t = 31)]
    window: u16,
    /// Also write the totals table (by donor, recipient and stage) to FILE, in the output
    /// format. (An xlsx output always has them on a second sheet.)
    #[arg(long, value_name = "FILE")]
    totals: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct AuditArgs {
    #[command(flatten)]
    common: Common,
    /// The currency pledges are converted to for the `unconvertible` check.
    #[arg(long, value_name = "CODE", default_value = "EUR", value_parser = parse_currency)]
    base: Currency,
    #[command(flatten)]
    fx: FxArgs,
    /// How far a printed conversion or a sum of parts may be off: a fraction or a percentage
    /// (0.05 or 5%).
    #[arg(long, value_name = "FRACTION", default_value = "5%", value_parser = parse_fraction)]
    tolerance: Decimal,
    /// The grouping tolerance of the cross-article check (as for `compare --tolerance`).
    #[arg(long, value_name = "FRACTION", default_value = "2%", value_parser = parse_fraction)]
    group_tolerance: Decimal,
    /// The most days between two dated reports of one commitment.
    #[arg(long, value_name = "DAYS", default_value_t = 31)]
    window: u16,
    /// Also write the checks that pass (severity `ok`).
    #[arg(long)]
    all: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutFormat {
    Csv,
    Jsonl,
    Xlsx,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InFormat {
    /// All of standard input is one text document, with id `-`.
    Text,
    /// One JSON document per line: {"id": ..., "text": ..., "date": ...}.
    Jsonl,
    /// A WARC file, plain or gzip: one document per HTML response, with the record's URI as id.
    Warc,
}

fn parse_currency(s: &str) -> Result<Currency, String> {
    let up = s.to_ascii_uppercase();
    Currency::new(&up)
        .filter(|c| pledger::lexicon::Lexicon::get().is_known(*c))
        .ok_or_else(|| format!("`{s}` is not an ISO 4217 currency code pledger knows (e.g. USD, CAD, AUD)"))
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

fn parse_fraction(s: &str) -> Result<Decimal, String> {
    report::parse_fraction(s)
        .ok_or_else(|| format!("`{s}` is not a fraction (0.05) or a percentage (5%) from 0 to 100%"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("pledger: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("pledger: {e}");
            ExitCode::from(1)
        }
    }
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    read: u64,
    skipped: u64,
    failed: u64,
    rows: u64,
    bytes: u64,
    started: Option<Instant>,
}

impl Tally {
    fn new() -> Tally {
        Tally { started: Some(Instant::now()), ..Tally::default() }
    }

    /// Prints the summary line (unless quiet) and gives the exit status.
    fn finish(&self, quiet: bool, rows_name: &str) -> ExitCode {
        if !quiet {
            let secs = self.started.map_or(0.0, |s| s.elapsed().as_secs_f64());
            eprintln!(
                "pledger: {} documents read, {} skipped, {} failed; {} {rows_name}; {:.1} MB in {:.2} s",
                self.read,
                self.skipped,
                self.failed,
                self.rows,
                self.bytes as f64 / 1e6,
                secs
            );
        }
        if self.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
    }
}

fn run(cli: Cli) -> io::Result<ExitCode> {
    match cli.command {
        Command::Figures(c) => run_figures(&c),
        Command::Ledger(a) => run_ledger(&a),
        Command::Compare(a) => run_compare(&a),
        Command::Audit(a) => run_audit(&a),
    }
}

fn run_figures(c: &Common) -> io::Result<ExitCode> {
    let mut tally = Tally::new();
    let mut w = open_writer(c, c.output.as_deref())?;
    w.sheet("figures", FIGURE_COLUMNS)?;
    let streamed = w.streamed();
    read_documents(
        c,
        &c.inputs,
        &mut tally,
        |doc, found| {
            let rows = found.figures.iter().map(|f| FigureRow::new(&doc.id, &doc.text, f)).collect();
            Batch::new(streamed, rows)
        },
        |_, _, batch| batch.write_to(&mut w),
    )?;
    w.finish()?.commit()?;
    Ok(tally.finish(c.quiet, "figures"))
}

fn run_ledger(a: &LedgerArgs) -> io::Result<ExitCode> {
    match a.base {
        None => write_ledger(a, LEDGER_COLUMNS, |doc, found, pledges| {
            pledges.iter().map(|p| LedgerRow::new(&doc.id, &doc.text, &found.figures, p)).collect()
        }),
        Some(base) => {
            // Rates are read only when amounts are converted.
            let rates = load_rates(&a.fx)?;
            let columns: Vec<&str> = LEDGER_COLUMNS.iter().chain(BASE_COLUMNS).copied().collect();
            write_ledger(a, &columns, |doc, found, pledges| {
                let date = dates::document_date(doc, a.fx.date);
                pledges
                    .iter()
                    .map(|p| {
                        let e = Entry::from_pledge(&doc.id, &doc.text, &found.figures, p, date);
                        let b = BaseColumns::new(&e, &rates, base);
                        (e.row, b)
                    })
                    .collect()
            })
        }
    }
}

/// Writes the ledger: `rows` turns one document's pledges into rows (on the worker threads).
fn write_ledger<R: Row + Send>(
    a: &LedgerArgs,
    columns: &[&str],
    rows: impl Fn(&Document, &Extraction, &[Pledge]) -> Vec<R> + Sync + Send,
) -> io::Result<ExitCode> {
    let c = &a.common;
    let mut tally = Tally::new();
    let mut w = open_writer(c, c.output.as_deref())?;
    w.sheet("ledger", columns)?;
    let streamed = w.streamed();
    read_documents(
        c,
        &c.inputs,
        &mut tally,
        |doc, found| {
            let pledges = pledges::extract_range(&doc.text, found.range, &found.figures);
            Batch::new(streamed, rows(doc, found, &pledges))
        },
        |_, _, batch| batch.write_to(&mut w),
    )?;
    w.finish()?.commit()?;
    Ok(tally.finish(c.quiet, "pledges"))
}

/// One document's rows as the writer takes them: rendered on the worker thread for CSV and
/// JSONL (the writer only copies them out), as rows for a workbook.
enum Batch<R> {
    Rendered(io::Result<Vec<u8>>, u64),
    Rows(Vec<R>),
}

impl<R: Row> Batch<R> {
    /// `streamed`: the writer's [`RowWriter::streamed`] format.
    fn new(streamed: Option<Format>, rows: Vec<R>) -> Batch<R> {
        match streamed {
            Some(format) => {
                let n = rows.len() as u64;
                Batch::Rendered(output::render(format, rows), n)
            }
            None => Batch::Rows(rows),
        }
    }

    /// Writes the rows; returns how many.
    fn write_to<W: Write>(self, w: &mut RowWriter<W>) -> io::Result<u64> {
        match self {
            Batch::Rendered(rendered, n) => {
                w.write_rendered(&rendered?)?;
                Ok(n)
            }
            Batch::Rows(rows) => {
                let n = rows.len() as u64;
                for row in rows {
                    w.write(row)?;
                }
                Ok(n)
            }
        }
    }
}

fn run_compare(a: &CompareArgs) -> io::Result<ExitCode> {
    let c = &a.common;
    let rates = load_rates(&a.fx)?;
    let mut tally = Tally::new();
    let (entries, _) = gather(c, &a.fx, &mut tally, |_, _, _| Ok(()))?;
    let opts = CompareOptions { base: a.base, tolerance: a.tolerance, window_days: i32::from(a.window) };
    let comparison = compare::compare(&entries, rates.as_ref(), &opts);
    let rows = comparison.rows(&entries);
    let totals = comparison.totals(&entries);
    let mut w = open_writer(c, c.output.as_deref())?;
    w.sheet("compare", COMPARE_COLUMNS)?;
    for r in &rows {
        w.write(r.clone())?;
    }
    if matches!(c.format, OutFormat::Xlsx) {
        w.sheet("totals", TOTAL_COLUMNS)?;
        for t in &totals {
            w.write(t.clone())?;
        }
    }
    w.finish()?.commit()?;
    if let Some(path) = &a.totals {
        let mut t = open_writer(c, Some(path))?;
        t.sheet("totals", TOTAL_COLUMNS)?;
        for row in &totals {
            t.write(row.clone())?;
        }
        t.finish()?.commit()?;
    }
    if !c.quiet {
        print_totals(&totals);
        let covered = comparison.covered.iter().filter(|c| c.is_some()).count();
        if covered > 0 {
            eprintln!(
                "pledger: {covered} pledges are parts (or sums) of another pledge in the same sentence and are not counted again"
            );
        }
        if comparison.goods_only > 0 {
            eprintln!(
                "pledger: {} goods-only pledges have no amount and are not compared",
                comparison.goods_only
            );
        }
    }
    tally.rows = rows.len() as u64;
    Ok(tally.finish(c.quiet, "commitments"))
}

fn run_audit(a: &AuditArgs) -> io::Result<ExitCode> {
    let c = &a.common;
    let rates = load_rates(&a.fx)?;
    let opts = AuditOptions { base: a.base, tolerance: a.tolerance, all: a.all };
    let mut tally = Tally::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut read_order: Vec<String> = Vec::new();
    let (entries, from_csv) = gather(c, &a.fx, &mut tally, |doc, found, date| {
        read_order.push(doc.id.clone());
        findings.extend(audit::check_document(&doc.id, &doc.text, found, date, rates.as_ref(), &opts));
        Ok(())
    })?;
    for (i, e) in entries.iter().enumerate() {
        findings.extend(audit::check_entry(e, rates.as_ref(), &opts, from_csv[i]));
    }
    // Per-document findings in input order, then the cross-article ones.
    let mut order: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for doc in read_order.iter().map(String::as_str).chain(entries.iter().map(|e| e.row.doc.as_str())) {
        let n = order.len();
        order.entry(doc).or_insert(n);
    }
    findings
        .sort_by_key(|f| (order.get(f.doc.as_str()).copied().unwrap_or(usize::MAX), f.doc.clone(), f.start));
    let group =
        CompareOptions { base: a.base, tolerance: a.group_tolerance, window_days: i32::from(a.window) };
    let comparison = compare::compare(&entries, rates.as_ref(), &group);
    findings.extend(audit::check_across(&entries, &comparison));

    let mut w = open_writer(c, c.output.as_deref())?;
    w.sheet("audit", AUDIT_COLUMNS)?;
    for f in &findings {
        w.write(f.clone())?;
    }
    w.finish()?.commit()?;
    if !c.quiet {
        let count = |s: &str| findings.iter().filter(|f| f.severity == s).count();
        eprintln!(
            "pledger: {} errors, {} warnings, {} notes{}",
            count("error"),
            count("warning"),
            count("note"),
            if a.all { format!(", {} passed", count("ok")) } else { String::new() }
        );
    }
    tally.rows = findings.len() as u64;
    Ok(tally.finish(c.quiet, "findings"))
}

/// The ledger entries of every input: ledger CSVs (judged by their header) are read back,
/// everything else is read as documents, whose extraction is also handed to `each` with the
/// document's date. Returns the entries and, per entry, whether it came from a CSV.
fn gather(
    c: &Common,
    fx: &FxArgs,
    tally: &mut Tally,
    mut each: impl FnMut(&Document, &Extraction, DocDate) -> io::Result<()>,
) -> io::Result<(Vec<Entry>, Vec<bool>)> {
    let mut entries = Vec::new();
    let mut from_csv = Vec::new();
    let mut documents: Vec<String> = Vec::new();
    let mut csvs: Vec<&str> = Vec::new();
    for input in &c.inputs {
        let path = Path::new(input);
        if input != "-" && path.is_file() && report::is_ledger_csv(path).unwrap_or(false) {
            csvs.push(input);
        } else {
            documents.push(input.clone());
        }
    }
    for name in csvs {
        let read = std::fs::File::open(name).map_err(|e| e.to_string()).and_then(|f| {
            report::read_ledger_csv(io::BufReader::new(f), name, fx.date).map_err(|e| e.to_string())
        });
        match read {
            Ok(found) => {
                tally.read += 1;
                from_csv.extend(found.iter().map(|_| true));
                entries.extend(found);
            }
            Err(e) => {
                eprintln!("pledger: {e}");
                tally.failed += 1;
            }
        }
    }
    if !documents.is_empty() || c.inputs.is_empty() {
        read_documents(
            c,
            &documents,
            tally,
            |doc, found| {
                let date = dates::document_date(doc, fx.date);
                let pledges = pledges::extract_range(&doc.text, found.range, &found.figures);
                let entries: Vec<Entry> = pledges
                    .iter()
                    .map(|p| Entry::from_pledge(&doc.id, &doc.text, &found.figures, p, date))
                    .collect();
                (date, entries)
            },
            |doc, found, (date, found_entries)| {
                each(doc, found, date)?;
                let n = found_entries.len() as u64;
                from_csv.extend(found_entries.iter().map(|_| false));
                entries.extend(found_entries);
                Ok(n)
            },
        )?;
    }
    Ok((entries, from_csv))
}

/// The bundled rates, or `--rates`, plus `--user-rates`.
fn load_rates(fx: &FxArgs) -> io::Result<std::borrow::Cow<'static, Rates>> {
    let open = |path: &Path| {
        std::fs::File::open(path)
            .map(io::BufReader::new)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))
    };
    let invalid = |e: pledger::fx::FxError| io::Error::new(io::ErrorKind::InvalidInput, e.to_string());
    let mut rates = match &fx.rates {
        Some(path) => std::borrow::Cow::Owned(
            Rates::from_ecb_csv(open(path)?, &path.to_string_lossy()).map_err(invalid)?,
        ),
        None => std::borrow::Cow::Borrowed(Rates::bundled()),
    };
    for path in &fx.user_rates {
        rates.to_mut().add_user_csv(open(path)?, &path.to_string_lossy()).map_err(invalid)?;
    }
    Ok(rates)
}

/// The totals, as a table on standard error.
fn print_totals(totals: &[TotalRow]) {
    for t in totals {
        let unconverted = if t.unconverted > 0 {
            format!("; {} unconverted ({})", t.unconverted, t.unconverted_amounts)
        } else {
            String::new()
        };
        let total = if t.total.is_empty() { "-" } else { &t.total };
        eprintln!(
            "pledger: total {:<9} {:<28} {:<12} {:>20} {} ({} commitments, {} reports{unconverted})",
            t.by, t.party, t.stage, total, t.base_currency, t.pledges, t.sources
        );
    }
}

/// One piece of a document (all of it, unless it is long).
struct Part {
    doc: Arc<Document>,
    range: (usize, usize),
    /// The document's last piece.
    last: bool,
}

/// Reads every input, extracts its figures and runs `work` on each document on `--threads`
/// threads, then hands document, figures and work to `sink` in input order (`sink` returns
/// how many rows it wrote); prints reading and extraction warnings and shows progress.
fn read_documents<P: Send>(
    c: &Common,
    inputs: &[String],
    tally: &mut Tally,
    work: impl Fn(&Document, &Extraction) -> P + Sync + Send,
    mut sink: impl FnMut(&Document, &Extraction, P) -> io::Result<u64>,
) -> io::Result<()> {
    let opts = Options { dollar: c.dollar, latent: c.latent };
    let docs = input::read_inputs(inputs, &InputOptions { stdin_format: stdin_format(c.stdin_format) });
    // A long document is read in pieces (see `segment::pieces`), processed like documents of
    // their own, so that a 100 MB line needs memory for its text and one piece's figures.
    let parts = docs.flat_map(|item| -> Vec<Result<Part, input::InputError>> {
        match item {
            Ok(doc) => {
                let ranges = segment::pieces(&doc.text, segment::PIECE);
                let doc = Arc::new(doc);
                let n = ranges.len().max(1);
                let ranges = if ranges.is_empty() { vec![(0, 0)] } else { ranges };
                ranges
                    .into_iter()
                    .enumerate()
                    .map(|(i, range)| Ok(Part { doc: Arc::clone(&doc), range, last: i + 1 == n }))
                    .collect()
            }
            Err(e) => vec![Err(e)],
        }
    });
    let progress = Progress::start(c, inputs);
    let threads = c.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let size = |item: &Result<Part, input::InputError>| item.as_ref().map_or(0, |p| p.range.1 - p.range.0);
    let result = pipeline::ordered_map(
        parts,
        threads,
        BatchLimits::default(),
        size,
        |item| {
            item.map(|part| {
                let found = figures::extract_range(&part.doc.text, part.range, &opts);
                let product = work(&part.doc, &found);
                (part, found, product)
            })
        },
        |done| {
            let (part, found, product) = match done {
                Ok(d) => d,
                Err(e) => {
                    progress.println(&format!("pledger: {e}"));
                    if e.skipped {
                        tally.skipped += 1;
                    } else {
                        tally.failed += 1;
                    }
                    return Ok(());
                }
            };
            let doc = &part.doc;
            if part.range.0 == 0 {
                for warning in &doc.warnings {
                    progress.println(&format!("pledger: {}: {warning}", doc.id));
                }
            }
            for warning in &found.warnings {
                progress.println(&format!("pledger: {}: {warning}", doc.id));
            }
            if part.last {
                tally.read += 1;
            }
            tally.bytes += (part.range.1 - part.range.0) as u64;
            tally.rows += sink(doc, &found, product)?;
            progress.update(tally);
            Ok(())
        },
    );
    progress.finish();
    result
}

/// A progress display on standard error for long runs: documents done, MB/s and, when the
/// input size is known, a bar and ETA. Shown only when standard error is a terminal and not
/// `--quiet`.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn start(c: &Common, inputs: &[String]) -> Progress {
        if c.quiet || !io::stderr().is_terminal() {
            return Progress(None);
        }
        // The size of the named files (directories and standard input: unknown).
        let total: Option<u64> =
            inputs.iter().map(|i| std::fs::metadata(i).ok().filter(|m| m.is_file()).map(|m| m.len())).sum();
        let bar = match total.filter(|t| *t > 0 && !inputs.is_empty()) {
            Some(t) => indicatif::ProgressBar::new(t).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        Progress(Some(bar))
    }

    fn update(&self, tally: &Tally) {
        if let Some(bar) = &self.0 {
            bar.set_position(tally.bytes);
            bar.set_message(format!("{} documents, {} rows", tally.read, tally.rows));
        }
    }

    /// Prints a line above the bar (or plainly when there is none).
    fn println(&self, line: &str) {
        match &self.0 {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A writer of the chosen format to `target` (standard output when `None`). An xlsx workbook
/// is not written to a terminal.
fn open_writer(c: &Common, target: Option<&Path>) -> io::Result<RowWriter<Sink>> {
    let format = match c.format {
        OutFormat::Csv => Format::Csv,
        OutFormat::Jsonl => Format::Jsonl,
        OutFormat::Xlsx => Format::Xlsx,
    };
    if format == Format::Xlsx && target.is_none() && io::stdout().is_terminal() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "--format xlsx writes a binary file: give -o FILE.xlsx or redirect the output",
        ));
    }
    RowWriter::new(Sink::open(target)?, format, c.excel)
}

fn stdin_format(f: InFormat) -> StdinFormat {
    match f {
        InFormat::Text => StdinFormat::Text,
        InFormat::Jsonl => StdinFormat::Jsonl,
        InFormat::Warc => StdinFormat::Warc,
    }
}

/// Standard output, or a temporary file renamed over the target when complete.
enum Sink {
    Stdout(io::BufWriter<io::Stdout>),
    Device(io::BufWriter<std::fs::File>),
    File { file: io::BufWriter<std::fs::File>, tmp: PathBuf, target: PathBuf },
}

impl Sink {
    fn open(target: Option<&Path>) -> io::Result<Sink> {
        let Some(target) = target.filter(|t| *t != Path::new("-")) else {
            return Ok(Sink::Stdout(io::BufWriter::with_capacity(1 << 16, io::stdout())));
        };
        // A device or a pipe (`-o /dev/stdout`, a FIFO) is written in place: renaming a
        // temporary file over it would replace it.
        if std::fs::metadata(target).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", target.display())))?;
            return Ok(Sink::Device(io::BufWriter::with_capacity(1 << 16, file)));
        }
        let name =
            target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let tmp = target.with_file_name(format!(".{name}.pledger-{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", tmp.display())))?;
        Ok(Sink::File {
            file: io::BufWriter::with_capacity(1 << 16, file),
            tmp,
            target: target.to_path_buf(),
        })
    }

    fn commit(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush(),
            Sink::Device(mut w) => w.flush(),
            Sink::File { file, tmp, target } => {
                let f = file.into_inner().map_err(|e| e.into_error())?;
                f.sync_all()?;
                drop(f);
                std::fs::rename(&tmp, &target).map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!("cannot rename {} to {}: {e}", tmp.display(), target.display()),
                    )
                })
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::Device(w) => w.write(buf),
            Sink::File { file, .. } => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::Device(w) => w.flush(),
            Sink::File { file, .. } => file.flush(),
        }
    }
}
