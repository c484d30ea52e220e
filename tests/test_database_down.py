"""With the database unreachable, pages and the API answer 503 with
Retry-After in the visitor's language (JSON under /api/), and the next
request after it is back succeeds."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    monkeypatch.setattr(connection, "cursor", refuse)
    return monkeypatch


def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "briefly unavailable"), ("zh-hans", "暂时无法使用")],
)
def test_pages_answer_503_in_the_visitors_language(database_down, language, words):
    response = client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert words in response.content.decode().lower()


def test_api_answers_503_json(staff, login, monkeypatch):
    signed_in = login(staff)
    signed_in.raise_request_exception = False
    monkeypatch.setattr(connection, "ensure_connection", _refuse)
    monkeypatch.setattr(connection, "cursor", _refuse)
    response = signed_in.get("/api/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "unavailable" in response.json()["detail"]


def test_next_request_recovers(staff, password, monkeypatch):
    """Once the database is back, the next request works (health checks on)."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    c = client()
    with monkeypatch.context() as m:
        m.setattr(connection, "ensure_connection", _refuse)
        m.setattr(connection, "cursor", _refuse)
        assert c.get("/accounts/login/").status_code == 503
    assert c.get("/accounts/login/").status_code == 200


def test_other_server_errors_stay_500(rf):
    """An integrity or programming error is a bug: a plain 500."""
    import sys

    from people.errors import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        assert sys.exc_info()[0] is ValueError
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def _refuse(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")
