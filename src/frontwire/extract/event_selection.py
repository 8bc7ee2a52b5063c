"""Which triggers are events of their own, and of which sub-type once the actors are known.

The trigger finder reads one sentence at a time; this module looks across the article. Two readings of
one fight in one sentence are one event; a bare "strikes" in an air-strike story is an air strike; a
headline is the body's event announced; vague words ("the attack", "the siege") describe the specific
event an article reports; the aspect of the clause (`frontwire.extract.aspect`) tells a habit, an
ongoing campaign or history from one event. After the roles are found, `retype` lets the actor types
settle what the words could not (who took the place; whether a generic attack hit fighters or civilians).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from frontwire.extract.event_rules import GOV_REGAINS, NSA_OVERTAKES, ONE_SIDED, TERRITORY
from frontwire.extract.textspans import doc_text, title_case
from frontwire.knowledge.lexicon import Feature, Lexicon
from frontwire.taxonomy import event_type_of
from frontwire.types import ActorMention, Trigger

STATE_SIDE = frozenset({1, 8})  # state forces and foreign forces acting with them retake territory
NON_STATE_SIDE = frozenset({2, 3, 4})
ARMED = frozenset({1, 2, 3, 4, 8})
CIVILIAN = 7
STATE = 1
ABDUCTION = "Abduction/forced disappearance"
AIR = "Air/drone strike"
_AIR_WORDS = ("strike", "raid", "hit", "bomb", "struck")
GENERIC_VIOLENCE = frozenset({"Attack", "Armed clash", "Remote explosive/landmine/IED"})
GENERIC_SCORE = 0.7  # triggers below this were typed from generic words; actors may retype them
STRONG_SCORE = 0.78  # a trigger at least this sure is a specific event
WEAK_SCORE = 0.65  # below this a trigger is vague: kept only when the article has nothing specific
HEADLINE_CHARS = 300  # a headline is the article's first line
BACKGROUND_DAYS = 7  # an event dated more than this before the story is history recalled in passing
# Event types whose triggers in one sentence are one event (the most specific reading wins).
ONE_PER_SENTENCE = frozenset({"Battles", "Protests", "Riots", "Violence against civilians"})


def select_events(
    triggers: Sequence[Trigger],
    text: str,
    doc: Doc | None = None,
    *,
    stated_day: Callable[[Trigger], date | None] | None = None,
    found: Sequence[Trigger] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Trigger]:
    """The triggers that tell events of their own, one per event and sentence. ``stated_day`` gives the
    day a trigger's own sentence states for it (None when it states none); ``found``, the triggers as
    the trigger finder scored them, before the aspect step: an article whose specific words tell a
    campaign or a tally is still about that, and its vague words describe it, not events of their own."""
    new_story = lexicon.cue("new_story") if lexicon is not None else None
    typed = air_context(merge_sentence_triggers(triggers, doc, new_story))
    days = {t.start: stated_day(t) for t in typed} if stated_day is not None else {}
    return drop_vague(drop_headline_repeats(typed, text, days), doc, article=[*typed, *(found or ())])


def merge_sentence_triggers(
    triggers: Sequence[Trigger], doc: Doc | None = None, new_story: Feature | None = None
) -> list[Trigger]:
    """Triggers that describe the same event in one sentence become one: the same sub-type twice, or
    two readings of one fight or one protest (the best-scored reading stays), or the attacker and the
    act of one remote attack ("the Air Force shelled positions", "jets delivered a missile strike"):
    the aircraft that did it make it an air strike. Words that open another story between them
    ("... in Aleppo; meanwhile in Damascus one person was injured", the `new_story` cue) keep two."""
    kept: list[Trigger] = []
    for trig in sorted(triggers, key=lambda t: (t.sentence_start, -t.score, t.start)):
        same = next(
            (
                k
                for k in kept
                if k.sentence_start == trig.sentence_start
                and k.sentence_end == trig.sentence_end
                and (
                    k.sub_event_type == trig.sub_event_type
                    or (k.event_type == trig.event_type and trig.event_type in ONE_PER_SENTENCE)
                    or {k.event_type, trig.event_type} <= {"Protests", "Riots"}
                )
                and not (
                    doc is not None and new_story is not None and _between(k, trig, doc_text(doc), new_story)
                )
            ),
            None,
        )
        if same is None and doc is not None:
            same = next((k for k in kept if _one_remote_attack(k, trig, doc)), None)
            if same is not None and trig.sub_event_type == AIR:
                kept[kept.index(same)] = trig
                continue
        if same is None:
            kept.append(trig)
    return sorted(kept, key=lambda t: t.start)


def _between(a: Trigger, b: Trigger, text: str, cue: Feature) -> bool:
    first, second = sorted((a, b), key=lambda t: t.start)
    return cue.present(text, first.end, second.start)


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
REMOTE = "Explosions/Remote violence"


def _one_remote_attack(a: Trigger, b: Trigger, doc: Doc) -> bool:
    """Two remote-violence readings of one sentence where one names the attacker of the other: its
    subject or "by" agent ("the Air Force shelled"), or the subject of the verb whose object the other is
    ("planes delivered a missile strike")."""
    if a.sentence_start != b.sentence_start or a.event_type != REMOTE or b.event_type != REMOTE:
        return False
    ta, tb = _noun_head(doc, a), _noun_head(doc, b)
    if ta is None or tb is None or ta.i == tb.i:
        return False
    return _attacker_of(ta, tb) or _attacker_of(tb, ta)


def _attacker_of(attacker: Token, act: Token) -> bool:
    verb = attacker.head.head if attacker.dep_ == "pobj" and attacker.head.dep_ == "agent" else attacker.head
    if attacker.dep_ not in _SUBJECTS and verb is attacker.head:
        return False
    return verb.i == act.i or (act.dep_ == "dobj" and act.head.i == verb.i)


def _noun_head(doc: Doc, trig: Trigger) -> Token | None:
    """The trigger's head word, climbing from a compound ("Air" in "Air Force") to its noun."""
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def air_context(triggers: list[Trigger]) -> list[Trigger]:
    """In an article about air strikes, a bare "strikes", "raids", "hit" or "the bombing" typed as a
    generic attack or a bomb is one of those air strikes ("42 people were killed in strikes on eastern
    Aleppo")."""
    if not any(t.sub_event_type == AIR for t in triggers):
        return triggers
    return [
        replace(t, sub_event_type=AIR, event_type=event_type_of(AIR))
        if t.sub_event_type in GENERIC_VIOLENCE and t.text.lower().startswith(_AIR_WORDS)
        else t
        for t in triggers
    ]


