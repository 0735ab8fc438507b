//! Figures in context → draft pledges: which amounts are commitments, who gives, who receives,
//! what the money buys, and which mentions repeat one commitment.
//!
//! Per clause, an amount is a commitment when a cue governs it (a verb before it, a participle
//! right after it, a cue noun it modifies or that stands in the clause) and no blocker does (a
//! price, result, debt, claim, need, request, hedge or budget line). The giver is named by
//! "from X"/"by X", by a party modifying the amount or the cue noun, or as the subject of the
//! cue verb; the recipient by the indirect object, "to/for X", "in X", a receiving subject, or
//! another place named in the clause; failing those, the document's running giver and recipient
//! carry over. See the module documentation of [`crate::pledges`] for the rules in prose.

use crate::figure::{CurrencySource, Figure};
use crate::segment;

use super::Stage;
use super::parties::{Kind, Parties, Who};
use super::text::{Sent, U};
use super::words::{
    AUX, Cue, DETERMINERS, Direction, FUNCTION, FUTURE, NOT_NAMES, Pos, Tables, block, is_in, role,
};

/// A pledge before duplicates are merged.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub donor: Option<Who>,
    pub recipient: Option<Who>,
    pub money: Option<usize>,
    pub equivalents: Vec<usize>,
    pub items: Vec<usize>,
    pub instrument: String,
    pub stage: Stage,
    pub cue: String,
    pub sentence: (usize, usize),
    pub span: (usize, usize),
    /// Stated in the document's headline.
    pub headline: bool,
    /// The recipient is still to be chosen from the whole document.
    pub pending: bool,
    /// Several rows made from one mention ("each").
    pub group: usize,
    /// Unit index of the governing verb in its sentence, if any.
    pub verb_at: Option<usize>,
    /// The recipient is named in the sentence (not carried over).
    pub named_recipient: bool,
}

/// A cue found in a clause.
#[derive(Clone, Copy, Debug)]
pub(super) struct Hit {
    pub(super) i: usize,
    pub(super) len: usize,
    pub(super) cue: &'static Cue,
    pub(super) pos: Pos,
    pub(super) future: bool,
    pub(super) passive: bool,
}

impl Hit {
    pub(super) fn verb(&self) -> bool {
        self.pos == Pos::Verb
    }
}

/// A subject as found before a verb.
#[derive(Clone, Debug)]
pub(super) enum Subject {
    Who(Who),
    /// I, we, our: the document's own country.
    FirstPerson,
}

/// What a noun phrase names as a recipient.
#[derive(Clone, Debug)]
pub(super) enum Np {
    /// Parties or a phrase that receive.
    Found(Vec<Who>),
    /// A programme or fund: the place it serves receives (the phrase, if a proper name, else).
    Channel(Option<Who>),
    /// A proper name that is no known party ("Idlib"): a recipient after "to" only, since
    /// "for Acme" is as often a price paid for a company.
    Proper(Who),
    /// A phrase that names no recipient ("our partners").
    Unresolved,
    /// Nothing usable (a date, an empty phrase).
    Nothing,
}

pub(super) struct Recipient {
    pub(super) whos: Vec<Who>,
    pub(super) explicit: bool,
    pub(super) blocked: bool,
    /// The parties came from a list after "each".
    pub(super) each: bool,
}

pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) figs: &'a [Figure],
    pub(super) parties: Parties,
    pub(super) sents: Vec<Sent>,
    pub(super) equivalents: Vec<Vec<usize>>,
    pub(super) t: &'static Tables,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) last_donor: Option<Who>,
    pub(super) last_recipient: Option<Who>,
    pub(super) group: usize,
}

/// Links the figures of `text` into draft pledges, duplicates merged.
pub(crate) fn link(text: &str, figs: &[Figure]) -> Vec<Draft> {
    let parties = Parties::find(text);
    let mut sents = Vec::new();
    for (s, e) in segment::sentences(text) {
        let para = text.get(..s).map(|b| b.matches('\n').count()).unwrap_or(0);
        sents.push(Sent::new(text, s, e, figs, &parties.mentions, para));
    }
    let mut equivalents = vec![Vec::new(); figs.len()];
    for s in &sents {
        for u in &s.units {
            if let U::Equiv(fi) = u.k
                && let Some(p) = figs.get(fi).and_then(|f| f.restates)
                && let Some(list) = equivalents.get_mut(p)
            {
                list.push(fi);
            }
        }
    }
    let doc = Doc { text, figs, parties, sents, equivalents, t: Tables::get() };
    let mut st = State::default();
    let mut out: Vec<Draft> = Vec::new();
    for si in 0..doc.sents.len() {
        doc.sentence(si, &mut st, &mut out);
    }
    doc.settle_pending(&mut out);
    merge_duplicates(&doc, out)
}

