"""Unknown polarity, unit, measure and comparison words name the closest accepted ones."""

import re
import textwrap
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe.model._elements import MeasureType
from outcomeframe.stats import parse_unit
from outcomeframe.stats._polarity import _WORDS


def test_polarity_suggests_the_closest_words_of_one_meaning():
    with pytest.raises(of.ArgumentError) as info:
        of.Polarity.parse("Low is god")
    message = str(info.value)
    assert message.endswith("(did you mean 'Low is good' or 'RAG - Low is good'?)")
    # "High is good" is as close in spelling, but means the opposite: never offered
    assert "'High is good'?" not in message
    assert "'High is good' or" not in message
    # every word offered parses to the same polarity
    offered = re.findall(r"'([^']+)'", message.split("did you mean", 1)[1])
    assert {of.Polarity.parse(w) for w in offered} == {of.Polarity.LOWER_IS_BETTER}


def test_polarity_far_from_every_word_gets_no_suggestion():
    with pytest.raises(of.ArgumentError) as info:
        of.Polarity.parse("zzzz")
    assert "did you mean" not in str(info.value)
    assert all(word in str(info.value) for word in _WORDS)  # still lists every word


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        ("percnt", ["percent"]),
        ("Percent", ["percent"]),
        ("per 100000x", ["per 100,000", "per_100000"]),
        ("yeers", ["years", "year"]),
    ],
)
def test_unit_suggests_indicator_units(text, offered):
    with pytest.raises(of.UnitError) as info:
        parse_unit(text)
    message = str(info.value)
    hint = re.search(r"\(did you mean ([^?]+)\?\)", message)
    assert hint is not None, message
    assert re.findall(r"'([^']+)'", hint.group(1)) == offered
    # what is offered is a unit, and all of it the same unit
    assert {str(parse_unit(w)) for w in offered} == {str(parse_unit(offered[0]))}


@pytest.mark.parametrize("text", ["furlongs", "per )", "kilogramme per fortnight"])
def test_unit_far_from_indicator_units_gets_no_suggestion(text):
    with pytest.raises(of.UnitError) as info:
        parse_unit(text)
    assert "did you mean" not in str(info.value)


def test_measure_words_list_what_is_accepted_without_a_guess():
    # "Rate" is spelt like "ratio" but means a crude rate or a DSR: no suggestion
    with pytest.raises(of.ArgumentError) as info:
        MeasureType.parse("Rate")
    assert "did you mean" not in str(info.value)
    assert "Crude rate" in str(info.value)


def test_indicator_with_a_misspelt_unit_fails_validation_with_the_suggestion():
    ind = of.Indicator(
        id="smoking", title="Smoking", measure="proportion", unit="per 100000x",
        polarity="Low is good",
    )  # fmt: skip
    assert ind.unit == "per 100000x"  # kept as given; validation names it
    fw = of.Framework()
    fw.add(ind)
    with pytest.raises(of.ValidationError) as info:
        fw.validate()
    units = [p for p in info.value.problems if p.rule == "indicator-unit"]
    assert len(units) == 1
    assert "(did you mean 'per 100,000' or 'per_100000'?)" in units[0].message


def test_indicator_with_a_misspelt_polarity_names_the_closest():
    with pytest.raises(of.ArgumentError, match=r"did you mean 'Low is good'"):
        of.Indicator(
            id="smoking", title="Smoking", measure="proportion", unit="percent",
            polarity="Low is god",
        )  # fmt: skip


def _plan(tmp_path: Path, polarity: str, unit: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            outcomeframe: 1
            title: Test plan
            elements:
              visions:
                - id: vision
                  title: Vision
              outcomes:
                - id: healthy
                  title: Healthy
                  serves: [vision]
              indicators:
                - id: smoking
                  title: Smoking
                  measure: proportion
                  unit: {unit}
                  polarity: {polarity}
                  measures: [healthy]
            """
        ),
        encoding="utf-8",
    )
    return path


def test_framework_file_with_a_misspelt_polarity(tmp_path):
    with pytest.raises(of.ValidationError) as info:
        of.load(_plan(tmp_path, "Low is god", "percent"))
    (problem,) = info.value.problems
    assert problem.line == 16
    assert problem.element == "smoking"
    assert "polarity: 'Low is god' is not one of" in problem.message
    assert problem.message.endswith("(did you mean 'Low is good' or 'RAG - Low is good'?)")
    assert "not valid under any of the given schemas" not in str(info.value)


def test_framework_file_with_a_misspelt_unit(tmp_path):
    with pytest.raises(of.ValidationError) as info:
        of.load(_plan(tmp_path, "Low is good", "percnt"))
    (problem,) = info.value.problems
    assert problem.element == "smoking"
    assert problem.rule == "indicator-unit"
    assert "(did you mean 'percent'?)" in problem.message


def test_framework_file_with_a_long_unknown_word_keeps_the_schema_message(tmp_path):
    with pytest.raises(of.ValidationError) as info:
        of.load(_plan(tmp_path, "Low is good" * 20, "percent"))
    (problem,) = info.value.problems
    assert "is not valid under any of the given schemas" in problem.message


def test_equally_close_names_come_in_alphabetical_order():
    """difflib puts equal scores in reverse order: 'E08000029' before 'E08000009'."""
    from outcomeframe._suggest import closest  # noqa: PLC0415

    codes = ["E08000029", "E08000009", "E06000009", "E92000001"]
    assert closest("E0800009", codes) == ["E08000009", "E08000029", "E06000009"]
    assert closest("E0800009", list(reversed(codes))) == closest("E0800009", codes)
