"""Slope and relative index of inequality, checked against a per-group implementation.

The reference implementation here is written from the published formulas (PHE/OHID
technical guidance; Low & Low 2004): for each set of groups, population shares a,
cumulative-midpoint ranks b, and a weighted least-squares fit of the values on b,
done with statsmodels' WLS (weights a) or numpy's lstsq on the sqrt(a)-scaled
design of ``phe_sii``. Nothing here calls the library to get an expected value.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe import stats
from outcomeframe.stats import _sii_sim

Z95 = 1.959963984540054
DATA = Path(__file__).parents[1] / "data" / "fingertipsnext"
LABELS = [
    "Most deprived decile",
    "Second most deprived decile",
    "Third more deprived decile",
    "Fourth more deprived decile",
    "Fifth more deprived decile",
    "Fifth less deprived decile",
    "Fourth less deprived decile",
    "Third less deprived decile",
    "Second least deprived decile",
    "Least deprived decile",
]


# --------------------------------------------------------------- the reference


def ranks_of(pop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = pop / pop.sum()
    b = np.cumsum(a) - a / 2
    return a, b


def reference_fit(y: np.ndarray, pop: np.ndarray) -> tuple[float, float, np.ndarray]:
    """(intercept, slope, covariance of the two per unit value variance) by WLS."""
    a, b = ranks_of(pop)
    X = np.column_stack([np.ones_like(b), b])
    # statsmodels imported on first use: its import is paid by every worker that collects this
    from statsmodels.regression.linear_model import WLS  # noqa: PLC0415

    fit = WLS(y, X, weights=a).fit()
    return float(fit.params[0]), float(fit.params[1]), np.asarray(fit.normalized_cov_params)


def reference_lstsq(y: np.ndarray, pop: np.ndarray) -> tuple[float, float]:
    """The ``phe_sii`` regression y sqrt(a) ~ sqrt(a) + b sqrt(a), no intercept."""
    a, b = ranks_of(pop)
    r = np.sqrt(a)
    coef, *_ = np.linalg.lstsq(np.column_stack([r, b * r]), y * r, rcond=None)
    return float(coef[0]), float(coef[1])


def reference_variance(pop: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Covariance of (intercept, slope) when each value has its own variance se^2."""
    a, b = ranks_of(pop)
    X = np.column_stack([np.ones_like(b), b])
    W = np.diag(a)
    bread = np.linalg.inv(X.T @ W @ X)
    meat = X.T @ W @ np.diag(se**2) @ W @ X
    return bread @ meat @ bread


def reference_simulation(
    y: np.ndarray, se_t: np.ndarray, pop: np.ndarray, reps: int, rng, transform="none"
) -> np.ndarray:
    """Per-row simulation and refit, one repetition at a time in matrix form."""
    a, b = ranks_of(pop)
    r = np.sqrt(a)
    X = np.column_stack([r, b * r])
    if transform == "log":
        draws = np.exp(np.log(y)[:, None] + se_t[:, None] * rng.standard_normal((len(y), reps)))
    else:
        draws = y[:, None] + se_t[:, None] * rng.standard_normal((len(y), reps))
    coef, *_ = np.linalg.lstsq(X, draws * r[:, None], rcond=None)
    return coef[1]


