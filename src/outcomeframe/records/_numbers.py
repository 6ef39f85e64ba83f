"""Text columns that a filter compares with numbers, read as numbers record by record.

A CSV column of birth weights with one ``unknown`` among them is text to every engine.
Rather than refusing the whole run, :func:`read_numbers` reads such a column as numbers
on the records' engine, non-strictly: a text that is not a number becomes missing, the
text itself is kept in a column of its own, and the plan rejects those records with the
reason "... <column> is not a number" (see :func:`~outcomeframe.records._plan.plan`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from outcomeframe._engines import engine_of, require, wrap
from outcomeframe._errors import _user_level
from outcomeframe.records._filter import kind_of
from outcomeframe.records._filter_tree import And, Column, Compare, Filter, In, Literal, Not, Or

__all__ = ["TEXT", "number_columns", "read_numbers", "single_values", "to_numbers"]

#: The prefix of the column that keeps the text of a column read as numbers.
TEXT = "__outcomeframe_text_"


def single_values(records: Any) -> Any:
    """A pandas DataFrame's cells that hold a list, dict, set or array, read as missing.

    pandas' grouping raised "unhashable type: 'list'" on such a cell. Each column with
    any is named in an :class:`~outcomeframe.OutcomeFrameWarning`; its records are then
    rejected as any record with that value missing is. Other engines' columns have one
    type each (a list column of Polars is a type the filters refuse by name).

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from outcomeframe.records._numbers import single_values
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     out = single_values(pd.DataFrame({"area_code": [["E1"], "E2"]}))
    >>> out["area_code"].tolist(), str(seen[0].message)
    ([nan, 'E2'], "records: 1 cell of 'area_code' holds a list, dict, set or array, not a single value (row 0): read as missing")
    """
    import pandas as pd  # noqa: PLC0415 - pandas records only

    if not isinstance(records, pd.DataFrame):
        return records
    from outcomeframe._errors import OutcomeFrameWarning  # noqa: PLC0415
    from outcomeframe.observations._cells import NOT_ONE_VALUE, _unhashable  # noqa: PLC0415

    records, odd_cells = _unhashable(records)
    for column, odd in odd_cells.items():
        rows = odd.index[odd.to_numpy(dtype=bool)]
        shown = ", ".join(map(str, rows[:5])) + (
            f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
        )
        warnings.warn(
            f"records: {len(rows):,} cell{'s' if len(rows) > 1 else ''} of {column!r} "
            f"{NOT_ONE_VALUE.replace('holds', 'hold') if len(rows) > 1 else NOT_ONE_VALUE} "
            f"(row{'s' if len(rows) > 1 else ''} {shown}): read as missing",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
    return records


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_columns(node: Filter) -> tuple[str, ...]:
    """The columns a filter compares with a number, each once, in the order written.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> from outcomeframe.records._numbers import number_columns
    >>> number_columns(parse_filter("w < 2500 and s == 'x' or k in (1, 2)"))
    ('w', 'k')
    """
    found: dict[str, None] = {}
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Compare):
            sides = (item.left, item.right)
            if any(isinstance(s, Literal) and _is_number(s.value) for s in sides):
                found.update((s.name, None) for s in sides if isinstance(s, Column))
        elif isinstance(item, In):
            if any(_is_number(v.value) for v in item.values):
                found.setdefault(item.column.name)
        elif isinstance(item, Not):
            stack.append(item.operand)
        elif isinstance(item, And | Or):
            stack.extend(reversed(item.items))
    return tuple(found)


def read_numbers(
    records: Any, frame: Any, schema: dict[str, Any], trees: Iterable[Filter | None]
) -> tuple[Any, dict[str, Any], dict[str, str]]:
    """The records with every text column the filters compare with numbers read as numbers.

    Returns the narwhals frame, its schema and, for each column read so, the column
    that keeps its text; unchanged (and no columns) when there is none, or the engine
    is one this is not done on (the filter check then says the column holds text).
    """
    wanted = dict.fromkeys(c for tree in trees if tree is not None for c in number_columns(tree))
    chosen = [c for c in wanted if c in schema and kind_of(schema[c]) == "text"]
    if not chosen:
        return frame, schema, {}
    texts = {column: f"{TEXT}{i}" for i, column in enumerate(chosen)}
    native = to_numbers(records, texts)
    if native is None:
        return frame, schema, {}
    read = wrap(native, "records")
    return read, dict(read.collect_schema()), texts


def to_numbers(native: Any, columns: dict[str, str]) -> Any:
    """``native`` with each text column of ``columns`` read as numbers, non-strictly.

    A value that is not a number becomes missing; the text given is kept in the column
    ``columns[name]`` (so that the records whose text was not a number can be told from
    those that had none). Returns ``None`` for an engine this is not done on.

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.records._numbers import to_numbers
    >>> to_numbers(pd.DataFrame({"w": ["2400", "unknown", None]}), {"w": "w_text"})
            w   w_text
    0  2400.0     2400
    1     NaN  unknown
    2     NaN      NaN
    """
    engine = engine_of(native)
    if engine == "pandas":
        pd = require("pandas")
        return native.assign(
            **{alias: native[name] for name, alias in columns.items()},
            **{name: pd.to_numeric(_stripped(native[name]), errors="coerce") for name in columns},
        )
    if engine == "dask":
        dd = require("dask.dataframe")
        return native.assign(
            **{alias: native[name] for name, alias in columns.items()},
            **{name: dd.to_numeric(native[name], errors="coerce") for name in columns},
        )
    if engine == "polars":
        pl = require("polars")
        kept = [pl.col(name).alias(alias) for name, alias in columns.items()]
        text = [pl.col(name).cast(pl.String).str.strip_chars() for name in columns]
        cast = [
            t.cast(pl.Float64, strict=False).alias(n) for t, n in zip(text, columns, strict=True)
        ]
        return native.with_columns(*kept, *cast)
    if engine == "duckdb":
        replaced = ", ".join(
            f"TRY_CAST(trim(CAST({_quoted(n)} AS VARCHAR)) AS DOUBLE) AS {_quoted(n)}"
            for n in columns
        )
        texts = ", ".join(f"{_quoted(n)} AS {_quoted(a)}" for n, a in columns.items())
        return native.project(f"* REPLACE ({replaced}), {texts}")
    if engine == "pyarrow":
        return _arrow_numbers(native, columns)
    if engine == "spark":
        functions = require("pyspark.sql.functions", extra="spark")
        for name, alias in columns.items():
            native = native.withColumn(alias, functions.col(name))
            sql = f"try_cast(trim(CAST({_ticked(name)} AS STRING)) AS DOUBLE)"
            native = native.withColumn(name, functions.expr(sql))
        return native
    return None


def _arrow_numbers(table: Any, columns: dict[str, str]) -> Any:
    """A pyarrow Table's columns read as numbers (pyarrow's own cast is strict: via pandas).

    A dictionary-encoded column is decoded first: its values may be numbers already.
    """
    pa = require("pyarrow")
    pd = require("pandas")
    for name, alias in columns.items():
        given = table[name]
        if pa.types.is_dictionary(given.type):
            given = given.cast(given.type.value_type)
        if pa.types.is_integer(given.type) or pa.types.is_floating(given.type):
            numbers = given.cast(pa.float64())
        else:
            text = given.to_pandas()
            read = pd.to_numeric(_stripped(text), errors="coerce").astype("float64")
            numbers = pa.array(read.to_numpy(), type=pa.float64(), from_pandas=True)
        table = table.append_column(alias, table[name])
        table = table.set_column(table.schema.get_field_index(name), name, numbers)
    return table


def _stripped(series: Any) -> Any:
    """A pandas column as text without surrounding spaces (missing values kept)."""
    return series.astype("object").where(series.isna(), series.astype("str").str.strip())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ticked(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
