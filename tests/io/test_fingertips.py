from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given

import outcomeframe as of
from outcomeframe import ArgumentError, DataError, FileFormatError, OutcomeFrameWarning
from outcomeframe.assessment._freshness import data_age
from outcomeframe.io._fingertips import (
    CLASSIC_COLUMNS,
    FINGERTIPS_COLUMNS,
    read_fingertips,
    write_fingertips,
)
from outcomeframe.observations._table import OBSERVATION_COLUMNS, tidy_observations
from tests.strategies_observations import observation_frames

DATA = Path(__file__).parents[1] / "data" / "fingertips"
FILES = sorted(DATA.glob("indicator_*.csv"))


def period_types() -> dict[str, object]:
    meta = pd.read_csv(DATA / "indicators.csv", dtype=str)
    kinds: dict[str, object] = {
        row.IndicatorID: row.PeriodType
        for row in meta.itertuples()
        if isinstance(row.PeriodType, str)
    }
    kinds["92026"] = ("academic", 5)  # NCMP, 5 academic years combined (not in indicators.csv)
    return kinds


def roundtrip(table, **kwargs):
    buffer = io.StringIO()
    write_fingertips(table, buffer)
    buffer.seek(0)
    return read_fingertips(buffer, **kwargs)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns="source").reset_index(drop=True)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_files_no_row_lost(path):
    raw = pd.read_csv(path)
    table = read_fingertips(path, period_type=period_types(), errors="report")
    assert len(table.data) + len(table.rejected) == len(raw)
    assert list(table.data.columns[: len(OBSERVATION_COLUMNS)]) == list(OBSERVATION_COLUMNS)
    assert list(table.data.columns[len(OBSERVATION_COLUMNS) :]) == list(FINGERTIPS_COLUMNS)
    # suppressed rows (no value, no count) are kept as observations with no value
    assert table.rejected.empty
    suppressed = raw["Value"].isna() & raw["Count"].isna()
    assert table.data["value"].isna().sum() >= suppressed.sum()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_files_round_trip_through_classic_export(path):
    kinds = period_types()
    table = read_fingertips(path, period_type=kinds, errors="report")
    again = roundtrip(table, period_type=kinds)
    pd.testing.assert_frame_equal(plain(again.data), plain(table.data))


def test_next_shape_periods_and_breakdowns():
    table = read_fingertips(DATA / "indicator_93085.csv", period_type="financial")
    data = table.data
    assert sorted(data["period"].unique()) == [
        "2018/19",
        "2019/20",
        "2020/21",
        "2021/22",
        "2022/23",
        "2023/24",
    ]
    assert (data["period_type"] == "financial").all()
    total = data[data["breakdown_type"] == "Total"]
    assert (total["sex"] == "Female").all()  # the only sex is the total
    deciles = data[data["breakdown_type"] != "Total"]
    assert not deciles["breakdown_type"].str.startswith('"').any()  # stray quotes removed
    assert deciles["breakdown_type"].str.startswith("County & UA deprivation deciles").any()
    trafford = data[(data["area_code"] == "E08000009") & (data["breakdown_type"] == "Total")]
    latest = trafford.sort_values("period_start").iloc[-1]
    assert latest["published_trend"] == "No significant change"


def test_sex_is_a_key_column_not_a_breakdown():
    table = read_fingertips(
        DATA / "indicator_92026.csv", period_type={"92026": ("academic", 5)}, errors="report"
    )
    data = table.data
    england = data[(data["area_code"] == "E92000001") & (data["period"] == "2018/19 - 22/23")]
    plain_rows = england[england["breakdown_type"] == "Total"]
    assert sorted(
        zip(plain_rows["breakdown_type"], plain_rows["breakdown"], plain_rows["sex"], strict=True)
    ) == [
        ("Total", "Total", "Female"),
        ("Total", "Total", "Male"),
        ("Total", "Total", "Persons"),
    ]
    assert (data["period_start"].dt.month == 9).all()


def test_indicator_map():
    table = read_fingertips(
        DATA / "indicator_20401.csv",
        period_type="calendar",
        indicator_map={20401: "u18-conceptions"},
    )
    assert (table.data["indicator"] == "u18-conceptions").all()
    assert (table.data["fingertips_id"] == "20401").all()


def test_next_shape_without_period_type_reads_calendar_years_with_a_warning():
    with pytest.warns(OutcomeFrameWarning, match=r"no period type.*20401.*calendar"):
        table = read_fingertips(DATA / "indicator_20401.csv")
    assert set(table.data["period"]) == {"2018", "2019", "2020", "2021"}
    with pytest.warns(OutcomeFrameWarning, match="20401"):
        read_fingertips(DATA / "indicator_20401.csv", period_type={"93085": "financial"})


