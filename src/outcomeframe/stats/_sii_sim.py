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

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["Fit", "simulate"]

FloatArray = npt.NDArray[np.float64]
#: Numbers held at once by one chunk (about 64 MB of float64, twice over).
_CHUNK = 1 << 23


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


#: Given the simulated intercepts and slopes of a chunk, the statistics whose
#: percentiles are wanted (SII, RII ...), each shaped like its inputs.
Statistics = Callable[[FloatArray, FloatArray, slice], Sequence[FloatArray]]


def _probabilities(levels: Sequence[float]) -> FloatArray:
    probs = []
    for level in levels:
        tail = (1.0 - level) / 2.0
        probs += [tail, 1.0 - tail]
    return np.asarray(probs, dtype=np.float64)


def _linear_chunk(
    fit: Fit, chunk: slice, simulations: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    n = chunk.stop - chunk.start
    z = rng.standard_normal((n, simulations, 2))
    var_i = fit.var_intercept[chunk]
    l11 = np.sqrt(var_i)
    with np.errstate(all="ignore"):
        l21 = np.where(l11 > 0, fit.cov[chunk] / l11, 0.0)
    l22 = np.sqrt(np.maximum(fit.var_slope[chunk] - l21 * l21, 0.0))
    intercept = fit.intercept[chunk, None] + l11[:, None] * z[:, :, 0]
    slope = fit.slope[chunk, None] + l21[:, None] * z[:, :, 0] + l22[:, None] * z[:, :, 1]
    return intercept, slope


def _row_chunk(
    fit: Fit, chunk: slice, simulations: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    assert fit.inverse is not None
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
        intercept, slope = draw(fit, chunk, simulations, rng)
        values = statistics(intercept, slope, chunk)
        with np.errstate(all="ignore"):
            found = [np.quantile(v, probs, axis=1) for v in values]
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
