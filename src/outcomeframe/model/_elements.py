"""Frozen value classes for every element of an outcomes framework.

Elements know nothing about the graph they sit in: relations live on the
:class:`~outcomeframe.Framework`'s graph. Change an element with :func:`attrs.evolve`.
"""

from __future__ import annotations

import enum
import functools
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
import numpy as np

from outcomeframe._errors import ArgumentError, DataError, UnitError
from outcomeframe._vocabulary import MeasureType, PeriodType, Polarity, parse_word
from outcomeframe.model._records import RecordDefinition, check_records, records_field
from outcomeframe.model._words import COMPARISON_WORDS

__all__ = [
    "Action",
    "Area",
    "Body",
    "ComparisonMethod",
    "Element",
    "Enabler",
    "Indicator",
    "Kind",
    "MeasureType",
    "Objective",
    "Outcome",
    "PeriodType",
    "Priority",
    "Target",
    "TargetDirection",
    "Vision",
]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_ID = 64


class Kind(enum.StrEnum):
    """The kinds of element a framework holds (the ``kind`` node attribute).

    Examples
    --------
    >>> from outcomeframe import Kind
    >>> Kind("indicator")
    <Kind.INDICATOR: 'indicator'>
    """

    VISION = "vision"
    PRIORITY = "priority"
    OBJECTIVE = "objective"
    OUTCOME = "outcome"
    INDICATOR = "indicator"
    ACTION = "action"
    ENABLER = "enabler"
    BODY = "body"


class ComparisonMethod(enum.StrEnum):
    """How an indicator's value is compared with its benchmark (see the methods page).

    ``ci_overlap``: Better/Worse when the 95% interval excludes the benchmark.
    ``ci_overlap_99_8``: the same test with the 99.8% interval only (Fingertips'
    "Confidence intervals overlapping reference value (99.8)").
    ``two_levels``: the 95% test, with the level (95% or 99.8%) reported.
    ``double_overlap``: the area's and the benchmark's 95% intervals overlap.
    ``quintiles``, ``quartiles``: the area's quantile group among its peers.
    ``not_compared``: Fingertips publishes no comparison for the indicator.
    :meth:`parse` also accepts Fingertips' method names.

    Examples
    --------
    >>> from outcomeframe import ComparisonMethod
    >>> ComparisonMethod("two_levels")
    <ComparisonMethod.TWO_LEVELS: 'two_levels'>
    >>> ComparisonMethod.parse("Confidence intervals overlapping reference value (99.8)")
    <ComparisonMethod.CI_OVERLAP_99_8: 'ci_overlap_99_8'>
    """

    CI_OVERLAP = "ci_overlap"
    CI_OVERLAP_99_8 = "ci_overlap_99_8"
    TWO_LEVELS = "two_levels"
    DOUBLE_OVERLAP = "double_overlap"
    QUINTILES = "quintiles"
    QUARTILES = "quartiles"
    NOT_COMPARED = "not_compared"

    @classmethod
    def parse(cls, text: str | ComparisonMethod) -> ComparisonMethod:
        """Read a comparison method from its value or a Fingertips method name.

        Parameters
        ----------
        text : str or ComparisonMethod
            ``"ci_overlap"``, ``"Quintiles"``, ``"Confidence intervals overlapping
            reference value (95.0)"``, ``"Not compared"`` ... (any case and spacing).

        Returns
        -------
        ComparisonMethod

        Raises
        ------
        ArgumentError
            When the text is not a known method; the message lists every accepted word.

        Examples
        --------
        >>> from outcomeframe import ComparisonMethod
        >>> ComparisonMethod.parse("No comparison")
        <ComparisonMethod.NOT_COMPARED: 'not_compared'>
        >>> ComparisonMethod.parse("Deciles")
        Traceback (most recent call last):
        ...
        outcomeframe.ArgumentError: comparison: 'Deciles' is not one of ci_overlap, ...
        """
        return parse_word(cls, text, COMPARISON_WORDS, "comparison")


class TargetDirection(enum.StrEnum):
    """Whether a target is a floor (``at_least``) or a ceiling (``at_most``).

    Examples
    --------
    >>> from outcomeframe import TargetDirection
    >>> TargetDirection("at_least")
    <TargetDirection.AT_LEAST: 'at_least'>
    """

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


