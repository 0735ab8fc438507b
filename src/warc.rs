//! WARC files → documents: the HTML pages of a web archive, one [`Document`] per response.
//!
//! This module owns reading WARC files (ISO 28500, WARC/1.0 and 1.1) as crawlers such as
//! Common Crawl write them: record framing, gzip, the HTTP envelope of a response, the
//! payload's charset. Header blocks are parsed and checked by the `warc` crate; this module
//! frames the records itself so that it can stream in constant memory, skip what is not a page
//! without buffering it, and carry on after a malformed record.
//!
//! * Compression: a file that starts with the gzip magic is read through a multi-member gzip
//!   decoder, so both per-record gzip (`.warc.gz` as Common Crawl writes it: one gzip member
//!   per record) and a whole-file gzip work; anything else is read as plain WARC.
//! * Which records: `response` records whose HTTP status is 2xx, and `resource` records, whose
//!   payload is HTML (`text/html` or `application/xhtml+xml` by the HTTP `Content-Type`, else
//!   by `WARC-Identified-Payload-Type`, else by a leading `<!doctype html` or `<html`). Request,
//!   metadata, warcinfo, revisit and conversion records, redirects, errors and non-HTML
//!   payloads (images, PDFs, robots.txt) are passed over silently: they are not documents.
//! * The page: the HTTP headers are stripped; `Transfer-Encoding: chunked` and
//!   `Content-Encoding: gzip` / `deflate` are undone (Common Crawl has already undone them and
//!   renamed the headers); the charset comes from the HTTP `Content-Type`, else from a
//!   `<meta charset>` near the top. UTF-8 (the default) is decoded as UTF-8, lossily with a
//!   warning when invalid; ISO-8859-1, US-ASCII and windows-1252 are decoded as windows-1252
//!   (as browsers do); a UTF-8 or UTF-16 byte-order mark wins over any declaration; any other
//!   charset is read as UTF-8, lossily with a warning naming it. The text is the visible text
//!   ([`crate::input::html_to_text`]).
//! * The document: `id` is the `WARC-Target-URI` (`PATH:N` for record N when absent), `date`
//!   the day of the `WARC-Date` (the crawl date, which for news archives such as CC-NEWS is
//!   within a day or so of publication).
//!
//! Records are numbered from 1 in file order, counting every record. A malformed record is one
//! [`InputError`] naming the file and the record number (`crawl.warc.gz: record 7: missing
//! warc-date header`); reading resumes at the next record (after a wrong `Content-Length`, at
//! the next line that starts with `WARC/`). A read or decompression error ends the file.
//! Nothing here panics on any input.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::MultiGzDecoder;
use scraper::Html;
use warc::{EmptyBody, RawRecordHeader, Record, RecordType, WarcHeader};

use crate::input::{Document, InputError, io_message, lossy_warning, normalize_date, visible_text};

/// The largest record block read into memory. A larger response is streamed past and reported
/// as skipped; the next record is read as usual.
pub const MAX_RECORD: u64 = 32 << 20;

/// The longest WARC header block (and the longest line read while looking for a record).
const MAX_HEADER: usize = 1 << 20;

/// How much of an over-long block is read to tell whether it is a page.
const PEEK: u64 = 64 << 10;

/// How much of a page is searched for `<meta charset>`.
const META_PROBE: usize = 1024;

