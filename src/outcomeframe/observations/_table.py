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

import io
import os
from collections.abc import Hashable, Sequence
from typing import IO, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError, DataError, FileFormatError
from outcomeframe._suggest import did_you_mean
from outcomeframe.observations._period import _parse_periods

__all__ = [
    "DESCRIPTIVE_COLUMNS",
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "OPTIONAL_KEY_COLUMNS",
    "REQUIRED_COLUMNS",
    "TOTAL",
    "ObservationTable",
    "read_observations",
    "reason_counts",
    "tidy_observations",
]

#: Columns that identify an observation; no two rows may share them. ``sex`` and ``age``
#: may be missing (not stated); the others are never blank.
KEY_COLUMNS: tuple[str, ...] = (
    "indicator",
    "area_code",
    "period",
    "sex",
    "age",
    "breakdown_type",
    "breakdown",
)
#: Key columns that may be missing: a table without them is about people of any sex and age.
OPTIONAL_KEY_COLUMNS: tuple[str, ...] = ("sex", "age")
#: Descriptive columns, filled with missing values when absent from the input.
DESCRIPTIVE_COLUMNS: tuple[str, ...] = (
    "area_name",
    "period_start",
    "period_end",
    "period_type",
    "value_note",
    "source",
)
#: Numeric columns (float64). Limits are named as by ``outcomeframe.stats.limit_columns``.
NUMBER_COLUMNS: tuple[str, ...] = (
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
)
#: Every column of an observation table, in order.
OBSERVATION_COLUMNS: tuple[str, ...] = KEY_COLUMNS + DESCRIPTIVE_COLUMNS + NUMBER_COLUMNS
#: Columns the input must have. It also needs ``value`` or both ``count`` and ``denominator``.
REQUIRED_COLUMNS: tuple[str, ...] = ("indicator", "area_code", "period")
#: The breakdown type and breakdown of a row about the whole population.
TOTAL: tuple[str, str] = ("Total", "Total")

#: The start of the reason given to each row of a key published twice with different numbers.
CONFLICT = "conflicting rows for one key"
#: The start of the reason given to a row that repeats another row exactly.
EXACT_COPY = "exact copy of"

