//! A sentence as the linker reads it: a row of units (words, punctuation, amounts, quantities
//! and party mentions, each an atom), split into clauses.

use crate::figure::{CurrencySource, Figure};
use crate::token::{self, TokKind};
use compact_str::CompactString;

use super::parties::Mention;

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum U {
    Word,
    Punct,
    /// A primary money figure (index into the figures).
    Money(usize),
    /// A money figure restating the one before it in another currency.
    Equiv(usize),
    /// A quantity: the unit covers its qualifier and number; the counted noun follows as words.
    Qty(usize),
    /// A party mention (index into the mentions).
    Party(usize),
}

/// One unit of a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub k: U,
    pub s: usize,
    pub e: usize,
    /// Lower-cased text (words and punctuation).
    pub low: CompactString,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Whitespace before the unit.
    pub spaced: bool,
}

/// `s` in lower case, kept inline (no allocation) when short, as most words are.
fn lower(s: &str) -> CompactString {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        CompactString::from(s)
    } else if s.is_ascii() {
        let mut low = CompactString::from(s);
        low.make_ascii_lowercase();
        low
    } else {
        CompactString::from(s.to_lowercase())
    }
}

/// A sentence: its span, units and clauses (unit ranges).
#[derive(Clone, Debug)]
pub(crate) struct Sent {
    pub s: usize,
    pub e: usize,
    pub units: Vec<Unit>,
    pub clauses: Vec<(usize, usize)>,
    /// Units inside appositives and parentheses ("Bulgaria, a major producer, ...").
    pub aside: Vec<bool>,
    /// The paragraph (line) the sentence belongs to, as an index.
    pub para: usize,
    /// The sentence is a list item ("- ...").
    pub list_item: bool,
    /// The sentence is written in capitals (a wire headline).
    pub caps: bool,
}

impl Sent {
    /// Builds the units of `text[s..e]`.
    pub fn new(text: &str, s: usize, e: usize, figs: &[Figure], mentions: &[Mention], para: usize) -> Sent {
        let toks = token::tokenize(text, s, e);
        // Spans that become single units: figures first, then mentions that overlap none.
        let mut spans: Vec<(usize, usize, U)> = Vec::new();
        // Figures and mentions are in document order: look only at this sentence's stretch.
        let first_fig = figs.partition_point(|f| f.start < s);
        for (fi, f) in figs.iter().enumerate().skip(first_fig) {
            if f.start >= e {
                break;
            }
            if f.end > e {
                continue;
            }
            match f.currency() {
                Some(_) => {
                    let k = if is_restatement(text, figs, fi) { U::Equiv(fi) } else { U::Money(fi) };
                    spans.push((f.start, f.end, k));
                }
                None => spans.push((f.start, f.core.1.max(f.start).min(f.end), U::Qty(fi))),
            }
        }
        let first_mention = mentions.partition_point(|m| m.start < s);
        for (mi, m) in mentions.iter().enumerate().skip(first_mention) {
            if m.start >= e {
                break;
            }
            if m.end > e || spans.iter().any(|(a, b, _)| m.start < *b && *a < m.end) {
                continue;
            }
            spans.push((m.start, m.end, U::Party(mi)));
        }
        spans.sort_by_key(|x| x.0);
        let mut units: Vec<Unit> = Vec::with_capacity(toks.len());
        let mut si = 0;
        let mut ti = 0;
        while ti < toks.len() {
            let t = toks[ti];
            while si < spans.len() && spans[si].1 <= t.start {
                si += 1;
            }
            if let Some(&(a, b, k)) = spans.get(si)
                && a <= t.start
                && t.start < b
            {
                // Consume every token starting inside the span.
                let mut tj = ti;
                while toks.get(tj).is_some_and(|tt| tt.start < b) {
                    tj += 1;
                }
                let low = lower(text.get(a..b).unwrap_or(""));
                let cap = text.get(a..b).and_then(|x| x.chars().next()).is_some_and(char::is_uppercase);
                units.push(Unit { k, s: a, e: b, low, cap, spaced: !t.glued });
                ti = tj;
                si += 1;
                continue;
            }
            let raw = t.text(text);
            let k = match t.kind {
                TokKind::Word | TokKind::Num => U::Word,
                _ => U::Punct,
            };
            let low = lower(raw);
            let cap = raw.chars().next().is_some_and(char::is_uppercase);
            units.push(Unit { k, s: t.start, e: t.end, low, cap, spaced: !t.glued });
            ti += 1;
        }
        let list_item = text
            .get(s..e)
            .map(|x| x.trim_start())
            .is_some_and(|x| x.starts_with("- ") || x.starts_with("• ") || x.starts_with("* "));
        let clauses = split_clauses(&units);
        let aside = asides(&units);
        let body = text.get(s..e).unwrap_or("");
        let (mut upper, mut lower) = (0usize, 0usize);
        if body.is_ascii() {
            for b in body.bytes() {
                upper += usize::from(b.is_ascii_uppercase());
                lower += usize::from(b.is_ascii_lowercase());
            }
        } else {
            for c in body.chars() {
                upper += usize::from(c.is_uppercase());
                lower += usize::from(c.is_lowercase());
            }
        }
        let caps = upper > 3 * lower.max(1);
        Sent { s, e, units, clauses, aside, para, list_item, caps }
    }

