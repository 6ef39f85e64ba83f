"""The plain Python schema check agrees with jsonschema (SYNTHETIC mutations, seeded)."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonschema
import pytest

import outcomeframe as of
from outcomeframe.io._schema_check import compile_schema
from outcomeframe.io._schema_problems import _check, _inlined, _validator
from outcomeframe.io._yaml import read_yaml
from tests.tracing import untraced

#: Values a mutation puts in place of another: each JSON type, the schema's own words,
#: and the edge cases where Python and JSON Schema differ (True is 1, 1.0 is an integer).
POOL: list[Any] = [
    None, True, False, 0, 1, 1.0, 1.5, -1, 2023, 2023.0, "", " ", "x", "Total", "a-b", "A B",
    "higher_is_better", "Lower is better", "proportion", "crude rate", "ci_overlap",
    "financial", "2023/24", "2019 - 22", "E08000009", "per 1,000", [], {}, ["a"], ["a", "a"],
    [1, True], [1, 1.0], ["vision"], {"value": 1}, {"benchmark": "E92000001"},
    {"value": 1, "benchmark": "E92000001"}, {"numerator": "a < 1"}, {"code": "E08000009"},
    "x" * 70, "line\nbreak",
]  # fmt: skip


def _small(name: str) -> dict[str, Any]:
    """A shipped plan cut to its metadata and the first two items of each section."""
    data, _ = read_yaml(of.examples.path(name).read_text(encoding="utf-8"))
    data["elements"] = {k: v[:2] for k, v in data["elements"].items()}
    return data


def _places(data: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [where]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _places(v, (*where, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _places(v, (*where, i))
    return out


def _mutate(data: Any, rng: random.Random, keys: list[str]) -> Any:
    places = [p for p in _places(data) if p]
    where = rng.choice(places)
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    how = rng.randrange(5)
    if how == 0:
        parent[last] = copy.deepcopy(rng.choice(POOL))
    elif how == 1:
        del parent[last]
    elif how == 2 and isinstance(parent, dict):
        parent[rng.choice(keys)] = copy.deepcopy(rng.choice(POOL))
    elif how == 3 and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif how == 4 and isinstance(parent[last], dict) and parent[last]:
        parent[last].pop(rng.choice(list(parent[last])))
    return data


def _keys(node: Any) -> set[str]:
    """Every property name the schema knows, to add as a key."""
    found: set[str] = set()
    if isinstance(node, dict):
        found |= set(node.get("properties", {}))
        for v in node.values():
            found |= _keys(v)
    elif isinstance(node, list):
        for v in node:
            found |= _keys(v)
    return found


def test_the_shipped_schema_compiles() -> None:
    assert _check() is not None


@pytest.mark.parametrize("name", of.examples.names())
def test_the_check_agrees_with_jsonschema_on_mutated_plans(name: str) -> None:
    check = _check()
    assert check is not None
    validator = _validator()
    keys = sorted(_keys(_inlined()))
    rng = random.Random(15)
    verdicts = {True: 0, False: 0}
    base = _small(name)
    assert check(base)
    assert not list(validator.iter_errors(base))
    for _ in range(600):
        with untraced():  # the mutation, and jsonschema's verdict: the reference
            data = copy.deepcopy(base)
            for _ in range(rng.randint(1, 3)):
                data = _mutate(data, rng, keys)
            expected = not any(True for _ in validator.iter_errors(data))
        assert check(data) is expected, data
        verdicts[expected] += 1
    assert min(verdicts.values()) >= 60, verdicts  # both answers are tested, often


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, [1, 1.0, -3], [True, 1.5, "1", None]),
        ({"type": "number"}, [1, 1.5], [False, "1"]),
        ({"enum": [1, "a"]}, [1, 1.0, "a"], [True, "1", 2]),
        ({"const": 1}, [1, 1.0], [True]),
        ({"const": False}, [False], [0, None]),
        ({"uniqueItems": True}, [[1, True], ["a", "b"], [[1], [True]]], [[1, 1.0], ["a", "a"]]),
        ({"minimum": 0, "maximum": 1}, [0, 1, "5", True], [-1, 1.5]),
        ({"minLength": 1, "maxLength": 2}, ["a", "ab", 7], ["", "abc"]),
        ({"pattern": "\\S"}, ["a", " a ", 3], ["", "  "]),
        ({"propertyNames": {"pattern": "^a"}}, [{"ab": 1}, {}], [{"b": 1}]),
        ({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, [{"a": 1}], [{}, {"a": 1, "b": 2}]),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, ["a", None], [1]),
        ({"not": {"const": "Total"}}, ["x"], ["Total"]),
        ({"additionalProperties": {"type": "string"}, "properties": {"n": {}}},
         [{"n": 1, "s": "a"}], [{"s": 1}]),
        ({"items": {"type": "string"}}, [[], ["a"], "not a list"], [[1]]),
        (True, [1, None], []),
        (False, [], [1, None]),
    ],
)  # fmt: skip
def test_each_keyword_as_jsonschema_applies_it(schema: Any, good: list[Any], bad: list[Any]):
    check = compile_schema(schema)
    assert check is not None
    validator = jsonschema.Draft202012Validator(schema)
    for value in good:
        assert validator.is_valid(value), value  # the expectation itself, independently
        assert check(value), value
    for value in bad:
        assert not validator.is_valid(value), value
        assert not check(value), value


@pytest.mark.parametrize(
    "schema",
    [{"format": "date"}, {"$ref": "#/$defs/id"}, {"items": [{}]}, {"patternProperties": {}},
     {"additionalProperties": False, "patternProperties": {"^a": {}}}, {"type": "thing"}],
)  # fmt: skip
def test_a_keyword_it_does_not_know_leaves_the_schema_to_jsonschema(schema: Any) -> None:
    assert compile_schema(schema) is None
