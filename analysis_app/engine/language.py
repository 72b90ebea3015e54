"""Language features of a timed transcript: pace, fillers, hedges, restarts, tone, vocabulary,
content.

Every filler, hedge and restart keeps its word timings, so the report can mark it on the
transcript and the player can jump to it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from analysis_app.engine import semantic, timeline
from analysis_app.engine import star as star_parts
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.lexicon import (
    AUXILIARY_LEMMAS,
    CLAUSE_EDGE_WORDS,
    CLAUSE_OPENERS,
    COMPLEMENT_WORDS,
    DISCOURSE_FILLERS,
    EDITING_TERMS,
    EMPHATIC_REDUPLICATION,
    FILLED_PAUSES,
    GRAMMATICAL_DOUBLES,
    HEDGES,
    INCOMPLETE_ENDINGS,
    KIND_OF_AS_NOUN_AFTER,
    LIKE_AS_FILLER_AFTER,
    LIKE_AS_WORD_BEFORE,
    NUMBER_WORDS,
    ORGANISATION_PATTERNS,
    STOPWORDS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
)
from analysis_app.engine.question_kind import classify_question
from analysis_app.engine.scoring.rubric_types import QuestionKind
from analysis_app.engine.speech import Transcript, Word
from analysis_app.engine.textstats import (
    ends_clause,
    ends_sentence,
    flesch_reading_ease,
    mattr,
    normalise,
    spoken_word_count,
)

#: Pace is counted over a sliding 5 s window: short enough to show a rushed passage, long
#: enough to hold ~12 words at conversational speed.
_PACE_WINDOW_S = 5.0


class SpeechTiming(Protocol):
    """What the language stage needs from the audio stage (an `AudioAnalysis` fits)."""

    @property
    def speaking_span(self) -> tuple[float, float] | None: ...

    @property
    def speech_duration_s(self) -> float: ...


@dataclass(frozen=True)
class Marker:
    """One filler, hedge or restart on the transcript.

    A restart marks its reparandum, the words the speaker abandoned ("we" in "we we were");
    the filler or editing term between it and the repair has a filler marker of its own.
    """

    kind: str
    text: str
    start: float
    end: float
    word_index: int


@dataclass(frozen=True)
class LanguageAnalysis:
    """The `text` stage's output."""

    features: dict[str, Any]
    fillers: tuple[Marker, ...] = ()
    hedges: tuple[Marker, ...] = ()
    star: dict[str, str] = field(default_factory=dict)
    coverage: dict[str, Any] | None = None
    filler_types: dict[str, int] = field(default_factory=dict)
    timelines: dict[str, timeline.Series] = field(default_factory=dict)
    #: Last, and loaded as () from rows stored before restarts were detected.
    restarts: tuple[Marker, ...] = ()


def _discourse_filler(phrase: tuple[str, ...], index: int, tokens: list[str],
                      words: tuple[Word, ...]) -> bool:
    """Is this "like" / "you know" / "I mean" a filler here, rather than a real verb?"""
    last = index + len(phrase) - 1
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    comma_after = ends_clause(words[last].word)
    if phrase == ("like",):
        previous = tokens[index - 1] if index > 0 else None
        if previous in LIKE_AS_WORD_BEFORE:
            return False
        starts_phrase = previous is None or ends_clause(words[index - 1].word)
        return comma_after or starts_phrase or previous in LIKE_AS_FILLER_AFTER
    # "you know"/"I mean": a filler when set off by a pause or comma, or not followed by an
    # object ("you know that...", "I mean it").
    return comma_after or following is None or following not in COMPLEMENT_WORDS


def find_fillers(tokens: list[str], words: tuple[Word, ...]) -> list[Marker]:
    markers: list[Marker] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in FILLED_PAUSES:
            word = words[index]
            markers.append(Marker("filler", token, word.start, word.end, index))
            index += 1
            continue
        for phrase in DISCOURSE_FILLERS:
            if (tuple(tokens[index: index + len(phrase)]) == phrase
                    and _discourse_filler(phrase, index, tokens, words)):
                last = words[index + len(phrase) - 1]
                markers.append(Marker("filler", " ".join(phrase), words[index].start,
                                      last.end, index))
                index += len(phrase) - 1
                break
        index += 1
    return markers


