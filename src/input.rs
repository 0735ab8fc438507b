//! Turning command-line inputs into [`Document`]s.
//!
//! This module owns everything between a path named on the command line and the text the
//! extractor sees: walking directories, telling plain text, HTML and JSON Lines apart by
//! extension, reading standard input, decoding (BOM removal, lossy UTF-8 with a warning,
//! UTF-16 with a BOM), rejecting binary and empty files, turning HTML into visible text and
//! finding a publication date. WARC files are handed to [`crate::warc`], which yields their
//! HTML pages as documents. Everything is streamed through [`Documents`]: one bad input is
//! one [`InputError`] and the rest carry on. Nothing here panics on any input.
//!
//! The text of a [`Document`] is exactly the text later offsets refer to: CRLF line endings
//! are kept, and nothing is rewritten after decoding (except HTML, whose text *is* the
//! extracted visible text).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, FileType};
use std::io::{self, BufRead, BufReader, Read};
use std::iter::FusedIterator;
use std::path::{Path, PathBuf};

use scraper::{Html, Node};

/// How many leading bytes are searched for a NUL byte to tell binary files from text.
const BINARY_PROBE: usize = 8 * 1024;

/// The warning pushed when invalid UTF-8 was replaced; `{}` is the byte offset.
pub(crate) fn lossy_warning(offset: usize) -> String {
    format!("invalid UTF-8 at byte {offset}; decoded lossily (offsets refer to the decoded text)")
}

/// One document to extract from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Document {
    /// Where the document came from: the path as given on the command line (or the joined
    /// path for files found by walking a directory), the JSON Lines `"id"` (a string, or a
    /// number rendered as written; `"PATH:LINE"` when absent), or `-` / `<stdin>:LINE` for
    /// standard input.
    pub id: String,
    /// The text. For HTML, the visible text (see [`html_to_text`]).
    pub text: String,
    /// The publication date as `YYYY-MM-DD`: the JSON Lines `"date"` field, or a date found
    /// in an HTML page's `<meta>` tags or JSON-LD. `None` when absent or not starting with a
    /// `YYYY-MM-DD` date.
    pub date: Option<String>,
    /// Non-fatal problems met while reading, such as lossily decoded invalid UTF-8.
    pub warnings: Vec<String>,
}

/// Builds a document with no date and no warnings.
///
/// # Example
/// ```
/// let doc = pledger::input::document_from_str("note", "It cost £5m.");
/// assert_eq!(doc.id, "note");
/// assert_eq!(doc.text, "It cost £5m.");
/// assert!(doc.date.is_none() && doc.warnings.is_empty());
/// ```
pub fn document_from_str(id: impl Into<String>, text: impl Into<String>) -> Document {
    Document { id: id.into(), text: text.into(), date: None, warnings: Vec::new() }
}

/// Why an input (a file, or one line of a JSON Lines file) could not be read.
///
/// The input is skipped and reading carries on with the next one. The [`fmt::Display`] form
/// is `PATH:LINE: MESSAGE` or `PATH: MESSAGE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file as named (joined with its directory for files found by walking), or `-` for
    /// standard input.
    pub path: String,
    /// The 1-based line number, for errors about one line of a JSON Lines input.
    pub line: Option<u64>,
    /// What is wrong, lower-case and without a trailing period, such as
    /// `no such file or directory` or `invalid JSON: expected value at column 1`.
    pub message: String,
    /// `true` for benign skips that are not failures (an empty file), `false` otherwise.
    pub skipped: bool,
}

impl InputError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { path: path.into(), line: None, message: message.into(), skipped: false }
    }

    fn at_line(mut self, line: u64) -> InputError {
        self.line = Some(line);
        self
    }

    pub(crate) fn skip(mut self) -> InputError {
        self.skipped = true;
        self
    }

    fn io(path: impl Into<String>, err: &io::Error) -> InputError {
        InputError::new(path, io_message(err))
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// How standard input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StdinFormat {
    /// All of standard input is one text document with id `-`.
    #[default]
    Text,
    /// Standard input is JSON Lines: one document per non-blank line.
    Jsonl,
    /// Standard input is a WARC file, plain or gzip: one document per HTML response (see
    /// [`crate::warc`]).
    Warc,
}

/// Options for [`read_inputs`].
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// How standard input (`-`, or no inputs at all) is read.
    pub stdin_format: StdinFormat,
}

/// What a file holds, judged by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Jsonl,
    Warc,
}

/// The kind of a file from its extension (case-insensitive); `None` for other extensions.
fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext == "gz" {
        let stem = Path::new(path.file_stem()?);
        let inner = stem.extension()?.to_str()?;
        return inner.eq_ignore_ascii_case("warc").then_some(Kind::Warc);
    }
    match ext.as_str() {
        "txt" | "md" | "text" => Some(Kind::Text),
        "html" | "htm" | "xhtml" => Some(Kind::Html),
        "jsonl" | "ndjson" => Some(Kind::Jsonl),
        "warc" => Some(Kind::Warc),
        _ => None,
    }
}

