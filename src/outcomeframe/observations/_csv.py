"""Reading a CSV file as text cells, with the file's line numbers and clear errors."""

from __future__ import annotations

import contextlib
import io
import os
import re
import warnings
from collections.abc import Sequence
from typing import IO, Any

import numpy as np
import pandas as pd

from outcomeframe._errors import FileFormatError, OutcomeFrameWarning, _user_level
from outcomeframe._text import read_text
from outcomeframe.observations._columns import EXTRA_FIELDS
from outcomeframe.observations._csv_rows import extra_fields, first_row_longer

__all__ = ["csv_cells", "read_csv_text"]


def read_csv_text(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    missing: Sequence[str] = ("", "NA"),
) -> tuple[pd.DataFrame, str | None]:
    """Read a CSV with every cell as text, index = file line number; clear errors.

    Returns the frame and the file's name (``None`` for an unnamed buffer). The cells
    in ``missing`` are read as missing: a blank one, and "NA", as R's write.csv writes
    a missing value (other words, "n/a", "null", "-", stay text). A reader that tells
    "NA" apart (a source's "no value published") passes ``missing=("",)``.
    """
    text, name = read_text(path_or_buffer)
    return csv_cells(text, name if name is not None else "<buffer>", missing=missing), name


def csv_cells(text: str, where: str, *, missing: Sequence[str] = ("", "NA")) -> pd.DataFrame:
    """The cells of CSV ``text`` as :func:`read_csv_text` reads them; ``where`` names it."""
    if not text.strip():
        raise FileFormatError("the file is empty (no header, no rows)", path=where)
    text, skipped = _blank_start(text.lstrip("\ufeff"), 0)
    if m := _SEP_LINE.match(text):  # Excel's "sep=;" before the header
        text, skipped = _blank_start(text[m.end() :], skipped + 1)
    sep = m[1] if m else _delimiter(text)
    frame: pd.DataFrame | None = None  # None: a line is longer than the header
    if not first_row_longer(text, sep, where):  # else pandas reads its first fields as an index
        with contextlib.suppress(_LongLine):  # a later line is longer than the header
            frame = _cells(text, sep, where, na_values=list(missing))
        if frame is not None and not isinstance(frame.index, pd.RangeIndex):
            frame = None  # the first line longer after all, as pandas reads its quotes
    names = _header(frame, text, sep)
    long_lines = extra_fields(text, sep, len(names), where) if frame is None else None
    if frame is None:
        frame = _cells(
            text, sep, where, index_col=False, usecols=range(len(names)), na_values=list(missing)
        )
    frame.columns = pd.RangeIndex(len(names))
    frame.index = pd.Index(_line_numbers(frame, text, names, skipped), name="line")
    positions, records = frame.attrs.pop("positions", None), frame.attrs.pop("records", None)
    if long_lines is not None:
        rows = len(frame) if records is None else records
        if len(long_lines) != rows:  # pandas and csv read the quotes differently
            raise FileFormatError(
                f"not a well-formed CSV: its {rows:,} rows read as {len(long_lines):,} "
                "records where lines are longer than the header (check its quotes)",
                path=where,
            )
        if positions is not None:  # the rows kept of a file read by chunks
            long_lines = [long_lines[i] for i in positions]
        frame[len(names)] = pd.Series(long_lines, index=frame.index, dtype="str")
        names = [*names, EXTRA_FIELDS]
    frame, names = _without_empty(frame, names)
    frame, names = _without_row_names(frame, names)
    _check_headers(names, where)
    frame.columns = names
    return _without_headers_again(frame, where)


def _without_row_names(frame: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Without the first column when it is R's row names: no name, and 1, 2, 3 ... down it."""
    if not names or names[0] != "" or not len(frame):
        return frame, names
    count = np.arange(1, len(frame) + 1).astype("str")
    if not (frame.iloc[:, 0].to_numpy(dtype=object) == count).all():
        return frame, names
    return frame.iloc[:, 1:], names[1:]


#: Excel's first line naming the separator ("sep=;"), before the header.
_SEP_LINE = re.compile(r"sep=(.)\r?\n")
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)+")


def _blank_start(text: str, skipped: int) -> tuple[str, int]:
    """The text from its first line that is not blank, and how many lines were skipped."""
    if m := _BLANK_LINES.match(text):
        return text[m.end() :], skipped + m.group().count("\n")
    return text, skipped


def _line_numbers(frame: pd.DataFrame, text: str, names: Sequence[str], skipped: int) -> Any:
    """The file line on which each row starts.

    One line a row, unless a quoted cell holds a line break: then the breaks of the
    header and of each row move the rows after them down.
    """
    n = len(frame)
    first = 2 + skipped
    positions = frame.attrs.get("positions", np.arange(n))  # blank rows dropped by _read
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines == frame.attrs.get("records", n) + 1 or "\n" not in text:
        return first + positions
    breaks = np.zeros(n, dtype=np.int64)
    for column in frame.columns:
        cells = frame[column].astype("str")
        breaks += cells.str.count("\n").fillna(0).to_numpy(dtype=np.int64)
    first += sum(name.count("\n") for name in names)
    before = np.concatenate([[0], np.cumsum(breaks)[:-1]]) if n else breaks
    return first + positions + before


