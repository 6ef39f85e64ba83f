"""Formatting helpers shared by ``lancashire.py`` and ``trafford.py`` (not a script).

Everything here only reads an :class:`outcomeframe.Assessment` and formats it as text;
the scripts themselves show the calls that load, assess and roll up.
"""

from __future__ import annotations

import pandas as pd

import outcomeframe as of

shorten = of.report.shorten  # the report's rule: cut, and mark the cut with an ellipsis
number = of.report.format_value  # one decimal, thousands separated (no unit: it has a column)


def with_interval(value: float, lower: float, upper: float) -> str:
    """'9.6 (9.0 to 10.1)', or the value alone when there is no 95% interval."""
    if pd.isna(value):
        return "-"
    if pd.isna(lower) or pd.isna(upper):
        return f"{number(value)} (no CI)"
    return f"{number(value)} ({number(lower)} to {number(upper)})"


def area_rows(assessment: of.Assessment, area: str) -> pd.DataFrame:
    """The assessment table's headline rows for one area (whole population, headline sex)."""
    table = assessment.table
    return table.loc[table["area_code"].eq(area) & table["headline"]]


def headline(assessment: of.Assessment, area: str, benchmark_name: str) -> pd.DataFrame:
    """One row per indicator with data for the area: the table an analyst reads first."""
    rows = area_rows(assessment, area)
    return pd.DataFrame(
        {
            "indicator": rows["title"].astype("str").map(lambda t: shorten(t, 44)),
            "period": rows["period"].astype("str"),
            "unit": rows["unit"].astype("str").map(of.report.unit_label),
            "value (95% CI)": [
                with_interval(v, lo, hi)
                for v, lo, hi in zip(rows["value"], rows["lower_95"], rows["upper_95"], strict=True)
            ],
            benchmark_name: rows["benchmark_value"].map(lambda v: "-" if pd.isna(v) else number(v)),
            "compared": rows["comparison"].astype("str"),
            "recent trend": rows["trend"].astype("str"),
            "target": rows["target_status"].astype("str"),
        }
    )


def notes(assessment: of.Assessment, area: str) -> list[str]:
    """What could not be judged and why (grouped by reason), and how each target was judged."""
    rows = area_rows(assessment, area)
    grouped: dict[str, list[str]] = {}
    out = []
    for row in rows.itertuples():
        if row.comparison == "Not compared":
            grouped.setdefault(f"not compared: {row.comparison_reason}", []).append(row.indicator)
        if row.trend == "Cannot be calculated":
            grouped.setdefault(f"no trend: {row.trend_reason}", []).append(row.indicator)
        if row.target_status != "No target":
            by = f" by {row.target_by}" if pd.notna(row.target_by) else ""
            reason = f" ({row.target_reason})" if pd.notna(row.target_reason) else ""
            out.append(
                f"target of {row.indicator}: {row.target:.1f}{by}: {row.target_status}{reason}"
            )
    return [f"{why}: {', '.join(names)}" for why, names in grouped.items()] + out


def _signals(row: pd.Series, benchmark_name: str) -> str:
    comparison = str(row["comparison"])
    if comparison == "Not compared":
        said = f"not compared with {benchmark_name}"
    elif comparison in ("Better", "Worse", "Higher", "Lower"):
        said = f"{comparison} than {benchmark_name}"
    else:
        said = f"{comparison} to {benchmark_name}"
    parts = [said, f"trend: {row['trend']}"]
    if row["target_status"] != "No target":
        parts.append(f"target: {row['target_status']}")
    return "; ".join(parts)


def print_rollup(
    assessment: of.Assessment,
    kinds: tuple[str, ...],
    benchmark_name: str,
    rule: of.RollupRule | None = None,
) -> None:
    """The status of each element of the given kinds, with the indicators behind it."""
    rollup = assessment.rollup(rule=rule)
    table = assessment.table
    table = table.loc[table["headline"]].set_index(["indicator", "area_code"])
    for row in rollup.loc[rollup["kind"].isin(kinds)].itertuples():
        print(
            f"{row.kind:<9} {shorten(row.title, 58):<58} {row.status:<16} "
            f"{row.with_data}/{row.indicators} indicators with data"
        )
        for name in filter(None, (d.strip() for d in row.drivers.split(","))):
            signals = _signals(table.loc[(name, row.area_code)], benchmark_name)
            print(f"{'':10}driver {name}: {signals}")


def print_missing(fw: of.Framework, assessment: of.Assessment, area: str) -> None:
    """The plan's indicators with no data for the area, and where to get the data."""
    absent = assessment.no_data(area)
    print(f"{len(absent)} of {fw.counts()['indicator']} indicators have no data for {area}:")
    for row in absent.itertuples():
        print(f"  {row.indicator}: {row.reason}")


def open_plan(plan: str) -> tuple[of.Framework, of.Assessment, str, str, str]:
    """Load a shipped plan and its data, assess, and print the header and headline table.

    Returns the framework, the assessment, the plan's area code, its name and the
    benchmark's name, for the rest of the script.
    """
    fw = of.examples.load(plan)
    observations = of.examples.data(plan)
    assessment = fw.assess(observations)  # every area in the data, against England
    area = assessment.area
    assert area is not None  # the plan names its area
    name = fw.metadata.area.name if fw.metadata.area else area
    england = fw.metadata.benchmark.name if fw.metadata.benchmark else assessment.benchmark
    period = f" ({fw.metadata.period})" if fw.metadata.period else ""
    print(f"{fw.title}{period}: {name} ({area}) compared with {england} ({assessment.benchmark})")
    print(f"{len(observations)} published observations, {len(assessment.rejected)} rejected")
    print()
    with pd.option_context("display.width", 250, "display.max_colwidth", 60):
        print(headline(assessment, area, england).to_string(index=False))
    print()
    for note in notes(assessment, area):
        print(f"  note: {note}")
    print()
    return fw, assessment, area, name, england
