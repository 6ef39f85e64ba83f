"""The data of ``assess`` and ``report``: a shipped plan's observations are checked once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.assessment import _inputs
from outcomeframe.cli import main
from outcomeframe.observations import _table
from tests.report.conftest import assessed


@pytest.mark.parametrize("name", ["lancashire", "trafford"])
def test_a_shipped_plan_is_tidied_once_and_assessed_as_in_process(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[int] = []
    tidy = _table._tidy

    def counted(data: pd.DataFrame, **kwargs: Any) -> _table.ObservationTable:
        calls.append(len(data))
        return tidy(data, **kwargs)

    monkeypatch.setattr(_table, "_tidy", counted)
    monkeypatch.setattr(_inputs, "_tidy", counted)
    data = of.examples.data(name)
    out = tmp_path / "table.csv"
    rejected = tmp_path / "rejected.csv"
    assert main(["assess", name, "--csv", str(out), "--rejected", str(rejected)]) == 0
    assert calls == [len(data)]
    capsys.readouterr()

    expected = assessed(name)  # the plan assessed in process on the same data
    written = tmp_path / "expected.csv"
    expected.table.to_csv(written, index=False)
    pd.testing.assert_frame_equal(pd.read_csv(out), pd.read_csv(written))
    assert len(pd.read_csv(rejected)) == len(expected.rejected)
