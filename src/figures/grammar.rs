//! Candidate spans: a small grammar over the tokens of one sentence that finds amounts of
//! money, counted quantities and bare numbers, with their qualifier, range, currency surface
//! and counted noun.
//!
//! The grammar finds and reads; it does not decide what a generic currency word means in this
//! document or what a bare number counts — [`super::context`] does that with the whole
//! document in view. Each candidate carries the name of the rule that found it.

use std::cell::OnceCell;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::figure::{Currency, Qualifier};
use crate::lexicon::{self, CurrencyRef, CurrencySurface, Lexicon, ScaleUse};
use crate::number::{self, WordNumber};
use crate::token::{Tok, TokKind};

/// A currency named on an amount, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrencyMark {
    /// What the surface names.
    pub surface: CurrencySurface,
    /// Byte span of the surface.
    pub span: (usize, usize),
    /// True if written before the number.
    pub before: bool,
}

/// One number with its scale and currency: `£1.6 billion`, `300 mln dlrs`, `two million`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    /// Value after scale words, before minor-unit division.
    pub value: Decimal,
    /// Byte span from the currency sign (or number) to the last scale or currency word.
    pub span: (usize, usize),
    /// Whether a scale word was written ("million", "bn").
    pub scaled: bool,
    /// Whether the number was written in words.
    pub words: bool,
    /// The currency named on this amount.
    pub currency: Option<CurrencyMark>,
    /// Token index one past the amount.
    pub next: usize,
    /// Token index of the amount's first token.
    pub first: usize,
}

/// What a candidate turned out to be, before context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CandKind {
    /// A currency was named.
    Money(CurrencyMark),
    /// A counted noun follows; the span of the noun phrase.
    Quantity((usize, usize)),
    /// A number with neither: its meaning may come from a figure nearby.
    Bare {
        /// The next token is an auxiliary verb ("304 were reached"): the counted noun was
        /// named in an earlier sentence.
        elided_subject: bool,
    },
}

/// A candidate figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Full span, qualifier words included.
    pub span: (usize, usize),
    /// Span of the amount(s) without qualifier or counted noun.
    pub core: (usize, usize),
    /// Low value (or the value).
    pub value: Decimal,
    /// High value of a range.
    pub high: Option<Decimal>,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Money, quantity or bare.
    pub kind: CandKind,
    /// True if the amount was read with a scale word.
    pub scaled: bool,
    /// True if written in number words.
    pub words: bool,
    /// True if this candidate sits in parentheses right after another amount.
    pub in_parens: bool,
    /// The rule that found it.
    pub rule: &'static str,
}

/// Why a number that looked like a figure was not one (for `--explain`); kept only so that
/// the tokens it covers are not read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Year, date or time.
    Date,
    /// Percentage or multiple.
    Percent,
    /// Part of a name: `G7`, `COP28`, `Leopard 2`, `Resolution 46/182`.
    Name,
    /// Duration, age, ordinal, specification.
    NotCounted,
    /// Overflowed a `Decimal`.
    Overflow,
}

/// Word sets built once from the lexicon tables.
struct Sets {
    stops: FxHashSet<&'static str>,
    not_counted: FxHashSet<&'static str>,
    measures: FxHashSet<&'static str>,
    months: FxHashSet<&'static str>,
    number_before: FxHashSet<&'static str>,
}

fn sets() -> &'static Sets {
    static S: OnceLock<Sets> = OnceLock::new();
    S.get_or_init(|| Sets {
        stops: lexicon::PHRASE_STOPS.iter().copied().collect(),
        not_counted: lexicon::NOT_COUNTED.iter().copied().collect(),
        measures: lexicon::MEASURES.iter().copied().collect(),
        months: lexicon::MONTHS.iter().copied().collect(),
        number_before: lexicon::NAME_BEFORE_NUMBER.iter().copied().collect(),
    })
}

/// Words whose currency meaning needs a scale word before them ("5m rand", not "5 real").
const AMBIGUOUS_CURRENCY_WORDS: &[&str] = &[
    "real", "reals", "rand", "won", "dong", "kip", "som", "lev", "pula", "loti", "tala", "vatu", "kina",
    "lek", "crown", "crowns", "mark", "marks", "lari", "leu", "lei", "sum", "rs", "kr", "c", "p", "quid",
    "grand",
];

/// Words of `AMBIGUOUS_CURRENCY_WORDS` that are the currency after a price with two decimals.
const PRICED_CURRENCY_WORDS: &[&str] = &[
    "real", "reals", "rand", "won", "dong", "kip", "som", "lev", "pula", "loti", "tala", "vatu", "kina",
    "lek", "lari", "leu", "lei", "rs", "kr",
];

/// Currency names that "a"/"an" before makes one unit: "a dollar", "a euro". Not "a pound"
/// (a weight), "a yen" (a longing) or "a mark".
const A_UNIT_WORDS: &[&str] = &["dollar", "euro"];

/// Words after "a dollar" that leave it an amount ("a dollar a day", "a euro each", "less than a
/// dollar per litre"); any other word makes "dollar" a modifier ("a dollar store").
const A_UNIT_FOLLOWERS: &[&str] = &[
    "a", "an", "per", "each", "apiece", "for", "or", "more", "less", "short", "extra", "back", "every",
    "than", "on", "off", "to",
];

/// ISO codes that are also English words: before a number they count only when glued to it.
const CODES_THAT_ARE_WORDS: &[&str] =
    &["ALL", "TOP", "CUP", "MOP", "TRY", "SOS", "MAD", "PEN", "BOB", "GEL", "BAM", "AMD"];

/// The most tokens that may stand before the number of a figure: a qualifier ("in the region
/// of"), "between", and a currency sign ("U.S. $").
const MAX_LEAD_TOKENS: usize = 8;

/// ISO codes that, glued to a number, are usually names: "COP28" (the UN climate conference).
const CODES_NOT_GLUED: &[&str] = &["COP", "CUP", "TOP", "ALL"];

/// Signs that are also common codes of something else, money only before a scaled number:
/// "UA 35 million" (the African Development Bank's unit of account), not the flight "UA 857".
const SIGNS_SCALED_ONLY: &[&str] = &["UA"];

/// One-letter currency signs, read only glued to a price-shaped or scaled amount: South
/// Africa's rand.
const LETTER_SIGNS: &[(&str, &str)] = &[("R", "ZAR")];

/// Auxiliary verbs: a number followed by one has its noun elided ("304 were reached").
const AUXILIARIES: &[&str] = &[
    "were", "are", "was", "is", "have", "had", "has", "will", "would", "could", "can", "may", "might",
    "must", "should", "did", "do",
];

/// Words before a four-digit number that make it a year ("in 2004", "the 2004 tsunami").
const YEAR_BEFORE: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "to", "during", "through", "of", "before", "after", "and",
    "between", "the", "early", "late", "mid", "fiscal", "fy", "year", "-", ",", "summer", "winter", "spring",
    "autumn", "fall", "circa", "c.", "around", "end", "for", "'s", "its", "their", "this", "that", "last",
    "next", "on",
];

/// Plural nouns a year-like number may be followed by that are about the year, not counted.
const YEAR_NOUNS: &[&str] = &[
    "elections", "olympics", "games", "accounts", "results", "levels", "figures", "prices", "rates", "sales",
    "earnings", "profits", "talks", "floods", "riots", "protests", "attacks", "estimates", "numbers", "data",
    "statistics", "forecasts", "budgets", "targets", "goals", "negotiations",
];

/// Plural nouns that do not end in -s.
const PLURAL_NOUNS: &[&str] = &[
    "people", "children", "men", "women", "police", "personnel", "staff", "cattle", "livestock", "sheep",
    "fish", "youth", "militia", "aircraft", "families", "refugees", "troops", "civilians",
];

/// Units of time: a phrase counting one is a duration, not a quantity.
const TIME_UNITS: &[&str] = &[
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
    "decade", "decades", "century", "centuries", "fortnight", "fortnights", "night", "nights",
];

/// Verbs in the present tense that often follow a plural subject ("refugees arrive").
const PRESENT_VERBS: &[&str] = &[
    "arrive", "leave", "flee", "return", "remain", "live", "die", "face", "need", "want", "work", "receive",
    "say", "get", "go", "come", "make", "take", "attend", "stay", "wait", "continue", "join", "lose",
    "cross", "enter", "reach", "depend", "rely", "benefit", "gather", "protest", "travel", "move", "settle",
];

/// Words before "over" that make it part of a phrasal verb, not a qualifier: "rolled over
/// $2bn of loans", "handed over 500 rifles".
const OVER_VERBS: &[&str] = &[
    "rolled", "roll", "rolls", "rolling", "handed", "hand", "hands", "handing", "turned", "turn", "turns",
    "turning", "took", "take", "takes", "taken", "taking", "signed", "sign", "signs", "passed", "pass",
    "carried", "carry", "carries", "fought", "argued", "mulled",
];

/// The last word of a street address ("221 Baker Street"), as written.
const ADDRESS_WORDS: &[&str] = &[
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Boulevard", "Blvd", "Square", "Drive", "Terrace",
    "Crescent", "Close", "Court", "Place", "Way", "Highway", "Strasse", "Straße",
];

/// Words that may open a counted noun phrase although they usually end one: "25 more
/// batteries", "two earlier approaches".
const LEADING_COMPARATIVES: &[&str] =
    &["more", "fewer", "further", "other", "earlier", "later", "former", "previous", "additional", "extra"];

/// Nouns that are money themselves: "the 548.76 mln cash" repeats an amount of money.
const MONEY_NOUNS: &[&str] = &["cash", "funds", "funding", "money", "financing", "aid", "dollars"];

/// What the words before a number say about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    /// Nothing.
    Clear,
    /// Not a figure.
    Skip(Skip),
    /// A capitalised word: a name ("Leopard 2") unless a count of ten or more follows.
    TitleCase,
}

/// The grammar over one sentence's tokens.
pub struct Grammar<'a> {
    text: &'a str,
    toks: &'a [Tok],
    /// The sentence with ASCII letters lower-cased (same byte offsets), from `base`.
    low: &'a str,
    base: usize,
    lex: &'static Lexicon,
    /// Whether the sentence is written in capitals (a headline).
    all_caps: OnceCell<bool>,
}

impl<'a> Grammar<'a> {
    /// A grammar over `toks`, tokens of `text`.
    pub fn new(text: &'a str, toks: &'a [Tok], low: &'a str, base: usize) -> Self {
        Grammar { text, toks, low, base, lex: Lexicon::get(), all_caps: OnceCell::new() }
    }

    /// Whether the sentence is written in capitals (a headline): computed on first use.
    fn all_caps(&self) -> bool {
        *self.all_caps.get_or_init(|| {
            // ASCII letters decide: a headline in capitals is almost all upper case. Only words
            // hold ASCII letters (numbers, signs and punctuation hold none), so the sentence's
            // bytes are counted as they are.
            let (Some(first), Some(last)) = (self.toks.first(), self.toks.last()) else {
                return false;
            };
            let (mut upper, mut total) = (0usize, 0usize);
            for b in self.text.as_bytes()[first.start..last.end].iter().filter(|b| b.is_ascii_alphabetic()) {
                total += 1;
                upper += b.is_ascii_uppercase() as usize;
            }
            total >= 8 && upper * 10 >= total * 9
        })
    }

