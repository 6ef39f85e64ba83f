"""The import direction: every module imports only from its own layer or the layers below.

The layers, bottom to top (``docs/contributing.md`` draws them)::

    leaf         _errors, _suggest, _vocabulary, _deprecate, ... (private top-level modules)
    stats        pure vectorised statistics and the unit registry
    observations the long observation table, periods, areas
    model        the frozen elements
    framework    the Framework and the functions of its graph
    io, records  reading in: framework files, the schema, Fingertips files (io);
                 record-level data aggregated into observations (records)
    assessment   observations -> assessment table -> roll-up
    report       charts and the dashboard
    examples     the two plans and their data
    package      ``outcomeframe/__init__.py``: the curated public face
    cli          the console script (``cli.py``, ``_cli_*.py``), which uses the public face

Layers that share a level (``stats`` and ``observations``; ``io`` and ``records``) import
nothing of each other. A module inside a subpackage that imports only leaf modules may
be listed in :data:`LEAF_MODULES` and is then a leaf itself (the test checks that it is). Every import counts: at module
level, inside functions and under ``TYPE_CHECKING``. An upward import is allowed only
where :data:`ALLOWED_UPWARD` names it, with its reason, and only inside a function or
under ``TYPE_CHECKING`` (never when the module is imported).

The source is read with :mod:`ast`, so nothing is imported to check it.
"""

from __future__ import annotations

import ast
import functools
import json
import pathlib
import subprocess
import sys
from collections.abc import Iterable

import pytest

SRC = pathlib.Path(__file__).parents[1] / "src" / "outcomeframe"

#: The level of each layer: a module may import from its own layer and from lower levels.
LEVELS: dict[str, int] = {
    "leaf": 0,
    "stats": 1,
    "observations": 1,
    "model": 3,
    "framework": 4,
    "io": 5,
    "records": 5,
    "assessment": 6,
    "report": 7,
    "examples": 8,
    "package": 9,
    "cli": 10,
}

#: Modules of a subpackage that import only leaf modules, and why lower layers use them.
LEAF_MODULES: dict[str, str] = {
    "outcomeframe.records._filter_parse": (
        "the filter language: the model parses an indicator's record filters with it"
    ),
}

#: (importing module, imported layer) -> why the upward import is there.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {
    ("outcomeframe.observations", "io"): (
        "the old path outcomeframe.observations.read_observations: the reader moved to io, "
        "and the old name imports it when used, with a DeprecationWarning"
    ),
    ("outcomeframe.framework._reads", "assessment"): (
        "Framework.assess is a one-line convenience for assess(fw, data); it imports "
        "the assessment when called, and names Assessment in its annotation under "
        "TYPE_CHECKING"
    ),
}


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _layer(module: str) -> str:
    """The layer of a module of the package, by its dotted name."""
    if module in _leaves():
        return "leaf"
    return _base_layer(module)


