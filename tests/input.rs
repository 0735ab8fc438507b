//! Integration tests of `pledger::input` through the library API: directory walks, kinds by
//! extension, JSON Lines, HTML, decoding and the errors for unreadable inputs.

use std::fs;
use std::path::{Path, PathBuf};

use pledger::input::{Document, InputError, InputOptions, StdinFormat, read_inputs, read_reader};

/// A fresh, empty scratch directory unique to this process and test; removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("pledger-input-test-{}-{}", std::process::id(), name));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes a file (creating parent directories) and returns its path as a string.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.0.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    }

    fn path(&self, rel: &str) -> String {
        self.0.join(rel).to_string_lossy().into_owned()
    }

    fn root(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        #[cfg(unix)]
        restore_permissions(&self.0);
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Makes everything under `dir` readable again so that it can be removed.
#[cfg(unix)]
fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else { continue };
            if file_type.is_symlink() {
                continue;
            } else if file_type.is_dir() {
                restore_permissions(&path);
            } else {
                let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o644));
            }
        }
    }
}

fn read(inputs: &[String]) -> Vec<Result<Document, InputError>> {
    read_inputs(inputs, &InputOptions::default()).collect()
}

fn read_one(input: &str) -> Result<Document, InputError> {
    let mut items = read(&[input.to_string()]);
    assert_eq!(items.len(), 1, "{items:?}");
    items.remove(0)
}

fn fixture(name: &str) -> String {
    format!("{}/tests/data/input/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The ids of the documents and `ERR path[:line]` for the errors, in order.
fn outline(items: &[Result<Document, InputError>]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Ok(doc) => doc.id.clone(),
            Err(err) => match err.line {
                Some(line) => format!("ERR {}:{line}", err.path),
                None => format!("ERR {}", err.path),
            },
        })
        .collect()
}

#[test]
fn directory_walk_is_sorted_recursive_and_filtered() {
    let s = Scratch::new("walk");
    s.write("b.txt", "bee");
    s.write("a.md", "ay");
    s.write("A.TXT", "upper case sorts first");
    s.write("sub/c.html", "<p>see</p>");
    s.write("sub/inner/d.text", "dee");
    s.write("sub/z.jsonl", "{\"text\": \"one\"}\n{\"id\": \"two\", \"text\": \"2\"}\n");
    s.write("zz.NDJSON", "{\"text\": \"upper ext\"}\n");
    s.write("sub/b.HTM", "<div>upper htm</div>");
    s.write("y.xhtml", "<p>x</p>");
    // Ignored inside directories: other extensions, no extension, hidden files and dirs.
    s.write("e.gold.json", "{}");
    s.write("notes", "no extension");
    s.write("m.pdf", "%PDF");
    s.write("article.csv", "a,b");
    s.write(".hidden.txt", "hidden");
    s.write(".git/x.txt", "hidden dir");
    s.write("sub/.cache/y.txt", "hidden nested dir");
    fs::create_dir_all(s.0.join("empty_dir")).unwrap();

    let root = s.root();
    let items = read(std::slice::from_ref(&root));
    let p = |rel: &str| s.path(rel);
    assert_eq!(
        outline(&items),
        vec![
            p("A.TXT"),
            p("a.md"),
            p("b.txt"),
            p("sub/b.HTM"),
            p("sub/c.html"),
            p("sub/inner/d.text"),
            format!("{}:1", p("sub/z.jsonl")),
            "two".to_string(),
            p("y.xhtml"),
            format!("{}:1", p("zz.NDJSON")),
        ]
    );
    let texts: Vec<&str> = items.iter().map(|i| i.as_ref().unwrap().text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["upper case sorts first", "ay", "bee", "upper htm", "see", "dee", "one", "2", "x", "upper ext"]
    );
}

#[test]
fn directory_ids_join_the_path_as_given() {
    let s = Scratch::new("joined");
    s.write("d/a.txt", "a");
    let with_slash = format!("{}/", s.path("d"));
    let items = read(&[with_slash]);
    assert_eq!(outline(&items), vec![s.path("d/a.txt")]);
}

