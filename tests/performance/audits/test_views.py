import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.audits import services
from performance.models import Audit, AuditAttachment, AuditDispute

from .conftest import ids, levels_at

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _url(name, *args):
    return reverse(f"performance:{name}", args=args)


def _post_data(rubric, employee, *positions, **extra):
    data = {
        "kind": "mystery_shopper",
        "touchpoint": "face_to_face",
        "employee": employee.pk,
        "store": employee.store_id,
        "visited_on": "2026-03-10",
        "overall_comment": "Busy Saturday",
    }
    for (cid, levels), p in zip(ids(rubric), positions, strict=True):
        data[f"level_{cid}"] = "na" if p is None else levels[p]
        data[f"note_{cid}"] = "seen"
    return {**data, **extra}


def _record(rubric, manager, staff, *positions):
    return services.audit_record(
        auditor=manager,
        kind="mystery_shopper",
        touchpoint="phone",
        rubric=rubric,
        visited_on=dt.date(2026, 3, 10),
        scores=levels_at(rubric, *positions),
        employee=staff,
    )


def test_manager_records_a_failed_critical_visit(login, manager, staff, audit_rubric):
    """The auditor scores per criterion with notes and a photo; a critical
    item below its pass level gives score 0 and the page says why."""
    client = login(manager)
    url = _url("audit_new") + f"?rubric={audit_rubric.pk}"
    assert "Greeting" in client.get(url).content.decode()
    photo = SimpleUploadedFile("shelf.png", PNG, content_type="image/png")
    response = client.post(url, _post_data(audit_rubric, staff, 0, 2, 2, files=photo))
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert audit.percent == 0 and audit.auditor == manager
    assert audit.attachments.get().content_type == "image/png"
    text = client.get(_url("audit_detail", audit.pk)).content.decode()
    assert 'id="audit-fail-reason"' in text and "Greeting" in text


@pytest.mark.parametrize(
    "tamper", ["level", "na", "criterion-missing", "employee", "kind"]
)
def test_tampered_form_is_refused_with_nothing_stored(
    login, manager, staff, other_staff, audit_rubric, tamper
):
    """A level not offered, N/A where not allowed, a criterion left out, an
    employee the auditor may not audit or an unknown kind: refused (400 or
    the form again), nothing stored."""
    data = _post_data(audit_rubric, staff, 2, 2, 2)
    (g, _), _k, (f, _) = ids(audit_rubric)
    if tamper == "level":
        data[f"level_{g}"] = "forged"
    elif tamper == "na":
        data[f"level_{f}"] = "na"
    elif tamper == "criterion-missing":
        del data[f"level_{f}"]
    elif tamper == "employee":
        data["employee"], data["store"] = other_staff.pk, other_staff.store_id
    else:
        data["kind"] = "forged"
    response = login(manager).post(
        _url("audit_new") + f"?rubric={audit_rubric.pk}", data
    )
    assert response.status_code in (200, 400)
    assert not Audit.objects.exists()


def test_future_date_gets_a_clear_message(login, manager, staff, audit_rubric):
    """In the user's language (here Chinese); nothing stored."""
    manager.user.language = "zh-hans"
    manager.user.save(update_fields=["language"])
    data = _post_data(audit_rubric, staff, 2, 2, 2, visited_on="2999-01-01")
    response = login(manager).post(
        _url("audit_new") + f"?rubric={audit_rubric.pk}", data
    )
    assert "日期不能晚于今天" in response.content.decode()
    assert not Audit.objects.exists()


def test_a_program_is_not_accepted_as_a_photo(login, manager, staff, audit_rubric):
    exe = SimpleUploadedFile("photo.png", b"MZ" + b"\0" * 64)
    data = _post_data(audit_rubric, staff, 2, 2, 2, files=exe)
    response = login(manager).post(
        _url("audit_new") + f"?rubric={audit_rubric.pk}", data
    )
    assert response.status_code == 200
    assert not Audit.objects.exists() and not AuditAttachment.objects.exists()


