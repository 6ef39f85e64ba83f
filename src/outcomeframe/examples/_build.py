"""Join the readers' pre-rows into one plan's observation table, and account for them.

Steps, for one plan:

1. Every reader's pre-rows (:mod:`._readers_ohid`, :mod:`._readers_dfe`,
   :mod:`._readers_laph`) are put together.
2. A row that states no sex or age is about the indicator's whole population: it gets
   the sex and age of the indicator's rows in its shipped Fingertips file (``Persons``
   if the file has it, else its most common sex, and the most common age of that sex),
   or ``Persons`` and no age when no Fingertips file ships for it. So one indicator's
   headline series is one series whichever file each period comes from.
3. Rows are matched to the plan's indicators (Fingertips ID or framework id) and kept
   areas (:func:`outcomeframe.examples._data.areas`; lower-tier district rows never).
4. Where two files publish the same observation (same indicator, area, period, sex, age
   and breakdown), one is used: the one with a count and denominator, else the file
   first in :data:`FILE_ORDER`. The others are set aside as ``overlap``, naming the file
   and line used; the tests compare their values (the cross-checks). Within one file,
   only the files that repeat rows by design (:data:`REPEATING_FILES`) have overlaps;
   any other repeat is left to :func:`~outcomeframe.observations._table.tidy_observations`.
5. :func:`~outcomeframe.observations._table.tidy_observations` checks the rest.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from outcomeframe.examples import _readers_dfe as dfe
from outcomeframe.examples import _readers_laph as laph
from outcomeframe.examples import _readers_ohid as ohid
from outcomeframe.examples._common import PRE_COLUMNS
from outcomeframe.examples._plans import EXTRA_COLUMNS, REJECTED_COLUMNS, Built, framework
from outcomeframe.model import Indicator
from outcomeframe.observations._columns import NUMBER_COLUMNS
from outcomeframe.observations._table import KEY_COLUMNS, OBSERVATION_COLUMNS, tidy_observations

__all__ = ["EXTRA_COLUMNS", "FILE_ORDER", "REJECTED_COLUMNS", "REPEATING_FILES", "Built"]

#: Which file's row is used when two files without counts publish the same observation:
#: the first here. Fingertips files first, then the publishers' own tables at the most
#: precision (ONS SDG take-up to 1 dp before smapey's whole percentages).
FILE_ORDER: tuple[str, ...] = (
    *(file for file, _ in ohid.FINGERTIPS_FILES.values()),
    laph.NEIGHBOURS_FILE,
    laph.LOWER_TIER_FILE,
    laph.COMPARE_FILE,
    dfe.EYFSP_FILE,
    "trafford-data-lab/school_readiness.csv",
    "trafford-data-lab/school_readiness_fsm.csv",
    dfe.SDG_FILE,
    dfe.SMAPEY_FILE,
    dfe.SMAPEY_LONG_FILE,
)
#: Files that print one observation on several lines by design.
REPEATING_FILES: tuple[str, ...] = (laph.NEIGHBOURS_FILE, dfe.SMAPEY_FILE, dfe.SMAPEY_LONG_FILE)

_ORDER = ("_indicator", "_area", "_total", "_sex", "sex", "breakdown_type", "breakdown")
_STATUS = ("used", "overlap", "rejected", "other_areas", "other_indicators")

_TIDY_INPUT: tuple[str, ...] = (
    "indicator",
    "area_code",
    "area_name",
    "period",
    "period_type",
    "breakdown_type",
    "breakdown",
    "sex",
    "age",
    "value_note",
    "source",
    *NUMBER_COLUMNS,
    *EXTRA_COLUMNS,
)


@functools.cache
def file_rows() -> pd.DataFrame:
    """Every reader's pre-rows, with ``fingertips_id``, ``source`` and filled sex / age."""
    frames = [*ohid.fingertips_rows(), *ohid.lab_rows(), *dfe.dfe_rows(), *laph.laph_rows()]
    columns = [*PRE_COLUMNS, "level"]
    raw = pd.concat([f.reindex(columns=columns) for f in frames], ignore_index=True)
    numeric = {"source_line", "source_rows", "count", "denominator", "value"}
    numeric |= {"lower_95", "upper_95", "lower_99_8", "upper_99_8"}
    for column in columns:
        if column not in numeric:
            raw[column] = raw[column].astype("str")
    is_id = raw["key"].str.fullmatch(r"\d+").fillna(False).astype(bool)
    raw["fingertips_id"] = raw["key"].where(is_id).astype("str")
    sources = {**ohid.SOURCES, **dfe.SOURCES, **laph.SOURCES}
    head, tail = ohid.FINGERTIPS_SOURCE.split("{id}")
    raw["source"] = raw["source_file"].map(sources).fillna(head + raw["key"] + tail)
    raw["source"] = raw["source"].astype("str")
    _fill_sex_and_age(raw)
    return raw


def _fill_sex_and_age(raw: pd.DataFrame) -> None:
    fingertips = {file for file, _ in ohid.FINGERTIPS_FILES.values()}
    own = raw.loc[raw["source_file"].isin(fingertips) & raw["sex"].notna()]
    sex: dict[str, str] = {}
    age: dict[str, str] = {}
    for key, rows in own.groupby("key"):
        counts = rows["sex"].value_counts()
        chosen = "Persons" if "Persons" in counts.index else str(counts.index[0])
        sex[str(key)] = chosen
        ages = rows.loc[rows["sex"] == chosen, "age"].value_counts()
        if len(ages):
            age[str(key)] = str(ages.index[0])
    unstated = raw["key"].notna() & raw["sex"].isna()
    raw.loc[unstated, "sex"] = raw.loc[unstated, "key"].map(sex).fillna("Persons")
    no_age = unstated & raw["age"].isna()
    raw.loc[no_age, "age"] = raw.loc[no_age, "key"].map(age)


