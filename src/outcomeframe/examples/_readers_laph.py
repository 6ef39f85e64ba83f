"""Readers of the la-ph-walkthrough files (OHID Fingertips values with counts and limits).

From psychty/la-ph-walkthrough (West Sussex County Council Public Health), values pulled
from OHID Fingertips with fingertipsR:

* ``ut_data_neighbours.json``: upper-tier councils that are CIPFA nearest neighbours of
  the three Sussex councils (Lancashire among them), one period per indicator, with the
  published ``Significance`` against England (kept as ``published_comparison``). No
  area codes (names become codes with
  :func:`outcomeframe.examples._places.codes_for_names`) and no periods: the indicator
  ID and period are those of the record with the same ``Name`` in
  ``ut_data_meta_extract.json``. A council is listed once per Sussex council whose
  neighbour it is; the repeats are the same observation.
* ``Comp_data_ut.json``: the England value and 95% limits of the same indicators and
  periods (no counts).
* ``lt_data_extract@f81f914.json``: every district and unitary council, the regions and
  England, with codes; periods in ``lt_data_meta_extract@f81f914.json`` by ``ID``. IDs
  such as "004" and "005" are not Fingertips indicators and measure nothing of the
  plans.

A record whose value and both limits are 0 while its numerator is not is a processing
artefact of the source (Lancashire's breastfeeding initiation) and is rejected.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from outcomeframe.examples._common import empty, read_json
from outcomeframe.examples._places import codes_for_names

__all__ = ["COMPARE_FILE", "LOWER_TIER_FILE", "NEIGHBOURS_FILE", "SOURCES", "laph_rows"]

_FOLDER = "early-years/la-ph-walkthrough/"
NEIGHBOURS_FILE = _FOLDER + "ut_data_neighbours.json"
NEIGHBOURS_META = _FOLDER + "ut_data_meta_extract.json"
COMPARE_FILE = _FOLDER + "Comp_data_ut.json"
LOWER_TIER_FILE = _FOLDER + "lt_data_extract@f81f914.json"
LOWER_TIER_META = _FOLDER + "lt_data_meta_extract@f81f914.json"

#: Period type of the plans' Fingertips indicators in these files (the hint for labels
#: such as "2018/19"); other indicators are never parsed.
PERIOD_TYPES: Mapping[str, str] = {
    "92196": "calendar",
    "20101": "calendar",
    "20401": "calendar",
    "93085": "financial",
    "90631": "academic",
}

_SOURCE = (
    "OHID Fingertips indicator values via psychty/la-ph-walkthrough ({what}); "
    "Open Government Licence v3.0"
)
SOURCES: Mapping[str, str] = {
    NEIGHBOURS_FILE: _SOURCE.format(what="commit c355f236, CIPFA neighbours"),
    COMPARE_FILE: _SOURCE.format(what="commit c355f236, England"),
    LOWER_TIER_FILE: _SOURCE.format(what="commit f81f914e, districts and unitary councils"),
}


def laph_rows() -> list[pd.DataFrame]:
    """Pre-rows of the shipped la-ph-walkthrough files."""
    return [_neighbours(), _compare(), _lower_tier()]


def _meta(file: str) -> pd.DataFrame:
    meta = read_json(file)
    return meta.assign(ID=meta["ID"].astype("str"), Timeperiod=meta["Timeperiod"].astype("str"))


def _first_day(periods: pd.Series) -> pd.Series:
    year = periods.astype("str").str.extract(r"(\d{4})", expand=False)
    return pd.to_datetime(year + "-01-01")


def _rows(
    raw: pd.DataFrame,
    ids: pd.Series,
    periods: pd.Series,
    codes: pd.Series,
    names: pd.Series,
    columns: Mapping[str, str],
) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    out["key"] = ids.astype("str")
    out["indicator_name"] = raw.get("Name", ids).astype("str")
    out["area_code"] = codes.astype("str")
    out["area_name"] = names.astype("str")
    out["period"] = periods.astype("str")
    out["period_type"] = ids.map(PERIOD_TYPES).astype("str")
    out["breakdown_type"] = "Total"
    out["breakdown"] = "Total"
    for ours, theirs in columns.items():
        out[ours] = pd.to_numeric(raw[theirs], errors="coerce").astype("float64")
    out["raw_value"] = raw[columns["value"]].astype("str")
    reason = empty(raw.index)
    reason = reason.mask(ids.isna(), "indicator name not in the file's metadata")
    reason = reason.mask(out["value"].isna(), "no value published")
    zero = (out["value"] == 0) & (out["lower_95"] == 0) & (out["upper_95"] == 0)
    if "count" in out:
        zero &= out["count"] > 0
        reason = reason.mask(
            zero,
            "value 0 with limits 0 but a numerator of "
            + out["count"].astype("str")
            + ": a processing artefact in the source",
        )
    out["reason"] = reason
    out["source_line"] = raw.index.to_numpy()
    out["source_rows"] = 1
    return out.reset_index(drop=True)


_COUNTED = {
    "value": "Value",
    "lower_95": "Lower_CI",
    "upper_95": "Upper_CI",
    "count": "Numerator",
    "denominator": "Denominator",
}


def _neighbours() -> pd.DataFrame:
    raw = read_json(NEIGHBOURS_FILE)
    meta = _meta(NEIGHBOURS_META).drop_duplicates("Name").set_index("Name")
    ids = raw["Name"].map(meta["ID"])
    periods = raw["Name"].map(meta["Timeperiod"])
    codes = codes_for_names(raw["Area_name"], _first_day(periods))
    out = _rows(raw, ids, periods, codes, raw["Area_name"], _COUNTED)
    out["published_comparison"] = raw["Significance"].astype("str").to_numpy()
    out["source_file"] = NEIGHBOURS_FILE
    return out


def _compare() -> pd.DataFrame:
    raw = read_json(COMPARE_FILE)
    meta = _meta(NEIGHBOURS_META).drop_duplicates("Name").set_index("Name")
    ids = raw["Name"].map(meta["ID"])
    periods = raw["Name"].map(meta["Timeperiod"])
    codes = pd.Series("E92000001", index=raw.index, dtype="str")
    codes = codes.where(raw["Area_name"] == "England")
    columns = {"value": "Comp_Value", "lower_95": "Comp_Lower_CI", "upper_95": "Comp_Upper_CI"}
    out = _rows(raw, ids, periods, codes, raw["Area_name"], columns)
    out["source_file"] = COMPARE_FILE
    return out


def _lower_tier() -> pd.DataFrame:
    raw = read_json(LOWER_TIER_FILE)
    meta = _meta(LOWER_TIER_META).drop_duplicates("ID").set_index("ID")
    ids = raw["ID"].astype("str")
    periods = ids.map(meta["Timeperiod"])
    out = _rows(raw, ids, periods, raw["Area_code"], raw["Area_name"], _COUNTED)
    districts = raw["Area_code"].astype("str").str[:3] == "E07"
    level = pd.Series("district", index=raw.index, dtype="str").where(districts)
    out["level"] = level.to_numpy()
    out["source_file"] = LOWER_TIER_FILE
    return out
