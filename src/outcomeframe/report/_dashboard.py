"""The performance dashboard: one self-contained, accessible HTML page per area.

The page is rendered by a Jinja2 template with autoescaping always on: every
text from the framework or the data is escaped. The only markup inserted
unescaped is the SVG this package writes (:func:`to_svg`, :func:`sparkline_svg`),
whose texts are escaped when written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from outcomeframe._errors import ArgumentError
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.assessment._rollup import rollup
from outcomeframe.framework._queries import indicators_for
from outcomeframe.model._elements import Indicator
from outcomeframe.report._charts import area_names, sparkline_svg, spine_chart, to_svg
from outcomeframe.report._diagram import framework_diagram
from outcomeframe.report._palette import (
    COMPARISON_COLOURS,
    ROLLUP_COLOURS,
    TARGET_COLOURS,
    TREND_SYMBOLS,
    format_value,
    text_colour,
    unit_label,
)

if TYPE_CHECKING:
    import os

    import networkx as nx

__all__ = ["build_dashboard", "stale_rows", "write_dashboard"]

#: Most indicators drawn as boxes on the dashboard's diagram; above it, counts per outcome.
DIAGRAM_MAX_INDICATORS = 60

_OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("outcomeframe.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _badge(label: str, colours: dict[str, str]) -> dict[str, str]:
    fill = colours.get(label, "#FFFFFF")
    return {"label": label, "fill": fill, "ink": text_colour(fill)}


# --------------------------------------------------------------------------- data age
def stale_rows(
    assessment: Assessment,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    max_age: pd.DateOffset | None = None,
) -> pd.DataFrame:
    """Rows of one area whose latest period ended more than a year before the data's newest.

    The rule: a value is *old* when its period ends more than ``max_age`` (one
    year) before ``as_of``, which is by default the newest period end anywhere
    in the assessment's data (not today's date, so the same data always give
    the same dashboard; pass ``as_of=datetime.date.today()`` to judge against today).

    Parameters
    ----------
    assessment : Assessment
        The assessment.
    area : str, optional
        The area code; default the assessment's own area.
    as_of : date or str, optional
        The reference date; default the newest ``period_end`` in ``assessment.series``.
    max_age : pandas.DateOffset, optional
        Default one year.

    Returns
    -------
    pandas.DataFrame
        The whole-population rows of :attr:`Assessment.table` for the area that are
        old, with ``as_of`` and ``age_days`` columns added.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> old = report.stale_rows(a)
    >>> sorted(old["indicator"].astype(str)), str(old["as_of"].iloc[0].date())
    (['school-readiness-gld-fsm', 'smoking-at-time-of-delivery', 'under-18-conception-rate'],
     '2025-08-31')
    """
    code = area or assessment.area
    if code is None:
        raise ArgumentError("area: the framework names no area; give one")
    reference = (
        pd.Timestamp(as_of)
        if as_of is not None
        else pd.Timestamp(assessment.series["period_end"].max())
    )
    age = max_age if max_age is not None else pd.DateOffset(years=1)
    rows = _area_rows(assessment.table, code)
    old = rows.loc[rows["period_end"] < reference - age].copy()
    old["as_of"] = reference
    old["age_days"] = (reference - old["period_end"]).dt.days
    return old.reset_index(drop=True)


def _area_rows(table: pd.DataFrame, code: str) -> pd.DataFrame:
    mask = (table["area_code"] == code) & table["headline"].astype(bool)
    return table.loc[mask].drop_duplicates("indicator")


# --------------------------------------------------------------------------- rows
def _comparator_values(
    assessment: Assessment, rows: pd.DataFrame, codes: list[str]
) -> dict[str, list[tuple[str, str]]]:
    """Per indicator: (comparator name, value) at the area's period (one merge)."""
    if not codes or rows.empty:
        return {}
    series = assessment.series
    wanted = series.loc[
        series["area_code"].isin(codes) & series["headline"].astype(bool),
        ["indicator", "period", "area_code", "value"],
    ].astype({"indicator": "str", "period": "str", "area_code": "str"})
    keys = rows[["indicator", "period", "unit"]].astype("str")
    found = keys.merge(wanted, on=["indicator", "period"], how="inner")
    names = {a.code: a.name or a.code for a in assessment.framework.metadata.comparators}
    out: dict[str, list[tuple[str, str]]] = {}
    for ind, code, value, unit in zip(  # one per comparator value shown
        found["indicator"], found["area_code"], found["value"], found["unit"], strict=True
    ):
        out.setdefault(str(ind), []).append(
            (names.get(str(code), str(code)), format_value(float(value), str(unit)))
        )
    return out


