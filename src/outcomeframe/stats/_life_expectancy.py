"""Period life expectancy: Chiang II abridged life table with the Silcocks variance.

Each group (area x period x sex ...) is one life table. The rows are reshaped into
a groups x bands array once and every step of the table is a whole-array
operation, so many thousands of tables cost a few passes over one array.
Formulas and sources: ``docs/explanation/methods.md`` (section "Life expectancy").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._input import (
    FloatArray,
    Grouping,
    Input,
    assemble,
    count_checks,
    levels,
    one_group,
    prepare,
    row_reasons,
    set_reason,
)
from outcomeframe.stats._intervals import z_value
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._numbers import check_real

__all__ = ["LIFE_TABLE_BANDS", "life_expectancy"]

#: Start ages of the published life table's 20 bands: 0, 1-4, 5-9, ... 85-89, 90+.
LIFE_TABLE_BANDS: tuple[int, ...] = (0, 1, *range(5, 95, 5))
#: Fraction of the first band (under 1) lived by those who die in it (Chiang's a_0).
INFANT_FRACTION = 0.1
#: Fraction of every other closed band lived by those who die in it.
BAND_FRACTION = 0.5
_RADIX = 100_000.0
_METHOD = "Chiang II, Silcocks variance for the open-ended band"


def _check_bands(bands: Any) -> npt.NDArray[np.float64]:
    """The band start ages as floats: whole numbers from 0, strictly increasing, 2 or more."""
    if isinstance(bands, str | bytes) or not isinstance(bands, Sequence | np.ndarray):
        raise ArgumentError(f"bands: {bands!r} is not a sequence of start ages such as (0, 1, 5)")
    try:
        starts = np.asarray(bands, dtype=np.float64)
    except (TypeError, ValueError):
        raise ArgumentError(f"bands: {bands!r} holds values that are not ages") from None
    if starts.ndim != 1 or starts.size < 2:
        raise ArgumentError("bands: give at least two start ages, the first 0")
    if not (np.isfinite(starts).all() and (starts == np.round(starts)).all()):
        raise ArgumentError("bands: start ages must be whole numbers")
    if starts[0] != 0 or not (np.diff(starts) > 0).all():
        raise ArgumentError(
            f"bands: start ages must begin at 0 and increase, got {starts.astype(int).tolist()}"
        )
    return starts


def _check_ages(age: Any, starts: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    """Positions in ``starts`` of the ages asked for (``"all"``, one age or several)."""
    if isinstance(age, str):
        if age != "all":
            raise ArgumentError(f"age: {age!r} is not 'all' or a start age of a band")
        return np.arange(starts.size)
    wanted = [age] if np.ndim(age) == 0 else list(np.ravel(age))
    if not wanted:
        raise ArgumentError("age: give at least one start age, e.g. 0 or (0, 65)")
    out = []
    for a in wanted:
        if isinstance(a, bool | np.bool_) or not isinstance(
            a, int | float | np.integer | np.floating
        ):
            raise ArgumentError(f"age: {a!r} is not a start age")
        hit = np.flatnonzero(starts == float(a))
        if not hit.size:
            shown = ", ".join(str(int(s)) for s in starts)
            raise ArgumentError(f"age: {a!r} is not the start of a band ({shown})")
        out.append(int(hit[0]))
    return np.asarray(list(dict.fromkeys(out)), dtype=np.intp)


def _start_ages(labels: Any) -> FloatArray:
    """Start age of each band label: a number, or the first whole number in its text.

    ``0``, ``"0"``, ``"1-4"``, ``"10 - 14"``, ``"90+"`` and ``"90 +"`` all work;
    a label with no number gives NaN. Text is parsed once per distinct label.
    """
    series = labels if isinstance(labels, pd.Series) else pd.Series(labels)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        return np.asarray(series, dtype=np.float64)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    found = pd.Series(pd.Index(uniques).astype(str)).str.extract(r"^\D*?(\d+)", expand=False)
    starts = pd.to_numeric(found, errors="coerce").to_numpy(dtype=np.float64)
    return np.where(codes >= 0, starts[np.maximum(codes, 0)], np.nan)


def _band_positions(
    band: Input | None,
    data: pd.DataFrame | None,
    groups: Grouping,
    n_rows: int,
    starts: FloatArray,
) -> npt.NDArray[np.intp]:
    """Band of each row (-1 where its label is not a band of the table)."""
    if band is None:  # rows of each group in band order
        pos = pd.Series(groups.ids).groupby(groups.ids).cumcount().to_numpy()
        return np.where(pos < starts.size, pos, -1).astype(np.intp)
    if isinstance(band, str):
        if data is None:
            raise ArgumentError(f"band: {band!r} is a column name, but no data= was given")
        if band not in data.columns:
            raise ArgumentError(f"band: no column {band!r} in data")
        labels: Any = data[band]
    else:
        labels = band
    if np.ndim(labels) != 1:
        raise ArgumentError(
            f"band: expected one label per row (a column name or a list), got "
            f"{type(labels).__name__} of {np.ndim(labels)} dimensions"
        )
    if len(labels) != n_rows:
        raise ArgumentError(f"band: has {len(labels)} values but there are {n_rows} rows")
    ages = _start_ages(labels)
    pos = np.searchsorted(starts, ages)
    inside = np.minimum(pos, starts.size - 1)
    return np.where(starts[inside] == ages, inside, -1).astype(np.intp)


def _life_table(
    deaths: FloatArray, pop: FloatArray, starts: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Life expectancy, its variance and the survivors at each band start (groups x bands)."""
    widths = np.diff(starts)
    fraction = np.full(widths.size, BAND_FRACTION)
    if widths[0] == 1:
        fraction[0] = INFANT_FRACTION
    with np.errstate(all="ignore"):
        m = deaths / pop
        nm = widths * m[:, :-1]
        q = np.minimum(nm / (1.0 + (1.0 - fraction) * nm), 1.0)  # probability of dying
        survive = np.cumprod(1.0 - q, axis=1)
        lx = np.empty_like(m)
        lx[:, 0] = _RADIX
        lx[:, 1:] = _RADIX * survive
        dx = lx[:, :-1] * q
        big_l = np.empty_like(m)
        big_l[:, :-1] = widths * (lx[:, 1:] + fraction * dx)
        big_l[:, -1] = lx[:, -1] / m[:, -1]
        tx = np.cumsum(big_l[:, ::-1], axis=1)[:, ::-1]
        ex = tx / lx
        # Chiang: var(q) = q^2 (1 - q) / D (0 without deaths), weighted by the years lost.
        var_q = np.where(deaths[:, :-1] > 0, q * q * (1.0 - q) / deaths[:, :-1], 0.0)
        weight = lx[:, :-1] * ((1.0 - fraction) * widths + ex[:, 1:])
        terms = np.empty_like(m)
        terms[:, :-1] = np.where(lx[:, :-1] > 0, weight * weight * var_q, 0.0)
        # Silcocks: the open band's years depend on 1/M, var(M) = D / P^2.
        terms[:, -1] = (lx[:, -1] / m[:, -1] ** 2) ** 2 * deaths[:, -1] / pop[:, -1] ** 2
        var = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1] / (lx * lx)
    return ex, var, lx