/// Streams documents from the inputs in order.
///
/// Each input is a path or `-` for standard input; an empty slice means standard input.
/// The kind of a file is judged by its extension, case-insensitively:
///
/// * `.txt`, `.md`, `.text` and any unknown extension: the whole file is one document;
/// * `.html`, `.htm`, `.xhtml`: one document, the visible text (see [`html_to_text`]), dated
///   from the page's `<meta>` tags or JSON-LD;
/// * `.jsonl`, `.ndjson`: one document per non-blank line, each an object with a string
///   `"text"` and optional `"id"` (string or number) and `"date"` (string);
/// * `.warc`, `.warc.gz`: one document per HTML response record, with the `WARC-Target-URI` as
///   its id and the day of the `WARC-Date` as its date (see [`crate::warc`]).
///
/// Directories are walked recursively, entries sorted by file-name bytes, skipping names that
/// start with `.`; inside directories only files with the extensions above are read, whereas
/// a file named explicitly is always read.
///
/// The iterator is lazy and uses constant memory beyond one document: a directory is listed
/// only when the walk reaches it, JSON Lines are read line by line, WARC files record by
/// record, and other files are read one at a time.
///
/// # Errors
///
/// Problems with one input (or one JSON Lines line) are yielded as an [`InputError`] in its
/// place, and the iterator carries on: a missing or unreadable file or directory, a binary
/// file (a NUL byte in the first 8 KiB), an empty file (`skipped` is `true`), an HTML file
/// without markup, or a JSON Lines line that is not valid JSON, has no `"text"` or whose
/// `"text"` is not a string; a malformed WARC record (the error names the file and the record
/// number, see [`crate::warc::read_warc`]).
///
/// # Example
/// ```no_run
/// use pledger::input::{read_inputs, InputOptions};
///
/// for item in read_inputs(&["articles/".to_string()], &InputOptions::default()) {
///     match item {
///         Ok(doc) => println!("{}: {} bytes", doc.id, doc.text.len()),
///         Err(err) => eprintln!("{err}"),
///     }
/// }
/// ```
pub fn read_inputs(inputs: &[String], opts: &InputOptions) -> Documents {
    let inputs = if inputs.is_empty() { vec!["-".to_string()] } else { inputs.to_vec() };
    Documents {
        inputs: inputs.into(),
        stdin_format: opts.stdin_format,
        queue: VecDeque::new(),
        reader: None,
        jsonl: None,
        warc: None,
        dirs: Vec::new(),
    }
}

/// Streams documents from any reader, exactly as [`read_inputs`] reads standard input.
///
/// `name` is the path used in errors and, for [`StdinFormat::Text`], the document id. For
/// [`StdinFormat::Jsonl`], lines without an `"id"` get the id `NAME:LINE`, except that the
/// name `-` gives `<stdin>:LINE`. Nothing is read until the iterator is advanced.
///
/// # Errors
///
/// As for [`read_inputs`]: a read failure, binary or empty input, or a bad JSON Lines line
/// is yielded as an [`InputError`].
///
/// # Example
/// ```
/// use pledger::input::{read_reader, StdinFormat};
///
/// let data = "{\"id\": 7, \"text\": \"£3bn\"}\n\n{\"text\": \"$4m\"}\n";
/// let docs: Vec<_> = read_reader(data.as_bytes(), "-", StdinFormat::Jsonl)
///     .map(Result::unwrap)
///     .collect();
/// assert_eq!(docs[0].id, "7");
/// assert_eq!(docs[1].id, "<stdin>:3");
/// ```
pub fn read_reader<R: Read + Send + 'static>(reader: R, name: &str, format: StdinFormat) -> Documents {
    Documents {
        inputs: VecDeque::new(),
        stdin_format: format,
        queue: VecDeque::new(),
        reader: Some((Box::new(reader), name.to_string())),
        jsonl: None,
        warc: None,
        dirs: Vec::new(),
    }
}

/// Streams the documents of a file's contents, read as [`read_inputs`] reads a file named
/// `name`: its kind comes from the extension of `name` (plain text when unknown), and `name`
/// is the id of a text or HTML document, the prefix of default JSON Lines ids (`NAME:LINE`)
/// and the path in errors.
///
/// This is for files that do not come from the local file system, such as the contents of a
/// file on HDFS or S3 handed over by Spark. Text and HTML are decoded at once; JSON Lines and
/// WARC as the iterator is advanced.
///
/// # Errors
///
/// As for [`read_inputs`], in place of the file or of one line or record.
///
/// # Example
/// ```
/// use pledger::input::read_bytes;
///
/// let html = b"<html><head><meta name=\"date\" content=\"2025-03-02\"></head><p>\xC2\xA35m</p></html>";
/// let doc = read_bytes(html.to_vec(), "s3://news/a.html").next().unwrap().unwrap();
/// assert_eq!((doc.id.as_str(), doc.text.as_str(), doc.date.as_deref()), ("s3://news/a.html", "£5m", Some("2025-03-02")));
/// let docs: Vec<_> = read_bytes(b"{\"text\": \"$4m\"}\n".to_vec(), "b.jsonl").map(Result::unwrap).collect();
/// assert_eq!(docs[0].id, "b.jsonl:1");
/// ```
pub fn read_bytes(bytes: Vec<u8>, name: &str) -> Documents {
    let mut docs = read_reader(io::empty(), name, StdinFormat::Text);
    docs.reader = None;
    match kind_of(Path::new(name)).unwrap_or(Kind::Text) {
        Kind::Jsonl => match JsonlReader::new(Box::new(io::Cursor::new(bytes)), name.into(), name.into()) {
            Ok(jsonl) => docs.jsonl = Some(jsonl),
            Err(err) => docs.queue.push_back(Err(err)),
        },
        Kind::Warc => docs.warc = Some(crate::warc::read_warc(io::Cursor::new(bytes), name)),
        kind => docs.queue.push_back(text_document(name.to_string(), name, bytes, kind)),
    }
    docs
}

/// A directory being walked: its path and its remaining entries, sorted by name.
struct DirFrame {
    path: PathBuf,
    /// The canonical path, used to refuse symlinks that lead back to an ancestor.
    canonical: Option<PathBuf>,
    entries: std::vec::IntoIter<(OsString, FileType)>,
}

