"""Small charts written directly as SVG (no matplotlib): trend sparklines and breakdown bars.

A page of hundreds of them stays fast; every text is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd
from markupsafe import escape

from outcomeframe._checks import need_number
from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._arguments import one_area, warn_absent_areas
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.report._common import _frame, _in_breakdown, check_indicators
from outcomeframe.report._formats import format_value

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["breakdown_bar_svg", "sparkline_map", "sparkline_svg"]

_DAY_NS = 86_400 * 10**9
_PAD = 4.0
_BLUE = "#0072B2"


def _head(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img"'
    )


def _empty(width: int, height: int) -> str:
    label = "no trend data"
    return f'{_head(width, height)} aria-label="{label}"><title>{label}</title></svg>'


def _days(column: pd.Series[Any]) -> np.ndarray[Any, Any]:
    return column.to_numpy().astype("datetime64[ns]").astype(np.int64)


def _reduce(
    ufunc: np.ufunc,
    values: np.ndarray[Any, Any],
    groups: np.ndarray[Any, Any],
    n: int,
    start: float,
) -> np.ndarray[Any, Any]:
    """Per group: ``ufunc`` (``np.minimum`` / ``np.maximum``) of its values, NaN ignored."""
    out = np.full(n, start)
    keep = ~np.isnan(values)
    ufunc.at(out, groups[keep], values[keep])
    return out


@attrs.frozen
class _Geometry:
    """Every point of every sparkline of a page, in drawing order, scaled in one pass."""

    group: np.ndarray[Any, Any]  # each row's indicator, as its position in ``names``
    names: pd.Index[Any]
    own: np.ndarray[Any, Any]  # the area's rows
    ok: np.ndarray[Any, Any]  # the area's rows with a value
    band: np.ndarray[Any, Any]  # the area's rows with both limits
    bench: np.ndarray[Any, Any]  # the benchmark's rows drawn (inside the area's years)
    x: list[str]
    y: list[str]
    y_lo: list[str]
    y_hi: list[str]
    words: list[str]


def _geometry(
    rows: pd.DataFrame, code: str, benchmark: str | None, width: int, height: int
) -> _Geometry:
    """Scale every indicator's points to its own box: one sort and a few reductions a page."""
    group, names = pd.factorize(rows["indicator"].astype("str"), sort=False)
    order = np.lexsort((_days(rows["period_start"]), group))
    rows, group = rows.iloc[order], group[order]
    n = len(names)
    area = rows["area_code"].astype("str").to_numpy()
    own = area == code
    x = (_days(rows["period_start"]) + _days(rows["period_end"])) / 2 / _DAY_NS
    v = rows["value"].to_numpy(dtype=float)
    lo, hi = rows["lower_95"].to_numpy(dtype=float), rows["upper_95"].to_numpy(dtype=float)
    x_own = np.where(own, x, np.nan)
    xmin = _reduce(np.minimum, x_own, group, n, np.inf)
    xmax = _reduce(np.maximum, x_own, group, n, -np.inf)
    bench = np.zeros(len(rows), dtype=bool)
    if benchmark is not None:
        bench = (area == benchmark) & (x >= xmin[group]) & (x <= xmax[group]) & ~np.isnan(v)
    ys = np.concatenate(
        [np.where(own, t, np.nan) for t in (v, lo, hi)] + [np.where(bench, v, np.nan)]
    )
    groups = np.tile(group, 4)
    ymin = _reduce(np.minimum, ys, groups, n, np.inf)
    ymax = _reduce(np.maximum, ys, groups, n, -np.inf)
    flat = ymax - ymin < 1e-9
    ymin, ymax = np.where(flat, ymin - 1.0, ymin), np.where(flat, ymax + 1.0, ymax)
    span_x, y0, span_y = (xmax - xmin)[group], ymin[group], (ymax - ymin)[group]
    with np.errstate(invalid="ignore", divide="ignore"):  # rows of indicators not drawn
        sx = np.where(
            span_x < 1e-9, width / 2, _PAD + (x - xmin[group]) / span_x * (width - 2 * _PAD)
        )
        y, y_lo, y_hi = (
            height - _PAD - (t - y0) / span_y * (height - 2 * _PAD) for t in (v, lo, hi)
        )
    first = np.full(n, -1)
    first[group[own][::-1]] = np.flatnonzero(own)[::-1]  # each indicator's first row of the area
    unit = _first_text(rows, "unit", first, group)
    measure = _first_text(rows, "measure", first, group)
    periods = rows["period"].astype("str").tolist()
    return _Geometry(
        group=group,
        names=names,
        own=own,
        ok=own & ~np.isnan(v),
        band=own & ~(np.isnan(lo) | np.isnan(hi)),
        bench=bench,
        x=[f"{t:.1f}" for t in sx],  # one text per point drawn
        y=[f"{t:.1f}" for t in y],
        y_lo=[f"{t:.1f}" for t in y_lo],
        y_hi=[f"{t:.1f}" for t in y_hi],
        words=[
            f"{p} {format_value(float(val), u, measure=m)}" if o else ""
            for p, val, u, m, o in zip(periods, v, unit, measure, own, strict=True)
        ],
    )


