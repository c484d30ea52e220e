"""The written access policy, one entry per named route of our apps.

Each app lists its routes in tests/<app>/route_policy.py as
`ROUTES = {"app:name": Route(...)}`; tests/test_route_policy.py walks every URL
pattern in the URLconf for each role and fails on a route without a policy.

Roles: anonymous; staff (in store A, reporting to manager); other_staff (store B);
manager (of store A); trainer; hr. HR and the trainer have MFA set up.
`kwargs(ctx)` builds the URL arguments; records it creates belong to ctx.staff
unless said otherwise, so other_staff must not see them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "staff", "other_staff", "manager", "trainer", "hr")

OK = 200
LOGIN = 302  # anonymous users are sent to sign in
REDIRECT = 302
DENIED = 403  # the role may not use this page at all
HIDDEN = 404  # someone else's record: its existence is not revealed
NOT_ALLOWED = 405  # POST-only endpoints answer GET with 405
UNAUTHENTICATED = (401, 403)  # API without credentials


@dataclass(frozen=True)
class Route:
    anonymous: int | tuple[int, ...]
    staff: int | tuple[int, ...]
    other_staff: int | tuple[int, ...]
    manager: int | tuple[int, ...]
    trainer: int | tuple[int, ...]
    hr: int | tuple[int, ...]
    kwargs: Callable | None = field(default=None, compare=False)

    def expected(self, role: str) -> tuple[int, ...]:
        value = getattr(self, role)
        return value if isinstance(value, tuple) else (value,)


def everyone(status=OK, *, anonymous=LOGIN, kwargs=None) -> Route:
    """Every signed-in role gets `status`."""
    return Route(anonymous, status, status, status, status, status, kwargs)


def only(*roles: str, ok=OK, other=DENIED, anonymous=LOGIN, kwargs=None) -> Route:
    """Only `roles` get `ok`; other signed-in roles get `other`."""
    values = {r: (ok if r in roles else other) for r in ROLES[1:]}
    return Route(anonymous=anonymous, kwargs=kwargs, **values)


def owner_record(*, trainer=HIDDEN, kwargs) -> Route:
    """A record of ctx.staff: staff, their manager and HR see it; others 404."""
    return Route(LOGIN, OK, HIDDEN, OK, trainer, OK, kwargs)
