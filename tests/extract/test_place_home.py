"""An outlet's home region, learnt from its earlier articles, settles the names a local paper leaves bare."""

from __future__ import annotations

import pytest

from frontwire.config import Config
from frontwire.extract.place_home import OutletVotes, SourceHomes, SureReading, source_key
from frontwire.extract.places import PlaceFinder


def test_source_key_is_one_per_outlet() -> None:
    assert source_key("https://www.Example-Courier.com/local/story-1") == "example-courier.com"
    assert source_key("example-courier.com") == "example-courier.com"
    assert source_key("  South Front ") == "south front"
    assert source_key(None) == ""


def test_home_prior_needs_votes_and_counts_one_per_name() -> None:
    homes = SourceHomes()
    assert homes.prior("courier.example") is None
    twice = [SureReading("cleveland", "US", "TN"), SureReading("cleveland", "US", "OH")]
    homes.learn("courier.example", twice)
    assert homes.prior("courier.example") is None  # one name, one vote: too few yet
    homes.learn("courier.example", [SureReading("etowah", "US", "TN"), SureReading("niota", "US", "TN")])
    home = homes.prior("https://courier.example/x")
    assert home is not None
    assert home.divisions[("US", "TN")] == 1.0
    assert homes.prior("other.example") is None  # outlets do not share votes


def _tennessee(place: object) -> bool:
    return getattr(place, "country_code", None) == "US" and getattr(place, "admin1", None) == "Tennessee"


def test_a_local_paper_bare_town_name_takes_the_outlets_state() -> None:
    finder = PlaceFinder(PlaceFinder.load(Config()).gazetteer, Config())
    bare = "The Athens city council met on Monday to discuss the budget."
    alone = finder.find_text(bare, source="valley-courier.example")
    assert alone and not _tennessee(alone[0].place)  # nothing known of the outlet yet
    earlier = [
        "Knoxville, Tenn. and Chattanooga, Tenn. officials met in Nashville, Tennessee on Tuesday.",
        "A crash closed the highway between Cleveland, Tenn. and Madisonville, Tenn. on Friday.",
    ]
    for text in earlier:
        finder.find_text(text, source="valley-courier.example")
    later = finder.find_text(bare, source="valley-courier.example")
    assert later and _tennessee(later[0].place)
    elsewhere = finder.find_text(bare, source="another-paper.example")
    assert elsewhere and not _tennessee(elsewhere[0].place)


def test_outlet_places_are_names_glued_to_news_words() -> None:
    from frontwire.extract.place_home import outlet_places
    from frontwire.extract.place_signals import context_words

    finder = PlaceFinder.load(Config())
    words = context_words()

    def named(source: str) -> dict[str, set[str]]:
        return {
            part: {c.place.country_code or "" for c in cands}
            for part, cands in outlet_places(source, finder.gazetteer, words)
        }

    assert "athens" in named("https://www.onlineathens.com/stories/1")
    assert "US" in named("middletownpress.com")["middletown"]
    assert named("cambridge-news.co.uk") == {"cambridge": {"GB"}}  # the country's domain decides
    assert "dallas" in named("The Dallas Morning News")
    nothing_local = (
        "theguardian.com",
        "southfront.org",
        "South Front",
        "sana",
        "jordantimes",
        "washingtonpost.com",
    )
    for nothing in nothing_local:
        assert named(nothing) == {}, nothing


def test_outlet_town_settles_a_neighbour_and_is_never_reported() -> None:
    finder = PlaceFinder(PlaceFinder.load(Config()).gazetteer, Config())
    text = "Portland selectmen voted on Tuesday to hire a new town attorney."
    plain = finder.find_text(text)
    assert plain and plain[0].place.admin1 != "Connecticut"
    local = finder.find_text(text, source="middletownpress.com")
    assert [m.text for m in local] == ["Portland"]  # the outlet's Middletown is not a mention
    assert local[0].place.admin1 == "Connecticut"  # next to Middletown, Conn.


def test_the_outlets_own_town_is_the_namesake_its_sure_places_lie_near() -> None:
    from frontwire.extract.place_home import outlet_places
    from frontwire.extract.place_signals import context_words

    finder = PlaceFinder.load(Config())
    outlet = outlet_places("onlineathens.com", finder.gazetteer, context_words())
    homes = SourceHomes()
    near_athens_ga = [("watkinsville", 33.86, -83.41), ("winder", 33.99, -83.72), ("commerce", 34.20, -83.46)]
    homes.learn(
        "onlineathens.com", [SureReading(k, "US", "GA", (lat, lon)) for k, lat, lon in near_athens_ga]
    )
    home = homes.prior("onlineathens.com")
    assert home is not None
    town = home.with_town(outlet).town
    assert town is not None and town.place.admin1 == "Georgia"
    far = SourceHomes()
    far.learn("onlineathens.com", [SureReading(k, "US", "GA", (40.0, -100.0)) for k, _, _ in near_athens_ga])
    far_home = far.prior("onlineathens.com")
    assert far_home is not None and far_home.with_town(outlet).town is None


