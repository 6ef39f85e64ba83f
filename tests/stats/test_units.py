"""The unit registry and unit helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pint
import pytest

from outcomeframe import ArgumentError, UnitError, UnitMismatchError
from outcomeframe.stats import (
    check_same_unit,
    convert,
    convert_result,
    difference_unit,
    multiplier,
    parse_unit,
    proportion,
    rate,
    result_unit,
    unit_for_multiplier,
    unit_name,
    unit_registry,
)


def test_registry_is_loaded_once_from_the_package_file() -> None:
    ureg = unit_registry()
    assert unit_registry() is ureg
    assert isinstance(ureg, pint.UnitRegistry)
    # Only our definitions: pint's defaults (e.g. furlong) are not loaded.
    with pytest.raises(UnitError, match="'furlong'"):
        parse_unit("furlong")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("percent", 100.0),
        ("%", 100.0),
        ("dimensionless", 1.0),
        ("", 1.0),
        ("per_1000", 1000.0),
        ("per_10000", 10_000.0),
        ("per_100000", 100_000.0),
        ("per_million", 1_000_000.0),
        ("percentage_point", 100.0),
        ("basis_point", 10_000.0),
    ],
)
def test_multiplier(text: str, expected: float) -> None:
    assert multiplier(text) == expected


@pytest.mark.parametrize("m", [1, 100, 1000, 10_000, 100_000, 1_000_000])
def test_unit_for_multiplier_inverts_multiplier(m: float) -> None:
    assert multiplier(unit_for_multiplier(m)) == m


def test_unit_for_multiplier_rejects_unnamed() -> None:
    with pytest.raises(ArgumentError, match="multiplier: 42"):
        unit_for_multiplier(42)


def test_multiplier_of_a_non_ratio() -> None:
    with pytest.raises(UnitError, match="'year'"):
        multiplier("year")


def test_parse_unit_errors_name_the_text() -> None:
    with pytest.raises(UnitError, match="'per_fortnight'"):
        parse_unit("per_fortnight")
    with pytest.raises(UnitError):
        parse_unit(3)  # type: ignore[arg-type]


def test_unit_name_is_canonical() -> None:
    assert unit_name("%") == "percent"
    assert unit_name("pp") == "percentage_point"


def test_convert_arrays_series_scalars() -> None:
    assert convert(12.5, "percent", "per_1000") == 125.0
    np.testing.assert_array_equal(convert([1.0, 2.0], "per_1000", "per_100000"), [100.0, 200.0])
    s = pd.Series([50.0], index=["x"], name="v")
    out = convert(s, "percent", "dimensionless")
    assert isinstance(out, pd.Series)
    assert out.index.tolist() == ["x"]
    assert out.name == "v"
    assert out.iloc[0] == 0.5
    assert convert(1.0, "year", "day") == 365.25


def test_convert_reads_values_as_the_other_statistics_do() -> None:
    """Text or pd.NA among the values raised ValueError / TypeError from float()."""
    out = convert([12.5, "x", None, pd.NA, "50", " 7.5 "], "percent", "per_1000")
    np.testing.assert_array_equal(out, [125.0, np.nan, np.nan, np.nan, 500.0, 75.0])
    series = convert(pd.Series([1, "x", pd.NA], dtype=object), "percent", "per_1000")
    assert series.tolist()[0] == 10.0
    assert series.iloc[1:].isna().all()
    assert np.isnan(convert(pd.NA, "percent", "per_1000"))
    with pytest.raises(ArgumentError, match=r"^values: cannot read as numbers"):
        convert([[1.0], [1.0, 2.0]], "percent", "per_1000")
    with pytest.raises(ArgumentError, match=r"^values: holds complex numbers"):
        convert(np.array([1 + 2j]), "percent", "per_1000")


def test_percentage_points_do_not_convert_to_percent() -> None:
    with pytest.raises(UnitMismatchError, match="percentage_point"):
        convert(2.0, "percentage_point", "percent")
    with pytest.raises(UnitMismatchError):
        convert(2.0, "percent", "percentage_point")
    assert convert(2.0, "percentage_point", "basis_point") == 200.0


def test_difference_unit() -> None:
    assert difference_unit("percent") == parse_unit("percentage_point")
    assert difference_unit("%") == parse_unit("percentage_point")
    assert difference_unit("per_100000") == parse_unit("per_100000")
    assert difference_unit("percentage_point") == parse_unit("percentage_point")
    assert difference_unit("year") == parse_unit("year")


def test_check_same_unit() -> None:
    assert check_same_unit("percent", "%") == parse_unit("percent")
    with pytest.raises(UnitMismatchError, match="'percent' and 'percentage_point'"):
        check_same_unit("percent", "pp")


def test_results_carry_their_unit() -> None:
    out = proportion([1], [4])
    assert result_unit(out) == parse_unit("percent")
    as_ratio = convert_result(out, "dimensionless")
    assert as_ratio.attrs["unit"] == "dimensionless"
    assert as_ratio["value"].iloc[0] == 0.25
    assert as_ratio["count"].iloc[0] == 1  # inputs are not converted
    back = convert_result(as_ratio, "percent")
    pd.testing.assert_frame_equal(back, out)
    assert rate([1], [10], multiplier="per_1000").attrs["unit"] == "per_1000"
    with pytest.raises(UnitError, match="attrs"):
        result_unit(pd.DataFrame())


@pytest.mark.parametrize("given", [None, [25.0], np.array([25.0]), pd.Series([25.0]), "percent"])
def test_what_is_no_result_is_refused_by_name(given) -> None:
    """Before, "'list' object has no attribute 'attrs'" from inside the function."""
    words = "result: expected a statistics result"
    with pytest.raises(ArgumentError, match=words):
        result_unit(given)
    with pytest.raises(ArgumentError, match=words):
        convert_result(given, "dimensionless")


def test_another_registry_can_be_passed() -> None:
    ureg = pint.UnitRegistry()
    assert multiplier("percent", registry=ureg) == 100.0
    out = proportion([1], [4], registry=ureg)
    assert out.attrs["unit"] == "percent"


def test_the_unit_facts_known_without_pint_are_the_registrys() -> None:
    """Validation's table of the usual units (ratio or not, what they measure) is pint's."""
    from outcomeframe._unit_names import NAMED, UNIT_FACTS, known_unit  # noqa: PLC0415
    from outcomeframe.stats import parse_unit, unit_name  # noqa: PLC0415

    assert set(UNIT_FACTS) == set(NAMED)
    for name, (dimensionless, dimensionality) in UNIT_FACTS.items():
        unit = parse_unit(name)
        assert (bool(unit.dimensionless), str(unit.dimensionality)) == (
            dimensionless,
            dimensionality,
        ), name
    for words in ("%", "per 1,000", "Per 100 000", "per 10000", "years", "Year", " percent "):
        assert known_unit(words) == unit_name(words)
    for other in ("kg", "per 7", "percentage", "", "x" * 300):
        assert known_unit(other) is None


def test_the_units_named_without_pint_are_the_registrys() -> None:
    """unit_name and multiplier answer for the usual units without pint: as pint would."""
    from outcomeframe.stats import multiplier, unit_name, unit_registry  # noqa: PLC0415
    from outcomeframe.stats._unit_parse import _NAMED  # noqa: PLC0415

    ureg = unit_registry()  # an explicit registry takes the pint path
    for name, scale in _NAMED.items():
        assert unit_name(name) == unit_name(name, ureg) == name
        if scale is None:
            with pytest.raises(UnitError, match="not a ratio") as via_pint:
                multiplier(name, ureg)
            with pytest.raises(UnitError, match="not a ratio") as named:
                multiplier(name)
            assert str(named.value) == str(via_pint.value)
        else:
            assert multiplier(name) == multiplier(name, ureg) == scale
    for words in ("%", "per 1,000", "Per 100 000", "years"):
        assert unit_name(words) == unit_name(words, ureg)


def test_difference_unit_names_without_pint_are_the_registrys() -> None:
    """The assessment's gap units: the usual ones from the table, all as pint says."""
    from outcomeframe.stats import unit_registry  # noqa: PLC0415
    from outcomeframe.stats._unit_convert import difference_unit_name  # noqa: PLC0415
    from outcomeframe.stats._unit_parse import _NAMED  # noqa: PLC0415

    ureg = unit_registry()  # an explicit registry takes the pint path
    words = ("%", "per 1,000", "Per 100 000", "years", "pp", "kg", "percent / year")
    for unit in (*_NAMED, *words):
        expected = unit_name(difference_unit(unit, ureg), ureg)
        assert difference_unit_name(unit) == difference_unit_name(unit, ureg) == expected, unit
    assert difference_unit_name("%") == "percentage_point"
    with pytest.raises(UnitError, match="not defined"):
        difference_unit_name("no such unit")


def test_the_usual_units_and_differences_do_not_load_pint() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import sys\n"
        "from outcomeframe.stats._unit_convert import difference_unit_name\n"
        "from outcomeframe._unit_names import NAMED\n"
        "names = [difference_unit_name(u) for u in [*NAMED, '%', 'per 1,000', 'years']]\n"
        "assert names[:2] == ['dimensionless', 'percentage_point'], names\n"
        "from outcomeframe import UnitError\n"
        "from outcomeframe.stats import multiplier\n"
        "try:\n"
        "    multiplier('years')\n"
        "except UnitError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('years has a multiplier')\n"
        "print('pint' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
