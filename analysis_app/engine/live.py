"""Live preview while the candidate answers: an incremental transcript and a few gentle nudges.

The uploaded recording's full analysis stays the source of truth; this module only has to be
fast and sparse. Whisper is not a streaming model, so `LiveTranscriber` keeps a rolling buffer
of the not-yet-final audio and re-transcribes it every `step_s` of new audio (the
"local agreement" idea of Macháček et al. 2023, "Turning Whisper into Real-Time Transcription
System", simplified to an age rule): words that ended more than `commit_lag_s` before the end of
the buffer have had enough right context to be stable, so they become final, are sent once and
their audio is dropped from the buffer; the rest are sent as a partial that the next decode
replaces. Final words are append-only: once sent, a word is never sent again or changed; only
the partial tail is rewritten. Until the stream's first words are out, decodes come sooner once
the microphone hears a voice (`first_voice_s`, `early_step_s`), so that the first words show
about a second after they are spoken rather than after a fixed step plus a decode.

`NudgeEngine` turns the words (the settled ones and the current partial tail, so that it does
not wait for words to settle) and low-rate video frames into at most one nudge every
`min_interval_s`, so the candidate sees a hint, not a dashboard; once the answer is stopped it
sends none.

No Django here (import-linter contract): the consumer and the benchmark are thin shells.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass
from typing import Literal, TypedDict

import numpy as np

from analysis_app.engine import model_registry, speech, vad
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.lexicon import FILLED_PAUSES
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE

SAMPLE_RATE = ANALYSIS_SAMPLE_RATE
#: Shorter silences than in the full analysis: the window is short and phrases end often.
_VAD_PARAMETERS = {"min_silence_duration_ms": 500, "speech_pad_ms": 200}
#: Whisper's defaults for "this window was silence" (openai/whisper transcribe.py).
_NO_SPEECH, _LOW_LOGPROB = 0.6, -1.0
_LOOP_COMPRESSION_RATIO = 2.4


class LiveWord(TypedDict):
    word: str
    start: float
    end: float


class TranscriptEvent(TypedDict):
    """A run of words; times in seconds since the stream began."""

    type: Literal["transcript.partial", "transcript.final"]
    text: str
    start: float
    end: float
    words: list[LiveWord]


NudgeKind = Literal["pace_fast", "pace_slow", "fillers", "look_at_camera", "face_missing"]


class NudgeEvent(TypedDict):
    type: Literal["nudge"]
    kind: NudgeKind
    message: str
    t: float


LiveEvent = TranscriptEvent | NudgeEvent

NUDGE_MESSAGES: dict[str, str] = {
    "pace_fast": "You're speaking quickly: slow down a little.",
    "pace_slow": "Your pace is slow: try to keep the answer moving.",
    "fillers": "Several fillers just now: a short silent pause works better.",
    "look_at_camera": "Try to look at the camera.",
    "face_missing": "Your face is out of frame: move back into view.",
}


@dataclass(frozen=True)
class LiveConfig:
    """Streaming and nudge thresholds (Django settings `LIVE_*` fill these in)."""

    #: Re-transcribe after this much new audio: ~1 s keeps partials fresh at ~0.3 CPU-s each.
    step_s: float = 1.0
    #: Until the first words are out: decode as soon as this much voiced audio is in, then
    #: after every `early_step_s` of new audio with a voice in it (instead of `step_s`), so the
    #: first words do not wait for the next step. A decode costs the same whatever the buffer's
    #: length (Whisper's encoder always runs on a padded 30 s window), so this costs a couple
    #: of extra decodes per answer, and none while the candidate is silent.
    first_voice_s: float = 0.6
    early_step_s: float = 0.5
    #: A 100 ms block is voiced when its RMS passes this (full scale 1.0: -40 dBFS; browsers
    #: suppress noise and control the gain of the microphone by default, so a room stays well
    #: below it). Only for scheduling decodes: a mistake either way costs an early decode or
    #: falls back to `step_s`, never words.
    voice_rms: float = 0.01
    #: A word this far behind the buffer end has enough right context not to change any more.
    commit_lag_s: float = 2.0
    #: From this much buffered audio on, decodes ask Whisper for word timings (~2x the cost of
    #: a plain decode) so that old words can be committed and their audio dropped mid-sentence.
    word_timing_from_s: float = 4.0
    #: The shortest silence the buffer is cut at.
    min_gap_s: float = 0.2
    #: Without words for this long the buffer is trimmed, so silence never piles up.
    max_buffer_s: float = 10.0
    #: Pace window and norms: conversational English runs 110-150 wpm, 140-160 rated best
    #: (docs/product.md); the nudges fire only well outside that band. The window rolls over the
    #: words of the last `pace_window_s`, settled and partial alike.
    pace_window_s: float = 20.0
    pace_fast_wpm: float = 190.0
    pace_slow_wpm: float = 100.0
    #: Pace is judged only on enough speech to mean something (~6 s: a sentence or two).
    pace_min_words: int = 12
    pace_min_span_s: float = 6.0
    #: A burst: this many filled pauses ("um", "uh") within this window.
    filler_window_s: float = 10.0
    filler_burst: int = 3
    look_away_s: float = 4.0
    face_missing_s: float = 3.0
    #: Sparse by design: at most one nudge per interval, and one kind not again for a while.
    min_interval_s: float = 8.0
    same_kind_interval_s: float = 30.0


def pcm16_to_float(data: bytes) -> FloatArray:
    """Little-endian int16 mono PCM (what the AudioWorklet sends) to float32 in [-1, 1]."""
    usable = len(data) - len(data) % 2
    return np.frombuffer(data[:usable], dtype="<i2").astype(np.float32) / 32768.0


def _words_event(kind: Literal["transcript.partial", "transcript.final"],
                 words: list[LiveWord]) -> TranscriptEvent:
    return TranscriptEvent(
        type=kind, text=" ".join(word["word"] for word in words),
        start=words[0]["start"] if words else 0.0, end=words[-1]["end"] if words else 0.0,
        words=words,
    )


class LiveTranscriber:
    """Incremental Whisper over one stream; not thread-safe (one per connection).

    Measured on this project's 2-core CPU, one tiny.en decode of an 8 s buffer costs ~0.5 CPU
    s, ~60 % of it in the encoder, which always runs on a padded 30 s window. Short buffers are
    decoded without word timings (each segment's time spread over its words by length: enough
    for a partial); word timings (~3 % more through the batched pipeline, twice the cost through
    the sequential one) are asked for once the buffer holds `word_timing_from_s`, which is when
    there is something old enough to commit.
    """

    def __init__(self, engine: EngineConfig | None = None, live: LiveConfig | None = None) -> None:
        self.engine = engine or EngineConfig()
        self.live = live or LiveConfig()
        self._buffer = np.zeros(0, dtype=np.float32)
        self._buffer_start_s = 0.0  # stream time of the buffer's first sample
        self._received = 0  # samples received in total
        self._decoded_at = 0  # self._received at the last decode
        self._partial: list[LiveWord] = []
        self._previous: list[str] = []  # the last hypothesis, as tokens, for agreement
        self.final_words: list[LiveWord] = []
        #: Stream time the last decode heard up to: "now" for the nudges of its words.
        self.decoded_until_s = 0.0
        self._voiced = 0  # voiced samples so far, and since the last decode (scheduling only)
        self._voiced_new = 0
        self._words_out = False  # a decode has sent words (partial or final)
        #: CPU seconds this stream's decodes took, for the benchmark (process time while the
        #: decode ran: exact with one stream, an upper bound when decodes overlap).
        self.cpu_s = 0.0
        self.decodes = 0

    @property
    def stream_time_s(self) -> float:
        return self._received / SAMPLE_RATE

    @property
    def partial_words(self) -> list[LiveWord]:
        """The words after the final ones, as the last decode heard them (may still change)."""
        return list(self._partial)

    def append(self, samples: FloatArray) -> None:
        """Add audio without decoding (the consumer decodes when its worker thread is free)."""
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        self._buffer = np.concatenate([self._buffer, samples])
        self._received += samples.size
        if not self._words_out and samples.size:
            voiced = self._voiced_samples(samples)
            self._voiced += voiced
            self._voiced_new += voiced

    def _voiced_samples(self, samples: FloatArray) -> int:
        """How many of `samples` are in loud 100 ms blocks: a cheap level test, not a VAD."""
        blocks = np.array_split(samples, max(1, round(samples.size / (SAMPLE_RATE // 10))))
        return sum(block.size for block in blocks
                   if float(np.sqrt(np.mean(np.square(block)))) > self.live.voice_rms)

    @property
    def due(self) -> bool:
        """Enough new audio since the last decode for another one: a step, or before the first
        words, a shorter step with a voice in it once the voice has lasted `first_voice_s`."""
        new = self._received - self._decoded_at
        if new >= self.live.step_s * SAMPLE_RATE:
            return True
        return (not self._words_out
                and new >= self.live.early_step_s * SAMPLE_RATE
                and self._voiced_new >= SAMPLE_RATE // 5
                and self._voiced >= self.live.first_voice_s * SAMPLE_RATE)

    def feed(self, samples: FloatArray) -> list[TranscriptEvent]:
        """Append audio; transcribe when a step's worth of new audio has arrived."""
        self.append(samples)
        return self.step() if self.due else []

    def step(self) -> list[TranscriptEvent]:
        """Re-transcribe the buffer: commit what is stable, send the rest as a partial."""
        return self._decode(final=False)

    def finish(self) -> list[TranscriptEvent]:
        """The stream ended: whatever is still pending becomes final."""
        return self._decode(final=True)

    def _prompt(self) -> str:
        # The verbatim style keeps fillers; the last committed words keep the sentence going
        # across the cut in the buffer.
        tail = " ".join(word["word"] for word in self.final_words[-30:])
        return f"{speech.VERBATIM_PROMPT} {tail}".strip()

    def _hypothesis(self) -> tuple[list[LiveWord], list[int], bool]:
        """Words of the buffer (stream times), the index after each segment's last word, and
        whether the times are Whisper's own word timings (else spread over each segment)."""
        precise = self._buffer.size >= self.live.word_timing_from_s * SAMPLE_RATE
        # The batched pipeline encodes each voiced chunk once (the buffer is one chunk). The
        # sequential `model.transcribe` with word timings moves its next window to the last
        # word's end and encodes the buffer's tail again as a whole 30 s window: a second
        # encoder pass on every decode, ~35 % of its CPU, for a tail the next decode hears
        # anyway. Without timestamp tokens the decoder also loops less (worst live WER 0.20
        # -> 0.16, `make bench-live`).
        # A pipeline per decode: it keeps per-call state, and decodes run on several threads.
        from faster_whisper import BatchedInferencePipeline

        pipeline = BatchedInferencePipeline(model_registry.whisper(self.engine))
        raw_segments, _info = pipeline.transcribe(
            self._buffer, language=self.engine.language, beam_size=1, batch_size=1,
            initial_prompt=self._prompt() if self.engine.verbatim_transcript else None,
            temperature=0.0, word_timestamps=precise,
            vad_filter=True, vad_parameters=_VAD_PARAMETERS,
        )
        words: list[LiveWord] = []
        segment_ends: list[int] = []
        offset = self._buffer_start_s
        for raw in raw_segments:
            if raw.no_speech_prob > _NO_SPEECH and raw.avg_logprob < _LOW_LOGPROB:
                continue  # Whisper's own silence test: a "Thank you." made up from noise
            if raw.compression_ratio > _LOOP_COMPRESSION_RATIO:
                continue
            if precise:
                words += [LiveWord(word=w.word.strip(), start=round(offset + w.start, 2),
                                   end=round(offset + w.end, 2))
                          for w in raw.words or [] if w.word.strip()]
            else:
                words += self._spread(float(raw.start), float(raw.end), raw.text.split())
            segment_ends.append(len(words))
        return words, segment_ends, precise

    def _spread(self, start: float, end: float, tokens: list[str]) -> list[LiveWord]:
        if not tokens:
            return []
        weights = np.array([len(token) + 1 for token in tokens], dtype=float)
        edges = start + (end - start) * np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum()
        offset = self._buffer_start_s
        return [LiveWord(word=token, start=round(offset + float(edges[i]), 2),
                         end=round(offset + float(edges[i + 1]), 2))
                for i, token in enumerate(tokens)]

    def _decode(self, *, final: bool) -> list[TranscriptEvent]:
        self._decoded_at = self._received
        self._voiced_new = 0
        self.decoded_until_s = self._received / SAMPLE_RATE
        if self._buffer.size < SAMPLE_RATE // 10:
            return []
        started = time.process_time()
        words, segment_ends, precise = self._hypothesis()
        self.cpu_s += time.process_time() - started
        self.decodes += 1
        buffer_end = self._buffer_start_s + self._buffer.size / SAMPLE_RATE
        horizon = buffer_end - self.live.commit_lag_s
        if final:
            ready = len(words)
        elif precise:
            # Word timings: every word old enough is final, never the very last one (Whisper
            # may still be hearing it).
            ready = 0
            while ready < len(words) - 1 and words[ready]["end"] <= horizon:
                ready += 1
        else:
            # Spread timings are only good to the segment: whole segments, never the last.
            ready = max([end for end in segment_ends[:-1] if words[end - 1]["end"] <= horizon],
                        default=0)
        if not final and precise and ready:
            # Cut only in a silence: Whisper's word ends are off by a few tenths of a second,
            # and a cut through a word garbles it and the next window's start.
            cut = self._last_gap_before(words[ready - 1]["end"])
            if cut is not None:
                ready = sum(1 for word in words[:ready] if (word["start"] + word["end"]) / 2 < cut)
            elif self._buffer.size < self.live.max_buffer_s * SAMPLE_RATE:
                ready = 0  # no pause yet: wait for one while the buffer is short
        if not final:
            # Local agreement (Macháček et al.): a word is final only if the previous decode,
            # with less right context, heard the same; a fresh guess waits one more step.
            tokens = [_token(word["word"]) for word in words]
            agreed = 0
            while (agreed < min(len(tokens), len(self._previous))
                   and tokens[agreed] == self._previous[agreed]):
                agreed += 1
            self._previous = tokens
            ready = min(ready, agreed)
        committed, pending = words[:ready], words[ready:]
        if committed:
            self._previous = self._previous[ready:]
        events: list[TranscriptEvent] = []
        if committed:
            self.final_words.extend(committed)
            events.append(_words_event("transcript.final", committed))
            self._drop_until(committed[-1]["end"])
        elif not words and self._buffer.size > self.live.max_buffer_s * SAMPLE_RATE:
            # Only silence (or noise) so far: keep the last moments in case speech starts.
            self._drop_until(horizon)
        # After a final the client shows no tail until the next partial, so one always follows.
        if not final and (committed or [w["word"] for w in pending]
                          != [w["word"] for w in self._partial]):
            events.append(_words_event("transcript.partial", pending))
        self._partial = [] if final else pending
        self._words_out = self._words_out or bool(words)
        return events

    def _last_gap_before(self, stream_t: float) -> float | None:
        """The middle of the latest silence in the buffer that ends by `stream_t`, if any."""
        regions = vad.speech_regions(self._buffer, min_silence_s=self.live.min_gap_s)
        gaps = [(end + start) / 2 for (_, end), (start, _) in itertools.pairwise(regions)]
        offset = self._buffer_start_s
        before = [offset + gap for gap in gaps if offset + gap <= stream_t + 0.1]
        return before[-1] if before else None

    def _drop_until(self, stream_t: float) -> None:
        cut = round((stream_t - self._buffer_start_s) * SAMPLE_RATE)
        cut = max(0, min(cut, self._buffer.size))
        self._buffer = self._buffer[cut:]
        self._buffer_start_s += cut / SAMPLE_RATE


