"""Shared test configuration: third-party imports, Hypothesis profiles, the tests' order."""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.tracing import coverage_tracer, untraced

#: The third-party modules that the test modules (and the package's doctest modules)
#: import when they are collected.
_LIBRARIES = (
    "numpy",
    "pandas",
    "pyarrow",
    "pyarrow.parquet",
    "networkx",
    "yaml",
    "jsonschema",
    "attrs",
    "markupsafe",
    "jinja2",
    "hypothesis",
    "hypothesis.strategies",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "PIL.Image",
    "scipy.stats",
    "pint",
    "polars",
    "duckdb",
    "narwhals",
)


def _import_untraced(names: tuple[str, ...]) -> None:
    """Import ``names`` with coverage's tracer paused, if it is running in this process.

    Their import runs no line of outcomeframe, so coverage has nothing to record in it;
    but under a tracer, Python 3.11 runs every line of every module the slow way, and each
    test process would pay about twice their import time while it collects. outcomeframe
    itself is imported afterwards, by the tests, and traced as before.
    """
    if coverage_tracer() is None:
        return
    ours = "outcomeframe" in sys.modules
    with untraced():
        for name in names:
            importlib.import_module(name)
    if not ours and "outcomeframe" in sys.modules:  # it would have gone unmeasured
        raise RuntimeError("a third-party import loaded outcomeframe untraced")


def _rewrite_untraced() -> None:
    """Have pytest rewrite the test modules' asserts with coverage's tracer paused.

    On a fresh clone every test process rewrites every test module: pytest's own Python,
    which runs no line of outcomeframe (the module itself is run afterwards, traced).
    Untraced, each worker collects 1.8 s sooner. ``_rewrite_test`` is pytest's private
    function; should it go, the modules are rewritten traced, as before.
    """
    from _pytest.assertion import rewrite  # noqa: PLC0415 - pytest's, loaded already

    original = getattr(rewrite, "_rewrite_test", None)
    if original is None:
        return

    @functools.wraps(original)
    def rewrite_untraced(*args: Any, **kwargs: Any) -> Any:
        with untraced():
            return original(*args, **kwargs)

    rewrite._rewrite_test = rewrite_untraced  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    """Import the libraries the tests use and rewrite the test modules untraced (not in
    pytest-xdist's controller, which runs no test), then load the Hypothesis profile."""
    controller = config.getoption("numprocesses", None) and not hasattr(config, "workerinput")
    if not controller:
        _import_untraced(_LIBRARIES)
        _rewrite_untraced()
    _load_hypothesis_profile()


def _load_hypothesis_profile() -> None:
    """Load the Hypothesis profile: "ci" thorough and reproducible, "dev" quick (CI sets CI)."""
    from hypothesis import HealthCheck, settings  # noqa: PLC0415 - after the untraced imports

    settings.register_profile(
        "ci",
        max_examples=100,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile("dev", max_examples=25, deadline=None)
    default = "ci" if os.environ.get("CI") else "dev"
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", default))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Run a Hypothesis test's engine untraced, and each of its examples traced.

    Coverage measures the lines the tests run. Hypothesis's engine and the strategies that
    draw the examples (``tests/strategies*.py``) are the tests' machinery; traced, they
    took two fifths of the Hypothesis tests' time. So the tracer is paused for the engine
    and resumed for the test function itself, through the hook that Hypothesis keeps for
    test runners (``.hypothesis.inner_test``). A line of outcomeframe that only a strategy
    runs is not counted as tested. ``tests/test_suite_tracing.py`` checks both halves.
    """
    tracer = coverage_tracer()
    hypothesis = getattr(getattr(item, "obj", None), "hypothesis", None)
    if tracer is None or hypothesis is None:
        return (yield)
    inner = hypothesis.inner_test

    @functools.wraps(inner)
    def traced(*args: Any, **kwargs: Any) -> Any:
        sys.settrace(tracer)
        try:
            return inner(*args, **kwargs)
        finally:
            sys.settrace(None)

    hypothesis.inner_test = traced
    sys.settrace(None)
    try:
        return (yield)
    finally:
        sys.settrace(tracer)
        hypothesis.inner_test = inner


def pytest_collection_finish(session: pytest.Session) -> None:
    """Take what collection made out of the garbage collector's reach (``gc.freeze``).

    The test items, the imported modules and their data live until the process ends, and
    each full collection would walk them all again: frozen, the tests took 3-4% less CPU
    (paired runs of ``tests/hostile`` with ``tests/io``, and of ``tests/stats`` with
    ``tests/assessment`` and ``tests/report``). What the tests make is collected as before.
    """
    gc.freeze()


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
