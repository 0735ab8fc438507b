//! Candidates in context → figures: what a generic currency word means in this document, and
//! what a bare number counts.
//!
//! - Generic words (`$`, `dollars`, `rupees`, `francs`) take their family's default unless the
//!   sentence, the document or the countries it mentions say otherwise, as the family's row in
//!   `data/currency_families.tsv` prescribes. An amount in parentheses right after another is
//!   a conversion: it keeps the default (`3.1bn Australian dollars ($2.3bn)` is USD), and so
//!   does one restated after "or" (`S$300 million, or about $220 million`). In a
//!   sentence-scoped family, the default's own country named between the other member and the
//!   amount brings the default back (`S$2 million, and the United States gave $500,000`).
//! - A bare number joined by "to", "and" or "or" to the next amount, whose currency word follows
//!   it, is in that currency (`from 150 to 180 pence`).
//! - A bare number takes its meaning from a figure nearby: the figure before it in the same
//!   sentence (`91 mln marks in 1987 from 50 mln`), the counted noun of the next figure it is
//!   coordinated with (`700 and 1,800 workers`), the conversion that follows it
//!   (`1.6 billion ($2.54 billion)`), the last quantity when its noun is elided (`304 were
//!   reached`), or an earlier amount of the same value (`Rs4,000` … `4000`).

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rust_decimal::Decimal;

use super::grammar::{CandKind, Candidate};
use crate::figure::{Currency, CurrencySource, Figure, Qualifier, Unit};
use crate::lexicon::{CurrencyRef, FamilyContext, Lexicon};

/// The span of text (bytes) that document-scoped currency evidence is read from: a whole
/// article, or the neighbourhood of an amount in one huge file of many articles.
const EVIDENCE_CHUNK: usize = 32 * 1024;

/// Evidence is read in blocks of half a chunk, each once: a chunk's window (the chunk and half
/// a chunk on either side) is four blocks.
const EVIDENCE_BLOCK: usize = EVIDENCE_CHUNK / 2;

/// How far back (in bytes) "number of" is looked for.
const LOOKBACK: usize = 400;

/// A candidate with the sentence it came from.
pub struct Placed {
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Byte span of that sentence.
    pub sentence_span: (usize, usize),
    /// The candidate.
    pub cand: Candidate,
}

/// Options that change how context is read.
#[derive(Clone, Copy, Debug)]
pub struct ContextOptions {
    /// What a bare `$` / "dollars" means when nothing says otherwise.
    pub dollar: Currency,
    /// Report bare numbers that nothing explains as money of unknown currency (`XXX`).
    pub latent: bool,
}

/// What the text around some amounts says about the members of currency families: every
/// member-specific currency word ("Swiss franc", "Sri Lankan rupees", "SFr") and every
/// mention of a member's country, found in one pass over a chunk of text.
#[derive(Default)]
struct Evidence {
    /// (byte offset, currency) of every member-specific currency word.
    words: Vec<(usize, Currency)>,
    /// Mentions of each member's countries.
    countries: HashMap<Currency, usize>,
    /// (byte offset, currency) of every mention of a member's country, in order.
    places: Vec<(usize, Currency)>,
}

/// One pattern of the evidence automaton.
#[derive(Clone, Copy)]
enum Cue {
    /// A currency word or sign naming one member.
    Word(Currency),
    /// A country of a member (matched only when it starts with a capital letter as written).
    Country(Currency),
}

/// The evidence patterns: all families' member-specific words and signs, and the countries of
/// members of country-resolved families.
fn evidence_patterns() -> &'static (Vec<String>, Vec<Cue>) {
    static P: OnceLock<(Vec<String>, Vec<Cue>)> = OnceLock::new();
    P.get_or_init(|| {
        let lex = Lexicon::get();
        let mut pats: Vec<String> = Vec::new();
        let mut cues = Vec::new();
        for (w, s) in &lex.words {
            if let CurrencyRef::Code(c) = s.cur
                && lex.family_of.contains_key(&c)
                && w.len() > 3
            {
                pats.push(w.clone());
                cues.push(Cue::Word(c));
            }
        }
        for (w, s) in &lex.symbols {
            if let CurrencyRef::Code(c) = s.cur
                && lex.family_of.contains_key(&c)
                && w.chars().count() >= 2
                && w.chars().any(|ch| !ch.is_alphabetic())
            {
                pats.push(w.to_lowercase());
                cues.push(Cue::Word(c));
            }
        }
        for row in &lex.currencies {
            let by_country = lex
                .family_of
                .get(&row.code)
                .is_some_and(|&f| lex.families[f].context == FamilyContext::Country);
            if by_country {
                for c in &row.countries {
                    pats.push(c.clone());
                    cues.push(Cue::Country(row.code));
                }
            }
        }
        (pats, cues)
    })
}

