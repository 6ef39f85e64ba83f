"""Helpers shared by the charts: the rows and names to draw (no matplotlib: see ``_figure``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._assessment import Assessment
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.observations._columns import TOTAL

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__: list[str] = []


def _frame(data: Assessment | pd.DataFrame, attribute: str) -> pd.DataFrame:
    if isinstance(data, Assessment):
        frame: pd.DataFrame = getattr(data, attribute)
        return frame
    if isinstance(data, pd.DataFrame):
        return data
    raise ArgumentError(f"expected an Assessment or a DataFrame, got {type(data).__name__}")


def _titles(data: Assessment | pd.DataFrame) -> dict[str, str]:
    if isinstance(data, Assessment):
        return {n: str(d["title"]) for n, d in data.framework.graph.nodes(data=True)}
    if "title" in data.columns:
        pairs = data[["indicator", "title"]].astype("str").drop_duplicates("indicator")
        return dict(zip(pairs["indicator"], pairs["title"], strict=True))
    return {}


def area_names(frame: pd.DataFrame) -> dict[str, str]:
    """Area code -> name (the code where the data give no name)."""
    if "area_name" not in frame.columns:
        return {}
    pairs = frame[["area_code", "area_name"]].drop_duplicates()  # distinct pairs first: fast
    pairs = pairs.dropna().astype("str").drop_duplicates("area_code")
    return dict(zip(pairs["area_code"], pairs["area_name"], strict=True))


def _in_breakdown(frame: pd.DataFrame, breakdown: str) -> pd.Series[Any]:
    """Rows of one breakdown; "Total" means each indicator's headline rows (whole population)."""
    if breakdown == TOTAL[1]:
        return pd.Series(headline_mask(frame), index=frame.index)
    return frame["breakdown"] == breakdown


def _rows(
    frame: pd.DataFrame, indicator: str, breakdown: str, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    mask = (frame["indicator"] == indicator) & _in_breakdown(frame, breakdown)
    if codes is not None:
        mask &= frame["area_code"].isin(list(codes))
    return frame.loc[mask]
