"""Django's and allauth's authentication backends, loading the request's user
with its roles in one query (people.roles.with_roles), compiled once
(people.precompiled): every signed-in page checks roles for its menu and
permissions, and every request looks up its user."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ValidationError

from .precompiled import Precompiled
from .roles import with_roles

_user_with_roles = Precompiled(
    get_user_model(),
    lambda pk: with_roles(get_user_model()._default_manager.filter(pk=pk)),
    pk=-918273645,
)


class _UserWithRoles:
    def get_user(self, user_id):
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = _user_with_roles.first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithRoles, backends.ModelBackend):
    pass


class AllauthBackend(_UserWithRoles, AuthenticationBackend):
    pass
