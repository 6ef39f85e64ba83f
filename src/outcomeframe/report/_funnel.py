"""Funnel plots written directly as SVG: many small areas against one target.

Districts, wards, GP practices and primary care networks are too many and too small
for a spine or a bar each: a funnel plot shows every one at once, its value against
its denominator, with the 95% and 99.8% control limits of
:func:`outcomeframe.stats.funnel_limits` around the target. Every text is escaped.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from markupsafe import escape

from outcomeframe._checks import need_number
from outcomeframe._errors import ArgumentError
from outcomeframe.report._palette import format_value
from outcomeframe.stats._funnel import funnel_limits
from outcomeframe.stats._numbers import as_floats

__all__ = ["FUNNEL_MIN_AREAS", "SMALL_AREA_TYPES", "funnel_charts", "funnel_svg"]

#: Area types compared by funnel plot on the dashboard (as :func:`area_types` names them).
SMALL_AREA_TYPES: frozenset[str] = frozenset(
    {"Districts and Unitary Authorities", "Wards", "GPs", "NHS Primary Care Networks"}
)
#: An indicator gets a funnel plot when its data have more small areas than this.
FUNNEL_MIN_AREAS = 20
_INK = {"above": "#A4302C", "below": "#1D5FA8", "warn": "#E8A23A", "within": "#8C8C8C"}
_STATISTIC = {"proportion": "proportion", "crude_rate": "rate"}


def _scale(low: float, high: float, start: float, end: float) -> Any:
    span = (high - low) or 1.0
    return lambda v: start + (np.asarray(v, dtype=float) - low) / span * (end - start)


def _line(xs: Any, ys: Any, **attrs: str) -> str:
    ok = np.isfinite(ys)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs[ok], ys[ok], strict=True))
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<polyline fill="none" points="{points}" {extra}/>'


def funnel_svg(
    values: Any,
    denominators: Any,
    target: float,
    *,
    statistic: str = "proportion",
    multiplier: float | None = None,
    labels: Any = None,
    highlight: str | None = None,
    title: str = "",
    unit: str = "",
    width: int = 480,
    height: int = 280,
) -> str:
    """Return a funnel plot as an SVG string: each area's value against its denominator.

    The target is the solid line, the 95% limits dashed and the 99.8% limits
    solid thin; an area above its 99.8% limit is drawn red, below it blue,
    between the 95% and 99.8% limits amber, within them grey. The
    ``aria-label`` counts the areas outside the limits; each point's ``<title>``
    names its area (escaped).

    Parameters
    ----------
    values, denominators : array_like
        Each area's value (on the multiplier's scale) and denominator.
    target : float
        The target on the same scale (often the value of all the areas together).
    statistic : {"proportion", "rate"}, default "proportion"
    multiplier : float, optional
        Default 100 for proportions, 100,000 for rates.
    labels : array_like of str, optional
        The areas' names, shown in each point's title.
    highlight : str, optional
        A label to draw larger, outlined (the dashboard's own area).
    title, unit : str, optional
        Caption text and the unit of the values (for the texts).
    width, height : int

    Returns
    -------
    str

    Examples
    --------
    >>> from outcomeframe.report import funnel_svg
    >>> svg = funnel_svg([10.0, 40.0, 21.0], [200, 150, 5000], 20.0, labels=["A", "B", "<C>"])
    >>> svg.startswith("<svg") and "&lt;C&gt;" in svg
    True
    >>> "1 above the 99.8% limits" in svg
    True
    """
    v: Any = as_floats(values, "values")
    n: Any = as_floats(denominators, "denominators")
    need_number(target, "target")
    if v.shape != n.shape or v.ndim != 1:
        raise ArgumentError("values, denominators: give two 1-d sequences of the same length")
    names = [""] * len(v) if labels is None else [str(x) for x in labels]
    if len(names) != len(v):
        raise ArgumentError(f"labels: has {len(names)} names for {len(v)} values")
    keep = np.isfinite(v) & np.isfinite(n) & (n > 0)
    at = funnel_limits(target, n[keep], statistic=statistic, multiplier=multiplier)
    state = np.full(len(v), "within", dtype=object)
    kept = np.flatnonzero(keep)
    state[kept[(v[keep] > at["upper_99_8"]).to_numpy()]] = "above"
    state[kept[(v[keep] < at["lower_99_8"]).to_numpy()]] = "below"
    warn = ((v[keep] > at["upper_95"]) | (v[keep] < at["lower_95"])).to_numpy()
    state[kept[warn & (state[kept] == "within")]] = "warn"
    x_max = float(n[keep].max()) * 1.05 if keep.any() else 1.0
    grid = np.linspace(x_max / 200.0, x_max, 120)
    curve = funnel_limits(target, grid, statistic=statistic, multiplier=multiplier)
    lows = np.concatenate([v[keep], curve["lower_99_8"].to_numpy()[20:], [target]])
    highs = np.concatenate([v[keep], curve["upper_99_8"].to_numpy()[20:], [target]])
    y_low, y_high = float(np.nanmin(lows)), float(np.nanmax(highs))
    pad = (y_high - y_low) * 0.05 or 1.0
    left, right, top, bottom = 52, width - 10, 10, height - 34
    sx = _scale(0.0, x_max, left, right)
    sy = _scale(y_low - pad, y_high + pad, bottom, top)
    counts = {k: int((state[keep] == k).sum()) for k in _INK}
    summary = (
        f"Funnel plot{': ' + title if title else ''}. {int(keep.sum())} areas against "
        f"{format_value(target, unit)}: {counts['above']} above the 99.8% limits, "
        f"{counts['below']} below them, {counts['warn']} between the 95% and 99.8% limits."
    )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="funnel" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(summary)}"><title>{escape(summary)}</title>'
        ),
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#000"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#000"/>',
        _line(sx(grid), sy(np.full(grid.size, target)), stroke="#000", stroke_width="1.2"),
    ]
    for column, dash in (("95", "4 3"), ("99_8", "")):
        for side in ("lower", "upper"):
            ys = np.clip(sy(curve[f"{side}_{column}"].to_numpy()), top, bottom)
            style = {"stroke": "#555", "stroke_width": "1"}
            if dash:
                style["stroke_dasharray"] = dash
            parts.append(_line(sx(grid), ys, **style))
    for i in kept:
        big = highlight is not None and names[i] == highlight
        tip = f"{names[i]}: {format_value(float(v[i]), unit)} (denominator {n[i]:,.0f})"
        parts.append(
            f'<circle cx="{float(sx(n[i])):.1f}" cy="{float(sy(v[i])):.1f}" r="{5 if big else 3}" '
            f'fill="{_INK[str(state[i])]}" stroke="{"#000" if big else "none"}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    for tick in np.linspace(0.0, x_max, 5):
        parts.append(
            f'<text x="{float(sx(tick)):.1f}" y="{bottom + 14}" font-size="10" '
            f'text-anchor="middle">{tick:,.0f}</text>'
        )
    for tick in np.linspace(y_low, y_high, 4):
        parts.append(
            f'<text x="{left - 4}" y="{float(sy(tick)) + 3:.1f}" font-size="10" '
            f'text-anchor="end">{escape(format_value(float(tick), unit))}</text>'
        )
    parts.append(
        f'<text x="{(left + right) / 2:.0f}" y="{height - 4}" font-size="10" '
        f'text-anchor="middle">denominator</text></svg>'
    )
    return "".join(parts)


def funnel_charts(
    series: pd.DataFrame, area: str, *, min_areas: int = FUNNEL_MIN_AREAS
) -> dict[str, str]:
    """Per indicator: a funnel plot of its small areas, where it has more than ``min_areas``.

    Small areas are the rows of :data:`SMALL_AREA_TYPES` with a count and a
    denominator, all people (headline rows), at the latest period that has them,
    of the small-area type with most rows; proportions and crude rates only. The target is the value of the small areas
    together (their counts over their denominators), and ``area`` is drawn larger
    when it is one of them. One filter and one groupby over the table.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.report._funnel import funnel_charts
    >>> rows = pd.DataFrame({"indicator": "x", "area_code": [f"A{i}" for i in range(30)],
    ...     "area_name": "", "area_type": "GPs", "headline": True, "period": "2023",
    ...     "period_end": pd.Timestamp("2023-12-31"), "measure": "proportion",
    ...     "unit": "percent", "multiplier": 100.0, "count": 30.0, "denominator": 100.0,
    ...     "value": 30.0})
    >>> list(funnel_charts(rows, "A3"))
    ['x']
    """
    wanted = series["area_type"].astype("object").isin(SMALL_AREA_TYPES)
    wanted &= series["headline"].astype(bool)
    wanted &= series["measure"].astype("object").isin(_STATISTIC)
    small = series.loc[wanted]
    small = small.loc[
        np.isfinite(small["count"].to_numpy(float)) & (small["denominator"].to_numpy(float) > 0)
    ]
    out: dict[str, str] = {}
    for ind, rows in small.groupby(small["indicator"].astype("str"), observed=True):
        latest = rows.loc[rows["period_end"] == rows["period_end"].max()]
        kinds = latest["area_type"].astype("str")
        latest = latest.loc[kinds.eq(kinds.value_counts().index[0])]  # one type per plot
        latest = latest.drop_duplicates("area_code")
        if len(latest) <= min_areas:
            continue
        mult = float(latest["multiplier"].iloc[0])
        target = float(latest["count"].sum() / latest["denominator"].sum() * mult)
        codes = latest["area_code"].astype("str")
        named = latest["area_name"].astype("str")
        labels = (
            named.where(~named.isin(["", "nan", "None"]), codes) + " (" + codes + ")"
        ).tolist()
        own = codes.eq(area).to_numpy()
        out[str(ind)] = funnel_svg(
            latest["value"].to_numpy(float),
            latest["denominator"].to_numpy(float),
            target,
            statistic=_STATISTIC[str(latest["measure"].iloc[0])],
            multiplier=mult,
            labels=labels,
            highlight=labels[int(np.argmax(own))] if own.any() else None,
            title=f"{latest['period'].iloc[0]}, {len(latest)} areas",
            unit=str(latest["unit"].iloc[0]),
        )
    return out
