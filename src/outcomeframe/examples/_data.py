"""Real published data for the two shipped plans, as observation tables.

The files in ``outcomeframe/examples/published/`` are copies, unchanged, of published OHID
Fingertips, DfE and Ofsted data (Open Government Licence v3.0; provenance in
``published/README.md``). :func:`data` turns the files that belong to a plan's indicators into
one observation table (see :mod:`outcomeframe.observations._table`), checked by
:func:`~outcomeframe.observations._table.tidy_observations`.

Nothing is dropped silently. Every row of every shipped file ends up in exactly one of
four places, counted by :func:`sources`:

* ``used``: it is (or is part of) a row of ``data(name)``;
* ``rejected``: it belongs to a plan indicator and a kept area but cannot be used; it is
  listed, with the reason, by ``data(name, rejected=True)``;
* ``other_indicators``: it measures something that is not one of the plan's indicators;
* ``other_areas``: it is about an area that is not kept for the plan (see :func:`areas`).

How the files map to the framework's indicators
-----------------------------------------------
Fingertips files carry the Fingertips indicator ID; it is matched to the ``fingertips_id``
of the plan's indicators. The Trafford Data Lab files name their indicators in words; the
explicit mapping :data:`DATA_LAB_INDICATORS` gives the Fingertips ID each name is (from the
publisher's own metadata and pre-processing scripts), or the framework indicator id for the
Ofsted indicator, which has no Fingertips ID.

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

``source_rows`` says how many file rows each observation stands for (1, except those two).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.framework._framework import Framework
from outcomeframe.io._files import load as _load_framework
from outcomeframe.io._fingertips import PeriodSpec, read_fingertips
from outcomeframe.model import Indicator
from outcomeframe.observations._table import (
    OBSERVATION_COLUMNS,
    read_csv_text,
    tidy_observations,
)
from outcomeframe.stats import proportion

__all__ = [
    "DATA_LAB_INDICATORS",
    "EXTRA_COLUMNS",
    "FINGERTIPS_FILES",
    "QUINTILE_BREAKDOWN",
    "REJECTED_COLUMNS",
    "areas",
    "coverage",
    "data",
    "data_path",
    "sources",
]

_PACKAGE = "outcomeframe.examples"

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

#: Columns of :func:`data` after the observation columns.
EXTRA_COLUMNS: tuple[str, ...] = (
    "fingertips_id",
    "indicator_name",
    "published_trend",
    "published_comparison",
    "source_file",
    "source_line",
    "source_rows",
)

#: Columns of ``data(name, rejected=True)``.
REJECTED_COLUMNS: tuple[str, ...] = (
    "source_file",
    "source_line",
    "indicator",
    "area_code",
    "area_name",
    "period",
    "breakdown_type",
    "breakdown",
    "raw_value",
    "reason",
)

_ACADEMIC_FILES: Mapping[str, str] = {
    "trafford-data-lab/school_readiness.csv": "academic",
    "trafford-data-lab/school_readiness_fsm.csv": "academic",
    "trafford-data-lab/vaccination_mmr.csv": "financial",
    "trafford-data-lab/obese_reception.csv": "academic",
    "trafford-data-lab/children_dental_decay.csv": "academic",
}

_FINGERTIPS_SOURCE = (
    "OHID Fingertips indicator {id}, via dhsc-govuk/FingertipsNext healthdata.csv "
    "(commit 151f984a); OGL v3.0"
)
_THEMES_SOURCE = (
    "Trafford Data Lab trafford_themes (commit ae20a088), from OHID Fingertips; OGL v3.0"
)
_DASHBOARD_SOURCE = "Trafford Data Lab dashboard (commit 83e9bc0c), from {what}; OGL v3.0"
_SOURCES: Mapping[str, str] = {
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

#: Upper-tier councils of the North West: the councils of the Fingertips files, plus
#: Cumbria (E10000006), replaced by Cumberland and Westmorland and Furness in April 2023.
_NORTH_WEST_COUNCILS: Mapping[str, str] = {
    "E06000006": "Halton",
    "E06000007": "Warrington",
    "E06000008": "Blackburn with Darwen",
    "E06000009": "Blackpool",
    "E06000049": "Cheshire East",
    "E06000050": "Cheshire West and Chester",
    "E06000063": "Cumberland",
    "E06000064": "Westmorland and Furness",
    "E08000001": "Bolton",
    "E08000002": "Bury",
    "E08000003": "Manchester",
    "E08000004": "Oldham",
    "E08000005": "Rochdale",
    "E08000006": "Salford",
    "E08000007": "Stockport",
    "E08000008": "Tameside",
    "E08000009": "Trafford",
    "E08000010": "Wigan",
    "E08000011": "Knowsley",
    "E08000012": "Liverpool",
    "E08000013": "St. Helens",
    "E08000014": "Sefton",
    "E08000015": "Wirral",
    "E10000006": "Cumbria",
    "E10000017": "Lancashire",
}

#: Trafford's ten Children's Services statistical neighbours, as used by the Trafford Data
#: Lab files (defined May 2025), plus Buckinghamshire's county code before April 2020.
_TRAFFORD_NEIGHBOURS: Mapping[str, str] = {
    "E09000006": "Bromley",
    "E06000060": "Buckinghamshire",
    "E10000002": "Buckinghamshire",
    "E10000003": "Cambridgeshire",
    "E06000049": "Cheshire East",
    "E10000013": "Gloucestershire",
    "E10000015": "Hertfordshire",
    "E10000025": "Oxfordshire",
    "E08000029": "Solihull",
    "E08000007": "Stockport",
    "E10000030": "Surrey",
}

#: Peer groups by plan area code.
_PEERS: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "E10000017": {"North West council": _NORTH_WEST_COUNCILS},
    "E08000009": {
        "North West council": _NORTH_WEST_COUNCILS,
        "statistical neighbour": _TRAFFORD_NEIGHBOURS,
    },
}

_OFSTED_ID = "ofsted-providers-good-or-outstanding"
_GOOD = ("Outstanding", "Good")
_NOT_GOOD = ("Requires improvement", "Satisfactory / Requires improvement", "Inadequate")

_PRE_COLUMNS: tuple[str, ...] = (
    "key",
    "indicator_name",
    "area_code",
    "area_name",
    "period",
    "period_type",
    "breakdown_type",
    "breakdown",
    "sex",
    "age",
    "value_note",
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "published_trend",
    "published_comparison",
    "source_file",
    "source_line",
    "source_rows",
    "raw_value",
    "reason",
)


# -- public functions ------------------------------------------------------------------------


def data_path(file: str | None = None) -> Path:
    """Return the path of the shipped data folder, or of one file in it.

    Parameters
    ----------
    file : str, optional
        A path relative to the data folder, e.g. ``"fingertips/indicators.csv"``.

    Raises
    ------
    ArgumentError
        When ``file`` is not a shipped file.

    Examples
    --------
    >>> from outcomeframe.examples import data_path
    >>> data_path("trafford-data-lab/school_readiness.csv").name
    'school_readiness.csv'
    >>> sorted(p.name for p in data_path().iterdir())
    ['README.md', 'fingertips', 'trafford-data-lab']
    """
    root = Path(str(resources.files(_PACKAGE).joinpath("published")))
    if file is None:
        return root
    path = root / file
    if not path.is_file():
        raise ArgumentError(f"file: {file!r} is not a shipped data file")
    return path


def areas(name: str) -> pd.DataFrame:
    """Return the areas whose rows are kept for a plan, and why each is kept.

    Kept: the plan's area, its benchmark (England) and its comparators (North West,
    and Greater Manchester for Trafford) as named in the framework file, and the peer
    councils used for comparisons: the North West upper-tier councils (the councils of
    the Fingertips files) and, for Trafford, its ten statistical neighbours (the
    councils of the Trafford Data Lab files). Lower-tier districts and wards are not kept.

    Parameters
    ----------
    name : {"lancashire", "trafford"}
        The shipped plan.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_name``, ``role`` ("area", "benchmark", "comparator" or
        "peer") and ``groups`` (the peer groups the area belongs to, "; "-separated).

    Examples
    --------
    >>> from outcomeframe.examples import areas
    >>> kept = areas("trafford")
    >>> kept.loc[kept["role"] != "peer", ["area_code", "area_name", "role"]]
       area_code           area_name        role
    0  E08000009            Trafford        area
    1  E92000001             England   benchmark
    2  E47000001  Greater Manchester  comparator
    3  E12000002          North West  comparator
    >>> int((kept["role"] == "peer").sum())
    33
    """
    framework = _framework(name)
    meta = framework.metadata
    if meta.area is None or meta.benchmark is None:  # pragma: no cover - shipped plans have both
        raise ArgumentError(f"name: plan {name!r} has no area or benchmark")
    rows: list[tuple[str, str, str]] = [
        (meta.area.code, meta.area.name or meta.area.code, "area"),
        (meta.benchmark.code, meta.benchmark.name or meta.benchmark.code, "benchmark"),
    ]
    rows += [(c.code, c.name or c.code, "comparator") for c in meta.comparators]
    groups = _PEERS.get(meta.area.code, {})
    names: dict[str, str] = {}
    member: dict[str, list[str]] = {}
    for group, councils in groups.items():
        for code, council in councils.items():
            names.setdefault(code, council)
            member.setdefault(code, []).append(group)
    seen = {code for code, _, _ in rows}
    rows += [(code, names[code], "peer") for code in names if code not in seen]
    out = pd.DataFrame(rows, columns=["area_code", "area_name", "role"])
    out["groups"] = out["area_code"].map({c: "; ".join(g) for c, g in member.items()})
    return out.astype({"area_code": "str", "area_name": "str", "role": "str", "groups": "str"})


def data(name: str, *, rejected: bool = False) -> pd.DataFrame:
    """Return the real published observations of a plan's indicators.

    Parameters
    ----------
    name : {"lancashire", "trafford"}
        The shipped plan.
    rejected : bool, default False
        When true, return instead the file rows of the plan's indicators and kept areas
        that could not be used, each with its ``reason`` (columns
        :data:`REJECTED_COLUMNS`; ``raw_value`` is the value cell as printed).

    Returns
    -------
    pandas.DataFrame
        The observation table: :data:`~outcomeframe.observations._table.OBSERVATION_COLUMNS`
        then :data:`EXTRA_COLUMNS`. ``indicator`` is the framework indicator id;
        ``fingertips_id`` the Fingertips ID (missing for the Ofsted indicator);
        ``published_trend`` the Fingertips "Recent Trend" marker; ``published_comparison``
        the publisher's comparison with England (Trafford Data Lab ``compared_to_England``
        or ``significance``); ``source_file`` the shipped file (relative to
        :func:`data_path`), ``source_line`` its line (header = line 1; missing for a
        computed row) and ``source_rows`` the number of file rows the row stands for.
        Only rows of the plan's indicators and of the areas of :func:`areas`.
        Sorted by indicator (in plan order), area (in the order of :func:`areas`),
        breakdown (the total first) and period.

    Raises
    ------
    ArgumentError
        ``name`` is not a shipped plan.

    Examples
    --------
    >>> from outcomeframe.examples import data
    >>> obs = data("trafford")
    >>> gld = obs[(obs["indicator"] == "school-readiness-gld") & (obs["area_code"] == "E08000009")]
    >>> gld[["period", "value", "source_line"]]
         period  value  source_line
    1940  2021/22   71.6           13
    1941  2022/23   72.2           25
    1942  2023/24   72.6           37
    1943  2024/25   74.0           49
    >>> data("lancashire", rejected=True)["reason"].value_counts().to_dict()
    {'nothing to compute from: no value and no count and denominator': 396, "no value published (the file has 'NA')": 29}
    """
    built = _build(name)
    return (built.rejected if rejected else built.data).copy()


def sources(name: str) -> pd.DataFrame:
    """Account for every row of every shipped file, for one plan.

    Parameters
    ----------
    name : {"lancashire", "trafford"}
        The shipped plan.

    Returns
    -------
    pandas.DataFrame
        One row per shipped data file: ``file``, ``rows`` (data rows in the file),
        ``other_indicators`` (rows of indicators not in the plan), ``other_areas``
        (rows of the plan's indicators for areas not kept), ``rejected`` and ``used``
        (rows behind the observations of :func:`data`). ``rows`` is always the sum of
        the other four.

    Examples
    --------
    >>> from outcomeframe.examples import sources
    >>> table = sources("trafford").set_index("file")
    >>> table.loc["trafford-data-lab/childcare_providers.csv"].to_dict()
    {'rows': 163, 'other_indicators': 0, 'other_areas': 0, 'rejected': 43, 'used': 120}
    >>> bool((table["rows"] == table.drop(columns="rows").sum(axis=1)).all())
    True
    """
    return _build(name).sources.copy()


def coverage(name: str) -> pd.DataFrame:
    """Say, for each of a plan's indicators, what data ships and where the rest is.

    Parameters
    ----------
    name : {"lancashire", "trafford"}
        The shipped plan.

    Returns
    -------
    pandas.DataFrame
        One row per indicator of the plan, in plan order: ``indicator``,
        ``fingertips_id``, ``rows`` (observations in :func:`data`), ``area_rows`` (of
        those, rows for the plan's area), ``periods`` (the first and last period with
        data for the plan's area, or for any area when the area has none), ``files``
        and ``note``: for an indicator without data, where to get it.

    Examples
    --------
    >>> from outcomeframe.examples import coverage
    >>> cov = coverage("lancashire").set_index("indicator")
    >>> cov.loc["infant-mortality-rate", "note"]
    'no data shipped: get it from OHID Fingertips, indicator 92196'
    >>> int(cov.loc["smoking-at-time-of-delivery", "area_rows"])
    6
    """
    built = _build(name)
    framework = _framework(name)
    obs = built.data
    area = framework.metadata.area.code if framework.metadata.area else ""
    rows = []
    for ind in framework.elements(Indicator):
        mine = obs[obs["indicator"] == ind.id]
        at_area = mine[mine["area_code"] == area]
        shown = at_area if len(at_area) else mine
        periods = ""
        if len(shown):
            ordered = shown.sort_values("period_start")["period"]
            first, last = ordered.iloc[0], ordered.iloc[-1]
            periods = first if first == last else f"{first} to {last}"
            if not len(at_area):
                periods += " (no rows for the plan's area)"
        files = "; ".join(sorted(mine["source_file"].unique()))
        if len(mine):
            note = ""
        elif ind.fingertips_id is not None:
            note = f"no data shipped: get it from OHID Fingertips, indicator {ind.fingertips_id}"
        else:
            note = f"no data shipped: source is {ind.source}"
        rows.append(
            (
                ind.id,
                str(ind.fingertips_id) if ind.fingertips_id is not None else None,
                len(mine),
                len(at_area),
                periods,
                files,
                note,
            )
        )
    columns = ["indicator", "fingertips_id", "rows", "area_rows", "periods", "files", "note"]
    return pd.DataFrame(rows, columns=columns)


# -- building --------------------------------------------------------------------------------


class _Built:
    def __init__(self, data: pd.DataFrame, rejected: pd.DataFrame, sources: pd.DataFrame):
        self.data = data
        self.rejected = rejected
        self.sources = sources


def _framework(name: str) -> Framework:
    plans = sorted(
        f.name.removesuffix(".yaml")
        for f in resources.files(_PACKAGE).iterdir()
        if f.name.endswith(".yaml")
    )
    if name not in plans:
        raise ArgumentError(f"name: {name!r} is not a shipped plan; choose from {plans}")
    return _cached_framework(name)


@functools.cache
def _cached_framework(name: str) -> Framework:
    return _load_framework(Path(str(resources.files(_PACKAGE).joinpath(f"{name}.yaml"))))


def _build(name: str) -> _Built:
    _framework(name)  # checks the name
    return _cached_build(name)


@functools.cache
def _cached_build(name: str) -> _Built:
    framework = _framework(name)
    indicators = list(framework.elements(Indicator))
    order = {ind.id: i for i, ind in enumerate(indicators)}
    by_key = {str(ind.fingertips_id): ind.id for ind in indicators if ind.fingertips_id}
    by_key.update({ind.id: ind.id for ind in indicators})
    kept = areas(name)
    names = dict(zip(kept["area_code"], kept["area_name"], strict=True))

    raw = pd.concat(_all_rows(), ignore_index=True)
    raw["indicator"] = raw["key"].map(by_key).astype("str")
    raw["area_name"] = raw["area_code"].map(names).fillna(raw["area_name"]).astype("str")
    in_plan = raw["indicator"].notna() | (raw["reason"].notna() & raw["key"].isna())
    in_area = raw["area_code"].isin(kept["area_code"])
    scope = in_plan & in_area
    pre_bad = scope & raw["reason"].notna()
    candidates = raw.loc[scope & ~pre_bad]

    checked = tidy_observations(
        candidates[[c for c in _TIDY_INPUT if c in candidates.columns]],
        errors="report",
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
    ).sort_values(
        ["_indicator", "_area", "_total", "breakdown_type", "breakdown", "period_start"],
        kind="stable",
    )
    out = out[list(OBSERVATION_COLUMNS) + list(EXTRA_COLUMNS)].reset_index(drop=True)

    late_bad = raw.loc[checked.rejected.index].assign(reason=checked.rejected["reason"])
    bad = pd.concat([raw.loc[pre_bad], late_bad])
    bad = bad.sort_values(["source_file", "source_line"], kind="stable")
    bad = bad[list(REJECTED_COLUMNS)].reset_index(drop=True)
    bad["source_line"] = bad["source_line"].astype("Int64")

    weight = raw["source_rows"].astype("int64")
    status = pd.Series("used", index=raw.index, dtype="str")
    status = status.mask(~in_plan, "other_indicators").mask(in_plan & ~in_area, "other_areas")
    status = status.mask(pre_bad, "rejected")
    status.loc[checked.rejected.index] = "rejected"
    table = (
        pd.DataFrame({"file": raw["source_file"], "status": status, "n": weight})
        .pivot_table(index="file", columns="status", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=["other_indicators", "other_areas", "rejected", "used"], fill_value=0)
    )
    table.insert(0, "rows", table.sum(axis=1))
    table = table.astype("int64").rename_axis(columns=None).reset_index()
    table["file"] = table["file"].astype("str")
    return _Built(out, bad, table)


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
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "fingertips_id",
    "indicator_name",
    "published_trend",
    "published_comparison",
    "source_file",
    "source_line",
    "source_rows",
)


@functools.cache
def _file_rows() -> tuple[pd.DataFrame, ...]:
    frames = [_fingertips(fid, file, spec) for fid, (file, spec) in FINGERTIPS_FILES.items()]
    frames += [_data_lab(file, kind) for file, kind in _ACADEMIC_FILES.items()]
    frames += [_early_years_settings(), _childcare_providers()]
    return tuple(frames)


def _all_rows() -> list[pd.DataFrame]:
    out = []
    for frame in _file_rows():
        full = frame.reindex(columns=list(_PRE_COLUMNS))
        is_id = full["key"].str.isdigit().fillna(False).astype(bool)
        full["fingertips_id"] = full["key"].where(is_id).astype("str")
        head, tail = _FINGERTIPS_SOURCE.split("{id}")
        fingertips = (head + full["key"] + tail).astype("str")
        full["source"] = full["source_file"].map(_SOURCES).fillna(fingertips).astype("str")
        out.append(full)
    return out


def _empty(index: pd.Index[Any]) -> pd.Series[Any]:
    return pd.Series(np.nan, index=index, dtype="str")


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
        rows["indicator_name"] = _empty(part.index)
        for column in ("area_code", "period", "breakdown_type", "breakdown", "sex", "age"):
            rows[column] = part[column].astype("str")
        rows["area_name"] = _empty(part.index)
        rows["period_type"] = hint
        for column in ("count", "denominator", "value", "lower_95", "upper_95"):
            rows[column] = pd.to_numeric(part[column], errors="coerce")
        rows["published_trend"] = part["published_trend"].astype("str")
        rows["raw_value"] = part["value"].astype("str")
        rows["reason"] = reason.astype("str") if reason is not None else _empty(part.index)
        frames.append(rows)
    out = pd.concat(frames).sort_index()
    out["source_file"] = file
    out["source_line"] = out.index.to_numpy()
    out["source_rows"] = 1
    return out.reset_index(drop=True)


def _read(file: str) -> pd.DataFrame:
    frame, _ = read_csv_text(data_path(file))
    return frame


def _values(raw: pd.Series[Any]) -> tuple[pd.Series[Any], pd.Series[Any]]:
    """Numbers from a Trafford Data Lab value column, and the reason a cell is unusable.

    The files are written by R: ``NA`` is a missing value (not published).
    """
    text = raw.astype("str").str.strip()
    missing = raw.isna() | text.isin(["", "NA"])
    numbers = pd.to_numeric(text.where(~missing), errors="coerce").astype("float64")
    reason = _empty(raw.index)
    reason = reason.mask(missing, "no value published (the file has 'NA')")
    junk = ~missing & numbers.isna()
    reason = reason.mask(junk, "value " + text.map(repr) + " is not a number")
    return numbers, reason


def _keys(file: str, names: pd.Series[Any]) -> tuple[pd.Series[Any], pd.Series[Any]]:
    mapping = {k: str(v) for k, v in DATA_LAB_INDICATORS[file].items()}
    keys = names.map(mapping).astype("str")
    reason = _empty(names.index).mask(
        keys.isna(),
        "indicator name " + names.astype("str").map(repr) + " is not in DATA_LAB_INDICATORS",
    )
    return keys, reason


def _join(first: pd.Series[Any], second: pd.Series[Any]) -> pd.Series[Any]:
    both = first.notna() & second.notna()
    joined = first.fillna(second).astype("str")
    return joined.mask(both, first + "; " + second).astype("str")


def _data_lab(file: str, period_type: str) -> pd.DataFrame:
    """A Trafford Data Lab file in the long shape (one value per area, period, indicator)."""
    raw = _read(file)
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
    out["value"], value_reason = _values(raw["value"])
    comparison = next((c for c in ("compared_to_England", "significance") if c in raw), None)
    if comparison is not None:
        out["published_comparison"] = raw[comparison].astype("str")
    out["raw_value"] = raw["value"].astype("str")
    out["reason"] = _join(key_reason, value_reason)
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
    raw = _read(file)
    keys, key_reason = _keys(file, raw["indicator"])
    share, value_reason = _values(raw["value"])
    grade = raw["group"].astype("str").str.strip()
    reason = _join(key_reason, value_reason)
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
            "reason": _empty(summed.index).mask(
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


def _provider_grades() -> pd.DataFrame:
    """The provider list with each provider's grade group (used by the worked case too).

    ``group``: "Good or Outstanding", "Not Good" (Requires improvement / Satisfactory,
    Inadequate), "No grade" (``NA``: not yet inspected, or on the Childcare Register
    only; the publisher's script writes every overall effectiveness other than grades 1
    to 4, including Met / Not met, as NA) or "Unrecognised".
    """
    raw = _read("trafford-data-lab/childcare_providers.csv")
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
    grades = _provider_grades()
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
