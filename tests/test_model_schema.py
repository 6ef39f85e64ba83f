"""The model and the file format agree: one property over random element dicts.

For an element of each kind, with each field drawn from valid and invalid values
(wrong types, missing required fields, unknown keys, words not in a vocabulary, bad
ids, empty text, numbers out of range, targets with neither or both of value and
benchmark, record definitions), three judges must agree:

- the published JSON Schema (``of.schema()``, checked with jsonschema);
- :func:`outcomeframe.from_dict` on a framework file holding the element;
- the element's attrs class, given the dict's fields as keyword arguments.

Where the schema refuses, the class refuses too, naming a field the schema names.
Three refusals are the model's alone, because JSON Schema cannot state them: a filter
that does not parse (``records.numerator``), a target date shaped as a period label
whose years do not add up (``2018/20``), and a record definition that does not suit the
measure (an age band for a directly standardised rate only); the property checks that
these are the only ones.

Python conveniences of the classes, not of files, are taken out before the class is
asked: ``None`` for an optional field means "not given", and one text for ``leads`` or
``tags`` is a list of one. An indicator's missing polarity is the framework's rule
(``indicator-polarity``), so the class leaves it to :func:`validate_graph`.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe.io._build import SECTIONS
from outcomeframe.model import ALLOWED, ELEMENT_CLASSES

_SCHEMA = of.schema()
_ELEMENT_SCHEMAS = _SCHEMA["properties"]["elements"]["properties"]
_RELATIONS = {r.value for r in of.Relation}

#: Values of every JSON type, each wrong for most fields.
_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**65), max_value=2**65),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "\t\u00a0", "x", "Not A Slug", "next tuesday"]),
    st.lists(st.one_of(st.integers(), st.none(), st.text(max_size=3)), max_size=2),
    st.dictionaries(st.sampled_from(["a", "code"]), st.integers(), max_size=1),
)
_WORDY = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85"),
    max_size=12,
)
_TEXT = st.one_of(_WORDY, st.sampled_from(["", " ", "\u2003", "A. Lead", "Persons"]))
_WORDS = st.builds(lambda a, b: a + b, _WORDY, st.characters(categories=("L", "N", "P")))
_BLANK = st.sampled_from(["", " ", "\u2003", "\t\n", "\x1c\x85"])
_SLUGS = st.one_of(
    st.from_regex(r"[a-z0-9]{1,5}(-[a-z0-9]{1,3}){0,2}", fullmatch=True), st.just("a" * 64)
)
_BAD_IDS = st.sampled_from(["a" * 65, "Smoking", "a--b", "-a", "a-", "a_b", "\u00e9", "", "a\n"])


def _case(words: list[str]) -> st.SearchStrategy[str]:
    """A word as given, in upper or lower case, or with its spaces doubled and padded."""
    return st.sampled_from(words).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.lower(), f"  {w.replace(' ', '  ')} "])
    )


_MEASURES = _case(["proportion", "crude_rate", "dsr", "Crude rate", "Directly standardised rate"])
_POLARITIES = _case(["lower_is_better", "RAG - Low is good", "BOB - Blue orange blue"])
_PERIOD_TYPES = _case(["financial", "Yearly", "Financial year end point", "month"])
_COMPARISONS = _case(["ci_overlap", "Quintiles", "No comparison"])
_BAD_WORDS = st.sampled_from(["Deciles", "crude-rate", "lower is good", "daily", "dsr rate"])

_PERIODS = st.sampled_from(
    ["2022", "2023/24", "2017 - 19", "2025 Q1", "2018-08", " Aug 2018", "Apr 2024 - Mar 2025"]
)
_ROLLING = st.sampled_from(["2024/25 Q2 - 2025/26 Q1", "2024 Q1 - 2024 Q4", "2024/25 Q1-Q3"])
_FINGERTIPSNEXT = st.sampled_from(
    ["2021 to 2023", "Apr to Jun 2024", "31 Mar 2024/25", "2021/22 to 2023/24"]
)
#: Not period labels; then labels of the right shape whose years do not add up.
_BAD_PERIODS = st.sampled_from(["next tuesday", "2022/23/24", "Sept 2018", "FY22", "2019 Q5"])
_BAD_YEARS = st.sampled_from(["2018/20", "2019 - 18", "0999", "2019-12", "2019/21 Q1"])
_BAD_ROLLING = st.sampled_from(["Jul 2025 - Jun 2024", "2024/25 Q3-Q1", "2024 Q1 - 2024/25 Q4"])
_BAD_FINGERTIPSNEXT = st.sampled_from(["2023 to 2021", "30 Mar 2024/25", "Sept to Oct 2024"])
_FILTERS = st.sampled_from(["birthweight_g < 2500", "smoker == true", "gestation_weeks >= 37"])
_BAD_FILTERS = st.sampled_from(["birthweight_g <", "and", "f(x)", "a <> b"])


def _either(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> Any:
    """A field's valid values, and its invalid ones (which include every JSON type)."""
    return good, st.one_of(bad, _JUNK)


