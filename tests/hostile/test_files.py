"""Hostile and broken framework files: each refused fast, typed, naming the file and line.

Every text here is SYNTHETIC. Line numbers are counted from how each text is built
(``GOOD`` has 11 lines; whatever is appended starts on line 12).
"""

from __future__ import annotations

import json

import pytest

import outcomeframe as of
from outcomeframe.io import _build
from tests.hostile import inputs
from tests.hostile.work import calls, events_before_line, within, yaml_events

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

INDICATOR = (
    "  indicators:\n"
    "    - {id: ind, title: An indicator, measure: proportion, unit: percent,\n"
    "       polarity: higher_is_better, measures: [healthy]REST}\n"
)


def indicator(rest: str = "") -> str:
    """GOOD plus an indicator on lines 13-14 with ``rest`` inside its mapping."""
    return GOOD + INDICATOR.replace("REST", rest)


def refused(text: str, *, fmt: str = "yaml") -> of.FileFormatError:
    source = f"plan.{fmt}"
    with pytest.raises(of.FileFormatError) as info:
        of.loads(text, format=fmt, source=source)
    err = info.value
    assert err.path == source
    assert str(err).startswith(f"{source}, line {err.line}: ")
    return err


# --------------------------------------------------------------------------- aliases
ALIASES = {
    "billion laughs": (inputs.alias_bomb(), 3, "anchor &a0"),
    "one anchor and alias": (GOOD + "x: &t Tiny\ny: *t\n", 12, "anchor &t"),
    "alias alone": (GOOD.replace("title: Tiny plan", "title: *t"), 2, "alias *t"),
    "merge key": (GOOD + "x:\n  <<: {a: 1}\n", 13, "merge key"),
    "anchor on a list": (GOOD.replace("serves: [vision]", "serves: &s [vision]"), 11, "&s"),
    "anchor in an element": (GOOD.replace("- id: healthy", "- &h\n      id: healthy"), 9, "&h"),
}


@pytest.mark.parametrize(("text", "line", "words"), ALIASES.values(), ids=ALIASES)
def test_anchors_and_aliases_are_refused_with_their_line(text, line, words, monkeypatch):
    with yaml_events(monkeypatch) as read:
        err = within(20 * len(text) + 2000, lambda: refused(text))
    assert err.line == line
    assert words in str(err)
    # refused at once, never expanded: nothing after the refused line is read
    assert read[0] <= events_before_line(text, line + 1)


# --------------------------------------------------------------------------- nesting
DEEP = {
    "yaml flow lists 10,000 deep": ("yaml", "a: " + "[" * 10_000 + "]" * 10_000, 1),
    "yaml flow mappings 10,000 deep": ("yaml", "a: " + "{a: " * 10_000 + "}" * 10_000, 1),
    "yaml block mappings 100 deep": (
        "yaml",
        "".join(" " * i + "a:\n" for i in range(100)),
        of.io.MAX_DEPTH + 1,
    ),
    "yaml block lists 100 deep": (
        "yaml",
        "".join(" " * (2 * i) + "- \n" for i in range(100)) + " " * 200 + "x\n",
        None,
    ),
    "json lists 10,000 deep": ("json", "[" * 10_000 + "]" * 10_000, 1),
    "json objects 10,000 deep": ("json", '{"a":' * 10_000 + "1" + "}" * 10_000, 1),
    "json objects 100 deep, one a line": (
        "json",
        "".join('{"a":\n' for _ in range(100)) + "1" + "}" * 100,
        of.io.MAX_DEPTH + 1,
    ),
    "json lists 500 deep (below the recursion limit)": ("json", "[" * 500 + "]" * 500, 1),
}


@pytest.mark.parametrize(("fmt", "text", "line"), DEEP.values(), ids=DEEP)
def test_deep_nesting_is_a_file_format_error_not_recursion(fmt, text, line):
    err = refused(text, fmt=fmt)
    assert f"nested more than {of.io.MAX_DEPTH} levels deep" in str(err)
    if line is not None:
        assert err.line == line
    else:
        assert err.line is not None


