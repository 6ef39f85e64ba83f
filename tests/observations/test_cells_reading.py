"""Reading cells once per distinct cell gives what the documented rule gives on every row.

The rule is written here a second way, with pandas string methods over the whole column
(as the observations page states it), and compared with the reader on random cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from outcomeframe.observations._cells import SUPPRESSION_MARKS, _number_values, _text

PIECES = ["1", "2", "5", "0", "12", "234", ".", ",", " ", "\u00a0", "\u202f", "%", "-", "+"]
PIECES += ["\u2212", "e", "E", "x", "*", "..", "[c]", "n/a", "inf", "nan", "\t", "\u0662"]
AS_TYPED = ["1 234", "1,234", "1\u00a0234", "12 %", "20.1%", "\u22125", " 7 ", "1,234.5", "12,5"]
AS_TYPED += [
    "1\u202f234",
    "5.%",
    "1e5",
    "-inf",
    "99999999999999999999",
    "1_000",
    "\u0662\u0663",
    "*",
    "[x]",
    "  ",
]
cells = st.one_of(
    st.none(),
    st.sampled_from(AS_TYPED),
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
    st.text(max_size=4),
)
columns = st.lists(cells, max_size=15)


def _rule(values: pd.Series, *, percent: bool) -> tuple[np.ndarray, np.ndarray]:
    """The number rule on every row, with pandas string methods."""
    text = values.astype("str").str.replace("[\u00a0\u202f\u2007]", " ", regex=True).str.strip()
    blank = text.isna() | (text == "")
    marked = text.str.lower().isin(SUPPRESSION_MARKS)
    cleaned = text.str.replace("\u2212", "-", regex=False)
    cleaned = cleaned.str.replace(r"(?<=\d)[, ](?=\d{3}(?:\D|$))", "", regex=True)
    if percent:
        cleaned = cleaned.str.replace(r"(?<=\d)\s*%$", "", regex=True)
    parsed = pd.to_numeric(cleaned.where(~blank & ~marked), errors="coerce")
    junk = ~blank & ~marked & parsed.isna()
    return parsed.to_numpy(dtype="float64"), junk.to_numpy(dtype=bool)


@given(columns, st.booleans(), st.booleans())
def test_numbers_follow_the_rule_on_every_row(values, percent, as_text):
    series = pd.Series(values, dtype="str" if as_text else object)
    numbers, junk = _number_values(series, percent=percent)
    expected, expected_junk = _rule(series, percent=percent)
    np.testing.assert_array_equal(numbers, expected)
    np.testing.assert_array_equal(junk, expected_junk)


@given(columns, st.booleans())
def test_text_is_trimmed_and_blank_is_missing_on_every_row(values, as_text):
    series = pd.Series(values, dtype="str" if as_text else object, name="x")
    got = _text(series)
    stripped = series.astype("str").str.strip()
    expected = stripped.where(stripped != "")
    pd.testing.assert_series_equal(got, expected)
    sorted_categories = sorted(set(expected.dropna()))
    assert _text(series, categorical=True).cat.categories.tolist() == sorted_categories
