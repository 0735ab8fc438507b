//! The promises `figures` and the ledger make about their output, checked on one document.
//!
//! Shared by the property tests (`tests/properties.rs`) and the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`), so both check exactly the same things. Each check returns an
//! `Err` naming the figure or pledge that breaks a promise, instead of panicking, so that the
//! caller can show the document.

use std::str::FromStr;

use pledger::figures::{Extraction, Options, extract};
use pledger::lexicon::Lexicon;
use pledger::pledges::{self, LedgerRow};
use pledger::{Currency, Figure, Qualifier, Unit, plain};
use rust_decimal::Decimal;

/// Checks the figures `found` in `doc`: each span lies in the document on character
/// boundaries and `text() == doc[start..end]`, with its core inside it; figures come in
/// document order without overlapping; `value` and `high` read back from their plain form;
/// `high >= value`, and a range has a high end; money is in a known ISO currency and a
/// quantity has a noun; restatements point at another figure; warnings lie in the document.
pub fn check_figures(doc: &str, found: &Extraction) -> Result<(), String> {
    let lex = Lexicon::get();
    let mut prev_end = 0;
    for (i, f) in found.figures.iter().enumerate() {
        let at = || format!("figure {i} `{f}` at {}..{} (rule {})", f.start, f.end, f.rule);
        if !(f.start < f.end && f.end <= doc.len()) {
            return Err(format!("{}: span outside the document of {} bytes", at(), doc.len()));
        }
        if !doc.is_char_boundary(f.start) || !doc.is_char_boundary(f.end) {
            return Err(format!("{}: span not on character boundaries", at()));
        }
        if f.text(doc) != &doc[f.start..f.end] {
            return Err(format!("{}: text() is not doc[start..end]", at()));
        }
        let (cs, ce) = f.core;
        if !(f.start <= cs && cs <= ce && ce <= f.end) {
            return Err(format!("{}: core {cs}..{ce} not inside the span", at()));
        }
        if f.start < prev_end {
            return Err(format!(
                "{}: overlaps or precedes the figure before it (ending at {prev_end})",
                at()
            ));
        }
        prev_end = f.end;
        for (what, v) in [("value", Some(f.value)), ("high", f.high)] {
            let Some(v) = v else { continue };
            let s = plain(v);
            match Decimal::from_str(&s) {
                Ok(back) if back == v => {}
                other => return Err(format!("{}: {what} {s:?} reads back as {other:?}", at())),
            }
        }
        if let Some(h) = f.high
            && h < f.value
        {
            return Err(format!("{}: high {h} below value {}", at(), f.value));
        }
        if f.qualifier == Qualifier::Range && f.high.is_none() {
            return Err(format!("{}: a range without a high end", at()));
        }
        match &f.unit {
            Unit::Money(c) => {
                if Currency::new(c.as_str()) != Some(*c) || !lex.is_known(*c) {
                    return Err(format!("{}: unknown currency {c}", at()));
                }
            }
            Unit::Quantity(noun) => {
                if noun.trim().is_empty() {
                    return Err(format!("{}: quantity without a noun", at()));
                }
            }
        }
        if let Some(r) = f.restates
            && (r >= found.figures.len() || r == i)
        {
            return Err(format!("{}: restates figure {r} of {}", at(), found.figures.len()));
        }
    }
    for w in &found.warnings {
        let (a, b) = w.span;
        if !(a <= b && b <= doc.len()) {
            return Err(format!("warning span {a}..{b} outside the document: {}", w.message));
        }
    }
    Ok(())
}

/// Runs the ledger on `doc` and its `figures`, and checks that every pledge's span and
/// sentence lie in the document on character boundaries, its figure indices exist, its
/// recipient is named, and its ledger row (which must not panic either) carries its span.
pub fn check_ledger(doc: &str, figures: &[Figure]) -> Result<(), String> {
    for (i, p) in pledges::extract(doc, figures).iter().enumerate() {
        for (what, (a, b)) in [("span", p.span), ("sentence", p.sentence)] {
            if !(a <= b && b <= doc.len() && doc.is_char_boundary(a) && doc.is_char_boundary(b)) {
                return Err(format!("pledge {i}: {what} {a}..{b} not in the document ({} bytes)", doc.len()));
            }
        }
        let indices = p.amount.iter().chain(&p.equivalents).chain(&p.items);
        if let Some(bad) = indices.into_iter().find(|&&k| k >= figures.len()) {
            return Err(format!("pledge {i}: figure index {bad} of {}", figures.len()));
        }
        if p.recipient.is_empty() {
            return Err(format!("pledge {i}: empty recipient"));
        }
        let row = LedgerRow::new("doc", doc, figures, p);
        if (row.start, row.end) != p.span {
            return Err(format!("pledge {i}: row offsets {}..{} differ from the span", row.start, row.end));
        }
    }
    Ok(())
}

/// The option sets every document is extracted with: the defaults, `--latent`, and
/// `--dollar CAD`.
pub fn option_sets() -> [Options; 3] {
    let cad = Currency::new("CAD").unwrap_or(Currency::UNKNOWN);
    [
        Options::default(),
        Options { latent: true, ..Options::default() },
        Options { dollar: cad, latent: false },
    ]
}

/// Extracts figures from `doc` with every option set, checks them, and (with `ledger`) runs
/// and checks the ledger on them.
pub fn check_document(doc: &str, ledger: bool) -> Result<(), String> {
    for opts in option_sets() {
        let found = extract(doc, &opts);
        check_figures(doc, &found).map_err(|e| format!("{opts:?}: {e}"))?;
        if ledger {
            check_ledger(doc, &found.figures).map_err(|e| format!("{opts:?}: ledger: {e}"))?;
        }
    }
    Ok(())
}
