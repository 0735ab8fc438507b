//! The ledger's word tables: commitment cues, non-pledge signals, role nouns, titles and
//! instruments, parsed once from `data/*.tsv` (embedded at compile time), plus the small closed
//! classes of English grammar words the linker needs (kept here, like the lexicon's).
//!
//! Adding a cue verb, a blocking noun or an instrument is one row in its table.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::lexicon::WordShapes;

use super::Stage;

static CUES_TSV: &str = include_str!("../../data/cues.tsv");
static BLOCKERS_TSV: &str = include_str!("../../data/blockers.tsv");
static ROLES_TSV: &str = include_str!("../../data/roles.tsv");
static TITLES_TSV: &str = include_str!("../../data/titles.tsv");
static INSTRUMENTS_TSV: &str = include_str!("../../data/instruments.tsv");
static SHORT_NAMES_TSV: &str = include_str!("../../data/short_names.tsv");

/// The embedded tables with their column counts, for tests.
pub fn embedded() -> [(&'static str, &'static str, usize); 6] {
    [
        ("data/cues.tsv", CUES_TSV, 6),
        ("data/blockers.tsv", BLOCKERS_TSV, 2),
        ("data/roles.tsv", ROLES_TSV, 2),
        ("data/titles.tsv", TITLES_TSV, 2),
        ("data/instruments.tsv", INSTRUMENTS_TSV, 2),
        ("data/short_names.tsv", SHORT_NAMES_TSV, 2),
    ]
}

/// Whether a cue is a verb or a noun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    Verb,
    Noun,
}

/// Which way the money goes relative to the subject of a cue verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The subject gives (pledge, grant, provide).
    Give,
    /// The subject receives (receive, get, borrow).
    Receive,
}

/// One row of `data/cues.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct Cue {
    pub lemma: &'static str,
    pub pos: Pos,
    pub dir: Direction,
    pub strong: bool,
    pub stage: Stage,
}

/// A surface form of a cue: its first word is the key of [`Tables::cues`]; `rest` are the words
/// that must follow ("went to", "made available").
#[derive(Clone, Debug)]
pub(crate) struct CueForm {
    pub rest: Vec<&'static str>,
    pub cue: usize,
}

/// Classes of `data/blockers.tsv`, as bit flags.
pub(crate) mod block {
    pub const AMOUNT: u16 = 1;
    pub const DOMESTIC: u16 = 2;
    pub const BUDGET: u16 = 4;
    pub const BUDGET_VERB: u16 = 8;
    pub const HEDGE: u16 = 16;
    pub const NEGATION: u16 = 32;
    pub const PER: u16 = 64;
    pub const RATIO: u16 = 128;
    pub const COMPARE: u16 = 256;
    pub const MARKET: u16 = 512;
    pub const NEED: u16 = 1024;
}

/// Classes of `data/roles.tsv` and `data/titles.tsv`, as bit flags.
pub(crate) mod role {
    pub const GROUP: u32 = 1;
    pub const BENEFICIARY: u32 = 2;
    pub const NATIONAL: u32 = 4;
    pub const CHANNEL: u32 = 8;
    pub const ANAPHOR_COUNTRY: u32 = 16;
    pub const ANAPHOR_REGION: u32 = 32;
    pub const BODY: u32 = 64;
    pub const GOODS: u32 = 128;
    pub const PURPOSE: u32 = 256;
    pub const OFFICE: u32 = 512;
    pub const HONORIFIC: u32 = 1024;
    pub const PLACE: u32 = 2048;
    pub const COLLECTIVE: u32 = 4096;
    pub const FACTION: u32 = 8192;
    pub const RELIEF: u32 = 16384;
    pub const TITLE: u32 = 32768;
    pub const WORK: u32 = 65536;
    pub const PERSON: u32 = 131072;
    pub const SERVICE: u32 = 262144;
}

/// Every table, parsed.
#[derive(Debug)]
pub(crate) struct Tables {
    pub cues: Vec<Cue>,
    /// First word of a form (lower case) → the forms starting with it.
    pub forms: HashMap<&'static str, Vec<CueForm>>,
    pub blockers: HashMap<&'static str, u16>,
    pub roles: HashMap<&'static str, u32>,
    /// Instrument phrases (split into words) and labels, longest first.
    pub instruments: Vec<(Vec<&'static str>, &'static str)>,
    /// First word of an instrument phrase → indices into `instruments`, longest first.
    pub instrument_firsts: HashMap<&'static str, Vec<usize>>,
    /// The shapes of the office words (see [`Tables::may_be_office`]).
    pub office_shapes: WordShapes,
    /// Canonical country names and the other short names a document may write instead.
    pub short_names: Vec<(&'static str, Vec<&'static str>)>,
}

