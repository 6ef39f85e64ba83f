"""Rows appended to the assessment table keep every column's type (``_context._appended``).

The rule is the plain one: put both tables' columns in objects, concatenate, and give each
column its type back (a categorical gaining the new rows' categories, a boolean reading a
missing value as False, any other dtype kept when the values take it). ``_appended`` does
it column by column in each column's own type; these tests hold it to the plain rule.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd
import pytest

from outcomeframe.assessment._context import _appended


def plain(table: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """The rule, written the direct way (every column through objects)."""
    categoricals = [c for c in table if isinstance(table[c].dtype, pd.CategoricalDtype)]
    out = pd.concat(
        [table.astype(dict.fromkeys(categoricals, object)), extra.astype(object)],
        ignore_index=True,
    )
    for column in table.columns:
        dtype = table[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cats = dtype.categories
            new = pd.Index(out[column].dropna().astype("str").unique()).difference(
                cats.astype("str")
            )
            out[column] = out[column].astype(
                pd.CategoricalDtype(cats.append(new), ordered=dtype.ordered)
            )
        elif pd.api.types.is_bool_dtype(dtype):
            out[column] = out[column].fillna(False).astype(bool)
        else:
            with contextlib.suppress(TypeError, ValueError):
                out[column] = out[column].astype(dtype)
    return out


def table() -> pd.DataFrame:
    """SYNTHETIC: one column of each kind the assessment table holds."""
    return pd.DataFrame(
        {
            "indicator": pd.Categorical(["a", "b", "a"]),
            "trend": pd.Categorical(["up", "down", "up"], categories=["up", "down", "flat"]),
            "rank": pd.Categorical(
                ["low", "high", "low"], categories=["low", "high"], ordered=True
            ),
            "value": [1.5, np.nan, 3.0],
            "count": np.array([1, 2, 3], dtype=np.int64),
            "headline": [True, False, True],
            "title": pd.Series(["A", "B", None], dtype="str"),
            "note": pd.Series(["x", None, 7], dtype=object),
        },
        index=[10, 11, 12],
    )


def assert_same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    for column in want.columns:
        assert got[column].dtype == want[column].dtype, column
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_categorical=True)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(
            pd.DataFrame(
                {
                    "indicator": ["c", "a"],
                    "trend": ["flat", None],
                    "rank": ["high", "low"],
                    "value": [np.nan, 2.0],
                    "count": [np.nan, np.nan],
                    "headline": [None, True],
                    "title": ["C", None],
                    "note": [None, "y"],
                }
            ),
            id="values, new categories and missing cells",
        ),
        pytest.param(
            pd.DataFrame({c: [np.nan, np.nan, np.nan] for c in table().columns}),
            id="rows with no value at all",
        ),
        pytest.param(
            pd.DataFrame({"indicator": ["z"], "value": [4.0], "count": [5]}),
            id="only some of the columns",
        ),
        pytest.param(
            pd.DataFrame({"indicator": ["a"], "rank": ["middle"], "count": ["many"]}),
            id="a new category of an ordered one, and text in a number column",
        ),
        pytest.param(pd.DataFrame(columns=list(table().columns)), id="no rows"),
    ],
)
def test_appended_rows_follow_the_plain_rule(extra: pd.DataFrame) -> None:
    mine = table()
    got = _appended(mine, extra)
    if not len(extra):
        assert got is mine
        return
    assert_same(got, plain(mine, extra.reindex(columns=mine.columns)))
    assert list(got.index) == list(range(len(mine) + len(extra)))
    pd.testing.assert_frame_equal(mine, table())  # the table given is not changed


def test_new_categories_come_after_the_old_ones_sorted() -> None:
    extra = pd.DataFrame({"indicator": ["d", "c", "b"]})
    got = _appended(table()[["indicator"]], extra)
    assert list(got["indicator"].cat.categories) == ["a", "b", "c", "d"]
    assert got["indicator"].tolist() == ["a", "b", "a", "d", "c", "b"]
