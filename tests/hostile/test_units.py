"""Hostile unit text: every failure of pint's parser is a UnitError naming the text and argument.

pint's tokenizer and parser raise TokenError, AssertionError, ZeroDivisionError,
RecursionError, OverflowError ... on text that is not a unit expression; each
public unit function, and every constructor and statistic that takes a unit,
must turn them into :class:`outcomeframe.UnitError`. All inputs are SYNTHETIC.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe.stats import (
    check_same_unit,
    convert,
    convert_result,
    difference_unit,
    mean,
    multiplier,
    parse_unit,
    proportion,
    rate,
    unit_name,
)
from outcomeframe.stats._units import MAX_UNIT_LENGTH
from tests.hostile.work import calls

#: One case per kind of failure inside pint (the exception it raised before).
BAD_TEXT = {
    "close bracket (TokenError)": ")",
    "open bracket (TokenError)": "(",
    "per and a bracket (TokenError)": "per )",
    "colon (AssertionError)": ":",
    "power alone (AssertionError)": "**",
    "dangling division (AssertionError)": "1/",
    "operator alone (AssertionError)": "==",
    "trailing power (AssertionError)": "percent**",
    "division by zero (ZeroDivisionError)": "1/0",
    "floor division by zero (ZeroDivisionError)": "7//0",
    "nested brackets (RecursionError)": "(" * 300 + "percent" + ")" * 300,
    "huge exponent (ZeroDivisionError)": "percent**1e308",
    "huge negative exponent (OverflowError)": "percent**-1e308",
    "undefined word": "furlongs",
    "a power of a power (hung: 9**(9**9))": "9**9**9",
    "a bracketed exponent (hung)": "2**(3**30)",
    "powers of powers in brackets (hung)": "((((10**20)**20)**20)**20)**20",
    "very long text (quadratic time)": "x" * 100_000,
}

#: function -> (call with the unit given as ``u``, the argument the message must name)
FUNCTIONS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "parse_unit": (parse_unit, "unit"),
    "unit_name": (unit_name, "unit"),
    "multiplier": (multiplier, "unit"),
    "difference_unit": (difference_unit, "unit"),
    "convert-from": (lambda u: convert(1.0, u, "percent"), "from_unit"),
    "convert-to": (lambda u: convert([1.0], "percent", u), "to_unit"),
    "check_same_unit": (lambda u: check_same_unit(u, "percent"), "a"),
    "convert_result": (lambda u: convert_result(proportion([1], [2]), u), "to_unit"),
    "mean": (lambda u: mean([1.0], [1.0], [10], unit=u), "unit"),
    "rate-multiplier": (lambda u: rate([1.0], [10.0], multiplier=u), "unit"),
}


@pytest.mark.parametrize("text", BAD_TEXT.values(), ids=BAD_TEXT.keys())
@pytest.mark.parametrize("function", FUNCTIONS, ids=FUNCTIONS.keys())
@pytest.mark.timeout(120)  # a hang guard, not a speed target (the work is counted below)
def test_bad_unit_text_is_a_unit_error_naming_text_and_argument(function, text):
    call, argument = FUNCTIONS[function]
    with pytest.raises(of.UnitError) as info:
        call(text)
    message = str(info.value)
    assert message.startswith(f"{argument} ") or f"{argument}: " in message, message
    assert repr(text)[:40] in message, message  # the text, quoted (cut when long)


@pytest.mark.parametrize("function", FUNCTIONS, ids=FUNCTIONS.keys())
def test_a_long_unit_text_is_cut_before_it_is_parsed(function):
    """The work does not grow with the text past the limit (pint's parser is quadratic)."""
    call = FUNCTIONS[function][0]

    def work(char: str, length: int) -> int:
        return calls(lambda: call(char * length), expect=of.UnitError)

    work("x", MAX_UNIT_LENGTH + 1)  # anything set up on first use
    short, long = work("y", MAX_UNIT_LENGTH + 1), work("z", 100_000)
    assert long <= short, (long, short)


def test_the_length_limit_is_generous_for_real_units():
    assert unit_name("per 100,000") == "per_100000"
    with pytest.raises(of.UnitError, match=f"more than the {MAX_UNIT_LENGTH}"):
        parse_unit("p" * (MAX_UNIT_LENGTH + 1))


@functools.cache
def other_registry() -> pint.UnitRegistry:
    """A second pint registry, built on first use (not by every worker at collection)."""
    return pint.UnitRegistry()


#: value (made from the other registry when it is a unit or quantity) -> words of the message
NOT_OURS: dict[str, tuple[Callable[[pint.UnitRegistry], Any], str]] = {
    "quantity": (lambda reg: reg.Quantity(1, "m"), "is not a unit"),
    "percent quantity": (lambda reg: reg.Quantity(5, "percent"), "is not a unit"),
    "newton": (lambda reg: reg.Unit("newton"), "is not defined"),
    "degC": (lambda reg: reg.Unit("degC"), "is not defined"),
    "None": (lambda reg: None, "is not a unit"),
    "int": (lambda reg: 12, "is not a unit"),
    "bytes": (lambda reg: b"percent", "is not a unit"),
}


@pytest.mark.parametrize("case", NOT_OURS, ids=NOT_OURS.keys())
@pytest.mark.parametrize("function", ["parse_unit", "multiplier", "convert-from", "convert-to"])
def test_objects_from_another_registry_or_not_units(case, function):
    make, words = NOT_OURS[case]
    call, argument = FUNCTIONS[function]
    with pytest.raises(of.UnitError, match=words) as info:
        call(make(other_registry()))
    assert str(info.value).startswith(f"{argument} ")


def test_a_unit_of_another_registry_is_read_by_its_name():
    percent = other_registry().Unit("percent")
    assert parse_unit(percent) == parse_unit("percent")
    assert multiplier(percent) == 100.0


@pytest.mark.parametrize("text", [")", "1/0", "per )", ":"])
def test_indicator_and_target_units_reach_validation_with_the_element(text):
    fw = of.Framework("SYNTHETIC")
    fw.add(
        of.Indicator(
            id="ind",
            title="SYNTHETIC indicator",
            measure="crude_rate",
            unit=text,
            polarity="higher_is_better",
        ),
        of.Indicator(
            id="ok",
            title="SYNTHETIC indicator 2",
            measure="crude_rate",
            unit="per_1000",
            polarity="higher_is_better",
            target=of.Target(value=3, unit=text),
        ),
    )
    with pytest.raises(of.ValidationError) as info:
        fw.validate()
    message = str(info.value)
    assert f"ind: unit {text!r} is not defined" in message
    assert f"ok: target unit: unit {text!r} is not defined" in message


@given(st.text(max_size=40))
def test_any_text_is_a_unit_or_a_unit_error(text):
    """Property: no text makes the unit functions raise anything but UnitError."""
    for call in (parse_unit, multiplier, lambda u: convert(1.0, u, "percent")):
        try:
            call(text)
        except of.UnitError:
            continue


@given(
    st.lists(st.sampled_from([*"()*/^:+-=.,0123456789e ", "percent", "per ", "**"])).map("".join)
)
def test_operator_soup_is_a_unit_or_a_unit_error(text):
    """Property: unit expressions made of operators and unit words never escape as pint errors."""
    try:
        unit = parse_unit(text)
    except of.UnitError:
        return
    assert isinstance(unit, pint.Unit)
