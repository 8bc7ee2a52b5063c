"""Who: actor mentions in a parsed article, resolved to the knowledge base, and who did what to whom.

`ActorFinder.find` works in three passes over one `Doc`:

1. named actors: every alias of the KB, matched with one Aho-Corasick automaton over the normalised text
   (acronyms such as "IS" or "SDF" only in their exact case);
2. country-derived actors: "Syrian troops", "Turkish warplanes", "Iraq's police", "Turkey shelled",
   "Russian airstrikes" give the per-country actor of the right kind;
3. descriptions and pronouns ("the militants", "regime forces", "gunmen", "civilians", "they"), resolved
   in reading order to the most recent compatible earlier mention, else to the actor the description
   names in the country in focus (``descriptions.yaml`` documents the order).

`ActorFinder.roles` hands one trigger to `event_roles.EventRoles`, which reads who did it and to whom
off the sentence's dependency tree (`Roles` is re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from frontwire.config import Config
from frontwire.extract.event_roles import (
    DAY_KEY,
    FOCUS_KEY,
    ORG_KINDS,
    PLACES_KEY,
    PRONOUNS,
    EventRoles,
)
from frontwire.extract.phrase_match import Hit, PhraseMatcher, shouting, tag_blocks
from frontwire.extract.roles import (
    MODIFIER_DEPS,
    Roles,
    antecedent,
    names_inside,
    owner_named,
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
    normalize_key,
)
from frontwire.types import ActorMention, ActorRef, ArticleContext, PlaceMention, Trigger

__all__ = ["ActorFinder", "Roles"]

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
# "Al Qaeda-held Idlib", "IS-controlled areas": the name describes a place there, it is not an actor.
# "groups backed by Turkey", "militias, supported by Iran": a backer named after the group it backs
_BACKED_BY = re.compile(r",?\s+(?:backed|supported|sponsored|funded|armed)\s+by\s+(?:the\s+)?", re.IGNORECASE)
_HOLDING = re.compile(r"-(?:held|controlled|run|ruled|besieged|occupied|dominated)\b", re.IGNORECASE)
_OF_GAP = re.compile(
    r"^\s+(?:of|from|(?:affiliated|linked|loyal|belonging)\s+(?:to|with))\s+(?:the\s+)?$", re.IGNORECASE
)
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
        # descriptions that name a group by its backer ("Iran-backed militias"), for `_backed_groups`
        self._backed = {normalize_key(p): e for p, e in kb.with_descriptions() if "-backed " in p.lower()}
        self._force_words = set(STATE_ACT_NOUNS) | {w + "s" for w in STATE_ACT_NOUNS}
        for cls in kb.classes:
            if cls.default in ("military", "police"):
                self._force_words.update(p.lower() for p in cls.phrases if " " not in p)
        self._roles = EventRoles(kb, self._countries, self._is_force_word)

    @classmethod
    def load(cls, config: Config | None = None) -> ActorFinder:
        extra = tuple(config.extra_actor_files) if config else ()
        return _finder(extra)

    # --- find ------------------------------------------------------------------------------------
    def find(
        self,
        doc: Doc,
        ctx: ArticleContext | None = None,
        places: Sequence[PlaceMention] = (),
        day: date | None = None,
    ) -> list[ActorMention]:
        """Every actor mention in `doc`, resolved; offsets are those of the cleaned text. Names that
        changed over time are given as of `day` (default: the article's publication date)."""
        text = doc_text(doc)
        norm = normalize(text)
        if day is None:
            day = ctx.published if ctx else None
        # roles() names inferred actors for the same day (a string keeps the Doc serialisable)
        doc.user_data[DAY_KEY] = day.isoformat() if day else None
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
        doc.user_data[FOCUS_KEY] = focus
        # where the article's places are, for the country of "Unidentified Armed Group (X)" and crowds
        # (a bare country name is as often an actor's as a place: "Russia", "the United States")
        doc.user_data[PLACES_KEY] = [
            (p.start, p.place.country, p.place.latitude, p.place.longitude)
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
            for t in _pronoun_tokens(doc)
            if t.dep_ in _SUBJ | {"dobj", "pobj", "poss"}
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
        return self._backed_groups(text, resolved, focus=focus, day=day)

    def _backed_groups(
        self, text: str, mentions: list[ActorMention], *, focus: str | None, day: date | None
    ) -> list[ActorMention]:
        """ "Terrorist groups backed by the Turkish occupation" reads as "Turkish-backed groups" (the SNA)
        when the knowledge base knows a group by that name (an alias or a description); otherwise the
        generic actor stays."""
        out = list(mentions)
        by_start = {m.start: m for m in mentions}
        for i, m in enumerate(mentions):
            entry = self.kb.entries.get(m.actor.actor_id)
            gap = _BACKED_BY.match(text, m.end)
            backer = by_start.get(gap.end()) if gap else None
            if entry is None or not entry.catch_all or backer is None or not backer.actor.country:
                continue
            country = self.kb.country(backer.actor.country)
            head = m.text.split()[-1]
            words = (*country.demonyms, country.name) if country else (backer.actor.country,)
            for word in words:
                phrase = f"{word}-backed {head}"
                group = self.kb.resolve(phrase, day) or self._backed.get(normalize_key(phrase))
                if group is not None:
                    out[i] = self._mention(
                        text, m.start, m.end, entry=group, day=day, focus=focus, score=m.score
                    )
                    break
        return out

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
            # "a Turkish engineer", "the Turkish ministry": whose, not where; where the gazetteer placed
            # the article, a nationality word counts half a country's name
            said = text[hit.start : hit.end].lower()
            demonym = bool(places) and any(said == d.lower() for d in info.demonyms)
            weight = 0.1 if backed else 0.25 if acting else 0.5 if demonym else 1.0
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
                # a town or province says where; a country named as a place counts half ("near the US
                # embassy", "Russia said"), as in the event location's focus
                weight = 1.0 if place.place.feature == "country" else 2.0
                votes[place.place.country] = votes.get(place.place.country, 0.0) + weight
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

    # --- roles ---------------------------------------------------------------------------------
    def roles(self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> Roles:
        """actor1/actor2 and associated actors for `trigger` (`event_roles.EventRoles.read`)."""
        return self._roles.read(trigger, doc, mentions)


@cache
def _finder(extra_files: tuple[Path, ...]) -> ActorFinder:
    return ActorFinder(load_actor_kb(extra_files))


def _pronoun_tokens(doc: Doc) -> list[Token]:
    """The tokens that are pronouns of the list, read from the Doc's LOWER array (no Token per word)."""
    strings = doc.vocab.strings
    return [doc[i] for i, lower in enumerate(doc.to_array(LOWER).tolist()) if strings[lower] in PRONOUNS]
