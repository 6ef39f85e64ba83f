"""Warnings from the assessment: percent values written as fractions, periods of another type."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.assessment._warnings import MIN_VALUES_WITHOUT_COUNTS

AREAS = ["E08000009", "E10000017", "E92000001", "E12000002", "E06000006", "E08000010"]


def plan(*indicators: of.Indicator) -> of.Framework:
    fw = of.Framework("Test plan")
    fw.add(of.Vision(id="vision", title="V"), of.Outcome(id="o", title="O"), *indicators)
    fw.link("o", "vision")
    for ind in indicators:
        fw.link(ind.id, "o")
    return fw


def indicator(id: str, unit: str = "percent", **fields) -> of.Indicator:
    measure = "proportion" if unit == "percent" else "crude_rate"
    return of.Indicator(
        id=id, title=id, measure=measure, unit=unit, polarity="higher_is_better", **fields
    )


def synthetic_fractions(ind: str, n: int, seed: int) -> pd.DataFrame:
    """Synthetic: ``n`` areas' values drawn between 0.05 and 0.95, no counts."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "indicator": ind,
            "area_code": [f"E0{i:07d}" for i in range(n)],
            "period": "2022",
            "value": rng.uniform(0.05, 0.95, n),
        }
    )


def fraction_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if "look like fractions of 1" in str(w.message)]


def period_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if "periods of another type" in str(w.message)]


def assessed(fw: of.Framework, data: pd.DataFrame) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fw.assess(data)
    return record


# ---- percent values written as fractions -------------------------------------------------


def test_fractions_contradicted_by_the_counts_are_warned_about():
    data = pd.DataFrame(
        {
            "indicator": "cover",
            "area_code": AREAS[:3],
            "period": "2022",
            "count": [20.0, 30.0, 45.0],
            "denominator": [100.0, 120.0, 90.0],
        }
    )
    data["value"] = data["count"] / data["denominator"]  # fractions, not percentages
    with pytest.warns(of.OutcomeFrameWarning, match="look like fractions of 1") as record:
        plan(indicator("cover")).assess(data)
    (message,) = fraction_warnings(record.list)
    assert "'cover': 3 of 3 rows with counts give count / denominator" in message
    assert "value 0.2, count 20, denominator 100" in message


def test_percentages_that_agree_with_the_counts_are_not_warned_about():
    data = pd.DataFrame(
        {
            "indicator": "cover",
            "area_code": AREAS[:3],
            "period": "2022",
            "count": [20.0, 30.0, 45.0],
            "denominator": [100.0, 120.0, 90.0],
        }
    )
    data["value"] = 100 * data["count"] / data["denominator"]
    assert fraction_warnings(assessed(plan(indicator("cover")), data)) == []


def test_small_percentages_with_counts_are_not_fractions():
    # 0.3% of births: every value is below 1, and the counts say it is a percentage
    data = pd.DataFrame(
        {
            "indicator": "cover",
            "area_code": AREAS,
            "period": "2022",
            "count": [3.0, 5.0, 8.0, 2.0, 6.0, 4.0],
            "denominator": [1000.0, 900.0, 1200.0, 800.0, 1500.0, 700.0],
        }
    )
    data["value"] = 100 * data["count"] / data["denominator"]
    assert (data["value"] < 1).all()
    assert fraction_warnings(assessed(plan(indicator("cover")), data)) == []


def test_values_without_counts_need_five_of_them():
    fw = plan(indicator("cover"))
    enough = synthetic_fractions("cover", MIN_VALUES_WITHOUT_COUNTS, seed=1)
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(enough)
    (message,) = fraction_warnings(record.list)
    assert (
        f"'cover': no counts, and all {MIN_VALUES_WITHOUT_COUNTS} values are between 0 and 1, "
        "so they look like fractions of 1"
    ) in message
    fewer = synthetic_fractions("cover", MIN_VALUES_WITHOUT_COUNTS - 1, seed=1)
    assert fraction_warnings(assessed(fw, fewer)) == []


def test_one_value_above_1_means_percentages():
    data = synthetic_fractions("cover", 10, seed=2)
    data.loc[3, "value"] = 1.5
    assert fraction_warnings(assessed(plan(indicator("cover")), data)) == []


def test_only_percent_indicators_are_checked():
    data = synthetic_fractions("rate", 10, seed=3)
    assert fraction_warnings(assessed(plan(indicator("rate", unit="per_1000")), data)) == []


def test_one_warning_names_every_indicator():
    data = pd.concat(
        [synthetic_fractions("a", 6, seed=4), synthetic_fractions("b", 7, seed=5)],
        ignore_index=True,
    )
    with pytest.warns(of.OutcomeFrameWarning) as record:
        plan(indicator("a"), indicator("b"), indicator("c")).assess(data)
    (message,) = fraction_warnings(record.list)
    assert "'a': no counts, and all 6 values" in message
    assert "'b': no counts, and all 7 values" in message
    assert "'c'" not in message


