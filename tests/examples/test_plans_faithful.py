"""The two example plans are faithful to their source documents.

The source text of each plan is kept in ``tests/data/seeds/`` (copied from the plans as
extracted). These tests read the framework files with ``yaml.safe_load`` only, so they do
not depend on the loader, and check that

* every vision statement, priority, objective, outcome, key action, enabler, governance body
  and lead printed in the plan is in the file, with the plan's wording, and of the right kind;
* nothing in the file claims to be from the plan when it is not (elements added to make the
  framework measurable are tagged ``interpretive``);
* the plan's links are kept (objective -> priority, action -> its column's aim, ...);
* every relation points at an element that exists and is of a kind it may point at;
* every indicator has a measure, unit and polarity, and ids are unique slugs.

Titles are compared after normalising whitespace and case and dropping a final full stop
(the plan's run-on cells end some actions with one and not others; a board name is printed
in capitals). The last test loads both plans with the library's own loader and validates them.
"""

from __future__ import annotations

import copy
import functools
import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "src" / "outcomeframe" / "examples"
SEEDS = ROOT / "tests" / "data" / "seeds"
LANCASHIRE_SEED = SEEDS / "lancashire-integrated-early-years-strategy.txt"
TRAFFORD_SEED = SEEDS / "trafford-0-5-strategic-plan-2019-2022.txt"

SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

KINDS = {
    "visions": "vision",
    "priorities": "priority",
    "objectives": "objective",
    "outcomes": "outcome",
    "indicators": "indicator",
    "actions": "action",
    "enablers": "enabler",
    "bodies": "body",
}
WORK = {"vision", "priority", "objective", "outcome"}
# relation -> (kinds it may start from, kinds it may point at), as in the file format.
RELATIONS: dict[str, tuple[set[str], set[str]]] = {
    "serves": ({"priority", "objective", "outcome"}, WORK),
    "measures": ({"indicator"}, {"priority", "objective", "outcome", "action"}),
    "delivers": ({"action"}, WORK),
    "enables": ({"enabler"}, WORK | {"action"}),
    "accountable_to": ({"body"}, {"body"}),
    "oversees": ({"body"}, WORK | {"action", "enabler", "indicator"}),
}
RANK = {"vision": 0, "priority": 1, "objective": 2, "outcome": 3}
MEASURES = {"proportion", "crude_rate", "dsr", "ratio", "mean", "count", "score"}
UNITS = {"percent", "per_1000", "per_10000", "per_100000", "dimensionless", "count"}
POLARITIES = {"higher_is_better", "lower_is_better", "no_judgement"}
PERIOD_TYPES = {"calendar", "financial", "academic", "pooled"}
COMPARISONS = {"ci_overlap", "two_levels", "double_overlap", "quintiles", "quartiles"}


def norm(text: str) -> str:
    """Whitespace collapsed, case folded, without a final full stop."""
    return re.sub(r"\s+", " ", html.unescape(text)).strip().rstrip(".").strip().casefold()


def load(name: str) -> dict[str, Any]:
    """The plan file as YAML reads it: parsed once, a fresh copy for each test."""
    return copy.deepcopy(_parsed(name))