impl Doc<'_> {
    fn sentence(&self, si: usize, st: &mut State, out: &mut Vec<Draft>) {
        let Some(sent) = self.sents.get(si) else { return };
        let budget_line = self.budget_line(sent);
        let intro_blocked = sent.list_item && self.intro_blocked(si);
        let headline = si == 0
            && self.sents.len() > 1
            && !self.text.get(sent.s..sent.e).unwrap_or("").trim_end().ends_with(['.', '!', '?', '"', '”']);
        for &(a, b) in &sent.clauses {
            let hits = self.cues(sent, a, b);
            let before = out.len();
            for i in a..b {
                if let U::Money(fi) = sent.units[i].k
                    && let Some(rows) =
                        self.money(si, sent, (a, b), i, fi, &hits, budget_line, intro_blocked, st)
                {
                    for d in rows {
                        push(out, d, headline, st);
                    }
                }
            }
            // Goods not bought by an amount of this clause may be given on their own ("... and
            // said it would send 20,000 tonnes of rice").
            let consumed: Vec<usize> = out[before..].iter().flat_map(|d| d.items.iter().copied()).collect();
            let money_verbs: Vec<usize> = out[before..].iter().filter_map(|d| d.verb_at).collect();
            for i in a..b {
                if let U::Qty(fi) = sent.units[i].k
                    && !consumed.contains(&fi)
                    && let Some(d) = self.goods(si, sent, (a, b), i, fi, &hits, st)
                    && d.verb_at.is_none_or(|v| !money_verbs.contains(&v))
                {
                    push(out, d, headline, st);
                }
            }
            if st.last_recipient.is_none() && out.len() == before {
                self.learn_recipient(sent, (a, b), &hits, st);
            }
        }
    }

    /// Every cue of the clause `a..b`.
    fn cues(&self, sent: &Sent, a: usize, b: usize) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = a;
        while i < b {
            let u = &sent.units[i];
            if u.k != U::Word {
                i += 1;
                continue;
            }
            let Some(forms) = self.t.forms.get(u.low.as_str()) else {
                i += 1;
                continue;
            };
            let mut verb: Option<(&'static Cue, usize)> = None;
            let mut noun: Option<(&'static Cue, usize)> = None;
            for f in forms {
                let whole = f.rest.iter().enumerate().all(|(k, w)| sent.w(i + 1 + k) == *w);
                if !whole || i + f.rest.len() >= b {
                    continue;
                }
                let Some(cue) = self.t.cues.get(f.cue) else { continue };
                match cue.pos {
                    Pos::Verb => verb = verb.or(Some((cue, f.rest.len() + 1))),
                    Pos::Noun => noun = noun.or(Some((cue, f.rest.len() + 1))),
                }
            }
            let chosen = match (verb, noun) {
                (Some(v), Some(n)) => {
                    if self.reads_as_noun(sent, i) {
                        Some((n, Pos::Noun))
                    } else {
                        Some((v, Pos::Verb))
                    }
                }
                (Some(v), None) => Some((v, Pos::Verb)),
                (None, Some(n)) => Some((n, Pos::Noun)),
                (None, None) => None,
            };
            let Some(((cue, len), mut pos)) = chosen else {
                i += 1;
                continue;
            };
            if pos == Pos::Verb && !self.can_be_verb(sent, a, i, cue) {
                match noun {
                    Some(_) if len == 1 => pos = Pos::Noun,
                    _ => {
                        i += 1;
                        continue;
                    }
                }
            }
            let cue = if pos == Pos::Noun { noun.map(|n| n.0).unwrap_or(cue) } else { cue };
            // "announced that ...": reported speech, not a commitment.
            if pos == Pos::Verb && sent.w(i + len) == "that" {
                i += len;
                continue;
            }
            let future = pos == Pos::Verb
                && (i.saturating_sub(3)..i).any(|k| k >= a && is_in(FUTURE, sent.w(k)))
                && !u.low.ends_with("ed");
            let mut k = i;
            while k > a && (sent.w(k - 1).ends_with("ly") || matches!(sent.w(k - 1), "also" | "now" | "then"))
            {
                k -= 1;
            }
            let passive = pos == Pos::Verb
                && k > a
                && matches!(sent.w(k - 1), "is" | "are" | "was" | "were" | "be" | "been" | "being")
                && is_participle(&u.low);
            hits.push(Hit { i, len, cue, pos, future, passive });
            i += len;
        }
        hits
    }

    /// The cue as written ("made available").
    fn cue_text(&self, sent: &Sent, h: Hit) -> String {
        let (Some(first), Some(last)) = (sent.units.get(h.i), sent.units.get(h.i + h.len - 1)) else {
            return String::new();
        };
        self.text.get(first.s..last.e).unwrap_or("").to_string()
    }

    /// A cue verb form is read as a verb only where a verb can stand: a capitalised word inside
    /// a sentence is part of a name ("Systematic Observations Financing Facility"), and a bare
    /// base form needs "to", a modal, a subject or a coordination before it ("will provide",
    /// "Britain and Australia offer"; not "an absolute rocket ship").
    fn can_be_verb(&self, sent: &Sent, a: usize, i: usize, cue: &Cue) -> bool {
        let Some(u) = sent.units.get(i) else { return false };
        if u.cap && i > a && !sent.caps {
            return false;
        }
        let prev = sent.w(i.wrapping_sub(1));
        if i > a && (is_in(DETERMINERS, prev) || (prev.ends_with("est") && prev.len() > 4)) {
            return false; // "the largest offers came from ..."
        }
        if u.low != cue.lemma {
            return true;
        }
        let mut k = i;
        while k > a
            && (matches!(sent.w(k - 1), "also" | "not" | "now" | "then") || sent.w(k - 1).ends_with("ly"))
        {
            k -= 1;
        }
        if k == a {
            return true;
        }
        let prev = &sent.units[k - 1];
        match prev.k {
            U::Party(_) => true,
            U::Word => {
                matches!(
                    prev.low.as_str(),
                    "to" | "will"
                        | "would"
                        | "shall"
                        | "can"
                        | "could"
                        | "may"
                        | "might"
                        | "must"
                        | "should"
                        | "do"
                        | "does"
                        | "did"
                        | "and"
                        | "or"
                        | "i"
                        | "we"
                        | "they"
                        | "you"
                        | "'ll"
                ) || prev.cap && !NOT_NAMES.contains(&self.text.get(prev.s..prev.e).unwrap_or(""))
            }
            _ => false,
        }
    }

    /// A word that may be a verb or a noun ("pledge", "support") reads as a noun after a
    /// determiner, an amount, a party or an adjective-like word, and as a verb after an
    /// auxiliary or a subject followed by an object.
    fn reads_as_noun(&self, sent: &Sent, i: usize) -> bool {
        // "project financing loans": a modifier of a cue noun.
        if self.cue_word(sent, i + 1, Pos::Noun).is_some() {
            return true;
        }
        let Some(prev) = i.checked_sub(1).and_then(|p| sent.units.get(p)) else {
            // Sentence-initial: a verb in a list item ("- Pledged ..."), else a noun.
            return false;
        };
        match prev.k {
            U::Money(_) | U::Equiv(_) | U::Qty(_) => true,
            U::Party(_) => {
                // "Britain pledges £5m" (verb) vs "U.S. support for" (noun).
                let next = sent.units.get(i + 1);
                !next.is_some_and(|n| {
                    matches!(n.k, U::Money(_) | U::Party(_)) || is_in(DETERMINERS, &n.low) || n.low == "to"
                })
            }
            U::Punct => matches!(prev.low.as_str(), "(" | "\"" | "“" | "'"),
            U::Word => {
                let p = prev.low.as_str();
                if is_in(AUX, p) || matches!(p, "will" | "would" | "to" | "and" | "or" | "not") {
                    return false;
                }
                is_in(DETERMINERS, p)
                    || matches!(
                        p,
                        "new"
                            | "further"
                            | "extra"
                            | "additional"
                            | "initial"
                            | "total"
                            | "first"
                            | "financial"
                            | "as"
                            | "military"
                            | "humanitarian"
                            | "economic"
                            | "international"
                            | "of"
                            | "in"
                            | "for"
                            | "with"
                            | "more"
                            | "much"
                            | "no"
                            | "multi-year"
                            | "increased"
                            | "continued"
                            | "our"
                            | "us"
                    )
                    || p.ends_with("al")
                    || p.ends_with("'s")
                    || p.ends_with("’s")
                    || self.t.role(p) & role::OFFICE != 0 && prev.cap
            }
        }
    }

    /// "The Budget includes $2 billion for ...": a budget or request as the subject of a budget
    /// verb makes the sentence a list of budget lines.
    fn budget_line(&self, sent: &Sent) -> bool {
        let n = sent.units.len();
        (0..n).any(|i| {
            self.t.block(sent.w(i)) & block::BUDGET != 0
                && (i + 1..n.min(i + 3)).any(|k| self.t.block(sent.w(k)) & block::BUDGET_VERB != 0)
        })
    }

    /// For a list item, the last party named in the line introducing the list ("In his budget
    /// Mr Chidambaram has:").
    fn intro_party(&self, si: usize) -> Option<Who> {
        let sent = self.sents.get(si)?;
        if !sent.list_item {
            return None;
        }
        let intro = (0..si).rev().map(|k| &self.sents[k]).find(|s| !s.list_item)?;
        if !self.text.get(intro.s..intro.e).is_some_and(|x| x.trim_end().ends_with(':')) {
            return None;
        }
        (0..intro.units.len()).rev().find_map(|k| intro.party(k)).map(|m| self.mention_who(m))
    }

    /// The line that introduces a list ("The requested funding will:") carries a blocker.
    fn intro_blocked(&self, si: usize) -> bool {
        let Some(intro) = (0..si).rev().map(|k| &self.sents[k]).find(|s| !s.list_item) else {
            return false;
        };
        let ends_colon = self.text.get(intro.s..intro.e).is_some_and(|x| x.trim_end().ends_with(':'));
        ends_colon
            && intro.units.iter().any(|u| {
                u.k == U::Word
                    && self.t.block(&u.low) & (block::AMOUNT | block::BUDGET | block::DOMESTIC) != 0
            })
    }

    #[allow(clippy::too_many_arguments)]
    fn money(
        &self,
        si: usize,
        sent: &Sent,
        (a, b): (usize, usize),
        i: usize,
        fi: usize,
        hits: &[Hit],
        budget_line: bool,
        intro_blocked: bool,
        st: &mut State,
    ) -> Option<Vec<Draft>> {
        let f = self.figs.get(fi)?;
        if f.currency_source == Some(CurrencySource::Context) {
            return None; // a bare number repeating a stated amount or a part of it
        }
        if self.old_level(sent, (a, b), i) || self.ratio_or_unit_price(sent, b, i) {
            return None;
        }
        let after = self.after_amount(sent, b, i);
        if after.blocked {
            return None;
        }
        let mut own = after.cue;
        // "pledge of $50 million", "packages of about $50,000".
        if own.is_none()
            && sent.w(i.wrapping_sub(1)) == "of"
            && let Some(h) = hits.iter().find(|h| !h.verb() && h.i + h.len + 1 == i)
        {
            own = Some(*h);
        }
        let mut soft = false;
        if self.blocked_before(sent, a, i, hits, &mut soft) {
            return None;
        }
        if (a..b).any(|k| self.t.block(sent.w(k)) & block::MARKET != 0) {
            return None; // a company deal: bids, stakes, dividends
        }
        let verb = self.governing_verb(sent, (a, b), i, hits);
        let noun = own.or_else(|| nearest(hits.iter().filter(|h| !h.verb()), i));
        if verb.is_none() && noun.is_none() {
            return None;
        }
        if self.hedged(sent, a, i, verb, noun) {
            return None;
        }
        if budget_line {
            let promise =
                own.is_some_and(|h| matches!(h.cue.lemma, "pledge" | "commitment" | "contribution"));
            if !promise {
                return None;
            }
        }
        if let Some(v) = verb
            && v.i >= 2
            && sent.w(v.i - 1) == "of"
            && self.t.block(sent.w(v.i - 2)) & block::AMOUNT != 0
        {
            return None; // "the cost of providing ..."
        }
        let strong = verb.is_some_and(|v| v.cue.strong) || noun.is_some_and(|n| n.cue.strong);
        let (mut donor_subject, mut donor_explicit) = self.donor(sent, (a, b), i, verb, noun, hits);
        if donor_subject.is_none() && after.cue.is_some() {
            // "a total U.S. $6 billion pledge": the country written into the amount (not the
            // currency sign "US$").
            let digits = self.text.get(f.start..f.end).and_then(|t| t.find(|c: char| c.is_ascii_digit()));
            let number_at = f.start + digits.unwrap_or(0);
            if let Some(m) = self.parties.mentions.iter().find(|m| {
                m.start >= f.start
                    && m.end <= number_at
                    && m.who.kind == Kind::Country
                    && self.text.get(m.end..).is_some_and(|r| r.starts_with(' '))
            }) {
                donor_subject = Some(Subject::Who(m.who.clone()));
                donor_explicit = true;
            }
        }
        let concrete_donor = match &donor_subject {
            Some(Subject::Who(w)) => Some(w.clone()),
            _ => None,
        };
        let rec = self.recipient(
            si,
            sent,
            (a, b),
            i,
            verb,
            hits,
            concrete_donor.as_ref(),
            st.last_recipient.as_ref(),
        );
        if (!strong || soft) && !rec.explicit {
            return None;
        }
        if intro_blocked && !(verb.is_some_and(|v| v.cue.strong) && rec.explicit) {
            return None;
        }
        let receive = verb.is_some_and(|v| v.cue.dir == Direction::Receive);
        if receive && !rec.explicit && !donor_explicit {
            return None; // "a typical school receiving £50,000": nobody named
        }
        if receive && (a..b).any(|k| self.t.block(sent.w(k)) & block::NEED != 0) {
            return None; // money received against an appeal
        }
        let mut recipients = rec.whos;
        let mut pending = false;
        if recipients.is_empty() {
            if rec.blocked {
                return None;
            }
            match &st.last_recipient {
                Some(r) => recipients.push(r.clone()),
                None if strong && donor_explicit => pending = true,
                None => return None,
            }
        }
        let donor = match donor_subject {
            Some(Subject::Who(w)) => Some(w),
            Some(Subject::FirstPerson) => {
                let except: Vec<&str> = recipients.iter().map(|r| r.name.as_str()).collect();
                self.parties.home(&except).map(|h| Who::new(h, Kind::Country))
            }
            None => self
                .intro_party(si)
                .or_else(|| self.collective_in(sent, a, i))
                .or_else(|| st.last_donor.clone()),
        };
        if let Some(d) = &donor {
            recipients.retain(|r| r.name != d.name);
            if recipients.is_empty() && !pending {
                return None; // a giver is not its own recipient
            }
        }
        let recipients = if rec.each || recipients.len() <= 1 { recipients } else { vec![join(&recipients)] };
        let cue_hit = verb.or(noun)?;
        let stage = stage_of(cue_hit);
        let cue = self.cue_text(sent, cue_hit);
        let items = self.items(sent, self.item_stop(sent, b, i, verb, hits), i);
        let instrument = self.instrument(sent, (a, b), i);
        st.group += 1;
        let base = Draft {
            donor,
            recipient: None,
            money: Some(fi),
            equivalents: self.equivalents.get(fi).cloned().unwrap_or_default(),
            items,
            instrument,
            stage,
            cue,
            sentence: (sent.s, sent.e),
            span: (f.start, f.end),
            headline: false,
            pending,
            group: st.group,
            verb_at: verb.map(|v| v.i),
            named_recipient: rec.explicit,
        };
        if recipients.is_empty() {
            return Some(vec![base]);
        }
        // One row per recipient of an amount given "each".
        Some(recipients.into_iter().map(|r| Draft { recipient: Some(r), ..base.clone() }).collect())
    }

    /// A counted quantity of goods given with no money figure: "Britain offered 50,000 tonnes
    /// of wheat to Bangladesh".
    #[allow(clippy::too_many_arguments)]
    fn goods(
        &self,
        si: usize,
        sent: &Sent,
        (a, b): (usize, usize),
        i: usize,
        fi: usize,
        hits: &[Hit],
        st: &mut State,
    ) -> Option<Draft> {
        let f = self.figs.get(fi)?;
        let subject = f.unit_str();
        if !self.is_goods(subject) {
            return None;
        }
        // Words of the counted noun (they follow the number as word units).
        let mut end = i + 1;
        while end < b && matches!(sent.units[end].k, U::Word | U::Party(_)) && sent.units[end].e <= f.end {
            end += 1;
        }
        let before = hits.iter().filter(|h| h.verb() && h.i < i).max_by_key(|h| h.i).copied();
        let after =
            hits.iter().filter(|h| h.verb() && h.i > i && h.i <= end + 10).min_by_key(|h| h.i).copied();
        let verb = before.or(after)?;
        let mut soft = false;
        if self.blocked_before(sent, a, i, hits, &mut soft) || self.hedged(sent, a, i, Some(verb), None) {
            return None;
        }
        if (end..b.min(end + 3)).any(|k| self.t.block(sent.w(k)) & block::AMOUNT != 0) {
            return None;
        }
        let (donor_subject, mut donor_explicit) = self.donor(sent, (a, b), i, Some(verb), None, hits);
        let mut donor = match donor_subject {
            Some(Subject::Who(w)) => Some(w),
            _ => None,
        };
        if donor.is_none() {
            // "50,000 tonnes of Australian wheat".
            donor = (i + 1..end).find(|&k| sent.party(k).is_some()).map(|k| self.who_at_unit(sent, k));
            donor_explicit = donor.is_some();
        }
        let rec =
            self.recipient(si, sent, (a, b), i, Some(verb), hits, donor.as_ref(), st.last_recipient.as_ref());
        if !verb.cue.strong && !rec.explicit {
            return None;
        }
        if !donor_explicit && !rec.explicit {
            return None;
        }
        let explicit_recipient = rec.explicit;
        let recipient = match rec.whos.into_iter().next() {
            Some(r) => r,
            None if rec.blocked => return None,
            None => st.last_recipient.clone()?,
        };
        let donor = donor.or_else(|| st.last_donor.clone());
        st.group += 1;
        Some(Draft {
            donor,
            recipient: Some(recipient),
            money: None,
            equivalents: Vec::new(),
            items: vec![fi],
            instrument: self.instrument(sent, (a, b), i),
            stage: stage_of(verb),
            cue: self.cue_text(sent, verb),
            sentence: (sent.s, sent.e),
            span: (f.start, f.end),
            headline: false,
            pending: false,
            group: st.group,
            verb_at: Some(verb.i),
            named_recipient: explicit_recipient,
        })
    }

    /// A clause with a giving verb and a named recipient but no figure still tells who the
    /// document's aid goes to ("... will give millions in aid to countries hit by the tsunami").
    fn learn_recipient(&self, sent: &Sent, (a, b): (usize, usize), hits: &[Hit], st: &mut State) {
        let Some(v) = hits.iter().find(|h| h.cue.strong && h.cue.dir == Direction::Give) else {
            return;
        };
        if (a..b).any(|k| sent.is_figure(k)) || self.hedged(sent, a, b, Some(*v), None) {
            return;
        }
        for k in v.i + v.len..b {
            if matches!(sent.w(k), "to" | "for")
                && let Np::Found(w) = self.np(sent, k + 1, b, None)
                && let Some(first) = w.into_iter().next()
            {
                st.last_recipient = Some(first);
                return;
            }
        }
    }

    /// Counted goods: the head of the counted noun ("seven electric generators"), or the
    /// measure of "tonnes of wheat"; not "70 weapons cargo flights".
    pub(super) fn is_goods(&self, subject: &str) -> bool {
        let words: Vec<String> = subject
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut seg: Vec<&str> = Vec::new();
        for w in &words {
            if w == "of"
                || w == "and"
                || (w.ends_with("ed") && w.len() > 4)
                || self.t.forms.contains_key(w.as_str())
            {
                break;
            }
            seg.push(w);
        }
        seg.last().is_some_and(|h| self.t.role(h) & role::GOODS != 0)
    }

    /// "from $1.1bn to $4.6bn", "rise to 91 mln marks from 50 mln": the old level.
    fn old_level(&self, sent: &Sent, (a, b): (usize, usize), i: usize) -> bool {
        let prev = sent.w(i.wrapping_sub(1));
        if prev != "from" {
            return false;
        }
        (a..b).any(|k| k != i && matches!(sent.units[k].k, U::Money(_)) && sent.w(k.wrapping_sub(1)) == "to")
    }

    /// "$1 for every $2"; "A$4.17 a share"; "$40 a barrel".
    fn ratio_or_unit_price(&self, sent: &Sent, b: usize, i: usize) -> bool {
        let t = self.t;
        if (i.saturating_sub(2)..i).any(|k| t.block(sent.w(k)) & block::RATIO != 0) {
            return true;
        }
        let mut k = i + 1;
        while k < b && matches!(sent.w(k), "-" | "(" | ")")
            || matches!(sent.units.get(k).map(|u| u.k), Some(U::Equiv(_)))
        {
            k += 1;
        }
        let w1 = sent.w(k);
        if w1 == "for" && t.block(sent.w(k + 1)) & block::RATIO != 0 {
            return true;
        }
        if matches!(w1, "a" | "an" | "per" | "each") {
            let mut j = k + 1;
            while sent.w(j) == "-" {
                j += 1;
            }
            return t.block(sent.w(j)) & block::PER != 0;
        }
        false
    }

    /// What follows an amount: its own cue noun ("$500 million program", "£76m in aid"), or a
    /// head noun that makes it something else ("244 mln stg agreed bid", "$3bn in repayments",
    /// "£150,000 luxury car").
    fn after_amount(&self, sent: &Sent, b: usize, i: usize) -> After {
        let t = self.t;
        let mut k = i + 1;
        // Skip restatements and their brackets.
        while k < b
            && (matches!(sent.units[k].k, U::Equiv(_)) || matches!(sent.w(k), "(" | ")" | ";" | ","))
            && (matches!(sent.units[k].k, U::Equiv(_))
                || sent.units.get(k + 1).is_some_and(|u| matches!(u.k, U::Equiv(_)))
                || sent.w(k) == ")")
        {
            k += 1;
        }
        let first = k;
        let mut out = After { cue: None, blocked: false };
        let mut seen_words = 0;
        while k < b && k < first + 7 {
            let u = &sent.units[k];
            match u.k {
                U::Party(_) => {}
                U::Word => {
                    let w = u.low.as_str();
                    if let Some(h) = self.cue_word(sent, k, Pos::Noun) {
                        out.cue = Some(h);
                        return out;
                    }
                    if t.block(w) & block::AMOUNT != 0 && !matches!(w, "raise" | "raised" | "raising") {
                        out.blocked = true;
                        return out;
                    }
                    let det_after_link = is_in(DETERMINERS, w) && matches!(sent.w(k - 1), "of" | "in");
                    if matches!(w, "of" | "in" | "worth" | "and") && seen_words == 0
                        || w == "-"
                        || det_after_link
                    {
                        // "of aid", "in funding", "worth of arms"
                    } else if is_in(FUNCTION, w) || is_in(AUX, w) {
                        break;
                    } else if seen_words == 0
                        && k == first
                        && !u.cap
                        && !w.ends_with("ed")
                        && !w.ends_with("ing")
                        && !self.t.forms.contains_key(w)
                        && w.chars().all(|c| c.is_alphabetic() || c == '-')
                    {
                        // An attribute: keep looking for a cue noun a few words on.
                        seen_words += 1;
                    } else {
                        seen_words += 1;
                    }
                }
                U::Punct if u.low == "-" => {}
                _ => break,
            }
            k += 1;
        }
        // A lower-case noun right after the amount with no cue noun in its phrase: a price or
        // an attribute ("a new £150,000 luxury 4X4").
        if let Some(u) = sent.units.get(first)
            && first < b
            && u.k == U::Word
            && !u.cap
            && !is_in(FUNCTION, &u.low)
            && !is_in(AUX, &u.low)
            && !u.low.ends_with("ed")
            && !u.low.ends_with("ing")
            && !self.t.forms.contains_key(u.low.as_str())
            && self.t.block(&u.low) == 0
            && u.low.chars().all(|c| c.is_alphabetic() || c == '-')
            && !matches!(u.low.as_str(), "of" | "in" | "worth")
        {
            out.blocked = true;
        }
        // "548.76 mln rupees were needed".
        let mut j = first;
        let mut be = false;
        while matches!(sent.w(j), "is" | "are" | "was" | "were" | "be" | "been" | "will" | "would" | "to") {
            be |= !matches!(sent.w(j), "will" | "would" | "to");
            j += 1;
        }
        if be && t.block(sent.w(j)) & block::AMOUNT != 0 {
            out.blocked = true;
        }
        out
    }

    /// The cue noun at `k`, if the word there is one.
    pub(super) fn cue_word(&self, sent: &Sent, k: usize, pos: Pos) -> Option<Hit> {
        let forms = self.t.forms.get(sent.w(k))?;
        let f = forms
            .iter()
            .find(|f| f.rest.is_empty() && self.t.cues.get(f.cue).is_some_and(|c| c.pos == pos))?;
        let cue = self.t.cues.get(f.cue)?;
        Some(Hit { i: k, len: 1, cue, pos, future: false, passive: false })
    }

    /// A blocker in the few words before the amount ("profits of", "request for", "debts
    /// total"). `soft` is set for budget words, which only block without a named recipient.
    fn blocked_before(&self, sent: &Sent, a: usize, i: usize, hits: &[Hit], soft: &mut bool) -> bool {
        let lo = i.saturating_sub(4).max(a);
        for k in (lo..i).rev() {
            if hits.iter().any(|h| h.i == k) || sent.is_figure(k) || sent.w(k) == "," {
                break;
            }
            let f = self.t.block(sent.w(k));
            if f & block::AMOUNT != 0 {
                return true;
            }
            if f & block::DOMESTIC != 0 {
                *soft = true;
            }
        }
        false
    }

    /// The verb governing the amount: a participle right after it ("£50m given by", "15m euros
    /// will be made available"), else the nearest cue verb before it in the clause.
    fn governing_verb(&self, sent: &Sent, (a, b): (usize, usize), i: usize, hits: &[Hit]) -> Option<Hit> {
        let _ = a;
        let mut k = i + 1;
        while k < b && (matches!(sent.units[k].k, U::Equiv(_)) || matches!(sent.w(k), "(" | ")" | ";")) {
            k += 1;
        }
        let mut steps = 0;
        let mut saw_to = false;
        while k < b && steps < 5 {
            if let Some(h) = hits.iter().find(|h| h.i == k && h.verb()) {
                let participle = is_participle(&sent.units[k].low) || h.passive;
                let subject_of = steps > 0 && !saw_to && h.cue.dir == Direction::Give;
                let by_means = sent.w(k.wrapping_sub(1)) == "by" && sent.units[k].low.ends_with("ing");
                if participle || subject_of || by_means {
                    return Some(*h);
                }
            }
            let w = sent.w(k);
            saw_to |= w == "to";
            if !matches!(
                w,
                "will"
                    | "would"
                    | "be"
                    | "been"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "had"
                    | "has"
                    | "have"
                    | "to"
                    | "so"
                    | "far"
                    | "being"
                    | "also"
                    | "already"
                    | "now"
                    | "grant"
                    | "credit"
                    | "loan"
                    | "-"
                    | "by"
            ) && !sent.units[k].low.ends_with("ly")
            {
                break;
            }
            k += 1;
            steps += 1;
        }
        hits.iter().filter(|h| h.verb() && h.i < i).max_by_key(|h| h.i).copied()
    }

    /// Hedges: "wanted to provide", "urged ... to provide", "intended pledge", "could provide",
    /// "did not provide".
    fn hedged(&self, sent: &Sent, a: usize, i: usize, verb: Option<Hit>, noun: Option<Hit>) -> bool {
        let t = self.t;
        for k in a..i {
            if t.block(sent.w(k)) & block::HEDGE == 0 {
                continue;
            }
            // An infinitive after the hedge governs the rest of the clause.
            if let Some(to) = (k + 1..(k + 6).min(i)).find(|&j| sent.w(j) == "to") {
                let copular = sent.w(to + 1) == "be" && is_in(DETERMINERS, sent.w(to + 2));
                if !copular {
                    return true;
                }
            }
        }
        for h in verb.iter().chain(noun.iter()) {
            let lo = h.i.saturating_sub(2).max(a);
            if (lo..h.i).any(|k| t.block(sent.w(k)) & block::HEDGE != 0) {
                return true;
            }
            if h.verb() {
                let lo = h.i.saturating_sub(3).max(a);
                if (lo..h.i).any(|k| t.block(sent.w(k)) & block::NEGATION != 0) {
                    return true;
                }
                // "Funding would support $250 million for ...": a conditional weak cue.
                if !h.cue.strong
                    && h.cue.stage != Stage::Disbursement
                    && (h.i.saturating_sub(2).max(a)..h.i).any(|k| sent.w(k) == "would")
                {
                    return true;
                }
            }
        }
        false
    }

    /// Where the goods an amount buys end: the next amount or the next cue verb.
    fn item_stop(&self, sent: &Sent, b: usize, i: usize, verb: Option<Hit>, hits: &[Hit]) -> usize {
        (i + 1..b)
            .find(|&k| {
                matches!(sent.units[k].k, U::Money(_))
                    || hits.iter().any(|h| h.i == k && h.verb() && verb.is_none_or(|v| v.i != k))
            })
            .unwrap_or(b)
    }

    /// Goods the money buys: counted goods after the amount, up to `b`.
    fn items(&self, sent: &Sent, b: usize, i: usize) -> Vec<usize> {
        (i + 1..b)
            .filter_map(|k| match sent.units[k].k {
                U::Qty(q) => Some(q),
                _ => None,
            })
            .filter(|&q| self.figs.get(q).is_some_and(|f| self.is_goods(f.unit_str())))
            .collect()
    }

    /// The instrument phrase nearest the amount (longest first at equal distance).
    fn instrument(&self, sent: &Sent, (a, b): (usize, usize), i: usize) -> String {
        let mut best: Option<(usize, usize, &str)> = None; // (distance, -len, label)
        for k in a..b {
            for (words, label) in &self.t.instruments {
                let fits = words.iter().enumerate().all(|(n, w)| sent.w(k + n) == *w);
                if !fits || k + words.len() > b {
                    continue;
                }
                let d = k.abs_diff(i);
                let key = (d, usize::MAX - words.len());
                if best.is_none_or(|(bd, bl, _)| key < (bd, bl)) {
                    best = Some((key.0, key.1, label));
                }
            }
        }
        best.map(|(_, _, l)| l.to_string()).unwrap_or_default()
    }

    /// Rows whose recipient is still open take the place the document is about: the place named
    /// most often (recipient-like uses count double) that gives nothing itself.
    fn settle_pending(&self, out: &mut Vec<Draft>) {
        if !out.iter().any(|d| d.pending) {
            return;
        }
        let donors: Vec<String> =
            out.iter().filter_map(|d| d.donor.as_ref().map(|w| w.name.clone())).collect();
        let best = self
            .parties
            .place_counts(self.text)
            .into_iter()
            .filter(|(w, _)| !donors.contains(&w.name))
            .enumerate()
            .max_by(|(ia, (_, ca)), (ib, (_, cb))| ca.cmp(cb).then(ib.cmp(ia)))
            .map(|(_, (w, _))| w);
        match best {
            Some(w) => {
                for d in out.iter_mut().filter(|d| d.pending) {
                    d.recipient = Some(w.clone());
                    d.pending = false;
                }
            }
            None => out.retain(|d| !d.pending),
        }
    }
}

