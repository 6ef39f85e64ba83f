"""Fingertips indicator metadata, and frameworks built from it.

The FingertipsNext metadata is the real tests/data/fingertipsnext/indicators.csv as it
comes (37 rows). The classic-shape rows below are synthetic (made-up IDs 90001-90006,
written here to exercise the classic column names and words); they are labelled so.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd
import pytest

import outcomeframe as of
from tests.test_vocabulary import COMPARISONS, MEASURES, PERIODS, POLARITY

DATA = Path(__file__).parents[1] / "data" / "fingertipsnext"
METADATA = DATA / "indicators.csv"


def raw_rows() -> list[dict[str, str]]:
    with METADATA.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_of_the_real_metadata_reads():
    rows = raw_rows()
    meta = of.read_fingertips_metadata(METADATA)
    assert len(rows) == len(meta) == 37
    assert meta["reason"].isna().all()
    assert meta.index.tolist() == list(range(2, 39))  # file line numbers
    assert meta["fingertips_id"].tolist() == [int(r["IndicatorID"]) for r in rows]
    assert meta["name"].tolist() == [r["IndicatorName"] for r in rows]
    # each word as the hand-written tables say (blank -> None)
    for column, field, table in [
        ("Polarity", "polarity", POLARITY),
        ("ValueType", "measure", MEASURES),
        ("BenchmarkComparisonMethod", "comparison", COMPARISONS),
        ("PeriodType", "period_type", PERIODS),
    ]:
        expected = [table[r[column]] if r[column] else None for r in rows]
        assert meta[field].tolist() == expected, field
    assert meta["unit"].isna().all()  # this file gives no units
    assert meta["frequency"].tolist() == [r["Frequency"] for r in rows]
    # the columns as given follow the tidy ones
    assert list(meta.columns[: len(of.io.METADATA_COLUMNS)]) == list(of.io.METADATA_COLUMNS)
    assert meta["RequiresGeoAggregation"].tolist() == [r["RequiresGeoAggregation"] for r in rows]


def test_rows_checked_by_hand():
    meta = of.read_fingertips_metadata(METADATA).set_index("fingertips_id")
    smoking = meta.loc[93085]
    assert smoking["name"] == "Smokers at time of childbirth delivery"
    assert (smoking["polarity"], smoking["measure"]) == ("lower_is_better", "proportion")
    assert (smoking["comparison"], smoking["period_type"]) == ("ci_overlap", "financial")
    assert smoking["period_years"] == 1
    # blank polarity and comparison
    for ft in (92708, 337):
        assert meta.loc[ft, "polarity"] is None
        assert meta.loc[ft, "comparison"] is None
        assert meta.loc[ft, "measure"] == "count"
    assert meta.loc[93861, "comparison"] == "not_compared"  # "No comparison"
    assert meta.loc[247, "comparison"] == "ci_overlap_99_8"
    assert meta.loc[41101, "measure"] == "ratio"  # indirectly standardised proportion
    assert meta.loc[41101, "value_type"] == "Indirectly standardised proportion"
    assert meta.loc[90362, "measure"] == "life_expectancy"
    assert meta.loc[93015, "period_type"] == "calendar"  # "Yearly"
    assert meta.loc[93468, "period_type"] == "financial"  # "Financial year end point"
    # "Financial multi-year" with no length in the name: the length is left to the data
    assert meta.loc[91112, "period_type"] == "financial"
    assert meta.loc[91112, "period_years"] is pd.NA


def test_a_dataframe_reads_like_the_file():
    from_file = of.read_fingertips_metadata(METADATA)
    frame = pd.read_csv(METADATA, encoding="utf-8-sig")
    from_frame = of.read_fingertips_metadata(frame)
    tidy = list(of.io.METADATA_COLUMNS)
    pd.testing.assert_frame_equal(
        from_frame[tidy].reset_index(drop=True), from_file[tidy].reset_index(drop=True)
    )


# Synthetic classic-shape metadata (made-up IDs and names; the words are Fingertips').
CLASSIC = """\
Indicator ID,Indicator,Definition,Unit,Value type,Year type,Polarity,Frequency,Benchmarking method
90001,Example admissions (3 years combined),Admissions per population,"per 100,000",\
Directly standardised rate,Financial,RAG - Low is good,Annual,\
Confidence intervals overlapping reference value (95.0 & 99.8)
90002,Example coverage,Share covered,%,Proportion,Academic,RAG - High is good,Annual,Quintiles
90003,Example births,Births,,Count,Calendar,Not applicable,Annual,
90004,Example survival (5 year pooled),Years lived,years,Life expectancy,Calendar,\
High is good,Annual,Confidence intervals overlapping reference value (95.0)
90005,Example rate,A rate,per 1000,Crude rate,Yearly,BOB - Blue orange blue,Annual,Not compared
90006,Example ratio,A ratio,per 100,Indirectly standardised ratio,Financial,Low is good,,\
Confidence intervals overlapping reference value (99.8)
"""


def test_classic_metadata():
    meta = of.read_fingertips_metadata(io.StringIO(CLASSIC)).set_index("fingertips_id")
    assert meta["unit"].isna().tolist() == [False, False, True, False, False, False]
    assert meta["unit"].dropna().tolist() == [
        "per_100000",
        "percent",
        "year",
        "per_1000",
        "percent",
    ]
    assert meta["period_years"].tolist() == [3, 1, 1, 5, 1, 1]
    assert meta["comparison"].tolist() == [
        "two_levels",
        "quintiles",
        None,
        "ci_overlap",
        "not_compared",
        "ci_overlap_99_8",
    ]
    assert meta["polarity"].tolist() == [
        "lower_is_better",
        "higher_is_better",
        "no_judgement",
        "higher_is_better",
        "no_judgement",
        "lower_is_better",
    ]
    assert meta["period_type"].tolist() == [
        "financial",
        "academic",
        "calendar",
        "calendar",
        "calendar",
        "financial",
    ]
    assert meta.loc[90001, "definition"] == "Admissions per population"
    assert meta.loc[90001, "name"] == "Example admissions (3 years combined)"


def test_fingertipsr_names_its_id_column_indicatorid():
    text = CLASSIC.replace("Indicator ID,", "IndicatorID,", 1)
    meta = of.read_fingertips_metadata(io.StringIO(text))
    assert meta["fingertips_id"].tolist() == [90001, 90002, 90003, 90004, 90005, 90006]


BAD = CLASSIC.replace("RAG - High is good", "Good").replace(",Crude rate,", ",Rate,")


def test_unknown_words_are_reported_with_row_field_and_accepted_words():
    with pytest.raises(of.DataError) as err:
        of.read_fingertips_metadata(io.StringIO(BAD))
    problems = err.value.problems
    assert len(problems) == 2
    polarity = next(p for p in problems if "polarity" in p)
    assert polarity.startswith("line 3: polarity: 'Good' is not one of higher_is_better")
    assert "RAG - Low is good" in polarity
    assert "Not applicable" in polarity
    measure = next(p for p in problems if "measure" in p)
    assert measure.startswith("line 6: measure: 'Rate' is not one of proportion")
    assert "Directly standardised rate" in measure


def test_errors_report_sets_the_rows_aside_with_their_reason():
    meta = of.read_fingertips_metadata(io.StringIO(BAD), errors="report")
    assert len(meta) == 6
    aside = meta[meta["reason"].notna()]
    assert aside["fingertips_id"].tolist() == [90002, 90005]
    assert aside.loc[3, "polarity"] is None
    assert "'Good' is not one of" in aside.loc[3, "reason"]
    assert meta.loc[2, "polarity"] == "lower_is_better"
    with pytest.warns(of.OutcomeFrameWarning, match="2 metadata row"):
        fw = of.framework_from_fingertips(meta)
    assert sorted(i.fingertips_id for i in fw.elements(of.Indicator)) == [
        90001,
        90003,
        90004,
        90006,
    ]


def test_bad_and_repeated_ids():
    text = CLASSIC + "abc,Not an ID,,%,Proportion,Financial,Low is good,,\n"
    text += CLASSIC.splitlines()[2].replace("RAG - High is good", "Low is good") + "\n"
    text += CLASSIC.splitlines()[1] + "\n"  # an exact repeat is harmless
    with pytest.raises(of.DataError) as err:
        of.read_fingertips_metadata(io.StringIO(text))
    problems = err.value.problems
    assert problems[0] == "line 8: indicator ID 'abc' is not a whole number from 1 to 2**53"
    assert problems[1] == (
        "lines 3, 9: indicator 90002 is given 2 times with different metadata (lines 3, 9)"
    )
    assert len(problems) == 2


@pytest.mark.parametrize(
    "given", ["inf", "-inf", "1e20", "99999999999999999999", "9007199254740993"]
)
def test_an_id_too_large_for_a_whole_number_column_is_a_problem(given):
    """Not a raw OverflowError or TypeError from inside pandas' Int64 cast."""
    text = CLASSIC + f"{given},Too large,,%,Proportion,Financial,Low is good,,\n"
    with pytest.raises(of.DataError) as err:
        of.read_fingertips_metadata(io.StringIO(text))
    assert err.value.problems == (
        f"line 8: indicator ID {given!r} is not a whole number from 1 to 2**53",
    )
    report = of.read_fingertips_metadata(io.StringIO(text), errors="report")
    assert report["reason"].notna().sum() == 1
    assert report["fingertips_id"].isna().sum() == 1