def _missing_reason(assessment: Assessment, present_elsewhere: set[str]) -> dict[str, str]:
    missing = assessment.missing
    reasons = dict(
        zip(missing["indicator"].astype("str"), missing["reason"].astype("str"), strict=True)
    )
    for ind in present_elsewhere:
        reasons.setdefault(ind, "the data have rows for other areas or breakdowns only")
    return reasons


def _where(element: Any) -> str:
    if getattr(element, "fingertips_id", None):
        return f"OHID Fingertips indicator {element.fingertips_id}"
    return str(element.source) if getattr(element, "source", None) else "no source recorded"


def _target_text(element: Any) -> str:
    target = getattr(element, "target", None)
    if target is None:
        return ""
    if target.wording:
        return str(target.wording)
    parts = []
    if target.value is not None:
        direction = {"at_least": "at least ", "at_most": "at most "}.get(
            target.direction.value if target.direction else "", ""
        )
        parts.append(f"{direction}{format_value(target.value, target.unit or element.unit)}")
    if target.benchmark:
        parts.append(f"reach {target.benchmark}")
    if target.by:
        parts.append(f"by {target.by}")
    return " ".join(parts)


def _indicator_rows(
    assessment: Assessment, code: str, as_of: dt.date | str | None
) -> dict[str, dict[str, Any]]:
    fw = assessment.framework
    table = assessment.table
    rows = _area_rows(table, code)
    rows = rows.assign(indicator=rows["indicator"].astype("str"))
    by_id = rows.set_index("indicator")
    old = set(stale_rows(assessment, area=code, as_of=as_of)["indicator"].astype("str"))
    comparators = _comparator_values(assessment, rows, [a.code for a in fw.metadata.comparators])
    series = assessment.series
    bench = assessment.benchmark
    near = series.loc[series["area_code"].isin([code, bench]) & series["headline"].astype(bool)]
    groups = {str(k): g for k, g in near.groupby(near["indicator"].astype("str"), observed=True)}
    elsewhere = set(table["indicator"].astype("str")) - set(by_id.index)
    reasons = _missing_reason(assessment, elsewhere)
    out: dict[str, dict[str, Any]] = {}
    for element in fw.elements(Indicator):  # one row per indicator: presentation
        ind = element.id
        unit = str(element.unit)
        base: dict[str, Any] = {
            "id": ind,
            "title": element.title,
            "unit": unit_label(unit),
            "polarity": (
                element.polarity.value.replace("_", " ") if element.polarity else "no judgement"
            ),
            "target_text": _target_text(element),
            "where": _where(element),
        }
        if ind not in by_id.index:
            base.update(has_data=False, reason=reasons.get(ind, "no data supplied"))
            out[ind] = base
            continue
        row: dict[Any, Any] = by_id.loc[ind].to_dict()
        trend = str(row["trend"])
        symbol, trend_colour = TREND_SYMBOLS.get(trend, ("", "#000000"))
        low, high = float(row["lower_95"]), float(row["upper_95"])
        ci = (
            f"{format_value(low, unit)} to {format_value(high, unit)}"
            if np.isfinite(low) and np.isfinite(high)
            else "not published"
        )
        group = groups.get(ind)
        spark = sparkline_svg(group, ind, area=code, benchmark=bench) if group is not None else ""
        base.update(
            has_data=True,
            period=str(row["period"]),
            value=format_value(float(row["value"]), unit),
            ci=ci,
            benchmark=format_value(float(row["benchmark_value"]), unit),
            comparators=comparators.get(ind, []),
            comparison=_badge(str(row["comparison"]), COMPARISON_COLOURS),
            comparison_reason=(
                str(row["comparison_reason"])
                if str(row["comparison_reason"]) not in ("nan", "None", "<NA>")
                else ""
            ),
            trend={"label": trend, "symbol": symbol, "colour": trend_colour},
            spark=Markup(spark),
            target=_badge(str(row["target_status"]), TARGET_COLOURS),
            stale=ind in old,
            period_end=str(pd.Timestamp(row["period_end"]).date()),
        )
        out[ind] = base
    return out


# --------------------------------------------------------------------------- structure
def _children(G: nx.DiGraph[str], node: str, kind: str) -> list[str]:
    return [n for n in G.predecessors(node) if G.nodes[n].get("kind") == kind]


