"""Benchmarks of issue 15, each against a floor or peer timed in the same run (SYNTHETIC data).

Every case runs ours and its floor in turn, pair by pair (so both see the same machine
when its speed drifts), and records in ``extra_info`` the best time of each and the
median of the pair ratios. The floors:

* whole processes: ``python -c "import pandas"`` and ``python -c pass``;
* the framework: the same question asked with plain networkx (``nx.ancestors`` of each
  row; strongly connected components, the vision's ancestors and one walk of the nodes
  and edges for validation); YAML: ``yaml.load(text, Loader=yaml.CSafeLoader)``;
* the statistics: numpy alone, no checks and no DataFrame: two ``np.bincount`` sums on
  the group column plus the interval formula (grouped), and the Wilson formula with the
  same operations as the library, in place, ``4x(1 - x/n)`` and ``2x`` shared between
  the levels (ungrouped: the tight floor; the benchmark checks the numbers are equal).

Run: ``nox -s bench -- -k speed`` (or ``pytest benchmarks/bench_speed.py -o
python_files="bench_*.py" -o addopts="" -o testpaths=benchmarks``).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import grouped_proportion_rows, proportion_rows, rate_rows
from synthetic_plan import layered_graph, layered_plan

import outcomeframe as of
from outcomeframe.framework._queries import coverage_matrix
from outcomeframe.framework._validate import problems
from outcomeframe.stats import proportion, rate
from outcomeframe.stats._intervals import z_value

LEVELS = (0.95, 0.998)
PY = sys.executable
CLI = shutil.which("outcomeframe") or "outcomeframe"


def _paired(
    benchmark: Any, ours: Callable[[], Any], floor: Callable[[], Any], rounds: int
) -> dict[str, float]:
    """Ours then the floor, ``rounds`` times (after one warm-up pair); figures into extra_info."""
    times: dict[str, list[float]] = {"ours": [], "floor": []}

    def pair() -> None:
        for name, func in (("ours", ours), ("floor", floor)):
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)

    benchmark.pedantic(pair, rounds=rounds, iterations=1, warmup_rounds=1)
    ratios = [a / b for a, b in zip(times["ours"][1:], times["floor"][1:], strict=True)]
    figures = {
        "ours_min_s": min(times["ours"][1:]),
        "floor_min_s": min(times["floor"][1:]),
        "ratio_median": statistics.median(ratios),
        "difference_median_s": statistics.median(
            a - b for a, b in zip(times["ours"][1:], times["floor"][1:], strict=True)
        ),
    }
    benchmark.extra_info.update(figures)
    print({k: round(v, 3) for k, v in figures.items()})
    return figures


def _process(
    *argv: str, env: dict[str, str] | None = None, cpu: list[float] | None = None
) -> Callable[[], None]:
    """Run ``argv``; with ``cpu``, append the process's CPU time (user + system) to it."""

    def run() -> None:
        before = _children_cpu()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        if cpu is not None:
            cpu.append(_children_cpu() - before)

    return run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _installed(pyc: Path) -> dict[str, str]:
    """The environment of an installed package: bytecode cached (in ``pyc``), as pip does.

    Without it (``PYTHONDONTWRITEBYTECODE`` set, or a source tree no one may write to)
    every process compiles the package's modules again, about 0.06 s that a user does not
    pay. The warm-up pair of :func:`_paired` fills the cache; both sides of a pair use it.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pyc)
    return env


# --- whole processes ---------------------------------------------------------------------


def test_import_whole_process(benchmark: Any, tmp_path: Path) -> None:
    """Goal: at most 1.3x ``import pandas``."""
    env = _installed(tmp_path)
    _paired(
        benchmark,
        _process(PY, "-c", "import outcomeframe", env=env),
        _process(PY, "-c", "import pandas", env=env),
        10,
    )


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["list"], ["validate", "lancashire"], ["show", "lancashire"]],
    ids=["help", "list", "validate", "show"],
)
def test_quick_command_whole_process(benchmark: Any, argv: list[str], tmp_path: Path) -> None:
    """Goal: at most 0.3 s more than ``python -c pass`` (see difference_median_s).

    The console script, as a user runs it, against ``python -c pass``, both with their
    bytecode cached (see :func:`_installed`); the median CPU difference is recorded too.
    """
    env = _installed(tmp_path)
    ours: list[float] = []
    floor: list[float] = []
    _paired(
        benchmark,
        _process(CLI, *argv, env=env, cpu=ours),
        _process(PY, "-c", "pass", env=env, cpu=floor),
        10,
    )
    # CPU time varies less with the machine's load than the wall time the goal is in.
    cpu = statistics.median(a - b for a, b in zip(ours[1:], floor[1:], strict=True))
    benchmark.extra_info["cpu_difference_median_s"] = cpu
    print({"cpu_difference_median_s": round(cpu, 3)})


def test_report_whole_process(benchmark: Any, tmp_path: Path) -> None:
    """Goal: at most 2x (a process importing pandas + the same work done in-process).

    The floor of each pair is a process running ``import pandas`` followed, in this
    process, by the same command run in-process a further time (``cli.main``, warm:
    imports done, the shipped plan and its data read before): the work alone, timed
    under the same load as the whole process it is paired with. ``ratio_median`` is
    the median of (whole process) / (import pandas + warm work) over the pairs.

    Both processes run with Python's bytecode cache on (in ``tmp_path``, written by the
    warm-up pair), as an installed package has it and as pandas, in site-packages, has
    it already: where ``PYTHONDONTWRITEBYTECODE`` is set, the command would otherwise
    compile every module of the package in every process.
    """
    from outcomeframe.cli import main  # noqa: PLC0415

    argv = ["report", "lancashire", "-o", str(tmp_path / "dashboard.html")]
    parts: dict[str, list[float]] = {"import_pandas": [], "in_process_work": []}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")

    def ours() -> None:
        subprocess.run([CLI, *argv], check=True, capture_output=True, env=env)

    def in_process() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(argv) == 0

    def floor() -> None:
        start = time.perf_counter()
        subprocess.run([PY, "-c", "import pandas"], check=True, capture_output=True, env=env)
        middle = time.perf_counter()
        in_process()
        parts["import_pandas"].append(middle - start)
        parts["in_process_work"].append(time.perf_counter() - middle)

    in_process()  # the first run in this process: imports, the plan and its data
    _paired(benchmark, ours, floor, 5)
    for name, times in parts.items():
        benchmark.extra_info[f"{name}_min_s"] = min(times[1:])
    print({f"{k}_min_s": round(min(v[1:]), 3) for k, v in parts.items()})


# --- the framework -----------------------------------------------------------------------


def bare_coverage(G: nx.DiGraph[str], rows: str = "priority") -> pd.DataFrame:
    """Plain networkx: the ancestors of each row, marked in a boolean matrix."""
    indicators = [n for n, k in G.nodes(data="kind") if k == "indicator"]
    column = {n: i for i, n in enumerate(indicators)}
    row_ids = [n for n, k in G.nodes(data="kind") if k == rows]
    out = np.zeros((len(row_ids), len(indicators)), dtype=bool)
    for r, node in enumerate(row_ids):
        out[r, [column[a] for a in nx.ancestors(G, node) if a in column]] = True
    return pd.DataFrame(out, index=row_ids, columns=indicators)


@pytest.mark.parametrize("size", [10_000, 100_000], ids=["10k", "100k"])
def test_coverage_matrix(benchmark: Any, size: int) -> None:
    """Goal: at most 3x bare networkx at 10k and 100k elements."""
    G = layered_graph(size)
    np.testing.assert_array_equal(coverage_matrix(G).to_numpy(), bare_coverage(G).to_numpy())
    _paired(benchmark, lambda: coverage_matrix(G), lambda: bare_coverage(G), 5)


def bare_validation(G: nx.DiGraph[str]) -> object:
    """Plain networkx: cycles, what leads to the vision, and one walk of nodes and edges."""
    cycles = [c for c in nx.strongly_connected_components(G) if len(c) > 1]
    leads = nx.ancestors(G, "vision")
    kinds = [element.kind for _, element in G.nodes(data="element")]
    relations = [rel for _, _, rel in G.edges(data="relation")]
    return cycles, leads, kinds, relations


@pytest.fixture(scope="module")
def plan_100k() -> of.Framework:
    return of.from_dict(layered_plan(100_000))


def test_validate_100k(benchmark: Any, plan_100k: of.Framework) -> None:
    """Goal: at most 2x bare networkx at 100k elements."""
    G = plan_100k.graph
    _paired(benchmark, lambda: problems(G), lambda: bare_validation(G), 3)


def test_yaml_load_100k(benchmark: Any) -> None:
    """Measured only (the reader is another piece of work): ``loads`` against libyaml."""
    text = yaml.safe_dump(layered_plan(100_000), sort_keys=False, width=100)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _paired(benchmark, lambda: of.loads(text), lambda: yaml.load(text, Loader=loader), 2)


# --- the statistics ----------------------------------------------------------------------


def tight_wilson(x: np.ndarray, n: np.ndarray, scale: float = 100.0) -> list[np.ndarray]:
    """Numpy alone: the library's Wilson operations, in place, shared between levels."""
    p = x / n
    four_x_q = np.subtract(1.0, p)
    four_x_q *= x
    four_x_q *= 4.0
    twice_x = 2.0 * x
    out = [np.multiply(p, scale, out=p)]
    root, den = np.empty_like(x), np.empty_like(x)
    for level in LEVELS:
        z = z_value(level)
        z2 = z * z
        np.add(four_x_q, z2, out=root)
        np.sqrt(root, out=root)
        root *= z
        np.add(n, z2, out=den)
        den *= 2.0
        lower = np.add(twice_x, z2)
        upper = np.add(lower, root)
        lower -= root
        lower /= den
        upper /= den
        lower *= scale
        upper *= scale
        out += [lower, upper]
    return out


