"""Resolution on the real gazetteer: the article's own evidence (region, county words, country focus)."""

from __future__ import annotations

from pathlib import Path

from frontwire.config import Config
from frontwire.extract.place_resolution import Mention, focus_and_votes, resolve
from frontwire.extract.place_signals import context_words
from frontwire.knowledge.gazetteer import Gazetteer


def _mentions(text: str, tmp_path: Path) -> list[Mention]:
    gaz = Gazetteer.open(Config(data_dir=tmp_path / "home"))
    spans = {}
    for m in gaz.match(text):  # the longest name at each start, as recognition keeps it
        if m.start not in spans or m.end > spans[m.start].end:
            spans[m.start] = m
    return [
        Mention(m, text[m.start : m.end], list(m.candidates))
        for m in sorted(spans.values(), key=lambda m: m.start)
    ]


def test_resolve_prefers_the_state_the_other_names_share(tmp_path: Path) -> None:
    text = "Athens, Tyler, Corsicana"
    alone = _mentions("Athens", tmp_path)
    resolve(alone, "Athens", context_words())
    assert alone[0].best is not None and alone[0].best.place.country_code == "GR"
    mentions = _mentions(text, tmp_path)
    resolve(mentions, text, context_words())
    athens = next(mn for mn in mentions if mn.surface == "Athens")
    assert athens.best is not None and athens.best.place.admin1 == "Texas"


def test_resolve_county_word_after_a_list(tmp_path: Path) -> None:
    text = "Barrow and Jackson counties in Georgia"
    mentions = _mentions(text, tmp_path)
    resolve(mentions, text, context_words())
    best = {mn.surface: mn.best for mn in mentions}
    assert best["Barrow"] is not None and best["Barrow"].place.name == "Barrow County"
    assert best["Jackson"] is not None and best["Jackson"].place.admin1 == "Georgia"
    assert focus_and_votes(mentions)[0]["US"] > 0


def test_resolve_a_big_city_beats_a_smaller_province_abroad_of_its_name(tmp_path: Path) -> None:
    """ "Portland" alone is the Oregon city, not the Jamaican parish; "Homs" alone stays the Syrian city."""
    for name, country in (("Portland", "US"), ("Homs", "SY")):
        mentions = _mentions(name, tmp_path)
        resolve(mentions, name, context_words())
        best = mentions[0].best
        assert best is not None and (best.place.feature, best.place.country_code) == ("city", country)


def test_resolve_a_british_county_in_a_british_article(tmp_path: Path) -> None:
    text = "Flooding closed roads across Cambridgeshire and Norfolk, and trains to London were cancelled."
    mentions = _mentions(text, tmp_path)
    resolve(mentions, text, context_words())
    best = {mn.surface: mn.best for mn in mentions}
    for county in ("Cambridgeshire", "Norfolk"):
        found = best[county]
        assert found is not None and (found.place.feature, found.place.admin1) == ("admin2", "England")


def test_resolve_local_news_words_point_to_their_country(tmp_path: Path) -> None:
    """A town named alone goes to its best-known namesake; the same name in a story about the
    council and a DUI arrest is read in the United States."""
    alone = "Mansfield won the cup."
    mentions = _mentions(alone, tmp_path)
    resolve(mentions, alone, context_words())
    assert mentions[0].best is not None and mentions[0].best.place.country_code == "GB"
    local = "Mansfield will vote tonight. The aldermen will also hear about a DUI arrest near the school."
    mentions = _mentions(local, tmp_path)
    resolve(mentions, local, context_words())
    assert mentions[0].best is not None and mentions[0].best.place.country_code == "US"


def test_vocabulary_focus_counts_distinct_words_of_a_country() -> None:
    from frontwire.extract.place_signals import vocabulary_focus

    words = context_words()
    assert vocabulary_focus("The weather was fine.", words) == {}
    assert vocabulary_focus("The Sheriff's Office said.", words) == {"US": 1}
    assert vocabulary_focus(
        "County commissioners met; the county commissioners and aldermen agreed.", words
    ) == {"US": 2}
    assert vocabulary_focus("Council tax rises, the NHS said.", words) == {"GB": 2}
    assert vocabulary_focus("the gop", words) == {}  # an acronym matches as written only


def test_a_name_inside_another_gives_no_second_opinion() -> None:
    from frontwire.extract.place_resolution import _overlap

    assert _overlap({"arlington"}, "north arlington")
    assert _overlap({"north", "arlington"}, "arlington")
    assert _overlap({"henderson"}, "henderson")
    assert not _overlap({"athens"}, "henderson")
    assert not _overlap({"north", "arlington"}, "north haven")
