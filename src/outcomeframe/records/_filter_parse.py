"""The record filter language: a tokenizer and a recursive-descent parser into a frozen tree.

The language is small on purpose: column names, numbers, quoted text, ``true`` and
``false``; the comparisons ``<  <=  >  >=  ==  !=`` (``=`` reads as ``==``);
``and`` / ``or`` / ``not``; parentheses; ``in (a, b, ...)``, ``not in (...)``;
``is null`` and ``is not null``. Nothing in the text is ever run: it is read by the
tokenizer below into :class:`Filter` nodes, and only those are turned into engine
expressions (:mod:`outcomeframe.records._filter`). The module imports nothing but the
errors, so the model layer can parse filters when an indicator is built.
"""

from __future__ import annotations

import math
import re

import attrs

from outcomeframe._errors import FilterError
from outcomeframe.records._filter_tree import (
    KEYWORDS,
    And,
    Column,
    Compare,
    Filter,
    In,
    IsNull,
    Literal,
    Not,
    Operand,
    Or,
    columns_of,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "And",
    "Column",
    "Compare",
    "Filter",
    "In",
    "IsNull",
    "Literal",
    "Not",
    "Or",
    "columns_of",
    "parse_filter",
]

#: The longest filter text read, in characters.
MAX_LENGTH = 10_000
#: The deepest nesting of parentheses and ``not`` read.
MAX_DEPTH = 64


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<quoted>`[^`]*`)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<op><=|>=|==|!=|<>|<|>|=)
  | (?P<punct>[(),\-])
    """,
    re.VERBOSE,
)
_UNESCAPE = re.compile(r"\\(.)")


@attrs.frozen
class _Token:
    kind: str  # number, name, quoted, string, op, punct, keyword, end
    text: str
    start: int


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            hint = ""
            if char in "'\"`":
                hint = " (a quote that is never closed)"
            elif char in "&|!":
                hint = " (write and, or, not)"
            raise FilterError(f"unexpected character {char!r}{hint}", text, position)
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group()
            if kind == "name" and word.lower() in KEYWORDS:
                kind, word = "keyword", word.lower()
            out.append(_Token(kind, word, position))
        position = match.end()
    out.append(_Token("end", "", len(text)))
    return out