#[test]
fn explicit_files_are_read_whatever_their_extension() {
    let s = Scratch::new("explicit");
    let notes = s.write("notes", "£5m pledged");
    let json = s.write("a.gold.json", "{\"x\": 1}");
    let hidden = s.write(".hidden.txt", "hidden but named");
    let hidden_dir = s.write(".dir/in.txt", "inside a hidden dir named explicitly");
    let items = read(&[notes.clone(), json.clone(), hidden.clone(), s.path(".dir")]);
    assert_eq!(outline(&items), vec![notes, json, hidden, hidden_dir]);
    let doc = items[0].as_ref().unwrap();
    assert_eq!(doc.text, "£5m pledged");
    assert_eq!(items[1].as_ref().unwrap().text, "{\"x\": 1}");
}

#[test]
fn inputs_keep_their_order_and_errors_do_not_stop_the_stream() {
    let s = Scratch::new("order");
    let z = s.write("z.txt", "zed");
    s.write("dir/b.txt", "b");
    s.write("dir/a.txt", "a");
    let missing = s.path("missing.txt");
    let a = s.write("a.txt", "ay");
    let items = read(&[z.clone(), missing.clone(), s.path("dir"), a.clone()]);
    assert_eq!(
        outline(&items),
        vec![z, format!("ERR {missing}"), s.path("dir/a.txt"), s.path("dir/b.txt"), a]
    );
}

#[test]
fn missing_file() {
    let s = Scratch::new("missing");
    let missing = s.path("nope.txt");
    let err = read_one(&missing).unwrap_err();
    assert_eq!(err.path, missing);
    assert_eq!(err.line, None);
    assert_eq!(err.message, "no such file or directory");
    assert!(!err.skipped);
    assert_eq!(err.to_string(), format!("{missing}: no such file or directory"));
    // Also for JSON Lines and HTML, which are opened differently.
    for name in ["nope.jsonl", "nope.html"] {
        let err = read_one(&s.path(name)).unwrap_err();
        assert_eq!(err.message, "no such file or directory");
    }
}

#[cfg(unix)]
#[test]
fn permission_denied_file_and_directory() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("perm");
    let locked = s.write("locked.txt", "secret");
    s.write("dir/a.txt", "a");
    s.write("dir/sealed/b.txt", "b");
    s.write("dir/z.txt", "z");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(s.0.join("dir/sealed"), fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("skipping: running with privileges that read mode-000 files (root?)");
        return;
    }
    let err = read_one(&locked).unwrap_err();
    assert_eq!(err.message, "permission denied");
    assert_eq!(err.to_string(), format!("{locked}: permission denied"));
    assert!(!err.skipped);

    // An unreadable directory inside a walk is one error naming it; the walk goes on.
    let items = read(&[s.path("dir")]);
    assert_eq!(
        outline(&items),
        vec![s.path("dir/a.txt"), format!("ERR {}", s.path("dir/sealed")), s.path("dir/z.txt")]
    );
    assert_eq!(items[1].as_ref().unwrap_err().message, "permission denied");
}

#[test]
fn jsonl_fixture_good_and_bad_lines() {
    let path = fixture("mixed.jsonl");
    let items = read(std::slice::from_ref(&path));
    assert_eq!(
        outline(&items),
        vec![
            "first".to_string(),
            "1234".to_string(),
            format!("{path}:4"),
            format!("ERR {path}:5"),
            format!("ERR {path}:6"),
            format!("ERR {path}:7"),
            "last".to_string(),
        ]
    );
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.text, "The council will spend £5m.");
    assert_eq!(first.date.as_deref(), Some("2024-11-05"));
    assert!(first.warnings.is_empty());
    assert_eq!(items[1].as_ref().unwrap().text, "A $2bn deal.");
    assert_eq!(items[1].as_ref().unwrap().date, None);
    assert_eq!(items[2].as_ref().unwrap().text, "No id here: €3m.");

    let bad_json = items[3].as_ref().unwrap_err();
    assert!(bad_json.message.starts_with("invalid JSON: EOF while parsing a value at column "), "{bad_json}");
    assert!(!bad_json.skipped);
    let missing = items[4].as_ref().unwrap_err();
    assert_eq!(missing.to_string(), format!("{path}:6: missing field \"text\""));
    let wrong = items[5].as_ref().unwrap_err();
    assert_eq!(wrong.message, "field \"text\" is not a string");
    assert_eq!(wrong.line, Some(7));
    assert_eq!(items[6].as_ref().unwrap().text, "Still read after errors: ¥100bn.");
}

#[test]
fn jsonl_invalid_json_message_names_the_column() {
    let s = Scratch::new("badjson");
    let path = s.write("x.jsonl", "{\"text\": \"ok\"}\r\nnope\n");
    let items = read(std::slice::from_ref(&path));
    assert_eq!(items[0].as_ref().unwrap().text, "ok");
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(err.to_string(), format!("{path}:2: invalid JSON: expected ident at column 2"));
}

