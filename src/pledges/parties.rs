//! Who is named where: every mention of a country, region, organisation or agency in a
//! document (from `data/parties.tsv` through [`crate::lexicon::Lexicon`]), plus what the
//! document itself teaches — acronyms it defines ("Islamic Development Bank (IDB)") and the
//! officials it introduces ("UK Prime Minister Keir Starmer" makes a later "Starmer" the United
//! Kingdom).
//!
//! Surfaces are matched case-sensitively, leftmost-longest, on word boundaries (a hyphen
//! counts as part of the word: "Soviet-pattern" names no party). Upper-case variants match in
//! all-capital stretches only ("JAPANESE 150 BILLION YEN LOAN").

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::roles::floor_boundary;
use super::words::{COMPANY_WORDS, NOT_NAMES, Tables, role};
use crate::lexicon::Lexicon;
use crate::phrases::PhraseTable;

/// What kind of party a name is, as far as linking cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A state (or territory), including an agency or official acting for one.
    Country,
    /// A region ("West Africa", "Middle East").
    Region,
    /// An organisation that keeps its own name (World Bank, Global Fund).
    Org,
    /// A name or phrase as written in the text (a company, a person, "tsunami victims").
    Text,
}

/// A resolved party: the name written in the ledger and its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Who {
    pub name: String,
    pub kind: Kind,
}

impl Who {
    pub fn new(name: impl Into<String>, kind: Kind) -> Who {
        Who { name: name.into(), kind }
    }

    /// True for countries and regions: the parties a recipient is preferably named as.
    pub fn is_place(&self) -> bool {
        matches!(self.kind, Kind::Country | Kind::Region)
    }

    /// A place, or a phrase naming one ("flood-hit Varna province", "Pacific island countries"):
    /// what a later commitment with no recipient of its own is taken to go to.
    pub fn placeish(&self) -> bool {
        self.is_place()
            || self.kind == Kind::Text
                && self.name.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_uppercase))
    }
}

/// One party named in the text.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub who: Who,
    /// True when the lexicon knows this surface (not learned from the document).
    pub from_lexicon: bool,
    /// A government agency or official acting for its country: a giver or a channel, never
    /// the recipient.
    pub agent: bool,
}

struct Index {
    /// The surfaces as printed, and their upper-case variants.
    ac: PhraseTable,
    caps: PhraseTable,
    /// Pattern id → (who, is an agency acting for a country).
    targets: Vec<(Who, bool)>,
    caps_targets: Vec<(Who, bool)>,
    /// A state or province → the country it is part of.
    region_country: HashMap<String, String>,
    /// A state's seat of government as a dateline ("Chennai", "CHENNAI") → the state.
    capitals: HashMap<String, Who>,
}

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        let lex = Lexicon::get();
        let mut pats: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut caps_pats: Vec<String> = Vec::new();
        let mut caps_targets = Vec::new();
        let mut region_country = HashMap::default();
        let mut capitals = HashMap::default();
        for row in &lex.parties {
            // A seat of a state's government is read only from a dateline.
            if row.kind == "capital" {
                if let Some(region) = &row.country {
                    for s in &row.surfaces {
                        capitals.insert(s.clone(), Who::new(region, Kind::Region));
                        capitals.insert(s.to_uppercase(), Who::new(region, Kind::Region));
                    }
                }
                continue;
            }
            if row.kind == "region"
                && let Some(c) = &row.country
            {
                region_country.insert(row.canonical.clone(), c.clone());
            }
            let (who, agent) = match row.kind.as_str() {
                "country" | "territory" => (Who::new(&row.canonical, Kind::Country), false),
                "region" => (Who::new(&row.canonical, Kind::Region), false),
                "agency" => match &row.country {
                    Some(c) => (Who::new(c, Kind::Country), true),
                    None => (Who::new(&row.canonical, Kind::Org), false),
                },
                _ => (Who::new(&row.canonical, Kind::Org), false),
            };
            for s in &row.surfaces {
                pats.push(s.clone());
                targets.push((who.clone(), agent));
                let up = s.to_uppercase();
                if up != *s && up.chars().filter(|c| c.is_alphabetic()).count() > 2 {
                    caps_pats.push(up);
                    caps_targets.push((who.clone(), agent));
                }
            }
        }
        Index {
            ac: PhraseTable::new(pats),
            caps: PhraseTable::new(caps_pats),
            targets,
            caps_targets,
            region_country,
            capitals,
        }
    })
}

