"""The role-play API: permission-filtered lists, validated writes (tampered
data answers 400/404 and stores nothing), calibration report, schema."""

import pytest

from tests.conftest import _with_mfa
from training.models import (
    CalibrationSession,
    CriterionScore,
    RolePlayAssessment,
    RolePlaySession,
)
from training.roleplay import services

from . import builders as b

pytestmark = pytest.mark.django_db
API = "/api/"


def test_trainer_creates_session_and_learner_sees_brief_only(
    login, trainer, staff, manager, scenario, client
):
    response = login(trainer).post(
        API + "roleplay-sessions/",
        {
            "scenario": scenario.pk,
            "learners": [staff.pk],
            "assessors": [manager.pk],
            "scheduled_at": "2030-05-01T10:00:00+08:00",
            "location": "Room 2",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    session = RolePlaySession.objects.get()
    assert session.organiser == trainer
    client.logout()
    data = login(staff).get(API + f"roleplay-sessions/{session.pk}/").json()
    assert data["brief"]["staff_goal"]
    assert "assessor_notes" not in data["brief"] and "SECRET" not in str(data)


def test_staff_cannot_create_sessions(login, staff, trainer, scenario):
    response = login(staff).post(
        API + "roleplay-sessions/",
        {
            "scenario": scenario.pk,
            "learners": [staff.pk],
            "assessors": [trainer.pk],
            "scheduled_at": "2030-05-01T10:00:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not RolePlaySession.objects.exists()


def test_lists_are_filtered(login, session, other_staff):
    client = login(other_staff)
    assert client.get(API + "roleplay-sessions/").json()["count"] == 0
    assert client.get(API + f"roleplay-sessions/{session.pk}/").status_code == 404


def test_score_criterion_by_criterion_then_submit(login, session, trainer, staff):
    client = login(trainer)
    response = client.post(
        API + "roleplay-assessments/",
        {"session": session.pk, "learner": staff.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    sheet = RolePlayAssessment.objects.get(pk=response.json()["id"])
    assert sheet.kind == RolePlayAssessment.Kind.ASSESSOR
    ids, levels = b.criterion_ids(sheet), b.levels(sheet)
    picks = {"Greeting": 2, "Empathy": 1, "Record the complaint": 2, "Upsell": None}
    for title, index in picks.items():
        r = client.post(
            API + "roleplay-criterion-scores/",
            {
                "assessment": sheet.pk,
                "criterion_id": ids[title],
                "level_id": None if index is None else levels[title][index],
                "comment": "ok",
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
    r = client.post(
        API + f"roleplay-assessments/{sheet.pk}/submit/",
        {},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["percent"] == 75.0 and r.json()["passed"] is True


@pytest.mark.parametrize("tamper", ["criterion", "level"])
def test_tampered_criterion_score_is_400(login, assessor_sheet, trainer, tamper):
    ids, levels = b.criterion_ids(assessor_sheet), b.levels(assessor_sheet)
    body = {
        "assessment": assessor_sheet.pk,
        "criterion_id": ids["Greeting"],
        "level_id": levels["Greeting"][0],
    }
    if tamper == "criterion":
        body["criterion_id"] = "made-up"
    else:
        body["level_id"] = levels["Empathy"][0]
    response = login(trainer).post(
        API + "roleplay-criterion-scores/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert not CriterionScore.objects.exists()


def test_someone_elses_assessment_cannot_be_scored(login, assessor_sheet, manager):
    ids, levels = b.criterion_ids(assessor_sheet), b.levels(assessor_sheet)
    response = login(manager).post(
        API + "roleplay-criterion-scores/",
        {
            "assessment": assessor_sheet.pk,
            "criterion_id": ids["Greeting"],
            "level_id": levels["Greeting"][0],
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 404)
    assert not CriterionScore.objects.exists()


def test_outsider_cannot_start_a_sheet(login, session, staff, other_staff):
    response = login(other_staff).post(
        API + "roleplay-assessments/",
        {"session": session.pk, "learner": staff.pk},
        content_type="application/json",
    )
    assert response.status_code in (400, 404)
    assert not RolePlayAssessment.objects.exists()


def test_calibration_through_the_api(login, trainer, manager, hr, client):
    rubric = b.rubric_with_critical()
    client = login(trainer)
    r = client.post(
        API + "calibration-sessions/",
        {
            "title": "API calibration",
            "rubric": rubric.pk,
            "assessors": [manager.pk, trainer.pk, hr.pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    calibration = CalibrationSession.objects.get()
    r = client.post(
        API + f"calibration-sessions/{calibration.pk}/recordings/",
        {"file": b.upload()},
    )
    assert r.status_code == 201, r.content
    bad = client.post(
        API + f"calibration-sessions/{calibration.pk}/recordings/",
        {"file": b.upload("x.mp4", b.ELF, "video/mp4")},
    )
    assert bad.status_code == 400 and "program" in str(bad.json())
    recording = calibration.recordings.get()
    criteria = calibration.rubric_version.snapshot["criteria"]
    for who, index in ((manager, 2), (trainer, 1), (hr, 2)):
        client.force_login(_with_mfa(who.user))
        scores = [
            {"criterion_id": c["id"], "level_id": c["levels"][index]["id"]}
            for c in criteria
        ]
        r = client.post(
            API + f"calibration-sessions/{calibration.pk}/scores/",
            {"recording": recording.pk, "scores": scores},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
    client.force_login(_with_mfa(trainer.user))
    report = client.get(API + f"calibration-sessions/{calibration.pk}/report/").json()
    assert report["submitted"] == 3 and report["expected"] == 3
    assert {a["employee"] for a in report["assessors"]} == {
        manager.pk,
        trainer.pk,
        hr.pk,
    }
    assert "icc_2_1" in report["overall"] and "alpha_ordinal" in report["overall"]
    client.force_login(manager.user)
    assert (
        client.get(API + f"calibration-sessions/{calibration.pk}/report/").status_code
        == 403
    )


def test_calibration_sheet_with_unknown_level_stores_nothing(login, trainer, manager):
    calibration = services.calibration_create(
        organiser=trainer,
        title="C",
        rubric=b.rubric_with_critical(),
        assessors=[manager, trainer],
    )
    recording = b.calibration_recording(calibration=calibration, uploader=trainer)
    criteria = calibration.rubric_version.snapshot["criteria"]
    scores = [{"criterion_id": c["id"], "level_id": "nope"} for c in criteria]
    r = login(manager).post(
        API + f"calibration-sessions/{calibration.pk}/scores/",
        {"recording": recording.pk, "scores": scores},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert not RolePlayAssessment.objects.exists()


def test_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in (
        "/api/roleplay-sessions/",
        "/api/roleplay-assessments/",
        "/api/roleplay-assessments/{id}/submit/",
        "/api/roleplay-criterion-scores/",
        "/api/calibration-sessions/",
        "/api/calibration-sessions/{id}/scores/",
        "/api/calibration-sessions/{id}/report/",
    ):
        assert path in schema["paths"], path


def test_tokens_read_roleplays_but_never_write(hr, staff, session, scenario):
    """An HR integration token reads role-plays with the read scope; no scope
    lets a token schedule, score or submit (those are people's acts)."""
    from rest_framework.test import APIClient

    from people.services import api_token_create

    key = api_token_create(
        user=hr.user, name="bi", scopes=["read", "observations:write"]
    )[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(API + "roleplay-sessions/").status_code == 200
    response = client.post(
        API + "roleplay-sessions/",
        {
            "scenario": scenario.pk,
            "learners": [staff.pk],
            "assessors": [hr.pk],
            "scheduled_at": "2030-05-01T10:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 403
    assert RolePlaySession.objects.count() == 1
    no_read = api_token_create(user=hr.user, name="w", scopes=["observations:write"])
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {no_read[1]}")
    assert client.get(API + "roleplay-sessions/").status_code == 403


@pytest.mark.parametrize("when", ["0202-06-01T19:51:47Z", "2100-01-01T00:00:00Z"])
def test_schedule_outside_this_century_is_refused(
    login, trainer, staff, scenario, when
):
    """A year like 0202 is a typing slip (and has no ISO offset in local time):
    400, nothing stored."""
    response = login(trainer).post(
        API + "roleplay-sessions/",
        {
            "scenario": scenario.pk,
            "learners": [staff.pk],
            "assessors": [trainer.pk],
            "scheduled_at": when,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "scheduled_at" in response.json()
    assert not RolePlaySession.objects.exists()
