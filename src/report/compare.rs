//! One row per commitment across articles, and totals in one currency.
//!
//! # Grouping
//!
//! Two ledger entries are the same commitment when all of these hold:
//!
//! - they come from different documents (one document naming the same amount twice is
//!   describing two commitments: the ledger already merges repeated mentions);
//! - the donors, the recipients ([`super::party_key`]: case, punctuation and a leading "the"
//!   ignored) and the stages are the same — an unknown donor matches only an unknown donor;
//! - the amounts agree within the tolerance (default 2%): `|a - b| <= tolerance × max(a, b)`,
//!   compared in the printed currency when both entries state an amount in the same currency
//!   (a pledge's restatements count: "£1.6 billion ($2 billion)" matches "$2 billion"), else in
//!   the base currency when both could be converted;
//! - when both documents have a date, the dates are at most `window` days apart (default 31).
//!
//! Grouping is single-link: entries are taken in date order (undated last, then input order)
//! and each joins the first group holding an entry it matches and no entry of its document,
//! or starts a new group. The earliest entry of a group is its *anchor*: the group's row shows
//! the anchor's fields and its amount converted at the anchor's date.
//!
//! # `pledge_id`
//!
//! `p` and 16 hex digits of the 64-bit FNV-1a hash of
//! `donor key|recipient key|stage|amount to 3 significant digits and currency|anchor date`
//! (`-` without a date), so the same input gives the same ids on every run and machine, and an
//! id does not depend on `--base` or the rates. Ids that collide within one run get `-2`,
//! `-3`... in input order.
//!
//! # Conflicts
//!
//! Two groups *conflict* — probably the same commitment given different amounts — when they
//! share donor, recipient and stage, no document reports both, their instruments agree (or
//! one is empty), some of their entries are within the date window, and their amounts differ
//! beyond the tolerance but by at most [`CONFLICT_RATIO`] (larger / smaller). Conflicting
//! groups stay separate (and are both counted in the totals); the `conflicts` column and
//! `pledger audit` name them.
//!
//! # Totals
//!
//! By donor, by recipient and overall (`by=all`), per stage: pledges, commitments and
//! disbursements are never summed together. A total is the exact [`Decimal`] sum of the groups'
//! converted anchor amounts (each already rounded to the base currency's minor unit); the low
//! end of a range or a bounded amount ("more than $120 million") counts as its number and is
//! counted in `inexact`. A group whose amount has no rate is never counted as zero: it is
//! counted in `unconverted` and listed in `unconverted_amounts`, and a total with only such
//! groups is empty. So is an amount that would carry a total past the largest decimal
//! (about 7.9 × 10²⁸), listed in the base currency.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Entry, Money, party_key};
use crate::figure::{Currency, plain};
use crate::fx::{Conversion, Rates, Unconvertible};
use crate::output::{Row, csv_safe};

/// The largest ratio between two amounts that can still be one commitment reported
/// differently (`1.5`: £1.6bn against £1.2bn conflicts; £1.6bn against £85m is another
/// pledge).
pub const CONFLICT_RATIO: Decimal = Decimal::from_parts(15, 0, 0, false, 1);

/// Options for [`compare`].
#[derive(Clone, Copy, Debug)]
pub struct CompareOptions {
    /// The currency totals are in.
    pub base: Currency,
    /// The largest relative difference between two amounts of one commitment (`0.02` = 2%).
    pub tolerance: Decimal,
    /// The most days between two dated reports of one commitment.
    pub window_days: i32,
}

impl Default for CompareOptions {
    /// EUR, 2%, 31 days.
    fn default() -> Self {
        CompareOptions {
            base: Currency::new("EUR").unwrap_or(Currency::UNKNOWN),
            tolerance: Decimal::new(2, 2),
            window_days: 31,
        }
    }
}

/// One commitment: the entries that report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The stable id (see the module documentation).
    pub id: String,
    /// Indices into the entries, the anchor first, then in grouping order.
    pub members: Vec<usize>,
    /// Indices of the groups this one conflicts with.
    pub conflicts: Vec<usize>,
}

impl Group {
    /// The anchor entry's index.
    pub fn anchor(&self) -> usize {
        self.members[0]
    }
}

