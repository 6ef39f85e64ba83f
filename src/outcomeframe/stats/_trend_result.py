"""What :func:`~outcomeframe.stats.recent_trend` returns for one series (private).

The function always returns a DataFrame. For one 1-D series that is a
:class:`TrendFrame` (a one-row DataFrame that still answers the fields of the
former return type, with a FutureWarning); :class:`TrendResult` is the value
type of one row, built with :meth:`TrendResult.from_frame`.
"""

from __future__ import annotations

import warnings
from typing import Any

import attrs
import pandas as pd

__all__ = ["TrendFrame", "TrendResult"]


@attrs.frozen
class TrendResult:
    """The recent trend of one series (deprecated: :func:`recent_trend` returns a DataFrame).

    Kept for code written against the earlier return type. A one-series caller
    takes the row ``recent_trend(...).iloc[0]``, whose fields read the same way
    (``row.trend``, ``row.chi2``, ``row.significant`` ...); :meth:`from_frame`
    builds a TrendResult from a result's first row.

    Attributes
    ----------
    trend : str
        One of :data:`TREND_LABELS`.
    chi2 : float
        The chi-squared statistic for trend (NaN when it cannot be calculated).
    gradient : float
        The slope whose sign gives the direction: the weighted regression
        slope in the value's unit per point or, with counts and denominators
        only, the least-squares slope of logit(count / denominator) on t. NaN
        when it cannot be calculated or is undefined (a count of 0).
    significant : bool
        ``chi2 > CHI2_THRESHOLD``, no outlier and a defined, non-zero slope.
    outlier : bool
        The six slopes (all five points, and each leave-one-out fit) do not
        all have the same sign.
    n_points : int
        Valid points available (at most 5).
    reason : str or None
        Why the trend cannot be calculated (the ``detail`` text), else None.

    Examples
    --------
    >>> from outcomeframe.stats import TrendResult, recent_trend
    >>> out = recent_trend(counts=[10, 20, 30, 40, 50], denominators=[100] * 5,
    ...                    polarity="High is good")
    >>> r = TrendResult.from_frame(out)
    >>> r.trend, r.significant
    ('Increasing and getting better', True)
    """

    trend: str
    chi2: float
    gradient: float
    significant: bool
    outlier: bool
    n_points: int
    reason: str | None

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, row: int = 0) -> TrendResult:
        """The trend of row ``row`` (by position) of a :func:`recent_trend` result."""
        found = frame.iloc[row]
        detail = found["detail"]
        return cls(
            trend=str(found["trend"]),
            chi2=float(found["chi2"]),
            gradient=float(found["gradient"]),
            significant=bool(found["significant"]),
            outlier=bool(found["outlier"]),
            n_points=int(found["n_points"]),
            reason=None if pd.isna(detail) else str(detail),
        )


_FIELDS = frozenset(a.name for a in attrs.fields(TrendResult))


class TrendFrame(pd.DataFrame):
    """The result of :func:`recent_trend` for one 1-D series: a one-row DataFrame.

    Reading a :class:`TrendResult` field as an attribute (``out.trend``,
    ``out.chi2`` ...) still gives that field's single value, as when the
    function returned a TrendResult, with a FutureWarning: take the row
    ``out.iloc[0]`` instead. Everything else is a plain DataFrame (derived
    frames are plain DataFrames).
    """

    def __getattr__(self, name: str) -> Any:  # type: ignore[misc]  # the deprecation path
        if name in _FIELDS and len(self) == 1:
            warnings.warn(
                f"recent_trend returns a DataFrame; reading .{name} of a one-series result "
                f"as a single value is deprecated: use .iloc[0].{name}",
                FutureWarning,
                stacklevel=2,
            )
            return getattr(TrendResult.from_frame(self), name)
        return super().__getattr__(name)

    @property
    def _constructor(self) -> type[pd.DataFrame]:  # derived frames are plain
        return pd.DataFrame
