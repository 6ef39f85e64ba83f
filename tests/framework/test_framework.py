import networkx as nx
import pandas as pd
import pytest

import outcomeframe as of


def small() -> of.Framework:
    fw = of.Framework(title="Small", area={"code": "E08000009", "name": "Trafford"})
    fw.add(
        of.Vision(id="vision", title="Children thrive"),
        of.Priority(id="healthy", title="Being healthy"),
        of.Priority(id="ready", title="School readiness"),
        of.Objective(id="physical", title="Best possible physical health"),
        of.Outcome(id="less-smoking", title="Reduce smoking in pregnancy"),
        of.Outcome(id="gld", title="More children reach a good level of development"),
        of.Indicator(
            id="smoking",
            title="Smoking at delivery",
            measure="proportion",
            unit="percent",
            polarity="lower_is_better",
        ),
        of.Action(id="stop-smoking-service", title="Stop smoking service"),
        of.Enabler(id="leadership", title="Leadership"),
        of.Body(id="board", title="Health and Wellbeing Board"),
        of.Body(id="group", title="Best Start group"),
    )
    for src, dst in [
        ("healthy", "vision"),
        ("ready", "vision"),
        ("physical", "healthy"),
        ("less-smoking", "physical"),
        ("gld", "ready"),
        ("smoking", "less-smoking"),
        ("stop-smoking-service", "less-smoking"),
        ("leadership", "vision"),
        ("group", "board"),
        ("board", "vision"),
    ]:
        fw.link(src, dst)
    return fw


def test_graph_nodes_carry_kind_title_and_element():
    fw = small()
    assert isinstance(fw.graph, nx.DiGraph)
    data = fw.graph.nodes["smoking"]
    assert data["kind"] == "indicator"
    assert data["title"] == "Smoking at delivery"
    assert data["element"] is fw["smoking"]
    assert fw.graph.edges["group", "board"]["relation"] is of.Relation.ACCOUNTABLE_TO
    # any networkx algorithm works on it
    assert nx.is_directed_acyclic_graph(fw.graph)
    assert nx.has_path(fw.graph, "smoking", "vision")


def test_lookup_and_iteration_by_kind():
    fw = small()
    assert [p.id for p in fw.elements("priority")] == ["healthy", "ready"]
    assert [p.id for p in fw.elements(of.Priority)] == ["healthy", "ready"]
    assert len(list(fw.elements(of.Kind.BODY))) == 2
    assert "gld" in fw
    assert "nope" not in fw
    assert len(fw) == 11
    with pytest.raises(of.UnknownElementError, match="nope"):
        fw["nope"]
    with pytest.raises(KeyError):
        fw["nope"]
    with pytest.raises(of.ArgumentError, match="kind"):
        list(fw.elements("widget"))


def test_add_refuses_duplicates_and_adds_nothing_on_failure():
    fw = small()
    with pytest.raises(of.DuplicateIdError, match="healthy"):
        fw.add(of.Priority(id="new", title="New"), of.Priority(id="healthy", title="Again"))
    assert "new" not in fw
    with pytest.raises(of.DuplicateIdError):
        fw.add(of.Priority(id="x", title="X"), of.Outcome(id="x", title="X"))
    with pytest.raises(of.ArgumentError):
        fw.add("not an element")  # type: ignore[arg-type]


def test_link_checks_kinds_and_relation_names():
    fw = small()
    with pytest.raises(of.ArgumentError, match="no relation"):
        fw.link("vision", "healthy")
    with pytest.raises(of.ArgumentError, match="cannot measure outcome"):
        fw.link("stop-smoking-service", "gld", "measures")
    with pytest.raises(of.ArgumentError, match="relation"):
        fw.link("smoking", "gld", "counts")
    with pytest.raises(of.UnknownElementError):
        fw.link("smoking", "ghost")
    fw.link(fw["smoking"], fw["gld"], of.Relation.MEASURES)
    assert fw.graph.edges["smoking", "gld"]["relation"] is of.Relation.MEASURES


def test_replace_and_remove():
    fw = small()
    fw.replace(of.Priority(id="healthy", title="Being healthy (revised)"))
    assert fw.graph.nodes["healthy"]["title"] == "Being healthy (revised)"
    assert fw.graph.has_edge("healthy", "vision")
    with pytest.raises(of.ArgumentError, match="priority"):
        fw.replace(of.Outcome(id="healthy", title="x"))
    fw.remove("gld")
    assert "gld" not in fw
    assert not fw.graph.has_edge("gld", "ready")
    with pytest.raises(of.UnknownElementError):
        fw.remove("gld")


def test_equality_and_copy():
    a, b = small(), small()
    assert a == b
    c = a.copy()
    c.remove("gld")
    assert c != a
    assert "gld" in a
    b.link("smoking", "gld")
    assert a != b
    assert a != of.Framework(title="Small")
    assert (a == "text") is False


