"""``outcomeframe assess`` and ``outcomeframe report``: one area's results, as text or a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outcomeframe._cli_common import framework, printable, writing
from outcomeframe._cli_data import assessed, check_options
from outcomeframe._errors import OutcomeFrameError

if TYPE_CHECKING:
    import argparse

    import pandas as pd

    from outcomeframe import Assessment, Framework

__all__ = ["run_assess", "run_report"]

#: The assessment table's columns that ``assess`` prints, and their headings.
_HEADLINE = {
    "title": "indicator",
    "area_name": "area",
    "period": "period",
    "value": "value",
    "benchmark_value": "benchmark",
    "comparison": "compared",
    "trend": "recent trend",
    "target_status": "target",
}
#: The widest an indicator's title is printed.
_TITLE_WIDTH = 60


def _headline_view(table: pd.DataFrame, area: str | None) -> pd.DataFrame:
    """The headline rows of the area (every area for None or "all"), as printed."""
    from outcomeframe.report import shorten  # noqa: PLC0415

    shown = table
    if area is not None and area != "all":
        shown = table.loc[table["area_code"].astype("str") == area]
    shown = shown.loc[shown["headline"].to_numpy(dtype=bool)]  # the table's own headline rule
    view = shown[list(_HEADLINE)].rename(columns=_HEADLINE)
    # the text of the user's files, escaped (see printable)
    view["indicator"] = (
        view["indicator"].astype("str").map(lambda t: shorten(printable(t), _TITLE_WIDTH))
    )
    view["area"] = view["area"].astype("str").where(view["area"].notna(), shown["area_code"])
    view["area"] = view["area"].astype("str").map(printable)
    view["period"] = view["period"].map(printable, na_action="ignore")
    view["value"] = view["value"].round(1)
    view["benchmark"] = view["benchmark"].round(1)
    return view


def _print_no_data(assessment: Assessment, area: str, where: str, *, flat: bool) -> None:
    """The indicators with no data for the area, and why (one line for a flat framework's)."""
    absent = assessment.no_data(area)
    if not len(absent):
        return
    print(f"\n{len(absent)} indicator(s) with no data for {printable(where)}:")
    unsupplied = absent["reason"].str.startswith("no data supplied")
    if flat and unsupplied.any():
        # a framework built from the whole metadata: its other indicators, in one line
        ids = ", ".join(absent.loc[unsupplied, "fingertips_id"].astype("str"))
        print(f"  {int(unsupplied.sum())} not in the data file: Fingertips IDs {ids}")
        absent = absent.loc[~unsupplied]
    for row in absent.itertuples():
        print(f"  {printable(row.indicator)}: {printable(row.reason)}")


def run_assess(args: argparse.Namespace) -> int:
    """``outcomeframe assess``: the headline table of one area (or all), and what has no data."""
    import pandas as pd  # noqa: PLC0415

    check_options(args)
    fw, assessment = assessed(args)
    area = args.area or (fw.metadata.area.code if fw.metadata.area else None)
    table = assessment.table
    if args.csv:
        with writing("--csv", args.csv):
            table.to_csv(args.csv, index=False)
    view = _headline_view(table, area)
    names = dict(
        zip(table["area_code"].astype("str"), table["area_name"].astype("str"), strict=True)
    )
    where = names.get(area, area) if area not in (None, "all") else "all areas"
    against = names.get(assessment.benchmark, assessment.benchmark)
    if assessment.benchmark == "parent":
        against = "its region"
    print(printable(f"{fw.title}: {where} compared with {against}"))
    print()
    with pd.option_context("display.width", 200, "display.max_colwidth", 45):
        print(view.to_string(index=False) if len(view) else "(no rows for this area)")
    if area is not None and area != "all":
        _print_no_data(assessment, area, str(where), flat=args.framework is None)
    if args.csv:
        print(f"\nwrote {printable(args.csv)}")
    return 0


def _dashboard_area(args: argparse.Namespace, fw: Framework, known: set[str]) -> str:
    """The area of the dashboard: --area, else the plan's; refused when the data have none."""
    if args.area is not None:
        if args.area not in known:
            raise OutcomeFrameError(
                f"--area {printable(args.area)}: no observation for this area in the data"
            )
        return str(args.area)
    if fw.metadata.area is None:
        raise OutcomeFrameError(f"{printable(fw.title)}: the plan names no area; give --area CODE")
    area = fw.metadata.area.code
    if area not in known:
        raise OutcomeFrameError(
            f"the plan's area {printable(area)} (from the framework, as --area was not "
            "given): no observation for this area in the data; give --area CODE"
        )
    return area


def run_report(args: argparse.Namespace) -> int:
    """``outcomeframe report``: the dashboard of one area (the plan alone without data)."""
    from outcomeframe import examples  # noqa: PLC0415
    from outcomeframe.report import write_dashboard  # noqa: PLC0415 - matplotlib

    check_options(args)
    plan_only = (
        args.framework is not None
        and args.data is None
        and args.fingertips is None
        and args.framework not in examples.names()
    )
    if plan_only:  # no observations: the plan-only page (structure, indicators, sources)
        fw = framework(args.framework)
        with writing("-o", args.output):
            out = write_dashboard(fw, args.output)
        print(
            f"wrote {printable(out)} (the plan only: give --data FILE for the performance "
            "dashboard)"
        )
        return 0
    fw, assessment = assessed(args)
    area = _dashboard_area(args, fw, set(assessment.series["area_code"].astype("str")))
    with writing("-o", args.output):
        out = write_dashboard(assessment, args.output, area=area)
    print(f"wrote {printable(out)}")
    return 0
