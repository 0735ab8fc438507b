//! The `pledger` command: parses flags, runs the library, maps errors to exit codes.
//! Exit status: 0 when every input was read, 1 when some inputs failed (everything else is
//! still written), 2 for usage errors. A closed output pipe exits quietly.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use pledger::Currency;
use pledger::figures::{self, Extraction, Options};
use pledger::input::{self, Document, InputOptions, StdinFormat};
use pledger::pledges::{self, LEDGER_COLUMNS, LedgerRow};
use pledger::output::{FIGURE_COLUMNS, FigureRow, Format, RowWriter};

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
    /// instrument,stage,cue,sentence,start,end
    Ledger(Common),
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
    /// Output format.
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
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutFormat {
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InFormat {
    Text,
    Jsonl,
}

fn parse_currency(s: &str) -> Result<Currency, String> {
    let up = s.to_ascii_uppercase();
    Currency::new(&up)
        .filter(|c| pledger::lexicon::Lexicon::get().is_known(*c))
        .ok_or_else(|| format!("`{s}` is not an ISO 4217 currency code pledger knows (e.g. USD, CAD, AUD)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
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
}

fn run(cli: Cli) -> io::Result<ExitCode> {
    match cli.command {
        Command::Figures(c) => run_figures(&c),
        Command::Ledger(c) => run_ledger(&c),
    }
}

fn run_figures(c: &Common) -> io::Result<ExitCode> {
    run_documents(c, FIGURE_COLUMNS, "figures", |doc, found, w| {
        for f in &found.figures {
            w.write(FigureRow::new(&doc.id, &doc.text, f))?;
        }
        Ok(found.figures.len() as u64)
    })
}

fn run_ledger(c: &Common) -> io::Result<ExitCode> {
    run_documents(c, LEDGER_COLUMNS, "pledges", |doc, found, w| {
        let rows = pledges::extract(&doc.text, &found.figures);
        for p in &rows {
            w.write(LedgerRow::new(&doc.id, &doc.text, &found.figures, p))?;
        }
        Ok(rows.len() as u64)
    })
}

/// Reads every input, extracts its figures and hands them to `write` (which returns how many
/// rows it wrote); prints warnings and the summary line.
fn run_documents(
    c: &Common,
    columns: &[&str],
    rows_name: &str,
    mut write: impl FnMut(&Document, &Extraction, &mut RowWriter<Sink>) -> io::Result<u64>,
) -> io::Result<ExitCode> {
    let opts = Options { dollar: c.dollar, latent: c.latent };
    let started = Instant::now();
    let mut tally = Tally::default();
    let sink = Sink::open(c.output.as_deref())?;
    let mut w = RowWriter::new(sink, format(c.format), c.excel)?;
    w.header(columns)?;
    let docs = input::read_inputs(&c.inputs, &InputOptions { stdin_format: stdin_format(c.stdin_format) });
    for item in docs {
        let doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("pledger: {e}");
                if e.skipped {
                    tally.skipped += 1;
                } else {
                    tally.failed += 1;
                }
                continue;
            }
        };
        for warning in &doc.warnings {
            eprintln!("pledger: {}: {warning}", doc.id);
        }
        tally.read += 1;
        tally.bytes += doc.text.len() as u64;
        let found = figures::extract(&doc.text, &opts);
        for warning in &found.warnings {
            eprintln!("pledger: {}: {}", doc.id, warning.message);
        }
        tally.rows += write(&doc, &found, &mut w)?;
    }
    w.finish()?.commit()?;
    if !c.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "pledger: {} documents read, {} skipped, {} failed; {} {rows_name}; {:.1} MB in {:.2} s",
            tally.read,
            tally.skipped,
            tally.failed,
            tally.rows,
            tally.bytes as f64 / 1e6,
            secs
        );
    }
    Ok(if tally.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn format(f: OutFormat) -> Format {
    match f {
        OutFormat::Csv => Format::Csv,
        OutFormat::Jsonl => Format::Jsonl,
    }
}

fn stdin_format(f: InFormat) -> StdinFormat {
    match f {
        InFormat::Text => StdinFormat::Text,
        InFormat::Jsonl => StdinFormat::Jsonl,
    }
}

/// Standard output, or a temporary file renamed over the target when complete.
enum Sink {
    Stdout(io::BufWriter<io::Stdout>),
    File { file: io::BufWriter<std::fs::File>, tmp: PathBuf, target: PathBuf },
}

impl Sink {
    fn open(target: Option<&Path>) -> io::Result<Sink> {
        let Some(target) = target else {
            return Ok(Sink::Stdout(io::BufWriter::with_capacity(1 << 16, io::stdout())));
        };
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
            Sink::File { file, .. } => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { file, .. } => file.flush(),
        }
    }
}

#[allow(dead_code)]
fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}
