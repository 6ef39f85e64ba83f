"""A framework file's refused ``records:`` block is reported in the library's words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import outcomeframe as of

PLAN = Path(__file__).resolve().parents[2] / "docs" / "examples" / "births.yaml"


def _refusal(records: Any) -> str:
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data["elements"]["indicators"][0]["records"] = records
    with pytest.raises(of.ValidationError) as caught:
        of.loads(json.dumps(data), format="json")
    lines = [line for line in str(caught.value).splitlines() if "/records" in line]
    assert len(lines) == 1, str(caught.value)
    return lines[0]


@pytest.mark.parametrize(
    ("records", "words"),
    [
        ({"denominator": "x > 1"}, "records needs 'numerator'"),
        ({"numerator": "x > 1", "denominater": "y"}, "(did you mean 'denominator'?)"),
        ({"numerator": 5}, "numerator is a filter (text), not 5"),
        ({"numerator": "x > 1", "area": 3}, "area is a column name (text), not 3"),
        ({"numerator": "x > 1", "standard": "ESP1976"}, "'ESP1976' is not a standard population"),
        ({"numerator": "x > 1", "breakdowns": {"Total": "c"}}, "'Total' is not a breakdown type"),
        ({"numerator": "x > 1", "breakdowns": {" ": "c"}}, "a breakdown type needs a name"),
        ({"numerator": "x > 1", "breakdowns": ["c"]}, "breakdowns maps each breakdown type"),
        ({"numerator": "x > 1", "breakdowns": {"a": 1}}, "breakdown 'a' is a column name"),
        ("x > 1", "records is a mapping"),
    ],
)
def test_records_refusals_in_the_library_words(records: Any, words: str) -> None:
    line = _refusal(records)
    assert words in line
    for raw in ("is not of type", "was unexpected", "required property", "should not be valid"):
        assert raw not in line
