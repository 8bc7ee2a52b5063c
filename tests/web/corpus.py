"""A small store for the web tests, built through the store's public interface from articles and
reports written by hand (our own sentences; places and coordinates are real, events invented).

Evidence offsets are found in the article text, so every highlighted span is the real substring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from frontwire.read.clean import clean_text
from frontwire.store.base import Store
from frontwire.types import ActorRef, Article, Claim, Evidence, FatalityFigure, PlaceRef, Report

SAF = ActorRef("sy-military", "Military Forces of Syria (2000-)", 1, "Syria", "military")
RUS = ActorRef("ru-military", "Military Forces of Russia (2000-)", 8, "Russia", "military")
ISIS = ActorRef("isis", "Islamic State (Syria)", 2, "Syria", "rebel")
SNA = ActorRef("sna", "Syrian National Army", 2, "Syria", "rebel")
SDF = ActorRef("sdf", "SDF: Syrian Democratic Forces", 2, "Syria", "rebel")
CIV_SY = ActorRef("civilians-sy", "Civilians (Syria)", 7, "Syria", "civilians")
BOKO = ActorRef(
    "boko-haram", "Boko Haram - Jamaatu Ahli is-Sunna lid-Dawati wal-Jihad", 2, "Nigeria", "rebel"
)
NG_ARMY = ActorRef("ng-military", "Military Forces of Nigeria (2015-2023)", 1, "Nigeria", "military")
PROT_IQ = ActorRef("protesters-iq", "Protesters (Iraq)", 6, "Iraq", "protesters")

PALMYRA = PlaceRef("170592", "Palmyra", 34.5604, 38.2805, "Syria", "SY", "Homs", "Tadmur")
TANF = PlaceRef("ucdp-tanf", "Al Tanf", 33.5019, 38.6581, "Syria", "SY", "Homs", "Tadmur")
ABDI = PlaceRef("ucdp-abdi", "Abdi", 36.6447, 38.8547, "Syria", "SY", "Ar-Raqqa", "Tell Abiad")
IDLIB = PlaceRef("169389", "Idlib", 35.9306, 36.6339, "Syria", "SY", "Idlib", "Idlib")
MAIDUGURI = PlaceRef("2331447", "Maiduguri", 11.8464, 13.1603, "Nigeria", "NG", "Borno", "Maiduguri")
BAGHDAD = PlaceRef("98182", "Baghdad", 33.3406, 44.4009, "Iraq", "IQ", "Baghdad", None)
BASRA = PlaceRef("99532", "Basra", 30.5085, 47.7804, "Iraq", "IQ", "Basra", None)


@dataclass
class Draft:
    """One hand-written article and the reports an extractor would make of it."""

    article: Article
    reports: list[dict] = field(default_factory=list)


def span(text: str, needle: str, article_id: str, field_name: str) -> Evidence:
    start = text.index(needle)
    return Evidence(article_id, start, start + len(needle), needle, field_name)


def _report(article: Article, spec: dict) -> Report:
    text = article.text
    evidence = tuple(span(text, needle, article.id, f) for f, needle in spec.pop("evidence"))
    claims = tuple(
        Claim(
            claimant,
            text=quote,
            certainty=certainty,
            start=text.index(quote),
            end=text.index(quote) + len(quote),
        )
        for claimant, quote, certainty in spec.pop("claims", ())
    )
    figures = tuple(spec.pop("figures", ()))
    return Report(
        article_id=article.id,
        evidence=evidence,
        claims=claims,
        fatalities_reported=figures,
        source=article.source,
        **spec,
    )


def drafts() -> list[Draft]:
    out: list[Draft] = []

    a = Article(
        id="t-tanf",
        title="Warplanes strike near al-Tanf",
        published="2020-07-04",
        source="Test Wire",
        url="https://example.org/test-wire/t-tanf",
        text=(
            "Syrian and Russian warplanes carried out air raids near the al-Tanf zone on July 2. "
            "The strikes hit positions of ISIS cells in the desert. "
            "Opposition media claim up to 10 soldiers were killed in an ambush near Palmyra on July 3, "
            "but this is yet to be confirmed. "
            "The area has been contested for years."
        ),
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Explosions/Remote violence",
                    sub_event_type="Air/drone strike",
                    event_date=date(2020, 7, 2),
                    actor1=SAF,
                    actor2=ISIS,
                    assoc_actor_1=(RUS.name,),
                    place=TANF,
                    geo_precision=2,
                    confidence=0.8,
                    evidence=[
                        ("event", "carried out air raids"),
                        ("location", "al-Tanf zone"),
                        ("event_date", "July 2"),
                        ("actor1", "Syrian and Russian warplanes"),
                        ("actor2", "ISIS cells"),
                    ],
                ),
                dict(
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    event_date=date(2020, 7, 3),
                    actor1=ISIS,
                    actor2=SAF,
                    place=PALMYRA,
                    geo_precision=2,
                    fatalities=0,
                    confidence=0.6,
                    claims=[
                        ("Opposition media", "up to 10 soldiers were killed in an ambush", "unconfirmed")
                    ],
                    figures=[
                        FatalityFigure(
                            None,
                            None,
                            10,
                            "killed_or_injured",
                            "Opposition media",
                            "t-tanf",
                            certainty="unconfirmed",
                        )
                    ],
                    evidence=[
                        ("event", "ambush"),
                        ("location", "near Palmyra"),
                        ("event_date", "July 3"),
                        ("fatalities", "up to 10 soldiers were killed"),
                    ],
                ),
            ],
        )
    )

    a = Article(
        id="t-palmyra",
        title="Checkpoint attacked near Palmyra",
        published="2020-07-04",
        source="Monitor Bulletin",
        url="https://example.org/monitor/t-palmyra",
        text=(
            "Monitors said ISIS fighters attacked an army checkpoint near Palmyra on Friday, July 3, "
            "killing three soldiers. Monitors could not verify reports of further casualties."
        ),
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    event_date=date(2020, 7, 3),
                    actor1=ISIS,
                    actor2=SAF,
                    place=PALMYRA,
                    geo_precision=2,
                    fatalities=3,
                    confidence=0.85,
                    claims=[
                        ("Monitors", "ISIS fighters attacked an army checkpoint near Palmyra", "reported")
                    ],
                    figures=[FatalityFigure(3, None, None, "killed", "Monitors", "t-palmyra")],
                    evidence=[
                        ("event", "attacked an army checkpoint"),
                        ("location", "near Palmyra"),
                        ("event_date", "Friday, July 3"),
                        ("fatalities", "killing three soldiers"),
                        ("actor1", "ISIS fighters"),
                    ],
                ),
            ],
        )
    )

    a = Article(
        id="t-abdi",
        title="Shelling west of Tell Abyad",
        published="2020-07-06",
        source="Local Agency",
        url="https://example.org/local/t-abdi",
        text=(
            "Turkish-backed factions shelled a position of the Syrian Army west of Tell Abyad near the "
            "village of Abdi on Sunday. Two civilians were wounded, local sources said."
        ),
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack",
                    event_date=date(2020, 7, 5),
                    actor1=SNA,
                    actor2=SAF,
                    place=ABDI,
                    geo_precision=2,
                    confidence=0.75,
                    evidence=[
                        ("event", "shelled"),
                        ("location", "near the village of Abdi"),
                        ("actor1", "Turkish-backed factions"),
                        ("event_date", "on Sunday"),
                    ],
                ),
            ],
        )
    )

    a = Article(
        id="t-idlib",
        title="Strike on a market in Idlib",
        published="2020-06-21",
        source="Test Wire",
        url="https://example.org/test-wire/t-idlib",
        text=(
            "An air strike hit a crowded market in Idlib city on June 20, killing seven civilians, "
            "rescuers said. The government denied targeting civilians."
        ),
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Explosions/Remote violence",
                    sub_event_type="Air/drone strike",
                    event_date=date(2020, 6, 20),
                    actor1=SAF,
                    actor2=CIV_SY,
                    civilian_targeting=True,
                    place=IDLIB,
                    fatalities=7,
                    confidence=0.8,
                    claims=[
                        ("rescuers", "killing seven civilians", "reported"),
                        ("The government", "denied targeting civilians", "denied"),
                    ],
                    figures=[FatalityFigure(7, None, None, "killed", "rescuers", "t-idlib")],
                    evidence=[
                        ("event", "An air strike hit"),
                        ("location", "Idlib city"),
                        ("event_date", "June 20"),
                        ("fatalities", "killing seven civilians"),
                    ],
                ),
            ],
        )
    )

    a = Article(
        id="t-borno",
        title="Attack near Maiduguri",
        published="2020-06-14",
        source="Nigeria Desk",
        url="https://example.org/ng/t-borno",
        text=(
            "Boko Haram fighters attacked a military base outside Maiduguri on June 13. "
            "The army said 12 insurgents were killed; residents put the toll at 20."
        ),
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    event_date=date(2020, 6, 13),
                    actor1=BOKO,
                    actor2=NG_ARMY,
                    place=MAIDUGURI,
                    geo_precision=2,
                    fatalities=12,
                    confidence=0.8,
                    claims=[
                        ("The army", "12 insurgents were killed", "claimed"),
                        ("residents", "put the toll at 20", "claimed"),
                    ],
                    figures=[
                        FatalityFigure(12, None, None, "killed", "The army", "t-borno"),
                        FatalityFigure(20, None, None, "killed", "residents", "t-borno"),
                    ],
                    evidence=[
                        ("event", "attacked a military base"),
                        ("location", "outside Maiduguri"),
                        ("event_date", "June 13"),
                        ("fatalities", "12 insurgents were killed"),
                    ],
                ),
            ],
        )
    )

    a = Article(
        id="t-baghdad",
        title="Protest in Baghdad",
        published="2020-05-11",
        source="Iraq Notes",
        url="https://example.org/iq/t-baghdad",
        text="Hundreds of protesters gathered peacefully in Baghdad on May 10 to demand jobs.",
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Protests",
                    sub_event_type="Peaceful protest",
                    event_date=date(2020, 5, 10),
                    actor1=PROT_IQ,
                    place=BAGHDAD,
                    confidence=0.9,
                    evidence=[
                        ("event", "gathered peacefully"),
                        ("location", "Baghdad"),
                        ("event_date", "May 10"),
                    ],
                ),
            ],
        )
    )

    a = Article(
        id="t-basra",
        title="Clashes at a Basra protest",
        published="2020-05-13",
        source="Iraq Notes",
        url="https://example.org/iq/t-basra",
        text="Police fired tear gas at demonstrators who set tyres alight in Basra on May 12.",
    )
    out.append(
        Draft(
            a,
            [
                dict(
                    event_type="Riots",
                    sub_event_type="Violent demonstration",
                    event_date=date(2020, 5, 12),
                    actor1=PROT_IQ,
                    place=BASRA,
                    confidence=0.7,
                    evidence=[("event", "set tyres alight"), ("location", "Basra"), ("event_date", "May 12")],
                ),
            ],
        )
    )
    return out


HOSTILE_ID = "t-hostile"


def hostile_draft() -> Draft:
    """An article whose every field tries to run code in the dashboard."""
    text = (
        'Raqqa report <script>window.__pwned = "script";</script> begins here. '
        "SDF fighters clashed with ISIS cells near Raqqa on July 8 "
        "<img src=x onerror=\"window.__pwned='img'\">. "
        "Read more at <a href=\"javascript:window.__pwned='link'\">javascript:window.__pwned=1</a> now."
    )
    a = Article(
        id=HOSTILE_ID,
        title="<img src=x onerror=\"window.__pwned='title'\">Hostile <b>title</b>",
        published="2020-07-09",
        source='<script>window.__pwned="source"</script>',
        url="javascript:window.__pwned='url'",
        text=text,
    )
    raqqa = PlaceRef("163915", "Raqqa", 35.9594, 39.0079, "Syria", "SY", "Ar-Raqqa", "Ar-Raqqa")
    return Draft(
        a,
        [
            dict(
                event_type="Battles",
                sub_event_type="Armed clash",
                event_date=date(2020, 7, 8),
                actor1=SDF,
                actor2=ISIS,
                place=raqqa,
                confidence=0.7,
                notes='<script>window.__pwned="notes"</script>',
                claims=[
                    (
                        "<img src=x onerror=\"window.__pwned='claimant'\">",
                        "clashed with ISIS cells",
                        "claimed",
                    )
                ],
                evidence=[
                    ("event", "clashed with ISIS cells"),
                    ("location", "<img src=x onerror=\"window.__pwned='img'\">"),
                    ("actor1", '<script>window.__pwned = "script";</script>'),
                ],
            ),
        ],
    )


def add_draft(store: Store, draft: Draft) -> None:
    clean = clean_text(draft.article.text)
    # Offsets must point into the cleaned text: these hand-written texts carry no web noise.
    assert clean.text == draft.article.text, f"{draft.article.id}: cleaning changed the test text"
    reports = [_report(draft.article, dict(spec)) for spec in draft.reports]
    with store.transaction():
        store.add_article(draft.article, clean, f"hash-{draft.article.id}-{len(draft.article.text)}")
        store.replace_reports(draft.article.id, reports)


def build_store(store: Store, hostile: bool = False) -> None:
    for draft in drafts():
        add_draft(store, draft)
    if hostile:
        add_draft(store, hostile_draft())
