from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from outcomeframe import (
    ArgumentError,
    DataError,
    FileFormatError,
    OutcomeFrameWarning,
    read_observations,
)
from outcomeframe.observations._table import (
    KEY_COLUMNS,
    NUMBER_COLUMNS,
    OBSERVATION_COLUMNS,
    ObservationTable,
    tidy_observations,
)
from outcomeframe.stats import limit_columns
from tests.strategies_observations import observation_frames


def frame(**columns):
    base = {
        "indicator": ["a", "a", "a"],
        "area_code": ["E92000001", "E08000009", "E10000017"],
        "period": ["2019", "2019", "2019"],
        "value": [1.0, 2.0, 3.0],
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_schema_and_dtypes():
    table = tidy_observations(frame(), source="test")
    data = table.data
    assert tuple(data.columns) == OBSERVATION_COLUMNS
    for column in NUMBER_COLUMNS:
        assert data[column].dtype == np.float64
    for column in KEY_COLUMNS:
        assert data[column].dtype == "str"
    assert str(data["period_start"].dtype) == "datetime64[s]"
    assert (data["breakdown_type"] == "Total").all()
    assert (data["source"] == "test").all()
    assert table.rejected.empty


def test_limit_column_names_match_stats():
    for level in (0.95, 0.998):
        assert set(limit_columns(level)) <= set(NUMBER_COLUMNS)


def test_extra_columns_kept_after_schema():
    data = tidy_observations(frame(note=["x", "y", "z"])).data
    assert list(data.columns) == [*OBSERVATION_COLUMNS, "note"]


@pytest.mark.parametrize(
    ("rename", "expected", "suggest"),
    [
        ({"area_code": "areacode"}, "area_code", "areacode"),
        ({"period": "Period"}, "period", "Period"),
        ({"indicator": "ind"}, "indicator", None),
    ],
)
def test_missing_column_names_it_and_lists_columns(rename, expected, suggest):
    with pytest.raises(DataError) as info:
        tidy_observations(frame().rename(columns=rename))
    message = str(info.value)
    assert repr(expected) in message
    assert "columns found" in message
    if suggest:
        assert f"did you mean {suggest!r}" in message


def test_needs_value_or_count_and_denominator_columns():
    with pytest.raises(DataError, match="value"):
        tidy_observations(frame().drop(columns="value").assign(count=1.0))
    ok = tidy_observations(frame().drop(columns="value").assign(count=1.0, denominator=2.0))
    assert len(ok.data) == 3


def test_breakdown_columns_come_together():
    with pytest.raises(DataError, match="breakdown"):
        tidy_observations(frame(breakdown_type=["Sex"] * 3))


def test_numbers_from_text_with_thousands_separators():
    data = tidy_observations(
        frame(
            value=[None, None, None],
            count=["1,234", " 5 ", "1,234,567.5"],
            denominator=["2,000", "10", "2e6"],
        )
    ).data
    assert data["count"].tolist() == [1234.0, 5.0, 1234567.5]
    assert data["denominator"].tolist() == [2000.0, 10.0, 2e6]


def test_row_problems_all_reported_in_one_error():
    bad = frame(
        value=["1", "abc", "3"],
        count=["-1", "2", "3"],
        denominator=["10", "20", "30"],
        lower_95=[0.5, 1.0, 4.0],
        upper_95=[2.0, 3.0, 5.0],
    )
    with pytest.raises(DataError) as info:
        tidy_observations(bad)
    problems = info.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("row 0: count '-1' is negative")
    assert "value 'abc' is not a number" in problems[1]
    assert "value is below lower_95" in problems[2]


def test_report_mode_keeps_every_row():
    bad = frame(value=["1", "abc", "3"], lower_95=[2.0, None, None], upper_95=[1.0, None, None])
    table = tidy_observations(bad, errors="report")
    assert len(table.data) + len(table.rejected) == len(bad)
    assert table.rejected.index.tolist() == [0, 1]
    assert "lower_95 is above upper_95" in table.rejected.loc[0, "reason"]
    assert table.rejected.loc[1, "value"] == "abc"  # rejected rows keep the input as given


def test_count_above_denominator_is_allowed():
    table = tidy_observations(
        frame(value=[None] * 3, count=[30.0, 1.0, 1.0], denominator=[10.0, 1.0, 1.0])
    )
    assert len(table.data) == 3


def test_suppressed_rows_are_kept_with_no_value():
    table = tidy_observations(
        frame(value=[None, 1.0, None], count=[1.0, None, None], denominator=[None, None, 5.0]),
        errors="report",
    )
    assert table.rejected.empty
    assert table.data["value"].isna().tolist() == [True, False, True]


def test_blank_breakdown_is_a_problem_not_total():
    bad = frame(breakdown_type=["Total", "Sex", ""], breakdown=["Total", None, "x"])
    table = tidy_observations(bad, errors="report")
    assert table.rejected.index.tolist() == [1, 2]
    assert "breakdown is blank" in table.rejected.loc[1, "reason"]
    assert "breakdown_type is blank" in table.rejected.loc[2, "reason"]


def test_exact_copies_are_set_aside_naming_the_row_they_repeat():
    dup = pd.concat([frame(), frame()], ignore_index=True)
    table = tidy_observations(dup)  # copies are no error, even with errors="raise"
    assert table.data.index.tolist() == [0, 1, 2]
    assert table.rejected["reason"].tolist() == [f"exact copy of row {i}" for i in range(3)]
    assert len(table.data) + len(table.rejected) == len(dup)


def test_conflicting_rows_are_all_set_aside_naming_rows_and_columns():
    first = frame()
    second = frame().assign(value=[1.5, 2.5, 3.5])
    dup = pd.concat([first, second, first.iloc[:1]], ignore_index=True)
    with pytest.raises(DataError, match="with different numbers") as info:
        tidy_observations(dup)
    assert len(info.value.problems) == 7
    table = tidy_observations(dup, errors="report")
    assert len(table.data) == 0
    reasons = table.rejected["reason"]
    assert reasons[0].startswith("conflicting rows for one key: rows 0, 3 differ in value")
    assert reasons[3] == reasons[0].split(" (")[0]
    assert reasons[6].endswith("(and row 6 repeats 0)")


def test_a_key_given_thousands_of_times_names_ten_of_its_rows_in_each_reason():
    """Each reason names the key's first ten rows and counts the rest: listing every row
    made each reason as long as the file (80,000 rows of one key took 45 GB)."""
    n = 3_000
    rows = pd.concat([frame().iloc[:1]] * n, ignore_index=True).assign(value=np.arange(n) / 8)
    table = tidy_observations(rows, errors="report")
    assert len(table.data) == 0
    assert len(table.rejected) == n
    first = "conflicting rows for one key: rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2,990 more"
    assert set(table.rejected["reason"]) == {f"{first} differ in value"}


def test_the_same_numbers_described_differently_are_one_observation():
    """Rows of one key that agree on every number are one observation listed twice (an
    area under two parents, or in two area-type lists): the first is kept, not an error."""
    base = frame(count=["1,234", "5", "6"], denominator=[2000.0, 10.0, 12.0])
    again = base.iloc[[0, 1]].assign(count=[1234.0, 5.0], area_name=["Eng.", "Trafford"])
    named = base.assign(area_name=["England", "Trafford", "Lancashire"])
    twice = pd.concat([named, again], ignore_index=True)
    twice["area_type"] = ["England", "Districts & UAs", "Counties & UAs", "Country", "Met"]
    for errors in ("raise", "report"):
        # an area in two area-type lists is ranked in its first list only: said so
        with pytest.warns(OutcomeFrameWarning, match=r"2 areas \(e.g. E92000001\) are published"):
            table = tidy_observations(twice, errors=errors)
        assert table.data.index.tolist() == [0, 1, 2]
        assert table.rejected["reason"].to_dict() == {
            3: "same numbers as row 0 (differs in area_name, area_type)",
            4: "same numbers as row 1 (differs in area_type)",
        }
        assert table.data.loc[0, "area_type"] == "England"  # the first row's description
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning when only the names differ
        named_twice = tidy_observations(pd.concat([named, again], ignore_index=True))
    assert named_twice.rejected.index.tolist() == [3, 4]


def test_a_key_with_the_same_numbers_twice_and_other_numbers_once_is_a_conflict():
    base = frame()
    noted = base.iloc[:1].assign(value_note="provisional")
    rows = pd.concat([base, noted, base.iloc[:1].assign(value=9.0)])
    rows = rows.reset_index(drop=True)
    with pytest.raises(DataError, match="with different numbers"):
        tidy_observations(rows)
    reasons = tidy_observations(rows, errors="report").rejected["reason"]
    assert reasons.index.tolist() == [0, 3, 4]
    assert reasons.str.startswith("conflicting rows for one key: rows 0, 3, 4 differ in").all()


def test_missing_numbers_agree_with_missing_numbers():
    suppressed = frame(value=[np.nan] * 3, area_code=["E92000001"] * 3)
    suppressed["value_note"] = ["", "suppressed", "small count"]
    table = tidy_observations(suppressed, errors="report")
    assert table.data.index.tolist() == [0]
    assert (
        table.rejected["reason"].tolist() == ["same numbers as row 0 (differs in value_note)"] * 2
    )
    numbered = suppressed.assign(value=[np.nan, 1.0, np.nan])
    assert len(tidy_observations(numbered, errors="report").data) == 0  # a value is a number


def test_same_period_written_differently_is_a_duplicate():
    with pytest.raises(DataError, match="share a key"):
        tidy_observations(
            frame(area_code=["E92000001"] * 3, period=["2018/19", "2018-19", "2018/2019"])
        )


def test_categorical_keys_of_very_many_categories_find_their_repeats():
    """1,000 categories in each key column: the grid of their combinations is larger than
    an int64 can number (np.ravel_multi_index raised "invalid dims")."""
    n = 1_000
    columns = ("indicator", "area_code", "sex", "age", "breakdown_type", "breakdown")
    raw = pd.DataFrame({c: [f"{c}{k}" for k in range(n)] for c in columns})
    raw = raw.assign(period=[str(1000 + k) for k in range(n)], value=1.0)
    raw = pd.concat([raw, raw.iloc[:3].assign(value=2.0)], ignore_index=True)  # 3 conflicts
    table = tidy_observations(raw, errors="report", categorical=True)
    assert table.rejected.index.tolist() == [0, 1, 2, n, n + 1, n + 2]
    assert len(table.data) == n - 3


def test_bad_period_is_a_row_problem():
    table = tidy_observations(frame(period=["2019", "soon", None]), errors="report")
    assert table.rejected.index.tolist() == [1, 2]
    assert "'soon'" in table.rejected.loc[1, "reason"]
    assert "missing" in table.rejected.loc[2, "reason"]


def test_categorical_keys_are_read_by_category():
    periods = pd.Categorical(["2019", "soon", None], categories=["never", "2019", "soon", " "])
    areas = pd.Categorical([" E92000001", "E92000001", "E08000009"])
    raw = frame(period=periods, area_code=areas)
    table = tidy_observations(raw, errors="report", categorical=True)
    # each used category parsed once; an unused bad one ("never") is no row's problem
    assert table.rejected.index.tolist() == [1, 2]
    assert "'soon'" in table.rejected.loc[1, "reason"]
    assert "missing" in table.rejected.loc[2, "reason"]
    assert table.data["area_code"].tolist() == ["E92000001"]  # spaces stripped
    assert list(table.data["period"].cat.categories) == ["2019"]


def test_period_type_column_is_a_hint():
    data = tidy_observations(frame(period=["2018/19"] * 3, period_type=["academic"] * 3)).data
    assert (data["period_start"].dt.month == 9).all()
    assert (data["period_type"] == "academic").all()


def test_integer_ids_become_text():
    data = tidy_observations(frame(indicator=[20401, 20401, 20401], period=[2019, 2019, 2019])).data
    assert data["indicator"].tolist() == ["20401"] * 3
    assert data["period"].tolist() == ["2019"] * 3


def test_errors_argument_checked():
    with pytest.raises(ArgumentError):
        tidy_observations(frame(), errors="ignore")  # type: ignore[arg-type]


def test_non_unique_index_is_renumbered():
    table = tidy_observations(frame().set_axis([0, 0, 1]), errors="report")
    assert table.data.index.tolist() == [0, 1, 2]


def test_observation_table_is_frozen():
    table = tidy_observations(frame())
    assert isinstance(table, ObservationTable)
    assert len(table) == 3
    with pytest.raises(AttributeError):
        table.data = None  # type: ignore[misc]


@given(observation_frames())
def test_valid_frames_pass_unchanged(raw):
    table = tidy_observations(raw)
    assert table.rejected.empty
    assert len(table.data) == len(raw)
    pd.testing.assert_series_equal(table.data["value"], raw["value"], check_names=False)


@given(observation_frames())
def test_rows_in_equal_rows_out_plus_rejected(raw):
    damaged = raw.copy()
    damaged.loc[damaged.index[0], "count"] = -1.0
    damaged["value"] = damaged["value"].astype("object")
    damaged.loc[damaged.index[-1], "value"] = "junk"
    table = tidy_observations(damaged, errors="report")
    assert len(table.data) + len(table.rejected) == len(damaged)
    assert set(table.data.index).isdisjoint(table.rejected.index)
    assert damaged.index[0] in table.rejected.index


def test_read_observations_reports_lines():
    text = 'indicator,area_code,period,count,denominator\nlbw,E1,2019,"1,000",2000\nlbw,E2,2019,-3,10\n'
    with pytest.raises(DataError, match="line 3: count '-3' is negative"):
        read_observations(io.StringIO(text))


def test_read_observations_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(FileFormatError, match="empty"):
        read_observations(path)


@pytest.mark.parametrize("cell", [["a"], {"a": 1}, {"a"}, np.array([1.0, 2.0])], ids=type)
@pytest.mark.parametrize("column", ["indicator", "value"])
def test_cells_that_are_containers_are_row_problems_not_a_crash(column, cell):
    """An array cell raised "unhashable type: 'numpy.ndarray'" from inside pandas."""
    given = frame()
    given[column] = given[column].astype(object)
    given.at[0, column] = cell
    table = tidy_observations(given, errors="report")
    assert table.rejected.index.tolist() == [0]
    assert "holds a list, dict, set or array" in table.rejected.loc[0, "reason"]
    assert len(table.data) == 2


def test_complex_numbers_are_refused_not_cut_to_their_real_part():
    table = tidy_observations(frame(value=np.array([1 + 2j, 2, 3])), errors="report")
    assert table.data.empty
    assert table.rejected["reason"].str.contains("is not a number").all()


def test_columns_on_several_levels_are_a_clear_error():
    data = frame()
    data.columns = pd.MultiIndex.from_product([["x"], list(data.columns)])
    with pytest.raises(DataError, match="several levels"):
        tidy_observations(data)


def test_a_line_with_more_fields_than_the_header_is_named():
    text = "indicator,area_code,period,value\na,E1,2020,1,9,9\na,E2,2020,2\n"
    table = read_observations(io.StringIO(text), errors="report")
    assert table.data.index.tolist() == [3]
    assert table.data["value"].tolist() == [2.0]
    assert table.rejected.index.tolist() == [2]
    assert "more fields than the header (extra: '9,9')" in table.rejected.loc[2, "reason"]


@pytest.mark.parametrize(
    ("lines", "set_aside"),
    [
        (["a,E1,2020,1", "a,E2,2020,2,9,9", "a,E3,2020,3"], [3]),  # pandas stopped at line 3
        (["a,E1,2020,1", "a,E2,2020,2,9", "a,E3,2020,3,8,8,8"], [3, 4]),  # longer and longer
        (["a,E1,2020,1", 'a,E2,2020,2,"9\n9"', "a,E3,2020,3"], [3]),  # an extra over two lines
    ],
)
def test_a_later_line_with_more_fields_is_set_aside_and_the_rest_read(lines, set_aside):
    """One long line anywhere is one row set aside (pandas stopped the whole read at it)."""
    text = "indicator,area_code,period,value\n" + "\n".join(lines) + "\n"
    table = read_observations(io.StringIO(text), errors="report")
    assert table.rejected.index.tolist() == set_aside
    reasons = table.rejected["reason"]
    assert reasons.str.startswith("the line has more fields than the header (extra: ").all()
    assert len(table.data) == 3 - len(set_aside)
    assert table.data["value"].notna().all()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("where", ["first", "later"])
def test_long_lines_with_any_line_ending_and_a_field_over_128_kib(newline, where):
    """csv's 128 KiB field limit and a lone CR raised _csv.Error from inside the reader."""
    long = "a,E2,2020,2," + "9" * 200_000
    lines = ["a,E1,2020,1", long, "a,E3,2020,3"] if where == "later" else [long, "a,E1,2020,1"]
    text = newline.join(["indicator,area_code,period,value", *lines]) + newline
    table = read_observations(io.StringIO(text), errors="report")
    at = 3 if where == "later" else 2
    assert table.rejected.index.tolist() == [at]
    assert "more fields than the header (extra: '99999" in table.rejected.loc[at, "reason"]
    assert len(table.data) == len(lines) - 1


@pytest.mark.parametrize("rows", [1, 100])
def test_thousands_of_trailing_separators_are_blank_fields(rows):
    """32,000 commas at the end of a line are nothing (pandas made them a 32,000-level index)."""
    lines = [f"a,E{i},2020,{i}" + "," * 32_000 for i in range(rows)]
    text = "indicator,area_code,period,value\n" + "\n".join(lines) + "\n"
    table = read_observations(io.StringIO(text), errors="report")
    assert table.rejected.empty
    assert table.data["value"].tolist() == [float(i) for i in range(rows)]
    assert table.data.index.tolist() == list(range(2, rows + 2))


def test_a_huge_cell_is_quoted_in_part_and_kept_whole_in_rejected():
    """A reason quotes the start of a huge cell and says how long it is; the error stays
    readable (kilobytes, not megabytes), and the rejected row keeps the cell as given."""
    huge_period, huge_count = "x" * 200_000, "9" * 300_000
    rows = [f"I1,E0600000{i},{huge_period},1,10" for i in range(30)]
    rows.append(f"I1,E06000099,2019,{huge_count},10")
    text = "indicator,area_code,period,count,denominator\n" + "\n".join(rows) + "\n"
    with pytest.raises(DataError) as info:
        read_observations(io.StringIO(text))
    message = str(info.value)
    assert len(message) < 20_000
    assert "line 2: period 'xxxxxxxxxx" in message
    assert "...' (200,000 characters) is not a period label: 200,000 characters" in message
    assert "line 32: count '9999999999" in message
    assert "characters left out" in message
    assert message.endswith("is not a number")
    rejected = read_observations(io.StringIO(text), errors="report").rejected
    assert len(rejected) == 31
    assert rejected["reason"].str.len().max() <= 400
    assert rejected.loc[2, "period"] == huge_period  # the row as given
    assert rejected.loc[32, "count"] == huge_count


@pytest.mark.parametrize("where", ["first", "second"])
def test_a_long_first_line_is_found_past_the_start_of_the_file(where):
    """The first two records are read from the file's first 64 KiB unless they go on past it."""
    note = '"' + "n" * 100_000 + '"'  # one quoted cell longer than what is read first
    lines = ["a,E1,2020,1", "a,E2,2020,2"]
    at = 0 if where == "first" else 1
    lines[at] = lines[at] + "," + note  # one field more than the header
    text = "indicator,area_code,period,value\n" + "\n".join(lines) + "\n"
    table = read_observations(io.StringIO(text), errors="report")
    assert table.rejected.index.tolist() == [2 + at]
    assert "more fields than the header (extra: 'nnn" in table.rejected["reason"].iloc[0]
    assert table.data["value"].tolist() == [2.0 if at == 0 else 1.0]
