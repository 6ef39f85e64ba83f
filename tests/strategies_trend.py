"""Hypothesis strategies for trend, comparison and gap tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from outcomeframe.stats import Polarity

polarities = st.sampled_from(list(Polarity))


@st.composite
def proportion_series(draw: st.DrawFn, n_points: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Counts strictly between 0 and the denominator, n_points long."""
    dens = draw(st.lists(st.integers(20, 100_000), min_size=n_points, max_size=n_points))
    fracs = draw(st.lists(st.floats(0.02, 0.98), min_size=n_points, max_size=n_points))
    counts = [max(1, min(d - 1, round(f * d))) for f, d in zip(fracs, dens, strict=True)]
    return np.array(counts, dtype=float), np.array(dens, dtype=float)


@st.composite
def value_series(draw: st.DrawFn, n_points: int = 5) -> tuple[np.ndarray, ...]:
    """Values with positive-width 95% limits around them."""
    vals = draw(st.lists(st.floats(1.0, 1000.0), min_size=n_points, max_size=n_points))
    halfs = draw(st.lists(st.floats(0.01, 50.0), min_size=n_points, max_size=n_points))
    skew = draw(st.lists(st.floats(0.5, 1.5), min_size=n_points, max_size=n_points))
    y = np.array(vals)
    h = np.array(halfs)
    return y, y - h, y + h * np.array(skew)


@st.composite
def many_value_series(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """2-D values/lower/upper: series x points, some short (NaN-padded left)."""
    n = draw(st.integers(1, 8))
    width = draw(st.integers(5, 8))
    ys, ls, us = [], [], []
    for _ in range(n):
        y, lo, up = draw(value_series(width))
        pad = draw(st.integers(0, width - 3))
        y[:pad] = lo[:pad] = up[:pad] = np.nan
        ys.append(y)
        ls.append(lo)
        us.append(up)
    return np.array(ys), np.array(ls), np.array(us)