def _without_empty(frame: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The frame without the lines and columns that hold nothing.

    A line without a cell is a blank line, or only separators (as spreadsheets save an
    empty row); a column with neither a name nor a cell is a spreadsheet's blank column
    (",,," at the end of each line).
    """
    blank = frame.isna()
    rows = ~blank.all(axis=1).to_numpy()
    keep = [i for i, n in enumerate(names) if n != "" or not blank.iloc[:, i].all()]
    if rows.all() and len(keep) == len(names):
        return frame, names
    return frame.loc[rows].iloc[:, keep], [names[i] for i in keep]


def _without_headers_again(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    """Lines that repeat the header (two files joined) are read as headers, with a warning."""
    if not len(frame) or len(frame.columns) < 2:
        return frame
    first = str(frame.columns[0])
    maybe = (frame.iloc[:, 0] == first).to_numpy()
    if not maybe.any():
        return frame
    cells = frame.loc[maybe]
    again = (cells == pd.Series(frame.columns, index=frame.columns)).all(axis=1)
    if not again.any():
        return frame
    at = ", ".join(str(i) for i in again.index[again.to_numpy()][:5])
    warnings.warn(
        f"{where}: line {at} repeats the header (files joined together?): read as a header, "
        "not as a row of data",
        OutcomeFrameWarning,
        stacklevel=_user_level(),
    )
    return frame.drop(index=again.index[again.to_numpy()])


def _header(frame: pd.DataFrame | None, text: str, sep: str) -> list[str]:
    """The header's names as written, trimmed ("" for a blank one).

    They are the frame's columns unless pandas renamed some (a repeated name gets
    ".1", a blank one "Unnamed: 3"), a name reads as missing ("NA": blank, as the header
    line read alone gives it) or the header is shorter than the lines: then the header
    line is read again on its own.
    """
    if frame is not None:
        columns = [str(c) for c in frame.columns]
        plain = not any(_RENAMED.search(c) or c in _MISSING_WORDS for c in columns)
        if isinstance(frame.index, pd.RangeIndex) and plain:
            return [c.strip() for c in columns]
    header = pd.read_csv(io.StringIO(text), sep=sep, header=None, nrows=1, dtype="str").iloc[0]
    return [str(c).strip() if isinstance(c, str) else "" for c in header]


_RENAMED = re.compile(r"\.\d+$|^Unnamed: \d+")

#: The words pandas reads as missing by default (a few more do no harm: the header is read again).
_MISSING_WORDS = frozenset(
    {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN"}
    | {"<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null", "NAN", "Nan"}
)


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


def _line_from(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


class _LongLine(Exception):
    """A line has more fields than the header (pandas stops at the first such line)."""


#: pandas' message for a line longer than the header (after the first data line).
_MORE_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw \d+")


def _cells(text: str, sep: str, where: str, **options: Any) -> pd.DataFrame:
    """Every cell as text (blank = missing), or a FileFormatError naming the line."""
    options.setdefault("na_values", [""])
    try:
        frame = _read(
            text,
            sep=sep,
            dtype="str",
            keep_default_na=False,
            skipinitialspace=False,
            skip_blank_lines=False,  # a blank line is a line: the line numbers stay right
            **options,
        )
    except pd.errors.ParserError as err:
        if not options.keys() - {"na_values"} and _MORE_FIELDS.search(str(err)):
            raise _LongLine from None  # read again, as wide as its longest line
        line = _line_from(str(err))
        raise FileFormatError(f"not a well-formed CSV: {err}", path=where, line=line) from None
    except (pd.errors.EmptyDataError, UnicodeError, ValueError) as err:
        raise FileFormatError(f"not a readable CSV: {err}", path=where) from None
    return frame


#: A file with more blank lines than this is read a chunk at a time, each chunk without
#: its blank rows: pandas holds each blank line as a row of missing cells (16 MB of
#: blank lines took 1.6 GB at once, 0.38 GB by chunks).
_MANY_BLANK_LINES = 100_000
#: The cells of one such chunk.
_CHUNK_CELLS = 4_000_000


def _read(text: str, sep: str, **options: Any) -> pd.DataFrame:
    """``pandas.read_csv`` of ``text``; by chunks without blank rows if it has many.

    A frame read by chunks has ``attrs["positions"]``, the record number of each row it
    kept, and ``attrs["records"]``, the records read (its index is a RangeIndex).
    """
    if text.count("\n\n") + text.count("\n\r\n") <= _MANY_BLANK_LINES:
        whole: pd.DataFrame = pd.read_csv(io.StringIO(text), sep=sep, **options)
        return whole
    width = text.count(sep, 0, max(text.find("\n"), 0)) + 1  # the header's fields
    size = max(1_000, _CHUNK_CELLS // width)
    parts, records = [], 0
    with pd.read_csv(io.StringIO(text), sep=sep, chunksize=size, **options) as chunks:
        for chunk in chunks:
            if not isinstance(chunk.index, pd.RangeIndex):  # the first fields read as an index
                return chunk
            records += len(chunk)
            parts.append(chunk.loc[chunk.notna().any(axis=1).to_numpy()])
    frame = pd.concat(parts)
    positions = frame.index.to_numpy()
    frame = frame.reset_index(drop=True)
    frame.attrs.update(positions=positions, records=records)
    return frame
