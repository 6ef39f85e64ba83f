"""The whole FingertipsNext export, read as it comes: every row kept or explained.

The expected counts are computed here from the raw file with plain pandas, not copied
from the reader's output, so each test fails if the reader loses or mislabels rows.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.io import read_fingertips

DATA = Path(__file__).parents[1] / "data" / "fingertipsnext"
HEALTH = DATA / "healthdata.csv"
KEY = ["IndicatorId", "AreaCode", "Year", "Sex", "Age", "CategoryType", "Category"]


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    frame = pd.read_csv(HEALTH, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")  # file line numbers
    return frame


@pytest.fixture(scope="module")
def table() -> of.ObservationTable:
    with warnings.catch_warnings():
        # 92026 is not in the metadata: read as calendar years, with a warning (tested below)
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        return read_fingertips(
            HEALTH, metadata=DATA / "indicators.csv", areas=DATA / "areas.json", errors="report"
        )


NUMBERS = ["Value", "LowerCI", "UpperCI", "Count", "Denominator"]


def _repeats(raw: pd.DataFrame) -> tuple[set[int], set[int], dict[int, int]]:
    """Lines that exactly repeat an earlier line, lines of keys with different numbers, and
    each later line of a key whose rows agree on every number -> the key's first line."""
    copies = raw.duplicated(keep="first")
    distinct = raw.loc[~copies].reset_index()
    distinct = distinct.loc[distinct.duplicated(KEY, keep=False)]
    numbers = distinct[NUMBERS].apply(pd.to_numeric, errors="coerce").astype("str")
    kinds = numbers.assign(key=distinct.groupby(KEY).ngroup()).drop_duplicates()
    differs = kinds.groupby("key").size() > 1
    key = distinct.groupby(KEY).ngroup()
    clashing_keys = distinct.loc[key.map(differs).to_numpy(), KEY].drop_duplicates()
    clashing = set(raw.reset_index().merge(clashing_keys, on=KEY)["line"])  # copies too
    agreed = distinct.loc[~key.map(differs).to_numpy()]
    lead = agreed.groupby(KEY)["line"].transform("first")
    later = agreed["line"] != lead
    same = dict(zip(agreed["line"][later], lead[later], strict=True))
    return set(raw.index[copies]), clashing, same


def test_no_row_lost(raw, table):
    assert len(raw) == 20_825
    assert len(table.data) + len(table.rejected) == len(raw)
    assert set(table.data.index) | set(table.rejected.index) == set(raw.index)


def test_only_copies_conflicts_and_unusable_rows_are_set_aside(raw, table):
    copies, clashing, same = _repeats(raw)
    assert clashing  # the export has both kinds
    assert same
    reasons = table.rejected["reason"]
    copy_lines = set(reasons.index[reasons.str.startswith("exact copy of line")])
    conflict_lines = set(reasons.index[reasons.str.startswith("conflicting rows for one key")])
    # every line of a key with different numbers is set aside, copies of them among them
    assert conflict_lines == clashing
    # a key whose rows agree on every number keeps its first row, naming it in the others
    same_lines = reasons[reasons.str.startswith("same numbers as line")]
    named = same_lines.str.extract(r"^same numbers as line (\d+) ")[0].astype(int)
    assert named.to_dict() == same
    assert set(same.values()) <= set(table.data.index)
    # every other repeated line is an exact copy, naming the line it repeats
    assert copy_lines == copies - clashing
    first = reasons[list(copy_lines)].str.extract(r"line (\d+)$")[0].astype(int)
    for line, original in first.items():  # each copy equals the line it names
        assert raw.loc[line].equals(raw.loc[original])
    # the rest: published values outside their published 95% limits by more than rounding
    other = table.rejected.loc[~reasons.index.isin(copy_lines | conflict_lines | set(same))]
    assert other["reason"].str.fullmatch(r"value is (below lower|above upper)_95").all()
    values = pd.to_numeric(raw["Value"], errors="coerce")
    lower = pd.to_numeric(raw["LowerCI"], errors="coerce")
    upper = pd.to_numeric(raw["UpperCI"], errors="coerce")
    outside = (values < lower - 0.5) | (values > upper + 0.5)  # far outside: not rounding
    expected = set(raw.index[outside]) - copies - clashing - set(same)
    assert set(other.index) == expected
    # they are all acute hepatitis B (93124): limits of the count, not of the rate
    assert set(raw.loc[list(expected), "IndicatorId"]) == {"93124"}
    assert len(expected) == 30


