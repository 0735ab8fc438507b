//! Lexicon phrases found in text by their first word.
//!
//! A [`PhraseTable`] holds a few thousand phrases from the lexicon (the party names) and
//! finds them at word starts, leftmost-longest, case-sensitively. Building one is a few
//! thousand hash inserts, so a one-sentence run pays almost nothing for it: an Aho-Corasick
//! automaton over the 4,000 party surfaces took 48 M instructions to build, two thirds of a
//! one-sentence `pledger ledger` run.
//!
//! Scanning looks at each place a phrase can start: a word start (an alphanumeric character
//! after a non-alphanumeric one), or a punctuation sign some phrase starts with (`$US`). A
//! bit filter on the hash of the word (FNV-1a, computed as the word is read) rejects most
//! words before any table look-up.

use rustc_hash::FxHashMap;

/// Phrases looked up by their first word (or first sign).
pub struct PhraseTable {
    phrases: Vec<String>,
    /// The head of a phrase (see [`head`]) → the ids of the phrases with that head, longest
    /// first.
    by_head: FxHashMap<Vec<u8>, Vec<usize>>,
    /// A filter on heads: bit `fnv(head) % FILTER_BITS` is set for every head in the table.
    filter: Vec<u64>,
    /// ASCII signs that start a phrase (`$` of `$US`): other signs are never looked up.
    signs: [bool; 128],
    /// The bytes phrases start with: a word starting with another byte (a lower-case word,
    /// for the party names) is never looked up.
    firsts: [bool; 256],
}

const FILTER_BITS: u64 = 1 << 16;

impl PhraseTable {
    /// A table of `phrases`, matched case-sensitively. Empty phrases are never found.
    pub fn new(phrases: Vec<String>) -> PhraseTable {
        let mut t = PhraseTable {
            phrases: Vec::new(),
            by_head: FxHashMap::default(),
            filter: vec![0; (FILTER_BITS / 64) as usize],
            signs: [false; 128],
            firsts: [false; 256],
        };
        for (id, p) in phrases.iter().enumerate() {
            let Some(&first) = p.as_bytes().first() else { continue };
            t.firsts[usize::from(first)] = true;
            let key = head(p, 0).as_bytes().to_vec();
            if let Some(&b) = key.first().filter(|b| b.is_ascii() && !b.is_ascii_alphanumeric()) {
                t.signs[usize::from(b)] = true;
            }
            let bit = fnv(&key) % FILTER_BITS;
            t.filter[(bit / 64) as usize] |= 1 << (bit % 64);
            t.by_head.entry(key).or_default().push(id);
        }
        for ids in t.by_head.values_mut() {
            ids.sort_by_key(|&id| std::cmp::Reverse(phrases[id].len()));
        }
        t.phrases = phrases;
        t
    }

