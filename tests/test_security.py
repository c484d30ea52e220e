import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/", "/api/schema/", "/no-such-page/"]
)
def test_csp_header_on_every_response(path):
    """A Content-Security-Policy header is sent with every response, without CDNs."""
    response = Client().get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    script_src = policy.split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in script_src
    assert "http" not in policy


def test_no_stack_trace_on_error(settings):
    """A server error shows the bilingual error page, never a traceback."""
    from django.urls import path

    def boom(request):
        raise RuntimeError("secret internals")

    import config.urls

    settings.ROOT_URLCONF = type(
        "U", (), {"urlpatterns": [path("boom/", boom)] + config.urls.urlpatterns}
    )
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body and "Traceback" not in body
    assert "出错了" in body and "Something went wrong" in body


def test_only_wagtail_admin_allows_inline_scripts(trainer, login):
    """Wagtail's admin needs its inline widget scripts (choosers break without
    them); every other page keeps script-src strict."""
    from django.contrib.auth.models import Permission

    trainer.user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(trainer)
    admin_policy = client.get("/admin/").headers["Content-Security-Policy"]
    site_policy = client.get("/").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin_policy.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in site_policy.split("script-src")[1].split(";")[0]
    assert "gravatar" not in client.get("/admin/").content.decode()