CLASSIC = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
    "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
    "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
    "Compared to England value or percentiles,Compared to North West region value or percentiles,"
    "Time period Sortable,New data,Compared to goal\n"
    "93085,Smoking status at time of delivery,E12000002,North West region,E08000009,Trafford,"
    'Counties & UAs (from Apr 2023),Female,All ages,,,2023/24,3.9,3.2,4.8,2.9,5.2,"118",'
    '"3,008",,No significant change,Better,Better,20230000,,\n'
    "93085,Smoking status at time of delivery,E12000002,North West region,E08000009,Trafford,"
    "Counties & UAs (from Apr 2023),Female,All ages,Deprivation,Most deprived decile,2023/24,"
    "10.1,8.0,12.6,,,70,693,,,Worse,,20230000,,\n"
)


def test_classic_export():
    table = read_fingertips(io.StringIO(CLASSIC))
    data = table.data
    assert data["indicator"].tolist() == ["93085", "93085"]
    assert data["breakdown_type"].tolist() == ["Total", "Deprivation"]
    assert data["breakdown"].tolist() == ["Total", "Most deprived decile"]
    assert data["denominator"].tolist() == [3008.0, 693.0]
    assert data["lower_99_8"].iloc[0] == 2.9
    assert data["published_trend"].iloc[0] == "No significant change"
    assert data["published_comparison"].tolist() == ["Better", "Worse"]
    assert data["published_comparison_parent"].iloc[0] == "Better"
    assert data["indicator_name"].iloc[0] == "Smoking status at time of delivery"
    assert data.index.name == "line"


def test_an_area_in_two_area_type_lists_is_read_once():
    """A metropolitan district is both a county & UA and a district & UA: an export of both
    lists gives its row twice, with the same numbers. One row is kept, naming the other."""
    header, row, decile = CLASSIC.splitlines()
    districts = row.replace("Counties & UAs (from Apr 2023)", "Districts & UAs (from Apr 2023)")
    under_england = districts.replace("E12000002,North West region", "E92000001,England")
    conflicting = [header, row, decile, districts, under_england, row.replace("3.9", "4.1")]
    with pytest.raises(DataError, match="different numbers"):  # the last row's value differs
        read_fingertips(io.StringIO("\n".join(conflicting) + "\n"))
    lines = [header, row, decile, districts, under_england]
    with pytest.warns(OutcomeFrameWarning, match=r"1 area \(e.g. E08000009\) is published in two"):
        table = read_fingertips(io.StringIO("\n".join(lines) + "\n"))
    assert table.data.index.tolist() == [2, 3]
    assert table.data.loc[2, "area_type"] == "Counties & UAs (from Apr 2023)"
    assert table.rejected["reason"].to_dict() == {
        4: "same numbers as line 2 (differs in area_type)",
        5: "same numbers as line 2 (differs in area_type, parent_code, parent_name)",
    }


def test_fingertipsr_names():
    header, *rows = CLASSIC.splitlines()
    squashed = ",".join(name.replace(" ", "") for name in header.split(","))
    r_table = read_fingertips(io.StringIO("\n".join([squashed, *rows]) + "\n"))
    classic = read_fingertips(io.StringIO(CLASSIC))
    pd.testing.assert_frame_equal(plain(r_table.data), plain(classic.data))


def test_classic_academic_hint():
    text = CLASSIC.replace("2023/24", "2022/23 - 23/24")
    table = read_fingertips(io.StringIO(text), period_type={93085: "academic"})
    assert (table.data["period_start"].dt.month == 9).all()


def test_writer_uses_assessment_columns():
    table = read_fingertips(io.StringIO(CLASSIC))
    assessed = table.data.assign(trend="Increasing", comparison="Similar")
    buffer = io.StringIO()
    write_fingertips(assessed, buffer)
    buffer.seek(0)
    written = pd.read_csv(buffer, dtype=str)
    assert list(written.columns) == list(CLASSIC_COLUMNS)
    assert (written["Recent Trend"] == "Increasing").all()
    assert (written["Compared to England value or percentiles"] == "Similar").all()
    assert written["Time period Sortable"].tolist() == ["20230400", "20230400"]


@given(observation_frames())
def test_random_tables_round_trip(raw):
    table = tidy_observations(raw, source="random")
    once = roundtrip(table)
    expected = table.data.reset_index(drop=True)
    got = once.data.reset_index(drop=True)
    # reading fills missing area names from the shipped English areas: compare the rest
    names = expected["area_name"].fillna(got["area_name"])
    pd.testing.assert_series_equal(got["area_name"], names)
    pd.testing.assert_frame_equal(
        got[list(OBSERVATION_COLUMNS)].drop(columns=["source", "area_name"]),
        expected[list(OBSERVATION_COLUMNS)].drop(columns=["source", "area_name"]),
    )
    twice = roundtrip(once)
    pd.testing.assert_frame_equal(plain(twice.data), plain(once.data))


