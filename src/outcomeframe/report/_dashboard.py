"""The performance dashboard: one self-contained, accessible HTML page per area.

The page is rendered by a Jinja2 template with autoescaping always on: every
text from the framework or the data is escaped. The only markup inserted
unescaped is the SVG this package writes (its texts escaped when written).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import jinja2
import pandas as pd
from markupsafe import Markup

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Comparison
from outcomeframe.assessment._arguments import as_of_date, one_area, warn_absent_areas
from outcomeframe.assessment._assess import ENGLAND, Assessment
from outcomeframe.assessment._rollup import rollup_of
from outcomeframe.framework._framework import Framework
from outcomeframe.model._elements import Indicator
from outcomeframe.report._common import area_names
from outcomeframe.report._deciles import area_decile_charts
from outcomeframe.report._diagram import diagram_svg
from outcomeframe.report._freshness import data_age
from outcomeframe.report._palette import (
    COMPARISON_COLOURS,
    ROLLUP_COLOURS,
    TREND_SYMBOLS,
    format_value,
)
from outcomeframe.report._rows import badge, indicator_rows, plan_rows
from outcomeframe.report._sources import OGL, OGL_URL, source_entries
from outcomeframe.report._spine import spine_svg
from outcomeframe.report._structure import bodies, enablers, ref, sections

if TYPE_CHECKING:
    import os

__all__ = ["build_dashboard", "write_dashboard"]

#: Most indicators drawn as boxes on the dashboard's diagram; above it, counts per outcome.
DIAGRAM_MAX_INDICATORS = 60

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("outcomeframe.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _status(
    frame: pd.DataFrame | None, element: str, fw: Framework, rows: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """An element's roll-up status, with how old the values behind it are."""
    if frame is None or element not in frame.index:
        return None
    G = fw.graph
    row: dict[Any, Any] = frame.loc[element].to_dict()
    drivers = [d for d in str(row["drivers"]).split(", ") if d in G]
    shown = [rows[d] for d in drivers if d in rows and rows[d]["has_data"]]
    members = _members(fw, element)  # once per element, not once per indicator row
    behind = [r for r in rows.values() if r["has_data"] and r["id"] in members]
    old = [r for r in behind if r["stale"]]
    ends = sorted(behind, key=lambda r: r["period_end"])
    return {
        **badge(str(row["status"]), ROLLUP_COLOURS),
        "drivers": [{**ref(G, d["id"]), "period": d["period"], "stale": d["stale"]} for d in shown],
        "indicators": int(row["indicators"]),
        "with_data": int(row["with_data"]),
        "better": int(row["better"]),
        "similar": int(row["similar"]),
        "worse": int(row["worse"]),
        "improving": int(row["improving"]),
        "worsening": int(row["worsening"]),
        "on_track": int(row["met"]) + int(row["on_track"]),
        "off_track": int(row["off_track"]),
        "oldest": ends[0]["period"] if ends else "",
        "newest": ends[-1]["period"] if ends else "",
        "n_old": len(old),
        "only_old": bool(shown) and all(d["stale"] for d in shown),
    }


def _members(fw: Framework, element: str) -> set[str]:
    from outcomeframe.framework._queries import indicators_for  # noqa: PLC0415 - light

    return indicators_for(fw.graph, element)


def _keys() -> dict[str, Any]:
    return {
        "comparison_key": [
            badge(k.value, COMPARISON_COLOURS)
            for k in (
                Comparison.BETTER,
                Comparison.SIMILAR,
                Comparison.WORSE,
                Comparison.NOT_COMPARED,
            )
        ],
        "rollup_key": [badge(k, ROLLUP_COLOURS) for k in ROLLUP_COLOURS],
        "trend_key": [
            {"label": k, "symbol": s, "colour": c} for k, (s, c) in TREND_SYMBOLS.items()
        ],
    }


def _plan_sources(fw: Framework) -> list[dict[str, str]]:
    """Where each indicator's data are published, as the plan names them."""
    found: dict[str, list[str]] = {}
    for ind in fw.elements(Indicator):
        where = ind.source or (
            f"OHID Fingertips indicator {ind.fingertips_id}" if ind.fingertips_id else ""
        )
        if where:
            found.setdefault(where, []).append(ind.title)
    return [
        {"name": k, "licence": "", "indicators": "; ".join(v)} for k, v in sorted(found.items())
    ]


