//! Pledge → one flat ledger row, written by [`crate::output::RowWriter`].

use std::fmt;

use serde::Serialize;

use super::Pledge;
use crate::figure::{Figure, plain};
use crate::output::{Row, csv_safe_in_place};

/// The columns of `pledger ledger`, in order.
pub const LEDGER_COLUMNS: &[&str] = &[
    "doc", "donor", "recipient", "amount", "currency", "qualifier", "high", "amount_text", "equivalents",
    "items", "instrument", "stage", "cue", "sentence", "start", "end",
];

/// One row of `pledger ledger`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LedgerRow {
    /// The document: its path as given or its JSONL id.
    pub doc: String,
    /// Who gives (empty when unknown).
    pub donor: String,
    /// Who receives.
    pub recipient: String,
    /// The amount as a plain decimal (low end of a range); empty for goods-only pledges.
    pub amount: String,
    /// ISO 4217 code; empty for goods-only pledges.
    pub currency: String,
    /// exact, over, under, approx or range; empty for goods-only pledges.
    pub qualifier: String,
    /// The high end of a range, or empty.
    pub high: String,
    /// The amount as written (the goods, for goods-only pledges).
    pub amount_text: String,
    /// Restatements in other currencies: `2000000000 USD`, joined by `; `.
    pub equivalents: String,
    /// Goods: `5000 air defense missiles`, joined by `; `.
    pub items: String,
    /// Instrument label (loan, grant, export finance...).
    pub instrument: String,
    /// pledge, commitment or disbursement.
    pub stage: &'static str,
    /// The cue word as written.
    pub cue: String,
    /// The sentence that states the commitment.
    pub sentence: String,
    /// Byte offset where the amount (or the goods) starts.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
}

impl LedgerRow {
    /// The row for pledge `p` of document `doc` with text `text` and its `figures`.
    pub fn new(doc: &str, text: &str, figures: &[Figure], p: &Pledge) -> LedgerRow {
        let money = p.amount.and_then(|i| figures.get(i));
        let equivalents: Vec<String> = p
            .equivalents
            .iter()
            .filter_map(|&i| figures.get(i))
            .map(|f| format!("{} {}", plain(f.value), f.unit_str()))
            .collect();
        let items: Vec<String> = p
            .items
            .iter()
            .filter_map(|&i| figures.get(i))
            .map(|f| format!("{} {}", plain(f.value), item_subject(f)))
            .collect();
        LedgerRow {
            doc: doc.to_string(),
            donor: p.donor.clone(),
            recipient: p.recipient.clone(),
            amount: money.map(|f| plain(f.value)).unwrap_or_default(),
            currency: money.map(|f| f.unit_str().to_string()).unwrap_or_default(),
            qualifier: money.map(|f| f.qualifier.as_str().to_string()).unwrap_or_default(),
            high: money.and_then(|f| f.high).map(plain).unwrap_or_default(),
            amount_text: text.get(p.span.0..p.span.1).unwrap_or("").to_string(),
            equivalents: equivalents.join("; "),
            items: items.join("; "),
            instrument: p.instrument.clone(),
            stage: p.stage.as_str(),
            cue: p.cue.clone(),
            sentence: text
                .get(p.sentence.0..p.sentence.1)
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            start: p.span.0,
            end: p.span.1,
        }
    }
}

/// The counted noun of a goods figure, cut before a verb the figure's phrase ran into
/// ("tonnes of wheat promised" → "tonnes of wheat").
fn item_subject(f: &Figure) -> String {
    let subject = f.unit_str();
    let all: Vec<&str> = subject.split(' ').collect();
    let mut words: Vec<&str> = Vec::new();
    for (k, w) in all.iter().enumerate() {
        let lw = w.to_lowercase();
        // A participle before a noun is an adjective ("tonnes of fortified rice"); one that
        // ends the phrase or leads into a preposition is the verb ("tonnes of wheat promised").
        let next = all.get(k + 1).map(|n| n.to_lowercase()).unwrap_or_default();
        let adjective = matches!(words.last().map(|p| p.to_lowercase()).as_deref(), Some("of" | "and"))
            && !next.is_empty()
            && !matches!(next.as_str(), "to" | "by" | "for" | "in" | "on" | "at" | "from" | "with" | "and");
        let verb = lw.ends_with("ed") && lw.len() > 4 && !adjective
            || matches!(lw.as_str(), "donate" | "deliver" | "send" | "give");
        if verb {
            break;
        }
        words.push(w);
    }
    while words.last().is_some_and(|w| matches!(*w, "and" | "or" | "to")) {
        words.pop();
    }
    if words.is_empty() { subject.to_string() } else { words.join(" ") }
}

impl fmt::Display for LedgerRow {
    /// `donor -> recipient | amount currency | equivalents | items`, with `-` for an empty
    /// field: `United Kingdom -> Ukraine | 1600000000 GBP | 2000000000 USD | 5000 air defense
    /// missiles`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_dash = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
        let amount = if self.amount.is_empty() {
            "-".to_string()
        } else {
            format!("{} {}", self.amount, self.currency)
        };
        write!(
            f,
            "{} -> {} | {} | {} | {}",
            or_dash(&self.donor),
            or_dash(&self.recipient),
            amount,
            or_dash(&self.equivalents),
            or_dash(&self.items)
        )
    }
}

impl Row for LedgerRow {
    fn neutralize(&mut self) {
        for s in [
            &mut self.doc, &mut self.donor, &mut self.recipient, &mut self.amount_text,
            &mut self.equivalents, &mut self.items, &mut self.instrument, &mut self.cue, &mut self.sentence,
        ] {
            csv_safe_in_place(s);
        }
    }
}
