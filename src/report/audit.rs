//! Checks on the numbers: one finding per problem, with the numbers involved.
//!
//! | `check` | what is checked | severity |
//! |---|---|---|
//! | `equivalent` | a restatement in parentheses, "£1.6 billion ($2 billion)", against the ECB rate at the document's date: the *implied rate* (`$2bn / £1.6bn = 1.25`) against the *ECB rate* (1.2603 on 2025-02-28); `deviation = implied / ecb - 1` | `error` beyond the tolerance (default 5%); `warning` if the rates are more than [`STALE_DAYS`] older than the document |
//! | `parts` | a total followed by its parts in the same sentence, "a £3bn package including £1bn for X and £1.5bn for Y" ([`PART_MARKERS`]); parts of the total's currency are summed, `deviation = sum / total - 1` | `error` when the parts exceed the total beyond the tolerance; when they fall short, a `note` (with two parts or more), or an `error` if the text says the parts are the whole ("made up of", "split between"...) |
//! | `cross_article` | one commitment given different amounts by different articles ([`super::compare`]'s conflicts); `deviation` of this article's amount from the earlier group's, in the base currency | `warning` |
//! | `unconvertible` | a pledge or restatement whose currency has no rate at the document's date (`fx_policy=missing`): not converted, never counted as zero | `warning` for pledges, `note` for restatements |
//! | `unreadable` | a number the extractor could not normalise (too large for a decimal) | `warning` |
//! | `no_date` | a document with money but no date: the latest rates were used | `note` |
//!
//! With `--all`, checks that pass are written too, with severity `ok`. A bounded total ("over
//! £3bn") is not an error when its parts exceed it, nor an upper bound ("up to £3bn") when
//! they fall short; ranges are not checked. Deviations are fractions (`0.05` = 5%) rounded to
//! 6 decimals, rates to 10, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::compare::Comparison;
use super::{Entry, Money, rate_text};
use crate::dates::DocDate;
use crate::figure::{Currency, Figure, Qualifier, plain};
use crate::figures::Extraction;
use crate::fx::{Rates, Unconvertible};
use crate::output::{Row, csv_safe};
use crate::segment;

/// Words that introduce the parts of a total, and whether they claim the parts are the whole.
/// Matched in the text between a total and its first part, as whole words, in lower case.
pub const PART_MARKERS: &[(&str, bool)] = &[
    ("including", false),
    ("includes", false),
    ("include", false),
    ("included", false),
    ("of which", false),
    ("among them", false),
    ("such as", false),
    ("made up of", true),
    ("consisting of", true),
    ("consists of", true),
    ("comprising", true),
    ("comprises", true),
    ("composed of", true),
    ("split between", true),
    ("split into", true),
    ("divided between", true),
    ("divided into", true),
    ("broken down into", true),
    ("broken down as", true),
];

/// A failed `equivalent` check is only a `warning` when the rates used are more than this many
/// days older than the document (a document dated after the end of the rate data).
pub const STALE_DAYS: i32 = 7;

/// Words between two parts that end the list (a new clause begins).
const LIST_ENDS: &[&str] = &["while", "whereas", "but", "however", "meanwhile"];

/// Options for the checks.
#[derive(Clone, Copy, Debug)]
pub struct AuditOptions {
    /// The currency pledges are converted to for the `unconvertible` check.
    pub base: Currency,
    /// The tolerance of the `equivalent` and `parts` checks (`0.05` = 5%).
    pub tolerance: Decimal,
    /// Also write the checks that pass (severity `ok`).
    pub all: bool,
}

impl Default for AuditOptions {
    /// EUR, 5%, failures only.
    fn default() -> Self {
        AuditOptions {
            base: Currency::new("EUR").unwrap_or(Currency::UNKNOWN),
            tolerance: Decimal::new(5, 2),
            all: false,
        }
    }
}

/// The columns of `pledger audit`, in order.
pub const AUDIT_COLUMNS: &[&str] = &[
    "doc", "start", "end", "text", "check", "severity", "message", "stated", "stated_currency", "expected",
    "expected_currency", "implied_rate", "ecb_rate", "deviation", "rate_date", "fx_policy", "date",
    "date_source",
];

