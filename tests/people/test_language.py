import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_gets_accept_language():
    """Anonymous visitors get the language their browser asks for."""
    zh = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").get("/accounts/login/")
    en = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/accounts/login/")
    assert '<html lang="zh-hans">' in zh.content.decode()
    assert "登录" in zh.content.decode()
    assert '<html lang="en">' in en.content.decode()
    assert "Sign in" in en.content.decode()


def test_switcher_saves_language_on_profile(staff, login):
    """Switching language as a signed-in user is remembered on the account."""
    client = login(staff)
    response = client.post(
        reverse("people:set_language"), {"language": "zh-hans", "next": "/"}
    )
    assert response.status_code == 302
    staff.user.refresh_from_db()
    assert staff.user.language == "zh-hans"
    # A fresh session (another device) in English still gets Chinese.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(staff.user)
    assert "欢迎" in other.get("/").content.decode()


def test_unknown_language_is_ignored(staff, login):
    """A tampered language code changes nothing."""
    client = login(staff)
    client.post(reverse("people:set_language"), {"language": "xx", "next": "/"})
    staff.user.refresh_from_db()
    assert staff.user.language == "en"


def test_wagtail_admin_in_users_language(hr, login):
    """The Wagtail admin speaks the user's language too."""
    from django.contrib.auth.models import Permission

    hr.user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    hr.user.language = "zh-hans"
    hr.user.save()
    client = login(hr, mfa=True)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
    assert "跳到主要内容" in response.content.decode()
