"""The types of the statistics functions' arguments (private).

One convention for every public statistics function: each data argument is
array-like or a Series (:data:`Values`), or, when ``data=`` is given, the name
of one of its columns (:data:`Input`); ``by=`` is one column name or several
(:data:`By`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._vocabulary import Polarity

__all__ = ["By", "FloatArray", "Input", "PolarityInput", "Values"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
#: Numbers given directly: a list, an array, a Series, an Index or a pandas array.
Values: TypeAlias = (
    "npt.ArrayLike | pd.Series[Any] | pd.Index[Any] | pd.api.extensions.ExtensionArray"
)
#: One data argument: values, or the name of a column of ``data``.
Input: TypeAlias = "Values | str"
#: ``by=``: the grouping columns of ``data``.
By: TypeAlias = str | Sequence[str]
#: A polarity for all rows (a Polarity or its words), or one per row, or a column name.
PolarityInput: TypeAlias = "Polarity | str | Values | None"
