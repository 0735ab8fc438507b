//! Document dates: which day's exchange rates apply to a document, and where that day came
//! from.
//!
//! A document's date is, in order of preference:
//!
//! 1. `input` — the date the input carries: the JSON Lines `date` field, an HTML page's
//!    `<meta>` publication date or JSON-LD `datePublished`, a WARC record's `WARC-Date`
//!    ([`Document::date`]);
//! 2. `text` — a date written near the top of the text (its first [`TOP_BYTES`] bytes), as
//!    found by [`text_date`];
//! 3. `default` — the date given with `--date`;
//! 4. `none` — no date: conversions use the latest rates, with policy `last_known`.
//!
//! The label is written in the `date_source` column next to `date`.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

use crate::fx::Date;
use crate::input::Document;

/// How many leading bytes of a text [`text_date`] reads: a headline, a byline and a dateline.
pub const TOP_BYTES: usize = 600;

/// Where a document's date came from, as written in the `date_source` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// `input`: the JSON Lines `date`, the HTML `<meta>`/JSON-LD date or the WARC-Date.
    Input,
    /// `text`: a date written near the top of the text.
    Text,
    /// `default`: the `--date` option.
    Default,
    /// `none`: no date; the latest rates are used.
    None,
}

impl DateSource {
    /// `input`, `text`, `default` or `none`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DateSource::Input => "input",
            DateSource::Text => "text",
            DateSource::Default => "default",
            DateSource::None => "none",
        }
    }

    /// The source named by [`DateSource::as_str`], or `None` for another name.
    pub fn parse(name: &str) -> Option<DateSource> {
        match name {
            "input" => Some(DateSource::Input),
            "text" => Some(DateSource::Text),
            "default" => Some(DateSource::Default),
            "none" => Some(DateSource::None),
            _ => None,
        }
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document's date and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocDate {
    /// The day, or `None` when nothing gave one.
    pub date: Option<Date>,
    /// Where the day came from ([`DateSource::None`] when `date` is `None`).
    pub source: DateSource,
}

impl DocDate {
    /// No date.
    pub const NONE: DocDate = DocDate { date: None, source: DateSource::None };

    /// `default` labelled [`DateSource::Default`], or [`DocDate::NONE`].
    pub fn or_default(default: Option<Date>) -> DocDate {
        match default {
            Some(d) => DocDate { date: Some(d), source: DateSource::Default },
            None => DocDate::NONE,
        }
    }
}

/// The date of `doc` by the order in the module documentation; `default` is `--date`.
///
/// # Example
/// ```
/// use pledger::dates::{document_date, DateSource};
/// use pledger::fx::Date;
/// use pledger::input::document_from_str;
/// let doc = document_from_str("a", "KYIV, March 2, 2025 - Britain pledged £1.6 billion.");
/// let d = document_date(&doc, Date::parse("2025-01-01"));
/// assert_eq!((d.date.unwrap().to_string().as_str(), d.source), ("2025-03-02", DateSource::Text));
/// let d = document_date(&document_from_str("b", "No date here."), Date::parse("2025-01-01"));
/// assert_eq!(d.source, DateSource::Default);
/// ```
pub fn document_date(doc: &Document, default: Option<Date>) -> DocDate {
    if let Some(d) = doc.date.as_deref().and_then(|s| Date::parse(s.get(..10).unwrap_or(s))) {
        return DocDate { date: Some(d), source: DateSource::Input };
    }
    if let Some(d) = text_date(&doc.text, default) {
        return DocDate { date: Some(d), source: DateSource::Text };
    }
    DocDate::or_default(default)
}

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
];

