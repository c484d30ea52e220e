from tests.route_policy_base import (  # noqa: F401
    OK,
    UNAUTHENTICATED,
    everyone,
    only,
    owner_record,
)


def _content(ctx):
    """A live course (the learning routes' one), a learning path with it, a
    rubric and a version of it; built once per ctx."""
    cached = getattr(ctx, "_content", None)
    if cached:
        return cached
    from courses.models import LearningPath
    from courses.models.paths import LearningPathCourse
    from courses.services import rubric_version_current
    from tests.courses import factories as cf
    from tests.training.route_policy import _learning

    course = _learning(ctx)["course"]
    path = LearningPath.objects.create(title="Onboarding")
    LearningPathCourse.objects.create(path=path, course_id=course, sort_order=0)
    rubric = cf.rubric()
    version = rubric_version_current(rubric=rubric)
    ctx._content = {
        "course": course,
        "path": path.pk,
        "rubric": rubric.pk,
        "version": version.pk,
    }
    return ctx._content


def _pk(key):
    return lambda ctx: {"pk": _content(ctx)[key]}


# What trainers author: every signed-in role reads it (as the catalogue).
API = everyone(OK, anonymous=UNAUTHENTICATED)

ROUTES: dict = {
    "courses:search": everyone(OK),
    "course-list": API,
    "course-detail": everyone(OK, anonymous=UNAUTHENTICATED, kwargs=_pk("course")),
    "learning-path-list": API,
    "learning-path-detail": everyone(OK, anonymous=UNAUTHENTICATED, kwargs=_pk("path")),
    "rubric-list": API,
    "rubric-detail": everyone(OK, anonymous=UNAUTHENTICATED, kwargs=_pk("rubric")),
    "rubric-version-list": API,
    "rubric-version-detail": everyone(
        OK, anonymous=UNAUTHENTICATED, kwargs=_pk("version")
    ),
}
