"""The columns of an observation table: the key, the descriptive and the number columns."""

from __future__ import annotations

__all__ = [
    "CONFLICT",
    "DESCRIPTIVE_COLUMNS",
    "EXACT_COPY",
    "EXTRA_FIELDS",
    "KEY_COLUMNS",
    "NUMBER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "OPTIONAL_KEY_COLUMNS",
    "REQUIRED_COLUMNS",
    "SAME_NUMBERS",
    "TOTAL",
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


#: The start of the reason given to a row with the numbers of an earlier row of its key,
#: differing only in what describes them (the earlier row is kept).
SAME_NUMBERS = "same numbers as"


#: The start of the reason given to a row that repeats another row exactly.
EXACT_COPY = "exact copy of"


#: The column :func:`read_csv_text` adds where a line has more fields than the header.
EXTRA_FIELDS = "__extra_fields__"


_TEXT_COLUMNS = ("area_name", "value_note", "source")


_LIMIT_PAIRS = (("lower_95", "upper_95"), ("lower_99_8", "upper_99_8"))


#: Relative slack when checking that a value lies inside its published limits (rounding).
_TOLERANCE = 1e-9
