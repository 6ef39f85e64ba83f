"""A shipped plan's title and counts, read without building the framework."""

from __future__ import annotations

import outcomeframe as of
from outcomeframe.io._build import SECTIONS
from outcomeframe.io._summary import SECTION_NAMES, summary


def test_summary_is_the_built_framework_s_title_and_counts() -> None:
    for name in of.examples.names():
        fw = of.examples.load(name)
        assert summary(of.examples.path(name)) == (fw.title, fw.counts())


def test_the_sections_name_every_kind_in_order() -> None:
    assert list(SECTION_NAMES) == [kind.value for kind in of.Kind]
    assert list(SECTIONS.values()) == list(SECTION_NAMES.values())


def test_a_section_left_out_counts_nothing(tmp_path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "outcomeframe: 1\ntitle: Tiny\nelements:\n"
        "  visions: [{id: v, title: V}]\n"
        "  priorities: [{id: p, title: P, serves: [v]}, {id: q, title: Q, serves: [v]}]\n",
        encoding="utf-8",
    )
    title, counts = summary(path)
    assert (title, counts) == (of.load(path).title, of.load(path).counts())
    assert counts["priority"] == 2
    assert counts["indicator"] == 0
