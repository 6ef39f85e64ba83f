"""Which indicators of a Fingertips export were asked for (``indicators=`` of the reader)."""

from __future__ import annotations

import warnings
from collections.abc import Collection, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, OutcomeFrameWarning, _listed, _user_level
from outcomeframe._suggest import did_you_mean

__all__ = ["not_asked"]


def _asked(indicators: Any) -> Collection[str | int] | None:
    """``indicators`` as a collection of IDs or ids; one text or number is refused by name."""
    if indicators is None:
        return None
    if isinstance(indicators, str | bytes | Mapping) or not isinstance(indicators, Collection):
        raise ArgumentError(
            f"indicators: expected a list of Fingertips IDs or framework ids, "
            f"got {type(indicators).__name__} {indicators!r}"
        )
    return cast("Collection[str | int]", indicators)


def not_asked(
    ids: pd.Series[Any], mapping: Mapping[str, str], indicators: Any, where: str
) -> pd.Series[Any]:
    """Rows whose indicator is not among ``indicators`` (all False when not given).

    When no indicator asked for has a row in the file (a slip of a digit, or another
    file than meant), nothing is read: an :class:`~outcomeframe.OutcomeFrameWarning`
    says so, with the file's own indicators. Asking for more indicators than the file
    has (a plan's every indicator, of which one file has a few) is not warned of.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from outcomeframe.io._fingertips_asked import not_asked
    >>> ids = pd.Series(["92026", "92026", "93085"])
    >>> not_asked(ids, {}, [92026, 99999], "file.csv").tolist()
    [False, False, True]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     not_asked(ids, {}, [92062], "file.csv").tolist()
    [True, True, True]
    >>> print(caught[0].message)
    file.csv: no row of indicator 92062 (did you mean '92026'?), so nothing is read: the file's indicators are 92026, 93085
    """
    asked = _asked(indicators)
    if asked is None:
        return pd.Series(False, index=ids.index)
    wanted = {str(i).strip(): i for i in asked}
    mapped = ids.map(mapping) if mapping else pd.Series(np.nan, index=ids.index, dtype="str")
    keep = ids.isin(wanted) | mapped.isin(wanted)
    present = {str(i) for i in pd.unique(ids.dropna())}
    present |= {str(i) for i in pd.unique(mapped.dropna())}
    if wanted and not any(w in present for w in wanted):
        own = sorted({str(i) for i in pd.unique(ids.dropna())})
        named = _listed(f"{a}{did_you_mean(a, own)}" for a in wanted)
        warnings.warn(
            f"{where}: no row of indicator{'s' if len(wanted) > 1 else ''} {named}, so nothing "
            f"is read: the file's indicators are {_listed(own, limit=10) or 'none'}",
            OutcomeFrameWarning,
            stacklevel=_user_level(),
        )
    return ~keep & ids.notna()
