"""The areas kept for the example plans, and council names turned into area codes.

Some published files name a council but give no code (the ONS SDG take-up file, whose
``GeoCode`` column holds the council's REGION, and the la-ph-walkthrough neighbour
file). :func:`codes_for_names` maps those names to the codes of the kept councils. It
only knows the kept councils: a name it does not know is an area that is not kept. The
names and codes are checked, in the tests, against the OHID area list of the
FingertipsNext export (``tests/data/fingertipsnext/areas.json``) and against the files
that give both a code and a name.

Two kept councils changed code: Buckinghamshire County (E10000002) became the unitary
Buckinghamshire (E06000060) on 1 April 2020, and Cumbria (E10000006) was replaced by
Cumberland and Westmorland and Furness on 1 April 2023. A name is given the code in
force on the first day of the period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["NORTH_WEST_COUNCILS", "PEERS", "TRAFFORD_NEIGHBOURS", "codes_for_names"]

#: Upper-tier councils of the North West: the councils of the Fingertips files, plus
#: Cumbria (E10000006), replaced by Cumberland and Westmorland and Furness in April 2023.
NORTH_WEST_COUNCILS: Mapping[str, str] = {
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
TRAFFORD_NEIGHBOURS: Mapping[str, str] = {
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
PEERS: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "E10000017": {"North West council": NORTH_WEST_COUNCILS},
    "E08000009": {
        "North West council": NORTH_WEST_COUNCILS,
        "statistical neighbour": TRAFFORD_NEIGHBOURS,
    },
}

#: England and the North West region, as named by the files that name them.
_NAMED: Mapping[str, str] = {"England": "E92000001", "North West": "E12000002"}

#: Codes in force only from / until a date (ISO): (first day, day after the last).
_IN_FORCE: Mapping[str, tuple[str | None, str | None]] = {
    "E10000002": (None, "2020-04-01"),
    "E06000060": ("2020-04-01", None),
    "E10000006": (None, "2023-04-01"),
    "E06000063": ("2023-04-01", None),
    "E06000064": ("2023-04-01", None),
}


def _table() -> pd.DataFrame:
    rows = [(name, code) for code, name in NORTH_WEST_COUNCILS.items()]
    rows += [(name, code) for code, name in TRAFFORD_NEIGHBOURS.items()]
    rows += [(name, code) for name, code in _NAMED.items()]
    table = pd.DataFrame(rows, columns=["name", "code"]).drop_duplicates()
    table["key"] = _normal(table["name"])
    start = table["code"].map(lambda c: _IN_FORCE.get(c, (None, None))[0])
    end = table["code"].map(lambda c: _IN_FORCE.get(c, (None, None))[1])
    table["from"] = pd.to_datetime(start.fillna("1000-01-01"))
    table["until"] = pd.to_datetime(end.fillna("9999-12-31"))
    return table.reset_index(drop=True)


def _normal(names: pd.Series[Any]) -> pd.Series[Any]:
    """Names compared without case, full stops, "&" or a trailing " UA"."""
    text = names.astype("str").str.strip().str.lower()
    text = text.str.replace("&", "and", regex=False).str.replace(".", "", regex=False)
    return text.str.replace(r"\s+ua$", "", regex=True).str.replace(r"\s+", " ", regex=True)


def codes_for_names(names: pd.Series[Any], starts: pd.Series[Any]) -> pd.Series[Any]:
    """The code of each kept area named, in force on each period's first day.

    Parameters
    ----------
    names : pandas.Series
        Area names as a file prints them ("St. Helens", "Buckinghamshire UA", "England").
    starts : pandas.Series
        The first day of each row's period (same index).

    Returns
    -------
    pandas.Series
        The area code, or missing where the name is not a kept area (or no code of it
        was in force on that day).

    Examples
    --------
    >>> import pandas as pd
    >>> names = pd.Series(["Buckinghamshire", "Buckinghamshire", "st helens", "Bristol"])
    >>> starts = pd.to_datetime(pd.Series(["2020-01-01", "2021-01-01", "2019-01-01", "2019-01-01"]))
    >>> codes_for_names(names, starts).tolist()
    ['E10000002', 'E06000060', 'E08000013', nan]
    """
    table = _table()
    left = pd.DataFrame(
        {"key": _normal(names).to_numpy(), "start": pd.to_datetime(starts).to_numpy()},
    )
    left["row"] = np.arange(len(left))
    merged = left.merge(table[["key", "code", "from", "until"]], on="key", how="left")
    ok = merged["code"].notna() & (merged["from"] <= merged["start"])
    ok &= merged["start"] < merged["until"]
    found = merged.loc[ok].drop_duplicates("row").set_index("row")["code"]
    codes = np.full(len(left), None, dtype=object)
    codes[found.index.to_numpy(dtype="int64")] = found.to_numpy()
    return pd.Series(codes, index=names.index, dtype="str")