/// Streams the documents of one WARC file (plain or gzip), in record order.
///
/// `name` is the path used in errors and in the ids of records without a `WARC-Target-URI`.
/// Nothing is read until the iterator is advanced. See the [module documentation](self) for
/// which records become documents and how their text is decoded.
///
/// # Errors
///
/// Yields an [`InputError`] in place of a record that is malformed (a bad header block, a
/// missing `WARC-Date` or `WARC-Type`, a block that does not end where its `Content-Length`
/// says, an HTTP response without a status line, an unsupported `Content-Encoding`), too large
/// (over [`MAX_RECORD`]; `skipped` is `true`) or without visible text (`skipped` is `true`),
/// and carries on with the next record. A file that is empty (`skipped`) or does not start
/// with a WARC record, a truncated file, and a read or gzip error end the iteration after
/// their error.
///
/// # Example
/// ```
/// let page = "<html><body><p>Norway pledged NOK 2 billion.</p></body></html>";
/// let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
/// let warc = format!(
///     "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-05-06T07:08:09Z\r\n\
///      WARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: https://example.org/a\r\n\
///      Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
///     http.len()
/// );
/// let docs: Vec<_> = pledger::warc::read_warc(std::io::Cursor::new(warc), "x.warc").collect();
/// let doc = docs[0].as_ref().unwrap();
/// assert_eq!(doc.id, "https://example.org/a");
/// assert_eq!(doc.date.as_deref(), Some("2024-05-06"));
/// assert_eq!(doc.text, "Norway pledged NOK 2 billion.");
/// ```
pub fn read_warc<R: Read + Send + 'static>(reader: R, name: &str) -> WarcDocuments {
    WarcDocuments {
        unopened: Some(Box::new(reader)),
        reader: Box::new(io::empty()),
        path: name.to_string(),
        record: 0,
        pending: None,
        resync: false,
        done: false,
        line: Vec::new(),
    }
}

/// The iterator returned by [`read_warc`]: `Result<Document, InputError>` per HTML page or
/// problem, in record order.
pub struct WarcDocuments {
    /// The input before the first read (gzip is sniffed then).
    unopened: Option<Box<dyn Read + Send>>,
    /// The (decompressed) WARC stream.
    reader: Box<dyn BufRead + Send>,
    /// The path used in errors.
    path: String,
    /// The number of the last record started.
    record: u64,
    /// A `WARC/` line already read, which starts the next record.
    pending: Option<Vec<u8>>,
    /// Looking for the next `WARC/` line after a malformed record, passing over anything else.
    resync: bool,
    done: bool,
    line: Vec<u8>,
}

impl std::fmt::Debug for WarcDocuments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcDocuments")
            .field("path", &self.path)
            .field("record", &self.record)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// What one step of reading gave.
enum Step {
    /// A document or a problem to yield.
    Yield(Result<Document, InputError>),
    /// A record that is not a document (a request, an image...).
    Pass,
}

impl Iterator for WarcDocuments {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.step() {
                Ok(Step::Yield(item)) => return Some(item),
                Ok(Step::Pass) => {}
                Err(err) => {
                    self.done = true;
                    let at = self.record.max(1);
                    return Some(Err(InputError::new(
                        self.path.clone(),
                        format!("record {at}: {}", io_message(&err)),
                    )));
                }
            }
        }
        None
    }
}

impl std::iter::FusedIterator for WarcDocuments {}

