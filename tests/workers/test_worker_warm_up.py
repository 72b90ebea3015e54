"""A worker that warms its text models up also embeds the question bank in every pool process:
the main process reads the bank before the pool forks, each child embeds it (real Celery
prefork worker, real PostgreSQL, real embedding model)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from analysis_app.question_key_points import bank_candidates
from tests.live_platform import WorkerSpec, run_platform

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_each_pool_process_embeds_the_question_bank_when_it_starts(
    private_media: Path, tmp_path: Path
) -> None:
    # given: the seeded question bank, and how many of its questions can lend key points
    importlib.import_module("sessions_app.migrations.0004_seed_question_bank").seed(
        django_apps, None)
    lenders = sum(1 for item in bank_candidates() if item.key_points and item.text.strip())
    assert lenders > 100
    # when: a worker with two pool processes starts with its text models warmed up
    with run_platform(private_media, tmp_path, workers=[WorkerSpec(concurrency=2)],
                      env={"ANALYSIS_WARM_UP": "text"}) as live:
        log = live.worker_log.read_text()
    # then: both processes embedded the whole lending bank before their first task
    assert log.count(f"Loaded analysis models for text and embedded {lenders} bank questions") == 2
