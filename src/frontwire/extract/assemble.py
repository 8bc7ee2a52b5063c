"""All mentions of one article -> its reports: one per actor pair, sub-event type, place and day.

Compute, then set: every stage has already found its mentions; `event_selection` decides which triggers
are events of their own, and this module which mentions belong to which event. Per trigger it asks the
actor finder for the roles, `locate` for the places, `dates` for the days, `casualties` for the dead and
`claims` for who says so; then it splits the event when the sentence coordinates several places or days
("raids on the western bank of the Euphrates and near al-Tanf" is two events, "on July 2 and July 3" is
two) and merges what the same article says twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from spacy.tokens import Doc, Token

from frontwire.distance import haversine_km
from frontwire.extract.aspect import weigh_aspect
from frontwire.extract.confidence import confidence_for
from frontwire.extract.event_selection import (
    BACKGROUND_DAYS,
    CIVILIAN,
    GENERIC_VIOLENCE,
    STRONG_SCORE,
    is_anaphor,
    is_lead,
    retype,
    select_events,
)
from frontwire.extract.notes import write_notes
from frontwire.extract.textspans import doc_text
from frontwire.knowledge.gazetteer_derived import demonym_words
from frontwire.knowledge.lexicon import Lexicon, load_lexicon
from frontwire.types import (
    ActorMention,
    ActorRef,
    ArticleContext,
    Claim,
    DateMention,
    Evidence,
    FatalityFigure,
    PlaceMention,
    PlaceRef,
    Report,
    Trigger,
)

TARGETS_CIVILIANS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"})
WEAK_ACTOR_SCORE = 0.5  # an actor mention scored below this is a guess, not a name
GUESSED, DESCRIBED, NAMED = 0, 1, 2  # how an actor1 was told (`actor_rank`): a name beats a guess


class RoleFinder(Protocol):
    def roles(self, trigger: Trigger, doc: Doc, mentions: Sequence[ActorMention]) -> Any: ...


@dataclass(frozen=True, slots=True)
class _Mention:
    """How a report was told: with its own date in its sentence; as a summary of the story (the
    headline or lead sentence, or a definite noun such as "the suicide attack" that refers back)."""

    dated: bool
    summary: bool = False
    triggers: frozenset[int] = frozenset()  # start offsets of the triggers behind it
    vague: bool = False  # typed from generic violence words ("targeted", "attacked"), not the weapon
    actor1_rank: int = DESCRIBED  # how actor1 was told: a name, a description, a guess (`actor_rank`)


@dataclass(frozen=True, slots=True)
class _Slot:
    """One event before it becomes a `Report`: the trigger plus where and when."""

    trigger: Trigger
    place: PlaceMention | None
    day: date | None
    precision: int
    date_mention: DateMention | None


def assemble(  # noqa: PLR0917 - the stage interface in docs/architecture.md is positional
    ctx: ArticleContext,
    doc: Doc,
    triggers: Sequence[Trigger],
    actor_mentions: Sequence[ActorMention],
    place_mentions: Sequence[PlaceMention],
    date_mentions: Sequence[DateMention],
    fatality_figures: Sequence[FatalityFigure],
    claims: Sequence[Claim],
    actor_finder: RoleFinder | None = None,
    place_finder: object | None = None,  # accepted for the pipeline's call; places come from `locate`
    lexicon: Lexicon | None = None,  # the trigger finder's, with the user's extra cue words
) -> list[Report]:
    """The article's reports, in text order, one per actor pair, sub-type, place and day."""
    from frontwire.extract.claims import claims_for
    from frontwire.extract.dates import story_date
    from frontwire.extract.event_toll import fatalities_for, split_toll

    places, dates, figures, claim_list = (
        list(place_mentions),
        list(date_mentions),
        list(fatality_figures),
        list(claims),
    )
    reports: list[tuple[Report, _Mention]] = []  # each with how it was told (own date? lead? anaphor?)
    lexicon = lexicon or load_lexicon()
    weighed = weigh_aspect(triggers, doc, dates, lexicon, story_date(dates, ctx))
    kept = select_events(
        weighed,
        ctx.text,
        doc,
        stated_day=lambda t: _stated_day(t, dates, doc, ctx),
        found=triggers,
        lexicon=lexicon,
    )
    # places named where an event word is: a toll sentence naming one of them tells another event
    told_places = [p for p in places if any(t.sentence_start <= p.start < t.sentence_end for t in triggers)]
    for found in kept:
        roles = actor_finder.roles(found, doc, actor_mentions) if actor_finder is not None else None
        actor1 = getattr(roles, "actor1", None)
        actor2 = getattr(roles, "actor2", None)
        trig = retype(found, actor1, actor2)
        fatalities, used_figures = fatalities_for(trig, figures, doc, kept, told_places)
        trig_claims = claims_for(trig, claim_list, doc, used_figures)
        slots = _slots(trig, places, dates, doc, ctx)
        shares = split_toll(fatalities, len(slots))  # one toll for several places: split, never doubled
        for k, slot in enumerate(slots):
            report = _report(
                ctx,
                slot,
                roles=roles,
                fatalities=shares[k],
                figures=used_figures,
                claims=trig_claims,
            )
            dm = slot.date_mention
            told = _Mention(
                dated=dm is not None and trig.sentence_start <= dm.start < trig.sentence_end,
                summary=is_lead(trig, ctx.text)
                or is_anaphor(trig, doc)
                or (slot.place is not None and slot.place.geo_precision >= 2),  # "Damascus suburbs"
                triggers=frozenset({trig.start}),
                vague=trig.sub_event_type in GENERIC_VIOLENCE and trig.score < STRONG_SCORE,
                actor1_rank=actor_rank(actor1, trig, doc),
            )
            reports.append((report, told))
    return _dedupe(reports)


