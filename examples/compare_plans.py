"""Compare the two shipped plans: which indicators and outcomes they share, which each lacks.

Indicators are matched on their OHID Fingertips indicator ID when they have one, otherwise
on their title (case-insensitive). Outcomes are compared through the indicators that
measure them, priorities (Trafford's "strategic outcomes") likewise. The data columns say
how many published observations ship for each plan's own area (``of.examples.coverage``).

Run: ``python examples/compare_plans.py`` (takes a few seconds).
"""

from __future__ import annotations

import pandas as pd

import outcomeframe as of

PLANS = ("lancashire", "trafford")


shorten = of.report.shorten  # cut to a width, marking the cut with an ellipsis


def match_key(indicator: of.Indicator) -> str:
    """The key two plans' indicators are matched on."""
    if indicator.fingertips_id is not None:
        return f"fingertips:{indicator.fingertips_id}"
    return f"title:{indicator.title.casefold()}"


def indicators(name: str) -> pd.DataFrame:
    """One row per indicator of a shipped plan, with its match key and area data rows."""
    fw = of.examples.load(name)
    rows = of.examples.coverage(name).set_index("indicator")["area_rows"]
    return pd.DataFrame(
        [
            {
                "key": match_key(ind),
                "fingertips_id": ind.fingertips_id,
                "title": ind.title,
                "id": ind.id,
                "area_rows": int(rows.get(ind.id, 0)),
                "measures": sorted(fw.graph.successors(ind.id)),
            }
            for ind in fw.elements(of.Indicator)
        ]
    )


def parents(fw: of.Framework, ids: list[str], kind: type[of.Element]) -> list[str]:
    """The elements of ``kind`` that any of the indicators measures (``fw.indicators_for``)."""
    wanted = set(ids)
    return [e.id for e in fw.elements(kind) if fw.indicators_for(e.id) & wanted]


def main() -> None:
    fws = {name: of.examples.load(name) for name in PLANS}
    left, right = (indicators(name) for name in PLANS)
    both = left.merge(right, on="key", how="outer", suffixes=("_l", "_r"), indicator=True)
    both["title"] = both["title_l"].fillna(both["title_r"])
    both["fingertips_id"] = both["fingertips_id_l"].fillna(both["fingertips_id_r"])
    order = {"both": 0, "left_only": 1, "right_only": 2}
    both = both.sort_values(
        ["_merge", "title"], key=lambda s: s.map(order) if s.name == "_merge" else s
    )

    for name, fw in fws.items():
        counts = fw.counts()
        print(
            f"{name:<11} {fw.title}: {counts['priority']} priorities, "
            f"{counts['outcome']} outcomes, {counts['indicator']} indicators"
        )
    print()

    def cell(row: pd.Series, side: str) -> str:
        if pd.isna(row[f"id_{side}"]):
            return "-"
        return f"yes ({int(row[f'area_rows_{side}'])} rows)"

    table = pd.DataFrame(
        {
            "Fingertips ID": both["fingertips_id"].map(
                lambda v: "-" if pd.isna(v) else str(int(v))
            ),
            "indicator": both["title"].map(lambda t: shorten(t, 70)),
            "Lancashire": [cell(row, "l") for _, row in both.iterrows()],
            "Trafford": [cell(row, "r") for _, row in both.iterrows()],
        }
    )
    print("Indicators of the two plans (rows: shipped observations for the plan's own area)")
    with pd.option_context("display.width", 250, "display.max_colwidth", 80):
        print(table.to_string(index=False))
    print()
    status = both["_merge"].astype("str")
    shared = both.loc[status.eq("both")]
    print(
        f"{len(shared)} indicators in both plans; {int(status.eq('left_only').sum())} only in "
        f"Lancashire's; {int(status.eq('right_only').sum())} only in Trafford's"
    )
    print(
        f"shared and with data for both areas: "
        f"{int(((shared['area_rows_l'] > 0) & (shared['area_rows_r'] > 0)).sum())}"
    )
    print()

    lancashire, trafford = fws["lancashire"], fws["trafford"]
    print("Outcomes measured by the same indicators")
    pairs = []
    for row in shared.itertuples():
        for out_l in parents(lancashire, [row.id_l], of.Outcome):
            for out_r in parents(trafford, [row.id_r], of.Outcome):
                pairs.append((out_l, out_r, row.id_l))
    frame = pd.DataFrame(pairs, columns=["lancashire", "trafford", "indicator"])
    for (out_l, out_r), group in frame.groupby(["lancashire", "trafford"], sort=False):
        print(f"  Lancashire: {lancashire[out_l].title}")
        print(f"  Trafford:   {trafford[out_r].title}")
        print(f"    shared indicators: {', '.join(group['indicator'])}")
    print()

    for name, side in (("lancashire", "l"), ("trafford", "r")):
        fw = fws[name]
        touched = set(parents(fw, list(shared[f"id_{side}"]), of.Outcome))
        alone = [e.title for e in fw.elements(of.Outcome) if e.id not in touched]
        print(f"{name.title()} outcomes that no shared indicator measures ({len(alone)}):")
        for title in alone:
            print(f"  {title}")
    print()

    print("Priorities joined by shared indicators (number of shared indicators)")
    grid = pd.DataFrame(
        0,
        index=[p.title for p in lancashire.elements(of.Priority)],
        columns=[p.title for p in trafford.elements(of.Priority)],
    )
    for row in shared.itertuples():
        for p_l in parents(lancashire, [row.id_l], of.Priority):
            for p_r in parents(trafford, [row.id_r], of.Priority):
                grid.loc[lancashire[p_l].title, trafford[p_r].title] += 1
    grid = grid.loc[grid.sum(axis=1) > 0, grid.sum(axis=0) > 0]
    grid.index.name = "Lancashire priority \\ Trafford strategic outcome"
    with pd.option_context("display.width", 250):
        print(grid.to_string())


if __name__ == "__main__":
    main()