@st.composite
def _fields(draw: st.DrawFn, fields: dict[str, tuple[bool, Any]]) -> Any:
    """A dict of ``fields`` (name -> (required, (valid, invalid))).

    Most fields are valid; a few are drawn invalid, or left out when required; now and
    then an unknown key is added.
    """
    names = list(fields)
    wrong = set(draw(st.lists(st.sampled_from(names), max_size=2)))
    out: dict[str, Any] = {}
    for name, (required, (good, bad)) in fields.items():
        if name in wrong:
            if draw(st.booleans()) or not required:
                out[name] = draw(bad)
        elif required or draw(st.booleans()):
            out[name] = draw(good)
    if draw(st.integers(0, 12)) == 0:
        out[draw(st.sampled_from(["colour", "Title", "serves_"]))] = draw(_JUNK)
    return out


_TARGET = _fields(
    {
        "value": (False, _either(st.floats(-100, 1e6) | st.integers(-5, 10**6), st.just("95"))),
        "unit": (False, _either(st.sampled_from(["percent", "%", "per 100,000"]), _TEXT)),
        "benchmark": (False, _either(st.sampled_from(["E92000001", ""]), _TEXT)),
        "direction": (False, _either(st.sampled_from(["at_least", "at_most"]), _BAD_WORDS)),
        "by": (
            False,
            _either(
                _PERIODS | _ROLLING | _FINGERTIPSNEXT,
                _BAD_PERIODS | _BAD_YEARS | _BAD_ROLLING | _BAD_FINGERTIPSNEXT | _TEXT,
            ),
        ),
        "wording": (False, _either(_TEXT, st.just(""))),
    }
)
_BREAKDOWNS = st.dictionaries(
    st.sampled_from(["Mother's age", "Total", " ", ""]),
    st.sampled_from(["mother_age_band", "", " "]),
    max_size=2,
)
_RECORDS = _fields(
    {
        "numerator": (True, _either(_FILTERS, _BAD_FILTERS)),
        "denominator": (False, _either(_FILTERS, _BAD_FILTERS)),
        "area": (False, _either(st.just("area_code"), st.just(""))),
        "period": (False, _either(st.just("year"), st.just(" "))),
        "sex": (False, _either(st.just("sex"), st.just(""))),
        "breakdowns": (False, _either(_BREAKDOWNS, st.just([["a", "b"]]))),
        "age_band": (False, _either(st.just("age_band"), st.just(""))),
        "standard": (False, _either(st.just("ESP2013"), st.sampled_from(["ESP1976", "esp2013"]))),
    }
)
_TEXT_LIST = st.lists(_TEXT, max_size=2)
_COMMON = {
    "id": (True, _either(_SLUGS, _BAD_IDS)),
    "title": (True, _either(_WORDS, _BLANK)),
    "description": (False, _either(_TEXT, _JUNK)),
    "leads": (False, _either(_TEXT_LIST, _TEXT)),
    "tags": (False, _either(_TEXT_LIST, _TEXT)),
}
_INDICATOR = {
    **_COMMON,
    "measure": (True, _either(_MEASURES, _BAD_WORDS)),
    "unit": (True, _either(st.sampled_from(["percent", "%", "per 1,000", "furlongs"]), _BLANK)),
    "polarity": (True, _either(_POLARITIES, _BAD_WORDS)),
    "numerator": (False, _either(_TEXT, _JUNK)),
    "denominator": (False, _either(_TEXT, _JUNK)),
    "source": (False, _either(_TEXT, _JUNK)),
    "fingertips_id": (
        False,
        _either(
            st.integers(1, 999_999) | st.just(93085.0),
            st.sampled_from([0, -1, 2**63, 2**63 - 1, 1.5, "93085"]),
        ),
    ),
    "period_type": (False, _either(_PERIOD_TYPES, _BAD_WORDS)),
    "period_years": (
        False,
        _either(st.integers(1, 100) | st.just(5.0), st.sampled_from([0, 101, 2.5, -3])),
    ),
    "comparison": (False, _either(_COMPARISONS, _BAD_WORDS)),
    "sex": (False, _either(st.sampled_from(["Female", "Persons"]) | _WORDS, _BLANK)),
    "age": (False, _either(st.sampled_from(["All ages", "<18 yrs"]) | _WORDS, _BLANK)),
    "target": (False, (_TARGET, _JUNK)),
    "records": (False, (_RECORDS, _JUNK)),
}