def life_expectancy(
    deaths: Input,
    population: Input,
    *,
    data: pd.DataFrame | None = None,
    by: Any = None,
    band: Input | None = None,
    bands: Sequence[int] = LIFE_TABLE_BANDS,
    age: int | Sequence[int] | str = 0,
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    suppress_population_below: float = 5_000,
    suppress_width_above: float | None = 20,
) -> pd.DataFrame:
    r"""Period life expectancy by the Chiang II abridged life table, with Silcocks' variance.

    Each input row is one age band of one group (area, period, sex ...); each
    group is one life table. The published method (the PHE Life Expectancy
    Calculator and Fingertips) uses the 20 bands of :data:`LIFE_TABLE_BANDS`:
    0, 1-4, 5-9, ... 85-89 and 90+.

    Parameters
    ----------
    deaths, population : array_like, pandas.Series or str
        Deaths and population (person-years) of each age band, or column names of
        ``data``.
    data : pandas.DataFrame, optional
    by : str or list of str, optional
        Columns identifying a life table; without ``by`` all rows are one table.
    band : array_like, pandas.Series or str, optional
        Age band of each row: its start age (``0``, ``1``, ``5`` ... ``90``) or a
        label whose first number is the start age (``"0"``, ``"1-4"``, ``"10 - 14"``,
        ``"90+"``). Without it, the rows of each group must be in band order, one
        per band.
    bands : sequence of int, default :data:`LIFE_TABLE_BANDS`
        Start ages of the table's bands: whole numbers from 0, increasing; the last
        band is open-ended. A first band of width 1 is the infant band. The
        published method's set is the default; the older calculator's 19 bands
        ending ``85+`` (``LIFE_TABLE_BANDS[:-1]``) also work. Other sets are
        computed by the same formulas but are not a published method.
    age : int, sequence of int or "all", default 0
        Start ages of the bands at which life expectancy is given: 0 (at birth),
        several (e.g. ``(0, 65)``) or ``"all"``. One result row per group and age.
    confidence : float or sequence of float, default (0.95, 0.998)
    suppress_population_below : float, default 5,000
        Tables whose total population is below this get no value (the published
        minimum for a robust life expectancy).
    suppress_width_above : float or None, default 20
        Ages whose 95% interval is wider than this many years get no value (the
        published rule); None keeps them.

    Returns
    -------
    pandas.DataFrame
        One row per group and age: group columns, ``age`` (start age of the band),
        ``value`` (years), ``standard_error``, limit columns, ``method``,
        ``reason``, ``deaths`` and ``population`` (totals from ``age`` up, as used
        by the value). ``attrs["unit"]`` is ``"years"``.

    Notes
    -----
    Rows are checked in this order, the first failing check giving the reason:
    a band's deaths or population missing, negative, deaths above population,
    a population of zero (all per band, in the order of :data:`REASONS`); the
    group's bands not exactly one of each of ``bands``; total population below
    ``suppress_population_below``; no deaths in the open-ended band (its years
    lived, :math:`l_\omega / M_\omega`, are undefined); then, per age, no
    survivors to that age and a 95% interval wider than ``suppress_width_above``.

    With :math:`M_i = D_i / P_i`, band widths :math:`n_i`, :math:`a_0 = 0.1` and
    :math:`a_i = 0.5` otherwise:

    .. math::

        q_i = \frac{n_i M_i}{1 + (1 - a_i) n_i M_i}, \quad
        l_{i+1} = l_i (1 - q_i), \quad
        L_i = n_i (l_{i+1} + a_i l_i q_i), \quad L_\omega = l_\omega / M_\omega,

        e_i = \frac{\sum_{j \ge i} L_j}{l_i}, \quad
        \operatorname{var}(e_i) = \frac{1}{l_i^2} \Big( \sum_{i \le j < \omega}
        l_j^2 \big((1 - a_j) n_j + e_{j+1}\big)^2 \frac{q_j^2 (1 - q_j)}{D_j}
        + \frac{l_\omega^2}{M_\omega^4} \frac{D_\omega}{P_\omega^2} \Big)

    and the limits are :math:`e_i \pm z \sqrt{\operatorname{var}(e_i)}`.

    Examples
    --------
    >>> from outcomeframe.stats import life_expectancy
    >>> pops = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
    ...         50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
    >>> deaths = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872,
    ...           1390, 1605, 1936, 1937]
    >>> out = life_expectancy(deaths, pops, confidence=0.95)
    >>> out[["age", "value", "lower_95", "upper_95"]].round(4)
       age    value  lower_95  upper_95
    0    0  80.1696   79.8827   80.4565
    >>> life_expectancy(deaths, pops, age=(65, 90))[["age", "value"]].round(2)
       age  value
    0   65  18.77
    1   90   6.16
    """
    arrays, _, grouping = prepare({"deaths": deaths, "population": population}, data=data, by=by)
    chosen = levels(confidence)
    starts = _check_bands(bands)
    picked = _check_ages(age, starts)
    floor = check_real(suppress_population_below, "suppress_population_below", minimum=0)
    width_cap = (
        None
        if suppress_width_above is None
        else check_real(suppress_width_above, "suppress_width_above", minimum=0)
    )
    x, n = arrays["deaths"], arrays["population"]
    groups = grouping if grouping is not None else one_group(len(x))
    pos = _band_positions(band, data, groups, len(x), starts)
    n_groups, n_bands = groups.size, starts.size

    row_ok = (x >= 0) & (x <= n) & (n > 0) & (n < np.inf)
    codes = groups.reduce(row_reasons(row_ok, count_checks(x, n, zero_ok=False, at_most=True)))
    # One cell per group and band; a band missing, repeated or unknown spoils its group.
    known = pos >= 0
    cell = groups.ids[known] * n_bands + pos[known]
    filled = np.bincount(cell, minlength=n_groups * n_bands).reshape(n_groups, n_bands)
    unknown = np.bincount(groups.ids[~known], minlength=n_groups) > 0
    set_reason(codes, unknown | (filled != 1).any(axis=1), "age bands do not match the life table")
    flat_d = np.full(n_groups * n_bands, np.nan)
    flat_p = np.full(n_groups * n_bands, np.nan)
    flat_d[cell], flat_p[cell] = x[known], n[known]
    big_d, big_p = flat_d.reshape(n_groups, n_bands), flat_p.reshape(n_groups, n_bands)
    total_p = big_p.sum(axis=1)
    set_reason(codes, total_p < floor, "total population is below the suppression threshold")
    set_reason(codes, ~(big_d[:, -1] > 0), "no deaths in the open-ended age band")

    ex, var, lx = _life_table(big_d, big_p, starts)
    k = picked.size
    value = ex[:, picked].ravel()
    with np.errstate(invalid="ignore"):
        se = np.sqrt(var[:, picked]).ravel()
    row_codes = np.repeat(codes, k)
    set_reason(
        row_codes, ~(lx[:, picked].ravel() > 0), "no survivors to this age in the life table"
    )
    if width_cap is not None:
        with np.errstate(invalid="ignore"):
            wide = 2.0 * z_value(0.95) * se > width_cap
        set_reason(row_codes, wide, "confidence interval is wider than the suppression threshold")
    limits = {}
    for level in chosen:
        z = z_value(level)
        limits[level] = (value - z * se, value + z * se)
    keys = groups.keys.iloc[np.repeat(np.arange(n_groups), k)].reset_index(drop=True)
    keys["age"] = np.tile(starts[picked].astype(np.int64), n_groups)
    from_age = np.cumsum(big_d[:, ::-1], axis=1)[:, ::-1][:, picked].ravel()
    pop_from_age = np.cumsum(big_p[:, ::-1], axis=1)[:, ::-1][:, picked].ravel()
    frame = assemble(
        index=pd.RangeIndex(n_groups * k),
        grouping=Grouping(ids=np.arange(n_groups * k, dtype=np.intp), keys=keys),
        value=value,
        limits=limits,
        method_codes=np.zeros(n_groups * k, dtype=np.int8),
        method_categories=(_METHOD,),
        reason_codes=row_codes,
        inputs={"deaths": from_age, "population": pop_from_age},
        unit="years",
    )
    se[row_codes >= 0] = np.nan
    frame.insert(list(frame.columns).index("value") + 1, "standard_error", se)
    return frame