def _check_id(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ArgumentError(
            f"{attribute.name}: expected text (an id such as 'best-start'), got {_kind_of(value)}"
        )
    if not _SLUG.fullmatch(value) or len(value) > _MAX_ID:
        raise ArgumentError(
            f"{attribute.name}: {value!r} is not a valid id (lower-case letters, digits and "
            f"single hyphens, at most {_MAX_ID} characters)"
        )


def _kind_of(value: object) -> str:
    """How a wrong value is named in a message: ``None``, or its type and value."""
    return "None" if value is None else f"{type(value).__name__} {value!r}"


def _check_text(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ArgumentError(f"{attribute.name}: must be non-empty text, got {_kind_of(value)}")
    if not value.strip():
        raise ArgumentError(f"{attribute.name}: must be non-empty text, got {value!r}")


def _check_str(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Optional free text: None or a string (possibly empty, as the file format allows)."""
    if value is not None and not isinstance(value, str):
        raise ArgumentError(f"{attribute.name}: must be text or None, got {_kind_of(value)}")


def _strings(value: Iterable[str] | str | None) -> Any:
    """None -> (), one string -> a 1-tuple, a list -> a tuple; anything else as given."""
    given: object = value  # checked as it comes, whatever its type
    if given is None:
        return ()
    if isinstance(given, str):
        return (given,)
    if isinstance(given, Iterable) and not isinstance(given, bytes | Mapping):
        return tuple(given)
    return given  # refused by _check_strings, which knows the field's name


def _check_strings(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise ArgumentError(f"{attribute.name}: must be a list of text, got {_kind_of(value)}")
    wrong = [v for v in value if not isinstance(v, str)]
    if wrong:
        raise ArgumentError(f"{attribute.name}: every entry must be text, got {_kind_of(wrong[0])}")


def _to_enum(enum_cls: type[enum.StrEnum], value: Any, name: str) -> Any:
    if value is None or isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        known = ", ".join(m.value for m in enum_cls)
        raise ArgumentError(f"{name}: {value!r} is not one of {known}") from None


def _measure(value: Any) -> MeasureType:
    return MeasureType.parse(value)


def _period_kind(value: Any) -> PeriodType | None:
    if value is None or isinstance(value, PeriodType):
        return value
    if not isinstance(value, str):
        raise ArgumentError(f"period_type: expected text, got {_kind_of(value)}")
    return PeriodType.parse(value)


def _comparison(value: Any) -> ComparisonMethod | None:
    return None if value is None else ComparisonMethod.parse(value)


@functools.lru_cache(maxsize=256)
def _canonical_unit(text: str) -> str:
    # The one unit registry lives in stats; it loads pint, so only when a unit is given.
    from outcomeframe.stats._units import unit_name  # noqa: PLC0415

    try:
        return unit_name(text)
    except UnitError:
        return text  # left as given: framework validation reports it


def _unit(value: Any) -> Any:
    """A unit as its registry name ("per 100,000" -> "per_100000"); other text as given."""
    if isinstance(value, str) and value.strip():
        return _canonical_unit(value)
    return value


def _optional_unit(value: Any) -> Any:
    return None if value is None else _unit(value)


def _optional_text(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ArgumentError(
            f"{attribute.name}: must be non-empty text or None, got {_kind_of(value)}"
        )


def _direction(value: Any) -> TargetDirection | None:
    result: TargetDirection | None = _to_enum(TargetDirection, value, "direction")
    return result


def _optional_polarity(value: Any) -> Polarity | None:
    return None if value is None else Polarity.parse(value)


def _target_value(value: Any) -> float | None:
    """A target's value: a finite real number (not text, not a boolean) or None."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ArgumentError(f"value: must be a number, got {_kind_of(value)}")
    try:
        number = float(value)
    except OverflowError:  # a whole number beyond float64, e.g. 10**400
        number = math.inf
    if not math.isfinite(number):
        raise ArgumentError(f"value: must be a finite number, got {value!r}")
    return number


#: The largest Fingertips indicator ID stored: IDs are 64-bit integers downstream.
_MAX_FINGERTIPS_ID = 2**63 - 1


def _fingertips_id(value: Any) -> int | None:
    """A positive whole number that fits 64 bits; 93085.0 is read as 93085."""
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, bool | np.bool_):
        number = None
    elif isinstance(value, numbers.Integral) or (
        isinstance(value, float | np.floating) and math.isfinite(value) and value == int(value)
    ):
        number = int(value)
    if number is None:
        raise ArgumentError(
            f"fingertips_id: must be a whole number (a Fingertips indicator ID such as "
            f"93085), got {_kind_of(value)}"
        )
    if not 1 <= number <= _MAX_FINGERTIPS_ID:
        raise ArgumentError(
            f"fingertips_id: must be between 1 and {_MAX_FINGERTIPS_ID}, got {number}"
        )
    return number


def _period_years(value: Any) -> int | None:
    """How many years each period pools: a whole number from 1 (None: not said)."""
    if value is None:
        return None
    number = float(value) if isinstance(value, numbers.Real) else math.nan
    if isinstance(value, bool | np.bool_) or not number.is_integer() or not 1 <= number <= 100:
        raise ArgumentError(
            f"period_years: must be a whole number of years from 1 to 100, got {value!r}"
        )
    return int(number)


def _check_period(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A target date: a period label Period.parse reads ("2022", "2023/24", "2025 Q1")."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ArgumentError(
            f"{attribute.name}: must be a period label such as '2022' or '2023/24', "
            f"got {_kind_of(value)}"
        )
    # The period grammar lives with the observations; loaded when a date is given.
    from outcomeframe.observations._period import Period  # noqa: PLC0415

    try:
        Period.parse(value)
    except DataError as err:
        raise ArgumentError(f"{attribute.name}: {err}") from None


def _optional_target(value: Any) -> Any:
    """A Target, or a mapping of its fields (as in a framework file)."""
    if isinstance(value, Mapping):
        return Target(**value)
    return value


def _check_target(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Target):
        raise ArgumentError(
            f"{attribute.name}: must be a Target (or a mapping of its fields), "
            f"got {_kind_of(value)}"
        )


@attrs.frozen(kw_only=True)
class Area:
    """An area with its ONS code, e.g. England ``E92000001``.

    Examples
    --------
    >>> from outcomeframe import Area
    >>> Area(code="E10000017", name="Lancashire")
    Area(code='E10000017', name='Lancashire')
    """

    code: str = attrs.field(validator=_check_text)
    name: str | None = attrs.field(default=None, validator=_check_str)


@attrs.frozen(kw_only=True)
class Target:
    """A target for an indicator: a value by a period, or reaching a benchmark.

    Give exactly one of ``value`` (with its ``unit``) or ``benchmark`` (an area
    code, e.g. England ``E92000001`` for "to national norms").
    ``direction`` defaults from the indicator's polarity when not given.

    Examples
    --------
    >>> from outcomeframe import Target
    >>> Target(value=95, unit="percent", direction="at_least", by="2022").value
    95.0
    >>> Target(benchmark="E92000001", wording="to national norms").benchmark
    'E92000001'
    >>> Target(wording="better")
    Traceback (most recent call last):
    ...
    outcomeframe.ArgumentError: Target: give exactly one of value (in unit) or benchmark (an area code)
    """

    value: float | None = attrs.field(default=None, converter=_target_value)
    unit: str | None = attrs.field(default=None, converter=_optional_unit, validator=_check_str)
    benchmark: str | None = attrs.field(default=None, validator=_check_str)
    direction: TargetDirection | None = attrs.field(default=None, converter=_direction)
    by: str | None = attrs.field(default=None, validator=_check_period)
    wording: str | None = attrs.field(default=None, validator=_check_str)

    def __attrs_post_init__(self) -> None:
        # The file format's words ("target" in framework.schema.json): exactly one of the two.
        if (self.value is None) == (self.benchmark is None):
            raise ArgumentError(
                "Target: give exactly one of value (in unit) or benchmark (an area code)"
            )


@attrs.frozen(kw_only=True)
class Element:
    """Fields every framework element has.

    Parameters
    ----------
    id : str
        A slug unique in the framework: lower-case letters, digits and single hyphens.
    title : str
        The element's wording, as the plan prints it.
    description : str, optional
        Longer text.
    leads : tuple of str
        The people or teams who lead it.
    tags : tuple of str
        Free labels, e.g. ``interpretive`` for elements a plan implies but does not name.

    Examples
    --------
    >>> from outcomeframe import Priority
    >>> p = Priority(id="school-readiness", title="School readiness", leads=["A. Lead"])
    >>> p.kind, p.leads
    (<Kind.PRIORITY: 'priority'>, ('A. Lead',))
    """

    kind: ClassVar[Kind]

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    description: str | None = attrs.field(default=None, validator=_check_str)
    leads: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_check_strings)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_check_strings)


