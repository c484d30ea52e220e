"""The server-error view: with the database unreachable, a 503 with
Retry-After in the visitor's language (JSON under /api/) rather than a 500,
so clients and proxies retry; anything else is Django's plain 500.
Django calls it inside the failing request's `except`, so sys.exc_info()
still holds the error. No database is touched here."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def _database_down(exc) -> bool:
    # OperationalError: connection refused/lost; InterfaceError: closed
    # connection. Other DatabaseErrors (integrity, data) are real bugs: 500.
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DatabaseError)
        and "connection" in str(exc).lower()
        and "closed" in str(exc).lower()
    )


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if not _database_down(exc):
        return django_server_error(request, *args, **kwargs)
    message = _(
        "The service is briefly unavailable. Nothing was lost; please try again "
        "in a minute."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        html = loader.get_template("503.html").render({"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
