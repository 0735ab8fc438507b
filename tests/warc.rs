//! WARC input end to end: records to documents through `pledger::warc` and `pledger::input`,
//! gzip per record and per file, directory walks, malformed records, size limits, and the
//! `pledger` binary over the test archives in `tests/data/warc/` (written by `make.py` there).

use std::fs;
use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::process::Command;

use pledger::input::{Document, InputError, InputOptions, StdinFormat, read_inputs, read_reader};
use pledger::warc::read_warc;

fn data(name: &str) -> String {
    format!("{}/tests/data/warc/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read_path(path: &str) -> Vec<Result<Document, InputError>> {
    read_inputs(&[path.to_string()], &InputOptions::default()).collect()
}

fn read_bytes(bytes: Vec<u8>) -> Vec<Result<Document, InputError>> {
    read_warc(Cursor::new(bytes), "mem.warc").collect()
}

/// `id date` for documents and `ERR message` for errors, in order.
fn outline(items: &[Result<Document, InputError>]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(doc) => format!("{} {}", doc.id, doc.date.as_deref().unwrap_or("-")),
            Err(err) => format!("ERR {}{}", err.message, if err.skipped { " (skipped)" } else { "" }),
        })
        .collect()
}

/// One WARC record with the given type, headers and block.
fn record(kind: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2025-01-02T03:04:05Z\r\nWARC-Record-ID: <urn:uuid:x>\r\n"
    )
    .into_bytes();
    for (name, value) in headers {
        out.extend(format!("{name}: {value}\r\n").bytes());
    }
    out.extend(format!("Content-Length: {}\r\n\r\n", block.len()).bytes());
    out.extend(block);
    out.extend(b"\r\n\r\n");
    out
}

/// A response record for `uri` with an HTTP 200 HTML body.
fn response(uri: &str, body: &[u8]) -> Vec<u8> {
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    http.extend(body);
    record(
        "response",
        &[("WARC-Target-URI", uri), ("Content-Type", "application/http; msgtype=response")],
        &http,
    )
}

const NEWS: [&str; 5] = [
    "https://news.example/kenya-loan 2024-03-05",
    "https://news.example/dutch-aid 2024-03-06",
    "https://news.example/broken-bytes 2024-03-05",
    "https://news.example/peru-grant 2024-03-07",
    "file:///archive/norway.html 2023-12-31",
];

#[test]
fn html_responses_become_documents_and_the_rest_is_passed_over() {
    let items = read_path(&data("news.warc"));
    assert_eq!(outline(&items), NEWS);
    let docs: Vec<&Document> = items.iter().map(|i| i.as_ref().unwrap()).collect();
    // Visible text only: no title, script or nav; HTTP headers stripped.
    assert_eq!(
        docs[0].text,
        "Kenya loan\n\nBritain will lend Kenya £50m ($64m) to buy 200 tractors, ministers said."
    );
    assert!(docs[0].warnings.is_empty());
    // Declared ISO-8859-1 is read as windows-1252, as browsers do: 0x80 is the euro sign.
    assert!(
        docs[1].text.contains("pledged €5 million to Tarvana, the \u{201C}fund\u{201D} said."),
        "{}",
        docs[1].text
    );
    assert!(docs[1].warnings.is_empty());
    // Undeclared and invalid UTF-8: lossy, with a warning.
    assert!(docs[2].text.contains("Canada gave \u{FFFD}$10 million"), "{}", docs[2].text);
    assert_eq!(docs[2].warnings.len(), 1);
    assert!(docs[2].warnings[0].starts_with("invalid UTF-8 at byte "), "{:?}", docs[2].warnings);
    // Chunked transfer coding and gzip content coding undone.
    assert!(docs[3].text.ends_with("Japan granted Peru a $20m loan for flood defences."), "{}", docs[3].text);
    // A resource record holds the page itself.
    assert!(docs[4].text.contains("Norway pledged NOK 2 billion"));
}

#[test]
fn gzip_per_record_and_per_file_read_the_same() {
    let plain = read_path(&data("news.warc"));
    assert_eq!(read_path(&data("news.warc.gz")), plain);
    let mut whole = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    whole.write_all(&fs::read(data("news.warc")).unwrap()).unwrap();
    let items: Vec<_> = read_warc(Cursor::new(whole.finish().unwrap()), &data("news.warc")).collect();
    assert_eq!(items, plain);
}

#[test]
fn malformed_records_are_errors_with_file_and_record_number_and_reading_goes_on() {
    let path = data("broken.warc");
    let items = read_path(&path);
    assert_eq!(
        outline(&items),
        [
            "https://news.example/first 2024-03-05",
            "ERR record 2: missing warc-date header",
            "ERR record 3: the block does not end with a blank line after its Content-Length of 202 bytes; \
             skipped to the next record",
            "https://news.example/after 2024-03-05",
            "ERR record 5: truncated: the file ends inside the record",
        ]
    );
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(err.to_string(), format!("{path}: record 2: missing warc-date header"));
    assert!(!err.skipped);
    assert_eq!(err.line, None);
}