@attrs.frozen
class _Results:
    """What the assessment says of one area, for the page (empty for the plan alone)."""

    rows: dict[str, dict[str, Any]]
    roll: pd.DataFrame | None = None
    names: dict[str, str] = attrs.Factory(dict)
    spine: str = ""
    reference: str = ""


def _results(
    fw: Framework, assessment: Assessment | None, code: str | None, as_of: dt.date | str | None
) -> _Results:
    """The indicator rows, roll-up, spine chart and reference date of the area."""
    if assessment is None or code is None:
        return _Results(rows=plan_rows(fw))
    ages = data_age(assessment, area=code, as_of=as_of)
    rows = indicator_rows(assessment, code, ages)
    spine = spine_svg(assessment, area=code) if any(r["has_data"] for r in rows.values()) else ""
    reference = str(pd.Timestamp(ages["as_of"].iloc[0]).date()) if len(ages) else ""
    if not reference:
        reference = str(pd.Timestamp(as_of or assessment.series["period_end"].max()).date())
    return _Results(
        rows=rows,
        roll=rollup_of(assessment, [code], ages={code: ages}).set_index("element"),
        names=area_names(assessment.series),
        spine=spine,
        reference=reference,
    )


def _benchmark_name(fw: Framework, assessment: Assessment | None, names: dict[str, str]) -> str:
    """The benchmark's name (names gain the plan's own area and benchmark names)."""
    meta = fw.metadata
    if assessment is not None:
        bench = assessment.benchmark
    else:
        bench = meta.benchmark.code if meta.benchmark else ENGLAND
    for area in (meta.area, meta.benchmark):
        if area is not None and area.name:
            names.setdefault(area.code, area.name)
    return names.get(bench, "England" if bench == ENGLAND else bench)


def _diagram(fw: Framework, n_indicators: int) -> tuple[str, tuple[str, ...]]:
    """The framework diagram, and the kinds collapsed in it (indicators too in a big plan)."""
    collapse: tuple[str, ...] = ("action", "enabler")
    if n_indicators > DIAGRAM_MAX_INDICATORS:
        collapse = ("action", "enabler", "indicator")
    diagram = diagram_svg(
        fw,
        collapse=collapse,
        alt=f"Diagram of {fw.title}: vision, priorities, objectives, outcomes and indicators",
    )
    return diagram, collapse


def _data_notes(assessment: Assessment | None) -> dict[str, Any]:
    """The data section: sources and their licences, and the rows set aside and why."""
    if assessment is None:
        sources: list[dict[str, str]] = []
        rejected, reasons = pd.DataFrame(), []
    else:
        sources = source_entries(assessment.series["source"].drop_duplicates().astype("str"))
        rejected = assessment.rejected
        reasons = (
            list(rejected["reason"].astype("str").value_counts().head(10).items())
            if len(rejected)
            else []
        )
    return {
        "sources": sources,
        "ogl": any(s["licence"] == OGL for s in sources),
        "ogl_name": OGL,
        "ogl_url": OGL_URL,
        "rejected": len(rejected),
        "reject_reasons": reasons,
    }


def _context(
    fw: Framework, assessment: Assessment | None, code: str | None, as_of: dt.date | str | None
) -> dict[str, Any]:
    """Everything the dashboard template shows, in named steps."""
    meta = fw.metadata
    found = _results(fw, assessment, code, as_of)
    rows, roll, names = found.rows, found.roll, dict(found.names)
    bench_name = _benchmark_name(fw, assessment if code is not None else None, names)
    parts = sections(fw, rows)
    for group in (parts["priorities"], parts["direct"]):
        for s in group:
            s["status"] = _status(roll, s["id"], fw, rows)
    visions = list(fw.elements("vision"))
    diagram, collapse = _diagram(fw, len(rows))
    with_data = [r for r in rows.values() if r["has_data"]]
    return {
        "plan_only": assessment is None,
        "title": fw.title,
        "organisation": meta.organisation,
        "plan_period": meta.period,
        "description": meta.description,
        "plan_source": meta.source,
        "area_code": code or "",
        "area_name": names.get(code, code) if code else "",
        "benchmark_name": bench_name,
        "comparators": [a.name or a.code for a in meta.comparators],
        "visions": visions,
        "vision_status": [s for v in visions if (s := _status(roll, v.id, fw, rows)) is not None],
        "bodies": bodies(fw),
        "enablers": enablers(fw.graph),
        "sections": parts["priorities"],
        "direct": parts["direct"],
        "others": parts["others"],
        "summary": parts["priorities"] + parts["direct"],
        "show_comparators": any(r.get("comparators") for r in with_data),
        "n_indicators": len(rows),
        "n_with_data": len(with_data),
        "no_data": [r for r in rows.values() if not r["has_data"] and not r.get("suppressed")],
        "suppressed": [r for r in rows.values() if r.get("suppressed")],
        "old": [r for r in with_data if r["stale"]],
        "as_of": found.reference,
        "diagram_svg": Markup(diagram),
        "collapsed_indicators": "indicator" in collapse,
        "spine_svg": Markup(found.spine),
        "decile_charts": _deciles(assessment, code),
        "plan_sources": _plan_sources(fw),
        **_data_notes(assessment),
        **_keys(),
        "generated": dt.date.today().isoformat(),
    }


