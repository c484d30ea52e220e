"""The REST API: one router, each app registering its own viewsets."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from courses.api import register as register_courses
from performance.api import register as register_performance
from training.api import register as register_training


def only_public_api(endpoints):
    """drf-spectacular hook: document /api/ only, not Wagtail's admin API."""
    return [e for e in endpoints if e[0].startswith("/api/")]


# No ".json"-style suffix routes: custom actions don't take a `format`
# argument, and one representation (JSON) is all the API offers.
class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
for register in (register_courses, register_training, register_performance):
    register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger's start-up script as a file (?script), so
    # the page runs under our CSP without 'unsafe-inline'.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("", include(router.urls)),
]
