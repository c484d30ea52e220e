"""performance.selectors.period_figures, the set-based quarter aggregate, gives
what the per-employee selector gives for the same quarter."""

import datetime as dt
import random

import pytest

from people.models import Employee
from performance.models import Level, Metric, Observation
from performance.selectors import employee_record, period_figures, quarter_start
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 20)


@pytest.fixture
def latest_metric():
    return Metric.objects.create(
        code="headcount_ratio",
        name="在岗比",
        aggregation=Metric.Aggregation.LATEST,
        level=Level.EMPLOYEE,
        target=0.8,
        min_sample_size=1,
    )


def _observations(employees, metrics, rng):
    rows = []
    day = dt.date(2026, 1, 1)
    while day <= TODAY:
        for employee in employees:
            for metric in metrics:
                if rng.random() < 0.4:
                    continue
                rate = metric.aggregation == Metric.Aggregation.RATE
                den = rng.randint(1, 20) if rate else None
                rows.append(
                    Observation(
                        metric=metric,
                        level=Level.EMPLOYEE,
                        employee=employee,
                        period_start=day,
                        # Some observations span days, as weekly figures do.
                        period_end=day + dt.timedelta(days=rng.choice([0, 0, 6])),
                        value=round(rng.uniform(0, 100), 3),
                        numerator=rng.randint(0, den) if rate else None,
                        denominator=den,
                        sample_size=rng.choice([None, 5, 40]),
                        source=f"s{rng.randint(1, 3)}",
                    )
                )
        day += dt.timedelta(days=3)
    Observation.objects.bulk_create(rows, ignore_conflicts=True)


def test_quarter_figures_match_the_per_employee_selector(latest_metric):
    """For every employee and metric kind (rate, sum, mean, latest) the
    set-based figures equal employee_record(months=3)'s current figures."""
    rng = random.Random(7)
    employees = [EmployeeFactory() for _ in range(6)]
    metrics = list(
        Metric.objects.filter(
            code__in=["csat", "complaints", "aht", "fcr", "headcount_ratio"]
        )
    )
    assert {m.aggregation for m in metrics} == {"rate", "sum", "mean", "latest"}
    _observations(employees, metrics, rng)
    figures = period_figures(
        employees=Employee.objects.all(), start=quarter_start(TODAY)
    )
    compared = 0
    for employee in employees:
        for trend in employee_record(employee=employee, months=3, today=TODAY):
            got = figures.get(employee.pk, {}).get(trend.metric.pk)
            if trend.current is None:
                assert got is None
                continue
            assert got["value"] == pytest.approx(trend.current["value"])
            assert got["sample"] == trend.current["sample"]
            assert got["enough"] == trend.current["enough"]
            assert got["status"] == trend.current["status"]
            compared += 1
    assert compared >= len(employees) * len(metrics)


def test_quarter_figures_cover_only_given_employees_and_period(latest_metric):
    """Employees outside the queryset and observations before the quarter are
    left out."""
    inside, outside = EmployeeFactory(), EmployeeFactory()
    aht = Metric.objects.get(code="aht")
    for employee, day, value in [
        (inside, dt.date(2026, 3, 2), 100.0),
        (inside, dt.date(2026, 5, 2), 200.0),
        (inside, dt.date(2026, 2, 27), 999.0),  # before the quarter
        (outside, dt.date(2026, 4, 2), 50.0),
    ]:
        Observation.objects.create(
            metric=aht,
            level=Level.EMPLOYEE,
            employee=employee,
            period_start=day,
            period_end=day,
            value=value,
            source="t",
        )
    figures = period_figures(
        employees=Employee.objects.filter(pk=inside.pk), start=quarter_start(TODAY)
    )
    assert set(figures) == {inside.pk}
    assert figures[inside.pk][aht.pk]["value"] == pytest.approx(150.0)
    assert figures[inside.pk][aht.pk]["sample"] == 2
