"""Hostile graphs: cycle bombs, path bombs, long chains; and validation that collects everything.

Every framework here is SYNTHETIC.
"""

from __future__ import annotations

import itertools
import re

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import outcomeframe as of
from outcomeframe.framework._framework import add_unchecked_edge
from outcomeframe.framework._outline import MAX_INDENT, tree_lines
from tests.hostile import inputs
from tests.hostile.test_files import GOOD, indicator
from tests.hostile.work import calls, within


def problems(text: str, source: str = "plan.yaml") -> list[of.Problem]:
    with pytest.raises(of.ValidationError) as info:
        of.loads(text, source=source)
    assert str(info.value).startswith(f"{source} has {len(info.value.problems)} problem(s)")
    return list(info.value.problems)


def assert_is_a_cycle(G: nx.DiGraph, message: str) -> list[str]:
    """The ids in 'cycle: a -> b -> a' are a closed walk of real edges.

    A long cycle's middle is counted, not listed ('a -> ... -> j -> ... (29,989 more) ->
    y -> a'): the walk shown is checked up to the gap and after it, and the ids returned
    stand for the whole cycle (the gap as that many placeholders).
    """
    found = re.match(r"(?:line \d+: )?cycle: (.*?)(?: \(\d+ elements|$)", message).group(1)
    head, _, rest = found.partition(" -> ... (")
    ids = head.split(" -> ")
    if rest:  # elided: '<n> more) -> last -> first'
        more, _, tail = rest.partition(" more) -> ")
        *last, first = tail.split(" -> ")
        assert len(ids) == 10, ids
        assert first == ids[0]
        assert all(G.has_edge(u, v) for u, v in itertools.pairwise([*last, first]))
        assert len(set(ids) | set(last)) == len(ids) + len(last)
        ids = [*ids, *["..."] * int(more.replace(",", "")), *last, first]
    assert ids[0] == ids[-1]
    shown = [i for i in ids if i != "..."]
    assert len(set(shown[:-1])) == len(shown) - 1
    assert all(G.has_edge(u, v) for u, v in itertools.pairwise(ids) if "..." not in (u, v))
    return ids


# --------------------------------------------------------------------------- cycles
def bodies(edges: list[tuple[str, str]], n: int) -> of.Framework:
    fw = of.Framework(title="SYNTHETIC bodies")
    fw.add(*(of.Body(id=f"b{i}", title=f"Body {i}") for i in range(n)))
    for u, v in edges:
        fw.link(u, v, of.Relation.ACCOUNTABLE_TO)
    return fw


CYCLES = {
    "14 bodies, each accountable to all others": (
        [(f"b{i}", f"b{j}") for i in range(14) for j in range(14) if i != j],
        14,
        [14],
    ),
    "20 bodies, each accountable to all others": (
        [(f"b{i}", f"b{j}") for i in range(20) for j in range(20) if i != j],
        20,
        [20],
    ),
    "a self-loop": ([("b0", "b0")], 2, [1]),
    "two separate cycles": ([("b0", "b1"), ("b1", "b0"), ("b2", "b3"), ("b3", "b2")], 4, [2, 2]),
    "a ring of 5,000": ([(f"b{i}", f"b{(i + 1) % 5000}") for i in range(5000)], 5000, [5000]),
    "a ladder of 30 diamonds closed at the top": (
        [("b0", f"b{1}"), ("b0", "b2")]
        + [
            (f"b{2 * k + a}", f"b{2 * k + 2 + c}")
            for k in range(30)
            for a in (1, 2)
            for c in (1, 2)
        ]
        + [("b61", "b0"), ("b62", "b0")],
        63,
        [63],
    ),
}


@pytest.mark.parametrize(("edges", "n", "sizes"), CYCLES.values(), ids=CYCLES)
def test_one_cycle_is_named_per_group_in_linear_time(edges, n, sizes):
    fw = bodies(edges, n)
    # a few dozen calls per element and edge (listing every cycle would be exponential)
    err = within(50 * (n + len(edges)) + 500, fw.validate, expect=of.ValidationError)
    found = [p for p in err.problems if p.rule == "cycle"]
    groups = [
        c
        for c in nx.strongly_connected_components(fw.graph)
        if len(c) > 1 or any(fw.graph.has_edge(u, u) for u in c)
    ]
    assert sorted(len(c) for c in groups) == sorted(sizes)
    assert len(found) == len(groups)
    for problem in found:
        ids = assert_is_a_cycle(fw.graph, problem.message)
        assert problem.element == ids[0]
        (group,) = [c for c in groups if ids[0] in c]
        if len(group) > len(ids) - 1:
            assert f"{len(group)} elements are caught in cycles" in problem.message