def test_a_pooled_period_of_many_digits_reads_as_not_stated():
    text = CLASSIC.replace("(3 years combined)", "(99999999999999999999 years combined)")
    meta = of.read_fingertips_metadata(io.StringIO(text))
    assert (
        meta["period_years"].tolist()
        == of.read_fingertips_metadata(io.StringIO(CLASSIC.replace(" (3 years combined)", "")))[
            "period_years"
        ].tolist()
    )


@pytest.mark.timeout(60)  # a hang guard: the pooled-years pattern backtracked for minutes
@pytest.mark.parametrize("name", ["1" + " " * 200_000 + "x", "9" * 200_000 + " years"])
def test_a_huge_name_is_read_without_backtracking(name):
    text = CLASSIC.replace("Example coverage", name)
    meta = of.read_fingertips_metadata(io.StringIO(text))
    assert meta.loc[meta["fingertips_id"] == 90002, "period_years"].tolist() == [1]


def test_a_data_file_is_not_metadata():
    with pytest.raises(of.FileFormatError, match=r"not Fingertips indicator metadata.*AreaCode"):
        of.read_fingertips_metadata(DATA / "healthdata.csv")


# --------------------------------------------------------------------------- frameworks
@pytest.fixture(scope="module")
def healthdata() -> pd.DataFrame:
    return pd.read_csv(DATA / "healthdata.csv")


