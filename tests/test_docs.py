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
@pytest.mark.parametrize("page", DOCTEST_PAGES)
def test_page_examples(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``>>>`` examples of a page, run from the repository root (where they say so)."""
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


def test_every_doctest_page_exists() -> None:
    missing = [p for p in DOCTEST_PAGES if not (DOCS / p).is_file()]
    assert not missing


# --------------------------------------------------------------------------- the site
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # from Sphinx extensions, not ours
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_sphinx_build_has_no_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx.cmd.build import build_main  # noqa: PLC0415

    monkeypatch.chdir(ROOT)
    status = build_main(["-W", "-b", "html", "-q", "docs", str(tmp_path / "html")])
    assert status == 0
    assert (tmp_path / "html" / "reference" / "outcomeframe.html").is_file()


def test_import_is_light_and_report_loads_on_use() -> None:
    """``import outcomeframe`` leaves matplotlib and scipy.stats unloaded (about 2 s)."""
    code = (
        "import sys, outcomeframe as of\n"
        "heavy = [m for m in ('matplotlib', 'scipy.stats') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert of.report.build_dashboard.__module__ == 'outcomeframe.report._dashboard'\n"
        "assert 'matplotlib' in sys.modules\n"
        "try:\n"
        "    of.no_such_name\n"
        "except AttributeError as err:\n"
        "    assert 'no_such_name' in str(err)\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
