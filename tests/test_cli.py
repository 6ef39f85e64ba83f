"""The console script: every command, its errors and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.cli import main
from tests.report.conftest import assessed


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    for name in of.examples.names():
        assert name in out
        assert of.examples.load(name).title in out


def test_list_counts_are_those_of_the_built_frameworks(capsys):
    """``list`` reads each plan without building it: its figures are the built plan's."""
    _, out, _ = run(capsys, "list")
    expected = []
    for name in of.examples.names():
        fw = of.examples.load(name)
        counts = fw.counts()
        expected.append(
            f"{name:<12} {fw.title}  ({counts['priority']} priorities, "
            f"{counts['outcome']} outcomes, {counts['indicator']} indicators)"
        )
    assert out.splitlines() == expected


def test_show_prints_an_indented_tree(capsys):
    code, out, _ = run(capsys, "show", "lancashire")
    assert code == 0
    fw = of.examples.load("lancashire")
    assert out.startswith(fw.title)
    assert "vision: Children, young people and their families" in out
    assert "  priority: Best start in life [best-start-in-life]" in out
    for element in fw.elements():
        assert f"[{element.id}]" in out
    code, shallow, _ = run(capsys, "show", "lancashire", "--depth", "1")
    assert "objective:" not in shallow


def test_validate_good_and_bad(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(of.examples.path("trafford")))
    assert code == 0
    assert out.startswith("valid:")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        of.examples.path("lancashire")
        .read_text(encoding="utf-8")
        .replace("polarity: lower_is_better", "polarity: sideways", 1)
        .replace("serves: [vision]", "serves: [nowhere]", 1),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert "sideways" in err
    assert out == ""


