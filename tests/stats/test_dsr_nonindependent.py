"""DSR with non-independent events (episodes per person) against a loop from the guidance.

The loop applies the PHE/OHID technical guidance ("Calculating DSRs for
non-independent events") one group at a time: events f x people in the rate and the
total count, f^2 x people in the variance, each band's population and weight once.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomeframe._errors import ArgumentError
from outcomeframe.stats import ESP2013, dsr, limit_columns
from tests.stats.test_standardised import count_limits_loop


def nonindependent_loop(rows: pd.DataFrame, level: float, mult: float = 100_000):
    """Value and limits of one group: rows band, pop, people, f; weights from ESP2013."""
    bands = rows.drop_duplicates("band")
    weights = {b: float(ESP2013[b]) for b in bands["band"]}
    pops = dict(zip(bands["band"], bands["pop"], strict=True))
    sw = sum(weights.values())
    rate = var = o = 0.0
    for band, pop, people, f in zip(
        rows["band"], rows["pop"], rows["people"], rows["f"], strict=True
    ):
        ratio = weights[band] / pops[band]
        assert pop == pops[band]
        rate += f * people * ratio
        var += f * f * people * ratio**2
        o += f * people
    rate, var = rate / sw, var / sw**2
    lo, hi = count_limits_loop(o, level)
    spread = math.sqrt(var / o)
    return rate * mult, (rate + spread * (lo - o)) * mult, (rate + spread * (hi - o)) * mult


def synthetic_episodes(seed: int, n_areas: int, max_f: int = 4) -> pd.DataFrame:
    """Synthetic admissions (seeded): people per band with 1..max_f episodes each."""
    rng = np.random.default_rng(seed)
    rows = []
    for area in range(n_areas):
        pops = rng.integers(2_000, 20_000, 19)
        for f in range(1, max_f + 1):
            people = rng.poisson(40 / f**2, 19)
            rows.append(
                pd.DataFrame(
                    {"area": f"A{area}", "band": ESP2013.index, "pop": pops.astype(float),
                     "people": people.astype(float), "f": f}
                )
            )  # fmt: skip
    return pd.concat(rows, ignore_index=True).sample(frac=1.0, random_state=seed)


def test_matches_loop_per_group_at_both_levels() -> None:
    frame = synthetic_episodes(5, 12)
    out = dsr(
        "people", "pop", data=frame, by="area", band="band",
        independent_events=False, episodes_per_person="f",
    )  # fmt: skip
    assert (out["method"] == "Dobson, non-independent events").all()
    for area, rows in frame.groupby("area"):
        mine = out.loc[out["area"] == area].iloc[0]
        for level in (0.95, 0.998):
            value, lower, upper = nonindependent_loop(rows, level)
            low, high = limit_columns(level)
            assert mine["value"] == pytest.approx(value, rel=1e-12)
            assert mine[low] == pytest.approx(lower, rel=1e-11)
            assert mine[high] == pytest.approx(upper, rel=1e-11)
        events = float((rows["people"] * rows["f"]).sum())
        assert mine["count"] == events
        assert mine["denominator"] == float(rows.drop_duplicates("band")["pop"].sum())


def test_value_is_the_dsr_of_all_events_and_the_interval_is_wider() -> None:
    frame = synthetic_episodes(9, 6)
    frame["events"] = frame["people"] * frame["f"]
    per_band = frame.groupby(["area", "band"], as_index=False).agg(events=("events", "sum"),
                                                                   pop=("pop", "first"))  # fmt: skip
    plain = dsr("events", "pop", data=per_band, by="area", band="band")
    adjusted = dsr(
        "people", "pop", data=frame, by="area", band="band",
        independent_events=False, episodes_per_person="f",
    )  # fmt: skip
    np.testing.assert_allclose(adjusted["value"], plain["value"], rtol=1e-12)
    assert (adjusted["upper_95"] > plain["upper_95"]).all()
    assert (adjusted["lower_95"] < plain["lower_95"]).all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_one_episode_each_is_the_independent_dsr(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {"band": ESP2013.index, "pop": rng.uniform(100, 10_000, 19),
         "people": rng.poisson(5, 19).astype(float), "f": 1}
    )  # fmt: skip
    plain = dsr("people", "pop", data=frame, band="band")
    single = dsr(
        "people", "pop", data=frame, band="band",
        independent_events=False, episodes_per_person="f",
    )  # fmt: skip
    columns = ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "count", "denominator"]
    np.testing.assert_allclose(single[columns], plain[columns], rtol=1e-12)
    assert single["reason"].tolist() == plain["reason"].tolist()


def test_row_reasons_and_arguments() -> None:
    frame = synthetic_episodes(2, 3, max_f=2).sort_values(["area", "f", "band"])
    frame = frame.reset_index(drop=True).astype({"f": float})
    frame.loc[0, "f"] = 1.5  # area A0
    frame.loc[frame["area"].eq("A1").idxmax(), "pop"] += 1  # A1: band populations differ
    out = dsr(
        "people", "pop", data=frame, by="area", band="band",
        independent_events=False, episodes_per_person="f",
    )  # fmt: skip
    assert out["reason"].tolist()[:2] == [
        "episodes per person is not a whole number of at least 1 (in a row of the group)",
        "denominator differs between rows of the same age band",
    ]
    assert pd.isna(out["reason"].iloc[2])
    with pytest.raises(ArgumentError, match="band"):
        dsr("people", "pop", data=frame, independent_events=False, episodes_per_person="f")
    with pytest.raises(ArgumentError, match="episodes_per_person"):
        dsr("people", "pop", data=frame, band="band", independent_events=False)
    with pytest.raises(ArgumentError, match="episodes_per_person"):
        dsr("people", "pop", data=frame, band="band", episodes_per_person="f")
    with pytest.raises(ArgumentError, match="independent_events"):
        dsr("people", "pop", data=frame, band="band", independent_events="no")