#[test]
fn directory_walks_pick_up_warc_and_warc_gz() {
    let dir = std::env::temp_dir().join(format!("pledger-warc-walk-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::copy(data("news.warc.gz"), dir.join("a.warc.gz")).unwrap();
    fs::copy(data("broken.warc"), dir.join("sub/b.WARC")).unwrap();
    fs::copy(data("news.warc"), dir.join("c.warc.bak")).unwrap();
    fs::copy(data("news.warc.gz"), dir.join("d.gz")).unwrap();
    let items = read_path(&dir.to_string_lossy());
    fs::remove_dir_all(&dir).unwrap();
    let ids = outline(&items);
    assert_eq!(ids.len(), 10, "{ids:?}");
    assert_eq!(ids[..5], NEWS);
    assert_eq!(ids[5], "https://news.example/first 2024-03-05");
    let err = items[6].as_ref().unwrap_err();
    assert!(err.path.ends_with("sub/b.WARC"), "{err}");
}

#[test]
fn standard_input_as_warc() {
    let bytes = fs::read(data("news.warc.gz")).unwrap();
    let items: Vec<_> = read_reader(Cursor::new(bytes), "-", StdinFormat::Warc).collect();
    assert_eq!(outline(&items), NEWS);
}

#[test]
fn empty_and_foreign_files() {
    assert_eq!(outline(&read_bytes(Vec::new())), ["ERR empty file (skipped)"]);
    assert_eq!(outline(&read_bytes(b"\r\n\r\n".to_vec())), ["ERR empty file (skipped)"]);
    assert_eq!(
        outline(&read_bytes(b"<html><p>$5m</p></html>".to_vec())),
        ["ERR not a WARC file: it does not start with a WARC/1.x version line"]
    );
}

#[test]
fn garbage_between_records_is_one_error_then_the_next_record() {
    let mut bytes = response("https://a.example/", b"<p>Peru got $1m.</p>");
    bytes.extend(b"garbage line\r\nmore garbage\r\n");
    bytes.extend(response("https://b.example/", b"<p>Chile got $2m.</p>"));
    assert_eq!(
        outline(&read_bytes(bytes)),
        [
            "https://a.example/ 2025-01-02",
            "ERR record 1: unexpected data after the record; skipped to the next record",
            "https://b.example/ 2025-01-02",
        ]
    );
}

#[test]
fn header_problems() {
    // A header line that is not `Name: value`, a date that is not ISO 8601, a missing type.
    let bad_line = response("https://a.example/", b"<p>x</p>")
        .to_vec()
        .splitn(2, |&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect::<Vec<_>>()
        .join(&b"\nthis is not a header\r\n"[..]);
    let bad_date = String::from_utf8(response("https://b.example/", b"<p>x</p>"))
        .unwrap()
        .replace("2025-01-02T03:04:05Z", "yesterday");
    let no_type = String::from_utf8(response("https://c.example/", b"<p>x</p>"))
        .unwrap()
        .replace("WARC-Type: response\r\n", "");
    let mut bytes = bad_line;
    bytes.extend(bad_date.bytes());
    bytes.extend(no_type.bytes());
    bytes.extend(response("https://d.example/", b"<p>Peru got $1m.</p>"));
    assert_eq!(
        outline(&read_bytes(bytes)),
        [
            "ERR record 1: malformed WARC header line `this is not a header`",
            "ERR record 2: malformed warc-date header: not an ISO 8601 datestamp",
            "ERR record 3: missing warc-type header",
            "https://d.example/ 2025-01-02",
        ]
    );
}

#[test]
fn odd_pages_and_envelopes() {
    let mut bytes = Vec::new();
    // Not UTF-8 in a header value: read lossily, never a panic.
    bytes.extend(response("https://a.example/\u{FFFD}", b"<p>Peru got $1m.</p>"));
    let at = bytes.windows(3).position(|w| w == "\u{FFFD}".as_bytes()).unwrap();
    bytes.splice(at..at + 3, [0xFF, b'x', b'x']);
    // A page with no visible text is skipped, as for .html files.
    bytes.extend(response("https://b.example/", b"<html><head><title>t</title></head></html>"));
    // A response record that is not HTTP.
    bytes.extend(record(
        "response",
        &[("WARC-Target-URI", "https://c.example/"), ("Content-Type", "application/http; msgtype=response")],
        b"not http at all",
    ));
    // Brotli is not undone.
    bytes.extend(record(
        "response",
        &[("WARC-Target-URI", "https://d.example/")],
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n\x1b\x00",
    ));
    // No Content-Type anywhere: sniffed; WARC-Identified-Payload-Type when the HTTP one is absent.
    bytes.extend(record(
        "response",
        &[("WARC-Target-URI", "https://e.example/")],
        b"HTTP/1.1 200 OK\r\n\r\n<!doctype html><p>Chile got $2m.</p>",
    ));
    bytes.extend(record(
        "response",
        &[("WARC-Target-URI", "https://f.example/"), ("WARC-Identified-Payload-Type", "application/pdf")],
        b"HTTP/1.1 200 OK\r\n\r\n<!doctype html><p>Not a page.</p>",
    ));
    // A <meta charset> near the top declares windows-1252.
    bytes.extend(response("https://g.example/", b"<meta charset=\"windows-1252\"><p>\xA35m for Kenya</p>"));
    // No target URI: the id is PATH:RECORD.
    bytes.extend(record("resource", &[("Content-Type", "text/html")], b"<p>Japan gave $3m.</p>"));
    let items = read_bytes(bytes);
    assert_eq!(
        outline(&items),
        [
            "https://a.example/\u{FFFD}xx 2025-01-02",
            "ERR record 2: no visible text (skipped)",
            "ERR record 3: response without an HTTP status line (`not http at all`)",
            "ERR record 4: unsupported Content-Encoding `br`",
            "https://e.example/ 2025-01-02",
            "https://g.example/ 2025-01-02",
            "mem.warc:8 2025-01-02",
        ]
    );
    assert_eq!(items[5].as_ref().unwrap().text, "£5m for Kenya");
}

#[test]
fn records_over_the_limit_are_streamed_past() {
    let big = pledger::warc::MAX_RECORD as usize + 1;
    let mut page = b"<p>".to_vec();
    page.resize(big, b'a');
    let mut bytes = response("https://big.example/", &page);
    // A large image is passed over without a word.
    let mut image = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n".to_vec();
    image.resize(big, 0xFF);
    bytes.extend(record("response", &[("WARC-Target-URI", "https://img.example/")], &image));
    bytes.extend(response("https://small.example/", b"<p>Peru got $1m.</p>"));
    assert_eq!(
        outline(&read_bytes(bytes)),
        [
            format!("ERR record 1: record of {} bytes is over the 32 MiB limit (skipped)", big + 44),
            "https://small.example/ 2025-01-02".to_string(),
        ]
    );
}

#[test]
fn corrupt_gzip_ends_the_file_with_an_error() {
    let mut bytes = fs::read(data("news.warc.gz")).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 40] {
        *b ^= 0x5A;
    }
    let items = read_bytes(bytes);
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(last.message.starts_with("record "), "{last}");
    assert!(!last.skipped);
}

#[test]
fn never_panics_on_truncated_or_damaged_archives() {
    for name in ["news.warc", "news.warc.gz", "broken.warc"] {
        let bytes = fs::read(data(name)).unwrap();
        for cut in (0..bytes.len()).step_by(13) {
            let _ = read_bytes(bytes[..cut].to_vec());
            let mut damaged = bytes.clone();
            damaged[cut] ^= 0xFF;
            let _ = read_bytes(damaged);
        }
    }
}

fn pledger() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pledger"))
}

#[test]
fn cli_ledger_over_a_warc_gz_uses_the_target_uri_as_doc() {
    let out = pledger().args(["ledger", "-q", &data("news.warc.gz")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert!(docs.contains(&"https://news.example/kenya-loan"), "{csv}");
    assert!(docs.iter().all(|d| d.starts_with("https://") || d.starts_with("file://")), "{csv}");
}

#[test]
fn cli_exit_status_1_names_the_bad_records_and_keeps_the_good_ones() {
    let path = PathBuf::from(data("broken.warc"));
    let out = pledger().args(["figures", "-q", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("broken.warc: record 3: the block does not end"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("https://news.example/first,money,€50 million,50000000,EUR"), "{stdout}");
    assert!(stdout.contains("https://news.example/after,money,€7 million"), "{stdout}");
}

#[test]
fn bytes_from_elsewhere_are_read_by_their_name() {
    let bytes = fs::read(data("news.warc.gz")).unwrap();
    let items: Vec<_> = pledger::input::read_bytes(bytes, "s3://bucket/crawl/CC-NEWS-1.warc.gz").collect();
    assert_eq!(outline(&items), NEWS);
    let broken: Vec<_> =
        pledger::input::read_bytes(fs::read(data("broken.warc")).unwrap(), "hdfs:///b.warc").collect();
    assert_eq!(
        broken[1].as_ref().unwrap_err().to_string(),
        "hdfs:///b.warc: record 2: missing warc-date header"
    );
}
