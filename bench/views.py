"""The two HTTP floors. They run through the full middleware stack, so a page's
ratio to them isolates what the page itself costs."""

from django.http import HttpResponse, HttpResponseForbidden


def floor(request):
    """A constant: routing and middleware, no session lookup (no cookie sent)."""
    return HttpResponse(b"ok", content_type="text/plain")


def floor_auth(request):
    """Reads request.user: the session and user lookups every signed-in page
    pays. Anonymous answers 403 so a broken bench session shows as failures."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden(b"anonymous", content_type="text/plain")
    return HttpResponse(str(request.user.pk).encode(), content_type="text/plain")
