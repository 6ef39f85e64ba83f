"""What ``import outcomeframe`` and the quick commands load (modules, never timings).

Each check runs in a fresh interpreter, since this process has imported everything. A probe
that several tests ask about (the same code) is run once per test process.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys

import pytest

import outcomeframe as of

#: Libraries that only some paths need; none of them is loaded by ``import outcomeframe``.
HEAVY = (
    "pandas",
    "numpy",
    "scipy",
    "networkx",
    "pint",
    "yaml",
    "jsonschema",
    "matplotlib",
    "jinja2",
    "outcomeframe.stats",
    "outcomeframe.examples",
    "outcomeframe.report",
    "narwhals",
    "polars",
    "duckdb",
    "pyarrow",
    "dask",
    "pyspark",
    "outcomeframe.records._aggregate",
    "outcomeframe.records",
    "outcomeframe.model",
    "attrs",
)


@functools.cache
def _probe(code: str) -> tuple[str, ...]:
    """The HEAVY modules loaded after running ``code`` in a fresh interpreter (run once)."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return tuple(json.loads(done.stdout.splitlines()[-1]))


def _loaded_after(code: str) -> list[str]:
    """The HEAVY modules loaded after running ``code`` in a fresh interpreter."""
    return list(_probe(code))


def test_import_outcomeframe_loads_no_heavy_library() -> None:
    assert _loaded_after("import outcomeframe") == []


def test_import_stats_loads_neither_scipy_nor_pint() -> None:
    loaded = _loaded_after("import outcomeframe.stats")
    assert "outcomeframe.stats" in loaded, "the probe must see what the import did load"
    assert not {"scipy", "pint"} & set(loaded)


def test_a_proportion_needs_neither_scipy_nor_pint_and_a_unit_loads_pint() -> None:
    code = "from outcomeframe.stats import proportion\nproportion([5, 1], [20, 4], multiplier=1000)"
    assert not {"scipy", "pint"} & set(_loaded_after(code))
    code = (
        "from outcomeframe.stats import proportion\nproportion([5], [20], multiplier='per 1,000')"
    )
    assert "pint" in _loaded_after(code)
    code = "from outcomeframe.stats import rate\nrate([3], [1000])"  # exact limits below 10
    assert "scipy" in _loaded_after(code)


def test_a_record_definition_loads_no_engine() -> None:
    code = (
        "import outcomeframe as of\n"
        "of.RecordDefinition(numerator='birthweight_g < 2500')\n"
        "of.parse_filter('a in (1, 2) and b is not null')"
    )
    loaded = _loaded_after(code)
    assert not {"narwhals", "polars", "duckdb", "pyarrow", "dask", "pyspark"} & set(loaded)
    assert "outcomeframe.records._aggregate" not in loaded


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["validate", "--help"]])
def test_help_loads_no_heavy_library(argv: list[str]) -> None:
    code = (
        "import contextlib, io\n"
        "from outcomeframe.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass"
    )
    assert _loaded_after(code) == []


def test_validate_loads_neither_the_report_nor_matplotlib() -> None:
    code = (
        "import contextlib, io\n"
        "from outcomeframe.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['validate', 'trafford']) == 0"
    )
    loaded = _loaded_after(code)
    assert "networkx" in loaded, "the probe must see what the command did load"
    assert not {"matplotlib", "outcomeframe.report"} & set(loaded)
    # pint imports dask.base when Dask is installed (the [dask] extra), and Dask imports
    # jinja2 for its notebook widgets: jinja2 is the report's only without Dask.
    if importlib.util.find_spec("dask") is None:
        assert "jinja2" not in loaded


def _command(argv: list[str]) -> str:
    """Code running the command ``argv`` in the probe, its output swallowed."""
    return (
        "import contextlib, io\n"
        "from outcomeframe.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0"
    )


@pytest.mark.parametrize("argv", [["validate", "lancashire"], ["show", "trafford"]])
def test_the_framework_commands_load_no_data_library(argv: list[str]) -> None:
    """Reading and validating a framework loads neither pandas, numpy, pint nor scipy."""
    loaded = _loaded_after(_command(argv))
    assert "networkx" in loaded, "the probe must see what the command did load"
    assert not {"pandas", "numpy", "pint", "scipy", "outcomeframe.stats"} & set(loaded)


def test_the_records_filter_grammar_is_loaded_by_a_record_definition_only() -> None:
    loaded = _loaded_after(_command(["validate", "lancashire"]))
    assert "networkx" in loaded, "the probe must see what the command did load"
    assert "outcomeframe.records" not in loaded  # neither shipped plan has records
    code = "import outcomeframe as of\nof.RecordDefinition(numerator='a < 1')"
    assert "outcomeframe.records" in _loaded_after(code)


def test_a_valid_file_is_checked_without_jsonschema() -> None:
    """jsonschema words the problems of a file the schema refuses; a valid file needs none."""
    loaded = _loaded_after(_command(["validate", "lancashire"]))
    assert "networkx" in loaded, "the probe must see what the command did load"
    assert "jsonschema" not in loaded
    code = "import outcomeframe as of\ntry:\n    of.loads('outcomeframe: 2')\nexcept of.ValidationError:\n    pass"
    assert "jsonschema" in _loaded_after(code)


def test_list_builds_no_framework() -> None:
    """``list`` reads titles and counts from the files: no graph, no element classes."""
    loaded = _loaded_after(_command(["list"]))
    assert "yaml" in loaded, "the probe must see what the command did load"
    assert not {"networkx", "jsonschema", "attrs", "outcomeframe.model"} & set(loaded)


def test_the_report_command_writes_its_charts_without_matplotlib(tmp_path) -> None:
    """The dashboard writes its SVG itself; matplotlib is for the notebook Figures only."""
    out = tmp_path / "page.html"
    loaded = _loaded_after(_command(["report", "lancashire", "-o", str(out)]))
    assert "outcomeframe.report" in loaded, "the probe must see what the command did load"
    assert out.read_text(encoding="utf-8").count('class="spark"') > 0
    assert "matplotlib" not in loaded
    # every unit of the shipped plans is a usual one, named without pint (and scipy)
    assert not {"pint", "scipy"} & set(loaded)
    code = "import outcomeframe as of\nof.report.framework_diagram(of.examples.load('trafford'))"
    assert "matplotlib" in _loaded_after(code)


def test_a_name_loads_its_module_on_first_use() -> None:
    loaded = _loaded_after("import outcomeframe as of\nassert of.Kind.VISION.value == 'vision'")
    assert "outcomeframe.report" not in loaded
    assert "matplotlib" not in loaded


def test_every_public_name_resolves() -> None:
    for name in of.__all__:
        assert getattr(of, name) is not None, name
    assert set(of.__all__) <= set(dir(of))
    assert of.validate_graph is of.framework.validate_graph
    assert of.io.MAX_DEPTH > 0  # subpackages are attributes, as after an eager import
    assert of.Polarity is of.stats.Polarity
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = of.not_a_name  # type: ignore[attr-defined]


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from outcomeframe import *", namespace)  # noqa: S102 - the statement under test
    assert set(of.__all__) <= set(namespace)
