"""The four roles are Django groups; a user may hold several."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    STAFF = "staff"
    MANAGER = "manager"
    TRAINER = "trainer"
    HR = "hr"


ROLE_LABELS = {
    Role.STAFF: _("Staff"),
    Role.MANAGER: _("Manager"),
    Role.TRAINER: _("Trainer"),
    Role.HR: _("HR"),
}


def roles_of(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {Role.HR}
        user._roles_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
