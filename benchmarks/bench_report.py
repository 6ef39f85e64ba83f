"""Benchmark: build the HTML dashboard (Lancashire; 500 SYNTHETIC indicators x 150 areas).

Run:  .venv/bin/python benchmarks/bench_report.py
Targets: Lancashire under 5 s; the synthetic framework under 60 s (build_dashboard only;
the assessment is timed separately and reported).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_framework import synthetic_framework, synthetic_observations

import outcomeframe as of
from outcomeframe import report


def _time(label: str, func: object, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        result = func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    size = f", {len(result) / 1e6:.1f} MB" if isinstance(result, str) else ""
    print(f"{label}: best of {rounds} {best:.2f} s{size}")
    return best


def main() -> None:
    fw = of.examples.load("lancashire")
    data = of.examples.data("lancashire")
    _time("lancashire assess", lambda: fw.assess(data))
    assessment = fw.assess(data)
    lancs = _time("lancashire build_dashboard", lambda: report.build_dashboard(assessment))
    big_fw = synthetic_framework(500)
    obs = synthetic_observations(500, 150)
    print(f"SYNTHETIC observations: {len(obs):,} rows")
    _time("SYNTHETIC assess (500 indicators x 150 areas)", lambda: big_fw.assess(obs), rounds=1)
    big = big_fw.assess(obs)
    synth = _time(
        "SYNTHETIC build_dashboard (500 indicators x 150 areas)",
        lambda: report.build_dashboard(big),
        rounds=2,
    )
    assert lancs < 5, "Lancashire dashboard over 5 s"
    assert synth < 60, "synthetic dashboard over 60 s"


if __name__ == "__main__":
    main()
