import datetime as dt
from decimal import Decimal

import pytest

from performance.models import (
    Level,
    Metric,
    Observation,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
)
from performance.reviews import services
from performance.services import metric_builtins_ensure

START = dt.date(2026, 7, 1)
END = dt.date(2026, 9, 30)


def observe(employee, code, value, *, day=None, sample=None, source="test", batch=None):
    return Observation.objects.create(
        metric=Metric.objects.get(code=code),
        level=Level.EMPLOYEE,
        employee=employee,
        period_start=day or START,
        period_end=day or START,
        value=value,
        sample_size=sample,
        source=source,
        batch=batch,
    )


def make_scheme(*, code="q", components=None, tiers=None, by=None, **fields):
    """A saved scheme: mystery shopper (mean, target 85) 60 % and QA score
    (mean, target 90, minimum sample 5) 40 % by default,
    tiers C 0 (amount 0), B 60 (1.0 × base), A 80 (1.5 × base)."""
    metric_builtins_ensure()
    metrics = {m.code: m for m in Metric.objects.all()}
    scheme = ReviewScheme(
        code=code, name="季度激励", name_en="Quarterly incentive", **fields
    )
    scheme.base_amount = fields.get("base_amount", Decimal("1000"))
    scheme.max_adjustment = fields.get("max_adjustment", Decimal("5"))
    if components is None:
        components = [
            SchemeComponent(
                key="ms",
                kind="metric",
                metric=metrics["mystery_shopper"],
                weight=Decimal(60),
            ),
            SchemeComponent(
                key="qa", kind="metric", metric=metrics["qa_score"], weight=Decimal(40)
            ),
        ]
    if tiers is None:
        tiers = [
            SchemeTier(code="c", name="C", min_score=0, amount=Decimal("0")),
            SchemeTier(code="b", name="B", min_score=60, multiplier=Decimal("1")),
            SchemeTier(code="a", name="A", min_score=80, multiplier=Decimal("1.5")),
        ]
    return services.scheme_save(
        scheme=scheme, components=components, tiers=tiers, by=by
    )


@pytest.fixture
def scheme(hr):
    return make_scheme(by=hr.user)


@pytest.fixture
def cycle(scheme, hr, store):
    return services.cycle_open(
        scheme=scheme,
        name="2026 第三季度",
        name_en="2026 Q3",
        period_start=START,
        period_end=END,
        stores=[store],
        by=hr.user,
    )
