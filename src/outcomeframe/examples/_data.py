"""Real published data for the two shipped plans, as observation tables.

The files in ``outcomeframe/examples/published/`` are copies, unchanged, of published OHID
Fingertips, DfE, ONS and Ofsted data (Open Government Licence v3.0; provenance in
``published/README.md``). :func:`data` turns the files that belong to a plan's indicators
into one observation table (see :mod:`outcomeframe.observations._table`), checked by
:func:`~outcomeframe.observations._table.tidy_observations`. The readers of each source
are in :mod:`._readers_ohid` (Fingertips and the Trafford Data Lab), :mod:`._readers_dfe`
(DfE EYFSP results and funded early education take-up) and :mod:`._readers_laph`
(Fingertips values with counts from the la-ph-walkthrough repository); :mod:`._build`
joins them.

Nothing is dropped silently. Every row of every shipped data file ends up in exactly one
of five places, counted by :func:`sources`:

* ``used``: it is (or is part of) a row of ``data(name)``;
* ``overlap``: it publishes an observation that another file gives (with counts, or at
  more precision) and that row is used; listed, naming the row used, by
  ``data(name, rejected=True)``;
* ``rejected``: it belongs to a plan indicator and a kept area but cannot be used; it is
  listed, with the reason, by ``data(name, rejected=True)``;
* ``other_indicators``: it measures something that is not one of the plan's indicators;
* ``other_areas``: it is about an area that is not kept for the plan (see :func:`areas`).

A file line that gives several observations (a DfE table with one column per year or
measure) counts once, in the first of these places that any of its observations is in.

Some rows are computed rather than copied, and say so in ``value_note``: the Ofsted
shares and provider counts (see :mod:`._readers_ohid`) and the share of Reception
children with SEN (see :mod:`._readers_dfe`). ``source_rows`` says how many file rows
each observation stands for (1, except the Ofsted rows).

The tables are read from ``built/``, where the build command
(``python -m outcomeframe.examples._built``, see :mod:`._built`) stores exactly what
:func:`~._build.build` gives from the published files; a test rebuilds them and asserts
they are equal.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.examples._built import stored_table
from outcomeframe.examples._common import data_path
from outcomeframe.examples._places import PEERS
from outcomeframe.examples._plans import EXTRA_COLUMNS, REJECTED_COLUMNS, Built, framework
from outcomeframe.framework._framework import Framework
from outcomeframe.model import Indicator

if TYPE_CHECKING:
    from outcomeframe.examples._readers_ohid import (
        DATA_LAB_INDICATORS,
        FINGERTIPS_FILES,
        QUINTILE_BREAKDOWN,
    )

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


#: Names of the readers' module, imported when first asked for: reading the stored
#: tables needs no reader.
_FROM_READERS = ("DATA_LAB_INDICATORS", "FINGERTIPS_FILES", "QUINTILE_BREAKDOWN")


def __getattr__(name: str) -> Any:
    if name in _FROM_READERS:
        from outcomeframe.examples import _readers_ohid  # noqa: PLC0415

        return getattr(_readers_ohid, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- public functions ------------------------------------------------------------------------


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
    groups = PEERS.get(meta.area.code, {})
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
    >>> gld = gld[gld["sex"] == "Persons"].reset_index(drop=True)
    >>> gld["file"] = gld["source_file"].str.split("/").str[-1].str[:24]
    >>> gld[["period", "value", "count", "denominator", "file", "source_line"]]
        period  value   count  denominator                      file  source_line
    0  2015/16   73.8     NaN          NaN  combined_three_years_dat           55
    1  2016/17   73.0     NaN          NaN  combined_three_years_dat           55
    2  2017/18   75.3     NaN          NaN  combined_three_years_dat           55
    3  2021/22   71.6  2138.0       2984.0  1_eyfsp_headline_measure         3734
    4  2022/23   72.2     NaN          NaN        school_readiness.csv           25
    5  2023/24   72.6     NaN          NaN        school_readiness.csv           37
    6  2024/25   74.0     NaN          NaN        school_readiness.csv           49
    >>> reasons = data("lancashire", rejected=True)["reason"]
    >>> reasons.str.split(":").str[0].value_counts().to_dict()
    {'overlap': 1449, "no value published (the file has 'NA')": 29}
    """
    return _table(name, "rejected" if rejected else "data").copy()


def sources(name: str) -> pd.DataFrame:
    """Account for every row of every shipped file, for one plan.

    Parameters
    ----------
    name : {"lancashire", "trafford"}
        The shipped plan.

    Returns
    -------
    pandas.DataFrame
        One row per shipped data file: ``file``, ``rows`` (data rows in the file;
        records for a JSON file), ``other_indicators`` (rows of indicators not in the
        plan), ``other_areas`` (rows of the plan's indicators for areas not kept),
        ``rejected``, ``overlap`` (rows whose observation is used from another row)
        and ``used`` (rows behind the observations of :func:`data`). ``rows`` is always
        the sum of the other five; a row giving several observations counts once, in
        the first of used, overlap, rejected, other_areas, other_indicators that one of
        them is in.

    Examples
    --------
    >>> from outcomeframe.examples import sources
    >>> table = sources("trafford").set_index("file")
    >>> table.loc["trafford-data-lab/childcare_providers.csv"].to_dict()
    {'rows': 163, 'other_indicators': 0, 'other_areas': 0, 'rejected': 43, 'overlap': 0, 'used': 120}
    >>> bool((table["rows"] == table.drop(columns="rows").sum(axis=1)).all())
    True
    """
    return _table(name, "sources").copy()


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
    >>> int(cov.loc["infant-mortality-rate", "area_rows"]), cov.loc["infant-mortality-rate", "periods"]
    (1, '2016 - 18')
    >>> cov.loc["dental-decay-age-5", "periods"]
    "2014/15 to 2023/24 (no rows for the plan's area)"
    >>> cov.loc["injury-admissions-0-4", "note"][:40]
    'no data shipped: source is OHID Fingerti'
    >>> int(cov.loc["smoking-at-time-of-delivery", "area_rows"])
    6
    """
    obs = _table(name, "data")
    framework = _framework(name)
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


def _framework(name: str) -> Framework:
    return framework(name)


def _table(name: str, table: str) -> pd.DataFrame:
    """One of plan ``name``'s tables (an attribute of :class:`~._plans.Built`)."""
    framework(name)  # checks the name
    return _cached_table(name, table)


@functools.cache
def _cached_table(name: str, table: str) -> pd.DataFrame:
    """The stored table (see :mod:`._built`), else built from the published files."""
    found = stored_table(name, table)
    if found is not None:
        return found
    built: pd.DataFrame = getattr(_cached_build(name), table)
    return built


@functools.cache
def _cached_build(name: str) -> Built:
    from outcomeframe.examples._build import build  # noqa: PLC0415 - the readers

    return build(name, areas(name))