/// The result of [`compare`].
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The options used.
    pub options: CompareOptions,
    /// The groups, in anchor order (date, then input order).
    pub groups: Vec<Group>,
    /// Per entry, its amount converted to the base (`None` for goods-only entries).
    pub conversions: Vec<Option<Result<Conversion, Unconvertible>>>,
    /// Entries left out because they have no amount (goods-only pledges).
    pub goods_only: usize,
    /// Per entry, the entry that already counts its money, for entries left out so that one
    /// amount is not counted twice (see [`covered`]).
    pub covered: Vec<Option<usize>>,
}

/// Groups `entries` into commitments (see the module documentation).
///
/// # Example
/// ```
/// use pledger::report::{compare::{compare, CompareOptions}, read_ledger_csv};
/// let csv = "doc,donor,recipient,amount,currency,qualifier,high,amount_text,equivalents,items,instrument,stage,cue,sentence,start,end\n\
///     a,United Kingdom,Ukraine,1600000000,GBP,exact,,,2000000000 USD,,,pledge,,,0,1\n\
///     b,United Kingdom,Ukraine,2000000000,USD,exact,,,,,,pledge,,,0,1\n";
/// let entries = read_ledger_csv(csv.as_bytes(), "l.csv", None).unwrap();
/// let c = compare(&entries, pledger::fx::Rates::bundled(), &CompareOptions::default());
/// assert_eq!(c.groups.len(), 1);
/// assert_eq!(c.groups[0].members, [0, 1]);
/// ```
pub fn compare(entries: &[Entry], rates: &Rates, opts: &CompareOptions) -> Comparison {
    let conversions: Vec<_> = entries.iter().map(|e| e.convert(rates, opts.base)).collect();
    let keys: Vec<(String, String, &str)> =
        entries.iter().map(|e| (party_key(&e.row.donor), party_key(&e.row.recipient), e.row.stage)).collect();
    let covered = covered(entries);
    let goods_only = entries.iter().filter(|e| e.amount.is_none()).count();
    let mut order: Vec<usize> =
        (0..entries.len()).filter(|&i| entries[i].amount.is_some() && covered[i].is_none()).collect();
    order.sort_by_key(|&i| (entries[i].date.date.is_none(), entries[i].date.date, i));

    let base_of = |i: usize| conversions[i].as_ref().and_then(|c| c.as_ref().ok()).map(|c| c.amount);
    // `keys` are equal for every pair compared below.
    let same = |a: usize, b: usize| {
        within_window(&entries[a], &entries[b], opts.window_days)
            && amounts_agree(&entries[a], base_of(a), &entries[b], base_of(b), opts.tolerance)
    };

    // Groups are only ever compared with groups of the same parties and stage. Entries come in
    // date order, so a dated entry need not look at groups whose last entry is more than the
    // window before it (`active`); an undated one (they come last) looks at them all.
    #[derive(Default)]
    struct KeyGroups {
        all: Vec<usize>,
        active: Vec<usize>,
    }
    let mut by_key: HashMap<&(String, String, &str), KeyGroups> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for &i in &order {
        let doc = &entries[i].row.doc;
        let date = entries[i].date.date;
        let k = by_key.entry(&keys[i]).or_default();
        if let Some(d) = date {
            let oldest = d.days_since_epoch() - opts.window_days;
            k.active.retain(|&g| {
                let last = groups[g].members.last().and_then(|&m| entries[m].date.date);
                last.is_none_or(|l| l.days_since_epoch() >= oldest)
            });
        }
        let candidates = if date.is_some() { &k.active } else { &k.all };
        let found = candidates.iter().copied().find(|&g| {
            let members = &groups[g].members;
            members.iter().any(|&m| same(m, i)) && members.iter().all(|&m| entries[m].row.doc != *doc)
        });
        match found {
            Some(g) => groups[g].members.push(i),
            None => {
                k.all.push(groups.len());
                k.active.push(groups.len());
                groups.push(Group { id: String::new(), members: vec![i], conflicts: Vec::new() });
            }
        }
    }

    // Stable ids.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for g in &mut groups {
        let a = g.anchor();
        let id = pledge_id(&keys[a].0, &keys[a].1, keys[a].2, entries[a].amount, entries[a].date.date);
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        g.id = if *n == 1 { id } else { format!("{id}-{n}") };
    }

    // Conflicts, between groups of the same key.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let first_day = |g: usize| entries[groups[g].anchor()].date.date.map(|d| d.days_since_epoch());
    let last_day =
        |g: usize| groups[g].members.last().and_then(|&m| entries[m].date.date).map(|d| d.days_since_epoch());
    for same_key in by_key.values() {
        // In creation order: dated groups by anchor date, then undated ones.
        let all = &same_key.all;
        for (n, &x) in all.iter().enumerate() {
            for &y in &all[n + 1..] {
                if let (Some(last), Some(first)) = (last_day(x), first_day(y))
                    && first > last + opts.window_days
                {
                    // Not close in time.
                    continue;
                }
                pairs.push((x.min(y), x.max(y)));
            }
        }
    }
    pairs.sort_unstable();
    let instruments: Vec<String> = entries.iter().map(|e| party_key(&e.row.instrument)).collect();
    for (x, y) in pairs {
        let (gx, gy) = (&groups[x], &groups[y]);
        let (ax, ay) = (gx.anchor(), gy.anchor());
        // The cheap tests first: most pairs of one donor and recipient are different pledges.
        let plausible = amount_ratio(&entries[ax], base_of(ax), &entries[ay], base_of(ay))
            .is_some_and(|r| r <= CONFLICT_RATIO);
        if !plausible || amounts_agree(&entries[ax], base_of(ax), &entries[ay], base_of(ay), opts.tolerance) {
            continue;
        }
        let (ix, iy) = (&instruments[ax], &instruments[ay]);
        let instruments_agree = ix.is_empty() || iy.is_empty() || ix == iy;
        let docs_overlap =
            gx.members.iter().any(|&m| gy.members.iter().any(|&n| entries[m].row.doc == entries[n].row.doc));
        let close_in_time = gx
            .members
            .iter()
            .any(|&m| gy.members.iter().any(|&n| within_window(&entries[m], &entries[n], opts.window_days)));
        if instruments_agree && !docs_overlap && close_in_time {
            groups[x].conflicts.push(y);
            groups[y].conflicts.push(x);
        }
    }
    Comparison { options: *opts, groups, conversions, goods_only, covered }
}