def _stated_day(trig: Trigger, dates: list[DateMention], doc: Doc, ctx: ArticleContext) -> date | None:
    """The event's day when the trigger's own sentence states it (not a dateline)."""
    from frontwire.extract.dates import date_for

    day, _, mention = date_for(trig, dates, doc, ctx)
    if mention is None or mention.kind == "dateline":
        return None
    return day if trig.sentence_start <= mention.start < trig.sentence_end else None


def _slots(
    trig: Trigger, places: list[PlaceMention], dates: list[DateMention], doc: Doc, ctx: ArticleContext
) -> list[_Slot]:
    from frontwire.extract.dates import date_for, event_dates_for, gapped_days, story_date
    from frontwire.extract.locate import places_for

    ranked = places_for(trig, places, doc, ctx)
    event_places: list[PlaceMention | None] = (
        [ranked[0], *coordinated(ranked[0], ranked[1:], doc)] if ranked else [None]
    )
    day, precision, mention = date_for(trig, dates, doc, ctx)
    days: list[tuple[date | None, int, DateMention | None]] = [(day, precision, mention)]
    if mention is not None:
        own = [d for _, _, d in event_dates_for(trig, dates, doc, ctx)]
        extra = coordinated_dates(mention, own, doc) or gapped_days(mention, own, ctx.text)
        days += [(d.date, d.time_precision, d) for d in extra if d.date != day]
    anchor = story_date(dates, ctx)  # the dateline's date, else the publication date
    if anchor is not None:  # history recalled in passing ("the SDF entered the town on June 23")
        days = [x for x in days if x[0] is None or (anchor - x[0]).days <= BACKGROUND_DAYS]
    return [_Slot(trig, p, d, prec, m) for p in event_places for d, prec, m in days]


def coordinated(first: PlaceMention, others: Sequence[PlaceMention], doc: Doc) -> list[PlaceMention]:
    """Other places the sentence lists alongside the first ("in A, B and C", "on X and near Y"):
    separate events. Places that only situate the first ("Abdi, west of Tell Abyad") are not."""
    group = _conj_group(doc, first.start, first.end)
    out: list[PlaceMention] = []
    seen = {first.place.place_id}
    for p in others:
        if p.place.place_id in seen or p.place.feature == "country" or _situates(first, p, doc):
            continue
        if _tokens(doc, p.start, p.end) & group:
            out.append(p)
            seen.add(p.place.place_id)
    return out


def _situates(a: PlaceMention, b: PlaceMention, doc: Doc) -> bool:
    """ "Ikeja, Lagos": a place and, after a bare comma, the wider one it lies in (or the other way
    round) name one spot, even when the parser reads the comma as a list."""
    first, second = sorted((a, b), key=lambda m: m.start)
    if doc_text(doc)[first.end : second.start].strip() != ",":
        return False
    return _covers(second.place, first.place, nearby=False) or _covers(
        first.place, second.place, nearby=False
    )


def coordinated_dates(first: DateMention, others: Sequence[DateMention], doc: Doc) -> list[DateMention]:
    """Days listed together with the first ("on July 2 and July 3")."""
    group = _conj_group(doc, first.start, first.end)
    return [d for d in others if d is not first and _tokens(doc, d.start, d.end) & group]


