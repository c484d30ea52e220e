"""Performance models, one module per concern; import them from here."""

from .complaints import (
    BusinessCalendar,
    Complaint,
    ComplaintEvent,
    ComplaintPause,
    CustomerTier,
    Holiday,
    OpeningHours,
    RecoveryAction,
    RefresherRule,
    Severity,
    SlaTarget,
)
from .metrics import ImportBatch, ImportRowError, Level, Metric, Observation

__all__ = [
    "BusinessCalendar",
    "Complaint",
    "ComplaintEvent",
    "ComplaintPause",
    "CustomerTier",
    "Holiday",
    "ImportBatch",
    "ImportRowError",
    "Level",
    "Metric",
    "Observation",
    "OpeningHours",
    "RecoveryAction",
    "RefresherRule",
    "Severity",
    "SlaTarget",
]