/// Everything the document says about parties.
#[derive(Debug, Default)]
pub(crate) struct Parties {
    /// Mentions in text order, not overlapping.
    pub mentions: Vec<Mention>,
    /// The country the document is mostly about (most mentioned), with its count.
    counts: Vec<(String, usize, usize)>,
    /// The document's own country when it names none (from the currency it counts in).
    fallback: Option<String>,
    /// The state whose seat of government the story is datelined from ("CHENNAI:" → Tamil
    /// Nadu).
    pub dateline_region: Option<Who>,
}

impl Parties {
    /// Finds the parties of `text`.
    #[cfg(test)]
    pub fn find(text: &str) -> Parties {
        Parties::find_in(text, None)
    }

    /// Finds the parties of `text`, whose own country is `fallback` if it names no country
    /// ("the Centre" in a story counted in rupees and naming no country is India).
    pub fn find_in(text: &str, fallback: Option<String>) -> Parties {
        let idx = index();
        let mut found: Vec<Mention> = Vec::new();
        let boundaries = |s: usize, e: usize| on_boundaries(text, s, e);
        for (start, end, id) in idx.ac.find_iter(text, boundaries) {
            if let Some((who, agent)) = idx.targets.get(id) {
                found.push(Mention { start, end, who: who.clone(), from_lexicon: true, agent: *agent });
            }
        }
        let in_caps =
            caps_runs(text).into_iter().flat_map(|run| idx.caps.find_iter_in(text, run, boundaries));
        for (start, end, id) in in_caps {
            if !in_caps_stretch(text, start, end) && !caps_label(text, start, end) {
                continue;
            }
            // `found` is in document order (leftmost-longest matches): only the mention
            // starting last before this one's end can overlap it.
            let at = found.partition_point(|f| f.start < end);
            if at > 0 && start < found[at - 1].end {
                continue;
            }
            if let Some((who, agent)) = idx.caps_targets.get(id) {
                found.push(Mention { start, end, who: who.clone(), from_lexicon: true, agent: *agent });
            }
        }
        found.sort_by_key(|m| m.start);
        // An agency acts for the state of its time: Hermes or KfW in a story that names West
        // Germany act for West Germany, the Kremlin in one about the Soviet Union for it.
        for (today, then) in [("Germany", "West Germany"), ("Russia", "Soviet Union")] {
            if found.iter().any(|m| !m.agent && m.who.name == then) {
                for m in found.iter_mut().filter(|m| m.agent && m.who.name == today) {
                    m.who = Who::new(then, Kind::Country);
                }
            }
        }
        // "Chinese Red Cross", "Pakistan Red Crescent": a national society is named with its
        // country, which is then neither giver nor recipient on its own.
        let mut merged: Vec<Mention> = Vec::with_capacity(found.len());
        for m in found {
            if let Some(prev) = merged.last()
                && prev.who.kind == Kind::Country
                && !prev.agent
                && matches!(m.who.name.as_str(), "Red Cross" | "Red Crescent")
                && text.get(prev.end..m.start) == Some(" ")
                && let Some(name) = text.get(prev.start..m.end)
            {
                let who = Who::new(name, Kind::Org);
                let start = prev.start;
                merged.pop();
                merged.push(Mention { start, end: m.end, who, from_lexicon: true, agent: false });
                continue;
            }
            merged.push(m);
        }
        // "ONGC Tripura Power Company", "THDC India Ltd": a place inside a company's name
        // names the company, which gives and receives as itself (a company, not a state or
        // an international body).
        for m in merged.iter_mut() {
            if m.agent || !m.who.is_place() {
                continue;
            }
            if let Some((start, end)) = company_around(text, m.start, m.end) {
                let who = Who::new(text.get(start..end).unwrap_or_default(), Kind::Text);
                *m = Mention { start, end, who, from_lexicon: false, agent: false };
            }
        }
        let companies: Vec<(usize, usize)> = merged
            .iter()
            .filter(|m| !m.from_lexicon && m.who.kind == Kind::Text)
            .map(|m| (m.start, m.end))
            .collect();
        merged.retain(|m| {
            !companies.iter().any(|&(s, e)| s <= m.start && m.end <= e && (s, e) != (m.start, m.end))
        });
        merged.dedup_by(|b, a| (b.start, b.end) == (a.start, a.end));
        let found = merged;
        let dateline_region = dateline_region(text, &idx.capitals);
        let mut p = Parties { mentions: found, counts: Vec::new(), fallback, dateline_region };
        p.recount(text);
        p.learn_acronyms(text);
        p.learn_people(text);
        p.learn_short_names(text);
        p
    }

