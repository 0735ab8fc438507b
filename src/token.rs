//! Text → tokens with byte offsets: words, numerals, signs and punctuation.
//!
//! Tokens never overlap and always lie on character boundaries, so `&text[t.start..t.end]`
//! is always valid. Whether whitespace separates a token from the one before it is kept
//! (`glued`), because it matters: `£15m` is one amount, `G7` is a name, `50p` is pence.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// A run of letters, with internal apostrophes (`Obiang's`) and dotted abbreviations
    /// (`U.S.`, `H.K.`).
    Word,
    /// A run of digits with internal separators (`1,600.50`, `1'200`, `1 600` with thin or
    /// no-break spaces).
    Num,
    /// A currency sign or `%` (Unicode category Sc, plus `%` and `¢`).
    Sym,
    /// Any other single non-space character.
    Punct,
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    /// What it is.
    pub kind: TokKind,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// True when no whitespace separates it from the previous token.
    pub glued: bool,
    /// True when a line break lies between it and the previous token.
    pub newline_before: bool,
}

impl Tok {
    /// The token's text.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        doc.get(self.start..self.end).unwrap_or("")
    }
}

fn is_sign(ch: char) -> bool {
    matches!(
        ch,
        '$' | '£'
            | '€'
            | '¥'
            | '₹'
            | '₩'
            | '₽'
            | '₴'
            | '₺'
            | '₦'
            | '₪'
            | '₱'
            | '₫'
            | '฿'
            | '¢'
            | '%'
            | '₨'
            | '₸'
            | '₵'
            | '₡'
            | '₲'
            | '₭'
            | '₮'
            | '₼'
            | '֏'
            | '৳'
            | '៛'
            | '₾'
            | '﷼'
            | '＄'
            | '￡'
            | '￥'
            | '₿'
            | '₠'
            | '₣'
            | '₤'
            | '₥'
            | '₧'
            | '₰'
            | '₳'
            | '₶'
            | '₷'
            | '₯'
            | '₢'
            | '₻'
            | '؋'
            | 'ƒ'
    )
}

/// Spaces that may separate digit groups inside one numeral (thin, narrow no-break, no-break).
fn is_group_space(ch: char) -> bool {
    matches!(ch, '\u{2009}' | '\u{202f}' | '\u{a0}' | '\u{2007}')
}

/// Splits `text[from..to]` into tokens. Offsets are absolute (into `text`).
pub fn tokenize(text: &str, from: usize, to: usize) -> Vec<Tok> {
    // Room for a token every five bytes, about what English prose holds, so that the vector
    // rarely grows.
    let mut out = Vec::with_capacity(to.saturating_sub(from) / 5 + 1);
    tokenize_into(text, from, to, &mut out);
    out
}

/// Like [`tokenize`], reusing `out`'s allocation.
pub fn tokenize_into(text: &str, from: usize, to: usize, out: &mut Vec<Tok>) {
    out.clear();
    let Some(slice) = text.get(from..to) else {
        return;
    };
    let bytes = slice.as_bytes();
    let mut i = 0;
    let mut glued = false;
    let mut newline = false;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast paths.
        if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
            glued = false;
            continue;
        }
        if b == b'\n' {
            i += 1;
            glued = false;
            newline = true;
            continue;
        }
        let start = i;
        let kind;
        if b.is_ascii_digit() {
            i = scan_number(slice, i);
            kind = TokKind::Num;
        } else if b.is_ascii_alphabetic() {
            i = scan_word(slice, i);
            kind = TokKind::Word;
        } else if b >= 0x80 {
            let ch = slice[i..].chars().next().unwrap_or(' ');
            if ch.is_whitespace() {
                i += ch.len_utf8();
                glued = false;
                if ch == '\u{2028}' || ch == '\u{2029}' || ch == '\u{85}' {
                    newline = true;
                }
                continue;
            }
            if ch.is_alphabetic() {
                i = scan_word(slice, i);
                kind = TokKind::Word;
            } else if ch.is_numeric() {
                // Other scripts' digits: one token of their own, never parsed as a value.
                i += ch.len_utf8();
                kind = TokKind::Punct;
            } else if is_sign(ch) {
                i += ch.len_utf8();
                kind = TokKind::Sym;
            } else {
                i += ch.len_utf8();
                kind = TokKind::Punct;
            }
        } else if b == b'$' || b == b'%' {
            i += 1;
            kind = TokKind::Sym;
        } else {
            i += 1;
            kind = TokKind::Punct;
        }
        out.push(Tok {
            kind,
            start: from + start,
            end: from + i,
            glued: glued && !out.is_empty(),
            newline_before: newline,
        });
        glued = true;
        newline = false;
    }
}

