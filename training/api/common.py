"""What every learning endpoint shares: who may call (signed in, or a token
with the read scope: no token scope writes learning records), the request's
language, and refusals of the services mapped to their HTTP status."""

from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.permissions import IsAuthenticated

from people.access import employee_of
from people.api_auth import TokenScope
from people.api_i18n import LANG, InLanguage
from people.models import Employee

PERMISSIONS = [IsAuthenticated, TokenScope]
__all__ = ["LANG", "PERMISSIONS", "InLanguage", "Refused", "me", "refused"]


def me(request) -> Employee:
    found = employee_of(request.user)
    if found is None:
        raise PermissionDenied
    return found


class Refused(APIException):
    """A TrainingError (or any refusal with a status) as an API answer."""

    def __init__(self, message: str, status: int):
        self.status_code = status
        super().__init__(detail=message)


def refused(exc) -> Refused:
    return Refused(exc.message, exc.status)
