"""Thin views: check the role (people.permissions), call one selector, render."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from courses.models import CoursePage, Quiz
from people.permissions import mfa_enforced, role_required
from people.roles import Role
from people.tabular import csv_download

from . import selectors

FLAG_LABELS = {
    "too_easy": gettext_lazy("too easy"),
    "too_hard": gettext_lazy("too hard"),
    "negative": gettext_lazy("negatively discriminating"),
    "weak": gettext_lazy("weak discrimination"),
    "unused": gettext_lazy("nobody chooses it"),
    "attracts_strong": gettext_lazy("chosen by stronger learners than the key"),
}


# Reports are the same for every permitted viewer: computed once per quiz or
# course, parameters and language, kept REPORT_SECONDS (the page shows when).
# The bench measured the uncached pages at 0.14 (quiz statistics) and 0.06
# (effectiveness) of floor-auth at small scale.
REPORT_SECONDS = 900


def _cached(key: str, compute):
    key = f"analytics:{key}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = (compute(), timezone.now())
        cache.set(key, found, REPORT_SECONDS)
    return found


def trainer_or_hr(view):
    """Item statistics are for the people who write questions (trainers,
    lead trainers) and HR, as Moodle gives them to teachers; MFA first."""
    return role_required(Role.TRAINER, Role.HR)(mfa_enforced(view))


@trainer_or_hr
def quiz_list(request):
    return render(
        request,
        "performance/analytics/quiz_list.html",
        {"quizzes": selectors.quiz_choices()},
    )


@trainer_or_hr
def quiz_statistics(request, pk: int):
    quiz = get_object_or_404(Quiz, pk=pk)
    report, computed_at = _cached(f"quiz:{pk}", lambda: selectors.quiz_report(quiz))
    return render(
        request,
        "performance/analytics/quiz_statistics.html",
        {
            "report": report,
            "quiz_pk": pk,
            "flag_labels": FLAG_LABELS,
            "computed_at": computed_at,
        },
    )


def _num(value):
    return "" if value is None else f"{value:.2f}"


@trainer_or_hr
def quiz_statistics_export(request, pk: int):
    quiz = get_object_or_404(Quiz, pk=pk)
    report = selectors.quiz_report(quiz)
    header = [
        _("Question"),
        _("Attempts"),
        _("Facility index"),
        _("Standard deviation"),
        _("Random guess score"),
        _("Intended weight"),
        _("Effective weight"),
        _("Discrimination index"),
        _("Discriminative efficiency"),
        _("Flags"),
    ]

    def rows():
        yield header
        for row in report.rows:
            s = row.stats
            yield [
                row.question.title,
                s.s,
                _num(s.facility),
                _num(s.sd),
                _num(s.random_guess),
                _num(s.intended_weight),
                _num(s.effective_weight),
                _num(s.discrimination_index),
                _num(s.discriminative_efficiency),
                "; ".join(str(FLAG_LABELS[f]) for f in s.flags),
            ]

    return csv_download(rows(), f"quiz-{pk}-statistics.csv")


PERIOD_CHOICES = (1, 2, 3, 6)


def _months(request, name: str, default: int = 3) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return value if value in PERIOD_CHOICES else default


@trainer_or_hr
def course_list(request):
    return render(
        request,
        "performance/analytics/course_list.html",
        {"courses": selectors.course_choices()},
    )


@trainer_or_hr
def course_effectiveness(request, pk: int):
    course = get_object_or_404(CoursePage, pk=pk)
    before, after = _months(request, "before"), _months(request, "after")
    report, computed_at = _cached(
        f"effect:{pk}:{before}:{after}",
        lambda: selectors.effectiveness_report(
            course, pre_months=before, post_months=after
        ),
    )
    shown = selectors.training_selectors.localize_pages([report.course])
    return render(
        request,
        "performance/analytics/effectiveness.html",
        {
            "report": report,
            "course": shown.get(report.course.pk, report.course),
            "periods": PERIOD_CHOICES,
            "min_units": selectors.effectiveness.MIN_UNITS,
            "computed_at": computed_at,
        },
    )