class _Parser:
    """Recursive descent over the tokens; the depth is bounded by :data:`MAX_DEPTH`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, message: str, token: _Token | None = None) -> FilterError:
        token = token or self.peek()
        return FilterError(message, self.text, token.start)

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token.kind == "keyword" and token.text == word:
            self.i += 1
            return True
        return False

    def expect(self, kind: str, text: str, what: str) -> None:
        token = self.peek()
        if token.kind != kind or token.text != text:
            raise self.fail(f"expected {what}, found {_shown(token)}")
        self.i += 1

    def parse(self) -> Filter:
        node = self.disjunction()
        if self.peek().kind != "end":
            token = self.peek()
            raise self.fail(f"expected 'and', 'or' or the end, found {_shown(token)}")
        return node

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep")

    def disjunction(self) -> Filter:
        items = [self.conjunction()]
        while self.keyword("or"):
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self) -> Filter:
        items = [self.negation()]
        while self.keyword("and"):
            items.append(self.negation())
        return items[0] if len(items) == 1 else And(tuple(items))

    def negation(self) -> Filter:
        if self.keyword("not"):
            self.deeper()
            node: Filter = Not(self.negation())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Filter:
        token = self.peek()
        if token.kind == "punct" and token.text == "(":
            self.take()
            self.deeper()
            node = self.disjunction()
            self.depth -= 1
            self.expect("punct", ")", "')' to close the '(' at column " + str(token.start + 1))
            return node
        return self.predicate()

    def predicate(self) -> Filter:
        first = self.peek()
        left = self.operand()
        token = self.peek()
        if token.kind == "op":
            self.take()
            op = {"=": "==", "<>": "!="}.get(token.text, token.text)
            right = self.operand()
            if isinstance(left, Literal) and isinstance(right, Literal):
                raise self.fail("a comparison needs a column on one side", first)
            return Compare(left, op, right)
        if token.kind == "keyword" and token.text in ("in", "not", "is"):
            column = self.column_of(left, first, token.text)
            if self.keyword("is"):
                negated = self.keyword("not")
                self.expect("keyword", "null", "'null' after 'is'" + (" not" if negated else ""))
                return IsNull(column, negated)
            negated = self.keyword("not")
            self.expect("keyword", "in", "'in' after 'not'")
            return In(column, self.values(), negated)
        if token.kind == "punct" and token.text == "(" and isinstance(left, Column):
            raise self.fail(
                f"{left.name}( looks like a function call; the filter language has none "
                "(only columns, values, comparisons, and / or / not, in, is null)",
                first,
            )
        raise self.fail(
            f"expected a comparison (< <= > >= == !=), 'in' or 'is' after {_shown(first)}, "
            f"found {_shown(token)}"
        )

    def column_of(self, node: Operand, token: _Token, word: str) -> Column:
        if not isinstance(node, Column):
            raise self.fail(f"'{word}' needs a column on its left, found {_shown(token)}", token)
        return node

    def values(self) -> tuple[Literal, ...]:
        self.expect("punct", "(", "'(' to start the list of values")
        values: list[Literal] = []
        while True:
            token = self.peek()
            value = self.operand()
            if not isinstance(value, Literal):
                raise self.fail(
                    f"a list after 'in' holds values, not a column ({token.text})", token
                )
            values.append(value)
            if self.peek().kind == "punct" and self.peek().text == ",":
                self.take()
                if self.peek().kind == "punct" and self.peek().text == ")":
                    break
                continue
            break
        self.expect("punct", ")", "',' or ')' in the list of values")
        return tuple(values)

    def operand(self) -> Operand:
        token = self.take()
        if token.kind == "name":
            return Column(token.text, at=token.start)
        if token.kind == "quoted":
            name = token.text[1:-1]
            if not name.strip():
                raise self.fail("an empty column name between backticks", token)
            return Column(name, at=token.start)
        if token.kind == "string":
            return Literal(_UNESCAPE.sub(r"\1", token.text[1:-1]), at=token.start)
        if token.kind == "number":
            return Literal(self.number(token), at=token.start)
        if token.kind == "punct" and token.text == "-" and self.peek().kind == "number":
            return Literal(-self.number(self.take()), at=token.start)
        if token.kind == "keyword" and token.text in ("true", "false"):
            return Literal(token.text == "true", at=token.start)
        self.i -= 1
        raise self.fail(f"expected a column or a value, found {_shown(token)}", token)

    def number(self, token: _Token) -> int | float:
        text = token.text
        value = int(text) if re.fullmatch(r"\d{1,18}", text) else float(text)
        if not math.isfinite(value):
            raise self.fail(f"the number {text} is too large", token)
        return value


def _shown(token: _Token) -> str:
    if token.kind == "end":
        return "the end"
    return repr(token.text) if token.kind != "keyword" else f"'{token.text}'"


def parse_filter(text: str) -> Filter:
    """Parse a record filter into its expression tree; nothing in the text is run.

    Parameters
    ----------
    text : str
        For example ``"birthweight_g < 2500 and gestation_weeks >= 37"``. See
        :doc:`/explanation/records` for the grammar. ``and`` binds tighter than
        ``or``; keywords are read in any case; a column name that is not a plain
        word goes between backticks (```birth weight```); text goes between single
        or double quotes.

    Returns
    -------
    Filter
        A frozen tree of :class:`Compare`, :class:`In`, :class:`IsNull`,
        :class:`Not`, :class:`And` and :class:`Or`. ``str()`` prints it back as
        text that parses to the same tree.

    Raises
    ------
    FilterError
        The text is not a filter (the message shows where, with a caret), is longer
        than :data:`MAX_LENGTH` characters or nests deeper than :data:`MAX_DEPTH`.

    Examples
    --------
    >>> import outcomeframe as of
    >>> tree = of.parse_filter("birthweight_g < 2500 AND gestation_weeks >= 37")
    >>> str(tree)
    'birthweight_g < 2500 and gestation_weeks >= 37'
    >>> of.parse_filter("__import__('os')")
    Traceback (most recent call last):
    ...
    outcomeframe.FilterError: filter, column 1: __import__( looks like a function call; ...
      __import__('os')
      ^
    """
    if not isinstance(text, str):
        raise FilterError(f"expected the filter as text, got {type(text).__name__}", None, None)
    if len(text) > MAX_LENGTH:
        raise FilterError(
            f"{len(text):,} characters is longer than a filter may be ({MAX_LENGTH:,})", None, None
        )
    if not text.strip():
        raise FilterError("the filter is empty", text, 0)
    return _Parser(text).parse()
