from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Audit, AuditDispute
from .uploads import MAX_FILES, attachment_content_type

NA = "na"


class EmployeeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.number})"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _level_fields(form, criteria, *, required=True, prefix="level"):
    for criterion in criteria:
        choices = [(lv["id"], lv["label"]) for lv in criterion["levels"]]
        if criterion["allow_na"]:
            choices.append((NA, _("Not applicable")))
        if not required:
            choices.insert(0, ("", _("Keep the auditor's level")))
        form.fields[f"{prefix}_{criterion['id']}"] = forms.ChoiceField(
            label=criterion["title"],
            choices=choices,
            widget=forms.RadioSelect if required else forms.Select,
            required=required,
            error_messages={"required": _("Choose a level.")},
        )


def _levels(form, criteria, prefix="level") -> dict:
    out = {}
    for criterion in criteria:
        value = form.cleaned_data.get(f"{prefix}_{criterion['id']}")
        if value:
            out[criterion["id"]] = None if value == NA else value
    return out


class AuditForm(forms.Form):
    """The visit or call, and one level (and note) per criterion of the
    rubric's current content, in the viewer's language."""

    kind = forms.ChoiceField(label=_("Kind of audit"), choices=Audit.Kind.choices)
    touchpoint = forms.ChoiceField(
        label=_("Touchpoint"), choices=Audit.Touchpoint.choices
    )
    employee = EmployeeChoice(
        label=_("Employee"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for an audit of the whole store."),
    )
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False)
    visited_on = forms.DateField(
        label=_("Date of the visit or call"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    overall_comment = forms.CharField(
        label=_("Overall comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    files = MultipleFileField(
        label=_("Photos or a recording"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,audio/*,video/*"}),
    )

    def __init__(self, *args, criteria, employees, stores, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.today = today
        self.fields["employee"].queryset = employees
        self.fields["store"].queryset = stores
        _level_fields(self, criteria)
        for criterion in criteria:
            self.fields[f"note_{criterion['id']}"] = forms.CharField(
                label=_("Note"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def cards(self):
        for criterion in self.criteria:
            yield {
                "criterion": criterion,
                "level": self[f"level_{criterion['id']}"],
                "note": self[f"note_{criterion['id']}"],
            }

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > self.today:
            raise ValidationError(_("The date cannot be in the future."))
        if value.year < 2000:
            raise ValidationError(_("Pick a date from 2000 on."))
        return value

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
        self.checked_files = [(f, attachment_content_type(f)) for f in files]
        return files

    def clean(self):
        data = super().clean()
        employee, store = data.get("employee"), data.get("store")
        if employee is None and store is None and not self.has_error("employee"):
            raise ValidationError(_("Choose the employee or the store audited."))
        if (
            employee is not None
            and store is not None
            and employee.store_id != (store.pk)
        ):
            self.add_error("store", _("This employee does not work in that store."))
        return data

    def scores(self) -> dict:
        levels = _levels(self, self.criteria)
        return {
            c["id"]: (
                levels.get(c["id"]),
                self.cleaned_data.get(f"note_{c['id']}") or "",
            )
            for c in self.criteria
        }


class DisputeForm(forms.Form):
    comment = forms.CharField(
        label=_("Why you dispute this audit"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        _level_fields(self, criteria, required=False, prefix="propose")

    def proposed(self) -> dict:
        return _levels(self, self.criteria, prefix="propose")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AuditDispute.State.ACCEPTED, _("Accept")),
            (AuditDispute.State.PARTLY, _("Accept in part")),
            (AuditDispute.State.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        _level_fields(self, criteria, required=False, prefix="grant")

    def granted(self) -> dict:
        return _levels(self, self.criteria, prefix="grant")