def _token(word: str) -> str:
    return re.sub(r"[^a-z']", "", word.lower().replace("\u2019", "'"))


@dataclass(frozen=True)
class FaceObservation:
    """What one live video frame showed: a face or not, and whether it faced the camera."""

    t: float
    has_face: bool
    eye_contact: bool


class NudgeEngine:
    """Signals in, at most one nudge per `min_interval_s` out; times are stream seconds (the
    audio's clock: the browser stamps its video frames on the same one). After `stop()` (the
    candidate pressed Stop) nothing comes out: a hint about an answer that is over is noise."""

    def __init__(self, live: LiveConfig | None = None) -> None:
        self.live = live or LiveConfig()
        self._settled: list[LiveWord] = []
        self._tail: list[LiveWord] = []
        self._last_nudge_t: float | None = None
        self._last_by_kind: dict[str, float] = {}
        self._away_since: float | None = None
        self._missing_since: float | None = None
        self.stopped = False
        self.nudges: list[NudgeEvent] = []

    def stop(self) -> None:
        self.stopped = True

    def add_words(self, words: list[LiveWord], now: float,
                  tail: list[LiveWord] | None = None) -> list[NudgeEvent]:
        """`words` newly final (each passed once), `tail` the current partial words after them
        (replacing the last tail; None keeps it), `now` the stream time the words reach to."""
        if self.stopped:
            return []
        self._settled.extend(words)
        horizon = now - max(self.live.pace_window_s, self.live.filler_window_s)
        self._settled = [word for word in self._settled if word["end"] >= horizon]
        if tail is not None:
            self._tail = list(tail)
        elif words:
            self._tail = []  # the old tail became these final words
        return self._maybe(self._speech_nudge(now), now)

    def _recent(self, now: float, window_s: float) -> list[LiveWord]:
        return [w for w in self._settled + self._tail if w["end"] > now - window_s]

    def add_face(self, observation: FaceObservation) -> list[NudgeEvent]:
        if self.stopped:
            return []
        t = observation.t
        if not observation.has_face:
            self._away_since = None
            self._missing_since = t if self._missing_since is None else self._missing_since
            if t - self._missing_since >= self.live.face_missing_s:
                return self._maybe("face_missing", t)
            return []
        self._missing_since = None
        if observation.eye_contact:
            self._away_since = None
            return []
        self._away_since = t if self._away_since is None else self._away_since
        if t - self._away_since >= self.live.look_away_s:
            return self._maybe("look_at_camera", t)
        return []

    def pace_wpm(self, now: float) -> float | None:
        """Words per minute over the words of the last `pace_window_s` (settled and partial),
        from the first one's start to the last one's end; None while there are too few."""
        recent = [w for w in self._recent(now, self.live.pace_window_s)
                  if w["start"] >= now - self.live.pace_window_s]
        if len(recent) < self.live.pace_min_words:
            return None
        span = max(w["end"] for w in recent) - min(w["start"] for w in recent)
        if span < self.live.pace_min_span_s:
            return None
        return len(recent) / span * 60.0

    def _speech_nudge(self, now: float) -> NudgeKind | None:
        recent = self._recent(now, self.live.filler_window_s)
        if sum(_token(w["word"]) in FILLED_PAUSES for w in recent) >= self.live.filler_burst:
            return "fillers"
        wpm = self.pace_wpm(now)
        if wpm is not None and wpm > self.live.pace_fast_wpm:
            return "pace_fast"
        if wpm is not None and wpm < self.live.pace_slow_wpm:
            return "pace_slow"
        return None

    def _maybe(self, kind: NudgeKind | None, now: float) -> list[NudgeEvent]:
        if kind is None or self.stopped:
            return []
        if self._last_nudge_t is not None and now - self._last_nudge_t < self.live.min_interval_s:
            return []
        last_same = self._last_by_kind.get(kind)
        if last_same is not None and now - last_same < self.live.same_kind_interval_s:
            return []
        self._last_nudge_t = self._last_by_kind[kind] = now
        nudge = NudgeEvent(type="nudge", kind=kind, message=NUDGE_MESSAGES[kind], t=round(now, 2))
        self.nudges.append(nudge)
        return [nudge]


def warm_up_face_mesh() -> None:
    """Load MediaPipe's face mesh (and its imports) before the first frame needs it."""
    import cv2  # noqa: F401

    from analysis_app.engine import video  # noqa: F401

    with model_registry.face_mesh():
        pass


def observe_face(jpeg: bytes, t: float, engine: EngineConfig | None = None) -> FaceObservation:
    """Face mesh + head pose/gaze on one JPEG frame (the same measures as the full analysis)."""
    import cv2

    from analysis_app.engine import video

    engine = engine or EngineConfig()
    image = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return FaceObservation(t, has_face=False, eye_contact=False)
    height, width = image.shape[:2]
    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    with model_registry.face_mesh() as mesh:
        result = mesh.process(rgb)
    if not result.multi_face_landmarks:
        return FaceObservation(t, has_face=False, eye_contact=False)
    frame = video.measure_face(t, result.multi_face_landmarks[0], width, height)
    return FaceObservation(t, has_face=True, eye_contact=video.is_eye_contact(frame, engine))
