import networkx as nx
import pytest

import outcomeframe as of
from tests.framework.test_framework import small


def rules(fw: of.Framework | nx.DiGraph) -> set[str]:
    """The rules broken by a framework, or by a graph built around a framework's checks."""
    with pytest.raises(of.ValidationError) as info:
        fw.validate() if isinstance(fw, of.Framework) else of.validate_graph(fw)
    assert isinstance(info.value, ValueError)
    return {p.rule for p in info.value.problems}


def test_valid_framework_returns_warnings_only():
    warnings = small().validate()
    assert {w.rule for w in warnings} == {"outcome-without-indicator"}
    assert all(w.severity == "warning" for w in warnings)
    assert [w.element for w in warnings] == ["gld"]


def test_the_graph_cannot_be_changed_behind_the_frameworks_back():
    fw = small()
    before = fw.copy()
    with pytest.raises(nx.NetworkXError, match="read-only"):
        fw.graph.add_edge("smoking", "ghost", relation=of.Relation.MEASURES)
    with pytest.raises(nx.NetworkXError, match="read-only"):
        fw.graph.remove_node("smoking")
    assert fw == before
    assert "smoking" in fw.graph


def test_dangling_reference():
    G = small().graph.copy()
    G.add_edge("smoking", "ghost", relation=of.Relation.MEASURES)
    assert "dangling-reference" in rules(G)


def test_node_attributes_must_match_element():
    G = small().graph.copy()
    G.nodes["healthy"]["title"] = "Edited behind the framework's back"
    assert rules(G) == {"node-attributes"}


def test_relation_kinds():
    G = small().graph.copy()
    G.add_edge("vision", "smoking", relation=of.Relation.MEASURES)
    G.add_edge("gld", "smoking", relation="frobs")
    found = rules(G)
    assert "relation-kinds" in found
    with pytest.raises(of.ValidationError, match="a vision cannot measure an indicator"):
        of.validate_graph(G)


def test_cycle():
    fw = small()
    fw.link("board", "group", "accountable_to")
    with pytest.raises(of.ValidationError) as info:
        fw.validate()
    (problem,) = info.value.problems
    assert problem.rule == "cycle"
    assert "board" in problem.message
    assert "group" in problem.message


def add_indicator(fw: of.Framework, **fields) -> None:
    base = {
        "id": "extra",
        "title": "Extra",
        "measure": "proportion",
        "unit": "percent",
        "polarity": "higher_is_better",
    }
    base.update(fields)
    fw.add(of.Indicator(**base))
    fw.link("extra", "gld")


def test_indicator_without_polarity():
    fw = small()
    add_indicator(fw, polarity=None)
    assert rules(fw) == {"indicator-polarity"}


@pytest.mark.parametrize(
    ("measure", "unit"), [("proportion", "furlongs"), ("proportion", "year"), ("dsr", "kg")]
)
def test_indicator_unit(measure, unit):
    fw = small()
    add_indicator(fw, measure=measure, unit=unit)
    assert rules(fw) == {"indicator-unit"}


def test_indicator_unit_mean_in_years_is_fine():
    fw = small()
    add_indicator(fw, measure="mean", unit="year")
    fw.validate()


@pytest.mark.parametrize(
    "fields",
    [{"value": 90, "unit": "percent", "benchmark": "E92000001"}, {"wording": "do better"}, {}],
)
def test_target_shape_is_refused_by_the_model_in_the_file_formats_words(fields):
    """A target with both or neither of value and benchmark cannot be built at all."""
    with pytest.raises(of.ArgumentError, match=r"exactly one of value \(in unit\) or benchmark"):
        of.Target(**fields)
    assert "Give exactly one of value (in unit) or benchmark (an area code)" in str(
        of.schema()["$defs"]["target"]["description"]
    )


def test_target_unit():
    fw = small()
    add_indicator(fw, target=of.Target(value=3, unit="year"))
    assert rules(fw) == {"target-unit"}
    fw2 = small()
    add_indicator(fw2, target=of.Target(value=3, unit="parsecs"))
    assert rules(fw2) == {"target-unit"}


def test_target_in_a_convertible_unit_is_fine():
    fw = small()
    add_indicator(fw, target=of.Target(value=900, unit="per_1000"))
    fw.validate()


def test_target_range():
    fw = small()
    add_indicator(fw, target=of.Target(value=150, unit="percent"))
    assert rules(fw) == {"target-range"}


def test_every_problem_is_reported_at_once():
    fw = small()
    add_indicator(fw, polarity=None, unit="furlongs")
    fw.link("board", "group", "accountable_to")
    with pytest.raises(of.ValidationError) as info:
        fw.validate()
    assert {p.rule for p in info.value.problems} == {
        "indicator-polarity",
        "indicator-unit",
        "cycle",
    }
    text = str(info.value)
    assert "extra" in text
    assert "indicator-polarity" in text
    assert "3 problem(s)" in text


def test_warnings():
    fw = of.Framework("No vision")
    fw.add(
        of.Outcome(id="o", title="O"),
        of.Indicator(
            id="i", title="I", measure="count", unit="dimensionless", polarity="no_judgement"
        ),
    )
    assert {w.rule for w in fw.validate()} == {
        "vision",
        "outcome-without-indicator",
        "indicator-measures-nothing",
    }
    fw.add(of.Vision(id="v", title="V"))
    assert "unlinked" in {w.rule for w in fw.validate()}


def test_every_rule_has_a_test_above():
    tested = {
        "schema",
        "dangling-reference",
        "node-attributes",
        "relation-kinds",
        "cycle",
        "indicator-polarity",
        "indicator-unit",
        "target-shape",
        "target-unit",
        "target-range",
        "vision",
        "unlinked",
        "outcome-without-indicator",
        "indicator-measures-nothing",
        "duplicate-id",
    }
    assert tested == set(of.RULES)
