"""STAR parts (situation, task, action, result) found by what a sentence says, not by cue words.

STAR is how behavioural-interview coaching asks a candidate to tell a past example: the
situation, the task the candidate had, the actions they took and the result (the "behavioural
description interview" of Janz 1982; Campion, Palmer & Campion 1997, "A review of structure in
the selection interview", Personnel Psychology 50). Regular-expression cue lists
(`lexicon.STAR_CUES`) only see the words a coach thought of: a paraphrase ("it fell to me to
find a new supplier") or a speech-to-text slip ("I was task with", "this situation was") makes
a clear part invisible, and one such answer scored 1 of 4 parts.

So each sentence is classified by a logistic regression fitted on a labelled set of answer
sentences (`data/star_sentences.jsonl`: written and transcribed, many job domains, with
`none` sentences - opinions, filler talk, technical explanations - so that precision means
something). Its features are

* the sentence embedding of all-MiniLM-L6-v2, the model the engine already loads for relevance
  (Reimers & Gurevych 2019, Sentence-BERT): it carries meaning across paraphrases and misheard
  words;
* TF-IDF word unigrams and bigrams learned from the same labelled sentences: the embedding is
  dominated by the topic (pharmacy, software), while what makes a sentence a result rather
  than a situation is often its wording ("went from", "my job was", "we had"); learning that
  wording from labelled data, rather than listing it by hand, keeps paraphrases in reach.

Logistic regression on frozen sentence embeddings is the usual light-weight probe (the
SentEval protocol, Conneau & Kiela 2018; SetFit's classification head, Tunstall et al. 2022).
On the held-out split it lifts macro F1 from 0.51 (cue lists) to ~0.88 (`make bench-star`,
docs/performance.md "STAR parts by meaning"); C, the wording weight and the threshold were
chosen by cross-validation on the training split only.

A sentence shows a part when that part's probability reaches `PART_THRESHOLD`; below it the
classifier is unsure and the sentence counts for nothing. A sentence may show two parts ("my
job was to fix it, so I rewrote the query"). A process fits once, at first use: embedding the
~390 training sentences took a few seconds of CPU, so their embeddings by the packaged model
are shipped beside the data (`star_embeddings`); the logistic regression itself takes well
under a second.

Without the embedding model (not installed, a path that does not load) the cue lists answer,
so the engine still gives a structure score.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import numpy as np

from analysis_app.engine import model_registry, semantic, star_embeddings
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.lexicon import STAR_PATTERNS

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

logger = logging.getLogger(__name__)

#: The four parts, in the order an answer tells them (and the order of `find_star`'s dict).
PARTS: Final = ("situation", "task", "action", "result")
NONE: Final = "none"
LABELS: Final = (*PARTS, NONE)

DATA_PATH: Final = Path(__file__).with_name("data") / "star_sentences.jsonl"

#: A part counts when its probability reaches this. Chosen by 5-fold cross-validation on the
#: training split (0.30-0.40 all within 0.01 macro F1); lower admits "none" sentences, higher
#: drops paraphrases.
PART_THRESHOLD: Final = 0.35
#: Inverse regularisation of the logistic regression (cross-validated: 3-30 within 0.01).
REGULARISATION_C: Final = 10.0
#: Scale of the TF-IDF block next to the unit-length embedding (cross-validated: 1-1.5 within
#: 0.01; 0, meaning alone, 0.10 lower).
WORDING_WEIGHT: Final = 1.0

#: Texts longer than this are also read in windows of `WINDOW_WORDS` words, `WINDOW_STRIDE`
#: apart: about the length of the labelled sentences (median 12 words), half overlapping so a
#: part is not cut in two. Told as one run-on sentence each, the held-out answers keep 89 of
#: their 96 parts this way (`make bench-star`); read whole, a run-on resembles no single part.
LONG_TEXT_WORDS: Final = 25
WINDOW_WORDS: Final = 12
WINDOW_STRIDE: Final = 6

Split = Literal["train", "test"]


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    label: str
    source: str  # "written" or "asr" (transcribed, with speech-to-text slips)
    split: str  # "train" or "test" (held out: written as whole answers, never fitted on)
    answer: str | None = None  # test sentences: the answer they belong to


def load_sentences(split: Split | None = None, path: Path = DATA_PATH,
                   ) -> list[LabelledSentence]:
    """The labelled sentences, optionally one split only."""
    rows: list[LabelledSentence] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            row = LabelledSentence(str(data["text"]), str(data["label"]), str(data["source"]),
                                   str(data["split"]), data.get("answer"))
            if row.label not in LABELS:
                raise ValueError(f"Unknown STAR label {row.label!r} in {path}")
            if split is None or row.split == split:
                rows.append(row)
    return rows


def _windows(text: str) -> list[str]:
    """Overlapping word windows of a text longer than `LONG_TEXT_WORDS`; none otherwise."""
    words = text.split()
    if len(words) <= LONG_TEXT_WORDS:
        return []
    last_start = len(words) - WINDOW_WORDS
    starts = [*range(0, last_start, WINDOW_STRIDE), last_start]
    return [" ".join(words[start:start + WINDOW_WORDS]) for start in starts]


def _features(texts: Sequence[str], vectors: FloatArray, wording: TfidfVectorizer | None,
              wording_weight: float) -> FloatArray:
    """The embedding, and next to it the sentence's wording (TF-IDF), scaled."""
    if wording is None:
        return vectors
    counts = wording.transform(list(texts)).toarray().astype(np.float32)
    return np.hstack([vectors, wording_weight * counts])


