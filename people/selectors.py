from django.db.models import Q, QuerySet

from .access import employees_visible_to
from .models import Employee


def employee_directory(*, user, search: str = "") -> QuerySet[Employee]:
    qs = employees_visible_to(user, record="performance").select_related(
        "store", "team", "manager", "user"
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(number__icontains=search))
    return qs.order_by("number")