#: Each kind's section and the fields of its element dicts.
_KINDS = {kind: _INDICATOR if kind is of.Kind.INDICATOR else _COMMON for kind in of.Kind}


def _schema_errors(section: str, item: dict[str, Any]) -> list[jsonschema.ValidationError]:
    schema = {**_ELEMENT_SCHEMAS[section]["items"], "$defs": _SCHEMA["$defs"]}
    return list(jsonschema.Draft202012Validator(schema).iter_errors(item))


def _named(err: jsonschema.ValidationError) -> set[str]:
    """The fields a schema error is about: its path, a missing or an unknown key."""
    names = {str(p) for p in err.absolute_path}
    if err.validator == "required" and isinstance(err.instance, dict):
        names |= {k for k in err.validator_value if k not in err.instance}
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        names |= set(err.instance) - set(err.schema.get("properties", {}))
    for sub in err.context or ():
        names |= _named(sub)
    return names


def _conveniences(item: dict[str, Any], kind: of.Kind) -> dict[str, Any]:
    """The keyword arguments a file's dict stands for: None given is "not given"."""
    optional = set(_KINDS[kind]) - {"id", "title", "measure", "unit"}
    out = {k: v for k, v in item.items() if v is not None or k not in optional}
    for key in ("leads", "tags"):
        if isinstance(out.get(key), str):
            out[key] = [out[key]]
    for key in ("target", "records"):
        if isinstance(out.get(key), dict):
            out[key] = {k: v for k, v in out[key].items() if v is not None or k in _REQUIRED}
    return out


#: The required fields of a target or records mapping, whose None is no convenience.
_REQUIRED = {"numerator"}


def _built(kind: of.Kind, fields: dict[str, Any]) -> tuple[Any, Exception | None]:
    try:
        return ELEMENT_CLASSES[kind](**fields), None
    except (of.ArgumentError, of.FilterError) as err:
        return None, err


def _from_dict_problems(section: str, item: dict[str, Any]) -> list[of.Problem]:
    """The problems of the element itself (the schema's and its class's), from a file."""
    data = {"outcomeframe": 1, "title": "SYNTHETIC plan", "elements": {section: [item]}}
    try:
        of.from_dict(data)
    except of.ValidationError as err:
        return [p for p in err.problems if p.rule == "schema"]
    return []


#: What JSON Schema cannot state, so only the model checks: whether a filter parses,
#: whether the years of a period label add up, and whether records suit the measure.
_MODEL_ONLY = re.compile(
    r"^by: period .* (is not a year span|has a year outside|is ambiguous|is not a pooled)"
    r"|records\.age_band|records\.standard"
)


def _model_only(err: Exception | None) -> bool:
    """A refusal of the model's alone (see ``_MODEL_ONLY``)."""
    return isinstance(err, of.FilterError) or (
        isinstance(err, of.ArgumentError) and _MODEL_ONLY.search(str(err)) is not None
    )


