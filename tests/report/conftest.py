"""Shared fixtures of the report tests: the example assessments, their pages, a hostile plan."""

from __future__ import annotations

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import report

#: Titles that would run script if a page put them into HTML unescaped.
EVIL = "<script>alert(1)</script>"
EVIL_ATTR = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="session")
def lancashire() -> of.Assessment:
    return of.examples.load("lancashire").assess(of.examples.data("lancashire"))


@pytest.fixture(scope="session")
def trafford() -> of.Assessment:
    return of.examples.load("trafford").assess(of.examples.data("trafford"))


@pytest.fixture(scope="session")
def lancs_html(lancashire: of.Assessment) -> str:
    """The Lancashire dashboard with the default options (a string: shared, never changed)."""
    return report.build_dashboard(lancashire)


@pytest.fixture(scope="session")
def trafford_html(trafford: of.Assessment) -> str:
    """The Trafford dashboard with the default options."""
    return report.build_dashboard(trafford)


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
