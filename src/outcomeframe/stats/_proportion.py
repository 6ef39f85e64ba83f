"""Proportions with Wilson score intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from outcomeframe.stats._engine import on_engine
from outcomeframe.stats._input import (
    FloatArray,
    Input,
    assemble,
    clean_counts,
    count_checks,
    levels,
    prepare,
    resolve_multiplier,
    row_reasons,
)
from outcomeframe.stats._intervals import wilson_limits, z_value
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._reasons import no_reasons
from outcomeframe.stats._units import Registry

__all__ = ["proportion"]

#: Denominators times the multiplier below this cannot overflow the Wilson formula.
_IN_RANGE = 1e300


def proportion(
    count: Input,
    denominator: Input,
    *,
    data: pd.DataFrame | None = None,
    by: Any = None,
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    multiplier: float | str = 100,
    registry: Registry | None = None,
) -> pd.DataFrame:
    r"""Proportions ``count / denominator * multiplier`` with Wilson score intervals.

    Parameters
    ----------
    count, denominator : array_like, pandas.Series or str
        Numerators and denominators (non-integer aggregates are accepted), or the
        names of columns of ``data``.
    data : pandas.DataFrame or a Polars, DuckDB, Dask, PySpark or pyarrow frame, optional
        The table holding the named columns.
    by : str or list of str, optional
        Columns of ``data`` to group by: counts and denominators of a group's rows are
        summed first, then the proportion is computed from the sums.
    confidence : float or sequence of float, default (0.95, 0.998)
        One or several two-sided levels; each adds ``lower_*``/``upper_*`` columns.
    multiplier : float or str, default 100
        1 for a proportion, 100 for a percentage; or a unit such as ``"percent"``.
    registry : pint.UnitRegistry, optional
        Unit registry, defaults to :func:`unit_registry`.

    Returns
    -------
    pandas.DataFrame
        One row per input row (same index) or per group (group columns first):
        ``value``, the limit columns, ``method`` ("Wilson"), ``reason`` (missing when the
        row has a value; otherwise why not), ``count`` and ``denominator`` as used.
        ``attrs["unit"]`` holds the unit ("percent" for the default multiplier).

    Raises
    ------
    ArgumentError
        For unknown columns, inputs of different lengths, a bad confidence level or
        multiplier. Bad values (negative, missing, count above denominator, zero
        denominator) do not raise: the row gets no value and a reason.

    Notes
    -----
    With :math:`z = \Phi^{-1}(c + (1 - c)/2)`:

    .. math::

        \frac{2x + z^2 \mp z\sqrt{z^2 + 4x(1 - x/n)}}{2(n + z^2)} \times \text{multiplier}

    Examples
    --------
    >>> from outcomeframe.stats import proportion
    >>> out = proportion([65, 0], [100, 20])
    >>> out[["value", "lower_95", "upper_95"]].round(4)
       value  lower_95  upper_95
    0   65.0   55.2544   73.6358
    1    0.0    0.0000   16.1125
    >>> out.attrs["unit"]
    'percent'
    >>> proportion([5, 30], [10, 20], confidence=0.95)["reason"].tolist()
    [nan, 'count exceeds denominator']
    """
    if (grouped := on_engine(proportion, locals())) is not None:  # a Polars, DuckDB, Spark... frame
        return grouped
    arrays, index, grouping = prepare(
        {"count": count, "denominator": denominator}, data=data, by=by
    )
    chosen = levels(confidence)
    scale, unit = resolve_multiplier(multiplier, registry)
    x, n = arrays["count"], arrays["denominator"]
    group_codes = None
    if grouping is not None:
        if clean_counts(x, n, positive=False, at_most=True) is None:
            row_ok = (x >= 0) & (x <= n) & (n < np.inf)
            group_codes = grouping.reduce(
                row_reasons(row_ok, count_checks(x, n, zero_ok=True, at_most=True))
            )
        x, n = grouping.sum(x), grouping.sum(n)
    else:
        x, n = x.copy(), n.copy()  # the output keeps them: never share the caller's memory
    largest = clean_counts(x, n, positive=True, at_most=True)
    if largest is None:
        ok = (x >= 0) & (x <= n) & (n > 0) & (n < np.inf)
        codes = row_reasons(ok, count_checks(x, n, zero_ok=False, at_most=True))
    else:
        codes = no_reasons(len(x))
    if group_codes is not None:
        codes = np.where(group_codes >= 0, group_codes, codes)
    # Every row clean and far from overflow: the limits are finite without looking.
    in_range = largest is not None and largest * max(abs(scale), 1.0) < _IN_RANGE
    with np.errstate(all="ignore"):
        p = x / n
        four_x_q = np.subtract(1.0, p, out=np.empty_like(p))
        four_x_q *= x
        four_x_q *= 4.0
        value = np.multiply(p, scale, out=p)
    limits = {}
    twice_x = 2.0 * x if in_range else x
    scratch = (np.empty_like(x), np.empty_like(x)) if in_range and len(chosen) > 1 else None
    for level in chosen:
        if in_range:
            lower, upper = _wilson_in_range(n, level, four_x_q, twice_x, scratch)
        else:
            lower, upper = wilson_limits(x, n, level, four_x_q)
        lower *= scale
        upper *= scale
        limits[level] = (lower, upper)
    return assemble(
        index=index,
        grouping=grouping,
        value=value,
        limits=limits,
        method_codes=np.zeros(len(x), dtype=np.int8),
        method_categories=("Wilson",),
        reason_codes=codes,
        inputs={"count": x, "denominator": n},
        unit=unit,
        in_range=in_range,
    )


def _wilson_in_range(
    n: FloatArray,
    level: float,
    four_x_q: FloatArray,
    twice_x: FloatArray,
    scratch: tuple[FloatArray, FloatArray] | None,
) -> tuple[FloatArray, FloatArray]:
    """:func:`wilson_limits` on rows known to be clean and far from overflow.

    The same operations in the same order (the same numbers to the last bit), without
    its overflow search; ``2x`` is shared between levels and the temporaries reuse
    ``scratch``.
    """
    z = z_value(level)
    z2 = z * z
    root = np.add(four_x_q, z2, out=None if scratch is None else scratch[0])
    np.sqrt(root, out=root)
    root *= z
    den = np.add(n, z2, out=None if scratch is None else scratch[1])
    den *= 2.0
    lower = np.add(twice_x, z2)  # the centre, 2x + z^2
    upper = np.add(lower, root)
    lower -= root
    lower /= den
    upper /= den
    return lower, upper
