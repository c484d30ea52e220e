import datetime as dt

import pytest
from django.utils import timezone

from performance.complaints import services
from performance.complaints.metrics import complaint_observations_recompute
from performance.complaints.refresher import refresher_assign
from performance.models import Complaint, Level, Metric, Observation, RefresherRule
from tests.courses import factories as cf
from tests.training.conftest import make_course

from .conftest import walk_to

pytestmark = pytest.mark.django_db
S = Complaint.State


def _obs(code, **subject):
    return Observation.objects.get(metric__code=code, source="complaints", **subject)


def _month():
    return timezone.localdate().replace(day=1)


def test_counts_rate_and_reply_sla_become_observations(
    make_complaint, staff, manager, store, always_open
):
    """Hand-computed: three valid complaints (one invalid left out) naming
    staff, 600 contacts → 0.5 per 100; two replied in time, one past due
    unreplied, one still inside its window → 2 of 3 = 66.7 % within SLA."""
    Observation.objects.create(
        metric=Metric.objects.get(code="contacts"),
        level=Level.EMPLOYEE,
        employee=staff,
        period_start=_month(),
        period_end=_month(),
        value=600,
        source="till",
    )
    now = timezone.now()
    in_time = make_complaint(received_at=now - dt.timedelta(hours=1))
    services.complaint_reply(complaint=in_time, by=staff)
    in_time2 = make_complaint(received_at=now - dt.timedelta(hours=2))
    services.complaint_reply(complaint=in_time2, by=staff)
    make_complaint(  # critical VIP: 3 h target, received 4 h ago, no reply
        severity="critical",
        customer_tier="vip",
        received_at=now - dt.timedelta(hours=4),
    )
    make_complaint(received_at=now - dt.timedelta(minutes=5), employees=[])  # in window
    invalid = make_complaint(received_at=now - dt.timedelta(minutes=1))
    services.complaint_invalidate(complaint=invalid, by=staff, reason="Not ours")
    if now.astimezone(timezone.get_current_timezone()).day == 1 and now.hour < 5:
        pytest.skip("the complaints above straddle a month boundary")
    complaint_observations_recompute(month=_month())

    assert _obs("complaints", employee=staff).value == 3
    assert _obs("complaints", store=store).value == 4
    rate = _obs("complaint_rate", employee=staff)
    assert (rate.value, rate.numerator, rate.denominator) == (0.5, 3, 600)
    reply = _obs("complaint_reply_sla", store=store)
    assert (reply.numerator, reply.denominator) == (2, 3)
    assert reply.value == pytest.approx(66.667, abs=0.01)


def test_recompute_is_idempotent_and_follows_changes(
    make_complaint, staff, store, django_capture_on_commit_callbacks
):
    """Each change enqueues the month's recompute after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        c = make_complaint()
    assert Observation.objects.filter(source="complaints", store=store).count() == 1
    complaint_observations_recompute(month=_month())
    complaint_observations_recompute(month=_month())
    assert Observation.objects.filter(source="complaints", store=store).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_invalidate(complaint=c, by=staff, reason="duplicate")
    assert not Observation.objects.filter(source="complaints").exists()


def test_no_contacts_means_no_rate(make_complaint, staff):
    make_complaint()
    assert not Observation.objects.filter(metric__code="complaint_rate").exists()


@pytest.fixture
def refresher_course(db):
    from tests.training.conftest import wagtail_root

    wagtail_root()
    return make_course(cf.library_site(), lessons=1)


def test_upheld_complaint_assigns_refresher(
    make_complaint, staff, manager, refresher_course, hr
):
    """HR's rule (attitude, from medium) assigns the course to the employee
    named in a closed upheld complaint, once, as a remedial enrolment."""
    from training.selectors import current_enrollment

    RefresherRule.objects.create(
        category="attitude", min_severity="medium", course=refresher_course
    )
    RefresherRule.objects.create(
        category="billing", min_severity="low", course=refresher_course
    )
    c = walk_to(make_complaint(), S.CLOSED, by=staff, approver=manager)
    enrollment = current_enrollment(staff, refresher_course)
    assert enrollment is not None and enrollment.source == "remedial"
    assert enrollment.due_date == timezone.localdate() + dt.timedelta(days=14)
    assert refresher_assign(complaint=c) == 1  # idempotent in training
    from training.models import Enrollment

    assert Enrollment.objects.filter(employee=staff).count() == 1


def test_low_severity_or_invalid_assigns_nothing(
    make_complaint, staff, manager, refresher_course
):
    from training.models import Enrollment

    RefresherRule.objects.create(
        category="", min_severity="high", course=refresher_course
    )
    walk_to(make_complaint(severity="medium"), S.CLOSED, by=staff, approver=manager)
    c = make_complaint(severity="critical")
    services.complaint_invalidate(complaint=c, by=staff, reason="not us")
    assert refresher_assign(complaint=c) == 0
    assert not Enrollment.objects.filter(employee=staff).exists()
