"""Interval kernels: Wilson score, exact Poisson and Byar's (private, vectorised).

Each kernel works on whole float arrays and returns limits on the scale of its
input (a proportion between 0 and 1, or a count); the public functions scale
them. Formulas: ``METHODS.md`` and ``docs/explanation/methods.md``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = ["METHODS", "byars_limits", "count_limits", "exact_limits", "wilson_limits", "z_value"]

FloatArray = npt.NDArray[np.float64]
CountMethod = Literal["auto", "exact", "byars"]
#: Accepted ``method=`` values for intervals on a count.
METHODS: tuple[str, ...] = ("auto", "exact", "byars")
#: Counts below this use the exact Poisson interval under ``method="auto"`` (the published rule).
EXACT_BELOW = 10.0
#: ``z_value`` of the usual levels, as scipy's ``special.ndtri`` gives them (to the last
#: bit; a test checks them), so that importing the statistics does not import scipy.
_Z: dict[float, float] = {
    0.8: 1.2815515655446004,
    0.9: 1.6448536269514722,
    0.95: 1.959963984540054,
    0.98: 2.3263478740408408,
    0.99: 2.5758293035489004,
    0.995: 2.807033768343811,
    0.998: 3.090232306167813,
    0.999: 3.2905267314919255,
}


def z_value(level: float) -> float:
    """Standard normal quantile for a two-sided level: ``Phi^-1(c + (1 - c) / 2)``.

    Examples
    --------
    >>> from outcomeframe.stats._intervals import z_value
    >>> round(z_value(0.95), 6), round(z_value(0.998), 6)
    (1.959964, 3.090232)
    """
    if level in _Z:
        return _Z[level]
    from scipy import special  # noqa: PLC0415 - scipy only for an unusual level

    return float(special.ndtri(level + (1.0 - level) / 2.0))  # the normal quantile


def wilson_limits(
    x: FloatArray, n: FloatArray, level: float, four_x_q: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits of the proportion ``x / n`` (between 0 and 1).

    ``four_x_q`` may pass in ``4 x (1 - x / n)`` when it is shared between levels.

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe.stats._intervals import wilson_limits
    >>> lo, hi = wilson_limits(np.array([5.0]), np.array([20.0]), 0.95)
    >>> round(float(lo[0]), 6), round(float(hi[0]), 6)
    (0.111862, 0.468701)
    """
    z = z_value(level)
    z2 = z * z
    if four_x_q is None:
        four_x_q = 4.0 * x * (1.0 - x / n)
    with np.errstate(all="ignore"):
        root = np.sqrt(four_x_q + z2)
        root *= z
        centre = 2.0 * x
        centre += z2
        den = n + z2
        den *= 2.0
        lower = centre - root
        lower /= den
        upper = np.add(centre, root, out=centre)
        upper /= den
        # 2(n + z^2) overflows for n near 1e308 and silently sends both limits to 0:
        # the sums are finite only when every limit and denominator is.
        total = float(np.add.reduce(lower)) + float(np.add.reduce(upper))
        if not np.isfinite(total + float(np.add.reduce(den))):
            _wilson_scaled(x, n, z, lower, upper, np.isfinite(den))
    return lower, upper


def _wilson_scaled(
    x: FloatArray,
    n: FloatArray,
    z: float,
    lower: FloatArray,
    upper: FloatArray,
    den_ok: npt.NDArray[np.bool_],
) -> None:
    """Recompute, in place, the rows whose limits overflowed (counts near 1e308).

    The same formula divided through by ``2n``:
    ``(p + z^2/2n -+ z sqrt(p(1 - p)/n + z^2/4n^2)) / (1 + z^2/n)``, which stays in
    range for any finite count up to its denominator. Rows that are bad anyway
    (missing, negative, count above denominator) stay as they are.
    """
    redo = ~(np.isfinite(lower) & np.isfinite(upper) & den_ok) & (x >= 0) & (x <= n) & (n < np.inf)
    if not redo.any():
        return
    xs, ns = x[redo], n[redo]
    z2 = z * z
    with np.errstate(all="ignore"):
        p = xs / ns
        half = z2 / (2.0 * ns)
        root = z * np.sqrt(p * (1.0 - p) / ns + half / (2.0 * ns))
        den = 1.0 + 2.0 * half
        lower[redo] = (p + half - root) / den
        upper[redo] = (p + half + root) / den


def exact_limits(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits of a count, in the chi-squared form (lower is 0 at ``x = 0``).

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe.stats._intervals import exact_limits
    >>> lo, hi = exact_limits(np.array([0.0, 5.0]), 0.95)
    >>> [round(float(v), 4) for v in lo], [round(float(v), 4) for v in hi]
    ([0.0, 1.6235], [3.6889, 11.6683])
    """
    if x.size > 64:
        # Counts below 10 take few distinct values: evaluate the quantiles once per value.
        distinct, inverse = np.unique(x, return_inverse=True)
        if distinct.size * 4 < x.size:
            lower, upper = exact_limits(distinct, level)
            return lower[inverse], upper[inverse]
    from scipy import special  # noqa: PLC0415 - scipy when an exact interval is asked for

    alpha = 1.0 - level
    with np.errstate(all="ignore"):
        # chi-squared quantiles: chi2.ppf(q, df) = 2 * gammaincinv(df / 2, q), as scipy.stats
        lower = np.asarray(special.gammaincinv(x, alpha / 2.0), dtype=np.float64)
        upper = np.asarray(special.gammaincinv(x + 1.0, level + alpha / 2.0), dtype=np.float64)
    # At x = 0 the lower limit is 0 by definition; for subnormal x scipy's quantile
    # underflows to NaN where its limit is also 0.
    lower[(x >= 0.0) & ((x == 0.0) | (np.isnan(lower) & (x < 1e-300)))] = 0.0
    return lower, upper


def byars_limits(x: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Byar's approximate Poisson limits of a count.

    Where the formula's lower limit would be negative or undefined (only for
    counts below about 3, never under the published rule), it is 0.

    Examples
    --------
    >>> import numpy as np
    >>> from outcomeframe.stats._intervals import byars_limits
    >>> lo, hi = byars_limits(np.array([100.0]), 0.95)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (81.3621, 121.6279)
    """
    z = z_value(level)
    with np.errstate(all="ignore"):
        base = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))
        lower = x * base**3
        x1 = x + 1.0
        upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
    clip = (x >= 0.0) & ~(lower > 0.0)
    lower[clip] = 0.0
    return lower, upper


def exact_rows(x: FloatArray, method: str) -> npt.NDArray[np.bool_]:
    """Rows whose count interval is exact: ``x < 10`` for ``"auto"`` (the published rule)."""
    if method == "exact":
        return np.ones(len(x), dtype=bool)
    if method == "byars":
        return np.zeros(len(x), dtype=bool)
    return (x >= 0.0) & (x < EXACT_BELOW)


def count_limits(
    x: FloatArray, level: float, exact: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """Limits of counts: exact Poisson where ``exact`` holds, Byar's elsewhere.

    The exact (chi-squared) form is evaluated only on its own rows; Byar's, which
    is cheap, on all rows and then replaced.
    """
    idx = np.flatnonzero(exact)
    if idx.size == len(x):
        return exact_limits(x, level)
    lower, upper = byars_limits(x, level)
    if idx.size:
        lower[idx], upper[idx] = exact_limits(x[idx], level)
    return lower, upper
