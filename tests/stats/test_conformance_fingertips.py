"""Recompute published Fingertips figures from their Count and Denominator.

Every row of the four files that has a count and a denominator is recomputed and
compared with the published Value, LowerCI and UpperCI at the precision they are
printed with. The files are real OHID exports (see tests/data/README.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from outcomeframe.stats import proportion, rate

DATA = Path(__file__).resolve().parent.parent / "data" / "fingertips"

# file id -> (function, multiplier, expected method,
#            rows with Count and Denominator, of which rows with published limits)
CASES = {
    "20401": (rate, 1000, "Byars", 160, 160),
    "92266": (rate, 1000, "Byars", 175, 175),
    "93085": (proportion, 100, "Wilson", 240, 240),
    # 2018 rows of 30302 publish a value (to 1 dp) but no limits.
    "30302": (proportion, 100, "Wilson", 71, 63),
}


def _decimals(text: pd.Series) -> pd.Series:
    return text.str.split(".").str[1].str.len().fillna(0).astype(int)


def _printed_precision(rows: pd.DataFrame, column: str) -> pd.Series:
    """Decimals each cell is printed to.

    The exports drop trailing zeros ("8.1" for 8.10, "12" for 12.00), so a cell's
    precision is the most decimals printed in that column for the same year (each
    year of an indicator is published at one precision).
    """
    decimals = _decimals(rows[column])
    return decimals.groupby(rows["Year"]).transform("max")


def _load(file_id: str) -> pd.DataFrame:
    raw = pd.read_csv(DATA / f"indicator_{file_id}.csv", dtype=str, keep_default_na=False)
    return raw[(raw["Count"] != "") & (raw["Denominator"] != "")].reset_index(drop=True)


@pytest.mark.parametrize("file_id", sorted(CASES))
def test_published_value_and_95_limits_reproduce(file_id: str) -> None:
    func, scale, method, expected_rows, rows_with_limits = CASES[file_id]
    rows = _load(file_id)
    assert len(rows) == expected_rows
    result = func(
        rows["Count"].astype(float),
        rows["Denominator"].astype(float),
        multiplier=scale,
        confidence=(0.95, 0.998),
    )
    assert len(result) == len(rows)
    assert (result["method"] == method).all()
    assert result["reason"].isna().all()
    compared = 0
    for ours, published in (("value", "Value"), ("lower_95", "LowerCI"), ("upper_95", "UpperCI")):
        present = rows[published] != ""
        pub = rows.loc[present, published].astype(float).to_numpy()
        got = result.loc[present, ours].to_numpy()
        precision = _printed_precision(rows, published)[present].to_numpy()
        # Half a unit in the last printed place. Cells printed in full carry only
        # 15 significant digits (truncated, not rounded), so allow 1e-12 relative too:
        # still a thousand times tighter than METHODS.md's 1e-9.
        tolerance = 0.5 * 10.0 ** (-precision) + 1e-12 * np.abs(pub)
        bad = np.abs(got - pub) > tolerance
        assert not bad.any(), (
            f"{file_id} {published}: {int(bad.sum())} rows differ, e.g. "
            f"published {pub[bad][:3]} ours {got[bad][:3]}"
        )
        compared += int(present.sum())
    assert compared == expected_rows + 2 * rows_with_limits


def test_some_93085_years_are_published_to_two_decimals() -> None:
    # Guards the precision rule above: if it silently fell back to 0 dp, this fails.
    rows = _load("93085")
    precision = _printed_precision(rows, "LowerCI")
    years = rows.loc[precision == 2, "Year"].unique()
    assert set(years) >= {"2020", "2021", "2022"}
    assert _printed_precision(rows, "Value")[rows["Year"] == "2020"].eq(1).all()


def test_30302_suppressed_rows_stay_suppressed() -> None:
    raw = pd.read_csv(DATA / "indicator_30302.csv", dtype=str, keep_default_na=False)
    missing = raw[(raw["Count"] == "") | (raw["Denominator"] == "")]
    assert len(missing) == 82
    result = proportion(
        pd.to_numeric(missing["Count"], errors="coerce"),
        pd.to_numeric(missing["Denominator"], errors="coerce"),
    )
    assert len(result) == len(missing)
    assert result["value"].isna().all()
    assert result["reason"].notna().all()
    reasons = set(result["reason"].astype(str))
    assert reasons == {
        "count is missing or not a finite number",
        "denominator is missing or not a finite number",
    }


def test_non_integer_aggregate_counts_are_used_as_given() -> None:
    rows = _load("93085")
    counts = rows["Count"].astype(float)
    full_precision = _decimals(rows["Value"]) >= 12
    fractional = (counts != np.floor(counts)) & full_precision
    assert fractional.sum() > 10
    result = proportion(counts[fractional], rows.loc[fractional, "Denominator"].astype(float))
    pub = rows.loc[fractional, "Value"].astype(float)
    np.testing.assert_allclose(result["value"], pub, rtol=1e-12)
