"""Every warning names the caller's line, whichever public function it came through.

The warnings counted a fixed number of frames up (``stacklevel=4``), which was right for
one way in and wrong for the others: reached through ``Framework.assess`` instead of
``of.assess``, through ``loads`` instead of ``load``, the warning named a line inside
the package, and ``python -W error`` tracebacks and warning filters by module pointed
there.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import outcomeframe as of
from outcomeframe.stats import quantile_groups

ROOT = Path(__file__).parents[1]
HEADER = "indicator,area_code,period,count,denominator"


def _fractions() -> pd.DataFrame:
    """Synthetic: a percent indicator's values written as fractions of 1."""
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "indicator": "smoking-at-time-of-delivery",
            "area_code": [f"E0{i:07d}" for i in range(8)],
            "period": "2022/23",
            "value": rng.uniform(0.05, 0.95, 8),
        }
    )


def _long_title(tmp_path: Path) -> Path:
    path = tmp_path / "long.yaml"
    path.write_text(
        "outcomeframe: 1\ntitle: T\nelements:\n"
        f"  visions: [{{id: v, title: V, description: {'x' * 20_000}}}]\n",
        encoding="utf-8",
    )
    return path


def _births() -> tuple[pd.DataFrame, of.Framework]:
    from tests.records.test_aggregate_bad_input import synthetic_births  # noqa: PLC0415

    births = synthetic_births(50, seed=3, areas=["E06000008"]).astype({"area_code": object})
    births.iat[5, births.columns.get_loc("area_code")] = ["E06000008"]
    return births, of.load(ROOT / "docs" / "examples" / "births.yaml")


LANCS = of.examples.load("lancashire")

WAYS = {
    "read_observations": lambda _: of.read_observations(
        io.StringIO(f"{HEADER}\nI1,E1,2019,1,10\n{HEADER}\nI1,E2,2019,2,10\n")
    ),
    "of.assess": lambda _: of.assess(LANCS, _fractions()),
    "Framework.assess": lambda _: LANCS.assess(_fractions()),
    "load": lambda tmp: of.load(_long_title(tmp)),
    "loads": lambda tmp: of.loads(_long_title(tmp).read_text("utf-8")),
    "aggregate": lambda _: of.aggregate(*_births()),
    "quantile_groups": lambda _: quantile_groups(np.arange(4.0), 2, by=np.array(list("aabb"))),
    "rollup": lambda _: LANCS.assess(of.examples.data("lancashire")).rollup("E0000017"),
}


@pytest.mark.parametrize("way", WAYS.values(), ids=WAYS)
def test_the_warning_names_this_file(way, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        way(tmp_path)
    ours = [w for w in caught if issubclass(w.category, of.OutcomeFrameWarning | FutureWarning)]
    assert ours, "the call warns"
    assert {Path(w.filename) for w in ours} == {Path(__file__)}