def _multiplier(data: pd.DataFrame, ft: int) -> float:
    rows = data[(data["IndicatorId"] == ft) & (data["Count"] > 0)].dropna(
        subset=["Value", "Denominator"]
    )
    return float((rows["Value"] * rows["Denominator"] / rows["Count"]).median())


def test_a_framework_from_the_real_metadata_and_data(healthdata):
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        fw = of.framework_from_fingertips(
            METADATA, data=healthdata, title="Example profile", area="E08000009"
        )
    indicators = {i.fingertips_id: i for i in fw.elements(of.Indicator)}
    rows = {int(r["IndicatorID"]): r for r in raw_rows()}
    in_data = set(healthdata["IndicatorId"].dropna().astype(int))
    # one per metadata row, and the data's indicators the metadata lack (92026)
    assert set(indicators) == set(rows) | in_data
    assert in_data - set(rows) == {92026}
    only_data = indicators.pop(92026)
    assert only_data.measure.value == "score"  # values and limits only: no multiplier to read
    assert any(
        "92026" in str(w.message) and "not in the metadata" in str(w.message) for w in caught
    )
    assert fw.title == "Example profile"
    assert fw.metadata.area == of.Area(code="E08000009")
    for ft, ind in indicators.items():
        assert ind.id == f"ft-{ft}"
        assert ind.title == rows[ft]["IndicatorName"]
    # rates: multiplier from the data, checked here from the numbers themselves
    assert round(_multiplier(healthdata, 20401)) == 1000
    assert indicators[20401].unit == "per_1000"
    assert round(_multiplier(healthdata, 92266)) == 1000
    assert indicators[92266].unit == "per_1000"
    assert round(_multiplier(healthdata, 93124)) == 100_000
    assert indicators[93124].unit == "per_100000"
    assert 90_000 < _multiplier(healthdata, 94035) < 110_000  # a DSR: only near the scale
    assert indicators[94035].unit == "per_100000"
    # rates with no rows in the data: the fallback, with a warning naming them
    messages = [str(w.message) for w in caught]
    assert len(messages) == 3  # two unit fallbacks, and 92026 read from the data
    rates = next(m for m in messages if "per_100000 assumed" in m)
    for ft in (41203, 108, 22401, 92904, 93415, 93763):
        assert str(ft) in rates
        assert indicators[ft].unit == "per_100000"
    assert "20401" not in rates
    ratio = next(m for m in messages if "percent assumed" in m)
    assert ratio.startswith("indicators 91344:")  # an ISR: Fingertips prints ratios x100
    assert indicators[91344].unit == "percent"
    assert indicators[93085].unit == "percent"
    assert indicators[90362].unit == "year"
    assert indicators[41101].unit == "percent"  # indirectly standardised proportion
    # counts: no polarity means no judgement, no method means not compared
    for ft in (92708, 337):
        assert indicators[ft].polarity is of.Polarity.NO_JUDGEMENT
        assert indicators[ft].comparison is of.ComparisonMethod.NOT_COMPARED
        assert indicators[ft].unit == "dimensionless"
    assert indicators[93085].polarity is of.Polarity.LOWER_IS_BETTER
    assert indicators[247].comparison is of.ComparisonMethod.CI_OVERLAP_99_8
    assert indicators[92033].period_type is of.PeriodType.ACADEMIC
    # valid, with no warning: every indicator measures the profile, which serves the vision
    assert fw.validate() == []
    assert set(fw.indicators_for("vision")) == {f"ft-{ft}" for ft in set(rows) | in_data}
    assert of.loads(of.dumps(fw)) == fw