def find_hedges(tokens: list[str], words: tuple[Word, ...]) -> list[Marker]:
    markers: list[Marker] = []
    index = 0
    while index < len(tokens):
        for phrase in HEDGES:  # longest first, so "i'm not sure" wins over "not sure"
            if tuple(tokens[index: index + len(phrase)]) != phrase:
                continue
            if phrase[0] in {"kind", "sort"} and index > 0 \
                    and tokens[index - 1] in KIND_OF_AS_NOUN_AFTER:
                continue
            last = words[index + len(phrase) - 1]
            markers.append(Marker("hedge", " ".join(phrase), words[index].start, last.end,
                                  index))
            index += len(phrase) - 1
            break
        index += 1
    return markers


#: Restarts. Shriberg (1994), "Preliminaries to a Theory of Speech Disfluencies" (PhD thesis,
#: UC Berkeley): a disfluency is a reparandum (the words given up), an interruption point, an
#: optional interregnum (filled pauses, editing terms) and a repair. Of its types, three are
#: read off a transcript here, each with one rule:
#:
#: 1. repetition: the same 1-3 words said again ("I I think", "in the, in the end", "I um I");
#: 2. revision (substitution): a clause restarted after 1-3 words, re-saying its subject or its
#:    auxiliary ("it's it was", "I was - we were", "we went to, I mean, we drove");
#: 3. false start: a word Whisper writes cut off ("wa- we were").
#:
#: Fluent repeats are not restarts: grammatical doubles ("had had", "that that"), emphatic
#: reduplication ("very very", lexicon.EMPHATIC_REDUPLICATION) and a word that ends one clause
#: and starts the next ("we fixed it, it worked"); nothing counts across a sentence end.
#: Each interruption point counts once, so "I I I think" is two restarts.
_MAX_REPARANDUM = 3
#: Filled pauses and editing terms between reparandum and repair (Shriberg's interregnum).
_MAX_INTERREGNUM = 3
_CUT_OFF = ("-", "\u2013", "\u2014")


def _ends_sentence(word: str) -> bool:
    """A sentence end, except Whisper's "..." for a hesitation ("I... I think")."""
    stripped = word.strip().rstrip("\"')]")
    return ends_sentence(word) and not stripped.endswith(("...", "\u2026"))


def _cut_off(word: str) -> bool:
    """Whisper writes a word broken off mid-way with a dash attached: "wa-", "I-"."""
    stripped = word.strip().rstrip("\"')]")
    return len(stripped) > 1 and stripped.endswith(_CUT_OFF)


def _subject(token: str) -> str | None:
    """The subject pronoun a token is or contracts ("it's" -> "it"), else None."""
    base = token.split("'")[0]
    return base if base in SUBJECT_PRONOUNS else None


@dataclass(frozen=True)
class _Positions:
    """Tokens with what the restart rules ask of each position."""

    tokens: list[str]
    words: tuple[Word, ...]
    interregnum: frozenset[int]

    def content(self, index: int) -> bool:
        return (0 <= index < len(self.tokens) and bool(self.tokens[index])
                and index not in self.interregnum)

    def phrase(self, start: int, length: int) -> bool:
        """A possible reparandum: content words, no sentence end inside or after it."""
        return all(self.content(i) and not _ends_sentence(self.words[i].word)
                   for i in range(start, start + length))

    def repair_start(self, after: int) -> int | None:
        """The first content word from `after` on, skipping a short interregnum that holds
        no sentence end; None at the end of the transcript."""
        index = after
        while index < len(self.tokens) and not self.content(index):
            if index - after >= _MAX_INTERREGNUM or _ends_sentence(self.words[index].word):
                return None
            index += 1
        return index if index < len(self.tokens) else None

    def starts_clause(self, index: int) -> bool:
        previous = index - 1
        return (previous < 0 or previous in self.interregnum or not self.tokens[previous]
                or ends_clause(self.words[previous].word)
                or self.tokens[previous] in CLAUSE_OPENERS)


def _repetition(text: _Positions, start: int) -> tuple[int, int] | None:
    """(reparandum end, repair start) of a repeated phrase at `start`, longest first."""
    tokens = text.tokens
    for length in range(_MAX_REPARANDUM, 0, -1):
        if not text.phrase(start, length):
            continue
        repair = text.repair_start(start + length)
        if repair is None or tokens[repair: repair + length] != tokens[start: start + length]:
            continue
        if length == 1:
            token = tokens[start]
            adjacent = repair == start + 1 and not ends_clause(text.words[start].word)
            if (token in EMPHATIC_REDUPLICATION or any(char.isdigit() for char in token)
                    or (adjacent and token in GRAMMATICAL_DOUBLES)
                    or (token in CLAUSE_EDGE_WORDS and not text.starts_clause(start))):
                return None
        return start + length, repair
    return None


