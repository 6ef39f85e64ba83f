"""Spine charts: one area's indicators against the spread of the areas of its type.

:func:`spine_layout` computes the geometry once; :func:`spine_chart` draws it
with matplotlib and :func:`spine_svg` writes it as plain SVG (what the
dashboard inlines: no font measuring, so a page stays fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from markupsafe import escape

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._arguments import one_area, warn_absent_areas
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.report._common import _frame, _in_breakdown, _titles, area_names, check_indicators
from outcomeframe.report._formats import shorten
from outcomeframe.report._palette import COMPARISON_COLOURS, format_value

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["spine_chart", "spine_layout", "spine_svg"]

_LEVELS = [0.0, 0.25, 0.5, 0.75, 1.0]


def spine_layout(
    table: Assessment | pd.DataFrame,
    *,
    area: str | None = None,
    benchmark: str | None = None,
    breakdown: str = "Total",
    indicators: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The geometry of a spine chart, on a 0 (worst) to 1 (best) scale centred on the benchmark.

    Returns one row per indicator the area has, in drawing order, with
    ``indicator``, ``title``, ``bar_left``/``bar_right`` (every area's range),
    ``mid_left``/``mid_right`` (the middle half), ``x`` (the area's value),
    ``colour``, ``comparison``, ``value_text`` and ``range_text``; and a dict
    with the ``area`` and ``benchmark`` names.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.report._spine import spine_layout
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> rows, names = spine_layout(a)
    >>> bool(((rows["x"] >= 0) & (rows["x"] <= 1)).all()), names["benchmark"]
    (True, 'England')
    """
    frame = _frame(table, "table")
    benchmark = one_area(benchmark, "benchmark")
    code = (
        one_area(area)
        if area is not None
        else (table.area if isinstance(table, Assessment) else None)
    )
    if code is None:
        raise ArgumentError("area: give the area code to draw")
    if area is not None:
        warn_absent_areas([code], frame["area_code"], ", so there is nothing to draw for {them}")
    if indicators is not None:
        check_indicators(table, indicators, frame)
    titles = _titles(table)
    frame = frame.loc[_in_breakdown(frame, breakdown)]
    own = frame.loc[frame["area_code"] == code].drop_duplicates("indicator")
    if "area_type" in frame.columns and len(own):  # the spread of areas of the same type
        kind = own["area_type"].iloc[0]
        if isinstance(kind, str):
            frame = frame.loc[(frame["area_type"] == kind) | (frame["area_code"] == code)]
    own = own.assign(indicator=own["indicator"].astype("str"))
    if indicators is not None:
        own = own.set_index("indicator").reindex(list(indicators)).dropna(how="all")
        own = own.reset_index()
    own = own.loc[own["value"].notna()].reset_index(drop=True)
    bench_code = benchmark or (str(own["benchmark"].iloc[0]) if len(own) else ENGLAND)
    names = area_names(frame)
    label = {
        "area": names.get(code, code),
        "benchmark": names.get(bench_code, "England" if bench_code == ENGLAND else bench_code),
    }
    # the spread of every area at the area's own period, by indicator (one groupby)
    peers = frame.loc[frame["area_code"] != bench_code, ["indicator", "period", "value"]]
    peers = peers.astype({"indicator": "str", "period": "str"})
    peers = peers.merge(
        own[["indicator", "period"]].astype("str"), on=["indicator", "period"], how="inner"
    )
    levels: Any = _LEVELS
    spread = peers.groupby("indicator")["value"].quantile(levels).unstack()  # noqa: PD010
    spread = spread.reindex(index=own["indicator"], columns=_LEVELS)
    value = own["value"].to_numpy(dtype=float)
    centre = own["benchmark_value"].to_numpy(dtype=float)
    centre = np.where(np.isnan(centre), spread[0.5].to_numpy(dtype=float), centre)
    centre = np.where(np.isnan(centre), value, centre)
    polarity = own["polarity"].astype("str")
    sign = np.where(polarity.eq("lower_is_better"), -1.0, 1.0)
    lo, q1, q3, hi = (spread[q].to_numpy(dtype=float) for q in (0.0, 0.25, 0.75, 1.0))
    with np.errstate(invalid="ignore"):
        half = np.nanmax(np.abs(np.c_[lo - centre, hi - centre, value - centre]), axis=1)
    half = np.where((half > 0) & np.isfinite(half), half, 1.0)

    def scale(v: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.asarray(0.5 + 0.5 * sign * (v - centre) / half)

    a, b = np.fmin(scale(lo), scale(hi)), np.fmax(scale(lo), scale(hi))
    c, d = np.fmin(scale(q1), scale(q3)), np.fmax(scale(q1), scale(q3))
    comparison = own["comparison"].astype("str")
    units = own["unit"].astype("str").tolist()
    measures = (
        own["measure"].astype("str").tolist() if "measure" in own.columns else [""] * len(own)
    )
    low_good = polarity.eq("lower_is_better").to_numpy()
    judged = ~polarity.eq("no_judgement").to_numpy()
    ranges = []
    for low, high, unit, down, judge, kind in zip(  # one per indicator: the printed range
        lo, hi, units, low_good, judged, measures, strict=True
    ):
        if not (np.isfinite(low) and np.isfinite(high)):
            ranges.append("")
            continue
        worst, best = (high, low) if down else (low, high)
        words = ("worst", "best") if judge else ("lowest", "highest")
        ranges.append(
            f"{words[0]} {format_value(float(worst), unit, measure=kind)}, "
            f"{words[1]} {format_value(float(best), unit, measure=kind)}"
        )
    rows = pd.DataFrame(
        {
            "indicator": own["indicator"],
            "title": [titles.get(i, i) for i in own["indicator"]],
            "bar_left": a,
            "bar_right": b,
            "mid_left": c,
            "mid_right": d,
            "x": scale(value),
            "comparison": comparison,
            "colour": comparison.map(COMPARISON_COLOURS).fillna("#FFFFFF"),
            "value_text": [
                format_value(float(v), u, measure=m)
                for v, u, m in zip(value, units, measures, strict=True)
            ],
            "range_text": ranges,
        }
    )
    return rows, label


def spine_chart(
    table: Assessment | pd.DataFrame,
    *,
    area: str | None = None,
    benchmark: str | None = None,
    breakdown: str = "Total",
    indicators: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw a Fingertips-style spine chart: one area's indicators against the spread of areas.

    For each indicator the grey bar spans every area's value at the same period
    (the darker part the middle 50%), centred on the benchmark (the black line)
    and scaled the same way on both sides; the worst value is on the left and
    the best on the right (lowest and highest for indicators without a
    polarity). The area's value is a circle coloured by its comparison with the
    benchmark; the text on the right repeats it in words.

    Parameters
    ----------
    table : Assessment or DataFrame
        An assessment, or its :attr:`~outcomeframe.Assessment.table`.
    area : str, optional
        The area code; default the assessment's own area.
    benchmark : str, optional
        Left out of the spread; default the table's ``benchmark`` column.
    breakdown : str
        Breakdown to draw (default ``"Total"``: each indicator's headline rows).
    indicators : sequence of str, optional
        Indicator ids in the order to draw; default every indicator the area has.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> fig = report.spine_chart(a)
    >>> own = a.table.query("area_code == 'E10000017' and headline and value.notna()")
    >>> len(fig.axes[0].collections[-1].get_offsets()) == own["indicator"].nunique()
    True
    """
    from outcomeframe.report._figure import target  # noqa: PLC0415 - matplotlib: only here

    rows, names = spine_layout(
        table, area=area, benchmark=benchmark, breakdown=breakdown, indicators=indicators
    )
    n = len(rows)
    fig, ax = target(ax, 11.0, 1.0 + 0.36 * max(n, 1))
    y = np.arange(n)[::-1].astype(float)
    left, right = rows["bar_left"].to_numpy(), rows["bar_right"].to_numpy()
    ax.barh(y, np.nan_to_num(right - left), left=np.nan_to_num(left), height=0.5, color="#D9D9D9")
    left, right = rows["mid_left"].to_numpy(), rows["mid_right"].to_numpy()
    ax.barh(y, np.nan_to_num(right - left), left=np.nan_to_num(left), height=0.5, color="#9E9E9E")
    ax.axvline(0.5, color="black", lw=1.2)
    ax.scatter(
        rows["x"].to_numpy(),
        y,
        s=70,
        c=rows["colour"].tolist(),
        edgecolors="black",
        linewidths=0.8,
        zorder=3,
    )
    labels = zip(rows["title"], rows["value_text"], rows["comparison"], rows["range_text"], y,
                 strict=True)  # fmt: skip
    for title, val, cmp, end, yy in labels:  # one label per indicator
        transform = ax.get_yaxis_transform()
        ax.text(-0.02, yy, shorten(str(title), 70), ha="right", va="center", fontsize=8,
                parse_math=False, transform=transform)  # fmt: skip
        text = f"{val}  ({cmp})" + (f"; {end}" if end else "")
        ax.text(1.02, yy, text, ha="left", va="center", fontsize=8, parse_math=False,
                transform=transform)  # fmt: skip
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_yticks([])
    ax.set_xticks([0, 0.5, 1], ["worst / lowest", "benchmark", "best / highest"], fontsize=8)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_title(f"{names['area']} compared with {names['benchmark']}", fontsize=10, loc="left",
                 parse_math=False)  # fmt: skip
    if n == 0:
        ax.text(0.5, 0.0, "no data", ha="center", va="center")
    return fig


def spine_svg(
    table: Assessment | pd.DataFrame,
    *,
    area: str | None = None,
    benchmark: str | None = None,
    indicators: Sequence[str] | None = None,
) -> str:
    """The spine chart of :func:`spine_chart` written directly as an inline ``<svg>``.

    Every text is escaped; the ``<title>`` names the area and the benchmark.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.report._spine import spine_svg
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> svg = spine_svg(a, area="E06000009")  # Blackpool
    >>> svg.startswith("<svg"), "Blackpool compared with England" in svg
    (True, True)
    """
    rows, names = spine_layout(table, area=area, benchmark=benchmark, indicators=indicators)
    row_h, top, left, width, right = 24.0, 34.0, 400.0, 300.0, 300.0
    total_w = left + width + right
    total_h = top + row_h * max(len(rows), 1) + 26.0
    alt = escape(f"Spine chart: {names['area']} compared with {names['benchmark']}")
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart spine" '
            f'viewBox="0 0 {total_w:.0f} {total_h:.0f}" aria-label="{alt}"><title>{alt}</title>'
        ),
        (
            f'<text x="0" y="16" font-size="13" font-weight="600">{escape(names["area"])} '
            f"compared with {escape(names['benchmark'])}</text>"
        ),
    ]
    records: list[dict[Any, Any]] = rows.to_dict("records")
    for i, row in enumerate(records):  # one line per indicator
        y = top + i * row_h
        mid = y + row_h / 2
        parts.append(
            f'<text x="{left - 8:.0f}" y="{mid + 4:.1f}" font-size="10.5" text-anchor="end">'
            f"{escape(shorten(str(row['title']), 64))}</text>"
        )
        for lo, hi, fill in (
            (float(row["bar_left"]), float(row["bar_right"]), "#D9D9D9"),
            (float(row["mid_left"]), float(row["mid_right"]), "#9E9E9E"),
        ):
            if np.isfinite(lo) and np.isfinite(hi):
                parts.append(
                    f'<rect x="{left + lo * width:.1f}" y="{y + 5:.1f}" '
                    f'width="{max((hi - lo) * width, 0.5):.1f}" height="{row_h - 10:.1f}" '
                    f'fill="{fill}"/>'
                )
        parts.append(
            f'<circle cx="{left + float(row["x"]) * width:.1f}" cy="{mid:.1f}" r="6" '
            f'fill="{row["colour"]}" stroke="#000" stroke-width="1"/>'
        )
        words = f"{row['value_text']} ({row['comparison']})" + (
            f"; {row['range_text']}" if row["range_text"] else ""
        )
        parts.append(
            f'<text x="{left + width + 10:.0f}" y="{mid + 4:.1f}" font-size="11">'
            f"{escape(words)}</text>"
        )
    bottom = top + row_h * max(len(rows), 1)
    centre = left + width / 2
    parts.append(
        f'<line x1="{centre:.1f}" y1="{top - 4:.1f}" x2="{centre:.1f}" y2="{bottom:.1f}" '
        'stroke="#000" stroke-width="1.5"/>'
    )
    for x, anchor, word in (
        (left, "start", "worst / lowest"),
        (centre, "middle", escape(names["benchmark"])),
        (left + width, "end", "best / highest"),
    ):
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 18:.1f}" font-size="11" fill="#444" '
            f'text-anchor="{anchor}">{word}</text>'
        )
    if rows.empty:
        parts.append(
            f'<text x="{centre:.1f}" y="{top + 16:.1f}" text-anchor="middle">no data</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