/// The iterator returned by [`read_inputs`] and [`read_reader`].
///
/// Yields `Result<Document, InputError>` in input order; see [`read_inputs`].
pub struct Documents {
    inputs: VecDeque<String>,
    stdin_format: StdinFormat,
    /// Items ready to be yielded before anything else is read.
    queue: VecDeque<Result<Document, InputError>>,
    /// A reader (standard input or from [`read_reader`]) not yet started, with its name.
    reader: Option<(Box<dyn Read + Send>, String)>,
    /// The JSON Lines input being read, if any.
    jsonl: Option<JsonlReader>,
    /// The WARC input being read, if any.
    warc: Option<crate::warc::WarcDocuments>,
    /// The stack of directories being walked, innermost last.
    dirs: Vec<DirFrame>,
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Documents")
            .field("inputs", &self.inputs)
            .field("stdin_format", &self.stdin_format)
            .field("queued", &self.queue.len())
            .field("walking", &self.dirs.last().map(|d| &d.path))
            .finish_non_exhaustive()
    }
}

impl Iterator for Documents {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if let Some(jsonl) = self.jsonl.as_mut() {
                match jsonl.next() {
                    Some(item) => return Some(item),
                    None => {
                        self.jsonl = None;
                        continue;
                    }
                }
            }
            if let Some(warc) = self.warc.as_mut() {
                match warc.next() {
                    Some(item) => return Some(item),
                    None => {
                        self.warc = None;
                        continue;
                    }
                }
            }
            if let Some((reader, name)) = self.reader.take() {
                self.start_reader(reader, name);
                continue;
            }
            if let Some(frame) = self.dirs.last_mut() {
                match frame.entries.next() {
                    Some((name, file_type)) => {
                        let path = frame.path.join(&name);
                        self.visit_entry(path, file_type);
                    }
                    None => {
                        self.dirs.pop();
                    }
                }
                continue;
            }
            let input = self.inputs.pop_front()?;
            self.open_input(input);
        }
    }
}

impl FusedIterator for Documents {}

impl Documents {
    /// Starts reading one command-line input.
    fn open_input(&mut self, input: String) {
        if input == "-" {
            self.reader = Some((Box::new(io::stdin()), input));
            return;
        }
        let path = PathBuf::from(&input);
        match fs::metadata(&path) {
            Err(err) => self.queue.push_back(Err(InputError::io(input, &err))),
            Ok(meta) if meta.is_dir() => self.enter_dir(path, input),
            Ok(_) => {
                let kind = kind_of(&path).unwrap_or(Kind::Text);
                self.open_file(&path, input, kind);
            }
        }
    }

    /// Starts reading standard input or a reader given to [`read_reader`].
    fn start_reader(&mut self, mut reader: Box<dyn Read + Send>, name: String) {
        match self.stdin_format {
            StdinFormat::Text => {
                let mut bytes = Vec::new();
                let item = match reader.read_to_end(&mut bytes) {
                    Ok(_) => text_document(name.clone(), &name, bytes, Kind::Text),
                    Err(err) => Err(InputError::io(name, &err)),
                };
                self.queue.push_back(item);
            }
            StdinFormat::Jsonl => {
                let prefix = if name == "-" { "<stdin>".to_string() } else { name.clone() };
                match JsonlReader::new(reader, name, prefix) {
                    Ok(jsonl) => self.jsonl = Some(jsonl),
                    Err(err) => self.queue.push_back(Err(err)),
                }
            }
            StdinFormat::Warc => self.warc = Some(crate::warc::read_warc(reader, &name)),
        }
    }

    /// Lists a directory and pushes it onto the walk.
    fn enter_dir(&mut self, path: PathBuf, id: String) {
        let canonical = fs::canonicalize(&path).ok();
        if canonical.is_some() && self.dirs.iter().any(|d| d.canonical.is_some() && d.canonical == canonical)
        {
            self.queue.push_back(Err(InputError::new(
                id,
                "directory loop (a symlink leads back to a directory being walked)",
            )
            .skip()));
            return;
        }
        let reader = match fs::read_dir(&path) {
            Ok(reader) => reader,
            Err(err) => {
                self.queue.push_back(Err(InputError::io(id, &err)));
                return;
            }
        };
        let mut entries = Vec::new();
        for entry in reader {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    if name.as_encoded_bytes().first() == Some(&b'.') {
                        continue;
                    }
                    match entry.file_type() {
                        Ok(file_type) => entries.push((name, file_type)),
                        Err(err) => {
                            let id = path.join(&name).to_string_lossy().into_owned();
                            self.queue.push_back(Err(InputError::io(id, &err)));
                        }
                    }
                }
                Err(err) => {
                    self.queue.push_back(Err(InputError::io(id.clone(), &err)));
                    break;
                }
            }
        }
        entries.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
        self.dirs.push(DirFrame { path, canonical, entries: entries.into_iter() });
    }

    /// Handles one entry met while walking a directory.
    fn visit_entry(&mut self, path: PathBuf, file_type: FileType) {
        let id = path.to_string_lossy().into_owned();
        let kind = kind_of(&path);
        let (is_dir, is_file) = if file_type.is_symlink() {
            match fs::metadata(&path) {
                Ok(meta) => (meta.is_dir(), meta.is_file()),
                Err(err) => {
                    // A dangling link is worth a word only if it looks like an article.
                    if kind.is_some() {
                        self.queue.push_back(Err(InputError::io(id, &err)));
                    }
                    return;
                }
            }
        } else {
            (file_type.is_dir(), file_type.is_file())
        };
        if is_dir {
            self.enter_dir(path, id);
        } else if let (true, Some(kind)) = (is_file, kind) {
            self.open_file(&path, id, kind);
        }
    }

    /// Reads one file of a known kind.
    fn open_file(&mut self, path: &Path, id: String, kind: Kind) {
        if kind == Kind::Warc {
            match File::open(path) {
                Ok(file) => self.warc = Some(crate::warc::read_warc(file, &id)),
                Err(err) => self.queue.push_back(Err(InputError::io(id, &err))),
            }
            return;
        }
        if kind == Kind::Jsonl {
            match File::open(path) {
                Ok(file) => match JsonlReader::new(Box::new(file), id.clone(), id) {
                    Ok(jsonl) => self.jsonl = Some(jsonl),
                    Err(err) => self.queue.push_back(Err(err)),
                },
                Err(err) => self.queue.push_back(Err(InputError::io(id, &err))),
            }
            return;
        }
        let item = match fs::read(path) {
            Ok(bytes) => text_document(id.clone(), &id, bytes, kind),
            Err(err) => Err(InputError::io(id, &err)),
        };
        self.queue.push_back(item);
    }
}

