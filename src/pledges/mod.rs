//! Figures → pledges: which amounts in a document are commitments, who makes them, to whom,
//! and what they buy — the ledger.
//!
//! A commitment is money (or counted goods) that someone pledges, promises, grants, approves,
//! lends, provides or delivers to someone. The stages, in order:
//!
//! 1. `parties` finds every country, region, organisation and agency the document names, and
//!    learns the acronyms it defines and the officials it introduces;
//! 2. `text` reads each sentence as units (words, amounts, quantities, parties) split into
//!    clauses;
//! 3. `link` decides, per amount, whether a commitment cue governs it and no blocker does
//!    (prices, profits, debts, claims, needs, requests, hedges, budget lines are not pledges),
//!    and merges mentions of one commitment; `roles` finds the giver and the recipient;
//! 4. [`row`] flattens each pledge into a ledger row.
//!
//! Every word list is a data table (`data/cues.tsv`, `data/blockers.tsv`, `data/roles.tsv`,
//! `data/titles.tsv`, `data/instruments.tsv`, `data/short_names.tsv`, and `data/parties.tsv`
//! through the lexicon).
//! Extraction is total: any text and figures give pledges or nothing, never a panic.
//!
//! ```
//! use pledger::figures::{self, Options};
//! use pledger::pledges;
//! let text = "Britain will lend Kenya £50m ($64m) to buy 200 tractors.";
//! let found = figures::extract(text, &Options::default());
//! let rows = pledges::extract(text, &found.figures);
//! assert_eq!(rows.len(), 1);
//! assert_eq!(rows[0].donor, "United Kingdom");
//! assert_eq!(rows[0].recipient, "Kenya");
//! ```

mod link;
mod parties;
mod roles;
pub mod row;
mod text;
mod words;

use std::fmt;

use crate::figure::Figure;
use crate::segment;

pub use row::{LEDGER_COLUMNS, LedgerRow};
pub use words::{embedded as embedded_tables, problems as table_problems};

/// Where a commitment stands, following IATI's transaction types and OCHA FTS: a promise is not
/// a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Announced or promised, not yet binding ("will provide", "pledged", "offered").
    Pledge,
    /// Approved, signed, allocated or lent: binding, not yet paid.
    Commitment,
    /// Delivered, disbursed, sent or spent.
    Disbursement,
}

impl Stage {
    /// The lower-case name written in the `stage` column.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Pledge => "pledge",
            Stage::Commitment => "commitment",
            Stage::Disbursement => "disbursement",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One commitment found in a document. Amounts and goods are indices into the figures the
/// pledge was linked from, so values stay exact [`Figure`]s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pledge {
    /// Who gives: a country's or organisation's canonical name, a collective ("United Kingdom
    /// and Australia"), a name as written ("Nespresso"), or empty when the text does not say.
    pub donor: String,
    /// Who receives: a country, region or organisation, or the group as the text names it
    /// ("tsunami victims"). Never empty.
    pub recipient: String,
    /// The primary amount (index into the figures); `None` for goods-only pledges.
    pub amount: Option<usize>,
    /// Restatements of the amount in other currencies (indices into the figures).
    pub equivalents: Vec<usize>,
    /// Counted goods the money buys or that are given (indices of quantity figures).
    pub items: Vec<usize>,
    /// A short label such as "loan", "export finance", "military aid"; empty when none.
    pub instrument: String,
    /// Pledge, commitment or disbursement.
    pub stage: Stage,
    /// The word that signalled the commitment, as written.
    pub cue: String,
    /// Byte span of the sentence that states it.
    pub sentence: (usize, usize),
    /// Byte span of the amount, or of the goods for a goods-only pledge.
    pub span: (usize, usize),
}

/// Finds the commitments of `text`, given its `figures` (from [`crate::figures::extract`]), in
/// document order, one per distinct commitment.
///
/// # Example
/// ```
/// use pledger::figures::{self, Options};
/// let text = "Acme Corp's profits rose to $5bn. Japan granted Peru a $20m loan.";
/// let figs = figures::extract(text, &Options::default()).figures;
/// let found = pledger::pledges::extract(text, &figs);
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].donor.as_str(), found[0].recipient.as_str()), ("Japan", "Peru"));
/// ```
pub fn extract(text: &str, figures: &[Figure]) -> Vec<Pledge> {
    if text.len() <= segment::PIECE {
        return extract_one(text, figures);
    }
    // A huge document (a file of many articles, a 100 MB line) is linked in pieces cut at
    // paragraph breaks, so that time and memory stay bounded; no commitment spans two.
    let mut out = Vec::new();
    for (from, to) in segment::pieces(text, segment::PIECE) {
        let lo = figures.partition_point(|f| f.start < from);
        let hi = figures.partition_point(|f| f.start < to);
        let local: Vec<Figure> = figures[lo..hi]
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.restates = f.restates.filter(|&r| (lo..hi).contains(&r)).map(|r| r - lo);
                f
            })
            .collect();
        for mut p in extract_range(text, (from, to), &local) {
            p.amount = p.amount.map(|i| i + lo);
            p.equivalents.iter_mut().for_each(|i| *i += lo);
            p.items.iter_mut().for_each(|i| *i += lo);
            out.push(p);
        }
    }
    out
}

