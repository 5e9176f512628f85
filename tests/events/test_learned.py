"""The learned sub-event classifier: the numpy MiniLM encoder, the shipped head, and its training data."""

from collections import Counter

import numpy as np
import pytest

from dateline.events import learned, train
from dateline.events.encoder import encoder
from dateline.taxonomy import taxonomy


def test_embeddings_are_unit_vectors_that_place_paraphrases_together() -> None:
    v = encoder().encode(
        [
            "Gunmen killed five villagers in a night raid on Tuesday.",
            "Armed men shot dead five residents of the village overnight.",
            "The central bank raised interest rates by half a point.",
        ]
    )
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.5 > v[0] @ v[2]


def test_batching_and_order_do_not_change_a_vector() -> None:
    texts = ["Rebels seized the town.", "A much longer sentence about protesters marching through the capital."]
    together = encoder().encode(texts)
    alone = np.vstack([encoder().encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_the_head_covers_every_sub_event_type_and_none() -> None:
    assert learned.head().labels == (*(s.sub_event_type for s in taxonomy()), "none")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Suspected jihadists ambushed an army patrol near the border, killing six soldiers.", "Armed clash"),
        ("A suicide bomber blew himself up at a checkpoint outside the city, killing four police.", "Suicide bomb"),
        ("Thousands of nurses marched peacefully to the ministry to demand unpaid wages.", "Peaceful protest"),
        ("The home side beat the champions 2-1 with a late goal in the derby on Sunday.", "none"),
    ],
)
def test_verdicts_on_sentences_written_for_this_test(text: str, label: str) -> None:
    [verdict] = learned.judge([text])
    assert verdict.best[0] == label


def test_training_data_has_60_per_type_and_600_non_events() -> None:
    counts = Counter(label for _, label in train.examples())
    assert all(counts[s.sub_event_type] >= 60 for s in taxonomy())
    assert counts["none"] >= 600
    texts = [t for t, _ in train.examples()]
    assert len(set(texts)) == len(texts)


def test_the_shipped_head_is_what_make_train_builds() -> None:
    fresh = train.build(report=False)
    shipped = learned.head()
    assert fresh.labels == shipped.labels
    # the same bytes on one machine; across BLAS builds the fourth decimal may round the other way
    assert np.allclose(fresh.weights, shipped.weights, atol=2e-4)
    assert np.allclose(fresh.bias, shipped.bias, atol=2e-4)
