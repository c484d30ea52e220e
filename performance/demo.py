"""Demo performance data: the built-in metrics and about 14 months of plausible
observations for the demo employees, teams and stores. Idempotent: a second
run adds nothing. Runs after people.demo.seed()."""

import datetime as dt
import random

from django.utils import timezone

from people.models import Employee, Store, Team

from .models import Level, Metric, Observation
from .services import metric_builtins_ensure

SOURCE = "demo"
# Whole calendar months up to today, so every monthly figure the reports
# compare (the effectiveness report's pre-periods included) covers its full
# month whatever the day the demo is seeded.
MONTHS = 14


def _first_day(today: dt.date) -> dt.date:
    index = today.year * 12 + today.month - 1 - MONTHS
    return dt.date(index // 12, index % 12 + 1, 1)


def _metrics() -> dict[str, Metric]:
    metric_builtins_ensure()
    return {m.code: m for m in Metric.objects.all()}


def seed() -> dict:
    metrics = _metrics()
    if Observation.objects.filter(source=SOURCE).exists():
        return {"observations": 0}
    today = timezone.localdate()
    start = _first_day(today)
    days = (today - start).days
    rows: list[Observation] = []

    def add(metric, day, value, *, end=None, level=Level.EMPLOYEE, **extra):
        rows.append(
            Observation(
                metric=metrics[metric],
                level=level,
                period_start=day,
                period_end=end or day,
                value=round(value, 2),
                source=SOURCE,
                **extra,
            )
        )

    for employee in Employee.objects.filter(number__startswith="E").order_by("number"):
        rng = random.Random(employee.number)
        skill = rng.uniform(-1, 1)
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            if day.weekday() == 6:
                continue
            # Training four months ago shows up as a gradual improvement.
            lift = max(0.0, min(1.0, (offset - (days - 120)) / 60))
            contacts = rng.randint(25, 60)
            satisfied = min(
                contacts, int(contacts * (0.84 + 0.04 * skill + 0.05 * lift))
            )
            resolved = min(
                contacts,
                int(
                    contacts * (0.74 + 0.05 * skill + 0.06 * lift + rng.gauss(0, 0.03))
                ),
            )
            complaints = 1 if rng.random() < 0.12 - 0.05 * lift else 0
            common = {"employee": employee}
            add(
                "aht",
                day,
                rng.gauss(330 - 20 * skill - 30 * lift, 25),
                sample_size=contacts,
                **common,
            )
            add(
                "csat",
                day,
                satisfied / contacts * 100,
                numerator=satisfied,
                denominator=contacts,
                **common,
            )
            add(
                "fcr",
                day,
                resolved / contacts * 100,
                numerator=resolved,
                denominator=contacts,
                **common,
            )
            add("complaints", day, complaints, **common)
            add(
                "complaint_rate",
                day,
                complaints / contacts * 100,
                numerator=complaints,
                denominator=contacts,
                **common,
            )
            if day.weekday() == 4:
                add(
                    "qa_score",
                    day,
                    min(100, rng.gauss(84 + 3 * skill + 6 * lift, 4)),
                    sample_size=5,
                    **common,
                )
            if day.day == 15:
                add(
                    "mystery_shopper",
                    day,
                    min(100, rng.gauss(80 + 4 * skill + 7 * lift, 5)),
                    **common,
                )
    month = start.replace(day=1)
    while month <= today:
        end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        for team in Team.objects.all():
            rng = random.Random(f"{team.code}{month}")
            calls = rng.randint(2000, 4000)
            answered = int(calls * rng.uniform(0.82, 0.95))
            add(
                "answer_20s",
                month,
                answered / calls * 100,
                end=end,
                level=Level.TEAM,
                team=team,
                numerator=answered,
                denominator=calls,
            )
        for store in Store.objects.all():
            rng = random.Random(f"{store.code}{month}")
            add(
                "nps",
                month,
                rng.uniform(15, 50),
                end=end,
                level=Level.STORE,
                store=store,
                sample_size=rng.randint(60, 200),
            )
            formal = rng.randint(8, 30)
            on_time = formal - rng.randint(0, 3)
            add(
                "complaint_reply_sla",
                month,
                on_time / formal * 100,
                end=end,
                level=Level.STORE,
                store=store,
                numerator=on_time,
                denominator=formal,
            )
            if month.month in (1, 4, 7, 10):
                quarter_end = (month + dt.timedelta(days=95)).replace(
                    day=1
                ) - dt.timedelta(days=1)
                for dim in (
                    "tangibles",
                    "reliability",
                    "responsiveness",
                    "assurance",
                    "empathy",
                ):
                    add(
                        f"servqual_{dim}",
                        month,
                        rng.uniform(-1.4, 0.3),
                        end=quarter_end,
                        level=Level.STORE,
                        store=store,
                        sample_size=rng.randint(40, 120),
                    )
        month = end + dt.timedelta(days=1)
    Observation.objects.bulk_create(rows, batch_size=5000)
    return {"observations": len(rows)}
