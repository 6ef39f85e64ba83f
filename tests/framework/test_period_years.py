from __future__ import annotations

import pytest

import outcomeframe as of


def indicator(**kwargs):
    return of.Indicator(
        id="obesity", title="Obesity", measure="proportion", unit="percent", **kwargs
    )


def test_period_years_of_pooled_data():
    ind = indicator(period_type="academic", period_years=5)
    assert ind.period_type is of.PeriodType.ACADEMIC
    assert ind.period_years == 5
    assert indicator(period_years=3.0).period_years == 3


@pytest.mark.parametrize("bad", [0, -1, 2.5, "5", True, 1000])
def test_bad_period_years_are_named(bad):
    with pytest.raises(of.ArgumentError, match="period_years"):
        indicator(period_years=bad)


def test_period_years_round_trip_through_a_file():
    fw = of.Framework(title="Pooled")
    fw.add(indicator(period_type="calendar", period_years=3, polarity="lower_is_better"))
    again = of.loads(of.dumps(fw))
    assert again["obesity"].period_years == 3
    with pytest.raises(of.OutcomeFrameError, match="period_years"):
        of.loads(of.dumps(fw).replace("period_years: 3", "period_years: 0"))