def _tokens(doc: Doc, start: int, end: int) -> set[int]:
    """The token standing for a mention (its syntactic head) and, when it has one, its preposition."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return set()
    tok = span.root
    out = {tok.i}
    for _ in range(3):  # "the village of X": climb through "of"/appositions to the governing noun
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in {"NOUN", "PROPN"}:
            tok = tok.head.head
        elif tok.dep_ in {"compound", "appos"}:
            tok = tok.head
        else:
            break
        out.add(tok.i)
    if tok.dep_ == "pobj" and (
        tok.head.dep_ == "prep" or (tok.head.dep_ == "conj" and tok.head.pos_ == "ADP")
    ):
        out.add(tok.head.i)  # "on X and near Y": the second preposition is a conjunct of the first
    return out


def _conj_group(doc: Doc, start: int, end: int) -> set[int]:
    """Token indices coordinated with the mention's tokens (conj chains, both directions)."""
    own = _tokens(doc, start, end)
    group: set[int] = set()
    for i in own:
        root = doc[i]
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        group.add(root.i)
        stack = [root]
        while stack:
            cur = stack.pop()
            for child in cur.children:
                if child.dep_ == "conj" and child.i not in group:
                    group.add(child.i)
                    stack.append(child)
    return group - own


def _report(
    ctx: ArticleContext,
    slot: _Slot,
    *,
    roles: Any,
    fatalities: int,
    figures: tuple[FatalityFigure, ...],
    claims: tuple[Claim, ...],
) -> Report:
    trig = slot.trigger
    aid = ctx.article_id
    text = ctx.text
    actor1: ActorMention | None = getattr(roles, "actor1", None)
    actor2: ActorMention | None = getattr(roles, "actor2", None)
    assoc1: tuple[ActorMention, ...] = tuple(getattr(roles, "assoc_actor_1", ()) or ())
    assoc2: tuple[ActorMention, ...] = tuple(getattr(roles, "assoc_actor_2", ()) or ())

    def ev(start: int, end: int, field: str) -> Evidence:
        return Evidence(aid, start, end, text[start:end], field)

    evidence = [ev(trig.start, trig.end, "event")]
    for field, mention in (("actor1", actor1), ("actor2", actor2)):
        if mention is not None:
            evidence.append(ev(mention.start, mention.end, field))
    for field, group in (("assoc_actor_1", assoc1), ("assoc_actor_2", assoc2)):
        evidence.extend(ev(m.start, m.end, field) for m in group)
    if slot.place is not None:
        evidence.append(ev(slot.place.start, slot.place.end, "location"))
    if slot.date_mention is not None:
        evidence.append(ev(slot.date_mention.start, slot.date_mention.end, "event_date"))
    evidence.extend(ev(f.start, f.end, "fatalities") for f in figures if f.end > f.start)
    civilian = bool(getattr(roles, "civilian_targeting", False)) or (
        trig.sub_event_type in TARGETS_CIVILIANS and (actor2 is None or actor2.actor.inter == CIVILIAN)
    )
    report = Report(
        article_id=aid,
        event_type=trig.event_type,
        sub_event_type=trig.sub_event_type,
        event_date=slot.day,
        time_precision=slot.precision,
        actor1=actor1.actor if actor1 else None,
        actor2=actor2.actor if actor2 else None,
        assoc_actor_1=_names(assoc1, actor1),
        assoc_actor_2=_names(assoc2, actor2),
        civilian_targeting=civilian,
        place=slot.place.place if slot.place else None,
        geo_precision=slot.place.geo_precision if slot.place else 3,
        place_relation=slot.place.relation if slot.place else None,
        fatalities=fatalities,
        fatalities_reported=figures,
        claims=claims,
        evidence=tuple(evidence),
        confidence=confidence_for(
            trig,
            actor1=actor1.actor if actor1 else None,
            actor2=actor2.actor if actor2 else None,
            place=slot.place,
            date_mention=slot.date_mention,
            date_known=slot.day is not None,
            claims=claims,
        ),
        source=ctx.article.source,
    )
    return replace(report, notes=write_notes(report))


def _names(group: tuple[ActorMention, ...], main: ActorMention | None) -> tuple[str, ...]:
    names: list[str] = []
    for m in group:
        if (main is None or m.actor.actor_id != main.actor.actor_id) and m.actor.name not in names:
            names.append(m.actor.name)
    return tuple(names)


