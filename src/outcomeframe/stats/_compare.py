"""Comparison of areas with a benchmark (England, a region, a goal), vectorised.

Implements METHODS.md, "Comparison with a benchmark": confidence intervals
overlapping the reference value (95%, or 95% and 99.8% together), double
overlapping intervals, quantile groups for indicators without a judgement, and
Red/Amber/Green against a stated goal.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._checks import check_choice
from outcomeframe._errors import ArgumentError, _user_level
from outcomeframe._vocabulary import Comparison, Reason, labels
from outcomeframe.stats._grouping import By, by_columns
from outcomeframe.stats._input import check_data, per_row, row_inputs
from outcomeframe.stats._labels import NO_JUDGEMENT, polarity_codes
from outcomeframe.stats._numbers import check_count
from outcomeframe.stats._reasons import first_reasons, reason_column
from outcomeframe.stats._types import Input, PolarityInput

__all__ = ["COMPARISON_LABELS", "compare", "quantile_groups", "target_rag"]

FloatArray = npt.NDArray[np.float64]

#: Categories of the ``comparison`` column, in order.
COMPARISON_LABELS: tuple[str, ...] = labels(Comparison)
_CMP_DTYPE = pd.CategoricalDtype(list(COMPARISON_LABELS))
_LEVEL_DTYPE = pd.CategoricalDtype(["99.8%", "95%"])
_RAG_DTYPE = pd.CategoricalDtype(["Green", "Amber", "Red", "Not compared"])
_CODE = {label: np.int8(i) for i, label in enumerate(Comparison)}

_METHODS = ("ci_overlap", "two_levels", "double_overlap")


def compare(
    values: Input,
    lower_95: Input,
    upper_95: Input,
    benchmark: Input | float,
    polarity: PolarityInput,
    *,
    data: pd.DataFrame | None = None,
    method: Literal["ci_overlap", "two_levels", "double_overlap"] = "ci_overlap",
    lower_99_8: Input | None = None,
    upper_99_8: Input | None = None,
    benchmark_lower: Input | float | None = None,
    benchmark_upper: Input | float | None = None,
) -> pd.DataFrame:
    """Compare areas with a benchmark the way Fingertips does.

    Parameters
    ----------
    values, lower_95, upper_95 : array-like, Series or str
        Each area's value and 95% limits, or column names of ``data``.
    benchmark : float, array-like, Series or str
        The reference value (e.g. England), one for all or one per area.
    polarity : Polarity, str, array-like
        One polarity, one per area, or a column name of ``data``; a missing
        polarity means no judgement.
    data : DataFrame, optional
        The table holding the named columns; the result has its index.
    method : {"ci_overlap", "two_levels", "double_overlap"}
        ``"ci_overlap"`` (default): Similar when the benchmark lies inside the
        area's 95% interval (limits inclusive). ``"two_levels"``: the same,
        and ``level`` says whether the area's 99.8% interval also excludes the
        benchmark ("99.8%") or only the 95% one ("95%"). ``"double_overlap"``:
        Similar when the area's and the benchmark's 95% intervals overlap.
    lower_99_8, upper_99_8 : array-like, Series or str, optional
        The 99.8% limits, required by ``"two_levels"``.
    benchmark_lower, benchmark_upper : float, array-like, Series or str, optional
        The benchmark's 95% limits, required by ``"double_overlap"``.

    Returns
    -------
    DataFrame
        One row per area: ``comparison`` (categorical: Better / Similar / Worse
        for a polarity, Higher / Similar / Lower for no judgement, or Not
        compared), ``level`` (categorical "99.8%" / "95%", only for
        ``"two_levels"``, missing when not significant) and ``reason`` (the
        reasons categorical, set when Not compared). The checks, first wins:
        missing benchmark, missing value or 95% limits, then missing benchmark
        95% limits (``"double_overlap"``) or missing 99.8% limits
        (``"two_levels"``). The index is ``data``'s, or that of ``values``
        when it is a Series.

    Raises
    ------
    ArgumentError
        Unknown method, a required argument not given, an unknown column, or
        arrays of different lengths (the message names the argument).

    Examples
    --------
    >>> from outcomeframe.stats import compare
    >>> out = compare([10.0, 12.0, 15.0, 11.0], [9.0, 11.5, 14.0, None],
    ...               [11.0, 12.5, 16.0, 12.0], 12.2, "Low is good")
    >>> out
         comparison                       reason
    0        Better                          NaN
    1       Similar                          NaN
    2         Worse                          NaN
    3  Not compared  missing value or 95% limits

    Two levels, from columns:

    >>> import pandas as pd
    >>> areas = pd.DataFrame({"v": [15.0], "lo": [14.0], "hi": [16.0],
    ...                       "lo9": [13.5], "hi9": [16.5]})
    >>> compare("v", "lo", "hi", 12.2, "High is good", data=areas, method="two_levels",
    ...         lower_99_8="lo9", upper_99_8="hi9")
      comparison  level reason
    0     Better  99.8%    NaN
    """
    if method not in _METHODS:
        raise ArgumentError(f"method: {method!r} is not one of {', '.join(_METHODS)}")
    named: list[tuple[str, Input | float | None]] = [
        ("values", values),
        ("lower_95", lower_95),
        ("upper_95", upper_95),
        ("benchmark", benchmark),
    ]
    if method == "two_levels":
        if lower_99_8 is None or upper_99_8 is None:
            raise ArgumentError("lower_99_8: method 'two_levels' needs lower_99_8 and upper_99_8")
        named += [("lower_99_8", lower_99_8), ("upper_99_8", upper_99_8)]
    if method == "double_overlap":
        if benchmark_lower is None or benchmark_upper is None:
            raise ArgumentError(
                "benchmark_lower: method 'double_overlap' needs benchmark_lower and benchmark_upper"
            )
        named += [("benchmark_lower", benchmark_lower), ("benchmark_upper", benchmark_upper)]
    arrs, n, index = row_inputs(named, data)
    y, lo, up, bm = arrs[:4]
    pol = polarity_codes(per_row(polarity, "polarity", data), n)
    with_ci = np.isfinite(y) & np.isfinite(lo) & np.isfinite(up)
    checks = [
        (~np.isfinite(bm), Reason.MISSING_BENCHMARK),
        (~with_ci, Reason.MISSING_VALUE_OR_LIMITS),
    ]
    if method == "double_overlap":
        blo, bup = arrs[4], arrs[5]
        checks.append((~(np.isfinite(blo) & np.isfinite(bup)), Reason.MISSING_BENCHMARK_LIMITS))
        above, below = lo > bup, up < blo
    else:
        above, below = lo > bm, up < bm
    if method == "two_levels":
        lo9, up9 = arrs[4], arrs[5]
        checks.append((~(np.isfinite(lo9) & np.isfinite(up9)), Reason.MISSING_99_8_LIMITS))
    reason = first_reasons(n, checks)
    cannot = reason >= 0
    codes = np.where(cannot, _CODE[Comparison.NOT_COMPARED], _verdict_codes(above, below, pol))
    out: dict[str, Any] = {
        "comparison": pd.Categorical.from_codes(codes.astype(np.int8), dtype=_CMP_DTYPE)
    }
    if method == "two_levels":
        strong = ((lo9 > bm) | (up9 < bm)) & ~cannot
        weak = (above | below) & ~cannot & ~strong
        lev = np.where(strong, 0, np.where(weak, 1, -1)).astype(np.int8)
        out["level"] = pd.Categorical.from_codes(lev, dtype=_LEVEL_DTYPE)
    out["reason"] = reason_column(reason)
    return pd.DataFrame(out, index=index)


def _verdict_codes(
    above: npt.NDArray[np.bool_], below: npt.NDArray[np.bool_], pol: npt.NDArray[np.int8]
) -> npt.NDArray[np.int8]:
    """Above/below the benchmark -> Better/Worse by polarity, Higher/Lower without one."""
    c = _CODE
    table_above = np.array([c[Comparison.BETTER], c[Comparison.WORSE], c[Comparison.HIGHER]])
    table_below = np.array([c[Comparison.WORSE], c[Comparison.BETTER], c[Comparison.LOWER]])
    out = np.full(len(pol), c[Comparison.SIMILAR], dtype=np.int8)
    out = np.where(above, table_above[pol], out)
    out = np.where(below, table_below[pol], out)
    return out.astype(np.int8)


def _within(
    by: By | Any, data: pd.DataFrame | None, n: int
) -> tuple[list[str], npt.NDArray[Any] | None]:
    """The ``by`` columns of ``quantile_groups``; a deprecated array of labels as an array."""
    if (
        by is None
        or isinstance(by, str)
        or (
            isinstance(by, list | tuple)
            and all(isinstance(k, str) for k in by)
            and data is not None
        )
    ):
        return by_columns(data, by), None
    keys = np.asarray(by, dtype=object)
    if keys.ndim != 1:
        raise ArgumentError(f"by: expected one label per value, got shape {keys.shape}")
    if len(keys) != n:
        raise ArgumentError(f"by: length {len(keys)} does not match values ({n})")
    warnings.warn(
        "quantile_groups: by= as an array of labels is deprecated; give data= and the "
        "name(s) of its grouping columns, as for every statistics function",
        FutureWarning,
        stacklevel=_user_level(),
    )
    return [], keys


def quantile_groups(
    values: Input,
    n: int = 5,
    *,
    data: pd.DataFrame | None = None,
    by: By | None = None,
    labels: Literal["number", "name"] = "number",
) -> pd.DataFrame:
    """Put areas into quantile groups of their values (quintiles, quartiles ...).

    For indicators without a judgement Fingertips shows which fifth (or
    quarter) of the areas each area falls in instead of Better/Worse.

    Parameters
    ----------
    values : array-like, Series or str
        One value per area, or a column name of ``data``; missing or infinite
        values, and entries that are not numbers, get no group.
    n : int
        Number of groups (5 quintiles, 4 quartiles).
    data : DataFrame, optional
        The table holding the named columns.
    by : str or list of str, optional
        Grouping columns of ``data`` (e.g. area type or period): quantiles are
        computed within each group. (An array of labels is deprecated.)
    labels : {"number", "name"}
        Group 1 holds the lowest values. ``"number"`` gives nullable integers
        1..n; ``"name"`` a categorical "Lowest", "2nd lowest" ... "Highest"
        (for n = 5: Lowest, Low, Middle, High, Highest).

    Returns
    -------
    DataFrame
        One row per area, aligned with ``values`` (or ``data``): ``group`` and
        ``reason`` ("value is missing or not a finite number" where there is
        no group).

    Notes
    -----
    Ranks are averaged over ties and the group is ``ceil(rank / m * n)``
    where m is the number of areas with a value in the group (so each group
    holds m/n areas when m is a multiple of n). Fingertips' exact quantile
    convention is not in METHODS.md; this rule is documented in
    docs/explanation/trends.md.

    Examples
    --------
    >>> from outcomeframe.stats import quantile_groups
    >>> quantile_groups([5.0, 1.0, 4.0, 2.0, 3.0, None], 5)["group"].tolist()
    [5, 1, 4, 2, 3, <NA>]
    >>> import pandas as pd
    >>> areas = pd.DataFrame({"type": ["a", "a", "b", "b"], "v": [1.0, 2.0, 4.0, 3.0]})
    >>> quantile_groups("v", 2, data=areas, by="type", labels="name")["group"].tolist()
    ['Lowest', 'Highest', 'Highest', 'Lowest']
    """
    n = check_count(n, "n", minimum=2)
    check_choice(labels, "labels", ("number", "name"))
    data = check_data(data)
    (y,), size, index = row_inputs([("values", values)], data)
    keys, label_array = _within(by, data, size)
    s = pd.Series(np.where(np.isfinite(y), y, np.nan), index=index)  # inf is not a rank
    if keys and data is not None:  # by_columns gives no keys without data
        grouped = s.groupby([data[k].to_numpy() for k in keys], dropna=False)
    elif label_array is not None:
        grouped = s.groupby(label_array, dropna=False)
    else:
        grouped = None
    if grouped is None:
        rank = s.rank(method="average").to_numpy()
        count = np.full(size, float(s.notna().sum()))
    else:
        rank = grouped.rank(method="average").to_numpy()
        count = grouped.transform("count").to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        group = np.clip(np.ceil(rank / count * n), 1, n)
    reason = reason_column(first_reasons(size, [(np.isnan(group), Reason.VALUE_MISSING)]))
    numbers = pd.array(group, dtype="Float64").astype("Int64")
    if labels == "number":
        column: Any = numbers
    else:
        codes = (np.nan_to_num(group, nan=0.0).astype(np.int64) - 1).astype(np.int8)
        dtype = pd.CategoricalDtype(_quantile_names(n), ordered=True)
        column = pd.Categorical.from_codes(codes, dtype=dtype)
    return pd.DataFrame({"group": column, "reason": reason}, index=s.index)


def _quantile_names(n: int) -> list[str]:
    if n == 5:
        return ["Lowest", "Low", "Middle", "High", "Highest"]
    if n == 4:
        return ["Lowest", "Low", "High", "Highest"]
    return ["Lowest", *[f"Group {i}" for i in range(2, n)], "Highest"]


def target_rag(
    values: Input,
    target: Input | float,
    polarity: PolarityInput,
    *,
    data: pd.DataFrame | None = None,
    amber: Input | float | None = None,
) -> pd.DataFrame:
    """Red / Amber / Green against a stated goal.

    Parameters
    ----------
    values : array-like, Series or str
        The areas' values, or a column name of ``data``.
    target : float, array-like, Series or str
        The goal (e.g. 95% vaccination coverage).
    polarity : Polarity, str or array-like
        High is good: Green when value >= target. Low is good: Green when
        value <= target. No judgement cannot be compared with a goal. One
        polarity, one per area, or a column name of ``data``.
    data : DataFrame, optional
        The table holding the named columns.
    amber : float, array-like, Series or str, optional
        A second, weaker threshold (e.g. 90% coverage): values that miss the
        goal but reach this are Amber; otherwise (or without it) Red.

    Returns
    -------
    DataFrame
        ``rag`` (categorical Green / Amber / Red / Not compared) and ``reason``
        (the reasons categorical; checks in order, first wins: missing value,
        no target, no judgement).

    Examples
    --------
    >>> from outcomeframe.stats import target_rag
    >>> target_rag([96.0, 92.0, 85.0, None], 95.0, "High is good", amber=90.0)
                rag         reason
    0         Green            NaN
    1         Amber            NaN
    2           Red            NaN
    3  Not compared  missing value
    """
    named: list[tuple[str, Input | float | None]] = [("values", values), ("target", target)]
    if amber is not None:
        named.append(("amber", amber))
    arrs, n, index = row_inputs(named, data)
    y, goal = arrs[0], arrs[1]
    amb = arrs[2] if amber is not None else np.full(n, np.nan)
    pol = polarity_codes(per_row(polarity, "polarity", data), n)
    sign = np.where(pol == 1, -1.0, 1.0)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf: no verdict, said below
        green = sign * (y - goal) >= 0
        amber_ok = np.isfinite(amb) & (sign * (y - amb) >= 0)
    reason = first_reasons(
        n,
        [
            (~np.isfinite(y), Reason.MISSING_VALUE),
            (~np.isfinite(goal), Reason.NO_TARGET),
            (pol == NO_JUDGEMENT, Reason.NO_DIRECTION_TO_GOAL),
        ],
    )
    codes = np.where(reason >= 0, 3, np.where(green, 0, np.where(amber_ok, 1, 2)))
    return pd.DataFrame(
        {
            "rag": pd.Categorical.from_codes(codes.astype(np.int8), dtype=_RAG_DTYPE),
            "reason": reason_column(reason),
        },
        index=index,
    )
