//! Every English word list pledger uses, in one place, as data.
//!
//! Small closed classes (number words, scale words, qualifier phrases, words that end a noun
//! phrase) are tables in this file. Large open lists live in `data/*.tsv`, embedded in the
//! binary at compile time and parsed once on first use by [`Lexicon::get`]:
//!
//! - `data/currencies.tsv`: every ISO 4217 currency with its signs, names and countries;
//! - `data/currency_families.tsv`: generic words shared by several currencies (`$`,
//!   `dollars`, `rupees`, `francs`) and how a document resolves them;
//! - `data/parties.tsv`: countries, organisations, agencies and regions (for the ledger).
//!
//! Adding a currency, a scale word or a qualifier is one row here plus one corpus line in
//! `tests/corpus/`; no code changes.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use crate::figure::{Currency, Qualifier};

/// Number words and their values. `a`/`an` are handled by the parser (they count as one only
/// before a scale word or `dozen`).
pub const NUMBER_WORDS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fourty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The value of number word `w` (lower case), from [`NUMBER_WORDS`], by one hash look-up
/// (most words are turned away by their length or first letter before it).
pub fn number_word(w: &[u8]) -> Option<u32> {
    struct Table {
        by_word: FxHashMap<&'static [u8], u32>,
        lengths: std::ops::RangeInclusive<usize>,
        firsts: [bool; 256],
    }
    static TABLE: OnceLock<Table> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut firsts = [false; 256];
        for (w, _) in NUMBER_WORDS {
            firsts[usize::from(w.as_bytes()[0])] = true;
        }
        let len = |f: fn(usize, usize) -> usize| NUMBER_WORDS.iter().map(|(w, _)| w.len()).reduce(f);
        Table {
            by_word: NUMBER_WORDS.iter().map(|(w, v)| (w.as_bytes(), *v)).collect(),
            lengths: len(usize::min).unwrap_or(0)..=len(usize::max).unwrap_or(0),
            firsts,
        }
    });
    let first = *w.first()?;
    if !t.firsts[usize::from(first)] || !t.lengths.contains(&w.len()) {
        return None;
    }
    t.by_word.get(w).copied()
}

/// Scale words and abbreviations: (surface, power of ten, how it may be written).
///
/// Surfaces are matched case-insensitively unless the [`ScaleUse`] says otherwise.
pub const SCALES: &[(&str, u32, ScaleUse)] = &[
    ("hundred", 2, ScaleUse::Word),
    ("thousand", 3, ScaleUse::Word),
    ("k", 3, ScaleUse::Glued),
    ("grand", 3, ScaleUse::AfterDigits),
    ("million", 6, ScaleUse::Word),
    ("mn", 6, ScaleUse::Abbrev),
    ("mln", 6, ScaleUse::Abbrev),
    ("mil", 6, ScaleUse::Abbrev),
    ("mio", 6, ScaleUse::Abbrev),
    ("m", 6, ScaleUse::Glued),
    ("MM", 6, ScaleUse::CaseSensitive),
    ("T", 12, ScaleUse::CaseSensitive),
    ("billion", 9, ScaleUse::Word),
    ("bn", 9, ScaleUse::Abbrev),
    ("bln", 9, ScaleUse::Abbrev),
    ("bil", 9, ScaleUse::Abbrev),
    ("b", 9, ScaleUse::Glued),
    ("trillion", 12, ScaleUse::Word),
    ("tn", 12, ScaleUse::Abbrev),
    ("trn", 12, ScaleUse::Abbrev),
    ("tln", 12, ScaleUse::Abbrev),
    ("lakh", 5, ScaleUse::Word),
    ("lakhs", 5, ScaleUse::Word),
    ("lac", 5, ScaleUse::Abbrev),
    ("lacs", 5, ScaleUse::Abbrev),
    ("crore", 7, ScaleUse::Word),
    ("crores", 7, ScaleUse::Word),
    ("cr", 7, ScaleUse::Abbrev),
];

