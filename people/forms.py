from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Position, Store, Team, User


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
