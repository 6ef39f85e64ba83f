"""Fingertips' words accepted wherever an indicator is defined: constructors, files, schema.

The expected values below are the mapping the project decided on (docs/howto/framework-file.md,
"Fingertips' words"), written out by hand, not read from the code's tables.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

import outcomeframe as of
from outcomeframe.model._words import COMPARISON_WORDS, MEASURE_WORDS, accepted_words
from outcomeframe.observations._period import _PERIOD_WORDS, Period, _kind_hint, _multi_year
from outcomeframe.stats._polarity import _WORDS as POLARITY_WORDS
from outcomeframe.stats._polarity import _word_key

POLARITY = {
    "High is good": "higher_is_better",
    "Low is good": "lower_is_better",
    "RAG - High is good": "higher_is_better",
    "RAG - Low is good": "lower_is_better",
    "BOB - Blue orange blue": "no_judgement",
    "Not applicable": "no_judgement",
    "No judgement": "no_judgement",
}
UNITS = {
    "%": "percent",
    "per 100": "percent",
    "per 1,000": "per_1000",
    "per 1000": "per_1000",
    "per 10,000": "per_10000",
    "per 100,000": "per_100000",
    "per 100 000": "per_100000",
    "per 1,000,000": "per_1000000",
    "years": "year",
}
MEASURES = {
    "Proportion": "proportion",
    "Crude rate": "crude_rate",
    "Directly standardised rate": "dsr",
    "Indirectly standardised ratio": "ratio",
    "Indirectly standardised proportion": "ratio",
    "Count": "count",
    "Mean": "mean",
    "Life expectancy": "life_expectancy",
    "Score": "score",
}
COMPARISONS = {
    "Confidence intervals overlapping reference value (95.0)": "ci_overlap",
    "Confidence intervals overlapping reference value (99.8)": "ci_overlap_99_8",
    "Confidence intervals overlapping reference value (95.0 & 99.8)": "two_levels",
    "Overlapping confidence intervals (95.0)": "double_overlap",
    "Quintiles": "quintiles",
    "Quartiles": "quartiles",
    "Not compared": "not_compared",
    "No comparison": "not_compared",
}
PERIODS = {
    "Calendar": "calendar",
    "Financial": "financial",
    "Academic": "academic",
    "Yearly": "calendar",
    "Financial multi-year": "financial",
    "Financial year end point": "financial",
    "Quarterly": "quarter",
    "Monthly": "month",
}


def variants(word: str) -> list[str]:
    """The word as published, shouted, whispered and badly spaced."""
    spaced = "  " + word.replace(" ", "   ") + " "
    return [word, word.upper(), word.lower(), spaced]


def _cases(table: dict[str, str]) -> list[tuple[str, str]]:
    return [(v, value) for word, value in table.items() for v in variants(word)]


@pytest.mark.parametrize(("word", "value"), _cases(POLARITY))
def test_polarity_words(word, value):
    assert of.Polarity.parse(word).value == value


@pytest.mark.parametrize(("word", "value"), _cases(MEASURES))
def test_measure_words(word, value):
    assert of.MeasureType.parse(word).value == value


@pytest.mark.parametrize(("word", "value"), _cases(COMPARISONS))
def test_comparison_words(word, value):
    assert of.ComparisonMethod.parse(word).value == value


@pytest.mark.parametrize(("word", "value"), _cases(PERIODS))
def test_period_type_words(word, value):
    assert of.PeriodType.parse(word).value == value
    assert _kind_hint(word) is of.PeriodType(value)


@pytest.mark.parametrize(("word", "value"), _cases(UNITS))
def test_unit_words_are_stored_as_the_registry_name(word, value):
    ind = of.Indicator(id="i", title="I", measure="crude_rate", unit=word, polarity="Low is good")
    assert ind.unit == value
    assert of.Target(value=1, unit=word).unit == value


def test_our_own_values_still_read():
    for cls in (of.Polarity, of.MeasureType, of.ComparisonMethod, of.PeriodType):
        for member in cls:
            assert cls.parse(member.value) is member
            assert cls.parse(member) is member


def test_an_unknown_unit_is_kept_for_validation_to_report():
    ind = of.Indicator(id="i", title="I", measure="proportion", unit="furlongs")
    assert ind.unit == "furlongs"
    with pytest.raises(of.UnitError, match=r"per_100000 \(per 100,000\)"):
        of.stats.parse_unit("furlongs")


def test_proportion_is_not_a_unit():
    # "Proportion" could be a fraction (0-1) or a percentage: not guessed
    with pytest.raises(of.UnitError):
        of.stats.parse_unit("proportion")


@pytest.mark.parametrize(
    ("field", "word", "ours", "theirs"),
    [
        ("polarity", "Good", "higher_is_better", "RAG - Low is good"),
        ("measure", "Percentage", "crude_rate", "Directly standardised rate"),
        ("comparison", "Deciles", "ci_overlap_99_8", "Quintiles"),
        ("period_type", "Fortnightly", "quarter", "Financial year end point"),
    ],
)
def test_an_unknown_word_lists_every_accepted_one(field, word, ours, theirs):
    fields: dict[str, Any] = {"measure": "proportion", "unit": "percent", field: word}
    with pytest.raises(of.ArgumentError) as err:
        of.Indicator(id="i", title="I", **fields)
    message = str(err.value)
    assert repr(word) in message
    assert ours in message
    assert theirs in message


def test_financial_multi_year_is_financial_years_pooled():
    assert _multi_year("Financial multi-year")
    assert _multi_year(" financial  MULTI-YEAR ")
    assert not _multi_year("Financial")
    assert not _multi_year(of.PeriodType.FINANCIAL)
    period = Period.from_start_year(2020, "Financial multi-year", years=5)
    assert (period.label, period.start.month) == ("2020/21 - 24/25", 4)
    assert Period.parse("2020/21 - 24/25", kind="Financial multi-year").kind is of.PeriodType.POOLED


def test_period_words_as_a_hint_for_labels():
    parsed = of.observations.parse_periods(["2019/20", "2020/21"], kind="Financial year end point")
    assert parsed["period_type"].tolist() == ["financial", "financial"]
    with pytest.raises(of.DataError, match="not financial"):
        of.observations.parse_periods(["2019"], kind="Financial year end point")
    assert Period.parse("2019/20", kind="Academic").start.month == 9


def test_headline_sex_and_age():
    ind = of.Indicator(
        id="smoking",
        title="Smoking at delivery",
        measure="Proportion",
        unit="%",
        polarity="Low is good",
        sex="Female",
        age="All ages",
    )
    assert (ind.sex, ind.age) == ("Female", "All ages")
    assert of.Indicator(id="i", title="I", measure="count", unit="dimensionless").sex is None
    for bad in ("", "  ", 2):
        with pytest.raises(of.ArgumentError, match="sex"):
            of.Indicator(id="i", title="I", measure="count", unit="dimensionless", sex=bad)


FILE = """
outcomeframe: 1
title: Fingertips words
elements:
  priorities: [{id: p, title: A priority}]
  indicators:
    - id: conceptions
      title: Under 18s conceptions
      measure: crude rate
      unit: per 1,000
      polarity: "RAG - Low is good"
      comparison: "Confidence intervals overlapping reference value (99.8)"
      period_type: yearly
      sex: Female
      age: <18 yrs
      measures: [p]
    - id: readmissions
      title: Emergency readmissions
      measure: INDIRECTLY STANDARDISED PROPORTION
      unit: "%"
      polarity: low   is good
      comparison: not compared
      period_type: Financial multi-year
      measures: [p]
