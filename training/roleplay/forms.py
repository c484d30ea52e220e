from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.choices import LocalizedModelChoiceField
from courses.models import CoursePage, RolePlayScenario, Rubric
from people.models import Employee

from .uploads import recording_content_type


def validate_schedule_year(value) -> None:
    """Role-plays happen this century. Far-off years are typing slips, and
    before 1901 local time has offsets in seconds that ISO 8601 cannot write."""
    if not 2000 <= value.year < 2100:
        raise ValidationError(
            _("Pick a date between 2000 and 2099."), code="out_of_range"
        )


class EmployeeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.number})"


class ScheduleForm(forms.Form):
    scenario = LocalizedModelChoiceField(
        label=_("Scenario"), queryset=RolePlayScenario.objects.none()
    )
    learners = EmployeeChoiceField(
        label=_("Learners"),
        queryset=Employee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    assessors = EmployeeChoiceField(
        label=_("Assessors"),
        queryset=Employee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("A trainer, a manager, or peers."),
    )
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validate_schedule_year],
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    remote = forms.BooleanField(label=_("Remote (video call)"), required=False)
    peer_deadline = forms.DateField(
        label=_("Peer scoring deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("After this date the trainer may score in place of the peers."),
    )
    course = LocalizedModelChoiceField(
        label=_("Counts toward course"),
        queryset=CoursePage.objects.none(),
        required=False,
    )

    def __init__(self, *args, learners, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = RolePlayScenario.objects.order_by(
            "title", "pk"
        )
        self.fields["learners"].queryset = learners
        self.fields["assessors"].queryset = assessors
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")

    def clean(self):
        data = super().clean()
        learners, assessors = data.get("learners"), data.get("assessors")
        if learners and assessors and set(learners) & set(assessors):
            raise forms.ValidationError(
                _("A learner cannot assess their own role-play.")
            )
        if not data.get("remote") and not data.get("location"):
            self.add_error("location", _("Give a place, or tick remote."))
        return data


class RecordingForm(forms.Form):
    file = forms.FileField(
        label=_("Recording (audio or video)"),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*,video/*"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = recording_content_type(uploaded)
        return uploaded


class ScoringForm(forms.Form):
    """One level radio group and one comment per criterion of a rubric
    version's snapshot, an overall comment and time-stamped notes."""

    NA = "na"

    overall_comment = forms.CharField(
        label=_("Overall comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes against the recording"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_('One note a line; "[01:23] text" ties a note to that moment.'),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [(lv["id"], lv["label"]) for lv in criterion["levels"]]
            if criterion["allow_na"]:
                choices.append((self.NA, _("Not applicable")))
            self.fields[f"level_{criterion['id']}"] = forms.ChoiceField(
                label=criterion["title"],
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{criterion['id']}"] = forms.CharField(
                label=_("Comment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def cards(self):
        """(criterion, level field, comment field, levels) for the template."""
        for criterion in self.criteria:
            yield {
                "criterion": criterion,
                "level": self[f"level_{criterion['id']}"],
                "comment": self[f"comment_{criterion['id']}"],
            }

    def scores(self) -> dict:
        result = {}
        for criterion in self.criteria:
            level = self.cleaned_data.get(f"level_{criterion['id']}") or ""
            comment = self.cleaned_data.get(f"comment_{criterion['id']}") or ""
            if level == self.NA:
                level = None
            elif level == "":
                if not comment:
                    continue
                level = None if criterion["allow_na"] else ""
            result[criterion["id"]] = (level, comment)
        return result

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {"overall_comment": assessment.overall_comment}
        for score in assessment.scores.all():
            initial[f"level_{score.criterion_id}"] = score.level_id or ScoringForm.NA
            initial[f"comment_{score.criterion_id}"] = score.comment
        lines = []
        for note in assessment.notes.all():
            lines.append(
                f"[{note.timestamp}] {note.text}" if note.timestamp else note.text
            )
        initial["notes"] = "\n".join(lines)
        return initial


class CoachingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Follow-up"), choices=())
    course = LocalizedModelChoiceField(
        label=_("Course to assign"), queryset=CoursePage.objects.none(), required=False
    )
    due_date = forms.DateField(
        label=_("By"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        from training.models import CoachingAction

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CoachingAction.Kind.choices
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")

    def clean(self):
        from training.models import CoachingAction

        data = super().clean()
        kind = data.get("kind")
        if kind == CoachingAction.Kind.REMEDIAL_COURSE and not data.get("course"):
            self.add_error("course", _("Choose the course to assign."))
        if kind == CoachingAction.Kind.REDO and not data.get("due_date"):
            self.add_error("due_date", _("Give the date of the re-do."))
        return data


class CalibrationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    rubric = LocalizedModelChoiceField(
        label=_("Rubric"), queryset=Rubric.objects.none()
    )
    assessors = EmployeeChoiceField(
        label=_("Assessors"),
        queryset=Employee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    max_deviation = forms.FloatField(
        label=_("Largest accepted deviation (points of 100)"),
        initial=10,
        min_value=0,
        max_value=100,
    )
    min_agreement = forms.FloatField(
        label=_("Lowest accepted agreement with the others (0-1)"),
        initial=0.6,
        min_value=0,
        max_value=1,
    )

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.order_by("title", "pk")
        self.fields["assessors"].queryset = assessors

    def clean_assessors(self):
        assessors = self.cleaned_data["assessors"]
        if len(assessors) < 2:
            raise forms.ValidationError(_("Choose at least two assessors."))
        return assessors
