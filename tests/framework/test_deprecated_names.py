"""Old names of one idea still work, with a DeprecationWarning naming the new one."""

from __future__ import annotations

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe import framework
from tests.framework.test_framework import small


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("coverage", "coverage_matrix"),
        ("to_frame", "elements_frame"),
        ("indicator_frame", "indicators_frame"),
    ],
)
def test_old_method_names_warn_and_give_the_same_table(old, new):
    fw = small()
    with pytest.warns(DeprecationWarning, match=f"Framework.{old} is deprecated.*Framework.{new}"):
        got = getattr(fw, old)()
    pd.testing.assert_frame_equal(got, getattr(fw, new)())


def test_framework_check_is_validate_graph_with_a_warning():
    fw = small()
    with pytest.warns(DeprecationWarning, match="framework.check is deprecated.*validate_graph"):
        got = framework.check(fw.graph)
    assert got == of.validate_graph(fw.graph) == fw.validate()
    assert of.validate_graph is framework.validate_graph


def test_the_new_names_do_not_warn():
    fw = small()
    fw.coverage_matrix()
    fw.elements_frame()
    fw.indicators_frame()
    of.validate_graph(fw.graph)  # filterwarnings=error: a warning would fail here


def test_read_observations_at_its_old_path_warns_and_reads(tmp_path):
    path = tmp_path / "synthetic.csv"
    path.write_text("indicator,area_code,period,value\nlbw,E92000001,2019,2.9\n", encoding="utf-8")
    with pytest.warns(DeprecationWarning, match=r"use outcomeframe\.read_observations"):
        table = of.observations.read_observations(path)
    assert table.data["value"].tolist() == [2.9]
