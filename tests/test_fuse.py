"""Fusion rules: which reports tell the same event, and what the fused record keeps."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from frontwire.distance import haversine_km
from frontwire.fuse import (
    cluster_reports,
    conservative_fatalities,
    event_from_reports,
    same_event,
    sub_types_compatible,
)
from frontwire.types import Claim
from tests.store.factories import ACTORS, PLACES, report

REPO = Path(__file__).resolve().parents[1]
PLACES_ACTOR_SDF = ACTORS["sdf"]
SD = "Strategic developments"


def test_fuse_haversine_known_distance() -> None:
    # Tell Abyad to Ain Issa, about 35 km apart
    tell_abyad, ain_issa = PLACES["tell_abyad"], PLACES["ain_issa"]
    km = haversine_km(tell_abyad.latitude, tell_abyad.longitude, ain_issa.latitude, ain_issa.longitude)
    assert 33 < km < 37


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("Air/drone strike", "Shelling/artillery/missile attack", True),
        ("Armed clash", "Government regains territory", True),
        ("Peaceful protest", "Protest with intervention", True),
        ("Armed clash", "Air/drone strike", False),
        ("Arrests", "Attack", False),
    ],
)
def test_fuse_sub_type_compatibility(a: str, b: str, compatible: bool) -> None:
    assert sub_types_compatible(a, b) is compatible


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (report("b"), True),
        (report("b", day="2020-07-03"), True),  # within a day
        (report("b", day="2020-07-04"), False),  # two days later
        (report("b", day="2020-07-06", time_precision=2), True),  # "last week": looser
        (report("b", day="2020-07-20", time_precision=2), False),
        (report("b", place="abdi"), False),  # two precise places 7 km apart
        (report("b", place="abdi", geo_precision=2), True),  # "near Abdi": within reach
        (report("b", place="ain_issa", geo_precision=2), False),  # 35 km: too far for "near"
        (report("b", place="raqqa_gov", geo_precision=3), True),  # the province contains Tell Abyad
        (report("b", place="maarat", geo_precision=3), False),  # another province
        (report("b", place=None), False),
        (report("b", actors=("sdf",)), True),  # fewer actors named
        (report("b", actors=("unknown", "sdf")), True),  # unnamed group does not contradict
        (report("b", actors=("syria_army", "sdf")), False),  # another attacker
        (report("b", sub="Air/drone strike"), True),
        (report("b", sub="Armed clash", event_type="Battles"), False),
        (report("b", actors=("turkey_army", "civilians")), True),  # victims named differently
    ],
)
def test_fuse_same_event_rules(other: object, same: bool) -> None:
    base = report("a")
    assert same_event(base, other) is same  # type: ignore[arg-type]
    assert same_event(other, base) is same  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (report("a", actors=("turkey_army",)), True),  # found twice, once with fewer actors
        (report("a", day="2020-07-03"), False),  # within one article a day apart: two events
        (report("a", sub="Air/drone strike"), False),  # within one article another sub-type
        (report("a", place="abdi", geo_precision=2), True),
    ],
)
def test_fuse_same_article_reports(other: object, same: bool) -> None:
    assert same_event(report("a"), other) is same  # type: ignore[arg-type]


def test_fuse_state_forces_of_one_country_are_one_side() -> None:
    army = report("a", place="mosul", actors=("iraq_army", "isis"), sub="Arrests", event_type=SD)
    police = replace(army, article_id="b", actor1=replace(army.actor1, actor_id="iq-pol", kind="police"))  # type: ignore[arg-type]
    assert same_event(army, police)
    assert not same_event(army, replace(police, actor2=PLACES_ACTOR_SDF))


def test_fuse_complete_linkage_does_not_chain() -> None:
    # one vague report is compatible with two events that are not compatible with each other
    a = report("a", actors=("turkey_army", "sdf"))
    b = report("b", actors=("syria_army", "sdf"))
    vague = report("c", actors=("sdf",))
    groups = cluster_reports([a, b, vague])
    assert len(groups) == 2
    assert sorted(len(g) for g in groups) == [1, 2]


def test_fuse_cluster_is_order_independent_for_clear_cases() -> None:
    reports = [report("a"), report("b", day="2020-07-09"), report("c"), report("d", day="2020-07-09")]
    forward = sorted(sorted(r.article_id for r in g) for g in cluster_reports(reports))
    backward = sorted(sorted(r.article_id for r in g) for g in cluster_reports(reports[::-1]))
    assert forward == backward == [["a", "c"], ["b", "d"]]


def test_fuse_event_keeps_every_figure_claim_and_source() -> None:
    claim = Claim("pro-opposition media", "up to 10 soldiers were killed", "unconfirmed")
    reports = [
        report("a", fatalities=7, source="South Front"),
        report("b", fatalities=4, source="ANHA", claims=(claim,)),
        report("c", place="abdi", geo_precision=2, source="SOHR"),
    ]
    event = event_from_reports(reports, event_id="e1")
    assert event.fatalities == 4 == conservative_fatalities(reports)
    assert sorted((f.value, f.article_id) for f in event.fatalities_reported) == [(4, "b"), (7, "a")]
    assert event.claims == (claim,)
    assert event.source == "ANHA; SOHR; South Front"
    assert event.article_ids == ("a", "b", "c")
    assert event.location == "Tell Abyad" and event.geo_precision == 1
    assert {e.article_id for e in event.evidence} == {"a", "b", "c"}


def test_fuse_event_takes_most_precise_date_and_fullest_actors() -> None:
    vague = replace(report("a", day="2020-07-01", time_precision=2, actors=("sdf",)), confidence=0.9)
    exact = report("b", day="2020-07-02", actors=("turkey_army", "sdf"))
    event = event_from_reports([vague, exact])
    assert (event.event_date, event.time_precision) == ("2020-07-02", 1)
    assert {event.actor1, event.actor2} == {
        "Military Forces of Turkey (2016-)",
        "SDF: Syrian Democratic Forces",
    }
    assert event.interaction == 28


def test_fuse_fusion_set_hand_coded_pairwise_scores() -> None:
    """Regression floor on the fusion test set (the benchmark prints the figures)."""
    spec = importlib.util.spec_from_file_location("fusion_eval", REPO / "benchmarks" / "fusion_eval.py")
    assert spec and spec.loader
    fusion_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fusion_eval)
    for score in fusion_eval.run_hand(orders=3):
        assert score["precision"] >= 0.95 and score["recall"] >= 0.95, score