/// An io error as a lower-case message without the `(os error N)` suffix.
pub(crate) fn io_message(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => return "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => return "permission denied".to_string(),
        _ => {}
    }
    let mut msg = err.to_string();
    if let Some(at) = msg.rfind(" (os error ")
        && msg.ends_with(')')
    {
        msg.truncate(at);
    }
    while msg.ends_with('.') {
        msg.pop();
    }
    let mut chars = msg.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "read error".to_string(),
    }
}

/// The offset of the first NUL byte in the leading [`BINARY_PROBE`] bytes.
fn nul_offset(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)])
}

/// Decodes a whole file (or standard input) to text, with any warnings.
///
/// Removes a UTF-8 BOM, decodes UTF-16 that starts with a BOM, rejects binary (a NUL byte in
/// the first 8 KiB) and decodes invalid UTF-8 lossily with a warning.
fn decode(path: &str, mut bytes: Vec<u8>) -> Result<(String, Vec<String>), InputError> {
    let mut warnings = Vec::new();
    if let Some(big_endian) = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(false),
        Some([0xFE, 0xFF]) => Some(true),
        _ => None,
    } {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
            })
            .collect();
        let text = match String::from_utf16(&units) {
            Ok(text) if bytes.len().is_multiple_of(2) => text,
            _ => {
                warnings
                    .push("invalid UTF-16; decoded lossily (offsets refer to the decoded text)".to_string());
                String::from_utf16_lossy(&units)
            }
        };
        return Ok((text, warnings));
    }
    if let Some(at) = nul_offset(&bytes) {
        return Err(InputError::new(path, format!("binary file (NUL byte at offset {at})")));
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        3
    } else {
        0
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            warnings.push(lossy_warning(bom + err.utf8_error().valid_up_to()));
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    Ok((text, warnings))
}

/// Builds the document for a whole text or HTML file.
fn text_document(id: String, path: &str, bytes: Vec<u8>, kind: Kind) -> Result<Document, InputError> {
    let (text, warnings) = decode(path, bytes)?;
    if text.trim().is_empty() {
        return Err(InputError::new(path, "empty file").skip());
    }
    if kind != Kind::Html {
        return Ok(Document { id, text, date: None, warnings });
    }
    if !has_markup(&text) {
        return Err(InputError::new(path, "not HTML: no markup found; read it as text by renaming to .txt"));
    }
    let html = Html::parse_document(&text);
    let visible = visible_text(&html);
    if visible.is_empty() {
        return Err(InputError::new(path, "no visible text").skip());
    }
    Ok(Document { id, text: visible, date: html_date(&html), warnings })
}

/// Whether the text contains anything that looks like a tag, comment or doctype.
fn has_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?')))
}

// ---------------------------------------------------------------------------------------
// JSON Lines

/// Reads a JSON Lines input line by line.
struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    /// The path used in errors.
    path: String,
    /// The prefix of default ids, `PREFIX:LINE`.
    prefix: String,
    /// The number of lines read so far.
    line: u64,
    /// The byte offset of the next line in the input.
    offset: usize,
    /// Whether any non-blank line was met.
    seen_content: bool,
    done: bool,
    buf: Vec<u8>,
}

impl JsonlReader {
    /// Checks the first 8 KiB for binary and prepares to read line by line.
    fn new(
        mut reader: Box<dyn Read + Send>,
        path: String,
        prefix: String,
    ) -> Result<JsonlReader, InputError> {
        let mut head = Vec::with_capacity(BINARY_PROBE);
        (&mut reader)
            .take(BINARY_PROBE as u64)
            .read_to_end(&mut head)
            .map_err(|err| InputError::io(path.clone(), &err))?;
        if let Some(at) = nul_offset(&head) {
            return Err(InputError::new(path, format!("binary file (NUL byte at offset {at})")));
        }
        let mut offset = 0;
        if head.starts_with(b"\xEF\xBB\xBF") {
            head.drain(..3);
            offset = 3;
        }
        Ok(JsonlReader {
            reader: Box::new(BufReader::new(io::Cursor::new(head).chain(reader))),
            path,
            prefix,
            line: 0,
            offset,
            seen_content: false,
            done: false,
            buf: Vec::new(),
        })
    }

