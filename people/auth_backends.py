"""Django's and allauth's authentication backends, loading the request's user
with its roles in one query (people.roles.with_roles): every signed-in page
checks roles for its menu and permissions."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model

from .roles import with_roles


class _UserWithRoles:
    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = with_roles(users.filter(pk=user_id)).get()
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UserWithRoles, backends.ModelBackend):
    pass


class AllauthBackend(_UserWithRoles, AuthenticationBackend):
    pass
