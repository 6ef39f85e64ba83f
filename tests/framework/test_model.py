import attrs
import pytest

import outcomeframe as of


def test_elements_are_frozen_and_hashable():
    p = of.Priority(id="school-readiness", title="School readiness")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.title = "Other"  # type: ignore[misc]
    assert {p, attrs.evolve(p)} == {p}
    assert attrs.evolve(p, title="Other") != p


@pytest.mark.parametrize("bad", ["Upper", "-1st", "a--b", "a_b", "a-", "", "x" * 65, "a b"])
def test_ids_must_be_slugs(bad):
    with pytest.raises(of.ArgumentError, match="id"):
        of.Vision(id=bad, title="x")


@pytest.mark.parametrize("bad", ["", "   "])
def test_titles_must_have_text(bad):
    with pytest.raises(of.ArgumentError, match="title"):
        of.Vision(id="v", title=bad)


def test_indicator_converts_enums_and_refuses_unknown_values():
    ind = of.Indicator(
        id="i",
        title="I",
        measure="crude_rate",
        unit="per_1000",
        polarity="RAG - Low is good",
        period_type="calendar",
        comparison="two_levels",
    )
    assert ind.measure is of.MeasureType.CRUDE_RATE
    assert ind.polarity is of.Polarity.LOWER_IS_BETTER
    assert ind.period_type is of.PeriodType.CALENDAR
    with pytest.raises(of.ArgumentError, match="proportion"):
        of.Indicator(id="i", title="I", measure="percentage", unit="percent")
    with pytest.raises(of.ArgumentError, match="polarity"):
        of.Indicator(id="i", title="I", measure="proportion", unit="percent", polarity="good")


def test_indicator_has_no_default_polarity():
    ind = of.Indicator(id="i", title="I", measure="proportion", unit="percent")
    assert ind.polarity is None


def test_leads_and_tags_become_tuples():
    p = of.Priority(id="p", title="P", leads=["A", "B"], tags="interpretive")
    assert p.leads == ("A", "B")
    assert p.tags == ("interpretive",)


def test_targets_express_the_plans_targets():
    providers = of.Target(value=95, unit="percent", direction="at_least", by="2022")
    assert providers.direction is of.TargetDirection.AT_LEAST
    national = of.Target(benchmark="E92000001", wording="to national norms")
    assert national.value is None


@pytest.mark.parametrize(
    ("source", "target", "relation"),
    [
        (of.Kind.PRIORITY, of.Kind.VISION, of.Relation.SERVES),
        (of.Kind.OBJECTIVE, of.Kind.PRIORITY, of.Relation.SERVES),
        (of.Kind.OUTCOME, of.Kind.OBJECTIVE, of.Relation.SERVES),
        (of.Kind.INDICATOR, of.Kind.OUTCOME, of.Relation.MEASURES),
        (of.Kind.ACTION, of.Kind.OUTCOME, of.Relation.DELIVERS),
        (of.Kind.ENABLER, of.Kind.VISION, of.Relation.ENABLES),
        (of.Kind.BODY, of.Kind.BODY, of.Relation.ACCOUNTABLE_TO),
        (of.Kind.BODY, of.Kind.PRIORITY, of.Relation.OVERSEES),
        (of.Kind.VISION, of.Kind.PRIORITY, None),
        (of.Kind.INDICATOR, of.Kind.VISION, None),
    ],
)
def test_default_relation(source, target, relation):
    assert of.default_relation(source, target) is relation