/// The date patterns: ISO, "March 2, 2025", "2 March 2025", and a wire dateline without a year
/// ("LONDON, March 24 -", "PARIS, 3 Feb (Reuters) -").
struct Patterns {
    iso: Regex,
    mdy: Regex,
    dmy: Regex,
    dateline_md: Regex,
    dateline_dm: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // Month names capitalised or in capitals, in full or abbreviated ("Sept."), never in
        // lower case: "may" is a verb.
        let mut names: Vec<String> = Vec::new();
        for m in MONTHS {
            let upper = m.to_uppercase();
            names.push(m.to_string());
            names.push(upper.clone());
            if m.len() > 3 {
                names.push(m[..3].to_string());
                names.push(upper[..3].to_string());
            }
            if m == "September" {
                names.push("Sept".into());
                names.push("SEPT".into());
            }
        }
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let month = format!("({})\\.?", names.join("|"));
        let build = |re: String| Regex::new(&re).expect("date patterns compile");
        Patterns {
            iso: build(r"\b(\d{4})-(\d{2})-(\d{2})(?:T|\b)".to_string()),
            mdy: build(format!(r"\b{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
            dmy: build(format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{month},?\s+(\d{{4}})\b")),
            dateline_md: build(format!(
                r"(?m)^\s*\p{{Lu}}[\p{{Lu}}\s.'-]*(?:,\s*[\p{{L}}\s.]+)?,\s+{month}\s+(\d{{1,2}})\s*(?:\([^)]*\)\s*)?[-–—]"
            )),
            dateline_dm: build(format!(
                r"(?m)^\s*\p{{Lu}}[\p{{Lu}}\s.'-]*(?:,\s*[\p{{L}}\s.]+)?,\s+(\d{{1,2}})\s+{month}\s*(?:\([^)]*\)\s*)?[-–—]"
            )),
        }
    })
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| m.to_ascii_lowercase().starts_with(&lower[..3.min(lower.len())]))
        .map(|i| i as u32 + 1)
}

/// The first date written in the first [`TOP_BYTES`] bytes of `text`: `2025-03-02`,
/// `March 2, 2025`, `Mar. 2 2025`, `2 March 2025`, `2nd March, 2025`; or a wire dateline
/// without a year (`LONDON, March 24 -`, `PARIS, 3 Feb (Reuters) -`), which takes its year from
/// `near` (the `--date`): of the three candidate years around it, the one giving the date
/// closest to `near`. Without `near` a dateline without a year gives nothing. Month names must
/// be capitalised or in capitals. Years outside 1900..=2100 are ignored.
///
/// # Example
/// ```
/// use pledger::dates::text_date;
/// use pledger::fx::Date;
/// let d = |s: &str| text_date(s, None).map(|d| d.to_string());
/// assert_eq!(d("Published 2 March 2025\nBritain...").as_deref(), Some("2025-03-02"));
/// assert_eq!(d("LONDON, March 24 - Britain said").as_deref(), None);
/// let near = Date::parse("2025-01-10");
/// assert_eq!(text_date("LONDON, Dec 30 - Britain", near).unwrap().to_string(), "2024-12-30");
/// ```
pub fn text_date(text: &str, near: Option<Date>) -> Option<Date> {
    let mut end = TOP_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let top = &text[..end];
    let p = patterns();
    let ok_year = |y: i32| (1900..=2100).contains(&y);
    let mut best: Option<(usize, Date)> = None;
    let mut offer = |at: usize, d: Option<Date>| {
        if let Some(d) = d
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, d));
        }
    };
    let num = |s: &str| s.parse::<i64>().ok();
    for c in p.iso.captures_iter(top) {
        let (y, m, d) = (num(&c[1]), num(&c[2]), num(&c[3]));
        let date = full(y, m, d).filter(|d| ok_year(d.year()));
        offer(c.get(0).map_or(0, |m| m.start()), date);
    }
    for c in p.mdy.captures_iter(top) {
        let date = full(num(&c[3]), month_number(&c[1]).map(i64::from), num(&c[2]));
        offer(c.get(0).map_or(0, |m| m.start()), date.filter(|d| ok_year(d.year())));
    }
    for c in p.dmy.captures_iter(top) {
        let date = full(num(&c[3]), month_number(&c[2]).map(i64::from), num(&c[1]));
        offer(c.get(0).map_or(0, |m| m.start()), date.filter(|d| ok_year(d.year())));
    }
    if let Some(near) = near {
        for c in p.dateline_md.captures_iter(top) {
            offer(c.get(0).map_or(0, |m| m.start()), nearest(near, month_number(&c[1]), num(&c[2])));
        }
        for c in p.dateline_dm.captures_iter(top) {
            offer(c.get(0).map_or(0, |m| m.start()), nearest(near, month_number(&c[2]), num(&c[1])));
        }
    }
    best.map(|(_, d)| d)
}