@attrs.frozen(kw_only=True)
class Vision(Element):
    """The vision the whole framework serves.

    Examples
    --------
    >>> from outcomeframe import Vision
    >>> Vision(id="vision", title="Children are safe, healthy and achieve").kind.value
    'vision'
    """

    kind: ClassVar[Kind] = Kind.VISION


@attrs.frozen(kw_only=True)
class Priority(Element):
    """A key priority area or strategic outcome theme; serves the vision.

    Examples
    --------
    >>> from outcomeframe import Priority
    >>> Priority(id="best-start", title="Best start in life").kind.value
    'priority'
    """

    kind: ClassVar[Kind] = Kind.PRIORITY


@attrs.frozen(kw_only=True)
class Objective(Element):
    """An objective (an aim) that serves a priority.

    Examples
    --------
    >>> from outcomeframe import Objective
    >>> Objective(id="obj", title="To ensure better maternal outcomes").kind.value
    'objective'
    """

    kind: ClassVar[Kind] = Kind.OBJECTIVE


@attrs.frozen(kw_only=True)
class Outcome(Element):
    """An outcome the plan wants to see; serves objectives and is measured by indicators.

    Examples
    --------
    >>> from outcomeframe import Outcome
    >>> Outcome(id="less-smoking", title="Reduce smoking status at time of delivery").kind.value
    'outcome'
    """

    kind: ClassVar[Kind] = Kind.OUTCOME


