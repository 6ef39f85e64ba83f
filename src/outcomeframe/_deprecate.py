"""Old names kept working for a while, with a :class:`DeprecationWarning` (a leaf module).

When a name is replaced, the old one stays as a thin alias made with :func:`renamed`:
it warns once per call site (Python's default filter) and then does what the new
name does, so nothing breaks while callers move. Every alias is listed in the
changelog under the release that deprecated it.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["renamed"]

P = ParamSpec("P")
R = TypeVar("R")


def renamed(old: str, new: str, func: Callable[P, R]) -> Callable[P, R]:
    """``func`` under its old name ``old``, warning that ``new`` replaces it.

    Parameters
    ----------
    old, new : str
        The names as a caller writes them (``"Framework.coverage"``).
    func : callable
        What the new name calls.

    Examples
    --------
    >>> import warnings
    >>> from outcomeframe._deprecate import renamed
    >>> total = renamed("add_up", "sum", sum)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     total([1, 2])
    3
    >>> str(caught[0].message)
    'add_up is deprecated and will be removed; use sum'
    """

    @functools.wraps(func)
    def alias(*args: P.args, **kwargs: P.kwargs) -> R:
        warnings.warn(
            f"{old} is deprecated and will be removed; use {new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return func(*args, **kwargs)

    alias.__doc__ = f"Deprecated: use :func:`{new}` (same arguments)."
    return alias
