"""The CSV files FingertipsNext's charts and tables export, read as observations.

The files here are written in the layout FingertipsNext's exports use (its column
headers, its period labels, "Group: " before the group's name); their numbers are
synthetic, made up for the test.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import DataError, FileFormatError, read_fingertips

LINE_CHART = (
    "Indicator ID,Indicator name,Period,Area,Area code,Benchmark,Compared to benchmark,"
    "Recent trend,Count,Value unit,Value,Lower confidence limit 95%,Upper confidence limit 95%\n"
    "93085,Smoking at delivery,2021/22,Trafford,E08000009,E92000001,Better,"
    "Decreasing and getting better,150,%,5.0,4.3,5.8\n"
    "93085,Smoking at delivery,2022/23,Trafford,E08000009,E92000001,Better,"
    "Decreasing and getting better,120,%,4.1,3.4,4.9\n"
    "93085,Smoking at delivery,2022/23,Group: North West region,E12000002,E92000001,Worse,"
    ",4500,%,9.1,8.8,9.4\n"
    "93085,Smoking at delivery,2022/23,England,E92000001,,,,40000,%,8.8,8.7,8.9\n"
)

INEQUALITIES = (
    "Indicator ID,Indicator name,Period,Area,Area code,Inequality category,Inequality type,"
    "Compared to persons,Count,Value unit,Value,Lower confidence limit 99.8%,"
    "Upper confidence limit 99.8%\n"
    "90366,Life expectancy at birth,2021 to 2023,Trafford,E08000009,Sex,Persons,,,years,"
    "81.9,81.2,82.6\n"
    "90366,Life expectancy at birth,2021 to 2023,Trafford,E08000009,Sex,Male,Worse,,years,"
    "80.1,79.1,81.1\n"
    "90366,Life expectancy at birth,2021 to 2023,Trafford,E08000009,"
    "Deprivation deciles (IMD 2019),Most deprived decile,Worse,,years,76.2,74.0,78.4\n"
)


def test_a_line_chart_export_is_read():
    table = read_fingertips(io.StringIO(LINE_CHART))
    data = table.data
    assert len(data) == 4
    assert len(table.rejected) == 0
    assert data["period"].astype(str).tolist() == ["2021/22", "2022/23", "2022/23", "2022/23"]
    assert data["area_name"].tolist() == ["Trafford", "Trafford", "North West region", "England"]
    assert data["value"].tolist() == [5.0, 4.1, 9.1, 8.8]
    assert data["lower_95"].tolist() == [4.3, 3.4, 8.8, 8.7]
    assert data["published_trend"].iloc[0] == "Decreasing and getting better"
    assert data["Compared to benchmark"].iloc[0] == "Better"  # kept, under its own name
    assert set(data["breakdown"].astype(str)) == {"Total"}


def test_an_inequalities_export_gives_sex_and_breakdowns():
    table = read_fingertips(io.StringIO(INEQUALITIES))
    data = table.data
    assert data["sex"].iloc[:2].tolist() == ["Persons", "Male"]  # the category "Sex"
    assert pd.isna(data["sex"].iloc[2])  # not stated for the deprivation decile
    assert data["breakdown_type"].astype(str).tolist() == [
        "Total",
        "Total",
        "Deprivation deciles (IMD 2019)",
    ]
    assert data["breakdown"].astype(str).iloc[2] == "Most deprived decile"
    assert data["period"].astype(str).tolist() == ["2021 - 23"] * 3
    assert data["upper_99_8"].tolist() == [82.6, 81.1, 78.4]


def test_the_export_round_trips_through_the_classic_layout():
    table = read_fingertips(io.StringIO(LINE_CHART))
    buffer = io.StringIO()
    of.write_fingertips(table.data, buffer)
    buffer.seek(0)
    again = read_fingertips(buffer)
    columns = ["indicator", "area_code", "period", "value", "lower_95", "upper_95", "count"]
    pd.testing.assert_frame_equal(
        again.data[columns].reset_index(drop=True), table.data[columns].reset_index(drop=True)
    )


@pytest.mark.parametrize(
    ("label", "period"),
    [
        ("Apr to Jun 2023", "Apr 2023 - Jun 2023"),
        ("Apr 2022 to Mar 2023", "Apr 2022 - Mar 2023"),
        ("31 Mar 2022/23", "2022/23"),
        ("2019/20 to 2021/22", "2019/20 - 21/22"),
        ("Jan 2023", "2023-01"),
    ],
)
def test_the_periods_fingertipsnext_prints_are_read(label, period):
    text = LINE_CHART.replace("2021/22,Trafford", f"{label},Trafford")
    table = read_fingertips(io.StringIO(text), errors="report")
    assert table.data["period"].astype(str).iloc[0] == period


def test_a_bad_period_is_a_row_problem_naming_the_line():
    text = LINE_CHART.replace("2021/22,Trafford", "X,Trafford")  # FingertipsNext's "no label"
    with pytest.raises(DataError, match=r"line 2: .*period 'X'"):
        read_fingertips(io.StringIO(text))
    table = read_fingertips(io.StringIO(text), errors="report")
    assert table.rejected.index.tolist() == [2]
    assert len(table.data) == 3


def test_a_chart_export_without_its_needed_columns_names_them():
    text = LINE_CHART.replace("Area code", "Code")
    with pytest.raises(FileFormatError, match="chart's CSV export"):
        read_fingertips(io.StringIO(text))