    /// The country a recipient lies in when the places it names are only states or provinces
    /// of one country ("Borno", "Borno, Adamawa and Yobe", "flood victims in Kogi").
    pub fn country_of_regions(who: &Who) -> Option<Who> {
        let idx = index();
        if who.kind == Kind::Region {
            return idx.region_country.get(&who.name).map(|c| Who::new(c, Kind::Country));
        }
        if who.kind != Kind::Text {
            return None;
        }
        // "Borno, Adamawa and Yobe", "flood victims in Kogi": the places named in the phrase,
        // all states or provinces of one country.
        let mut country: Option<&String> = None;
        let text = who.name.as_str();
        for (_, _, id) in idx.ac.find_iter(text, |s, e| on_boundaries(text, s, e)) {
            let Some((w, agent)) = idx.targets.get(id) else { continue };
            if *agent || w.kind == Kind::Org {
                continue;
            }
            let c = idx.region_country.get(&w.name)?;
            if country.is_some_and(|k| k != c) {
                return None;
            }
            country = Some(c);
        }
        country.map(|c| Who::new(c, Kind::Country))
    }

    /// Drops the mentions `keep` rejects (and recounts the countries named).
    pub fn retain(&mut self, text: &str, keep: impl Fn(&Mention) -> bool) {
        self.mentions.retain(|m| keep(m));
        self.recount(text);
    }

    /// Country counts (lexicon countries only) for the document's own country.
    fn recount(&mut self, text: &str) {
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for m in self.mentions.iter().filter(|m| is_country_surface(text, m)) {
            match counts.iter_mut().find(|(n, _, _)| *n == m.who.name) {
                Some(e) => e.1 += 1,
                None => counts.push((m.who.name.clone(), 1, m.start)),
            }
        }
        self.counts = counts;
    }