/// Entries whose money another entry of the same sentence already counts: the ledger lists a
/// total and its parts ("a C$3bn package including C$1bn for drones and C$2bn for shells",
/// [`super::audit::part_lists`]) as separate rows. When every part has the total's donor, the
/// parts are covered by the total; when the parts name other donors ("a $3bn package
/// including $1bn from Japan and $2bn from Korea") the total is covered by its first part, so
/// that each donor keeps its share. Matching is by the amounts' values within one document
/// and sentence (the sentence is read again from the row, so ledger CSVs work too).
///
/// Returns, per entry, the index of the covering entry.
pub fn covered(entries: &[Entry]) -> Vec<Option<usize>> {
    let mut out = vec![None; entries.len()];
    let mut by_sentence: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.amount.is_some() {
            by_sentence.entry((e.row.doc.as_str(), e.row.sentence.as_str())).or_default().push(i);
        }
    }
    for ((_, sentence), members) in by_sentence {
        if members.len() < 2 {
            continue;
        }
        let figures = crate::figures::extract(sentence, &crate::figures::Options::default()).figures;
        for list in super::audit::part_lists(sentence, &figures) {
            let value = |i: usize| figures[i].value;
            let find = |v: Decimal, not: Option<usize>| {
                members
                    .iter()
                    .copied()
                    .find(|&m| Some(m) != not && entries[m].amount.is_some_and(|a| a.value == v))
            };
            let Some(total) = find(value(list.total), None) else { continue };
            let parts: Vec<usize> = list.parts.iter().filter_map(|&p| find(value(p), Some(total))).collect();
            if parts.is_empty() {
                continue;
            }
            let donor = party_key(&entries[total].row.donor);
            if parts.iter().all(|&p| party_key(&entries[p].row.donor) == donor) {
                for p in parts {
                    out[p] = Some(total);
                }
            } else {
                out[total] = Some(parts[0]);
            }
        }
    }
    out
}

/// Whether two entries' dates are within `window` days (true when either is undated).
fn within_window(a: &Entry, b: &Entry, window: i32) -> bool {
    match (a.date.date, b.date.date) {
        (Some(x), Some(y)) => (x.days_since_epoch() - y.days_since_epoch()).abs() <= window,
        _ => true,
    }
}