/// How a scale surface may appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleUse {
    /// A word: after digits or number words ("1.6 billion", "two million", "a million").
    Word,
    /// An abbreviation: after digits, glued or spaced ("5bn", "300 mln").
    Abbrev,
    /// A single letter, only glued to digits ("£15m", "$2b", "5k").
    Glued,
    /// Only after digits, spaced or glued, matched case-sensitively ("$5MM").
    CaseSensitive,
    /// Only after digits and only for money ("5 grand").
    AfterDigits,
}

/// Fractions written as words that scale a following number word ("half a million",
/// "three quarters of a billion"): (surface, numerator, denominator).
pub const FRACTION_WORDS: &[(&str, u32, u32)] = &[("half", 1, 2), ("quarter", 1, 4), ("quarters", 1, 4)];

/// Qualifier phrases written before a figure, longest first within each first word.
pub const QUALIFIERS_BEFORE: &[(&str, Qualifier)] = &[
    ("more than", Qualifier::Over),
    ("over", Qualifier::Over),
    ("above", Qualifier::Over),
    ("at least", Qualifier::Over),
    ("upwards of", Qualifier::Over),
    ("upward of", Qualifier::Over),
    ("in excess of", Qualifier::Over),
    ("a minimum of", Qualifier::Over),
    ("well over", Qualifier::Over),
    ("just over", Qualifier::Over),
    ("well above", Qualifier::Over),
    ("greater than", Qualifier::Over),
    ("exceeding", Qualifier::Over),
    ("no less than", Qualifier::Over),
    ("not less than", Qualifier::Over),
    ("no fewer than", Qualifier::Over),
    ("north of", Qualifier::Over),
    ("up to", Qualifier::Under),
    ("less than", Qualifier::Under),
    ("fewer than", Qualifier::Under),
    ("under", Qualifier::Under),
    ("just under", Qualifier::Under),
    ("below", Qualifier::Under),
    ("at most", Qualifier::Under),
    ("nearly", Qualifier::Under),
    ("almost", Qualifier::Under),
    ("close to", Qualifier::Under),
    ("not to exceed", Qualifier::Under),
    ("not exceeding", Qualifier::Under),
    ("as much as", Qualifier::Under),
    ("as many as", Qualifier::Under),
    ("as high as", Qualifier::Under),
    ("no more than", Qualifier::Under),
    ("not more than", Qualifier::Under),
    ("a maximum of", Qualifier::Under),
    ("just shy of", Qualifier::Under),
    ("about", Qualifier::Approx),
    ("around", Qualifier::Approx),
    ("roughly", Qualifier::Approx),
    ("some", Qualifier::Approx),
    ("approximately", Qualifier::Approx),
    ("approx", Qualifier::Approx),
    ("approx.", Qualifier::Approx),
    ("an estimated", Qualifier::Approx),
    ("estimated", Qualifier::Approx),
    ("circa", Qualifier::Approx),
    ("an approximate", Qualifier::Approx),
    ("in the region of", Qualifier::Approx),
    ("on the order of", Qualifier::Approx),
    ("of the order of", Qualifier::Approx),
    ("just about", Qualifier::Approx),
    ("an approximately", Qualifier::Approx),
];

/// Qualifier phrases written after a figure: (surface, qualifier, glued with a hyphen).
pub const QUALIFIERS_AFTER: &[(&str, Qualifier)] = &[
    ("plus", Qualifier::Over),
    ("or more", Qualifier::Over),
    ("and more", Qualifier::Over),
    ("and above", Qualifier::Over),
    ("or so", Qualifier::Approx),
    ("odd", Qualifier::Approx),
    ("or less", Qualifier::Under),
];

/// Words that join the two ends of a range ("$1bn to $2bn", "1,050-1,125", "six or seven
/// million"). `or` makes a range only between bare numbers sharing one scale or unit.
pub const RANGE_JOINERS: &[&str] = &["to", "-", "–", "—", "and", "or"];

