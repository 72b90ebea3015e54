"""Speech-to-text and filler counting on real human speech (`make bench-real-speech`).

Filler counts are part of the product, and until this benchmark they were checked only on
espeak-ng speech with inserted "um"s: a synthetic voice says "um" the same way every time and
never hesitates for real. The recordings here are real people (tests/data/real_speech/, with
their sources and licences in SOURCES.md): unscripted monologues with their own hesitations,
scripted phrases said with deliberate fillers, fluent phrases (where any filler is a false
alarm) and read book text.

Per setup (model, decoding, prompt) it prints the pooled word error rate per group, filler
recall and precision (what `language.find_fillers` counts on the transcript, matched to the
reference's fillers through the word alignment; see tests/real_speech.py) and the real-time
factor: seconds of transcription per second of audio, warm model, the engine's one CPU thread;
as wall time and as the process's CPU time over the clips, and as CPU time on all clips joined
into one 3.5-minute recording (the length of an answer). Every clip is scored as committed and
in two barely changed variants (`--variants`), pooled.

    .venv/bin/python bench/bench_real_speech.py [--setups greedy,beam5,...]
        [--model base=/path/to/ctranslate2/whisper-base] [--variants committed,shifted,hiss]
        [--data DIR] [--show] [--write docs/performance.md]

A larger model is only ever loaded from a local directory (`--model NAME=PATH`): nothing is
downloaded.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis_app.engine import prosody, speech  # noqa: E402
from analysis_app.engine.config import PACKAGED_WHISPER_MODEL, EngineConfig  # noqa: E402
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE, decode_audio  # noqa: E402
from analysis_app.engine.speech import Transcript, Word  # noqa: E402
from bench.results_block import bench_parser, publish  # noqa: E402
from tests.real_speech import DATA_DIR, GROUPS, Clip, Score, load_clips, score  # noqa: E402

#: Prompts tried against the engine's VERBATIM_PROMPT: Whisper continues the style of the text
#: it is shown, so the prompt decides whether hesitations are written down.
PROMPTS = {
    # Short: only the hesitation sounds, no discourse words it could copy.
    "short": "Um, uh, hmm. Uh, so, um, I was, uh, thinking.",
    # Longer and in the register of an interview answer, fillers at clause edges.
    "interview": (
        "Um, so, uh, in my last role I, um, led the migration. Uh, it was, you know, "
        "hard, and, um, I mean, we, uh, we learned a lot. Hmm, let me think."
    ),
}


@dataclass(frozen=True)
class Setup:
    """One way of transcribing: engine settings, optionally another prompt or a post-step."""

    name: str
    description: str
    config: EngineConfig
    prompt: str | None = None
    #: Runs on (audio, transcript) after transcription, e.g. the acoustic filler check.
    after: Callable[[np.ndarray, Transcript], Transcript] | None = None

    @property
    def is_default(self) -> bool:
        return self.config == EngineConfig() and self.prompt is None and self.after is None


def setups(models: dict[str, str]) -> dict[str, Setup]:
    """Every setup by name. Spelled out in full (not relative to EngineConfig's defaults), so
    that a row keeps its meaning when the defaults change."""
    tiny = EngineConfig().with_changes(
        whisper_model=PACKAGED_WHISPER_MODEL, whisper_batch_size=8, whisper_beam_size=1,
        verbatim_transcript=True)
    found = [
        Setup("greedy", "tiny.en, batched (8), greedy, verbatim prompt", tiny),
        Setup("no-prompt", "tiny.en, batched, greedy, no prompt",
              tiny.with_changes(verbatim_transcript=False)),
        Setup("sequential", "tiny.en, sequential 30 s windows, greedy, verbatim prompt",
              tiny.with_changes(whisper_batch_size=1)),
        Setup("beam3", "tiny.en, batched, beam 3, verbatim prompt",
              tiny.with_changes(whisper_beam_size=3)),
        Setup("beam5", "tiny.en, batched, beam 5, verbatim prompt",
              tiny.with_changes(whisper_beam_size=5)),
        Setup("beam5-sequential", "tiny.en, sequential, beam 5, verbatim prompt",
              tiny.with_changes(whisper_beam_size=5, whisper_batch_size=1)),
        *(Setup(f"prompt-{name}", f"tiny.en, batched, greedy, '{name}' prompt", tiny, prompt)
          for name, prompt in PROMPTS.items()),
        Setup("acoustic", "tiny.en, batched, greedy, verbatim prompt + acoustic check for "
              "steady voiced stretches between words", tiny, after=acoustic_filler_check),
    ]
    for name, path in models.items():
        model = tiny.with_changes(whisper_model=path)
        found.append(Setup(name, f"{name} ({Path(path).name}), batched, greedy, verbatim prompt",
                           model))
        found.append(Setup(f"{name}-beam5", f"{name}, batched, beam 5, verbatim prompt",
                           model.with_changes(whisper_beam_size=5)))
    return {setup.name: setup for setup in found}


#: A filled pause is a held, steady vowel or nasal: voiced for at least this long with the
#: pitch within this many semitones of its running median (Shriberg 2001, "To 'errrr' is
#: human"). Only stretches that no transcribed word covers are taken, because Whisper's own
#: words already claim the rest.
_HELD_MIN_S = 0.2
_HELD_MAX_SEMITONES = 1.5


def acoustic_filler_check(audio: np.ndarray, transcript: Transcript) -> Transcript:
    """Add an "uh" for every held voiced stretch in a gap between transcribed words.

    The experiment behind the setup "acoustic": can a cheap acoustic test recover the "um"s
    and "uh"s that Whisper leaves out? pYIN pitch (the audio stage's own tracker) marks voiced
    frames; a stretch of steady pitch long enough to be a held vowel, lying where no word is,
    becomes a filler.
    """
    times, f0 = prosody.track_pitch(audio, EngineConfig())
    hop = float(times[1] - times[0]) if len(times) > 1 else 0.03
    semitones = 12 * np.log2(f0 / 100.0)  # NaN where unvoiced
    stretches: list[tuple[float, float]] = []
    start = 0
    while start < len(semitones):
        if np.isnan(semitones[start]):
            start += 1
            continue
        end = start
        while (end + 1 < len(semitones) and not np.isnan(semitones[end + 1])
               and abs(semitones[end + 1] - np.nanmedian(semitones[start:end + 1]))
               <= _HELD_MAX_SEMITONES):
            end += 1
        if (end - start + 1) * hop >= _HELD_MIN_S:
            stretches.append((float(times[start]), float(times[end]) + hop))
        start = end + 1
    words = list(transcript.words)
    for begin, finish in stretches:
        middle = (begin + finish) / 2
        if any(word.start <= middle <= word.end for word in words):
            continue
        words.append(Word("uh,", round(begin, 3), round(finish, 3), 0.0))
    words.sort(key=lambda word: word.start)
    return Transcript(text=" ".join(word.word for word in words), words=tuple(words),
                      segments=transcript.segments, language=transcript.language,
                      model=transcript.model)


def _shifted(audio: np.ndarray) -> np.ndarray:
    """0.3 s of silence in front: moves every voice-activity cut and 30 s window edge."""
    return np.concatenate([np.zeros(int(0.3 * ANALYSIS_SAMPLE_RATE), np.float32), audio])


def _hiss(audio: np.ndarray) -> np.ndarray:
    """White noise 40 dB below the clip's level (seeded): inaudible next to the voice."""
    level = float(np.sqrt(np.mean(np.square(audio)))) if audio.size else 0.0
    noise = np.random.default_rng(0).standard_normal(audio.size).astype(np.float32)
    return (audio + noise * level * 10 ** (-40 / 20)).astype(np.float32)


#: The same recordings, changed in ways a listener would not notice. With a few dozen fillers
#: one decision more or less moves recall by several points, and tiny.en's decisions flip on
#: such changes (first seen between the FLAC originals and their Opus copies), so the table
#: pools all variants rather than report one lucky or unlucky draw.
VARIANTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "committed": lambda audio: audio,
    "shifted": _shifted,
    "hiss": _hiss,
}


@contextmanager
def _prompt(prompt: str | None) -> Iterator[None]:
    """Swap the engine's verbatim prompt for one setup (the bench's own experiment only)."""
    if prompt is None:
        yield
        return
    saved = speech.VERBATIM_PROMPT
    speech.VERBATIM_PROMPT = prompt
    try:
        yield
    finally:
        speech.VERBATIM_PROMPT = saved


def run_setup(setup: Setup, clips: list[Clip], audio: dict[str, np.ndarray],
              variants: list[str], show: Callable[[str], None] | None = None,
              ) -> dict[str, Score]:
    """Transcribe every clip (in every variant) warm and score it; a Score per group and 'all'.

    Compute is wall time and also the process's CPU time: on a shared 2-core machine the
    wall time swings with whatever else runs, the CPU time much less.
    """
    totals = {group: Score() for group in (*GROUPS, "all")}
    with _prompt(setup.prompt):
        speech.transcribe(audio[clips[0].name], setup.config)  # load and warm the model
        for variant, clip in ((v, c) for v in variants for c in clips):
            samples = VARIANTS[variant](audio[clip.name])
            started, cpu_started = time.perf_counter(), time.process_time()
            transcript = speech.transcribe(samples, setup.config)
            if setup.after:
                transcript = setup.after(samples, transcript)
            elapsed = time.perf_counter() - started
            result = score(clip, transcript)
            result.audio_s = len(samples) / ANALYSIS_SAMPLE_RATE
            result.compute_s = elapsed
            result.cpu_s = time.process_time() - cpu_started
            totals[clip.group].add(result)
            totals["all"].add(result)
            if show:
                show(f"  {variant:9} {clip.name:18} {result.wer:5.2f}  {transcript.text}")
        # Short clips pay the per-call costs (voice activity, feature extraction, one part-full
        # batch) many times over; an interview answer is minutes long. So the clips are also
        # timed joined into one recording, with half a second of silence between them.
        gap = np.zeros(ANALYSIS_SAMPLE_RATE // 2, np.float32)
        joined = np.concatenate([part for clip in clips for part in (audio[clip.name], gap)])
        started, cpu_started = time.perf_counter(), time.process_time()
        transcript = speech.transcribe(joined, setup.config)
        if setup.after:
            setup.after(joined, transcript)
        totals["joined"] = Score(audio_s=joined.size / ANALYSIS_SAMPLE_RATE,
                                 compute_s=time.perf_counter() - started,
                                 cpu_s=time.process_time() - cpu_started)
    return totals


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(results: dict[str, tuple[Setup, dict[str, Score]]]) -> str:
    lines = [
        "| setup | WER spont. | WER read | WER elicited + fluent | fillers spont.: recall "
        "| precision | fillers elicited: recall | precision | fillers in fluent speech "
        "| RTF wall | RTF CPU | RTF CPU, joined |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for setup, totals in results.values():
        spont, elicited = totals["spontaneous"], totals["elicited"]
        scripted = Score()
        scripted.add(elicited)
        scripted.add(totals["fluent"])
        name = f"**{setup.name}** (default)" if setup.is_default else setup.name
        lines.append(
            f"| {name}: {setup.description} | {spont.wer:.3f} | {totals['read'].wer:.3f} "
            f"| {scripted.wer:.3f} "
            f"| {_ratio(spont.filler_recall)} ({spont.fillers_found}/{spont.reference_fillers}) "
            f"| {_ratio(spont.filler_precision)} "
            f"({spont.fillers_found}/{spont.hypothesis_fillers}) "
            f"| {_ratio(elicited.filler_recall)} "
            f"({elicited.fillers_found}/{elicited.reference_fillers}) "
            f"| {_ratio(elicited.filler_precision)} "
            f"({elicited.fillers_found}/{elicited.hypothesis_fillers}) "
            f"| {totals['fluent'].hypothesis_fillers} "
            f"| {totals['all'].real_time_factor:.3f} | {totals['all'].cpu_real_time_factor:.3f} "
            f"| {totals['joined'].cpu_real_time_factor:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--setups", default="greedy,no-prompt,sequential,beam3,beam5,"
                        "beam5-sequential,prompt-short,prompt-interview,acoustic")
    parser.add_argument("--model", action="append", default=[], metavar="NAME=PATH",
                        help="a local CTranslate2 Whisper directory, added as setups NAME and "
                             "NAME-beam5")
    parser.add_argument("--data", type=Path, default=DATA_DIR,
                        help="a folder with references.json and the recordings it names")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated, of {', '.join(VARIANTS)}")
    parser.add_argument("--show", action="store_true", help="print every transcript")
    args = parser.parse_args(argv)

    models = dict(item.split("=", 1) for item in args.model)
    known = setups(models)
    chosen = [name.strip() for name in args.setups.split(",") if name.strip()]
    chosen += [name for model in models for name in (model, f"{model}-beam5")
               if name not in chosen]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        parser.error(f"unknown setups {unknown}; known: {sorted(known)}")
    variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    if not variants or set(variants) - set(VARIANTS):
        parser.error(f"--variants takes some of {', '.join(VARIANTS)}")
    clips = load_clips(args.data)
    audio = {clip.name: decode_audio(clip.path) for clip in clips}
    load_before = os.getloadavg()
    results: dict[str, tuple[Setup, dict[str, Score]]] = {}
    for name in chosen:
        setup = known[name]
        print(f"{setup.name}: {setup.description}", flush=True)
        totals = run_setup(setup, clips, audio, variants, print if args.show else None)
        results[name] = (setup, totals)
        all_ = totals["all"]
        spont = totals["spontaneous"]
        print(f"  WER all {all_.wer:.3f} spontaneous {spont.wer:.3f}; fillers (spont.) "
              f"recall {_ratio(spont.filler_recall)} precision {_ratio(spont.filler_precision)}; "
              f"RTF {all_.real_time_factor:.3f} (CPU {all_.cpu_real_time_factor:.3f}; joined "
              f"{totals['joined'].cpu_real_time_factor:.3f})", flush=True)
        if args.show:
            print(f"  missed {all_.missed}\n  invented {all_.invented}", flush=True)
    load_after = os.getloadavg()

    counts = {group: sum(1 for clip in clips if clip.group == group) for group in GROUPS}
    seconds = {group: sum(len(audio[c.name]) for c in clips if c.group == group)
               / ANALYSIS_SAMPLE_RATE for group in GROUPS}
    report = "\n".join([
        f"Command: `.venv/bin/python bench/bench_real_speech.py {' '.join(argv or sys.argv[1:])}`",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), Python {platform.python_version()}; "
        f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}.",
        "Recordings: " + ", ".join(f"{group} {counts[group]} clips / {seconds[group]:.0f} s"
                                   for group in GROUPS)
        + f"; each in {len(variants)} variant(s) ({', '.join(variants)}), counts pooled.",
        "",
        table(results),
    ])
    print()
    publish(report, args.write, "bench-real-speech")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