    /// The lower-case word at `i`, or "" for anything else.
    pub fn w(&self, i: usize) -> &str {
        match self.units.get(i) {
            Some(u) if u.k == U::Word || u.k == U::Punct => &u.low,
            _ => "",
        }
    }

    /// The mention index of the party at `i`.
    pub fn party(&self, i: usize) -> Option<usize> {
        match self.units.get(i)?.k {
            U::Party(m) => Some(m),
            _ => None,
        }
    }

    /// True for a money figure (primary or restatement) or a quantity at `i`.
    pub fn is_figure(&self, i: usize) -> bool {
        matches!(self.units.get(i).map(|u| u.k), Some(U::Money(_) | U::Equiv(_) | U::Qty(_)))
    }
}

/// A money figure in parentheses right after another restates it ("£1.6 billion ($2 billion)").
/// The figures module links these; this checks that nothing but brackets and separators stand
/// between the two, so a list such as "Japan ($1bn), Germany (€1bn)" is never read as one.
fn is_restatement(text: &str, figs: &[Figure], fi: usize) -> bool {
    let Some(f) = figs.get(fi) else { return false };
    let Some(p) = f.restates.and_then(|p| figs.get(p)) else { return false };
    if f.currency_source == Some(CurrencySource::Context) && p.currency() == f.currency() {
        return false;
    }
    // Between the primary and this figure: only "(" / ";" / "," / other restatements.
    let mut pos = p.end;
    let mut guard = 0;
    loop {
        guard += 1;
        if guard > 8 {
            return false;
        }
        let gap = text.get(pos..f.start).unwrap_or("x");
        let word = gap.trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ';' | ',' | '['));
        // "9.6 billion yen, or about 63 mln dlrs", "a 4.2 billion yen loan, or about 32 mln
        // dlrs" (the figures pass links only those shapes).
        if word.is_empty() || word == "or" || word.ends_with(", or") {
            return true;
        }
        // Skip over a restatement in between ("($74.6bn; £39.1bn)").
        match figs.iter().find(|g| g.start >= pos && g.end <= f.start && g.restates == f.restates) {
            Some(g) => pos = g.end,
            None => return false,
        }
    }
}

