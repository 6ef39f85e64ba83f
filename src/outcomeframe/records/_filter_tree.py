"""The expression tree of a record filter: frozen nodes that print back as filter text.

``str(node)`` writes text that :func:`~outcomeframe.parse_filter` reads back as an
equal tree (compound operands in parentheses), which the tests check on random trees.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

__all__ = [
    "KEYWORDS",
    "OPERATORS",
    "And",
    "Column",
    "Compare",
    "Filter",
    "In",
    "IsNull",
    "Literal",
    "Not",
    "Operand",
    "Or",
    "columns_of",
]

#: The comparison operators, as printed.
OPERATORS = ("<", "<=", ">", ">=", "==", "!=")
#: The words of the language (read in any case); a column so named goes between backticks.
KEYWORDS = frozenset({"and", "or", "not", "in", "is", "null", "true", "false"})

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@attrs.frozen
class Column:
    """A column of the records, by name.

    Examples
    --------
    >>> from outcomeframe.records import Column
    >>> str(Column("birthweight_g")), str(Column("birth weight"))
    ('birthweight_g', '`birth weight`')
    """

    name: str
    #: Where the name starts in the filter text (not compared: trees equal by content).
    at: int | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        plain = _PLAIN_NAME.fullmatch(self.name) and self.name.lower() not in KEYWORDS
        return self.name if plain else f"`{self.name}`"


@attrs.frozen
class Literal:
    r"""A number, a text or ``true`` / ``false`` written in the filter.

    Examples
    --------
    >>> from outcomeframe.records import Literal
    >>> print(Literal(2500), Literal("it's"), Literal(True))
    2500 'it\'s' true
    """

    value: bool | int | float | str
    #: Where the value starts in the filter text (not compared).
    at: int | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        value = self.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return repr(value)


Operand = Column | Literal


@attrs.frozen
class Compare:
    """``left op right``, ``op`` one of :data:`OPERATORS`; at least one side is a column.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> parse_filter("birthweight_g < 2500")
    Compare(left=Column(name='birthweight_g'), op='<', right=Literal(value=2500))
    """

    left: Operand
    op: str
    right: Operand

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@attrs.frozen
class In:
    """``column in (values...)``, or ``not in`` when ``negated``.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> str(parse_filter("smoking not in ('unknown', 'refused')"))
    "smoking not in ('unknown', 'refused')"
    """

    column: Column
    values: tuple[Literal, ...]
    negated: bool = False

    def __str__(self) -> str:
        word = "not in" if self.negated else "in"
        return f"{self.column} {word} ({', '.join(str(v) for v in self.values)})"


@attrs.frozen
class IsNull:
    """``column is null``, or ``is not null`` when ``negated``.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> parse_filter("area_code is not null").negated
    True
    """

    column: Column
    negated: bool = False

    def __str__(self) -> str:
        return f"{self.column} is {'not null' if self.negated else 'null'}"


@attrs.frozen
class Not:
    """``not operand``.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> str(parse_filter("not (a < 1 or b == 'x')"))
    "not (a < 1 or b == 'x')"
    """

    operand: Filter

    def __str__(self) -> str:
        return f"not {_wrapped(self.operand)}"


@attrs.frozen
class And:
    """``a and b and ...``: every one of ``items`` (two or more) holds.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> len(parse_filter("a < 1 and b > 2 and c == 3").items)
    3
    """

    items: tuple[Filter, ...]

    def __str__(self) -> str:
        return " and ".join(_wrapped(item) for item in self.items)


@attrs.frozen
class Or:
    """``a or b or ...``: at least one of ``items`` (two or more) holds.

    Examples
    --------
    >>> from outcomeframe.records import parse_filter
    >>> str(parse_filter("a < 1 or b > 2 and c == 3"))
    'a < 1 or (b > 2 and c == 3)'
    """

    items: tuple[Filter, ...]

    def __str__(self) -> str:
        return " or ".join(_wrapped(item) for item in self.items)


Filter = Compare | In | IsNull | Not | And | Or


def _wrapped(node: Filter) -> str:
    return f"({node})" if isinstance(node, And | Or) else str(node)


def columns_of(node: Filter) -> tuple[str, ...]:
    """The columns a filter reads, each once, in the order they are written.

    Examples
    --------
    >>> from outcomeframe.records import columns_of, parse_filter
    >>> columns_of(parse_filter("b < 1 and (a is null or b > 3)"))
    ('b', 'a')
    """
    found: dict[str, None] = {}
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Column):
            found.setdefault(item.name)
        elif isinstance(item, Compare):
            stack.extend((item.right, item.left))
        elif isinstance(item, In | IsNull):
            stack.append(item.column)
        elif isinstance(item, Not):
            stack.append(item.operand)
        elif isinstance(item, And | Or):
            stack.extend(reversed(item.items))
    return tuple(found)
