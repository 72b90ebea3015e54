"""The transcript as runs of plain and marked text, fillers marked the way the web client's
Transcript component finds them (frontend/src/components/Transcript.tsx)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

#: Whisper gives "Um," zero-length timings: a marker's span takes words within this margin.
TOLERANCE_S: Final = 0.05

#: (text, is_filler) pieces, in reading order.
Run = tuple[str, bool]


def _word_count(marker: Mapping[str, Any]) -> int:
    return max(1, len(str(marker.get("text", "")).split()))


def marked_words(words: Sequence[Mapping[str, Any]],
                 markers: Sequence[Mapping[str, Any]]) -> set[int]:
    """The indices of the words the markers cover: by the marker's word index, so each word
    of "you know" is marked; by its timings for a marker stored without a usable index."""
    marked: set[int] = set()
    for marker in markers:
        first, count = marker.get("word_index"), _word_count(marker)
        if isinstance(first, int) and first >= 0 and first + count <= len(words):
            marked.update(range(first, first + count))
            continue
        start, end = float(marker.get("start", 0.0)), float(marker.get("end", 0.0))
        for index, word in enumerate(words):
            if (float(word.get("start", -1.0)) >= start - TOLERANCE_S
                    and float(word.get("end", -1.0)) <= end + TOLERANCE_S):
                marked.add(index)
    return marked


def _merge(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same kind as one, so the PDF writes phrases, not words."""
    merged: list[Run] = []
    for text, filler in runs:
        if merged and merged[-1][1] == filler:
            merged[-1] = (f"{merged[-1][0]} {text}", filler)
        else:
            merged.append((text, filler))
    return merged


def transcript_runs(transcript: Mapping[str, Any],
                    fillers: Sequence[Mapping[str, Any]]) -> list[Run]:
    """The transcript split into plain and filler runs.

    From the timed words when the report has them. A report without words (stored before
    words were kept, or built by hand) has only the text: its fillers are then found by
    their spelling, which also marks a "like" that was meant, so it is the fallback only."""
    words = [w for w in transcript.get("words") or [] if str(w.get("word", "")).strip()]
    if words:
        marked = marked_words(words, fillers)
        return _merge([(str(word["word"]).strip(), index in marked)
                       for index, word in enumerate(words)])
    text = str(transcript.get("text") or "").strip()
    spellings = sorted({str(m.get("text", "")).strip() for m in fillers} - {""},
                       key=len, reverse=True)
    if not text or not spellings:
        return [(text, False)] if text else []
    pattern = re.compile(
        r"(?<![\w'])(" + "|".join(re.escape(s) for s in spellings) + r")(?![\w'])",
        re.IGNORECASE)
    runs: list[Run] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            runs.append((text[position:match.start()].strip(), False))
        runs.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        runs.append((text[position:].strip(), False))
    return _merge([run for run in runs if run[0]])