/// Bytes of text scanned for evidence so far in this process.
static SCANNED: AtomicUsize = AtomicUsize::new(0);

/// After this many bytes, a DFA (slow to build, fast to run) replaces the NFA (quick to build).
const DFA_AFTER_BYTES: usize = 4 << 20;

/// The evidence automaton (leftmost-longest, case-insensitive; countries are checked for
/// their capital letter after matching). Short runs use an NFA that builds in a few
/// milliseconds; once a run has scanned a few megabytes, a DFA takes over.
fn automaton(len: usize) -> &'static AhoCorasick {
    static NFA: OnceLock<AhoCorasick> = OnceLock::new();
    static DFA: OnceLock<AhoCorasick> = OnceLock::new();
    let build = |kind| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&evidence_patterns().0)
            .expect("automaton from the lexicon")
    };
    if let Some(dfa) = DFA.get() {
        return dfa;
    }
    if SCANNED.fetch_add(len, Ordering::Relaxed) > DFA_AFTER_BYTES {
        return DFA.get_or_init(|| build(aho_corasick::AhoCorasickKind::DFA));
    }
    NFA.get_or_init(|| build(aho_corasick::AhoCorasickKind::ContiguousNFA))
}

fn word_boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl Evidence {
    /// The evidence in block `b` of `text`: words starting in its bytes (a word may run on
    /// into the next block).
    fn in_block(text: &str, b: usize) -> Evidence {
        let boundary = |mut at: usize| {
            at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        let (from, to) = (boundary(b * EVIDENCE_BLOCK), boundary((b + 1) * EVIDENCE_BLOCK));
        // Room for the longest word to end past the block.
        let slice = text.get(from..boundary(to + 64)).unwrap_or("");
        let ac = automaton(slice.len());
        let cues = &evidence_patterns().1;
        let mut words = Vec::new();
        let mut places = Vec::new();
        let mut countries: HashMap<Currency, usize> = HashMap::new();
        for m in ac.find_iter(slice) {
            let (s, e) = (from + m.start(), from + m.end());
            if s >= to {
                break;
            }
            if !word_boundary(text, s, e) {
                continue;
            }
            match cues[m.pattern().as_usize()] {
                Cue::Word(c) => words.push((s, c)),
                Cue::Country(c) => {
                    // Countries as written: "Turkey", not "turkey".
                    if text[s..].starts_with(|ch: char| ch.is_uppercase()) {
                        *countries.entry(c).or_default() += 1;
                        places.push((s, c));
                    }
                }
            }
        }
        Evidence { words, countries, places }
    }
}

/// Currencies outside the dollar's family whose hundredth is also written "c" or "cents".
const CENT_CURRENCIES: &[&str] = &["ZAR"];

/// "earnings rose to 512.4c" after "revenue of R48.2bn": bare cents after an amount stated in
/// the rand, in the same sentence or the one before, are rand cents (unless a dollar amount
/// comes between).
fn cents_of(placed: &[Placed], figures: &[Option<Figure>], n: usize) -> Option<Currency> {
    let (ss, _) = placed.get(n)?.sentence_span;
    let last = (0..n)
        .rev()
        .take_while(|&m| placed[m].sentence_span.0 == ss || placed[m].sentence_span.1 + 2 >= ss)
        .filter(|&m| matches!(&placed[m].cand.kind, CandKind::Money(mark) if !mark.surface.minor))
        .find_map(|m| figures.get(m).and_then(Option::as_ref).and_then(Figure::currency))?;
    CENT_CURRENCIES.iter().any(|c| last.as_str() == *c).then_some(last)
}

/// Resolves candidates into figures, in document order.
///
/// Linear in the number of candidates (up to logarithmic factors): every look-up across the
/// document goes through an index built once, so a 100 MB document with a million figures
/// takes no longer per figure than a short article.
/// `mentions` are the places naming one member of a currency family (see
/// [`super::grammar::Grammar::member_mentions`]), in document order.
pub fn resolve(
    text: &str,
    placed: &[Placed],
    mentions: &[(usize, Currency)],
    opts: &ContextOptions,
) -> Vec<Figure> {
    let mut r = Resolver {
        text,
        placed,
        opts,
        evidence: HashMap::new(),
        blocks: HashMap::new(),
        named: HashMap::new(),
        mentions,
        sentence_firsts: HashMap::new(),
        default_places: HashMap::new(),
    };
    let mut figures: Vec<Option<Figure>> = Vec::with_capacity(placed.len());

    // Pass 1: money and quantities that say what they are.
    for (n, p) in placed.iter().enumerate() {
        let c = &p.cand;
        let fig = match &c.kind {
            CandKind::Money(mark) => {
                let (code, source) = match mark.surface.cur {
                    CurrencyRef::Code(code) => (code, CurrencySource::Stated),
                    CurrencyRef::Family(f) => {
                        // "C$84.2 million, or 41 cents a share": a sum in cents after an
                        // amount is a part of it per share or per unit, in its currency.
                        let conversion = !mark.surface.minor
                            && ((c.in_parens && n > 0 && is_money(&placed[n - 1].cand))
                                || restated_with_or(text, placed, n));
                        let rand_cents = mark.surface.minor.then(|| cents_of(placed, &figures, n)).flatten();
                        let prior = (!mark.surface.minor)
                            .then(|| same_family_before(placed, &figures, n, f))
                            .flatten();
                        let code = rand_cents.unwrap_or_else(|| r.family_member(n, f, conversion, prior));
                        (code, CurrencySource::Resolved)
                    }
                };
                Some(make(c, Unit::Money(code), Some(source)))
            }
            CandKind::Quantity((s, e)) => {
                let subject = text.get(*s..*e).unwrap_or("").to_string();
                Some(make(c, Unit::Quantity(subject), None))
            }
            CandKind::Bare { .. } => None,
        };
        figures.push(fig);
    }

    // Pass 2: bare numbers, in order (a resolved bare number can explain the next one).
    let dominant = Dominant::of(&figures);
    let mut money_by_value: HashMap<Decimal, Currency> = HashMap::new();
    let mut prev: Option<usize> = None;
    for n in 0..placed.len() {
        if figures[n].is_none()
            && let CandKind::Bare { elided_subject } = placed[n].cand.kind
        {
            let c = &placed[n].cand;
            if let Some((cur, minor)) = coordinated_money(text, placed, &figures, n) {
                let mut f =
                    make(c, Unit::Money(cur), Some(CurrencySource::Context)).with_rule("bare.coordinated");
                if minor {
                    f.value /= Decimal::ONE_HUNDRED;
                    f.high = f.high.map(|h| h / Decimal::ONE_HUNDRED);
                }
                figures[n] = Some(f);
            } else {
                let ctx = BareContext {
                    figures: &figures,
                    n,
                    prev,
                    dominant: &dominant,
                    money_by_value: &money_by_value,
                };
                let unit = bare_unit(text, placed, &ctx, elided_subject);
                figures[n] = match unit {
                    Some(u @ Unit::Money(_)) => {
                        Some(make(c, u, Some(CurrencySource::Context)).with_rule("bare.context"))
                    }
                    Some(u) => Some(make(c, u, None).with_rule("bare.context")),
                    None if opts.latent => Some(
                        make(c, Unit::Money(Currency::UNKNOWN), Some(CurrencySource::Context))
                            .with_rule("bare.latent"),
                    ),
                    None => None,
                };
            }
        }
        if let Some(f) = &figures[n] {
            prev = Some(n);
            if let Unit::Money(cur) = f.unit
                && f.high.is_none()
                && cur != Currency::UNKNOWN
            {
                money_by_value.entry(f.value).or_insert(cur);
            }
        }
    }
    // Index figures as they will be returned, and link each conversion in parentheses to the
    // money figure right before it.
    let mut out: Vec<Figure> = Vec::with_capacity(figures.len());
    let mut last_money: Option<(usize, usize)> = None; // (candidate index, output index)
    for (n, f) in figures.into_iter().enumerate() {
        let Some(mut f) = f else { continue };
        // "9.6 billion yen, or about 63 mln dlrs": the same amount in another currency.
        let or_restated = |at: usize| {
            restated_with_or(text, placed, n)
                && out.get(at).is_some_and(|p: &Figure| p.currency() != f.currency())
        };
        if f.currency().is_some()
            && let Some((m, at)) = last_money
            && m + 1 == n
            && (placed[n].cand.in_parens || or_restated(at))
        {
            // "86.7bn Swiss francs ($74.6bn; £39.1bn)": both restate the first.
            f.restates = Some(out[at].restates.unwrap_or(at));
        }
        if f.currency().is_some() {
            last_money = Some((n, out.len()));
        }
        out.push(f);
    }
    out
}

/// Indexes over one document, built on first use.
struct Resolver<'a> {
    text: &'a str,
    placed: &'a [Placed],
    opts: &'a ContextOptions,
    /// Per chunk: what the text says about family members.
    evidence: HashMap<usize, Evidence>,
    /// Evidence by block of [`EVIDENCE_BLOCK`] bytes (a chunk's window spans four).
    blocks: HashMap<usize, Evidence>,
    /// Per family and chunk: positions of amounts and words naming one member, sorted.
    named: HashMap<(usize, usize), Vec<(usize, Currency)>>,
    /// Places naming one member of a family, in order.
    mentions: &'a [(usize, Currency)],
    /// Per family and sentence: see [`Resolver::first_in_sentence`].
    sentence_firsts: HashMap<(usize, usize), FirstNamed>,
    /// Per sentence and default currency: where the sentence names the default's country
    /// (see [`Resolver::default_named_between`]).
    default_places: HashMap<(usize, Currency), Vec<usize>>,
}

