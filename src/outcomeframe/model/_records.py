"""How an indicator is computed from record-level data: its filters and its columns.

A :class:`RecordDefinition` is a frozen value on :attr:`Indicator.records
<outcomeframe.Indicator>`. Its filters are parsed when it is built, so a filter that
is not one fails at once, naming the field; the parser
(:mod:`outcomeframe.records._filter_parse`) imports nothing but the errors, and is imported
when a definition is first built (a framework without records never loads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from outcomeframe._errors import ArgumentError, FilterError

if TYPE_CHECKING:
    from outcomeframe.records._filter_parse import Filter

__all__ = ["STANDARDS", "RecordDefinition", "check_records", "records_field"]

#: The standard populations a DSR indicator may name (see :data:`outcomeframe.stats.ESP2013`).
STANDARDS: tuple[str, ...] = ("ESP2013",)


def _text(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        shown = "None" if value is None else f"{type(value).__name__} {value!r}"
        raise ArgumentError(f"records.{attribute.name}: must be non-empty text, got {shown}")


def _optional_text(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _text(inst, attribute, value)


def _pairs(value: Any) -> Any:
    """A mapping breakdown type -> column as a tuple of pairs (frozen, hashable)."""
    if isinstance(value, Mapping):
        return tuple(value.items())
    return value


def _check_breakdowns(_inst: object, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(p, tuple) and len(p) == 2 for p in value):
        raise ArgumentError(
            "records.breakdowns: must be a mapping of breakdown type to column, "
            f"got {type(value).__name__}"
        )
    for label, column in value:
        for what, text in (("breakdown type", label), ("column", column)):
            if not isinstance(text, str) or not text.strip():
                raise ArgumentError(
                    f"records.breakdowns: each {what} must be non-empty text, got {text!r}"
                )
        if label == "Total":
            raise ArgumentError(
                "records.breakdowns: 'Total' is the breakdown of every record; name the "
                "breakdown type another way"
            )


def _check_standard(_inst: object, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value not in STANDARDS:
        raise ArgumentError(f"records.standard: {value!r} is not one of {', '.join(STANDARDS)}")


@attrs.frozen(kw_only=True)
class RecordDefinition:
    """How to compute an indicator from records: which records count, and their columns.

    Parameters
    ----------
    numerator : str
        A filter (see :func:`outcomeframe.parse_filter`) selecting the records counted,
        among those of the denominator, e.g. ``"birthweight_g < 2500"``.
    denominator : str, optional
        A filter selecting the records of the population, e.g.
        ``"gestation_weeks >= 37"``. Not given: every record.
    area : str, default "area_code"
        The column of area codes.
    period : str, default "year"
        The column giving the period: whole start years (2023 is 2023/24 for a
        financial indicator), dates (read as the calendar, financial or academic
        year of the indicator's ``period_type``), or text period labels ("2023/24").
    sex, age : str, optional
        Columns of the sex and age labels; not given, every record has the
        indicator's ``sex`` and ``age``.
    breakdowns : mapping of str to str, optional
        Breakdown type -> column, e.g. ``{"Mother's age": "mother_age_band"}``:
        one row per value of the column, besides the ``Total`` row.
    age_band : str, optional
        For a DSR indicator (and only then): the column of age-band labels of the
        standard population.
    standard : str, optional
        For a DSR indicator: the standard population, one of :data:`STANDARDS`
        (default ``"ESP2013"``).

    Raises
    ------
    FilterError
        A filter that is not one, naming the field and the place in its text.
    ArgumentError
        A column name that is not text, a standard not known.

    Examples
    --------
    >>> import outcomeframe as of
    >>> low = of.RecordDefinition(
    ...     numerator="birthweight_g < 2500 and gestation_weeks >= 37",
    ...     denominator="gestation_weeks >= 37",
    ...     breakdowns={"Mother's age": "mother_age_band"},
    ... )
    >>> low.columns
    ('area_code', 'year', 'mother_age_band', 'birthweight_g', 'gestation_weeks')
    >>> of.RecordDefinition(numerator="birthweight_g < 2500 and")
    Traceback (most recent call last):
    ...
    outcomeframe.FilterError: records.numerator, column 25: expected a column or a value, found the end
      birthweight_g < 2500 and
                              ^
    """

    numerator: str = attrs.field(validator=_text)
    denominator: str | None = attrs.field(default=None, validator=_optional_text)
    area: str = attrs.field(default="area_code", validator=_text)
    period: str = attrs.field(default="year", validator=_text)
    sex: str | None = attrs.field(default=None, validator=_optional_text)
    age: str | None = attrs.field(default=None, validator=_optional_text)
    breakdowns: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_breakdowns
    )
    age_band: str | None = attrs.field(default=None, validator=_optional_text)
    standard: str | None = attrs.field(default=None, validator=_check_standard)
    #: The parsed filters (derived from the text: not compared, not given).
    numerator_filter: Filter = attrs.field(init=False, eq=False, repr=False)
    denominator_filter: Filter | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        from outcomeframe.records._filter_parse import parse_filter  # noqa: PLC0415

        self._one_role_each()

        for name in ("numerator", "denominator"):
            text = getattr(self, name)
            tree = None
            if text is not None:
                try:
                    tree = parse_filter(text)
                except FilterError as err:
                    raise FilterError(
                        err.reason, err.expression, err.position, where=f"records.{name}"
                    ) from None
            object.__setattr__(self, f"{name}_filter", tree)

    def _one_role_each(self) -> None:
        """Refuse a column that places records in two ways (the area and the period, say)."""
        roles = [("area", self.area), ("period", self.period), ("sex", self.sex)]
        roles += [("age", self.age), ("age_band", self.age_band)]
        roles += [(f"breakdowns[{label!r}]", column) for label, column in self.breakdowns]
        first: dict[str, str] = {}
        for role, column in roles:
            if column is None:
                continue
            if column in first:
                raise ArgumentError(
                    f"records.{role}: column {column!r} is already records.{first[column]}; "
                    "each of area, period, sex, age, age band and breakdown needs its own column"
                )
            first[column] = role

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns that place a record: area, period, sex, age, breakdowns, age band."""
        named = (self.area, self.period, self.sex, self.age)
        found = [c for c in named if c is not None]
        found += [column for _, column in self.breakdowns]
        if self.age_band is not None:
            found.append(self.age_band)
        return tuple(dict.fromkeys(found))

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the definition reads, each once: the keys, then the filters'."""
        from outcomeframe.records._filter_parse import columns_of  # noqa: PLC0415

        trees = [self.numerator_filter, self.denominator_filter]
        read = [c for tree in trees if tree is not None for c in columns_of(tree)]
        return tuple(dict.fromkeys([*self.keys, *read]))

    def to_dict(self) -> dict[str, Any]:
        """The definition as file data: the fields given, breakdowns as a mapping.

        Examples
        --------
        >>> import outcomeframe as of
        >>> of.RecordDefinition(numerator="smoker == true").to_dict()
        {'numerator': 'smoker == true', 'area': 'area_code', 'period': 'year'}
        """
        out: dict[str, Any] = {}
        for field in attrs.fields(RecordDefinition):
            if not field.init:
                continue
            value = getattr(self, field.name)
            if value is None or value == ():
                continue
            out[field.name] = dict(value) if field.name == "breakdowns" else value
        return out


class _Refused:
    """A ``records`` mapping that could not be built; the indicator's check says why."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def records_field(value: Any) -> Any:
    """Converter of ``Indicator.records``: a mapping of fields is built into a definition."""
    if isinstance(value, Mapping):
        try:
            return RecordDefinition(**value)
        except TypeError as err:
            text = str(err).split("__init__() ", 1)[-1]
            text = text.replace("got an unexpected keyword argument", "unknown field")
            text = text.replace("keyword-only argument", "field")
            return _Refused(ArgumentError(f"records: {text}"))
        except (ArgumentError, FilterError) as err:
            return _Refused(err)
    return value


def check_records(inst: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of ``Indicator.records``: errors name the indicator; DSRs need an age band."""
    where = f"indicator {inst.id!r}"
    if isinstance(value, _Refused):
        err = value.error
        if isinstance(err, FilterError):
            raise FilterError(
                err.reason, err.expression, err.position, where=f"{where}, {err.where}"
            ) from None
        raise ArgumentError(f"{where}: {err}") from None
    if value is None:
        return
    if not isinstance(value, RecordDefinition):
        raise ArgumentError(
            f"{where}: records must be a RecordDefinition (or a mapping of its fields), "
            f"got {type(value).__name__}"
        )
    dsr = getattr(inst.measure, "value", None) == "dsr"
    if dsr and value.age_band is None:
        raise ArgumentError(
            f"{where}: records.age_band: a directly standardised rate needs the column of age bands"
        )
    if not dsr and (value.age_band is not None or value.standard is not None):
        raise ArgumentError(
            f"{where}: records.age_band and records.standard are for directly standardised "
            "rates only"
        )