fn split_clauses(units: &[Unit]) -> Vec<(usize, usize)> {
    let n = units.len();
    let mut bounds: Vec<(usize, bool)> = Vec::new(); // (unit index, is a dash)
    let mut i = 0;
    while i < n {
        let u = &units[i];
        if u.k == U::Punct {
            let next_spaced = units.get(i + 1).is_none_or(|x| x.spaced);
            match u.low.as_str() {
                ";" | ":" => bounds.push((i, false)),
                "–" | "—" => bounds.push((i, true)),
                "-" if u.spaced && next_spaced => bounds.push((i, true)),
                "-" if units.get(i + 1).is_some_and(|x| x.low == "-") => {
                    bounds.push((i, true));
                    i += 1;
                }
                "," if matches!(
                    units.get(i + 1).map(|x| x.low.as_str()),
                    Some("while" | "but" | "whereas" | "although" | "though")
                ) =>
                {
                    bounds.push((i, false))
                }
                "," if units.get(i + 1).is_some_and(|x| x.low == "and")
                    && !in_list(units, i)
                    && new_predicate(units, i + 2) =>
                {
                    bounds.push((i, false))
                }
                // "The US provided $1.5 million, Australia gave A$3 million": clauses side by side.
                "," if units.get(i + 1).is_some_and(|x| matches!(x.k, U::Party(_)))
                    && units.get(i + 2).is_some_and(|x| x.k == U::Word && x.low != "and")
                    && new_predicate(units, i + 1) =>
                {
                    bounds.push((i, false))
                }
                _ => {}
            }
        }
        i += 1;
    }
    // A short stretch between two dashes holding a figure is a parenthesis, not a clause:
    // "The bulk of the money - about 40m euros - will be offered ...".
    let mut keep = vec![true; bounds.len()];
    for j in 0..bounds.len().saturating_sub(1) {
        let ((a, da), (b, db)) = (bounds[j], bounds[j + 1]);
        if da
            && db
            && b > a + 1
            && b - a <= 6
            && (a + 1..b).any(|k| matches!(units[k].k, U::Money(_) | U::Qty(_)))
        {
            keep[j] = false;
            keep[j + 1] = false;
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for ((b, _), k) in bounds.iter().zip(keep) {
        if !k {
            continue;
        }
        if *b > start {
            out.push((start, *b));
        }
        start = b + 1;
    }
    if start < n {
        out.push((start, n));
    }
    out
}

/// The comma at `i` closes an item of a list of parties ("Kenya, Uganda, and Rwanda").
fn in_list(units: &[Unit], i: usize) -> bool {
    i >= 2 && matches!(units[i - 1].k, U::Party(_)) && units[i - 2].low == ","
}

/// Finite verbs and auxiliaries that show a clause of its own has started.
const FINITE: &[&str] = &[
    "will", "would", "shall", "has", "have", "had", "is", "are", "was", "were", "can", "could", "may",
    "might", "did", "does", "said", "says", "told", "added",
];

/// A new subject and its verb start at `k` (after ", and"): a party, a name or a determiner, then
/// within a few words a finite verb or auxiliary, or a past tense right after a name ("..., and
/// the European Union released €2.5m"). A list ("Turkey, Morocco, and Jordan") or a gapped
/// clause ("..., and Germany some £80 million") has no verb and does not split.
fn new_predicate(units: &[Unit], k: usize) -> bool {
    let Some(first) = units.get(k) else { return false };
    let opens = matches!(first.k, U::Party(_))
        || first.k == U::Word
            && (first.cap || matches!(first.low.as_str(), "the" | "its" | "their" | "his" | "her" | "our"));
    if !opens {
        return false;
    }
    for j in k + 1..units.len().min(k + 9) {
        let u = &units[j];
        match u.k {
            U::Word => {
                if FINITE.contains(&u.low.as_str()) {
                    return true;
                }
                let prev = &units[j - 1];
                let named_before = matches!(prev.k, U::Party(_)) || (prev.k == U::Word && prev.cap);
                if u.low.ends_with("ed") && u.low.len() > 4 && !u.cap && named_before {
                    return true;
                }
            }
            U::Party(_) => {}
            U::Punct if matches!(u.low.as_str(), "'" | "’" | "-" | "&" | "." | "(" | ")") => {}
            _ => return false,
        }
    }
    false
}

/// Marks appositives ("Bulgaria, a major manufacturer of arms, has supplied") and
/// parenthesised words, which are skipped when looking for a subject.
fn asides(units: &[Unit]) -> Vec<bool> {
    let n = units.len();
    let mut aside = vec![false; n];
    for i in 0..n {
        if units[i].low == "(" {
            if let Some(j) = (i + 1..n.min(i + 16)).find(|&j| units[j].low == ")") {
                for a in aside.iter_mut().take(j + 1).skip(i) {
                    *a = true;
                }
            }
            continue;
        }
        if units[i].low != "," || i == 0 {
            continue;
        }
        let before = &units[i - 1];
        let named = matches!(before.k, U::Party(_))
            || (before.k == U::Word
                && before.cap
                && !before.low.ends_with("ly")
                && !(i == 1 && before.low.len() < 4));
        if !named {
            continue;
        }
        let Some(first) = units.get(i + 1) else { continue };
        let opens = first.k == U::Word
            && (!first.cap || matches!(first.low.as_str(), "a" | "an" | "the" | "former"))
            && !matches!(first.low.as_str(), "and" | "or" | "but" | "which" | "who" | "while");
        if !opens {
            continue;
        }
        let Some(j) = (i + 2..n.min(i + 14)).find(|&j| units[j].low == ",") else { continue };
        // An appositive has no verb of its own.
        if (i + 1..j).any(|k| {
            matches!(
                units[k].low.as_str(),
                "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would"
            )
        }) {
            continue;
        }
        let after_ok =
            units.get(j + 1).is_some_and(|x| x.k == U::Word && !matches!(x.low.as_str(), "and" | "or"));
        if after_ok {
            for a in aside.iter_mut().take(j + 1).skip(i) {
                *a = true;
            }
        }
    }
    aside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{self, Options};
    use crate::pledges::parties::Parties;

    fn clauses(text: &str) -> Vec<String> {
        let figs = figures::extract(text, &Options::default()).figures;
        let parties = Parties::find(text);
        let s = Sent::new(text, 0, text.len(), &figs, &parties.mentions, 0);
        s.clauses.iter().map(|&(a, b)| text[s.units[a].s..s.units[b - 1].e].to_string()).collect()
    }

    #[test]
    fn clauses_with_their_own_subject_split() {
        let got = clauses("The US gave $3m, France said it would send tents, and the EU released €2m.");
        assert_eq!(got, ["The US gave $3m", "France said it would send tents", "and the EU released €2m."]);
        let got = clauses("Kenya, Uganda, and Rwanda will get $5 million each.");
        assert_eq!(got.len(), 1, "{got:?}");
        let got = clauses("Japan pledged $5m, and Germany some $3m.");
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
