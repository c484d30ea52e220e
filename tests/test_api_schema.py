"""Property-based API tests: schemathesis generates requests from the OpenAPI
schema (drf-spectacular) for every operation under /api/ (courses, paths,
rubrics, enrolments, quiz attempts, certificates, role-plays, calibration,
employees, metrics, observations), as a signed-in HR user and as
an HR integration token, and checks there is no server error and every
response matches the published schema."""

import datetime as dt

import pytest
import schemathesis
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from people.services import api_token_create
from performance.models import Level, Metric, Observation
from tests.training.roleplay import builders as b
from training.models import RolePlayAssessment
from training.roleplay import services as roleplay

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Small enough that the whole schema takes under two minutes on one core.
MAX_EXAMPLES = 10


@pytest.fixture
def api_schema(db):
    """The schema served by the app, called in-process over WSGI. As Django's
    test client does, requests must not close the test's DB connection."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _learning(hr, staff):
    """A course with a quiz: HR enrolled with an open attempt (attempts are
    their owner's alone), ``staff`` with a certificate, a path with it."""
    from courses.models import LearningPath
    from courses.models.paths import LearningPathCourse
    from tests.courses.factories import library_site
    from tests.training.conftest import make_course, make_quiz, wagtail_root
    from training import services as learning

    wagtail_root()
    quiz = make_quiz(n=2, attempts_allowed=None)
    course = make_course(library_site(), lessons=0, quiz=quiz)
    mine = learning.assignment_create(course=course, employees=[hr])[0]
    attempt = learning.attempt_start(enrollment=mine, quiz=quiz)
    theirs = learning.assignment_create(course=course, employees=[staff])[0]
    cert = learning.certificate_issue(enrollment=theirs)
    path = LearningPath.objects.create(title="Onboarding")
    LearningPathCourse.objects.create(path=path, course=course, sort_order=0)
    return {
        "/api/courses/": course.pk,
        "/api/learning-paths/": path.pk,
        "/api/enrolments/": theirs.pk,
        "/api/quiz-attempts/": attempt.pk,
        "/api/certificates/": cert.pk,
    }


@pytest.fixture
def world(hr, trainer, staff, manager):
    """One object of each kind the API serves, reachable by HR: a role-play
    HR organises and assesses, a draft sheet, a calibration with a recording,
    an observation of ``staff``, a course, path, enrolment, certificate and
    HR's own open quiz attempt. Generated requests are sometimes pointed at
    these, so the fuzzing reaches past 404 and 400."""
    from courses.services import rubric_version_current

    learning = _learning(hr, staff)
    session = b.schedule(organiser=hr, learners=[staff], assessors=[hr])
    sheet = roleplay.session_start_assessment(
        session=session,
        learner=staff,
        assessor=hr,
        kind=RolePlayAssessment.Kind.ASSESSOR,
    )
    calibration = roleplay.calibration_create(
        organiser=hr,
        title="Calibration",
        rubric=session.scenario.rubric,
        assessors=[hr, trainer],
    )
    recording = b.calibration_recording(calibration=calibration, uploader=hr)
    metric = Metric.objects.get(code="aht")
    observation = Observation.objects.create(
        metric=metric,
        level=Level.EMPLOYEE,
        employee=staff,
        period_start=dt.date(2026, 1, 5),
        period_end=dt.date(2026, 1, 5),
        value=300,
        source="schemathesis",
    )
    return {
        "paths": {
            "/api/roleplay-sessions/": session.pk,
            "/api/roleplay-assessments/": sheet.pk,
            "/api/calibration-sessions/": calibration.pk,
            "/api/performance/employees/": staff.pk,
            "/api/performance/metrics/": metric.pk,
            "/api/performance/observations/": observation.pk,
            "/api/rubrics/": session.scenario.rubric_id,
            "/api/rubric-versions/": rubric_version_current(
                rubric=session.scenario.rubric
            ).pk,
            **learning,
        },
        "fields": {
            "scenario": session.scenario_id,
            "session": session.pk,
            "learner": staff.pk,
            "learners": [staff.pk],
            "assessors": [hr.pk, trainer.pk],
            "assessment": sheet.pk,
            "rubric": session.scenario.rubric_id,
            "recording": recording.pk,
            "employee_number": staff.number,
            "metric": metric.code,
            "course": learning["/api/courses/"],
            "employees": [staff.pk],
        },
    }


@pytest.fixture
def identities(hr, client):
    """HR signed in (with MFA, and a CSRF token for writes) and HR's token."""
    from tests.conftest import _with_mfa

    client.force_login(_with_mfa(hr.user))
    csrf = _get_new_csrf_string()
    token = api_token_create(
        user=hr.user, name="schemathesis", scopes=["read", "observations:write"]
    )[1]
    return {
        "session": {
            "headers": {"X-CSRFToken": csrf},
            "cookies": {
                "sessionid": client.cookies["sessionid"].value,
                "csrftoken": csrf,
            },
        },
        "token": {"headers": {"Authorization": f"Bearer {token}"}},
    }


def _ground(case, world) -> None:
    """Point a generated request at existing objects: the path id and any
    body field that names another object."""
    prefix = case.path.split("{", 1)[0]
    if "id" in (case.path_parameters or {}) and prefix in world["paths"]:
        case.path_parameters["id"] = world["paths"][prefix]
    items = [case.body] if isinstance(case.body, dict) else []
    if isinstance(case.body, dict):
        items += [o for o in case.body.get("observations") or [] if isinstance(o, dict)]
    for item in items:
        for field, value in world["fields"].items():
            if field in item:
                item[field] = value


def test_api_matches_schema(api_schema, world, identities):
    """For each /api/ operation, generated requests (positive and negative,
    signed in and by token, some aimed at existing objects) never get a 5xx,
    and responses match the published schema."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    paths = {op.path for op in operations}
    assert {
        "/api/roleplay-sessions/",
        "/api/performance/observations/bulk/",
        "/api/enrolments/",
        "/api/quiz-attempts/{id}/submit/",
        "/api/certificates/{id}/pdf/",
        "/api/rubric-versions/{id}/",
    } <= paths
    assert len(operations) >= 40
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(
                case=operation.as_strategy(generation_mode=mode),
                who=st.sampled_from(sorted(identities)),
                grounded=st.booleans(),
            )
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def run(case, who, grounded):
                if grounded and case.meta.generation.mode.is_positive:
                    _ground(case, world)
                if who == "session" and case.headers:
                    # A generated bearer header would override the session.
                    case.headers.pop("Authorization", None)
                case.call_and_validate(**identities[who], checks=CHECKS)

            run()


def test_schema_documents_token_auth(client):
    """The schema names the bearer-token scheme and the bulk endpoint."""
    doc = client.get("/api/schema/?format=json").json()
    assert doc["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    assert "/api/performance/observations/bulk/" in doc["paths"]


def test_schema_generates_without_warnings(tmp_path):
    """drf-spectacular's warnings (a choice set under two enum names, an
    untyped field) fail the schema build, as ``check --deploy`` does."""
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    assert "SeverityEnum" in out.read_text()