# --------------------------------------------------------------------------- duplicate keys
DUPLICATES = {
    "yaml: title twice": ("yaml", GOOD.replace("title: Tiny plan", "title: A\ntitle: B"), 2, 3),
    "yaml: a key twice in an element": (
        "yaml",
        GOOD.replace("      serves: [vision]", "      serves: [vision]\n      title: Again"),
        10,
        12,
    ),
    "yaml: a key twice in a flow mapping": (
        "yaml",
        GOOD.replace("name: Trafford}", "name: Trafford, code: E1}"),
        3,
        3,
    ),
    "yaml: elements twice": ("yaml", GOOD + "elements: {}\n", 4, 12),
    "yaml: the same number twice (1 and 0x1)": ("yaml", GOOD + "1: a\n0x1: b\n", 12, 13),
    "json: title twice": ("json", '{"outcomeframe": 1,\n"title": "A",\n"title": "B"}', 2, 3),
    "json: a key twice in an element": (
        "json",
        (
            '{"outcomeframe": 1, "title": "A", "elements": {"visions": [\n'
            '  {"id": "v",\n   "title": "V",\n   "id": "w"}]}}'
        ),
        2,
        4,
    ),
    "json: the same key, once escaped": ("json", '{"title": "A",\n "\\u0074itle": "B"}', 1, 2),
}


@pytest.mark.parametrize(("fmt", "text", "first", "second"), DUPLICATES.values(), ids=DUPLICATES)
def test_duplicate_keys_name_both_lines(fmt, text, first, second):
    err = refused(text, fmt=fmt)
    assert "twice" in str(err)
    assert f"on lines {first} and {second}" in str(err)
    assert err.line == second


# --------------------------------------------------------------------------- what YAML may hold
REFUSED = {
    "python object tag": (GOOD.replace("Being healthy", "!!python/object:os.system x"), 10),
    "python apply tag": ("!!python/object/apply:os.system ['echo hacked']\n", 1),
    "a set": (GOOD.replace("[vision]", "!!set {vision: null}"), 11),
    "a custom tag": (GOOD.replace("Being healthy", "!secret healthy"), 10),
    "binary": (GOOD.replace("Being healthy", "!!binary aGVsbG8="), 10),
    "a list as a key": (GOOD + "? [a, b]\n: c\n", 12),
    "a mapping as a key": (GOOD + "{a: 1}: c\n", 12),
    "two documents": (GOOD + "---\ntitle: Other\n", 12),
    "a raw control character": (GOOD.replace("Being healthy", "Being \x07healthy"), 10),
    "an integer of 5,000 digits": (indicator(", fingertips_id: " + "9" * 5000), 14),
    "a lone surrogate in the text given": (GOOD.replace("Being healthy", "Being \ud800"), 10),
}


@pytest.mark.parametrize(("text", "line"), REFUSED.values(), ids=REFUSED)
def test_what_a_framework_file_may_not_hold(text, line):
    assert refused(text).line == line


@pytest.mark.parametrize("word", ["=", "<<"])
def test_a_plain_equals_sign_or_double_chevron_is_text_as_a_value(word):
    assert of.loads(GOOD.replace("Being healthy", word))["healthy"].title == word


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("9" * 5000, "cannot read '999"),
        ("-" + "9" * 4001, "as int: 4,002 characters are too many"),
        ("1e400", "1e400 is too large for a number (it reads as infinite)"),
        ("-1E+999", "-1E+999 is too large"),
    ],
    ids=["5,000 digits", "4,001 digits and a minus", "1e400", "-1E+999"],
)
def test_a_json_number_too_large_to_read_names_its_line(number, why):
    """It was read as inf: "inf is not of type 'string'; inf is not a finite number"."""
    text = '{"outcomeframe": 1, "title": "Big",\n "description": ' + number + "}"
    err = refused(text, fmt="json")
    assert err.line == 2
    assert why in str(err)
    assert "inf" not in str(err).replace("infinite", "")


def test_non_finite_json_numbers_name_their_line():
    err = refused('{"outcomeframe": 1, "title": "NaN Infinity",\n "x": -Infinity}', fmt="json")
    assert err.line == 2
    assert "-Infinity" in str(err)


# --------------------------------------------------------------------------- arguments and paths
@pytest.mark.parametrize("bad", [None, 42, ["outcomeframe: 1"], {"title": "x"}])
def test_loads_refuses_what_is_not_text(bad):
    with pytest.raises(of.ArgumentError, match=r"^text: expected the file's text \(str\), got "):
        of.loads(bad)


