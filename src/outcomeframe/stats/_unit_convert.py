"""Converting values between units, and the units of results and differences.

Values are kept as plain floats (in arrays, Series and DataFrame columns); the
unit travels beside them as a string (``result.attrs["unit"]``) and pint is used
at the boundaries: here, to find the factor between two units. Reading units and
the registry: :mod:`outcomeframe.stats._unit_parse`.

Percentage points
-----------------
The difference of two percentages is in percentage points (``percentage_point``),
which ``units.txt`` gives a dimension of its own. pint therefore refuses to
convert percentage points to or from ``percent`` (or any other ratio) instead
of doing so silently: "2 percentage points" and "2 percent" are different
statements, and the second usually means a relative change. Percentage points
convert only to other differences of proportions (``basis_point``).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from outcomeframe._errors import ArgumentError, UnitError, UnitMismatchError
from outcomeframe.stats._numbers import as_floats
from outcomeframe.stats._unit_parse import Registry, _known_name, _parse, _registry, unit_name

if TYPE_CHECKING:
    import pint

__all__ = [
    "check_same_unit",
    "convert",
    "convert_result",
    "difference_unit",
    "difference_unit_name",
    "result_unit",
]

_ValuesT = TypeVar("_ValuesT")


def _factor(
    from_unit: str | pint.Unit, to_unit: str | pint.Unit, registry: Registry | None
) -> tuple[int, int] | float:
    """Conversion factor from pint: as an exact ratio of integers when it is one."""
    import pint  # noqa: PLC0415 - loaded with the registry: no cost

    ureg = _registry(registry)
    source = _parse(from_unit, ureg, "from_unit")
    target = _parse(to_unit, ureg, "to_unit")
    try:
        factor = float(ureg.Quantity(1.0, source).to(target).magnitude)
    except pint.errors.DimensionalityError as err:
        raise UnitMismatchError(
            f"cannot convert {str(source)!r} to {str(target)!r}: {err}"
        ) from None
    except Exception:  # noqa: BLE001 - an overflow inside pint's arithmetic
        factor = float("nan")
    if not (math.isfinite(factor) and factor > 0):
        raise UnitError(
            f"from_unit/to_unit: the factor from {str(source)!r} to {str(target)!r} "
            "is not a finite positive number"
        )
    exact = Fraction(factor).limit_denominator(1_000_000_000)
    if exact and math.isclose(float(exact), factor, rel_tol=1e-14, abs_tol=0.0):
        return exact.numerator, exact.denominator
    return factor


def convert(
    values: _ValuesT,
    from_unit: str | pint.Unit,
    to_unit: str | pint.Unit,
    registry: Registry | None = None,
) -> _ValuesT:
    """Convert values from one unit to another, through pint.

    Parameters
    ----------
    values : float, array_like or pandas.Series
        Plain numbers in ``from_unit``; a Series keeps its index and name.
    from_unit, to_unit : str or pint.Unit
    registry : pint.UnitRegistry, optional

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The same kind of object as ``values``.

    Raises
    ------
    UnitMismatchError
        When the units have different dimensions (e.g. ``percentage_point`` to ``percent``).
    UnitError
        When a unit is not defined.

    Notes
    -----
    pint finds the factor; when it is a ratio of integers (every change of
    multiplier is), values are multiplied by the numerator and divided by the
    denominator so each result is correctly rounded. Converting and converting
    back returns the same values to within one unit in the last place: no
    floating-point scaling by 10 can be undone exactly for every value (13 per
    100,000 is 0.00013, which is not exactly representable), so keep values in
    the unit they were computed in and convert for display.

    Examples
    --------
    >>> from outcomeframe.stats import convert
    >>> convert([12.5, 50.0], "percent", "per_1000").tolist()
    [125.0, 500.0]
    >>> convert(0.25, "dimensionless", "percent")
    25.0
    """
    factor = _factor(from_unit, to_unit, registry)
    if isinstance(values, pd.Series):
        out = _apply(as_floats(values, "values"), factor)
        return pd.Series(out, index=values.index, name=values.name)  # type: ignore[return-value]
    try:
        scalar = np.ndim(values) == 0  # type: ignore[arg-type]
    except ValueError:  # ragged lists: as_floats names them
        scalar = False
    array = as_floats([values] if scalar else values, "values", max_ndim=32)
    if scalar:
        return float(_apply(array, factor)[0])  # type: ignore[return-value]
    result: _ValuesT = _apply(array, factor)
    return result


def _apply(data: Any, factor: tuple[int, int] | float) -> Any:
    if isinstance(factor, tuple):
        num, den = factor
        out = data * float(num) if num != 1 else data.copy()
        return out / float(den) if den != 1 else out
    return data * factor


def check_same_unit(
    a: str | pint.Unit, b: str | pint.Unit, registry: Registry | None = None
) -> pint.Unit:
    """Check that two values' units are the same unit and return it.

    Units are the same when they name the same unit (``"%"`` and ``"percent"``
    are the same); ``percent`` and ``per_1000`` are not, even though one
    converts to the other: convert first.

    Parameters
    ----------
    a, b : str or pint.Unit
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitMismatchError
        Naming both units.

    Examples
    --------
    >>> from outcomeframe.stats import check_same_unit
    >>> check_same_unit("%", "percent")
    <Unit('percent')>
    >>> check_same_unit("percent", "per_1000")
    Traceback (most recent call last):
    ...
    outcomeframe.UnitMismatchError: units differ: 'percent' and 'per_1000'
    """
    ureg = _registry(registry)
    ua, ub = _parse(a, ureg, "a"), _parse(b, ureg, "b")
    if ua != ub:
        raise UnitMismatchError(f"units differ: {str(ua)!r} and {str(ub)!r}")
    return ua


def difference_unit(unit: str | pint.Unit, registry: Registry | None = None) -> pint.Unit:
    """Return the unit of the difference of two values in ``unit``.

    The difference of two percentages is in ``percentage_point``; the
    difference of two rates per 100,000 is per 100,000; a difference of
    differences keeps its unit.

    Parameters
    ----------
    unit : str or pint.Unit
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pint.Unit

    Examples
    --------
    >>> from outcomeframe.stats import difference_unit
    >>> difference_unit("percent"), difference_unit("per_100000")
    (<Unit('percentage_point')>, <Unit('per_100000')>)
    """
    ureg = _registry(registry)
    parsed = _parse(unit, ureg, "unit")
    if parsed == ureg.parse_units("percent"):
        return ureg.parse_units("percentage_point")
    return parsed


def difference_unit_name(unit: str, registry: Registry | None = None) -> str:
    """Return the name of :func:`difference_unit`, without pint for the usual units.

    A usual unit of the default registry (percent, per 1,000 ... per 1,000,000,
    percentage points, basis points, years, dimensionless; see
    :data:`outcomeframe._unit_names.NAMED`) is answered from that table; any other
    unit, or any unit with ``registry`` given, is read by the registry.

    Examples
    --------
    >>> from outcomeframe.stats._unit_convert import difference_unit_name
    >>> difference_unit_name("%"), difference_unit_name("per 100,000")
    ('percentage_point', 'per_100000')
    """
    known = _known_name(unit, registry)
    if known is not None:
        return "percentage_point" if known == "percent" else known
    return unit_name(difference_unit(unit, registry), registry)


def result_unit(result: pd.DataFrame, registry: Registry | None = None) -> pint.Unit:
    """Return the unit of a statistics result (from ``result.attrs["unit"]``).

    Parameters
    ----------
    result : pandas.DataFrame
        As returned by :func:`proportion`, :func:`rate`, :func:`dsr` ...
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        When the frame carries no unit.
    ArgumentError
        When ``result`` is not a DataFrame.

    Examples
    --------
    >>> from outcomeframe.stats import proportion, result_unit
    >>> result_unit(proportion([5], [20]))
    <Unit('percent')>
    """
    if not isinstance(result, pd.DataFrame):
        raise ArgumentError(
            "result: expected a statistics result (the DataFrame that proportion, rate, "
            f"dsr ... return), got {type(result).__name__}"
        )
    text = result.attrs.get("unit")
    if text is None:
        raise UnitError("the frame has no unit: attrs['unit'] is missing")
    return _parse(text, _registry(registry), "result.attrs['unit']")


#: Columns of a statistics result that hold values in its unit.
def _value_columns(result: pd.DataFrame) -> list[str]:
    return [
        str(c) for c in result.columns if c == "value" or str(c).startswith(("lower_", "upper_"))
    ]


def convert_result(
    result: pd.DataFrame, to_unit: str | pint.Unit, registry: Registry | None = None
) -> pd.DataFrame:
    """Return a copy of a statistics result with its value and limits in another unit.

    Parameters
    ----------
    result : pandas.DataFrame
        A result carrying ``attrs["unit"]``.
    to_unit : str or pint.Unit
    registry : pint.UnitRegistry, optional

    Returns
    -------
    pandas.DataFrame
        ``value`` and every ``lower_*``/``upper_*`` column converted, ``attrs["unit"]``
        updated; the other columns (counts, method, reason) unchanged.

    Examples
    --------
    >>> from outcomeframe.stats import convert_result, proportion
    >>> out = convert_result(proportion([5], [20]), "dimensionless")
    >>> out.attrs["unit"], float(out["value"].iloc[0])
    ('dimensionless', 0.25)
    """
    source = result_unit(result, registry)
    target = _parse(to_unit, _registry(registry), "to_unit")
    out = result.copy()
    for column in _value_columns(result):
        out[column] = convert(result[column].to_numpy(dtype=float), source, target, registry)
    out.attrs["unit"] = str(target)
    return out