/// Whether money candidate `n` restates the amount right before it after "or": "S$300
/// million, or about $220 million". Like a conversion in parentheses, it is in the default.
fn restated_with_or(text: &str, placed: &[Placed], n: usize) -> bool {
    let Some(m) = n.checked_sub(1) else {
        return false;
    };
    let (prev, here) = (&placed[m], &placed[n]);
    if prev.sentence != here.sentence || !is_money(&prev.cand) {
        return false;
    }
    let (a, b) = (prev.cand.span.1, here.cand.span.0);
    if b < a || b - a > 32 {
        return false;
    }
    let gap = text.get(a..b).unwrap_or("").trim();
    let approx = here.cand.qualifier == Qualifier::Approx;
    // "a 4.2 billion yen loan, or about 32 mln dlrs": the noun of the amount may come between,
    // when the restatement is approximate (not "$5m in loans, or $3m in grants").
    let noun_between = gap.strip_suffix(", or").is_some_and(|words| {
        let words: Vec<&str> = words.split(' ').collect();
        words.len() <= 2
            && words.iter().all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase()))
            && !words.iter().any(|w| matches!(*w, "in" | "of" | "for" | "to" | "and" | "from" | "each"))
    });
    gap == ", or" || (gap == "or" && approx) || (noun_between && approx)
}

