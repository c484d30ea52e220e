"""The four roles are Django groups; a user may hold several."""

from enum import StrEnum

from django.db.models import Aggregate, CharField, Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    STAFF = "staff"
    MANAGER = "manager"
    TRAINER = "trainer"
    HR = "hr"


# Groups whose members see many people's data or edit content (the Wagtail
# admin): they need a second factor (people.access.mfa_required).
MFA_GROUPS = ("hr", "trainer", "lead_trainer")

ROLE_LABELS = {
    Role.STAFF: _("Staff"),
    Role.MANAGER: _("Manager"),
    Role.TRAINER: _("Trainer"),
    Role.HR: _("HR"),
}


class _RoleNames(Aggregate):
    """The user's role group names joined by "|" (no role name holds one)."""

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s, '|')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def with_roles(users: QuerySet) -> QuerySet:
    """Users annotated with their role names, so `roles_of` needs no query.
    The request's user is loaded this way (people.auth_backends): the role
    check every page makes costs no second query. Only the four role groups
    are aggregated, so another group's name can't be taken for a role."""
    from allauth.mfa.models import Authenticator

    return users.annotate(
        role_names=_RoleNames("groups__name", filter=Q(groups__name__in=list(Role))),
        # people.access.mfa_required / has_mfa read these: no extra query.
        mfa_group_count=Count("groups", filter=Q(groups__name__in=MFA_GROUPS)),
        has_totp=Exists(
            Authenticator.objects.filter(
                user=OuterRef("pk"), type=Authenticator.Type.TOTP
            )
        ),
    )


def _roles(names, is_superuser: bool) -> frozenset[str]:
    roles = frozenset(names)
    return roles | {Role.HR} if is_superuser else roles


def roles_of(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        annotated = getattr(user, "role_names", False)
        if annotated is not False:  # loaded through with_roles()
            names = annotated.split("|") if annotated else []
        else:
            names = user.groups.filter(name__in=list(Role)).values_list(
                "name", flat=True
            )
        cached = user._roles_cache = _roles(names, user.is_superuser)
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