/// One finding of `pledger audit`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct Finding {
    /// The document.
    pub doc: String,
    /// Byte offset where the text concerned starts.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The text concerned (`£1.6 billion ($3 billion)`), when known.
    pub text: String,
    /// `equivalent`, `parts`, `cross_article`, `unconvertible`, `unreadable` or `no_date`.
    pub check: &'static str,
    /// `error`, `warning`, `note` or `ok`.
    pub severity: &'static str,
    /// What was found, in a sentence.
    pub message: String,
    /// The number printed in the text that is being checked.
    pub stated: String,
    /// Its currency.
    pub stated_currency: String,
    /// What the check expects instead (a conversion, a sum of parts, another report).
    pub expected: String,
    /// Its currency.
    pub expected_currency: String,
    /// For `equivalent`: the rate the text implies (units of the restatement per unit).
    pub implied_rate: String,
    /// For `equivalent`: the ECB cross rate for the same pair.
    pub ecb_rate: String,
    /// `stated` relative to `expected`, minus one, as a fraction.
    pub deviation: String,
    /// The publication day of the rates used.
    pub rate_date: String,
    /// `exact`, `last_known` or `missing`.
    pub fx_policy: &'static str,
    /// The document's date.
    pub date: String,
    /// Where the date came from.
    pub date_source: &'static str,
}

impl Row for Finding {
    fn neutralize(&mut self) {
        for s in [&mut self.doc, &mut self.text, &mut self.message] {
            *s = csv_safe(s);
        }
    }
}

impl std::fmt::Display for Finding {
    /// `doc:start..end: severity: check: message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}..{}: {}: {}: {}",
            self.doc, self.start, self.end, self.severity, self.check, self.message
        )
    }
}

fn finding(
    doc: &str,
    date: DocDate,
    check: &'static str,
    severity: &'static str,
    message: String,
) -> Finding {
    Finding {
        doc: doc.to_string(),
        check,
        severity,
        message,
        date: date.date.map(|d| d.to_string()).unwrap_or_default(),
        date_source: date.source.as_str(),
        ..Finding::default()
    }
}

fn fraction(x: Decimal) -> String {
    plain(x.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
}

fn percent(x: Decimal) -> String {
    match x.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", plain(p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))),
        None => format!("{} × 100%", plain(x)),
    }
}

/// `a / b - 1`, or `None` when `b` is zero or the ratio does not fit a decimal.
fn ratio_less_one(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)?.checked_sub(Decimal::ONE)
}

/// A restatement to check: `stated` is printed as the same amount as `original`.
struct Restatement<'a> {
    doc: &'a str,
    span: (usize, usize),
    text: &'a str,
    original: Money,
    stated: Money,
    date: DocDate,
}

/// Checks a restatement against the ECB rate at its document's date.
fn check_equivalent(r: Restatement<'_>, rates: &Rates, opts: &AuditOptions) -> Option<Finding> {
    let Restatement { doc, span, text, original, stated, date } = r;
    if original.currency == stated.currency || original.value.is_zero() {
        return None;
    }
    let mut f = finding(doc, date, "equivalent", "ok", String::new());
    (f.start, f.end, f.text) = (span.0, span.1, text.to_string());
    (f.stated, f.stated_currency) = (plain(stated.value), stated.currency.to_string());
    f.expected_currency = stated.currency.to_string();
    match rates.convert(original.value, original.currency, stated.currency, date.date) {
        Err(e) => {
            f.check = "unconvertible";
            f.severity = "note";
            f.fx_policy = "missing";
            f.message = format!("cannot check {stated} for {original}: {}", no_rate(e));
            Some(f)
        }
        Ok(c) => {
            let implied = stated.value.checked_div(original.value)?;
            let deviation = ratio_less_one(implied, c.rate)?;
            (f.expected, f.implied_rate, f.ecb_rate) =
                (c.amount.to_string(), rate_text(implied), rate_text(c.rate));
            (f.deviation, f.rate_date, f.fx_policy) =
                (fraction(deviation), c.rate_date.to_string(), c.policy.as_str());
            let pair = format!("{} per {}", stated.currency, original.currency);
            let stale = date
                .date
                .map(|d| d.days_since_epoch() - c.rate_date.days_since_epoch())
                .filter(|&days| days > STALE_DAYS);
            if deviation.abs() > opts.tolerance {
                f.severity = if stale.is_some() { "warning" } else { "error" };
                f.message = format!(
                    "{stated} for {original} implies {} {pair}; the ECB rate of {} gives {} {pair} ({} {}): {} off, beyond the {} tolerance",
                    rate_text(implied).as_str(),
                    c.rate_date,
                    rate_text(c.rate),
                    c.amount,
                    stated.currency,
                    percent(deviation),
                    percent(opts.tolerance),
                );
                if let Some(days) = stale {
                    f.message.push_str(&format!(" (but the rates are {days} days older than the document)"));
                }
                Some(f)
            } else {
                f.message = format!(
                    "{stated} for {original} is within {} of the ECB rate of {} ({} off)",
                    percent(opts.tolerance),
                    c.rate_date,
                    percent(deviation)
                );
                opts.all.then_some(f)
            }
        }
    }
}