def test_a_batch_reads_an_outlets_first_story_again_with_the_home_its_later_ones_show() -> None:
    finder = PlaceFinder(PlaceFinder.load(Config()).gazetteer, Config())
    bare = "The Athens city council met on Monday to discuss the budget."
    later = [
        "Knoxville, Tenn. and Chattanooga, Tenn. officials met in Nashville, Tennessee on Tuesday.",
        "A crash closed the highway between Cleveland, Tenn. and Madisonville, Tenn. on Friday.",
        "Sweetwater, Tenn. and Etowah, Tenn. schools closed early on Thursday.",
        "Crews repaired a bridge between Maryville, Tenn. and Lenoir City, Tenn. this week.",
    ]
    source = "valley-courier.example"
    one_by_one = PlaceFinder(finder.gazetteer, Config()).find_text(bare, source=source)
    assert one_by_one and not _tennessee(one_by_one[0].place)
    batch = finder.find_batch([(bare, None, source), *((text, None, source) for text in later)])
    assert batch[0] and _tennessee(batch[0][0].place)
    assert batch[1][0].text == "Knoxville"  # later stories keep their own readings


def test_a_name_is_local_only_to_an_outlet_whose_votes_gather_in_one_division() -> None:
    finder = PlaceFinder.load(Config())
    moorhead = [c for c in finder.gazetteer.lookup("Moorhead") if c.place.feature in ("city", "town")]
    local, national = SourceHomes(), SourceHomes()
    local.learn("prairie-news.example", [SureReading(f"mn{i}", "US", "MN") for i in range(8)])
    spread = [SureReading(f"s{i}", "US", state) for i, state in enumerate(("MN", "TX", "GA", "OH") * 2)]
    national.learn("wire.example", spread)
    local_home, national_home = local.prior("prairie-news.example"), national.prior("wire.example")
    assert local_home is not None and national_home is not None
    assert local_home.local_share(moorhead) == 1.0
    assert national_home.local_share(moorhead) == 0.0  # a quarter of the votes is below the floor


def test_place_home_state_round_trips_and_learning_goes_on_as_before() -> None:
    names = ("etowah", "niota", "athens")
    tn = [SureReading(n, "US", "TN", (35.0 + i / 10, -84.0)) for i, n in enumerate(names)]
    homes = SourceHomes()
    homes.learn("https://www.courier.example/a", tn[:2])
    homes.learn("wire.example", [SureReading("aleppo", "SY", "09"), SureReading("syria", "SY", "")])
    homes.learn("courier.example", tn[2:])
    exported = homes.export()
    assert [o.key for o in exported] == ["wire.example", "courier.example"]  # least recently seen first
    texts = [(o.key, o.seen, o.to_json()) for o in exported]
    assert texts == [(o.key, o.seen, o.to_json()) for o in homes.export()]  # deterministic
    again = SourceHomes()
    again.learn("stale.example", tn)  # forgotten on restore
    again.restore(OutletVotes.from_json(*t) for t in reversed(texts))
    assert again.export() == exported
    assert again.prior("stale.example") is None
    assert again.prior("courier.example") == homes.prior("courier.example")
    for h in (homes, again):  # both go on alike
        h.learn("wire.example", [SureReading("idlib", "SY", "10")])
    assert again.export() == homes.export()
    assert again.export(["https://courier.example/x", None, "unknown.example"]) == [homes.export()[0]]


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"votes": []}',
        '{"version": 2, "votes": []}',
        '{"version": 1, "votes": {}}',
        '{"version": 1, "votes": [["athens", "US", "TN", 35.0]]}',
        '{"version": 1, "votes": [["athens", "US", 13, null, null]]}',
        '{"version": 1, "votes": [["athens", "US", "TN", 35.0, null]]}',
    ],
)
def test_place_home_state_refuses_what_it_did_not_write(text: str) -> None:
    with pytest.raises(ValueError):
        OutletVotes.from_json("courier.example", 1, text)


def test_place_home_restore_keeps_the_most_recently_seen_outlets(monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwire.extract import place_home

    monkeypatch.setattr(place_home, "_SOURCES", 2)
    vote = [SureReading("etowah", "US", "TN"), SureReading("niota", "US", "TN")]
    homes = SourceHomes()
    for outlet in ("a.example", "b.example", "c.example"):
        homes.learn(outlet, vote)
    kept = homes.export()
    assert [(o.key, o.seen) for o in kept] == [("b.example", 2), ("c.example", 3)]  # a.example dropped
    again = SourceHomes()
    again.restore([OutletVotes("a.example", 1, tuple(vote)), *kept])
    assert again.export() == kept
    again.learn("a.example", vote)  # seen again: it now pushes out the least recently seen
    assert [(o.key, o.seen) for o in again.export()] == [("c.example", 3), ("a.example", 4)]
