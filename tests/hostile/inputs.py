"""SYNTHETIC hostile framework files: seeded generators, no real plan or figure in them.

Shared by the tests in this folder and by ``benchmarks/bench_files.py``.
"""

from __future__ import annotations

import json
import random

HEAD = "outcomeframe: 1\ntitle: SYNTHETIC plan\nelements:\n"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """SYNTHETIC: a "billion laughs" YAML file of about 1 KB (width**levels strings if expanded)."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return HEAD.replace("elements:\n", "") + "\n".join(lines) + "\n"


def bodies_all_accountable(n: int = 14) -> str:
    """SYNTHETIC: ``n`` bodies, each accountable to every other one (a "cycle bomb")."""
    lines = [HEAD, "  bodies:\n"]
    ids = [f"b{i}" for i in range(n)]
    for me in ids:
        others = ", ".join(x for x in ids if x != me)
        lines.append(f"    - {{id: {me}, title: Body {me}, accountable_to: [{others}]}}\n")
    return "".join(lines)


def diamond_bodies(layers: int = 40) -> str:
    """SYNTHETIC: 2 * layers + 1 bodies in a ladder of diamonds: 2**layers paths to the top."""
    lines = [HEAD, "  bodies:\n", "    - {id: top, title: Top}\n"]
    above = ["top"]
    for layer in range(layers):
        pair = [f"l{layer}-a", f"l{layer}-b"]
        for me in pair:
            lines.append(
                f"    - {{id: {me}, title: Body {me}, accountable_to: [{', '.join(above)}]}}\n"
            )
        above = pair
    return "".join(lines)


def chain_bodies(n: int = 5000) -> str:
    """SYNTHETIC: ``n`` bodies in one chain of accountability."""
    lines = [HEAD, "  bodies:\n", "    - {id: b0, title: Body 0}\n"]
    lines.extend(
        f"    - {{id: b{i}, title: Body {i}, accountable_to: [b{i - 1}]}}\n" for i in range(1, n)
    )
    return "".join(lines)


def many_priorities(n: int = 20000) -> str:
    """SYNTHETIC: a vision and ``n`` priorities serving it."""
    lines = [
        HEAD,
        "  visions:\n",
        "    - {id: vision, title: SYNTHETIC vision}\n",
        "  priorities:\n",
    ]
    lines.extend(
        f"    - id: p{i}\n      title: SYNTHETIC priority {i}\n      serves: [vision]\n"
        for i in range(n)
    )
    return "".join(lines)


def large_framework(megabytes: float = 5.0, seed: int = 20261201) -> dict[str, object]:
    """SYNTHETIC: a layered framework whose YAML is about ``megabytes`` MB (plain data)."""
    rng = random.Random(seed)
    words = ["children", "families", "health", "school", "early", "support", "access", "care"]

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize()

    elements: dict[str, list[dict[str, object]]] = {
        "visions": [{"id": "vision", "title": "SYNTHETIC vision"}],
        "priorities": [{"id": f"p{i}", "title": text(5), "serves": ["vision"]} for i in range(50)],
        "outcomes": [
            {"id": f"o{i}", "title": text(8), "serves": [f"p{i % 50}"]} for i in range(1000)
        ],
        "indicators": [],
    }
    size, i = 0, 0
    while size < megabytes * 1e6:
        item = {
            "id": f"i{i}",
            "title": text(8),
            "description": text(40),
            "measure": "proportion",
            "unit": "percent",
            "polarity": "higher_is_better",
            "measures": [f"o{i % 1000}"],
            "target": {"value": rng.randint(1, 99), "unit": "percent", "by": "2030"},
        }
        elements["indicators"].append(item)
        size += len(json.dumps(item)) + 40
        i += 1
    return {"outcomeframe": 1, "title": "SYNTHETIC large plan", "elements": elements}


#: A FingertipsNext row (the shape of ``tests/data/fingertipsnext/healthdata.csv``).
_NEXT_HEADER = "IndicatorId,AreaCode,Sex,Age,Year,Value,LowerCI,UpperCI,Count,Denominator"


def one_key_repeated(n: int, *, conflicting: bool = True) -> str:
    """SYNTHETIC FingertipsNext CSV of ``n`` rows of one key, each with its own count.

    With ``conflicting=False`` each row has its own area instead: the same rows, all
    different keys (the clean file of the same size to time against).
    """
    areas = ["E92000001"] * n if conflicting else [f"E{i:08d}" for i in range(n)]
    lines = (
        f"90001,{a},Persons,All ages,2023,10.0,9.0,11.0,{i},{1000 + i}" for i, a in enumerate(areas)
    )
    return _NEXT_HEADER + "\n" + "\n".join(lines) + "\n"
