"""Metadata of every sample article against its hand-coded gold."""

from pathlib import Path

import pytest
from tests.conftest import CORPUS

from dateline.evaluate import article_for, gold_files

GOLDS = gold_files([CORPUS / "gold"])


def test_corpus_is_large_enough() -> None:
    assert len(GOLDS) >= 24


@pytest.mark.parametrize("gold", GOLDS, ids=lambda g: Path(g.path).name)
def test_metadata_matches_gold(gold) -> None:
    a = article_for(gold)
    m = gold.data["metadata"]
    assert a.title == m["title"]
    assert (a.published.isoformat() if a.published else None) == m["published"]
    assert a.dateline == m["dateline"]
    assert a.wire == m["wire"]
    assert a.publisher == m["publisher"]
    if m.get("photo_caption_is_separate_from_body"):
        assert a.captions and all(c not in a.body for c in a.captions)