@dataclass(frozen=True)
class StarClassifier:
    """A fitted classifier: sentences in, one probability per label out."""

    model: LogisticRegression
    wording: TfidfVectorizer | None
    wording_weight: float
    config: EngineConfig

    def probabilities(self, texts: Sequence[str], vectors: FloatArray | None = None,
                      ) -> FloatArray:
        """Rows: texts; columns: `LABELS`. `vectors`: the texts' embeddings, if known."""
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        if vectors is None:
            vectors = semantic.embed(texts, self.config)
        raw: FloatArray = self.model.predict_proba(_features(texts, vectors, self.wording,
                                                 self.wording_weight))
        classes = list(self.model.classes_)
        return raw[:, [classes.index(label) for label in LABELS]]

    def parts(self, texts: Sequence[str], threshold: float = PART_THRESHOLD,
              ) -> list[set[str]]:
        """The parts each text shows (an empty set: none, or unsure).

        A long text is also read in overlapping windows, and shows every part one of them
        shows: a transcript without punctuation arrives as one "sentence" that tells the
        whole story, and its embedding, an average over all of it, resembles no single part.
        """
        pieces: list[str] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            for piece in (text, *_windows(text)):
                pieces.append(piece)
                owners.append(index)
        found: list[set[str]] = [set() for _ in texts]
        for owner, row in zip(owners, self.probabilities(pieces), strict=True):
            found[owner].update(part for column, part in enumerate(PARTS)
                                if row[column] >= threshold)
        return found


def fit(rows: Sequence[LabelledSentence], config: EngineConfig, *,
        wording_weight: float = WORDING_WEIGHT, c: float = REGULARISATION_C,
        vectors: FloatArray | None = None) -> StarClassifier:
    """Fit on labelled sentences; `vectors` lets a caller reuse embeddings it already has."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [row.text for row in rows]
    if vectors is None:
        vectors = semantic.embed(texts, config)
    wording = None
    if wording_weight > 0:
        # Words seen in two sentences at least: one-off topic words would only add noise.
        wording = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    # Balanced weights: no part should win for being the most common label in the set.
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(_features(texts, vectors, wording, wording_weight), [row.label for row in rows])
    return StarClassifier(model, wording, wording_weight, config)


def classifier(config: EngineConfig) -> StarClassifier:
    """The classifier for this embedding model, fitted on the training split once per process
    and held with the models (`model_registry.reset()` forgets it too)."""
    key = ("star_classifier", config.embedding_model, config.embedding_device)

    def load() -> StarClassifier:
        rows = load_sentences("train")
        return fit(rows, config, vectors=star_embeddings.shipped([row.text for row in rows],
                                                                   config))

    return model_registry.get_or_load(key, load)


def cue_parts(sentence: str) -> set[str]:
    """The parts whose cue phrases (`lexicon.STAR_CUES`) occur in the sentence."""
    lowered = sentence.lower().replace("\u2019", "'")
    return {part for part in PARTS
            if any(pattern.search(lowered) for pattern in STAR_PATTERNS[part])}


def _first_per_part(texts: Sequence[str], per_sentence: Sequence[set[str]]) -> dict[str, str]:
    """Per part, the first sentence that shows it: the evidence the report quotes."""
    found: dict[str, str] = {}
    for part in PARTS:
        for text, parts in zip(texts, per_sentence, strict=True):
            if part in parts:
                found[part] = text
                break
    return found


def find_star_by_cues(sentences: Sequence[str]) -> dict[str, str]:
    """The cue lists' answer: what the engine did before, and its fallback without the model."""
    texts = [sentence for sentence in sentences if sentence.strip()]
    return _first_per_part(texts, [cue_parts(text) for text in texts])


@lru_cache(maxsize=1)
def _warn_fallback(reason: str) -> None:
    """Say it once per process, not once per answer."""
    logger.warning("STAR parts fall back to the cue lists: the sentence embedder did not "
                   "load (%s)", reason)


def find_star(sentences: Sequence[str], config: EngineConfig | None = None) -> dict[str, str]:
    """Per STAR part, the first sentence that shows it (part -> sentence, in STAR order)."""
    texts = [sentence for sentence in sentences if sentence.strip()]
    if not texts:
        return {}
    try:
        per_sentence = classifier(config or EngineConfig()).parts(texts)
    except (ImportError, OSError) as error:  # no model on disk, or no sentence-transformers
        _warn_fallback(f"{type(error).__name__}: {error}")
        return find_star_by_cues(texts)
    return _first_per_part(texts, per_sentence)


def warm_up(config: EngineConfig) -> None:
    """Fit the classifier now (a worker's start), so the first answer does not wait for it."""
    try:
        classifier(config).parts(["I was asked to make the releases reliable."])
    except (ImportError, OSError) as error:
        _warn_fallback(f"{type(error).__name__}: {error}")