@attrs.frozen(kw_only=True)
class Action(Element):
    """A key action that delivers outcomes, objectives or priorities.

    Examples
    --------
    >>> from outcomeframe import Action
    >>> Action(id="dashboard", title="Develop a performance dashboard").kind.value
    'action'
    """

    kind: ClassVar[Kind] = Kind.ACTION


@attrs.frozen(kw_only=True)
class Enabler(Element):
    """A principle, programme or resource that makes delivery possible.

    Examples
    --------
    >>> from outcomeframe import Enabler
    >>> Enabler(id="safeguarding", title="Safeguarding").kind.value
    'enabler'
    """

    kind: ClassVar[Kind] = Kind.ENABLER


@attrs.frozen(kw_only=True)
class Body(Element):
    """A governance body (board, group) that oversees parts of the framework.

    Examples
    --------
    >>> from outcomeframe import Body
    >>> Body(id="hwb", title="Health & Wellbeing Board").kind.value
    'body'
    """

    kind: ClassVar[Kind] = Kind.BODY


@attrs.frozen(kw_only=True)
class Indicator(Element):
    """A performance indicator: what is measured, in which unit, and which way is good.

    Parameters
    ----------
    measure : MeasureType
        Proportion, crude rate, DSR, ratio, mean, count, score or life
        expectancy; Fingertips' value types ("Directly standardised rate" ...)
        are accepted.
    unit : str
        A unit pint understands with outcomeframe's registry: ``percent``,
        ``per_1000``, ``per_10000``, ``per_100000``, ``dimensionless``, ``year`` ...
        Fingertips' words ("%", "per 100,000") are accepted and stored as the
        registry's name (``percent``, ``per_100000``).
    polarity : Polarity or None
        Which direction is good ("High is good", "RAG - Low is good" ... are
        accepted). There is no default: a framework whose indicator has none
        fails validation.
    numerator, denominator : str, optional
        What is counted, and out of what.
    fingertips_id : int, optional
        The OHID Fingertips indicator ID, where the indicator is published there:
        a whole number from 1 to 2**63 - 1 (``93085.0`` is read as ``93085``).
    source : str, optional
        Where the data come from.
    period_type : PeriodType, optional
        Calendar, financial, academic, pooled, quarter or month periods
        (Fingertips' "Financial", "Yearly" ... are accepted). For pooled data
        give the kind of year here and the number of years in ``period_years``.
    period_years : int, optional
        How many years each period pools (``5`` for "5 years combined" with
        ``period_type="academic"``: "2019/20 - 23/24"); 1 or not given: single years.
        A FingertipsNext file, which gives start years only, needs it.
    target : Target, optional
        The plan's target for this indicator.
    comparison : ComparisonMethod, optional
        How to compare with the benchmark; ``None`` means the default
        (95% confidence interval overlapping the benchmark value).
        Fingertips' method names are accepted.
    sex, age : str, optional
        The sex and age of the indicator's headline figure, as the data name
        them (93085 is "Female" / "All ages"; 20401 "Female" / "<18 yrs").
        When not given, the assessment infers them from the data.
    records : RecordDefinition or mapping, optional
        How to compute the indicator from record-level data (its filters and
        columns), for :func:`outcomeframe.aggregate`; a mapping of its fields is read.

    Examples
    --------
    >>> from outcomeframe import Indicator
    >>> ind = Indicator(
    ...     id="smoking-at-delivery",
    ...     title="Smoking status at time of delivery",
    ...     measure="proportion",
    ...     unit="percent",
    ...     polarity="lower_is_better",
    ...     fingertips_id=93085,
    ... )
    >>> ind.polarity
    <Polarity.LOWER_IS_BETTER: 'lower_is_better'>

    Fingertips' words are read as the values they stand for:

    >>> ind = Indicator(
    ...     id="conceptions", title="Under 18s conception rate", measure="Crude rate",
    ...     unit="per 1,000", polarity="RAG - Low is good", sex="Female", age="<18 yrs",
    ... )
    >>> ind.measure.value, ind.unit, ind.polarity.value, ind.sex, ind.age
    ('crude_rate', 'per_1000', 'lower_is_better', 'Female', '<18 yrs')
    """

    kind: ClassVar[Kind] = Kind.INDICATOR

    measure: MeasureType = attrs.field(converter=_measure)
    unit: str = attrs.field(converter=_unit, validator=_check_text)
    polarity: Polarity | None = attrs.field(default=None, converter=_optional_polarity)
    numerator: str | None = attrs.field(default=None, validator=_check_str)
    denominator: str | None = attrs.field(default=None, validator=_check_str)
    fingertips_id: int | None = attrs.field(default=None, converter=_fingertips_id)
    source: str | None = attrs.field(default=None, validator=_check_str)
    period_type: PeriodType | None = attrs.field(default=None, converter=_period_kind)
    period_years: int | None = attrs.field(default=None, converter=_period_years)
    target: Target | None = attrs.field(
        default=None, converter=_optional_target, validator=_check_target
    )
    comparison: ComparisonMethod | None = attrs.field(default=None, converter=_comparison)
    sex: str | None = attrs.field(default=None, validator=_optional_text)
    age: str | None = attrs.field(default=None, validator=_optional_text)
    records: RecordDefinition | None = attrs.field(
        default=None, converter=records_field, validator=check_records
    )


#: The element class for each kind.
ELEMENT_CLASSES: dict[Kind, type[Element]] = {
    cls.kind: cls
    for cls in (Vision, Priority, Objective, Outcome, Indicator, Action, Enabler, Body)
}


def _typed_init(cls: type[Any]) -> None:
    """Make a missing, unknown or positional field an ArgumentError naming it.

    attrs' generated ``__init__`` raises a bare TypeError for a wrong signature;
    the field checks themselves already raise ArgumentError.
    """
    init = cls.__init__

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args:
            raise ArgumentError(
                f"{cls.__name__}: give fields by name (e.g. id=..., title=...), not by position"
            )
        try:
            init(self, **kwargs)
        except TypeError as err:
            text = str(err).split("__init__() ", 1)[-1]
            for word, plain in (
                ("got an unexpected keyword argument", "unknown field"),
                ("keyword-only argument", "field"),
            ):
                text = text.replace(word, plain)
            raise ArgumentError(f"{cls.__name__}: {text}") from None

    cls.__init__ = __init__


for _cls in (Area, Target, Element, *ELEMENT_CLASSES.values()):
    _typed_init(_cls)
