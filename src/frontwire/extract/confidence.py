"""How sure the extractor is about one report, from 0 to 1.

The score multiplies two things a user can reason about:

* **evidence**: ``0.6 * trigger score + 0.4 * completeness``. The trigger score (0..1, from the
  trigger finder) says how sure the typing is. Completeness says how much of the record the text
  itself supplies: actor1 0.30, actor2 0.10, place 0.30, date 0.30. A place or date named in the
  event's own sentence counts fully; one inherited from the article (the sentence before, the lead)
  0.7 of it; the story's date used because the text gives none 0.4. A place coded near a town
  (``geo_precision`` 2) counts 0.9, a region or a country 0.6.
* **certainty**: the weakest certainty among the claims about the event: reported or confirmed 1.0,
  claimed 0.85, unconfirmed 0.75, denied 0.5.

So a typed strike with both actors, its village and its day in one sentence, plainly reported, scores
near the trigger score's ceiling; an undated, unplaced, denied claim scores low. ``--min-confidence``
drops reports below a threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontwire.types import ActorRef, Certainty, Claim, DateMention, PlaceMention, Trigger

WEIGHT_TRIGGER = 0.6
WEIGHT_COMPLETENESS = 0.4
PART_ACTOR1 = 0.30
PART_ACTOR2 = 0.10
PART_PLACE = 0.30
PART_DATE = 0.30
INHERITED = 0.7
STORY_DATE = 0.4
GEO_PRECISION = {1: 1.0, 2: 0.9, 3: 0.6}
CERTAINTY: dict[Certainty, float] = {
    "reported": 1.0,
    "confirmed": 1.0,
    "claimed": 0.85,
    "unconfirmed": 0.75,
    "denied": 0.5,
}


def confidence_for(
    trigger: Trigger,
    *,
    actor1: ActorRef | None = None,
    actor2: ActorRef | None = None,
    place: PlaceMention | None = None,
    date_mention: DateMention | None = None,
    date_known: bool = False,
    claims: Iterable[Claim] = (),
) -> float:
    """The report's confidence from its trigger, what was found for it and how certain its claims are.

    ``date_mention`` is the evidence `date_for` returned; ``date_known`` says whether it returned a
    date at all (the story's date when there was no mention).
    """
    s, e = trigger.sentence_start, trigger.sentence_end
    if e <= s:
        s, e = trigger.start, trigger.end

    def in_sentence(start: int) -> bool:
        return s <= start < e

    complete = 0.0
    if actor1 is not None:
        complete += PART_ACTOR1
    if actor2 is not None:
        complete += PART_ACTOR2
    if place is not None:
        where = 1.0 if in_sentence(place.start) else INHERITED
        precision = 0.6 if place.place.feature in ("country", "admin1", "region") else 1.0
        precision = min(precision, GEO_PRECISION.get(place.geo_precision, 0.6))
        complete += PART_PLACE * where * precision
    if date_mention is not None:
        complete += PART_DATE * (1.0 if in_sentence(date_mention.start) else INHERITED)
    elif date_known:
        complete += PART_DATE * STORY_DATE
    evidence = WEIGHT_TRIGGER * max(0.0, min(1.0, trigger.score)) + WEIGHT_COMPLETENESS * complete
    factor = min((CERTAINTY.get(c.certainty, 1.0) for c in claims), default=1.0)
    return round(max(0.0, min(1.0, evidence * factor)), 4)