def test_rounded_limits_are_kept(raw, table):
    values = pd.to_numeric(raw["Value"], errors="coerce")
    upper = pd.to_numeric(raw["UpperCI"], errors="coerce")
    lower = pd.to_numeric(raw["LowerCI"], errors="coerce")
    rounding = ((values > upper) & (values <= upper + 0.06)) | (
        (values < lower) & (values >= lower - 0.06)
    )
    lines = set(raw.index[rounding])  # none in this half of the export; kept wherever found
    assert lines - set(table.rejected.index) <= set(table.data.index)
    # the published row from the other half of the export: Value 15.6, UpperCI 15.59
    header = HEALTH.read_text("utf-8-sig").splitlines()[0]
    row = '93085,"","",All ages,Female,"",1000,,15.59,15.6,156,E92000001,2,1,2020,13.5,'
    t = read_fingertips(io.StringIO(f"{header}\n{row}\n"), period_type="financial")
    assert t.data["value"].tolist() == [15.6]
    assert t.data["upper_95"].tolist() == [15.59]
    # outside by more than the printed precision is still a problem
    worse = row.replace(",15.59,15.6,", ",15.49,15.6,")
    bad = read_fingertips(
        io.StringIO(f"{header}\n{worse}\n"), period_type="financial", errors="report"
    )
    assert bad.rejected["reason"].tolist() == ["value is above upper_95"]


def test_suppressed_rows_are_kept_without_a_value(raw, table):
    suppressed = raw.index[(raw["Value"] == "") & (raw["Count"] == "")]
    assert len(suppressed) > 1_000
    copies, clashing, same = _repeats(raw)
    kept = set(suppressed) - copies - clashing - set(same)
    assert kept <= set(table.data.index)
    assert table.data.loc[sorted(kept), "value"].isna().all()


def test_key_has_sex_and_age(raw, table):
    data = table.data
    pop = data.loc[data["fingertips_id"] == "92708"]
    copies, clashing, same = _repeats(raw)
    aside = sorted(copies | clashing | set(same))
    expected = raw.loc[raw["IndicatorId"] == "92708"].index.difference(aside)
    assert len(pop) == len(expected)  # the resident population, every age band and sex
    england = pop.loc[pop["area_code"] == "E92000001"]
    assert {"Persons", "Male", "Female"} <= set(england["sex"])
    assert "All ages" in set(england["age"])
    assert england.duplicated(list(of.observations.KEY_COLUMNS)).sum() == 0


def test_metadata_gives_period_types(table):
    data = table.data
    smoking = data.loc[data["fingertips_id"] == "93085", "period"]
    assert "2023/24" in set(smoking)  # Financial
    conceptions = data.loc[data["fingertips_id"] == "20401", "period"]
    assert "2021" in set(conceptions)  # Calendar


def test_an_indicator_missing_from_the_metadata_is_read_with_a_warning():
    with pytest.warns(of.OutcomeFrameWarning, match=r"92026.*calendar"):
        read_fingertips(HEALTH, metadata=DATA / "indicators.csv", errors="report")


def test_area_names_and_types_from_the_areas_file(raw, table):
    data = table.data
    assert data["area_name"].notna().all()
    gp = data.loc[data["area_code"] == "A82003"]
    assert len(gp)
    assert set(gp["area_type"]) == {"GPs"}
    assert set(data.loc[data["area_code"] == "E08000009", "area_name"]) == {"Trafford"}


