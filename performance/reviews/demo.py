"""Demo review cycles: one scheme (both languages), last quarter's cycle
computed, published and locked, and this quarter's cycle open for manager
review. Idempotent: a second run adds nothing. Runs after performance.demo
(the observations) and training.demo (role-plays, quiz grades)."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import Metric, ReviewCycle, ReviewScheme, SchemeComponent, SchemeTier
from ..services import metric_builtins_ensure
from . import services

CODE = "quarterly-service"


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    nxt = (first + dt.timedelta(days=95)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def _scheme(by) -> ReviewScheme:
    existing = ReviewScheme.objects.filter(code=CODE).order_by("-version").first()
    if existing:
        return existing
    metric_builtins_ensure()
    m = {x.code: x for x in Metric.objects.all()}
    components = [
        SchemeComponent(
            key="csat", kind="metric", metric=m["csat"], weight=Decimal(30)
        ),
        SchemeComponent(
            key="fcr",
            kind="metric",
            metric=m["fcr"],
            normalisation="percentile",
            weight=Decimal(20),
        ),
        SchemeComponent(key="aht", kind="metric", metric=m["aht"], weight=Decimal(10)),
        SchemeComponent(
            key="qa", kind="metric", metric=m["qa_score"], weight=Decimal(15)
        ),
        SchemeComponent(
            key="roleplay", kind="roleplay", calibrated_only=True, weight=Decimal(15)
        ),
        SchemeComponent(key="quiz", kind="quiz_grade", weight=Decimal(5)),
        SchemeComponent(key="on_time", kind="courses_on_time", weight=Decimal(5)),
    ]
    tiers = [
        SchemeTier(
            code="c", name="待提升", name_en="Developing", min_score=0, amount=0
        ),
        SchemeTier(code="b", name="达标", name_en="Meets", min_score=70, multiplier=1),
        SchemeTier(
            code="a",
            name="卓越",
            name_en="Outstanding",
            min_score=90,
            multiplier=Decimal("1.5"),
            max_share=Decimal(30),
        ),
    ]
    scheme = ReviewScheme(
        code=CODE,
        name="季度服务激励",
        name_en="Quarterly service incentive",
        base_amount=Decimal("2000"),
        max_adjustment=Decimal("5"),
        min_tenure_days=30,
        # Severe complaints only: the demo's one upheld complaint is medium,
        # so the setting shows on the scheme without changing the results.
        complaint_gate="high",
    )
    return services.scheme_save(
        scheme=scheme, components=components, tiers=tiers, by=by
    )


def seed() -> dict:
    if ReviewCycle.objects.filter(scheme__code=CODE).exists():
        return {"cycles": 0}
    hr = get_user_model().objects.filter(email="hr@demo.local").first()
    scheme = _scheme(hr)
    today = timezone.localdate()
    this_start, this_end = _quarter(today)
    last_start, last_end = _quarter(this_start - dt.timedelta(days=1))
    last = services.cycle_open(
        scheme=scheme,
        name=f"{last_start.year} 年第 {(last_start.month + 2) // 3} 季度",
        name_en=f"{last_start.year} Q{(last_start.month + 2) // 3}",
        period_start=last_start,
        period_end=last_end,
        by=hr,
    )
    services.cycle_compute(cycle=last, by=hr, reason="demo")
    services.cycle_calibrate(cycle=last, by=hr, reason="demo")
    services.cycle_publish(cycle=last, by=hr, reason="demo")
    services.cycle_close_appeals(cycle=last, by=hr, reason="demo")
    services.cycle_lock(cycle=last, by=hr, reason="demo")
    current = services.cycle_open(
        scheme=scheme,
        name=f"{this_start.year} 年第 {(this_start.month + 2) // 3} 季度",
        name_en=f"{this_start.year} Q{(this_start.month + 2) // 3}",
        period_start=this_start,
        period_end=this_end,
        by=hr,
    )
    services.cycle_compute(cycle=current, by=hr, reason="demo")
    return {"cycles": 2}