    /// Parses one non-blank line (without its line ending) into a document.
    fn parse_line(&self, start: usize) -> Result<Document, InputError> {
        let err = |message: String| InputError::new(self.path.clone(), message).at_line(self.line);
        let mut warnings = Vec::new();
        let line = match std::str::from_utf8(&self.buf) {
            Ok(line) => std::borrow::Cow::Borrowed(line),
            Err(e) => {
                warnings.push(lossy_warning(start + e.valid_up_to()));
                String::from_utf8_lossy(&self.buf)
            }
        };
        let value: serde_json::Value = serde_json::from_str(&line).map_err(|e| {
            let mut msg = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            if let Some(stripped) = msg.strip_suffix(&suffix) {
                msg = format!("{stripped} at column {}", e.column());
            }
            err(format!("invalid JSON: {msg}"))
        })?;
        let serde_json::Value::Object(mut map) = value else {
            return Err(err("expected a JSON object".to_string()));
        };
        let text = match map.remove("text") {
            None => return Err(err("missing field \"text\"".to_string())),
            Some(serde_json::Value::String(text)) => text,
            Some(_) => return Err(err("field \"text\" is not a string".to_string())),
        };
        let id = match map.get("id") {
            None | Some(serde_json::Value::Null) => format!("{}:{}", self.prefix, self.line),
            Some(serde_json::Value::String(id)) => id.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => return Err(err("field \"id\" is not a string or number".to_string())),
        };
        if text.trim().is_empty() {
            return Err(err("field \"text\" is empty".to_string()).skip());
        }
        let date = match map.get("date") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(date)) => {
                let norm = normalize_date(date);
                if norm.is_none() {
                    warnings
                        .push(format!("field \"date\" ({date:?}) does not start with YYYY-MM-DD; ignored"));
                }
                norm
            }
            Some(_) => {
                warnings.push("field \"date\" is not a string; ignored".to_string());
                None
            }
        };
        Ok(Document { id, text, date, warnings })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    if !self.seen_content {
                        return Some(Err(InputError::new(self.path.clone(), "empty file").skip()));
                    }
                }
                Ok(n) => {
                    self.line += 1;
                    let start = self.offset;
                    self.offset += n;
                    if self.buf.last() == Some(&b'\n') {
                        self.buf.pop();
                        if self.buf.last() == Some(&b'\r') {
                            self.buf.pop();
                        }
                    }
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.seen_content = true;
                    return Some(self.parse_line(start));
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.done = true;
                    return Some(Err(InputError::io(self.path.clone(), &err).at_line(self.line + 1)));
                }
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// Dates

/// The `YYYY-MM-DD` date a string starts with, if any.
///
/// The month must be 01–12 and the day 01–31, and no digit may follow the day, so
/// `2025-03-02T10:00:00Z` gives `2025-03-02` while `March 2, 2025` and `2025-13-01` give
/// `None`. Leading and trailing whitespace is ignored.
///
/// # Example
/// ```
/// use pledger::input::normalize_date;
/// assert_eq!(normalize_date("2025-03-02T10:00:00Z").as_deref(), Some("2025-03-02"));
/// assert_eq!(normalize_date("2 March 2025"), None);
/// ```
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(s[..10].to_string())
}

/// Meta names (`property`, `name` or `itemprop`, lower-cased) that carry a publication date,
/// best first.
const DATE_METAS: &[&[&str]] = &[
    &["article:published_time"],
    &["og:published_time", "og:article:published_time"],
    &["datepublished"],
    &["pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "date.published"],
    &["dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created"],
    &["date", "sailthru.date", "parsely-pub-date"],
];

/// The publication date of a parsed page: `<meta>` tags first (see [`DATE_METAS`]), then a
/// JSON-LD `datePublished`.
fn html_date(html: &Html) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    let mut json_ld: Option<String> = None;
    for node in html.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        match el.name() {
            "meta" => {
                let Some(content) = el.attr("content") else {
                    continue;
                };
                for key in ["property", "name", "itemprop"] {
                    let Some(name) = el.attr(key) else { continue };
                    let name = name.trim().to_ascii_lowercase();
                    let Some(rank) = DATE_METAS.iter().position(|names| names.contains(&&*name)) else {
                        continue;
                    };
                    if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
                        continue;
                    }
                    if let Some(date) = normalize_date(content) {
                        best = Some((rank, date));
                    }
                }
            }
            "script" if json_ld.is_none() && best.is_none() => {
                let is_ld = el.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
                if !is_ld {
                    continue;
                }
                let body: String =
                    node.children().filter_map(|c| c.value().as_text().map(|t| &**t)).collect();
                json_ld = serde_json::from_str(&body).ok().and_then(|v| json_ld_date(&v));
            }
            _ => {}
        }
    }
    best.map(|(_, date)| date).or(json_ld)
}

/// The first `datePublished` found anywhere in a JSON-LD value, as `YYYY-MM-DD`.
fn json_ld_date(value: &serde_json::Value) -> Option<String> {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(date) = map.get("datePublished").and_then(|d| d.as_str()).and_then(normalize_date)
                {
                    return Some(date);
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// HTML text

/// Elements whose content is never visible text.
const SKIPPED: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "nav", "button", "select", "textarea", "datalist",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
];

/// Builds visible text paragraph by paragraph.
#[derive(Default)]
struct TextBuilder {
    out: String,
    /// Whitespace was seen since the last character of the current paragraph.
    space: bool,
    /// Inside `<pre>`: whitespace is kept as written.
    pre: usize,
}

impl TextBuilder {
    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            self.out.push_str(text);
            self.space = false;
            return;
        }
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                self.space = true;
            } else {
                if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        self.out.push('\n');
        self.space = false;
    }

    fn paragraph_break(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push_str(if self.out.ends_with('\n') { "\n" } else { "\n\n" });
        }
        self.space = false;
    }

    /// Trims each line's end and the whole, and keeps at most one blank line in a row.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.out.len());
        let mut blank = false;
        for line in self.out.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                blank = !out.is_empty();
                continue;
            }
            if !out.is_empty() {
                out.push_str(if blank { "\n\n" } else { "\n" });
            }
            blank = false;
            out.push_str(line);
        }
        out
    }
}

