"""Lancashire Integrated Early Years Strategy: real published data in, results out.

Loads the plan and the published data shipped with outcomeframe (OHID Fingertips and
Trafford Data Lab files, Open Government Licence v3.0), assesses every indicator against
England and prints

1. the headline table for Lancashire: latest value with its 95% interval, England's value,
   the comparison, the recent trend and the target status, with notes on what could not
   be judged;
2. where Lancashire stands among the North West councils on each indicator;
3. the gap in Reception obesity between Lancashire's most and least deprived quintiles;
4. the roll-up: the status of the vision and of each priority, and the indicators that
   drove it;
5. the indicators with no data for Lancashire, and where to get them.

Run: ``python examples/lancashire.py`` (takes a few seconds).
"""

from __future__ import annotations

import pandas as pd
from _plan_report import open_plan, print_missing, print_rollup

import outcomeframe as of

PLAN = "lancashire"


def peer_ranks(assessment: of.Assessment, area: str) -> pd.DataFrame:
    """The area's rank among the councils with data for the same period (1 = best)."""
    table = assessment.table
    total = table.loc[table["headline"] & table["value"].notna()]
    councils = total.loc[~total["area_code"].eq(assessment.benchmark)]
    rows = []
    for row in councils.loc[councils["area_code"].eq(area)].itertuples():
        peers = councils.loc[
            councils["indicator"].eq(row.indicator) & councils["period"].eq(row.period)
        ]
        lowest_first = row.polarity == "lower_is_better"
        rank = peers["value"].rank(ascending=lowest_first, method="min")
        compared = peers["comparison"].astype("str").value_counts()
        rows.append(
            {
                "indicator": row.indicator,
                "period": row.period,
                "rank (1 = best)": f"{int(rank[peers['area_code'].eq(area)].iloc[0])} "
                f"of {len(peers)}",
                "councils better / similar / worse than England": (
                    f"{compared.get('Better', 0)} / {compared.get('Similar', 0)} / "
                    f"{compared.get('Worse', 0)}"
                    if compared.get("Not compared", 0) < len(peers)
                    else "not compared (values only)"
                ),
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    fw, assessment, area, name, england = open_plan(PLAN)
    with pd.option_context("display.width", 250, "display.max_colwidth", 60):
        print(f"{name} among the North West councils (latest period, whole population)")
        print(peer_ranks(assessment, area).to_string(index=False))
        print()

        gaps = assessment.inequality(
            {"breakdown": "Most deprived quintile"},
            {"breakdown": "Least deprived quintile"},
            area=area,
        )
        print(f"Reception obesity (5 years pooled), {name}: most vs least deprived quintile")
        shown = gaps[["period", "group_value", "reference_value", "gap"]].rename(
            columns={
                "group_value": "most deprived %",
                "reference_value": "least deprived %",
                "gap": "gap (points)",
            }
        )
        print(shown.round(1).to_string(index=False))
        print(f"  gap trend: {gaps['gap_status'].iloc[-1]} ({gaps['gap_reason'].iloc[-1]})")
        print()

    print("Roll-up over the plan (default rule: benchmark, trend and target signals)")
    print_rollup(assessment, ("vision", "priority"), england)
    print()
    print_missing(fw, assessment, area)


if __name__ == "__main__":
    main()
