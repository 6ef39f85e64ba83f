"""The runnable scripts in ``examples/``: each runs, finishes, and prints what the API computes.

Each script runs in a subprocess with this interpreter. The expected lines are computed
here from the public API (not copied from the scripts' output), so a change in the
statistics that the scripts do not follow fails the test.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import outcomeframe as of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))
TIMEOUT = 60  # seconds per script: a hang guard, not a speed test


@functools.cache
def run(name: str) -> str:
    """Run ``examples/<name>`` from a neutral directory; return its standard output."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=tempfile.gettempdir(),
        check=False,
    )
    assert result.returncode == 0, f"{name} exited {result.returncode}:\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


@functools.cache
def assessment(plan: str) -> of.Assessment:
    return of.examples.load(plan).assess(of.examples.data(plan))


def area_row(plan: str, indicator: str) -> pd.Series:
    a = assessment(plan)
    table = a.table
    rows = table.loc[
        table["indicator"].eq(indicator) & table["area_code"].eq(a.area) & table["headline"]
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_there_are_scripts() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"lancashire.py", "trafford.py", "compare_plans.py", "build_your_own.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_script_runs_and_prints(script: Path) -> None:
    out = run(script.name)
    assert len(out.splitlines()) > 10


def test_lancashire_headline_row() -> None:
    out = run("lancashire.py")
    row = area_row("lancashire", "smoking-at-time-of-delivery")
    assert row["title"] == "Smoking status at time of delivery"
    assert row["trend"] == "Decreasing and getting better"
    interval = f"{row['value']:.1f} ({row['lower_95']:.1f} to {row['upper_95']:.1f})"
    line = next(ln for ln in out.splitlines() if "Smoking status at time of delivery" in ln)
    for part in (
        str(row["period"]),
        interval,
        f"{row['benchmark_value']:.1f}",
        str(row["comparison"]),
        "Decreasing and getting better",
        str(row["target_status"]),
    ):
        assert part in line, f"{part!r} not in {line!r}"


def test_lancashire_rollup_and_missing() -> None:
    out = run("lancashire.py")
    rollup = assessment("lancashire").rollup().set_index("element")
    for priority in ("best-start-in-life", "school-readiness"):
        title, status = rollup.loc[priority, ["title", "status"]]
        assert any(
            ln.startswith("priority") and title in ln and status in ln for ln in out.splitlines()
        ), (title, status)
    for driver in rollup.loc["best-start-in-life", "drivers"].split(", "):
        assert f"driver {driver}:" in out
    for row in assessment("lancashire").no_data("E10000017").itertuples():
        assert f"{row.indicator}: {row.reason}" in out
    # in the data for other areas only: pointed to Fingertips by ID
    assert (
        "dental-decay-age-5: no value for E10000017: the data have rows for other areas "
        "only; OHID Fingertips indicator 93563 has it" in out
    )


def test_lancashire_deprivation_gap() -> None:
    out = run("lancashire.py")
    gaps = assessment("lancashire").inequality(
        {"breakdown": "Most deprived quintile"},
        {"breakdown": "Least deprived quintile"},
        area="E10000017",
    )
    for row in gaps.itertuples():
        assert f"{row.period}" in out
        assert f"{row.gap:.1f}" in out


def test_trafford() -> None:
    out = run("trafford.py")
    row = area_row("trafford", "ofsted-providers-good-or-outstanding")
    assert row["target_status"] == "Met"
    line = next(ln for ln in out.splitlines() if "Early years providers judged Good" in ln)
    assert f"{row['value']:.1f} ({row['lower_95']:.1f} to {row['upper_95']:.1f})" in line
    assert "Met" in line
    summary = of.examples.ofsted_target().summary.loc["graded only"]
    assert f"{int(summary['count'])}/{int(summary['denominator'])} = {summary['value']:.1f}%" in out
    gaps = of.examples.gld_fsm_gap()
    for gap in gaps["gap"]:
        assert f"{gap:.1f}" in out
    rollup = assessment("trafford").rollup().set_index("element")
    title, status = rollup.loc["being-healthy", ["title", "status"]]
    assert any(title in ln and status in ln for ln in out.splitlines())
    for ind in assessment("trafford").missing["indicator"]:
        assert f"  {ind}: " in out


def test_compare_plans() -> None:
    out = run("compare_plans.py")
    lancashire, trafford = of.examples.load("lancashire"), of.examples.load("trafford")

    def keys(fw: of.Framework) -> set[object]:
        return {i.fingertips_id or i.title.casefold() for i in fw.elements(of.Indicator)}

    shared = keys(lancashire) & keys(trafford)
    only_l = keys(lancashire) - keys(trafford)
    only_r = keys(trafford) - keys(lancashire)
    assert (
        f"{len(shared)} indicators in both plans; {len(only_l)} only in Lancashire's; "
        f"{len(only_r)} only in Trafford's"
    ) in out
    lines = out.splitlines()
    # a shared Fingertips indicator has a row with data marks for both plans
    line = next(ln for ln in lines if ln.strip().startswith("92026"))
    assert line.count("yes (") == 2
    # one that only Lancashire has
    line = next(ln for ln in lines if ln.strip().startswith("93085"))
    assert line.count("yes (") == 1
    assert line.rstrip().endswith("-")


def test_build_your_own() -> None:
    out = run("build_your_own.py")
    assert "loaded back: equal to the framework built in code: True" in out
    assert "not a published plan" in out
    shipped = of.examples.data("lancashire")
    smoking = (
        shipped.loc[
            shipped["fingertips_id"].eq("93085")
            & shipped["area_code"].eq("E06000009")
            & shipped["breakdown_type"].eq("Total")
        ]
        .sort_values("period_start")
        .iloc[-1]
    )
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("smoking-at-delivery"))
    assert f"{smoking['value']:.1f}" in line
    assert f"{smoking['lower_95']:.1f} to {smoking['upper_95']:.1f}" in line
    assert "Off track" in line
    assert "target date has passed" in out
