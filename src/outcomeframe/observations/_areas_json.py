"""Reading FingertipsNext ``areas.json``: codes, names, types, levels and parent links."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import FileFormatError
from outcomeframe.observations._area_links import grouped_tuples
from outcomeframe.observations._areas import AreaTable
from outcomeframe.observations._areas_rows import _check_unique, _finish, _whole

__all__: list[str] = []


def _from_json(text: str, where: str) -> AreaTable:
    """FingertipsNext ``areas.json``: a list of area objects with their parents and children."""
    items = _json_items(text, where)
    problems: list[str] = []
    frame, out, labels = _json_fields(items, problems)
    if problems:
        return _finish(out, where, problems)
    out["parents"] = _json_parents(frame, out, labels, problems)
    out = out[["code", "name", "type", "parents", "level"]]
    return _finish(out, where, problems)


def _json_items(text: str, where: str) -> list[Any]:
    """The parsed list of items; a file that is not a JSON list is a FileFormatError."""
    try:
        items = json.loads(text)
    except RecursionError:
        raise FileFormatError(
            "the JSON is nested too deeply to be a list of areas", path=where
        ) from None
    except json.JSONDecodeError as err:
        raise FileFormatError(
            f"not well-formed JSON: {err.msg} (column {err.colno})", path=where, line=err.lineno
        ) from None
    except ValueError as err:  # an integer of more than 4,300 digits
        raise FileFormatError(f"not a list of areas: {err}", path=where) from None
    if not isinstance(items, list):
        raise FileFormatError(
            f"expected a list of areas (FingertipsNext areas.json), found a JSON {type(items).__name__}",
            path=where,
        )
    return items


def _json_fields(
    items: list[Any], problems: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The items as a frame; the code, name, type and level of each, checked; their labels."""
    is_object = np.fromiter((isinstance(item, dict) for item in items), bool, len(items))
    frame = pd.DataFrame.from_records(
        [item if ok else {} for item, ok in zip(items, is_object, strict=True)],
        columns=["areaCode", "areaName", "areaType", "parentAreas", "childAreas", "level"],
    )
    raw_code = pd.Series(frame["areaCode"].to_numpy(dtype=object), dtype=object)
    code_ok = (raw_code.map(type) == str).to_numpy()
    code = raw_code.where(code_ok).str.strip()
    code = code.where(code != "")
    labels = [
        f"item {i + 1}" + (f" ({c})" if isinstance(c, str) else "")
        for i, c in enumerate(code.to_numpy(dtype=object))
    ]
    for i in np.flatnonzero(~is_object):
        problems.append(f"{labels[i]}: {items[i]!r:.60} is not an object")
    for i in np.flatnonzero(is_object & code.isna().to_numpy()):
        problems.append(f"{labels[i]}: areaCode {raw_code.iloc[i]!r} is not a non-blank text")
    out = pd.DataFrame({"code": code.to_numpy(dtype=object)})
    for field, column in (("areaName", "name"), ("areaType", "type")):
        values = pd.Series(frame[field].to_numpy(dtype=object), dtype=object)
        bad = (values.notna() & (values.map(type) != str)).to_numpy()
        for i in np.flatnonzero(bad):
            problems.append(f"{labels[i]}: {field} is {values.iloc[i]!r}, not a text")
        out[column] = values.where(~bad).str.strip().to_numpy(dtype=object)
    out["level"] = _whole(frame["level"], labels, "level", problems)
    _check_unique(out["code"], labels, problems)
    return frame, out, labels


def _json_parents(
    frame: pd.DataFrame, out: pd.DataFrame, labels: list[str], problems: list[str]
) -> npt.NDArray[np.object_]:
    """Each area's parents: its parentAreas, then the areas listing it among childAreas."""
    up_item, up_code = _links(frame["parentAreas"], "parentAreas", labels, problems)
    down_item, down_code = _links(frame["childAreas"], "childAreas", labels, problems)
    codes = out["code"].to_numpy(dtype=object)
    child = np.asarray(pd.Index(codes).get_indexer(down_code), dtype=np.intp)
    listed = child >= 0  # children not in the file have nowhere to attach
    edges = pd.DataFrame(
        {
            "child": np.concatenate([up_item, child[listed]]),
            "parent": np.concatenate([up_code, codes[down_item[listed]]]),
            "rank": np.repeat([0, 1], [len(up_item), int(listed.sum())]),
        }
    )
    edges["seq"] = np.arange(len(edges))
    self_link = (codes[edges["child"].to_numpy()] == edges["parent"].to_numpy()).astype(bool)
    for i in edges.loc[self_link, "child"].unique():
        problems.append(f"{labels[i]}: parentAreas or childAreas list the area itself")
    edges = edges[~self_link].sort_values(["child", "rank", "seq"], kind="stable")
    edges = edges.drop_duplicates(["child", "parent"])
    return grouped_tuples(
        edges["child"].to_numpy(), edges["parent"].to_numpy(dtype=object), len(out)
    )


def _links(
    values: pd.Series[Any], field: str, labels: list[str], problems: list[str]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """The (item position, linked code) pairs of a parentAreas or childAreas column, in order."""
    raw = pd.Series(values.to_numpy(dtype=object), dtype=object)
    is_list = (raw.map(type) == list).to_numpy()
    for i in np.flatnonzero(~is_list & raw.notna().to_numpy()):
        problems.append(f"{labels[i]}: {field} is {raw.iloc[i]!r:.60}, not a list")
    lists = raw[is_list]
    lists = lists[lists.str.len().to_numpy() > 0]
    entries = lists.explode()
    linked = entries.map(lambda e: e.get("areaCode") if isinstance(e, dict) else e)
    ok = (linked.map(type) == str).to_numpy().copy()
    linked = linked.where(ok, "").str.strip()
    ok &= (linked != "").to_numpy()
    for i, entry in zip(entries.index[~ok], entries[~ok], strict=True):
        problems.append(f"{labels[i]}: {field} entry {entry!r:.60} has no areaCode text")
    return (
        np.asarray(entries.index[ok], dtype=np.intp),
        np.asarray(linked[ok].to_numpy(dtype=object), dtype=object),
    )
