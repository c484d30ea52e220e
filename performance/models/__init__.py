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
from .voice import (
    Dimension,
    QuestionnaireItem,
    QuestionnaireVersion,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
    SurveyToken,
)

__all__ = [
    "BusinessCalendar",
    "Complaint",
    "ComplaintEvent",
    "ComplaintPause",
    "CustomerTier",
    "Dimension",
    "Holiday",
    "ImportBatch",
    "ImportRowError",
    "Level",
    "Metric",
    "Observation",
    "OpeningHours",
    "QuestionnaireItem",
    "QuestionnaireVersion",
    "RecoveryAction",
    "RefresherRule",
    "Severity",
    "SlaTarget",
    "Survey",
    "SurveyAnswer",
    "SurveyKind",
    "SurveyResponse",
    "SurveyToken",
]
