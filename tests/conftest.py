"""Shared test configuration: Hypothesis profiles, and the order the tests are handed out in."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# "ci": thorough and reproducible; "dev": quick local runs. CI sets CI=true.
settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


#: Marks of the tests that take seconds each: a Spark session, a browser, a whole build.
_HEAVY = ("spark", "browser", "slow")


def _weight(item: pytest.Item) -> int:
    """0 for a marked heavy test, 1 for a Hypothesis test (a hundred examples), 2 otherwise."""
    if any(item.get_closest_marker(mark) for mark in _HEAVY):
        return 0
    function = getattr(item, "function", None)
    return 1 if getattr(function, "is_hypothesis_test", False) else 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Hand out the long tests first (a stable sort: otherwise the order is the files').

    pytest-xdist's ``worksteal`` gives each worker a contiguous share of this order and
    lets an idle worker take the tail of a busy one's queue. With the long tests first,
    the last tests of the run are short ones, so neither core waits long for the other at
    the end; and the Spark tests, together at the front, share one worker's Spark session
    (one JVM start instead of one per worker).
    """
    items.sort(key=_weight)
