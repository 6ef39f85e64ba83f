"""The areas table: reading FingertipsNext areas.json and tidy CSVs, lookups, the shipped table.

The real file is ``tests/data/fingertipsnext/areas.json`` (8,139 areas, unmodified). The
reference answers are computed here with plain Python over ``json.load`` of that file, not
with the code under test.
"""

from __future__ import annotations

import collections
import importlib.resources
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import (
    AreaTable,
    DataError,
    FileFormatError,
    area_types,
    england_areas,
    read_areas,
)
from outcomeframe.observations import AREA_COLUMNS
from outcomeframe.observations._areas import area_table
from outcomeframe.observations._areas_read import ENGLAND_TYPES, _build_england

DATA = Path(__file__).resolve().parent.parent / "data" / "fingertipsnext"
AREAS_JSON = DATA / "areas.json"
SHIPPED = importlib.resources.files("outcomeframe.observations").joinpath("areas", "england.csv")

LANCASHIRE, TRAFFORD, BURNLEY = "E10000017", "E08000009", "E07000117"
ENGLAND, NORTH_WEST, GREATER_MANCHESTER = "E92000001", "E12000002", "E47000001"
GP, PCN, SUB_ICB, ICB = "A81001", "U89141", "E38000247", "E54000050"


@pytest.fixture(scope="module")
def raw() -> dict[str, dict]:
    return {a["areaCode"]: a for a in json.loads(AREAS_JSON.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def areas() -> AreaTable:
    return read_areas(AREAS_JSON)


def reference_parents(raw: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """Listed parents, then the areas that list the area as a child, in file order."""
    parents = {code: [p["areaCode"] for p in a["parentAreas"]] for code, a in raw.items()}
    for code, a in raw.items():
        for child in a["childAreas"]:
            if child["areaCode"] in parents and code not in parents[child["areaCode"]]:
                parents[child["areaCode"]].append(code)
    return {code: tuple(p) for code, p in parents.items()}


def reference_ancestors(parents: dict[str, tuple[str, ...]], code: str) -> tuple[str, ...]:
    out: list[str] = []
    frontier = [code]
    while frontier:
        nxt = []
        for node in frontier:
            for p in parents.get(node, ()):
                if p not in out and p != code:
                    out.append(p)
                    nxt.append(p)
        frontier = nxt
    return tuple(out)


# --------------------------------------------------------------------------- the real file
def test_hand_countable_areas(areas: AreaTable) -> None:
    codes = [LANCASHIRE, TRAFFORD, BURNLEY, ENGLAND, NORTH_WEST, GP, PCN]
    assert areas.names(codes).tolist() == [
        "Lancashire",
        "Trafford",
        "Burnley",
        "England",
        "North West region (statistical)",
        "The Densham Surgery",
        "Stockton PCN",
    ]
    assert areas.types(codes).tolist() == [
        "Counties and Unitary Authorities",
        "Counties and Unitary Authorities",
        "Districts and Unitary Authorities",
        "England",
        "Regions",
        "GPs",
        "NHS Primary Care Networks",
    ]
    parents = dict(zip(areas.data["code"], areas.data["parents"], strict=True))
    assert parents[LANCASHIRE] == (NORTH_WEST,)
    assert parents[TRAFFORD] == (NORTH_WEST, GREATER_MANCHESTER)  # the CA lists it as a child
    assert parents[BURNLEY] == (LANCASHIRE,)
    assert parents[ENGLAND] == ()
    assert parents[NORTH_WEST] == (ENGLAND,)  # England lists the regions as its children
    assert parents[GP] == (PCN,)
    assert parents[PCN] == (SUB_ICB,)
    assert areas.parent([BURNLEY], type="Regions").tolist() == [NORTH_WEST]
    assert areas.parent([BURNLEY, TRAFFORD, GP]).tolist() == [LANCASHIRE, NORTH_WEST, PCN]
    assert areas.parent([GP], type="NHS Integrated Care Boards").tolist() == [ICB]
    assert areas.ancestors([BURNLEY, GP]).tolist() == [
        (LANCASHIRE, NORTH_WEST, ENGLAND),
        (PCN, SUB_ICB, ICB),
    ]
    assert areas.data.set_index("code").loc[[ENGLAND, NORTH_WEST, BURNLEY], "level"].tolist() == [
        0,
        1,
        3,
    ]


def test_whole_file_counts(areas: AreaTable, raw: dict[str, dict]) -> None:
    assert len(areas) == len(raw) == 8139
    assert tuple(areas.data.columns) == AREA_COLUMNS
    assert collections.Counter(areas.data["type"]) == collections.Counter(
        a["areaType"] for a in raw.values()
    )
    names = dict(zip(areas.data["code"], areas.data["name"], strict=True))
    assert names == {code: a["areaName"].strip() for code, a in raw.items()}


def test_every_parent_and_ancestor_matches_plain_python(
    areas: AreaTable, raw: dict[str, dict]
) -> None:
    expected = reference_parents(raw)
    assert dict(zip(areas.data["code"], areas.data["parents"], strict=True)) == expected
    codes = list(raw)
    got = areas.ancestors(codes).tolist()
    assert got == [reference_ancestors(expected, c) for c in codes]
    for kind in ("Regions", "England", "NHS Integrated Care Boards", "Combined Authorities"):
        want = []
        for c in codes:
            hit = [a for a in reference_ancestors(expected, c) if raw[a]["areaType"] == kind]
            want.append(hit[0] if hit else None)
        found = areas.parent(codes, type=kind)
        assert [None if pd.isna(v) else v for v in found] == want, kind


# --------------------------------------------------------------------------- the shipped table
def test_shipped_csv_is_the_conversion_of_areas_json() -> None:
    built = _build_england(AREAS_JSON)
    assert SHIPPED.read_text(encoding="utf-8") == built.to_csv()
    assert england_areas().equals(built)


def test_shipped_table_contents(raw: dict[str, dict]) -> None:
    shipped = england_areas()
    counts = collections.Counter(shipped.data["type"])
    assert counts == {
        "England": 1,
        "Regions": 9,
        "Counties and Unitary Authorities": 153,
        "Districts and Unitary Authorities": 164,
        "Combined Authorities": 10,
    }
    assert set(counts) == set(ENGLAND_TYPES)
    prefixes = collections.Counter(c[:3] for c in shipped.data["code"])
    assert prefixes == {"E92": 1, "E12": 9, "E06": 63, "E08": 36, "E09": 33, "E10": 21, "E07": 164,
                        "E47": 10}  # fmt: skip
    # every parent of a shipped area is itself shipped
    listed = {p for ps in shipped.data["parents"] for p in ps}
    assert listed <= set(shipped.data["code"])
    assert england_areas() is shipped  # cached
    assert shipped.parent([BURNLEY], type="Regions").tolist() == [NORTH_WEST]
    assert set(shipped.data["code"]) == {
        c for c, a in raw.items() if a["areaType"] in ENGLAND_TYPES
    }


# --------------------------------------------------------------------------- area_types
def test_prefix_rules_agree_with_every_real_area(raw: dict[str, dict]) -> None:
    codes = list(raw)
    assert area_types(codes).tolist() == [raw[c]["areaType"] for c in codes]


@pytest.mark.parametrize("table", [None, "england"])
def test_a_missing_code_has_no_type(table: str | None) -> None:
    """A missing code took the type of another code (['Regions', 'Regions'])."""
    areas = of.england_areas() if table else None
    found = of.area_types(["E12000001", None, np.nan, "E07000117"], areas)
    assert found.isna().tolist() == [False, True, True, False]
    assert found.iloc[0] == "Regions"
    assert of.area_types([None], areas).isna().all()


def test_area_types_prefers_the_table_then_falls_back() -> None:
    table = AreaTable(pd.DataFrame({"code": ["E07000117"], "name": ["x"], "type": ["Custom"]}))
    codes = pd.Series(["E07000117", "E06000008", "U12345", "Y02625", "E99000001", "x", None],
                      index=list("abcdefg"))  # fmt: skip
    got = area_types(codes, table)
    assert got.index.tolist() == list("abcdefg")
    assert got.tolist()[:4] == [
        "Custom",
        "Counties and Unitary Authorities",
        "NHS Primary Care Networks",
        "GPs",
    ]
    assert got.iloc[4:].isna().all()
    cat = area_types(codes.astype("category"), table)
    pd.testing.assert_series_equal(cat, got)


# --------------------------------------------------------------------------- lookups
def test_lookups_never_raise_and_keep_the_index(areas: AreaTable) -> None:
    codes = pd.Series([TRAFFORD, "nope", np.nan, 42, TRAFFORD], index=[10, 11, 12, 13, 14])
    names = areas.names(codes)
    assert names.index.tolist() == [10, 11, 12, 13, 14]
    assert names[10] == names[14] == "Trafford"
    assert names[[11, 12, 13]].isna().all()
    assert areas.parent(codes, type="Regions").isna().tolist() == [False, True, True, True, False]
    assert areas.ancestors(codes).isna().tolist() == [False, True, True, True, False]
    assert areas.names(TRAFFORD).tolist() == ["Trafford"]
    assert areas.names(np.array([[TRAFFORD]])).tolist() == ["Trafford"]
    assert areas.names([]).tolist() == []


def test_categorical_lookup_equals_plain(areas: AreaTable) -> None:
    rng = np.random.default_rng(11)  # synthetic: random draws of real codes and one unknown
    pool = np.array([*areas.data["code"].sample(50, random_state=1), "nope"], dtype=object)
    codes = pd.Series(rng.choice(pool, 5000))
    for method in ("names", "types", "parent", "ancestors"):
        plain = getattr(areas, method)(codes)
        cat = getattr(areas, method)(codes.astype("category"))
        pd.testing.assert_series_equal(cat, plain)


def test_container_protocol(areas: AreaTable) -> None:
    assert TRAFFORD in areas
    assert "nope" not in areas
    assert ["unhashable"] not in areas
    assert len(areas.of_type("Regions")) == 9
    assert len(areas.of_type(["Regions", "England"])) == 10
    assert repr(areas) == "AreaTable(8139 areas, 10 types)"
    assert not areas.equals(areas.data)


def test_a_cycle_in_bad_parents_ends_the_walk() -> None:
    table = AreaTable(
        pd.DataFrame(
            {
                "code": ["A", "B", "C"],
                "name": ["a", "b", "c"],
                "type": ["x", "y", "z"],
                "parents": [("B",), ("A", "C"), ("Z",)],
            }
        )
    )
    assert table.ancestors(["A", "B", "C"]).tolist() == [("B", "C", "Z"), ("A", "C", "Z"), ("Z",)]
    assert table.parent(["A", "C"], type="z").tolist() == ["C", np.nan]


def test_a_chain_deeper_than_any_hierarchy_is_walked_32_levels_with_a_warning() -> None:
    """A chain of 1,000 areas (each the parent of the next) took 9 s and one of 2,000
    did not finish: every generation re-hashed every pair found so far."""
    from outcomeframe.observations._area_links import MAX_GENERATIONS  # noqa: PLC0415

    n = 1_000
    codes = [f"A{i:04d}" for i in range(n)]
    table = AreaTable(
        pd.DataFrame(
            {
                "code": codes,
                "name": codes,
                "type": ["top", *["level"] * (n - 1)],
                "parents": [(), *((codes[i - 1],) for i in range(1, n))],
            }
        )
    )
    with pytest.warns(of.OutcomeFrameWarning, match=r"go more than 32 levels up"):
        ancestors = table.ancestors(codes)
    assert ancestors.map(len).max() == MAX_GENERATIONS
    assert ancestors.iloc[10] == tuple(reversed(codes[:10]))  # nearest first, all of them
    assert table.parent(codes[:33], type="top").tolist() == [np.nan, *["A0000"] * 32]


# --------------------------------------------------------------------------- merge
def test_merge_takes_fields_from_the_preferred_table() -> None:
    shipped = england_areas()
    named = AreaTable(pd.DataFrame({"code": [TRAFFORD, "X1"], "name": ["Trafford Council", "New"]}))
    merged = shipped | named
    assert len(merged) == len(shipped) + 1
    assert merged.data["code"].iloc[-1] == "X1"
    assert merged.data["code"].iloc[: len(shipped)].tolist() == shipped.data["code"].tolist()
    assert merged.names([TRAFFORD, LANCASHIRE, "X1"]).tolist() == [
        "Trafford Council",
        "Lancashire",
        "New",
    ]
    assert merged.types([TRAFFORD]).tolist() == ["Counties and Unitary Authorities"]
    assert merged.parent([TRAFFORD]).tolist() == [NORTH_WEST]  # named has none: kept
    assert merged.data.set_index("code").loc[TRAFFORD, "level"] == 2
    kept = shipped.merge(named, prefer="self")
    assert kept.names([TRAFFORD, "X1"]).tolist() == ["Trafford", "New"]
    with pytest.raises(of.ArgumentError, match="prefer"):
        shipped.merge(named, prefer="theirs")  # type: ignore[arg-type]
    with pytest.raises(of.ArgumentError, match="AreaTable"):
        shipped.merge(named.data)  # type: ignore[arg-type]


def test_merge_with_the_real_file(areas: AreaTable) -> None:
    merged = england_areas() | areas
    assert len(merged) == len(areas)
    assert merged.names([GP, TRAFFORD]).tolist() == ["The Densham Surgery", "Trafford"]


# --------------------------------------------------------------------------- CSV and frames
@pytest.mark.parametrize(
    "header",
    [
        "code,name,type,parents",
        "Area Code,Area Name,Area Type,Parent Code",
        "AreaCode,AreaName,AreaType,ParentCode",
        "area_code,area_name,area_type,parent_code",
    ],
)
def test_csv_header_spellings(header: str) -> None:
    text = f"{header},extra\nE92000001,England,England,,1\nE12000002, North West ,Regions,E92000001 ; X,2\n"
    table = read_areas(io.StringIO(text))
    assert table.data["code"].tolist() == ["E92000001", "E12000002"]
    assert table.names(["E12000002"]).tolist() == ["North West"]
    assert table.data["parents"].tolist() == [(), ("E92000001", "X")]
    assert table.data["level"].isna().all()


def test_csv_round_trip_of_the_real_file(areas: AreaTable, tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    areas.to_csv(path)
    assert read_areas(path).equals(areas)
    assert read_areas(io.BytesIO(path.read_bytes())).equals(areas)


def test_dataframe_input_and_area_table() -> None:
    frame = pd.DataFrame({"Area Code": ["A", "B"], "Area Name": ["a", "b"],
                          "parents": [["B"], None], "level": [1.0, np.nan]})  # fmt: skip
    table = read_areas(frame)
    assert table.data["parents"].tolist() == [("B",), ()]
    assert table.data["level"].tolist() == [1, pd.NA]
    assert table.data["type"].isna().all()
    assert area_table(table) is table
    assert area_table(None) is england_areas()
    assert area_table(frame).equals(table)
    assert len(area_table(AREAS_JSON)) == 8139
    with pytest.raises(of.ArgumentError, match="areas"):
        area_table(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("code,name\n,Nowhere\nE1,One\n", "line 2: code is blank"),
        ("code,name\nE1,One\nE2,Two\nE1,Again\n", "line 2, line 4: the code E1 is used 2 times"),
        ("code,name,level\nE1,One,2.5\n", "line 2: level '2.5' is not a whole number"),
        ("code,name,level\nE1,One,inf\n", "line 2: level 'inf' is not a whole number"),
        ("code,name,level\nE1,One,1e20\n", "line 2: level '1e20' is larger than 2**53"),
        ("code,name,parents\nE1,One,E1\n", "line 2: parents lists the area itself (E1)"),
        # blank lines and empty rows hold nothing, and count as lines
        ("code,name\nE1,One\n\n,\n,Nowhere\n\n", "line 5: code is blank"),
        # a quoted cell's line break, and blank lines before the header, move the rows down
        ('code,name\nE1,"Two\nlines"\n,Nowhere\n', "line 4: code is blank"),
        ('"Area\nCode",name\nE1,One\n,Nowhere\n', "line 4: Area\nCode is blank"),
        ("\n\ncode,name\nE1,One\n,Nowhere\n", "line 5: code is blank"),
        # read as the Fingertips files are: Excel's sep= line, semicolons, R's row names
        ("sep=;\ncode;name\nE1;One\n;Nowhere\n", "line 4: code is blank"),
        ("code;name\nE1;One\n;Nowhere\n", "line 3: code is blank"),
        ('"","code","name"\n"1","E1","One"\n"2",NA,"Nowhere"\n', "line 3: code is blank"),
        ("code,name\nE1,One,E9,\nE2,Two\n", "line 2: more fields than the header (extra: 'E9')"),
        ("code,name\nE1,One\nE2,Two,E9\n", "line 3: more fields than the header (extra: 'E9')"),
    ],
)
def test_csv_row_problems_name_the_file_and_line(tmp_path: Path, text: str, found: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_areas(path)
    assert str(err.value).startswith(f"{path}: 1 problem(s) in the areas")
    assert err.value.problems == (found,)


@pytest.mark.parametrize("level", [1e20, float("inf"), 10**30, 10**400, 1j, True, "x", 2.5])
def test_area_table_levels_that_are_not_whole_numbers(level: object) -> None:
    level_column = pd.Series([1, level], dtype=object)  # as given, not made complex
    frame = pd.DataFrame({"code": ["E1", "E2"], "name": ["x", "y"], "level": level_column})
    with pytest.raises(DataError, match=r"level column is not whole numbers .*: row 1 \("):
        AreaTable(frame)


@pytest.mark.parametrize(
    ("level", "found"), [(10**400, "is larger than 2**53"), (1j, "is not a whole")]
)
def test_read_areas_levels_too_large_or_complex_are_problems(level: object, found: str) -> None:
    levels = pd.Series([1, level], dtype=object)
    with pytest.raises(DataError, match=f"row 1: level .* {re.escape(found)}"):
        read_areas(pd.DataFrame({"code": ["E1", "E2"], "name": ["x", "y"], "level": levels}))


def test_area_table_lists_fifty_repeated_codes_and_counts_the_rest() -> None:
    codes = [f"E{i:08d}" for i in range(2_000)] * 2
    with pytest.raises(DataError) as err:
        AreaTable(pd.DataFrame({"code": codes, "name": "x"}))
    problems = err.value.problems
    assert len(problems) == 51
    assert problems[0] == "rows 0, 2000: the code 'E00000000' is used 2 times"
    assert problems[-1] == "... and 1,950 more codes used more than once"


def test_a_table_of_many_columns_is_named_by_its_first_thirty() -> None:
    header = ",".join(f"column {i}" for i in range(1_000))
    with pytest.raises(DataError) as err:
        read_areas(io.StringIO(header + "\n" + "x," * 999 + "x\n"))
    assert str(err.value).endswith("'column 28', 'column 29' and 970 more")
    assert len(str(err.value)) < 1_000


def test_csv_column_problems() -> None:
    with pytest.raises(DataError, match=r"no 'name' column .* the columns are 'code', 'label'"):
        read_areas(io.StringIO("code,label\nE1,x\n"))
    with pytest.raises(DataError, match="two columns for 'code': 'code' and 'Area Code'"):
        read_areas(io.StringIO("code,Area Code,name\nE1,E1,x\n"))
    with pytest.raises(DataError, match=r"row 5: parents 7 is not a list of codes"):
        read_areas(pd.DataFrame({"code": ["E1"], "name": ["x"], "parents": [7]}, index=[5]))


def test_many_problems_are_counted_and_capped() -> None:
    text = "code,name\n" + ",x\n" * 80
    with pytest.raises(DataError, match="80 problem") as err:
        read_areas(io.StringIO(text))
    assert len(err.value.problems) == 51
    assert err.value.problems[-1] == "... and 30 more"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "the file is empty"),
        (b"  \n", "the file is empty"),
        (b"PK\x03\x04rest", "zip archive"),
        (b"code\x00name", "binary"),
        (b'code,name\nE1,"unclosed\n', "not a well-formed CSV"),
        (b"{}", "expected a list of areas"),
        (b'[{"areaCode": "E1",]', "not well-formed JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'[{"areaCode": "E1", "level": ' + b"9" * 5_000 + b"}]", "not a list of areas"),
    ],
)
def test_unreadable_files(content: bytes, match: str) -> None:
    with pytest.raises(FileFormatError, match=match):
        read_areas(io.BytesIO(content))