def test_the_work_of_finding_a_ring_grows_with_its_length():
    """The speed target is ``test_ring_of_3000_is_named_once`` in benchmarks/bench_files.py."""

    def work(n: int) -> int:
        fw = bodies([(f"b{i}", f"b{(i + 1) % n}") for i in range(n)], n)
        return calls(fw.validate, expect=of.ValidationError)

    work(10)  # the unit registry and the rules are set up once
    small, large = work(1000), work(2000)
    assert 1.8 * small < large < 2.2 * small  # linear: a quadratic search would be 4 times


def test_the_cycle_bomb_file_is_reported_with_its_line():
    text = inputs.bodies_all_accountable(14)  # 14 bodies: billions of elementary cycles
    (problem,) = within(40 * len(text), lambda: problems(text))
    assert problem.rule == "cycle"
    assert problem.line == 5  # the first body's line in the file
    assert problem.message.startswith("line 5: cycle: b0 -> ")
    assert "14 elements are caught in cycles" in problem.message


def test_a_long_ring_message_stays_short():
    fw = bodies([(f"b{i}", f"b{(i + 1) % 50}") for i in range(50)] + [("b0", "b25")], 50)
    with pytest.raises(of.ValidationError) as info:
        fw.validate()
    (problem,) = info.value.problems
    assert_is_a_cycle(fw.graph, problem.message)
    assert "b0 -> b25" in problem.message  # the shortest way round, not the whole ring


def test_a_cycle_of_thousands_names_its_ends_and_counts_its_middle():
    """A ring of 30,000 bodies gave a message of 289 KB listing every one."""
    n = 3_000
    fw = bodies([(f"b{i}", f"b{(i + 1) % n}") for i in range(n)], n)
    with pytest.raises(of.ValidationError) as info:
        fw.validate()
    (problem,) = info.value.problems
    assert len(assert_is_a_cycle(fw.graph, problem.message)) == n + 1
    assert "b9 -> ... (2,989 more) -> b2999 -> b0" in problem.message
    assert len(problem.message) < 200


# --------------------------------------------------------------------------- validation collects
COLLECT = {
    "an unknown key and a dangling link": (
        GOOD.replace("      serves: [vision]", "      serves: [ghost]\n      colour: red"),
        {("dangling-reference", 11), ("schema", 12)},
    ),
    "a bad metadata value and a cycle": (
        GOOD.replace("title: Tiny plan", "title: Tiny plan\nperiod: [2020]")
        + "  bodies:\n    - {id: a, title: A, accountable_to: [b]}\n"
        "    - {id: b, title: B, accountable_to: [a]}\n",
        {("schema", 3), ("cycle", 14)},
    ),
    "a blank unit": (indicator().replace("unit: percent", "unit: ' '"), {("schema", 13)}),
    "a blank area code": (GOOD.replace("code: E08000009", "code: ' '"), {("schema", 3)}),
    "a blank unit, a misspelt key and a wrong relation": (
        indicator(", polarty: x").replace("unit: percent", "unit: ' '")
        + "  outcomes:\n    - {id: o, title: O, serves: [ghost]}\n",
        {("schema", 14), ("schema", 13), ("dangling-reference", 16)},
    ),
    "a relation of the wrong kind beside a schema problem": (
        GOOD.replace("serves: [vision]", "serves: [vision]\n      colour: red")
        + "  outcomes:\n    - {id: o, title: O, serves: [vision]}\n"
        "  objectives:\n    - {id: j, title: J, serves: [o]}\n",
        {("schema", 12), ("relation-kinds", 16)},
    ),
    "a duplicate id beside an unknown key": (
        GOOD + "  outcomes:\n    - {id: healthy, title: Again, colour: red}\n",
        {("schema", 13), ("duplicate-id", 13)},
    ),
}