def _revision(text: _Positions, start: int) -> tuple[int, int] | None:
    """(reparandum end, repair start) of a clause restarted with its subject or auxiliary."""
    tokens, words = text.tokens, text.words
    subject = _subject(tokens[start])
    if subject is None or (start > 0 and tokens[start - 1] in SUBORDINATORS):
        return None
    if tokens[start] in CLAUSE_EDGE_WORDS and not text.starts_clause(start):
        return None  # "we fixed it, it's fine": the first "it" was the object
    for length in range(1, _MAX_REPARANDUM + 1):
        if not text.phrase(start, length):
            return None
        end = start + length
        repair = text.repair_start(end)
        if repair is None or _subject(tokens[repair]) is None:
            continue
        if tokens[repair: repair + length] == tokens[start:end]:
            continue  # a repetition, not a revision
        interrupted = repair > end or _cut_off(words[end - 1].word)
        same_subject = _subject(tokens[repair]) == subject
        if length == 1 and same_subject:  # "it's it was", "I'm, I was"
            return end, repair
        verb = AUXILIARY_LEMMAS.get(tokens[start + 1]) if length == 2 else None
        following = tokens[repair + 1] if repair + 1 < len(tokens) else ""
        if verb is not None and AUXILIARY_LEMMAS.get(following) == verb:  # "I was - we were"
            return end, repair
        if same_subject and interrupted and (
                tokens[end - 1] in INCOMPLETE_ENDINGS or _cut_off(words[end - 1].word)):
            return end, repair  # "we went to, I mean, we drove"
    return None


def _false_start(text: _Positions, start: int) -> tuple[int, int] | None:
    """A cut-off word with more of the sentence after it: "wa- we were"."""
    if not _cut_off(text.words[start].word) or _ends_sentence(text.words[start].word):
        return None
    repair = text.repair_start(start + 1)
    return (start + 1, repair) if repair is not None else None


def find_restarts(tokens: list[str], words: tuple[Word, ...],
                  fillers: list[Marker]) -> list[Marker]:
    """Repetitions, revisions and false starts (see the rules above), one marker each."""
    interregnum = {m.word_index + offset for m in fillers for offset in range(len(m.text.split()))}
    for index in range(len(tokens)):
        for phrase in EDITING_TERMS:
            if tuple(tokens[index: index + len(phrase)]) == phrase:
                interregnum.update(range(index, index + len(phrase)))
    text = _Positions(tokens, words, frozenset(interregnum))
    markers: list[Marker] = []
    index = 0
    while index < len(tokens):
        found = None
        if text.content(index):
            found = (_repetition(text, index) or _revision(text, index)
                     or _false_start(text, index))
        if found is None:
            index += 1
            continue
        end, repair = found
        markers.append(Marker("restart", " ".join(tokens[index:end]), words[index].start,
                              words[end - 1].end, index))
        index = repair
    return markers


def split_sentences(words: tuple[Word, ...], skip: set[int] | None = None) -> list[str]:
    """Sentences from Whisper's punctuation, optionally leaving out some words (fillers)."""
    sentences: list[str] = []
    current: list[str] = []
    for index, word in enumerate(words):
        if not skip or index not in skip:
            current.append(word.word)
        if ends_sentence(word.word) and current:
            sentences.append(" ".join(current))
            current = []
    if current:
        sentences.append(" ".join(current))
    return sentences


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(sentences: list[str]) -> float | None:
    """Mean VADER compound score per sentence, in [-1, 1] (Hutto & Gilbert 2014).

    Per sentence, because VADER's compound saturates towards +-1 on long texts.
    """
    scores = [_vader().polarity_scores(s)["compound"] for s in sentences if s.strip()]
    return round(float(np.mean(scores)), 4) if scores else None


def _first_sentences(sentences: list[str],
                     patterns_by_label: Mapping[str, Sequence[re.Pattern[str]]]) -> dict[str, str]:
    """Per label, the first sentence matching any of its patterns, as evidence for the report."""
    found: dict[str, str] = {}
    for label, patterns in patterns_by_label.items():
        for sentence in sentences:
            lowered = sentence.lower().replace("\u2019", "'")
            if any(pattern.search(lowered) for pattern in patterns):
                found[label] = sentence
                break
    return found


