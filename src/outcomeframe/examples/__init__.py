"""The two plans shipped with outcomeframe, as framework files inside the package.

- ``"lancashire"``: the Lancashire Integrated Early Years Strategy.
- ``"trafford"``: the Trafford 0-5 Year Olds Strategic Plan 2019-2022.

:func:`data` gives each plan's real published observations (Open Government
Licence v3.0), shipped inside the package with their provenance.

Examples
--------
>>> import outcomeframe as of
>>> of.examples.names()
['lancashire', 'trafford']
>>> of.examples.load("trafford").metadata.area.code
'E08000009'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from outcomeframe._errors import ArgumentError
from outcomeframe._lazy import attach

if TYPE_CHECKING:
    from outcomeframe.examples._cases import ProviderTarget, gld_fsm_gap, ofsted_target
    from outcomeframe.examples._data import areas, coverage, data, data_path, sources
    from outcomeframe.framework._framework import Framework

#: Where each name that needs the data readers (pandas) lives: imported when first used,
#: so that ``names``, ``path`` and ``load`` (``outcomeframe list``, ``validate``) stay light.
_WHERE = {
    "ProviderTarget": "outcomeframe.examples._cases",
    "gld_fsm_gap": "outcomeframe.examples._cases",
    "ofsted_target": "outcomeframe.examples._cases",
    "areas": "outcomeframe.examples._data",
    "coverage": "outcomeframe.examples._data",
    "data": "outcomeframe.examples._data",
    "data_path": "outcomeframe.examples._common",
    "sources": "outcomeframe.examples._data",
}

__all__ = [
    "ProviderTarget",
    "areas",
    "coverage",
    "data",
    "data_path",
    "gld_fsm_gap",
    "load",
    "names",
    "ofsted_target",
    "path",
    "sources",
]

_PACKAGE = "outcomeframe.examples"


def names() -> list[str]:
    """Return the names of the shipped plans.

    Examples
    --------
    >>> import outcomeframe as of
    >>> "lancashire" in of.examples.names()
    True
    """
    files = resources.files(_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def path(name: str) -> Path:
    """Return the path of a shipped plan's framework file.

    Raises
    ------
    ArgumentError
        When ``name`` is not a shipped plan.

    Examples
    --------
    >>> import outcomeframe as of
    >>> of.examples.path("lancashire").name
    'lancashire.yaml'
    """
    given: object = name
    if not isinstance(given, str) or given not in names():
        raise ArgumentError(f"name: {given!r} is not a shipped plan; choose from {names()}")
    return Path(str(resources.files(_PACKAGE).joinpath(f"{name}.yaml")))


def load(name: str) -> Framework:
    """Load a shipped plan as a validated :class:`~outcomeframe.Framework`.

    The file is read and checked once per process; each call returns a fresh copy
    (:meth:`~outcomeframe.Framework.copy`), so a change to one plan object never shows
    in another.

    Examples
    --------
    >>> import outcomeframe as of
    >>> fw = of.examples.load("lancashire")
    >>> fw.counts()["priority"]
    4
    >>> again = of.examples.load("lancashire")
    >>> again == fw, again is fw
    (True, False)
    """
    path(name)  # a name that is no plan (or no text) is refused before the cache sees it
    return _loaded(name).copy()


@functools.cache
def _loaded(name: str) -> Framework:
    """The shipped plan ``name``, read once (callers get copies: it is never changed)."""
    from outcomeframe.io._files import load as _load  # noqa: PLC0415 - a light import

    return _load(path(name))


__getattr__, __dir__ = attach(__name__, _WHERE, globals())
