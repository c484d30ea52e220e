"""Reading a public survey submit (ratings as integers or None, and the
message for each problem code in the visitor's language), and the form
that creates a survey."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from people.access import employees_visible_to, stores_visible_to
from people.models import Employee, Store

from ..models import QuestionnaireVersion, Survey
from . import scoring

COMMENT_MAX = 2000


def _int(value: str | None):
    """'' or absent → None; an integer → int; anything else → False (bad)."""
    if value is None or value.strip() == "":
        return None
    try:
        return int(value.strip())
    except ValueError:
        return False


def parse_submit(post, *, kind: str, items):
    """(answers, rating, comment, problems) from a POST. Non-numbers count as
    out of range; the service then checks completeness and ranges again."""
    problems = set()
    answers, rating = {}, None
    if kind == "servqual":
        for item in items:
            pair = (
                _int(post.get(f"e{item.number}")),
                _int(post.get(f"p{item.number}")),
            )
            if False in pair:
                problems.add("range")
                continue
            if pair != (None, None):
                answers[item.number] = pair
    else:
        rating = _int(post.get("rating"))
        if rating is False:
            problems.add("range")
            rating = None
    comment = post.get("comment", "")
    if len(comment) > COMMENT_MAX:
        problems.add("comment")
    return answers, rating, comment, problems


def problem_messages(codes) -> list[str]:
    texts = {
        "missing": _("Please answer every question marked as required."),
        "range": _("An answer is outside the scale. Please choose one of the options."),
        "unknown_item": _("The form does not match this survey. Please reload it."),
        "comment": _("The comment is too long (at most 2,000 characters)."),
    }
    return [texts[c] for c in sorted(codes) if c in texts]


def scale_of(kind: str) -> list[int]:
    low, high = scoring.SCALES[kind]
    return list(range(low, high + 1))


class SurveyForm(forms.Form):
    """A new survey: about a store, or about one employee (found by number
    among the people the user may see; the survey counts for their store)."""

    name = forms.CharField(
        label=pgettext_lazy("name of a thing", "Name"), max_length=120
    )
    name_en = forms.CharField(
        label=_lazy("English name"), max_length=120, required=False
    )
    version = forms.ModelChoiceField(
        label=_lazy("Questionnaire"), queryset=QuestionnaireVersion.objects.none()
    )
    store = forms.ModelChoiceField(
        label=_lazy("Store"), queryset=Store.objects.none(), required=False
    )
    employee_number = forms.CharField(
        label=_lazy("Employee number"),
        max_length=30,
        required=False,
        help_text=_lazy(
            "Optional: a survey about one employee counts for their store too."
        ),
    )
    access = forms.ChoiceField(label=_lazy("Access"), choices=Survey.Access.choices)
    anonymous = forms.BooleanField(
        label=_lazy("Anonymous"),
        required=False,
        help_text=_lazy(
            "Responses keep no token, transaction or time of day: nobody, HR "
            "included, can tell who answered."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].queryset = QuestionnaireVersion.objects.order_by(
            "kind", "code", "-version"
        )
        self.fields["version"].label_from_instance = lambda v: (
            f"{v.display_title} v{v.version} · {v.get_kind_display()}"
        )
        self.fields["store"].queryset = stores_visible_to(user).order_by("code")

    def clean(self):
        data = super().clean()
        number = (data.get("employee_number") or "").strip()
        store = data.get("store")
        data["employee"] = None
        if number:
            employee = (
                employees_visible_to(self.user)
                .filter(number=number, status=Employee.Status.ACTIVE)
                .select_related("store")
                .first()
            )
            if employee is None:
                self.add_error(
                    "employee_number",
                    _("No active employee you can see has this number."),
                )
            elif store is not None and employee.store_id != store.pk:
                self.add_error(
                    "employee_number", _("This employee works at another store.")
                )
            data["employee"] = employee
        elif store is None and "store" not in self.errors:
            self.add_error("store", _("Choose a store or enter an employee number."))
        return data
