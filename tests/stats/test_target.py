"""Target status: met / on track / off track / no target."""

from __future__ import annotations

import numpy as np
import pytest

from outcomeframe import ArgumentError
from outcomeframe.stats import TARGET_LABELS, target_status


def test_rule() -> None:
    out = target_status(
        [93.0, 90.0, 96.0, 88.0, 12.0, np.nan],
        [95.0, 95.0, 95.0, 95.0, 10.0, 95.0],
        direction=["at_least"] * 4 + ["at_most", "at_least"],
        slope_per_year=[1.0, 0.5, 0.0, -0.2, -1.0, 1.0],
        years_left=3,
    )
    assert out["status"].tolist() == [
        "On track",
        "Off track",
        "Met",
        "Off track",
        "On track",
        "No target",
    ]
    assert out["required_per_year"].iloc[0] == pytest.approx(2 / 3)
    assert out["required_per_year"].iloc[4] == pytest.approx(-2 / 3)
    assert out["years_to_target"].tolist()[:3] == [2.0, 10.0, 0.0]
    assert np.isnan(out["years_to_target"].iloc[3])
    assert out["reason"].iloc[5] == "no latest value"
    assert tuple(out["status"].cat.categories) == TARGET_LABELS


def test_date_passed_and_no_target() -> None:
    out = target_status(
        [90.0, 90.0],
        [95.0, np.nan],
        direction="at_least",
        slope_per_year=5.0,
        years_left=[0.0, 3.0],
    )
    assert out["status"].tolist() == ["Off track", "No target"]
    assert out["reason"].tolist() == ["target date has passed", "no target value"]


def test_bad_input() -> None:
    with pytest.raises(ArgumentError, match="direction"):
        target_status([1.0], 2.0, direction="up", slope_per_year=1.0, years_left=1.0)
    with pytest.raises(ArgumentError, match="slope_per_year"):
        target_status(
            [1.0, 2.0], 2.0, direction="at_least", slope_per_year=[1.0, 2.0, 3.0], years_left=1.0
        )
