"""Build a small framework in code, save it as YAML, load it back, attach real data, assess.

The framework is written for this script: it is NOT a published plan. It is set in
Blackpool (E06000009) only because the published data shipped with outcomeframe include
Blackpool's rows for three OHID Fingertips indicators, so every number printed below is a
real published value (Fingertips indicators 93085, 20401 and 92026, Open Government
Licence v3.0). The one numeric target, smoking in pregnancy at 6% or less by the end of
2022, is the national ambition of the Tobacco Control Plan for England (2017).

Run: ``python examples/build_your_own.py`` (takes a few seconds).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

import outcomeframe as of

AREA = of.Area(code="E06000009", name="Blackpool")
ENGLAND = of.Area(code="E92000001", name="England")


def build() -> of.Framework:
    """A vision, two priorities, three outcomes and their three indicators."""
    fw = of.Framework(
        title="Healthy start in Blackpool (example framework, not a published plan)",
        area=AREA,
        benchmark=ENGLAND,
        period="2019-2024",
    )
    fw.add(
        of.Vision(id="vision", title="Every child in Blackpool has a healthy start"),
        of.Priority(id="healthy-pregnancy", title="A healthy pregnancy"),
        of.Priority(id="healthy-childhood", title="A healthy childhood"),
        of.Outcome(id="smoke-free-pregnancies", title="Fewer mothers smoke in pregnancy"),
        of.Outcome(id="fewer-teenage-pregnancies", title="Fewer teenage pregnancies"),
        of.Outcome(
            id="healthy-weight-at-school-entry",
            title="More children start school at a healthy weight",
        ),
        of.Indicator(
            id="smoking-at-delivery",
            title="Smoking status at time of delivery",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
            fingertips_id=93085,
            period_type="financial",
            target=of.Target(
                value=6,
                unit="percent",
                direction="at_most",
                by="2022",
                wording="6% or less by the end of 2022 (Tobacco Control Plan for England, 2017)",
            ),
        ),
        of.Indicator(
            id="under-18-conceptions",
            title="Under 18s conception rate / 1,000",
            measure="crude_rate",
            unit="per_1000",
            polarity="lower_is_better",
            fingertips_id=20401,
            period_type="calendar",
        ),
        of.Indicator(
            id="reception-obesity",
            title="Reception prevalence of obesity (5 years data combined)",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
            fingertips_id=92026,
            period_type="pooled",
            target=of.Target(benchmark=ENGLAND.code, wording="to match England"),
        ),
    )
    for child, parent in [
        ("healthy-pregnancy", "vision"),
        ("healthy-childhood", "vision"),
        ("smoke-free-pregnancies", "healthy-pregnancy"),
        ("fewer-teenage-pregnancies", "healthy-pregnancy"),
        ("healthy-weight-at-school-entry", "healthy-childhood"),
        ("smoking-at-delivery", "smoke-free-pregnancies"),
        ("under-18-conceptions", "fewer-teenage-pregnancies"),
        ("reception-obesity", "healthy-weight-at-school-entry"),
    ]:
        fw.link(child, parent)  # the relation (serves, measures) is inferred
    return fw


def real_observations() -> pd.DataFrame:
    """Blackpool's and England's published rows for the three indicators, as a plain table.

    Copied from the data shipped with outcomeframe; the ``indicator`` column holds the
    Fingertips ID, which the assessment maps to the framework's indicators.
    """
    shipped = of.examples.data("lancashire")
    wanted = shipped["fingertips_id"].isin(["93085", "20401", "92026"])
    wanted &= shipped["area_code"].isin([AREA.code, ENGLAND.code])
    wanted &= shipped["breakdown_type"].eq("Total")
    columns = ["area_code", "area_name", "period", "period_type", "count", "denominator",
               "value", "lower_95", "upper_95"]  # fmt: skip
    rows = shipped.loc[wanted, ["fingertips_id", *columns]]
    return rows.rename(columns={"fingertips_id": "indicator"}).reset_index(drop=True)


def main() -> None:
    fw = build()
    print(fw)
    print(f"validation warnings: {fw.validate() or 'none'}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "healthy-start.yaml"
        of.dump(fw, path)
        text = path.read_text(encoding="utf-8")
        again = of.load(path)
        print(f"\nsaved {path.name} ({len(text.splitlines())} lines); first lines:")
        for line in text.splitlines()[:8]:
            print(f"  {line}")
        print(f"loaded back: equal to the framework built in code: {again == fw}")

    observations = real_observations()
    print(f"\n{len(observations)} published observations attached, by Fingertips ID and area:")
    counts = pd.crosstab(observations["indicator"], observations["area_name"])
    print(counts.to_string())

    assessment = again.assess(observations)
    table = assessment.table
    mine = table.loc[table["area_code"].eq(AREA.code)]
    view = pd.DataFrame(
        {
            "indicator": mine["indicator"].astype("str"),
            "period": mine["period"].astype("str"),
            "value": mine["value"].round(1),
            "95% CI": [
                f"{lo:.1f} to {hi:.1f}"
                for lo, hi in zip(mine["lower_95"], mine["upper_95"], strict=True)
            ],
            "England": mine["benchmark_value"].round(1),
            "compared": mine["comparison"].astype("str"),
            "recent trend": mine["trend"].astype("str"),
            "target": mine["target"].round(1),
            "by": mine["target_by"].astype("object").fillna("-"),
            "target status": mine["target_status"].astype("str"),
        }
    )
    print(f"\n{AREA.name} compared with {ENGLAND.name}")
    with pd.option_context("display.width", 250):
        print(view.to_string(index=False))
    for row in mine.itertuples():
        if row.target_status != "No target":
            print(f"  target of {row.indicator}: {row.target_status}: {row.target_reason}")
    print("  (a target with no 'by' date is due at the end of the framework's period, 2024)")

    rollup = assessment.rollup()
    print("\nRoll-up")
    for row in rollup.itertuples():
        print(f"  {row.kind:<9} {row.title:<50} {row.status:<16} {row.drivers}")


if __name__ == "__main__":
    main()