def test_loads_reads_bytes_as_utf8_and_names_a_bad_byte():
    assert of.loads(GOOD.encode("utf-8")) == of.loads(GOOD)
    with pytest.raises(of.FileFormatError, match=r"plan\.yaml: not a text file .* at byte 7"):
        of.loads(b"title: \xff", source="plan.yaml")


@pytest.mark.parametrize("bad", [None, 3.5, ["plan.yaml"]])
def test_load_and_dump_refuse_what_is_not_a_path(bad):
    with pytest.raises(of.ArgumentError, match=r"^path: expected a file name"):
        of.load(bad)
    with pytest.raises(of.ArgumentError, match=r"^path: expected a file name"):
        of.dump(of.loads(GOOD), bad)


@pytest.mark.parametrize("name", ["plan.yaml", "plan.json", "plan.graphml"])
def test_writing_into_a_missing_folder_names_the_folder(tmp_path, name):
    path = tmp_path / "missing" / name
    writer = of.to_graphml if name.endswith("graphml") else of.dump
    with pytest.raises(of.ArgumentError) as info:
        writer(of.loads(GOOD), path)
    assert str(path.parent) in str(info.value)
    assert "does not exist" in str(info.value)
    assert not path.parent.exists()


def test_writing_where_a_folder_is_names_the_path(tmp_path):
    (tmp_path / "plan.yaml").mkdir()
    with pytest.raises(of.ArgumentError, match=r"path: cannot write .*plan\.yaml"):
        of.dump(of.loads(GOOD), tmp_path / "plan.yaml")


def _table() -> of.ObservationTable:
    return of.read_fingertips(
        of.examples.data_path("fingertips/indicator_93085.csv"), period_type="financial"
    )


#: Every writer of the library, and what it writes (each as a function of the path).
WRITERS = {
    "dump": lambda path: of.dump(of.loads(GOOD), path),
    "to_graphml": lambda path: of.to_graphml(of.loads(GOOD), path),
    "to_node_link": lambda path: of.to_node_link(of.loads(GOOD), path),
    "write_fingertips": lambda path: of.write_fingertips(_table(), path),
    "write_dashboard": lambda path: of.report.write_dashboard(of.loads(GOOD), path),
}


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS)
@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("missing/out.yaml", "does not exist"),
        ("folder.yaml", "it is a folder; give a file name"),
        ("a" * 300 + ".yaml", "File name too long"),
        ("nul\x00.yaml", "holds a NUL character"),
    ],
    ids=["a missing folder", "a folder", "a name too long", "a NUL"],
)
def test_every_writer_names_a_path_it_cannot_write(tmp_path, writer, where, words):
    """write_fingertips and write_dashboard raised OSError or TypeError from inside."""
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(of.ArgumentError, match=r"^path(_or_buffer)?: ") as info:
        writer(str(tmp_path / where))
    assert words in str(info.value)


@pytest.mark.parametrize("bad", [5, None, ["x.csv"]], ids=repr)
def test_write_fingertips_and_write_dashboard_refuse_what_is_not_a_path(bad):
    with pytest.raises(of.ArgumentError, match=r"^path_or_buffer: expected a file name"):
        of.write_fingertips(_table(), bad)
    with pytest.raises(of.ArgumentError, match=r"^path: expected a file name"):
        of.report.write_dashboard(of.loads(GOOD), bad)


def test_write_fingertips_compresses_by_the_suffix_as_pandas_does(tmp_path):
    of.write_fingertips(_table(), tmp_path / "out.csv.gz")
    assert (tmp_path / "out.csv.gz").read_bytes()[:2] == b"\x1f\x8b"  # gzip's mark
    again = of.read_fingertips(tmp_path / "out.csv.gz", period_type="financial")
    assert len(again.data) == len(_table().data)


@pytest.mark.parametrize(
    "reader",
    [of.read_fingertips, of.read_observations, of.read_areas, of.load],
    ids=lambda f: f.__name__,
)
def test_a_path_with_a_nul_is_named_when_read(tmp_path, reader):
    """ValueError ("embedded null byte") came from inside open()."""
    with pytest.raises(of.ArgumentError, match="holds a NUL character"):
        reader(str(tmp_path / "nul\x00.csv"))


def test_reading_a_folder_names_it(tmp_path):
    (tmp_path / "plan.yaml").mkdir()
    with pytest.raises(of.FileFormatError, match=r"plan\.yaml: not a file: a folder"):
        of.load(tmp_path / "plan.yaml")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("text", ["Being \ud800", "\udfff healthy", "a\udbff\udbffb"])
