"""The learned sub-event classifier: a softmax head over MiniLM sentence embeddings.

Its labels are ACLED's 25 sub-event types and ``none`` (no political violence, protest or strategic development).
The head is trained by ``make train`` (``python -m dateline.events.train``) on the sentences in data/train/ and
shipped as data/classifier.json; this module only loads and applies it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from dateline.events.encoder import encoder

NONE = "none"
HEAD = "classifier.json"


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, 384)
    bias: np.ndarray  # (labels,)

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        logits = embeddings @ self.weights.T + self.bias
        logits = np.exp(logits - logits.max(1, keepdims=True))
        return logits / logits.sum(1, keepdims=True)

    def to_json(self, source: str) -> str:
        body = {
            "source": source,
            "labels": list(self.labels),
            "bias": [round(float(b), 4) for b in self.bias],
            "weights": [[round(float(w), 4) for w in row] for row in self.weights],
        }
        return json.dumps(body, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Head:
        body = json.loads(text)
        return cls(tuple(body["labels"]), np.array(body["weights"], np.float32), np.array(body["bias"], np.float32))


@cache
def head() -> Head:
    return Head.from_json(resources.files("dateline.data").joinpath(HEAD).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the classifier says of one sentence: each label's probability."""

    scores: dict[str, float]

    @property
    def best(self) -> tuple[str, float]:
        return max(self.scores.items(), key=lambda kv: kv[1])

    @property
    def best_event(self) -> tuple[str, float]:
        """The most probable sub-event type, ``none`` aside."""
        return max(((k, v) for k, v in self.scores.items() if k != NONE), key=lambda kv: kv[1])

    def p(self, label: str) -> float:
        return self.scores.get(label, 0.0)


def judge(sentences: Sequence[str]) -> list[Verdict]:
    """One verdict per sentence, encoded in one batch; the encoder loads on the first call."""
    if not sentences:
        return []
    h = head()
    probs = h.probabilities(encoder().encode(list(sentences)))
    return [Verdict(dict(zip(h.labels, map(float, row), strict=True))) for row in probs]
