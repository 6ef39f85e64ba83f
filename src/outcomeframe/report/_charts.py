"""Indicator charts: matplotlib figures for notebooks and documents.

Every figure is a :class:`matplotlib.figure.Figure` made directly, with the Agg
canvas attached: nothing here touches pyplot or the global backend. User text
(titles, area names) is drawn with ``parse_math=False`` so a ``$`` is a dollar
sign, and the SVG writers escape it.
"""

from __future__ import annotations

import io
import re
import textwrap
import uuid
import warnings
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from markupsafe import escape

from outcomeframe._checks import need_text
from outcomeframe._errors import ArgumentError, OutcomeFrameWarning, _user_level
from outcomeframe.assessment._arguments import area_list, one_area, warn_absent_areas
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.report._common import _frame, _rows, _titles, area_names, check_indicators
from outcomeframe.report._figure import target as _target
from outcomeframe.report._palette import (
    COMPARISON_COLOURS,
    SERIES_COLOURS,
    format_value,
    unit_label,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["comparison_chart", "to_svg", "trend_chart"]


# --------------------------------------------------------------------------- SVG output
_ID = re.compile(r'\bid="([^"]+)"')


def to_svg(fig: Figure, *, alt: str | None = None, id_prefix: str | None = None) -> str:
    """Return a figure as an inline ``<svg>`` element, text kept as escaped text.

    The XML prolog is dropped so the result can go straight into an HTML page;
    text stays text (``svg.fonttype`` ``none``), escaped by matplotlib's SVG
    writer; every ``id`` gets ``id_prefix`` so several figures can share a page.
    The figure is left open: close it yourself (or let it be garbage collected).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write.
    alt : str, optional
        A text alternative: becomes the SVG's ``<title>`` and ``aria-label`` (escaped).
    id_prefix : str, optional
        Prefix of every id in the SVG; default a random one.

    Returns
    -------
    str

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> fig = report.trend_chart(a, "smoking-at-time-of-delivery", areas=["E10000017"])
    >>> svg = report.to_svg(fig, alt="Smoking <at> delivery")
    >>> svg.startswith("<svg"), "&lt;at&gt;" in svg
    (True, True)
    """
    if not isinstance(fig, mpl.figure.Figure):
        raise ArgumentError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.StringIO()
    rc: Any = {"svg.fonttype": "none", "svg.hashsalt": "outcomeframe"}
    with mpl.rc_context(rc):
        fig.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    prefix = id_prefix or f"f{uuid.uuid4().hex[:8]}"
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = text.replace('href="#', f'href="#{prefix}-').replace("url(#", f"url(#{prefix}-")
    head = '<svg role="img" class="chart"'
    if alt is not None:
        label = escape(alt)
        head += f' aria-label="{label}"'
        end = text.index(">") + 1
        text = text[:end] + f"<title>{label}</title>" + text[end:]
    return head + text[len("<svg") :]


# --------------------------------------------------------------------------- trend
def _period_axis(rows: pd.DataFrame) -> tuple[pd.Index, pd.Series]:
    """Ordered distinct periods and each row's position on the axis."""
    order = rows[["period", "period_start"]].astype({"period": "str"})
    order = order.drop_duplicates("period").sort_values("period_start")
    periods = pd.Index(order["period"])
    return periods, pd.Series(periods.get_indexer(rows["period"].astype("str")), index=rows.index)


def trend_chart(
    series: Assessment | pd.DataFrame,
    indicator: str,
    *,
    areas: Sequence[str] | None = None,
    benchmark: str | None = ENGLAND,
    breakdown: str = "Total",
    interval: bool = True,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw the values of one indicator over time: one line per area, the benchmark dashed.

    Parameters
    ----------
    series : Assessment or DataFrame
        An assessment (its :attr:`~outcomeframe.Assessment.series` is drawn) or a
        series table with ``indicator``, ``area_code``, ``period``,
        ``period_start``, ``breakdown``, ``value``, ``lower_95`` and ``upper_95``.
    indicator : str
        The indicator id.
    areas : sequence of str, optional
        Area codes to draw; default the assessment's own area, else every area
        in the data except the benchmark.
    benchmark : str or None
        The benchmark's area code, drawn as a black dashed line; None for none.
    breakdown : str
        The breakdown to draw (default the whole population, ``"Total"``).
    interval : bool
        Shade each area's 95% confidence interval.
    title : str, optional
        The chart title; default the indicator's title.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes (e.g. from pyplot) instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One line per area with data, then the benchmark's.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> fig = report.trend_chart(a, "smoking-at-time-of-delivery",
    ...                             areas=["E10000017", "E06000008"])
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['Lancashire', 'Blackburn with Darwen', 'England']
    """
    frame = _frame(series, "series")
    check_indicators(series, [indicator], frame)
    benchmark = one_area(benchmark, "benchmark")
    if areas is None:
        own = series.area if isinstance(series, Assessment) else None
        codes = (
            [own]
            if own is not None
            else sorted(set(frame["area_code"].astype("str")) - {benchmark})
        )
    else:
        codes = area_list(areas, "areas") or []
        warn_absent_areas(codes, frame["area_code"], ", so there is nothing to draw for {them}")
    wanted = codes + ([benchmark] if benchmark else [])
    rows = _rows(frame, indicator, breakdown, wanted).sort_values("period_start")
    names = area_names(rows)
    if not isinstance(interval, bool | np.bool_):
        raise ArgumentError(f"interval: expected True or False, got {type(interval).__name__}")
    label = (
        need_text(title, "title")
        if title is not None
        else _titles(series).get(indicator, indicator)
    )
    fig, ax = _target(ax, 6.4, 3.6)
    periods, position = _period_axis(rows)
    code_col = rows["area_code"].astype("str")
    unit = str(rows["unit"].iloc[0]) if "unit" in rows.columns and len(rows) else ""
    for i, code in enumerate(c for c in codes if c != benchmark):
        own_rows = rows.loc[code_col == code]
        if own_rows.empty:
            continue
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        x = position[own_rows.index].to_numpy()
        ax.plot(
            x,
            own_rows["value"].to_numpy(dtype=float),
            marker="o",
            color=colour,
            label=names.get(code, code),
        )
        if interval:
            low = own_rows["lower_95"].to_numpy(dtype=float)
            high = own_rows["upper_95"].to_numpy(dtype=float)
            ok = ~(np.isnan(low) | np.isnan(high))
            if ok.any():
                ax.fill_between(x[ok], low[ok], high[ok], color=colour, alpha=0.18, lw=0)
    if benchmark:
        bench = rows.loc[code_col == benchmark]
        if len(bench):
            ax.plot(
                position[bench.index].to_numpy(),
                bench["value"].to_numpy(dtype=float),
                color="black",
                linestyle="--",
                marker="s",
                markersize=4,
                label=names.get(benchmark, "England" if benchmark == ENGLAND else benchmark),
            )
    ax.set_xticks(range(len(periods)))
    ax.set_xticklabels(
        list(periods),
        rotation=30 if len(periods) > 4 else 0,
        ha="right" if len(periods) > 4 else "center",
        parse_math=False,
    )
    ax.set_title("\n".join(textwrap.wrap(label, 60)), fontsize=10, loc="left", parse_math=False)
    ax.set_ylabel(unit_label(unit), parse_math=False)
    ax.grid(axis="y", color="#e5e5e5")
    ax.spines[["top", "right"]].set_visible(False)
    if ax.get_lines():
        legend = ax.legend(fontsize=8, frameon=False)
        for text in legend.get_texts():
            text.set_parse_math(False)
    else:
        ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", va="center")
    return fig


# --------------------------------------------------------------------------- comparison
def comparison_chart(
    table: Assessment | pd.DataFrame,
    indicator: str,
    *,
    period: str | None = None,
    breakdown: str = "Total",
    highlight: str | None = None,
    areas: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw a bar per area with its 95% interval, coloured by comparison, and the benchmark line.

    Parameters
    ----------
    table : Assessment or DataFrame
        An assessment, or its :attr:`~outcomeframe.Assessment.table`.
    indicator : str
        The indicator id.
    period : str, optional
        The period to compare; default the latest one in the table.
    breakdown : str
        Breakdown to draw (default ``"Total"``).
    highlight : str, optional
        Area code drawn with a bold outline and label; default the assessment's area.
    areas : sequence of str, optional
        Area codes to draw; default every area with a value of the highlighted
        area's type (``area_type``), and the benchmark.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Bars sorted by value, the largest at the top.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> fig = report.comparison_chart(a, "smoking-at-time-of-delivery")
    >>> len(fig.axes[0].patches)  # one bar per area with a value (England included)
    25
    """
    frame = _frame(table, "table")
    check_indicators(table, [indicator], frame)
    highlight, areas = one_area(highlight, "highlight"), area_list(areas, "areas")
    warn_absent_areas(
        [*([highlight] if highlight is not None else []), *(areas or [])],
        frame["area_code"],
        ", so there is nothing to draw for {them}",
    )
    if highlight is None and isinstance(table, Assessment):
        highlight = table.area
    label = _titles(table).get(indicator, indicator)
    rows = _rows(frame, indicator, breakdown, areas)
    if period is None and len(rows):
        period = str(rows.sort_values("period_start")["period"].iloc[-1])
    elif period is not None:
        given: object = period
        if isinstance(given, bool) or not isinstance(given, str | int):
            raise ArgumentError(f"period: expected a period label, got {type(given).__name__}")
        period = str(given)
        _warn_no_period(rows, period, indicator)
    rows = rows.loc[(rows["period"].astype("str") == period) & rows["value"].notna()]
    if areas is None and highlight is not None and "area_type" in rows.columns:
        # the highlighted area among the areas of its own type (and its benchmark)
        kind = rows.loc[rows["area_code"] == highlight, "area_type"]
        if len(kind) and isinstance(kind.iloc[0], str):
            keep = rows["area_type"] == kind.iloc[0]
            if "benchmark" in rows.columns:
                keep |= rows["area_code"].astype("str").isin(rows["benchmark"].astype("str"))
            rows = rows.loc[keep]
    rows = rows.sort_values("value")
    names = area_names(frame)
    codes = rows["area_code"].astype("str").tolist()
    n = len(rows)
    fig, ax = _target(ax, 6.4, 1.0 + 0.24 * max(n, 1))
    y = np.arange(n, dtype=float)
    value = rows["value"].to_numpy(dtype=float)
    low = np.nan_to_num(value - rows["lower_95"].to_numpy(dtype=float))
    high = np.nan_to_num(rows["upper_95"].to_numpy(dtype=float) - value)
    colours = [COMPARISON_COLOURS.get(str(c), "#FFFFFF") for c in rows["comparison"]]
    widths = [2.0 if c == highlight else 0.5 for c in codes]
    ax.barh(y, value, height=0.7, color=colours, edgecolor="black", linewidth=widths)
    ax.errorbar(
        value, y, xerr=np.vstack([low, high]), fmt="none", ecolor="black", lw=0.8, capsize=2
    )
    ax.set_yticks(y)
    ax.set_yticklabels([names.get(c, c) for c in codes], fontsize=8, parse_math=False)
    for tick, code in zip(ax.get_yticklabels(), codes, strict=True):
        if code == highlight:
            tick.set_fontweight("bold")
    bench = rows["benchmark_value"].dropna()
    if len(bench):
        ax.axvline(
            float(bench.iloc[0]),
            color="black",
            linestyle="--",
            lw=1.2,
            label=f"benchmark {format_value(float(bench.iloc[0]))}",
        )
        legend = ax.legend(fontsize=8, frameon=False, loc="lower right")
        for text in legend.get_texts():
            text.set_parse_math(False)
    unit = str(rows["unit"].iloc[0]) if n else ""
    ax.set_xlabel(unit_label(unit), parse_math=False)
    ax.set_title(
        "\n".join(textwrap.wrap(f"{label} ({period})", 60)),
        fontsize=10,
        loc="left",
        parse_math=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    return fig


def _warn_no_period(rows: pd.DataFrame, period: str, indicator: str) -> None:
    """Warn when ``period`` is asked for and no row of the indicator has a value for it."""
    valued = rows.loc[rows["value"].notna()]
    if (valued["period"].astype("str") == period).any():
        return
    latest = ""
    if len(valued):
        last = valued["period"].to_numpy()[int(np.argmax(valued["period_start"].to_numpy()))]
        latest = f" (its latest is {str(last)!r})"
    warnings.warn(
        f"period {period!r}: {indicator!r} has no value for it, so there is nothing to draw"
        + latest,
        OutcomeFrameWarning,
        stacklevel=_user_level(),
    )
