"""Reads for the survey pages: a bounded number of queries whatever the
number of responses (the figures come from the monthly observations)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from ..models import Dimension, Observation, Survey, SurveyResponse
from . import scoring
from .services import GAP_METRICS, SOURCE

SHORT_METRICS = ("csat", "nps", "ces")


def surveys_for(stores):
    return (
        Survey.objects.filter(store__in=stores)
        .select_related("version", "store", "employee")
        .annotate(n=Count("responses"))
        .order_by("store__code", "name")
    )


def recent_tokens(survey: Survey, limit: int = 20):
    return survey.tokens.order_by("-created_at")[:limit]


def response_counts(survey: Survey) -> dict:
    month = timezone.localdate().replace(day=1)
    return SurveyResponse.objects.filter(survey=survey).aggregate(
        total=Count("pk"),
        this_month=Count("pk", filter=Q(submitted_on__gte=month)),
        last=Max("submitted_on"),
    )


@dataclass
class MonthRow:
    month: dt.date
    values: dict = field(default_factory=dict)  # metric code → (value, n)


@dataclass
class StoreResults:
    rows: list[MonthRow]
    dimension_labels: list[str]
    latest: MonthRow | None

    @property
    def month_labels(self) -> list[str]:
        return [r.month.strftime("%Y-%m") for r in self.rows]

    @property
    def latest_values(self) -> list:
        if self.latest is None:
            return []
        return [
            _round(self.latest.values.get(f"servqual_{d}", (None, 0))[0])
            for d in scoring.DIMENSIONS
        ]

    @property
    def overall_trend(self) -> list:
        return [
            _round(r.values.get("servqual_overall", (None, 0))[0]) for r in self.rows
        ]

    @property
    def trend_rows(self) -> list[dict]:
        codes = ("servqual_overall", "servqual_weighted", *SHORT_METRICS)
        return [
            {"month": r.month, "cells": [r.values.get(c, (None, 0)) for c in codes]}
            for r in self.rows
        ]

    @property
    def dimension_cells(self) -> list[tuple[str, float | None, int]]:
        """(label, value, n) per dimension of the latest month with SERVQUAL."""
        if self.latest is None:
            return []
        return [
            (label, *self.latest.values.get(f"servqual_{d}", (None, 0)))
            for d, label in zip(scoring.DIMENSIONS, self.dimension_labels, strict=True)
        ]


def _round(value):
    return None if value is None else round(value, 2)


def store_results(*, store, months: int = 12, today=None) -> StoreResults:
    """One store's survey figures per month over the last `months` (one query)."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _ in range(months - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    codes = [*GAP_METRICS.values(), *SHORT_METRICS]
    observations = (
        Observation.objects.filter(
            store=store,
            level="store",
            source=SOURCE,
            metric__code__in=codes,
            period_start__gte=start,
        )
        .values_list("period_start", "metric__code", "value", "sample_size")
        .order_by("period_start")
    )
    rows: dict[dt.date, MonthRow] = {}
    for month, code, value, n in observations:
        rows.setdefault(month, MonthRow(month)).values[code] = (value, n or 0)
    ordered = list(rows.values())
    latest = next(
        (r for r in reversed(ordered) if "servqual_overall" in r.values), None
    )
    labels = [str(Dimension(d).label) for d in scoring.DIMENSIONS]
    return StoreResults(ordered, labels, latest)