fn no_rate(e: Unconvertible) -> String {
    match e {
        Unconvertible::NoRate { currency, .. } if currency == Currency::UNKNOWN => {
            "the currency is unknown (XXX)".to_string()
        }
        other => other.to_string(),
    }
}

/// The `equivalent`, `parts`, `unreadable` and `no_date` checks of one document, in text
/// order. `found` is the document's extraction.
///
/// # Example
/// ```
/// use pledger::dates::{DateSource, DocDate};
/// use pledger::figures::{self, Options};
/// use pledger::fx::{Date, Rates};
/// use pledger::report::audit::{check_document, AuditOptions};
/// let date = DocDate { date: Date::parse("2025-03-02"), source: DateSource::Input };
/// let check = |text: &str| {
///     let found = figures::extract(text, &Options::default());
///     check_document("a", text, &found, date, Rates::bundled(), &AuditOptions::default())
/// };
/// assert!(check("Britain pledged £1.6 billion ($2 billion) to Ukraine.").is_empty());
/// let bad = check("Britain pledged £1.6 billion ($3 billion) to Ukraine.");
/// assert_eq!((bad[0].check, bad[0].severity, bad[0].implied_rate.as_str()), ("equivalent", "error", "1.875"));
/// ```
pub fn check_document(
    doc: &str,
    text: &str,
    found: &Extraction,
    date: DocDate,
    rates: &Rates,
    opts: &AuditOptions,
) -> Vec<Finding> {
    let figures = &found.figures;
    let mut out = Vec::new();
    let money = |f: &Figure| Some(Money { value: f.value, currency: f.currency()? });
    // Said once per document: in its first piece.
    if date.date.is_none() && found.range.0 == 0 && figures.iter().any(|f| f.currency().is_some()) {
        let latest = rates.range().1;
        out.push(finding(
            doc,
            date,
            "no_date",
            "note",
            format!("no document date (input, text or --date): the latest rates ({latest}) are used, flagged last_known"),
        ));
    }
    for w in &found.warnings {
        let mut f = finding(doc, date, "unreadable", "warning", w.message.clone());
        (f.start, f.end) = w.span;
        f.text = text.get(w.span.0..w.span.1).unwrap_or("").to_string();
        out.push(f);
    }
    for f in figures {
        let Some(i) = f.restates else { continue };
        let Some(orig) = figures.get(i) else { continue };
        let (Some(o), Some(s)) = (money(orig), money(f)) else { continue };
        let mut span = (orig.start.min(f.start), orig.end.max(f.end));
        if text.get(span.1..).is_some_and(|rest| rest.starts_with(')')) {
            span.1 += 1; // "£1.6 billion ($2 billion)" with its closing parenthesis
        }
        let shown = text.get(span.0..span.1).unwrap_or("");
        let r = Restatement { doc, span, text: shown, original: o, stated: s, date };
        out.extend(check_equivalent(r, rates, opts));
    }
    out.extend(check_parts(doc, text, found.range, figures, date, opts));
    out.sort_by_key(|f| (f.start, f.end));
    out
}

/// Whether `phrase` occurs in `gap` as whole words (case-insensitive).
fn has_words(gap: &str, phrase: &str) -> bool {
    let words: Vec<String> =
        gap.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let want: Vec<&str> = phrase.split(' ').collect();
    words.windows(want.len()).any(|w| w.iter().zip(&want).all(|(a, b)| a == b))
}

/// A total followed in its sentence by a part marker and its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartList {
    /// The total (index into the figures).
    pub total: usize,
    /// The parts, in text order (indices into the figures); never empty.
    pub parts: Vec<usize>,
    /// The marker as listed in [`PART_MARKERS`].
    pub marker: &'static str,
    /// Whether the marker says the parts are the whole ("made up of").
    pub whole: bool,
}

/// Finds, in each sentence, a money figure followed by a [`PART_MARKERS`] phrase and then one
/// or more money figures in the same currency: "a £3bn package including £1bn for X and
/// £1.5bn for Y". Restatements in parentheses are skipped; the list ends at a figure in
/// another currency, a `;`, or a word such as "while" or "but".
///
/// # Example
/// ```
/// use pledger::figures::{extract, Options};
/// use pledger::report::audit::part_lists;
/// let text = "Canada unveiled a C$3bn package including C$1bn for drones and C$1.5bn for shells.";
/// let found = extract(text, &Options::default());
/// let lists = part_lists(text, &found.figures);
/// assert_eq!((lists[0].total, lists[0].parts.clone(), lists[0].marker), (0, vec![1, 2], "including"));
/// ```
pub fn part_lists(text: &str, figures: &[Figure]) -> Vec<PartList> {
    part_lists_in(text, (0, text.len()), figures)
}

