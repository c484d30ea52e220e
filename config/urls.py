from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses import routing as course_routing
from people import views as people_views

# Wagtail's and Django admin's own login views are replaced by allauth's so
# that login rate limits and MFA apply to every way in.
login_redirect = people_views.AdminLoginRedirectView.as_view()

urlpatterns = [
    path("", people_views.home, name="home"),
    # The installable app: at the root, so the service worker's scope is the site.
    path("sw.js", people_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", people_views.manifest, name="manifest"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admins).
    path(
        "favicon.ico",
        RedirectView.as_view(
            get_redirect_url=lambda *a, **kw: static_url("icons/favicon-32.png"),
            permanent=True,
        ),
    ),
    path("admin/login/", login_redirect, name="wagtail_login_redirect"),
    # Wagtail's admin logout accepts GET; allauth's asks to confirm (no CSRF logout).
    path(
        "admin/logout/",
        RedirectView.as_view(pattern_name="account_logout"),
        name="wagtail_logout_redirect",
    ),
    path("django-admin/login/", login_redirect, name="django_admin_login_redirect"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("people/", include("people.urls")),
    path("api/", include("config.api")),
    path("courses/", include("courses.urls")),
    path("learning/", include("training.urls")),
    path("performance/", include("performance.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_FLOORS:  # the benchmark's floor views, see bench/README.md
    urlpatterns += [path("bench/", include("bench.urls"))]

# Published course pages; last, since Wagtail's router takes any path. Courses
# and lessons are found in one query, then served by Wagtail (see the module).
urlpatterns += [
    re_path(r"^learn/((?:[\w\-]+/)*)$", course_routing.serve),
    path("learn/", include(wagtail_urls)),
]

# Database unreachable: 503 with Retry-After (people.errors), not a 500.
handler500 = "people.errors.server_error"
