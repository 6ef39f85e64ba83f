"""Pure, vectorised indicator statistics that reproduce the published UK methods.

Nothing here knows about frameworks or graphs: every function takes arrays,
Series or DataFrames and returns a DataFrame whose rows line up with its input.
"""

from outcomeframe.stats._levels import DEFAULT_LEVELS, limit_columns, normalise_levels
from outcomeframe.stats._polarity import Polarity

# --- intervals and units (proportion, rate, dsr, isr, mean, units) ---
# --- end intervals and units ---

# --- trends, comparisons and gaps ---
# --- end trends, comparisons and gaps ---

__all__ = [
    "DEFAULT_LEVELS",
    "Polarity",
    "limit_columns",
    "normalise_levels",
    # --- intervals and units names ---
    # --- trends, comparisons and gaps names ---
]