    fn t(&self, i: usize) -> Option<&'a str> {
        self.toks.get(i).map(|t| t.text(self.text))
    }

    fn kind(&self, i: usize) -> Option<TokKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued)
    }

    /// Case-insensitive comparison of token `i` with `w`.
    fn is(&self, i: usize, w: &str) -> bool {
        self.t(i).is_some_and(|t| t.eq_ignore_ascii_case(w))
    }

    /// Token `i` with ASCII letters in lower case (other letters as written), without
    /// allocating: a slice of the sentence's lower-cased copy.
    fn lower(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.low.get(t.start.wrapping_sub(self.base)..t.end.wrapping_sub(self.base)))
            .unwrap_or("")
    }

    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Word)
    }

    fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Num)
    }

    fn is_hyphen(&self, i: usize) -> bool {
        matches!(self.t(i), Some("-" | "–" | "‑"))
    }

    fn span(&self, a: usize, b_incl: usize) -> (usize, usize) {
        (self.toks[a].start, self.toks[b_incl].end)
    }

    /// Matches a multi-token phrase (space separated, case-insensitive) at `i`; returns the
    /// index after it.
    fn phrase(&self, i: usize, phrase: &str) -> Option<usize> {
        let mut j = i;
        for w in phrase.split(' ') {
            if !self.is(j, w) {
                // "approx." is two tokens: "approx" + "."
                if let Some(stem) = w.strip_suffix('.')
                    && self.is(j, stem)
                    && self.t(j + 1) == Some(".")
                    && self.glued(j + 1)
                {
                    j += 2;
                    continue;
                }
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// All candidates of the sentence, in order.
    pub fn candidates(&self) -> (Vec<Candidate>, Vec<(usize, usize, Skip)>) {
        let mut out: Vec<Candidate> = Vec::new();
        let mut skips = Vec::new();
        // Every figure holds a digit or a number word; only tokens a few places before one
        // can start a figure (qualifiers, "between", currency signs).
        let numeric: Vec<bool> = (0..self.toks.len()).map(|t| self.is_numeric_token(t)).collect();
        let mut next_numeric = vec![usize::MAX; self.toks.len() + 1];
        for t in (0..self.toks.len()).rev() {
            next_numeric[t] = if numeric[t] { t } else { next_numeric[t + 1] };
        }
        let mut i = 0;
        while i < self.toks.len() {
            if next_numeric[i].saturating_sub(i) > MAX_LEAD_TOKENS {
                i = next_numeric[i].saturating_sub(MAX_LEAD_TOKENS).max(i + 1);
                continue;
            }
            if !self.may_start(i) {
                // Test builds check on every input that no rule starts here after all.
                debug_assert!(matches!(self.parse_at(i), Parse::None), "{:?} starts a figure", self.t(i));
                i += 1;
                continue;
            }
            match self.parse_at(i) {
                Parse::Found(mut c, next) => {
                    if let Some(prev) = out.last()
                        && self.parenthesised_after(prev.core.1, c.span.0)
                    {
                        c.in_parens = true;
                    }
                    out.push(c);
                    i = next.max(i + 1);
                }
                Parse::Skipped(skip, next) => {
                    let next = next.max(i + 1);
                    let (s, e) = (self.toks[i].start, self.toks[next - 1].end);
                    skips.push((s, e, skip));
                    i = next;
                }
                Parse::None => i += 1,
            }
        }
        (out, skips)
    }

    /// Places in the sentence that name one member of a currency family, with or without an
    /// amount: "A$", "C$" (signs) and "Australian dollar(s)" (adjective + family word). The
    /// context stage uses them to read a bare `$` in the same sentence.
    pub fn member_mentions(&self) -> Vec<(usize, Currency)> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            let t = self.toks[i];
            match t.kind {
                TokKind::Sym if i > 0 && t.glued => {
                    // A sign ending here: "A$", "HK$", "NZ$".
                    for j in i.saturating_sub(2)..i {
                        if let Some((surf, after)) = self.symbol_at(j)
                            && after == i + 1
                            && let CurrencyRef::Code(c) = surf.cur
                            && self.lex.family_of.contains_key(&c)
                        {
                            out.push((self.toks[j].start, c));
                            break;
                        }
                    }
                }
                TokKind::Word if i > 0 => {
                    if let Some(surf) = self.lex.words.get(self.lower(i))
                        && let CurrencyRef::Family(f) = surf.cur
                        && let Some(code) =
                            self.lex.family_adjectives.get(&(self.lower(i - 1).to_string(), f))
                    {
                        out.push((self.toks[i - 1].start, *code));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Whether [`Grammar::parse_at`] can find anything at token `i`: a number, a sign, a
    /// decimal point, or a word that opens a figure (see [`Opens`]). Near numbers, most
    /// tokens are words that open none, and this turns them away with one look-up instead
    /// of trying every rule; it must never turn away a token that a rule starts at (test
    /// builds check that in [`Grammar::candidates`]).
    fn may_start(&self, i: usize) -> bool {
        let tok = self.toks[i];
        let text = tok.text(self.text);
        match tok.kind {
            TokKind::Num | TokKind::Sym => return true,
            // ".75": a decimal point with no digit before it.
            TokKind::Punct => return text == ".",
            TokKind::Word => {}
        }
        // Letters before a dollar sign ("US $", "hk$"), a scaled code ("MUSD"), the rand's "R".
        if self.t(i + 1) == Some("$")
            || LETTER_SIGNS.iter().any(|(sign, _)| text == *sign)
            || is_scaled_code_shape(text)
        {
            return true;
        }
        let Some(&opens) = opening_words().get(self.lower(i)) else {
            return false;
        };
        opens.any(Opens::NUMBER | Opens::CURRENCY_WORD | Opens::BETWEEN)
            || (opens.any(Opens::SIGN) && self.lex.symbol_firsts.contains_key(text))
            || (opens.any(Opens::ARTICLE) && self.article_opens(i))
            || (opens.any(Opens::FROM) && i > 0 && self.lower(i - 1).starts_with("rang"))
            || (opens.any(Opens::QUALIFIER) && self.qualifier_before(i).1 > i)
    }

    /// Whether "a"/"an" at `i` can open an amount: one unit ("a dollar", "a US dollar") or a
    /// number ("a million", "a half", "a dozen", "a quarter of a billion").
    fn article_opens(&self, i: usize) -> bool {
        let next = self.lower(i + 1);
        A_UNIT_WORDS.contains(&next)
            || A_UNIT_WORDS.contains(&self.lower(i + 2))
            || opening_words().get(next).is_some_and(|o| o.any(Opens::NUMBER))
    }

    /// Whether token `t` can hold the number of a figure: digits, a number word, a scale word
    /// ("billion-euro"), or a decimal point before digits.
    fn is_numeric_token(&self, t: usize) -> bool {
        let tok = self.toks[t];
        match tok.kind {
            TokKind::Num => true,
            TokKind::Word => {
                let w = tok.text(self.text);
                ((3..=9).contains(&w.len()) && super::is_number_word(w.as_bytes()))
                    || (w.len() <= 2 && self.a_unit_at(t))
            }
            _ => false,
        }
    }

    /// True if only an opening parenthesis (and spaces, or `;`) lies between `a` and `b`.
    fn parenthesised_after(&self, a: usize, b: usize) -> bool {
        let Some(between) = self.text.get(a..b) else {
            return false;
        };
        let t = between.trim();
        matches!(t, "(" | "[" | ";" | "(or" | "(about")
    }

    fn parse_at(&self, i: usize) -> Parse {
        let start_tok = i;
        // 1. Qualifier words.
        let (mut qualifier, mut j) = self.qualifier_before(i);
        let qual_tok = (j > i).then_some(i);
        let mut between = false;
        if self.is(j, "between") {
            between = true;
            j += 1;
        }
        // A ranged figure "from $3 trillion to $6 trillion" after "range".
        let from_range = self.is(j, "from") && i > 0 && self.lower(i - 1).starts_with("rang");
        if from_range {
            j += 1;
        }
        // 2. The first amount.
        let first = match self.amount(j) {
            Ok(Some(a)) => a,
            Ok(None) => return Parse::None,
            Err((skip, next)) => return Parse::Skipped(skip, next),
        };
        let mut titlecase = false;
        if first.currency.is_none_or(|c| !c.before) {
            match self.context_before(first.first, qual_tok.is_some() || between) {
                Before::Skip(skip) => {
                    // A year range ("2005-6", "2011–2017") goes with its year.
                    let mut next = first.next;
                    if skip == Skip::Date && self.is_hyphen(next) && self.glued(next) && self.is_num(next + 1)
                    {
                        next += 2;
                    }
                    return Parse::Skipped(skip, next);
                }
                Before::TitleCase => titlecase = first.currency.is_none(),
                Before::Clear => {}
            }
        }
        let mut low = first;
        let mut high: Option<Amount> = None;
        let mut k = low.next;
        // 3. A range.
        if let Some((h, after)) = self.range_end(&low, k, between) {
            high = Some(h);
            k = after;
        } else if between {
            return Parse::None;
        }
        if let Some(h) = &mut high {
            share_parts(&mut low, h);
            if h.value < low.value {
                // Not a range after all ("2-1"): read the first amount alone.
                high = None;
                k = low.next;
            }
        }
        if high.is_some() {
            qualifier = Qualifier::Range;
        }
        let last = high.as_ref().unwrap_or(&low);
        let mut end = last.span.1;
        // 4. Postfix qualifiers: "$2bn-plus", "or more", "lakh-odd".
        if let Some((q, after)) = self.qualifier_after(k) {
            if qualifier == Qualifier::Exact {
                qualifier = q;
            }
            end = self.toks[after - 1].end;
            k = after;
        }
        let currency = last.currency.or(low.currency);
        let start = qual_tok.map(|q| self.toks[q].start).unwrap_or(low.span.0);
        let start = if between && qual_tok.is_none() { self.toks[j - 1].start } else { start };
        let core = (low.span.0, last.span.1);
        let mut cand = Candidate {
            span: (start, end),
            core,
            value: low.value,
            high: high.as_ref().map(|h| h.value),
            qualifier,
            kind: CandKind::Bare { elided_subject: false },
            scaled: low.scaled || last.scaled,
            words: low.words,
            in_parens: false,
            rule: "",
        };
        let _ = start_tok;
        if let Some(cur) = currency {
            // "pounds of flour" is a weight.
            // "pounds of flour", "a twenty-pound bag", "a 20 pound sack": weights, not money.
            let pound_word =
                self.lex.families.get(family_index(cur.surface)).is_some_and(|f| f.key == "pound")
                    && !cur.before
                    && !cur.surface.minor;
            let word_text = self.text.get(cur.span.0..cur.span.1).unwrap_or("").to_ascii_lowercase();
            let before_noun = self.is_word(k)
                && !sets().stops.contains(self.lower(k))
                && !self.is(k, "sterling")
                && !self.is(k, "of");
            let is_weight = pound_word
                && ((self.is(k, "of") && !self.is(k + 1, "sterling"))
                    || (word_text == "pound" && before_noun && !scaled_amount(&low)));
            if pound_word && is_weight && !self.is(k, "of") {
                return Parse::Skipped(Skip::NotCounted, k);
            }
            if !is_weight {
                if cur.surface.minor {
                    cand.value /= Decimal::ONE_HUNDRED;
                    cand.high = cand.high.map(|h| h / Decimal::ONE_HUNDRED);
                }
                cand.kind = CandKind::Money(cur);
                cand.rule = rule_name(&low, high.as_ref(), cur);
                return Parse::Found(cand, k);
            }
            // Weight: read "pounds" as the counted measure.
            k = low.next.max(last.next);
            let word_tok = self.toks.iter().position(|t| t.start == cur.span.0).unwrap_or(k);
            if let Some((subj, after)) = self.subject(word_tok) {
                cand.kind = CandKind::Quantity(subj);
                cand.span.1 = subj.1;
                cand.rule = "quantity.measure";
                return Parse::Found(cand, after);
            }
            return Parse::None;
        }
        // 5. Quantity: a counted noun follows, not the next amount ("3 USD50 cards").
        if let Some((_, after)) = self.symbol_at(k)
            && self.is_num(after)
            && self.glued(after)
        {
            return Parse::None;
        }
        if let Some(skip) = self.not_counted_after(k) {
            return Parse::Skipped(skip, k + 1);
        }
        if let Some((subj, after)) = self.subject(k) {
            if cand.value == Decimal::ONE && cand.high.is_none() {
                return Parse::Skipped(Skip::NotCounted, after);
            }
            // "Leopard 2 tanks" is a name; "Gangapur 200 families" a count.
            if titlecase && cand.value < Decimal::TEN {
                return Parse::Skipped(Skip::Name, k);
            }
            // "The 548.76 mln cash": a noun that is money repeats an amount.
            let head = self.text.get(subj.0..subj.1).unwrap_or("").to_lowercase();
            if MONEY_NOUNS.contains(&head.as_str()) {
                cand.kind = CandKind::Bare { elided_subject: false };
                cand.rule = "bare.money_noun";
                return Parse::Found(cand, k);
            }
            cand.kind = CandKind::Quantity(subj);
            cand.span.1 = subj.1;
            cand.rule = if high.is_some() { "quantity.range" } else { "quantity.count" };
            return Parse::Found(cand, after);
        }
        // 6. Bare number.
        if titlecase {
            return Parse::Skipped(Skip::Name, k);
        }
        // "30,000 crore" with no currency and no counted noun: lakh and crore count rupees.
        if let Some(rupee) = self.lex.words.get("rupees").copied()
            && (low.first..k).any(|t| matches!(self.lower(t), "lakh" | "lakhs" | "crore" | "crores"))
        {
            let mark = CurrencyMark { surface: rupee, span: (cand.core.1, cand.core.1), before: false };
            cand.kind = CandKind::Money(mark);
            cand.rule = "money.indian_scale";
            return Parse::Found(cand, k);
        }
        if self.bare_is_plausible(&low, k) {
            cand.kind = CandKind::Bare {
                elided_subject: self
                    .t(k)
                    .is_some_and(|w| AUXILIARIES.iter().any(|a| w.eq_ignore_ascii_case(a))),
            };
            cand.rule = if high.is_some() { "bare.range" } else { "bare.number" };
            return Parse::Found(cand, k);
        }
        Parse::None
    }

    /// Whether a number with no currency and no counted noun is worth keeping for context.
    fn bare_is_plausible(&self, a: &Amount, k: usize) -> bool {
        // Percentages, fractions and the like were excluded already; a bare number followed by
        // a word that is not a stop word (a name, a verb we don't know) is too uncertain,
        // except auxiliaries.
        match self.kind(k) {
            None => true,
            Some(TokKind::Punct) => !matches!(self.t(k), Some("/" | ":")),
            Some(TokKind::Word) => {
                let w = self.lower(k);
                sets().stops.contains(w) || w == "of" || a.scaled
            }
            _ => false,
        }
    }

    /// Qualifier words at `i`: the qualifier and the index after them.
    fn qualifier_before(&self, i: usize) -> (Qualifier, usize) {
        if !self.is_word(i) {
            return (Qualifier::Exact, i);
        }
        let mut best = (Qualifier::Exact, i);
        let first = self.lower(i);
        if first == "over" && i > 0 && OVER_VERBS.contains(&self.lower(i - 1)) {
            return best;
        }
        let Some(phrases) = qualifier_index().get(first) else {
            return best;
        };
        for &(phrase, q) in phrases {
            if let Some(j) = self.phrase(i, phrase)
                && j > best.1
            {
                best = (q, j);
            }
        }
        best
    }

    /// Qualifier words after a figure at `k`.
    fn qualifier_after(&self, k: usize) -> Option<(Qualifier, usize)> {
        // Glued with a hyphen: "$2bn-plus", "lakh-odd".
        if self.is_hyphen(k) && self.glued(k) && self.glued(k + 1) {
            for (w, q) in lexicon::QUALIFIERS_AFTER {
                if !w.contains(' ') && self.is(k + 1, w) {
                    return Some((*q, k + 2));
                }
            }
        }
        // Phrases of two words or more, whose first word is here.
        let first = self.lower(k);
        for (phrase, q) in lexicon::QUALIFIERS_AFTER {
            if phrase.split_once(' ').is_some_and(|(head, _)| head == first)
                && let Some(j) = self.phrase(k, phrase)
            {
                // "or more" must not swallow "or more than": then it is a new qualifier.
                if self.is(j, "than") {
                    continue;
                }
                return Some((*q, j));
            }
        }
        None
    }

    /// The end of a range starting after `low`, at token `k`.
    fn range_end(&self, low: &Amount, k: usize, between: bool) -> Option<(Amount, usize)> {
        let joiner = self.t(k)?;
        let lj = joiner.to_lowercase();
        let ok = match lj.as_str() {
            "-" | "–" | "—" => true,
            "to" => {
                let start = self.tok_at(low.span.0);
                !self.preceded_by_from(start) && !self.after_change_verb(start)
            }
            "and" => between,
            "or" => true,
            _ => false,
        };
        if !ok {
            return None;
        }
        let h = self.amount(k + 1).ok().flatten()?;
        // "or" joins only numbers that share a scale or unit: "six or seven million".
        if lj == "or" {
            // ... or a counted noun: "two or three trucks".
            let shared_noun = !low.scaled
                && low.currency.is_none()
                && self.is_word(h.next)
                && !sets().stops.contains(self.lower(h.next));
            let shared_scale = !low.scaled && low.currency.is_none() && (h.scaled || h.currency.is_some());
            if !(shared_noun || shared_scale) {
                return None;
            }
        }
        // A hyphen range needs no spaces or the same spacing on both sides ("1,050-1,125").
        if lj == "-" && (self.glued(k) != self.glued(k + 1)) {
            return None;
        }
        // Two currencies that differ are not one range.
        if let (Some(a), Some(b)) = (low.currency, h.currency)
            && a.surface.cur != b.surface.cur
        {
            return None;
        }
        let next = h.next;
        Some((h, next))
    }

    /// Whether a change verb comes right before the amount at token `i` ("rose 5p to 120p":
    /// a rise of 5p, to 120p — two figures, not a range).
    fn after_change_verb(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 && self.is_word(j - 1) {
            let w = self.lower(j - 1);
            if lexicon::CHANGE_VERBS.contains(&w) {
                return true;
            }
            // Skip adverbs and qualifiers between the verb and the amount ("rose sharply by").
            if matches!(
                w,
                "by" | "sharply"
                    | "slightly"
                    | "about"
                    | "around"
                    | "some"
                    | "nearly"
                    | "almost"
                    | "just"
                    | "more"
                    | "than"
                    | "over"
            ) {
                j -= 1;
                continue;
            }
            break;
        }
        false
    }

    /// Whether the amount starting at token `i` is preceded by "from" (a change, "from X to
    /// Y", not a range) — unless the verb before is "range".
    fn preceded_by_from(&self, i: usize) -> bool {
        let mut j = i;
        // Skip back over a qualifier ("from about $5m").
        while j > 0 && self.is_word(j - 1) && !self.is(j - 1, "from") {
            let w = self.lower(j - 1);
            if lexicon::QUALIFIERS_BEFORE.iter().any(|(p, _)| p.split(' ').any(|x| x == w)) {
                j -= 1;
            } else {
                break;
            }
        }
        j > 0 && self.is(j - 1, "from") && !(j >= 2 && self.lower(j - 2).starts_with("rang"))
    }

    /// One amount at `i`: currency sign, numeral, scale words, currency word.
    /// `Err` means the tokens are a number that is not a figure (a year, a name...).
    fn amount(&self, i: usize) -> Result<Option<Amount>, (Skip, usize)> {
        let mut j = i;
        let mut currency: Option<CurrencyMark> = None;
        // A scale carried by the currency code ("MAUD 60", "30 MUSD").
        let mut code_scale: Option<u32> = None;
        // Currency written before: "£", "US$", "USD", "Rs.", "U.S. $".
        if let Some((surface, after)) = self.symbol_at(j) {
            // The number must follow, glued or after one space.
            if self.starts_numeral(after) {
                currency = Some(CurrencyMark { surface, span: self.span(j, after - 1), before: true });
                j = after;
            }
        } else if let Some((surface, after, exp)) = self.scaled_code_at(j)
            && self.starts_numeral(after)
        {
            currency = Some(CurrencyMark { surface, span: self.span(j, after - 1), before: true });
            code_scale = Some(exp);
            j = after;
        } else if let Some((surface, after)) = self.currency_name_before(j) {
            currency = Some(CurrencyMark { surface, span: self.span(j, after - 1), before: true });
            j = after;
        } else if let Some(surface) = self.letter_sign_at(j) {
            currency = Some(CurrencyMark { surface, span: self.span(j, j), before: true });
            j += 1;
        }
        let first = j;
        // "a billion-euro fund", "a million-dollar prize": the scale word alone is one of it.
        if currency.is_none()
            && let Some(exp) = big_scale_word(self.lower(j))
            && self.is_hyphen(j + 1)
            && self.glued(j + 1)
            && self.glued(j + 2)
            && let Some((surface, after)) = self.currency_word_at(j + 2, true)
            && let Some(value) = number::pow10(exp)
        {
            let currency = Some(CurrencyMark { surface, span: self.span(j + 2, after - 1), before: false });
            let span = self.span(j, after - 1);
            return Ok(Some(Amount { value, span, scaled: true, words: true, currency, next: after, first }));
        }
        let numeral = if currency.is_none() && self.a_unit_at(j) {
            // "a dollar", "an euro": the article is one of it.
            Some((Decimal::ONE, j + 1, true))
        } else {
            self.numeral(j)?
        };
        let (mut value, mut k, words) = match numeral {
            Some(n) => n,
            None => return Ok(None),
        };
        // A wire-service price with a fraction: "41-1/4 dlrs", "12-7/8".
        if !words
            && value.fract().is_zero()
            && let Some((frac, after)) = self.wire_fraction(k)
        {
            value += frac;
            k = after;
        }
        // Number words carry their own scale words: "seven million".
        let mut scaled = words && (j..k).any(|t| big_scale_word(self.lower(t)).is_some());
        // Scale words: "1.6 billion", "15million", "Rs16,189-crore", "5 lakh crore".
        loop {
            let glued_hyphen = self.is_hyphen(k) && self.glued(k) && self.glued(k + 1) && self.is_word(k + 1);
            let at = if glued_hyphen { k + 1 } else { k };
            match self.scale_at(at, words, currency.is_some()) {
                Some(exp) => {
                    value = match number::scale(value, exp) {
                        Some(v) => v,
                        None => return Err((Skip::Overflow, at + 1)),
                    };
                    scaled = true;
                    k = at + 1;
                }
                None => break,
            }
        }
        // A whole price ended by ",-" ("1.899,-", "50,- Kč"): a point in it groups thousands.
        if !words
            && !scaled
            && k == first + 1
            && self.t(k) == Some(",")
            && self.glued(k)
            && matches!(self.t(k + 1), Some("-" | "–" | "—"))
            && self.glued(k + 1)
            && !self.toks.get(k + 2).is_some_and(|t| t.glued && t.kind != TokKind::Punct)
        {
            if let Some(v) = self.t(first).and_then(dot_grouped) {
                value = v;
            }
            k += 2;
        }
        // Currency written after: "euros", "mln dlrs", "Swiss francs", "p", "€", "EUR".
        if currency.is_none() {
            let hyphen = self.is_hyphen(k) && self.glued(k) && self.glued(k + 1);
            let at = if hyphen { k + 1 } else { k };
            // A price with two decimals ("145,00 lei", "12.50 rand") reads a currency name
            // that is also a word as the currency.
            let priced = !scaled
                && !words
                && k == first + 1
                && self.t(first).is_some_and(two_decimals)
                && PRICED_CURRENCY_WORDS.contains(&self.lower(at));
            if let Some((surface, after)) = self.currency_word_at(at, scaled || priced) {
                currency = Some(CurrencyMark { surface, span: self.span(at, after - 1), before: false });
                k = after;
                // A scale after the code: "75 USD million".
                if let Some(exp) = self.scale_at(k, false, true).filter(|_| !scaled) {
                    code_scale = Some(exp);
                    currency = currency.map(|mut c| {
                        c.span.1 = self.toks[k].end;
                        c
                    });
                    k += 1;
                }
            } else if let Some((surface, after, exp)) = self.scaled_code_at(at) {
                currency = Some(CurrencyMark { surface, span: self.span(at, after - 1), before: false });
                code_scale = Some(exp);
                k = after;
            }
        } else if let Some(c) = &mut currency
            && let CurrencyRef::Family(f) = c.surface.cur
            && let Some(code) = self.lex.family_adjectives.get(&(self.lower(k).to_string(), f))
        {
            // "$1.21 billion Canadian".
            c.surface.cur = CurrencyRef::Code(*code);
            c.span.1 = self.toks[k].end;
            k += 1;
        }
        // "$1,190.00 AUD": a code after an amount in a generic sign names the sign's member.
        if let Some(c) = &mut currency
            && c.before
            && let CurrencyRef::Family(f) = c.surface.cur
            && let Some((after_cur, after)) = self.symbol_at(k)
            && let CurrencyRef::Code(code) = after_cur.cur
            && self.lex.in_family(code, f)
        {
            c.surface.cur = CurrencyRef::Code(code);
            k = after;
        }
        // "Rp 169.000", "200.000 đ": a dot before three digits groups thousands in currencies
        // whose prices have no decimals.
        if let Some(c) = currency
            && let CurrencyRef::Code(code) = c.surface.cur
            && lexicon::DOT_GROUPING_CURRENCIES.contains(&code.as_str())
            && !scaled
            && let Some(v) = self.t(first).and_then(dot_grouped)
        {
            value = v;
        }
        if let Some(exp) = code_scale {
            value = number::scale(value, exp).ok_or((Skip::Overflow, k))?;
            scaled = true;
        }
        // Dollars and cents: "3 dollars 50 cents", "thirteen dollars and forty-five cents",
        // "15 dollars and 50.", "17 USD 25.".
        if let Some(c) = currency
            && !c.surface.minor
            && !scaled
            && value.fract().is_zero()
            && let Some((cents, after)) = self.cents_after(k, c)
        {
            value += cents / Decimal::ONE_HUNDRED;
            k = after;
            let end = self.toks[k - 1].end;
            currency = Some(CurrencyMark { span: (c.span.0, end), ..c });
        }
        let span_start = currency.filter(|c| c.before).map(|c| c.span.0).unwrap_or(self.toks[first].start);
        let span_end = match currency.filter(|c| !c.before) {
            Some(c) => c.span.1,
            None => self.toks[k - 1].end.max(currency.map(|c| c.span.1).unwrap_or(0)),
        };
        Ok(Some(Amount { value, span: (span_start, span_end), scaled, words, currency, next: k, first }))
    }

    /// "-1/4" glued after a whole number (the wire services' share prices): the fraction, in
    /// halves to thirty-seconds, and the index after it.
    fn wire_fraction(&self, k: usize) -> Option<(Decimal, usize)> {
        if !(self.is_hyphen(k) && self.glued(k) && self.glued(k + 1) && self.t(k + 2) == Some("/")) {
            return None;
        }
        if !(self.glued(k + 2) && self.glued(k + 3))
            || self.toks.get(k + 4).is_some_and(|t| t.glued && t.kind != TokKind::Punct)
        {
            return None;
        }
        let num: u32 = self.t(k + 1)?.parse().ok()?;
        let den: u32 = self.t(k + 3)?.parse().ok()?;
        (matches!(den, 2 | 4 | 8 | 16 | 32) && num > 0 && num < den)
            .then(|| (Decimal::from(num) / Decimal::from(den), k + 4))
    }

    /// A one-letter sign of [`LETTER_SIGNS`] glued to an amount that reads as a price: "R2.5
    /// billion", "R8,499", "R500 000", "R273.00". Not a short number ("R44" is a road, "R2" a
    /// name).
    fn letter_sign_at(&self, j: usize) -> Option<CurrencySurface> {
        let code = LETTER_SIGNS.iter().find(|(sign, _)| self.t(j) == Some(*sign)).map(|(_, code)| *code)?;
        if !self.is_num(j + 1)
            || !self.glued(j + 1)
            || (j > 0 && self.glued(j) && !matches!(self.kind(j - 1), Some(TokKind::Punct)))
            || self
                .toks
                .get(j + 2)
                .is_some_and(|t| t.glued && !matches!(self.t(j + 2), Some("." | "," | ")")))
                && self.scale_at(j + 2, false, true).is_none()
        {
            return None;
        }
        let digits = self.t(j + 1)?;
        // "R500 000": a group of three digits after one space.
        let spaced_group = self.is_num(j + 2)
            && !self.glued(j + 2)
            && self.toks[j + 2].start == self.toks[j + 1].end + 1
            && self.t(j + 2).is_some_and(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        let priced = price_digits(digits) || spaced_group || self.scale_at(j + 2, false, true).is_some();
        priced.then(|| self.lex.symbols.get(code).copied()).flatten()
    }

    /// A currency's name written in lower case before digits, as in price lists and
    /// tables: "ringgit 42", "rmb 10", "usd 20". Names of one currency count, a generic name
    /// ("dollar") only before a scaled number, and never a capitalised word ("Euro 2016").
    fn currency_name_before(&self, j: usize) -> Option<(CurrencySurface, usize)> {
        self.toks.get(j).filter(|t| t.kind == TokKind::Word)?;
        let (surface, after) = self.currency_word_at(j, true)?;
        let has_upper = |m: usize| self.t(m).is_some_and(|w| w.chars().any(char::is_uppercase));
        // Capitals only on a country word before a lower-case name, and before a scaled number
        // ("US dollar 5 million", "Swiss franc 2 billion"; not "Euro 2016").
        let capitalised = (j..after).any(has_upper);
        if capitalised
            && (after < j + 2 || has_upper(after - 1) || self.scale_at(after + 1, false, true).is_none())
        {
            return None;
        }
        // A generic word ("dollar 22.5 million", "pounds 3 billion") only before a scaled number,
        // and never one that is also an English word ("won 5 million votes").
        let one_currency = match surface.cur {
            CurrencyRef::Code(_) => true,
            CurrencyRef::Family(_) => {
                after == j + 1
                    && !AMBIGUOUS_CURRENCY_WORDS.contains(&self.lower(j))
                    && self.scale_at(after + 1, false, true).is_some()
            }
        };
        let ok = one_currency && !surface.minor && self.is_num(after) && !self.glued(after);
        ok.then_some((surface, after))
    }

    /// The cents of "3 dollars 50 cents", "13 dollars and forty-five cents", "15 dollars and
    /// 50." at `k`, right after the major unit `major`: the number of hundredths and the
    /// index after them.
    fn cents_after(&self, k: usize, major: CurrencyMark) -> Option<(Decimal, usize)> {
        let mut j = k;
        if self.is(j, "and") {
            j += 1;
        }
        let (cents, after, _) = self.numeral(j).ok().flatten()?;
        if cents >= Decimal::ONE_HUNDRED || !cents.fract().is_zero() || cents.is_zero() {
            return None;
        }
        // With the minor unit named, it must be this currency's or the generic cent ("3 CHF 4
        // cents", "20 ringgit and 43c"), not another currency's ("$5 and 3 pence").
        if let Some((minor, end)) = self.currency_word_at(after, false)
            && minor.minor
        {
            let same = match (minor.cur, major.surface.cur) {
                (a, b) if a == b => true,
                (CurrencyRef::Family(f), CurrencyRef::Code(c)) => {
                    self.lex.in_family(c, f) || self.lex.families[f].key == "dollar"
                }
                (CurrencyRef::Code(c), CurrencyRef::Family(f)) => self.lex.in_family(c, f),
                (CurrencyRef::Family(_), CurrencyRef::Family(_)) => false,
                (CurrencyRef::Code(_), CurrencyRef::Code(_)) => false,
            };
            return same.then_some((cents, end));
        }
        if major.before {
            return None;
        }
        // Without it, the number must end the clause.
        let ends = match self.toks.get(after) {
            None => true,
            Some(t) => {
                t.kind == TokKind::Punct && matches!(t.text(self.text), "." | "," | ";" | "!" | "?" | ")")
            }
        };
        ends.then_some((cents, after))
    }

    /// Whether a numeral starts at `i`.
    fn starts_numeral(&self, i: usize) -> bool {
        self.is_num(i)
            || ((self.is_word(i) || self.t(i) == Some(".")) && self.numeral(i).ok().flatten().is_some())
    }

    /// A numeral at `i`: digits or number words. Returns (value, index after, in words).
    fn numeral(&self, i: usize) -> Result<Option<Numeral>, (Skip, usize)> {
        // ".75 €", "$.75": a decimal point with no digit before it.
        if self.t(i) == Some(".")
            && self.is_num(i + 1)
            && self.glued(i + 1)
            && !(i > 0 && self.glued(i) && self.is_num(i - 1))
            && let Some(frac) = self.t(i + 1).filter(|f| f.bytes().all(|b| b.is_ascii_digit()))
            && let Some(v) = number::decimal_from_parts("0", frac)
        {
            return Ok(Some((v, i + 2, false)));
        }
        match self.kind(i) {
            Some(TokKind::Num) => self.digits(i).map(|o| o.map(|(v, k)| (v, k, false))),
            Some(TokKind::Word) => Ok(self.number_words(i).map(|(v, k)| (v, k, true))),
            _ => Ok(None),
        }
    }

    /// A digit numeral at `i`, with its exclusions (fractions, times, ordinals, decades,
    /// codes glued to letters).
    fn digits(&self, i: usize) -> Result<Option<(Decimal, usize)>, (Skip, usize)> {
        let tok = self.toks[i];
        let s = tok.text(self.text);
        let mut k = i + 1;
        // Numbers glued after a word are names: "G7", "COP28", "A320".
        if tok.glued && i > 0 && self.is_word(i - 1) && !self.sign_ends_at(i) {
            return Err((Skip::Name, self.skip_glued(i)));
        }
        // A citation marker glued to the text it cites: "tents.[31]", "aid[12]".
        if tok.glued
            && i >= 2
            && self.t(i - 1) == Some("[")
            && self.toks[i - 1].glued
            && self.t(i + 1) == Some("]")
            && self.glued(i + 1)
        {
            return Err((Skip::Name, i + 2));
        }
        // "COVID-19", "F-16", "BGM-71": word, hyphen, number, all glued.
        if tok.glued && i >= 2 && self.is_hyphen(i - 1) && self.toks[i - 1].glued && self.is_word(i - 2) {
            let w = self.t(i - 2).unwrap_or("");
            let is_scale_or_qual =
                ["mid", "early", "late", "pre", "post"].iter().any(|x| w.eq_ignore_ascii_case(x));
            // "40bn-45bn": a scale glued to a number before the hyphen opens a range.
            let scaled_low = i >= 3 && self.is_num(i - 3) && self.glued(i - 2);
            if !is_scale_or_qual && !scaled_low && self.symbol_at(i - 2).is_none() {
                return Err((Skip::Name, self.skip_glued(i)));
            }
        }
        // What is glued after it.
        if let Some(next) = self.toks.get(k).filter(|t| t.glued) {
            let nt = next.text(self.text);
            match next.kind {
                TokKind::Punct if (nt == "/" || nt == ":") && self.is_num(k + 1) && self.glued(k + 1) => {
                    return Err((Skip::Date, self.skip_glued(i)));
                }
                TokKind::Sym if nt == "%" => return Err((Skip::Percent, k + 1)),
                TokKind::Word => {
                    let lw = nt.to_lowercase();
                    if matches!(
                        lw.as_str(),
                        "st" | "nd" | "rd" | "th" | "s" | "am" | "pm" | "x" | "a.m." | "p.m."
                    ) {
                        return Err((Skip::NotCounted, k + 1));
                    }
                    // Other letters glued on ("11a", "5G", "185mph") make a code or a
                    // specification, unless they are a scale, a currency or a measure.
                    let known = self.scale_at(k, false, true).is_some()
                        || self.currency_word_at(k, true).is_some()
                        || self.scaled_code_at(k).is_some()
                        || sets().measures.contains(lw.as_str());
                    if !known {
                        return Err((Skip::Name, self.skip_glued(i)));
                    }
                }
                TokKind::Num => {}
                _ => {}
            }
        }
        // Account and phone numbers: three or more digit groups joined by hyphens.
        if self.is_hyphen(k)
            && self.glued(k)
            && self.is_num(k + 1)
            && self.glued(k + 1)
            && self.is_hyphen(k + 2)
            && self.glued(k + 2)
            && self.is_num(k + 3)
            && self.glued(k + 3)
        {
            return Err((Skip::Name, self.skip_glued(i)));
        }
        // Phone numbers and codes: a leading zero on a whole number of two or more digits.
        if s.len() >= 2 && s.starts_with('0') && !s[1..].starts_with(['.', ',']) {
            return Err((Skip::Name, self.skip_glued(i)));
        }
        let mut value = match number::parse_digits(s) {
            Some(v) => v,
            None => {
                let overflow = s.bytes().filter(u8::is_ascii_digit).count() > 28;
                return Err((if overflow { Skip::Overflow } else { Skip::Name }, self.skip_glued(i)));
            }
        };
        // "1 600", "6 450,00", "12 900,00 руб": thousands groups separated by single ordinary
        // spaces — three digits each, the last one possibly with decimals.
        if !s.contains([',', '.', '\'', '’']) && s.len() <= 3 {
            let mut m = k;
            let mut joined = String::from(s);
            while self.is_num(m) && !self.glued(m) && self.toks[m].start == self.toks[m - 1].end + 1 {
                let g = self.t(m).unwrap_or("");
                let (int, frac) = match g.find([',', '.']) {
                    Some(p) => (&g[..p], &g[p + 1..]),
                    None => (g, ""),
                };
                let ok = int.len() == 3
                    && int.bytes().all(|b| b.is_ascii_digit())
                    && frac.len() <= 2
                    && frac.bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    break;
                }
                joined.push_str(g);
                m += 1;
                if !frac.is_empty() {
                    break;
                }
            }
            if m > k
                && let Some(v) = number::parse_digits(&joined)
            {
                value = v;
                k = m;
            }
        }
        Ok(Some((value, k)))
    }

    /// The index of the token starting at byte `pos` (or the first after it).
    fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    /// Whether a currency sign ends right before token `i` ("US$", "$US", "USD" before "2.5").
    fn sign_ends_at(&self, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|j| self.symbol_at(j).is_some_and(|(_, after)| after == i))
            || self.scaled_code_at(i - 1).is_some()
            || self.letter_sign_at(i - 1).is_some()
    }

    /// Index after a run of glued tokens starting at `i`.
    fn skip_glued(&self, i: usize) -> usize {
        let mut k = i + 1;
        while k < self.toks.len() && self.toks[k].glued && self.kind(k) != Some(TokKind::Sym) {
            let t = self.t(k).unwrap_or("");
            if matches!(t, "," | "." | ";" | ")" | "(" | "\"" | "”" | "’") {
                break;
            }
            k += 1;
        }
        k
    }

    /// Number words at `i`: "two", "twenty-five", "one hundred and five", "a million",
    /// "half a billion", "a dozen", "three quarters of a billion", "one and a half million".
    fn number_words(&self, i: usize) -> Option<(Decimal, usize)> {
        let mut w = WordNumber::default();
        let mut k = i;
        let mut last_good: Option<(Decimal, usize)> = None;
        let mut saw_number = false;
        while k < self.toks.len() {
            // Hyphens inside number words: "twenty-five", "one-hundred".
            if self.is_hyphen(k) && self.glued(k) && self.glued(k + 1) && saw_number {
                k += 1;
                continue;
            }
            if !self.is_word(k) {
                break;
            }
            let lw = self.lower(k);
            if let Some(v) = lexicon::number_word(lw.as_bytes()) {
                // "twenty five" / "one hundred five": a small number after a small one joins only
                // tens + units.
                w.add_small(v);
                saw_number = true;
            } else if lw == "hundred" && (saw_number || self.is_a(k.wrapping_sub(1))) {
                w.hundred()?;
                saw_number = true;
            } else if lw == "dozen" && (saw_number || self.is_a(k.wrapping_sub(1)) || w.pending_fraction()) {
                if !saw_number {
                    w.add_one_if_empty();
                }
                w.dozen()?;
                saw_number = true;
            } else if let Some(exp) = big_scale_word(lw) {
                if !(saw_number || self.is_a(k.wrapping_sub(1)) || w.pending_fraction()) {
                    break;
                }
                if !saw_number || w.pending_fraction() {
                    w.add_one_if_empty();
                }
                w.big(exp)?;
                saw_number = true;
            } else if matches!(lw, "a" | "an") {
                // "a million", "half a billion", "a half billion", "one and a half".
                let next = self.lower(k + 1);
                let next_ok = next == "half"
                    || next == "dozen"
                    || next == "hundred"
                    || big_scale_word(next).is_some()
                    || (next == "quarter" && (saw_number || self.is(k + 2, "of")));
                if !next_ok {
                    break;
                }
            } else if let Some(&(_, num, den)) = lexicon::FRACTION_WORDS.iter().find(|(s, _, _)| *s == lw) {
                let after_and = k >= 2 && self.is(k - 2, "and") && self.is_a(k - 1);
                let after_a = self.is_a(k.wrapping_sub(1)) && !after_and;
                let next = self.lower(k + 1);
                if after_and {
                    w.fraction(num, den, true)?;
                } else if (matches!(lw, "quarters" | "quarter" | "half")
                    && saw_number
                    && (next == "of" || big_scale_word(next).is_some()))
                    || (!saw_number
                        && (next == "a" || next == "an" || big_scale_word(next).is_some() || next == "dozen"))
                    || (after_a && big_scale_word(next).is_some())
                    || (after_a
                        && next == "of"
                        && self.is_a(k + 2)
                        && big_scale_word(self.lower(k + 3)).is_some())
                {
                    w.fraction(num, den, false)?;
                    if next == "of" {
                        k += 1; // "three quarters of a billion"
                    }
                } else {
                    break;
                }
                saw_number = true;
            } else if lw == "and" && saw_number {
                // "one hundred and five", "one and a half", "a million and one".
                let next = self.lower(k + 1);
                let joins = lexicon::number_word(next.as_bytes()).is_some()
                    || (next == "a" && self.is(k + 2, "half"));
                if !joins {
                    break;
                }
            } else {
                break;
            }
            k += 1;
            if let Some(v) = w.value() {
                last_good = Some((v, k));
            }
        }
        let (v, end) = last_good?;
        // A lone "a"/"an" is never a number; "one" alone is (the caller drops counts of one).
        Some((v, end))
    }

    fn is_a(&self, i: usize) -> bool {
        self.is(i, "a") || self.is(i, "an")
    }

    /// "a dollar", "an euro", "a US dollar" at `i`, ending a phrase: one unit of money. Not
    /// before a noun ("a dollar store", "a euro bond", "a dollar-denominated loan").
    fn a_unit_at(&self, i: usize) -> bool {
        if !self.is_a(i)
            || !(A_UNIT_WORDS.contains(&self.lower(i + 1)) || A_UNIT_WORDS.contains(&self.lower(i + 2)))
        {
            return false;
        }
        // "half a dollar", "a third of a dollar" are not one; "83 rupees to a dollar", "against a
        // dollar" are rates.
        if i > 0 {
            let before = self.lower(i - 1);
            if matches!(before, "to" | "per" | "against" | "versus" | "vs" | "of")
                || lexicon::FRACTION_WORDS.iter().any(|(w, _, _)| *w == before)
            {
                return false;
            }
        }
        let Some((surface, after)) = self.currency_word_at(i + 1, false) else {
            return false;
        };
        if surface.minor || !A_UNIT_WORDS.contains(&self.lower(after - 1)) {
            return false;
        }
        match self.kind(after) {
            None => true,
            Some(TokKind::Punct) => {
                matches!(self.t(after), Some("." | "," | ";" | ":" | ")" | "!" | "?"))
                    && !(self.t(after) == Some(".") && self.is_num(after + 1) && self.glued(after + 1))
            }
            Some(TokKind::Word) => {
                let w = self.lower(after);
                A_UNIT_FOLLOWERS.contains(&w)
                    || (w == "and" && self.numeral(after + 1).ok().flatten().is_some())
            }
            _ => false,
        }
    }

    /// A scale word at `i` after a numeral: its power of ten.
    fn scale_at(&self, i: usize, after_words: bool, money: bool) -> Option<u32> {
        let tok = self.toks.get(i)?;
        if tok.kind != TokKind::Word {
            return None;
        }
        let s = tok.text(self.text);
        for &(surface, exp, usage) in lexicon::SCALES {
            let hit = match usage {
                ScaleUse::CaseSensitive => s == surface,
                _ => s.eq_ignore_ascii_case(surface),
            };
            if !hit {
                continue;
            }
            let ok = match usage {
                // Number words read their own scale words; "two million" never gets here
                // except "five lakh crore".
                ScaleUse::Word => !after_words || matches!(surface, "lakh" | "lakhs" | "crore" | "crores"),
                ScaleUse::Abbrev => true,
                ScaleUse::Glued => !after_words && tok.glued && !self.word_continues(i),
                // "$2.174T" glued; a spaced "T" is anything ("$5 T-shirts").
                ScaleUse::CaseSensitive => !after_words && (surface.len() > 1 || tok.glued),
                ScaleUse::AfterDigits => !after_words && money,
            };
            if ok {
                // "m" for metres: "a 100m race". Glued "m"/"b"/"k" count only before a noun,
                // a currency, punctuation or the end — never before a unit-like word.
                return Some(exp);
            }
        }
        None
    }

    /// Whether the word at `i` runs on into more letters glued after it (`5mph`: "m" is not
    /// a scale there, but the tokenizer already keeps "mph" whole; this guards "5m-long").
    fn word_continues(&self, i: usize) -> bool {
        self.is_hyphen(i + 1) && self.glued(i + 1) && self.is_word(i + 2) && self.glued(i + 2) && {
            let w = self.lower(i + 2);
            matches!(w, "long" | "high" | "wide" | "deep" | "tall" | "metre" | "meter")
        }
    }

    /// A currency sign or code at `i` (case-sensitive): the surface and index after it.
    fn symbol_at(&self, i: usize) -> Option<(CurrencySurface, usize)> {
        let first = self.toks.get(i)?;
        if !matches!(first.kind, TokKind::Sym | TokKind::Word) {
            return None;
        }
        // Most tokens start no sign: one look-up says so. Letters before a "$" are tried below.
        let first_text = first.text(self.text);
        let dollar_next = self.t(i + 1) == Some("$");
        let max = match self.lex.symbol_firsts.get(first_text) {
            Some(&m) => m.max(if dollar_next { 2 } else { 1 }),
            None if dollar_next && first.kind == TokKind::Word => 2,
            None => return None,
        };
        let max = max.min(self.toks.len() - i);
        for n in (1..=max).rev() {
            let last = self.toks[i + n - 1];
            // Surfaces are written glued, or with one space ("US $").
            if (1..n)
                .any(|m| !self.toks[i + m].glued && self.toks[i + m].start - self.toks[i + m - 1].end > 1)
            {
                continue;
            }
            // A sign made of letters must not run on into a word ("USDA").
            if last.kind == TokKind::Word
                && self.toks.get(i + n).is_some_and(|t| t.glued && t.kind == TokKind::Word)
            {
                continue;
            }
            let s = self.text.get(first.start..last.end)?;
            if let Some(surface) = self.lex.symbols.get(s) {
                // ISO codes that are English words ("ALL 5 solutions") count only glued.
                if n == 1 && CODES_THAT_ARE_WORDS.contains(&s) && self.is_num(i + 1) && !self.glued(i + 1) {
                    return None;
                }
                // "COP28" is the climate conference, not 28 Colombian pesos.
                if n == 1 && CODES_NOT_GLUED.contains(&s) && self.is_num(i + 1) && self.glued(i + 1) {
                    return None;
                }
                if SIGNS_SCALED_ONLY.contains(&s) && self.scale_at(i + n + 1, false, true).is_none() {
                    return None;
                }
                return Some((*surface, i + n));
            }
            // Letters before the sign, glued or spaced ("US $", "c $" in tokenised text), but
            // never the word "a" or "I" ("a $70 million").
            let letters = s.chars().filter(|c| c.is_alphabetic()).count();
            if n >= 2 && s.ends_with('$') && !(letters == 1 && s.starts_with(['a', 'A', 'I', 'i'])) {
                // "US $", "c $" (tokenised text), "hk$", "nzd$": letters before a dollar sign
                // name the dollar, whatever their case and spacing.
                let compact: String =
                    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
                if let Some(surface) = self.lex.symbols.get(&compact) {
                    return Some((*surface, i + n));
                }
                if let Some(code) = compact.strip_suffix('$').and_then(Currency::new)
                    && self.lex.is_known(code)
                {
                    let cur = CurrencySurface { cur: CurrencyRef::Code(code), minor: false };
                    return Some((cur, i + n));
                }
                let dotless: String = compact.chars().filter(|c| *c != '.').collect();
                if dotless == "US$" {
                    return self.lex.symbols.get("US$").map(|s| (*s, i + n));
                }
            }
        }
        None
    }

    /// A currency code with a scale prefix, as in finance tables: `MUSD`/`MMUSD` (millions),
    /// `KUSD`/`TEUR` (thousands), `BUSD` (billions). Returns the surface, the index after it
    /// and the power of ten.
    fn scaled_code_at(&self, i: usize) -> Option<(CurrencySurface, usize, u32)> {
        let t = self.toks.get(i).filter(|t| t.kind == TokKind::Word)?;
        let s = t.text(self.text);
        if !is_scaled_code_shape(s) {
            return None;
        }
        let (exp, code) = if let Some(c) = s.strip_prefix("MM") {
            (6, c)
        } else {
            let (p, c) = s.split_at(1);
            let exp = match p {
                "M" => 6,
                "K" | "T" => 3,
                "B" => 9,
                _ => return None,
            };
            (exp, c)
        };
        let code = Currency::new(code).filter(|c| self.lex.currency(*c).is_some())?;
        Some((CurrencySurface { cur: CurrencyRef::Code(code), minor: false }, i + 1, exp))
    }

    /// A currency word after a number at `i` (case-insensitive), or a sign written after it.
    fn currency_word_at(&self, i: usize, scaled: bool) -> Option<(CurrencySurface, usize)> {
        let first = self.toks.get(i)?;
        if let Some((s, after)) = self.symbol_at(i) {
            // A sign after the number: "12,99 €", "100 zł", "5m EUR", "100元". Not a sign that
            // opens the next amount ("10 $ 30"), and not one glued to a following number.
            // A sign that also ends the next number ("10 $ 30 $") is written after both.
            let opens_next = self.kind(i) == Some(TokKind::Sym)
                && !first.glued
                && self.starts_numeral(after)
                && !self.numeral(after).ok().flatten().is_some_and(|(_, k, _)| {
                    // ... or names the cents of the first ("10 $ 30 cents").
                    self.t(k) == self.t(i) || self.currency_word_at(k, false).is_some_and(|(c, _)| c.minor)
                });
            if !(opens_next || self.is_num(after) && self.glued(after)) {
                return Some((s, after));
            }
        }
        if first.kind == TokKind::Sym {
            // "10¢"
            let key = first.text(self.text);
            return self.lex.words.get(key).map(|s| (*s, i + 1));
        }
        if first.kind != TokKind::Word {
            return None;
        }
        let first_lower = self.lower(i);
        let &max = self.lex.word_firsts.get(first_lower)?;
        let max = max.min(self.toks.len() - i);
        for n in (1..=max).rev() {
            let last = self.toks[i + n - 1];
            if last.kind != TokKind::Word && last.kind != TokKind::Punct {
                continue;
            }
            let raw = self.text.get(first.start..last.end)?;
            let key = lexicon::normalize_words(raw);
            let Some(surface) = self.lex.words.get(&key) else {
                continue;
            };
            // A currency word must end at a word boundary, and not open a number glued to it
            // ("3 USD50 cards": USD50 is the amount).
            if self.toks.get(i + n).is_some_and(|t| t.glued && matches!(t.kind, TokKind::Word | TokKind::Num))
            {
                continue;
            }
            let single_letter = key.chars().count() == 1;
            // "50p", "99c" — glued and in lower case ("40C" is a temperature).
            if single_letter && (!first.glued || raw.chars().any(char::is_uppercase)) {
                continue;
            }
            if AMBIGUOUS_CURRENCY_WORDS.contains(&key.as_str()) && !scaled && !first.glued {
                continue;
            }
            return Some((*surface, i + n));
        }
        None
    }

    /// The counted noun phrase starting at `k`: its span and the index after it.
    fn subject(&self, k: usize) -> Option<((usize, usize), usize)> {
        let s = sets();
        let mut i = k;
        // A compound adjective: "three-part strategy", "4,000-strong work-force".
        if self.is_hyphen(i) && self.glued(i) && self.glued(i + 1) && self.is_word(i + 1) {
            i += 1;
        } else if self.is_hyphen(i) {
            return None;
        }
        // Partitive: "twenty of Global Fund's partners", "250 of their fighters".
        if self.is(i, "of") {
            let mut j = i + 1;
            if matches!(
                self.lower(j),
                "the"
                    | "their"
                    | "its"
                    | "his"
                    | "her"
                    | "our"
                    | "these"
                    | "those"
                    | "whom"
                    | "which"
                    | "them"
                    | "us"
                    | "you"
            ) {
                if matches!(self.lower(j), "whom" | "which" | "them" | "these" | "those" | "us" | "you") {
                    return None;
                }
                j += 1;
            }
            i = j;
        }
        if !self.is_word(i) {
            return None;
        }
        let first = self.lower(i);
        if s.not_counted.contains(first) && !s.measures.contains(first) {
            return None;
        }
        // "25 more Patriot batteries", "two earlier approaches": a comparative before a noun.
        let comparative_before_noun = LEADING_COMPARATIVES.contains(&first)
            && self.is_word(i + 1)
            && !s.stops.contains(self.lower(i + 1));
        // A model name in capitals glued to its number is a name, not a stop word ("30 AS90
        // guns").
        let model_name = self.is_num(i + 1)
            && self.glued(i + 1)
            && self.t(i).is_some_and(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()));
        // "300 displaced families", "1,000 injured civilians": a participle before a plural noun.
        let participle = self.participle_before_noun(i);
        if (s.stops.contains(first)
            && !self.hyphen_compound(i)
            && !comparative_before_noun
            && !model_name
            && !participle)
            || s.months.contains(first)
        {
            return None;
        }
        // Compound adjectives of time or measure are durations and specifications:
        // "two-year grace period", "6.0-litre engine".
        if i == k + 1 && (s.not_counted.contains(first) || s.measures.contains(first)) {
            return None;
        }
        if big_scale_word(first).is_some() || first == "hundred" || first == "dozen" || first.ends_with("ths")
        {
            return None;
        }
        // Ages: "5 years old" is caught by "years"; "aged 5" by the caller.
        if first == "old" || first == "-year-old" {
            return None;
        }
        // A first word ending in -ed or -ing followed by a stop word is a verb ("the two
        // agreed to"), not an adjective ("271 scheduled flights").
        let verbish = (first.ends_with("ed") || first.ends_with("ing")) && !s.measures.contains(first);
        let mut end_tok = i; // last token included
        let mut j = i + 1;
        let mut words = 1;
        let mut in_of = false;
        while j < self.toks.len() && words < 12 {
            let t = self.toks[j];
            let txt = t.text(self.text);
            match t.kind {
                TokKind::Word => {
                    let lw = txt.to_lowercase();
                    if !t.glued && (lw == "of") {
                        // "tonnes of wheat", "leaders of human smuggling organizations",
                        // "tons of in-kind goods".
                        if self.is_word(j + 1)
                            && (!s.stops.contains(self.lower(j + 1)) || self.hyphen_compound(j + 1))
                            && !self.is_numberish(j + 1)
                        {
                            in_of = true;
                            end_tok = j + 1;
                            j += 2;
                            words += 2;
                            continue;
                        }
                        // "rounds of 105mm artillery ammunition": a calibre glued to its unit
                        // describes the thing counted.
                        if self.is_num(j + 1)
                            && self.glued(j + 2)
                            && matches!(self.lower(j + 2), "mm" | "cm")
                            && self.is_word(j + 3)
                            && !s.stops.contains(self.lower(j + 3))
                        {
                            in_of = true;
                            end_tok = j + 3;
                            j += 4;
                            words += 3;
                            continue;
                        }
                        break;
                    }
                    if !t.glued && matches!(lw.as_str(), "and" | "or" | "&") {
                        // "states and territories", "micro and small businesses"; not before
                        // a number ("25,000 Kurds and 5,000") or a stop word.
                        let nj = j + 1;
                        if self.is_word(nj)
                            && (!s.stops.contains(self.lower(nj)) || self.hyphen_compound(nj))
                            && !self.is_numberish(nj)
                            && !s.months.contains(self.lower(nj))
                            // "40 tonnes and Chad 12,000": the next figure's name.
                            && (!self.is_num(nj + 1) || self.glued(nj + 1))
                        {
                            end_tok = nj;
                            j = nj + 1;
                            words += 2;
                            continue;
                        }
                        break;
                    }
                    if t.glued {
                        // A word glued to what came before ("work-force" after "-").
                        end_tok = j;
                        j += 1;
                        continue;
                    }
                    // A model name: "Airbus A320 planes".
                    if self.is_num(j + 1)
                        && self.glued(j + 1)
                        && txt.chars().next().is_some_and(char::is_uppercase)
                    {
                        end_tok = j + 1;
                        j += 2;
                        words += 1;
                        continue;
                    }
                    // A participle after an adverb is an adjective: "internally displaced
                    // persons", "newly arrived refugees".
                    let adjective = self.lower(end_tok).ends_with("ly") && self.participle_before_noun(j);
                    if (s.stops.contains(lw.as_str()) && !self.hyphen_compound(j) && !adjective)
                        || s.months.contains(lw.as_str())
                        || self.is_numberish(j)
                    {
                        break;
                    }
                    // A verb after a plural noun ends the phrase: "1,500 migrants crossed".
                    let prev_plural = self.lower(end_tok);
                    let possessive = prev_plural.ends_with("'s") || prev_plural.ends_with("’s");
                    let prev_plural =
                        (prev_plural.ends_with('s') && !possessive) || PLURAL_NOUNS.contains(&prev_plural);
                    // So does a participle: "14 flights carrying 600 tonnes".
                    if prev_plural
                        && !self.hyphen_compound(j)
                        && (lw.ends_with("ed")
                            || (lw.ends_with("ing") && lw.len() > 5)
                            || PRESENT_VERBS.contains(&lw.as_str()))
                    {
                        break;
                    }
                    end_tok = j;
                    words += 1;
                    j += 1;
                }
                TokKind::Punct => {
                    // Inside-word joiners: "work-force", "returning/potential", "Pfizer–BioNTech",
                    // and the hanging hyphen of "low- and lower-income".
                    if matches!(txt, "-" | "–" | "/" | "‑") && t.glued {
                        if self
                            .toks
                            .get(j + 1)
                            .is_some_and(|n| n.glued && matches!(n.kind, TokKind::Word | TokKind::Num))
                        {
                            end_tok = j + 1;
                            j += 2;
                            continue;
                        }
                        if self.is(j + 1, "and") || self.is(j + 1, "or") {
                            // "low- and lower middle-income countries"
                            end_tok = j;
                            j += 1;
                            // Let the "and" rule above decide on the next word.
                            if self.toks.get(j).is_none_or(|n| n.glued) {
                                break;
                            }
                            let nj = j + 1;
                            if self.is_word(nj) && !s.stops.contains(self.lower(nj)) {
                                end_tok = nj;
                                j = nj + 1;
                                continue;
                            }
                            break;
                        }
                        break;
                    }
                    if txt == "," && in_of && self.of_list_continues(j) {
                        j += 1;
                        continue;
                    }
                    // An acronym in parentheses inside a name, before the counted noun:
                    // "nine Joint Training Facility (JTF) sites".
                    if txt == "(" && self.acronym_in_name(end_tok, j) {
                        end_tok = j + 3;
                        j += 4;
                        words += 2;
                        continue;
                    }
                    // A measure's abbreviation before "of": "25,000 metric tonnes (MT) of wheat".
                    if txt == "("
                        && end_tok + 1 == j
                        && s.measures.contains(self.lower(end_tok))
                        && self.t(j + 1).is_some_and(is_acronym)
                        && self.t(j + 2) == Some(")")
                        && self.is(j + 3, "of")
                    {
                        end_tok = j + 2;
                        j += 3;
                        words += 1;
                        continue;
                    }
                    break;
                }
                // A model number inside the name of the thing: "14 Leopard 2 tanks". Not a
                // count of its own ("40 tonnes and Chad 12,000 tonnes"): model numbers are short
                // and do not repeat the counted noun.
                TokKind::Num
                    if !t.glued
                        && end_tok == j - 1
                        && self.t(j - 1).is_some_and(is_title_case)
                        && self.is_word(j + 1)
                        && (self.glued(j + 1) || !s.stops.contains(self.lower(j + 1)))
                        && txt.len() <= 4
                        && txt.bytes().all(|b| b.is_ascii_digit())
                        && !self.lower(j + 1).eq_ignore_ascii_case(self.lower(i)) =>
                {
                    end_tok = j;
                    j += 1;
                }
                // A model name glued to its number: "CV90", "A320".
                TokKind::Num
                    if t.glued
                        && self.is_word(j - 1)
                        && self.t(j - 1).is_some_and(|w| w.starts_with(|c: char| c.is_uppercase())) =>
                {
                    end_tok = j;
                    j += 1;
                }
                TokKind::Num if t.glued && j > 0 && self.is_hyphen(j - 1) => {
                    // "COVID-19"
                    end_tok = j;
                    j += 1;
                }
                _ => break,
            }
        }
        if verbish && end_tok == i {
            return None;
        }
        // A rate ("354 km/h", "15 km per hour" is caught by "per"): a specification.
        if self.t(i + 1) == Some("/") && self.glued(i + 1) && (s.measures.contains(first) || first.len() <= 3)
        {
            return None;
        }
        // An address: "221 Baker Street".
        if end_tok > i && ADDRESS_WORDS.contains(&self.t(end_tok).unwrap_or("")) {
            return None;
        }
        // A duration inside the phrase: "three consecutive years of drought".
        let mut m = i;
        while m <= end_tok && !self.is(m, "of") {
            if self.is_word(m) && TIME_UNITS.contains(&self.lower(m)) {
                return None;
            }
            m += 1;
        }
        // Do not end on a hanging joiner.
        while end_tok > i && matches!(self.t(end_tok), Some("-" | "–" | "/" | "and" | "or" | "of")) {
            end_tok -= 1;
        }
        Some((self.span(i, end_tok), end_tok + 1))
    }

    /// Whether the `(` at `open` holds an acronym ("(JTF)") that sits inside a capitalised
    /// name ending at `last`, with the counted noun after it: "Joint Training Facility (JTF)
    /// sites".
    fn acronym_in_name(&self, last: usize, open: usize) -> bool {
        let acronym = is_acronym;
        last + 1 == open
            && self.t(last).is_some_and(is_title_case)
            && self.is_word(open + 1)
            && self.t(open + 1).is_some_and(acronym)
            && self.t(open + 2) == Some(")")
            && self.is_word(open + 3)
            && !sets().stops.contains(self.lower(open + 3))
            && !self.is_numberish(open + 3)
            && self.t(open + 3).is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
    }

    /// Whether the word at `i` is a past participle used as an adjective before a plural noun:
    /// "displaced families", "injured civilians" (not "the two agreed to").
    fn participle_before_noun(&self, i: usize) -> bool {
        let s = sets();
        let next = self.lower(i + 1);
        self.lower(i).ends_with("ed")
            && self.is_word(i + 1)
            && !self.glued(i + 1)
            && !s.stops.contains(next)
            && !s.months.contains(next)
            && !s.not_counted.contains(next)
            && !self.is_numberish(i + 1)
            && (next.ends_with('s') || PLURAL_NOUNS.contains(&next))
            && !(next.ends_with("ss") || next.ends_with("'s") || next.ends_with("’s"))
    }

    /// Whether the word at `i` is the first part of a hyphenated compound ("at-risk").
    fn hyphen_compound(&self, i: usize) -> bool {
        self.is_hyphen(i + 1) && self.glued(i + 1) && self.glued(i + 2) && self.is_word(i + 2)
    }

    /// After a comma inside an "of" phrase: does a list "wheat, rice, flour and other
    /// cereals" continue (words and commas up to an "and"/"or")?
    fn of_list_continues(&self, comma: usize) -> bool {
        let s = sets();
        let mut j = comma + 1;
        let mut words_since = 0;
        while j < self.toks.len() && j < comma + 16 {
            match self.kind(j) {
                Some(TokKind::Word) => {
                    let lw = self.lower(j);
                    if lw == "and" || lw == "or" {
                        return words_since > 0 || self.t(j - 1) == Some(",");
                    }
                    if s.stops.contains(lw) {
                        return false;
                    }
                    words_since += 1;
                    if words_since > 3 {
                        return false;
                    }
                }
                Some(TokKind::Punct) if self.t(j) == Some(",") => words_since = 0,
                _ => return false,
            }
            j += 1;
        }
        false
    }

    /// Whether token `i` begins a number (digits or a number word).
    fn is_numberish(&self, i: usize) -> bool {
        if self.is_num(i) {
            return true;
        }
        let lw = self.lower(i);
        lexicon::number_word(lw.as_bytes()).is_some()
    }

    /// A word right after the number that makes it a non-figure (percent, durations, times).
    fn not_counted_after(&self, k: usize) -> Option<Skip> {
        let t = self.toks.get(k)?;
        let txt = t.text(self.text);
        if txt == "%" {
            return Some(Skip::Percent);
        }
        if t.kind != TokKind::Word {
            return None;
        }
        let lw = txt.to_lowercase();
        if matches!(lw.as_str(), "percent" | "pct" | "percentage" | "per" if lw != "per" || self.is(k + 1, "cent"))
        {
            return Some(Skip::Percent);
        }
        if lw == "times" || lw == "fold" {
            return Some(Skip::Percent);
        }
        if sets().months.contains(lw.as_str()) && lw != "may" && lw != "mar" {
            return Some(Skip::Date);
        }
        None
    }

    /// Context before the number at token `i` that makes it a non-figure: dates ("March
    /// 24"), references ("No. 5", "Resolution 46"), ages ("aged 5"), years ("in 2004").
    /// A capitalised word before the number ("Leopard 2", "Gangapur 200 families") is reported
    /// as [`Before::TitleCase`]: the caller decides once it knows what follows.
    fn context_before(&self, i: usize, qualified: bool) -> Before {
        let s = sets();
        let prev = i.checked_sub(1);
        let prev_low = prev.map(|p| self.lower(p)).unwrap_or_default();
        let mut result = Before::Clear;
        if let Some(p) = prev.filter(|_| !qualified) {
            if s.months.contains(prev_low) && self.is_num(i) {
                return Before::Skip(Skip::Date);
            }
            if matches!(prev_low, "aged" | "age" | "ages") {
                return Before::Skip(Skip::NotCounted);
            }
            // "the Group of 20 leaders", "the Group of 77 developing countries": a name.
            if prev_low == "of" && p > 0 && self.t(p - 1) == Some("Group") {
                return Before::Skip(Skip::Name);
            }
            // "one in five children", "1 in 10 households": a proportion.
            if prev_low == "in" && p > 0 && matches!(self.lower(p - 1), "one" | "1") {
                return Before::Skip(Skip::NotCounted);
            }
            // "seven out of ten": a proportion.
            if prev_low == "of" && p > 0 && self.is(p - 1, "out") {
                return Before::Skip(Skip::NotCounted);
            }
            // "the 2+2 dialogue", "the P5+1 talks": a format's name, not a count.
            if matches!(self.t(p), Some("+")) && self.glued(i) && self.glued(p) && p > 0 && self.is_num(p - 1)
            {
                return Before::Skip(Skip::Name);
            }
            if s.number_before.contains(prev_low) || self.t(p) == Some("#") {
                return Before::Skip(Skip::Name);
            }
            // "No. 5"
            if self.t(p) == Some(".") && p > 0 && self.is(p - 1, "no") {
                return Before::Skip(Skip::Name);
            }
            // A capitalised word, not a possessive, not starting the sentence or a quotation,
            // in a sentence that is not a headline in capitals.
            if self.is_word(p) && p > 0 && !self.all_caps() && self.is_num(i) {
                let w = self.t(p).unwrap_or("");
                let mut chars = w.chars();
                let title = chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
                let possessive = w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'");
                let after_open = self.t(p - 1).is_some_and(|t| {
                    matches!(t, "(" | "\"" | "“" | "‘" | ":" | "–" | "—" | "-" | ";" | "." | "?" | "!")
                });
                if title
                    && !possessive
                    && !after_open
                    && !self.toks[p].newline_before
                    && self.symbol_at(p).is_none()
                {
                    result = Before::TitleCase;
                }
            }
        }
        // Years: a four-digit whole number from 1800 to 2099, unless a counted noun follows
        // and nothing before reads as a date ("2000 people", "over 2000 troops").
        if self.is_num(i) && self.is_year(i) {
            let next_low = self.lower(i + 1);
            // After a possessive: "the agency's 2024 appeals", "the Nations’ 2024 appeals".
            let possessive = matches!(prev_low, "'" | "’")
                || prev_low.ends_with("s'")
                || prev_low.ends_with("s’")
                || prev_low.ends_with("’s")
                || prev_low.ends_with("'s");
            let year_context = YEAR_BEFORE.contains(&prev_low) || possessive;
            let counted_next = self.is_word(i + 1)
                && !s.stops.contains(next_low)
                && !s.not_counted.contains(next_low)
                && !s.months.contains(next_low)
                && !YEAR_NOUNS.contains(&next_low)
                && (next_low.ends_with('s') || qualified || PLURAL_NOUNS.contains(&next_low));
            if (year_context && !qualified) || !counted_next {
                return Before::Skip(Skip::Date);
            }
        }
        result
    }

    fn is_year(&self, i: usize) -> bool {
        let s = self.t(i).unwrap_or("");
        s.len() == 4
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|y| (1800..=2099).contains(&y))
            && !self.toks.get(i + 1).is_some_and(|t| t.glued && t.kind == TokKind::Word)
    }
}

/// A numeral read at a token: its value, the index after it, and whether it was in words.
type Numeral = (Decimal, usize, bool);

enum Parse {
    Found(Candidate, usize),
    Skipped(Skip, usize),
    None,
}

fn big_scale_word(w: &str) -> Option<u32> {
    match w {
        "thousand" => Some(3),
        "million" => Some(6),
        "billion" => Some(9),
        "trillion" => Some(12),
        "lakh" | "lakhs" => Some(5),
        "crore" | "crores" => Some(7),
        _ => None,
    }
}

/// How a word (lower-cased) can open a figure, as a set of flags: the ways into
/// [`Grammar::parse_at`] that start at a word. Built once from the lexicon and the grammar's
/// own word lists, so that a word in none of them is passed over after one look-up
/// ([`Grammar::may_start`]).
#[derive(Clone, Copy, Default)]
struct Opens(u8);

impl Opens {
    /// The first word of a qualifier phrase ("more than", "a minimum of").
    const QUALIFIER: Opens = Opens(1);
    /// A number word, scale word or fraction: "seven", "million", "dozen", "half".
    const NUMBER: Opens = Opens(2);
    /// "a"/"an": one unit ("a dollar") or a number ("a million").
    const ARTICLE: Opens = Opens(4);
    /// The first word of a currency name written before digits ("ringgit 42", "us dollar").
    const CURRENCY_WORD: Opens = Opens(8);
    /// The first token of a sign, lower-cased ("us" of "US$"; compared as written after).
    const SIGN: Opens = Opens(16);
    /// "between ... and ...".
    const BETWEEN: Opens = Opens(32);
    /// "from" after "range(s)": "ranging from $3 trillion to $6 trillion".
    const FROM: Opens = Opens(64);

    fn any(self, of: Opens) -> bool {
        self.0 & of.0 != 0
    }
}

impl std::ops::BitOr for Opens {
    type Output = Opens;
    fn bitor(self, o: Opens) -> Opens {
        Opens(self.0 | o.0)
    }
}

/// The words that open a figure, with how (see [`Opens`]).
fn opening_words() -> &'static FxHashMap<String, Opens> {
    static W: OnceLock<FxHashMap<String, Opens>> = OnceLock::new();
    W.get_or_init(|| {
        let lex = Lexicon::get();
        let mut m: FxHashMap<String, Opens> = FxHashMap::default();
        let mut add = |w: &str, o: Opens| {
            let e = m.entry(w.to_string()).or_default();
            *e = *e | o;
        };
        for first in qualifier_index().keys() {
            add(first, Opens::QUALIFIER);
        }
        // What `number_words` reads first ("hundred" and "dozen" after "a").
        let scales =
            ["hundred", "thousand", "million", "billion", "trillion", "lakh", "lakhs", "crore", "crores"];
        for w in lexicon::NUMBER_WORDS.iter().map(|(w, _)| *w).chain(scales).chain(["dozen"]) {
            add(w, Opens::NUMBER);
        }
        for (w, _, _) in lexicon::FRACTION_WORDS {
            add(w, Opens::NUMBER);
        }
        add("a", Opens::ARTICLE);
        add("an", Opens::ARTICLE);
        for w in lex.word_firsts.keys() {
            add(w, Opens::CURRENCY_WORD);
        }
        for s in lex.symbol_firsts.keys() {
            add(&s.to_ascii_lowercase(), Opens::SIGN);
        }
        add("between", Opens::BETWEEN);
        add("from", Opens::FROM);
        m
    })
}

/// The shape of a scaled currency code ("MUSD", "TEUR"): four or five capital letters.
fn is_scaled_code_shape(w: &str) -> bool {
    (4..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
}

/// Qualifier phrases by their first word (without a trailing dot).
fn qualifier_index() -> &'static FxHashMap<&'static str, Vec<(&'static str, Qualifier)>> {
    static I: OnceLock<FxHashMap<&'static str, Vec<(&'static str, Qualifier)>>> = OnceLock::new();
    I.get_or_init(|| {
        let mut m: FxHashMap<&'static str, Vec<(&'static str, Qualifier)>> = FxHashMap::default();
        for &(phrase, q) in lexicon::QUALIFIERS_BEFORE {
            let first = phrase.split(' ').next().unwrap_or(phrase);
            m.entry(first.trim_end_matches('.')).or_default().push((phrase, q));
        }
        m
    })
}

