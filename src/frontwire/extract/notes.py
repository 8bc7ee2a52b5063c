"""Notes in ACLED's manner, written from a report's fields (never copied from the article).

"On 2 July 2020, Islamic State attacked military forces of Syria in eastern Homs. Pro-opposition media
claimed up to 10 soldiers were killed or injured; unconfirmed." One sentence says when, who, what and
where (templates per sub-event type in ``data/lexicons/notes.yaml``); then one sentence per reported
fatality figure with who reported it and how certain it is; then any other claim's status.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from frontwire.knowledge.lexicon import read_lexicon_file
from frontwire.types import ActorRef, Claim, FatalityFigure, PlaceRef, Report

_PAREN = re.compile(r"\s*\([^)]*\)")
_GENERIC = {
    "civilians": "civilians",
    "protesters": "protesters",
    "rioters": "rioters",
    "unidentified armed group": "an unidentified armed group",
    "unidentified military forces": "unidentified military forces",
}
_RELATION_START = re.compile(
    r"^(?:near|outside|around|close to|on the outskirts of|the outskirts of|(?:north|south|east|west|"
    r"northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of|"
    r"(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+))",
    re.I,
)
_REGION_START = re.compile(
    r"^(?:the\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|central|rural|"
    r"north-east|north-west|south-east|south-west)(?:ern)?\b|countryside|^(?:the\s+)?outskirts",
    re.I,
)
_VERB = {
    "reported": "reported",
    "claimed": "claimed",
    "unconfirmed": "claimed",
    "denied": "reported",
    "confirmed": "confirmed",
}


@cache
def _templates() -> tuple[dict[str, str], str]:
    data = read_lexicon_file("notes")
    return {str(k): str(v) for k, v in data["templates"].items()}, str(data["no_actor"])


def write_notes(report: Report) -> str:
    """A short description of the event from its fields, in ACLED's manner."""
    parts = [_main_sentence(report)]
    parts.extend(_fatality_sentences(report))
    parts.extend(_claim_sentences(report))
    if report.fatalities and not report.fatalities_reported:
        parts.append(f"{report.fatalities} fatalities.")
    return " ".join(p for p in parts if p)


def actor_phrase(actor: ActorRef | None) -> str | None:
    """An actor's canonical name in running text: "IS: Islamic State" -> "Islamic State"."""
    if actor is None:
        return None
    name = _PAREN.sub("", actor.name).strip()
    if ": " in name:
        name = name.split(": ", 1)[1]
    generic = _GENERIC.get(name.lower())
    return generic or name


def date_phrase(day: date | None, precision: int) -> str:
    if day is None:
        return "On an unknown date"
    if precision >= 3:
        return f"In {day.strftime('%B')} {day.year}"
    if precision == 2:
        return f"Around {day.day} {day.strftime('%B')} {day.year}"
    return f"On {day.day} {day.strftime('%B')} {day.year}"


def place_phrase(
    place: PlaceRef | None, geo_precision: int, location_text: str | None = None, relation: str | None = None
) -> str:
    """ "in Hajin", "near Tell Abyad", "west of Tell Abyad", "in eastern Homs"."""
    if place is None:
        return "at an unknown location"
    where_text = " ".join((location_text or "").split())
    if where_text and where_text.lower() != place.name.lower() and len(where_text) <= 60:
        if _RELATION_START.match(where_text):
            return where_text
        if _REGION_START.search(where_text):
            return "in " + where_text
    name = place.name
    if (
        place.admin1
        and place.feature not in ("admin1", "country", "region")
        and _key(place.admin1) != _key(name)
    ):
        name = f"{name} ({place.admin1})"
    rel = " ".join((relation or "").split()).lower()
    if rel:
        if _RELATION_START.match(rel):  # "west of", "near", "outside"
            return (
                f"{rel} {name}"
                if rel.endswith((" of", "near", "outside", "around", "to"))
                else f"near {name}"
            )
        if rel.endswith(" of"):  # "northern countryside of", "western bank of"
            prep = "on" if any(w in rel for w in ("outskirts", "bank", "edge", "road")) else "in"
            return f"{prep} the {rel.removeprefix('the ')} {name}"
        return f"in {rel} {name}"  # "eastern"
    if geo_precision == 2:
        return f"near {name}"
    if geo_precision >= 3 and place.feature not in ("country", "admin1", "region"):
        return f"in the {name} area"
    return f"in {name}"