/// [`part_lists`] for the piece `text[from..to]` (see [`crate::figures::extract_range`]).
fn part_lists_in(text: &str, (from, to): (usize, usize), figures: &[Figure]) -> Vec<PartList> {
    let mut out = Vec::new();
    let piece = text.get(from..to).unwrap_or("");
    for (s, e) in segment::sentences(piece).map(|(s, e)| (s + from, e + from)) {
        // Figures are in document order: only those starting in the sentence can lie in it.
        let first = figures.partition_point(|f| f.start < s);
        let primary: Vec<usize> = (first..figures.len())
            .take_while(|&i| figures[i].start < e)
            .filter(|&i| {
                let f = &figures[i];
                f.start >= s && f.end <= e && f.restates.is_none() && f.currency().is_some()
            })
            .collect();
        let mut k = 0;
        while k + 1 < primary.len() {
            let t = primary[k];
            let total = &figures[t];
            let gap = text.get(total.end..figures[primary[k + 1]].start).unwrap_or("");
            let Some(&(marker, whole)) = PART_MARKERS.iter().find(|(m, _)| has_words(gap, m)) else {
                k += 1;
                continue;
            };
            let mut parts: Vec<usize> = Vec::new();
            for j in k + 1..primary.len() {
                let p = &figures[primary[j]];
                if p.currency() != total.currency() {
                    break;
                }
                if j > k + 1 {
                    let between = text.get(figures[primary[j - 1]].end..p.start).unwrap_or("");
                    if between.contains(';') || LIST_ENDS.iter().any(|w| has_words(between, w)) {
                        break;
                    }
                }
                parts.push(primary[j]);
            }
            k += 1 + parts.len();
            if !parts.is_empty() {
                out.push(PartList { total: t, parts, marker, whole });
            }
        }
    }
    out
}

/// The `parts` check over [`part_lists`].
fn check_parts(
    doc: &str,
    text: &str,
    range: (usize, usize),
    figures: &[Figure],
    date: DocDate,
    opts: &AuditOptions,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for list in part_lists_in(text, range, figures) {
        let total = &figures[list.total];
        let parts: Vec<&Figure> = list.parts.iter().map(|&i| &figures[i]).collect();
        let (marker, whole) = (list.marker, list.whole);
        if total.qualifier == Qualifier::Range
            || parts.iter().any(|p| p.high.is_some())
            || total.value.is_zero()
        {
            continue;
        }
        // Sums and ratios past the largest decimal cannot be checked: the list is passed over.
        let Some(sum) = parts.iter().try_fold(Decimal::ZERO, |s, p| s.checked_add(p.value)) else { continue };
        let Some(deviation) = ratio_less_one(sum, total.value) else { continue };
        let code = total.unit_str();
        let listed = parts.iter().map(|p| p.text(text)).collect::<Vec<_>>().join(" + ");
        let (sev, message) = if deviation > opts.tolerance && total.qualifier != Qualifier::Over {
            (
                "error",
                format!(
                    "the parts ({listed} = {} {code}) exceed the total {} by {}",
                    plain(sum),
                    total.text(text),
                    percent(deviation)
                ),
            )
        } else if deviation < -opts.tolerance && total.qualifier != Qualifier::Under {
            if whole {
                (
                    "error",
                    format!(
                        "the text says the total {} is {marker} its parts, but they sum to {} {code} ({listed}), {} short",
                        total.text(text),
                        plain(sum),
                        percent(-deviation)
                    ),
                )
            } else if parts.len() >= 2 {
                (
                    "note",
                    format!(
                        "the parts listed after \"{marker}\" sum to {} {code} ({listed}), {} less than the total {}; \"{marker}\" does not claim the list is complete",
                        plain(sum),
                        percent(-deviation),
                        total.text(text)
                    ),
                )
            } else {
                continue;
            }
        } else {
            (
                "ok",
                format!(
                    "the parts ({listed}) agree with the total {} within the tolerance",
                    total.text(text)
                ),
            )
        };
        if sev == "ok" && !opts.all {
            continue;
        }
        let last = parts[parts.len() - 1];
        let mut f = finding(doc, date, "parts", sev, message);
        (f.start, f.end) = (total.start, last.end);
        f.text = text.get(total.start..last.end).unwrap_or("").to_string();
        (f.stated, f.stated_currency) = (plain(total.value), code.to_string());
        (f.expected, f.expected_currency) = (plain(sum), code.to_string());
        f.deviation = fraction(deviation);
        out.push(f);
    }
    out
}

