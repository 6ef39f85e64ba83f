"""Indicator charts: matplotlib figures for notebooks and documents, light SVG for pages.

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
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from markupsafe import escape
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.report._palette import (
    COMPARISON_COLOURS,
    SERIES_COLOURS,
    format_value,
    unit_label,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes

__all__ = ["comparison_chart", "sparkline_svg", "spine_chart", "to_svg", "trend_chart"]

_DAY_NS = 86_400 * 10**9


# --------------------------------------------------------------------------- helpers
def new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A Figure with one Axes on the Agg canvas (no pyplot, no global state)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _target(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    if ax is None:
        return new_figure(width, height)
    fig: Any = ax.figure
    while fig is not None and not isinstance(fig, Figure):  # a SubFigure: its root figure
        fig = fig.figure
    if not isinstance(fig, Figure):  # pragma: no cover - an Axes always has a figure
        raise ArgumentError("ax: the Axes belongs to no figure")
    return fig, ax


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
    pairs = frame[["area_code", "area_name"]].dropna().astype("str")
    pairs = pairs.drop_duplicates("area_code")
    return dict(zip(pairs["area_code"], pairs["area_name"], strict=True))


def _in_breakdown(frame: pd.DataFrame, breakdown: str) -> pd.Series[Any]:
    """Rows of one breakdown; "Total" means each indicator's headline rows where marked."""
    if breakdown == "Total" and "headline" in frame.columns:
        return frame["headline"].astype(bool)
    return frame["breakdown"] == breakdown


