"""Reason codes: every category of the ``reason`` column has a code that round-trips.

A group's reason code is its row reason's position plus ``len(REASONS)``, so the codes
reach ``2 * len(REASONS) - 1``; the code dtype must hold them all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from outcomeframe._vocabulary import Reason
from outcomeframe.stats._grouping import Grouping
from outcomeframe.stats._reasons import (
    CODE_DTYPE,
    GROUP_SUFFIX,
    REASON_DTYPE,
    REASONS,
    first_reasons,
    reason_column,
    row_reasons,
)


def test_the_largest_group_reason_code_round_trips_to_its_label() -> None:
    last = list(Reason)[-1]
    rows = first_reasons(4, [(np.array([False, True, False, False]), last)])
    groups = Grouping(ids=np.array([0, 0, 1, 2]), keys=pd.DataFrame(index=range(3)))
    codes = groups.reduce(rows)
    largest = 2 * len(REASONS) - 1
    assert codes.tolist() == [largest, -1, -1]
    column = reason_column(codes)
    assert column[0] == last.value + GROUP_SUFFIX
    assert column[0] == REASON_DTYPE.categories[-1]
    assert pd.isna(column[1])
    assert pd.isna(column[2])


def test_the_code_dtype_holds_every_category_and_no_reason() -> None:
    assert np.iinfo(CODE_DTYPE).max >= len(REASON_DTYPE.categories) - 1
    codes = first_reasons(2, [(np.array([True, False]), list(Reason)[-1])])
    assert codes.dtype == CODE_DTYPE
    assert codes.tolist() == [len(REASONS) - 1, -1]
    ok = np.array([True, False])
    assert row_reasons(ok, lambda idx, reasons: None).dtype == CODE_DTYPE


def test_every_group_reason_round_trips() -> None:
    n = len(REASONS)
    rows = np.arange(n, dtype=CODE_DTYPE)  # one row per reason, each its own group
    groups = Grouping(ids=np.arange(n), keys=pd.DataFrame(index=range(n)))
    column = reason_column(groups.reduce(rows))
    assert list(column) == [r + GROUP_SUFFIX for r in REASONS]
