"""Packages whose names are imported the first time they are used (PEP 562).

A package ``__init__`` that imports every module at once makes the lightest use of
it (``outcomeframe list`` reading a framework file) pay for pandas, numpy and pint.
With :func:`attach` the package lists where each name lives and imports that module
when the name is first read; type checkers still see the names through an
``if TYPE_CHECKING:`` block of plain imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["attach"]


def attach(
    package: str, where: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return a package's ``__getattr__`` and ``__dir__`` for lazily imported names.

    Parameters
    ----------
    package : str
        The package's ``__name__``, for the error message.
    where : Mapping of str to str
        Each public name and the module that defines it (under the same name).
    namespace : dict
        The package's ``globals()``: an imported name is kept there, so it is
        imported once.

    Examples
    --------
    >>> getattr_, dir_ = attach("demo", {"dumps": "json"}, {})
    >>> getattr_("dumps")([1])
    '[1]'
    >>> getattr_("loads")
    Traceback (most recent call last):
    ...
    AttributeError: module 'demo' has no attribute 'loads'
    >>> dir_()
    ['dumps']
    """

    def __getattr__(name: str) -> Any:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(where))

    return __getattr__, __dir__