#[test]
fn jsonl_empty_and_blank_only_files_are_skipped() {
    let s = Scratch::new("jsonl-empty");
    for (name, content) in [("a.jsonl", ""), ("b.jsonl", "\n  \n\r\n")] {
        let path = s.write(name, content);
        let err = read_one(&path).unwrap_err();
        assert_eq!(err.message, "empty file");
        assert!(err.skipped);
        assert_eq!(err.line, None);
    }
}

#[test]
fn jsonl_binary_file() {
    let s = Scratch::new("jsonl-bin");
    let path = s.write("b.ndjson", b"{\"text\": \"a\"}\n\x00\x01\x02");
    let err = read_one(&path).unwrap_err();
    assert_eq!(err.message, "binary file (NUL byte at offset 14)");
    assert!(!err.skipped);
}

#[test]
fn html_fixture_visible_text_and_date() {
    let path = fixture("article.html");
    let doc = read_one(&path).unwrap();
    assert_eq!(doc.id, path);
    assert_eq!(doc.date.as_deref(), Some("2025-03-02"));
    assert!(doc.warnings.is_empty());
    assert_eq!(
        doc.text,
        "Chancellor unveils £1.6bn rail plan\n\n\
         The Treasury said the package, worth £1.6bn, would be spent over five years.\n\n\
         Ministers also pledged €200m & $45 million for ports.\n\
         A further £300m was promised.\n\n\
         Item one\n\n\
         Item two\n\n\
         Copyright 2025"
    );
    assert!(!doc.text.contains("MUST NOT APPEAR"));
}

#[test]
fn html_without_markup_is_an_error() {
    let s = Scratch::new("nomarkup");
    let path = s.write("plain.htm", "Just text: profits rose 5% to £2m, 3 < 4.");
    let err = read_one(&path).unwrap_err();
    assert_eq!(err.message, "not HTML: no markup found; read it as text by renaming to .txt");
    assert!(!err.skipped);
}

#[test]
fn html_date_from_json_ld_and_none() {
    let s = Scratch::new("htmldate");
    let ld = s.write(
        "ld.html",
        "<html><head><script type=\"application/ld+json\">\
         {\"@type\": \"NewsArticle\", \"datePublished\": \"2023-06-07T12:00:00+01:00\"}\
         </script></head><body><p>Text</p></body></html>",
    );
    assert_eq!(read_one(&ld).unwrap().date.as_deref(), Some("2023-06-07"));
    let none = s.write("none.html", "<meta name=\"date\" content=\"June 7, 2023\"><p>Text</p>");
    let doc = read_one(&none).unwrap();
    assert_eq!(doc.date, None);
    assert_eq!(doc.text, "Text");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let s = Scratch::new("utf8");
    let path = s.write("bad.txt", b"Cost: \xA35m and \xFF more");
    let doc = read_one(&path).unwrap();
    assert_eq!(doc.text, "Cost: \u{FFFD}5m and \u{FFFD} more");
    assert_eq!(
        doc.warnings,
        vec!["invalid UTF-8 at byte 6; decoded lossily (offsets refer to the decoded text)".to_string()]
    );
    // HTML too: the whole document is kept.
    let path = s.write("bad.html", b"<p>A \xA35m</p><p>kept</p>");
    let doc = read_one(&path).unwrap();
    assert_eq!(doc.text, "A \u{FFFD}5m\n\nkept");
    assert_eq!(doc.warnings.len(), 1);
    assert!(doc.warnings[0].starts_with("invalid UTF-8 at byte 5;"));
}

#[test]
fn binary_file() {
    let s = Scratch::new("binary");
    let mut bytes = b"PK\x03\x04 looks like text at first".to_vec();
    bytes[17] = 0;
    let path = s.write("archive.txt", &bytes);
    let err = read_one(&path).unwrap_err();
    assert_eq!(err.message, "binary file (NUL byte at offset 17)");
    assert!(!err.skipped);
    assert_eq!(err.to_string(), format!("{path}: binary file (NUL byte at offset 17)"));
    // A NUL after the first 8 KiB is not looked for.
    let mut late = vec![b'x'; 8 * 1024];
    late.extend(b"\0tail");
    let path = s.write("late.txt", &late);
    assert_eq!(read_one(&path).unwrap().text.len(), 8 * 1024 + 5);
}

