//! Who gives and who receives: the subject of a cue verb, "from X" and "by X", a party on the
//! amount or its cue noun; the indirect object, "to X" / "for X", "in X", a receiving subject,
//! a group the money serves, or another place named in the clause. Noun phrases are read as
//! recipients here too: a faction or company keeps its own name ("Syrian rebels"), people and
//! bodies take the country named with them, and a programme or fund gives way to the place it
//! serves.

use super::link::{Doc, Hit, Np, Recipient, Subject, is_participle, join};
use super::parties::{Kind, Mention, Who};
use super::text::{Sent, U, Unit};
use super::words::{
    AUX, BUILD_VERBS, COMPANY_WORDS, DETERMINERS, Direction, FUNCTION, NOT_NAMES, OBLIQUE, ORG_HEADS, Pos,
    TIME_WORDS, WEEKDAYS, block, is_adverb, is_in, role,
};

impl Doc<'_> {
    /// Who gives, and whether the clause names them.
    pub(super) fn donor(
        &self,
        sent: &Sent,
        (a, b): (usize, usize),
        i: usize,
        verb: Option<Hit>,
        noun: Option<Hit>,
        hits: &[Hit],
    ) -> (Option<Subject>, bool) {
        let receive = verb.is_some_and(|v| v.cue.dir == Direction::Receive);
        // "from Britain", "from 41 countries and European Union institutions".
        let from_hi = if receive { b } else { b.min(i + 9) };
        let mut ks: Vec<usize> = (i + 1..from_hi).collect();
        if receive && let Some(v) = verb.filter(|v| v.i < i) {
            ks.extend(v.i + 1..i);
        }
        for k in ks {
            // "allocated €50 million from its African Peace Facility": the giver's own fund.
            if sent.w(k) != "from" || matches!(sent.w(k + 1), "its" | "their" | "his" | "her" | "our") {
                continue;
            }
            // "refugees from Yemen": where people come from, not who gives.
            if self.t.role(sent.w(k.wrapping_sub(1))) & (role::BENEFICIARY | role::GROUP) != 0 {
                continue;
            }
            let whos = self.parties_in_phrase(sent, k + 1, b);
            if !whos.is_empty() {
                return (Some(Subject::Who(join(&whos))), true);
            }
            // "commitments from 14 companies and organizations": givers named as a group.
            if let Some(w) = self.collective_after(sent, k + 1, b) {
                return (Some(Subject::Who(w)), true);
            }
            // "Rs 6,000 from the state": the state or province named before.
            if sent.w(k + 1) == "the"
                && sent.w(k + 2) == "state"
                && !sent.units.get(k + 2).is_some_and(|u| u.cap)
                && let Some(w) = self.anaphor(sent, k + 1, None)
            {
                return (Some(Subject::Who(w)), true);
            }
            // "Tk 5,000 from the government": the state whose money it is.
            if sent.w(k + 1) == "the"
                && self.t.role(sent.w(k + 2)) & role::BODY != 0
                && let Some(h) = self.state_home()
            {
                return (Some(Subject::Who(h)), true);
            }
        }
        if receive {
            return (None, false);
        }
        // "given by the government", "promised by Britain".
        for k in i + 1..b.min(i + 8) {
            // "… was released to Gujarat by the Centre": the passive verb may stand between the
            // amount and "by", with the recipient before the agent.
            let passive_before = verb.is_some_and(|v| v.passive && (v.i < i || v.i < k));
            // "implemented by the Norwegian Refugee Council": who carries the money out, not who
            // gives it.
            let carried = matches!(
                sent.w(k.wrapping_sub(1)),
                "implemented"
                    | "managed"
                    | "administered"
                    | "channelled"
                    | "channeled"
                    | "run"
                    | "operated"
                    | "distributed"
                    | "coordinated"
                    | "handled"
                    | "overseen"
                    | "executed"
                    // "followed by Germany with €5 million": who comes next, giving its own.
                    | "followed"
                    | "preceded"
                    | "trailed"
            );
            if sent.w(k) == "by" && k > 0 && !carried && (is_participle(sent.w(k - 1)) || passive_before) {
                if let Some(m) = sent.party(k + 1).or_else(|| sent.party(k + 2)) {
                    return (Some(Subject::Who(self.mention_who(m))), true);
                }
                let head = (k + 1..b.min(k + 4)).find(|&j| self.t.role(sent.w(j)) & role::BODY != 0);
                if head.is_some()
                    && let Some(h) = self.state_home()
                {
                    return (Some(Subject::Who(h)), true);
                }
            }
        }
        // "followed by Germany with €5 million", "the largest donor was Japan, with $40 million":
        // a party that has the amount gives it, unless a verb makes it the object ("provide
        // Ukraine with $5bn").
        if i >= a + 2
            && sent.w(i - 1) == "with"
            && let Some(m) =
                sent.party(i - 2).or_else(|| (sent.w(i - 2) == ",").then(|| sent.party(i - 3)).flatten())
        {
            let end = if sent.w(i - 2) == "," { i - 3 } else { i - 2 };
            let (first, list) = self.party_list_ending(sent, a, end);
            let wb = self.word_before(sent, a, first);
            let object = self.t.forms.contains_key(wb) || is_participle(wb) && wb != "followed";
            if !object {
                let who = if list.len() > 1 { join(&list) } else { self.mention_who(m) };
                return (Some(Subject::Who(who)), true);
            }
        }
        // A party right before the amount: "U.S. $6 billion", "Pentagon's $500 million",
        // "Japan ($1.08 billion)", "Germany some £80 million".
        let mut p = i.checked_sub(1);
        let mut bracketed = false;
        if let Some(q) = p
            && sent.w(q) == "("
        {
            p = q.checked_sub(1);
            bracketed = true;
        }
        if let Some(q) = p
            && self.t.role(sent.w(q).trim_end_matches("'s").trim_end_matches("’s")) & role::BODY != 0
        {
            p = q.checked_sub(1);
        }
        if let Some(q) = p
            && q >= a
            && let Some(m) = sent.party(q)
        {
            // "Bhutan will be given 30 mln dlrs and the Maldives 20 mln dlrs": a party before
            // the amount of a passive giving verb is the next recipient.
            let indirect_object = verb.is_some_and(|v| v.i + v.len == q || v.passive && v.i < q);
            let oblique = q > a && is_in(OBLIQUE, self.word_before(sent, a, q)) && !bracketed;
            // "divided between Somalia (€70 million), Ethiopia (€48 million) and ...": shares.
            let shared = bracketed && (a..q).any(|k| matches!(sent.w(k), "between" | "among" | "amongst"));
            if !indirect_object && !oblique && !shared {
                // "..., and Qatar and the United Arab Emirates $25 million each": all of them.
                let (_, list) = self.party_list_ending(sent, a, q);
                if list.len() > 1 && sent.w(i + 1) == "each" {
                    return (Some(Subject::Who(join(&list))), true);
                }
                return (Some(Subject::Who(self.mention_who(m))), true);
            }
        }
        // "a pledge by Norway of NOK 2 billion".
        if let Some(n) = noun.filter(|n| n.i < i)
            && sent.w(n.i + n.len) == "by"
            && let Some(m) = sent.party(n.i + n.len + 1).or_else(|| sent.party(n.i + n.len + 2))
        {
            return (Some(Subject::Who(self.mention_who(m))), true);
        }
        // A party modifying the cue noun: "West German aid", "EU national contributions"; the noun
        // before the amount first ("US pledge for $510 million in Pakistan aid").
        let before_noun = hits.iter().filter(|h| !h.verb() && h.i < i).max_by_key(|h| h.i).copied();
        for n in [before_noun, noun].into_iter().flatten().filter(|_| verb.is_none()) {
            let mut q = n.i;
            for _ in 0..3 {
                let Some(prev) = q.checked_sub(1) else { break };
                if prev < a {
                    break;
                }
                if let Some(m) = sent.party(prev) {
                    let object = verb.is_some_and(|v| v.i + v.len == prev);
                    // "the World Food Programme's food assistance": the agency that delivers.
                    let delivers = self.parties.mentions.get(m).is_some_and(|x| {
                        x.who.kind == Kind::Org
                            && self.t.role(&x.who.name.to_lowercase()) & role::RELIEF != 0
                            && self
                                .text
                                .get(x.end..)
                                .is_some_and(|t| t.starts_with("'s") || t.starts_with("’s"))
                    });
                    if delivers {
                        break;
                    }
                    if !object {
                        return (Some(Subject::Who(self.mention_who(m))), true);
                    }
                    break;
                }
                let u = &sent.units[prev];
                // "Japanese ODA loan": an acronym between the party and the noun.
                let acronym = self.text.get(u.s..u.e).is_some_and(|t| {
                    t.len() >= 2 && t.len() <= 5 && t.bytes().all(|c| c.is_ascii_uppercase())
                });
                if u.k != U::Word
                    || u.cap && !acronym
                    || is_in(FUNCTION, &u.low)
                    || is_in(DETERMINERS, &u.low)
                {
                    break;
                }
                q = prev;
            }
        }
        if verb.is_some_and(|v| v.passive && v.i < i) {
            return (None, false); // "Two companies were lent $14m": the subject receives
        }
        let anchor = match (verb, noun) {
            (Some(v), _) if v.i < i || v.passive => v.i,
            (Some(v), _) => v.i.min(i),
            (None, Some(n)) => n.i.min(i),
            (None, None) => i,
        };
        if let Some(w) = verb.and_then(|_| self.described_person(sent, a, anchor)) {
            return (Some(Subject::Who(w)), true);
        }
        match self.subject(sent, a, anchor, verb.is_some()) {
            Some(s) => (Some(s), true),
            // "- World Bank – disbursed US$100 million": the item's label gives.
            None => match (self.dash_label(sent), verb) {
                (Some((label, after)), Some(v)) if v.i >= after && v.i < i && !v.passive => {
                    let between = (after..v.i).all(|k| is_in(AUX, sent.w(k)) || is_adverb(sent.w(k)));
                    if between { (Some(Subject::Who(join(&label))), true) } else { (None, false) }
                }
                _ => (None, false),
            },
        }
    }

    /// The subject before position `pos`: the nearest party not after a preposition, a pronoun,
    /// "the government", or a proper name right before the verb.
    pub(super) fn subject(&self, sent: &Sent, a: usize, pos: usize, verbal: bool) -> Option<Subject> {
        let mut k = pos;
        // "Turkey, which runs Mogadishu's largest hospital, pledged": the relative clause
        // between the giver and its verb names nobody who gives.
        if pos > a + 1
            && sent.w(pos - 1) == ","
            && let Some(c) = (a.max(pos.saturating_sub(18))..pos - 1).rev().find(|&c| sent.w(c) == ",")
            && c > a
            && matches!(sent.w(c + 1), "which" | "who")
            && let Some(m) = sent.party(c - 1)
        {
            return Some(Subject::Who(self.mention_who(m)));
        }
        while k > a {
            k -= 1;
            if sent.aside.get(k).copied().unwrap_or(false) {
                continue;
            }
            let u = &sent.units[k];
            // "Somalia's international partners pledged": the group gives, not the country.
            let possessive = |k: usize| self.possessive_at(sent.units[k].e);
            if let U::Party(_) = u.k
                && possessive(k)
                && let Some(h) = (k + 1..pos.min(k + 5))
                    .find(|&h| sent.units[h].k == U::Word && self.t.role(sent.w(h)) & role::COLLECTIVE != 0)
                && (k + 1..h).all(|j| sent.units[j].k == U::Word && !is_in(FUNCTION, sent.w(j)))
                && self.next_is_verb(sent, skip_time(sent, h + 1), pos)
            {
                return Some(Subject::Who(Who::new(self.phrase_text(sent, k, h + 1), Kind::Text)));
            }
            if let U::Party(_) = u.k {
                let (first, list) = self.party_list_ending(sent, a, k);
                let before = self.word_before(sent, a, first);
                // "Japan, restricted by its constitution, limited ...": past an aside.
                let mut after = k + 1;
                while after < pos && (sent.aside.get(after).copied().unwrap_or(false) || sent.w(after) == ",")
                {
                    after += 1;
                }
                let after =
                    if after > k + 1 && after < pos && sent.w(after - 1) == "," { after } else { k + 1 };
                let next_is_verb = self.next_is_verb(sent, after, pos);
                // "the Fund said it had signed a loan": the party that speaks.
                let speaks = matches!(sent.w(after), "said" | "says");
                // "Venezuela has offered Ecuador a credit and sent ...": the object of a verb.
                let mut bi = first;
                while bi > a && is_in(DETERMINERS, sent.w(bi - 1)) {
                    bi -= 1;
                }
                let object = bi > a
                    && (self.t.forms.contains_key(before)
                        && self.cue_word(sent, bi - 1, Pos::Noun).is_none()
                        || before.ends_with("ed") && before.len() > 4);
                // "Donors meeting in Geneva have pledged": the place says where the givers met.
                if is_in(OBLIQUE, before)
                    && next_is_verb
                    && bi > a
                    && let Some(h) = (a.max((bi - 1).saturating_sub(6))..bi - 1).rev().find(|&j| {
                        sent.units[j].k == U::Word && self.t.role(sent.w(j)) & role::COLLECTIVE != 0
                    })
                    && (a..h).all(|j| sent.party(j).is_none())
                {
                    let mut start = h;
                    while start > a
                        && sent.units[start - 1].k == U::Word
                        && !is_in(FUNCTION, sent.w(start - 1))
                        && !is_in(DETERMINERS, sent.w(start - 1))
                    {
                        start -= 1;
                    }
                    // "Governments and aid organisations meeting in Geneva": the whole group,
                    // up to the participle that says where they meet.
                    let end = if bi >= h + 3
                        && sent.w(bi - 2).ends_with("ing")
                        && (h + 1..bi - 2).all(|j| sent.units[j].k == U::Word && !is_in(AUX, sent.w(j)))
                    {
                        bi - 2
                    } else {
                        h + 1
                    };
                    if end == bi - 2
                        && let Some(s) = self.collective_subject(sent, a, end)
                    {
                        return Some(s);
                    }
                    return Some(Subject::Who(Who::new(self.phrase_text(sent, start, end), Kind::Text)));
                }
                // "The British High Commission in Abuja announced": the place says where the
                // named body sits.
                let seat = first >= a + 2
                    && sent.w(first - 1) == "in"
                    && sent.units[first - 2].k == U::Word
                    && sent.units[first - 2].cap;
                if seat {
                    k = first - 1;
                    continue;
                }
                if (is_in(OBLIQUE, before)
                    || object
                    || (!verbal
                        && !self.finite_after(sent, after)
                        && !self.headline_present(sent, after)
                        && !speaks))
                    && !next_is_verb
                {
                    k = first;
                    continue;
                }
                // "WFP and partners have distributed ...": the agency with the group it works with.
                let mut p = k + 2;
                if matches!(sent.w(p), "its" | "their") {
                    p += 1;
                }
                if sent.w(k + 1) == "and" && sent.w(p) == "partners" && self.next_is_verb(sent, p + 1, pos) {
                    return Some(Subject::Who(Who::new(self.phrase_text(sent, first, p + 1), Kind::Text)));
                }
                return Some(Subject::Who(join(&list)));
            }
            if u.k != U::Word {
                continue;
            }
            let w = u.low.as_str();
            if matches!(w, "i" | "we" | "our" | "us" | "my") {
                return Some(Subject::FirstPerson);
            }
            if matches!(w, "which" | "who") {
                // "... came from the United States, which upped its pledge": the party before.
                let mut j = k;
                while j > a && sent.w(j - 1) == "," {
                    j -= 1;
                }
                // "the Japan International Cooperation Agency (JICA), which": past the short
                // name in brackets.
                if j >= a + 3 && sent.w(j - 1) == ")" && sent.w(j - 3) == "(" {
                    j -= 3;
                }
                if let Some(m) = j.checked_sub(1).and_then(|p| sent.party(p)) {
                    return Some(Subject::Who(self.mention_who(m)));
                }
                // "... from the Aurelia Foundation, a U.S. philanthropy backed by a software
                // fortune, which committed ...": the name before the description.
                if j > a
                    && j < k
                    && let Some(c) = (a.max(j.saturating_sub(14))..j)
                        .rev()
                        .find(|&c| sent.w(c) == "," && matches!(sent.w(c + 1), "a" | "an"))
                    && c > a
                {
                    if let Some(m) = sent.party(c - 1) {
                        return Some(Subject::Who(self.mention_who(m)));
                    }
                    if sent.units[c - 1].cap
                        && let Some(named) = self.named_subject(sent, a, c)
                    {
                        return Some(named);
                    }
                }
            }
            if matches!(w, "it" | "he" | "she" | "they") && self.next_is_verb(sent, k + 1, pos) {
                // "A foundation set up by a software founder said Wednesday it will give ...":
                // the organisation the sentence opens with, by the name it has in the story.
                if let Some(name) = self.described_org(sent, a, k) {
                    return Some(Subject::Who(name));
                }
                // "Russia says it will spend", "Japan promised ¥4bn to Tonga and said it would
                // send ...": the last party named before it that is not after a preposition.
                let named = (0..k)
                    .rev()
                    .filter(|&j| sent.party(j).is_some())
                    .find(|&j| !is_in(OBLIQUE, self.word_before(sent, 0, j)))
                    .and_then(|j| sent.party(j));
                if let Some(m) = named {
                    return Some(Subject::Who(self.mention_who(m)));
                }
                // "The mobile operator Celtel said it had given ...": the name right before the
                // reporting verb.
                if k > a + 1
                    && matches!(sent.w(k - 1), "said" | "says" | "told" | "added" | "announced" | "stated")
                    && let Some(s) = self.named_subject(sent, a, k - 1)
                {
                    return Some(s);
                }
                // "Tesco said it would give ...": the name the sentence opens with.
                let run = (0..k).take_while(|&j| sent.units[j].k == U::Word && sent.units[j].cap).count();
                let verb = sent.w(run);
                let says = matches!(verb, "said" | "says" | "told" | "added") || self.finite_after(sent, run);
                return if run > 0 && run < k && says { self.named_subject(sent, 0, run) } else { None };
            }
            // "The group also committed ...": the company the story named before.
            if matches!(w, "group" | "company" | "firm" | "retailer" | "miner" | "insurer" | "conglomerate")
                && k > a
                && sent.w(k - 1) == "the"
                && !sent.units[k].cap
                && self.next_is_verb(sent, skip_time(sent, k + 1), pos)
                && let Some(name) = self.company_before(u.s, None)
            {
                return Some(Subject::Who(name));
            }
            // "the foundation gave", "the bank approved": the organisation named before whose
            // name ends in that word ("the Hale Foundation", "the Asian Development Bank").
            if is_in(ORG_HEADS, w)
                && k > a
                && matches!(sent.w(k - 1), "the" | "its" | "his" | "her" | "their")
                && self.next_is_verb(sent, skip_time(sent, k + 1), pos)
                && let Some(name) = self.named_before(u.s, w)
            {
                return Some(Subject::Who(name));
            }
            // "the government", "the state government", "the Social Services Ministry".
            let mut d = k;
            while d > a
                && k - d < 2
                && sent.units[d - 1].k == U::Word
                && !sent.units[d - 1].cap
                && !is_in(DETERMINERS, sent.w(d - 1))
                && !is_in(FUNCTION, sent.w(d - 1))
            {
                d -= 1;
            }
            if self.t.role(w) & role::BODY != 0
                && k > a
                && (matches!(sent.w(d.wrapping_sub(1)), "the" | "its")
                    || u.cap && sent.units[k - 1].cap
                    // "the Union government", "the Federal government"
                    || d == k
                        && k >= a + 2
                        && sent.w(k - 2) == "the"
                        && sent.units[k - 1].k == U::Word
                        && sent.units[k - 1].cap)
                && self.finite_after(sent, k + 1)
            {
                // "The United States Government is ...": the state named before its body.
                if let Some(m) = sent.party(k - 1)
                    && self.parties.mentions.get(m).is_some_and(|x| x.who.is_place())
                {
                    return Some(Subject::Who(self.mention_who(m)));
                }
                // "The Benue State Government has approved ...": the state it names.
                if k >= a + 2 && sent.w(k - 1) == "state" && sent.units[k - 1].cap {
                    let mut s0 = k - 1;
                    while s0 > a
                        && sent.units[s0 - 1].k == U::Word
                        && sent.units[s0 - 1].cap
                        && !is_in(DETERMINERS, sent.w(s0 - 1))
                    {
                        s0 -= 1;
                    }
                    if s0 < k - 1 {
                        return Some(Subject::Who(Who::new(self.phrase_text(sent, s0, k), Kind::Region)));
                    }
                }
                // "The state government is providing ...", "the provincial government": the
                // state or province the story names before, else the country.
                if k >= a + 2
                    && sent.w(k - 2) == "the"
                    && matches!(sent.w(k - 1), "state" | "provincial")
                    && let Some(r) = self.region_before(sent.units[k - 2].s)
                {
                    return Some(Subject::Who(r));
                }
                // "Russia's Emergencies Ministry delivered ...": the state that owns the body.
                let mut o = k;
                while o > a && k - o < 4 && sent.units[o - 1].k == U::Word && sent.units[o - 1].cap {
                    o -= 1;
                }
                // "the government had ...", "the Social Services Ministry had ..."
                return self.body_owner(sent, (o > a).then(|| o - 1));
            }
            if self.t.role(w) & role::OFFICE != 0 && self.finite_after(sent, k + 1) {
                // "The prime minister also handed over ...", "The Chief Minister on Tuesday
                // announced ...": an office holder of the state (a chief minister heads a state
                // or province, the one named before or else the one the story names most).
                let mut j = k;
                while j > a
                    && self.t.role(sent.w(j - 1)) & role::OFFICE != 0
                    && sent.units[j - 1].cap == u.cap
                {
                    j -= 1;
                }
                if j > a && sent.w(j - 1) == "the" {
                    if (sent.w(j) == "chief" && sent.w(j + 1) == "minister" || sent.w(j) == "cm")
                        && let Some(r) = self.headed_state(sent.units[j].s)
                    {
                        return Some(Subject::Who(r));
                    }
                    return self.state_home().map(Subject::Who);
                }
            }
        }
        if verbal {
            return self.named_subject(sent, a, pos);
        }
        None
    }

    /// The organisation named last before byte `pos` whose name ends in `head` ("foundation" →
    /// "the Hale Foundation"): a known party, else a run of capitalised words in the text,
    /// looked for within 2,000 bytes.
    fn named_before(&self, pos: usize, head: &str) -> Option<Who> {
        let known = self.parties.mentions[..self.parties.mentions.partition_point(|m| m.end <= pos)]
            .iter()
            .rev()
            .find(|m| self.org_with_head(m, head));
        let from = floor_boundary(self.text, pos.saturating_sub(2000));
        let before = self.text.get(from..pos)?;
        let title = title_case(head);
        let at = before
            .rmatch_indices(title.as_str())
            .find(|(i, _)| before[i + title.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()));
        // A written name inside a known party's mention is that party.
        let written = at
            .filter(|(i, _)| known.is_none_or(|m| from + i >= m.end))
            .and_then(|(i, _)| caps_name(before, i, title.len()).map(|(s, name)| (from + s, name)));
        match (known, written) {
            (Some(m), Some((at, _))) if m.start >= at => Some(m.who.clone()),
            (_, Some((_, name))) => Some(Who::new(name, Kind::Text)),
            (Some(m), None) => Some(m.who.clone()),
            (None, None) => None,
        }
    }

    /// The organisation a reporting clause opens with, when it is described rather than named
    /// ("A foundation created by ... said it", "The bank said on Monday that it"): the name it
    /// goes by in the story, named before (only after "the") or else after.
    fn described_org(&self, sent: &Sent, a: usize, it: usize) -> Option<Who> {
        let mut said = it;
        while said > a
            && (is_in(WEEKDAYS, sent.w(said - 1))
                || matches!(
                    sent.w(said - 1),
                    "on" | "that" | "today" | "yesterday" | "late" | "earlier" | ","
                ))
        {
            said -= 1;
        }
        if said <= a || !matches!(sent.w(said - 1), "said" | "says" | "announced" | "told") {
            return None;
        }
        // The clause opens the sentence, or follows a dateline's dash.
        let det = (a..said - 1).find(|&d| matches!(sent.w(d), "a" | "an" | "the"))?;
        if det > a && !matches!(sent.w(det - 1), "—" | "–" | "-" | ":") {
            return None;
        }
        let head = (det + 1..(det + 3).min(said - 1)).find(|&j| is_in(ORG_HEADS, sent.w(j)))?;
        if (det + 1..head).any(|j| sent.units[j].k != U::Word || is_in(FUNCTION, sent.w(j))) {
            return None;
        }
        let w = sent.w(head);
        if sent.w(det) == "the" {
            self.named_before(sent.units[head].s, w).or_else(|| self.named_after(sent.units[head].e, w))
        } else {
            self.named_after(sent.units[head].e, w)
        }
    }

    /// The organisation named first after byte `pos` whose name ends in `head`, within 2,000
    /// bytes: "A foundation created by ... said it will give ..." names itself later, "the
    /// Marlowe Family Foundation said".
    fn named_after(&self, pos: usize, head: &str) -> Option<Who> {
        let to = ceil_boundary(self.text, pos + 2000);
        let known = self.parties.mentions[self.parties.mentions.partition_point(|m| m.start < pos)..]
            .iter()
            .take_while(|m| m.end <= to)
            .find(|m| self.org_with_head(m, head));
        let after = self.text.get(pos..to)?;
        let title = title_case(head);
        let written = after.match_indices(title.as_str()).find_map(|(i, _)| {
            if after[i + title.len()..].chars().next().is_some_and(char::is_alphanumeric) {
                return None;
            }
            caps_name(after, i, title.len()).map(|(s, name)| (pos + s, name))
        });
        match (known, written) {
            (Some(m), Some((at, _))) if m.start <= at => Some(m.who.clone()),
            (_, Some((_, name))) => Some(Who::new(name, Kind::Text)),
            (Some(m), None) => Some(m.who.clone()),
            (None, None) => None,
        }
    }

    /// A known organisation (or an agency acting for a country) with `head` among its words.
    fn org_with_head(&self, m: &Mention, head: &str) -> bool {
        (m.who.kind == Kind::Org || m.agent)
            && self
                .text
                .get(m.start..m.end)
                .is_some_and(|t| t.split(' ').any(|h| h.eq_ignore_ascii_case(head)))
    }

    /// The last region (a state or province) named before byte `pos`, else the one the dateline
    /// names, else a state the text writes as "Kano State".
    fn region_before(&self, pos: usize) -> Option<Who> {
        self.parties
            .mentions
            .iter()
            .rev()
            .find(|m| m.end <= pos && m.who.kind == Kind::Region)
            .map(|m| m.who.clone())
            .or_else(|| self.parties.dateline_region.clone())
            .or_else(|| state_named_before(self.text, pos))
    }

    /// The state a chief minister speaking at byte `pos` heads: the one named before, else the
    /// one the story names most.
    fn headed_state(&self, pos: usize) -> Option<Who> {
        self.region_before(pos).or_else(|| self.parties.main_region())
    }

    /// The state a body belongs to: a place in the possessive at unit `owner`, right before the
    /// body's name ("Russia's Emergencies Ministry"), else the document's own state.
    fn body_owner(&self, sent: &Sent, owner: Option<usize>) -> Option<Subject> {
        if let Some(m) = owner.and_then(|o| sent.party(o)).and_then(|m| self.parties.mentions.get(m))
            && m.who.is_place()
            && self.possessive_at(m.end)
        {
            return Some(Subject::Who(m.who.clone()));
        }
        self.state_home().map(Subject::Who)
    }

    /// Whether a possessive "'s " (or "’s ") follows byte `end`.
    fn possessive_at(&self, end: usize) -> bool {
        self.text.get(end..).is_some_and(|t| t.starts_with("'s ") || t.starts_with("’s "))
    }

    /// The country a state body ("the government", "the ministry") belongs to: the country whose
    /// own currency the amount is in, else the document's own country.
    fn state_home(&self) -> Option<Who> {
        let cur = self.amount.get().and_then(|fi| self.figs.get(fi)).and_then(|f| f.currency());
        cur.and_then(super::link::currency_country)
            .or_else(|| self.parties.home(&[]).map(|h| Who::new(h, Kind::Country)))
    }

    /// A capitalised name right before the verb ("Nespresso will invest", "Microsoft founder
    /// Bill Gates had contributed"): a company or person as written, a state body or an office
    /// holder as the document's country.
    pub(super) fn named_subject(&self, sent: &Sent, a: usize, pos: usize) -> Option<Subject> {
        let mut k = pos;
        while k > a {
            let w = sent.w(k - 1);
            if is_in(AUX, w) || is_adverb(w) || w == "not" || matches!(w, "today" | "yesterday") {
                k -= 1;
            } else if k >= a + 2 && sent.w(k - 2) == "on" && skip_time(sent, k - 2) == k {
                k -= 2; // "The Centre on Monday sanctioned"
            } else if k < pos
                && sent.w(k) == "to"
                && matches!(
                    w,
                    "agreed"
                        | "agrees"
                        | "agree"
                        | "decided"
                        | "decides"
                        | "commits"
                        | "committed"
                        | "pledged"
                        | "pledges"
                        | "promised"
                        | "promises"
                        | "vowed"
                        | "vows"
                        | "offered"
                        | "offers"
                        | "undertook"
                        | "undertakes"
                        | "stepped"
                )
            {
                k -= 1; // "Orion Mining has agreed to invest", "Atlas Bank commits to providing"
            } else if w == ","
                && k >= a + 3
                && sent.w(k - 3) == ","
                && sent.w(k - 2).chars().all(|c| c.is_ascii_digit())
            {
                k -= 3; // "Tom Baker, 52, donated": an age between a name and its verb
            } else if let Some(c) = (w == ",")
                .then(|| (a..k - 1).rev().take(16).find(|&c| sent.w(c) == ","))
                .flatten()
                .filter(|&c| {
                    matches!(sent.w(c + 1), "who" | "which")
                        || sent.aside.get(c + 1).copied().unwrap_or(false)
                })
            {
                k = c; // "Sir Michael, who made £120million last year, has given": a relative clause
            } else if w == ","
                && let Some(c) = (a..k - 1).rev().take(8).find(|&c| sent.w(c) == ",")
                && c > a
                && c + 1 < k - 1
                && sent.units[c + 1].cap
                && (c + 1..k - 1).all(|j| {
                    sent.units[j].k == U::Word
                        && (sent.units[j].cap || matches!(sent.w(j), "of" | "and" | "&"))
                })
                && sent.units[c - 1].k == U::Word
                && !sent.units[c - 1].cap
                && (a..c).any(|j| matches!(sent.w(j), "a" | "an" | "the"))
            {
                // "A Lagos-based food manufacturer, Zenfield Foods Plc, also donated": the name in
                // apposition to the description.
                k -= 1;
            } else {
                break;
            }
        }
        let end = k;
        while k > a {
            let u = &sent.units[k - 1];
            let raw = self.text.get(u.s..u.e).unwrap_or("");
            let name =
                u.k == U::Word && u.cap && !NOT_NAMES.contains(&raw) && raw.chars().any(char::is_alphabetic);
            // "The Food for Peace Program": a short word inside a name.
            let inner = k - 1 > a
                && k < end
                && matches!(u.low.as_str(), "for" | "of" | "and")
                && sent.units[k - 2].cap
                && sent.units[k].cap;
            // "Chief Minister N. Srinivasa Rao": an initial inside a name.
            let initial = u.low == "."
                && k >= a + 2
                && k < end
                && sent.units[k - 2].k == U::Word
                && sent.units[k - 2].cap
                && sent.units[k - 2].e == u.s
                && sent.units[k - 2].e - sent.units[k - 2].s == 1;
            if name || inner {
                k -= 1;
            } else if initial {
                k -= 2;
            } else {
                break;
            }
        }
        if k == end {
            return self.collective_subject(sent, a, end);
        }
        // "Donors meeting in Geneva pledged": the name says where the givers met.
        if k >= a + 2
            && matches!(sent.w(k - 1), "in" | "at")
            && sent.w(k - 2).ends_with("ing")
            && let Some(s) = self.collective_subject(sent, a, k - 2)
        {
            return Some(s);
        }
        // "the Ministry of Home Affairs announced": a state body named by its portfolio (the
        // body word itself is not read as a name) acts for the state that owns it.
        if k > a && sent.w(k) == "of" && self.t.role(sent.w(k - 1)) & role::BODY != 0 {
            return self.body_owner(sent, (k > a + 1).then(|| k - 2));
        }
        let words: Vec<&Unit> = sent.units[k..end].iter().collect();
        let lows: Vec<&str> = words.iter().map(|u| u.low.as_str()).collect();
        let last = lows.last().copied().unwrap_or("");
        // "Chief Minister Hemanta Bora announced": a state's head of government acts for the
        // state the story names.
        // "Chief Minister N. Srinivasa Rao": the title may stand before the clause's start,
        // which the initial's full stop moved.
        let titled = k >= 2 && sent.w(k - 2) == "chief" && sent.w(k - 1) == "minister";
        if (titled || lows.windows(2).any(|w| w == ["chief", "minister"]) || lows.first() == Some(&"cm"))
            && let Some(r) = self.headed_state(words[0].s)
        {
            return Some(Subject::Who(r));
        }
        if self.t.role(last) & role::BODY != 0 || lows.iter().any(|w| self.t.role(w) & role::OFFICE != 0) {
            return self.state_home().map(Subject::Who);
        }
        let skip = lows.iter().take_while(|w| self.t.role(w) & role::HONORIFIC != 0).count();
        let start = words.get(skip).map(|u| u.s)?;
        let stop = words.last().map(|u| u.e)?;
        let name = self.text.get(start..stop)?.trim_end_matches("'s").trim_end_matches("’s");
        // "Kalahari would spend ..." after "Kalahari Retail Holdings": the company's full name.
        if !name.contains(' ')
            && let Some(full) = self.company_before(start, Some(name))
        {
            return Some(Subject::Who(full));
        }
        Some(Subject::Who(Who::new(name, Kind::Text)))
    }

    /// The company named last before byte `pos` (within 5,000 bytes) by a name ending in a
    /// company word ("Kalahari Retail Holdings", "Asante Commodities Ltd"), and starting with
    /// `first` when given.
    fn company_before(&self, pos: usize, first: Option<&str>) -> Option<Who> {
        let companies = self.companies.get_or_init(|| {
            let mut found: Vec<(usize, String)> = COMPANY_WORDS
                .iter()
                .flat_map(|w| self.text.match_indices(w))
                .filter(|(i, w)| self.text[i + w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
                .filter_map(|(i, w)| caps_name(self.text, i, w.len()))
                .filter(|(_, name)| name.contains(' '))
                .collect();
            found.sort();
            found
        });
        let end = companies.partition_point(|(at, _)| *at < pos);
        companies[..end]
            .iter()
            .rev()
            .take_while(|(at, _)| at + 5000 >= pos)
            .find(|(_, name)| first.is_none_or(|f| name.split(' ').next() == Some(f)))
            .map(|(_, name)| Who::new(name.as_str(), Kind::Text))
    }

    /// Only auxiliaries and adverbs stand between `k` and the verb at `pos`.
    /// A group of givers named in the clause ("an international donors conference yielded
    /// pledges of $3 billion"): the group noun with the words that qualify it.
    pub(super) fn collective_in(&self, sent: &Sent, a: usize, b: usize) -> Option<Who> {
        let k =
            (a..b).find(|&k| sent.units[k].k == U::Word && self.t.role(sent.w(k)) & role::COLLECTIVE != 0)?;
        let mut j = k;
        // "for Caribbean countries": past names too.
        while j > a
            && matches!(sent.units[j - 1].k, U::Word | U::Party(_))
            && !is_in(OBLIQUE, sent.w(j - 1))
            && !is_in(AUX, sent.w(j - 1))
        {
            j -= 1;
        }
        if j > a && matches!(sent.w(j - 1), "by" | "through" | "via" | "with" | "to" | "for") {
            return None; // "delivered by United Nations aid agencies": a channel
        }
        let mut start = k;
        while start > a {
            let u = &sent.units[start - 1];
            if u.k != U::Word
                || u.cap
                || is_in(FUNCTION, &u.low)
                || is_in(DETERMINERS, &u.low)
                || is_in(AUX, &u.low)
            {
                break;
            }
            start -= 1;
        }
        Some(Who::new(self.phrase_text(sent, start, k + 1), Kind::Text))
    }

    /// A group of givers named in the phrase starting at `k`, up to a preposition, verb or
    /// punctuation other than commas: "14 companies and organizations", "private donors".
    fn collective_after(&self, sent: &Sent, k: usize, b: usize) -> Option<Who> {
        let mut end = k;
        let mut head = None;
        while end < b.min(k + 7) {
            let u = &sent.units[end];
            let w = u.low.as_str();
            let ok = match u.k {
                U::Qty(_) => true,
                U::Word => !is_in(OBLIQUE, w) && !is_in(AUX, w) && !matches!(w, "which" | "who" | "that"),
                U::Punct => w == ",",
                _ => false,
            };
            if !ok {
                break;
            }
            if u.k == U::Word && self.t.role(w) & role::COLLECTIVE != 0 {
                head = Some(end);
            }
            end += 1;
        }
        let head = head?;
        Some(Who::new(self.phrase_text(sent, k, head + 1), Kind::Text))
    }

    /// A subject naming givers as a group: "Governments and aid agencies pledged ...".
    /// A giver described, not named, right before the verb at `pos` ("A self-made haulage
    /// billionaire has given", "the tycoon gave"): the person the text names nearest, after
    /// the description for "a", before it for "the" (else the other way).
    fn described_person(&self, sent: &Sent, a: usize, pos: usize) -> Option<Who> {
        let mut k = pos;
        while k > a && (is_in(AUX, sent.w(k - 1)) || is_adverb(sent.w(k - 1))) {
            k -= 1;
        }
        let mut head = k.checked_sub(1).filter(|&h| h >= a)?;
        // "A self-made billionaire who started selling trainers from his bedroom has handed":
        // the description before its relative clause.
        if let Some(who) = (a.max(head.saturating_sub(14))..head).rev().find(|&j| sent.w(j) == "who")
            && (who + 1..head).all(|j| sent.units[j].k == U::Word)
            && who > a
        {
            head = who - 1;
        }
        if sent.units[head].k != U::Word || self.t.role(sent.w(head)) & role::PERSON == 0 {
            return None;
        }
        // The determiner opening the description, over its modifiers ("self-made haulage").
        let det = (a.max(head.saturating_sub(6))..head).rev().find(|&j| {
            let u = &sent.units[j];
            u.k != U::Word && u.low != "-"
                || u.cap && j > a
                || matches!(u.low.as_str(), "a" | "an" | "the" | "this")
        })?;
        let indefinite = match sent.w(det) {
            "a" | "an" => true,
            "the" | "this" => false,
            _ => return None,
        };
        let at = sent.units[det].s;
        let lo = floor_boundary(self.text, at.saturating_sub(3000));
        let hi = floor_boundary(self.text, (sent.e + 1500).min(self.text.len()));
        let window = self.text.get(lo..hi)?;
        // Officials named with their title are parties already (their country gives). Mentions
        // do not overlap, so the first ending after the name's start is the only one to check.
        let mentions = &self.parties.mentions;
        let names: Vec<(usize, &str)> = person_names(window)
            .map(|(s, n)| (lo + s, n))
            .filter(|&(s, n)| {
                let next = mentions.partition_point(|m| m.end <= s);
                mentions.get(next).is_none_or(|m| m.start >= s + n.len())
            })
            .collect();
        let after = names.iter().find(|(s, _)| *s >= at);
        let before = names.iter().rev().find(|(s, _)| *s < at);
        let (first, second) = if indefinite { (after, before) } else { (before, after) };
        let (_, name) = first.or(second)?;
        Some(Who::new(*name, Kind::Text))
    }

    fn collective_subject(&self, sent: &Sent, a: usize, end: usize) -> Option<Subject> {
        let head = end.checked_sub(1).filter(|&h| h >= a)?;
        if self.t.role(sent.w(head)) & role::COLLECTIVE == 0 {
            return None;
        }
        let mut start = head;
        while start > a {
            let u = &sent.units[start - 1];
            let w = u.low.as_str();
            // "Governments and relief agencies": two groups of givers.
            let joined =
                w == "and" && start >= a + 2 && self.t.role(sent.w(start - 2)) & role::COLLECTIVE != 0;
            // "By 30 April international donors had pledged": a date is not in the name.
            let date = is_in(TIME_WORDS, w) && u.cap || w.bytes().all(|c| c.is_ascii_digit());
            let ok = u.k == U::Word
                && (joined || !is_in(OBLIQUE, w))
                && !is_in(AUX, w)
                && !is_in(DETERMINERS, w)
                && !date
                && !matches!(
                    w,
                    "said" | "but" | "while" | "whereas" | "yet" | "so" | "that" | "which" | "who"
                );
            if !ok && !matches!(u.k, U::Party(_) | U::Qty(_)) {
                break;
            }
            start -= 1;
        }
        Some(Subject::Who(Who::new(self.phrase_text(sent, start, end), Kind::Text)))
    }

    fn next_is_verb(&self, sent: &Sent, mut k: usize, pos: usize) -> bool {
        while k < pos && (is_in(AUX, sent.w(k)) || is_adverb(sent.w(k))) {
            k += 1;
        }
        k >= pos
    }

    /// The party at `k` (or the list it ends) is the subject of a finite verb, not after a
    /// preposition: "the US announced $30m, China said it would send ...".
    pub(super) fn is_subject_at(&self, sent: &Sent, a: usize, k: usize) -> bool {
        if is_in(OBLIQUE, self.word_before(sent, a, k)) {
            return false;
        }
        let (last, _) = self.party_list_from(sent, k, sent.units.len());
        let mut j = last + 1;
        while matches!(sent.w(j), "each" | "both" | "all" | "also" | "too" | "alone") || is_adverb(sent.w(j))
        {
            j += 1;
        }
        let w = sent.w(j);
        matches!(
            w,
            "will"
                | "would"
                | "shall"
                | "has"
                | "have"
                | "had"
                | "is"
                | "are"
                | "was"
                | "were"
                | "said"
                | "says"
                | "can"
                | "could"
                | "did"
                | "does"
        ) || self.t.forms.get(w).is_some_and(|fs| {
            fs.iter().any(|f| f.rest.is_empty() && self.t.cues.get(f.cue).is_some_and(|c| c.pos == Pos::Verb))
        }) && !self
            .t
            .forms
            .get(w)
            .is_some_and(|fs| fs.iter().any(|f| self.t.cues.get(f.cue).is_some_and(|c| c.pos == Pos::Noun)))
            || (w.ends_with("ed") && w.len() > 4)
    }

    /// A finite verb follows `k`: an auxiliary, a cue verb or a past tense.
    fn finite_after(&self, sent: &Sent, k: usize) -> bool {
        let k = skip_time(sent, skip_relative(sent, k));
        let w = sent.w(k);
        (is_in(AUX, w) && w != "to") || self.t.forms.contains_key(w) || (w.ends_with("ed") && w.len() > 3)
    }

    /// A verb in the headline's present tense, right before the amount it acts on: "Japan
    /// signs $25m in agreements", "IDB okays a $200m loan".
    fn headline_present(&self, sent: &Sent, k: usize) -> bool {
        let w = sent.w(k);
        let Some(u) = sent.units.get(k) else { return false };
        // Verbs of doing the deal, not of seeking or winning it ("Pakistan seeks $2bn").
        const DEAL_VERBS: &[&str] =
            &["signs", "inks", "pays", "pumps", "injects", "launches", "okays", "clears", "funds"];
        u.k == U::Word
            && is_in(DEAL_VERBS, w)
            && (matches!(sent.units.get(k + 1).map(|u| u.k), Some(U::Money(_)))
                || matches!(sent.w(k + 1), "a" | "an" | "another" | "new" | "fresh" | "extra" | "additional")
                    && matches!(sent.units.get(k + 2).map(|u| u.k), Some(U::Money(_))))
    }

    /// The word before unit `k`, skipping determiners ("for the Ukrainian military" → "for").
    pub(super) fn word_before<'s>(&self, sent: &'s Sent, a: usize, mut k: usize) -> &'s str {
        while k > a && is_in(DETERMINERS, sent.w(k - 1)) {
            k -= 1;
        }
        if k > a { sent.w(k - 1) } else { "" }
    }

    /// The list of parties ending at unit `k` ("Britain and Australia"): its first unit and
    /// the parties.
    pub(super) fn party_list_ending(&self, sent: &Sent, a: usize, k: usize) -> (usize, Vec<Who>) {
        let mut first = k;
        let mut list = vec![self.who_at_unit(sent, k)];
        while first >= a + 2 {
            // "Germany and the Netherlands": a determiner opens the later name.
            let d = usize::from(sent.w(first - 1) == "the" && first >= a + 3);
            let at = first - d;
            let sep = sent.w(at - 1);
            // A comma joins a list only before its "and": "Britain, France and Italy", not
            // "through USAID, Australia gave ...".
            if !matches!(sep, "and" | "," | "&") || sep == "," && list.len() == 1 {
                break;
            }
            // "Kenya, Uganda, and Rwanda": a comma before the "and", in a list of three or more
            // ("to the capital, Mogadishu, and Beijing pledged" joins two clauses).
            let gap = if sep == "and" && at >= a + 3 && sent.w(at - 2) == "," { 3 } else { 2 };
            if gap == 3
                && list.len() == 1
                && !(at >= a + 5 && sent.w(at - 4) == "," && sent.party(at - 5).is_some())
            {
                break;
            }
            if at < a + gap {
                break;
            }
            let Some(_) = sent.party(at - gap) else { break };
            first = at - gap;
            list.insert(0, self.who_at_unit(sent, first));
        }
        (first, list)
    }

    /// Parties named in the phrase starting at `k` (up to a verb, a preposition other than
    /// "of"/"and", or punctuation other than commas).
    fn parties_in_phrase(&self, sent: &Sent, k: usize, b: usize) -> Vec<Who> {
        let mut out: Vec<Who> = Vec::new();
        let mut j = k;
        while j < b && j < k + 8 {
            let u = &sent.units[j];
            match u.k {
                U::Party(_) => {
                    let w = self.who_at_unit(sent, j);
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
                U::Money(_) | U::Equiv(_) => break,
                U::Qty(_) => {}
                U::Punct if u.low != "," && u.low != "&" => break,
                U::Punct => {}
                U::Word => {
                    let w = u.low.as_str();
                    if is_in(TIME_WORDS, w) && out.is_empty() || w.chars().all(|c| c.is_ascii_digit()) {
                        break;
                    }
                    if (is_in(OBLIQUE, w) && w != "of") || is_in(AUX, w) {
                        break;
                    }
                }
            }
            j += 1;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn recipient(
        &self,
        si: usize,
        sent: &Sent,
        (a, b): (usize, usize),
        i: usize,
        verb: Option<Hit>,
        hits: &[Hit],
        donor: Option<&Who>,
        last: Option<&Who>,
    ) -> Recipient {
        *self.last_recipient.borrow_mut() = last.cloned();
        let not_donor = |w: &Who| donor.is_none_or(|d| !names_include(d, w));
        let found = |whos: Vec<Who>| {
            let whos: Vec<Who> = whos.into_iter().filter(|w| not_donor(w)).collect();
            Recipient {
                explicit: !whos.is_empty(),
                whos,
                blocked: false,
                each: false,
                direct: false,
                passes_on: false,
            }
        };
        let direct = |r: Recipient| Recipient { direct: true, ..r };
        // "the Trust gave us £250,000", "… donated £5,000 to us": in an organisation's own
        // report, the organisation receives.
        if let Some(v) = verb
            && v.cue.dir == Direction::Give
            && !v.passive
            && (sent.w(v.i + v.len) == "us" || sent.w(i + 1) == "to" && sent.w(i + 2) == "us")
            && let Some(author) = self.report_author()
        {
            return direct(found(vec![author]));
        }
        // Places named in the clause that may receive.
        let bound = |k: usize| {
            // A party standing for another amount of the clause ("with Britain contributing
            // £125 million and Germany some £80 million").
            (k + 1..b.min(k + 4)).any(|j| matches!(sent.units[j].k, U::Money(_)) && j != i)
        };
        let usable = |k: usize| -> Option<Who> {
            let m = sent.party(k)?;
            let mention = self.parties.mentions.get(m)?;
            if !mention.who.is_place() || mention.agent || bound(k) {
                return None;
            }
            if self.is_subject_at(sent, a, k) {
                return None; // "China said it would send ...": a giver of its own
            }
            if self.in_proper_name(sent, k) {
                return None; // "the G5 Sahel Joint Force" names a force, not the Sahel
            }
            let prev = self.word_before(sent, a, k);
            // "at the Energy Summit in Bridgetown, Barbados": where the givers meet.
            let venue =
                (k.saturating_sub(6).max(a + 1)..k).rev().find(|&j| sent.w(j) == "in").is_some_and(|j| {
                    matches!(
                        sent.w(j - 1),
                        "summit" | "conference" | "meeting" | "talks" | "forum" | "ceremony" | "gathering"
                    ) && (j + 1..k).all(|x| sent.units[x].cap || sent.w(x) == "," || sent.party(x).is_some())
                });
            // "In Washington, the World Bank said ...": where the sentence's speaker is.
            let dateline = k == a + 1
                && prev == "in"
                && sent.w(k + 1) == ","
                && (k + 2..b).any(|j| matches!(sent.w(j), "said" | "says" | "announced" | "told"));
            if venue || dateline {
                return None;
            }
            // "Aid agencies in Britain say the public has given ...": where the givers are,
            // in the subject before a giving verb, is not where the money goes.
            if prev == "in"
                && k >= a + 2
                && verb.is_some_and(|v| v.i > k && v.cue.dir == Direction::Give && !v.passive)
                && sent.units[k - 2].k == U::Word
                && !sent.units[k - 2].cap
                && !is_in(FUNCTION, sent.w(k - 2))
                && !is_in(AUX, sent.w(k - 2))
                && !is_participle(sent.w(k - 2))
                && self.cue_word(sent, k - 2, Pos::Noun).is_none()
                && !self.t.forms.contains_key(sent.w(k - 2))
            {
                return None;
            }
            // The preposition before the whole list counts for each of its names ("from other
            // donors, including Switzerland, France and Korea").
            let mut first = k;
            loop {
                let at = first - usize::from(first > a && sent.w(first - 1) == "the");
                let sep = if at >= a + 3 && sent.w(at - 1) == "and" && sent.w(at - 2) == "," { 2 } else { 1 };
                if at > a + sep && matches!(sent.w(at - 1), "," | "and") && sent.party(at - sep - 1).is_some()
                {
                    first = at - sep - 1;
                } else {
                    break;
                }
            }
            let list_prev = self.word_before(sent, a, first);
            let not_receiving = |w: &str| {
                matches!(
                    w,
                    "from"
                        | "than"
                        | "as"
                        | "by"
                        | "like"
                        | "with"
                        | "according"
                        | "including"
                        | "through"
                        | "via"
                )
            };
            if not_receiving(prev) || not_receiving(list_prev) {
                return None;
            }
            let w = self.place_who(sent, k);
            not_donor(&w).then_some(w)
        };
        // An agency, charity or fund is a channel when the clause names a place: "to the World
        // Food Programme for its work in Niger" goes to Niger.
        let through = |whos: Vec<Who>| -> Vec<Who> {
            if whos.iter().all(|w| w.kind == Kind::Org) {
                // "to UNICEF for districts of Kenya and Ethiopia": every place of the list.
                if let Some(k) = (i + 1..b).find(|&k| usable(k).is_some()) {
                    let mut places: Vec<Who> = usable(k).into_iter().collect();
                    let mut j = k;
                    while matches!(sent.w(j + 1), "and" | ",")
                        && let Some(p) = usable(j + 2)
                    {
                        places.push(p);
                        j += 2;
                    }
                    return places;
                }
                if let Some(place) = (a..i).rev().find_map(usable) {
                    return vec![place];
                }
            }
            // A relief agency or charity with no place in the clause passes the money on to the
            // place the story's aid goes to ("£10m to the Disasters Emergency Committee appeal").
            if !whos.is_empty()
                && whos
                    .iter()
                    .all(|w| w.kind == Kind::Org && self.t.role(&w.name.to_lowercase()) & role::RELIEF != 0)
                && let Some(l) = last.filter(|l| l.is_place() && not_donor(l))
            {
                return vec![l.clone()];
            }
            whos
        };
        // 0. Receiving verbs: "India will get ...", "Libya is to receive ..., North Yemen 5.5
        // mln dlrs ...". Passive giving verbs: "Two Turkish companies were lent ...".
        if let Some(v) = verb
            && v.i < i
            && (v.cue.dir == Direction::Receive || v.passive && v.cue.dir == Direction::Give)
        {
            if let Some(m) = i.checked_sub(1).and_then(|p| sent.party(p))
                && i - 1 > v.i
            {
                return direct(found(vec![self.mention_who(m)]));
            }
            // "Paddy growers will get Rs 17,000 and horticulture farmers Rs 25,000": a group
            // right before a later amount of the clause receives it.
            if i >= 2
                && self.t.role(sent.w(i - 1)) & (role::BENEFICIARY | role::GROUP) != 0
                && let Some(and) = (v.i + v.len..i - 1).rev().find(|&j| sent.w(j) == "and")
                && (v.i + v.len..and).any(|j| matches!(sent.units[j].k, U::Money(_)))
                && (and + 1..i).all(|j| sent.units[j].k == U::Word && !is_in(FUNCTION, sent.w(j)))
            {
                let group = Who::new(self.phrase_text(sent, and + 1, i), Kind::Text);
                return direct(found(vec![group]));
            }
            if let Some(r) = self.subject_phrase(sent, a, v.i) {
                let r = found(r);
                if r.explicit {
                    return direct(r);
                }
            }
        }
        // "Efforts to promote French wine abroad are to be boosted by an extra 3.5m euros".
        let mut by = i;
        while by > a
            && matches!(sent.w(by - 1), "an" | "a" | "the" | "extra" | "additional" | "further" | "another")
        {
            by -= 1;
        }
        if by >= a + 2
            && sent.w(by - 1) == "by"
            && is_participle(sent.w(by - 2))
            && let Some(r) = self.subject_phrase(sent, a, by - 2)
        {
            let r = found(r);
            if r.explicit {
                return direct(r);
            }
        }
        // "provided the rebels with $5 million": the object before "with" receives.
        if let Some(v) = verb
            && v.cue.dir == Direction::Give
            && !v.passive
            && matches!(v.cue.lemma, "provide" | "supply")
            && v.i + v.len < i
            && i - (v.i + v.len) <= 9
        {
            let start = v.i + v.len;
            let mut w_at = i;
            while w_at > start
                && (is_in(DETERMINERS, sent.w(w_at - 1))
                    || matches!(sent.w(w_at - 1), "further" | "additional" | "extra" | "another"))
            {
                w_at -= 1;
            }
            if w_at > start + 1 && sent.w(w_at - 1) == "with" {
                let w_at = w_at - 1;
                let r = if sent.party(start).is_some() {
                    found(self.party_list_from(sent, start, w_at).1)
                } else {
                    match self.np(sent, start, w_at, donor) {
                        Np::Found(w) => found(w),
                        Np::Proper(w) => found(vec![w]),
                        _ => found(Vec::new()),
                    }
                };
                if r.explicit {
                    return direct(r);
                }
            }
        }
        // 1. The indirect object of a giving verb: "granting Ukraine £1.6 billion", "hand its
        // struggling wine industry 70m euros"; the object of "fund": "funded the rebellion".
        if let Some(v) = verb
            && v.cue.dir == Direction::Give
            && !v.passive
        {
            let start = v.i + v.len;
            if start < i && i - start <= 7 {
                if let Some(m) = sent.party(start) {
                    let _ = m;
                    let (_, list) = self.party_list_from(sent, start, i);
                    let r = found(list);
                    if r.explicit {
                        return direct(r);
                    }
                } else if (start..i).all(|k| sent.units[k].k == U::Word && !is_in(OBLIQUE, sent.w(k)))
                    && let Np::Found(w) = self.np(sent, start, i, donor)
                {
                    let r = found(w);
                    if r.explicit {
                        return direct(r);
                    }
                }
            }
            if matches!(v.cue.lemma, "fund" | "finance" | "support" | "back")
                && start < b
                && let Np::Found(w) = self.np(sent, start, b, donor)
            {
                let r = found(w);
                if r.explicit {
                    return direct(r);
                }
            }
        }
        // 2. "to X", "for X": after the amount first (up to the next amount, cue verb or
        // comma), then before it, nearest first ("aid to Bolivia will rise to 91 mln marks").
        let stop = self.scan_stop(sent, b, i, verb, hits);
        let mut blocked = false;
        // Blocked by a fund or state body with no place known yet: the place the story is about.
        let mut passes_on = false;
        let after = (i + 1..stop).collect::<Vec<_>>();
        let lo = verb.filter(|v| v.i < i).map(|v| v.i + v.len).unwrap_or(a).max(a);
        let before = (lo..i).rev().collect::<Vec<_>>();
        for k in after.iter().chain(before.iter()).copied() {
            let w = sent.w(k);
            // "signed a €150 million loan agreement with Cameroon": the other party to a deal.
            let deal_with = w == "with"
                && matches!(
                    sent.w(k.wrapping_sub(1)),
                    "agreement" | "agreements" | "deal" | "accord" | "loan" | "credit" | "grant" | "pact"
                );
            if !matches!(w, "to" | "for" | "toward" | "towards" | "benefiting" | "benefitting") && !deal_with
            {
                continue;
            }
            // Inside a name: "the Food for Progress Program".
            let word_cap = |x: Option<&Unit>| {
                x.is_some_and(|u| {
                    u.k == U::Word
                        && u.cap
                        && self.text.get(u.s..u.e).is_some_and(|t| t.chars().any(char::is_lowercase))
                })
            };
            if k > a && word_cap(sent.units.get(k - 1)) && word_cap(sent.units.get(k + 1)) && !sent.caps {
                continue;
            }
            if matches!(
                sent.w(k.wrapping_sub(1)),
                "total" | "news" | "much" | "compared" | "up" | "close" | "due"
            ) {
                continue;
            }
            let n = k + 1;
            let Some(nu) = sent.units.get(n) else { continue };
            if n >= b || matches!(nu.k, U::Money(_) | U::Equiv(_)) {
                continue;
            }
            let nw = sent.w(n);
            if nu.k == U::Word
                && (is_in(TIME_WORDS, nw) || nw.chars().next().is_some_and(|c| c.is_ascii_digit()))
            {
                continue;
            }
            if matches!(nw, "every" | "each" | "a") && self.t.block(sent.w(n + 1)) & block::PER != 0 {
                continue;
            }
            let limit = if k > i { stop } else { i };
            let purpose = nu.k == U::Word
                && (self.t.role(nw) & role::PURPOSE != 0 || (w == "for" && nw.ends_with("ing") && !nu.cap));
            let np = if purpose {
                // "to help meet the crisis", "to train Syrian rebels", "for developing the
                // Indian coal industry": the object of the purpose.
                let mut o = n + 1;
                while o < limit && sent.units[o].k == U::Word && self.t.role(sent.w(o)) & role::PURPOSE != 0 {
                    o += 1;
                }
                match self.np(sent, o, limit, donor) {
                    Np::Unresolved => Np::Nothing,
                    // "for rebuilding 12 schools": counted works are what the money buys.
                    _ if builds(sent.w(o - 1))
                        && matches!(sent.units.get(o).map(|u| u.k), Some(U::Qty(_))) =>
                    {
                        Np::Nothing
                    }
                    other => other,
                }
            } else {
                self.np(sent, n, limit, donor)
            };
            match np {
                Np::Found(whos) => {
                    let each = (i + 1..k).any(|j| sent.w(j) == "each") && whos.len() > 1;
                    let mut r = found(through(whos));
                    if r.explicit {
                        r.each = each;
                        r.direct = w == "to" && !purpose;
                        return r;
                    }
                }
                Np::Channel(proper) => {
                    // "C$450 million to the same fund": the fund last named as receiving.
                    // "C$450 million to the same fund": the fund last named before.
                    let head = if sent.w(n + 1) == "same" { n + 2 } else { n + 1 };
                    let named = |w: &Who| {
                        w.kind != Kind::Country
                            && w.name.rsplit(' ').next().is_some_and(|h| h.eq_ignore_ascii_case(sent.w(head)))
                    };
                    if nw == "the"
                        && let Some(l) = last.filter(|l| named(l)).cloned().or_else(|| {
                            let before = self.parties.mentions.partition_point(|m| m.end <= sent.s);
                            self.parties.mentions[..before]
                                .iter()
                                .rev()
                                .map(|m| &m.who)
                                .find(|w| named(w))
                                .cloned()
                        })
                        && not_donor(&l)
                    {
                        return found(vec![l]);
                    }
                    // "the Chief Minister's Relief Fund", "the CM Relief Fund": the state's own
                    // fund, so the state the story names most receives.
                    let chief = proper
                        .as_ref()
                        .is_some_and(|p| p.name.contains("Chief Minister") || p.name.starts_with("CM "));
                    if chief
                        && let Some(state) = self.parties.main_region()
                        && not_donor(&state)
                    {
                        return found(vec![state]);
                    }
                    if let Some(w) = self.channel_place(si, sent, i, donor) {
                        return found(vec![w]);
                    }
                    if let Some(l) = last.filter(|l| l.placeish() && not_donor(l)) {
                        return found(vec![l.clone()]);
                    }
                    match proper {
                        Some(p) => return found(vec![p]),
                        None => {
                            blocked = true;
                            passes_on |= w == "to" && last.is_none();
                        }
                    }
                }
                Np::Home => {
                    if let Some(l) = last.filter(|l| l.placeish() && not_donor(l)) {
                        return found(vec![l.clone()]);
                    }
                    blocked |= w == "to";
                    passes_on |= w == "to" && last.is_none();
                }
                // "to Idlib", and with a firm commitment "for flood-hit Bihar" (a bare "for Acme"
                // is as often a price).
                Np::Proper(p)
                    if (w == "to" || w == "for" && verb.is_none_or(|v| v.cue.strong)) && !purpose =>
                {
                    let r = found(vec![p]);
                    return if w == "to" { direct(r) } else { r };
                }
                Np::Proper(_) | Np::Unresolved if w == "to" => blocked = true,
                Np::Proper(_) | Np::Unresolved | Np::Nothing => {}
            }
        }
        // 3. "in X", "across the continent", "in the country", after the amount; a group the
        // money serves: "... is empowering local organizations".
        for k in i + 1..stop {
            let w = sent.w(k);
            if matches!(w, "in" | "across" | "within" | "inside" | "throughout") {
                // "in British food delivery company Deliveroo": the party only qualifies a
                // company or group, which is what the money goes into (a stake, if invested).
                let adjectival = sent.units.get(k + 2).is_some_and(|u| {
                    u.k == U::Word
                        && !u.cap
                        && !is_in(FUNCTION, &u.low)
                        && !is_in(OBLIQUE, &u.low)
                        && !is_in(AUX, &u.low)
                });
                if sent.party(k + 1).is_some()
                    && adjectival
                    && let Np::Found(whos) = self.np(sent, k + 1, stop, donor)
                    && whos.iter().all(|x| x.kind == Kind::Text)
                {
                    return Recipient {
                        whos: Vec::new(),
                        explicit: false,
                        blocked: true,
                        each: false,
                        direct: false,
                        passes_on: false,
                    };
                }
                if let Some(m) = sent.party(k + 1) {
                    let who = self.place_who(sent, k + 1);
                    if self.parties.mentions.get(m).is_some_and(|x| x.who.is_place()) && not_donor(&who) {
                        return found(vec![who]);
                    }
                }
                if let Some(who) = self.anaphor(sent, k + 1, donor) {
                    return found(vec![who]);
                }
                // "will invest £85m in a new bakery at Wrexham": a company's investment goes to
                // the place named, known to the lexicon or not.
                if verb.is_some_and(|v| v.cue.lemma == "invest")
                    && donor.is_some_and(|d| d.kind == Kind::Text || d.kind == Kind::Org)
                    && let Some(at) = (k + 2..stop.min(k + 8)).find(|&j| {
                        matches!(sent.w(j), "at" | "in")
                            && sent.units.get(j + 1).is_some_and(|u| u.k == U::Word && u.cap)
                    })
                {
                    let mut end = at + 1;
                    while end < stop && sent.units[end].k == U::Word && sent.units[end].cap {
                        end += 1;
                    }
                    if !(at + 1..end).any(|x| is_in(TIME_WORDS, sent.w(x))) {
                        return direct(found(vec![Who::new(
                            self.phrase_text(sent, at + 1, end),
                            Kind::Text,
                        )]));
                    }
                }
            }
            if w.ends_with("ing")
                && sent.units[k].k == U::Word
                && !self.t.forms.contains_key(w)
                && !(builds(w) && matches!(sent.units.get(k + 1).map(|u| u.k), Some(U::Qty(_))))
                && let Np::Found(whos) = self.np(sent, k + 1, stop, donor)
                && whos.iter().all(|x| x.kind == Kind::Text)
            {
                return direct(found(whos));
            }
        }
        // 4. Another place named in the clause, after the amount first.
        // 5. "a $68 million package to improve water supply, sanitation, and flood protection in
        // four towns in southern Bhutan": a country the money works in, past the list's commas,
        // with no other amount between.
        let beyond = || {
            (stop..b)
                .take_while(|&k| !matches!(sent.units[k].k, U::Money(_) | U::Equiv(_)) && sent.w(k) != ";")
                .filter(|&k| !blocked && sent.w(k) == "in")
                .find_map(|k| {
                    let adjective = sent.units.get(k + 1).is_some_and(|u| u.k == U::Word && !u.cap);
                    usable(if adjective { k + 2 } else { k + 1 }).filter(|w| w.kind == Kind::Country)
                })
        };
        if let Some(w) =
            (i + 1..stop).find_map(usable).or_else(|| (a..i).rev().find_map(usable)).or_else(beyond)
        {
            return Recipient {
                whos: vec![w],
                explicit: true,
                blocked,
                each: false,
                direct: false,
                passes_on: false,
            };
        }
        Recipient { whos: Vec::new(), explicit: false, blocked, each: false, direct: false, passes_on }
    }

    /// Where the phrases after an amount stop belonging to it: the next amount, the next cue
    /// verb (other than the one governing it) or a comma, within the clause ending at `b`.
    fn scan_stop(&self, sent: &Sent, b: usize, i: usize, verb: Option<Hit>, hits: &[Hit]) -> usize {
        let mut k = i + 1;
        while k < b {
            let u = &sent.units[k];
            if matches!(u.k, U::Money(_)) || u.low == "," && !self.list_comma(sent, k) {
                return k;
            }
            // "... on new stores and create 11,000 jobs in the UK": a new verb phrase.
            if u.low == "and"
                && self.t.role(sent.w(k + 1)) & role::PURPOSE != 0
                && sent.units.get(k + 1).is_some_and(|n| !n.cap)
            {
                return k;
            }
            if let Some(h) = hits.iter().find(|h| h.i == k && h.verb())
                && verb.is_none_or(|v| v.i != h.i)
                && !(sent.w(k.wrapping_sub(1)) == "to" && self.t.role(sent.w(k)) & role::PURPOSE != 0)
            {
                return k;
            }
            k += 1;
        }
        b
    }

    /// A comma inside a list of parties ("Turkey, Morocco and Jordan").
    fn list_comma(&self, sent: &Sent, k: usize) -> bool {
        let qty = |j: usize| sent.units.get(j).is_some_and(|u| matches!(u.k, U::Qty(_)));
        // "1,200 tents, 3,000 blankets and 400 tonnes of food to Hunza": a list of goods.
        let goods = self.amount.get().is_none() && (qty(k + 1) || sent.w(k + 1) == "and" && qty(k + 2));
        k > 0
            && (goods
                || sent.party(k - 1).is_some()
                    && (sent.party(k + 1).is_some() || sent.w(k + 1) == "and" && sent.party(k + 2).is_some()))
    }

    /// The subject phrase before the verb at `v` as recipients: a party, or a phrase whose head
    /// receives ("Two Turkish iron and steel companies").
    fn subject_phrase(&self, sent: &Sent, a: usize, v: usize) -> Option<Vec<Who>> {
        let mut end = v;
        while end > a
            && (is_in(AUX, sent.w(end - 1))
                || is_adverb(sent.w(end - 1))
                || matches!(sent.w(end - 1), "each" | "both" | "all"))
        {
            end -= 1;
        }
        // "The Bengaluru Metropolitan Transport Corporation (BMTC) will get": the name before its
        // short form.
        if end > a + 2
            && sent.w(end - 1) == ")"
            && let Some(open) = (a.max(end.saturating_sub(5))..end - 1).rev().find(|&k| sent.w(k) == "(")
            && open > a
        {
            end = open;
        }
        // The phrase starts after the last comma or clause start.
        let mut start = end;
        let list_comma = |c: usize| {
            sent.w(c) == ","
                && c > 0
                && sent.party(c - 1).is_some()
                && (sent.party(c + 1).is_some() || sent.w(c + 1) == "and")
        };
        // "Oregon Health & Science University": an ampersand inside a name.
        let ampersand = |c: usize| sent.w(c) == "&" && c > 0 && sent.units[c - 1].cap;
        // A reporting frame ends before the subject: "the minister said each family would get".
        while start > a
            && (sent.units[start - 1].k != U::Punct || list_comma(start - 1) || ampersand(start - 1))
            && !matches!(sent.w(start - 1), "said" | "says" | "say" | "told" | "added" | "announced" | "that")
        {
            start -= 1;
        }
        // "..., and Washington State University gets": the conjunction joins the clauses.
        if start > a
            && start + 1 < end
            && sent.w(start - 1) == ","
            && sent.w(start) == "and"
            && (sent.units[start + 1].cap || sent.party(start + 1).is_some())
        {
            start += 1;
        }
        if start >= end {
            return None;
        }
        // "Oregon Health & Science University", "Texas A&M University": a proper name that
        // only begins with a place is the name of its own.
        let named = (start..end).all(|j| {
            let u = &sent.units[j];
            u.cap || matches!(u.k, U::Party(_)) || u.low == "&" || u.low == "of" && j > start
        }) && end - start >= 2
            && sent.units[end - 1].k == U::Word
            && sent.units[end - 1].cap
            && sent
                .party(start)
                .is_some_and(|m| self.parties.mentions.get(m).is_some_and(|x| x.who.is_place()));
        if named {
            return Some(vec![Who::new(self.phrase_text(sent, start, end), Kind::Text)]);
        }
        // "Efforts to promote French wine abroad are to be boosted by ...": the whole phrase.
        if let Np::Found(w) = self.np(sent, start, end, None)
            && w.len() == 1
            && w[0].kind == Kind::Text
        {
            return Some(vec![Who::new(self.phrase_text(sent, start, end), Kind::Text)]);
        }
        // A reporting frame ("Indonesia signed an agreement to borrow"): the party before it.
        if let Some(k) = (start..end).rev().find(|&k| sent.party(k).is_some()) {
            let phrase_head = self.np(sent, start, end, None);
            if let Np::Found(w) = phrase_head
                && w.iter().any(|x| x.kind == Kind::Text)
            {
                return Some(w);
            }
            let (_, list) = self.party_list_ending(sent, start, k);
            return Some(list);
        }
        match self.np(sent, start, end, None) {
            Np::Found(w) => Some(w),
            Np::Proper(w) => Some(vec![w]),
            _ => None,
        }
    }

    /// Reads a noun phrase starting at `k` as a recipient.
    pub(super) fn np(&self, sent: &Sent, k: usize, b: usize, donor: Option<&Who>) -> Np {
        let mut j = k;
        // Leading determiners and partitives: "each of the 200 families".
        while j < b && (is_in(DETERMINERS, sent.w(j)) || (sent.w(j) == "of" && j > k)) {
            j += 1;
        }
        let start = j;
        // "those with minor injuries", "those who lost their homes": people described by a
        // clause, up to the next comma, amount or "and" before an amount.
        if start > k
            && sent.w(start - 1) == "those"
            && matches!(sent.w(start), "with" | "who" | "whose" | "whom")
        {
            let mut e = start + 1;
            while e < b
                && e < start + 12
                && matches!(sent.units[e].k, U::Word | U::Party(_) | U::Qty(_))
                && !(sent.w(e) == "and" && sent.units.get(e + 1).is_some_and(|u| matches!(u.k, U::Money(_))))
            {
                e += 1;
            }
            if e > start + 1 {
                return Np::Found(vec![Who::new(self.phrase_text(sent, start - 1, e), Kind::Text)]);
            }
        }
        // "to the State" (capitalised, as Indian papers write it): the state named before, as
        // "the state" is; not "the State Bank of India".
        if start == k + 1
            && sent.units.get(start).is_some_and(|u| u.cap)
            && !sent.units.get(start + 1).is_some_and(|u| u.cap && u.k == U::Word)
            && let Some(w) = self.anaphor(sent, k, donor)
        {
            return Np::Found(vec![w]);
        }
        // "handed over a cheque to the Chief Minister": to the state he heads.
        if sent.w(start) == "chief"
            && sent.w(start + 1) == "minister"
            && !sent.units.get(start + 2).is_some_and(|u| u.cap && u.k == U::Word)
            && let Some(r) = self.headed_state(sent.units[start].s)
            && donor.is_none_or(|d| !names_include(d, &r))
        {
            return Np::Found(vec![r]);
        }
        // "both countries", "the two countries": the last ones named.
        if let Some(w) = self.counted_anaphor(sent, k, start, b, donor) {
            return Np::Found(vec![w]);
        }
        // "the Horn of Africa nation", "the Gulf state": a region describing a country, the
        // one named before.
        if start > k
            && sent.w(start - 1) == "the"
            && let Some(m) = sent.party(start).and_then(|m| self.parties.mentions.get(m))
            && m.who.kind != Kind::Country
            && self.t.role(sent.w(start + 1)) & role::ANAPHOR_COUNTRY != 0
            && let Some(c) = self
                .parties
                .mentions
                .iter()
                .rev()
                .filter(|c| c.end <= m.start && c.who.kind == Kind::Country && !c.agent)
                .find(|c| donor.is_none_or(|d| !names_include(d, &c.who)))
        {
            return Np::Found(vec![c.who.clone()]);
        }
        // A compound adjective opens the phrase without being its head: "flood-hit Bihar".
        let lead = if sent.units.get(start + 1).is_some_and(|u| u.low == "-" && !u.spaced)
            && sent.units.get(start + 2).is_some_and(|u| u.k == U::Word && !u.spaced && is_participle(&u.low))
        {
            start + 3
        } else {
            start
        };
        j = lead;
        let mut head: Option<usize> = None;
        let mut head_done = false;
        let mut parties: Vec<usize> = Vec::new();
        let mut anaphoric: Vec<Who> = Vec::new();
        let mut only_parties = true;
        // Where a place or counted group linked to the head starts: "projects in eight countries",
        // "relief in West Sulawesi province".
        let mut sub: Option<usize> = None;
        while j < b && j < start + 14 {
            let u = &sent.units[j];
            match u.k {
                U::Money(_) | U::Equiv(_) => break,
                // "the University of Washington": a place naming an institution.
                U::Party(_)
                    if j >= start + 2
                        && sent.w(j - 1) == "of"
                        && sent.units[j - 2].cap
                        && matches!(
                            sent.w(j - 2),
                            "university"
                                | "college"
                                | "school"
                                | "institute"
                                | "hospital"
                                | "museum"
                                | "academy"
                        ) =>
                {
                    only_parties = false;
                    head_done = true;
                }
                U::Party(_) => parties.push(j),
                U::Qty(_) => only_parties = false,
                U::Punct => {
                    // "Egypt, Libya, and Uganda": a serial comma before the "and".
                    let list_comma = u.low == ","
                        && only_parties
                        && (sent.party(j + 1).is_some()
                            || sent.w(j + 1) == "and" && sent.party(j + 2).is_some());
                    if !(u.low == "-" || u.low == "&" || list_comma) {
                        break;
                    }
                }
                U::Word => {
                    let w = u.low.as_str();
                    if w != "and" {
                        only_parties = false;
                    }
                    let next = sent.units.get(j + 1);
                    let next_cap = next.is_some_and(|n| n.cap || matches!(n.k, U::Party(_)));
                    let next_count = next.is_some_and(|n| matches!(n.k, U::Qty(_)));
                    let after_link = j > start && matches!(sent.w(j - 1), "of" | "in" | "at" | "by");
                    // Words that end the head but not the phrase: "groups in Syria", "victims of
                    // the floods", "countries hit by the tsunami".
                    // "pastoralists in the northern districts": a place noun after "in the".
                    let next_place = sent.w(j + 1) == "the" && sent.party(j + 2).is_some()
                        || sent.w(j + 1) == "the"
                            && (j + 2..(j + 5).min(b)).any(|x| {
                                sent.units[x].k == U::Word
                                    && matches!(
                                        sent.w(x),
                                        "districts"
                                            | "district"
                                            | "villages"
                                            | "areas"
                                            | "provinces"
                                            | "regions"
                                            | "camps"
                                    )
                            });
                    // "refugees sheltering in Bangladesh", "families hosted in Chad": a verb
                    // form between the people and where they are.
                    let located = !u.cap
                        && (w.ends_with("ing") || is_participle(w))
                        && matches!(sent.w(j + 1), "in" | "across")
                        && sent.party(j + 2).is_some();
                    // "countries at Belém summit": where the givers meet, not who receives.
                    let venue = w == "at"
                        && (j + 1..(j + 4).min(b)).any(|x| {
                            matches!(sent.w(x), "summit" | "conference" | "talks" | "meeting" | "forum")
                        });
                    let links = head.is_some()
                        && !venue
                        && (located
                            || (matches!(w, "in" | "at")
                                && (next_cap || next_count || next_place || is_participle(sent.w(j - 1))))
                            || w == "of"
                            || (w == "by" && j > 0 && is_participle(sent.w(j - 1)))
                            || (is_participle(w) && sent.w(j + 1) == "by"));
                    // Words inside the phrase: "defectors and family", "Turkey, Morocco and Jordan".
                    // "districts battered by the cyclone and urged the Centre": "and" before a
                    // verb with its object starts a new predicate.
                    let new_predicate = w == "and"
                        && is_participle(sent.w(j + 1))
                        && (is_in(DETERMINERS, sent.w(j + 2)) || sent.party(j + 2).is_some());
                    let inside = (is_in(DETERMINERS, w) && after_link && head_done)
                        || (w == "and"
                            && !new_predicate
                            && sent.units.get(j + 1).is_some_and(|n| matches!(n.k, U::Word | U::Party(_))));
                    let stops = is_in(FUNCTION, w) || is_in(AUX, w) || is_in(OBLIQUE, w) || w == "to";
                    let head_role = head.map(|h| self.t.role(sent.w(h))).unwrap_or(0);
                    if matches!(w, "in" | "across" | "within" | "of")
                        && head.is_some()
                        && let Some(place) = self.anaphor(sent, j + 1, donor)
                    {
                        anaphoric.push(place);
                        break;
                    } else if links {
                        // "people facing hunger in Ethiopia, Somalia and Kenya": a list of places
                        // may follow the link.
                        only_parties = true;
                        // "the reconstruction of Mosul": the place a work is done in.
                        // "the relief of flood victims": the people a work is done for.
                        let for_people = (j + 1..(j + 4).min(b)).any(|x| {
                            sent.units[x].k == U::Word && self.t.role(sent.w(x)) & role::BENEFICIARY != 0
                        });
                        let work_of = w == "of"
                            && (next_cap && head_role & role::WORK != 0
                                || for_people && head_role & role::SERVICE != 0);
                        if !head_done && (matches!(w, "in" | "across") || work_of) && sub.is_none() {
                            sub = Some(j + 1);
                        }
                        head_done = true;
                    } else if !inside {
                        // A purpose verb ends the phrase ("to help Selvana province recover"),
                        // unless a noun follows it ("a water supply scheme").
                        // Not after a determiner: "the same fund" names a fund.
                        let purpose = head.is_some()
                            && !u.cap
                            && start == k
                            && self.t.role(w) & role::PURPOSE != 0
                            && !sent.units.get(j + 1).is_some_and(|n| {
                                n.k == U::Word
                                    && self.t.role(&n.low) & (role::CHANNEL | role::BENEFICIARY | role::GROUP)
                                        != 0
                            });
                        // A plain word after a group noun starts a verb phrase: "Pacific island
                        // countries adapt to ...".
                        let after_group = head_role & (role::BENEFICIARY | role::GROUP) != 0
                            && head.is_some_and(|h| sent.w(h).ends_with('s'))
                            && !head_done
                            && !u.cap
                            && self.t.role(w) == 0
                            && !is_participle(w)
                            && sent.w(j - 1) != "and"; // "refugees and host communities"
                        // "a housing programme intended to rebuild ...", "a fund designed for
                        // ...": a reduced relative clause ends the phrase.
                        let reduced = head.is_some()
                            && !u.cap
                            && is_participle(w)
                            && matches!(sent.w(j + 1), "to" | "at" | "for");
                        if stops || purpose || after_group || reduced {
                            break;
                        }
                        // A name after a common noun is in apposition ("company Deliveroo").
                        let apposition = u.cap && head.is_some_and(|h| !sent.units[h].cap);
                        if !head_done && !apposition {
                            head = Some(j);
                        }
                    }
                }
            }
            j += 1;
        }
        let end = j;
        if end <= start {
            return Np::Nothing;
        }
        let head_w = head.map(|h| sent.w(h)).unwrap_or("");
        let hr = self.t.role(head_w.trim_end_matches("'s"));
        let text = self.phrase_text(sent, start, end);
        // "seven projects in five African countries": the group the projects serve.
        if hr & (role::BENEFICIARY | role::GROUP | role::NATIONAL) == 0
            && let Some(sk) = sub.filter(|&sk| sk < end)
            && let Some(w) = match self.np(sent, sk, end, donor) {
                Np::Found(w) if w.len() == 1 && w[0].kind == Kind::Text => w.into_iter().next(),
                Np::Proper(w) => Some(w),
                _ => None,
            }
        {
            return Np::Found(vec![w]);
        }
        // A place inside a longer proper name names that body or area: "the G5 Sahel Joint
        // Force", "the Lake Chad Basin".
        if let Some(name) = self.proper_with_place(sent, lead, end) {
            return Np::Found(vec![name]);
        }
        // "Afghan refugees in Pakistan", "Syrian families hosted in Jordan": people named by
        // where they come from get the aid where they are.
        let is_place_at = |p: usize| self.place_who(sent, p).is_place();
        if hr & role::BENEFICIARY != 0
            && let Some(h) = head
            && parties.iter().any(|&p| p < h)
            && parties.iter().any(|&p| p > h && is_place_at(p))
        {
            parties.retain(|&p| p > h);
        }
        let mut places: Vec<Who> = parties
            .iter()
            .filter(|&&p| !sent.party(p).and_then(|m| self.parties.mentions.get(m)).is_some_and(|m| m.agent))
            .filter_map(|&p| {
                let w = self.place_who(sent, p);
                (w.is_place() && donor.is_none_or(|d| d.name != w.name)).then_some(w)
            })
            .collect();
        let had_anaphor = !anaphoric.is_empty();
        places.extend(anaphoric);
        let mut seen: Vec<String> = Vec::new();
        places.retain(|w| {
            let new = !seen.contains(&w.name);
            seen.push(w.name.clone());
            new
        });
        let orgs: Vec<Who> = parties
            .iter()
            .map(|&p| self.who_at_unit(sent, p))
            .filter(|w| w.kind == Kind::Org && donor.is_none_or(|d| d.name != w.name))
            .collect();
        if hr & role::GROUP != 0 {
            if parties.is_empty()
                && hr & role::FACTION != 0
                && let Some(nationality) = self.faction_nationality()
            {
                return Np::Found(vec![Who::new(format!("{nationality} {text}"), Kind::Text)]);
            }
            return Np::Found(vec![Who::new(text, Kind::Text)]);
        }
        // "five African countries", "Pacific island countries": a region written as an adjective
        // of a group keeps the group as written.
        let adjectival =
            |p: usize| sent.units.get(p + 1).is_some_and(|n| n.k == U::Word && !n.cap && p + 1 < end);
        if hr & role::BENEFICIARY != 0
            && !parties.is_empty()
            && !had_anaphor
            && parties.iter().all(|&p| self.who_at_unit(sent, p).kind == Kind::Region && adjectival(p))
        {
            return Np::Found(vec![Who::new(text, Kind::Text)]);
        }
        // "each displaced family in Bihar": people in a state or province are the recipient as
        // written (a country named instead is the recipient).
        if hr & role::BENEFICIARY != 0
            && !had_anaphor
            && !places.is_empty()
            && places.iter().all(|w| w.kind == Kind::Region)
        {
            return Np::Found(vec![Who::new(text, Kind::Text)]);
        }
        if !places.is_empty() {
            return Np::Found(places);
        }
        if !orgs.is_empty() {
            return Np::Found(orgs);
        }
        if !parties.is_empty() {
            return Np::Nothing; // only the giver is named
        }
        if hr & role::BENEFICIARY != 0 {
            return Np::Found(vec![Who::new(text, Kind::Text)]);
        }
        if hr & role::PLACE != 0 && (start..end).any(|x| sent.units[x].cap && sent.units[x].k == U::Word) {
            return Np::Found(vec![Who::new(text, Kind::Text)]);
        }
        if hr & role::CHANNEL != 0 {
            let proper = head.is_some_and(|h| sent.units[h].cap);
            return Np::Channel(proper.then(|| Who::new(text, Kind::Text)));
        }
        if hr & (role::ANAPHOR_COUNTRY | role::ANAPHOR_REGION) != 0
            && let Some(w) = self.anaphor(sent, k, donor)
        {
            return Np::Found(vec![w]);
        }
        let first = &sent.units[lead.min(end - 1)];
        if first.k == U::Word && first.cap && head.is_some_and(|h| sent.units[h].cap) {
            return Np::Proper(Who::new(text, Kind::Text));
        }
        if head.is_none() {
            return Np::Nothing;
        }
        if hr & role::NATIONAL != 0 {
            return Np::Home; // "to the state government": the place the story is about
        }
        Np::Unresolved
    }

    /// "both countries", "the two countries", "three South Asian countries", "the three
    /// affected provinces": the places a counted place noun stands for. The last list of
    /// exactly that many written before it ("Pakistan, Bangladesh and Sri Lanka", "Sofala,
    /// Zambézia and Nampula provinces"); for countries after "the" or "both", else the last ones
    /// named.
    fn counted_anaphor(
        &self,
        sent: &Sent,
        k: usize,
        start: usize,
        b: usize,
        donor: Option<&Who>,
    ) -> Option<Who> {
        let definite = start > k && matches!(sent.w(start - 1), "the" | "both" | "these" | "those");
        let (n, first) = if start > k && sent.w(start - 1) == "both" {
            (2, start)
        } else if let Some(U::Qty(q)) = sent.units.get(start).map(|u| u.k) {
            let v = self.figs.get(q)?.value;
            let n = (2..=9).find(|&n| rust_decimal::Decimal::from(n) == v)?;
            (n, start + 1)
        } else {
            return None;
        };
        // Up to two describing words before the noun.
        let noun = (first..(first + 3).min(b)).find(|&j| is_in(COUNTED_PLACES, sent.w(j)))?;
        let describing = |j: usize| match sent.units[j].k {
            U::Word => !is_in(FUNCTION, sent.w(j)),
            U::Party(_) => !sent
                .party(j)
                .and_then(|m| self.parties.mentions.get(m))
                .is_some_and(|m| m.who.kind == Kind::Country),
            _ => false,
        };
        if !(first..noun).all(describing) {
            return None;
        }
        let plural = sent.w(noun);
        let pos = sent.units.get(start)?.s;
        let from = floor_boundary(self.text, pos.saturating_sub(5000));
        if !matches!(plural, "countries" | "nations" | "states") {
            return names_listed(self.text.get(from..pos)?, n, plural).map(|l| Who::new(l, Kind::Text));
        }
        let giver = |w: &Who| donor.is_some_and(|d| names_include(d, w));
        let eligible = |m: &&Mention| m.who.kind == Kind::Country && !m.agent && !giver(&m.who);
        let before = &self.parties.mentions[..self.parties.mentions.partition_point(|m| m.end <= pos)];
        // The runs of places written as one list, the last of exactly `n`.
        let mut listed: Option<Vec<Who>> = None;
        let mut run: Vec<Who> = Vec::new();
        let mut last_end: Option<usize> = None;
        for m in before.iter().filter(|m| m.start >= from).filter(eligible) {
            let joined = last_end
                .and_then(|e| self.text.get(e..m.start))
                .is_some_and(|gap| matches!(gap, ", " | " and " | ", and " | " & " | " and the " | ", the "));
            if !joined {
                if run.len() == n {
                    listed = Some(std::mem::take(&mut run));
                }
                run.clear();
            }
            if !run.contains(&m.who) {
                run.push(m.who.clone());
            }
            last_end = Some(m.end);
        }
        if run.len() == n {
            listed = Some(run);
        }
        if let Some(l) = listed {
            return Some(join(&l));
        }
        if !definite {
            return None;
        }
        let mut found: Vec<Who> = Vec::new();
        for m in before.iter().rev().filter(eligible) {
            if !found.contains(&m.who) {
                found.push(m.who.clone());
            }
            if found.len() == n {
                break;
            }
        }
        if found.len() < n {
            return None;
        }
        found.reverse();
        Some(join(&found))
    }

    /// The party at `k` is part of a longer proper name in running text ("Sahel" in "the G5
    /// Sahel Joint Force").
    fn in_proper_name(&self, sent: &Sent, k: usize) -> bool {
        let mut s = k;
        while s > 0 && sent.units[s - 1].k == U::Word && (sent.units[s - 1].cap || !sent.units[s].spaced) {
            s -= 1;
        }
        let mut e = k + 1;
        while e < sent.units.len() && sent.units[e].k == U::Word && sent.units[e].cap {
            e += 1;
        }
        (s < k || e > k + 1) && self.proper_with_place(sent, s, e).is_some()
    }

    /// A country or region inside a longer proper name, in running text: "G5 Sahel Joint Force",
    /// "Lake Chad Basin" (not a fund or programme named after a place, which serves it).
    fn proper_with_place(&self, sent: &Sent, from: usize, to: usize) -> Option<Who> {
        // A headline in title case capitalises every word.
        let title_case =
            sent.units.iter().filter(|u| u.k == U::Word && u.low.len() > 3 && !u.cap).count() <= 1;
        if title_case || sent.caps {
            return None;
        }
        let mut s = from;
        while s < to {
            let is_name = |u: &Unit| {
                u.k == U::Word && u.cap && u.low.chars().any(char::is_alphabetic) && !is_in(FUNCTION, &u.low)
                    || matches!(u.k, U::Party(_))
                    || u.k == U::Word && !u.spaced && u.low.chars().all(|c| c.is_ascii_digit())
            };
            if !is_name(&sent.units[s]) {
                s += 1;
                continue;
            }
            let mut e = s;
            while e < to && is_name(&sent.units[e]) {
                e += 1;
            }
            let run = &sent.units[s..e];
            let places: Vec<usize> = (s..e).filter(|&x| sent.party(x).is_some()).collect();
            let words_after = places.last().is_some_and(|&p| p + 1 < e);
            let words_before = run.first().is_some_and(|u| u.k == U::Word);
            let all_places = places.iter().all(|&x| {
                let u = &sent.units[x];
                self.who_at_unit(sent, x).is_place() && !u.low.ends_with("'s") && !u.low.ends_with("’s")
            });
            let last = run.last().map(|u| u.low.as_str()).unwrap_or("");
            if !places.is_empty()
                && all_places
                && (words_after || words_before && run.len() > 2)
                && self.t.role(last) & (role::CHANNEL | role::BODY | role::OFFICE | role::NATIONAL) == 0
            {
                let text = self.phrase_text(sent, s, e);
                return Some(Who::new(text, Kind::Text));
            }
            s = e;
        }
        None
    }

    /// The nationality the document gives its factions: the country word written right before
    /// a faction noun somewhere in the text ("Syrian opposition").
    fn faction_nationality(&self) -> Option<&str> {
        self.parties.mentions.iter().filter(|m| m.who.kind == Kind::Country).find_map(|m| {
            let surface = self.text.get(m.start..m.end)?;
            let next = self.text.get(m.end..)?.split_whitespace().next()?;
            let next = next.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            (surface.chars().next().is_some_and(char::is_uppercase)
                && self.t.role(&next) & role::FACTION != 0)
                .then_some(surface)
        })
    }

    /// "the country", "the region", "the continent": the last such party named before.
    fn anaphor(&self, sent: &Sent, k: usize, donor: Option<&Who>) -> Option<Who> {
        if sent.w(k) != "the" {
            return None;
        }
        let r = self.t.role(sent.w(k + 1));
        let want = if r & role::ANAPHOR_COUNTRY != 0 {
            Kind::Country
        } else if r & role::ANAPHOR_REGION != 0 {
            Kind::Region
        } else {
            return None;
        };
        let pos = sent.units.get(k)?.s;
        let found = self
            .parties
            .mentions
            .iter()
            .rev()
            .filter(|m| m.end <= pos && m.who.kind == want && donor.is_none_or(|d| d.name != m.who.name))
            .map(|m| self.prefixed(m.start, &m.who))
            .next();
        // "the State" in a story datelined from its capital ("CHENNAI:") that names no state.
        let found = found.or_else(|| {
            let state = (want == Kind::Region && sent.w(k + 1) == "state")
                .then(|| self.parties.dateline_region.clone());
            state.flatten().filter(|r| donor.is_none_or(|d| !names_include(d, r)))
        });
        // "the region" in a story that names no region: the place the story's aid goes to.
        let Some(found) = found else {
            let last = self.last_recipient.borrow();
            return last
                .as_ref()
                .filter(|l| {
                    want == Kind::Region && l.is_place() && donor.is_none_or(|d| !names_include(d, l))
                })
                .cloned();
        };
        // "the country" is the one the story's money goes to, if it has one; "the region" after
        // "Pacific island countries" is those countries.
        let last = self.last_recipient.borrow();
        if want == Kind::Country
            && let Some(l) =
                last.as_ref().filter(|l| l.kind == Kind::Country && donor.is_none_or(|d| d.name != l.name))
        {
            return Some(l.clone());
        }
        match last.as_ref() {
            Some(l) if l.kind == Kind::Text && super::link::refines(l, &found) => Some(l.clone()),
            _ => Some(found),
        }
    }

    /// For money going through a programme or fund: the place it serves, named elsewhere in the
    /// sentence, else earlier in the paragraph.
    fn channel_place(&self, si: usize, sent: &Sent, i: usize, donor: Option<&Who>) -> Option<Who> {
        let ok = |k: usize| {
            let m = sent.party(k)?;
            let w = self.place_who(sent, k);
            let prev = sent.w(k.wrapping_sub(1));
            (self.parties.mentions.get(m)?.who.is_place()
                && donor.is_none_or(|d| d.name != w.name)
                && !matches!(prev, "from" | "than" | "as")
                && !self.is_subject_at(sent, 0, k))
            .then_some(w)
        };
        let n = sent.units.len();
        if let Some(w) = (i + 1..n).find_map(ok).or_else(|| (0..i).rev().find_map(ok)) {
            return Some(w);
        }
        let para = sent.para;
        for prev in (0..si).rev() {
            let s = self.sents.get(prev)?;
            if s.para != para {
                break;
            }
            if let Some(w) = (0..s.units.len()).rev().find_map(|k| {
                let m = s.party(k)?;
                let w = self.place_who(s, k);
                (self.parties.mentions.get(m)?.who.is_place() && donor.is_none_or(|d| d.name != w.name))
                    .then_some(w)
            }) {
                return Some(w);
            }
        }
        None
    }

    /// The list of parties starting at `k` ("Turkey, Morocco and Jordan").
    pub(super) fn party_list_from(&self, sent: &Sent, k: usize, b: usize) -> (usize, Vec<Who>) {
        let mut list = vec![self.place_who(sent, k)];
        let mut j = k;
        while j + 2 < b {
            if !matches!(sent.w(j + 1), "and" | "," | "&") {
                break;
            }
            let nxt = if sent.w(j + 1) == "," && sent.w(j + 2) == "and" { j + 3 } else { j + 2 };
            if sent.party(nxt).is_none() {
                break;
            }
            list.push(self.place_who(sent, nxt));
            j = nxt;
        }
        (j, list)
    }

    /// The party at unit `k`.
    pub(super) fn who_at_unit(&self, sent: &Sent, k: usize) -> Who {
        sent.party(k).map(|m| self.mention_who(m)).unwrap_or_else(|| Who::new("", Kind::Text))
    }

    pub(super) fn mention_who(&self, m: usize) -> Who {
        self.parties.mentions.get(m).map(|x| x.who.clone()).unwrap_or_else(|| Who::new("", Kind::Text))
    }

    /// A place as named, with a compass word before a region kept: "northern Central America".
    fn place_who(&self, sent: &Sent, k: usize) -> Who {
        let w = self.who_at_unit(sent, k);
        match sent.units.get(k) {
            Some(u) => self.prefixed(u.s, &w),
            None => w,
        }
    }

    fn prefixed(&self, start: usize, w: &Who) -> Who {
        if w.kind != Kind::Region {
            return w.clone();
        }
        let before = self.text.get(..start).unwrap_or("").trim_end();
        let word_start = before.rfind(|c: char| !c.is_alphanumeric() && c != '-').map(|p| p + 1).unwrap_or(0);
        let word = before.get(word_start..).unwrap_or("");
        let compass =
            ["northern", "southern", "eastern", "western", "north", "south", "east", "west", "central"];
        // "flood-hit Odisha": a compound participle that says what befell the place stays.
        let befallen = word.rsplit_once('-').is_some_and(|(x, p)| !x.is_empty() && is_participle(p));
        // "Eastern Caribbean", "Central Sahel": a compass word in a name too.
        if compass.contains(&word.to_lowercase().as_str()) || befallen {
            Who::new(format!("{word} {}", w.name), Kind::Region)
        } else {
            w.clone()
        }
    }

    /// Text of units `a..b`, without leading determiners.
    fn phrase_text(&self, sent: &Sent, a: usize, b: usize) -> String {
        let (Some(first), Some(last)) = (sent.units.get(a), sent.units.get(b.saturating_sub(1))) else {
            return String::new();
        };
        let s = self.text.get(first.s..last.e).unwrap_or("");
        let s = s.trim_end_matches([',', ' ', '-']);
        s.strip_suffix(" and").unwrap_or(s).to_string()
    }
}

/// `w` is `d` or one of the parties `d` joins ("Japan and Italy" includes Italy).
pub(super) fn names_include(d: &Who, w: &Who) -> bool {
    d.name == w.name
        || d.kind == Kind::Text
            && d.name.split(" and ").flat_map(|p| p.split(", ")).any(|p| p.trim() == w.name)
}

/// Past a time adverbial between a subject and its verb ("The Centre on Monday sanctioned",
/// "the government today released"): the unit where the verb may stand.
/// Unit `k` opens a relative clause between commas ("The Chief Minister, who also holds the
/// finance portfolio, presented"): the unit after its closing comma, else `k`.
fn skip_relative(sent: &Sent, k: usize) -> usize {
    if sent.w(k) != "," || !matches!(sent.w(k + 1), "who" | "which") {
        return k;
    }
    (k + 2..sent.units.len().min(k + 20)).find(|&j| sent.w(j) == ",").map_or(k, |j| j + 1)
}

pub(super) fn skip_time(sent: &Sent, k: usize) -> usize {
    match sent.w(k) {
        "on" if is_in(WEEKDAYS, sent.w(k + 1)) => k + 2,
        "today" | "yesterday" | "earlier" | "recently" => k + 1,
        "last" | "this" if matches!(sent.w(k + 1), "week" | "month" | "year") => k + 2,
        _ => k,
    }
}

/// The name of capitalised words ending in the word at `i..i + len` of `text` ("the Hale
/// Family Foundation" → "Hale Family Foundation"): its start and text. The word must follow a
/// space and at least one capitalised word (or "&", "of" inside the name) must come before it.
fn caps_name(text: &str, i: usize, len: usize) -> Option<(usize, String)> {
    // Names are short: only the 200 bytes before the word are read.
    let from = floor_boundary(text, i.saturating_sub(200));
    let words: Vec<&str> = text.get(from..i)?.split([' ', '\n']).collect();
    let n = words
        .iter()
        .rev()
        .skip(1)
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(['.', ',', ';', ':', ')'])
                || matches!(**w, "&" | "of")
        })
        .count();
    // The head must follow a space, so that the words counted end right before it.
    // A name reaching back to where reading began may have lost its first letters.
    let cut = from > 0 && n + 1 >= words.len();
    if n == 0 || words.len() <= n || words.last() != Some(&"") || cut {
        return None;
    }
    let start = i - words[words.len() - 1 - n..words.len() - 1].iter().map(|w| w.len() + 1).sum::<usize>();
    Some((start, text.get(start..i + len)?.trim_start_matches("The ").to_string()))
}

