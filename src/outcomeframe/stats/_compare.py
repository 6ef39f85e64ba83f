"""Comparison of areas with a benchmark (England, a region, a goal), vectorised.

Implements METHODS.md, "Comparison with a benchmark": confidence intervals
overlapping the reference value (95%, or 95% and 99.8% together), double
overlapping intervals, quantile groups for indicators without a judgement, and
Red/Amber/Green against a stated goal.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Comparison, labels
from outcomeframe.stats._numbers import as_floats, check_count
from outcomeframe.stats._trend import _polarity_codes

__all__ = ["COMPARISON_LABELS", "compare", "quantile_groups", "target_rag"]

FloatArray = npt.NDArray[np.float64]

#: Categories of the ``comparison`` column, in order.
COMPARISON_LABELS: tuple[str, ...] = labels(Comparison)
_CMP_DTYPE = pd.CategoricalDtype(list(COMPARISON_LABELS))
_LEVEL_DTYPE = pd.CategoricalDtype(["99.8%", "95%"])
_RAG_DTYPE = pd.CategoricalDtype(["Green", "Amber", "Red", "Not compared"])
_BETTER, _SIMILAR, _WORSE, _HIGHER, _LOWER, _NOT = range(6)

_METHODS = ("ci_overlap", "two_levels", "double_overlap")


def _arrays(named: list[tuple[str, Any]]) -> tuple[list[FloatArray], int]:
    """Broadcast named arguments to one length; scalars broadcast, arrays must match.

    Values are read by :func:`~outcomeframe.stats._numbers.as_floats`: entries that
    are not numbers become NaN (the row is then not compared, with a reason); an
    argument that is not numbers at all raises ArgumentError naming it.
    """
    out: list[FloatArray] = []
    n: int | None = None
    first = ""
    for name, value in named:
        if value is None:
            raise ArgumentError(f"{name}: is required")
        scalar = np.ndim(value) == 0 and not isinstance(value, np.ma.MaskedArray | str | bytes)
        arr = as_floats(value, name)
        if scalar:
            arr = arr.reshape(())
        if arr.ndim == 1:
            if n is None:
                n, first = len(arr), name
            elif len(arr) != n:
                raise ArgumentError(f"{name}: length {len(arr)} does not match {first} ({n})")
        out.append(arr)
    size = 1 if n is None else n
    return [np.broadcast_to(a, (size,)).astype(np.float64) for a in out], size


def _index_of(*values: Any) -> pd.Index | None:
    for v in values:
        if isinstance(v, pd.Series):
            return v.index
    return None


def compare(
    values: Any,
    lower_95: Any,
    upper_95: Any,
    benchmark: Any,
    polarity: Any,
    *,
    method: Literal["ci_overlap", "two_levels", "double_overlap"] = "ci_overlap",
    lower_99_8: Any = None,
    upper_99_8: Any = None,
    benchmark_lower: Any = None,
    benchmark_upper: Any = None,
) -> pd.DataFrame:
    """Compare areas with a benchmark the way Fingertips does.

    Parameters
    ----------
    values, lower_95, upper_95 : array-like
        Each area's value and 95% limits.
    benchmark : float or array-like
        The reference value (e.g. England), one for all or one per area.
    polarity : Polarity, str or array-like
        One polarity or one per area; a missing polarity means no judgement.
    method : {"ci_overlap", "two_levels", "double_overlap"}
        ``"ci_overlap"`` (default): Similar when the benchmark lies inside the
        area's 95% interval (limits inclusive). ``"two_levels"``: the same,
        and ``level`` says whether the area's 99.8% interval also excludes the
        benchmark ("99.8%") or only the 95% one ("95%"). ``"double_overlap"``:
        Similar when the area's and the benchmark's 95% intervals overlap.
    lower_99_8, upper_99_8 : array-like, optional
        The 99.8% limits, required by ``"two_levels"``.
    benchmark_lower, benchmark_upper : float or array-like, optional
        The benchmark's 95% limits, required by ``"double_overlap"``.

    Returns
    -------
    DataFrame
        ``comparison`` (categorical: Better / Similar / Worse for a polarity,
        Higher / Similar / Lower for no judgement, or Not compared), ``level``
        (categorical "99.8%" / "95%", only for ``"two_levels"``, missing when
        not significant) and ``reason`` (string, set when Not compared).
        The index is that of ``values`` when it is a Series.

    Raises
    ------
    ArgumentError
        Unknown method, a required argument not given, or arrays of different
        lengths (the message names the argument).

    Examples
    --------
    >>> from outcomeframe.stats import compare
    >>> out = compare([10.0, 12.0, 15.0, 11.0], [9.0, 11.5, 14.0, None],
    ...               [11.0, 12.5, 16.0, 12.0], 12.2, "Low is good")
    >>> out
        comparison                       reason
    0       Better                         <NA>
    1      Similar                         <NA>
    2        Worse                         <NA>
    3  Not compared  missing value or 95% limits

    Two levels:

    >>> compare([15.0], [14.0], [16.0], 12.2, "High is good", method="two_levels",
    ...         lower_99_8=[13.5], upper_99_8=[16.5])
      comparison level reason
    0     Better  99.8%   <NA>
    """
    if method not in _METHODS:
        raise ArgumentError(f"method: {method!r} is not one of {', '.join(_METHODS)}")
    named: list[tuple[str, Any]] = [
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
    arrs, n = _arrays(named)
    y, lo, up, bm = arrs[:4]
    pol = _polarity_codes(polarity, n)
    reason = np.full(n, None, dtype=object)
    no_bm = ~np.isfinite(bm)
    no_val = ~(np.isfinite(y) & np.isfinite(lo) & np.isfinite(up))
    reason[no_val] = "missing value or 95% limits"
    reason[no_bm] = "missing benchmark"
    cannot = no_bm | no_val
    if method == "double_overlap":
        blo, bup = arrs[4], arrs[5]
        no_bci = ~(np.isfinite(blo) & np.isfinite(bup)) & ~cannot
        reason[no_bci] = "missing benchmark 95% limits"
        cannot = cannot | no_bci
        above = lo > bup
        below = up < blo
    else:
        above = lo > bm
        below = up < bm
    if method == "two_levels":
        lo9, up9 = arrs[4], arrs[5]
        no99 = ~(np.isfinite(lo9) & np.isfinite(up9)) & ~cannot
        reason[no99] = "missing 99.8% limits"
        cannot = cannot | no99
    codes = _direction_codes(above, below, pol)
    codes = np.where(cannot, _NOT, codes).astype(np.int8)
    data: dict[str, Any] = {"comparison": pd.Categorical.from_codes(codes, dtype=_CMP_DTYPE)}
    if method == "two_levels":
        strong = ((lo9 > bm) | (up9 < bm)) & ~cannot
        weak = (above | below) & ~cannot & ~strong
        lev = np.where(strong, 0, np.where(weak, 1, -1)).astype(np.int8)
        data["level"] = pd.Categorical.from_codes(lev, dtype=_LEVEL_DTYPE)
    data["reason"] = pd.arrays.StringArray(reason)
    return pd.DataFrame(data, index=_index_of(values))


def _direction_codes(
    above: npt.NDArray[np.bool_], below: npt.NDArray[np.bool_], pol: npt.NDArray[np.int8]
) -> npt.NDArray[np.int8]:
    """Above/below the benchmark -> Better/Worse by polarity, Higher/Lower without one."""
    table_above = np.array([_BETTER, _WORSE, _HIGHER], dtype=np.int8)
    table_below = np.array([_WORSE, _BETTER, _LOWER], dtype=np.int8)
    out = np.full(len(pol), _SIMILAR, dtype=np.int8)
    out = np.where(above, table_above[pol], out)
    out = np.where(below, table_below[pol], out)
    return out.astype(np.int8)


def quantile_groups(
    values: Any,
    n: int = 5,
    *,
    by: Any = None,
    labels: Literal["number", "name"] = "number",
) -> pd.Series:
    """Put areas into quantile groups of their values (quintiles, quartiles ...).

    For indicators without a judgement Fingertips shows which fifth (or
    quarter) of the areas each area falls in instead of Better/Worse.

    Parameters
    ----------
    values : array-like or Series
        One value per area; missing or infinite values, and entries that are
        not numbers, get no group.
    n : int
        Number of groups (5 quintiles, 4 quartiles).
    by : array-like, optional
        Group labels (e.g. area type or period): quantiles are computed within
        each group.
    labels : {"number", "name"}
        Group 1 holds the lowest values. ``"number"`` gives nullable integers
        1..n; ``"name"`` a categorical "Lowest", "2nd lowest" ... "Highest"
        (for n = 5: Lowest, Low, Middle, High, Highest).

    Returns
    -------
    Series
        Aligned with ``values``.

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
    >>> quantile_groups([5.0, 1.0, 4.0, 2.0, 3.0, None], 5).tolist()
    [5, 1, 4, 2, 3, <NA>]
    >>> quantile_groups([1.0, 2.0, 3.0, 4.0], 4, labels="name").tolist()
    ['Lowest', 'Low', 'High', 'Highest']
    """
    n = check_count(n, "n", minimum=2)
    if labels not in ("number", "name"):
        raise ArgumentError(f"labels: {labels!r} is not 'number' or 'name'")
    index = values.index if isinstance(values, pd.Series) else None
    s = pd.Series(as_floats(values, "values"), index=index)
    s = s.where(np.isfinite(s.to_numpy()))  # inf is not a rank: no group
    if by is None:
        rank = s.rank(method="average")
        m = s.notna().sum()
        count = pd.Series(float(m), index=s.index)
    else:
        keys = np.asarray(by, dtype=object)
        if keys.ndim != 1:
            raise ArgumentError(f"by: expected one label per value, got shape {keys.shape}")
        if len(keys) != len(s):
            raise ArgumentError(f"by: length {len(keys)} does not match values ({len(s)})")
        grouped = s.groupby(keys, dropna=False)
        rank = grouped.rank(method="average")
        count = grouped.transform("count").astype(float)
    with np.errstate(all="ignore"):
        group = np.ceil(rank.to_numpy() / count.to_numpy() * n)
    group = np.clip(group, 1, n)
    out = pd.Series(pd.array(group, dtype="Float64").astype("Int64"), index=s.index)
    if labels == "number":
        return out
    names = _quantile_names(n)
    codes = (out.fillna(0).to_numpy(dtype=np.int64) - 1).astype(np.int8)
    cat = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(names, ordered=True))
    return pd.Series(cat, index=s.index)


def _quantile_names(n: int) -> list[str]:
    if n == 5:
        return ["Lowest", "Low", "Middle", "High", "Highest"]
    if n == 4:
        return ["Lowest", "Low", "High", "Highest"]
    return ["Lowest", *[f"Group {i}" for i in range(2, n)], "Highest"]


def target_rag(
    values: Any,
    target: Any,
    polarity: Any,
    *,
    amber: Any = None,
) -> pd.DataFrame:
    """Red / Amber / Green against a stated goal.

    Parameters
    ----------
    values : array-like
        The areas' values.
    target : float or array-like
        The goal (e.g. 95% vaccination coverage).
    polarity : Polarity, str or array-like
        High is good: Green when value >= target. Low is good: Green when
        value <= target. No judgement cannot be compared with a goal.
    amber : float or array-like, optional
        A second, weaker threshold (e.g. 90% coverage): values that miss the
        goal but reach this are Amber; otherwise (or without it) Red.

    Returns
    -------
    DataFrame
        ``rag`` (categorical Green / Amber / Red / Not compared) and ``reason``.

    Examples
    --------
    >>> from outcomeframe.stats import target_rag
    >>> target_rag([96.0, 92.0, 85.0, None], 95.0, "High is good", amber=90.0)
                rag         reason
    0         Green           <NA>
    1         Amber           <NA>
    2           Red           <NA>
    3  Not compared  missing value
    """
    named: list[tuple[str, Any]] = [("values", values), ("target", target)]
    if amber is not None:
        named.append(("amber", amber))
    arrs, n = _arrays(named)
    y, goal = arrs[0], arrs[1]
    amb = arrs[2] if amber is not None else np.full(n, np.nan)
    pol = _polarity_codes(polarity, n)
    sign = np.where(pol == 1, -1.0, 1.0)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf: no verdict, said below
        green = sign * (y - goal) >= 0
        amber_ok = np.isfinite(amb) & (sign * (y - amb) >= 0)
    codes = np.where(green, 0, np.where(amber_ok, 1, 2)).astype(np.int8)
    reason = np.full(n, None, dtype=object)
    reason[pol == 2] = "no judgement: no direction to meet a goal"
    reason[~np.isfinite(goal)] = "no target"
    reason[~np.isfinite(y)] = "missing value"
    codes = np.where(pd.notna(reason), 3, codes).astype(np.int8)
    return pd.DataFrame(
        {
            "rag": pd.Categorical.from_codes(codes, dtype=_RAG_DTYPE),
            "reason": pd.arrays.StringArray(reason),
        },
        index=_index_of(values),
    )
