"""The console script given hostile input: paths that clash, control characters, bad options.

Each command must refuse, before any work, an output on the same file as an input or as
another output; print the library's warnings as one ``outcomeframe: warning:`` line each;
print nothing from a file as a terminal control sequence; and name the option and file
in each error, with exit status 2 and no traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe._cli_data import period_types
from outcomeframe.cli import main

ESC = "\x1b"
#: The vision of Trafford's plan, which has the plan's title.
VISION = "id: vision\n      title: Trafford 0-5 Year Olds Strategic Plan"
#: The same with a title cut (with a warning) when the file is read.
LONG_VISION = "id: vision\n      title: " + "x" * 5_000


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def command(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m outcomeframe ARGS`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "outcomeframe", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(of.__file__).parents[1])},
        timeout=300,
    )


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """Trafford's framework file, copied."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(of.examples.path("trafford").read_bytes())
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Trafford's shipped data as a Fingertips export."""
    path = tmp_path / "data.csv"
    of.write_fingertips(of.examples.data("trafford"), path)
    return path


def _plan_with(tmp_path: Path, old: str, new: str, name: str = "changed.yaml") -> Path:
    """Trafford's framework file with ``old`` replaced by ``new`` once."""
    text = of.examples.path("trafford").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- python -m


def test_python_m_outcomeframe_runs_the_console_script(tmp_path: Path) -> None:
    done = command("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"outcomeframe {of.__version__}"
    done = command("validate", "nowhere.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("outcomeframe: error: 'nowhere.yaml' is neither")
    assert "usage: outcomeframe" in command("--help").stdout
    # and ``import outcomeframe`` alone imports no part of the command line
    code = "import sys, outcomeframe\nprint(sorted(m for m in sys.modules if 'cli' in m))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


# --------------------------------------------------------------------------- same paths


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before, f"{path.name} was overwritten"


def test_report_refuses_to_write_over_its_framework(capsys, plan, data) -> None:
    before = plan.read_bytes()
    code, _, err = run(capsys, "report", str(plan), "--data", str(data), "-o", str(plan))
    assert code == 2
    assert f"-o {plan}: is the same file as the framework {plan}" in err
    _unchanged(plan, before)


@pytest.mark.parametrize(
    ("command_line", "option"),
    [
        (["report", "{plan}", "--data", "{data}", "-o", "{data}"], "-o"),
        (["report", "{plan}", "--data", "{data}", "-o", "{tmp}/p.html", "--rejected", "{data}"], "--rejected"),
        (["assess", "{plan}", "--data", "{data}", "--csv", "{data}"], "--csv"),
        (["assess", "{plan}", "--data", "{data}", "--rejected", "{data}"], "--rejected"),
        (["assess", "{plan}", "--fingertips", "{data}", "--csv", "{data}"], "--csv"),
        (["assess", "{plan}", "--data", "{data}", "--areas", "{tmp}/a.csv", "--csv", "{tmp}/a.csv"], "--csv"),
    ],
)  # fmt: skip
def test_an_output_on_an_input_data_file_is_refused(
    capsys, tmp_path, plan, data, command_line, option
) -> None:
    (tmp_path / "a.csv").write_text("code,name\nE08000009,Trafford\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (data, tmp_path / "a.csv")}
    filled = [a.format(plan=plan, data=data, tmp=tmp_path) if "{" in a else a for a in command_line]
    code, _, err = run(capsys, *filled)
    assert code == 2
    assert err.startswith(f"outcomeframe: error: {option} ")
    assert "is the same file as --" in err
    for path, content in before.items():
        _unchanged(path, content)
    assert not (tmp_path / "p.html").exists()  # refused before any work


def test_the_same_file_by_another_name_is_refused(capsys, tmp_path, plan, data) -> None:
    """A symbolic link, a hard link, or a path spelt otherwise: one file all the same."""
    before = data.read_bytes()
    (tmp_path / "sub").mkdir()
    names = [str(tmp_path / "sub" / ".." / "data.csv")]
    try:
        (tmp_path / "soft.csv").symlink_to(data)
        os.link(data, tmp_path / "hard.csv")
        names += [str(tmp_path / "soft.csv"), str(tmp_path / "hard.csv")]
    except (OSError, NotImplementedError):  # no links here (Windows without the right)
        pass
    for name in names:
        code, _, err = run(capsys, "assess", str(plan), "--data", str(data), "--csv", name)
        assert code == 2, name
        assert "is the same file as --data" in err
    _unchanged(data, before)


def test_export_refuses_to_write_over_its_framework(capsys, plan) -> None:
    before = plan.read_bytes()
    for fmt in ("graphml", "yaml"):
        code, _, err = run(capsys, "export", str(plan), "--format", fmt, "-o", str(plan))
        assert code == 2
        assert "is the same file as the framework" in err
    _unchanged(plan, before)


@pytest.mark.parametrize(
    "command_line",
    [
        ["report", "trafford", "-o", "{tmp}/x.csv", "--rejected", "{tmp}/./x.csv"],
        ["assess", "trafford", "--csv", "{tmp}/x.csv", "--rejected", "{tmp}/x.csv"],
    ],
)
def test_two_outputs_on_one_file_are_refused(capsys, tmp_path, command_line) -> None:
    filled = [a.format(tmp=tmp_path) if "{" in a else a for a in command_line]
    code, _, err = run(capsys, *filled)
    assert code == 2
    assert "are the same file: give each its own file" in err
    assert not (tmp_path / "x.csv").exists()
    if Path("/dev/null").exists():  # a device, not a file: it may take both
        devices = [a if not a.endswith("x.csv") else "/dev/null" for a in filled]
        code, _, err = run(capsys, *devices)
        assert code == 0, err


def test_aggregate_refuses_to_write_over_its_records(capsys, tmp_path) -> None:
    pytest.importorskip("pyarrow")
    from tests.records.test_cli_aggregate import PLAN  # noqa: PLC0415

    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    from outcomeframe.records import write_synthetic_births  # noqa: PLC0415

    records = write_synthetic_births(tmp_path / "births.parquet", 200, seed=1)
    before = records.read_bytes()
    code, _, err = run(
        capsys, "aggregate", str(plan), "--records", str(records), "-o", str(records)
    )
    assert code == 2
    assert f"-o {records}: is the same file as --records" in err
    _unchanged(records, before)
    out = tmp_path / "obs.csv"
    args = ["aggregate", str(plan), "--records", str(records), "-o", str(out)]
    code, _, err = run(capsys, *args, "--rejected", str(out))
    assert code == 2
    assert "are the same file" in err
    code, _, err = run(capsys, *args, "--rejected", str(plan), "--quiet")
    assert code == 2
    assert "is the same file as the framework" in err


# --------------------------------------------------------------------------- warnings


def test_every_command_prints_a_warning_on_one_line(capsys, tmp_path) -> None:
    """Reading a long title warns; each command prints it once, in the CLI's own format."""
    long = _plan_with(tmp_path, VISION, LONG_VISION)
    page, graph = tmp_path / "page.html", tmp_path / "plan.graphml"
    for argv in (
        ["show", str(long), "--depth", "0"],
        ["export", str(long), "--format", "graphml", "-o", str(graph)],
        ["report", str(long), "-o", str(page)],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, err
        lines = [line for line in err.splitlines() if "text cut to" in line]
        assert len(lines) == 1, err
        assert lines[0].startswith("outcomeframe: warning: ")
        assert "OutcomeFrameWarning" not in err


def test_a_warning_is_printed_when_the_command_then_fails(capsys, tmp_path, data) -> None:
    long = _plan_with(tmp_path, VISION, LONG_VISION)
    code, _, err = run(capsys, "assess", str(long), "--data", str(data), "--area", "ZZZ")
    assert code == 2
    assert err.startswith("outcomeframe: warning: ")
    assert "text cut to" in err
    assert (
        err.splitlines()[-1]
        == "outcomeframe: error: --area ZZZ: no observation for this area in the data"
    )


def test_warnings_in_a_fresh_interpreter_are_not_pythons(tmp_path) -> None:
    """Outside the test suite's warning filters: no file name, line and source echo."""
    long = _plan_with(tmp_path, VISION, LONG_VISION)
    done = command("report", str(long), "-o", str(tmp_path / "page.html"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("outcomeframe: warning: ")
    assert "OutcomeFrameWarning" not in done.stderr
    assert ".py:" not in done.stderr


def test_validate_counts_the_warnings_it_prints(capsys, tmp_path) -> None:
    long = _plan_with(tmp_path, VISION, LONG_VISION)
    _, _, err = run(capsys, "validate", "trafford")
    rules = err.count("outcomeframe: warning: ")  # the plan's own warnings (of its rules)
    code, out, err = run(capsys, "validate", str(long))
    assert code == 0
    assert err.count("outcomeframe: warning: ") == rules + 1
    assert out.endswith(f" elements, {rules + 1} warning(s))\n")


# --------------------------------------------------------------------------- escapes


def test_printable_escapes_every_control_character() -> None:
    from outcomeframe._cli_common import printable  # noqa: PLC0415 - the helper under test

    controls = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x202E]]
    shown = printable("".join(c for c in controls if c != "\t"))
    assert shown.isprintable()
    assert shown == "".join(ascii(c)[1:-1] for c in controls if c != "\t")
    assert printable("tab\tkept; Ünïcödé, 😀 kept") == "tab\tkept; Ünïcödé, 😀 kept"
    assert printable("a\nb", lines=True) == "a\nb"
    assert printable(printable("\x1b[2J")) == "\\x1b[2J"  # twice is once


def test_validate_prints_an_id_with_escapes_on_one_line(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "outcomeframe: 1\ntitle: t\nelements:\n  visions:\n"
        '    - id: "x\\e[31mRED\\e[0m\\nFAKE: line 1: forged problem"\n      title: V\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert ESC not in err
    lines = err.splitlines()
    assert len(lines) == 2, err  # the heading and the one problem
    assert lines[1].startswith("  - x\\x1b[31mRED\\x1b[0m\\nFAKE: line 1: forged problem")


def test_titles_with_escapes_are_printed_escaped(capsys, tmp_path, data) -> None:
    text = of.examples.path("trafford").read_text(encoding="utf-8")
    for old, new in [
        (
            "title: Trafford 0-5 Year Olds Strategic Plan\norg",
            'title: "T\\e]0;pwned\\a\\e[2J"\norg',
        ),
        (VISION, 'id: vision\n      title: "line1\\nFAKE: line 99 [rule]"'),
        ("title: Children with SEN support achieving", 'title: "SEN\\e[5m blink"\n      #'),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "escapes.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "show", str(path), "--depth", "0")
    assert code == 0, err
    assert ESC not in out
    assert out.splitlines()[0] == "T\\x1b]0;pwned\\x07\\x1b[2J"
    assert "vision: line1\\nFAKE: line 99 [rule] [vision]" in out.splitlines()
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0, err
    assert out.startswith("valid: T\\x1b]0;pwned\\x07\\x1b[2J (")
    code, out, err = run(capsys, "assess", str(path), "--data", str(data))
    assert code == 0, err
    assert ESC not in out + err
    assert "SEN\\x1b[5m blink" in out
    assert out.startswith("T\\x1b]0;pwned\\x07\\x1b[2J: Trafford compared with England")


def test_an_error_naming_a_title_is_printed_escaped(capsys, tmp_path, data) -> None:
    plan = _plan_with(
        tmp_path,
        "title: Trafford 0-5 Year Olds Strategic Plan\norganisation: Trafford Council\n"
        "area: {code: E08000009, name: Trafford}\n",
        'title: "T\\e[2J\\nFAKE"\n',
    )
    code, _, err = run(capsys, "report", str(plan), "--data", str(data), "-o", str(tmp_path / "x"))
    assert code == 2
    assert (
        err == "outcomeframe: error: T\\x1b[2J\\nFAKE: the plan names no area; give --area CODE\n"
    )


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("93085=financial:99999999999999999999999", "YEARS (the years each period pools) must be from 1 to 100, got 99999999999999999999999"),
        ("93085=calendar:100000", "must be from 1 to 100, got 100000"),
        ("93085=calendar:0", "must be from 1 to 100, got 0"),
        ("93085=calendar:1.5", "YEARS must be a whole number of years, from 1 to 100, got '1.5'"),
        ("93085=calendar:", "YEARS must be a whole number of years, from 1 to 100, got ''"),
        ("abc=financial", "ID must be a Fingertips indicator ID, a whole number from 1 to"),
        ("1e400=financial", "got '1e400'"),
        ("99999999999999999999999=financial", "got '99999999999999999999999'"),
        ("0=financial", "got '0'"),
        ("93085=Financial multi-year", "pools several years: say how many, as ID=TYPE:YEARS"),
    ],
)  # fmt: skip
def test_a_period_type_that_cannot_be_used_is_refused(capsys, item, words) -> None:
    code, _, err = run(capsys, "assess", "trafford", "--period-type", item)
    assert code == 2
    assert err.startswith(f"outcomeframe: error: --period-type {item!r}: ")
    assert words in err


def test_a_period_type_given_twice_is_refused_and_100_years_taken(capsys) -> None:
    code, _, err = run(
        capsys,
        "assess",
        "trafford",
        "--period-type",
        "93085=financial",
        "--period-type",
        "093085=calendar",
    )
    assert code == 2
    assert "indicator 93085 is already given as '93085=financial'" in err
    given = argparse.Namespace(period_type=["93085=Financial multi-year:100"])
    assert period_types(given, None) == {"93085": ("Financial multi-year", 100)}


@pytest.mark.parametrize(
    ("options", "unused"),
    [
        (["--period-type", "93085=financial"], "--period-type would not be used"),
        (["--metadata", "{meta}"], "--metadata would not be used"),
        (["--metadata", "{meta}", "--period-type", "93085=financial"], "--metadata and --period-type"),
    ],
    ids=["--period-type", "--metadata", "both"],
)
@pytest.mark.parametrize("data", ["shipped", "tidy"])
def test_options_only_a_fingertips_export_uses_are_refused_without_one(
    capsys, tmp_path, options, unused, data
) -> None:
    """They were taken and did nothing: the shipped data and a tidy CSV are read as they are."""
    meta = Path(of.examples.data_path("fingertips/indicators.csv"))
    argv = ["assess", "trafford", *(o.format(meta=meta) for o in options)]
    if data == "tidy":
        tidy = tmp_path / "tidy.csv"
        of.examples.data("trafford").to_csv(tidy, index=False)
        argv += ["--data", str(tidy)]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert unused in err
    assert ("the shipped data of trafford" if data == "shipped" else "a tidy observation CSV") in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "trafford", "-o", ""], "-o: the file name is empty"),
        (["assess", "trafford", "--csv", ""], "--csv: the file name is empty"),
        (["assess", "trafford", "--rejected", ""], "--rejected: the file name is empty"),
        (["export", "trafford", "--format", "yaml", "-o", ""], "-o: the file name is empty"),
        (["report", "trafford", "--data", "", "-o", "{tmp}/x.html"], "--data: the file name is empty"),
        (["assess", "trafford", "--metadata", ""], "--metadata: the file name is empty"),
        (["assess", "", "--data", "x.csv"], "the framework: the name is empty"),
        (["show", ""], "the framework: the name is empty"),
        (
            ["assess", "trafford", "--fingertips", "{tmp}/a.csv", "--data", "{tmp}/b.csv"],
            "--fingertips {tmp}/a.csv and --data {tmp}/b.csv both name the observations",
        ),
        (["assess", "--fingertips", "{tmp}/a.csv"], "--fingertips without a framework needs --metadata"),
    ],
)  # fmt: skip
def test_options_that_cannot_be_used_are_named(capsys, tmp_path, argv, words) -> None:
    filled = [a.format(tmp=tmp_path) if "{" in a else a for a in argv]
    code, _, err = run(capsys, *filled)
    assert code == 2
    assert err.startswith(f"outcomeframe: error: {words.format(tmp=tmp_path)}")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["report", "trafford", "-o", "/proc/x.html"], "-o"),
        (["report", "{plan}", "-o", "/proc/x.html"], "-o"),  # the plan-only page
        (["assess", "trafford", "--csv", "/proc/x.csv"], "--csv"),
        (["assess", "trafford", "--rejected", "/proc/x.csv"], "--rejected"),
        (["export", "trafford", "--format", "graphml", "-o", "/proc/x.graphml"], "-o"),
        (["export", "trafford", "--format", "yaml", "-o", "/proc/x.yaml"], "-o"),
        (["aggregate", "trafford", "--records", "{plan}", "-o", "/proc/x.csv"], "-o"),
        (
            ["aggregate", "trafford", "--records", "{plan}", "-o", "x.csv", "--rejected", "/proc/x.csv"],
            "--rejected",
        ),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_written_names_its_option(
    capsys, monkeypatch, plan, argv, option
) -> None:
    # Refused before the work: the framework is never read.
    def no_work(*args: object) -> None:
        raise AssertionError("the work began before the output was checked")

    for module in ("_cli_assess", "_cli_plan", "_cli_data"):
        monkeypatch.setattr(f"outcomeframe.{module}.framework", no_work)
    filled = [a.format(plan=plan) if "{" in a else a for a in argv]
    code, _, err = run(capsys, *filled)
    assert code == 2
    path = filled[-1]
    assert err.startswith(f"outcomeframe: error: {option} {path}: cannot write the file: ")
    assert "Errno" not in err


