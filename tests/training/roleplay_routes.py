"""Route policy of role-play assessments (F4), merged into route_policy.py.

Records belong to ctx.staff; the trainer organises and assesses; the
calibration session is the trainer's with the manager and trainer assessing.
"""

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


def _session(ctx):
    from tests.training.roleplay import builders as b

    if not hasattr(ctx, "roleplay"):
        ctx.roleplay = b.schedule(
            organiser=ctx.trainer, learners=[ctx.staff], assessors=[ctx.trainer]
        )
    return ctx.roleplay


def _learning_course(ctx):
    from tests.training.route_policy import _course

    return _course(ctx)


def session_kwargs(ctx):
    return {"pk": _session(ctx).pk}


def score_kwargs(ctx):
    from tests.training.roleplay import builders as b

    # A session of its own: the API walk may already have submitted a sheet
    # on the shared one (a submitted sheet redirects to its result).
    if not hasattr(ctx, "roleplay_to_score"):
        ctx.roleplay_to_score = b.schedule(
            organiser=ctx.trainer, learners=[ctx.staff], assessors=[ctx.trainer]
        )
    return {"pk": ctx.roleplay_to_score.pk, "learner_pk": ctx.staff.pk}


def recording_kwargs(ctx):
    from tests.training.roleplay import builders as b

    if not hasattr(ctx, "roleplay_recording"):
        ctx.roleplay_recording = b.recording(
            session=_session(ctx), learner=ctx.staff, uploader=ctx.staff
        )
    return {"pk": ctx.roleplay_recording.pk}


def assessment_kwargs(ctx):
    from tests.training.roleplay import builders as b
    from training.models import RolePlayAssessment
    from training.roleplay import services

    if not hasattr(ctx, "roleplay_assessment"):
        sheet = services.session_start_assessment(
            session=_session(ctx),
            learner=ctx.staff,
            assessor=ctx.trainer,
            kind=RolePlayAssessment.Kind.ASSESSOR,
        )
        ctx.roleplay_assessment = b.fill(
            sheet,
            {"Greeting": 2, "Empathy": 1, "Record the complaint": 2, "Upsell": None},
        )
    return {"pk": ctx.roleplay_assessment.pk}


def _calibration(ctx):
    from tests.training.roleplay import builders as b
    from training.roleplay import services

    if not hasattr(ctx, "calibration"):
        ctx.calibration = services.calibration_create(
            organiser=ctx.trainer,
            title="Q4 calibration",
            rubric=b.rubric_with_critical(),
            assessors=[ctx.manager, ctx.trainer],
        )
        ctx.calibration_recording = b.calibration_recording(
            calibration=ctx.calibration, uploader=ctx.trainer
        )
    return ctx.calibration


def calibration_kwargs(ctx):
    return {"pk": _calibration(ctx).pk}


def calibration_score_kwargs(ctx):
    calibration = _calibration(ctx)
    return {"pk": calibration.pk, "recording_pk": ctx.calibration_recording.pk}


# Calibration: manager and trainer assess, the trainer organises.
CALIBRATION = Route(LOGIN, HIDDEN, HIDDEN, OK, OK, OK, calibration_kwargs)

ROUTES = {
    "training:roleplay_list": everyone(OK),
    "training:roleplay_schedule": only("manager", "trainer", "hr"),
    "training:roleplay_request": Route(
        NOT_ALLOWED, *[NOT_ALLOWED] * 5, _learning_course
    ),
    "training:roleplay_session": owner_record(trainer=OK, kwargs=session_kwargs),
    "training:roleplay_upload": Route(NOT_ALLOWED, *[NOT_ALLOWED] * 5, session_kwargs),
    # The learner self-assesses, the trainer scores; others may look, not score.
    "training:roleplay_score": Route(
        LOGIN, OK, HIDDEN, DENIED, OK, DENIED, score_kwargs
    ),
    "training:roleplay_recording": owner_record(trainer=OK, kwargs=recording_kwargs),
    "training:roleplay_assessment": owner_record(trainer=OK, kwargs=assessment_kwargs),
    "training:roleplay_acknowledge": Route(
        NOT_ALLOWED, *[NOT_ALLOWED] * 5, assessment_kwargs
    ),
    "training:roleplay_coaching": Route(
        NOT_ALLOWED, *[NOT_ALLOWED] * 5, assessment_kwargs
    ),
    "training:calibration_list": everyone(OK),
    "training:calibration_create": only("trainer", "hr"),
    "training:calibration_history": only("trainer", "hr"),
    "training:calibration_detail": CALIBRATION,
    "training:calibration_upload": Route(
        NOT_ALLOWED, *[NOT_ALLOWED] * 5, calibration_kwargs
    ),
    "training:calibration_score": Route(
        LOGIN, HIDDEN, HIDDEN, OK, OK, DENIED, calibration_score_kwargs
    ),
    "training:calibration_report": Route(
        LOGIN, HIDDEN, HIDDEN, DENIED, OK, OK, calibration_kwargs
    ),
    # API
    "roleplay-session-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "roleplay-session-detail": Route(
        UNAUTHENTICATED, OK, HIDDEN, OK, OK, OK, session_kwargs
    ),
    "roleplay-assessment-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "roleplay-assessment-detail": Route(
        UNAUTHENTICATED, OK, HIDDEN, OK, OK, OK, assessment_kwargs
    ),
    "roleplay-assessment-submit": Route(
        UNAUTHENTICATED, *[NOT_ALLOWED] * 5, assessment_kwargs
    ),
    "roleplay-criterion-score-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "calibration-session-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "calibration-session-detail": Route(
        UNAUTHENTICATED, HIDDEN, HIDDEN, OK, OK, OK, calibration_kwargs
    ),
    "calibration-session-scores": Route(
        UNAUTHENTICATED, *[NOT_ALLOWED] * 5, calibration_kwargs
    ),
    "calibration-session-recordings": Route(
        UNAUTHENTICATED, *[NOT_ALLOWED] * 5, calibration_kwargs
    ),
    "calibration-session-report": Route(
        UNAUTHENTICATED, HIDDEN, HIDDEN, DENIED, OK, OK, calibration_kwargs
    ),
}