def _main_sentence(report: Report) -> str:
    templates, no_actor = _templates()
    template = templates.get(report.sub_event_type, templates["Other"])
    location_text = next((e.text for e in report.evidence if e.field == "location"), None)
    values = {
        "a1": actor_phrase(report.actor1) or no_actor,
        "a2": actor_phrase(report.actor2),
        "where": place_phrase(report.place, report.geo_precision, location_text, report.place_relation),
    }
    body = _fill(template, values)
    return f"{date_phrase(report.event_date, report.time_precision)}, {body}."


def _fill(template: str, values: dict[str, str | None]) -> str:
    """Fill ``{name}`` placeholders; drop ``[...]`` parts whose placeholders have no value."""

    def optional(m: re.Match[str]) -> str:
        inner = m.group(1)
        names = re.findall(r"\{(\w+)\}", inner)
        return inner if all(values.get(n) for n in names) else ""

    text = re.sub(r"\[([^\]]*)\]", optional, template)
    text = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1)) or "", text)
    return " ".join(text.split())


def _figure_phrase(f: FatalityFigure) -> str:
    """The figure in words: as the article put it when it starts with the count, else rebuilt."""
    text = " ".join(f.text.split())
    if text and (text[0].isdigit() or text.split()[0].lower() in _COUNT_STARTS) and len(text) <= 90:
        return text[0].lower() + text[1:] if not text[:2].isupper() else text
    if f.low is None and f.high is not None:
        count = f"up to {f.high}"
    elif f.high is not None and f.low is not None and f.high != f.low:
        count = f"{f.low} to {f.high}"
    else:
        count = str(f.value)
    harm = {"killed": "killed", "injured": "injured", "killed_or_injured": "killed or injured"}[f.kind]
    return f"{count} {'person was' if f.value == 1 and f.high is None else 'people were'} {harm}"


_COUNT_STARTS = {
    "at", "up", "more", "over", "nearly", "almost", "around", "about", "some", "between", "a", "an", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "dozens", "tens",
    "hundreds", "no", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "few",
}  # fmt: skip


def _fatality_sentences(report: Report) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for f in report.fatalities_reported:
        phrase = _figure_phrase(f)
        if phrase in seen:
            continue
        seen.add(phrase)
        if f.claimant:
            sentence = f"{_cap(f.claimant)} {_VERB.get(f.certainty, 'reported')} {phrase}"
        else:
            sentence = _cap(phrase)
        if f.certainty in ("unconfirmed", "denied"):
            sentence += f"; {f.certainty}"
        out.append(sentence + ".")
    return out


def _claim_sentences(report: Report) -> list[str]:
    """The status of claims not already told with a figure: "Claimed by Islamic State."."""
    told = {(f.claimant, f.certainty) for f in report.fatalities_reported}
    out: list[str] = []
    for c in report.claims:
        if (c.claimant, c.certainty) in told or c.certainty == "reported":
            continue
        told.add((c.claimant, c.certainty))
        out.append(_claim_sentence(c))
    return out


def _claim_sentence(c: Claim) -> str:
    if c.certainty == "unconfirmed":
        return f"Reported by {c.claimant}; unconfirmed." if c.claimant else "Unconfirmed."
    word = {"claimed": "Claimed", "denied": "Denied", "confirmed": "Confirmed"}[c.certainty]
    return f"{word} by {c.claimant}." if c.claimant else f"{word}."


def _key(name: str) -> str:
    """A name folded for comparison: "Ar-Raqqah" and "Ar Raqqah" are the same."""
    return re.sub(r"[\W_]+", "", name).lower()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
