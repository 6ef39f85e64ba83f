"""outcomeframe: outcomes frameworks as typed objects in a networkx graph.

The public API lives here; everything else is private and may change.
"""

from outcomeframe._errors import (
    ArgumentError,
    DataError,
    DuplicateIdError,
    FileFormatError,
    OutcomeFrameError,
    UnitError,
    UnitMismatchError,
    UnknownElementError,
    ValidationError,
)
from outcomeframe.stats._polarity import Polarity

__version__ = "0.1.0"

__all__ = [
    "ArgumentError",
    "DataError",
    "DuplicateIdError",
    "FileFormatError",
    "OutcomeFrameError",
    "Polarity",
    "UnitError",
    "UnitMismatchError",
    "UnknownElementError",
    "ValidationError",
    "__version__",
]
