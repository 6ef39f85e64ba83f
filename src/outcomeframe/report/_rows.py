"""The dashboard's rows: one per indicator of the area, and its breakdowns (sex, age, categories).

Each function works on whole tables (one filter, one merge, one groupby); the
loops left run once per indicator or per breakdown row shown, to format text.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from outcomeframe.assessment._assessment import Assessment
from outcomeframe.assessment._headline import headline_mask
from outcomeframe.framework._framework import Framework
from outcomeframe.model._elements import Indicator
from outcomeframe.report._funnel import funnel_charts
from outcomeframe.report._palette import (
    COMPARISON_COLOURS,
    TARGET_COLOURS,
    TREND_SYMBOLS,
    format_count,
    format_value,
    text_colour,
    unit_label,
)
from outcomeframe.report._spark import breakdown_bar_svg, sparkline_map

__all__: list[str] = []

_BLANK = ("nan", "None", "<NA>", "")


def badge(label: str, colours: dict[str, str]) -> dict[str, str]:
    """A label with its fill colour and the ink that contrasts with it."""
    fill = colours.get(label, "#FFFFFF")
    return {"label": label, "fill": fill, "ink": text_colour(fill)}


def _text(value: Any) -> str:
    text = str(value)
    return "" if text in _BLANK else text


def area_rows(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """The headline rows of one area, one per indicator."""
    mask = (table["area_code"] == code) & headline_mask(table)
    return table.loc[mask].drop_duplicates("indicator")


def where(element: Indicator) -> str:
    """Where to get an indicator's data, in words."""
    if element.fingertips_id:
        return f"OHID Fingertips indicator {element.fingertips_id}"
    return str(element.source) if element.source else "no source recorded"


def target_text(element: Indicator) -> str:
    """The plan's target in its own words, else built from its value, benchmark and date."""
    target = element.target
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


def definition(element: Indicator) -> dict[str, Any]:
    """The parts of an indicator's row that come from the plan alone."""
    unit = unit_label(str(element.unit))
    polarity = element.polarity.value.replace("_", " ") if element.polarity else "no judgement"
    return {
        "id": element.id,
        "title": element.title,
        "unit": unit,
        "polarity": polarity,
        "about": "; ".join(p for p in (unit, polarity) if p),
        "target_text": target_text(element),
        "where": where(element),
        "source": element.source or "",
        "fingertips_id": element.fingertips_id,
        "measure": element.measure.value,
        "numerator": element.numerator or "",
        "denominator": element.denominator or "",
        "has_data": False,
        "suppressed": False,
        "breakdowns": [],
        "funnel": "",
    }


def plan_rows(framework: Framework) -> dict[str, dict[str, Any]]:
    """One row per indicator of a plan without data."""
    return {
        e.id: {**definition(e), "reason": "no data supplied"} for e in framework.elements(Indicator)
    }


def _comparator_values(
    assessment: Assessment, rows: pd.DataFrame, codes: list[str]
) -> dict[str, list[tuple[str, str]]]:
    """Per indicator: (comparator name, value) at the area's period (one merge)."""
    if not codes or rows.empty:
        return {}
    series = assessment.series
    wanted = series.loc[
        series["area_code"].isin(codes) & headline_mask(series),
        ["indicator", "period", "area_code", "value"],
    ].astype({"indicator": "str", "period": "str", "area_code": "str"})
    keys = rows[["indicator", "period", "unit", "measure"]].astype("str")
    found = keys.merge(wanted, on=["indicator", "period"], how="inner")
    names = {a.code: a.name or a.code for a in assessment.framework.metadata.comparators}
    out: dict[str, list[tuple[str, str]]] = {}
    for ind, code, value, unit, measure in zip(  # one per comparator value shown
        found["indicator"], found["area_code"], found["value"], found["unit"], found["measure"],
        strict=True,
    ):  # fmt: skip
        out.setdefault(str(ind), []).append(
            (names.get(str(code), str(code)), format_value(float(value), unit, measure=measure))
        )
    return out


def _reasons(assessment: Assessment, present_elsewhere: set[str]) -> dict[str, str]:
    missing = assessment.missing
    reasons = dict(
        zip(missing["indicator"].astype("str"), missing["reason"].astype("str"), strict=True)
    )
    for ind in present_elsewhere:
        reasons.setdefault(ind, "the data have rows for other areas only")
    return reasons


def _interval(low: float, high: float, unit: str, measure: str) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not published"
    return (
        f"{format_value(low, unit, measure=measure)} to {format_value(high, unit, measure=measure)}"
    )


