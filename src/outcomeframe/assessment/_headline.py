"""Which rows are an indicator's headline figure, and which rows were suppressed.

Fingertips publishes each indicator for one sex and age as its headline (93085 is
Female / All ages, 20401 Female / <18 yrs, most Persons / All ages), beside the
same figure for other sexes, ages and categories. The headline row is the one the
assessment rolls up and the dashboard leads with; the others are breakdowns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe.assessment._fill import _aligned, _Definitions
from outcomeframe.observations._table import TOTAL

__all__: list[str] = []

#: The sex and age Fingertips calls everyone.
PERSONS = "Persons"
ALL_AGES = "All ages"


def _codes(series: pd.Series[Any]) -> tuple[npt.NDArray[np.int64], pd.Index[Any]]:
    """Codes 0..n of a categorical, with missing (not stated) as code n."""
    cats = series.cat.categories
    codes = series.cat.codes.to_numpy().astype(np.int64)
    codes[codes < 0] = len(cats)
    return codes, cats


def _is_total(data: pd.DataFrame) -> npt.NDArray[np.bool_]:
    flags = []
    for column, total in zip(("breakdown_type", "breakdown"), TOTAL, strict=True):
        values = data[column].array
        cats = values.categories
        if total in cats:  # categories are unique: one position
            flags.append(np.asarray(values.codes) == cats.get_loc(total))
        else:
            flags.append(np.zeros(len(data), dtype=bool))
    return np.asarray(flags[0] & flags[1], dtype=bool)


def _choose(
    counts: npt.NDArray[np.int64],
    cats: pd.Index[Any],
    declared: list[str | None],
    preferred: str,
) -> npt.NDArray[np.int64]:
    """Per indicator (row of ``counts``): the declared column, else ``preferred``, else the largest.

    A declared value that the indicator's rows never have is ignored (the data
    cannot show it), as is a preferred one.
    """
    n_ind = counts.shape[0]
    choice = np.argmax(counts, axis=1)  # ties: the first category (sorted), then not stated
    where = cats.get_indexer(pd.Index([preferred]))[0]
    if where >= 0:
        has = counts[:, where] > 0
        choice[has] = where
    lookup = cats.get_indexer(pd.Index([d if d is not None else "\x00" for d in declared]))
    for i in np.flatnonzero(lookup >= 0):  # one per indicator that declares one
        if counts[i, lookup[i]] > 0:
            choice[i] = lookup[i]
    return np.asarray(choice[:n_ind], dtype=np.int64)


def headline_rows(
    data: pd.DataFrame, meta: pd.DataFrame, defs: _Definitions | None = None
) -> npt.NDArray[np.bool_]:
    """Whether each row is its indicator's headline figure.

    A headline row has the breakdown ("Total", "Total") and the indicator's headline
    sex and age: the ones its definition declares (``Indicator.sex``, ``Indicator.age``)
    where the data have them; otherwise "Persons" where the indicator has Persons rows,
    else its most common sex; and "All ages" where it has such rows, else the age that
    covers the most areas. Missing sex or age (not stated) counts as one more value.

    ``data`` has categorical ``indicator``, ``area_code``, ``sex``, ``age``,
    ``breakdown_type`` and ``breakdown``; ``meta`` is indexed by indicator id with
    ``sex`` and ``age`` columns (missing: not declared). Linear in the rows.
    """
    total = _is_total(data)
    if not len(data):
        return total
    ind = data["indicator"].cat.codes.to_numpy().astype(np.int64)
    n_ind = len(data["indicator"].cat.categories)
    aligned = _aligned(meta, data["indicator"], defs)
    sex, sex_cats = _codes(data["sex"])
    age, age_cats = _codes(data["age"])
    n_sex, n_age = len(sex_cats) + 1, len(age_cats) + 1
    if n_sex == 1 and n_age == 1:  # neither stated anywhere: every total row is a headline
        return total

    def declared(column: str) -> list[str | None]:
        if column not in aligned.columns:
            return [None] * n_ind
        return [v if isinstance(v, str) else None for v in aligned[column].tolist()]

    t_ind, t_sex, t_age = ind[total], sex[total], age[total]
    sex_counts = np.bincount(t_ind * n_sex + t_sex, minlength=n_ind * n_sex).reshape(n_ind, n_sex)
    head_sex = _choose(sex_counts, sex_cats, declared("sex"), PERSONS)
    at_sex = t_sex == head_sex[t_ind]
    if n_age == 1:
        head_age = np.zeros(n_ind, dtype=np.int64)
    else:
        # the number of areas each (indicator, age) covers, among headline-sex total rows
        area = data["area_code"].cat.codes.to_numpy().astype(np.int64)[total][at_sex]
        n_area = len(data["area_code"].cat.categories) + 1
        pair = t_ind[at_sex] * n_age + t_age[at_sex]
        distinct = pd.unique(pair * n_area + area)
        age_counts = np.bincount(distinct // n_area, minlength=n_ind * n_age).reshape(n_ind, n_age)
        head_age = _choose(age_counts, age_cats, declared("age"), ALL_AGES)
    out = np.zeros(len(data), dtype=bool)
    out[total] = at_sex & (t_age == head_age[t_ind])
    return out


def headline_mask(frame: pd.DataFrame, meta: pd.DataFrame | None = None) -> npt.NDArray[np.bool_]:
    """Whether each row is about the whole population: its indicator's headline figure.

    The one test of "whole-population rows" everywhere (the roll-up, the dashboard,
    the command line, the example plans): the ``headline`` column where ``frame``
    has one (an assessment's table or series), otherwise the rule of
    :func:`headline_rows` computed from the rows' breakdown, sex and age, with the
    headline sex and age each indicator of ``meta`` declares (default: none declared).

    Examples
    --------
    >>> import pandas as pd
    >>> from outcomeframe.assessment._headline import headline_mask
    >>> rows = pd.DataFrame({
    ...     "indicator": ["a", "a", "a"], "area_code": ["E1", "E1", "E1"],
    ...     "sex": ["Persons", "Female", "Persons"], "age": ["All ages"] * 3,
    ...     "breakdown_type": ["Total", "Total", "Deprivation"],
    ...     "breakdown": ["Total", "Total", "Most deprived"]})
    >>> headline_mask(rows).tolist()
    [True, False, False]
    >>> headline_mask(rows.assign(headline=[False, True, False])).tolist()
    [False, True, False]
    """
    if "headline" in frame.columns:
        return np.asarray(frame["headline"].to_numpy(dtype=bool), dtype=bool)
    coded = pd.DataFrame({c: _key_column(frame, c) for c in _HEADLINE_KEY}, index=frame.index)
    declared = meta if meta is not None else pd.DataFrame(columns=["sex", "age"])
    return headline_rows(coded, declared)


#: The columns the headline rule reads.
_HEADLINE_KEY = ("indicator", "area_code", "sex", "age", "breakdown_type", "breakdown")


def _key_column(frame: pd.DataFrame, column: str) -> pd.Series[Any]:
    """A key column as a categorical; an absent one as the table without it means.

    No sex or age: not stated. No breakdown type: the breakdown's own words (a row
    whose breakdown is "Total" is about everyone). No indicator or area: one of each.
    """
    if column in frame.columns:
        return frame[column].astype("category")
    if column == "breakdown_type" and "breakdown" in frame.columns:
        return frame["breakdown"].astype("category")
    fill = np.nan if column in ("sex", "age") else ""
    return pd.Series(fill, index=frame.index, dtype="object").astype("category")


def suppressed_rows(data: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Rows with nothing published: no value, and no count and denominator to compute one."""
    value = data["value"].to_numpy(dtype=float)
    count = data["count"].to_numpy(dtype=float)
    denominator = data["denominator"].to_numpy(dtype=float)
    return np.asarray(np.isnan(value) & (np.isnan(count) | np.isnan(denominator)), dtype=bool)