/// Words after a number that make it something other than a count: durations, rates, times,
/// multiples. A number followed by one of these is not a figure.
pub const NOT_COUNTED: &[&str] = &[
    "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "hrs",
    "minute", "minutes", "mins", "min", "second", "seconds", "secs", "decade", "decades", "century",
    "centuries", "night", "nights", "weekend", "weekends", "millennium", "millennia", "fortnight",
    "fortnights", "percent", "per", "pct", "percentage", "times", "fold", "am", "pm", "a.m.", "p.m.",
    "o'clock", "gmt", "bst", "est", "edt", "utc", "cet", "st", "nd", "rd", "th", "ad", "bc", "bce", "ce",
    "mph", "kph", "kmh", "km/h", "bhp", "hp", "rpm", "cc", "mpg", "ghz", "mhz", "kw", "mw", "gw", "kwh",
    "mwh", "gwh", "degrees", "degree", "°", "bps", "basis", "out", "of", "quarter", "quarters", "half",
    "halves", "thirds", "third", "fifths", "tenths", "thousandths", "hundredths", "s", "x", "magnitude",
    "richter",
];

/// Measure words that do make a quantity ("20 miles", "10,000 tonnes of wheat"). They override
/// [`NOT_COUNTED`] where both could apply.
pub const MEASURES: &[&str] = &[
    "tonnes", "tons", "tonne", "ton", "barrels", "barrel", "bushels", "bushel", "litres", "liters", "litre",
    "liter", "gallons", "gallon", "acres", "acre", "hectares", "hectare", "miles", "mile", "kilograms",
    "kilogrammes", "kilos", "kg", "pounds", "ounces", "doses", "cubic", "square", "sq", "km", "kilometres",
    "kilometers", "kilometre", "kilometer", "metres", "meters", "metre", "meter", "feet", "foot", "yards",
    "yard", "inches", "cm", "mm", "sq km", "hectolitres", "megawatts", "mw", "gigawatts", "gw",
];

/// Words that, right before a number, make it part of a name or a reference: "No. 5",
/// "Resolution 46", "page 12", "Flight 370".
pub const NAME_BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "number", "page", "pages", "p", "pp", "section", "sections", "article", "articles",
    "chapter", "resolution", "room", "flight", "route", "grade", "category", "version", "clause",
    "paragraph", "annex", "appendix", "figure", "fig", "table", "exhibit", "episode", "season", "vol",
    "volume", "amendment", "decree", "battalion", "brigade", "regiment", "squadron", "highway", "road",
    "street", "platform", "gate", "terminal", "floor", "precinct", "covid", "windows", "iphone", "galaxy",
    "boeing", "airbus", "leopard", "challenger", "abrams", "patriot", "apollo", "formula", "ftse", "dax",
    "nikkei", "s&p", "nasdaq", "dow", "aged", "age", "ages", "grade", "ch", "channel", "tv", "radio",
    "studio", "ps", "xbox", "magnitude", "richter", "force", "category", "interstate", "title",
];

/// Currencies whose prices are written without decimals, so that `Rp 169.000` and
/// `200.000 đ` use the dot to group thousands.
pub const DOT_GROUPING_CURRENCIES: &[&str] = &[
    "IDR", "VND", "HUF", "CLP", "COP", "PYG", "KRW", "ISK", "UGX", "TZS", "IRR", "LAK", "MMK", "KHR", "UZS",
    "GNF", "RWF", "BIF", "XAF", "XOF", "MGA", "LBP", "SYP", "IQD",
];

/// Verbs of change: "rose 5p to 120p" states a change and a new level, not a range.
pub const CHANGE_VERBS: &[&str] = &[
    "rose", "rise", "rises", "rising", "fell", "fall", "falls", "falling", "climbed", "climb", "climbs",
    "jumped", "jump", "jumps", "dropped", "drop", "drops", "increased", "increase", "increases", "decreased",
    "decrease", "decreases", "gained", "gain", "gains", "lost", "lose", "loses", "slipped", "slip", "slips",
    "edged", "eased", "ease", "eases", "grew", "grow", "grows", "shrank", "shrink", "declined", "decline",
    "declines", "surged", "surge", "surges", "soared", "soar", "slumped", "slump", "plunged", "plunge",
    "tumbled", "tumble", "added", "add", "adds", "shed", "sheds", "up", "down", "raised", "raise", "raises",
    "cut", "cuts", "lifted", "lift", "lifts", "lowered", "lower", "boosted", "boost", "boosts", "firmed",
    "advanced", "retreated", "recovered", "rallied", "sank", "dipped", "dip",
];