def test_a_lone_surrogate_is_refused_when_written_naming_element_and_field(tmp_path, fmt, text):
    fw = of.loads(GOOD)
    fw.replace(of.Priority(id="healthy", title=text))
    path = tmp_path / f"plan.{fmt}"
    with pytest.raises(of.ArgumentError) as info:
        of.dump(fw, path)
    message = str(info.value)
    assert message.startswith("elements/priorities/0 (healthy)/title: holds a lone surrogate")
    assert (
        f"U+{ord(text[text.index(next(c for c in text if 0xD800 <= ord(c) < 0xE000))]):04X}"
        in message
    )
    assert not path.exists()


@pytest.mark.parametrize(
    ("fmt", "text", "line"),
    [
        ("json", '{"outcomeframe": 1,\n "title": "A \\ud800 B"}', 2),
        ("json", '{"outcomeframe": 1, "title": "A",\n "description": "\\udc00"}', 2),
        ("yaml", 'outcomeframe: 1\ntitle: "A \\uD800 B"\n', 2),
    ],
)
def test_a_lone_surrogate_escape_in_a_file_is_refused_with_its_line(fmt, text, line):
    with pytest.raises((of.FileFormatError, of.ValidationError)) as info:
        of.loads(text, format=fmt, source=f"plan.{fmt}")
    assert f"plan.{fmt}" in str(info.value)
    assert f"line {line}" in str(info.value)


# --------------------------------------------------------------------------- overlong text
LONG = {
    "a 1 MB element title": (
        GOOD.replace("title: Being healthy", "title: " + "x" * 1_000_000),
        lambda fw: fw["healthy"].title,
        of.io.MAX_TITLE,
        "line 10",
    ),
    "a 1 MB framework title": (
        GOOD.replace("title: Tiny plan", "title: " + "y" * 1_000_000),
        lambda fw: fw.title,
        of.io.MAX_TITLE,
        "line 2",
    ),
    "a 50,000-character description": (
        GOOD + "description: " + "z" * 50_000 + "\n",
        lambda fw: fw.metadata.description,
        of.io.MAX_TEXT,
        "line 12",
    ),
    "a 20,000-character lead": (
        GOOD.replace(
            "      serves: [vision]", "      serves: [vision]\n      leads: [" + "w" * 20_000 + "]"
        ),
        lambda fw: fw["healthy"].leads[0],
        of.io.MAX_TEXT,
        "line 12",
    ),
}


@pytest.mark.parametrize(("text", "get", "limit", "where"), LONG.values(), ids=LONG)
def test_overlong_text_is_cut_with_a_warning_naming_the_line(text, get, limit, where):
    with pytest.warns(of.OutcomeFrameWarning, match="cut") as caught:
        fw = of.loads(text, source="plan.yaml")
    message = str(caught[0].message)
    assert message.startswith("plan.yaml: ")
    assert where in message
    value = get(fw)
    assert len(value) == limit
    assert value.endswith("\u2026")


def test_text_at_the_limit_is_kept_without_a_warning():
    fw = of.loads(GOOD.replace("title: Being healthy", "title: " + "x" * of.io.MAX_TITLE))
    assert fw["healthy"].title == "x" * of.io.MAX_TITLE


def test_from_dict_cuts_a_copy_and_leaves_the_callers_data_alone():
    data = json.loads(of.dumps(of.loads(GOOD), format="json"))
    data["title"] = "t" * 5000
    with pytest.warns(of.OutcomeFrameWarning):
        fw = of.from_dict(data)
    assert len(fw.title) == of.io.MAX_TITLE
    assert data["title"] == "t" * 5000


# --------------------------------------------------------------------------- NEL and friends
@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\r", "\r\n", "\x1c"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_line_break_characters_survive_a_round_trip(char, fmt):
    fw = of.loads(GOOD)
    title = f"one{char}two{char}"
    fw.replace(of.Priority(id="healthy", title=title))
    assert of.loads(of.dumps(fw, format=fmt), format=fmt)["healthy"].title == title