@pytest.mark.parametrize(("text", "expected"), COLLECT.values(), ids=COLLECT)
def test_schema_and_rule_problems_are_reported_together_each_with_its_line(text, expected):
    found = problems(text)
    got = {(p.rule, p.line) for p in found}
    assert expected <= got
    for p in found:
        assert p.line is not None
        assert p.message.startswith(f"line {p.line}: ")
    assert [p.line for p in found] == sorted(p.line for p in found)


def test_json_problems_have_lines_too():
    text = (
        '{"outcomeframe": 1, "title": "A",\n'
        ' "elements": {"priorities": [\n'
        '   {"id": "p", "title": "P",\n'
        '    "serves": ["ghost"],\n'
        '    "colour": "red"}]}}\n'
    )
    found = problems(text, "plan.json")
    assert {(p.rule, p.line) for p in found} == {("dangling-reference", 4), ("schema", 5)}


# --------------------------------------------------------------------------- show
def test_show_draws_a_path_bomb_once_per_element():
    fw = of.loads(inputs.diamond_bodies(40))  # 81 bodies, 2**40 paths to the top
    lines = within(50 * (len(fw.graph) + fw.graph.number_of_edges()), lambda: tree_lines(fw))
    drawn = [line for line in lines if not line.endswith("(see above)")]
    ids = [re.search(r"\[([^\]]+)\]$", line).group(1) for line in drawn]
    assert sorted(ids) == sorted(fw.graph.nodes)
    # every element with two parents is drawn once and seen above once
    assert len(lines) == len(fw.graph.nodes) + sum(d - 1 for _, d in fw.graph.out_degree() if d)


# --------------------------------------------------------------------------- paths
def diamond_to_vision(layers: int) -> of.Framework:
    """SYNTHETIC: the diamond ladder of bodies, its top overseeing a vision: 2**layers paths."""
    text = inputs.diamond_bodies(layers).replace(
        "{id: top, title: Top}", "{id: top, title: Top, oversees: [v]}"
    )
    return of.loads(text.replace("elements:\n", "elements:\n  visions: [{id: v, title: V}]\n"))


def test_paths_to_vision_are_every_simple_path_shortest_first():
    fw = diamond_to_vision(10)
    paths = fw.paths_to_vision("l9-a")
    expected = [list(p) for p in nx.all_simple_paths(fw.graph, "l9-a", "v")]
    assert len(paths) == 2**9  # one of each pair on each of the 9 layers above
    assert paths == sorted(expected, key=lambda p: (len(p), p))


def test_paths_to_vision_walk_no_route_that_leads_nowhere():
    """2**40 routes up the ladder, none to the vision: they were all walked (a hang)."""
    fw = of.loads(inputs.diamond_bodies(40))
    fw.add(of.Vision(id="v", title="V"))
    size = len(fw.graph) + fw.graph.number_of_edges()
    assert within(50 * size, lambda: fw.paths_to_vision("l39-a")) == []


def test_more_paths_than_max_paths_is_an_error_not_a_wait():
    fw = diamond_to_vision(40)  # 2**39 paths from the bottom
    err = within(
        200 * 1000,  # about 90 calls per path found (each of up to 42 steps): 1,000 paths
        lambda: fw.paths_to_vision("l39-a", max_paths=1000),
        expect=of.ArgumentError,
    )
    assert "'l39-a' reaches a vision by more than 1,000 paths: pass max_paths=" in str(err)
    assert len(fw.paths_to_vision("l9-a", max_paths=2**9)) == 2**9  # exactly as many is fine


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "10", None])
def test_max_paths_must_be_a_positive_whole_number(bad):
    with pytest.raises(of.ArgumentError, match="max_paths: expected a whole number of at least 1"):
        of.examples.load("trafford").paths_to_vision("vision", max_paths=bad)


def test_show_draws_a_chain_of_5000_without_recursion():
    fw = of.loads(inputs.chain_bodies(5000))
    lines = tree_lines(fw)
    assert len(lines) == 5000
    assert lines[0] == "body: Body 0 [b0]"
    assert lines[MAX_INDENT].startswith("  " * MAX_INDENT + "body:")
    assert lines[4999] == "  " * MAX_INDENT + "(level 4999) body: Body 4999 [b4999]"
    assert max(len(line) for line in lines) < 120  # output linear in the chain's length