def test_other_team_answers_404(login, manager, staff, other_staff, audit_rubric):
    """Someone else's audit, its file and its dispute form are hidden."""
    audit = _record(audit_rubric, manager, staff, 2, 2, 2)
    AuditAttachment.objects.create(
        audit=audit,
        file=SimpleUploadedFile("p.png", PNG),
        content_type="image/png",
        size=len(PNG),
        uploaded_by=manager,
    )
    client = login(other_staff)
    assert client.get(_url("audit_detail", audit.pk)).status_code == 404
    attachment = audit.attachments.get()
    assert client.get(_url("audit_file", attachment.pk)).status_code == 404
    response = client.post(_url("audit_dispute", audit.pk), {"comment": "x"})
    assert response.status_code == 404
    assert not AuditDispute.objects.exists()
    staff_client = login(staff)
    served = staff_client.get(_url("audit_file", attachment.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_employee_disputes_and_hr_partly_accepts(
    login, manager, staff, hr, audit_rubric
):
    """The employee sees their audit and disputes it with proposed levels;
    the auditor may not decide it; HR partly accepts; the score changes."""
    audit = _record(audit_rubric, manager, staff, 0, 0, 0)
    (g, glv), _k, (f, flv) = ids(audit_rubric)
    client = login(staff)
    assert (
        'id="dispute-form"'
        in client.get(_url("audit_detail", audit.pk)).content.decode()
    )
    response = client.post(
        _url("audit_dispute", audit.pk),
        {"comment": "I greeted", f"propose_{g}": glv[2], f"propose_{f}": flv[2]},
    )
    assert response.status_code == 302
    dispute = AuditDispute.objects.get()
    assert dispute.proposed_levels == {g: glv[2], f: flv[2]}
    assert (
        login(manager)
        .post(_url("audit_decide", audit.pk), {"decision": "accepted", "reason": "x"})
        .status_code
        == 403
    )
    hr_client = login(hr)
    assert (
        'id="decision-form"'
        in hr_client.get(_url("audit_detail", audit.pk)).content.decode()
    )
    response = hr_client.post(
        _url("audit_decide", audit.pk),
        {"decision": "partly", "reason": "Farewell seen", f"grant_{f}": flv[2]},
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    dispute.refresh_from_db()
    assert dispute.state == "partly" and audit.percent == 0
    assert audit.rubric_percent == pytest.approx(50.0)


def test_tampered_dispute_is_refused(login, manager, staff, audit_rubric):
    audit = _record(audit_rubric, manager, staff, 0, 2, 2)
    g = ids(audit_rubric)[0][0]
    response = login(staff).post(
        _url("audit_dispute", audit.pk), {"comment": "x", f"propose_{g}": "forged"}
    )
    assert response.status_code == 400
    assert not AuditDispute.objects.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_list_queries_are_bounded(
    n, login, manager, staff, audit_rubric, django_assert_max_num_queries
):
    """The list and detail pages stay within one query budget at two sizes."""
    audits = [_record(audit_rubric, manager, staff, 2, 1, 2) for _ in range(n)]
    client = login(manager)
    with django_assert_max_num_queries(12):
        page = client.get(_url("audit_list"))
    assert page.content.decode().count("audit_detail") == 0
    assert page.content.decode().count('<li class="card">') == n
    with django_assert_max_num_queries(20):
        assert client.get(_url("audit_detail", audits[0].pk)).status_code == 200


def test_audit_shows_when_its_auditor_was_flagged_at_calibration(
    login, manager, staff, trainer, hr, audit_rubric
):
    """Auditors calibrate in training's role-play calibration sessions; an
    audit by someone their latest session flagged says so, and one by an
    auditor never calibrated says that."""
    from tests.training.roleplay.test_calibration import CRITERIA, build

    audit = _record(audit_rubric, manager, staff, 2, 2, 2)
    client = login(staff)
    page = client.get(_url("audit_detail", audit.pk)).content.decode()
    assert 'id="auditor-flagged"' not in page
    assert 'id="auditor-uncalibrated"' in page
    assessors = sorted([trainer, hr, manager], key=lambda e: (e.name, e.pk))
    lenient = assessors.index(manager)  # one level above the two others
    data = [
        [
            [(r + c) % 3 + 1 + (a == lenient) for a in range(3)]
            for c in range(len(CRITERIA))
        ]
        for r in range(4)
    ]
    build(data, trainer, assessors)
    page = client.get(_url("audit_detail", audit.pk)).content.decode()
    assert 'id="auditor-flagged"' in page


def test_history_keeps_who_and_why_of_a_dispute_decision(
    manager, staff, hr, audit_rubric
):
    """The HR history page lists the audit's score change with the reviewer
    and the decision's reason."""
    from people.history import employee_history

    audit = _record(audit_rubric, manager, staff, 0, 2, 2)
    g, levels = ids(audit_rubric)[0]
    dispute = services.dispute_raise(
        audit=audit, by=staff.user, comment="x", proposed={g: levels[2]}
    )
    services.dispute_decide(
        dispute=dispute, by=hr.user, decision="accepted", reason="Greeting heard"
    )
    entries = [
        e for e in employee_history(staff, offset=0, limit=50) if e.what == "Audit"
    ]
    change = next(e for e in entries if e.reason == "Greeting heard")
    assert change.user_id == hr.user.pk


def test_rubric_texts_in_the_viewers_language(login, manager, staff):
    """The form and the audit show criteria and levels in the viewer's
    language (the version keeps both)."""
    from tests.training.roleplay.test_rubric_language import _bilingual_rubric

    rubric, _copy, other = _bilingual_rubric()
    manager.user.language = other.language_code
    manager.user.save(update_fields=["language"])
    client = login(manager)
    url = _url("audit_new") + f"?rubric={rubric.pk}"
    assert "译 Greeting" in client.get(url).content.decode()
    audit = _record(rubric, manager, staff, 2, 2)
    page = client.get(_url("audit_detail", audit.pk)).content.decode()
    assert "译 Greeting" in page and "译 L2" in page
    staff_page = login(staff).get(_url("audit_detail", audit.pk)).content.decode()
    assert "译 Greeting" not in staff_page and "Greeting" in staff_page


def test_oversized_file_is_refused(settings, login, manager, staff, audit_rubric):
    """A file over AUDIT_MAX_UPLOAD_BYTES gets a message; nothing stored."""
    settings.AUDIT_MAX_UPLOAD_BYTES = 16
    photo = SimpleUploadedFile("big.png", PNG)
    data = _post_data(audit_rubric, staff, 2, 2, 2, files=photo)
    response = login(manager).post(
        _url("audit_new") + f"?rubric={audit_rubric.pk}", data
    )
    assert "too large" in response.content.decode()
    assert not Audit.objects.exists()


def test_every_criterion_na_gets_a_clear_message(login, manager, staff):
    """All N/A: nothing to score; the form says so and stores nothing."""
    from tests.courses import factories as cf

    rubric = cf.rubric(
        [cf.criterion("A", allow_na=True), cf.criterion("B", allow_na=True)]
    )
    data = _post_data(rubric, staff, None, None)
    response = login(manager).post(_url("audit_new") + f"?rubric={rubric.pk}", data)
    assert "nothing to score" in response.content.decode()
    assert not Audit.objects.exists()
