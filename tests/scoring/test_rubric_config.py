"""The rubric table is consistent with itself and cannot change without a new version."""

from __future__ import annotations

import numpy as np
import pytest

from analysis_app.engine.scoring.rubric import (
    DIMENSION_RUBRICS,
    DIMENSIONS,
    RUBRIC_FINGERPRINTS,
    RUBRIC_VERSION,
    rubric_fingerprint,
    rubric_table,
)
from analysis_app.engine.scoring.rubric_types import Curve, Rule

ALL_RULES = [(d.name, r) for d in DIMENSION_RUBRICS.values() for r in d.rules]


def test_the_ten_dimensions_are_the_api_names() -> None:
    # then
    assert DIMENSIONS == ("confidence", "fluency", "vocal_expressiveness", "eye_contact",
                          "composure", "engagement", "positivity", "relevance", "structure",
                          "clarity")


def test_overall_weights_sum_to_one() -> None:
    # when
    total = sum(d.overall_weight for d in DIMENSION_RUBRICS.values())
    # then
    assert total == pytest.approx(1.0)


def test_a_rubric_change_needs_a_new_version() -> None:
    # when
    fingerprint = rubric_fingerprint()
    # then
    assert RUBRIC_FINGERPRINTS.get(RUBRIC_VERSION) == fingerprint, (
        "the rubric changed: bump RUBRIC_VERSION and record the new fingerprint"
    )


@pytest.mark.parametrize(("dimension", "rule"), ALL_RULES,
                         ids=[f"{d}.{r.feature}" for d, r in ALL_RULES])
def test_every_target_is_where_its_curve_rates_well(dimension: str, rule: Rule) -> None:
    # given: the target range feedback asks for, sampled inside the curve's domain
    xs = [x for x, _ in rule.curve.points]
    low = rule.target.low if rule.target.low is not None else xs[0]
    high = rule.target.high if rule.target.high is not None else xs[-1]
    # when
    inside = [rule.curve(x) for x in np.linspace(low, high, 25)]
    # then: aiming for the target is always good advice, and every rule says where it is from
    assert min(inside) >= 0.85
    assert rule.source


def test_the_table_lists_every_rule_with_its_source() -> None:
    # when
    rows = rubric_table()
    # then
    assert len(rows) == len(ALL_RULES)
    assert {row["dimension"] for row in rows} == set(DIMENSIONS)
    assert all(row["source"] for row in rows)


def test_a_curve_is_flat_beyond_its_points_and_linear_between() -> None:
    # given
    curve = Curve(((0, 0.0), (10, 1.0)))
    # then
    assert curve(-5) == 0.0
    assert curve(5) == pytest.approx(0.5)
    assert curve(50) == 1.0


def test_a_malformed_curve_is_refused() -> None:
    # then
    with pytest.raises(ValueError, match="increasing"):
        Curve(((1, 0.5), (1, 0.7)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Curve(((0, 0.0), (1, 1.5)))