/// An acronym: two to eight capital letters or digits, starting with a letter ("JTF", "MT").
fn is_acronym(w: &str) -> bool {
    (2..=8).contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && w.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
}

fn is_title_case(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn scaled_amount(a: &Amount) -> bool {
    a.scaled
}

/// `169.000` → 169000 when every dot is followed by exactly three digits.
/// Whether digits are written as a price: grouped thousands ("8,499", "1 250") or two decimals
/// ("273.00", "12,50").
fn price_digits(s: &str) -> bool {
    let grouped = s.contains([',', ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\''])
        && s.rsplit([',', ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\'']).next().is_some_and(|g| g.len() == 3);
    grouped || two_decimals(s)
}

/// Whether digits end in a decimal point or comma and two digits ("12.50", "145,00").
fn two_decimals(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4
        && matches!(b[b.len() - 3], b'.' | b',')
        && b[b.len() - 2..].iter().all(u8::is_ascii_digit)
        && b[..b.len() - 3].iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b','))
}

fn dot_grouped(s: &str) -> Option<Decimal> {
    let mut parts = s.split('.');
    let head = parts.next()?;
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = head.to_string();
    let mut groups = 0;
    for p in parts {
        if p.len() != 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(p);
        groups += 1;
    }
    if groups == 0 {
        return None;
    }
    number::decimal_from_parts(&digits, "")
}