    /// The document's own country: the most mentioned one, leaving out `except`.
    pub fn home(&self, except: &[&str]) -> Option<&str> {
        self.counts
            .iter()
            .filter(|(n, _, _)| !except.contains(&n.as_str()))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|(n, _, _)| n.as_str())
            .or_else(|| self.fallback.as_deref().filter(|f| !except.contains(f)))
    }

    /// The region (a state or province) the document names most often, ties to the first;
    /// else the state it is datelined from.
    pub fn main_region(&self) -> Option<Who> {
        let mut regions = Tally::default();
        for m in self.mentions.iter().filter(|m| m.who.kind == Kind::Region) {
            regions.add(&m.who);
        }
        regions.most().cloned().or_else(|| self.dateline_region.clone())
    }

    /// True when `name` mentions a party the lexicon knows ("Syrian rebels", not "Turkana").
    pub fn names_any(name: &str) -> bool {
        let idx = index();
        idx.ac.find_iter(name, |s, e| on_boundaries(name, s, e)).next().is_some()
    }

    /// The country a name stands for when the party lexicon knows it as a country ("Bangladesh",
    /// "Indian").
    pub fn country_named(name: &str) -> Option<Who> {
        let idx = index();
        let (end, id) = idx.ac.longest_at(name, 0, |s, e| on_boundaries(name, s, e))?;
        if end != name.len() {
            return None;
        }
        idx.targets.get(id).filter(|(w, agent)| w.kind == Kind::Country && !agent).map(|(w, _)| w.clone())
    }

    /// How often each country or region is named, for the last-resort recipient.
    pub fn place_counts(&self, text: &str) -> Vec<(Who, usize)> {
        let mut out: Vec<(Who, usize)> = Vec::new();
        for m in &self.mentions {
            // An agency ("KSrelief") or its state's possessive ("Saudi Arabia's KSrelief") names a
            // giver, not the place the story is about.
            if !m.who.is_place() || m.agent {
                continue;
            }
            let rest = text.get(m.end..).unwrap_or("");
            let possessive = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix("’s "));
            if let Some(after) = possessive {
                let at = text.len() - after.len();
                if self.mentions.iter().any(|n| n.start == at && n.agent) {
                    continue;
                }
            }
            let before = prev_word(text, m.start).to_ascii_lowercase();
            if matches!(before.as_str(), "than" | "as" | "like" | "from") {
                continue;
            }
            // "The UK government has promised ...", "UK appeal raises £8m": the state acting or
            // its people giving, not where the money goes.
            let next = rest.trim_start().split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if matches!(
                next.to_ascii_lowercase().as_str(),
                "government"
                    | "govt"
                    | "ministry"
                    | "minister"
                    | "embassy"
                    | "military"
                    | "appeal"
                    | "public"
            ) {
                continue;
            }
            let bonus = usize::from(matches!(
                before.as_str(),
                "to" | "in"
                    | "for"
                    | "across"
                    | "sweeping"
                    | "hit"
                    | "struck"
                    | "affected"
                    | "into"
                    | "inside"
            ));
            match out.iter_mut().find(|(w, _)| w.name == m.who.name) {
                Some(e) => e.1 += 1 + bonus,
                None => out.push((m.who.clone(), 1 + bonus)),
            }
        }
        out
    }

    /// "Full Name (ACR)": the acronym names the same party throughout the document.
    ///
    /// `self.mentions` is kept in document order and without overlaps, so the look-ups
    /// below are binary searches.
    fn learn_acronyms(&mut self, text: &str) {
        let mut aliases: Vec<(String, Who)> = Vec::new();
        for m in &self.mentions {
            let rest = text.get(m.end..).unwrap_or("");
            let Some(inner) = rest.strip_prefix(" (").and_then(|r| r.split_once(')')).map(|(a, _)| a) else {
                continue;
            };
            let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
            if (2..=8).contains(&letters)
                && inner.chars().all(|c| c.is_ascii_uppercase() || c == '.' || c == '&')
                && text.get(m.start..m.end) != Some(inner)
            {
                aliases.push((inner.to_string(), m.who.clone()));
            }
        }
        // One meaning per acronym (the first definition): a file of many articles may define
        // the same acronym again and again.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        aliases.retain(|(acr, _)| seen.insert(acr.clone()));
        for (acr, who) in aliases {
            for m in self.mentions.iter_mut() {
                if text.get(m.start..m.end) == Some(acr.as_str()) {
                    m.who = who.clone();
                }
            }
            let mut extra = Vec::new();
            for pos in memchr::memmem::find_iter(text.as_bytes(), acr.as_bytes()) {
                let end = pos + acr.len();
                if on_boundaries(text, pos, end) && !overlaps(&self.mentions, pos, end) {
                    extra.push(Mention {
                        start: pos,
                        end,
                        who: who.clone(),
                        from_lexicon: false,
                        agent: false,
                    });
                }
            }
            self.mentions.extend(extra);
        }
        self.mentions.sort_by_key(|m| m.start);
    }

    /// "<Country> <office> <Name>" ties the name to the country; an office without a country
    /// ties it to the document's own country. Later mentions of the surname are that country.
    fn learn_people(&mut self, text: &str) {
        let t = Tables::get();
        let home = self.home(&[]).map(str::to_string);
        let mut people: HashMap<String, (Who, bool)> = HashMap::default();
        let words = cap_words(text);
        for (wi, &(ws, we)) in words.iter().enumerate() {
            let w = text.get(ws..we).unwrap_or("");
            if !t.may_be_office(w) || t.role_of_word(w) & role::OFFICE == 0 {
                continue;
            }
            // The country before the office words, if any.
            let mut first = wi;
            while first > 0 {
                let (ps, pe) = words[first - 1];
                let pw = text.get(ps..pe).unwrap_or("");
                if t.role_of_word(pw) & role::OFFICE != 0 && gap_is_space(text, pe, words[first].0) {
                    first -= 1;
                } else {
                    break;
                }
            }
            if first < wi && words.get(wi - 1).is_some() && first != wi {
                // handled by the run scan below (only start runs at their first office word)
            }
            if first != wi {
                continue;
            }
            // Office words from here.
            let mut last = wi;
            while let Some(&(ns, ne)) = words.get(last + 1) {
                let nw = text.get(ns..ne).unwrap_or("");
                if t.role_of_word(nw) & role::OFFICE != 0 && gap_is_space(text, words[last].1, ns) {
                    last += 1;
                } else {
                    break;
                }
            }
            // An office ends in a title ("Foreign Minister"), not in a modifier ("International
            // Food ..." names no official).
            let title = text.get(words[last].0..words[last].1).unwrap_or("").to_lowercase();
            if t.role(&title) & role::TITLE == 0 {
                continue;
            }
            // Name words after the office: capitalised, not parties, not function words.
            let mut names: Vec<(usize, usize)> = Vec::new();
            let mut k = last + 1;
            while let Some(&(ns, ne)) = words.get(k) {
                let prev_end = names.last().map(|n| n.1).unwrap_or(words[last].1);
                let nw = text.get(ns..ne).unwrap_or("");
                let cap = nw.chars().next().is_some_and(char::is_uppercase)
                    || (nw.starts_with("al-") || nw == "von" || nw == "van" || nw == "de" || nw == "bin")
                        && !names.is_empty();
                if !cap
                    || !gap_is_space(text, prev_end, ns)
                    || NOT_NAMES.contains(&nw)
                    || overlaps(&self.mentions, ns, ne)
                    || names.len() >= 3
                {
                    break;
                }
                names.push((ns, ne));
                k += 1;
            }
            let Some(&(ls, le)) = names.last() else { continue };
            let Some(surname) = text.get(ls..le) else { continue };
            if surname.chars().count() < 3 {
                continue;
            }
            // Country right before the office words ("UK Prime Minister", "Bolivian Foreign
            // Minister", "US Treasury Under-Secretary").
            let office_start = words[wi].0;
            // Mentions do not overlap, so their ends are in order too.
            let before = self.mentions.partition_point(|m| m.end <= office_start);
            let country = before
                .checked_sub(1)
                .map(|i| &self.mentions[i])
                .filter(|m| gap_is_space(text, m.end, office_start))
                .filter(|m| m.who.kind == Kind::Country)
                .map(|m| m.who.clone());
            // "Chief Minister ..." heads a state: the state or province named before.
            let office = text.get(words[wi].0..words[last].1).unwrap_or("").to_lowercase();
            let region = (office == "chief minister" || office == "cm")
                .then(|| {
                    let named = self.mentions[..before].iter().rev().find(|m| m.who.kind == Kind::Region);
                    named.map(|m| m.who.clone()).or_else(|| self.main_region())
                })
                .flatten();
            let (who, explicit) = match country.or(region) {
                Some(c) => (c, true),
                None => match &home {
                    Some(h) => (Who::new(h.clone(), Kind::Country), false),
                    None => continue,
                },
            };
            let e = people.entry(surname.to_string()).or_insert((who.clone(), explicit));
            if explicit && !e.1 {
                *e = (who, true);
            }
        }
        if people.is_empty() {
            return;
        }
        let mut extra = Vec::new();
        for &(ws, we) in &words {
            let Some(w) = text.get(ws..we) else { continue };
            if let Some((who, _)) = people.get(w)
                && !overlaps(&self.mentions, ws, we)
            {
                extra.push(Mention {
                    start: ws,
                    end: we,
                    who: who.clone(),
                    from_lexicon: false,
                    agent: true,
                });
            }
        }
        self.mentions.extend(extra);
        self.mentions.sort_by_key(|m| m.start);
    }
}

