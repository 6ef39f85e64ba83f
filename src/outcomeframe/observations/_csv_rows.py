"""A file's records read by Python's csv reader: for lines longer than their header.

pandas reads a CSV at C speed, but a line with more fields than the header makes it
either stop (a later line) or read the first columns as an index (the first data line:
one index level per extra field, 8 s for 32,000 trailing commas). So such a file is
first read here, once, as pandas reads the quotes: each record's fields beyond the
header, in the order pandas gives the rows (one record a row; a blank line is one too).
The cost is one pass in Python's C reader whatever the width, and only for such files.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import threading
from collections.abc import Iterator

from outcomeframe._errors import FileFormatError

__all__: list[str] = []

#: csv's limit on one field (128 KiB by default) is lifted while a file is read here:
#: pandas reads a field of any length. The limit is the interpreter's, so it is put back.
_LIMIT_LOCK = threading.Lock()
_NO_LIMIT = 2**31 - 1  # the largest a C long takes everywhere
#: The start of a file that :func:`first_row_longer` reads (not a copy of all of it).
_HEAD = 1 << 16


@contextlib.contextmanager
def _records(text: str, sep: str, where: str) -> Iterator[Iterator[list[str]]]:
    """The records of ``text``, with any csv error a :class:`FileFormatError`."""
    with _LIMIT_LOCK:
        before = csv.field_size_limit(_NO_LIMIT)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        try:
            yield reader
        except csv.Error as err:
            raise FileFormatError(
                f"not a well-formed CSV: {err}", path=where, line=reader.line_num
            ) from None
        finally:
            csv.field_size_limit(before)


def first_row_longer(text: str, sep: str, where: str) -> bool:
    r"""Whether the first data record has more fields than the header.

    Examples
    --------
    >>> from outcomeframe.observations._csv_rows import first_row_longer
    >>> first_row_longer("a,b\n1,2,,,\n", ",", "<buffer>")
    True
    """
    head = text[:_HEAD]  # a third record read whole there: the first two are complete
    with _records(head if len(head) < len(text) else text, sep, where) as records:
        found = list(itertools.islice(records, 3))
    if len(found) < 3 and len(head) < len(text):  # records longer than the head: read all
        with _records(text, sep, where) as records:
            found = list(itertools.islice(records, 2))
    return len(found) >= 2 and len(found[1]) > len(found[0])


def extra_fields(text: str, sep: str, width: int, where: str) -> list[str | None]:
    r"""For each row after the header, its fields beyond ``width`` (``None`` where none).

    The fields are joined by ``sep`` as they were written, without trailing empty ones;
    a row whose fields beyond ``width`` are all empty has none.

    Examples
    --------
    >>> from outcomeframe.observations._csv_rows import extra_fields
    >>> extra_fields('a,b\n1,2,,\n3,4,"x,y",,z,,\n', ",", 2, "<buffer>")
    [None, 'x,y,,z']
    """
    extra: list[str | None] = []
    with _records(text, sep, where) as records:
        next(records, None)  # the header
        for record in records:
            tail = record[width:]
            extra.append(sep.join(tail).rstrip(sep) if any(tail) else None)
    return extra
