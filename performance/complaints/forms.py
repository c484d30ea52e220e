"""Complaint forms: they validate input; the services decide and write."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from people.models import Employee, Store

from ..models import Complaint, CustomerTier, RecoveryAction, RefresherRule, Severity
from . import sla
from .selectors import CUSTOMER_QUERY_MIN

MAX_INVOLVED = 10


class ComplaintForm(forms.Form):
    store = forms.ModelChoiceField(Store.objects.order_by("code"), label=_("Store"))
    channel = forms.ChoiceField(choices=Complaint.Channel.choices, label=_("Channel"))
    category = forms.ChoiceField(
        choices=Complaint.Category.choices, label=_("Category")
    )
    severity = forms.ChoiceField(
        choices=Severity.choices, initial=Severity.MEDIUM, label=_("Severity")
    )
    customer_tier = forms.ChoiceField(
        choices=CustomerTier.choices,
        initial=CustomerTier.STANDARD,
        label=_("Customer tier"),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label=_("What the customer said"),
    )
    employees = forms.CharField(
        required=False,
        max_length=400,
        label=_("Employees involved"),
        help_text=_("Employee numbers, separated by commas or spaces."),
    )
    received_at = forms.DateTimeField(
        required=False,
        label=_("Received at"),
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    customer_name = forms.CharField(
        required=False, max_length=100, label=_("Customer name")
    )
    customer_contact = forms.CharField(
        required=False,
        max_length=200,
        label=_("Customer phone or email"),
        help_text=_("Personal data: only the owner and HR will see it."),
    )

    def clean_employees(self):
        numbers = [
            n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["employees"]) if n
        ]
        numbers = list(dict.fromkeys(numbers))
        if len(numbers) > MAX_INVOLVED:
            raise forms.ValidationError(
                _("Name at most %(n)d employees.") % {"n": MAX_INVOLVED}
            )
        found = {
            e.number: e for e in Employee.objects.active().filter(number__in=numbers)
        }
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("No active employee has the number %(numbers)s.")
                % {"numbers": ", ".join(missing)}
            )
        return [found[n] for n in numbers]

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("The time received cannot be in the future."))
        return value


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note"),
    )


class TextForm(forms.Form):
    """One required text: the reason, cause, resolution, feedback or review."""

    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(NoteForm):
    department = forms.ChoiceField(
        choices=Complaint.Department.choices, label=_("Responsible department")
    )


class HandOverForm(NoteForm):
    number = forms.CharField(max_length=30, label=_("Employee number of the new owner"))

    def clean_number(self):
        employee = (
            Employee.objects.active()
            .select_related("user")
            .filter(number=self.cleaned_data["number"].strip())
            .first()
        )
        if employee is None:
            raise forms.ValidationError(_("No active employee has this number."))
        return employee


class RecoveryForm(forms.Form):
    kind = forms.ChoiceField(choices=RecoveryAction.Kind.choices, label=_("Kind"))
    description = forms.CharField(max_length=300, label=_("What was done"))
    amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        label=_("Value (yuan)"),
        help_text=_("For a compensation."),
    )


WEEKDAYS = range(7)
SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~～至]\s*(\d{1,2}):(\d{2})\s*$")


def _time(h: str, m: str) -> dt.time:
    hour, minute = int(h), int(m)
    if hour == 24 and minute == 0:
        return dt.time(0)
    return dt.time(hour, minute)


class CalendarForm(forms.Form):
    """Opening hours as one text field per weekday ("09:00-12:00, 13:00-18:00",
    empty for closed) and holidays one a line ("2026-10-01 国庆节"): quick
    to type on a phone, checked by the SLA clock's own rules."""

    name = forms.CharField(max_length=100, label=pgettext_lazy("name of a thing", "Name"))
    store = forms.ModelChoiceField(
        Store.objects.order_by("code"),
        required=False,
        label=_("Store"),
        help_text=_("Empty: the default for stores without their own calendar."),
    )
    holidays = forms.CharField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Holidays"),
        help_text=_(
            "One a line: date, then an optional name (2026-10-01 National Day)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[f"day{day}"] = forms.CharField(
                required=False,
                max_length=200,
                label=sla.weekday_name(day),
                help_text=_("For example 09:00-12:00, 13:00-18:00; empty if closed."),
            )

    def clean(self):
        data = super().clean()
        hours = []
        for day in WEEKDAYS:
            text = data.get(f"day{day}", "") or ""
            for part in [p for p in re.split(r"[,，;；]", text) if p.strip()]:
                match = SPAN.match(part)
                try:
                    if match is None:
                        raise ValueError
                    opens, closes = (
                        _time(*match.groups()[:2]),
                        _time(*match.groups()[2:]),
                    )
                except ValueError:
                    self.add_error(
                        f"day{day}",
                        _("Write opening hours as 09:00-18:00."),
                    )
                    break
                hours.append((day, opens, closes))
        holidays = []
        for line in (data.get("holidays") or "").splitlines():
            if not line.strip():
                continue
            date_text, _sep, name = line.strip().partition(" ")
            try:
                holidays.append((dt.date.fromisoformat(date_text), name.strip()[:100]))
            except ValueError:
                self.add_error(
                    "holidays",
                    _("“%(line)s” does not start with a date like 2026-10-01.")
                    % {"line": line.strip()[:40]},
                )
                break
        if not self.errors:
            try:
                sla.calendar_build(hours, [d for d, _n in holidays])
            except sla.CalendarError as exc:
                raise forms.ValidationError(str(exc)) from exc
        data["hours"], data["holiday_list"] = hours, holidays
        return data

    @staticmethod
    def initial_for(calendar) -> dict:
        initial = {"name": calendar.name, "store": calendar.store_id}
        spans: dict[int, list[str]] = {}
        for h in calendar.hours.all():
            spans.setdefault(h.weekday, []).append(
                f"{h.opens:%H:%M}-{'24:00' if h.closes == dt.time(0) else f'{h.closes:%H:%M}'}"
            )
        for day in WEEKDAYS:
            initial[f"day{day}"] = ", ".join(spans.get(day, []))
        initial["holidays"] = "\n".join(
            f"{h.date.isoformat()} {h.name}".strip() for h in calendar.holidays.all()
        )
        return initial


class RefresherRuleForm(forms.ModelForm):
    class Meta:
        model = RefresherRule
        fields = ["category", "min_severity", "course", "due_in_days"]

    def __init__(self, *args, course_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = self.fields["course"].queryset.filter(
            pk__in=[pk for pk, _t in course_choices]
        )
        labels = dict(course_choices)
        self.fields["course"].label_from_instance = lambda c: labels.get(c.pk, str(c))


class CustomerLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Customer's phone, email or name"),
        min_length=CUSTOMER_QUERY_MIN,
        max_length=200,
        help_text=_("At least 4 characters; every complaint containing it is listed."),
    )


class CustomerEraseForm(forms.Form):
    """Erasing what the search found: the search text travels along."""

    q = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    confirm = forms.BooleanField(
        label=_(
            "Erase the customer's name and contact from every complaint listed; "
            "the complaints and their figures stay."
        )
    )
