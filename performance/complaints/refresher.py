"""HR's refresher rules: an upheld complaint assigns a course to the people
it names, through training's assignment service (training owns enrolments)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from ..models import Complaint, RefresherRule, Severity

SEVERITY_RANK = {s: i for i, s in enumerate(Severity.values)}  # low … critical


def rules_for(complaint: Complaint) -> list[RefresherRule]:
    rank = SEVERITY_RANK[complaint.severity]
    rules = RefresherRule.objects.filter(is_active=True).filter(
        Q(category="") | Q(category=complaint.category)
    )
    return [r for r in rules if SEVERITY_RANK[r.min_severity] <= rank]


def refresher_assign(*, complaint: Complaint, by=None) -> int:
    """Assign each matching rule's course to each employee named in the
    complaint, if it was upheld (closed after being found valid). Training's
    service is idempotent: a course already current is not assigned twice.
    Returns the number of enrolments touched."""
    from training.services import assignment_create

    if complaint.state != Complaint.State.CLOSED or complaint.invalid_reason:
        return 0
    employees = list(complaint.employees.filter(status="active"))
    if not employees:
        return 0
    touched = 0
    today = timezone.localdate()
    for rule in rules_for(complaint):
        touched += len(
            assignment_create(
                course=rule.course,
                employees=employees,
                due_date=today + dt.timedelta(days=rule.due_in_days),
                assigned_by=by,
                source="remedial",  # training.models.learning.Source.REMEDIAL
            )
        )
    return touched