/// Every amount an entry states: the amount, then its restatements.
fn stated(e: &Entry) -> impl Iterator<Item = Money> + '_ {
    e.amount.into_iter().chain(e.equivalents.iter().copied())
}

fn close(x: Decimal, y: Decimal, tolerance: Decimal) -> bool {
    let scale = x.abs().max(y.abs());
    (x - y).abs() <= tolerance * scale
}

/// Whether two entries state the same amount within `tolerance`: in a currency both state,
/// else in the base currency.
fn amounts_agree(
    a: &Entry,
    base_a: Option<Decimal>,
    b: &Entry,
    base_b: Option<Decimal>,
    tolerance: Decimal,
) -> bool {
    let mut shared = false;
    for x in stated(a) {
        for y in stated(b).filter(|y| y.currency == x.currency) {
            shared = true;
            if close(x.value, y.value, tolerance) {
                return true;
            }
        }
    }
    if shared {
        return false;
    }
    matches!((base_a, base_b), (Some(x), Some(y)) if close(x, y, tolerance))
}

/// larger / smaller of two entries' amounts, in their shared currency or else the base.
fn amount_ratio(a: &Entry, base_a: Option<Decimal>, b: &Entry, base_b: Option<Decimal>) -> Option<Decimal> {
    let ratio = |x: Decimal, y: Decimal| {
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        (lo > Decimal::ZERO).then(|| hi.checked_div(lo)).flatten()
    };
    let (x, y) = (a.amount?, b.amount?);
    if x.currency == y.currency {
        return ratio(x.value, y.value);
    }
    ratio(base_a?, base_b?)
}

/// The stable id of a group (see the module documentation).
fn pledge_id(
    donor: &str,
    recipient: &str,
    stage: &str,
    amount: Option<Money>,
    date: Option<crate::fx::Date>,
) -> String {
    let amount = amount
        .map_or_else(|| "-".to_string(), |m| format!("{} {}", plain(round_sig(m.value, 3)), m.currency));
    let date = date.map_or_else(|| "-".to_string(), |d| d.to_string());
    let canonical = format!("{donor}|{recipient}|{stage}|{amount}|{date}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("p{h:016x}")
}

/// `x` rounded to `digits` significant digits, half away from zero.
fn round_sig(x: Decimal, digits: u32) -> Decimal {
    if x.is_zero() {
        return x;
    }
    let n = x.normalize();
    // The number of digits before the point (negative for 0.0012: -2).
    let magnitude = n.mantissa().unsigned_abs().to_string().len() as i64 - i64::from(n.scale());
    let dp = i64::from(digits) - magnitude;
    if dp >= 0 {
        return n.round_dp_with_strategy(dp as u32, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    }
    let factor = Decimal::from(10u64.pow((-dp).min(18) as u32));
    (n / factor).round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero) * factor
}

// ---------------------------------------------------------------------------------------------
// Rows

/// The columns of `pledger compare`, in order.
pub const COMPARE_COLUMNS: &[&str] = &[
    "pledge_id", "donor", "recipient", "stage", "amount", "currency", "qualifier", "high", "base_amount",
    "base_currency", "fx_rate", "fx_date", "fx_policy", "date", "date_source", "sources", "docs", "reported",
    "instrument", "items", "conflicts", "amount_text", "sentence",
];

/// One row of `pledger compare`: one commitment, shown by its anchor entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CompareRow {
    /// The group's stable id.
    pub pledge_id: String,
    /// Who gives, as the anchor names it.
    pub donor: String,
    /// Who receives, as the anchor names it.
    pub recipient: String,
    /// pledge, commitment or disbursement.
    pub stage: &'static str,
    /// The anchor's amount, plain decimal.
    pub amount: String,
    /// Its currency.
    pub currency: String,
    /// Its qualifier.
    pub qualifier: String,
    /// The high end of a range, or empty.
    pub high: String,
    /// The anchor's amount in the base currency, or empty when it has no rate.
    pub base_amount: String,
    /// The base currency.
    pub base_currency: String,
    /// The rate used (see [`super::BaseColumns`]).
    pub fx_rate: String,
    /// The publication day of the rates.
    pub fx_date: String,
    /// `exact`, `last_known` or `missing`.
    pub fx_policy: &'static str,
    /// The anchor document's date.
    pub date: String,
    /// Where that date came from.
    pub date_source: &'static str,
    /// How many documents report the commitment.
    pub sources: usize,
    /// Those documents, joined by `; `.
    pub docs: String,
    /// The distinct amounts they print (`1600000000 GBP; 2000000000 USD`), joined by `; `.
    pub reported: String,
    /// The first non-empty instrument.
    pub instrument: String,
    /// The first non-empty goods list.
    pub items: String,
    /// The ids of conflicting groups (same commitment, different amount), joined by `; `.
    pub conflicts: String,
    /// The anchor's amount as written.
    pub amount_text: String,
    /// The anchor's sentence.
    pub sentence: String,
}