/// Reads one line of at most `cap` bytes (a longer line is returned in pieces), appending it
/// to `buf`; returns the number of bytes read, 0 at the end of the input.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<usize> {
    loop {
        match reader.take(cap as u64).read_until(b'\n', buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
}

impl WarcDocuments {
    /// An error about record `n`.
    fn error(&self, n: u64, message: impl std::fmt::Display) -> InputError {
        InputError::new(self.path.clone(), format!("record {n}: {message}"))
    }

    /// Opens the input on the first read: gzip if it starts with the gzip magic.
    fn open(&mut self) -> io::Result<()> {
        let Some(raw) = self.unopened.take() else { return Ok(()) };
        let mut raw = BufReader::with_capacity(1 << 16, raw);
        let head = loop {
            match raw.fill_buf() {
                Ok(head) => break head,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        };
        self.reader = if head.starts_with(&[0x1f, 0x8b]) {
            Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(raw)))
        } else {
            Box::new(raw)
        };
        Ok(())
    }

    /// Reads the next record; `Err` only for read errors, which end the file.
    fn step(&mut self) -> io::Result<Step> {
        self.open()?;
        // The version line.
        let mut header = match self.pending.take() {
            Some(line) => line,
            None => loop {
                self.line.clear();
                if read_line(&mut *self.reader, &mut self.line, MAX_HEADER)? == 0 {
                    self.done = true;
                    if self.record == 0 && !self.resync {
                        return Ok(Step::Yield(Err(InputError::new(self.path.clone(), "empty file").skip())));
                    }
                    return Ok(Step::Pass);
                }
                if self.line.starts_with(b"WARC/") {
                    break std::mem::take(&mut self.line);
                }
                if is_blank(&self.line) || self.resync {
                    continue;
                }
                if self.record == 0 {
                    self.done = true;
                    return Ok(Step::Yield(Err(InputError::new(
                        self.path.clone(),
                        "not a WARC file: it does not start with a WARC/1.x version line",
                    ))));
                }
                self.resync = true;
                let n = self.record;
                return Ok(Step::Yield(Err(
                    self.error(n, "unexpected data after the record; skipped to the next record")
                )));
            },
        };
        self.resync = false;
        self.record += 1;
        let n = self.record;

        // The rest of the header block, up to the blank line.
        loop {
            let start = header.len();
            if read_line(&mut *self.reader, &mut header, MAX_HEADER)? == 0 {
                self.done = true;
                return Ok(Step::Yield(
                    Err(self.error(n, "truncated: the file ends inside the WARC header")),
                ));
            }
            if matches!(&header[start..], b"\r\n" | b"\n") {
                break;
            }
            if header.len() > MAX_HEADER {
                self.resync = true;
                return Ok(Step::Yield(Err(self.error(n, "WARC header longer than 1 MiB"))));
            }
        }

        let (rest, (version, fields, length)) = match warc::parser::headers(&header) {
            Ok(parsed) => parsed,
            Err(_) => {
                self.resync = true;
                return Ok(Step::Yield(Err(self.error(n, malformed_line(&header)))));
            }
        };
        if !matches!(rest, b"\r\n" | b"\n") {
            self.resync = true;
            return Ok(Step::Yield(Err(self.error(n, malformed_line(&header)))));
        }
        let length = length as u64;
        // Header values are read lossily here: the `warc` crate's accessors expect UTF-8.
        let mut values: HashMap<WarcHeader, Vec<u8>> = HashMap::with_capacity(fields.len());
        for (name, value) in fields {
            values.insert(WarcHeader::from(name), value.to_vec());
        }
        let lossy = |h: WarcHeader| values.get(&h).map(|v| String::from_utf8_lossy(v).trim().to_string());
        let meta = Meta {
            target: lossy(WarcHeader::TargetURI),
            content_type: lossy(WarcHeader::ContentType),
            identified: lossy(WarcHeader::IdentifiedPayloadType),
        };
        let raw = RawRecordHeader { version: version.to_string(), headers: values };
        let record = match Record::<EmptyBody>::try_from(raw) {
            Ok(record) => record,
            Err(err) => {
                let message = match err {
                    warc::Error::MissingHeader(h) => format!("missing {h} header"),
                    warc::Error::MalformedHeader(h, why) => format!("malformed {h} header: {why}"),
                    other => other.to_string().to_lowercase().trim_end_matches('.').to_string(),
                };
                return self.skip_block(n, length).map(|step| match step {
                    Step::Pass => Step::Yield(Err(self.error(n, message))),
                    other => other,
                });
            }
        };

        let wanted = matches!(record.warc_type(), RecordType::Response | RecordType::Resource);
        if !wanted {
            return self.skip_block(n, length);
        }
        if length > MAX_RECORD {
            // Only a page is worth a word: look at the start of the block, then stream past.
            let mut head = Vec::new();
            (&mut *self.reader).take(PEEK).read_to_end(&mut head)?;
            let page = head.len() as u64 == PEEK && self.may_be_page(&record, &meta, &head);
            return self.skip_block(n, length - head.len() as u64).map(|step| match step {
                Step::Pass if page => Step::Yield(Err(self
                    .error(n, format!("record of {length} bytes is over the {} MiB limit", MAX_RECORD >> 20))
                    .skip())),
                other => other,
            });
        }
        let mut block = Vec::new();
        (&mut *self.reader).take(length).read_to_end(&mut block)?;
        if (block.len() as u64) < length {
            self.done = true;
            return Ok(Step::Yield(Err(self.error(n, "truncated: the file ends inside the record"))));
        }
        if !self.trailer()? {
            return Ok(Step::Yield(Err(self.wrong_length(n, length))));
        }
        Ok(self.page(n, &record, &meta, block))
    }

    /// Whether a record whose block starts with `head` may be an HTML page.
    fn may_be_page(&self, record: &Record<EmptyBody>, meta: &Meta, head: &[u8]) -> bool {
        if is_http_response(record, meta) {
            match Http::parse(head) {
                Ok(http) => {
                    (200..300).contains(&http.status)
                        && is_html(
                            http.content_type.as_deref().or(meta.identified.as_deref()),
                            &head[http.body_start.min(head.len())..],
                        )
                }
                Err(_) => true,
            }
        } else {
            is_html(meta.content_type.as_deref().or(meta.identified.as_deref()), head)
        }
    }

    /// Streams past a block of `length` bytes and its trailer.
    fn skip_block(&mut self, n: u64, length: u64) -> io::Result<Step> {
        let copied = io::copy(&mut (&mut *self.reader).take(length), &mut io::sink())?;
        if copied < length {
            self.done = true;
            return Ok(Step::Yield(Err(self.error(n, "truncated: the file ends inside the record"))));
        }
        if !self.trailer()? {
            return Ok(Step::Yield(Err(self.wrong_length(n, length))));
        }
        Ok(Step::Pass)
    }

    fn wrong_length(&mut self, n: u64, length: u64) -> InputError {
        self.resync = true;
        self.error(
            n,
            format!(
                "the block does not end with a blank line after its Content-Length of {length} bytes; \
                 skipped to the next record"
            ),
        )
    }

    /// Reads the two line ends that close a record; `false` (with the next `WARC/` line kept, if
    /// that is what came) when something else follows the block. The end of the input right
    /// after the block is accepted.
    fn trailer(&mut self) -> io::Result<bool> {
        for _ in 0..2 {
            self.line.clear();
            if read_line(&mut *self.reader, &mut self.line, MAX_HEADER)? == 0 {
                return Ok(true);
            }
            if matches!(self.line.as_slice(), b"\r\n" | b"\n") {
                continue;
            }
            if self.line.starts_with(b"WARC/") {
                self.pending = Some(std::mem::take(&mut self.line));
            }
            return Ok(false);
        }
        Ok(true)
    }

    /// The document of a response or resource record, if it is an HTML page.
    fn page(&self, n: u64, record: &Record<EmptyBody>, meta: &Meta, block: Vec<u8>) -> Step {
        let is_http = is_http_response(record, meta);
        let mut warnings = Vec::new();
        let (content_type, body) = if is_http {
            let http = match Http::parse(&block) {
                Ok(http) => http,
                Err(message) => return Step::Yield(Err(self.error(n, message))),
            };
            if !(200..300).contains(&http.status) {
                return Step::Pass;
            }
            let mut body = block;
            body.drain(..http.body_start);
            match http.decode_body(body, &mut warnings) {
                Ok(body) => (http.content_type, body),
                Err(message) => return Step::Yield(Err(self.error(n, message))),
            }
        } else {
            (meta.content_type.clone(), block)
        };
        let mime = content_type.as_deref().or(meta.identified.as_deref());
        if !is_html(mime, &body) {
            return Step::Pass;
        }
        let charset = content_type.as_deref().and_then(charset_param).or_else(|| meta_charset(&body));
        let text = match decode(&body, charset.as_deref(), &mut warnings) {
            Ok(text) => text,
            Err(message) => return Step::Yield(Err(self.error(n, message))),
        };
        let html = Html::parse_document(&text);
        let visible = visible_text(&html);
        if visible.is_empty() {
            return Step::Yield(Err(self.error(n, "no visible text").skip()));
        }
        let id = match meta.target.as_deref().map(|t| t.trim_start_matches('<').trim_end_matches('>')) {
            Some(target) if !target.is_empty() => target.to_string(),
            _ => format!("{}:{n}", self.path),
        };
        let date = normalize_date(&record.date().date_naive().to_string());
        Step::Yield(Ok(Document { id, text: visible, date, warnings }))
    }
}

