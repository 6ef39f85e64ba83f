"""Benchmark: build the HTML dashboard (Lancashire; 500 SYNTHETIC indicators x 150 areas).

Targets (issue 15): the synthetic framework's ``build_dashboard`` within 2 s; the
Lancashire page's in-process work well under half of what it was (0.48 s of CPU on
2026-12-01, before the one-pass sparklines and the shared inequality table).

Each round builds the page from a fresh copy of the assessment (``attrs.evolve``: the
same tables, nothing computed from them kept), so a round pays for everything the
page derives (the series, the inequality table), as ``outcomeframe report`` does.
The floor, timed pair by pair in the same run, writes as many SVG/HTML elements as
the page has (one formatted element per ``<`` of the page, two numbers each) and
joins them: the least any page of that size costs in Python.

Run with ``nox -s bench -- -k report``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_framework import synthetic_framework, synthetic_observations

import outcomeframe as of
from outcomeframe import report


def _floor(elements: int) -> str:
    """As many SVG elements as the page has, each with two numbers formatted, joined."""
    return "".join(
        f'<circle cx="{i * 0.37:.1f}" cy="{i * 0.11:.1f}" r="1.6" fill="#0072B2"/>'
        for i in range(elements)
    )


def _paired(benchmark: Any, assessment: of.Assessment, rounds: int) -> dict[str, float]:
    """Ours (a fresh copy of the assessment each round) then the floor, pair by pair."""
    elements = report.build_dashboard(attrs.evolve(assessment)).count("<")  # warm-up
    times: dict[str, list[float]] = {"ours": [], "floor": []}

    def pair() -> None:
        fresh = attrs.evolve(assessment)
        start = time.perf_counter()
        html = report.build_dashboard(fresh)
        times["ours"].append(time.perf_counter() - start)
        start = time.perf_counter()
        page = _floor(elements)
        times["floor"].append(time.perf_counter() - start)
        assert html.startswith("<!DOCTYPE html>")
        assert len(page) > 0

    benchmark.pedantic(pair, rounds=rounds, iterations=1)
    ratios = [a / b for a, b in zip(times["ours"], times["floor"], strict=True)]
    figures = {
        "elements": float(elements),
        "ours_min_s": min(times["ours"]),
        "ours_median_s": statistics.median(times["ours"]),
        "floor_min_s": min(times["floor"]),
        "ratio_median": statistics.median(ratios),
    }
    benchmark.extra_info.update(figures)
    print({k: round(v, 3) for k, v in figures.items()})
    return figures


def test_lancashire_dashboard_end_to_end(benchmark):
    """What `outcomeframe report lancashire` does: load the plan and its data, assess, build."""

    def build() -> str:
        fw = of.examples.load("lancashire")
        return report.build_dashboard(fw.assess(of.examples.data("lancashire")))

    html = benchmark.pedantic(build, rounds=3, iterations=1)
    assert html.startswith("<!DOCTYPE html>")
    assert benchmark.stats.stats.max < 5


def test_lancashire_build_dashboard(benchmark):
    """The page's own work for Lancashire (real data, 16 indicators, 26 areas)."""
    assessment = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    figures = _paired(benchmark, assessment, rounds=9)
    assert figures["ours_median_s"] < 1.0


def test_synthetic_500_indicators_150_areas(benchmark):
    """SYNTHETIC: 500 indicators x 150 areas + England x 5 years; goal within 2 s."""
    assessment = synthetic_framework(500).assess(synthetic_observations(500, 150))
    figures = _paired(benchmark, assessment, rounds=5)
    assert figures["ours_min_s"] < 2.0
