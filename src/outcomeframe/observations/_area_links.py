"""The parts of an areas table that need no table: checks, parent links, code forms."""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import (
    ArgumentError,
    DataError,
    OutcomeFrameWarning,
    _listed,
    _listed_columns,
    _shown,
    _user_level,
)
from outcomeframe.observations._cells import exact_whole, real_numbers

_COUNTIES = "Counties and Unitary Authorities"
#: Area type by the first three characters of a nine-character ONS code (E + 8 digits).
_ONS_PREFIX_TYPES = {
    "E92": "England",
    "E12": "Regions",
    "E10": _COUNTIES,
    "E06": _COUNTIES,
    "E08": _COUNTIES,
    "E09": _COUNTIES,
    "E07": "Districts and Unitary Authorities",
    "E54": "NHS Integrated Care Boards",
    "E38": "NHS Sub Integrated Care Boards",
    "E40": "NHS Regions",
    "E47": "Combined Authorities",
}
_ONS_CODE = re.compile(r"E\d{8}")
_PCN_CODE = re.compile(r"U\d{5}")
_GP_CODE = re.compile(r"[A-Z][A-Z0-9]{5}")


#: What a lookup accepts: one code, a sequence or array of codes, or a Series (categorical too).
Codes: TypeAlias = "str | Sequence[Any] | npt.ArrayLike | pd.Series[Any] | pd.Index"


#: The most problems of one kind an AreaTable lists (the rest are counted).
_MOST = 50


def _as_series(codes: Codes) -> pd.Series[Any]:
    """Codes as a Series (a Series as given)."""
    if isinstance(codes, pd.Series):
        return codes
    if isinstance(codes, str):
        return pd.Series([codes], dtype=object)
    if isinstance(codes, Mapping | set | frozenset) or not isinstance(codes, Iterable):
        raise ArgumentError(
            f"codes: expected an area code or a list of them, got {type(codes).__name__}"
        )
    return pd.Series(np.asarray(codes, dtype=object).ravel(), dtype=object)


# -- small array helpers ----------------------------------------------------------------------


def empty_tuples(n: int) -> npt.NDArray[np.object_]:
    out = np.empty(n, dtype=object)
    out.fill(())
    return out


def objects(values: Iterable[Any], n: int) -> npt.NDArray[np.object_]:
    """A 1-D object array of ``n`` values (tuples stay elements, never a 2-D array)."""
    return np.fromiter(values, dtype=object, count=n)


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """The table in its standard form; a :class:`DataError` if it cannot be one."""
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(
            f"AreaTable: data must be a pandas DataFrame, not {type(frame).__name__}"
        )
    if "code" not in frame.columns:
        raise DataError(
            f"AreaTable: no 'code' column (columns: {_listed_columns(frame.columns, quote=False)})"
        )
    n = len(frame)
    code = pd.Series(frame["code"].to_numpy(dtype=object), dtype=object)
    problems = []
    text = is_text(code)
    stripped = code.where(text, "").str.strip()
    blank = np.flatnonzero(~text | (stripped == "").to_numpy())
    for i in blank[:_MOST]:
        problems.append(f"row {i}: the code {_shown(code.iloc[i])} is not a non-blank text")
    if len(blank) > _MOST:
        problems.append(f"... and {len(blank) - _MOST:,} more rows whose code is not a text")
    repeated = stripped.duplicated(keep=False).to_numpy() & text
    at = pd.Series(np.flatnonzero(repeated)).groupby(stripped[repeated].to_numpy(), sort=False)
    for value, rows in itertools.islice(at, _MOST):  # one pass, however many codes repeat
        problems.append(
            f"rows {_listed(rows)}: the code {_shown(value)} is used {len(rows):,} times"
        )
    if at.ngroups > _MOST:
        problems.append(f"... and {at.ngroups - _MOST:,} more codes used more than once")
    if problems:
        raise DataError(f"AreaTable: {len(problems)} problem(s) with the codes", problems=problems)
    out = pd.DataFrame({"code": stripped.astype("str")})
    for column in ("name", "type"):
        values = frame[column] if column in frame.columns else pd.Series(np.nan, index=frame.index)
        out[column] = pd.Series(values.to_numpy(dtype=object)).astype("str")
    out["parents"] = parent_tuples(frame["parents"] if "parents" in frame.columns else None, n)
    level = frame["level"] if "level" in frame.columns else pd.Series(pd.NA, index=frame.index)
    raw = pd.Series(level.to_numpy(dtype=object), dtype=object)
    number = real_numbers(raw)
    whole = exact_whole(number)
    bad = (raw.notna() & ~whole).to_numpy()
    if bad.any():
        where = np.flatnonzero(bad)
        listed = _listed([f"{i} ({_shown(raw.iloc[i])})" for i in where[:5]], 5, total=len(where))
        raise DataError(
            f"AreaTable: the level column is not whole numbers (up to 2**53): row {listed}"
        )
    out["level"] = number.where(whole).astype("Int64")
    return out


def parent_tuples(parents: pd.Series | None, n: int) -> npt.NDArray[np.object_]:
    out = empty_tuples(n)
    if parents is None:
        return out
    values = parents.to_numpy(dtype=object)
    kinds = pd.Series(values).map(type)
    for kind in pd.unique(kinds):
        where = np.flatnonzero((kinds == kind).to_numpy())
        if kind is tuple and all(isinstance(p, str) for t in values[where] for p in t):
            out[where] = values[where]
        elif kind in (tuple, list):
            listed = (tuple(str(p).strip() for p in v) for v in values[where])
            out[where] = objects(listed, len(where))
        elif kind is str:
            split = (tuple(p.strip() for p in v.split(";") if p.strip()) for v in values[where])
            out[where] = objects(split, len(where))
        elif not pd.isna(values[where]).all():
            raise DataError(f"AreaTable: parents must be tuples of codes, found {kind.__name__}")
    return out