def _dedupe(reports: list[tuple[Report, _Mention]]) -> list[Report]:
    """One report per event: mentions of the same sub-type at the same place (or with no place named)
    on the same day are one event told several times ("air raids on Marjeh ...", "the raids were
    carried out by government aircraft ..."); so is a mention whose sentence gives no date (its day was
    inferred) next to a dated one. A summary mention (headline, lead, "the suicide attack") joins an
    event of its sub-type nearby even when it names the wider place ("Damascus car bomb" for a blast in
    a suburb) or a neighbouring day. The fuller report stays; the other fills its gaps and joins its
    evidence; a second attacker becomes an associated actor; the lowest non-zero toll wins."""
    out: list[tuple[Report, _Mention]] = []
    for r, told in reports:
        k = next((i for i, (o, o_told) in enumerate(out) if _same_event(o, o_told, r, told)), None)
        if k is None:
            out.append((r, told))
        else:
            o, o_told = out[k]
            merged = _merge(o, r, a_rank=o_told.actor1_rank, b_rank=told.actor1_rank)
            if o_told.vague != told.vague:  # the weapon's reading names the event, the generic words don't
                specific = r if o_told.vague else o
                merged = replace(
                    merged, sub_event_type=specific.sub_event_type, event_type=specific.event_type
                )
            if o_told.summary != told.summary:  # the body's place wins over the summary's wider one
                body = r if o_told.summary else o
                if body.place is not None:
                    merged = replace(merged, place=body.place, geo_precision=body.geo_precision)
            if o_told.dated != told.dated:  # the stated day wins over an inferred one
                merged = replace(merged, event_date=(o if o_told.dated else r).event_date)
            elif o_told.summary != told.summary:  # then the body's day
                merged = replace(merged, event_date=(r if o_told.summary else o).event_date)
            out[k] = (
                merged,
                _Mention(
                    o_told.dated or told.dated,
                    o_told.summary and told.summary,
                    o_told.triggers | told.triggers,
                    o_told.vague and told.vague,
                    max(
                        (t.actor1_rank for x, t in ((o, o_told), (r, told)) if x.actor1 == merged.actor1),
                        default=DESCRIBED,
                    ),
                ),
            )
    return [r for r, _ in out]


def _same_event(a: Report, a_told: _Mention, b: Report, b_told: _Mention) -> bool:
    if a_told.triggers & b_told.triggers:
        return False  # the splits of one trigger (coordinated places or days) stay apart
    if a.sub_event_type != b.sub_event_type:
        return _retold(a, a_told, b, b_told)
    # one mention sums up what the other tells, or the next sentence goes on about the same event
    near = any(abs(x - y) <= ADJACENT_CHARS for x in a_told.triggers for y in b_told.triggers)
    a_sum, b_sum = a_told.summary or near, b_told.summary or near
    if a.event_date != b.event_date and a_told.dated and b_told.dated:
        close = a.event_date and b.event_date and abs((a.event_date - b.event_date).days) <= 1
        if not ((a_sum or b_sum) and close):
            return False
    if a.place is None or b.place is None or a.place.place_id == b.place.place_id:
        return True
    # a true summary may name a larger town nearby; a neighbouring sentence only the governorate or district
    return (a_sum and _covers(a.place, b.place, nearby=a_told.summary)) or (
        b_sum and _covers(b.place, a.place, nearby=b_told.summary)
    )


def _retold(a: Report, a_told: _Mention, b: Report, b_told: _Mention) -> bool:
    """Generic words ("the IS bombers targeted two YPG positions") retelling a specific event (the
    suicide bombing) by the same attacker at the same place on the same day."""
    return (
        a_told.vague != b_told.vague
        and a.actor1 is not None
        and b.actor1 is not None
        and a.actor1.actor_id == b.actor1.actor_id
        and a.place is not None
        and b.place is not None
        and a.place.place_id == b.place.place_id
        and a.event_date == b.event_date
    )


ADJACENT_CHARS = 250  # triggers this close tell one event in two sentences ("rocket attack in Homs. ...")
SUMMARY_KM = 50.0  # a summary naming a place this close (or the governorate) tells the same event


def _covers(wide: PlaceRef, detailed: PlaceRef, *, nearby: bool = True) -> bool:
    """A summary's place may name the area around the detailed one: its governorate or district, or
    a larger town close by ("Damascus car bomb" for a blast in a suburb)."""

    if wide.name.lower() in {(detailed.admin1 or "").lower(), (detailed.admin2 or "").lower()}:
        return True
    if wide.feature in {"admin1", "admin2", "region"} and wide.admin1 and wide.admin1 == detailed.admin1:
        return True
    return (
        nearby
        and wide.population > detailed.population
        and haversine_km(wide.latitude, wide.longitude, detailed.latitude, detailed.longitude) <= SUMMARY_KM
    )


def _fullness(r: Report) -> tuple[int, float]:
    return (sum(x is not None for x in (r.place, r.actor1, r.actor2)), r.confidence)


