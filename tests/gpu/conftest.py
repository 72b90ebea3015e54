"""The GPU path, checked where there is one: every test here is skipped unless the library it
needs can really use a CUDA device.

Two libraries touch the GPU, each with its own CUDA runtime, so each is asked on its own:
CTranslate2 (Whisper, through faster-whisper) and PyTorch (the sentence embedder). A machine
may have one usable and not the other; the project's lock pins torch's CPU build, so the
embedder's checks skip even on a GPU machine unless a CUDA build of torch is installed.
MediaPipe's Python solutions (face mesh, pose) have no GPU path on Linux: the GPU worker runs
the video stage on its CPU, so there is nothing of theirs to check here.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig


@cache
def ctranslate2_cuda_devices() -> int:
    """How many CUDA devices CTranslate2 can use (0 without a GPU or with a driver too old)."""
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:  # a driver older than the CUDA runtime CTranslate2 is built with
        return 0


@cache
def torch_cuda_reason() -> str | None:
    """Why torch cannot run on CUDA here, or None when it can."""
    import torch

    if torch.cuda.is_available():
        return None
    return (f"torch {torch.__version__} cannot use CUDA (torch.cuda.is_available() is "
            "False): the embedder's GPU path is not checked here")


@pytest.fixture(scope="session")
def whisper_cuda() -> None:
    """Skips the test unless CTranslate2 sees a CUDA device."""
    if ctranslate2_cuda_devices() == 0:
        pytest.skip("no CUDA device for CTranslate2 (ctranslate2.get_cuda_device_count() "
                    "== 0): Whisper's GPU path is not checked here")


@pytest.fixture(scope="session")
def torch_cuda() -> None:
    """Skips the test unless torch can run on a CUDA device."""
    reason = torch_cuda_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def gpu_config(whisper_cuda: None) -> EngineConfig:
    """The GPU worker's settings (docker-compose.yml's worker-gpu: WHISPER_DEVICE=cuda,
    WHISPER_COMPUTE_TYPE=float16), everything else at the defaults; Whisper is run once on a
    second of noise, so a GPU that CTranslate2 sees but cannot compute on fails here, once,
    with the reason."""
    config = EngineConfig(whisper_device="cuda", whisper_compute_type="float16")
    noise = np.random.default_rng(0).normal(0.0, 0.01, 16_000).astype(np.float32)
    try:
        segments, _ = model_registry.whisper(config).transcribe(
            noise, language="en", beam_size=1, vad_filter=False)
        list(segments)  # decoding happens while the segments are read
    except RuntimeError as error:
        pytest.fail(
            f"CTranslate2 sees {ctranslate2_cuda_devices()} CUDA device(s) but cannot run "
            f"Whisper on them: {error}. faster-whisper on a GPU needs the CUDA 12 cuBLAS "
            "library (libcublas.so.12: a CUDA 12 runtime, or `pip install nvidia-cublas-cu12` "
            "with its lib folder on LD_LIBRARY_PATH); the GPU worker fails the same way.",
            pytrace=False,
        )
    return config
