//! Text → sentences, as byte ranges into the document.
//!
//! A sentence ends at `.`, `!` or `?` followed by a space and a capital letter, digit,
//! quotation mark or list marker — unless the dot closes an abbreviation (`Mr.`, `Rs.`, `U.S.`
//! before a word that does not usually start a sentence) — and at every paragraph break.
//! A single line break ends a sentence too (headlines, list items, datelines), unless the
//! line is visibly wrapped: it ends in a lower-case letter or comma and the next line
//! starts in lower case.

/// Abbreviations whose dot does not end a sentence (compared case-insensitively, without
/// the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "rs", "re", "inc", "corp", "ltd", "co", "jr", "sr", "gen",
    "col", "lt", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "prof", "rev", "hon", "vs", "etc", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "ft", "mt",
    "approx", "est", "dept", "univ", "assn", "bros", "plc", "pte", "pty", "cf", "al", "vol", "pp", "ch",
    "art", "sec", "para", "op", "ed", "eds", "rt", "fr", "dm", "sfr", "nz", "hk", "min", "max", "mln", "bln",
    "bn", "mn", "pct",
];

/// Words that often start a sentence: after a dotted abbreviation such as `U.S.`, one of these
/// means the abbreviation also ended the sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "It", "He", "She", "They", "We", "I", "In", "On", "But", "And", "This", "That",
    "These", "Those", "There", "Its", "His", "Her", "Their", "Our", "However", "Meanwhile", "Also", "After",
    "Before", "While", "As", "At", "For", "If", "When", "Some", "Many", "Most", "All", "Both", "Last",
    "Earlier", "Later", "Since", "Under", "With", "By", "According", "Officials", "Today", "Yesterday",
];

/// Byte ranges `(start, end)` of the sentences of `text`, in order, trimmed of surrounding
/// whitespace. Empty sentences are not returned.
///
/// # Example
/// ```
/// let text = "Mr. Smith paid $5. Then he left.\n\nNew paragraph";
/// let s: Vec<&str> = pledger::segment::sentences(text).map(|(a, b)| &text[a..b]).collect();
/// assert_eq!(s, ["Mr. Smith paid $5.", "Then he left.", "New paragraph"]);
/// ```
pub fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    Sentences { text, pos: 0, newline: None }
}

/// Documents longer than this (bytes) are read in pieces of about this size: by the command
/// line tool for figures and ledger alike (so memory stays bounded on a 100 MB document), and
/// by [`crate::pledges::extract`].
pub const PIECE: usize = 1 << 20;

/// Byte ranges that cut `text` into consecutive pieces of about `size` bytes (one piece when it
/// is no longer). Each piece ends at the first paragraph break after `size` bytes, else a line
/// break, else a sentence end (`. `), else a space, looked for in the next quarter of `size`;
/// failing all, at a character boundary. Pieces are read independently: no figure or
/// commitment spans two, so a cut between paragraphs loses nothing, while a cut inside a
/// sentence (a document without line breaks) may split the sentence there.
///
/// # Example
/// ```
/// let text = "aaaa bbbb\ncccc dddd\neeee";
/// let p: Vec<&str> = pledger::segment::pieces(text, 8).iter().map(|&(a, b)| &text[a..b]).collect();
/// assert_eq!(p, ["aaaa bbbb\n", "cccc dddd\n", "eeee"]);
/// ```
pub fn pieces(text: &str, size: usize) -> Vec<(usize, usize)> {
    let size = size.max(1);
    let mut out = Vec::with_capacity(text.len() / size + 1);
    let mut from = 0;
    while from < text.len() {
        let to = piece_end(text, from, size);
        out.push((from, to));
        from = to;
    }
    out
}

/// Where the piece starting at `from` ends (see [`pieces`]).
fn piece_end(text: &str, from: usize, size: usize) -> usize {
    let target = from + size;
    if target >= text.len() {
        return text.len();
    }
    let window = text.len().min(target + size / 4 + 1);
    let bytes = &text.as_bytes()[target..window];
    let find = |pat: &[u8]| memchr::memmem::find(bytes, pat).map(|p| target + p + pat.len());
    let mut end = find(b"\n\n")
        .or_else(|| find(b"\n"))
        .or_else(|| find(b". "))
        .or_else(|| find(b" "))
        .unwrap_or(target);
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

struct Sentences<'a> {
    text: &'a str,
    pos: usize,
    /// The first line break at or after where it was last looked for (the text's length when
    /// there is none), kept from sentence to sentence so that a long line is searched once.
    newline: Option<usize>,
}

impl Iterator for Sentences<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        // Skip leading whitespace.
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let end = find_end(self.text, start, &mut self.newline);
        self.pos = end.max(start + 1);
        // Trim trailing whitespace.
        let mut e = end;
        while e > start && bytes[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        // Keep offsets on character boundaries.
        while e < bytes.len() && !self.text.is_char_boundary(e) {
            e += 1;
        }
        if e > start { Some((start, e)) } else { self.next() }
    }
}

