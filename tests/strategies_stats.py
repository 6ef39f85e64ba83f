"""Hypothesis strategies for the indicator statistics (counts, denominators, levels, units)."""

from __future__ import annotations

from hypothesis import strategies as st

#: Two-sided confidence levels that exercise the whole useful range.
levels = st.floats(min_value=0.5, max_value=0.9999, allow_nan=False)

#: Denominators from tiny to national populations; non-integer aggregates included.
denominators = st.one_of(
    st.integers(min_value=1, max_value=50_000_000).map(float),
    st.floats(min_value=0.5, max_value=5e7, allow_nan=False, allow_infinity=False),
)

#: Counts for rates: zero, small (exact Poisson) and large (Byar's), integer or not.
rate_counts = st.one_of(
    st.integers(min_value=0, max_value=9).map(float),
    st.integers(min_value=10, max_value=5_000_000).map(float),
    st.floats(min_value=0.0, max_value=5e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def count_and_denominator(draw: st.DrawFn) -> tuple[float, float]:
    """A valid proportion: ``0 <= count <= denominator``, ``denominator > 0``."""
    n = draw(denominators)
    share = draw(st.one_of(st.just(0.0), st.just(1.0), st.floats(min_value=0.0, max_value=1.0)))
    x = float(round(n * share)) if n.is_integer() else n * share
    return min(x, n), n


@st.composite
def proportion_rows(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 30
) -> list[tuple[float, float]]:
    """Several valid (count, denominator) rows."""
    return draw(st.lists(count_and_denominator(), min_size=min_size, max_size=max_size))


@st.composite
def grouped_rows(
    draw: st.DrawFn, max_groups: int = 6, max_rows: int = 40
) -> list[tuple[str, float, float]]:
    """Rows ``(group, count, denominator)`` with integer counts, valid for proportions."""
    groups = [f"g{i}" for i in range(draw(st.integers(1, max_groups)))]
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(groups),
                st.integers(0, 10_000),
                st.integers(1, 10_000),
            ),
            min_size=1,
            max_size=max_rows,
        )
    )
    return [(g, float(min(x, n)), float(n)) for g, x, n in rows]


#: Units that are plain scalings of one another.
ratio_units = st.sampled_from(
    ["dimensionless", "percent", "per_1000", "per_10000", "per_100000", "per_1000000"]
)

#: Finite values of the size indicators take (and beyond).
# Indicator values: zero, or magnitudes far from the subnormal range (a value near
# 1e-303 scaled by 1e-6 would lose precision to underflow, which no indicator meets).
unit_values = st.floats(
    min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False, allow_subnormal=False
).filter(lambda v: v == 0 or abs(v) >= 1e-200)
