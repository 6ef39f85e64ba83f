"""The documentation: its example file, the examples in its pages, docstrings, the Sphinx build.

The Sphinx build needs the documentation tools, which the ``test`` extra installs
(through the ``docs`` extra).
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe import stats

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MY_STRATEGY = DOCS / "examples" / "my-strategy.yaml"

#: Pages whose code blocks are doctests (``>>>`` prompts with their real output).
#: Every page with ``>>>`` examples; they are run as doctests.
DOCTEST_PAGES = sorted(
    str(page.relative_to(DOCS))
    for page in DOCS.rglob("*.md")
    if "_build" not in page.parts and ">>> " in page.read_text(encoding="utf-8")
)

#: The reference page that documents each public namespace.
REFERENCE_PAGES = {
    "outcomeframe": DOCS / "reference" / "outcomeframe.md",
    "outcomeframe.stats": DOCS / "reference" / "stats.md",
    "outcomeframe.examples": DOCS / "reference" / "examples.md",
    "outcomeframe.report": DOCS / "reference" / "report.md",
}

_EXAMPLES = re.compile(
    r"^Examples\n-{8,}\n(?P<body>.*?)(?=^\S[^\n]*\n-{3,}\n|\Z)", re.MULTILINE | re.DOTALL
)


def _public(module: object) -> list[tuple[str, str]]:
    return [(module.__name__, name) for name in module.__all__]  # type: ignore[attr-defined]


PUBLIC = _public(of) + _public(stats) + _public(of.examples)


# --------------------------------------------------------------------------- example file
def test_my_strategy_loads_and_validates() -> None:
    fw = of.load(MY_STRATEGY)
    assert fw.validate() == []  # no errors (load raises on those) and no warnings
    assert fw.title.endswith("(fictional)")
    assert all(n >= 1 for n in fw.counts().values()), "the example shows every kind"
    assert of.load(MY_STRATEGY) == of.loads(of.dumps(fw))


def test_my_strategy_holds_no_data_values() -> None:
    """Framework files hold definitions: no value, count or denominator columns."""
    data = of.to_dict(of.load(MY_STRATEGY))
    keys = {key for section in data["elements"].values() for item in section for key in item}
    assert not keys & {"value", "values", "count", "data", "observations"}


# --------------------------------------------------------------------------- docstrings
def _attribute_comment(name: str, obj: object) -> str | None:
    """The ``#:`` comment above the assignment of a re-exported constant, if any."""
    for info in pkgutil.walk_packages(of.__path__, "outcomeframe."):
        module = importlib.import_module(info.name)
        if getattr(module, name, None) is not obj:
            continue
        lines = inspect.getsource(module).splitlines()
        for i, line in enumerate(lines):
            if re.match(rf"{re.escape(name)}\s*[:=]", line):
                comment = []
                j = i - 1
                while j >= 0 and lines[j].startswith("#:"):
                    comment.insert(0, lines[j][2:].strip())
                    j -= 1
                if comment:
                    return " ".join(comment)
    return None


@pytest.mark.parametrize(("namespace", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
def test_public_name_is_documented_with_examples(namespace: str, name: str) -> None:
    """Functions, classes and modules: a numpydoc Examples section with a doctest.

    Constants cannot carry a docstring; they need a ``#:`` comment where they are
    defined (Sphinx shows it). ``__version__`` explains itself.
    """
    obj = getattr(importlib.import_module(namespace), name)
    if name == "__version__":
        assert re.fullmatch(r"\d+\.\d+\.\d+\S*", obj)
        return
    if not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj)):
        assert _attribute_comment(name, obj), f"{namespace}.{name}: no '#:' comment"
        return
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{namespace}.{name} has no docstring"
    found = _EXAMPLES.search(doc)
    assert found, f"{namespace}.{name}: the docstring has no Examples section"
    assert ">>>" in found["body"], f"{namespace}.{name}: the Examples section has no example"


