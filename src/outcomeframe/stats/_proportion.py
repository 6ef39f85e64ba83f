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
    group_counts,
    levels,
    prepare,
    resolve_multiplier,
    row_reasons,
)
from outcomeframe.stats._intervals import wilson_limits, z_value
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._units import Registry

__all__ = ["proportion"]

#: Denominators times the multiplier below this cannot overflow the Wilson formula.
_IN_RANGE = 1e300
#: Rows computed at a time: a block's temporaries stay in the processor's cache.
_BLOCK = 1 << 16

Limits = dict[float, tuple[FloatArray, FloatArray]]


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
        x, n, group_codes = group_counts(grouping, x, n, at_most=True)
    # the output keeps count and denominator: never share the caller's memory
    x, n, value, limits, clean, in_range = _wilson_blocks(
        x, n, chosen, scale, copy=grouping is None
    )
    codes = None  # every row has its value, unless a check below says otherwise
    if not clean:
        ok = (x >= 0) & (x <= n) & (n > 0) & (n < np.inf)
        codes = row_reasons(ok, count_checks(x, n, zero_ok=False, at_most=True))
    if group_codes is not None:
        codes = group_codes if codes is None else np.where(group_codes >= 0, group_codes, codes)
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


def _wilson_blocks(
    x_in: FloatArray, n_in: FloatArray, chosen: tuple[float, ...], scale: float, *, copy: bool
) -> tuple[FloatArray, FloatArray, FloatArray, Limits, bool, bool]:
    """Values and scaled Wilson limits, a block of rows at a time (count, denominator too).

    Returns ``x, n, value, limits, clean, in_range``: whether every row passes the
    count checks (:func:`clean_counts`), and whether, besides, every denominator times
    the multiplier is below ``_IN_RANGE``. Each block is checked as it is read. A clean
    block far from overflow takes the operations of :func:`wilson_limits` in the same
    order (the same numbers to the last bit) without its overflow search, ``2x`` and
    ``4x(1 - x/n)`` shared between the levels and every temporary the size of a block;
    any other block takes :func:`wilson_limits` itself. So the only arrays of the
    input's length are the outputs. With ``copy``, count and denominator are copies.
    """
    size = len(x_in)
    x = np.empty_like(x_in) if copy else x_in
    n = np.empty_like(n_in) if copy else n_in
    value = np.empty_like(x)
    limits = {level: (np.empty_like(x), np.empty_like(x)) for level in chosen}
    width = max(1, min(size, _BLOCK))
    four_x_q, twice_x, root, den = (np.empty(width) for _ in range(4))
    factor = max(abs(scale), 1.0)
    clean = in_range = size > 0  # as clean_counts, which finds no clean row in no rows
    with np.errstate(all="ignore"):
        for start in range(0, size, width):  # a few blocks per million rows
            stop = min(start + width, size)
            k = stop - start
            xs, ns = x[start:stop], n[start:stop]
            if copy:
                np.copyto(xs, x_in[start:stop])
                np.copyto(ns, n_in[start:stop])
            largest = clean_counts(xs, ns, positive=True, at_most=True)
            block_fits = largest is not None and largest * factor < _IN_RANGE
            clean &= largest is not None
            in_range &= block_fits
            p = np.divide(xs, ns, out=value[start:stop])
            fxq = np.subtract(1.0, p, out=four_x_q[:k])
            fxq *= xs
            fxq *= 4.0
            p *= scale
            if not block_fits:
                for level in chosen:
                    lower, upper = wilson_limits(xs, ns, level, fxq)
                    limits[level][0][start:stop] = lower * scale
                    limits[level][1][start:stop] = upper * scale
                continue
            centre_x = np.multiply(xs, 2.0, out=twice_x[:k])
            for level in chosen:
                z = z_value(level)
                z2 = z * z
                rt = np.add(fxq, z2, out=root[:k])
                np.sqrt(rt, out=rt)
                rt *= z
                dn = np.add(ns, z2, out=den[:k])
                dn *= 2.0
                lower = np.add(centre_x, z2, out=limits[level][0][start:stop])  # 2x + z^2
                upper = np.add(lower, rt, out=limits[level][1][start:stop])
                lower -= rt
                lower /= dn
                upper /= dn
                lower *= scale
                upper *= scale
    return x, n, value, limits, clean, in_range
