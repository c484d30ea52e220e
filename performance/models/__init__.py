"""Performance models, one module per concern; import them from here."""

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
    "Dimension",
    "ImportBatch",
    "ImportRowError",
    "Level",
    "Metric",
    "Observation",
    "QuestionnaireItem",
    "QuestionnaireVersion",
    "Survey",
    "SurveyAnswer",
    "SurveyKind",
    "SurveyResponse",
    "SurveyToken",
]