fn full(y: Option<i64>, m: Option<i64>, d: Option<i64>) -> Option<Date> {
    Date::new(i32::try_from(y?).ok()?, u32::try_from(m?).ok()?, u32::try_from(d?).ok()?)
}

/// The date with this month and day in the year before, of or after `near` that is closest
/// to it.
fn nearest(near: Date, month: Option<u32>, day: Option<i64>) -> Option<Date> {
    let (month, day) = (month?, u32::try_from(day?).ok()?);
    (near.year() - 1..=near.year() + 1)
        .filter_map(|y| Date::new(y, month, day))
        .min_by_key(|d| (d.days_since_epoch() - near.days_since_epoch()).abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::document_from_str;

    fn d(s: &str) -> Option<String> {
        text_date(s, None).map(|d| d.to_string())
    }

    #[test]
    fn full_dates_in_several_forms() {
        assert_eq!(d("Updated 2025-03-02T10:00Z").as_deref(), Some("2025-03-02"));
        assert_eq!(d("Headline\n\nMarch 2, 2025\n\nBody").as_deref(), Some("2025-03-02"));
        assert_eq!(d("Mar. 2 2025").as_deref(), Some("2025-03-02"));
        assert_eq!(d("Sept 30, 2024").as_deref(), Some("2024-09-30"));
        assert_eq!(d("LONDON, 14 March 2031 – Britain").as_deref(), Some("2031-03-14"));
        assert_eq!(d("2nd March, 2025").as_deref(), Some("2025-03-02"));
        assert_eq!(d("MARCH 2, 2025").as_deref(), Some("2025-03-02"));
        // The first date wins.
        assert_eq!(d("1 May 2024, then 2 June 2024").as_deref(), Some("2024-05-01"));
    }

    #[test]
    fn non_dates_are_ignored() {
        assert_eq!(d("It may 2 2025"), None);
        assert_eq!(d("February 30, 2025"), None);
        assert_eq!(d("about 2025 tonnes"), None);
        assert_eq!(d("March 2, 1850"), None);
        let far = format!("{}March 2, 2025", "x".repeat(TOP_BYTES));
        assert_eq!(d(&far), None);
        // Cut inside a multi-byte character without panicking.
        let text = format!("{}€ March 2, 2025", "x".repeat(TOP_BYTES - 1));
        assert_eq!(d(&text), None);
    }

    #[test]
    fn datelines_take_the_year_from_near() {
        let near = Date::parse("2025-03-30");
        let got = |s: &str| text_date(s, near).map(|d| d.to_string());
        assert_eq!(got("LONDON, March 24 - Britain").as_deref(), Some("2025-03-24"));
        assert_eq!(got("PARIS, 3 Feb (Reuters) - France").as_deref(), Some("2025-02-03"));
        assert_eq!(got("NEW YORK, Dec. 31 — X").as_deref(), Some("2024-12-31"));
        assert_eq!(got("The deal, March 24 - was"), None); // not a dateline: lower-case place
    }

    #[test]
    fn input_dates_win() {
        let mut doc = document_from_str("a", "March 2, 2025");
        doc.date = Some("2024-01-01".into());
        let got = document_date(&doc, None);
        assert_eq!(
            (got.date.map(|d| d.to_string()), got.source),
            (Some("2024-01-01".into()), DateSource::Input)
        );
        doc.date = None;
        assert_eq!(document_date(&doc, None).source, DateSource::Text);
        assert_eq!(document_date(&document_from_str("b", "x"), None), DocDate::NONE);
    }
}
