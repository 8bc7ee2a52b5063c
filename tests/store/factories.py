"""Hand-built reports for store and fusion tests (places and actors are real; events invented)."""

from __future__ import annotations

from datetime import date

from frontwire.types import ActorRef, Claim, Evidence, FatalityFigure, PlaceRef, Report

SY, RAQQA = "Syria", "Ar-Raqqah"
PLACES = {
    "tell_abyad": PlaceRef("170017", "Tell Abyad", 36.6974, 38.9567, SY, "SY", RAQQA, feature="city"),
    "abdi": PlaceRef("ucdp-abdi", "Abdi", 36.6531, 38.9030, SY, "SY", RAQQA, feature="village"),
    "ain_issa": PlaceRef("172515", "Ain Issa", 36.3856, 38.8594, SY, "SY", RAQQA, feature="city"),
    "raqqa_gov": PlaceRef("172955", "Ar-Raqqah", 35.95, 38.99, SY, "SY", RAQQA, feature="admin1"),
    "maarat": PlaceRef("169389", "Maarat al-Numan", 35.6433, 36.6708, "Syria", "SY", "Idlib", feature="city"),
    "saraqib": PlaceRef("168668", "Saraqib", 35.8646, 36.8006, "Syria", "SY", "Idlib", feature="city"),
    "mosul": PlaceRef("99072", "Mosul", 36.335, 43.1189, "Iraq", "IQ", "Nineveh", feature="city"),
}
ACTORS = {
    "syria_army": ActorRef("sy-mil", "Military Forces of Syria (2000-)", 1, "Syria", "military"),
    "turkey_army": ActorRef("tr-mil", "Military Forces of Turkey (2016-)", 8, "Turkey", "military"),
    "sdf": ActorRef("sdf", "SDF: Syrian Democratic Forces", 2, "Syria", "rebel"),
    "hts": ActorRef("hts", "HTS: Hayat Tahrir al-Sham", 2, "Syria", "rebel"),
    "russia_air": ActorRef("ru-mil", "Military Forces of Russia (2000-)", 8, "Russia", "military"),
    "civilians": ActorRef("sy-civ", "Civilians (Syria)", 7, "Syria", "civilians"),
    "unknown": ActorRef("sy-uag", "Unidentified Armed Group (Syria)", 3, "Syria", "unidentified"),
    "isis": ActorRef("is", "Islamic State (Iraq)", 2, "Iraq", "rebel"),
    "iraq_army": ActorRef("iq-mil", "Military Forces of Iraq (2014-)", 1, "Iraq", "military"),
}


def report(
    article_id: str,
    *,
    sub: str = "Shelling/artillery/missile attack",
    event_type: str = "Explosions/Remote violence",
    day: str = "2020-07-02",
    place: str | None = "tell_abyad",
    actors: tuple[str, ...] = ("turkey_army", "sdf"),
    fatalities: int = 0,
    geo_precision: int = 1,
    time_precision: int = 1,
    source: str | None = None,
    claims: tuple[Claim, ...] = (),
    confidence: float = 0.7,
    notes: str = "",
) -> Report:
    a = [ACTORS[x] for x in actors]
    figures = (
        (FatalityFigure(fatalities, None, None, claimant=source, article_id=article_id),)
        if fatalities
        else ()
    )
    return Report(
        article_id=article_id,
        event_type=event_type,
        sub_event_type=sub,
        event_date=date.fromisoformat(day) if day else None,
        time_precision=time_precision,
        actor1=a[0] if a else None,
        actor2=a[1] if len(a) > 1 else None,
        place=PLACES[place] if place else None,
        geo_precision=geo_precision,
        fatalities=fatalities,
        fatalities_reported=figures,
        claims=claims,
        evidence=(Evidence(article_id, 0, 10, f"text of {article_id}", "event"),),
        confidence=confidence,
        notes=notes or f"{sub} reported by {article_id}",
        source=source or f"Outlet {article_id}",
    )
