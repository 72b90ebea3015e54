"""Fault injection on the real stack: nothing is lost, nothing is done twice.

Each scenario uploads six answers through the API of a real daphne, analyses them with a real
Celery worker (prefork, two children) and beat against a Redis of the test's own and the
test PostgreSQL, injects one fault, and then checks that every answer ended within the bound
and that the audit (`harness.audit`) found no stage committed twice and no two attempts of a
stage overlapping. With FAULTS_REPORT set, each scenario appends its figures to that file
(`make bench-faults` turns them into the table of docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery

from analysis_app.models import StageRun
from sessions_app.models import Answer
from tests.faults.harness import (
    Audit,
    FaultStack,
    all_terminal,
    audit,
    fault_stack,
    finish_uploads,
    new_candidate,
    prepare_answers,
    running_stages,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.faults,
              pytest.mark.django_db(transaction=True)]

ANSWERS = 6
#: Every answer must be terminal this long after the fault (a few lease expiries and
#: reconciliations at the fault settings, plus the analysis itself on 2 cores).
BOUND_S = 240.0
RECONCILE = "workers.tasks.reconcile_analyses"
LOSSES = 15


@pytest.fixture(scope="module")
def recording(interview_webm: Path) -> bytes:
    return interview_webm.read_bytes()


def _report(scenario: str, result: Audit, recover_s: float | None) -> None:
    target = os.environ.get("FAULTS_REPORT")
    if not target:
        return
    row = {"scenario": scenario, "submitted": result.submitted,
           "completed": result.count("completed"), "partial": result.count("partial"),
           "failed": result.count("failed"), "stuck": result.stuck,
           "committed_twice": result.committed_twice, "overlapping": result.overlapping,
           "lost_attempts": result.lost_attempts,
           "recover_s": None if recover_s is None else round(recover_s, 1),
           "span_s": round(result.span_s, 1), "bound_s": BOUND_S}
    with Path(target).open("a") as out:
        out.write(json.dumps(row) + "\n")


def _settle(stack: FaultStack, answer_ids: list[str], since: float) -> tuple[Audit, float]:
    try:
        wait_until(lambda: all_terminal(answer_ids), "every answer to end", BOUND_S, 0.5)
    except AssertionError as timeout:
        raise AssertionError(f"{timeout}\n{audit(answer_ids)}\n{stack.logs()}") from None
    return audit(answer_ids), time.monotonic() - since


def _assert_exactly_once(scenario: str, result: Audit, recover_s: float | None,
                         stack: FaultStack) -> None:
    """Report the scenario's figures, then check nothing was lost or done twice."""
    _report(scenario, result, recover_s)
    assert result.stuck == 0, stack.logs()
    assert result.committed_twice == 0, "a stage's work was committed twice"
    assert result.overlapping == 0, "two attempts of a stage ran at once"


def _started(stack: FaultStack, browser: object, recording: bytes,
             names: tuple[str, ...] = ("answer.webm",)) -> list[str]:
    answer_ids = prepare_answers(browser, ANSWERS, recording, list(names))  # type: ignore[arg-type]
    assert finish_uploads(browser, answer_ids) == [202] * ANSWERS  # type: ignore[arg-type]
    return answer_ids


def _mid_batch(answer_ids: list[str]) -> list[StageRun]:
    """Stages running once two answers are done: the fault lands mid-batch, with warm
    workers, analyses in every state and messages waiting in the queues."""
    if Answer.objects.filter(pk__in=answer_ids, analysis_status="completed").count() < 2:
        return []
    return running_stages(answer_ids)


def _pid(run: StageRun) -> int:
    return int(run.lease_owner.rsplit(":", 1)[1])


def test_no_fault_for_reference(tmp_path: Path, private_media: Path, recording: bytes) -> None:
    """The same six answers with nothing killed: what the recovery times compare with."""
    with fault_stack(tmp_path / "stack", private_media) as stack:
        browser = new_candidate(stack)
        answer_ids = _started(stack, browser, recording)
        result, _ = _settle(stack, answer_ids, time.monotonic())
    _assert_exactly_once("no fault (for reference)", result, None, stack)
    assert result.count("completed") == ANSWERS, result
    assert result.lost_attempts == 0


def test_a_worker_child_killed_mid_stage(
    tmp_path: Path, private_media: Path, recording: bytes
) -> None:
    with fault_stack(tmp_path / "stack", private_media) as stack:
        # given
        browser = new_candidate(stack)
        answer_ids = _started(stack, browser, recording)
        worker = stack.workers[0]
        # when: a pool child is killed while it runs a stage
        victim = wait_until(lambda: [run for run in _mid_batch(answer_ids)
                                     if _pid(run) in stack.child_pids(worker)],
                            "a stage running in a pool child", 120, 0.05)[0]
        os.kill(_pid(victim), signal.SIGKILL)
        fault_at = time.monotonic()
        result, recover_s = _settle(stack, answer_ids, fault_at)
    # then
    _assert_exactly_once("worker child SIGKILLed mid-stage", result, recover_s, stack)
    assert result.count("completed") == ANSWERS, result
    assert result.lost_attempts >= 1, "the killed attempt was noticed and redone"


def test_the_whole_worker_killed_mid_analysis_then_a_new_one(
    tmp_path: Path, private_media: Path, recording: bytes
) -> None:
    with fault_stack(tmp_path / "stack", private_media) as stack:
        # given
        browser = new_candidate(stack)
        answer_ids = _started(stack, browser, recording)
        # when: the main process and its children die at once, and another node starts
        wait_until(lambda: _mid_batch(answer_ids), "stages running", 120, 0.05)
        stack.workers[0].kill_all()
        fault_at = time.monotonic()
        stack.start_worker()
        result, recover_s = _settle(stack, answer_ids, fault_at)
    # then
    _assert_exactly_once("whole worker SIGKILLed, new worker started", result, recover_s,
                         stack)
    assert result.count("completed") == ANSWERS, result
    assert result.lost_attempts >= 1


