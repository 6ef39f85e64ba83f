"""CSV files as spreadsheets and people save them: blank lines, empty rows and columns,
cells that span lines, Excel's "sep=" line, a header repeated, a title above the header.

Line numbers are the file's own, whatever comes before a row.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import FileFormatError, read_fingertips, read_observations
from outcomeframe.observations import _csv

HEADER = "indicator,area_code,period,count,denominator"


def _read(text: str) -> of.ObservationTable:
    return read_observations(io.StringIO(text), errors="report")


#: Each line's number in the file, in the comments.
MESSY = (
    HEADER,  # line 1
    "I1,E1,2019,1,10",  # 2
    "",  # 3: a blank line
    "I1,E2,2019,-1,10",  # 4
    ",,,,",  # 5: an empty row, as a spreadsheet saves one
    'I1,"E3',  # 6: a quoted cell over two lines ...
    'still E3",2019,-2,10',  # 7
    "I1,E4,2019,-3,10",  # 8
    "",
    "",
)


def test_rows_keep_their_file_lines_after_blank_lines_and_cells_over_two_lines():
    text = "\n".join(MESSY)
    table = _read(text)
    assert table.data.index.tolist() == [2]
    assert table.rejected.index.tolist() == [4, 6, 8]
    assert table.rejected["reason"].tolist() == [f"count '-{i}' is negative" for i in (1, 2, 3)]
    with pytest.raises(of.DataError, match="line 8: count '-3' is negative"):
        read_observations(io.StringIO(text))


BLANK_RUNS = {
    "a run of blank lines": (HEADER, "I1,E1,2019,1,10", "\n" * 300, "I1,E2,2019,-1,10"),
    "CRLF": (HEADER, "I1,E1,2019,1,10", "\r\n" * 300, "I1,E2,2019,-1,10"),
    "cells over lines between runs": (*MESSY, "\n" * 200, 'I1,"E5\n\nE5",2019,-4,10', "\n" * 99),
    "a line longer than the header after them": (
        *MESSY,
        "\n" * 250,
        "I1,E6,2019,5,10,extra,,",
        "I1,E7,2019,-5,10",
    ),
    "the first line longer": (HEADER, "I1,E1,2019,1,10,x", "\n" * 300, "I1,E2,2019,-1,10"),
    "empty rows as spreadsheets save them": (HEADER, ",,,,\n" * 150 + "\n" * 150, "I1,E1,2019,-1,10"),
}


@pytest.mark.parametrize("lines", BLANK_RUNS.values(), ids=BLANK_RUNS)
def test_a_file_of_many_blank_lines_read_by_chunks_reads_as_one_read_at_once(lines, monkeypatch):
    """Past a number of blank lines the file is read by chunks, each without its blank
    rows (16 MB of blank lines took 1.6 GB at once): the same rows, lines and reasons."""
    text = "\n".join(lines) + "\n"
    at_once = _read(text)
    monkeypatch.setattr(_csv, "_MANY_BLANK_LINES", 20)
    monkeypatch.setattr(_csv, "_CHUNK_CELLS", 1)  # chunks of 1,000 rows: several here
    chunked, read = [], _csv._read

    def spy(*args, **kwargs):
        frame = read(*args, **kwargs)
        chunked.append("positions" in frame.attrs)
        return frame

    monkeypatch.setattr(_csv, "_read", spy)
    by_chunks = _read(text)
    assert any(chunked)  # read by chunks indeed
    pd.testing.assert_frame_equal(by_chunks.data, at_once.data)
    pd.testing.assert_frame_equal(by_chunks.rejected, at_once.rejected)
    assert "positions" not in by_chunks.data.attrs


def test_rows_after_a_run_of_blank_lines_keep_their_lines(monkeypatch):
    monkeypatch.setattr(_csv, "_MANY_BLANK_LINES", 20)
    text = HEADER + "\nI1,E1,2019,1,10\n" + "\n" * 300 + "I1,E2,2019,-1,10\n"
    table = _read(text)
    assert table.data.index.tolist() == [2]
    assert table.rejected.index.tolist() == [303]


def test_a_quoted_line_break_in_the_header_moves_the_rows_down():
    text = (
        HEADER
        + ',"note\n(free text)"\nI1,E1,2019,-1,10,a\nI1,E2,2019,-2,10,"b\nc"\nI1,E3,2019,-3,10,d\n'
    )
    table = _read(text)
    assert table.rejected.index.tolist() == [3, 4, 6]  # the header is lines 1 and 2
    assert table.rejected["note\n(free text)"].tolist() == ["a", "b\nc", "d"]


def test_blank_columns_a_spreadsheet_adds_are_dropped():
    text = HEADER + ",,,\nI1,E1,2019,1,10,,,\nI1,E2,2019,2,10,,,\n"
    table = _read(text)
    assert len(table.data) == 2
    assert "" not in table.data.columns
    # a blank-named column that holds something is not dropped: two of them are refused
    with pytest.raises(FileFormatError, match="column '' appears twice"):
        _read(HEADER + ",,\nI1,E1,2019,1,10,a,b\n")


def test_blank_lines_before_the_header_count():
    table = _read("\n \n\r\n" + HEADER + "\nI1,E1,2019,-1,10\n")
    assert table.rejected.index.tolist() == [5]


def test_excels_sep_line_names_the_separator():
    text = "sep=;\n" + HEADER.replace(",", ";") + "\nI1;E1;2019;-1;10\n"
    table = _read(text)
    assert table.rejected.index.tolist() == [3]  # the file's line 3
    assert table.rejected["reason"].tolist() == ["count '-1' is negative"]


def test_a_header_repeated_by_joining_two_files_is_read_as_a_header():
    text = f"{HEADER}\nI1,E1,2019,1,10\n{HEADER}\nI1,E2,2019,2,10\n"
    with pytest.warns(of.OutcomeFrameWarning, match="line 3 repeats the header"):
        table = _read(text)
    assert table.data.index.tolist() == [2, 4]
    assert len(table.rejected) == 0


def test_a_title_above_the_header_is_named():
    header = "Indicator ID,Area Code,Time period,Value"
    text = f"Reception: good level of development\n{header}\n90631,E06000008,2018/19,66.5\n"
    with pytest.raises(FileFormatError, match="the header seems to be on line 2"):
        read_fingertips(io.StringIO(text))


#: What R's write.csv writes of a fingertipsR table: its row names first, NA for missing.
R_CSV = (
    '"","IndicatorID","AreaCode","AreaName","Sex","Age","CategoryType","Category",'
    '"Timeperiod","Value","LowerCI95.0limit","UpperCI95.0limit","Count","Denominator",'
    '"Valuenote"\n'
    '"1",90631,"E06000008","Blackburn with Darwen","Persons","5 yrs",NA,NA,"2018/19",'
    "66.5,64.2,68.7,1234,1856,NA\n"
    '"2",90631,"E06000009","Blackpool","Persons","5 yrs",NA,NA,"2018/19",NA,NA,NA,NA,NA,'
    '"Value suppressed"\n'
)


def test_a_table_r_wrote_is_read_with_its_nas_missing_and_no_row_names():
    table = read_fingertips(io.StringIO(R_CSV))
    data = table.data
    assert len(table.rejected) == 0
    assert data["area_code"].tolist() == ["E06000008", "E06000009"]
    assert data["breakdown"].astype(str).tolist() == ["Total", "Total"]  # NA: no breakdown
    assert data["value"].iloc[0] == 66.5
    assert data[["value", "count", "denominator"]].iloc[1].isna().all()  # suppressed, kept
    assert data["value_note"].isna().iloc[0]
    assert "" not in data.columns  # R's row names are not a column
    # the row names are dropped only when they count 1, 2, 3 ...: a blank-named column of
    # anything else is kept under its name
    other = R_CSV.replace('"2",90631', '"7",90631')
    assert "" in read_fingertips(io.StringIO(other)).data.columns


def test_r_na_is_missing_in_a_tidy_csv_but_other_words_are_not_numbers():
    text = f"{HEADER},value\nI1,E1,2019,NA,NA,NA\nI1,E2,2019,n/a,10,5\n"
    table = _read(text)
    assert table.data.index.tolist() == [2]  # no value and no counts: a suppressed figure
    assert table.rejected["reason"].tolist() == ["count 'n/a' is not a number"]