impl Row for CompareRow {
    fn neutralize(&mut self) {
        for s in [
            &mut self.donor, &mut self.recipient, &mut self.docs, &mut self.instrument, &mut self.items,
            &mut self.amount_text, &mut self.sentence,
        ] {
            *s = csv_safe(s);
        }
    }
}

/// The columns of the totals table (`compare --totals`, and the `totals` sheet).
pub const TOTAL_COLUMNS: &[&str] = &[
    "by", "party", "stage", "base_currency", "total", "pledges", "sources", "inexact", "unconverted",
    "unconverted_amounts",
];

/// One row of the totals: a party's (or everyone's) commitments at one stage.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TotalRow {
    /// `donor`, `recipient` or `all`.
    pub by: &'static str,
    /// The party as first named (`(unknown)` for an unknown donor, `(all)` for `by=all`).
    pub party: String,
    /// pledge, commitment or disbursement.
    pub stage: &'static str,
    /// The base currency.
    pub base_currency: String,
    /// The exact sum of the converted amounts; empty when none could be converted.
    pub total: String,
    /// Commitments summed into `total`.
    pub pledges: usize,
    /// Reports of them (documents), summed.
    pub sources: usize,
    /// Of the summed commitments, those whose amount is bounded or a range (low end counted).
    pub inexact: usize,
    /// Commitments without a rate, not in `total`.
    pub unconverted: usize,
    /// Their amounts as printed (`5000000000 UAH`), joined by `; `.
    pub unconverted_amounts: String,
}

impl Row for TotalRow {
    fn neutralize(&mut self) {
        self.party = csv_safe(&self.party);
    }
}

fn stage_rank(stage: &str) -> u8 {
    match stage {
        "pledge" => 0,
        "commitment" => 1,
        _ => 2,
    }
}

impl Comparison {
    /// The anchor's conversion of a group, if it has one.
    pub fn base_amount(&self, g: &Group) -> Option<&Conversion> {
        self.conversions[g.anchor()].as_ref().and_then(|c| c.as_ref().ok())
    }