/// The `unconvertible` check of a pledge, and for entries read from a ledger CSV (no text to
/// read) the `equivalent` check of its `equivalents` column too (`with_equivalents`).
pub fn check_entry(
    entry: &Entry,
    rates: &Rates,
    opts: &AuditOptions,
    with_equivalents: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(amount) = entry.amount else { return out };
    let row = &entry.row;
    if let Err(e) = rates.convert(amount.value, amount.currency, opts.base, entry.date.date) {
        let mut f = finding(
            &row.doc,
            entry.date,
            "unconvertible",
            "warning",
            format!(
                "{amount} ({} → {}) is not converted to {}: {}; it is counted apart, never as zero",
                display_party(&row.donor),
                row.recipient,
                opts.base,
                no_rate(e)
            ),
        );
        (f.start, f.end, f.text) = (row.start, row.end, row.amount_text.clone());
        (f.stated, f.stated_currency, f.fx_policy) =
            (plain(amount.value), amount.currency.to_string(), "missing");
        out.push(f);
    }
    if with_equivalents {
        for &eq in &entry.equivalents {
            let text = format!("{} ({eq})", row.amount_text);
            let r = Restatement {
                doc: &row.doc,
                span: (row.start, row.end),
                text: &text,
                original: amount,
                stated: eq,
                date: entry.date,
            };
            out.extend(check_equivalent(r, rates, opts));
        }
    }
    out
}

fn display_party(p: &str) -> &str {
    if p.is_empty() { "unknown donor" } else { p }
}

/// The `cross_article` check: one finding per conflicting pair of groups of `comparison`
/// ([`super::compare`]), at the later group's anchor.
pub fn check_across(entries: &[Entry], comparison: &Comparison) -> Vec<Finding> {
    let mut out = Vec::new();
    let base = comparison.options.base;
    for (x, gx) in comparison.groups.iter().enumerate() {
        for &y in gx.conflicts.iter().filter(|&&y| y > x) {
            let gy = &comparison.groups[y];
            let (ax, ay) = (&entries[gx.anchor()], &entries[gy.anchor()]);
            let (Some(mx), Some(my)) = (ax.amount, ay.amount) else { continue };
            let docs = |g: &super::compare::Group| {
                g.members.iter().map(|&m| entries[m].row.doc.as_str()).collect::<Vec<_>>().join(", ")
            };
            let mut f = finding(
                &ay.row.doc,
                ay.date,
                "cross_article",
                "warning",
                format!(
                    "{} → {} ({}): {my} here (pledge {}, in {}) but {mx} in {} (pledge {}); beyond the {} tolerance, so counted as two commitments",
                    display_party(&ay.row.donor),
                    ay.row.recipient,
                    ay.row.stage,
                    gy.id,
                    docs(gy),
                    docs(gx),
                    gx.id,
                    percent(comparison.options.tolerance)
                ),
            );
            (f.start, f.end, f.text) = (ay.row.start, ay.row.end, ay.row.amount_text.clone());
            let (bx, by) = (comparison.base_amount(gx), comparison.base_amount(gy));
            if mx.currency == my.currency {
                (f.stated, f.stated_currency) = (plain(my.value), my.currency.to_string());
                (f.expected, f.expected_currency) = (plain(mx.value), mx.currency.to_string());
                if let Some(d) = ratio_less_one(my.value, mx.value) {
                    f.deviation = fraction(d);
                }
            } else if let (Some(bx), Some(by)) = (bx, by) {
                (f.stated, f.stated_currency) = (by.amount.to_string(), base.to_string());
                (f.expected, f.expected_currency) = (bx.amount.to_string(), base.to_string());
                if let Some(d) = ratio_less_one(by.amount, bx.amount) {
                    f.deviation = fraction(d);
                }
                f.rate_date = by.rate_date.to_string();
                f.fx_policy = by.policy.as_str();
            }
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_match_whole_words() {
        assert!(has_words("bn package, including", "including"));
        assert!(has_words(" Made up of ", "made up of"));
        assert!(!has_words("excluding", "including"));
        assert!(!has_words("made of", "made up of"));
    }

    #[test]
    fn every_marker_is_lower_case_words() {
        for (m, _) in PART_MARKERS {
            assert!(m.split(' ').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())), "{m}");
        }
    }
}