/// The places in `text[from..to]` naming one of `countries` as a whole word (a plural "s"
/// allowed: "Americans").
fn country_places(text: &str, from: usize, to: usize, countries: &[String]) -> Vec<usize> {
    let Some(s) = text.get(from..to) else {
        return Vec::new();
    };
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    for c in countries {
        for (at, _) in s.match_indices(c.as_str()) {
            let end = at + c.len();
            let before_ok = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            let after = if bytes.get(end) == Some(&b's') { end + 1 } else { end };
            let after_ok = c.ends_with('.') || bytes.get(after).is_none_or(|b| !b.is_ascii_alphanumeric());
            // "Latin America", "South American" are not the United States.
            let region = s[..at].ends_with("Latin ")
                || s[..at].ends_with("South ")
                || s[..at].ends_with("Central ")
                || s[..at].ends_with("North ");
            if before_ok && after_ok && !region {
                out.push(from + at);
            }
        }
    }
    out.sort_unstable();
    out
}

/// The first amount (candidate index) and first word (byte position) naming a family member.
type FirstNamed = (Option<(usize, Currency)>, Option<(usize, Currency)>);

fn is_money(c: &Candidate) -> bool {
    matches!(c.kind, CandKind::Money(_))
}

trait WithRule {
    fn with_rule(self, rule: &'static str) -> Self;
}

impl WithRule for Figure {
    fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule = rule;
        self
    }
}

fn make(c: &Candidate, unit: Unit, source: Option<CurrencySource>) -> Figure {
    let source = if matches!(unit, Unit::Money(_)) { source } else { None };
    Figure {
        start: c.span.0,
        end: c.span.1,
        value: c.value,
        high: c.high,
        qualifier: c.qualifier,
        unit,
        core: c.core,
        currency_source: source,
        rule: c.rule,
        restates: None,
    }
}

