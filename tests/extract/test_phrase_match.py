"""Phrase matching helpers: possessives without their apostrophe, a site's tag lists."""

from __future__ import annotations

import pytest

from frontwire.extract.phrase_match import PhraseMatcher, tag_blocks
from frontwire.knowledge.actorkb import normalize


@pytest.mark.parametrize(
    ("text", "found"),
    [("Syrias army advanced.", ["Syria"]), ("The Syrian army advanced.", []), ("syrias army", [])],
)
def test_phrase_match_bare_possessive_of_a_name(text, found):
    matcher = PhraseMatcher([("Syria", "SY")])
    hits = matcher.all(text, normalize(text))
    assert [text[h.start : h.end] for h in hits] == found


def test_phrase_match_tag_block_ends_where_the_lead_repeats():
    lead = "Airstrikes on a village in Idlib killed 12 people."
    text = f"{lead} Tags Syria Russia airstrikes {lead}"
    (start, end), *_ = tag_blocks(text)
    assert text[start:end] == "Tags Syria Russia airstrikes "


def test_phrase_match_tag_block_ends_at_the_comment_footer():
    text = "Jets struck Hama. Tags Daesh Syria Russia Community standards Discussion"
    assert [text[s:e] for s, e in tag_blocks(text)] == ["Tags Daesh Syria Russia "]


def test_phrase_match_tag_block_without_an_end_is_kept():
    assert tag_blocks("Tags are sewn into the uniforms of the fighters.") == []