def test_validate_reports_every_problem(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "outcomeframe: 1\ntitle: T\nelements:\n"
        "  visions: [{id: v, title: V}]\n"
        "  priorities: [{id: p, title: P, serves: [ghost]}, {id: q, title: Q, serves: [ghost2]}]\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert "ghost" in err
    assert "ghost2" in err


@pytest.mark.parametrize("fmt", ["graphml", "node-link", "json", "yaml"])
def test_export(capsys, tmp_path, fmt):
    suffix = {"graphml": ".graphml", "node-link": ".json", "json": ".json", "yaml": ".yaml"}[fmt]
    target = tmp_path / f"plan{suffix}"
    code, out, _ = run(capsys, "export", "trafford", "--format", fmt, "-o", str(target))
    assert code == 0
    assert str(target) in out
    fw = of.examples.load("trafford")
    if fmt == "graphml":
        assert set(nx.read_graphml(target).nodes) == set(fw.graph.nodes)
    elif fmt == "node-link":
        data = json.loads(target.read_text(encoding="utf-8"))
        assert len(data["nodes"]) == len(fw)
    else:
        assert of.load(target) == fw


def test_export_refuses_wrong_suffix(capsys, tmp_path):
    code, _, err = run(
        capsys, "export", "trafford", "--format", "yaml", "-o", str(tmp_path / "x.txt")
    )
    assert code == 2
    assert ".yaml" in err


def test_unknown_plan_or_missing_file(capsys):
    code, _, err = run(capsys, "show", "narnia")
    assert code == 2
    assert "narnia" in err
    assert "lancashire" in err


def test_assess_shipped_plan(capsys, tmp_path):
    out_csv = tmp_path / "table.csv"
    code, out, _ = run(capsys, "assess", "lancashire", "--csv", str(out_csv))
    assert code == 0
    table = assessed("lancashire").table  # the plan assessed in process on the same data
    mine = table.loc[(table["area_code"] == "E10000017") & table["headline"]]
    for title in mine["title"].astype(str):
        assert title[:50] in out
    assert "Decreasing and getting better" in out
    assert "with no data for Lancashire" in out
    written = pd.read_csv(out_csv)
    assert len(written) == len(table)


def test_assess_with_a_fingertips_file(capsys, tmp_path):
    source = tmp_path / "export.csv"
    of.write_fingertips(of.examples.data("lancashire"), source)
    code, out, _ = run(capsys, "assess", "lancashire", "--data", str(source), "--area", "all")
    assert code == 0
    assert "Smoking status at time of delivery" in out


def test_assess_needs_data_for_a_file(capsys):
    code, _, err = run(capsys, "assess", str(of.examples.path("lancashire")))
    assert code == 2
    assert "--data" in err


def test_bad_data_file_is_a_clear_error(capsys, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02 not a csv")
    code, _, err = run(capsys, "assess", "lancashire", "--data", str(junk))
    assert code == 2
    assert "junk.csv" in err
    assert "Traceback" not in err


def test_help_for_every_command():
    for command in ["list", "show", "validate", "export", "assess"]:
        result = subprocess.run(
            [sys.executable, "-m", "outcomeframe.cli", command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "usage: outcomeframe" in result.stdout


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"outcomeframe {of.__version__}"


NEXT = Path(__file__).parent / "data" / "fingertipsnext"


def _export_args(*more: str) -> list[str]:
    return [
        "--fingertips",
        str(NEXT / "healthdata.csv"),
        "--metadata",
        str(NEXT / "indicators.csv"),
        "--areas",
        str(NEXT / "areas.json"),
        *more,
    ]


def test_assess_a_whole_fingertips_export_without_a_framework(capsys, tmp_path):
    rejected = tmp_path / "rejected.csv"
    code, out, err = run(
        capsys, "assess", *_export_args("--area", "E08000009", "--rejected", str(rejected))
    )
    assert code == 0, err
    assert "Trafford compared with England" in out
    assert "Smokers at time of childbirth delivery" in out
    assert "E08000009 " not in out.split("\n", 1)[1]  # names, not codes, in the table
    # a summary of the rows set aside, not one line per row
    assert "of 20,825 input rows set aside" in err
    assert len(err.splitlines()) < 25
    written = pd.read_csv(rejected)
    raw = pd.read_csv(NEXT / "healthdata.csv", dtype=str, keep_default_na=False)
    assert len(written) >= int(raw.duplicated().sum())
    assert written["reason"].notna().all()


def test_strict_fails_on_rows_set_aside(capsys):
    code, _, err = run(capsys, "assess", *_export_args("--area", "E08000009", "--strict"))
    assert code == 2
    assert "--strict" in err


def test_report_of_a_whole_fingertips_export(capsys, tmp_path):
    page = tmp_path / "trafford.html"
    code, _, err = run(capsys, "report", *_export_args("--area", "E08000009", "-o", str(page)))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Trafford" in html
    assert "Smokers at time of childbirth delivery" in html


def test_period_type_option(capsys):
    code, _, err = run(
        capsys, "assess", *_export_args("--area", "E08000009", "--period-type", "92026=academic:5")
    )
    assert code == 0, err
    assert "no period type in the metadata for indicator 92026" not in err
    code, _, err = run(capsys, "assess", *_export_args("--period-type", "92026"))
    assert code == 2
    assert "ID=TYPE" in err


def test_a_plan_file_with_a_whole_export_reads_pooled_periods(capsys):
    plan = of.examples.path("lancashire")
    code, out, err = run(capsys, "assess", str(plan), "--data", str(NEXT / "healthdata.csv"))
    assert code == 0, err
    # period_type: academic with period_years: 5 in the plan gives the pooled label
    assert "2019/20 - 23/24" in out
    assert "no period type" not in err
    assert "is not among the indicators asked for" in err  # the plan's other indicators


@pytest.mark.parametrize("packing", ["gzip", "zip", "mac-zip", "sep-line", "utf-16"])
def test_data_a_fingertips_export_is_told_apart_as_downloaded(capsys, tmp_path, packing):
    """--data tells a Fingertips export from a tidy CSV by its header, also inside a
    compressed file and after Excel's "sep=," line."""
    import gzip  # noqa: PLC0415 - for this test only
    import zipfile  # noqa: PLC0415

    data = (NEXT / "healthdata.csv").read_bytes()
    path = tmp_path / "download"
    if packing == "gzip":
        path.write_bytes(gzip.compress(data, mtime=0))
    elif packing in ("zip", "mac-zip"):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            if packing == "mac-zip":  # a Mac's resource file first, as Finder zips
                archive.writestr("__MACOSX/._healthdata.csv", b"\x00\x05\x16\x07")
            archive.writestr("healthdata.csv", data)
    elif packing == "utf-16":
        path.write_bytes(data.decode("utf-8-sig").encode("utf-16"))
    else:
        path.write_bytes(b"sep=,\n" + data.removeprefix(b"\xef\xbb\xbf"))
    plan = of.examples.path("lancashire")
    code, out, err = run(capsys, "assess", str(plan), "--data", str(path))
    assert code == 0, err
    assert "2019/20 - 23/24" in out  # read as the FingertipsNext export it is
    assert "is not among the indicators asked for" in err


def test_node_link_export_into_a_missing_folder_is_named(capsys, tmp_path):
    code, _, err = run(
        capsys, "export", "trafford", "--format", "node-link", "-o", str(tmp_path / "no" / "x.json")
    )
    assert code == 2
    assert "does not exist" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--period-type", "abc"], "expected ID=TYPE"),
        (["--period-type", "93085=weekly"], "'weekly' is not one of"),
        (["--period-type", "93085=calendar:-3"], "YEARS must be a whole number"),
        (["--csv", "{tmp}/no/such/a.csv"], "--csv"),
        (["--csv", "{tmp}"], "is a folder"),
        (["--rejected", "{tmp}/no/such/r.csv"], "--rejected"),
        (["--area", "ZZZ"], "--area ZZZ: no observation"),
        (["--benchmark", "ZZZ"], "--benchmark ZZZ: no observation"),
    ],
)
def test_bad_assess_options_are_named(capsys, tmp_path, args, words):
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _, err = run(capsys, "assess", "trafford", *filled)
    assert code == 2
    assert words in err


def test_report_output_folder_is_checked_first(capsys, tmp_path):
    code, _, err = run(capsys, "report", "trafford", "-o", str(tmp_path / "no" / "x.html"))
    assert code == 2
    assert "the folder" in err


def test_rejected_file_is_written_even_when_empty(capsys, tmp_path):
    out = tmp_path / "rejected.csv"
    code, _, _ = run(capsys, "assess", "trafford", "--rejected", str(out))
    assert code == 0
    assert out.is_file()
    assert pd.read_csv(out).empty


def test_validate_prints_each_problem_once_with_its_line(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "outcomeframe: 1\ntitle: T\nelements:\n"
        "  visions: [{id: v, title: V}]\n"
        "  priorities:\n"
        "    - {id: p, title: P, serves: [ghost]}\n"  # line 6
        "    - {id: q, title: Q, serves: [spectre]}\n",  # line 7
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"invalid: {bad} has 2 problem(s):"
    assert lines[1:] == [
        "  - p: line 6: serves 'ghost', which is not defined [dangling-reference]",
        "  - q: line 7: serves 'spectre', which is not defined [dangling-reference]",
    ]


def test_validate_prints_a_repeated_problem_once(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "outcomeframe: 1\ntitle: T\nelements:\n"
        "  visions: [{id: v, title: V}]\n"
        "  priorities: [{id: p, title: P, serves: [ghost, ghost]}]\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert err.count("serves 'ghost', which is not defined") == 1
    assert "has 2 problem(s)" in err  # the repeated id, and the missing element, once each
    assert len(err.splitlines()) == 3


def test_validate_prints_a_reading_warning_on_one_line(capsys, tmp_path):
    long = tmp_path / "long.yaml"
    long.write_text(
        "outcomeframe: 1\ntitle: T\nelements:\n"
        f"  visions: [{{id: v, title: V, description: {'x' * 20_000}}}]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(long))
    assert code == 0
    assert out.startswith("valid: T")
    assert err.count("text cut to") == 1
    assert err.startswith("outcomeframe: warning: ")
    assert "line 4" in err
    assert "return load(path)" not in err  # Python's echo of the source line is gone
