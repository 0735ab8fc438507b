//! Figures in context → draft pledges: which amounts are commitments, who gives, who receives,
//! what the money buys, and which mentions repeat one commitment.
//!
//! Per clause, an amount is a commitment when a cue governs it (a verb before it, a participle
//! right after it, a cue noun it modifies or that stands in the clause) and no blocker does (a
//! price, result, debt, claim, need, request, hedge or budget line). The giver is named by
//! "from X"/"by X", by a party modifying the amount or the cue noun, or as the subject of the
//! cue verb; the recipient by the indirect object, "to/for X", "in X", a receiving subject, or
//! another place named in the clause; failing those, the document's running giver and recipient
//! carry over. Clauses side by side ("..., and the EU released €4m") keep their own subjects;
//! "each" shares an amount out among listed givers or receivers; list items under a committing
//! lead-in take its cue and giver, and their label ("-   Chad: $61 million") names the
//! recipient; restatements ("equivalent to ...") and values of goods ("worth ...") attach to the
//! commitment they restate. A foreign giver's money for a place the lexicon does not know goes to
//! the country the story's money goes to. See the module documentation of [`crate::pledges`] for
//! the rules in prose.

use crate::figure::{CurrencySource, Figure};
use crate::segment;

use super::Stage;
use super::parties::{Kind, Parties, Tally, Who};
use super::roles::names_include;
use super::text::{Sent, U};
use super::words::{
    AUX, BUILD_VERBS, Cue, DETERMINERS, Direction, FUNCTION, FUTURE, NOT_NAMES, OBLIQUE, Pos, Tables, block,
    is_adverb, is_in, role,
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
    /// The recipient is named as the object of the giving ("to Idlib"), not as a place the
    /// money serves or carried over.
    pub direct_recipient: bool,
    /// The recipient is the giver's own state, put in place of the story's last recipient,
    /// which stays the one later commitments go to.
    pub own_state: bool,
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
    /// A state body with no country named ("the state government"): the place the story is
    /// about receives.
    Home,
    /// Nothing usable (a date, an empty phrase).
    Nothing,
}

pub(super) struct Recipient {
    pub(super) whos: Vec<Who>,
    pub(super) explicit: bool,
    pub(super) blocked: bool,
    /// The parties came from a list after "each".
    pub(super) each: bool,
    /// Named as the object of the giving ("to X", "granting X", "X will receive"), not as a
    /// place or group the money serves.
    pub(super) direct: bool,
    /// Given to a fund, an appeal or a state body before any place is known to receive: the
    /// place the document is about receives (settled once the whole document is read).
    pub(super) passes_on: bool,
}

pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) figs: &'a [Figure],
    pub(super) parties: Parties,
    pub(super) sents: Vec<Sent>,
    pub(super) equivalents: Vec<Vec<usize>>,
    pub(super) t: &'static Tables,
    /// The money figure being linked, for the country a state body belongs to.
    pub(super) amount: std::cell::Cell<Option<usize>>,
    /// The recipient the document's commitments last went to, while one is being linked.
    pub(super) last_recipient: std::cell::RefCell<Option<Who>>,
    /// The place each list line's own commitment names as receiving, by sentence index, for the
    /// items nested under it.
    line_recipients: std::cell::RefCell<std::collections::HashMap<usize, Who>>,
    /// Company names written in full ("Kalahari Retail Holdings"), with their byte offsets:
    /// read once, when a subject first needs them.
    pub(super) companies: std::cell::OnceCell<Vec<(usize, String)>>,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) last_donor: Option<Who>,
    pub(super) last_recipient: Option<Who>,
    pub(super) group: usize,
    /// The paragraph (line breaks before it) of the sentence being linked, and of the one
    /// that set `last_recipient`.
    para: usize,
    recipient_para: usize,
    donor_para: usize,
    /// How often each country has been named as receiving.
    received: Tally,
    /// How often each giver has been named giving.
    given: Tally,
}

impl State {
    /// A new paragraph that names no recipient returns to the country the document's money
    /// has mostly gone to, not the side recipient the last paragraph ended on ("Neighbouring
    /// Chad will get £5m ..." then "Other donors have also stepped in ...").
    fn new_paragraph(&mut self, para: usize, list_item: bool) {
        self.para = para;
        // The items of a list each stand on a line of their own, under the line they belong to.
        if list_item {
            return;
        }
        // So does the giver: "... co-finance it with a loan of 9.6 billion yen" then, in the next
        // paragraph, "Pakistan will receive 95 mln dlrs" from the bank the story is about.
        if para != self.donor_para
            && let Some(last) = self.last_donor.as_ref()
        {
            self.donor_para = para;
            if let Some(main) = self.given.above(last) {
                self.last_donor = Some(main.clone());
            }
        }
        if para != self.recipient_para
            && let Some(last) = self.last_recipient.as_ref().filter(|l| l.kind == Kind::Country)
        {
            self.recipient_para = para;
            if let Some(main) = self.received.above(last) {
                self.last_recipient = Some(main.clone());
            }
        }
    }
}

/// Links the figures of `text` into draft pledges, duplicates merged.
pub(crate) fn link(text: &str, figs: &[Figure]) -> Vec<Draft> {
    let mut parties = Parties::find_in(text, currency_home(figs));
    // A country prefix glued to a currency sign ("US$35 million") names the currency, not a
    // party ("U.S. $6 billion", with a space, still names the giver).
    parties.retain(text, |m| {
        // Figures do not overlap one another: only the last one starting at or before the
        // mention can contain it.
        let at = figs.partition_point(|f| f.start <= m.start);
        !(at > 0 && {
            let f = &figs[at - 1];
            f.currency().is_some() && m.end < f.end && !text.get(m.end..).is_some_and(|r| r.starts_with(' '))
        })
    });
    let mut sents = Vec::new();
    // Line breaks before each sentence, counted incrementally (linear in the text).
    let (mut para, mut counted) = (0usize, 0usize);
    for (s, e) in segment::sentences(text).flat_map(|(s, e)| bounded(text, figs, s, e)) {
        para += text.get(counted..s).map_or(0, |b| memchr::memchr_iter(b'\n', b.as_bytes()).count());
        counted = s;
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
    let doc = Doc {
        text,
        figs,
        parties,
        sents,
        equivalents,
        t: Tables::get(),
        amount: Default::default(),
        last_recipient: Default::default(),
        line_recipients: Default::default(),
        companies: Default::default(),
    };
    let mut st = State::default();
    let mut out: Vec<Draft> = Vec::new();
    for si in 0..doc.sents.len() {
        doc.sentence(si, &mut st, &mut out);
    }
    doc.settle_pending(&mut out);
    doc.channels_to_place(&mut out);
    regions_abroad(&mut out);
    doc.country_of_places(&mut out);
    goods_with_money(merge_duplicates(&doc, out))
}

/// Goods a giver sends in the sentence that states its money ("allocated 40 billion soums and
/// delivered 1,000 tonnes of flour") go with that money as its items, not as a pledge of their
/// own. A loan or credit stays apart from the goods given with it.
fn goods_with_money(drafts: Vec<Draft>) -> Vec<Draft> {
    let lent = |k: &Draft| k.instrument.contains("loan") || k.instrument.contains("credit");
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        if d.money.is_none()
            && d.donor.is_some()
            && let Some(k) = out.iter_mut().rev().take_while(|k| k.sentence == d.sentence).find(|k| {
                k.money.is_some()
                    && !lent(k)
                    && k.donor == d.donor
                    && (k.recipient == d.recipient || d.recipient.is_none())
            })
        {
            for i in d.items {
                if !k.items.contains(&i) {
                    k.items.push(i);
                }
            }
            continue;
        }
        out.push(d);
    }
    out
}

