"""Invalid, malformed or revoked API tokens answer 401 with a Bearer
challenge (not 403), so clients know to re-authenticate."""

import pytest
from django.test import Client

from people.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

URL = "/api/"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer st_nope_nope",
        "Bearer garbage",
        "Bearer a b",
        "Token " + "x" * 5000,
        "Bearer \u00e9\u00e9",
    ],
)
def test_bad_tokens_answer_401(header):
    response = Client().get(URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_answers_401(hr):
    token, key = api_token_create(user=hr.user, name="t", scopes=["read"])
    api_token_revoke(token=token)
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401


def test_no_credentials_answer_401():
    assert Client().get(URL).status_code == 401
