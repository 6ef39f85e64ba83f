"""Checks shared by every areas reader: whole numbers, unique codes, all problems at once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from outcomeframe._errors import DataError, _listed, _shown
from outcomeframe.observations._areas import AreaTable
from outcomeframe.observations._cells import EXACT_WHOLE, exact_whole, real_numbers

__all__: list[str] = []

#: At most this many problems are listed in one error (the count says how many there were).
_MAX_PROBLEMS = 50


def _whole(
    values: pd.Series[Any], labels: list[str], column: Any, problems: list[str]
) -> pd.Series[Any]:
    raw = pd.Series(values.to_numpy(dtype=object), dtype=object)
    number = real_numbers(raw)
    whole = exact_whole(number)
    bad = (raw.notna() & ~whole).to_numpy()
    for i in np.flatnonzero(bad):
        large = np.isfinite(number.iloc[i]) and abs(number.iloc[i]) > EXACT_WHOLE
        wrong = "is larger than 2**53" if large else "is not a whole number"
        problems.append(f"{labels[i]}: {column} {_shown(raw.iloc[i])} {wrong}")
    return number.where(whole).astype("Int64")


def _check_unique(code: pd.Series[Any], labels: list[str], problems: list[str]) -> None:
    repeated = (code.duplicated(keep=False) & code.notna()).to_numpy()
    if not repeated.any():
        return
    rows = pd.Series(np.flatnonzero(repeated)).groupby(code[repeated].to_numpy(), sort=False)
    for value, where in rows:
        places = _listed([labels[i] for i in where])
        problems.append(f"{places}: the code {value} is used {len(where):,} times")


def _finish(out: pd.DataFrame, where: str, problems: list[str]) -> AreaTable:
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        if len(problems) > _MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - _MAX_PROBLEMS} more")
        raise DataError(f"{where}: {len(problems)} problem(s) in the areas", problems=shown)
    return AreaTable(out)