    /// One row per group, in group order.
    pub fn rows(&self, entries: &[Entry]) -> Vec<CompareRow> {
        self.groups
            .iter()
            .map(|g| {
                let a = &entries[g.anchor()];
                let base = super::BaseColumns::from_conversion(
                    self.conversions[g.anchor()].as_ref(),
                    self.options.base,
                    a.date,
                );
                let members: Vec<&Entry> = g.members.iter().map(|&m| &entries[m]).collect();
                let mut reported: Vec<String> = Vec::new();
                for m in &members {
                    if let Some(x) = m.amount.map(|x| x.to_string())
                        && !reported.contains(&x)
                    {
                        reported.push(x);
                    }
                }
                let first = |f: fn(&Entry) -> &String| {
                    members.iter().map(|m| f(m)).find(|s| !s.is_empty()).cloned().unwrap_or_default()
                };
                CompareRow {
                    pledge_id: g.id.clone(),
                    donor: a.row.donor.clone(),
                    recipient: a.row.recipient.clone(),
                    stage: a.row.stage,
                    amount: a.row.amount.clone(),
                    currency: a.row.currency.clone(),
                    qualifier: a.row.qualifier.clone(),
                    high: a.row.high.clone(),
                    base_amount: base.base_amount,
                    base_currency: base.base_currency,
                    fx_rate: base.fx_rate,
                    fx_date: base.fx_date,
                    fx_policy: base.fx_policy,
                    date: base.date,
                    date_source: base.date_source,
                    sources: members.len(),
                    docs: members.iter().map(|m| m.row.doc.as_str()).collect::<Vec<_>>().join("; "),
                    reported: reported.join("; "),
                    instrument: first(|e| &e.row.instrument),
                    items: first(|e| &e.row.items),
                    conflicts: g
                        .conflicts
                        .iter()
                        .map(|&c| self.groups[c].id.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    amount_text: a.row.amount_text.clone(),
                    sentence: a.row.sentence.clone(),
                }
            })
            .collect()
    }

    /// The totals by donor, by recipient and overall, per stage (see the module
    /// documentation), sorted by `by` (donor, recipient, all), party key, then stage.
    ///
    /// Also returns nothing for the goods-only entries, which have no amount to add.
    pub fn totals(&self, entries: &[Entry]) -> Vec<TotalRow> {
        #[derive(Default)]
        struct Acc {
            party: String,
            total: Option<Decimal>,
            pledges: usize,
            sources: usize,
            inexact: usize,
            unconverted: usize,
            amounts: Vec<String>,
        }
        let mut acc: BTreeMap<(u8, String, u8), (Acc, &'static str)> = BTreeMap::new();
        for g in &self.groups {
            let a = &entries[g.anchor()];
            let stage = a.row.stage;
            let donor = if a.row.donor.is_empty() { "(unknown)".to_string() } else { a.row.donor.clone() };
            let parties = [
                (0u8, party_key(&a.row.donor), donor),
                (1, party_key(&a.row.recipient), a.row.recipient.clone()),
                (2, String::new(), "(all)".to_string()),
            ];
            for (by, key, shown) in parties {
                let (t, _) =
                    acc.entry((by, key, stage_rank(stage))).or_insert_with(|| (Acc::default(), stage));
                if t.party.is_empty() {
                    t.party = shown;
                }
                // A total past the largest decimal leaves the amount out, listed with the
                // unconverted ones.
                let added =
                    self.base_amount(g).map(|c| (t.total.unwrap_or_default().checked_add(c.amount), c));
                match added {
                    Some((None, c)) => {
                        t.unconverted += 1;
                        t.amounts.push(format!("{} {}", crate::figure::plain(c.amount), self.options.base));
                    }
                    Some((Some(sum), _)) => {
                        t.total = Some(sum);
                        t.pledges += 1;
                        t.sources += g.members.len();
                        if a.row.qualifier != "exact" {
                            t.inexact += 1;
                        }
                    }
                    None => {
                        t.unconverted += 1;
                        if let Some(m) = a.amount {
                            t.amounts.push(m.to_string());
                        }
                    }
                }
            }
        }
        let scale = crate::fx::minor_units(self.options.base);
        acc.into_iter()
            .map(|((by, _, _), (t, stage))| TotalRow {
                by: ["donor", "recipient", "all"][usize::from(by)],
                party: t.party,
                stage,
                base_currency: self.options.base.to_string(),
                total: t
                    .total
                    .map(|mut x| {
                        x.rescale(scale);
                        x.to_string()
                    })
                    .unwrap_or_default(),
                pledges: t.pledges,
                sources: t.sources,
                inexact: t.inexact,
                unconverted: t.unconverted,
                unconverted_amounts: t.amounts.join("; "),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_rounding() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(plain(round_sig(d("1612345678"), 3)), "1610000000");
        assert_eq!(plain(round_sig(d("0.012345"), 3)), "0.0123");
        assert_eq!(plain(round_sig(d("125"), 2)), "130");
        assert_eq!(plain(round_sig(d("2000000000"), 3)), "2000000000");
    }

    #[test]
    fn ids_are_stable_and_depend_on_the_fields() {
        let m = Some(Money { value: Decimal::from(1_600_000_000), currency: Currency::new("GBP").unwrap() });
        let a = pledge_id("united kingdom", "ukraine", "pledge", m, None);
        assert_eq!(a, pledge_id("united kingdom", "ukraine", "pledge", m, None));
        assert_ne!(a, pledge_id("united kingdom", "ukraine", "commitment", m, None));
        assert!(a.starts_with('p') && a.len() == 17);
    }
}