@pytest.mark.parametrize(("namespace", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
def test_public_name_is_in_the_reference(namespace: str, name: str) -> None:
    obj = getattr(importlib.import_module(namespace), name)
    if inspect.ismodule(obj):
        assert f".. module:: {obj.__name__}" in REFERENCE_PAGES[obj.__name__].read_text("utf-8")
        return
    page = REFERENCE_PAGES[namespace].read_text("utf-8")
    directive = re.compile(
        rf"^\.\. (auto)?(function|class|exception|data|attribute):: {re.escape(name)}$",
        re.MULTILINE,
    )
    assert directive.search(page), f"{namespace}.{name} is not on {REFERENCE_PAGES[namespace]}"


# --------------------------------------------------------------------------- doctests
#: Pages whose examples run in the reader's own folder (their file, no repository).
READER_PAGES = {"tutorial.md"}


@pytest.mark.parametrize("page", DOCTEST_PAGES)
def test_page_examples(page: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The ``>>>`` examples of a page, run from the repository root (where they say so).

    The tutorial's run in an empty folder holding only the reader's ``my-strategy.yaml``.
    A page's temporary files are removed by the page itself: a reader who runs it keeps none.
    """
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    if page in READER_PAGES:
        (tmp_path / "my-strategy.yaml").write_bytes(MY_STRATEGY.read_bytes())
        monkeypatch.chdir(tmp_path)
    else:
        monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(
        str(DOCS / page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        encoding="utf-8",
        verbose=False,
    )
    assert tried > 0, f"{page} has no examples"
    assert failures == 0, f"{failures} of {tried} examples in {page} failed (output above)"
    assert not any(temporary.iterdir()), f"{page} leaves {sorted(temporary.iterdir())}"


def test_docstring_examples_remove_their_temporary_folders() -> None:
    """A docstring example writes into a ``TemporaryDirectory`` it cleans up, not a
    ``mkdtemp()`` folder that outlives it (on the reader's machine too)."""
    package = ROOT / "src" / "outcomeframe"
    leaving = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if ">>> " in (text := path.read_text(encoding="utf-8")) and "mkdtemp(" in text
    ]
    assert not leaving


def test_every_doctest_page_exists() -> None:
    missing = [p for p in DOCTEST_PAGES if not (DOCS / p).is_file()]
    assert not missing


# --------------------------------------------------------------------------- the site
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # from Sphinx extensions, not ours
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_sphinx_build_has_no_warnings(tmp_path: Path) -> None:
    # In its own process: in this one, coverage would trace every call of Sphinx and
    # docutils too (47 s of CPU against 21 s measured), for no line of ours.
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-q", "docs", str(tmp_path / "html")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "html" / "reference" / "outcomeframe.html").is_file()


def test_import_is_light_and_report_loads_on_use() -> None:
    """``import outcomeframe`` leaves matplotlib and scipy.stats unloaded (about 2 s).

    The report is imported on first use, and its dashboard writes its own SVG: matplotlib
    is loaded only by the functions that return a Figure.
    """
    code = (
        "import sys, outcomeframe as of\n"
        "heavy = [m for m in ('matplotlib', 'scipy.stats') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert of.report.build_dashboard.__module__ == 'outcomeframe.report._dashboard'\n"
        "assert 'outcomeframe.report._dashboard' in sys.modules\n"
        "assert 'matplotlib' not in sys.modules\n"
        "try:\n"
        "    of.no_such_name\n"
        "except AttributeError as err:\n"
        "    assert 'no_such_name' in str(err)\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- console blocks
#: Commands of console blocks that are run (the others, such as nox or pip, are not).
_RUNNABLE = ("outcomeframe ", "python -c ")
#: Pages whose console commands read the whole FingertipsNext export (seconds each).
_SLOW_CONSOLE = {"howto/fingertips.md", "howto/fingertips-profile.md"}
_CONSOLE = re.compile(r"^```console\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _console_commands(text: str) -> list[tuple[str, str]]:
    """The (command, expected output) pairs of a page's runnable console blocks, in order."""
    pairs: list[tuple[str, str]] = []
    for block in _CONSOLE.finditer(text):
        lines = block["body"].splitlines()
        commands: list[list[str]] = []  # [command, output lines...]
        continued = False
        for line in lines:
            if continued:
                commands[-1][0] += " " + line.strip().removesuffix("\\").strip()
                continued = line.endswith("\\")
            elif line.startswith("$ "):
                commands.append([line[2:].removesuffix("\\").strip()])
                continued = line.endswith("\\")
            elif commands:
                commands[-1].append(line)
        if commands and all(c[0].startswith(_RUNNABLE) for c in commands):
            pairs.extend((c[0], "\n".join(c[1:])) for c in commands)
    return pairs


def _console_pages() -> list[object]:
    pages = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]
    params: list[object] = []
    for page in pages:
        if "_build" in page.parts or not _console_commands(page.read_text(encoding="utf-8")):
            continue
        name = str(page.relative_to(DOCS)) if page.is_relative_to(DOCS) else page.name
        marks = [pytest.mark.slow] if name in _SLOW_CONSOLE else []
        params.append(pytest.param(page, id=name, marks=marks))
    return params


def _normalised(text: str) -> str:
    text = _DATE.sub("YYYY-MM-DD", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _reader_folder(folder: Path) -> None:
    """An empty folder as a reader has it: their file, the downloads a page names."""
    (folder / "my-strategy.yaml").write_bytes(MY_STRATEGY.read_bytes())
    export = ROOT / "tests" / "data" / "fingertipsnext"
    for name in ("healthdata.csv", "indicators.csv", "areas.json"):
        (folder / name).symlink_to(export / name)
    (folder / "tests").symlink_to(ROOT / "tests")  # pages about the files in tests/data


@pytest.mark.parametrize("page", _console_pages())
def test_console_blocks_print_what_the_page_shows(page: Path, tmp_path: Path) -> None:
    """Every ``$ outcomeframe ...`` line of a console block is run in a reader's folder.

    Its standard output and error, together as a terminal shows them, must be the
    lines under it in the page; only dates are normalised (paths are relative).
    """
    import os  # noqa: PLC0415

    _reader_folder(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "80"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command, expected in _console_commands(page.read_text(encoding="utf-8")):
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{page.name}: $ {command}\n{done.stdout}"
        assert _normalised(done.stdout) == _normalised(expected), f"{page.name}: $ {command}"


def test_console_commands_are_parsed() -> None:
    text = "```console\n$ outcomeframe a \\\n    --b c\nout 1\n\n$ outcomeframe d\n```\n"
    assert _console_commands(text) == [("outcomeframe a --b c", "out 1\n"), ("outcomeframe d", "")]
    assert _console_commands("```console\n$ nox -s lint\n```\n") == []


# --------------------------------------------------------------------------- the tutorial
_YAML = re.compile(r"^```yaml\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def test_tutorial_file_loads_after_every_step(tmp_path: Path) -> None:
    """Steps 1 to 4 build ``my-strategy.yaml`` piece by piece; each stage loads and validates.

    Step 5 then replaces it with the whole file, which is ``docs/examples/my-strategy.yaml``.
    """
    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    steps = re.split(r"^## ", text, flags=re.MULTILINE)
    pieces = [
        block["body"]
        for step in steps
        if step[:2] in ("1.", "2.", "3.", "4.")
        for block in _YAML.finditer(step)
    ]
    assert len(pieces) == 4, "one YAML block in each of steps 1 to 4"
    path = tmp_path / "my-strategy.yaml"
    built = ""
    for n, piece in enumerate(pieces, start=1):
        built += piece
        path.write_text(built, encoding="utf-8")
        fw = of.load(path)  # raises ValidationError on any error, e.g. a dangling reference
        errors = [p for p in fw.validate() if p.severity == "error"]
        assert not errors, f"after step {n}: {errors}"
    assert "{literalinclude} examples/my-strategy.yaml" in steps[5]
    whole = of.load(MY_STRATEGY)
    assert set(fw.graph) < set(whole.graph), "the steps build part of the whole file"