def test_shipped_areas_name_councils_without_an_areas_file():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        t = read_fingertips(HEALTH, metadata=DATA / "indicators.csv", errors="report")
    names = t.data.set_index("area_code")["area_name"]
    assert names.loc["E10000017"].eq("Lancashire").all()


def test_a_dataframe_reads_like_the_file(raw, table):
    frame = pd.read_csv(HEALTH, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        again = read_fingertips(
            frame, metadata=DATA / "indicators.csv", areas=DATA / "areas.json", errors="report"
        )
    assert again.data.index.name == "row"
    assert len(again.data) == len(table.data)
    mine = again.data.drop(columns="source").reset_index(drop=True)
    theirs = table.data.drop(columns="source").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs)
    # a DataFrame read by pandas' defaults (numbers as floats, blanks as NaN) too
    numeric = read_fingertips(
        pd.read_csv(io.StringIO(HEALTH.read_text("utf-8-sig")), nrows=200),
        period_type="financial",
        errors="report",
    )
    assert len(numeric.data) + len(numeric.rejected) == 200


CONTAINERS = [["E06000008"], {"value": 1}, {"a"}, np.array([1.0, 2.0])]


@pytest.mark.parametrize("column", pd.read_csv(HEALTH, nrows=0, encoding="utf-8-sig").columns)
def test_a_cell_holding_a_list_sets_its_row_aside_with_the_reason(raw, column):
    """A list in a DataFrame's cell raised "unhashable type: 'list'" from inside pandas."""
    frame = raw.reset_index(drop=True).astype(object)
    position = list(raw.columns).index(column)
    rows = [position, len(frame) // 2 + position, len(frame) - 1 - position]
    for row, cell in zip(rows, CONTAINERS, strict=False):  # a different container in each
        frame.iat[row, position] = cell
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        t = read_fingertips(frame, metadata=DATA / "indicators.csv", errors="report")
    assert len(t.data) + len(t.rejected) == len(frame)
    reason = f"{column} holds a list, dict, set or array, not a single value"
    assert (t.rejected.loc[rows, "reason"] == reason).all()
    assert (t.rejected["reason"] == reason).sum() == len(rows)
    assert t.rejected.loc[rows, column].isna().all()  # the cell blanked, the row kept


def test_a_cell_holding_a_list_is_one_of_the_problems_raised(raw):
    frame = raw.reset_index(drop=True).astype(object)
    frame.iat[5, list(raw.columns).index("Value")] = [1.0]
    frame.iat[7, list(raw.columns).index("AreaCode")] = {"E06000008"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        with pytest.raises(of.DataError) as caught:
            read_fingertips(frame, metadata=DATA / "indicators.csv")
    problems = caught.value.problems
    assert problems[:2] == (
        "row 5: Value holds a list, dict, set or array, not a single value",
        "row 7: AreaCode holds a list, dict, set or array, not a single value",
    )
    assert len(problems) > 2  # the export's own conflicting rows are listed with them
    assert any("conflicting rows for one key" in p for p in problems[2:])


def test_indicators_outside_the_plan_are_set_aside_once_per_indicator(raw):
    t = read_fingertips(HEALTH, period_type="calendar", indicators=[93085], errors="report")
    assert set(t.data["fingertips_id"]) == {"93085"}
    others = t.rejected.loc[t.rejected["reason"].str.contains("not among the indicators")]
    assert len(others) == int((raw["IndicatorId"] != "93085").sum())
    assert others["reason"].nunique() == raw["IndicatorId"].nunique() - 1


def test_indicators_asked_for_that_the_export_has_not_are_said_when_nothing_is_read(raw):
    own = sorted(raw["IndicatorId"].unique())
    slip = own[0][:-1] + str((int(own[0][-1]) + 1) % 10)  # a slip of the last digit
    assert slip not in own
    with pytest.warns(of.OutcomeFrameWarning) as caught:
        t = read_fingertips(HEALTH, period_type="calendar", indicators=[slip], errors="report")
    assert t.data.empty
    assert len(t.rejected) == len(raw)  # set aside with their reason, not lost
    (message,) = [str(w.message) for w in caught]
    assert message.startswith(f"{HEALTH}: no row of indicator {slip} (did you mean '{own[0]}'")
    assert f"so nothing is read: the file's indicators are {', '.join(own[:10])}" in message
    # a plan's every indicator, of which the export has some: read without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = read_fingertips(
            HEALTH, period_type="calendar", indicators=[own[0], slip], errors="report"
        )
    assert set(t.data["fingertips_id"]) == {own[0]}


def test_twin_columns_are_a_clear_error():
    text = "Indicator ID,IndicatorID,Area Code,Time period,Value\n1,1,E92000001,2020,5\n"
    with pytest.raises(of.FileFormatError, match=r"'Indicator ID' and 'IndicatorID'"):
        read_fingertips(io.StringIO(text))
    text = "Indicator ID,Area Code,Time period,Value,value\n1,E92000001,2020,5,6\n"
    with pytest.raises(of.FileFormatError, match=r"'Value' and 'value'"):
        read_fingertips(io.StringIO(text))


def test_a_blank_indicator_id_is_a_row_problem():
    lines = HEALTH.read_text("utf-8-sig").splitlines()
    header, first = lines[0], lines[1]
    blank = "," + first.split(",", 1)[1]
    t = read_fingertips(
        io.StringIO(f"{header}\n{first}\n{blank}\n"),
        period_type="financial",
        errors="report",
    )
    assert len(t.data) == 1
    assert t.rejected["reason"].str.contains("indicator is blank").all()
    assert np.array_equal(t.rejected.index.to_numpy(), [3])


#: The project's shared data, beside the checkout when it is there (not in a clean clone).
SHARED = Path(__file__).parents[2].parent / "shared" / "data"


def _exports() -> list[Path]:
    """Every Fingertips data CSV here and in the project's shared data, read whole."""
    found = sorted(DATA.glob("*.csv")) + sorted(SHARED.glob("fingertips*/*.csv"))
    found += sorted((Path(__file__).parents[1] / "data" / "fingertips").glob("*.csv"))
    return [p for p in found if not p.name.startswith("indicators")]


def _export_id(path: Path) -> str:
    """``tests/data/...`` or ``shared/data/...``: the same file name in both is two cases."""
    return f"{'shared' if SHARED in path.parents else 'tests'}/data/{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", _exports(), ids=_export_id)
