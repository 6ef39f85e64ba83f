"""Typed relations between elements, and which kinds each relation may join.

Direction convention (used everywhere): an edge points from the element that
contributes to the element it contributes to, so every path runs towards the
vision. ``indicator -measures-> outcome -serves-> objective -serves-> priority
-serves-> vision``; ``action -delivers-> outcome``; ``enabler -enables-> vision``;
``body -accountable_to-> body``; ``body -oversees-> vision``.
"""

from __future__ import annotations

import enum

from outcomeframe._errors import ArgumentError
from outcomeframe.model._kinds import Kind

__all__ = ["ALLOWED", "Relation", "default_relation"]


class Relation(enum.StrEnum):
    """The relation an edge stands for (the ``relation`` edge attribute).

    Examples
    --------
    >>> from outcomeframe import Relation
    >>> Relation("measures")
    <Relation.MEASURES: 'measures'>
    """

    SERVES = "serves"
    MEASURES = "measures"
    DELIVERS = "delivers"
    ENABLES = "enables"
    ACCOUNTABLE_TO = "accountable_to"
    OVERSEES = "oversees"

    @property
    def verb(self) -> str:
        """The relation as a verb after "can" or "cannot" ("serve", "be accountable to").

        Examples
        --------
        >>> from outcomeframe import Relation
        >>> Relation.ACCOUNTABLE_TO.verb
        'be accountable to'
        """
        return _VERBS[self]


_VERBS = {
    "serves": "serve",
    "measures": "measure",
    "delivers": "deliver",
    "enables": "enable",
    "accountable_to": "be accountable to",
    "oversees": "oversee",
}

_WORK = frozenset({Kind.VISION, Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME})

#: For each relation: the kinds that may be its source, and the kinds it may point to.
ALLOWED: dict[Relation, tuple[frozenset[Kind], frozenset[Kind]]] = {
    Relation.SERVES: (
        frozenset({Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME}),
        frozenset({Kind.VISION, Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME}),
    ),
    Relation.MEASURES: (
        frozenset({Kind.INDICATOR}),
        frozenset({Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME, Kind.ACTION}),
    ),
    Relation.DELIVERS: (
        frozenset({Kind.ACTION}),
        frozenset({Kind.VISION, Kind.PRIORITY, Kind.OBJECTIVE, Kind.OUTCOME}),
    ),
    Relation.ENABLES: (frozenset({Kind.ENABLER}), _WORK | {Kind.ACTION}),
    Relation.ACCOUNTABLE_TO: (frozenset({Kind.BODY}), frozenset({Kind.BODY})),
    Relation.OVERSEES: (
        frozenset({Kind.BODY}),
        _WORK | {Kind.ACTION, Kind.ENABLER, Kind.INDICATOR},
    ),
}

# Kinds ranked from the vision down, for checking that "serves" points upwards.
RANK: dict[Kind, int] = {Kind.VISION: 0, Kind.PRIORITY: 1, Kind.OBJECTIVE: 2, Kind.OUTCOME: 3}

_DEFAULT: dict[tuple[Kind, Kind], Relation] = {}
for _rel, (_sources, _targets) in ALLOWED.items():
    for _s in _sources:
        for _t in _targets:
            _DEFAULT.setdefault((_s, _t), _rel)


def default_relation(source: Kind, target: Kind) -> Relation | None:
    """Return the relation that joins two kinds, or None if none may.

    Parameters
    ----------
    source, target : Kind
        The kinds of the two ends, the edge pointing from ``source`` to ``target``.

    Returns
    -------
    Relation or None

    Examples
    --------
    >>> from outcomeframe import Kind, default_relation
    >>> default_relation(Kind.INDICATOR, Kind.OUTCOME)
    <Relation.MEASURES: 'measures'>
    >>> default_relation(Kind.BODY, Kind.VISION)
    <Relation.OVERSEES: 'oversees'>
    >>> default_relation(Kind.VISION, Kind.INDICATOR) is None
    True
    """
    try:
        ends = (Kind(source), Kind(target))
    except (ValueError, TypeError):
        kinds = ", ".join(k.value for k in Kind)
        raise ArgumentError(
            f"source, target: expected two kinds ({kinds}), got {source!r} and {target!r}"
        ) from None
    return _DEFAULT.get(ends)


def allowed(relation: Relation, source: Kind, target: Kind) -> bool:
    """Whether ``relation`` may join an element of kind ``source`` to one of kind ``target``.

    ``serves`` must also point upwards (outcome to objective, not objective to outcome).

    Examples
    --------
    >>> from outcomeframe.model._relations import allowed
    >>> from outcomeframe import Kind, Relation
    >>> allowed(Relation.SERVES, Kind.OBJECTIVE, Kind.PRIORITY)
    True
    >>> allowed(Relation.SERVES, Kind.PRIORITY, Kind.OBJECTIVE)
    False
    """
    sources, targets = ALLOWED[relation]
    if source not in sources or target not in targets:
        return False
    if relation is Relation.SERVES:
        return RANK[target] < RANK[source]
    return True