impl Parties {
    /// In a document that names the European Union (or its Commission or Community), a bare
    /// "the Commission" or "the Community" is that union, not a name of its own. A capitalised
    /// word right before ("Electoral Commission") or a name after ("Commission on Human
    /// Rights") makes it another body.
    fn learn_short_names(&mut self, text: &str) {
        const EU: &str = "European Union";
        let Some(eu) = self.mentions.iter().find(|m| m.who.name == EU).map(|m| m.who.clone()) else {
            return;
        };
        let mut extra = Vec::new();
        for short in ["Commission", "Community"] {
            for pos in memchr::memmem::find_iter(text.as_bytes(), short.as_bytes()) {
                let end = pos + short.len();
                if !on_boundaries(text, pos, end) || overlaps(&self.mentions, pos, end) {
                    continue;
                }
                let before = prev_word(text, pos);
                let article = matches!(before, "the" | "The" | "this" | "This");
                if !article || text.get(..pos).is_some_and(|t| !t.ends_with(' ')) {
                    continue;
                }
                let rest = text.get(end..).unwrap_or("");
                let named_after = ["on ", "for ", "of "].iter().any(|p| {
                    rest.strip_prefix(' ')
                        .and_then(|r| r.strip_prefix(p))
                        .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
                });
                let cap_after = rest
                    .strip_prefix(' ')
                    .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
                    .is_some_and(|w| {
                        w.chars().next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(&w)
                    });
                if named_after || cap_after && !rest.starts_with(" President") {
                    continue;
                }
                extra.push(Mention { start: pos, end, who: eu.clone(), from_lexicon: false, agent: false });
            }
        }
        self.mentions.extend(extra);
        self.mentions.sort_by_key(|m| m.start);
    }
}

