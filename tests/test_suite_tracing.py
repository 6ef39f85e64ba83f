"""How the suite runs under coverage (``tests/conftest.py``): what is traced and what not.

Coverage's tracer is paused for Hypothesis's engine, which draws the examples, and runs
for the test function itself, which is what coverage is there to measure.
"""

from __future__ import annotations

import sys

import coverage
from hypothesis import given
from hypothesis import strategies as st


def _measuring() -> bool:
    """Whether coverage is recording in this process (it is not under ``--no-cov``)."""
    return coverage.Coverage.current() is not None


@given(tracer_while_drawing=st.builds(sys.gettrace), n=st.integers(0, 3))
def test_examples_are_traced_and_their_drawing_is_not(tracer_while_drawing, n):
    assert (sys.gettrace() is not None) == _measuring()
    assert tracer_while_drawing is None
    assert n in range(4)


def test_a_plain_test_is_traced():
    assert (sys.gettrace() is not None) == _measuring()
