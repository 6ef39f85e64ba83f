"""Benchmark: reading framework files, and the hostile files of issue 13 (all SYNTHETIC).

The floor for reading is ``yaml.load(text, Loader=yaml.CSafeLoader)`` (``json.loads`` for
JSON) on the same text, measured in the same test: each loading case records its ratio
to the floor. Run with ``nox -s bench -- -k files``.
"""

from __future__ import annotations

import io
import json
import sys
import time
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent.parent))
from tests.hostile import inputs

import outcomeframe as of
from outcomeframe.cli import main
from outcomeframe.framework._outline import tree_lines

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
