"""The README's API walk-through works exactly as written.

The fenced block under "#### Walk-through with curl" is taken from README.md as it stands and
run with bash against a real daphne and a real Celery worker (PostgreSQL, Redis, the real
models): sign-up with the CSRF cookie and header, an API token for everything else, the
chunks with their Content-Type and offsets, the finish, the wait for the analysis and the
report. Only the base URL (`BASE`) differs from a reader's copy and paste.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_platform import ROOT, LivePlatform, run_platform

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def walkthrough_script() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("#### Walk-through with curl", 1)[1]
    block = re.search(r"^```bash\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
    assert block, "the walk-through's ```bash block is missing from README.md"
    return block.group(1)


def test_the_walkthrough_block_is_found_and_uses_tokens_and_octet_stream_chunks() -> None:
    script = walkthrough_script()
    assert "Authorization: Token" in script
    assert "Content-Type: application/octet-stream" in script
    assert "X-CSRFToken" in script


@pytest.fixture
def platform(private_media: Path, tmp_path: Path) -> Iterator[LivePlatform]:
    logs = tmp_path / "logs"
    logs.mkdir()
    with run_platform(private_media, logs) as live:
        yield live


def test_the_readme_walkthrough_runs_as_written(
    platform: LivePlatform, interview_webm: Path, tmp_path: Path
) -> None:
    # given: a reader's folder with their recording, and the README's block
    folder = tmp_path / "reader"
    folder.mkdir()
    shutil.copy(interview_webm, folder / "answer.webm")
    script = walkthrough_script()
    env = {**os.environ, "BASE": platform.base_url,
           # python3 and curl as on the reader's machine: the venv's python first
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("COACH_USERNAME", None)
    env.pop("COACH_PASSWORD", None)
    # when: it runs, stopping at the first failing command
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=folder,
                            env=env, capture_output=True, text=True, timeout=540)
    # then
    assert result.returncode == 0, (result.stdout + result.stderr
                                    + platform.server_log.read_text()[-3000:])
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "queued", result.stdout  # the finish's analysis_status
    assert lines[-2] in ("analysis: completed", "analysis: partial"), result.stdout
    scores = lines[-1]
    assert "'overall':" in scores and "'fluency':" in scores, result.stdout
    assert not list(folder.glob("answer.part-*")), "the chunks were cleaned up"