# -- files that are not what they claim ---------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FileFormatError, match=r"empty\.csv.*empty"):
        read_fingertips(path)


def test_a_file_of_many_columns_is_named_by_its_first_thirty():
    header = ",".join(f"column {i}" for i in range(1_000))
    with pytest.raises(FileFormatError) as err:
        read_fingertips(io.StringIO(header + "\n" + "x," * 999 + "x\n"))
    assert "'column 28', 'column 29' and 970 more" in str(err.value)
    assert len(str(err.value)) < 2_000


def test_semicolon_delimited(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text(CLASSIC.replace(",", ";"))
    with pytest.raises(FileFormatError) as info:
        read_fingertips(path)
    message = str(info.value)
    assert "semi.csv" in message
    assert "semicolons" in message
    assert "columns found" in message


def test_binary_bytes(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(FileFormatError, match=r"noise\.csv.*binary"):
        read_fingertips(path)


def test_excel_renamed_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + b"\x00" * 64)
    with pytest.raises(FileFormatError, match=r"export\.csv.*Excel"):
        read_fingertips(path)


def test_old_excel_renamed_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(FileFormatError, match="xls"):
        read_fingertips(path)


def test_different_csv_lists_columns_found():
    path = Path(__file__).parents[1] / "data" / "trafford-data-lab" / "school_readiness.csv"
    with pytest.raises(FileFormatError) as info:
        read_fingertips(path)
    message = str(info.value)
    assert "school_readiness.csv" in message
    assert "not a Fingertips data file" in message
    assert "'area_code'" in message


def test_a_ragged_line_is_one_row_set_aside_naming_its_line(tmp_path):
    """A line longer than the header after the first data line stopped the whole read
    (pandas' "Expected 27 fields in line 4, saw 60"): it is one bad row."""
    path = tmp_path / "ragged.csv"
    path.write_text(CLASSIC + "1,2,3," * 20 + "\n")
    with pytest.raises(DataError) as info:
        read_fingertips(path)
    assert info.value.problems[0].startswith("line 4: the line has more fields than the header")
    table = read_fingertips(path, errors="report")
    assert table.rejected.index.tolist() == [4]
    assert len(table.data) == len(read_fingertips(io.StringIO(CLASSIC)).data)


def test_missing_file(tmp_path):
    with pytest.raises(FileFormatError, match="cannot open"):
        read_fingertips(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("Financial multi-year", "pools several years"),
        (("academic", 0), "years must be a whole number"),
        (("academic", 2.5), "years must be a whole number"),
        (("academic",), "is not (kind, years)"),
        ("weekly", "'weekly' is not one of"),
    ],
)
def test_bad_period_types_are_named(spec, words):
    with pytest.raises(ArgumentError, match=re.escape(words)):
        read_fingertips(DATA / "indicator_20401.csv", period_type=spec)


def test_a_multi_year_indicator_of_unknown_length_is_named():
    text = (DATA.parent / "fingertipsnext" / "healthdata.csv").read_text("utf-8-sig")
    header, first = text.splitlines()[:2]
    meta = pd.DataFrame(
        {
            "IndicatorID": [first.split(",")[0]],
            "ValueType": ["Proportion"],
            "IndicatorName": ["a pooled indicator"],
            "PeriodType": ["Financial multi-year"],
        }
    )
    with pytest.warns(OutcomeFrameWarning, match="pool several years but not how many"):
        read_fingertips(io.StringIO(f"{header}\n{first}\n"), metadata=meta)


@pytest.mark.parametrize(
    "name", ["period", "indicator", "breakdown_type", "breakdown", "period_type"]
)
@pytest.mark.parametrize("shape", ["next", "classic"])
def test_a_column_with_a_name_the_reader_makes_is_refused_not_overwritten(shape, name):
    """The file's own cells would be lost under the column the reader makes."""
    if shape == "next":
        path = Path(__file__).parents[1] / "data" / "fingertipsnext" / "healthdata.csv"
        text = "\n".join(path.read_text(encoding="utf-8").splitlines()[:6])
    else:
        text = CLASSIC
    lines = [line + ("," + name if i == 0 else ",kept") for i, line in enumerate(text.splitlines())]
    # refused, naming the column (as a twin where the name is a Fingertips column's too)
    with pytest.raises(FileFormatError, match=f"'{name}'.* (is not a Fingertips|both give)"):
        read_fingertips(io.StringIO("\n".join(lines)), period_type="calendar")