/// Month names (and abbreviations): a number next to one is a date.
pub const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
];

/// Words that end the noun phrase after a number (determiners, prepositions other than `of`,
/// conjunctions, pronouns, auxiliaries, frequent verbs and adverbs).
pub const PHRASE_STOPS: &[&str] = &[
    // determiners and pronouns
    "the", "a", "an", "this", "that", "these", "those", "its", "it", "their", "they", "them", "his", "he",
    "him", "her", "she", "our", "we", "us", "my", "your", "you", "i", "each", "every", "all", "any", "no",
    "who", "whom", "whose", "which", "what", "where", "when", "there", "here", "both", "either", "neither",
    "such", // prepositions (not "of")
    "in", "on", "at", "to", "for", "from", "by", "with", "without", "into", "onto", "over", "under", "about",
    "after", "before", "between", "during", "through", "throughout", "across", "against", "among", "amongst",
    "around", "since", "until", "till", "per", "via", "within", "toward", "towards", "upon", "like", "than",
    "as", "off", "out", "up", "down", "near", "behind", "beyond", "despite", "including", "excluding",
    "following", "amid", "along", "alongside", "besides", "inside", "outside", "versus", "vs", "apiece",
    "each", // conjunctions
    "but", "and", "or", "nor", "so", "yet", "because", "while", "if", "whereas", "although", "though",
    "whether", "unless", "whilst", "then", "than", "plus", "minus",
    // auxiliaries and frequent verbs
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "said", "says", "say",
    "held", "met", "made", "make", "makes", "took", "take", "takes", "gave", "give", "gives", "got", "get",
    "gets", "went", "go", "goes", "came", "come", "comes", "saw", "see", "told", "tell", "sent", "send",
    "left", "became", "become", "remain", "remains", "remained", "received", "receive", "receives", "needed",
    "wanted", "faced", "fled", "flee", "died", "die", "lived", "worked", "won", "lost", "lose", "rose",
    "fell", "grew", "grow", "increased", "decreased", "signed", "agreed", "joined", "attended", "arrived",
    "returned", "killed", "injured", "wounded", "displaced", "affected", "involved", "included", "includes",
    "using", "used", "uses", "using", "according", "compared", "estimated", "expected", "reported",
    "announced", "pledged", "committed", "provided", "approved", "bought", "sold", "paid", "spent", "raised",
    "let", "led", "ran", "took", "brought", "bring", "keep", "kept", "were", // adverbs
    "also", "only", "just", "still", "already", "now", "again", "ago", "later", "earlier", "respectively",
    "annually", "together", "altogether", "more", "less", "most", "least", "very", "too", "even", "instead",
    "nearly", "almost", "around", "approximately", "roughly", "about", "or", "not", "previously", "last",
    "next", "this", "per", "a", "an", "each", "worldwide", "nationwide", "globally", "overall", "abroad",
    "daily", "weekly", "monthly", "yearly", "apiece", "overseas", "domestically", "locally", "there", "here",
    "today", "yesterday", "tomorrow", "instead", "alone", "combined", "total",
];

/// One currency row of `data/currencies.tsv`.
#[derive(Debug)]
pub struct CurrencyRow {
    /// The ISO code.
    pub code: Currency,
    /// The English name.
    pub name: String,
    /// The family key, if the common name is shared ("dollar").
    pub family: Option<String>,
    /// Country names, adjectives and capitals pointing to this currency.
    pub countries: Vec<String>,
}

/// One row of `data/currency_families.tsv`.
#[derive(Debug)]
pub struct Family {
    /// The family key ("dollar").
    pub key: String,
    /// The default member.
    pub default: Currency,
    /// How a document picks the member.
    pub context: FamilyContext,
}

/// How a document picks the member of a currency family that a generic word means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FamilyContext {
    /// Only a member named in the same sentence ("A$", "Australian dollars") overrides the
    /// default: a `$` is USD in most stories that mention Canada.
    Sentence,
    /// A member named anywhere in the document ("a Swiss franc credit") overrides it.
    Document,
    /// As `Document`, and else the member whose country the document mentions most.
    Country,
}