def find_star(sentences: list[str], config: EngineConfig | None = None) -> dict[str, str]:
    """The first sentence that shows each STAR component, found by meaning (`star.find_star`).

    Cue lists missed paraphrases and speech-to-text slips ("I was task with"); the classifier
    reads sentence embeddings and falls back to the cue lists without the embedding model.
    """
    return star_parts.find_star(sentences, config)


def find_organisation(sentences: list[str]) -> dict[str, str]:
    """The first sentence that uses each conjunction type (lexicon.ORGANISATION_CUES)."""
    return _first_sentences(sentences, ORGANISATION_PATTERNS)


#: Capitalised words that name nothing specific.
_PLAIN_CAPITALS = frozenset({"i", "i'm", "i've", "i'd", "i'll", "ok", "okay"})


def _specific(word: str, sentence_start: bool) -> bool:
    """A number or a name (tool, technology, product, person) as Whisper writes it.

    Whisper capitalises proper nouns and writes acronyms in capitals, so mid-sentence capitals
    are names; at a sentence start only a word with a digit or a second capital ("SQL",
    "XGBoost") counts, as every sentence starts with a capital.
    """
    stripped = word.strip().strip("\"'()[],.;:!?")
    token = normalise(stripped)
    if not token:
        return False
    if any(char.isdigit() for char in stripped) or token in NUMBER_WORDS:
        return True
    if token in _PLAIN_CAPITALS:
        return False
    capitals = sum(char.isupper() for char in stripped)
    return capitals >= 2 or (capitals == 1 and not sentence_start)


def count_specifics(words: tuple[Word, ...], skip: set[int]) -> int:
    """Numbers and named things in the answer (fillers left out)."""
    count = 0
    sentence_start = True
    for index, word in enumerate(words):
        if index not in skip and _specific(word.word, sentence_start):
            count += 1
        if index not in skip:
            sentence_start = ends_sentence(word.word)
    return count


def _timing(transcript: Transcript, speech: SpeechTiming | float | None,
            ) -> tuple[float, float, tuple[float, float] | None]:
    """(speaking time incl. pauses, articulation time, speaking span) in seconds."""
    words = transcript.words
    word_span = (words[0].start, words[-1].end) if words else None
    if isinstance(speech, int | float):
        return float(speech), float(speech), word_span
    if speech is not None and speech.speaking_span is not None:
        start, end = speech.speaking_span
        return end - start, speech.speech_duration_s, (start, end)
    if word_span is None:
        return 0.0, 0.0, None
    voiced = sum(max(0.0, word.end - word.start) for word in words)
    return word_span[1] - word_span[0], voiced, word_span


def _pace_timeline(words: tuple[Word, ...], counts: list[int], span: tuple[float, float] | None,
                   duration_s: float) -> timeline.Series:
    series: timeline.Series = []
    if not words or span is None:
        return [None] * timeline.bucket_count(duration_s)
    midpoints = np.array([(word.start + word.end) / 2 for word in words])
    weights = np.array(counts, dtype=float)
    half = _PACE_WINDOW_S / 2
    for bucket in range(timeline.bucket_count(duration_s)):
        centre = (bucket + 0.5) * timeline.STEP_S
        if not span[0] <= centre <= span[1]:
            series.append(None)
            continue
        low, high = max(span[0], centre - half), min(span[1], centre + half)
        inside = (midpoints >= low) & (midpoints < high)
        series.append(round(float(weights[inside].sum()) * 60.0 / max(high - low, 1.0), 1))
    return series