def _ref(G: nx.DiGraph[str], node: str) -> dict[str, str]:
    return {"id": node, "title": str(G.nodes[node]["title"])}


def _outcome(G: nx.DiGraph[str], node: str) -> dict[str, Any]:
    data = G.nodes[node]
    return {
        "id": node,
        "title": data["title"],
        "indicators": [_ref(G, i) for i in _children(G, node, "indicator")],
    }


def _status(frame: pd.DataFrame, element: str, G: nx.DiGraph[str]) -> dict[str, Any]:
    row: dict[Any, Any] = frame.loc[element].to_dict()
    drivers = [d for d in str(row["drivers"]).split(", ") if d]
    return {
        **_badge(str(row["status"]), ROLLUP_COLOURS),
        "drivers": [_ref(G, d) for d in drivers if d in G],
        "indicators": int(row["indicators"]),
        "with_data": int(row["with_data"]),
        "better": int(row["better"]),
        "similar": int(row["similar"]),
        "worse": int(row["worse"]),
        "improving": int(row["improving"]),
        "worsening": int(row["worsening"]),
        "on_track": int(row["met"]) + int(row["on_track"]),
        "off_track": int(row["off_track"]),
    }


def _sources(assessment: Assessment) -> list[str]:
    found: list[str] = []
    if "source" in assessment.series.columns:
        found.extend(str(s) for s in pd.unique(assessment.series["source"].dropna().astype("str")))
    return sorted(set(found))


def _context(assessment: Assessment, code: str, as_of: dt.date | str | None) -> dict[str, Any]:
    fw = assessment.framework
    G = fw.graph
    meta = fw.metadata
    names = area_names(assessment.series)
    if meta.area is not None and meta.area.name:
        names.setdefault(meta.area.code, meta.area.name)
    bench = assessment.benchmark
    bench_name = names.get(bench, "England" if bench == ENGLAND else bench)
    rows = _indicator_rows(assessment, code, as_of)
    roll = rollup(assessment, area=code).set_index("element")
    priorities = [e.id for e in fw.elements("priority")]
    placed: dict[str, str] = {}
    sections = []
    for pid in priorities:  # one section per priority: presentation
        own = sorted(indicators_for(G, pid), key=list(rows).index)
        primary = [i for i in own if i not in placed]
        placed.update(dict.fromkeys(primary, pid))
        sections.append(
            {
                "id": pid,
                "title": G.nodes[pid]["title"],
                "description": G.nodes[pid]["element"].description,
                "status": _status(roll, pid, G),
                "objectives": [
                    {
                        "id": o,
                        "title": G.nodes[o]["title"],
                        "outcomes": [_outcome(G, oc) for oc in _children(G, o, "outcome")],
                    }
                    for o in _children(G, pid, "objective")
                ],
                "outcomes": [_outcome(G, oc) for oc in _children(G, pid, "outcome")],
                "actions": [_ref(G, a) for a in _children(G, pid, "action")],
                "rows": [rows[i] for i in primary],
                "elsewhere": [
                    {**_ref(G, i), "section": G.nodes[placed[i]]["title"], "section_id": placed[i]}
                    for i in own
                    if placed[i] != pid
                ],
            }
        )
    others = [rows[i] for i in rows if i not in placed]
    visions = list(fw.elements("vision"))
    bodies = [
        {
            "title": b.title,
            "reports_to": [
                str(G.nodes[t]["title"])
                for t in G.successors(b.id)
                if G.nodes[t].get("kind") == "body"
            ],
        }
        for b in fw.elements("body")
    ]
    no_data = [r for r in rows.values() if not r["has_data"]]
    old = [r for r in rows.values() if r["has_data"] and r["stale"]]
    reference = stale_rows(assessment, area=code, as_of=as_of)
    as_of_text = (
        str(pd.Timestamp(as_of).date())
        if as_of is not None
        else str(pd.Timestamp(assessment.series["period_end"].max()).date())
    )
    n_indicators = len(rows)
    collapse: tuple[str, ...] = ("action", "enabler")
    if n_indicators > DIAGRAM_MAX_INDICATORS:
        collapse = ("action", "enabler", "indicator")
    diagram = framework_diagram(fw, collapse=collapse)
    diagram_svg = to_svg(
        diagram,
        alt=f"Diagram of {fw.title}: vision, priorities, objectives, outcomes and indicators",
        id_prefix="diagram",
    )
    del diagram
    spine_svg = ""
    if any(r["has_data"] for r in rows.values()):
        spine = spine_chart(assessment, area=code)
        spine_svg = to_svg(
            spine,
            alt=f"Spine chart of {names.get(code, code)}'s indicators against "
            f"{bench_name} and the other areas",
            id_prefix="spine",
        )
        del spine
    sources = _sources(assessment)
    ogl = any("ogl" in s.lower() or "open government licence" in s.lower() for s in sources)
    rejected = assessment.rejected
    reject_reasons = (
        rejected["reason"].astype("str").value_counts().head(10).items() if len(rejected) else []
    )
    return {
        "title": fw.title,
        "organisation": meta.organisation,
        "plan_period": meta.period,
        "description": meta.description,
        "plan_source": meta.source,
        "area_code": code,
        "area_name": names.get(code, code),
        "benchmark_name": bench_name,
        "benchmark_code": bench,
        "comparators": [a.name or a.code for a in meta.comparators],
        "visions": visions,
        "bodies": bodies,
        "vision_status": [_status(roll, v.id, G) for v in visions if v.id in roll.index],
        "summary": [{**_ref(G, s["id"]), "status": s["status"]} for s in sections],
        "sections": sections,
        "others": others,
        "show_comparators": any(r.get("comparators") for r in rows.values()),
        "n_indicators": n_indicators,
        "n_with_data": n_indicators - len(no_data),
        "no_data": no_data,
        "old": old,
        "as_of": as_of_text,
        "reference_rows": len(reference),
        "diagram_svg": Markup(diagram_svg),
        "collapsed_indicators": "indicator" in collapse,
        "spine_svg": Markup(spine_svg),
        "sources": sources,
        "ogl": ogl,
        "ogl_url": _OGL,
        "rejected": len(rejected),
        "reject_reasons": list(reject_reasons),
        "comparison_key": [
            _badge(k, COMPARISON_COLOURS) for k in ("Better", "Similar", "Worse", "Not compared")
        ],
        "rollup_key": [_badge(k, ROLLUP_COLOURS) for k in ROLLUP_COLOURS],
        "trend_key": [
            {"label": k, "symbol": s, "colour": c} for k, (s, c) in TREND_SYMBOLS.items()
        ],
        "generated": dt.date.today().isoformat(),
    }


