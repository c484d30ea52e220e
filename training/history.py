"""Training's part of one employee's history (people.history): quiz grades,
quiz attempts, certificates, role-play sheets and their criterion scores.
Each source reads its event table in one query (context and names joined)."""

from django.utils.translation import gettext_lazy as _

from people import history

from .models import (
    Certificate,
    CriterionScore,
    Enrollment,
    QuizAttempt,
    RolePlayAssessment,
)


def _events(model):
    return model.pgh_event_model.objects.select_related("pgh_context").order_by(
        "-pgh_created_at", "-pgh_id"
    )


def _title(page) -> str:
    return page.title if page is not None else ""


def grades(employee, limit):
    rows = _events(Enrollment).filter(employee=employee).select_related("course")
    return [
        history.entry(
            e,
            what=_("Quiz grade"),
            subject=_title(e.course),
            fields=[("quiz_grade", _("quiz grade (%)"))],
        )
        for e in rows[:limit]
    ]


def attempts(employee, limit):
    rows = (
        _events(QuizAttempt)
        .filter(enrollment__employee=employee)
        .select_related("quiz", "enrollment__course")
    )
    return [
        history.entry(
            e,
            what=_("Quiz attempt"),
            subject=f"{_title(e.enrollment.course)} · #{e.number}",
            fields=[("percent", _("score (%)")), ("passed", _("passed"))],
        )
        for e in rows[:limit]
    ]


def certificates(employee, limit):
    rows = _events(Certificate).filter(employee=employee).select_related("course")
    return [
        history.entry(
            e,
            what=_("Certificate"),
            subject=f"{_title(e.course)} · {e.code}",
            fields=[
                ("expires_at", _("expires at")),
                ("revoked_at", _("revoked at")),
                ("revoked_reason", _("reason")),
            ],
        )
        for e in rows[:limit]
    ]


def sheets(employee, limit):
    rows = (
        _events(RolePlayAssessment).filter(learner=employee).select_related("assessor")
    )
    return [
        history.entry(
            e,
            what=_("Role-play score sheet"),
            subject=e.assessor.name if e.assessor else "",
            fields=[
                ("status", _("status")),
                ("percent", _("score (%)")),
                ("passed", _("passed")),
            ],
        )
        for e in rows[:limit]
    ]


def criterion_scores(employee, limit):
    rows = _events(CriterionScore).filter(assessment__learner=employee)
    return [
        history.entry(
            e,
            what=_("Criterion score"),
            subject=e.criterion_id,
            fields=[("level_id", _("level")), ("points", _("points"))],
        )
        for e in rows[:limit]
    ]


def register() -> None:
    history.register_source("training.grades", grades)
    history.register_source("training.attempts", attempts)
    history.register_source("training.certificates", certificates)
    history.register_source("training.sheets", sheets)
    history.register_source("training.criterion_scores", criterion_scores)
