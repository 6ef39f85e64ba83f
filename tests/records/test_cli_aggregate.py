"""``outcomeframe aggregate``: records file -> observation CSV, on each engine.

The records are synthetic (the seeded generator); the expected counts are summed by
hand here from the records read by pyarrow into pandas, not computed by ``aggregate``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import outcomeframe as of
from outcomeframe._cli_aggregate import progress
from outcomeframe.cli import main
from outcomeframe.records import write_synthetic_births

AREAS = ["E06000008", "E08000009"]

PLAN = textwrap.dedent(
    """\
    outcomeframe: 1
    title: Births (synthetic records)
    area: {code: E08000009, name: Trafford}
    elements:
      visions:
        - id: vision
          title: Every baby has a healthy start
      outcomes:
        - id: healthy-birthweight
          title: More babies are born at a healthy weight
          serves: [vision]
      indicators:
        - id: low-birth-weight
          title: Low birth weight of term babies
          measures: [healthy-birthweight]
          measure: proportion
          unit: percent
          polarity: lower_is_better
          records:
            numerator: birthweight_g < 2500
            denominator: gestation_weeks >= 37 and birthweight_g < 9000
        - id: no-records
          title: An indicator counted elsewhere
          measures: [healthy-birthweight]
          measure: proportion
          unit: percent
          polarity: higher_is_better
    """
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    records = write_synthetic_births(
        tmp_path / "births.parquet", 5_000, seed=3, areas=AREAS, defects=0.02, chunk_rows=2_000
    )
    return plan, records


def _by_hand(records: Path) -> tuple[pd.DataFrame, int, int]:
    """The plan's counts summed here from the records: per area and year; outside; rejected.

    Denominator ``gestation_weeks >= 37 and birthweight_g < 9000``, numerator
    ``birthweight_g < 2500``; a record is outside when the denominator is certainly false
    (a missing weight does not matter then), placed when it holds and the area is given.
    """
    births = pq.read_table(records).to_pandas(date_as_object=False)
    weeks, weight = births["gestation_weeks"], births["birthweight_g"]
    outside = (weeks < 37) | (weight >= 9000)
    area = births["area_code"].astype("object")
    given = area.notna() & (area.astype("str").str.strip() != "")
    placed = (weeks >= 37) & (weight < 9000) & given & births["year"].notna()
    use = births[placed].assign(low=(weight[placed] < 2500).astype("int64"), one=1)
    use = use.astype({"area_code": "str"})
    summed = use.groupby(["area_code", "year"], as_index=False)[["low", "one"]].sum()
    summed = summed.rename(columns={"year": "period", "low": "count", "one": "denominator"})
    summed["period"] = summed["period"].astype("str")
    n_outside = int(outside.sum())
    return summed, n_outside, len(births) - int(placed.sum()) - n_outside


@pytest.mark.parametrize("engine", ["pandas", "polars", "duckdb"])
def test_the_observation_csv_holds_the_counts_summed_by_hand(
    engine: str, files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, records = files
    out, rejected = tmp_path / "observations.csv", tmp_path / "rejected.csv"
    argv = ["aggregate", str(plan), "--records", str(records), "--engine", engine]
    assert main([*argv, "-o", str(out), "--rejected", str(rejected)]) == 0
    printed = capsys.readouterr()
    assert printed.err == "", "no progress when standard error is not a terminal"
    want, outside, n_rejected = _by_hand(records)
    placed = int(want["denominator"].sum())
    assert n_rejected > 0
    assert outside > 0
    assert (
        f"low-birth-weight: 5,000 records, {placed:,} counted, {outside:,} outside the "
        f"denominator, {n_rejected:,} rejected"
    ) in printed.out
    assert f"wrote {out} ({len(want):,} observations)" in printed.out
    written = of.read_observations(out).data
    assert set(written["indicator"]) == {"low-birth-weight"}
    assert set(written["source"]) == {"synthetic: births.parquet"}, "the Parquet note"
    cols = ["area_code", "period", "count", "denominator"]
    got = written[cols].astype({"area_code": "str", "period": "str"})
    got = got.sort_values(cols[:2]).reset_index(drop=True)
    want = want[cols].sort_values(cols[:2]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    rows = pd.read_csv(rejected)
    assert int(rows["records"].sum()) == n_rejected


def test_the_written_observations_make_a_dashboard(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    plan, records = files
    out, page = tmp_path / "observations.csv", tmp_path / "dashboard.html"
    argv = ["aggregate", str(plan), "--records", str(records), "-o", str(out), "--quiet"]
    assert main(argv) == 0
    assert main(["report", str(plan), "--data", str(out), "-o", str(page)]) == 0
    assert "Low birth weight of term babies" in page.read_text(encoding="utf-8")


def test_errors_name_what_is_wrong(
    files: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, records = files
    out = str(tmp_path / "o.csv")
    assert (
        main(["aggregate", str(plan), "--records", str(tmp_path / "none.parquet"), "-o", out]) == 2
    )
    assert "none.parquet: no such file or directory" in capsys.readouterr().err
    no_records = tmp_path / "plain.yaml"
    block = "      records:\n        numerator: birthweight_g < 2500\n"
    block += "        denominator: gestation_weeks >= 37 and birthweight_g < 9000\n"
    assert block in PLAN
    no_records.write_text(PLAN.replace(block, ""), encoding="utf-8")
    assert main(["aggregate", str(no_records), "--records", str(records), "-o", out]) == 2
    assert "no indicator declares 'records'" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "duckdb", None)
    argv = ["aggregate", str(plan), "--records", str(records), "--engine", "duckdb", "-o", out]
    assert main(argv) == 2
    assert "DuckDB is not installed: install it with pip install 'outcomeframe[duckdb]'" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        main(["aggregate", str(plan), "--records", str(records), "--engine", "sqlite", "-o", out])
    assert "invalid choice: 'sqlite'" in capsys.readouterr().err
    monkeypatch.undo()  # DuckDB importable again
    header = b"area_code,year,birthweight_g,gestation_weeks\n"
    bad = {
        "corrupt.parquet": (b"PAR1 not Parquet", "not a readable Parquet file ("),
        "empty.csv": (b"", "the CSV file is empty"),
        "binary.csv": (b"\x89PNG\r\n\x1a\n" + bytes(range(128, 256)), "line 1: not a CSV file"),
        "quote.csv": (header + b'E1,2023,"2400,39\nE1,2023,3000,40\n', "well-formed CSV"),
    }
    for name, (content, _) in bad.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "empty_folder").mkdir()
    bad["empty_folder"] = (b"", "the folder holds no .parquet files")
    polars_said = {"corrupt.parquet": "the records could not be read (", "quote.csv": "could not"}
    for engine in ("pandas", "polars", "duckdb"):
        for name, (_, said) in bad.items():
            argv = ["aggregate", str(plan), "--records", str(tmp_path / name), "-o", out]
            assert main([*argv, "--engine", engine]) == 2, (engine, name)
            err = capsys.readouterr().err
            assert f"{tmp_path / name}" in err, (engine, name, err)
            assert (polars_said.get(name, said) if engine == "polars" else said) in err
            assert "Traceback" not in err
            assert len(err.strip().splitlines()) == 1, err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_shows_the_seconds_then_clears_the_line() -> None:
    stream = _Terminal()
    with progress("polars", "births.parquet", stream=stream):
        time.sleep(0.5)
    text = stream.getvalue()
    assert "\rcounting births.parquet on polars: 0 s" in text
    assert text.endswith("\r\033[K")
    quiet = _Terminal()
    with progress("polars", "births.parquet", stream=quiet, enabled=False):
        pass
    assert quiet.getvalue() == ""


def test_progress_on_duckdb_turns_on_duckdbs_own_bar() -> None:
    import duckdb  # noqa: PLC0415

    duckdb.execute("SET enable_progress_bar = false")
    with progress("duckdb", "x", stream=_Terminal()):
        shown = duckdb.sql("select current_setting('enable_progress_bar')").fetchall()
    assert shown == [(True,)]
    after = duckdb.sql("select current_setting('enable_progress_bar')").fetchall()
    assert after == [(False,)], "the shared default connection is left as it was"


@pytest.mark.dask
def test_progress_on_dask_is_dasks_own_bar(dask_scheduler: None) -> None:
    import dask.dataframe as dd  # noqa: PLC0415 - for Dask tests only

    stream = _Terminal()
    frame = dd.from_pandas(pd.DataFrame({"x": range(10)}), npartitions=2)
    with progress("dask", "x", stream=stream, enabled=True):
        frame["x"].sum().compute()
    assert stream.getvalue() == "", "Dask's bar shows only after a second of work"


def test_aggregate_help_loads_no_engine_nor_pandas() -> None:
    code = textwrap.dedent(
        """\
        import contextlib, io, json, sys
        from outcomeframe.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main(["aggregate", "--help"])
            except SystemExit:
                pass
        heavy = ("pandas", "numpy", "narwhals", "polars", "duckdb", "dask", "pyspark", "pyarrow")
        print(json.dumps([m for m in heavy if m in sys.modules]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []
