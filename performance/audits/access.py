"""Who sees, records and reviews which audit, built on people.access.

- Seeing: an employee's audit goes with their performance record (themself,
  their manager or store manager, HR); a store-only audit with the store's
  figures (people.access.stores_visible_to: its manager, HR).
- Recording (auditors): managers, for the employees and store they see, and
  HR for anyone. No separate auditor group: the brief's auditors are
  managers and HR, and calibration says how far to trust each one.
- Disputing: the audited employee, while no dispute is open.
- Deciding a dispute: HR, or a manager who sees the audit and did not do
  it (nobody reviews their own scoring).
"""

from django.db.models import Q, QuerySet

from people.access import employee_of, employees_visible_to, stores_visible_to
from people.roles import Role, roles_of

from ..models import Audit


def visibility_q(user) -> Q | None:
    """A filter on Audit for what `user` may see; None means all."""
    if Role.HR in roles_of(user):
        return None
    if employee_of(user) is None:
        return Q(pk__in=[])
    people = employees_visible_to(user, record="performance")
    return Q(employee__in=people.values("pk")) | Q(
        employee__isnull=True, store__in=stores_visible_to(user).values("pk")
    )


def audits_visible_to(user) -> QuerySet[Audit]:
    q = visibility_q(user)
    return Audit.objects.all() if q is None else Audit.objects.filter(q)


def can_record(user) -> bool:
    return bool(roles_of(user) & {Role.MANAGER, Role.HR}) and (
        employee_of(user) is not None
    )


def auditable_employees(user):
    """Whom `user` may audit: HR anyone active, a manager those they see
    (never themself)."""
    from people.models import Employee

    if Role.HR in roles_of(user):
        qs = Employee.objects.active()
    else:
        qs = employees_visible_to(user, record="performance").active()
    me = employee_of(user)
    return qs.exclude(pk=getattr(me, "pk", None)).order_by("name", "pk")


def auditable_stores(user):
    return stores_visible_to(user).order_by("code")


def can_dispute(user, audit: Audit) -> bool:
    me = employee_of(user)
    return me is not None and audit.employee_id == me.pk


def can_decide(user, audit: Audit) -> bool:
    """Call after the audit is known to be visible to `user`."""
    me = employee_of(user)
    if me is None or me.pk in (audit.employee_id, audit.auditor_id):
        return False
    return bool(roles_of(user) & {Role.MANAGER, Role.HR})
