"""Tasks: ``nox -s lint tests mypy`` before every commit; ``nox -s docs bench build`` as needed."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "mypy", "tests"]
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
#: pytest on the benchmarks alone, without the suite's options (coverage, workers, doctests).
BENCH = ["-o", "python_files=bench_*.py", "-o", "addopts=", "-o", "testpaths=benchmarks"]


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", "src", "tests", "examples", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "noxfile.py")


@nox.session
def mypy(session: nox.Session) -> None:
    """mypy --strict on src/."""
    session.install("-e", ".[typing]")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, doctests included, with a branch-coverage report (see pyproject).

    The same command as the README's and `.ci/run`'s; coverage.xml is kept for tools.
    """
    session.install("-e", ".[test]")
    session.run("pytest", "--cov-report=xml", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx site; warnings are errors."""
    session.install("-e", ".[docs]")
    out = ROOT / "docs" / "_build" / "html"
    shutil.rmtree(out, ignore_errors=True)
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", str(out))


@nox.session
def bench(session: nox.Session) -> None:
    """Speed benchmarks (pytest-benchmark); compare with benchmarks/RESULTS.md.

    PHStatsMethods (GPL-3) is installed here only, as the peer the statistics are timed
    against; the library and its tests never import it.
    """
    session.install("-e", ".[bench]", "PHStatsMethods")
    session.run(
        "pytest",
        "benchmarks",
        *BENCH,
        "--benchmark-columns=min,mean,max,rounds",
        "--benchmark-json=benchmarks/.last-run.json",
        "-m",
        "not suite",  # the whole test suite twice: nox -s bench_suite
        *session.posargs,
    )


@nox.session
def bench_suite(session: nox.Session) -> None:
    """The test suite against the suite issue 15 measured (benchmarks/bench_suite.py).

    About 16 minutes: each suite is installed in its own virtual environment and run whole,
    in turn (``SUITE_PAIRS`` pairs, default 1; each more pair 7-12 minutes). Needs git and
    the network.
    """
    session.install("-e", ".[bench]")
    session.run(
        "pytest",
        "benchmarks/bench_suite.py",
        *BENCH,
        "-s",
        "--benchmark-json=benchmarks/.last-suite-run.json",
        *session.posargs,
    )


@nox.session
def build(session: nox.Session) -> None:
    """Build wheel and sdist, install the wheel in a fresh venv, run the CLI there."""
    session.install("build")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    wheel = next(dist.glob("*.whl"))
    tmp = Path(session.create_tmp())
    venv = tmp / "wheel-venv"
    shutil.rmtree(venv, ignore_errors=True)
    session.run("python", "-m", "venv", str(venv))
    session.run(str(venv / "bin" / "pip"), "install", "--quiet", str(wheel), external=True)
    session.run(str(venv / "bin" / "outcomeframe"), "list", external=True)
    session.run(str(venv / "bin" / "outcomeframe"), "validate", "lancashire", external=True)
    # the wheel carries the plans, their published data, the schema and the page template
    session.run(
        str(venv / "bin" / "outcomeframe"),
        "report",
        "trafford",
        "-o",
        str(tmp / "dashboard.html"),
        external=True,
    )
