"""Benchmark: the whole assessment of a SYNTHETIC national small-area panel.

35,000 areas x 12 indicators x 15 periods (6.3 million rows; invented numbers from the
seeded generator in ``synthetic_panel.py``): intervals at both levels, comparison with
England, recent trends with the outlier rule, gaps, slopes and targets, for every area in
one call. Next to it, in the same run, a straightforward pandas ``groupby().apply()``
implementation of the recent trend alone, on a subset, extrapolated.

Run:  nox -s bench -- -k assess    (or see benchmarks/RESULTS.md for the full command)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from bench_trend import naive_one
from synthetic_panel import synthetic_panel

import outcomeframe as of

ENGLAND = "E92000001"
BASELINE_AREAS = 1_000


def synthetic_framework() -> of.Framework:
    """A SYNTHETIC framework: 12 indicators, two thirds proportions, a third rates."""
    fw = of.Framework("Synthetic national panel (benchmark only)")
    fw.add(of.Vision(id="vision", title="Synthetic vision"), of.Priority(id="p", title="P"))
    fw.link("p", "vision")
    for i in range(12):
        rate = i % 3 == 2
        fw.add(
            of.Indicator(
                id=f"ind{i:02d}",
                title=f"Synthetic indicator {i}",
                measure="crude_rate" if rate else "proportion",
                unit="per_1000" if rate else "percent",
                polarity=("higher_is_better", "lower_is_better")[i % 2],
                target=of.Target(value=50, unit="percent", by="2030") if i == 0 else None,
            )
        )
        fw.link(f"ind{i:02d}", "p")
    return fw


def national_panel() -> pd.DataFrame:
    """The panel as an analyst's loader would give it: categorical codes, area 0 is England."""
    df = synthetic_panel()
    categories = list(df["area"].cat.categories)
    categories[0] = ENGLAND
    df["area"] = df["area"].cat.rename_categories(categories)
    df["period"] = df["period"].astype("str").astype("category")
    return df.rename(columns={"area": "area_code"})


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return national_panel()


#: The issue's target for the whole assessment of the panel on a 2-core machine.
TARGET_SECONDS = 5.0


def test_assess_national_panel(benchmark, panel):
    fw = synthetic_framework()
    result = benchmark.pedantic(fw.assess, args=(panel,), rounds=3, iterations=1, warmup_rounds=0)
    assert len(result.table) == 35_000 * 12
    assert result.rejected.empty
    assert set(result.table["trend"].astype(str)) - set(of.stats.TREND_LABELS) == set()
    assert result.table["lower_99_8"].notna().all()  # both levels, every series
    assert benchmark.stats.stats.min < TARGET_SECONDS


def test_assessment_series_first_use(benchmark, panel):
    """``Assessment.series`` (every row, both levels filled) is built when first read."""
    fw = synthetic_framework()

    def fresh() -> tuple[tuple[of.Assessment], dict[str, object]]:
        return (fw.assess(panel),), {}

    series = benchmark.pedantic(
        lambda a: a.series, setup=fresh, rounds=2, iterations=1, warmup_rounds=0
    )
    assert len(series) == len(panel)
    assert series["upper_99_8"].notna().all()


def test_trend_groupby_apply_baseline(benchmark, panel):
    """The naive per-series trend on BASELINE_AREAS areas (it is far slower)."""
    areas = panel["area_code"].cat.categories[:BASELINE_AREAS]
    sub = panel[panel["area_code"].isin(areas)].rename(columns={"area_code": "area"})

    def naive() -> pd.DataFrame:
        grouped = sub.groupby(["indicator", "area"], observed=True)
        return grouped[["period", "count", "denominator"]].apply(naive_one)

    out = benchmark.pedantic(naive, rounds=1, iterations=1)
    assert len(out) == BASELINE_AREAS * 12
    benchmark.extra_info["series"] = len(out)
    benchmark.extra_info["extrapolated_to_420000_series_s"] = (
        benchmark.stats.stats.mean * 420_000 / len(out)
    )


PEAK_SCRIPT = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {folder!r})
from bench_assess import national_panel, synthetic_framework

def high_water_mib():
    # this process's own peak resident memory (VmHWM; ru_maxrss would include the
    # parent's memory, inherited through fork and exec)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

def reset_high_water():
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak starts again from now

panel = national_panel()
built = high_water_mib()
reset_high_water()
held = high_water_mib()
t0 = time.perf_counter()
result = synthetic_framework().assess(panel)
seconds = time.perf_counter() - t0
peak = high_water_mib()
len(result.series)  # built on first use
with_series = high_water_mib()
print(json.dumps({{"seconds": seconds, "panel_build_peak_mib": built, "panel_held_mib": held,
                  "assess_peak_mib": peak, "with_series_peak_mib": with_series}}))
"""


def test_assess_peak_memory(benchmark):
    """Peak resident memory of a fresh process while it assesses the panel (input included)."""

    def run() -> dict[str, float]:
        code = PEAK_SCRIPT.format(folder=str(Path(__file__).parent))
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        )
        result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
        return result

    result = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(result)
    assert result["assess_peak_mib"] < 3 * 1024, result