@pytest.mark.parametrize("persistent", [True, False], ids=["aof", "no-persistence"])
def test_redis_restarted_mid_analysis(
    tmp_path: Path, private_media: Path, recording: bytes, persistent: bool
) -> None:
    with fault_stack(tmp_path / "stack", private_media, persistent_redis=persistent) as stack:
        # given
        browser = new_candidate(stack)
        answer_ids = _started(stack, browser, recording)
        # when: Redis dies (SIGKILL) while stages run and others wait in its queues
        wait_until(lambda: _mid_batch(answer_ids), "stages running", 120, 0.05)
        fault_at = time.monotonic()
        stack.redis.restart(down_s=2.0)
        result, recover_s = _settle(stack, answer_ids, fault_at)
    # then
    mode = "appendonly, everysec" if persistent else "no persistence"
    _assert_exactly_once(f"Redis SIGKILLed and restarted mid-analysis ({mode})", result,
                         recover_s, stack)
    assert result.count("completed") == ANSWERS, result


def test_the_worker_consumes_again_after_every_broker_loss(
    tmp_path: Path, private_media: Path
) -> None:
    """Each loss lands while the worker holds messages it has not acknowledged yet (acks_late),
    with tasks arriving all the time. Celery 5.7.0 closed the lost connection after collecting
    it, and that close failed on those messages ("Unrecoverable error", `conninfo` None): the
    worker stayed up and never consumed again, so every answer waited for ever. One loss in
    about five hit it; fifteen hit it almost surely."""
    shuffle = random.Random(17)
    with fault_stack(tmp_path / "stack", private_media) as stack:
        # Not the current app: the project's app sends every other test's tasks, and this
        # broker is gone once the test ends.
        broker = Celery(broker=stack.redis.url, set_as_current=False)
        worker_log = stack.workers[0].log
        stop = threading.Event()

        def keep_sending() -> None:
            while not stop.wait(shuffle.uniform(0.05, 0.3)):
                with contextlib.suppress(Exception):
                    broker.send_task(RECONCILE, queue="media")

        sender = threading.Thread(target=keep_sending, daemon=True)
        sender.start()
        stuck_after: list[int] = []
        try:
            for loss in range(LOSSES):
                # given: the worker busy with a stream of tasks
                time.sleep(shuffle.uniform(0.5, 3.0))
                # when: Redis dies and comes back
                stack.redis.restart(down_s=shuffle.uniform(0.5, 4.0))
                # then: a task sent now still runs
                probe = f"probe-{loss}-{uuid.uuid4()}"
                broker.send_task(RECONCILE, queue="media", task_id=probe)
                ran = f"[{probe}] succeeded".encode()
                try:
                    wait_until(lambda ran=ran: ran in worker_log.read_bytes(),
                               "the probe task", 40, 0.2)
                except AssertionError:
                    stuck_after.append(loss + 1)
                    break
        finally:
            stop.set()
            sender.join()
        logs = worker_log.read_text(errors="replace")
    assert not stuck_after, f"the worker consumed nothing after loss {stuck_after[0]}"
    assert "Unrecoverable error" not in logs


def test_the_broker_down_when_uploads_finish(
    tmp_path: Path, private_media: Path, recording: bytes
) -> None:
    with fault_stack(tmp_path / "stack", private_media) as stack:
        # given: six recordings uploaded, and then the broker goes away
        browser = new_candidate(stack)
        answer_ids = prepare_answers(browser, ANSWERS, recording, ["answer.webm"])
        stack.redis.kill()
        # when: the uploads finish while it is down
        statuses = finish_uploads(browser, answer_ids)
        unsent = StageRun.objects.filter(answer_id__in=answer_ids, stage="media",
                                         status="queued", sent_at__isnull=True).count()
        time.sleep(3)
        stack.redis.start()
        back_at = time.monotonic()
        result, recover_s = _settle(stack, answer_ids, back_at)
    # then: accepted at once, queued in the database, analysed once the broker is back
    assert statuses == [202] * ANSWERS
    assert unsent == ANSWERS, "each answer is queued in the database, waiting to be sent"
    _assert_exactly_once("broker down when uploads finish, then back", result, recover_s, stack)
    assert result.count("completed") == ANSWERS, result


def test_a_recording_that_kills_its_worker_every_time(
    tmp_path: Path, private_media: Path, recording: bytes
) -> None:
    with fault_stack(tmp_path / "stack", private_media) as stack:
        # given: two of the six recordings crash the video stage's process whenever it runs
        browser = new_candidate(stack)
        answer_ids = _started(stack, browser, recording,
                              names=("poison.webm", "answer.webm", "answer.webm"))
        fault_at = time.monotonic()
        # when
        result, recover_s = _settle(stack, answer_ids, fault_at)
    # then: that stage fails with the reason after the cap; everything else completes
    _assert_exactly_once("a recording that kills its worker child every time (2 of 6)", result,
                         recover_s, stack)
    poisoned = answer_ids[0::3]
    assert result.count("completed") == ANSWERS - len(poisoned), result
    for answer_id in poisoned:
        assert result.statuses[answer_id] == "partial"
        assert result.stage_errors == {
            **result.stage_errors,
            (answer_id, "video"): "The video analysis stopped its worker 3 times.",
        }
    assert set(result.stage_errors) == {(answer_id, "video") for answer_id in poisoned}
    assert result.lost_attempts == 3 * len(poisoned)