impl Tables {
    /// The tables, parsed on first use. Malformed rows are skipped (the test suite checks that
    /// there are none).
    pub fn get() -> &'static Tables {
        static T: OnceLock<Tables> = OnceLock::new();
        T.get_or_init(Tables::parse)
    }

    fn parse() -> Tables {
        let mut t = Tables {
            cues: Vec::new(),
            forms: HashMap::default(),
            blockers: HashMap::default(),
            roles: HashMap::default(),
            instruments: Vec::new(),
            instrument_firsts: HashMap::default(),
            office_shapes: WordShapes::new([]),
            short_names: Vec::new(),
        };
        for r in rows(CUES_TSV, 6) {
            let pos = match r[1] {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                _ => continue,
            };
            let dir = if r[2] == "receive" { Direction::Receive } else { Direction::Give };
            let stage = match r[4] {
                "pledge" => Stage::Pledge,
                "disbursement" => Stage::Disbursement,
                _ => Stage::Commitment,
            };
            let idx = t.cues.len();
            t.cues.push(Cue { lemma: r[0], pos, dir, strong: r[3] != "weak", stage });
            for form in r[5].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                let mut words = form.split_whitespace();
                let Some(first) = words.next() else { continue };
                t.forms.entry(first).or_default().push(CueForm { rest: words.collect(), cue: idx });
            }
        }
        for r in rows(BLOCKERS_TSV, 2) {
            let flag = match r[1] {
                "amount" => block::AMOUNT,
                "domestic" => block::DOMESTIC,
                "budget" => block::BUDGET,
                "budget-verb" => block::BUDGET_VERB,
                "hedge" => block::HEDGE,
                "negation" => block::NEGATION,
                "per" => block::PER,
                "ratio" => block::RATIO,
                "compare" => block::COMPARE,
                "market" => block::MARKET,
                "need" => block::NEED,
                _ => continue,
            };
            *t.blockers.entry(r[0]).or_default() |= flag;
        }
        let role_rows = rows(ROLES_TSV, 2).chain(rows(TITLES_TSV, 2));
        for r in role_rows {
            let flag = match r[1] {
                "group" => role::GROUP,
                "beneficiary" => role::BENEFICIARY,
                "national" => role::NATIONAL,
                "channel" => role::CHANNEL,
                "anaphor-country" => role::ANAPHOR_COUNTRY,
                "anaphor-region" => role::ANAPHOR_REGION,
                "body" => role::BODY,
                "goods" => role::GOODS,
                "purpose" => role::PURPOSE,
                "office" => role::OFFICE,
                "honorific" => role::HONORIFIC,
                "place" => role::PLACE,
                "collective" => role::COLLECTIVE,
                "faction" => role::FACTION,
                "relief-agency" => role::RELIEF,
                "title" => role::TITLE,
                "work" => role::WORK,
                "person" => role::PERSON,
                "service" => role::SERVICE,
                _ => continue,
            };
            *t.roles.entry(r[0]).or_default() |= flag;
        }
        t.office_shapes =
            WordShapes::new(t.roles.iter().filter(|(_, r)| **r & role::OFFICE != 0).map(|(w, _)| *w));
        for r in rows(SHORT_NAMES_TSV, 2) {
            t.short_names.push((r[0], r[1].split('|').collect()));
        }
        for r in rows(INSTRUMENTS_TSV, 2) {
            t.instruments.push((r[0].split_whitespace().collect(), r[1]));
        }
        t.instruments.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        for (i, (words, _)) in t.instruments.iter().enumerate() {
            if let Some(first) = words.first() {
                t.instrument_firsts.entry(*first).or_default().push(i);
            }
        }
        t
    }

    /// The blocker classes of a lower-case word.
    pub fn block(&self, w: &str) -> u16 {
        self.blockers.get(w).copied().unwrap_or(0)
    }

    /// The role classes of a lower-case word.
    pub fn role(&self, w: &str) -> u32 {
        self.roles.get(w).copied().unwrap_or(0)
    }

    /// Whether a word in any case may be an office word ([`role::OFFICE`]): `false` only when
    /// it is not one, found without a look-up for most words.
    pub fn may_be_office(&self, w: &str) -> bool {
        !w.is_ascii() || self.office_shapes.may_hold(w.as_bytes())
    }

    /// The role classes of a word in any case: [`Tables::role`] of its lower case, which a
    /// short ASCII word gets without an allocation (the parties scan looks up every word).
    pub fn role_of_word(&self, w: &str) -> u32 {
        if w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'\'') {
            return self.role(w);
        }
        let mut buf = [0u8; 32];
        match buf.get_mut(..w.len()) {
            Some(low) if w.is_ascii() => {
                low.copy_from_slice(w.as_bytes());
                low.make_ascii_lowercase();
                std::str::from_utf8(low).map_or(0, |l| self.role(l))
            }
            _ => self.role(&w.to_lowercase()),
        }
    }
}