def analyze_language(
    transcript: Transcript,
    speech: SpeechTiming | float | None = None,
    question: str | None = None,
    key_points: tuple[str, ...] | list[str] = (),
    config: EngineConfig | None = None,
    *,
    duration_s: float | None = None,
    question_kind: QuestionKind | None = None,
) -> LanguageAnalysis:
    """Language features of one answer.

    `speech` is the audio stage's result (speech regions from voice activity) or a speaking
    time in seconds; without it the word timings stand in, which overstate pauses less well.
    `question_kind` (from the question's category) is recorded in the features for the
    scorer; without it the question's wording decides (`classify_question`).
    """
    kind = question_kind or classify_question(question)
    config = config or EngineConfig()
    words = transcript.words
    tokens = [normalise(word.word) for word in words]
    counts = [spoken_word_count(word.word) for word in words]
    word_count = int(sum(counts))
    speaking_s, articulation_s, span = _timing(transcript, speech)
    duration = duration_s or getattr(speech, "duration_s", None) or (words[-1].end if words else 0)

    fillers = find_fillers(tokens, words)
    hedges = find_hedges(tokens, words)
    restarts = find_restarts(tokens, words, fillers)
    filler_words = {m.word_index + offset for m in fillers
                    for offset in range(len(m.text.split()))}
    clean_sentences = split_sentences(words, skip=filler_words)
    content_tokens = [t for i, t in enumerate(tokens) if t and i not in filler_words]
    sentence_count = len(clean_sentences)

    coverage = semantic.coverage(key_points, question, clean_sentences, config)
    star = find_star(clean_sentences, config)
    organisation = find_organisation(clean_sentences)
    specifics = count_specifics(words, filler_words)
    # Coverage is only scored against real key points: the question's own words are no
    # list of expected points, and scoring them cost custom questions ~16 relevance points.
    key_point_coverage = coverage if coverage and coverage.source == "key_points" else None
    has_words = word_count > 0
    features: dict[str, Any] = {
        "word_count": word_count,
        # Words over the answer's span, pauses included: the convention behind the
        # 110-150 wpm conversational norm (norms.CONVERSATIONAL_WPM).
        "speech_rate_wpm": round(word_count * 60.0 / speaking_s, 1) if speaking_s > 0 else None,
        # Words over voiced time only: how fast the words themselves come.
        "articulation_rate_wpm": (round(word_count * 60.0 / articulation_s, 1)
                                  if articulation_s > 0 else None),
        "filler_count": len(fillers),
        # Per 100 words, the unit coaches use: above ~4-5 is flagged as distracting
        # (norms.FILLER_RATE_FLAG_PER_100_WORDS); fewer fillers predicted better hiring
        # ratings in the MIT Interview Dataset (Naim et al. 2015).
        "filler_rate_per_100_words": (round(100.0 * len(fillers) / word_count, 2)
                                      if has_words else None),
        "hedge_count": len(hedges),
        "hedge_rate_per_100_words": (round(100.0 * len(hedges) / word_count, 2)
                                     if has_words else None),
        # Repetitions, revisions and false starts (Shriberg 1994; find_restarts); the scoring
        # turns the count into restarts per 100 words.
        "restart_count": len(restarts),
        "sentiment": sentiment(clean_sentences),
        # Unique words were a hiring predictor in the MIT Interview Dataset (Naim et al.).
        "lexical_diversity": (round(value, 4) if (value := mattr(content_tokens)) is not None
                              else None),
        "unique_word_count": len({t for t in content_tokens if t not in STOPWORDS}),
        "sentence_count": sentence_count,
        "mean_sentence_words": (round(len(content_tokens) / sentence_count, 2)
                                if sentence_count else None),
        "readability_flesch": (round(value, 2) if (value := flesch_reading_ease(
            content_tokens, sentence_count)) is not None else None),
        "asr_confidence": (round(value, 4) if (value := transcript.mean_word_probability)
                           is not None else None),
        "relevance_similarity": (semantic.relevance(question, clean_sentences, config)
                                 if question else None),
        "keyword_coverage": key_point_coverage.ratio if key_point_coverage else None,
        "key_points_covered": (len(key_point_coverage.covered) if key_point_coverage
                               else None),
        "key_points_total": (len(key_point_coverage.covered) + len(key_point_coverage.missing)
                             if key_point_coverage else None),
        "star_components": len(star),
        # Conjunction types used (Halliday & Hasan 1976): how an explanation is organised.
        "organisation_markers": len(organisation),
        "specific_detail_count": specifics,
        "specificity_per_100_words": (round(100.0 * specifics / word_count, 2)
                                      if has_words else None),
        # Not a number: the scorer reads it to pick the structure rules (rubric.STRUCTURE).
        "question_kind": str(kind),
    }
    filler_types = Counter(marker.text for marker in fillers)
    return LanguageAnalysis(
        features=features,
        fillers=tuple(fillers),
        hedges=tuple(hedges),
        restarts=tuple(restarts),
        star=star,
        coverage=None if coverage is None else {
            "covered": list(coverage.covered), "missing": list(coverage.missing),
            "source": coverage.source, "evidence": dict(coverage.evidence),
        },
        filler_types=dict(filler_types),
        timelines={"pace_wpm": _pace_timeline(words, counts, span, float(duration))},
    )
