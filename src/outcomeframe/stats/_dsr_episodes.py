"""Sums behind a DSR whose events are not independent (several episodes per person).

Private to :func:`outcomeframe.stats.dsr` (``independent_events=False``). Each input
row is one age band of one group *and* one number of episodes per person ``f``;
its count is the number of people with that many episodes. Following the
PHE/OHID technical guidance ("Calculating DSRs for non-independent events"), the
rate counts every episode (``f x people``) while the variance counts each person
with the square of their episodes, ``f^2 x people``, which widens Dobson's interval
by the over-dispersion the repeat episodes add. With one episode per person the
sums are those of the ordinary DSR.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from outcomeframe._errors import ArgumentError
from outcomeframe.stats._input import FloatArray, Grouping, Input, Reasons

__all__ = ["EpisodeSums", "episode_checks", "episode_sums"]


@attrs.frozen
class EpisodeSums:
    """Per group: the rate and variance before scaling, events, population, weights."""

    rate: FloatArray
    var: FloatArray
    events: FloatArray
    population: FloatArray
    total_weight: FloatArray
    mixed_denominators: npt.NDArray[np.bool_]


def episode_checks(f: FloatArray) -> Any:
    """Row checks of the episodes per person: finite, a whole number of at least 1."""

    def checks(idx: Any, reasons: Reasons) -> None:
        fs = f[idx]
        reasons.add(~np.isfinite(fs), "episodes per person is missing or not a finite number")
        reasons.add(
            ~((fs >= 1) & (fs == np.floor(fs))),
            "episodes per person is not a whole number of at least 1",
        )

    return checks


def _band_codes(band: Input | None, data: pd.DataFrame | None, n_rows: int) -> npt.NDArray[np.intp]:
    if band is None:
        raise ArgumentError(
            "band: independent_events=False needs band= to tell which rows share an age band"
        )
    labels: Any = data[band] if isinstance(band, str) and data is not None else band
    codes, _ = pd.factorize(pd.Series(labels) if not isinstance(labels, pd.Series) else labels)
    if len(codes) != n_rows:  # pragma: no cover - checked by the weights lookup first
        raise ArgumentError(f"band: has {len(codes)} values but there are {n_rows} rows")
    return np.asarray(codes, dtype=np.intp)


def episode_sums(
    people: FloatArray,
    n: FloatArray,
    w: FloatArray,
    f: FloatArray,
    band: Input | None,
    data: pd.DataFrame | None,
    groups: Grouping,
) -> EpisodeSums:
    """The DSR sums of non-independent events, one pass over rows and one over bands.

    A band's population and weight are counted once however many episode rows it
    has; a band whose rows give different populations marks its group.
    """
    codes = _band_codes(band, data, len(people))
    width = int(codes.max()) + 2 if codes.size else 1
    cell = groups.ids * width + (codes + 1)  # unlabelled rows (code -1) share one cell
    _, first, inverse = np.unique(cell, return_index=True, return_inverse=True)
    cell_group = groups.ids[first]
    band_n, band_w = n[first], w[first]
    with np.errstate(invalid="ignore"):
        differs = ~(n == band_n[inverse]) & np.isfinite(n)
    mixed = np.bincount(groups.ids[differs], minlength=groups.size) > 0
    with np.errstate(all="ignore"):
        total_w = np.bincount(cell_group, weights=band_w, minlength=groups.size).astype(np.float64)
        ratio = w / n
        events = f * people
        rate = groups.sum(events * ratio) / total_w
        var = groups.sum(f * f * people * ratio * ratio) / (total_w * total_w)
    return EpisodeSums(
        rate=rate,
        var=var,
        events=groups.sum(events),
        population=np.bincount(cell_group, weights=band_n, minlength=groups.size).astype(
            np.float64
        ),
        total_weight=total_w,
        mixed_denominators=mixed,
    )