def test_metadata_keywords_or_object():
    fw = of.Framework("Plan", organisation="Council", period="2019-2022")
    assert fw.metadata.organisation == "Council"
    assert fw.title == "Plan"
    meta = of.Metadata(title="Plan", area=of.Area(code="E1"))
    assert of.Framework(metadata=meta).metadata is meta
    with pytest.raises(of.ArgumentError):
        of.Framework("Plan", metadata=meta)
    with pytest.raises(of.ArgumentError, match="colour"):
        of.Framework("Plan", colour="red")


def test_indicators_for_is_transitive():
    fw = small()
    assert fw.indicators_for("vision") == {"smoking"}
    assert fw.indicators_for("healthy") == {"smoking"}
    assert fw.indicators_for("ready") == set()
    assert fw.indicators_for("smoking") == {"smoking"}
    with pytest.raises(of.UnknownElementError):
        fw.indicators_for("ghost")


def test_paths_to_vision():
    fw = small()
    assert fw.paths_to_vision("stop-smoking-service") == [
        ["stop-smoking-service", "less-smoking", "physical", "healthy", "vision"]
    ]
    fw.link("stop-smoking-service", "healthy")
    paths = fw.paths_to_vision("stop-smoking-service")
    assert paths[0] == ["stop-smoking-service", "healthy", "vision"]
    assert len(paths) == 2
    assert fw.paths_to_vision("vision") == [["vision"]]
    assert fw.paths_to_vision("group") == [["group", "board", "vision"]]


def test_without_indicators():
    fw = small()
    assert fw.without_indicators() == ["ready", "gld"]
    assert fw.without_indicators(["outcome"]) == ["gld"]


def test_coverage_matrix():
    m = small().coverage_matrix()
    assert list(m.index) == ["healthy", "ready"]
    assert list(m.columns) == ["smoking"]
    assert m.dtypes.unique().tolist() == [bool]
    assert m.loc["healthy", "smoking"]
    assert not m.loc["ready", "smoking"]
    by_outcome = small().coverage_matrix("outcome")
    assert by_outcome.loc["less-smoking", "smoking"]


def test_frames():
    fw = small()
    elements = fw.elements_frame()
    assert len(elements) == len(fw)
    assert isinstance(elements["kind"].dtype, pd.CategoricalDtype)
    inds = fw.indicators_frame()
    assert list(inds["id"]) == ["smoking"]
    assert inds.loc[0, "polarity"] == "lower_is_better"
    assert inds.loc[0, "measures"] == "less-smoking"


def test_repr():
    assert "1 vision, 2 priorities, 1 objective, 2 outcomes, 1 indicator" in repr(small())
    assert "2 bodies" in repr(small())
    assert "empty" in repr(of.Framework("Nothing"))


@pytest.mark.parametrize("bad", ["serves", "nope", 5, None, ["outcome"]], ids=repr)
def test_a_kind_that_is_no_kind_is_named(bad):
    """ValueError ("'serves' is not a valid Kind") or TypeError came from inside."""
    fw = of.examples.load("trafford")
    if bad is not None:
        with pytest.raises(of.ArgumentError, match=r"^rows: .* is not one of vision, priority"):
            fw.coverage_matrix(bad)
    with pytest.raises(of.ArgumentError, match=r"^kinds: .* is not one of vision, priority"):
        fw.without_indicators([bad])


def test_one_kind_alone_is_taken_as_the_kinds():
    fw = of.examples.load("trafford")
    assert fw.without_indicators("outcome") == fw.without_indicators(["outcome"])
    assert fw.without_indicators(of.Kind.PRIORITY) == fw.without_indicators(["priority"])
    assert fw.coverage_matrix(of.Outcome).equals(fw.coverage_matrix("outcome"))


@pytest.mark.parametrize("bad", ["vision", None, {"id": "vision"}], ids=repr)
def test_replace_takes_an_element(bad):
    """It raised "'str' object has no attribute 'id'"."""
    with pytest.raises(of.ArgumentError, match=r"^replace: expected an element"):
        of.examples.load("trafford").replace(bad)


@pytest.mark.parametrize("bad", [{"a": 1}, ["yaml"], None, "toml"], ids=repr)
def test_a_format_that_is_not_yaml_or_json_is_named(bad):
    fw = of.examples.load("trafford")
    with pytest.raises(of.ArgumentError, match=r"^format: .* is not 'yaml' or 'json'"):
        of.dumps(fw, format=bad)
    with pytest.raises(of.ArgumentError, match=r"^format: .* is not 'yaml' or 'json'"):
        of.loads("outcomeframe: 1", format=bad)
