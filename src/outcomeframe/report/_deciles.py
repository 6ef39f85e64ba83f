"""Decile charts: each deprivation group's value as a bar, and the SII line across them.

Written directly as SVG. Each bar spans its group's share of the population on
the rank axis (0 = most deprived, 1 = least deprived), so the fitted line of the
slope index of inequality is straight across the bars. Every text is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from markupsafe import escape

from outcomeframe._checks import need_frame, need_number
from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Polarity
from outcomeframe.assessment._arguments import one_area, warn_absent_areas
from outcomeframe.assessment._sii_table import SET_KEY, closed_inequality_table, deprivation_mask
from outcomeframe.report._formats import unit_label
from outcomeframe.report._palette import format_value
from outcomeframe.stats._sii_rank import deprivation_rank

if TYPE_CHECKING:
    from outcomeframe.assessment._assess import Assessment

__all__ = ["decile_chart_svg", "decile_charts"]

_BAR = "#5b8db8"
_LINE = "#b5412d"
#: How the dashboard's SII limits are found, and how its captions say so.
_METHOD = "closed"
_LIMITS = "95%, closed form"


def decile_chart_svg(
    rows: pd.DataFrame,
    sii: float,
    *,
    title: str = "",
    unit: str = "",
    shown: float | None = None,
    width: int = 360,
    height: int = 180,
) -> str:
    """An SVG of one set's deprivation groups (bars) and its SII line.

    Parameters
    ----------
    rows : pandas.DataFrame
        The set's rows: ``breakdown`` (deprivation labels or ranks 1 = most
        deprived), ``value`` and optionally ``denominator`` (bar widths by
        population share when every row has one; equal widths otherwise).
    sii : float
        The slope index of inequality with the published sign (least minus most
        deprived); the line passes through the weighted mean at the middle rank.
    title : str
        Accessible title (escaped).
    unit : str
        The unit's name ("percentage_point", "per_100000" ...), shown after the
        SII in the title as people write it (:func:`unit_label`, escaped).
    shown : float, optional
        The SII stated in the title, when it is given with another sign (by
        polarity); default ``sii``.
    width, height : int
        Size in CSS pixels.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.report import decile_chart_svg
    >>> rows = pd.DataFrame({"breakdown": ["Most deprived quintile", "Least deprived quintile",
    ...                                    "Average deprived quintile",
    ...                                    "Second most deprived quintile",
    ...                                    "Second least deprived quintile"],
    ...                      "value": [12.0, 7.0, 9.0, 10.0, 8.0]})
    >>> svg = decile_chart_svg(rows, sii=-6.0, title="Obesity <Reception>")
    >>> svg.startswith("<svg") and "&lt;Reception&gt;" in svg and svg.count("<rect") == 5
    True
    """
    need_frame(rows, "rows", ["breakdown", "value"])
    need_number(sii, "sii")
    ranks = deprivation_rank(rows["breakdown"]).astype("float64").to_numpy(na_value=np.nan)
    keep = np.isfinite(ranks) & np.isfinite(rows["value"].to_numpy(dtype=float))
    part = rows.loc[keep].iloc[np.argsort(ranks[keep], kind="stable")]
    y = part["value"].to_numpy(dtype=float)
    pop = part["denominator"].to_numpy(dtype=float) if "denominator" in part else np.ones(len(y))
    if not (np.isfinite(pop).all() and (pop > 0).all()):
        pop = np.ones(len(y))
    share = pop / pop.sum() if len(y) else pop
    right = np.cumsum(share)
    left = right - share
    mean = float(np.sum(share * y)) if len(y) else 0.0
    fitted = mean + sii * (np.array([0.0, 1.0]) - 0.5)
    top = max(float(np.max(y, initial=0.0)), float(np.max(fitted)), 0.0)
    low = min(float(np.min(y, initial=0.0)), float(np.min(fitted)), 0.0)
    span = (top - low) or 1.0
    pad_l, pad_r, pad_t, pad_b = 8, 8, 8, 22
    w, h = width - pad_l - pad_r, height - pad_t - pad_b

    def sx(v: Any) -> Any:
        return pad_l + np.asarray(v) * w

    def sy(v: Any) -> Any:
        return pad_t + (top - np.asarray(v)) / span * h

    zero = float(sy(0.0))
    shown_unit = unit_label(unit)
    u = f" {shown_unit}" if shown_unit else ""
    said = f"SII {format_value(sii if shown is None else shown)}{u}"
    label = f"{title}: {said}" if title else said
    head = f'width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {head} role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for i in range(len(y)):
        x0, x1 = float(sx(left[i])) + 1, float(sx(right[i])) - 1
        yv = float(sy(y[i]))
        name = escape(str(part["breakdown"].iloc[i]))
        parts.append(
            f'<rect x="{x0:.1f}" y="{min(yv, zero):.1f}" width="{max(x1 - x0, 0.5):.1f}" '
            f'height="{abs(zero - yv):.1f}" fill="{_BAR}"><title>{name}: '
            f"{escape(format_value(y[i]))}</title></rect>"
        )
    (y0, y1) = (float(v) for v in sy(fitted))
    parts.append(
        f'<line x1="{sx(0.0):.1f}" y1="{y0:.1f}" x2="{sx(1.0):.1f}" y2="{y1:.1f}" '
        f'stroke="{_LINE}" stroke-width="2"/>'
    )
    base = height - 6
    parts.append(f'<text x="{pad_l}" y="{base}" font-size="10">Most deprived</text>')
    parts.append(
        f'<text x="{width - pad_r}" y="{base}" font-size="10" text-anchor="end">'
        "Least deprived</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _low_is_good(polarity: Any) -> bool:
    """Whether a polarity (a member, its value or Fingertips' words) is "Low is good"."""
    return bool(pd.notna(polarity)) and Polarity.parse(polarity) is Polarity.LOWER_IS_BETTER


def _titles(assessment: Assessment, charted: pd.DataFrame) -> dict[Any, Any]:
    """Each charted indicator's title: the data's name, else the framework's title.

    Only a Fingertips export names its indicators (``indicator_name``); a tidy table
    or a DataFrame need not (a ``KeyError`` from inside pandas before).
    """
    framework = getattr(assessment, "framework", None)  # None: the series alone
    found = framework.elements("indicator") if framework is not None else ()
    titles: dict[Any, Any] = {i.id: i.title for i in found}
    if "indicator_name" in charted.columns:
        given = charted.groupby("indicator", observed=True)["indicator_name"].first().dropna()
        titles = {**titles, **given.astype("str").to_dict()}
    return titles


def _area(area: object) -> str:
    code = one_area(area)
    if code is None:
        raise ArgumentError("area: give the area code to draw")
    return code


def decile_charts(assessment: Assessment, area: str) -> list[dict[str, Any]]:
    """One chart per indicator with deprivation groups for ``area``: its latest set.

    Returns a list of ``{"indicator", "title", "period", "breakdown_type", "sii",
    "lower", "upper", "limits", "unit", "unit_label", "gap_trend", "svg"}`` dicts
    (the dashboard's inequality section); empty when the area has no deprivation
    breakdowns. The limits are the closed form's (``method="closed"`` of
    :func:`~outcomeframe.inequality_table`); ``limits`` says so for a caption
    ("95%, closed form"); ``unit`` is the unit's name, ``unit_label`` as shown.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe.report import decile_charts
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> [c["indicator"] for c in decile_charts(a, "E10000017")]
    ['reception-obesity-5-year']
    """
    area = _area(area)
    series = need_frame(
        getattr(assessment, "series", None), "assessment", ["area_code"], what="an Assessment"
    )
    warn_absent_areas([area], series["area_code"], ", so there is no chart for {them}")
    return area_decile_charts(assessment, area)


def area_decile_charts(assessment: Assessment, area: str) -> list[dict[str, Any]]:
    """:func:`decile_charts` of an area code already checked (the dashboard's)."""
    table = closed_inequality_table(assessment, area)  # the roll-up's too: computed once
    if table is None:  # no deprivation rows: no charts
        return []
    table = table.dropna(subset=["sii"])
    if table.empty:
        return []
    latest = table.sort_values("period", kind="stable").groupby("indicator", sort=True).tail(1)
    series = assessment.series
    charted = series.loc[series["indicator"].isin(latest["indicator"]).to_numpy()]
    names = _titles(assessment, charted)
    groups = charted.loc[
        deprivation_mask(charted["breakdown"]) & (charted["area_code"] == area).to_numpy()
    ]
    # missing as "": a sex or age not given is missing in both tables, and NaN != NaN
    plain = groups.assign(**{k: groups[k].astype("str").fillna("") for k in SET_KEY})
    charts = []
    for _, row in latest.sort_values("indicator").iterrows():  # one per indicator: a handful
        mask = np.ones(len(plain), dtype=bool)
        for key in SET_KEY:
            mask &= (plain[key] == ("" if pd.isna(row[key]) else str(row[key]))).to_numpy()
        rows = groups.loc[mask]
        sign = -1.0 if _low_is_good(rows["polarity"].iloc[0]) else 1.0
        name = str(names.get(row["indicator"], row["indicator"]) or row["indicator"])
        title = f"{name}, {row['period']}"
        charts.append(
            {
                "indicator": str(row["indicator"]),
                "title": title,
                "period": str(row["period"]),
                "breakdown_type": str(row["breakdown_type"]),
                "sii": float(row["sii"]),
                "lower": float(row["sii_lower_95"]),
                "upper": float(row["sii_upper_95"]),
                "limits": _LIMITS,
                "unit": str(row["unit"]),
                "unit_label": unit_label(str(row["unit"])),
                "gap_trend": str(row["gap_trend"]) if pd.notna(row["gap_trend"]) else "",
                "svg": decile_chart_svg(
                    rows,
                    sign * float(row["sii"]),
                    title=title,
                    unit=str(row["unit"]),
                    shown=float(row["sii"]),
                ),
            }
        )
    return charts