def drop_vague(
    triggers: list[Trigger], doc: Doc | None = None, article: Sequence[Trigger] | None = None
) -> list[Trigger]:
    """When an article reports a specific event, its vague event words ("the attack", "the siege",
    "destroyed", "the deal") describe that event, its damage or its setting, not events of their own;
    so do a witness's words in the first person ("fragments hit my house") unless they name a weapon."""
    if not any(t.score >= STRONG_SCORE for t in (triggers if article is None else article)):
        return triggers  # `article`: all the article's triggers, a dropped headline's included
    return [
        t for t in triggers if t.score >= WEAK_SCORE and not (t.score < STRONG_SCORE and _testimony(t, doc))
    ]


_FIRST_PERSON = frozenset({"i", "my", "me"})


def _testimony(trig: Trigger, doc: Doc | None) -> bool:
    """The trigger's sentence is told in the first person singular: a witness, not the reporter."""
    if doc is None:
        return False
    span = doc.char_span(trig.sentence_start, trig.sentence_end, alignment_mode="expand")
    return span is not None and any(t.lower_ in _FIRST_PERSON and t.pos_ == "PRON" for t in span)


def drop_headline_repeats(
    triggers: list[Trigger], text: str, days: Mapping[int, date | None] | None = None
) -> list[Trigger]:
    """A headline ("Russian jets strike near al-Tanf", "Syria Kurds Liberate Tel Hamis.") announces the
    event the body tells: when the body has a trigger of the same sub-type (for battles, of the same
    event type: the body tells who took the town), the headline's is not a second event. The body's
    mention must be one that stays (a vague one, `drop_vague`, does not replace the headline) and must
    not name another day than the headline's own (``days``: trigger start -> the day its clause names)."""
    specific = any(t.score >= STRONG_SCORE for t in triggers)
    days = days or {}
    out = []
    for trig in triggers:
        line = text[trig.sentence_start : trig.sentence_end].rstrip()
        headline = (
            trig.sentence_start <= HEADLINE_CHARS
            and "\n" not in text[: trig.sentence_start].strip()
            and (not line.endswith((".", "!", "?", '"', "”")) or title_case(line))
            and not re.search(r"\w{2}[.!?]\s+[A-Z]", line)  # a sentence the parser glued to what follows
        )
        if headline and any(
            (
                t.sub_event_type == trig.sub_event_type
                or (t.event_type == trig.event_type == "Battles" and t.score >= STRONG_SCORE)
            )
            and t.sentence_start > trig.sentence_end
            and (t.score >= WEAK_SCORE or not specific)
            and _same_day(days.get(trig.start), days.get(t.start))
            for t in triggers
        ):
            continue
        out.append(trig)
    return out


