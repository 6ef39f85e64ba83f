"""How the suite runs under coverage (``tests/conftest.py``): what is traced and what not.

Coverage's tracer is paused for Hypothesis's engine, which draws the examples, and runs
for the test function itself, which is what coverage is there to measure. It is paused,
too, while pytest rewrites a test module's asserts. And what collection made is frozen out
of the garbage collector's reach.
"""

from __future__ import annotations

import gc
import sys
import types

import coverage
import pytest
from _pytest.assertion import rewrite
from hypothesis import given
from hypothesis import strategies as st

from tests.tracing import untraced


def _measuring() -> bool:
    """Whether coverage is recording in this process (it is not under ``--no-cov``)."""
    return coverage.Coverage.current() is not None


@given(tracer_while_drawing=st.builds(sys.gettrace))
def test_examples_are_traced_and_their_drawing_is_not(tracer_while_drawing):
    assert (sys.gettrace() is not None) == _measuring()
    assert tracer_while_drawing is None


def test_a_plain_test_is_traced():
    assert (sys.gettrace() is not None) == _measuring()


def test_a_test_module_is_rewritten_untraced(tmp_path, pytestconfig: pytest.Config):
    seen = []

    class Spy(type(tmp_path)):  # the file pytest reads, noting the tracer as it reads
        def read_bytes(self) -> bytes:
            seen.append(sys.gettrace())
            return super().read_bytes()

    module = Spy(tmp_path / "test_spy.py")
    module.write_text("def test():\n    assert 1 + 1 == 2\n", encoding="utf-8")
    _, code = rewrite._rewrite_test(module, pytestconfig)
    assert seen == [None]
    test = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    assert any(name.startswith("@py_assert") for name in test.co_varnames)  # rewritten
    assert (sys.gettrace() is not None) == _measuring()


def test_untraced_pauses_the_tracer_for_its_block_only():
    before = sys.gettrace()
    with untraced():
        assert sys.gettrace() is None
    assert sys.gettrace() is before
    assert (before is not None) == _measuring()


def test_what_collection_made_is_frozen():
    assert gc.get_freeze_count() > 1000  # the modules and test items, at the least
