//! Text → figures: every amount of money and every counted quantity, normalised exactly.
//!
//! The stages, in order: [`crate::segment`] splits the text into sentences; [`crate::token`]
//! splits a sentence into tokens; [`grammar`] finds candidate spans and reads their numbers;
//! [`context`] decides what generic currency words and bare numbers mean in this document.
//!
//! Extraction is total: any `&str` gives figures (possibly none) and never panics. Values that
//! do not fit a `Decimal` are skipped with a [`Warning`].

pub mod context;
pub mod grammar;

use crate::figure::{Currency, Figure};
use crate::lexicon::WordShapes;
use crate::segment;
use crate::token::{self, Tok};

pub use context::ContextOptions;
use context::Placed;
use grammar::{Grammar, Skip};

/// Options for [`extract`].
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// What a bare `$` means when the text does not say (default `USD`).
    pub dollar: Currency,
    /// Report bare numbers as money of unknown currency (`XXX`), as for price strings.
    pub latent: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { dollar: Currency::new("USD").unwrap_or(Currency::UNKNOWN), latent: false }
    }
}

/// A problem met while extracting (the figure concerned is skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Byte span of the text concerned.
    pub span: (usize, usize),
    /// What went wrong.
    pub message: String,
}

impl Warning {
    /// The number at bytes `a..b` overflows a `Decimal` (the only warning so far).
    fn overflow(a: usize, b: usize) -> Warning {
        Warning { span: (a, b), message: "the number does not fit a decimal; skipped".to_string() }
    }
}

/// `bytes 10..52: the number does not fit a decimal; skipped`
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bytes {}..{}: {}", self.span.0, self.span.1, self.message)
    }
}

/// What [`extract`] found in one document.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The figures, in document order.
    pub figures: Vec<Figure>,
    /// Skipped figures and why.
    pub warnings: Vec<Warning>,
    /// The byte range of the text that was read: all of it for [`extract`], the piece for
    /// [`extract_range`].
    pub range: (usize, usize),
}

/// Finds every amount of money and counted quantity in `text`.
///
/// # Example
/// ```
/// use pledger::figures::{extract, Options};
/// let text = "Britain granted Ukraine £1.6 billion ($2 billion) to buy over 5,000 missiles.";
/// let found = extract(text, &Options::default());
/// let shown: Vec<String> = found.figures.iter().map(|f| f.to_string()).collect();
/// assert_eq!(shown, ["money 1600000000 GBP", "money 2000000000 USD", "quantity 5000 missiles over"]);
/// ```
pub fn extract(text: &str, opts: &Options) -> Extraction {
    let mut placed: Vec<Placed> = Vec::new();
    let mut warnings = Vec::new();
    let mut toks: Vec<Tok> = Vec::new();
    let mut low = String::new();
    let mut mentions: Vec<(usize, Currency)> = Vec::new();
    for (n, (s, e)) in segment::sentences(text).enumerate() {
        if !worth_reading(&text[s..e]) {
            continue;
        }
        token::tokenize_into(text, s, e, &mut toks);
        low.clear();
        low.push_str(&text[s..e]);
        low.make_ascii_lowercase();
        let grammar = Grammar::new(text, &toks, &low, s);
        let (cands, skips) = grammar.candidates();
        if !cands.is_empty() {
            mentions.extend(grammar.member_mentions());
        }
        for (a, b, why) in skips {
            if why == Skip::Overflow {
                warnings.push(Warning::overflow(a, b));
            }
        }
        placed.extend(cands.into_iter().map(|cand| Placed { sentence: n, sentence_span: (s, e), cand }));
    }
    let ctx = ContextOptions { dollar: opts.dollar, latent: opts.latent };
    let figures = context::resolve(text, &placed, &mentions, &ctx);
    Extraction { figures, warnings, range: (0, text.len()) }
}

/// Finds the figures of `text[from..to]` (a piece of a long document, see
/// [`crate::segment::pieces`]), read as a document of its own, with byte offsets into `text`.
/// A range that is out of bounds or not on character boundaries gives nothing.
///
/// # Example
/// ```
/// use pledger::figures::{extract_range, Options};
/// let text = "Japan gave $5m.\n\nPeru got 300 tents.";
/// let found = extract_range(text, (17, text.len()), &Options::default());
/// assert_eq!(found.figures[0].text(text), "300 tents");
/// ```
pub fn extract_range(text: &str, (from, to): (usize, usize), opts: &Options) -> Extraction {
    let Some(piece) = text.get(from..to) else { return Extraction::default() };
    let mut found = extract(piece, opts);
    found.figures = found.figures.into_iter().map(|f| f.shifted(from)).collect();
    for w in &mut found.warnings {
        w.span = (w.span.0 + from, w.span.1 + from);
    }
    found.range = (from, to);
    found
}

/// Whether a sentence can hold a figure at all: it has a digit, a number word or a unit that
/// "a" can count ("a dollar").
fn worth_reading(s: &str) -> bool {
    let b = s.as_bytes();
    if b.iter().any(u8::is_ascii_digit) {
        return true;
    }
    // Number words, compared without allocating: ASCII letters only, 3 to 9 long.
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let w = &b[start..i];
        if (3..=9).contains(&w.len()) && is_number_word(w) {
            return true;
        }
        // "a dollar", "a euro" (grammar: `a_unit_at`).
        if w.eq_ignore_ascii_case(b"dollar") || w.eq_ignore_ascii_case(b"euro") {
            return true;
        }
    }
    false
}

/// Words that count like number words without being in [`crate::lexicon::NUMBER_WORDS`].
const COUNTING_WORDS: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "half", "lakh", "lakhs", "crore",
    "crores",
];

/// Whether `w` (ASCII letters) is a number word, scale word, `dozen` or `half`, in any case.
pub(crate) fn is_number_word(w: &[u8]) -> bool {
    // Most words are turned away by their first two letters and length, which no number word
    // shares with "the", "that", "said" or "from".
    if w.len() > 9 || !number_word_shapes().may_hold(w) {
        return false;
    }
    let mut buf = [0u8; 9];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    let lw = &buf[..w.len()];
    crate::lexicon::number_word(lw).is_some() || COUNTING_WORDS.iter().any(|c| c.as_bytes() == lw)
}

/// The shapes of the number words and [`COUNTING_WORDS`].
fn number_word_shapes() -> &'static WordShapes {
    static SHAPES: std::sync::OnceLock<WordShapes> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| {
        let numbers = crate::lexicon::NUMBER_WORDS.iter().map(|(w, _)| *w);
        WordShapes::new(numbers.chain(COUNTING_WORDS.iter().copied()))
    })
}
