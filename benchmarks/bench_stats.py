"""Benchmarks: outcomeframe.stats intervals vs bare numpy vs PHStatsMethods, on SYNTHETIC rows.

Run (from the repo root):

    .venv/bin/pytest benchmarks/bench_stats.py -p no:cacheprovider --benchmark-only \
        -o testpaths=benchmarks -o addopts="" --benchmark-columns=min,median,max,rounds

PHStatsMethods (GPL-3) is timed for comparison only when it is installed
(``pip install PHStatsMethods``); it is never imported by the library or its tests.
It applies its formulas row by row, so it is timed on 100,000 rows where ungrouped
(1,000,000 would take about 4 minutes per call) and on the full 1,000,000 rows in
100,000 groups and the DSR rows.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import (
    age_band_rows,
    grouped_proportion_rows,
    proportion_rows,
    rate_rows,
)

from outcomeframe.stats import dsr, proportion, rate

LEVELS = (0.95, 0.998)
M, TEN_M = 1_000_000, 10_000_000
PH_ROWS = 100_000
GROUPS = 100_000
DSR_GROUPS = 52_632  # x 19 bands = 1,000,008 rows

_cache: dict[tuple[str, int], pd.DataFrame] = {}


def _rows(kind: str, n: int) -> pd.DataFrame:
    key = (kind, n)
    if key not in _cache:
        _cache.clear()  # keep at most one big table in memory
        make = {"proportion": proportion_rows, "rate": rate_rows}[kind]
        _cache[key] = make(n)
    return _cache[key]


def _run(benchmark: Any, func: Any, rounds: int) -> Any:
    return benchmark.pedantic(func, rounds=rounds, iterations=1, warmup_rounds=1)


def numpy_wilson(x: np.ndarray, n: np.ndarray, scale: float = 100.0) -> dict[str, np.ndarray]:
    """Bare numpy: the Wilson formula of METHODS.md for both levels, arrays out."""
    out = {"value": x / n * scale}
    for level in LEVELS:
        z = stats.norm.ppf(level + (1 - level) / 2)
        root = z * np.sqrt(z * z + 4 * x * (1 - x / n))
        den = 2 * (n + z * z)
        out[f"lower_{level}"] = (2 * x + z * z - root) / den * scale
        out[f"upper_{level}"] = (2 * x + z * z + root) / den * scale
    return out


def numpy_poisson_rate(x: np.ndarray, n: np.ndarray, scale: float = 1e5) -> dict[str, np.ndarray]:
    """Bare numpy/scipy: Byar's for x >= 10, exact (chi-squared) below, both levels."""
    out = {"value": x / n * scale}
    small = x < 10
    xs = x[small]
    for level in LEVELS:
        z = stats.norm.ppf(level + (1 - level) / 2)
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        x1 = x + 1
        upper = x1 * (1 - 1 / (9 * x1) + z / (3 * np.sqrt(x1))) ** 3
        lower[small] = stats.chi2.ppf((1 - level) / 2, 2 * xs) / 2
        upper[small] = stats.chi2.ppf(level + (1 - level) / 2, 2 * xs + 2) / 2
        out[f"lower_{level}"] = lower / n * scale
        out[f"upper_{level}"] = upper / n * scale
    return out


# --- proportion -------------------------------------------------------------------------


@pytest.mark.parametrize("n_rows", [M, TEN_M], ids=["1M", "10M"])
def test_proportion_outcomeframe(benchmark: Any, n_rows: int) -> None:
    data = _rows("proportion", n_rows)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    out = _run(benchmark, lambda: proportion(x, n, confidence=LEVELS), 10 if n_rows == M else 3)
    assert len(out) == n_rows
    benchmark.extra_info["rows"] = n_rows


@pytest.mark.parametrize("n_rows", [M, TEN_M], ids=["1M", "10M"])
def test_proportion_numpy_baseline(benchmark: Any, n_rows: int) -> None:
    data = _rows("proportion", n_rows)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    out = _run(benchmark, lambda: numpy_wilson(x, n), 10 if n_rows == M else 3)
    ours = proportion(x[:1000], n[:1000], confidence=LEVELS)
    np.testing.assert_allclose(out["upper_0.998"][:1000], ours["upper_99_8"], rtol=1e-12)
    benchmark.extra_info["rows"] = n_rows


@pytest.mark.parametrize("n_rows", [M, TEN_M], ids=["1M", "10M"])
def test_rate_outcomeframe(benchmark: Any, n_rows: int) -> None:
    data = _rows("rate", n_rows)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    out = _run(benchmark, lambda: rate(x, n, confidence=LEVELS), 5 if n_rows == M else 2)
    assert len(out) == n_rows
    benchmark.extra_info["rows"] = n_rows


