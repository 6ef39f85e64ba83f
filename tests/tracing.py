"""Coverage's tracer, paused where the tests run only their own machinery.

Coverage measures the lines of outcomeframe that the tests run. Under its tracer, Python
3.11 runs every line of every module two to three times as slowly, whether coverage records
it or not; so work that runs no line of outcomeframe (importing third-party libraries,
pytest's rewriting of asserts, Hypothesis drawing examples, a test's own reference
computation) is quicker untraced and records the same coverage. ``tests/conftest.py``
uses these; ``tests/test_suite_tracing.py`` checks them.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any


def coverage_tracer() -> Any:
    """Coverage's trace function, if it runs in this thread; None without it (``--no-cov``)
    or under another tracer (a debugger's, which is left alone)."""
    tracer = sys.gettrace()
    owner = getattr(tracer, "__self__", tracer)  # the C tracer, or the Python one's method
    return tracer if type(owner).__module__.partition(".")[0] == "coverage" else None


@contextlib.contextmanager
def untraced() -> Iterator[None]:
    """Run the block with coverage's tracer paused (nothing changes without coverage).

    Only for code that runs no line of outcomeframe: a line it runs is not recorded.
    """
    tracer = coverage_tracer()
    if tracer is None:
        yield
        return
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(tracer)
