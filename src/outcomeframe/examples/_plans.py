"""The shipped plans by name, and the tables built for each (without the data readers).

:mod:`._build` builds the tables from the published files; :mod:`._built` stores and
reads them. This module holds what both, and :mod:`._data`, share, and imports none of
the readers, so reading the stored tables does not load them.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.examples._common import PACKAGE
from outcomeframe.framework._framework import Framework
from outcomeframe.io._files import load as _load_framework

__all__ = ["EXTRA_COLUMNS", "REJECTED_COLUMNS", "Built", "framework", "plans"]

#: Columns of :func:`~outcomeframe.examples._data.data` after the observation columns.
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
    "sex",
    "age",
    "breakdown_type",
    "breakdown",
    "raw_value",
    "reason",
)


class Built:
    """A plan's observations, the rows set aside, and the account of every file row."""

    def __init__(self, data: pd.DataFrame, rejected: pd.DataFrame, sources: pd.DataFrame):
        self.data = data
        self.rejected = rejected
        self.sources = sources


def plans() -> list[str]:
    """Names of the shipped plans."""
    files = resources.files(PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def framework(name: str) -> Framework:
    """The shipped plan ``name``; ArgumentError when there is none."""
    if name not in plans():
        raise ArgumentError(f"name: {name!r} is not a shipped plan; choose from {plans()}")
    return _cached_framework(name)


@functools.cache
def _cached_framework(name: str) -> Framework:
    return _load_framework(Path(str(resources.files(PACKAGE).joinpath(f"{name}.yaml"))))
