"""Hypothesis strategies for outcomeframe's tests: random valid frameworks."""

from __future__ import annotations

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

_SLUG = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,3}){0,2}", fullmatch=True)

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
        "description": draw(st.none() | _TEXT),
        "leads": draw(st.lists(_TEXT, max_size=2)),
        "tags": draw(st.lists(_TEXT, max_size=2)),
    }


@st.composite
def targets(draw: st.DrawFn, unit: str) -> of.Target | None:
    choice = draw(st.sampled_from(["none", "value", "benchmark"]))
    if choice == "none":
        return None
    wording = draw(st.none() | _TEXT)
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
    ids = iter(
        draw(st.lists(_SLUG, min_size=8 * max_each + 1, max_size=8 * max_each + 1, unique=True))
    )
    meta = {
        "title": draw(_TEXT),
        "organisation": draw(st.none() | _TEXT),
        "area": draw(st.none() | st.just({"code": "E08000009", "name": "Trafford"})),
        "benchmark": draw(st.none() | st.just({"code": "E92000001", "name": "England"})),
        "period": draw(st.none() | st.just("2019-2022")),
        "version": draw(st.none() | _TEXT),
    }
    fw = of.Framework(**meta)
    vision = of.Vision(**draw(common(next(ids))))
    fw.add(vision)

    def layer(cls: type[of.Element], parents: list[str], minimum: int = 1) -> list[str]:
        made = []
        for _ in range(draw(st.integers(minimum, max_each))):
            el = cls(**draw(common(next(ids))))
            fw.add(el)
            for parent in draw(
                st.lists(st.sampled_from(parents), min_size=1, max_size=2, unique=True)
            ):
                fw.link(el.id, parent)
            made.append(el.id)
        return made

    priorities = layer(of.Priority, [vision.id])
    objectives = layer(of.Objective, priorities)
    outcomes = layer(of.Outcome, objectives)
    for _ in range(draw(st.integers(1, max_each))):
        measure = draw(st.sampled_from(sorted(_UNITS)))
        unit = draw(st.sampled_from(_UNITS[measure]))
        ind = of.Indicator(
            **draw(common(next(ids))),
            measure=measure,
            unit=unit,
            polarity=draw(st.sampled_from(list(of.Polarity))),
            numerator=draw(st.none() | _TEXT),
            denominator=draw(st.none() | _TEXT),
            fingertips_id=draw(st.none() | st.integers(1, 999_999)),
            source=draw(st.none() | _TEXT),
            period_type=draw(st.none() | st.sampled_from(list(of.PeriodType))),
            comparison=draw(st.none() | st.sampled_from(list(of.ComparisonMethod))),
            target=draw(targets(unit)) if measure != "mean" else None,
        )
        fw.add(ind)
        for parent in draw(
            st.lists(st.sampled_from(outcomes + objectives), min_size=1, max_size=2, unique=True)
        ):
            fw.link(ind.id, parent)
    layer(of.Action, outcomes + objectives + priorities, minimum=0)
    layer(of.Enabler, [vision.id, *priorities], minimum=0)
    bodies = []
    for _ in range(draw(st.integers(0, 3))):
        body = of.Body(**draw(common(next(ids))))
        fw.add(body)
        if bodies:
            fw.link(body.id, bodies[-1], "accountable_to")
        fw.link(body.id, vision.id)
        bodies.append(body.id)
    return fw