/// Whether a record holds an HTTP response (a `response` record whose WARC `Content-Type`, if
/// any, is `application/http`); other response records hold the payload itself.
fn is_http_response(record: &Record<EmptyBody>, meta: &Meta) -> bool {
    *record.warc_type() == RecordType::Response
        && meta
            .content_type
            .as_deref()
            .is_none_or(|ct| ct.to_ascii_lowercase().starts_with("application/http"))
}

/// The message for a header block the `warc` crate could not parse: its first line that is not
/// `Name: value`.
fn malformed_line(header: &[u8]) -> String {
    let text = String::from_utf8_lossy(header);
    let bad = text
        .lines()
        .skip(1)
        .map(str::trim_end)
        .find(|line| {
            !line.is_empty()
                && line.split_once(':').is_none_or(|(name, _)| {
                    name.trim().is_empty() || !name.trim().bytes().all(|b| b.is_ascii_graphic() && b != b'/')
                })
        })
        .unwrap_or_else(|| text.lines().next().unwrap_or(""));
    let bad: String = bad.chars().take(60).collect();
    format!("malformed WARC header line `{bad}`")
}

/// WARC header values read before the record is checked.
struct Meta {
    target: Option<String>,
    content_type: Option<String>,
    identified: Option<String>,
}

/// The HTTP envelope of a response record.
#[derive(Debug)]
struct Http {
    status: u16,
    content_type: Option<String>,
    chunked: bool,
    encoding: Option<String>,
    /// Where the body starts in the block.
    body_start: usize,
}