def _deciles(assessment: Assessment | None, code: str | None) -> list[dict[str, Any]]:
    """The inequality section: decile charts (SVG written escaped) and their captions."""
    if assessment is None or code is None:
        return []
    charts = area_decile_charts(assessment, code)
    for c in charts:
        c["svg"] = Markup(c["svg"])  # every text in it is escaped by decile_chart_svg
        for key in ("sii", "lower", "upper"):
            c[f"{key}_text"] = format_value(c[key])
    return charts


def build_dashboard(
    assessment: Assessment | Framework,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
) -> str:
    """Return the performance dashboard of one area as a self-contained HTML page.

    The page holds the vision, the plan's enablers and principles with what
    each enables, and its governance; a roll-up summary per priority with the
    indicators that drove it and how old their values are; a spine chart; the
    framework diagram; a section per priority (and one for the objectives and
    outcomes that serve the vision directly) with its objectives, outcomes and
    one row per indicator (latest value and 95% interval, period, benchmark and
    comparator values, the comparison coloured *and* labelled, the recent trend
    as arrow and words, an inline trend chart and the target status), and the
    indicator's breakdowns by sex, age and category; and a data section:
    indicators with no data and where to get them, indicators whose values are
    all suppressed, values out of date (see :func:`stale_rows`), rejected
    rows, the sources and their licences.

    Given a :class:`~outcomeframe.Framework` instead of an assessment, the page
    is the plan alone: its structure, its indicators and where their data are
    published.

    Everything is inline (CSS and SVG): no script, font, image or style sheet
    is fetched, so the file works offline from ``file://``. Every text from the
    framework or the data is HTML-escaped. The page prints on A4, portrait or
    landscape, each priority on a new page.

    Parameters
    ----------
    assessment : Assessment or Framework
        The assessment to show (:meth:`Framework.assess`), or a framework alone.
    area : str, optional
        The area code; default the plan's own area. Every part of the page is
        for this area.
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
    >>> plan = report.build_dashboard(of.examples.load("trafford"))
    >>> "Early years workforce strategy" in plan
    True
    """
    if isinstance(assessment, Framework):
        return _ENV.get_template("dashboard.html.j2").render(
            **_context(assessment, None, None, None)
        )
    if not isinstance(assessment, Assessment):
        raise ArgumentError(
            f"assessment: expected an Assessment or a Framework, got {type(assessment).__name__}"
        )
    code = one_area(area) or assessment.area
    if code is None:
        raise ArgumentError("area: the framework names no area; give one")
    if area is not None:
        then = ", so the dashboard shows no value for {them}"
        warn_absent_areas([code], assessment.table["area_code"], then)
    context = _context(assessment.framework, assessment, code, as_of_date(as_of))
    return _ENV.get_template("dashboard.html.j2").render(**context)


def write_dashboard(
    assessment: Assessment | Framework,
    path: str | os.PathLike[str],
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
) -> Path:
    """Write the dashboard of :func:`build_dashboard` to ``path`` (UTF-8); return the path.

    The command ``outcomeframe report`` writes the same page.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import outcomeframe as of
    >>> from outcomeframe import report
    >>> a = of.examples.load("lancashire").assess(of.examples.data("lancashire"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = report.write_dashboard(a, pathlib.Path(tmp) / "blackpool.html",
    ...                                  area="E06000009")
    ...     "Performance dashboard for <strong>Blackpool</strong>" in out.read_text("utf-8")
    True
    """
    from outcomeframe.io._write import as_path, write_bytes  # noqa: PLC0415 - for writing only

    out = as_path(path)
    write_bytes(out, build_dashboard(assessment, area=area, as_of=as_of).encode("utf-8"))
    return out
