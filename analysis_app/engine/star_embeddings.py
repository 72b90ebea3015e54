"""The STAR training sentences' embeddings by the packaged model, shipped beside the data.

Fitting the STAR classifier embeds its ~390 training sentences: 2.4 CPU s, the largest single
cost of a cold analysis of a short answer once torch was gone (`make bench-profile`). They are
the same numbers every time, so they are computed once and kept in
`data/star_sentences.minilm.npz`, with a digest of the model's name and the sentences; a
mismatch (the data was edited, another embedding model is configured) means they are not used
and the fit embeds the sentences as before. A test recomputes them and fails when they are
stale. To write them again after editing the data:

    .venv/bin/python -m analysis_app.engine.star_embeddings
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np

from analysis_app.engine import semantic
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import PACKAGED_EMBEDDING_MODEL, EngineConfig

PATH: Final = Path(__file__).with_name("data") / "star_sentences.minilm.npz"


def digest(texts: Sequence[str], model: str = PACKAGED_EMBEDDING_MODEL) -> str:
    return hashlib.sha256("\n".join([model, *texts]).encode("utf-8")).hexdigest()


def shipped(texts: Sequence[str], config: EngineConfig, path: Path = PATH) -> FloatArray | None:
    """The shipped embeddings of `texts`, when they are what `config`'s model would give."""
    if config.embedding_model != PACKAGED_EMBEDDING_MODEL or not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as stored:
        if str(stored["digest"]) != digest(texts):
            return None
        vectors: FloatArray = stored["vectors"]
        return vectors


def write(texts: Sequence[str], path: Path = PATH) -> None:
    vectors = semantic.embed(texts, EngineConfig())
    np.savez(path, vectors=vectors, digest=np.array(digest(texts)))


if __name__ == "__main__":
    from analysis_app.engine.star import load_sentences

    write([row.text for row in load_sentences("train")])
    print(f"wrote {PATH}")
