"""Personal-data rights (people.privacy): every model holding a link to a
person is registered; HR downloads everything about one employee as a zip
(JSON and their recordings); anonymising a departed employee replaces their
personal data, keeps their records for statistics, and can run again."""

import datetime as dt
import io
import json
import zipfile

import pghistory.models
import pytest
from django.apps import apps
from django.urls import reverse

from people import privacy
from people.models import ApiToken, Employee, Notification, User
from people.services import api_token_create, notify
from performance.models import Level, Metric, Observation
from performance.services import metric_builtins_ensure
from tests.training.roleplay import builders as b
from training import services as training
from training.models import Enrollment, Recording

from ..training import conftest as training_conftest
from ..training.conftest import make_course

library = training_conftest.library

pytestmark = pytest.mark.django_db

OUR_APPS = {"people", "courses", "training", "performance"}


def test_every_link_to_a_person_is_registered():
    """A new model (or field) pointing at an employee or a user must say what
    export and anonymising do with it."""
    registered = privacy.holdings()
    missing = []
    for model in apps.get_models():
        meta = model._meta
        # pghistory's event rows copy the tracked rows and are never rewritten.
        if meta.app_label not in OUR_APPS or issubclass(model, pghistory.models.Event):
            continue
        for f in meta.get_fields():
            concrete = getattr(f, "concrete", False) or f.many_to_many
            if not (f.is_relation and concrete and not f.auto_created):
                continue
            if f.related_model not in (Employee, User):
                continue
            holding = registered.get(meta.label)
            covered = holding and any(
                lookup.split("__")[0] == f.name
                for lookup in holding.about + holding.acted
            )
            if not covered:
                missing.append(f"{meta.label}.{f.name}")
    assert not missing, missing


def _world(library, staff, manager):
    course = make_course(library, lessons=1)
    training.assignment_create(course=course, employees=[staff], assigned_by=manager)
    metric_builtins_ensure()
    Observation.objects.create(
        metric=Metric.objects.get(code="mystery_shopper"),
        level=Level.EMPLOYEE,
        employee=staff,
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
        value=88.0,
        source="test",
    )
    session = b.schedule(organiser=manager, learners=[staff], assessors=[manager])
    recording = b.recording(session=session, learner=staff, uploader=manager)
    notify(employee=staff, kind="other", message="您好")
    api_token_create(user=staff.user, name="kiosk", scopes=["read"])
    return course, recording


def test_hr_downloads_everything_about_one_employee(library, staff, manager, hr, login):
    course, recording = _world(library, staff, manager)
    response = login(hr).get(reverse("people:employee_personal_data", args=[staff.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("personal-data.json"))
    records = data["records"]
    assert records["people.Employee"]["about"][0]["name"] == staff.name
    [user] = records["people.User"]["about"]
    assert user["email"] == staff.user.email and "password" not in user
    assert "key_hash" not in records["people.ApiToken"]["about"][0]
    assert records["training.Enrollment"]["about"][0]["course_id"] == course.pk
    assert records["performance.Observation"]["about"][0]["value"] == 88.0
    assert records["training.Recording"]["about"][0]["id"] == recording.pk
    [audio] = [n for n in archive.namelist() if n.startswith("files/recording/")]
    assert archive.read(audio) == recording.file.open("rb").read()
    # The manager's own export shows what they did: assigning, organising.
    theirs = privacy.personal_data(manager)["records"]
    assert theirs["training.Enrollment"]["acted"][0]["employee_id"] == staff.pk
    assert theirs["training.RolePlaySession"]["acted"]


def test_anonymising_replaces_personal_data_and_keeps_records(
    library, staff, manager, hr, login
):
    course, recording = _world(library, staff, manager)
    client = login(hr)
    url = reverse("people:employee_anonymise", args=[staff.pk])
    data = {"anon-reason": "离职满两年", "anon-confirm": "on"}
    response = client.post(url, data)  # still active: refused, nothing changes
    assert response.status_code == 400
    assert "has left" in response.content.decode()
    assert Employee.objects.get(pk=staff.pk).name == staff.name
    Employee.objects.filter(pk=staff.pk).update(status=Employee.Status.LEFT)
    assert (
        client.post(url, {"anon-reason": "离职满两年"}).status_code == 400
    )  # no confirm
    assert Employee.objects.get(pk=staff.pk).anonymised_at is None

    assert client.post(url, data).status_code == 302
    gone = Employee.objects.select_related("user").get(pk=staff.pk)
    assert staff.name not in gone.name and gone.number == f"ANON-{staff.pk}"
    assert gone.user.email.endswith("@invalid.example") and not gone.user.is_active
    assert not gone.user.has_usable_password()
    assert not Notification.objects.filter(employee=staff).exists()
    assert not ApiToken.objects.filter(user=staff.user).exists()
    kept = Recording.objects.get(pk=recording.pk)
    assert not kept.file and kept.original_name == ""
    assert Enrollment.objects.filter(employee=staff, course=course).exists()
    assert Observation.objects.filter(employee=staff).count() == 1
    when = gone.anonymised_at

    assert client.post(url, data).status_code == 302  # again: harmless
    again = Employee.objects.get(pk=staff.pk)
    assert (again.name, again.number, again.anonymised_at) == (
        gone.name,
        gone.number,
        when,
    )
    page = client.get(reverse("people:employee_detail", args=[staff.pk]))
    assert "Anonymised on" in page.content.decode()
    edit = client.post(
        reverse("people:employee_detail", args=[staff.pk]), {"name": "回来了"}
    )
    assert edit.status_code == 302
    assert Employee.objects.get(pk=staff.pk).name == gone.name


def test_only_hr_exports_or_anonymises(staff, manager, login):
    Employee.objects.filter(pk=staff.pk).update(status=Employee.Status.LEFT)
    client = login(manager)
    assert (
        client.get(
            reverse("people:employee_personal_data", args=[staff.pk])
        ).status_code
        == 403
    )
    response = client.post(
        reverse("people:employee_anonymise", args=[staff.pk]),
        {"anon-reason": "x", "anon-confirm": "on"},
    )
    assert response.status_code == 403
    assert Employee.objects.get(pk=staff.pk).anonymised_at is None


def test_an_unregistered_link_is_found(monkeypatch):
    """The coverage check above is not vacuous: without the enrolment's
    registration it names the field."""
    held = {k: v for k, v in privacy.holdings().items() if k != "training.Enrollment"}
    monkeypatch.setattr(privacy, "_holdings", held)
    with pytest.raises(AssertionError, match="training.Enrollment.employee"):
        test_every_link_to_a_person_is_registered()