# --------------------------------------------------------------------------- refused at once
def test_a_billion_laughs_file_is_refused_at_once(monkeypatch):
    text = inputs.alias_bomb(levels=12, width=12)  # 12**12 strings if it were expanded
    with yaml_events(monkeypatch) as read:
        err = within(2000, lambda: of.loads(text), expect=of.FileFormatError)
    # the first anchor stops the reading: the aliases are never reached, let alone expanded
    assert err.line == 3
    assert read[0] <= events_before_line(text, 3 + 1)


# --------------------------------------------------------------------------- data built in Python
def self_holding() -> dict:
    data = {"outcomeframe": 1, "title": "SYNTHETIC"}
    data["elements"] = data
    return data


def shared_bomb() -> dict:
    tags: list = ["a"]
    for _ in range(40):
        tags = [tags, tags]  # 2**40 lists once expanded
    return {
        "outcomeframe": 1,
        "title": "SYNTHETIC",
        "elements": {"visions": [{"id": "v", "title": "V", "tags": tags}]},
    }


@pytest.mark.timeout(120)  # a hang guard only: the work is counted in the next test
@pytest.mark.parametrize(
    ("make", "words"),
    [(self_holding, "nested more than 64"), (shared_bomb, "counting a shared one")],
    ids=["a mapping that holds itself", "a list shared 2**40 times"],
)
def test_from_dict_refuses_data_that_would_never_end(make, words):
    with pytest.raises(of.ArgumentError, match=words) as info:
        of.from_dict(make())
    assert str(info.value).startswith("data: ")


def test_a_shared_list_is_measured_once_whatever_the_limit(monkeypatch):
    """The 2**40 copies are never walked: each distinct list is visited once (41 here), so
    the work grows neither with the sharing nor with the limit (only with its logarithm)."""

    def work(limit: int) -> int:
        monkeypatch.setattr(_build, "_MAX_CONTAINERS", limit)
        return calls(lambda: of.from_dict(shared_bomb()), expect=of.ArgumentError)

    small, large = work(1000), work(100_000)
    assert small < 2_000  # from_dict's own calls, and a few per distinct list
    # a higher limit is passed a few levels further up (its logarithm), not 100x later
    assert large < 1.5 * small


def test_a_list_shared_shallow_and_deep_is_as_deep_as_its_deepest_place():
    """Visited once, a shared list still counts its depth wherever else it appears."""
    inner: list = ["a"]
    for _ in range(40):
        inner = [inner]
    deep: list = inner
    for _ in range(30):
        deep = [deep]
    vision = {"id": "v", "title": "V", "tags": inner, "leads": deep}
    data = {"outcomeframe": 1, "title": "SYNTHETIC", "elements": {"visions": [vision]}}
    with pytest.raises(of.ArgumentError, match="nested more than 64"):
        of.from_dict(data)


def test_a_byte_order_mark_is_read_past(tmp_path):
    for name, text in [("plan.yaml", GOOD), ("plan.json", of.dumps(of.loads(GOOD), format="json"))]:
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        assert of.load(path) == of.loads(GOOD)


WRITERS = {
    "to_dict": lambda fw, tmp: of.to_dict(fw),
    "dumps yaml": lambda fw, tmp: of.dumps(fw),
    "dumps json": lambda fw, tmp: of.dumps(fw, format="json"),
    "dump": lambda fw, tmp: of.dump(fw, tmp / "plan.yaml"),
    "to_graphml": lambda fw, tmp: of.to_graphml(fw, tmp / "plan.graphml"),
    "to_node_link": lambda fw, tmp: of.to_node_link(fw),
}


@pytest.mark.parametrize("bad", [None, {"title": "x"}, "plan.yaml", 3])
@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS)
def test_writers_refuse_what_is_not_a_framework(writer, bad, tmp_path):
    with pytest.raises(of.ArgumentError, match=r"^fw: expected a Framework, got "):
        writer(bad, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda p: of.load(p + ".yaml"),
        lambda p: of.dump(of.loads(GOOD), p + ".yaml"),
        lambda p: of.to_graphml(of.loads(GOOD), p + ".graphml"),
    ],
    ids=["load", "dump", "to_graphml"],
)
def test_a_nul_in_a_path_is_named(call, tmp_path):
    with pytest.raises(of.ArgumentError, match="NUL character"):
        call(str(tmp_path / "pl\x00an"))


def test_loads_of_a_path_says_to_use_load(tmp_path):
    with pytest.raises(of.ArgumentError, match=r"got \w*Path; read a file with load\(path\)"):
        of.loads(tmp_path / "plan.yaml")