_TEXT_COLUMNS = ("area_name", "value_note", "source")
_LIMIT_PAIRS = (("lower_95", "upper_95"), ("lower_99_8", "upper_99_8"))
#: Relative slack when checking that a value lies inside its published limits (rounding).
_TOLERANCE = 1e-9


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
    >>> from outcomeframe.observations import tidy_observations
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
        and a row that repeats another exactly is set aside (in ``rejected``,
        naming the row it repeats) without an error.
    ArgumentError
        ``errors`` is not "raise" or "report".

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations import tidy_observations
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
    >>> tidy_observations(raw.rename(columns={"area_code": "areacode"}))
    Traceback (most recent call last):
    ...
    outcomeframe.DataError: missing required column 'area_code' (did you mean 'areacode'?); ...
    """
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
    if errors not in ("raise", "report"):
        raise ArgumentError(f"errors: {errors!r} is not 'raise' or 'report'")
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
    if not data.index.is_unique:
        data = data.reset_index(drop=True)
    data, odd_cells = _unhashable(data)
    frame = data
    out = pd.DataFrame(index=frame.index)
    reasons = _Reasons(frame.index)
    for column, odd in odd_cells.items():
        reasons.add(odd, f"{column} holds a list, dict or set, not a single value")
    if EXTRA_FIELDS in frame.columns:
        long = frame[EXTRA_FIELDS].notna()
        reasons.add(
            long,
            lambda m=long: (
                "the line has more fields than the header (extra: "
                + frame.loc[m, EXTRA_FIELDS].astype("str").map(repr)
                + ")"
            ),
        )
        frame = frame.drop(columns=EXTRA_FIELDS)

    # key text columns
    for column in ("indicator", "area_code"):
        out[column] = _text(frame[column], categorical=categorical)
        reasons.add(out[column].isna(), f"{column} is blank")
        given = frame[column]
        if pd.api.types.is_float_dtype(given.dtype):  # inf, or 1e20 printed as 1e+20
            odd = given.notna() & ~(np.isfinite(given) & (given.abs() < 2**53))
            reasons.add(odd, lambda c=column, m=odd: _quote(c, frame[c], m, "is not an id"))
    for column in OPTIONAL_KEY_COLUMNS:  # missing = not stated
        out[column] = _optional_text(frame, column, categorical=categorical)
    if "breakdown_type" in frame.columns:
        for column in ("breakdown_type", "breakdown"):
            out[column] = _text(frame[column], categorical=categorical)
            reasons.add(out[column].isna(), f"{column} is blank")
    else:
        for column, total in zip(("breakdown_type", "breakdown"), TOTAL, strict=True):
            if categorical:
                out[column] = pd.Categorical.from_codes(
                    np.zeros(len(frame), dtype=np.int8), categories=pd.Index([total], dtype="str")
                )
            else:
                out[column] = pd.Series(total, index=frame.index, dtype="str")

    # periods
    hints = _period_hints(frame)
    periods, _, period_messages = _parse_periods(
        _text(frame["period"], categorical=True), hints, categorical=categorical
    )
    reasons.add(period_messages.notna(), period_messages)
    out["period"] = periods["period"]

    # descriptive columns
    for column in _TEXT_COLUMNS:
        out[column] = _optional_text(frame, column, categorical=categorical)
    if source is not None:
        if categorical:
            out["source"] = out["source"].cat.add_categories([source]).fillna(source)
        else:
            out["source"] = out["source"].fillna(source)
    for column in ("period_start", "period_end", "period_type"):
        out[column] = periods[column]

    # numbers
    for column in NUMBER_COLUMNS:
        if column in frame.columns:
            numbers, junk = _numbers(frame[column], percent=column not in ("count", "denominator"))
            reasons.add(junk, lambda c=column, j=junk: _not_a_number(c, frame[c], j))
            reasons.add(np.isinf(numbers), f"{column} is infinite")
            out[column] = numbers.where(np.isfinite(numbers))
        else:
            out[column] = pd.Series(np.nan, index=frame.index, dtype="float64")
    _check_numbers(out, reasons, frame)

    # extras, unchanged
    extras = [c for c in frame.columns if c not in OBSERVATION_COLUMNS]
    for column in extras:
        out[column] = frame[column]
    out = out[list(OBSERVATION_COLUMNS) + extras]

    # repeated keys among rows otherwise usable: copies set aside, conflicts all set aside
    ok = reasons.ok()
    if duplicates:
        duplicated = _duplicated(out if ok.all() else out.loc[ok], categorical=categorical)
        if duplicated.any():
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

    bad = ~reasons.ok()
    if errors == "raise" and (bad & ~reasons.harmless).any():
        problems = reasons.problems(frame.index.name)
        n = len(problems)
        raise DataError(f"{n} row{'s' if n != 1 else ''} cannot be used", problems=problems)
    rejected = data.loc[bad].copy()
    rejected["reason"] = reasons.text.reindex(rejected.index).astype("str")
    usable = out.loc[~bad] if bad.any() else out  # no copy of a clean table
    return ObservationTable(data=usable, rejected=rejected)


def read_observations(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    source: str | None = None,
    errors: Literal["raise", "report"] = "raise",
) -> ObservationTable:
    r"""Read a tidy observation CSV (columns as in :data:`OBSERVATION_COLUMNS`) and check it.

    Parameters
    ----------
    path_or_buffer : str, path or file-like
        The CSV file. Every cell is read as text, then converted and checked as
        by :func:`tidy_observations`.
    source : str, optional
        Fills missing ``source`` cells; defaults to the file name.
    errors : {"raise", "report"}
        See :func:`tidy_observations`.

    Returns
    -------
    ObservationTable
        Indexed by file line number (index name ``"line"``; the header is line 1),
        so problems read "line 7: count -3 is negative".

    Raises
    ------
    FileFormatError
        The file is empty, binary, or not a CSV.
    DataError
        As :func:`tidy_observations`.

    Examples
    --------
    >>> import io
    >>> from outcomeframe.observations import read_observations
    >>> text = "indicator,area_code,period,value\nlbw,E92000001,2019,2.9\nlbw,E92000001,2020,-\n"
    >>> table = read_observations(io.StringIO(text), errors="report")
    >>> table.data[["indicator", "period", "value"]]
         indicator period  value
    line
    2          lbw   2019    2.9
    >>> table.rejected["reason"].tolist()
    ["value '-' is not a number"]
    """
    frame, name = read_csv_text(path_or_buffer)
    _looks_separated(frame, name if name is not None else "<buffer>")
    return tidy_observations(frame, source=source if source is not None else name, errors=errors)


def reason_counts(rejected: pd.DataFrame) -> pd.DataFrame:
    """The rows set aside, counted by kind of reason: one line per kind, not per row.

    Line and row numbers are taken out of each reason ("exact copy of line …"), so
    the 12,840 rows of an indicator that the framework does not define count as one
    kind with the number of rows.

    Parameters
    ----------
    rejected : pandas.DataFrame
        ``ObservationTable.rejected`` or ``Assessment.rejected`` (a ``reason`` column).

    Returns
    -------
    pandas.DataFrame
        ``reason``, ``rows`` and ``first`` (the index label of the first such row),
        most frequent first.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.observations import reason_counts, tidy_observations
    >>> raw = pd.DataFrame({"indicator": ["a"] * 3, "area_code": ["E1", "E2", "E3"],
    ...                     "period": ["2019"] * 3, "value": ["1", "n/a", "?"]})
    >>> raw = pd.concat([raw, raw.iloc[:1]], ignore_index=True)
    >>> print(reason_counts(tidy_observations(raw, errors="report").rejected).to_string())
                        reason  rows  first
    0  value '…' is not a number     2      1
    1         exact copy of row …     1      3
    """
    if "reason" not in rejected.columns:
        raise ArgumentError("rejected: expected a table with a 'reason' column")
    text = rejected["reason"].astype("str")
    text = text.str.replace(r" \(and (?:line|row) \d+ repeats \d+\)", "", regex=True)
    text = text.str.replace(r"\b(lines?|rows?) \d+(?:, \d+)*", r"\1 …", regex=True)
    text = text.str.replace(r"'[^']*' is not a number", "'…' is not a number", regex=True)
    kinds = pd.DataFrame({"reason": text.to_numpy(), "label": rejected.index.to_numpy()})
    counted = kinds.groupby("reason", sort=False).agg(
        rows=("label", "size"), first=("label", "first")
    )
    counted = counted.sort_values("rows", ascending=False, kind="stable").reset_index()
    return counted


# -- helpers shared with the Fingertips reader ---------------------------------------------


def read_csv_text(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes],
) -> tuple[pd.DataFrame, str | None]:
    """Read a CSV with every cell as text, index = file line number; clear errors.

    Returns the frame and the file's name (``None`` for an unnamed buffer).
    """
    name: str | None
    if isinstance(path_or_buffer, str | os.PathLike):
        name = os.fspath(path_or_buffer)
        try:
            with open(name, "rb") as handle:  # noqa: PTH123
                raw: bytes | str = handle.read()
        except OSError as err:
            raise FileFormatError(f"cannot open the file: {err.strerror}", path=name) from None
    else:
        name = getattr(path_or_buffer, "name", None)
        name = name if isinstance(name, str) else None
        raw = path_or_buffer.read()
    where = name if name is not None else "<buffer>"
    text = _decode(raw, where)
    if not text.strip():
        raise FileFormatError("the file is empty (no header, no rows)", path=where)
    sep = _delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype="str",
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=False,
        )
    except pd.errors.ParserError as err:
        line = _line_from(str(err))
        raise FileFormatError(f"not a well-formed CSV: {err}", path=where, line=line) from None
    except (pd.errors.EmptyDataError, UnicodeError, ValueError) as err:
        raise FileFormatError(f"not a readable CSV: {err}", path=where) from None
    header = pd.read_csv(io.StringIO(text), sep=sep, header=None, nrows=1, dtype="str").iloc[0]
    names = [str(c).strip() if isinstance(c, str) else "" for c in header]
    _check_headers(names, where)
    long_lines = _long_lines(frame, text, sep, len(names))
    if not isinstance(frame.index, pd.RangeIndex):  # extra fields made the first columns an index
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype="str",
            keep_default_na=False,
            na_values=[""],
            index_col=False,
            usecols=range(len(names)),
        )
    frame.columns = names
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    if long_lines is not None:
        frame[EXTRA_FIELDS] = pd.Series(long_lines.to_numpy(), index=frame.index, dtype="str")
    return frame, name


#: The column :func:`read_csv_text` adds where a line has more fields than the header.
EXTRA_FIELDS = "__extra_fields__"


def _long_lines(frame: pd.DataFrame, text: str, sep: str, width: int) -> pd.Series[Any] | None:
    """For each row, its fields beyond the header's (missing where none), or None."""
    if isinstance(frame.index, pd.RangeIndex):
        return None
    extra = frame.index.nlevels
    wide = pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype="str",
        keep_default_na=False,
        na_values=[""],
        header=None,
        skiprows=1,
        names=range(width + extra),
    )
    tail = wide.iloc[:, width:]
    has = tail.notna().any(axis=1)
    joined = tail.fillna("").astype("str").agg(sep.join, axis=1).str.rstrip(sep)
    return joined.where(has)