def test_every_real_export_loses_no_row(path):
    """data + rejected = rows in, and rows are set aside only for a reason of a known kind."""
    rows = len(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    meta = path.parent / "indicators.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)  # periods it had to assume
        table = read_fingertips(path, metadata=meta if meta.is_file() else None, errors="report")
    assert len(table.data) + len(table.rejected) == rows
    assert set(table.data.index) | set(table.rejected.index) == set(range(2, rows + 2))
    kinds = table.rejected["reason"].str.extract(
        r"^(exact copy of line|same numbers as line|conflicting rows for one key"
        r"|value is (?:below|above))"
    )[0]
    assert kinds.notna().all(), table.rejected.loc[kinds.isna(), "reason"].head().tolist()


@pytest.mark.parametrize("kind", ["gz", "bz2", "xz", "zip"])
def test_the_export_compressed_reads_like_the_file(table, tmp_path, kind):
    data = HEALTH.read_bytes()
    path = tmp_path / f"healthdata.csv.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("healthdata.csv", data)
    else:
        path.write_bytes({"gz": gzip, "bz2": bz2, "xz": lzma}[kind].compress(data))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", of.OutcomeFrameWarning)
        again = read_fingertips(
            path, metadata=DATA / "indicators.csv", areas=DATA / "areas.json", errors="report"
        )
    assert set(again.data["source"]) == {str(path)}  # the file as given names every row
    columns = [c for c in table.data.columns if c != "source"]
    pd.testing.assert_frame_equal(again.data[columns], table.data[columns])
    pd.testing.assert_frame_equal(again.rejected, table.rejected)