fn family_index(s: CurrencySurface) -> usize {
    match s.cur {
        CurrencyRef::Family(f) => f,
        CurrencyRef::Code(_) => usize::MAX,
    }
}

/// Shares scale and currency between the two ends of a range: "$1-2 billion" → $1bn–$2bn;
/// "1,050-1,125 rupees" → both in rupees.
fn share_parts(low: &mut Amount, high: &mut Amount) {
    if !low.scaled && high.scaled {
        // Find the scale of the high end: high.value / its unscaled value is not known here,
        // so scale the low end by the smallest power of ten that keeps low ≤ high.
        let mut v = low.value;
        let mut best = None;
        for exp in [3u32, 5, 6, 7, 9, 12] {
            if let Some(scaled) = number::scale(low.value, exp)
                && scaled <= high.value
                // Past the largest decimal is certainly above the high end.
                && scaled.checked_mul(Decimal::from(1000)).is_none_or(|x| x > high.value)
            {
                best = Some(scaled);
            }
        }
        if let Some(b) = best {
            v = b;
            low.scaled = true;
        }
        low.value = v;
    }
    if low.currency.is_none() {
        low.currency = high.currency;
    }
    if high.currency.is_none() {
        high.currency = low.currency;
    }
}

fn rule_name(low: &Amount, high: Option<&Amount>, cur: CurrencyMark) -> &'static str {
    match (high.is_some(), cur.before, cur.surface.minor, low.words) {
        (true, _, _, _) => "money.range",
        (_, _, true, _) => "money.minor_unit",
        (_, true, _, _) => "money.sign_before",
        (_, false, _, true) => "money.words",
        (_, false, _, false) => "money.word_after",
    }
}