def _unhashable(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series[Any]]]:
    """Cells holding a list, dict or set (from a DataFrame): blanked, and named per column."""
    found: dict[str, pd.Series[Any]] = {}
    for column in data.columns:
        values = data[column]
        if values.dtype != object:
            continue
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind in ("string", "empty", "floating", "integer", "mixed-integer-float", "boolean"):
            continue
        odd = values.map(lambda v: isinstance(v, list | dict | set | tuple))  # object only
        if odd.any():
            found[str(column)] = odd
    if not found:
        return data, found
    data = data.copy()
    for column, odd in found.items():
        data[column] = data[column].mask(odd)
    return data, found


def _delimiter(text: str) -> str:
    """``","``, or ``";"`` / tab for a file that is plainly separated by one of them.

    A header with no comma but semicolons (as Excel saves a CSV where the decimal
    mark is a comma) or tabs is read with that separator when the file has no quotes
    and every line has the header's number of fields. Otherwise ``","``: the caller
    then finds one column and says what the file looks like.
    """
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    if "," in header or '"' in text:
        return ","
    body = text.strip()
    lines = body.count("\n") + 1
    for sep in (";", "\t"):
        fields = header.count(sep) + 1
        if fields >= 2 and body.count(sep) == (fields - 1) * lines:
            return sep
    return ","


