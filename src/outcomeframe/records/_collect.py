"""Reading the records on their engine: the schema, small results, what they say of themselves.

An engine that cannot read the records (a corrupt file it opened lazily) fails here, in
:func:`schema_of` or :func:`collect`: that is a :class:`~outcomeframe.FileFormatError`
with the engine's first line, never the engine's own exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from outcomeframe._engines import engine_error, read_error
from outcomeframe.records._filter import narwhals

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["collect", "labelled", "numbers_found", "schema_of", "synthetic"]

#: What a failure of the engine to read the records says first.
_UNREADABLE = "the records could not be read"


def collect(query: Any) -> pd.DataFrame:
    """The (small) result of ``query`` in pandas; an engine's failure a FileFormatError."""
    nw = narwhals()
    try:
        if isinstance(query, nw.LazyFrame):
            query = query.collect()
        frame: pd.DataFrame = query.to_pandas()
    except Exception as error:
        if not engine_error(error):
            raise
        raise read_error(error, _UNREADABLE) from None
    return frame


def schema_of(frame: Any) -> dict[str, Any]:
    try:
        return dict(frame.collect_schema())
    except Exception as error:
        if not engine_error(error):
            raise
        raise read_error(error, _UNREADABLE) from None


def numbers_found(column: str, text: str) -> Any:
    """Expression: 0 when ``column`` has text but not one number, else 1."""
    nw = narwhals()
    numbers = (~nw.col(column).is_null()).cast(nw.Int64).sum()
    return ((numbers > 0) | nw.col(text).is_null().all()).cast(nw.Int64).alias(text)


def synthetic(records: Any, schema: dict[str, Any]) -> Any:
    """Expression: the records are the generator's (a ``synthetic`` column all true)."""
    nw = narwhals()
    if getattr(records, "attrs", None) and records.attrs.get("synthetic") is True:
        return nw.lit(True)
    if schema.get("synthetic") != nw.Boolean:
        return nw.lit(False)
    # min and count rather than all(): half the work on DuckDB, and no null to fill first
    flag = nw.col("synthetic")
    return (flag.min() == nw.lit(True)) & (flag.count() == nw.len()) & (nw.len() > 0)


def labelled(source: str | None, synthetic: bool) -> str | None:
    """The observations' source, saying so when the records are synthetic.

    Examples
    --------
    >>> from outcomeframe.records._collect import labelled
    >>> labelled("births.parquet", True), labelled(None, True), labelled("x", False)
    ('synthetic: births.parquet', 'synthetic records', 'x')
    """
    if not synthetic or (source is not None and source.startswith("synthetic")):
        return source
    return "synthetic records" if source is None else f"synthetic: {source}"