/// Scans a numeral from `i` (a digit): digits, with `,` `.` `'` `’` or group spaces between
/// digit runs.
fn scan_number(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() {
            return i;
        }
        // A separator followed by a digit continues the numeral.
        let rest = &s[i..];
        let Some(ch) = rest.chars().next() else {
            return i;
        };
        let sep_len = match ch {
            ',' | '.' | '\'' | '’' => ch.len_utf8(),
            c if is_group_space(c) => c.len_utf8(),
            _ => return i,
        };
        match bytes.get(i + sep_len) {
            Some(b) if b.is_ascii_digit() => {
                // Group spaces only separate thousands: exactly three digits follow.
                if is_group_space(ch) {
                    let run = bytes[i + sep_len..].iter().take_while(|b| b.is_ascii_digit()).count();
                    if run != 3 {
                        return i;
                    }
                }
                i += sep_len;
            }
            _ => return i,
        }
    }
}

/// Scans a word from `i` (a letter): letters, marks, internal apostrophes followed by a
/// letter, and dotted single-letter abbreviations (`U.S.`, `U.S.A.`, `e.g.`).
fn scan_word(s: &str, start: usize) -> usize {
    // Fast path: a run of ASCII letters ended by ASCII that is not a letter, an apostrophe or
    // a dot (the common case in English text).
    let bytes = s.as_bytes();
    let mut e = start;
    while e < bytes.len() && bytes[e].is_ascii_alphabetic() {
        e += 1;
    }
    if e > start && (e == bytes.len() || (bytes[e] < 0x80 && !matches!(bytes[e], b'\'' | b'.'))) {
        return e;
    }
    let mut i = start;
    let mut seg_len = 0; // letters in the current dotted segment
    let mut dotted = false;
    let mut iter = s[start..].char_indices().peekable();
    while let Some((off, ch)) = iter.next() {
        let pos = start + off;
        if ch.is_alphabetic() || is_mark(ch) {
            i = pos + ch.len_utf8();
            seg_len += 1;
            continue;
        }
        if ch == '\'' || ch == '’' {
            if let Some(&(_, next)) = iter.peek()
                && next.is_alphabetic()
                && seg_len > 0
            {
                i = pos + ch.len_utf8();
                continue;
            }
            break;
        }
        if ch == '.' && seg_len == 1 {
            // "U.S." / "e.g.": one letter, a dot, then another single letter (with its dot).
            let next_is_letter = iter.peek().is_some_and(|&(_, n)| n.is_alphabetic());
            if next_is_letter {
                let after = &s[pos + 1..];
                let mut ch2 = after.chars();
                let second = ch2.next();
                let third = ch2.next();
                let single =
                    second.is_some_and(char::is_alphabetic) && !third.is_some_and(|c| c.is_alphabetic());
                if single {
                    i = pos + 1;
                    seg_len = 0;
                    dotted = true;
                    continue;
                }
            } else if dotted {
                // The final dot of "U.S."
                i = pos + 1;
            }
        }
        break;
    }
    i
}

fn is_mark(ch: char) -> bool {
    // Combining diacritical marks (decomposed accents).
    ('\u{300}'..='\u{36f}').contains(&ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(TokKind, &str, bool)> {
        tokenize(s, 0, s.len()).iter().map(|t| (t.kind, t.text(s), t.glued)).collect()
    }

    #[test]
    fn splits_amounts_and_keeps_glue() {
        use TokKind::*;
        assert_eq!(
            toks("£15million ($2.54bn)"),
            vec![
                (Sym, "£", false),
                (Num, "15", true),
                (Word, "million", true),
                (Punct, "(", false),
                (Sym, "$", true),
                (Num, "2.54", true),
                (Word, "bn", true),
                (Punct, ")", true),
            ]
        );
        assert_eq!(toks("US$1,600.50"), vec![(Word, "US", false), (Sym, "$", true), (Num, "1,600.50", true)]);
    }

    #[test]
    fn abbreviations_and_apostrophes() {
        let s = "the U.S. and Obiang's U.K.-based firm. End.";
        let words: Vec<&str> =
            tokenize(s, 0, s.len()).iter().filter(|t| t.kind == TokKind::Word).map(|t| t.text(s)).collect();
        assert_eq!(words, vec!["the", "U.S.", "and", "Obiang's", "U.K.", "based", "firm", "End"]);
    }

    #[test]
    fn sentence_final_dot_after_number_is_punctuation() {
        let s = "It cost 5. Then 1.5.";
        let t: Vec<&str> = tokenize(s, 0, s.len()).iter().map(|t| t.text(s)).collect();
        assert_eq!(t, vec!["It", "cost", "5", ".", "Then", "1.5", "."]);
    }

    #[test]
    fn group_spaces_join_only_three_digit_groups() {
        let s = "1\u{202f}600 and 1\u{a0}60";
        let t: Vec<&str> = tokenize(s, 0, s.len()).iter().map(|t| t.text(s)).collect();
        assert_eq!(t, vec!["1\u{202f}600", "and", "1", "60"]);
    }

    #[test]
    fn offsets_are_absolute_and_on_char_boundaries() {
        let s = "€ — ₹5 crore, “quoted”";
        for t in tokenize(s, 2, s.len()) {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            assert!(t.start >= 2);
        }
    }
}