/// What a currency surface names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurrencyRef {
    /// One currency.
    Code(Currency),
    /// A family of currencies, resolved per document (index into [`Lexicon::families`]).
    Family(usize),
}

/// A currency surface: what it names and whether it counts hundredths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrencySurface {
    /// The currency or family named.
    pub cur: CurrencyRef,
    /// True for minor units (`cents`, `p`, `pence`): the value is divided by 100.
    pub minor: bool,
}

/// One row of `data/parties.tsv`.
#[derive(Debug, Clone)]
pub struct PartyRow {
    /// The canonical name written in the ledger.
    pub canonical: String,
    /// country, org, agency, region or territory.
    pub kind: String,
    /// For agencies, the canonical country they act for; for a state or province, its country.
    pub country: Option<String>,
    /// The surface forms (case-sensitive).
    pub surfaces: Vec<String>,
}

/// The lexicon tables, parsed once from the embedded data files.
#[derive(Debug)]
pub struct Lexicon {
    /// Currency rows by code.
    pub currencies: Vec<CurrencyRow>,
    /// Generic currency families.
    pub families: Vec<Family>,
    /// Case-sensitive signs written before or after a number (`£`, `US$`, `Rs`), and the ISO
    /// codes themselves.
    pub symbols: FxHashMap<String, CurrencySurface>,
    /// Case-insensitive (lower-case, single-spaced) words written after a number.
    pub words: FxHashMap<String, CurrencySurface>,
    /// The largest number of tokens in any symbol or word surface.
    pub max_surface_tokens: usize,
    /// For each first token of a sign (as written), the most tokens a sign starting with it
    /// has: a token that starts no sign is rejected with one look-up.
    pub symbol_firsts: FxHashMap<String, usize>,
    /// The same for currency words, keyed by the lower-cased first token.
    pub word_firsts: FxHashMap<String, usize>,
    /// Adjective (lower case) + family → currency: "canadian" + dollar → CAD ("$1.21 billion
    /// Canadian").
    pub family_adjectives: FxHashMap<(String, usize), Currency>,
    /// Party rows.
    pub parties: Vec<PartyRow>,
    /// The family each currency belongs to (index into `families`): the first one named in
    /// its row.
    pub family_of: FxHashMap<Currency, usize>,
    /// Further families a currency belongs to ("franc|cfa": XOF is a franc and a CFA franc).
    pub family_also: Vec<(Currency, usize)>,
}

static CURRENCIES_TSV: &str = include_str!("../data/currencies.tsv");
static FAMILIES_TSV: &str = include_str!("../data/currency_families.tsv");
static PARTIES_TSV: &str = include_str!("../data/parties.tsv");

