from tests.route_policy_base import (
    HIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone,
    only,
    owner_record,
)
from tests.training.roleplay_routes import ROUTES as ROLEPLAY_ROUTES


def _learning(ctx):
    """A live course with a quiz, ctx.staff enrolled, one finished and one
    open attempt and a certificate; built once per ctx."""
    cached = getattr(ctx, "_learning", None)
    if cached:
        return cached
    from courses.selectors import lessons_of
    from tests.courses.factories import library_site
    from tests.training.conftest import make_course, make_quiz, wagtail_root
    from training import services

    wagtail_root()
    quiz = make_quiz(n=1, attempts_allowed=None)
    course = make_course(library_site(), lessons=1, quiz=quiz)
    enrollment = services.assignment_create(course=course, employees=[ctx.staff])[0]
    lesson = lessons_of(course).first()
    services.lesson_viewed(enrollment=enrollment, lesson=lesson)
    finished = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=finished)
    open_attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    cert = enrollment.certificate
    ctx._learning = {
        "course": course.pk,
        "lesson": lesson.pk,
        "finished": finished.pk,
        "open": open_attempt.pk,
        "certificate": cert.pk,
        "code": cert.code,
    }
    return ctx._learning


def _course(ctx):
    return {"course_id": _learning(ctx)["course"]}


def _open_attempt(ctx):
    return {"attempt_id": _learning(ctx)["open"]}


def _post_only(kwargs=None):
    return everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=kwargs)


POST_ONLY = _post_only()
# Only the learner themself may open a quiz attempt; nobody else learns it exists.
OWN_ATTEMPT = Route(LOGIN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN)

ROUTES: dict = {
    "training:dashboard": everyone(OK),
    "training:notifications_read": POST_ONLY,
    "training:course": everyone(OK, kwargs=_course),
    "training:enrol": _post_only(_course),
    # GET (the lessons' quiz links) resumes or shows the quiz section; POST starts.
    "training:quiz_start": everyone(REDIRECT, kwargs=_course),
    "training:feedback": _post_only(_course),
    "training:pretest_start": _post_only(_course),
    # Not enrolled: sent to the course page to enrol.
    "training:lesson": Route(
        LOGIN,
        OK,
        REDIRECT,
        REDIRECT,
        REDIRECT,
        REDIRECT,
        kwargs=lambda ctx: {"lesson_id": _learning(ctx)["lesson"]},
    ),
    "training:attempt": Route(
        *[OWN_ATTEMPT.expected(r)[0] for r in ("anonymous", "staff", "other_staff")],
        HIDDEN,
        HIDDEN,
        HIDDEN,
        kwargs=_open_attempt,
    ),
    "training:attempt_save": _post_only(_open_attempt),
    "training:attempt_submit": _post_only(_open_attempt),
    "training:attempt_review": Route(
        LOGIN,
        OK,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        kwargs=lambda ctx: {"attempt_id": _learning(ctx)["finished"]},
    ),
    "training:certificate_pdf": owner_record(
        kwargs=lambda ctx: {"certificate_id": _learning(ctx)["certificate"]}
    ),
    "training:certificate_verify": everyone(
        OK, anonymous=OK, kwargs=lambda ctx: {"code": _learning(ctx)["code"]}
    ),
    # POST only (HR; tested in test_learning): every GET answers 405.
    "training:certificate_revoke": everyone(
        NOT_ALLOWED,
        anonymous=NOT_ALLOWED,
        kwargs=lambda ctx: {"code": _learning(ctx)["code"]},
    ),
    "training:team": only("manager", "hr"),
    "training:team_export": only("manager", "hr"),
    "training:assign": only("manager", "trainer", "hr"),
}


def _pk(key):
    return lambda ctx: {"pk": _learning(ctx)[key]}


def _enrolment(ctx):
    from training.models import Certificate

    return {
        "pk": Certificate.objects.get(pk=_learning(ctx)["certificate"]).enrollment_id
    }


API_LIST = everyone(OK, anonymous=UNAUTHENTICATED)

ROUTES.update(
    {
        "enrolment-list": API_LIST,
        # ctx.staff's records, in a course the trainer neither owns nor
        # assigned; attempts are their owner's alone.
        "enrolment-detail": Route(
            UNAUTHENTICATED, OK, HIDDEN, OK, HIDDEN, OK, _enrolment
        ),
        "enrolment-enrol": Route(UNAUTHENTICATED, *[NOT_ALLOWED] * 5),
        "quiz-attempt-list": API_LIST,
        "quiz-attempt-detail": Route(
            UNAUTHENTICATED, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, _pk("open")
        ),
        "quiz-attempt-save": Route(UNAUTHENTICATED, *[NOT_ALLOWED] * 5, _pk("open")),
        "quiz-attempt-submit": Route(UNAUTHENTICATED, *[NOT_ALLOWED] * 5, _pk("open")),
        "quiz-attempt-review": Route(
            UNAUTHENTICATED, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, _pk("finished")
        ),
        "certificate-list": API_LIST,
        "certificate-detail": Route(
            UNAUTHENTICATED, OK, HIDDEN, OK, HIDDEN, OK, _pk("certificate")
        ),
        "certificate-pdf": Route(
            UNAUTHENTICATED, OK, HIDDEN, OK, HIDDEN, OK, _pk("certificate")
        ),
        "certificate-revoke": Route(
            UNAUTHENTICATED, *[NOT_ALLOWED] * 5, _pk("certificate")
        ),
    }
)
ROUTES.update(ROLEPLAY_ROUTES)
