from django.db.models import Q, QuerySet

from .access import employees_visible_to
from .models import Employee


def employee_search(qs: QuerySet[Employee], search: str) -> QuerySet[Employee]:
    """Employees whose name or number contains `search` (any case). On
    PostgreSQL both are covered by trigram indexes (migration 0004), so this
    is no sequential scan of the whole roster."""
    if not search:
        return qs
    return qs.filter(Q(name__icontains=search) | Q(number__icontains=search))


def employee_directory(
    *, user, search: str = "", store=None, team=None, position="", status=""
) -> QuerySet[Employee]:
    """The employees `user` may see, searched and filtered (each filter
    optional), by number."""
    qs = employees_visible_to(user, record="performance").select_related(
        "store", "team", "manager"
    )
    if store is not None:
        qs = qs.filter(store=store)
    if team is not None:
        qs = qs.filter(team=team)
    if position:
        qs = qs.filter(position=position)
    if status:
        qs = qs.filter(status=status)
    return employee_search(qs, search).order_by("number")


def employee_profile(user) -> Employee | None:
    """The signed-in user's employee record with store and team (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Employee.objects.select_related("store", "team").filter(user=user).first()


def store_managers(store_id: int) -> list[Employee]:
    """Active employees holding the manager role in a store (with users)."""
    from .roles import Role

    return list(
        Employee.objects.active()
        .filter(store_id=store_id, user__groups__name=Role.MANAGER)
        .select_related("user")
        .distinct()
    )


# --- notifications (the bell) -------------------------------------------------

UNREAD_SECONDS = 300


def _unread_key(user_id: int) -> str:
    return f"people:notifications:unread:{user_id}"


def unread_count(user) -> int:
    """The bell's number: cached per user (a cache read on every page; one
    COUNT on a partial index after a change or five minutes)."""
    from django.core.cache import cache

    from .models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(
            employee__user_id=user.pk, read_at__isnull=True
        ).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def notifications_changed(user_id: int) -> None:
    from django.core.cache import cache

    cache.delete(_unread_key(user_id))


def notifications_of(employee: Employee, *, limit: int = 30) -> list:
    from .models import Notification

    return list(Notification.objects.filter(employee=employee)[:limit])
