"""Rule-based follow-ups from the gaps in an answer."""

from __future__ import annotations

from sessions_app.questions import FollowUpReason, follow_ups


def test_missing_result_in_a_story_is_asked_for() -> None:
    # given a behavioural answer with situation, task and action but no result
    # when
    found = follow_ups(
        category="behavioural", star_found={"situation", "task", "action"}, word_count=180
    )

    # then
    assert [f.reason for f in found] == [FollowUpReason.MISSING_RESULT]
    assert found[0].target == "result"
    assert "result" in found[0].text.lower() or "worked" in found[0].text.lower()


def test_missing_action_comes_before_missing_result() -> None:
    # when
    found = follow_ups(category="behavioural", star_found={"situation"}, limit=3)
    # then
    assert [f.reason for f in found] == [
        FollowUpReason.MISSING_ACTION,
        FollowUpReason.MISSING_RESULT,
        FollowUpReason.MISSING_TASK,
    ]


def test_missed_key_points_are_asked_about_by_name() -> None:
    # given a technical answer that skipped two key points
    missed = ["Rollback plan", "feature flags"]

    # when
    found = follow_ups(category="role", star_found=set(), key_points_missed=missed, limit=5)

    # then: STAR is not asked of technical answers; key points in the bank's order
    assert [f.reason for f in found] == [FollowUpReason.MISSED_KEY_POINT] * 2
    assert [f.target for f in found] == missed
    assert "rollback plan" in found[0].text
    assert "feature flags" in found[1].text


def test_story_and_key_point_gaps_alternate() -> None:
    # when
    found = follow_ups(
        category="resume",
        star_found={"situation", "task"},
        key_points_missed=["how the result was measured"],
        limit=2,
    )
    # then
    assert [f.reason for f in found] == [
        FollowUpReason.MISSING_ACTION,
        FollowUpReason.MISSED_KEY_POINT,
    ]


def test_too_short_answer_is_asked_to_expand_first() -> None:
    # when
    found = follow_ups(category="behavioural", star_found={"action"}, word_count=12)
    # then
    assert found[0].reason is FollowUpReason.TOO_SHORT


def test_complete_answer_gets_no_follow_up() -> None:
    # when
    found = follow_ups(
        category="behavioural",
        star_found={"situation", "task", "action", "result"},
        key_points_missed=[],
        word_count=220,
    )
    # then
    assert found == []


def test_follow_ups_are_reproducible_with_a_seed() -> None:
    # given
    arguments = {"category": "behavioural", "star_found": set(), "key_points_missed": ["x y"]}
    # when
    first = follow_ups(**arguments, seed=4, limit=4)  # type: ignore[arg-type]
    second = follow_ups(**arguments, seed=4, limit=4)  # type: ignore[arg-type]
    # then
    assert first == second
    assert first[0].to_dict()["source"] == "rules"
