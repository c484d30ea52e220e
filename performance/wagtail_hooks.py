"""Wagtail admin: quiz statistics flags shown to trainers on the question."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from people.roles import Role, has_role


@hooks.register("before_edit_snippet")
def flag_question_statistics(request, instance):
    """Opening a bank question warns when its Moodle statistics say it is too
    easy, too hard or discriminates badly, with a link to the quiz report."""
    from courses.models import Question

    from .analytics.selectors import question_flags
    from .analytics.views import FLAG_LABELS

    if request.method != "GET" or not isinstance(instance, Question):
        return None
    if not has_role(request.user, Role.TRAINER, Role.HR):
        return None
    for quiz, stats in question_flags(instance):
        messages.warning(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Quiz statistics: %(flags)s (facility index %(f)s %%, "
                    "discrimination index %(d)s %%, %(n)s first attempts)."
                )
                % {
                    "flags": ", ".join(str(FLAG_LABELS[f]) for f in stats.flags),
                    "f": "—" if stats.facility is None else f"{stats.facility:.0f}",
                    "d": "—"
                    if stats.discrimination_index is None
                    else f"{stats.discrimination_index:.0f}",
                    "n": stats.s,
                },
                reverse("performance:analytics_quiz", args=[quiz.pk]),
                quiz.title,
            ),
        )
    return None