/// The state of the dateline city that opens a line in the first 600 bytes ("CHENNAI: The
/// State government …", "Chennai, March 3 -"), from the capital rows of the party table.
fn dateline_region(text: &str, capitals: &HashMap<String, Who>) -> Option<Who> {
    let head = text.get(..floor_boundary(text, text.len().min(600)))?;
    head.lines().find_map(|line| {
        let line = line.trim_start();
        // The city: the words before the first ':', ',', '(' or '-', looked up once.
        let end = line.find([':', ',', '(', '-']).filter(|&e| e <= 24)?;
        let rest = &line[end..];
        let spaced = line[..end].ends_with(' ');
        let dateline = rest.starts_with(':')
            || rest.starts_with(", ")
            || spaced && (rest.starts_with('(') || rest.starts_with('-'));
        if !dateline {
            return None;
        }
        capitals.get(line[..end].trim_end()).cloned()
    })
}

/// The company name around a place name at `s..e`: capitalised words after it, single-spaced,
/// the last a company word ("Tripura Power Company"), and the capitalised words right before
/// it ("ONGC"). At most three words on each side.
fn company_around(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphanumeric() || c == '&')
    };
    let mut end = None;
    let mut at = e;
    for _ in 0..3 {
        let rest = text.get(at..)?.strip_prefix(' ')?;
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '&')).unwrap_or(rest.len());
        let w = &rest[..len];
        if !capitalised(w) {
            break;
        }
        at += 1 + len;
        if COMPANY_WORDS.contains(&w) {
            end = Some(at);
            break;
        }
    }
    let end = end?;
    let mut start = s;
    for _ in 0..3 {
        let Some(before) = text.get(..start).and_then(|t| t.strip_suffix(' ')) else { break };
        let from = before.rfind(|c: char| !(c.is_alphanumeric() || c == '&')).map_or(0, |i| i + 1);
        let w = &before[from..];
        if !capitalised(w) || w == "The" {
            break;
        }
        start = from;
    }
    Some((start, end))
}

