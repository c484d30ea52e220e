"""The certificate API: each role lists what people.access lets it see;
the PDF is the web download's; HR revokes with a reason and the history
keeps who and why; everyone else is refused."""

import pytest
from django.urls import reverse

from training import services
from training.models import Certificate

from .conftest import make_course

pytestmark = pytest.mark.django_db
URL = "/api/certificates/"
JSON = "application/json"


def _certificate(library, employee, **course):
    course = make_course(library, lessons=0, certificate_validity_months=12, **course)
    enrollment = services.assignment_create(course=course, employees=[employee])[0]
    return services.certificate_issue(enrollment=enrollment)


@pytest.fixture
def certs(library, staff, other_staff, trainer):
    return {
        "staff": _certificate(library, staff, owner=trainer.user),
        "other": _certificate(library, other_staff),
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_each_role_sees_the_certificates_it_may(
    login, certs, staff, other_staff, manager, trainer, hr
):
    mine, theirs = certs["staff"].pk, certs["other"].pk
    assert _ids(login(staff).get(URL)) == {mine}
    assert _ids(login(other_staff).get(URL)) == {theirs}
    assert _ids(login(manager).get(URL)) == {mine}
    assert _ids(login(trainer).get(URL)) == {mine}
    assert _ids(login(hr).get(URL)) == {mine, theirs}
    for who in (staff, manager, trainer):
        client = login(who)
        assert client.get(f"{URL}{theirs}/").status_code == 404
        assert client.get(f"{URL}{theirs}/pdf/").status_code == 404
    row = login(staff).get(f"{URL}{mine}/").json()
    assert row["state"] == "valid" and row["code"] == certs["staff"].code
    assert row["verify_url"] == reverse(
        "training:certificate_verify", args=[certs["staff"].code]
    )


def test_pdf_is_the_web_download(login, certs, staff, monkeypatch):
    """Byte for byte (ReportLab's invariant mode fixes its timestamps)."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)
    cert = certs["staff"]
    client = login(staff)
    web = client.get(reverse("training:certificate_pdf", args=[cert.pk]))
    api = client.get(f"{URL}{cert.pk}/pdf/")
    assert api.status_code == 200 and api["Content-Type"] == "application/pdf"
    assert api.content.startswith(b"%PDF") and api.content == web.content
    assert api["Content-Disposition"] == web["Content-Disposition"]
    asked = client.get(f"{URL}{cert.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert asked.status_code == 200 and asked.content == web.content


def test_hr_revokes_with_a_reason_and_history_keeps_who(login, certs, hr):
    cert = certs["staff"]
    client = login(hr)
    url = f"{URL}{cert.pk}/revoke/"
    blank = client.post(url, {"reason": "  "}, content_type=JSON)
    assert blank.status_code == 400 and "reason" in blank.json()
    assert client.post(url, {}, content_type=JSON).status_code == 400
    cert.refresh_from_db()
    assert cert.revoked_at is None
    done = client.post(url, {"reason": "issued by mistake"}, content_type=JSON)
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "revoked"
    cert.refresh_from_db()
    assert cert.revoked_reason == "issued by mistake"
    event = Certificate.pgh_event_model.objects.filter(pgh_obj=cert).latest("pgh_id")
    assert event.pgh_context.metadata["user"] == hr.user.pk
    assert event.pgh_context.metadata["reason"] == "issued by mistake"
    # Revoked once: a second revoke changes nothing and says so.
    again = client.post(url, {"reason": "other"}, content_type=JSON)
    assert again.status_code == 409
    cert.refresh_from_db()
    assert cert.revoked_reason == "issued by mistake"
    filtered = client.get(URL, {"state": "revoked"})
    assert _ids(filtered) == {cert.pk}


def test_only_hr_revokes(login, certs, staff, manager, trainer):
    cert = certs["staff"]
    for who in (staff, manager, trainer):
        response = login(who).post(
            f"{URL}{cert.pk}/revoke/", {"reason": "x"}, content_type=JSON
        )
        assert response.status_code == 403
    cert.refresh_from_db()
    assert cert.revoked_at is None


def test_list_queries_do_not_grow_with_rows(
    login, library, hr, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import employee_with_role

    client = login(hr)
    _certificate(library, employee_with_role("staff"))
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    # Read now: each request clears Django's query log.
    expected = len(small)
    for _ in range(4):
        _certificate(library, employee_with_role("staff"))
    client.get(URL)  # new courses: training.content's directory is rebuilt once
    with django_assert_num_queries(expected):
        assert client.get(URL).json()["count"] == 5
