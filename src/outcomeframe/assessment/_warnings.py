"""Warnings about observations that read as something other than what their indicator says.

Two slips that give numbers, not errors, so nothing else would catch them:

* Values of a percent indicator written as fractions of 1 (0.2 for 20%). Every value
  of the indicator lies between 0 and 1, and the counts say the values are
  fractions (a value is nearer ``count / denominator`` than ``100 * count /
  denominator``); with no counts at all, five values or more all between 0 and 1
  are enough to say they look like fractions of 1.
* Periods of another kind than the indicator's declared ``period_type`` and
  ``period_years``: "2019 - 20" (two calendar years pooled) for a financial
  indicator, "2016" (a calendar year) for a financial one, "2017 - 19" for an
  indicator of single years or of 5 pooled years. "2019/20" with no hint reads as a
  financial year, so it suits an academic indicator; an academic year (the data said
  so) does not suit a financial one. Quarters and months are not compared with a
  year type: they are parts of a year, or a snapshot at a date ("as at 31 August").

And two arguments of :func:`~outcomeframe.assess` that select nothing, so the table is
only shorter than asked for: an ``area`` code that no observation has (a slip of a digit,
or an area the data do not cover), and a ``period`` that no series has.

Each is one :class:`~outcomeframe.OutcomeFrameWarning` per assessment, naming every
indicator or area concerned. Everything is counted per indicator from category codes with
:func:`numpy.bincount`; the only Python loops run over indicators and distinct periods.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import OutcomeFrameWarning, _user_level
from outcomeframe.assessment._arguments import warn_absent_areas
from outcomeframe.assessment._fill import _aligned, _Definitions
from outcomeframe.model._elements import Indicator
from outcomeframe.observations._period import PeriodType

if TYPE_CHECKING:
    from outcomeframe.framework._framework import Framework

__all__: list[str] = []

#: Values with no counts at all are called fractions only when there are at least this many.
MIN_VALUES_WITHOUT_COUNTS = 5
#: A row's counts tell a fraction from a percentage only when the two differ by more than
#: this (count / denominator above 1%: 0.02 against 2).
_DISTINCT_SHARE = 0.01
#: Month a year of each type starts in: the year type of a pooled period.
_YEAR_TYPE_BY_MONTH = {1: "calendar", 4: "financial", 9: "academic"}
_SHOWN = 3
#: Periods shorter than a year: a snapshot ("as at 31 August") or part of a year of any type.
_SUB_YEAR = frozenset({"quarter", "month", "rolling"})


def warn_about_values(
    data: pd.DataFrame, meta: pd.DataFrame, fw: Framework, defs: _Definitions | None = None
) -> None:
    """Warn about percent values that look like fractions and periods of another type.

    ``data`` are the observations matched to the framework's indicators (a categorical
    ``indicator`` of framework ids), ``meta`` the indicator metadata by id.
    """
    if data.empty:
        return
    _warn_fractions(data, meta, defs)
    _warn_period_types(data, fw)


def _per_indicator(codes: npt.NDArray[np.intp], mask: Any, n: int) -> npt.NDArray[np.intp]:
    """How many rows of each indicator ``mask`` selects."""
    return np.bincount(codes[mask], minlength=n)


def _warn_fractions(
    data: pd.DataFrame, meta: pd.DataFrame, defs: _Definitions | None = None
) -> None:
    categories = data["indicator"].cat.categories
    n = len(categories)
    codes = data["indicator"].cat.codes.to_numpy().astype(np.intp)
    aligned = _aligned(meta, data["indicator"], defs)
    percent = (aligned["unit"].astype("str") == "percent").to_numpy()
    if not percent.any():
        return
    value = data["value"].to_numpy(dtype=float)
    count = data["count"].to_numpy(dtype=float)
    denominator = data["denominator"].to_numpy(dtype=float)
    finite = np.isfinite(value)
    counted = np.isfinite(count) & np.isfinite(denominator) & (denominator > 0)
    with np.errstate(all="ignore"):
        share = np.where(counted, count / np.where(counted, denominator, 1.0), np.nan)
    telling = counted & finite & (share > _DISTINCT_SHARE)
    fraction_like = telling & (np.abs(value - share) < np.abs(value - 100.0 * share))
    n_values = _per_indicator(codes, finite, n)
    n_outside = _per_indicator(codes, finite & ((value < 0) | (value > 1)), n)
    n_counted = _per_indicator(codes, counted, n)
    n_telling = _per_indicator(codes, telling, n)
    n_fraction = _per_indicator(codes, fraction_like, n)
    all_small = percent & (n_values > 0) & (n_outside == 0)
    by_counts = all_small & (n_telling > 0) & (2 * n_fraction > n_telling)
    no_counts = all_small & (n_counted == 0) & (n_values >= MIN_VALUES_WITHOUT_COUNTS)
    if not (by_counts.any() or no_counts.any()):
        return
    where = np.flatnonzero(fraction_like)
    first_codes, first = np.unique(codes[where], return_index=True)
    example = dict(zip(first_codes.tolist(), where[first].tolist(), strict=True))
    notes = []
    for code in np.flatnonzero(by_counts | no_counts).tolist():
        name = repr(str(categories[code]))
        if by_counts[code]:
            row = example[code]
            notes.append(
                f"{name}: {n_fraction[code]:,} of {n_telling[code]:,} rows with counts give "
                f"count / denominator, not 100 x count / denominator (value {value[row]:g}, "
                f"count {count[row]:g}, denominator {denominator[row]:g})"
            )
        else:
            notes.append(
                f"{name}: no counts, and all {n_values[code]:,} values are between 0 and 1, "
                "so they look like fractions of 1"
            )
    warnings.warn(
        "values of percent indicators look like fractions of 1 (0.2 for 20%): "
        + "; ".join(notes)
        + ". Multiply them by 100, or give the indicator a unit of 'dimensionless'",
        OutcomeFrameWarning,
        stacklevel=_user_level(),
    )


def _described(base: str, years: int) -> str:
    """'calendar years', '3 calendar years pooled', 'quarters'."""
    if years > 1:
        return f"{years} {base} years pooled"
    plural = {"quarter": "quarters", "month": "months", "rolling": "rolling periods"}
    return plural.get(base, f"{base} years")


def _agrees(kind: tuple[str, int], want: tuple[str, int]) -> bool:
    """Whether periods of ``kind`` suit an indicator declaring ``want``.

    Quarters, months and rolling periods (runs of months or quarters) are parts of
    a year, a snapshot at a date or a year that starts in any month, and are not
    compared. "2019/20" with no hint reads as a financial year, so financial years
    suit an academic indicator (of as many years); academic ones were said so by
    the data, and contradict a financial indicator.
    """
    if kind[0] in _SUB_YEAR or want[0] in _SUB_YEAR or kind == want:
        return True
    return kind == ("financial", want[1]) and want[0] == "academic"


def _declared(ind: Indicator) -> tuple[str, int] | None:
    """The (year type, number of years) an indicator's periods should have, if it says."""
    kind = ind.period_type
    if kind is None:
        return None
    years = ind.period_years or 1
    if kind is PeriodType.POOLED:  # pooled calendar years
        return "calendar", max(years, 2)
    return kind.value, years