def byars(x: np.ndarray, n: np.ndarray, scale: float = 100_000.0) -> list[np.ndarray]:
    """Numpy alone: Byar's limits of counts (every grouped count here is 10 or more)."""
    out = [x / n * scale]
    x1 = x + 1.0
    for level in LEVELS:
        z = z_value(level)
        lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))) ** 3
        upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
        out += [lower / n * scale, upper / n * scale]
    return out


def bincount_floor(
    kernel: Callable[..., list[np.ndarray]], g: np.ndarray, x: np.ndarray, n: np.ndarray, size: int
) -> list[np.ndarray]:
    return kernel(
        np.bincount(g, weights=x, minlength=size), np.bincount(g, weights=n, minlength=size)
    )


def test_proportion_grouped_vs_bincount(benchmark: Any) -> None:
    """Goal: at most 1.5x the bincount floor (1M rows, 100k groups)."""
    data = grouped_proportion_rows(1_000_000, 100_000)
    g, x, n = (data[c].to_numpy() for c in ("group", "count", "denominator"))
    ours = proportion("count", "denominator", data=data, by="group", confidence=LEVELS)
    floor = bincount_floor(tight_wilson, g, x, n, 100_000)
    np.testing.assert_allclose(ours["upper_99_8"], floor[4], rtol=1e-13)
    _paired(
        benchmark,
        lambda: proportion("count", "denominator", data=data, by="group", confidence=LEVELS),
        lambda: bincount_floor(tight_wilson, g, x, n, 100_000),
        30,
    )


