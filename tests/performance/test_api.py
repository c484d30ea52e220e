import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from people.models import ApiToken
from people.services import api_token_create, api_token_revoke
from performance.models import Observation

pytestmark = pytest.mark.django_db


def bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def write_key(hr):
    return api_token_create(
        user=hr.user, name="cc", scopes=["read", "observations:write"]
    )[1]


@pytest.fixture
def read_key(hr):
    return api_token_create(user=hr.user, name="bi", scopes=["read"])[1]


def payload(staff, **extra):
    item = {
        "employee_number": staff.number,
        "metric": "aht",
        "period_start": "2026-01-05",
        "value": 300,
    }
    item.update(extra)
    return {"source": "call-centre", "observations": [item]}


def test_token_is_stored_hashed_and_shown_once(hr):
    """Only a hash of the key is stored; the key authenticates."""
    token, key = api_token_create(user=hr.user, name="x", scopes=["read"])
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    response = bearer(key).get(reverse("performance-metric-list"))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_and_wrong_tokens_are_refused(hr):
    """Revoked or forged tokens get 401/403."""
    token, key = api_token_create(user=hr.user, name="x", scopes=["read"])
    api_token_revoke(token=token)
    assert bearer(key).get(reverse("performance-metric-list")).status_code in (401, 403)
    assert bearer("st_nope_nope").get(
        reverse("performance-metric-list")
    ).status_code in (401, 403)


def test_bulk_post_imports_and_is_idempotent(staff, write_key):
    """Bulk POST writes observations; the same data again changes nothing."""
    url = reverse("performance-observation-bulk")
    client = bearer(write_key)
    first = client.post(url, payload(staff), format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["created"] == 1
    second = client.post(url, payload(staff), format="json")
    assert second.json() | {"batch": None} == {
        "batch": None,
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    assert Observation.objects.count() == 1


def test_bulk_post_reports_every_bad_row_and_writes_nothing(staff, write_key):
    """Invalid rows come back with index, column and reason; nothing is written."""
    body = payload(staff)
    body["observations"] += [
        {
            "employee_number": "NOPE",
            "metric": "aht",
            "period_start": "2026-01-05",
            "value": 1,
        },
        {
            "employee_number": staff.number,
            "metric": "qa_score",
            "period_start": "2026-01-05",
            "value": 150,
        },
    ]
    response = bearer(write_key).post(
        reverse("performance-observation-bulk"), body, format="json"
    )
    assert response.status_code == 400
    errors = {(e["index"], e["column"]) for e in response.json()["errors"]}
    assert errors == {(1, "employee_number"), (2, "value")}
    assert Observation.objects.count() == 0


def test_bulk_post_type_errors(staff, write_key):
    """Malformed items are refused before import, with the item index."""
    response = bearer(write_key).post(
        reverse("performance-observation-bulk"),
        payload(staff, value="abc"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] == 0


def test_bulk_post_observations_not_a_list(write_key):
    """Observations that are not a list answer 400 with integer indexes, as
    the schema documents (the list's own error has index -1)."""
    response = bearer(write_key).post(
        reverse("performance-observation-bulk"),
        {"source": "pos", "observations": "Inf"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and all(isinstance(e["index"], int) for e in errors)
    assert {"index": -1, "column": "observations"}.items() <= errors[0].items()
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("body", [b"{not json", b"\x00", b"[1", b" "])
def test_bulk_post_unreadable_body(hr, write_key, body):
    """A body that is not JSON answers 400 in the documented error shape, by
    token and signed in (where the CSRF check is the first to read the body),
    and imports nothing."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from tests.conftest import _with_mfa

    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(_with_mfa(hr.user))
    csrf = _get_new_csrf_string()
    signed_in.cookies["csrftoken"] = csrf
    for client, headers in (
        (bearer(write_key), {}),
        (signed_in, {"X-CSRFToken": csrf}),
    ):
        response = client.post(
            reverse("performance-observation-bulk"),
            body,
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 400, response.content
        data = response.json()
        assert data["batch"] is None and data["errors"][0]["column"] == "body"
    assert Observation.objects.count() == 0


def test_read_token_cannot_write(staff, read_key):
    """A token without observations:write cannot POST."""
    response = bearer(read_key).post(
        reverse("performance-observation-bulk"), payload(staff), format="json"
    )
    assert response.status_code == 403


def test_staff_sees_only_own_observations(staff, other_staff, login, write_key):
    """GET lists follow the access rule."""
    client = bearer(write_key)
    body = payload(staff)
    body["observations"].append(
        {
            "employee_number": other_staff.number,
            "metric": "aht",
            "period_start": "2026-01-05",
            "value": 280,
        }
    )
    assert (
        client.post(
            reverse("performance-observation-bulk"), body, format="json"
        ).status_code
        == 200
    )
    own = login(staff).get(reverse("performance-observation-list")).json()
    assert [r["employee_number"] for r in own["results"]] == [staff.number]
    employees = login(staff).get(reverse("performance-employee-list")).json()
    assert [e["number"] for e in employees["results"]] == [staff.number]
    everyone = (
        bearer(write_key)
        .get(reverse("performance-observation-list") + "?metric=aht")
        .json()
    )
    assert everyone["count"] == 2


def test_session_hr_without_mfa_is_refused(hr, login):
    """Signed-in HR must have MFA for the API too."""
    assert (
        login(hr, mfa=False).get(reverse("performance-observation-list")).status_code
        == 403
    )
    assert (
        login(hr, mfa=True).get(reverse("performance-observation-list")).status_code
        == 200
    )


def test_hr_creates_and_revokes_token_in_ui(hr, login):
    """HR creates a token (shown once) and revokes it."""
    client = login(hr, mfa=True)
    response = client.post(
        reverse("people:api_tokens"), {"name": "nightly", "scopes": ["read"]}
    )
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("st_")
    token = ApiToken.objects.get()
    assert token.scopes == ["read"]
    assert key not in client.get(reverse("people:api_tokens")).content.decode()
    client.post(reverse("people:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="history is PostgreSQL's",
)
def test_bulk_post_changing_a_value_keeps_the_old_one(staff, hr, write_key, login):
    """A second import with another value updates the observation in place;
    its history keeps old and new value, the import and who sent it."""
    url = reverse("performance-observation-bulk")
    client = bearer(write_key)
    assert client.post(url, payload(staff), format="json").status_code == 200
    second = client.post(url, payload(staff, value=280), format="json").json()
    assert second["updated"] == 1
    event = Observation.objects.get().events.get()
    assert (event.old_value, event.value) == (300.0, 280.0)
    assert str(event.batch_id) == second["batch"]
    page = login(hr).get(reverse("people:employee_history", args=[staff.pk]))
    text = page.content.decode()
    assert second["batch"][:8] in text and hr.name in text