def _rows(
    frame: pd.DataFrame, indicator: str, breakdown: str, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    mask = (frame["indicator"] == indicator) & _in_breakdown(frame, breakdown)
    if codes is not None:
        mask &= frame["area_code"].isin(list(codes))
    return frame.loc[mask]


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


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
    if areas is None:
        own = series.area if isinstance(series, Assessment) else None
        codes = (
            [own]
            if own is not None
            else sorted(set(frame["area_code"].astype("str")) - {benchmark})
        )
    else:
        codes = list(areas)
    wanted = codes + ([benchmark] if benchmark else [])
    rows = _rows(frame, indicator, breakdown, wanted).sort_values("period_start")
    names = area_names(rows)
    label = title if title is not None else _titles(series).get(indicator, indicator)
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


# --------------------------------------------------------------------------- spine
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
    benchmark; the legend names the colours.

    Parameters
    ----------
    table : Assessment or DataFrame
        An assessment, or its :attr:`~outcomeframe.Assessment.table`.
    area : str, optional
        The area code; default the assessment's own area.
    benchmark : str, optional
        Left out of the spread; default the table's ``benchmark`` column.
    breakdown : str
        Breakdown to draw (default ``"Total"``).
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
    >>> len(fig.axes[0].collections[-1].get_offsets())  # one circle per indicator
    4
    """
    frame = _frame(table, "table")
    code = area if area is not None else (table.area if isinstance(table, Assessment) else None)
    if code is None:
        raise ArgumentError("area: give the area code to draw")
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
    bench_code = benchmark or (str(own["benchmark"].iloc[0]) if len(own) else ENGLAND)
    # the spread of every area at the area's own period, by indicator (one groupby)
    peers = frame.loc[frame["area_code"] != bench_code, ["indicator", "period", "value"]]
    peers = peers.astype({"indicator": "str", "period": "str"})
    peers = peers.merge(
        own[["indicator", "period"]].astype("str"), on=["indicator", "period"], how="inner"
    )
    levels: Any = [0.0, 0.25, 0.5, 0.75, 1.0]
    spread = peers.groupby("indicator")["value"].quantile(levels).unstack()  # noqa: PD010
    spread = spread.reindex(own["indicator"])
    value = own["value"].to_numpy(dtype=float)
    centre = own["benchmark_value"].to_numpy(dtype=float)
    centre = np.where(np.isnan(centre), spread[0.5].to_numpy(), centre)
    sign = np.where(own["polarity"].astype("str").eq("lower_is_better"), -1.0, 1.0)
    lo, q1, q3, hi = (spread[q].to_numpy(dtype=float) for q in (0.0, 0.25, 0.75, 1.0))
    half = np.nanmax(np.abs(np.c_[lo - centre, hi - centre, value - centre]), axis=1)
    half = np.where((half > 0) & np.isfinite(half), half, 1.0)

    def scale(v: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.asarray(0.5 + 0.5 * sign * (v - centre) / half)

    n = len(own)
    fig, ax = _target(ax, 11.0, 1.0 + 0.36 * max(n, 1))
    y = np.arange(n)[::-1].astype(float)
    a, b = np.minimum(scale(lo), scale(hi)), np.maximum(scale(lo), scale(hi))
    ax.barh(y, np.nan_to_num(b - a), left=np.nan_to_num(a), height=0.5, color="#D9D9D9")
    c, d = np.minimum(scale(q1), scale(q3)), np.maximum(scale(q1), scale(q3))
    ax.barh(y, np.nan_to_num(d - c), left=np.nan_to_num(c), height=0.5, color="#9E9E9E")
    ax.axvline(0.5, color="black", lw=1.2)
    comparison = own["comparison"].astype("str").to_numpy()
    colours = [COMPARISON_COLOURS.get(str(cmp), "#FFFFFF") for cmp in comparison]
    ax.scatter(scale(value), y, s=70, c=colours, edgecolors="black", linewidths=0.8, zorder=3)
    low_good = own["polarity"].astype("str").eq("lower_is_better").to_numpy()
    judged = ~own["polarity"].astype("str").eq("no_judgement").to_numpy()
    ends = []
    for low, high, unit, down, judge in zip(  # one per indicator: the printed range
        lo, hi, own["unit"].astype("str"), low_good, judged, strict=True
    ):
        if not (np.isfinite(low) and np.isfinite(high)):
            ends.append("")
            continue
        worst, best = (high, low) if down else (low, high)
        words = ("worst", "best") if judge else ("lowest", "highest")
        ends.append(
            f"; {words[0]} {format_value(float(worst), unit)}, "
            f"{words[1]} {format_value(float(best), unit)}"
        )
    labels = zip(
        own["indicator"], own["value"], own["unit"].astype("str"), comparison, y, ends, strict=True
    )
    for ind, val, unit, cmp, yy, end in labels:  # one label per indicator
        name = _short(titles.get(str(ind), str(ind)), 70)
        ax.text(
            -0.02,
            yy,
            name,
            ha="right",
            va="center",
            fontsize=8,
            parse_math=False,
            transform=ax.get_yaxis_transform(),
        )
        text = f"{format_value(float(val), unit)}  ({cmp}){end}"
        ax.text(
            1.02,
            yy,
            text,
            ha="left",
            va="center",
            fontsize=8,
            parse_math=False,
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_yticks([])
    ax.set_xticks([0, 0.5, 1], ["worst / lowest", "benchmark", "best / highest"], fontsize=8)
    ax.spines[["top", "right", "left"]].set_visible(False)
    names = area_names(frame)
    ax.set_title(
        f"{names.get(code, code)} compared with {names.get(bench_code, bench_code)}",
        fontsize=10,
        loc="left",
        parse_math=False,
    )
    if n == 0:
        ax.text(0.5, 0.0, "no data", ha="center", va="center")
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
    if highlight is None and isinstance(table, Assessment):
        highlight = table.area
    label = _titles(table).get(indicator, indicator)
    rows = _rows(frame, indicator, breakdown, areas)
    if period is None and len(rows):
        period = str(rows.sort_values("period_start")["period"].iloc[-1])
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


# --------------------------------------------------------------------------- sparkline
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
    words = "; ".join(
        f"{p} {format_value(val, unit)}"
        for p, val in zip(own["period"].astype("str"), v, strict=True)
    )
    label = escape(f"Trend: {words}" + ("; benchmark dashed" if len(bx) else ""))
    return f'{head} aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>'
