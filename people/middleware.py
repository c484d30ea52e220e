from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over cookie and Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class AdminCSPMiddleware:
    """Wagtail's admin still emits a few inline scripts (widget set-up), so its
    pages, and only those, get 'unsafe-inline' for scripts. The site pages keep
    the strict policy. Place after csp.middleware.CSPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response
