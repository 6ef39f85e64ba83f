"""The recent trend and the slope of every series, from a window of its latest periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe.assessment._fill import _fill_kinds, _from_counts, _kind_codes, _text_column
from outcomeframe.assessment._layout import _Layout, _take, _window
from outcomeframe.model._elements import MeasureType
from outcomeframe.stats._trend import TREND_LABELS, recent_trend

#: The columns the recent trend and the slope read, per series and period.
_TREND_INPUTS = ("count", "denominator", "value", "lower_95", "upper_95")


def _recent_points(m: Mapping[str, npt.NDArray[np.float64]], points: int) -> npt.NDArray[np.bool_]:
    """The last ``points`` periods of each series that have a value or a count."""
    present = ~np.isnan(m["value"]) | ~np.isnan(m["count"])
    return present & (np.cumsum(present[:, ::-1], axis=1)[:, ::-1] <= points)


def _by_counts(
    m: Mapping[str, npt.NDArray[np.float64]],
    proportion_series: npt.NDArray[np.bool_],
    recent: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Proportion series whose recent points all have counts: tested on the counts."""
    with_counts = ~np.isnan(m["count"]) & ~np.isnan(m["denominator"])
    return np.asarray(
        proportion_series & (with_counts | ~recent).all(axis=1) & recent.any(axis=1), dtype=bool
    )


def _trends(
    m: dict[str, npt.NDArray[np.float64]],
    by_counts: npt.NDArray[np.bool_],
    recent: npt.NDArray[np.bool_],
    polarity: npt.NDArray[Any],
    points: int = 5,
) -> tuple[dict[str, npt.NDArray[Any]], npt.NDArray[np.intp]]:
    """Recent trend of every series from right-aligned series x period matrices.

    ``by_counts`` marks the series tested on counts (see :func:`_by_counts`); the
    others are tested on values and 95% limits. ``recent`` is
    :func:`_recent_points` (filling values from counts does not change it). Returns the trend columns (as
    arrays) and each series' number of points the trend could use, so a caller
    can tell which series need older periods.
    """
    count, denominator, value = m["count"], m["denominator"], m["value"]
    lower, upper = m["lower_95"], m["upper_95"]
    with_counts = ~np.isnan(count) & ~np.isnan(denominator)
    with_limits = ~np.isnan(value) & ~np.isnan(lower) & ~np.isnan(upper)
    usable = np.where(by_counts, with_counts.sum(axis=1), with_limits.sum(axis=1))
    n = len(polarity)
    trend = np.full(n, TREND_LABELS.index("Cannot be calculated"), dtype=np.int8)
    numbers = {col: np.full(n, np.nan) for col in ("chi2", "gradient")}
    flags = {col: np.zeros(n, dtype=bool) for col in ("significant", "outlier")}
    n_points = np.zeros(n, dtype=np.int64)
    reason = np.full(n, None, dtype=object)
    for mask, kwargs in (
        (by_counts, {"counts": count, "denominators": denominator}),
        (~by_counts, {"values": value, "lower": lower, "upper": upper}),
    ):
        if not mask.any():
            continue
        picked: dict[str, Any] = {k: v[mask] for k, v in kwargs.items()}
        if count.shape[1] > points:
            picked = _last_columns(picked, points)
        result = cast("pd.DataFrame", recent_trend(polarity=polarity[mask], **picked))
        trend[mask] = pd.Categorical(result["trend"], categories=TREND_LABELS).codes
        for col, array in (*numbers.items(), *flags.items()):
            array[mask] = result[col].to_numpy()
        n_points[mask] = result["n_points"].to_numpy()
        reason[mask] = result["reason"].to_numpy(dtype=object)
    # values published without limits (and without counts): say so, not "no value"
    no_limits = ~by_counts & recent.any(axis=1) & ~(with_limits & recent).any(axis=1)
    cannot = trend == TREND_LABELS.index("Cannot be calculated")
    reason[no_limits & cannot] = (
        "the recent trend needs counts and denominators or 95% limits; the data give values only"
    )
    columns = {
        "trend": trend,
        "trend_chi2": numbers["chi2"],
        "trend_gradient": numbers["gradient"],
        "trend_points": n_points,
        "trend_significant": flags["significant"],
        "trend_outlier": flags["outlier"],
        "trend_reason": reason,
    }
    return columns, usable.astype(np.intp)


def _last_columns(
    matrices: dict[str, npt.NDArray[np.float64]], points: int
) -> dict[str, npt.NDArray[np.float64]]:
    """Drop the leading columns no series needs: its ``points`` latest valid points fit after.

    A point is valid when every matrix has a value there (what :func:`recent_trend`
    uses); series with fewer valid points keep all of them.
    """
    n_series, width = next(iter(matrices.values())).shape
    valid = np.ones((n_series, width), dtype=bool)
    for m in matrices.values():
        valid &= ~np.isnan(m)
    rank = np.cumsum(valid[:, ::-1], axis=1)[:, ::-1]  # valid points from here to the end
    needed = valid & (rank <= points)
    if not needed.any():
        return matrices
    first = np.where(needed.any(axis=1), np.argmax(needed, axis=1), width - 1)
    start = int(first.min())
    return {k: m[:, start:] for k, m in matrices.items()}