def _same_day(a: date | None, b: date | None) -> bool:
    return a is None or b is None or a == b


def retype(trigger: Trigger, actor1: ActorMention | None, actor2: ActorMention | None) -> Trigger:
    """Let the resolved actors settle what the words alone could not: who took the place (state
    forces regain, a non-state group overtakes), whether a generic attack hit civilians, whether an
    abduction took civilians or fighters, and whether people taken by state forces were arrested."""
    sub = trigger.sub_event_type
    if sub in TERRITORY and actor1 is not None:
        if actor1.actor.inter in STATE_SIDE:
            sub = GOV_REGAINS
        elif actor1.actor.inter in NON_STATE_SIDE:
            sub = NSA_OVERTAKES
    elif sub == ABDUCTION and actor2 is not None and actor2.actor.inter in ARMED:
        # fighters taken captive are not civilians abducted: state forces arrest, others take captives
        sub = "Arrests" if actor1 is not None and actor1.actor.inter == STATE else "Other"
    elif (
        sub == ABDUCTION
        and trigger.score < STRONG_SCORE
        and actor1 is not None
        and actor1.actor.inter == STATE
    ):
        sub = "Arrests"  # state forces "seized" or "took away" someone: an arrest; "kidnapped" stays
    elif trigger.score < GENERIC_SCORE and actor2 is not None:
        if (
            sub == "Attack"
            and actor2.actor.inter in ARMED
            and not trigger.text.lower().startswith(ONE_SIDED)  # an execution of fighters stays an attack
            and (actor1 is None or actor1.actor.inter != CIVILIAN)
        ):
            sub = "Armed clash"
        elif sub == "Armed clash" and actor2.actor.inter == CIVILIAN:
            sub = "Attack"
    if sub == trigger.sub_event_type:
        return trigger
    return replace(trigger, sub_event_type=sub, event_type=event_type_of(sub))


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def is_anaphor(trig: Trigger, doc: Doc) -> bool:
    """A definite noun ("the suicide attack", "this barbaric bombing") refers to an event told before."""
    head = _noun_head(doc, trig)  # "the car bomb": the noun "bomb"
    return (
        head is not None
        and head.pos_ == "NOUN"
        and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)
    )


def is_lead(trig: Trigger, text: str) -> bool:
    """The trigger stands in the article's first sentence (its headline or lead)."""
    return trig.sentence_start <= HEADLINE_CHARS and not re.search(r"[.!?]\s", text[: trig.sentence_start])
