"""No unit test asserts a wall-clock time: speed targets live in ``benchmarks/``.

A limit in seconds fails on a busy machine and passes on a fast one whatever the code
does. Tests count the work instead (``tests/hostile/work.py``), or guard against a hang
with ``@pytest.mark.timeout``. This test reads every test module with :mod:`ast` and
fails if an ``assert`` uses a clock reading, directly or through a name that holds one.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

#: The clocks of :mod:`time` whose readings must not be asserted on.
CLOCKS = frozenset(
    name + suffix
    for name in ("perf_counter", "time", "monotonic", "process_time", "thread_time")
    for suffix in ("", "_ns")
)


def _is_clock(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    fn = node.func
    if isinstance(fn, ast.Attribute):  # time.perf_counter(), or any module alias of time
        return fn.attr in CLOCKS and isinstance(fn.value, ast.Name) and fn.value.id != "self"
    return isinstance(fn, ast.Name) and fn.id in CLOCKS and fn.id != "time"


def _uses(node: ast.AST, held: set[str]) -> bool:
    """Whether ``node`` reads a clock, or a name that holds a clock reading."""
    return any(_is_clock(n) or (isinstance(n, ast.Name) and n.id in held) for n in ast.walk(node))


def _targets(node: ast.AST) -> list[str]:
    """The names an assignment binds, or a list a clock reading is appended to."""
    if isinstance(node, ast.Assign):
        nodes = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
        nodes = [node.target]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        nodes = [node.func.value] if node.func.attr in ("append", "extend", "add") else []
    else:
        return []
    return [n.id for t in nodes for n in ast.walk(t) if isinstance(n, ast.Name)]


def _value(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Call):
        return ast.Tuple(elts=list(node.args), ctx=ast.Load())
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
        return node.value
    return None


def timed_asserts(source: str) -> list[int]:
    """The lines of the ``assert`` statements in ``source`` that use a clock reading."""
    tree = ast.parse(source)
    if not any(_is_clock(node) for node in ast.walk(tree)):
        return []  # no clock is read, so no name can hold a reading
    held: set[str] = set()
    changed = True
    while changed:  # follow start = clock(); took = clock() - start; times.append(took)
        changed = False
        for node in ast.walk(tree):
            value = _value(node)
            if value is not None and _uses(value, held):
                new = set(_targets(node)) - held
                if new:
                    held |= new
                    changed = True
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert) and _uses(n.test, held)]


MODULES = sorted(TESTS.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(TESTS)) for p in MODULES])
def test_no_test_asserts_a_time(path: Path) -> None:
    lines = timed_asserts(path.read_text(encoding="utf-8"))
    assert not lines, (
        f"{path.relative_to(TESTS.parent)}, line(s) {lines}: a test asserts a wall-clock time; "
        "count the work (tests/hostile/work.py) and put the speed target in benchmarks/"
    )


TIMED = {
    "a limit on the time taken": (
        """
        import time
        def test():
            start = time.perf_counter()
            run()
            assert time.perf_counter() - start < 2
        """,
        [6],
    ),
    "the best of three through a list": (
        """
        import time
        def test():
            times = []
            for _ in range(3):
                start = time.monotonic()
                run()
                times.append(time.monotonic() - start)
            assert min(times) < 1.0
        """,
        [9],
    ),
    "a clock imported by name, through a variable": (
        """
        from time import perf_counter
        def test():
            t0 = perf_counter()
            run()
            took = perf_counter() - t0
            assert took < 5, took
        """,
        [7],
    ),
    "time.time() in the assert itself": ("import time\nassert time.time() > 0\n", [2]),
}


@pytest.mark.parametrize(("source", "lines"), TIMED.values(), ids=TIMED)
def test_the_scan_finds_a_timed_assert(source: str, lines: list[int]) -> None:
    assert timed_asserts(textwrap.dedent(source)) == lines


def test_the_scan_leaves_other_asserts_alone() -> None:
    source = """
        import time
        from tests.hostile.work import calls
        def test(benchmark):
            start = 3
            assert start < 5
            assert calls(run) < 100
            time.sleep(0)
            assert benchmark.stats
        """
    assert timed_asserts(textwrap.dedent(source)) == []