def _slopes(
    y: npt.NDArray[np.float64], x: npt.NDArray[np.float64], points: int = 5
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    """Least-squares slope of value on time (value units per year) over the last points.

    ``y`` holds the values and ``x`` the period starts in years (series x periods).
    Also returns the number of values per series.
    """
    y, x = np.ascontiguousarray(y.T), np.ascontiguousarray(x.T)  # periods first: vector sums
    ok = ~np.isnan(y)
    n_values = ok.sum(axis=0)
    ok &= np.cumsum(ok[::-1], axis=0)[::-1] <= points
    n = ok.sum(axis=0).astype(float)
    x0 = np.where(ok, x, 0.0)
    y0 = np.where(ok, y, 0.0)
    sx, sy = x0.sum(axis=0), y0.sum(axis=0)
    sxx, sxy = (x0 * x0).sum(axis=0), (x0 * y0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = n * sxx - sx * sx
        slope = (n * sxy - sx * sy) / denom
    slope[(n < 2) | ~(np.abs(denom) > 1e-12)] = np.nan
    return np.asarray(slope, dtype=np.float64), n_values.astype(np.intp)


def _recent(
    columns: Mapping[str, npt.NDArray[np.float64] | None],
    layout: _Layout,
    series: npt.NDArray[np.intp],
    width: int,
    per_series: Mapping[str, npt.NDArray[Any]],
    kinds: Sequence[tuple[str, float]],
    points: int = 5,
) -> tuple[dict[str, npt.NDArray[Any]], npt.NDArray[np.bool_]]:
    """Trend and slope of some series from their last ``width`` periods.

    ``columns`` are the data columns of :data:`_TREND_INPUTS` (``None`` when
    entirely missing); ``per_series`` holds each series' fill ``kind``, whether it
    is a ``proportion`` and its ``polarity``. Values and 95% limits are computed
    from counts cell by cell, with the same formulas as the table. Also returns
    which series had fewer than ``points`` usable periods in the window.
    """
    rows, cols = _window(layout, series, width)
    m = {
        name: np.full(rows.shape, np.nan) if values is None else _take(values, rows)
        for name, values in columns.items()
    }
    kind = per_series["kind"][series]
    recent = _recent_points(m, points)
    by_counts = _by_counts(m, per_series["proportion"][series], recent)
    # values everywhere (the slope); 95% limits where the trend is tested on them
    flat = {name: matrix.reshape(-1) for name, matrix in m.items()}  # views: filled in place
    _from_counts(
        {"value": flat["value"]},
        flat["count"],
        flat["denominator"],
        np.repeat(kind, width),
        kinds,
        levels=(),
    )
    others = np.flatnonzero(~by_counts)
    if others.size:
        sub = {name: matrix[others] for name, matrix in m.items()}
        _from_counts(
            {name: sub[name].reshape(-1) for name in ("value", "lower_95", "upper_95")},
            sub["count"].reshape(-1),
            sub["denominator"].reshape(-1),
            np.repeat(kind[others], width),
            kinds,
            levels=(0.95,),
        )
        for name in ("lower_95", "upper_95"):
            m[name][others] = sub[name]
    result, usable = _trends(m, by_counts, recent, per_series["polarity"][series], points)
    years = np.where(cols >= 0, layout.starts[np.maximum(cols, 0)], np.nan)
    result["slope_per_year"], n_values = _slopes(m["value"], years, points)
    return result, (usable < points) | (n_values < points)


def _series_trends(
    history: pd.DataFrame,
    layout: _Layout,
    latest: pd.DataFrame,
    meta: pd.DataFrame,
    points: int = 5,
) -> pd.DataFrame:
    """The trend columns and the slope of every series (one row per ``layout`` series).

    Reads the last ``points`` periods of every series; the few series with gaps
    there are read again over all their periods.
    """
    columns: dict[str, npt.NDArray[np.float64] | None] = {}
    for name in _TREND_INPUTS:
        values = history[name].to_numpy(dtype=float)
        columns[name] = None if np.isnan(values).all() else values
    kinds = _fill_kinds(meta)
    per_series = {
        "kind": _kind_codes(latest["indicator"], meta, kinds),
        "proportion": (latest["measure"] == MeasureType.PROPORTION.value).to_numpy(),
        "polarity": latest["polarity"].array,
    }
    width = min(layout.width, points)
    result, short = _recent(
        columns, layout, np.arange(layout.n_series), width, per_series, kinds, points
    )
    older = layout.first < layout.last - (width - 1)
    again = np.flatnonzero(short & older)
    if again.size:
        redone, _ = _recent(columns, layout, again, layout.width, per_series, kinds, points)
        for name, values in redone.items():
            result[name][again] = values
    trend, reason = result.pop("trend"), result.pop("trend_reason")
    out = pd.DataFrame(result, index=latest.index)  # numbers and flags only: no inference
    labels = pd.Categorical.from_codes(trend, categories=pd.Index(TREND_LABELS))
    out.insert(0, "trend", pd.Series(labels, index=out.index))
    out["trend_reason"] = _text_column(reason, out.index)
    return out