/// The visible text of a parsed page.
pub(crate) fn visible_text(html: &Html) -> String {
    let mut b = TextBuilder::default();
    // An explicit stack, not recursion: deeply nested markup must not overflow.
    let mut stack = vec![(html.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                if closing {
                    if name == "pre" {
                        b.pre = b.pre.saturating_sub(1);
                    }
                    if BLOCKS.contains(&name) {
                        b.paragraph_break();
                    } else if matches!(name, "td" | "th") {
                        b.space = true;
                    }
                    continue;
                }
                if SKIPPED.contains(&name) {
                    continue;
                }
                match name {
                    "br" => b.line_break(),
                    "td" | "th" => b.space = true,
                    _ if BLOCKS.contains(&name) => b.paragraph_break(),
                    _ => {}
                }
                if name == "pre" {
                    b.pre += 1;
                }
                stack.push((node, true));
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
            Node::Text(text) => b.text(text),
            Node::Document | Node::Fragment => {
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
    b.finish()
}

/// The visible text of an HTML page.
///
/// Drops the `<head>` and the content of `script`, `style`, `noscript`, `template`, `svg`,
/// `iframe`, `nav`, form controls and the like. Block elements (`p`, `div`, `h1`–`h6`, `li`,
/// `tr`, `section`, `blockquote`, `pre`, `table`...) are separated by a blank line, `<br>`
/// gives a line break, and table cells are separated by a space. Whitespace is collapsed to
/// single spaces except inside `<pre>`; entities are decoded. The result is trimmed, line
/// ends carry no trailing spaces and there is never more than one blank line in a row.
///
/// # Example
/// ```
/// use pledger::input::html_to_text;
/// let html = "<html><head><title>T</title></head><body><p>A   &pound;1.6bn\nplan</p>\
///             <script>var x = 1;</script><p>Second<br>line</p></body></html>";
/// assert_eq!(html_to_text(html), "A £1.6bn plan\n\nSecond\nline");
/// ```
pub fn html_to_text(html: &str) -> String {
    visible_text(&Html::parse_document(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_normalise_only_leading_iso_dates() {
        assert_eq!(normalize_date("2025-03-02").as_deref(), Some("2025-03-02"));
        assert_eq!(normalize_date(" 2025-03-02T10:00:00Z ").as_deref(), Some("2025-03-02"));
        assert_eq!(normalize_date("2025-03-02 10:00").as_deref(), Some("2025-03-02"));
        assert_eq!(normalize_date("2025-03-021"), None);
        assert_eq!(normalize_date("2025-13-02"), None);
        assert_eq!(normalize_date("2025-00-02"), None);
        assert_eq!(normalize_date("2025-01-32"), None);
        assert_eq!(normalize_date("2025/03/02"), None);
        assert_eq!(normalize_date("March 2, 2025"), None);
        assert_eq!(normalize_date("2025-3-2"), None);
        assert_eq!(normalize_date(""), None);
        assert_eq!(normalize_date("２０２５-03-02"), None);
    }

    #[test]
    fn kinds_by_extension_case_insensitive() {
        assert_eq!(kind_of(Path::new("a.TXT")), Some(Kind::Text));
        assert_eq!(kind_of(Path::new("a.md")), Some(Kind::Text));
        assert_eq!(kind_of(Path::new("a.text")), Some(Kind::Text));
        assert_eq!(kind_of(Path::new("a.HtM")), Some(Kind::Html));
        assert_eq!(kind_of(Path::new("a.xhtml")), Some(Kind::Html));
        assert_eq!(kind_of(Path::new("a.html")), Some(Kind::Html));
        assert_eq!(kind_of(Path::new("a.NDJSON")), Some(Kind::Jsonl));
        assert_eq!(kind_of(Path::new("a.jsonl")), Some(Kind::Jsonl));
        assert_eq!(kind_of(Path::new("a.gold.json")), None);
        assert_eq!(kind_of(Path::new("a.warc")), Some(Kind::Warc));
        assert_eq!(kind_of(Path::new("CC-NEWS-1.WARC.GZ")), Some(Kind::Warc));
        assert_eq!(kind_of(Path::new("a.txt.gz")), None);
        assert_eq!(kind_of(Path::new("warc.gz")), None);
        assert_eq!(kind_of(Path::new("README")), None);
        assert_eq!(kind_of(Path::new(".txt")), None);
    }

    #[test]
    fn io_messages_are_lower_case_without_os_error() {
        let nf = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(io_message(&nf), "no such file or directory");
        let pd = io::Error::from_raw_os_error(13);
        assert_eq!(io_message(&pd), "permission denied");
        let other = io::Error::other("Something Broke.");
        assert_eq!(io_message(&other), "something Broke");
        #[cfg(target_os = "linux")]
        assert_eq!(io_message(&io::Error::from_raw_os_error(21)), "is a directory");
    }

    #[test]
    fn display_with_and_without_line() {
        let e = InputError::new("a.jsonl", "missing field \"text\"").at_line(3);
        assert_eq!(e.to_string(), "a.jsonl:3: missing field \"text\"");
        let e = InputError::new("a.txt", "empty file").skip();
        assert_eq!(e.to_string(), "a.txt: empty file");
        assert!(e.skipped);
    }

    #[test]
    fn decode_strips_bom_and_keeps_crlf() {
        let (text, w) = decode("x", b"\xEF\xBB\xBFone\r\ntwo\r\n".to_vec()).unwrap();
        assert_eq!(text, "one\r\ntwo\r\n");
        assert!(w.is_empty());
    }

    #[test]
    fn decode_invalid_utf8_is_lossy_with_file_offset() {
        let (text, w) = decode("x", b"ab\xFFcd\xFE".to_vec()).unwrap();
        assert_eq!(text, "ab\u{FFFD}cd\u{FFFD}");
        assert_eq!(w, vec![lossy_warning(2)]);
        // The offset counts the BOM: it is a byte offset into the file.
        let (_, w) = decode("x", b"\xEF\xBB\xBFab\xC3".to_vec()).unwrap();
        assert_eq!(w, vec![lossy_warning(5)]);
    }

    #[test]
    fn decode_binary_only_in_first_8k() {
        let err = decode("bin", b"abc\0def".to_vec()).unwrap_err();
        assert_eq!(err.message, "binary file (NUL byte at offset 3)");
        assert!(!err.skipped);
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(decode("late", late).is_ok());
    }

    #[test]
    fn decode_utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "£5m".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode("x", le).unwrap(), ("£5m".to_string(), vec![]));
        let mut be = vec![0xFE, 0xFF];
        for u in "€2bn".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode("x", be).unwrap().0, "€2bn");
        // Odd length: lossy, with a warning.
        let (text, w) = decode("x", vec![0xFF, 0xFE, b'a', 0, b'b']).unwrap();
        assert!(text.starts_with('a'));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn whitespace_only_is_empty_and_skipped() {
        let err = text_document("e".into(), "e", b" \n\t\r\n".to_vec(), Kind::Text).unwrap_err();
        assert_eq!(err.message, "empty file");
        assert!(err.skipped);
        let err = text_document("e".into(), "e", b"\xEF\xBB\xBF".to_vec(), Kind::Html).unwrap_err();
        assert_eq!(err.message, "empty file");
    }

    #[test]
    fn html_without_markup_is_an_error() {
        let err =
            text_document("p.html".into(), "p.html", b"just 5 < 6 text".to_vec(), Kind::Html).unwrap_err();
        assert_eq!(err.message, "not HTML: no markup found; read it as text by renaming to .txt");
        assert!(!err.skipped);
        assert!(has_markup("<p>x"));
        assert!(has_markup("<!-- c -->"));
        assert!(!has_markup("a < b and c <= d"));
    }

    #[test]
    fn html_without_visible_text_is_skipped() {
        let err = text_document(
            "s.html".into(),
            "s.html",
            b"<html><head><title>x</title></head><body><script>1</script></body></html>".to_vec(),
            Kind::Html,
        )
        .unwrap_err();
        assert_eq!(err.message, "no visible text");
        assert!(err.skipped);
    }

    #[test]
    fn html_text_blocks_and_whitespace() {
        let html = "<body>\n  <h1>Budget   2025</h1>\n<div><p>One\n two</p><p>Three</p></div>\
                    <ul><li>a</li><li>b</li></ul>x<b>y</b>z<br><br><br><br>after</body>";
        assert_eq!(html_to_text(html), "Budget 2025\n\nOne two\n\nThree\n\na\n\nb\n\nxyz\n\nafter");
    }

    #[test]
    fn html_text_drops_invisible_elements() {
        let html = "<html><head><title>TITLE</title><style>p{}</style></head><body>\
                    <nav>NAV</nav><script>SCRIPT</script><noscript>NOSCRIPT</noscript>\
                    <template>TEMPLATE</template><svg><text>SVG</text></svg>\
                    <iframe>IFRAME</iframe><p>kept</p><!-- COMMENT --></body></html>";
        assert_eq!(html_to_text(html), "kept");
    }

    #[test]
    fn html_text_tables_pre_and_entities() {
        let html = "<table><tr><td>Revenue</td><td>&pound;1.6bn</td></tr>\
                    <tr><th>Cost</th><td>&euro;2&nbsp;m &amp; more</td></tr></table>\
                    <pre>a  b\n   c</pre><p>&lt;tag&gt; &#36;5</p>";
        assert_eq!(html_to_text(html), "Revenue £1.6bn\n\nCost €2\u{a0}m & more\n\na  b\n   c\n\n<tag> $5");
    }

    #[test]
    fn html_text_survives_deep_nesting() {
        // html5ever is quadratic in nested blocks, so keep those few; inline nesting is cheap
        // and deep enough to overflow a recursive walk.
        let html = "<div>".repeat(500) + "deep" + &"</div>".repeat(500);
        assert_eq!(html_to_text(&html), "deep");
        let html = "<b>".repeat(100_000) + "bold";
        assert_eq!(html_to_text(&html), "bold");
    }

    #[test]
    fn html_dates_by_priority() {
        let date = |s: &str| html_date(&Html::parse_document(s));
        assert_eq!(
            date(
                "<meta name=\"date\" content=\"2020-01-01\">\
                  <meta property=\"article:published_time\" content=\"2025-03-02T10:00:00Z\">"
            )
            .as_deref(),
            Some("2025-03-02")
        );
        assert_eq!(date("<meta name=\"DC.date\" content=\"2019-05-06\"><p>x").as_deref(), Some("2019-05-06"));
        assert_eq!(
            date("<meta itemprop=\"datePublished\" content=\"2018-02-03\">").as_deref(),
            Some("2018-02-03")
        );
        // An unparseable best meta falls back to the next.
        assert_eq!(
            date(
                "<meta property=\"article:published_time\" content=\"yesterday\">\
                  <meta name=\"pubdate\" content=\"2017-07-08\">"
            )
            .as_deref(),
            Some("2017-07-08")
        );
        assert_eq!(
            date(
                "<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"WebPage\"},\
                  {\"@type\": \"NewsArticle\", \"datePublished\": \"2016-09-10T08:00\"}]}</script>"
            )
            .as_deref(),
            Some("2016-09-10")
        );
        assert_eq!(date("<script type=\"application/ld+json\">{broken</script><p>x").as_deref(), None);
        assert_eq!(date("<meta name=\"modified\" content=\"2016-09-10\">"), None);
    }

    fn jsonl(data: &str) -> Vec<Result<Document, InputError>> {
        read_reader(io::Cursor::new(data.to_string()), "-", StdinFormat::Jsonl).collect()
    }

    #[test]
    fn jsonl_ids_errors_and_blank_lines() {
        let items = jsonl(
            "{\"id\": \"a\", \"text\": \"one\", \"date\": \"2025-01-02T00:00\"}\r\n\
             \n   \n\
             {\"id\": 42, \"text\": \"two\"}\n\
             {\"text\": \"three\", \"id\": null}\n\
             not json\n\
             {\"id\": \"x\"}\n\
             {\"text\": 5}\n\
             [1, 2]\n\
             {\"text\": \"t\", \"id\": true}\n\
             {\"text\": \"  \"}\n\
             {\"text\": \"last\", \"date\": \"soon\"}",
        );
        assert_eq!(items.len(), 10);
        let doc = items[0].as_ref().unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.text.as_str(), doc.date.as_deref()),
            ("a", "one", Some("2025-01-02"))
        );
        assert_eq!(items[1].as_ref().unwrap().id, "42");
        assert_eq!(items[2].as_ref().unwrap().id, "<stdin>:5");
        let errs: Vec<String> = items[3..9].iter().map(|r| r.as_ref().unwrap_err().to_string()).collect();
        assert_eq!(
            errs,
            vec![
                "-:6: invalid JSON: expected ident at column 2",
                "-:7: missing field \"text\"",
                "-:8: field \"text\" is not a string",
                "-:9: expected a JSON object",
                "-:10: field \"id\" is not a string or number",
                "-:11: field \"text\" is empty",
            ]
        );
        assert!(items[8].as_ref().unwrap_err().skipped);
        assert!(!items[3].as_ref().unwrap_err().skipped);
        let last = items[9].as_ref().unwrap();
        assert_eq!(last.date, None);
        assert_eq!(last.warnings.len(), 1);
        assert!(last.warnings[0].contains("does not start with YYYY-MM-DD"));
    }

    #[test]
    fn jsonl_invalid_utf8_offset_is_in_the_input() {
        let mut data = b"{\"text\": \"a\"}\n".to_vec();
        data.extend(b"{\"text\": \"b\xFFc\"}\n");
        let items: Vec<_> = read_reader(io::Cursor::new(data), "in.jsonl", StdinFormat::Jsonl).collect();
        let doc = items[1].as_ref().unwrap();
        assert_eq!(doc.id, "in.jsonl:2");
        assert_eq!(doc.text, "b\u{FFFD}c");
        assert_eq!(doc.warnings, vec![lossy_warning(14 + 11)]);
    }

    #[test]
    fn jsonl_bom_binary_and_empty() {
        let items = jsonl("\u{FEFF}{\"text\": \"x\"}\n");
        assert_eq!(items[0].as_ref().unwrap().text, "x");
        let items = jsonl("{\"text\": \"x\0\"}\n");
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.message, "binary file (NUL byte at offset 11)");
        assert_eq!(items.len(), 1);
        for empty in ["", "\n\n  \r\n"] {
            let items = jsonl(empty);
            assert_eq!(items.len(), 1);
            let err = items[0].as_ref().unwrap_err();
            assert_eq!((err.message.as_str(), err.skipped, err.line), ("empty file", true, None));
        }
    }

    #[test]
    fn jsonl_long_input_streams() {
        let line = format!("{{\"text\": \"{}\"}}\n", "x".repeat(1000));
        let data = line.repeat(100);
        let items = jsonl(&data);
        assert_eq!(items.len(), 100);
        assert_eq!(items[99].as_ref().unwrap().id, "<stdin>:100");
    }

    #[test]
    fn reader_as_text() {
        let items: Vec<_> = read_reader(io::Cursor::new("a\r\nb"), "-", StdinFormat::Text).collect();
        assert_eq!(items, vec![Ok(document_from_str("-", "a\r\nb"))]);
        let items: Vec<_> = read_reader(io::Cursor::new(""), "-", StdinFormat::Text).collect();
        assert_eq!(items[0].as_ref().unwrap_err().message, "empty file");
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        let samples: [&[u8]; 8] = [
            b"<",
            b"<\xFF>",
            b"\xEF\xBB",
            b"\xFF\xFE\x00",
            b"\xFE\xFF\xD8\x00",
            b"<p>\xF0\x9F",
            b"<html><body><table><td><pre><br></table>",
            b"<![CDATA[x]]><?php ?>",
        ];
        for bytes in samples {
            for kind in [Kind::Text, Kind::Html] {
                let _ = text_document("x".into(), "x", bytes.to_vec(), kind);
            }
            let _: Vec<_> = read_reader(io::Cursor::new(bytes.to_vec()), "-", StdinFormat::Jsonl).collect();
        }
    }
}