"""


def test_a_framework_file_in_fingertips_words():
    fw = of.loads(FILE)
    ind = fw["conceptions"]
    assert isinstance(ind, of.Indicator)
    assert (ind.measure, ind.unit, ind.polarity) == ("crude_rate", "per_1000", "lower_is_better")
    assert (ind.comparison, ind.period_type) == ("ci_overlap_99_8", "calendar")
    assert (ind.sex, ind.age) == ("Female", "<18 yrs")
    other = fw["readmissions"]
    assert isinstance(other, of.Indicator)
    assert (other.measure, other.unit, other.comparison) == ("ratio", "percent", "not_compared")
    # written back in our own values, and read back equal (YAML and JSON)
    text = of.dumps(fw)
    assert "sex: Female" in text
    assert "per_1000" in text
    assert "Low is good" not in text
    assert of.loads(text) == fw
    assert of.loads(of.dumps(fw, format="json"), format="json") == fw
    jsonschema.validate(of.to_dict(fw), of.schema())


@pytest.mark.parametrize(
    ("line", "bad"),
    [
        ('polarity: "RAG - Low is good"', 'polarity: "Good"'),
        ("measure: crude rate", "measure: percentage"),
        ("period_type: yearly", "period_type: fortnightly"),
        ('comparison: "Confidence intervals overlapping reference value (99.8)"', "comparison: x"),
    ],
)
def test_a_file_with_an_unknown_word_is_refused(line, bad):
    assert line in FILE
    with pytest.raises(of.ValidationError) as err:
        of.loads(FILE.replace(line, bad))
    assert [p.rule for p in err.value.problems] == ["schema"]
    assert "conceptions" in str(err.value)


# ---------------------------------------------------------------- the schema's word fields
FIELDS: dict[str, tuple[dict[str, str], str]] = {
    "measure": (
        accepted_words(of.MeasureType, MEASURE_WORDS),
        (
            "What kind of statistic: one of our values or Fingertips' value type "
            "(any case and spacing)."
        ),
    ),
    "polarity": (
        POLARITY_WORDS,
        (
            "Which direction is good: one of our values or Fingertips' polarity "
            "(any case and spacing)."
        ),
    ),
    "period_type": (
        _PERIOD_WORDS,
        (
            "The type of the indicator's periods: one of our values or Fingertips' "
            "period type (any case and spacing)."
        ),
    ),
    "comparison": (
        accepted_words(of.ComparisonMethod, COMPARISON_WORDS),
        (
            "How the indicator is compared with its benchmark: one of our values or "
            "Fingertips' benchmark comparison method (any case and spacing)."
        ),
    ),
}

_SPECIAL = set("\\^$.|?*+()[]{}/")


def _pattern(words: list[str]) -> str:
    """A portable (ECMA-262 and Python) pattern matching the words in any case and spacing."""
    alternatives = []
    for word in dict.fromkeys(_word_key(w) for w in words):
        parts = []
        for char in word:
            if char == " ":
                parts.append(r"\s+")
            elif char.isalpha():
                parts.append(f"[{char.lower()}{char.upper()}]")
            elif char in _SPECIAL:
                parts.append("\\" + char)
            else:
                parts.append(char)
        alternatives.append("".join(parts))
    return r"^\s*(?:" + "|".join(alternatives) + r")\s*$"


def schema_word_field(words: dict[str, str], description: str) -> dict[str, Any]:
    """The schema of a field that takes our values or Fingertips' words."""
    return {
        "description": description,
        "anyOf": [
            {"enum": list(words)},
            {"type": "string", "pattern": _pattern(list(words))},
        ],
    }


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_schema_word_fields_agree_with_the_readers(field):
    words, description = FIELDS[field]
    shipped = of.schema()["$defs"]["indicator"]["properties"][field]
    assert shipped == schema_word_field(words, description)


@pytest.mark.parametrize(
    ("field", "word"),
    [("polarity", w) for w in POLARITY]
    + [("measure", w) for w in MEASURES]
    + [("comparison", w) for w in COMPARISONS]
    + [("period_type", w) for w in PERIODS],
)
def test_schema_accepts_every_word_in_any_case(field, word):
    validator = jsonschema.Draft202012Validator(
        of.schema()["$defs"]["indicator"]["properties"][field]
    )
    for v in variants(word):
        assert validator.is_valid(v), v
    assert not validator.is_valid(word + " or so")
    assert not validator.is_valid("")