def test_checking_an_output_leaves_no_file_and_changes_none(capsys, tmp_path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text("a,b\n1,2\n", encoding="utf-8")
    made = tmp_path / "made.html"
    # --data is refused after the outputs are checked: the command does no work.
    code, _, err = run(
        capsys, "report", "trafford", "--data", str(tmp_path / "none.csv"), "-o", str(made)
    )
    assert code == 2, err
    assert not made.exists()
    code, _, err = run(
        capsys, "assess", "trafford", "--data", str(tmp_path / "none.csv"), "--csv", str(kept)
    )
    assert code == 2, err
    assert kept.read_text(encoding="utf-8") == "a,b\n1,2\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_names_the_file(capsys) -> None:
    code, _, err = run(capsys, "report", "trafford", "-o", "/dev/full")
    assert code == 2
    assert err.startswith("outcomeframe: error: -o /dev/full: cannot write the file: ")
    assert "Errno" not in err


def test_report_says_where_the_area_came_from(capsys, tmp_path, data) -> None:
    plan = _plan_with(tmp_path, "code: E08000009", "code: X00000001")
    code, _, err = run(
        capsys, "report", str(plan), "--data", str(data), "-o", str(tmp_path / "x.html")
    )
    assert code == 2
    assert "--area X00000001" not in err
    assert "the plan's area X00000001 (from the framework, as --area was not given)" in err
    code, _, err = run(
        capsys,
        "report",
        str(plan),
        "--data",
        str(data),
        "--area",
        "X2",
        "-o",
        str(tmp_path / "x.html"),
    )
    assert code == 2
    assert "--area X2: no observation for this area in the data" in err


def test_no_traceback_in_a_fresh_interpreter(tmp_path, plan) -> None:
    for argv in (
        ["report", str(plan), "-o", str(plan)],
        ["assess", "trafford", "--period-type", "1e400=financial"],
        ["report", "trafford", "-o", ""],
    ):
        done = command(*argv)
        assert done.returncode == 2, argv
        assert done.stderr.startswith("outcomeframe: error: ")
        assert "Traceback" not in done.stderr


@pytest.mark.timeout(60)  # a hang guard: a named pipe was opened and waited for a writer
@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{pipe}"],
        ["assess", "lancashire", "--data", "{pipe}"],
        ["assess", "lancashire", "--areas", "{pipe}"],
    ],
    ids=["validate", "--data", "--areas"],
)
def test_a_named_pipe_is_refused_not_waited_on(capsys, tmp_path, argv) -> None:
    pipe = tmp_path / "input.yaml"
    os.mkfifo(pipe)
    code, _, err = run(capsys, *(a.format(pipe=pipe) for a in argv))
    assert code == 2
    assert "input.yaml: not a file: a named pipe" in err


