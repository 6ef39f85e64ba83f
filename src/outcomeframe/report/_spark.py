"""Small charts written directly as SVG (no matplotlib): trend sparklines and breakdown bars.

A page of hundreds of them stays fast; every text is escaped.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from markupsafe import escape

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.report._common import _frame, _rows
from outcomeframe.report._palette import format_value

__all__ = ["breakdown_bar_svg", "sparkline_svg"]

_DAY_NS = 86_400 * 10**9


def _points(rows: pd.DataFrame) -> tuple[np.ndarray[Any, Any], ...]:
    mid = (
        (
            rows["period_start"].to_numpy().astype("datetime64[ns]").astype(np.int64)
            + rows["period_end"].to_numpy().astype("datetime64[ns]").astype(np.int64)
        )
        / 2
        / _DAY_NS
    )
    return (
        mid,
        rows["value"].to_numpy(dtype=float),
        rows["lower_95"].to_numpy(dtype=float),
        rows["upper_95"].to_numpy(dtype=float),
    )


def _path(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> str:
    return "M" + " L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True))


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
    code = area if area is not None else (series.area if isinstance(series, Assessment) else None)
    if code is None:
        raise ArgumentError("area: give the area code to draw")
    rows = _rows(frame, indicator, breakdown, [code, benchmark] if benchmark else [code])
    rows = rows.sort_values("period_start")
    codes = rows["area_code"].astype("str").to_numpy()
    own, bench = rows.loc[codes == code], rows.loc[codes == benchmark]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img"'
    )
    if own.empty or own["value"].isna().all():
        label = "no trend data"
        return f'{head} aria-label="{label}"><title>{label}</title></svg>'
    x, v, lo, hi = _points(own)
    bx, bv = _points(bench)[:2] if len(bench) else (np.array([]), np.array([]))
    keep = (bx >= x.min()) & (bx <= x.max()) & ~np.isnan(bv)
    bx, bv = bx[keep], bv[keep]
    ys = np.concatenate([v, lo, hi, bv])
    ymin, ymax = np.nanmin(ys), np.nanmax(ys)
    if ymax - ymin < 1e-9:
        ymin, ymax = ymin - 1.0, ymax + 1.0
    xmin, xmax = x.min(), x.max()
    pad = 4.0

    def sx(t: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        if xmax - xmin < 1e-9:
            return np.full(t.shape, width / 2)
        return np.asarray(pad + (t - xmin) / (xmax - xmin) * (width - 2 * pad))

    def sy(t: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.asarray(height - pad - (t - ymin) / (ymax - ymin) * (height - 2 * pad))

    parts: list[str] = []
    band = ~(np.isnan(lo) | np.isnan(hi))
    if band.sum() >= 2:
        px = sx(x[band])
        d = _path(np.r_[px, px[::-1]], np.r_[sy(hi[band]), sy(lo[band])[::-1]]) + " Z"
        parts.append(f'<path d="{d}" fill="#0072B2" fill-opacity="0.2" stroke="none"/>')
    ok = ~np.isnan(v)
    parts.append(
        f'<path d="{_path(sx(x[ok]), sy(v[ok]))}" fill="none" stroke="#0072B2" stroke-width="1.5"/>'
    )
    if len(bx):
        parts.append(
            f'<path d="{_path(sx(bx), sy(bv))}" fill="none" stroke="#000" '
            'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    parts.extend(
        f'<circle cx="{a:.1f}" cy="{b:.1f}" r="{r}" fill="#0072B2"/>'
        for a, b, r in zip(sx(x[ok]), sy(v[ok]), [1.6] * (ok.sum() - 1) + [2.6], strict=True)
    )
    unit = str(own["unit"].iloc[0]) if "unit" in own.columns else None
    measure = str(own["measure"].iloc[0]) if "measure" in own.columns else None
    words = "; ".join(
        f"{p} {format_value(val, unit, measure=measure)}"
        for p, val in zip(own["period"].astype("str"), v, strict=True)
    )
    label = escape(f"Trend: {words}" + ("; benchmark dashed" if len(bx) else ""))
    return f'{head} aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>'


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