impl Http {
    /// Parses the status line and the headers of an HTTP/1.x response.
    fn parse(block: &[u8]) -> Result<Http, String> {
        let probe = &block[..block.len().min(MAX_HEADER)];
        let (head_end, body_start) = match memchr::memmem::find(probe, b"\r\n\r\n") {
            Some(at) => (at, at + 4),
            None => match memchr::memmem::find(probe, b"\n\n") {
                Some(at) => (at, at + 2),
                // Headers only, no body.
                None => (block.len(), block.len()),
            },
        };
        let head = String::from_utf8_lossy(&block[..head_end]);
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or("");
        let mut parts = status_line.split_whitespace();
        let status = match (parts.next(), parts.next().and_then(|s| s.parse::<u16>().ok())) {
            (Some(version), Some(status)) if version.starts_with("HTTP/") => status,
            _ => {
                let shown: String = status_line.chars().take(60).collect();
                return Err(format!("response without an HTTP status line (`{shown}`)"));
            }
        };
        let mut http = Http { status, content_type: None, chunked: false, encoding: None, body_start };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => http.content_type = Some(value.to_string()),
                "transfer-encoding" => http.chunked = value.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => http.encoding = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
        Ok(http)
    }

    /// Undoes the transfer and content encodings of the body.
    fn decode_body(&self, body: Vec<u8>, warnings: &mut Vec<String>) -> Result<Vec<u8>, String> {
        let body = if self.chunked {
            match dechunk(&body) {
                Some(plain) => plain,
                None => {
                    warnings
                        .push("Transfer-Encoding: chunked, but the body is not chunked; read as is".into());
                    body
                }
            }
        } else {
            body
        };
        let encoding = self.encoding.as_deref().unwrap_or("").trim();
        let limited = |r: &mut dyn Read| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            r.take(MAX_RECORD + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("cannot undo Content-Encoding {encoding}: {}", io_message(&e)))?;
            if out.len() as u64 > MAX_RECORD {
                return Err(format!("page over {} MiB once decompressed", MAX_RECORD >> 20));
            }
            Ok(out)
        };
        match encoding {
            "" | "identity" | "none" => Ok(body),
            "gzip" | "x-gzip" => limited(&mut flate2::read::MultiGzDecoder::new(&body[..])),
            "deflate" => {
                // Servers send both zlib-wrapped (as the RFC says) and raw deflate.
                limited(&mut flate2::read::ZlibDecoder::new(&body[..]))
                    .or_else(|_| limited(&mut flate2::read::DeflateDecoder::new(&body[..])))
            }
            other => Err(format!("unsupported Content-Encoding `{other}`")),
        }
    }
}

