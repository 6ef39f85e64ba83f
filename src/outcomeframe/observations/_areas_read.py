"""Reading areas tables: FingertipsNext ``areas.json``, tidy CSVs, DataFrames; the shipped table."""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
from collections.abc import Callable, Hashable
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import DataError, FileFormatError, _listed_columns, _shown
from outcomeframe._text import decode, read_text
from outcomeframe.observations._area_links import empty_tuples, objects
from outcomeframe.observations._areas import AreaTable
from outcomeframe.observations._areas_json import _from_json
from outcomeframe.observations._areas_rows import _check_unique, _finish, _whole
from outcomeframe.observations._columns import EXTRA_FIELDS
from outcomeframe.observations._csv import csv_cells

__all__ = ["england_areas", "read_areas"]

#: The area types of the shipped English table (FingertipsNext's words).
ENGLAND_TYPES: tuple[str, ...] = (
    "England",
    "Regions",
    "Counties and Unitary Authorities",
    "Districts and Unitary Authorities",
    "Combined Authorities",
)

#: Header spellings accepted for each column of a tidy areas CSV (compared lower-case,
#: ignoring spaces, underscores and hyphens).
_HEADERS = {
    "code": "code",
    "areacode": "code",
    "name": "name",
    "areaname": "name",
    "type": "type",
    "areatype": "type",
    "parents": "parents",
    "parent": "parents",
    "parentcode": "parents",
    "parentcodes": "parents",
    "parentareacode": "parents",
    "parentareacodes": "parents",
    "parentareas": "parents",
    "level": "level",
}

Source = str | os.PathLike[str] | IO[str] | IO[bytes] | pd.DataFrame


def read_areas(source: Source) -> AreaTable:
    r"""Read an areas table from FingertipsNext ``areas.json``, a tidy CSV or a DataFrame.

    Parameters
    ----------
    source : path, text or binary buffer, or pandas.DataFrame
        - JSON (the content starts with ``[`` or ``{``, or the file name ends
          in ``.json``): FingertipsNext's list of areas,
          each an object with ``areaCode``, ``areaName``, ``areaType``,
          ``parentAreas`` and ``childAreas`` (lists of ``{"areaCode": ...}``) and
          ``level``; other fields (addresses, ``hierarchyType``) are ignored.
          An area's parents are those it lists, then the areas that list it
          among their children (in file order): in ``areas.json`` England and
          the combined authorities give their links only as children.
        - CSV, or a DataFrame: columns ``code`` and ``name``, optionally
          ``type``, ``parents`` (codes separated by ``;``) and ``level``. The
          headers ``Area Code``/``AreaCode``/``area_code``, ``Area Name``,
          ``Area Type`` and ``Parent Code`` are accepted too; other columns are
          ignored. A CSV is read as :func:`read_fingertips` reads one: commas,
          or semicolons or tabs throughout, Excel's ``sep=`` first line, R's
          ``NA`` cells (missing) and row names (dropped); blank lines skipped.

        A file compressed with gzip, bzip2 or xz, or a zip archive holding one
        file, is read as the file inside it.

    Returns
    -------
    AreaTable

    Raises
    ------
    FileFormatError
        The file cannot be opened, is empty, binary, not well-formed JSON or
        CSV (with its line), nested too deeply, or not a list of areas.
    DataError
        Lists every problem, each naming the file and the line (CSV), row
        (DataFrame) or 1-based item (JSON) and the field: a missing or blank
        code, a name, type or parents entry of the wrong kind, a level that is
        not a whole number, an area that is its own parent, a code used twice,
        a CSV line with more fields than the header.

    Examples
    --------
    >>> import io
    >>> from outcomeframe import read_areas
    >>> csv = io.StringIO(
    ...     "Area Code,Area Name,Area Type,Parent Code\n"
    ...     "E92000001,England,England,\n"
    ...     "E12000002,North West,Regions,E92000001\n"
    ... )
    >>> areas = read_areas(csv)
    >>> areas.data
            code        name     type       parents  level
    0  E92000001     England  England            ()   <NA>
    1  E12000002  North West  Regions  (E92000001,)   <NA>
    >>> read_areas(io.StringIO('[{"areaCode": "E92000001", "areaName": 7}]'))
    Traceback (most recent call last):
    ...
    outcomeframe.DataError: <buffer>: 1 problem(s) in the areas
      - item 1 (E92000001): areaName is 7, not a text
    """
    if isinstance(source, pd.DataFrame):
        return _from_table(source, "the DataFrame", lambda label: f"row {label}")
    text, where = _read_text(source)
    return _from_text(text, where)


@functools.cache
def england_areas() -> AreaTable:
    """The areas of England shipped with the package: England, regions, councils.

    England (E92), its 9 regions (E12), the 153 counties and unitary
    authorities (E10, E06, E08, E09), the 164 districts (E07) and the 10
    combined authorities (E47), with their names, types and parents, taken
    unchanged from FingertipsNext's ``areas.json`` (see ``PROVENANCE.md`` beside
    the file). Read on first use, then cached: do not modify the returned
    table's ``data``.

    Examples
    --------
    >>> from outcomeframe import england_areas
    >>> areas = england_areas()
    >>> len(areas), areas.names(["E10000017"]).tolist()
    (337, ['Lancashire'])
    >>> areas.parent(["E08000009"]).tolist()
    ['E12000002']
    """
    package = importlib.resources.files("outcomeframe.observations")
    resource = package.joinpath("areas").joinpath("england.csv")
    return _from_text(decode(resource.read_bytes(), "england.csv"), "england.csv")