/// The end (exclusive) of the sentence starting at `start`. `newline` caches the next line
/// break (see [`Sentences`]).
fn find_end(text: &str, start: usize, newline: &mut Option<usize>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        let line_end = match *newline {
            Some(n) if n >= i => n,
            _ => {
                let n = memchr::memchr(b'\n', bytes.get(i..).unwrap_or(&[])).map_or(bytes.len(), |p| i + p);
                *newline = Some(n);
                n
            }
        };
        // The first terminator on this line, else its line break.
        let stop = memchr::memchr3(b'.', b'!', b'?', bytes.get(i..line_end).unwrap_or(&[]))
            .map_or(line_end, |p| i + p);
        if stop >= bytes.len() {
            return bytes.len();
        }
        if stop == line_end {
            if line_break_ends_sentence(text, stop) {
                return stop;
            }
        } else if let Some(end) = terminator_end(text, start, stop) {
            return end;
        }
        i = stop + 1;
    }
}

/// Whether the line break at `i` ends the sentence.
fn line_break_ends_sentence(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    // A blank line always ends it.
    let mut j = i + 1;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    if j >= bytes.len() || bytes[j] == b'\n' {
        return true;
    }
    // A wrapped line: previous line ends in a lower-case letter or comma, next starts lower.
    let prev = text[..i].trim_end().chars().last();
    let next = text[j..].chars().next();
    let wrapped = prev.is_some_and(|c| c.is_lowercase() || c == ',' || c == '-')
        && next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == '(' || c == '$');
    !wrapped
}

/// If the terminator at `i` ends the sentence, the end offset (after closing quotes).
fn terminator_end(text: &str, start: usize, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = i + 1;
    // Runs of terminators and closing quotes or brackets belong to the sentence.
    loop {
        if j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
            j += 1;
            continue;
        }
        let rest = &text[j.min(text.len())..];
        if let Some(c) = rest.chars().next()
            && matches!(c, '”' | '’' | '»')
        {
            j += c.len_utf8();
            continue;
        }
        break;
    }
    // Then whitespace, then something that starts a sentence.
    let rest = text.get(j..)?;
    let ws = rest.len() - rest.trim_start().len();
    if ws == 0 && j < bytes.len() {
        return None;
    }
    let after = rest.trim_start();
    let Some(next) = after.chars().next() else {
        return Some(j);
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || "\"“‘'([-•*£$€".contains(next)) {
        return None;
    }
    if bytes[i] == b'.' && is_abbreviation(text, start, i, after) {
        return None;
    }
    Some(j)
}

/// Whether the dot at `dot` closes an abbreviation rather than the sentence.
fn is_abbreviation(text: &str, start: usize, dot: usize, after: &str) -> bool {
    let before = &text[start..dot];
    let word: &str = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '.')).next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let next_word: &str = after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    // Dotted abbreviations (U.S., U.K.): end the sentence only before a usual sentence starter.
    if word.contains('.') {
        return !SENTENCE_STARTERS.contains(&next_word);
    }
    // A single capital letter is an initial ("J. Smith").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return !SENTENCE_STARTERS.contains(&next_word);
    }
    let lower = word.to_ascii_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "No." and "Rs." are abbreviations before a number; "Co." and "Inc." end sentences
        // before a usual starter.
        return !SENTENCE_STARTERS.contains(&next_word)
            || matches!(lower.as_str(), "mr" | "mrs" | "ms" | "dr");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn splits_on_terminators_and_paragraphs() {
        assert_eq!(
            split("It rose 1.6%. Then it fell! Did it?\n\nHEADLINE HERE\nBody text."),
            vec!["It rose 1.6%.", "Then it fell!", "Did it?", "HEADLINE HERE", "Body text."]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            split("The U.S. Treasury and Mr. Smith paid Rs. 500 to J. Doe. The end."),
            vec!["The U.S. Treasury and Mr. Smith paid Rs. 500 to J. Doe.", "The end."]
        );
        assert_eq!(split("Aid from the U.S. The rest."), vec!["Aid from the U.S.", "The rest."]);
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(split("He said “we will pay.” Then left."), vec!["He said “we will pay.”", "Then left."]);
    }

    #[test]
    fn wrapped_lines_are_joined_and_list_items_split() {
        assert_eq!(
            split("The fund will provide\nmoney to farmers.\n- Item one\n- Item two"),
            vec!["The fund will provide\nmoney to farmers.", "- Item one", "- Item two"]
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["", ".", "...", "\n\n\n", "é.É", "a.\u{2028}B", "“.”", "$.5"] {
            for (a, b) in sentences(t) {
                assert!(t.is_char_boundary(a) && t.is_char_boundary(b) && a < b);
            }
        }
    }
}