def is_text(values: Any) -> npt.NDArray[np.bool_]:
    """Whether each value is a str (not a number, missing value or other object)."""
    return np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))


# -- the ancestors of every area, breadth first --------------------------------------------------


#: The most levels of parents walked (England's hierarchy has six, LSOA to England): a
#: deeper chain, or a long cycle, would cost time and memory with the square of its length.
MAX_GENERATIONS = 32


def ancestor_pairs(parents: npt.NDArray[Any], index: pd.Index) -> pd.DataFrame:
    """Every (area position, ancestor) pair, nearest first: columns ``q``, ``code``, ``pos``.

    ``parents`` holds each area's tuple of parent codes, ``index`` the codes.
    ``pos`` is the ancestor's position (-1 if it is not in the table, which ends
    that branch). The walk is breadth first over all areas at once, one numpy
    step per generation; an area already reached is not walked again, so a
    cycle in bad data ends the walk instead of looping.
    """
    n = len(parents)
    lengths = np.fromiter((len(p) for p in parents), dtype=np.intp, count=n)
    flat = np.array(list(itertools.chain.from_iterable(parents)), dtype=object)
    flat_pos = np.asarray(index.get_indexer(pd.Index(flat, dtype=object)), dtype=np.intp)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    q, node = np.arange(n), np.arange(n)
    seen = q * (n + 1) + node
    found: list[tuple[npt.NDArray[Any], ...]] = []
    for _generation in range(MAX_GENERATIONS):
        if not len(q):
            break
        counts = lengths[node]
        start = np.repeat(indptr[node], counts)
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        edge = start + offset
        q, code, pos = np.repeat(q, counts), flat[edge], flat_pos[edge]
        found.append((q, code, pos))
        keys = q * (n + 1) + pos
        expand = (pos >= 0) & ~np.isin(keys, seen)
        first = np.unique(keys[expand], return_index=True)[1]
        keep = np.flatnonzero(expand)[np.sort(first)]  # each (area, ancestor) walked once
        seen = np.concatenate([seen, keys[keep]])
        q, node = q[keep], pos[keep]
    else:
        if len(q):  # a chain of areas deeper than any real hierarchy, or a long cycle
            warnings.warn(
                f"the parents of {len(np.unique(q)):,} area(s) (e.g. {index[q[0]]}) go more "
                f"than {MAX_GENERATIONS} levels up: their ancestors above are not used",
                OutcomeFrameWarning,
                stacklevel=_user_level(),
            )
    if found:
        parts = [np.concatenate(part) for part in zip(*found, strict=True)]
    else:
        parts = [np.empty(0, dtype=np.intp), np.empty(0, dtype=object), np.empty(0, np.intp)]
    pairs = pd.DataFrame({"q": parts[0], "code": parts[1], "pos": parts[2]})
    pairs = pairs[pairs["pos"].to_numpy() != pairs["q"].to_numpy()]  # never its own ancestor
    order = np.argsort(pairs["q"].to_numpy(), kind="stable")
    result: pd.DataFrame = pairs.iloc[order].drop_duplicates(["q", "code"])
    return result.reset_index(drop=True)


def nearest_of_type(
    pairs: pd.DataFrame, types: npt.NDArray[np.object_], wanted: str
) -> npt.NDArray[np.object_]:
    """Per area position, the code of its nearest ancestor of type ``wanted``; one nan appended.

    ``types`` is the type by position with one missing value appended (read for
    ancestors not in the table, position -1).
    """
    kinds = types[pairs["pos"].to_numpy()]
    hit = pairs[kinds == wanted].drop_duplicates("q")
    out = np.full(len(types), np.nan, dtype=object)
    out[hit["q"].to_numpy()] = hit["code"].to_numpy()
    return out


def ancestor_tuples(pairs: pd.DataFrame, n: int) -> npt.NDArray[np.object_]:
    """Per area position, the tuple of its ancestors' codes, nearest first; one nan appended."""
    out = np.full(n + 1, np.nan, dtype=object)
    out[:n] = grouped_tuples(pairs["q"].to_numpy(), pairs["code"].to_numpy(), n)
    return out


def grouped_tuples(
    keys: npt.NDArray[np.intp], values: npt.NDArray[Any], n: int
) -> npt.NDArray[np.object_]:
    """For each position 0..n-1, the tuple of ``values`` whose key it is, in their order.

    ``keys`` must be sorted (equal keys together); positions without a value get ``()``.
    """
    out = empty_tuples(n)
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.append(starts[1:], len(keys)).tolist()
        items = values.tolist()
        groups = (tuple(items[a:b]) for a, b in zip(starts.tolist(), ends, strict=True))
        out[keys[starts]] = objects(groups, len(starts))
    return out


# -- the type a code's form implies ---------------------------------------------------------------


def types_by_form(codes: pd.Series) -> npt.NDArray[np.object_]:
    """The type each distinct code's form implies (missing if none)."""
    text = codes.where(is_text(codes), "").astype(object)
    ons = text.str.fullmatch(_ONS_CODE.pattern).fillna(False).to_numpy(dtype=bool)
    by_prefix = text.str[:3].map(_ONS_PREFIX_TYPES).to_numpy(dtype=object)
    pcn = text.str.fullmatch(_PCN_CODE.pattern).fillna(False).to_numpy(dtype=bool)
    gp = text.str.fullmatch(_GP_CODE.pattern).fillna(False).to_numpy(dtype=bool)
    out = np.full(len(codes), np.nan, dtype=object)
    out[gp] = "GPs"
    out[pcn] = "NHS Primary Care Networks"
    out[ons] = by_prefix[ons]
    return out
