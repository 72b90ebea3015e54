"""Where the time of one analysis goes, per stage and per library (run by `make bench-profile`).

Speed work starts from a profile, not a guess. In fresh interpreters, on the 2-minute answer of
`bench_engine.py` (or any recording given):

1. `python -X importtime` of a whole cold analysis: the seconds each top-level package costs to
   import, lazy imports inside the stages included.
2. cProfile of the same cold analysis, run sequentially (`parallel=False`, so stages do not
   share the two cores while measured), each stage's thread profiled: seconds per stage
   (cumulative, imports and model loads included) and self seconds per library. Time spent
   inside a compiled extension is named by the extension (`ctranslate2`, `cv2`, `mediapipe`,
   `numpy`...); a built-in the name does not place (a `len`) is charged to the library that
   called it, and a thread waiting on a lock is not counted.
3. The same profile of a second, warm run in the same process, as a long-lived worker runs it.

    .venv/bin/python bench/bench_profile.py [--recording FILE] [--top 12] \
        [--write docs/performance.md]

The figures are CPU-bound seconds on a quiet machine; the parallel wall time is `make bench`'s.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import subprocess
import sys
import sysconfig
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.bench_engine import QUESTION, make_recording  # noqa: E402
from bench.results_block import write_block  # noqa: E402

#: (file, line, function) as pstats keys its entries.
Key = tuple[str, int, str]
STDLIB = sysconfig.get_paths()["stdlib"]
_EXTENSION_NAME = re.compile(r"of '([A-Za-z_][\w]*)|<built-in method ([A-Za-z_][\w]*)\.")
#: Built-ins that say nothing about where the work is: charged to their callers instead.
_UNPLACED = {"builtins", "_thread", "posix", "_io", "time", "_imp", "marshal", "_abc",
             "_functools", "_collections", "_operator", "itertools", "_weakref", "_sre",
             "str", "bytes", "list", "dict", "set", "tuple", "int", "float", "object", "type"}
#: A thread waiting for another (the main thread for the stages' pool): not work, left out.
_WAITING = re.compile(r"'acquire' of '_thread|built-in method time\.sleep|method 'poll' of|"
                      r"built-in method select\.")


def library_of(key: Key) -> str | None:
    """The library a profiled function belongs to; None for a built-in that says nothing."""
    filename, _, name = key
    if filename == "~":
        found = _EXTENSION_NAME.search(name)
        module = next((group for group in found.groups() if group), "") if found else ""
        return None if not module or module in _UNPLACED else module.lstrip("_")
    path = Path(filename)
    if "site-packages" in path.parts:
        package = path.parts[path.parts.index("site-packages") + 1]
        return package.removesuffix(".py").split(".")[0].lstrip("_")
    if filename.startswith(str(ROOT)):
        relative = path.relative_to(ROOT).with_suffix("")
        return ".".join(relative.parts[:3]) if relative.parts[0] == "analysis_app" else \
            ".".join(relative.parts[:2])
    if filename.startswith(STDLIB) or filename.startswith("<frozen"):
        return "python (stdlib)"
    return "other"


def self_seconds_by_library(stats: pstats.Stats) -> dict[str, float]:
    """Self time per library; an unplaced built-in's time goes to its callers' libraries in
    proportion to the time each caller spent in it, and time spent waiting on a lock (the
    main thread while the stages run) is no library's."""
    table: dict[Key, Any] = stats.stats  # type: ignore[attr-defined]
    totals: dict[str, float] = defaultdict(float)
    for key, (_, _, self_s, _, callers) in table.items():
        if key[0] == "~" and _WAITING.search(key[2]):
            continue
        library = library_of(key)
        if library is not None:
            totals[library] += self_s
            continue
        spent = {caller: values[3] for caller, values in callers.items()}
        whole = sum(spent.values())
        if whole <= 0:
            totals["python (stdlib)"] += self_s
            continue
        for caller, share in spent.items():
            totals[library_of(caller) or "python (stdlib)"] += self_s * share / whole
    return dict(totals)


