"""Scoring speech-to-text and filler detection against real human recordings.

The recordings and their verbatim references live in tests/data/real_speech/ (SOURCES.md says
where each comes from and under which licence). Shared by tests/engine/test_real_speech.py and
bench/bench_real_speech.py, so that the regression test and the benchmark's table count the
same way.

How the counting works, and why:

- Words are compared after a light, symmetric normalisation (case, punctuation, a few spelling
  variants such as "Mr." / "mister", "alright" / "all right", and the spellings of one filled
  pause: "umm" is "um"). Whisper's own English normaliser is not used: it deletes "um" and
  "uh", and keeping them is what is being measured.
- Word error rate is pooled: all edits of a group over all its reference words, so that long
  clips weigh what they contain.
- A reference filler is every filled pause ("um", "uh", "hm", ... from the engine's lexicon)
  plus the discourse fillers written in {braces}. Hypothesis fillers are what the product
  counts: `language.find_fillers` on the transcript's words. A reference filler is found when
  the word alignment (edit distance with back-trace) pairs it with a hypothesis filler of the
  same kind (filled pause or discourse filler); "uh" heard as "um" still counts, because the
  product reports how many fillers there were, not which.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis_app.engine.language import find_fillers
from analysis_app.engine.lexicon import FILLED_PAUSES
from analysis_app.engine.speech import Transcript
from analysis_app.engine.textstats import normalise

DATA_DIR = Path(__file__).resolve().parent / "data" / "real_speech"
GROUPS = ("spontaneous", "elicited", "fluent", "read")

PAUSE = "pause"
DISCOURSE = "discourse"

#: One spelling per filled pause, so "umm" against "um" is no word error.
_FILLED_PAUSE_SPELLING = {
    **dict.fromkeys(("um", "umm", "ummm", "uhm", "erm"), "um"),
    **dict.fromkeys(("uh", "uhh", "uhhh", "er", "err", "ah", "ahh", "eh"), "uh"),
    **dict.fromkeys(("hm", "hmm", "hmmm", "mm", "mmm"), "hm"),
}
#: Spelling variants that are not recognition errors (one token to one or more).
_SPELLING = {
    "mr": ("mister",), "mrs": ("missus",), "ok": ("okay",), "alright": ("all", "right"),
    "yknow": ("you", "know"), "y'know": ("you", "know"),
}
_MARKUP = re.compile(r"^(\[.*\]|<.*>)$")
_REFERENCE_TOKEN = re.compile(r"\{[^}]*\}|\S+")


@dataclass(frozen=True)
class Clip:
    """One recording and its verbatim reference."""

    path: Path
    group: str
    text: str

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Token:
    """A normalised word; `filler` marks the first word of a filler (its kind), else None."""

    text: str
    filler: str | None = None


@dataclass
class Score:
    """Edits and filler matches, summed over clips."""

    reference_words: int = 0
    edits: int = 0
    reference_fillers: int = 0
    hypothesis_fillers: int = 0
    fillers_found: int = 0
    audio_s: float = 0.0
    compute_s: float = 0.0
    cpu_s: float = 0.0
    clips: int = 0
    missed: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.reference_words += other.reference_words
        self.edits += other.edits
        self.reference_fillers += other.reference_fillers
        self.hypothesis_fillers += other.hypothesis_fillers
        self.fillers_found += other.fillers_found
        self.audio_s += other.audio_s
        self.compute_s += other.compute_s
        self.cpu_s += other.cpu_s
        self.clips += other.clips
        self.missed.extend(other.missed)
        self.invented.extend(other.invented)

    @property
    def wer(self) -> float:
        return self.edits / max(self.reference_words, 1)

    @property
    def filler_recall(self) -> float | None:
        """None where the group has no fillers to find (fluent and read speech)."""
        if not self.reference_fillers:
            return None
        return self.fillers_found / self.reference_fillers

    @property
    def filler_precision(self) -> float | None:
        """None where nothing was reported: no claim was made, so none was wrong."""
        if not self.hypothesis_fillers:
            return None
        return self.fillers_found / self.hypothesis_fillers

    @property
    def real_time_factor(self) -> float:
        """Seconds of (wall-clock) transcription per second of audio."""
        return self.compute_s / max(self.audio_s, 1e-9)

    @property
    def cpu_real_time_factor(self) -> float:
        """CPU seconds per second of audio: steadier than wall time on a busy machine."""
        return self.cpu_s / max(self.audio_s, 1e-9)


def load_clips(data_dir: Path = DATA_DIR) -> list[Clip]:
    entries = json.loads((data_dir / "references.json").read_text(encoding="utf-8"))["clips"]
    return [Clip(data_dir / entry["file"], entry["group"], entry["text"]) for entry in entries]


def _canonical(word: str) -> tuple[str, ...]:
    token = normalise(word)
    if not token:
        return ()
    if token in _FILLED_PAUSE_SPELLING:
        return (_FILLED_PAUSE_SPELLING[token],)
    if token in _SPELLING:
        return _SPELLING[token]
    return tuple(part for part in re.split(r"[-\s]+", token) if part)


def _tokens(words: Iterable[tuple[str, str | None]]) -> list[Token]:
    out: list[Token] = []
    for word, filler in words:
        for position, part in enumerate(_canonical(word)):
            out.append(Token(part, filler if position == 0 else None))
    return out


def reference_tokens(text: str) -> list[Token]:
    """Tokens of a reference, with its filled pauses and {braced} discourse fillers marked."""
    words: list[tuple[str, str | None]] = []
    for item in _REFERENCE_TOKEN.findall(text):
        if item.startswith("{"):
            for position, word in enumerate(item.strip("{}").split()):
                words.append((word, DISCOURSE if position == 0 else None))
        elif not _MARKUP.match(item):
            words.append((item, PAUSE if normalise(item) in FILLED_PAUSES else None))
    return _tokens(words)


def hypothesis_tokens(transcript: Transcript) -> list[Token]:
    """Tokens of a transcript, with the fillers the product itself finds marked."""
    words = transcript.words
    kinds: dict[int, str] = {}
    for marker in find_fillers([normalise(word.word) for word in words], words):
        kinds[marker.word_index] = PAUSE if marker.text in FILLED_PAUSES else DISCOURSE
    return _tokens((word.word, kinds.get(index)) for index, word in enumerate(words))


def align(reference: Sequence[str], hypothesis: Sequence[str]) -> tuple[int, list[tuple[int, int]]]:
    """Edit distance, and the (reference, hypothesis) index pairs it matches or substitutes."""
    rows, cols = len(reference) + 1, len(hypothesis) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1,
                             cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]))
    pairs: list[tuple[int, int]] = []
    i, j = len(reference), len(hypothesis)
    while i > 0 and j > 0:
        if cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return cost[-1][-1], pairs[::-1]


def score(clip: Clip, transcript: Transcript) -> Score:
    """Word errors and filler matches of one transcript against its clip's reference."""
    reference = reference_tokens(clip.text)
    hypothesis = hypothesis_tokens(transcript)
    edits, pairs = align([t.text for t in reference], [t.text for t in hypothesis])
    found = {i for i, j in pairs
             if reference[i].filler and reference[i].filler == hypothesis[j].filler}
    matched_hypothesis = {j for i, j in pairs if i in found}
    return Score(
        reference_words=len(reference),
        edits=edits,
        reference_fillers=sum(1 for t in reference if t.filler),
        hypothesis_fillers=sum(1 for t in hypothesis if t.filler),
        fillers_found=len(found),
        clips=1,
        missed=[f"{clip.name}:{i}:{t.text}" for i, t in enumerate(reference)
                if t.filler and i not in found],
        invented=[f"{clip.name}:{j}:{t.text}" for j, t in enumerate(hypothesis)
                  if t.filler and j not in matched_hypothesis],
    )