fn title_case(word: &str) -> String {
    let mut title = word.to_string();
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    title
}

/// The smallest char boundary of `text` at or after `i` (at most its length).
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Place nouns a count can stand for: "the three provinces".
const COUNTED_PLACES: &[&str] = &[
    "countries", "nations", "states", "provinces", "regions", "districts", "islands", "governorates",
    "counties", "territories",
];

/// The last list of exactly `n` capitalised names written with the place noun `plural` in
/// `text` ("Sofala, Zambézia and Nampula provinces", "the regions of Arequipa, Moquegua and
/// Tacna"), as "Sofala, Zambézia and Nampula provinces".
fn names_listed(text: &str, n: usize, plural: &str) -> Option<String> {
    use std::sync::LazyLock;
    static LIST: LazyLock<regex::Regex> = LazyLock::new(|| {
        let name = r"\p{Lu}[\p{L}'-]+(?: \p{Lu}[\p{L}'-]+)?";
        let pattern = format!(r"(?:\b(\p{{Ll}}+) of )?({name}(?:, {name})*,? and {name})(?: (\p{{Ll}}+))?");
        regex::Regex::new(&pattern).expect("the list pattern compiles")
    });
    LIST.captures_iter(text)
        .filter(|c| c.get(1).or(c.get(3)).is_some_and(|w| w.as_str() == plural))
        .filter_map(|c| {
            let list = c.get(2)?.as_str();
            let names = list.split(", ").flat_map(|p| p.split(" and ")).filter(|p| !p.is_empty()).count();
            (names == n).then(|| format!("{} {plural}", list.replace(", and ", " and ")))
        })
        .last()
}