fn rows(tsv: &'static str, fields: usize) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
        .filter(move |f| f.len() == fields)
}

/// Lines of an embedded table that are neither comments nor rows with `fields` columns.
pub fn problems(tsv: &str, fields: usize) -> Vec<String> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter(|l| l.split('\t').count() != fields)
        .map(str::to_string)
        .collect()
}

/// Verbs of building or buying, whose counted object is what the money pays for.
pub(crate) const BUILD_VERBS: &[&str] = &[
    "build", "building", "built", "rebuild", "rebuilding", "rebuilt", "construct", "constructing",
    "reconstruct", "reconstructing", "repair", "repairing", "renovate", "renovating", "restore", "restoring",
    "rehabilitate", "rehabilitating", "upgrade", "upgrading", "buy", "buying", "purchase", "purchasing",
    "procure", "procuring", "equip", "equipping",
];

/// Determiners and possessives that open a noun phrase.
/// The last words of a company's name: "Kalahari Retail Holdings", "Asante Commodities Ltd".
pub(crate) const COMPANY_WORDS: &[&str] =
    &["Holdings", "Group", "Ltd", "Plc", "PLC", "Inc", "Corporation", "Corp", "Company", "Limited", "AG"];

pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those",
    "each", "every", "all", "some", "any", "both", "such",
];

/// Auxiliaries, modals and adverbs that may stand between a subject and its verb.
pub(crate) const AUX: &[&str] = &[
    "will", "would", "shall", "'ll", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "do", "does", "did", "can", "may", "to", "also", "now", "today", "then", "already", "so", "far", "yet",
    "still", "just", "further", "recently", "reportedly", "covertly", "initially", "eventually", "finally",
    "separately", "formally", "officially", "jointly", "together", "again", "earlier", "later", "yesterday",
    "tomorrow", "previously", "once", "first", "going", "set", "continue", "continues", "continued",
    "expected",
];

/// Words marking a future or infinitive verb: the commitment is still a promise.
pub(crate) const FUTURE: &[&str] = &["will", "would", "shall", "'ll", "to", "going", "plans", "plan"];

/// Prepositions that, right before a party, keep it from being the subject of a cue.
pub(crate) const OBLIQUE: &[&str] = &[
    "in", "at", "to", "for", "from", "on", "into", "across", "within", "than", "as", "by", "like", "against",
    "between", "under", "over", "through", "about", "toward", "towards", "inside", "outside", "among",
    "around", "near", "via", "per", "after", "before", "since", "during", "despite", "with", "without",
    "including", "onto", "upon", "beyond", "behind", "throughout", "according",
];

/// Words that, right after an amount, show it is not a modifier of a noun (so the amount is not
/// an attribute such as a price: "£150,000 luxury car").
pub(crate) const FUNCTION: &[&str] = &[
    "of", "in", "to", "for", "from", "over", "a", "an", "the", "per", "each", "worth", "apiece", "annually",
    "this", "that", "these", "those", "and", "or", "but", "as", "by", "with", "into", "on", "at", "through",
    "under", "until", "since", "during", "within", "toward", "towards", "including", "will", "would",
    "shall", "is", "are", "was", "were", "be", "been", "has", "have", "had", "can", "could", "may", "might",
    "must", "should", "do", "does", "did", "which", "who", "whom", "whose", "what", "while", "when", "where",
    "also", "more", "less", "extra", "additional", "alone", "only", "just", "still", "already", "yet", "so",
    "then", "there", "here", "it", "its", "their", "they", "he", "she", "we", "i", "you", "his", "her",
    "our", "altogether", "respectively", "a-year", "plus", "now", "far", "total", "in-kind", "via", "across",
    "around", "about", "after", "before", "between", "against", "among", "beyond", "not", "every", "annual",
    "yearly", "monthly", "weekly", "daily", "upfront", "outright", "immediately", "initially", "first",
    "last", "next", "new", "since", "up", "down", "out", "off", "back", "directly", "largely", "mostly",
];

