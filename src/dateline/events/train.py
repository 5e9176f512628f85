"""``make train``: rebuild data/classifier.json from the sentences in data/train/, and print cross-validated scores.

Multinomial logistic regression with L2, fitted by full-batch gradient descent with Nesterov momentum from zero
weights, classes weighted by inverse frequency: no randomness but the fold split, whose seed is fixed, so the same
sentences give the same bytes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

from dateline.data import lines
from dateline.events.encoder import encoder
from dateline.events.learned import HEAD, NONE, Head
from dateline.taxonomy import taxonomy

SEED = 13
FOLDS = 5
L2 = 1e-3
STEPS = 400
RATE = 0.5
SOURCE = "written here: trained by `make train` on data/train/*.jsonl over all-MiniLM-L6-v2 embeddings"


def labels() -> tuple[str, ...]:
    return (*(s.sub_event_type for s in taxonomy()), NONE)


def examples() -> list[tuple[str, str]]:
    """Every training sentence and its label, file by file in name order."""
    folder = resources.files("dateline.data").joinpath("train")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".jsonl"))
    known = set(labels())
    out = []
    for name in names:
        for line in lines(f"train/{name}"):
            row = json.loads(line)
            if row["label"] not in known:
                raise ValueError(f"train/{name}: unknown label {row['label']!r}")
            out.append((row["text"], row["label"]))
    return out


def fit(x: np.ndarray, y: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias of a softmax regression on standardised features, folded back to raw features."""
    mean, std = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / std
    counts = np.bincount(y, minlength=n_labels).astype(np.float64)
    sample = (len(y) / (n_labels * np.maximum(counts, 1)))[y]
    sample /= sample.sum()
    onehot = np.eye(n_labels)[y]
    w = np.zeros((n_labels, z.shape[1]))
    b = np.zeros(n_labels)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(STEPS):
        lw, lb = w + 0.9 * vw, b + 0.9 * vb
        logits = z @ lw.T + lb
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        err = (p - onehot) * sample[:, None]
        vw = 0.9 * vw - RATE * (err.T @ z + L2 * lw)
        vb = 0.9 * vb - RATE * err.sum(0)
        w, b = w + vw, b + vb
    return w / std, b - (w / std) @ mean


def _f1(gold: np.ndarray, pred: np.ndarray, n_labels: int) -> tuple[float, float, list[float]]:
    """Macro F1, support-weighted F1, and each label's F1."""
    per = []
    for k in range(n_labels):
        tp = float(np.sum((pred == k) & (gold == k)))
        p = tp / max(np.sum(pred == k), 1)
        r = tp / max(np.sum(gold == k), 1)
        per.append(2 * p * r / (p + r) if p + r else 0.0)
    support = np.bincount(gold, minlength=n_labels)
    return float(np.mean(per)), float(np.dot(per, support) / support.sum()), per


def cross_validate(x: np.ndarray, y: np.ndarray, n_labels: int) -> np.ndarray:
    """Out-of-fold predictions over FOLDS seeded folds."""
    fold = np.random.default_rng(SEED).permutation(len(y)) % FOLDS
    pred = np.empty_like(y)
    for k in range(FOLDS):
        w, b = fit(x[fold != k], y[fold != k], n_labels)
        pred[fold == k] = np.argmax(x[fold == k] @ w.T + b, 1)
    return pred


def build(report: bool = True) -> Head:
    """Encode the training sentences, report cross-validated scores, and fit the head on all of them."""
    names = labels()
    rows = examples()
    x = encoder().encode([t for t, _ in rows]).astype(np.float64)
    y = np.array([names.index(label) for _, label in rows])
    if report:
        macro, weighted, per = _f1(y, cross_validate(x, y, len(names)), len(names))
        counts = Counter(label for _, label in rows)
        for name, f in zip(names, per, strict=True):
            print(f"{name:40} {counts[name]:4d}  F1 {100 * f:5.1f}")
        scores = f"macro F1 {100 * macro:.1f}, weighted F1 {100 * weighted:.1f}"
        print(f"{len(rows)} sentences, {FOLDS}-fold cross-validation: {scores}")
    w, b = fit(x, y, len(names))
    return Head(names, w.astype(np.float32), b.astype(np.float32))


def main() -> None:
    out = Path(str(resources.files("dateline.data").joinpath(HEAD)))
    out.write_text(build().to_json(SOURCE), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
