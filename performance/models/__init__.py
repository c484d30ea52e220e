"""Performance models, one module per concern; import them from here."""

from .metrics import ImportBatch, ImportRowError, Level, Metric, Observation

__all__ = ["ImportBatch", "ImportRowError", "Level", "Metric", "Observation"]
