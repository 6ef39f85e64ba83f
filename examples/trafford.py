"""Trafford 0-5 Year Olds Strategic Plan 2019-2022: real published data in, results out.

Loads the plan and the published data shipped with outcomeframe (OHID Fingertips, Trafford
Data Lab, DfE and Ofsted files, Open Government Licence v3.0), assesses every indicator
against England and prints

1. the headline table for Trafford: latest value with its 95% interval, England's value,
   the comparison, the recent trend and the target status, with notes on what could not
   be judged;
2. the plan's Ofsted target (95% of providers Good or Outstanding) checked on the
   provider list;
3. the gap in good level of development between children with free school meal status
   and all children;
4. the roll-up: the status of each of the seven strategic outcomes and the indicators
   that drove it;
5. the indicators with no data for Trafford, and where to get them.

Run: ``python examples/trafford.py`` (takes a few seconds).
"""

from __future__ import annotations

import pandas as pd
from _plan_report import open_plan, print_missing, print_rollup

import outcomeframe as of

PLAN = "trafford"


def main() -> None:
    fw, assessment, area, name, england = open_plan(PLAN)
    with pd.option_context("display.width", 250, "display.max_colwidth", 60):
        ofsted = of.examples.ofsted_target()
        main_figure = ofsted.summary.loc["graded only"]
        print(
            f"Ofsted target: {ofsted.target:.0f}% of early education providers Good or "
            f"Outstanding (provider list, 31 December 2018)"
        )
        for treatment, row in ofsted.summary.iterrows():
            print(
                f"  {treatment:<21} {int(row['count'])}/{int(row['denominator'])} = "
                f"{row['value']:.1f}% (95% CI {row['lower_95']:.1f} to {row['upper_95']:.1f}): "
                f"{'met' if row['met'] else 'not met'}"
            )
        if main_figure["target_in_95"]:
            print(
                f"  the target lies inside the 95% interval: {int(main_figure['denominator'])} "
                "graded providers cannot show the true share is above it"
            )
        print()

        gaps = assessment.inequality(
            {"indicator": "school-readiness-gld-fsm"},
            {"indicator": "school-readiness-gld"},
            area=[area, assessment.benchmark],
        )
        print("Good level of development: children with free school meal status vs all children")
        shown = gaps[["area_name", "period", "group_value", "reference_value", "gap"]].rename(
            columns={
                "group_value": "FSM %",
                "reference_value": "all children %",
                "gap": "gap (points)",
            }
        )
        print(shown.round(1).to_string(index=False))
        latest = gaps.loc[gaps["area_code"].eq(area)].iloc[-1]
        first = gaps.loc[gaps["area_code"].eq(area)].iloc[0]
        print(
            f"  {name}'s gap went from {first['gap']:.1f} to {latest['gap']:.1f} points "
            f"({first['period']} to {latest['period']}); "
            f"test: {latest['gap_status']} ({latest['gap_reason']})"
        )
        print()

    print("Roll-up by strategic outcome (default rule: benchmark, trend and target signals)")
    print_rollup(assessment, ("vision", "priority"), england)
    print()
    print_missing(fw, assessment, area)


if __name__ == "__main__":
    main()
