"""Per-row labels read as codes: polarities and other words, one value or one per row (private)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import Polarity

__all__ = ["HIGH_GOOD", "LOW_GOOD", "NO_JUDGEMENT", "factorised", "polarity_codes"]

#: Polarity codes used by the statistics: 0 high is good, 1 low is good, 2 no judgement.
HIGH_GOOD, LOW_GOOD, NO_JUDGEMENT = np.int8(0), np.int8(1), np.int8(2)
_POL_CODES = {
    Polarity.HIGHER_IS_BETTER: HIGH_GOOD,
    Polarity.LOWER_IS_BETTER: LOW_GOOD,
    Polarity.NO_JUDGEMENT: NO_JUDGEMENT,
}


def factorised(values: Any, n: int, name: str) -> tuple[npt.NDArray[np.intp], Sequence[Any]]:
    """Codes (-1 for missing) and distinct values of ``n`` labels, one per row or series.

    A categorical keeps its codes and categories (no hashing); a single label is
    the label of every row.
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        values = values.array
    if isinstance(values, pd.Categorical):  # the codes are there already
        if len(values) != n:
            raise ArgumentError(
                f"{name}: expected one value or {n} (one per row or series), got {len(values)}"
            )
        return np.asarray(values.codes, dtype=np.intp), list(values.categories)
    flat = np.asarray(values, dtype=object)
    if flat.ndim == 0:
        return np.zeros(n, dtype=np.intp), [flat.item()]
    series = pd.Series(flat.ravel())
    if len(series) != n:
        raise ArgumentError(
            f"{name}: expected one value or {n} (one per row or series), got {len(series)}"
        )
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), list(uniques)


def polarity_codes(polarity: Any, n: int, name: str = "polarity") -> npt.NDArray[np.int8]:
    """Polarity codes (0 high good, 1 low good, 2 none) of ``n`` rows; missing: none."""
    if isinstance(polarity, Polarity | str) or polarity is None:
        pol = Polarity.NO_JUDGEMENT if polarity is None else Polarity.parse(polarity)
        return np.full(n, _POL_CODES[pol], dtype=np.int8)
    codes, uniques = factorised(polarity, n, name)
    table = np.array(
        [*(_POL_CODES[Polarity.parse(u)] for u in uniques), NO_JUDGEMENT], dtype=np.int8
    )
    # missing polarity (NaN/None) -> code -1 -> last entry: no judgement
    return np.asarray(table[codes], dtype=np.int8)