def _looks_separated(frame: pd.DataFrame, where: str) -> None:
    """Refuse a one-column table whose header is split by semicolons or tabs."""
    if len(frame.columns) != 1:
        return
    header = str(frame.columns[0])
    for sep, word in ((";", "semicolon"), ("\t", "tab")):
        fields = header.count(sep) + 1
        if fields >= 2:
            raise FileFormatError(
                f"the file looks {word}-separated (a header of {fields} {word}-separated "
                "names and no comma), and its lines do not all have that many fields "
                "(or some are quoted), so it cannot be read safely: save it as CSV with commas",
                path=where,
            )


def _check_headers(names: Sequence[str], where: str) -> None:
    """Refuse a header that repeats a column name (pandas would rename it "value.1")."""
    seen: dict[str, int] = {}
    for position, column in enumerate(names, start=1):
        if column in seen:
            raise FileFormatError(
                f"column {column!r} appears twice in the header (columns {seen[column]} and "
                f"{position}): keep one of them",
                path=where,
                line=1,
            )
        seen[column] = position


def _decode(raw: bytes | str, where: str) -> str:
    if isinstance(raw, str):
        if "\x00" in raw:
            raise FileFormatError("binary content (NUL characters), not a text CSV", path=where)
        return raw
    if raw.startswith(b"PK\x03\x04"):
        raise FileFormatError(
            "this is a zip archive, e.g. an Excel .xlsx workbook, not a CSV: "
            "save the sheet as CSV (UTF-8)",
            path=where,
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            "this is an old Excel .xls workbook (OLE2), not a CSV: save the sheet as CSV",
            path=where,
        )
    if b"\x00" in raw[:65536]:
        raise FileFormatError("binary content (NUL bytes), not a text CSV", path=where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = raw[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if controls > len(sample) // 100:
        raise FileFormatError("binary content, not a text CSV", path=where)
    return raw.decode("cp1252", errors="replace")


def _line_from(message: str) -> int | None:
    import re  # noqa: PLC0415

    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _check_columns(frame: pd.DataFrame) -> None:
    found = [str(c) for c in frame.columns]
    problems = []
    for column in REQUIRED_COLUMNS:
        if column not in frame.columns:
            problems.append(_missing(column, found))
    has_value = "value" in frame.columns
    has_counts = "count" in frame.columns and "denominator" in frame.columns
    if not has_value and not has_counts:
        for column in ("value", "count", "denominator"):
            if column not in frame.columns:
                problems.append(_missing(column, found, "(need value, or count and denominator)"))
    if ("breakdown_type" in frame.columns) != ("breakdown" in frame.columns):
        absent = "breakdown" if "breakdown_type" in frame.columns else "breakdown_type"
        problems.append(_missing(absent, found, "(breakdown_type and breakdown come together)"))
    if problems:
        message = "; ".join(problems)
        listed = ", ".join(repr(c) for c in found) or "none"
        raise DataError(f"{message}; columns found: {listed}", problems=problems)


def _missing(column: str, found: Sequence[str], why: str = "") -> str:
    # only a column that plays no role yet can be the one missing ("indicator" is taken)
    free = [c for c in found if c not in OBSERVATION_COLUMNS]
    hint = did_you_mean(column, free)
    return f"missing required column {column!r}{hint}" + (f" {why}" if why else "")


def _text(series: pd.Series[Any], *, categorical: bool = False) -> pd.Series[Any]:
    """Text with surrounding spaces removed; blank -> missing; 20401.0 -> '20401'.

    The work is done once per distinct value (factorise, clean the distinct
    values, then rebuild), so it costs little on national-scale tables. With
    ``categorical=True`` the result is a categorical with sorted categories.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _text_categorical(series, categorical=categorical)
    if pd.api.types.is_float_dtype(series.dtype):
        finite = series.notna() & np.isfinite(series) & (series.abs() < 2**53)
        whole = finite & (series == np.round(series))
        if whole.sum() == series.notna().sum():  # every number whole and exact: 20401.0 -> 20401
            series = series.astype("Int64")
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype("object")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    text = pd.Index(uniques).astype("str").str.strip()
    text = text.where(text != "")
    categories = pd.Index(text.dropna().unique()).sort_values().astype("str")
    new_codes = np.append(np.asarray(categories.get_indexer(text), dtype=np.int64), -1)
    full = new_codes[codes]  # code -1 (missing) takes the appended -1
    values = pd.Categorical.from_codes(full, categories=categories)
    result = pd.Series(values, index=series.index, name=series.name)
    return result if categorical else result.astype("str")


def _optional_text(frame: pd.DataFrame, column: str, *, categorical: bool) -> pd.Series[Any]:
    """:func:`_text` of ``column``, or all missing when the frame has no such column."""
    if column in frame.columns:
        return _text(frame[column], categorical=categorical)
    if categorical:
        return pd.Series(
            pd.Categorical.from_codes(
                np.full(len(frame), -1, dtype=np.int8),
                categories=pd.Index([], dtype="str"),
                validate=False,
            ),
            index=frame.index,
        )
    return pd.Series(np.nan, index=frame.index, dtype="str")


def _repeats(tidy: pd.DataFrame, raw: pd.DataFrame, word: str) -> pd.Series[Any]:
    """The reason for each row of a repeated key: an exact copy, or one of a conflict.

    ``tidy`` and ``raw`` hold only the rows whose key another row shares (same index):
    ``tidy`` for the key, ``raw`` for the row as given. A row equal in every given
    column to an earlier one is an exact copy of it (the earlier row is kept, unless
    it conflicts with a third). The rows of a key that still has more than one row
    all conflict: their reason names the rows and the columns that differ.
    """
    labels = pd.Series(raw.index.astype("str"), index=raw.index)
    text = raw.astype("str").fillna("\x00")
    columns = list(text.columns)
    signature = text.groupby(columns, sort=False, dropna=False).ngroup()
    first = labels.groupby(signature.to_numpy(), sort=False).transform("first")
    copy = labels != first
    reasons: pd.Series[Any] = pd.Series(np.nan, index=raw.index, dtype="object")
    reasons[copy] = EXACT_COPY + f" {word} " + first[copy]
    kept = ~copy
    key = tidy.loc[kept, list(KEY_COLUMNS)].astype("str").fillna("\x00")
    group = key.groupby(list(KEY_COLUMNS), sort=False, dropna=False).ngroup().to_numpy()
    size = np.bincount(group)
    clash = size[group] > 1
    if clash.any():
        rows = text.loc[kept].loc[clash]
        gid = group[clash]
        lines = labels.loc[kept].loc[clash].groupby(gid).agg(", ".join)
        differ = rows.groupby(gid).nunique(dropna=False) > 1  # noqa: PD101 - per group
        names = pd.Series("", index=differ.index, dtype="str")
        for column in differ.columns:  # one pass per column, vectorised over groups
            names = names.where(~differ[column], names + ", " + str(column))
        names = names.str.removeprefix(", ")
        message = CONFLICT + f": {word}s " + lines + " differ in " + names
        reasons[rows.index] = message.reindex(gid).to_numpy()
        # an exact copy of a conflicting row is part of the conflict too
        conflicted = set(rows.index.astype("str"))
        of_conflict = copy & first.isin(conflicted)
        if of_conflict.any():
            by_first = pd.Series(reasons[rows.index].to_numpy(), index=rows.index.astype("str"))
            of_first = by_first.reindex(first[of_conflict]).to_numpy()
            reasons[of_conflict] = (
                pd.Series(of_first, index=labels[of_conflict].index, dtype="str")
                + f" (and {word} "
                + labels[of_conflict]
                + " repeats "
                + first[of_conflict]
                + ")"
            )
    return reasons.dropna().astype("str")


def _text_categorical(series: pd.Series[Any], *, categorical: bool) -> pd.Series[Any]:
    """:func:`_text` of a categorical: clean the categories, touch the codes only if needed."""
    cats = series.cat.categories
    text = pd.Index(cats).astype("str").str.strip()
    text = text.where(text != "")
    categories = pd.Index(text.dropna().unique()).sort_values().astype("str")
    remap = np.asarray(categories.get_indexer(text), dtype=np.int64)
    codes = series.cat.codes.to_numpy()
    if len(categories) == len(cats) and (remap == np.arange(len(cats))).all():
        values = pd.Categorical.from_codes(codes, categories=categories, validate=False)
    else:
        full = np.append(remap, -1)[codes]  # code -1 (missing) takes the appended -1
        values = pd.Categorical.from_codes(full, categories=categories, validate=False)
    result = pd.Series(values, index=series.index, name=series.name)
    return result if categorical else result.astype("str")


def _key_codes(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[npt.NDArray[np.intp], int]:
    """One integer per row for the combination of categorical ``columns``, and their range.

    The combined code is the row-major position in the grid of all categories
    (with room for a missing code only in a column that has one).
    """
    codes = [frame[c].cat.codes.to_numpy() for c in columns]
    shift = [int(len(code) > 0 and code.min() < 0) for code in codes]
    dims = tuple(
        max(len(frame[c].cat.categories) + k, 1) for c, k in zip(columns, shift, strict=True)
    )
    key = np.ravel_multi_index(
        tuple(code + k if k else code for code, k in zip(codes, shift, strict=True)), dims
    )
    return np.asarray(key, dtype=np.intp), int(np.prod(dims, dtype=np.float64))


def _duplicated(frame: pd.DataFrame, *, categorical: bool) -> pd.Series[Any]:
    """Rows whose key another row shares (all copies marked)."""
    if not categorical:
        return frame.duplicated(list(KEY_COLUMNS), keep=False)
    n = len(frame)
    if n == 0:
        return pd.Series(np.zeros(0, dtype=bool), index=frame.index)
    key, space = _key_codes(frame, KEY_COLUMNS)
    if space > 16 * n + (1 << 20):  # a slot array costs about the space: hash instead
        return pd.Series(pd.Series(key).duplicated(keep=False).to_numpy(), index=frame.index)
    # a row is a copy when the last row written to its key's slot is another row
    position = np.arange(n, dtype=np.int32 if n < 2**31 else np.int64)
    last = np.empty(space, dtype=position.dtype)
    last[key] = position
    repeated = last[key] != position
    if repeated.any():  # mark every copy, the last one included
        shared = np.zeros(space, dtype=bool)
        shared[key[repeated]] = True
        repeated = shared[key]
    return pd.Series(repeated, index=frame.index)


#: Cells that mean "no figure published" (read as missing, so the row is a suppressed
#: observation): Fingertips' ``*``, ONS's ``..`` and ``:``, DfE's ``x`` (not available),
#: ``c`` (confidential) and ``z`` (not applicable), bare or in brackets (``[x]``).
SUPPRESSION_MARKS: frozenset[str] = frozenset(
    {"*", "..", ":", "x", "c", "z", "[x]", "[c]", "[z]", "[:]", "[..]"}
)
_SPACES = "\u00a0\u202f\u2007"  # no-break, narrow no-break and figure spaces (Excel, Word)


def _numbers(
    series: pd.Series[Any], *, percent: bool = True
) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Float64 values and a mask of cells that are present but not numbers.

    The one place where number cells are read (documented on the observations page):
    surrounding spaces, no-break spaces included, are ignored; thousands separators
    "1,234", "1 234" and "1\u00a0234" are read as 1234; a Unicode minus is a minus;
    "20.1%" is 20.1 when ``percent`` (value and limit columns: the unit is the
    indicator's); the marks of :data:`SUPPRESSION_MARKS` are missing (suppressed).
    Anything else ("n/a", "-", "12,5", "low") is not a number.
    """
    if pd.api.types.is_complex_dtype(series.dtype):  # the imaginary part would be dropped
        return pd.Series(np.nan, index=series.index, dtype="float64"), series.notna()
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64"), pd.Series(False, index=series.index)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # work once per distinct cell
    text = pd.Series(pd.Index(uniques).astype("str"), dtype="str")
    text = text.str.replace(f"[{_SPACES}]", " ", regex=True).str.strip()
    marked = text.str.lower().isin(SUPPRESSION_MARKS).to_numpy()
    cleaned = text.str.replace("\u2212", "-", regex=False)
    cleaned = cleaned.str.replace(r"(?<=\d)[, ](?=\d{3}(?:\D|$))", "", regex=True)
    if percent:
        cleaned = cleaned.str.replace(r"(?<=\d)\s*%$", "", regex=True)
    parsed = pd.to_numeric(cleaned.where((text != "").to_numpy() & ~marked), errors="coerce")
    junk = (text != "").to_numpy() & ~marked & parsed.isna().to_numpy()
    lookup = np.append(parsed.to_numpy(dtype="float64"), np.nan)
    bad = np.append(junk, False)
    numbers = pd.Series(lookup[codes], index=series.index, dtype="float64")
    return numbers, pd.Series(bad[codes], index=series.index)


def _not_a_number(column: str, raw: Any, mask: pd.Series[Any]) -> pd.Series[Any]:
    """The reason for each cell of ``mask``: "is not a number", with a hint where one helps."""
    given = raw.loc[mask].astype("str")
    cells = given.str.strip()
    hint = pd.Series("", index=cells.index, dtype="str")
    hint[cells.str.contains("%", regex=False)] = (
        " (a percent sign is read only in value and limit columns)"
    )
    hint[cells.str.fullmatch(r"[+-]?\d+,\d{1,2}")] = " (a decimal comma? write it with a point)"
    reason: pd.Series[Any] = column + " " + given.map(repr) + " is not a number" + hint
    return reason


def _quote(column: str, raw: Any, mask: pd.Series[Any], what: str) -> pd.Series[Any]:
    shown: pd.Series[Any] = raw.loc[mask].astype("str").map(repr)
    return column + " " + shown + " " + what


def _period_hints(frame: pd.DataFrame) -> pd.Series[Any] | None:
    if "period_type" not in frame.columns and "period_start" not in frame.columns:
        return None
    hints = (
        _text(frame["period_type"]).str.lower()
        if "period_type" in frame.columns
        else pd.Series(np.nan, index=frame.index, dtype="str")
    )
    if "period_start" in frame.columns:
        start = pd.to_datetime(frame["period_start"], errors="coerce")
        september = (start.dt.month == 9).fillna(False).astype(bool)
        hints = hints.where(~september, "academic")
    return hints


def _check_numbers(out: pd.DataFrame, reasons: _Reasons, given: pd.DataFrame) -> None:
    for column in ("count", "denominator"):
        if column not in given.columns:
            continue
        negative = out[column] < 0
        reasons.add(negative, lambda c=column, m=negative: _quote(c, given[c], m, "is negative"))
    value = out["value"]
    for low, high in _LIMIT_PAIRS:
        if "value" not in given.columns or (low not in given.columns and high not in given.columns):
            continue  # nothing given to compare: skip millions of comparisons with NaN
        lower, upper = out[low], out[high]
        slack = _TOLERANCE * np.maximum(1.0, value.abs())
        crossed = lower > upper + slack
        below = (value < lower - slack) & ~crossed
        above = (value > upper + slack) & ~crossed
        # published figures are rounded: outside only by their printed precision is inside
        if crossed.any():
            crossed &= ~_within_print(given, crossed, low, high)
        if below.any():
            below &= ~_within_print(given, below, "value", low)
        if above.any():
            above &= ~_within_print(given, above, "value", high)
        reasons.add(crossed, f"{low} is above {high}")
        reasons.add(below, f"value is below {low}")
        reasons.add(above, f"value is above {high}")
    # no value and no count and denominator: kept, as a suppressed observation


def _within_print(given: pd.DataFrame, mask: pd.Series[Any], first: str, second: str) -> Any:
    """Rows of ``mask`` whose two columns differ by no more than their printed precision.

    Half a unit in the last printed decimal of each cell, summed: 15.6 and 15.59
    are within 0.055 of each other. Only the few flagged rows are parsed; cells
    given as numbers (not text) have no printed precision.
    """
    rows = mask.to_numpy(dtype=bool)
    result = np.zeros(len(mask), dtype=bool)
    if first not in given.columns or second not in given.columns:
        return result
    a, b = given[first][rows], given[second][rows]
    if pd.api.types.is_numeric_dtype(a.dtype) or pd.api.types.is_numeric_dtype(b.dtype):
        return result
    numbers = [_numbers(x)[0].to_numpy() for x in (a, b)]
    slack = _half_unit(a) + _half_unit(b)
    result[rows] = np.abs(numbers[0] - numbers[1]) <= slack * (1 + 1e-9)
    return result


def _half_unit(text: pd.Series[Any]) -> npt.NDArray[np.float64]:
    """Half a unit in the last printed digit of each cell ("15.6" -> 0.05, "1.2e-3" -> 5e-5)."""
    parts = (
        text.astype("str").str.strip().str.extract(r"^[+-]?[\d,]*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
    )
    decimals = parts[0].str.len().fillna(0).to_numpy(dtype=float)
    exponent = pd.to_numeric(parts[1], errors="coerce").fillna(0).to_numpy(dtype=float)
    return np.asarray(0.5 * 10.0 ** (exponent - decimals), dtype=np.float64)


class _Reasons:
    """Accumulate per-row problem text with vectorised masks (one loop per check).

    Only the rows with a problem hold text, so a clean national-scale table costs
    one boolean array.
    """

    def __init__(self, index: pd.Index[Any]) -> None:
        self.index = index
        self.bad = np.zeros(len(index), dtype=bool)
        #: rows set aside that are no error (exact copies of a kept row)
        self.harmless = np.zeros(len(index), dtype=bool)
        self._parts: list[tuple[npt.NDArray[np.intp], npt.NDArray[Any]]] = []

    def add(self, mask: pd.Series[Any] | Any, message: Any) -> None:
        flags = np.asarray(mask, dtype=bool)
        if not flags.any():
            return
        positions = np.flatnonzero(flags)
        if callable(message):
            message = message()
        if isinstance(message, pd.Series):
            texts = message.reindex(self.index).to_numpy(dtype=object)[positions]
        else:
            texts = np.full(positions.size, message, dtype=object)
        self._parts.append((positions, texts))
        self.bad[positions] = True

    def ok(self) -> pd.Series[Any]:
        return pd.Series(~self.bad, index=self.index)

    @property
    def text(self) -> pd.Series[Any]:
        """The problems of each bad row, joined with "; " in the order they were found."""
        if not self._parts:
            return pd.Series([], index=self.index[:0], dtype="str")
        positions = np.concatenate([p for p, _ in self._parts])
        texts = np.concatenate([t for _, t in self._parts])
        order = np.argsort(positions, kind="stable")
        joined = (
            pd.Series(texts[order].astype(str)).groupby(positions[order], sort=True).agg("; ".join)
        )
        return pd.Series(joined.to_numpy(), index=self.index[joined.index.to_numpy()], dtype="str")

    def problems(self, index_name: Hashable | None) -> list[str]:
        """One line per row with a problem (exact copies, which are harmless, left out)."""
        word = _row_word(index_name)
        text = self.text
        if self.harmless.any():
            text = text.loc[~text.index.isin(self.index[self.harmless])]
        return [f"{word} {i}: {t}" for i, t in text.items()]


def _row_word(name: Hashable | None) -> str:
    return "row" if name is None else str(name)