def _first_text(
    rows: pd.DataFrame, column: str, first: np.ndarray[Any, Any], group: np.ndarray[Any, Any]
) -> list[str | None]:
    """Each row's indicator's ``column`` as the area's first row has it (None without it)."""
    if column not in rows.columns:
        return [None] * len(rows)
    texts = rows[column].astype("str").to_numpy()
    return [str(t) for t in texts[first[group]]]


def _draw(geo: _Geometry, rows: np.ndarray[Any, Any], head: str) -> str:
    """One indicator's sparkline from the positions of its rows in ``geo``."""
    own, ok, band, bench = (rows[m[rows]] for m in (geo.own, geo.ok, geo.band, geo.bench))
    x, y = geo.x, geo.y
    parts: list[str] = []
    if len(band) >= 2:
        d = " L".join([*(f"{x[i]},{geo.y_hi[i]}" for i in band),
                       *(f"{x[i]},{geo.y_lo[i]}" for i in band[::-1])])  # fmt: skip
        parts.append(f'<path d="M{d} Z" fill="{_BLUE}" fill-opacity="0.2" stroke="none"/>')
    line = " L".join(f"{x[i]},{y[i]}" for i in ok)
    parts.append(f'<path d="M{line}" fill="none" stroke="{_BLUE}" stroke-width="1.5"/>')
    if len(bench):
        dashed = " L".join(f"{x[i]},{y[i]}" for i in bench)
        parts.append(
            f'<path d="M{dashed}" fill="none" stroke="#000" '
            'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    last = len(ok) - 1
    parts.extend(
        f'<circle cx="{x[i]}" cy="{y[i]}" r="{2.6 if k == last else 1.6}" fill="{_BLUE}"/>'
        for k, i in enumerate(ok)
    )
    words = "; ".join(geo.words[i] for i in own)
    label = escape(f"Trend: {words}" + ("; benchmark dashed" if len(bench) else ""))
    return f'{head} aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>'


def sparkline_map(
    frame: pd.DataFrame,
    *,
    area: str,
    benchmark: str | None = ENGLAND,
    indicators: Sequence[str] | None = None,
    breakdown: str = "Total",
    width: int = 120,
    height: int = 36,
) -> dict[str, str]:
    """The sparkline of :func:`sparkline_svg` for every indicator of a series table at once.

    One filter of the table, one sort and whole-array scaling for every point;
    only the text of each ``<svg>`` is written per indicator. Indicators the
    area has no value for get the "no trend data" chart (those asked for in
    ``indicators``; otherwise only the indicators found are returned).

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.report._spark import sparkline_map
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> charts = sparkline_map(a.series, area="E10000017")
    >>> charts["smoking-at-time-of-delivery"] == of.report.sparkline_svg(
    ...     a, "smoking-at-time-of-delivery")
    True
    """
    wanted = [area, benchmark] if benchmark else [area]
    mask = _in_breakdown(frame, breakdown).to_numpy() & frame["area_code"].isin(wanted).to_numpy()
    if indicators is not None:
        mask &= frame["indicator"].isin(list(indicators)).to_numpy()
    rows = frame.loc[mask]
    out = {str(i): _empty(width, height) for i in indicators or []}
    if rows.empty:
        return out
    geo = _geometry(rows, area, benchmark, width, height)
    head = _head(width, height)
    starts = np.flatnonzero(np.diff(geo.group, prepend=-1))
    for a, b in zip(starts, [*starts[1:], len(geo.group)], strict=True):  # one per indicator
        here = np.arange(a, b)
        drawn = geo.ok[here].any()
        out[str(geo.names[geo.group[a]])] = (
            _draw(geo, here, head) if drawn else _empty(width, height)
        )
    return out


def sparkline_svg(
    series: Assessment | pd.DataFrame,
    indicator: str,
    *,
    area: str | None = None,
    benchmark: str | None = ENGLAND,
    breakdown: str = "Total",
    width: int = 120,
    height: int = 36,
) -> str:
    """Return a small inline SVG trend: the area's values, their 95% band, the benchmark dashed.

    Written directly as SVG paths (no matplotlib), so a page of hundreds stays
    fast; the dashboard draws its trend column with it. The ``<title>`` and
    ``aria-label`` list the values in words (escaped).

    Parameters
    ----------
    series : Assessment or DataFrame
        An assessment (its ``series``) or a series table (see :func:`trend_chart`).
    indicator : str
        The indicator id.
    area : str, optional
        The area code; default the assessment's own area.
    benchmark : str or None
        The benchmark's code, drawn dashed; None for none.
    breakdown : str
        Breakdown to draw (default ``"Total"``).
    width, height : int
        Size in CSS pixels.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> svg = report.sparkline_svg(a, "smoking-at-time-of-delivery")
    >>> svg.count("<path"), svg.count("<circle")  # band, values, England; one dot a period
    (3, 6)
    """
    frame = _frame(series, "series")
    benchmark = one_area(benchmark, "benchmark")
    for size, name in ((width, "width"), (height, "height")):
        if need_number(size, name, whole=True) < 1:
            raise ArgumentError(f"{name}: expected 1 pixel or more, got {size!r}")
    code = (
        one_area(area)
        if area is not None
        else (series.area if isinstance(series, Assessment) else None)
    )
    if code is None:
        raise ArgumentError("area: give the area code to draw")
    check_indicators(series, [indicator], frame)
    if area is not None:
        warn_absent_areas([code], frame["area_code"], ", so there is nothing to draw for {them}")
    charts = sparkline_map(
        frame,
        area=code,
        benchmark=benchmark,
        indicators=[indicator],
        breakdown=breakdown,
        width=width,
        height=height,
    )
    return charts[indicator]


def breakdown_bar_svg(
    value: float,
    low: float,
    high: float,
    *,
    scale_max: float,
    reference: float | None = None,
    fill: str = "#0072B2",
    width: int = 160,
    height: int = 16,
) -> str:
    """One bar of a breakdown chart: the value from zero, its 95% interval, a reference line.

    Bars of one breakdown share ``scale_max`` so they compare as small multiples;
    ``reference`` (the area's headline value) is drawn as a dashed line. The
    numbers are printed beside the bar by the page, so the SVG is decorative
    (``aria-hidden``).

    Examples
    --------
    >>> from outcomeframe.report._spark import breakdown_bar_svg
    >>> svg = breakdown_bar_svg(40.0, 35.0, 45.0, scale_max=80.0, reference=60.0)
    >>> svg.count("<rect"), svg.count("<line")
    (1, 2)
    """
    top = max(scale_max, 1e-9)

    def sx(v: float) -> float:
        return 2.0 + max(min(v / top, 1.0), 0.0) * (width - 4.0)

    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true" '
            'focusable="false">'
        )
    ]
    if np.isfinite(value):
        parts.append(
            f'<rect x="2" y="3" width="{max(sx(value) - 2.0, 0.5):.1f}" height="{height - 6}" '
            f'fill="{fill}" stroke="#000" stroke-width="0.5"/>'
        )
    if np.isfinite(low) and np.isfinite(high):
        mid = height / 2
        parts.append(
            f'<line x1="{sx(low):.1f}" y1="{mid}" x2="{sx(high):.1f}" y2="{mid}" '
            'stroke="#000" stroke-width="1.2"/>'
        )
    if reference is not None and np.isfinite(reference):
        parts.append(
            f'<line x1="{sx(reference):.1f}" y1="0" x2="{sx(reference):.1f}" y2="{height}" '
            'stroke="#000" stroke-width="1" stroke-dasharray="2 2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