/// Removes HTTP/1.1 chunked transfer coding; `None` when the body is not well-formed chunks.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    loop {
        let line_end = at + memchr::memchr(b'\n', body.get(at..)?)?;
        let line = std::str::from_utf8(&body[at..line_end]).ok()?;
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        at = line_end + 1;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(at..at.checked_add(size)?)?);
        at += size;
        // The CRLF after the chunk.
        if body.get(at) == Some(&b'\r') {
            at += 1;
        }
        if body.get(at) == Some(&b'\n') {
            at += 1;
        }
    }
}

/// Whether a payload is an HTML page: by its media type if known, else by its first bytes.
fn is_html(mime: Option<&str>, body: &[u8]) -> bool {
    if let Some(mime) = mime {
        let mime = mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if !mime.is_empty() {
            return matches!(mime.as_str(), "text/html" | "application/xhtml+xml");
        }
    }
    let start = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let head: Vec<u8> = start.iter().take(14).map(u8::to_ascii_lowercase).collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// The `charset` parameter of a `Content-Type` value, lower-cased.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_ascii_lowercase())
    })
}

/// The charset declared by a `<meta charset>` or `<meta http-equiv="Content-Type">` tag in
/// the first [`META_PROBE`] bytes of a page, lower-cased.
fn meta_charset(body: &[u8]) -> Option<String> {
    let head: Vec<u8> = body[..body.len().min(META_PROBE)].iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&head[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = head[tag_start..].iter().position(|&b| b == b'>').map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = &rest[rest.iter().take_while(|b| matches!(b, b' ' | b'"' | b'\'')).count()..];
                let label: Vec<u8> = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                    .copied()
                    .collect();
                if !label.is_empty() {
                    return String::from_utf8(label).ok();
                }
            }
        }
        from = tag_end;
    }
    None
}

/// The labels that mean windows-1252 (the WHATWG Encoding Standard's list).
const WINDOWS_1252: &[&str] = &[
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
    "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
    "x-cp1252",
];

/// windows-1252's bytes 0x80–0x9F; the other bytes are their own code points.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}',
    '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}',
    '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}',
    '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Decodes a page: a byte-order mark first, then the declared charset (see the module docs).
fn decode(body: &[u8], charset: Option<&str>, warnings: &mut Vec<String>) -> Result<String, String> {
    if let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest, 3, None, warnings));
    }
    if let Some(big_endian) = match body.get(..2) {
        Some([0xFF, 0xFE]) => Some(false),
        Some([0xFE, 0xFF]) => Some(true),
        _ => None,
    } {
        let units: Vec<u16> = body[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
            })
            .collect();
        return Ok(match String::from_utf16(&units) {
            Ok(text) if body.len().is_multiple_of(2) => text,
            _ => {
                warnings.push("invalid UTF-16; decoded lossily (offsets refer to the decoded text)".into());
                String::from_utf16_lossy(&units)
            }
        });
    }
    if let Some(at) = memchr::memchr(0, body) {
        return Err(format!("binary payload (NUL byte at offset {at})"));
    }
    match charset {
        Some(label) if WINDOWS_1252.contains(&label) => {
            Ok(body
                .iter()
                .map(|&b| {
                    if (0x80..0xA0).contains(&b) { CP1252_HIGH[usize::from(b - 0x80)] } else { char::from(b) }
                })
                .collect())
        }
        None | Some("utf-8" | "utf8" | "unicode-1-1-utf-8") => Ok(utf8(body, 0, None, warnings)),
        Some(other) => Ok(utf8(body, 0, Some(other), warnings)),
    }
}