def test_a_column_of_another_name_is_kept():
    lines = CLASSIC.splitlines()
    lines = [line + (",note" if i == 0 else ",kept") for i, line in enumerate(lines)]
    table = read_fingertips(io.StringIO("\n".join(lines)))
    assert (table.data["note"] == "kept").all()


def _rolling_export(labels: list[str], counts: list[int], denominators: list[int]) -> str:
    header = CLASSIC.split("\n", 1)[0]
    lines = [
        f"92196,Rolling quarterly,E12000002,North West region,E08000009,Trafford,"
        f"Counties & UAs (from Apr 2023),Persons,All ages,,,{label},{100 * c / d:.4f},,,,,"
        f"{c},{d},,,,,,,"
        for label, c, d in zip(labels, counts, denominators, strict=True)
    ]
    return "\n".join([header, *lines]) + "\n"


def test_rolling_quarterly_periods_are_read_assessed_and_written_back():
    # a rolling year of financial quarters, moving on a quarter at a time, given out of order
    labels = ["2019/20 Q3 - 2020/21 Q2", "2019/20 Q1 - 2019/20 Q4", "2019/20 Q2 - 2020/21 Q1"]
    labels += ["2019/20 Q4 - 2020/21 Q3", "2020/21 Q1 - 2020/21 Q4"]
    counts, dens = [340, 400, 370, 310, 280], [1000, 1000, 1000, 1000, 1000]
    table = read_fingertips(io.StringIO(_rolling_export(labels, counts, dens)))
    assert len(table.data) == 5
    assert len(table.rejected) == 0
    data = table.data.set_index(table.data["period"].astype(str))
    assert set(data["period_type"].astype(str)) == {"rolling"}
    assert str(data.loc["2019/20 Q3 - 2020/21 Q2", "period_start"].date()) == "2019-10-01"
    assert str(data.loc["2019/20 Q3 - 2020/21 Q2", "period_end"].date()) == "2020-09-30"
    fw = of.Framework("Rolling", area={"code": "E08000009"})
    fw.add(
        of.Vision(id="v", title="V"),
        of.Outcome(id="o", title="O"),
        of.Indicator(
            id="92196", title="R", measure="proportion", unit="percent", polarity="higher_is_better"
        ),
    )
    fw.link("o", "v")
    fw.link("92196", "o")
    assessed = fw.assess(table.data)
    row = assessed.table.iloc[0]
    assert row["period"] == "2020/21 Q1 - 2020/21 Q4"  # the latest, by its dates
    # published as often as the windows move on (a quarter), not once a year
    assert data_age(assessed)["frequency"].tolist() == ["quarterly"]
    one = fw.assess(table.data[table.data["period"].astype(str) == labels[-1]])
    assert data_age(one)["frequency"].tolist() == ["yearly"]  # nothing to tell: a year
    in_order = [400, 370, 340, 310, 280]  # the counts in date order: falling
    p = of.stats.proportion(in_order, dens)
    direct = of.stats.recent_trend(
        values=p["value"],
        lower=p["lower_95"],
        upper=p["upper_95"],
        counts=in_order,
        denominators=dens,
        polarity="higher_is_better",
    ).iloc[0]
    assert row["trend"] == direct.trend == "Decreasing and getting worse"
    again = roundtrip(table.data)
    pd.testing.assert_frame_equal(plain(again.data), plain(table.data))


def test_quarters_and_rolling_years_of_a_financial_indicator_are_all_read():
    # one indicator with the year type "Financial" publishes years, quarters, months and
    # rolling years of quarters; the year type settles none of those labels, so none is lost
    parts = ["2019/20 Q1", "Apr 2019", "2019/20 Q1 - 2019/20 Q4", "2019/20 Q1-Q2"]
    for kind, labels in (("financial", ["2019/20", *parts]), ("rolling", parts)):
        text = _rolling_export(labels, [300] * len(labels), [1000] * len(labels))
        table = read_fingertips(io.StringIO(text), period_type={"92196": kind})
        assert table.data["period"].astype(str).tolist() == [
            str(of.Period.parse(t)) for t in labels
        ]
        assert len(table.rejected) == 0
    rolling = _rolling_export(["2019/20"], [300], [1000])  # a year: not a rolling period
    with pytest.raises(DataError, match="'2019/20' is a financial period, not rolling"):
        read_fingertips(
            io.StringIO(rolling), period_type={"92196": "Calendar rolling year monthly"}
        )
    wrong = _rolling_export(["2019 Q1"], [300], [1000])  # a calendar quarter, not financial
    with pytest.raises(DataError, match="'2019 Q1' is a quarter period, not financial"):
        read_fingertips(io.StringIO(wrong), period_type={"92196": "financial"})
