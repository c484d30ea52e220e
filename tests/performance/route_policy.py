from tests.route_policy_base import (
    DENIED,
    HIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    UNAUTHENTICATED,
    Route,
    everyone,
    only,
    owner_record,
)


def _metric(ctx):
    from performance.models import Metric

    return {"pk": Metric.objects.get(code="csat").pk}


def _batch(ctx):
    from performance.models import ImportBatch

    batch = ImportBatch.objects.create(
        source="file", original_name="x.csv", status=ImportBatch.Status.FAILED
    )
    return {"pk": batch.pk}


def _observation(ctx):
    import datetime as dt

    from performance.models import Level, Metric, Observation

    observation, _ = Observation.objects.get_or_create(
        metric=Metric.objects.get(code="aht"),
        level=Level.EMPLOYEE,
        employee=ctx.staff,
        period_start=dt.date(2026, 1, 5),
        period_end=dt.date(2026, 1, 5),
        source="policy",
        defaults={"value": 300},
    )
    return {"pk": observation.pk}


def _complaint(ctx):
    """A complaint recorded by ctx.staff in store A, naming them."""
    from performance.complaints.services import complaint_record

    complaint = complaint_record(
        by=ctx.staff,
        store=ctx.staff.store,
        channel="phone",
        category="attitude",
        severity="medium",
        description="policy",
        employees=[ctx.staff],
    )
    return {"pk": complaint.pk}


def _complaint_action(ctx):
    return {**_complaint(ctx), "action": "validate"}


