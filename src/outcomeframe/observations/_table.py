"""The observation table: one tidy long row per indicator, area, period and breakdown.

Every input of the assessment is first turned into this table by
:func:`tidy_observations`, which checks it and never drops a row silently:
each input row ends up either in ``data`` or, with a ``reason``, in
``rejected`` (or a :class:`~outcomeframe.DataError` lists them all).

Columns
-------
key (str)
    ``indicator``, ``area_code``, ``period`` (canonical label), ``sex``, ``age``,
    ``breakdown_type``, ``breakdown``: Fingertips' own key (indicator, area, period,
    sex, age, category type, category). ``sex`` and ``age`` may be missing ("not
    stated"); the others are never blank. A row about no particular category has the
    breakdown ``("Total", "Total")``.
descriptive
    ``area_name``, ``value_note``, ``source`` (str, may be missing);
    ``period_start``, ``period_end`` (``datetime64[s]``), ``period_type`` (str).
numbers (float64, may be missing)
    ``count``, ``denominator``, ``value``, ``lower_95``, ``upper_95``,
    ``lower_99_8``, ``upper_99_8`` (the names of
    :func:`outcomeframe.stats.limit_columns`).

Any other input column is kept, unchanged, after these.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import attrs
import numpy as np
import pandas as pd

from outcomeframe._checks import check_choice, need_text
from outcomeframe._errors import ArgumentError, DataError, OutcomeFrameWarning, _user_level
from outcomeframe.observations._cells import SUPPRESSION_MARKS, _blank_text
from outcomeframe.observations._checks import (
    _check_columns,
    _Reasons,
    _row_word,
)
from outcomeframe.observations._columns import (
    CONFLICT,
    DESCRIPTIVE_COLUMNS,
    EXACT_COPY,
    KEY_COLUMNS,
    NUMBER_COLUMNS,
    OBSERVATION_COLUMNS,
    OPTIONAL_KEY_COLUMNS,
    REQUIRED_COLUMNS,
    SAME_NUMBERS,
    TOTAL,
)
from outcomeframe.observations._repeats import (
    _duplicated,
    _repeats,
    reason_counts,
)
from outcomeframe.observations._tidy_columns import (
    Columns,
    _descriptive_columns,
    _key_columns,
    _number_columns,
    _period_columns,
    _whole_cells,
    _with_extras,
)

__all__ = [
    "CONFLICT",
    "DESCRIPTIVE_COLUMNS",
    "EXACT_COPY",
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "OPTIONAL_KEY_COLUMNS",
    "REQUIRED_COLUMNS",
    "SUPPRESSION_MARKS",
    "TOTAL",
    "ObservationTable",
    "reason_counts",
    "tidy_observations",
]


@attrs.frozen
class ObservationTable:
    """A checked observation table and the input rows that could not be used.

    Attributes
    ----------
    data : pandas.DataFrame
        The usable rows, columns :data:`OBSERVATION_COLUMNS` then any extra input
        columns. The index is the input's index (a fresh 0..n-1 index if the
        input's labels are not unique), so rows can be traced back.
    rejected : pandas.DataFrame
        The unusable input rows as given (before type conversion) with a
        ``reason`` column; same index as the input. ``len(data) + len(rejected)``
        always equals the number of input rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe import tidy_observations
    >>> raw = pd.DataFrame(
    ...     {"indicator": ["a", "a"], "area_code": ["E92000001", "E08000009"],
    ...      "period": ["2019", "2019"], "value": ["12.5", "n/a"]}
    ... )
    >>> table = tidy_observations(raw, errors="report")
    >>> len(table.data), len(table.rejected)
    (1, 1)
    >>> table.rejected["reason"].tolist()
    ["value 'n/a' is not a number"]
    >>> table
    ObservationTable: 1 row
      indicators: 1 (a)
      areas: 1 (E92000001)
      periods: 1, 2019
      1 rejected
    """

    data: pd.DataFrame
    rejected: pd.DataFrame

    def __len__(self) -> int:
        return len(self.data)

    def _summary(self) -> list[str]:
        from outcomeframe.observations._display import summary_lines  # noqa: PLC0415

        return summary_lines("ObservationTable", self.data, [f"{len(self.rejected):,} rejected"])

    def __repr__(self) -> str:
        """A short summary: rows, indicators, areas, periods, rows rejected (not the data)."""
        return "\n".join(self._summary())

    def _repr_html_(self) -> str:
        from outcomeframe.observations._display import summary_html  # noqa: PLC0415

        return summary_html(self._summary())


def tidy_observations(
    data: pd.DataFrame,
    *,
    source: str | None = None,
    errors: Literal["raise", "report"] = "raise",
    categorical: bool = False,
) -> ObservationTable:
    """Check a table of observations and return it in the standard long format.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, with at least ``indicator``, ``area_code``,
        ``period`` and either ``value`` or ``count`` and ``denominator``.
        ``breakdown_type`` and ``breakdown`` must come together; when both are
        absent every row is the total ``("Total", "Total")``. When present, a
        blank cell is a row problem (blank does NOT mean "all people").
        Numbers may be text ("1,234" is read as 1234).
        A ``period_type`` column, if present, is used as the hint for each
        period label (see :meth:`outcomeframe.observations._period.Period.parse`); a
        ``period_start`` in September also marks a year span as academic.
    source : str, optional
        Fills the ``source`` column where it is missing.
    errors : {"raise", "report"}
        ``"raise"`` (default): any row problem raises one :class:`DataError`
        listing them all. ``"report"``: unusable rows go to ``rejected``.
    categorical : bool
        Return the key columns (``indicator``, ``area_code``, ``period``,
        ``breakdown_type``, ``breakdown``) as categoricals: much faster and
        smaller on national-scale tables; the assessment uses this.

    Returns
    -------
    ObservationTable
        ``data`` and ``rejected``; see :class:`ObservationTable`.

    Raises
    ------
    DataError
        A required column is missing (whatever ``errors`` is), or, with
        ``errors="raise"``, any row problem: a blank key cell, a number that is
        not a number, a negative count or denominator, a value outside its
        limits by more than their printed precision, a lower limit above the
        upper, an unparseable period, or a key used by two rows with different
        numbers. A count above its denominator is allowed (rates). A row with
        no value and no count and denominator is kept (a suppressed figure),
        and a row that repeats another exactly, or gives the same numbers as
        another row of its key with a different description (an area type, a
        parent, a name), is set aside (in ``rejected``, naming the row that is
        kept) without an error.
    ArgumentError
        ``errors`` is not "raise" or "report".

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe import tidy_observations
    >>> raw = pd.DataFrame(
    ...     {"indicator": ["smoking"] * 2, "area_code": ["E92000001", "E08000009"],
    ...      "period": ["2022/23", "2022-23"], "count": ["61,399", "220"],
    ...      "denominator": ["579,995", "1,273"]}
    ... )
    >>> table = tidy_observations(raw, source="Fingertips")
    >>> table.data[["indicator", "area_code", "period", "breakdown", "count"]]
      indicator  area_code   period breakdown    count
    0   smoking  E92000001  2022/23     Total  61399.0
    1   smoking  E08000009  2022/23     Total    220.0
    >>> tidy_observations(raw.assign(area_code="E92000001"))
    Traceback (most recent call last):
    ...
    outcomeframe.DataError: 2 rows share a key (indicator, area_code, period, sex, age, ...
      - row 0: conflicting rows for one key: rows 0, 1 differ in count, denominator
      - row 1: conflicting rows for one key: rows 0, 1 differ in count, denominator

    A row that repeats another exactly is set aside, naming the row it repeats:

    >>> tidy_observations(pd.concat([raw, raw.iloc[:1]], ignore_index=True)).rejected["reason"]
    2    exact copy of row 0
    Name: reason, dtype: str

    And so is one that gives the same numbers with a different description:

    >>> listed_twice = pd.concat([raw, raw.iloc[:1]], ignore_index=True)
    >>> listed_twice["area_name"] = ["England", "Trafford", "ENGLAND"]
    >>> tidy_observations(listed_twice).rejected["reason"]
    2    same numbers as row 0 (differs in area_name)
    Name: reason, dtype: str
    >>> tidy_observations(raw.rename(columns={"area_code": "areacode"}))
    Traceback (most recent call last):
    ...
    outcomeframe.DataError: missing required column 'area_code' (did you mean 'areacode'?); ...
    """
    if source is not None:
        need_text(source, "source")
    if not isinstance(categorical, bool | np.bool_):
        raise ArgumentError(
            f"categorical: expected True or False, got {type(categorical).__name__}"
        )
    return _tidy(data, source=source, errors=errors, categorical=categorical)


def _tidy(
    data: pd.DataFrame,
    *,
    source: str | None = None,
    errors: Literal["raise", "report"] = "raise",
    categorical: bool = False,
    duplicates: bool = True,
) -> ObservationTable:
    """:func:`tidy_observations`; ``duplicates=False`` leaves the duplicate keys to the caller.

    The assessment finds duplicate keys while it lays the rows out by series and
    period (a repeated cell), at no extra cost, and only then looks for them here.
    """
    data = _checked_frame(data, errors)
    data, frame, reasons = _whole_cells(data)
    columns: Columns = {}
    _key_columns(frame, columns, reasons, categorical=categorical)
    periods = _period_columns(frame, columns, reasons, categorical=categorical)
    _descriptive_columns(frame, columns, periods, source, categorical=categorical)
    _number_columns(frame, columns, reasons)
    out = _with_extras(frame, columns)
    if duplicates:
        _set_aside_repeats(frame, out, reasons, errors, categorical=categorical)
    return _split(data, frame, out, reasons, errors)


def _checked_frame(data: Any, errors: str) -> pd.DataFrame:
    """The arguments and the columns checked; a repeated index numbered afresh."""
    check_choice(errors, "errors", ("raise", "report"))
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError(f"data: expected a pandas DataFrame, got {type(data).__name__}")
    if isinstance(data.columns, pd.MultiIndex):
        raise DataError(
            "the columns are on several levels (a MultiIndex): flatten them to one name each",
            problems=["columns on several levels"],
        )
    repeated = data.columns[data.columns.astype("str").duplicated()].astype("str").unique()
    if len(repeated):
        raise DataError(
            f"columns {', '.join(repr(c) for c in repeated)} appear more than once: keep one",
            problems=[f"column {c!r} appears more than once" for c in repeated],
        )
    _check_columns(data)
    return data if data.index.is_unique else data.reset_index(drop=True)


def _set_aside_repeats(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    reasons: _Reasons,
    errors: str,
    *,
    categorical: bool,
) -> None:
    """Repeated keys among rows otherwise usable: copies set aside, conflicts all set aside."""
    ok = reasons.ok()
    duplicated = _duplicated(out if ok.all() else out.loc[ok], categorical=categorical)
    if not duplicated.any():
        return
    dup_index = duplicated.index[duplicated.to_numpy()]
    shared = out.loc[dup_index]  # compared as read: "1,234" and 1234 are one number
    repeats = _repeats(shared, shared.drop(columns="source"), _row_word(frame.index.name))
    mask = pd.Series(False, index=frame.index)
    mask[repeats.index] = True
    reasons.add(mask, repeats)
    conflicts = repeats[repeats.str.startswith(CONFLICT)]
    if errors == "raise" and len(conflicts):
        problems = [f"{_row_word(frame.index.name)} {i}: {t}" for i, t in conflicts.items()]
        n = len(conflicts)
        raise DataError(
            f"{n} rows share a key ({', '.join(KEY_COLUMNS)}) with different numbers",
            problems=problems,
        )
    copies = repeats.index[~repeats.str.startswith(CONFLICT)]
    if len(copies):
        copied = np.zeros(len(frame), dtype=bool)
        copied[frame.index.get_indexer(copies)] = True
        reasons.harmless |= copied
    _warn_two_lists(out, repeats)


def _warn_two_lists(out: pd.DataFrame, repeats: pd.Series[Any]) -> None:
    """Warn when areas are published in two area-type lists (kept once, with the first type)."""
    again = repeats.str.startswith(SAME_NUMBERS) & repeats.str.contains(
        r"\(differs in [^)]*\barea_type\b", regex=True
    )
    if not again.any() or "area_type" not in out.columns:
        return
    rows = out.loc[repeats.index[again.to_numpy()]]
    areas = rows["area_code"].astype("str").unique()
    lists = ", ".join(repr(t) for t in rows["area_type"].dropna().astype("str").unique()[:3])
    warnings.warn(
        f"{len(areas)} area{'s' if len(areas) != 1 else ''} (e.g. {areas[0]}) "
        f"{'are' if len(areas) != 1 else 'is'} published in two area-type lists with the "
        f"same numbers (again under {lists}): each is kept "
        "once, with the area type of its first row, so quintiles and quartiles rank it in "
        "that list only. To rank the areas of one list, read only its rows "
        "(area_type == that list)",
        OutcomeFrameWarning,
        stacklevel=_user_level(),
    )


def _split(
    data: pd.DataFrame, frame: pd.DataFrame, out: pd.DataFrame, reasons: _Reasons, errors: str
) -> ObservationTable:
    """The usable rows and the rejected ones (as given, with their reason); or raise."""
    bad = reasons.bad
    if errors == "raise" and (bad & ~reasons.harmless).any():
        problems = reasons.problems(frame.index.name)
        n = len(problems)
        raise DataError(f"{n} row{'s' if n != 1 else ''} cannot be used", problems=problems)
    if bad.any():
        rejected = data.loc[bad]
        reason = reasons.text.reindex(rejected.index).astype("str")
        return ObservationTable(data=out.loc[~bad], rejected=rejected.assign(reason=reason))
    # no copy of a clean table; no row rejected: the input's columns and a reason
    rejected = data.iloc[:0]
    reason = _blank_text(rejected.index)
    if "reason" in rejected.columns:
        return ObservationTable(data=out, rejected=rejected.assign(reason=reason))
    rejected.insert(rejected.shape[1], "reason", reason)  # a quarter of assign's cost
    return ObservationTable(data=out, rejected=rejected)
