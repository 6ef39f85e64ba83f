"""Readers of the DfE early-years files (EYFSP results, funded early education take-up).

* ``1_eyfsp_headline_measures_2022.csv`` (DfE EYFSP 2021/22 headline measures, via
  dfe-analytical-services/SEND-AP-Inclusion-Dashboard): per area, characteristic and
  gender, the cohort (``children_number``) and the children reaching a good level of
  development (``gld_number``) or the expected level in communication and language and
  in literacy (``comm_lang_lit_number``). Each becomes count / denominator with the
  published percentage. The share of Reception children with SEN (SEN support or an EHC
  plan) is computed: ``children_number`` of the "All SEN" row over that of the "Total"
  row of the same area and gender, with Wilson limits (``value_note`` says so).
* ``combined_three_years_data_2018_R_v5_postbeta_sup.csv`` (dfe-analytical-services/
  smapey-dashboard): one row per council, percentages only, 2016 to 2018 (the calendar
  year in which the academic year ends). Its ``Number`` columns are cohort sizes, not
  children achieving, so no count is read from them. Councils are keyed by the old DfE
  number, turned into codes with the number -> code pairs of
  ``combined_long_data_2019_R_v1_postbeta_sup.csv``.
* ``combined_long_data_2019_R_v1_postbeta_sup.csv``: each council once per council whose
  statistical neighbour it is (11 times): the take-up of the funded 2-year-old
  entitlement 2016 to 2019 (whole percentages). The repeats are the same observation.
* ``indicator_4-2-2.csv`` (ONS UK SDG data, indicator 4.2.2): % of eligible 2-year-olds
  in funded early education, by January census year. Council rows give the council's
  NAME only (``GeoCode`` is its region's code); names become codes with
  :func:`outcomeframe.examples._places.codes_for_names`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from outcomeframe.examples._common import academic_year, empty, join_reasons, numbers, read
from outcomeframe.examples._places import codes_for_names
from outcomeframe.stats import proportion

__all__ = ["EYFSP_FILE", "SDG_FILE", "SMAPEY_FILE", "SMAPEY_LONG_FILE", "SOURCES", "dfe_rows"]

EYFSP_FILE = "early-years/SEND-AP-Inclusion-Dashboard/1_eyfsp_headline_measures_2022.csv"
SMAPEY_FILE = "early-years/smapey-dashboard/combined_three_years_data_2018_R_v5_postbeta_sup.csv"
SMAPEY_LONG_FILE = "early-years/smapey-dashboard/combined_long_data_2019_R_v1_postbeta_sup.csv"
SDG_FILE = "early-years/sdg-data/indicator_4-2-2.csv"

_CLL = "reception-cll-expected-level"
_CLL_FSM = "reception-cll-expected-level-fsm"
_SEN_SHARE = "send-identification-reception"
_GLD_SEN_SUPPORT = "gld-sen-support"
_TAKE_UP = "two-year-old-entitlement-take-up-rate"

#: EYFSP characteristic (the file's ``characteristic_type`` column) -> measure -> key
#: (Fingertips ID or framework indicator id). Other characteristics measure nothing of
#: the plans.
EYFSP_MEASURES: Mapping[str, Mapping[str, str]] = {
    "Total": {"gld": "90631", "comm_lang_lit": _CLL},
    "Known to be eligible for free school meals": {"gld": "90632", "comm_lang_lit": _CLL_FSM},
    "SEN support": {"gld": _GLD_SEN_SUPPORT},
}
#: EYFSP ``gender`` -> sex.
_SEX: Mapping[str, str] = {"Total": "Persons", "Girls": "Female", "Boys": "Male"}

#: smapey column stem -> key; the column is ``{stem}_{year}_LA`` or ``{stem}_{year}_National``.
SMAPEY_MEASURES: Mapping[str, str] = {
    "All_Percent_GLD": "90631",
    "FSM_Percent_GLD": "90632",
    "All_Percent_AoL_CL_and_Lit": _CLL,
}
_SMAPEY_YEARS = (2016, 2017, 2018)
_TAKE_UP_YEARS = (2016, 2017, 2018, 2019)

_OGL = "Open Government Licence v3.0"
SOURCES: Mapping[str, str] = {
    EYFSP_FILE: (
        "DfE Early years foundation stage profile results 2021/22, via "
        f"dfe-analytical-services/SEND-AP-Inclusion-Dashboard (commit b215e61e); {_OGL}"
    ),
    SMAPEY_FILE: (
        "DfE Early years foundation stage profile results 2016-2018, via "
        f"dfe-analytical-services/smapey-dashboard (commit 844d3592); {_OGL}"
    ),
    SMAPEY_LONG_FILE: (
        "DfE Education provision: children under 5 years of age, January 2016-2019, via "
        f"dfe-analytical-services/smapey-dashboard (commit 844d3592); {_OGL}"
    ),
    SDG_FILE: (
        "DfE Education provision: children under 5 years of age, via ONS UK SDG data "
        f"indicator 4.2.2 (ONSdigital/sdg-data commit b68b9d92); {_OGL}"
    ),
}


def dfe_rows() -> list[pd.DataFrame]:
    """Pre-rows of every shipped DfE file."""
    return [_eyfsp(), _smapey(), _smapey_take_up(), _sdg_take_up()]


def _eyfsp() -> pd.DataFrame:
    raw = read(EYFSP_FILE)
    level = raw["geographic_level"].astype("str")
    code = raw["new_la_code"].where(level == "Local authority")
    code = code.fillna(raw["region_code"].where(level == "Regional"))
    code = code.fillna(raw["country_code"].where(level == "National"))
    code = code.fillna(raw["lad_code"].where(level == "Local authority district"))
    name = raw["la_name"].fillna(raw["region_name"]).fillna(raw["country_name"])
    name = raw["lad_name"].where(level == "Local authority district", name)
    group = raw["characteristic_type"].astype("str")
    base = pd.DataFrame(
        {
            "area_code": code.astype("str"),
            "area_name": name.astype("str"),
            "level": level.map({"Local authority district": "district"}).astype("str"),
            "period": academic_year(raw["time_period"].str[:4].astype("int64") + 1),
            "period_type": "academic",
            "breakdown_type": "Total",
            "breakdown": "Total",
            "sex": raw["gender"].map(_SEX).astype("str"),
            "source_line": raw.index.to_numpy(),
        },
        index=raw.index,
    )
    cohort, cohort_reason = numbers(raw["children_number"])
    frames = []
    for measure in ("gld", "comm_lang_lit"):
        keys = group.map({g: m.get(measure) for g, m in EYFSP_MEASURES.items()})
        keys = keys.where(keys.notna(), None)
        mine = keys.notna()
        count, count_reason = numbers(raw[f"{measure}_number"])
        value, value_reason = numbers(raw[f"{measure}_percentage"])
        rows = base.loc[mine].copy()
        rows["key"] = keys[mine].astype("str")
        rows["indicator_name"] = (f"EYFSP {measure}_percentage, " + group[mine]).astype("str")
        rows["count"] = count[mine]
        rows["denominator"] = cohort[mine]
        rows["value"] = value[mine]
        rows["raw_value"] = raw.loc[mine, f"{measure}_percentage"].astype("str")
        reason = join_reasons(count_reason, cohort_reason)
        rows["reason"] = join_reasons(reason, value_reason)[mine]
        frames.append(rows)
    frames.append(_sen_share(raw, base, cohort, cohort_reason))
    used = pd.Index(np.concatenate([f.index.to_numpy() for f in frames]))
    rest = base.loc[~base.index.isin(used)].copy()
    rest["key"] = empty(rest.index)
    frames.append(rest)
    out = pd.concat(frames, ignore_index=True)
    out["source_file"] = EYFSP_FILE
    out["source_rows"] = 1
    return out


def _sen_share(
    raw: pd.DataFrame, base: pd.DataFrame, cohort: pd.Series, cohort_reason: pd.Series
) -> pd.DataFrame:
    """Share of the cohort with SEN: the "All SEN" row's cohort over the "Total" row's."""
    group = raw["characteristic_type"].astype("str")
    cell = ["area_code", "level", "sex"]
    sen = base.loc[group == "All SEN"]
    total = base.loc[group == "Total", cell].assign(
        _denominator=cohort[group == "Total"],
        _reason=cohort_reason[group == "Total"],
        _line=base.loc[group == "Total", "source_line"],
    )
    matched = sen.rename_axis("_row").reset_index().merge(total, on=cell, how="left")
    matched = matched.set_index("_row")
    matched.index.name = sen.index.name
    count = cohort[matched.index]
    denominator = matched["_denominator"]
    rows = matched.drop(columns=["_denominator", "_reason", "_line"])
    rows["key"] = _SEN_SHARE
    rows["indicator_name"] = "EYFSP children_number, All SEN over Total"
    ok = count.notna() & denominator.notna() & (denominator > 0)
    result = proportion(count[ok].to_numpy(), denominator[ok].to_numpy())
    for column in ("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"):
        rows[column] = np.nan
        rows.loc[ok, column] = result[column].to_numpy()
    rows["count"] = count
    rows["denominator"] = denominator
    rows["value_note"] = (
        "computed: children with SEN support or an EHC plan (the All SEN row, this line) over "
        "all children assessed (the Total row, line "
        + matched["_line"].astype("Int64").astype("str")
        + "); Wilson limits"
    )
    rows["raw_value"] = raw.loc[rows.index, "children_number"].astype("str")
    no_total = denominator.isna() & matched["_reason"].isna()
    reason = join_reasons(cohort_reason[rows.index], matched["_reason"].astype("str"))
    rows["reason"] = reason.mask(no_total, "no Total row for this area and sex")
    return pd.DataFrame(rows)


def _code_lookup() -> pd.Series:
    """Old DfE council number -> ONS code, from the smapey neighbour file (2019)."""
    long = read(SMAPEY_LONG_FILE)
    pairs = long[["LA_Number", "LA_Code"]].drop_duplicates()
    return pairs.set_index("LA_Number")["LA_Code"]


def _smapey() -> pd.DataFrame:
    raw = read(SMAPEY_FILE)
    codes = raw["LA_Code"].map(_code_lookup()).astype("str")
    frames = []
    for stem, key in SMAPEY_MEASURES.items():
        for year in _SMAPEY_YEARS:
            for scope in ("LA", "National"):
                column = f"{stem}_{year}_{scope}"
                value, reason = numbers(raw[column])
                national = scope == "National"
                rows = pd.DataFrame(
                    {
                        "key": key,
                        "indicator_name": column,
                        "area_code": "E92000001" if national else codes,
                        "area_name": "England" if national else raw["LA_Name"].astype("str"),
                        "period": academic_year(pd.Series(year, index=raw.index)),
                        "period_type": "academic",
                        "breakdown_type": "Total",
                        "breakdown": "Total",
                        "value": value,
                        "raw_value": raw[column].astype("str"),
                        "reason": reason,
                        "source_line": raw.index.to_numpy(),
                    },
                    index=raw.index,
                )
                frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    out["source_file"] = SMAPEY_FILE
    out["source_rows"] = 1
    return out


def _smapey_take_up() -> pd.DataFrame:
    raw = read(SMAPEY_LONG_FILE)
    frames = []
    for year in _TAKE_UP_YEARS:
        column = f"two_year_olds_Percent_{year}"
        value, reason = numbers(raw[column])
        frames.append(
            pd.DataFrame(
                {
                    "key": _TAKE_UP,
                    "indicator_name": column,
                    "area_code": raw["LA_Code"].astype("str"),
                    "area_name": raw["LA_Name"].astype("str"),
                    "period": str(year),
                    "period_type": "calendar",
                    "breakdown_type": "Total",
                    "breakdown": "Total",
                    "age": "2 yrs",
                    "value": value,
                    "raw_value": raw[column].astype("str"),
                    "reason": reason,
                    "source_line": raw.index.to_numpy(),
                },
                index=raw.index,
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["source_file"] = SMAPEY_LONG_FILE
    out["source_rows"] = 1
    return out


def _sdg_take_up() -> pd.DataFrame:
    raw = read(SDG_FILE)
    council = raw["Local authority"]
    region = raw["Region"]
    starts = pd.to_datetime(raw["Year"] + "-01-01")
    code = codes_for_names(council.fillna(""), starts).where(council.notna())
    code = code.fillna(raw["GeoCode"].where(council.isna() & region.notna()))
    code = code.mask(council.isna() & region.isna(), "E92000001")
    name = council.fillna(region).fillna("England")
    value, reason = numbers(raw["Value"])
    status = raw["Observation status"].astype("str")
    reason = reason.mask(value.isna(), "no value published (" + status + ")")
    out = pd.DataFrame(
        {
            "key": pd.Series(_TAKE_UP, index=raw.index).where(raw["Age"] == "2").astype("str"),
            "indicator_name": "SDG 4.2.2, age " + raw["Age"].fillna("all").astype("str"),
            "area_code": code.astype("str"),
            "area_name": name.astype("str"),
            "period": raw["Year"].astype("str"),
            "period_type": "calendar",
            "breakdown_type": "Total",
            "breakdown": "Total",
            "age": "2 yrs",
            "value": value,
            "value_note": status.where(status.str.contains("low reliability")).astype("str"),
            "raw_value": raw["Value"].astype("str"),
            "reason": reason,
            "source_file": SDG_FILE,
            "source_line": raw.index.to_numpy(),
            "source_rows": 1,
        },
        index=raw.index,
    )
    return out.reset_index(drop=True)
