"""DSR (Dobson), ISR and means against plain-loop reimplementations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from outcomeframe.stats import ESP2013, dsr, isr, limit_columns, mean

ESP_WEIGHTS = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
               7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000]  # fmt: skip


def count_limits_loop(o: float, level: float) -> tuple[float, float]:
    z = stats.norm.ppf(level + (1 - level) / 2)
    if o < 10:
        lo = 0.0 if o == 0 else stats.chi2.ppf((1 - level) / 2, 2 * o) / 2
        return lo, stats.chi2.ppf(level + (1 - level) / 2, 2 * o + 2) / 2
    lo = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lo, hi


def dobson_loop(x: list[float], n: list[float], w: list[float], level: float, mult: float):
    sw = sum(w)
    d = sum(xi * wi / ni for xi, ni, wi in zip(x, n, w, strict=True)) / sw
    var = sum(xi * (wi / ni) ** 2 for xi, ni, wi in zip(x, n, w, strict=True)) / sw**2
    o = sum(x)
    b_lo, b_hi = count_limits_loop(o, level)
    return (
        d * mult,
        (d + math.sqrt(var / o) * (b_lo - o)) * mult,
        (d + math.sqrt(var / o) * (b_hi - o)) * mult,
    )


def test_esp2013_is_the_published_table() -> None:
    assert list(ESP2013) == ESP_WEIGHTS
    assert ESP2013.sum() == 100_000
    assert ESP2013.index[0] == "0-4"
    assert ESP2013.index[-2] == "85-89"
    assert ESP2013.index[-1] == "90+"
    assert len(ESP2013) == 19


def _areas(seed: int, n_areas: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for a in range(n_areas):
        pop = rng.integers(200, 50_000, size=19).astype(float)
        deaths = rng.poisson(pop * rng.uniform(0.0005, 0.02, size=19)).astype(float)
        frames.append(
            pd.DataFrame({"area": f"A{a:02d}", "band": ESP2013.index, "x": deaths, "n": pop})
        )
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_dsr_matches_a_plain_loop(level: float) -> None:
    data = _areas(1, 12)
    out = dsr("x", "n", data=data, by="area", band="band", confidence=level)
    lo_col, hi_col = limit_columns(level)
    assert len(out) == 12
    for area, rows in data.groupby("area"):
        value, lo, hi = dobson_loop(
            rows["x"].tolist(), rows["n"].tolist(), ESP_WEIGHTS, level, 100_000
        )
        got = out[out["area"] == area].iloc[0]
        assert got["value"] == pytest.approx(value, rel=1e-12)
        assert got[lo_col] == pytest.approx(lo, rel=1e-9)
        assert got[hi_col] == pytest.approx(hi, rel=1e-9)
        assert got["count"] == rows["x"].sum()
        assert got["denominator"] == rows["n"].sum()
        assert got["method"] == "Dobson"


def test_dsr_band_labels_in_any_order_and_positional_agree() -> None:
    data = _areas(2, 5)
    shuffled = data.sample(frac=1.0, random_state=3)
    by_label = dsr("x", "n", data=shuffled, by="area", band="band")
    positional = dsr("x", "n", data=data, by="area")
    pd.testing.assert_frame_equal(by_label, positional, rtol=1e-13)


def test_dsr_with_another_standard_population() -> None:
    data = _areas(4, 3)
    weights = pd.Series(np.arange(1.0, 20.0), index=ESP2013.index)
    out = dsr("x", "n", data=data, by="area", band="band", standard=weights, multiplier=1000)
    first = data[data["area"] == "A00"]
    value, lo, _ = dobson_loop(first["x"].tolist(), first["n"].tolist(), list(weights), 0.95, 1000)
    assert out["value"].iloc[0] == pytest.approx(value, rel=1e-12)
    assert out["lower_95"].iloc[0] == pytest.approx(lo, rel=1e-9)
    assert out.attrs["unit"] == "per_1000"
    # Per-row weights as a column give the same.
    data = data.assign(w=np.tile(np.arange(1.0, 20.0), 3))
    per_row = dsr("x", "n", data=data, by="area", standard="w", multiplier=1000)
    pd.testing.assert_frame_equal(per_row, out, rtol=1e-13)


def test_dsr_suppressed_below_ten() -> None:
    data = pd.DataFrame(
        {"area": ["a"] * 19 + ["b"] * 19, "band": list(ESP2013.index) * 2,
         "x": [0.0] * 18 + [9.0] + [0.0] * 18 + [10.0], "n": 1000.0}
    )  # fmt: skip
    out = dsr("x", "n", data=data, by="area", band="band")
    assert math.isnan(out["value"].iloc[0])
    assert math.isnan(out["upper_99_8"].iloc[0])
    assert out["reason"].iloc[0] == "total count is below the suppression threshold"
    assert out["count"].iloc[0] == 9
    assert not math.isnan(out["value"].iloc[1])
    assert pd.isna(out["reason"].iloc[1])


def test_dsr_unknown_band_and_bad_rows_give_reasons() -> None:
    data = _areas(5, 3)
    data.loc[data.index[0], "band"] = "100+"
    data.loc[data.index[19], "n"] = 0.0
    out = dsr("x", "n", data=data, by="area", band="band")
    assert out["reason"].tolist()[:2] == [
        "standard population weight is missing or not a finite number (in a row of the group)",
        "denominator is zero (in a row of the group)",
    ]
    assert out["value"].iloc[:2].isna().all()
    assert not math.isnan(out["value"].iloc[2])


def test_dsr_positional_needs_every_band() -> None:
    data = _areas(6, 2).iloc[:-1]
    out = dsr("x", "n", data=data, by="area")
    assert out["reason"].iloc[1] == "age bands do not match the standard population"
    assert pd.isna(out["reason"].iloc[0])


@pytest.mark.parametrize("reference", [1, 100])
def test_isr_matches_a_plain_loop(reference: int) -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(1000, 20_000, size=19).astype(float)
    r = rng.uniform(0.0001, 0.01, size=19)
    x = rng.poisson(n * r * 1.1).astype(float)
    frame = pd.DataFrame({"g": "one", "x": x, "n": n, "r": r})
    out = isr("x", "n", reference_rate="r", data=frame, by="g", reference=reference)
    o, e = sum(x), sum(ni * ri for ni, ri in zip(n, r, strict=True))
    for level in (0.95, 0.998):
        b_lo, b_hi = count_limits_loop(o, level)
        lo_col, hi_col = limit_columns(level)
        assert out[lo_col].iloc[0] == pytest.approx(b_lo / e * reference, rel=1e-9)
        assert out[hi_col].iloc[0] == pytest.approx(b_hi / e * reference, rel=1e-9)
    assert out["value"].iloc[0] == pytest.approx(o / e * reference, rel=1e-12)
    assert out["expected"].iloc[0] == pytest.approx(e, rel=1e-12)
    assert out.attrs["unit"] == ("dimensionless" if reference == 1 else "percent")
    via_expected = isr("x", expected=n * r, data=frame, by="g", reference=reference)
    pd.testing.assert_frame_equal(via_expected, out, rtol=1e-13)


def test_isr_small_count_is_exact() -> None:
    out = isr([4], expected=[2.5], confidence=0.95)
    lo, hi = count_limits_loop(4, 0.95)
    assert out["method"].iloc[0] == "Exact"
    assert out["lower_95"].iloc[0] == pytest.approx(lo / 2.5, rel=1e-12)
    assert out["upper_95"].iloc[0] == pytest.approx(hi / 2.5, rel=1e-12)


def test_isr_zero_expected() -> None:
    out = isr([4, 3], expected=[0.0, 2.0])
    assert out["reason"].iloc[0] == "expected count is zero"
    assert pd.isna(out["reason"].iloc[1])


@pytest.mark.parametrize("level", [0.9, 0.95, 0.998])
def test_mean_matches_scipy_t_interval(level: float) -> None:
    rng = np.random.default_rng(11)
    samples = [rng.normal(70, 8, size=k) for k in (2, 5, 30, 400)]
    lo_col, hi_col = limit_columns(level)
    summaries = mean(
        [s.mean() for s in samples],
        [s.std(ddof=1) for s in samples],
        [len(s) for s in samples],
        confidence=level,
    )
    for i, s in enumerate(samples):
        lo, hi = stats.t.interval(level, len(s) - 1, loc=s.mean(), scale=stats.sem(s))
        assert summaries[lo_col].iloc[i] == pytest.approx(lo, rel=1e-12)
        assert summaries[hi_col].iloc[i] == pytest.approx(hi, rel=1e-12)
    frame = pd.DataFrame(
        {"g": np.repeat(np.arange(4), [len(s) for s in samples]), "v": np.concatenate(samples)}
    )
    raw = mean(values="v", data=frame, by="g", confidence=level)
    pd.testing.assert_series_equal(raw[lo_col], summaries[lo_col], rtol=1e-10)
    pd.testing.assert_series_equal(raw["n"], summaries["n"])


def test_mean_pools_summaries_exactly() -> None:
    rng = np.random.default_rng(12)
    parts = [rng.normal(10, 3, size=k) for k in (7, 12, 40)]
    pooled = np.concatenate(parts)
    frame = pd.DataFrame(
        {"g": "all", "m": [p.mean() for p in parts], "s": [p.std(ddof=1) for p in parts],
         "k": [len(p) for p in parts]}
    )  # fmt: skip
    out = mean("m", "s", "k", data=frame, by="g", confidence=0.95)
    lo, hi = stats.t.interval(0.95, len(pooled) - 1, loc=pooled.mean(), scale=stats.sem(pooled))
    assert out["value"].iloc[0] == pytest.approx(pooled.mean(), rel=1e-12)
    assert out["sd"].iloc[0] == pytest.approx(pooled.std(ddof=1), rel=1e-10)
    assert out["lower_95"].iloc[0] == pytest.approx(lo, rel=1e-10)
    assert out["upper_95"].iloc[0] == pytest.approx(hi, rel=1e-10)


def test_mean_needs_two_observations() -> None:
    out = mean([5.0, 5.0], [1.0, 1.0], [1, 2])
    assert out["reason"].iloc[0] == "n is below 2"
    assert math.isnan(out["value"].iloc[0])
    assert not math.isnan(out["value"].iloc[1])