@given(data=st.data(), kind=st.sampled_from(list(of.Kind)))
def test_schema_from_dict_and_the_classes_accept_and_refuse_the_same_elements(
    data: st.DataObject, kind: of.Kind
) -> None:
    section = SECTIONS[kind]
    item = data.draw(_fields(_KINDS[kind]), label="element")
    errors = _schema_errors(section, item)
    element, refused = _built(kind, _conveniences(item, kind))
    problems = _from_dict_problems(section, item)
    note(f"schema: {[e.message for e in errors]}\nclass: {refused!r}\nfrom_dict: {problems}")
    event(
        f"{kind.value}: schema {'refuses' if errors else 'accepts'}, class "
        f"{type(refused).__name__ if refused else 'accepts'}"
    )

    # from_dict refuses exactly what the schema or the class refuses.
    assert bool(problems) == bool(errors or refused)
    if not errors:
        # The schema accepts: the class accepts too, but for the model's own checks.
        assert refused is None or _model_only(refused), refused
        return
    # The schema refuses: so does the class, naming a field the schema names; or the
    # schema refuses only a Python convenience, or the framework's polarity rule.
    if refused is None:
        left = _schema_errors(section, _conveniences(item, kind))
        assert all(_named(e) == {"polarity"} for e in left), [e.message for e in left]
        if left:
            fw = of.Framework(title="SYNTHETIC plan")
            fw.add(element)
            assert "indicator-polarity" in {p.rule for p in of.problems(fw.graph)}
        return
    if _model_only(refused):
        return
    named = set().union(*(_named(e) for e in errors))
    message = str(refused)
    assert any(re.search(rf"\b{re.escape(n)}\b", message, re.IGNORECASE) for n in named), (
        named,
        message,
    )


def test_the_judges_tell_a_valid_element_from_an_invalid_one() -> None:
    """Each judge accepts a plain element of each kind and refuses a bad id (it can fail)."""
    for kind in of.Kind:
        good: dict[str, Any] = {"id": "a-1", "title": "A"}
        if kind is of.Kind.INDICATOR:
            good |= {"measure": "dsr", "unit": "per 100,000", "polarity": "Low is good"}
        bad = {**good, "id": "Not A Slug"}
        assert not _schema_errors(SECTIONS[kind], good)
        assert _built(kind, good)[1] is None
        assert _schema_errors(SECTIONS[kind], bad)
        assert _built(kind, bad)[1] is not None
        assert _from_dict_problems(SECTIONS[kind], bad)


def test_the_schema_knows_the_fields_of_every_class_and_nothing_else() -> None:
    """Each kind's properties in the schema: the class's fields and its relations."""
    for kind, section in SECTIONS.items():
        properties = set(_ELEMENT_SCHEMAS[section]["items"].get("properties", {}))
        if kind is of.Kind.INDICATOR:
            properties = set(_SCHEMA["$defs"]["indicator"]["properties"])
        fields = {f.name for f in attrs.fields(ELEMENT_CLASSES[kind])}
        relations = {rel.value for rel, (sources, _) in ALLOWED.items() if kind in sources}
        assert properties == fields | relations, kind
    target = set(_SCHEMA["$defs"]["target"]["properties"])
    assert target == {f.name for f in attrs.fields(of.Target)}
    records = set(_SCHEMA["$defs"]["records"]["properties"])
    assert records == {f.name for f in attrs.fields(of.RecordDefinition) if f.init}


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        # Both accepted an id ending in a line break: "$" matches before a final newline.
        (of.Kind.VISION, {"id": "vision\n", "title": "A vision"}, "id"),
        # The schema took any text as a target date; the class wants a period label.
        (
            of.Kind.INDICATOR,
            {
                "id": "smoking",
                "title": "Smoking",
                "measure": "proportion",
                "unit": "percent",
                "polarity": "lower_is_better",
                "target": {"value": 6, "unit": "percent", "by": "next tuesday"},
            },
            "by",
        ),
    ],
)
def test_disagreements_the_property_found_stay_fixed(
    kind: of.Kind, fields: dict[str, Any], field: str
) -> None:
    errors = _schema_errors(SECTIONS[kind], fields)
    assert errors
    assert field in set().union(*(_named(e) for e in errors))
    _, refused = _built(kind, fields)
    assert isinstance(refused, of.ArgumentError)
    assert str(refused).startswith(f"{field}: ")
