"""The arguments of :func:`~outcomeframe.aggregate` that are not records: checked first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from outcomeframe._errors import ArgumentError
from outcomeframe.model._elements import Indicator

__all__ = ["check_source", "chosen_indicators"]


def chosen_indicators(given: Any) -> list[Indicator]:
    """The indicators ``aggregate`` is given: a Framework's with records, or Indicators.

    Examples
    --------
    >>> from outcomeframe.records._arguments import chosen_indicators
    >>> chosen_indicators("smoking")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: indicators: expected a Framework, an Indicator or a list of them, got str
    """
    from outcomeframe.framework._framework import Framework  # noqa: PLC0415

    if isinstance(given, Framework):
        found = [i for i in given.elements("indicator") if isinstance(i, Indicator)]
        chosen = [i for i in found if i.records is not None]
        if not chosen:
            raise ArgumentError(
                "indicators: no indicator of the framework has a records definition"
            )
        return chosen
    items = [given] if isinstance(given, Indicator) else given
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise ArgumentError(
            f"indicators: expected a Framework, an Indicator or a list of them, "
            f"got {type(given).__name__}"
        )
    chosen = list(items)
    for item in chosen:
        if not isinstance(item, Indicator):
            raise ArgumentError(f"indicators: expected Indicators, got {type(item).__name__}")
        if item.records is None:
            raise ArgumentError(
                f"indicators: indicator {item.id!r} has no records definition (records=...)"
            )
    if not chosen:
        raise ArgumentError("indicators: no indicator given")
    return chosen


def check_source(source: object) -> str | None:
    """``source`` itself when it is text or None; anything else is named.

    Examples
    --------
    >>> from outcomeframe.records._arguments import check_source
    >>> check_source(5)
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: source: expected text naming the records, or None, got int
    """
    if source is None or isinstance(source, str):
        return source
    raise ArgumentError(
        f"source: expected text naming the records, or None, got {type(source).__name__}"
    )
