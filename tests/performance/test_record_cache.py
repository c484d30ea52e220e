"""The record page's metrics part is cached per employee, period, language and
data version (performance.views._record_section): an import or a metric edit
shows at once, and one employee's figures never appear on another's page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import Metric
from performance.services import observations_import_file

pytestmark = pytest.mark.django_db

HEADER = "工号,指标,日期,数值,分子,分母\n"


def _import(tmp_path, number, value, day=None):
    day = day or timezone.localdate()
    path = tmp_path / f"obs-{number}-{value}.csv"
    path.write_text(HEADER + f"{number},aht,{day:%Y-%m-%d},{value},,\n")
    result = observations_import_file(file=str(path), source=f"t{value}")
    assert result.ok


def test_import_shows_on_cached_record(staff, login, tmp_path):
    """A committed import batch appears on a record page already cached."""
    _import(tmp_path, staff.number, 311)
    client = login(staff)
    url = reverse("performance:my_record")
    assert "311.00" in client.get(url).content.decode()
    _import(tmp_path, staff.number, 455, day=timezone.localdate() - dt.timedelta(1))
    html = client.get(url).content.decode()
    assert "383.00" in html  # the month's mean of 311 and 455


def test_metric_edit_shows_on_cached_record(staff, login, tmp_path):
    _import(tmp_path, staff.number, 311)
    client = login(staff)
    url = reverse("performance:my_record")
    client.get(url)
    metric = Metric.objects.get(code="aht")
    metric.target = 123.45
    metric.save()
    assert "123.45" in client.get(url).content.decode()


def test_cached_record_of_one_employee_is_not_anothers(
    staff, manager, login, tmp_path, django_assert_max_num_queries
):
    """The manager opens two records in turn: each shows its own figures; the
    second view of a record is served from the cache in fewer queries."""
    other = type(staff).objects.create(
        user=type(staff.user).objects.create(email="second@example.com"),
        number="S-2",
        name="Second",
        position=staff.position,
        store=staff.store,
        manager=manager,
    )
    _import(tmp_path, staff.number, 777)
    _import(tmp_path, other.number, 222)
    client = login(manager)
    first = reverse("performance:employee_record", args=[staff.pk])
    second = reverse("performance:employee_record", args=[other.pk])
    html = client.get(first).content.decode()
    assert "777.00" in html and "222.00" not in html
    with django_assert_max_num_queries(9):
        html = client.get(first).content.decode()
    assert "777.00" in html and "222.00" not in html
    html = client.get(second).content.decode()
    assert "222.00" in html and "777.00" not in html
    title = client.get(second).content.decode()
    assert "Second" in title and "My performance record" not in title


def test_cached_own_record_runs_four_queries(
    staff, login, tmp_path, django_assert_num_queries
):
    """Once cached, a staff member's own record costs the session, the user
    (with roles), the employee with store and team, and the metric
    definitions (the cache key's version)."""
    _import(tmp_path, staff.number, 777)
    client = login(staff)
    url = reverse("performance:my_record")
    client.get(url)
    with django_assert_num_queries(4):
        html = client.get(url).content.decode()
    assert "777.00" in html and "My performance record" in html