/// The largest char boundary of `text` at or before `i`.
pub(super) fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// People named in `text`, in order: after a courtesy title ("Sir Leonard Hale" gives
/// "Leonard Hale") or before an age ("Karen Moss, 52,"). Byte offset and name.
fn person_names(text: &str) -> impl Iterator<Item = (usize, &str)> {
    use std::sync::LazyLock;
    static NAME: LazyLock<regex::Regex> = LazyLock::new(|| {
        let word = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?";
        regex::Regex::new(&format!(
            r"\b(?:Sir|Dame|Lord|Lady|Mr|Mrs|Ms|Dr)\.? ({word}(?: {word}){{0,2}})|\b({word}(?: {word}){{1,2}}), \d{{2}},"
        ))
        .expect("person name pattern")
    });
    NAME.captures_iter(text).filter_map(|c| {
        let m = c.get(1).or_else(|| c.get(2))?;
        Some((m.start(), m.as_str()))
    })
}

/// Verbs of building or buying: what they take ("rebuilding 12 schools", "to buy 40 trucks") is
/// what the money pays for, not who receives it.
fn builds(w: &str) -> bool {
    is_in(BUILD_VERBS, w)
}

/// The last state named within 20,000 bytes before byte `pos` as "Kano State" or "Ondo State"
/// (a federal country's state that the party lexicon does not know), as written.
fn state_named_before(text: &str, pos: usize) -> Option<Who> {
    // Words before "State" that make it something else: "United States", "Islamic State".
    const NOT_STATES: &[&str] = &[
        "United", "Islamic", "Member", "Secretary", "Head", "Heads", "Department", "Minister", "Ministers",
        "Federal", "Sovereign", "Independent", "Palestinian", "Jewish", "Arab", "Nation", "Police",
        "Welfare", "Union", "The", "This", "Each", "Every", "Deep", "Penn", "Ohio", "Arizona",
    ];
    // Within the story's reach (20,000 bytes), so that a huge document stays linear.
    let from = floor_boundary(text, pos.saturating_sub(20_000));
    let before = text.get(from..floor_boundary(text, pos))?;
    before.rmatch_indices(" State").find_map(|(at, _)| {
        let after = before[at + " State".len()..].chars().next();
        if after.is_some_and(char::is_alphanumeric) {
            return None; // "Statement", "Stateless"
        }
        let start = before[..at].rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| i + 1);
        let name = &before[start..at];
        let capitalised = name.chars().next().is_some_and(char::is_uppercase) && name.len() > 2;
        (capitalised && !NOT_STATES.contains(&name)).then(|| Who::new(format!("{name} State"), Kind::Text))
    })
}