impl Doc<'_> {
    fn sentence(&self, si: usize, st: &mut State, out: &mut Vec<Draft>) {
        let Some(sent) = self.sents.get(si) else { return };
        st.new_paragraph(sent.para, sent.list_item);
        // Only amounts read it: a sentence without one is not scanned.
        let budget_line = sent.units.iter().any(|u| matches!(u.k, U::Money(_))) && self.budget_line(sent);
        let intro_blocked = sent.list_item && self.intro_blocked(si);
        let headline = si == 0
            && self.sents.len() > 1
            && !self.text.get(sent.s..sent.e).unwrap_or("").trim_end().ends_with(['.', '!', '?', '"', '”']);
        for &(a, b) in &sent.clauses {
            // The cues serve the clause's figures, and the recipient learnt from a clause while
            // none is known: a clause with neither needs none.
            let figures = sent.units[a..b].iter().any(|u| matches!(u.k, U::Money(_) | U::Qty(_)));
            let hits =
                if figures || st.last_recipient.is_none() { self.cues(sent, a, b) } else { Vec::new() };
            let before = out.len();
            for i in a..b {
                if let U::Money(fi) = sent.units[i].k
                    && self.restates_earlier(sent, a, i)
                {
                    // "The gift, worth ...", may come a sentence or two after the gift.
                    let back = if sent.w(i.wrapping_sub(1)) == "worth" || sent.w(i.wrapping_sub(2)) == "worth"
                    {
                        2
                    } else {
                        1
                    };
                    attach_equivalent(self, out, fi, si, back);
                    continue;
                }
                // The value of goods: given with goods of this clause, or of a goods-only pledge
                // whose goods this sentence names again.
                if let U::Money(fi) = sent.units[i].k
                    && self.values_goods(sent, a, i)
                {
                    let goods_here = (a..i).any(|k| match sent.units[k].k {
                        U::Qty(q) => self.figs.get(q).is_some_and(|f| self.is_goods(f.unit_str())),
                        _ => false,
                    });
                    if goods_here {
                        continue;
                    }
                    if let Some(d) = self.valued_pledge(sent, a, i, out) {
                        d.money = Some(fi);
                        d.equivalents = self.equivalents.get(fi).cloned().unwrap_or_default();
                        if let Some(g) = self.figs.get(fi) {
                            d.span = (g.start, g.end);
                        }
                        continue;
                    }
                }
                if let U::Money(fi) = sent.units[i].k
                    && let Some(rows) =
                        self.money(si, sent, (a, b), i, fi, &hits, budget_line, intro_blocked, st)
                {
                    // "Sweden gave 400m kronor, Norway 350m kroner and Denmark 200m kroner, about
                    // $100m between them": a sum over the givers this sentence named.
                    let between =
                        matches!(sent.w(i + 1), "between" | "among" | "amongst") && sent.w(i + 2) == "them";
                    let givers: Vec<Who> = if between {
                        let mut g: Vec<Who> = Vec::new();
                        for d in out.iter().filter(|d| d.sentence == (sent.s, sent.e)) {
                            if let Some(w) = &d.donor
                                && !g.iter().any(|x| x.name == w.name)
                            {
                                g.push(w.clone());
                            }
                        }
                        g
                    } else {
                        Vec::new()
                    };
                    for mut d in rows {
                        if givers.len() > 1 {
                            d.donor = Some(join(&givers));
                        }
                        if sent.list_item
                            && d.named_recipient
                            && let Some(r) = d.recipient.as_ref().filter(|r| r.is_place())
                        {
                            self.line_recipients.borrow_mut().entry(si).or_insert_with(|| r.clone());
                        }
                        push(out, d, headline, st);
                    }
                }
            }
            // Goods not bought by an amount of this clause may be given on their own ("... and
            // said it would send 20,000 tonnes of rice").
            let consumed: Vec<usize> = out[before..].iter().flat_map(|d| d.items.iter().copied()).collect();
            let money_verbs: Vec<usize> = out[before..].iter().filter_map(|d| d.verb_at).collect();
            let goods_from = out.len();
            for i in a..b {
                let U::Qty(fi) = sent.units[i].k else { continue };
                if consumed.contains(&fi) || !self.figs.get(fi).is_some_and(|f| self.is_goods(f.unit_str())) {
                    continue;
                }
                // Goods a commitment includes are its items, not a pledge of their own: one stated
                // in the same sentence, or the one "the package" or "the aid" refers to.
                if self.included(sent, a, i, &hits) {
                    let verb_at = (a..i).find(|&k| matches!(sent.w(k), "include" | "includes" | "included"));
                    let refers = verb_at.is_some_and(|v| {
                        (a + 1..v).any(|k| {
                            self.cue_word(sent, k, Pos::Noun).is_some()
                                && matches!(sent.w(k - 1), "the" | "this" | "its")
                        })
                    });
                    if let Some(last) = out.last_mut()
                        && (last.sentence == (sent.s, sent.e) || refers)
                        && !last.items.contains(&fi)
                    {
                        last.items.push(fi);
                    }
                    continue;
                }
                for d in self.goods(si, sent, (a, b), i, fi, &hits, st).unwrap_or_default() {
                    if d.verb_at.is_some_and(|v| money_verbs.contains(&v)) {
                        continue;
                    }
                    // Goods given together under one verb are one pledge with several items.
                    if let Some(prev) = out[goods_from..].iter_mut().find(|p| {
                        p.verb_at == d.verb_at
                            && p.money.is_none()
                            && p.donor.as_ref().map(|w| &w.name) == d.donor.as_ref().map(|w| &w.name)
                            && p.recipient.as_ref().map(|w| &w.name) == d.recipient.as_ref().map(|w| &w.name)
                    }) {
                        for q in d.items {
                            let same = |x: &usize| {
                                self.figs
                                    .get(*x)
                                    .zip(self.figs.get(q))
                                    .is_some_and(|(f, g)| f.value == g.value && f.unit_str() == g.unit_str())
                            };
                            if !prev.items.iter().any(same) {
                                prev.items.push(q);
                            }
                        }
                        continue;
                    }
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
                // A particle after the object: "make a further $250m available", "set £5m aside".
                let split = !whole
                    && f.rest.len() == 1
                    && (i + 2..b.min(i + 8)).find(|&j| sent.w(j) == f.rest[0]).is_some_and(|j| {
                        (i + 1..j).any(|x| matches!(sent.units[x].k, U::Money(_)))
                            && (i + 1..j).all(|x| sent.units[x].k != U::Punct)
                    });
                if !(whole || split) || i + f.rest.len() >= b {
                    continue;
                }
                let Some(cue) = self.t.cues.get(f.cue) else { continue };
                let len = if split { 1 } else { f.rest.len() + 1 };
                match cue.pos {
                    Pos::Verb => verb = verb.or(Some((cue, len))),
                    Pos::Noun => noun = noun.or(Some((cue, len))),
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
            // "were each promised": a floating quantifier inside the passive.
            while k > a
                && (is_adverb(sent.w(k - 1))
                    || matches!(sent.w(k - 1), "also" | "now" | "then" | "each" | "both" | "all"))
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
        // "Japan and Italy each pledged": a floating quantifier after the subject.
        let floating = matches!(prev, "each" | "both" | "all") && {
            let mut k = i - 1;
            while k > a && is_in(AUX, sent.w(k - 1)) {
                k -= 1;
            }
            k > a
                && sent.units.get(k - 1).is_some_and(|u| {
                    matches!(u.k, U::Party(_))
                        || u.k == U::Word && self.t.role(&u.low) & (role::COLLECTIVE | role::BENEFICIARY) != 0
                })
        };
        if i > a && !floating && (is_in(DETERMINERS, prev) || (prev.ends_with("est") && prev.len() > 4)) {
            return false; // "the largest offers came from ..."
        }
        if i > a && is_in(OBLIQUE, prev) && !matches!(prev, "to" | "as") && !u.low.ends_with("ing") {
            return false; // "$198 million in awards": a noun after a preposition
        }
        if u.low != cue.lemma {
            return true;
        }
        let mut k = i;
        while k > a
            && (matches!(sent.w(k - 1), "also" | "not" | "now" | "then" | "each" | "both" | "all")
                || is_adverb(sent.w(k - 1)))
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
                // "in emergency grants": a noun phrase after a preposition.
                let after_preposition = i >= 2 && is_in(OBLIQUE, sent.w(i - 2)) && sent.w(i - 2) != "to";
                is_in(DETERMINERS, p)
                    || after_preposition
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

    /// The organisation whose report this is, for its "we": a document that opens with a name
    /// alone on its line ("Lumen Eye Health") and calls itself a report on the next
    /// ("Annual Report and Financial Statements ...", "Annual Review 2024").
    pub(super) fn report_author(&self) -> Option<Who> {
        // Only the opening bytes: a huge one-line document must not be read again per "we".
        let opening = self.text.get(..super::roles::floor_boundary(self.text, 1000)).unwrap_or("");
        let mut lines = opening.lines().map(str::trim).filter(|l| !l.is_empty());
        let (name, next) = (lines.next()?, lines.next()?);
        let words: Vec<&str> = name.split_whitespace().collect();
        let named = (1..=6).contains(&words.len())
            && words.first().is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "of" | "and" | "&" | "for" | "the")
            })
            && !name.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | ':' | ',' | '$' | '£' | '€'));
        let report =
            ["Report", "Review", "Accounts"].iter().any(|r| next.split_whitespace().any(|w| w == *r));
        (named && report && !Parties::names_any(name)).then(|| Who::new(name, Kind::Text))
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
        // "The funding will be delivered through trusted UN partners:" names a channel.
        let channel = |k: usize| {
            (k.saturating_sub(3)..k)
                .any(|j| matches!(intro.w(j), "through" | "via" | "by" | "with" | "to" | "for"))
        };
        (0..intro.units.len())
            .rev()
            .find_map(|k| {
                // A state's own agency ("provided through USAID") still names the giver.
                intro
                    .party(k)
                    .filter(|&m| !channel(k) || self.parties.mentions.get(m).is_some_and(|x| x.agent))
            })
            .map(|m| self.mention_who(m))
    }

    /// How far the line of sentence `sent` is indented (nested list items are indented more).
    fn indent(&self, sent: &Sent) -> usize {
        // Bytes back to the line break, looked for at most 4 KB back (a 100 MB line stays
        // linear; any larger indent counts the same).
        let before = self.text.as_bytes().get(..sent.s).unwrap_or(&[]);
        let window = &before[before.len().saturating_sub(4096)..];
        window.iter().rev().position(|&b| b == b'\n').unwrap_or(window.len())
    }

    /// The list item a nested item belongs to ("-   Sudan: $172 million, including:" for
    /// "    -   $96 million through WFP ...").
    fn list_parent(&self, si: usize) -> Option<usize> {
        let sent = self.sents.get(si)?;
        if !sent.list_item {
            return None;
        }
        let depth = self.indent(sent);
        for k in (0..si).rev() {
            let s = self.sents.get(k)?;
            if !s.list_item {
                return None;
            }
            if self.indent(s) < depth {
                return Some(k);
            }
        }
        None
    }

    /// The parties a list item opens with before a colon: "-   Sierra Leone and Liberia: $22
    /// million each ..." names its recipients.
    pub(super) fn item_prefix(&self, sent: &Sent) -> Vec<Who> {
        if !sent.list_item {
            return self.label_line(sent).unwrap_or_default();
        }
        let mut k = 0;
        while sent.units.get(k).is_some_and(|u| u.k == U::Punct && u.low != ":") {
            k += 1;
        }
        let (list, k) = self.label_parties(sent, k);
        if sent.w(k) == ":" { list } else { Vec::new() }
    }

    /// The parties a label names from unit `k` on ("Sierra Leone and Liberia", "Kenya,
    /// Uganda, and Rwanda"), and the unit after them.
    fn label_parties(&self, sent: &Sent, mut k: usize) -> (Vec<Who>, usize) {
        let mut list = Vec::new();
        while let Some(m) = sent.party(k) {
            list.push(self.mention_who(m));
            k += 1;
            if matches!(sent.w(k), "and" | "," | "&") {
                k += 1;
                if sent.w(k) == "and" {
                    k += 1;
                }
            }
        }
        (list, k)
    }

    /// A line of its own that is only a label and an amount ("Ethiopia: $198 million", the
    /// heading of a fact sheet's section): the parties of the label. The list items under it
    /// are that amount's parts and go where it goes.
    fn label_line(&self, sent: &Sent) -> Option<Vec<Who>> {
        if sent.list_item || self.text.as_bytes().get(sent.e).is_some_and(|&b| b != b'\n') {
            return None;
        }
        let (list, k) = self.label_parties(sent, 0);
        let amount = sent.w(k) == ":" && matches!(sent.units.get(k + 1).map(|u| u.k), Some(U::Money(_)));
        let rest = sent.units.iter().skip(k + 2).all(|u| u.k == U::Punct || matches!(u.k, U::Equiv(_)));
        (!list.is_empty() && amount && rest).then_some(list)
    }

    /// The line that introduces the list item (or label line) `si`: the nearest line before it
    /// that is neither a list item nor a label line.
    fn list_intro(&self, si: usize) -> Option<usize> {
        (0..si)
            .rev()
            .find(|&k| self.sents.get(k).is_some_and(|s| !s.list_item && self.label_line(s).is_none()))
    }

    /// The givers a list item names before a dash, when a giving verb follows it ("- Canada –
    /// pledged C$5 million ..." under "Countries that provided aid included:"): the parties
    /// and the unit after the dash.
    pub(super) fn dash_label(&self, sent: &Sent) -> Option<(Vec<Who>, usize)> {
        if !sent.list_item {
            return None;
        }
        let mut k = 0;
        while sent.units.get(k).is_some_and(|u| u.k == U::Punct) {
            k += 1;
        }
        let (list, k) = self.label_parties(sent, k);
        let dash = matches!(sent.w(k), "–" | "—") || sent.w(k) == "-" && sent.units[k].spaced;
        (!list.is_empty() && dash).then_some((list, k + 1))
    }

    /// The recipients a list item takes from the item it is nested in: its label ("-   Chad:"),
    /// else the place its own commitment goes to ("-   $40 million for Niger:").
    fn parent_prefix(&self, si: usize) -> Vec<Who> {
        let mut cur = si;
        while let Some(p) = self.list_parent(cur) {
            let prefix = self.sents.get(p).map(|s| self.item_prefix(s)).unwrap_or_default();
            if !prefix.is_empty() {
                return prefix;
            }
            if let Some(r) = self.line_recipients.borrow().get(&p) {
                return vec![r.clone()];
            }
            cur = p;
        }
        self.label_above(cur).unwrap_or_default()
    }

    /// The label line right above the list that item `si` belongs to ("Ethiopia: $198 million").
    fn label_above(&self, si: usize) -> Option<Vec<Who>> {
        self.sents.get(si).filter(|s| s.list_item)?;
        (0..si).rev().map(|k| &self.sents[k]).find(|s| !s.list_item).and_then(|s| self.label_line(s))
    }

    /// The commitment cue of the lines that introduce a list item ("The EU's contribution will
    /// be allocated as follows:", "Fiscal Year 2024 awards include:"): the nearest cue in the
    /// items it is nested in, then in the line before the list that ends with a colon.
    fn list_cue(&self, si: usize) -> Option<(Hit, String)> {
        let sent = self.sents.get(si)?;
        if !sent.list_item && self.label_line(sent).is_none() {
            return None;
        }
        let mut chain: Vec<usize> = Vec::new();
        let mut cur = si;
        while let Some(p) = self.list_parent(cur) {
            chain.push(p);
            cur = p;
        }
        let intro = self.list_intro(si)?;
        let intro_sent = self.sents.get(intro)?;
        // Sections headed "Mali: C$35 million" break down the commitment stated before them,
        // with or without a colon line.
        let sections = self.label_line(sent).is_some() || self.label_above(si).is_some();
        if !sections
            && !self.text.get(intro_sent.s..intro_sent.e).is_some_and(|x| x.trim_end().ends_with(':'))
        {
            return None;
        }
        chain.push(intro);
        // "It includes:": the pronoun stands for the commitment of the sentence before it.
        if matches!(intro_sent.units.first().map(|u| u.low.as_str()), Some("it" | "this" | "these" | "they"))
            && intro > 0
            && self.sents.get(intro - 1).is_some_and(|p| p.para == intro_sent.para && !p.list_item)
        {
            chain.push(intro - 1);
        }
        for k in chain {
            let s = self.sents.get(k)?;
            // "Not pledges, although they are money:" introduces nothing committed.
            if s.units.iter().any(|u| u.k == U::Word && self.t.block(&u.low) & block::NEGATION != 0) {
                return None;
            }
            for &(a, b) in &s.clauses {
                if let Some(h) = self.cues(s, a, b).into_iter().find(|h| h.cue.dir == Direction::Give) {
                    return Some((h, self.cue_text(s, h)));
                }
            }
        }
        None
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
        self.amount.set(Some(fi));
        // A bare number repeats a stated amount or a part of it, unless it is the next part of
        // a list: "30 mln dlrs for copper mining equipment and 24 mln for fertiliser imports".
        if f.currency_source == Some(CurrencySource::Context) && !self.parallel_part(sent, a, i) {
            return None;
        }
        if self.old_level(sent, (a, b), i) || self.ratio_or_unit_price(sent, b, i) {
            return None;
        }
        // "pledged over $2 billion, of which roughly $1.3 billion had been disbursed": how much of
        // a commitment was paid is its status, not a commitment of its own.
        if i >= 2
            && sent.w(i - 2) == "of"
            && matches!(sent.w(i - 1), "which" | "this" | "that" | "it")
            && self.governing_verb(sent, (a, b), i, hits).is_some_and(|v| v.cue.stage == Stage::Disbursement)
        {
            return None;
        }
        let after = self.after_amount(sent, b, i);
        if after.blocked || self.wanted_amount(sent, b, i) {
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
        // "presented a Rs 3.92 lakh crore budget": the size of a budget, a budget line too.
        soft |= sent
            .units
            .get(i + 1)
            .is_some_and(|u| u.k == U::Word && self.t.block(&u.low) & block::DOMESTIC != 0);
        // A company deal: bids, stakes, dividends; not what a recipient will do with the money
        // ("..., whose forces will use it to acquire 24 radars").
        let relative = (i + 1..b)
            .find(|&k| {
                sent.w(k) == ","
                    && matches!(sent.w(k + 1), "whose" | "which" | "who" | "as" | "while" | "after" | "when")
            })
            .unwrap_or(b);
        if (a..relative).any(|k| self.t.block(sent.w(k)) & block::MARKET != 0) {
            return None;
        }
        let verb = self.governing_verb(sent, (a, b), i, hits);
        let mut noun = own.or_else(|| nearest(hits.iter().filter(|h| !h.verb()), i));
        // A list item under a line that commits ("The EU's contribution will be allocated as
        // follows:") is governed by that line's cue.
        let mut cue_override: Option<String> = None;
        if verb.is_none()
            && noun.is_none()
            && let Some((h, text)) = self.list_cue(si)
        {
            noun = Some(Hit { i, len: 1, cue: h.cue, pos: Pos::Noun, future: false, passive: false });
            cue_override = Some(text);
        }
        // "Grant aid: 140.1 billion yen", "(grant limit: 2.1 billion yen)": an amount that opens
        // the clause after a colon is committed by the cue noun of the label before it.
        if verb.is_none() && noun.is_none() && i == a && a >= 2 && sent.w(a - 1) == ":" {
            noun = (a.saturating_sub(4)..a - 1)
                .rev()
                .take_while(|&k| sent.units[k].k == U::Word)
                .find_map(|k| self.cue_word(sent, k, Pos::Noun));
        }
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
        // "The package includes A$10 million for emergency shelter": a part of a commitment
        // already made goes where that one goes.
        // So does "The additional A$10 million" (more of a commitment already made).
        let part = (a + 1..i).any(|k| {
            matches!(sent.w(k), "include" | "includes" | "included" | "comprises")
                && (self.cue_word(sent, k - 1, Pos::Noun).is_some()
                        && matches!(sent.w(k.saturating_sub(2)), "the" | "this" | "its")
                    // "This includes €12 million for ...": the commitment just stated.
                    || k == a + 1 && matches!(sent.w(a), "this" | "it" | "that"))
        }) || i >= a + 2
            && sent.w(i - 2) == "the"
            && matches!(sent.w(i - 1), "additional" | "extra" | "further" | "remaining" | "new")
            && st.last_recipient.is_some();
        let strong = verb.is_some_and(|v| v.cue.strong) || noun.is_some_and(|n| n.cue.strong) || part;
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
        if (!strong || soft || cue_override.is_some())
            && !rec.explicit
            && self.item_prefix(sent).is_empty()
            && self.parent_prefix(si).is_empty()
        {
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
        let mut rec = rec;
        // A list item's own label names its recipients ("-   Chad: $61 million, provided through
        // UNHCR"); a nested item takes the label of the item it belongs to unless it names a
        // country of its own.
        let prefix = self.item_prefix(sent);
        let prefix = if !prefix.is_empty() {
            prefix
        } else if let Some(label) = self.label_above(si) {
            label // the section the item is a part of, whatever place it works in
        } else if !rec.whos.iter().any(|w| w.kind == Kind::Country) {
            self.parent_prefix(si)
        } else {
            prefix
        };
        if !prefix.is_empty() {
            rec = Recipient {
                whos: prefix,
                explicit: true,
                blocked: false,
                each: rec.each,
                direct: true,
                passes_on: false,
            };
        }
        let direct_recipient = rec.direct;
        let mut recipients = rec.whos;
        let mut pending = false;
        let mut to_own_state = false;
        if recipients.is_empty() {
            if rec.blocked && !(rec.passes_on && strong && donor_explicit && st.last_recipient.is_none()) {
                return None;
            }
            // A country's own money, with no recipient named, goes to the state of its own that
            // the story is about ("the Centre's share of the State Disaster Response Fund"), not
            // to the people the last paragraph's package went to.
            let own_state = concrete_donor
                .as_ref()
                .filter(|d| {
                    d.kind == Kind::Country
                        && st.last_recipient.as_ref().is_some_and(|l| l.kind == Kind::Text)
                })
                .and_then(|d| {
                    self.parties
                        .main_region()
                        .filter(|r| Parties::country_of_regions(r).is_some_and(|c| c.name == d.name))
                });
            to_own_state = own_state.is_some();
            match own_state.as_ref().or(st.last_recipient.as_ref()) {
                Some(r) => recipients.push(r.clone()),
                None if strong && donor_explicit => pending = true,
                None => {
                    return None;
                }
            }
        }
        let donor = match donor_subject {
            Some(Subject::Who(w)) => Some(w),
            Some(Subject::FirstPerson) => self.report_author().or_else(|| {
                let except: Vec<&str> = recipients.iter().map(|r| r.name.as_str()).collect();
                self.parties.home(&except).map(|h| Who::new(h, Kind::Country))
            }),
            None => self.intro_party(si).or_else(|| self.collective_in(sent, a, i)).or_else(|| {
                st.last_donor
                    .clone()
                    // "A grant of 4.2 billion yen was also approved for ...": the subject of a
                    // passive giving verb is the gift, not a new giver.
                    .filter(|_| {
                        (!self.new_subject(sent, a) || verb.is_some_and(|v| v.passive && v.i > i))
                            && !self.unnamed_giver(sent, a, i, verb)
                    })
            }),
        };
        if let Some(d) = &donor {
            // A giver is not its own recipient: a place named for the giver's own goods ("imports
            // of West German machinery") gives way to where the story's money goes.
            let named = !recipients.is_empty();
            recipients.retain(|r| !names_include(d, r));
            if recipients.is_empty() && named && !pending {
                recipients.extend(st.last_recipient.clone().filter(|l| !names_include(d, l)));
            }
            if recipients.is_empty() && !pending {
                return None;
            }
        }
        // "Japan, Italy and Spain gave $5m, $3m and $2m respectively", "... to Jordan and Lebanon
        // respectively": the n-th amount goes with the n-th giver or recipient.
        let (mut donor, mut recipients) = (donor, recipients);
        if let Some(v) = verb
            && (a..b).any(|k| sent.w(k) == "respectively")
        {
            let amounts: Vec<usize> = (v.i..b).filter(|&k| matches!(sent.units[k].k, U::Money(_))).collect();
            if let Some(n) = amounts.iter().position(|&k| k == i).filter(|_| amounts.len() > 1) {
                let givers = self.subject_list(sent, a, v.i);
                if givers.len() == amounts.len() {
                    donor = givers.get(n).cloned();
                }
                // The list after the last amount: "to Jordan and Lebanon respectively".
                let last = amounts.last().copied().unwrap_or(i);
                let listed = (last + 1..b)
                    .find(|&k| sent.w(k) == "to" && sent.party(k + 1).is_some())
                    .map(|k| self.party_list_from(sent, k + 1, b).1)
                    .filter(|l| l.len() == amounts.len());
                if let Some(r) = listed.as_ref().and_then(|l| l.get(n)) {
                    recipients = vec![r.clone()];
                } else if recipients.len() == amounts.len() {
                    recipients = recipients.get(n).cloned().into_iter().collect();
                }
            }
        }
        // "In Bangladesh, €31 million will go to the Rohingya response in Cox's Bazar": the
        // country a sentence opens with as its setting is where a foreign giver's money goes.
        if sent.w(0) == "in"
            && sent.w(2) == ","
            && let Some(m) = sent.party(1).and_then(|m| self.parties.mentions.get(m))
            && m.who.kind == Kind::Country
            && !m.agent
            && !recipients.is_empty()
            && recipients.iter().all(|r| r.kind != Kind::Country)
            && donor.as_ref().is_some_and(|d| d.name != m.who.name)
        {
            recipients = vec![m.who.clone()];
        }
        let each = rec.each || self.each_near(sent, b, i, verb);
        let recipients = if each || recipients.len() <= 1 { recipients } else { vec![join(&recipients)] };
        // "Japan and Italy each pledged $1m": one row per giver.
        let givers = match verb {
            // "..., and Qatar and the United Arab Emirates $25 million each": the list before
            // the amount, in a clause that leaves out its verb.
            Some(_) if each && recipients.len() <= 1 && i > a && sent.party(i - 1).is_some() => {
                let (_, list) = self.party_list_ending(sent, a, i - 1);
                if list.len() > 1 { list } else { Vec::new() }
            }
            Some(v) if each && recipients.len() <= 1 => self.subject_list(sent, a, v.i),
            _ => Vec::new(),
        };
        let cue_hit = verb.or(noun)?;
        let stage = stage_of(cue_hit);
        let cue = cue_override.unwrap_or_else(|| self.cue_text(sent, cue_hit));
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
            direct_recipient,
            own_state: to_own_state,
        };
        if givers.len() > 1 {
            let r = recipients.into_iter().next();
            return Some(
                givers
                    .into_iter()
                    .map(|g| Draft { donor: Some(g), recipient: r.clone(), ..base.clone() })
                    .collect(),
            );
        }
        if recipients.is_empty() {
            return Some(vec![base]);
        }
        // One row per recipient of an amount given "each".
        Some(recipients.into_iter().map(|r| Draft { recipient: Some(r), ..base.clone() }).collect())
    }

    /// "each" shares the amount out: right after it ("$22 million each") or right before its verb
    /// ("Canada and France will each provide $150m").
    fn each_near(&self, sent: &Sent, b: usize, i: usize, verb: Option<Hit>) -> bool {
        let mut k = i + 1;
        while k < b && (matches!(sent.units[k].k, U::Equiv(_)) || matches!(sent.w(k), "(" | ")")) {
            k += 1;
        }
        if sent.w(k) == "each" || sent.w(k) == "apiece" {
            return true;
        }
        let Some(v) = verb else { return false };
        let mut j = v.i;
        while j > 0 && (is_in(AUX, sent.w(j - 1)) || is_adverb(sent.w(j - 1))) && sent.w(j - 1) != "to" {
            j -= 1;
        }
        j > 0 && sent.w(j - 1) == "each"
    }

    /// The parties listed as the subject of the verb at `v` ("Japan and Italy each pledged").
    fn subject_list(&self, sent: &Sent, a: usize, v: usize) -> Vec<Who> {
        let mut j = v;
        while j > a
            && (is_in(AUX, sent.w(j - 1))
                || is_adverb(sent.w(j - 1))
                || matches!(sent.w(j - 1), "each" | "both"))
        {
            j -= 1;
        }
        if j == a {
            return Vec::new();
        }
        if sent.party(j - 1).is_none() {
            return self.counted_givers(sent, a, j);
        }
        let mut first = j - 1;
        let mut list = vec![self.mention_who(sent.party(j - 1).unwrap_or_default())];
        while first >= a + 2 {
            // "Germany and the Netherlands each promised ...".
            let at = first - usize::from(sent.w(first - 1) == "the" && first >= a + 3);
            if !matches!(sent.w(at - 1), "and" | "," | "&") || sent.w(at - 1) == "," && list.len() == 1 {
                break;
            }
            let Some(m) = at.checked_sub(2).filter(|&p| p >= a).and_then(|p| sent.party(p)) else { break };
            first = at - 2;
            list.insert(0, self.mention_who(m));
        }
        list
    }

    /// "the five member states each committed ...": the last countries named before the
    /// sentence, as many as the subject counts, in the order they were named.
    fn counted_givers(&self, sent: &Sent, a: usize, end: usize) -> Vec<Who> {
        if !matches!(sent.w(end - 1), "countries" | "states" | "nations") {
            return Vec::new();
        }
        let mut q = end - 1;
        while q > a && end - q <= 3 && !matches!(sent.units[q - 1].k, U::Qty(_)) {
            let u = &sent.units[q - 1];
            if u.k != U::Word || u.cap || is_in(FUNCTION, &u.low) {
                return Vec::new();
            }
            q -= 1;
        }
        let Some(U::Qty(fi)) = q.checked_sub(1).map(|p| sent.units[p].k) else { return Vec::new() };
        if q < a + 2 || sent.w(q - 2) != "the" {
            return Vec::new();
        }
        let Some(n) =
            self.figs.get(fi).and_then(|f| (2..=9).find(|&n| rust_decimal::Decimal::from(n) == f.value))
        else {
            return Vec::new();
        };
        let mut found: Vec<Who> = Vec::new();
        let before = self.parties.mentions.partition_point(|m| m.end <= sent.s);
        for m in self.parties.mentions[..before].iter().rev() {
            if m.who.kind != Kind::Country || m.agent || found.contains(&m.who) {
                continue;
            }
            found.push(m.who.clone());
            if found.len() == n {
                found.reverse();
                return found;
            }
        }
        Vec::new()
    }

    /// A counted quantity of goods given with no money figure: "Britain offered 50,000 tonnes
    /// of wheat to Bangladesh". A value stated with the goods ("30,000 tonnes of soybean meal,
    /// valued at $21 million") makes it a pledge of that money with the goods as items.
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
    ) -> Option<Vec<Draft>> {
        let f = self.figs.get(fi)?;
        self.amount.set(None);
        let subject = f.unit_str();
        if !self.is_goods(subject) {
            return None;
        }
        // Words of the counted noun (they follow the number as word units).
        let mut end = i + 1;
        while end < b && matches!(sent.units[end].k, U::Word | U::Party(_)) && sent.units[end].e <= f.end {
            end += 1;
        }
        // "two navy helicopters to ferry supplies", "cargo planes carrying food": vehicles that
        // carry the aid are a deployment, not goods given.
        let vehicle = subject.split_whitespace().last().is_some_and(|h| {
            matches!(
                h.to_lowercase().as_str(),
                "helicopters"
                    | "aircraft"
                    | "planes"
                    | "ships"
                    | "boats"
                    | "trucks"
                    | "lorries"
                    | "vehicles"
                    | "flights"
            )
        });
        let carries = matches!(sent.w(end), "carrying" | "ferrying" | "loaded")
            || sent.w(end) == "to"
                && matches!(
                    sent.w(end + 1),
                    "ferry"
                        | "carry"
                        | "transport"
                        | "deliver"
                        | "fly"
                        | "airlift"
                        | "distribute"
                        | "evacuate"
                        | "rescue"
                );
        if vehicle && carries {
            return None;
        }
        let before = hits
            .iter()
            .filter(|h| h.verb() && h.i < i)
            .max_by_key(|h| h.i)
            .copied()
            .filter(|h| !self.new_subject_between(sent, h.i + h.len, i));
        let after = hits
            .iter()
            .filter(|h| h.verb() && h.i > i && h.i <= end + 10)
            .min_by_key(|h| h.i)
            .copied()
            .or_else(|| self.list_passive(sent, b, i, hits));
        let mut cue_override = None;
        let verb = match before.or(after) {
            Some(v) => v,
            None => {
                let (h, text) = self.list_cue(si)?;
                cue_override = Some(text);
                Hit { i, len: 1, cue: h.cue, pos: Pos::Noun, future: false, passive: false }
            }
        };
        let mut soft = false;
        if self.blocked_before(sent, a, i, hits, &mut soft) || self.hedged(sent, a, i, Some(verb), None) {
            return None;
        }
        let value = self.stated_value(sent, b, end);
        if value.is_none() && (end..b.min(end + 3)).any(|k| self.t.block(sent.w(k)) & block::AMOUNT != 0) {
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
        let mut rec =
            self.recipient(si, sent, (a, b), i, Some(verb), hits, donor.as_ref(), st.last_recipient.as_ref());
        let prefix = self.item_prefix(sent);
        if !prefix.is_empty() {
            rec = Recipient {
                whos: prefix,
                explicit: true,
                blocked: false,
                each: false,
                direct: true,
                passes_on: false,
            };
        }
        if !verb.cue.strong && !rec.explicit {
            return None;
        }
        if !donor_explicit && !rec.explicit && cue_override.is_none() {
            return None;
        }
        let explicit_recipient = rec.explicit;
        let direct_recipient = rec.direct;
        // "Uganda and Rwanda are to get 15,000 tonnes each": one row per recipient.
        let each = rec.each || self.each_near(sent, b, end - 1, Some(verb));
        // A named giver's goods before any recipient is known go where the document's aid goes
        // (settled at the end, like money).
        let pending = rec.whos.is_empty()
            && !rec.blocked
            && st.last_recipient.is_none()
            && verb.cue.strong
            && donor_explicit
            && donor.is_some();
        let recipients: Vec<Option<Who>> = match rec.whos.len() {
            0 if rec.blocked => return None,
            0 if pending => vec![None],
            0 => vec![Some(st.last_recipient.clone()?)],
            1 => rec.whos.into_iter().map(Some).collect(),
            _ if each => rec.whos.into_iter().map(Some).collect(),
            _ => vec![Some(join(&rec.whos))],
        };
        let donor = donor.or_else(|| self.intro_party(si)).or_else(|| st.last_donor.clone());
        if recipients.iter().flatten().any(|r| donor.as_ref().is_some_and(|d| names_include(d, r))) {
            return None; // a giver is not its own recipient
        }
        st.group += 1;
        let (money, span) = match value.and_then(|m| self.figs.get(m).map(|g| (m, g))) {
            Some((m, g)) => (Some(m), (g.start, g.end)),
            None => (None, (f.start, f.end)),
        };
        let base = Draft {
            donor,
            recipient: None,
            money,
            equivalents: money.and_then(|m| self.equivalents.get(m).cloned()).unwrap_or_default(),
            items: vec![fi],
            instrument: self.instrument(sent, (a, b), i),
            stage: stage_of(verb),
            cue: cue_override.unwrap_or_else(|| self.cue_text(sent, verb)),
            sentence: (sent.s, sent.e),
            span,
            headline: false,
            pending,
            group: st.group,
            verb_at: Some(verb.i),
            named_recipient: explicit_recipient,
            direct_recipient,
            own_state: false,
        };
        Some(recipients.into_iter().map(|r| Draft { recipient: r, ..base.clone() }).collect())
    }

    /// "Sweden has sent 40 trucks and the agencies have hired 60 more": another subject and its
    /// verb stand between a verb and the goods, so the verb does not govern them.
    fn new_subject_between(&self, sent: &Sent, from: usize, to: usize) -> bool {
        (from..to).any(|k| {
            matches!(sent.w(k), "and" | "but" | "while")
                && (k + 1..to.min(k + 6)).any(|j| {
                    matches!(
                        sent.w(j),
                        "has" | "have" | "had" | "is" | "are" | "was" | "were" | "will" | "would"
                    )
                })
        })
    }

    /// The money a quantity of goods is said to be worth: "..., valued at approximately $21
    /// million", "worth about 6.2 mln Canadian dlrs", right after the goods' noun.
    fn stated_value(&self, sent: &Sent, b: usize, end: usize) -> Option<usize> {
        let mut k = end;
        while k < b
            && (sent.w(k) == "," || sent.units[k].k == U::Word && !self.value_word(sent, k))
            && k < end + 8
        {
            if sent.units[k].k == U::Word && (is_in(FUNCTION, sent.w(k)) && sent.w(k) != "of") {
                return None;
            }
            k += 1;
        }
        if !self.value_word(sent, k) {
            return None;
        }
        (k + 1..b.min(k + 4)).find_map(|j| match sent.units[j].k {
            U::Money(m) => Some(m),
            _ => None,
        })
    }

    /// "worth", "valued (at)", "value (of)": the money that follows is what goods are worth.
    fn value_word(&self, sent: &Sent, k: usize) -> bool {
        matches!(sent.w(k), "worth" | "valued" | "value")
    }

    /// An amount that states what goods are worth ("The Canadian wheat, worth about 6.2 mln
    /// Canadian dlrs"): the goods are named earlier in the sentence or clause.
    fn values_goods(&self, sent: &Sent, a: usize, i: usize) -> bool {
        let k = i.wrapping_sub(1);
        let k = if sent.w(k) == "at" || sent.w(k) == "of" { k.wrapping_sub(1) } else { k };
        k < sent.units.len() && k >= a && self.value_word(sent, k)
    }

    /// "the package would also include 120,000 rounds": goods listed as part of a commitment.
    fn included(&self, sent: &Sent, a: usize, i: usize, hits: &[Hit]) -> bool {
        let last_verb = hits.iter().filter(|h| h.verb() && h.i < i).map(|h| h.i).max().unwrap_or(a);
        (last_verb.max(a)..i).any(|k| matches!(sent.w(k), "include" | "includes" | "included" | "including"))
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
                // A participle after the head ends it ("tents donated by"); before any noun it is
                // an adjective ("armoured vehicles", "canned food").
                || (w.ends_with("ed") && w.len() > 4 && !seg.is_empty())
                || self.t.forms.contains_key(w.as_str())
            {
                break;
            }
            seg.push(w);
        }
        seg.last().is_some_and(|h| self.t.role(h) & role::GOODS != 0)
    }

    /// "from $1.1bn to $4.6bn", "rise to 91 mln marks from 50 mln": the old level. "earnings,
    /// which dropped to around 8 billion dlrs": a level fallen to.
    fn old_level(&self, sent: &Sent, (a, b): (usize, usize), i: usize) -> bool {
        let mut to = i;
        while to > a && matches!(sent.w(to - 1), "around" | "about" | "some" | "nearly" | "almost" | "just") {
            to -= 1;
        }
        if to >= a + 2
            && sent.w(to - 1) == "to"
            && matches!(
                sent.w(to - 2),
                "fell"
                    | "dropped"
                    | "declined"
                    | "slumped"
                    | "plunged"
                    | "shrank"
                    | "tumbled"
                    | "slipped"
                    | "sank"
            )
        {
            return true;
        }
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
        // "the remaining 70 mln marks is a commodity credit": a cue noun as the predicate.
        if matches!(sent.w(first), "is" | "are" | "was" | "were") && is_in(DETERMINERS, sent.w(first + 1)) {
            let mut j = first + 2;
            while j < b && j < first + 5 && sent.units[j].k == U::Word && !sent.units[j].cap {
                if let Some(h) = self.cue_word(sent, j, Pos::Noun) {
                    out.cue = Some(h);
                    return out;
                }
                if is_in(FUNCTION, sent.w(j)) || self.t.block(sent.w(j)) != 0 {
                    break;
                }
                j += 1;
            }
        }
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
                    // "PKR 500,000 in compensation for each family that lost a member": relief
                    // to disaster victims, not a settlement.
                    let relief = w == "compensation"
                        && (k + 1..b).any(|j| {
                            matches!(
                                sent.w(j),
                                "family" | "families" | "victims" | "kin" | "killed" | "deceased" | "injured"
                            )
                        });
                    if t.block(w) & block::AMOUNT != 0
                        && !matches!(w, "raise" | "raised" | "raising")
                        && !relief
                    {
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
            && !matches!(
                u.low.as_str(),
                "of" | "in" | "worth" | "available" | "aside" | "along" | "alongside" | "plus" | "apiece" | "outright"
            )
            // "$5 million annually"
            && !is_adverb(&u.low)
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
        // "About £20m of the total will be channelled ...": a part of a sum named before.
        if sent.w(k) == "of"
            && matches!(sent.w(k + 1), "the" | "this" | "that" | "its")
            && sent.units.get(k + 2).is_some_and(|u| u.k == U::Word && !u.cap)
        {
            k += 3;
        }
        // "A further $60 million in FMF will go to Moldova": past what the amount is in.
        if sent.w(k) == "in" {
            let mut j = k + 1;
            while j < b
                && j < k + 5
                && matches!(sent.units[j].k, U::Word | U::Party(_))
                && !is_in(AUX, sent.w(j))
                && !hits.iter().any(|h| h.i == j && h.verb())
            {
                j += 1;
            }
            if j > k + 1 && j < b && is_in(AUX, sent.w(j)) {
                k = j;
            }
        }
        let mut steps = 0;
        let mut saw_to = false;
        while k < b && steps < 5 {
            if let Some(h) = hits.iter().find(|h| h.i == k && h.verb()) {
                let participle = is_participle(&sent.units[k].low) || h.passive;
                // "$4 million went to WFP": the amount is the subject of "go" right after it.
                let subject_of =
                    (steps > 0 || h.cue.lemma == "go") && !saw_to && h.cue.dir == Direction::Give;
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
            ) && !is_adverb(&sent.units[k].low)
            {
                break;
            }
            k += 1;
            steps += 1;
        }
        self.list_passive(sent, b, i, hits)
            .or_else(|| hits.iter().filter(|h| h.verb() && h.i < i).max_by_key(|h| h.i).copied())
    }

    /// A passive verb after a list of amounts and goods governs each of them: "2,500 tonnes of
    /// rice, Tk 1.5 crore in cash and 10,000 packets of dry food had been allocated".
    pub(super) fn list_passive(&self, sent: &Sent, b: usize, i: usize, hits: &[Hit]) -> Option<Hit> {
        let mut listed = false;
        for k in i + 1..b.min(i + 20) {
            if let Some(h) = hits.iter().find(|h| h.i == k && h.verb()) {
                return (listed && h.passive).then_some(*h);
            }
            let u = &sent.units[k];
            match u.k {
                U::Money(_) | U::Equiv(_) | U::Qty(_) => {}
                U::Punct if matches!(u.low.as_str(), "," | "(" | ")") => listed |= u.low == ",",
                U::Word if u.low == "and" => listed = true,
                U::Word
                    if !u.cap && !is_in(AUX, &u.low)
                        || matches!(
                            u.low.as_str(),
                            "had" | "have" | "has" | "been" | "be" | "was" | "were" | "will" | "is" | "are"
                        ) => {}
                _ => return None,
            }
        }
        None
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
            // The hedge takes the amount as its object: "an appeal that sought $880 million",
            // "lending could reach 3.5 billion dlrs".
            if i - k <= 3
                && (k + 1..i).all(|j| {
                    sent.units[j].k == U::Word && !t.forms.contains_key(sent.w(j)) && !sent.units[j].cap
                })
            {
                return true;
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

    /// The clause opens with an indefinite subject ("A conference in Brussels raised pledges
    /// ..."): someone new, so the last giver does not carry over (unlike "A further 15m euros").
    fn new_subject(&self, sent: &Sent, a: usize) -> bool {
        matches!(sent.w(a), "a" | "an")
            && sent.units.get(a + 1).is_some_and(|u| {
                u.k == U::Word
                    && !matches!(
                        u.low.as_str(),
                        "further"
                            | "additional"
                            | "extra"
                            | "second"
                            | "third"
                            | "fresh"
                            | "total"
                            | "separate"
                            | "new"
                            | "similar"
                            | "remaining"
                            | "final"
                            | "first"
                    )
            })
    }

    /// The giver of the amount at `i` is someone the text does not name as a party, so the last
    /// giver does not carry over: a plain noun phrase as the subject of the verb ("Local
    /// businesses have given ...", "... say the public has donated ..."), or an amount promised
    /// by nobody named ("Of the $500 million promised to Haiti in 2010, ...").
    fn unnamed_giver(&self, sent: &Sent, a: usize, i: usize, verb: Option<Hit>) -> bool {
        let Some(v) = verb else { return false };
        if v.i > i {
            return i > a
                && sent.w(i - 1) == "the"
                && (i + 1..v.i).all(|k| is_adverb(sent.w(k)))
                && is_participle(sent.w(v.i))
                && !matches!(sent.w(v.i + 1), "by" | "from");
        }
        if v.passive || v.cue.dir != Direction::Give {
            return false;
        }
        let mut end = v.i;
        while end > a && (is_in(AUX, sent.w(end - 1)) || is_adverb(sent.w(end - 1))) {
            end -= 1;
        }
        let mut j = end;
        while j > a {
            let u = &sent.units[j - 1];
            let w = u.low.as_str();
            if u.k != U::Word
                || sent.party(j - 1).is_some()
                || u.cap && j - 1 > a
                || is_in(AUX, w)
                || is_in(OBLIQUE, w)
                || matches!(w, "say" | "says" | "said" | "that" | "while" | "but" | "whereas" | "and")
            {
                break;
            }
            j -= 1;
        }
        if j == end || end - j > 4 {
            return false;
        }
        if j > a && !matches!(sent.w(j - 1), "say" | "says" | "said" | "that" | "while" | "but" | "whereas") {
            return false;
        }
        const PUBLIC: &[&str] = &[
            "public", "people", "residents", "citizens", "individuals", "businesses", "firms", "companies",
            "diaspora", "philanthropists", "well-wishers", "volunteers", "employees", "fans", "readers",
        ];
        let head = sent.w(end - 1);
        let first = sent.w(j);
        if is_in(PUBLIC, head) && (end - j == 1 || !is_in(DETERMINERS, first) || first == "the") {
            return true;
        }
        if is_in(DETERMINERS, first)
            || is_in(FUNCTION, first)
            || matches!(first, "it" | "they" | "he" | "she" | "we" | "i" | "you" | "officials")
        {
            return false;
        }
        head.ends_with('s')
            && !head.ends_with("ss")
            && (j..end).all(|k| self.cue_word(sent, k, Pos::Noun).is_none())
            && (j..end).all(|k| self.t.role(sent.w(k)) & (role::BODY | role::OFFICE | role::COLLECTIVE) == 0)
    }

    /// The goods-only pledge whose goods the words before `i` name again ("The Canadian wheat,
    /// worth ..." after "Canada has offered 40,000 tonnes of wheat").
    fn valued_pledge<'o>(
        &self,
        sent: &Sent,
        a: usize,
        i: usize,
        out: &'o mut [Draft],
    ) -> Option<&'o mut Draft> {
        let words: Vec<&str> = (a..i).map(|k| sent.w(k)).filter(|w| !w.is_empty()).collect();
        // "Japan provided relief goods worth ¥30 million" after Turkey's relief goods: another
        // giver named before the amount has goods of its own.
        let named: Vec<Who> =
            (a..i).filter(|&k| sent.party(k).is_some()).map(|k| self.who_at_unit(sent, k)).collect();
        out.iter_mut().rev().find(|d| {
            d.money.is_none()
                && (named.is_empty()
                    || d.donor
                        .as_ref()
                        .is_some_and(|g| named.iter().any(|n| names_include(g, n) || names_include(n, g))))
                && d.items.first().and_then(|&q| self.figs.get(q)).is_some_and(|f| {
                    let unit = f.unit_str().to_lowercase();
                    let last = unit.split_whitespace().last().unwrap_or("").to_string();
                    !last.is_empty() && words.contains(&last.as_str())
                })
        })
    }

    /// The amount at `i` follows "and" or a comma after another amount of its clause stated for
    /// a purpose or recipient of its own, and states its own ("... and 24 mln for fertiliser").
    fn parallel_part(&self, sent: &Sent, a: usize, i: usize) -> bool {
        if i == 0 || !matches!(sent.w(i - 1), "and" | ",") || !matches!(sent.w(i + 1), "for" | "to") {
            return false;
        }
        (a..i - 1)
            .rev()
            .take(10)
            .any(|k| matches!(sent.units[k].k, U::Money(_)) && matches!(sent.w(k + 1), "for" | "to"))
    }

    /// "The loan is equivalent to about 405 mln dlrs": the amount restates one given before.
    fn restates_earlier(&self, sent: &Sent, a: usize, i: usize) -> bool {
        if i >= a + 2
            && matches!(
                (sent.w(i - 2), sent.w(i - 1)),
                ("equivalent", "to" | "of") | ("equal" | "equating" | "amounting", "to")
            )
        {
            return true;
        }
        // "The gift, worth around $133million, ...": the commitment just stated, valued again.
        let mut w = i.saturating_sub(1);
        if matches!(sent.w(w), "around" | "about" | "some" | "roughly" | "nearly" | "approximately") {
            w = w.saturating_sub(1);
        }
        sent.w(w) == "worth"
            && w >= a + 3
            && sent.w(w - 1) == ","
            && self.cue_word(sent, w - 2, Pos::Noun).is_some()
            && matches!(sent.w(w - 3), "the" | "this" | "that")
    }

    /// "the 70 billion yen that Bangkok had requested", "the $2bn its backers had hoped to
    /// raise": a definite amount whose relative clause says it was asked for, needed or hoped for.
    fn wanted_amount(&self, sent: &Sent, b: usize, i: usize) -> bool {
        if sent.w(i.wrapping_sub(1)) != "the" {
            return false;
        }
        let mut k = i + 1;
        while k < b && (matches!(sent.units[k].k, U::Equiv(_)) || matches!(sent.w(k), "(" | ")")) {
            k += 1;
        }
        if matches!(sent.w(k), "that" | "which") {
            k += 1;
        }
        for j in k..b.min(k + 7) {
            let u = &sent.units[j];
            match u.k {
                U::Word => {
                    let w = u.low.as_str();
                    if matches!(w, "could" | "might" | "should" | "must" | "may") {
                        continue;
                    }
                    if self.t.block(w) & (block::HEDGE | block::NEED) != 0 {
                        return true;
                    }
                    if self.t.forms.contains_key(w) {
                        return false;
                    }
                }
                U::Party(_) => {}
                _ => return false,
            }
        }
        false
    }

    /// Where the goods an amount buys end: the next amount or the next cue verb.
    /// A purpose ("$120 million to WFP to provide 210,000 tonnes of food") does not end them:
    /// what the money provides is what it buys.
    fn item_stop(&self, sent: &Sent, b: usize, i: usize, verb: Option<Hit>, hits: &[Hit]) -> usize {
        let purpose =
            |k: usize| sent.w(k - 1) == "to" && (i + 1..k).all(|j| !matches!(sent.w(j), "and" | "or"));
        (i + 1..b)
            .find(|&k| {
                matches!(sent.units[k].k, U::Money(_))
                    || hits
                        .iter()
                        .any(|h| h.i == k && h.verb() && verb.is_none_or(|v| v.i != k) && !purpose(k))
            })
            .unwrap_or(b)
    }

    /// Goods the money buys: counted goods after the amount, up to `b`, and counted works after
    /// a verb of building or buying ("to rebuild 1,200 homes").
    fn items(&self, sent: &Sent, b: usize, i: usize) -> Vec<usize> {
        (i + 1..b)
            .filter_map(|k| match sent.units[k].k {
                U::Qty(q) => Some((k, q)),
                _ => None,
            })
            .filter(|&(k, q)| {
                is_in(BUILD_VERBS, sent.w(k - 1))
                    || self.figs.get(q).is_some_and(|f| self.is_goods(f.unit_str()))
            })
            .map(|(_, q)| q)
            .collect()
    }

    /// The instrument phrase nearest the amount (longest first at equal distance).
    fn instrument(&self, sent: &Sent, (a, b): (usize, usize), i: usize) -> String {
        let mut best: Option<(usize, usize, &str)> = None; // (distance, -len, label)
        for k in a..b {
            // Only the phrases that start with this word.
            let Some(starting) = self.t.instrument_firsts.get(sent.w(k)) else { continue };
            for (words, label) in starting.iter().filter_map(|&n| self.t.instruments.get(n)) {
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

    /// A giver from outside gives to the country, not to a town, district or group inside it:
    /// once the document names the country its commitments go to (as a recipient, or as the
    /// government, named as such, that spends its own currency on "flood victims in Sylhet"), a
    /// foreign
    /// government's or an international body's money for a place or group the lexicon does not
    /// know goes to that country. A government's own spending keeps the place as written.
    fn country_of_places(&self, out: &mut [Draft]) {
        let mut country: Option<Who> = None;
        // Before a country is named as receiving, the first country that receives at all (the
        // place the document is about, settled for an earlier row).
        let first = out
            .iter()
            .filter(|d| !d.headline)
            .find_map(|d| d.recipient.clone().filter(|r| r.kind == Kind::Country));
        for d in out.iter_mut() {
            let Some(r) = d.recipient.clone() else { continue };
            if r.kind == Kind::Country {
                if !d.headline && d.named_recipient {
                    country = Some(r);
                }
                continue;
            }
            // A giver from outside: a state, an organisation, or givers named as a group
            // ("Foreign governments"), not a person or a company.
            let collective = |g: &Who| {
                g.kind == Kind::Text
                    && g.name
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| self.t.role(&w.to_lowercase()) & role::COLLECTIVE != 0)
            };
            let Some(giver) =
                d.donor.clone().filter(|g| matches!(g.kind, Kind::Country | Kind::Org) || collective(g))
            else {
                continue;
            };
            if r.kind != Kind::Text {
                continue;
            }
            let own_money =
                d.money.and_then(|m| self.figs.get(m)).and_then(|f| f.currency()).and_then(currency_country);
            // The state's own government helping its people, in its own currency or as the
            // country the story is about ("The Somali government pledged $2 million").
            let own_country = own_money.is_some_and(|c| c.name == giver.name)
                || self.parties.home(&[]).is_some_and(|h| h == giver.name);
            if giver.kind == Kind::Country && own_country && self.state_speaks(d) && country.is_none() {
                country = Some(giver);
                continue;
            }
            // Groups of countries ("eight countries") are no place inside one.
            let several = r
                .name
                .split_whitespace()
                .any(|w| matches!(w, "countries" | "nations" | "economies" | "states"));
            if d.direct_recipient || several || Parties::names_any(&r.name) {
                continue;
            }
            if let Some(c) = country.as_ref().or(first.as_ref()).filter(|c| c.name != giver.name) {
                d.recipient = Some(c.clone());
            }
        }
    }

    /// The commitment is stated by a state body or office ("the Indonesian government
    /// allocated", "The Centre released", "Prime Minister ... announced"): the sentence names one
    /// before the amount.
    fn state_speaks(&self, d: &Draft) -> bool {
        let before = self.text.get(d.sentence.0..d.span.0.max(d.sentence.0)).unwrap_or("");
        before.split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| {
            let w = w.to_lowercase();
            self.t.role(&w) & role::BODY != 0
                || self.t.role(&w) & role::TITLE != 0 && self.t.role(&w) & role::OFFICE != 0
        })
    }

    /// Channels are not recipients: money left with a relief agency or charity ("$3 million
    /// went to WFP for food assistance") goes to the place the document is about, when it names
    /// one that gives nothing abroad itself.
    fn channels_to_place(&self, out: &mut [Draft]) {
        // A national Red Cross or Red Crescent society ("the Lebanese Red Cross") passes money
        // on in its own country.
        for d in out.iter_mut() {
            let Some(country) = d.recipient.as_ref().and_then(|r| national_society(&r.name)) else {
                continue;
            };
            if d.donor.as_ref().is_none_or(|g| !names_include(g, &country)) {
                d.recipient = Some(country);
            }
        }
        let relief = |w: &Who| w.kind == Kind::Org && self.t.role(&w.name.to_lowercase()) & role::RELIEF != 0;
        if !out.iter().any(|d| d.recipient.as_ref().is_some_and(relief)) {
            return;
        }
        let counts = self.parties.place_counts(self.text);
        let Some(place) = main_place(self, &counts, out) else { return };
        for d in out.iter_mut() {
            if d.recipient.as_ref().is_some_and(relief)
                && d.donor.as_ref().is_none_or(|g| !names_include(g, &place))
            {
                d.recipient = Some(place.clone());
            }
        }
    }

    /// Rows whose recipient is still open take the place the document is about: the place named
    /// most often (recipient-like uses count double) that gives nothing itself.
    fn settle_pending(&self, out: &mut Vec<Draft>) {
        if !out.iter().any(|d| d.pending) {
            return;
        }
        let counts = self.parties.place_counts(self.text);
        let best = main_place(self, &counts, out);
        // Every place named also gives (a domestic relief story: the state helps its own people).
        // The document's own country receives, unless it is the giver; then its most named
        // region does ("the Centre" gives to the state). A state's own budget stays out.
        let home = self.parties.home(&[]).map(|h| Who::new(h, Kind::Country));
        let region = counts
            .iter()
            .filter(|(w, _)| w.kind == Kind::Region)
            .enumerate()
            .max_by(|(ia, (_, ca)), (ib, (_, cb))| ca.cmp(cb).then(ib.cmp(ia)))
            .map(|(_, (w, _))| w.clone());
        for d in out.iter_mut().filter(|d| d.pending) {
            let own = |w: &Who| d.donor.as_ref().is_some_and(|x| names_include(x, w));
            // A state's own budget is no commitment to anyone; its relief money with no place
            // named stays with the state itself.
            let budget = self.text.get(d.sentence.0..d.sentence.1).is_some_and(|t| t.contains("budget"));
            d.recipient = best
                .clone()
                .or_else(|| home.clone().filter(|h| !own(h)))
                .or_else(|| region.clone().filter(|r| !own(r)))
                .or_else(|| home.clone().filter(|_| !budget));
            d.pending = d.recipient.is_none();
        }
        out.retain(|d| !d.pending);
    }
}

/// A foreign state or an international body giving to states or provinces of one country
/// gives to that country ("the EU … for Borno, Adamawa and Yobe" → Nigeria); a state's own
/// government, a person or a company keeps the state it names.
fn regions_abroad(out: &mut [Draft]) {
    for d in out.iter_mut() {
        let (Some(giver), Some(r)) = (&d.donor, &d.recipient) else { continue };
        if !matches!(giver.kind, Kind::Country | Kind::Org) {
            continue;
        }
        if let Some(c) = Parties::country_of_regions(r).filter(|c| c.name != giver.name) {
            d.recipient = Some(c);
        }
    }
}

/// The place a document is about: the one named most often (recipient-like uses count
/// double, ties to the first named) that gives nothing to another country itself. A state
/// that only spends at home ("allocated MZN 300 million to the three affected provinces")
/// still counts.
fn main_place(doc: &Doc<'_>, counts: &[(Who, usize)], out: &[Draft]) -> Option<Who> {
    // "The Government of Mozambique has allocated MZN 300 million ... to the three affected
    // provinces": its own government, in its own currency, for places inside it.
    let at_home = |w: &Who, d: &Draft| {
        d.recipient.as_ref().is_some_and(|r| r.kind == Kind::Text)
            && d.money
                .and_then(|m| doc.figs.get(m))
                .and_then(|f| f.currency())
                .and_then(currency_country)
                .is_some_and(|c| c.name == w.name)
            && doc.state_speaks(d)
    };
    let gives_abroad =
        |w: &Who| out.iter().any(|d| d.donor.as_ref().is_some_and(|x| names_include(x, w)) && !at_home(w, d));
    counts
        .iter()
        .filter(|(w, _)| !gives_abroad(w))
        .enumerate()
        .max_by(|(ia, (_, ca)), (ib, (_, cb))| ca.cmp(cb).then(ib.cmp(ia)))
        .map(|(_, (w, _))| w.clone())
}

/// The country of a national Red Cross or Red Crescent society named by its country
/// ("Kenya Red Cross", "Philippine Red Cross Society").
fn national_society(name: &str) -> Option<Who> {
    let name = name.strip_suffix(" Society").unwrap_or(name);
    let country = name.strip_suffix(" Red Cross").or_else(|| name.strip_suffix(" Red Crescent"))?;
    let found = Parties::find_in(country, None);
    let m = found.mentions.first().filter(|m| m.who.kind == Kind::Country && m.start == 0)?;
    (m.end == country.len()).then(|| m.who.clone())
}

struct After {
    cue: Option<Hit>,
    blocked: bool,
}

fn push(out: &mut Vec<Draft>, mut d: Draft, headline: bool, st: &mut State) {
    d.headline = headline;
    if let Some(w) = &d.donor {
        st.last_donor = Some(w.clone());
        st.donor_para = st.para;
        st.given.add(w);
    }
    // A list of several places ("Nigeria, Niger, Chad and Cameroon") does not replace the one
    // name the story gives them.
    let list = d.recipient.as_ref().is_some_and(|w| w.kind == Kind::Text && w.name.contains(", "));
    if let Some(w) = &d.recipient
        && !d.own_state
        && !d.pending
        && !(list && st.last_recipient.as_ref().is_some_and(Who::placeish))
        && (w.is_place()
            || st.last_recipient.as_ref().is_none_or(|l| !l.placeish())
            || w.placeish() && st.last_recipient.as_ref().is_some_and(|l| !l.is_place() || refines(w, l)))
    {
        st.last_recipient = Some(w.clone());
        st.recipient_para = st.para;
    }
    if let Some(w) =
        d.recipient.as_ref().filter(|w| w.kind == Kind::Country && d.named_recipient && !headline)
    {
        st.received.add(w);
    }
    out.push(d);
}

/// A recipient phrase that names a body of its own ("G5 Sahel Joint Force": every word a name)
/// or narrows a place ("Pacific island countries" after "Pacific") replaces that place as the
/// one later commitments go to.
pub(super) fn refines(new: &Who, place: &Who) -> bool {
    let proper = new
        .name
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()));
    let first = place.name.split_whitespace().next().unwrap_or("").to_lowercase();
    proper || !first.is_empty() && new.name.to_lowercase().contains(&first)
}