/// Finds the commitments of `text[from..to]` (a piece of a long document, see
/// [`crate::segment::pieces`]), read as a document of its own. `figures` are those of the piece
/// with byte offsets into `text`, as [`crate::figures::extract_range`] gives them; the pledges
/// index into them, and their spans are offsets into `text`. A range out of bounds or not on
/// character boundaries gives nothing.
pub fn extract_range(text: &str, (from, to): (usize, usize), figures: &[Figure]) -> Vec<Pledge> {
    let Some(piece) = text.get(from..to) else { return Vec::new() };
    // Into the piece's own offsets; a figure running past its end (a piece cut inside a
    // sentence) is cut there.
    let local: Vec<Figure> = figures
        .iter()
        .map(|f| {
            let mut f = f.clone();
            let clamp = |at: usize| at.clamp(from, to) - from;
            (f.start, f.end, f.core) = (clamp(f.start), clamp(f.end), (clamp(f.core.0), clamp(f.core.1)));
            f
        })
        .collect();
    let mut out = extract_one(piece, &local);
    for p in &mut out {
        p.sentence = (p.sentence.0 + from, p.sentence.1 + from);
        p.span = (p.span.0 + from, p.span.1 + from);
    }
    out
}

fn extract_one(text: &str, figures: &[Figure]) -> Vec<Pledge> {
    // Every commitment is an amount or goods counted: a text with no figure has none, and its
    // parties and sentences are not read.
    if figures.is_empty() {
        return Vec::new();
    }
    let drafts = link::link(text, figures);
    // Looked up only for a document that has pledges: most have none.
    let written = if drafts.is_empty() { Vec::new() } else { written_names(text) };
    drafts
        .into_iter()
        .filter_map(|d| {
            let recipient = d.recipient.map(|w| as_written(w.name, &written)).filter(|n| !n.is_empty())?;
            Some(Pledge {
                donor: d.donor.map(|w| as_written(w.name, &written)).unwrap_or_default(),
                recipient,
                amount: d.money,
                equivalents: d.equivalents,
                items: d.items,
                instrument: d.instrument,
                stage: d.stage,
                cue: d.cue,
                sentence: d.sentence,
                span: d.span,
            })
        })
        .collect()
}

/// The countries `text` names only by another short name (`data/short_names.tsv`): canonical
/// name and the name as written first.
fn written_names(text: &str) -> Vec<(&'static str, &'static str)> {
    // Whole words, as party mentions are found.
    let word_at = |s: usize, e: usize| parties::on_boundaries(text, s, e);
    let names = |name: &str| text.match_indices(name).any(|(s, m)| word_at(s, s + m.len()));
    let mut out = Vec::new();
    for (canonical, others) in &words::Tables::get().short_names {
        if names(canonical) {
            continue;
        }
        let first = others.iter().filter_map(|o| {
            text.match_indices(o).find(|(s, m)| word_at(*s, s + m.len())).map(|(s, _)| (s, *o))
        });
        if let Some((_, o)) = first.min_by_key(|(s, _)| *s) {
            out.push((*canonical, o));
        }
    }
    out
}

/// `name` (a party or a list of parties) with each country the document names only by another
/// short name written that way: "Ivory Coast and Burkina Faso" → "Côte d'Ivoire and Burkina Faso".
fn as_written(name: String, written: &[(&str, &str)]) -> String {
    written.iter().fold(name, |name, (canonical, other)| renamed(name, canonical, other))
}

/// `name` with `from` replaced by `to`, copied only when it holds `from`.
fn renamed(name: String, from: &str, to: &str) -> String {
    if name.contains(from) { name.replace(from, to) } else { name }
}

/// `name` with every other short name of a country (`data/short_names.tsv`) replaced by its
/// canonical name, so that ledgers of articles that write "Côte d'Ivoire" and "Ivory Coast"
/// compare as one party.
///
/// ```
/// assert_eq!(pledger::pledges::canonical_name("Côte d'Ivoire and Mali"), "Ivory Coast and Mali");
/// ```
pub fn canonical_name(name: &str) -> String {
    let pairs =
        words::Tables::get().short_names.iter().flat_map(|(c, others)| others.iter().map(move |o| (c, o)));
    pairs.fold(name.to_string(), |name, (canonical, other)| renamed(name, other, canonical))
}
