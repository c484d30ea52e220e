"""The one rule for who may see whose records.

Staff see their own; managers their store and direct reports; HR everyone;
trainers the learning records of learners in courses they run (the training app
passes those learners in, since this app cannot know about courses). Every
app's permissions.py builds on these functions.
"""

from typing import Literal

from django.db.models import Q, QuerySet

from .models import Employee
from .roles import MFA_GROUPS, Role, roles_of

RecordKind = Literal["learning", "performance"]


def employee_of(user) -> Employee | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None


def visibility_q(
    user, *, record: RecordKind, trainer_learners: QuerySet | None = None
) -> Q | None:
    """A filter on Employee for the records `user` may see; None means all."""
    roles = roles_of(user)
    if Role.HR in roles:
        return None
    me = employee_of(user)
    q = Q(pk__in=[])
    if me is not None:
        q |= Q(pk=me.pk)
        if Role.MANAGER in roles:
            q |= Q(manager=me)
            if me.store_id:
                q |= Q(store_id=me.store_id)
    if Role.TRAINER in roles and record == "learning" and trainer_learners is not None:
        q |= Q(pk__in=trainer_learners.values("pk"))
    return q


def employees_visible_to(
    user, *, record: RecordKind = "performance", trainer_learners=None
) -> QuerySet[Employee]:
    qs = Employee.objects.all()
    q = visibility_q(user, record=record, trainer_learners=trainer_learners)
    return qs if q is None else qs.filter(q)


def can_see_employee(
    user,
    employee: Employee,
    *,
    record: RecordKind = "performance",
    trainer_learners=None,
) -> bool:
    """May `user` see `employee`'s records of this kind? Decided by the same
    filter as the list views, so a page and its list can never disagree."""
    q = visibility_q(user, record=record, trainer_learners=trainer_learners)
    if q is None:
        return True
    me = employee_of(user)
    if me is not None and me.pk == employee.pk:
        return True
    return Employee.objects.filter(q, pk=employee.pk).exists()


def mfa_required(user) -> bool:
    """HR, trainers, lead trainers and anyone with a Django admin (staff,
    superusers) must have a second factor before any page or API beyond
    setting it up (people.middleware.MfaRequiredMiddleware): they see many
    people's personal data or edit what everyone learns."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    count = getattr(user, "mfa_group_count", None)
    if count is None:  # not loaded through people.roles.with_roles
        count = user.groups.filter(name__in=MFA_GROUPS).count()
    return count > 0


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    if not getattr(user, "is_authenticated", False):
        return False
    annotated = getattr(user, "has_totp", None)
    if annotated is not None:
        return bool(annotated)
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


def stores_visible_to(user):
    """Stores whose store-level figures `user` may see: HR all, a manager
    their own store, others none."""
    from .models import Store

    roles = roles_of(user)
    if Role.HR in roles:
        return Store.objects.all()
    me = employee_of(user)
    if Role.MANAGER in roles and me is not None and me.store_id:
        return Store.objects.filter(pk=me.store_id)
    return Store.objects.none()