def _audit(ctx):
    """A mystery-shopper audit of ctx.staff by their manager, with a photo."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from performance.audits.services import audit_record
    from tests.courses import factories as cf
    from tests.performance.audits.conftest import levels_at

    rubric = cf.rubric(title="policy audit")
    audit = audit_record(
        auditor=ctx.manager,
        kind="mystery_shopper",
        touchpoint="face_to_face",
        rubric=rubric,
        visited_on=dt.date(2026, 1, 5),
        scores=levels_at(rubric, 1, 1),
        employee=ctx.staff,
        files=[
            (SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32), "image/png")
        ],
    )
    return {"pk": audit.pk}


def _audit_file(ctx):
    from performance.models import AuditAttachment

    _audit(ctx)
    return {"pk": AuditAttachment.objects.latest("pk").pk}


def _calendar(ctx):
    from performance.complaints.services import calendar_default

    return {"pk": calendar_default().pk}


def _quiz(ctx):
    from tests.courses import factories as cf

    return {"pk": cf.quiz([cf.question()]).pk}


def _course(ctx):
    from courses.models import TrainingLibraryPage
    from tests.courses import factories as cf
    from tests.training.conftest import make_course, wagtail_root

    wagtail_root()
    library = TrainingLibraryPage.objects.first() or cf.library_site()
    return {"pk": make_course(library, lessons=0).pk}


def _skill_cell(ctx):
    from courses.models import SkillArea

    return {"pk": ctx.staff.pk, "area": SkillArea.objects.first().pk}


def _api_record(kwargs):
    """An API object of ctx.staff: like owner_record, but the API answers
    anonymous callers 401/403 instead of redirecting to sign in."""
    return Route(UNAUTHENTICATED, OK, HIDDEN, OK, HIDDEN, OK, kwargs)


def _survey(ctx, **kwargs):
    from performance.models import QuestionnaireVersion
    from performance.voice.services import questionnaires_ensure, survey_create

    questionnaires_ensure()
    return survey_create(
        version=QuestionnaireVersion.objects.get(code="servqual-classic"),
        name="问卷",
        store=ctx.staff.store,
        **kwargs,
    )


def _survey_code(ctx):
    return {"code": _survey(ctx).code}


def _survey_token(ctx):
    from performance.voice.services import token_issue

    survey = _survey(ctx, access="token")
    return {
        "code": survey.code,
        "key": token_issue(survey=survey, transaction_ref="R1").key,
    }


def _survey_pk(ctx):
    return {"pk": _survey(ctx).pk}


def _survey_qr(ctx):
    return {"pk": _survey(ctx).pk, "fmt": "svg"}


ROUTES: dict = {
    "performance-employee-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-employee-detail": _api_record(lambda ctx: {"pk": ctx.staff.pk}),
    "performance-metric-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-metric-detail": everyone(
        OK, anonymous=UNAUTHENTICATED, kwargs=_metric
    ),
    "performance-observation-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-observation-detail": _api_record(_observation),
    # POST-only (HR only; tested in tests/performance/test_api.py).
    "performance-observation-bulk": everyone(NOT_ALLOWED, anonymous=UNAUTHENTICATED),
    "performance:my_record": everyone(),
    "performance:employee_list": only("manager", "hr"),
    "performance:employee_record": owner_record(
        kwargs=lambda ctx: {"pk": ctx.staff.pk}
    ),
    "performance:metric_list": only("hr"),
    "performance:metric_create": only("hr"),
    "performance:metric_edit": only("hr", kwargs=_metric),
    "performance:import_list": only("hr"),
    "performance:import_new": only("hr"),
    "performance:import_detail": only("hr", kwargs=_batch),
    "performance:import_status": only("hr", kwargs=_batch),
    "performance:import_retry": only("hr", ok=NOT_ALLOWED, kwargs=_batch),
    "performance:import_errors": only("hr", kwargs=_batch),
    # Complaints: everyone sees the ones they own or are named in (the
    # trainer and other_staff see an empty list); managers their store's.
    # The complaints API: a list for everyone (filtered), an object for those
    # who see it (the trainer is not named in ctx.staff's complaint).
    "performance-complaint-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-complaint-detail": _api_record(_complaint),
    "performance:complaint_list": everyone(),
    "performance:complaint_new": everyone(),
    "performance:complaint_detail": owner_record(kwargs=_complaint),
    "performance:complaint_act": everyone(
        NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=_complaint_action
    ),
    "performance:complaint_sla": only("hr"),
    "performance:complaint_calendar_new": only("hr"),
    "performance:complaint_calendar": only("hr", kwargs=_calendar),
    "performance:complaint_rules": only("hr"),
    "performance:complaint_customer_data": only("hr"),
    # Audits: everyone sees the list (filtered); managers and HR record; an
    # audit of ctx.staff goes with their performance record.
    "performance:audit_list": everyone(),
    "performance:audit_new": only("manager", "hr"),
    "performance:audit_detail": owner_record(kwargs=_audit),
    "performance:audit_file": owner_record(kwargs=_audit_file),
    "performance:audit_dispute": everyone(
        NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=_audit
    ),
    "performance:audit_decide": everyone(
        NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=_audit
    ),
    # F8 analytics
    "performance:analytics_quizzes": only("trainer", "hr"),
    "performance:analytics_quiz": only("trainer", "hr", kwargs=_quiz),
    "performance:analytics_quiz_export": only("trainer", "hr", kwargs=_quiz),
    "performance:analytics_courses": only("trainer", "hr"),
    "performance:analytics_effectiveness": only("trainer", "hr", kwargs=_course),
    "performance:analytics_skills": only("manager", "hr"),
    "performance:analytics_dashboard_hr": only("hr"),
    "performance:analytics_dashboard_hr_export": only("hr"),
    "performance:analytics_dashboard_team": only("manager"),
    "performance:analytics_dashboard_team_export": only("manager"),
    "performance:analytics_dashboard_trainer": only("trainer"),
    "performance:analytics_dashboard_trainer_export": only("trainer"),
    "performance:analytics_skills_export": only("manager", "hr"),
    # ctx.staff's cell: their manager and HR; other roles may not use the page.
    "performance:analytics_skill_cell": Route(
        LOGIN, DENIED, DENIED, OK, DENIED, OK, _skill_cell
    ),
    "performance:analytics_skill_assign": Route(
        NOT_ALLOWED,
        NOT_ALLOWED,
        NOT_ALLOWED,
        NOT_ALLOWED,
        NOT_ALLOWED,
        NOT_ALLOWED,
        _skill_cell,
    ),
    # Public survey pages: no sign-in, the same for everyone.
    "performance:survey_answer": everyone(OK, anonymous=OK, kwargs=_survey_code),
    "performance:survey_answer_token": everyone(OK, anonymous=OK, kwargs=_survey_token),
    "performance:survey_done": everyone(OK, anonymous=OK, kwargs=_survey_code),
    "performance:survey_list": only("manager", "hr"),
    "performance:survey_results": only("manager", "hr"),
    # POST-only (HR), tested in tests/performance/voice/test_views.py.
    "performance:survey_rebuild": only("hr", ok=NOT_ALLOWED),
    # A survey of ctx.staff's store: its manager and HR.
    "performance:survey_detail": only("manager", "hr", kwargs=_survey_pk),
    "performance:survey_qr": only("manager", "hr", kwargs=_survey_qr),
    "performance:survey_new": only("manager", "hr"),
    # POST-only, tested in tests/performance/voice/test_survey_new.py.
    "performance:survey_open": only(
        "manager", "hr", ok=NOT_ALLOWED, kwargs=_survey_pk
    ),
}

# F7 review cycles keep their entries beside their tests.
from tests.performance.reviews.route_policy import ROUTES as _REVIEWS  # noqa: E402

ROUTES.update(_REVIEWS)