impl Resolver<'_> {
    /// The member of family `f` that the candidate `n` means.
    fn family_member(&mut self, n: usize, f: usize, conversion: bool, prior: Option<Currency>) -> Currency {
        let lex = Lexicon::get();
        let family = &lex.families[f];
        let default = if family.key == "dollar" { self.opts.dollar } else { family.default };
        if conversion {
            // A conversion restates the amount before it in another currency: the default.
            return default;
        }
        let member = |c: Currency| lex.in_family(c, f);
        let p = &self.placed[n];
        let here = p.cand.span.0;
        // In a sentence-scoped family only what comes before counts: "Japan ($1.08 billion)
        // and Canada ($1.21 billion Canadian)" keeps the first in US dollars.
        let before_only = family.context == FamilyContext::Sentence;
        let (ss, se) = p.sentence_span;
        if before_only {
            // Only the sentence so far: amounts stated in a member, then words naming one.
            let (amount, word) = self.first_in_sentence(f, n);
            let named = match amount {
                Some((at, c)) if at < n => Some((self.placed[at].cand.span.1, c)),
                _ => word.filter(|(pos, _)| *pos < here),
            };
            return match named {
                // The default's own country named after the other member and before this amount
                // brings the default back: "Singapore gave S$2 million and the United States
                // $500,000".
                Some((pos, c)) if c != default && self.default_named_between(n, default, pos, here) => {
                    default
                }
                Some((_, c)) => c,
                None => default,
            };
        }
        // A document-scoped family looks at the text around the amount: the whole article, or
        // for one huge file of many articles, the surrounding chunk.
        let chunk = here / EVIDENCE_CHUNK;
        self.index_family(f, chunk);
        // "Sweden gave 400m kronor, Norway 350m kroner and Denmark 200m kroner": the first member
        // country named in the amount's own clause, before it ("Britain gave Sudan 5m pounds"
        // keeps the giver's).
        let clause = self.text.get(ss..here).map_or(ss, |before| {
            [", ", "; ", " and ", " while ", " whereas "]
                .iter()
                .filter_map(|b| before.rfind(b).map(|at| ss + at + b.len()))
                .max()
                .unwrap_or(ss)
        });
        let places = &self.evidence[&chunk].places;
        let lo = places.partition_point(|(pos, _)| *pos < clause);
        if let Some((_, c)) = places[lo..].iter().take_while(|(pos, _)| *pos < here).find(|(_, c)| member(*c))
        {
            return *c;
        }
        let named = &self.named[&(f, chunk)];
        // A member named in the same sentence (on an amount or in words).
        let lo = named.partition_point(|(pos, _)| *pos < ss);
        if let Some((pos, c)) = named.get(lo)
            && *pos < se
        {
            return *c;
        }
        // "Britain pledged 48 million pounds and a further 10 million pounds": a clause that
        // names no member country keeps the currency of the sentence's last amount in the
        // family.
        // Not after a receiving verb: "Jordan and Tunisia were lent four mln dinars each, and a
        // 6.5 mln dinar loan went to Bangladesh" names the receivers, not the lender.
        if let Some(c) = prior
            && !receives_between(self.text.get(ss..here).unwrap_or(""))
        {
            return c;
        }
        // A member named nearby: the nearest one before, else the first after.
        let at = named.partition_point(|(pos, _)| *pos < here);
        if at > 0 {
            return named[at - 1].1;
        }
        if let Some((_, c)) = named.first() {
            return *c;
        }
        if family.context == FamilyContext::Country
            && let Some(ev) = self.evidence.get(&chunk)
        {
            let mut best: Option<(usize, Currency)> = None;
            for (c, count) in &ev.countries {
                if member(*c) {
                    let better = match best {
                        None => true,
                        // Ties go to the default, then to the lower code: the map's order is
                        // random per process, and output must not depend on it.
                        Some((bc, bcode)) => {
                            *count > bc || *count == bc && bcode != default && (*c == default || *c < bcode)
                        }
                    };
                    if better {
                        best = Some((*count, *c));
                    }
                }
            }
            if let Some((_, c)) = best {
                return c;
            }
        }
        default
    }

    /// Whether the sentence of candidate `n` names a country of currency `default` between
    /// byte positions `from` and `to`. The sentence is scanned once per default currency.
    fn default_named_between(&mut self, n: usize, default: Currency, from: usize, to: usize) -> bool {
        let p = &self.placed[n];
        let key = (p.sentence, default);
        if !self.default_places.contains_key(&key) {
            let lex = Lexicon::get();
            let countries = lex.currencies.iter().find(|r| r.code == default).map(|r| r.countries.as_slice());
            let (ss, se) = p.sentence_span;
            let places = country_places(self.text, ss, se, countries.unwrap_or(&[]));
            self.default_places.insert(key, places);
        }
        let places = &self.default_places[&key];
        let at = places.partition_point(|&q| q < from);
        places.get(at).is_some_and(|&q| q < to)
    }

    /// In the sentence of candidate `n`: the first amount stated in a member of family `f`
    /// (candidate index) and the first word naming one (byte position). Found once per
    /// sentence and family, so a sentence of a million amounts stays linear.
    fn first_in_sentence(&mut self, f: usize, n: usize) -> FirstNamed {
        let p = &self.placed[n];
        if let Some(found) = self.sentence_firsts.get(&(f, p.sentence)) {
            return *found;
        }
        let lex = Lexicon::get();
        let member = |c: Currency| lex.in_family(c, f);
        let (ss, se) = p.sentence_span;
        let first = self.placed.partition_point(|q| q.sentence < p.sentence);
        let amount =
            self.placed[first..].iter().enumerate().take_while(|(_, q)| q.sentence == p.sentence).find_map(
                |(i, q)| match &q.cand.kind {
                    CandKind::Money(m) => match m.surface.cur {
                        CurrencyRef::Code(c) if member(c) => Some((first + i, c)),
                        _ => None,
                    },
                    _ => None,
                },
            );
        let lo = self.mentions.partition_point(|(pos, _)| *pos < ss);
        let word =
            self.mentions[lo..].iter().take_while(|(pos, _)| *pos < se).find(|(_, c)| member(*c)).copied();
        self.sentence_firsts.insert((f, p.sentence), (amount, word));
        (amount, word)
    }

    /// Builds the sorted list of places naming a member of family `f` around chunk `chunk`.
    fn index_family(&mut self, f: usize, chunk: usize) {
        if self.named.contains_key(&(f, chunk)) {
            return;
        }
        let lex = Lexicon::get();
        let member = |c: Currency| lex.in_family(c, f);
        // The chunk and half a chunk on either side, on character boundaries.
        let text = self.text;
        let mut from = (chunk * EVIDENCE_CHUNK).saturating_sub(EVIDENCE_CHUNK / 2);
        let mut to = ((chunk + 1) * EVIDENCE_CHUNK + EVIDENCE_CHUNK / 2).min(text.len());
        while from > 0 && !text.is_char_boundary(from) {
            from -= 1;
        }
        while to < text.len() && !text.is_char_boundary(to) {
            to += 1;
        }
        if !self.evidence.contains_key(&chunk) {
            // The blocks making up the window, each read once for all the chunks around it.
            let mut ev = Evidence::default();
            let blocks =
                (2 * chunk).saturating_sub(1)..(2 * chunk + 3).min(text.len().div_ceil(EVIDENCE_BLOCK));
            for b in blocks {
                let block = self.blocks.entry(b).or_insert_with(|| Evidence::in_block(text, b));
                ev.words.extend(&block.words);
                ev.places.extend(&block.places);
                for (c, n) in &block.countries {
                    *ev.countries.entry(*c).or_default() += n;
                }
            }
            self.evidence.insert(chunk, ev);
        }
        let ev = &self.evidence[&chunk];
        let lo = self.placed.partition_point(|q| q.cand.span.0 < from);
        let hi = self.placed.partition_point(|q| q.cand.span.0 < to);
        let mut named: Vec<(usize, Currency)> = self.placed[lo..hi]
            .iter()
            .filter_map(|q| match &q.cand.kind {
                CandKind::Money(m) => match m.surface.cur {
                    CurrencyRef::Code(c) if member(c) => Some((q.cand.span.0, c)),
                    _ => None,
                },
                _ => None,
            })
            .chain(ev.words.iter().copied().filter(|(_, c)| member(*c)))
            .collect();
        named.sort_by_key(|(pos, _)| *pos);
        self.named.insert((f, chunk), named);
    }
}