/// The country whose own currency `cur` is, when only one country uses it and it is not the
/// dollar that international reports count in ("Tk" → Bangladesh, "Rs" → India).
pub(super) fn currency_country(cur: crate::figure::Currency) -> Option<Who> {
    let row = crate::lexicon::Lexicon::get().currency(cur)?;
    let w = Parties::country_named(row.countries.first()?)?;
    (w.name != "United States").then_some(w)
}

/// The country of the national currency most of the document's money is counted in.
fn currency_home(figs: &[Figure]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for w in figs.iter().filter_map(|f| f.currency()).filter_map(currency_country) {
        match counts.iter_mut().find(|(n, _)| *n == w.name) {
            Some(e) => e.1 += 1,
            None => counts.push((w.name, 1)),
        }
    }
    // Only a clear majority among national currencies says where the story is.
    counts.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
    match counts.as_slice() {
        [(n, _)] => Some(n.clone()),
        [(n, a), (_, b), ..] if a > b => Some(n.clone()),
        _ => None,
    }
}

/// Records `fi` as a restatement of the last commitment with an amount in another currency.
/// Sentence `si` restates the last amount of the ledger ("..., equivalent to £4m"): only an
/// amount of this sentence or the one before, not a pledge paragraphs back.
fn attach_equivalent(doc: &Doc<'_>, out: &mut [Draft], fi: usize, si: usize, back: usize) {
    let Some(cur) = doc.figs.get(fi).and_then(|f| f.currency()) else { return };
    let from = si.checked_sub(back).and_then(|p| doc.sents.get(p)).or(doc.sents.get(si)).map_or(0, |s| s.s);
    let last = out.iter_mut().rev().find(|d| d.money.is_some()).filter(|d| d.sentence.0 >= from);
    if let Some(d) = last
        && d.money.and_then(|m| doc.figs.get(m)).is_some_and(|f| f.currency() != Some(cur))
        && !d.equivalents.contains(&fi)
    {
        d.equivalents.push(fi);
    }
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
                let listed = |d: &Draft| d.recipient.as_ref().is_some_and(|w| w.name.contains(", "));
                let one_name = |d: &Draft| {
                    d.recipient.as_ref().is_some_and(|w| w.placeish() && !w.name.contains(" and "))
                };
                let renamed = listed(&keep) && one_name(&other);
                if keep.donor.is_none() {
                    keep.donor = other.donor;
                }
                if keep.recipient.is_none() || (!keep.named_recipient && other.named_recipient) || renamed {
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

/// Sentences longer than this (bytes), or with more figures than [`MAX_SENTENCE_FIGURES`], are
/// linked in pieces: no news sentence is that long, and the linker looks at every pair of words
/// and amounts in a sentence, so a run-on "sentence" (a table flattened into one line, a 100 MB
/// line) would otherwise take quadratic time.
const MAX_SENTENCE: usize = 4096;

/// See [`MAX_SENTENCE`].
const MAX_SENTENCE_FIGURES: usize = 48;

/// Sentence `s..e` cut into pieces of at most about [`MAX_SENTENCE`] bytes and
/// [`MAX_SENTENCE_FIGURES`] figures, each ending after a comma or semicolon where there is one
/// (else a space), never inside a figure.
fn bounded(text: &str, figs: &[Figure], s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = s;
    loop {
        let first = figs.partition_point(|f| f.start < from);
        let crowded = figs.get(first + MAX_SENTENCE_FIGURES).filter(|f| f.start < e);
        if e - from <= MAX_SENTENCE && crowded.is_none() {
            break;
        }
        // Look for a cut in the second half of the allowed length (or before the figure one
        // too many), on character boundaries (`e` is one).
        let limit = crowded.map_or(from + MAX_SENTENCE, |f| f.start.min(from + MAX_SENTENCE));
        let (mut lo, mut hi) = (from + (limit - from) / 2, limit);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let w = text.get(lo..hi).unwrap_or("");
        let rel =
            w.rfind(", ").or_else(|| w.rfind("; ")).map(|i| i + 2).or_else(|| w.rfind(' ').map(|i| i + 1));
        let mut cut = rel.map_or(hi, |i| lo + i);
        // Never inside a figure: cut before it.
        let at = figs.partition_point(|f| f.start < cut);
        if at > 0 && figs[at - 1].end > cut && figs[at - 1].start > from {
            cut = figs[at - 1].start;
        }
        if cut <= from || cut >= e {
            break;
        }
        out.push((from, cut));
        from = cut;
    }
    out.push((from, e));
    out
}
