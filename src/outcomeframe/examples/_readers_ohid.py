"""Readers of the OHID Fingertips files and of the Trafford Data Lab files.

The Fingertips files carry the Fingertips indicator ID; the Trafford Data Lab files name
their indicators in words, and :data:`DATA_LAB_INDICATORS` gives the Fingertips ID each
name is (from the publisher's own metadata and pre-processing scripts), or the framework
indicator id for the Ofsted indicator, which has no Fingertips ID.

Two rows are computed rather than copied, and say so in ``value_note``:

* ``early_years_settings.csv`` publishes, for each area, the share of inspected settings
  with each Ofsted grade as a fraction (0.266 = 26.6%). The indicator is the share judged
  Good or Outstanding, so its row is 100 x (Outstanding + Good), rounded to 0.1 (the
  shares are published to 3 decimal places). The Requires improvement and Inadequate rows
  are listed as rejected (not part of the indicator).
* ``childcare_providers.csv`` lists Trafford's providers one per row; its row is the
  count of providers graded Good or Outstanding over the providers with a grade, with
  Wilson limits from :func:`outcomeframe.stats.proportion`. Providers without a grade are
  listed as rejected (outside the indicator's denominator).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe.examples._common import data_path, empty, join_reasons, numbers, read
from outcomeframe.io._fingertips import PeriodSpec, read_fingertips
from outcomeframe.stats import proportion

__all__ = [
    "DATA_LAB_INDICATORS",
    "FINGERTIPS_FILES",
    "QUINTILE_BREAKDOWN",
    "SOURCES",
    "fingertips_rows",
    "lab_rows",
    "provider_grades",
]

#: Fingertips files shipped: Fingertips indicator ID -> (file, period type of its ``Year``).
FINGERTIPS_FILES: Mapping[int, tuple[str, PeriodSpec]] = {
    20401: ("fingertips/indicator_20401.csv", "calendar"),
    93085: ("fingertips/indicator_93085.csv", "financial"),
    30302: ("fingertips/indicator_30302.csv", "financial"),
    92026: ("fingertips/indicator_92026.csv", ("academic", 5)),
}

#: Trafford Data Lab file -> the publisher's indicator name -> Fingertips indicator ID
#: (int) or, for the Ofsted indicator that Fingertips does not publish, the framework
#: indicator id (str). A name missing here is a rejected row, never a guess.
DATA_LAB_INDICATORS: Mapping[str, Mapping[str, int | str]] = {
    "trafford-data-lab/school_readiness.csv": {
        "School readiness: percentage of children achieving a good level of development "
        "at the end of Reception": 90631,
        "School readiness: percentage of children with free school meal status achieving "
        "a good level of development at the end of Reception": 90632,
    },
    "trafford-data-lab/school_readiness_fsm.csv": {
        "Children with free school meal status achieving a good level of development at "
        "the end of reception": 90632,
    },
    "trafford-data-lab/vaccination_mmr.csv": {
        "Population vaccination coverage: MMR for one dose (2 years old)": 30309,
        "Population vaccination coverage: MMR for two doses (5 years old)": 30311,
    },
    "trafford-data-lab/obese_reception.csv": {
        "Reception prevalence of obesity (including severe obesity)": 90319,
        "Reception prevalence of obesity (including severe obesity), 5 years data combined": 92026,
        "Reception prevalence of obesity (including severe obesity), 3 years data combined": 93105,
    },
    "trafford-data-lab/children_dental_decay.csv": {
        "Percentage of 5 year olds with experience of visually obvious dental decay": 93563,
    },
    "trafford-data-lab/early_years_settings.csv": {
        "Early Years Settings Rated 'Good' or 'Outstanding' by Ofsted": (
            "ofsted-providers-good-or-outstanding"
        ),
    },
    "trafford-data-lab/childcare_providers.csv": {
        # one row per provider, no indicator column: the whole file is this indicator
        "": "ofsted-providers-good-or-outstanding",
    },
}

#: Breakdown type given to the deprivation quintiles of ``obese_reception.csv``: the name
#: Fingertips uses for the same quintiles of indicator 92026 (``indicator_92026.csv``).
QUINTILE_BREAKDOWN = "LSOA11 deprivation quintiles within area (IMD  trend)"

_ACADEMIC_FILES: Mapping[str, str] = {
    "trafford-data-lab/school_readiness.csv": "academic",
    "trafford-data-lab/school_readiness_fsm.csv": "academic",
    "trafford-data-lab/vaccination_mmr.csv": "financial",
    "trafford-data-lab/obese_reception.csv": "academic",
    "trafford-data-lab/children_dental_decay.csv": "academic",
}

FINGERTIPS_SOURCE = (
    "OHID Fingertips indicator {id}, via dhsc-govuk/FingertipsNext healthdata.csv "
    "(commit 151f984a); OGL v3.0"
)
_THEMES_SOURCE = (
    "Trafford Data Lab trafford_themes (commit ae20a088), from OHID Fingertips; OGL v3.0"
)
_DASHBOARD_SOURCE = "Trafford Data Lab dashboard (commit 83e9bc0c), from {what}; OGL v3.0"
SOURCES: Mapping[str, str] = {
    "trafford-data-lab/school_readiness.csv": _THEMES_SOURCE,
    "trafford-data-lab/vaccination_mmr.csv": _THEMES_SOURCE,
    "trafford-data-lab/obese_reception.csv": _THEMES_SOURCE,
    "trafford-data-lab/children_dental_decay.csv": _THEMES_SOURCE,
    "trafford-data-lab/school_readiness_fsm.csv": _DASHBOARD_SOURCE.format(
        what="OHID Fingertips 90632"
    ),
    "trafford-data-lab/early_years_settings.csv": _DASHBOARD_SOURCE.format(
        what="Ofsted, Childcare providers and inspections as at 31 August 2018"
    ),
    "trafford-data-lab/childcare_providers.csv": _DASHBOARD_SOURCE.format(
        what="Ofsted, Childcare provider level data as at 31 December 2018"
    ),
}

_OFSTED_ID = "ofsted-providers-good-or-outstanding"
_GOOD = ("Outstanding", "Good")
_NOT_GOOD = ("Requires improvement", "Satisfactory / Requires improvement", "Inadequate")


def fingertips_rows() -> list[pd.DataFrame]:
    """Pre-rows of every shipped Fingertips file."""
    return [_fingertips(fid, file, spec) for fid, (file, spec) in FINGERTIPS_FILES.items()]


def lab_rows() -> list[pd.DataFrame]:
    """Pre-rows of every shipped Trafford Data Lab file."""
    frames = [_data_lab(file, kind) for file, kind in _ACADEMIC_FILES.items()]
    return [*frames, _early_years_settings(), _childcare_providers()]


def _fingertips(fid: int, file: str, spec: PeriodSpec) -> pd.DataFrame:
    """One pre-tidy row per file row: the reader's observations and its rejected rows."""
    table = read_fingertips(data_path(file), period_type=spec, errors="report")
    hint = "academic" if isinstance(spec, tuple) else str(spec)
    good = table.data
    bad = table.rejected
    frames = []
    for part, reason in ((good, None), (bad, bad.get("reason"))):
        if not len(part):
            continue
        rows = pd.DataFrame(index=part.index)
        rows["key"] = str(fid)
        rows["indicator_name"] = empty(part.index)
        for column in ("area_code", "period", "breakdown_type", "breakdown", "sex", "age"):
            rows[column] = part[column].astype("str")
        rows["area_name"] = empty(part.index)
        rows["period_type"] = hint
        for column in ("count", "denominator", "value", "lower_95", "upper_95"):
            rows[column] = pd.to_numeric(part[column], errors="coerce")
        rows["published_trend"] = part["published_trend"].astype("str")
        rows["raw_value"] = part["value"].astype("str")
        rows["reason"] = reason.astype("str") if reason is not None else empty(part.index)
        frames.append(rows)
    out = pd.concat(frames).sort_index()
    out["source_file"] = file
    out["source_line"] = out.index.to_numpy()
    out["source_rows"] = 1
    return out.reset_index(drop=True)


