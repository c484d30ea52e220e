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
    "Adjustment",
    "Dimension",
    "Dispute",
    "ImportBatch",
    "ImportRowError",
    "Level",
    "Metric",
    "Observation",
    "PayrollExport",
    "QuestionnaireItem",
    "QuestionnaireVersion",
    "ResultComponent",
    "ReviewCycle",
    "ReviewResult",
    "ReviewScheme",
    "SchemeComponent",
    "SchemeTier",
    "Survey",
    "SurveyAnswer",
    "SurveyKind",
    "SurveyResponse",
    "SurveyToken",
]
