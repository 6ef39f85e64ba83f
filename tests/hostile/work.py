"""Counting the work a call does, so that "never a hang" and "linear" are checked without a clock.

Wall-clock limits fail on a busy machine and pass on a fast one whatever the code does;
speed targets live in ``benchmarks/``. These counts are the same on every machine:

- :func:`calls` counts the function calls a call makes (Python and C functions, and each
  resumption of a generator), through :func:`sys.setprofile`, with the garbage collector
  paused so that the count is the same on every run. A search that follows every
  path, or a parser that rereads its text, makes exponentially or quadratically many.
- :func:`yaml_events` counts the parser events the YAML reader takes, so that a file
  refused "at once" is shown to be refused before the rest of it is read.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import yaml

#: The profile events that are a call: one per Python or C function called.
_CALLS = frozenset({"call", "c_call"})


class _OverBudget(BaseException):
    """Raised inside the call once it has made more calls than allowed (stops a hang)."""


def _profiled(fn: Callable[[], Any], budget: float, expect: type[BaseException] | None) -> Any:
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in _CALLS:
            count += 1
            if count > budget:
                raise _OverBudget

    previous, collecting = sys.getprofile(), gc.isenabled()
    # paused, not run first: a full collection of a test process's heap costs ~0.1 s a call,
    # and no collection inside the count is all the count needs
    gc.disable()  # a collection would run finalizers inside the count, differently each time
    sys.setprofile(profile)
    try:
        value = fn()
    except _OverBudget:
        sys.setprofile(previous)
        raise AssertionError(f"more than {budget:,.0f} calls: not linear") from None
    except BaseException as err:
        if expect is None or not isinstance(err, expect):
            raise
        value = err
    else:
        if expect is not None:
            raise AssertionError(f"expected {expect.__name__}, nothing was raised")
    finally:
        sys.setprofile(previous)
        if collecting:
            gc.enable()
    return count, value


def calls(fn: Callable[[], Any], *, expect: type[BaseException] | None = None) -> int:
    """The number of function calls ``fn()`` makes; ``expect``: the error it must raise."""
    return _profiled(fn, float("inf"), expect)[0]


def within(budget: float, fn: Callable[[], Any], *, expect: type[BaseException] | None = None):
    """``fn()``'s result (or the ``expect`` error it raised); fails past ``budget`` calls.

    The call is stopped as soon as it goes over, so a hang fails here at once.
    """
    return _profiled(fn, budget, expect)[1]


@contextmanager
def yaml_events(monkeypatch: Any) -> Iterator[list[int]]:
    """Count the events ``yaml.parse`` hands out while the block runs: ``[count]``."""
    seen = [0]
    real = yaml.parse

    def parse(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for event in real(*args, **kwargs):
            seen[0] += 1
            yield event

    monkeypatch.setattr(yaml, "parse", parse)
    try:
        yield seen
    finally:
        monkeypatch.setattr(yaml, "parse", real)


def events_before_line(text: str, line: int) -> int:
    """How many events a plain parse of ``text`` gives before 1-based ``line`` (independent count)."""
    n = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if event.start_mark.line + 1 >= line:
                break
            n += 1
    except yaml.YAMLError:
        pass
    return n
