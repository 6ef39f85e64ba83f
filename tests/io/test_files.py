import json

import jsonschema
import networkx as nx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

import outcomeframe as of
from tests.framework.test_framework import small
from tests.strategies import frameworks

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
  outcomes:
    - id: less-smoking
      title: Reduce smoking in pregnancy
      serves: [healthy]
  indicators:
    - id: smoking
      title: Smoking at time of delivery
      measures: [less-smoking]
      measure: proportion
      unit: percent
      polarity: lower_is_better
      fingertips_id: 93085
      target: {value: 6, unit: percent, direction: at_most, by: "2022"}
"""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fw=frameworks())
def test_round_trip_yaml_and_json(fw, tmp_path_factory):
    fw.validate()
    folder = tmp_path_factory.mktemp("rt")
    for name in ("plan.yaml", "plan.json"):
        of.dump(fw, folder / name)
        assert of.load(folder / name) == fw


#: Built once: ``jsonschema.validate`` checks the schema itself again on every call.
#: The schema is checked against the metaschema in test_shipped_plans_match_the_schema.
SCHEMA = jsonschema.Draft202012Validator(of.schema())


@settings(max_examples=30, deadline=None)
@given(fw=frameworks())
def test_generated_files_match_the_schema(fw):
    SCHEMA.validate(of.to_dict(fw))


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_shipped_plans_match_the_schema(name):
    data = yaml.safe_load(of.examples.path(name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(of.schema())
    jsonschema.validate(data, of.schema())


def test_loads_good_file():
    fw = of.loads(GOOD)
    assert fw["smoking"].target == of.Target(
        value=6, unit="percent", direction="at_most", by="2022"
    )
    assert fw.graph.edges["smoking", "less-smoking"]["relation"] is of.Relation.MEASURES
    assert fw.metadata.area == of.Area(code="E08000009", name="Trafford")


def problems_of(text: str, path=None) -> list[of.Problem]:
    with pytest.raises(of.ValidationError) as info:
        of.loads(text, source=path)
    return list(info.value.problems)


def test_schema_problems_are_all_reported_with_id_and_line():
    text = GOOD.replace("polarity: lower_is_better", "polarty: lower_is_better").replace(
        "title: Being healthy", "title: Being healthy\n      colour: red"
    )
    found = problems_of(text, "plan.yaml")
    assert len(found) == 3  # unknown 'polarty', missing 'polarity', unknown 'colour'
    by_element = {p.element for p in found}
    assert by_element == {"smoking", "healthy"}
    assert any("line 11" in p.message and "colour" in p.message for p in found)
    assert all(p.rule == "schema" for p in found)


def test_error_message_names_the_file(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD.replace("measure: proportion", "measure: percentage"), encoding="utf-8")
    with pytest.raises(of.ValidationError, match=r"plan\.yaml") as info:
        of.load(path)
    assert "smoking" in str(info.value)


def test_dangling_reference_names_id_and_line():
    (problem,) = problems_of(GOOD.replace("serves: [healthy]", "serves: [healthy, ghost]"))
    assert problem.rule == "dangling-reference"
    assert problem.element == "less-smoking"
    assert "ghost" in problem.message
    assert "line 15" in problem.message


def test_duplicate_id():
    text = GOOD.replace("id: less-smoking", "id: healthy").replace(
        "measures: [less-smoking]", "measures: [healthy]"
    )
    found = problems_of(text)
    assert [p.rule for p in found] == ["duplicate-id"]
    assert found[0].element == "healthy"


def test_cycle_in_file():
    text = (
        GOOD
        + """\
  bodies:
    - {id: board, title: Board, accountable_to: [group]}
    - {id: group, title: Group, accountable_to: [board]}
