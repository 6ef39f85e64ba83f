"""Helpers shared by the charts: the rows and names to draw (no matplotlib: see ``_figure``)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from outcomeframe._checks import need_frame, need_text
from outcomeframe._errors import (
    ArgumentError,
    OutcomeFrameWarning,
    UnknownElementError,
    _user_level,
)
from outcomeframe._suggest import did_you_mean
from outcomeframe.assessment._assessment import Assessment
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.observations._columns import TOTAL

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__: list[str] = []


#: The columns every chart reads from a table given instead of an assessment.
_DRAWN = ["indicator", "area_code", "period", "value"]


def _frame(data: Assessment | pd.DataFrame, attribute: str) -> pd.DataFrame:
    if isinstance(data, Assessment):
        frame: pd.DataFrame = getattr(data, attribute)
        return frame
    return need_frame(data, attribute, _DRAWN, what="an Assessment or a DataFrame")


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
    if need_text(breakdown, "breakdown") == TOTAL[1]:
        return pd.Series(headline_mask(frame), index=frame.index)
    return frame["breakdown"] == breakdown


def _rows(
    frame: pd.DataFrame, indicator: str, breakdown: str, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    mask = (frame["indicator"] == indicator) & _in_breakdown(frame, breakdown)
    if codes is not None:
        mask &= frame["area_code"].isin(list(codes))
    return frame.loc[mask]


def check_indicators(
    data: Assessment | pd.DataFrame, ids: Iterable[str], frame: pd.DataFrame
) -> None:
    """Refuse an id that is no indicator of the assessment; warn of one a table has no row of.

    An indicator of the framework with no data draws as "no data", as it should; an
    id the framework does not have is a slip. A bare table has no framework to ask,
    so an id with no row in ``frame`` gets an :class:`~outcomeframe.OutcomeFrameWarning`.
    """
    if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
        raise ArgumentError(
            f"indicators: expected a list of indicator ids, got {type(ids).__name__}"
        )
    ids = [str(i) for i in ids]
    if isinstance(data, Assessment):
        known = [e.id for e in data.framework.elements("indicator")]
        for i in ids:
            if i not in known:
                raise UnknownElementError(
                    f"indicator {i!r}: no indicator of that id in framework "
                    f"{data.framework.title!r}{did_you_mean(i, known)}"
                )
        return
    present = {str(i) for i in pd.unique(frame["indicator"].to_numpy(dtype=object))}
    absent = [i for i in dict.fromkeys(ids) if i not in present]
    if absent:
        listed = ", ".join(f"{i!r}{did_you_mean(i, sorted(present))}" for i in absent)
        warnings.warn(
            f"indicator: no row for {listed} in the table, so there is nothing to draw for "
            + ("it" if len(absent) == 1 else "them"),
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
