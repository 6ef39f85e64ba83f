"""Shared fixtures of the report tests: the example assessments, their pages, a hostile plan."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import report

#: Titles that would run script if a page put them into HTML unescaped.
EVIL = "<script>alert(1)</script>"
EVIL_ATTR = '"><img src=x onerror=alert(1)>'


@functools.cache
def assessed(name: str) -> of.Assessment:
    """A shipped plan assessed on its shipped data, once per process (a frozen value).

    Tests in other folders import this to share the one assessment with the fixtures.
    """
    return of.examples.load(name).assess(of.examples.data(name))


@functools.cache
def dashboard(name: str) -> str:
    """The dashboard of :func:`assessed` with the default options, once per process."""
    return report.build_dashboard(assessed(name))


@pytest.fixture(scope="session")
def lancashire() -> of.Assessment:
    return assessed("lancashire")


@pytest.fixture(scope="session")
def trafford() -> of.Assessment:
    return assessed("trafford")


@pytest.fixture(scope="session")
def lancs_html() -> str:
    return dashboard("lancashire")


@pytest.fixture(scope="session")
def trafford_html() -> str:
    return dashboard("trafford")


def evil_framework() -> of.Framework:
    fw = of.Framework(
        title=f"Plan {EVIL}",
        area={"code": "E06000001", "name": f"Town {EVIL_ATTR}"},
        organisation=f"Council {EVIL}",
    )
    fw.add(
        of.Vision(id="vision", title=f"Vision {EVIL}"),
        of.Priority(id="p", title=f"Priority {EVIL_ATTR}", description=EVIL),
        of.Objective(id="o", title=f"Objective {EVIL}"),
        of.Outcome(id="oc", title=f"Outcome {EVIL_ATTR}"),
        of.Indicator(
            id="ind",
            title=f"Indicator {EVIL}",
            measure="proportion",
            unit="percent",
            polarity="higher_is_better",
            source=f"Source {EVIL_ATTR}",
        ),
        of.Indicator(
            id="gap",
            title=f"Missing {EVIL_ATTR}",
            measure="proportion",
            unit="percent",
            source=f"Nowhere {EVIL}",
        ),
        of.Action(id="a", title=f"Action {EVIL}"),
    )
    for a, b in [
        ("p", "vision"),
        ("o", "p"),
        ("oc", "o"),
        ("ind", "oc"),
        ("gap", "oc"),
        ("a", "p"),
    ]:
        fw.link(a, b)
    return fw


def evil_data() -> pd.DataFrame:
    periods = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
    rows = []
    for i, period in enumerate(periods):
        rows.append(
            {
                "indicator": "ind",
                "area_code": "E06000001",
                "area_name": f"Town {EVIL_ATTR}",
                "period": period,
                "count": 50 + 5 * i,
                "denominator": 100,
                "source": f"Data {EVIL}",
            }
        )
        rows.append(
            {
                "indicator": "ind",
                "area_code": "E92000001",
                "area_name": f"England {EVIL}",
                "period": period,
                "count": 5000,
                "denominator": 10000,
                "source": f"Data {EVIL}",
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def evil() -> of.Assessment:
    return evil_framework().assess(evil_data())