#[test]
fn empty_and_whitespace_files_are_skipped() {
    let s = Scratch::new("empty");
    for (name, content) in
        [("zero.txt", ""), ("blank.md", " \n\t\r\n "), ("bom.txt", "\u{FEFF}"), ("empty.html", "")]
    {
        let path = s.write(name, content);
        let err = read_one(&path).unwrap_err();
        assert_eq!(err.message, "empty file", "{name}");
        assert!(err.skipped, "{name}");
        assert_eq!(err.path, path);
    }
}

#[test]
fn bom_is_removed_and_crlf_kept() {
    let s = Scratch::new("bom");
    let path = s.write("win.txt", "\u{FEFF}Line one £5m\r\nLine two\r\n");
    let doc = read_one(&path).unwrap();
    assert_eq!(doc.text, "Line one £5m\r\nLine two\r\n");
    assert!(doc.warnings.is_empty());
    assert_eq!(doc.date, None);
    let path = s.write("bom.jsonl", "\u{FEFF}{\"text\": \"x\"}\r\n");
    assert_eq!(read_one(&path).unwrap().text, "x");
}

#[test]
fn walk_is_lazy() {
    let s = Scratch::new("lazy");
    s.write("one/a.txt", "a");
    fs::create_dir_all(s.0.join("two")).unwrap();
    let mut docs = read_inputs(&[s.path("one"), s.path("two")], &InputOptions::default());
    assert_eq!(docs.next().unwrap().unwrap().id, s.path("one/a.txt"));
    // "two" is listed only when the walk reaches it.
    s.write("two/b.txt", "b");
    assert_eq!(docs.next().unwrap().unwrap().id, s.path("two/b.txt"));
    assert!(docs.next().is_none());
    assert!(docs.next().is_none());
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang() {
    let s = Scratch::new("loop");
    s.write("d/a.txt", "a");
    std::os::unix::fs::symlink(&s.0, s.0.join("d/back")).unwrap();
    let items = read(&[s.path("d")]);
    // d/a.txt, then d/back -> the scratch root, which holds d again: a loop, reported once.
    assert_eq!(outline(&items), vec![s.path("d/a.txt"), format!("ERR {}", s.path("d/back/d")),]);
    assert!(items[1].as_ref().unwrap_err().skipped);
}

#[test]
fn reader_text_and_jsonl() {
    let docs: Vec<_> = read_reader("£4bn\r\n".as_bytes(), "-", StdinFormat::Text).collect();
    assert_eq!(docs.len(), 1);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!((doc.id.as_str(), doc.text.as_str()), ("-", "£4bn\r\n"));

    let data = "{\"text\": \"a\", \"date\": \"2022-02-02\"}\n\n{\"id\": 9, \"text\": \"b\"}\n{}\n";
    let items: Vec<_> = read_reader(data.as_bytes(), "-", StdinFormat::Jsonl).collect();
    assert_eq!(outline(&items), vec!["<stdin>:1".to_string(), "9".to_string(), "ERR -:4".to_string()]);
    assert_eq!(items[0].as_ref().unwrap().date.as_deref(), Some("2022-02-02"));

    let empty: Vec<_> = read_reader(&b""[..], "-", StdinFormat::Text).collect();
    assert_eq!(empty[0].as_ref().unwrap_err().to_string(), "-: empty file");
}

#[test]
fn options_default_to_text_stdin() {
    let opts = InputOptions::default();
    assert_eq!(opts.stdin_format, StdinFormat::Text);
    assert_eq!(StdinFormat::default(), StdinFormat::Text);
}

#[test]
fn never_panics_on_junk() {
    let s = Scratch::new("junk");
    let mut seed: u32 = 12345;
    let mut inputs = Vec::new();
    for i in 0..40 {
        let len = (i * 37) % 300;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let b = (seed >> 16) as u8;
                // Mostly markup and JSON punctuation, some high bytes; no NULs.
                b"<>{}\"/:!-pa \n\r\xFF\xC3\xE2"[(b as usize) % 17]
            })
            .collect();
        for ext in ["txt", "html", "jsonl"] {
            inputs.push(s.write(&format!("f{i}.{ext}"), &bytes));
        }
    }
    let items = read(&inputs);
    assert!(items.len() >= inputs.len() - 10);
    let walked = read(&[s.root()]);
    assert_eq!(walked.len(), items.len());
}