def _keys(file: str, names: pd.Series[Any]) -> tuple[pd.Series[Any], pd.Series[Any]]:
    mapping = {k: str(v) for k, v in DATA_LAB_INDICATORS[file].items()}
    keys = names.map(mapping).astype("str")
    reason = empty(names.index).mask(
        keys.isna(),
        "indicator name " + names.astype("str").map(repr) + " is not in DATA_LAB_INDICATORS",
    )
    return keys, reason


def _data_lab(file: str, period_type: str) -> pd.DataFrame:
    """A Trafford Data Lab file in the long shape (one value per area, period, indicator)."""
    raw = read(file)
    out = pd.DataFrame(index=raw.index)
    out["key"], key_reason = _keys(file, raw["indicator"])
    out["indicator_name"] = raw["indicator"].astype("str")
    out["area_code"] = raw["area_code"].astype("str")
    out["area_name"] = raw["area_name"].astype("str")
    out["period"] = raw["period"].astype("str")
    out["period_type"] = period_type
    if "inequality" in raw.columns:
        group = raw["inequality"].astype("str").str.strip()
        total = group.isna() | group.isin(["", "NA"])
        out["breakdown_type"] = pd.Series(QUINTILE_BREAKDOWN, index=raw.index).mask(total, "Total")
        out["breakdown"] = group.mask(total, "Total")
    else:
        out["breakdown_type"] = "Total"
        out["breakdown"] = "Total"
    out["value"], value_reason = numbers(raw["value"])
    comparison = next((c for c in ("compared_to_England", "significance") if c in raw), None)
    if comparison is not None:
        out["published_comparison"] = raw[comparison].astype("str")
    out["raw_value"] = raw["value"].astype("str")
    out["reason"] = join_reasons(key_reason, value_reason)
    out["source_file"] = file
    out["source_line"] = raw.index.to_numpy()
    out["source_rows"] = 1
    return out.reset_index(drop=True)


