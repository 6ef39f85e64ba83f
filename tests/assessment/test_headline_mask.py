"""One rule for the whole-population rows: the assessment's headline column and headline_mask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.assessment._inputs import _indicator_meta


@pytest.mark.parametrize("plan", ["lancashire", "trafford"])
def test_the_rule_without_the_column_gives_the_column(plan):
    """On the shipped plans' whole data: the rule recomputed equals the assessment's column."""
    fw = of.examples.load(plan)
    series = fw.assess(of.examples.data(plan)).series
    recomputed = headline_mask(series.drop(columns="headline"), _indicator_meta(fw))
    assert recomputed.sum() > 0
    np.testing.assert_array_equal(recomputed, series["headline"].to_numpy(dtype=bool))


def test_headline_sex_not_any_total_row():
    """Total breakdown is not enough: the indicator's headline sex is (Persons here)."""
    rows = pd.DataFrame(
        {
            "indicator": ["a"] * 4,
            "area_code": ["E1"] * 4,
            "sex": ["Persons", "Male", "Female", "Persons"],
            "age": ["All ages"] * 4,
            "breakdown_type": ["Total", "Total", "Total", "Deprivation deciles"],
            "breakdown": ["Total", "Total", "Total", "Most deprived decile"],
        }
    )
    assert headline_mask(rows).tolist() == [True, False, False, False]


def test_a_table_with_only_a_breakdown_column():
    """A chart table with no sex, age or breakdown type: its Total rows are everyone."""
    rows = pd.DataFrame({"indicator": ["a", "a"], "breakdown": ["Total", "Girls"]})
    assert headline_mask(rows).tolist() == [True, False]


def test_the_chart_total_is_the_headline_rows():
    fw = of.examples.load("trafford")
    a = fw.assess(of.examples.data("trafford"))
    fig = of.report.trend_chart(a.series.drop(columns="headline"), "school-readiness-gld")
    assert fig.axes[0].lines  # drawn from the headline rows of a table without the column
