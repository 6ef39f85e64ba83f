"""Statuses are decided by the vocabulary's enum members, never by matching label text.

Renaming a label in ``outcomeframe._vocabulary`` must not silently change a status:
the code that decides statuses, colours and symbols names the members, so a renamed
label follows everywhere, and no copy of a label's text is left to fall out of step.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import outcomeframe as of
from outcomeframe._vocabulary import (
    Comparison,
    GapTrend,
    IndicatorStatus,
    RollupStatus,
    TargetStatus,
    Trend,
    labels,
)
from outcomeframe.report import COMPARISON_COLOURS, ROLLUP_COLOURS, TREND_SYMBOLS
from outcomeframe.report._palette import TARGET_COLOURS

SRC = Path(of.__file__).parent
#: The modules that decide or show the assessment's labels.
DECIDING = [
    "assessment/_assess.py",
    "assessment/_assessment.py",
    "assessment/_context.py",
    "assessment/_inequality.py",
    "assessment/_recent.py",
    "assessment/_rollup.py",
    "assessment/_status_rule.py",
    "assessment/_verdicts.py",
    "report/_dashboard.py",
    "report/_palette.py",
    "report/_rows.py",
    "report/_spine.py",
    "report/_charts.py",
]
LABELS = {
    word
    for enum in (Comparison, Trend, GapTrend, TargetStatus, IndicatorStatus, RollupStatus)
    for word in labels(enum)
}


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module's code: not docstrings, not f-string fragments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", DECIDING)
def test_no_label_is_written_as_text(module):
    path = SRC / module
    found = [
        f"{module}:{line}: {text!r}"
        for line, text in _code_strings(path)
        if text in LABELS or "getting worse" in text or "getting better" in text
    ]
    assert not found, "decide by enum members, not label text:\n" + "\n".join(found)


def test_the_check_finds_label_text(tmp_path):
    """The scan above can fail: a module comparing with the text is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""Docstrings may say Worse."""\n'
        'def f(t):\n    """Off track in prose is fine."""\n'
        '    return t.eq("Worse") | t.str.endswith("getting worse")\n',
        encoding="utf-8",
    )
    texts = [text for _, text in _code_strings(bad)]
    assert texts == ["Worse", "getting worse"]


@pytest.mark.parametrize(
    ("colours", "enum"),
    [
        (COMPARISON_COLOURS, Comparison),
        (ROLLUP_COLOURS, RollupStatus),
        (TARGET_COLOURS, TargetStatus),
        (TREND_SYMBOLS, Trend),
    ],
)
def test_every_label_has_its_colour(colours, enum):
    assert set(labels(enum)) <= set(colours)


def test_status_categories_are_the_enums():
    fw = of.examples.load("trafford")
    a = fw.assess(of.examples.data("trafford"))
    table = a.table
    assert list(table["comparison"].cat.categories[: len(Comparison)]) == list(labels(Comparison))
    assert list(table["trend"].cat.categories) == list(labels(Trend))
    assert list(table["target_status"].cat.categories) == list(labels(TargetStatus))
    assert list(of.indicator_status(table).cat.categories) == list(labels(IndicatorStatus))
    assert list(a.rollup()["status"].cat.categories) == list(labels(RollupStatus))
