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


def test_token_page_offers_the_reviews_scope_in_both_languages(hr, login):
    """HR can give a token the reviews:write scope; its label is worded in
    HR's language."""
    from django.urls import reverse

    from people.models import ApiToken

    url = reverse("people:api_tokens")
    for language, label in (
        ("en", "Run incentive reviews: open, compute and lock cycles"),
        ("zh-hans", "运行激励考核：开启、计算和锁定考核周期"),
    ):
        hr.user.language = language
        hr.user.save(update_fields=["language"])
        page = login(hr, mfa=True).get(url).content.decode()
        assert 'value="reviews:write"' in page and label in page
    response = login(hr, mfa=True).post(
        url, {"name": "payroll", "scopes": ["read", "reviews:write"]}
    )
    assert response.status_code == 200
    assert ApiToken.objects.get().scopes == ["read", "reviews:write"]