def _early_years_settings() -> pd.DataFrame:
    """Share of inspected settings graded Good or Outstanding, from the per-grade shares.

    The file gives, per area, four rows (one per Ofsted grade) whose ``value`` is a
    FRACTION of the settings inspected (0.266 = 26.6%), rounded to 3 decimals by the
    publisher. The indicator's value is 100 x (Outstanding + Good), rounded to 0.1.
    """
    file = "trafford-data-lab/early_years_settings.csv"
    raw = read(file)
    keys, key_reason = _keys(file, raw["indicator"])
    share, value_reason = numbers(raw["value"])
    grade = raw["group"].astype("str").str.strip()
    reason = join_reasons(key_reason, value_reason)
    parts = pd.DataFrame(
        {
            "key": keys,
            "indicator_name": raw["indicator"].astype("str"),
            "area_code": raw["area_code"].astype("str"),
            "area_name": raw["area_name"].astype("str"),
            "period": raw["period"].astype("str"),
            "grade": grade,
            "share": share,
            "raw_value": raw["value"].astype("str"),
            "reason": reason,
            "source_line": raw.index.to_numpy(),
        }
    )
    usable = parts["reason"].isna() & parts["grade"].isin(_GOOD)
    other_grade = parts["reason"].isna() & ~parts["grade"].isin(_GOOD)
    parts["reason"] = parts["reason"].mask(
        other_grade,
        "share graded " + parts["grade"] + ": not part of the indicator (Good or Outstanding)",
    )
    keys_cols = ["key", "indicator_name", "area_code", "area_name", "period"]
    good = parts.loc[usable]
    summed = good.groupby(keys_cols, sort=False, dropna=False).agg(
        share=("share", "sum"), grades=("grade", "nunique"), source_rows=("grade", "size")
    )
    summed = summed.reset_index()
    complete = summed["grades"] == len(_GOOD)
    derived = pd.DataFrame(
        {
            "key": summed["key"],
            "indicator_name": summed["indicator_name"],
            "area_code": summed["area_code"],
            "area_name": summed["area_name"],
            "period": summed["period"],
            "period_type": "month",
            "breakdown_type": "Total",
            "breakdown": "Total",
            "value": (summed["share"] * 100.0).round(1).where(complete),
            "value_note": (
                "computed: 100 x (share graded Outstanding + share graded Good) of the "
                "settings inspected, as published to 3 decimal places"
            ),
            "raw_value": pd.Series(np.nan, index=summed.index, dtype="str"),
            "reason": empty(summed.index).mask(
                ~complete, "Outstanding or Good share missing: cannot add them up"
            ),
            "source_rows": summed["source_rows"],
        }
    )
    rejected = parts.loc[~usable].drop(columns=["grade", "share"]).assign(source_rows=1)
    rejected["breakdown_type"] = "Ofsted grade"
    rejected["breakdown"] = parts.loc[~usable, "grade"]
    out = pd.concat([derived, rejected], ignore_index=True)
    out["source_file"] = file
    return out


