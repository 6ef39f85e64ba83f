"""Sphinx configuration for the outcomeframe documentation.

Build with ``nox -s docs`` or ``sphinx-build -W --keep-going -b html docs docs/_build/html``.
No intersphinx: the documentation builds without a network.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

from sphinx.pycode import ModuleAnalyzer

import outcomeframe

HERE = Path(__file__).parent

project = "outcomeframe"
author = "outcomeframe developers"
copyright = "outcomeframe developers"
version = release = outcomeframe.__version__

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "matplotlib.sphinxext.plot_directive",
]
if importlib.util.find_spec("sphinx_copybutton") is not None:
    extensions.append("sphinx_copybutton")
    copybutton_prompt_text = r">>> |\.\.\. |\$ "
    copybutton_prompt_is_regexp = True
    copybutton_only_copy_prompt_lines = True

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# -- MyST ------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

# -- autodoc, autosummary, numpydoc ------------------------------------------------
autodoc_typehints = "none"  # numpydoc's Parameters sections already give the types
autodoc_member_order = "bysource"
autosummary_generate = False  # the reference pages list every name by hand
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- matplotlib's plot directive (the charts of reference/report) --------------------
# The pages show one PNG of each chart, at the directive's usual 80 dpi; no other format
# is drawn (each format is a whole redraw) or linked. The link to each chart's code stays.
plot_formats = [("png", 80)]
plot_html_show_formats = False
plot_html_show_source_link = True

# -- HTML ------------------------------------------------------------------------
html_theme = "furo"
html_title = f"outcomeframe {release}"
if (HERE / "_static").is_dir():
    html_static_path = ["_static"]


# -- constants: their ``#:`` comments live in the private module that defines them ------
@functools.cache
def _modules() -> list[str]:
    """Every module of the package, imported (walked once for all the constants)."""
    names = [info.name for info in pkgutil.walk_packages(outcomeframe.__path__, "outcomeframe.")]
    for name in names:
        importlib.import_module(name)
    return names


def _defining_docs(name: str, obj: object) -> list[str] | None:
    """The ``#:`` documentation comment of a re-exported constant, if it has one."""
    short = name.rpartition(".")[2]
    for module_name in _modules():
        if getattr(sys.modules[module_name], short, None) is not obj:
            continue
        docs = ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", short))
        if docs:
            return list(docs)
    return None


def _constant_docstring(app, what, name, obj, options, lines):  # noqa: ARG001
    if what != "data" or not name.startswith("outcomeframe."):
        return
    docs = _defining_docs(name, obj)
    if docs is not None:
        lines[:] = docs


_ABSOLUTE = re.compile(r"(?<![\\`|])\|([A-Za-z_]\w*)\|(?![`|_])")


def _escape_bars(app, what, name, obj, options, lines):  # noqa: ARG001
    """Read ``|x|`` in a docstring as an absolute value, not an undefined substitution."""
    lines[:] = [_ABSOLUTE.sub(r"\\|\1\\|", line) for line in lines]


def setup(app):
    app.connect("autodoc-process-docstring", _constant_docstring)
    app.connect("autodoc-process-docstring", _escape_bars)