def _declaration(ind: Indicator) -> str:
    kind = ind.period_type.value if ind.period_type else ""
    years = ind.period_years or 1
    return f"{kind}, {years} years pooled" if years > 1 else kind


def _warn_period_types(data: pd.DataFrame, fw: Framework) -> None:
    if "period_type" not in data.columns:
        return
    expected = {ind.id: (ind, want) for ind in fw.elements(Indicator) if (want := _declared(ind))}
    if not expected:
        return
    categories = data["indicator"].cat.categories
    wanted = categories.isin(list(expected))
    codes = data["indicator"].cat.codes.to_numpy()
    rows = wanted[codes] if len(codes) else np.zeros(0, dtype=bool)
    if not rows.any():
        return
    start = pd.DatetimeIndex(data["period_start"].to_numpy()[rows])
    end = pd.DatetimeIndex(data["period_end"].to_numpy()[rows])
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    kinds = pd.DataFrame(
        {
            "indicator": codes[rows],
            "type": data["period_type"].astype("str").to_numpy()[rows],
            "month": np.asarray(start.month),
            "years": np.rint(np.asarray(months, dtype=float) / 12.0),
            "period": data["period"].astype("str").to_numpy()[rows],
            "start": np.asarray(start),
        }
    )
    # one line per distinct (indicator, period): a few hundred, whatever the rows
    distinct = kinds.drop_duplicates(["indicator", "period"]).sort_values(
        ["indicator", "start"], kind="stable"
    )
    notes = []
    for code, group in distinct.groupby("indicator", sort=True):
        ind, want = expected[str(categories[int(code)])]  # type: ignore[arg-type]
        found = list(_kinds(group.itertuples(index=False)))
        other: dict[tuple[str, int], list[str]] = {}
        for kind, period in found:
            if not _agrees(kind, want):
                other.setdefault(kind, []).append(period)
        if not other:
            continue
        parts = []
        for (base, years), periods in other.items():
            shown = ", ".join(periods[:_SHOWN]) + (", ..." if len(periods) > _SHOWN else "")
            parts.append(f"{_described(base, years)} ({shown})")
        notes.append(
            f"{ind.id!r} is declared {_declaration(ind)}; the data's periods are "
            + " and ".join(parts)
        )
    if notes:
        warnings.warn(
            "periods of another type than the indicator declares: "
            + "; ".join(notes)
            + " ('2019 - 20' with spaces is two calendar years pooled, '2019/20' one "
            "financial or academic year)",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )


def _kinds(rows: Iterable[Any]) -> Iterable[tuple[tuple[str, int], str]]:
    """((year type, years), period label) of each distinct period, oldest first."""
    for row in rows:
        if row.type == "pooled":
            base = _YEAR_TYPE_BY_MONTH.get(int(row.month), "pooled")
            yield (base, int(row.years)), str(row.period)
        else:
            yield (str(row.type), 1), str(row.period)


def warn_about_selection(
    table: pd.DataFrame, data: pd.DataFrame, period: str | None, codes: list[str] | None
) -> None:
    """Warn when ``area`` or ``period`` of :func:`~outcomeframe.assess` selects nothing.

    ``table`` is the assessment's table, ``data`` the usable observations of every
    period, ``period`` the period label asked for and ``codes`` the areas asked for.
    """
    then = ", so the table has no row for {them}"
    absent = warn_absent_areas(codes, data["area_code"], then)
    if codes is not None and len(absent) == len(set(codes)):
        return  # no area asked for is in the data: the period is not to blame
    if period is not None and table.empty:
        last = data["period"].to_numpy()[int(np.argmax(data["period_end"].to_numpy()))]
        which = "of the areas asked for " if codes is not None else ""
        warnings.warn(
            f"period {period!r}: no series {which}has an observation for it, so the table is "
            f"empty (the latest period in the data is {str(last)!r})",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