@pytest.mark.parametrize(
    ("argv", "code", "escape"),
    [
        (["show", "trafford"], 0, r"families \u2013 make every contact count"),
        (["assess", "lancashire"], 0, r"communica\u2026"),
        (["validate", "n\u00f6-such-plan.yaml"], 2, r"'n\xf6-such-plan.yaml' is neither"),
    ],
    ids=["show", "assess", "error"],
)
def test_a_terminal_in_ascii_gets_escapes_not_a_crash(monkeypatch, argv, code, escape) -> None:
    """An en dash in the plan raised UnicodeEncodeError where the terminal is ASCII."""
    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="ascii") for name in ("out", "err")}
    monkeypatch.setattr(sys, "stdout", streams["out"])
    monkeypatch.setattr(sys, "stderr", streams["err"])
    assert main(argv) == code
    written = ""
    for stream in streams.values():
        assert stream.errors == "strict"  # as it was before the command
        stream.seek(0)
        written += stream.buffer.read().decode("ascii")
    assert escape in written


def test_an_ascii_terminal_in_a_fresh_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "outcomeframe", "show", "trafford"],
        capture_output=True,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": str(Path(of.__file__).parents[1]),
            "PYTHONIOENCODING": "ascii",
        },
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert rb"families \u2013 make" in done.stdout