def build(name: str, kept: pd.DataFrame) -> Built:
    """Build plan ``name``'s observations from the rows of the areas ``kept``."""
    indicators = list(framework(name).elements(Indicator))
    order = {ind.id: i for i, ind in enumerate(indicators)}
    by_key = {str(ind.fingertips_id): ind.id for ind in indicators if ind.fingertips_id}
    by_key.update({ind.id: ind.id for ind in indicators})
    names = dict(zip(kept["area_code"], kept["area_name"], strict=True))

    raw = file_rows().copy()
    raw["indicator"] = raw["key"].map(by_key).astype("str")
    raw["area_name"] = raw["area_code"].map(names).fillna(raw["area_name"]).astype("str")
    in_plan = raw["indicator"].notna() | (raw["reason"].notna() & raw["key"].isna())
    in_area = raw["area_code"].isin(kept["area_code"]) & (raw["level"] != "district")
    scope = in_plan & in_area
    pre_bad = scope & raw["reason"].notna()
    overlap, overlap_reason = _overlaps(raw.loc[scope & ~pre_bad])
    candidates = raw.loc[scope & ~pre_bad].drop(index=overlap)

    checked = tidy_observations(
        candidates[[c for c in _TIDY_INPUT if c in candidates.columns]], errors="report"
    )
    out = checked.data
    out["source_line"] = out["source_line"].astype("Int64")
    out["source_rows"] = out["source_rows"].astype("int64")
    for column in ("published_trend", "published_comparison"):
        out[column] = out[column].astype("str")
    area_order = {code: i for i, code in enumerate(kept["area_code"])}
    out = out.assign(
        _indicator=out["indicator"].map(order),
        _area=out["area_code"].map(area_order),
        _total=out["breakdown_type"] != "Total",
        _sex=out["sex"] != "Persons",
    ).sort_values(
        [*_ORDER, "period_start"],
        kind="stable",
    )
    out = out[list(OBSERVATION_COLUMNS) + list(EXTRA_COLUMNS)].reset_index(drop=True)

    late_bad = raw.loc[checked.rejected.index].assign(reason=checked.rejected["reason"])
    overlapping = raw.loc[overlap].assign(reason=overlap_reason)
    bad = pd.concat([raw.loc[pre_bad], late_bad, overlapping])
    bad = bad.sort_values(["source_file", "source_line"], kind="stable")
    bad = bad[list(REJECTED_COLUMNS)].reset_index(drop=True)
    bad["source_line"] = bad["source_line"].astype("Int64")

    status = pd.Series("used", index=raw.index, dtype="str")
    status = status.mask(~in_plan, "other_indicators").mask(in_plan & ~in_area, "other_areas")
    status = status.mask(pre_bad, "rejected")
    status.loc[checked.rejected.index] = "rejected"
    status.loc[overlap] = "overlap"
    return Built(out, bad, _account(raw, status))


def _overlaps(rows: pd.DataFrame) -> tuple[pd.Index[Any], pd.Series[Any]]:
    """Rows that repeat an observation another row gives better, and why."""
    key = list(KEY_COLUMNS)
    rank = {file: i for i, file in enumerate(FILE_ORDER)}
    ranked = rows.assign(
        _counts=~(rows["count"].notna() & rows["denominator"].notna()),
        _file=rows["source_file"].map(rank).fillna(len(rank)),
    )
    ranked = ranked.sort_values([*key, "_counts", "_file", "source_line"], kind="stable")
    groups = ranked.groupby(key, sort=False, dropna=False)
    first_file = groups["source_file"].transform("first")
    first_line = groups["source_line"].transform("first")
    first_counts = ~groups["_counts"].transform("first").astype(bool)
    repeat = groups.cumcount() > 0
    other_file = ranked["source_file"] != first_file
    mark = repeat & (other_file | ranked["source_file"].isin(REPEATING_FILES))
    why = (
        "overlap: the same observation is used from "
        + first_file
        + " line "
        + first_line.astype("Int64").astype("str")
    )
    why = why.mask(first_counts & ranked["_counts"], why + " (it has the count and denominator)")
    return ranked.index[mark.to_numpy()], why[mark].astype("str")


def _account(raw: pd.DataFrame, status: pd.Series[Any]) -> pd.DataFrame:
    """Rows of each file by status; a file line giving several observations counts once."""
    rank = {s: i for i, s in enumerate(_STATUS)}
    frame = pd.DataFrame(
        {
            "file": raw["source_file"],
            "line": raw["source_line"],
            "rank": status.map(rank),
            "n": raw["source_rows"].astype("int64"),
        }
    )
    lined = frame[frame["line"].notna()]
    lined = lined.groupby(["file", "line"], sort=False)["rank"].min().reset_index()
    lined["n"] = 1
    unlined = frame.loc[frame["line"].isna(), ["file", "rank", "n"]]
    both = pd.concat([lined[["file", "rank", "n"]], unlined], ignore_index=True)
    both["status"] = both["rank"].map(dict(enumerate(_STATUS)))
    table = both.pivot_table(
        index="file", columns="status", values="n", aggfunc="sum", fill_value=0
    ).reindex(columns=list(reversed(_STATUS)), fill_value=0)
    table.insert(0, "rows", table.sum(axis=1))
    table = table.astype("int64").rename_axis(columns=None)
    order = {file: i for i, file in enumerate(raw["source_file"].drop_duplicates())}
    table = table.reset_index()
    table = table.sort_values("file", key=lambda f: f.map(order)).reset_index(drop=True)
    table["file"] = table["file"].astype("str")
    return table
