"""Pure, vectorised indicator statistics that reproduce the published UK methods.

Nothing here knows about frameworks or graphs: every function takes arrays,
Series or DataFrames and returns a DataFrame whose rows line up with its input.

Examples
--------
>>> from outcomeframe import stats
>>> stats.proportion([318], [468])[["value", "lower_95", "upper_95"]].round(2)
   value  lower_95  upper_95
0  67.95     63.59     72.02
"""

from outcomeframe.stats._levels import DEFAULT_LEVELS, limit_columns, normalise_levels
from outcomeframe.stats._polarity import Polarity

# --- intervals and units (proportion, rate, dsr, isr, mean, units) ---
# isort: split
from outcomeframe.stats._dsr import ESP2013, dsr
from outcomeframe.stats._funnel import FUNNEL_STATISTICS, funnel_limits
from outcomeframe.stats._input import REASONS
from outcomeframe.stats._life_expectancy import LIFE_TABLE_BANDS, life_expectancy
from outcomeframe.stats._mean import mean
from outcomeframe.stats._proportion import proportion
from outcomeframe.stats._rate import isr, rate
from outcomeframe.stats._units import (
    check_same_unit,
    convert,
    convert_result,
    difference_unit,
    multiplier,
    parse_unit,
    result_unit,
    unit_for_multiplier,
    unit_name,
    unit_registry,
)

# isort: split
# --- end intervals and units ---

# --- trends, comparisons and gaps ---
from outcomeframe.stats._compare import (
    COMPARISON_LABELS,
    compare,
    quantile_groups,
    target_rag,
)
from outcomeframe.stats._gaps import GAP_TREND_LABELS, gap, gap_trend

# --- inequality across deprivation groups (sii, rii) ---
from outcomeframe.stats._sii import rii, sii
from outcomeframe.stats._sii_rank import deprivation_rank, parse_deprivation_label
from outcomeframe.stats._target import TARGET_LABELS, target_status
from outcomeframe.stats._trend import CHI2_THRESHOLD, TREND_LABELS, TrendResult, recent_trend

# --- end trends, comparisons and gaps ---

__all__ = [
    "DEFAULT_LEVELS",
    "Polarity",
    "limit_columns",
    "normalise_levels",
    # --- intervals and units names ---
    "ESP2013",
    "FUNNEL_STATISTICS",
    "LIFE_TABLE_BANDS",
    "REASONS",
    "check_same_unit",
    "convert",
    "convert_result",
    "difference_unit",
    "dsr",
    "funnel_limits",
    "isr",
    "life_expectancy",
    "mean",
    "multiplier",
    "parse_unit",
    "proportion",
    "rate",
    "result_unit",
    "unit_for_multiplier",
    "unit_name",
    "unit_registry",
    # --- trends, comparisons and gaps names ---
    "CHI2_THRESHOLD",
    "COMPARISON_LABELS",
    "GAP_TREND_LABELS",
    "TARGET_LABELS",
    "TREND_LABELS",
    "TrendResult",
    "compare",
    "gap",
    "gap_trend",
    "quantile_groups",
    "recent_trend",
    "target_rag",
    "target_status",
    # --- inequality across deprivation groups names ---
    "deprivation_rank",
    "parse_deprivation_label",
    "rii",
    "sii",
]
