"""The public surface and the reference agree, both ways, and public examples use public paths.

Public paths: ``outcomeframe`` and the subpackages with a reference page
(``outcomeframe.stats``, ``outcomeframe.report``, ``outcomeframe.examples``, and any
other whose page says ``.. module::``). The layers below them (``assessment``,
``framework``, ``io``, ``model``, ``observations``) are private: their public names are
re-exported by ``outcomeframe`` and documented there.
"""

from __future__ import annotations

import importlib
import inspect
import re
import warnings
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parents[1] / "docs" / "reference"
_MODULE = re.compile(r"^\.\. module:: (\S+)$", re.MULTILINE)
_DIRECTIVE = re.compile(
    r"^\.\. (?:auto)?(?:function|class|exception|data|attribute):: ([A-Za-z_][\w.]*)$",
    re.MULTILINE,
)
_IMPORT = re.compile(r">>> (?:from (outcomeframe[\w.]*) import|import (outcomeframe[\w.]*))")


def _pages() -> dict[str, str]:
    """Each public namespace -> the text of its reference page."""
    pages = {}
    for page in sorted(REFERENCE.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        found = _MODULE.search(text)
        if found:
            pages[found.group(1)] = text
    return pages


PAGES = _pages()
#: Subpackages whose names a page documents by their full path (``outcomeframe.records.x``).
_FULL = {
    name.rsplit(".", 1)[0]
    for text in PAGES.values()
    for name in _DIRECTIVE.findall(text)
    if name.startswith("outcomeframe.")
}
PUBLIC = sorted(PAGES)
PUBLIC_PATHS = set(PAGES) | _FULL
NAMES = [
    (namespace, name)
    for namespace in PUBLIC
    for name in importlib.import_module(namespace).__all__
    if name != "__version__"
]
DOCUMENTED = [
    (namespace, name) for namespace in PUBLIC for name in _DIRECTIVE.findall(PAGES[namespace])
]


def test_the_public_namespaces():
    assert {
        "outcomeframe",
        "outcomeframe.stats",
        "outcomeframe.report",
        "outcomeframe.examples",
    } <= set(PUBLIC)


@pytest.mark.parametrize(("namespace", "name"), NAMES, ids=[f"{m}.{n}" for m, n in NAMES])
def test_every_public_name_is_documented(namespace, name):
    obj = getattr(importlib.import_module(namespace), name)
    if inspect.ismodule(obj):
        assert obj.__name__ in PAGES, f"{obj.__name__} has no reference page"
        return
    assert name in _DIRECTIVE.findall(PAGES[namespace]), f"{namespace}.{name} is not documented"


@pytest.mark.parametrize(("namespace", "name"), DOCUMENTED, ids=[f"{m}.{n}" for m, n in DOCUMENTED])
def test_every_documented_name_exists(namespace, name):
    if name.startswith("outcomeframe."):  # a full path: its own subpackage
        namespace, name = name.rsplit(".", 1)
    module = importlib.import_module(namespace)
    head, _, rest = name.partition(".")
    assert head in module.__all__, f"{namespace}.{head} is documented but not public"
    obj = getattr(module, head)
    for part in filter(None, rest.split(".")):  # Class.method
        assert hasattr(obj, part), f"{namespace}.{name} is documented but does not exist"
        obj = getattr(obj, part)


def _docstrings(obj: object) -> list[tuple[str, str]]:
    """The docstrings of a public object and, for a class, of its public members."""
    found = [(getattr(obj, "__qualname__", repr(obj)), inspect.getdoc(obj) or "")]
    if inspect.isclass(obj):
        for key, member in vars(obj).items():
            if key.startswith("_") and key != "__init__":
                continue
            doc = getattr(getattr(member, "fget", member), "__doc__", None)
            if isinstance(doc, str):
                found.append((f"{obj.__qualname__}.{key}", doc))
    return found


@pytest.mark.parametrize(("namespace", "name"), NAMES, ids=[f"{m}.{n}" for m, n in NAMES])
def test_public_examples_import_only_public_paths(namespace, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # a deprecated alias still has docs
        obj = getattr(importlib.import_module(namespace), name)
    if inspect.ismodule(obj) or not (inspect.isclass(obj) or inspect.isroutine(obj)):
        return
    private = [
        f"{where}: {path}"
        for where, doc in _docstrings(obj)
        for a, b in _IMPORT.findall(doc)
        if (path := a or b) not in PUBLIC_PATHS
    ]
    assert not private, "examples of public names import private paths:\n" + "\n".join(private)