def _build_england(source: Source) -> AreaTable:
    """The shipped table from FingertipsNext ``areas.json``: the areas of :data:`ENGLAND_TYPES`."""
    return read_areas(source).of_type(ENGLAND_TYPES)


# -- text in --------------------------------------------------------------------------------


def _read_text(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, str]:
    text, name = read_text(source)
    return text, name if name is not None else "<buffer>"


def _from_text(text: str, where: str) -> AreaTable:
    start = text.lstrip("\ufeff \t\r\n")
    if not start:
        raise FileFormatError("the file is empty", path=where)
    if start[0] in "[{" or where.lower().endswith(".json"):
        return _from_json(text, where)
    frame = csv_cells(text, where)  # the line numbers are the index; R's NA is missing
    problems: list[str] = []
    if EXTRA_FIELDS in frame.columns:  # a line longer than the header
        for line, extra in frame[EXTRA_FIELDS].dropna().items():
            problems.append(f"line {line}: more fields than the header (extra: {_shown(extra)})")
        frame = frame.drop(columns=EXTRA_FIELDS)
    return _from_table(frame, where, lambda label: f"line {label}", problems)


# -- tables (CSV or DataFrame) ----------------------------------------------------------------


def _from_table(
    frame: pd.DataFrame,
    where: str,
    label: Callable[[Hashable], str],
    problems: list[str] | None = None,
) -> AreaTable:
    columns: dict[str, Any] = {}
    for column in frame.columns:
        key = _HEADERS.get(re.sub(r"[\s_\-]", "", str(column)).lower())
        if key is None:
            continue
        if key in columns:
            raise DataError(f"{where}: two columns for {key!r}: {columns[key]!r} and {column!r}")
        columns[key] = column
    for required in ("code", "name"):
        if required not in columns:
            spellings = ", ".join(repr(k) for k, v in _HEADERS.items() if v == required)
            found = _listed_columns(frame.columns)
            raise DataError(
                f"{where}: no {required!r} column (spelled {spellings}); the columns are {found}"
            )
    labels = [label(i) for i in frame.index]
    problems = [] if problems is None else problems
    code = _text(frame[columns["code"]])
    for i in np.flatnonzero(code.isna().to_numpy()):
        problems.append(f"{labels[i]}: {columns['code']} is blank")
    out = pd.DataFrame({"code": code.to_numpy(dtype=object)})
    out["name"] = _text(frame[columns["name"]]).to_numpy(dtype=object)
    out["type"] = (
        _text(frame[columns["type"]]).to_numpy(dtype=object) if "type" in columns else np.nan
    )
    if "parents" in columns:
        out["parents"] = _split_parents(frame[columns["parents"]], labels, columns, problems)
    if "level" in columns:
        out["level"] = _whole(frame[columns["level"]], labels, columns["level"], problems)
    _check_links(out, labels, problems, "parents")
    _check_unique(out["code"], labels, problems)
    return _finish(out, where, problems)


def _text(values: pd.Series[Any]) -> pd.Series[Any]:
    text = pd.Series(values.to_numpy(dtype=object), dtype=object)
    present = text.notna()
    text[present] = text[present].astype("str").str.strip()
    return text.where(text != "")


def _split_parents(
    values: pd.Series[Any], labels: list[str], columns: dict[str, Any], problems: list[str]
) -> npt.NDArray[np.object_]:
    raw = pd.Series(values.to_numpy(dtype=object), dtype=object)
    out = empty_tuples(len(raw))
    kinds = raw.map(type)
    text = (kinds == str).to_numpy()
    if text.any():
        parts = raw[text].str.split(";")
        out[text] = objects(
            (tuple(p for p in (s.strip() for s in ps) if p) for ps in parts), len(parts)
        )
    listed = kinds.isin([list, tuple]).to_numpy()
    if listed.any():
        out[listed] = objects(
            (tuple(str(p).strip() for p in v) for v in raw[listed]), int(listed.sum())
        )
    bad = ~text & ~listed & raw.notna().to_numpy()
    for i in np.flatnonzero(bad):
        problems.append(f"{labels[i]}: {columns['parents']} {raw.iloc[i]!r} is not a list of codes")
    return out


def _check_links(out: pd.DataFrame, labels: list[str], problems: list[str], field: str) -> None:
    if "parents" not in out.columns:
        return
    pairs = zip(out["code"], out["parents"], strict=True)
    own = np.fromiter((code in parents for code, parents in pairs), bool, len(out))
    for i in np.flatnonzero(own):
        problems.append(f"{labels[i]}: {field} lists the area itself ({out['code'].iloc[i]})")
