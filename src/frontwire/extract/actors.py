"""Who: actor mentions in a parsed article, resolved to the knowledge base, and who did what to whom.

`ActorFinder.find` works in three passes over one `Doc`:

1. named actors: every alias of the KB, matched with one Aho-Corasick automaton over the normalised text
   (acronyms such as "IS" or "SDF" only in their exact case);
2. country-derived actors: "Syrian troops", "Turkish warplanes", "Iraq's police", "Turkey shelled",
   "Russian airstrikes" give the per-country actor of the right kind;
3. descriptions and pronouns ("the militants", "regime forces", "gunmen", "civilians", "they"), resolved
   in reading order to the most recent compatible earlier mention, else to the actor the description
   names in the country in focus (``descriptions.yaml`` documents the order).

`ActorFinder.roles` reads the dependency tree around a trigger (the tree walking is in `roles.py`;
`Roles` is re-exported here): agents (nsubj, the object of "by" in a
passive, "Russian" in "Russian airstrikes") become actor1; patients (dobj, nsubjpass, "on/against X",
"targeting X", "clashes with X") actor2; coordinated actors become associated actors. When a side lists
a country's own state forces and foreign forces ("the Syrian Air Force and the Russian Aerospace Forces"),
the local state forces come first and the foreign ones are associated, as ACLED codes joint operations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from frontwire.config import Config
from frontwire.extract.phrase_match import Hit, PhraseMatcher, shouting, tag_blocks
from frontwire.extract.roles import (
    MODIFIER_DEPS,
    Roles,
    antecedent,
    coordinated_after,
    mention_under,
    names_inside,
    order_side,
    owner_named,
    role_tokens,
    victims_near,
    with_conjuncts,
)
from frontwire.extract.textspans import doc_text
from frontwire.knowledge.actorkb import (
    ActorEntry,
    ActorKB,
    Country,
    DescriptionClass,
    inter_in,
    load_actor_kb,
    normalize,
)
from frontwire.types import ActorMention, ActorRef, ArticleContext, PlaceMention, Trigger

__all__ = ["ActorFinder", "Roles"]

ARMED_KINDS = frozenset({"rebel", "militia", "identity militia", "external", "military", "unidentified"})
ORG_KINDS = frozenset({"rebel", "militia", "identity militia", "external", "military", "police"})
# Nouns an adjective of nationality turns into an act of that state's forces ("Russian airstrikes").
STATE_ACT_NOUNS = frozenset(
    """strike airstrike raid shelling bombardment bombing attack assault offensive operation fire barrage
    missile rocket shell mortar incursion advance operation position base outpost checkpoint patrol convoy
    post vehicle tank gunboat warship plane jet drone helicopter unit deployment intervention support
    backing cover""".split()
)
SAYING_VERBS = frozenset(
    """say tell claim announce accuse deny report state warn condemn call urge add note confirm reveal
    insist believe think want ask demand threaten vow pledge promise hope plan""".split()
)
# Heads that a description only qualifies ("opposition areas", "regime media"): no actor there.
NON_ACTOR_HEADS = frozenset(
    """area district neighborhood neighbourhood territory part side zone town city village region province
    enclave countryside media source activist official spokesman statement news outlet website agency
    stronghold held controlled bastion lines line front command source""".split()
)
EVENT_HEADS = STATE_ACT_NOUNS | {"act", "shelling", "explosion", "blast", "massacre", "kidnapping"}
REMOTE_OR_BATTLE = frozenset({"Battles", "Explosions/Remote violence"})
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
PRONOUNS = frozenset({"they", "them", "it", "their", "its"})
HARMFUL_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})
_DAY_KEY = "frontwire.actors.day"
_FOCUS_KEY = "frontwire.actors.focus"
_PLACES_KEY = "frontwire.actors.places"
# Per-country actors whose country is where the event happened, not whose words ("Iranian militias")
# happened to be near: the crowd, the victims, the unnamed gunmen.
PLACE_BOUND_KINDS = frozenset({"civilians", "protesters", "rioters", "unidentified"})
CROWD_KINDS = frozenset({"civilians", "protesters", "rioters"})
# "government forces and Houthi fighters clashed": the two subjects are the two sides.
RECIPROCAL_VERBS = frozenset("clash fight battle exchange skirmish".split())
# Protests where a force stepped in: that force is actor2, or actor1 when it used excessive force (ACLED);
# a peaceful protest has none.
INTERVENED = frozenset({"Protest with intervention", "Excessive force against protesters"})
# Bombs nobody claims: ACLED codes them to "Unidentified Armed Group (X)", not to whoever was named nearby.
UNCLAIMED_TYPES = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
# "Al Qaeda-held Idlib", "IS-controlled areas": the name describes a place there, it is not an actor.
_HOLDING = re.compile(r"-(?:held|controlled|run|ruled|besieged|occupied|dominated)\b", re.IGNORECASE)
_OF_GAP = re.compile(
    r"^\s+(?:of|from|(?:affiliated|linked|loyal|belonging)\s+(?:to|with))\s+(?:the\s+)?$", re.IGNORECASE
)
NON_VIOLENT_KINDS = frozenset({"civilians", "protesters", "rioters"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})


class ActorFinder:
    """Finds actor mentions and actor roles; build once per process with `ActorFinder.load`."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self._named = PhraseMatcher((alias, actor_id) for alias, actor_id in kb.aliases())
        self._countries = PhraseMatcher(kb.country_words())
        described: list[tuple[str, Any]] = []
        for cls in kb.classes:
            described.extend((p, cls) for p in cls.phrases)
        described.extend(kb.with_descriptions())
        self._described = PhraseMatcher(described)
        self._force_words = set(STATE_ACT_NOUNS) | {w + "s" for w in STATE_ACT_NOUNS}
        for cls in kb.classes:
            if cls.default in ("military", "police"):
                self._force_words.update(p.lower() for p in cls.phrases if " " not in p)

    @classmethod
    def load(cls, config: Config | None = None) -> ActorFinder:
        extra = tuple(config.extra_actor_files) if config else ()
        return _finder(extra)

    # --- find ------------------------------------------------------------------------------------
    def find(
        self, doc: Doc, ctx: ArticleContext | None = None, places: Sequence[PlaceMention] = ()
    ) -> list[ActorMention]:
        """Every actor mention in `doc`, resolved; offsets are those of the cleaned text."""
        text = doc_text(doc)
        norm = normalize(text)
        day = ctx.published if ctx else None
        # roles() names inferred actors for the same day (a string keeps the Doc serialisable)
        doc.user_data[_DAY_KEY] = day.isoformat() if day else None
        named = PhraseMatcher.longest(
            [
                h
                for h in self._named.all(text, norm)
                if not self._weak_acronym(text, h) and not _HOLDING.match(text, h.end)
            ]
        )
        noise = tag_blocks(text)
        if noise:  # a site's tag list names actors it says nothing about
            named = [h for h in named if not any(s <= h.start < e for s, e in noise)]
        country_hits = PhraseMatcher.longest(
            [h for h in self._countries.all(text, norm) if text[h.start].isupper()],
            [(h.start, h.end) for h in named] + noise,
        )
        focus = self._focus(text, named, country_hits, places, ctx)
        doc.user_data[_FOCUS_KEY] = focus
        # where the article's places are, for the country of "Unidentified Armed Group (X)" and crowds
        # (a bare country name is as often an actor's as a place: "Russia", "the United States")
        doc.user_data[_PLACES_KEY] = [
            (p.start, p.place.country)
            for p in places
            if p.place is not None and p.place.country and p.place.feature != "country"
        ]
        found: list[ActorMention] = []
        for hit in named:
            entry = self._pick(hit.payload, focus, day)
            score = 1.0 if entry.active_on(day) else 0.8
            found.append(
                self._mention(text, hit.start, hit.end, entry=entry, day=day, focus=focus, score=score)
            )
        taken = [(m.start, m.end) for m in found]
        found.extend(self._country_actors(doc, hits=country_hits, day=day, focus=focus, taken=taken))
        described = PhraseMatcher.longest(
            self._described.all(text, norm), [(m.start, m.end) for m in found] + noise
        )
        described = [h for h in described if text[h.start : h.end].lower() not in PRONOUNS]
        found = self._merge_adjacent(text, found, described)
        covered = [(m.start, m.end) for m in found]
        described = [h for h in described if all(h.end <= s or h.start >= e for s, e in covered)]
        pronouns = [
            t
            for t in doc
            if t.lower_ in PRONOUNS
            and t.dep_ in _SUBJ | {"dobj", "pobj", "poss"}
            and t.head.lemma_ not in SAYING_VERBS | {"be", "have"}
        ]
        queue: list[tuple[int, Any]] = [(h.start, h) for h in described] + [(t.idx, t) for t in pronouns]
        resolved = sorted(found, key=lambda m: m.start)
        derived: set[int] = set()  # descriptions that took an earlier mention's actor
        for _, item in sorted(queue, key=lambda q: q[0]):
            mention = (
                self._resolve_pronoun(item, resolved)
                if isinstance(item, Token)
                else self._resolve_description(
                    doc,
                    hit=item,
                    resolved=resolved,
                    country_hits=country_hits,
                    focus=focus,
                    day=day,
                    described_at=described,
                    derived=derived,
                )
            )
            if mention is not None:
                resolved.append(mention)
                resolved.sort(key=lambda m: m.start)
        return resolved

    def focus_country(
        self, doc: Doc, ctx: ArticleContext | None = None, places: Sequence[PlaceMention] = ()
    ) -> str | None:
        """The country the article is about: the most named one (places count double)."""
        text = doc_text(doc)
        norm = normalize(text)
        named = PhraseMatcher.longest(self._named.all(text, norm))
        hits = PhraseMatcher.longest(
            [h for h in self._countries.all(text, norm) if text[h.start].isupper()],
            [(h.start, h.end) for h in named],
        )
        return self._focus(text, named, hits, places, ctx)

    def _weak_acronym(self, text: str, hit: Hit) -> bool:
        return (
            hit.end - hit.start <= 3
            and text[hit.start : hit.end].isupper()
            and shouting(text, hit.start, hit.end)
        )

    def _is_force_word(self, word: str) -> bool:
        return word.strip(".,;:!?\"'()").lower() in self._force_words

    def _focus(
        self,
        text: str,
        named: list[Hit],
        country_hits: list[Hit],
        places: Sequence[PlaceMention],
        ctx: ArticleContext | None,
    ) -> str | None:
        first: dict[str, int] = {}
        votes: dict[str, float] = {}
        for hit in country_hits:
            info: Country = hit.payload[0]
            # "Russian jets" says who acted, not where: a country word before a force noun counts little.
            after = text[hit.end : hit.end + 25].split()
            acting = bool(after) and self._is_force_word(after[0])
            backed = text[hit.end : hit.end + 1] == "-"  # "US-backed", "Turkish-controlled"
            weight = 0.1 if backed else 0.25 if acting else 1.0
            votes[info.name] = votes.get(info.name, 0.0) + weight
            first.setdefault(info.name, hit.start)
        for hit in named:
            entry = self.kb.get(hit.payload[0])
            if entry.country:
                # a group's home country hints at the place; a named state force hints less
                weight = 0.25 if entry.kind in ("military", "police", "external") else 0.5
                votes[entry.country] = votes.get(entry.country, 0.0) + weight
                first.setdefault(entry.country, hit.start)
            for theatre in entry.theatres:
                weight = 0.5 / len(entry.theatres) + 0.01 * (theatre == entry.theatres[0])
                votes[theatre] = votes.get(theatre, 0.0) + weight
                first.setdefault(theatre, hit.start)
        for place in places:
            if place.place.country:
                votes[place.place.country] = votes.get(place.place.country, 0.0) + 2.0
                first.setdefault(place.place.country, place.start)
        if ctx and ctx.article.title:
            for word in ctx.article.title.replace("'s", " ").split():
                titled = self.kb.country(word.strip('.,:;!?"()'))
                if titled:
                    votes[titled.name] = votes.get(titled.name, 0.0) + 2.0
                    first.setdefault(titled.name, -1)
        if not votes:
            return None
        return max(votes, key=lambda c: (votes[c], -first.get(c, 0)))

    def _pick(self, ids: list[str], focus: str | None, day: date | None) -> ActorEntry:
        entries = [self.kb.get(i) for i in dict.fromkeys(ids)]
        entries.sort(
            key=lambda e: (not e.active_on(day), e.country not in (focus, None), e.parent is not None)
        )
        return self.kb.successor(entries[0], day)

    def _mention(
        self,
        text: str,
        start: int,
        end: int,
        *,
        entry: ActorEntry,
        day: date | None,
        focus: str | None,
        score: float,
    ) -> ActorMention:
        ref = entry.ref(day)
        return ActorMention(start, end, text[start:end], replace(ref, inter=inter_in(ref, focus)), score)

    def _country_actors(
        self,
        doc: Doc,
        *,
        hits: list[Hit],
        day: date | None,
        focus: str | None,
        taken: list[tuple[int, int]],
    ) -> list[ActorMention]:
        """ "Russian airstrikes", "Turkey's offensive", "Turkey shelled": the state's forces."""
        out = []
        for hit in hits:
            span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
            if span is None or any(not (hit.end <= s or hit.start >= e) for s, e in taken):
                continue
            tok = span.root
            info: Country = hit.payload[0]
            head = tok.head
            acting = False
            if tok.dep_ in MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN"):
                word = head.lower_  # a title-case "Airstrikes" is a PROPN and keeps its plural lemma
                acting = head.lemma_.lower() in STATE_ACT_NOUNS or word.removesuffix("s") in STATE_ACT_NOUNS
            elif tok.dep_ in ("nsubj", "csubj") and head.pos_ == "VERB":
                # "Turkey shelled ..." but not "in Idlib, Syria killed ..." (a place misparsed as subject)
                after_comma = tok.i > 0 and doc[tok.i - 1].text == ","
                acting = head.lemma_.lower() not in SAYING_VERBS and not after_comma
            elif tok.dep_ == "pobj" and head.dep_ == "agent":
                acting = True
            if not acting:
                continue
            entry = self.kb.country_actor(info.name, "military")
            if entry is not None:
                out.append(
                    self._mention(
                        doc_text(doc), hit.start, hit.end, entry=entry, day=day, focus=focus, score=0.9
                    )
                )
        return out

    def _merge_adjacent(
        self, text: str, found: list[ActorMention], described: list[Hit]
    ) -> list[ActorMention]:
        """ "IS militants", "SDF fighters": a description right after a name is part of that mention."""
        out = []
        starts = {h.start: h for h in described}
        for mention in sorted(found, key=lambda m: m.start):
            gap = mention.end
            while gap < len(text) and text[gap] == " ":
                gap += 1
            hit = starts.get(gap)
            if hit is not None and gap - mention.end <= 1 and self._compatible_hit(hit, mention.actor):
                out.append(replace(mention, end=hit.end, text=text[mention.start : hit.end]))
            else:
                out.append(mention)
        return out

    @staticmethod
    def _compatible_hit(hit: Hit, actor: ActorRef) -> bool:
        for p in hit.payload:
            if isinstance(p, DescriptionClass):
                if p.name in ("armed", "military", "police") or actor.kind in p.compatible:
                    return True
            elif isinstance(p, ActorEntry) and p.id == actor.actor_id:
                return True
        return False

    def _modifier_country(self, doc: Doc, span: Span, country_hits: list[Hit]) -> tuple[Country, int] | None:
        """The country word modifying a description ("Syrian troops", "Iraq's police", "police of Iraq"),
        and where the mention should start (the country word when it stands before the description)."""
        tokens: list[Token] = []
        for tok in span:
            tokens.extend(c for c in tok.children if c.dep_ in MODIFIER_DEPS and c.i < span.start)
        left = doc[span.start - 1] if span.start > 0 else None
        if left is not None and left.pos_ in ("ADJ", "PROPN", "PART"):
            tokens.append(left)
        for prep in span.root.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                tokens.extend(c for c in prep.children if c.dep_ == "pobj")
        for tok in tokens:
            for sub in (tok, *tok.subtree):
                for hit in country_hits:
                    if hit.start <= sub.idx < hit.end:
                        before = sub.i < span.start and span.start - sub.i <= 3
                        return hit.payload[0], (hit.start if before else span.start_char)
        return None

    def _resolve_description(
        self,
        doc: Doc,
        *,
        hit: Hit,
        resolved: list[ActorMention],
        country_hits: list[Hit],
        focus: str | None,
        day: date | None,
        described_at: Sequence[Hit] = (),
        derived: set[int] | None = None,
    ) -> ActorMention | None:
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        attributive = root.dep_ in ("amod", "compound") and root.head.lemma_.lower() in EVENT_HEADS
        if root.pos_ not in ("NOUN", "PROPN", "PRON") and not attributive:
            return None  # "terrorist attacks" is an actor; "rebel" in other adjective uses is not
        text = doc_text(doc)
        after = text[hit.end : hit.end + 2]
        if any(m.start in (hit.end, hit.end + 1) for m in resolved) and after[:1] == " ":
            return None  # "the rebel faction Jaish al-Islam": a label before the name
        if any(c.dep_ == "appos" and any(m.start <= c.idx < m.end for m in resolved) for c in root.children):
            return None
        if text[hit.end : hit.end + 1] == "-":
            return None  # "rebel-held", "regime-controlled": a place's description, not an actor
        if any(_OF_GAP.match(text[hit.end : m.start]) for m in resolved if hit.end < m.start <= hit.end + 20):
            return None  # "fighters from Jaish al-Islam", "militants of the Islamic State": the name says who
        head = span.root.head
        if span.root.dep_ in ("amod", "compound", "nmod") and head.lemma_.lower() in NON_ACTOR_HEADS:
            return None
        if span.root.dep_ in ("amod", "compound") and owner_named(head, resolved):
            return None  # "the military base of the NDF": the owner named after it is the actor
        if span.root.dep_ in ("amod", "compound") and span.root.head.i >= span.end:
            if any(h.start <= span.root.head.idx < h.end for h in described_at):
                return None  # "rebel fighters": the head noun is the mention
        start = hit.start
        if names_inside(span, resolved):
            return None  # "forces of the SNA", "Turkish drones": the head of a phrase that names its actor
        modifier = self._modifier_country(doc, span, country_hits)
        country = modifier[0] if modifier else None
        if modifier is not None:
            start = min(start, modifier[1])
        classes = [p for p in hit.payload if isinstance(p, DescriptionClass)]
        entries = [p for p in hit.payload if isinstance(p, ActorEntry)]
        earlier = [m for m in resolved if m.end <= hit.start]
        phrase = text[hit.start : hit.end]
        for cls in classes:
            # "Syrian troops", "Turkish civilians": the country says whose. Armed groups are not named
            # by a nationality ("Syrian terrorist groups"), so those go on to the antecedent rules.
            if country is not None and cls.default and cls.default != "unidentified":
                entry = self.kb.country_actor(country.name, cls.default)
                if entry is not None:
                    return self._mention(text, start, hit.end, entry=entry, day=day, focus=focus, score=0.9)
        if country is not None:
            focus = country.name
        # "the jihadists" after "IS": an earlier actor the phrase describes.
        # A catch-all ("Rebel Groups (Syria)" for "terrorists") only stands for itself: the group a recent
        # sentence named comes first ("ISIS targeted the town ... terrorist groups fired 13 shells").
        wanted = {e.id for e in entries if not e.catch_all}
        for m in reversed(earlier):
            if m.actor.actor_id in wanted or self.kb.top(self.kb.get(m.actor.actor_id)).id in wanted:
                return ActorMention(hit.start, hit.end, phrase, m.actor, 0.75)
        defaults = [e for e in entries if focus is not None and (e.country == focus or focus in e.theatres)]
        defaults.sort(key=lambda e: (not e.active_on(day), e.parent is not None))  # the SDF only from 2015
        for cls in classes:
            if cls.refer != "antecedent":
                continue
            # Only what the text named counts as an antecedent, not an earlier description that took
            # one: in a wire of short items "terrorists" must not chain from item to item.
            allowed = [
                m
                for m in earlier
                if not self._excluded(m.actor, cls.exclude) and (derived is None or m.start not in derived)
            ]
            found = antecedent(doc, span, allowed, cls.compatible) or self._sole_named(
                text, hit.start, allowed, cls.compatible
            )
            if found is not None and not (found.actor.kind == "unidentified" and defaults):
                if derived is not None:
                    derived.add(hit.start)
                return ActorMention(hit.start, hit.end, phrase, found.actor, 0.7)
        for entry in defaults:
            return self._mention(text, hit.start, hit.end, entry=entry, day=day, focus=focus, score=0.6)
        for cls in classes:
            if cls.default and focus is not None:
                fallback = self.kb.country_actor(focus, cls.default)
                if fallback is not None:
                    return self._mention(
                        text, hit.start, hit.end, entry=fallback, day=day, focus=focus, score=0.6
                    )
        return None

    @staticmethod
    def _sole_named(
        text: str, at: int, earlier: Sequence[ActorMention], kinds: frozenset[str]
    ) -> ActorMention | None:
        """ "the insurgents" two sentences after "Boko Haram insurgents": past the usual window, a
        definite description still means the one group of its kind the article named before it."""
        if not re.search(r"\bthe\s+$", text[max(0, at - 5) : at], re.IGNORECASE):
            return None
        named = [m for m in earlier if m.score >= 1.0 and m.actor.kind in kinds and m.actor.inter != 1]
        if len({m.actor.actor_id for m in named}) != 1:
            return None
        return named[-1]

    def _excluded(self, actor: ActorRef, affiliations: frozenset[str]) -> bool:
        if not affiliations or actor.actor_id not in self.kb.entries:
            return False
        entry = self.kb.entries[actor.actor_id]
        chain = {*entry.affiliations, *self.kb.top(entry).affiliations}
        return bool(chain & affiliations)

    def _resolve_pronoun(self, tok: Token, resolved: list[ActorMention]) -> ActorMention | None:
        """ "they"/"it" as subject or object: the nearest earlier organisation within two sentences."""
        sent_start = tok.sent.start
        window = tok.doc[max(0, sent_start - 1)].sent.start_char if sent_start > 0 else tok.sent.start_char
        for m in reversed([m for m in resolved if window <= m.start and m.end <= tok.idx]):
            if m.actor.kind not in ORG_KINDS:
                continue
            if tok.lower_ in ("it", "its") and m.actor.kind in ("military", "police", "unidentified"):
                continue
            return ActorMention(tok.idx, tok.idx + len(tok), tok.text, m.actor, 0.6)
        return None

    # --- roles -----------------------------------------------------------------------------------
    def roles(self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> Roles:
        """actor1/actor2 and associated actors for `trigger`, from the sentence's dependency tree.

        When the sentence names no perpetrator of a violent event ("air raids killed 10 people"), the
        perpetrator the article just named is taken (a lower score marks the inference); an air strike
        nobody is named for falls to the state forces of the country in focus, as ACLED codes them.
        """
        span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
        if span is None or not mentions:
            return Roles()
        sent = span.root.sent
        local = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        agents, patients, pairs = role_tokens(span.root)
        side1 = self._side(agents, local)
        side2 = self._side(patients, local, exclude=side1)
        first = self._side(pairs[:1], local)
        if first:  # "clashes between X and Y" names both sides, whatever the verb around it says
            rest = self._side(pairs[1:], local, exclude=first) or coordinated_after(
                doc_text(doc), first, local
            )
            side1, side2 = first, rest or [m for m in side2 if m not in first]
        side1, side2 = order_side(side1), order_side(side2)
        if side1 and side1[0].actor.kind in NON_VIOLENT_KINDS and trigger.event_type in REMOTE_OR_BATTLE:
            side2 = side2 or side1[:1]  # "people were killed in shelling": victims, not shooters
            side1 = side1[1:]
        if trigger.event_type == "Explosions/Remote violence":
            side1 = [m for m in side1 if m.actor.kind != "international"]  # the UN drops no bombs
        actor1 = side1[0] if side1 else None
        if side2 and actor1 and side2[0].actor.actor_id == actor1.actor.actor_id:
            if side2[0].text.lower() in PRONOUNS:
                side2 = side2[1:]  # "IS entered its former stronghold"
        if actor1 is None and trigger.event_type in VIOLENT_TYPES:
            actor1 = self._context_agent(trigger, doc, mentions, side2)
        if trigger.sub_event_type in UNCLAIMED_TYPES and (actor1 is None or self._catch_all_guess(actor1)):
            actor1 = self._unidentified(trigger, doc, actor1) or actor1
        if not side2 and trigger.event_type in HARMFUL_TYPES:
            victims = victims_near(trigger, doc, mentions)
            side2 = [victims] if victims is not None else []
        if (
            not side2
            and len(side1) > 1
            and trigger.event_type == "Battles"
            and span.root.lemma_.lower() in RECIPROCAL_VERBS
        ):
            side2, side1 = side1[1:2], side1[:1] + side1[2:]  # "X and Y clashed": two sides
        if trigger.event_type in ("Protests", "Riots"):
            return self._demonstration(trigger, doc, local, [m for m in (actor1, *side1) if m], side2)
        actor1 = self._placed(trigger, doc, actor1)
        side2 = [p for p in (self._placed(trigger, doc, m) for m in side2) if p is not None]
        return _distinct(actor1, side1[1:], side2)

    def _demonstration(
        self,
        trigger: Trigger,
        doc: Doc,
        local: Sequence[ActorMention],
        side1: Sequence[ActorMention],
        side2: Sequence[ActorMention],
    ) -> Roles:
        """Protests and riots: the crowd is actor1, as "Protesters (X)" or "Rioters (X)" by the sub-type
        whatever the words called it ("residents", "students"); actor2 is a force that stepped in, and
        nobody for a peaceful protest (the target of the chants is not an actor of the protest)."""
        kind = "rioters" if trigger.event_type == "Riots" else "protesters"
        everyone = [*side1, *side2]
        crowd = next((m for m in everyone if m.actor.kind in CROWD_KINDS), None)
        if crowd is None:  # "police dispersed hundreds of protesters who ...": the crowd in the sentence
            crowd = next(
                (
                    m
                    for m in sorted(local, key=lambda m: abs(m.start - trigger.start))
                    if m.actor.kind in CROWD_KINDS
                ),
                None,
            )
        country = self._event_country(trigger, doc, crowd)
        entry = self.kb.country_actor(country, kind)
        stamp = doc.user_data.get(_DAY_KEY)
        day = date.fromisoformat(stamp) if stamp else None
        actor1: ActorMention | None = None
        if entry is not None:
            where = crowd if crowd is not None else trigger
            score = crowd.score if crowd is not None else 0.3
            actor1 = ActorMention(where.start, where.end, where.text, entry.ref(day), score)
        others = [m for m in everyone if m is not crowd and m.actor.kind not in ("protesters", "rioters")]
        if trigger.event_type == "Protests":
            others = [m for m in others if m.actor.kind not in CROWD_KINDS]
            if trigger.sub_event_type not in INTERVENED:
                others = []
            elif not others:  # "police fired tear gas to disperse protesters": the force in the sentence
                others = [m for m in local if m.actor.kind in ("police", "military")][:1]
        others = [m for m in (self._placed(trigger, doc, m) for m in others) if m is not None]
        if trigger.sub_event_type == "Excessive force against protesters" and others and actor1 is not None:
            return _distinct(others[0], others[1:], [actor1])  # the force did it, to the protesters (ACLED)
        return _distinct(actor1, (), others)

    def _event_country(self, trigger: Trigger, doc: Doc, mention: ActorMention | None) -> str | None:
        """Where the event happened: a place in the trigger's sentence (nearest first), else the one
        before, else the article's country in focus. A mention that says its nationality ("Turkish
        civilians") keeps it."""
        if mention is not None and mention.actor.country and self._says_country(mention.text):
            return mention.actor.country
        focus = doc.user_data.get(_FOCUS_KEY)
        places: list[tuple[int, str]] = [tuple(p) for p in doc.user_data.get(_PLACES_KEY) or []]
        counts = {c: sum(1 for p in places if p[1] == c) for _, c in places}
        # one stray place of another country (a namesake the gazetteer picked) does not move the event
        places = [p for p in places if p[1] == focus or counts[p[1]] > 1]
        span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
        if span is not None and places:
            sent = span.root.sent
            before = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
            for lo, hi in ((sent.start_char, sent.end_char), (before, sent.end_char)):
                near = [p for p in places if lo <= p[0] < hi]
                if near:
                    return min(near, key=lambda p: abs(p[0] - trigger.start))[1]
        if focus:
            return str(focus)
        return mention.actor.country if mention is not None else None

    def _says_country(self, text: str) -> bool:
        return any(True for _ in self._countries.all(text, normalize(text)))

    def _placed(self, trigger: Trigger, doc: Doc, mention: ActorMention | None) -> ActorMention | None:
        """A per-country crowd, victim or unnamed group takes the country where the event happened."""
        if mention is None or mention.actor.kind not in PLACE_BOUND_KINDS:
            return mention
        if self._says_country(mention.text):
            return mention
        country = self._event_country(trigger, doc, None)
        kind = mention.actor.actor_id.rsplit("-", 1)[-1]
        entry = self.kb.country_actor(country, kind) if kind in PLACE_BOUND_KINDS else None
        if entry is None or entry.id == mention.actor.actor_id:
            return mention
        stamp = doc.user_data.get(_DAY_KEY)
        return replace(mention, actor=entry.ref(date.fromisoformat(stamp) if stamp else None))

    def _catch_all_guess(self, mention: ActorMention) -> bool:
        """A description that fell to a country's catch-all armed actor ("terrorists": Rebel Groups (X))."""
        entry = self.kb.entries.get(mention.actor.actor_id)
        if entry is None or mention.score >= 1.0:
            return False
        return mention.score < 0.5 or (entry.kind == "rebel" and entry.catch_all)

    def _unidentified(self, trigger: Trigger, doc: Doc, guess: ActorMention | None) -> ActorMention | None:
        # where the bomb went off, not whose name was near ("Iranian militias" in Daraa)
        country = self._event_country(trigger, doc, None) or (guess.actor.country if guess else None)
        entry = self.kb.country_actor(country, "unidentified")
        if entry is None:
            return None
        stamp = doc.user_data.get(_DAY_KEY)
        ref = entry.ref(date.fromisoformat(stamp) if stamp else None)
        if guess is not None:
            span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
            sent = span.root.sent if span is not None else None
            if sent is None or not (sent.start_char <= guess.start < sent.end_char):
                guess = None  # a group named sentences before is no evidence for this bomb
        where = guess or trigger
        text = guess.text if guess is not None else trigger.text
        return ActorMention(where.start, where.end, text, ref, 0.5 if guess is not None else 0.3)

    def _context_agent(
        self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention], side2: Sequence[ActorMention]
    ) -> ActorMention | None:
        """The armed actor the text just named before the trigger (this sentence, then two before)."""
        span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
        if span is None:
            return None
        first = span.root.sent.start
        for _ in range(2):
            if first > 0:
                first = doc[first - 1].sent.start
        window = doc[first].idx
        taken = {m.actor.actor_id for m in side2}
        air = trigger.sub_event_type == "Air/drone strike"
        kinds = ORG_KINDS if trigger.event_type == "Violence against civilians" else ARMED_KINDS
        for m in reversed([m for m in mentions if window <= m.start < trigger.start]):
            if m.actor.actor_id in taken or m.actor.kind not in kinds:
                continue
            if air and m.actor.kind not in ("military", "external"):
                continue  # only states and coalitions fly
            return replace(m, score=round(m.score * 0.5, 3))
        if air:
            # A lead's unattributed strike that the next sentence attributes ("Airstrikes killed 12 people.
            # ... raids likely carried out by Russian jets"): the air force it names.
            sent = span.root.sent
            nxt_end = doc[sent.end].sent.end_char if sent.end < len(doc) else sent.end_char
            for m in mentions:
                if (
                    trigger.end <= m.start < nxt_end
                    and m.start >= sent.end_char
                    and m.actor.kind == "military"
                ):
                    if m.actor.actor_id not in taken and self._is_force_word(
                        doc_text(doc)[m.start : m.end].split()[-1]
                    ):
                        return replace(m, score=round(m.score * 0.4, 3))
            countries = [m.actor.country for m in mentions if m.actor.country and m.actor.inter != 8]
            if countries:
                home = max(set(countries), key=countries.count)
                entry = self.kb.country_actor(home, "military")
                if entry is not None:
                    stamp = doc.user_data.get(_DAY_KEY)
                    ref = entry.ref(date.fromisoformat(stamp) if stamp else None)
                    return ActorMention(trigger.start, trigger.end, trigger.text, ref, 0.3)
        return None

    def _side(
        self, heads: Sequence[Token], mentions: Sequence[ActorMention], exclude: Sequence[ActorMention] = ()
    ) -> list[ActorMention]:
        out: list[ActorMention] = []
        for head in heads:
            for tok in with_conjuncts(head):
                m = mention_under(tok, mentions)
                if m is None or m in exclude or m in out:
                    continue
                out.append(m)
                # "units of Hezbollah and the Syrian army's units": the conjunct hangs off the name
                inner = tok.doc.char_span(m.start, m.end, alignment_mode="expand")
                if inner is not None and inner.root.i != tok.i:
                    for conj in with_conjuncts(inner.root)[1:]:
                        extra = mention_under(conj, mentions)
                        if extra is not None and extra not in exclude and extra not in out:
                            out.append(extra)
        return out


def _distinct(
    actor1: ActorMention | None, assoc1: Sequence[ActorMention], side2: Sequence[ActorMention]
) -> Roles:
    """Roles with no actor on both sides: an event never pits an actor against itself ("the Turkish
    army shelled ... with artillery" is no Turkish target); a side left empty stays empty."""
    one = {actor1.actor.actor_id} if actor1 is not None else set()
    two = [m for m in side2 if m.actor.actor_id not in one]
    actor2 = two[0] if two else None
    seen = one | ({actor2.actor.actor_id} if actor2 is not None else set())
    assoc_1 = tuple(m for m in assoc1 if m.actor.actor_id not in seen)
    assoc_2 = tuple(m for m in two[1:] if m.actor.actor_id not in seen)
    return Roles(actor1=actor1, actor2=actor2, assoc_actor_1=assoc_1, assoc_actor_2=assoc_2)


@cache
def _finder(extra_files: tuple[Path, ...]) -> ActorFinder:
    return ActorFinder(load_actor_kb(extra_files))