impl Lexicon {
    /// The lexicon, parsed on first use. The embedded tables are checked by the test suite, so
    /// parsing cannot fail at run time; malformed rows would be skipped, not panic.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(CURRENCIES_TSV, FAMILIES_TSV, PARTIES_TSV))
    }

    /// Parses the three tables. Rows that do not have the right number of fields are skipped;
    /// [`problems`] lists them.
    pub fn parse(currencies: &str, families: &str, parties: &str) -> Lexicon {
        let mut lex = Lexicon {
            currencies: Vec::new(),
            families: Vec::new(),
            symbols: FxHashMap::default(),
            words: FxHashMap::default(),
            max_surface_tokens: 1,
            symbol_firsts: FxHashMap::default(),
            word_firsts: FxHashMap::default(),
            family_adjectives: FxHashMap::default(),
            parties: Vec::new(),
            family_of: FxHashMap::default(),
            family_also: Vec::new(),
        };
        // Family word (lower case) → the families it belongs to.
        let mut family_words: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for f in rows(families, 6) {
            let Some(default) = Currency::new(f[1]) else {
                continue;
            };
            let idx = lex.families.len();
            lex.families.push(Family {
                key: f[0].to_string(),
                default,
                context: match f[2] {
                    "country" => FamilyContext::Country,
                    "document" => FamilyContext::Document,
                    _ => FamilyContext::Sentence,
                },
            });
            let fam = CurrencyRef::Family(idx);
            for w in split(f[3]) {
                lex.add_word(w, fam, false);
            }
            for w in split(f[3]) {
                family_words.entry(w.to_lowercase()).or_default().push(idx);
            }
            for s in split(f[4]) {
                lex.add_symbol(s, fam, false);
            }
            for w in split(f[5]) {
                lex.add_word(w, fam, true);
            }
        }
        for c in rows(currencies, 7) {
            let Some(code) = Currency::new(c[0]) else {
                continue;
            };
            let family = (c[2] != "-" && !c[2].is_empty()).then(|| c[2].to_string());
            let cur = CurrencyRef::Code(code);
            lex.symbols.entry(c[0].to_string()).or_insert(CurrencySurface { cur, minor: false });
            lex.symbol_firsts.entry(c[0].to_string()).or_insert(1);
            for s in split(c[4]) {
                lex.add_symbol(s, cur, false);
            }
            for w in split(c[5]) {
                lex.add_word(w, cur, false);
                // "australian dollars" → adjective "australian" for the dollar family.
                let lw = w.to_lowercase();
                if let Some((adj, last)) = lw.rsplit_once(' ')
                    && !adj.is_empty()
                    && let Some(fis) = family_words.get(last)
                {
                    for fi in fis {
                        lex.family_adjectives.entry((adj.to_string(), *fi)).or_insert(code);
                    }
                }
            }
            for w in split(c[6]) {
                lex.add_word(w, cur, true);
            }
            if let Some(f) = &family {
                for (n, key) in split(f).enumerate() {
                    if let Some(fi) = lex.families.iter().position(|x| x.key == key) {
                        if n == 0 {
                            lex.family_of.insert(code, fi);
                        } else {
                            lex.family_also.push((code, fi));
                        }
                    }
                }
            }
            lex.currencies.push(CurrencyRow {
                code,
                name: c[1].to_string(),
                family,
                countries: split(c[3]).map(str::to_string).collect(),
            });
        }
        for p in rows(parties, 4) {
            lex.parties.push(PartyRow {
                canonical: p[0].to_string(),
                kind: p[1].to_string(),
                country: (!p[2].is_empty()).then(|| p[2].to_string()),
                surfaces: split(p[3]).map(str::to_string).collect(),
            });
        }
        lex
    }

    /// Whether currency `c` is a member of family `f` (index into `families`).
    pub fn in_family(&self, c: Currency, f: usize) -> bool {
        self.family_of.get(&c) == Some(&f) || self.family_also.contains(&(c, f))
    }

    fn add_symbol(&mut self, s: &str, cur: CurrencyRef, minor: bool) {
        self.max_surface_tokens = self.max_surface_tokens.max(count_tokens(s));
        let toks = crate::token::tokenize(s, 0, s.len());
        if let Some(first) = toks.first() {
            let e = self.symbol_firsts.entry(first.text(s).to_string()).or_insert(0);
            *e = (*e).max(toks.len());
        }
        // Family signs ($, Rs) win over a row that also lists them.
        let e = self.symbols.entry(s.to_string()).or_insert(CurrencySurface { cur, minor });
        if matches!(cur, CurrencyRef::Family(_)) {
            *e = CurrencySurface { cur, minor };
        }
    }

    fn add_word(&mut self, w: &str, cur: CurrencyRef, minor: bool) {
        let key = normalize_words(w);
        self.max_surface_tokens = self.max_surface_tokens.max(count_tokens(&key));
        let toks = crate::token::tokenize(&key, 0, key.len());
        if let Some(first) = toks.first() {
            let e = self.word_firsts.entry(first.text(&key).to_string()).or_insert(0);
            *e = (*e).max(toks.len());
        }
        let e = self.words.entry(key).or_insert(CurrencySurface { cur, minor });
        if matches!(cur, CurrencyRef::Family(_)) {
            *e = CurrencySurface { cur, minor };
        }
    }

    /// The row for a currency code.
    pub fn currency(&self, code: Currency) -> Option<&CurrencyRow> {
        self.currencies.iter().find(|c| c.code == code)
    }

    /// True if `code` is in the currency table.
    pub fn is_known(&self, code: Currency) -> bool {
        code == Currency::UNKNOWN || self.currency(code).is_some()
    }
}

