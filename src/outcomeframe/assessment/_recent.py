"""The recent trend and the slope of every series, from a window of its latest periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import OutcomeFrameError
from outcomeframe._vocabulary import Trend
from outcomeframe.assessment._fill import (
    _categories,
    _Definitions,
    _fill_kinds,
    _from_counts,
    _kind_codes,
    _text_column,
)
from outcomeframe.assessment._layout import _Layout, _take, _window
from outcomeframe.observations._period import Period
from outcomeframe.stats._trend import TREND_LABELS, recent_trend

#: The code of "Cannot be calculated" among the trend categories.
_CANNOT = TREND_LABELS.index(Trend.CANNOT_BE_CALCULATED)
#: The columns the recent trend and the slope read, per series and period.
_TREND_INPUTS = ("count", "denominator", "value", "lower_95", "upper_95")


def _recent_points(m: Mapping[str, npt.NDArray[np.float64]], points: int) -> npt.NDArray[np.bool_]:
    """The last ``points`` periods of each series that have a value or a count."""
    present = ~np.isnan(m["value"]) | ~np.isnan(m["count"])
    return present & (np.cumsum(present[:, ::-1], axis=1)[:, ::-1] <= points)


def _trend_codes(labels: pd.Series[Any]) -> npt.NDArray[np.int8]:
    """Codes of trend labels among :data:`TREND_LABELS` (-1: another label or missing)."""
    if not isinstance(labels.dtype, pd.CategoricalDtype):  # pragma: no cover - it is one
        return np.asarray(pd.Categorical(labels, categories=TREND_LABELS).codes)
    where = _categories(TREND_LABELS).categories.get_indexer(labels.cat.categories)
    return np.asarray(np.append(where, -1)[labels.cat.codes.to_numpy()], dtype=np.int8)


def _trends(
    m: dict[str, npt.NDArray[np.float64]],
    recent: npt.NDArray[np.bool_],
    per_series: Mapping[str, npt.NDArray[Any]],
    points: int = 5,
) -> tuple[dict[str, npt.NDArray[Any]], npt.NDArray[np.intp]]:
    """Recent trend of every series from right-aligned series x period matrices.

    Fingertips' rule (see :func:`outcomeframe.stats.recent_trend`): values and
    95% limits, with counts and denominators deciding which points are valid,
    for proportions, crude rates and directly standardised rates only; pooled
    (multi-year) periods are not trended. ``recent`` is :func:`_recent_points`.
    ``per_series`` holds each series' ``polarity``, ``measure``, ``pooled``
    flag, ``full`` flag (:func:`_full_anywhere`) and ``counted`` flag: the data
    give counts for its indicator, so a point needs a count and a denominator,
    as in Fingertips; an indicator given without any count (values and limits
    only) is trended on its values and limits. Returns the trend columns (as arrays) and each series' number of
    points the trend could use, so a caller can tell which series need older
    periods.
    """
    count, denominator, value = m["count"], m["denominator"], m["value"]
    lower, upper = m["lower_95"], m["upper_95"]
    with_counts = ~np.isnan(count) & ~np.isnan(denominator)
    with_limits = ~np.isnan(value) & ~np.isnan(lower) & ~np.isnan(upper)
    counted = per_series["counted"]
    usable = np.where(counted[:, None], with_counts & with_limits, with_limits).sum(axis=1)
    n = len(counted)
    trend = np.full(n, _CANNOT, dtype=np.int8)
    numbers = {col: np.full(n, np.nan) for col in ("chi2", "gradient")}
    flags = {col: np.zeros(n, dtype=bool) for col in ("significant", "outlier")}
    n_points = np.zeros(n, dtype=np.int64)
    reason = np.full(n, None, dtype=object)
    names = ("values", "lower", "upper", "counts", "denominators")
    for mask, used in ((counted, names), (~counted, names[:3])):
        if not mask.any():
            continue
        picked = dict(zip(names, (value, lower, upper, count, denominator), strict=True))
        picked = {k: v[mask] for k, v in picked.items() if k in used}
        if count.shape[1] > points:
            picked = _last_columns(picked, points)
        result = recent_trend(
            polarity=per_series["polarity"][mask],
            measure=per_series["measure"][mask],
            **picked,  # type: ignore[arg-type]
        )
        trend[mask] = _trend_codes(result["trend"])
        for col, array in (*numbers.items(), *flags.items()):
            array[mask] = result[col].to_numpy()
        n_points[mask] = result["n_points"].to_numpy()
        said = result["reason"].to_numpy(dtype=object)
        if "detail" in result.columns:  # the reason in full ("only 3 valid points; 5 needed")
            detail = result["detail"].to_numpy(dtype=object)
            said = np.where(pd.notna(detail), detail, said)
        said = said.copy()
        said[pd.isna(said)] = None
        reason[mask] = said
    cannot = trend == _CANNOT
    gated = (
        cannot
        & ~pd.isna(reason)
        & pd.Series(reason, dtype=object).str.startswith("value type", na=False).to_numpy()
    )
    # values published without limits (and without counts): say so, not "no value"
    no_limits = recent.any(axis=1) & ~(with_limits & recent).any(axis=1)
    no_limits &= ~(with_counts & recent).any(axis=1)
    reason[no_limits & cannot & ~gated] = (
        "the recent trend needs counts and denominators or 95% limits; the data give values only"
    )
    # values and limits without counts (survey estimates): Fingertips does not trend them
    no_counts = counted & recent.any(axis=1) & ~(with_counts & recent).any(axis=1) & ~no_limits
    reason[no_counts & cannot & ~gated] = (
        "Fingertips calculates a recent trend only from points with a count and a denominator; "
        "the data give values and 95% limits only"
    )
    full = per_series["full"] & ~gated & ~per_series["pooled"]
    if full.any():
        trend[full] = _CANNOT
        reason[full] = "a point of the series has a count equal to its denominator (100%)"
    pooled = per_series["pooled"] & ~gated
    if pooled.any():
        trend[pooled] = _CANNOT
        reason[pooled] = (
            "pooled periods of several years: Fingertips calculates a recent trend only for "
            "periods of one year or less"
        )
    keep = ~pooled & ~full
    columns = {
        "trend": trend,
        "trend_chi2": np.where(keep, numbers["chi2"], np.nan),
        "trend_gradient": np.where(keep, numbers["gradient"], np.nan),
        "trend_points": n_points,
        "trend_significant": flags["significant"] & keep,
        "trend_outlier": flags["outlier"] & keep,
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
    with np.errstate(all="ignore"):  # values near the float limits overflow: no slope
        sx, sy = x0.sum(axis=0), y0.sum(axis=0)
        sxx, sxy = (x0 * x0).sum(axis=0), (x0 * y0).sum(axis=0)
        denom = n * sxx - sx * sx
        slope = (n * sxy - sx * sy) / denom
    slope[(n < 2) | ~(np.abs(denom) > 1e-12) | ~np.isfinite(slope)] = np.nan
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
    entirely missing); ``per_series`` holds each series' fill ``kind`` and what
    :func:`_trends` reads. Values and 95% limits are computed
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
    # values and 95% limits from counts where the data have none
    flat = {name: matrix.reshape(-1) for name, matrix in m.items()}  # views: filled in place
    _from_counts(
        {name: flat[name] for name in ("value", "lower_95", "upper_95")},
        flat["count"],
        flat["denominator"],
        np.repeat(kind, width),
        kinds,
        levels=(0.95,),
    )
    impossible = _impossible_cells(m, recent, rows)
    mine = {name: values[series] for name, values in per_series.items() if name != "kind"}
    result, usable = _trends(m, recent, mine, points)
    result["impossible_row"] = impossible
    years = np.where(cols >= 0, layout.starts[np.maximum(cols, 0)], np.nan)
    result["slope_per_year"], n_values = _slopes(m["value"], years, points)
    return result, (usable < points) | (n_values < points)


def _impossible_cells(
    m: dict[str, npt.NDArray[np.float64]],
    recent: npt.NDArray[np.bool_],
    rows: npt.NDArray[np.intp],
) -> npt.NDArray[np.intp]:
    """Blank cells the trend cannot use (limits that cross, a negative count); name the latest.

    Checked input never holds them; a table built by hand may. Each such cell is
    made missing in every matrix, in place, so one cell cannot stop the other
    series, and the data row of each series' latest such cell among its recent
    points is returned (-1: none) for its reason.
    """
    bad = np.zeros(rows.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        bad |= m["lower_95"] > m["upper_95"]
        bad |= (m["count"] < 0) | (m["denominator"] < 0)
    if not bad.any():
        return np.full(rows.shape[0], -1, dtype=np.intp)
    for matrix in m.values():
        matrix[bad] = np.nan
    bad &= recent
    width = rows.shape[1]
    last = (width - 1) - np.argmax(bad[:, ::-1], axis=1)
    found = bad.any(axis=1)
    return np.where(found, rows[np.arange(len(rows)), last], -1).astype(np.intp)


def _series_trends(
    history: pd.DataFrame,
    layout: _Layout,
    latest: Any,
    meta: pd.DataFrame,
    points: int = 5,
    *,
    defs: _Definitions | None = None,
) -> dict[str, Any]:
    """The trend columns and the slope of every series (one row per ``layout`` series).

    Reads the last ``points`` periods of every series; the few series with gaps
    there are read again over all their periods.
    """
    columns: dict[str, npt.NDArray[np.float64] | None] = {}
    for name in _TREND_INPUTS:
        values = history[name].to_numpy(dtype=float)
        columns[name] = None if np.isnan(values).all() else values
    kinds = defs.kinds if defs is not None else _fill_kinds(meta)
    per_series = {
        "kind": _kind_codes(latest["indicator"], meta, kinds, defs),
        "polarity": latest["polarity"].array,
        "measure": np.asarray(latest["measure"].astype(object), dtype=object),
        "pooled": _pooled(latest["period"]),
        "full": _full_anywhere(columns, layout),
        "counted": _counted(history, latest),
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
    impossible = result.pop("impossible_row")
    _name_periods(result, impossible, history["period"], latest["period"])
    trend, reason = result.pop("trend"), result.pop("trend_reason")
    labels = pd.Categorical.from_codes(trend, categories=pd.Index(TREND_LABELS))
    out: dict[str, Any] = {"trend": labels, **result}  # numbers and flags only: no inference
    out["trend_reason"] = _text_column(reason, latest.index)
    if "published_trend" in latest.columns:
        out["trend_differs"] = _differs(latest["published_trend"], pd.Series(labels))
    return out


def _name_periods(
    result: dict[str, npt.NDArray[Any]],
    impossible: npt.NDArray[np.intp],
    periods: pd.Series[Any],
    latest: pd.Series[Any],
) -> None:
    """Reasons that name a period by its label, not by its position in the window."""
    reason = result["trend_reason"]
    text = pd.Series(reason, dtype=object)
    at_latest = text.str.contains(_LATEST_POSITION, regex=True, na=False).to_numpy()
    if at_latest.any():
        label = latest.astype("str").to_numpy(dtype=object)[at_latest]
        head = text[at_latest].str.replace(_LATEST_POSITION, "", regex=True)
        reason[at_latest] = (head + " (" + label + ")").to_numpy(dtype=object)
    hit = impossible >= 0
    if hit.any():
        cannot = _CANNOT
        result["trend"][hit] = cannot
        for col in ("trend_chi2", "trend_gradient"):
            result[col][hit] = np.nan
        for col in ("trend_significant", "trend_outlier"):
            result[col][hit] = False
        label = periods.astype("str").to_numpy(dtype=object)[impossible[hit]]
        reason[hit] = (
            "period " + label + ": its 95% limits cross or a count is negative, so the "
            "recent trend cannot use it"
        )


#: "(point 6 of 6)": a position in the window, as :func:`recent_trend` names it.
_LATEST_POSITION = r" \(point \d+ of \d+\)$"


def _differs(published: pd.Series[Any], computed: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """True where a published and a computed label both exist and differ.

    Compared after folding case and runs of white space; an empty published
    label counts as absent. Works on the distinct labels, not on every row.
    """

    def norm(labels: pd.Series[Any]) -> npt.NDArray[np.object_]:
        cat = labels.astype("category")
        words = [" ".join(str(w).split()).casefold() for w in cat.cat.categories]
        table = np.array([*(w or None for w in words), None], dtype=object)
        return np.asarray(table[cat.cat.codes.to_numpy()], dtype=object)

    a, b = norm(published), norm(computed)
    both = pd.notna(a) & pd.notna(b)
    return np.asarray(both & (a != b), dtype=bool)


def _counted(history: pd.DataFrame, latest: Any) -> npt.NDArray[np.bool_]:
    """Series whose indicator has a count somewhere in the data (one bincount)."""
    codes = history["indicator"].cat.codes.to_numpy()
    has = ~np.isnan(history["count"].to_numpy(dtype=float)) & (codes >= 0)
    size = len(history["indicator"].cat.categories)
    with_count = np.bincount(codes[has], minlength=size) > 0
    mine = latest["indicator"].astype(history["indicator"].dtype).cat.codes.to_numpy()
    return np.asarray(np.append(with_count, False)[mine], dtype=bool)


def _pooled(period: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """Whether each series' latest period pools several years ("2017 - 19")."""
    cat = period
    if not (
        isinstance(period.dtype, pd.CategoricalDtype)
        and period.cat.categories.dtype == pd.StringDtype(na_value=np.nan)
    ):
        cat = period.astype("str").astype("category")
    years = []
    for label in cat.cat.categories:
        try:
            years.append(Period.parse(str(label)).years > 1.01)
        except OutcomeFrameError:
            years.append(False)
    table = np.array([*years, False], dtype=bool)
    return np.asarray(table[cat.cat.codes.to_numpy()], dtype=bool)


def _full_anywhere(
    columns: Mapping[str, npt.NDArray[np.float64] | None], layout: _Layout
) -> npt.NDArray[np.bool_]:
    """Series with a valid point whose count equals its denominator, in any period.

    Fingertips' calculator refuses such a series ("Cannot be calculated"), looking
    at every point it is given, not only the five it uses.
    """
    count, denominator, value = columns["count"], columns["denominator"], columns["value"]
    if count is None or denominator is None:
        return np.zeros(layout.n_series, dtype=bool)
    full = (count == denominator) & (denominator > 0)
    if value is not None:
        full &= ~np.isnan(value)
    if not full.any():
        return np.zeros(layout.n_series, dtype=bool)
    rows = layout.grid
    return np.asarray((full[np.maximum(rows, 0)] & (rows >= 0)).any(axis=1), dtype=bool)