/// Currencies stated in the document, most frequent first (ties: first seen first).
struct Dominant(Vec<Currency>);

impl Dominant {
    fn of(figures: &[Option<Figure>]) -> Dominant {
        let mut counts: HashMap<Currency, (usize, usize)> = HashMap::new();
        for (i, f) in figures.iter().flatten().enumerate() {
            if let (Some(c), Some(CurrencySource::Stated | CurrencySource::Resolved)) =
                (f.currency(), f.currency_source)
                && c != Currency::UNKNOWN
            {
                counts.entry(c).or_insert((0, i)).0 += 1;
            }
        }
        let mut v: Vec<(Currency, (usize, usize))> = counts.into_iter().collect();
        v.sort_by_key(|(_, (n, first))| (std::cmp::Reverse(*n), *first));
        Dominant(v.into_iter().map(|(c, _)| c).collect())
    }

    /// The most frequent stated currency other than `not`.
    fn other_than(&self, not: Currency) -> Option<Currency> {
        self.0.iter().copied().find(|c| *c != not)
    }
}

/// Whether the words between a country and its amount make the country a receiver: a
/// receiving verb ("will receive", "got") or a passive giving one ("were lent", "was given").
fn receives_between(between: &str) -> bool {
    let words: Vec<&str> = between.split_whitespace().collect();
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_ascii_lowercase();
        matches!(
            w.as_str(),
            "receive"
                | "receives"
                | "received"
                | "receiving"
                | "get"
                | "gets"
                | "got"
                | "borrow"
                | "borrows"
                | "borrowed"
        ) || i > 0
            && matches!(words[i - 1], "was" | "were" | "is" | "are" | "be" | "been")
            && matches!(
                w.as_str(),
                "lent" | "given" | "granted" | "offered" | "promised" | "awarded" | "loaned"
            )
    })
}