def test_show_draws_what_only_a_cycle_reaches():
    fw = bodies([("b0", "b1"), ("b1", "b0"), ("b2", "b0")], 3)
    lines = tree_lines(fw)
    assert lines == [
        "body: Body 0 [b0]",
        "  body: Body 1 [b1]",
        "    body: Body 0 [b0] (see above)",
        "  body: Body 2 [b2]",
    ]


def test_show_expands_an_element_met_again_above_the_depth_where_it_was_cut():
    fw = of.Framework(title="SYNTHETIC")
    fw.add(
        of.Vision(id="v", title="V"),
        of.Priority(id="p", title="P"),
        of.Outcome(id="o", title="O"),
        of.Indicator(id="i", title="I", measure="count", unit="dimensionless"),
    )
    fw.link("p", "v")
    fw.link("o", "p")
    fw.link("o", "v")
    fw.link("i", "o")
    assert tree_lines(fw, max_depth=2) == [
        "vision: V [v]",
        "  priority: P [p]",
        "    outcome: O [o]",
        "  outcome: O [o]",
        "    indicator: I [i]",
    ]
    assert tree_lines(fw) == [
        "vision: V [v]",
        "  priority: P [p]",
        "    outcome: O [o]",
        "      indicator: I [i]",
        "  outcome: O [o] (see above)",
    ]


# --------------------------------------------------------------------------- queries
@st.composite
def graphs(draw: st.DrawFn) -> of.Framework:
    """SYNTHETIC: random bodies, outcomes and indicators with random edges, cycles allowed."""
    n_ind = draw(st.integers(0, 12))
    n_out = draw(st.integers(0, 10))
    fw = of.Framework(title="SYNTHETIC")
    fw.add(*(of.Outcome(id=f"o{i}", title=f"O{i}") for i in range(n_out)))
    fw.add(
        *(
            of.Indicator(id=f"i{i}", title=f"I{i}", measure="count", unit="dimensionless")
            for i in range(n_ind)
        )
    )
    nodes = list(fw.graph.nodes)
    if nodes:
        edges = draw(
            st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=40)
        )
        for u, v in edges:
            add_unchecked_edge(fw, u, v, of.Relation.SERVES)  # any pair, as a file may
    return fw


@settings(max_examples=200, deadline=None)
@given(fw=graphs())
def test_coverage_and_unmeasured_match_a_search_from_each_indicator(fw):
    G = fw.graph
    indicators = [n for n, k in G.nodes(data="kind") if k == "indicator"]
    outcomes = [n for n, k in G.nodes(data="kind") if k == "outcome"]
    reach = {i: nx.descendants(G, i) for i in indicators}
    matrix = of.coverage_matrix(G, rows="outcome")
    assert list(matrix.index) == outcomes
    assert list(matrix.columns) == indicators
    # every cell at once, by position (the labels are checked above): a scalar .loc per cell
    # cost more than the search
    expected = np.array([[o in reach[i] for i in indicators] for o in outcomes], dtype=bool)
    got = matrix.to_numpy(dtype=bool).reshape(expected.shape)
    assert (got == expected).all(), np.argwhere(got != expected)
    measured = set().union(*reach.values()) if reach else set()
    assert of.without_indicators(G, kinds=["outcome"]) == [o for o in outcomes if o not in measured]


def test_coverage_of_many_indicators_is_linear():
    """The speed target is ``test_coverage_matrix`` in benchmarks/bench_speed.py."""
    fw = of.from_dict(inputs.large_framework(1.0))
    size = len(fw.graph) + fw.graph.number_of_edges()
    # a few calls per element and edge, not a search per indicator in Python
    matrix = within(10 * size, lambda: fw.coverage_matrix(rows="priority"))
    assert matrix.shape[0] == 50
    assert matrix.to_numpy().sum() == matrix.shape[1]  # each indicator reaches one priority


@pytest.mark.parametrize(
    "call",
    [
        lambda: of.problems("x"),
        lambda: of.coverage_matrix(5),
        lambda: of.indicators_for("x", "y"),
        lambda: of.elements_frame(None),
        lambda: of.without_indicators([1, 2]),
        lambda: of.paths_to_vision({}, "v"),
    ],
)
def test_graph_functions_name_a_wrong_argument(call):
    with pytest.raises(of.ArgumentError, match="G: expected a framework graph"):
        call()