    /// The longest phrase that starts at byte `s` of `text` and that `accept(s, end)` takes,
    /// as (end, id).
    pub fn longest_at(
        &self,
        text: &str,
        s: usize,
        accept: impl Fn(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        if !text.is_char_boundary(s) {
            return None;
        }
        let bytes = text.as_bytes();
        // The head's hash, read in one pass over ASCII letters and digits; other heads are cut
        // out by `head` first.
        let mut h = FNV_OFFSET;
        let mut end = s;
        while let Some(&b) = bytes.get(end).filter(|b| b.is_ascii_alphanumeric()) {
            h = fnv_step(h, b);
            end += 1;
        }
        let mut key = None;
        match bytes.get(end) {
            None if end == s => return None,
            // A one-byte sign is a head of its own.
            Some(&b) if end == s && b < 0x80 => {
                h = fnv_step(h, b);
                end += 1;
            }
            Some(&b) if b >= 0x80 => {
                let k = head(text, s);
                h = fnv(k.as_bytes());
                key = Some(k.as_bytes());
            }
            _ => {}
        }
        let bit = h % FILTER_BITS;
        if self.filter[(bit / 64) as usize] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let key = key.unwrap_or(&bytes[s..end]);
        self.longest_among(text, s, self.by_head.get(key)?, &accept)
    }

    fn longest_among(
        &self,
        text: &str,
        s: usize,
        ids: &[usize],
        accept: &impl Fn(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        ids.iter().find_map(|&id| {
            let p = self.phrases[id].as_bytes();
            let got = bytes.get(s..s + p.len())?;
            let e = s + p.len();
            (got == p && text.is_char_boundary(e) && accept(s, e)).then_some((e, id))
        })
    }

    /// Every phrase in `text` that `accept(start, end)` takes, leftmost-longest and not
    /// overlapping, as (start, end, id) in text order.
    pub fn find_iter<'a, F: Fn(usize, usize) -> bool + 'a>(
        &'a self,
        text: &'a str,
        accept: F,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.find_iter_in(text, (0, text.len()), accept)
    }

    /// As [`PhraseTable::find_iter`], for the phrases starting in `text[from..to]` (a phrase
    /// may run past `to`; word starts are judged in the whole text).
    pub fn find_iter_in<'a, F: Fn(usize, usize) -> bool + 'a>(
        &'a self,
        text: &'a str,
        (from, to): (usize, usize),
        accept: F,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let bytes = text.as_bytes().get(..to).unwrap_or(text.as_bytes());
        let mut at = from;
        let mut after =
            text.get(..from).and_then(|t| t.chars().next_back()).is_some_and(char::is_alphanumeric);
        std::iter::from_fn(move || {
            // Locals, so that the loop runs in registers.
            let (mut i, mut after_word) = (at, after);
            while let Some(&b) = bytes.get(i) {
                let (len, alnum) = match b {
                    // Inside a word, or a sign no phrase starts with: nothing to look up.
                    _ if after_word && b.is_ascii_alphanumeric() => {
                        i += 1;
                        continue;
                    }
                    _ if b < 0x80 && !b.is_ascii_alphanumeric() && !self.signs[usize::from(b)] => {
                        after_word = false;
                        i += 1;
                        continue;
                    }
                    _ if b < 0x80 => (1, b.is_ascii_alphanumeric()),
                    _ => text
                        .get(i..)
                        .and_then(|t| t.chars().next())
                        .map_or((1, false), |c| (c.len_utf8(), c.is_alphanumeric())),
                };
                if !after_word
                    && self.firsts[usize::from(b)]
                    && let Some((e, id)) = self.longest_at(text, i, &accept)
                {
                    at = e;
                    after = text[..e].chars().next_back().is_some_and(char::is_alphanumeric);
                    return Some((i, e, id));
                }
                after_word = alnum;
                i += len;
            }
            at = i;
            None
        })
    }
}

/// The head of `text[s..]` (`s` a char boundary): its first run of alphanumeric characters,
/// or its first character when that is not alphanumeric.
fn head(text: &str, s: usize) -> &str {
    let rest = &text[s..];
    let bytes = rest.as_bytes();
    match rest.chars().next() {
        Some(c) if c.is_alphanumeric() => {
            // ASCII letters and digits run fast; anything else is decoded.
            let ascii = bytes.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len());
            let tail = &rest[ascii..];
            let more = tail.find(|c: char| !c.is_alphanumeric()).unwrap_or(tail.len());
            &rest[..ascii + more]
        }
        Some(c) => &rest[..c.len_utf8()],
        None => "",
    }
}

/// FNV-1a, computed byte by byte while a head is read, for the filter.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &PhraseTable, text: &str) -> Vec<String> {
        let boundary = |s: usize, e: usize| {
            !text[..s].chars().next_back().is_some_and(char::is_alphanumeric)
                && !text[e..].chars().next().is_some_and(char::is_alphanumeric)
        };
        t.find_iter(text, boundary).map(|(s, e, id)| format!("{}={}", &text[s..e], t.phrases[id])).collect()
    }

    #[test]
    fn longest_first_on_word_boundaries() {
        let t = PhraseTable::new(
            ["Guinea", "Papua New Guinea", "New", "Chad", "$US", "Côte d'Ivoire", ""]
                .map(String::from)
                .into(),
        );
        assert_eq!(
            found(&t, "Papua New Guinea, New Guinea, Chadwick, Chad; A$US 5 and $US 5 in Côte d'Ivoire."),
            [
                "Papua New Guinea=Papua New Guinea",
                "New=New",
                "Guinea=Guinea",
                "Chad=Chad",
                "$US=$US",
                "Côte d'Ivoire=Côte d'Ivoire"
            ]
        );
        assert!(found(&t, "chad and papua new guinea").is_empty(), "case-sensitive");
    }

    #[test]
    fn phrases_starting_in_lower_case_or_beyond_ascii_are_found() {
        // Words are looked up only when some phrase starts with their first byte.
        let t = PhraseTable::new(["al-Shabaab", "Évian", "Kenya"].map(String::from).into());
        assert_eq!(
            found(&t, "the al-Shabaab, Évian and Kenya; not Al-Shabaab or évian"),
            ["al-Shabaab=al-Shabaab", "Évian=Évian", "Kenya=Kenya"]
        );
    }

    #[test]
    fn a_range_limits_where_phrases_start() {
        let t = PhraseTable::new(["New York", "York"].map(String::from).into());
        let text = "New York and York";
        let all = |r| t.find_iter_in(text, r, |_, _| true).map(|(s, e, _)| (s, e)).collect::<Vec<_>>();
        assert_eq!(all((0, text.len())), [(0, 8), (13, 17)]);
        assert_eq!(all((0, 5)), [(0, 8)], "a phrase may run past the range");
        assert_eq!(all((5, 17)), [(13, 17)], "starts inside a word are not word starts");
    }

    #[test]
    fn any_text_is_safe() {
        let t = PhraseTable::new(vec!["a".into(), "ab c".into()]);
        for text in ["", "a", "ab", "ab c", "é", "a\u{301}b", "\u{1F600}ab c"] {
            for s in 0..=text.len() + 1 {
                let _ = t.longest_at(text, s, |_, _| true);
            }
            let _ = found(&t, text);
        }
    }
}
