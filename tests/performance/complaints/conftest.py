import datetime as dt

import pytest
from django.utils import timezone

from performance.complaints import services
from performance.models import Complaint


@pytest.fixture(autouse=True)
def _english():
    # Messages are matched in English whatever an earlier test activated.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def make_complaint(staff, store):
    """make_complaint(**overrides) -> a complaint recorded by `staff` in `store`."""

    def make(**kw):
        values = {
            "by": staff,
            "store": store,
            "channel": Complaint.Channel.PHONE,
            "category": Complaint.Category.ATTITUDE,
            "severity": "medium",
            "customer_tier": "standard",
            "description": "The clerk was rude / 店员态度差",
            "employees": [staff],
            "customer_name": "王女士",
            "customer_contact": "13800000000",
        }
        values.update(kw)
        return services.complaint_record(**values)

    return make


def walk_to(complaint, state, *, by, approver):
    """Move a complaint through the steps up to `state`."""
    S = Complaint.State
    steps = [
        (S.VALIDATED, lambda c: services.complaint_validate(complaint=c, by=by)),
        (
            S.ASSIGNED,
            lambda c: services.complaint_assign(
                complaint=c, by=by, department="front_line"
            ),
        ),
        (
            S.ANALYSED,
            lambda c: services.complaint_analyse(complaint=c, by=by, cause="c"),
        ),
        (
            S.PROPOSED,
            lambda c: services.complaint_propose(complaint=c, by=by, resolution="r"),
        ),
        (S.APPROVED, lambda c: services.complaint_approve(complaint=c, by=approver)),
        (
            S.CARRIED_OUT,
            lambda c: services.complaint_carry_out(
                complaint=c, by=by, customer_feedback="ok"
            ),
        ),
        (S.CLOSED, lambda c: services.complaint_close(complaint=c, by=by, review="v")),
    ]
    for target, step in steps:
        complaint = step(complaint)
        if target == state:
            return complaint
    return complaint


@pytest.fixture
def always_open(db):
    """The default calendar open around the clock, so tests can reason in
    plain hours."""
    calendar = services.calendar_default()
    services.calendar_save(
        calendar=calendar,
        hours=[(d, dt.time(0), dt.time(0)) for d in range(7)],
        holidays=[],
    )
    return calendar


def hours_ago(n):
    return timezone.now() - dt.timedelta(hours=n)
