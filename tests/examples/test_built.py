"""The stored tables of the shipped plans are exactly what the build gives from the published files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from outcomeframe.examples._build import build
from outcomeframe.examples._built import (
    TABLES,
    built_path,
    manifest,
    published_hashes,
    stored,
    stored_table,
    write,
)
from outcomeframe.examples._data import areas
from outcomeframe.examples._plans import Built, plans

REBUILD = "run `python -m outcomeframe.examples._built` to rebuild the stored tables"


@pytest.fixture(scope="module", params=plans())
def rebuilt(request: pytest.FixtureRequest) -> tuple[str, Built]:
    name = str(request.param)
    return name, build(name, areas(name))


@pytest.mark.parametrize("table", TABLES)
def test_stored_table_equals_a_fresh_build(rebuilt: tuple[str, Built], table: str) -> None:
    name, fresh = rebuilt
    kept = stored(name)
    assert kept is not None, f"no stored tables for {name}: {REBUILD}"
    try:
        pd.testing.assert_frame_equal(getattr(kept, table), getattr(fresh, table), check_exact=True)
    except AssertionError as err:
        pytest.fail(f"{name}.{table} is stale: {REBUILD}\n{err}")


def test_manifest_names_the_published_files_as_they_are() -> None:
    found = manifest()
    assert found is not None
    assert found["published"] == published_hashes(), REBUILD
    assert sorted(found["dtypes"]) == sorted(f"{n}.{t}" for n in plans() for t in TABLES)


def test_stored_files_are_small() -> None:
    sizes = {p.name: p.stat().st_size for p in built_path().iterdir()}
    tables = {f"{n}.{t}.csv.gz" for n in plans() for t in TABLES}
    assert set(sizes) == {*tables, "manifest.json", "README.md"}
    assert max(sizes.values()) < 1_000_000


def _synthetic() -> Built:
    """SYNTHETIC tables with every dtype of the real ones, missing cells and awkward text."""
    rng = np.random.default_rng(15)
    n = 50
    data = pd.DataFrame(
        {
            "text": pd.Series(rng.choice(["NA", "a, b", 'say "x"', "null"], n), dtype="str"),
            "value": rng.normal(size=n) / 3,
            "line": pd.array(rng.integers(1, 99, n), dtype="Int64"),
            "when": pd.to_datetime(rng.integers(0, 10_000, n), unit="D").astype("datetime64[s]"),
            "rows": rng.integers(0, 9, n),
        }
    )
    data.loc[::7, ["text", "value", "line", "when"]] = [np.nan, np.nan, pd.NA, pd.NaT]
    return Built(data, data.iloc[:5].reset_index(drop=True), data[["rows"]])


def test_write_then_read_back_is_exact_and_the_bytes_repeat(tmp_path: Path) -> None:
    tables = _synthetic()
    write({"synthetic": tables}, tmp_path / "one")
    write({"synthetic": tables}, tmp_path / "two")
    back = stored("synthetic", tmp_path / "one")
    assert back is not None
    for table in TABLES:
        pd.testing.assert_frame_equal(
            getattr(back, table), getattr(tables, table), check_exact=True
        )
        file = f"synthetic.{table}.csv.gz"
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()
    assert back.data["text"].isna().sum() == 8  # "NA" and "null" stayed text


def test_write_refuses_what_would_not_read_back_equal(tmp_path: Path) -> None:
    tables = _synthetic()
    tables.data.loc[1, "text"] = ""  # a CSV cannot tell "" from a missing cell
    with pytest.raises(ValueError, match=r"synthetic\.data would not read back equal"):
        write({"synthetic": tables}, tmp_path)
    assert not list(tmp_path.iterdir())


def test_nothing_stored_means_none(tmp_path: Path) -> None:
    assert stored("lancashire", tmp_path) is None
    assert stored_table("lancashire", "data", tmp_path) is None
    write({"synthetic": _synthetic()}, tmp_path)
    assert stored("lancashire", tmp_path) is None
    assert stored_table("synthetic", "sources", tmp_path) is not None


def test_without_stored_tables_the_data_are_built(
    rebuilt: tuple[str, Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    from outcomeframe.examples import _data  # noqa: PLC0415

    name, fresh = rebuilt
    monkeypatch.setattr(_data, "stored_table", lambda *_: None)
    _data._cached_table.cache_clear()
    try:
        pd.testing.assert_frame_equal(_data.data(name), fresh.data, check_exact=True)
        pd.testing.assert_frame_equal(_data.sources(name), fresh.sources, check_exact=True)
    finally:
        _data._cached_table.cache_clear()
        _data._cached_build.cache_clear()


def test_reading_the_stored_data_imports_no_reader_and_no_pint() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import sys\n"
        "import outcomeframe as of\n"
        "assert len(of.examples.data('lancashire')) > 0\n"
        "print(sorted(m for m in sys.modules if '_readers' in m or m.endswith('examples._build')"
        " or m.split('.')[0] == 'pint'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