"""
    )
    assert [p.rule for p in problems_of(text)] == ["cycle"]


def test_relation_kinds_in_file():
    text = GOOD.replace("serves: [vision]", "serves: [less-smoking]")
    assert "relation-kinds" in {p.rule for p in problems_of(text)}


@pytest.mark.parametrize(
    ("text", "line"),
    [("title: [unclosed\n", 2), ("a: b\n  c: d\n", 2), ("- {\n", 2)],
)
def test_malformed_yaml_gives_file_format_error_with_line(text, line):
    with pytest.raises(of.FileFormatError) as info:
        of.loads(text, source="bad.yaml")
    assert info.value.line == line
    assert "bad.yaml" in str(info.value)


def test_malformed_json(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"outcomeframe": 1,\n "title": }', encoding="utf-8")
    with pytest.raises(of.FileFormatError) as info:
        of.load(path)
    assert info.value.line == 2


def test_not_a_mapping_or_empty():
    for text in ["- a\n- b\n", "42\n"]:
        with pytest.raises(of.ValidationError, match="does not match the file format"):
            of.loads(text)
    with pytest.raises(of.FileFormatError, match="the file is empty"):
        of.loads("")


def test_unsafe_yaml_tags_are_refused():
    text = "!!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(of.FileFormatError):
        of.loads(text)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_framework_file_in_utf16_or_utf32_with_its_mark_is_read(tmp_path, encoding):
    """It was 'not a text file (it is not UTF-8 at byte 0)', though the data readers read it."""
    path = tmp_path / "plan.yaml"
    text = of.examples.path("trafford").read_text(encoding="utf-8")
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    assert of.load(path) == of.examples.load("trafford")


def test_a_message_about_text_names_its_line_without_a_file():
    with pytest.raises(of.FileFormatError, match=r"^line 3: cannot read '2019-02-30'"):
        of.loads("outcomeframe: 1\ntitle: x\nn: 2019-02-30\n")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("", "yaml"),
        ("# notes only\n\n", "yaml"),
        ("---\n", "yaml"),
        ("# notes\n--- # more\n...\n", "yaml"),
        ("~\n", "yaml"),
        ("null\n", "yaml"),
        (" \n", "json"),
        ("null", "json"),
    ],
)
def test_an_empty_file_says_so(tmp_path, text, fmt):
    """It was "(top level): None is not of type 'object'"."""
    path = tmp_path / f"plan.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(of.FileFormatError, match=r"plan\.(yaml|json): the file is empty"):
        of.load(path)


def test_bad_paths(tmp_path):
    with pytest.raises(of.FileFormatError, match="no such file"):
        of.load(tmp_path / "missing.yaml")
    with pytest.raises(of.FileFormatError, match="suffix"):
        of.load(tmp_path / "plan.txt")
    binary = tmp_path / "plan.yaml"
    binary.write_bytes(b"\x80\x81\x00\x01")
    with pytest.raises(of.FileFormatError, match="UTF-8"):
        of.load(binary)
    with pytest.raises(of.ArgumentError):
        of.loads(GOOD, format="toml")
    with pytest.raises(of.ArgumentError):
        of.dumps(small(), format="toml")


def test_graphml_export(tmp_path):
    fw = small()
    path = tmp_path / "g.graphml"
    of.to_graphml(fw, path)
    G = nx.read_graphml(path)
    assert set(G.nodes) == set(fw.graph.nodes)
    assert G.nodes["smoking"]["polarity"] == "lower_is_better"
    assert G.edges["smoking", "less-smoking"]["relation"] == "measures"


def test_node_link_export_is_json_and_complete():
    fw = small()
    data = json.loads(json.dumps(of.to_node_link(fw)))
    G = nx.node_link_graph(data, edges="edges")
    assert set(G.edges) == set(fw.graph.edges)
    assert G.nodes["board"]["kind"] == "body"


def test_target_with_value_and_benchmark_says_so():
    text = GOOD.replace(
        'target: {value: 6, unit: percent, direction: at_most, by: "2022"}',
        "target: {value: 6, unit: percent, benchmark: E92000001}",
    )
    (problem,) = problems_of(text)
    assert problem.element == "smoking"
    assert "exactly one of 'value'" in problem.message
    assert "is not valid under" not in problem.message


# A YAML scanner or parser error names the file, the line and column, in plain words.
_TAB = GOOD.replace("    - id: vision\n", "\t- id: vision\n", 1)
_TAB_LINE = GOOD.splitlines().index("    - id: vision") + 1


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (_TAB, _TAB_LINE, 1, "YAML does not allow tabs for indentation: use spaces"),
        # a tab later in the file, after a plain value (libyaml says "violates indentation")
        (GOOD + "\t\n", GOOD.count("\n") + 1, 1, "does not allow tabs"),
        # the quote opens on line 2 and runs to the end: the line named is the quote's
        ('outcomeframe: 1\ntitle: "Tiny plan\nelements: {}\n', 2, 8, 'the quote " opened here'),
        (GOOD.replace("title: Tiny plan", "title: 'Tiny plan", 1), 2, 8, "closing '"),
        # a key indented one space less than its neighbours
        (GOOD.replace("      title: Every", "     title: Every", 1), 7, 6, "does not line up"),
        (GOOD.replace("title: Tiny plan", "title: Plan: 24", 1), 2, 12, "put the value in quotes"),
        ("outcomeframe: 1\ntitle: [a, b\n", 3, 1, "the [ opened on line 2 is never closed"),
    ],
    ids=["tab", "late-tab", "open-double-quote", "open-single-quote", "indent", "colon", "bracket"],
)
def test_yaml_syntax_errors_name_line_column_and_the_fix(tmp_path, text, line, column, words):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(of.FileFormatError) as info:
        of.load(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line
    assert str(err).startswith(f"{path}, line {line}: not valid YAML at column {column}: ")
    assert words in str(err)


def test_yaml_tab_error_from_the_pure_python_parser_too(monkeypatch):
    # Without libyaml, PyYAML's own scanner words the tab differently; the message is the same.
    monkeypatch.setattr("outcomeframe.io._yaml._LOADER", yaml.SafeLoader)
    with pytest.raises(of.FileFormatError, match="line 2: not valid YAML at column 1: found a tab"):
        of.loads("outcomeframe: 1\n\ttitle: x\n", source="plan.yaml")


@pytest.mark.parametrize("order", [("accountable_to", "oversees"), ("oversees", "accountable_to")])
def test_a_file_is_written_back_with_its_relations_in_its_own_order(order):
    """The relations of an element are read in the file's order, so dumps is the same on
    every run (a set's order changes with the hash seed of the process)."""
    body = {"accountable_to": ["board"], "oversees": ["vision"]}
    text = of.dumps(
        of.from_dict(
            {
                "outcomeframe": 1,
                "title": "Plan",
                "elements": {
                    "visions": [{"id": "vision", "title": "Vision"}],
                    "bodies": [
                        {"id": "board", "title": "Board"},
                        {"id": "group", "title": "Group", **{k: body[k] for k in order}},
                    ],
                },
            }
        )
    )
    written = yaml.safe_load(text)["elements"]["bodies"][1]
    assert [k for k in written if k in body] == list(order)