struct After {
    cue: Option<Hit>,
    blocked: bool,
}

fn push(out: &mut Vec<Draft>, mut d: Draft, headline: bool, st: &mut State) {
    d.headline = headline;
    if let Some(w) = &d.donor {
        st.last_donor = Some(w.clone());
    }
    if let Some(w) = &d.recipient
        && !d.pending
        && (w.is_place() || st.last_recipient.as_ref().is_none_or(|l| !l.is_place()))
    {
        st.last_recipient = Some(w.clone());
    }
    out.push(d);
}

fn nearest<'h>(hits: impl Iterator<Item = &'h Hit>, i: usize) -> Option<Hit> {
    hits.min_by_key(|h| h.i.abs_diff(i)).copied()
}

pub(super) fn is_participle(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "given"
                | "lent"
                | "sent"
                | "spent"
                | "made"
                | "set"
                | "paid"
                | "hit"
                | "struck"
                | "granted"
                | "available"
        )
}

fn stage_of(h: Hit) -> Stage {
    if h.verb() && h.future { Stage::Pledge } else { h.cue.stage }
}

/// Several parties as one collective name: "United Kingdom and Australia".
pub(super) fn join(list: &[Who]) -> Who {
    match list {
        [] => Who::new("", Kind::Text),
        [one] => one.clone(),
        _ => {
            let names: Vec<&str> = list.iter().map(|w| w.name.as_str()).collect();
            let (last, rest) = names.split_last().map(|(l, r)| (*l, r)).unwrap_or(("", &[]));
            Who::new(format!("{} and {last}", rest.join(", ")), Kind::Text)
        }
    }
}