@pytest.mark.parametrize("n_rows", [M, TEN_M], ids=["1M", "10M"])
def test_rate_numpy_baseline(benchmark: Any, n_rows: int) -> None:
    data = _rows("rate", n_rows)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        out = _run(benchmark, lambda: numpy_poisson_rate(x, n), 5 if n_rows == M else 2)
    ours = rate(x[:1000], n[:1000], confidence=LEVELS)
    np.testing.assert_allclose(out["lower_0.998"][:1000], ours["lower_99_8"], rtol=1e-12)
    benchmark.extra_info["rows"] = n_rows


def test_proportion_grouped_outcomeframe(benchmark: Any) -> None:
    data = grouped_proportion_rows(M, GROUPS)
    out = _run(
        benchmark,
        lambda: proportion("count", "denominator", data=data, by="group", confidence=LEVELS),
        5,
    )
    assert len(out) == GROUPS
    benchmark.extra_info["rows"] = M


def test_dsr_outcomeframe(benchmark: Any) -> None:
    data = age_band_rows(DSR_GROUPS)
    out = _run(
        benchmark,
        lambda: dsr("count", "denominator", data=data, by="area", band="band", confidence=LEVELS),
        5,
    )
    assert len(out) == DSR_GROUPS
    benchmark.extra_info["rows"] = len(data)


# --- PHStatsMethods (GPL-3, benchmark only) ----------------------------------------------


@pytest.fixture(scope="module")
def ph() -> Any:
    module = pytest.importorskip("PHStatsMethods")
    warnings.simplefilter("ignore")
    return module


def test_proportion_phstatsmethods_100k(benchmark: Any, ph: Any) -> None:
    data = _rows("proportion", PH_ROWS).copy()
    out = _run_once(benchmark, lambda: ph.ph_proportion(
        data, "count", "denominator", confidence=list(LEVELS), multiplier=100
    ))  # fmt: skip
    ours = proportion(data["count"], data["denominator"], confidence=LEVELS)
    np.testing.assert_allclose(out["upper_99_8_ci"], ours["upper_99_8"], rtol=1e-9)
    benchmark.extra_info["rows"] = PH_ROWS


def test_proportion_outcomeframe_100k(benchmark: Any) -> None:
    data = _rows("proportion", PH_ROWS)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    _run(benchmark, lambda: proportion(x, n, confidence=LEVELS), 20)
    benchmark.extra_info["rows"] = PH_ROWS


def test_rate_phstatsmethods_100k(benchmark: Any, ph: Any) -> None:
    data = _rows("rate", PH_ROWS).copy()
    out = _run_once(benchmark, lambda: ph.ph_rate(
        data, "count", "denominator", confidence=list(LEVELS), multiplier=100_000
    ))  # fmt: skip
    ours = rate(data["count"], data["denominator"], confidence=LEVELS)
    np.testing.assert_allclose(out["lower_99_8_ci"], ours["lower_99_8"], rtol=1e-9)
    benchmark.extra_info["rows"] = PH_ROWS


def test_rate_outcomeframe_100k(benchmark: Any) -> None:
    data = _rows("rate", PH_ROWS)
    x, n = data["count"].to_numpy(), data["denominator"].to_numpy()
    _run(benchmark, lambda: rate(x, n, confidence=LEVELS), 20)
    benchmark.extra_info["rows"] = PH_ROWS


def test_proportion_grouped_phstatsmethods(benchmark: Any, ph: Any) -> None:
    data = grouped_proportion_rows(M, GROUPS)
    out = _run_once(benchmark, lambda: ph.ph_proportion(
        data, "count", "denominator", group_cols="group", confidence=list(LEVELS),
        multiplier=100,
    ))  # fmt: skip
    assert len(out) == GROUPS
    benchmark.extra_info["rows"] = M


def test_dsr_phstatsmethods(benchmark: Any, ph: Any) -> None:
    data = age_band_rows(DSR_GROUPS)
    data["band"] = data["band"].astype(str)
    out = _run_once(benchmark, lambda: ph.ph_dsr(
        data, "count", "denominator", "band", group_cols="area", confidence=list(LEVELS),
        euro_standard_pops=True,
    ))  # fmt: skip
    assert len(out) == DSR_GROUPS
    benchmark.extra_info["rows"] = len(data)


def _run_once(benchmark: Any, func: Any) -> Any:
    return benchmark.pedantic(func, rounds=1, iterations=1, warmup_rounds=0)