/// Whether a mention counts toward the document's own country: a lexicon country not written as
/// a capital-less adjective of something else is fine; we count them all.
fn is_country_surface(_text: &str, m: &Mention) -> bool {
    m.who.kind == Kind::Country && m.from_lexicon && !m.agent
}

pub(super) fn on_boundaries(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|t| t.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    let bad = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    // A trailing dot in the surface ("U.S.") may be followed by anything.
    !bad(before) && !bad(after)
}

/// The stretches of `text` where an upper-case surface can match: runs of characters that are
/// not lower-case letters, within a line, holding at least three upper-case letters (an
/// upper-case variant has more than two letters).
fn caps_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let (mut start, mut upper) = (0, 0);
    let mut close = |start: usize, end: usize, upper: usize| {
        if upper >= 3 {
            runs.push((start, end));
        }
    };
    for (i, c) in chars(text) {
        if c.is_lowercase() || c == '\n' {
            close(start, i, upper);
            (start, upper) = (i + c.len_utf8(), 0);
        } else if c.is_uppercase() {
            upper += 1;
        }
    }
    close(start, text.len(), upper);
    runs
}

/// True when the words around `s..e` have no lower-case letters (a headline or a capitals run).
fn in_caps_stretch(text: &str, s: usize, e: usize) -> bool {
    // Up to 24 characters on either side within the line (never a scan of the whole line: a
    // 100 MB line of capitals stays linear).
    let before: String =
        text.get(..s).unwrap_or("").chars().rev().take_while(|&c| c != '\n').take(24).collect();
    let after: String = text.get(e..).unwrap_or("").chars().take_while(|&c| c != '\n').take(24).collect();
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let lower = |s: &str| s.chars().filter(|c| c.is_lowercase()).count();
    let ctx = letters(&before) + letters(&after);
    ctx > 0 && lower(&before) + lower(&after) == 0
}

/// True when `s..e` opens a line and a colon or comma follows it: a dateline or a section label
/// in capitals ("MADAGASCAR: Drought response", "KABUL, Afghanistan").
fn caps_label(text: &str, s: usize, e: usize) -> bool {
    let line_start = text.get(..s).is_some_and(|b| b.is_empty() || b.ends_with('\n'));
    line_start && matches!(text.get(e..).and_then(|a| a.chars().next()), Some(':' | ','))
}

/// Byte spans of the words of `text` (runs of letters, apostrophes, hyphens and dots inside
/// abbreviations).
fn cap_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in chars(text) {
        let part = c.is_alphanumeric() || ((c == '-' || c == '\'' || c == '’') && start.is_some());
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, trim_word_end(text, s, i)));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, trim_word_end(text, s, text.len())));
    }
    out
}

/// `text.char_indices()`, stepping over ASCII bytes without decoding (the whole document is
/// read this way, twice).
fn chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let b = *bytes.get(i)?;
        let c = if b.is_ascii() { char::from(b) } else { text.get(i..)?.chars().next()? };
        let at = i;
        i += c.len_utf8();
        Some((at, c))
    })
}

fn trim_word_end(text: &str, s: usize, mut e: usize) -> usize {
    // Drop a possessive or trailing hyphen: "Starmer's" → "Starmer". Each ends in one of
    // these bytes ('’' in 0x99), so most words are passed over at once.
    if !e
        .checked_sub(1)
        .and_then(|last| text.as_bytes().get(last))
        .is_some_and(|b| matches!(b, b's' | b'\'' | b'-' | 0x99))
    {
        return e;
    }
    let w = text.get(s..e).unwrap_or("");
    for suf in ["'s", "’s", "'", "’", "-"] {
        if let Some(stem) = w.strip_suffix(suf)
            && !stem.is_empty()
        {
            e = s + stem.len();
            break;
        }
    }
    e
}

fn gap_is_space(text: &str, a: usize, b: usize) -> bool {
    a <= b && text.get(a..b).is_some_and(|g| !g.is_empty() && g.chars().all(|c| c == ' '))
}

fn prev_word(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let start = before.rfind(|c: char| !c.is_alphanumeric()).map(|p| p + 1).unwrap_or(0);
    before.get(start..).unwrap_or("")
}

