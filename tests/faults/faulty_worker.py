"""A real Celery worker in which recordings named `poison*` kill the video stage's process.

It stands for a decoder or a native model that segfaults on one file: the process dies with
SIGKILL in the middle of the stage, every time, after the stage was claimed. Only the fault
tests start it (`python -m tests.faults.faulty_worker -A interview_project worker ...`); the
patch is made before the pool forks, so every child has it.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from typing import Any

from analysis_app.engine import graph

POISON_PREFIX = "poison"


def _install() -> None:
    spec = graph.GRAPH[graph.Stage.VIDEO]

    def run(inputs: graph.StageInputs) -> Any:
        if inputs.recording().name.startswith(POISON_PREFIX):
            os.kill(os.getpid(), signal.SIGKILL)
        return spec.run(inputs)

    graph.GRAPH[graph.Stage.VIDEO] = dataclasses.replace(spec, run=run)  # type: ignore[index]


if __name__ == "__main__":
    _install()
    from celery.__main__ import main

    sys.argv = ["celery", *sys.argv[1:]]
    main()
