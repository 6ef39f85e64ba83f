"""Properties of aggregate() on random synthetic records (Hypothesis).

For any records, the proportions computed from the aggregated counts equal those
computed from counts summed by hand here, and every record is placed, outside the
population or reported: placed + outside + rejected = records given.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe import stats

IND = of.Indicator(
    id="lbw",
    title="LBW",
    measure="proportion",
    unit="percent",
    polarity="lower_is_better",
    records={
        "numerator": "weight < 2500",
        "denominator": "weeks >= 37",
        "breakdowns": {"Smoking": "smoking"},
    },
)


@st.composite
def births(draw: st.DrawFn) -> pd.DataFrame:
    """Synthetic birth records with missing areas, weights, weeks and categories."""
    n = draw(st.integers(0, 40))

    def column(values: st.SearchStrategy[object]) -> list[object]:
        return draw(st.lists(values, min_size=n, max_size=n))

    return pd.DataFrame(
        {
            "area_code": pd.Series(column(st.sampled_from(["E1", "E2", None])), dtype="str"),
            "year": pd.Series(column(st.sampled_from([2020, 2021])), dtype="int64"),
            "weight": pd.Series(
                column(st.one_of(st.none(), st.integers(1500, 4000))), dtype="float64"
            ),
            "weeks": pd.Series(column(st.one_of(st.none(), st.integers(34, 41))), dtype="float64"),
            "smoking": pd.Series(column(st.sampled_from(["yes", "no", None])), dtype="str"),
        }
    )


def _by_hand(frame: pd.DataFrame) -> pd.DataFrame:
    ok = (frame["weeks"] >= 37) & frame["area_code"].notna() & frame["smoking"].notna()
    ok &= frame["weight"].notna()
    use = frame[ok].assign(low=(frame["weight"] < 2500).astype("int64"), one=1)
    summed = use.groupby(["area_code", "year"], as_index=False)[["low", "one"]].sum()
    summed["period"] = summed["year"].astype("str")
    return summed.sort_values(["area_code", "period"], ignore_index=True)


@given(births())
@settings(max_examples=30, deadline=None)
def test_proportions_from_aggregated_counts_equal_those_from_hand_summed_counts(
    frame: pd.DataFrame,
) -> None:
    expected = _by_hand(frame)
    result = of.aggregate(frame, IND)
    data = result.observations.data
    total = data[data["breakdown"] == "Total"].sort_values(["area_code", "period"])
    assert total[["area_code", "period"]].to_numpy().tolist() == (
        expected[["area_code", "period"]].to_numpy().tolist()
    )
    if len(expected):
        got = stats.proportion("count", "denominator", data=total.reset_index(drop=True))
        want = stats.proportion(expected["low"], expected["one"])
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    counts = result.counts.iloc[0]
    assert counts["placed"] + counts["outside"] + counts["rejected"] == len(frame)
    assert counts["rejected"] == result.rejected["records"].sum()
    assert counts["placed"] == expected["one"].sum()
    outside = (frame["weeks"] < 37).sum()
    assert counts["outside"] == outside
    assert len(result.rejected_records(frame)) == counts["rejected"]


@given(births())
@settings(max_examples=8, deadline=None)
def test_polars_and_duckdb_count_what_pandas_counts(frame: pd.DataFrame) -> None:
    first = of.aggregate(frame, IND)
    for native in (pl.from_pandas(frame).lazy(), duckdb.from_df(frame)):
        other = of.aggregate(native, IND)
        pd.testing.assert_frame_equal(other.observations.data, first.observations.data)
        pd.testing.assert_frame_equal(other.counts, first.counts)
        assert np.array_equal(
            other.reason_counts().sort_values("reason")["records"],
            first.reason_counts().sort_values("reason")["records"],
        )