def actor_rank(mention: ActorMention | None, trig: Trigger, doc: Doc) -> int:
    """How well an actor1 is told. GUESSED: a country's catch-all ("Rebel Groups (Syria)" for
    "terrorists", "Civilians (Iraq)"), a low-scored guess, or a fallback read off the trigger itself
    (the air force behind "an air strike"); NAMED: a proper name or nationality ("IS", "Russian
    jets"); DESCRIBED: a description that took an actor from the context ("the army", "the group")."""
    if mention is None:
        return DESCRIBED
    if (
        mention.score < WEAK_ACTOR_SCORE
        or (mention.start, mention.end) == (trig.start, trig.end)
        or is_catch_all(mention.actor)
    ):
        return GUESSED
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or _alternative(span.root):
        return DESCRIBED  # "by Syrian government or Russian war planes": one of two, not a name
    if any(t.pos_ == "PROPN" or _capitalised(t) or _ACRONYM.fullmatch(t.text) for t in span):
        return NAMED  # the tagger may read "IS" as a verb: an acronym is a name
    return DESCRIBED


def _capitalised(tok: Token) -> bool:
    """Written as a name or nationality ("the Free Syrian Army", "Russian jets"): capitalised inside
    the sentence, or a nationality word at its start."""
    if not (tok.text[:1].isupper() and tok.is_alpha):
        return False
    return not tok.is_sent_start or tok.lower_ in demonym_words()


def _alternative(tok: Token) -> bool:
    """The phrase is offered as one of alternatives ("Syrian or Russian jets", "X or Y")."""
    while tok.dep_ in {"amod", "compound"} and tok.head.i != tok.i:  # "Russian" -> "planes"
        tok = tok.head
    heads = [tok, tok.head] if tok.dep_ == "conj" else [tok]
    return any(c.dep_ == "cc" and c.lower_ == "or" for h in heads for c in h.children)


_ACRONYM = re.compile(r"[A-Z]{2,6}s?")


def is_catch_all(actor: ActorRef) -> bool:
    """ACLED's generic actors are named for their country: "Unidentified Armed Group (Syria)"."""
    return bool(actor.country) and actor.name.endswith(f"({actor.country})")


def _merge(a: Report, b: Report, *, a_rank: int = DESCRIBED, b_rank: int = DESCRIBED) -> Report:
    """One report from two tellings of one event. The fuller one stays and the other fills its gaps;
    a named attacker wins over a catch-all or a guess whichever telling came first ("militants" and
    then "IS"), and the unnamed one is not kept as an associated actor: it is the same attacker."""
    best, other = (a, b) if _fullness(a) >= _fullness(b) else (b, a)
    best_rank, other_rank = (a_rank, b_rank) if best is a else (b_rank, a_rank)
    counts = [x.fatalities for x in (best, other) if x.fatalities > 0]
    actor1 = best.actor1 or other.actor1
    assoc1 = list(best.assoc_actor_1)
    dropped: Report | None = None  # the telling whose unnamed actor1 gave way
    if other.actor1 and best.actor1 and other.actor1.actor_id != best.actor1.actor_id:
        if (best_rank, other_rank) == (GUESSED, NAMED):
            actor1, dropped = other.actor1, best
        elif (best_rank, other_rank) == (NAMED, GUESSED):
            dropped = other
        elif other.actor1.name not in assoc1 and (
            not best.actor2 or other.actor1.actor_id != best.actor2.actor_id
        ):
            assoc1.append(other.actor1.name)
    assoc1 = [n for n in assoc1 if actor1 is None or n != actor1.name]
    actor2 = best.actor2 or (other.actor2 if other.actor2 != actor1 else None)
    if actor2 is not None and actor1 is not None and actor2.actor_id == actor1.actor_id:
        actor2 = other.actor2 if other.actor2 != actor1 else None
    evidence = tuple(e for e in best.evidence if not (dropped is best and e.field == "actor1")) + tuple(
        e for e in other.evidence if e not in best.evidence and not (dropped is other and e.field == "actor1")
    )
    return replace(
        best,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=tuple(assoc1),
        place=best.place or other.place,
        geo_precision=best.geo_precision if best.place else other.geo_precision,
        civilian_targeting=best.civilian_targeting or other.civilian_targeting,
        evidence=evidence,
        claims=best.claims + tuple(c for c in other.claims if c not in best.claims),
        fatalities=min(counts) if counts else 0,
        fatalities_reported=best.fatalities_reported
        + tuple(f for f in other.fatalities_reported if f not in best.fatalities_reported),
        confidence=max(best.confidence, other.confidence),
    )