/// A quick, exact-when-it-says-no filter on the words of a table, by their first two letters
/// (in any ASCII case) and their length: the scans that look up every word of a text ask it
/// first, and most words ("the", "said", "from") are turned away without a hash look-up.
pub(crate) struct WordShapes {
    /// For each pair of first letters, the lengths (up to 63 bytes) of the table's words that
    /// start with them, as bits.
    lengths: Box<[u64; 26 * 26]>,
}

impl std::fmt::Debug for WordShapes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordShapes").finish_non_exhaustive()
    }
}

impl WordShapes {
    /// The shapes of `words`.
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> WordShapes {
        let mut lengths = Box::new([0u64; 26 * 26]);
        for w in words.into_iter().map(str::as_bytes) {
            if let Some(i) = shape_index(w) {
                lengths[i] |= 1 << w.len().min(63);
            }
        }
        WordShapes { lengths }
    }

    /// Whether `w` may be one of the words, compared in ASCII case: `false` only when it is
    /// none of them. A word that does not start with two ASCII letters may be anything.
    pub(crate) fn may_hold(&self, w: &[u8]) -> bool {
        match shape_index(w) {
            Some(i) => self.lengths[i] & (1 << w.len().min(63)) != 0,
            None => true,
        }
    }
}

/// The index of a word's first two letters in [`WordShapes`], when they are ASCII letters.
fn shape_index(w: &[u8]) -> Option<usize> {
    match w {
        [a, b, ..] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Some(usize::from(a.to_ascii_lowercase() - b'a') * 26 + usize::from(b.to_ascii_lowercase() - b'a'))
        }
        _ => None,
    }
}

/// Lower-cases and collapses whitespace: the key form of case-insensitive surfaces.
pub fn normalize_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in w.chars() {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

fn count_tokens(s: &str) -> usize {
    // An upper bound on how many tokens the tokenizer makes of `s`: every non-alphanumeric
    // character may be a token of its own, and so may every run of letters or digits.
    let mut n = 0;
    let mut prev_alnum = false;
    for ch in s.chars() {
        let alnum = ch.is_alphanumeric();
        if ch.is_whitespace() {
            prev_alnum = false;
            continue;
        }
        if !alnum || !prev_alnum {
            n += 1;
        }
        prev_alnum = alnum;
    }
    n.max(1)
}

fn split(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn rows(tsv: &str, fields: usize) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(move |f| f.len() == fields)
}

/// Lines of an embedded table that are neither comments nor well-formed rows (for tests).
pub fn problems(tsv: &str, fields: usize) -> Vec<String> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter(|l| l.split('\t').count() != fields)
        .map(str::to_string)
        .collect()
}

/// The embedded tables, for tests and `--explain`.
pub fn embedded() -> [(&'static str, &'static str, usize); 3] {
    [
        ("data/currencies.tsv", CURRENCIES_TSV, 7),
        ("data/currency_families.tsv", FAMILIES_TSV, 6),
        ("data/parties.tsv", PARTIES_TSV, 4),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_shapes_turn_away_only_words_not_in_the_table() {
        let shapes = WordShapes::new(["million", "dozen", "¢", "c"]);
        // Words that do not start with two ASCII letters may be anything.
        for yes in ["million", "MILLION", "Dozen", "¢", "c", "é1"] {
            assert!(shapes.may_hold(yes.as_bytes()), "{yes}");
        }
        for no in ["the", "millions", "dozens", "Mill", "mi"] {
            assert!(!shapes.may_hold(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn number_words_by_look_up() {
        assert_eq!(number_word(b"seventeen"), Some(17));
        assert_eq!(number_word(b"zero"), Some(0));
        for not in [&b""[..], b"Seven", b"tens", b"on", b"seventeens", b"\xff"] {
            assert_eq!(number_word(not), None, "{not:?}");
        }
    }
}
