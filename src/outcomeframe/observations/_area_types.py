"""The type of each area code, and the areas table an ``areas=`` argument stands for."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.observations._area_links import Codes, _as_series, types_by_form

if TYPE_CHECKING:
    from outcomeframe.observations._areas import AreaTable

__all__ = ["area_table", "area_types"]


def area_types(codes: Codes, areas: AreaTable | None = None) -> pd.Series:
    """The area type of each code: from the table, else from the shape of the code.

    Where ``areas`` has the code, its type is used. Otherwise the code's form
    decides: a nine-character ONS code by its first three characters (E92
    England, E12 Regions, E10/E06/E08/E09 Counties and Unitary Authorities, E07
    Districts and Unitary Authorities, E54 NHS Integrated Care Boards, E38 NHS
    Sub Integrated Care Boards, E40 NHS Regions, E47 Combined Authorities),
    ``U`` and five digits an NHS Primary Care Network, any other capital letter
    and five capitals or digits a GP practice (``"GPs"``). Anything else is
    missing.

    The types are FingertipsNext's: each area has one. Unitary authorities
    (E06, E08, E09) are "Counties and Unitary Authorities" only, although
    Fingertips' own "Districts and UAs" group holds them too. Comparing areas
    "within their type" therefore ranks a district among districts (E07) only.

    Parameters
    ----------
    codes : str, sequence, array or Series of str
    areas : AreaTable, optional
        Without it, only the code's form is used (which gives the shipped
        :func:`england_areas` types for their codes).

    Returns
    -------
    pandas.Series
        Aligned with ``codes`` (same index for a Series).

    Examples
    --------
    >>> from outcomeframe import area_types
    >>> area_types(["E10000017", "E07000117", "U89141", "A81001", "Trafford"]).tolist()
    ['Counties and Unitary Authorities', 'Districts and Unitary Authorities',
     'NHS Primary Care Networks', 'GPs', nan]
    """
    from outcomeframe.observations._areas import AreaTable  # noqa: PLC0415 - a cycle

    if areas is not None and not isinstance(areas, AreaTable):
        raise ArgumentError(
            f"areas: expected an AreaTable (see read_areas), got {type(areas).__name__}"
        )
    series = _as_series(codes)
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        kinds = area_types(pd.Series(cats.to_numpy(dtype=object), dtype=object), areas)
        values = np.append(kinds.to_numpy(dtype=object), np.nan)[series.cat.codes.to_numpy()]
        return pd.Series(values, index=series.index, name="type", dtype="str")
    if areas is None:
        found = np.full(len(series), np.nan, dtype=object)
    else:
        found = areas.types(series).to_numpy(dtype=object)
    missing = pd.isna(found)
    if missing.any():
        codes_left, uniques = pd.factorize(series[missing].to_numpy(dtype=object))
        by_form = types_by_form(pd.Series(uniques, dtype=object))
        found[missing] = np.append(by_form, np.nan)[codes_left]  # a missing code (-1): NaN
    return pd.Series(found, index=series.index, name="type", dtype="str")


def area_table(areas: AreaTable | str | os.PathLike[str] | pd.DataFrame | None = None) -> AreaTable:
    """The areas table for an ``areas=`` argument: a table, a file or frame to read, or None.

    ``None`` gives the shipped :func:`england_areas`; a path or DataFrame is read
    with :func:`read_areas`.

    Examples
    --------
    >>> from outcomeframe.observations._areas import area_table
    >>> len(area_table())
    337
    """
    # The table and its readers import this module: loaded when asked.
    from outcomeframe.observations._areas import AreaTable  # noqa: PLC0415
    from outcomeframe.observations._areas_read import england_areas, read_areas  # noqa: PLC0415

    if areas is None:
        return england_areas()
    if isinstance(areas, AreaTable):
        return areas
    if isinstance(areas, str | os.PathLike | pd.DataFrame):
        return read_areas(areas)
    raise ArgumentError(
        f"areas: expected an AreaTable, a path or a DataFrame, not {type(areas).__name__}"
    )
