"""Benchmark: build the HTML dashboard (Lancashire; 500 SYNTHETIC indicators x 150 areas).

Targets: the Lancashire dashboard (load, assess, build) under 5 s; the synthetic framework's
dashboard under 60 s. Run with ``nox -s bench -- -k report``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_framework import synthetic_framework, synthetic_observations

import outcomeframe as of
from outcomeframe import report


def test_lancashire_dashboard_end_to_end(benchmark):
    """What `outcomeframe report lancashire` does: load the plan and its data, assess, build."""

    def build() -> str:
        fw = of.examples.load("lancashire")
        return report.build_dashboard(fw.assess(of.examples.data("lancashire")))

    html = benchmark.pedantic(build, rounds=3, iterations=1)
    assert html.startswith("<!DOCTYPE html>")
    assert benchmark.stats.stats.max < 5


def test_synthetic_500_indicators_150_areas(benchmark):
    """SYNTHETIC: 500 indicators x 150 areas + England x 5 years."""
    assessment = synthetic_framework(500).assess(synthetic_observations(500, 150))
    html = benchmark.pedantic(report.build_dashboard, args=(assessment,), rounds=2, iterations=1)
    benchmark.extra_info["page_mb"] = len(html) / 1e6
    assert benchmark.stats.stats.max < 60