def build_dashboard(
    assessment: Assessment, *, area: str | None = None, as_of: dt.date | str | None = None
) -> str:
    """Return the performance dashboard of one area as a self-contained HTML page.

    The page holds the vision; a roll-up summary per priority with the
    indicators that drove it; a spine chart; the framework diagram; a section
    per priority with its objectives, outcomes and one row per indicator (latest
    value and 95% interval, period, benchmark and comparator values, the
    comparison coloured *and* labelled, the recent trend as arrow and words, an
    inline trend chart and the target status); and a data section: indicators
    with no data and where to get them, data more than a year old (see
    :func:`stale_rows`), rejected rows, the sources and the licence.

    Everything is inline (CSS and SVG): no script, font, image or style sheet
    is fetched, so the file works offline from ``file://``. Every text from the
    framework or the data is HTML-escaped.

    Parameters
    ----------
    assessment : Assessment
        The assessment to show (:meth:`Framework.assess`).
    area : str, optional
        The area code; default the plan's own area.
    as_of : date or str, optional
        Reference date of the data-age rule; default the newest period in the data.

    Returns
    -------
    str
        The HTML text.

    Raises
    ------
    ArgumentError
        When no area is given and the framework names none.

    Examples
    --------
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("trafford").assess(of.examples.data("trafford"))
    >>> html = report.build_dashboard(a)
    >>> html.count('class="indicator-row') == len(list(a.framework.elements("indicator")))
    True
    """
    if not isinstance(assessment, Assessment):
        raise ArgumentError(f"assessment: expected an Assessment, got {type(assessment).__name__}")
    code = area or assessment.area
    if code is None:
        raise ArgumentError("area: the framework names no area; give one")
    return _ENV.get_template("dashboard.html.j2").render(**_context(assessment, code, as_of))


def write_dashboard(
    assessment: Assessment,
    path: str | os.PathLike[str],
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
) -> Path:
    """Write the dashboard of :func:`build_dashboard` to ``path`` (UTF-8); return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = report.write_dashboard(a, pathlib.Path(tmp) / "dashboard.html")
    ...     out.read_text(encoding="utf-8").count("<h1>")
    1
    """
    out = Path(path)
    out.write_text(build_dashboard(assessment, area=area, as_of=as_of), encoding="utf-8")
    return out
