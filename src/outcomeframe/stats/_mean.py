"""Means with Student t confidence intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._input import (
    FloatArray,
    Input,
    Reasons,
    assemble,
    levels,
    one_group,
    prepare,
    row_reasons,
    set_reason,
)
from outcomeframe.stats._levels import DEFAULT_LEVELS
from outcomeframe.stats._reasons import no_reasons
from outcomeframe.stats._units import Registry, parse_unit

if TYPE_CHECKING:
    import pint

__all__ = ["mean"]


def _summary_checks(m: FloatArray, s: FloatArray, k: FloatArray) -> Any:
    def checks(idx: Any, reasons: Reasons) -> None:
        reasons.add(~np.isfinite(m[idx]), "mean is missing or not a finite number")
        reasons.add(~np.isfinite(s[idx]), "standard deviation is missing or not a finite number")
        reasons.add(~np.isfinite(k[idx]), "n is missing or not a finite number")
        reasons.add(s[idx] < 0, "standard deviation is negative")

    return checks


def _t_quantiles(q: float, df: FloatArray) -> FloatArray:
    """Student t quantiles, evaluated once per distinct degrees of freedom."""
    out = np.full(len(df), np.nan)
    valid = np.flatnonzero(df >= 1)
    if valid.size:
        from scipy import special  # noqa: PLC0415 - scipy when a mean's interval is computed

        unique, inverse = np.unique(df[valid], return_inverse=True)
        out[valid] = np.asarray(special.stdtrit(unique, q), dtype=np.float64)[inverse]  # t quantile
    return out


def mean(
    value: Input | None = None,
    sd: Input | None = None,
    n: Input | None = None,
    *,
    values: Input | None = None,
    data: pd.DataFrame | None = None,
    by: Any = None,
    confidence: float | tuple[float, ...] = DEFAULT_LEVELS,
    unit: str | pint.Unit = "dimensionless",
    registry: Registry | None = None,
) -> pd.DataFrame:
    r"""Means with Student t intervals, from summaries or from raw values.

    Give either ``value``, ``sd`` and ``n`` (a mean, its sample standard deviation and
    the number of observations per row), or ``values`` (raw observations, grouped by
    ``by``; all rows are one group without it).

    Parameters
    ----------
    value, sd, n : array_like, pandas.Series or str, optional
        Summaries per row, or column names of ``data``. With ``by``, a group's rows
        are pooled exactly (total n, weighted mean, pooled sample variance).
    values : array_like, pandas.Series or str, optional
        Raw observations instead of summaries.
    data : pandas.DataFrame, optional
    by : str or list of str, optional
    confidence : float or sequence of float, default (0.95, 0.998)
    unit : str or pint.Unit, default "dimensionless"
        The unit of the values, stored in ``attrs["unit"]`` (e.g. ``"year"``).
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pandas.DataFrame
        ``value`` (the mean), limit columns, ``method`` ("Student t"), ``reason``,
        ``sd`` and ``n``; group columns first when grouped.

    Notes
    -----
    :math:`\bar{x} \pm t_{n-1,\,(1+c)/2}\, s / \sqrt{n}`; needs :math:`n \ge 2`.

    Examples
    --------
    >>> from outcomeframe.stats import mean
    >>> out = mean([80.0], [5.0], [25], confidence=0.95, unit="year")
    >>> round(float(out["lower_95"].iloc[0]), 4), round(float(out["upper_95"].iloc[0]), 4)
    (77.9361, 82.0639)
    >>> out.attrs["unit"]
    'year'
    >>> raw = mean(values=[1.0, 2.0, 3.0, 4.0], confidence=0.95)
    >>> float(raw["value"].iloc[0]), round(float(raw["sd"].iloc[0]), 6)
    (2.5, 1.290994)
    """
    unit_text = str(parse_unit(unit, registry))
    chosen = levels(confidence)
    summary = value is not None or sd is not None or n is not None
    if summary == (values is not None):
        raise ArgumentError("values: give either value, sd and n, or values (raw observations)")
    if summary:
        if value is None or sd is None or n is None:
            raise ArgumentError("value, sd, n: give all three (mean, sd and n per row)")
        arrays, index, grouping = prepare({"value": value, "sd": sd, "n": n}, data=data, by=by)
        m, s, k = arrays["value"], arrays["sd"], arrays["n"]
        if grouping is None:
            m, s, k = m.copy(), s.copy(), k.copy()
            codes = row_reasons(
                np.isfinite(m) & (s >= 0) & (s < np.inf) & np.isfinite(k), _summary_checks(m, s, k)
            )
        else:
            row_ok = np.isfinite(m) & (s >= 0) & (s < np.inf) & np.isfinite(k) & (k >= 0)
            codes = grouping.reduce(row_reasons(row_ok, _summary_checks(m, s, k)))
            with np.errstate(all="ignore"):
                total = grouping.sum(k)
                pooled = grouping.sum(k * m) / total
                within = grouping.sum((k - 1.0) * s * s)
                between = grouping.sum(k * (m - pooled[grouping.ids]) ** 2)
                m, s, k = pooled, np.sqrt((within + between) / (total - 1.0)), total
    else:
        arrays, index, given = prepare({"values": values}, data=data, by=by)
        v = arrays["values"]
        grouping = given
        groups = given if given is not None else one_group(len(v))
        bad = ~np.isfinite(v)
        row_codes = no_reasons(len(v))
        set_reason(row_codes, bad, "value is missing or not a finite number")
        codes = groups.reduce(row_codes)
        with np.errstate(all="ignore"):
            k = groups.count()
            m = groups.sum(v) / k
            dev = v - m[groups.ids]
            s = np.sqrt(groups.sum(dev * dev) / (k - 1.0))
        if given is None:
            index = pd.RangeIndex(1)
    set_reason(codes, ~(k >= 2), "n is below 2")
    limits = {}
    with np.errstate(all="ignore"):
        se = s / np.sqrt(k)
        for level in chosen:
            t = _t_quantiles(level + (1.0 - level) / 2.0, k - 1.0)
            half = t * se
            limits[level] = (m - half, m + half)
        value_out = m.copy()
    return assemble(
        index=index,
        grouping=grouping,
        value=value_out,
        limits=limits,
        method_codes=np.zeros(len(m), dtype=np.int8),
        method_categories=("Student t",),
        reason_codes=codes,
        inputs={"sd": s, "n": k},
        unit=unit_text,
    )
