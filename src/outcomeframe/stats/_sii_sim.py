"""Simulated confidence limits of the SII and RII: one batched draw per chunk of groups.

The fit (:mod:`outcomeframe.stats._sii`) gives, for every group, the regression
weights of its rows: intercept = sum(d_i y_i), slope = sum(c_i y_i). A repetition
draws every row's value from its sampling distribution and refits; with those
weights a refit is two weighted sums, so a chunk of groups x repetitions is a
matrix and its sums one ``np.add.reduceat``. Nothing loops over groups.

When the values are drawn from normal distributions on their own scale (no
transformation), the fit is linear in them, so the refitted (intercept, slope)
of a repetition is exactly bivariate normal with the covariance the weights give:
it is drawn as such, two numbers per repetition instead of one per row. The
distribution is the same as drawing each row and refitting.

Draws are taken group by group (linear) or row by row (transformed) in the
order of the sorted groups, each group's or row's repetitions consecutive in
the generator's stream, so the limits do not depend on the chunk size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._numbers import check_count

__all__ = ["MAX_SIMULATIONS", "Fit", "check_simulation", "simulate"]

FloatArray = npt.NDArray[np.float64]
#: Numbers held at once by one chunk of groups (about 64 MB of float64, twice over).
_CHUNK = 1 << 23
#: Most repetitions allowed (ten times the reference's 100,000). A set needing more than
#: ``_CHUNK`` numbers (simulations x 2, or x its rows when transformed) is simulated on
#: its own, all its repetitions at once (the percentiles need them all), so the cap is
#: what bounds memory: at most ``MAX_SIMULATIONS`` x max(2, rows of the largest set).
MAX_SIMULATIONS = 1_000_000


@attrs.frozen
class Fit:
    """Rows sorted by group, with the regression weights and the sampling distributions."""

    starts: npt.NDArray[np.intp]  # first row of each group (sorted rows)
    intercept: FloatArray  # per group
    slope: FloatArray
    var_intercept: FloatArray
    var_slope: FloatArray
    cov: FloatArray
    c: FloatArray  # per row: slope = sum c y
    d: FloatArray  # per row: intercept = sum d y
    centre: FloatArray  # per row: the value on the sampling scale
    spread: FloatArray  # per row: its standard error on that scale
    inverse: Callable[[FloatArray], FloatArray] | None  # None: values drawn on their own scale


#: Given the simulated deviations of the intercepts and slopes of a chunk from their
#: fitted values (groups x repetitions), the statistics whose percentiles are wanted
#: (SII, RII ...): for each, the array and a per-group offset added to its percentiles
#: (percentiles commute with a shift, so a statistic linear in the draws keeps its
#: fitted value in float64 while its deviations are float32).
Statistics = Callable[[FloatArray, FloatArray, slice], Sequence[tuple[Any, FloatArray | float]]]


def check_simulation(simulations: Any, seed: Any) -> tuple[int, np.random.Generator]:
    """The number of repetitions (100 to :data:`MAX_SIMULATIONS`) and the generator.

    Examples
    --------
    >>> from outcomeframe.stats._sii_sim import check_simulation
    >>> check_simulation(1000, 1)[0]
    1000
    >>> check_simulation(1000, "x")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: seed: expected a whole number, None or a numpy.random.Generator, got 'x'
    """
    simulations = check_count(simulations, "simulations", minimum=100)
    if simulations > MAX_SIMULATIONS:
        raise ArgumentError(
            f"simulations: at most {MAX_SIMULATIONS:,} (all of a set's repetitions are held"
            f" at once for its percentiles), got {simulations:,}"
        )
    if isinstance(seed, np.random.Generator):
        return simulations, seed
    if seed is not None and (
        isinstance(seed, bool | np.bool_) or not isinstance(seed, int | np.integer)
    ):
        raise ArgumentError(
            f"seed: expected a whole number, None or a numpy.random.Generator, got {seed!r}"
        )
    if seed is not None and seed < 0:
        raise ArgumentError(f"seed: must be zero or more, got {seed!r}")
    return simulations, np.random.default_rng(seed)


def _probabilities(levels: Sequence[float]) -> FloatArray:
    probs = []
    for level in levels:
        tail = (1.0 - level) / 2.0
        probs += [tail, 1.0 - tail]
    return np.asarray(probs, dtype=np.float64)


def _percentiles(values: Any, probs: FloatArray) -> FloatArray:
    """Percentiles along axis 1, linearly interpolated (numpy's and R's default, type 7).

    A sort of each row (fast for rows of a few hundred numbers) and an interpolation
    between order statistics: the same numbers as ``np.quantile``, several times faster
    than its partition on many short rows. A row with a NaN gives NaN.
    """
    ordered = np.sort(values, axis=1)
    n = ordered.shape[1]
    h = (n - 1) * probs
    low = np.floor(h).astype(np.intp)
    high = np.minimum(low + 1, n - 1)
    frac = h - low
    below = ordered[:, low].astype(np.float64)
    out: FloatArray = (below + (ordered[:, high] - below) * frac).T
    if np.isnan(ordered[:, -1]).any():  # NaN sorts last: such rows have no percentiles
        out[:, np.isnan(ordered[:, -1])] = np.nan
    return out


def _linear_chunk(
    fit: Fit, chunk: slice, simulations: int, rng: np.random.Generator
) -> tuple[Any, Any]:
    n = chunk.stop - chunk.start
    z = rng.standard_normal((n, simulations, 2), dtype=np.float32)
    var_i = fit.var_intercept[chunk]
    l11 = np.sqrt(var_i)
    with np.errstate(all="ignore"):
        l21 = np.where(l11 > 0, fit.cov[chunk] / l11, 0.0)
    l22 = np.sqrt(np.maximum(fit.var_slope[chunk] - l21 * l21, 0.0))
    z1, z2 = z[:, :, 0], z[:, :, 1]
    d_slope = z1 * l21.astype(np.float32)[:, None]
    d_slope += z2 * l22.astype(np.float32)[:, None]
    d_intercept = z1 * l11.astype(np.float32)[:, None]
    return d_intercept, d_slope


def _row_chunk(
    fit: Fit, chunk: slice, simulations: int, rng: np.random.Generator
) -> tuple[Any, Any]:
    if fit.inverse is None:  # values on their own scale are drawn by _linear_chunk
        raise TypeError("_row_chunk needs a fit on a transformed scale")
    first = int(fit.starts[chunk.start])
    last = int(fit.starts[chunk.stop]) if chunk.stop < len(fit.starts) else len(fit.c)
    rows = slice(first, last)
    z = rng.standard_normal((last - first, simulations))
    z *= fit.spread[rows, None]
    z += fit.centre[rows, None]
    with np.errstate(all="ignore"):
        drawn = fit.inverse(z)
    offsets = fit.starts[chunk] - first
    intercept = np.add.reduceat(drawn * fit.d[rows, None], offsets, axis=0)
    drawn *= fit.c[rows, None]
    slope = np.add.reduceat(drawn, offsets, axis=0)
    intercept -= fit.intercept[chunk, None]
    slope -= fit.slope[chunk, None]
    return intercept, slope


def simulate(
    fit: Fit,
    statistics: Statistics,
    levels: Sequence[float],
    *,
    simulations: int,
    rng: np.random.Generator,
) -> list[dict[float, tuple[FloatArray, FloatArray]]]:
    """Percentile limits at each level of each statistic, for every group.

    Returns one ``{level: (lower, upper)}`` per statistic, in the order
    ``statistics`` returns them.
    """
    n_groups = len(fit.intercept)
    sizes = np.diff(np.append(fit.starts, len(fit.c)))
    per_group = simulations * (2 if fit.inverse is None else max(int(sizes.max(initial=1)), 2))
    step = max(1, _CHUNK // max(per_group, 1))
    probs = _probabilities(levels)
    out: list[list[FloatArray]] | None = None
    for start in range(0, n_groups, step):  # chunks bound memory; each is one batch
        chunk = slice(start, min(start + step, n_groups))
        draw = _linear_chunk if fit.inverse is None else _row_chunk
        d_intercept, d_slope = draw(fit, chunk, simulations, rng)
        values = statistics(d_intercept, d_slope, chunk)
        with np.errstate(all="ignore"):
            found = [_percentiles(v, probs) + offset for v, offset in values]
        if out is None:
            out = [[np.empty(n_groups) for _ in probs] for _ in found]
        for held, quantiles in zip(out, found, strict=True):
            for row, q in zip(held, quantiles, strict=True):
                row[chunk] = q
    if out is None:  # no groups
        out = [
            [np.empty(0) for _ in probs]
            for _ in statistics(np.empty((0, 1)), np.empty((0, 1)), slice(0, 0))
        ]
    return [
        {level: (held[2 * i], held[2 * i + 1]) for i, level in enumerate(levels)} for held in out
    ]
