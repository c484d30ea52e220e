"""Who sees and handles which complaint, built on people.access.

- Staff see complaints they own, recorded or are named in (a complaint about
  them is part of their performance record, as people.access has it).
- Managers also see their store's complaints and those naming or owned by
  their direct reports.
- HR sees all.
- The customer's name and contact (personal data) only the current owner
  and HR see; the person who recorded it loses sight of them on hand-over.
- Handling (moves, reply, pause, recovery, hand-over): the owner, a manager
  who can see it, HR. Approval (step 6) needs a manager or HR: the
  supervisor's approval is the point of that step.
"""

from django.db.models import Q, QuerySet

from people.access import employee_of
from people.roles import Role, roles_of

from ..models import Complaint


def visibility_q(user) -> Q | None:
    """A filter on Complaint for what `user` may see; None means all."""
    roles = roles_of(user)
    if Role.HR in roles:
        return None
    me = employee_of(user)
    if me is None:
        return Q(pk__in=[])
    involved = Complaint.employees.through.objects.filter(employee=me)
    q = Q(owner=me) | Q(recorded_by=me) | Q(pk__in=involved.values("complaint_id"))
    if Role.MANAGER in roles:
        team = Complaint.employees.through.objects.filter(employee__manager=me)
        q |= Q(owner__manager=me) | Q(pk__in=team.values("complaint_id"))
        if me.store_id:
            q |= Q(store_id=me.store_id)
    return q


def complaints_visible_to(user) -> QuerySet[Complaint]:
    q = visibility_q(user)
    qs = Complaint.objects.all()
    return qs if q is None else qs.filter(q)


def can_see(user, complaint: Complaint) -> bool:
    q = visibility_q(user)
    return q is None or Complaint.objects.filter(q, pk=complaint.pk).exists()


def can_see_customer(user, complaint: Complaint) -> bool:
    if Role.HR in roles_of(user):
        return True
    me = employee_of(user)
    return me is not None and me.pk == complaint.owner_id


def can_handle(user, complaint: Complaint) -> bool:
    """Owner, HR, or a manager who can see the complaint. Call after can_see
    (the manager clause relies on it)."""
    roles = roles_of(user)
    if Role.HR in roles:
        return True
    me = employee_of(user)
    if me is None:
        return False
    return me.pk == complaint.owner_id or Role.MANAGER in roles


def can_approve(user) -> bool:
    return bool(roles_of(user) & {Role.MANAGER, Role.HR})
