"""Web noise removal: every pattern group of web_noise.yaml, and the cleaned -> original offset map."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from frontwire.errors import KnowledgeError
from frontwire.read.clean import clean_text, compile_patterns, default_patterns

BODY = "Government forces shelled the village of Kafr Nabl on Monday, a monitor said."


FURNITURE = [
    "skip to Main Content",
    "Skip to content",
    "Jump to navigation",
    "Back To Top",
    "back to top of page",
    "Share this",
    "Share this article",
    "Share on Facebook",
    "Facebook Twitter Email",
    "Tweet",
    "Menu",
    "Search",
    "Advertisement",
    "Related articles",
    "Read more: How the front line moved this year",
    "You may also like",
    "Click here to download our app",
    "Follow us on Telegram",
    "Copyright 2021 The Daily Example. All rights reserved.",
    "© 2021 Example Media",
    "Tags: Syria, Idlib, shelling",
    "We use cookies to give you the best experience on our website.",
    "This site uses cookies. Find out more.",
    "Accept all cookies",
    "Cookie policy",
    "By continuing to browse this site you agree to our use of cookies.",
    "Subscribe to our newsletter for daily updates",
    "Subscribe now",
    "Sign up for our weekly newsletter",
    "Get the latest headlines delivered to your inbox every morning",
    "Enter your email address",
    "Home | World | Middle East | Syria",
    "Home > News > Syria",
    "Cookie settings | Privacy policy",
    "Got it",
    "Photo: AFP / Omar Haj Kadour",
    "Daily newsletter",
]


@pytest.mark.parametrize("noise", FURNITURE)
def test_clean_furniture_line_removed(noise: str) -> None:
    text = f"{noise}\n{BODY}\n{noise}"
    assert clean_text(text).text == BODY


GLUED = [
    ("Back To TopThe army shelled Abdi.", "The army shelled Abdi."),
    ("Back to top The army shelled Abdi.", "The army shelled Abdi."),
    ("The army shelled Abdi.Back To Top", "The army shelled Abdi."),
    ("The army shelled Abdi.Share thisRebels fired back.", "The army shelled Abdi. Rebels fired back."),
    ("skip to Main ContentRebels fired back.", "Rebels fired back."),
    ("AdvertisementRebels fired back.", "Rebels fired back."),
    ("Skip to contentRebels fired back.", "Rebels fired back."),
    ("Rebels fired back.Share on Facebook", "Rebels fired back."),
    ("Continue reading belowRebels fired back.", "Rebels fired back."),
    ("Rebels fired back. READ MORE Army denies losses", "Rebels fired back. Army denies losses"),
]


@pytest.mark.parametrize(("raw", "expected"), GLUED)
def test_clean_glued_phrase_removed(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


@pytest.mark.parametrize(
    "prose",
    [
        "Activists urged residents to share this information with the local council.",
        "Officials said they would read more of the reports before deciding.",
        "The commander ordered the men back to top positions on the ridge.",
    ],
)
def test_clean_prose_with_furniture_words_kept(prose: str) -> None:
    assert clean_text(prose).text == prose


COMMENT_HEADERS = [
    "12 comments",
    "1 Comment",
    "Comments (3)",
    "Leave a reply",
    "Leave a Reply to Ahmad",
    "Post a comment",
    "View all 40 comments",
    "Reader comments",
    "Join the discussion",
    "Comments",
    "Abu Omar says:",
    "Reply",
    "14 likes",
    "What do you think?",
    "Discussion",
    "You must be logged in to post a comment.",
    "3 thoughts on “Shelling in Idlib”",
]


@pytest.mark.parametrize("header", COMMENT_HEADERS)
def test_clean_comment_section_cut_at_header(header: str) -> None:
    text = f"{BODY}\n{header}\nThis is fake news, the army never shelled anything.\nReply"
    assert clean_text(text).text == BODY


COMMENT_OPENERS = [
    "Love your real news, keep it up!",
    "Great article, thanks for telling the truth.",
    "Thank you for the reporting from the ground.",
    "Keep up the good work.",
    "Well said, brother.",
]


@pytest.mark.parametrize("comment", COMMENT_OPENERS)
def test_clean_reader_comment_without_header_cut(comment: str) -> None:
    text = f"{BODY}\n{comment}\nThe rebels started it in 2012 anyway."
    assert clean_text(text).text == BODY


def test_clean_reader_comment_glued_after_sentence_cut() -> None:
    assert clean_text(f"{BODY} Love your real news, keep it up!").text == BODY


def test_clean_comment_opener_in_first_line_not_a_comment() -> None:
    """A text that starts like a comment has no article before it: nothing is cut."""
    text = "Great article about the war.\nThe army shelled Abdi."
    assert clean_text(text).text == text


def test_clean_commenter_line_cut() -> None:
    text = f"{BODY}\nAbu Omar says:\nThey deserved it."
    assert clean_text(text).text == BODY


def test_clean_unchanged_text_maps_identically() -> None:
    ct = clean_text(BODY)
    assert ct.text == BODY
    assert all(ct.to_original(i) == i for i in range(len(BODY) + 1))


NOISY = (
    "skip to Main Content\n"
    "Home | World | Middle East\n"
    "Back To TopThe army shelled Abdi on Monday.Share thisRebels fired back.\n"
    "We use cookies to improve your experience.\n"
    "Two civilians were killed, local sources said.\n"
    "3 comments\n"
    "Love your real news!\n"
)


def test_clean_offsets_round_trip_every_character() -> None:
    ct = clean_text(NOISY)
    assert ct.text == (
        "The army shelled Abdi on Monday. Rebels fired back.\nTwo civilians were killed, local sources said."
    )
    for i, ch in enumerate(ct.text):
        original = ct.original[ct.to_original(i)]
        if ch == " " and original != " ":
            # an inserted space maps to the next copied character
            assert ct.text[i + 1] == original
        else:
            assert original == ch


@pytest.mark.parametrize("phrase", ["Abdi on Monday", "Rebels fired back", "local sources said"])
def test_clean_span_to_original_gives_same_words(phrase: str) -> None:
    ct = clean_text(NOISY)
    start = ct.text.index(phrase)
    o_start, o_end = ct.span_to_original(start, start + len(phrase))
    assert NOISY[o_start:o_end] == phrase


def test_clean_all_noise_gives_empty_text() -> None:
    assert clean_text("Skip to content\nMenu\nSubscribe now\n").text == ""


def test_clean_bad_pattern_raises_knowledge_error() -> None:
    with pytest.raises(KnowledgeError):
        compile_patterns(
            {"furniture_lines": ["("], "glued_phrases": ["x"], "comment_headers": ["x"],
             "comment_openers": ["x"], "menu_separators": ["|"]}
        )  # fmt: skip


def test_clean_patterns_come_from_data_file() -> None:
    pats = default_patterns()
    assert pats.furniture.fullmatch("Skip to content")
    assert pats.comment_header.fullmatch("12 comments")


@pytest.mark.parametrize(
    ("group", "examples"),
    [
        ("furniture_lines", FURNITURE),
        ("glued_phrases", [raw for raw, _ in GLUED]),
        ("comment_headers", COMMENT_HEADERS),
        ("comment_openers", COMMENT_OPENERS),
    ],
)
def test_clean_every_pattern_has_a_test_example(group: str, examples: list[str]) -> None:
    """Each pattern of web_noise.yaml is exercised by at least one example above."""
    data = yaml.safe_load(
        resources.files("frontwire.data").joinpath("lexicons/web_noise.yaml").read_text("utf-8")
    )
    for pattern in data[group]:
        regex = re.compile(pattern, re.IGNORECASE)
        if group in {"furniture_lines", "comment_headers"}:
            hit = any(regex.fullmatch(e.strip(" :|>»-–—•*#")) for e in examples)
        else:
            hit = any(regex.search(e) for e in examples)
        assert hit, f"{group}: no test example for {pattern!r}"
