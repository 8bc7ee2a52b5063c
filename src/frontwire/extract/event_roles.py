"""Who did it and to whom for one event: actor1, actor2 and associated actors from the trigger's sentence.

`EventRoles.read` takes the actor mentions `ActorFinder.find` resolved and reads the dependency tree
around a trigger (the tree walking is in `roles.py`): agents become actor1, patients actor2, coordinated
actors associated actors. Then ACLED's conventions: the crowd of a protest or riot is actor1 and a force
that stepped in actor2 (actor1 for excessive force); a per-country crowd, victim or unnamed group takes
the country where the event happened; an unclaimed bomb goes to "Unidentified Armed Group (X)"; a violent
event whose sentence names no perpetrator takes the armed actor the text just named, and an
unattributed air strike the air force of the country in focus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from frontwire.extract.locate import near_another_country
from frontwire.extract.phrase_match import PhraseMatcher
from frontwire.extract.roles import (
    Roles,
    coordinated_after,
    mention_under,
    order_side,
    role_tokens,
    victims_near,
    with_conjuncts,
)
from frontwire.extract.textspans import doc_text
from frontwire.knowledge.actorkb import ActorKB, normalize
from frontwire.types import ActorMention, Trigger

ARMED_KINDS = frozenset({"rebel", "militia", "identity militia", "external", "military", "unidentified"})
ORG_KINDS = frozenset({"rebel", "militia", "identity militia", "external", "military", "police"})
REMOTE_OR_BATTLE = frozenset({"Battles", "Explosions/Remote violence"})
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
PRONOUNS = frozenset({"they", "them", "it", "their", "its"})
HARMFUL_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})
DAY_KEY = "frontwire.actors.day"
FOCUS_KEY = "frontwire.actors.focus"
PLACES_KEY = "frontwire.actors.places"
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


class EventRoles:
    """Reads the roles of one event's actors; built once by `ActorFinder` with its KB and matchers."""

    def __init__(self, kb: ActorKB, countries: PhraseMatcher, is_force_word: Callable[[str], bool]) -> None:
        self.kb = kb
        self._countries = countries
        self._is_force_word = is_force_word

    def read(self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> Roles:
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
        if side1 and side1[0].actor.kind in CROWD_KINDS and trigger.event_type in REMOTE_OR_BATTLE:
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
        day = _article_day(doc)
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
        focus = doc.user_data.get(FOCUS_KEY)
        found: list[tuple[int, str, float, float]] = [tuple(p) for p in doc.user_data.get(PLACES_KEY) or []]
        counts = Counter(country for _, country, _, _ in found)
        others = [(country, lat, lon) for _, country, lat, lon in found]
        # one stray place of another country (a namesake the gazetteer picked, far from the others) does
        # not move the event; one across a nearby border (Gaza City beside Tel Aviv) does
        places = [
            (start, country)
            for start, country, lat, lon in found
            if country == focus or counts[country] > 1 or near_another_country(lat, lon, country, others)
        ]
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
        return replace(mention, actor=entry.ref(_article_day(doc)))

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
        ref = entry.ref(_article_day(doc))
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
                    ref = entry.ref(_article_day(doc))
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


def _article_day(doc: Doc) -> date | None:
    """The day `ActorFinder.find` stored on the Doc (a string keeps the Doc serialisable)."""
    stamp = doc.user_data.get(DAY_KEY)
    return date.fromisoformat(stamp) if stamp else None


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
