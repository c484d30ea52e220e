"""Input of learner and manager pages. Quiz answers arrive as form fields
``q-<question id>`` (and ``q-<id>-<item id>`` for ordering ranks and matching
prompts); anything naming a question outside the attempt is refused."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.scoring import InvalidResponse
from people.models import Position, Store, Team

from .models.learning import Enrollment

FIELD = re.compile(r"^q-(\d+)(?:-(.+))?$")


def answers_from_post(post, questions: list[dict]) -> dict[int, object]:
    """{question id: response} in courses.scoring's shapes, from a quiz form.
    Unanswered questions are left out. Raises InvalidResponse for a field
    naming a question that is not in the attempt."""
    kinds = {q["id"]: q["kind"] for q in questions}
    parts: dict[int, dict[str, list[str]]] = {}
    for name in post:
        m = FIELD.match(name)
        if not m:
            continue
        qid = int(m.group(1))
        if qid not in kinds:
            raise InvalidResponse(f"question {qid} is not in this attempt")
        parts.setdefault(qid, {})[m.group(2) or ""] = post.getlist(name)
    answers: dict[int, object] = {}
    for qid, fields in parts.items():
        kind = kinds[qid]
        whole = [v for v in fields.get("", []) if v != ""]
        if kind in ("single", "situational"):
            if whole:
                answers[qid] = whole[0]
        elif kind == "true_false":
            if whole:
                if whole[0] not in ("true", "false"):
                    raise InvalidResponse("expected true or false")
                answers[qid] = whole[0] == "true"
        elif kind == "multiple":
            answers[qid] = whole
        elif kind == "ordering":
            ranks = {}
            for item, values in fields.items():
                if item and values and values[0] != "":
                    try:
                        ranks[item] = int(values[0])
                    except ValueError:
                        raise InvalidResponse("a rank must be a number") from None
            if ranks:
                answers[qid] = sorted(ranks, key=lambda item: (ranks[item], item))
        elif kind == "matching":
            pairs = {
                item: values[0]
                for item, values in fields.items()
                if item and values and values[0] != ""
            }
            if pairs:
                answers[qid] = pairs
    return answers


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this course?"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea
    )


class AssignForm(forms.Form):
    course = forms.TypedChoiceField(label=_("Course"), coerce=int, required=False)
    path = forms.TypedChoiceField(label=_("Learning path"), coerce=int, required=False)
    employees = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=None, required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False)
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[("", "---------"), *Position.choices],
        required=False,
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, employees, courses, paths, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees
        self.fields["team"].queryset = Team.objects.filter(
            pk__in=employees.values("team")
        )
        self.fields["store"].queryset = Store.objects.filter(
            pk__in=employees.values("store")
        )
        self.fields["course"].choices = [("", "---------"), *courses]
        self.fields["path"].choices = [("", "---------"), *paths]

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("path")):
            raise forms.ValidationError(_("Choose a course or a learning path."))
        if not (
            data.get("employees")
            or data.get("team")
            or data.get("store")
            or data.get("position")
        ):
            raise forms.ValidationError(
                _("Choose people, a team, a store or a position.")
            )
        return data


class TeamFilterForm(forms.Form):
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    course = forms.TypedChoiceField(label=_("Course"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *Enrollment.Status.choices],
        required=False,
    )

    def __init__(self, *args, employees, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.filter(
            pk__in=employees.values("store")
        )
        self.fields["team"].queryset = Team.objects.filter(
            pk__in=employees.values("team")
        )
        self.fields["course"].choices = [("", _("Any")), *courses]
