"""The bad-input matrix of issue 13, with more cases of each kind, through the API and the CLI.

Every input here is SYNTHETIC (built in this file or by ``tests/hostile/inputs.py``). Each
case must give a typed :class:`outcomeframe.OutcomeFrameError` whose message names what
and where, or a correct result; never a raw traceback, never a hang.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.cli import main
from outcomeframe.framework._outline import tree_lines
from outcomeframe.io._yaml import MAX_DEPTH
from outcomeframe.stats import proportion, rate
from tests.hostile.work import events_before_line, within, yaml_events

GOOD = """\
outcomeframe: 1
title: Tiny plan
area: {code: E08000009, name: Trafford}
elements:
  visions:
    - id: vision
      title: Every child thrives
  priorities:
    - id: healthy
      title: Being healthy
      serves: [vision]
"""
assert GOOD.count("\n") == 11
HEAD = "outcomeframe: 1\ntitle: T\nelements:\n"


def _refused(text: str, fmt: str = "yaml") -> of.FileFormatError:
    with pytest.raises(of.FileFormatError) as info:
        of.loads(text, format=fmt, source=f"p.{fmt}")
    return info.value


# --------------------------------------------------------------------------- aliases and anchors
ANCHORS = {
    "anchor on a scalar in a flow list": (GOOD.replace("[vision]", "[&v vision]"), 11, "&v"),
    "anchor and alias in one flow list": (GOOD + "x: [&a 1, *a]\n", 12, "&a"),
    "anchor on the document root": ("&r\n" + GOOD, 1, "&r"),
    "anchor after a tag": (GOOD + "x: !!str &a hi\n", 12, "&a"),
    "alias as a key": (GOOD + "? *a\n: 1\n", 12, "*a"),
    "merge of an anchored mapping": (GOOD + "x: &b {a: 1}\ny:\n  <<: *b\n", 12, "&b"),
    "anchor on a block list": (GOOD.replace("  priorities:", "  priorities: &p"), 8, "&p"),
    "anchor on a key": (GOOD + "&k x: 1\n", 12, "&k"),
    "alias bomb in JSON-like YAML": ('{"outcomeframe": 1, "a": &a [1, 2], "b": [*a, *a]}', 1, "&a"),
}


@pytest.mark.parametrize(("text", "line", "words"), ANCHORS.values(), ids=ANCHORS)
def test_every_anchor_shape_is_refused_at_once_with_its_line(text, line, words, monkeypatch):
    with yaml_events(monkeypatch) as read:
        err = within(20 * len(text) + 2000, lambda: _refused(text))
    assert read[0] <= events_before_line(text, line + 1)  # nothing past the line is read
    assert err.line == line
    assert words in str(err)
    assert str(err).startswith(f"p.yaml, line {line}: ")


@pytest.mark.parametrize("text", ["'&a healthy'", "Being & healthy", "'*not an alias'"])
def test_ampersands_and_stars_inside_text_are_text(text):
    fw = of.loads(GOOD.replace("Being healthy", text), source="p.yaml")
    assert fw["healthy"].title == text.strip("'")


# --------------------------------------------------------------------------- duplicate keys
DUPLICATES = {
    "title repeated, quoted": ("yaml", GOOD + "'title': B\n", 12, "'title' on lines 2 and 12"),
    "elements repeated": ("yaml", GOOD + "elements: {}\n", 12, "'elements' on lines 4 and 12"),
    "key spelled with an escape": ("yaml", GOOD + '"titl\\u0065": B\n', 12, "'title'"),
    "key inside a flow mapping": (
        "yaml",
        GOOD.replace("{code: E08000009, name: Trafford}", "{code: E1, code: E2, name: T}"),
        3,
        "'area/code'",
    ),
    "field of an element": (
        "yaml",
        GOOD.replace("      title: Being healthy", "      title: Being healthy\n      title: B"),
        11,
        "elements/priorities/0/title",
    ),
    "1 and 1.0": ("yaml", GOOD + "x: {1: a, 1.0: b}\n", 12, "on lines 12 (as 1) and 12"),
    "0x1 and 1": ("yaml", GOOD + "x: {0x1: a, 1: b}\n", 12, "on lines 12 and 12"),
    "null twice": ("yaml", GOOD + "x: {~: a, null: b}\n", 12, "on lines 12 and 12"),
    "true and True": ("yaml", GOOD + "x: {true: a, True: b}\n", 12, "on lines 12 and 12"),
    "1 and true (one Python key)": (
        "yaml",
        GOOD + "x:\n  1: a\n  true: b\n",
        14,
        "'x/True' on lines 13 (as 1) and 14",
    ),
    "5,000 keys twice: ten named, the rest counted": (
        "yaml",
        GOOD + "x:\n" + "".join(f"  k{i}: 1\n  k{i}: 2\n" for i in range(5_000)),
        14,
        "'x/k9' on lines 31 and 32 and 4,990 more",
    ),
    "JSON key spelled with an escape": (
        "json",
        '{"outcomeframe": 1,\n "title": "T",\n "titl\\u0065": "B"}',
        3,
        "'title' on lines 2 and 3",
    ),
    "JSON id inside an element": (
        "json",
        '{"outcomeframe": 1, "title": "T",\n "elements": {"visions": [{"id": "v", "id": "w"}]}}',
        2,
        "elements/visions/0/id",
    ),
}


@pytest.mark.parametrize(("fmt", "text", "line", "words"), DUPLICATES.values(), ids=DUPLICATES)
def test_every_repeated_key_is_an_error_naming_both_lines(fmt, text, line, words):
    err = _refused(text, fmt)
    assert err.line == line
    assert "twice" in str(err)
    assert words in str(err)


# --------------------------------------------------------------------------- nesting
DEEP = {
    "JSON arrays 10,000 deep": ("json", '{"a": ' + "[" * 10_000 + "]" * 10_000 + "}"),
    "JSON objects 10,000 deep": ("json", '{"a": ' + '{"a": ' * 10_000 + "1" + "}" * 10_001),
    "JSON 100,000 open brackets": ("json", "[" * 100_000),
    "YAML flow lists and mappings mixed": ("yaml", "a: " + "[{a: " * 5_000 + "1" + "}]" * 5_000),
    "YAML block lists 200 deep": ("yaml", "".join(" " * i + "-\n" for i in range(200))),
    "YAML 100,000 open brackets": ("yaml", "a: " + "[" * 100_000),
    "YAML deep key": ("yaml", GOOD + "? " + "[" * 5_000 + "]" * 5_000 + "\n: 1\n"),
    "YAML 65 levels": ("yaml", GOOD + "x: " + "[" * 65 + "]" * 65 + "\n"),
}


@pytest.mark.parametrize(("fmt", "text"), DEEP.values(), ids=DEEP)
def test_deep_nesting_of_every_shape_is_a_typed_error_with_a_line(fmt, text, monkeypatch):
    # the work is a few calls per level (JSON is parsed in C, then scanned once), and the
    # reading stops at the level past the limit: YAML events beyond it are never taken
    with yaml_events(monkeypatch) as read:
        err = within(50 * MAX_DEPTH + 1000, lambda: _refused(text, fmt))
    assert err.line is not None
    if fmt == "yaml":
        assert read[0] <= events_before_line(text, err.line) + 2 * MAX_DEPTH + 8
    assert "nested more than 64 levels" in str(err)


def test_nesting_within_the_limit_reaches_the_schema():
    with pytest.raises(of.ValidationError) as info:
        of.loads(GOOD + "x: " + "[" * 60 + "]" * 60 + "\n", source="p.yaml")
    assert [p.line for p in info.value.problems] == [12]


# --------------------------------------------------------------------------- cycles
def _bodies(edges: dict[int, list[int]], n: int) -> str:
    lines = [HEAD, "  bodies:\n"]
    for i in range(n):
        to = ", ".join(f"b{j}" for j in edges.get(i, []))
        lines.append(f"    - {{id: b{i}, title: B{i}, accountable_to: [{to}]}}\n")
    return "".join(lines)


CYCLES = {
    "20 bodies, each to all": (
        _bodies({i: [j for j in range(20) if j != i] for i in range(20)}, 20),
        1,
    ),
    "self loop": (_bodies({0: [0]}, 2), 1),
    "ring of 3,000": (_bodies({i: [(i + 1) % 3000] for i in range(3000)}, 3000), 1),
    "100 separate 5-cycles": (
        _bodies({i: [5 * (i // 5) + (i % 5 + 1) % 5] for i in range(500)}, 500),
        100,
    ),
    "tournament with one edge back": (
        _bodies({i: [*range(i + 1, 16), *([0] if i == 15 else [])] for i in range(16)}, 16),
        1,
    ),
}


@pytest.mark.parametrize(("text", "count"), CYCLES.values(), ids=CYCLES)
def test_every_cycle_shape_is_named_once_per_component_fast(text, count):
    # linear: a few dozen calls per character of the file (following every path, or a
    # search from every element, would make exponentially or quadratically many)
    err = within(40 * len(text), lambda: of.loads(text, source="c.yaml"), expect=of.ValidationError)
    cycles = [p for p in err.problems if p.rule == "cycle"]
    assert len(cycles) == count
    assert all(p.line is not None and p.element for p in cycles)


# --------------------------------------------------------------------------- show
def _wide(n: int) -> of.Framework:
    """SYNTHETIC: n outcomes each serving n objectives each serving n priorities."""
    fw = of.Framework(title="Wide")
    fw.add(of.Vision(id="v", title="V"))
    for kind, prefix in ((of.Priority, "p"), (of.Objective, "j"), (of.Outcome, "o")):
        fw.add(*(kind(id=f"{prefix}{i}", title=f"{prefix}{i}") for i in range(n)))
    for i in range(n):
        fw.link(f"p{i}", "v")
        for k in range(n):
            fw.link(f"j{i}", f"p{k}")
            fw.link(f"o{i}", f"j{k}")
    return fw


def _overseers(n: int) -> of.Framework:
    """SYNTHETIC: n bodies, each accountable to every earlier one and overseeing the vision."""
    fw = of.Framework(title="Bodies")
    fw.add(of.Vision(id="v", title="V"), *(of.Body(id=f"b{i}", title=f"B{i}") for i in range(n)))
    for i in range(n):
        fw.link(f"b{i}", "v", relation="oversees")
        for j in range(i):
            fw.link(f"b{i}", f"b{j}")
    return fw


@pytest.mark.parametrize(
    ("build", "edges"), [(lambda: _wide(40), 40 + 2 * 40 * 40), (lambda: _overseers(120), 0)]
)
def test_show_draws_one_line_per_edge_for_other_graph_shapes(build, edges):
    fw = build()
    edges = edges or fw.graph.number_of_edges()
    # a few dozen calls per element and edge, not one per path from the root
    lines = within(50 * (len(fw.graph) + fw.graph.number_of_edges()), lambda: tree_lines(fw))
    assert len(lines) == edges + 1  # the root, then one line per edge
    assert sum(not line.endswith("(see above)") for line in lines) == len(fw.graph)


@pytest.mark.parametrize("depth", [-1, -100, 2.5, "3", True])
def test_show_refuses_a_depth_that_is_not_a_whole_number_from_zero(depth):
    with pytest.raises(of.ArgumentError, match=r"^max_depth: "):
        tree_lines(of.examples.load("trafford"), max_depth=depth)


def test_show_with_a_depth_beyond_the_tree_draws_all_of_it():
    fw = of.examples.load("trafford")
    assert tree_lines(fw, max_depth=10**21) == tree_lines(fw)


# --------------------------------------------------------------------------- constructors
BIG = 10**400
CONSTRUCTORS = {
    "target value 10**400": (lambda: of.Target(value=BIG), "value: must be a finite number"),
    "target value -10**400": (lambda: of.Target(value=-BIG), "value: must be a finite number"),
    "target value complex": (lambda: of.Target(value=1 + 2j), "value: must be a number"),
    "target value Decimal": (
        lambda: of.Target(value=__import__("decimal").Decimal("95")),
        "value: must be a number",
    ),
    "target value pd.NA": (lambda: of.Target(value=pd.NA), "value: must be a number"),
    "target by a float": (lambda: of.Target(value=5, by=2022.0), "by: must be a period label"),
    "target by quarter 5": (lambda: of.Target(value=5, by="2022 Q5"), "by: period '2022 Q5'"),
    "target by year 0000": (lambda: of.Target(value=5, by="0000"), "by: period '0000'"),
    "fingertips_id Fraction": (
        lambda: of.Indicator(
            id="i",
            title="I",
            measure="proportion",
            unit="percent",
            fingertips_id=__import__("fractions").Fraction(5, 1),
        ),
        "fingertips_id: must be a whole number",
    ),
    "fingertips_id NaN": (
        lambda: of.Indicator(
            id="i", title="I", measure="proportion", unit="percent", fingertips_id=math.nan
        ),
        "fingertips_id: must be a whole number",
    ),
    "fingertips_id np.bool_": (
        lambda: of.Indicator(
            id="i", title="I", measure="proportion", unit="percent", fingertips_id=np.True_
        ),
        "fingertips_id: must be a whole number",
    ),
    "period_years 10**20": (
        lambda: of.Indicator(
            id="i", title="I", measure="proportion", unit="percent", period_years=10**20
        ),
        "period_years: must be a whole number of years",
    ),
    "unit a tab": (
        lambda: of.Indicator(id="i", title="I", measure="proportion", unit="\t"),
        "unit: must be non-empty text",
    ),
    "title NBSP only": (lambda: of.Vision(id="v", title="\xa0"), "title: must be non-empty"),
    "title U+2028 only": (lambda: of.Vision(id="v", title="\u2028"), "title: must be non-empty"),
    "id with an accent": (lambda: of.Vision(id="é", title="x"), "id: 'é' is not a valid id"),
    "leads bytes": (lambda: of.Vision(id="v", title="x", leads=b"ab"), "leads: must be a list"),
    "area code None": (lambda: of.Area(code=None), "code: must be non-empty text"),
    "area name 5": (lambda: of.Area(code="E1", name=5), "name: must be text or None"),
    "Framework title bytes": (lambda: of.Framework(title=b"x"), "title: must be non-empty"),
}


@pytest.mark.parametrize(("build", "words"), CONSTRUCTORS.values(), ids=CONSTRUCTORS)
def test_constructors_refuse_with_the_field_named(build, words):
    with pytest.raises(of.ArgumentError) as info:
        build()
    assert str(info.value).startswith(words)


def test_a_target_of_a_huge_whole_number_in_a_file_is_a_schema_problem_with_its_line():
    text = GOOD + (
        "  indicators:\n"
        "    - {id: i, title: I, measure: proportion, unit: percent,\n"
        "       polarity: higher_is_better, measures: [healthy], target: {value: "
        + "9" * 400
        + "}}\n"
    )
    with pytest.raises(of.ValidationError) as info:
        of.loads(text, source="p.yaml")
    (problem,) = info.value.problems
    assert problem.element == "i"
    assert problem.line in (13, 14)
    assert "value: must be a finite number" in problem.message


def test_text_of_a_str_subclass_is_written_as_plain_text():
    fw = of.Framework(title="T")
    fw.add(of.Vision(id=np.str_("v"), title=np.str_("A vision"), leads=np.array(["Ann"])))
    for fmt in ("yaml", "json"):
        back = of.loads(of.dumps(fw, format=fmt), format=fmt)
        assert back["v"].title == "A vision"
        assert back["v"].leads == ("Ann",)


# --------------------------------------------------------------------------- Fingertips IDs in data
NEXT = "IndicatorId,AreaCode,Year,Value,LowerCI,UpperCI\n"


@pytest.mark.parametrize("ident", ["93085.0", "93085.00", "+93085.0"])
def test_a_fingertips_id_written_as_a_float_is_the_whole_number(ident):
    text = NEXT + f"{ident},E1,2020,5,1,9\n"
    table = of.read_fingertips(
        io.StringIO(text), period_type="calendar", indicator_map={93085: "smoking"}
    )
    assert table.data["indicator"].tolist() == ["smoking"]
    assert table.data["fingertips_id"].tolist() == ["93085"]


READER_ARGUMENTS = {
    "indicators a number": ({"indicators": 5}, "indicators: expected a list"),
    "indicators one text": ({"indicators": "93085"}, "indicators: expected a list"),
    "indicator_map a list": ({"indicator_map": [1]}, "indicator_map: expected a mapping"),
    "indicator_map to a number": ({"indicator_map": {93085: 5}}, "indicator_map: the id given"),
    "indicator_map to blank": ({"indicator_map": {93085: " "}}, "indicator_map: the id given"),
}


@pytest.mark.parametrize(("kwargs", "words"), READER_ARGUMENTS.values(), ids=READER_ARGUMENTS)
def test_the_fingertips_reader_names_a_bad_argument(kwargs, words):
    with pytest.raises(of.ArgumentError, match=f"^{words}"):
        of.read_fingertips(
            io.StringIO(NEXT + "93085,E1,2020,5,1,9\n"), period_type="calendar", **kwargs
        )


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(
            [[93085, "E1", 2020, 5, 1, 9, 6]], columns=[*NEXT.strip().split(","), "Value"]
        ),
        pd.concat({"a": pd.read_csv(io.StringIO(NEXT + "93085,E1,2020,5,1,9\n"))}, axis=1),
    ],
    ids=["repeated label", "MultiIndex columns"],
)
def test_a_fingertips_dataframe_with_unusable_columns_is_named(frame):
    with pytest.raises(of.FileFormatError, match=r"^<DataFrame>: "):
        of.read_fingertips(frame, period_type="calendar")


# --------------------------------------------------------------------------- statistics
NUMBERS = {
    "masked count": (np.ma.array([7.0, 3.0], mask=[True, False]), [math.nan, 30.0]),
    "masked integers": (np.ma.array([7, 3], mask=[False, True]), [70.0, math.nan]),
    "nullable Int64": (pd.array([7, pd.NA], dtype="Int64"), [70.0, math.nan]),
    "nullable Float64": (pd.array([7.0, pd.NA], dtype="Float64"), [70.0, math.nan]),
    "nullable string": (pd.array(["7", pd.NA], dtype="string"), [70.0, math.nan]),
    "categorical of numbers": (pd.Categorical([7, 3]), [70.0, 30.0]),
    "float16": (np.array([7, 3], dtype=np.float16), [70.0, 30.0]),
    "NaT": ([pd.NaT, 3], [math.nan, 30.0]),
    "inf": ([math.inf, 3], [math.nan, 30.0]),
    "a whole number beyond float64": ([10**400, 3], [math.nan, 30.0]),
}


@pytest.mark.parametrize(("count", "want"), NUMBERS.values(), ids=NUMBERS)
def test_each_container_of_counts_is_read_one_way(count, want):
    got = proportion(count, [10, 10])
    np.testing.assert_allclose(got["value"].to_numpy(dtype=float), want)
    assert got["reason"].notna().tolist() == [math.isnan(w) for w in want]


REFUSED_NUMBERS = {
    "complex": (np.array([7 + 0j, 3 + 0j]), "count: holds complex numbers"),
    "durations": (pd.Series(pd.to_timedelta([7, 3], unit="D")), "count: holds durations"),
    "dates": (np.array(["2020-01-01", "2020-01-02"], dtype="M8[D]"), "count: holds dates"),
    "periods": (pd.period_range("2020", periods=2, freq="Y"), "count: holds time periods"),
    "intervals": (pd.arrays.IntervalArray.from_breaks([0, 1, 2]), "count: holds intervals"),
    "two dimensions": (np.array([[7, 3]]), "count: expected one dimension"),
}


@pytest.mark.parametrize(("count", "words"), REFUSED_NUMBERS.values(), ids=REFUSED_NUMBERS)
def test_what_is_not_real_numbers_is_refused_by_name(count, words):
    for fn in (proportion, rate):
        with pytest.raises(of.ArgumentError, match=f"^{words}"):
            fn(count, [10, 10])


# --------------------------------------------------------------------------- Unicode round trips
CHARACTERS = {
    "NUL": "\x00",
    "BEL": "\x07",
    "DEL": "\x7f",
    "C1": "\x9f",
    "NEL": "\x85",
    "LS": "\u2028",
    "PS": "\u2029",
    "BOM": "\ufeff",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
    "U+1FFFE": "\U0001fffe",
    "U+10FFFF": "\U0010ffff",
    "CR": "\r",
    "CRLF": "\r\n",
    "VT": "\x0b",
    "right-to-left override": "\u202e",
    "YAML indicators": ": # - ? | > ! & * % @ `",
    "a document marker": "---",
}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("field", ["title", "description", "leads"])
@pytest.mark.parametrize("text", CHARACTERS.values(), ids=CHARACTERS)
def test_every_troublesome_character_reads_back_exactly(fmt, field, text):
    kwargs: dict[str, object] = {"id": "v", "title": "V"}
    kwargs[field] = [text] if field == "leads" else "x" + text + "y"
    fw = of.Framework(title="T")
    fw.add(of.Vision(**kwargs))
    back = of.loads(of.dumps(fw, format=fmt), format=fmt)
    assert getattr(back["v"], field) == getattr(fw["v"], field)


RAW_IN_YAML = {"NUL": "\x00", "BEL": "\x07", "DEL": "\x7f", "C1": "\x9f", "U+FFFE": "\ufffe"}


@pytest.mark.parametrize("char", RAW_IN_YAML.values(), ids=RAW_IN_YAML)
def test_a_raw_character_yaml_cannot_hold_is_named_with_its_line(char):
    err = _refused(GOOD.replace("Being healthy", "Being" + char + "healthy"))
    assert err.line == 10
    assert f"U+{ord(char):04X}" in str(err)


# --------------------------------------------------------------------------- the CLI
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["show", "/nonexistent/plan.yaml"], "is neither a shipped plan"),
        (["validate", "-"], "is neither a shipped plan"),
        (["export", "--format", "json", "-o", "/nonexistent/x.json", "trafford"], "folder"),
        (["export", "--format", "yaml", "-o", "plan.txt", "trafford"], "must end in .yaml"),
        (["assess", "trafford", "--data", "/nonexistent.csv"], "--data /nonexistent.csv"),
        (["assess"], "give a framework"),
    ],
)
def test_bad_cli_arguments_are_one_line_errors(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("outcomeframe: error: ")
    assert words in err
    assert "Traceback" not in err


def test_show_with_a_negative_depth_is_an_error(capsys):
    assert main(["show", "--depth", "-1", "trafford"]) == 2
    assert "max_depth: must be 0 or more levels, got -1" in capsys.readouterr().err