/// The currency of the last amount before `n` in the same sentence written with a word or
/// sign of family `f` (not in its sub-unit, not a conversion in brackets).
fn same_family_before(placed: &[Placed], figures: &[Option<Figure>], n: usize, f: usize) -> Option<Currency> {
    let sentence = placed.get(n)?.sentence;
    (0..n).rev().take_while(|&m| placed[m].sentence == sentence).find_map(|m| {
        let CandKind::Money(mark) = &placed[m].cand.kind else { return None };
        if mark.surface.cur != CurrencyRef::Family(f) || mark.surface.minor || placed[m].cand.in_parens {
            return None;
        }
        figures.get(m)?.as_ref()?.currency()
    })
}

/// What pass 2 knows when it reaches bare number `n`.
struct BareContext<'a> {
    figures: &'a [Option<Figure>],
    n: usize,
    /// The last candidate before `n` that is a figure.
    prev: Option<usize>,
    dominant: &'a Dominant,
    /// The first currency seen for each value of money before `n`.
    money_by_value: &'a HashMap<Decimal, Currency>,
}

/// What a bare number counts, from the figures around it.
fn bare_unit(text: &str, placed: &[Placed], ctx: &BareContext<'_>, elided: bool) -> Option<Unit> {
    let (figures, n) = (ctx.figures, ctx.n);
    let p = &placed[n];
    let c = &p.cand;
    let next_fig = placed.get(n + 1).zip(figures.get(n + 1).and_then(Option::as_ref));
    // 1. A conversion follows: "1.6 billion ($2.54 billion)" — the document's own currency.
    if let Some((next, nf)) = next_fig
        && next.cand.in_parens
        && let Some(paren_cur) = nf.currency()
        && c.scaled
    {
        return ctx.dominant.other_than(paren_cur).map(Unit::Money);
    }
    // 2. Coordinated with the next figure: "700 and 1,800 workers"; or a part of it: "45,000
    //    of the 60,000 homes".
    if let Some((next, nf)) = next_fig
        && next.sentence == p.sentence
        && matches!(nf.unit, Unit::Quantity(_))
        && (coordinated(text, c.span.1, next.cand.span.0)
            || (part_of(text, c.span.1, next.cand.span.0) && c.value > Decimal::ONE))
    {
        return Some(nf.unit.clone());
    }
    // 3. "the number of people … from 200 million to 10 million".
    if let Some(subject) = number_of(text, p.sentence_span.0, c.span.0) {
        return Some(Unit::Quantity(subject));
    }
    // 4. The figure before it in the same sentence.
    let prev = ctx.prev.and_then(|m| figures[m].as_ref().map(|f| (m, f)));
    if let Some((m, f)) = prev
        && placed[m].sentence == p.sentence
    {
        // "18 mln to reseal 320 km of road and 11 mln to build 150 health posts": a scaled
        // number in the same frame as an earlier scaled amount of money (the same word after
        // each) is money like it, past the count inside the first one's clause.
        if c.scaled
            && matches!(f.unit, Unit::Quantity(_))
            && let Some(cur) = (0..m).rev().take_while(|&j| placed[j].sentence == p.sentence).find_map(|j| {
                let money = figures[j].as_ref()?;
                let Unit::Money(cur) = money.unit else { return None };
                let same_frame = placed[j].cand.scaled
                    && next_word(text, placed[j].cand.span.1) == next_word(text, c.span.1)
                    && !next_word(text, c.span.1).is_empty();
                same_frame.then_some(cur)
            })
        {
            return Some(Unit::Money(cur));
        }
        // Money passes only to a number with a scale word ("from 50 mln"): a plain number
        // after an amount is usually something else ("$4.25 and 32 items").
        // A number word passes a counted noun only before punctuation or a preposition
        // ("compared with nine in 2020"), not before a verb ("the two held talks").
        let ok = match f.unit {
            Unit::Money(_) => c.scaled,
            Unit::Quantity(_) => !c.words || next_is_light(text, c.span.1),
        };
        if ok {
            return Some(f.unit.clone());
        }
    }
    // 5. An elided noun: "Around 1,400 were dismantled" after "13,500 mosques".
    if elided
        && let Some((m, f)) = prev
        && p.sentence - placed[m].sentence <= 2
        && matches!(f.unit, Unit::Quantity(_))
    {
        return Some(f.unit.clone());
    }
    // 6. A scaled amount soon after money: "profits of 12.26 mln" after "115.3 mln stg".
    //    The last amount of money, past counts between ("... to build 150 health posts. Port
    //    Moresby had asked for 300 mln").
    if c.scaled
        && let Some(cur) = (0..n).rev().take_while(|&j| p.sentence - placed[j].sentence <= 2).find_map(|j| {
            match figures[j].as_ref()?.unit {
                Unit::Money(cur) if cur != Currency::UNKNOWN => Some(cur),
                _ => None,
            }
        })
    {
        return Some(Unit::Money(cur));
    }
    // 7. The same value as an earlier amount of money: "Rs4,000" … "4000".
    if (c.value >= Decimal::from(100) || c.scaled)
        && c.high.is_none()
        && let Some(cur) = ctx.money_by_value.get(&c.value)
    {
        return Some(Unit::Money(*cur));
    }
    None
}

