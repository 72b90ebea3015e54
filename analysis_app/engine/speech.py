"""Speech to text with word timings, through faster-whisper (CTranslate2).

Filler counting is part of the product, and Whisper was trained on transcripts that mostly omit
disfluencies, so it drops "um" and "uh" unless the prompt shows it a verbatim style (OpenAI's
prompting guide; checked on espeak-ng speech with inserted fillers in tests/engine, and on real
human speech in tests/engine/test_real_speech.py: without the prompt greedy tiny.en keeps 3 of
45 real fillers, with it and beam search 42).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis_app.engine import model_registry, vad
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE

#: A transcript-style prompt full of disfluencies: Whisper continues the style it is shown,
#: so with it "um", "uh", "like" and "I mean" stay in the text.
VERBATIM_PROMPT = (
    "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking. "
    "Uh, so, I mean, um, you know."
)
#: Voice activity detection in front of sequential Whisper: silence is where it hallucinates
#: ("Thank you."), and skipping it saves time. A second of silence is kept as one gap.
_VAD_PARAMETERS = {"min_silence_duration_ms": 1000, "speech_pad_ms": 200}
#: The verbatim prompt has a cost: on trailing silence Whisper may continue its style with a
#: made-up "So, uh," at probability < 1 %. Unsure words whose middle lies outside any voice
#: activity are dropped; real fillers are voiced, so they stay.
_UNSURE_PROBABILITY = 0.5
_VOICE_TOLERANCE_S = 0.1


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...] = ()
    segments: tuple[Segment, ...] = ()
    language: str = "en"
    model: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.words

    @property
    def mean_word_probability(self) -> float | None:
        """Whisper's own confidence, a proxy for how clearly the words were articulated."""
        if not self.words:
            return None
        return float(np.mean([word.probability for word in self.words]))

#: Whisper's own hallucination test: text that gzip compresses this well is a repetition loop.
_LOOP_COMPRESSION_RATIO = 2.4


def _drop_unvoiced(words: list[Word], regions: vad.Regions) -> list[Word]:
    if not words:
        return words
    middles = np.array([(word.start + word.end) / 2 for word in words])
    voiced = vad.inside(middles, regions, _VOICE_TOLERANCE_S)
    return [word for word, is_voiced in zip(words, voiced, strict=True)
            if is_voiced or word.probability >= _UNSURE_PROBABILITY]


def transcribe(audio: FloatArray, config: EngineConfig | None = None) -> Transcript:
    """Transcribe 16 kHz mono float audio with word timings and word probabilities."""
    config = config or EngineConfig()
    samples = np.asarray(audio, dtype=np.float32).reshape(-1)
    if samples.size < ANALYSIS_SAMPLE_RATE // 10:
        return Transcript(text="", language=config.language, model=config.whisper_model)
    model = model_registry.whisper(config)
    vad.share_probabilities()  # the pipeline's chunks and the unvoiced-word check share them
    prompt = VERBATIM_PROMPT if config.verbatim_transcript else None
    if config.whisper_batch_size > 1:
        from faster_whisper import BatchedInferencePipeline

        # Voice activity cuts the audio into chunks of up to 30 s that are decoded side by
        # side: on CPU ~2x faster than window after window, and each chunk sees the verbatim
        # prompt (sequential decoding conditions on its own previous text instead, and loses
        # the prompt's style after a temperature fallback).
        raw_segments, _info = BatchedInferencePipeline(model).transcribe(
            samples,
            language=config.language,
            beam_size=config.whisper_beam_size,
            word_timestamps=True,
            initial_prompt=prompt,
            batch_size=config.whisper_batch_size,
            temperature=0.0,
        )
    else:
        raw_segments, _info = model.transcribe(
            samples,
            language=config.language,
            beam_size=config.whisper_beam_size,
            word_timestamps=True,
            initial_prompt=prompt,
            vad_filter=True,
            vad_parameters=_VAD_PARAMETERS,
            # Fallback re-decodes at higher temperature when greedy output loops; capped
            # because every step is another full decode of the window.
            temperature=(0.0, 0.2, 0.4, 0.6),
        )
    words: list[Word] = []
    segments: list[Segment] = []
    for raw in raw_segments:
        if raw.compression_ratio > _LOOP_COMPRESSION_RATIO:
            # Whisper stuck in a loop ("I've been here for a long time, and I've been here
            # ...") on speech it cannot follow: dropping it beats scoring invented words.
            continue
        segments.append(Segment(
            start=round(float(raw.start), 3), end=round(float(raw.end), 3),
            text=raw.text.strip(), avg_logprob=round(float(raw.avg_logprob), 4),
            no_speech_prob=round(float(raw.no_speech_prob), 4),
        ))
        for raw_word in raw.words or []:
            text = raw_word.word.strip()
            if text:
                words.append(Word(
                    word=text, start=round(float(raw_word.start), 3),
                    end=round(float(raw_word.end), 3),
                    probability=round(float(raw_word.probability), 4),
                ))
    kept = _drop_unvoiced(words, vad.speech_regions(samples))
    text = " ".join(segment.text for segment in segments).strip()
    if len(kept) < len(words):
        text = " ".join(word.word for word in kept)
    words = kept
    return Transcript(
        text=text,
        words=tuple(words),
        segments=tuple(segments),
        language=config.language,
        model=config.whisper_model,
    )
