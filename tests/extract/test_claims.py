"""Claims: the claimant a sentence names and the certainty its wording gives."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from frontwire.extract.claims import claim_at, claims_for, find_claims
from frontwire.types import Article, ArticleContext, Claim, CleanText, FatalityFigure, Trigger


def _claims(nlp: Language, text: str) -> list[Claim]:
    return find_claims(nlp(text), ArticleContext(Article("k", text), CleanText.unchanged(text), None))


@pytest.mark.parametrize(
    ("text", "claimant", "certainty"),
    [
        (
            "Pro-opposition media claim up to 10 soldiers were killed or injured, but this is yet to be "
            "confirmed.",
            "Pro-opposition media",
            "unconfirmed",
        ),
        ("According to Syrian sources, the raids hit a base near the border.", "Syrian sources", "reported"),
        ("Pro-government sources said the army repelled the attack.", "Pro-government sources", "reported"),
        ("The ministry said three soldiers died in the attack.", "ministry", "reported"),
        ("The group claimed responsibility for the bombing.", "group", "claimed"),
        ("SANA reported that three civilians were killed in the shelling.", "SANA", "reported"),
        (
            "The Syrian Observatory for Human Rights said 12 fighters were killed.",
            "Syrian Observatory for Human Rights",
            "reported",
        ),
        ("The army denied carrying out the strike on the hospital.", "army", "denied"),
        ("The Pentagon confirmed eight strikes against the group.", "Pentagon", "confirmed"),
        ("Five people were killed, the toll could not be independently verified.", None, "unconfirmed"),
    ],
)
def test_claims_claimant_and_certainty(
    nlp: Language, text: str, claimant: str | None, certainty: str
) -> None:
    claims = _claims(nlp, text)
    assert len(claims) == 1, claims
    assert (claims[0].claimant, claims[0].certainty) == (claimant, certainty)


def test_claims_hedge_in_next_sentence_applies_to_previous(nlp: Language) -> None:
    text = "The Observatory said 5 people died in the strike. This could not be independently verified."
    (claim,) = _claims(nlp, text)
    assert claim.claimant == "Observatory" and claim.certainty == "unconfirmed"
    assert claim.start == 0 and claim.end == len(text)


def test_claims_lives_lost_is_not_a_claim(nlp: Language) -> None:
    assert _claims(nlp, "The blast claimed the lives of five people in the town.") == []


def test_claims_plain_event_sentence_has_no_claim(nlp: Language) -> None:
    assert _claims(nlp, "Warplanes struck the market on Monday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed a member of the Syrian Democratic Forces near Hajin on Friday.",
        "The army shelled rebel positions in the hills above the town.",
        "Residents fled as the rebels advanced on the village.",
        # "Tell" of a place name is no reporting verb
        "Rebels clashed with the Syrian Democratic Forces near Tell Tamer on Monday.",
    ],
)
def test_claims_a_source_named_in_a_sentence_that_reports_nothing_is_no_claim(
    nlp: Language, text: str
) -> None:
    assert _claims(nlp, text) == []


def test_claims_a_title_case_headline_reports(nlp: Language) -> None:
    assert [c.claimant for c in _claims(nlp, "Activists Say Regime Shelled Douma Overnight")] == ["Activists"]


def test_claims_a_source_named_in_a_reporting_sentence_is_its_claimant(nlp: Language) -> None:
    claims = _claims(nlp, "Twelve soldiers were reportedly killed near Hajin, opposition media said.")
    assert [c.claimant for c in claims] == ["opposition media"]


def test_claims_two_sources_in_one_sentence_split(nlp: Language) -> None:
    text = "SANA said 3 soldiers were killed, while the Observatory said 9 soldiers died."
    claims = _claims(nlp, text)
    assert [c.claimant for c in claims] == ["SANA", "Observatory"]
    assert claim_at(text.index("3 soldiers"), claims) is claims[0]
    assert claim_at(text.index("9 soldiers"), claims) is claims[1]


def test_claims_for_trigger_sentence(nlp: Language) -> None:
    text = "Warplanes struck Hajin. The ministry denied the report."
    claims = _claims(nlp, text)
    first = Trigger(10, 16, "struck", "Air/drone strike", "Explosions/Remote violence", 0.9, 0, 23)
    second = Trigger(40, 46, "denied", "Air/drone strike", "Explosions/Remote violence", 0.9, 24, len(text))
    assert claims_for(first, claims) == ()
    assert [c.certainty for c in claims_for(second, claims)] == ["denied"]


def test_claims_without_parse_use_lexicon(nlp: Language) -> None:
    text = "According to local sources, the convoy was hit. Activists reported heavy shelling."
    ctx = ArticleContext(Article("k", text), CleanText.unchanged(text), None)
    claims = find_claims(None, ctx)
    assert [c.claimant for c in claims] == ["local sources", "Activists"]


def test_claims_for_includes_the_claim_of_a_figure_taken_from_the_next_sentence(nlp: Language) -> None:
    text = (
        "IS militants attacked army positions in eastern Homs. Pro-opposition media claim up to 10 soldiers "
        "were killed or injured, but this is yet to be confirmed."
    )
    claims = _claims(nlp, text)
    first_end = text.index(".") + 1
    trigger = Trigger(13, 21, "attacked", "Armed clash", "Battles", 0.9, 0, first_end)
    assert claims_for(trigger, claims) == ()
    figure = FatalityFigure(
        10, None, 10, "killed_or_injured", start=text.index("up to"), end=text.index("up to") + 5
    )
    (claim,) = claims_for(trigger, claims, None, [figure])
    assert (claim.claimant, claim.certainty) == ("Pro-opposition media", "unconfirmed")


def test_claims_relative_clause_is_not_part_of_the_claimant(nlp: Language) -> None:
    text = "One was killed on Friday according to the report which could not be verified."
    claims = _claims(nlp, text)
    assert [c.claimant for c in claims] == ["report"]
    assert claims[0].certainty == "unconfirmed"


def test_claims_subject_nearest_the_reporting_verb_wins(nlp: Language) -> None:
    """A misparse can hang an appositive noun on "said" as a second subject; the nearer one speaks."""
    tokens = [  # (word, head, dep, pos, lemma), as the small model misparses such sentences
        ("Gunmen", 1, "nsubj", "NOUN", "gunman"),
        ("shot", 13, "ccomp", "VERB", "shoot"),
        ("two", 3, "nummod", "NUM", "two"),
        ("guards", 1, "dobj", "NOUN", "guard"),
        (",", 13, "punct", "PUNCT", ","),
        ("a", 6, "det", "DET", "a"),
        ("unit", 13, "nsubj", "NOUN", "unit"),
        ("of", 6, "prep", "ADP", "of"),
        ("the", 9, "det", "DET", "the"),
        ("army", 7, "pobj", "NOUN", "army"),
        (",", 13, "punct", "PUNCT", ","),
        ("local", 12, "amod", "ADJ", "local"),
        ("officials", 13, "nsubj", "NOUN", "official"),
        ("said", 13, "ROOT", "VERB", "say"),
        (".", 13, "punct", "PUNCT", "."),
    ]
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in (",", ".") for i in range(len(words))]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[t[1] for t in tokens],
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        lemmas=[t[4] for t in tokens],
    )
    text = doc.text
    (claim,) = find_claims(doc, ArticleContext(Article("k", text), CleanText.unchanged(text), None))
    assert claim.claimant == "local officials"