/// One commitment reported twice is one row: the same amount (or a stated equivalent) with no
/// conflicting giver or recipient; a headline mention merges into the body's.
fn merge_duplicates(doc: &Doc<'_>, drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    for d in drafts {
        let same = out.iter().position(|k| {
            k.group != d.group && same_amount(doc, k, &d) && (k.headline || d.headline || !conflict(k, &d))
        });
        match same {
            Some(p) => {
                let k = out.remove(p);
                let (mut keep, other) = if k.headline && !d.headline { (d, k) } else { (k, d) };
                if keep.donor.is_none() {
                    keep.donor = other.donor;
                }
                if keep.recipient.is_none() || (!keep.named_recipient && other.named_recipient) {
                    keep.recipient = other.recipient;
                    keep.named_recipient = other.named_recipient;
                }
                if keep.instrument.is_empty() {
                    keep.instrument = other.instrument;
                }
                if keep.items.is_empty() {
                    keep.items = other.items;
                }
                for e in other.equivalents {
                    if !keep.equivalents.contains(&e) {
                        keep.equivalents.push(e);
                    }
                }
                keep.headline = false;
                out.insert(p, keep);
            }
            None => out.push(d),
        }
    }
    out
}

fn same_amount(doc: &Doc<'_>, a: &Draft, b: &Draft) -> bool {
    let amounts = |d: &Draft| -> Vec<(rust_decimal::Decimal, Option<crate::figure::Currency>)> {
        d.money
            .iter()
            .chain(d.equivalents.iter())
            .filter_map(|&x| doc.figs.get(x))
            .map(|f| (f.value.normalize(), f.currency()))
            .collect()
    };
    match (a.money, b.money) {
        (Some(_), Some(_)) => {
            let (x, y) = (amounts(a), amounts(b));
            x.iter().any(|p| y.contains(p))
        }
        (None, None) => {
            let first = |d: &Draft| d.items.first().and_then(|&q| doc.figs.get(q));
            match (first(a), first(b)) {
                (Some(f), Some(g)) => {
                    f.value == g.value && head_word(f.unit_str()) == head_word(g.unit_str())
                }
                _ => false,
            }
        }
        _ => false,
    }
}

fn head_word(subject: &str) -> String {
    let t = Tables::get();
    subject
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .find(|w| t.role(w) & role::GOODS != 0)
        .unwrap_or_default()
}

fn conflict(a: &Draft, b: &Draft) -> bool {
    let donors = matches!((&a.donor, &b.donor), (Some(x), Some(y)) if x.name != y.name);
    let places = matches!((&a.recipient, &b.recipient), (Some(x), Some(y))
        if x.name != y.name && x.kind != Kind::Text && y.kind != Kind::Text);
    donors || places
}