#: The columns of the assessment table an indicator's row shows.
_ROW = ["period", "value", "lower_95", "upper_95", "benchmark_value", "comparison",
        "comparison_reason", "published_comparison", "trend", "target_status", "period_end"]  # fmt: skip


def indicator_rows(
    assessment: Assessment, code: str, ages: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """One row per indicator of the framework for area ``code`` (with or without data)."""
    fw = assessment.framework
    table = assessment.table
    rows = area_rows(table, code)
    rows = rows.assign(indicator=rows["indicator"].astype("str"))
    by_id = rows.set_index("indicator")
    age = ages.set_index("indicator")
    comparators = _comparator_values(assessment, rows, [a.code for a in fw.metadata.comparators])
    series = assessment.series
    bench = assessment.benchmark
    sparks = sparkline_map(series, area=code, benchmark=bench)  # every indicator in one pass
    elsewhere = set(table["indicator"].drop_duplicates().astype("str")) - set(by_id.index)
    reasons = _reasons(assessment, elsewhere)
    splits = breakdowns(table, code)
    funnels = funnel_charts(series, code)  # many small areas: a funnel plot each
    found: dict[Any, dict[Any, Any]] = by_id[[c for c in _ROW if c in by_id.columns]].to_dict(
        "index"
    )
    fresh_rows: dict[Any, dict[Any, Any]] = age.to_dict("index")
    out: dict[str, dict[str, Any]] = {}
    for element in fw.elements(Indicator):  # one row per indicator: presentation
        ind = element.id
        base = definition(element)
        base["breakdowns"] = splits.get(ind, [])
        if ind not in found:
            base["reason"] = reasons.get(ind, "no data supplied")
            out[ind] = base
            continue
        row = found[ind]
        unit, measure = str(element.unit), element.measure.value
        value = float(row["value"])
        if not np.isfinite(value):  # every row of the series is suppressed
            base["reason"] = _text(row["comparison_reason"]) or "all rows supplied are suppressed"
            base["suppressed"] = True
            out[ind] = base
            continue
        trend = str(row["trend"])
        symbol, trend_colour = TREND_SYMBOLS.get(trend, ("", "#000000"))
        spark = sparks.get(ind, "")
        fresh = fresh_rows.get(ind)
        published = _text(row.get("published_comparison"))
        base.update(
            has_data=True,
            period=str(row["period"]),
            value=format_value(value, unit, measure=measure),
            ci=_interval(float(row["lower_95"]), float(row["upper_95"]), unit, measure),
            benchmark=format_value(float(row["benchmark_value"]), unit, measure=measure),
            comparators=comparators.get(ind, []),
            comparison=badge(str(row["comparison"]), COMPARISON_COLOURS),
            comparison_reason=_text(row["comparison_reason"]),
            published=badge(published, COMPARISON_COLOURS) if published else None,
            trend={"label": trend, "symbol": symbol, "colour": trend_colour},
            spark=Markup(spark),
            target=badge(str(row["target_status"]), TARGET_COLOURS),
            stale=bool(fresh["stale"]) if fresh is not None else False,
            age=str(fresh["age"]) if fresh is not None else "",
            frequency=str(fresh["frequency"]) if fresh is not None else "",
            expected_by=str(fresh["expected_by"].date()) if fresh is not None else "",
            period_end=str(pd.Timestamp(row["period_end"]).date()),
            funnel=Markup(funnels.get(ind, "")),  # every text in it escaped by funnel_svg
        )
        out[ind] = base
    return out


# --------------------------------------------------------------------------- breakdowns
_ORDINAL = {"most": 0, "second most": 1, "third most": 2, "fourth most": 3, "average": 4.5,
            "middle": 4.5, "fourth least": 6, "third least": 7, "second least": 8, "least": 9}  # fmt: skip
_DEPRIVED = re.compile(r"^(most|second most|third most|fourth most|average|middle|fourth least|"
                       r"third least|second least|least)\b", re.IGNORECASE)  # fmt: skip
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _words(column: pd.Series[Any]) -> pd.Series[Any]:
    """A text column as plain strings, missing as ""."""
    return column.astype("object").where(column.notna(), "").astype("str")


def _order(label: str) -> tuple[float, str]:
    """Sort key of a category: deprivation words and numbers in order, else alphabetical."""
    found = _DEPRIVED.match(label)
    if found:
        return float(_ORDINAL[found.group(1).lower()]), label
    number = _NUMBER.search(label)
    return (float(number.group(0)) if number else 1e9), label


def _breakdown_row(
    r: dict[Any, Any], unit: str, measure: str, reference: float, top: float
) -> dict[str, Any]:
    """One group of a breakdown: its value, interval, counts, comparison and bar."""
    value, low, high = float(r["value"]), float(r["lower_95"]), float(r["upper_95"])
    count, denominator = float(r["count"]), float(r["denominator"])
    return {
        "label": str(r["label"]),
        "period": str(r["period"]),
        "value": format_value(value, unit, measure=measure) if np.isfinite(value) else "suppressed",
        "ci": _interval(low, high, unit, measure),
        "counts": (
            f"{format_count(count)} of {format_count(denominator)}"
            if np.isfinite(count) and np.isfinite(denominator)
            else ""
        ),
        "comparison": badge(str(r["comparison"]), COMPARISON_COLOURS),
        "bar": Markup(
            breakdown_bar_svg(
                value,
                low,
                high,
                scale_max=top,
                reference=reference,
                fill=COMPARISON_COLOURS.get(str(r["comparison"]), "#DDDDDD"),
            )
        ),
    }


#: The columns a breakdown's rows show.
_SHOWN = ["indicator", "group", "label", "period", "value", "lower_95", "upper_95", "count",
          "denominator", "comparison", "unit", "measure"]  # fmt: skip


def breakdowns(table: pd.DataFrame, code: str) -> dict[str, list[dict[str, Any]]]:
    """Per indicator: its breakdowns for area ``code`` (sex, age, each category type).

    The rows of the indicator and area that are not the headline: another sex
    or age with no category ("By sex", "By age"), or a category (grouped by
    its category type). Each breakdown has its rows in order, with a bar on
    a scale shared by the breakdown and the headline value as reference.
    """
    mine = table.loc[table["area_code"] == code]
    if mine.empty:
        return {}
    head = mine.loc[headline_mask(mine)].drop_duplicates("indicator")
    head = head.assign(indicator=head["indicator"].astype("str")).set_index("indicator")
    rest = mine.loc[~headline_mask(mine)].copy()
    if rest.empty:
        return {}
    rest["indicator"] = rest["indicator"].astype("str")
    rest = rest.loc[rest["indicator"].isin(head.index)]
    head_sex = rest["indicator"].map(_words(head["sex"]))
    head_age = rest["indicator"].map(_words(head["age"]))
    sex, age, kind = _words(rest["sex"]), _words(rest["age"]), _words(rest["breakdown_type"])
    total = kind.eq("Total")
    rest["group"] = np.select(
        [~total, sex.ne(head_sex) & age.eq(head_age), sex.eq(head_sex)],
        [kind, "Sex", "Age"],
        default="Sex and age",
    )
    rest["label"] = np.select(
        [~total, rest["group"].eq("Sex"), rest["group"].eq("Age")],
        [_words(rest["breakdown"]), sex, age],
        default=sex + ", " + age.where(age.ne(""), "age not stated"),
    )
    heads: dict[Any, dict[Any, Any]] = head[["value", "sex", "age"]].to_dict("index")
    shown = rest[[c for c in _SHOWN if c in rest.columns]]
    parts: dict[tuple[str, str], list[dict[Any, Any]]] = {}
    for r in shown.to_dict("records"):  # one conversion; grouped in order of first appearance
        parts.setdefault((str(r["indicator"]), str(r["group"])), []).append(r)
    out: dict[str, list[dict[str, Any]]] = {}
    for (ind, group), records in parts.items():  # one per breakdown
        own = heads[ind]
        reference = float(own["value"])
        top = float(np.nanmax([reference, *(float(r["upper_95"]) for r in records),
                               *(float(r["value"]) for r in records)]))  # fmt: skip
        unit, measure = str(records[0]["unit"]), str(records[0]["measure"])
        items = [
            _breakdown_row(r, unit, measure, reference, top if np.isfinite(top) else 1.0)
            for r in sorted(records, key=lambda r: _order(str(r["label"])))
        ]
        periods = sorted({str(i["period"]) for i in items})
        title = {"Sex": "By sex", "Age": "By age", "Sex and age": "By sex and age"}
        out.setdefault(str(ind), []).append(
            {
                "title": title.get(str(group), str(group)),
                "period": periods[0] if len(periods) == 1 else "",
                "headline": format_value(reference, unit, measure=measure),
                "headline_label": " ".join(p for p in (_text(own["sex"]), _text(own["age"])) if p),
                "rows": items,
            }
        )
    return out
