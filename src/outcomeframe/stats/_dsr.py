"""Directly standardised rates with Dobson intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._dsr_episodes import episode_checks, episode_sums
from outcomeframe.stats._engine import on_engine
from outcomeframe.stats._input import (
    FloatArray,
    Grouping,
    Input,
    Reasons,
    assemble,
    check_choice,
    levels,
    one_group,
    prepare,
    resolve_multiplier,
    row_reasons,
    set_reason,
)
from outcomeframe.stats._intervals import METHODS, count_limits, exact_rows
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._numbers import as_floats, check_real
from outcomeframe.stats._reasons import CODE_DTYPE
from outcomeframe.stats._units import Registry

__all__ = ["ESP2013", "dsr"]

#: European Standard Population 2013: 19 five-year age bands, total 100,000.
ESP2013: pd.Series = pd.Series(
    [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
     7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000],
    index=pd.Index(
        [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"], name="age_band"
    ),
    name="esp2013",
    dtype="float64",
)  # fmt: skip


def _weights(
    standard: Any,
    band: Input | None,
    data: pd.DataFrame | None,
    grouping: Grouping,
    n_rows: int,
) -> tuple[FloatArray, Any]:
    """Standard-population weight of each row, and per-group band mismatch flags."""
    if standard is None:
        standard = ESP2013
    if isinstance(standard, pd.Series):
        weights = as_floats(standard, "standard")
        if not standard.index.is_unique:
            repeated = standard.index[standard.index.duplicated()].unique().tolist()[:5]
            raise ArgumentError(f"standard: band labels appear more than once: {repeated}")
        if band is not None:
            labels = data[band] if isinstance(band, str) and data is not None else band
            if isinstance(band, str) and data is None:
                raise ArgumentError(f"band: {band!r} is a column name, but no data= was given")
            if isinstance(band, str) and data is not None and band not in data.columns:
                raise ArgumentError(f"band: no column {band!r} in data")
            shape: Any = labels
            if np.ndim(shape) != 1:
                raise ArgumentError(
                    f"band: expected one label per row (a column name or a list), got "
                    f"{type(shape).__name__} of {np.ndim(shape)} dimensions"
                )
            labels = pd.Series(labels) if not isinstance(labels, pd.Series) else labels
            if len(labels) != n_rows:
                raise ArgumentError(f"band: has {len(labels)} values but there are {n_rows} rows")
            if isinstance(labels.dtype, pd.CategoricalDtype):
                lookup = standard.index.get_indexer(labels.cat.categories.astype(str))
                codes = labels.cat.codes.to_numpy()
                pos = np.where(codes >= 0, lookup[codes], -1)
            else:
                pos = standard.index.get_indexer(pd.Index(labels.astype(str)))
            w = np.where(pos >= 0, weights[pos], np.nan)
            return w, None
        # Rows of each group in the order of the standard population.
        pos = pd.Series(grouping.ids).groupby(grouping.ids).cumcount().to_numpy()
        w = np.where(pos < len(weights), weights[np.minimum(pos, len(weights) - 1)], np.nan)
        mismatch = grouping.count() != len(weights)
        return w, mismatch
    if band is not None:
        raise ArgumentError("band: only used when standard is a Series indexed by band label")
    if isinstance(standard, str):
        if data is None:
            raise ArgumentError(f"standard: {standard!r} is a column name, but no data= was given")
        if standard not in data.columns:
            raise ArgumentError(f"standard: no column {standard!r} in data")
        w = as_floats(data[standard], "standard")
    else:
        w = as_floats(standard, "standard")
    if len(w) != n_rows:
        raise ArgumentError(
            f"standard: has {len(w)} weights but there are {n_rows} rows; give a Series "
            "indexed by band label to use a standard population by band"
        )
    return w, None


def _checks(x: FloatArray, n: FloatArray, w: FloatArray) -> Any:
    def checks(idx: Any, reasons: Reasons) -> None:
        xs, ns, ws = x[idx], n[idx], w[idx]
        reasons.add(~np.isfinite(xs), "count is missing or not a finite number")
        reasons.add(~np.isfinite(ns), "denominator is missing or not a finite number")
        reasons.add(
            ~np.isfinite(ws), "standard population weight is missing or not a finite number"
        )
        reasons.add(xs < 0, "count is negative")
        reasons.add(ns < 0, "denominator is negative")
        reasons.add(ns == 0, "denominator is zero")
        reasons.add(ws < 0, "standard population weight is negative")

    return checks


def dsr(
    count: Input,
    denominator: Input,
    *,
    data: pd.DataFrame | None = None,
    by: Any = None,
    band: Input | None = None,
    standard: Any = None,
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    multiplier: float | str = 100_000,
    method: str = "auto",
    suppress_below: float = 10,
    registry: Registry | None = None,
    independent_events: bool = True,
    episodes_per_person: Input | None = None,
) -> pd.DataFrame:
    r"""Directly standardised rates with Dobson confidence intervals.

    Each input row is one age band of one group (area, period ...); with
    ``independent_events=False``, one age band and one number of episodes per person.

    Parameters
    ----------
    count, denominator : array_like, pandas.Series or str
        Events and population of each age band, or column names of ``data``.
    data : pandas.DataFrame or a Polars, DuckDB, Dask, PySpark or pyarrow frame, optional
    by : str or list of str, optional
        Columns identifying a group; without ``by`` all rows are one group.
    band : array_like, pandas.Series or str, optional
        Age-band label of each row, looked up in ``standard``'s index. Without it, the
        rows of each group must be in the standard's order, one per band.
    standard : pandas.Series, str or array_like, optional
        The standard population. Default :data:`ESP2013`. A Series is indexed by band
        label; a column name or an array gives each row's weight directly.
    confidence : float or sequence of float, default (0.95, 0.998)
    multiplier : float or str, default 100,000
    method : {"auto", "exact", "byars"}, default "auto"
        Interval on the total count used by Dobson's method (exact below 10, Byar's
        otherwise, under ``"auto"``).
    suppress_below : float, default 10
        Groups whose total count is below this get no value (the published rule).
        A finite number >= 0; with 0, a group with no events still gets no value
        (reason "total count is zero"), as Dobson's limits are undefined.
    registry : pint.UnitRegistry, optional
    independent_events : bool, default True
        False when a person can have several events (e.g. hospital admissions):
        each row's ``count`` is then the number of *people* in the band with
        ``episodes_per_person`` episodes, and the interval is widened for the
        repeat episodes (PHE/OHID technical guidance, "Calculating DSRs for
        non-independent events"). Needs ``band``; the value is unchanged.
    episodes_per_person : array_like, pandas.Series or str, optional
        With ``independent_events=False``: episodes per person of each row, a whole
        number >= 1 (rows with 1, 2, 3 ... episodes per band). Rows of one band share
        its population.

    Returns
    -------
    pandas.DataFrame
        One row per group: group columns, ``value``, limit columns, ``method``
        ("Dobson", or "Dobson, non-independent events"), ``reason``, ``count`` (total events) and ``denominator`` (total
        population). ``attrs["unit"]`` holds the unit.

    Notes
    -----
    .. math::

        \mathrm{DSR} = \frac{\sum_i x_i w_i / n_i}{\sum_i w_i}, \quad
        \mathrm{var} = \frac{\sum_i x_i (w_i / n_i)^2}{(\sum_i w_i)^2}, \quad
        O = \sum_i x_i

    and the limits are :math:`\mathrm{DSR} + \sqrt{\mathrm{var}/O}\,(B(O) - O)` with
    :math:`B(O)` the limits of the count :math:`O`, all times the multiplier.

    For non-independent events, with :math:`p_{ij}` people in band :math:`i` with
    :math:`j` episodes, :math:`x_i = \sum_j j\,p_{ij}` in the rate and in :math:`O`,
    while :math:`\mathrm{var} = \sum_i \sum_j j^2 p_{ij} (w_i / n_i)^2 / (\sum_i w_i)^2`.
    A group whose rows of one band give different populations gets the reason
    "denominator differs between rows of the same age band".

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.stats import ESP2013, dsr
    >>> bands = pd.DataFrame({"band": ESP2013.index, "deaths": 10.0, "pop": 10_000.0})
    >>> out = dsr("deaths", "pop", data=bands, band="band", confidence=0.95)
    >>> round(float(out["value"].iloc[0]), 6), int(out["count"].iloc[0])
    (100.0, 190)
    >>> dsr([0.5] * 19, [100.0] * 19)["reason"].iloc[0]
    'total count is below the suppression threshold'

    Admissions where some people were admitted twice: 8 people once and 1 twice
    (10 admissions) in each band give the same rate, with a wider interval:

    >>> twice = pd.DataFrame({"band": list(ESP2013.index) * 2, "pop": 10_000.0,
    ...                       "people": [8.0] * 19 + [1.0] * 19, "f": [1] * 19 + [2] * 19})
    >>> out = dsr("people", "pop", data=twice, band="band", independent_events=False,
    ...           episodes_per_person="f", confidence=0.95)
    >>> round(float(out["value"].iloc[0]), 6), out["method"].iloc[0]
    (100.0, 'Dobson, non-independent events')
    """
    if (grouped := on_engine(dsr, locals())) is not None:  # a Polars, DuckDB, Spark... frame
        return grouped
    check_choice(method, "method", METHODS)
    if not isinstance(independent_events, bool | np.bool_):
        raise ArgumentError(f"independent_events: {independent_events!r} is not True or False")
    inputs = {"count": count, "denominator": denominator}
    if not independent_events:
        if episodes_per_person is None:
            raise ArgumentError(
                "episodes_per_person: independent_events=False needs the episodes per person "
                "of each row"
            )
        inputs["episodes_per_person"] = episodes_per_person
    elif episodes_per_person is not None:
        raise ArgumentError("episodes_per_person: only used with independent_events=False")
    arrays, _, grouping = prepare(inputs, data=data, by=by)
    chosen = levels(confidence)
    scale, unit = resolve_multiplier(multiplier, registry)
    suppress_below = check_real(suppress_below, "suppress_below", minimum=0)
    x, n = arrays["count"], arrays["denominator"]
    groups = grouping if grouping is not None else one_group(len(x))
    w, mismatch = _weights(standard, band, data, groups, len(x))
    row_ok = (x >= 0) & (x < np.inf) & (n > 0) & (n < np.inf) & (w >= 0) & (w < np.inf)
    if independent_events:
        codes = groups.reduce(row_reasons(row_ok, _checks(x, n, w)))
        with np.errstate(all="ignore"):
            ratio = w / n
            weighted = x * ratio
            total_w = groups.sum(w)
            a = groups.sum(weighted) / total_w
            weighted *= ratio
            var = groups.sum(weighted) / (total_w * total_w)
        o = groups.sum(x)
        population = groups.sum(n)
    else:
        f = arrays["episodes_per_person"]
        codes = groups.reduce(row_reasons(row_ok, _checks(x, n, w)))
        episodes = groups.reduce(row_reasons((f >= 1) & (f == np.floor(f)), episode_checks(f)))
        codes = np.where(codes >= 0, codes, episodes).astype(CODE_DTYPE)
        sums = episode_sums(x, n, w, f, band, data, groups)
        set_reason(
            codes, sums.mixed_denominators, "denominator differs between rows of the same age band"
        )
        a, var, o, total_w = sums.rate, sums.var, sums.events, sums.total_weight
        population = sums.population
    if mismatch is not None:
        set_reason(codes, mismatch, "age bands do not match the standard population")
    set_reason(codes, ~(total_w > 0), "age bands do not match the standard population")
    set_reason(codes, o < suppress_below, "total count is below the suppression threshold")
    set_reason(codes, o == 0, "total count is zero")  # Dobson's limits divide by it
    exact = exact_rows(o, method)
    limits = {}
    with np.errstate(all="ignore"):
        spread = np.sqrt(var / o)
        for level in chosen:
            low_o, up_o = count_limits(o, level, exact)
            lower = (a + spread * (low_o - o)) * scale
            upper = (a + spread * (up_o - o)) * scale
            limits[level] = (lower, upper)
        value = a * scale
    return assemble(
        index=pd.RangeIndex(groups.size),
        grouping=grouping,
        value=value,
        limits=limits,
        method_codes=np.full(groups.size, 0 if independent_events else 1, dtype=np.int8),
        method_categories=("Dobson", "Dobson, non-independent events"),
        reason_codes=codes,
        inputs={"count": o, "denominator": population},
        unit=unit,
    )