def test_rate_grouped_vs_bincount(benchmark: Any) -> None:
    """Goal: at most 1.5x the bincount floor (1M rows, 100k groups)."""
    data = grouped_proportion_rows(1_000_000, 100_000)[["group"]]
    counts = rate_rows(1_000_000)
    data = data.assign(
        count=counts["count"].to_numpy(), denominator=counts["denominator"].to_numpy()
    )
    g, x, n = (data[c].to_numpy() for c in ("group", "count", "denominator"))
    ours = rate("count", "denominator", data=data, by="group", confidence=LEVELS)
    assert (ours["method"] == "Byars").all()
    floor = bincount_floor(byars, g, x, n, 100_000)
    np.testing.assert_allclose(ours["upper_99_8"], floor[4], rtol=1e-12)
    _paired(
        benchmark,
        lambda: rate("count", "denominator", data=data, by="group", confidence=LEVELS),
        lambda: bincount_floor(byars, g, x, n, 100_000),
        30,
    )


def test_proportion_10m_vs_tight_floor(benchmark: Any) -> None:
    """Goal: at most 1.1x the tight numpy floor (10M rows, both levels)."""
    data = proportion_rows(10_000_000)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    ours = proportion(x[:100_000], n[:100_000], confidence=LEVELS)
    floor = tight_wilson(x[:100_000], n[:100_000])
    np.testing.assert_array_equal(ours["lower_95"], floor[1])  # the same numbers
    np.testing.assert_array_equal(ours["upper_99_8"], floor[4])
    _paired(
        benchmark,
        lambda: proportion(x, n, confidence=LEVELS),
        lambda: tight_wilson(x, n),
        8,
    )
