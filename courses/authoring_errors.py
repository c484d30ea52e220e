"""What a trainer reads when a question or rubric cannot be saved. The
scoring specs (courses/scoring.py, courses/selectors.question_spec) are pure
and raise ValueError with a fixed English text; the models' clean() shows
it through here, in the trainer's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MESSAGES = {
    "the correct option must be one of the options": gettext_lazy(
        "The correct option must be one of the options."
    ),
    "credits must be in [-1, 1] and non-zero": gettext_lazy(
        "Each option's credit must be between −1 and 1, and not 0."
    ),
    "the credits of correct options must sum to 1": gettext_lazy(
        "The credits of the correct options must add up to 1."
    ),
    "weights must be in [0, 1]": gettext_lazy(
        "Each option's weight must be between 0 and 1."
    ),
    "an ordering question needs at least two items": gettext_lazy(
        "An ordering question needs at least two items."
    ),
    "a matching question needs at least one prompt": gettext_lazy(
        "A matching question needs at least one prompt."
    ),
    "say whether the statement is true or false": gettext_lazy(
        "Say whether the statement is true or false."
    ),
    "a single-choice question needs exactly one option with credit 1": gettext_lazy(
        "A single-choice question needs exactly one option with credit 1."
    ),
    "a situational judgement question needs two options": gettext_lazy(
        "A situational judgement question needs at least two options."
    ),
    "criterion weight must be > 0": gettext_lazy(
        "Each criterion's weight must be above 0."
    ),
    "need at least two levels with strictly rising points": gettext_lazy(
        "Each criterion needs at least two levels, each worth more points "
        "than the one before."
    ),
    "a critical criterion needs pass_level_points": gettext_lazy(
        "A critical criterion needs its pass level points."
    ),
    "a rubric needs at least one criterion": gettext_lazy(
        "A rubric needs at least one criterion."
    ),
}


def authoring_message(exc: ValueError) -> str:
    """The translated message for a spec's ValueError."""
    text = str(exc)
    if text in MESSAGES:
        return str(MESSAGES[text])
    if text.startswith("duplicate "):
        return _("Two entries have the same id: delete the copy and add it again.")
    return _("This cannot be saved as it is: %(detail)s") % {"detail": text}