/// Month names: a phrase starting with one is a date, not a recipient.
pub(crate) const TIME_WORDS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "date", "now", "today", "years", "year", "months", "month", "weeks", "week",
    "days", "day", "decade", "decades", "time", "end", "start", "beginning", "period", "fiscal", "financial",
    "first", "next", "last", "past", "coming", "rest", "remainder", "long", "short", "medium", "rainy",
];

/// Days of the week, lower case: "The Centre on Monday sanctioned ..." puts a time between a
/// subject and its verb.
/// Head nouns of organisations that a story names once and then calls by the noun alone ("the
/// foundation", "the bank").
pub(crate) const ORG_HEADS: &[&str] = &["foundation", "bank", "fund", "trust", "charity"];

pub(crate) const WEEKDAYS: &[&str] =
    &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Capitalised words that open sentences or phrases without naming anyone.
pub(crate) const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "They", "Their", "He", "His", "She",
    "Her", "We", "Our", "I", "My", "You", "Your", "There", "Here", "In", "On", "At", "For", "From", "By",
    "With", "As", "But", "And", "Or", "If", "When", "While", "After", "Before", "Since", "Under", "Over",
    "Today", "Yesterday", "Tomorrow", "Meanwhile", "However", "Also", "Additionally", "Finally", "Under",
    "Some", "Many", "Most", "All", "Each", "Both", "Other", "Such", "Last", "Next", "Earlier", "Later", "So",
    "Then", "Now", "Instead", "Specifically", "Moreover", "Furthermore", "Although", "Though", "Officials",
    "Analysts", "Sources", "Read", "Scroll", "Comments", "According", "Among", "One", "Two", "Three", "New",
    "Former", "Total", "Core", "Additional", "Further", "Another", "Despite", "Against", "Following",
    "During", "Through", "Without", "Unless", "Because", "Where", "What", "Which", "Who", "How", "Why", "Mr",
    "Mrs", "Ms", "Dr", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Government", "Ministry", "Department", "President", "Minister", "Prime", "Secretary",
];

/// An adverb in -ly ("initially", "also" aside), not a noun that ends so ("family", "supply").
pub(crate) fn is_adverb(w: &str) -> bool {
    w.ends_with("ly")
        && w.len() > 3
        && !matches!(
            w,
            "family"
                | "supply"
                | "assembly"
                | "ally"
                | "rally"
                | "july"
                | "italy"
                | "monopoly"
                | "anomaly"
                | "reply"
                | "belly"
                | "jelly"
                | "folly"
                | "bully"
                | "lily"
                | "holly"
                | "kelly"
                | "emily"
                | "sally"
                | "polly"
                | "apply"
                | "multiply"
                | "comply"
                | "rely"
                | "fly"
                | "resupply"
                | "oversupply"
                | "daily"
        )
}

/// Is `w` in the sorted-or-not list `list`?
pub(crate) fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_without_problems() {
        for (name, tsv, fields) in embedded() {
            assert!(problems(tsv, fields).is_empty(), "{name}: {:?}", problems(tsv, fields));
        }
        let t = Tables::get();
        assert!(t.forms.contains_key("pledged"));
        assert!(t.role("rebels") & role::GROUP != 0);
        assert!(t.block("profits") & block::AMOUNT != 0);
        assert_eq!(t.instruments.first().map(|(w, _)| w.len()), Some(3));
        assert!(t.role("unicef") & role::RELIEF != 0);
        assert!(t.role("minister") & role::TITLE != 0 && t.role("international") & role::TITLE == 0);
    }

    #[test]
    fn adverbs_are_not_nouns_in_ly() {
        assert!(is_adverb("initially") && is_adverb("jointly"));
        assert!(!is_adverb("family") && !is_adverb("supply") && !is_adverb("fly"));
    }
}
