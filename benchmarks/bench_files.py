"""Benchmark: reading framework files, and the hostile files of issue 13 (all SYNTHETIC).

The floor for reading is ``yaml.load(text, Loader=yaml.CSafeLoader)`` (``json.loads`` for
JSON) on the same text, measured in the same test: each loading case records its ratio
to the floor. Run with ``nox -s bench -- -k files``.

The speed targets of the hostile tests are here too (the tests count the work instead of
timing it); each is timed pair by pair against its floor, named in its docstring.
"""

from __future__ import annotations

import ast
import io
import json
import sys
import time
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench_speed import _paired
from tests.hostile import inputs
from tests.hostile.test_files import shared_bomb

import outcomeframe as of
from outcomeframe.cli import main
from outcomeframe.framework._outline import tree_lines
from outcomeframe.io import _build
from outcomeframe.records import parse_filter
from outcomeframe.stats import parse_unit

FLOOR_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def texts() -> dict[str, tuple[str, str]]:
    """SYNTHETIC texts, each with its format."""
    big = inputs.large_framework(5.0)
    return {
        "5 MB YAML": (yaml.safe_dump(big, sort_keys=False, allow_unicode=True, width=100), "yaml"),
        "5 MB JSON": (json.dumps(big, indent=2), "json"),
        "20,000 priorities": (inputs.many_priorities(20_000), "yaml"),
    }


def floor(text: str, fmt: str) -> float:
    """The best of three plain parses of the same text."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        if fmt == "json":
            json.loads(text)
        else:
            yaml.load(text, Loader=FLOOR_LOADER)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", ["5 MB YAML", "5 MB JSON", "20,000 priorities"])
def test_load(benchmark, name):
    text, fmt = texts()[name]
    fw = benchmark.pedantic(of.loads, args=(text,), kwargs={"format": fmt}, rounds=3)
    assert len(fw) > 5000
    base = floor(text, fmt)
    benchmark.extra_info["megabytes"] = len(text.encode("utf-8")) / 1e6
    benchmark.extra_info["floor_s"] = base
    benchmark.extra_info["ratio_to_floor"] = benchmark.stats.stats.min / base
    assert benchmark.stats.stats.min < 20  # "in seconds"; was 27-34 s for 5 MB


def test_dump_5mb_yaml(benchmark):
    fw = of.loads(texts()["5 MB YAML"][0])
    out = benchmark.pedantic(of.dumps, args=(fw,), rounds=2)
    assert out.startswith("outcomeframe: 1")


def test_alias_bomb_is_refused(benchmark):
    text = inputs.alias_bomb(levels=12, width=12)

    def load() -> None:
        with pytest.raises(of.FileFormatError):
            of.loads(text)

    benchmark.pedantic(load, rounds=20)
    assert benchmark.stats.stats.max < 0.5  # hung before


def test_cycle_bomb_validates(benchmark):
    text = inputs.bodies_all_accountable(14)

    def load() -> None:
        with pytest.raises(of.ValidationError):
            of.loads(text)

    benchmark.pedantic(load, rounds=20)
    assert benchmark.stats.stats.max < 0.5  # hung before (every elementary cycle listed)


def test_show_path_bomb(benchmark):
    fw = of.loads(inputs.diamond_bodies(40))
    lines = benchmark.pedantic(tree_lines, args=(fw,), rounds=20)
    assert len(lines) == 159
    assert benchmark.stats.stats.max < 0.5  # 2**40 paths followed before


def test_show_chain_of_5000_bodies(benchmark, tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(inputs.chain_bodies(5000), encoding="utf-8")

    def show() -> str:
        out = io.StringIO()
        with redirect_stdout(out):
            main(["show", str(path)])
        return out.getvalue()

    text = benchmark.pedantic(show, rounds=3)
    assert text.count("\n") > 5000
    assert benchmark.stats.stats.max < 10  # RecursionError before


# --- the speed targets of the hostile tests, each against a floor in the same run --------
AREAS_JSON = Path(__file__).parent.parent / "tests" / "data" / "fingertipsnext" / "areas.json"


def _raises(error: type[Exception], call: Any) -> Any:
    def run() -> None:
        with pytest.raises(error):
            call()

    return run


def ring(n: int) -> str:
    """SYNTHETIC: ``n`` bodies in one ring of accountability."""
    rows = [
        f"    - {{id: b{i}, title: B{i}, accountable_to: [b{(i + 1) % n}]}}\n" for i in range(n)
    ]
    return inputs.HEAD + "  bodies:\n" + "".join(rows)


def test_ring_of_3000_is_named_once(benchmark):
    """A ring of 3,000 bodies: loaded and its one cycle named. Floor: libyaml's parse."""
    text = ring(3000)
    _paired(
        benchmark,
        _raises(of.ValidationError, lambda: of.loads(text)),
        lambda: yaml.load(text, Loader=FLOOR_LOADER),
        5,
    )