/// The noun after the last "number of" between `from` and `to`: what the numbers of a
/// sentence like "the number of people fell from 200 million to 10 million" count.
fn number_of(text: &str, from: usize, to: usize) -> Option<String> {
    // Look back a bounded distance: a 100 MB sentence must not make this quadratic.
    let mut from = from.max(to.saturating_sub(LOOKBACK));
    while from < to && !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..to)?;
    let lower = before.to_ascii_lowercase();
    let at = lower.rfind("number of ")? + "number of ".len();
    let stops = crate::lexicon::PHRASE_STOPS;
    let words: Vec<&str> = before[at..]
        .split_whitespace()
        .take_while(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
        .take_while(|w| !stops.contains(&w.to_ascii_lowercase().as_str()))
        .take(4)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The word right after byte `at` (lower case; empty before punctuation or the end).
fn next_word(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("").trim_start();
    rest.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase()
}

/// Whether what follows `at` is punctuation, the end, or a preposition.
fn next_is_light(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or("").trim_start();
    match rest.chars().next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => {
            let w = next_word(text, at);
            matches!(
                w.as_str(),
                "in" | "of"
                    | "from"
                    | "to"
                    | "for"
                    | "at"
                    | "on"
                    | "by"
                    | "with"
                    | "than"
                    | "already"
                    | "now"
                    | "still"
                    | "also"
                    | "currently"
                    | "so"
                    | "yet"
                    | "each"
                    | "respectively"
                    | "more"
                    | "less"
                    | "altogether"
                    | "together"
                    | "in total"
                    | "last"
                    | "this"
                    | "next"
            )
        }
    }
}

/// Whether only "and", "or" or a comma lie between a bare number and the next figure.
/// A bare number joined by "to", "and" or "or" to the next amount, whose currency word
/// follows it: "from 150 to 180 pence", "between 10 and 20 dollars". It is in that currency
/// (and in its minor unit: the flag). Not when only the next amount has a scale word ("from 2
/// to 5 million euros" may mean 2 or 2 million).
fn coordinated_money(
    text: &str,
    placed: &[Placed],
    figures: &[Option<Figure>],
    n: usize,
) -> Option<(Currency, bool)> {
    let (p, next) = (&placed[n], placed.get(n + 1)?);
    let nf = figures.get(n + 1)?.as_ref()?;
    let CandKind::Money(mark) = &next.cand.kind else {
        return None;
    };
    let Unit::Money(cur) = nf.unit else {
        return None;
    };
    let (a, b) = (p.cand.span.1, next.cand.span.0);
    let joined =
        b >= a && b - a <= 6 && text.get(a..b).is_some_and(|t| matches!(t.trim(), "to" | "and" | "or"));
    let ok = joined
        && next.sentence == p.sentence
        && !next.cand.in_parens
        && !mark.before
        && cur != Currency::UNKNOWN
        && p.cand.high.is_none()
        && next.cand.high.is_none()
        && p.cand.scaled == next.cand.scaled;
    ok.then_some((cur, mark.surface.minor))
}

/// Whether the text between `a` and `b` makes the first number a part of the second: "of the"
/// ("17 of the 30 districts").
fn part_of(text: &str, a: usize, b: usize) -> bool {
    b >= a && b - a <= 10 && text.get(a..b).is_some_and(|t| t.split_whitespace().eq(["of", "the"]))
}

fn coordinated(text: &str, a: usize, b: usize) -> bool {
    text.get(a..b).is_some_and(|t| matches!(t.trim(), "and" | "or" | "," | "&"))
}
