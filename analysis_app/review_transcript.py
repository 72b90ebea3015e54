"""The transcript as the coach's review page shows it: each word with the marks the
candidate's report puts on it (filler, hedge, restart), and the long pauses between words.

It follows the web client's `transcriptItems` (frontend/src/components/Transcript.tsx) so
coach and candidate discuss the same marks: a marker covers the words from its `word_index`
on, one per word of its text ("you know" is two), because Whisper gives some words ("Um,") no
duration and timings alone would miss them; a marker stored without a usable index falls back
to the words inside its timings. A long pause goes before the first word said after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Seconds of slack when a word's timings are compared with a marker's or a pause's.
TOLERANCE_S = 0.05
#: Which report marker list gives which mark, in the order the marks are named.
MARKS: tuple[tuple[str, str], ...] = (
    ("fillers", "filler"), ("hedges", "hedge"), ("restarts", "restart"))


@dataclass(frozen=True, slots=True)
class MarkedWord:
    text: str
    start: float
    marks: tuple[str, ...] = ()
    is_pause = False


@dataclass(frozen=True, slots=True)
class LongPause:
    start: float
    end: float
    is_pause = True

    @property
    def duration_s(self) -> float:
        return self.end - self.start


def _number(value: object, default: float = 0.0) -> float:
    return float(value) if isinstance(value, int | float) else default


def _marked_indices(words: Sequence[Mapping[str, Any]],
                    markers: Iterable[Mapping[str, Any]]) -> set[int]:
    marked: set[int] = set()
    for marker in markers:
        first = marker.get("word_index")
        count = max(1, len(str(marker.get("text", "")).split()))
        if (isinstance(first, int) and not isinstance(first, bool) and first >= 0
                and first + count <= len(words)):
            marked.update(range(first, first + count))
            continue
        start, end = _number(marker.get("start")), _number(marker.get("end"))
        marked.update(
            index for index, word in enumerate(words)
            if _number(word.get("start")) >= start - TOLERANCE_S
            and _number(word.get("end")) <= end + TOLERANCE_S)
    return marked


def transcript_items(transcript: Mapping[str, Any],
                     markers: Mapping[str, Any]) -> list[MarkedWord | LongPause]:
    """Words and long pauses in spoken order; empty when the transcript has no word timings
    (the page then shows its plain text)."""
    words = [word for word in transcript.get("words") or [] if isinstance(word, Mapping)]
    marked = {mark: _marked_indices(words, markers.get(key) or []) for key, mark in MARKS}
    pauses = sorted(
        (LongPause(_number(p.get("start")), _number(p.get("end")))
         for p in markers.get("long_pauses") or [] if isinstance(p, Mapping)),
        key=lambda pause: pause.start)
    items: list[MarkedWord | LongPause] = []
    waiting = iter(pauses)
    pause = next(waiting, None)
    for index, word in enumerate(words):
        start = _number(word.get("start"))
        while pause is not None and pause.end <= start + TOLERANCE_S:
            items.append(pause)
            pause = next(waiting, None)
        items.append(MarkedWord(
            text=str(word.get("word", "")).strip(), start=start,
            marks=tuple(mark for _, mark in MARKS if index in marked[mark])))
    if pause is not None:
        items.append(pause)
        items.extend(waiting)
    return items