def test_json_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "areas.json"
    path.write_text('[\n {"areaCode": "E1"},\n {"areaCode": }\n]\n', encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        read_areas(path)
    assert err.value.line == 3
    assert err.value.path == str(path)


def test_a_json_file_is_read_as_json_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "areas.json"
    path.write_text('"E1"', encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"expected a list of areas .* found a JSON str"):
        read_areas(path)


def test_missing_file() -> None:
    with pytest.raises(FileFormatError, match="cannot open the file"):
        read_areas("no/such/areas.json")


def test_json_item_problems_name_the_item_and_field() -> None:
    items = [
        {"areaCode": "E1", "areaName": "One", "areaType": "T", "level": 1},
        "not an object",
        {"areaCode": 5, "areaName": "Five"},
        {"areaCode": "E1", "areaName": "Again"},
        {"areaCode": "E3", "areaName": ["x"], "areaType": 3, "level": "high"},
    ]
    with pytest.raises(DataError) as err:
        read_areas(io.StringIO(json.dumps(items)))
    assert err.value.problems == (
        "item 2: 'not an object' is not an object",
        "item 3: areaCode 5 is not a non-blank text",
        "item 5 (E3): areaName is ['x'], not a text",
        "item 5 (E3): areaType is 3, not a text",
        "item 5 (E3): level 'high' is not a whole number",
        "item 1 (E1), item 4 (E1): the code E1 is used 2 times",
    )


def test_json_link_problems() -> None:
    items = [
        {"areaCode": "E1", "areaName": "One", "parentAreas": "E2"},
        {"areaCode": "E2", "areaName": "Two", "parentAreas": [{"code": "E1"}]},
        {"areaCode": "E3", "areaName": "Three", "childAreas": [{"areaCode": "E3"}]},
    ]
    with pytest.raises(DataError) as err:
        read_areas(io.StringIO(json.dumps(items)))
    assert err.value.problems == (
        "item 1 (E1): parentAreas is 'E2', not a list",
        "item 2 (E2): parentAreas entry {'code': 'E1'} has no areaCode text",
        "item 3 (E3): parentAreas or childAreas list the area itself",
    )


def test_json_minimal_items_and_unknown_children() -> None:
    items = [
        {"areaCode": "E1", "areaName": None, "childAreas": [{"areaCode": "E2"}, "NOT-IN-FILE"]},
        {"areaCode": "E2", "areaName": "Two", "parentAreas": ["E9"]},
    ]
    table = read_areas(io.StringIO(json.dumps(items)))
    assert table.data["parents"].tolist() == [(), ("E9", "E1")]
    assert table.names(["E1", "E2"]).isna().tolist() == [True, False]
    assert len(read_areas(io.StringIO("[]"))) == 0