def test_without_data_rates_and_ratios_fall_back_with_a_warning():
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        fw = of.framework_from_fingertips(METADATA)
    messages = [str(w.message) for w in caught]
    assert any("20401" in m and "per_100000 assumed" in m for m in messages)
    assert any("91344" in m and "percent assumed" in m for m in messages)
    assert fw["ft-20401"].unit == "per_100000"
    assert fw["ft-91344"].unit == "percent"


def test_a_framework_from_classic_metadata():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every unit is given: nothing assumed
        fw = of.framework_from_fingertips(io.StringIO(CLASSIC), benchmark="E92000001")
    assert fw["ft-90001"].unit == "per_100000"
    assert fw["ft-90001"].description == "Admissions per population"
    assert fw["ft-90001"].comparison is of.ComparisonMethod.TWO_LEVELS
    assert fw["ft-90003"].comparison is of.ComparisonMethod.NOT_COMPARED
    assert fw["ft-90006"].unit == "percent"
    assert fw.metadata.benchmark == of.Area(code="E92000001")


def test_a_proportion_without_polarity_is_no_judgement_with_a_warning():
    text = CLASSIC.replace("RAG - High is good", "")
    with pytest.warns(of.OutcomeFrameWarning, match="90002: no polarity"):
        fw = of.framework_from_fingertips(io.StringIO(text))
    assert fw["ft-90002"].polarity is of.Polarity.NO_JUDGEMENT


def test_a_row_without_value_type_is_set_aside_naming_its_line_and_the_rest_built():
    """One incomplete row stopped the whole framework (an ArgumentError naming no line)."""
    text = CLASSIC.replace(",Proportion,", ",,")
    with pytest.warns(of.OutcomeFrameWarning, match=r"set aside: line 3 \(90002\): no value type"):
        fw = of.framework_from_fingertips(io.StringIO(text))
    ids = sorted(i.fingertips_id for i in fw.elements(of.Indicator))
    assert 90002 not in ids
    assert len(ids) == len(of.read_fingertips_metadata(io.StringIO(CLASSIC))) - 1


def test_a_row_without_value_type_of_an_indicator_in_the_data_is_read_from_the_data():
    """The shipped curated metadata has 92026 with no value type; the data have it."""
    meta = of.examples.data_path("fingertips/indicators.csv")
    data = pd.read_csv(of.examples.data_path("fingertips/indicator_92026.csv"))
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        fw = of.framework_from_fingertips(meta, data=data)
    messages = [str(w.message) for w in caught]
    assert any("set aside: line 10 (92026): no value type" in m for m in messages), messages
    assert fw["ft-92026"].title == "Fingertips indicator 92026"  # as the data show it


def test_the_shipped_curated_metadata_names_its_indicators():
    # its name columns carry a suffix ("IndicatorName_HEAD"), as kept from the source's history
    meta = of.read_fingertips_metadata(of.examples.data_path("fingertips/indicators.csv"))
    names = meta.set_index("fingertips_id")["name"]
    assert names.loc[30302] == "Hepatitis B vaccination coverage aged 2 years"
    assert names.notna().all()


@pytest.mark.parametrize(
    "column", pd.read_csv(METADATA, nrows=0, encoding="utf-8-sig").columns
)
def test_a_cell_holding_a_list_is_a_problem_of_its_row(column):
    """A list in a DataFrame's cell raised "unhashable type: 'list'" from inside pandas."""
    given = pd.read_csv(METADATA, encoding="utf-8-sig")
    frame = given.astype(object)
    frame.iat[1, frame.columns.get_loc(column)] = ["30302"]
    problem = f"{column} holds a list, dict, set or array, not a single value"
    with pytest.raises(of.DataError) as info:
        of.read_fingertips_metadata(frame)
    assert f"row 1: {problem}" in info.value.problems
    table = of.read_fingertips_metadata(frame, errors="report")
    assert len(table) == len(frame)
    assert problem in table.loc[1, "reason"]
    as_given = of.read_fingertips_metadata(given, errors="report")
    pd.testing.assert_series_equal(table["reason"].drop(index=1), as_given["reason"].drop(index=1))
