"""Models are loaded once per process and can be dropped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig

pytestmark = pytest.mark.slow


def test_whisper_is_loaded_once_even_when_asked_from_many_threads(config: EngineConfig) -> None:
    # given
    seen: list[object] = []

    def ask() -> None:
        seen.append(model_registry.whisper(config))

    # when
    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert len({id(model) for model in seen}) == 1


def test_warm_up_loads_every_model_and_reset_drops_them(config: EngineConfig) -> None:
    # given
    model_registry.warm_up(config)
    assert {"whisper", "embedder", "face_mesh", "pose"} <= set(model_registry.loaded())
    before = model_registry.embedder(config)

    # when
    model_registry.reset()

    # then
    assert model_registry.loaded() == []
    assert model_registry.embedder(config) is not before


def test_a_model_name_that_is_not_on_disk_fails_instead_of_downloading() -> None:
    # given
    config = EngineConfig(whisper_model="/nonexistent/whisper-model")

    # when / then
    with pytest.raises(Exception):  # noqa: B017 - CTranslate2 or the hub client
        model_registry.whisper(config)


def test_a_config_with_several_workers_gets_its_own_replicated_whisper(
    config: EngineConfig,
) -> None:
    # given: the analysis' model, and the live transcript's config with two decode threads
    single = model_registry.whisper(config)
    live = replace(config, whisper_num_workers=2)

    # when
    replicated = model_registry.whisper(live)

    # then: two replicas, so two streams decode at once instead of queueing on one
    assert replicated is not single
    assert single.model.num_workers == 1
    assert replicated.model.num_workers == 2
    assert model_registry.whisper(live) is replicated


ROOT = Path(__file__).resolve().parents[2]


def test_a_workers_warm_up_runs_each_modality_once_in_a_fresh_process() -> None:
    # given: a fresh interpreter, as a new worker process is
    probe = (
        "import json, librosa.sequence as seq\n"
        "from analysis_app.engine import model_registry\n"
        "from analysis_app.engine.config import EngineConfig\n"
        "from analysis_app.engine.warm_up import warm_up\n"
        "before = len(seq._viterbi.signatures)\n"
        "warm_up(EngineConfig())\n"
        "print(json.dumps({'before': before, 'after': len(seq._viterbi.signatures),\n"
        "                  'loaded': model_registry.loaded()}))\n"
    )
    # when
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    # then: the models are loaded and pYIN's decoder was compiled by a real first pass
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["before"] == 0 and report["after"] >= 1
    assert {"whisper", "embedder", "face_mesh", "pose"} <= set(report["loaded"])