def seconds_by_stage(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds of each stage's entry point (`engine.graph.GRAPH[stage].run`)."""
    from analysis_app.engine.graph import GRAPH

    table: dict[Key, Any] = stats.stats  # type: ignore[attr-defined]
    found: dict[str, float] = {}
    for stage, spec in GRAPH.items():
        code = getattr(spec.run, "__code__", None)
        if code is None:
            continue
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        if key in table:
            found[str(stage)] = table[key][3]
    return found


def profiled(function: Callable[[], Any]) -> tuple[pstats.Stats, float]:
    """The call profiled in its own thread and in every stage's: the pipeline runs each stage
    in a pool thread through `pipeline._timed`, and cProfile only follows the thread that
    enabled it, so each stage's call gets a profiler of its own and the results are merged."""
    from analysis_app.engine import pipeline

    profiles = [cProfile.Profile()]
    untimed = pipeline._timed

    def timed(stage_call: Callable[[], Any]) -> tuple[Any, float]:
        profile = cProfile.Profile()
        profiles.append(profile)
        return profile.runcall(untimed, stage_call)

    pipeline._timed = timed  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        profiles[0].runcall(function)
    finally:
        pipeline._timed = untimed  # type: ignore[assignment]
    return pstats.Stats(*profiles), time.perf_counter() - started


def child_profile(recording: Path) -> None:
    """Runs in a fresh interpreter: the cold run counts every import and model load."""
    def analyse() -> Any:
        from analysis_app.engine.pipeline import analyze_recording

        return analyze_recording(recording, question=QUESTION, parallel=False)

    cold, cold_s = profiled(analyse)
    from analysis_app.engine import model_registry

    # Warm means the models loaded, not this answer's sentences embedded or its voice
    # probabilities computed already.
    model_registry.forget_answers()
    warm, warm_s = profiled(analyse)
    print(json.dumps({
        "cold": {"total_s": cold_s, "stages": seconds_by_stage(cold),
                 "libraries": self_seconds_by_library(cold)},
        "warm": {"total_s": warm_s, "stages": seconds_by_stage(warm),
                 "libraries": self_seconds_by_library(warm)},
    }))


def child_imports(recording: Path) -> None:
    from analysis_app.engine.pipeline import analyze_recording

    analyze_recording(recording, question=QUESTION, parallel=False)


def import_seconds_by_package(stderr: str) -> dict[str, float]:
    """`-X importtime` lines ("import time: self [us] | cumulative | name") summed per
    top-level package: each module's own import time, so nothing is counted twice."""
    totals: dict[str, float] = defaultdict(float)
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        name = parts[2].strip().split(".")[0].lstrip("_")
        totals[name] += int(parts[0]) / 1e6
    return dict(totals)


def _child(flag: str, recording: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *extra, __file__, flag, str(recording)],
                          capture_output=True, text=True, check=True, cwd=ROOT)


def duration_s(recording: Path) -> float:
    import av

    with av.open(str(recording)) as container:
        return float(container.duration or 0) / 1e6


def _rows(values: dict[str, float], top: int, total: float) -> list[str]:
    ranked = sorted(values.items(), key=lambda item: item[1], reverse=True)
    rows = [f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f} % |"
            for name, seconds in ranked[:top]]
    rest = sum(seconds for _, seconds in ranked[top:])
    if rest:
        rows.append(f"| the other {len(ranked) - top} | {rest:.2f} | {100 * rest / total:.0f} % |")
    return rows


def render(recording: Path, length_s: float, imports: dict[str, float],
           profile: dict[str, Any], top: int) -> str:
    cold, warm = profile["cold"], profile["warm"]
    import_total = sum(imports.values())
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on `{recording.name}` ({length_s:.0f} s), "
        f"one thread (`parallel=False`, under cProfile, which adds its own overhead): cold "
        f"{cold['total_s']:.1f} s ({cold['total_s'] / length_s:.3f}x), warm "
        f"{warm['total_s']:.1f} s ({warm['total_s'] / length_s:.3f}x). "
        "Command: `make bench-profile`.",
        "",
        "| stage | cold s | warm s |",
        "|---|---|---|",
        *[f"| {stage} | {seconds:.2f} | {warm['stages'].get(stage, 0.0):.2f} |"
          for stage, seconds in cold["stages"].items()],
        "",
        f"Imports of a cold analysis: {import_total:.1f} s (`-X importtime`, own time per "
        "top-level package):",
        "",
        "| package | s | share |",
        "|---|---|---|",
        *_rows(imports, top, import_total),
        "",
        "Self time per library, cold and warm:",
        "",
        "| library (cold) | s | share |",
        "|---|---|---|",
        *_rows(cold["libraries"], top, sum(cold["libraries"].values())),
        "",
        "| library (warm) | s | share |",
        "|---|---|---|",
        *_rows(warm["libraries"], top, sum(warm["libraries"].values())),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recording", type=Path)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--write", type=Path, help="docs/performance.md: replace the block")
    parser.add_argument("--child-profile", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-imports", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child_profile:
        child_profile(arguments.child_profile)
        return
    if arguments.child_imports:
        child_imports(arguments.child_imports)
        return
    recording = arguments.recording or make_recording(ROOT / "var" / "bench")
    imports = import_seconds_by_package(_child("--child-imports", recording, "-X",
                                               "importtime").stderr)
    profile = json.loads(_child("--child-profile", recording).stdout.strip().splitlines()[-1])
    report = render(recording, duration_s(recording), imports, profile, arguments.top)
    print(report)
    if arguments.write:
        write_block(arguments.write, "bench-profile", report)


if __name__ == "__main__":
    main()