/// Decodes UTF-8, lossily with a warning; `skipped` bytes (a BOM) count in the offset.
fn utf8(bytes: &[u8], skipped: usize, declared: Option<&str>, warnings: &mut Vec<String>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            warnings.push(match declared {
                Some(label) => format!(
                    "charset `{label}` is not supported; read as UTF-8, lossily (offsets refer to the decoded text)"
                ),
                None => lossy_warning(skipped + err.valid_up_to()),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_from_content_type_and_meta() {
        assert_eq!(charset_param("text/html; charset=\"ISO-8859-1\"").as_deref(), Some("iso-8859-1"));
        assert_eq!(charset_param("text/html;Charset=utf-8").as_deref(), Some("utf-8"));
        assert_eq!(charset_param("text/html"), None);
        assert_eq!(
            meta_charset(b"<html><head><META CHARSET='windows-1252'>").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            meta_charset(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">")
                .as_deref(),
            Some("shift_jis")
        );
        assert_eq!(meta_charset(b"<meta name=x><p>charset=utf-8</p>"), None);
    }

    #[test]
    fn decoding_by_charset() {
        let mut w = Vec::new();
        assert_eq!(
            decode(b"\xA35m \x80 \x93x\x94", Some("iso-8859-1"), &mut w).unwrap(),
            "£5m € \u{201C}x\u{201D}"
        );
        assert!(w.is_empty());
        assert_eq!(decode("£5m".as_bytes(), None, &mut w).unwrap(), "£5m");
        assert_eq!(decode(b"\xEF\xBB\xBF\xC2\xA3", Some("latin1"), &mut w).unwrap(), "£");
        assert!(w.is_empty());
        assert_eq!(decode(b"a\xA3b", Some("utf-8"), &mut w).unwrap(), "a\u{FFFD}b");
        assert_eq!(w, vec![lossy_warning(1)]);
        w.clear();
        assert_eq!(decode(b"a\xA3b", Some("koi8-r"), &mut w).unwrap(), "a\u{FFFD}b");
        assert!(w[0].contains("`koi8-r` is not supported"), "{w:?}");
        assert!(decode(b"a\0b", None, &mut w).unwrap_err().contains("NUL byte at offset 1"));
    }

    #[test]
    fn http_envelope() {
        let http = Http::parse(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nbody",
        )
        .unwrap();
        assert_eq!((http.status, http.chunked), (200, true));
        assert_eq!(
            &b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nbody"
                [http.body_start..],
            b"body"
        );
        assert_eq!(http.content_type.as_deref(), Some("text/html"));
        assert!(Http::parse(b"<html>no status</html>").unwrap_err().contains("without an HTTP status line"));
        assert_eq!(Http::parse(b"HTTP/1.0 404 Not Found\n\nx").unwrap().status, 404);
    }

    #[test]
    fn chunks() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n").unwrap(), b"Wikipedia");
        assert_eq!(dechunk(b"<html>"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }

    #[test]
    fn html_by_type_or_sniffing() {
        assert!(is_html(Some("text/html; charset=utf-8"), b""));
        assert!(is_html(Some("application/xhtml+xml"), b""));
        assert!(!is_html(Some("image/png"), b"<html>"));
        assert!(is_html(None, b"\xEF\xBB\xBF \n<!DOCTYPE HTML><html>"));
        assert!(is_html(Some(""), b"<HTML>"));
        assert!(!is_html(None, b"User-agent: *"));
    }
}