def count_containers(data: Any, limit: int) -> int:
    """The floor of the shared-list check: a bare walk that counts up to ``limit``."""
    stack, seen = [data], 0
    while stack and seen <= limit:
        value = stack.pop()
        seen += 1
        stack.extend(
            v
            for v in (value.values() if isinstance(value, dict) else value)
            if isinstance(v, dict | list)
        )
    return seen


def test_a_list_shared_2_40_times_is_refused(benchmark):
    """``from_dict`` of a list shared 2**40 times. Floor: a bare walk of as many containers."""
    data = shared_bomb()
    _paired(
        benchmark,
        _raises(of.ArgumentError, lambda: of.from_dict(data)),
        lambda: count_containers(data, _build._MAX_CONTAINERS),
        3,
    )


@pytest.mark.parametrize("rows", [20_000, 80_000])
def test_one_key_given_many_times(benchmark, rows):
    """A file whose rows all share one key and conflict (every row set aside, each reason
    naming ten rows): linear, against the floor of the same reader on a clean file of as
    many rows (each its own area). 80,000 such rows were killed for memory before."""
    bad = inputs.one_key_repeated(rows)
    clean = inputs.one_key_repeated(rows, conflicting=False)

    def read(text: str) -> of.ObservationTable:
        return of.read_fingertips(io.StringIO(text), period_type="calendar", errors="report")

    assert len(read(bad).rejected) == rows
    assert len(read(clean).data) == rows
    _paired(benchmark, lambda: read(bad), lambda: read(clean), 3)


def test_read_areas(benchmark):
    """The whole real areas.json (8,139 areas). Floor: ``json.loads`` of its text."""
    _paired(
        benchmark,
        lambda: of.read_areas(AREAS_JSON),
        lambda: json.loads(AREAS_JSON.read_text(encoding="utf-8")),
        5,
    )


def test_parse_filter(benchmark):
    """A filter of 350 comparisons joined by ``or``. Floor: Python's ``ast.parse`` of it."""
    text = " or ".join(f"gestation_weeks == {i}" for i in range(350))
    _paired(benchmark, lambda: parse_filter(text), lambda: ast.parse(text, mode="eval"), 20)


def test_a_long_unit_text_is_refused(benchmark):
    """100,000 characters given as a unit. Floor: ``parse_unit("percent")``."""
    _paired(
        benchmark,
        _raises(of.UnitError, lambda: parse_unit("x" * 100_000)),
        lambda: parse_unit("percent"),
        20,
    )


def test_json_10000_deep_is_refused(benchmark):
    """JSON lists 10,000 deep. Floor: ``json.loads`` of a flat list of the same length."""
    text = "[" * 10_000 + "]" * 10_000
    flat = "[" + "0," * 6_666 + "0]"
    _paired(
        benchmark,
        _raises(of.FileFormatError, lambda: of.loads(text, format="json")),
        lambda: json.loads(flat),
        20,
    )
