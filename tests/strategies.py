"""Hypothesis strategies for outcomeframe's tests: random valid frameworks."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

import outcomeframe as of

_TEXT = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "Zs", "S"), exclude_characters="\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")

_ALNUM = string.ascii_lowercase + string.digits
#: An element id: ``[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,3}){0,2}``, drawn part by part (the
#: same strings as ``st.from_regex`` of that pattern draws, at a third of its cost).
_SLUG = st.builds(
    lambda head, body, parts: head + body + "".join("-" + part for part in parts),
    st.sampled_from(string.ascii_lowercase),
    st.text(_ALNUM, max_size=6),
    st.lists(st.text(_ALNUM, min_size=1, max_size=3), max_size=2),
)

#: Built once, not at each draw (a strategy made in a loop is made and checked each time).
_MAYBE_TEXT = st.none() | _TEXT
_TEXTS = st.lists(_TEXT, max_size=2)

_UNITS = {
    "proportion": ["percent", "dimensionless"],
    "crude_rate": ["per_1000", "per_100000", "per_10000"],
    "dsr": ["per_100000"],
    "ratio": ["dimensionless", "percent"],
    "mean": ["year", "dimensionless"],
    "count": ["dimensionless"],
    "score": ["dimensionless"],
}


@st.composite
def common(draw: st.DrawFn, element_id: str) -> dict[str, Any]:
    return {
        "id": element_id,
        "title": draw(_TEXT),
        "description": draw(_MAYBE_TEXT),
        "leads": draw(_TEXTS),
        "tags": draw(_TEXTS),
    }


@st.composite
def targets(draw: st.DrawFn, unit: str) -> of.Target | None:
    choice = draw(st.sampled_from(["none", "value", "benchmark"]))
    if choice == "none":
        return None
    wording = draw(_MAYBE_TEXT)
    by = draw(st.none() | st.sampled_from(["2022", "2022/23", "2030"]))
    if choice == "benchmark":
        return of.Target(benchmark="E92000001", wording=wording, by=by)
    return of.Target(
        value=draw(st.floats(0, 100, allow_nan=False)),
        unit=unit,
        direction=draw(st.none() | st.sampled_from(list(of.TargetDirection))),
        by=by,
        wording=wording,
    )


@st.composite
def frameworks(draw: st.DrawFn, max_each: int = 4) -> of.Framework:
    """A random valid framework: every element leads to the one vision."""
    sizes = {
        "priorities": draw(st.integers(1, max_each)),
        "objectives": draw(st.integers(1, max_each)),
        "outcomes": draw(st.integers(1, max_each)),
        "indicators": draw(st.integers(1, max_each)),
        "actions": draw(st.integers(0, max_each)),
        "enablers": draw(st.integers(0, max_each)),
        "bodies": draw(st.integers(0, 3)),
    }
    # exactly as many ids as there are elements (the vision's too)
    n_ids = 1 + sum(sizes.values())
    ids = iter(draw(st.lists(_SLUG, min_size=n_ids, max_size=n_ids, unique=True)))
    meta = {
        "title": draw(_TEXT),
        "organisation": draw(_MAYBE_TEXT),
        "area": draw(st.none() | st.just({"code": "E08000009", "name": "Trafford"})),
        "benchmark": draw(st.none() | st.just({"code": "E92000001", "name": "England"})),
        "period": draw(st.none() | st.just("2019-2022")),
        "version": draw(_MAYBE_TEXT),
    }
    fw = of.Framework(**meta)
    vision = of.Vision(**draw(common(next(ids))))
    fw.add(vision)

    def layer(cls: type[of.Element], parents: list[str], size: int) -> list[str]:
        made = []
        for _ in range(size):
            el = cls(**draw(common(next(ids))))
            fw.add(el)
            for parent in draw(
                st.lists(st.sampled_from(parents), min_size=1, max_size=2, unique=True)
            ):
                fw.link(el.id, parent)
            made.append(el.id)
        return made

    priorities = layer(of.Priority, [vision.id], sizes["priorities"])
    objectives = layer(of.Objective, priorities, sizes["objectives"])
    outcomes = layer(of.Outcome, objectives, sizes["outcomes"])
    for _ in range(sizes["indicators"]):
        measure = draw(st.sampled_from(sorted(_UNITS)))
        unit = draw(st.sampled_from(_UNITS[measure]))
        ind = of.Indicator(
            **draw(common(next(ids))),
            measure=measure,
            unit=unit,
            polarity=draw(st.sampled_from(list(of.Polarity))),
            numerator=draw(_MAYBE_TEXT),
            denominator=draw(_MAYBE_TEXT),
            fingertips_id=draw(st.none() | st.integers(1, 999_999)),
            source=draw(_MAYBE_TEXT),
            period_type=draw(st.none() | st.sampled_from(list(of.PeriodType))),
            comparison=draw(st.none() | st.sampled_from(list(of.ComparisonMethod))),
            target=draw(targets(unit)) if measure != "mean" else None,
        )
        fw.add(ind)
        for parent in draw(
            st.lists(st.sampled_from(outcomes + objectives), min_size=1, max_size=2, unique=True)
        ):
            fw.link(ind.id, parent)
    layer(of.Action, outcomes + objectives + priorities, sizes["actions"])
    layer(of.Enabler, [vision.id, *priorities], sizes["enablers"])
    bodies = []
    for _ in range(sizes["bodies"]):
        body = of.Body(**draw(common(next(ids))))
        fw.add(body)
        if bodies:
            fw.link(body.id, bodies[-1], "accountable_to")
        fw.link(body.id, vision.id)
        bodies.append(body.id)
    return fw