/// Whether any of `mentions` (in document order, not overlapping) overlaps `start..end`.
fn overlaps(mentions: &[Mention], start: usize, end: usize) -> bool {
    let at = mentions.partition_point(|m| m.start < end);
    at > 0 && start < mentions[at - 1].end
}

/// How often each party has been named (in one role), in order of first naming.
#[derive(Default)]
pub(crate) struct Tally(Vec<(Who, usize)>);

impl Tally {
    pub fn add(&mut self, w: &Who) {
        match self.0.iter_mut().find(|(x, _)| x.name == w.name) {
            Some(e) => e.1 += 1,
            None => self.0.push((w.clone(), 1)),
        }
    }

    /// The party named most often, ties to the first named.
    pub fn most(&self) -> Option<&Who> {
        self.most_counted().map(|(w, _)| w)
    }

    /// The party named most often (ties to the first named), when it is named more often
    /// than `last`.
    pub fn above(&self, last: &Who) -> Option<&Who> {
        let count = self.0.iter().find(|(x, _)| x.name == last.name).map_or(0, |x| x.1);
        self.most_counted().filter(|(_, n)| *n > count).map(|(w, _)| w)
    }

    fn most_counted(&self) -> Option<(&Who, usize)> {
        self.0.iter().rev().max_by_key(|(_, n)| *n).map(|(w, n)| (w, *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        Parties::find(text)
            .mentions
            .iter()
            .map(|m| (text[m.start..m.end].to_string(), m.who.name.clone()))
            .collect()
    }

    #[test]
    fn finds_countries_adjectives_and_agencies() {
        let got = names("British aid and USAID money reached Kyiv, not Soviet-made tanks.");
        assert_eq!(
            got,
            [
                ("British".into(), "United Kingdom".into()),
                ("USAID".into(), "United States".into()),
                ("Kyiv".into(), "Ukraine".into())
            ]
        );
    }

    #[test]
    fn longest_surface_on_word_boundaries() {
        // The longest surface wins ("Papua New Guinea", not "Guinea"); a hyphen joins words
        // ("Guinea-Bissau"); a surface running into a longer word ("Chad" in "Chadwick") does
        // not match.
        let got = names("Papua New Guinea and Guinea-Bissau thanked Chadwick, then North Korea.");
        assert_eq!(
            got,
            [
                ("Papua New Guinea".into(), "Papua New Guinea".into()),
                ("Guinea-Bissau".into(), "Guinea-Bissau".into()),
                ("North Korea".into(), "North Korea".into())
            ]
        );
        assert!(Parties::country_named("Bangladeshi farmers").is_none());
    }

    #[test]
    fn capital_runs_are_cut_by_lower_case_and_lines() {
        assert_eq!(caps_runs("JAPANESE LOAN for INDONESIA\nUN aid"), [(0, 14), (17, 27)]);
        assert!(caps_runs("The UN and the EU gave.").is_empty());
    }

    #[test]
    fn capitals_only_in_headlines() {
        let got = names("JAPANESE LOAN FOR INDONESIA\n\nThe loan is new.");
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn names_by_lexicon() {
        assert_eq!(Parties::country_named("Bangladesh").map(|w| w.name), Some("Bangladesh".to_string()));
        assert!(Parties::country_named("World Bank").is_none());
        assert!(Parties::names_any("Syrian rebels") && !Parties::names_any("flood victims in Kasese"));
    }

    #[test]
    fn an_office_needs_its_title() {
        let got = names("The International Food Policy Institute met. Japan gave more.");
        assert_eq!(got, [("Japan".into(), "Japan".into())]);
    }

    #[test]
    fn learns_officials_and_acronyms() {
        let text = "Ruritanian envoy aside, UK Prime Minister Jane Holloway spoke. Later Holloway \
                    said the Islamic Development Bank (IDB) agreed. The IDB lent more.";
        let got = names(text);
        assert!(got.contains(&("Holloway".into(), "United Kingdom".into())), "{got:?}");
        assert!(got.iter().filter(|(_, n)| n == "Islamic Development Bank").count() >= 3, "{got:?}");
    }
}
