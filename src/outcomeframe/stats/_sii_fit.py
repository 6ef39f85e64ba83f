"""Slope and relative index of inequality across ordered (deprivation) groups.

The published method (PHE/OHID technical guidance "Slope index of inequality";
Low & Low 2004, J Public Health 26:388-395; PHEindicatormethods ``phe_sii``):
each group i of an area, ordered from most (rank 1) to least deprived, holds a
share a_i of the population and sits at the midpoint of its range in the
cumulative distribution, b_i = sum_{j<i} a_j + a_i / 2. The values y_i are fitted
by least squares weighted by a_i (the regression y sqrt(a) ~ sqrt(a) + b sqrt(a)
without intercept), and the SII is the slope: the fitted value at the least
deprived end (b = 1) minus that at the most deprived end (b = 0). Limits come
from simulating every group's value from its sampling distribution and
refitting (:mod:`outcomeframe.stats._sii_sim`), or from the closed form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Polarity
from outcomeframe.stats._input import (
    FloatArray,
    Reasons,
    assemble,
    check_choice,
    levels,
    one_group,
    prepare,
    row_reasons,
    set_reason,
)
from outcomeframe.stats._intervals import z_value
from outcomeframe.stats._numbers import check_count
from outcomeframe.stats._reasons import CODE_DTYPE
from outcomeframe.stats._sii_rank import deprivation_rank
from outcomeframe.stats._sii_sim import Fit, check_simulation, simulate
from outcomeframe.stats._trend_input import _polarity_codes
from outcomeframe.stats._types import By, Input

__all__ = [
    "MEASURES",
    "METHODS",
    "RELATIVE",
    "TRANSFORMS",
    "Measure",
    "Method",
    "Relative",
    "Transform",
    "inequality",
]

#: What the values are (``measure=``).
Measure: TypeAlias = Literal["value", "proportion", "rate"]
#: The scale on which each value is normal (``transform=``).
Transform: TypeAlias = Literal["auto", "none", "log", "logit"]
#: How the limits are found (``method=``).
Method: TypeAlias = Literal["simulation", "closed"]
#: Which RII (``relative=``).
Relative: TypeAlias = Literal["mean", "ratio"]

MEASURES: tuple[Measure, ...] = get_args(Measure)
TRANSFORMS: tuple[Transform, ...] = get_args(Transform)
METHODS: tuple[Method, ...] = get_args(Method)
RELATIVE: tuple[Relative, ...] = get_args(Relative)
_METHOD_NAMES = ("Simulation", "Closed form")
_Z95 = z_value(0.95)
_AUTO: dict[str, Transform] = {"value": "none", "proportion": "logit", "rate": "log"}
_DEFAULT_MULTIPLIER = {"value": 1.0, "proportion": 100.0, "rate": 100_000.0}


def _ranks(rank: Any, data: pd.DataFrame | None, n: int) -> FloatArray:
    """Numeric ranks, or ranks parsed from deprivation labels; NaN where unknown."""
    if isinstance(rank, str):
        if data is None:
            raise ArgumentError(f"rank: {rank!r} is a column name, but no data= was given")
        if rank not in data.columns:
            raise ArgumentError(f"rank: no column {rank!r} in data")
        rank = data[rank]
    if rank is None:
        raise ArgumentError("rank: is required (ranks 1 = most deprived, or decile labels)")
    array = np.asarray(rank) if not isinstance(rank, pd.Series) else None
    if array is not None and array.dtype.kind in "iuf" and array.ndim == 1 and len(array) == n:
        return array.astype(np.float64)
    if isinstance(rank, pd.Series) and rank.dtype.kind in "iuf" and len(rank) == n:
        return rank.to_numpy(dtype=np.float64)
    series = rank if isinstance(rank, pd.Series) else pd.Series(np.asarray(rank, dtype=object))
    if len(series) != n:
        raise ArgumentError(f"rank: has {len(series)} values but there are {n} rows")
    numeric = pd.to_numeric(series.astype(object), errors="coerce")
    if (numeric.isna() & series.notna()).any():
        numeric = deprivation_rank(series).astype("float64")
    out: FloatArray = np.asarray(numeric.to_numpy(dtype=np.float64, na_value=np.nan))
    return out


def _scale(transform: str, multiplier: float) -> tuple[Any, Any, Any]:
    """Forward transform, its inverse and its derivative (for the delta method)."""
    if transform == "log":
        return np.log, np.exp, lambda y: 1.0 / y
    if transform == "logit":
        m = multiplier

        def forward(y: FloatArray) -> FloatArray:
            q = y / m
            out: FloatArray = np.log(q / (1.0 - q))
            return out

        def inverse(t: FloatArray) -> FloatArray:
            out: FloatArray = m / (1.0 + np.exp(-t))
            return out

        return forward, inverse, lambda y: m / (y * (m - y))
    return None, None, None


def _from_counts(
    measure: str, count: Any, denominator: Any, data: pd.DataFrame | None, m: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.int16], str]:
    """Value, 95% limits, denominator, row reason codes and unit from counts (Wilson/Byar's)."""
    from outcomeframe.stats._proportion import proportion  # noqa: PLC0415
    from outcomeframe.stats._rate import rate  # noqa: PLC0415

    if measure == "value":
        raise ArgumentError("measure: counts and denominators need 'proportion' or 'rate'")
    fn = proportion if measure == "proportion" else rate
    out = fn(count, denominator, data=data, confidence=0.95, multiplier=m)
    codes = np.asarray(out["reason"].cat.codes.to_numpy(), dtype=CODE_DTYPE)
    return (
        out["value"].to_numpy(dtype=float),
        out["lower_95"].to_numpy(dtype=float),
        out["upper_95"].to_numpy(dtype=float),
        out["denominator"].to_numpy(dtype=float),
        codes,
        str(out.attrs.get("unit", "")),
    )


def _sign(polarity: Any, reverse: bool, data: pd.DataFrame | None, first_rows: Any) -> FloatArray:
    """+1 keeps least-minus-most deprived; -1 reverses (low is good, or ``reverse``)."""
    n = len(first_rows)
    if isinstance(polarity, str) and data is not None and polarity in data.columns:
        codes = _polarity_codes(data[polarity].to_numpy()[first_rows], n, polarity)
    elif polarity is None or isinstance(polarity, str | Polarity):
        codes = _polarity_codes(polarity, n)
    else:
        raise ArgumentError("polarity: give one polarity, or a column of data")
    sign = np.where(codes == 1, -1.0, 1.0)
    return -sign if reverse else sign


def inequality(
    value: Input | None = None,
    lower: Input | None = None,
    upper: Input | None = None,
    *,
    rank: Input,
    population: Input | None = None,
    se: Input | None = None,
    count: Input | None = None,
    denominator: Input | None = None,
    data: pd.DataFrame | None = None,
    by: By | None = None,
    measure: Measure = "value",
    transform: Transform = "auto",
    multiplier: float | None = None,
    confidence: float | Sequence[float] = (0.95, 0.998),
    method: Method = "simulation",
    simulations: int = 100_000,
    seed: int | np.random.Generator | None = None,
    polarity: Polarity | str | None = None,
    reverse: bool = False,
    relative: Relative = "mean",
    min_groups: int = 5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SII and RII frames from one fit (and one simulation): see :func:`~outcomeframe.stats.sii`."""
    check_choice(measure, "measure", MEASURES)
    check_choice(transform, "transform", TRANSFORMS)
    check_choice(method, "method", METHODS)
    check_choice(relative, "relative", RELATIVE)
    if not isinstance(reverse, bool | np.bool_):
        raise ArgumentError(f"reverse: expected True or False, got {reverse!r}")
    min_groups = check_count(min_groups, "min_groups", minimum=3)
    simulations, rng = check_simulation(simulations, seed)
    chosen = levels(confidence)
    scale = _DEFAULT_MULTIPLIER[measure] if multiplier is None else float(multiplier)
    if not (np.isfinite(scale) and scale > 0):
        raise ArgumentError(f"multiplier: must be a positive number, got {multiplier!r}")
    transform = _AUTO[measure] if transform == "auto" else transform
    counted = count is not None or denominator is not None
    if counted and (value is not None or lower is not None or upper is not None or se is not None):
        raise ArgumentError("count: give counts and denominators, or values with limits, not both")
    inputs: dict[str, Any] = {}
    if counted:
        y, lo, up, den, count_codes, unit = _from_counts(measure, count, denominator, data, scale)
        inputs = {"value": y, "lower": lo, "upper": up}
        inputs["population"] = den if population is None else population
    else:
        if value is None:
            raise ArgumentError("value: give values (with lower/upper or se), or count/denominator")
        if se is None and (lower is None or upper is None):
            raise ArgumentError("lower/upper: give both 95% limits, or se")
        count_codes, unit = None, {"proportion": "percent", "rate": ""}.get(measure, "")
        inputs = {"value": value}
        inputs.update({"se": se} if se is not None else {"lower": lower, "upper": upper})
        if population is not None:
            inputs["population"] = population
    if data is not None:
        inputs = {k: (v if isinstance(v, str) else np.asarray(v)) for k, v in inputs.items()}
    arrays, _, grouping = prepare(inputs, data=data, by=by)
    n = len(arrays["value"])
    ranks = _ranks(rank, data, n)
    y = arrays["value"]
    pop = arrays.get("population", np.ones(n))
    forward, inverse, slope_of = _scale(transform, scale)
    with np.errstate(all="ignore"):
        if "se" in arrays:
            s_value = arrays["se"]
            s_t = s_value * slope_of(y) if forward is not None else s_value
            limits_ok = np.isfinite(s_value)
        else:
            lo, up = arrays["lower"], arrays["upper"]
            limits_ok = np.isfinite(lo) & np.isfinite(up)
            if forward is not None:
                s_t = (forward(up) - forward(lo)) / (2 * _Z95)
            else:
                s_t = (up - lo) / (2 * _Z95)
        centre = forward(y) if forward is not None else y
        s_value = s_t / slope_of(y) if forward is not None else s_t
    in_range = np.isfinite(centre) & np.isfinite(s_t)

    def checks(idx: Any, reasons: Reasons) -> None:
        reasons.add(~np.isfinite(ranks[idx]), "rank is missing or not recognised")
        reasons.add(~np.isfinite(y[idx]), "value is missing or not a finite number")
        reasons.add(~np.isfinite(pop[idx]), "population is missing or not a finite number")
        reasons.add(~(pop[idx] > 0), "population is zero or negative")
        reasons.add(~limits_ok[idx], "95% limits are missing or not finite numbers")
        reasons.add(~in_range[idx], "value or limit is outside the range of the transformation")
        reasons.add(~(s_value[idx] > 0), "standard error is zero, negative or not a finite number")

    ok = np.isfinite(ranks) & np.isfinite(y) & (pop > 0) & (pop < np.inf) & limits_ok
    ok &= in_range & (s_value > 0) & (s_value < np.inf)
    codes = row_reasons(ok, checks)
    if count_codes is not None:
        codes = np.where(count_codes >= 0, count_codes, codes).astype(CODE_DTYPE)
    groups = grouping if grouping is not None else one_group(n)
    group_codes = groups.reduce(codes)
    # Sort rows by group, then rank (most deprived first).
    ids = groups.ids
    in_order = bool(
        n < 2 or ((ids[1:] > ids[:-1]) | ((ids[1:] == ids[:-1]) & (ranks[1:] > ranks[:-1]))).all()
    )
    order = np.arange(n) if in_order else np.lexsort((ranks, ids))
    gid = groups.ids[order]
    sizes = np.bincount(groups.ids, minlength=groups.size)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
    r = ranks[order]
    repeated = np.zeros(groups.size, dtype=bool)
    same = (gid[1:] == gid[:-1]) & (r[1:] == r[:-1])
    repeated[gid[1:][same]] = True
    set_reason(group_codes, repeated, "rank appears more than once in the group")
    set_reason(group_codes, sizes < min_groups, "too few ranked groups")
    good_row = (group_codes[gid] < 0) & ok[order]
    all_good = bool(good_row.all())

    def rows_of(values: FloatArray, harmless: float) -> FloatArray:
        """Sorted rows; harmless numbers in groups without a result (no NaN in the sums)."""
        taken = values if in_order else values[order]
        return taken if all_good else np.where(good_row, taken, harmless)

    ys, ps, sv = rows_of(y, 0.0), rows_of(pop, 1.0), rows_of(s_value, 1.0)
    total = np.bincount(gid, weights=ps, minlength=groups.size)
    a = ps / total[gid]
    cum = np.cumsum(a)
    before = np.concatenate([[0.0], cum])[starts][gid]  # cumulative share before each group
    b = cum - before - a / 2.0
    s0 = np.bincount(gid, weights=a, minlength=groups.size)
    with np.errstate(all="ignore"):  # a set without rows (no data) is 0 / 0: NaN
        bbar = np.bincount(gid, weights=a * b, minlength=groups.size) / s0
    dev = b - bbar[gid]
    q = np.bincount(gid, weights=a * dev * dev, minlength=groups.size)
    with np.errstate(all="ignore"):
        c = a * dev / q[gid]
        d = a / s0[gid] - bbar[gid] * c

    def wsum(w: FloatArray) -> FloatArray:
        out: FloatArray = np.bincount(gid, weights=w, minlength=groups.size).astype(np.float64)
        return out

    slope, intercept = wsum(c * ys), wsum(d * ys)
    v2 = sv * sv
    var_s, var_i, cov = wsum(c * c * v2), wsum(d * d * v2), wsum(c * d * v2)
    with np.errstate(all="ignore"):
        mean = wsum(a * ys) / s0
    # No rows: the sets (none with by=, one without) keep the sign of "high is good".
    sign = _sign(polarity, bool(reverse), data, order[starts]) if n else np.ones(groups.size)

    def rii_parts(
        i: FloatArray, s: FloatArray, sg: FloatArray, bb: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Numerator and denominator of the RII, after the sign convention."""
        if relative == "mean":  # SII / population-weighted mean (the fit passes through it)
            return sg * s, i + bb * s
        top, bottom = i + s, i  # fitted least / most deprived
        flip = sg < 0
        return np.where(flip, bottom, top), np.where(flip, top, bottom)

    num, den = rii_parts(intercept, slope, sign, bbar)
    with np.errstate(all="ignore"):
        rii_value = num / den
    sii_value = sign * slope
    sii_limits: dict[float, tuple[FloatArray, FloatArray]] = {}
    rii_limits: dict[float, tuple[FloatArray, FloatArray]] = {}
    if method == "closed":
        # A = alpha_i int + alpha_s slope, B likewise: variances from the fit's covariance.
        if relative == "mean":
            an, asl = np.zeros_like(sign), sign
            bn, bsl = np.ones_like(sign), bbar
        else:
            flip = sign < 0
            an, asl = np.ones_like(sign), np.where(flip, 0.0, 1.0)
            bn, bsl = np.ones_like(sign), np.where(flip, 1.0, 0.0)
        var_a = an * an * var_i + 2 * an * asl * cov + asl * asl * var_s
        var_b = bn * bn * var_i + 2 * bn * bsl * cov + bsl * bsl * var_s
        cov_ab = an * bn * var_i + (an * bsl + asl * bn) * cov + asl * bsl * var_s
        with np.errstate(all="ignore"):
            se_r = np.sqrt(
                np.maximum(var_a - 2 * rii_value * cov_ab + rii_value**2 * var_b, 0.0)
            ) / np.abs(den)
            se_sii = np.sqrt(var_s)
            for level in chosen:  # an RII near 0 / 0 may overflow to infinite limits
                z = z_value(level)
                sii_limits[level] = (sii_value - z * se_sii, sii_value + z * se_sii)
                rii_limits[level] = (rii_value - z * se_r, rii_value + z * se_r)
    elif n == 0:  # no rows: nothing to simulate; a set without rows has its reason
        none = np.full(groups.size, np.nan)
        sii_limits = rii_limits = dict.fromkeys(chosen, (none, none))
    else:
        linear = forward is None
        fit = Fit(
            starts=starts,
            intercept=intercept,
            slope=slope,
            var_intercept=var_i,
            var_slope=var_s,
            cov=cov,
            c=c if all_good else np.where(good_row, c, 0.0),
            d=d if all_good else np.where(good_row, d, 0.0),
            centre=rows_of(centre, 0.0),
            spread=rows_of(s_t, 0.0),
            inverse=None if linear else inverse,
        )

        def statistics(di: Any, ds: Any, chunk: slice) -> list[tuple[Any, FloatArray | float]]:
            sg = sign[chunk, None].astype(ds.dtype)
            i = intercept[chunk, None].astype(di.dtype) + di  # float32 for the linear draws
            s = slope[chunk, None].astype(ds.dtype) + ds
            top, bottom = rii_parts(i, s, sg, bbar[chunk, None].astype(ds.dtype))
            with np.errstate(all="ignore"):
                return [(ds * sg, sii_value[chunk]), (top / bottom, 0.0)]

        sii_limits, rii_limits = simulate(fit, statistics, chosen, simulations=simulations, rng=rng)
    rii_codes = group_codes.copy()
    set_reason(
        rii_codes, ~(np.abs(den) > 0), "the RII divides by zero (fitted value or mean is zero)"
    )
    method_codes = np.full(groups.size, METHODS.index(method), dtype=np.int8)
    extra: dict[str, FloatArray] = {
        "groups": sizes.astype(np.float64),
        "population": total.astype(np.float64),
        "mean": mean.astype(np.float64),
    }
    frames = []
    for value_, limits_, codes_, unit_ in (
        (sii_value, sii_limits, group_codes, unit),
        (rii_value, rii_limits, rii_codes, "dimensionless"),
    ):
        frame = assemble(
            index=pd.RangeIndex(groups.size),
            grouping=grouping,
            value=np.asarray(value_, dtype=np.float64).copy(),
            limits={k: (lo_.copy(), up_.copy()) for k, (lo_, up_) in limits_.items()},
            method_codes=method_codes,
            method_categories=_METHOD_NAMES,
            reason_codes=codes_.copy(),
            inputs={k: v.copy() for k, v in extra.items()},
            unit=unit_,
        )
        bad = frame["reason"].notna().to_numpy()
        frame.loc[bad, "mean"] = np.nan
        frames.append(frame)
    return frames[0], frames[1]