@functools.cache
def _parsed(name: str) -> dict[str, Any]:
    with (EXAMPLES / f"{name}.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict)
    return data


def elements(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every element by id, with its kind added under ``_kind``."""
    out: dict[str, dict[str, Any]] = {}
    for key, items in data.get("elements", {}).items():
        for item in items or []:
            out[item["id"]] = {**item, "_kind": KINDS[key]}
    return out


def of_kind(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in elements(data).values() if e["_kind"] == kind]


def by_title(data: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {norm(e["title"]): e for e in of_kind(data, kind)}


def interpretive(element: dict[str, Any]) -> bool:
    return "interpretive" in element.get("tags", [])


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# --------------------------------------------------------------------------------------
# Lancashire: a plan on a page with headed sections.
# --------------------------------------------------------------------------------------


def lancashire_sections() -> dict[str, list[str]]:
    """The seed's items by section, parsed from its headings."""
    text = lines(LANCASHIRE_SEED)
    heads = {
        "VISION:": "visions",
        "INTEGRATED EARLY YEARS STRATEGY - KEY PRIORITY AREAS": "priorities",
        "OBJECTIVES": "objectives",
        "OUTCOMES AND PERFORMANCE": "outcomes",
        "KEY ACTIONS": "actions",
    }
    blocks: dict[str, list[list[str]]] = {"bodies": [[]]}
    current = "bodies"
    for raw in text:
        line = raw.strip()
        if line in heads:
            current = heads[line]
            blocks[current] = [[]]
            continue
        if not line:
            blocks[current].append([])
            continue
        blocks[current][-1].append(line)
    paragraphs = {k: [" ".join(p) for p in v if p] for k, v in blocks.items()}
    items: dict[str, list[str]] = {}
    for key in ("bodies", "visions", "priorities", "objectives"):
        items[key] = paragraphs[key]
    for key in ("outcomes", "actions"):
        listed = [line for p in blocks[key] for line in p]
        items[key] = [line[2:] for line in listed if line.startswith("- ")]
    # The enablers are the last, unheaded line, run into the end of the key actions.
    enabler_line = next(line for line in blocks["actions"][-1] if not line.startswith("- "))
    items["enablers"] = [part.strip() for part in enabler_line.split(",")]
    return items


LANCASHIRE_COUNTS = {
    "bodies": 4,
    "visions": 1,
    "priorities": 4,
    "objectives": 4,
    "outcomes": 12,
    "actions": 14,
    "enablers": 4,
}


def test_lancashire_seed_parses_as_expected() -> None:
    # Guards the parser below: the plan prints exactly these numbers of items.
    items = lancashire_sections()
    assert {k: len(v) for k, v in items.items()} == LANCASHIRE_COUNTS


@pytest.mark.parametrize("section", sorted(LANCASHIRE_COUNTS))
def test_lancashire_every_item_of_the_plan_is_in_the_file(section: str) -> None:
    data = load("lancashire")
    kind = KINDS[section]
    titles = by_title(data, kind)
    for item in lancashire_sections()[section]:
        assert norm(item) in titles, f"{kind} {item!r} is missing"
    assert len(of_kind(data, kind)) == LANCASHIRE_COUNTS[section]


def test_lancashire_links_the_plan_shows() -> None:
    data = load("lancashire")
    items = lancashire_sections()
    priorities = [by_title(data, "priority")[norm(t)] for t in items["priorities"]]
    objectives = [by_title(data, "objective")[norm(t)] for t in items["objectives"]]
    vision = of_kind(data, "vision")[0]
    for priority in priorities:
        assert priority["serves"] == [vision["id"]]
    # One objective per priority, in column order.
    for objective, priority in zip(objectives, priorities, strict=True):
        assert priority["id"] in objective["serves"]
    # Every outcome serves at least one of the four objectives.
    objective_ids = {o["id"] for o in objectives}
    for outcome in of_kind(data, "outcome"):
        assert set(outcome["serves"]) & objective_ids, outcome["id"]
    # Enablers enable the vision.
    for enabler in of_kind(data, "enabler"):
        assert enabler["enables"] == [vision["id"]]
    # The governance chain, top-down as printed: each body accountable to the one above.
    bodies = [by_title(data, "body")[norm(t)] for t in items["bodies"]]
    assert "accountable_to" not in bodies[0]
    for lower, upper in zip(bodies[1:], bodies[:-1], strict=True):
        assert lower["accountable_to"] == [upper["id"]]
    assert vision["id"] in bodies[-1]["oversees"]


def test_lancashire_outcome_mapping_follows_column_order() -> None:
    # The documented decision: the 12 outcomes, in printed order, fall 4 + 2 + 4 + 2 under
    # the four objectives (the disadvantaged-children outcome also under inequalities).
    data = load("lancashire")
    items = lancashire_sections()
    objectives = [by_title(data, "objective")[norm(t)]["id"] for t in items["objectives"]]
    outcomes = [by_title(data, "outcome")[norm(t)] for t in items["outcomes"]]
    groups = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3]
    for outcome, group in zip(outcomes, groups, strict=True):
        assert outcome["serves"][0] == objectives[group], outcome["id"]


def test_lancashire_every_action_delivers_something() -> None:
    for action in of_kind(load("lancashire"), "action"):
        assert action.get("delivers"), action["id"]


def test_lancashire_has_no_period() -> None:
    # The plan states no period; the file must not invent one.
    assert "period" not in load("lancashire")


# --------------------------------------------------------------------------------------
# Trafford: two tables, flattened to tab-separated rows.
# --------------------------------------------------------------------------------------


def trafford_rows() -> dict[str, Any]:
    text = lines(TRAFFORD_SEED)
    start = next(i for i, line in enumerate(text) if line.startswith("1001 critical days\t"))
    headings = [c.strip() for c in text[start].split("\t") if c.strip()]
    leads = [c.strip() for c in text[start + 1].split("\t") if c.strip()]
    aims = [c.strip() for c in text[start + 2].split("\t") if c.strip()]
    todo = next(
        i for i in range(start + 3, len(text)) if "going to" in text[i] and "do?" in text[i]
    )
    cells = [c.strip() for c in text[todo + 1].split("\t") if c.strip()]
    header = next(i for i, line in enumerate(text) if line.startswith("Early years workforce"))
    enabler_heads = [c.strip() for c in text[header].split("\t") if c.strip()]
    row = text[header + 1].split("\t")
    wrapped = text[header + 2].split("\t")
    programmes = [
        f"{a.strip()} {b.strip()}".strip()
        for a, b in zip(row, wrapped + [""] * (len(row) - len(wrapped)), strict=False)
        if a.strip()
    ]
    return {
        "headings": headings,
        "leads": leads,
        "aims": aims,
        "cells": cells,
        "enabler_heads": enabler_heads,
        "programmes": programmes,
    }


def lead_names(cell: str) -> tuple[list[str], list[str]]:
    """(leads, supporters) from a cell such as 'Leads: A, B, (with support from C)'."""
    body = re.sub(r"^Leads?\s*:\s*", "", cell)
    support = re.findall(r"\(with support from ([^)]*)\)", body)
    body = re.sub(r",?\s*\(with support from [^)]*\)", "", body)
    names = [n.strip() for n in re.split(r",| and ", body) if n.strip()]
    return names, support


def cover(cell: str, titles: list[str]) -> str:
    """What is left of a cell once the given titles are taken out (longest first)."""
    rest = norm(re.sub(r"<[^>]+>", " ", cell))
    for title in sorted(titles, key=len, reverse=True):
        rest = rest.replace(norm(title), " ")
    return re.sub(r"[\s.\-\u2013]+", "", rest)


def test_trafford_seed_parses_as_expected() -> None:
    rows = trafford_rows()
    assert len(rows["headings"]) == 7
    assert len(rows["leads"]) == 7
    assert len(rows["aims"]) == 7
    assert len(rows["cells"]) == 7
    assert len(rows["enabler_heads"]) == 3
    assert len(rows["programmes"]) == 5


def test_trafford_strategic_outcomes_leads_and_aims() -> None:
    data = load("trafford")
    rows = trafford_rows()
    priorities = by_title(data, "priority")
    objectives = by_title(data, "objective")
    vision = of_kind(data, "vision")[0]
    assert len(priorities) == 7
    assert len(objectives) == 7
    for heading, lead_cell, aim in zip(rows["headings"], rows["leads"], rows["aims"], strict=True):
        priority = priorities[norm(heading)]
        assert priority["serves"] == [vision["id"]]
        leads, support = lead_names(lead_cell)
        assert priority["leads"] == leads
        for name in support:
            assert name in priority.get("description", ""), name
        objective = objectives[norm(aim)]
        assert objective["serves"] == [priority["id"]]


def test_trafford_actions_split_each_cell_completely() -> None:
    data = load("trafford")
    rows = trafford_rows()
    objectives = [by_title(data, "objective")[norm(aim)]["id"] for aim in rows["aims"]]
    actions = of_kind(data, "action")
    assert len(actions) == 36
    assigned: set[str] = set()
    for cell, objective in zip(rows["cells"], objectives, strict=True):
        cell_text = norm(re.sub(r"<[^>]+>", " ", cell))
        mine = [a for a in actions if norm(a["title"]) in cell_text]
        assert mine, cell[:40]
        for action in mine:
            assert objective in action["delivers"], action["id"]
            assigned.add(action["id"])
        # Nothing of the cell is left out: the actions cover all of its text.
        assert cover(cell, [a["title"] for a in mine]) == "", cell[:40]
    assert assigned == {a["id"] for a in actions}


def test_trafford_enablers() -> None:
    data = load("trafford")
    rows = trafford_rows()
    enablers = by_title(data, "enabler")
    vision = of_kind(data, "vision")[0]
    for head in rows["enabler_heads"]:
        assert enablers[norm(head)]["enables"] == [vision["id"]]
    heads = {norm(h) for h in rows["enabler_heads"]}
    programmes = [e for t, e in enablers.items() if t not in heads]
    assert len(programmes) == 15
    # The five programme cells line up with strategic outcomes 2 to 6 (documented decision).
    priorities = [by_title(data, "priority")[norm(h)]["id"] for h in rows["headings"]]
    found: set[str] = set()
    for i, cell in enumerate(rows["programmes"]):
        cell_text = norm(cell)
        mine = [p for p in programmes if norm(p["title"]) in cell_text]
        for programme in mine:
            assert priorities[i + 1] in programme["enables"], (programme["id"], i)
            found.add(programme["id"])
        assert cover(cell, [p["title"] for p in mine]) == "", cell[:40]
    assert found == {p["id"] for p in programmes}


def test_trafford_interpretive_outcomes() -> None:
    data = load("trafford")
    outcomes = of_kind(data, "outcome")
    assert len(outcomes) == 8
    text = norm(TRAFFORD_SEED.read_text(encoding="utf-8"))
    for outcome in outcomes:
        assert interpretive(outcome), outcome["id"]
        # Titled with the plan's own words for the result.
        assert norm(outcome["title"]) in text, outcome["id"]
        # Delivered by the action that states it.
        assert any(outcome["id"] in a.get("delivers", []) for a in of_kind(data, "action")), (
            outcome["id"]
        )


def test_trafford_targets() -> None:
    indicators = {e["id"]: e for e in of_kind(load("trafford"), "indicator")}
    providers = indicators["ofsted-providers-good-or-outstanding"]["target"]
    assert providers == {
        "value": 95,
        "unit": "percent",
        "direction": "at_least",
        "by": "2022",
        "wording": providers["wording"],
    }
    assert "95%" in providers["wording"]
    take_up = indicators["two-year-old-entitlement-take-up-rate"]["target"]
    assert (take_up["value"], take_up["unit"], take_up["direction"], take_up["by"]) == (
        90,
        "percent",
        "at_least",
        "2022",
    )


def test_trafford_period_and_no_bodies() -> None:
    data = load("trafford")
    assert data["period"] == "2019-2022"
    assert not of_kind(data, "body")


# --------------------------------------------------------------------------------------
# Both plans: wording, relations, indicators, ids.
# --------------------------------------------------------------------------------------

PLANS = {"lancashire": LANCASHIRE_SEED, "trafford": TRAFFORD_SEED}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_titles_are_the_plans_wording(name: str) -> None:
    # Every non-indicator title not tagged interpretive is printed in the plan. Titles
    # that a cell wraps over two printed lines are checked against the joined cell.
    data = load(name)
    text = norm(PLANS[name].read_text(encoding="utf-8"))
    joined = " ".join(trafford_rows()["programmes"]) if name == "trafford" else ""
    for element in elements(data).values():
        if element["_kind"] == "indicator" or interpretive(element):
            continue
        title = norm(element["title"])
        assert title in text or title in norm(joined), (element["id"], element["title"])


@pytest.mark.parametrize("name", sorted(PLANS))
def test_ids_are_unique_slugs(name: str) -> None:
    data = load(name)
    ids = [item["id"] for items in data["elements"].values() for item in items]
    assert len(ids) == len(set(ids))
    for element_id in ids:
        assert SLUG.match(element_id), element_id
        assert len(element_id) <= 64


@pytest.mark.parametrize("name", sorted(PLANS))
def test_relations_point_at_existing_elements_of_allowed_kinds(name: str) -> None:
    found = elements(load(name))
    for element in found.values():
        for relation, (sources, targets) in RELATIONS.items():
            for target in element.get(relation, []):
                assert target in found, f"{element['id']} {relation} unknown {target!r}"
                assert element["_kind"] in sources, (element["id"], relation)
                assert found[target]["_kind"] in targets, (element["id"], relation, target)
                if relation == "serves":
                    assert RANK[found[target]["_kind"]] < RANK[element["_kind"]]


@pytest.mark.parametrize("name", sorted(PLANS))
def test_everything_leads_to_the_vision(name: str) -> None:
    found = elements(load(name))
    visions = [i for i, e in found.items() if e["_kind"] == "vision"]
    assert len(visions) == 1
    edges = {i: [t for r in RELATIONS for t in e.get(r, [])] for i, e in found.items()}

    def reaches(node: str, seen: frozenset[str] = frozenset()) -> bool:
        if node in visions:
            return True
        return any(reaches(t, seen | {node}) for t in edges[node] if t not in seen)

    for element_id, element in found.items():
        if element["_kind"] != "body":
            assert reaches(element_id), element_id


@pytest.mark.parametrize("name", sorted(PLANS))
def test_indicators_are_complete(name: str) -> None:
    data = load(name)
    indicators = of_kind(data, "indicator")
    assert indicators
    measured: set[str] = set()
    for ind in indicators:
        assert ind.get("polarity") in POLARITIES, ind["id"]
        assert ind.get("unit") in UNITS, ind["id"]
        assert ind.get("measure") in MEASURES, ind["id"]
        assert ind.get("measures"), ind["id"]
        assert ind.get("source"), ind["id"]
        assert ind.get("numerator"), ind["id"]
        assert ind.get("denominator"), ind["id"]
        assert ind.get("period_type", "calendar") in PERIOD_TYPES, ind["id"]
        assert ind.get("comparison", "ci_overlap") in COMPARISONS, ind["id"]
        if ind["measure"] == "proportion":
            assert ind["unit"] == "percent", ind["id"]
        if "fingertips_id" in ind:
            assert isinstance(ind["fingertips_id"], int), ind["id"]
            assert ind["fingertips_id"] > 0
        else:
            # Without a Fingertips ID the source must say where the data comes from.
            assert len(ind["source"]) > 10, ind["id"]
        target = ind.get("target")
        if target is not None:
            assert ("value" in target) != ("benchmark" in target), ind["id"]
            assert target.get("wording"), ind["id"]
            if "value" in target:
                assert target["unit"] == ind["unit"]
                assert target["direction"] in {"at_least", "at_most"}
        measured |= set(ind["measures"])
    # Every outcome has at least one indicator.
    for outcome in of_kind(data, "outcome"):
        assert outcome["id"] in measured, outcome["id"]


@pytest.mark.parametrize(("name", "area"), [("lancashire", "E10000017"), ("trafford", "E08000009")])
def test_header(name: str, area: str) -> None:
    data = load(name)
    assert data["outcomeframe"] == 1
    assert data["area"]["code"] == area
    assert data["benchmark"]["code"] == "E92000001"
    assert data["title"]
    assert data["source"]


def test_fingertips_ids_are_the_verified_ones() -> None:
    # Only IDs found stated in a source (see docs/plans.md) may appear, and an ID always
    # means the same indicator in both plans.
    verified = {
        20101,
        20401,
        30302,
        30309,
        30311,
        90319,
        90631,
        90632,
        92026,
        92196,
        93085,
        93563,
    }
    seen: dict[int, str] = {}
    for name in PLANS:
        for ind in of_kind(load(name), "indicator"):
            fid = ind.get("fingertips_id")
            if fid is None:
                continue
            assert fid in verified, (name, ind["id"], fid)
            assert seen.setdefault(fid, ind["title"]) == ind["title"], fid


# --------------------------------------------------------------------------------------
# The library's own loader.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANS))
def test_library_loads_and_validates_the_plan(name: str) -> None:
    # Imported here so that the tests above, which read the files with yaml alone, still
    # run when the library cannot be imported.
    import outcomeframe.examples  # noqa: PLC0415

    fw = outcomeframe.examples.load(name)
    fw.validate()
