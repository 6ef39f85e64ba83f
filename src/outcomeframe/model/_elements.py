"""Frozen value classes for every element of an outcomes framework.

Elements know nothing about the graph they sit in: relations live on the
:class:`~outcomeframe.Framework`'s graph. Change an element with :func:`attrs.evolve`.
The enums are in :mod:`outcomeframe.model._kinds`, the checks of each field in
:mod:`outcomeframe.model._fields`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from outcomeframe._errors import ArgumentError
from outcomeframe._vocabulary import MeasureType, PeriodType, Polarity
from outcomeframe.model._fields import (
    check_id,
    check_optional_text,
    check_period,
    check_str,
    check_strings,
    check_text,
    kind_of,
    to_comparison,
    to_direction,
    to_fingertips_id,
    to_measure,
    to_optional_polarity,
    to_optional_unit,
    to_period_kind,
    to_period_years,
    to_strings,
    to_target_value,
    to_unit,
)
from outcomeframe.model._kinds import ComparisonMethod, Kind, TargetDirection
from outcomeframe.model._records import RecordDefinition, check_records, records_field

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


def _optional_target(value: Any) -> Any:
    """A Target, or a mapping of its fields (as in a framework file)."""
    if isinstance(value, Mapping):
        return Target(**value)
    return value


def _check_target(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Target):
        raise ArgumentError(
            f"{attribute.name}: must be a Target (or a mapping of its fields), got {kind_of(value)}"
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

    code: str = attrs.field(validator=check_text)
    name: str | None = attrs.field(default=None, validator=check_str)


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

    value: float | None = attrs.field(default=None, converter=to_target_value)
    unit: str | None = attrs.field(default=None, converter=to_optional_unit, validator=check_str)
    benchmark: str | None = attrs.field(default=None, validator=check_str)
    direction: TargetDirection | None = attrs.field(default=None, converter=to_direction)
    by: str | None = attrs.field(default=None, validator=check_period)
    wording: str | None = attrs.field(default=None, validator=check_str)

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

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    description: str | None = attrs.field(default=None, validator=check_str)
    leads: tuple[str, ...] = attrs.field(default=(), converter=to_strings, validator=check_strings)
    tags: tuple[str, ...] = attrs.field(default=(), converter=to_strings, validator=check_strings)


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

    measure: MeasureType = attrs.field(converter=to_measure)
    unit: str = attrs.field(converter=to_unit, validator=check_text)
    polarity: Polarity | None = attrs.field(default=None, converter=to_optional_polarity)
    numerator: str | None = attrs.field(default=None, validator=check_str)
    denominator: str | None = attrs.field(default=None, validator=check_str)
    fingertips_id: int | None = attrs.field(default=None, converter=to_fingertips_id)
    source: str | None = attrs.field(default=None, validator=check_str)
    period_type: PeriodType | None = attrs.field(default=None, converter=to_period_kind)
    period_years: int | None = attrs.field(default=None, converter=to_period_years)
    target: Target | None = attrs.field(
        default=None, converter=_optional_target, validator=_check_target
    )
    comparison: ComparisonMethod | None = attrs.field(default=None, converter=to_comparison)
    sex: str | None = attrs.field(default=None, validator=check_optional_text)
    age: str | None = attrs.field(default=None, validator=check_optional_text)
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
