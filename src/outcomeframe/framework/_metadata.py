"""What a framework is: its :class:`Metadata` (title, owner, area, benchmark, period)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from outcomeframe._errors import ArgumentError
from outcomeframe.model._elements import Area
from outcomeframe.model._fields import check_text

__all__ = ["Metadata"]


def _optional_area(value: Any, name: str = "area") -> Area | None:
    """An Area from an Area, a mapping of its fields or its code as text."""
    if value is None or isinstance(value, Area):
        return value
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - {"code", "name"})
        if unknown:
            raise ArgumentError(f"{name}: unknown field {unknown[0]!r} (an area has code, name)")
        return Area(**value)
    if isinstance(value, str):
        return Area(code=value)
    raise ArgumentError(
        f"{name}: expected an Area, a mapping with its code or the code as text, "
        f"got {type(value).__name__} {value!r}"
    )


def _optional_benchmark(value: Any) -> Area | None:
    return _optional_area(value, "benchmark")


def _areas(value: Any) -> tuple[Area, ...]:
    """Areas from a list of them (an Area, a mapping or a code alone is refused: not a list)."""
    if isinstance(value, str | Mapping | Area) or not isinstance(value, Iterable):
        raise ArgumentError(
            f"comparators: expected a list of areas, got {type(value).__name__} {value!r}"
        )
    found = (_optional_area(v, "comparators") for v in value)
    return tuple(a for a in found if a is not None)


@attrs.frozen(kw_only=True)
class Metadata:
    """What a framework is: its title, who owns it, the area and period it covers.

    Parameters
    ----------
    title : str
        The plan's title: non-empty text, as in a framework file.
    organisation : str, optional
        The organisation that owns the plan.
    area : Area, optional
        The area the plan covers (used as the default area of an assessment).
    benchmark : Area, optional
        The default comparator, usually England ``E92000001``.
    comparators : tuple of Area
        Other areas worth showing beside the plan's area.
    period : str, optional
        The period the plan covers, e.g. ``"2019-2022"``.
    version, source, description : str, optional
        The plan's version, its source document, and a longer description.

    Examples
    --------
    >>> from outcomeframe import Metadata
    >>> Metadata(title="Plan", area={"code": "E08000009", "name": "Trafford"}).area.name
    'Trafford'
    """

    title: str = attrs.field(default="Untitled framework", validator=check_text)
    organisation: str | None = None
    area: Area | None = attrs.field(default=None, converter=_optional_area)
    benchmark: Area | None = attrs.field(default=None, converter=_optional_benchmark)
    comparators: tuple[Area, ...] = attrs.field(default=(), converter=_areas)
    period: str | None = None
    version: str | None = None
    source: str | None = None
    description: str | None = None