def synthetic_deciles(seed: int, n_sets: int = 3) -> pd.DataFrame:
    """Synthetic (made-up) decile values with limits: a seeded generator, for tests only."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n_sets):
        pop = rng.uniform(5_000, 30_000, 10)
        y = 75 + 1.0 * np.arange(10) + rng.normal(0, 0.8, 10)
        half = rng.uniform(0.5, 2.0, 10)
        for k in range(10):
            rows.append(
                {
                    "area": f"A{s}",
                    "decile": LABELS[k] + " (IMD2019)",
                    "pop": pop[k],
                    "value": y[k],
                    "lo": y[k] - half[k],
                    "hi": y[k] + half[k],
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------- point estimates


def test_sii_and_both_riis_match_weighted_least_squares():
    df = synthetic_deciles(1)
    kw = {"rank": "decile", "population": "pop", "data": df, "by": "area", "method": "closed"}
    out = stats.sii("value", "lo", "hi", **kw)
    mean_rii = stats.rii("value", "lo", "hi", **kw)
    ratio_rii = stats.rii("value", "lo", "hi", relative="ratio", **kw)
    for i, (_, g) in enumerate(df.groupby("area")):
        y, pop = g["value"].to_numpy(), g["pop"].to_numpy()
        b0, b1, _ = reference_fit(y, pop)
        _c0, c1 = reference_lstsq(y, pop)
        assert b1 == pytest.approx(c1, rel=1e-12)
        assert out["value"][i] == pytest.approx(b1, rel=1e-10)
        mean = np.average(y, weights=pop)
        assert out["mean"][i] == pytest.approx(mean, rel=1e-12)
        assert mean_rii["value"][i] == pytest.approx(b1 / mean, rel=1e-10)
        assert ratio_rii["value"][i] == pytest.approx((b0 + b1) / b0, rel=1e-10)


def test_closed_form_limits_are_the_sandwich_variance_of_the_fit():
    df = synthetic_deciles(2, n_sets=2)
    kw = {"rank": "decile", "population": "pop", "data": df, "by": "area", "method": "closed"}
    out = stats.sii("value", "lo", "hi", confidence=0.95, **kw)
    for i, (_, g) in enumerate(df.groupby("area")):
        y, pop = g["value"].to_numpy(), g["pop"].to_numpy()
        se = (g["hi"] - g["lo"]).to_numpy() / (2 * Z95)
        cov = reference_variance(pop, se)
        b1 = reference_fit(y, pop)[1]
        half = Z95 * np.sqrt(cov[1, 1])
        assert out["lower_95"][i] == pytest.approx(b1 - half, rel=1e-10)
        assert out["upper_95"][i] == pytest.approx(b1 + half, rel=1e-10)


def test_groups_in_any_row_order_and_labels_or_numbers_give_the_same_fit():
    df = synthetic_deciles(3, n_sets=1)
    shuffled = df.sample(frac=1.0, random_state=4).reset_index(drop=True)
    numbered = df.assign(decile=np.arange(1, 11))
    kwargs = {"rank": "decile", "population": "pop", "method": "closed"}
    a = stats.sii("value", "lo", "hi", data=df, **kwargs)
    b = stats.sii("value", "lo", "hi", data=shuffled, **kwargs)
    c = stats.sii("value", "lo", "hi", data=numbered, **kwargs)
    assert a["value"][0] == pytest.approx(b["value"][0], rel=1e-12)
    assert a["value"][0] == pytest.approx(c["value"][0], rel=1e-12)


# --------------------------------------------------------------- simulation


def test_simulated_limits_match_a_per_row_simulation():
    df = synthetic_deciles(5, n_sets=1)
    y, pop = df["value"].to_numpy(), df["pop"].to_numpy()
    se = (df["hi"] - df["lo"]).to_numpy() / (2 * Z95)
    reps = 40_000
    slopes = reference_simulation(y, se, pop, reps, np.random.default_rng(9))
    want = np.quantile(slopes, [0.025, 0.975])
    got = stats.sii(
        y,
        df["lo"],
        df["hi"],
        rank=np.arange(1, 11),
        population=pop,
        simulations=reps,
        seed=3,
        confidence=0.95,
    )
    width = want[1] - want[0]
    assert got["lower_95"][0] == pytest.approx(want[0], abs=0.03 * width)
    assert got["upper_95"][0] == pytest.approx(want[1], abs=0.03 * width)


def test_log_transformed_simulation_matches_a_per_row_simulation():
    rng = np.random.default_rng(11)
    pop = rng.uniform(2_000, 9_000, 10)
    y = np.linspace(400.0, 150.0, 10) * rng.uniform(0.9, 1.1, 10)
    lo, hi = y * np.exp(-0.3), y * np.exp(0.3)
    se_log = 0.6 / (2 * Z95)
    reps = 40_000
    slopes = reference_simulation(y, np.full(10, se_log), pop, reps, rng, transform="log")
    want = np.quantile(slopes, [0.025, 0.975])
    got = stats.sii(
        y,
        lo,
        hi,
        rank=np.arange(1, 11),
        population=pop,
        measure="rate",
        simulations=reps,
        seed=5,
        confidence=0.95,
    )
    assert got["value"][0] == pytest.approx(reference_fit(y, pop)[1], rel=1e-10)
    width = want[1] - want[0]
    assert got["lower_95"][0] == pytest.approx(want[0], abs=0.03 * width)
    assert got["upper_95"][0] == pytest.approx(want[1], abs=0.03 * width)


def test_a_seed_reproduces_the_limits_whatever_the_chunk_size(monkeypatch):
    df = synthetic_deciles(6, n_sets=4)
    kwargs = {"rank": "decile", "population": "pop", "data": df, "by": "area", "simulations": 2_000}
    first = stats.sii("value", "lo", "hi", seed=42, **kwargs)
    again = stats.sii("value", "lo", "hi", seed=np.random.default_rng(42), **kwargs)
    monkeypatch.setattr(_sii_sim, "_CHUNK", 3_000)  # one set (or less) per chunk
    chunked = stats.sii("value", "lo", "hi", seed=42, **kwargs)
    other = stats.sii("value", "lo", "hi", seed=43, **kwargs)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, chunked)
    assert not np.allclose(first["lower_95"], other["lower_95"], rtol=0, atol=0)
    for level in ("95", "99_8"):
        assert (first[f"lower_{level}"] < first["value"]).all()
        assert (first["value"] < first[f"upper_{level}"]).all()


def test_transformed_simulation_is_chunk_invariant(monkeypatch):
    df = synthetic_deciles(7, n_sets=3)
    kwargs = {
        "rank": "decile",
        "population": "pop",
        "data": df,
        "by": "area",
        "simulations": 1_000,
        "measure": "rate",
        "seed": 8,
    }
    first = stats.sii("value", "lo", "hi", **kwargs)
    monkeypatch.setattr(_sii_sim, "_CHUNK", 10_000)
    pd.testing.assert_frame_equal(first, stats.sii("value", "lo", "hi", **kwargs))


# --------------------------------------------------------------- properties

populations = st.lists(st.floats(100, 1e6), min_size=5, max_size=10)


@settings(max_examples=60, deadline=None)
@given(pop=populations, alpha=st.floats(-100, 100), beta=st.floats(-50, 50))
def test_a_perfectly_linear_gradient_has_its_slope_as_sii(pop, alpha, beta):
    pop = np.asarray(pop)
    _, b = ranks_of(pop)
    y = alpha + beta * b
    out = stats.sii(
        y, y - 1, y + 1, rank=np.arange(len(y)) + 1, population=pop, method="closed", min_groups=5
    )
    assert out["value"][0] == pytest.approx(beta, abs=1e-9 * (1 + abs(alpha) + abs(beta)))


@settings(max_examples=40, deadline=None)
@given(pop=populations, data=st.data())
def test_reversal_mirrors_sii_and_inverts_the_ratio_rii(pop, data):
    k = len(pop)
    y = np.asarray(data.draw(st.lists(st.floats(10, 90), min_size=k, max_size=k)))
    half = np.asarray(data.draw(st.lists(st.floats(0.1, 5), min_size=k, max_size=k)))
    kw = {"rank": np.arange(k) + 1, "population": np.asarray(pop), "method": "closed"}
    plain = stats.sii(y, y - half, y + half, **kw)
    mirrored = stats.sii(y, y - half, y + half, reverse=True, **kw)
    low_good = stats.sii(y, y - half, y + half, polarity="Low is good", **kw)
    assert mirrored["value"][0] == pytest.approx(-plain["value"][0], abs=1e-9)
    assert mirrored["lower_95"][0] == pytest.approx(-plain["upper_95"][0], abs=1e-9)
    pd.testing.assert_frame_equal(mirrored, low_good)
    ratio = stats.rii(y, y - half, y + half, relative="ratio", **kw)
    inverted = stats.rii(y, y - half, y + half, relative="ratio", reverse=True, **kw)
    assert inverted["value"][0] == pytest.approx(1 / ratio["value"][0], rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(pop=populations, factor=st.floats(1e-3, 1e3), data=st.data())
def test_rii_does_not_change_with_the_scale_of_the_values(pop, factor, data):
    k = len(pop)
    y = np.asarray(data.draw(st.lists(st.floats(10, 90), min_size=k, max_size=k)))
    kw = {"rank": np.arange(k) + 1, "population": np.asarray(pop), "method": "closed"}
    for relative in ("mean", "ratio"):
        one = stats.rii(y, y - 1, y + 1, relative=relative, **kw)
        scaled = stats.rii(y * factor, (y - 1) * factor, (y + 1) * factor, relative=relative, **kw)
        for column in ("value", "lower_95", "upper_99_8"):
            assert scaled[column][0] == pytest.approx(one[column][0], rel=1e-8)
    s1 = stats.sii(y, y - 1, y + 1, **kw)["value"][0]
    s2 = stats.sii(y * factor, (y - 1) * factor, (y + 1) * factor, **kw)["value"][0]
    assert s2 == pytest.approx(s1 * factor, rel=1e-8, abs=1e-9)


# --------------------------------------------------------------- reasons, arguments


def test_bad_rows_and_sets_get_reasons_not_errors():
    df = synthetic_deciles(8, n_sets=5)
    df.loc[(df["area"] == "A0") & (df.index % 10 == 3), "pop"] = 0.0
    df.loc[(df["area"] == "A1") & (df.index % 10 == 0), "decile"] = "Persons"
    df = df.drop(df.index[(df["area"] == "A2") & (df.index % 10 >= 4)])
    df.loc[(df["area"] == "A3") & (df.index % 10 == 2), "decile"] = LABELS[1]
    out = stats.sii(
        "value",
        "lo",
        "hi",
        rank="decile",
        population="pop",
        data=df,
        by="area",
        simulations=500,
        seed=1,
    )
    reasons = dict(zip(out["area"], out["reason"].astype(object), strict=True))
    assert reasons["A0"] == "population is zero or negative (in a row of the group)"
    assert reasons["A1"] == "rank is missing or not recognised (in a row of the group)"
    assert reasons["A2"] == "too few ranked groups"
    assert reasons["A3"] == "rank appears more than once in the group"
    assert pd.isna(reasons["A4"])
    assert out.loc[out["area"] != "A4", "value"].isna().all()
    assert set(out["reason"].cat.categories) >= set(stats.REASONS)


def test_counts_use_wilson_limits_and_the_denominator_as_population():
    rng = np.random.default_rng(12)
    n = rng.integers(2_000, 9_000, 10).astype(float)
    x = np.round(n * np.linspace(0.2, 0.05, 10))
    got = stats.sii(
        count=x, denominator=n, rank=np.arange(1, 11), measure="proportion", method="closed"
    )
    b1 = reference_fit(x / n * 100, n)[1]
    assert got["value"][0] == pytest.approx(b1, rel=1e-10)
    assert got.attrs["unit"] == "percent"
    zero = stats.sii(
        count=np.where(np.arange(10) == 4, 0, x),
        denominator=n,
        rank=np.arange(1, 11),
        measure="proportion",
        method="closed",
    )
    assert zero["reason"][0].startswith("value or limit is outside the range")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "bootstrap"}, "method"),
        ({"relative": "odds"}, "relative"),
        ({"transform": "sqrt"}, "transform"),
        ({"simulations": 10}, "simulations"),
        ({"simulations": 10**13}, "simulations: at most 1,000,000"),
        ({"simulations": _sii_sim.MAX_SIMULATIONS + 1}, "simulations: at most"),
        ({"seed": "x"}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"seed": True}, "seed"),
        ({"seed": -1}, "seed"),
        ({"min_groups": 2}, "min_groups"),
        ({"rank": "nope"}, "rank"),
        ({"count": [1] * 10, "denominator": [2] * 10}, "count"),
    ],
)
def test_bad_arguments_raise(kwargs, match):
    y = np.linspace(1, 10, 10)
    base = {"rank": np.arange(1, 11), "value": y, "lower": y - 1, "upper": y + 1}
    if kwargs.get("rank") == "nope":
        base["data"] = pd.DataFrame({"v": y})
    base.update(kwargs)
    with pytest.raises(of.ArgumentError, match=match):
        stats.sii(**base)


def test_a_seed_may_be_a_whole_number_a_generator_or_none():
    y = np.linspace(1, 10, 10)
    base = {"rank": np.arange(1, 11), "value": y, "lower": y - 1, "upper": y + 1}
    kept = [stats.sii(**base, seed=s, simulations=1000) for s in (np.int64(3), 3)]
    fresh = stats.sii(**base, seed=np.random.default_rng(3), simulations=1000)
    pd.testing.assert_frame_equal(kept[0], kept[1])
    pd.testing.assert_frame_equal(kept[0], fresh)
    assert stats.sii(**base, seed=None, simulations=1000)["lower_95"].notna().all()


@pytest.mark.parametrize("method", ["simulation", "closed"])
@pytest.mark.parametrize("measure", ["value", "rate"])
def test_no_rows_give_no_sets_with_by_and_one_set_with_a_reason_without(method, measure):
    empty = pd.DataFrame(
        {
            "area": pd.Series([], dtype=str),
            "v": pd.Series([], dtype=float),
            "lo": pd.Series([], dtype=float),
            "hi": pd.Series([], dtype=float),
            "rank": pd.Series([], dtype=float),
        }
    )
    y = np.linspace(1, 10, 10)
    full = stats.sii(y, y - 1, y + 1, rank=np.arange(1, 11), method=method)
    for fn in (stats.sii, stats.rii):
        args = ("v", "lo", "hi")
        kw = {"rank": "rank", "data": empty, "method": method, "measure": measure}
        grouped = fn(*args, by="area", **kw)
        assert len(grouped) == 0
        assert list(grouped.columns) == ["area", *full.columns]
        alone = fn(*args, **kw)
        assert list(alone.columns) == list(full.columns)
        assert len(alone) == 1
        assert alone["value"].isna().all()
        assert alone["reason"].iloc[0] == "too few ranked groups"
        assert alone["groups"].iloc[0] == 0


# --------------------------------------------------------------- labels


def test_decile_and_quintile_labels_rank_most_to_least_deprived():
    assert stats.deprivation_rank(LABELS).tolist() == list(range(1, 11))
    quintiles = [
        "Most deprived quintile",
        "Second most deprived quintile",
        "Average deprived quintile",
        "Second least deprived quintile",
        "Least deprived quintile",
    ]
    assert stats.deprivation_rank(quintiles).tolist() == [1, 2, 3, 4, 5]
    assert stats.deprivation_rank([x + " (IMD2019)" for x in LABELS]).tolist() == list(range(1, 11))
    assert stats.deprivation_rank(["Total", None, "Eleventh most deprived decile"]).isna().all()


def test_a_label_that_is_a_list_or_array_is_no_group():
    """A list or an array among the labels raised "unhashable type" from inside pandas."""
    labels = ["Most deprived decile", ["x"], np.array([1, 2]), {"a": 1}, "Least deprived decile"]
    assert stats.deprivation_rank(labels).tolist() == [1, pd.NA, pd.NA, pd.NA, 10]
    series = pd.Series(labels, index=list("abcde"))
    assert stats.deprivation_rank(series).index.tolist() == list("abcde")
    for bad in ([["a", "b"]], "Most deprived decile", 5):
        with pytest.raises(of.ArgumentError, match=r"^labels: expected one label per row"):
            stats.deprivation_rank(bad)


# --------------------------------------------------------------- the real file


@pytest.fixture(scope="module")
def deciles() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        table = of.read_fingertips(
            DATA / "healthdata.csv",
            metadata=DATA / "indicators.csv",
            areas=DATA / "areas.json",
            errors="report",
        )
    data = table.data
    kind = data["breakdown_type"].astype(str)
    return data.loc[kind.str.contains("deprivation deciles", na=False)].copy()


KEY = ["indicator", "area_code", "period", "sex", "age", "breakdown_type"]


def test_every_decile_label_in_the_file_is_ranked(deciles):
    ranks = stats.deprivation_rank(deciles["breakdown"])
    assert ranks.notna().all()
    assert set(ranks) == set(range(1, 11))


def test_real_decile_siis_match_a_hand_computed_regression(deciles):
    usable = deciles.dropna(subset=["count", "denominator"]).astype(
        {"sex": str, "age": str, "breakdown_type": str}
    )
    out = stats.sii(
        count="count",
        denominator="denominator",
        rank="breakdown",
        data=usable,
        by=KEY,
        measure="proportion",
        method="closed",
        confidence=0.95,
    )
    ranks = stats.deprivation_rank(usable["breakdown"])
    groups = dict(iter(usable.groupby(KEY, sort=False, dropna=False)))
    assert len(out) == len(groups)
    done = out.dropna(subset=["value"])
    assert len(done) >= 5
    assert out.loc[out["value"].isna(), "reason"].notna().all()
    checked = 0
    for row in out.itertuples(index=False):
        g = groups[tuple(getattr(row, k) for k in KEY)]
        g = g.iloc[np.argsort(ranks.loc[g.index].to_numpy(), kind="stable")]
        if len(g) < 5 or g["denominator"].le(0).any() or g["breakdown"].duplicated().any():
            assert np.isnan(row.value)
            continue
        y = (g["count"] / g["denominator"] * 100).to_numpy()
        assert row.value == pytest.approx(
            reference_fit(y, g["denominator"].to_numpy())[1], rel=1e-9
        )
        checked += 1
    assert checked == len(done)


def test_real_values_with_limits_without_population_use_equal_shares(deciles):
    usable = deciles.dropna(subset=["value", "lower_95", "upper_95"]).astype(
        {"sex": str, "age": str, "breakdown_type": str}
    )
    out = stats.sii(
        "value",
        "lower_95",
        "upper_95",
        rank="breakdown",
        data=usable,
        by=KEY,
        method="closed",
        confidence=0.95,
    )
    row = out.dropna(subset=["value"]).iloc[0]
    g = usable.loc[(usable[KEY] == row[KEY].to_numpy()).all(axis=1)]
    g = g.iloc[np.argsort(stats.deprivation_rank(g["breakdown"]).to_numpy())]
    want = reference_fit(g["value"].to_numpy(), np.ones(len(g)))[1]
    assert row["value"] == pytest.approx(want, rel=1e-9)