def provider_grades() -> pd.DataFrame:
    """The provider list with each provider's grade group (used by the worked case too).

    ``group``: "Good or Outstanding", "Not Good" (Requires improvement / Satisfactory,
    Inadequate), "No grade" (``NA``: not yet inspected, or on the Childcare Register
    only; the publisher's script writes every overall effectiveness other than grades 1
    to 4, including Met / Not met, as NA) or "Unrecognised".
    """
    raw = read("trafford-data-lab/childcare_providers.csv")
    rating = raw["rating"].astype("str").str.strip().fillna("NA")
    rating = rating.mask(rating == "", "NA")
    group = pd.Series("Unrecognised", index=raw.index, dtype="str")
    group = group.mask(rating.isin(_GOOD), "Good or Outstanding")
    group = group.mask(rating.isin(_NOT_GOOD), "Not Good")
    group = group.mask(rating.isin(["NA", "Met", "Not met"]), "No grade")
    return pd.DataFrame(
        {
            "name": raw["name"].astype("str"),
            "inspection_date": raw["inspection_date"].astype("str"),
            "rating": rating,
            "group": group,
            "source_line": raw.index.to_numpy(),
        },
        index=raw.index,
    )


def _childcare_providers() -> pd.DataFrame:
    """Trafford's share of graded providers judged Good or Outstanding, 31 December 2018."""
    file = "trafford-data-lab/childcare_providers.csv"
    grades = provider_grades()
    graded = grades["group"].isin(["Good or Outstanding", "Not Good"])
    good = int((grades["group"] == "Good or Outstanding").sum())
    n = int(graded.sum())
    result = proportion([good], [n])
    derived = pd.DataFrame(
        {
            "key": [_OFSTED_ID],
            "indicator_name": ["Childcare on non-domestic premises: most recent overall grade"],
            "area_code": ["E08000009"],
            "area_name": ["Trafford"],
            "period": ["2018-12"],
            "period_type": ["month"],
            "breakdown_type": ["Total"],
            "breakdown": ["Total"],
            "count": [float(good)],
            "denominator": [float(n)],
            "value": result["value"].to_numpy(),
            "lower_95": result["lower_95"].to_numpy(),
            "upper_95": result["upper_95"].to_numpy(),
            "lower_99_8": result["lower_99_8"].to_numpy(),
            "upper_99_8": result["upper_99_8"].to_numpy(),
            "value_note": [
                (
                    "computed from the provider list: providers graded Good or Outstanding "
                    "over providers with a grade; Wilson limits"
                )
            ],
            "source_rows": [n],
        }
    )
    ungraded = grades.loc[~graded]
    reason = pd.Series(
        "no Ofsted grade (" + ungraded["rating"].map(repr) + "): outside the denominator "
        "(providers with a published grade)",
        index=ungraded.index,
    ).mask(
        ungraded["group"] == "Unrecognised",
        "rating " + ungraded["rating"].map(repr) + " is not an Ofsted grade",
    )
    rejected = pd.DataFrame(
        {
            "key": _OFSTED_ID,
            "indicator_name": "Childcare on non-domestic premises: most recent overall grade",
            "area_code": "E08000009",
            "area_name": "Trafford",
            "period": "2018-12",
            "breakdown_type": "Provider",
            "breakdown": ungraded["name"],
            "raw_value": ungraded["rating"],
            "reason": reason.astype("str"),
            "source_line": ungraded["source_line"],
            "source_rows": 1,
        },
        index=ungraded.index,
    )
    out = pd.concat([derived, rejected], ignore_index=True)
    out["source_file"] = file
    return out