def test_real_percent_values_divided_by_100_are_warned_about():
    fw = of.examples.load("lancashire")
    data = of.examples.data("lancashire")
    assert fraction_warnings(assessed(fw, data)) == []
    wanted = "smoking-at-time-of-delivery"
    rows = (data["indicator"].astype(str) == wanted).to_numpy()
    assert rows.any()
    scaled = data.copy()
    for col in ["value", "lower_95", "upper_95", "lower_99_8", "upper_99_8"]:
        if col in scaled.columns:
            scaled.loc[rows, col] = scaled.loc[rows, col] / 100
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(scaled)
    (message,) = fraction_warnings(record.list)
    assert re.search(rf"'{wanted}': [\d,]+ of [\d,]+ rows with counts", message)
    assert message.count("': ") == 1  # that indicator only


# ---- periods of another type than declared -----------------------------------------------


def periods(ind: str, labels: list[str], **columns) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ind,
            "area_code": "E08000009",
            "period": labels,
            "value": np.linspace(10.0, 20.0, len(labels)),
            **columns,
        }
    )


def test_calendar_years_for_a_financial_indicator():
    fw = plan(indicator("x", period_type="financial"))
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(periods("x", ["2019", "2020"]))
    (message,) = period_warnings(record.list)
    assert "'x' is declared financial; the data's periods are calendar years (2019, 2020)" in (
        message
    )


def test_a_spaced_dash_is_pooled_calendar_years_not_a_financial_year():
    fw = plan(indicator("x", period_type="financial"))
    assert period_warnings(assessed(fw, periods("x", ["2018/19", "2019/20"]))) == []
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(periods("x", ["2018/19", "2019 - 20"]))
    (message,) = period_warnings(record.list)
    assert (
        "'x' is declared financial; the data's periods are 2 calendar years pooled (2019 - 20)"
    ) in message
    assert "2018/19" not in message


def test_academic_years_for_a_financial_indicator_are_warned_about():
    fw = plan(indicator("x", period_type="financial"))
    hinted = periods("x", ["2018/19", "2019/20"], period_type="academic")
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(hinted)
    (message,) = period_warnings(record.list)
    assert (
        "'x' is declared financial; the data's periods are academic years (2018/19, 2019/20)"
    ) in message


def test_a_year_span_with_no_hint_suits_an_academic_indicator():
    # "2019/20" reads as a financial year unless told otherwise: not a contradiction
    fw = plan(indicator("x", period_type="academic"), indicator("y", period_type="academic"))
    data = pd.concat(
        [
            periods("x", ["2018/19", "2019/20"]),
            periods("y", ["2018/19", "2019/20"], period_type="academic"),
        ],
        ignore_index=True,
    )
    assert period_warnings(assessed(fw, data)) == []
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(periods("x", ["2019", "2020"]))
    (message,) = period_warnings(record.list)
    assert "'x' is declared academic; the data's periods are calendar years (2019, 2020)" in (
        message
    )


def test_pooled_years_are_compared_with_their_length_and_year_type():
    fw = plan(indicator("x", period_type="calendar", period_years=3))
    assert period_warnings(assessed(fw, periods("x", ["2016 - 18", "2017 - 19"]))) == []
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(periods("x", ["2017 - 19", "2018 - 19"]))
    (message,) = period_warnings(record.list)
    assert "'x' is declared calendar, 3 years pooled; the data's periods are 2 calendar " in (
        message
    )
    assert "years pooled (2018 - 19)" in message


def test_undeclared_period_types_and_months_are_not_compared():
    fw = plan(indicator("x"), indicator("y", period_type="academic"))
    data = pd.concat(
        [periods("x", ["2019", "2019/20", "2019 - 21"]), periods("y", ["2018-08", "2019-08"])],
        ignore_index=True,
    )
    assert period_warnings(assessed(fw, data)) == []


def test_one_period_warning_names_every_indicator():
    fw = plan(
        indicator("x", period_type="financial"),
        indicator("y", period_type="calendar"),
        indicator("z", period_type="calendar"),
    )
    data = pd.concat(
        [
            periods("x", ["2015", "2016", "2017", "2018"]),
            periods("y", ["2019/20"]),
            periods("z", ["2019"]),
        ],
        ignore_index=True,
    )
    with pytest.warns(of.OutcomeFrameWarning) as record:
        fw.assess(data)
    (message,) = period_warnings(record.list)
    assert (
        "'x' is declared financial; the data's periods are calendar years (2015, 2016, 2017, ...)"
    ) in message
    assert "'y' is declared calendar; the data's periods are financial years (2019/20)" in message
    assert "'z'" not in message


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_the_shipped_examples_raise_neither_warning(name):
    record = assessed(of.examples.load(name), of.examples.data(name))
    assert fraction_warnings(record) == []
    assert period_warnings(record) == []
