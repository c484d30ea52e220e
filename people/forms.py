from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Employee, Position, Store, Team, User


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        help_text=_(
            "Columns: employee_number, name, email, position, store, team, "
            "manager_number, hire_date, status, language, role (Chinese headers work too)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        from django.conf import settings

        uploaded = self.cleaned_data["file"]
        limit = settings.ROSTER_MAX_UPLOAD_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; split it.")
                % {"mb": limit // 2**20}
            )
        return uploaded


class EmployeeCreateForm(forms.Form):
    """One roster row typed in by HR; validated by the roster rules."""

    number = forms.CharField(label=_("Employee number"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.all(), to_field_name="code"
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.all(),
        to_field_name="code",
        required=False,
    )
    manager = forms.CharField(label=_("Manager's employee number"), required=False)
    hire_date = forms.DateField(label=_("Hire date"), required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("", "—"), *User.Language.choices],
        required=False,
    )

    def as_roster_row(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "number": data["number"].strip(),
            "name": data["name"].strip(),
            "email": data["email"],
            "position": data["position"],
            "store": data["store"].code,
            "team": data["team"].code if data["team"] else "",
            "manager": data["manager"].strip(),
            "hire_date": data["hire_date"].isoformat() if data["hire_date"] else "",
            "language": data["language"],
        }


class EmployeeEditForm(EmployeeCreateForm):
    """HR's changes to one employee, validated by the roster rules; the
    number identifies the employee and is not edited here."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=Employee.Status.choices,
        help_text=_("An employee who has left can no longer sign in; records stay."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        help_text=_("Kept in the employee's history with your name."),
    )

    def __init__(self, *args, employee: Employee, editor, **kwargs):
        self.employee, self.editor = employee, editor
        user = employee.user
        initial = {
            "number": employee.number,
            "name": employee.name,
            "email": user.email,
            "position": employee.position,
            "store": employee.store.code if employee.store else None,
            "team": employee.team.code if employee.team else None,
            "manager": employee.manager.number if employee.manager else "",
            "hire_date": employee.hire_date,
            "language": user.language,
            "status": employee.status,
        }
        super().__init__(*args, initial=initial, **kwargs)
        del self.fields["number"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Employee.Status.LEFT and self.employee.user_id == self.editor.pk:
            raise forms.ValidationError(
                _("You cannot mark yourself as left: ask another HR user.")
            )
        return status

    def clean(self):
        data = super().clean()
        data["number"] = self.employee.number
        return data

    def as_roster_row(self) -> dict[str, str]:
        return {**super().as_roster_row(), "status": self.cleaned_data["status"]}


class EmployeeFilterForm(forms.Form):
    """The HR directory's search and filters (GET). A value not offered, e.g.
    an unknown store code, makes the form invalid: the page answers 400."""

    q = forms.CharField(label=_("Search by name or number"), required=False)
    store = forms.ModelChoiceField(
        label=_("Store"),
        queryset=Store.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All stores"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All teams"),
        help_text=_("Choose a store first: its teams are listed."),
    )
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[("", _("All positions")), *Position.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Employee.Status.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels sit above inline fields
        super().__init__(*args, **kwargs)
        # A chain has many teams: the list offers the chosen store's only.
        store = self.data.get("store")
        if store:
            self.fields["team"].queryset = Team.objects.filter(store__code=store)
            self.fields["team"].help_text = ""

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "search": data["q"].strip(),
            "store": data["store"],
            "team": data["team"],
            "position": data["position"],
            "status": data["status"],
        }


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: the retention period after leaving has ended."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand: the name, number, email and recordings are removed "
            "for good; learning and performance records stay, anonymous."
        )
    )