def _base_layer(module: str) -> str:
    """The layer a module's name puts it in (its subpackage, or leaf, cli, package)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    if parts[1] in ("cli", "__main__") or parts[1].startswith("_cli"):  # the command line
        return "cli"
    if parts[1].startswith("_") and len(parts) == 2:
        return "leaf"
    return parts[1]


def _is_lazy(parents: list[ast.AST]) -> bool:
    """Whether an import runs only in a function or under ``if TYPE_CHECKING``."""
    for node in parents:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return True
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


@functools.cache  # each file parsed once per process, not once per test that reads it
def _imports(path: pathlib.Path) -> tuple[tuple[str, int, bool], ...]:
    """(imported outcomeframe module, line, lazy) for every import in a file."""
    return tuple(_imports_in(path.read_text(encoding="utf-8"), path))


def _imports_in(text: str, path: pathlib.Path) -> list[tuple[str, int, bool]]:
    """:func:`_imports` of source text standing at ``path``."""
    tree = ast.parse(text)
    module = _module_name(path)
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, parents: list[ast.AST]) -> None:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = module.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            # ``from outcomeframe import examples`` imports the subpackage.
            names = [
                f"{base}.{alias.name}"
                if base == "outcomeframe" and (SRC / alias.name).is_dir()
                else base
                for alias in node.names
            ]
        for name in names:
            if name == "outcomeframe" or name.startswith("outcomeframe."):
                found.append((name, node.lineno, _is_lazy(parents)))
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node])

    visit(tree, [])
    return found


FILES = sorted(SRC.rglob("*.py"))


def _path(module: str) -> pathlib.Path:
    base = SRC.joinpath(*module.split(".")[1:])
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _leaf_closure(entries: Iterable[str]) -> set[str]:
    """The modules of :data:`LEAF_MODULES` and what they import when loaded, in the package."""
    found: set[str] = set()
    todo = list(entries)
    while todo:
        module = todo.pop()
        if module in found or _base_layer(module) == "leaf" or not _path(module).exists():
            continue
        found.add(module)
        todo.extend(name for name, _line, lazy in _imports(_path(module)) if not lazy)
    return found


@functools.cache
def _leaves() -> frozenset[str]:
    """:func:`_leaf_closure` of :data:`LEAF_MODULES`, found on first use (not at collection)."""
    return frozenset(_leaf_closure(LEAF_MODULES))


def test_every_module_is_in_a_layer():
    unknown = sorted({_layer(_module_name(f)) for f in FILES} - set(LEVELS))
    assert not unknown, f"new subpackages {unknown}: give them a level in LEVELS (and the docs)"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_upward_import(path):
    module = _module_name(path)
    layer = _layer(module)
    wrong = []
    for name, line, lazy in _imports(path):
        target = _layer(name)
        if target == layer or LEVELS[target] < LEVELS[layer]:
            continue
        if (module, target) in ALLOWED_UPWARD and lazy:
            continue
        wrong.append(f"{path.relative_to(SRC)}:{line} ({layer}) imports {name} ({target})")
    assert not wrong, "upward imports:\n" + "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(LEAF_MODULES))
def test_leaf_modules_import_only_leaves(module):
    """A listed module, what it imports and its package's ``__init__`` need only leaves."""
    package = module.rsplit(".", 1)[0]
    wrong = [
        f"{_path(m).relative_to(SRC)}:{line} imports {name}"
        for m in sorted(_leaf_closure([module, package]))
        for name, line, lazy in _imports(_path(m))
        if not lazy and _base_layer(name) != "leaf" and name not in _leaves() | {package}
    ]
    assert _path(module).exists()
    assert not wrong, wrong


def test_every_allowed_upward_import_is_still_there():
    """An allowance nobody needs any more is removed, so the list stays honest."""
    used = set()
    for path in FILES:
        module = _module_name(path)
        for name, _line, _lazy in _imports(path):
            used.add((module, _layer(name)))
    assert set(ALLOWED_UPWARD) <= used


def test_the_checker_sees_an_upward_import():
    """The parser finds imports at module level, in functions and under TYPE_CHECKING."""
    probe = SRC / "stats" / "_probe_layers.py"
    text = (
        "from typing import TYPE_CHECKING\n"
        "from outcomeframe import framework\n"
        "if TYPE_CHECKING:\n    from outcomeframe.model import Kind\n"
        "def f():\n    import outcomeframe.assessment\n"
    )
    found = [(name, lazy) for name, _line, lazy in _imports_in(text, probe)]
    assert found == [
        ("outcomeframe.framework", False),
        ("outcomeframe.model", True),
        ("outcomeframe.assessment", True),
    ]


def test_model_at_import_needs_only_the_vocabulary():
    """The model's modules import, when loaded, only the leaf modules."""
    wrong = []
    for path in sorted((SRC / "model").glob("*.py")):
        for name, line, lazy in _imports(path):
            if not lazy and _layer(name) not in {"leaf", "model"}:
                wrong.append(f"{path.name}:{line} imports {name}")
    assert not wrong, wrong


def test_importing_the_model_loads_no_statistics_or_layer_above():
    probe = (
        "import json, sys\nimport outcomeframe.model\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'pint' or "
        "m.split('.')[:2] in (['outcomeframe', s] for s in "
        "('stats', 'framework', 'io', 'assessment', 'report', 'examples', 'cli')))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == []
