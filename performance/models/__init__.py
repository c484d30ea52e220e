"""Performance models, one module per concern; import them from here."""

from .metrics import ImportBatch, ImportRowError, Level, Metric, Observation
from .reviews import (
    Adjustment,
    Dispute,
    PayrollExport,
    ResultComponent,
    ReviewCycle,
    ReviewResult,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
)

__all__ = [
    "Adjustment",
    "Dispute",
    "ImportBatch",
    "ImportRowError",
    "Level",
    "Metric",
    "Observation",
    "PayrollExport",
    "ResultComponent",
    "ReviewCycle",
    "ReviewResult",
    "ReviewScheme",
    "SchemeComponent",
    "SchemeTier",
]
